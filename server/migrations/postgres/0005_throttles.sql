-- Rate limits become throttles: free attempts, then growing delays. Counting is
-- reset by the change (the table only holds short-lived counters).
DROP TABLE rate_limits;
CREATE TABLE rate_limits (
    key TEXT PRIMARY KEY,
    -- attempts taken since the last quiet period
    count BIGINT NOT NULL,
    -- when the last attempt was taken
    last_at BIGINT NOT NULL,
    -- the earliest time the next attempt is taken
    next_at BIGINT NOT NULL
);
