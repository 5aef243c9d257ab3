package dev.ladder.resilience;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.BreakerTransition;
import dev.ladder.model.CircuitState;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One deployment's circuit breaker: a small state machine over an injected clock.
 *
 * <pre>
 * CLOSED --(failure rate over the window, or N failures in a row)--> OPEN
 * OPEN --(cool-down passed, at the next call)--> HALF_OPEN (up to {@code halfOpenProbes} probes at once)
 * HALF_OPEN --(a probe succeeds)--> CLOSED      HALF_OPEN --(a probe fails)--> OPEN
 * </pre>
 *
 * Which failures count is the policy table's call ({@link RetryPolicy#countsAgainstDeployment}): a timeout, a
 * 5xx, an unreachable or malformed upstream count; a request the caller got wrong does not. A call is judged
 * through its {@link Permit}; the common shape is {@link #invoke}. Every transition is reported once, outside
 * the lock, to the listener. Thread-safe; no monitors (virtual threads).
 */
public final class CircuitBreaker {

    private final String name;
    private final BreakerConfig config;
    private final InstantSource clock;
    private final Consumer<BreakerTransition> listener;
    private final ReentrantLock lock = new ReentrantLock();
    private final boolean[] window;

    // all guarded by lock
    private State state = new State.Closed();
    private Instant stateSince;
    private long generation;
    private int windowCalls;
    private int windowFailures;
    private int nextSlot;
    private int consecutiveFailures;

    /** What the breaker holds, with the data each state needs. */
    private sealed interface State {
        record Closed() implements State {
        }

        record Open(Instant until) implements State {
        }

        record HalfOpen(int probesInFlight) implements State {
        }
    }

    public CircuitBreaker(String name, BreakerConfig config, InstantSource clock,
            Consumer<BreakerTransition> listener) {
        this.name = requireNonNull(name, "name is null");
        this.config = requireNonNull(config, "config is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.listener = requireNonNull(listener, "listener is null");
        this.window = new boolean[config.window()];
        this.stateSince = clock.instant();
    }

    public String name() {
        return name;
    }

    /**
     * Runs {@code call} if the breaker lets it through, and judges it by how it ends: a return is a success,
     * a {@link LadderException} is judged by its failure, any other exception is a failure.
     *
     * @throws CircuitOpenException without running {@code call} when the breaker is open (or out of probes)
     */
    public <T> T invoke(Supplier<T> call) {
        Permit permit = tryAcquire().orElseThrow(() -> new CircuitOpenException(name, retryIn()));
        T result;
        try {
            result = call.get();
        } catch (LadderException e) {
            permit.failed(e.failure());
            throw e;
        } catch (RuntimeException e) {
            permit.failed(new Failure.UpstreamMalformed(name, e.toString()));
            throw e;
        }
        permit.succeeded();
        return result;
    }

    /** A permit for one call, or empty when the breaker is open or all half-open probes are out. */
    public Optional<Permit> tryAcquire() {
        BreakerTransition transition = null;
        Optional<Permit> permit;
        lock.lock();
        try {
            Instant now = clock.instant();
            if (state instanceof State.Open open && !now.isBefore(open.until())) {
                transition = moveTo(new State.HalfOpen(0), now, "cool-down of " + config.coolDown().toMillis()
                        + " ms passed");
            }
            permit = switch (state) {
                case State.Closed c -> Optional.of(new Permit(generation, false));
                case State.Open o -> Optional.empty();
                case State.HalfOpen h when h.probesInFlight() < config.halfOpenProbes() -> {
                    state = new State.HalfOpen(h.probesInFlight() + 1);
                    yield Optional.of(new Permit(generation, true));
                }
                case State.HalfOpen h -> Optional.empty();
            };
        } finally {
            lock.unlock();
        }
        publish(transition);
        return permit;
    }

    public CircuitState state() {
        lock.lock();
        try {
            return wireState(state);
        } finally {
            lock.unlock();
        }
    }

    /** How long until an open breaker lets a probe through (zero unless open). */
    public Duration retryIn() {
        lock.lock();
        try {
            return state instanceof State.Open open ? positive(Duration.between(clock.instant(), open.until()))
                    : Duration.ZERO;
        } finally {
            lock.unlock();
        }
    }

    /** The numbers behind the state, read together. */
    public Snapshot snapshot() {
        lock.lock();
        try {
            double rate = windowCalls == 0 ? 0 : (double) windowFailures / windowCalls;
            return new Snapshot(wireState(state), stateSince, rate, windowCalls, consecutiveFailures);
        } finally {
            lock.unlock();
        }
    }

    /** State, since when, and the sliding window's failure rate and size, and failures in a row. */
    public record Snapshot(CircuitState state, Instant since, double failureRate, int windowCalls,
            int consecutiveFailures) {
    }

    /**
     * The right to make one call. Exactly one of {@link #succeeded}, {@link #failed} or {@link #released}
     * counts; later calls are ignored. An outcome that arrives after the breaker changed state (a slow call
     * from before it opened) no longer counts.
     */
    public final class Permit {
        private final long generation;
        private final boolean probe;
        private final AtomicBoolean done = new AtomicBoolean();

        private Permit(long generation, boolean probe) {
            this.generation = generation;
            this.probe = probe;
        }

        public void succeeded() {
            if (done.compareAndSet(false, true)) {
                record(this, Outcome.SUCCESS, "");
            }
        }

        /** Counts {@code failure} against the deployment if the policy table says it is the deployment's fault. */
        public void failed(Failure failure) {
            if (done.compareAndSet(false, true)) {
                record(this, RetryPolicy.countsAgainstDeployment(failure) ? Outcome.FAILURE : Outcome.NEUTRAL,
                        failure.message());
            }
        }

        /** The call ended in a way that says nothing about the deployment (e.g. the client went away). */
        public void released() {
            if (done.compareAndSet(false, true)) {
                record(this, Outcome.NEUTRAL, "");
            }
        }

        public boolean probe() {
            return probe;
        }
    }

    private enum Outcome { SUCCESS, FAILURE, NEUTRAL }

    private void record(Permit permit, Outcome outcome, String why) {
        BreakerTransition transition = null;
        lock.lock();
        try {
            if (permit.generation != generation) {
                return;
            }
            Instant now = clock.instant();
            transition = switch (state) {
                case State.Closed c -> recordClosed(outcome, now, why);
                case State.HalfOpen h -> recordProbe(h, outcome, now, why);
                case State.Open o -> null;
            };
        } finally {
            lock.unlock();
        }
        publish(transition);
    }

    private BreakerTransition recordClosed(Outcome outcome, Instant now, String why) {
        if (outcome == Outcome.NEUTRAL) {
            return null;
        }
        boolean failed = outcome == Outcome.FAILURE;
        if (windowCalls == window.length) {
            windowFailures -= window[nextSlot] ? 1 : 0;
        } else {
            windowCalls++;
        }
        window[nextSlot] = failed;
        windowFailures += failed ? 1 : 0;
        nextSlot = (nextSlot + 1) % window.length;
        consecutiveFailures = failed ? consecutiveFailures + 1 : 0;
        // N failures in a row: the deployment is down now, whatever the window says
        if (failed && config.consecutiveFailures() > 0 && consecutiveFailures >= config.consecutiveFailures()) {
            return moveTo(open(now), now, consecutiveFailures + " consecutive failures; last: " + why);
        }
        // enough calls to judge, and too many of them failed
        double rate = (double) windowFailures / windowCalls;
        if (failed && windowCalls >= config.minimumCalls() && rate >= config.failureRate()) {
            return moveTo(open(now), now, String.format("failure rate %.2f over the last %d calls; last: %s", rate,
                    windowCalls, why));
        }
        return null;
    }

    private BreakerTransition recordProbe(State.HalfOpen h, Outcome outcome, Instant now, String why) {
        return switch (outcome) {
            case SUCCESS -> moveTo(new State.Closed(), now, "probe succeeded");
            case FAILURE -> {
                consecutiveFailures++;
                yield moveTo(open(now), now, "probe failed: " + why);
            }
            case NEUTRAL -> {
                state = new State.HalfOpen(Math.max(0, h.probesInFlight() - 1));
                yield null;
            }
        };
    }

    private State.Open open(Instant now) {
        return new State.Open(now.plus(config.coolDown()));
    }

    /** Changes state (caller holds the lock); outcomes of permits issued before no longer count. */
    private BreakerTransition moveTo(State next, Instant now, String reason) {
        CircuitState from = wireState(state);
        state = next;
        stateSince = now;
        generation++;
        if (next instanceof State.Closed) {
            windowCalls = 0;
            windowFailures = 0;
            nextSlot = 0;
            consecutiveFailures = 0;
        }
        return new BreakerTransition(name, from, wireState(next), now, reason);
    }

    private void publish(BreakerTransition transition) {
        if (transition != null) {
            listener.accept(transition);
        }
    }

    private static CircuitState wireState(State s) {
        return switch (s) {
            case State.Closed c -> CircuitState.CLOSED;
            case State.Open o -> CircuitState.OPEN;
            case State.HalfOpen h -> CircuitState.HALF_OPEN;
        };
    }

    private static Duration positive(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
