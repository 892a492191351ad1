-- gaoqi schema 0007: pipeline monitoring (product C6): each enterprise's
-- stored assessment, the reminders computed daily, the reminders' per-user
-- marks (done / snoozed) and the programme calendar's milestones.
-- Conventions as in 0001. Owners: src/ledger/assess/stored.c (assessments),
-- src/ledger/monitor/remind.c (reminders, reminder_marks),
-- src/ledger/monitor/calendar.c (milestones).
--
-- Backfill: the rules engine is C, not SQL, so this migration cannot fill
-- assessments itself. An existing database gets them on the next
-- `gaoqi serve` (its daily run starts at once and assesses every enterprise
-- whose stored row is missing or of another day / rule set) or with
-- `gaoqi reassess --db DB`; `gaoqi remind` refreshes stale rows first too.

-- Derived data (not audited): rewritten in the same transaction as every
-- ledger write that changes an enterprise's inputs, and for every firm by the
-- daily run. One row per enterprise.
CREATE TABLE assessments (
	enterprise_id INTEGER PRIMARY KEY REFERENCES enterprises (id) ON DELETE CASCADE,
	apply_on TEXT NOT NULL, -- the application date assessed
	rules TEXT NOT NULL,	-- the rule set's name
	verdict TEXT NOT NULL CHECK (verdict = 'pass' OR verdict = 'borderline' OR
		verdict = 'fail' OR verdict = 'incomplete'),
	score_min INTEGER NOT NULL,
	score_max INTEGER NOT NULL,
	conditions TEXT NOT NULL, -- C1…C8 statuses, one letter each: p(ass) f(ail) u(nknown)
	tsme_verdict TEXT NOT NULL CHECK (tsme_verdict IN ('pass', 'fail', 'incomplete')),
	earliest_year INTEGER, -- gaps.earliest_year, NULL when none can be given
	risk INTEGER NOT NULL DEFAULT 0 CHECK (risk IN (0, 1)), -- a recognised HNTE that would fail
	tier TEXT NOT NULL DEFAULT 'prospect', -- copies of enterprises.tier and .area (trigger
	area TEXT NOT NULL DEFAULT '',	       -- below), for counts without a join
	computed_at TEXT NOT NULL
);
CREATE INDEX assessments_verdict ON assessments (verdict, enterprise_id);
-- the dashboard's counts of the whole city, and of a county's areas: one index-only pass
CREATE INDEX assessments_verdict_tier ON assessments (verdict, tier);
CREATE INDEX assessments_area ON assessments (area, verdict, tier);
-- the copies follow every change of the tier or the area, whoever writes it
CREATE TRIGGER assessments_tier_area AFTER UPDATE OF tier, area ON enterprises BEGIN
	UPDATE assessments SET tier = NEW.tier, area = NEW.area WHERE enterprise_id = NEW.id;
END;
CREATE INDEX assessments_risk ON assessments (risk, enterprise_id);
CREATE INDEX assessments_apply ON assessments (apply_on, rules);

-- The reminders of the day, for every enterprise (scope applies on reading).
-- key is stable from one day's run to the next ("rule:USCC:ref"), so that
-- the marks below keep holding; rebuilt as a whole by each run.
CREATE TABLE reminders (
	id INTEGER PRIMARY KEY,
	key TEXT NOT NULL UNIQUE,
	rule TEXT NOT NULL,
	enterprise_id INTEGER NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
	due_on TEXT, -- the deadline the reminder is about, when it has one
	detail TEXT NOT NULL,
	computed_on TEXT NOT NULL
);
CREATE INDEX reminders_enterprise ON reminders (enterprise_id);
CREATE INDEX reminders_rule ON reminders (rule, due_on);

-- A user's mark on a reminder: done, or snoozed until a date (it shows again
-- on that day). Audited.
CREATE TABLE reminder_marks (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	key TEXT NOT NULL,
	state TEXT NOT NULL CHECK (state IN ('done', 'snoozed')),
	until TEXT, -- snoozed: the day it shows again
	reason TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (user_id, key)
);

-- The programme calendar: the year's dated milestones (batches, deadlines,
-- meetings), for every area (area NULL) or one. Edited by city staff; audited.
CREATE TABLE milestones (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	on_date TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('batch', 'deadline', 'meeting', 'other')),
	area TEXT REFERENCES areas (code),
	note TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX milestones_date ON milestones (on_date, id);
