/* Tests of rules/score: the innovation score ranges and growth rationals (rules.md §3). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/strbuf.h"
#include "rules/ratio.h"
#include "rules/score.h"
#include "support/rules_fixture.h"

static struct profile prof;
static struct score_result res;
static const int32_t fy3[3] = {2021, 2022, 2023};

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

/* ---- growth: rules-sources §10 (values in fen of 万元 ×100 so that 1102.5 is exact) ---- */
struct growth_case {
	int64_t v[3];
	int n;
	char band, band_strict;
	const char *rate; /* displayed, or NULL when no rate */
	const char *fact;
};

#define W(x) ((int64_t)((x)*10)) /* tenths of 万元 as integers: 1102.5 → 11025 */

static const struct growth_case growth_cases[] = {
	{{W(1000), W(1200), W(1500)}, 3, 'C', 'C', "22.50%", "1000,1200,1500: 22.5% → C"},
	{{0, W(800), W(1000)}, 3, 'B', 'B', "25.00%", "y1 = 0: y3/y2 − 1 = 25% → B"},
	{{W(500), 0, W(900)}, 3, 'F', 'F', NULL, "y2 = 0 → 0 points"},
	{{W(1000), W(900), W(800)}, 3, 'F', 'F', "-10.56%", "falling: −10.6% → F"},
	{{W(1000), W(1050), 11025}, 3, 'D', 'E', "5.00%", "exactly 5%: D (body), E (附件4)"},
	{{W(1000), W(1350), 18225}, 3, 'A', 'A', "35.00%", "exactly 35% → A"},
	{{W(1000), W(1150), 13225},
	 3,
	 'C',
	 'C',
	 "15.00%",
	 "1000,1150,1322.5: exactly 15% (a double gives 14.999…) → C"},
	{{W(1000), W(1250), 15625}, 3, 'B', 'B', "25.00%", "exactly 25% → B"},
	{{W(1000), W(1300)}, 2, 'B', 'B', "30.00%", "two years: y2/y1 − 1 = 30% → B"},
	{{W(-200), W(300), W(600)}, 3, 'A', 'A', "100.00%", "negative y1 taken as 0 → y3/y2 − 1"},
	{{W(1000), W(1000), W(1000)}, 3, 'F', 'F', "0.00%", "zero growth → F"},
	{{W(1000), W(1000), W(1001)}, 3, 'E', 'E', "0.05%", "any growth above 0 → E"},
	{{W(1000)}, 1, 'F', 'F', NULL, "one year: F"},
	{{0, W(500)}, 2, 'F', 'F', NULL, "two years with y1 = 0: F"},
};

static void test_growth_vectors(void **state)
{
	(void)state;
	struct ruleset strict = *rs();
	strict.growth_d_strict = 1;
	for (size_t i = 0; i < sizeof growth_cases / sizeof growth_cases[0]; i++) {
		const struct growth_case *c = &growth_cases[i];
		struct score_growth g, gs;
		score_growth(rs(), c->v, c->n, &g);
		score_growth(&strict, c->v, c->n, &gs);
		if (g.band != c->band || gs.band != c->band_strict)
			fail_msg("%s: band %c / strict %c", c->fact, g.band, gs.band);
		if (!c->rate) {
			if (g.has_rate)
				fail_msg("%s: no rate expected", c->fact);
			continue;
		}
		struct strbuf sb;
		strbuf_init(&sb, 0);
		ratio_format(&sb, g.num, g.den);
		if (strcmp(strbuf_cstr(&sb), c->rate))
			fail_msg("%s: rate %s", c->fact, strbuf_cstr(&sb));
		strbuf_cleanup(&sb);
	}
}

static void test_growth_band_points(void **state)
{
	(void)state;
	static const struct {
		int64_t v3;
		char band;
		int min, max;
	} rows[] = {
		{13500, 'A', 9, 10}, {13499, 'B', 7, 8}, {12500, 'B', 7, 8}, {12499, 'C', 5, 6},
		{11500, 'C', 5, 6},  {11499, 'D', 3, 4}, {10500, 'D', 3, 4}, {10499, 'E', 1, 2},
		{10001, 'E', 1, 2},  {10000, 'F', 0, 0},
	};
	/* two years 10000 → v3: the rate is exact in hundredths of a percent */
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		int64_t v[2] = {10000, rows[i].v3};
		struct score_growth g;
		score_growth(rs(), v, 2, &g);
		if (g.band != rows[i].band || g.pts.min != rows[i].min || g.pts.max != rows[i].max)
			fail_msg("10000 → %lld: band %c [%d,%d]", (long long)rows[i].v3, g.band,
				 g.pts.min, g.pts.max);
	}
}

/* ---- IP quantity, acquisition, standards, cap at 30 ---- */
static void add_class2(int n, int used)
{
	for (int i = 0; i < n; i++) {
		struct profile_ip *ip = NULL;
		profile_add_ip(&prof, &ip, NULL);
		ip->kind = PROFILE_IP_SOFTWARE_COPYRIGHT;
		ip->used_in_recognition = used;
	}
}

static void test_ip_quantity_bands(void **state)
{
	(void)state;
	static const struct {
		int class2, used;
		char band;
		int min, max;
	} rows[] = {
		{0, 0, 'E', 0, 0}, {1, 0, 'D', 1, 2}, {2, 0, 'D', 1, 2}, {3, 0, 'C', 3, 4},
		{4, 0, 'C', 3, 4}, {5, 0, 'B', 5, 6}, {9, 0, 'B', 5, 6}, {4, 5, 'C', 3, 4},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		fixture_profile(&prof);
		prof.n_ip = 0;
		add_class2(rows[i].class2, 0);
		add_class2(rows[i].used, 2021); /* already used: do not count */
		score_compute(rs(), &prof, fy3, 3, &res);
		if (res.quantity_band != rows[i].band || res.quantity.min != rows[i].min ||
		    res.quantity.max != rows[i].max)
			fail_msg("%d usable class II (+%d used): band %c", rows[i].class2,
				 rows[i].used, res.quantity_band);
	}
	fixture_profile(&prof); /* one invention patent → A 7–8, self → acquisition 1–6 */
	score_compute(rs(), &prof, fy3, 3, &res);
	assert_int_equal(res.quantity_band, 'A');
	assert_int_equal(res.acquisition.min, 1);
	assert_int_equal(res.acquisition.max, 6);
	prof.ip[0].acquired = PROFILE_ACQ_TRANSFER;
	score_compute(rs(), &prof, fy3, 3, &res);
	assert_int_equal(res.acquisition.max, 3); /* only transferred: 1–3 */
	prof.n_ip = 0;
	score_compute(rs(), &prof, fy3, 3, &res);
	assert_int_equal(res.acquisition.max, 0); /* none: 0 */
}

static void test_ip_cap_and_ratings(void **state)
{
	(void)state;
	fixture_profile(&prof);
	/* A, A, quantity A, self, standards true: 23–32 → capped 23–30 */
	score_compute(rs(), &prof, fy3, 3, &res);
	assert_int_equal(res.ip.min, 23);
	assert_int_equal(res.ip.max, 30);
	static const struct {
		char letter;
		int min, max;
	} bands[] = {{'A', 7, 8}, {'B', 5, 6}, {'C', 3, 4}, {'D', 1, 2}, {'E', 0, 0}};
	for (size_t i = 0; i < 5; i++) {
		prof.qualitative.core_support.value = bands[i].letter;
		score_compute(rs(), &prof, fy3, 3, &res);
		if (res.core_support.min != bands[i].min || res.core_support.max != bands[i].max)
			fail_msg("core support %c", bands[i].letter);
	}
	prof.qualitative.core_support.kind = PROFILE_RATING_POINTS;
	prof.qualitative.core_support.value = 6;
	score_compute(rs(), &prof, fy3, 3, &res);
	assert_int_equal(res.core_support.min, 6);
	assert_int_equal(res.core_support.max, 6);
	prof.qualitative.core_support.kind = PROFILE_RATING_NONE;
	score_compute(rs(), &prof, fy3, 3, &res);
	assert_int_equal(res.core_support.min, 0);
	assert_int_equal(res.core_support.max, 8); /* absent spans 0–8 */
	prof.qualitative.standards = 0;
	score_compute(rs(), &prof, fy3, 3, &res);
	assert_int_equal(res.standards.max, 0);
	prof.qualitative.standards = PROFILE_FLAG_NONE;
	score_compute(rs(), &prof, fy3, 3, &res);
	assert_int_equal(res.standards.min, 0);
	assert_int_equal(res.standards.max, 2);
}

static void test_rd_org(void **state)
{
	(void)state;
	static const struct {
		char letter;
		int min, max;
	} bands[] = {{'A', 16, 20}, {'B', 11, 15}, {'C', 6, 10}, {'D', 1, 5}, {'E', 0, 0}};
	fixture_profile(&prof);
	prof.qualitative.rd_org_kind = PROFILE_RATING_LETTER;
	for (size_t i = 0; i < 5; i++) {
		prof.qualitative.rd_org_letter = bands[i].letter;
		score_compute(rs(), &prof, fy3, 3, &res);
		if (res.rd_org.min != bands[i].min || res.rd_org.max != bands[i].max)
			fail_msg("rd_org %c", bands[i].letter);
	}
	prof.qualitative.rd_org_kind = PROFILE_RATING_POINTS;
	prof.qualitative.rd_org_points[0] = 9;	/* capped at 6 */
	prof.qualitative.rd_org_points[1] = -1; /* absent: 0–6 */
	prof.qualitative.rd_org_points[2] = 2;
	prof.qualitative.rd_org_points[3] = 4;
	score_compute(rs(), &prof, fy3, 3, &res);
	assert_int_equal(res.rd_org.min, 12);
	assert_int_equal(res.rd_org.max, 18);
	prof.qualitative.rd_org_kind = PROFILE_RATING_NONE;
	score_compute(rs(), &prof, fy3, 3, &res);
	assert_int_equal(res.rd_org.min, 0);
	assert_int_equal(res.rd_org.max, 20);
}

static void test_conversion_bands(void **state)
{
	(void)state;
	static const struct {
		int sum;
		char band;
		int min, max;
		const char *fact;
	} rows[] = {
		{15, 'A', 25, 30, "15 in 3 years: average 5 → A"},
		{14, 'B', 19, 24, "14: average 4.67 → B"},
		{12, 'B', 19, 24, "12: average 4 → B"},
		{11, 'C', 13, 18, "11 → C"},
		{9, 'C', 13, 18, "9: average 3 → C"},
		{8, 'D', 7, 12, "8 → D"},
		{6, 'D', 7, 12, "6: average 2 → D"},
		{5, 'E', 1, 6, "5: average 1.67 → E"},
		{1, 'E', 1, 6, "one conversion in three years: average 0.33 → E (Decision)"},
		{0, 'F', 0, 0, "none → F"},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		fixture_profile(&prof);
		prof.years[0].conversions = rows[i].sum;
		prof.years[1].conversions = 0;
		prof.years[2].conversions = 0;
		score_compute(rs(), &prof, fy3, 3, &res);
		if (res.conversion_band != rows[i].band || res.conversion.min != rows[i].min ||
		    res.conversion.max != rows[i].max)
			fail_msg("%s: band %c", rows[i].fact, res.conversion_band);
	}
	/* two fiscal years: the divisor stays 3 (Decision): 10 → average 3.33 → C */
	fixture_profile(&prof);
	prof.years[1].conversions = 5;
	prof.years[2].conversions = 5;
	score_compute(rs(), &prof, fy3 + 1, 2, &res);
	assert_int_equal(res.conversion_band, 'C');
	/* missing: whole range 0–30 and the field named */
	prof.years[2].conversions = PROFILE_NONE;
	score_compute(rs(), &prof, fy3, 3, &res);
	assert_int_equal(res.conversion.min, 0);
	assert_int_equal(res.conversion.max, 30);
	assert_int_equal(res.missing[0].field, PROFILE_F_CONVERSIONS);
	assert_int_equal(res.missing[0].year, 2023);
}

static void test_growth_from_profile(void **state)
{
	(void)state;
	/* net assets 1000, 1150, 1322.5 万元 through the profile: exactly 15% → C 5–6 */
	fixture_profile(&prof);
	for (int k = 0; k < 3; k++)
		prof.years[k].total_liabilities = 0;
	prof.years[0].total_assets = WAN(1000);
	prof.years[1].total_assets = WAN(1150);
	prof.years[2].total_assets = WAN(1322) + WAN(1) / 2;
	score_compute(rs(), &prof, fy3, 3, &res);
	assert_int_equal(res.net_assets.band, 'C');
	assert_int_equal(res.net_assets.pts.min, 5);
	/* negative net assets (liabilities above assets) count as 0: y1 = 0 rule */
	prof.years[0].total_liabilities = prof.years[0].total_assets + WAN(200);
	prof.years[2].total_assets = WAN(2300);
	score_compute(rs(), &prof, fy3, 3, &res);
	assert_int_equal(res.net_assets.band, 'A'); /* 2300/1150 − 1 = 100% */
	/* missing liabilities: the indicator spans 0–10 */
	prof.years[1].total_liabilities = PROFILE_NONE;
	score_compute(rs(), &prof, fy3, 3, &res);
	assert_int_equal(res.net_assets.pts.min, 0);
	assert_int_equal(res.net_assets.pts.max, 10);
	assert_int_equal(res.net_assets.band, '?');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_growth_vectors),
		cmocka_unit_test(test_growth_band_points),
		cmocka_unit_test(test_ip_quantity_bands),
		cmocka_unit_test(test_ip_cap_and_ratings),
		cmocka_unit_test(test_rd_org),
		cmocka_unit_test(test_conversion_bands),
		cmocka_unit_test(test_growth_from_profile),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
