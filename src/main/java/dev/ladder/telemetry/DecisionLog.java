package dev.ladder.telemetry;

import static java.util.Objects.requireNonNull;

import dev.ladder.pipeline.DecisionStore;
import dev.ladder.pipeline.GatewayEvents;
import dev.ladder.pipeline.RequestRecord;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The decision log: one row per finished request, written off the request path. {@link #completed} only
 * puts the record on a bounded queue; one writer thread masks, maps and stores it in batches, waiting up to
 * {@link DecisionLogConfig#linger()} after a record comes so that a batch carries many. When the
 * queue is full the record is dropped, counted in {@link #dropped()} and reported in a WARNING at most once
 * per {@link DecisionLogConfig#warnEvery()}; batches the store rejects are counted in {@link #failed()} and
 * reported the same way. Nothing is lost silently. The writer is a platform daemon thread, not a virtual
 * one: store calls are long native (JDBC) calls that would pin a carrier thread anyway.
 *
 * <pre>{@code
 * DecisionLog log = DecisionLog.start(JdbcDecisionStore.open(dataDir), queueCapacity);
 * }</pre>
 */
public final class DecisionLog implements GatewayEvents, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DecisionLog.class.getName());

    private final BlockingQueue<BatchWriter.Item> queue;
    private final DecisionStore store;
    private final DecisionLogConfig config;
    private final WarningCounter drops;
    private final WarningCounter failures;
    private final BatchWriter writer;
    private final Thread thread;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DecisionLog(DecisionStore store, DecisionLogConfig config, InstantSource clock) {
        this.store = requireNonNull(store, "store is null");
        this.config = requireNonNull(config, "config is null");
        requireNonNull(clock, "clock is null");
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
        this.drops = new WarningCounter(LOG, clock, config.warnEvery(),
                "decision log dropped records (queue full or log closed): %d since the last warning, %d in total");
        this.failures = new WarningCounter(LOG, clock, config.warnEvery(),
                "decision log failed to write records: %d since the last warning, %d in total");
        this.writer = new BatchWriter(queue, store, config.batchSize(), config.linger(), failures, drops::tick);
        this.thread = Thread.ofPlatform().name("ladder-decision-log").daemon(true)
                .uncaughtExceptionHandler((t, e) -> LOG.log(Level.ERROR,
                        "decision log writer died; records from now on are dropped", e))
                .unstarted(writer);
    }

    /** Starts a log that writes to {@code store}, which it closes when it is closed. */
    public static DecisionLog start(DecisionStore store, DecisionLogConfig config, InstantSource clock) {
        DecisionLog log = new DecisionLog(store, config, clock);
        log.thread.start();
        return log;
    }

    /** Starts a log with the default settings, the given queue capacity and the system clock. */
    public static DecisionLog start(DecisionStore store, int queueCapacity) {
        return start(store, DecisionLogConfig.DEFAULTS.withQueueCapacity(queueCapacity), InstantSource.system());
    }

    /** Queues the record and returns at once; drops and counts it when the queue is full or the log closed. */
    @Override
    public void completed(RequestRecord record) {
        BatchWriter.Entry entry = new BatchWriter.Entry(requireNonNull(record, "record is null"));
        if (closed.get() || !queue.offer(entry)) {
            drops.add(1);
        } else if (closed.get() && queue.remove(entry)) {
            // close() raced with us and has already swept the queue: nobody will write this one.
            drops.add(1);
        }
    }

    /**
     * Waits until every record queued before this call has been written, or counted as failed or dropped.
     * For tests and the CLI; the wait takes a place in the queue like a record does.
     *
     * @return false when that did not happen within {@code timeout}
     * @throws InterruptedException when the calling thread is interrupted while it waits
     */
    public boolean flush(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        BatchWriter.Barrier barrier = new BatchWriter.Barrier(new CountDownLatch(1));
        if (closed.get() || !queue.offer(barrier, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return queue.isEmpty();
        }
        writer.wake();
        if (closed.get() && queue.remove(barrier)) {
            return true;
        }
        return barrier.passed().await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    public long written() {
        return writer.written();
    }

    public long dropped() {
        return drops.total();
    }

    public long failed() {
        return failures.total();
    }

    /** Records waiting for the writer now. */
    public int queued() {
        return queue.size();
    }

    /**
     * Stops taking records, waits up to {@link DecisionLogConfig#closeTimeout()} for the queued ones to be
     * written, counts any left as dropped, reports pending warnings and closes the store. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        writer.drainAndStop();
        try {
            thread.join(config.closeTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            writer.abandon();
        }
        sweepLeftovers();
        drops.report();
        failures.report();
        try {
            store.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "decision store failed to close", e);
        }
    }

    /** Counts what the writer did not reach as dropped, and releases waiting flushes. */
    private void sweepLeftovers() {
        List<BatchWriter.Item> left = new ArrayList<>();
        queue.drainTo(left);
        long records = 0;
        for (BatchWriter.Item item : left) {
            switch (item) {
                case BatchWriter.Entry _ -> records++;
                case BatchWriter.Barrier b -> b.passed().countDown();
                case BatchWriter.Wakeup _ -> {
                }
            }
        }
        if (records > 0) {
            LOG.log(Level.WARNING, "decision log closed with " + records + " records not written (close waits "
                    + config.closeTimeout() + " at most)");
            drops.add(records);
        }
    }
}
