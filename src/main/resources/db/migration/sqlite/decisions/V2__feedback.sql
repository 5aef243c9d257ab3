CREATE TABLE feedback (
    id           INTEGER PRIMARY KEY,
    request_id   TEXT NOT NULL REFERENCES decisions (request_id),
    ts           TEXT NOT NULL,
    score        REAL,
    regenerated  INTEGER NOT NULL
);
CREATE INDEX feedback_request ON feedback (request_id);
