-- The customer's device as the SDK described it at join, and the phone's network as its
-- app last reported it; one row per session. Device columns are NULL for an SDK that
-- does not describe the phone.
CREATE TABLE customer_devices (
    session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
    model TEXT,
    os TEXT,
    os_version TEXT,
    app_name TEXT,
    app_version TEXT,
    sdk_version TEXT,
    network TEXT,
    network_reported_at INTEGER
);
