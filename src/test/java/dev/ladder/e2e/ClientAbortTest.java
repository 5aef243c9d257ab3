package dev.ladder.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.pipeline.DecisionRow;
import dev.ladder.providers.simulated.SimulatedModelConfig;
import dev.ladder.providers.simulated.SimulatedModelConfig.Answer;
import dev.ladder.providers.simulated.SimulatedModelConfig.FailureRates;
import dev.ladder.providers.simulated.SimulatedProvider;
import dev.ladder.providers.simulated.SimulatedStats;
import dev.ladder.providers.simulated.SimulatorServer;
import dev.ladder.store.JdbcDecisionStore;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, item 5: a client that goes away mid-stream is a 499 ({@code client_closed}) in the decision log and
 * /metrics, logs no stack trace, and its upstream call is cancelled, which the simulated provider counts.
 */
class ClientAbortTest {

    /** Twenty words at 20 tokens a second: the stream runs for about a second after its first chunk. */
    static final String SLOW_ANSWER = "one two three four five six seven eight nine ten eleven twelve thirteen "
            + "fourteen fifteen sixteen seventeen eighteen nineteen twenty";

    static final String IN_PROCESS = """
            providers:
              sim:
                kind: simulated
                models:
                  slow:
                    time_to_first_token: 1ms
                    tokens_per_second: 20
                    answer: {mode: canned, text: "%s"}
            models:
              slow: {provider: sim, model: slow, price: {input: 0.1, output: 0.2}}
            tiers: {simple: [slow], medium: [slow], complex: [slow]}
            """.formatted(SLOW_ANSWER);

    @TempDir
    Path dataDir;

    final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void releaseLogs() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void aClientThatLeavesMidStreamIsA499WithNoStackTraceAndItsInProcessUpstreamIsCancelled() throws Exception {
        String requestId;
        try (TestGateway gw = TestGateway.start(IN_PROCESS, dataDir)) {
            logged.clear(); // what start says (e.g. that the dashboard has no admin key) is not this test's business
            SimulatedStats stats = ((SimulatedProvider) gw.gateway.provider("sim").orElseThrow()).stats();

            requestId = streamAndHangUp(gw);

            await(() -> stats.forModel("slow").cancelled() == 1, "the simulated provider sees the cancel");
            assertThat(stats.forModel("slow").completed()).isZero();
            await(() -> metrics(gw).lines().anyMatch(l -> l.startsWith("ladder_requests_total{")
                    && l.contains("outcome=\"client_closed\"") && l.endsWith(" 1.0")),
                    "/metrics counts a client_closed request");
            assertThat(metrics(gw)).doesNotContain("outcome=\"unavailable\"");
            assertThat(gw.get("/health").statusCode()).isEqualTo(200);
            assertThat(gw.gateway.decisionLog().flush(Duration.ofSeconds(10))).isTrue();
        }

        assertRowIs499(requestId);
        assertNothingLoggedAWarningOrAStackTrace();
    }

    @Test
    void aClientThatLeavesMidStreamCancelsAnUpstreamCallOverHttp() throws Exception {
        SimulatedModelConfig slow = new SimulatedModelConfig(Duration.ofMillis(1), 20, Answer.canned(SLOW_ANSWER),
                FailureRates.NONE, true);
        try (SimulatorServer upstream = new SimulatorServer("127.0.0.1", 0, Map.of("slow", slow),
                new SplittableRandom(1)).start()) {
            String yaml = """
                    providers:
                      up: {kind: openai, base_url: 'http://127.0.0.1:%d/v1'}
                    models:
                      slow: {provider: up, model: slow, price: {input: 0.1, output: 0.2}}
                    tiers: {simple: [slow], medium: [slow], complex: [slow]}
                    """.formatted(upstream.port());
            String requestId;
            try (TestGateway gw = TestGateway.start(yaml, dataDir)) {
                logged.clear();
                requestId = streamAndHangUp(gw);

                await(() -> upstream.stats().forModel("slow").cancelled() == 1,
                        "the simulator behind HTTP sees the cancel");
                assertThat(upstream.stats().forModel("slow").completed()).isZero();
                assertThat(gw.gateway.decisionLog().flush(Duration.ofSeconds(10))).isTrue();
            }

            assertRowIs499(requestId);
            assertNothingLoggedAWarningOrAStackTrace();
        }
    }

    /** Starts a stream on a raw socket, reads its headers and first event, and closes the socket; returns the id. */
    private static String streamAndHangUp(TestGateway gw) throws Exception {
        String body = "{\"model\":\"slow\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        try (Socket socket = new Socket("127.0.0.1", gw.gateway.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            out.flush();
            String seen = readUntil(socket.getInputStream(), "data: ");
            assertThat(seen).startsWith("HTTP/1.1 200");
            return seen.lines().filter(l -> l.toLowerCase().startsWith("x-ladder-request-id:")).findFirst()
                    .orElseThrow().substring("x-ladder-request-id:".length()).strip();
        }
    }

    private static String readUntil(InputStream in, String marker) throws Exception {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buf = new byte[512];
        while (!seen.toString(StandardCharsets.UTF_8).contains(marker)) {
            int n = in.read(buf);
            assertThat(n).as("the gateway closed the stream early").isPositive();
            seen.write(buf, 0, n);
        }
        return seen.toString(StandardCharsets.UTF_8);
    }

    private void assertRowIs499(String requestId) {
        try (JdbcDecisionStore store = JdbcDecisionStore.open(dataDir)) {
            DecisionRow row = store.find(requestId).orElseThrow();
            assertThat(row.status()).isEqualTo(499);
            assertThat(row.errorType()).contains("client_closed");
        }
    }

    private void assertNothingLoggedAWarningOrAStackTrace() {
        assertThat(logged).noneMatch(r -> r.getThrown() != null)
                .noneMatch(r -> r.getLevel().intValue() >= Level.WARNING.intValue());
    }

    private static String metrics(TestGateway gw) {
        try {
            return gw.get("/metrics").body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
