/*
 * plan_generate — the generation half of rules/plan.h: for each year from the
 * plan's date on, waits for the dates (C1, C8), yearly figures sized exactly
 * (C4, C6, then C5 on the new sales), and for C2 and the score the set of IP
 * items, conversions and R&D management items of least effort, checked by
 * projecting and assessing until nothing fails. Split from plan.c, which owns
 * the vocabulary and the projection.
 */
#include "rules/plan.h"

#include <limits.h>
#include <string.h>

#include "core/date.h"
#include "core/money.h"
#include "rules/ratio.h"
#include "rules/score.h"

#define PLAN_MAX_ROUNDS 8 /* project → assess → add rounds per year tried */

struct gen {
	const struct ruleset *fixed; /* the caller's rule set, or NULL */
	const struct ruleset *rs;    /* the rule set of the year tried */
	const struct fields_table *fields;
	const struct profile *p;
	struct plan *pl;
	struct profile *proj;
	struct assess_result *res;
	struct err *e;
	int year;      /* the year tried */
	int made_year; /* the year of the plan's date */
};

static struct plan_gap *name_gap(struct gen *g, enum gaps_id gap, enum plan_why why, int year)
{
	struct plan *pl = g->pl;
	if (plan_names(pl, gap) || pl->n_unclosable >= PLAN_MAX_UNCLOSABLE)
		return NULL;
	struct plan_gap *u = &pl->unclosable[pl->n_unclosable++];
	memset(u, 0, sizeof *u);
	u->gap = gap;
	u->why = why;
	u->year = year;
	u->on = PROFILE_NO_DATE;
	return u;
}

static void name_missing(struct gen *g, enum gaps_id gap, const struct hnte_cond *c)
{
	struct plan_gap *u = name_gap(g, gap, PLAN_WHY_MISSING_DATA, 0);
	for (size_t i = 0; u && i < c->n_missing && i < PLAN_GAP_MISSING; i++)
		u->missing[u->n_missing++] = c->missing[i];
}

/* Whether tasks A and B are the same action (then B merges into A). */
static int same_task(const struct plan_task *a, const struct plan_task *b)
{
	if (a->kind != b->kind)
		return 0;
	switch (a->kind) {
	case PLAN_IP: return a->ip_kind == b->ip_kind && a->granted_on == b->granted_on;
	case PLAN_ST_STAFF: return a->year == b->year && a->hire == b->hire;
	case PLAN_HITECH_INCOME: return a->year == b->year && a->reclassify == b->reclassify;
	case PLAN_RD:
	case PLAN_CONVERSION: return a->year == b->year;
	case PLAN_RD_ORG: return a->item == b->item;
	case PLAN_WAIT: return a->closes == b->closes;
	default: return 0;
	}
}

/* Add T to PL, merged into the same action when PL has it. */
static int add_task(struct plan *pl, const struct plan_task *t, struct err *e)
{
	for (size_t i = 0; i < pl->n_tasks; i++) {
		struct plan_task *x = &pl->tasks[i];
		if (!same_task(x, t))
			continue;
		x->count += t->count;
		x->amount += t->amount;
		if (t->until > x->until)
			x->until = t->until;
		return 0;
	}
	return plan_add(pl, t, e);
}

static struct plan_task new_task(enum plan_kind kind, enum gaps_id closes)
{
	struct plan_task t;
	memset(&t, 0, sizeof t);
	t.kind = kind;
	t.closes = closes;
	t.granted_on = t.until = t.due = PROFILE_NO_DATE;
	return t;
}

static int project_assess(struct gen *g)
{
	int rc = plan_project(g->p, g->pl, g->proj, g->e);
	return rc ? rc : assess_run(g->rs, g->fields, g->proj, g->res, g->e);
}

/* A wait for GAP until UNTIL, or the gap named when UNTIL is past the year tried. */
static int wait_for(struct gen *g, enum gaps_id gap, int32_t until)
{
	if (date_year(until) > g->year) {
		struct plan_gap *u = name_gap(g, gap, PLAN_WHY_WAIT, date_year(until));
		if (u)
			u->on = until;
		return 1;
	}
	struct plan_task t = new_task(PLAN_WAIT, gap);
	t.until = until;
	if (until > g->pl->apply_on)
		g->pl->apply_on = until;
	return add_task(g->pl, &t, g->e);
}

/* C1 age, the C8 incident window and a revocation this year: dates, not work. */
static int add_waits(struct gen *g)
{
	const struct profile *p = g->p;
	const struct ruleset *rs = g->rs;
	int rc = 0;
	if (p->registered_on != PROFILE_NO_DATE &&
	    p->registered_on + rs->c1_min_days > g->pl->apply_on)
		rc = wait_for(g, GAPS_C1, p->registered_on + rs->c1_min_days);
	if (rc < 0)
		return rc;
	/* a later apply_on moves the window: incidents after the old date may enter it */
	for (size_t k = 0; k <= p->n_incidents; k++) {
		int32_t a = g->pl->apply_on, latest = PROFILE_NO_DATE;
		for (size_t i = 0; i < p->n_incidents; i++) {
			int32_t on = p->incidents[i].on;
			if (on >= a - rs->c8_window_days && on <= a &&
			    (latest == PROFILE_NO_DATE || on > latest))
				latest = on;
		}
		if (latest == PROFILE_NO_DATE)
			break;
		rc = wait_for(g, GAPS_C8, latest + rs->c8_window_days + 1);
		if (rc)
			break;
	}
	if (rc < 0)
		return rc;
	/* rules.md §5: a revoked enterprise cannot apply again in the same year */
	if (p->hnte_revoked_on != PROFILE_NO_DATE && p->hnte_revoked_on <= g->pl->apply_on &&
	    date_year(p->hnte_revoked_on) == g->year) {
		struct plan_gap *u = name_gap(g, GAPS_REVOKED, PLAN_WHY_WAIT, g->year + 1);
		if (u)
			u->on = date_from_ymd(g->year + 1, 1, 1);
	}
	return 0;
}

/* Name GAP when apply_on has no completed fiscal year (1), else 0. */
static int no_fiscal_year(struct gen *g, enum gaps_id gap)
{
	if (g->res->hnte.nfy > 0)
		return 0;
	const struct profile *p = g->p;
	int ry = p->registered_on == PROFILE_NO_DATE ? 0 : date_year(p->registered_on);
	name_gap(g, gap, PLAN_WHY_NO_FISCAL_YEAR, ry ? ry + 1 : 0);
	return 1;
}

/* Name GAP when the last fiscal year is over on the plan's date (1), else 0. */
static int year_closed(struct gen *g, enum gaps_id gap)
{
	if (g->year - 1 >= g->made_year)
		return 0;
	name_gap(g, gap, PLAN_WHY_YEAR_CLOSED, g->made_year + 1);
	return 1;
}

static int gap_c4(struct gen *g, int *added)
{
	const struct hnte_cond *c = &g->res->hnte.c[HNTE_C4];
	if (c->status == HNTE_UNKNOWN) {
		name_missing(g, GAPS_C4, c);
		return 0;
	}
	if (c->status != HNTE_FAIL || plan_names(g->pl, GAPS_C4) || no_fiscal_year(g, GAPS_C4) ||
	    year_closed(g, GAPS_C4))
		return 0;
	if (!c->has_value) {
		name_missing(g, GAPS_C4, c); /* no staff, the S&T head count missing */
		return 0;
	}
	struct plan_task t = new_task(PLAN_ST_STAFF, GAPS_C4);
	t.year = g->year - 1;
	if (c->den <= 0) {
		t.hire = 1; /* nobody to reclassify: one hire makes the ratio 100% */
		t.count = 100;
	} else {
		/* (st + x)/staff ≥ bp ⇔ x ≥ (bp·staff − 10000·st)/10000, in whole people */
		__int128 need = (__int128)g->rs->c4_st_bp * c->den - 10000 * c->num;
		int64_t people = ratio_ceil_div(need, (__int128)10000 * 100);
		t.count = (people < 1 ? 1 : people) * 100;
	}
	*added = 1;
	return add_task(g->pl, &t, g->e);
}

static int gap_c6(struct gen *g, int *added)
{
	const struct hnte_cond *c = &g->res->hnte.c[HNTE_C6];
	if (c->status == HNTE_UNKNOWN) {
		name_missing(g, GAPS_C6, c);
		return 0;
	}
	if (c->status != HNTE_FAIL || plan_names(g->pl, GAPS_C6) || no_fiscal_year(g, GAPS_C6))
		return 0;
	if (!c->has_value || c->den <= 0) {
		/* failing without a value: total income known and ≤ 0, in any year */
		name_gap(g, GAPS_C6, PLAN_WHY_NO_INCOME, 0);
		return 0;
	}
	if (year_closed(g, GAPS_C6))
		return 0;
	/* new income counts in both: (H + x)/(T + x) ≥ bp ⇔ x ≥ (bp·T − 10000·H)/(10000 − bp) */
	const int bp = g->rs->c6_bp;
	struct plan_task t = new_task(PLAN_HITECH_INCOME, GAPS_C6);
	t.year = g->year - 1;
	t.amount = ratio_ceil_div((__int128)bp * c->den - 10000 * c->num, 10000 - bp);
	if (t.amount < 1)
		t.amount = 1;
	if (t.amount > MONEY_MAX_FEN) {
		name_gap(g, GAPS_C6, PLAN_WHY_NO_PROGRESS, 0);
		return 0;
	}
	*added = 1;
	return add_task(g->pl, &t, g->e);
}

/* C5 holds with AMOUNT of R&D added to year Y of the projection (the projection's rule). */
static int c5_holds(const struct ruleset *rs, const struct hnte_result *h,
		    const struct profile_year *y, int64_t amount)
{
	struct profile_year x = *y;
	struct plan_task t;
	memset(&t, 0, sizeof t);
	t.kind = PLAN_RD;
	t.year = y->year;
	t.amount = amount;
	plan_task_apply_year(&t, &x);
	__int128 t0 = 0, d0 = 0, t1 = 0, d1 = 0;
	hnte_rd_year(rs, y, &t0, &d0);
	hnte_rd_year(rs, &x, &t1, &d1);
	__int128 rd = h->rd_sum - t0 + t1, sales = h->sales_sum * h->rd_scale;
	if (rd <= 0 || !ratio_ge_bp(rd, sales, h->c[HNTE_C5].required_bp))
		return 0;
	if (!(h->c5_known & HNTE_C5_DOMESTIC))
		return 1; /* the share cannot be judged: C5 stays unknown and is named */
	return ratio_ge_bp(h->rd_domestic_sum - d0 + d1, rd, rs->c5_domestic_bp);
}

static int gap_c5(struct gen *g, int *added)
{
	const struct hnte_result *h = &g->res->hnte;
	const struct hnte_cond *c = &h->c[HNTE_C5];
	if (c->status == HNTE_UNKNOWN) {
		name_missing(g, GAPS_C5, c);
		return 0;
	}
	if (c->status != HNTE_FAIL || plan_names(g->pl, GAPS_C5) || no_fiscal_year(g, GAPS_C5))
		return 0;
	if ((h->c5_known & HNTE_C5_SALES) && h->sales_sum <= 0) {
		name_gap(g, GAPS_C5, PLAN_WHY_NO_SALES, 0);
		return 0;
	}
	if (year_closed(g, GAPS_C5))
		return 0;
	const struct profile_year *y = profile_find_year(g->proj, g->year - 1);
	if (!c->has_value || !y) {
		name_missing(g, GAPS_C5, c);
		return 0;
	}
	/* sufficient amounts: each fen counts at least once in the total and the domestic part */
	const __int128 s = h->rd_scale;
	int64_t hi = ratio_ceil_div((__int128)c->required_bp * h->sales_sum * s - 10000 * h->rd_sum,
				    10000 * s);
	if (h->c5_known & HNTE_C5_DOMESTIC) {
		int64_t dom = ratio_ceil_div((__int128)g->rs->c5_domestic_bp * h->rd_sum -
						     10000 * h->rd_domestic_sum,
					     (__int128)(10000 - g->rs->c5_domestic_bp) * s);
		hi = dom > hi ? dom : hi;
	}
	if (hi < 1)
		hi = 1;
	if (hi > MONEY_MAX_FEN || !c5_holds(g->rs, h, y, hi)) {
		name_gap(g, GAPS_C5, PLAN_WHY_NO_PROGRESS, 0);
		return 0;
	}
	/* the smallest amount: other expenses capped at A/4 may add to a larger A */
	int64_t lo = 0;
	while (hi - lo > 1) {
		int64_t mid = lo + (hi - lo) / 2;
		if (c5_holds(g->rs, h, y, mid))
			hi = mid;
		else
			lo = mid;
	}
	struct plan_task t = new_task(PLAN_RD, GAPS_C5);
	t.year = g->year - 1;
	t.amount = hi;
	*added = 1;
	return add_task(g->pl, &t, g->e);
}

/* Conditions whose figures come from the data: C3 and the missing data of C1, C2. */
static void name_static(struct gen *g)
{
	const struct hnte_cond *c = g->res->hnte.c;
	if (c[HNTE_C3].status != HNTE_PASS)
		name_gap(g, GAPS_C3, PLAN_WHY_FIELD, 0);
	if (c[HNTE_C1].status == HNTE_UNKNOWN)
		name_missing(g, GAPS_C1, &c[HNTE_C1]);
	if (c[HNTE_C2].status == HNTE_UNKNOWN)
		name_missing(g, GAPS_C2, &c[HNTE_C2]);
}

/* ---- C2 and the score: a small exhaustive search over IP, conversions, R&D management ---- */

#define MAX_OPTS 6

struct option {
	int ok;	    /* every task due on or after the plan's date */
	int max;    /* the score part's maximum with it */
	int usable; /* IP options: usable items with it */
	int effort; /* months */
	int n;	    /* tasks */
	struct plan_task t;
};

/* The score of the projection of PL plus the tasks T[0..N-1] (PROJ is scratch). */
static int trial_score(struct gen *g, const struct plan_task *t, int n, struct score_result *out)
{
	struct plan trial = *g->pl;
	for (int i = 0; i < n; i++) {
		int rc = add_task(&trial, &t[i], g->e);
		if (rc)
			return rc;
	}
	int rc = plan_project(g->p, &trial, g->proj, g->e);
	if (rc)
		return rc;
	int32_t fy[3];
	int nfy = profile_fiscal_years(g->proj, fy);
	score_compute(g->rs, g->proj, fy, nfy, out);
	return 0;
}

static int due_ok(struct gen *g, const struct plan_task *t)
{
	int32_t due = plan_due(g->rs, g->pl->apply_on, t);
	return due != PROFILE_NO_DATE && due >= g->pl->made_on;
}

/* The IP kind of CLASS with a gap action that costs least (then the shortest lead), feasible first.
 */
static int best_ip_kind(struct gen *g, int cls, int *feasible)
{
	int best = -1, best_ok = 0;
	for (int k = 0; k < PROFILE_IP_KIND_COUNT; k++) {
		if (profile_ip_class((enum profile_ip_kind)k) != cls ||
		    g->rs->ip[k].action >= RULESET_ACT_COUNT)
			continue;
		struct plan_task t = new_task(PLAN_IP, GAPS_SCORE);
		t.ip_kind = (enum profile_ip_kind)k;
		t.count = 1;
		t.granted_on = g->pl->apply_on;
		int ok = due_ok(g, &t);
		int ef = ruleset_ip_effort_months(g->rs, t.ip_kind),
		    lead = ruleset_ip_lead_months(g->rs, t.ip_kind);
		int better = best < 0 || ok > best_ok;
		if (!better && ok == best_ok) {
			int bef = ruleset_ip_effort_months(g->rs, (enum profile_ip_kind)best),
			    blead = ruleset_ip_lead_months(g->rs, (enum profile_ip_kind)best);
			better = ef < bef || (ef == bef && lead < blead);
		}
		if (better) {
			best = k;
			best_ok = ok;
		}
	}
	*feasible = best_ok;
	return best;
}

static int ip_options(struct gen *g, const struct score_result *s0, struct option *o, int *n)
{
	memset(&o[0], 0, sizeof o[0]);
	o[0].max = s0->ip.max;
	o[0].usable = s0->ipc.usable_class1 + s0->ipc.usable_class2;
	o[0].ok = 1;
	*n = 1;
	int c2 = s0->ipc.usable_class2;
	struct {
		int cls, count;
	} want[4] = {{2, 1}, {2, 3 - c2}, {2, 5 - c2}, {1, 1}};
	for (int i = 0; i < 4; i++) {
		if (want[i].count < 1 || (i > 0 && want[i].cls == 2 && want[i].count == 1))
			continue;
		int ok, kind = best_ip_kind(g, want[i].cls, &ok);
		if (kind < 0)
			continue;
		struct option *x = &o[(*n)++];
		memset(x, 0, sizeof *x);
		x->t = new_task(PLAN_IP, GAPS_SCORE);
		x->t.ip_kind = (enum profile_ip_kind)kind;
		x->t.count = want[i].count;
		x->t.granted_on = g->pl->apply_on;
		x->ok = ok;
		x->effort = plan_task_effort(g->rs, &x->t);
		x->n = 1;
		struct score_result s;
		int rc = trial_score(g, &x->t, 1, &s);
		if (rc)
			return rc;
		x->max = s.ip.max;
		x->usable = s.ipc.usable_class1 + s.ipc.usable_class2;
	}
	return 0;
}

static int conversion_options(struct gen *g, const struct score_result *s0, struct option *o,
			      int *n)
{
	memset(&o[0], 0, sizeof o[0]);
	o[0].max = s0->conversion.max;
	o[0].ok = 1;
	*n = 1;
	const struct profile_year *y = profile_find_year(g->proj, g->year - 1);
	if (s0->conversion_band == '?' || !y || y->conversions == PROFILE_NONE)
		return 0; /* unknown conversions already span the whole range */
	const int64_t d = g->rs->conversion_divisor;
	const int64_t band[5] = {1, 2 * d, 3 * d, 4 * d, 5 * d}; /* E, D, C, B, A */
	for (int i = 0; i < 5; i++) {
		if (band[i] <= s0->conversions)
			continue;
		struct option *x = &o[(*n)++];
		memset(x, 0, sizeof *x);
		x->t = new_task(PLAN_CONVERSION, GAPS_SCORE);
		x->t.year = g->year - 1;
		x->t.count = band[i] - s0->conversions;
		x->ok = g->year - 1 >= g->made_year;
		x->effort = plan_task_effort(g->rs, &x->t);
		x->n = 1;
		struct score_result s;
		int rc = trial_score(g, &x->t, 1, &s);
		if (rc)
			return rc;
		x->max = s.conversion.max;
	}
	return 0;
}

/* One option per subset of the four R&D management items (bit i = item i + 1). */
static int rd_org_options(struct gen *g, const struct score_result *s0, struct option *o)
{
	for (int m = 0; m < 16; m++) {
		struct option *x = &o[m];
		struct plan_task t[4];
		memset(x, 0, sizeof *x);
		x->ok = 1;
		for (int i = 0; i < 4; i++) {
			if (!(m & (1 << i)))
				continue;
			t[x->n] = new_task(PLAN_RD_ORG, GAPS_SCORE);
			t[x->n].item = i + 1;
			x->ok &= due_ok(g, &t[x->n]);
			x->effort += plan_task_effort(g->rs, &t[x->n]);
			x->n++;
		}
		if (m == 0) {
			x->max = s0->rd_org.max;
			continue;
		}
		struct score_result s;
		int rc = trial_score(g, t, x->n, &s);
		if (rc)
			return rc;
		x->max = s.rd_org.max;
	}
	return 0;
}

/* The first year whose apply_on leaves the fastest planned IP kind its lead time (C2's timing). */
static int ip_year(struct gen *g)
{
	const int32_t made = g->pl->made_on;
	int lead = -1;
	for (int k = 0; k < PROFILE_IP_KIND_COUNT; k++) {
		int m = ruleset_ip_lead_months(g->rs, (enum profile_ip_kind)k);
		if (g->rs->ip[k].action < RULESET_ACT_COUNT && (lead < 0 || m < lead))
			lead = m;
	}
	for (int y = g->year; lead >= 0 && y <= g->made_year + 2 * PLAN_MAX_AHEAD; y++)
		if (gaps_add_months(date_add_years(made, y - g->made_year), -lead) >= made)
			return y;
	return 0;
}

static int gap_ip_score(struct gen *g, int *added)
{
	const struct hnte_result *h = &g->res->hnte;
	const struct score_result *s0 = &h->score;
	const int pass = g->rs->score_pass_above;
	int need_c2 = h->c[HNTE_C2].status == HNTE_FAIL && !plan_names(g->pl, GAPS_C2);
	int need_score = s0->max <= pass && !plan_names(g->pl, GAPS_SCORE);
	if (need_score && no_fiscal_year(g, GAPS_SCORE))
		need_score = 0; /* conversions and growth need fiscal years */
	if (!need_c2 && !need_score)
		return 0;
	struct option ip[MAX_OPTS], conv[MAX_OPTS], org[16];
	int n_ip, n_conv, rc = ip_options(g, s0, ip, &n_ip);
	if (!rc)
		rc = conversion_options(g, s0, conv, &n_conv);
	if (!rc)
		rc = rd_org_options(g, s0, org);
	if (rc)
		return rc;
	/* least effort, then fewest tasks, then the highest maximum */
	int bi = -1, bc = 0, bo = 0, b_effort = 0, b_n = 0, b_max = 0;
	int any = 0, top = -1, c2_ip = -1;
	for (int i = 0; i < n_ip; i++) {
		if (need_c2 && ip[i].usable < 1)
			continue;
		if (ip[i].ok && (c2_ip < 0 || ip[i].effort < ip[c2_ip].effort))
			c2_ip = i;
		for (int c = 0; c < n_conv; c++) {
			for (int m = 0; m < 16; m++) {
				int max = ip[i].max + conv[c].max + org[m].max + s0->growth.max;
				if (max > top)
					top = max;
				if (need_score && max <= pass)
					continue;
				any = 1;
				if (!ip[i].ok || !conv[c].ok || !org[m].ok)
					continue;
				int effort = ip[i].effort + conv[c].effort + org[m].effort;
				int n = ip[i].n + conv[c].n + org[m].n;
				if (bi >= 0 &&
				    (effort > b_effort || (effort == b_effort && n > b_n) ||
				     (effort == b_effort && n == b_n && max <= b_max)))
					continue;
				bi = i, bc = c, bo = m;
				b_effort = effort, b_n = n, b_max = max;
			}
		}
	}
	if (bi < 0) {
		/* no set closes both here: close C2 alone if it can be, and name the rest */
		if (need_score) {
			struct plan_gap *u = name_gap(
				g, GAPS_SCORE, any ? PLAN_WHY_LEAD_TIME : PLAN_WHY_SCORE_CAP, 0);
			if (u)
				u->value = top;
		}
		if (need_c2 && c2_ip < 0) {
			name_gap(g, GAPS_C2, PLAN_WHY_LEAD_TIME, ip_year(g));
			return 0;
		}
		if (!need_c2)
			return 0;
		bi = c2_ip, bc = 0, bo = 0;
	}
	if (bi > 0) {
		ip[bi].t.closes = need_c2 ? GAPS_C2 : GAPS_SCORE;
		rc = add_task(g->pl, &ip[bi].t, g->e);
	}
	if (!rc && bc > 0)
		rc = add_task(g->pl, &conv[bc].t, g->e);
	for (int i = 0; i < 4 && !rc; i++) {
		if (!(bo & (1 << i)))
			continue;
		struct plan_task t = new_task(PLAN_RD_ORG, GAPS_SCORE);
		t.item = i + 1;
		rc = add_task(g->pl, &t, g->e);
	}
	*added = bi > 0 || bc > 0 || bo > 0;
	return rc;
}

/* Any condition still failing after the rounds, not named: the safety net. */
static void name_left(struct gen *g)
{
	const struct assess_result *res = g->res;
	for (int id = 0; id < HNTE_NCOND; id++)
		if (res->hnte.c[id].status == HNTE_FAIL)
			name_gap(g, plan_cond_gap((enum hnte_cond_id)id), PLAN_WHY_NO_PROGRESS, 0);
	if (res->hnte.score.max <= g->rs->score_pass_above)
		name_gap(g, GAPS_SCORE, PLAN_WHY_NO_PROGRESS, 0);
	if (plan_revoked_gap(res))
		name_gap(g, GAPS_REVOKED, PLAN_WHY_NO_PROGRESS, 0);
}

/* Due dates, total effort, and the tasks in the order they fall due (waits last on a tie). */
static void finish(struct gen *g)
{
	struct plan *pl = g->pl;
	pl->apply_year = date_year(pl->apply_on);
	pl->effort_months = 0;
	for (size_t i = 0; i < pl->n_tasks; i++) {
		struct plan_task *t = &pl->tasks[i];
		t->due = plan_due(g->rs, pl->apply_on, t);
		int ef = plan_task_effort(g->rs, t);
		pl->effort_months =
			ef > INT_MAX - pl->effort_months ? INT_MAX : pl->effort_months + ef;
	}
	for (size_t i = 1; i < pl->n_tasks; i++) {
		struct plan_task x = pl->tasks[i];
		size_t j = i;
		while (j > 0 &&
		       (x.due < pl->tasks[j - 1].due ||
			(x.due == pl->tasks[j - 1].due && x.kind < pl->tasks[j - 1].kind))) {
			pl->tasks[j] = pl->tasks[j - 1];
			j--;
		}
		pl->tasks[j] = x;
	}
}

/* The plan for applying in YEAR. */
static int build(struct gen *g, int year)
{
	const int32_t made = g->p->apply_on;
	g->year = year;
	g->rs = g->fixed ? g->fixed : ruleset_for_year(year);
	if (!g->rs)
		return err_set(g->e, ERR_INVALID, "apply_on",
			       "%d年的认定规则未收录（最早为2016年）", year);
	plan_init(g->pl, made, date_add_years(made, year - g->made_year));
	int rc = add_waits(g);
	if (rc < 0)
		return rc;
	for (int round = 0; round < PLAN_MAX_ROUNDS; round++) {
		rc = project_assess(g);
		if (rc)
			return rc;
		int added = 0;
		name_static(g);
		rc = gap_c4(g, &added);
		if (!rc)
			rc = gap_c6(g, &added);
		/* new high-tech income is new sales: size R&D on them in the next round */
		if (!rc && !added)
			rc = gap_c5(g, &added);
		if (!rc && !added)
			rc = gap_ip_score(g, &added);
		if (rc)
			return rc;
		if (!added)
			break;
	}
	/* the trials of the last round used PROJ as scratch: project the plan itself */
	rc = project_assess(g);
	if (rc)
		return rc;
	name_left(g);
	finish(g);
	return 0;
}

static int has_timing(const struct plan *pl)
{
	for (size_t i = 0; i < pl->n_unclosable; i++)
		if (plan_why_timing(pl->unclosable[i].why))
			return 1;
	return 0;
}

int plan_generate(const struct ruleset *rs, const struct fields_table *fields,
		  const struct profile *p, int apply_year, struct plan *out, struct profile *proj,
		  struct assess_result *res, struct err *e)
{
	if (p->apply_on == PROFILE_NO_DATE)
		return err_set(e, ERR_INVALID, "apply_on", "缺少方案编制日期（apply_on）");
	const int y0 = date_year(p->apply_on);
	const int last = y0 + PLAN_MAX_AHEAD > 9999 ? 9999 : y0 + PLAN_MAX_AHEAD;
	if (apply_year && (apply_year < y0 || apply_year > last))
		return err_set(e, ERR_INVALID, "year", "目标年份应在%d到%d年之间", y0, last);
	struct fields_table local;
	if (!fields) {
		int rc = fields_load(&local, e);
		if (rc)
			return rc;
		fields = &local;
	}
	struct gen g = {rs, NULL, fields, p, out, proj, res, e, 0, y0};
	int earliest = 0, built = 0;
	for (int y = y0; y <= last && !earliest; y++) {
		int rc = build(&g, y);
		if (rc)
			return rc;
		built = y;
		if (!has_timing(out))
			earliest = y;
	}
	if (apply_year && apply_year != built) {
		int rc = build(&g, apply_year);
		if (rc)
			return rc;
	}
	out->earliest_year = earliest;
	return 0;
}
