/*
 * profile — the facts about one enterprise needed for one assessment
 * (rules.md §1): a plain struct filled by the JSON reader (io/profile_json),
 * by the ledger from the database, or by tests.
 *
 * Absent data is explicit: money, counts and integers use PROFILE_NONE,
 * dates PROFILE_NO_DATE, tri-state flags PROFILE_FLAG_NONE. Absent never
 * means zero (except where rules.md §1 says so, which the engine applies).
 *
 * Units: money in fen (int64), head counts in hundredths, dates in days
 * since 1970-01-01 (core/date.h), conversions as a plain count.
 *
 * Memory: the year table and the strings are inside the struct; the IP items
 * and incidents are arrays grown by profile_add_ip / profile_add_incident
 * (explicit allocation, aborting on exhaustion) and released by
 * profile_cleanup. profile_reset empties a profile but keeps its arrays, so a
 * batch can reuse one profile for many enterprises without allocating.
 * A profile is owned by one thread at a time; the engine only reads it.
 */
#ifndef GAOQI_RULES_PROFILE_H
#define GAOQI_RULES_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define PROFILE_NONE INT64_MIN	  /* an absent amount, count or integer */
#define PROFILE_NO_DATE INT32_MIN /* an absent date */
#define PROFILE_FLAG_NONE (-1)	  /* an absent yes/no */
#define PROFILE_MAX_YEARS 12	  /* years of data one profile may carry */
#define PROFILE_MAX_IP 5000	  /* IP items one profile may carry */
#define PROFILE_MAX_INCIDENTS 200 /* incidents one profile may carry */

/* The R&D expense categories of rules-sources §2.1, in this order. */
enum profile_rd {
	PROFILE_RD_PERSONNEL,
	PROFILE_RD_DIRECT,
	PROFILE_RD_DEPRECIATION,
	PROFILE_RD_AMORTIZATION,
	PROFILE_RD_DESIGN,
	PROFILE_RD_TRIALS,
	PROFILE_RD_OTHER,
	PROFILE_RD_ENTRUSTED_DOMESTIC,
	PROFILE_RD_ENTRUSTED_OVERSEAS,
	PROFILE_RD_COUNT
};

/* One fiscal (calendar) year of indicators. */
struct profile_year {
	int32_t year;
	int64_t staff, st_staff;		 /* hundredths of a person */
	int64_t sales, gross_income;		 /* fen */
	int64_t non_taxable_income;		 /* fen; absent = 0 */
	int64_t hitech_income;			 /* fen */
	int rd_given;				 /* 1 when the categories were given */
	int64_t rd[PROFILE_RD_COUNT];		 /* fen; a category absent = 0 */
	int64_t rd_total, rd_domestic;		 /* fen; used when !rd_given */
	int64_t total_assets, total_liabilities; /* fen */
	int64_t cost_expense_total;		 /* fen */
	int64_t conversions;			 /* achievements converted that year */
};

/* IP kinds (rules.md §1). Class I kinds come first. */
enum profile_ip_kind {
	PROFILE_IP_INVENTION_PATENT,
	PROFILE_IP_DEFENSE_PATENT,
	PROFILE_IP_PLANT_VARIETY,
	PROFILE_IP_CROP_VARIETY,
	PROFILE_IP_NEW_DRUG,
	PROFILE_IP_TCM_PROTECTED_GRADE1,
	PROFILE_IP_IC_LAYOUT,
	PROFILE_IP_UTILITY_MODEL,
	PROFILE_IP_DESIGN_PATENT,
	PROFILE_IP_SOFTWARE_COPYRIGHT,
	PROFILE_IP_OTHER_II,
	PROFILE_IP_KIND_COUNT
};

enum profile_acquired {
	PROFILE_ACQ_SELF,
	PROFILE_ACQ_TRANSFER,
	PROFILE_ACQ_GIFT,
	PROFILE_ACQ_MERGER,
	PROFILE_ACQ_COUNT
};

struct profile_ip {
	enum profile_ip_kind kind;
	char number[48];    /* as registered, e.g. "ZL202010000000.0"; may be "" */
	int32_t granted_on; /* PROFILE_NO_DATE = no date check */
	enum profile_acquired acquired;
	int32_t used_in_recognition; /* year of an earlier successful recognition, 0 = none */
	int valid;		     /* 1 in force (default), 0 lapsed */
};

enum profile_incident_kind {
	PROFILE_INC_MAJOR_SAFETY,
	PROFILE_INC_MAJOR_QUALITY,
	PROFILE_INC_SERIOUS_ENV,
	PROFILE_INC_KIND_COUNT
};

struct profile_incident {
	enum profile_incident_kind kind;
	int32_t on;
};

/* A qualitative rating: absent, a band letter 'A'..'E', or exact points. */
enum profile_rating_kind { PROFILE_RATING_NONE, PROFILE_RATING_LETTER, PROFILE_RATING_POINTS };

struct profile_rating {
	enum profile_rating_kind kind;
	int value; /* the letter ('A'..'E') or the points */
};

struct profile_qualitative {
	struct profile_rating advancement, core_support; /* 0–8 */
	/* R&D management: a letter for the 20 total, or points per item */
	enum profile_rating_kind rd_org_kind;
	int rd_org_letter;
	int rd_org_points[4]; /* each −1 = absent; maxima 6, 6, 4, 4 */
	int standards;	      /* PROFILE_FLAG_NONE, 0, 1 */
};

/* TSME flags; PROFILE_FLAG_NONE = absent = the favourable value (rules.md §1). */
struct profile_tsme {
	int resident, audit_collection, restricted_industry, negative_list_industry;
	int integrity_issue;
	int national_award_top3_5y, provincial_rd_institution, led_standard_5y;
};

struct profile {
	char uscc[24];
	char name[256];
	int32_t registered_on;	 /* PROFILE_NO_DATE when unknown */
	int32_t apply_on;	 /* must be set before assessing */
	char field[8];		 /* technology-field code, "" when unknown */
	int64_t projected_sales; /* fen: sales expected in the coming year (gaps), or NONE */

	struct profile_year years[PROFILE_MAX_YEARS];
	size_t n_years;

	int ip_given; /* 1 when the IP list is known (even if empty) */
	struct profile_ip *ip;
	size_t n_ip, cap_ip;

	struct profile_incident *incidents;
	size_t n_incidents, cap_incidents;

	struct profile_qualitative qualitative;

	char hnte_certificate[32]; /* "" when none */
	int32_t hnte_issued_on;	   /* PROFILE_NO_DATE when none */
	int32_t hnte_revoked_on; /* the day the HNTE status was revoked, PROFILE_NO_DATE if never */

	struct profile_tsme tsme;
};

/* Start P as an empty profile (every field absent). Allocates nothing. */
void profile_init(struct profile *p);
/* Release P's arrays and leave it empty (as after profile_init). NULL-safe. */
void profile_cleanup(struct profile *p);
/* Empty P (every field absent) but keep its arrays for reuse. */
void profile_reset(struct profile *p);
/* Set every member of Y to absent and its year to YEAR. */
void profile_year_init(struct profile_year *y, int32_t year);

/*
 * Append a year (initialised absent) for YEAR. Fails with ERR_TOO_BIG when
 * PROFILE_MAX_YEARS are present and ERR_CONFLICT when YEAR is already there
 * (E names "years"). *OUT points into P (valid until P changes).
 */
int profile_add_year(struct profile *p, int32_t year, struct profile_year **out, struct err *e);
/*
 * The fiscal years used for an application on P->apply_on (rules.md §1): up
 * to three calendar years before the year of apply_on, oldest first, leaving
 * out years before the year of registration (all three when registered_on is
 * absent). Writes them to OUT and returns their number (0–3).
 */
int profile_fiscal_years(const struct profile *p, int32_t out[3]);
/* The year YEAR of P, or NULL. */
const struct profile_year *profile_find_year(const struct profile *p, int32_t year);

/*
 * Append an IP item (valid, self-acquired, no date, not used) and return it
 * in *OUT; ERR_TOO_BIG past PROFILE_MAX_IP. Grows the array (aborts on
 * memory exhaustion).
 */
int profile_add_ip(struct profile *p, struct profile_ip **out, struct err *e);
/* Append an incident; ERR_TOO_BIG past PROFILE_MAX_INCIDENTS. */
int profile_add_incident(struct profile *p, enum profile_incident_kind kind, int32_t on,
			 struct err *e);

/* The wire name of an IP kind ("invention_patent"), and back (-1 when unknown). */
const char *profile_ip_kind_name(enum profile_ip_kind k);
int profile_ip_kind_parse(const char *s);
/* Chinese name of an IP kind ("发明专利"). */
const char *profile_ip_kind_label(enum profile_ip_kind k);
/* 1 for class I kinds, 2 for class II. */
int profile_ip_class(enum profile_ip_kind k);
/* Wire names of acquisition modes and incident kinds, and back (-1 when unknown). */
const char *profile_acquired_name(enum profile_acquired a);
int profile_acquired_parse(const char *s);
const char *profile_incident_kind_name(enum profile_incident_kind k);
int profile_incident_kind_parse(const char *s);
/* Wire name of an R&D category ("personnel", …, "entrusted_overseas"). */
const char *profile_rd_name(enum profile_rd c);

/*
 * A field the engine found missing: FIELD is one of PROFILE_F_*, YEAR the
 * fiscal year it belongs to (0 for fields outside `years`).
 * profile_missing_format writes it as "years[2023].sales" (indexed by the
 * fiscal year, not by the position in the input array) or "registered_on".
 */
enum profile_field_id {
	PROFILE_F_REGISTERED_ON,
	PROFILE_F_FIELD,
	PROFILE_F_YEAR, /* the whole year is absent */
	PROFILE_F_STAFF,
	PROFILE_F_ST_STAFF,
	PROFILE_F_SALES,
	PROFILE_F_GROSS_INCOME,
	PROFILE_F_HITECH_INCOME,
	PROFILE_F_RD,
	PROFILE_F_RD_DOMESTIC,
	PROFILE_F_TOTAL_ASSETS,
	PROFILE_F_TOTAL_LIABILITIES,
	PROFILE_F_CONVERSIONS,
	PROFILE_F_IP,
	PROFILE_F_COST_EXPENSE_TOTAL,
	PROFILE_F_COUNT
};

struct profile_missing {
	uint16_t field;
	int16_t year;
};

/* Write M into OUT (at least 48 bytes); returns OUT. */
char *profile_missing_format(const struct profile_missing *m, char *out, size_t size);

#endif
