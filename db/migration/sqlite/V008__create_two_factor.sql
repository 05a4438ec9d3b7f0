-- TOTP two-factor sign-in. The secret is sealed with AES-GCM under a key kept outside
-- the database (data/secret.key or LOQUET_SECRET_KEY). A secret without totp_enabled_at
-- is an enrolment in progress. totp_last_step is the last time step accepted, so a code
-- is never accepted twice.
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_enabled_at INTEGER;
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;

-- Single-use recovery codes, stored as an HMAC under the server key.
CREATE TABLE recovery_codes (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    used_at    INTEGER
);

CREATE INDEX ix_recovery_codes_user ON recovery_codes (user_id);

-- What a session may do: 'full'; 'second_factor' (password right, code awaited);
-- 'enrol' (a role requires two-factor and this account has none yet).
ALTER TABLE sessions ADD COLUMN stage TEXT NOT NULL DEFAULT 'full';
