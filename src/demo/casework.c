/*
 * casework — the demo's experts, problems and visits (see casework.h).
 */
#include "demo/casework.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/strbuf.h"
#include "ledger/access/user.h"
#include "ledger/assess/assessment.h"
#include "ledger/cultivate/expert.h"
#include "ledger/cultivate/plan.h"
#include "ledger/cultivate/problem.h"
#include "ledger/cultivate/visit.h"
#include "ledger/register/enterprise.h"

static const struct {
	const char *name, *organisation, *phone, *specialities, *note;
} profiles[2] = {
	{"expert", "曲靖市知识产权服务中心", "0874-3112233", "ip,application,technology",
	 "擅长专利布局与高企申报材料把关"},
	{"expert2", "云南滇东会计师事务所", "0874-3198765", "rd_accounting,management",
	 "擅长研发费用归集与研发管理制度建设"},
};

/* The id of user NAME, 0 when there is none. */
static int64_t user_id(struct ledger *l, struct arena *a, const char *name)
{
	struct user u;
	return user_get_by_name(l, name, a, &u, NULL) ? 0 : u.id;
}

/* The county user of AREA ("county-530302"), 0 when there is none. */
static int64_t county_of(struct ledger *l, struct arena *a, const char *area)
{
	char name[40];
	snprintf(name, sizeof name, "county-%s", area);
	return user_id(l, a, name);
}

/* Due dates spread around TODAY: the first problems of a firm overdue, one long overdue. */
static int32_t due_of(int32_t today, size_t firm, size_t i)
{
	static const int offsets[] = {-45, -10, 20, 60, 90};
	return today + offsets[(firm + i) % (sizeof offsets / sizeof offsets[0])];
}

/* Problems from the gaps of firm EN, owned by its county, dated; their ids into IDS. */
static int firm_problems(struct ledger *l, struct arena *a, const struct enterprise *en,
			 size_t firm, int32_t today, int64_t **ids, size_t *n, struct err *e)
{
	size_t skipped = 0;
	int rc = problem_from_gaps(l, en->uscc, a, ids, n, &skipped, e);
	int64_t owner = county_of(l, a, en->area);
	for (size_t i = 0; !rc && i < *n; i++) {
		struct problem_patch p;
		problem_patch_init(&p);
		p.v.due_on = due_of(today, firm, i);
		p.v.owner_id = owner ? owner : LEDGER_NONE;
		p.v.status = i == 1 ? PROBLEM_IN_PROGRESS : PROBLEM_OPEN;
		rc = problem_patch_name(&p, "due_on", e);
		if (!rc)
			rc = problem_patch_name(&p, "owner_id", e);
		if (!rc)
			rc = problem_patch_name(&p, "status", e);
		if (!rc)
			rc = problem_patch(l, (*ids)[i], &p, a, NULL, e);
	}
	return rc;
}

static int firm_visit(struct ledger *l, const struct enterprise *en, int64_t expert,
		      const int64_t *problems, size_t n, int32_t today, struct err *e)
{
	struct visit v;
	struct visit_participant who = {expert, NULL, ROLE_EXPERT};
	struct visit_link link = {n ? problems[0] : 0, VISIT_RAISED, NULL};
	visit_init(&v);
	v.visited_on = today - 12;
	v.kind = VISIT_ONSITE;
	v.others = "企业总经理、财务负责人";
	v.content = "对照高企认定条件逐项诊断：核对近三年研发费用归集和科技人员名册，"
		    "讲解知识产权布局要求，明确问题清单和完成时限。";
	v.next_step = "企业补充研发辅助账，专家复核";
	v.next_on = today + 5;
	v.participants = &who;
	v.n_participants = expert ? 1 : 0;
	v.links = &link;
	v.n_links = n ? 1 : 0;
	return visit_create(l, en->uscc, &v, NULL, NULL, e);
}

int demo_casework(struct ledger *l, const int64_t *const firms[2], const size_t n[2], int32_t today,
		  int64_t *problems, int64_t *visits, struct err *e)
{
	struct arena *a = arena_new();
	int64_t n_problems = 0, n_visits = 0;
	int rc = ledger_begin(l, e);
	for (int k = 0; !rc && k < 2; k++) {
		struct expert x;
		memset(&x, 0, sizeof x);
		x.organisation = profiles[k].organisation;
		x.phone = profiles[k].phone;
		x.specialities = profiles[k].specialities;
		x.note = profiles[k].note;
		int64_t expert = user_id(l, a, profiles[k].name);
		if (expert)
			rc = expert_update(l, expert, &x, e);
		for (size_t f = 0; !rc && f < n[k] && f < DEMO_CASE_FIRMS; f++) {
			struct enterprise en;
			int64_t *ids = NULL;
			size_t m = 0;
			rc = enterprise_get_by_id(l, firms[k][f], a, &en, e);
			if (!rc)
				rc = firm_problems(l, a, &en, f, today, &ids, &m, e);
			n_problems += (int64_t)m;
			if (!rc && f < DEMO_VISITS) {
				rc = firm_visit(l, &en, expert, ids, m, today, e);
				n_visits++;
			}
		}
	}
	if (!rc)
		rc = ledger_commit(l, e);
	else
		ledger_rollback(l, NULL);
	if (!rc && problems)
		*problems = n_problems;
	if (!rc && visits)
		*visits = n_visits;
	arena_free(a);
	return rc;
}

/* The ledger of user ID (its own scope) on L's connection into *OUT. */
static int as_user(struct ledger *l, int64_t id, struct ledger *out, struct err *e)
{
	struct scope s;
	int rc = user_scope(l->db, id, &s, e);
	if (!rc)
		ledger_init(out, l->db, &s, "demo");
	return rc;
}

/* Plan number I of expert EXPERT's firm EN (see demo_plans). */
static int firm_plan(struct ledger *l, struct arena *a, const struct enterprise *en, int64_t expert,
		     size_t i, plans_render_fn render, struct err *e)
{
	struct plans_row r;
	struct ledger xl;
	int64_t id = 0, owner = county_of(l, a, en->area);
	int rc = plans_generate(l, en->uscc, 0, &id, e);
	if (!rc)
		rc = plans_get(l, id, a, &r, e);
	for (size_t t = 1; !rc && i == 0 && owner; t++) {
		struct plans_task_patch p;
		memset(&p, 0, sizeof p);
		p.set_owner = 1;
		p.owner_id = owner;
		if (t == 1) {
			p.set_status = 1;
			p.status = PLANS_TASK_DONE;
			p.set_evidence = 1;
			p.evidence = "已完成，见企业提交的佐证材料";
		}
		rc = plans_task_patch(l, id, (int)t, &p, e);
		if (rc == ERR_NOT_FOUND) { /* past the last task */
			rc = 0;
			break;
		}
	}
	if (rc || i > 1 || !render || !expert)
		return rc;
	rc = as_user(l, expert, &xl, e);
	if (!rc)
		rc = plans_sign(&xl, id, render, e);
	if (!rc && i == 0)
		rc = plans_activate(l, id, e);
	return rc;
}

int demo_plans(struct ledger *l, const int64_t *const firms[2], const size_t n[2],
	       plans_render_fn render, int64_t *plans, struct err *e)
{
	struct arena *a = arena_new();
	struct assess_result *res = malloc(sizeof *res);
	struct profile p;
	int64_t count = 0;
	if (!res)
		abort();
	profile_init(&p);
	int rc = ledger_begin(l, e);
	for (int k = 0; !rc && k < 2; k++) {
		int64_t expert = user_id(l, a, profiles[k].name);
		size_t made = 0;
		for (size_t f = 0; !rc && f < n[k] && made < DEMO_PLAN_FIRMS; f++) {
			struct enterprise en;
			rc = enterprise_get_by_id(l, firms[k][f], a, &en, e);
			if (!rc)
				rc = assessment_run(l, en.uscc, LEDGER_NO_DATE, &p, res, e);
			if (rc || res->hnte.verdict != HNTE_VERDICT_FAIL)
				continue; /* a plan is for a firm with conditions to meet */
			rc = firm_plan(l, a, &en, expert, made++, render, e);
			count++;
		}
	}
	profile_cleanup(&p);
	free(res);
	if (!rc)
		rc = ledger_commit(l, e);
	else
		ledger_rollback(l, NULL);
	if (!rc && plans)
		*plans = count;
	arena_free(a);
	return rc;
}
