package dev.ladder.config;

import static java.util.Objects.requireNonNull;

import dev.ladder.resilience.BreakerConfig;
import dev.ladder.resilience.RetryConfig;
import java.time.Duration;

/**
 * The {@code resilience} section: every deployment's circuit breaker, the retry table's knobs and the
 * gateway's retry budget, and how long a stream is held back waiting for its first content.
 *
 * @param preCommitDeadline the longest a stream is held before its first content reaches the client; a
 *     failure within it fails over invisibly, a slower stream is sent on anyway
 */
public record ResilienceConfig(BreakerConfig breaker, RetryConfig retry, Duration preCommitDeadline) {

    public static final Duration DEFAULT_PRE_COMMIT_DEADLINE = Duration.ofSeconds(5);

    public static final ResilienceConfig DEFAULTS = new ResilienceConfig(BreakerConfig.DEFAULTS, RetryConfig.DEFAULTS,
            DEFAULT_PRE_COMMIT_DEADLINE);

    public ResilienceConfig {
        requireNonNull(breaker, "breaker is null");
        requireNonNull(retry, "retry is null");
        requireNonNull(preCommitDeadline, "preCommitDeadline is null");
        if (!preCommitDeadline.isPositive()) {
            throw new IllegalArgumentException("pre_commit_deadline must be > 0");
        }
    }
}
