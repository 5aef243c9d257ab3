package dev.ladder.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.model.Attempt;
import dev.ladder.model.Failure;
import dev.ladder.resilience.RetryPolicy.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RetryPolicyTest {

    static final Duration PLENTY = Duration.ofSeconds(60);

    final MutableClock clock = new MutableClock();
    final RetryPolicy policy = new RetryPolicy(new RetryConfig(3, Duration.ofMillis(100), Duration.ofSeconds(1),
            Duration.ofSeconds(2), 0.2, 100));
    final RetryBudget budget = new RetryBudget(0.2, 100, clock);
    final SplittableRandom random = new SplittableRandom(1);

    Decision decide(Failure f, int attempt) {
        return policy.decide(f, attempt, PLENTY, budget, random);
    }

    static List<Object[]> table() {
        Attempt attempt = dev.ladder.testing.AttemptFixtures.attempt("m", "p", null, Instant.EPOCH, Duration.ZERO,
                Optional.of(new Failure.UpstreamError("p", 500, "x")));
        return List.of(
                new Object[] {new Failure.RateLimited("p", Optional.of(Duration.ofMillis(500)), "slow down"),
                        Decision.RetrySame.class, true},
                new Object[] {new Failure.UpstreamError("p", 503, "busy"), Decision.RetrySame.class, true},
                new Object[] {new Failure.UpstreamTimeout("p", Duration.ofSeconds(1), "slow"), Decision.FailOver.class,
                        true},
                new Object[] {new Failure.UpstreamUnreachable("p", "connection reset"), Decision.FailOver.class, true},
                new Object[] {new Failure.UpstreamMalformed("p", "not json"), Decision.FailOver.class, true},
                new Object[] {new Failure.UpstreamAuth("p", 401, "bad key"), Decision.FailOver.class, true},
                new Object[] {new Failure.UpstreamRejected("p", 400, "invalid_request_error", "context too long"),
                        Decision.Stop.class, false},
                new Object[] {new Failure.BadRequest("bad", "temperature"), Decision.Stop.class, false},
                new Object[] {new Failure.UnknownModel("gpt-9"), Decision.Stop.class, false},
                new Object[] {new Failure.PayloadTooLarge(10), Decision.Stop.class, false},
                new Object[] {new Failure.LatencyBudgetExceeded(Duration.ofSeconds(1), List.of()), Decision.Stop.class,
                        false},
                new Object[] {new Failure.Unavailable("closing"), Decision.Stop.class, false},
                new Object[] {new Failure.AllAttemptsFailed(List.of(attempt)), Decision.Stop.class, false});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void theTableDecidesByFailureClass(Failure failure, Class<? extends Decision> expected, boolean counts) {
        assertThat(decide(failure, 1)).isInstanceOf(expected);
        assertThat(RetryPolicy.countsAgainstDeployment(failure)).isEqualTo(counts);
    }

    @Test
    void aShortRetryAfterIsWaitedOutOnTheSameDeployment() {
        Decision d = decide(new Failure.RateLimited("p", Optional.of(Duration.ofMillis(1500)), "x"), 1);

        assertThat(d).isEqualTo(new Decision.RetrySame(Duration.ofMillis(1500), "retry 1 after 1500 ms"));
    }

    @Test
    void aLongRetryAfterFailsOverAtOnce() {
        Decision d = decide(new Failure.RateLimited("p", Optional.of(Duration.ofSeconds(30)), "x"), 1);

        assertThat(d).isInstanceOf(Decision.FailOver.class);
        assertThat(d.reason()).contains("Retry-After 30000 ms");
    }

    @Test
    void aRateLimitWithoutRetryAfterBacksOffLikeA5xx() {
        Decision d = decide(new Failure.RateLimited("p", Optional.empty(), "x"), 1);

        assertThat(d).isInstanceOfSatisfying(Decision.RetrySame.class,
                r -> assertThat(r.after()).isLessThan(Duration.ofMillis(100)));
    }

    @Test
    void backoffIsExponentialWithFullJitterUpToTheMaximum() {
        for (int i = 0; i < 200; i++) {
            assertThat(policy.backoff(1, random)).isBetween(Duration.ZERO, Duration.ofMillis(100));
            assertThat(policy.backoff(3, random)).isBetween(Duration.ZERO, Duration.ofMillis(400));
            assertThat(policy.backoff(30, random)).isBetween(Duration.ZERO, Duration.ofSeconds(1));
        }
        double mean = java.util.stream.IntStream.range(0, 2000).mapToLong(i -> policy.backoff(3, random).toMillis())
                .average().orElseThrow();
        assertThat(mean).as("full jitter spreads evenly below the cap").isBetween(160.0, 240.0);
    }

    @Test
    void afterMaxAttemptsOnADeploymentItFailsOver() {
        Failure f = new Failure.UpstreamError("p", 500, "x");

        assertThat(decide(f, 2)).isInstanceOf(Decision.RetrySame.class);
        assertThat(decide(f, 3)).isInstanceOfSatisfying(Decision.FailOver.class,
                d -> assertThat(d.reason()).contains("retried 2 times"));
    }

    @Test
    void aWaitThatWouldOutliveTheLatencyBudgetFailsOverInstead() {
        Failure f = new Failure.RateLimited("p", Optional.of(Duration.ofSeconds(1)), "x");

        Decision d = policy.decide(f, 1, Duration.ofMillis(999), budget, random);

        assertThat(d).isInstanceOfSatisfying(Decision.FailOver.class,
                x -> assertThat(x.reason()).contains("latency budget"));
    }

    @Test
    void anEmptyRetryBudgetTurnsRetriesIntoFailovers() {
        RetryBudget empty = new RetryBudget(0, 0, clock);
        while (empty.tryWithdraw()) {
            // drain what it starts with
        }

        Decision d = policy.decide(new Failure.UpstreamError("p", 500, "x"), 1, PLENTY, empty, random);

        assertThat(d).isInstanceOfSatisfying(Decision.FailOver.class,
                x -> assertThat(x.reason()).isEqualTo("retry budget exhausted"));
    }

    @Test
    void noRetriesMeansEveryRetryableFailureFailsOver() {
        RetryPolicy none = new RetryPolicy(RetryConfig.NO_RETRIES);

        assertThat(none.decide(new Failure.UpstreamError("p", 500, "x"), 1, PLENTY, budget, random))
                .isInstanceOf(Decision.FailOver.class);
        assertThat(none.decide(new Failure.RateLimited("p", Optional.of(Duration.ofMillis(1)), "x"), 1, PLENTY, budget,
                random)).isInstanceOf(Decision.FailOver.class);
    }
}
