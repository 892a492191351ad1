/*
 * remind — the reminders of pipeline monitoring (product.md C6): computed
 * once a day for the whole programme into the table `reminders`, listed per
 * user's scope, each markable done or snoozed (until a date) with a reason,
 * per user.
 *
 * A reminder rule is one row of a table (remind.c, `rules`): a code, a
 * Chinese label and one INSERT … SELECT that writes that rule's reminders
 * from the ledger (parameters: $1 today, $2 this year, $3 1 January of this
 * year, $4 31 December of next year). Rules are independent: each reads
 * its own tables, and a rule whose tables do not exist yet (another domain's
 * migration not applied) is skipped. A domain that adds a kind of reminder
 * (apply/: annual reports, TSME registrations, applications late at a stage;
 * cultivate/: plan tasks overdue) adds one row. A reminder's key
 * "rule:USCC:ref" stays the same from one day's run to the next, so that
 * the users' marks keep holding.
 *
 * Rules today: cert_expiry (HNTE certificates expiring this year or next:
 * re-recognition), tsme_renew (a TSME registration of a past year — the
 * registrations of apply/tsme keep enterprises.tsme_year up to date),
 * indicators_missing (last year's indicators absent, for the firms in the
 * pools), annual_report (last year's annual report of a valid certificate
 * not filed; due 31 May), application_late (an application still at a
 * stage after its batch's date for it: submission deadline, review day,
 * public notice, 15 days after the notice), plan_task_overdue (an open
 * task of an active plan past its due day), problem_overdue (an open
 * problem past its due date), assessment_risk (a recognised HNTE whose
 * stored assessment fails), milestone_overdue (a milestone of the work
 * schedule still planned or in progress after its day — a reminder of no
 * enterprise: uscc and name NULL, area the milestone's, NULL for every
 * area).
 *
 * Scope: a user lists the reminders of the enterprises in its scope and,
 * for admin, city, county and viewer, those of no enterprise whose area is
 * NULL or in its scope (none for an expert or an enterprise user, none when
 * the filter names an enterprise); marks are the user's own. Writes (marks)
 * are audited.
 */
#ifndef GAOQI_LEDGER_MONITOR_REMIND_H
#define GAOQI_LEDGER_MONITOR_REMIND_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "ledger/ledger.h"

/* The rules' codes and labels, in table order (static); N in *N. */
struct remind_rule_info {
	const char *code;  /* "cert_expiry", … */
	const char *label; /* "高企证书到期（复审）", … */
};
const struct remind_rule_info *remind_rules(size_t *n);
/* The label of rule CODE, or CODE itself when unknown. */
const char *remind_rule_label(const char *code);

/*
 * Rebuild the reminders of the whole programme for TODAY (every rule, one
 * transaction; the system's or an admin's scope, else ERR_FORBIDDEN).
 * *COUNT (may be NULL) gets the number of reminders. Errors: ERR_DB.
 */
int remind_compute(struct ledger *l, int32_t today, size_t *count, struct err *e);

/* The day of the last run (LEDGER_NO_DATE when never), whatever the scope. ERR_DB. */
int remind_computed_on(struct ledger *l, int32_t *day, struct err *e);

enum remind_status {
	REMIND_OPEN,	/* not marked, or snoozed until a day that has come */
	REMIND_DONE,	/* marked done */
	REMIND_SNOOZED, /* snoozed until a day still to come */
	REMIND_ALL,
};

/* Parse "open", "done", "snoozed", "all"; ERR_INVALID (field "status"). */
int remind_status_parse(const char *s, enum remind_status *out, struct err *e);

struct remind_filter {
	enum remind_status status; /* default REMIND_OPEN */
	const char *rule;	   /* a rule code, NULL = any */
	const char *area;	   /* an area code, NULL = any */
	const char *uscc;	   /* one enterprise, NULL = any */
	const char *key;	   /* one reminder by its key, NULL = any */
	int32_t today;		   /* for snoozes: LEDGER_NO_DATE = date_today() */
	int64_t offset, limit;	   /* limit 0 = 50; up to REMIND_PAGE_MAX */
};
#define REMIND_PAGE_MAX 100000

/* Filter with every criterion off: open reminders, first page of 50, today. */
void remind_filter_init(struct remind_filter *f);

struct reminder {
	const char *key;		/* "cert_expiry:USCC:2026-12-02" */
	const char *rule;		/* the rule's code */
	const char *uscc, *name, *area; /* uscc, name NULL: a reminder of no enterprise */
	int32_t due_on;			/* LEDGER_NO_DATE when the reminder has no deadline */
	const char *detail;
	const char *state; /* the user's mark: NULL, "done" or "snoozed" */
	int32_t until;	   /* snoozed until, else LEDGER_NO_DATE */
	const char *reason;
};

struct remind_page {
	struct reminder *items; /* arena memory */
	size_t n;
	int64_t total; /* every match in scope */
};

/*
 * The reminders of L's scope matching F, by deadline (those without one
 * last), with the caller's marks. Errors: ERR_INVALID (bad filter), ERR_DB.
 */
int remind_list(struct ledger *l, const struct remind_filter *f, struct arena *arena,
		struct remind_page *out, struct err *e);

/* The number of open reminders of L's scope for the caller (the bell). ERR_DB. */
int remind_count_open(struct ledger *l, int32_t today, int64_t *count, struct err *e);

/*
 * Mark the reminder KEY (in L's scope, else ERR_NOT_FOUND) for the caller:
 * STATE "done" or "snoozed" (UNTIL a day after TODAY) with a REASON (1–500
 * bytes), or "open" to take the mark back (reason optional). Audited
 * (table reminder_marks, row "USER_ID/KEY"). Errors: ERR_FORBIDDEN (a role
 * without reminders.mark), ERR_INVALID naming the field, ERR_NOT_FOUND,
 * ERR_DB.
 */
int remind_mark(struct ledger *l, const char *key, const char *state, int32_t until,
		const char *reason, int32_t today, struct err *e);

#endif
