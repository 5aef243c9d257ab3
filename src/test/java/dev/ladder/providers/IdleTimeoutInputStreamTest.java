package dev.ladder.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The idle timer on a scheduler the test drives: no test here waits for real time. */
class IdleTimeoutInputStreamTest {

    static final Duration IDLE = Duration.ofMillis(250);

    final ManualScheduler scheduler = new ManualScheduler();

    /** An upstream body whose each read takes {@code takes} of the scheduler's time, then gives one byte. */
    final class SlowBody extends InputStream {
        Duration takes = Duration.ZERO;
        boolean closed;

        @Override
        public int read() throws IOException {
            scheduler.advance(takes);
            if (closed) {
                throw new IOException("closed");
            }
            return 'x';
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void eachReadArmsTheTimerForExactlyTheIdleTimeoutAndDisarmsItWhenItReturns() throws IOException {
        SlowBody body = new SlowBody();
        IdleTimeoutInputStream in = new IdleTimeoutInputStream(body, scheduler, IDLE);
        body.takes = IDLE.minusNanos(1);

        assertThat(in.read()).isEqualTo('x');
        assertThat(in.read()).isEqualTo('x');

        assertThat(scheduler.pendingDelays()).isEmpty();
        assertThat(in.timedOut()).isFalse();
    }

    @Test
    void aReadThatWaitsTheIdleTimeoutIsCutAndTheStreamSaysItTimedOut() {
        SlowBody body = new SlowBody();
        IdleTimeoutInputStream in = new IdleTimeoutInputStream(body, scheduler, IDLE);
        body.takes = IDLE;

        assertThatThrownBy(in::read).isInstanceOf(IOException.class);

        assertThat(body.closed).isTrue();
        assertThat(in.timedOut()).isTrue();
    }

    @Test
    void timeBetweenReadsDoesNotCount() throws IOException {
        SlowBody body = new SlowBody();
        IdleTimeoutInputStream in = new IdleTimeoutInputStream(body, scheduler, IDLE);

        assertThat(in.read()).isEqualTo('x');
        scheduler.advance(Duration.ofMinutes(5)); // the consumer is slow, not the upstream
        assertThat(in.read()).isEqualTo('x');

        assertThat(in.timedOut()).isFalse();
    }

    @Test
    void theTimerIsArmedForTheIdleTimeoutWhileAReadWaits() throws IOException {
        InputStream body = new InputStream() {
            @Override
            public int read() {
                assertThat(scheduler.pendingDelays()).containsExactly(IDLE);
                return 'x';
            }
        };

        assertThat(new IdleTimeoutInputStream(body, scheduler, IDLE).read()).isEqualTo('x');
    }
}
