-- Roles that admins add carry a chosen set of the fixed permissions; the built-in roles'
-- permissions are in code.
CREATE TABLE role_permissions (
    role_id    INTEGER NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    permission TEXT NOT NULL,
    CONSTRAINT pk_role_permissions PRIMARY KEY (role_id, permission)
);

-- Who did what to whom, when and from where. Names are copied, so the log still reads
-- after an account is deleted. Never updated, never deleted by the app.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    actor_id    INTEGER,
    actor_name  TEXT NOT NULL,
    action      TEXT NOT NULL,
    target_id   INTEGER,
    target_name TEXT NOT NULL DEFAULT '',
    ip          TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT ''
);

CREATE INDEX ix_audit_at ON audit_log (at);
CREATE INDEX ix_audit_actor ON audit_log (actor_name COLLATE NOCASE, at);
CREATE INDEX ix_audit_target ON audit_log (target_name COLLATE NOCASE, at);
CREATE INDEX ix_audit_action ON audit_log (action, at);

-- A password set by an admin is temporary by default: the next sign-in must choose one.
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;

-- The user list sorts by these and pages with LIMIT: each sort has its index.
CREATE INDEX ix_users_last_name ON users (last_name COLLATE NOCASE, first_name COLLATE NOCASE);
CREATE INDEX ix_users_last_sign_in ON users (last_sign_in_at);
CREATE INDEX ix_users_created ON users (created_at);
CREATE INDEX ix_users_team_username ON users (team_id, username);

-- Substring search over usernames, names and addresses without reading every row:
-- an FTS5 trigram index, kept in step by triggers.
CREATE VIRTUAL TABLE users_search USING fts5 (
    username, first_name, last_name, email,
    content = 'users', content_rowid = 'id', tokenize = 'trigram'
);

INSERT INTO users_search (rowid, username, first_name, last_name, email)
    SELECT id, username, first_name, last_name, email FROM users;

CREATE TRIGGER users_search_insert AFTER INSERT ON users BEGIN
    INSERT INTO users_search (rowid, username, first_name, last_name, email)
    VALUES (new.id, new.username, new.first_name, new.last_name, new.email);
END;

CREATE TRIGGER users_search_delete AFTER DELETE ON users BEGIN
    INSERT INTO users_search (users_search, rowid, username, first_name, last_name, email)
    VALUES ('delete', old.id, old.username, old.first_name, old.last_name, old.email);
END;

CREATE TRIGGER users_search_update AFTER UPDATE OF username, first_name, last_name, email ON users BEGIN
    INSERT INTO users_search (users_search, rowid, username, first_name, last_name, email)
    VALUES ('delete', old.id, old.username, old.first_name, old.last_name, old.email);
    INSERT INTO users_search (rowid, username, first_name, last_name, email)
    VALUES (new.id, new.username, new.first_name, new.last_name, new.email);
END;
