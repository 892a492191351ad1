/*
 * awards — the demo's award funds (see awards.h).
 */
#include "demo/awards.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "ledger/apply/tsme.h"
#include "ledger/awards/award.h"
#include "ledger/awards/policy.h"
#include "ledger/awards/support.h"
#include "ledger/register/enterprise.h"

#define YUAN(x) ((int64_t)(x)*100)

static int policies(struct ledger *l, int64_t year, struct err *e)
{
	static struct award_tier tsme_tiers[] = {{0, YUAN(10000)}, {YUAN(3000000), YUAN(20000)}};
	static struct award_split leader_splits[] = {{"530302", LEDGER_NONE, YUAN(100000)}};
	char doc[64];
	struct award_policy p;
	int rc = 0;
	snprintf(doc, sizeof doc, "曲科发〔%lld〕18号", (long long)year - 1);
	award_policy_init(&p);
	p.year = year;
	p.doc_no = doc;
	p.name = "高新技术企业首次认定奖励";
	p.kind = AWARD_FIRST_RECOGNITION;
	p.amount = YUAN(100000);
	p.county_bp = 5000;
	rc = award_policy_save(l, &p, NULL, e);
	p.name = "高新技术企业重新认定奖励";
	p.kind = AWARD_RE_RECOGNITION;
	p.amount = YUAN(50000);
	if (!rc)
		rc = award_policy_save(l, &p, NULL, e);
	p.name = "科技型中小企业入库奖励";
	p.kind = AWARD_TSME_REGISTRATION;
	p.amount = 0;
	p.band = AWARD_BAND_RD;
	p.tiers = tsme_tiers;
	p.n_tiers = 2;
	p.county_bp = 4000;
	if (!rc)
		rc = award_policy_save(l, &p, NULL, e);
	award_policy_init(&p);
	p.year = year;
	p.doc_no = doc;
	p.name = "创新型领军企业奖励";
	p.kind = AWARD_LEADER;
	p.amount = YUAN(500000);
	p.county_bp = 3000;
	p.splits = leader_splits;
	p.n_splits = 1;
	if (!rc)
		rc = award_policy_save(l, &p, NULL, e);
	return rc;
}

/* The TSME registrations of year Y of the firms the register holds as registered in Y. */
static int tsme_of_year(struct ledger *l, int y, struct arena *a, struct err *e)
{
	struct enterprise_filter f;
	struct enterprise_page pg;
	enterprise_filter_init(&f);
	f.limit = ENTERPRISE_PAGE_MAX;
	f.sort = ENTERPRISE_SORT_USCC;
	int rc = enterprise_list(l, &f, a, &pg, e);
	int made = 0;
	for (size_t i = 0; !rc && i < pg.n && made < 24; i++) {
		const struct enterprise *ent = &pg.items[i];
		if (!ent->tsme_reg_no || ent->tsme_year != y || ent->tier == TIER_PROSPECT)
			continue; /* a prospect would move up a tier: the register stays as seeded
				   */
		struct tsme_reg r;
		memset(&r, 0, sizeof r);
		r.year = y;
		r.reg_no = ent->tsme_reg_no;
		r.registered_on = date_from_ymd(y, 3 + made % 6, 5 + made % 20);
		rc = tsme_save(l, ent->uscc, &r, NULL, e);
		made++;
	}
	return rc;
}

static int budgets(struct ledger *l, int64_t year, int64_t city, int64_t county, struct err *e)
{
	static const char *const counties[] = {"530302", "530303", "530304", "530381", "530322",
					       "530323", "530324", "530325", "530326"};
	int rc = award_budget_save(l, year, "city", city, "市本级科技专项资金", e);
	for (size_t i = 0; !rc && i < sizeof counties / sizeof counties[0]; i++)
		rc = award_budget_save(l, year, counties[i], county, NULL, e);
	return rc == ERR_INVALID ? 0 : rc; /* an area the seed does not know */
}

/* Last year's lines: approved, most paid (city, then county), one rejected. */
static int work_last(struct ledger *l, int y, struct arena *a, struct err *e)
{
	struct award_filter f;
	struct award_line *ls = NULL;
	size_t n = 0;
	award_filter_init(&f);
	f.year = y;
	int rc = award_list(l, &f, a, &ls, &n, e);
	for (size_t i = 0; !rc && i < n; i++) {
		char v[32];
		if (i == 3) {
			rc = award_reject(l, ls[i].id, "企业已于核算前迁出本市，不予奖励", e);
			continue;
		}
		rc = award_confirm(l, ls[i].id, date_from_ymd(y + 1, 1, 8), e);
		if (!rc) {
			rc = award_approve(l, ls[i].id, date_from_ymd(y + 1, 1, 15), e);
			if (rc == ERR_CONFLICT) { /* over the budget: it waits (the page warns) */
				rc = 0;
				continue;
			}
		}
		if (!rc && i % 4 != 1 && ls[i].city_part) {
			snprintf(v, sizeof v, "SJ%d-%04zu", y + 1, i + 1);
			rc = award_disburse(l, ls[i].id, AWARD_PART_CITY,
					    date_from_ymd(y + 1, 3, 2), v, e);
		}
		if (!rc && i % 3 == 0 && ls[i].county_part) {
			snprintf(v, sizeof v, "QX%d-%04zu", y + 1, i + 1);
			rc = award_disburse(l, ls[i].id, AWARD_PART_COUNTY,
					    date_from_ymd(y + 1, 4, 10), v, e);
		}
	}
	return rc;
}

static int support(struct ledger *l, int y, struct arena *a, struct err *e)
{
	static const struct {
		enum support_kind kind;
		int64_t yuan;
		const char *source, *note;
	} rows[] = {
		{SUPPORT_CREDIT_LOAN, 3000000, "曲靖市商业银行",
		 "科技型企业知识价值信用贷款，贴息50%"},
		{SUPPORT_RD_SUBSIDY, 120000, "市科技局", "研发费用后补助"},
		{SUPPORT_VOUCHER, 50000, "云南省科技厅", "科技创新券（检测服务）"},
		{SUPPORT_TAX_BENEFIT, 380000, "国家税务总局曲靖市税务局",
		 "高新技术企业15%税率减免"},
	};
	struct enterprise_filter f;
	struct enterprise_page pg;
	enterprise_filter_init(&f);
	f.tier = TIER_HNTE;
	f.limit = 12;
	f.sort = ENTERPRISE_SORT_USCC;
	int rc = enterprise_list(l, &f, a, &pg, e);
	for (size_t i = 0; !rc && i < pg.n; i++) {
		struct support_record r;
		memset(&r, 0, sizeof r);
		size_t k = i % 4;
		r.kind = rows[k].kind;
		r.granted_on = date_from_ymd(y - (int)(i % 2), 2 + (int)i % 9, 12);
		r.amount = YUAN(rows[k].yuan + (int64_t)i * 1000);
		r.source = rows[k].source;
		r.note = rows[k].note;
		rc = support_save(l, pg.items[i].uscc, &r, NULL, e);
	}
	return rc;
}

int demo_awards(struct ledger *l, int32_t today, struct err *e)
{
	struct arena *a = arena_new();
	struct award_run run;
	int y = date_year(today);
	int rc = ledger_begin(l, e);
	if (rc)
		goto out;
	rc = policies(l, y - 1, e);
	if (!rc)
		rc = policies(l, y, e);
	if (!rc)
		rc = tsme_of_year(l, y - 1, a, e);
	if (!rc)
		rc = tsme_of_year(l, y, a, e);
	if (!rc)
		rc = budgets(l, y - 1, YUAN(3000000), YUAN(600000), e);
	if (!rc)
		rc = budgets(l, y, YUAN(1200000), YUAN(400000), e);
	if (!rc)
		rc = award_run(l, y - 1, 1, a, &run, e);
	if (!rc)
		rc = work_last(l, y - 1, a, e);
	if (!rc)
		rc = award_run(l, y, 1, a, &run, e);
	if (!rc)
		rc = support(l, y, a, e);
	if (rc)
		ledger_rollback(l, NULL);
	else
		rc = ledger_commit(l, e);
out:
	arena_free(a);
	return rc;
}
