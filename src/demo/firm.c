/*
 * firm — one synthetic enterprise with its records (see firm.h): its profile
 * class and tier, identity, HNTE certificate and TSME number, a dated tier
 * history, the last three years of indicators, IP and ratings. Every ratio
 * is drawn as an integer per mille (or per ten thousand) and applied with
 * integer arithmetic.
 */
#include "demo/firm.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/strbuf.h"
#include "demo/names.h"

/* ---- profile classes ------------------------------------------------------------ */

struct class_params {
	int rd_lo, rd_hi; /* R&D expense / sales, per ten thousand */
	int st_lo, st_hi; /* S&T staff / staff, per mille */
	int ht_lo, ht_hi; /* high-tech income / (gross − non-taxable income), per mille */
	int g_lo, g_hi;	  /* yearly sales growth, per mille */
	int na_lo, na_hi; /* yearly net-asset growth, per mille */
	int cv_lo, cv_hi; /* conversions per year */
};

/*
 * STRONG passes with margin: R&D ≥ 6.2% (threshold at most 5%), S&T staff ≥
 * 16%, high-tech income ≥ 70%, growth ≥ 27% a year (band B at least), five or
 * more conversions a year (band A) and A ratings: the score is at least
 * 23 + 25 + 16 + 14 = 78 > 70. GOOD passes the hard conditions but, unrated
 * or rated B, its score range straddles 70. WEAK spends under 3% on R&D,
 * below every threshold.
 */
static const struct class_params params[DEMO_CLASS_COUNT] = {
	[DEMO_STRONG] = {620, 1200, 160, 420, 700, 950, 270, 600, 270, 550, 5, 9},
	[DEMO_GOOD] = {540, 950, 115, 350, 640, 930, 160, 400, 160, 380, 3, 7},
	[DEMO_MARGINAL] = {330, 700, 70, 170, 470, 760, -100, 350, -80, 300, 0, 5},
	[DEMO_WEAK] = {20, 290, 20, 120, 100, 580, -200, 250, -150, 200, 0, 2},
	[DEMO_INCOMPLETE] = {540, 950, 115, 350, 640, 930, 160, 400, 160, 380, 3, 7},
};

/* Classes by tier, per mille. */
static const int class_weights[TIER_COUNT][DEMO_CLASS_COUNT] = {
	[TIER_PROSPECT] = {0, 0, 350, 550, 100},  [TIER_TSME] = {0, 100, 500, 300, 100},
	[TIER_RESERVE] = {100, 300, 500, 0, 100}, [TIER_KEY] = {250, 400, 300, 0, 50},
	[TIER_HNTE] = {400, 450, 150, 0, 0},	  [TIER_LEADER] = {800, 200, 0, 0, 0},
	[TIER_EXITED] = {0, 0, 400, 600, 0},
};

/* Tiers, per mille. */
static const int tier_weights[TIER_COUNT] = {280, 200, 180, 80, 200, 15, 45};

/* The first seven firms: one per tier, each verdict class present. */
static const struct {
	enum tier tier;
	enum demo_class klass;
} fixed[] = {
	{TIER_KEY, DEMO_STRONG},      {TIER_RESERVE, DEMO_GOOD}, {TIER_PROSPECT, DEMO_WEAK},
	{TIER_TSME, DEMO_INCOMPLETE}, {TIER_HNTE, DEMO_STRONG},	 {TIER_LEADER, DEMO_STRONG},
	{TIER_EXITED, DEMO_MARGINAL},
};
_Static_assert(sizeof fixed / sizeof fixed[0] == FIRM_FIXED, "FIRM_FIXED counts the fixed firms");

/* ---- days ---------------------------------------------------------------------------------- */

/* A random day of YEAR strictly before the reference day. */
static int32_t day_in_year(struct demo_gen *g, int year)
{
	int32_t lo = date_from_ymd(year, 1, 1), hi = date_from_ymd(year, 12, 31);
	if (hi >= g->today)
		hi = g->today - 1;
	if (hi < lo)
		lo = hi;
	return (int32_t)rng_range(&g->rng, lo, hi);
}

/* The issue day of the HNTE recognition batch B (0 or 1) of YEAR. */
static int32_t batch_day(int year, int b)
{
	return b == 0 ? date_from_ymd(year, 11, 6 + year % 7)
		      : date_from_ymd(year, 12, 4 + year % 9);
}

/* A UTC timestamp on DAY before 10:00 (created_at/updated_at of a firm). */
static const char *iso_time(struct demo_gen *g, int32_t day)
{
	char d[11];
	date_format(day, d);
	return names_printf(g->arena, "%sT%02d:%02d:%02dZ", d, (int)rng_range(&g->rng, 0, 9),
			    (int)rng_range(&g->rng, 0, 59), (int)rng_range(&g->rng, 0, 59));
}

/* ---- tiers -------------------------------------------------------------------------------- */

static void add_step(struct firm *f, enum tier to, int32_t on, const char *reason)
{
	if (f->n_steps < FIRM_STEPS)
		f->steps[f->n_steps++] = (struct firm_step){to, on, reason};
}

static const char *cert_no(struct demo_gen *g, int year)
{
	int off = g->year - year;
	int64_t *seq = &g->cert_seq[off >= 1 && off <= 8 ? off - 1 : 0];
	*seq += rng_range(&g->rng, 1, 3);
	return names_printf(g->arena, "GR%04d%s%07lld", year, DEMO_PROVINCE_NO, (long long)*seq);
}

static void set_cert(struct demo_gen *g, struct firm *f, int year)
{
	int b = (int)rng_range(&g->rng, 0, 1);
	int32_t on = batch_day(year, b);
	if (on >= g->today) { /* this year's batch not issued yet */
		year--;
		on = batch_day(year, b);
	}
	f->ent.hnte_cert_no = cert_no(g, year);
	f->ent.hnte_issued_on = on;
	f->ent.hnte_expires_on = date_add_years(on, 3) - 1;
	f->ent.hnte_batch = names_printf(g->arena, "%d年第%s批", year, b == 0 ? "一" : "二");
}

static void set_tsme(struct demo_gen *g, struct firm *f, int year)
{
	int off = g->year - year;
	int64_t *seq = &g->tsme_seq[off >= 0 && off <= 2 ? off : 2];
	*seq += rng_range(&g->rng, 1, 5);
	f->ent.tsme_reg_no =
		names_printf(g->arena, "%04d%.6s%08lld", year, f->ent.uscc + 2, (long long)*seq);
	f->ent.tsme_year = year;
}

/* A day of this year before today (yesterday's year on 1 January). */
static int32_t this_year_day(struct demo_gen *g)
{
	int32_t jan1 = date_from_ymd(g->year, 1, 1);
	int32_t span = g->today - 1 - jan1;
	return g->today - 1 - (int32_t)rng_range(&g->rng, 0, span > 0 ? span : 0);
}

/*
 * The path of tier changes that leads to F's tier, dated: the HNTE step on
 * the certificate's issue day, this year's for tsme and key (registered /
 * listed this year), the others spaced 60–300 days apart, never before
 * registration nor after yesterday. VIA_TSME adds the TSME registration step
 * and numbers it in the year of that step.
 */
static void make_history(struct demo_gen *g, struct firm *f, int via_tsme)
{
	enum tier path[FIRM_STEPS];
	size_t n = 0;
	enum tier t = f->ent.tier;
	path[n++] = TIER_PROSPECT;
	int had_cert = f->ent.hnte_cert_no != NULL;
	if (via_tsme)
		path[n++] = TIER_TSME;
	if (t == TIER_RESERVE || t == TIER_KEY || t == TIER_HNTE || t == TIER_LEADER ||
	    (t == TIER_EXITED && had_cert))
		path[n++] = TIER_RESERVE;
	if (t == TIER_KEY || t == TIER_HNTE || t == TIER_LEADER || (t == TIER_EXITED && had_cert))
		path[n++] = TIER_KEY;
	if (t == TIER_HNTE || t == TIER_LEADER || (t == TIER_EXITED && had_cert))
		path[n++] = TIER_HNTE;
	if (t == TIER_LEADER)
		path[n++] = TIER_LEADER;
	if (t == TIER_EXITED)
		path[n++] = TIER_EXITED;

	/* Dates, backwards from the last step. */
	int32_t on[FIRM_STEPS];
	int32_t reg = f->ent.registered_on;
	size_t hnte_at = n;
	for (size_t i = 0; i < n; i++)
		if (path[i] == TIER_HNTE)
			hnte_at = i;
	int32_t last;
	if (hnte_at < n && hnte_at == n - 1)
		last = f->ent.hnte_issued_on;
	else if (hnte_at < n && t == TIER_EXITED)
		last = f->ent.hnte_expires_on + (int32_t)rng_range(&g->rng, 1, 120);
	else if (hnte_at < n)
		last = f->ent.hnte_issued_on + (int32_t)rng_range(&g->rng, 120, 600);
	else if (t == TIER_TSME || t == TIER_KEY)
		last = this_year_day(g);
	else
		last = g->today - (int32_t)rng_range(&g->rng, 5, 400);
	if (last >= g->today)
		last = g->today - 1;
	on[n - 1] = last;
	for (size_t i = n - 1; i-- > 0;) {
		if (i == hnte_at)
			on[i] = f->ent.hnte_issued_on;
		else
			on[i] = on[i + 1] - (int32_t)rng_range(&g->rng, 60, 300);
	}
	/* Not before registration, TSME not in the year of registration; keep the order. */
	int32_t tsme_from = date_from_ymd(date_year(reg) + 1, 1, 1);
	for (size_t i = 0; i < n; i++) {
		if (on[i] < reg)
			on[i] = reg;
		if (path[i] == TIER_TSME && on[i] < tsme_from)
			on[i] = tsme_from;
		if (i > 0 && on[i] < on[i - 1])
			on[i] = on[i - 1];
	}

	for (size_t i = 0; i < n; i++)
		if (path[i] == TIER_TSME)
			set_tsme(g, f, date_year(on[i]));

	for (size_t i = 0; i < n; i++) {
		int y = date_year(on[i]);
		const char *reason = "";
		switch (path[i]) {
		case TIER_PROSPECT:
			reason = names_printf(g->arena, "%d年度高企培育对象全面排查", y);
			break;
		case TIER_TSME:
			reason = f->ent.tsme_reg_no
					 ? names_printf(g->arena,
							"科技型中小企业评价入库（登记编号%s）",
							f->ent.tsme_reg_no)
					 : "科技型中小企业评价入库";
			break;
		case TIER_RESERVE: reason = "经县级科技部门审核纳入高企后备培育库"; break;
		case TIER_KEY: reason = names_printf(g->arena, "列入%d年度重点培育名单", y); break;
		case TIER_HNTE:
			reason = names_printf(g->arena, "通过%d年高新技术企业认定（证书编号%s）", y,
					      f->ent.hnte_cert_no);
			break;
		case TIER_LEADER: reason = "认定为科技领军企业"; break;
		case TIER_EXITED: reason = f->ent.exit_reason; break;
		}
		add_step(f, path[i], on[i], reason);
	}
}

/* ---- indicators ------------------------------------------------------------------------------ */

static int64_t per_mille(int64_t v, int64_t pm)
{
	return v * pm / 1000;
}

/* Split the counted R&D total R of one year into the eight categories. */
static void make_rd(struct demo_gen *g, struct indicator *in, int64_t r, int overseas_heavy)
{
	int64_t entrusted =
		rng_chance(&g->rng, 300) ? per_mille(r, rng_range(&g->rng, 20, 150)) : 0;
	int64_t overseas = overseas_heavy ? per_mille(r, rng_range(&g->rng, 450, 700)) : 0;
	int64_t other = per_mille(r, rng_range(&g->rng, 10, 80)); /* far below the 20% cap */
	int64_t rest = r - entrusted - overseas - other;
	if (rest < 0)
		rest = 0;
	int64_t personnel = per_mille(rest, rng_range(&g->rng, 450, 620));
	int64_t direct = per_mille(rest, rng_range(&g->rng, 150, 280));
	int64_t depreciation = per_mille(rest, rng_range(&g->rng, 40, 100));
	int64_t amortization = per_mille(rest, rng_range(&g->rng, 0, 30));
	int64_t design = per_mille(rest, rng_range(&g->rng, 0, 40));
	int64_t trials = rest - personnel - direct - depreciation - amortization - design;
	in->rd_personnel = personnel;
	in->rd_direct = direct;
	in->rd_depreciation = depreciation;
	in->rd_amortization = amortization;
	in->rd_design = design;
	in->rd_trials = trials > 0 ? trials : 0;
	in->rd_other = other;
	/* 80% of entrusted R&D counts: the raw amounts are 5/4 of the counted share. */
	in->rd_entrusted_domestic = (entrusted * 5 + 3) / 4;
	in->rd_entrusted_overseas = (overseas * 5 + 3) / 4;
}

static void make_indicators(struct demo_gen *g, struct firm *f)
{
	const struct class_params *p = &params[f->klass];
	struct rng *r = &g->rng;
	enum tier t = f->ent.tier;

	/* Head count: small firms dominate. */
	static const int size_w[] = {38, 34, 18, 8, 2};
	static const int size_lo[] = {8, 30, 100, 300, 1000}, size_hi[] = {29, 99, 299, 999, 3000};
	size_t sz = rng_weighted(r, size_w, 5);
	if (t == TIER_LEADER && sz < 3)
		sz = 3;
	if (t == TIER_TSME && sz > 3)
		sz = 3;
	int64_t persons = rng_low(r, size_lo[sz], size_hi[sz]);
	if (t == TIER_TSME && persons > 480)
		persons = 480;
	int64_t per_head = 150000 + rng_low(r, 0, 1350000); /* 元 of sales per person */
	int64_t sales = persons * per_head * 100;	    /* fen */
	if (t == TIER_TSME && sales > 18000000000LL)
		sales = 18000000000LL;
	int64_t net_assets = per_mille(sales, rng_range(r, 300, 1200));

	int reg_year = date_year(f->ent.registered_on);
	int first = g->year - FIRM_YEARS;
	if (first < reg_year)
		first = reg_year;
	f->n_years = 0;
	int nyears = g->year - first; /* 0 … 3 */
	int overseas_heavy = f->klass == DEMO_MARGINAL && rng_chance(r, 60);

	/* Latest year first, then back-computed with the growth rates. */
	int64_t s = sales, na = net_assets, staff = persons * 100 + (rng_chance(r, 250) ? 50 : 0);
	for (int k = 0; k < nyears; k++) {
		int year = g->year - 1 - k;
		struct indicator *in = &f->years[nyears - 1 - k];
		indicator_init(in, year);
		in->staff = staff;
		int64_t st_pm = rng_range(r, p->st_lo, p->st_hi);
		int64_t st =
			((staff * st_pm + 999) / 1000 + 99) / 100 * 100; /* whole persons, up */
		in->st_staff = st > staff ? staff : st;
		int64_t other_sales = per_mille(s, rng_range(r, 0, 80));
		in->sales_main = s - other_sales;
		in->sales_other = other_sales;
		int64_t non_taxable = rng_chance(r, 400) ? per_mille(s, rng_range(r, 1, 20)) : 0;
		int64_t gross = s + per_mille(s, rng_range(r, 0, 30)) + non_taxable;
		in->gross_income = gross;
		in->non_taxable_income = non_taxable;
		int64_t ht = per_mille(gross - non_taxable, rng_range(r, p->ht_lo, p->ht_hi));
		in->hitech_income = ht > s ? s : ht;
		make_rd(g, in, s * rng_range(r, p->rd_lo, p->rd_hi) / 10000, overseas_heavy);
		int64_t liab_pm = rng_range(r, 250, 750);
		int64_t assets = na * 1000 / (1000 - liab_pm);
		in->total_assets = assets;
		in->total_liabilities = assets - na;
		if (t == TIER_TSME && in->total_assets > 19000000000LL) {
			in->total_assets = 19000000000LL;
			in->total_liabilities =
				in->total_assets - na > 0 ? in->total_assets - na : 0;
		}
		in->cost_expense_total = per_mille(s, rng_range(r, 820, 1040));
		in->conversions = rng_range(r, p->cv_lo, p->cv_hi);
		in->incident = k == 0 && f->klass >= DEMO_MARGINAL && f->klass != DEMO_INCOMPLETE &&
			       rng_chance(r, 10);
		/* The year before, from this year's growth. */
		s = s * 1000 / (1000 + rng_range(r, p->g_lo, p->g_hi));
		na = na * 1000 / (1000 + rng_range(r, p->na_lo, p->na_hi));
		staff = per_mille(staff, rng_range(r, 880, 1000)) / 100 * 100;
		if (staff < 300)
			staff = 300;
	}
	f->n_years = (size_t)nyears;

	if (f->klass == DEMO_INCOMPLETE && nyears > 0) {
		struct indicator *last = &f->years[nyears - 1];
		int64_t what = rng_range(r, 0, 9);
		if (what < 5)
			last->hitech_income = LEDGER_NONE;
		else if (what < 8)
			last->st_staff = LEDGER_NONE;
		else
			f->n_years--; /* the last year was never reported */
	}
}

/* ---- IP ------------------------------------------------------------------------------------- */

static const char *const methods[] = {
	"制备方法", "生产工艺", "检测方法", "提纯方法", "回收利用方法", "控制方法", "节能工艺",
};

static const char *const systems[] = {
	"管理系统", "监测平台",	    "控制软件", "数据分析系统",
	"运维平台", "质量追溯系统", "调度系统", "能耗管理系统",
};

static const char *const devices[] = {
	"输送装置",	"检测装置", "除尘装置", "冷却装置", "固定支架",
	"自动上料机构", "分选装置", "干燥设备", "计量装置",
};

/* Chinese patent application number check character (weights 2…9, 2…5; mod 11; 10 → X). */
static char patent_check(const char digits[12])
{
	static const int w[12] = {2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5};
	int sum = 0;
	for (int i = 0; i < 12; i++)
		sum += (digits[i] - '0') * w[i];
	int c = sum % 11;
	return c == 10 ? 'X' : (char)('0' + c);
}

struct ip_spec {
	const char *kind;
	int used_year; /* 0 = not used */
	int valid;
	int32_t before; /* granted before this day */
};

static void add_ip(struct demo_gen *g, struct firm *f, const struct ip_spec *sp, int64_t *serial)
{
	if (f->n_ip >= FIRM_IP)
		return;
	struct rng *r = &g->rng;
	struct ip_item *it = &f->ip[f->n_ip];
	ip_item_init(it);
	it->kind = sp->kind;
	int32_t hi = sp->before - 20, lo = f->ent.registered_on + 90;
	if (lo < hi - 3650)
		lo = hi - 3650;
	if (lo > hi) { /* a young firm: bought in */
		lo = hi - 2000;
		it->acquired = "transfer";
	} else if (rng_chance(r, 60)) {
		it->acquired = rng_chance(r, 800) ? "transfer" : "merger";
	}
	int32_t granted = (int32_t)rng_range(r, lo, hi);
	it->granted_on = granted;
	*serial += rng_range(r, 1, 97);
	int type = !strcmp(sp->kind, "invention_patent") ? 1
		   : !strcmp(sp->kind, "utility_model")	 ? 2
		   : !strcmp(sp->kind, "design_patent")	 ? 3
							 : 0;
	const char *product = f->product;
	if (type) {
		int32_t filed = granted - (int32_t)(type == 1 ? rng_range(r, 500, 1100)
							      : rng_range(r, 120, 360));
		char digits[32];
		snprintf(digits, sizeof digits, "%04d%d%07lld", date_year(filed), type,
			 (long long)(*serial % 10000000));
		it->number = names_printf(g->arena, "ZL%s.%c", digits, patent_check(digits));
		it->expires_on = date_add_years(filed, type == 1 ? 20 : type == 2 ? 10 : 15) - 1;
		if (type == 1)
			it->title =
				names_printf(g->arena, "一种%s的%s", product, RNG_PICK(r, methods));
		else if (type == 2)
			it->title =
				names_printf(g->arena, "一种%s用%s", product, RNG_PICK(r, devices));
		else
			it->title = names_printf(g->arena, "%s包装盒", product);
	} else {
		it->number = names_printf(g->arena, "%04dSR%07lld", date_year(granted),
					  (long long)(*serial % 10000000));
		it->title = names_printf(g->arena, "%s%s%sV%d.0", f->short_name, product,
					 RNG_PICK(r, systems), (int)rng_range(r, 1, 3));
	}
	it->valid = sp->valid;
	it->legal_status = sp->valid ? "有效" : "未缴年费专利权终止";
	if (sp->used_year)
		it->used_in_recognition = sp->used_year;
	f->n_ip++;
}

static void make_ip(struct demo_gen *g, struct firm *f)
{
	struct rng *r = &g->rng;
	int64_t serial = rng_range(r, 100000, 8000000);
	int inv = 0, um = 0, sw = 0, dp = 0;
	switch (f->klass) {
	case DEMO_STRONG:
		inv = (int)rng_range(r, 1, 4);
		um = (int)rng_range(r, 2, 9);
		sw = (int)rng_range(r, 1, 4);
		dp = (int)rng_range(r, 0, 2);
		break;
	case DEMO_GOOD:
	case DEMO_INCOMPLETE:
		if (rng_chance(r, 500)) {
			inv = (int)rng_range(r, 1, 2);
			um = (int)rng_range(r, 0, 4);
			sw = (int)rng_range(r, 0, 2);
		} else { /* five or more usable class II items */
			um = (int)rng_range(r, 3, 5);
			sw = (int)rng_range(r, 2, 3);
		}
		break;
	case DEMO_MARGINAL:
		inv = rng_chance(r, 250) ? 1 : 0;
		um = (int)rng_range(r, 0, 4);
		sw = (int)rng_range(r, 0, 2);
		break;
	case DEMO_WEAK:
		if (rng_chance(r, 500)) {
			um = (int)rng_range(r, 0, 2);
			sw = (int)rng_range(r, 1, 2);
		}
		break;
	}
	int32_t now = g->today;
	for (int i = 0; i < inv; i++)
		add_ip(g, f, &(struct ip_spec){"invention_patent", 0, 1, now}, &serial);
	for (int i = 0; i < um; i++)
		add_ip(g, f, &(struct ip_spec){"utility_model", 0, 1, now}, &serial);
	for (int i = 0; i < sw; i++)
		add_ip(g, f, &(struct ip_spec){"software_copyright", 0, 1, now}, &serial);
	for (int i = 0; i < dp; i++)
		add_ip(g, f, &(struct ip_spec){"design_patent", 0, 1, now}, &serial);
	/* Class II items already used in the firm's recognition. */
	if (f->ent.hnte_cert_no) {
		int used = (int)rng_range(r, 1, 4);
		int year = date_year(f->ent.hnte_issued_on);
		for (int i = 0; i < used; i++)
			add_ip(g, f,
			       &(struct ip_spec){i % 2 ? "software_copyright" : "utility_model",
						 year, 1, f->ent.hnte_issued_on},
			       &serial);
	}
	/* Some lapsed items. */
	if (rng_chance(r, 200))
		add_ip(g, f, &(struct ip_spec){"utility_model", 0, 0, now}, &serial);
}

/* ---- ratings ------------------------------------------------------------------------------- */

static void make_ratings(struct demo_gen *g, struct firm *f)
{
	struct rng *r = &g->rng;
	qualitative_init(&f->q, g->year - 1);
	f->rated = 0;
	if (f->klass == DEMO_STRONG) {
		f->q.advancement.band = 'A';
		f->q.core_support.band = 'A';
		if (rng_chance(r, 500)) {
			f->q.rd_org_band = 'A';
		} else {
			f->q.rd_org[0] = rng_range(r, 5, 6);
			f->q.rd_org[1] = rng_range(r, 5, 6);
			f->q.rd_org[2] = rng_range(r, 3, 4);
			f->q.rd_org[3] = rng_range(r, 3, 4);
		}
		f->q.standards = 1;
		f->rated = 1;
	} else if (f->klass == DEMO_GOOD && rng_chance(r, 300)) {
		f->q.advancement.band = 'B';
		f->q.core_support.band = 'B';
		f->q.rd_org_band = 'B';
		f->q.standards = 0;
		f->rated = 1;
	} else if (f->klass == DEMO_MARGINAL && rng_chance(r, 200)) {
		f->q.advancement.band = rng_chance(r, 500) ? 'B' : 'C';
		f->q.core_support.band = 'C';
		f->q.rd_org_band = 'C';
		f->rated = 1;
	}
}

/* ---- one enterprise ------------------------------------------------------------------------ */

void firm_make(struct demo_gen *g, int64_t index, struct firm *f)
{
	assert(g->n_areas > 0 && g->n_areas <= DEMO_MAX_AREAS && g->fields);
	struct rng *r = &g->rng;
	memset(f, 0, sizeof *f);
	enterprise_init(&f->ent);

	enum tier t;
	enum demo_class k;
	if (index < (int64_t)(sizeof fixed / sizeof fixed[0])) {
		t = fixed[index].tier;
		k = fixed[index].klass;
	} else {
		t = (enum tier)rng_weighted(r, tier_weights, TIER_COUNT);
		k = (enum demo_class)rng_weighted(r, class_weights[t], DEMO_CLASS_COUNT);
	}
	f->ent.tier = t;
	f->klass = k;

	int aw[DEMO_MAX_AREAS];
	for (size_t i = 0; i < g->n_areas; i++)
		aw[i] = g->areas[i].weight;
	const struct demo_area *a = &g->areas[rng_weighted(r, aw, g->n_areas)];
	int gw[DEMO_NGROUPS];
	for (size_t i = 0; i < DEMO_NGROUPS; i++)
		gw[i] = names_groups[i].weight;
	size_t gi = rng_weighted(r, gw, DEMO_NGROUPS);
	const struct names_group *gr = &names_groups[gi];

	/* A certificate for recognised firms, an old one for some that left. */
	int64_t cert_age = -1;
	if (t == TIER_HNTE || t == TIER_LEADER)
		cert_age = rng_range(r, 0, 3);
	else if (t == TIER_EXITED && rng_chance(r, 250))
		cert_age = rng_range(r, 4, 7);

	/* Registration: older firms for the classes that need three full years. */
	int64_t age = k == DEMO_STRONG || k == DEMO_GOOD || k == DEMO_INCOMPLETE || t >= TIER_HNTE
			      ? rng_low(r, 4, 26)
			      : rng_low(r, 0, 26);
	if (cert_age >= 0 && age < cert_age + 2)
		age = cert_age + 2; /* registered at least a year before recognition */
	if (t == TIER_TSME && age < 1)
		age = 1; /* a TSME needs a data year: registered before this year (rules.md §1) */
	int reg_year = g->year - (int)age;
	f->ent.registered_on = day_in_year(g, reg_year);
	reg_year = date_year(f->ent.registered_on);

	names_uscc(g, a, reg_year, f->ent.uscc);
	f->ent.name = names_company(g, a, gr, &f->short_name);
	f->ent.area = a->code;
	f->ent.address = names_address(g, a);
	f->ent.legal_rep = names_person(g);
	f->ent.contact_name = rng_chance(r, 300) ? f->ent.legal_rep : names_person(g);
	f->ent.contact_phone = names_mobile(g);
	f->ent.industry = RNG_PICKN(r, gr->industries);
	f->ent.field = names_field(g, gi);
	f->product = RNG_PICKN(r, gr->products);
	const char *p2 = RNG_PICKN(r, gr->products);
	f->ent.main_products = strcmp(p2, f->product)
				       ? names_printf(g->arena, "%s、%s", f->product, p2)
				       : f->product;
	f->ent.county_contact = a->contact;

	if (cert_age >= 0)
		set_cert(g, f, g->year - (int)cert_age);
	if (t == TIER_EXITED) {
		f->ent.exit_reason = f->ent.hnte_cert_no ? "高新技术企业证书到期未重新认定"
							 : names_exit_reason(g);
	}
	/* TSME registration: a step of the path for tsme and most reserve/key firms. */
	int via_tsme = t == TIER_TSME || (t == TIER_RESERVE && rng_chance(r, 600)) ||
		       (t == TIER_KEY && rng_chance(r, 700));
	via_tsme = via_tsme && reg_year < g->year; /* no data year yet: cannot register */

	make_indicators(g, f);
	make_ip(g, f);
	make_ratings(g, f);
	make_history(g, f, via_tsme);
	if (!via_tsme && t == TIER_HNTE &&
	    rng_chance(r, 250)) /* recognised firms may register too */
		set_tsme(g, f, g->year - (int)rng_range(r, 0, 1));

	int64_t sales = f->n_years ? indicator_sales(&f->years[f->n_years - 1]) : 0;
	f->ent.above_scale = sales >= 2000000000LL; /* 20 million 元 */
	f->ent.listed = t == TIER_LEADER ? rng_chance(r, 250)
					 : sales >= 50000000000LL && rng_chance(r, 100);
	struct strbuf tb;
	strbuf_init(&tb, 0);
	/* above_scale is the one mark of 规上企业: never a tag besides it */
	if (k <= DEMO_GOOD && rng_chance(r, 300))
		strbuf_adds(&tb, names_tag(g));
	f->ent.tags = arena_strdup(g->arena, strbuf_cstr(&tb));
	strbuf_cleanup(&tb);

	memcpy(f->ent.created_at, iso_time(g, f->steps[0].on), 21);
	memcpy(f->ent.updated_at, iso_time(g, f->steps[f->n_steps - 1].on), 21);
}
