-- gaoqi schema 0003: the stored one-enterprise-one-plan (一企一策, product C4,
-- rules.md §6a). A plan is generated from the firm's assessment (rules/plan.h)
-- and kept with its tasks and the gaps it cannot close; its states are
-- draft → signed (an assigned expert signs) → active → done | abandoned.
-- Signing keeps the whole plan as an immutable version. At most one plan of
-- an enterprise is draft, signed or active at a time (plans_open).
-- Conventions as in 0001. Owner: src/ledger/cultivate/plan.c (plans,
-- plan_tasks, plan_gaps, plan_versions).

CREATE TABLE plans (
	id INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: a replaced draft keeps its id to itself
	enterprise_id INTEGER NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
	state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'signed', 'active', 'done',
		'abandoned')),
	target_year INTEGER,	     -- the application year asked for, NULL = the earliest
	made_on TEXT NOT NULL,	     -- the plan's date: no task is due before it
	apply_year INTEGER NOT NULL,
	apply_on TEXT NOT NULL,
	earliest_year INTEGER,	     -- the earliest year generation found, NULL = none
	rules TEXT NOT NULL,	     -- the rule set of the generation
	version INTEGER NOT NULL DEFAULT 0, -- the latest signed version, 0 = never signed
	signed_by_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
	signed_by TEXT,
	signed_at TEXT,
	reason TEXT,		     -- why abandoned
	finished_on TEXT,	     -- done or abandoned on
	created_by TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX plans_enterprise ON plans (enterprise_id, id);
CREATE UNIQUE INDEX plans_open ON plans (enterprise_id)
	WHERE state IN ('draft', 'signed', 'active');

-- The tasks in the vocabulary of rules.md §6a; n is the position (1, 2, …).
CREATE TABLE plan_tasks (
	plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
	n INTEGER NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('ip', 'st_staff', 'rd', 'hitech_income', 'conversion',
		'rd_org', 'wait')),
	closes TEXT,		     -- the gap it was chosen for (C1…C8, score), NULL = by hand
	ip_kind TEXT,		     -- ip
	count INTEGER,		     -- ip, conversion: items; st_staff: hundredths of a person
	amount INTEGER,		     -- rd, hitech_income: fen
	year INTEGER,		     -- st_staff, rd, hitech_income, conversion
	hire INTEGER,		     -- st_staff: 1 new hires
	reclassify INTEGER,	     -- hitech_income: 1 existing income reclassified
	item INTEGER,		     -- rd_org: 1–4
	granted_on TEXT,	     -- ip
	until TEXT,		     -- wait
	due TEXT NOT NULL,
	owner_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
	status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
	evidence TEXT,
	done_on TEXT,
	PRIMARY KEY (plan_id, n)
);
CREATE INDEX plan_tasks_owner ON plan_tasks (owner_id, status, due);

-- The gaps the plan cannot close (rules/plan.h struct plan_gap).
CREATE TABLE plan_gaps (
	plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
	n INTEGER NOT NULL,
	gap TEXT NOT NULL,
	why TEXT NOT NULL,
	year INTEGER,
	on_date TEXT,
	value INTEGER NOT NULL DEFAULT 0,
	missing TEXT NOT NULL DEFAULT '', -- "field:year,…" (struct profile_missing)
	PRIMARY KEY (plan_id, n)
);

-- A signed version: the plan JSON (io/plan_json) and the tasks with their
-- owners as they were signed. Never changed.
CREATE TABLE plan_versions (
	plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
	version INTEGER NOT NULL,
	signed_by_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
	signed_by TEXT NOT NULL,
	signed_at TEXT NOT NULL,
	plan_json TEXT NOT NULL,
	tasks_json TEXT NOT NULL,
	PRIMARY KEY (plan_id, version)
);
CREATE TRIGGER plan_versions_immutable
	BEFORE UPDATE OF plan_id, version, signed_by, signed_at, plan_json, tasks_json ON plan_versions
BEGIN
	SELECT RAISE(ABORT, 'a signed plan version is never changed');
END;
