package dev.ladder.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.model.CacheStatus;
import dev.ladder.model.Usage;
import dev.ladder.pipeline.RequestContext;
import dev.ladder.pipeline.RequestRecord;
import dev.ladder.telemetry.DecisionLog;
import dev.ladder.telemetry.DecisionLogConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decision log wired to the real SQLite store, the way the gateway wires it. */
class DecisionLogToSqliteTest {

    @TempDir
    Path dataDir;

    @Test
    void personal_data_in_the_prompt_never_reaches_the_database_file() throws Exception {
        try (DecisionLog log = DecisionLog.start(JdbcDecisionStore.open(dataDir), 100)) {
            log.completed(record("req-1", "Refund alice@example.com on card 4111 1111 1111 1111, call 415-555-2671"));
            assertThat(log.flush(Duration.ofSeconds(10))).isTrue();
        }

        Path file = dataDir.resolve(JdbcDecisionStore.FILE_NAME);
        assertThat(JdbcDecisionStoreTest.queryStrings(file, "SELECT prompt_preview FROM decisions"))
                .containsExactly("Refund [email] on card [card], call [phone]");
        try (Stream<Path> files = Files.list(dataDir)) {
            for (Path f : files.toList()) {
                String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertThat(bytes).as(f.toString()).doesNotContain("alice@example.com", "4111 1111", "555-2671");
            }
        }
    }

    @Test
    void records_from_concurrent_producers_all_land_in_the_database() throws Exception {
        DecisionLogConfig config = DecisionLogConfig.DEFAULTS.withQueueCapacity(4_000);
        try (DecisionLog log = DecisionLog.start(JdbcDecisionStore.open(dataDir), config, InstantSource.system());
             ExecutorService producers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int p = 0; p < 8; p++) {
                int producer = p;
                done.add(producers.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        log.completed(record("p" + producer + "-" + i, "prompt " + i));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            assertThat(log.flush(Duration.ofSeconds(30))).isTrue();
            assertThat(log.written()).isEqualTo(4_000);
            assertThat(log.dropped()).isZero();
            assertThat(log.failed()).isZero();
        }

        try (JdbcDecisionStore store = JdbcDecisionStore.open(dataDir)) {
            assertThat(store.recent(10_000)).hasSize(4_000);
            assertThat(store.find("p7-499")).isPresent();
        }
    }

    private static RequestRecord record(String id, String preview) {
        return new RequestRecord(id, Instant.parse("2026-11-23T10:15:30.123Z"), RequestContext.EMPTY, preview, false,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                List.of(), 200, Optional.empty(), Duration.ofMillis(3), Duration.ZERO, Usage.ZERO, 0, 0,
                CacheStatus.EXACT, 0);
    }
}
