package dev.ladder.embed;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The lean ONNX Runtime embedder computes the same sentence embeddings as the langchain4j model class. */
class LeanEmbedderTest {

    @Test
    void bothRunsOfMiniLmAgreeOnEveryText() {
        String[] texts = {"hi", "What is the capital of France?",
            "Design a fault-tolerant distributed job scheduler and analyse its failure modes in detail."};
        for (String t : texts) {
            float[] a = Embedders.miniLm().embed(t);
            float[] b = Embedders.miniLmLean().embed(t);
            assertThat(a).hasSize(384);
            assertThat(b).hasSize(384);
            assertThat(Vectors.dot(a, b)).as(t).isGreaterThan(0.9999f);
        }
    }

    @Test
    void differentTextsStillEmbedDifferently() {
        float[] a = Embedders.miniLmLean().embed("The cat sat on the mat.");
        float[] b = Embedders.miniLmLean().embed("Quarterly revenue grew by twelve percent.");

        assertThat(Vectors.dot(a, b)).isLessThan(0.5f);
        assertThat(Vectors.dot(a, a)).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-4f));
    }
}
