package dev.ladder.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.model.Tier;
import dev.ladder.pipeline.DecisionRow;
import dev.ladder.pipeline.Feedback;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcDecisionStoreTest {

    @TempDir
    Path dir;

    @Test
    void opening_creates_ladder_db_in_a_new_data_directory_in_wal_mode() throws Exception {
        Path dataDir = dir.resolve("a/b/data");

        try (JdbcDecisionStore store = JdbcDecisionStore.open(dataDir)) {
            assertThat(store.file()).isEqualTo(dataDir.resolve("ladder.db")).exists();
            assertThat(queryStrings(store.file(), "PRAGMA journal_mode")).containsExactly("wal");
        }
    }

    @Test
    void a_row_round_trips_with_every_field() {
        DecisionRow row = DecisionRowFixtures.full("req-1", DecisionRowFixtures.AT);

        try (JdbcDecisionStore store = JdbcDecisionStore.open(dir)) {
            store.append(List.of(row));

            assertThat(store.find("req-1")).contains(row);
        }
    }

    @Test
    void a_row_with_nothing_optional_round_trips() {
        DecisionRow row = DecisionRowFixtures.bare("req-1", DecisionRowFixtures.AT);

        try (JdbcDecisionStore store = JdbcDecisionStore.open(dir)) {
            store.append(List.of(row));

            assertThat(store.find("req-1")).contains(row);
            assertThat(store.find("unknown")).isEmpty();
        }
    }

    @Test
    void timestamps_are_iso_utc_with_fixed_millis_so_text_order_is_time_order() throws Exception {
        try (JdbcDecisionStore store = JdbcDecisionStore.open(dir)) {
            store.append(List.of(DecisionRowFixtures.bare("whole-second", Instant.parse("2026-11-23T10:00:00Z")),
                    DecisionRowFixtures.bare("later", Instant.parse("2026-11-23T10:00:00.5Z")),
                    DecisionRowFixtures.bare("earlier", Instant.parse("2026-11-23T09:59:59.999Z"))));

            assertThat(queryStrings(store.file(), "SELECT ts FROM decisions ORDER BY ts")).containsExactly(
                    "2026-11-23T09:59:59.999Z", "2026-11-23T10:00:00.000Z", "2026-11-23T10:00:00.500Z");
            assertThat(store.recent(3)).extracting(DecisionRow::requestId)
                    .containsExactly("later", "whole-second", "earlier");
        }
    }

    @Test
    void recent_returns_the_newest_rows_first_up_to_the_limit() {
        try (JdbcDecisionStore store = JdbcDecisionStore.open(dir)) {
            List<DecisionRow> rows = IntStream.range(0, 10)
                    .mapToObj(i -> DecisionRowFixtures.bare("req-" + i, DecisionRowFixtures.AT.plusSeconds(i)))
                    .toList();
            store.append(rows.subList(5, 10));
            store.append(rows.subList(0, 5));

            assertThat(store.recent(3)).extracting(DecisionRow::requestId).containsExactly("req-9", "req-8", "req-7");
            assertThat(store.recent(100)).hasSize(10);
            assertThatThrownBy(() -> store.recent(0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void calls_are_stored_once_in_the_attempts_table_and_features_as_json() throws Exception {
        try (JdbcDecisionStore store = JdbcDecisionStore.open(dir)) {
            DecisionRow row = DecisionRowFixtures.full("req-1", DecisionRowFixtures.AT);
            store.append(List.of(row, DecisionRowFixtures.bare("req-2", DecisionRowFixtures.AT)));

            assertThat(queryStrings(store.file(), "SELECT attempts FROM decisions ORDER BY request_id"))
                    .containsExactly("2", "0");
            assertThat(queryStrings(store.file(), "SELECT attempts_json FROM decisions")).containsOnly("[]");
            assertThat(queryStrings(store.file(), "SELECT count(*) FROM attempts")).containsExactly("2");
            assertThat(queryStrings(store.file(), "SELECT features_json FROM decisions ORDER BY request_id"))
                    .containsExactly("{\"code\":0.0,\"length\":0.4}", "{}");
            assertThat(store.find("req-1")).contains(row);
            assertThat(store.find("req-2")).hasValueSatisfying(r -> assertThat(r.attempts()).isEmpty());
            assertThat(store.recent(10)).contains(row);
        }
    }

    /** Rows written before the attempts table took the calls hold them in attempts_json only, and read back so. */
    @Test
    void a_row_whose_calls_are_only_in_attempts_json_reads_them_from_there() throws Exception {
        try (JdbcDecisionStore store = JdbcDecisionStore.open(dir)) {
            DecisionRow row = DecisionRowFixtures.full("req-old", DecisionRowFixtures.AT);
            store.append(List.of(row));
            execute(store.file(), "UPDATE decisions SET attempts_json = '[{\"model\":\"mini\",\"provider\":"
                    + "\"openai\",\"tier\":\"simple\",\"started_at\":\"2026-11-23T10:15:30.128Z\","
                    + "\"latency_ms\":800,\"status\":\"ok\"}]'");
            execute(store.file(), "DELETE FROM attempts");

            assertThat(store.find("req-old")).hasValueSatisfying(r -> assertThat(r.attempts()).singleElement()
                    .satisfies(a -> {
                        assertThat(a.model()).isEqualTo("mini");
                        assertThat(a.outcome()).isEqualTo("answered");
                        assertThat(a.latencyMs()).isEqualTo(800);
                    }));
        }
    }

    @Test
    void each_upstream_call_is_a_row_of_the_attempts_table_and_escalations_keep_their_reasons() throws Exception {
        try (JdbcDecisionStore store = JdbcDecisionStore.open(dir)) {
            store.append(List.of(DecisionRowFixtures.full("req-1", DecisionRowFixtures.AT)));

            assertThat(queryStrings(store.file(), "SELECT request_id || ' ' || seq || ' ' || purpose || ' ' || model "
                    + "|| ' ' || outcome || ' ' || max_tokens || ' ' || cost_usd || ' ' || COALESCE(accepted, '-') "
                    + "FROM attempts ORDER BY seq")).containsExactly("req-1 1 answer mini failed 256 0.0 -",
                            "req-1 2 answer sonnet answered 1024 0.00123 1");
            assertThat(queryStrings(store.file(), "SELECT route_reason FROM decisions")).containsExactly("confidence 0.72");
            assertThat(store.find("req-1")).hasValueSatisfying(r -> assertThat(r.escalationList()).containsExactly(
                    new DecisionRow.EscalationRow(Tier.SIMPLE, Tier.MEDIUM, "failure", "every deployment failed")));
        }
    }

    /** The versions in the decision log's Flyway history, in the order they were applied. */
    private static final String HISTORY = "SELECT version FROM ladder_decisions_schema_history ORDER BY installed_rank";

    @Test
    void the_schema_has_a_version_history_and_indexes_on_ts_and_feature() throws Exception {
        try (JdbcDecisionStore store = JdbcDecisionStore.open(dir)) {
            assertThat(queryStrings(store.file(), HISTORY)).containsExactly("1", "2", "3", "4");
            assertThat(queryStrings(store.file(),
                    "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'decisions' "
                            + "AND sql IS NOT NULL ORDER BY name"))
                    .containsExactly("decisions_feature", "decisions_ts");
            assertThat(queryStrings(store.file(), "EXPLAIN QUERY PLAN SELECT * FROM decisions WHERE feature = 'x'"))
                    .anySatisfy(plan -> assertThat(plan).contains("decisions_feature"));
        }
    }

    @Test
    void reopening_the_file_keeps_rows_and_does_not_recreate_the_schema() throws Exception {
        Path file;
        List<String> versionsBefore;
        String history = "SELECT version || ' ' || installed_on FROM ladder_decisions_schema_history "
                + "ORDER BY installed_rank";
        try (JdbcDecisionStore store = JdbcDecisionStore.open(dir)) {
            store.append(List.of(DecisionRowFixtures.full("req-1", DecisionRowFixtures.AT)));
            file = store.file();
            versionsBefore = queryStrings(file, history);
        }
        Thread.sleep(5);

        try (JdbcDecisionStore store = JdbcDecisionStore.open(dir)) {
            store.append(List.of(DecisionRowFixtures.bare("req-2", DecisionRowFixtures.AT)));

            assertThat(store.find("req-1")).contains(DecisionRowFixtures.full("req-1", DecisionRowFixtures.AT));
            assertThat(store.recent(10)).hasSize(2);
            assertThat(queryStrings(file, history)).hasSize(4).isEqualTo(versionsBefore);
        }
    }

    @Test
    void refuses_a_database_written_by_a_newer_ladder() throws Exception {
        JdbcDecisionStore.open(dir).close();
        execute(dir.resolve("ladder.db"), "INSERT INTO ladder_decisions_schema_history (installed_rank, version, "
                + "description, type, script, checksum, installed_by, installed_on, execution_time, success) "
                + "VALUES (5, '5', 'from the future', 'SQL', 'V5__from_the_future.sql', 0, 'test', "
                + "'2030-01-01 00:00:00', 1, 1)");

        assertThatThrownBy(() -> JdbcDecisionStore.open(dir))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("schema version 5")
                .hasMessageContaining("knows up to version 4");
    }

    @Test
    void a_log_the_release_before_flyway_left_at_version_4_opens_with_its_rows_and_nothing_reapplied()
            throws Exception {
        Path file = dir.resolve("ladder.db");
        java.nio.file.Files.createDirectories(dir);
        PreFlywaySchemas.decisionLog(file, 4);
        execute(file, "INSERT INTO decisions (request_id, ts, prompt_preview, stream, attempts, attempts_json, status, "
                + "latency_ms, upstream_latency_ms, prompt_tokens, completion_tokens, cost_usd, baseline_cost_usd, "
                + "cache_status, escalations, features_json, saved_cost_usd) VALUES ('old', '2026-01-01T00:00:00.000Z', "
                + "'', 0, 0, '[]', 200, 1, 0, 3, 4, 0.5, 0.5, 'exact', 0, '{}', 0.25)");

        try (JdbcDecisionStore store = JdbcDecisionStore.open(dir)) {
            assertThat(store.find("old")).hasValueSatisfying(r -> assertThat(r.savedCostUsd()).isEqualTo(0.25));
            store.append(List.of(DecisionRowFixtures.full("new", DecisionRowFixtures.AT)));
            assertThat(store.find("new")).contains(DecisionRowFixtures.full("new", DecisionRowFixtures.AT));
        }
        // a baseline at the old version, no migration run over the old tables
        assertThat(queryStrings(file, "SELECT version || ' ' || type FROM ladder_decisions_schema_history "
                + "ORDER BY installed_rank")).containsExactly("4 BASELINE");
    }

    @Test
    void a_version_1_database_gains_the_saved_cost_column_and_its_rows_saved_nothing() throws Exception {
        Path file = dir.resolve("ladder.db");
        java.nio.file.Files.createDirectories(dir);
        // what the first release wrote: no feedback, no saved_cost_usd, schema version 1
        PreFlywaySchemas.decisionLog(file, 1);
        execute(file, "INSERT INTO decisions (request_id, ts, prompt_preview, stream, attempts, attempts_json, status, "
                + "latency_ms, upstream_latency_ms, prompt_tokens, completion_tokens, cost_usd, baseline_cost_usd, "
                + "cache_status, escalations, features_json) VALUES ('old', '2026-01-01T00:00:00.000Z', '', 0, 0, "
                + "'[]', 200, 1, 0, 3, 4, 0.5, 0.5, 'miss', 0, '{}')");

        try (JdbcDecisionStore store = JdbcDecisionStore.open(dir)) {
            assertThat(store.find("old")).hasValueSatisfying(r -> assertThat(r.savedCostUsd()).isZero());
            store.append(List.of(DecisionRowFixtures.full("new", DecisionRowFixtures.AT)));
            assertThat(store.find("new")).hasValueSatisfying(r -> assertThat(r.savedCostUsd()).isEqualTo(0.00789));
        }
        assertThat(queryStrings(file, HISTORY)).containsExactly("1", "2", "3", "4");
    }

    @Test
    void a_version_1_log_migrates_keeping_its_rows_and_takes_feedback() throws Exception {
        Path file = dir.resolve("ladder.db");
        java.nio.file.Files.createDirectories(dir);
        PreFlywaySchemas.decisionLog(file, 1);
        execute(file, "INSERT INTO decisions (request_id, ts, prompt_preview, stream, attempts, attempts_json, status, "
                + "latency_ms, upstream_latency_ms, prompt_tokens, completion_tokens, cost_usd, baseline_cost_usd, "
                + "cache_status, escalations, features_json) VALUES ('req-1', '2026-01-01T00:00:00.000Z', '', 0, 0, "
                + "'[]', 200, 1, 0, 3, 4, 0.5, 0.5, 'miss', 0, '{}')");

        try (JdbcDecisionStore store = JdbcDecisionStore.open(dir)) {
            assertThat(queryStrings(store.file(), HISTORY)).containsExactly("1", "2", "3", "4");
            assertThat(store.find("req-1")).isPresent();
            Feedback f = new Feedback("req-1", DecisionRowFixtures.AT, java.util.OptionalDouble.of(0.75), false);
            assertThat(store.addFeedback(f)).isTrue();
            assertThat(store.addFeedback(new Feedback("req-unknown", DecisionRowFixtures.AT,
                    java.util.OptionalDouble.empty(), true))).isFalse();
            assertThat(store.feedback()).containsExactly(f);
        }
    }

    @Test
    void a_batch_is_one_transaction_a_failing_row_stores_none_of_it() throws Exception {
        try (JdbcDecisionStore store = JdbcDecisionStore.open(dir)) {
            execute(store.file(), "CREATE TRIGGER poison BEFORE INSERT ON decisions WHEN NEW.request_id = 'poison' "
                    + "BEGIN SELECT RAISE(ABORT, 'poisoned row'); END");

            assertThatThrownBy(() -> store.append(List.of(DecisionRowFixtures.bare("ok-1", DecisionRowFixtures.AT),
                    DecisionRowFixtures.bare("poison", DecisionRowFixtures.AT),
                    DecisionRowFixtures.bare("ok-2", DecisionRowFixtures.AT))))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("poisoned row");

            assertThat(store.recent(10)).isEmpty();
            store.append(List.of(DecisionRowFixtures.bare("ok-3", DecisionRowFixtures.AT)));
            assertThat(store.recent(10)).extracting(DecisionRow::requestId).containsExactly("ok-3");
        }
    }

    @Test
    void a_request_id_already_stored_is_skipped_without_losing_the_rest_of_its_batch() {
        try (JdbcDecisionStore store = JdbcDecisionStore.open(dir)) {
            DecisionRow first = DecisionRowFixtures.full("dup", DecisionRowFixtures.AT);
            store.append(List.of(first));

            store.append(List.of(DecisionRowFixtures.bare("dup", DecisionRowFixtures.AT),
                    DecisionRowFixtures.bare("new", DecisionRowFixtures.AT)));

            assertThat(store.find("dup")).contains(first);
            assertThat(store.find("new")).isPresent();
        }
    }

    @Test
    void a_row_that_cannot_be_decoded_fails_the_read_as_a_store_exception() throws Exception {
        try (JdbcDecisionStore store = JdbcDecisionStore.open(dir)) {
            store.append(List.of(DecisionRowFixtures.full("req-1", DecisionRowFixtures.AT)));
            execute(store.file(), "UPDATE decisions SET attempts_json = 'not json'");

            assertThatThrownBy(() -> store.find("req-1"))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("cannot read decision log");
        }
    }

    @Test
    void calls_after_close_fail_and_close_is_idempotent() {
        JdbcDecisionStore store = JdbcDecisionStore.open(dir);
        store.close();
        store.close();

        assertThatThrownBy(() -> store.recent(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.append(List.of(DecisionRowFixtures.bare("x", DecisionRowFixtures.AT))))
                .isInstanceOf(IllegalStateException.class);
    }

    static List<String> queryStrings(Path file, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                values.add(rs.getString(columns));
            }
            return values;
        }
    }

    static void execute(Path file, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void theWriteProbeTakesTheWriteLockWithoutWritingAndFailsOnceTheStoreIsClosed() {
        JdbcDecisionStore store = JdbcDecisionStore.open(dir);
        try {
            assertThat(store.writeProblem()).isEmpty();
            assertThat(store.recent(10)).isEmpty();
        } finally {
            store.close();
        }
        assertThat(store.writeProblem()).hasValueSatisfying(p -> assertThat(p).contains("closed"));
    }
}
