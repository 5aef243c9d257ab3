package dev.ladder.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class FrontierTest {

    @Test
    void policiesSendTheHighestScoresToTheMostExpensiveModelAndTheFrontierKeepsOnlyUndominatedOnes() {
        // two prompts: prompt 0 (score 0.9) only C answers, prompt 1 (score 0.1) everyone answers
        double[][] quality = {{0, 1}, {0, 1}, {1, 1}};
        double[][] cost = {{1, 1}, {2, 2}, {10, 10}};

        Frontier.Result r = Frontier.of(List.of("a", "b", "c"), new double[] {0.9, 0.1}, quality, cost, 2, 1);

        // shares in halves: (c, b) in {(0,0), (0,1/2), (0,1), (1/2,0), (1/2,1/2), (1,0)}
        assertThat(r.policies()).hasSize(6);
        // the best policy: prompt 0 on C, prompt 1 on A -> quality 1, cost (10 + 1) / 2
        Frontier.Policy best = r.frontier().getLast();
        assertThat(best.quality()).isEqualTo(1.0);
        assertThat(best.cost()).isCloseTo(5.5, within(1e-12));
        assertThat(best.shares()).containsExactly(0.5, 0, 0.5);
        assertThat(r.frontier()).extracting(Frontier.Policy::cost).containsExactly(1.0, 5.5);
        assertThat(r.single()).extracting(Frontier.Policy::quality).containsExactly(0.5, 0.5, 1.0);
    }

    @Test
    void itTakesExactlyThreeModels() {
        assertThatThrownBy(() -> Frontier.of(List.of("a", "b"), new double[1], new double[2][1], new double[2][1], 2, 1))
                .hasMessageContaining("exactly 3 models");
    }
}
