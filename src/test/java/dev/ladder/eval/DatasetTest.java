package dev.ladder.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {

    @TempDir
    Path dir;

    private Path csv(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void readsCorrectnessAndScoresFromSeveralFilesAndDropsExcludedPrompts() throws IOException {
        Path a = csv("math.csv", "prompt,weak,strong\n\"two\nlines, quoted\",True,false\nskip me,False,True\n");
        Path b = csv("law.csv", "strong,prompt,weak\n7.5,judge this,3\n");

        Dataset d = Dataset.load(List.of(a, b), List.of("weak", "strong"), Set.of("skip me"));

        assertThat(d.prompts()).containsExactly("two\nlines, quoted", "judge this");
        assertThat(d.groups()).containsExactly("math", "law");
        assertThat(d.column("weak")).containsExactly(1, 3);
        assertThat(d.column("strong")).containsExactly(0, 7.5);
    }

    @Test
    void errorsNameTheFileAndWhatIsWrong() throws IOException {
        Path noPrompt = csv("a.csv", "question,weak,strong\nq,True,True\n");
        Path noColumn = csv("b.csv", "prompt,weak\nq,True\n");
        Path badValue = csv("c.csv", "prompt,weak,strong\nq,maybe,True\n");

        assertThatThrownBy(() -> Dataset.load(List.of(noPrompt), List.of("weak", "strong"), Set.of()))
                .isInstanceOf(EvalException.class).hasMessageContaining("a.csv: no 'prompt' column");
        assertThatThrownBy(() -> Dataset.load(List.of(noColumn), List.of("weak", "strong"), Set.of()))
                .hasMessageContaining("b.csv: no column 'strong'");
        assertThatThrownBy(() -> Dataset.load(List.of(badValue), List.of("weak", "strong"), Set.of()))
                .hasMessageContaining("c.csv: record 1, column 'weak': 'maybe' is neither True/False nor a number");
        assertThatThrownBy(() -> Dataset.load(List.of(dir.resolve("none.csv")), List.of("weak"), Set.of()))
                .hasMessageContaining("none.csv: no such file");
    }

    @Test
    void exclusionListsTakeRouteLlmObjectsPlainStringsOrPromptFields() throws IOException {
        Path jsonl = Files.writeString(dir.resolve("x.jsonl"),
                "{\"train_prompt\":\"t\",\"eval_prompt\":\"one\",\"train_idx\":1}\n\"two\"\n\n{\"prompt\":\"three\"}\n");

        assertThat(Exclusions.load(List.of(jsonl))).containsExactlyInAnyOrder("one", "two", "three");
        Path bad = Files.writeString(dir.resolve("bad.jsonl"), "{\"other\":1}\n");
        assertThatThrownBy(() -> Exclusions.load(List.of(bad))).hasMessageContaining("bad.jsonl: line 1");
    }

    @Test
    void theLabelIsStrongNeededWeakBelowStrong() {
        assertThat(Labels.strongNeeded(new double[] {0, 0, 1, 1, 3}, new double[] {1, 0, 0, 1, 8}))
                .containsExactly(1, 0, 0, 0, 1);
    }
}
