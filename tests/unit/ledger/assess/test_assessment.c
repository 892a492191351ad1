/* Tests of ledger/assessment: the stored data of an enterprise becomes the
 * rules-engine profile of rules.md §1, and its assessment follows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "ledger/assess/assessment.h"
#include "ledger/records/indicator.h"
#include "ledger/records/ip.h"
#include "ledger/records/qualitative.h"

#include "support/ledger_fixture.h"

/* The example enterprise of rules.md §1, stored in the ledger as A. */
static void store_example(struct fixture *f, int incident_2023)
{
	for (int y = 2020; y <= 2024; y++) {
		struct indicator in;
		indicator_init(&in, y);
		in.staff = 8000;
		in.st_staff = 1200;
		in.sales_main = 3000000000LL; /* 30,000,000.00 */
		in.sales_other = 200000000LL; /* 2,000,000.00 */
		in.gross_income = 3250000000LL;
		in.non_taxable_income = 0;
		in.hitech_income = 2100000000LL;
		in.rd_personnel = 90000000;
		in.rd_direct = 30000000;
		in.rd_other = 10000000;
		in.rd_entrusted_domestic = 20000000;
		in.total_assets = 4000000000LL;
		in.total_liabilities = 2800000000LL;
		in.cost_expense_total = 3000000000LL;
		in.conversions = 2;
		in.incident = (y == 2023 && incident_2023);
		assert_int_equal(indicator_upsert(&f->sys, f->a, &in, NULL, NULL), 0);
	}
	struct ip_item it;
	ip_item_init(&it);
	it.kind = "invention_patent";
	it.number = "ZL202010000000.0";
	it.granted_on = date_from_ymd(2022, 3, 1);
	assert_int_equal(ip_add(&f->sys, f->a, &it, NULL, NULL), 0);
	ip_item_init(&it);
	it.kind = "software_copyright";
	it.number = "2021SR0000001";
	it.acquired = "transfer";
	it.used_in_recognition = 2021;
	assert_int_equal(ip_add(&f->sys, f->a, &it, NULL, NULL), 0);
	struct qualitative q;
	qualitative_init(&q, 2022);
	q.advancement.band = 'B';
	q.core_support.band = 'B';
	q.rd_org[0] = 5;
	q.rd_org[1] = 4;
	q.rd_org[2] = 3;
	q.rd_org[3] = 3;
	q.standards = 0;
	assert_int_equal(qualitative_upsert(&f->sys, f->a, &q, NULL, NULL), 0);
}

static void test_profile(void **state)
{
	struct fixture *f = *state;
	struct profile p;
	char d[11];
	store_example(f, 0);
	profile_init(&p);
	assert_int_equal(assessment_profile(&f->sys, f->a, date_from_ymd(2024, 6, 30), &p, NULL),
			 0);
	assert_string_equal(p.uscc, f->a);
	assert_string_equal(p.field, "101");
	assert_string_equal(date_format(p.registered_on, d), "2019-05-20");
	assert_string_equal(date_format(p.apply_on, d), "2024-06-30");
	/* years before the application year only: 2020–2023, not 2024 */
	assert_int_equal(p.n_years, 4);
	assert_null(profile_find_year(&p, 2024));
	const struct profile_year *y = profile_find_year(&p, 2023);
	assert_non_null(y);
	assert_int_equal(y->sales, 3200000000LL); /* main + other */
	assert_int_equal(y->staff, 8000);
	assert_int_equal(y->rd_given, 1);
	assert_int_equal(y->rd[PROFILE_RD_PERSONNEL], 90000000);
	assert_int_equal(y->rd[PROFILE_RD_DESIGN], 0); /* a category absent inside rd = 0 */
	assert_int_equal(y->rd[PROFILE_RD_ENTRUSTED_DOMESTIC], 20000000);
	assert_int_equal(y->conversions, 2);
	/* IP: both items, with acquisition and earlier use */
	assert_int_equal(p.ip_given, 1);
	assert_int_equal(p.n_ip, 2);
	assert_int_equal(p.ip[0].kind, PROFILE_IP_INVENTION_PATENT);
	assert_string_equal(date_format(p.ip[0].granted_on, d), "2022-03-01");
	assert_int_equal(p.ip[0].used_in_recognition, 0);
	assert_int_equal(p.ip[1].kind, PROFILE_IP_SOFTWARE_COPYRIGHT);
	assert_int_equal(p.ip[1].acquired, PROFILE_ACQ_TRANSFER);
	assert_int_equal(p.ip[1].used_in_recognition, 2021);
	/* the 2022 ratings carry over to a 2024 application */
	assert_int_equal(p.qualitative.advancement.kind, PROFILE_RATING_LETTER);
	assert_int_equal(p.qualitative.advancement.value, 'B');
	assert_int_equal(p.qualitative.rd_org_kind, PROFILE_RATING_POINTS);
	assert_int_equal(p.qualitative.rd_org_points[1], 4);
	assert_int_equal(p.qualitative.standards, 0);
	assert_int_equal(p.n_incidents, 0);
	profile_cleanup(&p);
}

static void test_assess_incident(void **state)
{
	struct fixture *f = *state;
	struct profile p;
	struct assess_result *r = calloc(1, sizeof *r);
	struct err e;
	assert_non_null(r);
	store_example(f, 0);
	profile_init(&p);
	assert_int_equal(assessment_run(&f->sys, f->a, date_from_ymd(2024, 6, 30), &p, r, NULL), 0);
	assert_int_equal(r->hnte.nfy, 3);
	assert_int_equal(r->hnte.fy[0], 2021);
	assert_int_equal(r->hnte.fy[2], 2023);
	/* 12 S&T staff of 80 = 15% ≥ 10%; registered five years before; field 101 known */
	assert_int_equal(r->hnte.c[HNTE_C1].status, HNTE_PASS);
	assert_int_equal(r->hnte.c[HNTE_C2].status, HNTE_PASS);
	assert_int_equal(r->hnte.c[HNTE_C3].status, HNTE_PASS);
	assert_int_equal(r->hnte.c[HNTE_C4].status, HNTE_PASS);
	assert_int_equal(r->hnte.c[HNTE_C8].status, HNTE_PASS);

	/* an incident flagged in 2023 is dated 2023-12-31: within 365 days of 2024-06-30 */
	struct indicator in;
	struct arena *a = arena_new();
	assert_int_equal(indicator_get(&f->sys, f->a, 2023, a, &in, NULL), 0);
	in.incident = 1;
	assert_int_equal(indicator_upsert(&f->sys, f->a, &in, NULL, NULL), 0);
	assert_int_equal(assessment_run(&f->sys, f->a, date_from_ymd(2024, 6, 30), &p, r, NULL), 0);
	assert_int_equal(p.n_incidents, 1);
	assert_int_equal(r->hnte.c[HNTE_C8].status, HNTE_FAIL);
	assert_int_equal(r->hnte.verdict, HNTE_VERDICT_FAIL);
	/* …and out of it for an application on 2025-01-01 (367 days later) */
	assert_int_equal(assessment_run(&f->sys, f->a, date_from_ymd(2025, 1, 1), &p, r, NULL), 0);
	assert_int_equal(r->hnte.c[HNTE_C8].status, HNTE_PASS);

	/* scope: county2 cannot assess A */
	struct ledger c2 = fixture_as(f, f->u_county2);
	err_clear(&e);
	assert_int_equal(assessment_run(&c2, f->a, date_from_ymd(2024, 6, 30), &p, r, &e),
			 ERR_NOT_FOUND);
	profile_cleanup(&p);
	arena_free(a);
	free(r);
}

static void test_profile_empty(void **state)
{
	struct fixture *f = *state;
	struct profile p;
	profile_init(&p);
	/* B has no years, no IP, no ratings: all absent, IP known to be empty */
	assert_int_equal(assessment_profile(&f->sys, f->b, date_from_ymd(2024, 6, 30), &p, NULL),
			 0);
	assert_int_equal(p.n_years, 0);
	assert_int_equal(p.ip_given, 1);
	assert_int_equal(p.n_ip, 0);
	assert_int_equal(p.qualitative.advancement.kind, PROFILE_RATING_NONE);
	assert_int_equal(p.hnte_certificate[0], '\0');
	profile_cleanup(&p);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_profile),
		T(test_assess_incident),
		T(test_profile_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
