package dev.ladder.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.model.Tier;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GateTest {

    final InstantSource clock = InstantSource.fixed(Instant.parse("2026-12-06T12:00:00Z"));
    final MemoryLedger ledger = new MemoryLedger(LedgerJournal.NONE, clock);
    final Gate gate = new Gate(new MemoryRateLimiter(clock), ledger, clock);

    static VirtualKey key(Set<String> models, Set<Tier> tiers, Optional<Tier> maxTier, Limits limits) {
        return new VirtualKey("key_1", "sk-ladder-abcd…", "h", "k", Optional.empty(), Optional.empty(), List.of(),
                models, tiers, maxTier, limits, Optional.empty(), Optional.empty(), Instant.EPOCH);
    }

    @Test
    void aModelOutsideTheListOrAForcedTierAboveTheKeysIsForbidden() {
        Caller.Key c = new Caller.Key(key(Set.of("mini"), Set.of(), Optional.of(Tier.MEDIUM), Limits.NONE),
                Optional.empty());
        assertThat(gate.admit(c, "gpt", "ladder/auto", Optional.empty(), 10)).isInstanceOf(Gate.Verdict.Forbidden.class);
        assertThat(gate.admit(c, "ladder/auto", "ladder/auto", Optional.of(Tier.COMPLEX), 10))
                .isInstanceOf(Gate.Verdict.Forbidden.class);
        assertThat(gate.admit(c, "mini", "ladder/auto", Optional.empty(), 10)).isInstanceOf(Gate.Verdict.Pass.class);
        assertThat(((Gate.Verdict.Pass) gate.admit(c, "ladder/auto", "ladder/auto", Optional.empty(), 10)).ceiling())
                .contains(Tier.MEDIUM);
    }

    @Test
    void overTheCapShareOfItsBudgetAKeyIsRoutedNoHigherThanTheCapTier() {
        Limits limits = new Limits(Optional.of(new Limits.Budget(1.0, Period.MONTHLY)), 0, 0,
                Optional.of(new Limits.TierCap(80, Tier.SIMPLE)));
        Caller.Key c = new Caller.Key(key(Set.of(), Set.of(), Optional.empty(), limits), Optional.empty());
        assertThat(((Gate.Verdict.Pass) gate.admit(c, "ladder/auto", "ladder/auto", Optional.empty(), 10)).ceiling())
                .isEmpty();
        Account a = Account.of("key:key_1", limits.budget().get(), clock.instant());
        assertThat(ledger.reserve(new Charge("r1", "key_1", Optional.empty(), List.of(a), 0), 800_000)).isTrue();
        assertThat(((Gate.Verdict.Pass) gate.admit(c, "ladder/auto", "ladder/auto", Optional.empty(), 10)).ceiling())
                .contains(Tier.SIMPLE);
    }

    @Test
    void anEmptyTokenBucketLimitsTheRequestWithItsWait() {
        Caller.Key c = new Caller.Key(key(Set.of(), Set.of(), Optional.empty(),
                new Limits(Optional.empty(), 0, 1000, Optional.empty())), Optional.empty());
        assertThat(gate.admit(c, "ladder/auto", "ladder/auto", Optional.empty(), 600)).isInstanceOf(Gate.Verdict.Pass.class);
        Gate.Verdict second = gate.admit(c, "ladder/auto", "ladder/auto", Optional.empty(), 600);
        assertThat(second).isInstanceOf(Gate.Verdict.Limited.class);
        assertThat(((Gate.Verdict.Limited) second).admission().retryAfter().toMillis()).isEqualTo(12_000);
    }
}
