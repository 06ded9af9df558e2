-- The persistent mail outbox: every mail the server sends waits here until an SMTP
-- server accepted it. Without SMTP settings it is the local outbox shown to admins.
CREATE TABLE mail_outbox (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    to_address TEXT NOT NULL,
    to_name TEXT NOT NULL,
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    -- Not before this time is the next delivery attempt made.
    next_attempt_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    -- A sender holding a lease on the row: no other node sends it until the lease ends.
    claimed_until BIGINT,
    claim_token TEXT,
    sent_at BIGINT,
    last_error TEXT
);
CREATE INDEX mail_outbox_unsent ON mail_outbox(next_attempt_at) WHERE sent_at IS NULL;
CREATE INDEX mail_outbox_org ON mail_outbox(org_id, created_at);
