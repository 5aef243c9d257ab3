package dev.ladder.providers.simulated;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-model counters of a simulator, for tests and benchmarks: calls started, and how each ended: completed,
 * failed (by {@link Fault}) or cancelled (the caller closed a stream, or went away, before its end). Every
 * started call ends in exactly one of these once it is over. Thread-safe.
 */
public final class SimulatedStats {

    private final ConcurrentHashMap<String, Counters> byModel = new ConcurrentHashMap<>();

    SimulatedStats(Collection<String> models) {
        models.forEach(m -> byModel.put(m, new Counters()));
    }

    /** The counters of one model (all zero when it never had a call). */
    public ModelStats forModel(String model) {
        Counters c = byModel.get(model);
        return c == null ? ModelStats.EMPTY : c.snapshot();
    }

    /** Every configured model's counters, by model id. */
    public SortedMap<String, ModelStats> snapshot() {
        TreeMap<String, ModelStats> out = new TreeMap<>();
        byModel.forEach((model, c) -> out.put(model, c.snapshot()));
        return out;
    }

    /** Counts a started call and returns the handle that records how it ends. */
    CallTally begin(String model) {
        Counters c = byModel.computeIfAbsent(model, m -> new Counters());
        c.started.incrementAndGet();
        return new CallTally(c);
    }

    /** A point-in-time copy of one model's counters. */
    public record ModelStats(long started, long completed, long cancelled, Map<Fault, Long> failed) {

        static final ModelStats EMPTY = new ModelStats(0, 0, 0, Map.of());

        /** {@code failed} may leave out kinds that never happened; they read as zero. */
        public ModelStats {
            requireNonNull(failed, "failed is null");
            EnumMap<Fault, Long> all = new EnumMap<>(Fault.class);
            for (Fault f : Fault.values()) {
                all.put(f, failed.getOrDefault(f, 0L));
            }
            failed = Collections.unmodifiableMap(all);
        }

        public long failed(Fault fault) {
            return failed.get(fault);
        }

        public long failedTotal() {
            return failed.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Calls that started and have not ended yet. */
        public long inFlight() {
            return started - completed - cancelled - failedTotal();
        }
    }

    static final class Counters {
        final AtomicLong started = new AtomicLong();
        final AtomicLong completed = new AtomicLong();
        final AtomicLong cancelled = new AtomicLong();
        final EnumMap<Fault, AtomicLong> failed = new EnumMap<>(Fault.class);

        Counters() {
            for (Fault f : Fault.values()) {
                failed.put(f, new AtomicLong());
            }
        }

        ModelStats snapshot() {
            EnumMap<Fault, Long> f = new EnumMap<>(Fault.class);
            failed.forEach((k, v) -> f.put(k, v.get()));
            return new ModelStats(started.get(), completed.get(), cancelled.get(), f);
        }
    }
}
