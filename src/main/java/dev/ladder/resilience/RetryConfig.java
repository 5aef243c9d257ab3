package dev.ladder.resilience;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How hard one deployment is retried before the request fails over, and how many retries the gateway may
 * spend overall.
 *
 * @param maxAttempts calls to one deployment per request, the first included (1: never retry in place)
 * @param baseBackoff the first backoff cap; each retry doubles it, up to {@code maxBackoff}; the wait is drawn
 *     uniformly below the cap ("full jitter")
 * @param maxRetryAfter the longest {@code Retry-After} of a 429 that is waited out on the same deployment;
 *     a longer one fails over at once
 * @param budgetRatio retries allowed per request, on average (0.2: retries add at most 20% load)
 * @param budgetMinPerSecond retries allowed per second regardless of traffic, so a quiet gateway can still retry
 */
public record RetryConfig(int maxAttempts, Duration baseBackoff, Duration maxBackoff, Duration maxRetryAfter,
        double budgetRatio, double budgetMinPerSecond) {

    public static final int DEFAULT_MAX_ATTEMPTS = 2;
    public static final Duration DEFAULT_BASE_BACKOFF = Duration.ofMillis(100);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(2);
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(2);
    public static final double DEFAULT_BUDGET_RATIO = 0.2;
    public static final double DEFAULT_BUDGET_MIN_PER_SECOND = 5;

    public static final RetryConfig DEFAULTS = new RetryConfig(DEFAULT_MAX_ATTEMPTS, DEFAULT_BASE_BACKOFF,
            DEFAULT_MAX_BACKOFF, DEFAULT_MAX_RETRY_AFTER, DEFAULT_BUDGET_RATIO, DEFAULT_BUDGET_MIN_PER_SECOND);

    /** One call per deployment: every failure fails over (the gateway's behaviour before retries existed). */
    public static final RetryConfig NO_RETRIES = new RetryConfig(1, DEFAULT_BASE_BACKOFF, DEFAULT_MAX_BACKOFF,
            Duration.ZERO, 0, 0);

    public RetryConfig {
        requireNonNull(baseBackoff, "baseBackoff is null");
        requireNonNull(maxBackoff, "maxBackoff is null");
        requireNonNull(maxRetryAfter, "maxRetryAfter is null");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max_attempts must be >= 1");
        }
        if (!baseBackoff.isPositive()) {
            throw new IllegalArgumentException("base_backoff must be > 0");
        }
        if (maxBackoff.compareTo(baseBackoff) < 0) {
            throw new IllegalArgumentException("max_backoff must be >= base_backoff");
        }
        if (maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("max_retry_after must be >= 0");
        }
        if (!(budgetRatio >= 0 && budgetRatio <= 1)) {
            throw new IllegalArgumentException("budget.ratio must be in 0..1");
        }
        if (!(budgetMinPerSecond >= 0)) {
            throw new IllegalArgumentException("budget.min_per_second must be >= 0");
        }
    }
}
