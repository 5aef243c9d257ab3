package dev.ladder.e2e;

import static dev.ladder.e2e.SemanticCacheEndToEndTest.body;
import static dev.ladder.e2e.SemanticCacheEndToEndTest.cache;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.testing.Required;
import dev.ladder.wire.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: replicas share the semantic cache through Redis (cache.redis.url). An answer stored by one gateway is
 * a semantic hit on another for a paraphrase, each searching its own in-memory copy; a paraphrase in another
 * tenant is still a miss there.
 */
class SharedSemanticCacheTest {

    static final String[] FAQ = SemanticCacheEndToEndTest.FAQ;

    @TempDir
    Path dir;

    private static long semanticEntries(TestGateway gw) throws Exception {
        for (var layer : Json.read(gw.get("/admin/cache").body()).path("layers")) {
            if (layer.path("layer").asText().equals("semantic")) {
                return layer.path("entries").asLong();
            }
        }
        return 0;
    }

    @Test
    void anAnswerStoredByOneGatewayIsASemanticHitOnAnother() throws Exception {
        String yaml = """
                providers:
                  sim:
                    kind: simulated
                    models:
                      echo: {time_to_first_token: 1ms, tokens_per_second: 100000, logprobs: false, answer: {mode: echo}}
                models:
                  echo: {provider: sim, price: {input: 1, output: 2}}
                tiers: {simple: [echo], medium: [echo], complex: [echo]}
                cache:
                  redis: {url: '%s', key_prefix: 'ladder-semantic-test:%d:'}
                  routes:
                    faq: {semantic: true}
                """.formatted(Required.redis(), System.nanoTime());
        try (TestGateway a = TestGateway.start(yaml, dir.resolve("a"));
                TestGateway b = TestGateway.start(yaml, dir.resolve("b"))) {
            HttpResponse<String> first = a.post("/v1/chat/completions",
                    body("You are a support bot.", "How do I reset my password?", false), FAQ);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            assertThat(cache(first)).isEqualTo("miss");

            // b learns the entry from the stream (its own lookups would fill its own index, so none is made until
            // its semantic layer holds an entry): poll its cache report, bounded
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (semanticEntries(b) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(semanticEntries(b)).as("entries b received from a").isEqualTo(1);
            HttpResponse<String> onB = b.post("/v1/chat/completions", body("You are a support bot.",
                    "How can I reset my password?", false), FAQ);
            assertThat(cache(onB)).as("the paraphrase on the other gateway").isEqualTo("semantic");
            assertThat(onB.body()).isEqualTo(first.body());
            assertThat(onB.headers().firstValue("x-ladder-cost-usd")).contains("0");

            // scopes hold across replicas: another tenant does not see it
            HttpResponse<String> otherTenant = b.post("/v1/chat/completions", body("You are a support bot.",
                    "How can I reset my password?", false), "x-ladder-feature", "faq", "Authorization",
                    "Bearer tenant-z");
            assertThat(cache(otherTenant)).isEqualTo("miss");
        }
    }
}
