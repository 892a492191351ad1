-- gaoqi schema 0006: applications and their outcome (product C3a), TSME
-- registrations and HNTE annual reports (C6): the year's recognition
-- batches, one application per enterprise per batch with its stage history,
-- the assessment and class II IP items it was submitted with, the TSME
-- registrations (科技型中小企业入库) and the annual reports (年报) of HNTEs.
-- Conventions as in 0001. Owners: src/ledger/apply/application.c (batches,
-- applications, application_stages, application_ip), src/ledger/apply/tsme.c
-- (tsme_registrations, annual_reports).

CREATE TABLE batches (
	id INTEGER PRIMARY KEY,
	year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	name TEXT NOT NULL,
	province TEXT NOT NULL DEFAULT '',
	submit_by TEXT, -- submission deadline
	review_on TEXT, -- expert review
	notice_on TEXT, -- public notice (公示)
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (year, name)
);

CREATE TABLE applications (
	id INTEGER PRIMARY KEY,
	batch_id INTEGER NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
	enterprise_id INTEGER NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
	stage TEXT NOT NULL DEFAULT 'intended'
		CHECK (stage = 'intended' OR stage = 'county_recommended' OR stage = 'submitted' OR
		       stage = 'under_review' OR stage = 'publicised' OR stage = 'recognised' OR
		       stage = 'not_recognised' OR stage = 'withdrawn'),
	stage_on TEXT NOT NULL,	 -- the day of the last stage change
	assessment TEXT,	 -- the assessment JSON (rules.md §7) at the submitted step
	verdict TEXT,		 -- its verdict, for lists
	cert_no TEXT,		 -- recognised: the certificate number
	cert_on TEXT,		 -- recognised: the issue date
	reason TEXT,		 -- not recognised: the reason given
	problem_id INTEGER REFERENCES problems (id) ON DELETE SET NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (batch_id, enterprise_id)
);
CREATE INDEX applications_enterprise ON applications (enterprise_id, id);
CREATE INDEX applications_batch_stage ON applications (batch_id, stage, id);

CREATE TABLE application_stages (
	id INTEGER PRIMARY KEY,
	application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
	from_stage TEXT, -- NULL for the creation
	to_stage TEXT NOT NULL,
	changed_on TEXT NOT NULL,
	user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
	user_name TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);
CREATE INDEX application_stages_application ON application_stages (application_id, id);

-- the class II IP items an application was submitted with (marked used when recognised)
CREATE TABLE application_ip (
	application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
	ip_id INTEGER NOT NULL REFERENCES ip_items (id) ON DELETE CASCADE,
	PRIMARY KEY (application_id, ip_id)
);

CREATE TABLE tsme_registrations (
	id INTEGER PRIMARY KEY,
	enterprise_id INTEGER NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
	year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	reg_no TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'registered'
		CHECK (status IN ('registered', 'revoked')),
	registered_on TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (enterprise_id, year)
);

CREATE TABLE annual_reports (
	enterprise_id INTEGER NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
	year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100), -- the fiscal year reported
	filed_on TEXT, -- NULL: recorded as missing
	note TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	PRIMARY KEY (enterprise_id, year)
);
