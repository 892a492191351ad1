/*
 * tsme — the technology-based SME evaluation of rules.md §4: base
 * conditions, the three scores, the direct routes and the verdict.
 * Pure, no allocation, thread-safe.
 */
#ifndef GAOQI_RULES_TSME_H
#define GAOQI_RULES_TSME_H

#include <stddef.h>
#include <stdint.h>

#include "rules/profile.h"
#include "rules/ruleset.h"

enum tsme_verdict { TSME_VERDICT_PASS, TSME_VERDICT_FAIL, TSME_VERDICT_INCOMPLETE };

/* Base conditions, in output order. */
enum tsme_base {
	TSME_B_RESIDENT,
	TSME_B_AUDIT_COLLECTION, /* 2022 rules only */
	TSME_B_RESTRICTED_INDUSTRY,
	TSME_B_NEGATIVE_LIST, /* 2022 rules only */
	TSME_B_INTEGRITY,
	TSME_B_NO_INCIDENT, /* no major incident in the data year or the application year */
	TSME_B_STAFF,
	TSME_B_SALES,
	TSME_B_ASSETS,
	TSME_B_COUNT
};

/* Direct routes (bit positions in tsme_result.routes). */
enum tsme_route {
	TSME_R_HNTE_CERTIFICATE,
	TSME_R_NATIONAL_AWARD,
	TSME_R_PROVINCIAL_RD_INSTITUTION,
	TSME_R_LED_STANDARD,
	TSME_R_COUNT
};

#define TSME_MAX_MISSING 8
#define TSME_OK 1
#define TSME_NO 0
#define TSME_UNKNOWN (-1)
#define TSME_NA (-2) /* the condition does not exist in this rule set */

struct tsme_result {
	enum tsme_verdict verdict;
	int32_t data_year;
	int base[TSME_B_COUNT]; /* TSME_OK, TSME_NO, TSME_UNKNOWN or TSME_NA */
	unsigned assumed;	/* bit per enum tsme_base / (8 + enum tsme_route): flags taken as
				   favourable */
	int st_staff_pts, rd_pts, ip_pts; /* −1 when unknown */
	int rd_by_cost;			  /* 1 when the cost ratio gave the R&D points */
	int score;			  /* valid when all three are known */
	int score_known;
	int score_min, score_max; /* the range the score can still take (= score when known) */
	unsigned routes;	  /* bit per enum tsme_route */
	int direct;		  /* routes != 0 */
	/*
	 * The first year the firm can register when it has no data year (the
	 * data year is before the year of registration: rules.md §1 decision,
	 * the verdict is fail), else 0.
	 */
	int32_t no_data_until;
	size_t n_missing;
	struct profile_missing missing[TSME_MAX_MISSING];
};

/* Evaluate P under RS. HNTE_CERT_VALID: P holds a valid HNTE certificate on apply_on. */
void tsme_assess(const struct ruleset *rs, const struct profile *p, int hnte_cert_valid,
		 struct tsme_result *out);

/*
 * The first year a firm registered on P->registered_on can be evaluated
 * when it has no data year on P->apply_on (the year before apply_on's is
 * before the year of registration), else 0: such a firm fails (rules.md §1).
 */
int32_t tsme_no_data_until(const struct profile *p);

/* Wire names: "pass"/"fail"/"incomplete"; base condition and route ids. */
const char *tsme_verdict_name(enum tsme_verdict v);
const char *tsme_base_name(enum tsme_base b);
const char *tsme_route_name(enum tsme_route r);

#endif
