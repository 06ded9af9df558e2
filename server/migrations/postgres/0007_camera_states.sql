-- The phone camera's last reported torch and zoom per session, each as JSON.
CREATE TABLE camera_states (
    session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
    torch TEXT,
    zoom TEXT,
    updated_at BIGINT NOT NULL
);
