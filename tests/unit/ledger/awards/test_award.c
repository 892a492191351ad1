/* Tests of ledger/awards: policies as data (tiers, splits and their
 * rounding), the accounting run (idempotent, never twice for one event,
 * nothing new after the same outcome list is imported again, a changed
 * policy as a diff), the workflow with budgets, who may do what, totals per
 * budget equal to the sum of the lines to the fen, other support and the
 * tax estimate. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "ledger/apply/application.h"
#include "ledger/apply/outcome.h"
#include "ledger/apply/tsme.h"
#include "ledger/awards/award.h"
#include "ledger/awards/policy.h"
#include "ledger/awards/support.h"

#include "support/ledger_fixture.h"

#define D(y, m, d) date_from_ymd(y, m, d)

static int64_t batch(struct fixture *f, int64_t year, const char *name)
{
	struct batch b;
	struct err e;
	int64_t id = 0;
	batch_init(&b);
	b.year = year;
	b.name = name;
	b.notice_on = D(year, 11, 20);
	err_clear(&e);
	if (batch_save(&f->sys, &b, &id, &e))
		fail_msg("batch_save: %s", e.msg);
	return id;
}

/* USCC applied to batch BID and publicised, ready for the outcome list. */
static void publicised(struct fixture *f, int64_t bid, const char *uscc)
{
	static const enum app_stage path[] = {APP_COUNTY_RECOMMENDED, APP_SUBMITTED,
					      APP_UNDER_REVIEW, APP_PUBLICISED};
	struct err e;
	int64_t id = 0;
	err_clear(&e);
	if (app_create(&f->sys, bid, uscc, NULL, &id, &e))
		fail_msg("app_create: %s", e.msg);
	for (size_t i = 0; i < 4; i++) {
		struct app_change c;
		app_change_init(&c, path[i]);
		if (app_move(&f->sys, id, &c, &e))
			fail_msg("app_move: %s", e.msg);
	}
}

static int64_t policy(struct fixture *f, int64_t year, const char *name, enum award_kind kind,
		      int64_t amount, int64_t county_bp)
{
	struct award_policy p;
	struct err e;
	int64_t id = 0;
	award_policy_init(&p);
	p.year = year;
	p.name = name;
	p.doc_no = "曲科发〔2025〕12号";
	p.kind = kind;
	p.amount = amount;
	p.county_bp = county_bp;
	err_clear(&e);
	if (award_policy_save(&f->sys, &p, &id, &e))
		fail_msg("award_policy_save: %s", e.msg);
	return id;
}

/* The outcome list of 2025: A, B and C recognised. */
static void outcomes(struct fixture *f, int64_t bid, struct arena *a)
{
	struct list_row rows[3] = {
		{3, f->a, NULL, "GR202553000001", D(2025, 12, 1)},
		{4, f->b, NULL, "GR202553000002", D(2025, 12, 1)},
		{5, f->c, NULL, "GR202553000003", D(2025, 12, 1)},
	};
	struct list_report r;
	struct err e;
	err_clear(&e);
	if (outcome_apply(&f->sys, bid, rows, 3, 0, a, &r, &e))
		fail_msg("outcome_apply: %s", e.msg);
}

/* ---- policies ----------------------------------------------------------------------- */

static void test_policy_rules(void **state)
{
	(void)state;
	struct award_tier tiers[] = {{100000000, 5000000}, {500000000, 10000000}};
	struct award_split splits[] = {{"530302", LEDGER_NONE, 100000},
				       {"530303", 3333, LEDGER_NONE}};
	struct award_policy p;
	award_policy_init(&p);
	p.band = AWARD_BAND_RD;
	p.tiers = tiers;
	p.n_tiers = 2;
	p.county_bp = 5000;
	p.splits = splits;
	p.n_splits = 2;
	assert_int_equal(award_policy_amount(&p, LEDGER_NONE), -1);
	assert_int_equal(award_policy_amount(&p, 99999999), -1);
	assert_int_equal(award_policy_amount(&p, 100000000), 5000000);
	assert_int_equal(award_policy_amount(&p, 499999999), 5000000);
	assert_int_equal(award_policy_amount(&p, 800000000), 10000000);
	/* every split sums to the amount to the fen; the county part rounds down */
	static const int64_t amounts[] = {0, 1, 2, 3, 7, 99, 10001, 3333333, 5000000, 99999999};
	static const char *const areas[] = {"530302", "530303", "530381", NULL};
	for (size_t i = 0; i < sizeof amounts / sizeof amounts[0]; i++)
		for (size_t j = 0; j < 4; j++) {
			int64_t city = -1, county = -1;
			award_policy_split(&p, areas[j], amounts[i], &city, &county);
			assert_int_equal(city + county, amounts[i]);
			assert_true(city >= 0 && county >= 0);
		}
	int64_t city, county;
	award_policy_split(&p, "530303", 10001, &city, &county);
	assert_int_equal(county, 3333); /* 10001 × 0.3333 = 3333.33 → 3333 */
	assert_int_equal(city, 6668);
	award_policy_split(&p, "530302", 50000, &city, &county);
	assert_int_equal(county, 50000); /* a fixed part never above the amount */
	assert_int_equal(city, 0);
	award_policy_split(&p, "530381", 3, &city, &county);
	assert_int_equal(county, 1);
	assert_int_equal(city, 2);
}

static void test_policy_save(void **state)
{
	struct fixture *f = *state;
	struct ledger county1 = fixture_as(f, f->u_county1), city = fixture_as(f, f->u_city);
	struct arena *a = arena_new();
	struct award_policy p, got;
	struct err e;
	award_policy_init(&p);
	p.year = 2025;
	p.name = "首次认定奖励";
	p.kind = AWARD_FIRST_RECOGNITION;
	p.amount = 10000000;
	p.county_bp = 5000;
	assert_int_equal(award_policy_save(&county1, &p, NULL, &e), ERR_FORBIDDEN);
	int64_t id = 0;
	assert_int_equal(award_policy_save(&city, &p, &id, &e), 0);
	assert_int_equal(award_policy_save(&city, &p, NULL, &e), ERR_CONFLICT);
	/* bad tiers are named */
	struct award_tier tiers[] = {{500, 1}, {400, 2}};
	struct award_policy q = p;
	q.id = id;
	q.band = AWARD_BAND_REVENUE;
	q.tiers = tiers;
	q.n_tiers = 2;
	assert_int_equal(award_policy_save(&city, &q, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "tiers[1].min_value");
	q.county_bp = 10001;
	assert_int_equal(award_policy_save(&city, &q, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "county_bp");
	assert_int_equal(award_policy_get(&county1, id, a, &got, &e), 0);
	assert_int_equal(got.amount, 10000000);
	assert_int_equal(got.band, AWARD_BAND_NONE);
	assert_int_equal(fixture_audit_rows(f, "award_policies", "2025/1", NULL), 1);
	arena_free(a);
}

/* ---- the run ------------------------------------------------------------------------- */

static void test_run(void **state)
{
	struct fixture *f = *state;
	struct ledger city = fixture_as(f, f->u_city), county1 = fixture_as(f, f->u_county1);
	struct arena *a = arena_new();
	struct award_run r;
	struct err e;
	int64_t bid = batch(f, 2025, "第一批");
	publicised(f, bid, f->a);
	publicised(f, bid, f->b);
	publicised(f, bid, f->c);
	outcomes(f, bid, a);
	int64_t pid = policy(f, 2025, "首次认定奖励", AWARD_FIRST_RECOGNITION, 10000001, 4000);
	/* a second policy of the same kind never pays the same certificate again */
	policy(f, 2025, "首次认定奖励（重复）", AWARD_FIRST_RECOGNITION, 500000, 0);
	policy(f, 2025, "重新认定奖励", AWARD_RE_RECOGNITION, 300000, 0);

	assert_int_equal(award_run(&county1, 2025, 0, a, &r, &e), ERR_FORBIDDEN);
	/* the dry run shows the lines and writes nothing */
	int64_t audit0 = fixture_count(f, "SELECT count(*) FROM audit_log");
	assert_int_equal(award_run(&city, 2025, 0, a, &r, &e), 0);
	assert_int_equal(r.added, 3);
	assert_int_equal(r.skipped, 3);
	assert_false(r.applied);
	assert_int_equal(r.amount_after, 30000003);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM award_lines"), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_log"), audit0);

	assert_int_equal(award_run(&city, 2025, 1, a, &r, &e), 0);
	assert_true(r.applied);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM award_lines"), 3);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM award_lines WHERE county_part = "
					  "4000000 AND city_part = 6000001"),
			 3);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_log WHERE table_name = "
					  "'award_lines' AND action = 'create'"),
			 3);
	/* again: nothing new */
	assert_int_equal(award_run(&city, 2025, 1, a, &r, &e), 0);
	assert_int_equal(r.added + r.changed + r.removed, 0);
	assert_int_equal(r.unchanged, 3);
	/* the same outcome list imported again, then a run: nothing new */
	outcomes(f, bid, a);
	int64_t audit1 = fixture_count(f, "SELECT count(*) FROM audit_log");
	assert_int_equal(award_run(&city, 2025, 1, a, &r, &e), 0);
	assert_int_equal(r.added + r.changed + r.removed, 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM award_lines"), 3);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_log"), audit1);

	/* approve A's line; then the policy changes: a diff before it is applied */
	struct award_filter flt;
	struct award_line *lines = NULL;
	size_t n = 0;
	award_filter_init(&flt);
	flt.year = 2025;
	flt.uscc = f->a;
	assert_int_equal(award_list(&city, &flt, a, &lines, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_non_null(strstr(lines[0].basis, "GR202553000001"));
	assert_int_equal(award_approve(&city, lines[0].id, D(2026, 1, 5), &e), 0);
	struct award_policy p;
	assert_int_equal(award_policy_get(&city, pid, a, &p, &e), 0);
	p.amount = 8000000;
	assert_int_equal(award_policy_save(&city, &p, NULL, &e), 0);
	assert_int_equal(award_run(&city, 2025, 0, a, &r, &e), 0);
	assert_int_equal(r.changed, 2);
	assert_int_equal(r.locked, 1);
	assert_int_equal(r.amount_before, 30000003);
	assert_int_equal(r.amount_after, 10000001 + 16000000);
	assert_int_equal(fixture_count(f, "SELECT sum(amount) FROM award_lines"), 30000003);
	assert_int_equal(award_run(&city, 2025, 1, a, &r, &e), 0);
	assert_int_equal(fixture_count(f, "SELECT sum(amount) FROM award_lines"), 26000001);
	/* deactivated: the computed lines go, the approved one stays (reported) */
	p.active = 0;
	assert_int_equal(award_policy_save(&city, &p, NULL, &e), 0);
	assert_int_equal(award_run(&city, 2025, 1, a, &r, &e), 0);
	assert_int_equal(r.removed, 2);
	assert_int_equal(r.locked, 1);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM award_lines"), 1);
	arena_free(a);
}

static void test_tsme_and_band(void **state)
{
	struct fixture *f = *state;
	struct ledger city = fixture_as(f, f->u_city);
	struct arena *a = arena_new();
	struct award_run r;
	struct err e;
	struct tsme_reg reg;
	memset(&reg, 0, sizeof reg);
	reg.year = 2025;
	reg.reg_no = "20255303020A0001";
	reg.registered_on = D(2025, 5, 1);
	assert_int_equal(tsme_save(&f->sys, f->a, &reg, NULL, &e), 0);
	reg.reg_no = "20255303030A0002";
	assert_int_equal(tsme_save(&f->sys, f->c, &reg, NULL, &e), 0);
	char sql[256];
	snprintf(sql, sizeof sql,
		 "INSERT INTO indicators (enterprise_id, year, rd_personnel, rd_direct, "
		 "created_at, updated_at) VALUES (%lld, 2024, 60000000, 60000000, 'x', 'x')",
		 (long long)f->id_a);
	assert_int_equal(store_exec(f->db, sql, NULL), 0);
	struct award_tier tiers[] = {{0, 100000}, {100000000, 200000}};
	struct award_policy p;
	award_policy_init(&p);
	p.year = 2025;
	p.name = "入库奖励";
	p.kind = AWARD_TSME_REGISTRATION;
	p.band = AWARD_BAND_RD;
	p.tiers = tiers;
	p.n_tiers = 2;
	assert_int_equal(award_policy_save(&city, &p, NULL, &e), 0);
	assert_int_equal(award_run(&city, 2025, 1, a, &r, &e), 0);
	assert_int_equal(r.added, 1);
	assert_int_equal(r.skipped, 1); /* C has no 2024 figures */
	for (size_t i = 0; i < r.n; i++)
		if (r.items[i].change == AWARD_SKIP)
			assert_string_equal(r.items[i].why, "缺少2024年度研发费用数据");
		else
			assert_int_equal(r.items[i].line.amount, 200000);
	arena_free(a);
}

/* ---- relocation and leader: once per firm, whatever the year ----------------------------- */

static void test_once_per_firm(void **state)
{
	struct fixture *f = *state;
	struct ledger city = fixture_as(f, f->u_city);
	struct arena *a = arena_new();
	struct award_run r;
	struct err e;
	char sql[256];
	snprintf(sql, sizeof sql, "UPDATE enterprises SET tier = 'leader' WHERE id = %lld",
		 (long long)f->id_a);
	assert_int_equal(store_exec(f->db, sql, NULL), 0);
	snprintf(sql, sizeof sql,
		 "UPDATE enterprises SET tier = 'hnte', hnte_cert_no = 'GR202453000077', "
		 "tags = '迁入，重点' WHERE id = %lld",
		 (long long)f->id_b);
	assert_int_equal(store_exec(f->db, sql, NULL), 0);
	policy(f, 2025, "领军企业奖励", AWARD_LEADER, 50000000, 3000);
	policy(f, 2025, "整体迁入奖励", AWARD_RELOCATION, 20000000, 5000);
	assert_int_equal(award_run(&city, 2025, 1, a, &r, &e), 0);
	assert_int_equal(r.added, 2);
	policy(f, 2026, "领军企业奖励", AWARD_LEADER, 50000000, 3000);
	policy(f, 2026, "整体迁入奖励", AWARD_RELOCATION, 20000000, 5000);
	assert_int_equal(award_run(&city, 2026, 1, a, &r, &e), 0);
	assert_int_equal(r.added, 0);
	assert_int_equal(r.skipped, 2);
	assert_non_null(strstr(r.items[0].why, "2025年《"));
	arena_free(a);
}

/* ---- workflow and budgets ---------------------------------------------------------------- */

static void test_workflow(void **state)
{
	struct fixture *f = *state;
	struct ledger city = fixture_as(f, f->u_city), county1 = fixture_as(f, f->u_county1);
	struct ledger county2 = fixture_as(f, f->u_county2), viewer = fixture_as(f, f->u_viewer);
	struct arena *a = arena_new();
	struct award_run r;
	struct err e;
	int64_t bid = batch(f, 2025, "第一批");
	publicised(f, bid, f->a);
	publicised(f, bid, f->b);
	publicised(f, bid, f->c);
	outcomes(f, bid, a);
	policy(f, 2025, "首次认定奖励", AWARD_FIRST_RECOGNITION, 1000000, 3333);
	assert_int_equal(award_run(&city, 2025, 1, a, &r, &e), 0);
	struct award_filter flt;
	struct award_line *lines = NULL;
	size_t n = 0;
	award_filter_init(&flt);
	flt.year = 2025;
	assert_int_equal(award_list(&county1, &flt, a, &lines, &n, &e), 0);
	assert_int_equal(n, 2); /* A and B of 530302 */
	assert_int_equal(award_list(&viewer, &flt, a, &lines, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(award_list(&city, &flt, a, &lines, &n, &e), 0);
	assert_int_equal(n, 3);
	int64_t id_c = 0, id_a = 0, id_b = 0;
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(lines[i].uscc, f->c))
			id_c = lines[i].id;
		if (!strcmp(lines[i].uscc, f->a))
			id_a = lines[i].id;
		if (!strcmp(lines[i].uscc, f->b))
			id_b = lines[i].id;
	}
	assert_int_equal(lines[0].county_part, 333300);
	assert_int_equal(lines[0].city_part, 666700);

	/* budgets: the city's is enough for two lines only */
	assert_int_equal(award_budget_save(&county1, 2025, "city", 1, NULL, &e), ERR_FORBIDDEN);
	assert_int_equal(award_budget_save(&city, 2025, "city", 1400000, "市本级", &e), 0);
	assert_int_equal(award_budget_save(&city, 2025, "530302", 1000000, NULL, &e), 0);
	assert_int_equal(award_budget_save(&city, 2025, "999999", 1, NULL, &e), ERR_INVALID);
	struct award_budget *bs = NULL;
	size_t nb = 0;
	assert_int_equal(award_budgets(&city, 2025, a, &bs, &nb, &e), 0);
	assert_int_equal(nb, 3);
	assert_string_equal(bs[0].source, "city");
	assert_int_equal(bs[0].pending, 3 * 666700);
	assert_true(bs[0].over);

	/* only the city approves; a county confirms its own lines only */
	assert_int_equal(award_approve(&county1, id_a, LEDGER_NO_DATE, &e), ERR_FORBIDDEN);
	assert_int_equal(award_confirm(&county2, id_a, D(2026, 1, 3), &e), ERR_NOT_FOUND);
	assert_int_equal(award_confirm(&county1, id_a, D(2026, 1, 3), &e), 0);
	assert_int_equal(award_approve(&city, id_a, D(2026, 1, 5), &e), 0);
	assert_int_equal(award_approve(&city, id_a, D(2026, 1, 5), &e), ERR_INVALID);
	assert_int_equal(award_approve(&city, id_b, D(2026, 1, 5), &e), 0);
	assert_int_equal(award_approve(&city, id_c, D(2026, 1, 5), &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "超出市级预算"));
	assert_int_equal(award_reject(&city, id_c, "", &e), ERR_INVALID);
	assert_int_equal(award_reject(&city, id_c, "企业已迁出本市", &e), 0);

	/* paid part by part */
	assert_int_equal(award_disburse(&county1, id_a, AWARD_PART_CITY, D(2026, 2, 1), "PZ1", &e),
			 ERR_FORBIDDEN);
	assert_int_equal(award_disburse(&city, id_a, AWARD_PART_CITY, D(2026, 2, 1), "", &e),
			 ERR_INVALID);
	assert_int_equal(award_disburse(&city, id_a, AWARD_PART_CITY, D(2025, 12, 1), "PZ1", &e),
			 ERR_INVALID);
	assert_int_equal(award_disburse(&city, id_a, AWARD_PART_CITY, D(2026, 2, 1), "PZ1", &e), 0);
	struct award_line got;
	assert_int_equal(award_get(&city, id_a, a, &got, &e), 0);
	assert_int_equal(got.status, AWARD_APPROVED);
	assert_int_equal(
		award_disburse(&county1, id_a, AWARD_PART_COUNTY, D(2026, 2, 9), "QL-2026-7", &e),
		0);
	assert_int_equal(award_get(&city, id_a, a, &got, &e), 0);
	assert_int_equal(got.status, AWARD_DISBURSED);
	assert_string_equal(got.county_voucher, "QL-2026-7");
	assert_int_equal(award_reject(&city, id_a, "x", &e), ERR_INVALID);
	char key[48];
	snprintf(key, sizeof key, "%s/%lld", f->a, (long long)id_a);
	assert_int_equal(fixture_audit_rows(f, "award_lines", key, NULL), 5);

	/* totals per budget equal the sum of their lines, to the fen */
	assert_int_equal(award_budgets(&city, 2025, a, &bs, &nb, &e), 0);
	for (size_t i = 0; i < nb; i++) {
		char sql[512];
		int city_src = !strcmp(bs[i].source, "city");
		snprintf(sql, sizeof sql,
			 "SELECT ifnull(sum(%s), 0) FROM award_lines WHERE status IN ('approved', "
			 "'disbursed') %s%s%s",
			 city_src ? "city_part" : "county_part", city_src ? "" : "AND area = '",
			 city_src ? "" : bs[i].source, city_src ? "" : "'");
		assert_int_equal(bs[i].committed, fixture_count(f, sql));
		snprintf(sql, sizeof sql,
			 "SELECT ifnull(sum(%s), 0) FROM award_lines WHERE %s IS NOT NULL %s%s%s",
			 city_src ? "city_part" : "county_part",
			 city_src ? "city_paid_on" : "county_paid_on",
			 city_src ? "" : "AND area = '", city_src ? "" : bs[i].source,
			 city_src ? "" : "'");
		assert_int_equal(bs[i].paid, fixture_count(f, sql));
	}
	assert_int_equal(bs[0].committed, 2 * 666700);
	assert_int_equal(bs[0].paid, 666700);
	assert_false(bs[0].over);
	/* a county sees its areas' budgets only */
	assert_int_equal(award_budgets(&county1, 2025, a, &bs, &nb, &e), 0);
	assert_int_equal(nb, 1);
	assert_string_equal(bs[0].source, "530302");
	/* a rejected line is not computed again by the next run */
	assert_int_equal(award_run(&city, 2025, 1, a, &r, &e), 0);
	assert_int_equal(r.added + r.changed + r.removed, 0);
	arena_free(a);
}

/* ---- other support and the tax estimate ------------------------------------------------- */

static void test_support(void **state)
{
	struct fixture *f = *state;
	struct ledger county1 = fixture_as(f, f->u_county1), county2 = fixture_as(f, f->u_county2);
	struct ledger viewer = fixture_as(f, f->u_viewer);
	struct arena *a = arena_new();
	struct support_record in, *items = NULL;
	size_t n = 0;
	struct err e;
	memset(&in, 0, sizeof in);
	in.kind = SUPPORT_CREDIT_LOAN;
	in.granted_on = D(2025, 6, 1);
	in.amount = 500000000;
	in.source = "曲靖市商业银行";
	int64_t id = 0;
	assert_int_equal(support_save(&viewer, f->a, &in, &id, &e), ERR_FORBIDDEN);
	assert_int_equal(support_save(&county2, f->a, &in, &id, &e), ERR_NOT_FOUND);
	assert_int_equal(support_save(&county1, f->a, &in, &id, &e), 0);
	in.granted_on = LEDGER_NO_DATE;
	assert_int_equal(support_save(&county1, f->a, &in, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "granted_on");
	assert_int_equal(support_list(&viewer, f->a, a, &items, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].amount, 500000000);
	assert_int_equal(support_delete(&county1, f->a, id, &e), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM support_records"), 0);

	struct tax_estimate t;
	support_tax_estimate(2025, 1000000001, 200000000, &t);
	assert_int_equal(t.deduction_bp, 10000);
	assert_int_equal(t.deduction, 200000000);
	assert_int_equal(t.tax_standard, 250000000); /* 250000000.25 → half up */
	assert_int_equal(t.tax_hnte, 120000000);     /* 800000001 × 15 % = 120000000.15 */
	assert_int_equal(t.saving, 130000000);
	support_tax_estimate(2022, 100, 1000, &t);
	assert_int_equal(t.deduction_bp, 7500);
	assert_int_equal(t.tax_hnte, 0); /* the deduction exceeds the income */
	assert_int_equal(t.tax_standard, 25);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_policy_rules),
		cmocka_unit_test_setup_teardown(test_policy_save, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_run, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_tsme_and_band, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_once_per_firm, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_workflow, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_support, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
