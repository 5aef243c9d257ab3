package dev.ladder.e2e;

import static dev.ladder.e2e.KeysEndToEndTest.MASTER;
import static dev.ladder.e2e.KeysEndToEndTest.createKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.providers.openai.FakeEmbeddings;
import dev.ladder.wire.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /v1/embeddings} holds a virtual key to what the chat routes hold it to: its allowed models (403) and its
 * RPM and TPM buckets (429 with {@code Retry-After} and OpenAI's {@code x-ratelimit-*} headers).
 */
class EmbeddingsWithKeysTest {

    static final String BODY = "{\"model\":\"text-embedding-3-small\",\"input\":\"the cat sat\"}";

    @TempDir
    Path dataDir;

    private static String yaml(FakeEmbeddings oa) {
        return """
                providers:
                  oa: {kind: openai, base_url: "%s", api_key: sk-up}
                  sim: {kind: simulated, models: {sim-small: {}}}
                models:
                  small: {provider: sim, model: sim-small, price: {input: 0.1, output: 0.4}}
                tiers: {simple: [small], medium: [small], complex: [small]}
                embeddings:
                  text-embedding-3-small: {provider: oa, price: {input: 0.02}}
                """.formatted(oa.baseUrl());
    }

    @Test
    void aKeyOutsideItsModelsIsRefusedAndItsRpmLimitHolds() throws Exception {
        try (FakeEmbeddings oa = FakeEmbeddings.start().model("text-embedding-3-small", 8);
                TestGateway gw = TestGateway.startWithKeys(yaml(oa), dataDir, MASTER)) {
            assertThat(gw.post("/v1/embeddings", BODY).statusCode()).as("no key").isEqualTo(401);

            String chatOnly = createKey(gw, "{\"models\":[\"small\"]}").path("key").asText();
            HttpResponse<String> forbidden = gw.post("/v1/embeddings", BODY, "Authorization", "Bearer " + chatOnly);
            assertThat(forbidden.statusCode()).as(forbidden.body()).isEqualTo(403);

            String limited = createKey(gw, "{\"rpm\":2}").path("key").asText();
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> ok = gw.post("/v1/embeddings", "{\"model\":\"text-embedding-3-small\","
                        + "\"input\":\"text " + i + "\"}", "Authorization", "Bearer " + limited);
                assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
                assertThat(ok.headers().firstValue("x-ratelimit-limit-requests")).contains("2");
            }
            HttpResponse<String> third = gw.post("/v1/embeddings", BODY, "Authorization", "Bearer " + limited);
            assertThat(third.statusCode()).as(third.body()).isEqualTo(429);
            assertThat(third.headers().firstValue("retry-after")).isPresent();
            assertThat(third.headers().firstValue("x-ratelimit-remaining-requests")).contains("0");
            assertThat(Json.read(third.body()).path("error").path("type").asText()).isNotBlank();
        }
    }
}
