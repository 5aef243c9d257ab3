package dev.ladder.resilience;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.DeploymentHealth;
import dev.ladder.model.Failure;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Everything the gateway knows about one deployment's health: its circuit breaker, the EWMA latency of its
 * successful calls, call and failure counters and its last error. A call goes through {@link #tryAcquire}
 * and ends through exactly one of the {@link Call}'s methods. Thread-safe.
 */
public final class DeploymentMonitor {

    private final String model;
    private final String provider;
    private final CircuitBreaker breaker;
    private final InstantSource clock;
    private final Ewma latency = new Ewma(Ewma.DEFAULT_ALPHA);
    private final LongAdder calls = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final AtomicReference<LastError> lastError = new AtomicReference<>();

    private record LastError(String message, Instant at) {
    }

    DeploymentMonitor(String model, String provider, CircuitBreaker breaker, InstantSource clock) {
        this.model = requireNonNull(model, "model is null");
        this.provider = requireNonNull(provider, "provider is null");
        this.breaker = requireNonNull(breaker, "breaker is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public String model() {
        return model;
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    /** A call, or empty (counted as rejected) when the breaker refuses one. */
    public Optional<Call> tryAcquire() {
        Optional<CircuitBreaker.Permit> permit = breaker.tryAcquire();
        if (permit.isEmpty()) {
            rejected.increment();
            return Optional.empty();
        }
        calls.increment();
        return Optional.of(new Call(permit.get()));
    }

    public DeploymentHealth health() {
        CircuitBreaker.Snapshot s = breaker.snapshot();
        LastError last = lastError.get();
        return new DeploymentHealth(model, provider, s.state(), s.since(), s.failureRate(), s.windowCalls(),
                s.consecutiveFailures(), latency.value(), calls.sum(), failures.sum(), rejected.sum(),
                Optional.ofNullable(last).map(LastError::message), Optional.ofNullable(last).map(LastError::at));
    }

    /** One call let through; exactly one outcome counts. */
    public final class Call {
        private final CircuitBreaker.Permit permit;
        private final AtomicBoolean done = new AtomicBoolean();

        private Call(CircuitBreaker.Permit permit) {
            this.permit = permit;
        }

        /** The call answered; {@code took} feeds the latency average (time to first content for a stream). */
        public void succeeded(Duration took) {
            if (done.compareAndSet(false, true)) {
                latency.add(took);
                permit.succeeded();
            }
        }

        public void failed(Failure failure) {
            if (done.compareAndSet(false, true)) {
                if (RetryPolicy.countsAgainstDeployment(failure)) {
                    failures.increment();
                    lastError.set(new LastError(failure.message(), clock.instant()));
                }
                permit.failed(failure);
            }
        }

        /** The call ended without saying anything about the deployment (the client left, the budget ran out). */
        public void released() {
            if (done.compareAndSet(false, true)) {
                permit.released();
            }
        }
    }
}
