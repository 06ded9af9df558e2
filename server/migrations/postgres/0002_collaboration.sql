-- A technician holds at most one seat in a session at a time.
CREATE UNIQUE INDEX participants_one_seat ON participants(session_id, technician_id)
    WHERE left_at IS NULL AND technician_id IS NOT NULL;

-- Rights the session owner withdrew from one collaborator (present = withdrawn).
CREATE TABLE withdrawn_rights (
    participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    feature TEXT NOT NULL,
    withdrawn_at BIGINT NOT NULL,
    PRIMARY KEY (participant_id, feature)
);

-- Internal invitations: to a technician, a team, or a request-help category's team.
CREATE TABLE invitations (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    inviter_id TEXT NOT NULL REFERENCES technicians(id),
    target TEXT NOT NULL,
    technician_id TEXT REFERENCES technicians(id) ON DELETE CASCADE,
    team_id TEXT REFERENCES teams(id) ON DELETE CASCADE,
    category_id TEXT REFERENCES issue_categories(id) ON DELETE CASCADE,
    comment TEXT NOT NULL,
    code TEXT NOT NULL,
    status TEXT NOT NULL,
    accepted_by TEXT REFERENCES technicians(id),
    created_at BIGINT NOT NULL,
    closed_at BIGINT
);
CREATE INDEX invitations_session ON invitations(session_id, status);
CREATE INDEX invitations_team ON invitations(team_id, status);
CREATE UNIQUE INDEX invitations_one_active_per_technician ON invitations(session_id, technician_id)
    WHERE status = 'active' AND technician_id IS NOT NULL;
CREATE UNIQUE INDEX invitations_active_code ON invitations(code) WHERE status = 'active';

-- The session's chat, in order of `id`; (participant, client_id) makes resends idempotent.
CREATE TABLE chat_messages (
    id BIGSERIAL PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    client_id TEXT NOT NULL,
    body TEXT NOT NULL,
    sent_at BIGINT NOT NULL,
    UNIQUE (participant_id, client_id)
);
CREATE INDEX chat_messages_session ON chat_messages(session_id, id);

-- Session notes (the owner's).
ALTER TABLE sessions ADD COLUMN notes TEXT NOT NULL DEFAULT '';

-- When the technician's console last said it is open (presence for invitations).
ALTER TABLE technicians ADD COLUMN console_seen_at BIGINT;

-- Queue invitations (team, request help) one technician declined: hidden from them only.
CREATE TABLE invitation_dismissals (
    invitation_id TEXT NOT NULL REFERENCES invitations(id) ON DELETE CASCADE,
    technician_id TEXT NOT NULL REFERENCES technicians(id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    PRIMARY KEY (invitation_id, technician_id)
);
