-- Server-side sessions. The id is the SHA-256 (hex) of the cookie value, so a copy of
-- the database does not hand out live sessions.
CREATE TABLE sessions (
    id           TEXT NOT NULL PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    ip           TEXT NOT NULL,
    user_agent   TEXT NOT NULL
);

CREATE INDEX ix_sessions_user ON sessions (user_id);
