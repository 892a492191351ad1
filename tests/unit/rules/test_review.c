/*
 * An adversarial review of the rules engine against rules.md: each row
 * states the fact it checks and the clause of rules.md it comes from. The
 * rows marked "review fix" failed before the engine was corrected.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "rules/assess.h"
#include "rules/fields.h"
#include "rules/hnte.h"
#include "rules/report.h"
#include "rules/score.h"
#include "rules/tsme.h"
#include "support/rules_fixture.h"

static struct fields_table fields;
static struct profile prof;
static struct assess_result res;

static const struct ruleset *rs(void)
{
	return ruleset_find("hnte-2016+tsme-2022");
}

static int setup(void **state)
{
	(void)state;
	profile_init(&prof);
	return fields_load(&fields, NULL);
}

static int teardown(void **state)
{
	(void)state;
	profile_cleanup(&prof);
	return 0;
}

/* Report every failing row of a table, then fail the test once at the end. */
static int nbad;
#define BAD(...)                                                                                   \
	do {                                                                                       \
		print_error(__VA_ARGS__);                                                          \
		print_error("\n");                                                                 \
		nbad++;                                                                            \
	} while (0)

static void run(void)
{
	struct err e;
	err_clear(&e);
	if (assess_run(rs(), &fields, &prof, &res, &e))
		fail_msg("assess_run: %s", e.msg);
}

static struct profile_year *Y(int year)
{
	return (struct profile_year *)profile_find_year(&prof, year);
}

static void set_ip(int class1, int class2, int class2_used)
{
	prof.n_ip = 0;
	prof.ip_given = 1;
	for (int i = 0; i < class1 + class2 + class2_used; i++) {
		struct profile_ip *ip = NULL;
		profile_add_ip(&prof, &ip, NULL);
		ip->kind = i < class1 ? PROFILE_IP_INVENTION_PATENT : PROFILE_IP_UTILITY_MODEL;
		ip->used_in_recognition = i >= class1 + class2 ? 2021 : 0;
	}
}

/* ------------------------------------------------ fiscal years (rules.md §1) */

static void test_fiscal_years(void **state)
{
	(void)state;
	nbad = 0;
	static const struct {
		const char *registered, *apply;
		int n, first;
		const char *fact;
	} rows[] = {
		{"2019-05-20", "2024-06-30", 3, 2021, "§1: the three calendar years before 2024"},
		{"2022-12-31", "2024-06-30", 2, 2022,
		 "§1: registered 31 Dec 2022: the year of registration counts → 2022, 2023"},
		{"2023-01-01", "2024-06-30", 1, 2023, "§1: registered 1 Jan 2023 → only 2023"},
		{"2021-01-01", "2024-01-01", 3, 2021, "§1: registered 1 Jan 2021 → 2021–2023"},
		{"2021-12-31", "2024-01-01", 3, 2021, "§1: registered 31 Dec 2021 → 2021–2023"},
		{"2024-01-02", "2024-12-31", 0, 0, "§1: registered in the year of apply_on → none"},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		fixture_profile(&prof);
		prof.registered_on = day(rows[i].registered);
		prof.apply_on = day(rows[i].apply);
		int32_t fy[3];
		int n = profile_fiscal_years(&prof, fy);
		if (n != rows[i].n ||
		    (n && (fy[0] != rows[i].first || fy[n - 1] != rows[i].first + n - 1)))
			BAD("%s: %d years from %d", rows[i].fact, n, n ? fy[0] : 0);
	}
	assert_int_equal(nbad, 0);
}

/* ------------------------------------------- HNTE conditions (rules.md §2) */

static void m_none(struct profile *p)
{
	(void)p;
}

/* C4 */
static void m_c4_exact_10(struct profile *p)
{
	(void)p;
	Y(2023)->staff = PEOPLE(123) + 40;   /* 123.40 */
	Y(2023)->st_staff = PEOPLE(12) + 34; /* 12.34 = exactly 10% */
}
static void m_c4_below_10(struct profile *p)
{
	(void)p;
	Y(2023)->staff = PEOPLE(123) + 40;
	Y(2023)->st_staff = PEOPLE(12) + 33;
}
static void m_c4_only_last_year(struct profile *p)
{
	(void)p;
	Y(2021)->st_staff = 0; /* earlier years do not matter */
	Y(2022)->st_staff = 0;
}
static void m_c4_staff_missing(struct profile *p)
{
	(void)p;
	Y(2023)->staff = PROFILE_NONE;
}
static void m_c4_zero_staff_st_missing(struct profile *p)
{
	(void)p;
	Y(2023)->staff = 0;
	Y(2023)->st_staff = PROFILE_NONE;
}
static void m_year_2023_absent(struct profile *p)
{
	p->years[2].year = 2030; /* the last fiscal year is no longer in the profile */
}

/* C5 */
static void c5_flat(int64_t rd, int64_t sales)
{
	for (int y = 2021; y <= 2023; y++) {
		Y(y)->rd_total = Y(y)->rd_domestic = rd;
		Y(y)->sales = sales;
	}
}
static void m_c5_exact_5(struct profile *p)
{
	(void)p;
	c5_flat(YUAN(2000000), YUAN(40000000)); /* 5% exactly */
}
static void m_c5_below_5(struct profile *p)
{
	(void)p;
	c5_flat(YUAN(2000000), YUAN(40000000));
	Y(2022)->rd_total = Y(2022)->rd_domestic = YUAN(2000000) - 1;
}
static void m_c5_last_year_decides(struct profile *p)
{
	(void)p;
	/* 29,250,000 of 650,000,000 = 4.5%: the pool is above 200M (3%) but the last
	 * year is exactly 50,000,000.00 → 5% → fail */
	Y(2021)->sales = Y(2022)->sales = YUAN(300000000);
	Y(2023)->sales = YUAN(50000000);
	for (int y = 2021; y <= 2023; y++)
		Y(y)->rd_total = Y(y)->rd_domestic = YUAN(9750000);
}
/* 21,000,000 of 600,000,000 = 3.5%: passes 3%, fails 4% */
static void m_c5_2yi(struct profile *p)
{
	(void)p;
	c5_flat(YUAN(7000000), YUAN(200000000));
}
static void m_c5_2yi_fen(struct profile *p)
{
	m_c5_2yi(p);
	Y(2023)->sales = YUAN(200000000) + 1;
}
static void m_c5_domestic_60(struct profile *p)
{
	(void)p;
	for (int y = 2021; y <= 2023; y++)
		Y(y)->rd_domestic = WAN(120); /* 120 of 200 = 60% */
}
static void m_c5_domestic_below_60(struct profile *p)
{
	(void)p;
	for (int y = 2021; y <= 2023; y++)
		Y(y)->rd_domestic = WAN(120);
	Y(2023)->rd_domestic = WAN(120) - 1;
}
static void m_c5_no_sales(struct profile *p)
{
	(void)p;
	c5_flat(WAN(1), 0);
}
static void m_c5_no_rd(struct profile *p)
{
	(void)p;
	c5_flat(0, WAN(1000));
}
static void m_c5_domestic_missing_ratio_fails(struct profile *p)
{
	(void)p;
	c5_flat(WAN(10), WAN(1000)); /* 1% */
	Y(2021)->rd_domestic = PROFILE_NONE;
}
static void m_c5_domestic_missing_ratio_passes(struct profile *p)
{
	(void)p;
	Y(2021)->rd_domestic = PROFILE_NONE;
}
static void m_c5_sales_zero_rd_missing(struct profile *p)
{
	(void)p;
	c5_flat(WAN(1), 0);
	Y(2022)->rd_total = Y(2022)->rd_domestic = PROFILE_NONE;
}
static void m_c5_domestic_fails_sales_missing(struct profile *p)
{
	(void)p;
	for (int y = 2021; y <= 2023; y++)
		Y(y)->rd_domestic = WAN(100); /* 50% */
	Y(2021)->sales = PROFILE_NONE;
}
static void m_c5_sales_missing(struct profile *p)
{
	(void)p;
	Y(2021)->sales = PROFILE_NONE;
}
static void m_c5_two_years(struct profile *p)
{
	/* registered 2022: the window is 2022–2023; 2021's missing data does not matter */
	p->registered_on = day("2022-03-01");
	Y(2021)->sales = PROFILE_NONE;
	Y(2021)->rd_total = PROFILE_NONE;
}

/* C6 */
static void m_c6_gross_minus_nontaxable(struct profile *p)
{
	(void)p;
	Y(2023)->gross_income = YUAN(1100000);
	Y(2023)->non_taxable_income = YUAN(100000);
	Y(2023)->hitech_income = YUAN(600000); /* 60% of 1,000,000 */
}
static void m_c6_not_of_gross(struct profile *p)
{
	(void)p;
	Y(2023)->gross_income = YUAN(1100000);
	Y(2023)->non_taxable_income = YUAN(100000);
	Y(2023)->hitech_income = YUAN(600000) - 1;
}
static void m_c6_nontaxable_absent(struct profile *p)
{
	(void)p;
	Y(2023)->gross_income = YUAN(1000000);
	Y(2023)->non_taxable_income = PROFILE_NONE; /* absent = 0 */
	Y(2023)->hitech_income = YUAN(600000);
}
static void m_c6_zero_total_hitech_missing(struct profile *p)
{
	(void)p;
	Y(2023)->gross_income = YUAN(500000);
	Y(2023)->non_taxable_income = YUAN(500000);
	Y(2023)->hitech_income = PROFILE_NONE;
}

/* C2 */
static void m_c2_used_class2_only(struct profile *p)
{
	(void)p;
	set_ip(0, 0, 3);
}
static void m_c2_ip_absent(struct profile *p)
{
	p->ip_given = 0;
	p->n_ip = 0;
}
static void m_c2_granted_after(struct profile *p)
{
	p->ip[0].granted_on = p->apply_on + 1;
}
static void m_c2_granted_on_apply(struct profile *p)
{
	p->ip[0].granted_on = p->apply_on;
}

/* C1, C3, C8 */
static void m_c1_364(struct profile *p)
{
	p->registered_on = day("2023-07-02"); /* 364 days before 2024-06-30 */
}
static void m_c1_365(struct profile *p)
{
	p->registered_on = day("2023-07-01");
}
static void m_c3_two_digit(struct profile *p)
{
	setstr(p->field, sizeof p->field, "80");
}
static void m_c3_four_digit(struct profile *p)
{
	setstr(p->field, sizeof p->field, "1010");
}
static void m_c8_edge_in(struct profile *p)
{
	p->apply_on = day("2023-06-30");
	profile_add_incident(p, PROFILE_INC_MAJOR_SAFETY, day("2022-06-30"), NULL); /* −365 */
}
static void m_c8_edge_out(struct profile *p)
{
	p->apply_on = day("2023-06-30");
	profile_add_incident(p, PROFILE_INC_SERIOUS_ENV, day("2022-06-29"), NULL); /* −366 */
}

/* C7 and the verdict */
static void m_c7_exact_71(struct profile *p)
{
	(void)p; /* the fixture: 71–84 */
}
static void m_c7_max_70(struct profile *p)
{
	/* IP 23–30, conversions 15 → A 25–30, rd_org 6, growth D 3–4 + F 0: 57–70 */
	for (int y = 2021; y <= 2023; y++)
		Y(y)->conversions = 5;
	p->qualitative.rd_org_points[0] = 6;
	p->qualitative.rd_org_points[1] = 0;
	p->qualitative.rd_org_points[2] = 0;
	p->qualitative.rd_org_points[3] = 0;
}
static void m_c7_expert(struct profile *p)
{
	p->qualitative.rd_org_kind = PROFILE_RATING_NONE; /* 0–20: 51–84 */
}
static void m_c7_missing(struct profile *p)
{
	p->qualitative.rd_org_kind = PROFILE_RATING_NONE;
	Y(2022)->conversions = PROFILE_NONE;
}
static void m_c7_missing_but_decided(struct profile *p)
{
	(void)p;
	/* conversions unknown (0–30), IP E, E → 9–16, rd_org 0, growth 3–4: at most 50 */
	Y(2022)->conversions = PROFILE_NONE;
	p->qualitative.rd_org_points[0] = 0;
	p->qualitative.rd_org_points[1] = 0;
	p->qualitative.rd_org_points[2] = 0;
	p->qualitative.rd_org_points[3] = 0;
	p->qualitative.advancement.value = 'E';
	p->qualitative.core_support.value = 'E';
}
static void m_fail_beats_missing(struct profile *p)
{
	p->registered_on = day("2023-12-01"); /* C1 fails */
	p->field[0] = '\0';		      /* C3 unknown */
}
static void m_missing_beats_expert(struct profile *p)
{
	p->qualitative.rd_org_kind = PROFILE_RATING_NONE; /* C7 expert */
	Y(2023)->hitech_income = PROFILE_NONE;		  /* C6 missing */
}

enum { ANY = -9 };

struct hnte_case {
	const char *fact;
	void (*set)(struct profile *);
	enum hnte_cond_id cond;
	int status;	     /* enum hnte_status */
	int reason;	     /* enum hnte_reason, or ANY */
	int verdict;	     /* enum hnte_verdict, or ANY */
	const char *missing; /* the first missing field, or NULL for none */
};

static const struct hnte_case hnte_cases[] = {
	{"§2 C1: 364 days fail", m_c1_364, HNTE_C1, HNTE_FAIL, ANY, HNTE_VERDICT_FAIL, NULL},
	{"§2 C1: exactly 365 days pass", m_c1_365, HNTE_C1, HNTE_PASS, ANY, ANY, NULL},
	{"§2 C2: only class II already used in a recognition → fail", m_c2_used_class2_only,
	 HNTE_C2, HNTE_FAIL, ANY, HNTE_VERDICT_FAIL, NULL},
	{"§2 C2: IP list absent → unknown naming ip", m_c2_ip_absent, HNTE_C2, HNTE_UNKNOWN,
	 HNTE_REASON_MISSING_DATA, HNTE_VERDICT_INCOMPLETE, "ip"},
	{"§2 C2: granted the day after apply_on → not usable", m_c2_granted_after, HNTE_C2,
	 HNTE_FAIL, ANY, ANY, NULL},
	{"§2 C2: granted on apply_on → usable", m_c2_granted_on_apply, HNTE_C2, HNTE_PASS, ANY, ANY,
	 NULL},
	{"§2 C3: a 2-digit code 80 is in the table", m_c3_two_digit, HNTE_C3, HNTE_PASS, ANY, ANY,
	 NULL},
	{"§2 C3: a 4-digit code 1010 is not", m_c3_four_digit, HNTE_C3, HNTE_FAIL, ANY, ANY, NULL},
	{"§2 C4: 12.34 of 123.40 is exactly 10% → pass", m_c4_exact_10, HNTE_C4, HNTE_PASS, ANY,
	 ANY, NULL},
	{"§2 C4: 12.33 of 123.40 → fail", m_c4_below_10, HNTE_C4, HNTE_FAIL, ANY, ANY, NULL},
	{"§2 C4: only the last year counts", m_c4_only_last_year, HNTE_C4, HNTE_PASS, ANY, ANY,
	 NULL},
	{"§1/§2 C4: staff absent → unknown naming years[2023].staff", m_c4_staff_missing, HNTE_C4,
	 HNTE_UNKNOWN, HNTE_REASON_MISSING_DATA, HNTE_VERDICT_INCOMPLETE, "years[2023].staff"},
	{"§0 C4 (review fix): staff 0 known, st_staff absent → fail (zero denominator)",
	 m_c4_zero_staff_st_missing, HNTE_C4, HNTE_FAIL, ANY, HNTE_VERDICT_FAIL, NULL},
	{"§1 C4: the last fiscal year absent → unknown naming years[2023]", m_year_2023_absent,
	 HNTE_C4, HNTE_UNKNOWN, HNTE_REASON_MISSING_DATA, ANY, "years[2023]"},
	{"§2 C5: 2,000,000 of 40,000,000 each year is exactly 5% → pass", m_c5_exact_5, HNTE_C5,
	 HNTE_PASS, ANY, ANY, NULL},
	{"§2 C5: one fen less → fail", m_c5_below_5, HNTE_C5, HNTE_FAIL, ANY, ANY, NULL},
	{"§2 C5: the threshold follows LAST-year sales (50M → 5%), not the 3-year pool",
	 m_c5_last_year_decides, HNTE_C5, HNTE_FAIL, ANY, ANY, NULL},
	{"§2 C5: last-year sales exactly 200,000,000.00 → 4%: 3.5% fails", m_c5_2yi, HNTE_C5,
	 HNTE_FAIL, ANY, ANY, NULL},
	{"§2 C5: last-year sales 200,000,000.01 → 3%: 3.5% passes", m_c5_2yi_fen, HNTE_C5,
	 HNTE_PASS, ANY, ANY, NULL},
	{"§2 C5: domestic 120 of 200 is exactly 60% → pass", m_c5_domestic_60, HNTE_C5, HNTE_PASS,
	 ANY, ANY, NULL},
	{"§2 C5: domestic one fen under 60% → fail", m_c5_domestic_below_60, HNTE_C5, HNTE_FAIL,
	 ANY, ANY, NULL},
	{"§2 C5: Σ sales = 0 → fail", m_c5_no_sales, HNTE_C5, HNTE_FAIL, ANY, ANY, NULL},
	{"§2 C5: Σ rd_total = 0 → fail", m_c5_no_rd, HNTE_C5, HNTE_FAIL, ANY, ANY, NULL},
	{"§2 C5 (review fix): ratio 1% fails; an absent rd_domestic cannot save it → fail",
	 m_c5_domestic_missing_ratio_fails, HNTE_C5, HNTE_FAIL, ANY, HNTE_VERDICT_FAIL,
	 "years[2021].rd_domestic"},
	{"§1 C5: ratio passes, rd_domestic absent → unknown naming years[2021].rd_domestic",
	 m_c5_domestic_missing_ratio_passes, HNTE_C5, HNTE_UNKNOWN, HNTE_REASON_MISSING_DATA,
	 HNTE_VERDICT_INCOMPLETE, "years[2021].rd_domestic"},
	{"§0/§2 C5 (review fix): Σ sales = 0 known, an R&D year absent → fail",
	 m_c5_sales_zero_rd_missing, HNTE_C5, HNTE_FAIL, ANY, HNTE_VERDICT_FAIL, "years[2022].rd"},
	{"§2 C5 (review fix): domestic share 50% known, a sales year absent → fail",
	 m_c5_domestic_fails_sales_missing, HNTE_C5, HNTE_FAIL, ANY, HNTE_VERDICT_FAIL,
	 "years[2021].sales"},
	{"§1 C5: a sales year absent, the rest passing → unknown naming years[2021].sales",
	 m_c5_sales_missing, HNTE_C5, HNTE_UNKNOWN, HNTE_REASON_MISSING_DATA, ANY,
	 "years[2021].sales"},
	{"§1 C5: years before registration are left out (2021 absent data ignored)", m_c5_two_years,
	 HNTE_C5, HNTE_PASS, ANY, ANY, NULL},
	{"§2 C6: 600,000 of (1,100,000 − 100,000) is exactly 60% → pass",
	 m_c6_gross_minus_nontaxable, HNTE_C6, HNTE_PASS, ANY, ANY, NULL},
	{"§2 C6: one fen less → fail", m_c6_not_of_gross, HNTE_C6, HNTE_FAIL, ANY, ANY, NULL},
	{"§1 C6: non_taxable_income absent = 0", m_c6_nontaxable_absent, HNTE_C6, HNTE_PASS, ANY,
	 ANY, NULL},
	{"§0 C6 (review fix): total income 0 known, hitech absent → fail",
	 m_c6_zero_total_hitech_missing, HNTE_C6, HNTE_FAIL, ANY, HNTE_VERDICT_FAIL, NULL},
	{"§2 C8: an incident exactly 365 days before apply_on is inside → fail", m_c8_edge_in,
	 HNTE_C8, HNTE_FAIL, ANY, ANY, NULL},
	{"§2 C8: 366 days before is outside → pass", m_c8_edge_out, HNTE_C8, HNTE_PASS, ANY, ANY,
	 NULL},
	{"§3 C7: min exactly 71 → pass, verdict pass", m_c7_exact_71, HNTE_C7, HNTE_PASS, ANY,
	 HNTE_VERDICT_PASS, NULL},
	{"§3 C7: max exactly 70 → fail", m_c7_max_70, HNTE_C7, HNTE_FAIL, ANY, HNTE_VERDICT_FAIL,
	 NULL},
	{"§3 C7: undecided by judgement → unknown expert_judgement, verdict borderline",
	 m_c7_expert, HNTE_C7, HNTE_UNKNOWN, HNTE_REASON_EXPERT, HNTE_VERDICT_BORDERLINE, NULL},
	{"§3 C7: undecided with conversions absent → missing_data, verdict incomplete",
	 m_c7_missing, HNTE_C7, HNTE_UNKNOWN, HNTE_REASON_MISSING_DATA, HNTE_VERDICT_INCOMPLETE,
	 "years[2022].conversions"},
	{"§3 C7: conversions absent but max ≤ 70 anyway → fail", m_c7_missing_but_decided, HNTE_C7,
	 HNTE_FAIL, ANY, HNTE_VERDICT_FAIL, NULL},
	{"§2 verdict: a fail beats missing data", m_fail_beats_missing, HNTE_C3, HNTE_UNKNOWN,
	 HNTE_REASON_MISSING_DATA, HNTE_VERDICT_FAIL, "field"},
	{"§2 verdict: missing data beats expert judgement → incomplete", m_missing_beats_expert,
	 HNTE_C6, HNTE_UNKNOWN, HNTE_REASON_MISSING_DATA, HNTE_VERDICT_INCOMPLETE,
	 "years[2023].hitech_income"},
	{"fixture: everything passes", m_none, HNTE_C5, HNTE_PASS, ANY, HNTE_VERDICT_PASS, NULL},
};

static void test_hnte_conditions(void **state)
{
	(void)state;
	nbad = 0;
	for (size_t i = 0; i < sizeof hnte_cases / sizeof hnte_cases[0]; i++) {
		const struct hnte_case *c = &hnte_cases[i];
		fixture_profile(&prof);
		c->set(&prof);
		run();
		const struct hnte_cond *k = &res.hnte.c[c->cond];
		if ((int)k->status != c->status)
			BAD("%s: status %s", c->fact, hnte_status_name(k->status));
		if (c->reason != ANY && (int)k->reason != c->reason)
			BAD("%s: reason %d", c->fact, (int)k->reason);
		if (c->verdict != ANY && (int)res.hnte.verdict != c->verdict)
			BAD("%s: verdict %s", c->fact, hnte_verdict_name(res.hnte.verdict));
		if (c->missing) {
			char buf[64];
			if (!k->n_missing ||
			    strcmp(profile_missing_format(&k->missing[0], buf, sizeof buf),
				   c->missing))
				BAD("%s: missing %s", c->fact, k->n_missing ? buf : "(none)");
		}
		/* every condition has a message, whatever its status */
		struct strbuf sb;
		strbuf_init(&sb, 0);
		if (report_cond_message(&res, &prof, c->cond, &sb) || sb.len == 0)
			BAD("%s: no message", c->fact);
		strbuf_cleanup(&sb);
	}
	assert_int_equal(nbad, 0);
}

/* ----------------------------------------------- R&D totals (rules.md §2) */

static void test_rd_totals(void **state)
{
	(void)state;
	nbad = 0;
	static const struct {
		int64_t personnel, other, ent_dom, ent_ovs;
		int64_t total5, domestic5; /* expected × 5 (fen) */
		const char *fact;
	} rows[] = {
		{1000, 350, 500, 0, 5 * 1750, 5 * 1750,
		 "A = 1000 + 80%·500 = 1400; other 350 = A/4 exactly: all counted"},
		{1000, 351, 500, 0, 5 * 1750, 5 * 1750, "other 351 > A/4: capped at 350"},
		{1000, 351, 0, 500, 5 * 1750, 5 * 1350,
		 "overseas 500 counts 400 in the total and nothing in the domestic part"},
		{1, 0, 1, 1, 13, 9, "1 + 0.8 + 0.8 = 2.6 fen exactly; domestic 1.8 fen"},
		{0, 100, 0, 0, 0, 0, "other alone: A = 0 so nothing of it counts"},
		{3, 1, 0, 0, 5 * 3 + 5 * 3 / 4, 5 * 3 + 5 * 3 / 4,
		 "A = 3 fen: other ≤ 0.75 fen (checked exactly below)"},
	};
	const struct ruleset *r = rs();
	const __int128 s = hnte_rd_scale(r);
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct profile_year y;
		profile_year_init(&y, 2023);
		y.rd_given = 1;
		y.rd[PROFILE_RD_PERSONNEL] = rows[i].personnel;
		y.rd[PROFILE_RD_OTHER] = rows[i].other;
		y.rd[PROFILE_RD_ENTRUSTED_DOMESTIC] = rows[i].ent_dom;
		y.rd[PROFILE_RD_ENTRUSTED_OVERSEAS] = rows[i].ent_ovs;
		__int128 t = -1, d = -1;
		assert_int_equal(hnte_rd_year(r, &y, &t, &d), 3);
		if (i == 5) { /* 3.75 fen exactly: 4·t = 15·s */
			if (4 * t != 15 * s || 4 * d != 15 * s)
				BAD("%s", rows[i].fact);
			continue;
		}
		if (5 * t != rows[i].total5 * s || 5 * d != rows[i].domestic5 * s)
			BAD("%s: total·5 = %lld", rows[i].fact, (long long)(5 * t / s));
	}
	assert_int_equal(nbad, 0);
}

/* ------------------------------------------ growth bands (rules.md §3) */

static void test_growth_exact(void **state)
{
	(void)state;
	nbad = 0;
	static const struct {
		int64_t v[3];
		int n;
		char band, strict;
		const char *fact;
	} rows[] = {
		{{WAN(100), WAN(120), WAN(180)},
		 3,
		 'A',
		 'A',
		 "(1.2 + 1.5)/2 − 1 = exactly 35% → A"},
		{{WAN(100), WAN(120), WAN(180) - 1}, 3, 'B', 'B', "one fen less → B"},
		{{WAN(100), WAN(100), WAN(150)}, 3, 'B', 'B', "(1 + 1.5)/2 − 1 = exactly 25% → B"},
		{{WAN(100), WAN(100), WAN(150) - 1}, 3, 'C', 'C', "one fen less → C"},
		{{WAN(100), WAN(130), WAN(130)}, 3, 'C', 'C', "(1.3 + 1)/2 − 1 = exactly 15% → C"},
		{{WAN(100), WAN(110), WAN(110)},
		 3,
		 'D',
		 'E',
		 "(1.1 + 1)/2 − 1 = exactly 5% → D; > 5% under growth_d_strict → E"},
		{{WAN(100), WAN(110), WAN(110) + 1}, 3, 'D', 'D', "one fen more → D under both"},
		{{WAN(100), WAN(110), WAN(110) - 1}, 3, 'E', 'E', "one fen less → E"},
		{{WAN(100), WAN(135)}, 2, 'A', 'A', "two years 100 → 135: exactly 35% → A"},
		{{WAN(100), WAN(135) - 1}, 2, 'B', 'B', "two years: one fen less → B"},
		{{WAN(100), WAN(105)}, 2, 'D', 'E', "two years exactly 5%: D, strict E"},
		{{WAN(-50), WAN(100), WAN(135)},
		 3,
		 'A',
		 'A',
		 "negative v1 taken as 0 → v3/v2 − 1 = 35% → A"},
		{{WAN(100), WAN(-5), WAN(500)}, 3, 'F', 'F', "negative v2 taken as 0 → F"},
		{{WAN(100), WAN(200), WAN(-1)},
		 3,
		 'F',
		 'F',
		 "negative v3 taken as 0: (2 + 0)/2 − 1 = exactly 0 → F"},
		{{WAN(100), WAN(150), WAN(0)},
		 3,
		 'F',
		 'F',
		 "(1.5 + 0)/2 − 1 = −25% → negative → F"},
		{{0, 0, WAN(100)}, 3, 'F', 'F', "v2 = 0 → F even when v1 = 0"},
		{{WAN(100)}, 1, 'F', 'F', "one year → F"},
	};
	struct ruleset strict = *rs();
	strict.growth_d_strict = 1;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct score_growth g, gs;
		score_growth(rs(), rows[i].v, rows[i].n, &g);
		score_growth(&strict, rows[i].v, rows[i].n, &gs);
		char want = rows[i].band, wants = rows[i].strict;
		if (g.band != want || gs.band != wants)
			BAD("%s: %c / strict %c", rows[i].fact, g.band, gs.band);
		static const int lo[] = {9, 7, 5, 3, 1, 0};
		int b = g.band - 'A';
		if (g.pts.min != lo[b] || g.pts.max != (b == 5 ? 0 : lo[b] + 1))
			BAD("%s: points %d–%d", rows[i].fact, g.pts.min, g.pts.max);
	}
	assert_int_equal(nbad, 0);
}

/* ----------------------------------- IP part and conversions (rules.md §3) */

static void test_score_parts(void **state)
{
	(void)state;
	nbad = 0;
	int32_t fy[3] = {2021, 2022, 2023};
	struct score_result s;

	/* IP cap: points 8 + 8 + quantity 7–8 + self 1–6 + standards 1–2 = 25–32 → 25–30 */
	fixture_profile(&prof);
	prof.qualitative.advancement.kind = PROFILE_RATING_POINTS;
	prof.qualitative.advancement.value = 8;
	prof.qualitative.core_support.kind = PROFILE_RATING_POINTS;
	prof.qualitative.core_support.value = 8;
	score_compute(rs(), &prof, fy, 3, &s);
	if (s.ip.min != 25 || s.ip.max != 30)
		BAD("§3 IP cap: 25–32 → 25–30, got %d–%d", s.ip.min, s.ip.max);
	/* the cap applies to the IP part only: total max = 30 + 30 + 20 + 4 */
	if (s.max != 84)
		BAD("§3 total max with capped IP = 84, got %d", s.max);

	/* IP below the cap: C/C letters, 3 class II, transfer only, standards false */
	fixture_profile(&prof);
	prof.qualitative.advancement.value = 'C';
	prof.qualitative.core_support.value = 'C';
	prof.qualitative.standards = 0;
	set_ip(0, 3, 2);
	for (size_t i = 0; i < prof.n_ip; i++)
		prof.ip[i].acquired = PROFILE_ACQ_GIFT;
	score_compute(rs(), &prof, fy, 3, &s);
	if (s.ip.min != 3 + 3 + 3 + 1 || s.ip.max != 4 + 4 + 4 + 3)
		BAD("§3 IP C, C, 3 class II (2 used ignored), gift only: 10–15, got %d–%d",
		    s.ip.min, s.ip.max);

	/* a used class II item does not make acquisition "self" */
	fixture_profile(&prof);
	set_ip(0, 1, 1);
	prof.ip[0].acquired = PROFILE_ACQ_MERGER; /* the usable one */
	score_compute(rs(), &prof, fy, 3, &s);
	if (s.acquisition.min != 1 || s.acquisition.max != 3)
		BAD("§3 acquisition: only the usable item counts (merger → 1–3), got %d–%d",
		    s.acquisition.min, s.acquisition.max);

	static const struct {
		int64_t c[3];
		int nfy;
		char band;
		int min, max;
		const char *fact;
	} conv[] = {
		{{2, 2, 2}, 3, 'D', 7, 12, "§3 conversions 6/3 = exactly 2 → D 7–12"},
		{{2, 2, 1}, 3, 'E', 1, 6, "§3 5/3 = 1.67 → E 1–6"},
		{{0, 0, 1}, 3, 'E', 1, 6, "§3 1/3: any conversion at all → E (Decision)"},
		{{0, 0, 0}, 3, 'F', 0, 0, "§3 none → F 0"},
		{{15, 0, 0}, 3, 'A', 25, 30, "§3 15/3 = exactly 5 → A 25–30"},
		{{3, 3, 0},
		 2,
		 'D',
		 7,
		 12,
		 "§3 two fiscal years, 6 conversions: divisor stays 3 → average 2 → D (Decision)"},
		{{12, 0, 0}, 1, 'B', 19, 24, "§3 one fiscal year, 12: 12/3 = 4 → B"},
	};
	for (size_t i = 0; i < sizeof conv / sizeof conv[0]; i++) {
		fixture_profile(&prof);
		int32_t f[3];
		for (int k = 0; k < conv[i].nfy; k++) {
			f[k] = 2024 - conv[i].nfy + k;
			Y(f[k])->conversions = conv[i].c[k];
		}
		score_compute(rs(), &prof, f, conv[i].nfy, &s);
		if (s.conversion_band != conv[i].band || s.conversion.min != conv[i].min ||
		    s.conversion.max != conv[i].max)
			BAD("%s: %c %d–%d", conv[i].fact, s.conversion_band, s.conversion.min,
			    s.conversion.max);
	}

	/* missing parts span their whole range and name the field */
	fixture_profile(&prof);
	Y(2022)->total_liabilities = PROFILE_NONE;
	Y(2021)->sales = PROFILE_NONE;
	score_compute(rs(), &prof, fy, 3, &s);
	if (s.net_assets.pts.min != 0 || s.net_assets.pts.max != 10 || s.sales.pts.max != 10 ||
	    s.growth.min != 0 || s.growth.max != 20)
		BAD("§3 growth data missing → each 0–10");
	char buf[64];
	if (s.n_missing != 2 || strcmp(profile_missing_format(&s.missing[0], buf, sizeof buf),
				       "years[2022].total_liabilities"))
		BAD("§3 missing names years[2022].total_liabilities first, got %zu", s.n_missing);
	assert_int_equal(nbad, 0);
}

/* ------------------------------------------------------ TSME (rules.md §4) */

static void t_none(struct profile *p)
{
	(void)p;
}
static void t_staff_500(struct profile *p)
{
	(void)p;
	Y(2023)->staff = PEOPLE(500);
	Y(2023)->st_staff = PEOPLE(150);
}
static void t_staff_501(struct profile *p)
{
	(void)p;
	Y(2023)->staff = PEOPLE(501);
	Y(2023)->st_staff = PEOPLE(150);
}
static void t_sales_2yi(struct profile *p)
{
	(void)p;
	Y(2023)->sales = YUAN(200000000);
	Y(2023)->rd_total = Y(2023)->rd_domestic = WAN(1200); /* 6% → 50 */
}
static void t_sales_2yi_fen(struct profile *p)
{
	t_sales_2yi(p);
	Y(2023)->sales = YUAN(200000000) + 1;
}
static void t_assets_2yi_fen(struct profile *p)
{
	(void)p;
	Y(2023)->total_assets = YUAN(200000000) + 1;
}
/* staff 10% (4) + R&D 6% of sales (50) + 1 class II (6) = 60 exactly */
static void t_score_60(struct profile *p)
{
	Y(2023)->st_staff = PEOPLE(10);
	Y(2023)->rd_total = Y(2023)->rd_domestic = WAN(180); /* 6% of 3000万 */
	set_ip(0, 1, 0);
	(void)p;
}
/* staff 9.99% (0) + R&D one fen under 6% (40) + 4 class II (24) = 64 */
static void t_staff_zero_64(struct profile *p)
{
	t_score_60(p);
	Y(2023)->rd_total = Y(2023)->rd_domestic = WAN(180) - 1;
	set_ip(0, 4, 0);
	Y(2023)->st_staff = PEOPLE(10) - 1;
}
/* staff 15% (8) + R&D 3% (20) + class I (30) = 58 */
static void t_score_58(struct profile *p)
{
	(void)p;
	Y(2023)->st_staff = PEOPLE(15);
	Y(2023)->rd_total = Y(2023)->rd_domestic = WAN(90);
}
static void t_used_class2_count(struct profile *p)
{
	(void)p;
	set_ip(0, 1, 3); /* 4 valid class II, 3 of them used in HNTE: TSME counts 4 → 24 */
}
static void t_rd_best_of_two(struct profile *p)
{
	(void)p;
	Y(2023)->rd_total = Y(2023)->rd_domestic = WAN(30); /* 1% of sales → 0 */
	Y(2023)->cost_expense_total = WAN(100);		    /* 30% of cost → 50 */
}
static void t_direct_staff_zero(struct profile *p)
{
	Y(2023)->st_staff = 0;
	p->tsme.provincial_rd_institution = 1;
}
static void t_direct_base_fails(struct profile *p)
{
	p->tsme.led_standard_5y = 1;
	p->tsme.negative_list_industry = 1;
}
static void t_hnte_cert_route(struct profile *p)
{
	Y(2023)->st_staff = 0;
	p->hnte_issued_on = day("2021-12-03"); /* valid until 2024-12-02 */
}
static void t_hnte_cert_expired(struct profile *p)
{
	Y(2023)->st_staff = 0;
	p->hnte_issued_on = day("2021-06-30"); /* last valid day 2024-06-29 */
}
static void t_base_unknown_score_fails(struct profile *p)
{
	(void)p;
	Y(2023)->total_assets = PROFILE_NONE;
	Y(2023)->st_staff = PEOPLE(9); /* staff score 0 */
}
static void t_sales_missing_cost_known(struct profile *p)
{
	(void)p;
	Y(2023)->sales = PROFILE_NONE; /* R&D/cost = 8% → 0, R&D/sales unknown */
}
static void t_rd_missing_max_below(struct profile *p)
{
	(void)p;
	Y(2023)->rd_total = PROFILE_NONE;
	Y(2023)->st_staff = PEOPLE(10); /* 4 */
	set_ip(0, 0, 0);		/* 0 → at most 4 + 50 + 0 = 54 */
}
static void t_rd_missing_undecided(struct profile *p)
{
	(void)p;
	Y(2023)->rd_total = PROFILE_NONE; /* 12 + ? + 30: 42–92 */
}
static void t_staff_zero_st_missing(struct profile *p)
{
	(void)p;
	Y(2023)->staff = 0;
	Y(2023)->st_staff = PROFILE_NONE;
}
static void t_absent_flags(struct profile *p)
{
	(void)p; /* the fixture leaves every flag absent: favourable, listed as assumed */
}

struct tsme_case {
	const char *fact;
	void (*set)(struct profile *);
	int verdict;
	int score; /* expected score, −1 when it must be unknown, ANY */
};

static const struct tsme_case tsme_cases[] = {
	{"§4 fixture: 12 + 50 + 30 = 92 → pass", t_none, TSME_VERDICT_PASS, 92},
	{"§4 staff exactly 500 → within the cap", t_staff_500, TSME_VERDICT_PASS, 20 + 50 + 30},
	{"§4 staff 501 → fail", t_staff_501, TSME_VERDICT_FAIL, ANY},
	{"§4 sales exactly 200,000,000.00 → within the cap", t_sales_2yi, TSME_VERDICT_PASS, ANY},
	{"§4 sales 200,000,000.01 → fail", t_sales_2yi_fen, TSME_VERDICT_FAIL, ANY},
	{"§4 total assets 200,000,000.01 → fail", t_assets_2yi_fen, TSME_VERDICT_FAIL, ANY},
	{"§4 4 + 50 + 6 = exactly 60 with staff > 0 → pass", t_score_60, TSME_VERDICT_PASS, 60},
	{"§4 staff ratio 9.99% scores 0 → fail with 64", t_staff_zero_64, TSME_VERDICT_FAIL,
	 0 + 40 + 24},
	{"§4 8 + 20 + 30 = 58 < 60 → fail", t_score_58, TSME_VERDICT_FAIL, 58},
	{"§4 TSME counts every valid class II, used ones too (4 → 24)", t_used_class2_count,
	 TSME_VERDICT_PASS, 12 + 50 + 24},
	{"§4 R&D: the higher of sales ratio (0) and cost ratio 30% (50)", t_rd_best_of_two,
	 TSME_VERDICT_PASS, 12 + 50 + 30},
	{"§4 direct route (provincial R&D institution) passes with staff score 0",
	 t_direct_staff_zero, TSME_VERDICT_PASS, 0 + 50 + 30},
	{"§4 a direct route does not override a failed base condition", t_direct_base_fails,
	 TSME_VERDICT_FAIL, ANY},
	{"§4/§5 a valid HNTE certificate on apply_on is a direct route", t_hnte_cert_route,
	 TSME_VERDICT_PASS, ANY},
	{"§4/§5 a certificate whose last valid day was the day before apply_on is not",
	 t_hnte_cert_expired, TSME_VERDICT_FAIL, ANY},
	{"§4 (review fix): base unknown (assets absent) but staff score 0 and no route → fail",
	 t_base_unknown_score_fails, TSME_VERDICT_FAIL, ANY},
	{"§4 (review fix): sales absent → the R&D score is unknown, not the cost ratio's 0",
	 t_sales_missing_cost_known, TSME_VERDICT_INCOMPLETE, -1},
	{"§4 (review fix): R&D absent but at most 4 + 50 + 0 = 54 < 60 → fail",
	 t_rd_missing_max_below, TSME_VERDICT_FAIL, -1},
	{"§0/§4 (review fix): staff 0 known, st_staff absent → staff score 0 → fail",
	 t_staff_zero_st_missing, TSME_VERDICT_FAIL, 0 + 50 + 30},
	{"§4 R&D absent, 42–92 → incomplete", t_rd_missing_undecided, TSME_VERDICT_INCOMPLETE, -1},
	{"§1 absent TSME flags are favourable (listed as assumed)", t_absent_flags,
	 TSME_VERDICT_PASS, ANY},
};

static void test_tsme(void **state)
{
	(void)state;
	nbad = 0;
	for (size_t i = 0; i < sizeof tsme_cases / sizeof tsme_cases[0]; i++) {
		const struct tsme_case *c = &tsme_cases[i];
		fixture_profile(&prof);
		c->set(&prof);
		run();
		const struct tsme_result *t = &res.tsme;
		if ((int)t->verdict != c->verdict)
			BAD("%s: verdict %s", c->fact, tsme_verdict_name(t->verdict));
		if (c->score == -1 && t->score_known)
			BAD("%s: score should be unknown, got %d", c->fact, t->score);
		if (c->score >= 0 && (!t->score_known || t->score != c->score))
			BAD("%s: score %d (known %d)", c->fact, t->score, t->score_known);
	}
	/* the absent flags are named */
	fixture_profile(&prof);
	run();
	unsigned want = (1u << TSME_B_RESIDENT) | (1u << TSME_B_AUDIT_COLLECTION) |
			(1u << TSME_B_RESTRICTED_INDUSTRY) | (1u << TSME_B_NEGATIVE_LIST) |
			(1u << TSME_B_INTEGRITY);
	if ((res.tsme.assumed & want) != want)
		BAD("§1 the five base flags absent are listed as assumed: %x", res.tsme.assumed);
	assert_int_equal(nbad, 0);
}

/* --------------------------------------------- certificates (rules.md §5) */

static void test_certificate(void **state)
{
	(void)state;
	nbad = 0;
	static const struct {
		const char *issued, *apply, *until;
		int status;
		const char *fact;
	} rows[] = {
		{"2022-01-01", "2024-12-31", "2024-12-31", ASSESS_CERT_EXPIRING,
		 "§5 issued 1 Jan 2022: last valid day 31 Dec 2024"},
		{"2022-01-01", "2025-01-01", "2024-12-31", ASSESS_CERT_EXPIRED,
		 "§5 the third anniversary is past the validity"},
		{"2022-01-01", "2023-12-31", "2024-12-31", ASSESS_CERT_VALID,
		 "§5 not yet in its last calendar year"},
		{"2022-01-01", "2024-01-01", "2024-12-31", ASSESS_CERT_EXPIRING,
		 "§5 1 Jan of the last calendar year: expiring"},
		{"2022-01-01", "2022-01-01", "2024-12-31", ASSESS_CERT_VALID, "§5 the issue day"},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		fixture_profile(&prof);
		prof.hnte_issued_on = day(rows[i].issued);
		prof.apply_on = day(rows[i].apply);
		struct assess_cert c;
		assess_certificate(rs(), &prof, &c);
		if ((int)c.status != rows[i].status || c.valid_until != day(rows[i].until))
			BAD("%s: %s", rows[i].fact, assess_cert_status_name(c.status));
	}
	assert_int_equal(nbad, 0);
}

/* ------------------------------------------------ gap texts (rules.md §6) */

static void test_gap_c5_without_sales(void **state)
{
	(void)state;
	nbad = 0;
	fixture_profile(&prof);
	c5_flat(WAN(10), 0); /* Σ sales = 0: no R&D amount can reach the ratio this year */
	run();
	const struct gaps_item *g = NULL;
	for (size_t i = 0; i < res.gaps.n; i++)
		if (res.gaps.items[i].id == GAPS_C5)
			g = &res.gaps.items[i];
	assert_non_null(g);
	struct strbuf sb;
	strbuf_init(&sb, 0);
	assert_int_equal(report_gap_message(&res, &prof, g, &sb), 0);
	/* review fix: it said "研发费用还差-300000.00元" */
	if (strstr(strbuf_cstr(&sb), "-"))
		BAD("§6 C5 gap with no sales shows a negative amount: %s", strbuf_cstr(&sb));
	strbuf_cleanup(&sb);
	assert_int_equal(nbad, 0);
}

static void test_earliest_year_partial(void **state)
{
	(void)state;
	nbad = 0;
	/* §6: C5 fails on its ratio while a domestic figure is missing: the C5 gap is
	 * sized, but no earliest year can be promised */
	fixture_profile(&prof);
	c5_flat(WAN(10), WAN(1000));
	Y(2022)->rd_domestic = PROFILE_NONE;
	run();
	if (res.hnte.c[HNTE_C5].status != HNTE_FAIL || res.gaps.earliest_year != 0)
		BAD("§6 earliest year with C5 partly missing: status %d, year %d",
		    (int)res.hnte.c[HNTE_C5].status, res.gaps.earliest_year);
	/* the same with every figure known (1%): R&D can be raised in 2024 → 2025 */
	Y(2022)->rd_domestic = WAN(10);
	run();
	if (res.gaps.earliest_year != 2025)
		BAD("§6 earliest year with C5 failing on known data: %d", res.gaps.earliest_year);
	assert_int_equal(nbad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fiscal_years),
		cmocka_unit_test(test_hnte_conditions),
		cmocka_unit_test(test_rd_totals),
		cmocka_unit_test(test_growth_exact),
		cmocka_unit_test(test_score_parts),
		cmocka_unit_test(test_tsme),
		cmocka_unit_test(test_certificate),
		cmocka_unit_test(test_gap_c5_without_sales),
		cmocka_unit_test(test_earliest_year_partial),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
