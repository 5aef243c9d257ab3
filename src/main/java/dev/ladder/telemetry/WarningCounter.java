package dev.ladder.telemetry;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counts events that must never pass silently (dropped or failed records) and logs a WARNING about them at
 * most once per interval: the first event after a quiet interval is logged at once, later ones are summed
 * into the next line. {@link #tick()} reports a pending sum once its interval is over even when no new
 * event comes; {@link #report()} reports it now. Safe for concurrent use; reads an injected clock.
 */
final class WarningCounter {

    private static final long NEVER = Long.MIN_VALUE;

    private final System.Logger log;
    private final InstantSource clock;
    private final long intervalMillis;
    private final String format;
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong lastLoggedAt = new AtomicLong(NEVER);
    private final AtomicReference<Throwable> lastCause = new AtomicReference<>();

    /** {@code format} gets the count since the last warning, then the total: {@code "dropped %d (%d in total)"}. */
    WarningCounter(System.Logger log, InstantSource clock, Duration interval, String format) {
        this.log = requireNonNull(log, "log is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.intervalMillis = interval.toMillis();
        this.format = requireNonNull(format, "format is null");
    }

    void add(long n) {
        add(n, null);
    }

    /** Counts {@code n} events; {@code cause}, when not null, is logged with the next warning. */
    void add(long n, Throwable cause) {
        total.addAndGet(n);
        pending.addAndGet(n);
        if (cause != null) {
            lastCause.set(cause);
        }
        tick();
    }

    /** Logs the pending sum if there is one and the interval since the last warning is over. */
    void tick() {
        if (pending.get() == 0) {
            return;
        }
        long now = clock.millis();
        long last = lastLoggedAt.get();
        if ((last == NEVER || now - last >= intervalMillis) && lastLoggedAt.compareAndSet(last, now)) {
            report();
        }
    }

    /** Logs the pending sum now, if there is one. */
    void report() {
        long n = pending.getAndSet(0);
        if (n > 0) {
            log.log(Level.WARNING, String.format(format, n, total.get()), lastCause.getAndSet(null));
        }
    }

    long total() {
        return total.get();
    }
}
