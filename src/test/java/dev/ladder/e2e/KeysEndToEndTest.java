package dev.ladder.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.wire.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: virtual keys through a real gateway (the demo's simulated providers): the admin API behind the master
 * key, /v1 behind a key, allow-lists, revocation and expiry on the next request, and no secret on disk.
 */
class KeysEndToEndTest {

    static final String MASTER = "master-test-4f1c9a7e2b";

    @TempDir
    Path dir;

    @Test
    void adminRoutesNeedTheMasterKeyAndRefuseAVirtualKeyWith403() throws Exception {
        try (TestGateway gw = TestGateway.demoWithKeys(dir, MASTER, InstantSource.system())) {
            String secret = createKey(gw, "{\"name\":\"app\"}").path("key").asText();
            for (String path : List.of("/admin/keys", "/admin/deployments", "/metrics", "/admin/cache",
                    "/admin/spend", "/admin/teams")) {
                assertThat(get(gw, path, null).statusCode()).as(path + " without a key").isEqualTo(401);
                assertThat(get(gw, path, "wrong").statusCode()).as(path + " with a wrong key").isEqualTo(401);
                assertThat(get(gw, path, secret).statusCode()).as(path + " with a virtual key").isEqualTo(403);
                assertThat(get(gw, path, MASTER).statusCode()).as(path + " with the master key").isEqualTo(200);
            }
            HttpResponse<String> denied = get(gw, "/admin/keys", secret);
            assertThat(Json.read(denied.body()).path("error").path("code").asText()).isEqualTo("master_key_required");
        }
    }

    @Test
    void v1NeedsAValidKeyAndRespectsTheAllowList() throws Exception {
        try (TestGateway gw = TestGateway.demoWithKeys(dir, MASTER, InstantSource.system())) {
            String secret = createKey(gw, "{\"models\":[\"sim-small\"],\"max_tier\":\"medium\"}").path("key").asText();
            String body = TestGateway.chat("ladder/auto", "What is the capital of France?");

            HttpResponse<String> none = gw.post("/v1/chat/completions", body);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(Json.read(none.body()).path("error").path("code").asText()).isEqualTo("invalid_api_key");
            assertThat(gw.post("/v1/chat/completions", body, "Authorization", "Bearer sk-ladder-nope").statusCode())
                    .isEqualTo(401);
            assertThat(gw.post("/v1/chat/completions", body, "Authorization", "Bearer " + secret).statusCode())
                    .isEqualTo(200);
            assertThat(gw.post("/v1/chat/completions", TestGateway.chat("sim-small", "hi"), "Authorization",
                    "Bearer " + secret).statusCode()).isEqualTo(200);
            HttpResponse<String> otherModel = gw.post("/v1/chat/completions", TestGateway.chat("sim-large", "hi"),
                    "Authorization", "Bearer " + secret);
            assertThat(otherModel.statusCode()).isEqualTo(403);
            assertThat(Json.read(otherModel.body()).path("error").path("param").asText()).isEqualTo("model");
            assertThat(gw.post("/v1/chat/completions", body, "Authorization", "Bearer " + secret, "x-ladder-tier",
                    "complex").statusCode()).isEqualTo(403);
            assertThat(get(gw, "/v1/models", null).statusCode()).isEqualTo(401);
            // the demo's in-jar embedding deployment is behind the same guard
            assertThat(gw.post("/v1/embeddings", "{\"model\":\"minilm\",\"input\":\"hi\"}").statusCode())
                    .isEqualTo(401);
            assertThat(get(gw, "/v1/models", secret).statusCode()).isEqualTo(200);
            // Anthropic's clients send x-api-key
            HttpResponse<String> messages = gw.post("/v1/messages", "{\"model\":\"ladder/auto\",\"max_tokens\":50,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "x-api-key", secret);
            assertThat(messages.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aRevokedKeyIsRefusedOnTheNextRequestAndSoIsAnExpiredOne() throws Exception {
        try (TestGateway gw = TestGateway.demoWithKeys(dir, MASTER, InstantSource.system())) {
            JsonNode created = createKey(gw, "{\"name\":\"short-lived\"}");
            String secret = created.path("key").asText();
            String body = TestGateway.chat("ladder/auto", "hello");
            assertThat(gw.post("/v1/chat/completions", body, "Authorization", "Bearer " + secret).statusCode())
                    .isEqualTo(200);
            HttpResponse<String> revoked = gw.http.send(HttpRequest.newBuilder(URI.create(gw.baseUrl()
                    + "/admin/keys/" + created.path("id").asText())).header("Authorization", "Bearer " + MASTER)
                    .DELETE().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(revoked.statusCode()).isEqualTo(200);
            HttpResponse<String> after = gw.post("/v1/chat/completions", body, "Authorization", "Bearer " + secret);
            assertThat(after.statusCode()).isEqualTo(401);
            assertThat(Json.read(after.body()).path("error").path("message").asText()).contains("revoked");

            String expired = createKey(gw, "{\"expires_at\":\"" + Instant.now().minusSeconds(1) + "\"}")
                    .path("key").asText();
            HttpResponse<String> late = gw.post("/v1/chat/completions", body, "Authorization", "Bearer " + expired);
            assertThat(late.statusCode()).isEqualTo(401);
            assertThat(Json.read(late.body()).path("error").path("message").asText()).contains("expired");
        }
    }

    @Test
    void theDatabaseAndTheLogHoldNoKeySecretOnlyTheKeyId() throws Exception {
        List<String> secrets = new ArrayList<>();
        String keyId;
        StringBuilder logged = new StringBuilder();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                synchronized (logged) {
                    logged.append(r.getMessage()).append(r.getThrown() == null ? "" : r.getThrown().toString())
                            .append('\n');
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(java.util.logging.Level.ALL);
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.addHandler(capture);
        try (TestGateway gw = TestGateway.demoWithKeys(dir, MASTER, InstantSource.system())) {
            JsonNode created = createKey(gw, "{\"team\":\"ml\",\"budget_usd\":5}");
            keyId = created.path("id").asText();
            secrets.add(created.path("key").asText());
            for (int i = 0; i < 3; i++) {
                assertThat(gw.post("/v1/chat/completions", TestGateway.chat("ladder/auto", "hello " + i),
                        "Authorization", "Bearer " + secrets.getFirst()).statusCode()).isEqualTo(200);
            }
            // a prompt that carries a password and a provider key, from an end user named by e-mail
            String leaky = "{\"model\":\"ladder/auto\",\"user\":\"alice@example.com\",\"messages\":[{\"role\":"
                    + "\"user\",\"content\":\"my password hunter2zz and my key sk-proj-Q1w2E3r4T5y6U7i8\"}]}";
            assertThat(gw.post("/v1/chat/completions", leaky, "Authorization", "Bearer " + secrets.getFirst())
                    .statusCode()).isEqualTo(200);
            gw.gateway.decisionLog().flush(Duration.ofSeconds(5));
            HttpResponse<String> list = get(gw, "/admin/keys", MASTER);
            assertThat(list.body()).doesNotContain(secrets.getFirst()).contains(keyId);
        } finally {
            root.removeHandler(capture);
        }
        assertThat(secrets.getFirst()).startsWith("sk-ladder-");
        StringBuilder everything = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                everything.append(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(everything.toString()).contains(keyId);
        for (String s : secrets) {
            assertThat(everything.toString()).doesNotContain(s).doesNotContain(s.substring(20));
        }
        assertThat(everything.toString()).doesNotContain("hunter2zz").doesNotContain("sk-proj-Q1w2E3r4")
                .doesNotContain("alice@example.com");
        assertThat(logged).as("the gateway's log").doesNotContain(secrets.getFirst()).doesNotContain("hunter2zz");
    }

    @Test
    void onlyTheKeyThatMadeARequestMayRateIt() throws Exception {
        try (TestGateway gw = TestGateway.demoWithKeys(dir, MASTER, InstantSource.system())) {
            String mine = createKey(gw, "{\"name\":\"mine\"}").path("key").asText();
            String other = createKey(gw, "{\"name\":\"other\"}").path("key").asText();
            HttpResponse<String> answer = gw.post("/v1/chat/completions", TestGateway.chat("ladder/auto", "hi"),
                    "Authorization", "Bearer " + mine);
            String id = answer.headers().firstValue("x-ladder-request-id").orElseThrow();
            String feedback = "{\"request_id\":\"" + id + "\",\"score\":0.1}";
            assertThat(gw.post("/v1/feedback", feedback, "Authorization", "Bearer " + other).statusCode())
                    .as("another key's request looks unknown").isEqualTo(404);
            assertThat(gw.post("/v1/feedback", feedback).statusCode()).isEqualTo(401);
            assertThat(gw.post("/v1/feedback", feedback, "Authorization", "Bearer " + mine).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void fuzzedAuthorizationHeadersNeverGive5xx() throws Exception {
        Random random = new Random(11);
        try (TestGateway gw = TestGateway.demoWithKeys(dir, MASTER, InstantSource.system())) {
            List<String> values = new ArrayList<>(List.of("", " ", "Bearer", "Bearer ", "Bearer  ", "bearer x",
                    "Basic dXNlcjpwYXNz", "Bearer sk-ladder-", "Bearer sk-ladder-" + "a".repeat(5000),
                    "Bearer " + MASTER + "x", "Bearer " + MASTER.substring(1), "Bearer\t" + MASTER, "sk-ladder-\u00e9",
                    "Bearer %00", "Bearer ' OR 1=1 --"));
            for (int i = 0; i < 60; i++) {
                StringBuilder sb = new StringBuilder(random.nextBoolean() ? "Bearer " : "");
                int n = random.nextInt(80);
                for (int j = 0; j < n; j++) {
                    sb.append((char) (0x21 + random.nextInt(0x5e)));
                }
                values.add(sb.toString());
            }
            for (String v : values) {
                for (String path : List.of("/v1/models", "/admin/keys")) {
                    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.baseUrl() + path));
                    try {
                        b.header("Authorization", v);
                    } catch (IllegalArgumentException e) {
                        continue; // the client refuses to send it: nothing reaches the gateway
                    }
                    int status = gw.http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode();
                    assertThat(status).as("Authorization: " + v + " on " + path).isLessThan(500);
                }
            }
        }
    }

    static JsonNode createKey(TestGateway gw, String json) throws Exception {
        HttpResponse<String> res = gw.http.send(HttpRequest.newBuilder(URI.create(gw.baseUrl() + "/admin/keys"))
                .header("Authorization", "Bearer " + MASTER).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        return Json.read(res.body());
    }

    static HttpResponse<String> get(TestGateway gw, String path, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.baseUrl() + path)).timeout(Duration.ofSeconds(30));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return gw.http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static List<HttpResponse<String>> concurrently(int n, java.util.function.IntFunction<HttpResponse<String>> call)
            throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                futures.add(pool.submit(() -> call.apply(k)));
            }
            List<HttpResponse<String>> out = new ArrayList<>();
            for (Future<HttpResponse<String>> f : futures) {
                out.add(f.get());
            }
            return out;
        }
    }
}
