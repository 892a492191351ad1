/*
 * Tests of ledger/monitor/remind and calendar: each reminder rule on its
 * boundary dates (today fixed at 2026-06-15), the scope of the lists, the
 * users' marks (done, snoozed until a day, taken back; reasons required;
 * audited), the milestones' visibility and edit right, and a firm's own
 * calendar.
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
#include "ledger/cultivate/problem.h"
#include "ledger/monitor/calendar.h"
#include "ledger/monitor/remind.h"
#include "ledger/records/indicator.h"

#define TODAY date_from_ymd(2026, 6, 15)

/* A fourth firm in 530302 with certificate / TSME facts, returning its USCC in OUT. */
static int64_t firm(struct fixture *f, int serial, const char *tier, int32_t issued,
		    int64_t tsme_year, char out[19])
{
	struct enterprise ent;
	struct err e;
	int64_t id = 0;
	enterprise_init(&ent);
	fixture_uscc("530302", serial, out);
	memcpy(ent.uscc, out, 19);
	char name[64];
	snprintf(name, sizeof name, "曲靖测试%d科技有限公司", serial);
	ent.name = name;
	ent.area = "530302";
	ent.registered_on = date_from_ymd(2018, 1, 1);
	if (issued != LEDGER_NO_DATE) {
		ent.hnte_cert_no = "GR202353000009";
		ent.hnte_issued_on = issued;
	}
	ent.tsme_year = tsme_year;
	err_clear(&e);
	enterprise_tier_parse(tier, &ent.tier, &e);
	if (enterprise_create(&f->sys, &ent, &id, &e))
		fail_msg("enterprise_create: %s", e.msg);
	return id;
}

/* 1 when the reminder KEY is in the open list of L today. */
static int open_has(struct ledger *l, const char *key, int32_t today)
{
	struct arena *a = arena_new();
	struct remind_filter rf;
	struct remind_page pg;
	int found = 0;
	remind_filter_init(&rf);
	rf.today = today;
	rf.limit = 1000;
	assert_int_equal(remind_list(l, &rf, a, &pg, NULL), 0);
	for (size_t i = 0; i < pg.n; i++)
		found |= !strcmp(pg.items[i].key, key);
	arena_free(a);
	return found;
}

static int64_t count_rule(struct fixture *f, const char *rule)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM reminders WHERE rule = '%s'", rule);
	return fixture_count(f, sql);
}

static void compute(struct fixture *f)
{
	size_t n = 0;
	assert_int_equal(remind_compute(&f->sys, TODAY, &n, NULL), 0);
	assert_int_equal((int64_t)n, fixture_count(f, "SELECT count(*) FROM reminders"));
}

static void test_cert_expiry_boundaries(void **state)
{
	struct fixture *f = *state;
	char u[4][19], key[80];
	/* expires the day before the third anniversary */
	firm(f, 11, "hnte", date_from_ymd(2023, 1, 2), LEDGER_NONE, u[0]); /* 2026-01-01: in */
	firm(f, 12, "hnte", date_from_ymd(2025, 1, 1), LEDGER_NONE, u[1]); /* 2027-12-31: in */
	firm(f, 13, "hnte", date_from_ymd(2023, 1, 1), LEDGER_NONE, u[2]); /* 2025-12-31: out */
	firm(f, 14, "hnte", date_from_ymd(2025, 1, 2), LEDGER_NONE, u[3]); /* 2028-01-01: out */
	compute(f);
	assert_int_equal(count_rule(f, "cert_expiry"), 2);
	snprintf(key, sizeof key, "cert_expiry:%s:2026-01-01", u[0]);
	assert_true(open_has(&f->sys, key, TODAY));
	snprintf(key, sizeof key, "cert_expiry:%s:2027-12-31", u[1]);
	assert_true(open_has(&f->sys, key, TODAY));
	char detail[256];
	fixture_text(f, "SELECT detail FROM reminders WHERE due_on = '2026-01-01'", detail,
		     sizeof detail);
	assert_non_null(strstr(detail, "已过期"));
	/* an exited firm is reminded of nothing */
	assert_int_equal(
		enterprise_set_tier(&f->sys, u[1], TIER_EXITED, LEDGER_NO_DATE, "迁出", NULL), 0);
	compute(f);
	assert_int_equal(count_rule(f, "cert_expiry"), 1);
}

static void test_tsme_and_indicators(void **state)
{
	struct fixture *f = *state;
	char u[4][19], key[80];
	firm(f, 21, "tsme", LEDGER_NO_DATE, 2025, u[0]);	   /* registered last year: renew */
	firm(f, 22, "tsme", LEDGER_NO_DATE, 2026, u[1]);	   /* this year's: nothing */
	firm(f, 23, "reserve", LEDGER_NO_DATE, LEDGER_NONE, u[2]); /* no 2025 figures */
	firm(f, 24, "prospect", LEDGER_NO_DATE, LEDGER_NONE, u[3]); /* prospects: not asked */
	struct indicator in;
	indicator_init(&in, 2025);
	in.staff = 1000;
	assert_int_equal(indicator_upsert(&f->sys, u[1], &in, NULL, NULL), 0);
	compute(f);
	assert_int_equal(count_rule(f, "tsme_renew"), 1);
	snprintf(key, sizeof key, "tsme_renew:%s:2026", u[0]);
	assert_true(open_has(&f->sys, key, TODAY));
	/* u[0] and u[2] lack 2025; u[1] has it; u[3] is a prospect; A, B, C are prospects */
	assert_int_equal(count_rule(f, "indicators_missing"), 2);
	snprintf(key, sizeof key, "indicators_missing:%s:2025", u[2]);
	assert_true(open_has(&f->sys, key, TODAY));
	char due[16];
	fixture_text(f, "SELECT due_on FROM reminders WHERE rule = 'indicators_missing' LIMIT 1",
		     due, sizeof due);
	assert_string_equal(due, "2026-05-31");
}

static void test_problem_overdue_and_risk(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	struct problem p, got;
	char key[80];
	problem_init(&p);
	p.description = "研发费用未单独归集";
	p.due_on = date_from_ymd(2026, 6, 14); /* yesterday: overdue */
	assert_int_equal(problem_create(&f->sys, f->a, &p, a, &got, NULL), 0);
	int64_t late = got.id;
	p.due_on = TODAY; /* due today: not yet */
	assert_int_equal(problem_create(&f->sys, f->b, &p, a, &got, NULL), 0);
	/* risk: a stored row flagged */
	assert_int_equal(
		store_exec(f->db,
			   "UPDATE assessments SET risk = 1 WHERE enterprise_id = "
			   "(SELECT id FROM enterprises WHERE name = '沾益丙化工有限公司')",
			   NULL),
		0);
	compute(f);
	assert_int_equal(count_rule(f, "problem_overdue"), 1);
	snprintf(key, sizeof key, "problem_overdue:%s:%lld", f->a, (long long)late);
	assert_true(open_has(&f->sys, key, TODAY));
	assert_int_equal(count_rule(f, "assessment_risk"), 1);
	snprintf(key, sizeof key, "assessment_risk:%s:2026", f->c);
	assert_true(open_has(&f->sys, key, TODAY));
	/* scope: county1 (530302) sees A's problem, not C's risk; county2 the reverse */
	struct ledger c1 = fixture_as(f, f->u_county1), c2 = fixture_as(f, f->u_county2);
	assert_false(open_has(&c1, key, TODAY));
	assert_true(open_has(&c2, key, TODAY));
	int64_t n1 = 0, n2 = 0;
	assert_int_equal(remind_count_open(&c1, TODAY, &n1, NULL), 0);
	assert_int_equal(remind_count_open(&c2, TODAY, &n2, NULL), 0);
	assert_int_equal(n1, 1);
	assert_int_equal(n2, 1);
	/* resolved: gone the next day */
	struct problem_patch pp;
	problem_patch_init(&pp);
	pp.v.status = PROBLEM_RESOLVED;
	pp.v.resolution = "已建立研发辅助账";
	assert_int_equal(problem_patch_name(&pp, "status", NULL), 0);
	assert_int_equal(problem_patch_name(&pp, "resolution", NULL), 0);
	assert_int_equal(problem_patch(&f->sys, late, &pp, a, &got, NULL), 0);
	compute(f);
	assert_int_equal(count_rule(f, "problem_overdue"), 0);
	arena_free(a);
}

/*
 * Annual reports, applications late at a stage and plan tasks overdue
 * (today 2026-06-15): the rows are written straight into the domains'
 * tables, as each rule reads only them.
 */
static void test_reports_applications_plans(void **state)
{
	struct fixture *f = *state;
	char u[5][19], key[96], sql[512];
	int64_t filed = firm(f, 41, "hnte", date_from_ymd(2024, 11, 1), LEDGER_NONE, u[0]);
	int64_t missing = firm(f, 42, "hnte", date_from_ymd(2024, 11, 1), LEDGER_NONE, u[1]);
	firm(f, 43, "hnte", date_from_ymd(2026, 1, 5), LEDGER_NONE, u[2]); /* issued this year */
	int64_t recorded = firm(f, 44, "hnte", date_from_ymd(2025, 12, 1), LEDGER_NONE, u[3]);
	snprintf(sql, sizeof sql,
		 "INSERT INTO annual_reports (enterprise_id, year, filed_on, created_at, "
		 "updated_at) VALUES (%lld, 2025, '2026-05-20', 'x', 'x'), (%lld, 2025, NULL, "
		 "'x', 'x'), (%lld, 2024, '2025-05-20', 'x', 'x')",
		 (long long)filed, (long long)recorded, (long long)missing);
	assert_int_equal(store_exec(f->db, sql, NULL), 0);
	/* batches: one past its submission deadline, one past its notice */
	assert_int_equal(
		store_exec(f->db,
			   "INSERT INTO batches (id, year, name, submit_by, review_on, notice_on, "
			   "created_at, updated_at) VALUES (1, 2026, '第一批', '2026-06-14', "
			   "'2026-07-01', '2026-08-01', 'x', 'x'), (2, 2025, '第二批', "
			   "'2025-06-30', '2025-08-01', '2026-05-31', 'x', 'x')",
			   NULL),
		0);
	snprintf(sql, sizeof sql,
		 "INSERT INTO applications (id, batch_id, enterprise_id, stage, stage_on, "
		 "created_at, updated_at) VALUES (1, 1, %lld, 'intended', '2026-06-01', 'x', 'x'), "
		 "(2, 1, %lld, 'submitted', '2026-06-10', 'x', 'x'), (3, 2, %lld, 'publicised', "
		 "'2026-05-31', 'x', 'x'), (4, 2, %lld, 'under_review', '2026-05-01', 'x', 'x'), "
		 "(5, 2, (SELECT id FROM enterprises WHERE uscc = '%s'), 'recognised', "
		 "'2026-06-01', 'x', 'x')",
		 (long long)filed, (long long)missing, (long long)recorded,
		 (long long)firm(f, 45, "key", LEDGER_NO_DATE, LEDGER_NONE, u[4]), f->b);
	assert_int_equal(store_exec(f->db, sql, NULL), 0);
	/* an active plan with a task due yesterday, one due today, one done, one wait */
	snprintf(sql, sizeof sql,
		 "INSERT INTO plans (id, enterprise_id, state, made_on, apply_year, apply_on, "
		 "rules, created_by, created_at, updated_at) VALUES (7, %lld, 'active', "
		 "'2026-01-01', 2027, '2027-06-30', 'x', 'x', 'x', 'x'), (8, %lld, 'done', "
		 "'2025-01-01', 2026, '2026-06-30', 'x', 'x', 'x', 'x')",
		 (long long)recorded, (long long)missing);
	assert_int_equal(store_exec(f->db, sql, NULL), 0);
	assert_int_equal(store_exec(f->db,
				    "INSERT INTO plan_tasks (plan_id, n, kind, due, status) VALUES "
				    "(7, 1, 'rd', '2026-06-14', 'open'), (7, 2, 'ip', "
				    "'2026-06-15', 'open'), (7, 3, 'st_staff', '2026-01-31', "
				    "'done'), (7, 4, 'wait', '2026-02-01', 'open'), (8, 1, 'rd', "
				    "'2025-12-31', 'open')",
				    NULL),
			 0);
	compute(f);
	/* 2025's report: u[1] (only 2024 filed) and u[3] (recorded missing); not u[0] or u[2] */
	assert_int_equal(count_rule(f, "annual_report"), 2);
	snprintf(key, sizeof key, "annual_report:%s:2025", u[1]);
	assert_true(open_has(&f->sys, key, TODAY));
	char detail[256];
	snprintf(sql, sizeof sql, "SELECT detail || '|' || due_on FROM reminders WHERE key = '%s'",
		 key);
	fixture_text(f, sql, detail, sizeof detail);
	assert_string_equal(detail, "2025年度高新技术企业年度发展情况报表逾期未填报（截止5月31日）|"
				    "2026-05-31");
	/* applications: 1 (deadline passed) and 4 (notice passed); not 2, 3 or 5 */
	assert_int_equal(count_rule(f, "application_late"), 2);
	snprintf(key, sizeof key, "application_late:%s:1:intended", u[0]);
	assert_true(open_has(&f->sys, key, TODAY));
	snprintf(sql, sizeof sql, "SELECT detail FROM reminders WHERE key = '%s'", key);
	fixture_text(f, sql, detail, sizeof detail);
	assert_string_equal(detail, "2026年第一批：拟申报，尚未审查推荐（申报截止2026-06-14已过）");
	/* 3 is publicised on 2026-05-31: its outcome is due 15 days later, today — not late */
	snprintf(key, sizeof key, "application_late:%s:3:publicised", u[3]);
	assert_false(open_has(&f->sys, key, TODAY));
	snprintf(key, sizeof key, "application_late:%s:4:under_review", u[4]);
	assert_true(open_has(&f->sys, key, TODAY));
	/* plans: only task 1 of the active plan */
	assert_int_equal(count_rule(f, "plan_task_overdue"), 1);
	snprintf(key, sizeof key, "plan_task_overdue:%s:7:1", u[3]);
	assert_true(open_has(&f->sys, key, TODAY));
	/* scope: county2 (530303) sees none of these 530302 firms */
	struct ledger c2 = fixture_as(f, f->u_county2);
	assert_false(open_has(&c2, key, TODAY));
	/* the report filed, the application moved on: gone at the next run */
	snprintf(sql, sizeof sql,
		 "UPDATE annual_reports SET filed_on = '2026-06-15' WHERE enterprise_id = %lld",
		 (long long)recorded);
	assert_int_equal(store_exec(f->db, sql, NULL), 0);
	assert_int_equal(store_exec(f->db,
				    "UPDATE applications SET stage = 'recognised' WHERE id = 4",
				    NULL),
			 0);
	compute(f);
	assert_int_equal(count_rule(f, "annual_report"), 1);
	assert_int_equal(count_rule(f, "application_late"), 1);
}

static void test_marks(void **state)
{
	struct fixture *f = *state;
	struct err e;
	char u[19], key[80];
	firm(f, 31, "hnte", date_from_ymd(2023, 7, 1), LEDGER_NONE, u);
	compute(f);
	snprintf(key, sizeof key, "cert_expiry:%s:2026-06-30", u);
	struct ledger c1 = fixture_as(f, f->u_county1), city = fixture_as(f, f->u_city);
	assert_true(open_has(&c1, key, TODAY));
	err_clear(&e);
	/* a reason is required; a snooze needs a day after today */
	assert_int_equal(remind_mark(&c1, key, "done", LEDGER_NO_DATE, "", TODAY, &e), ERR_INVALID);
	assert_string_equal(e.field, "reason");
	assert_int_equal(remind_mark(&c1, key, "snoozed", TODAY, "等企业回复", TODAY, &e),
			 ERR_INVALID);
	assert_string_equal(e.field, "until");
	/* snoozed until 06-20: hidden before, back on the day */
	assert_int_equal(remind_mark(&c1, key, "snoozed", date_from_ymd(2026, 6, 20), "等企业回复",
				     TODAY, &e),
			 0);
	assert_false(open_has(&c1, key, TODAY));
	assert_false(open_has(&c1, key, date_from_ymd(2026, 6, 19)));
	assert_true(open_has(&c1, key, date_from_ymd(2026, 6, 20)));
	/* the mark is the user's own: the city still sees it open */
	assert_true(open_has(&city, key, TODAY));
	/* done, and it survives the next day's rebuild */
	assert_int_equal(remind_mark(&c1, key, "done", LEDGER_NO_DATE, "已提交复审材料", TODAY, &e),
			 0);
	compute(f);
	assert_false(open_has(&c1, key, date_from_ymd(2026, 7, 1)));
	struct arena *a = arena_new();
	struct remind_filter rf;
	struct remind_page pg;
	remind_filter_init(&rf);
	rf.status = REMIND_DONE;
	rf.today = TODAY;
	assert_int_equal(remind_list(&c1, &rf, a, &pg, &e), 0);
	assert_int_equal(pg.n, 1);
	assert_string_equal(pg.items[0].reason, "已提交复审材料");
	/* taken back */
	assert_int_equal(remind_mark(&c1, key, "open", LEDGER_NO_DATE, NULL, TODAY, &e), 0);
	assert_true(open_has(&c1, key, TODAY));
	char row[120];
	snprintf(row, sizeof row, "%lld/%s", (long long)f->u_county1, key);
	assert_int_equal(fixture_audit_rows(f, "reminder_marks", row, NULL), 3);
	/* out of scope: not found; a viewer: forbidden */
	struct ledger c2 = fixture_as(f, f->u_county2), viewer = fixture_as(f, f->u_viewer);
	assert_int_equal(remind_mark(&c2, key, "done", LEDGER_NO_DATE, "x", TODAY, &e),
			 ERR_NOT_FOUND);
	assert_int_equal(remind_mark(&viewer, key, "done", LEDGER_NO_DATE, "x", TODAY, &e),
			 ERR_FORBIDDEN);
	arena_free(a);
}

static void test_calendar(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	struct err e;
	struct milestone m, *items = NULL;
	size_t n = 0;
	int64_t id_all = 0, id_zy = 0;
	err_clear(&e);
	memset(&m, 0, sizeof m);
	m.name = "高企认定第一批申报截止";
	m.on_date = date_from_ymd(2026, 7, 10);
	m.kind = MILESTONE_BATCH;
	struct ledger county1 = fixture_as(f, f->u_county1), county2 = fixture_as(f, f->u_county2),
		      ent = fixture_as(f, f->u_ent), city = fixture_as(f, f->u_city);
	assert_int_equal(calendar_add(&county1, &m, &id_all, &e), ERR_FORBIDDEN);
	assert_int_equal(calendar_add(&city, &m, &id_all, &e), 0);
	m.name = "沾益区推荐材料审查截止";
	m.area = "530303";
	m.on_date = date_from_ymd(2026, 8, 20);
	assert_int_equal(calendar_add(&city, &m, &id_zy, &e), 0);
	m.area = "999999";
	assert_int_equal(calendar_add(&city, &m, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "area");
	m.area = NULL;
	m.on_date = LEDGER_NO_DATE;
	assert_int_equal(calendar_add(&city, &m, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "on_date");
	/* visibility: every area's for all, 530303's for county2 only */
	assert_int_equal(calendar_list(&county1, 2026, 0, a, &items, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(calendar_list(&county2, 2026, 0, a, &items, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(calendar_list(&city, 2026, 8, a, &items, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, id_zy);
	assert_int_equal(calendar_list(&ent, 2026, 0, a, &items, &n, &e), 0);
	assert_int_equal(n, 1); /* A is in 530302 */
	assert_int_equal(calendar_delete(&city, id_zy, &e), 0);
	assert_int_equal(calendar_get(&city, id_zy, a, &m, &e), ERR_NOT_FOUND);
	assert_int_equal(fixture_audit_rows(f, "milestones", "2", NULL), 2);

	/* a firm's calendar: certificate of 2024-03-01 → reports 2025–2027, expiry 2027-02-28 */
	struct enterprise_patch pt;
	enterprise_patch_init(&pt);
	pt.v.hnte_cert_no = "GR202453000002";
	pt.v.hnte_issued_on = date_from_ymd(2024, 3, 1);
	pt.v.tsme_year = 2026;
	assert_int_equal(enterprise_patch_name(&pt, "hnte_cert_no", &e), 0);
	assert_int_equal(enterprise_patch_name(&pt, "hnte_issued_on", &e), 0);
	assert_int_equal(enterprise_patch_name(&pt, "tsme_year", &e), 0);
	assert_int_equal(enterprise_patch(&f->sys, f->a, &pt, a, NULL, NULL, &e), 0);
	struct calendar_event *ev = NULL;
	assert_int_equal(calendar_enterprise(&ent, f->a, 2026, 2026, a, &ev, &n, &e), 0);
	int reports = 0, expiry = 0, tsme = 0, batch = 0;
	for (size_t i = 0; i < n; i++) {
		char d[11];
		date_format(ev[i].on, d);
		if (!strcmp(ev[i].kind, "annual_report")) {
			reports++;
			assert_non_null(strstr(d, "-05-31"));
		}
		if (!strcmp(ev[i].kind, "cert_expiry")) {
			expiry++;
			assert_string_equal(d, "2027-02-28");
		}
		if (!strcmp(ev[i].kind, "tsme_renew")) {
			tsme++;
			assert_string_equal(d, "2027-01-01");
		}
		batch += !strcmp(ev[i].kind, "milestone");
		if (i)
			assert_true(ev[i - 1].on <= ev[i].on);
	}
	assert_int_equal(reports, 3);
	assert_int_equal(expiry, 1);
	assert_int_equal(tsme, 1);
	assert_int_equal(batch, 1);
	/* another county's user does not see A at all */
	assert_int_equal(calendar_enterprise(&county2, f->a, 2026, 2026, a, &ev, &n, &e),
			 ERR_NOT_FOUND);
	arena_free(a);
}

/* An overdue milestone of the work schedule: a reminder of no enterprise, scoped by area. */
static void test_milestone_overdue(void **state)
{
	struct fixture *f = *state;
	struct err e;
	struct milestone m;
	int64_t id[5];
	char key[80];
	static const struct {
		int month, day, status;
		const char *area;
	} rows[] = {
		{6, 14, MILESTONE_PLANNED, "530303"}, /* yesterday, open: in (530303 only) */
		{6, 15, MILESTONE_IN_PROGRESS, NULL}, /* today: not yet */
		{1, 2, MILESTONE_IN_PROGRESS, NULL},  /* long past, in progress: in (every area) */
		{6, 1, MILESTONE_DONE, NULL},	      /* done: out */
		{6, 1, MILESTONE_CANCELLED, NULL},    /* cancelled: out */
	};
	struct ledger city = fixture_as(f, f->u_city), c1 = fixture_as(f, f->u_county1),
		      c2 = fixture_as(f, f->u_county2), ent = fixture_as(f, f->u_ent),
		      ex = fixture_as(f, f->u_expert), viewer = fixture_as(f, f->u_viewer);
	err_clear(&e);
	for (size_t i = 0; i < 5; i++) {
		memset(&m, 0, sizeof m);
		m.name = "调度会";
		m.on_date = date_from_ymd(2026, rows[i].month, rows[i].day);
		m.kind = MILESTONE_MEETING;
		m.area = rows[i].area;
		m.owner = i == 0 ? "王科长" : NULL;
		m.status = rows[i].status;
		assert_int_equal(calendar_add(&city, &m, &id[i], &e), 0);
	}
	compute(f);
	assert_int_equal(count_rule(f, "milestone_overdue"), 2);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM reminders WHERE rule = "
					  "'milestone_overdue' AND enterprise_id IS NULL"),
			 2);
	char detail[256];
	snprintf(key, sizeof key, "milestone_overdue:%lld:2026-06-14", (long long)id[0]);
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT detail FROM reminders WHERE key = '%s'", key);
	fixture_text(f, sql, detail, sizeof detail);
	assert_string_equal(detail,
			    "工作计划逾期：调度会（应于2026-06-14完成，未开始，责任人：王科长）");
	assert_string_equal(remind_rule_label("milestone_overdue"), "工作计划逾期");
	/* 530303's: city and county2 (its area), not county1, an enterprise or an expert */
	assert_true(open_has(&city, key, TODAY));
	assert_true(open_has(&c2, key, TODAY));
	assert_false(open_has(&c1, key, TODAY));
	assert_false(open_has(&ent, key, TODAY));
	assert_false(open_has(&ex, key, TODAY));
	/* every area's: every bureau scope */
	char all[80];
	snprintf(all, sizeof all, "milestone_overdue:%lld:2026-01-02", (long long)id[2]);
	assert_true(open_has(&c1, all, TODAY));
	assert_true(open_has(&viewer, all, TODAY));
	assert_false(open_has(&ent, all, TODAY));
	/* the filters: area, rule; naming an enterprise leaves them out */
	struct arena *a = arena_new();
	struct remind_filter rf;
	struct remind_page pg;
	remind_filter_init(&rf);
	rf.today = TODAY;
	rf.rule = "milestone_overdue";
	assert_int_equal(remind_list(&city, &rf, a, &pg, &e), 0);
	assert_int_equal(pg.total, 2);
	assert_null(pg.items[0].uscc);
	assert_null(pg.items[0].name);
	rf.area = "530303";
	assert_int_equal(remind_list(&city, &rf, a, &pg, &e), 0);
	assert_int_equal(pg.total, 1);
	assert_string_equal(pg.items[0].area, "530303");
	rf.area = NULL;
	rf.uscc = "91530302MA6K000001";
	assert_int_equal(remind_list(&city, &rf, a, &pg, &e), 0);
	assert_int_equal(pg.total, 0);
	/* the count of the bell includes them; a mark holds; county1 cannot mark 530303's */
	int64_t before = 0, after = 0;
	assert_int_equal(remind_count_open(&c2, TODAY, &before, &e), 0);
	assert_int_equal(remind_mark(&c2, key, "done", LEDGER_NO_DATE, "已开会", TODAY, &e), 0);
	assert_int_equal(remind_count_open(&c2, TODAY, &after, &e), 0);
	assert_int_equal(after, before - 1);
	assert_int_equal(remind_mark(&c1, key, "done", LEDGER_NO_DATE, "x", TODAY, &e),
			 ERR_NOT_FOUND);
	/* done: gone at the next run */
	memset(&m, 0, sizeof m);
	assert_int_equal(calendar_get(&city, id[2], a, &m, &e), 0);
	m.status = MILESTONE_DONE;
	assert_int_equal(calendar_update(&city, id[2], &m, &e), 0);
	compute(f);
	assert_int_equal(count_rule(f, "milestone_overdue"), 1);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cert_expiry_boundaries, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_tsme_and_indicators, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_problem_overdue_and_risk, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_reports_applications_plans, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_marks, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_calendar, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_milestone_overdue, fixture_setup,
						fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
