-- Single-use links sent by mail: password reset, invitation, e-mail confirmation.
-- Only the SHA-256 of the token is kept. A newer token of the same kind supersedes the
-- older ones (they are marked used), and rows stay until they expire, so the number of
-- recent requests per account can be counted for throttling.
CREATE TABLE user_tokens (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- reset, invite, email
    kind       TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER,
    -- what the token is for beyond the account, e.g. the new address of an e-mail change
    data       TEXT,
    CONSTRAINT uk_user_tokens_hash UNIQUE (token_hash)
);

CREATE INDEX ix_user_tokens_user_kind ON user_tokens (user_id, kind, created_at);
