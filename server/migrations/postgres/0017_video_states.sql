-- Whether the customer lets the phone's picture reach the technicians, as the phone last
-- reported it: 'paused' or 'awaiting_consent'. No row: the phone sends its picture.
CREATE TABLE video_states (
    session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
    state TEXT NOT NULL,
    changed_at BIGINT NOT NULL
);
