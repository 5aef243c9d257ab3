package dev.ladder.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.ladder.testing.Required;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's "routers that transfer", rerunnable: the shipped router's recipe scored leave-one-task-out on MMLU,
 * GSM8K (RouteLLM), ARC-Challenge and MBPP (RouterBench, evaluation only: fitted in memory, never written), with
 * the numbers docs/eval.md reports ("Routers on tasks they never saw"), within 0.01. The same as
 * {@code ladder eval --data ... --weak <Mixtral in RouteLLM>,<Mixtral in RouterBench> --strong gpt-4-1106-preview}.
 * The acceptance target, APGR >= 0.60 on each task, is NOT reached (MMLU, GSM8K and MBPP stay below it); these
 * assertions hold what is reached, so a change that makes it better or worse shows.
 */
@Tag("slow")
class LeaveOneTaskOutBenchmarkTest {

    static final String ROUTERBENCH_MIXTRAL = "mistralai/mixtral-8x7b-chat";

    /** APGR, CPT(50 %), CPT(80 %) and ECE per held-out task, as measured (docs/eval.md). */
    private static final Map<String, double[]> REPORTED = Map.of(
            "mmlu", new double[] {0.566, 0.382, 0.754, 0.169},
            "gsm8k", new double[] {0.593, 0.370, 0.680, 0.046},
            "arc-challenge", new double[] {0.608, 0.369, 0.669, 0.023},
            "mbpp", new double[] {0.538, 0.463, 0.727, 0.088});

    static Dataset fourTasks() {
        RouteLlmData.require();
        Path arc = Required.sharedData("routerbench/arc_challenge_train.csv");
        Path mbpp = Required.sharedData("routerbench/mbpp_train.csv");
        List<Path> files = new ArrayList<>(RouteLlmData.mmluFiles());
        files.add(RouteLlmData.gsm8kFile());
        files.add(arc);
        files.add(mbpp);
        return Dataset.loadAny(files, List.of(List.of(RouteLlmData.WEAK, ROUTERBENCH_MIXTRAL),
                List.of(RouteLlmData.STRONG)), RouteLlmData.contaminated());
    }

    /** About 15 s on an idle 2-core machine; the limit leaves room for a machine shared with other builds. */
    @Test
    @org.junit.jupiter.api.Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
    void theShippedRecipeOnEachTaskItNeverSawReachesTheReportedNumbers() {
        Dataset data = fourTasks();

        List<Evaluation.TaskResult> tasks = new Evaluation(RouteLlmData.WEAK, RouteLlmData.STRONG, 0, Optional.empty(),
                42, 100).leaveOneTaskOut(data, List.of(Routers.shipped()));

        assertThat(tasks).extracting(Evaluation.TaskResult::task)
                .containsExactly("mmlu", "gsm8k", "arc-challenge", "mbpp");
        for (Evaluation.TaskResult t : tasks) {
            RouterResult r = t.results().getFirst();
            double[] expected = REPORTED.get(t.task());
            assertThat(r.apgr()).as("%s APGR", t.task()).isCloseTo(expected[0], offset(0.01));
            assertThat(r.apgr()).as("%s above random", t.task()).isGreaterThan(0.5);
            assertThat(r.cpt50().getAsDouble()).as("%s CPT(50%%)", t.task()).isCloseTo(expected[1], offset(0.02));
            assertThat(r.cpt80().getAsDouble()).as("%s CPT(80%%)", t.task()).isCloseTo(expected[2], offset(0.02));
            assertThat(t.calibration().get("trained").ece()).as("%s ECE", t.task()).isCloseTo(expected[3], offset(0.02));
        }
    }
}
