-- Every sign-in attempt: the history a user sees, and the memory of the throttle.
-- login_key is a hash of the login as typed (lower-cased), so that unknown names are
-- throttled like known ones without keeping what people typed (sometimes a password).
CREATE TABLE sign_in_attempts (
    id         INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    user_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    login_key  TEXT NOT NULL,
    ip         TEXT NOT NULL,
    user_agent TEXT NOT NULL,
    success    INTEGER NOT NULL,
    -- ok, wrong_password, unknown_account, deactivated, no_password, throttled
    reason     TEXT NOT NULL
);

CREATE INDEX ix_attempts_user_at ON sign_in_attempts (user_id, at);
CREATE INDEX ix_attempts_login_at ON sign_in_attempts (login_key, at);
CREATE INDEX ix_attempts_ip_at ON sign_in_attempts (ip, at);
