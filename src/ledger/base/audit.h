/*
 * audit — the audit log of every write (product.md C11): who, when (UTC),
 * action, table, row key, the row before and after as JSON, and the source
 * ("api", "cli", "import:FILE"). Ledger modules write it inside their
 * transactions; admin and city query it.
 */
#ifndef GAOQI_LEDGER_AUDIT_H
#define GAOQI_LEDGER_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "ledger/ledger.h"

/*
 * For ledger modules: insert one audit row for L's user and source, now.
 * BEFORE and AFTER are JSON texts or NULL (creation has no before, deletion
 * no after). Runs inside the caller's transaction.
 */
int audit_record(struct ledger *l, const char *action, const char *table, const char *row_key,
		 const char *before, const char *after, struct err *e);

struct audit_entry {
	int64_t id;
	char at[21];
	int64_t user_id; /* 0 for the system */
	const char *user_name;
	const char *action;
	const char *table;
	const char *row_key;
	const char *before; /* JSON text or NULL */
	const char *after;
	const char *source;
};

#define AUDIT_PAGE_MAX 1000

struct audit_filter {
	int64_t user_id;   /* 0 = anyone */
	const char *table; /* NULL = any */
	const char *
		row_key; /* exact, or a prefix when it ends with '/' ("USCC/" = its years and IP) */
	const char *action; /* NULL = any */
	const char *from;   /* inclusive, "YYYY-MM-DD" or a full UTC timestamp; NULL = open */
	const char *to;	    /* inclusive day or timestamp; NULL = open */
	int64_t offset;
	int64_t limit; /* 1–AUDIT_PAGE_MAX, 0 = 50 */
	int want_total;
};

/* Everything, newest first, first page of 50, with total. */
void audit_filter_init(struct audit_filter *f);

/*
 * One page of audit entries matching F, newest first (arena memory); *TOTAL
 * (when F->want_total, else -1) gets the count of all matches. Admin and city
 * only (ERR_FORBIDDEN); ERR_INVALID for a bad filter.
 */
int audit_list(struct ledger *l, const struct audit_filter *f, struct arena *arena,
	       struct audit_entry **items, size_t *n, int64_t *total, struct err *e);

#endif
