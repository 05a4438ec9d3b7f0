-- Personal API keys: only the SHA-256 of a key is kept; the prefix is what the owner
-- sees to tell keys apart. A key stops working when revoked, expired, or when its owner
-- is deactivated (checked on each use) or deleted (the row goes).
CREATE TABLE api_keys (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    prefix       TEXT NOT NULL,
    key_hash     TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER,
    last_used_at INTEGER,
    revoked_at   INTEGER,
    CONSTRAINT uk_api_keys_hash UNIQUE (key_hash)
);

CREATE INDEX ix_api_keys_user ON api_keys (user_id);
