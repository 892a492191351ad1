-- gaoqi schema 0002: casework of cultivation (product C5): expert profiles,
-- problems solved item by item with their comments, and visits/coaching with
-- their participants and the problems they raised or resolved.
-- Conventions as in 0001. Owners: src/ledger/cultivate/expert.c
-- (expert_profiles), problem.c (problems, problem_comments), visit.c
-- (visits, visit_participants, visit_problems).

CREATE TABLE expert_profiles (
	user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	organisation TEXT,
	phone TEXT,
	specialities TEXT NOT NULL DEFAULT '', -- comma-separated codes (expert.c)
	note TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

CREATE TABLE problems (
	id INTEGER PRIMARY KEY,
	enterprise_id INTEGER NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
	category TEXT NOT NULL CHECK (category = 'ip' OR category = 'rd_accounting' OR
		category = 'staff' OR category = 'revenue' OR category = 'management' OR
		category = 'finance' OR category = 'materials' OR category = 'other'),
	description TEXT NOT NULL,
	owner_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
	due_on TEXT,
	status TEXT NOT NULL DEFAULT 'open' CHECK (status = 'open' OR status = 'in_progress' OR
		status = 'resolved' OR status = 'wont_fix'),
	reason TEXT,	 -- why wont_fix
	resolution TEXT, -- how it was resolved
	resolved_on TEXT,
	gap_id TEXT,	 -- the assessment gap it came from (C1…C8, score)
	gap_amount TEXT, -- the gap's size as the assessment states it
	created_by TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX problems_enterprise ON problems (enterprise_id, status);
CREATE INDEX problems_owner ON problems (owner_id, status);
CREATE INDEX problems_due ON problems (status, due_on);

CREATE TABLE problem_comments (
	id INTEGER PRIMARY KEY,
	problem_id INTEGER NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
	user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
	user_name TEXT NOT NULL,
	body TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX problem_comments_problem ON problem_comments (problem_id, id);

CREATE TABLE visits (
	id INTEGER PRIMARY KEY,
	enterprise_id INTEGER NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
	visited_on TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind = 'onsite' OR kind = 'online' OR kind = 'phone' OR
		kind = 'meeting'),
	others TEXT,	 -- participants who are not users
	content TEXT NOT NULL,
	next_step TEXT,
	next_on TEXT,
	created_by_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
	created_by TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX visits_enterprise ON visits (enterprise_id, visited_on);
CREATE INDEX visits_next ON visits (next_on);

CREATE TABLE visit_participants (
	visit_id INTEGER NOT NULL REFERENCES visits (id) ON DELETE CASCADE,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	PRIMARY KEY (visit_id, user_id)
);
CREATE INDEX visit_participants_user ON visit_participants (user_id, visit_id);

CREATE TABLE visit_problems (
	visit_id INTEGER NOT NULL REFERENCES visits (id) ON DELETE CASCADE,
	problem_id INTEGER NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
	effect TEXT NOT NULL CHECK (effect IN ('raised', 'resolved')),
	PRIMARY KEY (visit_id, problem_id)
);
CREATE INDEX visit_problems_problem ON visit_problems (problem_id);
