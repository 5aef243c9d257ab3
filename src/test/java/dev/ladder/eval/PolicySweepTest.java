package dev.ladder.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class PolicySweepTest {

    static RecordedRuns.Run run(double cheapScore, double cheapCost, double bigScore, double bigCost) {
        return new RecordedRuns.Run("t", "q", Map.of(
                "cheap", new RecordedRuns.Recorded(cheapScore, "x", OptionalDouble.of(cheapCost)),
                "big", new RecordedRuns.Recorded(bigScore, "x", OptionalDouble.of(bigCost))));
    }

    static PolicyReplay.Outcome outcome(String by, double q, double c) {
        return new PolicyReplay.Outcome(Optional.of(by), q, c, List.of(by), 0, by.equals("big"));
    }

    @Test
    void theHighestScoresStartAtTheFrontierFirstAndTheEndsAreTheTwoReplays() {
        List<RecordedRuns.Run> runs = List.of(run(1, 1, 1, 10), run(0, 1, 1, 10), run(1, 1, 1, 10),
                run(0, 1, 0, 10));
        double[] scores = {0.1, 0.9, 0.2, 0.5};
        List<PolicyReplay.Outcome> cheap = List.of(outcome("cheap", 1, 2), outcome("cheap", 0, 2),
                outcome("cheap", 1, 2), outcome("cheap", 0, 2));
        List<PolicyReplay.Outcome> top = List.of(outcome("big", 1, 10), outcome("big", 1, 10), outcome("big", 1, 10),
                outcome("big", 0, 10));

        PolicySweep.Result r = PolicySweep.of("t", scores, List.of(cheap.get(0), top.get(1), cheap.get(2), cheap.get(3)),
                cheap, top, runs, List.of("cheap", "big"), "big", 4);

        assertThat(r.points()).extracting(PolicySweep.Point::frontierShare).containsExactly(0.0, 0.25, 0.5, 0.75, 1.0);
        assertThat(r.shipped().quality()).isEqualTo(0.75);
        assertThat(r.shipped().cost()).isEqualTo(16);
        assertThat(r.shipped().frontierShare()).isEqualTo(0.25);
        assertThat(r.points().getFirst().quality()).isEqualTo(0.5);
        assertThat(r.points().getFirst().cost()).isEqualTo(8);
        // the prompt scored 0.9 goes first: it is the one the cheap start got wrong and the frontier right
        assertThat(r.points().get(1).quality()).isEqualTo(0.75);
        assertThat(r.points().get(1).threshold()).isEqualTo(0.9);
        assertThat(r.points().getLast().quality()).isEqualTo(0.75);
        assertThat(r.points().getLast().cost()).isEqualTo(40);
        assertThat(r.frontier()).isEqualTo(new PolicySweep.Single("big", 0.75, 40));
        assertThat(r.cheapest()).isEqualTo(new PolicySweep.Single("cheap", 0.5, 4));
        assertThat(r.oracle().quality()).isEqualTo(0.75);
        assertThat(r.oracle().cost()).isEqualTo(1 + 10 + 1 + 1);
    }

    @Test
    void theRandomMixIsTheLineFromTheCheapestToTheFrontierModel() {
        PolicySweep.Result r = new PolicySweep.Result("t", 1, new PolicySweep.Point(1, 0, 0, 0), List.of(), List.of(),
                new PolicySweep.Single("big", 0.9, 100), new PolicySweep.Single("cheap", 0.5, 10),
                new PolicySweep.Single("oracle", 1, 5));

        assertThat(r.randomMixQuality(55)).isCloseTo(0.7, within(1e-12));
        assertThat(r.randomMixQuality(5)).isEqualTo(0.5);
        assertThat(r.randomMixQuality(500)).isEqualTo(0.9);
    }
}
