package dev.ladder.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.config.ConfigLoader;
import dev.ladder.config.LadderConfig;
import dev.ladder.jobs.Batch;
import dev.ladder.jobs.BatchStatus;
import dev.ladder.jobs.JobResult;
import dev.ladder.jobs.JobService;
import dev.ladder.jobs.JobState;
import dev.ladder.jobs.JobsConfig;
import dev.ladder.jobs.Lease;
import dev.ladder.store.JdbcJobStore;
import dev.ladder.webhooks.Outbox;
import dev.ladder.wire.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: a worker that dies holding leases (a gateway killed with {@code kill -9} mid-batch) loses nothing and
 * doubles nothing. A first "process" creates a 1,000-line batch in the SQLite queue and leases 400 lines, then
 * vanishes without a word. A gateway started on the same data directory runs the other 600 at once, leaves the
 * 400 alone while their leases hold, and takes them when the (injected) clock passes the lease. The dead worker's
 * late answer is refused. The batch ends completed with 1,000 output lines, one per custom_id.
 */
class JobQueueCrashRecoveryTest {

    static final int LINES = 1000;
    static final int HELD_BY_THE_DEAD = 400;

    @TempDir
    Path dataDir;

    @Test
    void leasesOfADeadWorkerAreTakenAgainAndEveryLineCompletesExactlyOnce() throws Exception {
        AdvancingClock clock = new AdvancingClock();
        String batchId;
        List<Lease> abandoned;
        try (JdbcJobStore store = JdbcJobStore.open(Optional.empty(), dataDir)) {
            JobService service = new JobService(store, new Outbox(store.outbox(), Optional.empty(), clock), clock);
            String file = service.upload("in.jsonl", "batch", input(LINES)).id();
            Batch b = service.createBatch(file, JobService.CHAT_ENDPOINT, "24h", Map.of(), Optional.empty())
                    .orElseThrow();
            batchId = b.id();
            abandoned = store.lease("worker-killed", HELD_BY_THE_DEAD, clock.instant(), JobsConfig.DEFAULT_LEASE);
            assertThat(abandoned).hasSize(HELD_BY_THE_DEAD);
        } // the dead process's connection goes with it; its leases stay in the file

        LadderConfig demo = ConfigLoader.loadDemo(dataDir);
        LadderConfig cfg = demo.withServer(demo.server().withPort(0).withHost("127.0.0.1").withDataDir(dataDir))
                .withJobs(demo.jobs().withConcurrency(256).withPollInterval(Duration.ofMillis(20)));
        try (TestGateway gw = TestGateway.of(cfg, clock)) {
            JobService jobs = gw.gateway().jobs();
            awaitCount(jobs, batchId, LINES - HELD_BY_THE_DEAD);
            assertThat(jobs.batch(batchId).orElseThrow().status()).isEqualTo(BatchStatus.IN_PROGRESS);

            clock.advance(JobsConfig.DEFAULT_LEASE.plusSeconds(1));
            Batch done = awaitFinished(jobs, batchId);

            assertThat(done.status()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(done.counts().completed()).isEqualTo(LINES);
            String output = new String(jobs.file(done.outputFileId().orElseThrow()).orElseThrow().content(),
                    StandardCharsets.UTF_8);
            List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
            Set<String> ids = new HashSet<>();
            for (String l : lines) {
                JsonNode n = Json.read(l);
                assertThat(n.path("response").path("status_code").asInt()).isEqualTo(200);
                ids.add(n.path("custom_id").asText());
            }
            assertThat(lines).hasSize(LINES);
            assertThat(ids).hasSize(LINES);

            // the killed worker's late answer is not recorded: the lease is no longer its own
            try (JdbcJobStore store = JdbcJobStore.open(Optional.empty(), dataDir)) {
                boolean recorded = store.complete(abandoned.getFirst(), JobState.SUCCEEDED,
                        new JobResult(200, "{}", 0, Optional.empty(), "late"), clock.instant(), List.of());
                assertThat(recorded).isFalse();
                assertThat(store.job(abandoned.getFirst().job().id()).orElseThrow().attempts()).isEqualTo(2);
                assertThat(store.job(abandoned.getFirst().job().id()).orElseThrow().result().orElseThrow()
                        .requestId()).isNotEqualTo("late");
            }
        }
    }

    static byte[] input(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("{\"custom_id\":\"line-").append(i).append("\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\","
                    + "\"body\":").append(TestGateway.chat("ladder/auto", "What is " + i + " plus " + i + "?"))
                    .append("}\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Waits (real time, polling) until {@code n} lines of the batch succeeded. */
    static void awaitCount(JobService jobs, String batchId, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (System.nanoTime() < deadline) {
            if (jobs.batch(batchId).orElseThrow().counts().completed() >= n) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("fewer than " + n + " lines completed: " + jobs.batch(batchId));
    }

    static Batch awaitFinished(JobService jobs, String batchId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (System.nanoTime() < deadline) {
            Batch b = jobs.batch(batchId).orElseThrow();
            if (b.status().isFinished()) {
                return b;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the batch did not finish: " + jobs.batch(batchId));
    }
}
