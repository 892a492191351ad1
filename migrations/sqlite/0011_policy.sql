-- gaoqi schema 0011: the policy library (政策文件库) and the training events
-- (政策培训) of product C9. Conventions as in 0001. Owners:
-- src/ledger/publicity/policy.c (policies, policy_files, policies_fts),
-- src/ledger/publicity/training.c (trainings, training_policies,
-- training_attendance).

CREATE TABLE policies (
	id INTEGER PRIMARY KEY,
	title TEXT NOT NULL,
	issuer TEXT NOT NULL, -- 发文机关
	number TEXT,	      -- 文号
	issued_on TEXT,	      -- 发文日期
	level TEXT NOT NULL CHECK (level IN ('national', 'province', 'city', 'county')),
	area TEXT REFERENCES areas (code), -- the county of a county-level document
	tags TEXT,			   -- comma-separated
	url TEXT,			   -- a link to the original
	body TEXT,			   -- optional text, searched
	file_name TEXT,			   -- the uploaded file, NULL when none
	file_type TEXT CHECK (file_type IS NULL OR file_type IN ('pdf', 'docx', 'doc')),
	file_size INTEGER,
	file_sha256 TEXT, -- hex
	created_by_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
	created_by TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX policies_issued ON policies (issued_on, id);

-- the bytes of a policy's file, apart so that lists never read them
CREATE TABLE policy_files (
	policy_id INTEGER PRIMARY KEY REFERENCES policies (id) ON DELETE CASCADE,
	data BLOB NOT NULL
);

-- full-text index (trigram: Chinese has no spaces) over the searched columns
CREATE VIRTUAL TABLE policies_fts USING fts5(title, issuer, number, tags, body,
	content = 'policies', content_rowid = 'id', tokenize = 'trigram');
CREATE TRIGGER policies_fts_insert AFTER INSERT ON policies BEGIN
	INSERT INTO policies_fts (rowid, title, issuer, number, tags, body)
	VALUES (new.id, new.title, new.issuer, new.number, new.tags, new.body);
END;
CREATE TRIGGER policies_fts_delete AFTER DELETE ON policies BEGIN
	INSERT INTO policies_fts (policies_fts, rowid, title, issuer, number, tags, body)
	VALUES ('delete', old.id, old.title, old.issuer, old.number, old.tags, old.body);
END;
CREATE TRIGGER policies_fts_update AFTER UPDATE ON policies BEGIN
	INSERT INTO policies_fts (policies_fts, rowid, title, issuer, number, tags, body)
	VALUES ('delete', old.id, old.title, old.issuer, old.number, old.tags, old.body);
	INSERT INTO policies_fts (rowid, title, issuer, number, tags, body)
	VALUES (new.id, new.title, new.issuer, new.number, new.tags, new.body);
END;

CREATE TABLE trainings (
	id INTEGER PRIMARY KEY,
	held_on TEXT NOT NULL,
	topic TEXT NOT NULL,
	organisers TEXT NOT NULL,		-- e.g. "市科技局、市税务局"
	place TEXT,				-- NULL: online only
	online_url TEXT,			-- NULL: in person only
	area TEXT REFERENCES areas (code),	-- the organising county; NULL: city-wide
	materials TEXT,				-- links, one per line
	created_by TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX trainings_held ON trainings (held_on, id);

-- materials from the policy library
CREATE TABLE training_policies (
	training_id INTEGER NOT NULL REFERENCES trainings (id) ON DELETE CASCADE,
	policy_id INTEGER NOT NULL REFERENCES policies (id) ON DELETE CASCADE,
	PRIMARY KEY (training_id, policy_id)
);

CREATE TABLE training_attendance (
	training_id INTEGER NOT NULL REFERENCES trainings (id) ON DELETE CASCADE,
	enterprise_id INTEGER NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
	attendee TEXT, -- who came (names), as on the sign-in sheet
	source TEXT NOT NULL CHECK (source IN ('entered', 'import')),
	recorded_by TEXT NOT NULL,
	recorded_at TEXT NOT NULL,
	PRIMARY KEY (training_id, enterprise_id)
);
CREATE INDEX training_attendance_enterprise ON training_attendance (enterprise_id, training_id);
