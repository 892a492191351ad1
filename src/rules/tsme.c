/* tsme — the technology-based SME evaluation (rules.md §4). */
#include "rules/tsme.h"

#include <string.h>

#include "core/date.h"
#include "rules/hnte.h"
#include "rules/ratio.h"
#include "rules/score.h"

static void add_missing(struct tsme_result *r, int field, int year)
{
	for (size_t i = 0; i < r->n_missing; i++)
		if (r->missing[i].field == field && r->missing[i].year == year)
			return;
	if (r->n_missing < TSME_MAX_MISSING) {
		r->missing[r->n_missing].field = (uint16_t)field;
		r->missing[r->n_missing].year = (int16_t)year;
		r->n_missing++;
	}
}

/* A flag that must be FAVOURABLE; absent = favourable and recorded as assumed. */
static int flag(struct tsme_result *r, int bit, int value, int favourable)
{
	if (value == PROFILE_FLAG_NONE) {
		r->assumed |= 1u << bit;
		return TSME_OK;
	}
	return (value != 0) == (favourable != 0) ? TSME_OK : TSME_NO;
}

static int band(__int128 num, __int128 den, const int *bp, const int *pts)
{
	if (den <= 0)
		return 0;
	for (int i = 0; i < 5; i++)
		if (ratio_ge_bp(num, den, bp[i]))
			return pts[i];
	return 0;
}

static int cap_ok(int64_t v, int64_t max)
{
	return v <= max ? TSME_OK : TSME_NO;
}

int32_t tsme_no_data_until(const struct profile *p)
{
	if (p->registered_on == PROFILE_NO_DATE || p->apply_on == PROFILE_NO_DATE)
		return 0;
	int ry = date_year(p->registered_on);
	return ry > date_year(p->apply_on) - 1 ? ry + 1 : 0;
}

void tsme_assess(const struct ruleset *rs, const struct profile *p, int hnte_cert_valid,
		 struct tsme_result *r)
{
	memset(r, 0, sizeof *r);
	int ay = date_year(p->apply_on);
	r->data_year = ay - 1;
	/*
	 * Registered after the data year: there are no figures to ask for (any
	 * stored for a year before the registration, or for the year of
	 * apply_on, are not the data year's and are not used).
	 */
	r->no_data_until = tsme_no_data_until(p);
	const struct profile_year *y = r->no_data_until ? NULL : profile_find_year(p, r->data_year);
	if (!y && !r->no_data_until)
		add_missing(r, PROFILE_F_YEAR, r->data_year);

	const struct profile_tsme *t = &p->tsme;
	r->base[TSME_B_RESIDENT] = flag(r, TSME_B_RESIDENT, t->resident, 1);
	r->base[TSME_B_AUDIT_COLLECTION] =
		rs->tsme_2022 ? flag(r, TSME_B_AUDIT_COLLECTION, t->audit_collection, 1) : TSME_NA;
	r->base[TSME_B_RESTRICTED_INDUSTRY] =
		flag(r, TSME_B_RESTRICTED_INDUSTRY, t->restricted_industry, 0);
	r->base[TSME_B_NEGATIVE_LIST] =
		rs->tsme_2022 ? flag(r, TSME_B_NEGATIVE_LIST, t->negative_list_industry, 0)
			      : TSME_NA;
	r->base[TSME_B_INTEGRITY] = flag(r, TSME_B_INTEGRITY, t->integrity_issue, 0);
	r->base[TSME_B_NO_INCIDENT] = TSME_OK;
	for (size_t i = 0; i < p->n_incidents; i++) {
		int iy = date_year(p->incidents[i].on);
		if ((iy == r->data_year || iy == ay) && p->incidents[i].on <= p->apply_on)
			r->base[TSME_B_NO_INCIDENT] = TSME_NO;
	}
	r->base[TSME_B_STAFF] = r->base[TSME_B_SALES] = r->base[TSME_B_ASSETS] = TSME_UNKNOWN;
	r->st_staff_pts = r->rd_pts = r->ip_pts = -1;
	int rd_min = 0; /* the least R&D points when they are unknown */
	if (r->no_data_until)
		r->st_staff_pts = r->rd_pts = 0; /* no data year: no staff, no R&D (rules.md §1) */
	if (y) {
		if (y->staff == PROFILE_NONE)
			add_missing(r, PROFILE_F_STAFF, y->year);
		else
			r->base[TSME_B_STAFF] = cap_ok(y->staff, rs->tsme_max_staff);
		if (y->sales == PROFILE_NONE)
			add_missing(r, PROFILE_F_SALES, y->year);
		else
			r->base[TSME_B_SALES] = cap_ok(y->sales, rs->tsme_max_sales);
		if (y->total_assets == PROFILE_NONE)
			add_missing(r, PROFILE_F_TOTAL_ASSETS, y->year);
		else
			r->base[TSME_B_ASSETS] = cap_ok(y->total_assets, rs->tsme_max_assets);

		if (y->st_staff == PROFILE_NONE)
			add_missing(r, PROFILE_F_ST_STAFF, y->year);
		if (y->staff == 0) /* no staff: the ratio scores 0 whatever st_staff is */
			r->st_staff_pts = 0;
		else if (y->st_staff != PROFILE_NONE && y->staff != PROFILE_NONE)
			r->st_staff_pts =
				band(y->st_staff, y->staff, rs->tsme_staff_bp, rs->tsme_staff_pts);

		__int128 rd = 0, dom = 0;
		if (!(hnte_rd_year(rs, y, &rd, &dom) & 1)) {
			add_missing(r, PROFILE_F_RD, y->year);
		} else {
			const __int128 s = hnte_rd_scale(rs);
			int by_sales = -1, by_cost = -1;
			if (y->sales != PROFILE_NONE)
				by_sales = band(rd, s * y->sales, rs->tsme_rd_sales_bp,
						rs->tsme_rd_pts);
			if (y->cost_expense_total != PROFILE_NONE)
				by_cost = band(rd, s * y->cost_expense_total, rs->tsme_rd_cost_bp,
					       rs->tsme_rd_pts);
			/*
			 * The higher of the two. An absent cost total only means that ratio
			 * is not available (rules.md §1); absent sales is missing data, so
			 * the cost ratio alone decides only when it already gives the top band.
			 */
			if (y->sales == PROFILE_NONE && by_cost < rs->tsme_rd_pts[0]) {
				rd_min = by_cost > 0 ? by_cost : 0;
				if (by_cost < 0)
					add_missing(r, PROFILE_F_COST_EXPENSE_TOTAL, y->year);
			} else if (by_cost > by_sales) {
				r->rd_pts = by_cost;
				r->rd_by_cost = 1;
			} else {
				r->rd_pts = by_sales;
			}
		}
	}
	if (!p->ip_given) {
		if (!r->no_data_until)
			add_missing(r, PROFILE_F_IP, 0);
	} else {
		/* Class II single use does not apply to TSME: count every valid class II item. */
		struct score_ip_counts c;
		score_count_ip(p, &c);
		int c2 = c.usable_class2 + c.used_class2;
		r->ip_pts = c.usable_class1 >= 1 ? rs->tsme_ip_class1_pts
						 : rs->tsme_ip_class2_pts[c2 >= 4 ? 4 : c2];
	}
	r->score_known = r->st_staff_pts >= 0 && r->rd_pts >= 0 && r->ip_pts >= 0;
	if (r->score_known)
		r->score = r->st_staff_pts + r->rd_pts + r->ip_pts;
	const int ip_top = rs->tsme_ip_class1_pts > rs->tsme_ip_class2_pts[4]
				   ? rs->tsme_ip_class1_pts
				   : rs->tsme_ip_class2_pts[4];
	r->score_min = (r->st_staff_pts >= 0 ? r->st_staff_pts : 0) +
		       (r->rd_pts >= 0 ? r->rd_pts : rd_min) + (r->ip_pts >= 0 ? r->ip_pts : 0);
	r->score_max = (r->st_staff_pts >= 0 ? r->st_staff_pts : rs->tsme_staff_pts[0]) +
		       (r->rd_pts >= 0 ? r->rd_pts : rs->tsme_rd_pts[0]) +
		       (r->ip_pts >= 0 ? r->ip_pts : ip_top);

	if (hnte_cert_valid)
		r->routes |= 1u << TSME_R_HNTE_CERTIFICATE;
	const int route_flags[3] = {t->national_award_top3_5y, t->provincial_rd_institution,
				    t->led_standard_5y};
	for (int i = 0; i < 3; i++) {
		if (route_flags[i] == 1)
			r->routes |= 1u << (TSME_R_NATIONAL_AWARD + i);
		else if (route_flags[i] == PROFILE_FLAG_NONE)
			r->assumed |= 1u << (8 + TSME_R_NATIONAL_AWARD + i);
	}
	r->direct = r->routes != 0;

	/*
	 * Pass = base conditions AND (score ≥ 60 with staff score > 0, OR a direct
	 * route). Either operand of the AND already known to be false fails the
	 * evaluation whatever else is missing.
	 */
	int base_fail = 0, base_unknown = 0;
	for (int i = 0; i < TSME_B_COUNT; i++) {
		if (r->base[i] == TSME_NO)
			base_fail = 1;
		else if (r->base[i] == TSME_UNKNOWN)
			base_unknown = 1;
	}
	int route; /* TSME_OK, TSME_NO or TSME_UNKNOWN */
	if (r->direct)
		route = TSME_OK;
	else if (r->st_staff_pts == 0 || r->score_max < rs->tsme_pass)
		route = TSME_NO;
	else if (r->st_staff_pts > 0 && r->score_min >= rs->tsme_pass)
		route = TSME_OK;
	else
		route = TSME_UNKNOWN;
	if (base_fail || route == TSME_NO || r->no_data_until)
		r->verdict = TSME_VERDICT_FAIL;
	else if (base_unknown || route == TSME_UNKNOWN)
		r->verdict = TSME_VERDICT_INCOMPLETE;
	else
		r->verdict = TSME_VERDICT_PASS;
}

const char *tsme_verdict_name(enum tsme_verdict v)
{
	switch (v) {
	case TSME_VERDICT_PASS: return "pass";
	case TSME_VERDICT_FAIL: return "fail";
	default: return "incomplete";
	}
}

const char *tsme_base_name(enum tsme_base b)
{
	static const char *const names[TSME_B_COUNT] = {"resident",
							"audit_collection",
							"restricted_industry",
							"negative_list_industry",
							"integrity",
							"no_incident",
							"staff",
							"sales",
							"total_assets"};
	return (unsigned)b < TSME_B_COUNT ? names[b] : "?";
}

const char *tsme_route_name(enum tsme_route r)
{
	static const char *const names[TSME_R_COUNT] = {
		"hnte_certificate", "national_award_top3_5y", "provincial_rd_institution",
		"led_standard_5y"};
	return (unsigned)r < TSME_R_COUNT ? names[r] : "?";
}
