/*
 * award — the award lines of a year (奖补资金核算, product C8): the
 * accounting run, approval and payment, and the budgets.
 *
 * The run of year Y looks at every active policy of Y and the events it
 * rewards: first recognition and re-recognition — the applications of the
 * batches of Y recognised with a certificate (re- when the firm was
 * recognised in an earlier batch); TSME registration — the registrations of
 * Y; relocation — HNTE/leader firms tagged 迁入 with a certificate; leader —
 * firms of tier leader; other — nothing (lines by hand are not kept). A firm
 * qualifies when it is not exited and was registered on or before the event
 * (the ledger keeps no history of areas: the line keeps the firm's area when
 * computed). One line per policy × event (a unique key), and never two
 * lines of the same kind for one event (another policy or year): re-running,
 * or re-importing the same outcome list, adds nothing. A changed policy
 * shows as a diff (added, changed, removed; approved or paid lines are
 * locked and only reported) before it is applied.
 *
 * Workflow: computed → approved (city) → disbursed, or rejected with a
 * reason (before any payment). A line is disbursed part by part: the city
 * part from the city budget, the county part from its area's budget, each
 * with a date and a voucher number; the line is disbursed when every part
 * above zero is paid. A county confirms its areas' lines and pays their
 * county part. Approval is refused when a budget set for the year would be
 * exceeded by the committed (approved and disbursed) parts.
 *
 * Who: reading CAP_AWARDS_READ (scope by the firm's area), the run,
 * approval, rejection, budgets and the city part CAP_AWARDS_MANAGE, the
 * county part and confirmation CAP_AWARDS_MANAGE or CAP_AWARDS_CONFIRM.
 * Audited as "award_lines" (row key "USCC/ID") and "award_budgets" ("YEAR/SOURCE").
 */
#ifndef GAOQI_LEDGER_AWARDS_AWARD_H
#define GAOQI_LEDGER_AWARDS_AWARD_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "ledger/awards/policy.h"
#include "ledger/ledger.h"

enum award_status {
	AWARD_COMPUTED,
	AWARD_APPROVED,
	AWARD_DISBURSED,
	AWARD_REJECTED,
	AWARD_STATUS_COUNT
};
/* "computed"… and "已核算", "已审批", "已拨付", "已退回". */
const char *award_status_name(enum award_status s);
const char *award_status_label(enum award_status s);
int award_status_parse(const char *s, enum award_status *out, struct err *e);

enum award_part { AWARD_PART_CITY, AWARD_PART_COUNTY };

struct award_line {
	int64_t id;
	int64_t year;
	int64_t policy_id;
	const char *policy_name;
	const char *doc_no;
	enum award_kind kind;
	char uscc[19];
	const char *name;
	const char *area;
	const char *event_kind; /* application, tsme, enterprise */
	int64_t event_id;
	const char *event_key; /* certificate or registration number */
	int32_t event_on;
	const char *basis;
	int64_t amount, city_part, county_part;
	enum award_status status;
	int32_t county_confirmed_on, approved_on, city_paid_on, county_paid_on;
	const char *city_voucher, *county_voucher, *reason;
	char created_at[21];
	char updated_at[21];
};

enum award_change { AWARD_ADD, AWARD_CHANGE, AWARD_REMOVE, AWARD_LOCKED, AWARD_SKIP };
/* "add", "change", "remove", "locked", "skip" and "新增", "变更", "撤销", "已锁定", "不符合". */
const char *award_change_name(enum award_change c);
const char *award_change_label(enum award_change c);

struct award_diff {
	enum award_change change;
	struct award_line line; /* the line as it would be (REMOVE, LOCKED: as stored) */
	int64_t old_amount;	/* CHANGE, LOCKED: the stored amount; else LEDGER_NONE */
	const char *why;	/* SKIP, LOCKED: the reason */
};

struct award_run {
	struct award_diff *items; /* by policy, then firm name */
	size_t n;
	size_t added, changed, removed, locked, skipped, unchanged;
	int64_t amount_before, amount_after; /* the year's lines not rejected, fen */
	int applied;
};

/*
 * The accounting run of YEAR: the diff into *OUT (arena memory); with APPLY
 * written in one transaction (each line audited). Errors: ERR_FORBIDDEN,
 * ERR_INVALID (year).
 */
int award_run(struct ledger *l, int64_t year, int apply, struct arena *arena, struct award_run *out,
	      struct err *e);

struct award_filter {
	int64_t year; /* 0: all */
	const char *area;
	int status; /* -1: all */
	const char *uscc;
	int64_t policy_id; /* 0: all */
};
void award_filter_init(struct award_filter *f);

/* The lines in scope matching F, by year descending, area, firm name, id. */
int award_list(struct ledger *l, const struct award_filter *f, struct arena *arena,
	       struct award_line **items, size_t *n, struct err *e);
int award_get(struct ledger *l, int64_t id, struct arena *arena, struct award_line *out,
	      struct err *e);

/* The transitions (ON: LEDGER_NO_DATE = today). ERR_INVALID when not allowed from the status. */
int award_approve(struct ledger *l, int64_t id, int32_t on, struct err *e);
int award_reject(struct ledger *l, int64_t id, const char *reason, struct err *e);
int award_confirm(struct ledger *l, int64_t id, int32_t on, struct err *e);
int award_disburse(struct ledger *l, int64_t id, enum award_part part, int32_t on,
		   const char *voucher, struct err *e);

/* ---- budgets -------------------------------------------------------------------------- */

struct award_budget {
	int64_t year;
	char source[17]; /* "city" or an area code */
	int64_t amount;	 /* LEDGER_NONE: no budget set */
	const char *note;
	int64_t pending;   /* computed lines' parts */
	int64_t committed; /* approved and disbursed lines' parts */
	int64_t paid;	   /* parts paid */
	int over;	   /* committed + pending > amount (a budget set) */
};

/* Set the budget of YEAR and SOURCE ("city" or an area code) to AMOUNT fen. */
int award_budget_save(struct ledger *l, int64_t year, const char *source, int64_t amount,
		      const char *note, struct err *e);
/*
 * The budgets of YEAR: the city first, then every area with a budget or a
 * line, by code; a county sees its areas' only. Totals from the lines.
 */
int award_budgets(struct ledger *l, int64_t year, struct arena *arena, struct award_budget **items,
		  size_t *n, struct err *e);

#endif
