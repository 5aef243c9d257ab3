package dev.ladder.providers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CallDeadlinesTest {

    @Test
    void a_call_past_its_deadline_is_interrupted_and_the_interrupt_is_cleared_when_it_finishes() throws Exception {
        CallDeadlines.Ticket t = CallDeadlines.start(Duration.ofMillis(50));
        long start = System.nanoTime();
        boolean interrupted = false;
        try {
            new CountDownLatch(1).await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(interrupted).isTrue();
        assertThat(waited).isGreaterThanOrEqualTo(50).isLessThan(5_000);
        assertThat(CallDeadlines.finish(t)).isTrue();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(CallDeadlines.finish(t)).isFalse();
    }

    @Test
    void a_call_that_finishes_in_time_is_never_interrupted() throws Exception {
        CallDeadlines.Ticket t = CallDeadlines.start(Duration.ofMillis(30));

        assertThat(CallDeadlines.finish(t)).isFalse();
        Thread.sleep(30 + 3 * CallDeadlines.SWEEP_PERIOD.toMillis());
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void an_interrupt_from_elsewhere_is_not_taken_for_a_timeout() throws Exception {
        CallDeadlines.Ticket t = CallDeadlines.start(Duration.ofMinutes(1));
        Thread.currentThread().interrupt();

        assertThat(CallDeadlines.finish(t)).isFalse();
        assertThat(Thread.interrupted()).isTrue();
    }
}
