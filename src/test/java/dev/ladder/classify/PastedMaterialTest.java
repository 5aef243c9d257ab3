package dev.ladder.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.model.Classification;
import dev.ladder.model.Tier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: retrieved context pasted into the user message does not by itself make a prompt complex; the
 * question decides. The material is a 780-word news article about two studies, pasted three times over (as
 * three retrieved chunks) to make a document of over 2,000 words.
 */
class PastedMaterialTest {

    static final String ARTICLE = read("rag-article.txt");
    static final String DOCUMENT = ARTICLE + "\n\n" + ARTICLE + "\n\n" + ARTICLE;

    static final String SUMMARISE = "Summarise this in one sentence.";
    static final String COMPARE = "Compare the methodology of the two studies above and derive, step by step, the "
            + "conditions under which their estimates of the cooling effect would contradict each other. Explain "
            + "which confounders each design controls for and prove which estimate is biased if income drives "
            + "both canopy and air conditioning.";

    final HeuristicClassifier heuristic = new HeuristicClassifier(HeuristicConfig.DEFAULTS);

    static String read(String name) {
        try (InputStream in = PastedMaterialTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Classification classify(String text) {
        return heuristic.classify(Requests.user(text));
    }

    @Test
    void theDocumentIsOverTwoThousandWords() {
        assertThat(AskSplit.words(DOCUMENT)).isGreaterThan(2000);
    }

    @Test
    void aLongArticleFollowedBySummariseThisIsSimple() {
        Classification c = classify(DOCUMENT + "\n\n" + SUMMARISE);

        assertThat(c.tier()).isEqualTo(Tier.SIMPLE);
        assertThat(c.features().get("tokens")).as("the tokens feature still counts the whole message")
                .isGreaterThan(2000.0);
    }

    @Test
    void theSameArticleFollowedByADemandingQuestionIsComplex() {
        assertThat(classify(DOCUMENT + "\n\n" + COMPARE).tier()).isEqualTo(Tier.COMPLEX);
    }

    @Test
    void anOpeningInstructionBeforeThePastedTextIsTheAskAndTheTextDoesNotChangeItsTier() {
        String instruction = "Summarise the following article in one sentence:";
        String prompt = instruction + "\n\n" + DOCUMENT;

        assertThat(AskSplit.of(prompt).ask()).isEqualTo(instruction);
        assertThat(classify(prompt).tier()).isEqualTo(classify(instruction).tier());
    }

    /** The default chain: the heuristic, then the shipped trained router when the heuristic is unsure. */
    @Test
    void theDefaultChainAgrees() {
        ClassifierChain chain = new ClassifierChain(List.of(new ClassifierChain.Link(heuristic,
                ClassifierSpec.DEFAULT_BAND), new ClassifierChain.Link(new TrainedClassifier(TrainedModel.loadDefault()),
                        0.0)));

        assertThat(chain.classify(Requests.user(DOCUMENT + "\n\n" + SUMMARISE)).tier()).isEqualTo(Tier.SIMPLE);
        assertThat(chain.classify(Requests.user(DOCUMENT + "\n\n" + COMPARE)).tier()).isEqualTo(Tier.COMPLEX);
    }

    @Test
    void labelledContextAndQuestionBlocksAreReadAsSuch() {
        String template = "Answer the question using only the context below.\n\nContext:\n" + DOCUMENT
                + "\n\nQuestion: %s";

        assertThat(classify(template.formatted("How many street trees will the council plant?")).tier())
                .isEqualTo(Tier.SIMPLE);
        assertThat(classify(template.formatted(COMPARE)).tier()).isEqualTo(Tier.COMPLEX);
    }

    @Test
    void documentTagsMarkTheMaterialToo() {
        String prompt = "<document>\n" + DOCUMENT + "\n</document>\n\nWhat is the title of this article?";

        assertThat(AskSplit.of(prompt).ask()).isEqualTo("What is the title of this article?");
        assertThat(classify(prompt).tier()).isEqualTo(Tier.SIMPLE);
    }

    @Test
    void thePastedMaterialStillRaisesTheScoreALittle() {
        double alone = classify(SUMMARISE).score();
        double pasted = classify(DOCUMENT + "\n\n" + SUMMARISE).score();

        assertThat(pasted).isGreaterThan(alone);
    }

    @Test
    void aLongSpecificationWithARequirementsListStaysWhole() {
        StringBuilder spec = new StringBuilder("Design a distributed rate limiter for our API gateway.\n\n");
        for (int i = 1; i <= 30; i++) {
            spec.append("- requirement ").append(i).append(": the limiter must keep per-tenant quotas consistent "
                    + "across regions within one second, survive the loss of a node, and expose its state\n");
        }
        spec.append("\nExplain how you would test this.");

        assertThat(AskSplit.of(spec.toString()).split()).isFalse();
        assertThat(classify(spec.toString()).tier()).isEqualTo(Tier.COMPLEX);
    }

    @Test
    void pastedCodeIsNotMaterial() {
        String code = "```java\n" + "int total = 0;\nfor (int i = 0; i < n; i++) {\n    total += values[i] * i;\n}\n"
                .repeat(40) + "```";
        String prompt = code + "\n\nSummarise this.";

        assertThat(AskSplit.of(prompt).split()).isFalse();
    }

    @Test
    void aShortMessageIsNeverSplit() {
        String prompt = "Context: the meeting is on Tuesday.\nQuestion: when is the meeting?";

        assertThat(AskSplit.of(prompt).split()).isFalse();
        assertThat(AskSplit.of(prompt).ask()).isEqualTo(prompt);
    }
}
