-- Avatars live in the database, so a backup holds everything; only the re-encoded
-- thumbnail is kept, never the uploaded file.
CREATE TABLE avatars (
    user_id      INTEGER NOT NULL PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    content_type TEXT NOT NULL,
    image        BLOB NOT NULL,
    updated_at   INTEGER NOT NULL
);

-- When the password was last typed in this session (at sign-in, or to confirm a
-- sensitive change): sensitive changes ask for it again when this is old.
ALTER TABLE sessions ADD COLUMN confirmed_at INTEGER NOT NULL DEFAULT 0;
UPDATE sessions SET confirmed_at = created_at;
