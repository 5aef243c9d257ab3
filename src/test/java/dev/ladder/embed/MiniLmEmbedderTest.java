package dev.ladder.embed;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The shipped model, loaded from its Maven artifact: nothing is downloaded. */
class MiniLmEmbedderTest {

    private static final Embedder MINI_LM = Embedders.miniLm();

    @Test
    void embeddings_are_unit_vectors_and_paraphrases_are_closer_than_unrelated_text() {
        float[] a = MINI_LM.embed("How do I learn Python quickly?");
        float[] b = MINI_LM.embed("What is the fastest way to learn Python?");
        float[] c = MINI_LM.embed("What is the boiling point of water at high altitude?");

        assertThat(a).hasSize(MINI_LM.dimensions());
        assertThat(Vectors.dot(a, a)).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-4f));
        assertThat(Vectors.dot(a, b)).isGreaterThan(0.8f).isGreaterThan(Vectors.dot(a, c) + 0.3f);
    }

    @Test
    void a_text_past_the_128_token_window_is_reported_as_truncated() {
        String longText = "word ".repeat(200);
        String shortText = "word ".repeat(100);

        assertThat(MINI_LM.maxTokens()).isEqualTo(128);
        assertThat(MINI_LM.truncates(shortText)).isFalse();
        assertThat(MINI_LM.truncates(longText)).isTrue();
        // the reason the cache refuses such text: what differs past the cut does not change the embedding
        float[] x = MINI_LM.embed(longText + " about cats");
        float[] y = MINI_LM.embed(longText + " about dogs");
        assertThat(Vectors.dot(x, y)).isGreaterThan(0.9999f);
    }
}
