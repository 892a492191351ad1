/*
 * snapshot — weekly snapshots of the targets' progress (product.md C7
 * board: the trend line of each county). A snapshot of day D stores, for
 * the year of D, the progress as of D (progress.h: target, achieved,
 * projected) of every area and of the city, per metric, under D's ISO week
 * (its Monday). At most one per year × week × area × metric: taking a week
 * again replaces it. Taken by the daily run of `gaoqi serve` (once a week:
 * when the week has none yet) and by `gaoqi progress --snapshot` (always).
 * Derived data, recomputable from the ledger: not audited.
 *
 * Caveat: the stock metrics (hnte_stock, reserve_pool, key_pool) count
 * today's register (progress.h), so a snapshot taken of a past day
 * (backfill) carries today's stocks; the flows (hnte_new,
 * tsme_registered) are as of the day.
 *
 * Scope: taking is the system's or an admin's (ERR_FORBIDDEN else);
 * reading is targets.read — a county or a viewer gets the city's series
 * and its own areas'.
 */
#ifndef GAOQI_LEDGER_TARGETS_SNAPSHOT_H
#define GAOQI_LEDGER_TARGETS_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "ledger/ledger.h"

/* The Monday of the ISO week of DAY (days since 1970-01-01). */
int32_t snapshot_week(int32_t day);

/*
 * Take the snapshot of DAY (LEDGER_NO_DATE: today) into its week, in one
 * transaction. FORCE 0: only when the week has none yet (*TAKEN 0
 * otherwise); 1: replace it. *TAKEN (may be NULL): the rows written.
 * ERR_FORBIDDEN, ERR_DB.
 */
int snapshot_take(struct ledger *l, int32_t day, int force, size_t *taken, struct err *e);

struct snapshot_point {
	int32_t week;	  /* the Monday */
	int32_t taken_on; /* the day the progress is as of */
	const char *area; /* NULL: the city */
	const char *metric;
	int64_t target;	       /* LEDGER_NONE when unset */
	int64_t achieved;      /* the count */
	int64_t projected;     /* achieved + the expected rest */
	int64_t completion_bp; /* achieved ÷ target in basis points, LEDGER_NONE without a target */
};

/*
 * The snapshots of YEAR visible to L (METRIC only when not NULL), by week,
 * the city first, then by area code and metric. ERR_INVALID (year),
 * ERR_FORBIDDEN, ERR_DB.
 */
int snapshot_series(struct ledger *l, int year, const char *metric, struct arena *arena,
		    struct snapshot_point **items, size_t *n, struct err *e);

#endif
