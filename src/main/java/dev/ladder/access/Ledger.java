package dev.ladder.access;

/**
 * Budget counters: a reservation succeeds on every account of a charge or on none, and only when each one stays
 * within its limit. Implementations: {@link MemoryLedger} (one node) and the Redis one in {@code store}
 * (replicas); both write through a {@link LedgerJournal} before they say yes.
 */
public interface Ledger {

    /**
     * Adds {@code moreMicros} to {@code charge} (whose {@code micros} is what it already holds) on every account,
     * or on none when any would go over its limit.
     *
     * @return false when the budget cannot take it
     * @throws Unavailable when the counters cannot be reached (a charge without accounts never throws)
     */
    boolean reserve(Charge charge, long moreMicros);

    /** Replaces {@code charge}'s held amount by {@code actualMicros} on every account. */
    void settle(Charge charge, long actualMicros, SpendLine line);

    /**
     * Spent plus held in {@code account}'s window.
     *
     * @throws Unavailable when the counters cannot be read now
     */
    long used(Account account);

    /**
     * The shared counters cannot be reached (or are being rebuilt from the journal): nothing was reserved. Budgets
     * fail closed, so the request is refused; {@code retryAfter} is when the counters may be back.
     */
    final class Unavailable extends RuntimeException {
        private final java.time.Duration retryAfter;

        public Unavailable(String message, java.time.Duration retryAfter) {
            super(message);
            this.retryAfter = java.util.Objects.requireNonNull(retryAfter, "retryAfter is null");
        }

        public java.time.Duration retryAfter() {
            return retryAfter;
        }
    }
}
