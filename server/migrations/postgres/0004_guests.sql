-- Guest technicians' single-use invitations: the link's token is stored only as its
-- SHA-256; status is sent, opened, joined or revoked ("used" once its guest has left).
CREATE TABLE guest_invitations (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    inviter_id TEXT NOT NULL REFERENCES technicians(id),
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    comment TEXT NOT NULL,
    description TEXT NOT NULL,
    -- Features of the guest's ceiling the invitation's policy withholds, comma-separated.
    withheld TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL,
    participant_id TEXT REFERENCES participants(id),
    created_at BIGINT NOT NULL,
    opened_at BIGINT,
    joined_at BIGINT,
    revoked_at BIGINT
);
CREATE INDEX guest_invitations_session ON guest_invitations(session_id, created_at);
