-- gaoqi schema 0013: the targets' board (issue 14): reminders that belong to
-- no enterprise (an overdue milestone of the work schedule, scoped by its
-- area). Conventions as in 0001. Owners: src/ledger/monitor/remind.c
-- (reminders).

-- reminders: enterprise_id becomes optional and a reminder without one
-- carries the area it concerns (NULL: every area). Derived data (rebuilt by
-- each daily run), copied over as it is.
CREATE TABLE reminders_0013 (
	id INTEGER PRIMARY KEY,
	key TEXT NOT NULL UNIQUE,
	rule TEXT NOT NULL,
	enterprise_id INTEGER REFERENCES enterprises (id) ON DELETE CASCADE, -- NULL: no firm's
	area TEXT, -- without an enterprise: the area concerned, NULL for every area
	due_on TEXT, -- the deadline the reminder is about, when it has one
	detail TEXT NOT NULL,
	computed_on TEXT NOT NULL
);
INSERT INTO reminders_0013 (id, key, rule, enterprise_id, due_on, detail, computed_on)
	SELECT id, key, rule, enterprise_id, due_on, detail, computed_on FROM reminders;
DROP TABLE reminders;
ALTER TABLE reminders_0013 RENAME TO reminders;
CREATE INDEX reminders_enterprise ON reminders (enterprise_id);
CREATE INDEX reminders_rule ON reminders (rule, due_on);

-- Weekly progress snapshots (the board's trend line): each area's and the
-- city's (area NULL) progress per metric as taken once per ISO week (week:
-- its Monday) by the daily run of `gaoqi serve` or `gaoqi progress
-- --snapshot`; taking a week again replaces it. Derived data (recomputable
-- from the ledger as of taken_on), not audited. Owner:
-- src/ledger/targets/snapshot.c.
CREATE TABLE progress_snapshots (
	id INTEGER PRIMARY KEY,
	year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	week TEXT NOT NULL,	-- the Monday of the ISO week
	taken_on TEXT NOT NULL, -- the day the progress is as of
	area TEXT REFERENCES areas (code), -- NULL: the city
	metric TEXT NOT NULL REFERENCES target_metrics (code),
	target INTEGER, -- NULL when unset
	achieved INTEGER NOT NULL,
	projected INTEGER NOT NULL,
	created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX progress_snapshots_key ON progress_snapshots (year, week, metric,
	ifnull(area, ''));
