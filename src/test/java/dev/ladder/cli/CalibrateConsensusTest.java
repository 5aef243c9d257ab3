package dev.ladder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ladder calibrate --samples}: the consensus validator's min_agreement from recorded answers. */
class CalibrateConsensusTest {

    @TempDir
    Path dir;

    /**
     * RouterBench's shape, four choice questions: where cheap and peer agree the cheap answer is right (rows 1, 2);
     * where they disagree it is wrong and the frontier is right (rows 3, 4).
     */
    private Path recorded() throws IOException {
        String q = "Which is it?\\nA) one\\nB) two\\nC) three\\nD) four\\nAnswer:";
        StringBuilder csv = new StringBuilder("prompt,eval_name,cheap,peer,frontier,cheap|model_response,"
                + "peer|model_response,frontier|model_response,cheap|total_cost,peer|total_cost,frontier|total_cost\n");
        String[][] rows = {{"1.0", "1.0", "1.0", "A", "A", "A"}, {"1.0", "0.0", "1.0", "B", "B", "C"},
            {"0.0", "1.0", "1.0", "C", "D", "D"}, {"0.0", "0.0", "1.0", "A", "B", "C"}};
        for (int i = 0; i < rows.length; i++) {
            String[] r = rows[i];
            csv.append("\"['").append(q.replace("Which", "Which " + i)).append("']\",quiz,").append(r[0]).append(',')
                    .append(r[1]).append(',').append(r[2]).append(",\"['").append(r[3]).append("']\",\"['").append(r[4])
                    .append("']\",\"['").append(r[5]).append("']\",0.001,0.001,0.01\n");
        }
        return Files.writeString(dir.resolve("quiz.csv"), csv);
    }

    @Test
    void recommendsTheAgreementShareThatReachesTheTargetQualityAndPrintsTheConfig() throws IOException {
        CliRun run = CliRun.of("calibrate", "--data", recorded().toString(), "--weak", "cheap", "--strong", "frontier",
                "--samples", "peer", "--target-quality", "1.0");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("4 prompts; answering cheap 0.5000, frontier frontier 1.0000")
                .contains("keep the answer when at least 1 of the answers agree: escalates 50.0 % of calls, "
                        + "quality 1.0000")
                .contains("consensus:").contains("models: [peer]").contains("min_agreement: 1");
    }

    @Test
    void aTargetShareOfEscalationsIsMetWithTheShareItReallyGives() throws IOException {
        CliRun run = CliRun.of("calibrate", "--data", recorded().toString(), "--weak", "cheap", "--strong", "frontier",
                "--samples", "peer", "--target-strong-share", "0");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("escalates 0.0 % of calls, quality 0.5000");
    }

    @Test
    void whenEveryAnswerScoresTheSameNoMinAgreementCanReachAHigherQualityAndItSaysSo() throws IOException {
        // compared as numbers, letter answers have nothing to compare: every one scores 0
        CliRun run = CliRun.of("calibrate", "--data", recorded().toString(), "--weak", "cheap", "--strong", "frontier",
                "--samples", "peer", "--kind", "number", "--target-quality", "1.0");

        assertThat(run.exit()).isNotZero();
        assertThat(run.out()).contains("similarity default: only by escalating every answer");
        assertThat(run.err()).contains("no agreement threshold reaches the target");
    }
}
