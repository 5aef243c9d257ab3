package dev.ladder.resilience;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An exponentially weighted moving average of latencies: each sample moves the average {@code alpha} of the
 * way towards it (the first sample sets it). Lock-free.
 */
final class Ewma {

    static final double DEFAULT_ALPHA = 0.2;
    private static final long EMPTY = Double.doubleToRawLongBits(-1);

    private final double alpha;
    private final AtomicLong bits = new AtomicLong(EMPTY);

    Ewma(double alpha) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1]");
        }
        this.alpha = alpha;
    }

    void add(Duration sample) {
        double x = sample.toNanos();
        bits.updateAndGet(b -> {
            double current = Double.longBitsToDouble(b);
            return Double.doubleToRawLongBits(current < 0 ? x : current + alpha * (x - current));
        });
    }

    Optional<Duration> value() {
        double v = Double.longBitsToDouble(bits.get());
        return v < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(Math.round(v)));
    }
}
