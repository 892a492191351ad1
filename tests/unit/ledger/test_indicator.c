/* Tests of ledger/indicator, ledger/ip and ledger/qualitative: validation,
 * upsert with audit, locked years, scope and roles, IP classes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "ledger/indicator.h"
#include "ledger/ip.h"
#include "ledger/qualitative.h"

#include "ledger_fixture.h"

static struct indicator sample(int64_t year)
{
	struct indicator in;
	indicator_init(&in, year);
	in.staff = 8000;	      /* 80 people */
	in.st_staff = 1200;	      /* 12 */
	in.sales_main = 3200000000LL; /* 32,000,000.00 元 */
	in.gross_income = 3250000000LL;
	in.hitech_income = 2100000000LL;
	in.rd_personnel = 90000000;
	in.total_assets = 4000000000LL;
	in.total_liabilities = 2800000000LL;
	in.conversions = 2;
	return in;
}

static void test_validate(void **state)
{
	(void)state;
	struct {
		const char *why;
		int64_t year, staff, st, rd_total, rd_domestic, rd_personnel, gross, hitech, nti;
		const char *field; /* NULL = valid */
	} cases[] = {
		{"a plain year is valid", 2023, 8000, 1200, LEDGER_NONE, LEDGER_NONE, 1, 100, 50, 0,
		 NULL},
		{"S&T staff equal to staff is fine", 2023, 8000, 8000, LEDGER_NONE, LEDGER_NONE, 1,
		 100, 50, 0, NULL},
		{"S&T staff 80.01 > staff 80 is refused", 2023, 8000, 8001, LEDGER_NONE,
		 LEDGER_NONE, 1, 100, 50, 0, "st_staff"},
		{"a year before 1990 is refused", 1989, 1, 0, LEDGER_NONE, LEDGER_NONE, 1, 100, 50,
		 0, "year"},
		{"negative staff is refused", 2023, -1, LEDGER_NONE, LEDGER_NONE, LEDGER_NONE, 1,
		 100, 50, 0, "staff"},
		{"totals and categories together are refused", 2023, 1, 0, 500, LEDGER_NONE, 1, 100,
		 50, 0, "rd_total"},
		{"domestic R&D above the total is refused", 2023, 1, 0, 500, 501, LEDGER_NONE, 100,
		 50, 0, "rd_domestic"},
		{"high-tech income above gross income is refused", 2023, 1, 0, LEDGER_NONE,
		 LEDGER_NONE, 1, 100, 101, 0, "hitech_income"},
		{"non-taxable income above gross income is refused", 2023, 1, 0, LEDGER_NONE,
		 LEDGER_NONE, 1, 100, 50, 101, "non_taxable_income"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct indicator in;
		struct err e;
		indicator_init(&in, cases[i].year);
		in.staff = cases[i].staff;
		in.st_staff = cases[i].st;
		in.rd_total = cases[i].rd_total;
		in.rd_domestic = cases[i].rd_domestic;
		in.rd_personnel = cases[i].rd_personnel;
		in.gross_income = cases[i].gross;
		in.hitech_income = cases[i].hitech;
		in.non_taxable_income = cases[i].nti;
		err_clear(&e);
		int rc = indicator_validate(&in, &e);
		if (cases[i].field ? (rc != ERR_INVALID || strcmp(e.field, cases[i].field) != 0)
				   : rc != 0)
			fail_msg("%s: rc %d field '%s'", cases[i].why, rc, e.field);
	}
	/* sales is main + other; absent parts count 0, both absent is absent */
	struct indicator in;
	indicator_init(&in, 2023);
	assert_true(indicator_sales(&in) == LEDGER_NONE);
	in.sales_other = 5;
	assert_int_equal(indicator_sales(&in), 5);
	in.sales_main = 100;
	assert_int_equal(indicator_sales(&in), 105);
}

static void test_upsert_and_lock(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	struct ledger ent = fixture_as(f, f->u_ent);
	struct ledger c1 = fixture_as(f, f->u_county1);
	struct indicator in = sample(2023), got;
	struct err e;
	char buf[4096], key[40];
	int changed = -1;

	/* the enterprise enters its own year: created, audited with no before */
	assert_int_equal(indicator_upsert(&ent, f->a, &in, &changed, NULL), 0);
	assert_int_equal(changed, 1);
	assert_int_equal(indicator_get(&c1, f->a, 2023, a, &got, NULL), 0);
	assert_int_equal(got.sales_main, 3200000000LL);
	assert_true(got.sales_other == LEDGER_NONE); /* absent stays absent, not 0 */
	assert_int_equal(got.st_staff, 1200);
	snprintf(key, sizeof key, "%s/2023", f->a);
	snprintf(
		buf, sizeof buf,
		"SELECT count(*) FROM audit_log WHERE table_name = 'indicators' AND row_key = '%s' "
		"AND action = 'create' AND before_json IS NULL AND user_name = 'ent_a'",
		key);
	assert_int_equal(fixture_count(f, buf), 1);

	/* the same again: unchanged, no audit */
	int64_t audits = fixture_count(f, "SELECT count(*) FROM audit_log");
	assert_int_equal(indicator_upsert(&ent, f->a, &in, &changed, NULL), 0);
	assert_int_equal(changed, 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_log"), audits);

	/* a change: updated, before and after recorded */
	in.sales_main = 3300000000LL;
	assert_int_equal(indicator_upsert(&ent, f->a, &in, &changed, NULL), 0);
	assert_int_equal(changed, 2);
	fixture_text(f,
		     "SELECT before_json || ' => ' || after_json FROM audit_log ORDER BY id DESC "
		     "LIMIT 1",
		     buf, sizeof buf);
	assert_non_null(strstr(buf, "\"sales_main\":3200000000"));
	assert_non_null(strstr(buf, "\"sales_main\":3300000000"));

	/* an enterprise user cannot lock; a county user can */
	err_clear(&e);
	assert_int_equal(indicator_set_locked(&ent, f->a, 2023, 1, &e), ERR_FORBIDDEN);
	assert_int_equal(indicator_set_locked(&c1, f->a, 2023, 1, NULL), 0);
	assert_int_equal(indicator_get(&c1, f->a, 2023, a, &got, NULL), 0);
	assert_int_equal(got.locked, 1);
	assert_string_equal(got.locked_by, "county1");

	/* a locked year refuses every write, by anyone, and changes nothing */
	in.sales_main = 1;
	struct ledger *writers[] = {&ent, &c1, &f->sys};
	for (size_t i = 0; i < 3; i++) {
		err_clear(&e);
		assert_int_equal(indicator_upsert(writers[i], f->a, &in, NULL, &e), ERR_CONFLICT);
		assert_non_null(strstr(e.msg, "锁定"));
		err_clear(&e);
		assert_int_equal(indicator_delete(writers[i], f->a, 2023, &e), ERR_CONFLICT);
	}
	assert_int_equal(indicator_get(&c1, f->a, 2023, a, &got, NULL), 0);
	assert_int_equal(got.sales_main, 3300000000LL);

	/* locking twice is a no-op without audit; unlocking opens it again */
	audits = fixture_count(f, "SELECT count(*) FROM audit_log");
	assert_int_equal(indicator_set_locked(&c1, f->a, 2023, 1, NULL), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_log"), audits);
	assert_int_equal(indicator_set_locked(&c1, f->a, 2023, 0, NULL), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_log WHERE action = 'unlock'"),
			 1);
	assert_int_equal(indicator_upsert(&ent, f->a, &in, &changed, NULL), 0);
	assert_int_equal(changed, 2);

	/* list and delete */
	struct indicator y22 = sample(2022);
	assert_int_equal(indicator_upsert(&c1, f->a, &y22, NULL, NULL), 0);
	struct indicator *items = NULL;
	size_t n = 0;
	assert_int_equal(indicator_list(&c1, f->a, a, &items, &n, NULL), 0);
	assert_int_equal(n, 2);
	assert_int_equal(items[0].year, 2022); /* oldest first */
	assert_int_equal(items[1].year, 2023);
	assert_int_equal(indicator_delete(&c1, f->a, 2022, NULL), 0);
	err_clear(&e);
	assert_int_equal(indicator_get(&c1, f->a, 2022, a, &got, &e), ERR_NOT_FOUND);
	arena_free(a);
}

static void test_indicator_scope(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	struct indicator in = sample(2023), got;
	struct err e;
	/* the enterprise user of A cannot write B's year: not found */
	struct ledger ent = fixture_as(f, f->u_ent);
	err_clear(&e);
	assert_int_equal(indicator_upsert(&ent, f->b, &in, NULL, &e), ERR_NOT_FOUND);
	/* county2 cannot read A's year */
	assert_int_equal(indicator_upsert(&f->sys, f->a, &in, NULL, NULL), 0);
	struct ledger c2 = fixture_as(f, f->u_county2);
	err_clear(&e);
	assert_int_equal(indicator_get(&c2, f->a, 2023, a, &got, &e), ERR_NOT_FOUND);
	/* viewer and expert read but cannot write */
	struct ledger v = fixture_as(f, f->u_viewer), x = fixture_as(f, f->u_expert);
	assert_int_equal(indicator_get(&v, f->a, 2023, a, &got, NULL), 0);
	assert_int_equal(indicator_get(&x, f->a, 2023, a, &got, NULL), 0);
	err_clear(&e);
	assert_int_equal(indicator_upsert(&v, f->a, &in, NULL, &e), ERR_FORBIDDEN);
	err_clear(&e);
	assert_int_equal(indicator_upsert(&x, f->a, &in, NULL, &e), ERR_FORBIDDEN);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM indicators"), 1);
	arena_free(a);
}

/* ---- IP ---------------------------------------------------------------------------- */

static void test_ip_classes(void **state)
{
	(void)state;
	struct {
		const char *kind;
		int klass;
	} cases[] = {
		{"invention_patent", 1},
		{"defense_patent", 1},
		{"plant_variety", 1},
		{"crop_variety", 1},
		{"new_drug", 1},
		{"tcm_protected_grade1", 1},
		{"ic_layout", 1},
		{"utility_model", 2},
		{"design_patent", 2},
		{"software_copyright", 2},
		{"other_ii", 2},
		{"trademark", 0},
		{"", 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (ip_kind_class(cases[i].kind) != cases[i].klass)
			fail_msg("kind %s should be class %d", cases[i].kind, cases[i].klass);
	assert_string_equal(ip_kind_parse("发明专利"), "invention_patent");
	assert_string_equal(ip_kind_parse("software_copyright"), "software_copyright");
	assert_null(ip_kind_parse("商标"));
}

static void test_ip_crud(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	struct ledger ent = fixture_as(f, f->u_ent);
	struct ip_item it, got, *items = NULL;
	struct err e;
	int64_t id = 0, id2 = 0;
	size_t n = 0;

	ip_item_init(&it);
	it.kind = "utility_model";
	it.number = "ZL202320000001.1";
	it.title = "一种测试装置";
	it.granted_on = date_from_ymd(2023, 6, 1);
	assert_int_equal(ip_add(&ent, f->a, &it, &id, NULL), 0);
	assert_int_equal(ip_get(&ent, f->a, id, a, &got, NULL), 0);
	assert_int_equal(got.klass, 2); /* derived from the kind */
	assert_string_equal(got.acquired, "self");
	assert_true(got.used_in_recognition == LEDGER_NONE);

	/* the same number twice for one enterprise is a conflict */
	err_clear(&e);
	assert_int_equal(ip_add(&ent, f->a, &it, &id2, &e), ERR_CONFLICT);
	assert_string_equal(e.field, "number");
	/* validation */
	struct ip_item bad = it;
	bad.kind = "trademark";
	err_clear(&e);
	assert_int_equal(ip_add(&ent, f->a, &bad, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "kind");
	bad = it;
	bad.kind = "invention_patent";
	bad.number = "ZL1";
	bad.used_in_recognition = 2021;
	err_clear(&e);
	assert_int_equal(ip_add(&ent, f->a, &bad, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "used_in_recognition");

	/* marking a class II item used in the 2024 recognition */
	assert_int_equal(ip_mark_used(&f->sys, f->a, id, 2024, NULL), 0);
	assert_int_equal(ip_get(&ent, f->a, id, a, &got, NULL), 0);
	assert_int_equal(got.used_in_recognition, 2024);

	/* update and delete, each audited */
	it.title = "一种改进的测试装置";
	assert_int_equal(ip_update(&ent, f->a, id, &it, NULL), 0);
	it.kind = "invention_patent";
	it.number = "ZL202310000002.2";
	assert_int_equal(ip_add(&ent, f->a, &it, &id2, NULL), 0);
	assert_int_equal(ip_list(&ent, f->a, a, &items, &n, NULL), 0);
	assert_int_equal(n, 2);
	assert_int_equal(items[1].klass, 1);
	assert_int_equal(ip_delete(&ent, f->a, id2, NULL), 0);
	err_clear(&e);
	assert_int_equal(ip_delete(&ent, f->a, id2, &e), ERR_NOT_FOUND);
	char sql[256];
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM audit_log WHERE table_name = 'ip_items' AND row_key LIKE "
		 "'%s/%%'",
		 f->a);
	assert_int_equal(fixture_count(f, sql), 5); /* add, mark, update, add, delete */

	/* an item id of A is not reachable through B */
	err_clear(&e);
	assert_int_equal(ip_get(&f->sys, f->b, id, a, &got, &e), ERR_NOT_FOUND);
	/* out of scope: county2 neither reads nor writes A's IP */
	struct ledger c2 = fixture_as(f, f->u_county2);
	err_clear(&e);
	assert_int_equal(ip_list(&c2, f->a, a, &items, &n, &e), ERR_NOT_FOUND);
	err_clear(&e);
	assert_int_equal(ip_delete(&c2, f->a, id, &e), ERR_NOT_FOUND);
	/* viewer cannot write */
	struct ledger v = fixture_as(f, f->u_viewer);
	err_clear(&e);
	assert_int_equal(ip_delete(&v, f->a, id, &e), ERR_FORBIDDEN);
	assert_int_equal(ip_list(&f->sys, f->a, a, &items, &n, NULL), 0);
	assert_int_equal(n, 1);
	arena_free(a);
}

/* ---- qualitative ---------------------------------------------------------------------- */

static void test_qualitative(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	struct qualitative q, got;
	struct err e;
	int changed = -1;

	qualitative_init(&q, 2023);
	q.advancement.band = 'B';
	q.core_support.points = 6;
	q.rd_org[0] = 5;
	q.rd_org[1] = 4;
	q.rd_org[2] = 3;
	q.rd_org[3] = 3;
	q.standards = 0;
	/* the assigned expert rates A */
	struct ledger x = fixture_as(f, f->u_expert);
	assert_int_equal(qualitative_upsert(&x, f->a, &q, &changed, NULL), 0);
	assert_int_equal(changed, 1);
	assert_int_equal(qualitative_get(&x, f->a, 2023, a, &got, NULL), 0);
	assert_int_equal(got.advancement.band, 'B');
	assert_true(got.advancement.points == LEDGER_NONE);
	assert_int_equal(got.core_support.points, 6);
	assert_int_equal(got.rd_org[2], 3);
	assert_int_equal(got.standards, 0);
	assert_string_equal(got.rated_by, "expert1");
	/* the latest rating of a year ≤ 2025 is 2023's */
	assert_int_equal(qualitative_latest(&x, f->a, 2025, a, &got, NULL), 0);
	assert_int_equal(got.year, 2023);
	err_clear(&e);
	assert_int_equal(qualitative_latest(&x, f->a, 2022, a, &got, &e), ERR_NOT_FOUND);
	/* but not B, which is not assigned to the expert */
	err_clear(&e);
	assert_int_equal(qualitative_upsert(&x, f->b, &q, NULL, &e), ERR_NOT_FOUND);

	/* validation: item maxima 6, 6, 4, 4; band and points not both */
	struct qualitative bad = q;
	bad.rd_org[2] = 5;
	err_clear(&e);
	assert_int_equal(qualitative_validate(&bad, &e), ERR_INVALID);
	assert_string_equal(e.field, "rd_org[2]");
	bad = q;
	bad.advancement.points = 7;
	err_clear(&e);
	assert_int_equal(qualitative_validate(&bad, &e), ERR_INVALID);
	assert_string_equal(e.field, "advancement");
	bad = q;
	bad.core_support.points = 9;
	err_clear(&e);
	assert_int_equal(qualitative_validate(&bad, &e), ERR_INVALID);
	bad = q;
	bad.rd_org_band = 'A';
	err_clear(&e);
	assert_int_equal(qualitative_validate(&bad, &e), ERR_INVALID);
	assert_string_equal(e.field, "rd_org");
	/* a viewer cannot rate */
	struct ledger v = fixture_as(f, f->u_viewer);
	err_clear(&e);
	assert_int_equal(qualitative_upsert(&v, f->a, &q, NULL, &e), ERR_FORBIDDEN);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_log WHERE "
					  "table_name = 'qualitative'"),
			 1);
	arena_free(a);
}

/*
 * product.md C2: the enterprise fills in the self-check of R&D management;
 * the ratings of IP advancement and core support are the expert's. The
 * enterprise may neither set them nor wipe them with its self-check.
 */
static void test_qualitative_enterprise_rights(void **state)
{
	struct fixture *f = *state;
	struct {
		const char *why;
		int expert_first; /* the expert rated 2023 advancement 'B' beforehand */
		char adv_band;	  /* what the enterprise sends (0 = absent) */
		int want_rc;
		char want_band;	  /* advancement stored afterwards (0 = absent) */
		int64_t want_rd0; /* rd_org[0] stored afterwards */
	} cases[] = {
		{"enterprise rating its own advancement 'A' is refused", 0, 'A', ERR_FORBIDDEN, 0,
		 LEDGER_NONE},
		{"enterprise raising the expert's 'B' to 'A' is refused", 1, 'A', ERR_FORBIDDEN,
		 'B', 3},
		{"enterprise self-check without ratings keeps the expert's 'B'", 1, 0, 0, 'B', 6},
		{"enterprise sending the expert's 'B' unchanged is accepted", 1, 'B', 0, 'B', 6},
		{"enterprise self-check with no expert rating leaves advancement absent", 0, 0, 0,
		 0, 6},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct arena *a = arena_new();
		struct qualitative q, got;
		struct err e;
		int64_t year = 2010 + (int64_t)i;
		if (cases[i].expert_first) {
			struct ledger x = fixture_as(f, f->u_expert);
			qualitative_init(&q, year);
			q.advancement.band = 'B';
			q.rd_org[0] = 3;
			if (qualitative_upsert(&x, f->a, &q, NULL, NULL))
				fail_msg("%s: expert rating failed", cases[i].why);
		}
		struct ledger en = fixture_as(f, f->u_ent);
		qualitative_init(&q, year);
		q.advancement.band = cases[i].adv_band;
		q.rd_org[0] = 6;
		err_clear(&e);
		int rc = qualitative_upsert(&en, f->a, &q, NULL, &e);
		if (rc != cases[i].want_rc)
			fail_msg("%s: rc %d (%s)", cases[i].why, rc, e.msg);
		qualitative_init(&got, year);
		rc = qualitative_get(&f->sys, f->a, year, a, &got, NULL);
		if (cases[i].want_rd0 == LEDGER_NONE) {
			if (rc != ERR_NOT_FOUND)
				fail_msg("%s: a row was written (rc %d)", cases[i].why, rc);
		} else if (rc || got.advancement.band != cases[i].want_band ||
			   got.rd_org[0] != cases[i].want_rd0) {
			fail_msg("%s: rc %d band '%c' rd_org[0] %lld", cases[i].why, rc,
				 got.advancement.band ? got.advancement.band : '-',
				 (long long)got.rd_org[0]);
		}
		arena_free(a);
	}
	/* the audit row of case 3 shows the kept rating in "after" */
	char buf[512];
	fixture_text(f,
		     "SELECT after_json FROM audit_log WHERE table_name = 'qualitative' AND "
		     "row_key LIKE '%/2012' ORDER BY id DESC LIMIT 1",
		     buf, sizeof buf);
	assert_non_null(strstr(buf, "\"advancement\":\"B\""));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_validate),
		T(test_upsert_and_lock),
		T(test_indicator_scope),
		cmocka_unit_test(test_ip_classes),
		T(test_ip_crud),
		T(test_qualitative),
		T(test_qualitative_enterprise_rights),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
