/*
 * problem — the problem list of an enterprise (问题清单, product C5): what
 * stands between the firm and recognition, solved item by item. A problem
 * has a category, a description, an owner (a user), a due date and a status
 * `open → in_progress → resolved`, or `wont_fix` with a reason; it may come
 * from a gap of the assessment (problem_from_gaps). Comments let the
 * enterprise and the staff talk about it.
 *
 * Scope: a problem is the enterprise's; outside the caller's scope it is
 * ERR_NOT_FOUND and absent from lists. Writes need CAP_CASEWORK_WRITE (an
 * expert: for its assigned firms, which is its scope), comments
 * CAP_CASEWORK_COMMENT. Every write is audited (tables "problems",
 * "problem_comments", row key "USCC/ID"). Text is allocated from the
 * caller's arena.
 */
#ifndef GAOQI_LEDGER_CULTIVATE_PROBLEM_H
#define GAOQI_LEDGER_CULTIVATE_PROBLEM_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "ledger/ledger.h"

enum problem_category {
	PROBLEM_IP,	       /* 知识产权 */
	PROBLEM_RD_ACCOUNTING, /* 研发费用归集 */
	PROBLEM_STAFF,	       /* 科技人员 */
	PROBLEM_REVENUE,       /* 收入结构 */
	PROBLEM_MANAGEMENT,    /* 管理制度 */
	PROBLEM_FINANCE,       /* 财务 */
	PROBLEM_MATERIALS,     /* 申报材料 */
	PROBLEM_OTHER,	       /* 其他 */
	PROBLEM_CATEGORY_COUNT
};

enum problem_status {
	PROBLEM_OPEN,	     /* 待解决 */
	PROBLEM_IN_PROGRESS, /* 解决中 */
	PROBLEM_RESOLVED,    /* 已解决 */
	PROBLEM_WONT_FIX,    /* 不予解决 */
	PROBLEM_STATUS_COUNT
};

/* Wire codes ("rd_accounting", "in_progress") and Chinese labels; "?" out of range. */
const char *problem_category_name(enum problem_category c);
const char *problem_category_label(enum problem_category c);
const char *problem_status_name(enum problem_status s);
const char *problem_status_label(enum problem_status s);
/* Parse a code (or its label); ERR_INVALID naming FIELD. */
int problem_category_parse(const char *s, enum problem_category *out, const char *field,
			   struct err *e);
int problem_status_parse(const char *s, enum problem_status *out, const char *field, struct err *e);

struct problem {
	int64_t id;
	int64_t enterprise_id;
	enum problem_category category;
	const char *description;
	int64_t owner_id; /* a user, LEDGER_NONE for nobody */
	int32_t due_on;	  /* LEDGER_NO_DATE when none */
	enum problem_status status;
	const char *reason;	/* why wont_fix */
	const char *resolution; /* how it was resolved */
	int32_t resolved_on;
	const char *gap_id;	/* "C5", "score", … when it came from an assessment gap */
	const char *gap_amount; /* the gap's size as the assessment states it */
	const char *created_by; /* the user's name */
	char created_at[21];
	char updated_at[21];
	/* read with the row, never written */
	char uscc[19];
	const char *enterprise_name;
	const char *area;
	const char *owner_name; /* the owner's display name */
	int64_t overdue_days; /* days past due_on (today, UTC) while open or in progress, else 0 */
};

/* The column table of problems (ledger.h, struct ledger_column). */
#define PROBLEM_NCOLUMNS 15
extern const struct ledger_column problem_columns[PROBLEM_NCOLUMNS];

/* Zero P, every optional member absent, category other, status open. */
void problem_init(struct problem *p);

/*
 * Create a problem on the enterprise USCC from IN (category, description
 * required, owner_id, due_on, gap_id, gap_amount optional; status starts
 * open) and read it back into *OUT (text in ARENA; OUT may be NULL).
 * Errors: ERR_NOT_FOUND (enterprise), ERR_FORBIDDEN, ERR_INVALID (field
 * named; an owner that is no user: "负责人不存在").
 */
int problem_create(struct ledger *l, const char *uscc, const struct problem *in,
		   struct arena *arena, struct problem *out, struct err *e);

/* A partial change: the columns named take their values from V. */
struct problem_patch {
	struct problem v;
	uint32_t set; /* bit K: problem_columns[K] is named */
};
void problem_patch_init(struct problem_patch *p);
/*
 * Name the column NAME: category, description, owner_id, due_on, status,
 * reason, resolution, resolved_on. ERR_INVALID for any other.
 */
int problem_patch_name(struct problem_patch *p, const char *name, struct err *e);

/*
 * Change problem ID in one atomic write (read, merge the named columns,
 * check, write, read back into *OUT). The status moves open ⇄ in_progress,
 * to resolved (resolution required; resolved_on defaults to today) or to
 * wont_fix (reason required) from open or in_progress, and back to open
 * from resolved or wont_fix (reopening clears resolution, reason and
 * resolved_on). Errors: ERR_NOT_FOUND, ERR_FORBIDDEN, ERR_INVALID.
 */
int problem_patch(struct ledger *l, int64_t id, const struct problem_patch *p, struct arena *arena,
		  struct problem *out, struct err *e);

/* Problem ID into *OUT. ERR_NOT_FOUND (absent or outside the scope). */
int problem_get(struct ledger *l, int64_t id, struct arena *arena, struct problem *out,
		struct err *e);

struct problem_comment {
	int64_t id;
	const char *user_name;
	const char *body;
	char at[21];
};

/* The comments of problem ID, oldest first (arena memory). ERR_NOT_FOUND. */
int problem_comments(struct ledger *l, int64_t id, struct arena *arena,
		     struct problem_comment **items, size_t *n, struct err *e);

/*
 * Add a comment BODY (1–2000 bytes) to problem ID as L's user. Needs
 * CAP_CASEWORK_COMMENT. Errors: ERR_NOT_FOUND, ERR_FORBIDDEN, ERR_INVALID.
 */
int problem_comment(struct ledger *l, int64_t id, const char *body, struct err *e);

#define PROBLEM_PAGE_MAX 500
#define PROBLEM_ESCALATE_DAYS 30 /* overdue longer than this: the city's list */

enum problem_overdue {
	PROBLEM_OVERDUE_ANY = 0,
	PROBLEM_OVERDUE = 1,	  /* past due while open or in progress (the county's) */
	PROBLEM_OVERDUE_CITY = 2, /* past due by more than escalate_days (the city's) */
};

struct problem_filter {
	const char *uscc;  /* one enterprise, NULL = the whole scope */
	int status;	   /* an enum problem_status, -1 = any, -2 = open or in progress */
	int category;	   /* an enum problem_category, -1 = any */
	const char *area;  /* area code, NULL = any */
	int64_t owner_id;  /* 0 = anyone */
	int64_t expert_id; /* 0 = any; else firms assigned to this expert */
	enum problem_overdue overdue;
	int escalate_days; /* for PROBLEM_OVERDUE_CITY (0 = PROBLEM_ESCALATE_DAYS) */
	int32_t today;	   /* LEDGER_NO_DATE = today (UTC); tests fix it */
	int64_t offset;
	int64_t limit; /* 1–PROBLEM_PAGE_MAX, 0 = 50 */
	int want_total;
};

/* Any problem of the scope, active first then by due date, first page of 50, with total. */
void problem_filter_init(struct problem_filter *f);

struct problem_page {
	struct problem *items;
	size_t n;
	int64_t total; /* -1 unless want_total */
};

/*
 * One page of the problems in scope matching F: open and in-progress first,
 * then by due date (none last), then newest. ERR_INVALID for a bad filter,
 * ERR_NOT_FOUND for an enterprise outside the scope.
 */
int problem_list(struct ledger *l, const struct problem_filter *f, struct arena *arena,
		 struct problem_page *out, struct err *e);

/* The escalation of P given ESCALATE_DAYS: "none", "county" (overdue) or "city". */
const char *problem_escalation(const struct problem *p, int escalate_days);

/*
 * One problem per gap of the enterprise's assessment today (description the
 * gap's message, gap_id and gap_amount from it, category from the condition:
 * C2 ip, C4 staff, C5 rd_accounting, C6 revenue, score management, others
 * other), skipping gaps that already have an open or in-progress problem.
 * Created ids (ascending) into *IDS / *N (arena memory), skipped gaps into
 * *SKIPPED. All or nothing. Errors as problem_create, ERR_INVALID when no
 * rule set covers today.
 */
int problem_from_gaps(struct ledger *l, const char *uscc, struct arena *arena, int64_t **ids,
		      size_t *n, size_t *skipped, struct err *e);

#endif
