package dev.ladder.access;

import static java.util.Objects.requireNonNull;

import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Raises each alert threshold of an account at most once per window (in this process). */
final class Thresholds {

    private final List<Integer> percents;
    private final BudgetAlerts alerts;
    private final InstantSource clock;
    private final Set<String> raised = ConcurrentHashMap.newKeySet();

    Thresholds(List<Integer> percents, BudgetAlerts alerts, InstantSource clock) {
        this.percents = List.copyOf(percents);
        this.alerts = requireNonNull(alerts, "alerts is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Alerts for every threshold {@code usedMicros} has reached in {@code account} and that was not raised yet. */
    void check(Account account, long usedMicros) {
        if (account.limitMicros() <= 0) {
            return;
        }
        for (int p : percents) {
            if (usedMicros * 100 >= (long) p * account.limitMicros() && raised.add(account.slot() + "#" + p)) {
                alerts.crossed(new BudgetAlert(account.owner(), account.window(), p, Money.usd(usedMicros),
                        Money.usd(account.limitMicros()), clock.instant()));
            }
        }
    }
}
