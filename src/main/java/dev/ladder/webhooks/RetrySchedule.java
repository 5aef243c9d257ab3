package dev.ladder.webhooks;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When to try an event again: after {@code failed} failed tries, the {@code failed}-th wait of the schedule with
 * up to a fifth of it added or taken away at random (so receivers that come back are not hit by every sender at
 * once); none after the last wait: the event is dead.
 */
public final class RetrySchedule {

    static final double JITTER = 0.2;

    private final List<Duration> waits;

    public RetrySchedule(List<Duration> waits) {
        this.waits = List.copyOf(waits);
    }

    public Optional<Duration> next(int failed, RandomGenerator random) {
        if (failed < 1 || failed > waits.size()) {
            return Optional.empty();
        }
        Duration wait = waits.get(failed - 1);
        double factor = 1 + (random.nextDouble() * 2 - 1) * JITTER;
        return Optional.of(Duration.ofMillis(Math.round(wait.toMillis() * factor)));
    }

    /** How many tries an event gets in all. */
    public int maxTries() {
        return waits.size() + 1;
    }
}
