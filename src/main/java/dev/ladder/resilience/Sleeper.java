package dev.ladder.resilience;

import java.time.Duration;

/** How a retry waits out its backoff. Production sleeps; tests record the waits and advance a clock. */
@FunctionalInterface
public interface Sleeper {

    /** Waits {@code duration}; zero or negative returns at once. */
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
