package dev.ladder.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.ladder.model.CacheStatus;
import dev.ladder.pipeline.DecisionRow;
import dev.ladder.providers.azure.FakeAzureServer;
import dev.ladder.providers.openai.FakeEmbeddings;
import dev.ladder.store.JdbcDecisionStore;
import dev.ladder.wire.Json;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: {@code POST /v1/embeddings} with the official OpenAI Java SDK, routed to an OpenAI-kind upstream, an
 * Azure deployment and the in-jar model; a repeat is an exact-cache hit (header and decision log), usage and
 * cost are recorded.
 */
class EmbeddingsThroughGatewayTest {

    @TempDir
    Path dataDir;

    private static String yaml(FakeEmbeddings oa, FakeAzureServer az) {
        return """
                providers:
                  oa: {kind: openai, base_url: "%s", api_key: sk-up}
                  az: {kind: azure, base_url: "%s", api_key: az-key}
                  sim: {kind: simulated, models: {sim-small: {}}}
                models:
                  small: {provider: sim, model: sim-small, price: {input: 0.1, output: 0.4}}
                tiers: {simple: [small], medium: [small], complex: [small]}
                embeddings:
                  text-embedding-3-small: {provider: oa, price: {input: 0.02}}
                  ada-eu: {provider: az, model: ada-deployment, price: {input: 0.1}}
                  minilm: {provider: local}
                """.formatted(oa.baseUrl(), az.baseUrl("2024-10-21"));
    }

    private static OpenAIClient client(TestGateway gw) {
        return OpenAIOkHttpClient.builder().baseUrl(gw.baseUrl() + "/v1").apiKey("sk-client").maxRetries(0)
                .timeout(Duration.ofSeconds(60)).build();
    }

    @Test
    void theSdkGetsTheUpstreamsVectorsAndARepeatIsAnExactCacheHitRecordedInTheDecisionLog() throws Exception {
        String first;
        String second;
        try (FakeEmbeddings oa = FakeEmbeddings.start().model("text-embedding-3-small", 8);
                FakeAzureServer az = FakeAzureServer.start("az-key");
                TestGateway gw = TestGateway.start(yaml(oa, az), dataDir)) {
            OpenAIClient client = client(gw);
            try {
                EmbeddingCreateParams params = EmbeddingCreateParams.builder().model("text-embedding-3-small")
                        .inputOfArrayOfStrings(List.of("the cat sat", "on the mat today")).build();

                HttpResponseFor<CreateEmbeddingResponse> miss = client.embeddings().withRawResponse().create(params);
                HttpResponseFor<CreateEmbeddingResponse> hit = client.embeddings().withRawResponse().create(params);

                for (HttpResponseFor<CreateEmbeddingResponse> r : List.of(miss, hit)) {
                    CreateEmbeddingResponse body = r.parse();
                    assertThat(body.data()).hasSize(2);
                    assertThat(floats(body.data().get(0).embedding())).containsExactly(FakeEmbeddings.vector("the cat sat", 8));
                    assertThat(floats(body.data().get(1).embedding()))
                            .containsExactly(FakeEmbeddings.vector("on the mat today", 8));
                    assertThat(body.usage().promptTokens()).isEqualTo(7);
                    assertThat(body.model()).isEqualTo("text-embedding-3-small");
                }
                assertThat(miss.headers().values("x-ladder-cache")).containsExactly("miss");
                assertThat(hit.headers().values("x-ladder-cache")).containsExactly("exact");
                assertThat(hit.headers().values("x-ladder-model")).containsExactly("text-embedding-3-small");
                assertThat(oa.requests()).hasSize(1);
                assertThat(oa.lastRequest().header("authorization")).contains("Bearer sk-up");
                first = miss.headers().values("x-ladder-request-id").getFirst();
                second = hit.headers().values("x-ladder-request-id").getFirst();
            } finally {
                client.close();
            }
            assertThat(gw.gateway.decisionLog().flush(Duration.ofSeconds(10))).isTrue();
        }
        try (JdbcDecisionStore store = JdbcDecisionStore.open(dataDir)) {
            DecisionRow missRow = store.find(first).orElseThrow();
            DecisionRow hitRow = store.find(second).orElseThrow();
            assertThat(missRow.model()).contains("text-embedding-3-small");
            assertThat(missRow.status()).isEqualTo(200);
            assertThat(missRow.promptTokens()).isEqualTo(7);
            assertThat(missRow.costUsd()).isCloseTo(7 * 0.02 / 1_000_000, within(1e-12));
            assertThat(missRow.cacheStatus()).isEqualTo(CacheStatus.MISS);
            assertThat(hitRow.cacheStatus()).isEqualTo(CacheStatus.EXACT);
            assertThat(hitRow.costUsd()).isZero();
            assertThat(hitRow.savedCostUsd()).isCloseTo(missRow.costUsd(), within(1e-12));
        }
    }

    @Test
    void floatAndBase64EncodingsCarryTheSameVectorsAndDimensionsGoUpstream() throws Exception {
        try (FakeEmbeddings oa = FakeEmbeddings.start().model("text-embedding-3-small", 8);
                FakeAzureServer az = FakeAzureServer.start("az-key");
                TestGateway gw = TestGateway.start(yaml(oa, az), dataDir)) {
            String body = "{\"model\":\"text-embedding-3-small\",\"input\":\"hello world\",\"dimensions\":4,"
                    + "\"encoding_format\":\"%s\"}";
            JsonNode asFloats = Json.read(gw.post("/v1/embeddings", body.formatted("float")).body());
            JsonNode asBase64 = Json.read(gw.post("/v1/embeddings", body.formatted("base64")).body());

            float[] expected = FakeEmbeddings.vector("hello world", 4);
            List<Float> floats = new ArrayList<>();
            asFloats.path("data").get(0).path("embedding").forEach(f -> floats.add(f.floatValue()));
            assertThat(floats(floats)).containsExactly(expected);
            ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(asBase64.path("data").get(0).path("embedding")
                    .asText())).order(ByteOrder.LITTLE_ENDIAN);
            float[] decoded = new float[b.remaining() / 4];
            b.asFloatBuffer().get(decoded);
            assertThat(decoded).containsExactly(expected);
            assertThat(oa.lastRequest().json().path("dimensions").asInt()).isEqualTo(4);
            assertThat(oa.requests()).as("the second format came from the cache").hasSize(1);
        }
    }

    @Test
    void anAzureEmbeddingDeploymentIsCalledAtItsDeploymentUrl() {
        try (FakeEmbeddings oa = FakeEmbeddings.start();
                FakeAzureServer az = FakeAzureServer.start("az-key").embeddings("ada-deployment", 6);
                TestGateway gw = TestGateway.start(yaml(oa, az), dataDir)) {
            OpenAIClient client = client(gw);
            try {
                CreateEmbeddingResponse r = client.embeddings().create(EmbeddingCreateParams.builder().model("ada-eu")
                        .input("bonjour").build());

                assertThat(floats(r.data().getFirst().embedding())).containsExactly(FakeEmbeddings.vector("bonjour", 6));
                assertThat(az.lastRequest().path()).isEqualTo("/openai/deployments/ada-deployment/embeddings");
                assertThat(az.lastRequest().query()).isEqualTo("api-version=2024-10-21");
            } finally {
                client.close();
            }
        }
    }

    @Test
    void theInJarModelServesAsALocalDeploymentWithUnitVectors() throws Exception {
        try (FakeEmbeddings oa = FakeEmbeddings.start(); FakeAzureServer az = FakeAzureServer.start("az-key");
                TestGateway gw = TestGateway.start(yaml(oa, az), dataDir)) {
            OpenAIClient client = client(gw);
            try {
                EmbeddingCreateParams params = EmbeddingCreateParams.builder().model("minilm")
                        .inputOfArrayOfStrings(List.of("A cat sits on the mat.", "A kitten rests on a rug.",
                                "Quarterly revenue grew by four percent."))
                        .build();
                CreateEmbeddingResponse r = client.embeddings().create(params);
                HttpResponseFor<CreateEmbeddingResponse> again = client.embeddings().withRawResponse().create(params);

                float[] cat = floats(r.data().get(0).embedding());
                float[] kitten = floats(r.data().get(1).embedding());
                float[] revenue = floats(r.data().get(2).embedding());
                assertThat(cat).hasSize(384);
                assertThat(dot(cat, cat)).isCloseTo(1.0, within(1e-3));
                assertThat(dot(cat, kitten)).isGreaterThan(dot(cat, revenue) + 0.2);
                assertThat(r.usage().promptTokens()).isPositive();
                assertThat(again.headers().values("x-ladder-cache")).containsExactly("exact");
                assertThat(Double.parseDouble(again.headers().values("x-ladder-cost-usd").getFirst())).isZero();
                assertThat(gw.get("/metrics").body()).as("every embeddings request that started also ended")
                        .contains("ladder_requests_in_flight 0.0");
            } finally {
                client.close();
            }
        }
    }

    @Test
    void anUnknownEmbeddingModelIsA404AndATokenArrayA400InOpenAisShape() throws Exception {
        try (FakeEmbeddings oa = FakeEmbeddings.start(); FakeAzureServer az = FakeAzureServer.start("az-key");
                TestGateway gw = TestGateway.start(yaml(oa, az), dataDir)) {
            HttpResponse<String> unknown = gw.post("/v1/embeddings", "{\"model\":\"nope\",\"input\":\"x\"}");
            HttpResponse<String> tokens = gw.post("/v1/embeddings", "{\"model\":\"minilm\",\"input\":[[1,2,3]]}");
            HttpResponse<String> models = gw.get("/v1/models");

            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(Json.read(unknown.body()).path("error").path("message").asText()).contains("nope");
            assertThat(tokens.statusCode()).isEqualTo(400);
            assertThat(Json.read(tokens.body()).path("error").path("param").asText()).isEqualTo("input");
            assertThat(models.body()).contains("\"text-embedding-3-small\"", "\"minilm\"", "\"ada-eu\"");
        }
    }

    private static float[] floats(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

}
