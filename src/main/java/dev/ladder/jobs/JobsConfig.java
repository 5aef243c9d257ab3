package dev.ladder.jobs;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * The {@code jobs} section: where the queue lives ({@code database}: a PostgreSQL JDBC URL, or empty for SQLite
 * in WAL mode at {@code <data_dir>/jobs.db}), how many jobs run at once in this process, how many of one key's
 * jobs run at once in all processes sharing the queue ({@code 0}: no limit of its own), how long a lease lasts
 * before another worker may take the job again, how many leases a job gets, and how often an idle worker looks.
 */
public record JobsConfig(Optional<String> database, int concurrency, int perKeyConcurrency, Duration lease,
        int maxAttempts, Duration pollInterval) {

    public static final int DEFAULT_CONCURRENCY = 32;
    /** No limit per key: only the global one. */
    public static final int UNLIMITED = 0;
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(10);
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(250);

    public static final JobsConfig DEFAULTS = new JobsConfig(Optional.empty(), DEFAULT_CONCURRENCY, UNLIMITED,
            DEFAULT_LEASE, DEFAULT_MAX_ATTEMPTS, DEFAULT_POLL_INTERVAL);

    public JobsConfig {
        requireNonNull(database, "database is null");
        requireNonNull(lease, "lease is null");
        requireNonNull(pollInterval, "pollInterval is null");
        if (concurrency < 1) {
            throw new IllegalArgumentException("jobs.concurrency: must be >= 1");
        }
        if (!lease.isPositive() || !pollInterval.isPositive()) {
            throw new IllegalArgumentException("jobs.lease and jobs.poll_interval: must be > 0");
        }
        if (perKeyConcurrency < 0) {
            throw new IllegalArgumentException("jobs.per_key_concurrency: must be >= 0");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("jobs.max_attempts: must be >= 1");
        }
    }

    public JobsConfig withConcurrency(int n) {
        return new JobsConfig(database, n, perKeyConcurrency, lease, maxAttempts, pollInterval);
    }

    public JobsConfig withDatabase(Optional<String> url) {
        return new JobsConfig(url, concurrency, perKeyConcurrency, lease, maxAttempts, pollInterval);
    }

    public JobsConfig withPollInterval(Duration d) {
        return new JobsConfig(database, concurrency, perKeyConcurrency, lease, maxAttempts, d);
    }
}
