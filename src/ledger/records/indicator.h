/*
 * indicator — annual indicators of an enterprise (product.md C2): one row per
 * (enterprise, fiscal year). Money in fen, head counts in hundredths; an
 * absent value is LEDGER_NONE (never zero). Audited as table "indicators",
 * row key "USCC/YEAR".
 *
 * R&D is either the eight categories of rules.md §2 (personnel … other plus
 * entrusted domestic/overseas) or, when those are unknown, the totals rd_total
 * and rd_domestic. Sales revenue is sales_main + sales_other.
 *
 * Who may write: admin, city, county (in scope) and the enterprise itself.
 * A locked year refuses every write (ERR_CONFLICT "该年度数据已锁定") until a
 * county, city or admin user unlocks it.
 */
#ifndef GAOQI_LEDGER_INDICATOR_H
#define GAOQI_LEDGER_INDICATOR_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "ledger/ledger.h"

struct indicator {
	int64_t year;
	int64_t staff;	    /* hundredths of a person */
	int64_t st_staff;   /* hundredths */
	int64_t sales_main; /* fen, like every amount below */
	int64_t sales_other;
	int64_t gross_income;
	int64_t non_taxable_income;
	int64_t hitech_income;
	int64_t rd_personnel;
	int64_t rd_direct;
	int64_t rd_depreciation;
	int64_t rd_amortization;
	int64_t rd_design;
	int64_t rd_trials;
	int64_t rd_other;
	int64_t rd_entrusted_domestic;
	int64_t rd_entrusted_overseas;
	int64_t rd_total;    /* only when the categories are unknown */
	int64_t rd_domestic; /* likewise */
	int64_t total_assets;
	int64_t total_liabilities; /* may exceed total assets (negative net assets) */
	int64_t cost_expense_total;
	int64_t conversions; /* count of S&T achievements converted */
	int incident;	     /* 0/1: a serious incident or violation that year */
	int locked;	     /* 0/1, read-only here: see indicator_lock */
	const char *locked_by;
	char locked_at[21];
	char created_at[21];
	char updated_at[21];
};

/* Every value absent, incident 0, unlocked, YEAR set. */
void indicator_init(struct indicator *in, int64_t year);

/*
 * Validate IN without the database: year 1990–2100; staff and st_staff ≥ 0
 * and st_staff ≤ staff when both known; every amount ≥ 0 except
 * total_liabilities (≥ 0 too) — no amount may exceed MONEY_MAX_FEN;
 * rd_domestic ≤ rd_total; categories and totals not both given;
 * non_taxable_income ≤ gross_income; hitech_income ≤ gross_income;
 * conversions 0–100000. ERR_INVALID naming the field ("st_staff": "科技人员数
 * 不能大于职工总数").
 */
int indicator_validate(const struct indicator *in, struct err *e);

/*
 * Insert or replace the year IN->year of enterprise USCC with IN (locked and
 * timestamps ignored). *CHANGED (may be NULL): 0 unchanged (no write, no
 * audit), 1 created, 2 updated. Errors: ERR_NOT_FOUND, ERR_FORBIDDEN,
 * ERR_INVALID, ERR_CONFLICT when the year is locked.
 */
int indicator_upsert(struct ledger *l, const char *uscc, const struct indicator *in, int *changed,
		     struct err *e);

/*
 * 1 when the figures of IN equal those of the stored year OLD (the lock and
 * the timestamps aside): indicator_upsert would write nothing, and a caller
 * holding OLD (the import) need not call it. A locked year with equal
 * figures is unchanged, not an error.
 */
int indicator_unchanged(const struct indicator *old, const struct indicator *in);

/*
 * Copy into CUR every figure of IN that is given (not LEDGER_NONE): staff,
 * st_staff, the amounts and conversions. The year, incident, the lock and
 * the timestamps of CUR are left as they are. For the import, which lays a
 * row's figures over the stored year (an empty cell keeps the stored value).
 */
void indicator_overlay(struct indicator *cur, const struct indicator *in);

/*
 * For the import (ledger/intake), inside a group: insert the year IN->year of the enterprise
 * ENTERPRISE_ID (USCC, normalised, for the audit key) that the caller either
 * created with enterprise_import_create in the same group, or read in scope
 * (enterprise_get) and found without that year (indicator_get) — the caller
 * vouches for both; the scope must be one that edits records. Audited like a creation by
 * indicator_upsert, but the image lists only the figures given (absent ones are left out, not
 * null); no savepoint. ERR_INVALID (validation) leaves the group untouched; a failure after the
 * first write is returned as ERR_DB (roll the group back).
 */
int indicator_import_create(struct ledger *l, int64_t enterprise_id, const char *uscc,
			    const struct indicator *in, struct err *e);

/* Get one year. ERR_NOT_FOUND when the enterprise or the year is absent. */
int indicator_get(struct ledger *l, const char *uscc, int64_t year, struct arena *arena,
		  struct indicator *out, struct err *e);

/* Every year of USCC, oldest first (arena memory; *N may be 0). */
int indicator_list(struct ledger *l, const char *uscc, struct arena *arena,
		   struct indicator **items, size_t *n, struct err *e);

/* Delete one year (not when locked). ERR_NOT_FOUND, ERR_FORBIDDEN, ERR_CONFLICT. */
int indicator_delete(struct ledger *l, const char *uscc, int64_t year, struct err *e);

/*
 * Lock (LOCKED 1) or unlock (0) a year after verification: admin, city and
 * county in scope only (ERR_FORBIDDEN otherwise). Locking a locked year or
 * unlocking an unlocked one is a no-op returning 0 without audit.
 */
int indicator_set_locked(struct ledger *l, const char *uscc, int64_t year, int locked,
			 struct err *e);

/* Sales revenue sales_main + sales_other (an absent part counts 0; LEDGER_NONE if both absent). */
int64_t indicator_sales(const struct indicator *in);

struct ledger_seed;

/*
 * Write the year IN of ENTERPRISE_ID as a row of the open load S
 * (base/seed.h): no scope, validation or audit image; created_at/updated_at
 * are the load's start. Errors (the load is then rolled back whole):
 * ERR_CONFLICT (field "year") when the year exists, ERR_INVALID for an
 * unknown enterprise or another constraint, ERR_DB, ERR_INTERNAL when S is
 * not open.
 */
int indicator_seed(struct ledger_seed *s, int64_t enterprise_id, const struct indicator *in,
		   struct err *e);

#endif
