package dev.ladder.validate;

import static java.util.Objects.requireNonNull;


/** One member's verdict within an {@link Assessment}, as the decision log shows it. */
public record Check(String validator, double weight, boolean hard, Verdict verdict) {

    public Check {
        requireNonNull(validator, "validator is null");
        requireNonNull(verdict, "verdict is null");
    }

    /** True when this check alone fails the composite: a hard member's failure, or a schema failure. */
    public boolean failsHard() {
        return verdict instanceof Verdict.Fail f && (hard || f.reason().alwaysHard());
    }
}
