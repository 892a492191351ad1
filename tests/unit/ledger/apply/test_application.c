/* Tests of ledger/apply: the stage transitions, who may move what, the
 * outcome effects (tier, certificate, IP marks; a problem when not
 * recognised) in one transaction and their rollback, TSME registrations,
 * annual reports and the revocation risk, and the public-notice list of a
 * batch of 100 firms applied once and then again without any change. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "ledger/apply/application.h"
#include "ledger/apply/outcome.h"
#include "ledger/apply/tsme.h"
#include "ledger/records/ip.h"
#include "rules/assess.h"

#include "support/ledger_fixture.h"

#define D(y, m, d) date_from_ymd(y, m, d)

/* The snapshot writer of the tests: the verdict as a tiny JSON object. */
static int snap(const struct assess_result *r, const struct profile *p, struct strbuf *out)
{
	(void)p;
	return strbuf_addf(out, "{\"verdict\":\"%s\"}", hnte_verdict_name(r->hnte.verdict));
}

static int64_t batch(struct fixture *f, int64_t year, const char *name)
{
	struct batch b;
	struct err e;
	int64_t id = 0;
	batch_init(&b);
	b.year = year;
	b.name = name;
	b.province = "云南省";
	b.notice_on = D(year, 11, 20);
	err_clear(&e);
	if (batch_save(&f->sys, &b, &id, &e))
		fail_msg("batch_save: %s", e.msg);
	return id;
}

static int move(struct ledger *l, int64_t id, enum app_stage to, const char *cert,
		const char *reason, struct err *e)
{
	struct app_change c;
	app_change_init(&c, to);
	c.cert_no = cert;
	c.reason = reason;
	c.snap = snap;
	err_clear(e);
	return app_move(l, id, &c, e);
}

static void walk(struct ledger *l, int64_t id, const enum app_stage *path, size_t n)
{
	struct err e;
	for (size_t i = 0; i < n; i++)
		if (move(l, id, path[i], NULL, NULL, &e))
			fail_msg("move to %s: %s", app_stage_name(path[i]), e.msg);
}

static const enum app_stage to_publicised[] = {APP_COUNTY_RECOMMENDED, APP_SUBMITTED,
					       APP_UNDER_REVIEW, APP_PUBLICISED};

static int64_t add_ip(struct fixture *f, const char *uscc, const char *kind, const char *number)
{
	struct ip_item it;
	struct err e;
	int64_t id = 0;
	ip_item_init(&it);
	it.kind = kind;
	it.number = number;
	it.title = "一种装置";
	err_clear(&e);
	if (ip_add(&f->sys, uscc, &it, &id, &e))
		fail_msg("ip_add: %s", e.msg);
	return id;
}

/* ---- transitions --------------------------------------------------------------------- */

static void test_transitions(void **state)
{
	(void)state;
	static const struct {
		enum app_stage from, to;
		int ok;
	} rows[] = {
		{APP_INTENDED, APP_COUNTY_RECOMMENDED, 1},
		{APP_INTENDED, APP_SUBMITTED, 0},
		{APP_INTENDED, APP_RECOGNISED, 0},
		{APP_INTENDED, APP_WITHDRAWN, 1},
		{APP_COUNTY_RECOMMENDED, APP_INTENDED, 1},
		{APP_COUNTY_RECOMMENDED, APP_SUBMITTED, 1},
		{APP_COUNTY_RECOMMENDED, APP_RECOGNISED, 0},
		{APP_SUBMITTED, APP_UNDER_REVIEW, 1},
		{APP_SUBMITTED, APP_RECOGNISED, 1},
		{APP_SUBMITTED, APP_INTENDED, 0},
		{APP_UNDER_REVIEW, APP_PUBLICISED, 1},
		{APP_UNDER_REVIEW, APP_SUBMITTED, 0},
		{APP_PUBLICISED, APP_RECOGNISED, 1},
		{APP_PUBLICISED, APP_NOT_RECOGNISED, 1},
		{APP_PUBLICISED, APP_WITHDRAWN, 0},
		{APP_RECOGNISED, APP_NOT_RECOGNISED, 0},
		{APP_NOT_RECOGNISED, APP_RECOGNISED, 0},
		{APP_WITHDRAWN, APP_INTENDED, 0},
		{APP_STAGE_COUNT, APP_INTENDED, 0},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		if (app_stage_allowed(rows[i].from, rows[i].to) != rows[i].ok)
			fail_msg("%s → %s should be %s", app_stage_name(rows[i].from),
				 app_stage_name(rows[i].to), rows[i].ok ? "allowed" : "refused");
	enum app_stage s;
	assert_int_equal(app_stage_parse("审查推荐", &s, NULL), 0);
	assert_int_equal(s, APP_COUNTY_RECOMMENDED);
}

/* ---- roles and scope ---------------------------------------------------------------- */

static void test_roles(void **state)
{
	struct fixture *f = *state;
	struct ledger county1 = fixture_as(f, f->u_county1), county2 = fixture_as(f, f->u_county2);
	struct ledger viewer = fixture_as(f, f->u_viewer), city = fixture_as(f, f->u_city);
	struct ledger ent = fixture_as(f, f->u_ent);
	struct arena *a = arena_new();
	struct application got;
	struct batch b;
	struct err e;
	int64_t id = 0;

	batch_init(&b);
	b.year = 2025;
	b.name = "第一批";
	assert_int_equal(batch_save(&county1, &b, NULL, &e), ERR_FORBIDDEN);
	int64_t bid = batch(f, 2025, "第一批");
	assert_int_equal(batch_save(&f->sys, &b, NULL, &e), ERR_CONFLICT);
	assert_string_equal(e.msg, "该年度已有同名批次：第一批");

	assert_int_equal(app_create(&viewer, bid, f->a, NULL, &id, &e), ERR_FORBIDDEN);
	assert_int_equal(app_create(&county2, bid, f->a, NULL, &id, &e), ERR_NOT_FOUND);
	assert_int_equal(app_create(&county1, bid, f->a, "企业有意向", &id, &e), 0);
	assert_int_equal(app_create(&county1, bid, f->a, NULL, NULL, &e), ERR_CONFLICT);

	/* the other county and a stranger enterprise see nothing of it */
	assert_int_equal(app_get(&county2, id, a, &got, &e), ERR_NOT_FOUND);
	assert_int_equal(move(&county2, id, APP_COUNTY_RECOMMENDED, NULL, NULL, &e), ERR_NOT_FOUND);
	assert_int_equal(app_get(&ent, id, a, &got, &e), 0);
	assert_int_equal(move(&ent, id, APP_COUNTY_RECOMMENDED, NULL, NULL, &e), ERR_FORBIDDEN);

	/* the county recommends and submits; review and outcome are the city's */
	assert_int_equal(move(&county1, id, APP_SUBMITTED, NULL, NULL, &e), ERR_INVALID);
	assert_string_equal(e.msg, "不允许从“拟申报”变更为“已提交”");
	assert_int_equal(move(&county1, id, APP_COUNTY_RECOMMENDED, NULL, NULL, &e), 0);
	assert_int_equal(move(&county1, id, APP_SUBMITTED, NULL, NULL, &e), 0);
	assert_int_equal(move(&county1, id, APP_UNDER_REVIEW, NULL, NULL, &e), ERR_FORBIDDEN);
	assert_int_equal(move(&city, id, APP_UNDER_REVIEW, NULL, NULL, &e), 0);
	assert_int_equal(move(&city, id, APP_RECOGNISED, NULL, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "cert_no");

	struct app_filter flt;
	struct app_page pg;
	app_filter_init(&flt);
	flt.batch_id = bid;
	assert_int_equal(app_list(&county2, &flt, a, &pg, &e), 0);
	assert_int_equal(pg.total, 0);
	assert_int_equal(app_list(&county1, &flt, a, &pg, &e), 0);
	assert_int_equal(pg.total, 1);
	assert_string_equal(pg.items[0].uscc, f->a);
	assert_int_equal(pg.items[0].stage, APP_UNDER_REVIEW);
	int64_t counts[APP_STAGE_COUNT];
	assert_int_equal(app_stage_counts(&county2, bid, NULL, counts, &e), 0);
	assert_int_equal(counts[APP_UNDER_REVIEW], 0);
	assert_int_equal(app_stage_counts(&city, bid, NULL, counts, &e), 0);
	assert_int_equal(counts[APP_UNDER_REVIEW], 1);

	struct app_stage_entry *h = NULL;
	size_t n = 0;
	assert_int_equal(app_history(&county1, id, a, &h, &n, &e), 0);
	assert_int_equal(n, 4);
	assert_false(h[0].has_from);
	assert_string_equal(h[0].note, "企业有意向");
	assert_int_equal(h[3].from, APP_SUBMITTED);
	assert_int_equal(h[3].to, APP_UNDER_REVIEW);
	assert_string_equal(h[3].user_name, "city1");
	arena_free(a);
}

/* ---- outcomes --------------------------------------------------------------------------- */

static void test_recognised(void **state)
{
	struct fixture *f = *state;
	struct ledger city = fixture_as(f, f->u_city);
	struct arena *a = arena_new();
	struct enterprise ent;
	struct err e;
	char key[48], buf[256];
	int64_t id = 0;
	int64_t bid = batch(f, 2024, "第二批");
	int64_t ip2 = add_ip(f, f->b, "utility_model", "ZL202420000001");
	int64_t ip1 = add_ip(f, f->b, "invention_patent", "ZL202410000001");
	int64_t hist0 = fixture_count(f, "SELECT count(*) FROM tier_history");

	assert_int_equal(app_create(&f->sys, bid, f->b, NULL, &id, &e), 0);
	walk(&f->sys, id, to_publicised, 4);
	/* submitted kept the assessment and the class II item (only it) */
	const char *json = NULL;
	assert_int_equal(app_snapshot(&city, id, a, &json, &e), 0);
	assert_non_null(json);
	assert_non_null(strstr(json, "\"verdict\":"));
	struct app_ip *ips = NULL;
	size_t nip = 0;
	assert_int_equal(app_ip_items(&city, id, a, &ips, &nip, &e), 0);
	assert_int_equal(nip, 1);
	assert_int_equal(ips[0].id, ip2);

	/* a certificate number too long for the register: the whole move undone */
	char longno[61];
	memset(longno, '9', 60);
	longno[60] = '\0';
	assert_int_not_equal(move(&city, id, APP_RECOGNISED, longno, NULL, &e), 0);
	assert_int_equal(enterprise_get(&city, f->b, a, &ent, &e), 0);
	assert_int_equal(ent.tier, TIER_PROSPECT);
	assert_null(ent.hnte_cert_no);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM tier_history"), hist0);
	struct application app;
	assert_int_equal(app_get(&city, id, a, &app, &e), 0);
	assert_int_equal(app.stage, APP_PUBLICISED);

	assert_int_equal(move(&city, id, APP_RECOGNISED, "GR202453000101", NULL, &e), 0);
	assert_int_equal(enterprise_get(&city, f->b, a, &ent, &e), 0);
	assert_int_equal(ent.tier, TIER_HNTE);
	assert_string_equal(ent.hnte_cert_no, "GR202453000101");
	assert_int_equal(ent.hnte_issued_on, D(2024, 11, 20)); /* the batch's notice day */
	assert_int_equal(ent.hnte_expires_on, D(2027, 11, 19));
	assert_string_equal(ent.hnte_batch, "2024年第二批");
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM tier_history"), hist0 + 1);
	struct ip_item it;
	assert_int_equal(ip_get(&city, f->b, ip2, a, &it, &e), 0);
	assert_int_equal(it.used_in_recognition, 2024);
	assert_int_equal(ip_get(&city, f->b, ip1, a, &it, &e), 0);
	assert_int_equal(it.used_in_recognition, LEDGER_NONE);
	snprintf(key, sizeof key, "%s/%lld", f->b, (long long)id);
	assert_int_equal(fixture_audit_rows(f, "applications", key, "stage"), 5);
	fixture_audit_last(f, "applications", key, "after_json", buf, sizeof buf);
	assert_non_null(strstr(buf, "\"stage\":\"recognised\""));
	/* final: no way back */
	assert_int_equal(move(&city, id, APP_NOT_RECOGNISED, NULL, "x", &e), ERR_INVALID);
	arena_free(a);
}

static void test_not_recognised(void **state)
{
	struct fixture *f = *state;
	struct ledger city = fixture_as(f, f->u_city);
	struct arena *a = arena_new();
	struct enterprise ent;
	struct application app;
	struct err e;
	int64_t id = 0;
	int64_t bid = batch(f, 2024, "第三批");
	assert_int_equal(
		enterprise_set_tier(&f->sys, f->c, TIER_KEY, LEDGER_NO_DATE, "重点培育", &e), 0);
	assert_int_equal(app_create(&f->sys, bid, f->c, NULL, &id, &e), 0);
	walk(&f->sys, id, to_publicised, 4);
	assert_int_equal(move(&city, id, APP_NOT_RECOGNISED, NULL, NULL, &e), ERR_INVALID);
	assert_string_equal(e.msg, "请填写未通过的原因");
	assert_int_equal(move(&city, id, APP_NOT_RECOGNISED, NULL, "研发费用归集不规范", &e), 0);
	assert_int_equal(enterprise_get(&city, f->c, a, &ent, &e), 0);
	assert_int_equal(ent.tier, TIER_KEY);
	assert_int_equal(app_get(&city, id, a, &app, &e), 0);
	assert_int_not_equal(app.problem_id, LEDGER_NONE);
	char sql[200], buf[300];
	snprintf(sql, sizeof sql,
		 "SELECT status || '|' || description FROM problems WHERE id = %lld",
		 (long long)app.problem_id);
	fixture_text(f, sql, buf, sizeof buf);
	assert_string_equal(buf, "open|高企认定未通过（2024年第三批）：研发费用归集不规范");
	arena_free(a);
}

/* ---- TSME and annual reports ---------------------------------------------------------- */

static void test_tsme(void **state)
{
	struct fixture *f = *state;
	struct ledger county1 = fixture_as(f, f->u_county1), viewer = fixture_as(f, f->u_viewer);
	struct arena *a = arena_new();
	struct enterprise ent;
	struct tsme_reg r;
	struct err e;
	char u[19];
	int changed = -1;
	fixture_uscc("530302", 77, u);
	fixture_enterprise(f, u, "曲靖丁软件有限公司", "530302");
	memset(&r, 0, sizeof r);
	r.year = 2025;
	r.reg_no = "20255303020A001";
	r.registered_on = D(2025, 4, 1);
	assert_int_equal(tsme_save(&viewer, u, &r, &changed, &e), ERR_FORBIDDEN);
	assert_int_equal(tsme_save(&county1, u, &r, &changed, &e), 0);
	assert_int_equal(changed, 1);
	assert_int_equal(enterprise_get(&county1, u, a, &ent, &e), 0);
	assert_int_equal(ent.tier, TIER_TSME);
	assert_string_equal(ent.tsme_reg_no, "20255303020A001");
	assert_int_equal(ent.tsme_year, 2025);
	assert_int_equal(tsme_save(&county1, u, &r, &changed, &e), 0);
	assert_int_equal(changed, 0);
	/* a key firm stays key */
	assert_int_equal(enterprise_set_tier(&f->sys, u, TIER_KEY, LEDGER_NO_DATE, "重点", &e), 0);
	r.year = 2026;
	r.reg_no = "20265303020A002";
	assert_int_equal(tsme_save(&county1, u, &r, &changed, &e), 0);
	assert_int_equal(enterprise_get(&county1, u, a, &ent, &e), 0);
	assert_int_equal(ent.tier, TIER_KEY);
	assert_int_equal(ent.tsme_year, 2026);
	struct tsme_reg *items = NULL;
	size_t n = 0;
	assert_int_equal(tsme_list(&viewer, u, a, &items, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(items[0].year, 2026);
	arena_free(a);
}

static void test_annual(void **state)
{
	struct fixture *f = *state;
	struct ledger county1 = fixture_as(f, f->u_county1);
	struct arena *a = arena_new();
	struct annual_status s;
	struct err e;
	char u[19];
	fixture_uscc("530302", 88, u);
	fixture_enterprise(f, u, "曲靖戊电子有限公司", "530302");
	struct enterprise_patch p;
	enterprise_patch_init(&p);
	p.v.hnte_cert_no = "GR202153000088";
	p.v.hnte_issued_on = D(2021, 3, 1);
	assert_int_equal(enterprise_patch_name(&p, "hnte_cert_no", &e), 0);
	assert_int_equal(enterprise_patch_name(&p, "hnte_issued_on", &e), 0);
	assert_int_equal(enterprise_patch(&f->sys, u, &p, NULL, NULL, NULL, &e), 0);
	assert_int_equal(enterprise_set_tier(&f->sys, u, TIER_HNTE, LEDGER_NO_DATE, "认定", &e), 0);

	assert_int_equal(annual_save(&county1, u, 2021, D(2021, 6, 1), NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "filed_on");
	assert_int_equal(annual_save(&county1, u, 2021, D(2022, 5, 10), NULL, &e), 0);
	assert_int_equal(annual_save(&county1, u, 2022, LEDGER_NO_DATE, "企业未填报", &e), 0);

	/* 1 May 2024: 2022 missing, 2023 still due — not yet at risk */
	assert_int_equal(annual_status(&county1, u, D(2024, 5, 1), a, &s, &e), 0);
	assert_int_equal(s.n_years, 3);
	assert_int_equal(s.years[0].state, ANNUAL_FILED);
	assert_int_equal(s.years[1].state, ANNUAL_MISSING);
	assert_int_equal(s.years[2].state, ANNUAL_DUE);
	assert_int_equal(s.missing, 1);
	assert_false(s.at_risk);
	struct annual_risk *risks = NULL;
	size_t n = 0;
	assert_int_equal(annual_risks(&county1, NULL, D(2024, 5, 1), a, &risks, &n, &e), 0);
	assert_int_equal(n, 0);
	/* 1 June 2024: 2023 past due too — two missing, revocation risk */
	assert_int_equal(annual_status(&county1, u, D(2024, 6, 1), a, &s, &e), 0);
	assert_int_equal(s.missing, 2);
	assert_true(s.at_risk);
	assert_int_equal(annual_risks(&county1, NULL, D(2024, 6, 1), a, &risks, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(risks[0].uscc, u);
	assert_int_equal(risks[0].missing, 2);
	struct ledger county2 = fixture_as(f, f->u_county2);
	assert_int_equal(annual_risks(&county2, NULL, D(2024, 6, 1), a, &risks, &n, &e), 0);
	assert_int_equal(n, 0);
	arena_free(a);
}

/* ---- names ------------------------------------------------------------------------------ */

static void test_norm_name(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} rows[] = {
		{"曲靖市 麒麟区（ABC）科技有限公司", "曲靖市麒麟区(abc)科技有限公司"},
		{"曲靖市麒麟区(ABC)科技有限公司", "曲靖市麒麟区(abc)科技有限公司"},
		{"【云南】　ＸＹ公司", "(云南)xy公司"},
		{"", ""},
	};
	char out[128];
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		outcome_norm_name(rows[i].in, out, sizeof out);
		assert_string_equal(out, rows[i].out);
	}
}

/* ---- the acceptance: 100 firms, intended → recognised, the list twice ---------------------- */

static void test_hundred(void **state)
{
	struct fixture *f = *state;
	struct ledger city = fixture_as(f, f->u_city);
	struct arena *a = arena_new();
	struct list_row rows[101];
	struct list_report r;
	struct err e;
	char uscc[100][19], names[100][64], certs[100][20];
	int64_t bid = batch(f, 2023, "百家批");
	for (int i = 0; i < 100; i++) {
		int64_t id = 0;
		fixture_uscc("530303", 1000 + i, uscc[i]);
		snprintf(names[i], sizeof names[i], "沾益百%03d（曲靖）科技有限公司", i);
		fixture_enterprise(f, uscc[i], names[i], "530303");
		char no[32];
		snprintf(no, sizeof no, "2023SR%06d", i);
		add_ip(f, uscc[i], "software_copyright", no);
		assert_int_equal(app_create(&f->sys, bid, uscc[i], NULL, &id, &e), 0);
		walk(&f->sys, id, to_publicised, 4);
		snprintf(certs[i], sizeof certs[i], "GR2023530%05d", i);
		/* even rows carry the USCC, odd rows only the name, half-width and spaced */
		rows[i].row = (size_t)i + 3;
		rows[i].uscc = i % 2 ? NULL : uscc[i];
		rows[i].name =
			i % 2 ? arena_printf(a, "沾益百%03d (曲靖) 科技有限公司", i) : names[i];
		rows[i].number = certs[i];
		rows[i].on = D(2023, 12, 12);
	}
	rows[100] = (struct list_row){103, NULL, "昆明某某科技有限公司", "GR202353099999",
				      LEDGER_NO_DATE};
	int64_t hist0 = fixture_count(f, "SELECT count(*) FROM tier_history");
	int64_t audit0 = fixture_count(f, "SELECT count(*) FROM audit_log");

	/* a dry run counts exactly and writes nothing */
	assert_int_equal(outcome_apply(&city, bid, rows, 101, 1, a, &r, &e), 0);
	assert_int_equal(r.changed, 100);
	assert_int_equal(r.unmatched, 1);
	assert_false(r.committed);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM enterprises WHERE tier = 'hnte'"),
			 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_log"), audit0);

	assert_int_equal(outcome_apply(&city, bid, rows, 101, 0, a, &r, &e), 0);
	assert_true(r.committed);
	assert_int_equal(r.rows, 101);
	assert_int_equal(r.changed, 100);
	assert_int_equal(r.unchanged, 0);
	assert_int_equal(r.unmatched, 1);
	assert_int_equal(r.lines[100].result, LIST_UNMATCHED);
	assert_int_equal(r.lines[1].by_name, 1);
	assert_string_equal(r.lines[1].uscc, uscc[1]);
	assert_int_equal(
		fixture_count(f, "SELECT count(*) FROM enterprises WHERE tier = 'hnte' AND "
				 "hnte_cert_no LIKE 'GR2023530%' AND hnte_issued_on = '2023-12-12' "
				 "AND hnte_batch = '2023年百家批'"),
		100);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM ip_items WHERE "
					  "used_in_recognition = 2023"),
			 100);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM tier_history"), hist0 + 100);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM applications WHERE batch_id = "
					  "(SELECT id FROM batches WHERE name = '百家批') AND "
					  "stage = 'recognised'"),
			 100);
	int64_t audit1 = fixture_count(f, "SELECT count(*) FROM audit_log");

	/* again: nothing changes, and the report says so */
	assert_int_equal(outcome_apply(&city, bid, rows, 101, 0, a, &r, &e), 0);
	assert_int_equal(r.changed, 0);
	assert_int_equal(r.unchanged, 100);
	assert_int_equal(r.unmatched, 1);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM tier_history"), hist0 + 100);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_log"), audit1);

	/* a different number for a recognised firm is refused, not overwritten */
	rows[0].number = "GR202353000000X";
	assert_int_equal(outcome_apply(&city, bid, rows, 1, 0, a, &r, &e), 0);
	assert_int_equal(r.refused, 1);
	assert_string_equal(r.lines[0].message, "该申报已认定，证书编号为GR202353000000");
	/* a county may not apply a list */
	struct ledger county2 = fixture_as(f, f->u_county2);
	assert_int_equal(outcome_apply(&county2, bid, rows, 1, 0, a, &r, &e), ERR_FORBIDDEN);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_transitions),
		cmocka_unit_test_setup_teardown(test_roles, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_recognised, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_not_recognised, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_tsme, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_annual, fixture_setup, fixture_teardown),
		cmocka_unit_test(test_norm_name),
		cmocka_unit_test_setup_teardown(test_hundred, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
