package dev.ladder.resilience;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * A request's latency budget: it started at {@code start} and may last {@code budget}. Every upstream call's
 * timeout and every backoff is bounded by what remains, read from the injected clock.
 */
public record Deadline(Instant start, Duration budget) {

    public Deadline {
        requireNonNull(start, "start is null");
        requireNonNull(budget, "budget is null");
        if (!budget.isPositive()) {
            throw new IllegalArgumentException("budget must be > 0");
        }
    }

    public Instant end() {
        return start.plus(budget);
    }

    /** What is left of the budget at the clock's now; zero once it has run out. */
    public Duration remaining(InstantSource clock) {
        Duration left = Duration.between(clock.instant(), end());
        return left.isNegative() ? Duration.ZERO : left;
    }

    public boolean expired(InstantSource clock) {
        return remaining(clock).isZero();
    }

    /** {@code timeout}, cut down to what remains of the budget. */
    public Duration bound(Duration timeout, InstantSource clock) {
        Duration left = remaining(clock);
        return timeout.compareTo(left) <= 0 ? timeout : left;
    }
}
