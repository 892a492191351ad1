-- gaoqi schema 0010: award funds (奖补资金, product C8): award policies as
-- data by year with their tiered amounts and per-area city/county splits,
-- the award lines an accounting run computes (one per policy × event: a
-- recognised application's certificate, a TSME registration, an
-- enterprise's relocation or leader status), their approval and payment,
-- the budgets per year and source, and the other support a firm received.
-- Money in fen, shares in basis points. Conventions as in 0001. Owners:
-- src/ledger/awards/policy.c (award_policies, award_policy_tiers,
-- award_policy_splits), src/ledger/awards/award.c (award_lines,
-- award_budgets), src/ledger/awards/support.c (support_records).

CREATE TABLE award_policies (
	id INTEGER PRIMARY KEY,
	year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	name TEXT NOT NULL,
	doc_no TEXT NOT NULL DEFAULT '', -- the issuing document (文号)
	kind TEXT NOT NULL CHECK (kind IN ('first_recognition', 're_recognition', 'relocation',
					   'tsme_registration', 'leader', 'other')),
	amount INTEGER NOT NULL DEFAULT 0 CHECK (amount >= 0), -- fen, when no tiers
	band_basis TEXT NOT NULL DEFAULT 'none' CHECK (band_basis IN ('none', 'rd_expense', 'revenue')),
	county_bp INTEGER NOT NULL DEFAULT 0 CHECK (county_bp BETWEEN 0 AND 10000),
	active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	note TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (year, name)
);

-- a tiered amount: the row with the largest min_value ≤ the firm's band value
CREATE TABLE award_policy_tiers (
	policy_id INTEGER NOT NULL REFERENCES award_policies (id) ON DELETE CASCADE,
	min_value INTEGER NOT NULL CHECK (min_value >= 0), -- fen of R&D expense or revenue
	amount INTEGER NOT NULL CHECK (amount >= 0),
	PRIMARY KEY (policy_id, min_value)
);

-- a per-area split replacing the policy's county_bp: basis points, or a fixed county part
CREATE TABLE award_policy_splits (
	policy_id INTEGER NOT NULL REFERENCES award_policies (id) ON DELETE CASCADE,
	area TEXT NOT NULL REFERENCES areas (code),
	county_bp INTEGER CHECK (county_bp BETWEEN 0 AND 10000),
	county_fixed INTEGER CHECK (county_fixed >= 0),
	CHECK ((county_bp IS NULL) <> (county_fixed IS NULL)),
	PRIMARY KEY (policy_id, area)
);

CREATE TABLE award_lines (
	id INTEGER PRIMARY KEY,
	year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	policy_id INTEGER NOT NULL REFERENCES award_policies (id) ON DELETE RESTRICT,
	policy_kind TEXT NOT NULL,
	enterprise_id INTEGER NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
	area TEXT NOT NULL, -- the firm's area when computed
	event_kind TEXT NOT NULL CHECK (event_kind IN ('application', 'tsme', 'enterprise')),
	event_id INTEGER NOT NULL,
	event_key TEXT NOT NULL, -- certificate or registration number
	event_on TEXT,
	basis TEXT NOT NULL, -- why, in words
	amount INTEGER NOT NULL CHECK (amount >= 0),
	city_part INTEGER NOT NULL CHECK (city_part >= 0),
	county_part INTEGER NOT NULL CHECK (county_part >= 0),
	status TEXT NOT NULL DEFAULT 'computed'
		CHECK (status IN ('computed', 'approved', 'disbursed', 'rejected')),
	county_confirmed_on TEXT,
	approved_on TEXT,
	city_paid_on TEXT,
	city_voucher TEXT,
	county_paid_on TEXT,
	county_voucher TEXT,
	reason TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	CHECK (city_part + county_part = amount),
	UNIQUE (policy_id, event_kind, event_id)
);
CREATE INDEX award_lines_year ON award_lines (year, area, id);
CREATE INDEX award_lines_enterprise ON award_lines (enterprise_id, id);
CREATE INDEX award_lines_event ON award_lines (event_kind, event_id, policy_kind);

CREATE TABLE award_budgets (
	year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	source TEXT NOT NULL, -- 'city', or an area code (its county budget)
	amount INTEGER NOT NULL CHECK (amount >= 0),
	note TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	PRIMARY KEY (year, source)
);

CREATE TABLE support_records (
	id INTEGER PRIMARY KEY,
	enterprise_id INTEGER NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('credit_loan', 'rd_subsidy', 'voucher', 'tax_benefit',
					   'other')),
	granted_on TEXT NOT NULL,
	amount INTEGER NOT NULL CHECK (amount >= 0),
	source TEXT NOT NULL DEFAULT '',
	note TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX support_records_enterprise ON support_records (enterprise_id, granted_on, id);
