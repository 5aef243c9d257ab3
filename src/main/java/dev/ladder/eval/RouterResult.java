package dev.ladder.eval;

import static java.util.Objects.requireNonNull;

import java.util.OptionalDouble;

/**
 * One router's evaluation: its curve, its scores per row (empty for the oracle) and how they were obtained.
 *
 * @param method how the scores were obtained: "as is", "5-fold cross-validation", "trained on ..."
 */
public record RouterResult(String router, String method, RoutingCurve curve, double[] scores, int n, int steps) {

    public RouterResult {
        requireNonNull(router, "router is null");
        requireNonNull(method, "method is null");
        requireNonNull(curve, "curve is null");
        requireNonNull(scores, "scores is null");
    }

    public double apgr() {
        return curve.apgr(steps);
    }

    public OptionalDouble cpt50() {
        return curve.cpt(0.5);
    }

    public OptionalDouble cpt80() {
        return curve.cpt(0.8);
    }
}
