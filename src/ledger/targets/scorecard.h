/*
 * scorecard — the integer arithmetic of target progress and the county
 * scorecard (product.md C7, C12). Percentages are basis points (1 % = 100
 * bp); every division rounds down; no floating point.
 *
 *   elapsed share  = days of YEAR up to and including AS_OF × 10000 ÷ days
 *                    of the year (0 before 1 January, 10000 after 31 December)
 *   completion     = achieved × 10000 ÷ target (none when the target is unset
 *                    or 0)
 *   status         = ahead    when completion ≥ elapsed share + 1000 (10 points),
 *                    behind   when completion < elapsed share − 1000,
 *                    on track otherwise; a stock metric (a count at the day:
 *                    HNTE stock, pools) compares with 10000 − 1000 instead
 *                    of a share of the year (it should stand at its target
 *                    all year long)
 *   score (bp)     = Σ weight × min(completion, cap) ÷ Σ weight over the
 *                    metrics of the area that have a target (cap 10000 caps
 *                    at 100 %, a larger cap lets a bonus count); 0 without any
 *   rank           = 1 + the number of areas with a strictly higher score
 *                    (equal scores share a rank: 1, 1, 3)
 */
#ifndef GAOQI_LEDGER_TARGETS_SCORECARD_H
#define GAOQI_LEDGER_TARGETS_SCORECARD_H

#include <stddef.h>
#include <stdint.h>

#include "ledger/ledger.h"

#define SCORE_FULL 10000  /* 100 % in basis points */
#define SCORE_MARGIN 1000 /* ±10 points around the elapsed share is "on track" */

enum progress_status { STATUS_NONE, STATUS_BEHIND, STATUS_ON_TRACK, STATUS_AHEAD };

/* The elapsed share of YEAR at the day AS_OF, in basis points. */
int64_t scorecard_elapsed_bp(int year, int32_t as_of);

/* achieved × 10000 ÷ target, LEDGER_NONE when TARGET is LEDGER_NONE or ≤ 0. */
int64_t scorecard_completion_bp(int64_t achieved, int64_t target);

/* The status of COMPLETION (LEDGER_NONE: STATUS_NONE) against ELAPSED (see above). */
int scorecard_status(int64_t completion_bp, int64_t elapsed_bp, int stock);

/* "ahead", "on_track", "behind", "none" and 超前 / 正常 / 滞后 / 未设目标 (static). */
const char *scorecard_status_name(int status);
const char *scorecard_status_label(int status);

/*
 * The weighted score of N metrics: COMPLETION[i] (LEDGER_NONE: no target,
 * left out) capped at CAP_BP, weighted by WEIGHT[i]. 0 when no metric counts.
 */
int64_t scorecard_score(const int64_t *completion_bp, const int64_t *weight, size_t n,
			int64_t cap_bp);

/* RANK[i] for the N scores SCORE (higher first; ties share the smaller rank). */
void scorecard_rank(const int64_t *score, size_t n, int *rank);

#endif
