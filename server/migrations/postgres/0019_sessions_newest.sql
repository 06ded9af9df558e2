-- The sessions list reads an organisation's newest sessions first (at most 200): with this
-- index it walks them in that order and stops, instead of sorting every session the
-- organisation ever had on each request.
CREATE INDEX sessions_org_newest ON sessions (org_id, created_at DESC, id);
