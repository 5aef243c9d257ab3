package dev.ladder.access;

import java.util.Map;

/**
 * The durable side of the ledger: every reservation is written (and on disk as far as the database promises)
 * before its upstream call, every settlement after. A request whose reservation was never settled (the process
 * died) counts at its reserved amount.
 */
public interface LedgerJournal {

    /** Adds {@code charge}'s amount to the request's reservation (creating it on its first call). */
    void reserved(Charge charge, long moreMicros, java.time.Instant at);

    /** The request ended: its actual cost replaces the reservation. */
    void settled(Charge charge, long actualMicros, SpendLine line, java.time.Instant at);

    /** Every account slot's use at start: settled costs plus unsettled reservations at their reserved amount. */
    Map<String, Long> usedBySlot();

    /** A journal that keeps nothing (tests of the counting alone). */
    LedgerJournal NONE = new LedgerJournal() {
        @Override
        public void reserved(Charge charge, long moreMicros, java.time.Instant at) {
        }

        @Override
        public void settled(Charge charge, long actualMicros, SpendLine line, java.time.Instant at) {
        }

        @Override
        public Map<String, Long> usedBySlot() {
            return Map.of();
        }
    };
}
