package dev.ladder.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.classify.TrainingSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeaveOneTaskOutTest {

    /**
     * Three tasks; in each, the prompts the weak model fails carry a word of that task only ("alpha" in task a) and
     * the others another ("apple"). A router that has seen a task learns its words; held out, they are new.
     */
    private static Dataset tasksWithTheirOwnHardWord() {
        List<String> prompts = new ArrayList<>();
        List<String> tasks = new ArrayList<>();
        double[] weak = new double[120];
        double[] strong = new double[120];
        String[] names = {"a", "b", "c"};
        String[] hardWords = {"alpha", "bravo", "charlie"};
        String[] easyWords = {"apple", "banana", "cherry"};
        for (int i = 0; i < 120; i++) {
            int t = i % 3;
            boolean hard = (i / 3) % 4 == 0;
            prompts.add("question " + i + " of task " + names[t] + " " + (hard ? hardWords[t] : easyWords[t]));
            tasks.add(names[t]);
            weak[i] = hard ? 0 : 1;
            strong[i] = 1;
        }
        Map<String, double[]> columns = new HashMap<>();
        columns.put("weak", weak);
        columns.put("strong", strong);
        return new Dataset(prompts, tasks, tasks, columns);
    }

    private static final Router RECIPE = new Router.Trained("recipe",
            TrainingSpec.DEFAULTS.withBlocks(List.of("words")), Optional.empty());

    @Test
    void eachTaskIsScoredByARouterThatNeverSawIt() {
        Dataset data = tasksWithTheirOwnHardWord();
        Evaluation evaluation = new Evaluation("weak", "strong", 0, Optional.empty(), 42, 100);

        List<Evaluation.TaskResult> held = evaluation.leaveOneTaskOut(data, List.of(RECIPE, new Router.Random()));
        double crossValidated = new Evaluation("weak", "strong", 5, Optional.empty(), 42, 100)
                .run(data, List.of(RECIPE)).getFirst().apgr();

        assertThat(held).extracting(Evaluation.TaskResult::task).containsExactly("a", "b", "c");
        for (Evaluation.TaskResult t : held) {
            assertThat(t.trainingRows()).isEqualTo(80);
            RouterResult trained = t.results().getFirst();
            assertThat(trained.n()).isEqualTo(40);
            assertThat(trained.method()).contains("other tasks (80 rows)");
            assertThat(trained.apgr()).as("task %s held out", t.task()).isBetween(0.3, 0.7);
            assertThat(t.results().get(1).apgr()).isEqualTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(t.calibration()).containsOnlyKeys("recipe");
        }
        // a perfect ranking: APGR = 1 - (share needing the strong model) / 2 = 1 - 25 % / 2
        assertThat(crossValidated).as("the same recipe when every task is seen")
                .isCloseTo(0.875, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void oneTaskCannotBeLeftOutAndLotoExcludesFoldsAndTraining() {
        Dataset one = new Dataset(List.of("p1", "p2"), List.of("x", "x"), Map.of("weak", new double[] {0, 1},
                "strong", new double[] {1, 1}));

        assertThatThrownBy(() -> new Evaluation("weak", "strong", 0, Optional.empty(), 42, 100)
                .leaveOneTaskOut(one, List.of(RECIPE))).hasMessageContaining("at least two tasks");
        assertThatThrownBy(() -> new Evaluation("weak", "strong", 2, Optional.empty(), 42, 100)
                .leaveOneTaskOut(tasksWithTheirOwnHardWord(), List.of(RECIPE))).hasMessageContaining("excludes --folds");
    }
}
