/*
 * screening — the bulk loader of batch screening (product.md C3 全面排查):
 * build the rules-engine profile of every enterprise in the caller's scope
 * (optionally one area) for one application date, with four streaming
 * queries (enterprises, indicators, IP items, qualitative ratings, each
 * ordered by enterprise id and merged), never one query per enterprise.
 *
 * The profiles hold what the engine uses: registration date, field, the
 * indicator years of the three calendar years before the application year,
 * every IP item (ip_given = 1), the latest qualitative ratings of a year
 * before the application year, the HNTE certificate, and one incident per
 * indicator year flagged (as ledger/assessment.h: major_safety on 31
 * December). TSME flags are absent (favourable, listed as assumed).
 *
 * The whole run reads one consistent snapshot (a read transaction opened
 * here when none is open). Threads: like its ledger, one thread at a time.
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

#endif
