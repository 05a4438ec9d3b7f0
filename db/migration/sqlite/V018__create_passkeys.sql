-- Passkeys (WebAuthn credentials). The credential id is unique across all accounts: an
-- assertion names only its credential, and that must lead to one account. The public key
-- and its algorithm are kept as the authenticator gave them (attested credential data,
-- base64url); sign_count is the authenticator's signature counter (0: it keeps none).
CREATE TABLE passkeys (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    credential_id   TEXT NOT NULL,
    credential_data TEXT NOT NULL,
    sign_count      INTEGER NOT NULL DEFAULT 0,
    uv_initialized  INTEGER NOT NULL DEFAULT 0,
    backup_eligible INTEGER NOT NULL DEFAULT 0,
    backup_state    INTEGER NOT NULL DEFAULT 0,
    transports      TEXT NOT NULL DEFAULT '',
    name            TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    last_used_at    INTEGER,
    CONSTRAINT uk_passkeys_credential UNIQUE (credential_id)
);
CREATE INDEX ix_passkeys_user ON passkeys (user_id);

-- The challenges of passkey ceremonies in progress: single-use (taken by deleting the row),
-- short-lived, and bound to the session or anonymous visitor that asked for them. Kept
-- only as the SHA-256 of the challenge.
CREATE TABLE passkey_challenges (
    hash       TEXT NOT NULL PRIMARY KEY,
    purpose    TEXT NOT NULL CHECK (purpose IN ('register', 'sign_in', 'second_step')),
    binding    TEXT NOT NULL,
    user_id    INTEGER REFERENCES users (id) ON DELETE CASCADE,
    expires_at INTEGER NOT NULL
);
CREATE INDEX ix_passkey_challenges_expires ON passkey_challenges (expires_at);
