package dev.ladder.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.providers.openai.FakeEmbeddings;
import dev.ladder.testing.NodeScripts;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: the Node {@code openai} package's {@code embeddings.create} through the gateway (it asks for base64 and
 * decodes it), with a cache hit on the repeat. Client: {@code src/test/node-protocols/openai-embeddings.mjs}.
 */
class NodeEmbeddingsTest {

    @TempDir
    Path dataDir;

    @Test
    void theNodeSdkDecodesTheGatewaysBase64VectorsAndTheRepeatIsACacheHit() throws Exception {
        NodeScripts node = NodeScripts.in("node-protocols");
        try (FakeEmbeddings oa = FakeEmbeddings.start().model("text-embedding-3-small", 8)) {
            String yaml = """
                    providers:
                      oa: {kind: openai, base_url: "%s"}
                      sim: {kind: simulated, models: {sim-small: {}}}
                    models:
                      small: {provider: sim, model: sim-small, price: {input: 0.1, output: 0.4}}
                    tiers: {simple: [small], medium: [small], complex: [small]}
                    embeddings:
                      text-embedding-3-small: {provider: oa, price: {input: 0.02}}
                    """.formatted(oa.baseUrl());
            try (TestGateway gw = TestGateway.start(yaml, dataDir)) {
                JsonNode seen = node.run("openai-embeddings.mjs", gw.baseUrl() + "/v1", "text-embedding-3-small");

                for (String run : new String[] {"first", "second"}) {
                    JsonNode r = seen.path(run);
                    assertThat(r.path("vectors")).hasSize(2);
                    float[] cat = FakeEmbeddings.vector("the cat sat", 8);
                    for (int j = 0; j < 8; j++) {
                        assertThat(r.path("vectors").get(0).get(j).floatValue()).isEqualTo(cat[j]);
                    }
                    assertThat(r.path("vectors").get(1).get(0).floatValue())
                            .isEqualTo(FakeEmbeddings.vector("on the mat today", 8)[0]);
                    assertThat(r.path("usage").path("prompt_tokens").asInt()).isEqualTo(7);
                }
                assertThat(seen.path("first").path("cache").asText()).isEqualTo("miss");
                assertThat(seen.path("second").path("cache").asText()).isEqualTo("exact");
                assertThat(oa.requests()).hasSize(1);
            }
        }
    }
}
