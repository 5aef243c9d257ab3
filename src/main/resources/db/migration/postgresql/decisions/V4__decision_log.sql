-- The decision log as SQLite has it after its migrations 1 to 4, in one step: PostgreSQL support starts at
-- version 4, so that the next change is version 5 in both dialects. seq orders rows written in the same
-- millisecond (SQLite's rowid).
CREATE TABLE decisions (
    seq                 BIGSERIAL NOT NULL,
    request_id          TEXT PRIMARY KEY,
    ts                  TEXT NOT NULL,
    key_id              TEXT,
    "user"              TEXT,
    feature             TEXT,
    prompt_preview      TEXT NOT NULL,
    stream              INTEGER NOT NULL,
    classifier          TEXT,
    score               DOUBLE PRECISION,
    confidence          DOUBLE PRECISION,
    routed_tier         TEXT,
    model               TEXT,
    answered_tier       TEXT,
    attempts            INTEGER NOT NULL,
    attempts_json       TEXT NOT NULL,
    status              INTEGER NOT NULL,
    error_type          TEXT,
    error_message       TEXT,
    latency_ms          BIGINT NOT NULL,
    upstream_latency_ms BIGINT NOT NULL,
    prompt_tokens       INTEGER NOT NULL,
    completion_tokens   INTEGER NOT NULL,
    cost_usd            DOUBLE PRECISION NOT NULL,
    baseline_cost_usd   DOUBLE PRECISION NOT NULL,
    cache_status        TEXT NOT NULL,
    escalations         INTEGER NOT NULL,
    features_json       TEXT NOT NULL,
    saved_cost_usd      DOUBLE PRECISION NOT NULL DEFAULT 0,
    route_reason        TEXT,
    escalations_json    TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX decisions_ts ON decisions (ts);
CREATE INDEX decisions_feature ON decisions (feature, ts);
CREATE TABLE feedback (
    id           BIGSERIAL PRIMARY KEY,
    request_id   TEXT NOT NULL REFERENCES decisions (request_id),
    ts           TEXT NOT NULL,
    score        DOUBLE PRECISION,
    regenerated  INTEGER NOT NULL
);
CREATE INDEX feedback_request ON feedback (request_id);
CREATE TABLE attempts (
    request_id        TEXT NOT NULL REFERENCES decisions (request_id),
    seq               INTEGER NOT NULL,
    purpose           TEXT NOT NULL,
    model             TEXT NOT NULL,
    provider          TEXT NOT NULL,
    tier              TEXT,
    started_at        TEXT NOT NULL,
    latency_ms        BIGINT NOT NULL,
    outcome           TEXT NOT NULL,
    error_kind        TEXT,
    error_message     TEXT,
    max_tokens        INTEGER,
    temperature       DOUBLE PRECISION,
    prompt_tokens     INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    cost_usd          DOUBLE PRECISION NOT NULL,
    accepted          INTEGER,
    verdict           TEXT,
    PRIMARY KEY (request_id, seq)
);
