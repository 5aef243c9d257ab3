package dev.ladder.providers;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Deadlines for blocking upstream calls, enforced by interrupting the calling thread. One daemon thread (per
 * JVM) sweeps the calls in progress every {@link #SWEEP_PERIOD} and interrupts those past their deadline, so a
 * call is cut between its deadline and one period later. Nothing is scheduled per call: the JDK client's own
 * request timeout wakes its selector thread on every call, and its {@code sendAsync} hands every completion to
 * the common pool; a blocking {@code send} bounded by this sweep does neither (issue 16's profile).
 *
 * <p>The protocol keeps an interrupt from leaking past the call: {@link #finish} either retires the ticket before
 * the sweeper fires (no interrupt is sent), or waits until the sweeper's interrupt has been delivered and clears
 * it, and reports the timeout.
 */
final class CallDeadlines {

    static final Duration SWEEP_PERIOD = Duration.ofMillis(10);

    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int FIRING = 2;
    private static final int FIRED = 3;

    private static final Set<Ticket> CALLS = ConcurrentHashMap.newKeySet();

    static {
        Thread.ofPlatform().daemon().name("ladder-call-deadlines").start(CallDeadlines::sweepForever);
    }

    /** One call in progress on one thread. */
    static final class Ticket {
        private final Thread thread;
        private final long deadline;
        private final AtomicInteger state = new AtomicInteger(RUNNING);

        private Ticket(Thread thread, long deadline) {
            this.thread = thread;
            this.deadline = deadline;
        }
    }

    private CallDeadlines() {
    }

    /** Starts bounding the current thread's call to {@code timeout} from now. */
    static Ticket start(Duration timeout) {
        Ticket t = new Ticket(Thread.currentThread(), System.nanoTime() + timeout.toNanos());
        CALLS.add(t);
        return t;
    }

    /**
     * Ends the call's deadline, on the thread that started it. Returns true when the deadline fired: the
     * interrupt it sent has then been cleared from this thread. A second call returns false.
     */
    static boolean finish(Ticket t) {
        if (t.state.compareAndSet(RUNNING, DONE)) {
            CALLS.remove(t);
            return false;
        }
        if (t.state.get() == DONE) {
            return false;
        }
        while (t.state.get() != FIRED) {
            Thread.onSpinWait(); // the sweeper is between its compareAndSet and its interrupt
        }
        Thread.interrupted();
        t.state.set(DONE);
        return true;
    }

    private static void sweepForever() {
        long period = SWEEP_PERIOD.toNanos();
        while (true) {
            long now = System.nanoTime();
            for (Ticket t : CALLS) {
                if (now - t.deadline >= 0 && t.state.compareAndSet(RUNNING, FIRING)) {
                    CALLS.remove(t);
                    t.thread.interrupt();
                    t.state.set(FIRED);
                }
            }
            try {
                TimeUnit.NANOSECONDS.sleep(period);
            } catch (InterruptedException e) {
                // a daemon with nothing to hand the interrupt to: keep sweeping
            }
        }
    }
}
