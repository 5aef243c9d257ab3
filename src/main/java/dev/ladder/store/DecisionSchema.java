package dev.ladder.store;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/**
 * The decision log's schema and its migrations. {@code schema_version} keeps one row per applied step;
 * opening a database applies the missing steps in one transaction and refuses a database that is newer
 * than this code. A released step is never edited: a change is a new step.
 */
final class DecisionSchema {

    private static final System.Logger LOG = System.getLogger(DecisionSchema.class.getName());

    /** {@code STEPS.get(i)} takes the schema from version {@code i} to {@code i + 1}. */
    private static final List<List<String>> STEPS = List.of(List.of("""
            CREATE TABLE decisions (
                request_id          TEXT PRIMARY KEY,
                ts                  TEXT NOT NULL,
                key_id              TEXT,
                "user"              TEXT,
                feature             TEXT,
                prompt_preview      TEXT NOT NULL,
                stream              INTEGER NOT NULL,
                classifier          TEXT,
                score               REAL,
                confidence          REAL,
                routed_tier         TEXT,
                model               TEXT,
                answered_tier       TEXT,
                attempts            INTEGER NOT NULL,
                attempts_json       TEXT NOT NULL,
                status              INTEGER NOT NULL,
                error_type          TEXT,
                error_message       TEXT,
                latency_ms          INTEGER NOT NULL,
                upstream_latency_ms INTEGER NOT NULL,
                prompt_tokens       INTEGER NOT NULL,
                completion_tokens   INTEGER NOT NULL,
                cost_usd            REAL NOT NULL,
                baseline_cost_usd   REAL NOT NULL,
                cache_status        TEXT NOT NULL,
                escalations         INTEGER NOT NULL,
                features_json       TEXT NOT NULL
            )""",
            "CREATE INDEX decisions_ts ON decisions (ts)",
            "CREATE INDEX decisions_feature ON decisions (feature, ts)"),
            List.of("""
            CREATE TABLE feedback (
                id           INTEGER PRIMARY KEY,
                request_id   TEXT NOT NULL REFERENCES decisions (request_id),
                ts           TEXT NOT NULL,
                score        REAL,
                regenerated  INTEGER NOT NULL
            )""",
            "CREATE INDEX feedback_request ON feedback (request_id)"),
            // 3: what a cache hit saved (the cost of the answer it replayed); rows before it saved nothing
            List.of("ALTER TABLE decisions ADD COLUMN saved_cost_usd REAL NOT NULL DEFAULT 0"),
            // 4: why the tier was chosen, each escalation's cause and reason, and one row per upstream call
            List.of("ALTER TABLE decisions ADD COLUMN route_reason TEXT",
                    "ALTER TABLE decisions ADD COLUMN escalations_json TEXT NOT NULL DEFAULT '[]'",
                    """
            CREATE TABLE attempts (
                request_id        TEXT NOT NULL REFERENCES decisions (request_id),
                seq               INTEGER NOT NULL,
                purpose           TEXT NOT NULL,
                model             TEXT NOT NULL,
                provider          TEXT NOT NULL,
                tier              TEXT,
                started_at        TEXT NOT NULL,
                latency_ms        INTEGER NOT NULL,
                outcome           TEXT NOT NULL,
                error_kind        TEXT,
                error_message     TEXT,
                max_tokens        INTEGER,
                temperature       REAL,
                prompt_tokens     INTEGER NOT NULL,
                completion_tokens INTEGER NOT NULL,
                cost_usd          REAL NOT NULL,
                accepted          INTEGER,
                verdict           TEXT,
                PRIMARY KEY (request_id, seq)
            )"""));

    static final int VERSION = STEPS.size();

    private DecisionSchema() {
    }

    /** Brings the database at {@code file} (open on {@code c}) up to {@link #VERSION}. */
    static void migrate(Connection c, Path file) throws SQLException {
        Sql.inTransaction(c, () -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                        + "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
                int current = currentVersion(s);
                if (current > VERSION) {
                    throw new StoreException(file + " has decision log schema version " + current
                            + "; this Ladder knows up to version " + VERSION + ". Use a newer Ladder.");
                }
                for (int v = current; v < VERSION; v++) {
                    for (String sql : STEPS.get(v)) {
                        s.execute(sql);
                    }
                    recordVersion(c, v + 1);
                    LOG.log(Level.INFO, "decision log " + file + ": schema now at version " + (v + 1));
                }
            }
        });
    }

    private static int currentVersion(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void recordVersion(Connection c, int version) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)")) {
            p.setInt(1, version);
            p.setString(2, DecisionColumns.timestamp(Instant.now()));
            p.executeUpdate();
        }
    }
}
