package dev.ladder.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.embed.Embedders;
import dev.ladder.model.Classification;
import dev.ladder.model.Tier;
import dev.ladder.pipeline.Exchanges;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The kNN classifier with the real shipped MiniLM model and the shipped exemplars (prompts not among them). */
@Tag("slow")
class KnnClassifierTest {

    static final KnnClassifier KNN = KnnClassifier.of(Embedders.miniLmLean(), Optional.empty(), KnnClassifier.DEFAULT_K);

    static Classification classify(String prompt) {
        return KNN.classify(Exchanges.request("ladder/auto", prompt, false));
    }

    @Test
    void unseenShortFactualQuestionsAreSimple() {
        assertThat(classify("What is the capital city of Italy?").tier()).isEqualTo(Tier.SIMPLE);
        assertThat(classify("Translate 'thank you' to German.").tier()).isEqualTo(Tier.SIMPLE);
    }

    @Test
    void unseenSystemDesignIsComplexAndAProofIsNotSimple() {
        assertThat(classify("Design a fault-tolerant distributed job scheduler and analyse its failure modes.").tier())
                .isEqualTo(Tier.COMPLEX);
        assertThat(classify("Prove that the square root of 3 is irrational, step by step.").tier())
                .isNotEqualTo(Tier.SIMPLE);
    }

    @Test
    void confidenceIsTheWinningShareOfTheVoteAndFeaturesAreRecorded() {
        Classification c = classify("Write a short friendly email inviting my team to lunch on Thursday.");

        assertThat(c.confidence()).isBetween(1.0 / 3, 1.0);
        assertThat(c.classifier()).isEqualTo("knn");
        assertThat(c.features()).containsKeys("knn_simple", "knn_medium", "knn_complex", "knn_top_similarity");
    }

    @Test
    void aLongPromptIsCutToTheWordsTheModelReads() {
        String longText = "word ".repeat(500);

        assertThat(KnnClassifier.ask(longText).split(" ")).hasSize(KnnClassifier.MAX_WORDS);
        assertThat(Embedders.miniLmLean().truncates(KnnClassifier.ask(longText))).isFalse();
    }

    @Test
    void exemplarFilesAreCheckedLineByLine() {
        assertThatThrownBy(() -> KnnClassifier.parse(new ByteArrayInputStream(
                "simple\thi\nhuge\twhat\n".getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("line 2").hasMessageContaining("huge");
    }
}
