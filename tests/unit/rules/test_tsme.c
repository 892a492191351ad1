/* Tests of rules/tsme: the technology-based SME evaluation (rules.md §4). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "rules/tsme.h"
#include "support/rules_fixture.h"

static struct profile prof;
static struct tsme_result res;

static const struct ruleset *rs(void)
{
	return ruleset_find("hnte-2016+tsme-2022");
}

static int setup(void **state)
{
	(void)state;
	profile_init(&prof);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	profile_cleanup(&prof);
	return 0;
}

static void set_ip(int class1, int class2, int class2_used)
{
	prof.n_ip = 0;
	prof.ip_given = 1;
	for (int i = 0; i < class1 + class2 + class2_used; i++) {
		struct profile_ip *ip = NULL;
		profile_add_ip(&prof, &ip, NULL);
		ip->kind = i < class1 ? PROFILE_IP_INVENTION_PATENT : PROFILE_IP_SOFTWARE_COPYRIGHT;
		ip->used_in_recognition = i >= class1 + class2 ? 2021 : 0;
	}
}

/* rules-sources §10 TSME vectors; data year 2023: staff 100, sales 1000万. */
struct vec {
	int st_staff; /* of 100 */
	int64_t rd;   /* fen */
	int64_t cost; /* fen, or PROFILE_NONE */
	int class1, class2;
	int pts[3], total, pass;
	const char *fact;
};

static const struct vec vecs[] = {
	{10, WAN(30), PROFILE_NONE, 0, 2, {4, 20, 12}, 36, 0, "10%, 3%, two class II: 36 fails"},
	{9, WAN(60), PROFILE_NONE, 1, 0, {0, 50, 30}, 80, 0, "staff 9% scores 0: fails with 80"},
	{30,
	 WAN(19),
	 WAN(190),
	 0,
	 4,
	 {20, 10, 24},
	 54,
	 0,
	 "R&D 1.9% of sales (0) but 10% of cost (10): 54 fails"},
	{25, WAN(50), PROFILE_NONE, 0, 1, {16, 40, 6}, 62, 1, "25%, 5%, one class II: 62 passes"},
	{15, WAN(40), YUAN(1818182), 0, 3, {8, 30, 18}, 56, 0, "15%, 4% / 22%, three class II: 56"},
};

static void test_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof vecs / sizeof vecs[0]; i++) {
		const struct vec *v = &vecs[i];
		fixture_profile(&prof);
		struct profile_year *y = &prof.years[2];
		y->staff = PEOPLE(100);
		y->st_staff = PEOPLE(v->st_staff);
		y->sales = WAN(1000);
		y->rd_total = y->rd_domestic = v->rd;
		y->cost_expense_total = v->cost;
		set_ip(v->class1, v->class2, 0);
		tsme_assess(rs(), &prof, 0, &res);
		if (res.st_staff_pts != v->pts[0] || res.rd_pts != v->pts[1] ||
		    res.ip_pts != v->pts[2])
			fail_msg("%s: %d, %d, %d", v->fact, res.st_staff_pts, res.rd_pts,
				 res.ip_pts);
		assert_int_equal(res.score, v->total);
		if ((res.verdict == TSME_VERDICT_PASS) != v->pass)
			fail_msg("%s: verdict %s", v->fact, tsme_verdict_name(res.verdict));
	}
}

static void test_staff_and_rd_band_edges(void **state)
{
	(void)state;
	static const struct {
		int64_t st;
		int pts;
	} staff[] = {{PEOPLE(30), 20}, {PEOPLE(30) - 1, 16}, {PEOPLE(25), 16},	 {PEOPLE(20), 12},
		     {PEOPLE(15), 8},  {PEOPLE(10), 4},	     {PEOPLE(10) - 1, 0}};
	static const struct {
		int64_t rd;
		int pts;
	} rd[] = {{WAN(60), 50}, {WAN(60) - 1, 40}, {WAN(50), 40},   {WAN(40), 30},
		  {WAN(30), 20}, {WAN(20), 10},	    {WAN(20) - 1, 0}};
	fixture_profile(&prof);
	prof.years[2].staff = PEOPLE(100);
	prof.years[2].sales = WAN(1000);
	prof.years[2].cost_expense_total = PROFILE_NONE;
	for (size_t i = 0; i < sizeof staff / sizeof staff[0]; i++) {
		prof.years[2].st_staff = staff[i].st;
		tsme_assess(rs(), &prof, 0, &res);
		if (res.st_staff_pts != staff[i].pts)
			fail_msg("S&T staff %lld/10000: %d points", (long long)staff[i].st,
				 res.st_staff_pts);
	}
	for (size_t i = 0; i < sizeof rd / sizeof rd[0]; i++) {
		prof.years[2].rd_total = rd[i].rd;
		tsme_assess(rs(), &prof, 0, &res);
		if (res.rd_pts != rd[i].pts)
			fail_msg("R&D %lld fen of 1000万: %d points", (long long)rd[i].rd,
				 res.rd_pts);
	}
}

static void test_size_caps_inclusive(void **state)
{
	(void)state;
	static const struct {
		int64_t staff, sales, assets;
		int pass;
		const char *fact;
	} rows[] = {
		{PEOPLE(500), YUAN(200000000), YUAN(200000000), 1,
		 "500 staff, 2亿 sales and assets: at the limit"},
		{PEOPLE(500) + 1, YUAN(200000000), YUAN(200000000), 0, "500.01 staff"},
		{PEOPLE(500), YUAN(200000000) + 1, YUAN(200000000), 0, "sales one fen above 2亿"},
		{PEOPLE(500), YUAN(200000000), YUAN(200000000) + 1, 0, "assets one fen above 2亿"},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		fixture_profile(&prof);
		struct profile_year *y = &prof.years[2];
		y->staff = rows[i].staff;
		y->st_staff = PEOPLE(150);
		y->sales = rows[i].sales;
		y->total_assets = rows[i].assets;
		y->rd_total = y->rd_domestic = YUAN(12000000); /* 6% of sales */
		tsme_assess(rs(), &prof, 0, &res);
		if ((res.verdict == TSME_VERDICT_PASS) != rows[i].pass)
			fail_msg("%s: %s", rows[i].fact, tsme_verdict_name(res.verdict));
	}
}

static void test_direct_routes_and_flags(void **state)
{
	(void)state;
	/* a weak firm (staff score 0) passes by a valid HNTE certificate */
	fixture_profile(&prof);
	prof.years[2].st_staff = PEOPLE(5);
	tsme_assess(rs(), &prof, 0, &res);
	assert_int_equal(res.verdict, TSME_VERDICT_FAIL);
	tsme_assess(rs(), &prof, 1, &res);
	assert_int_equal(res.verdict, TSME_VERDICT_PASS);
	assert_true(res.routes & (1u << TSME_R_HNTE_CERTIFICATE));
	prof.tsme.led_standard_5y = 1;
	tsme_assess(rs(), &prof, 0, &res);
	assert_int_equal(res.verdict, TSME_VERDICT_PASS);
	/* a direct route still needs the base conditions */
	prof.tsme.audit_collection = 0; /* 核定征收 */
	tsme_assess(rs(), &prof, 1, &res);
	assert_int_equal(res.verdict, TSME_VERDICT_FAIL);
	/* the 2017 rules have no audit-collection condition */
	tsme_assess(ruleset_find("hnte-2016+tsme-2017"), &prof, 1, &res);
	assert_int_equal(res.base[TSME_B_AUDIT_COLLECTION], TSME_NA);
	assert_int_equal(res.verdict, TSME_VERDICT_PASS);
	/* absent flags are favourable and listed as assumed */
	fixture_profile(&prof);
	tsme_assess(rs(), &prof, 0, &res);
	assert_true(res.assumed & (1u << TSME_B_RESIDENT));
	assert_true(res.assumed & (1u << TSME_B_INTEGRITY));
	assert_int_equal(res.base[TSME_B_RESIDENT], TSME_OK);
	prof.tsme.resident = 0;
	tsme_assess(rs(), &prof, 0, &res);
	assert_int_equal(res.verdict, TSME_VERDICT_FAIL);
}

static void test_ip_counts_every_valid_class2(void **state)
{
	(void)state;
	fixture_profile(&prof);
	set_ip(0, 1, 3); /* one unused and three already used in an HNTE recognition */
	tsme_assess(rs(), &prof, 0, &res);
	assert_int_equal(res.ip_pts, 24); /* TSME counts all four */
}

static void test_incident_and_missing(void **state)
{
	(void)state;
	fixture_profile(&prof);
	profile_add_incident(&prof, PROFILE_INC_SERIOUS_ENV, day("2023-03-01"), NULL);
	tsme_assess(rs(), &prof, 0, &res);
	assert_int_equal(res.base[TSME_B_NO_INCIDENT], TSME_NO); /* in the data year */
	assert_int_equal(res.verdict, TSME_VERDICT_FAIL);
	fixture_profile(&prof);
	prof.years[2].total_assets = PROFILE_NONE;
	tsme_assess(rs(), &prof, 0, &res);
	assert_int_equal(res.verdict, TSME_VERDICT_INCOMPLETE);
	assert_int_equal(res.missing[0].field, PROFILE_F_TOTAL_ASSETS);
	assert_int_equal(res.missing[0].year, 2023);
}

/* rules.md §1: a firm with no data year (registered in the year of apply_on) fails. */
static void test_no_data_year(void **state)
{
	(void)state;
	/* registered on 1 January of the application year: no data year */
	fixture_profile(&prof);
	prof.registered_on = day("2024-01-01");
	tsme_assess(rs(), &prof, 0, &res);
	assert_int_equal(res.verdict, TSME_VERDICT_FAIL);
	assert_int_equal(res.no_data_until, 2025);
	assert_int_equal(res.n_missing, 0); /* nothing to fill in */
	/* the fixture's 2023 figures are before the registration: not used */
	assert_int_equal(res.st_staff_pts, 0);
	assert_int_equal(res.rd_pts, 0);
	assert_int_equal(res.base[TSME_B_STAFF], TSME_UNKNOWN);
	assert_int_equal(tsme_no_data_until(&prof), 2025);

	/* registered in the application year, figures stored for that same year: not used */
	fixture_profile(&prof);
	prof.registered_on = day("2024-06-30");
	prof.apply_on = day("2024-12-31");
	prof.n_years = 0;
	fixture_year(&prof, 2024);
	tsme_assess(rs(), &prof, 0, &res);
	assert_int_equal(res.verdict, TSME_VERDICT_FAIL);
	assert_int_equal(res.data_year, 2023);
	assert_int_equal(res.no_data_until, 2025);
	assert_int_equal(res.n_missing, 0);
	assert_int_equal(res.st_staff_pts + res.rd_pts, 0);

	/* no IP given either: still nothing asked for */
	prof.ip_given = 0;
	prof.n_ip = 0;
	tsme_assess(rs(), &prof, 0, &res);
	assert_int_equal(res.verdict, TSME_VERDICT_FAIL);
	assert_int_equal(res.n_missing, 0);

	/* registered on 31 December of the year before: one data year, evaluated as usual */
	fixture_profile(&prof);
	prof.registered_on = day("2023-12-31");
	tsme_assess(rs(), &prof, 0, &res);
	assert_int_equal(res.no_data_until, 0);
	assert_int_equal(tsme_no_data_until(&prof), 0);
	assert_int_equal(res.verdict, TSME_VERDICT_PASS);
	assert_true(res.st_staff_pts > 0);
	/* … and without that year's figures it asks for them */
	prof.n_years = 2; /* drops 2023 (years are 2021–2023 in order) */
	tsme_assess(rs(), &prof, 0, &res);
	assert_int_equal(res.verdict, TSME_VERDICT_INCOMPLETE);
	assert_int_equal(res.missing[0].field, PROFILE_F_YEAR);
	assert_int_equal(res.missing[0].year, 2023);

	/* registration date unknown: the data year is asked for, never assumed away */
	fixture_profile(&prof);
	prof.registered_on = PROFILE_NO_DATE;
	assert_int_equal(tsme_no_data_until(&prof), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_staff_and_rd_band_edges),
		cmocka_unit_test(test_size_caps_inclusive),
		cmocka_unit_test(test_direct_routes_and_flags),
		cmocka_unit_test(test_ip_counts_every_valid_class2),
		cmocka_unit_test(test_incident_and_missing),
		cmocka_unit_test(test_no_data_year),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
