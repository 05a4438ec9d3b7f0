-- The user list asks on every view whether anyone failed to sign in lately (usually nobody):
-- one look down this index instead of a grouped query over the shown accounts' attempts.
CREATE INDEX ix_attempts_at ON sign_in_attempts (at);
