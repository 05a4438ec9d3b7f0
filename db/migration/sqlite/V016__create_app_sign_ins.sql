-- What apps signing in through Loquet need (OpenID Connect), and apps of a third kind,
-- "proxy": a host that a reverse proxy protects by asking Loquet (forward authentication).
-- Every code and token is kept only as its SHA-256; a signing key's private half is sealed
-- with the server key.

-- SQLite cannot change a CHECK in place, so apps is rebuilt with the new kind and its host.
-- Nothing refers to apps yet (the tables below come after), so no foreign key is disturbed.
CREATE TABLE apps_rebuilt (
    id                        INTEGER PRIMARY KEY,
    client_id                 TEXT NOT NULL,
    name                      TEXT NOT NULL,
    client_type               TEXT NOT NULL CHECK (client_type IN ('confidential', 'public', 'proxy')),
    secret_hash               TEXT,
    redirect_uris             TEXT NOT NULL,
    post_logout_redirect_uris TEXT NOT NULL DEFAULT '',
    allowed_roles             TEXT NOT NULL DEFAULT '',
    allowed_teams             TEXT NOT NULL DEFAULT '',
    skip_consent              INTEGER NOT NULL DEFAULT 0,
    created_at                INTEGER NOT NULL,
    updated_at                INTEGER NOT NULL,
    host                      TEXT,
    CONSTRAINT uk_apps_client_id UNIQUE (client_id),
    CONSTRAINT ck_apps_secret CHECK ((client_type = 'confidential') = (secret_hash IS NOT NULL)),
    CONSTRAINT ck_apps_host CHECK ((client_type = 'proxy') = (host IS NOT NULL))
);
INSERT INTO apps_rebuilt (id, client_id, name, client_type, secret_hash, redirect_uris, post_logout_redirect_uris, allowed_roles,
                          allowed_teams, skip_consent, created_at, updated_at)
    SELECT id, client_id, name, client_type, secret_hash, redirect_uris, post_logout_redirect_uris, allowed_roles,
           allowed_teams, skip_consent, created_at, updated_at FROM apps;
DROP TABLE apps;
ALTER TABLE apps_rebuilt RENAME TO apps;
CREATE UNIQUE INDEX uk_apps_host ON apps (host);

-- The subject apps know a person by: random, never reused (SQLite may hand a deleted
-- account's id to the next one), and not the username, which can change.
ALTER TABLE users ADD COLUMN subject TEXT;
UPDATE users SET subject = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX uk_users_subject ON users (subject);

-- How a session's sign-in was proven (OpenID Connect "amr" values, space-separated).
ALTER TABLE sessions ADD COLUMN amr TEXT NOT NULL DEFAULT 'pwd';

-- The app a sign-in was for, by name, so the history still says it after the app is gone.
ALTER TABLE sign_in_attempts ADD COLUMN app_name TEXT;

-- RS256 keys. The newest unretired one signs; retired ones stay published for a while so
-- that tokens they signed can still be checked.
CREATE TABLE signing_keys (
    kid         TEXT NOT NULL PRIMARY KEY,
    private_jwk TEXT NOT NULL,
    public_jwk  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    retired_at  INTEGER
);

-- What a person allowed an app to know (consent), and when the app last signed them in.
CREATE TABLE app_grants (
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    app_id       INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    scope        TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, app_id)
);

-- Authorization codes: single-use, short-lived, bound to the app, the redirect URI and
-- the PKCE challenge. "family" names the tokens a code leads to, so that a code used
-- twice can revoke them.
CREATE TABLE app_codes (
    hash           TEXT NOT NULL PRIMARY KEY,
    app_id         INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    redirect_uri   TEXT NOT NULL,
    scope          TEXT NOT NULL,
    nonce          TEXT,
    code_challenge TEXT,
    auth_time      INTEGER NOT NULL,
    amr            TEXT NOT NULL,
    family         TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    expires_at     INTEGER NOT NULL,
    used           INTEGER NOT NULL DEFAULT 0
);

-- Access and refresh tokens. A refresh token is used once: its use marks used_at and
-- issues the next of its family; showing a used one again ends the whole family.
CREATE TABLE app_tokens (
    hash       TEXT NOT NULL PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('access', 'refresh')),
    family     TEXT NOT NULL,
    app_id     INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    scope      TEXT NOT NULL,
    auth_time  INTEGER NOT NULL,
    amr        TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);

CREATE INDEX ix_app_tokens_family ON app_tokens (family);
CREATE INDEX ix_app_tokens_user_app ON app_tokens (user_id, app_id);
CREATE INDEX ix_app_tokens_expires ON app_tokens (expires_at);
CREATE INDEX ix_app_codes_user ON app_codes (user_id);
CREATE INDEX ix_app_grants_app ON app_grants (app_id);
