package dev.ladder.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.store.JdbcJobStore;
import dev.ladder.webhooks.Outbox;
import dev.ladder.webhooks.OutboxEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue's rules on the real SQLite store, with a clock the test moves: leases in priority order, a lease that
 * ran out is taken again and its old holder cannot record a result, a result is recorded once, cancelled and
 * expired lines end in the error file, a batch is finalized once, and a single job's event goes out with its result.
 */
class JobQueueTest {

    static final Duration LEASE = Duration.ofMinutes(10);

    @TempDir
    Path dir;

    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    final InstantSource clock = () -> now.get();
    JdbcJobStore store;
    JobService service;
    Workers workers;

    /** The sweeps below finalize batches; no job is run, so a runner that is called is a failure. */
    static final JobRunner NOT_CALLED = new JobRunner() {
        @Override
        public JobResult run(Job job) {
            throw new AssertionError("no job runs in these tests");
        }

        @Override
        public JobResult failure(Job job, int status, String message) {
            return new JobResult(status, "{\"error\":{\"message\":\"" + message + "\"}}", 0, Optional.empty(), "r");
        }
    };

    @BeforeEach
    void open() {
        store = JdbcJobStore.open(Optional.empty(), dir);
        service = new JobService(store, new Outbox(store.outbox(), Optional.of("http://127.0.0.1:9/hooks"), clock),
                clock);
        workers = new Workers(store, NOT_CALLED, service, JobsConfig.DEFAULTS, clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    static JobResult ok(String id) {
        return new JobResult(200, "{\"id\":\"" + id + "\"}", 0.001, Optional.of("simple"), id);
    }

    @Test
    void leasesGoHighestPriorityFirstThenOldest() {
        Job low = service.submit("{}", "{}", Optional.empty(), Optional.empty(), 0);
        now.set(now.get().plusSeconds(1));
        Job high = service.submit("{}", "{}", Optional.empty(), Optional.empty(), 5);
        now.set(now.get().plusSeconds(1));
        Job lowLater = service.submit("{}", "{}", Optional.empty(), Optional.empty(), 0);

        List<Lease> got = store.lease("w", 3, now.get(), LEASE);

        assertThat(got).extracting(l -> l.job().id()).containsExactly(high.id(), low.id(), lowLater.id());
        assertThat(store.lease("w2", 3, now.get(), LEASE)).as("all are held").isEmpty();
    }

    @Test
    void noMoreOfAKeysJobsRunAtOnceThanItsLimit() {
        for (int i = 0; i < 5; i++) {
            service.submit("{}", "{}", Optional.of("key_a"), Optional.empty(), 0);
        }
        Job b = service.submit("{}", "{}", Optional.of("key_b"), Optional.empty(), 0);
        Job none = service.submit("{}", "{}", Optional.empty(), Optional.empty(), 0);

        List<Lease> first = store.lease("w1", 10, now.get(), LEASE, 2);
        assertThat(first).extracting(l -> l.job().keyId().orElse("-")).containsExactlyInAnyOrder("key_a", "key_a",
                "key_b", "-");
        assertThat(store.lease("w2", 10, now.get(), LEASE, 2)).as("key_a is at its limit").isEmpty();
        assertThat(store.countByState(Optional.empty())).containsEntry(JobState.QUEUED, 3);

        Lease a = first.stream().filter(l -> l.job().keyId().equals(Optional.of("key_a"))).findFirst().orElseThrow();
        assertThat(store.complete(a, JobState.SUCCEEDED, ok("a"), now.get(), List.of())).isTrue();
        List<Lease> next = store.lease("w2", 10, now.get(), LEASE, 2);
        assertThat(next).singleElement().satisfies(l -> {
            assertThat(l.job().keyId()).contains("key_a");
            assertThat(l.attempt()).as("a lease given back is not counted").isEqualTo(1);
        });
        assertThat(List.of(b.id(), none.id())).allSatisfy(id -> assertThat(store.job(id).orElseThrow().state())
                .isEqualTo(JobState.RUNNING));
    }

    @Test
    void aLeaseThatRanOutIsTakenAgainAndItsOldHolderCannotRecordAResult() {
        Job j = service.submit("{}", "{}", Optional.empty(), Optional.empty(), 0);
        Lease first = store.lease("dead", 1, now.get(), LEASE).getFirst();

        now.set(now.get().plus(LEASE).minusSeconds(1));
        assertThat(store.lease("alive", 1, now.get(), LEASE)).as("the lease still holds").isEmpty();
        now.set(now.get().plusSeconds(2));
        Lease second = store.lease("alive", 1, now.get(), LEASE).getFirst();
        assertThat(second.attempt()).isEqualTo(2);

        assertThat(store.complete(first, JobState.SUCCEEDED, ok("late"), now.get(), List.of())).isFalse();
        assertThat(store.complete(second, JobState.SUCCEEDED, ok("mine"), now.get(), List.of())).isTrue();
        assertThat(store.complete(second, JobState.SUCCEEDED, ok("again"), now.get(), List.of()))
                .as("recorded once").isFalse();
        Job stored = store.job(j.id()).orElseThrow();
        assertThat(stored.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(stored.result().orElseThrow().requestId()).isEqualTo("mine");
    }

    @Test
    void aJobLeasedMoreThanMaxAttemptsTimesFailsInsteadOfRunning() {
        Job j = service.submit("{}", "{}", Optional.empty(), Optional.empty(), 0);
        Lease l = null;
        for (int i = 0; i <= JobsConfig.DEFAULT_MAX_ATTEMPTS; i++) {
            l = store.lease("w" + i, 1, now.get(), LEASE).getFirst();
            now.set(now.get().plus(LEASE).plusSeconds(1));
        }
        assertThat(workers.run(l)).isTrue();
        Job stored = store.job(j.id()).orElseThrow();
        assertThat(stored.state()).isEqualTo(JobState.FAILED);
        assertThat(stored.result().orElseThrow().statusCode()).isEqualTo(500);
    }

    @Test
    void aSingleJobsEventIsWrittenWithItsResult() {
        Job j = service.submit("{}", "{}", Optional.empty(), Optional.of("http://127.0.0.1:9/mine"), 0);
        Lease l = store.lease("w", 1, now.get(), LEASE).getFirst();
        List<OutboxEvent> events = service.jobEvents(j, JobState.SUCCEEDED, ok("x"));

        assertThat(store.complete(l, JobState.SUCCEEDED, ok("x"), now.get(), events)).isTrue();

        OutboxEvent e = events.getFirst();
        assertThat(e.type()).isEqualTo("job.completed");
        assertThat(e.url()).contains("http://127.0.0.1:9/mine");
        assertThat(store.outbox().event(e.id())).isPresent();
    }

    @Test
    void cancellingLeavesRunningLinesToFinishAndSendsQueuedOnesToTheErrorFile() {
        Batch b = batch(3, "24h");
        Lease running = store.lease("w", 1, now.get(), LEASE).getFirst();

        assertThat(service.cancel(b.id()).orElseThrow().status()).isEqualTo(BatchStatus.CANCELLING);
        assertThat(workers.sweep()).as("a line still runs").isZero();
        assertThat(store.complete(running, JobState.SUCCEEDED, ok("r"), now.get(), List.of())).isTrue();
        assertThat(workers.sweep()).isEqualTo(1);
        assertThat(workers.sweep()).as("finalized once").isZero();

        Batch done = service.batch(b.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(BatchStatus.CANCELLED);
        assertThat(done.counts()).isEqualTo(new Batch.Counts(3, 1, 2));
        assertThat(text(done.errorFileId())).contains("batch_cancelled").hasLineCount(2);
        assertThat(text(done.outputFileId())).hasLineCount(1);
        assertThat(done.metadata()).containsEntry("ladder_tier_mix", "{\"simple\":1}")
                .containsEntry("ladder_cost_usd", "0.001000");
        assertThat(store.outbox().list(Optional.empty(), 10)).extracting(r -> r.event().type())
                .containsExactly("batch.cancelled");
    }

    @Test
    void linesNotStartedWhenTheWindowClosesExpire() {
        Batch b = batch(2, "1h");
        Lease l = store.lease("w", 1, now.get(), LEASE).getFirst();
        store.complete(l, JobState.SUCCEEDED, ok("a"), now.get(), List.of());

        now.set(now.get().plus(Duration.ofMinutes(61)));
        assertThat(workers.sweep()).isEqualTo(1);

        Batch done = service.batch(b.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(BatchStatus.EXPIRED);
        assertThat(text(done.errorFileId())).contains("batch_expired");
    }

    private Batch batch(int lines, String window) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            sb.append("{\"custom_id\":\"c").append(i)
                    .append("\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{}}\n");
        }
        String file = service.upload("in.jsonl", "batch", sb.toString().getBytes(StandardCharsets.UTF_8)).id();
        return service.createBatch(file, JobService.CHAT_ENDPOINT, window, Map.of(), Optional.empty()).orElseThrow();
    }

    private String text(Optional<String> fileId) {
        return new String(store.file(fileId.orElseThrow()).orElseThrow().content(), StandardCharsets.UTF_8);
    }
}
