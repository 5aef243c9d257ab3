package dev.ladder.providers.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayTableTest {

    private static final Path FIXTURE = fixture();

    private static Path fixture() {
        try {
            return Path.of(ReplayTableTest.class.getResource("replay-fixture.csv").toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ReplayTable strong() throws IOException {
        return ReplayTable.load(FIXTURE, "prompt", "strong_response");
    }

    @Test
    void multiLineAnswersWithDoubledQuotesAreReturnedExactlyAsRecorded() throws IOException {
        ReplayTable table = strong();

        assertThat(table.size()).isEqualTo(3);
        assertThat(table.answerFor("A farmer has 3 pens, each with 4 sheep.  How many sheep are there?"))
                .contains("Each pen holds 4 sheep and there are 3 pens, so 3 * 4 = 12.\n"
                        + "He said \"twelve\", and that's final, with a comma, too.");
    }

    @Test
    void leadingSpacesOfARecordedAnswerAreKept() throws IOException {
        ReplayTable weak = ReplayTable.load(FIXTURE, "prompt", "weak_response");

        assertThat(weak.answerFor("What is 2 + 2?")).contains(" 2 + 2 = 4.\n#### 4");
    }

    @Test
    void whitespaceDifferencesDoNotMatter() throws IOException {
        assertThat(strong().answerFor("  A farmer has 3 pens,\neach with 4 sheep. How many sheep are there?\n"))
                .contains(strong().answerFor("A farmer has 3 pens, each with 4 sheep.  How many sheep are there?")
                        .orElseThrow());
    }

    @Test
    void caseAndTypographicQuotesDoNotMatter() throws IOException {
        assertThat(strong().answerFor("tom's bike costs $120, and a helmet costs $30. What do both cost together?"))
                .contains("120 + 30 = 150, so $150.");
    }

    @Test
    void aPromptInsideAFewShotMessageMatchesAndTheLastQuestionWins() throws IOException {
        String fewShot = """
                Answer the last question.
                Question: What is 2 + 2?
                Answer: 4

                Question: A farmer has 3 pens, each with 4 sheep.  How many sheep are there?
                Answer:""";

        assertThat(strong().answerFor(fewShot)).hasValueSatisfying(a -> assertThat(a).startsWith("Each pen"));
    }

    @Test
    void aLongEnoughFragmentOfAPromptMatchesIt() throws IOException {
        assertThat(strong().answerFor("a helmet costs $30. What do both cost")).contains("120 + 30 = 150, so $150.");
    }

    @Test
    void aShortFragmentOrAnUnknownPromptMatchesNothing() throws IOException {
        assertThat(strong().answerFor("sheep")).isEmpty();
        assertThat(strong().answerFor("What is the capital of France?")).isEmpty();
    }

    @Test
    void theFirstRowWinsWhenPromptsRepeat() {
        ReplayTable table = ReplayTable.of(List.of("same", "same"), List.of("first", "second"));

        assertThat(table.answerFor("same")).contains("first");
    }

    @Test
    void aMissingColumnIsAnErrorNamingTheFileAndTheColumns() {
        assertThatThrownBy(() -> ReplayTable.load(FIXTURE, "prompt", "medium_response"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("replay-fixture.csv")
                .hasMessageContaining("medium_response")
                .hasMessageContaining("strong_response");
    }
}
