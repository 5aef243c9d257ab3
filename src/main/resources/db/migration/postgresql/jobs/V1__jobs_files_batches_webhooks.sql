-- Times are epoch milliseconds. lease_owner stays on a finished job: the worker that recorded its result.
CREATE TABLE ladder_files (id TEXT PRIMARY KEY, purpose TEXT NOT NULL, filename TEXT NOT NULL, bytes BIGINT NOT NULL,
    created_at BIGINT NOT NULL, content BYTEA NOT NULL);
CREATE TABLE ladder_batches (id TEXT PRIMARY KEY, input_file_id TEXT NOT NULL, endpoint TEXT NOT NULL,
    completion_window TEXT NOT NULL, status TEXT NOT NULL, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL,
    transitions TEXT NOT NULL, output_file_id TEXT, error_file_id TEXT, metadata TEXT NOT NULL,
    total INTEGER NOT NULL, webhook_url TEXT);
CREATE TABLE ladder_jobs (id TEXT PRIMARY KEY, batch_id TEXT, line INTEGER NOT NULL, custom_id TEXT,
    priority INTEGER NOT NULL, body TEXT NOT NULL, hints TEXT NOT NULL, webhook_url TEXT, state TEXT NOT NULL,
    attempts INTEGER NOT NULL, lease_owner TEXT, lease_until BIGINT, created_at BIGINT NOT NULL, finished_at BIGINT,
    status_code INTEGER, result TEXT, cost_usd DOUBLE PRECISION, tier TEXT, request_id TEXT, key_id TEXT);
CREATE INDEX ladder_jobs_due ON ladder_jobs (state, priority, created_at, line);
CREATE INDEX ladder_jobs_batch ON ladder_jobs (batch_id, state);
CREATE INDEX ladder_jobs_key ON ladder_jobs (key_id, state);
CREATE TABLE ladder_webhook_events (id TEXT PRIMARY KEY, type TEXT NOT NULL, body TEXT NOT NULL, url TEXT,
    created_at BIGINT NOT NULL, state TEXT NOT NULL, next_attempt_at BIGINT, lease_owner TEXT, lease_until BIGINT,
    queued_attempts INTEGER NOT NULL);
CREATE INDEX ladder_webhook_events_due ON ladder_webhook_events (state, next_attempt_at);
CREATE TABLE ladder_webhook_attempts (event_id TEXT NOT NULL, number INTEGER NOT NULL, at BIGINT NOT NULL,
    url TEXT NOT NULL, status INTEGER, outcome TEXT NOT NULL, PRIMARY KEY (event_id, number));
