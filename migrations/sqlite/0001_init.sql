-- gaoqi schema 0001: areas, enterprises and their tier history, annual
-- indicators, IP register, qualitative ratings, users, sessions, login
-- attempts and the audit log (capabilities C1, C2, C11).
--
-- Conventions: money in integer fen, head counts in integer hundredths, dates
-- as ISO text 'YYYY-MM-DD', timestamps as UTC text 'YYYY-MM-DDTHH:MM:SSZ',
-- flags 0/1. NULL means "not known" (never zero). Tables people edit carry
-- created_at and updated_at; every write through src/ledger/ goes to audit_log.
-- The CHECKs of the big tables (enterprises, ip_items) spell a list of more
-- than two values as `x = 'a' OR x = 'b' …`, not `x IN (…)`: SQLite builds a
-- temporary table for every row checked against such an IN list (measured:
-- a tenth of the cost of an IP insert).

CREATE TABLE areas (
	code TEXT PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	kind TEXT NOT NULL CHECK (kind IN ('district', 'county', 'city', 'zone')),
	old_codes TEXT NOT NULL DEFAULT '', -- comma separated region codes still found in USCCs
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

CREATE TABLE enterprises (
	id INTEGER PRIMARY KEY,
	uscc TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	area TEXT NOT NULL REFERENCES areas (code),
	address TEXT,
	registered_on TEXT,
	legal_rep TEXT,
	contact_name TEXT,
	contact_phone TEXT,
	industry TEXT,
	field TEXT, -- code of the technology-field table (2, 3 or 5 digits)
	main_products TEXT,
	above_scale INTEGER NOT NULL DEFAULT 0 CHECK (above_scale IN (0, 1)),
	listed INTEGER NOT NULL DEFAULT 0 CHECK (listed IN (0, 1)),
	tags TEXT NOT NULL DEFAULT '', -- free tags, comma separated
	tier TEXT NOT NULL DEFAULT 'prospect'
		CHECK (tier = 'prospect' OR tier = 'tsme' OR tier = 'reserve' OR tier = 'key' OR
		       tier = 'hnte' OR tier = 'leader' OR tier = 'exited'),
	exit_reason TEXT,
	hnte_cert_no TEXT,
	hnte_issued_on TEXT,
	hnte_expires_on TEXT,
	hnte_batch TEXT,
	tsme_reg_no TEXT,
	tsme_year INTEGER,
	county_contact TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
-- list filters and sort orders (each index ends with id for a stable order);
-- the expressions match the ORDER BY clauses of src/ledger/enterprise.c exactly
CREATE INDEX enterprises_name ON enterprises (name, id);
CREATE INDEX enterprises_area_name ON enterprises (area, name, id);
CREATE INDEX enterprises_tier_name ON enterprises (tier, name, id);
CREATE INDEX enterprises_field_name ON enterprises (field, name, id);
CREATE INDEX enterprises_expiry_name ON enterprises (hnte_expires_on, name, id);
CREATE INDEX enterprises_tier_rank ON enterprises (
	(CASE tier WHEN 'prospect' THEN 0 WHEN 'tsme' THEN 1 WHEN 'reserve' THEN 2 WHEN 'key' THEN 3
	 WHEN 'hnte' THEN 4 WHEN 'leader' THEN 5 ELSE 6 END), name, id);
CREATE INDEX enterprises_expiry_sort ON enterprises ((hnte_expires_on IS NULL), hnte_expires_on, id);
CREATE INDEX enterprises_updated ON enterprises (updated_at, id);

CREATE TABLE tier_history (
	id INTEGER PRIMARY KEY,
	enterprise_id INTEGER NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
	from_tier TEXT, -- NULL for the tier given at creation
	to_tier TEXT NOT NULL,
	changed_on TEXT NOT NULL,
	user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
	user_name TEXT NOT NULL,
	reason TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);
CREATE INDEX tier_history_enterprise ON tier_history (enterprise_id, id);

CREATE TABLE indicators (
	enterprise_id INTEGER NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
	year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 9999),
	staff INTEGER, -- hundredths of a person (annual average)
	st_staff INTEGER,
	sales_main INTEGER, -- fen
	sales_other INTEGER,
	gross_income INTEGER,
	non_taxable_income INTEGER,
	hitech_income INTEGER,
	rd_personnel INTEGER,
	rd_direct INTEGER,
	rd_depreciation INTEGER,
	rd_amortization INTEGER,
	rd_design INTEGER,
	rd_trials INTEGER,
	rd_other INTEGER,
	rd_entrusted_domestic INTEGER,
	rd_entrusted_overseas INTEGER,
	rd_total INTEGER, -- only when the categories are not known
	rd_domestic INTEGER,
	total_assets INTEGER,
	total_liabilities INTEGER,
	cost_expense_total INTEGER,
	conversions INTEGER,
	incident INTEGER NOT NULL DEFAULT 0 CHECK (incident IN (0, 1)),
	locked INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
	locked_by TEXT,
	locked_at TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	PRIMARY KEY (enterprise_id, year)
);
CREATE INDEX indicators_year ON indicators (year, enterprise_id);

CREATE TABLE ip_items (
	id INTEGER PRIMARY KEY,
	enterprise_id INTEGER NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
	kind TEXT NOT NULL,
	class INTEGER NOT NULL CHECK (class IN (1, 2)), -- derived from kind (rules.md §1)
	number TEXT,
	title TEXT,
	granted_on TEXT,
	expires_on TEXT,
	legal_status TEXT,
	valid INTEGER NOT NULL DEFAULT 1 CHECK (valid IN (0, 1)),
	acquired TEXT NOT NULL DEFAULT 'self'
		CHECK (acquired = 'self' OR acquired = 'transfer' OR acquired = 'gift' OR
		       acquired = 'merger'),
	used_in_recognition INTEGER, -- year of the successful recognition that used it
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX ip_items_number ON ip_items (enterprise_id, number);

CREATE TABLE qualitative (
	enterprise_id INTEGER NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
	year INTEGER NOT NULL,
	advancement TEXT, -- a band letter A–E or points '0'–'8'
	core_support TEXT,
	rd_org_band TEXT, -- a letter for the 20 points of R&D management, when the items are not known
	rd_org1 INTEGER, -- points of the four items (max 6, 6, 4, 4)
	rd_org2 INTEGER,
	rd_org3 INTEGER,
	rd_org4 INTEGER,
	standards INTEGER CHECK (standards IN (0, 1)),
	rated_by TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	PRIMARY KEY (enterprise_id, year)
);

CREATE TABLE users (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	display_name TEXT NOT NULL DEFAULT '',
	role TEXT NOT NULL CHECK (role IN ('admin', 'city', 'county', 'expert', 'enterprise', 'viewer')),
	password_hash TEXT NOT NULL,
	disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	enterprise_id INTEGER REFERENCES enterprises (id) ON DELETE SET NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

CREATE TABLE user_areas (
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	area TEXT NOT NULL REFERENCES areas (code),
	PRIMARY KEY (user_id, area)
);

CREATE TABLE expert_assignments (
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	enterprise_id INTEGER NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
	created_at TEXT NOT NULL,
	PRIMARY KEY (user_id, enterprise_id)
);
CREATE INDEX expert_assignments_enterprise ON expert_assignments (enterprise_id, user_id);

CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY, -- hex BLAKE2b-256 of the token; the token itself is never stored
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	csrf TEXT NOT NULL,
	expires_at INTEGER NOT NULL, -- unix seconds
	created_at INTEGER NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_at);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_attempts (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('user', 'addr')),
	key TEXT NOT NULL,
	at INTEGER NOT NULL -- unix seconds of a failed attempt
);
CREATE INDEX login_attempts_key ON login_attempts (kind, key, at);

CREATE TABLE audit_log (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL, -- UTC
	user_id INTEGER, -- NULL for the system (command line)
	user_name TEXT NOT NULL,
	action TEXT NOT NULL, -- create, update, delete, tier, lock, unlock, ...
	table_name TEXT NOT NULL,
	row_key TEXT NOT NULL,
	before_json TEXT,
	after_json TEXT,
	source TEXT NOT NULL -- 'api', 'cli', 'import:FILE', ...
);
CREATE INDEX audit_log_at ON audit_log (at, id);
CREATE INDEX audit_log_table_row ON audit_log (table_name, row_key, id);
CREATE INDEX audit_log_user ON audit_log (user_id, id);
