-- A session's freeze while the picture is held: the still the phone uploaded for the
-- freeze command (a capture of kind 'still'). No row: the video is live.
CREATE TABLE freezes (
    session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
    capture_id TEXT NOT NULL REFERENCES captures(id) ON DELETE CASCADE,
    frozen_at BIGINT NOT NULL
);
