-- Browsers that signed in to an account before ("device cookies"): a sign-in that
-- presents one is throttled per (account, device) instead of per client address,
-- so failures of others behind the same address (an office's NAT) never delay it.
CREATE TABLE trusted_devices (
    -- SHA-256 of the cookie's random token
    token_hash TEXT PRIMARY KEY,
    technician_id TEXT NOT NULL REFERENCES technicians(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX trusted_devices_technician ON trusted_devices(technician_id);
