package dev.ladder.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MemoryLedgerTest {

    final InstantSource clock = InstantSource.fixed(Instant.parse("2026-12-06T12:00:00Z"));
    final Account key = new Account("key:k1", Instant.EPOCH, 1_000);
    final Account team = new Account("team:t", Instant.EPOCH, 10_000);

    @Test
    void concurrentReservationsNeverTakeMoreThanTheLimit() throws Exception {
        MemoryLedger ledger = new MemoryLedger(LedgerJournal.NONE, clock);
        AtomicInteger granted = new AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 500; i++) {
                int n = i;
                pool.submit(() -> {
                    if (ledger.reserve(new Charge("r" + n, "k1", Optional.of("t"), List.of(key, team), 0), 30)) {
                        granted.incrementAndGet();
                    }
                });
            }
        }
        assertThat(granted.get()).isEqualTo(33);
        assertThat(ledger.used(key)).isEqualTo(990);
        assertThat(ledger.used(team)).as("the team holds what the key holds").isEqualTo(990);
    }

    @Test
    void settlingReplacesTheHeldAmountByTheActualCost() {
        MemoryLedger ledger = new MemoryLedger(LedgerJournal.NONE, clock);
        Charge c = new Charge("r1", "k1", Optional.empty(), List.of(key), 0);
        assertThat(ledger.reserve(c, 800)).isTrue();
        assertThat(ledger.reserve(new Charge("r2", "k1", Optional.empty(), List.of(key), 0), 300)).isFalse();
        ledger.settle(c.plus(800), 120, SpendLine.NOTHING);
        assertThat(ledger.used(key)).isEqualTo(120);
        assertThat(ledger.reserve(new Charge("r2", "k1", Optional.empty(), List.of(key), 0), 300)).isTrue();
    }

    @Test
    void itStartsFromWhatTheJournalHoldsUnsettledReservationsIncluded() {
        LedgerJournal journal = new LedgerJournal() {
            @Override
            public void reserved(Charge charge, long moreMicros, Instant at) {
            }

            @Override
            public void settled(Charge charge, long actualMicros, SpendLine line, Instant at) {
            }

            @Override
            public Map<String, Long> usedBySlot() {
                return Map.of(key.slot(), 950L);
            }
        };
        MemoryLedger ledger = new MemoryLedger(journal, clock);
        assertThat(ledger.reserve(new Charge("r1", "k1", Optional.empty(), List.of(key), 0), 60)).isFalse();
        assertThat(ledger.reserve(new Charge("r1", "k1", Optional.empty(), List.of(key), 0), 50)).isTrue();
    }
}
