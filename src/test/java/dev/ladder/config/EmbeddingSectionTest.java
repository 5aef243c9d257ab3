package dev.ladder.config;

import static dev.ladder.config.ConfigFixtures.MINIMAL;
import static dev.ladder.config.ConfigFixtures.errors;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.model.EmbeddingSpec;
import dev.ladder.model.Price;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingSectionTest {

    private static final String WITH_HTTP = MINIMAL.replace("providers:\n", """
            providers:
              oa: {kind: openai, base_url: "https://api.openai.com/v1"}
              az: {kind: azure, base_url: "https://x.openai.azure.com?api-version=2024-10-21", api_key: k}
              an: {kind: anthropic, base_url: "https://api.anthropic.com", api_key: k}
            """);

    @TempDir
    Path dir;

    @Test
    void withoutTheSectionThereAreNoEmbeddingDeployments() {
        assertThat(ConfigLoader.parse(MINIMAL, dir, Map.of()).embeddings()).isEmpty();
    }

    @Test
    void deploymentsMapToTheirProviderModelAndInputPrice() {
        LadderConfig c = ConfigLoader.parse(WITH_HTTP + """
                embeddings:
                  text-embedding-3-small: {provider: oa, price: {input: 0.02}}
                  ada-eu: {provider: az, model: ada-deployment}
                  minilm: {provider: local}
                """, dir, Map.of());

        assertThat(c.embeddings()).containsExactly(
                Map.entry("text-embedding-3-small", new EmbeddingSpec("text-embedding-3-small", "oa",
                        "text-embedding-3-small", new Price(0.02, 0))),
                Map.entry("ada-eu", new EmbeddingSpec("ada-eu", "az", "ada-deployment", Price.FREE)),
                Map.entry("minilm", new EmbeddingSpec("minilm", "local", EmbeddingSection.LOCAL_MODEL, Price.FREE)));
    }

    @Test
    void aProviderWithoutAnEmbeddingsApiAnUnknownOneOrAnotherLocalModelIsRejected() {
        assertThat(errors(WITH_HTTP + """
                embeddings:
                  e1: {provider: an}
                  e2: {provider: oaa}
                  e3: {provider: local, model: bge-large}
                  fast: {provider: oa}
                  e4: {provider: oa, price: {input: -1, output: 2}}
                """, dir)).containsExactly(
                "embeddings.e1.provider: 'an' is anthropic; embeddings need an openai or azure provider, or local",
                "embeddings.e2.provider: unknown provider 'oaa'; did you mean 'oa'?",
                "embeddings.e3.model: the local provider serves only all-MiniLM-L6-v2",
                "embeddings.fast: 'fast' is already a chat model name; an embedding deployment needs its own name",
                "embeddings.e4.price.output: unknown key; expected one of input",
                "embeddings.e4.price.input: must be >= 0");
    }
}
