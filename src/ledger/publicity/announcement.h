/*
 * announcement — announcements (通知公告, product C9) to the enterprise users
 * of a scope: every enterprise, those of one area, of one tier, or of an
 * area and a tier; with a publish date (enterprises see an announcement from
 * that day on) and read receipts (which enterprise users opened it, which
 * not).
 *
 * Who sees what. Admin and city: every announcement. County and viewer:
 * those to every area and those to one of their areas. Expert: those to
 * every area and to an area of one of its assigned firms. Enterprise: those
 * whose audience includes its firm, published on or before today. An
 * announcement a caller does not see is ERR_NOT_FOUND.
 *
 * Writes need CAP_ANNOUNCEMENTS_WRITE (bureau staff); a county user writes
 * only announcements to one of its own areas (ERR_FORBIDDEN otherwise).
 * Receipts need CAP_ANNOUNCEMENTS_RECEIPTS and count only the enterprise
 * users of the caller's scope. An enterprise user records its own reading
 * (CAP_ANNOUNCEMENTS_ACK). Every write is audited (tables "announcements",
 * row key "ID"; "announcement_reads", row key "USCC/ID"; "announcement_files",
 * row key "ID/FILE"). Text is allocated from the caller's arena.
 *
 * Attachments: files told by their content (upload.h: PDF, Word, Excel,
 * PNG, JPEG; 20 MB at most; SHA-256 kept), ANNOUNCEMENT_FILES_MAX to an
 * announcement. Who may edit the announcement adds and removes them; who
 * sees it (an enterprise of its audience once published, staff of its
 * scope) downloads them; for anybody else the announcement, and so its
 * files, is ERR_NOT_FOUND.
 */
#ifndef GAOQI_LEDGER_PUBLICITY_ANNOUNCEMENT_H
#define GAOQI_LEDGER_PUBLICITY_ANNOUNCEMENT_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "ledger/ledger.h"

#define ANNOUNCEMENT_TITLE_MAX 200
#define ANNOUNCEMENT_BODY_MAX 20000

#define ANNOUNCEMENT_FILES_MAX 20

struct announcement_file {
	int64_t id;
	int64_t announcement_id;
	const char *name; /* cleaned, with the extension of its type */
	const char *type; /* "pdf", "docx", "doc", "xlsx", "png", "jpg" */
	int64_t size;
	char sha256[65];
	const char *created_by;
	char created_at[21];
};

struct announcement {
	int64_t id;
	const char *title;	/* 1–200 bytes */
	const char *body;	/* 1–20000 bytes, plain text (line breaks kept) */
	const char *area;	/* audience: an area code, NULL = every area */
	const char *tier;	/* audience: a tier code (enterprise.h), NULL = every tier */
	int32_t published_on;	/* LEDGER_NO_DATE at creation = today */
	int64_t created_by_id;	/* the author's user id, LEDGER_NONE for the system */
	const char *created_by; /* the author's user name */
	char created_at[21];
	char updated_at[21];
	/* read with the row, never written */
	char read_at[21];    /* the caller's own reading, "" when unread (enterprise users) */
	int64_t recipients;  /* enterprise users of the audience in the caller's scope, */
	int64_t read_count;  /* and those who read it; both LEDGER_NONE without receipts */
	const char *author;  /* the author's display name (created_by when it has none) */
	int64_t attachments; /* how many files it has */
	struct announcement_file *files; /* announcement_get only: the files, oldest first */
	size_t n_files;
};

/* The column table of announcements (ledger.h, struct ledger_column). */
#define ANNOUNCEMENT_NCOLUMNS 10
extern const struct ledger_column announcement_columns[ANNOUNCEMENT_NCOLUMNS];

/* Zero A, audience everyone, publish date today (LEDGER_NO_DATE). */
void announcement_init(struct announcement *a);

/*
 * Create an announcement from IN (title, body required; area, tier,
 * published_on optional) by L's user and read it back into *OUT (may be
 * NULL). Errors: ERR_FORBIDDEN (not bureau staff, or a county user's
 * audience outside its areas), ERR_INVALID naming the field ("标题不能为空",
 * "地区不存在：X", "未知层级：X").
 */
int announcement_create(struct ledger *l, const struct announcement *in, struct arena *arena,
			struct announcement *out, struct err *e);

/*
 * Replace title, body, area, tier and published_on of announcement ID by
 * those of IN (published_on LEDGER_NO_DATE keeps the stored one) and read it
 * back into *OUT (may be NULL). Unchanged: no write, no audit row. Errors:
 * ERR_NOT_FOUND, ERR_FORBIDDEN, ERR_INVALID as announcement_create.
 */
int announcement_update(struct ledger *l, int64_t id, const struct announcement *in,
			struct arena *arena, struct announcement *out, struct err *e);

/* Delete announcement ID and its receipts. Errors: ERR_NOT_FOUND, ERR_FORBIDDEN. */
int announcement_delete(struct ledger *l, int64_t id, struct err *e);

/* Announcement ID as the caller sees it into *OUT. ERR_NOT_FOUND. */
int announcement_get(struct ledger *l, int64_t id, struct arena *arena, struct announcement *out,
		     struct err *e);

#define ANNOUNCEMENT_PAGE_MAX 500

struct announcement_filter {
	int unread;    /* 1: only those the caller (an enterprise user) has not read */
	const char *q; /* NULL, or a text the title or body contains */
	int32_t today; /* LEDGER_NO_DATE = today (UTC); tests fix it */
	int64_t offset;
	int64_t limit; /* 1–ANNOUNCEMENT_PAGE_MAX, 0 = 50 */
	int want_total;
};

/* Everything the caller sees, newest publish date first, first page of 50, with total. */
void announcement_filter_init(struct announcement_filter *f);

struct announcement_page {
	struct announcement *items;
	size_t n;
	int64_t total; /* -1 unless want_total */
};

/*
 * One page of the announcements the caller sees matching F, newest publish
 * date first. ERR_INVALID for a bad filter (a q longer than 200 bytes).
 */
int announcement_list(struct ledger *l, const struct announcement_filter *f, struct arena *arena,
		      struct announcement_page *out, struct err *e);

/*
 * Record that L's user (an enterprise user) has read announcement ID, now;
 * a second reading changes nothing (the first time is kept, no new audit
 * row). *READ_AT (may be NULL) gets the time of the first reading. Errors:
 * ERR_NOT_FOUND (not in the user's audience or not yet published),
 * ERR_FORBIDDEN (not an enterprise user).
 */
int announcement_mark_read(struct ledger *l, int64_t id, char read_at[21], struct err *e);

struct announcement_receipt {
	int64_t user_id;
	const char *username, *display_name;
	char uscc[19];
	const char *enterprise_name;
	const char *area;
	char read_at[21]; /* "" when not read */
};

/*
 * The enterprise users of announcement ID's audience within L's scope, those
 * who read it first (by time), then those who did not (by firm name), into
 * *ITEMS / *N (arena memory). Errors: ERR_NOT_FOUND, ERR_FORBIDDEN (no
 * CAP_ANNOUNCEMENTS_RECEIPTS).
 */
int announcement_receipts(struct ledger *l, int64_t id, struct arena *arena,
			  struct announcement_receipt **items, size_t *n, struct err *e);

/*
 * Attach the file NAME (DATA, LEN bytes) to announcement ID and read it
 * back into *OUT (may be NULL). Errors: ERR_INVALID (field "file": empty, not
 * a PDF/Word/Excel/PNG/JPEG file by content, an extension that says another
 * type, "附件过多（最多20个）"), ERR_TOO_BIG, ERR_NOT_FOUND, ERR_FORBIDDEN.
 */
int announcement_attach(struct ledger *l, int64_t id, const char *name, const void *data,
			size_t len, struct arena *arena, struct announcement_file *out,
			struct err *e);

/* Remove file FILE_ID of announcement ID. ERR_NOT_FOUND ("附件不存在"), ERR_FORBIDDEN. */
int announcement_detach(struct ledger *l, int64_t id, int64_t file_id, struct err *e);

/*
 * File FILE_ID of announcement ID as the caller sees it: its metadata into
 * *F and its bytes into *DATA (malloc'd, the caller frees) / *LEN.
 * ERR_NOT_FOUND ("通知不存在", "附件不存在").
 */
int announcement_file(struct ledger *l, int64_t id, int64_t file_id, struct arena *arena,
		      struct announcement_file *f, void **data, size_t *len, struct err *e);

#endif
