package dev.ladder.access;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A budget crossed one of its alert thresholds (percent of the limit) in its current window: sent once per
 * account, window and threshold by this process.
 */
public record BudgetAlert(String owner, Instant window, int thresholdPercent, double usedUsd, double limitUsd,
        Instant at) {

    public BudgetAlert {
        requireNonNull(owner, "owner is null");
        requireNonNull(window, "window is null");
        requireNonNull(at, "at is null");
    }
}
