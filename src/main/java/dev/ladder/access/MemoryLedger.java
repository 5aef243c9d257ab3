package dev.ladder.access;

import static java.util.Objects.requireNonNull;

import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The ledger of one node: counters in memory under one lock, written through the journal before a reservation
 * is granted, so a reservation that is acknowledged is durable and the counters never let two concurrent
 * requests both take the last of a budget. Starts from the journal (unsettled reservations at their reserved
 * amount).
 */
public final class MemoryLedger implements Ledger {

    private final ReentrantLock lock = new ReentrantLock();

    private final LedgerJournal journal;
    private final InstantSource clock;
    private final Map<String, Long> used;

    public MemoryLedger(LedgerJournal journal, InstantSource clock) {
        this.journal = requireNonNull(journal, "journal is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.used = new HashMap<>(journal.usedBySlot());
    }

    @Override
    public boolean reserve(Charge charge, long moreMicros) {
        lock.lock();
        try {
            for (Account a : charge.accounts()) {
                if (used.getOrDefault(a.slot(), 0L) + moreMicros > a.limitMicros()) {
                    return false;
                }
            }
            journal.reserved(charge, moreMicros, clock.instant());
            charge.accounts().forEach(a -> used.merge(a.slot(), moreMicros, Long::sum));
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void settle(Charge charge, long actualMicros, SpendLine line) {
        lock.lock();
        try {
            journal.settled(charge, actualMicros, line, clock.instant());
            long delta = actualMicros - charge.micros();
            charge.accounts().forEach(a -> used.merge(a.slot(), delta, Long::sum));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long used(Account account) {
        lock.lock();
        try {
            return used.getOrDefault(account.slot(), 0L);
        } finally {
            lock.unlock();
        }
    }
}
