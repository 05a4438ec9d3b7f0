-- Outgoing mail, written in the same transaction as what caused it and sent by a
-- background worker, so a slow or failing mail server never blocks a page and nothing is
-- lost across a restart. Bodies are emptied once a message is sent or given up, so no
-- reset or invitation link can be read back from the database.
CREATE TABLE mail_queue (
    id              INTEGER PRIMARY KEY,
    created_at      INTEGER NOT NULL,
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body_text       TEXT,
    body_html       TEXT,
    -- pending, sent, failed
    status          TEXT NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT,
    sent_at         INTEGER
);

CREATE INDEX ix_mail_queue_due ON mail_queue (status, next_attempt_at);
