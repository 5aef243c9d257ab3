package dev.ladder.resilience;

import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * A random generator safe to share between threads: every draw asks the calling thread's own
 * {@link ThreadLocalRandom}. (Capturing {@code ThreadLocalRandom.current()} once and sharing it would make every
 * thread draw from the capturing thread's generator, which its contract forbids.)
 */
public final class PerThreadRandom implements RandomGenerator {

    public static final RandomGenerator INSTANCE = new PerThreadRandom();

    private PerThreadRandom() {
    }

    @Override
    public long nextLong() {
        return ThreadLocalRandom.current().nextLong();
    }

    @Override
    public int nextInt() {
        return ThreadLocalRandom.current().nextInt();
    }

    @Override
    public int nextInt(int bound) {
        return ThreadLocalRandom.current().nextInt(bound);
    }

    @Override
    public int nextInt(int origin, int bound) {
        return ThreadLocalRandom.current().nextInt(origin, bound);
    }

    @Override
    public double nextDouble() {
        return ThreadLocalRandom.current().nextDouble();
    }

    @Override
    public double nextDouble(double bound) {
        return ThreadLocalRandom.current().nextDouble(bound);
    }
}
