package dev.ladder.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The waits between webhook tries: the schedule's, each within a fifth either way, and none after the last. */
class RetryScheduleTest {

    final RetrySchedule schedule = new RetrySchedule(WebhookConfig.DEFAULT_SCHEDULE);

    @Test
    void eachWaitIsTheSchedulesWithinAFifthEitherWayAndTheyVary() {
        SplittableRandom random = new SplittableRandom(1);
        for (int failed = 1; failed <= WebhookConfig.DEFAULT_SCHEDULE.size(); failed++) {
            Duration nominal = WebhookConfig.DEFAULT_SCHEDULE.get(failed - 1);
            Set<Duration> seen = new HashSet<>();
            for (int i = 0; i < 50; i++) {
                Duration d = schedule.next(failed, random).orElseThrow();
                assertThat(d).isBetween(mul(nominal, 0.8), mul(nominal, 1.2));
                seen.add(d);
            }
            assertThat(seen).as("jitter").hasSizeGreaterThan(10);
        }
    }

    @Test
    void afterTheLastWaitThereIsNoOther() {
        assertThat(schedule.maxTries()).isEqualTo(8);
        assertThat(schedule.next(8, new SplittableRandom(1))).isEmpty();
        assertThat(schedule.next(0, new SplittableRandom(1))).isEmpty();
    }

    private static Duration mul(Duration d, double f) {
        return Duration.ofMillis(Math.round(d.toMillis() * f));
    }
}
