/* Tests of ledger/indicator, ledger/ip and ledger/qualitative: validation,
 * upsert with audit, locked years, scope and roles, IP classes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "ledger/records/indicator.h"
#include "ledger/records/ip.h"
#include "ledger/records/qualitative.h"

#include "support/ledger_fixture.h"

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

	/* update and delete, each audited; the enterprise sends the mark unchanged */
	it.title = "一种改进的测试装置";
	it.used_in_recognition = 2024;
	assert_int_equal(ip_update(&ent, f->a, id, &it, NULL), 0);
	it.kind = "invention_patent";
	it.number = "ZL202310000002.2";
	it.used_in_recognition = LEDGER_NONE;
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
		 LEDGER_NONE}, /* the first year: nothing to carry over */
		{"enterprise raising the expert's 'B' to 'A' is refused", 1, 'A', ERR_FORBIDDEN,
		 'B', 3},
		{"enterprise self-check without ratings keeps the expert's 'B'", 1, 0, 0, 'B', 6},
		{"enterprise sending the expert's 'B' unchanged is accepted", 1, 'B', 0, 'B', 6},
		/* years without ratings of their own start from the latest earlier year's */
		{"enterprise self-check of a later year keeps the expert's carried 'B'", 0, 0, 0,
		 'B', 6},
		{"enterprise raising the carried 'B' to 'A' is refused", 0, 'A', ERR_FORBIDDEN, 0,
		 LEDGER_NONE},
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

/*
 * product.md C2: a county user locks a year once verified, which freezes that
 * year's data — the qualitative ratings and self-check of a locked year are
 * refused for every role (ERR_CONFLICT on "year", as a locked indicator year).
 */
static void test_qualitative_locked_year(void **state)
{
	struct fixture *f = *state;
	struct ledger ent = fixture_as(f, f->u_ent), x = fixture_as(f, f->u_expert),
		      c1 = fixture_as(f, f->u_county1), city = fixture_as(f, f->u_city),
		      adm = fixture_as(f, f->u_admin);
	struct qualitative q, got;
	/* 2023 rated before its lock; 2022 locked without ratings; 2024 not locked */
	qualitative_init(&q, 2023);
	q.advancement.band = 'B';
	q.rd_org[0] = 3;
	assert_int_equal(qualitative_upsert(&x, f->a, &q, NULL, NULL), 0);
	for (int64_t y = 2022; y <= 2024; y++) {
		struct indicator in = sample(y);
		assert_int_equal(indicator_upsert(&f->sys, f->a, &in, NULL, NULL), 0);
	}
	assert_int_equal(indicator_set_locked(&c1, f->a, 2023, 1, NULL), 0);
	assert_int_equal(indicator_set_locked(&c1, f->a, 2022, 1, NULL), 0);
	int64_t audits = fixture_count(f, "SELECT count(*) FROM audit_log");
	struct {
		const char *why;
		struct ledger *who;
		int64_t year;
		char adv_band; /* 0 = the enterprise's self-check only */
		int want_rc;
	} cases[] = {
		{"enterprise self-check of locked 2023 is refused", &ent, 2023, 0, ERR_CONFLICT},
		{"expert re-rating locked 2023 'A' is refused", &x, 2023, 'A', ERR_CONFLICT},
		{"county re-rating locked 2023 'A' is refused", &c1, 2023, 'A', ERR_CONFLICT},
		{"city re-rating locked 2023 'A' is refused", &city, 2023, 'A', ERR_CONFLICT},
		{"admin user re-rating locked 2023 'A' is refused", &adm, 2023, 'A', ERR_CONFLICT},
		{"system re-rating locked 2023 'A' is refused", &f->sys, 2023, 'A', ERR_CONFLICT},
		{"expert first rating of locked 2022 is refused", &x, 2022, 'A', ERR_CONFLICT},
		{"enterprise first self-check of locked 2022 is refused", &ent, 2022, 0,
		 ERR_CONFLICT},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct err e;
		qualitative_init(&q, cases[i].year);
		q.advancement.band = cases[i].adv_band;
		q.rd_org[0] = 6;
		err_clear(&e);
		int rc = qualitative_upsert(cases[i].who, f->a, &q, NULL, &e);
		if (rc != cases[i].want_rc || strcmp(e.field, "year") != 0 ||
		    !strstr(e.msg, "年度数据已锁定"))
			fail_msg("%s: rc %d field '%s' msg %s", cases[i].why, rc, e.field, e.msg);
	}
	/* nothing changed: 2023 still 'B' with item 1 = 3, 2022 unrated, no audit */
	struct arena *a = arena_new();
	assert_int_equal(qualitative_get(&f->sys, f->a, 2023, a, &got, NULL), 0);
	assert_int_equal(got.advancement.band, 'B');
	assert_int_equal(got.rd_org[0], 3);
	assert_int_equal(qualitative_get(&f->sys, f->a, 2022, a, &got, NULL), ERR_NOT_FOUND);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_log"), audits);
	/* the unlocked 2024 is open; unlocking 2023 opens it again */
	qualitative_init(&q, 2024);
	q.advancement.band = 'A';
	assert_int_equal(qualitative_upsert(&x, f->a, &q, NULL, NULL), 0);
	assert_int_equal(indicator_set_locked(&c1, f->a, 2023, 0, NULL), 0);
	q.year = 2023;
	assert_int_equal(qualitative_upsert(&x, f->a, &q, NULL, NULL), 0);
	arena_free(a);
}

/*
 * The expert saving only its ratings (advancement, core support) keeps the
 * enterprise's self-check (R&D-management band or items, standards) of the
 * same row; what the expert does send replaces it.
 */
static void test_qualitative_expert_keeps_self_check(void **state)
{
	struct fixture *f = *state;
	struct {
		const char *why;
		char ent_band;	  /* enterprise self-check band (0 = items 5,4,3,3 or none) */
		int ent_items;	  /* 1: the enterprise sent items 5,4,3,3 */
		int ent_std;	  /* enterprise standards (-1 = no self-check at all) */
		int64_t exp_rd0;  /* expert's item 1 (LEDGER_NONE = only ratings) */
		int exp_std;	  /* expert's standards (-1 = absent) */
		char want_band;	  /* stored afterwards */
		int64_t want_rd0; /* stored item 1 */
		int want_std;	  /* stored standards */
	} cases[] = {
		{"expert ratings only with no self-check stored leave it absent", 0, 0, -1,
		 LEDGER_NONE, -1, 0, LEDGER_NONE, -1}, /* 2010: nothing earlier to carry over */
		{"expert ratings only keep the self-check items 5,4,3,3 and standards yes", 0, 1, 1,
		 LEDGER_NONE, -1, 0, 5, 1},
		{"expert ratings only keep the self-check band 'C' and standards no", 'C', 0, 0,
		 LEDGER_NONE, -1, 'C', LEDGER_NONE, 0},
		{"expert items 2,2,2,2 replace the items; absent standards keep yes", 0, 1, 1, 2,
		 -1, 0, 2, 1},
		{"expert standards no replaces yes; absent items keep 5,4,3,3", 0, 1, 1,
		 LEDGER_NONE, 0, 0, 5, 0},
		/* a year without a row of its own starts from the latest earlier year's (2013) */
		{"expert ratings of a later year keep the carried self-check 5,4,3,3, no", 0, 0, -1,
		 LEDGER_NONE, -1, 0, 5, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct arena *a = arena_new();
		struct ledger ent = fixture_as(f, f->u_ent), x = fixture_as(f, f->u_expert);
		struct qualitative q, got;
		struct err e;
		int64_t year = 2010 + (int64_t)i;
		if (cases[i].ent_std >= 0) {
			qualitative_init(&q, year);
			q.rd_org_band = cases[i].ent_band;
			if (cases[i].ent_items) {
				q.rd_org[0] = 5;
				q.rd_org[1] = 4;
				q.rd_org[2] = 3;
				q.rd_org[3] = 3;
			}
			q.standards = cases[i].ent_std;
			if (qualitative_upsert(&ent, f->a, &q, NULL, NULL))
				fail_msg("%s: self-check failed", cases[i].why);
		}
		qualitative_init(&q, year);
		q.advancement.band = 'B';
		q.core_support.points = 6;
		if (cases[i].exp_rd0 != LEDGER_NONE)
			for (int k = 0; k < 4; k++)
				q.rd_org[k] = cases[i].exp_rd0;
		q.standards = cases[i].exp_std;
		err_clear(&e);
		int rc = qualitative_upsert(&x, f->a, &q, NULL, &e);
		if (rc)
			fail_msg("%s: rc %d (%s)", cases[i].why, rc, e.msg);
		qualitative_init(&got, year);
		rc = qualitative_get(&f->sys, f->a, year, a, &got, NULL);
		if (rc || got.advancement.band != 'B' || got.core_support.points != 6 ||
		    got.rd_org_band != cases[i].want_band || got.rd_org[0] != cases[i].want_rd0 ||
		    got.standards != cases[i].want_std)
			fail_msg("%s: rc %d band '%c' rd_org[0] %lld standards %d", cases[i].why,
				 rc, got.rd_org_band ? got.rd_org_band : '-',
				 (long long)got.rd_org[0], got.standards);
		arena_free(a);
	}
}

/*
 * product.md C2/C3a, rules.md §1: a class II item counts in one recognition
 * only, so its mark used_in_recognition is set or cleared by admin, city and
 * county users only; the enterprise may send it unchanged, and may not delete
 * a marked item (re-adding it unmarked would reuse it).
 */
enum ip_op { OP_ADD, OP_UPDATE, OP_DELETE, OP_MARK };

static void test_ip_recognition_mark_rights(void **state)
{
	struct fixture *f = *state;
	struct ledger ent = fixture_as(f, f->u_ent), x = fixture_as(f, f->u_expert),
		      c1 = fixture_as(f, f->u_county1), city = fixture_as(f, f->u_city),
		      adm = fixture_as(f, f->u_admin);
	struct {
		const char *why;
		struct ledger *who;
		enum ip_op op;
		int64_t stored; /* mark of the existing item (not for OP_ADD) */
		int64_t sent;	/* mark sent with add/update, year of OP_MARK */
		int want_rc;
		const char *want_field; /* NULL: not checked */
		int64_t want_mark;	/* mark stored afterwards; 0 = no item */
	} cases[] = {
		{"enterprise adding an item marked 2024 is refused", &ent, OP_ADD, 0, 2024,
		 ERR_FORBIDDEN, "used_in_recognition", 0},
		{"enterprise adding an unmarked item is fine", &ent, OP_ADD, 0, LEDGER_NONE, 0,
		 NULL, LEDGER_NONE},
		{"enterprise marking an unmarked item 2024 is refused", &ent, OP_UPDATE,
		 LEDGER_NONE, 2024, ERR_FORBIDDEN, "used_in_recognition", LEDGER_NONE},
		{"enterprise clearing the 2024 mark is refused", &ent, OP_UPDATE, 2024, LEDGER_NONE,
		 ERR_FORBIDDEN, "used_in_recognition", 2024},
		{"enterprise moving the mark 2024 to 2025 is refused", &ent, OP_UPDATE, 2024, 2025,
		 ERR_FORBIDDEN, "used_in_recognition", 2024},
		{"enterprise sending the 2024 mark unchanged (title edit) is fine", &ent, OP_UPDATE,
		 2024, 2024, 0, NULL, 2024},
		{"enterprise deleting an item marked 2024 is refused", &ent, OP_DELETE, 2024, 0,
		 ERR_FORBIDDEN, "used_in_recognition", 2024},
		{"enterprise deleting an unmarked item is fine", &ent, OP_DELETE, LEDGER_NONE, 0, 0,
		 NULL, 0},
		{"enterprise ip_mark_used 2024 is refused", &ent, OP_MARK, LEDGER_NONE, 2024,
		 ERR_FORBIDDEN, "used_in_recognition", LEDGER_NONE},
		{"expert clearing the 2024 mark is refused", &x, OP_UPDATE, 2024, LEDGER_NONE,
		 ERR_FORBIDDEN, NULL, 2024},
		{"county clearing the 2024 mark is fine", &c1, OP_UPDATE, 2024, LEDGER_NONE, 0,
		 NULL, LEDGER_NONE},
		{"county marking 2024 through ip_mark_used is fine", &c1, OP_MARK, LEDGER_NONE,
		 2024, 0, NULL, 2024},
		{"city adding an item marked 2023 is fine", &city, OP_ADD, 0, 2023, 0, NULL, 2023},
		{"city moving the mark 2024 to 2025 is fine", &city, OP_UPDATE, 2024, 2025, 0, NULL,
		 2025},
		{"admin user deleting an item marked 2024 is fine", &adm, OP_DELETE, 2024, 0, 0,
		 NULL, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct arena *a = arena_new();
		struct ip_item it, got;
		struct err e;
		char number[32];
		int64_t id = 0;
		snprintf(number, sizeof number, "ZL2023300%05zu.1", i);
		ip_item_init(&it);
		it.kind = "utility_model";
		it.number = number;
		it.title = "一种标记测试装置";
		if (cases[i].op != OP_ADD) {
			it.used_in_recognition = cases[i].stored;
			assert_int_equal(ip_add(&f->sys, f->a, &it, &id, NULL), 0);
		}
		err_clear(&e);
		int rc = 0;
		switch (cases[i].op) {
		case OP_ADD:
			it.used_in_recognition = cases[i].sent;
			rc = ip_add(cases[i].who, f->a, &it, &id, &e);
			break;
		case OP_UPDATE:
			it.title = "一种改进的标记测试装置";
			it.used_in_recognition = cases[i].sent;
			rc = ip_update(cases[i].who, f->a, id, &it, &e);
			break;
		case OP_DELETE: rc = ip_delete(cases[i].who, f->a, id, &e); break;
		case OP_MARK: rc = ip_mark_used(cases[i].who, f->a, id, cases[i].sent, &e); break;
		}
		if (rc != cases[i].want_rc ||
		    (cases[i].want_field && strcmp(e.field, cases[i].want_field) != 0))
			fail_msg("%s: rc %d field '%s' (%s)", cases[i].why, rc, e.field, e.msg);
		char sql[128];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM ip_items WHERE number = '%s'",
			 number);
		if (fixture_count(f, sql) != (cases[i].want_mark ? 1 : 0))
			fail_msg("%s: %lld items numbered %s", cases[i].why,
				 (long long)fixture_count(f, sql), number);
		if (cases[i].want_mark == 0) {
			/* no item, checked above */
		} else if (ip_get(&f->sys, f->a, id, a, &got, NULL) ||
			   got.used_in_recognition != cases[i].want_mark) {
			fail_msg("%s: stored mark %lld", cases[i].why,
				 (long long)got.used_in_recognition);
		}
		arena_free(a);
	}
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
		T(test_qualitative_locked_year),
		T(test_qualitative_expert_keeps_self_check),
		T(test_ip_recognition_mark_rights),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
