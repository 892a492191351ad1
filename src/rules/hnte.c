/* hnte — the HNTE conditions C1–C8, R&D totals and the verdict (rules.md §2). */
#include "rules/hnte.h"

#include <string.h>

#include "rules/ratio.h"

static void add_missing(struct hnte_cond *c, int field, int year)
{
	for (size_t i = 0; i < c->n_missing; i++)
		if (c->missing[i].field == field && c->missing[i].year == year)
			return;
	if (c->n_missing < HNTE_MAX_MISSING) {
		c->missing[c->n_missing].field = (uint16_t)field;
		c->missing[c->n_missing].year = (int16_t)year;
		c->n_missing++;
	}
	c->status = HNTE_UNKNOWN;
	c->reason = HNTE_REASON_MISSING_DATA;
}

int64_t hnte_rd_scale(const struct ruleset *rs)
{
	return (int64_t)100 * (10000 - rs->other_cap_bp);
}

static int64_t cat(const struct profile_year *y, enum profile_rd c)
{
	return y->rd[c] == PROFILE_NONE ? 0 : y->rd[c]; /* Decision: absent category = 0 */
}

int hnte_rd_year(const struct ruleset *rs, const struct profile_year *y, __int128 *total,
		 __int128 *domestic)
{
	const __int128 s = hnte_rd_scale(rs);
	if (!y->rd_given) {
		int known = 0;
		if (y->rd_total != PROFILE_NONE) {
			*total = s * y->rd_total;
			known |= 1;
		}
		if (y->rd_domestic != PROFILE_NONE) {
			*domestic = s * y->rd_domestic;
			known |= 2;
		}
		return known;
	}
	/* s is a multiple of 100, so entrusted·pct/100 and the cap are exact. */
	const __int128 ent_unit = s / 100 * rs->entrusted_pct;
	__int128 own = 0;
	for (int c = PROFILE_RD_PERSONNEL; c <= PROFILE_RD_TRIALS; c++)
		own += cat(y, (enum profile_rd)c);
	const __int128 ed = cat(y, PROFILE_RD_ENTRUSTED_DOMESTIC);
	const __int128 eo = cat(y, PROFILE_RD_ENTRUSTED_OVERSEAS);
	__int128 a = s * own + ent_unit * (ed + eo);
	__int128 base = rs->other_cap_includes_entrusted ? a : s * own;
	/* other ≤ bp·(A + other)  ⇔  other ≤ A·bp/(10000 − bp); base is a multiple of 10000 − bp */
	__int128 cap = base / (10000 - rs->other_cap_bp) * rs->other_cap_bp;
	__int128 other = s * cat(y, PROFILE_RD_OTHER);
	if (cap < 0)
		cap = 0;
	__int128 t = a + (other < cap ? other : cap);
	*total = t;
	*domestic = t - ent_unit * eo;
	return 3;
}

int hnte_c5_required_bp(const struct ruleset *rs, int64_t last_sales)
{
	if (last_sales <= rs->c5_sales_limit[0])
		return rs->c5_bp[0];
	if (last_sales <= rs->c5_sales_limit[1])
		return rs->c5_bp[1];
	return rs->c5_bp[2];
}

static void set_value(struct hnte_cond *c, __int128 num, __int128 den)
{
	c->has_value = 1;
	c->num = num;
	c->den = den;
}

static void c1(const struct ruleset *rs, const struct profile *p, struct hnte_cond *c)
{
	if (p->registered_on == PROFILE_NO_DATE) {
		add_missing(c, PROFILE_F_REGISTERED_ON, 0);
		return;
	}
	int64_t days = (int64_t)p->apply_on - p->registered_on;
	set_value(c, days, 1);
	c->date = p->registered_on + rs->c1_min_days;
	c->status = days >= rs->c1_min_days ? HNTE_PASS : HNTE_FAIL;
}

static void c2(const struct profile *p, const struct score_result *s, struct hnte_cond *c)
{
	if (!p->ip_given) {
		add_missing(c, PROFILE_F_IP, 0);
		return;
	}
	int usable = s->ipc.usable_class1 + s->ipc.usable_class2;
	set_value(c, usable, 1);
	c->status = usable >= 1 ? HNTE_PASS : HNTE_FAIL;
}

static void c3(const struct fields_table *fields, const struct profile *p, struct hnte_result *r)
{
	struct hnte_cond *c = &r->c[HNTE_C3];
	if (!p->field[0]) {
		add_missing(c, PROFILE_F_FIELD, 0);
		return;
	}
	const struct fields_entry *f = fields_find(fields, p->field);
	if (f) {
		r->field_name = f->name;
		r->field_name_len = f->name_len;
		r->field_level = f->level;
	}
	c->status = f ? HNTE_PASS : HNTE_FAIL;
}

static const struct profile_year *last_year(const struct profile *p, const struct hnte_result *r,
					    struct hnte_cond *c)
{
	if (r->nfy == 0)
		return NULL;
	int32_t ly = r->fy[r->nfy - 1];
	const struct profile_year *y = profile_find_year(p, ly);
	if (!y)
		add_missing(c, PROFILE_F_YEAR, ly);
	return y;
}

static void c4(const struct ruleset *rs, const struct profile *p, struct hnte_result *r)
{
	struct hnte_cond *c = &r->c[HNTE_C4];
	c->required_bp = rs->c4_st_bp;
	if (r->nfy == 0) {
		c->status = HNTE_FAIL; /* no completed fiscal year: nothing can be measured */
		return;
	}
	const struct profile_year *y = last_year(p, r, c);
	if (!y)
		return;
	if (y->staff == PROFILE_NONE)
		add_missing(c, PROFILE_F_STAFF, y->year);
	if (y->st_staff == PROFILE_NONE)
		add_missing(c, PROFILE_F_ST_STAFF, y->year);
	if (c->n_missing) {
		/* rules.md §0: a zero denominator fails whatever the missing numerator */
		if (y->staff == 0) {
			c->status = HNTE_FAIL;
			c->reason = HNTE_REASON_NONE;
		}
		return;
	}
	set_value(c, y->st_staff, y->staff);
	c->status = y->staff > 0 && ratio_ge_bp(y->st_staff, y->staff, rs->c4_st_bp) ? HNTE_PASS
										     : HNTE_FAIL;
}

static void c5(const struct ruleset *rs, const struct profile *p, struct hnte_result *r)
{
	struct hnte_cond *c = &r->c[HNTE_C5];
	r->rd_scale = hnte_rd_scale(rs);
	r->last_sales = PROFILE_NONE;
	if (r->nfy == 0) {
		c->status = HNTE_FAIL;
		return;
	}
	__int128 rd = 0, dom = 0, sales = 0;
	int sales_known = 1, rd_known = 1, dom_known = 1;
	for (int i = 0; i < r->nfy; i++) {
		const struct profile_year *y = profile_find_year(p, r->fy[i]);
		if (!y) {
			add_missing(c, PROFILE_F_YEAR, r->fy[i]);
			sales_known = rd_known = dom_known = 0;
			continue;
		}
		if (y->sales == PROFILE_NONE) {
			add_missing(c, PROFILE_F_SALES, y->year);
			sales_known = 0;
		} else {
			sales += y->sales;
		}
		__int128 t = 0, d = 0;
		int k = hnte_rd_year(rs, y, &t, &d);
		if (!(k & 1)) {
			add_missing(c, PROFILE_F_RD, y->year);
			rd_known = 0;
		} else {
			rd += t;
		}
		if (!(k & 2)) {
			dom_known = 0;
			if (k & 1)
				add_missing(c, PROFILE_F_RD_DOMESTIC, y->year);
		} else {
			dom += d;
		}
		if (i == r->nfy - 1)
			r->last_sales = y->sales;
	}
	dom_known = dom_known && rd_known;
	r->sales_sum = sales_known ? sales : 0;
	r->rd_sum = rd_known ? rd : 0;
	r->rd_domestic_sum = dom_known ? dom : 0;
	r->c5_known = (sales_known ? HNTE_C5_SALES : 0) | (rd_known ? HNTE_C5_RD : 0) |
		      (dom_known ? HNTE_C5_DOMESTIC : 0);
	/*
	 * C5 is "ratio ≥ r AND domestic share ≥ 60%": a part that the known data
	 * already fails decides the condition whatever else is missing
	 * (ratio_ok / domestic_ok stay −1 while a part cannot be judged).
	 */
	if (sales_known && rd_known) {
		c->required_bp = hnte_c5_required_bp(rs, r->last_sales);
		set_value(c, rd, sales * r->rd_scale);
		c->ratio_ok =
			sales > 0 && rd > 0 && ratio_ge_bp(rd, sales * r->rd_scale, c->required_bp);
	} else if ((sales_known && sales <= 0) || (rd_known && rd <= 0)) {
		c->ratio_ok = 0; /* Σ sales = 0 or Σ rd_total = 0 → fail */
	}
	if (dom_known) {
		c->has_value2 = rd > 0;
		c->num2 = dom;
		c->den2 = rd;
		c->domestic_ok = rd > 0 && ratio_ge_bp(dom, rd, rs->c5_domestic_bp);
	}
	if (c->ratio_ok == 0 || c->domestic_ok == 0) {
		c->status = HNTE_FAIL;
		c->reason = HNTE_REASON_NONE; /* the missing fields stay listed */
	} else if (!c->n_missing) {
		c->status = HNTE_PASS;
	}
}

static void c6(const struct ruleset *rs, const struct profile *p, struct hnte_result *r)
{
	struct hnte_cond *c = &r->c[HNTE_C6];
	c->required_bp = rs->c6_bp;
	if (r->nfy == 0) {
		c->status = HNTE_FAIL;
		return;
	}
	const struct profile_year *y = last_year(p, r, c);
	if (!y)
		return;
	if (y->hitech_income == PROFILE_NONE)
		add_missing(c, PROFILE_F_HITECH_INCOME, y->year);
	if (y->gross_income == PROFILE_NONE)
		add_missing(c, PROFILE_F_GROSS_INCOME, y->year);
	__int128 total =
		y->gross_income == PROFILE_NONE
			? 0
			: (__int128)y->gross_income - (y->non_taxable_income == PROFILE_NONE
							       ? 0
							       : y->non_taxable_income);
	if (c->n_missing) {
		/* rules.md §0: total income ≤ 0 fails whatever the missing numerator */
		if (y->gross_income != PROFILE_NONE && total <= 0) {
			c->status = HNTE_FAIL;
			c->reason = HNTE_REASON_NONE;
		}
		return;
	}
	set_value(c, y->hitech_income, total);
	c->status = total > 0 && ratio_ge_bp(y->hitech_income, total, rs->c6_bp) ? HNTE_PASS
										 : HNTE_FAIL;
}

static void c7(const struct ruleset *rs, struct hnte_result *r)
{
	struct hnte_cond *c = &r->c[HNTE_C7];
	const struct score_result *s = &r->score;
	set_value(c, s->min, s->max); /* C7 shows the range [num, den] */
	if (s->max <= rs->score_pass_above) {
		c->status = HNTE_FAIL;
	} else if (s->min > rs->score_pass_above) {
		c->status = HNTE_PASS;
	} else {
		c->status = HNTE_UNKNOWN;
		c->reason = s->n_missing ? HNTE_REASON_MISSING_DATA : HNTE_REASON_EXPERT;
		for (size_t i = 0; i < s->n_missing && i < HNTE_MAX_MISSING; i++)
			c->missing[c->n_missing++] = s->missing[i];
	}
}

static void c8(const struct ruleset *rs, const struct profile *p, struct hnte_cond *c)
{
	int n = 0;
	int32_t latest = PROFILE_NO_DATE;
	for (size_t i = 0; i < p->n_incidents; i++) {
		int32_t on = p->incidents[i].on;
		if (on >= p->apply_on - rs->c8_window_days && on <= p->apply_on) {
			n++;
			if (on > latest)
				latest = on;
		}
	}
	set_value(c, n, 1);
	c->date = latest;
	c->status = n == 0 ? HNTE_PASS : HNTE_FAIL;
}

void hnte_assess(const struct ruleset *rs, const struct fields_table *fields,
		 const struct profile *p, struct hnte_result *r)
{
	memset(r, 0, sizeof *r);
	for (int i = 0; i < HNTE_NCOND; i++) {
		r->c[i].ratio_ok = r->c[i].domestic_ok = -1;
		r->c[i].date = PROFILE_NO_DATE;
	}
	r->nfy = profile_fiscal_years(p, r->fy);
	score_compute(rs, p, r->fy, r->nfy, &r->score);
	c1(rs, p, &r->c[HNTE_C1]);
	c2(p, &r->score, &r->c[HNTE_C2]);
	c3(fields, p, r);
	c4(rs, p, r);
	c5(rs, p, r);
	c6(rs, p, r);
	c7(rs, r);
	c8(rs, p, &r->c[HNTE_C8]);

	int fail = 0, missing = 0;
	for (int i = 0; i < HNTE_NCOND; i++) {
		if (r->c[i].status == HNTE_FAIL)
			fail = 1;
		else if (r->c[i].status == HNTE_UNKNOWN &&
			 r->c[i].reason == HNTE_REASON_MISSING_DATA)
			missing = 1;
	}
	if (fail)
		r->verdict = HNTE_VERDICT_FAIL;
	else if (missing)
		r->verdict = HNTE_VERDICT_INCOMPLETE;
	else if (r->c[HNTE_C7].status == HNTE_PASS)
		r->verdict = HNTE_VERDICT_PASS;
	else
		r->verdict = HNTE_VERDICT_BORDERLINE;
}

const char *hnte_status_name(enum hnte_status s)
{
	switch (s) {
	case HNTE_PASS: return "pass";
	case HNTE_FAIL: return "fail";
	default: return "unknown";
	}
}

const char *hnte_verdict_name(enum hnte_verdict v)
{
	switch (v) {
	case HNTE_VERDICT_PASS: return "pass";
	case HNTE_VERDICT_BORDERLINE: return "borderline";
	case HNTE_VERDICT_FAIL: return "fail";
	default: return "incomplete";
	}
}

const char *hnte_cond_name(enum hnte_cond_id id)
{
	static const char *const names[HNTE_NCOND] = {"C1", "C2", "C3", "C4",
						      "C5", "C6", "C7", "C8"};
	return (unsigned)id < HNTE_NCOND ? names[id] : "?";
}
