package dev.ladder.access;

import static java.util.Objects.requireNonNull;

import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;

/**
 * The ledger of one node: counters in memory under one lock, written through the journal before a reservation
 * is granted, so a reservation that is acknowledged is durable and the counters never let two concurrent
 * requests both take the last of a budget. Starts from the journal (unsettled reservations at their reserved
 * amount).
 */
public final class MemoryLedger implements Ledger {

    private final LedgerJournal journal;
    private final InstantSource clock;
    private final Map<String, Long> used;

    public MemoryLedger(LedgerJournal journal, InstantSource clock) {
        this.journal = requireNonNull(journal, "journal is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.used = new HashMap<>(journal.usedBySlot());
    }

    @Override
    public synchronized boolean reserve(Charge charge, long moreMicros) {
        for (Account a : charge.accounts()) {
            if (used.getOrDefault(a.slot(), 0L) + moreMicros > a.limitMicros()) {
                return false;
            }
        }
        journal.reserved(charge, moreMicros, clock.instant());
        charge.accounts().forEach(a -> used.merge(a.slot(), moreMicros, Long::sum));
        return true;
    }

    @Override
    public synchronized void settle(Charge charge, long actualMicros, SpendLine line) {
        journal.settled(charge, actualMicros, line, clock.instant());
        long delta = actualMicros - charge.micros();
        charge.accounts().forEach(a -> used.merge(a.slot(), delta, Long::sum));
    }

    @Override
    public synchronized long used(Account account) {
        return used.getOrDefault(account.slot(), 0L);
    }
}
