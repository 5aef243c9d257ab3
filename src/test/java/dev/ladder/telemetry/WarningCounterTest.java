package dev.ladder.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WarningCounterTest {

    private static final Duration EVERY = Duration.ofSeconds(10);

    private final FakeClock clock = new FakeClock();
    private final CapturedLog log = new CapturedLog(WarningCounterTest.class);
    private final WarningCounter counter = new WarningCounter(System.getLogger(WarningCounterTest.class.getName()),
            clock, EVERY, "lost %d (%d in total)");

    @AfterEach
    void tearDown() {
        log.close();
    }

    @Test
    void the_first_event_is_reported_at_once_and_later_ones_are_summed_until_the_interval_is_over() {
        counter.add(1);
        counter.add(2);
        clock.advance(EVERY.minusMillis(1));
        counter.add(3);
        clock.advance(Duration.ofMillis(1));
        counter.add(4);

        assertThat(log.warningMessages()).containsExactly("lost 1 (1 in total)", "lost 9 (10 in total)");
        assertThat(counter.total()).isEqualTo(10);
    }

    @Test
    void a_tick_reports_a_pending_sum_once_the_interval_is_over_even_without_new_events() {
        counter.add(1);
        counter.add(5);
        counter.tick();
        clock.advance(EVERY);
        counter.tick();
        counter.tick();

        assertThat(log.warningMessages()).containsExactly("lost 1 (1 in total)", "lost 5 (6 in total)");
    }

    @Test
    void a_quiet_interval_does_not_delay_the_next_first_warning() {
        counter.add(1);
        clock.advance(EVERY.multipliedBy(5));
        counter.tick();
        counter.add(1);

        assertThat(log.warningMessages()).containsExactly("lost 1 (1 in total)", "lost 1 (2 in total)");
    }

    @Test
    void report_logs_what_is_pending_now_with_the_last_cause() {
        IllegalStateException cause = new IllegalStateException("disk full");
        counter.add(1);
        counter.add(2, cause);

        counter.report();
        counter.report();

        assertThat(log.warnings()).hasSize(2).last().satisfies(w -> {
            assertThat(w.getMessage()).isEqualTo("lost 2 (3 in total)");
            assertThat(w.getThrown()).isSameAs(cause);
        });
        assertThat(counter.total()).isEqualTo(3);
    }
}
