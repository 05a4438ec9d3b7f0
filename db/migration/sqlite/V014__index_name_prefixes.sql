-- PostgreSQL's V014 adds prefix indexes for short searches; SQLite has had the equivalent
-- since V009/V010 (an index per name column, NOCASE). Nothing to do here: the version is
-- kept so both databases carry the same schema version (backups move between them).
SELECT 1;
