-- Times are epoch milliseconds (UTC) throughout. Names and e-mail addresses compare
-- case-insensitively. Unique keys are named table constraints: jOOQ's DDL parser
-- drops inline "UNIQUE COLLATE NOCASE" silently.

CREATE TABLE roles (
    id          INTEGER PRIMARY KEY,
    name        TEXT COLLATE NOCASE NOT NULL,
    builtin     INTEGER NOT NULL DEFAULT 0,
    require_2fa INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    CONSTRAINT uk_roles_name UNIQUE (name)
);

INSERT INTO roles (id, name, builtin, created_at) VALUES
    (1, 'admin', 1, 0),
    (2, 'manager', 1, 0),
    (3, 'user', 1, 0);

CREATE TABLE teams (
    id         INTEGER PRIMARY KEY,
    name       TEXT COLLATE NOCASE NOT NULL,
    created_at INTEGER NOT NULL,
    CONSTRAINT uk_teams_name UNIQUE (name)
);

CREATE TABLE users (
    id                  INTEGER PRIMARY KEY,
    username            TEXT COLLATE NOCASE NOT NULL,
    email               TEXT COLLATE NOCASE NOT NULL,
    first_name          TEXT NOT NULL DEFAULT '',
    last_name           TEXT NOT NULL DEFAULT '',
    -- null until an invited user chooses a first password
    password_hash       TEXT,
    role_id             INTEGER NOT NULL REFERENCES roles (id),
    team_id             INTEGER REFERENCES teams (id) ON DELETE SET NULL,
    -- null: the browser's language
    language            TEXT,
    timezone            TEXT NOT NULL DEFAULT 'UTC',
    theme               TEXT NOT NULL DEFAULT 'system',
    signature           TEXT NOT NULL DEFAULT '',
    -- null: active
    deactivated_at      INTEGER,
    password_changed_at INTEGER,
    last_sign_in_at     INTEGER,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    CONSTRAINT uk_users_username UNIQUE (username),
    CONSTRAINT uk_users_email UNIQUE (email)
);

CREATE INDEX ix_users_role ON users (role_id);
CREATE INDEX ix_users_team ON users (team_id);
