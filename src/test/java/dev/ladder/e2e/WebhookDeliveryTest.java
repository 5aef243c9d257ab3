package dev.ladder.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.ladder.store.JdbcJobStore;
import dev.ladder.webhooks.Deliverer;
import dev.ladder.webhooks.DeliveryState;
import dev.ladder.webhooks.EventRecord;
import dev.ladder.webhooks.Outbox;
import dev.ladder.webhooks.WebhookConfig;
import dev.ladder.wire.Json;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: webhooks per Standard Webhooks, checked by the npm {@code standardwebhooks} package
 * ({@code src/test/node/verify-webhooks.mjs}). A receiver that answers 503 for its first 30 s (of the injected
 * clock) still gets every event, each retry carrying the same {@code webhook-id}; every attempt is visible per
 * event; a wrong secret fails verification; an event whose receiver never comes back is dead after its last try
 * and is queued again by a redelivery.
 */
class WebhookDeliveryTest {

    static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "a-secret-of-thirty-two-bytes-!!!".getBytes(StandardCharsets.UTF_8));
    static final String WRONG_SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "another-secret-thirty-two-bytes!".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;

    record Delivery(Map<String, String> headers, String body, int status) {
    }

    @BeforeEach
    void requireNodeAndThePackage() {
        NodeOpenAiClientTest.requireUnderCi(NodeOpenAiClientTest.NODE.isPresent(),
                "node is not on the PATH (install Node.js 20 or newer)");
        NodeOpenAiClientTest.requireUnderCi(Files.isRegularFile(NodeOpenAiClientTest.NODE_PROJECT
                .resolve("node_modules/standardwebhooks/package.json")),
                "the standardwebhooks npm package is not installed in src/test/node (npm ci --prefix src/test/node)");
    }

    @Test
    void aReceiverDownForThirtySecondsGetsEveryEventWithTheSameIdOnEachRetry() throws Exception {
        // signatures carry the clock's time and the verifier allows 5 minutes either side of the real one
        AdvancingClock clock = new AdvancingClock();
        clock.advance(Duration.ofSeconds(-150));
        AtomicBoolean up = new AtomicBoolean(false);
        List<Delivery> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = receiver(up, received);
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks";
        WebhookConfig config = WebhookConfig.DEFAULTS.withUrl(url).withSecret(SECRET);
        try (JdbcJobStore store = JdbcJobStore.open(Optional.empty(), dir);
                Deliverer deliverer = new Deliverer(store.outbox(), config, clock, new SplittableRandom(14))) {
            Outbox outbox = new Outbox(store.outbox(), config.url(), clock);
            List<String> ids = new ArrayList<>();
            ids.add(outbox.enqueue("batch.completed", "{\"id\":\"batch_1\",\"status\":\"completed\"}").orElseThrow());
            ids.add(outbox.enqueue("job.failed", "{\"id\":\"job_1\",\"status\":\"failed\"}").orElseThrow());
            ids.add(outbox.enqueue("budget.alert", "{\"key\":\"key_1\",\"spent_usd\":9.5}").orElseThrow());

            assertThat(deliverer.deliverDue()).as("first tries, receiver down").isEqualTo(3);
            clock.advance(Duration.ofSeconds(6));
            assertThat(deliverer.deliverDue()).as("second tries after ~5 s, still down").isEqualTo(3);
            clock.advance(Duration.ofSeconds(24));
            up.set(true); // back after 30 s
            assertThat(deliverer.deliverDue()).as("nothing due before the ~5 min wait").isZero();
            clock.advance(Duration.ofMinutes(6));
            assertThat(deliverer.deliverDue()).as("third tries").isEqualTo(3);
            assertThat(deliverer.deliverDue()).isZero();

            for (String id : ids) {
                EventRecord e = store.outbox().event(id).orElseThrow();
                assertThat(e.state()).isEqualTo(DeliveryState.DELIVERED);
                assertThat(e.attempts()).extracting(a -> a.status().orElse(0)).containsExactly(503, 503, 200);
                List<Delivery> mine = received.stream().filter(d -> id.equals(d.headers().get("webhook-id"))).toList();
                assertThat(mine).hasSize(3);
                assertThat(mine.stream().map(d -> d.headers().get("webhook-timestamp")).distinct()).hasSize(3);
            }
            List<Delivery> delivered = received.stream().filter(d -> d.status() == 200).toList();
            assertThat(delivered).hasSize(3);

            JsonNode good = verify(received, SECRET);
            assertThat(good.path("results")).hasSize(9).allSatisfy(r -> assertThat(r.path("ok").asBoolean())
                    .as("%s", r).isTrue());
            assertThat(good.path("results").findValuesAsText("type")).contains("batch.completed", "job.failed",
                    "budget.alert");
            JsonNode wrong = verify(received, WRONG_SECRET);
            assertThat(wrong.path("results")).hasSize(9).allSatisfy(r -> assertThat(r.path("ok").asBoolean())
                    .isFalse());
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void anEventIsDeadAfterItsLastTryAndARedeliveryQueuesItAgain() throws Exception {
        AdvancingClock clock = new AdvancingClock();
        AtomicBoolean up = new AtomicBoolean(false);
        List<Delivery> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = receiver(up, received);
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks";
        WebhookConfig config = new WebhookConfig(Optional.of(url), Optional.of(SECRET),
                List.of(Duration.ofSeconds(5), Duration.ofMinutes(5)), Duration.ofSeconds(5), Duration.ofSeconds(1));
        try (JdbcJobStore store = JdbcJobStore.open(Optional.empty(), dir);
                Deliverer deliverer = new Deliverer(store.outbox(), config, clock, new SplittableRandom(7))) {
            String id = new Outbox(store.outbox(), config.url(), clock).enqueue("job.completed", "{}").orElseThrow();
            for (int i = 0; i < 3; i++) {
                assertThat(deliverer.deliverDue()).isEqualTo(1);
                clock.advance(Duration.ofMinutes(7));
            }
            EventRecord dead = store.outbox().event(id).orElseThrow();
            assertThat(dead.state()).isEqualTo(DeliveryState.DEAD);
            assertThat(dead.attempts()).hasSize(3);
            assertThat(deliverer.deliverDue()).isZero();

            up.set(true);
            assertThat(store.outbox().redeliver(id, clock.instant())).isTrue();
            assertThat(deliverer.deliverDue()).isEqualTo(1);
            EventRecord back = store.outbox().event(id).orElseThrow();
            assertThat(back.state()).isEqualTo(DeliveryState.DELIVERED);
            assertThat(back.attempts()).hasSize(4);
            assertThat(received).extracting(d -> d.headers().get("webhook-id")).containsOnly(id);
        } finally {
            receiver.stop(0);
        }
    }

    /** Records every request; answers 503 until {@code up}, then 200. */
    private static HttpServer receiver(AtomicBoolean up, List<Delivery> received) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hooks", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            int status = up.get() ? 200 : 503;
            Map<String, String> headers = new java.util.TreeMap<>();
            for (String h : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
                headers.put(h, exchange.getRequestHeaders().getFirst(h));
            }
            received.add(new Delivery(headers, body, status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    private JsonNode verify(List<Delivery> deliveries, String secret) throws Exception {
        ArrayNode all = Json.NODES.arrayNode();
        for (Delivery d : deliveries) {
            ObjectNode n = all.addObject();
            ObjectNode h = n.putObject("headers");
            d.headers().forEach(h::put);
            n.put("body", d.body());
        }
        Path in = dir.resolve("deliveries.json");
        Files.writeString(in, Json.write(all));
        Path out = dir.resolve("verify.out");
        Path err = dir.resolve("verify.err");
        Process p = new ProcessBuilder(NodeOpenAiClientTest.NODE.orElseThrow().toString(),
                NodeOpenAiClientTest.NODE_PROJECT.resolve("verify-webhooks.mjs").toString(), in.toString(), secret)
                .directory(NodeOpenAiClientTest.NODE_PROJECT.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("verify-webhooks.mjs did not finish");
        }
        assertThat(p.exitValue()).as("verify-webhooks.mjs: %s", Files.readString(err)).isZero();
        return Json.read(Files.readString(out).strip().lines().toList().getLast());
    }
}
