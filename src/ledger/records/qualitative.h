/*
 * qualitative — the non-deterministic parts of the innovation score
 * (rules.md §3) per enterprise and year: the expert's ratings of IP
 * advancement and core support, the four R&D-management items (self-check or
 * expert), and standards participation. Audited as table "qualitative", row
 * key "USCC/YEAR". Who may write: admin, city, county (in scope), the
 * assigned expert and the enterprise itself — the enterprise its self-check
 * only: the expert's ratings (advancement, core_support) it leaves absent
 * are kept as stored, and a different value is ERR_FORBIDDEN. Likewise the
 * expert saving only its ratings keeps the enterprise's self-check: the
 * R&D-management band and items (kept together, when the expert sends
 * neither) and standards it leaves absent keep their stored values. For a
 * year without ratings of its own, "stored" is what the assessment carries
 * over: the latest earlier year's ratings (an enterprise entering this
 * year's self-check keeps last year's expert ratings in force). A year
 * locked in the indicators (indicator_set_locked) refuses every write, by
 * any role, with ERR_CONFLICT on "year", as a locked indicator year.
 */
#ifndef GAOQI_LEDGER_QUALITATIVE_H
#define GAOQI_LEDGER_QUALITATIVE_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "ledger/ledger.h"

/*
 * A rating is absent, a band letter A–E, or exact points: band is 'A'..'E'
 * or 0; points LEDGER_NONE or 0..max. At most one of the two is set.
 */
struct rating {
	char band;
	int64_t points;
};

struct qualitative {
	int64_t year;
	struct rating advancement;  /* max 8 points */
	struct rating core_support; /* max 8 points */
	char rd_org_band;	    /* a letter for the 20 R&D-management points, or 0 */
	int64_t rd_org[4];	    /* points of the four items (max 6, 6, 4, 4), or LEDGER_NONE */
	int standards;		    /* -1 unknown, 0 no, 1 yes */
	const char *rated_by;	    /* user name of the last writer (output only) */
	char created_at[21];
	char updated_at[21];
};

/* Everything absent, YEAR set. */
void qualitative_init(struct qualitative *q, int64_t year);

/* Bands A–E, points within their maxima, not both band and points, band and items not both. */
int qualitative_validate(const struct qualitative *q, struct err *e);

/*
 * Insert or replace the ratings of Q->year for USCC, keeping the stored
 * fields an enterprise or expert leaves absent (see above). *CHANGED as
 * indicator_upsert. Errors: ERR_INVALID (qualitative_validate), ERR_NOT_FOUND
 * out of scope, ERR_FORBIDDEN for a viewer or an enterprise touching the
 * expert's ratings, ERR_CONFLICT when the year is locked.
 */
int qualitative_upsert(struct ledger *l, const char *uscc, const struct qualitative *q,
		       int *changed, struct err *e);

/* Get the ratings of YEAR. ERR_NOT_FOUND when none are recorded. */
int qualitative_get(struct ledger *l, const char *uscc, int64_t year, struct arena *arena,
		    struct qualitative *out, struct err *e);

/*
 * The latest ratings of USCC for a year ≤ YEAR (ratings carry over until
 * re-rated). ERR_NOT_FOUND when none.
 */
int qualitative_latest(struct ledger *l, const char *uscc, int64_t year, struct arena *arena,
		       struct qualitative *out, struct err *e);

struct ledger_seed;

/*
 * Write the ratings Q of ENTERPRISE_ID as a row of the open load S
 * (base/seed.h), rated by the load's user: no scope, validation or audit
 * image; created_at/updated_at are the load's start. Errors (the load is
 * then rolled back whole): ERR_CONFLICT (field "year") when the year is
 * rated already, ERR_INVALID for an unknown enterprise or another
 * constraint, ERR_DB, ERR_INTERNAL when S is not open.
 */
int qualitative_seed(struct ledger_seed *s, int64_t enterprise_id, const struct qualitative *q,
		     struct err *e);

#endif
