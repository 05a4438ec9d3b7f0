-- Events counted by throttles other than sign-in's (which counts sign_in_attempts):
-- e.g. "forgot-password requests from this address in the last hour".
CREATE TABLE throttle_events (
    id     INTEGER PRIMARY KEY,
    bucket TEXT NOT NULL,
    at     INTEGER NOT NULL
);

CREATE INDEX ix_throttle_events_bucket_at ON throttle_events (bucket, at);
