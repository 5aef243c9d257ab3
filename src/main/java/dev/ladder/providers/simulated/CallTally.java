package dev.ladder.providers.simulated;

import dev.ladder.providers.simulated.SimulatedStats.Counters;
import java.util.concurrent.atomic.AtomicBoolean;

/** Records how one call ended. Only the first outcome counts, so a stream closed after its end stays completed. */
final class CallTally {

    private final Counters counters;
    private final AtomicBoolean ended = new AtomicBoolean();

    CallTally(Counters counters) {
        this.counters = counters;
    }

    void completed() {
        if (ended.compareAndSet(false, true)) {
            counters.completed.incrementAndGet();
        }
    }

    void failed(Fault fault) {
        if (ended.compareAndSet(false, true)) {
            counters.failed.get(fault).incrementAndGet();
        }
    }

    void cancelled() {
        if (ended.compareAndSet(false, true)) {
            counters.cancelled.incrementAndGet();
        }
    }

    boolean ended() {
        return ended.get();
    }
}
