/*
 * hnte — the eight HNTE recognition conditions of rules.md §2, the R&D totals
 * and the verdict.
 *
 * R&D amounts are exact rationals: hnte_rd_year returns them scaled by
 * hnte_rd_scale(rs) (an integer number of units per fen), so the 80% of
 * entrusted R&D and the cap on other expenses carry no rounding. Every
 * threshold is a 128-bit cross multiplication. Pure, no allocation,
 * thread-safe.
 */
#ifndef GAOQI_RULES_HNTE_H
#define GAOQI_RULES_HNTE_H

#include <stddef.h>
#include <stdint.h>

#include "rules/fields.h"
#include "rules/profile.h"
#include "rules/ruleset.h"
#include "rules/score.h"

enum hnte_status { HNTE_PASS, HNTE_FAIL, HNTE_UNKNOWN };
enum hnte_reason { HNTE_REASON_NONE, HNTE_REASON_MISSING_DATA, HNTE_REASON_EXPERT };
enum hnte_verdict {
	HNTE_VERDICT_PASS,
	HNTE_VERDICT_BORDERLINE,
	HNTE_VERDICT_FAIL,
	HNTE_VERDICT_INCOMPLETE
};
enum hnte_cond_id {
	HNTE_C1,
	HNTE_C2,
	HNTE_C3,
	HNTE_C4,
	HNTE_C5,
	HNTE_C6,
	HNTE_C7,
	HNTE_C8,
	HNTE_NCOND
};

#define HNTE_MAX_MISSING 16

/* Bits of hnte_result.c5_known. */
#define HNTE_C5_SALES 1u    /* sales_sum: every year's sales known */
#define HNTE_C5_RD 2u	    /* rd_sum: every year's R&D total known */
#define HNTE_C5_DOMESTIC 4u /* rd_domestic_sum: every year's domestic R&D known */

struct hnte_cond {
	enum hnte_status status;
	enum hnte_reason reason;
	int has_value;
	__int128 num,
		den; /* measured value: a ratio (C4–C6), else num = days/items/count, den = 1 */
	int64_t required_bp; /* C4–C6: the required ratio in basis points */
	int has_value2;
	__int128 num2, den2;	   /* C5: the domestic share */
	int ratio_ok, domestic_ok; /* C5 parts: 1 ok, 0 short, −1 unknown */
	int32_t date; /* C1: the day 365 days are reached; C8: the latest incident in the window */
	size_t n_missing;
	struct profile_missing missing[HNTE_MAX_MISSING];
};

struct hnte_result {
	enum hnte_verdict verdict;
	struct hnte_cond c[HNTE_NCOND];
	struct score_result score;
	int32_t fy[3];
	int nfy;
	/* C5 details: each sum is valid when its c5_known bit is set (all of them
	 * when c[HNTE_C5].has_value) */
	int64_t rd_scale;		  /* units per fen of the R&D sums */
	__int128 rd_sum, rd_domestic_sum; /* scaled */
	__int128 sales_sum;		  /* fen */
	unsigned c5_known;  /* HNTE_C5_* bits: which of the three sums above are known */
	int64_t last_sales; /* fen, PROFILE_NONE when unknown */
	/* C3: the field found (the name points into the field table's text, which
	 * for the embedded table is static), or name NULL */
	const char *field_name;
	size_t field_name_len;
	int field_level;
};

/* Units per fen in which hnte_rd_year reports R&D (800,000 for the 2016 rules). */
int64_t hnte_rd_scale(const struct ruleset *rs);

/*
 * The counted R&D total and domestic R&D of one year, in hnte_rd_scale(rs)
 * units: from the categories (rules.md §2) when Y->rd_given, else from the
 * given rd_total / rd_domestic. Returns a bit set: 1 = *TOTAL known,
 * 2 = *DOMESTIC known.
 */
int hnte_rd_year(const struct ruleset *rs, const struct profile_year *y, __int128 *total,
		 __int128 *domestic);

/* The C5 ratio threshold (basis points) for last-year sales LAST_SALES (fen). */
int hnte_c5_required_bp(const struct ruleset *rs, int64_t last_sales);

/*
 * Assess P (P->apply_on must be a date) under RS with the field table FIELDS.
 * Fills OUT completely (conditions, score, verdict).
 */
void hnte_assess(const struct ruleset *rs, const struct fields_table *fields,
		 const struct profile *p, struct hnte_result *out);

/* Wire names: "pass"/"fail"/"unknown", "pass"/"borderline"/"fail"/"incomplete", "C1"… */
const char *hnte_status_name(enum hnte_status s);
const char *hnte_verdict_name(enum hnte_verdict v);
const char *hnte_cond_name(enum hnte_cond_id id);

#endif
