-- Short searches match the start of the username, e-mail, first or last name, each
-- through its own case-insensitive index.
CREATE INDEX ix_users_first_name ON users (first_name COLLATE NOCASE);
