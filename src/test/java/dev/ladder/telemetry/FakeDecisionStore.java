package dev.ladder.telemetry;

import dev.ladder.pipeline.DecisionRow;
import dev.ladder.pipeline.DecisionStore;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory store that can be held shut (appends wait until {@link #release()}) and told to fail its next
 * appends, the way a full disk would.
 */
final class FakeDecisionStore implements DecisionStore {

    private final List<DecisionRow> rows = new CopyOnWriteArrayList<>();
    private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    private final CountDownLatch gate;
    private final CountDownLatch appendStarted = new CountDownLatch(1);
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile boolean closed;

    private FakeDecisionStore(boolean shut) {
        this.gate = new CountDownLatch(shut ? 1 : 0);
    }

    static FakeDecisionStore working() {
        return new FakeDecisionStore(false);
    }

    /** A store whose appends wait until {@link #release()} is called. */
    static FakeDecisionStore shut() {
        return new FakeDecisionStore(true);
    }

    void release() {
        gate.countDown();
    }

    void failNext(int appends) {
        failuresLeft.set(appends);
    }

    /** Waits until the writer is inside its first append. */
    void awaitAppendStarted() throws InterruptedException {
        if (!appendStarted.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the writer never called append");
        }
    }

    List<DecisionRow> rows() {
        return List.copyOf(rows);
    }

    List<Integer> batchSizes() {
        return List.copyOf(batchSizes);
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void append(List<DecisionRow> batch) {
        appendStarted.countDown();
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (failuresLeft.getAndUpdate(n -> Math.max(n - 1, 0)) > 0) {
            throw new IllegalStateException("disk full");
        }
        batchSizes.add(batch.size());
        rows.addAll(batch);
    }

    @Override
    public List<DecisionRow> recent(int limit) {
        return rows.stream().sorted(Comparator.comparing(DecisionRow::receivedAt).reversed()).limit(limit).toList();
    }

    @Override
    public Optional<DecisionRow> find(String requestId) {
        return rows.stream().filter(r -> r.requestId().equals(requestId)).findFirst();
    }

    @Override
    public void close() {
        closed = true;
    }
}
