/*
 * Tests of rules/assess, gaps, fields, ruleset and report: the entry point,
 * certificate validity, the gap diagnosis sized in the enterprise's terms,
 * the field table and rule-set selection.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/strbuf.h"
#include "rules/assess.h"
#include "rules/report.h"
#include "support/rules_fixture.h"

static struct profile prof;
static struct assess_result res;
static struct fields_table fields;

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

static const struct gaps_item *gap(enum gaps_id id)
{
	for (size_t i = 0; i < res.gaps.n; i++)
		if (res.gaps.items[i].id == id)
			return &res.gaps.items[i];
	return NULL;
}

static void check_text(const char *want, int (*fn)(const struct gaps_item *, struct strbuf *),
		       const struct gaps_item *g)
{
	struct strbuf sb;
	strbuf_init(&sb, 0);
	fn(g, &sb);
	if (strcmp(strbuf_cstr(&sb), want))
		fail_msg("want %s, got %s", want, strbuf_cstr(&sb));
	strbuf_cleanup(&sb);
}

static void run(void)
{
	struct err e;
	err_clear(&e);
	if (assess_run(NULL, &fields, &prof, &res, &e))
		fail_msg("assess_run: %s", e.msg);
}

static void test_rulesets_by_year(void **state)
{
	(void)state;
	assert_string_equal(ruleset_for_year(2024)->name, "hnte-2016+tsme-2022");
	assert_string_equal(ruleset_for_year(2022)->name, "hnte-2016+tsme-2022");
	assert_string_equal(ruleset_for_year(2021)->name, "hnte-2016+tsme-2017");
	assert_string_equal(ruleset_for_year(2016)->name, "hnte-2016+tsme-2017");
	assert_null(ruleset_for_year(2015));
	fixture_profile(&prof);
	run();
	assert_string_equal(res.rules->name, "hnte-2016+tsme-2022");
	prof.apply_on = PROFILE_NO_DATE;
	struct err e;
	err_clear(&e);
	assert_int_equal(assess_run(NULL, &fields, &prof, &res, &e), ERR_INVALID);
	assert_string_equal(e.field, "apply_on");
}

static void test_fields_table(void **state)
{
	(void)state;
	assert_int_equal(fields.count[1], 8);
	assert_int_equal(fields.count[2], 52);
	assert_int_equal(fields.count[3], 254);
	const struct fields_entry *f = fields_find(&fields, "10101");
	assert_non_null(f);
	assert_int_equal(f->level, 3);
	assert_string_equal(f->parent, "101");
	assert_int_equal(f->name_len, strlen("基础软件"));
	assert_memory_equal(f->name, "基础软件", f->name_len);
	f = fields_find_name(&fields, "软件", strlen("软件"));
	assert_non_null(f);
	assert_string_equal(f->code, "101");
	assert_null(fields_find(&fields, "109"));
	/* a malformed table names its line */
	struct fields_table t;
	struct err e;
	err_clear(&e);
	const char bad[] = "code\tlevel\tname\tparent\n10\t1\t电子信息\t\n101\t9\tx\t10\n";
	assert_int_equal(fields_parse(&t, bad, sizeof bad - 1, &e), ERR_INTERNAL);
	assert_non_null(strstr(e.msg, "第3行"));
}

struct cert_case {
	const char *issued, *apply, *until;
	enum assess_cert_status status;
	const char *fact;
};

static const struct cert_case cert_cases[] = {
	{"2021-12-03", "2023-06-30", "2024-12-02", ASSESS_CERT_VALID, "in its second year: valid"},
	{"2021-12-03", "2024-06-30", "2024-12-02", ASSESS_CERT_EXPIRING,
	 "in its last calendar year: expiring"},
	{"2021-12-03", "2024-12-02", "2024-12-02", ASSESS_CERT_EXPIRING, "the last valid day"},
	{"2021-12-03", "2024-12-03", "2024-12-02", ASSESS_CERT_EXPIRED, "the third anniversary"},
	{"2020-02-29", "2023-02-27", "2023-02-27", ASSESS_CERT_EXPIRING,
	 "issued on 29 Feb: the anniversary is 28 Feb, the last day 27 Feb"},
	{"2024-07-01", "2024-06-30", "2027-06-30", ASSESS_CERT_NOT_YET, "issued after apply_on"},
};

static void test_certificate_validity(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cert_cases / sizeof cert_cases[0]; i++) {
		const struct cert_case *c = &cert_cases[i];
		fixture_profile(&prof);
		prof.hnte_issued_on = day(c->issued);
		prof.apply_on = day(c->apply);
		run();
		if (res.cert.status != c->status || res.cert.valid_until != day(c->until))
			fail_msg("%s: status %s", c->fact,
				 assess_cert_status_name(res.cert.status));
	}
}

static void test_reports_and_revocation(void **state)
{
	(void)state;
	/* issued 2022-11-01 (valid to 2025-10-31); applying 2024-06-30: next report 2025-05-31 */
	fixture_profile(&prof);
	prof.hnte_issued_on = day("2022-11-01");
	run();
	assert_int_equal(res.cert.status, ASSESS_CERT_VALID);
	assert_int_equal(res.cert.next_report_due, day("2025-05-31"));
	prof.apply_on = day("2024-05-31"); /* the due day itself */
	run();
	assert_int_equal(res.cert.next_report_due, day("2024-05-31"));
	/* revoked on 2024-03-01: no application in 2024, the earliest year is 2025 */
	prof.apply_on = day("2024-06-30");
	prof.hnte_revoked_on = day("2024-03-01");
	run();
	assert_int_equal(res.cert.status, ASSESS_CERT_REVOKED);
	const struct gaps_item *g = gap(GAPS_REVOKED);
	assert_non_null(g);
	assert_int_equal(g->date, day("2025-01-01"));
	assert_int_equal(res.gaps.earliest_year, 2025);
	/* revoked in an earlier year: no bar this year */
	prof.hnte_revoked_on = day("2023-12-31");
	run();
	assert_null(gap(GAPS_REVOKED));
	assert_int_equal(res.gaps.earliest_year, 2024);
}

/* rules.md §1: no TSME data year names the year it can register, outside the HNTE earliest year */
static void test_gap_tsme_data_year(void **state)
{
	(void)state;
	fixture_profile(&prof);
	run();
	assert_null(gap(GAPS_TSME_DATA_YEAR));
	prof.registered_on = day("2024-01-01"); /* the application year: no data year */
	run();
	assert_int_equal(res.tsme.verdict, TSME_VERDICT_FAIL);
	const struct gaps_item *g = gap(GAPS_TSME_DATA_YEAR);
	assert_non_null(g);
	assert_int_equal(g->date, day("2025-01-01"));
	assert_int_equal(g->ready_year, 2025);
	assert_ptr_equal(g, &res.gaps.items[res.gaps.n - 1]); /* after the HNTE gaps */
	struct strbuf sb;
	strbuf_init(&sb, 0);
	report_gap_message(&res, &prof, g, &sb);
	assert_string_equal(
		strbuf_cstr(&sb),
		"企业成立于2024-01-01，不满一个会计年度，暂无科技型中小企业评价所需的上年度"
		"（2023年）数据；2025年起可申请科技型中小企业入库");
	strbuf_cleanup(&sb);
	prof.registered_on = day("2023-12-31"); /* one data year */
	run();
	assert_null(gap(GAPS_TSME_DATA_YEAR));
}

/* issue 11: a recognised HNTE with a certificate valid to 2028 was told "最早可申报 2026 年" */
static void test_certificate_holder_earliest_year(void **state)
{
	(void)state;
	fixture_profile(&prof);			 /* passes every condition, applying 2024-06-30 */
	prof.hnte_issued_on = day("2023-12-04"); /* valid to 2026-12-03 */
	run();
	assert_int_equal(res.cert.status, ASSESS_CERT_VALID);
	assert_int_equal(res.gaps.earliest_year, 2026); /* rules.md §5: its last calendar year */
	prof.hnte_issued_on = day("2021-12-03"); /* valid to 2024-12-02: expiring this year */
	run();
	assert_int_equal(res.cert.status, ASSESS_CERT_EXPIRING);
	assert_int_equal(res.gaps.earliest_year, 2024);
	prof.hnte_issued_on = day("2020-12-03"); /* expired 2023-12-02: apply now */
	run();
	assert_int_equal(res.gaps.earliest_year, 2024);
	/* a gap that closes later than the certificate's last year still rules */
	fixture_profile(&prof);
	for (int k = 0; k < 3; k++)
		prof.years[k].rd_total = prof.years[k].rd_domestic = WAN(100);
	prof.hnte_issued_on = day("2022-11-01"); /* valid to 2025-10-31 */
	run();
	assert_int_equal(res.gaps.earliest_year, 2025);
	/* a revoked certificate gives no re-recognition year */
	fixture_profile(&prof);
	prof.hnte_issued_on = day("2023-12-04");
	prof.hnte_revoked_on = day("2023-12-31");
	run();
	assert_int_equal(res.gaps.earliest_year, 2024);
}

static void test_gap_c5_rd(void **state)
{
	(void)state;
	/* R&D 100万 a year on sales 3000万: 3.33% of a 5% threshold */
	fixture_profile(&prof);
	for (int k = 0; k < 3; k++)
		prof.years[k].rd_total = prof.years[k].rd_domestic = WAN(100);
	run();
	assert_int_equal(res.hnte.c[HNTE_C5].status, HNTE_FAIL);
	const struct gaps_item *g = gap(GAPS_C5);
	assert_non_null(g);
	/* next year's window 2022–2024 with projected sales 3000万: 450万 − 200万 = 250万 */
	check_text("2500000.00", report_gap_amount, g);
	assert_int_equal(g->alt, YUAN(1500000)); /* now: 450万 − 300万 */
	assert_int_equal(g->ready_year, 2025);
	assert_int_equal(res.gaps.earliest_year, 2025);
	/* a projection of 6000万 for 2024 moves to 4%: 4% of 1.2亿 − 200万 = 280万 */
	prof.projected_sales = WAN(6000);
	run();
	g = gap(GAPS_C5);
	assert_int_equal(g->required_bp, 400);
	assert_int_equal(g->amount, WAN(280));
}

static void test_gap_c4_c6(void **state)
{
	(void)state;
	fixture_profile(&prof);
	prof.years[2].st_staff = PEOPLE(8);
	prof.years[2].staff = PEOPLE(100);
	prof.years[2].hitech_income = YUAN(1000000);
	prof.years[2].gross_income = YUAN(2000000);
	run();
	const struct gaps_item *g = gap(GAPS_C4);
	assert_non_null(g);
	assert_int_equal(g->amount, 3); /* 11/103 ≥ 10% but 10/102 is not */
	assert_int_equal(g->alt, 2);	/* or reclassify 2 of the 100 */
	g = gap(GAPS_C6);
	assert_non_null(g);
	check_text("500000.00", report_gap_amount, g); /* 1.5M/2.5M = 60% */
	assert_int_equal(g->alt, 33333334);	       /* 1M/(2M − 333,333.34) ≥ 60% */
	assert_int_equal(res.gaps.earliest_year, 2025);
}

static void test_gap_dates(void **state)
{
	(void)state;
	fixture_profile(&prof);
	prof.registered_on = day("2023-09-01");
	prof.years[2].conversions = 15; /* one fiscal year: keep the score undecided, not failing */
	profile_add_incident(&prof, PROFILE_INC_MAJOR_QUALITY, day("2024-01-10"), NULL);
	run();
	const struct gaps_item *g = gap(GAPS_C1);
	assert_non_null(g);
	assert_int_equal(g->date, day("2024-08-31")); /* 365 days after 2023-09-01 */
	assert_int_equal(g->amount, 62);
	g = gap(GAPS_C8);
	assert_non_null(g);
	assert_int_equal(g->date, day("2025-01-10")); /* first day it is 366 days back */
	assert_int_equal(res.hnte.c[HNTE_C7].status, HNTE_UNKNOWN);
	assert_int_equal(res.gaps.earliest_year, 2025); /* the later of 2024 (C1) and 2025 (C8) */
}

static void test_gap_c2_and_score(void **state)
{
	(void)state;
	/* no usable IP: two class II already used, one invention granted after apply_on */
	fixture_profile(&prof);
	prof.ip[0].granted_on = day("2024-09-15");
	struct profile_ip *ip = NULL;
	for (int i = 0; i < 2; i++) {
		profile_add_ip(&prof, &ip, NULL);
		ip->kind = PROFILE_IP_UTILITY_MODEL;
		setstr(ip->number, sizeof ip->number, i ? "ZL2019200000002" : "ZL2019200000001");
		ip->used_in_recognition = 2021;
	}
	run();
	assert_int_equal(res.hnte.c[HNTE_C2].status, HNTE_FAIL);
	const struct gaps_item *g = gap(GAPS_C2);
	assert_non_null(g);
	assert_int_equal(g->date, day("2024-09-15"));
	assert_int_equal(g->n_named, 2); /* the used utility models are named */
	assert_int_equal(g->ready_year, 2024);
	/* the score gap lists actions ranked by points per month of effort */
	g = gap(GAPS_SCORE);
	assert_non_null(g);
	assert_true(g->n_actions > 0);
	for (size_t i = 1; i < g->n_actions; i++) {
		const struct gaps_action *a = &g->actions[i - 1], *b = &g->actions[i];
		int64_t ea = res.rules->actions[a->action].effort_months;
		int64_t eb = res.rules->actions[b->action].effort_months;
		int64_t qa = a->quantity > 1 ? a->quantity : 1,
			qb = b->quantity > 1 ? b->quantity : 1;
		assert_true((int64_t)a->points * eb * qb >= (int64_t)b->points * ea * qa);
	}
}

static void test_passing_firm_has_no_gaps(void **state)
{
	(void)state;
	fixture_profile(&prof);
	run();
	assert_int_equal(res.hnte.verdict, HNTE_VERDICT_PASS);
	assert_int_equal(res.gaps.n, 0);
	assert_int_equal(res.gaps.earliest_year, 2024);
}

static void test_missing_data_leaves_year_open(void **state)
{
	(void)state;
	/* last-year sales unknown: C5 cannot be judged, so no year can be promised */
	fixture_profile(&prof);
	prof.years[2].sales = PROFILE_NONE;
	run();
	assert_int_equal(res.hnte.verdict, HNTE_VERDICT_INCOMPLETE);
	assert_int_equal(res.gaps.earliest_year, 0);
	assert_null(gap(GAPS_C5)); /* missing data is not a gap */
}

static void test_report_texts(void **state)
{
	(void)state;
	fixture_profile(&prof);
	for (int k = 0; k < 3; k++)
		prof.years[k].rd_total = prof.years[k].rd_domestic = WAN(100);
	run();
	struct strbuf sb;
	strbuf_init(&sb, 0);
	report_cond_value(&res, HNTE_C5, &sb);
	assert_string_equal(strbuf_cstr(&sb), "3.33%");
	strbuf_reset(&sb);
	report_cond_required(&res, HNTE_C5, &sb);
	assert_string_equal(strbuf_cstr(&sb), "5.00%");
	strbuf_reset(&sb);
	report_cond_message(&res, &prof, HNTE_C5, &sb);
	assert_non_null(strstr(strbuf_cstr(&sb), "低于5.00%"));
	strbuf_reset(&sb);
	report_cond_value(&res, HNTE_C3, &sb);
	assert_string_equal(strbuf_cstr(&sb), "基础软件");
	strbuf_cleanup(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rulesets_by_year),
		cmocka_unit_test(test_fields_table),
		cmocka_unit_test(test_certificate_validity),
		cmocka_unit_test(test_reports_and_revocation),
		cmocka_unit_test(test_gap_tsme_data_year),
		cmocka_unit_test(test_certificate_holder_earliest_year),
		cmocka_unit_test(test_gap_c5_rd),
		cmocka_unit_test(test_gap_c4_c6),
		cmocka_unit_test(test_gap_dates),
		cmocka_unit_test(test_gap_c2_and_score),
		cmocka_unit_test(test_passing_firm_has_no_gaps),
		cmocka_unit_test(test_missing_data_leaves_year_open),
		cmocka_unit_test(test_report_texts),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
