package dev.ladder.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.access.Account;
import dev.ladder.access.Charge;
import dev.ladder.access.Limits;
import dev.ladder.access.Period;
import dev.ladder.access.SpendLine;
import dev.ladder.access.SpendReport;
import dev.ladder.access.Team;
import dev.ladder.access.VirtualKey;
import dev.ladder.jobs.StoredFile;
import dev.ladder.model.Tier;
import dev.ladder.pipeline.DecisionRow;
import dev.ladder.pipeline.Feedback;
import dev.ladder.testing.LocalPostgres;
import dev.ladder.testing.Required;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decision log, the key store and the job queue on SQLite and on PostgreSQL: the same calls give the same
 * answers, each store's tables come from its own versioned migrations (all three may share one PostgreSQL
 * database), and files made by the release before versioned migrations open with their rows.
 */
class StoresOnBothDatabasesTest {

    static final Instant AT = Instant.parse("2026-11-20T10:15:30.123Z");

    @TempDir
    Path dir;

    @Test
    void the_key_store_and_ledger_answer_the_same_on_sqlite_and_on_postgresql() throws Exception {
        String pg = LocalPostgres.freshDatabase(Required.postgres());
        try (JdbcAccessStore sqlite = JdbcAccessStore.open(dir.resolve(JdbcAccessStore.FILE_NAME));
                JdbcAccessStore postgres = JdbcAccessStore.open(Optional.of(pg), dir.resolve("unused.db"))) {
            for (JdbcAccessStore store : List.of(sqlite, postgres)) {
                exerciseAccess(store);
            }
            assertThat(postgres.list()).isEqualTo(sqlite.list());
            assertThat(postgres.teams()).isEqualTo(sqlite.teams());
            assertThat(postgres.usedBySlot()).isEqualTo(sqlite.usedBySlot()).isNotEmpty();
            assertThat(postgres.ledgerAmounts()).isEqualTo(sqlite.ledgerAmounts());
            for (SpendReport.By by : SpendReport.By.values()) {
                assertThat(postgres.spend(by, Optional.empty())).as("spend by " + by)
                        .isEqualTo(sqlite.spend(by, Optional.empty())).isNotEmpty();
            }
            assertThat(postgres.spend(SpendReport.By.DAY, Optional.empty()).getFirst().group()).isEqualTo("2026-11-20");
        }
    }

    private static void exerciseAccess(JdbcAccessStore store) {
        Limits limits = new Limits(Optional.of(new Limits.Budget(12.5, Period.MONTHLY)), 60, 10_000,
                Optional.of(new Limits.TierCap(80, Tier.MEDIUM)));
        VirtualKey key = new VirtualKey("key_1", "lk-abc", "hash-1", "first", Optional.of("search"),
                Optional.of("ana"), List.of("a", "b"), Set.of("gpt-mini"), Set.of(Tier.SIMPLE, Tier.MEDIUM),
                Optional.of(Tier.MEDIUM), limits, Optional.of(AT.plusSeconds(3600)), Optional.empty(), AT);
        store.insert(key);
        store.insert(new VirtualKey("key_2", "lk-def", "hash-2", "second", Optional.empty(), Optional.empty(),
                List.of(), Set.of(), Set.of(), Optional.empty(), Limits.NONE, Optional.empty(), Optional.empty(),
                AT.plusMillis(1)));
        assertThat(store.replace(key.revokedAt(AT.plusSeconds(5)))).isTrue();
        assertThat(store.byHash("hash-1")).hasValueSatisfying(k -> assertThat(k.revoked()).isTrue());
        assertThat(store.byId("key_2")).hasValueSatisfying(k -> assertThat(k.limits()).isEqualTo(Limits.NONE));
        store.putTeam(new Team("search", limits));
        store.putTeam(new Team("search", Limits.NONE));
        store.putTeam(new Team("ads", limits));
        assertThat(store.team("search")).contains(new Team("search", Limits.NONE));

        Account account = Account.of("key:key_1", limits.budget().orElseThrow(), AT);
        Charge charge = new Charge("req-1", "key_1", Optional.of("search"), List.of(account), 0);
        store.reserved(charge, 4_000, AT);
        store.reserved(charge, 1_000, AT);
        store.settled(charge, 3_210, new SpendLine(Optional.of("gpt-mini"), Optional.of("simple"),
                Optional.of("chat"), 11, 22, 3_210, 9_999), AT.plusMillis(40));
        store.reserved(new Charge("req-2", "key_2", Optional.empty(), List.of(account), 0), 700, AT);
    }

    @Test
    void the_decision_log_answers_the_same_on_sqlite_and_on_postgresql() throws Exception {
        String pg = LocalPostgres.freshDatabase(Required.postgres());
        try (JdbcDecisionStore sqlite = JdbcDecisionStore.open(dir);
                JdbcDecisionStore postgres = JdbcDecisionStore.open(Optional.of(pg), dir)) {
            for (JdbcDecisionStore store : List.of(sqlite, postgres)) {
                store.append(List.of(DecisionRowFixtures.full("req-1", AT),
                        DecisionRowFixtures.bare("req-2", AT), DecisionRowFixtures.bare("req-3", AT.plusSeconds(1))));
                store.append(List.of(DecisionRowFixtures.bare("req-1", AT)));
                assertThat(store.addFeedback(new Feedback("req-1", AT, OptionalDouble.of(0.5), true))).isTrue();
                assertThat(store.addFeedback(new Feedback("nope", AT, OptionalDouble.empty(), true))).isFalse();
                assertThat(store.writeProblem()).isEmpty();
            }
            assertThat(postgres.find("req-1")).contains(DecisionRowFixtures.full("req-1", AT));
            assertThat(postgres.recent(10)).isEqualTo(sqlite.recent(10)).extracting(DecisionRow::requestId)
                    .containsExactly("req-3", "req-2", "req-1");
            assertThat(postgres.between(AT, AT.plusMillis(1), 10)).isEqualTo(sqlite.between(AT, AT.plusMillis(1), 10));
            assertThat(postgres.feedback()).isEqualTo(sqlite.feedback()).hasSize(1);
        }
    }

    @Test
    void three_stores_share_one_postgresql_database_each_with_its_own_history() throws Exception {
        String pg = LocalPostgres.freshDatabase(Required.postgres());
        try (JdbcDecisionStore log = JdbcDecisionStore.open(Optional.of(pg), dir);
                JdbcAccessStore access = JdbcAccessStore.open(Optional.of(pg), dir.resolve("unused.db"));
                JdbcJobStore jobs = JdbcJobStore.open(Optional.of(pg), dir)) {
            jobs.putFile(new StoredFile("file-1", "batch", "in.jsonl", AT, "abc".getBytes()));
            assertThat(jobs.file("file-1")).isPresent();
        }
        // reopening applies nothing again
        JdbcJobStore.open(Optional.of(pg), dir).close();
        JdbcDecisionStore.open(Optional.of(pg), dir).close();
        assertThat(query(pg, "SELECT version FROM ladder_decisions_schema_history")).containsExactly("4");
        // the database was no longer empty when the next stores came: each history starts with a baseline at 0
        // (none of its tables yet), then its migrations run
        String history = " ORDER BY installed_rank";
        assertThat(query(pg, "SELECT version || ' ' || type FROM ladder_access_schema_history" + history))
                .containsExactly("0 BASELINE", "1 SQL");
        assertThat(query(pg, "SELECT version || ' ' || type FROM ladder_jobs_schema_history" + history))
                .containsExactly("0 BASELINE", "1 SQL");
    }

    @Test
    void a_job_queue_an_older_ladder_made_in_postgresql_is_taken_over_with_its_rows() throws Exception {
        String pg = LocalPostgres.freshDatabase(Required.postgres());
        try (Connection c = DriverManager.getConnection(pg)) {
            PreFlywaySchemas.jobs(c, "BYTEA");
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO ladder_files (id, purpose, filename, bytes, created_at, content) "
                        + "VALUES ('old-file', 'batch', 'old.jsonl', 2, 1, 'hi'::bytea)");
            }
        }
        try (JdbcJobStore jobs = JdbcJobStore.open(Optional.of(pg), dir)) {
            assertThat(jobs.file("old-file")).hasValueSatisfying(f -> assertThat(f.filename()).isEqualTo("old.jsonl"));
        }
        assertThat(query(pg, "SELECT version || ' ' || type FROM ladder_jobs_schema_history"))
                .containsExactly("1 BASELINE");
    }

    @Test
    void key_store_and_job_queue_files_of_the_release_before_versioned_migrations_open_with_their_rows()
            throws Exception {
        Path access = dir.resolve(JdbcAccessStore.FILE_NAME);
        PreFlywaySchemas.access(access);
        try (JdbcAccessStore before = JdbcAccessStore.open(dir.resolve("fresh-" + JdbcAccessStore.FILE_NAME))) {
            exerciseAccess(before);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + access); Statement s = c.createStatement()) {
            s.execute("INSERT INTO keys (id, prefix, hash, name, tags, models, tiers, rpm, tpm, created_at) "
                    + "VALUES ('old_key', 'lk-old', 'old-hash', 'old', '', '', '', 0, 0, 1)");
        }
        Path jobsFile = dir.resolve(JdbcJobStore.SQLITE_FILE);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + jobsFile)) {
            PreFlywaySchemas.jobs(c, "BLOB");
        }

        try (JdbcAccessStore store = JdbcAccessStore.open(access); JdbcJobStore jobs = JdbcJobStore.open(
                Optional.empty(), dir)) {
            assertThat(store.byHash("old-hash")).hasValueSatisfying(k -> assertThat(k.name()).isEqualTo("old"));
            exerciseAccess(store);
            assertThat(store.list()).hasSize(3);
            jobs.putFile(new StoredFile("file-1", "batch", "in.jsonl", AT, "abc".getBytes()));
        }
        assertThat(query("jdbc:sqlite:" + access, "SELECT version || ' ' || type FROM ladder_access_schema_history"))
                .containsExactly("1 BASELINE");
        assertThat(query("jdbc:sqlite:" + jobsFile, "SELECT version || ' ' || type FROM ladder_jobs_schema_history"))
                .containsExactly("1 BASELINE");
    }

    @Test
    void connections_postgresql_dropped_are_replaced_as_they_are_used() throws Exception {
        String pg = LocalPostgres.freshDatabase(Required.postgres());
        try (JdbcAccessStore store = JdbcAccessStore.open(Optional.of(pg), dir.resolve("unused.db"))) {
            exerciseAccess(store);
            try (Connection c = DriverManager.getConnection(pg); Statement s = c.createStatement()) {
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                        + "AND pid <> pg_backend_pid()");
            }
            int failed = 0;
            for (int i = 0; i < 40; i++) {
                try {
                    assertThat(store.byId("key_1")).isPresent();
                } catch (StoreException e) {
                    failed++;
                }
            }
            System.out.printf("PostgreSQL dropped every connection of the key store: %d of 40 calls failed, then "
                    + "the pool was whole again%n", failed);
            // each dropped connection fails one call at most, then it is replaced
            assertThat(failed).isBetween(1, 8);
            for (int i = 0; i < 20; i++) {
                assertThat(store.byId("key_1")).isPresent();
            }
        }
    }

    @Test
    void stores_opening_one_new_sqlite_file_at_once_migrate_it_once() throws Exception {
        // several rounds of eight openers on a new file: opening it as another opener switches it to WAL must
        // wait, not fail with SQLITE_BUSY (it did, once, under load)
        for (int round = 0; round < 3; round++) {
            Path at = dir.resolve("round-" + round);
            List<java.util.concurrent.Future<JdbcDecisionStore>> opened = new ArrayList<>();
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
                for (int i = 0; i < 8; i++) {
                    opened.add(pool.submit(() -> JdbcDecisionStore.open(at)));
                }
            }
            for (var f : opened) {
                f.get().close();
            }
            assertThat(query("jdbc:sqlite:" + at.resolve(JdbcDecisionStore.FILE_NAME),
                    "SELECT version FROM ladder_decisions_schema_history ORDER BY installed_rank"))
                    .containsExactly("1", "2", "3", "4");
        }
    }

    private static List<String> query(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }
}
