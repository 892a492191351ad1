-- gaoqi schema 0008: policy publicity (product C9): announcements to the
-- enterprise users of a scope with their read receipts, and the enterprises'
-- questions with their answers and the anonymised FAQ made from them.
-- Conventions as in 0001. Owners: src/ledger/publicity/announcement.c
-- (announcements, announcement_reads), question.c (questions).

CREATE TABLE announcements (
	id INTEGER PRIMARY KEY,
	title TEXT NOT NULL,
	body TEXT NOT NULL,
	area TEXT REFERENCES areas (code), -- the audience's area; NULL: every area
	tier TEXT CHECK (tier IS NULL OR tier = 'prospect' OR tier = 'tsme' OR tier = 'reserve' OR
		tier = 'key' OR tier = 'hnte' OR tier = 'leader' OR tier = 'exited'), -- NULL: every tier
	published_on TEXT NOT NULL, -- enterprises see it from this day
	created_by_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
	created_by TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX announcements_published ON announcements (published_on, id);
CREATE INDEX announcements_area ON announcements (area, published_on);

-- one row per enterprise user who opened an announcement (the first time)
CREATE TABLE announcement_reads (
	announcement_id INTEGER NOT NULL REFERENCES announcements (id) ON DELETE CASCADE,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	read_at TEXT NOT NULL,
	PRIMARY KEY (announcement_id, user_id)
);
CREATE INDEX announcement_reads_user ON announcement_reads (user_id, announcement_id);

CREATE TABLE questions (
	id INTEGER PRIMARY KEY,
	enterprise_id INTEGER NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
	title TEXT NOT NULL,
	body TEXT NOT NULL,
	asked_by_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
	asked_by TEXT NOT NULL,
	answer TEXT, -- NULL while unanswered
	answered_by_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
	answered_by TEXT,
	answered_at TEXT,
	faq_question TEXT, -- the public, anonymised wording (NULL: not in the FAQ)
	faq_answer TEXT,
	faq_published_at TEXT,
	faq_by TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX questions_enterprise ON questions (enterprise_id, id);
CREATE INDEX questions_open ON questions ((answer IS NULL), id);
CREATE INDEX questions_faq ON questions (faq_published_at) WHERE faq_published_at IS NOT NULL;
