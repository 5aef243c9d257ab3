package dev.ladder.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.config.ConfigLoader;
import dev.ladder.config.LadderConfig;
import dev.ladder.jobs.Batch;
import dev.ladder.jobs.BatchStatus;
import dev.ladder.jobs.JobsConfig;
import dev.ladder.testing.LocalPostgres;
import dev.ladder.testing.Required;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: two gateways, each with its own connection pool and workers, share one queue in PostgreSQL (started by
 * .ci/run, or here from the Debian package: {@link dev.ladder.testing.LocalPostgres}). They drain a 2,000-line batch
 * together: every job is leased once (attempts = 1), has one result, and both gateways did part of the work; the
 * batch's key never has more than its per-key limit running at once across the two.
 */
@Tag("slow")
class TwoGatewaysOnPostgresTest {

    static final int JOBS = 2000;
    /** The one key's limit across both gateways (each could run 200 at once). */
    static final int PER_KEY = 250;

    @TempDir
    Path dirA;
    @TempDir
    Path dirB;

    @Test
    void twoGatewaysDrainOneQueueAndDoEachJobOnce() throws Exception {
        String url = LocalPostgres.freshDatabase(Required.postgres());
        try (TestGateway a = gateway(url, dirA); TestGateway b = gateway(url, dirB)) {
            String file = a.gateway().jobs().upload("in.jsonl", "batch", BatchFixtures.input(JOBS)).id();
            String batchId = a.gateway().jobs().createBatch(file, "/v1/chat/completions", "24h", Map.of(),
                    Optional.empty(), "{}", Optional.of("key_shared")).orElseThrow().id();
            int mostRunning = 0;
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                while (!b.gateway().jobs().batch(batchId).orElseThrow().status().isFinished()) {
                    try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM ladder_jobs WHERE state = 'running'")) {
                        rs.next();
                        mostRunning = Math.max(mostRunning, rs.getInt(1));
                    }
                    Thread.sleep(20);
                }
            }
            assertThat(mostRunning).as("most jobs of the key running at once").isBetween(1, PER_KEY);
            Batch done = BatchFixtures.awaitFinished(b.gateway().jobs(), batchId);

            assertThat(done.status()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(done.counts().completed()).isEqualTo(JOBS);
            Map<String, Integer> byWorker = new HashMap<>();
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*), MIN(attempts), MAX(attempts), "
                        + "COUNT(DISTINCT id), SUM(CASE WHEN result IS NULL THEN 1 ELSE 0 END) FROM ladder_jobs")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(JOBS);
                    assertThat(rs.getInt(2)).as("fewest leases of a job").isEqualTo(1);
                    assertThat(rs.getInt(3)).as("most leases of a job").isEqualTo(1);
                    assertThat(rs.getInt(4)).isEqualTo(JOBS);
                    assertThat(rs.getInt(5)).as("jobs without a result").isZero();
                }
                try (ResultSet rs = s.executeQuery("SELECT lease_owner, COUNT(*) FROM ladder_jobs GROUP BY lease_owner")) {
                    while (rs.next()) {
                        byWorker.put(rs.getString(1), rs.getInt(2));
                    }
                }
            }
            assertThat(byWorker).containsOnlyKeys(a.gateway().workers().owner(), b.gateway().workers().owner());
            assertThat(byWorker.values()).allSatisfy(n -> assertThat(n).isPositive());
        }
    }

    private static TestGateway gateway(String url, Path dataDir) {
        LadderConfig demo = ConfigLoader.loadDemo(dataDir);
        LadderConfig cfg = demo.withServer(demo.server().withPort(0).withHost("127.0.0.1").withDataDir(dataDir))
                .withJobs(new JobsConfig(Optional.of(url), 200, PER_KEY, JobsConfig.DEFAULT_LEASE,
                        JobsConfig.DEFAULT_MAX_ATTEMPTS, Duration.ofMillis(20)));
        return TestGateway.of(cfg, InstantSource.system());
    }
}
