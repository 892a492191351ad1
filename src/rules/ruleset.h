/*
 * ruleset — the numbers of the rules, versioned by the year they apply from.
 *
 * Every threshold, band, lead time and effort weight the engine uses is a
 * member of struct ruleset; the code holds none. The built-in rule sets are
 * constant tables (read-only, shared by all threads). To change a setting
 * (e.g. the growth_d_strict flag of rules.md §3) copy a rule set into a local
 * struct and edit the copy. Percentages are basis points (500 = 5.00%).
 */
#ifndef GAOQI_RULES_RULESET_H
#define GAOQI_RULES_RULESET_H

#include <stdint.h>

#include "rules/profile.h"

/* Candidate actions of the gap diagnosis (rules.md §6). */
enum ruleset_action {
	RULESET_ACT_INVENTION_PATENT,	  /* apply for a class I patent */
	RULESET_ACT_SOFTWARE_COPYRIGHT,	  /* register a software copyright */
	RULESET_ACT_UTILITY_MODEL,	  /* apply for a utility model */
	RULESET_ACT_CONVERSION,		  /* one more conversion of an achievement per year */
	RULESET_ACT_RD_SYSTEM,		  /* R&D management system and R&D account */
	RULESET_ACT_RD_INSTITUTION,	  /* internal R&D institution, cooperation */
	RULESET_ACT_CONVERSION_INCENTIVE, /* conversion and incentive schemes */
	RULESET_ACT_TALENT_SCHEME,	  /* training and talent evaluation schemes */
	RULESET_ACT_STANDARDS,		  /* take part in drafting a standard */
	RULESET_ACT_HIRE_ST_STAFF,	  /* hire S&T staff */
	RULESET_ACT_RECLASSIFY_STAFF,	  /* count staff who already do R&D work */
	RULESET_ACT_RD_SPEND,		  /* raise R&D expense in the coming year */
	RULESET_ACT_DOMESTIC_RD,	  /* move R&D to China */
	RULESET_ACT_HITECH_INCOME,	  /* raise high-tech income */
	RULESET_ACT_CHOOSE_FIELD,	  /* identify the technology field */
	RULESET_ACT_WAIT,		  /* wait for a date */
	RULESET_ACT_COUNT
};

struct ruleset_action_info {
	const char *id;	   /* stable wire name, e.g. "software_copyright" */
	const char *label; /* Chinese, for people */
	int lead_months;   /* calendar months until the effect counts */
	int effort_months; /* months of work (the cost used for ranking) */
};

/*
 * Plan data of one IP kind (rules.md §6a): the gap action that obtains it
 * (its lead and effort months then apply), or RULESET_ACT_COUNT when no gap
 * action does and the months given here apply. Only kinds with an action
 * are chosen by plan generation; every kind has a lead time so that the due
 * date of a plan's IP task of any kind is defined.
 */
struct ruleset_ip_info {
	enum ruleset_action action;
	int lead_months;   /* filing to grant, when action is RULESET_ACT_COUNT */
	int effort_months; /* months of work per item, likewise */
};

struct ruleset {
	const char *name; /* e.g. "hnte-2016+tsme-2022" */
	int from_year;	  /* first application year it applies to */

	/* HNTE (rules.md §2) */
	int c1_min_days;		  /* 365 */
	int c4_st_bp;			  /* 1000 */
	int64_t c5_sales_limit[2];	  /* fen: 50,000,000.00 and 200,000,000.00 元 */
	int c5_bp[3];			  /* 500, 400, 300 */
	int c5_domestic_bp;		  /* 6000 */
	int c6_bp;			  /* 6000 */
	int entrusted_pct;		  /* 80: entrusted R&D counts at this percentage */
	int other_cap_bp;		  /* 2000: other ≤ 20% of the R&D total */
	int other_cap_includes_entrusted; /* 1: A includes the counted entrusted amounts */
	int score_pass_above;		  /* 70: the score must be > this */
	int c8_window_days;		  /* 365 */
	int growth_bp[4];		  /* A, B, C, D thresholds: 3500, 2500, 1500, 500 */
	int growth_d_strict;		  /* 1: D needs > growth_bp[3] (financial expert form) */
	int conversion_divisor;		  /* 3 */
	int cert_years;			  /* 3 */

	/* TSME (rules.md §4) */
	int tsme_2022;		   /* 1: audit collection and negative-list conditions */
	int64_t tsme_max_staff;	   /* hundredths: 500 people */
	int64_t tsme_max_sales;	   /* fen */
	int64_t tsme_max_assets;   /* fen */
	int tsme_staff_bp[5];	   /* 3000, 2500, 2000, 1500, 1000 */
	int tsme_staff_pts[5];	   /* 20, 16, 12, 8, 4 */
	int tsme_rd_sales_bp[5];   /* 600, 500, 400, 300, 200 */
	int tsme_rd_cost_bp[5];	   /* 3000, 2500, 2000, 1500, 1000 */
	int tsme_rd_pts[5];	   /* 50, 40, 30, 20, 10 */
	int tsme_ip_class1_pts;	   /* 30 */
	int tsme_ip_class2_pts[5]; /* by count 0, 1, 2, 3, ≥ 4: 0, 6, 12, 18, 24 */
	int tsme_pass;		   /* 60 */

	/* Gap diagnosis data (rules.md §6) */
	struct ruleset_action_info actions[RULESET_ACT_COUNT];
	/* Plan data (rules.md §6a) */
	struct ruleset_ip_info ip[PROFILE_IP_KIND_COUNT];
	/* the action that brings R&D management item 1–4 of rules.md §3 to its maximum */
	enum ruleset_action rd_org_action[4];
};

/*
 * The rule set for applications made in YEAR: the newest whose from_year ≤
 * YEAR. NULL when YEAR precedes every rule set (before 2016).
 */
const struct ruleset *ruleset_for_year(int year);
/* The rule set named NAME, or NULL. */
const struct ruleset *ruleset_find(const char *name);
/* The built-in rule sets, oldest first; *N receives their number. */
const struct ruleset *ruleset_all(int *n);
/* Months from filing to grant of an IP item of KIND under RS (rules.md §6a). */
int ruleset_ip_lead_months(const struct ruleset *rs, enum profile_ip_kind kind);
/* Months of work to obtain one IP item of KIND under RS (the cost of a plan task). */
int ruleset_ip_effort_months(const struct ruleset *rs, enum profile_ip_kind kind);

#endif
