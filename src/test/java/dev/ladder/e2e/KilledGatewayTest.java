package dev.ladder.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.config.ConfigLoader;
import dev.ladder.config.LadderConfig;
import dev.ladder.jobs.Batch;
import dev.ladder.jobs.BatchStatus;
import dev.ladder.jobs.JobService;
import dev.ladder.jobs.JobState;
import dev.ladder.jobs.JobsConfig;
import dev.ladder.store.JdbcJobStore;
import dev.ladder.webhooks.Outbox;
import dev.ladder.wire.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: {@code kill -9} of a gateway process while a 1,000-line batch runs. The gateway is a real child JVM
 * ({@code ladder serve} on the test classpath) working through the batch in the SQLite queue; once some lines are
 * done it is killed with SIGKILL, holding leases on the lines it was running. A gateway started on the same data
 * directory (its clock past the lease) finishes the batch: it ends completed, with every custom_id exactly once in
 * the output, and the lines the dead process held were leased a second time.
 */
@Tag("slow")
class KilledGatewayTest {

    static final int LINES = 1000;

    @TempDir
    Path dataDir;

    @Test
    void aBatchSurvivesKillDashNineOfItsGatewayAndEveryLineCompletesOnce() throws Exception {
        String batchId;
        try (JdbcJobStore store = JdbcJobStore.open(Optional.empty(), dataDir)) {
            InstantSource clock = InstantSource.system();
            JobService service = new JobService(store, new Outbox(store.outbox(), Optional.empty(), clock), clock);
            String file = service.upload("in.jsonl", "batch", BatchFixtures.input(LINES)).id();
            batchId = service.createBatch(file, JobService.CHAT_ENDPOINT, "24h", Map.of(), Optional.empty())
                    .orElseThrow().id();

            Process child = startChildGateway();
            try {
                awaitSucceeded(store, batchId, 20, child);
            } finally {
                child.destroyForcibly(); // SIGKILL: no shutdown hook, no lease given back
                child.waitFor(10, TimeUnit.SECONDS);
            }
            Map<JobState, Integer> atDeath = store.countByState(Optional.of(batchId));
            assertThat(atDeath.getOrDefault(JobState.RUNNING, 0)).as("lines held by the killed process %s", atDeath)
                    .isPositive();
            assertThat(atDeath.getOrDefault(JobState.SUCCEEDED, 0)).isLessThan(LINES);
        }

        AdvancingClock clock = new AdvancingClock();
        clock.advance(JobsConfig.DEFAULT_LEASE.plusSeconds(1));
        LadderConfig demo = ConfigLoader.loadDemo(dataDir);
        LadderConfig cfg = demo.withServer(demo.server().withPort(0).withHost("127.0.0.1").withDataDir(dataDir))
                .withJobs(demo.jobs().withConcurrency(256).withPollInterval(Duration.ofMillis(20)));
        try (TestGateway gw = TestGateway.of(cfg, clock)) {
            JobService jobs = gw.gateway().jobs();
            Batch done = BatchFixtures.awaitFinished(jobs, batchId);

            assertThat(done.status()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(done.counts().completed()).isEqualTo(LINES);
            List<String> lines = new String(jobs.file(done.outputFileId().orElseThrow()).orElseThrow().content(),
                    StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
            Set<String> ids = new HashSet<>();
            for (String l : lines) {
                JsonNode n = Json.read(l);
                assertThat(n.path("response").path("status_code").asInt()).isEqualTo(200);
                ids.add(n.path("custom_id").asText());
            }
            assertThat(lines).hasSize(LINES);
            assertThat(ids).hasSize(LINES);
            assertThat(done.errorFileId()).isEmpty();
        }
    }

    /** {@code ladder serve} on the demo config in a JVM of its own, working on this test's data directory. */
    private Process startChildGateway() throws IOException {
        String demo;
        try (InputStream in = ConfigLoader.class.getResourceAsStream("/dev/ladder/demo.yaml")) {
            demo = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path config = dataDir.resolve("child.yaml");
        Files.writeString(config, demo + "\njobs:\n  concurrency: 16\n  poll_interval: 20ms\n");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-Xmx512m", "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "dev.ladder.cli.Main", "serve", "--config", config.toString(),
                "--port", "0", "--data-dir", dataDir.toString())
                .redirectErrorStream(true).redirectOutput(dataDir.resolve("child.log").toFile()).start();
    }

    private void awaitSucceeded(JdbcJobStore store, String batchId, int n, Process child) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new AssertionError("the child gateway exited early:\n" + Files.readString(dataDir.resolve("child.log")));
            }
            if (store.countByState(Optional.of(batchId)).getOrDefault(JobState.SUCCEEDED, 0) >= n) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the child gateway did not finish " + n + " lines:\n"
                + Files.readString(dataDir.resolve("child.log")));
    }
}
