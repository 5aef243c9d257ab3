CREATE TABLE keys (id TEXT PRIMARY KEY, prefix TEXT NOT NULL, hash TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
    team TEXT, user_name TEXT, tags TEXT NOT NULL, models TEXT NOT NULL, tiers TEXT NOT NULL, max_tier TEXT,
    budget_usd REAL, period TEXT, rpm INTEGER NOT NULL, tpm INTEGER NOT NULL, cap_percent REAL, cap_tier TEXT,
    expires_at INTEGER, revoked_at INTEGER, created_at INTEGER NOT NULL);
CREATE TABLE teams (name TEXT PRIMARY KEY, budget_usd REAL, period TEXT, rpm INTEGER NOT NULL, tpm INTEGER NOT NULL,
    cap_percent REAL, cap_tier TEXT);
CREATE TABLE ledger (request_id TEXT PRIMARY KEY, key_id TEXT NOT NULL, team TEXT, slots TEXT NOT NULL,
    reserved_micros INTEGER NOT NULL, actual_micros INTEGER, model TEXT, tier TEXT, feature TEXT,
    prompt_tokens INTEGER, completion_tokens INTEGER, baseline_micros INTEGER, created_at INTEGER NOT NULL,
    settled_at INTEGER);
CREATE INDEX ledger_created ON ledger (created_at);
