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
     */
    boolean reserve(Charge charge, long moreMicros);

    /** Replaces {@code charge}'s held amount by {@code actualMicros} on every account. */
    void settle(Charge charge, long actualMicros, SpendLine line);

    /** Spent plus held in {@code account}'s window. */
    long used(Account account);
}
