-- The audit trail becomes a chain: each entry has its place in its session (seq) and a seal,
-- an HMAC over the previous seal and the entry, made with a key kept outside the database.
-- Entries written before this migration get their places in id order and no seal: they
-- predate the chain and verification reports them as unsealed.
ALTER TABLE audit_events ADD COLUMN seq INTEGER;
ALTER TABLE audit_events ADD COLUMN seal TEXT;
UPDATE audit_events SET seq = (
    SELECT COUNT(*) FROM audit_events earlier
    WHERE earlier.session_id = audit_events.session_id AND earlier.id <= audit_events.id
);
CREATE UNIQUE INDEX audit_events_seq ON audit_events(session_id, seq);

-- Each session's head: the last seq handed out and a seal over it and the last entry's seal,
-- so a trail whose last entries were deleted no longer matches its head.
CREATE TABLE audit_heads (
    session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    seal TEXT
);
INSERT INTO audit_heads (session_id, seq) SELECT session_id, MAX(seq) FROM audit_events GROUP BY session_id;
