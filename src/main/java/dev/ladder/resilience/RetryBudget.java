package dev.ladder.resilience;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A token bucket that bounds retries across the gateway, so that in an outage retries cannot multiply the
 * load on upstreams: every request deposits {@code ratio} of a token, time deposits {@code minPerSecond}
 * tokens a second, and each retry withdraws a whole one. In steady state, retries are at most
 * {@code ratio} x requests + {@code minPerSecond} a second. The bucket holds at most
 * {@value #BURST_SECONDS} seconds of the floor (and never less than {@value #MIN_CAPACITY} tokens); it
 * starts with one second's worth. Thread-safe.
 */
public final class RetryBudget {

    static final int BURST_SECONDS = 10;
    static final double MIN_CAPACITY = 10;
    private static final double EPSILON = 1e-9;

    private final double ratio;
    private final double minPerSecond;
    private final double capacity;
    private final InstantSource clock;
    private final ReentrantLock lock = new ReentrantLock();
    private double balance;
    private Instant refilledAt;

    public RetryBudget(double ratio, double minPerSecond, InstantSource clock) {
        this.ratio = ratio;
        this.minPerSecond = minPerSecond;
        this.clock = requireNonNull(clock, "clock is null");
        this.capacity = Math.max(MIN_CAPACITY, minPerSecond * BURST_SECONDS);
        this.balance = Math.min(capacity, minPerSecond);
        this.refilledAt = clock.instant();
    }

    public static RetryBudget of(RetryConfig config, InstantSource clock) {
        return new RetryBudget(config.budgetRatio(), config.budgetMinPerSecond(), clock);
    }

    /** A request arrived: it earns the gateway {@code ratio} of a retry. */
    public void deposit() {
        lock.lock();
        try {
            refill();
            balance = Math.min(capacity, balance + ratio);
        } finally {
            lock.unlock();
        }
    }

    /** Takes one retry from the budget; false (and nothing taken) when less than one is left. */
    public boolean tryWithdraw() {
        lock.lock();
        try {
            refill();
            // fractions of a token add up with rounding errors: five deposits of 0.2 are a whole retry
            if (balance < 1 - EPSILON) {
                return false;
            }
            balance = Math.max(0, balance - 1);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Retries currently available (fractional). */
    public double balance() {
        lock.lock();
        try {
            refill();
            return balance;
        } finally {
            lock.unlock();
        }
    }

    private void refill() {
        Instant now = clock.instant();
        Duration elapsed = Duration.between(refilledAt, now);
        if (elapsed.isPositive()) {
            balance = Math.min(capacity, balance + minPerSecond * elapsed.toNanos() / 1e9);
            refilledAt = now;
        }
    }
}
