/* Tests of rules/hnte: the eight HNTE conditions, R&D totals and the verdict (rules.md §2). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "rules/assess.h"
#include "rules/fields.h"
#include "rules/hnte.h"
#include "support/rules_fixture.h"

static struct fields_table fields;
static struct profile prof;
static struct hnte_result res;

static const struct ruleset *rs2016(void)
{
	return ruleset_find("hnte-2016+tsme-2022");
}

static void run(void)
{
	hnte_assess(rs2016(), &fields, &prof, &res);
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

static void test_fixture_passes(void **state)
{
	(void)state;
	fixture_profile(&prof);
	run();
	for (int i = 0; i < HNTE_NCOND; i++)
		if (res.c[i].status != HNTE_PASS)
			fail_msg("fixture: %s should pass", hnte_cond_name((enum hnte_cond_id)i));
	assert_int_equal(res.verdict, HNTE_VERDICT_PASS);
	assert_int_equal(res.nfy, 3);
	assert_int_equal(res.fy[0], 2021);
	assert_int_equal(res.fy[2], 2023);
}

/* ---- C5: rules-sources §10 vectors (万元) ---- */
struct c5_case {
	int rd[3], sales[3];
	int required_bp;
	int pass;
	const char *fact;
};

static const struct c5_case c5_cases[] = {
	{{250, 260, 270},
	 {4800, 5000, 5000},
	 500,
	 1,
	 "last year 5,000万 ≤ 5,000万 → 5%; 5.270% passes"},
	{{150, 150, 150}, {4000, 4500, 5000}, 500, 0, "3.333% is below 5%"},
	{{200, 220, 240}, {5000, 5200, 5001}, 400, 1, "last year 5,001万 → 4%; 4.342% passes"},
	{{600, 600, 600}, {19000, 20000, 20000}, 400, 0, "last year 2亿 ≤ 2亿 → 4%; 3.051% fails"},
	{{600, 600, 700}, {19000, 20000, 20001}, 300, 1, "last year above 2亿 → 3%; 3.220% passes"},
};

static void test_c5_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof c5_cases / sizeof c5_cases[0]; i++) {
		const struct c5_case *c = &c5_cases[i];
		fixture_profile(&prof);
		for (int k = 0; k < 3; k++) {
			prof.years[k].rd_total = prof.years[k].rd_domestic = WAN(c->rd[k]);
			prof.years[k].sales = WAN(c->sales[k]);
		}
		run();
		if (res.c[HNTE_C5].required_bp != c->required_bp)
			fail_msg("%s: required %lld", c->fact,
				 (long long)res.c[HNTE_C5].required_bp);
		if ((res.c[HNTE_C5].status == HNTE_PASS) != c->pass)
			fail_msg("%s: status %d", c->fact, res.c[HNTE_C5].status);
	}
}

/* Last-year sales exactly 50,000,000.00 and one fen more; R&D 2,649,999.99 over Σ sales 53,000,000.
 */
struct c5_edge {
	int64_t last_sales, rd_last;
	int required_bp;
	int pass;
	const char *fact;
};

static const struct c5_edge c5_edges[] = {
	{YUAN(50000000), YUAN(2649999) + 99, 500, 0,
	 "last year 50,000,000.00 → 5%; R&D 2,649,999.99 of 53,000,000.00 is one fen short"},
	{YUAN(50000000), YUAN(2650000), 500, 1, "R&D 2,650,000.00 of 53,000,000.00 is exactly 5%"},
	{YUAN(50000000) + 1, YUAN(2120000), 400, 1,
	 "last year 50,000,000.01 → 4%; 2,120,000.01 of 53,000,000.01 ≥ 4%"},
	{YUAN(200000000), YUAN(8119999) + 99, 400, 0,
	 "last year 200,000,000.00 → 4%; 8,119,999.99 of 203,000,000.00 is short"},
	{YUAN(200000000) + 1, YUAN(6090000), 300, 0,
	 "last year 200,000,000.01 → 3%; 6,090,000.00 of 203,000,000.01 is short by 0.0003 fen"},
	{YUAN(200000000) + 1, YUAN(6090000) + 1, 300, 1, "6,090,000.01 of 203,000,000.01 passes"},
};

static void test_c5_sales_band_edges(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof c5_edges / sizeof c5_edges[0]; i++) {
		const struct c5_edge *c = &c5_edges[i];
		fixture_profile(&prof);
		prof.years[0].sales = YUAN(1500000);
		prof.years[1].sales = YUAN(1500000);
		prof.years[2].sales = c->last_sales;
		prof.years[0].rd_total = prof.years[0].rd_domestic = 0;
		prof.years[1].rd_total = prof.years[1].rd_domestic = 0;
		prof.years[2].rd_total = prof.years[2].rd_domestic = c->rd_last;
		if (i == 2)
			prof.years[2].rd_total = prof.years[2].rd_domestic = YUAN(2120000) + 1;
		run();
		assert_int_equal(hnte_c5_required_bp(rs2016(), c->last_sales), c->required_bp);
		if ((res.c[HNTE_C5].status == HNTE_PASS) != c->pass)
			fail_msg("%s", c->fact);
	}
}

static void test_c5_zero_sales_or_rd_fail(void **state)
{
	(void)state;
	fixture_profile(&prof);
	for (int k = 0; k < 3; k++)
		prof.years[k].sales = 0;
	run();
	assert_int_equal(res.c[HNTE_C5].status, HNTE_FAIL); /* Σ sales = 0: never divides */
	fixture_profile(&prof);
	for (int k = 0; k < 3; k++)
		prof.years[k].rd_total = prof.years[k].rd_domestic = 0;
	run();
	assert_int_equal(res.c[HNTE_C5].status, HNTE_FAIL);
}

static void test_c5_domestic_share(void **state)
{
	(void)state;
	/* R&D 200万 a year; domestic exactly 60% passes, 0.01 元 less in one year fails */
	fixture_profile(&prof);
	for (int k = 0; k < 3; k++)
		prof.years[k].rd_domestic = WAN(120);
	run();
	assert_int_equal(res.c[HNTE_C5].domestic_ok, 1);
	assert_int_equal(res.c[HNTE_C5].status, HNTE_PASS);
	prof.years[1].rd_domestic = WAN(120) - 1;
	run();
	assert_int_equal(res.c[HNTE_C5].domestic_ok, 0);
	assert_int_equal(res.c[HNTE_C5].ratio_ok, 1);
	assert_int_equal(res.c[HNTE_C5].status, HNTE_FAIL);
}

/* ---- R&D from categories: 80% entrusted, other ≤ 20% of the total ---- */
struct rd_case {
	int64_t personnel, other, ent_dom, ent_over;
	int64_t total_x5, domestic_x5; /* expected totals ×5 in fen (exact: 80% = 4/5) */
	const char *fact;
};

static const struct rd_case rd_cases[] = {
	{YUAN(100), 0, YUAN(10), 0, YUAN(108) * 5, YUAN(108) * 5,
	 "entrusted domestic 10 元 counts as 8 元"},
	{YUAN(100), YUAN(27), YUAN(10), 0, YUAN(135) * 5, YUAN(135) * 5,
	 "other 27 = A/4 with A = 108: all counted (20% of 135)"},
	{YUAN(100), YUAN(28), YUAN(10), 0, YUAN(135) * 5, YUAN(135) * 5,
	 "other 28 > A/4: capped at 27"},
	{YUAN(100), 0, 0, YUAN(10), YUAN(108) * 5, YUAN(100) * 5,
	 "overseas 10 counts 8 in the total, none in domestic"},
	{1, 0, 1, 0, 9, 9, "1 fen + 80% of 1 fen = 1.8 fen exactly (9/5)"},
	{1, 1, 0, 0, 5, 5, "other 1 fen over A = 1 fen: cap 0.25 fen → total 1.25 fen"},
};

static void test_rd_categories(void **state)
{
	(void)state;
	const struct ruleset *rs = rs2016();
	const int64_t scale = hnte_rd_scale(rs);
	assert_int_equal(scale, 800000);
	for (size_t i = 0; i < sizeof rd_cases / sizeof rd_cases[0]; i++) {
		const struct rd_case *c = &rd_cases[i];
		struct profile_year y;
		profile_year_init(&y, 2023);
		y.rd_given = 1;
		y.rd[PROFILE_RD_PERSONNEL] = c->personnel;
		y.rd[PROFILE_RD_OTHER] = c->other;
		y.rd[PROFILE_RD_ENTRUSTED_DOMESTIC] = c->ent_dom;
		y.rd[PROFILE_RD_ENTRUSTED_OVERSEAS] = c->ent_over;
		__int128 t = 0, d = 0;
		assert_int_equal(hnte_rd_year(rs, &y, &t, &d), 3);
		if (i == 5) {
			/* 1.25 fen = 5/4 fen */
			if (t * 4 != (__int128)5 * scale)
				fail_msg("%s", c->fact);
			continue;
		}
		if (t * 5 != (__int128)c->total_x5 * scale ||
		    d * 5 != (__int128)c->domestic_x5 * scale)
			fail_msg("%s", c->fact);
	}
}

/* ---- C1: 365 calendar days, leap years ---- */
struct c1_case {
	const char *registered, *apply;
	int pass;
	const char *fact;
};

static const struct c1_case c1_cases[] = {
	{"2023-03-01", "2024-02-29", 1, "365 days reached on 2024-02-29, before the anniversary"},
	{"2023-03-01", "2024-02-28", 0, "364 days across a leap February"},
	{"2024-03-01", "2025-03-01", 1, "365 days = the anniversary in a common year"},
	{"2024-03-01", "2025-02-28", 0, "364 days"},
	{"2024-06-30", "2024-06-30", 0, "registered on the application day: 0 days"},
};

static void test_c1_days(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof c1_cases / sizeof c1_cases[0]; i++) {
		const struct c1_case *c = &c1_cases[i];
		fixture_profile(&prof);
		prof.registered_on = day(c->registered);
		prof.apply_on = day(c->apply);
		run();
		if ((res.c[HNTE_C1].status == HNTE_PASS) != c->pass)
			fail_msg("%s", c->fact);
	}
	fixture_profile(&prof);
	prof.registered_on = PROFILE_NO_DATE;
	run();
	assert_int_equal(res.c[HNTE_C1].status, HNTE_UNKNOWN);
	assert_int_equal(res.c[HNTE_C1].missing[0].field, PROFILE_F_REGISTERED_ON);
	assert_int_equal(res.verdict, HNTE_VERDICT_INCOMPLETE);
}

/* ---- C2: usable IP ---- */
struct c2_case {
	enum profile_ip_kind kind;
	const char *granted;
	int used_in, valid;
	int pass;
	const char *fact;
};

static const struct c2_case c2_cases[] = {
	{PROFILE_IP_SOFTWARE_COPYRIGHT, "2022-01-01", 0, 1, 1, "an unused class II item counts"},
	{PROFILE_IP_SOFTWARE_COPYRIGHT, "2022-01-01", 2021, 1, 0,
	 "a class II item already used in the 2021 recognition does not"},
	{PROFILE_IP_INVENTION_PATENT, "2022-01-01", 2021, 1, 1, "class I has no single-use limit"},
	{PROFILE_IP_INVENTION_PATENT, "2024-07-01", 0, 1, 0,
	 "granted the day after apply_on: not yet"},
	{PROFILE_IP_INVENTION_PATENT, "2024-06-30", 0, 1, 1, "granted on apply_on counts"},
	{PROFILE_IP_UTILITY_MODEL, "2020-01-01", 0, 0, 0, "a lapsed item does not count"},
};

static void test_c2_usable_ip(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof c2_cases / sizeof c2_cases[0]; i++) {
		const struct c2_case *c = &c2_cases[i];
		fixture_profile(&prof);
		prof.ip[0].kind = c->kind;
		prof.ip[0].granted_on = day(c->granted);
		prof.ip[0].used_in_recognition = c->used_in;
		prof.ip[0].valid = c->valid;
		run();
		if ((res.c[HNTE_C2].status == HNTE_PASS) != c->pass)
			fail_msg("%s", c->fact);
	}
	fixture_profile(&prof);
	prof.n_ip = 0;
	run();
	assert_int_equal(res.c[HNTE_C2].status, HNTE_FAIL); /* no IP at all: automatic fail */
	assert_int_equal(res.verdict, HNTE_VERDICT_FAIL);
	prof.ip_given = 0;
	run();
	assert_int_equal(res.c[HNTE_C2].status, HNTE_UNKNOWN); /* IP list not given */
}

/* ---- C3: the field table ---- */
static void test_c3_field_codes(void **state)
{
	(void)state;
	const char *ok[] = {"10", "101", "10101", "80902", "504"};
	const char *bad[] = {"99999", "109", "1", "10113"};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		fixture_profile(&prof);
		setstr(prof.field, sizeof prof.field, ok[i]);
		run();
		if (res.c[HNTE_C3].status != HNTE_PASS)
			fail_msg("%s is a code of the field table", ok[i]);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		fixture_profile(&prof);
		setstr(prof.field, sizeof prof.field, bad[i]);
		run();
		if (res.c[HNTE_C3].status != HNTE_FAIL)
			fail_msg("%s is not a code of the field table", bad[i]);
	}
	fixture_profile(&prof);
	prof.field[0] = '\0';
	run();
	assert_int_equal(res.c[HNTE_C3].status, HNTE_UNKNOWN);
}

/* ---- C4 and C6: ratios at the edge ---- */
struct ratio_case {
	int64_t num, den, extra;
	int pass;
	const char *fact;
};

static const struct ratio_case c4_cases[] = {
	{PEOPLE(10), PEOPLE(100), 0, 1, "10 of 100 is exactly 10%"},
	{PEOPLE(10) - 1, PEOPLE(100), 0, 0, "9.99 of 100 is below 10%"},
	{PEOPLE(8) + 5, PEOPLE(80) + 50, 0, 1, "8.05 of 80.5 is exactly 10%"},
	{0, 0, 0, 0, "no staff at all: fail, never divides"},
};

static void test_c4_st_staff(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof c4_cases / sizeof c4_cases[0]; i++) {
		const struct ratio_case *c = &c4_cases[i];
		fixture_profile(&prof);
		prof.years[2].st_staff = c->num;
		prof.years[2].staff = c->den;
		run();
		if ((res.c[HNTE_C4].status == HNTE_PASS) != c->pass)
			fail_msg("%s", c->fact);
	}
}

static const struct ratio_case c6_cases[] = {
	{YUAN(600000), YUAN(1000000), 0, 1, "600,000 of 1,000,000 is exactly 60%"},
	{YUAN(600000) - 1, YUAN(1000000), 0, 0, "one fen less fails"},
	{YUAN(540000), YUAN(1000000), YUAN(100000), 1,
	 "non-taxable 100,000 leaves 900,000: 540,000 is exactly 60%"},
	{YUAN(100), YUAN(100000), YUAN(100000), 0, "total income 0: fail, never divides"},
};

static void test_c6_hitech_income(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof c6_cases / sizeof c6_cases[0]; i++) {
		const struct ratio_case *c = &c6_cases[i];
		fixture_profile(&prof);
		prof.years[2].hitech_income = c->num;
		prof.years[2].gross_income = c->den;
		prof.years[2].non_taxable_income = c->extra;
		run();
		if ((res.c[HNTE_C6].status == HNTE_PASS) != c->pass)
			fail_msg("%s", c->fact);
	}
	/* non_taxable_income absent counts as 0 */
	fixture_profile(&prof);
	prof.years[2].hitech_income = YUAN(600000);
	prof.years[2].gross_income = YUAN(1000000);
	prof.years[2].non_taxable_income = PROFILE_NONE;
	run();
	assert_int_equal(res.c[HNTE_C6].status, HNTE_PASS);
}

/* ---- C8: incidents in the 365 days before apply_on ---- */
struct c8_case {
	const char *on;
	int pass;
	const char *fact;
};

static const struct c8_case c8_cases[] = {
	{"2023-06-30", 1, "366 days back (2024 is leap): outside the window"},
	{"2023-07-01", 0, "exactly 365 days back: inside the window"},
	{"2024-06-30", 0, "on the application day"},
	{"2024-07-01", 1, "after the application day"},
};

static void test_c8_incident_window(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof c8_cases / sizeof c8_cases[0]; i++) {
		const struct c8_case *c = &c8_cases[i];
		fixture_profile(&prof);
		profile_add_incident(&prof, PROFILE_INC_MAJOR_SAFETY, day(c->on), NULL);
		run();
		if ((res.c[HNTE_C8].status == HNTE_PASS) != c->pass)
			fail_msg("%s", c->fact);
	}
	assert_int_equal(day("2024-06-30") - day("2023-07-01"), 365);
}

/* ---- fiscal years and operating time ---- */
static void test_two_year_firm(void **state)
{
	(void)state;
	fixture_profile(&prof);
	prof.registered_on = day("2022-01-10");
	run();
	assert_int_equal(res.nfy, 2); /* 2022 (the year of registration counts) and 2023 */
	assert_int_equal(res.fy[0], 2022);
	/* the pooled ratio uses the two years only: 400万 / 6000万 */
	assert_true(res.sales_sum == WAN(6000));
	/* net assets 3300 → 3630: 10% → D; sales flat: F */
	assert_int_equal(res.score.net_assets.band, 'D');
	assert_int_equal(res.score.sales.band, 'F');
}

static void test_missing_year_is_incomplete(void **state)
{
	(void)state;
	fixture_profile(&prof);
	prof.years[0].sales = PROFILE_NONE;
	run();
	assert_int_equal(res.c[HNTE_C5].status, HNTE_UNKNOWN);
	assert_int_equal(res.c[HNTE_C5].reason, HNTE_REASON_MISSING_DATA);
	assert_int_equal(res.c[HNTE_C5].missing[0].field, PROFILE_F_SALES);
	assert_int_equal(res.c[HNTE_C5].missing[0].year, 2021);
	assert_int_equal(res.verdict, HNTE_VERDICT_INCOMPLETE);
}

/* ---- C7 and the verdict ---- */
static void test_c7_and_verdict(void **state)
{
	(void)state;
	/* fixture min is 71: pass */
	fixture_profile(&prof);
	run();
	assert_int_equal(res.score.min, 71);
	assert_int_equal(res.c[HNTE_C7].status, HNTE_PASS);
	/* one point less at the minimum: advancement B (5–6) → [69, 82]: expert judgement */
	prof.qualitative.advancement.value = 'B';
	run();
	assert_int_equal(res.score.min, 69);
	assert_int_equal(res.c[HNTE_C7].status, HNTE_UNKNOWN);
	assert_int_equal(res.c[HNTE_C7].reason, HNTE_REASON_EXPERT);
	assert_int_equal(res.verdict, HNTE_VERDICT_BORDERLINE);
	/* a maximum of exactly 70 fails */
	fixture_profile(&prof);
	prof.qualitative.rd_org_points[0] = 0;
	prof.qualitative.rd_org_points[1] = 0;
	prof.qualitative.rd_org_points[2] = 0; /* rd_org 4 */
	prof.qualitative.advancement.kind = PROFILE_RATING_POINTS;
	prof.qualitative.advancement.value = 4; /* ip: 4+8+8+6+2 = 28 max */
	for (int k = 0; k < 3; k++)
		prof.years[k].conversions = 5; /* 15/3 = 5 → A 25–30 */
	/* growth max 4 (D) + 0: total max 28 + 30 + 4 + 4 = 66 */
	run();
	assert_int_equal(res.score.max, 66);
	assert_int_equal(res.c[HNTE_C7].status, HNTE_FAIL);
	prof.qualitative.rd_org_points[0] = 4; /* +4 → max 70 exactly */
	run();
	assert_int_equal(res.score.max, 70);
	assert_int_equal(res.c[HNTE_C7].status, HNTE_FAIL);
	prof.qualitative.rd_org_points[0] = 5; /* max 71 */
	run();
	assert_int_equal(res.score.max, 71);
	assert_int_equal(res.c[HNTE_C7].status, HNTE_UNKNOWN);
	/* missing conversions with an undecided range: missing_data, verdict incomplete */
	prof.years[0].conversions = PROFILE_NONE;
	run();
	assert_int_equal(res.c[HNTE_C7].status, HNTE_UNKNOWN);
	assert_int_equal(res.c[HNTE_C7].reason, HNTE_REASON_MISSING_DATA);
	assert_int_equal(res.verdict, HNTE_VERDICT_INCOMPLETE);
	/* a fail anywhere beats incomplete */
	prof.years[2].st_staff = 0;
	run();
	assert_int_equal(res.verdict, HNTE_VERDICT_FAIL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture_passes),
		cmocka_unit_test(test_c5_vectors),
		cmocka_unit_test(test_c5_sales_band_edges),
		cmocka_unit_test(test_c5_zero_sales_or_rd_fail),
		cmocka_unit_test(test_c5_domestic_share),
		cmocka_unit_test(test_rd_categories),
		cmocka_unit_test(test_c1_days),
		cmocka_unit_test(test_c2_usable_ip),
		cmocka_unit_test(test_c3_field_codes),
		cmocka_unit_test(test_c4_st_staff),
		cmocka_unit_test(test_c6_hitech_income),
		cmocka_unit_test(test_c8_incident_window),
		cmocka_unit_test(test_two_year_firm),
		cmocka_unit_test(test_missing_year_is_incomplete),
		cmocka_unit_test(test_c7_and_verdict),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
