/* Tests of ledger/cultivate/plan: the stored one-enterprise-one-plan (一企一策) —
 * generation from the firm's assessment (a draft replaced, a signed one
 * protected), signing only by an expert assigned to the firm, signed versions
 * that later edits never change, the states, tasks changed and added by hand
 * with the projection re-assessed, scope (404 outside it), audit rows, and the
 * tasks due for 我的待办. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "ledger/cultivate/plan.h"
#include "ledger/records/indicator.h"
#include "ledger/records/ip.h"

#include "support/ledger_fixture.h"
#include "support/weak_firm.h"

#define D(y, m, d) date_from_ymd(y, m, d)

/* A renderer that states what it was given: "Y/N tasks/closes". */
static int render(const struct plan *pl, const struct profile *p, const struct profile *proj,
		  const struct assess_result *res, struct strbuf *sb)
{
	(void)p;
	(void)proj;
	return strbuf_addf(sb, "{\"apply_year\":%d,\"tasks\":%zu,\"closes\":%d}", pl->apply_year,
			   pl->n_tasks, plan_closes(pl, res));
}

static int setup(void **state)
{
	int rc = fixture_setup(state);
	if (!rc)
		store_weak_firm(*state, ((struct fixture *)*state)->a);
	return rc;
}

static int64_t generate(struct ledger *l, const char *uscc)
{
	int64_t id = 0;
	struct err e;
	err_clear(&e);
	if (plans_generate(l, uscc, 0, &id, &e))
		fail_msg("plans_generate: %s (%s)", e.msg, e.field);
	return id;
}

static void key_of(struct fixture *f, int64_t id, char out[48])
{
	snprintf(out, 48, "%s/%lld", f->a, (long long)id);
}

/* ---- generation ----------------------------------------------------------------------- */

static void test_generate(void **state)
{
	struct fixture *f = *state;
	struct ledger c1 = fixture_as(f, f->u_county1);
	struct arena *a = arena_new();
	struct plans_view *v = plans_view_new();
	char key[48], buf[512];
	int y0 = date_year(date_today());

	int64_t id = generate(&c1, f->a);
	assert_int_equal(plans_view_load(&c1, id, a, v, NULL), 0);
	assert_int_equal(v->row.state, PLANS_DRAFT);
	assert_int_equal(v->row.version, 0);
	assert_string_equal(v->row.created_by, "county1");
	assert_int_equal(v->row.made_on, date_today());
	/* the last fiscal year is closed: C4 and C5 are measured on y0-2…y0, so next year */
	assert_int_equal(v->row.apply_year, y0 + 1);
	assert_int_equal(v->row.earliest_year, y0 + 1);
	/* a task per hard gap: C4 staff, C5 R&D (the score follows from them) */
	int staff = 0, rd = 0;
	for (size_t i = 0; i < v->n_tasks; i++) {
		const struct plans_task *k = &v->tasks[i];
		assert_int_equal(k->n, (int)i + 1);
		assert_int_equal(k->status, PLANS_TASK_OPEN);
		assert_int_equal(k->owner_id, LEDGER_NONE);
		assert_true(k->t.due >= v->row.made_on);
		staff += k->t.closes == GAPS_C4 && k->t.kind == PLAN_ST_STAFF;
		rd += k->t.closes == GAPS_C5 && k->t.kind == PLAN_RD;
	}
	assert_int_equal(staff, 1);
	assert_int_equal(rd, 1);
	/* the projection of the stored plan closes every gap */
	assert_int_equal(v->plan.n_unclosable, 0);
	assert_true(v->closes);
	assert_int_equal(v->res.hnte.verdict == HNTE_VERDICT_FAIL, 0);
	key_of(f, id, key);
	assert_int_equal(fixture_audit_rows(f, "plans", key, "create"), 1);
	fixture_audit_last(f, "plans", key, "user_name", buf, sizeof buf);
	assert_string_equal(buf, "county1");

	/* generating again replaces the draft: the old one is deleted, audited */
	int64_t id2 = generate(&c1, f->a);
	assert_true(id2 > id);
	struct err e;
	err_clear(&e);
	struct plans_row r;
	assert_int_equal(plans_get(&c1, id, a, &r, &e), ERR_NOT_FOUND);
	assert_string_equal(e.msg, "方案不存在");
	assert_int_equal(fixture_audit_rows(f, "plans", key, "delete"), 1);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM plans"), 1);
	assert_int_equal(fixture_count(f, "SELECT count(DISTINCT plan_id) FROM plan_tasks"), 1);

	/* a target year: the plan for it, the earliest still said */
	int64_t id3 = 0;
	assert_int_equal(plans_generate(&c1, f->a, y0 + 2, &id3, NULL), 0);
	assert_int_equal(plans_get(&c1, id3, a, &r, NULL), 0);
	assert_int_equal(r.apply_year, y0 + 2);
	assert_int_equal(r.target_year, y0 + 2);
	assert_int_equal(r.earliest_year, y0 + 1);
	/* a target year before the plan's year: refused, the draft stays */
	err_clear(&e);
	assert_int_equal(plans_generate(&c1, f->a, y0 - 1, &id, &e), ERR_INVALID);
	assert_string_equal(e.field, "year");
	assert_int_equal(plans_get(&c1, id3, a, &r, NULL), 0);

	plans_view_free(v);
	arena_free(a);
}

/* ---- signing and versions --------------------------------------------------------------- */

static void test_sign_only_assigned_expert(void **state)
{
	struct fixture *f = *state;
	struct ledger c1 = fixture_as(f, f->u_county1), ex = fixture_as(f, f->u_expert),
		      city = fixture_as(f, f->u_city), ent = fixture_as(f, f->u_ent);
	struct arena *a = arena_new();
	struct plans_row r;
	struct err e;
	char key[48];
	int64_t id = generate(&c1, f->a);

	/* the bureau may not sign; neither may the enterprise */
	static const char *const who[] = {"county1", "city1", "ent_a"};
	struct ledger *ls[] = {&c1, &city, &ent};
	for (size_t i = 0; i < 3; i++) {
		err_clear(&e);
		int rc = plans_sign(ls[i], id, render, &e);
		if (rc != ERR_FORBIDDEN || strcmp(e.msg, "只有指派给该企业的专家可以签署方案"))
			fail_msg("%s signs: rc %d '%s'", who[i], rc, e.msg);
	}
	/* an expert not assigned to A does not even see it */
	int64_t other = fixture_user(f, "expert9", ROLE_EXPERT, NULL, NULL);
	struct ledger x9 = fixture_as(f, other);
	err_clear(&e);
	assert_int_equal(plans_sign(&x9, id, render, &e), ERR_NOT_FOUND);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM plan_versions"), 0);

	/* the assigned expert signs: version 1, the renderer's text kept */
	err_clear(&e);
	assert_int_equal(plans_sign(&ex, id, render, &e), 0);
	assert_int_equal(plans_get(&c1, id, a, &r, NULL), 0);
	assert_int_equal(r.state, PLANS_SIGNED);
	assert_int_equal(r.version, 1);
	assert_string_equal(r.signed_by, "expert1");
	struct plans_version pv;
	assert_int_equal(plans_version_get(&ent, id, 1, a, &pv, NULL), 0);
	char want[128];
	struct plans_view *v = plans_view_new();
	assert_int_equal(plans_view_load(&c1, id, a, v, NULL), 0);
	snprintf(want, sizeof want, "{\"apply_year\":%d,\"tasks\":%zu,\"closes\":1}",
		 v->row.apply_year, v->n_tasks);
	assert_string_equal(pv.plan_json, want);
	assert_string_equal(pv.signed_by, "expert1");
	key_of(f, id, key);
	assert_int_equal(fixture_audit_rows(f, "plans", key, "sign"), 1);

	/* an unassigned expert loses the firm: no more signing */
	assert_int_equal(enterprise_unassign_expert(&f->sys, f->a, f->u_expert, NULL), 0);
	err_clear(&e);
	assert_int_equal(plans_sign(&ex, id, render, &e), ERR_NOT_FOUND);
	assert_int_equal(enterprise_assign_expert(&f->sys, f->a, f->u_expert, NULL), 0);

	/* while it is signed, generating again is refused and changes nothing */
	int64_t id2 = 0;
	err_clear(&e);
	assert_int_equal(plans_generate(&c1, f->a, 0, &id2, &e), ERR_CONFLICT);
	assert_string_equal(e.msg, "该企业已有已签署的方案，请先完成或放弃后再生成新方案");
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM plans"), 1);
	plans_view_free(v);
	arena_free(a);
}

static void test_versions_immutable(void **state)
{
	struct fixture *f = *state;
	struct ledger c1 = fixture_as(f, f->u_county1), ex = fixture_as(f, f->u_expert);
	struct arena *a = arena_new();
	struct plans_version v1, again, v2;
	struct plans_version *list = NULL;
	size_t n = 0;
	struct err e;
	int64_t id = generate(&c1, f->a);
	assert_int_equal(plans_sign(&ex, id, render, NULL), 0);
	assert_int_equal(plans_version_get(&c1, id, 1, a, &v1, NULL), 0);
	assert_non_null(strstr(v1.tasks_json, "\"owner_id\":null"));

	/* edits after signing: an owner and a task done */
	struct plans_task_patch p;
	memset(&p, 0, sizeof p);
	p.set_owner = 1;
	p.owner_id = f->u_county1;
	p.set_status = 1;
	p.status = PLANS_TASK_DONE;
	p.set_evidence = 1;
	p.evidence = "已招聘并签订劳动合同";
	assert_int_equal(plans_task_patch(&c1, id, 1, &p, NULL), 0);
	assert_int_equal(plans_version_get(&c1, id, 1, a, &again, NULL), 0);
	assert_string_equal(again.tasks_json, v1.tasks_json);
	assert_string_equal(again.plan_json, v1.plan_json);

	/* signing again keeps version 2 with the edits; version 1 is as it was */
	assert_int_equal(plans_sign(&ex, id, render, NULL), 0);
	assert_int_equal(plans_version_get(&c1, id, 2, a, &v2, NULL), 0);
	char owner[64];
	snprintf(owner, sizeof owner, "\"owner_id\":%lld", (long long)f->u_county1);
	assert_non_null(strstr(v2.tasks_json, owner));
	assert_non_null(strstr(v2.tasks_json, "\"status\":\"done\""));
	assert_non_null(strstr(v2.tasks_json, "已招聘并签订劳动合同"));
	assert_null(strstr(v1.tasks_json, "已招聘"));
	assert_int_equal(plans_versions(&c1, id, a, &list, &n, NULL), 0);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].version, 1);
	assert_int_equal(list[1].version, 2);
	err_clear(&e);
	assert_int_equal(plans_version_get(&c1, id, 3, a, &v2, &e), ERR_NOT_FOUND);

	/* the database itself refuses to change a version */
	assert_int_not_equal(
		store_exec(f->db, "UPDATE plan_versions SET plan_json = '{}' WHERE version = 1",
			   NULL),
		0);
	assert_int_equal(plans_version_get(&c1, id, 1, a, &again, NULL), 0);
	assert_string_equal(again.plan_json, v1.plan_json);
	arena_free(a);
}

/* ---- states ----------------------------------------------------------------------------- */

static void test_states(void **state)
{
	struct fixture *f = *state;
	struct ledger c1 = fixture_as(f, f->u_county1), ex = fixture_as(f, f->u_expert);
	struct arena *a = arena_new();
	struct plans_row r;
	struct err e;
	char key[48];
	int64_t id = generate(&c1, f->a);
	key_of(f, id, key);

	err_clear(&e);
	assert_int_equal(plans_activate(&c1, id, &e), ERR_CONFLICT);
	assert_string_equal(e.msg, "只有已签署的方案可以启动（现为草稿）");
	err_clear(&e);
	assert_int_equal(plans_finish(&c1, id, 1, NULL, &e), ERR_CONFLICT);
	assert_string_equal(e.msg, "只有执行中的方案可以完成（现为草稿）");
	assert_int_equal(plans_sign(&ex, id, render, NULL), 0);
	assert_int_equal(plans_activate(&ex, id, NULL), 0); /* the expert may start it too */
	assert_int_equal(plans_get(&c1, id, a, &r, NULL), 0);
	assert_int_equal(r.state, PLANS_ACTIVE);
	/* re-signing an active plan keeps it active */
	assert_int_equal(plans_sign(&ex, id, render, NULL), 0);
	assert_int_equal(plans_get(&c1, id, a, &r, NULL), 0);
	assert_int_equal(r.state, PLANS_ACTIVE);
	assert_int_equal(r.version, 2);
	assert_int_equal(plans_finish(&c1, id, 1, NULL, NULL), 0);
	assert_int_equal(plans_get(&c1, id, a, &r, NULL), 0);
	assert_int_equal(r.state, PLANS_DONE);
	assert_int_equal(r.finished_on, date_today());
	/* a finished plan is history: no edits, no signing, no abandoning */
	struct plans_task_patch p;
	memset(&p, 0, sizeof p);
	p.set_status = 1;
	p.status = PLANS_TASK_DROPPED;
	err_clear(&e);
	assert_int_equal(plans_task_patch(&c1, id, 1, &p, &e), ERR_CONFLICT);
	assert_string_equal(e.msg, "方案已完成，不能再修改");
	assert_int_equal(plans_sign(&ex, id, render, NULL), ERR_CONFLICT);
	assert_int_equal(plans_finish(&c1, id, 0, "企业转型", NULL), ERR_CONFLICT);
	/* every move audited: activate, finish (updates) and two signatures */
	assert_int_equal(fixture_audit_rows(f, "plans", key, "update"), 2);
	assert_int_equal(fixture_audit_rows(f, "plans", key, "sign"), 2);

	/* a new plan may be generated now; abandoning needs a reason */
	int64_t id2 = generate(&c1, f->a);
	err_clear(&e);
	assert_int_equal(plans_finish(&c1, id2, 0, "", &e), ERR_INVALID);
	assert_string_equal(e.msg, "请填写放弃方案的原因");
	assert_int_equal(plans_finish(&c1, id2, 0, "企业决定暂缓申报", NULL), 0);
	assert_int_equal(plans_get(&c1, id2, a, &r, NULL), 0);
	assert_int_equal(r.state, PLANS_ABANDONED);
	assert_string_equal(r.reason, "企业决定暂缓申报");
	struct plans_row *items = NULL;
	size_t n = 0;
	assert_int_equal(plans_list(&c1, f->a, a, &items, &n, NULL), 0);
	assert_int_equal(n, 2);
	assert_int_equal(items[0].id, id2); /* newest first */
	assert_int_equal(items[1].id, id);
	int64_t cur = 0;
	assert_int_equal(plans_current(&c1, f->a, &cur, NULL), 0);
	arena_free(a);
}

/* ---- tasks ------------------------------------------------------------------------------ */

static void test_tasks(void **state)
{
	struct fixture *f = *state;
	struct ledger c1 = fixture_as(f, f->u_county1);
	struct arena *a = arena_new();
	struct plans_view *v = plans_view_new();
	struct err e;
	char key[64];
	int64_t id = generate(&c1, f->a);
	assert_int_equal(plans_view_load(&c1, id, a, v, NULL), 0);
	assert_true(v->closes);
	int rd = 0;
	for (size_t i = 0; i < v->n_tasks; i++)
		if (v->tasks[i].t.kind == PLAN_RD)
			rd = v->tasks[i].n;
	assert_true(rd > 0);

	/* dropping the R&D task re-assesses the projection: C5 fails again */
	struct plans_task_patch p;
	memset(&p, 0, sizeof p);
	p.set_status = 1;
	p.status = PLANS_TASK_DROPPED;
	assert_int_equal(plans_task_patch(&c1, id, rd, &p, NULL), 0);
	assert_int_equal(plans_view_load(&c1, id, a, v, NULL), 0);
	assert_false(v->closes);
	assert_int_equal(v->res.hnte.c[HNTE_C5].status, HNTE_FAIL);
	snprintf(key, sizeof key, "%s/%lld/%d", f->a, (long long)id, rd);
	assert_int_equal(fixture_audit_rows(f, "plan_tasks", key, "update"), 1);
	/* back to open: closed again */
	p.status = PLANS_TASK_OPEN;
	assert_int_equal(plans_task_patch(&c1, id, rd, &p, NULL), 0);
	assert_int_equal(plans_view_load(&c1, id, a, v, NULL), 0);
	assert_true(v->closes);
	/* done, with today's date: it counts through the recorded figures only, and
	 * none were recorded, so C5 shows the gap again (never counted twice) */
	p.status = PLANS_TASK_DONE;
	assert_int_equal(plans_task_patch(&c1, id, rd, &p, NULL), 0);
	assert_int_equal(plans_view_load(&c1, id, a, v, NULL), 0);
	assert_int_equal(v->tasks[rd - 1].done_on, date_today());
	assert_false(v->closes);
	assert_int_equal(v->res.hnte.c[HNTE_C5].status, HNTE_FAIL);
	/* the same values again: no write, no audit */
	assert_int_equal(plans_task_patch(&c1, id, rd, &p, NULL), 0);
	assert_int_equal(fixture_audit_rows(f, "plan_tasks", key, "update"), 3);

	/* bad changes name the field and change nothing */
	memset(&p, 0, sizeof p);
	p.set_owner = 1;
	p.owner_id = 999999;
	err_clear(&e);
	assert_int_equal(plans_task_patch(&c1, id, 1, &p, &e), ERR_INVALID);
	assert_string_equal(e.field, "owner");
	assert_string_equal(e.msg, "负责人不存在");
	memset(&p, 0, sizeof p);
	p.set_due = 1;
	p.due = LEDGER_NO_DATE;
	err_clear(&e);
	assert_int_equal(plans_task_patch(&c1, id, 1, &p, &e), ERR_INVALID);
	assert_string_equal(e.msg, "完成期限不能为空");
	err_clear(&e);
	assert_int_equal(plans_task_patch(&c1, id, 99, &p, &e), ERR_NOT_FOUND);
	assert_string_equal(e.msg, "任务不存在");

	/* a task by hand: checked like the projection checks it, due from the rule set */
	struct plan_task t;
	memset(&t, 0, sizeof t);
	t.kind = PLAN_IP;
	t.ip_kind = PROFILE_IP_SOFTWARE_COPYRIGHT;
	t.count = 0;
	t.granted_on = v->row.apply_on - 30;
	t.until = LEDGER_NO_DATE;
	t.due = LEDGER_NO_DATE;
	int n = 0;
	err_clear(&e);
	assert_int_equal(plans_task_add(&c1, id, &t, LEDGER_NONE, &n, &e), ERR_INVALID);
	assert_string_equal(e.field, "count");
	assert_string_equal(e.msg, "数量应为1到5000项");
	t.count = 2;
	assert_int_equal(plans_task_add(&c1, id, &t, f->u_county1, &n, NULL), 0);
	assert_int_equal(n, (int)v->n_tasks + 1);
	assert_int_equal(plans_view_load(&c1, id, a, v, NULL), 0);
	const struct plans_task *k = &v->tasks[n - 1];
	assert_int_equal(k->t.closes, PLAN_NO_GAP);
	assert_int_equal(k->owner_id, f->u_county1);
	assert_string_equal(k->owner_name, "county1");
	assert_true(k->t.due < t.granted_on); /* the lead time of a software copyright */
	snprintf(key, sizeof key, "%s/%lld/%d", f->a, (long long)id, n);
	assert_int_equal(fixture_audit_rows(f, "plan_tasks", key, "create"), 1);

	/* 我的待办: county1's open task of a signed plan */
	struct plans_task *due = NULL;
	size_t nd = 0;
	assert_int_equal(
		plans_tasks_due(&c1, f->u_county1, LEDGER_NO_DATE, 100, a, &due, &nd, NULL), 0);
	assert_int_equal(nd, 0); /* a draft is nobody's work yet */
	struct ledger ex = fixture_as(f, f->u_expert);
	assert_int_equal(plans_sign(&ex, id, render, NULL), 0);
	assert_int_equal(
		plans_tasks_due(&c1, f->u_county1, LEDGER_NO_DATE, 100, a, &due, &nd, NULL), 0);
	assert_int_equal(nd, 1);
	assert_int_equal(due[0].n, n);
	assert_string_equal(due[0].uscc, f->a);
	assert_string_equal(due[0].enterprise_name, "曲靖甲科技有限公司");
	/* due by a day before it: not yet */
	assert_int_equal(plans_tasks_due(&c1, f->u_county1, k->t.due - 1, 100, a, &due, &nd, NULL),
			 0);
	assert_int_equal(nd, 0);
	/* county2 does not see A's tasks even for its own user id */
	struct ledger c2 = fixture_as(f, f->u_county2);
	assert_int_equal(
		plans_tasks_due(&c2, f->u_county1, LEDGER_NO_DATE, 100, a, &due, &nd, NULL), 0);
	assert_int_equal(nd, 0);
	plans_view_free(v);
	arena_free(a);
}

/* ---- scope and rights --------------------------------------------------------------------- */

static void test_scope(void **state)
{
	struct fixture *f = *state;
	struct ledger c1 = fixture_as(f, f->u_county1), c2 = fixture_as(f, f->u_county2),
		      ex = fixture_as(f, f->u_expert), vw = fixture_as(f, f->u_viewer),
		      ent = fixture_as(f, f->u_ent);
	struct arena *a = arena_new();
	struct plans_row r, *items = NULL;
	size_t n = 0;
	struct err e;
	int64_t id = generate(&c1, f->a), x = 0;

	/* reads: everyone who sees A; county2 gets 404 for the plan and the list */
	struct ledger *readers[] = {&c1, &ex, &vw, &ent};
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(plans_get(readers[i], id, a, &r, NULL), 0);
		assert_int_equal(plans_list(readers[i], f->a, a, &items, &n, NULL), 0);
		assert_int_equal(n, 1);
	}
	err_clear(&e);
	assert_int_equal(plans_get(&c2, id, a, &r, &e), ERR_NOT_FOUND);
	assert_int_equal(plans_list(&c2, f->a, a, &items, &n, NULL), ERR_NOT_FOUND);
	struct plans_view *v = plans_view_new();
	assert_int_equal(plans_view_load(&c2, id, a, v, NULL), ERR_NOT_FOUND);
	plans_view_free(v);

	/* writes: the viewer and the enterprise may not; county2 and the expert off B see nothing
	 */
	err_clear(&e);
	assert_int_equal(plans_generate(&vw, f->a, 0, &x, &e), ERR_FORBIDDEN);
	assert_string_equal(e.msg, "无权编制方案");
	assert_int_equal(plans_generate(&ent, f->a, 0, &x, NULL), ERR_FORBIDDEN);
	assert_int_equal(plans_generate(&c2, f->a, 0, &x, NULL), ERR_NOT_FOUND);
	assert_int_equal(plans_generate(&ex, f->b, 0, &x, NULL), ERR_NOT_FOUND);
	struct plans_task_patch p;
	memset(&p, 0, sizeof p);
	p.set_evidence = 1;
	p.evidence = "x";
	err_clear(&e);
	assert_int_equal(plans_task_patch(&ent, id, 1, &p, &e), ERR_FORBIDDEN);
	assert_string_equal(e.msg, "无权修改方案");
	assert_int_equal(plans_task_patch(&c2, id, 1, &p, NULL), ERR_NOT_FOUND);
	assert_int_equal(plans_activate(&vw, id, NULL), ERR_FORBIDDEN);
	assert_int_equal(plans_finish(&c2, id, 0, "x", NULL), ERR_NOT_FOUND);
	/* the expert of A writes A's plan */
	assert_int_equal(plans_task_patch(&ex, id, 1, &p, NULL), 0);
	/* nothing refused reached the audit log */
	assert_int_equal(fixture_count(f,
				       "SELECT count(*) FROM audit_log WHERE table_name LIKE "
				       "'plan%' AND user_name IN ('viewer1', 'ent_a', 'county2')"),
			 0);
	arena_free(a);
}

static int teardown(void **state)
{
	return fixture_teardown(state);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_generate),
		T(test_sign_only_assigned_expert),
		T(test_versions_immutable),
		T(test_states),
		T(test_tasks),
		T(test_scope),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
