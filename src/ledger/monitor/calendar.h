/*
 * calendar — the programme calendar (product.md C6/C7 work schedule): the
 * year's dated milestones (recognition batches, deadlines, meetings), for
 * every area or one, which city staff edit (calendar.edit); and a firm's own
 * calendar derived from the ledger: its certificate dates, the annual
 * reports due each 31 May of its validity, its re-recognition year, its TSME
 * renewal, its open problems' due dates.
 *
 * Scope: everyone reads the milestones for all areas; a milestone of one
 * area is read by the scopes that see that area (admin and city all; a
 * county its areas; an expert or an enterprise the areas of its firms). A
 * firm's calendar is read within the scope like the firm. Writes audited.
 */
#ifndef GAOQI_LEDGER_MONITOR_CALENDAR_H
#define GAOQI_LEDGER_MONITOR_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "ledger/ledger.h"

enum milestone_kind { MILESTONE_BATCH, MILESTONE_DEADLINE, MILESTONE_MEETING, MILESTONE_OTHER };
#define MILESTONE_KIND_COUNT 4

struct milestone {
	int64_t id;
	const char *name; /* required, ≤ 200 bytes */
	int32_t on_date;  /* required */
	int kind;	  /* enum milestone_kind */
	const char *area; /* an area code, NULL = every area */
	const char *note; /* ≤ 1000 bytes */
	char created_at[21], updated_at[21];
	/* the work schedule (targets, issue 14) */
	const char *owner; /* who carries it out, ≤ 64 bytes */
	int status;	   /* enum milestone_status */
};

enum milestone_status {
	MILESTONE_PLANNED,
	MILESTONE_IN_PROGRESS,
	MILESTONE_DONE,
	MILESTONE_CANCELLED
};
#define MILESTONE_STATUS_COUNT 4
/* "planned" … and "未开始" … of a status (static; "?" when out of range). */
const char *milestone_status_name(int status);
const char *milestone_status_label(int status);
/* Parse a status code or label; ERR_INVALID (field "status"). */
int milestone_status_parse(const char *s, int *status, struct err *e);

/* The column table of milestones (ledger.h, struct ledger_column). */
extern const struct ledger_column milestone_columns[];
#define MILESTONE_NCOLUMNS 10

/* "batch" … and "申报批次" … of a kind (static; "?" when out of range). */
const char *milestone_kind_name(int kind);
const char *milestone_kind_label(int kind);
/* Parse a kind code or label; ERR_INVALID (field "kind"). */
int milestone_kind_parse(const char *s, int *kind, struct err *e);

/*
 * The milestones of YEAR (MONTH 1–12, or 0 for the whole year) visible to L's
 * scope, by date. Errors: ERR_INVALID (year, month), ERR_DB.
 */
int calendar_list(struct ledger *l, int year, int month, struct arena *arena,
		  struct milestone **items, size_t *n, struct err *e);

/* One milestone: ERR_NOT_FOUND when absent or not visible. */
int calendar_get(struct ledger *l, int64_t id, struct arena *arena, struct milestone *out,
		 struct err *e);

/*
 * Add, change or delete a milestone (calendar.edit, else ERR_FORBIDDEN);
 * ERR_INVALID naming the field (name, on_date, kind, area unknown),
 * ERR_NOT_FOUND, ERR_DB. Audited (table milestones).
 */
int calendar_add(struct ledger *l, const struct milestone *m, int64_t *id, struct err *e);
int calendar_update(struct ledger *l, int64_t id, const struct milestone *m, struct err *e);
int calendar_delete(struct ledger *l, int64_t id, struct err *e);

/* One dated item of a firm's own calendar. */
struct calendar_event {
	int32_t on;	   /* the day */
	const char *kind;  /* "cert_issued", "cert_expiry", "reapply", "annual_report",
			    * "tsme_renew", "problem_due", "milestone" */
	const char *title; /* Chinese, for people */
	int64_t ref;	   /* the problem's or milestone's id, else 0 */
};

/*
 * The calendar of the enterprise USCC (in L's scope, else ERR_NOT_FOUND), by
 * date: its certificate issued and expiring, the re-recognition (the
 * expiry's year, 1 January), the annual report due each 31 May from the
 * year after issue to the expiry's year, the TSME renewal (1 January of the
 * year after its registration year), its open problems' due dates, and the
 * milestones of its area (and of every area) in the years from YEAR_FROM
 * to YEAR_TO. ERR_DB.
 */
int calendar_enterprise(struct ledger *l, const char *uscc, int year_from, int year_to,
			struct arena *arena, struct calendar_event **items, size_t *n,
			struct err *e);

#endif
