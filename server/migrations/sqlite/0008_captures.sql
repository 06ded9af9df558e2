-- Pictures the phone uploaded for technicians' commands (snapshots, freeze stills);
-- the JPEG itself is in the blob store under blob_key. One per command.
CREATE TABLE captures (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    command_id TEXT NOT NULL UNIQUE,
    taken_by TEXT NOT NULL,
    taken_by_name TEXT NOT NULL,
    taken_at INTEGER NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    blob_key TEXT NOT NULL
);
CREATE INDEX captures_by_session ON captures (session_id, taken_at);
