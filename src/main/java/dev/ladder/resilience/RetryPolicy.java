package dev.ladder.resilience;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.Failure;
import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The one retry and fallback table, by failure class and status; streaming and non-streaming requests use it
 * alike (a stream that fails before its first content byte is a failed call like any other; after that
 * nothing is retried, since the client has seen part of an answer).
 *
 * <pre>
 * failure                     counts against deployment   what the request does next
 * RateLimited (429)           yes                         same deployment after Retry-After if short, else fail over
 * UpstreamError (5xx)         yes                         same deployment after backoff (exp., full jitter), then fail over
 * UpstreamTimeout             yes                         fail over (it was slow once; do not wait for it twice)
 * UpstreamUnreachable         yes                         fail over (connection refused, reset, cut)
 * UpstreamMalformed           yes                         fail over
 * UpstreamAuth (401/403)      yes                         fail over (credentials do not heal)
 * UpstreamRejected (4xx)      no                          stop: the request is at fault, any deployment would refuse it
 * BadRequest, UnknownModel,
 * PayloadTooLarge             no                          stop
 * LatencyBudgetExceeded       no                          stop: no time left
 * Unavailable, AllAttempts..  no                          stop
 * </pre>
 *
 * A retry in place also needs: attempts left on the deployment, time left in the request's budget for the
 * wait, and a token from the gateway's {@link RetryBudget}; without any of them the request fails over.
 */
public final class RetryPolicy {

    private final RetryConfig config;

    public RetryPolicy(RetryConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    public RetryConfig config() {
        return config;
    }

    /** What to do after a failed call. */
    public sealed interface Decision {
        String reason();

        /** Call the same deployment again after {@code after}. */
        record RetrySame(Duration after, String reason) implements Decision {
        }

        /** Move on to the next deployment (or tier). */
        record FailOver(String reason) implements Decision {
        }

        /** Give up: no other deployment would do better. */
        record Stop(String reason) implements Decision {
        }
    }

    /** The table's columns for one failure. */
    private enum Next { RETRY_AFTER, BACKOFF, FAIL_OVER, STOP }

    private static Next next(Failure failure) {
        return switch (failure) {
            case Failure.RateLimited f -> Next.RETRY_AFTER;
            case Failure.UpstreamError f -> Next.BACKOFF;
            case Failure.UpstreamTimeout f -> Next.FAIL_OVER;
            case Failure.UpstreamUnreachable f -> Next.FAIL_OVER;
            case Failure.UpstreamMalformed f -> Next.FAIL_OVER;
            case Failure.UpstreamAuth f -> Next.FAIL_OVER;
            case Failure.UpstreamRejected f -> Next.STOP;
            case Failure.BadRequest f -> Next.STOP;
            case Failure.UnknownModel f -> Next.STOP;
            case Failure.PayloadTooLarge f -> Next.STOP;
            case Failure.LatencyBudgetExceeded f -> Next.STOP;
            case Failure.Unavailable f -> Next.STOP;
            case Failure.ClientClosed f -> Next.STOP;
            case Failure.AllAttemptsFailed f -> Next.STOP;
            case Failure.ValidationFailed f -> Next.STOP;
            case Failure.BudgetExceeded f -> Next.STOP;
            case Failure.BudgetUnavailable f -> Next.STOP;
        };
    }

    /** True when {@code failure} says the deployment is unwell (and its breaker should hear of it). */
    public static boolean countsAgainstDeployment(Failure failure) {
        return switch (next(failure)) {
            case RETRY_AFTER, BACKOFF, FAIL_OVER -> true;
            case STOP -> false;
        };
    }

    /**
     * Decides what follows a failed call.
     *
     * @param attempt how many calls this request has made to this deployment so far (1 after the first)
     * @param remaining what is left of the request's latency budget
     * @param budget the gateway's retry budget; a token is taken only when the answer is to retry
     * @param random the jitter's source
     */
    public Decision decide(Failure failure, int attempt, Duration remaining, RetryBudget budget,
            RandomGenerator random) {
        return switch (next(failure)) {
            case STOP -> new Decision.Stop("the request itself is at fault or nothing is left to try");
            case FAIL_OVER -> new Decision.FailOver("another deployment may answer");
            case RETRY_AFTER -> retryAfter(((Failure.RateLimited) failure).retryAfter(), attempt, remaining, budget,
                    random);
            case BACKOFF -> retrySame(backoff(attempt, random), attempt, remaining, budget);
        };
    }

    private Decision retryAfter(Optional<Duration> retryAfter, int attempt, Duration remaining, RetryBudget budget,
            RandomGenerator random) {
        // no wait named: back off as for a 5xx
        if (retryAfter.isEmpty()) {
            return retrySame(backoff(attempt, random), attempt, remaining, budget);
        }
        // the upstream wants a long pause: another deployment is the faster way to an answer
        if (retryAfter.get().compareTo(config.maxRetryAfter()) > 0) {
            return new Decision.FailOver("Retry-After " + retryAfter.get().toMillis() + " ms is longer than "
                    + config.maxRetryAfter().toMillis() + " ms");
        }
        return retrySame(retryAfter.get(), attempt, remaining, budget);
    }

    private Decision retrySame(Duration wait, int attempt, Duration remaining, RetryBudget budget) {
        // this deployment had its share of calls for this request
        if (attempt >= config.maxAttempts()) {
            return new Decision.FailOver("retried " + (attempt - 1) + " times on this deployment");
        }
        // the wait (and a call after it) would not fit in what is left of the latency budget
        if (wait.compareTo(remaining) >= 0) {
            return new Decision.FailOver("no time left in the latency budget to wait " + wait.toMillis() + " ms");
        }
        // retries must not multiply load during an outage: the gateway-wide budget is spent
        if (!budget.tryWithdraw()) {
            return new Decision.FailOver("retry budget exhausted");
        }
        return new Decision.RetrySame(wait, "retry " + attempt + " after " + wait.toMillis() + " ms");
    }

    /** Full jitter: uniform in [0, min(max, base x 2^(attempt-1))). */
    Duration backoff(int attempt, RandomGenerator random) {
        double ceiling = Math.min(config.maxBackoff().toNanos(),
                config.baseBackoff().toNanos() * Math.pow(2, Math.max(0, attempt - 1)));
        return Duration.ofNanos((long) (random.nextDouble() * ceiling));
    }
}
