package dev.ladder.access;

import java.lang.System.Logger.Level;
import java.util.List;

/**
 * Where budget alerts go. The gateway logs them ({@link #LOG}); a webhook outbox can be added beside it with
 * {@link #both}.
 */
@FunctionalInterface
public interface BudgetAlerts {

    void crossed(BudgetAlert alert);

    /** Thresholds, in percent of a budget, that raise an alert when first reached in a window. */
    List<Integer> DEFAULT_THRESHOLDS = List.of(50, 80, 100);

    /** Writes each alert to the log at WARNING. */
    BudgetAlerts LOG = alert -> System.getLogger(BudgetAlerts.class.getName()).log(Level.WARNING,
            () -> "budget alert: " + alert.owner() + " reached " + alert.thresholdPercent() + " % of its budget ("
                    + String.format(java.util.Locale.ROOT, "%.6f of %.6f USD", alert.usedUsd(), alert.limitUsd())
                    + ") in the window starting " + alert.window());

    static BudgetAlerts both(BudgetAlerts a, BudgetAlerts b) {
        return alert -> {
            a.crossed(alert);
            b.crossed(alert);
        };
    }
}
