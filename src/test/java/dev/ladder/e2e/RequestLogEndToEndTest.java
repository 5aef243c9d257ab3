package dev.ladder.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.providers.openai.FakeOpenAiServer;
import dev.ladder.telemetry.RequestLog;
import dev.ladder.wire.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: with {@code telemetry.logs.format: json} every request, answered or refused, has exactly one JSON line
 * naming its request id, route, model, tier, status, latency, cost and cache; client errors log no stack trace
 * anywhere; neither the prompt nor the caller's key appears in any log record.
 */
class RequestLogEndToEndTest {

    private static final String PROMPT = "What is the capital of France? Mail me at carol@example.net";
    private static final String CLIENT_KEY = "sk-client-0123456789abcdef";

    @TempDir
    Path dataDir;

    /**
     * Every record logged anywhere while it is open: at the root, and at the request log's logger, which in JSON
     * format keeps its lines from the root's console handler.
     */
    private static final class Captured extends Handler implements AutoCloseable {
        final List<LogRecord> records = new CopyOnWriteArrayList<>();
        private final Logger root = Logger.getLogger("");
        private final Logger requests = Logger.getLogger(RequestLog.LOGGER);

        Captured() {
            root.addHandler(this);
            requests.addHandler(this);
        }

        @Override
        public void publish(LogRecord r) {
            records.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            root.removeHandler(this);
            requests.removeHandler(this);
        }
    }

    @Test
    void everyRequestHasOneJsonLineAndClientErrorsHaveNoStackTrace() throws Exception {
        String yaml = """
                telemetry:
                  logs: {format: json}
                """;
        List<String> ids = new ArrayList<>();
        try (FakeOpenAiServer up = FakeOpenAiServer.start(); Captured log = new Captured()) {
            up.answer("up-small", "Paris.", 20, 4).answer("up-mid", "Paris.", 20, 4).answer("up-big", "Paris.", 20, 4);
            try (TestGateway gw = TestGateway.start(AttemptLedgerTest.yaml(up, yaml), dataDir)) {
                HttpResponse<String> ok = gw.post("/v1/chat/completions", TestGateway.chat("ladder/auto", PROMPT),
                        "x-ladder-feature", "faq", "authorization", "Bearer " + CLIENT_KEY);
                HttpResponse<String> malformed = gw.post("/v1/chat/completions", "{\"model\": \"ladder/auto\", "
                        + "\"messages\": [{\"role\": \"user\", \"content\": \"" + PROMPT + "\"");
                HttpResponse<String> unknown = gw.post("/v1/chat/completions", TestGateway.chat("gpt-9", PROMPT));
                HttpResponse<String> badParam = gw.post("/v1/chat/completions", "{\"model\":\"ladder/auto\","
                        + "\"max_tokens\":-5,\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}]}");
                assertThat(List.of(ok.statusCode(), malformed.statusCode(), unknown.statusCode(),
                        badParam.statusCode())).containsExactly(200, 400, 404, 400);
                for (HttpResponse<String> r : List.of(ok, malformed, unknown, badParam)) {
                    ids.add(r.headers().firstValue("x-ladder-request-id").orElseThrow());
                }
            }

            List<JsonNode> lines = new ArrayList<>();
            for (LogRecord r : log.records) {
                if (r.getLoggerName().equals(RequestLog.LOGGER)) {
                    lines.add(Json.read(r.getMessage()));
                }
            }
            assertThat(lines).extracting(l -> l.path("request_id").asText()).containsExactlyInAnyOrderElementsOf(ids);
            JsonNode answered = lines.stream().filter(l -> l.path("request_id").asText().equals(ids.get(0)))
                    .findFirst().orElseThrow();
            assertThat(answered.path("route").asText()).isEqualTo("faq");
            assertThat(answered.path("status").asInt()).isEqualTo(200);
            assertThat(answered.path("model").asText()).isIn("small", "mid", "big");
            assertThat(answered.path("tier").asText()).isIn("simple", "medium", "complex");
            assertThat(answered.path("cost_usd").asDouble()).isPositive();
            assertThat(answered.path("cache").asText()).isEqualTo("bypass");
            assertThat(answered.path("latency_ms").isIntegralNumber()).isTrue();
            assertThat(answered.path("key_id").asText()).isNotEmpty().doesNotContain("sk-");
            assertThat(lines).filteredOn(l -> l.path("status").asInt() >= 400)
                    .extracting(l -> l.path("status").asInt() + " " + l.path("error_type").asText())
                    .containsExactlyInAnyOrder("400 bad_request", "404 unknown_model", "400 bad_request");

            assertThat(log.records).as("no stack trace for a client error").allSatisfy(r -> assertThat(r.getThrown())
                    .as(r.getLoggerName() + ": " + r.getMessage()).isNull());
            assertThat(log.records).allSatisfy(r -> assertThat(String.valueOf(r.getMessage()))
                    .doesNotContain("capital of France").doesNotContain("carol@example.net")
                    .doesNotContain(CLIENT_KEY));
        }
    }
}
