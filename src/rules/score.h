/*
 * score — the HNTE innovation score of rules.md §3 as integer ranges.
 *
 * Every part is a range [min, max]: the deterministic parts (IP quantity and
 * acquisition, conversions, growth) from the data, the qualitative ones from
 * the ratings given (absent = the whole range). Growth rates are exact
 * rationals compared by cross multiplication. Pure, no allocation,
 * thread-safe.
 */
#ifndef GAOQI_RULES_SCORE_H
#define GAOQI_RULES_SCORE_H

#include <stddef.h>
#include <stdint.h>

#include "rules/profile.h"
#include "rules/ruleset.h"

#define SCORE_MAX_MISSING 16

struct score_range {
	int min, max;
};

/* One growth indicator (net assets or sales). */
struct score_growth {
	int known;	   /* 0 when data was missing (then pts = [0, 10]) */
	int has_rate;	   /* 1 when a rate was computed (else band F by rule) */
	__int128 num, den; /* the rate g = num/den, den > 0 */
	char band;	   /* 'A'..'F', or '?' when unknown */
	struct score_range pts;
};

/* Counts of IP items usable on the application date (rules.md §2 C2). */
struct score_ip_counts {
	int usable_class1, usable_class2; /* class II not yet used in a recognition */
	int used_class2;		  /* valid class II already used: not usable */
	int not_yet_granted;		  /* granted after apply_on */
	int invalid;			  /* lapsed */
	int usable_self;		  /* usable items acquired by own R&D */
};

struct score_result {
	struct score_range advancement, core_support, quantity, acquisition, standards;
	struct score_range ip; /* the five above, capped at 30 */
	char quantity_band;    /* 'A'..'E' or '?' */
	struct score_range conversion;
	char conversion_band; /* 'A'..'F' or '?' */
	int64_t conversions;  /* Σ over the fiscal years (valid when band != '?') */
	struct score_range rd_org;
	struct score_growth net_assets, sales;
	struct score_range growth;
	int min, max;
	struct score_ip_counts ipc;
	size_t n_missing;
	struct profile_missing missing[SCORE_MAX_MISSING];
};

/*
 * Count P's IP items as of P->apply_on: usable = valid, granted on or before
 * apply_on (or no date), and class I or class II not used in an earlier
 * recognition.
 */
void score_count_ip(const struct profile *p, struct score_ip_counts *out);

/*
 * The growth rate of V[0..N-1] (oldest first, N ≤ 3, negatives taken as 0)
 * with its band and points under RS (rules.md §3). N < 2 gives band F.
 */
void score_growth(const struct ruleset *rs, const int64_t *v, int n, struct score_growth *out);

/* The range of the R&D management part (0–20) for the ratings Q. */
struct score_range score_rd_org_range(const struct profile_qualitative *q);
/* The maximum points of R&D management item I (0–3: 6, 6, 4, 4); 0 out of range. */
int score_rd_org_item_max(int i);

/*
 * The innovation score of P for the fiscal years FY[0..NFY-1] (oldest
 * first). Fills OUT completely; missing data is listed in OUT->missing.
 */
void score_compute(const struct ruleset *rs, const struct profile *p, const int32_t *fy, int nfy,
		   struct score_result *out);

#endif
