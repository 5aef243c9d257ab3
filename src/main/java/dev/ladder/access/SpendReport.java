package dev.ladder.access;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Spend of keyed traffic from the ledger, grouped one way: cost, tokens, requests and savings vs the baseline. */
public interface SpendReport {

    List<Row> spend(By by, Optional<Instant> since);

    enum By {
        KEY, TEAM, MODEL, TIER, FEATURE, DAY;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<By> parse(String s) {
            for (By b : values()) {
                if (b.wireName().equalsIgnoreCase(s.strip())) {
                    return Optional.of(b);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * One group: {@code costUsd} counts unsettled reservations at their reserved amount (a request in flight,
     * or one whose process died); {@code baselineUsd} is what the settled requests' tokens would have cost on
     * the all-frontier baseline.
     */
    record Row(String group, long requests, long promptTokens, long completionTokens, double costUsd,
            double baselineUsd, long unsettled) {
        public Row {
            requireNonNull(group, "group is null");
        }

        public double savingsUsd() {
            return baselineUsd - costUsd;
        }
    }
}
