-- gaoqi schema 0004 for PostgreSQL: the twin of sqlite/0004_access.sql (login
-- throttling by account and address, the idle timeout of sessions).
--
-- Differences from sqlite/0004_access.sql:
-- * INTEGER is bigint.
-- * `WITHOUT ROWID` is dropped (every PostgreSQL table is a heap with a
--   separate primary-key index).

-- One row per (account as typed, client address) that failed or was refused
-- since its last success; deleted by a success, purged when old.
CREATE TABLE login_throttle (
	account TEXT NOT NULL,		       -- the user name as typed (at most 64 bytes)
	address TEXT NOT NULL,		       -- the client address
	failures bigint NOT NULL DEFAULT 0,  -- passwords evaluated and wrong (drive the back-off)
	attempts bigint NOT NULL DEFAULT 0,  -- every attempt, refused ones included
	refused bigint NOT NULL DEFAULT 0,   -- attempts refused since the last evaluated one
	last_at bigint NOT NULL,	       -- unix seconds of the last evaluated failure
	blocked_until bigint NOT NULL DEFAULT 0, -- unix seconds; no evaluation before
	PRIMARY KEY (account, address)
);
CREATE INDEX login_throttle_last ON login_throttle (last_at);

-- Per-user rows of the old lock are no longer read (addresses still are).
DELETE FROM login_attempts WHERE kind = 'user';

-- Idle timeout: the last time a session was used (unix seconds).
ALTER TABLE sessions ADD COLUMN last_seen_at bigint NOT NULL DEFAULT 0;
UPDATE sessions SET last_seen_at = created_at;
