package dev.ladder.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThresholdsTest {

    @Test
    void eachThresholdAlertsOncePerWindowAsSpendCrossesIt() {
        List<BudgetAlert> seen = new ArrayList<>();
        Thresholds t = new Thresholds(BudgetAlerts.DEFAULT_THRESHOLDS, seen::add,
                InstantSource.fixed(Instant.parse("2026-12-06T00:00:00Z")));
        Account a = new Account("key:k", Instant.parse("2026-12-01T00:00:00Z"), 1_000_000);
        t.check(a, 400_000);
        assertThat(seen).isEmpty();
        t.check(a, 850_000);
        t.check(a, 900_000);
        assertThat(seen).extracting(BudgetAlert::thresholdPercent).containsExactly(50, 80);
        t.check(a, 1_000_000);
        assertThat(seen).extracting(BudgetAlert::thresholdPercent).containsExactly(50, 80, 100);
        Account nextMonth = new Account("key:k", Instant.parse("2027-01-01T00:00:00Z"), 1_000_000);
        t.check(nextMonth, 500_000);
        assertThat(seen).hasSize(4);
        assertThat(seen.getLast().usedUsd()).isEqualTo(0.5);
    }
}
