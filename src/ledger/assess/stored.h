/*
 * stored — each enterprise's current assessment, kept in the table
 * `assessments` (migrations/sqlite/0007) so that the ledger's verdict
 * filter, the dashboard's verdict counts and the reminders read it instead
 * of assessing the whole scope on every request (product.md C6).
 *
 * What a row holds: the application date and rule set assessed, the HNTE
 * verdict and score range, the status of C1…C8, the TSME verdict, the
 * earliest application year of the gap diagnosis, and the risk flag: a
 * recognised HNTE (a certificate valid on the application date) whose
 * latest data would fail (risk in a spot check).
 *
 * When it is written:
 *   - in the same transaction as every ledger write that changes an
 *     assessment's inputs (enterprise fields, indicator years, IP items,
 *     qualitative ratings, loads and imports): the writers mark the
 *     enterprise (ledger_assess_mark, internal.h) and ledger_commit
 *     refreshes the marked rows just before it commits;
 *   - for every enterprise by stored_refresh: the daily run of `gaoqi serve`
 *     and `gaoqi reassess`, so that a new application year (a new day's
 *     date) or a new rule set reaches every row.
 * Every row is assessed for an application on the day it was written
 * (date_today), the default of `gaoqi assess --db DB --all`.
 *
 * Each row also copies the enterprise's tier and area (a trigger keeps them
 * equal), so that the counts of the city or of a county's areas read one
 * index and join nothing.
 * Derived data: not audited (stored_refresh records one audit row per run).
 * Threads: like its ledger, one thread at a time.
 */
#ifndef GAOQI_LEDGER_ASSESS_STORED_H
#define GAOQI_LEDGER_ASSESS_STORED_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "ledger/ledger.h"
#include "rules/hnte.h"

struct stored_assessment {
	int64_t enterprise_id;
	int32_t apply_on; /* the application date assessed */
	char rules[32];	  /* the rule set's name */
	int verdict;	  /* enum hnte_verdict */
	int score_min, score_max;
	char conditions[HNTE_NCOND + 1]; /* C1…C8: 'p' pass, 'f' fail, 'u' unknown */
	int tsme_verdict;		 /* enum tsme_verdict */
	int earliest_year;		 /* 0 when the diagnosis gives none */
	int risk;			 /* 1: a recognised HNTE that would fail */
	char computed_at[21];		 /* UTC */
};

/*
 * The stored assessment of enterprise ENTERPRISE_ID into *OUT. ERR_NOT_FOUND
 * when the enterprise is outside L's scope or has no stored row yet; ERR_DB.
 */
int stored_get(struct ledger *l, int64_t enterprise_id, struct stored_assessment *out,
	       struct err *e);

#define STORED_MANY_CHUNK 64 /* enterprises per query of stored_get_many */

/*
 * The stored assessments of the N enterprises IDS at once (one query per
 * STORED_MANY_CHUNK of them; a list page asks once instead of N times):
 * OUT[i] for IDS[i] and FOUND[i] = 1 when it has a stored row inside L's
 * scope, else FOUND[i] = 0 and OUT[i] zeroed. An id may repeat. ERR_DB.
 */
int stored_get_many(struct ledger *l, const int64_t *ids, size_t n, struct stored_assessment *out,
		    unsigned char *found, struct err *e);

/*
 * Rows whose application date is not TODAY or whose rule set is not the one
 * of TODAY's year, plus enterprises without a row, in *STALE (the whole
 * database, whatever L's scope). ERR_DB.
 */
int stored_stale(struct ledger *l, int32_t today, int64_t *stale, struct err *e);

#define STORED_CHUNK 4000 /* enterprises per transaction of stored_refresh */

/*
 * Assess every enterprise of the database for an application on TODAY and
 * store the results, STORED_CHUNK enterprises per transaction (each chunk
 * reads and writes inside one BEGIN IMMEDIATE, so the server's writers wait
 * at most one chunk), unless FORCE is 0 and nothing is stale
 * (stored_stale). *COUNT (may be NULL) gets the number assessed. Must be
 * called outside any transaction. Admin scope only (the system, the daily
 * run): ERR_FORBIDDEN otherwise. One audit row ("reassess") per run that
 * assessed anything. Errors: ERR_DB, ERR_INTERNAL.
 */
int stored_refresh(struct ledger *l, int32_t today, int force, size_t *count, struct err *e);

/* The HNTE verdict counts of L's scope read from the stored rows. */
struct stored_counts {
	int32_t apply_on;	    /* the latest application date stored (0: none) */
	int64_t enterprises;	    /* enterprises in scope with a stored row */
	int64_t all[4];		    /* by enum hnte_verdict */
	int64_t reserve[4], key[4]; /* of the reserve and key pools */
	int64_t risk;		    /* recognised HNTEs at risk */
};

/* Count the stored verdicts of L's scope into *OUT. ERR_DB. */
int stored_count(struct ledger *l, struct stored_counts *out, struct err *e);

/* Wire name of a condition letter: 'p' → "pass", 'f' → "fail", else "unknown". */
const char *stored_condition_name(char c);

#endif
