-- Searches of one or two characters match the start of a username, address or name
-- (see loquet.user.PostgresMatch); the trigram index cannot serve them, and without these
-- a rare prefix ("zq") read every account (237 ms over 100,000 accounts, bench/userlist.sh).
CREATE INDEX ix_users_username_prefix ON users (lower(username::text) text_pattern_ops);
CREATE INDEX ix_users_email_prefix ON users (lower(email::text) text_pattern_ops);
CREATE INDEX ix_users_first_name_prefix ON users (lower(first_name::text) text_pattern_ops);
CREATE INDEX ix_users_last_name_prefix ON users (lower(last_name::text) text_pattern_ops);
