/*
 * Tests of demo: the synthetic Qujing ledger is deterministic for a
 * seed, has every tier, valid and unique USCCs of the right regions, unique
 * names, certificates that expire this year, both IP classes, the demo
 * users of every role, every HNTE verdict, and refuses a non-empty ledger.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/strbuf.h"
#include "ledger/assess/assessment.h"
#include "demo/demo.h"
#include "ledger/register/enterprise.h"
#include "ledger/ledger.h"
#include "ledger/access/user.h"
#include "rules/uscc.h"
#include "store/store.h"

#define N_FIRMS 300
#define SEED 42

/* 2026-06-30: the reference day of every test (fiscal years 2023–2025). */
static int32_t ref_day(void)
{
	return date_from_ymd(2026, 6, 30);
}

static struct store *fresh_db(void)
{
	struct store *db = NULL;
	struct err e;
	err_clear(&e);
	if (store_open(":memory:", 0, &db, &e) || store_migrate(db, NULL, &e))
		fail_msg("cannot open a scratch database: %s", e.msg);
	return db;
}

/* demo_fill on DB as the command line runs it: the system, audit source "demo". */
static int fill(struct store *db, const struct demo_options *o, struct demo_summary *s,
		struct err *e)
{
	struct ledger l;
	struct scope sys = ledger_system_scope();
	ledger_init(&l, db, &sys, "demo");
	return demo_fill(&l, o, s, e);
}

static struct store *demo_db(uint64_t seed, int64_t n, int with_users)
{
	struct store *db = fresh_db();
	struct demo_options o;
	demo_options_init(&o);
	o.enterprises = n;
	o.seed = seed;
	o.today = ref_day();
	o.with_users = with_users;
	o.password = "demo-pass-2026";
	struct err e;
	err_clear(&e);
	struct demo_summary s;
	if (fill(db, &o, &s, &e))
		fail_msg("demo_fill failed: %s (%s)", e.msg, e.field);
	assert_int_equal(s.enterprises, n);
	return db;
}

/* One integer from SQL. */
static int64_t scalar(struct store *db, const char *sql)
{
	struct store_stmt *st = NULL;
	struct err e;
	err_clear(&e);
	if (store_prepare(db, sql, &st, &e))
		fail_msg("%s: %s", sql, e.msg);
	int rc = store_step(st, &e);
	int64_t v = rc == STORE_ROW ? store_column_int(st, 0) : -1;
	store_finish(st);
	return v;
}

/* Every column of every row of SQL as text, for comparisons. */
static void dump(struct store *db, const char *sql, struct strbuf *out)
{
	struct store_stmt *st = NULL;
	struct err e;
	err_clear(&e);
	if (store_prepare(db, sql, &st, &e))
		fail_msg("%s: %s", sql, e.msg);
	while (store_step(st, &e) == STORE_ROW) {
		int nc = store_column_count(st);
		for (int c = 0; c < nc; c++) {
			const char *t = store_column_text(st, c, NULL);
			strbuf_adds(out, t ? t : "NULL");
			strbuf_addc(out, '|');
		}
		strbuf_addc(out, '\n');
	}
	store_finish(st);
}

static void dump_ledger(struct store *db, struct strbuf *out)
{
	dump(db, "SELECT * FROM enterprises ORDER BY id", out);
	dump(db,
	     "SELECT enterprise_id, from_tier, to_tier, changed_on, user_name, reason FROM "
	     "tier_history ORDER BY id",
	     out);
	dump(db,
	     "SELECT enterprise_id, year, staff, st_staff, sales_main, sales_other, gross_income, "
	     "non_taxable_income, hitech_income, rd_personnel, rd_direct, rd_depreciation, "
	     "rd_amortization, rd_design, rd_trials, rd_other, rd_entrusted_domestic, "
	     "rd_entrusted_overseas, total_assets, total_liabilities, cost_expense_total, "
	     "conversions, incident FROM indicators ORDER BY enterprise_id, year",
	     out);
	dump(db,
	     "SELECT enterprise_id, kind, class, number, title, granted_on, expires_on, valid, "
	     "acquired, used_in_recognition FROM ip_items ORDER BY id",
	     out);
	dump(db,
	     "SELECT enterprise_id, year, advancement, core_support, rd_org_band, rd_org1, "
	     "rd_org2, "
	     "rd_org3, rd_org4, standards FROM qualitative ORDER BY enterprise_id, year",
	     out);
}

static void test_same_seed_gives_the_same_ledger(void **state)
{
	(void)state;
	struct store *a = demo_db(SEED, N_FIRMS, 0), *b = demo_db(SEED, N_FIRMS, 0);
	struct store *c = demo_db(SEED + 1, N_FIRMS, 0);
	struct strbuf da, db_, dc;
	strbuf_init(&da, 0);
	strbuf_init(&db_, 0);
	strbuf_init(&dc, 0);
	dump_ledger(a, &da);
	dump_ledger(b, &db_);
	dump_ledger(c, &dc);
	assert_true(da.len > 10000);
	assert_int_equal(da.len, db_.len);
	assert_memory_equal(da.buf, db_.buf, da.len);
	assert_true(da.len != dc.len || memcmp(da.buf, dc.buf, da.len) != 0);
	strbuf_cleanup(&da);
	strbuf_cleanup(&db_);
	strbuf_cleanup(&dc);
	store_close(a);
	store_close(b);
	store_close(c);
}

static void test_every_tier_is_present(void **state)
{
	(void)state;
	/* Even with only seven firms: the first seven are one per tier. */
	static const int64_t sizes[] = {7, N_FIRMS};
	for (size_t k = 0; k < 2; k++) {
		struct store *db = demo_db(SEED, sizes[k], 0);
		static const char *const tiers[] = {"prospect", "tsme",	  "reserve", "key",
						    "hnte",	"leader", "exited"};
		for (size_t i = 0; i < 7; i++) {
			char sql[160];
			snprintf(sql, sizeof sql,
				 "SELECT count(*) FROM enterprises WHERE tier = '%s'", tiers[i]);
			if (scalar(db, sql) < 1)
				fail_msg("%lld firms: no firm in tier %s", (long long)sizes[k],
					 tiers[i]);
		}
		/* Exited firms carry their reason; recognised firms a certificate. */
		assert_int_equal(scalar(db,
					"SELECT count(*) FROM enterprises WHERE tier = 'exited' "
					"AND (exit_reason IS NULL OR exit_reason = '')"),
				 0);
		assert_int_equal(scalar(db,
					"SELECT count(*) FROM enterprises WHERE tier IN ('hnte', "
					"'leader') AND hnte_cert_no IS NULL"),
				 0);
		/* Every firm has a history that ends in its tier. */
		assert_int_equal(
			scalar(db,
			       "SELECT count(*) FROM enterprises e WHERE e.tier <> (SELECT to_tier "
			       "FROM tier_history h WHERE h.enterprise_id = e.id ORDER BY h.id "
			       "DESC LIMIT 1)"),
			0);
		store_close(db);
	}
}

/* 2,100 firms: more than one chunk of the generator (2,048), all written. */
#define N_MANY 2100

static void test_usccs_are_valid_unique_and_local(void **state)
{
	(void)state;
	struct store *db = demo_db(SEED, N_MANY, 0);
	struct store_stmt *st = NULL;
	struct err e;
	err_clear(&e);
	assert_int_equal(store_prepare(db, "SELECT uscc, area FROM enterprises", &st, &e), 0);
	int64_t n = 0, old = 0, zone = 0;
	while (store_step(st, &e) == STORE_ROW) {
		const char *code = store_column_text(st, 0, NULL);
		const char *area = store_column_text(st, 1, NULL);
		struct uscc u;
		if (uscc_parse(code, strlen(code), 0, &u, &e))
			fail_msg("%s: %s", code, e.msg);
		assert_true(uscc_is_enterprise(u.code));
		/* Region: the area's code, an old code of it (530328, 530321), or the city's
		 * 530300. */
		int ok = !strcmp(u.region, area) || !strcmp(u.region, "530300") ||
			 (!strcmp(area, "530303") && !strcmp(u.region, "530328")) ||
			 (!strcmp(area, "530304") && !strcmp(u.region, "530321"));
		if (!ok)
			fail_msg("%s in area %s has region %s", code, area, u.region);
		old += !strcmp(u.region, "530328") || !strcmp(u.region, "530321");
		zone += !strcmp(area, "QJETDZ");
		n++;
	}
	store_finish(st);
	assert_int_equal(n, N_MANY);
	assert_true(zone > 0);
	assert_true(old > 0);
	assert_int_equal(scalar(db, "SELECT count(DISTINCT uscc) FROM enterprises"), N_MANY);
	assert_int_equal(scalar(db, "SELECT count(DISTINCT name) FROM enterprises"), N_MANY);
	/* Every reference points at an existing row. */
	assert_int_equal(scalar(db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	/* Ten areas seeded, every one holding firms. */
	assert_int_equal(scalar(db, "SELECT count(*) FROM areas"), 10);
	assert_int_equal(scalar(db, "SELECT count(DISTINCT area) FROM enterprises"), 10);
	store_close(db);
}

static void test_certificates_ip_and_indicators(void **state)
{
	(void)state;
	struct store *db = demo_db(SEED, N_FIRMS, 0);
	/* Issued in the batches of 2023–2025 (2026's are not yet out on 2026-06-30), valid 3 years.
	 */
	assert_int_equal(scalar(db,
				"SELECT count(*) FROM enterprises WHERE tier IN ('hnte', "
				"'leader') AND (hnte_issued_on < '2023-01-01' OR hnte_issued_on "
				">= '2026-06-30')"),
			 0);
	assert_int_equal(scalar(db, "SELECT count(*) FROM enterprises WHERE hnte_cert_no IS NOT "
				    "NULL AND hnte_expires_on <> date(hnte_issued_on, '+3 years', "
				    "'-1 day')"),
			 0);
	assert_true(scalar(db, "SELECT count(*) FROM enterprises WHERE tier = 'hnte' AND "
			       "hnte_expires_on BETWEEN '2026-01-01' AND '2026-12-31'") > 0);
	assert_true(scalar(db, "SELECT count(*) FROM enterprises WHERE tier = 'hnte' AND "
			       "hnte_expires_on > '2026-12-31'") > 0);
	assert_int_equal(scalar(db, "SELECT count(*) FROM enterprises WHERE hnte_cert_no NOT GLOB "
				    "'GR20[0-9][0-9]53[0-9][0-9][0-9][0-9][0-9][0-9][0-9]'"),
			 0);
	assert_int_equal(scalar(db, "SELECT count(DISTINCT hnte_cert_no) = count(hnte_cert_no) "
				    "FROM enterprises"),
			 1);
	/* TSME firms registered this year; a number starts with its year. */
	assert_int_equal(scalar(db, "SELECT count(*) FROM enterprises WHERE tier = 'tsme' AND "
				    "(tsme_reg_no IS NULL OR tsme_year <> 2026)"),
			 0);
	assert_int_equal(scalar(db,
				"SELECT count(*) FROM enterprises WHERE tsme_reg_no IS NOT NULL "
				"AND CAST(substr(tsme_reg_no, 1, 4) AS INTEGER) <> tsme_year"),
			 0);
	/* Key firms are on this year's key list. */
	assert_int_equal(scalar(db,
				"SELECT count(*) FROM enterprises e WHERE tier = 'key' AND "
				"(SELECT reason FROM tier_history h WHERE h.enterprise_id = e.id "
				"ORDER BY h.id DESC LIMIT 1) <> '列入2026年度重点培育名单'"),
			 0);
	/* History dates never decrease and never precede registration. */
	assert_int_equal(scalar(db,
				"SELECT count(*) FROM tier_history h JOIN enterprises e ON e.id "
				"= h.enterprise_id WHERE h.changed_on < e.registered_on OR "
				"h.changed_on >= '2026-06-30' OR h.changed_on < (SELECT "
				"max(p.changed_on) FROM tier_history p WHERE p.enterprise_id = "
				"h.enterprise_id AND p.id < h.id)"),
			 0);
	/* IP: both classes, some class II used in a recognition, some lapsed. */
	assert_true(scalar(db, "SELECT count(*) FROM ip_items WHERE class = 1") > 0);
	assert_true(scalar(db, "SELECT count(*) FROM ip_items WHERE class = 2") > 0);
	assert_true(scalar(db, "SELECT count(*) FROM ip_items WHERE used_in_recognition IS NOT "
			       "NULL") > 0);
	assert_int_equal(scalar(db, "SELECT count(*) FROM ip_items WHERE used_in_recognition IS "
				    "NOT NULL AND class <> 2"),
			 0);
	assert_true(scalar(db, "SELECT count(*) FROM ip_items WHERE valid = 0") > 0);
	assert_int_equal(scalar(db, "SELECT count(*) FROM ip_items WHERE granted_on >= "
				    "'2026-06-30'"),
			 0);
	/* Indicators: only the fiscal years 2023–2025, never before registration. */
	assert_int_equal(scalar(db, "SELECT count(*) FROM indicators WHERE year NOT BETWEEN 2023 "
				    "AND 2025"),
			 0);
	assert_int_equal(scalar(db, "SELECT count(*) FROM indicators i JOIN enterprises e ON e.id "
				    "= i.enterprise_id WHERE i.year < CAST(substr(e.registered_on, "
				    "1, 4) AS INTEGER)"),
			 0);
	assert_int_equal(scalar(db, "SELECT count(*) FROM indicators WHERE st_staff > staff"), 0);
	/* Small firms dominate: more than half have fewer than 100 staff in 2025. */
	int64_t small = scalar(db, "SELECT count(*) FROM indicators WHERE year = 2025 AND staff < "
				   "10000");
	int64_t all = scalar(db, "SELECT count(*) FROM indicators WHERE year = 2025");
	assert_true(small * 2 > all);
	store_close(db);
}

static void test_demo_users_of_every_role(void **state)
{
	(void)state;
	struct store *db = demo_db(SEED, 100, 1);
	static const char *const roles[] = {"admin",  "city",	    "county",
					    "expert", "enterprise", "viewer"};
	for (size_t i = 0; i < 6; i++) {
		char sql[128];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM users WHERE role = '%s'", roles[i]);
		if (scalar(db, sql) < 1)
			fail_msg("no demo user with role %s", roles[i]);
	}
	/* One county user per area, holding exactly that area. */
	assert_int_equal(scalar(db, "SELECT count(*) FROM users u JOIN user_areas a ON a.user_id = "
				    "u.id WHERE u.role = 'county' AND u.name = 'county-' || "
				    "lower(a.area)"),
			 10);
	assert_int_equal(scalar(db, "SELECT count(*) FROM user_areas a JOIN users u ON u.id = "
				    "a.user_id WHERE u.name = 'viewer'"),
			 10);
	assert_true(scalar(db, "SELECT count(*) FROM expert_assignments x JOIN users u ON u.id = "
			       "x.user_id WHERE u.name = 'expert'") > 0);
	assert_int_equal(scalar(db, "SELECT count(*) FROM users WHERE name = 'enterprise' AND "
				    "enterprise_id IS NOT NULL"),
			 1);
	/* The password works for a demo account. */
	struct scope sc;
	struct err e;
	err_clear(&e);
	assert_int_equal(user_verify_password(db, "county-530302", "demo-pass-2026", &sc, &e), 0);
	assert_int_equal(sc.role, ROLE_COUNTY);
	store_close(db);
}

/*
 * The engine's verdicts on the demo for an application on 2026-06-30: the
 * first firms are drawn from fixed classes (strong key firm → pass, good
 * unrated reserve firm → borderline, weak prospect → fail, TSME firm with a
 * missing figure → incomplete, strong HNTE and leader → pass), and every
 * verdict occurs among the rest as well.
 */
static void test_every_verdict_occurs(void **state)
{
	(void)state;
	struct store *db = demo_db(SEED, N_FIRMS, 0);
	struct ledger l;
	struct scope sys = ledger_system_scope();
	ledger_init(&l, db, &sys, "test");
	struct profile p;
	profile_init(&p);
	struct assess_result *r = calloc(1, sizeof *r);
	assert_non_null(r);
	static const int expected_first[6] = {HNTE_VERDICT_PASS, HNTE_VERDICT_BORDERLINE,
					      HNTE_VERDICT_FAIL, HNTE_VERDICT_INCOMPLETE,
					      HNTE_VERDICT_PASS, HNTE_VERDICT_PASS};
	int64_t counts[4] = {0, 0, 0, 0}, later[4] = {0, 0, 0, 0};
	struct store_stmt *st = NULL;
	struct err e;
	err_clear(&e);
	/* Read the codes first: the assessment uses the same connection. */
	char(*codes)[19] = calloc(N_FIRMS, sizeof *codes);
	assert_non_null(codes);
	size_t n = 0;
	assert_int_equal(store_prepare(db, "SELECT uscc FROM enterprises ORDER BY id", &st, &e), 0);
	while (n < N_FIRMS && store_step(st, &e) == STORE_ROW)
		memcpy(codes[n++], store_column_text(st, 0, NULL), 19);
	store_finish(st);
	assert_int_equal(n, N_FIRMS);
	for (size_t i = 0; i < n; i++) {
		if (assessment_run(&l, codes[i], ref_day(), &p, r, &e))
			fail_msg("%s: %s", codes[i], e.msg);
		int v = (int)r->hnte.verdict;
		assert_true(v >= 0 && v < 4);
		counts[v]++;
		if (i >= 7)
			later[v]++;
		if (i < 6 && v != expected_first[i])
			fail_msg("firm %zu (%s): verdict %s, expected %s", i + 1, codes[i],
				 hnte_verdict_name((enum hnte_verdict)v),
				 hnte_verdict_name((enum hnte_verdict)expected_first[i]));
	}
	for (int v = 0; v < 4; v++)
		if (later[v] == 0)
			fail_msg("no firm beyond the first seven has verdict %s",
				 hnte_verdict_name((enum hnte_verdict)v));
	print_message("verdicts of %d demo firms: pass %lld, borderline %lld, fail %lld, "
		      "incomplete %lld\n",
		      N_FIRMS, (long long)counts[0], (long long)counts[1], (long long)counts[2],
		      (long long)counts[3]);
	free(codes);
	free(r);
	profile_cleanup(&p);
	store_close(db);
}

static void test_a_ledger_with_enterprises_is_refused(void **state)
{
	(void)state;
	struct store *db = demo_db(SEED, 20, 0);
	struct demo_options o;
	demo_options_init(&o);
	o.enterprises = 20;
	o.today = ref_day();
	o.with_users = 0;
	struct err e;
	err_clear(&e);
	assert_int_equal(fill(db, &o, NULL, &e), ERR_CONFLICT);
	assert_string_equal(e.msg, "数据库中已有20家企业，演示数据只写入空的台账");
	assert_int_equal(scalar(db, "SELECT count(*) FROM enterprises"), 20);
	store_close(db);
}

static void test_bad_options_are_refused(void **state)
{
	(void)state;
	struct store *db = fresh_db();
	struct demo_options o;
	demo_options_init(&o);
	o.today = ref_day();
	struct err e;
	err_clear(&e);
	o.enterprises = 0;
	o.with_users = 0;
	assert_int_equal(fill(db, &o, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "enterprises");
	o.enterprises = 10;
	o.with_users = 1;
	o.password = "short";
	assert_int_equal(fill(db, &o, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "password");
	assert_int_equal(scalar(db, "SELECT count(*) FROM enterprises"), 0);
	assert_int_equal(scalar(db, "SELECT count(*) FROM areas"), 0);
	store_close(db);
}

/* Only the system or an admin fills a demo: a county's ledger is refused, nothing written. */
static void test_a_county_may_not_fill(void **state)
{
	(void)state;
	struct store *db = fresh_db();
	struct scope county = ledger_system_scope();
	county.user_id = 7;
	county.role = ROLE_COUNTY;
	memcpy(county.user_name, "county-530302", sizeof "county-530302");
	struct ledger l;
	ledger_init(&l, db, &county, "demo");
	struct demo_options o;
	demo_options_init(&o);
	o.enterprises = 10;
	o.today = ref_day();
	o.with_users = 0;
	struct err e;
	err_clear(&e);
	assert_int_equal(demo_fill(&l, &o, NULL, &e), ERR_FORBIDDEN);
	assert_int_equal(scalar(db, "SELECT count(*) FROM enterprises"), 0);
	assert_int_equal(scalar(db, "SELECT count(*) FROM areas"), 0);
	assert_int_equal(scalar(db, "SELECT count(*) FROM audit_log"), 0);
	store_close(db);
}

/*
 * The demo's bulk rows bypass the per-row audit (speed); the load itself is
 * one audit row in the same transaction: action "demo" by "system", with the
 * counts written. A refused load leaves no such row.
 */
static void test_the_load_is_audited(void **state)
{
	(void)state;
	struct {
		const char *why;
		int64_t n;
		int with_users;
		const char *want; /* in after_json */
	} cases[] = {
		{"100 firms without users: one demo row saying 100 enterprises", 100, 0,
		 "\"enterprises\":100"},
		{"40 firms with users: the row counts the users too", 40, 1, "\"users\":"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct store *db = demo_db(SEED, cases[i].n, cases[i].with_users);
		if (scalar(db, "SELECT count(*) FROM audit_log WHERE action = 'demo' AND "
			       "table_name = 'enterprises' AND user_name = 'system'") != 1)
			fail_msg("%s: not exactly one demo audit row", cases[i].why);
		struct strbuf out;
		strbuf_init(&out, 1 << 16);
		dump(db, "SELECT after_json FROM audit_log WHERE action = 'demo'", &out);
		if (!strstr(strbuf_cstr(&out), cases[i].want))
			fail_msg("%s: after %s", cases[i].why, strbuf_cstr(&out));
		strbuf_cleanup(&out);
		store_close(db);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_seed_gives_the_same_ledger),
		cmocka_unit_test(test_every_tier_is_present),
		cmocka_unit_test(test_usccs_are_valid_unique_and_local),
		cmocka_unit_test(test_certificates_ip_and_indicators),
		cmocka_unit_test(test_demo_users_of_every_role),
		cmocka_unit_test(test_every_verdict_occurs),
		cmocka_unit_test(test_a_ledger_with_enterprises_is_refused),
		cmocka_unit_test(test_bad_options_are_refused),
		cmocka_unit_test(test_a_county_may_not_fill),
		cmocka_unit_test(test_the_load_is_audited),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
