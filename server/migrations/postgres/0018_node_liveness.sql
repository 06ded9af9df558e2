-- The nodes sharing this database, each with its last heartbeat (milliseconds, by the
-- database's clock), and the sessions whose people are connected to each as it last said.
CREATE TABLE nodes (
    id TEXT PRIMARY KEY,
    heartbeat_at BIGINT NOT NULL
);

CREATE TABLE node_sessions (
    node_id TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
    session_id TEXT NOT NULL,
    PRIMARY KEY (node_id, session_id)
);
CREATE INDEX node_sessions_by_session ON node_sessions (session_id);
