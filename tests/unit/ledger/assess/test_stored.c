/*
 * Tests of ledger/assess/stored: every ledger write of an assessment's
 * inputs rewrites the enterprise's stored assessment in its own transaction
 * (undone with it, committed with it), the stored row is exactly what a
 * fresh assessment today says, the daily refresh brings stale rows to the
 * day, and the counts and the verdict filter read the stored rows in scope.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "support/ledger_fixture.h"

#include "core/arena.h"
#include "ledger/assess/assessment.h"
#include "ledger/assess/stored.h"
#include "ledger/records/indicator.h"
#include "ledger/records/ip.h"
#include "ledger/records/qualitative.h"
#include "rules/assess.h"

/* The stored row of ID equals a fresh assessment today of USCC. */
static void assert_fresh(struct fixture *f, const char *uscc, int64_t id)
{
	struct stored_assessment sa;
	struct profile p;
	struct assess_result *r = malloc(sizeof *r);
	struct err e;
	err_clear(&e);
	profile_init(&p);
	assert_int_equal(stored_get(&f->sys, id, &sa, &e), 0);
	assert_int_equal(assessment_run(&f->sys, uscc, LEDGER_NO_DATE, &p, r, &e), 0);
	assert_int_equal(sa.verdict, (int)r->hnte.verdict);
	assert_int_equal(sa.score_min, r->hnte.score.min);
	assert_int_equal(sa.score_max, r->hnte.score.max);
	assert_int_equal(sa.tsme_verdict, (int)r->tsme.verdict);
	assert_int_equal(sa.earliest_year, r->gaps.earliest_year);
	assert_int_equal(sa.apply_on, date_today());
	assert_string_equal(sa.rules, r->rules->name);
	for (int c = 0; c < HNTE_NCOND; c++)
		assert_string_equal(stored_condition_name(sa.conditions[c]),
				    hnte_status_name(r->hnte.c[c].status));
	profile_cleanup(&p);
	free(r);
}

static void forget(struct fixture *f, int64_t id)
{
	char sql[96];
	snprintf(sql, sizeof sql, "DELETE FROM assessments WHERE enterprise_id = %lld",
		 (long long)id);
	assert_int_equal(store_exec(f->db, sql, NULL), 0);
}

static int64_t rows_of(struct fixture *f, int64_t id)
{
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM assessments WHERE enterprise_id = %lld",
		 (long long)id);
	return fixture_count(f, sql);
}

static void good_year(struct indicator *in, int64_t year)
{
	indicator_init(in, year);
	in->staff = 10000;
	in->st_staff = 2500;
	in->sales_main = 5000000000;
	in->gross_income = 5000000000;
	in->hitech_income = 4000000000;
	in->rd_personnel = 300000000;
	in->total_assets = 8000000000;
}

/* Every write path of an input: the row is gone before it and fresh after it. */
static void test_every_input_write_refreshes(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	struct err e;
	err_clear(&e);
	/* enterprise_create (in the fixture) stored the three firms */
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM assessments"), 3);
	assert_fresh(f, f->a, f->id_a);

	/* the register: a changed field */
	struct enterprise_patch pt;
	enterprise_patch_init(&pt);
	pt.v.field = "40101";
	assert_int_equal(enterprise_patch_name(&pt, "field", &e), 0);
	forget(f, f->id_a);
	assert_int_equal(enterprise_patch(&f->sys, f->a, &pt, a, NULL, NULL, &e), 0);
	assert_int_equal(rows_of(f, f->id_a), 1);
	assert_fresh(f, f->a, f->id_a);

	/* indicator years: create, update, delete */
	int year = date_year(date_today()) - 1;
	struct indicator in;
	good_year(&in, year);
	forget(f, f->id_a);
	assert_int_equal(indicator_upsert(&f->sys, f->a, &in, NULL, &e), 0);
	assert_fresh(f, f->a, f->id_a);
	in.st_staff = 500; /* 5% of staff: C4 fails */
	forget(f, f->id_a);
	assert_int_equal(indicator_upsert(&f->sys, f->a, &in, NULL, &e), 0);
	assert_fresh(f, f->a, f->id_a);
	struct stored_assessment sa;
	assert_int_equal(stored_get(&f->sys, f->id_a, &sa, &e), 0);
	assert_int_equal(sa.conditions[HNTE_C4], 'f');
	assert_int_equal(sa.verdict, HNTE_VERDICT_FAIL);
	forget(f, f->id_a);
	assert_int_equal(indicator_delete(&f->sys, f->a, year, &e), 0);
	assert_fresh(f, f->a, f->id_a);

	/* IP items: add, change, delete */
	struct ip_item it;
	int64_t ip_id = 0;
	ip_item_init(&it);
	it.kind = "invention_patent";
	it.number = "ZL202310000001.1";
	it.title = "一种测试方法";
	it.granted_on = date_from_ymd(2023, 6, 1);
	forget(f, f->id_a);
	assert_int_equal(ip_add(&f->sys, f->a, &it, &ip_id, &e), 0);
	assert_fresh(f, f->a, f->id_a);
	assert_int_equal(stored_get(&f->sys, f->id_a, &sa, &e), 0);
	assert_int_equal(sa.conditions[HNTE_C2], 'p');
	it.valid = 0;
	forget(f, f->id_a);
	assert_int_equal(ip_update(&f->sys, f->a, ip_id, &it, &e), 0);
	assert_fresh(f, f->a, f->id_a);
	forget(f, f->id_a);
	assert_int_equal(ip_delete(&f->sys, f->a, ip_id, &e), 0);
	assert_fresh(f, f->a, f->id_a);
	assert_int_equal(stored_get(&f->sys, f->id_a, &sa, &e), 0);
	assert_int_equal(sa.conditions[HNTE_C2], 'f');

	/* qualitative ratings */
	struct qualitative q;
	qualitative_init(&q, year);
	q.advancement.band = 'A';
	forget(f, f->id_a);
	assert_int_equal(qualitative_upsert(&f->sys, f->a, &q, NULL, &e), 0);
	assert_fresh(f, f->a, f->id_a);

	/* a write that changes nothing leaves the row alone; a refused one too */
	forget(f, f->id_a);
	assert_int_equal(enterprise_patch(&f->sys, f->a, &pt, a, NULL, NULL, &e), 0);
	assert_int_equal(rows_of(f, f->id_a), 0);
	struct indicator bad;
	indicator_init(&bad, 1800);
	assert_int_equal(indicator_upsert(&f->sys, f->a, &bad, NULL, &e), ERR_INVALID);
	assert_int_equal(rows_of(f, f->id_a), 0);
	/* the other firms were never touched */
	assert_fresh(f, f->b, f->id_b);
	arena_free(a);
}

/* The refresh belongs to the write's transaction: undone with it, committed with it. */
static void test_refresh_in_the_same_transaction(void **state)
{
	struct fixture *f = *state;
	struct err e;
	struct indicator in;
	struct stored_assessment before, after;
	int year = date_year(date_today()) - 1;
	err_clear(&e);
	assert_int_equal(stored_get(&f->sys, f->id_b, &before, &e), 0);
	good_year(&in, year);
	in.st_staff = 100; /* C4 fails */

	assert_int_equal(ledger_begin(&f->sys, &e), 0);
	assert_int_equal(indicator_upsert(&f->sys, f->b, &in, NULL, &e), 0);
	/* inside the group the row waits for the commit */
	assert_int_equal(stored_get(&f->sys, f->id_b, &after, &e), 0);
	assert_string_equal(after.conditions, before.conditions);
	assert_int_equal(ledger_rollback(&f->sys, &e), 0);
	assert_int_equal(stored_get(&f->sys, f->id_b, &after, &e), 0);
	assert_string_equal(after.conditions, before.conditions);
	assert_int_equal(f->sys.n_assess, 0); /* the marks went with the rollback */

	assert_int_equal(ledger_begin(&f->sys, &e), 0);
	assert_int_equal(indicator_upsert(&f->sys, f->b, &in, NULL, &e), 0);
	in.year = year - 1;
	assert_int_equal(indicator_upsert(&f->sys, f->c, &in, NULL, &e), 0);
	assert_int_equal(ledger_commit(&f->sys, &e), 0);
	assert_int_equal(stored_get(&f->sys, f->id_b, &after, &e), 0);
	assert_int_equal(after.conditions[HNTE_C4], 'f');
	assert_fresh(f, f->b, f->id_b);
	assert_fresh(f, f->c, f->id_c);

	/* a single write outside a group commits its row with it */
	forget(f, f->id_b);
	in.year = year;
	in.st_staff = 3000;
	assert_int_equal(indicator_upsert(&f->sys, f->b, &in, NULL, &e), 0);
	assert_int_equal(store_in_transaction(f->db), 0);
	assert_fresh(f, f->b, f->id_b);
}

/* The daily refresh: stale rows (another day, a missing row) are brought to today. */
static void test_refresh_stale(void **state)
{
	struct fixture *f = *state;
	struct err e;
	int64_t stale = -1;
	size_t n = 99;
	err_clear(&e);
	assert_int_equal(stored_stale(&f->sys, date_today(), &stale, &e), 0);
	assert_int_equal(stale, 0);
	assert_int_equal(stored_refresh(&f->sys, date_today(), 0, &n, &e), 0);
	assert_int_equal(n, 0); /* nothing stale: nothing assessed */

	assert_int_equal(
		store_exec(f->db,
			   "UPDATE assessments SET apply_on = '2020-01-01', verdict = 'pass'",
			   NULL),
		0);
	forget(f, f->id_c);
	assert_int_equal(stored_stale(&f->sys, date_today(), &stale, &e), 0);
	assert_int_equal(stale, 3);
	assert_int_equal(stored_refresh(&f->sys, date_today(), 0, &n, &e), 0);
	assert_int_equal(n, 3);
	assert_fresh(f, f->a, f->id_a);
	assert_fresh(f, f->c, f->id_c);
	assert_int_equal(fixture_audit_rows(f, "assessments", "*", "reassess"), 1);

	/* only the system (admin) runs it */
	struct ledger city = fixture_as(f, f->u_city);
	assert_int_equal(stored_refresh(&city, date_today(), 1, &n, &e), ERR_FORBIDDEN);
}

/* Counts and the verdict filter read the stored rows, in scope; the risk flag. */
static void test_counts_filter_and_risk(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	struct err e;
	struct stored_counts c;
	err_clear(&e);
	/* A recognised HNTE (certificate valid today) without any IP: C2 fails */
	struct enterprise_patch pt;
	enterprise_patch_init(&pt);
	pt.v.hnte_cert_no = "GR202453000001";
	pt.v.hnte_issued_on = date_today() - 200;
	assert_int_equal(enterprise_patch_name(&pt, "hnte_cert_no", &e), 0);
	assert_int_equal(enterprise_patch_name(&pt, "hnte_issued_on", &e), 0);
	assert_int_equal(enterprise_patch(&f->sys, f->a, &pt, a, NULL, NULL, &e), 0);
	struct stored_assessment sa;
	assert_int_equal(stored_get(&f->sys, f->id_a, &sa, &e), 0);
	assert_int_equal(sa.verdict, HNTE_VERDICT_FAIL);
	assert_int_equal(sa.risk, 1);
	assert_int_equal(stored_get(&f->sys, f->id_b, &sa, &e), 0);
	assert_int_equal(sa.risk, 0); /* no certificate: no risk */

	struct ledger county1 = fixture_as(f, f->u_county1), county2 = fixture_as(f, f->u_county2);
	assert_int_equal(stored_count(&f->sys, &c, &e), 0);
	assert_int_equal(c.enterprises, 3);
	assert_int_equal(c.risk, 1);
	assert_int_equal(c.apply_on, date_today());
	assert_int_equal(stored_count(&county1, &c, &e), 0);
	assert_int_equal(c.enterprises, 2);
	assert_int_equal(c.risk, 1);
	assert_int_equal(stored_count(&county2, &c, &e), 0);
	assert_int_equal(c.enterprises, 1);
	assert_int_equal(c.risk, 0);
	/* a county2 user never reads A's row */
	assert_int_equal(stored_get(&county2, f->id_a, &sa, &e), ERR_NOT_FOUND);

	/* the verdict filter gives, per verdict, exactly the firms the counts count */
	assert_int_equal(stored_count(&county1, &c, &e), 0);
	int64_t sum = 0;
	for (int v = 0; v < 4; v++) {
		struct enterprise_filter ef;
		struct enterprise_page pg;
		enterprise_filter_init(&ef);
		ef.verdict = hnte_verdict_name((enum hnte_verdict)v);
		assert_int_equal(enterprise_list(&county1, &ef, a, &pg, &e), 0);
		assert_int_equal(pg.total, c.all[v]);
		for (size_t i = 0; i < pg.n; i++) {
			assert_int_equal(stored_get(&county1, pg.items[i].id, &sa, &e), 0);
			assert_int_equal(sa.verdict, v);
		}
		sum += pg.total;
	}
	assert_int_equal(sum, 2);
	/* the pools follow a tier change (whoever writes it: a trigger copies it) */
	assert_int_equal(stored_get(&f->sys, f->id_b, &sa, &e), 0);
	assert_int_equal(
		enterprise_set_tier(&f->sys, f->b, TIER_RESERVE, LEDGER_NO_DATE, "入库", &e), 0);
	assert_int_equal(stored_count(&f->sys, &c, &e), 0);
	assert_int_equal(c.reserve[sa.verdict], 1);
	assert_int_equal(store_exec(f->db,
				    "UPDATE enterprises SET tier = 'key' WHERE name = "
				    "'曲靖乙材料有限公司'",
				    NULL),
			 0);
	assert_int_equal(stored_count(&f->sys, &c, &e), 0);
	assert_int_equal(c.reserve[sa.verdict], 0);
	assert_int_equal(c.key[sa.verdict], 1);
	/* a county's counts follow a move of a firm to its area */
	struct enterprise_patch mv;
	enterprise_patch_init(&mv);
	mv.v.area = "530303";
	assert_int_equal(enterprise_patch_name(&mv, "area", &e), 0);
	assert_int_equal(enterprise_patch(&f->sys, f->b, &mv, a, NULL, NULL, &e), 0);
	assert_int_equal(stored_count(&county2, &c, &e), 0);
	assert_int_equal(c.enterprises, 2);
	assert_int_equal(c.key[sa.verdict], 1);
	struct enterprise_filter ef;
	struct enterprise_page pg;
	enterprise_filter_init(&ef);
	ef.verdict = "maybe";
	assert_int_equal(enterprise_list(&county1, &ef, a, &pg, &e), ERR_INVALID);
	assert_string_equal(e.field, "verdict");
	arena_free(a);
}

/* Many at once equals one at a time, across chunks, repeats, unknown ids and scope. */
static void test_get_many(void **state)
{
	struct fixture *f = *state;
	struct err e;
	err_clear(&e);
	enum { N = 2 * STORED_MANY_CHUNK + 7 };
	int64_t ids[N];
	const int64_t pick[] = {f->id_a, f->id_b, 424242};
	for (size_t i = 0; i < N; i++)
		ids[i] = pick[i % 3];
	static struct stored_assessment many[N];
	unsigned char found[N];
	struct ledger county2 = fixture_as(f, f->u_county2);
	struct ledger *as[] = {&f->sys, &county2};
	for (size_t w = 0; w < 2; w++) {
		memset(found, 7, sizeof found);
		assert_int_equal(stored_get_many(as[w], ids, N, many, found, &e), 0);
		for (size_t i = 0; i < N; i++) {
			struct stored_assessment one;
			int rc = stored_get(as[w], ids[i], &one, &e);
			err_clear(&e);
			assert_int_equal(found[i], rc == 0);
			if (!rc) {
				assert_int_equal(many[i].enterprise_id, ids[i]);
				assert_int_equal(many[i].verdict, one.verdict);
				assert_int_equal(many[i].score_min, one.score_min);
				assert_int_equal(many[i].score_max, one.score_max);
				assert_int_equal(many[i].risk, one.risk);
				assert_string_equal(many[i].conditions, one.conditions);
			} else {
				assert_int_equal(many[i].enterprise_id, 0);
			}
		}
	}
	/* county2 sees none of A's rows, the system all of A's and B's */
	assert_int_equal(stored_get_many(&county2, ids, 1, many, found, &e), 0);
	assert_int_equal(found[0], 0);
	assert_int_equal(stored_get_many(&f->sys, ids, 2, many, found, &e), 0);
	assert_true(found[0] && found[1]);
	assert_int_equal(stored_get_many(&f->sys, ids, 0, many, found, &e), 0);

	/* a page with its verdicts says what stored_get says, and -1 for a firm without a row */
	forget(f, f->id_b);
	struct arena *a = arena_new();
	for (size_t w = 0; w < 2; w++) {
		struct enterprise_filter ef;
		struct enterprise_page pg;
		enterprise_filter_init(&ef);
		ef.with_verdicts = 1;
		assert_int_equal(enterprise_list(as[w], &ef, a, &pg, &e), 0);
		assert_true(pg.n > 0);
		assert_non_null(pg.verdicts);
		for (size_t i = 0; i < pg.n; i++) {
			struct stored_assessment one;
			int rc = stored_get(as[w], pg.items[i].id, &one, &e);
			err_clear(&e);
			if (rc) {
				assert_int_equal(pg.verdicts[i].verdict, -1);
				continue;
			}
			assert_int_equal(pg.verdicts[i].verdict, one.verdict);
			assert_int_equal(pg.verdicts[i].score_min, one.score_min);
			assert_int_equal(pg.verdicts[i].score_max, one.score_max);
			assert_int_equal(pg.verdicts[i].risk, one.risk);
		}
	}
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_every_input_write_refreshes, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_refresh_in_the_same_transaction, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_refresh_stale, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_get_many, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_counts_filter_and_risk, fixture_setup,
						fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
