/*
 * policy — the policy library (政策文件库, product C9): the documents of the
 * High and New Technology Enterprise programme, each with its title, issuer,
 * number (文号), date, level (national, province, city, county), tags, a link
 * and/or an uploaded file (PDF, DOCX or DOC), searchable in full text.
 *
 * Every logged-in user with CAP_POLICIES_READ reads every document: policy is
 * public. Writes need CAP_POLICIES_WRITE; admin and city write every
 * document, a county user only county-level documents of one of its areas
 * (ERR_FORBIDDEN otherwise). A county-level document names its county
 * (area); other levels have none.
 *
 * Files are checked by their content, not their name: a PDF begins with
 * "%PDF-", a DOCX is a zip holding word/document.xml, a DOC begins with the
 * OLE2 signature; anything else, an empty file or one over POLICY_FILE_MAX is
 * refused. The bytes are kept in the database with their SHA-256; the name
 * is reduced to its last path component and takes the extension of the
 * content's type.
 *
 * Search: a text of 3 characters or more is looked up in the FTS5 trigram
 * index over title, issuer, number, tags and body; a shorter one with LIKE
 * over the same columns. Every write is audited (table "policies", row key
 * "ID"; the file as its name, size and checksum). Text is allocated from the
 * caller's arena.
 */
#ifndef GAOQI_LEDGER_PUBLICITY_POLICY_H
#define GAOQI_LEDGER_PUBLICITY_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "ledger/ledger.h"
#include "ledger/publicity/upload.h"

#define POLICY_TITLE_MAX 300
#define POLICY_BODY_MAX 200000
#define POLICY_FILE_MAX UPLOAD_FILE_MAX /* bytes of an uploaded file */

enum policy_level { POLICY_NATIONAL, POLICY_PROVINCE, POLICY_CITY, POLICY_COUNTY, POLICY_LEVELS };

/* "national"… of LEVEL, and its label "国家级"… ; NULL when out of range. */
const char *policy_level_name(int level);
const char *policy_level_label(int level);
/* A code or a label into *LEVEL; ERR_INVALID (field "level") "未知级别：S". */
int policy_level_parse(const char *s, int *level, struct err *e);

struct policy {
	int64_t id;
	const char *title;  /* required */
	const char *issuer; /* required: 发文机关 */
	const char *number; /* 文号 */
	int32_t issued_on;  /* LEDGER_NO_DATE when unknown */
	int level;	    /* enum policy_level */
	const char *area;   /* county level: its county's area code; else NULL */
	const char *tags;   /* "a,b,c" (stored normalised: trimmed, no duplicates) */
	const char *url;    /* http(s) link */
	const char *body;   /* optional text, searched */
	/* the file: set by policy_attach only */
	const char *file_name; /* NULL: no file */
	const char *file_type; /* "pdf", "docx", "doc" */
	int64_t file_size;     /* LEDGER_NONE without a file */
	const char *file_sha256;
	int64_t created_by_id;
	const char *created_by;
	char created_at[21];
	char updated_at[21];
};

#define POLICY_NCOLUMNS 18
extern const struct ledger_column policy_columns[POLICY_NCOLUMNS];

/* Zero P: level city, no date, no file. */
void policy_init(struct policy *p);

/*
 * Create a document from IN (title, issuer, level required; others
 * optional; the file members are ignored) and read it back into *OUT (may
 * be NULL). ERR_INVALID naming the field, ERR_FORBIDDEN.
 */
int policy_create(struct ledger *l, const struct policy *in, struct arena *arena,
		  struct policy *out, struct err *e);
/* Replace the editable members of document ID by IN's (the file stays). */
int policy_update(struct ledger *l, int64_t id, const struct policy *in, struct arena *arena,
		  struct policy *out, struct err *e);
/* Delete document ID with its file. */
int policy_delete(struct ledger *l, int64_t id, struct err *e);
/* Document ID into *OUT (without the file's bytes). ERR_NOT_FOUND "政策文件不存在". */
int policy_get(struct ledger *l, int64_t id, struct arena *arena, struct policy *out,
	       struct err *e);

/*
 * The type of the file DATA/LEN by its content: "pdf", "docx" or "doc", or
 * NULL for anything else (an empty or unreadable file included).
 */
const char *policy_sniff(const void *data, size_t len);

/*
 * Attach the file NAME (DATA, LEN bytes) to document ID, replacing any file
 * it had, and read the document back into *OUT (may be NULL). Errors:
 * ERR_INVALID (field "file": empty, not a PDF/Word file by content, a
 * name whose extension says another type), ERR_TOO_BIG (over
 * POLICY_FILE_MAX), ERR_NOT_FOUND, ERR_FORBIDDEN.
 */
int policy_attach(struct ledger *l, int64_t id, const char *name, const void *data, size_t len,
		  struct arena *arena, struct policy *out, struct err *e);
/* Remove the file of document ID (none: no change). */
int policy_detach(struct ledger *l, int64_t id, struct err *e);

/*
 * The file of document ID: its metadata into *P and its bytes into *DATA
 * (malloc'd, the caller frees) / *LEN. ERR_NOT_FOUND when the document is
 * not there or has no file ("该政策文件没有附件").
 */
int policy_file(struct ledger *l, int64_t id, struct arena *arena, struct policy *p, void **data,
		size_t *len, struct err *e);

#define POLICY_PAGE_MAX 500

struct policy_filter {
	const char *q;	 /* NULL, or text searched in title, issuer, number, tags, body */
	int level;	 /* -1: all */
	const char *tag; /* NULL, or one tag the document carries */
	int64_t offset;
	int64_t limit; /* 1–POLICY_PAGE_MAX, 0 = 50 */
	int want_total;
};

void policy_filter_init(struct policy_filter *f);

struct policy_page {
	struct policy *items;
	size_t n;
	int64_t total; /* -1 unless want_total */
};

/* One page of the documents matching F, newest date first. */
int policy_list(struct ledger *l, const struct policy_filter *f, struct arena *arena,
		struct policy_page *out, struct err *e);

/* Every tag in use, sorted, into *TAGS / *N (arena). */
int policy_tags(struct ledger *l, struct arena *arena, const char ***tags, size_t *n,
		struct err *e);

#endif
