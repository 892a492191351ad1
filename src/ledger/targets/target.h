/*
 * target — the year's targets (product.md C7): the metrics a target counts
 * (as data, table target_metrics, with their scorecard weights), the city's
 * total and its decomposition to the areas per year × metric, and the
 * scorecard's cap of the year.
 *
 * Scope: admin and city set targets, weights and the cap (targets.manage);
 * admin, city, county and viewer read (targets.read): a county or a viewer
 * the city's totals and the rows of its own areas. Writes audited
 * (tables targets, target_metrics, target_scoring), each call one
 * transaction: a bad row refuses the whole call.
 */
#ifndef GAOQI_LEDGER_TARGETS_TARGET_H
#define GAOQI_LEDGER_TARGETS_TARGET_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "ledger/ledger.h"

#define TARGET_VALUE_MAX 1000000
#define TARGET_WEIGHT_MAX 1000
#define TARGET_CAP_MIN 10000 /* basis points: completion counted up to 100 % */
#define TARGET_CAP_MAX 30000

struct target_metric {
	const char *code; /* "hnte_new", … */
	const char *name; /* Chinese */
	int stock;	  /* 1: a count at the day (stock), 0: within the year (flow) */
	int64_t weight;	  /* the scorecard weight, 0…TARGET_WEIGHT_MAX */
};

/* The metrics in their display order (targets.read). ERR_FORBIDDEN, ERR_DB. */
int target_metrics(struct ledger *l, struct arena *arena, struct target_metric **items, size_t *n,
		   struct err *e);

struct target {
	const char *area;   /* an area code, NULL for the city's total */
	const char *metric; /* a metric code */
	int64_t value;	    /* 0…TARGET_VALUE_MAX; LEDGER_NONE in a write: remove the target */
};

/*
 * The targets of YEAR visible to L (the city's totals first, then by area),
 * ordered by area code and metric position. ERR_INVALID (year), ERR_FORBIDDEN.
 */
int target_list(struct ledger *l, int year, struct arena *arena, struct target **items, size_t *n,
		struct err *e);

/*
 * Set (insert or change; LEDGER_NONE removes) the N targets ITEMS of YEAR in
 * one transaction (targets.manage). ERR_INVALID naming the row ("第3行：区域
 * 不存在：x", field "items"): unknown area or metric, a value out of range;
 * nothing is changed then. Audited (table targets, key
 * "YEAR/AREA|city/METRIC").
 */
int target_set(struct ledger *l, int year, const struct target *items, size_t n, struct err *e);

/* What an import of targets changed (or, in a dry run, would change). */
struct target_import_report {
	int dry_run;
	size_t cells;	  /* the targets in the file */
	size_t created;	  /* set where there was none */
	size_t changed;	  /* another value */
	size_t removed;	  /* an empty cell where there was one */
	size_t unchanged; /* the same (also empty where there was none) */
};

/*
 * Import the N targets ITEMS of YEAR (read from a sheet: io/targets_import.h)
 * as target_set does — all or nothing, audited, targets.manage — and count
 * into *REP what changes; with DRY_RUN only count (nothing is written).
 */
int target_import(struct ledger *l, int year, const struct target *items, size_t n, int dry_run,
		  struct target_import_report *rep, struct err *e);

/* A metric's scorecard weight (targets.manage; ERR_NOT_FOUND for an unknown code). */
int target_weight_set(struct ledger *l, const char *metric, int64_t weight, struct err *e);

/* The scorecard cap of YEAR in basis points (TARGET_CAP_MIN when none is set). */
int target_cap_get(struct ledger *l, int year, int64_t *cap_bp, struct err *e);
/* Set it (targets.manage; ERR_INVALID outside TARGET_CAP_MIN…TARGET_CAP_MAX). Audited. */
int target_cap_set(struct ledger *l, int year, int64_t cap_bp, struct err *e);

/*
 * Whether area CODE is visible to L for targets: 1 for admin and city, for a
 * county or viewer 1 when it is one of its areas; 0 otherwise (also for
 * NULL). Errors: negative ERR_DB.
 */
int target_area_visible(struct ledger *l, const char *code, struct err *e);

#endif
