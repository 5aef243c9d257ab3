package dev.ladder.telemetry;

import static java.util.Objects.requireNonNull;

import dev.ladder.pipeline.DecisionRow;
import dev.ladder.pipeline.DecisionStore;
import dev.ladder.pipeline.RequestRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The decision log's single writer: takes what is queued in batches, maps and masks each record, and
 * appends the rows to the store in one call per batch. Once a record has come it lingers (up to
 * {@code linger}) for more, so that under load a transaction carries hundreds of rows rather than a few: on
 * SQLite a commit of a few rows costs nearly as much as one of hundreds. A flush barrier, a full batch or a
 * stop ends the wait at once. A record that cannot be mapped, or a batch the store
 * rejects, is counted as failed and reported; the loop itself never dies of it.
 */
final class BatchWriter implements Runnable {

    /** What the queue holds: records to write, and markers for the writer. */
    sealed interface Item {
    }

    record Entry(RequestRecord record) implements Item {
    }

    /** Released once everything queued before it has been written or counted as failed. */
    record Barrier(CountDownLatch passed) implements Item {
    }

    /** Wakes an idle writer so it notices that it should stop. */
    enum Wakeup implements Item {
        INSTANCE
    }

    /** Longest sleep of a lingering writer between two looks at the queue. */
    private static final long LINGER_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    /** How often an idle writer wakes, so pending warnings are reported even when no record comes. */
    private static final long IDLE_TICK_MILLIS = 1_000;

    private final BlockingQueue<Item> queue;
    private final DecisionStore store;
    private final int batchSize;
    private final long lingerNanos;
    private final WarningCounter failures;
    private final Runnable onWake;
    private final AtomicLong written = new AtomicLong();
    private volatile boolean draining;
    private volatile boolean abandoned;
    private volatile Thread thread;

    /** {@code onWake} runs each time the writer wakes, for housekeeping such as pending warnings. */
    BatchWriter(BlockingQueue<Item> queue, DecisionStore store, int batchSize, Duration linger,
            WarningCounter failures, Runnable onWake) {
        this.queue = requireNonNull(queue, "queue is null");
        this.store = requireNonNull(store, "store is null");
        this.batchSize = batchSize;
        this.lingerNanos = linger.toNanos();
        this.failures = requireNonNull(failures, "failures is null");
        this.onWake = requireNonNull(onWake, "onWake is null");
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        List<Item> items = new ArrayList<>(batchSize);
        List<DecisionRow> rows = new ArrayList<>(batchSize);
        try {
            while (!abandoned && !(draining && queue.isEmpty())) {
                Item first = queue.poll(IDLE_TICK_MILLIS, TimeUnit.MILLISECONDS);
                onWake.run();
                failures.tick();
                if (first != null) {
                    items.add(first);
                    queue.drainTo(items, batchSize - 1);
                    boolean interrupted = linger(items);
                    process(items, rows);
                    items.clear();
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Adds what comes within the linger time to {@code items}, until the batch is full, a barrier or wakeup is
     * among them, or the writer is told to stop. Returns true when interrupted (what was taken is kept). The
     * writer sleeps in slices of at most {@link #LINGER_SLICE_NANOS} instead of waiting on the queue: a waiting
     * writer was woken by every record put on the queue, a context switch per request (issue 16's profile).
     * {@link #wake()} (a flush, a stop) ends the sleep at once.
     */
    private boolean linger(List<Item> items) {
        if (lingerNanos == 0) {
            return false;
        }
        long deadline = System.nanoTime() + lingerNanos;
        int checked = 0;
        while (items.size() < batchSize && !draining && !abandoned) {
            for (; checked < items.size(); checked++) {
                if (!(items.get(checked) instanceof Entry)) {
                    return false;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            if (items.size() + queue.size() < batchSize) {
                LockSupport.parkNanos(this, Math.min(left, LINGER_SLICE_NANOS));
            }
            if (Thread.interrupted()) {
                return true;
            }
            queue.drainTo(items, batchSize - items.size());
        }
        return false;
    }

    /** Ends a linger early: called after a barrier or wakeup is queued. */
    void wake() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Finish what is queued, then stop. */
    void drainAndStop() {
        draining = true;
        queue.offer(Wakeup.INSTANCE);
        wake();
    }

    /** Stop after the current batch, leaving the rest queued. */
    void abandon() {
        abandoned = true;
        queue.offer(Wakeup.INSTANCE);
        wake();
    }

    long written() {
        return written.get();
    }

    private void process(List<Item> items, List<DecisionRow> rows) {
        for (Item item : items) {
            switch (item) {
                case Entry e -> map(e.record(), rows);
                case Barrier b -> {
                    write(rows);
                    b.passed().countDown();
                }
                case Wakeup _ -> {
                }
            }
        }
        write(rows);
    }

    private void map(RequestRecord record, List<DecisionRow> rows) {
        try {
            rows.add(DecisionRows.toRow(record));
        } catch (RuntimeException e) {
            failures.add(1, e);
        }
    }

    private void write(List<DecisionRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        try {
            store.append(List.copyOf(rows));
            written.addAndGet(rows.size());
        } catch (RuntimeException e) {
            failures.add(rows.size(), e);
        } finally {
            rows.clear();
        }
    }
}
