/* Tests of ledger/cultivate/expert: the expert service team (专家服务团) — who
 * lists and reads experts, who edits a profile, the specialities and length
 * limits, and an expert's workload counted within the caller's scope. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <jansson.h>

#include "ledger/cultivate/expert.h"
#include "ledger/cultivate/problem.h"
#include "ledger/cultivate/visit.h"

#include "support/ledger_fixture.h"

/* ---- helpers ---------------------------------------------------------------------- */

static int64_t add_problem(struct fixture *f, const char *uscc, enum problem_status s)
{
	struct problem in, out;
	struct problem_patch p;
	struct err e;
	struct arena *a = arena_new();
	problem_init(&in);
	in.description = "问题";
	err_clear(&e);
	if (problem_create(&f->sys, uscc, &in, a, &out, &e))
		fail_msg("problem_create: %s", e.msg);
	if (s != PROBLEM_OPEN) {
		problem_patch_init(&p);
		p.v.status = s;
		p.v.resolution = "已解决";
		assert_int_equal(problem_patch_name(&p, "status", NULL), 0);
		assert_int_equal(problem_patch_name(&p, "resolution", NULL), 0);
		if (problem_patch(&f->sys, out.id, &p, a, NULL, &e))
			fail_msg("problem_patch: %s", e.msg);
	}
	arena_free(a);
	return out.id;
}

/* A visit to USCC on DAY recorded as L, with WITH taking part (0: nobody). */
static void add_visit(struct ledger *l, const char *uscc, int32_t day, int64_t with)
{
	struct visit v;
	struct visit_participant p = {with, NULL, ROLE_EXPERT};
	struct err e;
	visit_init(&v);
	v.visited_on = day;
	v.content = "走访";
	v.participants = with ? &p : NULL;
	v.n_participants = with ? 1 : 0;
	err_clear(&e);
	if (visit_create(l, uscc, &v, NULL, NULL, &e))
		fail_msg("visit_create: %s", e.msg);
}

/* The workload of expert ID as seen by L: "enterprises/open problems/visits this month". */
static const char *workload(struct ledger *l, int64_t id, char *out, size_t n)
{
	struct arena *a = arena_new();
	struct expert x;
	struct err e;
	err_clear(&e);
	if (expert_get(l, id, a, &x, &e))
		snprintf(out, n, "error %d", e.code);
	else
		snprintf(out, n, "%lld/%lld/%lld", (long long)x.enterprises,
			 (long long)x.open_problems, (long long)x.visits_this_month);
	arena_free(a);
	return out;
}

/* ---- lists and reads ------------------------------------------------------------------ */

static void test_list(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	struct expert *items = NULL, x;
	size_t n = 0;
	struct err e;
	int64_t expert2 = fixture_user(f, "expert2", ROLE_EXPERT, NULL, NULL);

	/* the bureau and the viewer see the whole team, by display name */
	const int64_t all[] = {f->u_admin, f->u_city, f->u_county1, f->u_county2, f->u_viewer};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		struct ledger l = fixture_as(f, all[i]);
		assert_int_equal(expert_list(&l, a, &items, &n, NULL), 0);
		assert_int_equal(n, 2);
		assert_int_equal(items[0].id, f->u_expert);
		assert_string_equal(items[0].username, "expert1");
		assert_string_equal(items[0].display_name, "expert1");
		assert_int_equal(items[0].disabled, 0);
		assert_string_equal(items[0].specialities, "");
		assert_null(items[0].organisation);
		assert_int_equal(items[1].id, expert2);
	}
	/* an expert sees itself only */
	struct ledger ex = fixture_as(f, f->u_expert);
	assert_int_equal(expert_list(&ex, a, &items, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, f->u_expert);
	struct ledger ex2 = fixture_as(f, expert2);
	assert_int_equal(expert_list(&ex2, a, &items, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, expert2);
	/* the enterprise user may not list experts */
	struct ledger ent = fixture_as(f, f->u_ent);
	err_clear(&e);
	assert_int_equal(expert_list(&ent, a, &items, &n, &e), ERR_FORBIDDEN);
	assert_string_equal(e.msg, "无权查看专家名单");

	/* one expert: itself yes, another expert no; a user who is no expert is no expert */
	assert_int_equal(expert_get(&ex, f->u_expert, a, &x, NULL), 0);
	assert_string_equal(x.username, "expert1");
	err_clear(&e);
	assert_int_equal(expert_get(&ex, expert2, a, &x, &e), ERR_NOT_FOUND);
	assert_string_equal(e.msg, "专家不存在");
	struct ledger c1 = fixture_as(f, f->u_county1);
	assert_int_equal(expert_get(&c1, expert2, a, &x, NULL), 0);
	err_clear(&e);
	assert_int_equal(expert_get(&c1, f->u_county1, a, &x, &e), ERR_NOT_FOUND);
	assert_string_equal(e.msg, "专家不存在");
	assert_int_equal(expert_get(&c1, 999999, a, &x, NULL), ERR_NOT_FOUND);

	/* the experts of one enterprise: whoever sees the enterprise, the enterprise user too */
	assert_int_equal(expert_list_of(&c1, f->a, a, &items, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, f->u_expert);
	assert_int_equal(expert_list_of(&ent, f->a, a, &items, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, f->u_expert);
	assert_int_equal(expert_list_of(&c1, f->b, a, &items, &n, NULL), 0);
	assert_int_equal(n, 0);
	struct ledger c2 = fixture_as(f, f->u_county2);
	assert_int_equal(expert_list_of(&c2, f->a, a, &items, &n, NULL), ERR_NOT_FOUND);
	assert_int_equal(expert_list_of(&ent, f->b, a, &items, &n, NULL), ERR_NOT_FOUND);

	/* speciality codes and labels */
	static const char *const codes[] = {"rd_accounting", "ip", "technology", "management",
					    "application"};
	static const char *const labels[] = {"财务与研发费用归集", "知识产权", "技术领域",
					     "管理体系", "申报材料"};
	for (int i = 0; i < EXPERT_SPECIALITY_COUNT; i++) {
		assert_string_equal(expert_speciality_name(i), codes[i]);
		assert_string_equal(expert_speciality_label(i), labels[i]);
	}
	assert_string_equal(expert_speciality_label(EXPERT_SPECIALITY_COUNT), "?");
	arena_free(a);
}

/* ---- profile ------------------------------------------------------------------------------ */

static void test_update(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	struct expert in, x;
	struct err e;
	char buf[2048];
	int64_t expert2 = fixture_user(f, "expert2", ROLE_EXPERT, NULL, NULL);
	struct ledger ex = fixture_as(f, f->u_expert);

	/* the expert fills its own profile */
	memset(&in, 0, sizeof in);
	in.organisation = "曲靖市知识产权服务中心";
	in.phone = "13800000000";
	in.specialities = "ip,rd_accounting";
	in.note = "擅长专利布局";
	assert_int_equal(expert_update(&ex, f->u_expert, &in, NULL), 0);
	assert_int_equal(expert_get(&ex, f->u_expert, a, &x, NULL), 0);
	assert_string_equal(x.organisation, "曲靖市知识产权服务中心");
	assert_string_equal(x.phone, "13800000000");
	assert_string_equal(x.specialities, "ip,rd_accounting");
	assert_string_equal(x.note, "擅长专利布局");
	assert_int_equal(fixture_audit_rows(f, "expert_profiles", "expert1", "update"), 1);
	assert_string_equal(
		fixture_audit_last(f, "expert_profiles", "expert1", "user_name", buf, sizeof buf),
		"expert1");
	json_t *j = json_loads(
		fixture_audit_last(f, "expert_profiles", "expert1", "after_json", buf, sizeof buf),
		0, NULL);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "specialities")),
			    "ip,rd_accounting");
	assert_string_equal(json_string_value(json_object_get(j, "phone")), "13800000000");
	json_decref(j);
	/* the same again: no audit row */
	assert_int_equal(expert_update(&ex, f->u_expert, &in, NULL), 0);
	assert_int_equal(fixture_audit_rows(f, "expert_profiles", "expert1", NULL), 1);

	/* the city changes the phone only: the rest stays */
	struct ledger city = fixture_as(f, f->u_city);
	memset(&in, 0, sizeof in);
	in.phone = "0874-3112233";
	assert_int_equal(expert_update(&city, f->u_expert, &in, NULL), 0);
	assert_int_equal(expert_get(&city, f->u_expert, a, &x, NULL), 0);
	assert_string_equal(x.phone, "0874-3112233");
	assert_string_equal(x.organisation, "曲靖市知识产权服务中心");
	assert_string_equal(x.specialities, "ip,rd_accounting");
	assert_string_equal(x.note, "擅长专利布局");
	assert_int_equal(fixture_audit_rows(f, "expert_profiles", "expert1", NULL), 2);
	assert_string_equal(
		fixture_audit_last(f, "expert_profiles", "expert1", "user_name", buf, sizeof buf),
		"city1");
	j = json_loads(
		fixture_audit_last(f, "expert_profiles", "expert1", "before_json", buf, sizeof buf),
		0, NULL);
	assert_string_equal(json_string_value(json_object_get(j, "phone")), "13800000000");
	json_decref(j);
	/* "" clears a member; specialities "" is none */
	memset(&in, 0, sizeof in);
	in.note = "";
	in.specialities = "";
	assert_int_equal(expert_update(&ex, f->u_expert, &in, NULL), 0);
	assert_int_equal(expert_get(&ex, f->u_expert, a, &x, NULL), 0);
	assert_null(x.note);
	assert_string_equal(x.specialities, "");
	assert_string_equal(x.phone, "0874-3112233");

	/* refused: county and viewer may not (403); another expert, or a user who is no
	 * expert, is not found (404) */
	static const struct {
		const char *what;
		int who; /* 0 county1, 1 county2, 2 viewer1, 3 expert2 */
		int target_expert1;
		int code;
		const char *msg;
	} refused[] = {
		{"county1 on expert1", 0, 1, ERR_FORBIDDEN, "无权修改该专家的信息"},
		{"county2 on expert1", 1, 1, ERR_FORBIDDEN, "无权修改该专家的信息"},
		{"viewer1 on expert1", 2, 1, ERR_FORBIDDEN, "无权修改该专家的信息"},
		{"expert2 on expert1", 3, 1, ERR_NOT_FOUND, "专家不存在"},
		{"county1 on county1, no expert", 0, 0, ERR_NOT_FOUND, "专家不存在"},
	};
	const int64_t who[] = {f->u_county1, f->u_county2, f->u_viewer, expert2};
	int64_t audits = fixture_count(f, "SELECT count(*) FROM audit_log");
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		struct ledger l = fixture_as(f, who[refused[i].who]);
		memset(&in, 0, sizeof in);
		in.organisation = "越权修改";
		err_clear(&e);
		int rc = expert_update(&l, refused[i].target_expert1 ? f->u_expert : f->u_county1,
				       &in, &e);
		if (rc != refused[i].code || strcmp(e.msg, refused[i].msg))
			fail_msg("%s: rc %d '%s'", refused[i].what, rc, e.msg);
	}
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_log"), audits);
	assert_int_equal(expert_get(&city, f->u_expert, a, &x, NULL), 0);
	assert_string_equal(x.organisation, "曲靖市知识产权服务中心");
	/* the admin may, and the city may edit expert2 too */
	memset(&in, 0, sizeof in);
	in.organisation = "云南滇东会计师事务所";
	assert_int_equal(expert_update(&city, expert2, &in, NULL), 0);
	struct ledger admin = fixture_as(f, f->u_admin);
	in.organisation = "曲靖市科技咨询中心";
	assert_int_equal(expert_update(&admin, f->u_expert, &in, NULL), 0);
	assert_int_equal(expert_get(&city, f->u_expert, a, &x, NULL), 0);
	assert_string_equal(x.organisation, "曲靖市科技咨询中心");
	arena_free(a);
}

static char text201[202], text51[52], text1001[1002], text200[201];

static void test_validation(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	struct ledger ex = fixture_as(f, f->u_expert);
	memset(text201, 'o', 201);
	memset(text200, 'o', 200);
	memset(text51, '1', 51);
	memset(text1001, 'n', 1001);
	static const struct {
		const char *specialities, *organisation, *phone, *note;
		const char *field, *msg; /* NULL: accepted */
	} cases[] = {
		{"ip", NULL, NULL, NULL, NULL, NULL},
		{"rd_accounting,ip,technology,management,application", NULL, NULL, NULL, NULL,
		 NULL},
		{"", NULL, NULL, NULL, NULL, NULL},
		{"finance", NULL, NULL, NULL, "specialities", "未知专长：finance"},
		{"ip,ip", NULL, NULL, NULL, "specialities", "专长重复：ip"},
		{"management,ip,management", NULL, NULL, NULL, "specialities",
		 "专长重复：management"},
		{"ip,IP", NULL, NULL, NULL, "specialities", "未知专长：IP"},
		{"ip, management", NULL, NULL, NULL, "specialities", "未知专长： management"},
		{"知识产权", NULL, NULL, NULL, "specialities", "未知专长：知识产权"},
		{NULL, text200, NULL, NULL, NULL, NULL},
		{NULL, text201, NULL, NULL, "organisation", "所在单位过长（最多200字节）"},
		{NULL, NULL, text51, NULL, "phone", "联系电话过长（最多50字节）"},
		{NULL, NULL, NULL, text1001, "note", "备注过长（最多1000字节）"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct expert in, before, after;
		struct err e;
		memset(&in, 0, sizeof in);
		in.specialities = cases[i].specialities;
		in.organisation = cases[i].organisation;
		in.phone = cases[i].phone;
		in.note = cases[i].note;
		assert_int_equal(expert_get(&ex, f->u_expert, a, &before, NULL), 0);
		err_clear(&e);
		int rc = expert_update(&ex, f->u_expert, &in, &e);
		assert_int_equal(expert_get(&ex, f->u_expert, a, &after, NULL), 0);
		if (!cases[i].field) {
			if (rc)
				fail_msg("case %zu refused: %s", i, e.msg);
			if (cases[i].specialities)
				assert_string_equal(after.specialities, cases[i].specialities);
			continue;
		}
		if (rc != ERR_INVALID || strcmp(e.field, cases[i].field) ||
		    strcmp(e.msg, cases[i].msg))
			fail_msg("case %zu: rc %d field '%s' msg '%s'", i, rc, e.field, e.msg);
		/* refused: the stored profile is unchanged */
		assert_string_equal(after.specialities, before.specialities);
	}
	arena_free(a);
}

/* ---- workload ----------------------------------------------------------------------------- */

static void test_workload(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	struct expert_firm *firms = NULL;
	size_t n = 0;
	char w[64];
	int y, m, d;
	int32_t today = date_today();
	date_to_ymd(today, &y, &m, &d);
	int32_t last_month = date_from_ymd(y, m, 1) - 1;
	struct ledger c1 = fixture_as(f, f->u_county1), c2 = fixture_as(f, f->u_county2);
	struct ledger city = fixture_as(f, f->u_city), ex = fixture_as(f, f->u_expert);
	struct ledger viewer = fixture_as(f, f->u_viewer);

	/* expert1 has A. A: open, in progress, resolved; B (not its): open */
	add_problem(f, f->a, PROBLEM_OPEN);
	add_problem(f, f->a, PROBLEM_IN_PROGRESS);
	add_problem(f, f->a, PROBLEM_RESOLVED);
	add_problem(f, f->b, PROBLEM_OPEN);
	/* visits: A today with expert1; A last month with expert1; B today without it */
	add_visit(&c1, f->a, today, f->u_expert);
	add_visit(&c1, f->a, last_month, f->u_expert);
	add_visit(&c1, f->b, today, 0);
	assert_string_equal(workload(&city, f->u_expert, w, sizeof w), "1/2/1");
	assert_string_equal(workload(&c1, f->u_expert, w, sizeof w), "1/2/1");
	assert_string_equal(workload(&viewer, f->u_expert, w, sizeof w), "1/2/1");
	assert_string_equal(workload(&ex, f->u_expert, w, sizeof w), "1/2/1");
	/* county2 sees none of expert1's work: its A is in another area */
	assert_string_equal(workload(&c2, f->u_expert, w, sizeof w), "0/0/0");
	assert_int_equal(expert_firms(&c2, f->u_expert, a, &firms, &n, NULL), 0);
	assert_int_equal(n, 0);

	/* C of 沾益区 assigned too: an open problem, and a visit expert1 recorded itself */
	assert_int_equal(enterprise_assign_expert(&f->sys, f->c, f->u_expert, NULL), 0);
	add_problem(f, f->c, PROBLEM_OPEN);
	add_visit(&ex, f->c, today, 0);
	assert_string_equal(workload(&city, f->u_expert, w, sizeof w), "2/3/2");
	assert_string_equal(workload(&ex, f->u_expert, w, sizeof w), "2/3/2");
	assert_string_equal(workload(&c1, f->u_expert, w, sizeof w), "1/2/1");
	assert_string_equal(workload(&c2, f->u_expert, w, sizeof w), "1/1/1");
	/* the same counts in the list */
	struct expert *items = NULL;
	size_t ni = 0;
	assert_int_equal(expert_list(&c2, a, &items, &ni, NULL), 0);
	assert_int_equal(ni, 1);
	assert_int_equal(items[0].enterprises, 1);
	assert_int_equal(items[0].open_problems, 1);
	assert_int_equal(items[0].visits_this_month, 1);
	/* the firms, by name, within the scope */
	assert_int_equal(expert_firms(&city, f->u_expert, a, &firms, &n, NULL), 0);
	assert_int_equal(n, 2);
	assert_string_equal(firms[0].uscc, f->a);
	assert_string_equal(firms[0].name, "曲靖甲科技有限公司");
	assert_string_equal(firms[0].area, "530302");
	assert_string_equal(firms[1].uscc, f->c);
	assert_int_equal(expert_firms(&c1, f->u_expert, a, &firms, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_string_equal(firms[0].uscc, f->a);
	assert_int_equal(expert_firms(&c2, f->u_expert, a, &firms, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_string_equal(firms[0].uscc, f->c);
	/* and not for a user who is no expert */
	assert_int_equal(expert_firms(&city, f->u_county1, a, &firms, &n, NULL), ERR_NOT_FOUND);
	arena_free(a);
}

/* A visit dated next month (a planned one) is not counted among this month's visits. */
static void test_workload_visit_next_month(void **state)
{
	struct fixture *f = *state;
	char w[64];
	int y, m, d;
	date_to_ymd(date_today(), &y, &m, &d);
	int32_t next_month = m == 12 ? date_from_ymd(y + 1, 1, 1) : date_from_ymd(y, m + 1, 1);
	struct ledger c1 = fixture_as(f, f->u_county1);
	add_visit(&c1, f->a, next_month, f->u_expert);
	assert_string_equal(workload(&c1, f->u_expert, w, sizeof w), "1/0/0");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_list),
		T(test_update),
		T(test_validation),
		T(test_workload),
		T(test_workload_visit_next_month),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
