package dev.ladder.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * What the release before versioned migrations wrote, copied verbatim from its code (git 699a4f9:
 * {@code DecisionSchema.STEPS}, {@code SqliteAccessStore.migrate}, {@code JdbcJobStore.migrate} and
 * {@code JdbcOutbox.migrate}), so that tests open files an older Ladder made.
 */
final class PreFlywaySchemas {

    /** The old decision log's steps: {@code STEPS.get(i)} took its schema from version i to i + 1. */
    private static final List<List<String>> DECISION_STEPS = List.of(List.of("""
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
            List.of("ALTER TABLE decisions ADD COLUMN saved_cost_usd REAL NOT NULL DEFAULT 0"),
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

    private PreFlywaySchemas() {
    }

    /** A decision log at {@code version} (1 to 4) in {@code file}, as the old code left it. */
    static void decisionLog(Path file, int version) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                    + "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
            for (int v = 0; v < version; v++) {
                for (String sql : DECISION_STEPS.get(v)) {
                    s.execute(sql);
                }
                s.execute("INSERT INTO schema_version (version, applied_at) VALUES (" + (v + 1)
                        + ", '2026-11-01T00:00:00.000Z')");
            }
        }
    }

    /** The key store's tables as the old code made them. */
    static void access(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS keys (id TEXT PRIMARY KEY, prefix TEXT NOT NULL, "
                    + "hash TEXT NOT NULL UNIQUE, name TEXT NOT NULL, team TEXT, user_name TEXT, tags TEXT NOT NULL, "
                    + "models TEXT NOT NULL, tiers TEXT NOT NULL, max_tier TEXT, budget_usd REAL, period TEXT, "
                    + "rpm INTEGER NOT NULL, tpm INTEGER NOT NULL, cap_percent REAL, cap_tier TEXT, "
                    + "expires_at INTEGER, revoked_at INTEGER, created_at INTEGER NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS teams (name TEXT PRIMARY KEY, budget_usd REAL, period TEXT, "
                    + "rpm INTEGER NOT NULL, tpm INTEGER NOT NULL, cap_percent REAL, cap_tier TEXT)");
            s.execute("CREATE TABLE IF NOT EXISTS ledger (request_id TEXT PRIMARY KEY, key_id TEXT NOT NULL, "
                    + "team TEXT, slots TEXT NOT NULL, reserved_micros INTEGER NOT NULL, actual_micros INTEGER, "
                    + "model TEXT, tier TEXT, feature TEXT, prompt_tokens INTEGER, completion_tokens INTEGER, "
                    + "baseline_micros INTEGER, created_at INTEGER NOT NULL, settled_at INTEGER)");
            s.execute("CREATE INDEX IF NOT EXISTS ledger_created ON ledger (created_at)");
        }
    }

    /** The job queue's and the outbox's tables as the old code made them ({@code blob}: BLOB or BYTEA). */
    static void jobs(Connection c, String blob) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS ladder_files (id TEXT PRIMARY KEY, purpose TEXT NOT NULL, "
                    + "filename TEXT NOT NULL, bytes BIGINT NOT NULL, created_at BIGINT NOT NULL, content " + blob
                    + " NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS ladder_batches (id TEXT PRIMARY KEY, input_file_id TEXT NOT NULL, "
                    + "endpoint TEXT NOT NULL, completion_window TEXT NOT NULL, status TEXT NOT NULL, "
                    + "created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, transitions TEXT NOT NULL, "
                    + "output_file_id TEXT, error_file_id TEXT, metadata TEXT NOT NULL, total INTEGER NOT NULL, "
                    + "webhook_url TEXT)");
            s.execute("CREATE TABLE IF NOT EXISTS ladder_jobs (id TEXT PRIMARY KEY, batch_id TEXT, line INTEGER NOT NULL,"
                    + " custom_id TEXT, priority INTEGER NOT NULL, body TEXT NOT NULL, hints TEXT NOT NULL, "
                    + "webhook_url TEXT, state TEXT NOT NULL, attempts INTEGER NOT NULL, lease_owner TEXT, "
                    + "lease_until BIGINT, created_at BIGINT NOT NULL, finished_at BIGINT, status_code INTEGER, "
                    + "result TEXT, cost_usd DOUBLE PRECISION, tier TEXT, request_id TEXT, key_id TEXT)");
            s.execute("CREATE INDEX IF NOT EXISTS ladder_jobs_due ON ladder_jobs (state, priority, created_at, line)");
            s.execute("CREATE INDEX IF NOT EXISTS ladder_jobs_batch ON ladder_jobs (batch_id, state)");
            s.execute("CREATE INDEX IF NOT EXISTS ladder_jobs_key ON ladder_jobs (key_id, state)");
            s.execute("CREATE TABLE IF NOT EXISTS ladder_webhook_events (id TEXT PRIMARY KEY, type TEXT NOT NULL, "
                    + "body TEXT NOT NULL, url TEXT, created_at BIGINT NOT NULL, state TEXT NOT NULL, "
                    + "next_attempt_at BIGINT, lease_owner TEXT, lease_until BIGINT, queued_attempts INTEGER NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS ladder_webhook_events_due ON ladder_webhook_events (state, "
                    + "next_attempt_at)");
            s.execute("CREATE TABLE IF NOT EXISTS ladder_webhook_attempts (event_id TEXT NOT NULL, number INTEGER NOT NULL,"
                    + " at BIGINT NOT NULL, url TEXT NOT NULL, status INTEGER, outcome TEXT NOT NULL, "
                    + "PRIMARY KEY (event_id, number))");
        }
    }
}
