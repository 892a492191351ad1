/*
 * screening — the bulk loader of batch screening (product.md C3 全面排查)
 * and of the verdicts shown in the ledger list (C1): build the rules-engine
 * profiles of many enterprises for one application date with four queries
 * (enterprises, indicators, IP items, qualitative ratings, each ordered by
 * enterprise id and merged), never one query per enterprise. screening_run
 * takes every enterprise of the caller's scope (optionally one area);
 * screening_ids a given set of enterprise ids (a page of the list), four
 * queries per SCREENING_CHUNK ids.
 *
 * The profiles hold what the engine uses, built as ledger/assessment.h
 * builds the one-enterprise profile, so that both paths assess alike:
 * registration date, field, the indicator years of the three calendar years
 * before the application year (the fiscal years of rules.md §1; older years
 * are left out: the engine reads none of them), every IP item
 * (ip_given = 1), the latest qualitative ratings of a year ≤ the
 * application year (as assessment_profile reads them), the HNTE
 * certificate, and one incident per indicator year flagged (major_safety on
 * 31 December). R&D categories of a year with some categories given count
 * an absent one as 0. TSME flags are absent (favourable, listed as assumed).
 *
 * A run reads one consistent snapshot (a read transaction opened here when
 * none is open). Threads: like its ledger, one thread at a time.
 */
#ifndef GAOQI_LEDGER_SCREENING_H
#define GAOQI_LEDGER_SCREENING_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "ledger/ledger.h"
#include "rules/profile.h"

struct screening_opts {
	int32_t apply_on; /* the application date of every profile */
	const char *area; /* an area code, or NULL/"" for every area in scope */
	int64_t id_from;  /* only enterprise ids ≥ this (0 = no lower bound) */
	int64_t id_to;	  /* only enterprise ids ≤ this (0 = no upper bound) */
};

/*
 * Called once per enterprise, in id order, with its id, area code and
 * profile (borrowed: valid during the call only; the same profile is reused).
 * Return 0 to go on; a non-zero value stops the run and is returned by
 * screening_run (fill E when it is an error).
 */
typedef int (*screening_fn)(void *ctx, int64_t enterprise_id, const char *area,
			    const struct profile *p, struct err *e);

/*
 * Screen every enterprise of L's scope per OPTS, calling FN(CTX, …) for each.
 * *COUNT (may be NULL) gets the number of profiles handed over. Errors:
 * ERR_DB (E filled), or FN's return value.
 */
int screening_run(struct ledger *l, const struct screening_opts *opts, screening_fn fn, void *ctx,
		  size_t *count, struct err *e);

#define SCREENING_CHUNK 64 /* ids per query of screening_ids */

/*
 * Screen the enterprises IDS[0..N-1] (borrowed; any order, duplicates
 * allowed) for an application on APPLY_ON, calling FN(CTX, …) once for each
 * one that exists and is in L's scope, in ascending id order; ids absent or
 * outside the scope are skipped silently. FN is called as by screening_run.
 * *COUNT (may be NULL) gets the number of profiles handed over. Cost: four
 * queries per SCREENING_CHUNK distinct ids. Errors: ERR_DB (E filled), or
 * FN's return value.
 */
int screening_ids(struct ledger *l, int32_t apply_on, const int64_t *ids, size_t n, screening_fn fn,
		  void *ctx, size_t *count, struct err *e);

#endif
