package dev.ladder.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class RecordedRunsTest {

    static List<List<String>> rows(List<String>... rows) {
        return List.of(rows);
    }

    @Test
    void routerBenchsShapeIsReadWithItsPythonLiteralsUnwrappedAndMissingScoresLeftOut() {
        List<RecordedRuns.Run> runs = RecordedRuns.parse(rows(
                List.of("sample_id", "prompt", "eval_name", "a", "b", "a|model_response", "b|model_response",
                        "a|total_cost", "b|total_cost"),
                List.of("1", "['Which?\\nA) x\\nB) y']", "arc", "1.0", "", "['B\\n']", "['']", "0.001", ""),
                List.of("2", "[\"It's it\"]", "arc", "0.0", "1.0", "['A']", "['B']", "0.002", "0.05")), "file");

        assertThat(runs).hasSize(2);
        assertThat(runs.get(0).prompt()).isEqualTo("Which?\nA) x\nB) y");
        assertThat(runs.get(0).task()).isEqualTo("arc");
        assertThat(runs.get(0).answers()).containsOnlyKeys("a");
        assertThat(runs.get(0).answers().get("a")).isEqualTo(new RecordedRuns.Recorded(1, "B\n",
                OptionalDouble.of(0.001)));
        assertThat(runs.get(1).prompt()).isEqualTo("It's it");
        assertThat(runs.get(1).answers().get("b").score()).isEqualTo(1.0);
        assertThat(RecordedRuns.models(runs)).containsExactly("a", "b");
    }

    @Test
    void routeLlmsShapeHasNoCostsAndTheFileNamesTheTask() {
        List<RecordedRuns.Run> runs = RecordedRuns.parse(rows(
                List.of("prompt", "weak", "strong", "weak_response", "strong_response"),
                List.of("2+2?", "True", "False", "#### 4", "#### 5")), "gsm8k_responses");

        assertThat(runs).singleElement().satisfies(r -> {
            assertThat(r.task()).isEqualTo("gsm8k_responses");
            assertThat(r.answers().get("weak")).isEqualTo(new RecordedRuns.Recorded(1, "#### 4", OptionalDouble.empty()));
            assertThat(r.answers().get("strong").score()).isZero();
        });
    }

    @Test
    void dataWithoutRecordedAnswersIsRefusedWithTheReason() {
        assertThatThrownBy(() -> RecordedRuns.parse(rows(List.of("prompt", "weak", "strong"),
                List.of("q", "True", "False")), "mmlu")).hasMessageContaining("no recorded answers");
    }
}
