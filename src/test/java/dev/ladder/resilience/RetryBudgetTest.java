package dev.ladder.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {

    final MutableClock clock = new MutableClock();

    static int drain(RetryBudget b) {
        int n = 0;
        while (b.tryWithdraw()) {
            n++;
        }
        return n;
    }

    @Test
    void itStartsWithOneSecondOfTheFloor() {
        assertThat(drain(new RetryBudget(0.2, 5, clock))).isEqualTo(5);
    }

    @Test
    void eachRequestEarnsItsRatioOfARetry() {
        RetryBudget b = new RetryBudget(0.2, 0, clock);
        for (int i = 0; i < 50; i++) {
            b.deposit();
        }

        assertThat(drain(b)).isEqualTo(10);
    }

    @Test
    void inAnOutageRetriesStayBoundedByTheRatioPlusTheFloor() {
        RetryBudget b = new RetryBudget(0.2, 5, clock);
        drain(b);
        int retries = 0;
        // ten seconds of 100 requests a second, each failing and asking for a retry
        for (int second = 0; second < 10; second++) {
            clock.advance(Duration.ofSeconds(1));
            for (int r = 0; r < 100; r++) {
                b.deposit();
                retries += b.tryWithdraw() ? 1 : 0;
            }
        }

        // 20% of 1000 requests + 5 a second for 10 seconds
        assertThat(retries).isBetween(245, 250);
    }

    @Test
    void aQuietBucketFillsOnlyUpToItsCapacity() {
        RetryBudget b = new RetryBudget(0.2, 5, clock);
        clock.advance(Duration.ofHours(1));

        assertThat(b.balance()).isEqualTo(50);
        assertThat(drain(b)).isEqualTo(50);
    }
}
