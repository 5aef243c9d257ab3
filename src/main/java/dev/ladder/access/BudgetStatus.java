package dev.ladder.access;

import static java.util.Objects.requireNonNull;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/** Where a key's budget stands in its current window: its limit, what is spent or held, and what is left. */
public record BudgetStatus(String keyId, String name, Period period, double limitUsd, double usedUsd) {

    public BudgetStatus {
        requireNonNull(keyId, "keyId is null");
        requireNonNull(name, "name is null");
        requireNonNull(period, "period is null");
    }

    public double remainingUsd() {
        return Math.max(0, limitUsd - usedUsd);
    }

    /** Every live key that has a budget, in the store's order. */
    public static List<BudgetStatus> of(KeyStore keys, Ledger ledger, InstantSource clock) {
        List<BudgetStatus> out = new ArrayList<>();
        for (VirtualKey k : keys.list()) {
            if (k.revoked() || k.expired(clock.instant()) || k.limits().budget().isEmpty()) {
                continue;
            }
            Limits.Budget b = k.limits().budget().get();
            Account a = Account.of("key:" + k.id(), b, clock.instant());
            out.add(new BudgetStatus(k.id(), k.name(), b.period(), b.usd(), Money.usd(ledger.used(a))));
        }
        return out;
    }
}
