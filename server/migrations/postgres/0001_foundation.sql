CREATE TABLE orgs (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    chat_history_minutes BIGINT,
    created_at BIGINT NOT NULL
);

CREATE TABLE technicians (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    is_admin BIGINT NOT NULL DEFAULT 0,
    extended_availability BIGINT NOT NULL DEFAULT 0,
    disabled BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX technicians_org ON technicians(org_id);

CREATE TABLE auth_sessions (
    token_hash TEXT PRIMARY KEY,
    technician_id TEXT NOT NULL REFERENCES technicians(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    from_mobile BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX auth_sessions_technician ON auth_sessions(technician_id);

CREATE TABLE teams (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (org_id, name)
);

CREATE TABLE team_members (
    team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    technician_id TEXT NOT NULL REFERENCES technicians(id) ON DELETE CASCADE,
    PRIMARY KEY (team_id, technician_id)
);

CREATE TABLE issue_categories (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    team_id TEXT REFERENCES teams(id) ON DELETE SET NULL,
    request_help BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    UNIQUE (org_id, name)
);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    created_by TEXT NOT NULL REFERENCES technicians(id),
    issue_category_id TEXT REFERENCES issue_categories(id) ON DELETE SET NULL,
    status TEXT NOT NULL,
    join_code TEXT NOT NULL,
    code_expires_at BIGINT NOT NULL,
    started_from_mobile BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    ended_at BIGINT,
    end_reason TEXT
);
CREATE INDEX sessions_org ON sessions(org_id, status);
CREATE UNIQUE INDEX sessions_open_join_code ON sessions(join_code) WHERE status = 'waiting';

CREATE TABLE participants (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    technician_id TEXT REFERENCES technicians(id),
    kind TEXT NOT NULL,
    role TEXT NOT NULL,
    display_name TEXT NOT NULL,
    token_hash TEXT UNIQUE,
    joined_at BIGINT NOT NULL,
    left_at BIGINT
);
CREATE INDEX participants_session ON participants(session_id);
CREATE INDEX participants_technician ON participants(technician_id);

CREATE TABLE audit_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    actor TEXT,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX audit_events_session ON audit_events(session_id, id);

CREATE TABLE rate_limits (
    key TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    count BIGINT NOT NULL
);
