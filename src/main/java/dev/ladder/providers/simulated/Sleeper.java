package dev.ladder.providers.simulated;

import java.time.Duration;

/**
 * How the simulator waits: the time-to-first-token, the pause per token, the wait of a call that times out.
 * Production uses {@link #real()}; tests inject one that records the durations instead of sleeping.
 */
@FunctionalInterface
public interface Sleeper {

    /** Waits {@code duration} (zero or negative: returns at once). */
    void sleep(Duration duration) throws InterruptedException;

    /** Really sleeps, on the calling (virtual) thread. */
    static Sleeper real() {
        return duration -> {
            if (duration.isPositive()) {
                Thread.sleep(duration);
            }
        };
    }
}
