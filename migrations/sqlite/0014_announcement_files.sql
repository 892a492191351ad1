-- gaoqi schema 0014: the attachments of announcements (通知公告附件, product
-- C9, issue 16): files told by their content (PDF, Word, Excel, PNG, JPEG),
-- at most 20 MB each, with their SHA-256; the bytes last in the row so that
-- listing the names never reads them. Conventions as in 0001. Owner:
-- src/ledger/publicity/announcement.c.

CREATE TABLE announcement_files (
	id INTEGER PRIMARY KEY,
	announcement_id INTEGER NOT NULL REFERENCES announcements (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	type TEXT NOT NULL CHECK (type IN ('pdf', 'docx', 'doc', 'xlsx', 'png', 'jpg')),
	size INTEGER NOT NULL,
	sha256 TEXT NOT NULL, -- hex
	created_by TEXT NOT NULL,
	created_at TEXT NOT NULL,
	data BLOB NOT NULL
);
CREATE INDEX announcement_files_announcement ON announcement_files (announcement_id, id);
