/*
 * progress — where each area and the city stand against the year's targets
 * (product.md C7 board, C12 scorecard), computed from the ledger as of a day.
 *
 * Achieved, per metric code (the counting rules; a metric added as data with
 * another code counts 0 until a rule is written here):
 *   hnte_new         applications in a batch of YEAR at stage recognised
 *                    whose stage changed on or before AS_OF (the outcome's day)
 *   hnte_stock       enterprises whose tier is hnte or leader (today's register)
 *   tsme_registered  TSME registrations of YEAR with status registered,
 *                    registered on or before AS_OF (or without a day)
 *   reserve_pool     enterprises whose tier is reserve
 *   key_pool         enterprises whose tier is key
 * Projected: for hnte_new, achieved + the key firms (tier key) whose stored
 * assessment's verdict is pass + half of those whose verdict is borderline,
 * rounded down (pass + borderline ÷ 2); for the other metrics, achieved.
 * The city's row sums the areas'; its target is the city total as set (the
 * sum of the areas' targets when the city total is unset).
 *
 * Completion, status, score and rank: scorecard.h. Ranks are over every area
 * with a target; a county or viewer gets only the rows of its areas (with
 * their rank among all) and the city's row. targets.read.
 */
#ifndef GAOQI_LEDGER_TARGETS_PROGRESS_H
#define GAOQI_LEDGER_TARGETS_PROGRESS_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "ledger/ledger.h"
#include "ledger/targets/target.h"

struct progress_cell {
	int64_t target;	       /* LEDGER_NONE when unset */
	int target_summed;     /* the city's target is the areas' sum, none being set */
	int64_t achieved;      /* the count */
	int64_t projected;     /* achieved + the expected rest (see above) */
	int64_t completion_bp; /* achieved ÷ target, LEDGER_NONE without a target */
	int64_t projected_bp;  /* projected ÷ target, LEDGER_NONE without a target */
	int status;	       /* enum progress_status */
};

struct progress_row {
	const char *area;	     /* NULL for the city */
	const char *area_name;	     /* "全市" for the city */
	struct progress_cell *cells; /* one per metric, in the metrics' order */
	int64_t score_bp;	     /* the weighted score (scorecard.h) */
	int rank;		     /* 1…, 0 for an area without any target and for the city */
	int status;		     /* the status of the score against the elapsed share */
	int64_t pass, borderline;    /* key firms with a pass / borderline stored verdict */
};

struct progress {
	int year;
	int32_t as_of;
	int64_t elapsed_bp;
	int64_t cap_bp;
	struct target_metric *metrics;
	size_t n_metrics;
	struct progress_row city;
	struct progress_row *rows; /* the visible areas, by code */
	size_t n;
	size_t n_ranked; /* areas ranked among all (visible or not) */
};

/*
 * The progress of YEAR as of AS_OF (LEDGER_NO_DATE: today, or 31 December
 * for a past year). ERR_INVALID (year), ERR_FORBIDDEN, ERR_DB.
 */
int progress_compute(struct ledger *l, int year, int32_t as_of, struct arena *arena,
		     struct progress *out, struct err *e);

/* Order the rows of P by rank (ranked first, ties and the unranked by area code). */
void progress_sort_by_rank(struct progress *p);

/* The index of metric CODE in P, or -1. */
int progress_metric_index(const struct progress *p, const char *code);

#endif
