/* score — the innovation score of rules.md §3: ranges, bands, growth rationals. */
#include "rules/score.h"

#include <string.h>

#include "rules/ratio.h"

static void add_missing(struct score_result *r, int field, int year)
{
	for (size_t i = 0; i < r->n_missing; i++)
		if (r->missing[i].field == field && r->missing[i].year == year)
			return;
	if (r->n_missing < SCORE_MAX_MISSING) {
		r->missing[r->n_missing].field = (uint16_t)field;
		r->missing[r->n_missing].year = (int16_t)year;
		r->n_missing++;
	}
}

static struct score_range range(int min, int max)
{
	struct score_range r = {min, max};
	return r;
}

void score_count_ip(const struct profile *p, struct score_ip_counts *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < p->n_ip; i++) {
		const struct profile_ip *ip = &p->ip[i];
		if (!ip->valid) {
			out->invalid++;
			continue;
		}
		if (ip->granted_on != PROFILE_NO_DATE && ip->granted_on > p->apply_on) {
			out->not_yet_granted++;
			continue;
		}
		if (profile_ip_class(ip->kind) == 1) {
			out->usable_class1++;
		} else if (ip->used_in_recognition) {
			out->used_class2++;
			continue;
		} else {
			out->usable_class2++;
		}
		if (ip->acquired == PROFILE_ACQ_SELF)
			out->usable_self++;
	}
}

/* A letter band of an 8-point item: A 7–8, B 5–6, C 3–4, D 1–2, E 0. */
static struct score_range rating8(const struct profile_rating *r)
{
	switch (r->kind) {
	case PROFILE_RATING_LETTER:
		switch (r->value) {
		case 'A': return range(7, 8);
		case 'B': return range(5, 6);
		case 'C': return range(3, 4);
		case 'D': return range(1, 2);
		default: return range(0, 0);
		}
	case PROFILE_RATING_POINTS: {
		int v = r->value < 0 ? 0 : r->value > 8 ? 8 : r->value;
		return range(v, v);
	}
	default: return range(0, 8);
	}
}

int score_rd_org_item_max(int i)
{
	static const int max[4] = {6, 6, 4, 4};
	return (unsigned)i < 4 ? max[i] : 0;
}

struct score_range score_rd_org_range(const struct profile_qualitative *q)
{
	if (q->rd_org_kind == PROFILE_RATING_LETTER) {
		switch (q->rd_org_letter) {
		case 'A': return range(16, 20);
		case 'B': return range(11, 15);
		case 'C': return range(6, 10);
		case 'D': return range(1, 5);
		default: return range(0, 0);
		}
	}
	if (q->rd_org_kind == PROFILE_RATING_POINTS) {
		struct score_range r = {0, 0};
		for (int i = 0; i < 4; i++) {
			int v = q->rd_org_points[i], max = score_rd_org_item_max(i);
			if (v < 0) {
				r.max += max;
			} else {
				v = v > max ? max : v;
				r.min += v;
				r.max += v;
			}
		}
		return r;
	}
	return range(0, 20);
}

void score_growth(const struct ruleset *rs, const int64_t *v, int n, struct score_growth *out)
{
	memset(out, 0, sizeof *out);
	out->known = 1;
	out->band = 'F';
	__int128 x[3] = {0, 0, 0};
	for (int i = 0; i < n && i < 3; i++)
		x[i] = v[i] < 0 ? 0 : v[i]; /* Decision: negatives are taken as 0 */
	if (n >= 3) {
		if (x[1] == 0)
			return;
		if (x[0] == 0) {
			out->num = x[2] - x[1];
			out->den = x[1];
		} else {
			/* (x1/x0 + x2/x1)/2 − 1 over the common denominator 2·x0·x1 */
			out->num = x[1] * x[1] + x[0] * x[2] - 2 * x[0] * x[1];
			out->den = 2 * x[0] * x[1];
		}
	} else if (n == 2) {
		if (x[0] == 0)
			return;
		out->num = x[1] - x[0];
		out->den = x[0];
	} else {
		return;
	}
	out->has_rate = 1;
	const __int128 num = out->num, den = out->den;
	if (num <= 0)
		return;
	if (ratio_ge_bp(num, den, rs->growth_bp[0])) {
		out->band = 'A';
		out->pts = range(9, 10);
	} else if (ratio_ge_bp(num, den, rs->growth_bp[1])) {
		out->band = 'B';
		out->pts = range(7, 8);
	} else if (ratio_ge_bp(num, den, rs->growth_bp[2])) {
		out->band = 'C';
		out->pts = range(5, 6);
	} else if (rs->growth_d_strict ? ratio_gt_bp(num, den, rs->growth_bp[3])
				       : ratio_ge_bp(num, den, rs->growth_bp[3])) {
		out->band = 'D';
		out->pts = range(3, 4);
	} else {
		out->band = 'E';
		out->pts = range(1, 2);
	}
}

static void growth_part(const struct ruleset *rs, const struct profile *p, const int32_t *fy,
			int nfy, int sales, struct score_result *r, struct score_growth *out)
{
	int64_t v[3];
	int ok = 1;
	for (int i = 0; i < nfy; i++) {
		const struct profile_year *y = profile_find_year(p, fy[i]);
		if (!y) {
			add_missing(r, PROFILE_F_YEAR, fy[i]);
			ok = 0;
			continue;
		}
		if (sales) {
			if (y->sales == PROFILE_NONE) {
				add_missing(r, PROFILE_F_SALES, fy[i]);
				ok = 0;
			} else {
				v[i] = y->sales;
			}
		} else {
			if (y->total_assets == PROFILE_NONE)
				add_missing(r, PROFILE_F_TOTAL_ASSETS, fy[i]);
			if (y->total_liabilities == PROFILE_NONE)
				add_missing(r, PROFILE_F_TOTAL_LIABILITIES, fy[i]);
			if (y->total_assets == PROFILE_NONE || y->total_liabilities == PROFILE_NONE)
				ok = 0;
			else
				v[i] = y->total_assets - y->total_liabilities;
		}
	}
	if (!ok) {
		memset(out, 0, sizeof *out);
		out->band = '?';
		out->pts = range(0, 10);
		return;
	}
	score_growth(rs, v, nfy, out);
}

static void conversion_part(const struct ruleset *rs, const struct profile *p, const int32_t *fy,
			    int nfy, struct score_result *r)
{
	int64_t sum = 0;
	int ok = 1;
	for (int i = 0; i < nfy; i++) {
		const struct profile_year *y = profile_find_year(p, fy[i]);
		if (!y) {
			add_missing(r, PROFILE_F_YEAR, fy[i]);
			ok = 0;
		} else if (y->conversions == PROFILE_NONE) {
			add_missing(r, PROFILE_F_CONVERSIONS, fy[i]);
			ok = 0;
		} else if (y->conversions > 0) {
			sum += y->conversions;
		}
	}
	if (!ok) {
		r->conversion = range(0, 30);
		r->conversion_band = '?';
		return;
	}
	r->conversions = sum;
	int64_t d = rs->conversion_divisor; /* average ≥ k  ⇔  sum ≥ k·d */
	if (sum >= 5 * d) {
		r->conversion = range(25, 30);
		r->conversion_band = 'A';
	} else if (sum >= 4 * d) {
		r->conversion = range(19, 24);
		r->conversion_band = 'B';
	} else if (sum >= 3 * d) {
		r->conversion = range(13, 18);
		r->conversion_band = 'C';
	} else if (sum >= 2 * d) {
		r->conversion = range(7, 12);
		r->conversion_band = 'D';
	} else if (sum > 0) {
		r->conversion = range(1, 6);
		r->conversion_band = 'E';
	} else {
		r->conversion = range(0, 0);
		r->conversion_band = 'F';
	}
}

void score_compute(const struct ruleset *rs, const struct profile *p, const int32_t *fy, int nfy,
		   struct score_result *r)
{
	memset(r, 0, sizeof *r);
	const struct profile_qualitative *q = &p->qualitative;

	r->advancement = rating8(&q->advancement);
	r->core_support = rating8(&q->core_support);
	score_count_ip(p, &r->ipc);
	if (!p->ip_given) {
		add_missing(r, PROFILE_F_IP, 0);
		r->quantity = range(0, 8);
		r->quantity_band = '?';
		r->acquisition = range(0, 6);
	} else {
		int c2 = r->ipc.usable_class2;
		if (r->ipc.usable_class1 >= 1) {
			r->quantity = range(7, 8);
			r->quantity_band = 'A';
		} else if (c2 >= 5) {
			r->quantity = range(5, 6);
			r->quantity_band = 'B';
		} else if (c2 >= 3) {
			r->quantity = range(3, 4);
			r->quantity_band = 'C';
		} else if (c2 >= 1) {
			r->quantity = range(1, 2);
			r->quantity_band = 'D';
		} else {
			r->quantity = range(0, 0);
			r->quantity_band = 'E';
		}
		int usable = r->ipc.usable_class1 + r->ipc.usable_class2;
		if (r->ipc.usable_self > 0)
			r->acquisition = range(1, 6);
		else if (usable > 0)
			r->acquisition = range(1, 3);
		else
			r->acquisition = range(0, 0);
	}
	r->standards = q->standards == 1   ? range(1, 2)
		       : q->standards == 0 ? range(0, 0)
					   : range(0, 2);
	int ipmin = r->advancement.min + r->core_support.min + r->quantity.min +
		    r->acquisition.min + r->standards.min;
	int ipmax = r->advancement.max + r->core_support.max + r->quantity.max +
		    r->acquisition.max + r->standards.max;
	r->ip = range(ipmin > 30 ? 30 : ipmin, ipmax > 30 ? 30 : ipmax);

	conversion_part(rs, p, fy, nfy, r);
	r->rd_org = score_rd_org_range(q);
	growth_part(rs, p, fy, nfy, 0, r, &r->net_assets);
	growth_part(rs, p, fy, nfy, 1, r, &r->sales);
	r->growth = range(r->net_assets.pts.min + r->sales.pts.min,
			  r->net_assets.pts.max + r->sales.pts.max);

	r->min = r->ip.min + r->conversion.min + r->rd_org.min + r->growth.min;
	r->max = r->ip.max + r->conversion.max + r->rd_org.max + r->growth.max;
}
