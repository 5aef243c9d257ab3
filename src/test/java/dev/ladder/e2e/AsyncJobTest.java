package dev.ladder.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.ladder.config.ConfigLoader;
import dev.ladder.config.LadderConfig;
import dev.ladder.webhooks.Signer;
import dev.ladder.webhooks.WebhookConfig;
import dev.ladder.wire.Json;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: a chat completion with {@code x-ladder-async: true} answers 202 with a job, runs through the request
 * path as a cascade from the cheapest tier, and is read back from {@code GET /v1/jobs/{id}}; the job's webhook goes
 * to its own {@code x-ladder-webhook-url}, a batch's to {@code webhooks.url}, each signed.
 */
class AsyncJobTest {

    @TempDir
    Path dir;

    record Hook(String path, Map<String, String> headers, String body) {
    }

    @Test
    void anAsyncRequestIsQueuedRunAndAnnounced() throws Exception {
        List<Hook> hooks = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", ex -> {
            String body;
            try (InputStream in = ex.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            hooks.add(new Hook(ex.getRequestURI().getPath(), Map.of("webhook-id", ex.getRequestHeaders()
                    .getFirst("webhook-id"), "webhook-timestamp", ex.getRequestHeaders().getFirst("webhook-timestamp"),
                    "webhook-signature", ex.getRequestHeaders().getFirst("webhook-signature")), body));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
        LadderConfig demo = ConfigLoader.loadDemo(dir);
        LadderConfig cfg = demo.withServer(demo.server().withPort(0).withHost("127.0.0.1").withDataDir(dir))
                .withJobs(demo.jobs().withPollInterval(Duration.ofMillis(20)))
                .withWebhooks(new WebhookConfig(java.util.Optional.of(base + "/batches"),
                        java.util.Optional.of(WebhookDeliveryTest.SECRET), WebhookConfig.DEFAULT_SCHEDULE,
                        Duration.ofSeconds(5), Duration.ofMillis(20)));
        try (TestGateway gw = TestGateway.of(cfg, InstantSource.system())) {
            HttpResponse<String> queued = gw.post("/v1/chat/completions", TestGateway.chat("ladder/auto",
                    "What is the capital of France?"), "x-ladder-async", "true", "x-ladder-webhook-url",
                    base + "/mine");
            assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
            JsonNode job = Json.read(queued.body());
            String id = job.path("id").asText();
            assertThat(id).startsWith("job_");
            assertThat(queued.headers().firstValue("location")).contains("/v1/jobs/" + id);

            JsonNode done = awaitJob(gw, id);
            assertThat(done.path("status").asText()).isEqualTo("succeeded");
            assertThat(done.path("response").path("status_code").asInt()).isEqualTo(200);
            assertThat(done.path("response").path("body").path("choices").path(0).path("message").path("content")
                    .asText()).isNotBlank();
            assertThat(done.path("cost_usd").asDouble()).isPositive();
            assertThat(done.path("tier").asText()).isIn("simple", "medium", "complex");

            // a line the gateway refuses (temperature out of range) is a per-line error, not a failed batch
            byte[] lines = (new String(BatchFixtures.input(3), StandardCharsets.UTF_8) + "{\"custom_id\":\"bad\","
                    + "\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"ladder/auto\","
                    + "\"temperature\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}\n")
                    .getBytes(StandardCharsets.UTF_8);
            String file = gw.gateway().jobs().upload("in.jsonl", "batch", lines).id();
            HttpResponse<String> batch = gw.post("/v1/batches", "{\"input_file_id\":\"" + file
                    + "\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"}",
                    "x-ladder-tier", "complex");
            assertThat(batch.statusCode()).as(batch.body()).isEqualTo(200);
            String batchId = Json.read(batch.body()).path("id").asText();
            BatchFixtures.awaitFinished(gw.gateway().jobs(), batchId);
            JsonNode finished = Json.read(gw.get("/v1/batches/" + batchId).body());
            assertThat(finished.path("status").asText()).isEqualTo("completed");
            assertThat(finished.path("metadata").path("ladder_tier_mix").asText())
                    .as("the batch request's routing hints apply to its lines").isEqualTo("{\"complex\":3}");
            assertThat(finished.path("request_counts").toString()).isEqualTo(
                    "{\"total\":4,\"completed\":3,\"failed\":1}");
            JsonNode errorLine = Json.read(gw.get("/v1/files/" + finished.path("error_file_id").asText()
                    + "/content").body().strip());
            assertThat(errorLine.path("custom_id").asText()).isEqualTo("bad");
            assertThat(errorLine.path("response").path("status_code").asInt()).isEqualTo(400);
            assertThat(errorLine.path("response").path("body").path("error").path("param").asText())
                    .isEqualTo("temperature");

            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (hooks.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(hooks).extracting(Hook::path).containsExactlyInAnyOrder("/mine", "/batches");
            Signer signer = new Signer(WebhookDeliveryTest.SECRET);
            for (Hook h : hooks) {
                assertThat(h.headers().get("webhook-signature")).isEqualTo(signer.sign(h.headers().get("webhook-id"),
                        Long.parseLong(h.headers().get("webhook-timestamp")), h.body()));
                String type = Json.read(h.body()).path("type").asText();
                assertThat(type).isEqualTo(h.path().equals("/mine") ? "job.completed" : "batch.completed");
            }

            assertThat(gw.get("/v1/jobs/job_nope").statusCode()).isEqualTo(404);
            HttpResponse<String> badHook = gw.post("/v1/chat/completions", TestGateway.chat("ladder/auto", "hi"),
                    "x-ladder-async", "true", "x-ladder-webhook-url", "file:///etc/passwd");
            assertThat(badHook.statusCode()).isEqualTo(400);
            assertThat(Json.read(badHook.body()).path("error").path("param").asText()).isEqualTo("x-ladder-webhook-url");
            HttpResponse<String> streamed = gw.post("/v1/chat/completions", "{\"model\":\"ladder/auto\",\"stream\":true,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "x-ladder-async", "true");
            assertThat(streamed.statusCode()).isEqualTo(400);
            assertThat(Json.read(streamed.body()).path("error").path("param").asText()).isEqualTo("stream");
        } finally {
            receiver.stop(0);
        }
    }

    private static JsonNode awaitJob(TestGateway gw, String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = gw.get("/v1/jobs/" + id);
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode n = Json.read(r.body());
            if (!n.path("status").asText().equals("queued") && !n.path("status").asText().equals("running")) {
                return n;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("job " + id + " did not finish");
    }
}
