package dev.ladder.access;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/** Token buckets of one node, under one lock, on an injected clock. */
public final class MemoryRateLimiter implements RateLimiter {

    private final ReentrantLock lock = new ReentrantLock();

    private final InstantSource clock;
    private final Map<String, Level> buckets = new HashMap<>();

    /** A bucket's tokens at {@code atNanos}. */
    private static final class Level {
        double tokens;
        long atNanos;

        Level(double tokens, long atNanos) {
            this.tokens = tokens;
            this.atNanos = atNanos;
        }
    }

    public MemoryRateLimiter(InstantSource clock) {
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public Admission admit(List<Bucket> wanted) {
        lock.lock();
        try {
            long nowNanos = nanos();
            List<Level> levels = new ArrayList<>();
            Duration wait = Duration.ZERO;
            for (Bucket b : wanted) {
                Level level = buckets.computeIfAbsent(b.name(), n -> new Level(b.perMinute(), nowNanos));
                refill(level, b, nowNanos);
                levels.add(level);
                if (level.tokens < b.cost()) {
                    wait = max(wait, TokenBucket.timeFor(b.cost() - level.tokens, b.perMinute()));
                }
            }
            boolean admitted = wait.isZero();
            List<State> states = new ArrayList<>();
            for (int i = 0; i < wanted.size(); i++) {
                Bucket b = wanted.get(i);
                Level level = levels.get(i);
                if (admitted) {
                    level.tokens -= b.cost();
                }
                states.add(new State(b, (long) Math.floor(level.tokens), TokenBucket.timeFor(b.perMinute() - level.tokens,
                        b.perMinute())));
            }
            return new Admission(admitted, wait, states);
        } finally {
            lock.unlock();
        }
    }

    private static void refill(Level level, Bucket b, long nowNanos) {
        double elapsedMinutes = Math.max(0, nowNanos - level.atNanos) / 60e9;
        level.tokens = Math.min(b.perMinute(), level.tokens + elapsedMinutes * b.perMinute());
        level.atNanos = nowNanos;
    }

    private long nanos() {
        java.time.Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
