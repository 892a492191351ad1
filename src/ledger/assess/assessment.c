/*
 * assessment — stored data → rules-engine profile → assessment.
 */
#include "ledger/assess/assessment.h"
#include "ledger/assess/assessment.h"
#include "ledger/internal.h"

#include <pthread.h>
#include <stddef.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "ledger/register/enterprise.h"
#include "ledger/records/indicator.h"
#include "ledger/records/ip.h"
#include "ledger/records/qualitative.h"

static int64_t none0(int64_t v)
{
	return v == LEDGER_NONE ? 0 : v;
}

static void fill_year(struct profile_year *y, const struct indicator *in)
{
	static const size_t cat[PROFILE_RD_COUNT] = {
		offsetof(struct indicator, rd_personnel),
		offsetof(struct indicator, rd_direct),
		offsetof(struct indicator, rd_depreciation),
		offsetof(struct indicator, rd_amortization),
		offsetof(struct indicator, rd_design),
		offsetof(struct indicator, rd_trials),
		offsetof(struct indicator, rd_other),
		offsetof(struct indicator, rd_entrusted_domestic),
		offsetof(struct indicator, rd_entrusted_overseas),
	};
	y->staff = in->staff;
	y->st_staff = in->st_staff;
	y->sales = indicator_sales(in);
	y->gross_income = in->gross_income;
	y->non_taxable_income = in->non_taxable_income;
	y->hitech_income = in->hitech_income;
	y->rd_given = 0;
	for (int i = 0; i < PROFILE_RD_COUNT; i++) {
		int64_t v = *(const int64_t *)((const char *)in + cat[i]);
		if (v != LEDGER_NONE)
			y->rd_given = 1;
	}
	for (int i = 0; i < PROFILE_RD_COUNT; i++)
		y->rd[i] = y->rd_given ? none0(*(const int64_t *)((const char *)in + cat[i]))
				       : PROFILE_NONE;
	y->rd_total = in->rd_total;
	y->rd_domestic = in->rd_domestic;
	y->total_assets = in->total_assets;
	y->total_liabilities = in->total_liabilities;
	y->cost_expense_total = in->cost_expense_total;
	y->conversions = in->conversions;
}

static void fill_rating(struct profile_rating *out, const struct rating *r)
{
	if (r->band) {
		out->kind = PROFILE_RATING_LETTER;
		out->value = r->band;
	} else if (r->points != LEDGER_NONE) {
		out->kind = PROFILE_RATING_POINTS;
		out->value = (int)r->points;
	} else {
		out->kind = PROFILE_RATING_NONE;
		out->value = 0;
	}
}

static void fill_qualitative(struct profile_qualitative *pq, const struct qualitative *q)
{
	int any = 0;
	fill_rating(&pq->advancement, &q->advancement);
	fill_rating(&pq->core_support, &q->core_support);
	for (int i = 0; i < 4; i++) {
		pq->rd_org_points[i] = q->rd_org[i] == LEDGER_NONE ? -1 : (int)q->rd_org[i];
		if (q->rd_org[i] != LEDGER_NONE)
			any = 1;
	}
	if (q->rd_org_band) {
		pq->rd_org_kind = PROFILE_RATING_LETTER;
		pq->rd_org_letter = q->rd_org_band;
	} else {
		pq->rd_org_kind = any ? PROFILE_RATING_POINTS : PROFILE_RATING_NONE;
	}
	pq->standards = q->standards < 0 ? PROFILE_FLAG_NONE : q->standards;
}

int assessment_profile(struct ledger *l, const char *uscc, int32_t apply_on, struct profile *p,
		       struct err *e)
{
	struct arena *arena = arena_new();
	struct enterprise ent;
	struct indicator *years = NULL;
	struct ip_item *ips = NULL;
	struct qualitative q;
	size_t ny = 0, nip = 0, first = 0, used = 0;
	int rc;

	profile_reset(p);
	if (apply_on == LEDGER_NO_DATE)
		apply_on = date_today();
	int apply_year = date_year(apply_on);
	rc = enterprise_get(l, uscc, arena, &ent, e);
	if (rc)
		goto out;
	ledger_copy_bytes(p->uscc, sizeof p->uscc, ent.uscc);
	ledger_copy_bytes(p->name, sizeof p->name, ent.name);
	ledger_copy_bytes(p->field, sizeof p->field, ent.field);
	p->registered_on =
		ent.registered_on == LEDGER_NO_DATE ? PROFILE_NO_DATE : ent.registered_on;
	p->apply_on = apply_on;
	if (ent.hnte_cert_no && ent.hnte_issued_on != LEDGER_NO_DATE) {
		ledger_copy_bytes(p->hnte_certificate, sizeof p->hnte_certificate,
				  ent.hnte_cert_no);
		p->hnte_issued_on = ent.hnte_issued_on;
	}

	rc = indicator_list(l, uscc, arena, &years, &ny, e);
	if (rc)
		goto out;
	for (size_t i = 0; i < ny; i++)
		if (years[i].year < apply_year)
			used = i + 1;
	first = used > PROFILE_MAX_YEARS ? used - PROFILE_MAX_YEARS : 0;
	for (size_t i = first; i < used; i++) {
		struct profile_year *y = NULL;
		rc = profile_add_year(p, (int32_t)years[i].year, &y, e);
		if (rc)
			goto out;
		fill_year(y, &years[i]);
		if (years[i].incident) {
			rc = profile_add_incident(p, PROFILE_INC_MAJOR_SAFETY,
						  date_from_ymd((int)years[i].year, 12, 31), e);
			if (rc)
				goto out;
		}
	}

	rc = ip_list(l, uscc, arena, &ips, &nip, e);
	if (rc)
		goto out;
	p->ip_given = 1;
	for (size_t i = 0; i < nip; i++) {
		struct profile_ip *it = NULL;
		int kind = profile_ip_kind_parse(ips[i].kind);
		int acq = profile_acquired_parse(ips[i].acquired ? ips[i].acquired : "self");
		if (kind < 0)
			continue; /* not an IP kind the rules count */
		rc = profile_add_ip(p, &it, e);
		if (rc)
			goto out;
		it->kind = (enum profile_ip_kind)kind;
		ledger_copy_bytes(it->number, sizeof it->number, ips[i].number);
		it->granted_on =
			ips[i].granted_on == LEDGER_NO_DATE ? PROFILE_NO_DATE : ips[i].granted_on;
		it->acquired = acq < 0 ? PROFILE_ACQ_SELF : (enum profile_acquired)acq;
		it->used_in_recognition = ips[i].used_in_recognition == LEDGER_NONE
						  ? 0
						  : (int32_t)ips[i].used_in_recognition;
		it->valid = ips[i].valid;
	}

	rc = qualitative_latest(l, uscc, apply_year, arena, &q, e);
	if (rc == 0)
		fill_qualitative(&p->qualitative, &q);
	else if (rc == ERR_NOT_FOUND) {
		rc = 0;
		err_clear(e);
	}
out:
	arena_free(arena);
	return rc;
}

int assessment_run(struct ledger *l, const char *uscc, int32_t apply_on, struct profile *p,
		   struct assess_result *out, struct err *e)
{
	int rc = assessment_profile(l, uscc, apply_on, p, e);
	if (rc)
		return rc;
	const struct fields_table *ft = ledger_fields();
	if (!ft)
		return err_set(e, ERR_INTERNAL, NULL, "内部错误：技术领域表无法载入");
	return assess_run(NULL, ft, p, out, e);
}
