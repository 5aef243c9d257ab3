package dev.ladder.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.pipeline.DecisionRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DecisionLogTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration WARN_EVERY = Duration.ofSeconds(30);

    private final FakeClock clock = new FakeClock();
    private final CapturedLog log = new CapturedLog(DecisionLog.class);
    private final List<Runnable> cleanups = new ArrayList<>();

    @AfterEach
    void tearDown() {
        cleanups.forEach(Runnable::run);
        log.close();
    }

    private DecisionLog start(FakeDecisionStore store, int capacity, int batchSize) {
        return start(store, capacity, batchSize, Duration.ZERO);
    }

    private DecisionLog start(FakeDecisionStore store, int capacity, int batchSize, Duration linger) {
        DecisionLog decisions = DecisionLog.start(store,
                new DecisionLogConfig(capacity, batchSize, WARN_EVERY, Duration.ofSeconds(10), linger), clock);
        cleanups.add(store::release);
        cleanups.add(decisions::close);
        return decisions;
    }

    @Test
    void completed_records_are_masked_and_written_through_the_store() throws Exception {
        FakeDecisionStore store = FakeDecisionStore.working();
        DecisionLog decisions = start(store, 100, 10);

        decisions.completed(RequestRecords.full("req-1"));
        decisions.completed(RequestRecords.minimal("req-2"));

        assertThat(decisions.flush(WAIT)).isTrue();
        assertThat(store.rows()).extracting(DecisionRow::requestId).containsExactly("req-1", "req-2");
        assertThat(store.rows().getFirst().promptPreview()).isEqualTo(
                "Refund order 1234567812345678 to [email], card [card]");
        assertThat(decisions.written()).isEqualTo(2);
        assertThat(decisions.dropped()).isZero();
        assertThat(decisions.failed()).isZero();
    }

    @Test
    void rows_are_written_in_batches_no_larger_than_configured() throws Exception {
        FakeDecisionStore store = FakeDecisionStore.shut();
        DecisionLog decisions = start(store, 100, 3);
        decisions.completed(RequestRecords.minimal("first"));
        store.awaitAppendStarted();
        for (int i = 0; i < 10; i++) {
            decisions.completed(RequestRecords.minimal("req-" + i));
        }

        store.release();

        assertThat(decisions.flush(WAIT)).isTrue();
        assertThat(store.batchSizes()).containsExactly(1, 3, 3, 3, 1);
        assertThat(decisions.written()).isEqualTo(11);
    }

    @Test
    void the_writer_lingers_for_more_records_until_the_batch_is_full() throws Exception {
        FakeDecisionStore store = FakeDecisionStore.working();
        DecisionLog decisions = start(store, 100, 5, Duration.ofMinutes(1));

        for (int i = 0; i < 5; i++) {
            decisions.completed(RequestRecords.minimal("req-" + i));
        }
        store.awaitAppendStarted(); // within 10 s, long before the linger of a minute ends
        assertThat(decisions.flush(WAIT)).isTrue();

        assertThat(store.batchSizes()).containsExactly(5);
    }

    @Test
    void a_flush_ends_the_linger_at_once() throws Exception {
        FakeDecisionStore store = FakeDecisionStore.working();
        DecisionLog decisions = start(store, 100, 500, Duration.ofMinutes(1));
        decisions.completed(RequestRecords.minimal("req-1"));
        decisions.completed(RequestRecords.minimal("req-2"));

        assertThat(decisions.flush(WAIT)).isTrue();

        assertThat(store.batchSizes()).containsExactly(2);
        assertThat(decisions.written()).isEqualTo(2);
    }

    @Test
    void close_ends_the_linger_and_writes_what_was_taken() {
        FakeDecisionStore store = FakeDecisionStore.working();
        DecisionLog decisions = start(store, 100, 500, Duration.ofMinutes(1));
        decisions.completed(RequestRecords.minimal("req-1"));
        decisions.completed(RequestRecords.minimal("req-2"));

        decisions.close();

        assertThat(store.rows()).extracting(DecisionRow::requestId).containsExactly("req-1", "req-2");
        assertThat(decisions.dropped()).isZero();
    }

    @Test
    void a_full_queue_drops_and_counts_records_and_warns_at_most_once_per_interval() throws Exception {
        FakeDecisionStore store = FakeDecisionStore.shut();
        DecisionLog decisions = start(store, 2, 100);
        decisions.completed(RequestRecords.minimal("taken-by-writer"));
        store.awaitAppendStarted();
        decisions.completed(RequestRecords.minimal("queued-1"));
        decisions.completed(RequestRecords.minimal("queued-2"));

        decisions.completed(RequestRecords.minimal("dropped-1"));
        decisions.completed(RequestRecords.minimal("dropped-2"));
        decisions.completed(RequestRecords.minimal("dropped-3"));
        clock.advance(WARN_EVERY.minusSeconds(1));
        decisions.completed(RequestRecords.minimal("dropped-4"));

        assertThat(decisions.dropped()).isEqualTo(4);
        assertThat(log.warningMessages()).containsExactly(
                "decision log dropped records (queue full or log closed): 1 since the last warning, 1 in total");

        clock.advance(Duration.ofSeconds(1));
        decisions.completed(RequestRecords.minimal("dropped-5"));

        assertThat(log.warningMessages()).hasSize(2).last().isEqualTo(
                "decision log dropped records (queue full or log closed): 4 since the last warning, 5 in total");

        store.release();
        assertThat(decisions.flush(WAIT)).isTrue();
        assertThat(store.rows()).extracting(DecisionRow::requestId)
                .containsExactly("taken-by-writer", "queued-1", "queued-2");
        assertThat(decisions.written()).isEqualTo(3);
        assertThat(decisions.dropped()).isEqualTo(5);
    }

    @Test
    void close_writes_what_is_queued_then_closes_the_store() throws Exception {
        FakeDecisionStore store = FakeDecisionStore.shut();
        DecisionLog decisions = start(store, 100, 2);
        decisions.completed(RequestRecords.minimal("req-0"));
        store.awaitAppendStarted();
        for (int i = 1; i < 10; i++) {
            decisions.completed(RequestRecords.minimal("req-" + i));
        }
        assertThat(decisions.queued()).isEqualTo(9);

        store.release();
        decisions.close();

        assertThat(store.rows()).hasSize(10);
        assertThat(decisions.written()).isEqualTo(10);
        assertThat(decisions.dropped()).isZero();
        assertThat(store.isClosed()).isTrue();
    }

    @Test
    void close_gives_up_after_its_timeout_and_counts_what_it_could_not_write() throws Exception {
        FakeDecisionStore store = FakeDecisionStore.shut();
        DecisionLog decisions = DecisionLog.start(store,
                new DecisionLogConfig(100, 10, WARN_EVERY, Duration.ofMillis(200), Duration.ZERO), clock);
        cleanups.add(store::release);
        decisions.completed(RequestRecords.minimal("stuck"));
        store.awaitAppendStarted();
        decisions.completed(RequestRecords.minimal("left-1"));
        decisions.completed(RequestRecords.minimal("left-2"));

        decisions.close(); // returns only because it gives up: the store holds "stuck" until release()

        assertThat(decisions.dropped()).isEqualTo(2);
        assertThat(decisions.written()).isZero();
        assertThat(store.isClosed()).isTrue();
        assertThat(log.warningMessages()).anySatisfy(m -> assertThat(m).contains("2 records not written"));
    }

    @Test
    void records_completed_after_close_are_dropped_and_counted() throws Exception {
        FakeDecisionStore store = FakeDecisionStore.working();
        DecisionLog decisions = start(store, 100, 10);
        decisions.close();

        decisions.completed(RequestRecords.minimal("late"));
        decisions.close();

        assertThat(decisions.dropped()).isEqualTo(1);
        assertThat(decisions.flush(WAIT)).isTrue();
        assertThat(store.rows()).isEmpty();
    }

    @Test
    void a_failing_store_counts_failed_writes_logs_them_and_the_writer_carries_on() throws Exception {
        FakeDecisionStore store = FakeDecisionStore.working();
        DecisionLog decisions = start(store, 100, 10);
        store.failNext(1);

        decisions.completed(RequestRecords.minimal("lost"));
        assertThat(decisions.flush(WAIT)).isTrue();

        assertThat(decisions.failed()).isEqualTo(1);
        assertThat(decisions.written()).isZero();
        assertThat(log.warnings()).singleElement().satisfies(w -> {
            assertThat(w.getMessage()).isEqualTo(
                    "decision log failed to write records: 1 since the last warning, 1 in total");
            assertThat(w.getThrown()).hasMessage("disk full");
        });

        decisions.completed(RequestRecords.minimal("kept"));
        assertThat(decisions.flush(WAIT)).isTrue();

        assertThat(decisions.written()).isEqualTo(1);
        assertThat(store.rows()).extracting(DecisionRow::requestId).containsExactly("kept");
    }

    @Test
    void flush_reports_false_when_the_writer_cannot_finish_in_time() throws Exception {
        FakeDecisionStore store = FakeDecisionStore.shut();
        DecisionLog decisions = start(store, 100, 10);
        decisions.completed(RequestRecords.minimal("stuck"));
        store.awaitAppendStarted();

        assertThat(decisions.flush(Duration.ofMillis(50))).isFalse();

        store.release();
        assertThat(decisions.flush(WAIT)).isTrue();
    }

    @Test
    void concurrent_producers_all_land_when_the_queue_is_big_enough() throws Exception {
        FakeDecisionStore store = FakeDecisionStore.working();
        DecisionLog decisions = start(store, 4_000, 500);

        try (ExecutorService producers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int p = 0; p < 8; p++) {
                int producer = p;
                done.add(producers.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        decisions.completed(RequestRecords.minimal("p" + producer + "-" + i));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }

        assertThat(decisions.flush(WAIT)).isTrue();
        assertThat(decisions.written()).isEqualTo(4_000);
        assertThat(decisions.dropped()).isZero();
        assertThat(store.rows()).extracting(DecisionRow::requestId).doesNotHaveDuplicates().hasSize(4_000);
    }
}
