package dev.ladder.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.model.BreakerTransition;
import dev.ladder.model.CircuitState;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    static final Duration COOL_DOWN = Duration.ofSeconds(10);
    static final Failure SERVER_ERROR = new Failure.UpstreamError("p", 500, "boom");
    static final Failure TIMEOUT = new Failure.UpstreamTimeout("p", Duration.ofSeconds(1), "slow");
    static final Failure CALLERS_FAULT = new Failure.UpstreamRejected("p", 400, "invalid_request_error", "bad param");

    final MutableClock clock = new MutableClock();
    final List<BreakerTransition> transitions = new ArrayList<>();
    final AtomicInteger upstreamCalls = new AtomicInteger();

    /** Rate rule: 50% over the last 10 calls, at least 4 of them; consecutive rule: 3 in a row; 2 probes. */
    CircuitBreaker breaker() {
        return new CircuitBreaker("sim-small", new BreakerConfig(0.5, 10, 4, 3, COOL_DOWN, 2), clock,
                transitions::add);
    }

    String succeed(CircuitBreaker b) {
        return b.invoke(() -> {
            upstreamCalls.incrementAndGet();
            return "ok";
        });
    }

    void fail(CircuitBreaker b, Failure f) {
        assertThatThrownBy(() -> b.invoke(() -> {
            upstreamCalls.incrementAndGet();
            throw new LadderException(f);
        })).isInstanceOf(LadderException.class);
    }

    @Test
    void opensAfterConsecutiveFailures() {
        CircuitBreaker b = breaker();

        fail(b, SERVER_ERROR);
        fail(b, TIMEOUT);
        assertThat(b.state()).isEqualTo(CircuitState.CLOSED);
        fail(b, SERVER_ERROR);

        assertThat(b.state()).isEqualTo(CircuitState.OPEN);
        assertThat(transitions).singleElement().satisfies(t -> {
            assertThat(t.deployment()).isEqualTo("sim-small");
            assertThat(t.from()).isEqualTo(CircuitState.CLOSED);
            assertThat(t.to()).isEqualTo(CircuitState.OPEN);
            assertThat(t.at()).isEqualTo(clock.instant());
            assertThat(t.reason()).contains("3 consecutive failures");
        });
    }

    @Test
    void opensOnTheFailureRateOverTheWindowOnceItHasTheMinimumCalls() {
        CircuitBreaker b = breaker();
        // alternating never makes 3 in a row, but 2 failures of 4 calls is 50%
        succeed(b);
        fail(b, SERVER_ERROR);
        succeed(b);
        assertThat(b.state()).isEqualTo(CircuitState.CLOSED);
        fail(b, SERVER_ERROR);

        assertThat(b.state()).isEqualTo(CircuitState.OPEN);
        assertThat(transitions.getLast().reason()).startsWith("failure rate 0.50 over the last 4 calls");
    }

    @Test
    void aFailureRateBelowTheMinimumCallsDoesNotOpen() {
        CircuitBreaker b = breaker();
        fail(b, SERVER_ERROR);
        fail(b, SERVER_ERROR);

        assertThat(b.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(b.snapshot().failureRate()).isEqualTo(1.0);
    }

    @Test
    void failuresTheCallerCausedDoNotCount() {
        CircuitBreaker b = breaker();
        for (int i = 0; i < 10; i++) {
            fail(b, CALLERS_FAULT);
        }

        assertThat(b.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(b.snapshot().windowCalls()).isZero();
        assertThat(b.snapshot().consecutiveFailures()).isZero();
    }

    @Test
    void whileOpenItFailsFastWithoutCallingTheUpstream() {
        CircuitBreaker b = breaker();
        for (int i = 0; i < 3; i++) {
            fail(b, SERVER_ERROR);
        }
        int before = upstreamCalls.get();
        clock.advance(COOL_DOWN.minusMillis(1));

        assertThatThrownBy(() -> succeed(b)).isInstanceOfSatisfying(CircuitOpenException.class, e -> {
            assertThat(e.deployment()).isEqualTo("sim-small");
            assertThat(e.retryIn()).isEqualTo(Duration.ofMillis(1));
        });
        assertThat(b.tryAcquire()).isEmpty();
        assertThat(upstreamCalls.get()).isEqualTo(before);
    }

    @Test
    void afterTheCoolDownItHalfOpensWithALimitedNumberOfProbes() {
        CircuitBreaker b = breaker();
        for (int i = 0; i < 3; i++) {
            fail(b, SERVER_ERROR);
        }
        clock.advance(COOL_DOWN);

        Optional<CircuitBreaker.Permit> first = b.tryAcquire();
        Optional<CircuitBreaker.Permit> second = b.tryAcquire();
        Optional<CircuitBreaker.Permit> third = b.tryAcquire();

        assertThat(b.state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(first).hasValueSatisfying(p -> assertThat(p.probe()).isTrue());
        assertThat(second).isPresent();
        assertThat(third).as("only two probes at once").isEmpty();
        assertThat(transitions).extracting(BreakerTransition::to)
                .containsExactly(CircuitState.OPEN, CircuitState.HALF_OPEN);
    }

    @Test
    void aProbeThatSucceedsClosesItAndTrafficFlowsAgain() {
        CircuitBreaker b = breaker();
        for (int i = 0; i < 3; i++) {
            fail(b, SERVER_ERROR);
        }
        clock.advance(COOL_DOWN);

        assertThat(succeed(b)).isEqualTo("ok");

        assertThat(b.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(b.snapshot().consecutiveFailures()).isZero();
        assertThat(b.snapshot().windowCalls()).as("a closed breaker starts a fresh window").isZero();
        assertThat(transitions).extracting(BreakerTransition::to)
                .containsExactly(CircuitState.OPEN, CircuitState.HALF_OPEN, CircuitState.CLOSED);
        assertThat(succeed(b)).isEqualTo("ok");
    }

    @Test
    void aProbeThatFailsOpensItForAnotherCoolDown() {
        CircuitBreaker b = breaker();
        for (int i = 0; i < 3; i++) {
            fail(b, SERVER_ERROR);
        }
        clock.advance(COOL_DOWN);

        fail(b, TIMEOUT);

        assertThat(b.state()).isEqualTo(CircuitState.OPEN);
        assertThat(b.retryIn()).isEqualTo(COOL_DOWN);
        assertThat(transitions.getLast().reason()).startsWith("probe failed");
    }

    @Test
    void aProbeEndingWithoutAVerdictFreesItsSlot() {
        CircuitBreaker b = new CircuitBreaker("m", new BreakerConfig(0.5, 10, 4, 1, COOL_DOWN, 1), clock,
                transitions::add);
        fail(b, SERVER_ERROR);
        clock.advance(COOL_DOWN);
        CircuitBreaker.Permit probe = b.tryAcquire().orElseThrow();
        assertThat(b.tryAcquire()).isEmpty();

        probe.failed(CALLERS_FAULT);

        assertThat(b.state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(b.tryAcquire()).isPresent();
    }

    @Test
    void anOutcomeFromBeforeATransitionNoLongerCounts() {
        CircuitBreaker b = breaker();
        CircuitBreaker.Permit slow = b.tryAcquire().orElseThrow();
        for (int i = 0; i < 3; i++) {
            fail(b, SERVER_ERROR);
        }
        clock.advance(COOL_DOWN);
        b.tryAcquire();

        // the slow call from before the breaker opened succeeds: it must not close the half-open breaker
        slow.succeeded();

        assertThat(b.state()).isEqualTo(CircuitState.HALF_OPEN);
    }

    @Test
    void aPermitCountsOnlyItsFirstOutcome() {
        CircuitBreaker b = breaker();
        CircuitBreaker.Permit p = b.tryAcquire().orElseThrow();

        p.failed(SERVER_ERROR);
        p.failed(SERVER_ERROR);
        p.succeeded();

        assertThat(b.snapshot().windowCalls()).isEqualTo(1);
        assertThat(b.snapshot().consecutiveFailures()).isEqualTo(1);
    }

    @Test
    void theWindowSlidesSoOldFailuresAgeOut() {
        CircuitBreaker b = new CircuitBreaker("m", new BreakerConfig(0.5, 4, 4, 0, COOL_DOWN, 1), clock,
                transitions::add);
        fail(b, SERVER_ERROR);
        succeed(b);
        succeed(b);
        succeed(b);
        succeed(b);

        assertThat(b.snapshot().windowCalls()).isEqualTo(4);
        assertThat(b.snapshot().failureRate()).isZero();
    }
}
