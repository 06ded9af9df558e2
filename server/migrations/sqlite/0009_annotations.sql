-- Annotations drawn over the phone's picture: their shape as the wire's JSON, normalised
-- to the picture; `points` counts the shape's points for the session's bound.
CREATE TABLE annotations (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    colour TEXT NOT NULL,
    width REAL NOT NULL,
    shape TEXT NOT NULL,
    points INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX annotations_session ON annotations(session_id, created_at);
