-- Apps that will sign their users in through Loquet (OpenID Connect clients). The client
-- id is public; a confidential app's secret is kept only as its SHA-256 (a public app has
-- none). Redirect URIs are one per line, matched exactly. allowed_roles and allowed_teams
-- hold role and team ids, one per line; empty lets everyone in. An id whose role or team
-- was deleted since matches nobody, so a restricted app never opens up by a deletion.
CREATE TABLE apps (
    id                        INTEGER PRIMARY KEY,
    client_id                 TEXT NOT NULL,
    name                      TEXT NOT NULL,
    client_type               TEXT NOT NULL CHECK (client_type IN ('confidential', 'public')),
    secret_hash               TEXT,
    redirect_uris             TEXT NOT NULL,
    post_logout_redirect_uris TEXT NOT NULL DEFAULT '',
    allowed_roles             TEXT NOT NULL DEFAULT '',
    allowed_teams             TEXT NOT NULL DEFAULT '',
    skip_consent              INTEGER NOT NULL DEFAULT 0,
    created_at                INTEGER NOT NULL,
    updated_at                INTEGER NOT NULL,
    CONSTRAINT uk_apps_client_id UNIQUE (client_id),
    CONSTRAINT ck_apps_secret CHECK ((client_type = 'public') = (secret_hash IS NULL))
);
