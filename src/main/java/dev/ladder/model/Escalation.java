package dev.ladder.model;

import static java.util.Objects.requireNonNull;

/**
 * A request moved up a tier: from where, to where, what caused it and why, as the decision log keeps it.
 */
public record Escalation(Tier from, Tier to, Cause cause, String reason) {

    /** What made the request move up. */
    public enum Cause {
        /** Validation rejected the lower tier's answer (cascade). */
        VALIDATION,
        /** Every deployment of the lower tier failed. */
        FAILURE;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Escalation {
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        requireNonNull(cause, "cause is null");
        requireNonNull(reason, "reason is null");
        if (!to.isAbove(from)) {
            throw new IllegalArgumentException("an escalation goes up: " + from + " -> " + to);
        }
    }
}
