/* gaps — gap diagnosis and the earliest application year (rules.md §6). */
#include "rules/gaps.h"

#include <string.h>

#include "core/date.h"
#include "rules/ratio.h"
#include "rules/tsme.h"

int32_t gaps_add_months(int32_t day, int n)
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	int total = y * 12 + (m - 1) + n;
	y = total / 12;
	m = total % 12 + 1;
	int dim = date_days_in_month(y, m);
	if (d > dim)
		d = dim;
	return date_from_ymd(y, m, d);
}

static struct gaps_item *new_item(struct gaps_result *r, enum gaps_id id, enum gaps_unit unit)
{
	struct gaps_item *g = &r->items[r->n++];
	memset(g, 0, sizeof *g);
	g->id = id;
	g->unit = unit;
	g->alt = -1;
	g->date = PROFILE_NO_DATE;
	return g;
}

static void add_action(struct gaps_item *g, enum ruleset_action a, int points, int64_t quantity,
		       int32_t ready_on)
{
	if (g->n_actions >= GAPS_MAX_ACTIONS)
		return;
	struct gaps_action *x = &g->actions[g->n_actions++];
	x->action = a;
	x->points = points;
	x->quantity = quantity;
	x->ready_on = ready_on;
}

static int32_t ready(const struct ruleset *rs, const struct profile *p, enum ruleset_action a)
{
	return gaps_add_months(p->apply_on, rs->actions[a].lead_months);
}

static void name_used_ip(const struct profile *p, struct gaps_item *g)
{
	for (size_t i = 0; i < p->n_ip && g->n_named < GAPS_MAX_NAMED; i++) {
		const struct profile_ip *ip = &p->ip[i];
		if (ip->valid && profile_ip_class(ip->kind) == 2 && ip->used_in_recognition &&
		    (ip->granted_on == PROFILE_NO_DATE || ip->granted_on <= p->apply_on))
			g->named[g->n_named++] = i;
	}
}

static void gap_c2(const struct ruleset *rs, const struct profile *p, struct gaps_item *g)
{
	int ay = date_year(p->apply_on);
	g->amount = 1;
	/* An item granted after apply_on becomes usable on its grant date. */
	int32_t pending = PROFILE_NO_DATE;
	for (size_t i = 0; i < p->n_ip; i++) {
		const struct profile_ip *ip = &p->ip[i];
		if (ip->valid && ip->granted_on != PROFILE_NO_DATE &&
		    ip->granted_on > p->apply_on &&
		    (profile_ip_class(ip->kind) == 1 || !ip->used_in_recognition) &&
		    (pending == PROFILE_NO_DATE || ip->granted_on < pending))
			pending = ip->granted_on;
	}
	const enum ruleset_action acts[3] = {RULESET_ACT_SOFTWARE_COPYRIGHT,
					     RULESET_ACT_UTILITY_MODEL,
					     RULESET_ACT_INVENTION_PATENT};
	int32_t best = PROFILE_NO_DATE;
	if (pending != PROFILE_NO_DATE) {
		g->date = pending;
		add_action(g, RULESET_ACT_WAIT, 0, 0, pending);
		best = pending;
	}
	for (int i = 0; i < 3; i++) {
		int32_t on = ready(rs, p, acts[i]);
		add_action(g, acts[i], 0, 1, on);
		if (best == PROFILE_NO_DATE || on < best)
			best = on;
	}
	name_used_ip(p, g);
	g->ready_year = date_year(best) > ay ? date_year(best) : ay;
}

static void gap_c4(const struct ruleset *rs, const struct profile *p, const struct hnte_cond *c,
		   struct gaps_item *g)
{
	/* hires count in both numerator and denominator: x ≥ (bp·staff − 10000·st)/(10000 − bp) */
	__int128 need = (__int128)rs->c4_st_bp * c->den - 10000 * c->num;
	g->amount = ratio_ceil_div(need, (__int128)(10000 - rs->c4_st_bp) * 100);
	g->alt = ratio_ceil_div(need, (__int128)10000 * 100);
	if (g->amount < 1)
		g->amount = 1; /* staff = 0: at least one person */
	if (g->alt < 1)
		g->alt = 1;
	add_action(g, RULESET_ACT_RECLASSIFY_STAFF, 0, g->alt,
		   ready(rs, p, RULESET_ACT_RECLASSIFY_STAFF));
	add_action(g, RULESET_ACT_HIRE_ST_STAFF, 0, g->amount,
		   ready(rs, p, RULESET_ACT_HIRE_ST_STAFF));
	/* the ratio is measured on the last fiscal year: changes count from next year */
	g->ready_year = date_year(p->apply_on) + 1;
}

/* R&D (scaled) and sales of a year when both are known. */
static int year_rd_sales(const struct ruleset *rs, const struct profile *p, int year, __int128 *rd,
			 __int128 *sales)
{
	const struct profile_year *y = profile_find_year(p, year);
	__int128 t, d;
	if (!y || y->sales == PROFILE_NONE || !(hnte_rd_year(rs, y, &t, &d) & 1))
		return -1;
	*rd = t;
	*sales = y->sales;
	return 0;
}

static void gap_c5(const struct ruleset *rs, const struct profile *p, const struct hnte_result *h,
		   struct gaps_result *r)
{
	const struct hnte_cond *c = &h->c[HNTE_C5];
	const __int128 s = h->rd_scale;
	int ay = date_year(p->apply_on);
	if (c->ratio_ok == 0 && c->has_value) {
		struct gaps_item *g = new_item(r, GAPS_C5, GAPS_UNIT_FEN);
		/* the shortfall in the current window; with no sales no R&D amount reaches it */
		__int128 need_now = (__int128)c->required_bp * h->sales_sum * s - 10000 * h->rd_sum;
		g->alt = h->sales_sum > 0 ? ratio_ceil_div(need_now, 10000 * s) : -1;
		/* applying next year: the window moves to ay−2 .. ay */
		int ry = p->registered_on == PROFILE_NO_DATE ? INT32_MIN
							     : date_year(p->registered_on);
		__int128 rd = 0, sales = 0;
		int ok = 1;
		for (int y = ay - 2; y < ay; y++) {
			if (y < ry)
				continue;
			__int128 yr, ys;
			if (year_rd_sales(rs, p, y, &yr, &ys)) {
				ok = 0;
				break;
			}
			rd += yr;
			sales += ys;
		}
		int64_t proj =
			p->projected_sales != PROFILE_NONE ? p->projected_sales : h->last_sales;
		if (ok && proj != PROFILE_NONE && proj >= 0 && sales + proj > 0) {
			g->basis = proj;
			g->required_bp = hnte_c5_required_bp(rs, proj);
			sales += proj;
			__int128 need = (__int128)g->required_bp * sales * s - 10000 * rd;
			g->amount = ratio_ceil_div(need, 10000 * s);
			if (g->amount < 0)
				g->amount = 0;
			if (g->amount == 0 && rd == 0)
				g->amount = 1; /* Σ R&D must be > 0: at least one fen */
			g->ready_year = ay + 1;
		} else {
			g->amount = -1;
			g->ready_year = 0;
		}
		add_action(g, RULESET_ACT_RD_SPEND, 0, 0, ready(rs, p, RULESET_ACT_RD_SPEND));
	}
	if (c->domestic_ok == 0 && (h->c5_known & HNTE_C5_DOMESTIC) && h->rd_sum > 0) {
		struct gaps_item *g = new_item(r, GAPS_C5_DOMESTIC, GAPS_UNIT_FEN);
		/* (Rd + x)/(R + x) ≥ bp  ⇔  x ≥ (bp·R − 10000·Rd)/(10000 − bp) */
		__int128 need =
			(__int128)rs->c5_domestic_bp * h->rd_sum - 10000 * h->rd_domestic_sum;
		g->amount = ratio_ceil_div(need, (__int128)(10000 - rs->c5_domestic_bp) * s);
		add_action(g, RULESET_ACT_DOMESTIC_RD, 0, 0, ready(rs, p, RULESET_ACT_DOMESTIC_RD));
		g->ready_year = ay + 1;
	}
}

static void gap_c6(const struct ruleset *rs, const struct profile *p, const struct hnte_cond *c,
		   struct gaps_item *g)
{
	__int128 need = (__int128)rs->c6_bp * c->den - 10000 * c->num;
	if (c->den <= 0) {
		g->amount = -1; /* no total income to measure against */
	} else {
		g->amount = ratio_ceil_div(need, 10000 - rs->c6_bp);
		g->alt = ratio_ceil_div(need, rs->c6_bp);
	}
	add_action(g, RULESET_ACT_HITECH_INCOME, 0, 0, ready(rs, p, RULESET_ACT_HITECH_INCOME));
	g->ready_year = date_year(p->apply_on) + 1;
}

/* Better = more points per month of effort (cross-multiplied), then shorter lead. */
static int better(const struct ruleset *rs, const struct gaps_action *a,
		  const struct gaps_action *b)
{
	int64_t ea = rs->actions[a->action].effort_months,
		eb = rs->actions[b->action].effort_months;
	ea = ea < 1 ? 1 : ea;
	eb = eb < 1 ? 1 : eb;
	int64_t qa = a->quantity > 1 ? a->quantity : 1, qb = b->quantity > 1 ? b->quantity : 1;
	int64_t l = (int64_t)a->points * eb * qb, r = (int64_t)b->points * ea * qa;
	if (l != r)
		return l > r;
	return a->ready_on < b->ready_on;
}

static void gap_score(const struct ruleset *rs, const struct profile *p,
		      const struct hnte_result *h, struct gaps_item *g)
{
	const struct score_result *s = &h->score;
	const int target = rs->score_pass_above + 1;
	g->amount = target - s->min > 0 ? target - s->min : 0;
	g->alt = target - s->max > 0 ? target - s->max : 0;

	/* IP quantity: the next band by class II items, or one class I item */
	int c2 = s->ipc.usable_class2;
	if (s->ipc.usable_class1 == 0) {
		int next = c2 < 1 ? 1 : c2 < 3 ? 3 : c2 < 5 ? 5 : 0;
		int next_max = c2 < 1 ? 2 : c2 < 3 ? 4 : 6;
		int qmax = s->quantity.max;
		if (next && next_max > qmax) {
			add_action(g, RULESET_ACT_SOFTWARE_COPYRIGHT, next_max - qmax, next - c2,
				   ready(rs, p, RULESET_ACT_SOFTWARE_COPYRIGHT));
			add_action(g, RULESET_ACT_UTILITY_MODEL, next_max - qmax, next - c2,
				   ready(rs, p, RULESET_ACT_UTILITY_MODEL));
		}
		int gain = 8 - qmax + (s->acquisition.max < 6 ? 6 - s->acquisition.max : 0);
		if (gain > 0)
			add_action(g, RULESET_ACT_INVENTION_PATENT, gain, 1,
				   ready(rs, p, RULESET_ACT_INVENTION_PATENT));
	}
	/* conversions: the next band of the annual average */
	if (s->conversion_band != '?' && s->conversion_band != 'A') {
		static const int band_max[] = {30, 24, 18, 12, 6, 0}; /* A..F */
		static const int band_avg[] = {5, 4, 3, 2, 0, 0};
		int b = s->conversion_band - 'A';
		int need_avg = b == 5 ? 0 : band_avg[b - 1];
		int64_t need =
			b == 5 ? 1 : need_avg * (int64_t)rs->conversion_divisor - s->conversions;
		add_action(g, RULESET_ACT_CONVERSION, band_max[b - 1] - band_max[b],
			   need < 1 ? 1 : need, ready(rs, p, RULESET_ACT_CONVERSION));
	}
	/* R&D management items: the points not yet secured */
	const enum ruleset_action *item_act = rs->rd_org_action;
	const struct profile_qualitative *q = &p->qualitative;
	for (int i = 0; i < 4; i++) {
		const int item_max = score_rd_org_item_max(i);
		int pts;
		if (q->rd_org_kind == PROFILE_RATING_POINTS && q->rd_org_points[i] >= 0)
			pts = item_max -
			      (q->rd_org_points[i] > item_max ? item_max : q->rd_org_points[i]);
		else if (q->rd_org_kind == PROFILE_RATING_LETTER)
			pts = (20 - s->rd_org.max) * item_max / 20;
		else
			pts = item_max;
		if (pts > 0)
			add_action(g, item_act[i], pts, 0, ready(rs, p, item_act[i]));
	}
	if (q->standards != 1)
		add_action(g, RULESET_ACT_STANDARDS, 2, 0, ready(rs, p, RULESET_ACT_STANDARDS));

	/* rank: insertion sort, few items */
	for (size_t i = 1; i < g->n_actions; i++) {
		struct gaps_action x = g->actions[i];
		size_t j = i;
		while (j > 0 && better(rs, &x, &g->actions[j - 1])) {
			g->actions[j] = g->actions[j - 1];
			j--;
		}
		g->actions[j] = x;
	}
	name_used_ip(p, g);

	/* earliest year: take ranked actions until the maximum clears the line */
	int ay = date_year(p->apply_on);
	if (g->alt == 0) {
		g->ready_year = ay;
		return;
	}
	int got = 0, conversion_taken = 0, quantity_taken = 0;
	int32_t last = p->apply_on;
	for (size_t i = 0; i < g->n_actions && got < g->alt; i++) {
		const struct gaps_action *a = &g->actions[i];
		int is_ip = a->action == RULESET_ACT_SOFTWARE_COPYRIGHT ||
			    a->action == RULESET_ACT_UTILITY_MODEL;
		if (is_ip && quantity_taken)
			continue; /* the two class II routes are alternatives */
		quantity_taken |= is_ip;
		conversion_taken |= a->action == RULESET_ACT_CONVERSION;
		got += a->points;
		if (a->ready_on > last)
			last = a->ready_on;
	}
	int y = date_year(last);
	/* conversions are counted per fiscal year: the effect shows the year after */
	if (conversion_taken && y <= ay)
		y = ay + 1;
	g->ready_year = got >= g->alt ? (y > ay ? y : ay) : 0;
}

void gaps_diagnose(const struct ruleset *rs, const struct profile *p, const struct hnte_result *h,
		   struct gaps_result *r)
{
	r->n = 0; /* items are cleared one by one as they are added */
	r->earliest_year = 0;
	int ay = date_year(p->apply_on);
	const struct hnte_cond *c = h->c;
	if (c[HNTE_C1].status == HNTE_FAIL) {
		struct gaps_item *g = new_item(r, GAPS_C1, GAPS_UNIT_DAYS);
		g->amount = rs->c1_min_days - (int64_t)c[HNTE_C1].num;
		g->date = c[HNTE_C1].date;
		add_action(g, RULESET_ACT_WAIT, 0, 0, g->date);
		g->ready_year = date_year(g->date);
	}
	if (c[HNTE_C2].status == HNTE_FAIL)
		gap_c2(rs, p, new_item(r, GAPS_C2, GAPS_UNIT_ITEMS));
	if (c[HNTE_C3].status != HNTE_PASS) {
		struct gaps_item *g = new_item(r, GAPS_C3, GAPS_UNIT_NONE);
		add_action(g, RULESET_ACT_CHOOSE_FIELD, 0, 0, p->apply_on);
		g->ready_year = ay;
	}
	if (c[HNTE_C4].status == HNTE_FAIL && c[HNTE_C4].has_value)
		gap_c4(rs, p, &c[HNTE_C4], new_item(r, GAPS_C4, GAPS_UNIT_PEOPLE));
	if (c[HNTE_C5].status == HNTE_FAIL)
		gap_c5(rs, p, h, r);
	if (c[HNTE_C6].status == HNTE_FAIL && c[HNTE_C6].has_value)
		gap_c6(rs, p, &c[HNTE_C6], new_item(r, GAPS_C6, GAPS_UNIT_FEN));
	if (c[HNTE_C8].status == HNTE_FAIL) {
		struct gaps_item *g = new_item(r, GAPS_C8, GAPS_UNIT_NONE);
		g->date = c[HNTE_C8].date + rs->c8_window_days + 1;
		add_action(g, RULESET_ACT_WAIT, 0, 0, g->date);
		g->ready_year = date_year(g->date);
	}
	if (c[HNTE_C7].status != HNTE_PASS)
		gap_score(rs, p, h, new_item(r, GAPS_SCORE, GAPS_UNIT_POINTS));
	/* rules.md §5: a revoked enterprise cannot apply again in the same year */
	if (p->hnte_revoked_on != PROFILE_NO_DATE && p->hnte_revoked_on <= p->apply_on &&
	    date_year(p->hnte_revoked_on) == ay) {
		struct gaps_item *g = new_item(r, GAPS_REVOKED, GAPS_UNIT_NONE);
		g->date = date_from_ymd(ay + 1, 1, 1);
		add_action(g, RULESET_ACT_WAIT, 0, 0, g->date);
		g->ready_year = ay + 1;
	}

	/* rules.md §1: no data year for the TSME evaluation until the year after registration */
	int32_t tsme_from = tsme_no_data_until(p);
	if (tsme_from) {
		struct gaps_item *g = new_item(r, GAPS_TSME_DATA_YEAR, GAPS_UNIT_NONE);
		g->date = date_from_ymd(tsme_from, 1, 1);
		add_action(g, RULESET_ACT_WAIT, 0, 0, g->date);
		g->ready_year = tsme_from;
	}

	/* earliest year: every hard condition (C1–C6, C8; C7 only when it fails) */
	int earliest = ay;
	for (size_t i = 0; i < r->n; i++) {
		const struct gaps_item *g = &r->items[i];
		if (g->id == GAPS_SCORE && c[HNTE_C7].status != HNTE_FAIL)
			continue;
		if (g->id ==
		    GAPS_TSME_DATA_YEAR) /* the TSME evaluation, not the HNTE application */
			continue;
		if (g->ready_year == 0) {
			earliest = 0;
			break;
		}
		if (g->ready_year > earliest)
			earliest = g->ready_year;
	}
	/* a hard condition that cannot be judged for missing data leaves the year open */
	const enum hnte_cond_id hard[] = {HNTE_C1, HNTE_C2, HNTE_C4, HNTE_C5, HNTE_C6, HNTE_C8};
	/* (and so does one that fails on part of its data: its gap cannot be fully sized) */
	for (size_t i = 0; i < sizeof hard / sizeof hard[0]; i++)
		if (c[hard[i]].status == HNTE_UNKNOWN || c[hard[i]].n_missing)
			earliest = 0;
	r->earliest_year = earliest;
}

const char *gaps_id_name(enum gaps_id id)
{
	static const char *const names[GAPS_COUNT] = {"C1",
						      "C2",
						      "C3",
						      "C4",
						      "C5",
						      "C5_domestic",
						      "C6",
						      "C8",
						      "score",
						      "revoked",
						      "tsme_data_year"};
	return (unsigned)id < GAPS_COUNT ? names[id] : "?";
}
