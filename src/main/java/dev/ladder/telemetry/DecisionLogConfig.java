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
 * @param linger how long the writer, once a record has come, waits for more before it writes the batch (unless
 *     the batch is full or a flush waits): one transaction per few records costs the store far more than one
 *     per many, because each commit rewrites the same index pages; zero writes whatever is queued at once
 */
public record DecisionLogConfig(int queueCapacity, int batchSize, Duration warnEvery, Duration closeTimeout,
        Duration linger) {

    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    public static final int DEFAULT_BATCH_SIZE = 500;
    public static final Duration DEFAULT_WARN_EVERY = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(50);

    public static final DecisionLogConfig DEFAULTS = new DecisionLogConfig(DEFAULT_QUEUE_CAPACITY,
            DEFAULT_BATCH_SIZE, DEFAULT_WARN_EVERY, DEFAULT_CLOSE_TIMEOUT, DEFAULT_LINGER);

    public DecisionLogConfig {
        requireNonNull(warnEvery, "warnEvery is null");
        requireNonNull(closeTimeout, "closeTimeout is null");
        requireNonNull(linger, "linger is null");
        if (queueCapacity <= 0) {
            throw new IllegalArgumentException("queueCapacity must be > 0: " + queueCapacity);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0: " + batchSize);
        }
        if (warnEvery.isNegative() || closeTimeout.isNegative() || linger.isNegative()) {
            throw new IllegalArgumentException("warnEvery, closeTimeout and linger must be >= 0");
        }
    }

    public DecisionLogConfig withQueueCapacity(int capacity) {
        return new DecisionLogConfig(capacity, batchSize, warnEvery, closeTimeout, linger);
    }

    public DecisionLogConfig withLinger(Duration wait) {
        return new DecisionLogConfig(queueCapacity, batchSize, warnEvery, closeTimeout, wait);
    }
}
