-- The virtual agent's chat on the citizen portal: a citizen has no account, so a web chat is
-- reached with a random key kept in the citizen's cookie; only its SHA-256 is stored.
ALTER TABLE assistant_sessions ADD COLUMN web_key TEXT;
