package dev.ladder.telemetry;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How the decision log buffers and writes.
 *
 * @param queueCapacity records that may wait for the writer; beyond it new records are dropped and counted
 * @param batchSize most rows written in one store transaction
 * @param warnEvery least time between two warnings about dropped or failed records
 * @param closeTimeout how long {@code close()} waits for queued records to be written
 */
public record DecisionLogConfig(int queueCapacity, int batchSize, Duration warnEvery, Duration closeTimeout) {

    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    public static final int DEFAULT_BATCH_SIZE = 500;
    public static final Duration DEFAULT_WARN_EVERY = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);

    public static final DecisionLogConfig DEFAULTS = new DecisionLogConfig(DEFAULT_QUEUE_CAPACITY,
            DEFAULT_BATCH_SIZE, DEFAULT_WARN_EVERY, DEFAULT_CLOSE_TIMEOUT);

    public DecisionLogConfig {
        requireNonNull(warnEvery, "warnEvery is null");
        requireNonNull(closeTimeout, "closeTimeout is null");
        if (queueCapacity <= 0) {
            throw new IllegalArgumentException("queueCapacity must be > 0: " + queueCapacity);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0: " + batchSize);
        }
        if (warnEvery.isNegative() || closeTimeout.isNegative()) {
            throw new IllegalArgumentException("warnEvery and closeTimeout must be >= 0");
        }
    }

    public DecisionLogConfig withQueueCapacity(int capacity) {
        return new DecisionLogConfig(capacity, batchSize, warnEvery, closeTimeout);
    }
}
