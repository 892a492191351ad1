-- gaoqi schema 0009: targets and the county scorecard (product C7, C12):
-- the metrics the city sets targets on (as data, with their scorecard
-- weights), the year's targets of the city (area NULL) and of each area, the
-- scorecard's cap of the year and the responsibility links (包保) of each area.
-- Conventions as in 0001. Owners: src/ledger/targets/target.c
-- (target_metrics, targets, target_scoring), src/ledger/targets/link.c
-- (target_links).

-- What a target counts. The counting rule of each code is in
-- src/ledger/targets/progress.c; weight: the metric's share in the scorecard
-- (any non-negative integers, the score divides by their sum).
CREATE TABLE target_metrics (
	code TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('flow', 'stock')), -- flow: within the year; stock: a count now
	weight INTEGER NOT NULL DEFAULT 0 CHECK (weight BETWEEN 0 AND 1000),
	position INTEGER NOT NULL
);
INSERT INTO target_metrics (code, name, kind, weight, position) VALUES
	('hnte_new', '新认定高新技术企业', 'flow', 40, 1),
	('hnte_stock', '高新技术企业存量', 'stock', 20, 2),
	('tsme_registered', '科技型中小企业入库', 'flow', 20, 3),
	('reserve_pool', '后备库企业', 'stock', 10, 4),
	('key_pool', '重点培育库企业', 'stock', 10, 5);

CREATE TABLE targets (
	id INTEGER PRIMARY KEY,
	year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	area TEXT REFERENCES areas (code), -- NULL: the city's total
	metric TEXT NOT NULL REFERENCES target_metrics (code),
	value INTEGER NOT NULL CHECK (value BETWEEN 0 AND 1000000),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX targets_key ON targets (year, metric, ifnull(area, ''));

-- The scorecard of a year: completion counted up to cap_bp (basis points:
-- 10000 caps at 100 %, 12000 lets a bonus run to 120 %). No row: 10000.
CREATE TABLE target_scoring (
	year INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
	cap_bp INTEGER NOT NULL DEFAULT 10000 CHECK (cap_bp BETWEEN 10000 AND 30000),
	updated_at TEXT NOT NULL
);

-- 包保 / 挂钩联系: the bureau's leader and staff linked to an area.
CREATE TABLE target_links (
	id INTEGER PRIMARY KEY,
	area TEXT NOT NULL REFERENCES areas (code),
	role TEXT NOT NULL CHECK (role IN ('leader', 'staff')),
	name TEXT NOT NULL,
	title TEXT, -- the person's post (e.g. 副局长)
	phone TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX target_links_area ON target_links (area, role, id);

-- The work schedule (工作计划, C7): the calendar's milestones get an owner and a
-- status (owner of the table stays src/ledger/monitor/calendar.c).
ALTER TABLE milestones ADD COLUMN owner TEXT;
ALTER TABLE milestones ADD COLUMN status TEXT NOT NULL DEFAULT 'planned'
	CHECK (status IN ('planned', 'in_progress', 'done', 'cancelled'));
