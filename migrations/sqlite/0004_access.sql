-- 0004_access: login throttling by account and address with exponential
-- back-off (replacing the per-account lock), and the idle timeout of sessions.

-- One row per (account as typed, client address) that failed or was refused
-- since its last success; deleted by a success, purged when old.
CREATE TABLE login_throttle (
	account TEXT NOT NULL,		       -- the user name as typed (at most 64 bytes)
	address TEXT NOT NULL,		       -- the client address
	failures INTEGER NOT NULL DEFAULT 0,  -- passwords evaluated and wrong (drive the back-off)
	attempts INTEGER NOT NULL DEFAULT 0,  -- every attempt, refused ones included
	refused INTEGER NOT NULL DEFAULT 0,   -- attempts refused since the last evaluated one
	last_at INTEGER NOT NULL,	       -- unix seconds of the last evaluated failure
	blocked_until INTEGER NOT NULL DEFAULT 0, -- unix seconds; no evaluation before
	PRIMARY KEY (account, address)
) WITHOUT ROWID;
CREATE INDEX login_throttle_last ON login_throttle (last_at);

-- Per-user rows of the old lock are no longer read (addresses still are).
DELETE FROM login_attempts WHERE kind = 'user';

-- Idle timeout: the last time a session was used (unix seconds).
ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER NOT NULL DEFAULT 0;
UPDATE sessions SET last_seen_at = created_at;
