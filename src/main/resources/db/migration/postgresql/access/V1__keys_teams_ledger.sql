-- Times are epoch milliseconds, amounts micro-dollars (BIGINT), budgets dollars (DOUBLE PRECISION), as in SQLite.
CREATE TABLE keys (id TEXT PRIMARY KEY, prefix TEXT NOT NULL, hash TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
    team TEXT, user_name TEXT, tags TEXT NOT NULL, models TEXT NOT NULL, tiers TEXT NOT NULL, max_tier TEXT,
    budget_usd DOUBLE PRECISION, period TEXT, rpm INTEGER NOT NULL, tpm INTEGER NOT NULL,
    cap_percent DOUBLE PRECISION, cap_tier TEXT, expires_at BIGINT, revoked_at BIGINT, created_at BIGINT NOT NULL);
CREATE TABLE teams (name TEXT PRIMARY KEY, budget_usd DOUBLE PRECISION, period TEXT, rpm INTEGER NOT NULL,
    tpm INTEGER NOT NULL, cap_percent DOUBLE PRECISION, cap_tier TEXT);
CREATE TABLE ledger (request_id TEXT PRIMARY KEY, key_id TEXT NOT NULL, team TEXT, slots TEXT NOT NULL,
    reserved_micros BIGINT NOT NULL, actual_micros BIGINT, model TEXT, tier TEXT, feature TEXT,
    prompt_tokens BIGINT, completion_tokens BIGINT, baseline_micros BIGINT, created_at BIGINT NOT NULL,
    settled_at BIGINT);
CREATE INDEX ledger_created ON ledger (created_at);
