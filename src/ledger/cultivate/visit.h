/*
 * visit — visits and one-on-one coaching of an enterprise (走访/一对一辅导,
 * product C5): date, kind, who took part (users, plus free text), what was
 * done, the problems raised or resolved in it, and the next step with its
 * date.
 *
 * Scope and rights as problems (problem.h): the enterprise's scope decides
 * what is seen; CAP_CASEWORK_WRITE writes. Audited (table "visits", row key
 * "USCC/ID"; participants and linked problems are part of the image). Text
 * is allocated from the caller's arena.
 */
#ifndef GAOQI_LEDGER_CULTIVATE_VISIT_H
#define GAOQI_LEDGER_CULTIVATE_VISIT_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "ledger/ledger.h"

enum visit_kind {
	VISIT_ONSITE,  /* 实地走访 */
	VISIT_ONLINE,  /* 线上辅导 */
	VISIT_PHONE,   /* 电话沟通 */
	VISIT_MEETING, /* 座谈会 */
	VISIT_KIND_COUNT
};

/* Wire code ("onsite") and Chinese label; "?" out of range. */
const char *visit_kind_name(enum visit_kind k);
const char *visit_kind_label(enum visit_kind k);
/* Parse a code (or its label); ERR_INVALID (field "kind"). */
int visit_kind_parse(const char *s, enum visit_kind *out, struct err *e);

struct visit_participant {
	int64_t id;
	const char *display_name; /* output only */
	enum role role;		  /* output only */
};

enum visit_effect { VISIT_RAISED, VISIT_RESOLVED };

struct visit_link {
	int64_t problem_id;
	enum visit_effect effect;
	const char *description; /* output only */
};

#define VISIT_MAX_PARTICIPANTS 20
#define VISIT_MAX_LINKS 50

struct visit {
	int64_t id;
	int64_t enterprise_id;
	int32_t visited_on;
	enum visit_kind kind;
	const char *others; /* participants who are not users */
	const char *content;
	const char *next_step;
	int32_t next_on;
	int64_t created_by_id; /* LEDGER_NONE for the system */
	const char *created_by;
	char created_at[21];
	char updated_at[21];
	/* read with the row */
	char uscc[19];
	const char *enterprise_name;
	const char *area;
	/* input and output: the users who took part, the problems linked */
	struct visit_participant *participants;
	size_t n_participants;
	struct visit_link *links;
	size_t n_links;
};

#define VISIT_NCOLUMNS 12
extern const struct ledger_column visit_columns[VISIT_NCOLUMNS];

/* Zero V, dates absent, kind onsite. */
void visit_init(struct visit *v);

/*
 * Record a visit to the enterprise USCC from IN (visited_on and content
 * required; participants must be users; linked problems must be the same
 * enterprise's) and read it back into *OUT (may be NULL). Errors:
 * ERR_NOT_FOUND, ERR_FORBIDDEN, ERR_INVALID (field named).
 */
int visit_create(struct ledger *l, const char *uscc, const struct visit *in, struct arena *arena,
		 struct visit *out, struct err *e);

/*
 * Replace visit ID's editable members with IN's (visited_on, kind, others,
 * content, next_step, next_on, participants and links). Errors as
 * visit_create.
 */
int visit_update(struct ledger *l, int64_t id, const struct visit *in, struct arena *arena,
		 struct visit *out, struct err *e);

/* Delete visit ID (audited with its last image). ERR_NOT_FOUND, ERR_FORBIDDEN. */
int visit_delete(struct ledger *l, int64_t id, struct err *e);

/* Visit ID with participants and links. ERR_NOT_FOUND (absent or outside the scope). */
int visit_get(struct ledger *l, int64_t id, struct arena *arena, struct visit *out, struct err *e);

#define VISIT_PAGE_MAX 500

struct visit_filter {
	const char *uscc;  /* one enterprise, NULL = the scope */
	int32_t from, to;  /* visit dates, LEDGER_NO_DATE = open */
	int follow_up;	   /* 1: next_on set and not after today + 7 days */
	int64_t involving; /* 0 = anyone; else created by or with this user taking part */
	const char *area;
	int32_t today;	       /* LEDGER_NO_DATE = today (UTC) */
	int64_t offset, limit; /* limit 1–VISIT_PAGE_MAX, 0 = 50 */
	int want_total;
};

/* The whole scope, newest first, first page of 50, with total. */
void visit_filter_init(struct visit_filter *f);

struct visit_page {
	struct visit *items; /* with participants and links */
	size_t n;
	int64_t total; /* -1 unless want_total */
};

/*
 * One page of the visits in scope matching F, newest first (follow-ups:
 * soonest next step first). ERR_INVALID, ERR_NOT_FOUND (enterprise).
 */
int visit_list(struct ledger *l, const struct visit_filter *f, struct arena *arena,
	       struct visit_page *out, struct err *e);

#endif
