/* plan — one-enterprise-one-plan: tasks, projection and generation (rules.md §6a). */
#include "rules/plan.h"

#include <assert.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/money.h"
#include "rules/score.h"

#define PLAN_MAX_COUNT ((int64_t)1000000000000) /* above any count a profile holds */

static const char *const kind_names[PLAN_KIND_COUNT] = {
	"ip", "st_staff", "rd", "hitech_income", "conversion", "rd_org", "wait"};

static const char *const why_names[PLAN_WHY_COUNT] = {
	"field",       "missing_data", "no_sales", "no_income", "no_fiscal_year",
	"year_closed", "lead_time",    "wait",	   "score_cap", "no_progress"};

const char *plan_kind_name(enum plan_kind k)
{
	return (unsigned)k < PLAN_KIND_COUNT ? kind_names[k] : "?";
}

const char *plan_why_name(enum plan_why w)
{
	return (unsigned)w < PLAN_WHY_COUNT ? why_names[w] : "?";
}

int plan_kind_parse(const char *s)
{
	for (int i = 0; s && i < PLAN_KIND_COUNT; i++)
		if (!strcmp(kind_names[i], s))
			return i;
	return -1;
}

int plan_why_timing(enum plan_why w)
{
	return w == PLAN_WHY_NO_FISCAL_YEAR || w == PLAN_WHY_YEAR_CLOSED ||
	       w == PLAN_WHY_LEAD_TIME || w == PLAN_WHY_WAIT;
}

void plan_init(struct plan *pl, int32_t made_on, int32_t apply_on)
{
	memset(pl, 0, sizeof *pl);
	pl->made_on = made_on;
	pl->apply_on = apply_on;
	pl->apply_year = apply_on == PROFILE_NO_DATE ? 0 : date_year(apply_on);
}

int plan_add(struct plan *pl, const struct plan_task *task, struct err *e)
{
	if (pl->n_tasks >= PLAN_MAX_TASKS)
		return err_set(e, ERR_TOO_BIG, "tasks", "方案任务最多%d项", PLAN_MAX_TASKS);
	pl->tasks[pl->n_tasks++] = *task;
	return 0;
}

static int valid_year(int32_t y)
{
	return y >= 1 && y <= 9999;
}

int32_t plan_due(const struct ruleset *rs, int32_t apply_on, const struct plan_task *t)
{
	switch (t->kind) {
	case PLAN_IP:
		if (t->granted_on == PROFILE_NO_DATE)
			return PROFILE_NO_DATE;
		return gaps_add_months(t->granted_on, -ruleset_ip_lead_months(rs, t->ip_kind));
	case PLAN_ST_STAFF:
	case PLAN_RD:
	case PLAN_HITECH_INCOME:
	case PLAN_CONVERSION:
		return valid_year(t->year) ? date_from_ymd(t->year, 12, 31) : PROFILE_NO_DATE;
	case PLAN_RD_ORG:
		if (t->item < 1 || t->item > 4 || apply_on == PROFILE_NO_DATE)
			return PROFILE_NO_DATE;
		return gaps_add_months(apply_on,
				       -rs->actions[rs->rd_org_action[t->item - 1]].lead_months);
	case PLAN_WAIT: return t->until;
	default: return PROFILE_NO_DATE;
	}
}

int plan_task_effort(const struct ruleset *rs, const struct plan_task *t)
{
	int64_t per = 0, n = 1;
	switch (t->kind) {
	case PLAN_IP:
		per = ruleset_ip_effort_months(rs, t->ip_kind);
		n = t->count;
		break;
	case PLAN_ST_STAFF:
		per = rs->actions[t->hire ? RULESET_ACT_HIRE_ST_STAFF
					  : RULESET_ACT_RECLASSIFY_STAFF]
			      .effort_months;
		break;
	case PLAN_RD: per = rs->actions[RULESET_ACT_RD_SPEND].effort_months; break;
	case PLAN_HITECH_INCOME: per = rs->actions[RULESET_ACT_HITECH_INCOME].effort_months; break;
	case PLAN_CONVERSION:
		per = rs->actions[RULESET_ACT_CONVERSION].effort_months;
		n = t->count;
		break;
	case PLAN_RD_ORG:
		if (t->item >= 1 && t->item <= 4)
			per = rs->actions[rs->rd_org_action[t->item - 1]].effort_months;
		break;
	default: break;
	}
	if (n < 0 || n > PLAN_MAX_COUNT)
		n = PLAN_MAX_COUNT;
	int64_t v = per * n;
	return v > INT_MAX ? INT_MAX : (int)v;
}

/* ---------------------------------------------------------------- projection */

static int task_error(struct err *e, size_t i, const char *member, const char *msg)
{
	char field[64];
	snprintf(field, sizeof field, "tasks[%zu].%s", i, member);
	return err_set(e, ERR_INVALID, field, "方案任务%s：%s", field, msg);
}

static int check_task(const struct plan_task *t, size_t i, struct err *e)
{
	switch (t->kind) {
	case PLAN_IP:
		if ((unsigned)t->ip_kind >= PROFILE_IP_KIND_COUNT)
			return task_error(e, i, "ip_kind", "未知的知识产权类型");
		if (t->count < 1 || t->count > PROFILE_MAX_IP)
			return task_error(e, i, "count", "数量应为1到5000项");
		if (t->granted_on == PROFILE_NO_DATE)
			return task_error(e, i, "granted_on", "缺少预计授权日期");
		return 0;
	case PLAN_ST_STAFF:
	case PLAN_CONVERSION:
		if (t->count < 1 || t->count > PLAN_MAX_COUNT)
			return task_error(e, i, "count", "数量应大于0且不超过上限");
		break;
	case PLAN_RD:
	case PLAN_HITECH_INCOME:
		if (t->amount < 1 || t->amount > MONEY_MAX_FEN)
			return task_error(e, i, "amount", "金额应大于0且不超过上限");
		break;
	case PLAN_RD_ORG:
		if (t->item < 1 || t->item > 4)
			return task_error(e, i, "item", "研发组织管理项目应为1到4");
		return 0;
	case PLAN_WAIT:
		if (t->until == PROFILE_NO_DATE)
			return task_error(e, i, "until", "缺少日期");
		return 0;
	default: return task_error(e, i, "kind", "未知的任务类型");
	}
	if (!valid_year(t->year))
		return task_error(e, i, "year", "缺少年度");
	return 0;
}

/* Copy P into OUT, keeping OUT's arrays (grown as needed). */
static int copy_profile(const struct profile *p, struct profile *out, struct err *e)
{
	struct profile_ip *ip = out->ip;
	struct profile_incident *inc = out->incidents;
	size_t cap_ip = out->cap_ip, cap_inc = out->cap_incidents;
	*out = *p;
	out->ip = ip;
	out->cap_ip = cap_ip;
	out->n_ip = 0;
	out->incidents = inc;
	out->cap_incidents = cap_inc;
	out->n_incidents = 0;
	for (size_t i = 0; i < p->n_ip; i++) {
		struct profile_ip *x;
		int rc = profile_add_ip(out, &x, e);
		if (rc)
			return rc;
		*x = p->ip[i];
	}
	for (size_t i = 0; i < p->n_incidents; i++) {
		int rc = profile_add_incident(out, p->incidents[i].kind, p->incidents[i].on, e);
		if (rc)
			return rc;
	}
	return 0;
}

static struct profile_year *find_year(struct profile *p, int32_t year)
{
	for (size_t i = 0; i < p->n_years; i++)
		if (p->years[i].year == year)
			return &p->years[i];
	return NULL;
}

/* Carry every fiscal year of OUT's apply_on that OUT lacks forward from the latest earlier year. */
static int carry_forward(struct profile *out, struct err *e)
{
	int32_t fy[3];
	int n = profile_fiscal_years(out, fy);
	for (int i = 0; i < n; i++) {
		if (find_year(out, fy[i]))
			continue;
		const struct profile_year *from = NULL;
		for (size_t k = 0; k < out->n_years; k++)
			if (out->years[k].year < fy[i] &&
			    (!from || out->years[k].year > from->year))
				from = &out->years[k];
		if (!from)
			continue; /* nothing to carry: the year stays absent */
		struct profile_year copy = *from, *y;
		int rc = profile_add_year(out, fy[i], &y, e);
		if (rc)
			return rc;
		*y = copy;
		y->year = fy[i];
	}
	return 0;
}

static void add_to(int64_t *v, int64_t x)
{
	if (*v != PROFILE_NONE)
		*v += x;
}

static void apply_rd_org(struct profile_qualitative *q, int item)
{
	if (q->rd_org_kind == PROFILE_RATING_LETTER) {
		/* Decision: a letter rates the four items together; once one item is
		 * rated by points, each other item keeps its share of the letter's
		 * maximum, rounded down (the share the gap diagnosis assumes). */
		int hi = score_rd_org_range(q).max;
		for (int i = 0; i < 4; i++)
			q->rd_org_points[i] = hi * score_rd_org_item_max(i) / 20;
	} else if (q->rd_org_kind == PROFILE_RATING_NONE) {
		for (int i = 0; i < 4; i++)
			q->rd_org_points[i] = -1; /* the others stay unknown */
	}
	q->rd_org_kind = PROFILE_RATING_POINTS;
	q->rd_org_points[item - 1] = score_rd_org_item_max(item - 1);
}

void plan_task_apply_year(const struct plan_task *t, struct profile_year *y)
{
	switch (t->kind) {
	case PLAN_ST_STAFF:
		if (y->year < t->year)
			break;
		add_to(&y->st_staff, t->count);
		if (t->hire)
			add_to(&y->staff, t->count);
		break;
	case PLAN_RD:
		if (y->year != t->year)
			break;
		if (y->rd_given) {
			if (y->rd[PROFILE_RD_PERSONNEL] == PROFILE_NONE)
				y->rd[PROFILE_RD_PERSONNEL] =
					0; /* an absent category is 0 (rules.md §1) */
			y->rd[PROFILE_RD_PERSONNEL] += t->amount;
		} else {
			add_to(&y->rd_total, t->amount);
			add_to(&y->rd_domestic, t->amount);
		}
		add_to(&y->cost_expense_total, t->amount);
		break;
	case PLAN_HITECH_INCOME:
		if (y->year != t->year)
			break;
		add_to(&y->hitech_income, t->amount);
		if (!t->reclassify) {
			add_to(&y->sales, t->amount);
			add_to(&y->gross_income, t->amount);
		}
		break;
	case PLAN_CONVERSION:
		if (y->year == t->year)
			add_to(&y->conversions, t->count);
		break;
	default: break;
	}
}

static int apply_task(const struct plan_task *t, struct profile *out, struct err *e)
{
	switch (t->kind) {
	case PLAN_IP:
		for (int64_t k = 0; k < t->count; k++) {
			struct profile_ip *ip;
			int rc = profile_add_ip(out, &ip, e);
			if (rc)
				return rc;
			ip->kind = t->ip_kind; /* self-acquired, valid, unused: profile_add_ip's
						  defaults */
			ip->granted_on = t->granted_on;
		}
		return 0;
	case PLAN_RD_ORG: apply_rd_org(&out->qualitative, t->item); return 0;
	case PLAN_WAIT: return 0; /* applied to the date first */
	default:
		for (size_t i = 0; i < out->n_years; i++)
			plan_task_apply_year(t, &out->years[i]);
		return 0;
	}
}

int plan_project(const struct profile *p, const struct plan *pl, struct profile *out, struct err *e)
{
	assert(p != out);
	if (pl->apply_on == PROFILE_NO_DATE)
		return err_set(e, ERR_INVALID, "apply_on", "方案缺少申报日期");
	if (pl->n_tasks > PLAN_MAX_TASKS)
		return err_set(e, ERR_TOO_BIG, "tasks", "方案任务最多%d项", PLAN_MAX_TASKS);
	for (size_t i = 0; i < pl->n_tasks; i++) {
		int rc = check_task(&pl->tasks[i], i, e);
		if (rc)
			return rc;
	}
	int rc = copy_profile(p, out, e);
	if (rc)
		return rc;
	out->apply_on = pl->apply_on;
	for (size_t i = 0; i < pl->n_tasks; i++)
		if (pl->tasks[i].kind == PLAN_WAIT && pl->tasks[i].until > out->apply_on)
			out->apply_on = pl->tasks[i].until;
	rc = carry_forward(out, e);
	for (size_t i = 0; i < pl->n_tasks && !rc; i++)
		rc = apply_task(&pl->tasks[i], out, e);
	return rc;
}

/* ---------------------------------------------------------------- checking */

enum gaps_id plan_cond_gap(enum hnte_cond_id id)
{
	static const enum gaps_id map[HNTE_NCOND] = {GAPS_C1, GAPS_C2, GAPS_C3,	   GAPS_C4,
						     GAPS_C5, GAPS_C6, GAPS_SCORE, GAPS_C8};
	return map[id];
}

int plan_names(const struct plan *pl, enum gaps_id gap)
{
	for (size_t i = 0; i < pl->n_unclosable; i++)
		if (pl->unclosable[i].gap == gap)
			return 1;
	return 0;
}

int plan_revoked_gap(const struct assess_result *res)
{
	for (size_t i = 0; i < res->gaps.n; i++)
		if (res->gaps.items[i].id == GAPS_REVOKED)
			return 1;
	return 0;
}

int plan_closes(const struct plan *pl, const struct assess_result *res)
{
	for (int id = 0; id < HNTE_NCOND; id++)
		if (res->hnte.c[id].status == HNTE_FAIL && !plan_names(pl, plan_cond_gap(id)))
			return 0;
	if (res->hnte.score.max <= res->rules->score_pass_above && !plan_names(pl, GAPS_SCORE))
		return 0;
	return !plan_revoked_gap(res) || plan_names(pl, GAPS_REVOKED);
}
