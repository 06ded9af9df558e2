-- A session's recordings: who started each and when, how long and large it is, its
-- format and where the blob store keeps it. Only the session's primary sees them.
CREATE TABLE recordings (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    started_by TEXT NOT NULL,
    started_by_name TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    format TEXT NOT NULL,
    blob_key TEXT NOT NULL
);
CREATE INDEX recordings_by_session ON recordings (session_id, started_at);
