-- Several instances may share one database, each with its mail worker: a worker takes a
-- message by setting its claim (one conditional UPDATE, atomic on SQLite and PostgreSQL
-- alike) and only the one whose claim took sends it. A claim runs out, so a message whose
-- worker died is sent by another later.
ALTER TABLE mail_queue ADD COLUMN claimed_until BIGINT;
