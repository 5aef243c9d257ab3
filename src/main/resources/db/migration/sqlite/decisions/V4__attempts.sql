-- why the tier was chosen, each escalation's cause and reason, and one row per upstream call
ALTER TABLE decisions ADD COLUMN route_reason TEXT;
ALTER TABLE decisions ADD COLUMN escalations_json TEXT NOT NULL DEFAULT '[]';
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
);
