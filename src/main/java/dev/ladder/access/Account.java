package dev.ladder.access;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One budget in its current window: {@code owner} is {@code key:<id>} or {@code team:<name>}, {@code window}
 * the start of the period that holds now. {@link #slot()} names the counter it is kept in.
 */
public record Account(String owner, Instant window, long limitMicros) {

    public Account {
        requireNonNull(owner, "owner is null");
        requireNonNull(window, "window is null");
        if (limitMicros < 0) {
            throw new IllegalArgumentException("limitMicros must be >= 0");
        }
    }

    /** The counter's name: owner and window start, e.g. {@code key:key_ab12@1764979200}. */
    public String slot() {
        return owner + "@" + window.getEpochSecond();
    }

    public static Account of(String owner, Limits.Budget budget, Instant now) {
        return new Account(owner, budget.period().windowStart(now), budget.micros());
    }
}
