/*
 * gaps — the gap diagnosis of rules.md §6 / product.md C4: for each failing
 * HNTE condition and for a score that is not certain to pass, the size of the
 * shortfall in the enterprise's own terms (元, people, items, points, dates),
 * candidate actions with lead times from the rule set, and the earliest
 * application year at which every hard condition can hold.
 * Pure, no allocation, thread-safe.
 */
#ifndef GAOQI_RULES_GAPS_H
#define GAOQI_RULES_GAPS_H

#include <stddef.h>
#include <stdint.h>

#include "rules/hnte.h"
#include "rules/profile.h"
#include "rules/ruleset.h"

enum gaps_id {
	GAPS_C1, /* amount: days still missing; date: the day 365 days are reached */
	GAPS_C2, /* amount: usable items needed (1); date: a pending grant, if any */
	GAPS_C3, /* the field is unknown or not in the table */
	GAPS_C4, /* amount: S&T staff to hire; alt: existing staff to reclassify */
	GAPS_C5, /* amount: R&D (fen) for the coming fiscal year; alt: shortfall now, −1: no sales
		  */
	GAPS_C5_DOMESTIC, /* amount: more domestic R&D (fen) */
	GAPS_C6,	  /* amount: more high-tech income (fen); alt: less other income */
	GAPS_C8,	  /* date: the first day the incident is out of the window */
	GAPS_SCORE,	  /* amount: points to 71 for the minimum; alt: for the maximum */
	GAPS_REVOKED,	  /* revoked this year: no application before next year; date: 1 January */
	GAPS_TSME_DATA_YEAR, /* TSME: registered after the data year; date: 1 January of the
			      * first year it can register (not an HNTE condition: outside the
			      * earliest year) */
	GAPS_COUNT
};

enum gaps_unit {
	GAPS_UNIT_NONE,
	GAPS_UNIT_DAYS,
	GAPS_UNIT_ITEMS,
	GAPS_UNIT_PEOPLE,
	GAPS_UNIT_FEN,
	GAPS_UNIT_POINTS
};

#define GAPS_MAX_ACTIONS 10
#define GAPS_MAX_NAMED 8

struct gaps_action {
	enum ruleset_action action;
	int points;	  /* score points the action can add (score gap), else 0 */
	int64_t quantity; /* items / conversions / people needed for this action, or 0 */
	int32_t ready_on; /* the day its effect can count */
};

struct gaps_item {
	enum gaps_id id;
	enum gaps_unit unit;
	int64_t amount;	 /* in UNIT (fen, whole people, items, points, days) */
	int64_t alt;	 /* the alternative size (see enum gaps_id), or −1 */
	int32_t date;	 /* PROFILE_NO_DATE when not applicable */
	int ready_year;	 /* the earliest application year this gap allows, 0 = unknown */
	int64_t basis;	 /* C5: projected sales (fen); C5_DOMESTIC/C4/C6: unused */
	int required_bp; /* C5: the threshold used for the coming window */
	size_t n_actions;
	struct gaps_action actions[GAPS_MAX_ACTIONS]; /* ranked: best first */
	size_t n_named;
	size_t named[GAPS_MAX_NAMED]; /* C2/score: indices into profile.ip of class II already used
				       */
};

struct gaps_result {
	size_t n;
	struct gaps_item items[GAPS_COUNT];
	int earliest_year; /* 0 when no year can be given: a gap cannot be closed by the
			    * actions known, or a hard condition lacks data */
};

/*
 * Diagnose the gaps of P given its HNTE assessment H under RS. Fills OUT
 * completely; gaps are in condition order.
 */
void gaps_diagnose(const struct ruleset *rs, const struct profile *p, const struct hnte_result *h,
		   struct gaps_result *out);

/* The wire id of a gap ("C1", …, "C5_domestic", "score", "revoked", "tsme_data_year"). */
const char *gaps_id_name(enum gaps_id id);
/* The day N months after DAY (the 31st becomes the month's last day). */
int32_t gaps_add_months(int32_t day, int n);

#endif
