/* profile — the enterprise profile of rules.md §1: init, arrays, names. */
#include "rules/profile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/xalloc.h"

static const char *const ip_kind_names[PROFILE_IP_KIND_COUNT] = {
	"invention_patent", "defense_patent",	    "plant_variety", "crop_variety",
	"new_drug",	    "tcm_protected_grade1", "ic_layout",     "utility_model",
	"design_patent",    "software_copyright",   "other_ii",
};

static const char *const ip_kind_labels[PROFILE_IP_KIND_COUNT] = {
	"发明专利",	    "国防专利",	       "植物新品种",
	"国家级农作物品种", "国家新药",	       "国家一级中药保护品种",
	"集成电路布图设计", "实用新型专利",    "外观设计专利",
	"软件著作权",	    "其他Ⅱ类知识产权",
};

static const char *const acquired_names[PROFILE_ACQ_COUNT] = {"self", "transfer", "gift", "merger"};

static const char *const incident_names[PROFILE_INC_KIND_COUNT] = {"major_safety", "major_quality",
								   "serious_env"};

static const char *const rd_names[PROFILE_RD_COUNT] = {
	"personnel", "direct", "depreciation",	     "amortization",	   "design",
	"trials",    "other",  "entrusted_domestic", "entrusted_overseas",
};

static const char *const field_names[PROFILE_F_COUNT] = {
	"registered_on",
	"field",
	"",
	"staff",
	"st_staff",
	"sales",
	"gross_income",
	"hitech_income",
	"rd",
	"rd_domestic",
	"total_assets",
	"total_liabilities",
	"conversions",
	"ip",
	"cost_expense_total",
};

void profile_year_init(struct profile_year *y, int32_t year)
{
	memset(y, 0, sizeof *y);
	y->year = year;
	y->staff = y->st_staff = PROFILE_NONE;
	y->sales = y->gross_income = y->non_taxable_income = y->hitech_income = PROFILE_NONE;
	y->rd_given = 0;
	for (int i = 0; i < PROFILE_RD_COUNT; i++)
		y->rd[i] = PROFILE_NONE;
	y->rd_total = y->rd_domestic = PROFILE_NONE;
	y->total_assets = y->total_liabilities = y->cost_expense_total = PROFILE_NONE;
	y->conversions = PROFILE_NONE;
}

static void reset_fields(struct profile *p)
{
	p->uscc[0] = '\0';
	p->name[0] = '\0';
	p->registered_on = PROFILE_NO_DATE;
	p->apply_on = PROFILE_NO_DATE;
	p->field[0] = '\0';
	p->projected_sales = PROFILE_NONE;
	p->n_years = 0;
	p->n_ip = 0;
	p->ip_given = 0;
	p->n_incidents = 0;
	p->qualitative.advancement.kind = PROFILE_RATING_NONE;
	p->qualitative.advancement.value = 0;
	p->qualitative.core_support = p->qualitative.advancement;
	p->qualitative.rd_org_kind = PROFILE_RATING_NONE;
	p->qualitative.rd_org_letter = 0;
	for (int i = 0; i < 4; i++)
		p->qualitative.rd_org_points[i] = -1;
	p->qualitative.standards = PROFILE_FLAG_NONE;
	p->hnte_certificate[0] = '\0';
	p->hnte_issued_on = PROFILE_NO_DATE;
	p->hnte_revoked_on = PROFILE_NO_DATE;
	p->tsme.resident = p->tsme.audit_collection = PROFILE_FLAG_NONE;
	p->tsme.restricted_industry = p->tsme.negative_list_industry = PROFILE_FLAG_NONE;
	p->tsme.integrity_issue = PROFILE_FLAG_NONE;
	p->tsme.national_award_top3_5y = p->tsme.provincial_rd_institution = PROFILE_FLAG_NONE;
	p->tsme.led_standard_5y = PROFILE_FLAG_NONE;
}

void profile_init(struct profile *p)
{
	memset(p, 0, sizeof *p);
	reset_fields(p);
}

void profile_cleanup(struct profile *p)
{
	if (!p)
		return;
	free(p->ip);
	free(p->incidents);
	profile_init(p);
}

void profile_reset(struct profile *p)
{
	reset_fields(p);
}

int profile_add_year(struct profile *p, int32_t year, struct profile_year **out, struct err *e)
{
	for (size_t i = 0; i < p->n_years; i++)
		if (p->years[i].year == year)
			return err_set(e, ERR_CONFLICT, "years", "年度%d重复出现", (int)year);
	if (p->n_years >= PROFILE_MAX_YEARS)
		return err_set(e, ERR_TOO_BIG, "years", "年度数据最多%d年", PROFILE_MAX_YEARS);
	struct profile_year *y = &p->years[p->n_years++];
	profile_year_init(y, year);
	*out = y;
	return 0;
}

int profile_fiscal_years(const struct profile *p, int32_t out[3])
{
	int n = 0;
	int ay = date_year(p->apply_on);
	int ry = p->registered_on == PROFILE_NO_DATE ? INT32_MIN : date_year(p->registered_on);
	for (int y = ay - 3; y < ay; y++)
		if (y >= ry)
			out[n++] = y;
	return n;
}

const struct profile_year *profile_find_year(const struct profile *p, int32_t year)
{
	for (size_t i = 0; i < p->n_years; i++)
		if (p->years[i].year == year)
			return &p->years[i];
	return NULL;
}

int profile_add_ip(struct profile *p, struct profile_ip **out, struct err *e)
{
	if (p->n_ip >= PROFILE_MAX_IP)
		return err_set(e, ERR_TOO_BIG, "ip", "知识产权最多%d项", PROFILE_MAX_IP);
	if (p->n_ip == p->cap_ip) {
		size_t cap = p->cap_ip ? p->cap_ip * 2 : 16;
		p->ip = xrealloc(p->ip, cap * sizeof *p->ip);
		p->cap_ip = cap;
	}
	struct profile_ip *ip = &p->ip[p->n_ip++];
	memset(ip, 0, sizeof *ip);
	ip->kind = PROFILE_IP_INVENTION_PATENT;
	ip->granted_on = PROFILE_NO_DATE;
	ip->acquired = PROFILE_ACQ_SELF;
	ip->used_in_recognition = 0;
	ip->valid = 1;
	*out = ip;
	return 0;
}

int profile_add_incident(struct profile *p, enum profile_incident_kind kind, int32_t on,
			 struct err *e)
{
	if (p->n_incidents >= PROFILE_MAX_INCIDENTS)
		return err_set(e, ERR_TOO_BIG, "incidents", "事故记录最多%d条",
			       PROFILE_MAX_INCIDENTS);
	if (p->n_incidents == p->cap_incidents) {
		size_t cap = p->cap_incidents ? p->cap_incidents * 2 : 4;
		p->incidents = xrealloc(p->incidents, cap * sizeof *p->incidents);
		p->cap_incidents = cap;
	}
	p->incidents[p->n_incidents].kind = kind;
	p->incidents[p->n_incidents].on = on;
	p->n_incidents++;
	return 0;
}

const char *profile_ip_kind_name(enum profile_ip_kind k)
{
	return (unsigned)k < PROFILE_IP_KIND_COUNT ? ip_kind_names[k] : "?";
}

const char *profile_ip_kind_label(enum profile_ip_kind k)
{
	return (unsigned)k < PROFILE_IP_KIND_COUNT ? ip_kind_labels[k] : "?";
}

static int parse_name(const char *const *names, int n, const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < n; i++)
		if (!strcmp(names[i], s))
			return i;
	return -1;
}

int profile_ip_kind_parse(const char *s)
{
	return parse_name(ip_kind_names, PROFILE_IP_KIND_COUNT, s);
}

int profile_ip_class(enum profile_ip_kind k)
{
	return k < PROFILE_IP_UTILITY_MODEL ? 1 : 2;
}

const char *profile_acquired_name(enum profile_acquired a)
{
	return (unsigned)a < PROFILE_ACQ_COUNT ? acquired_names[a] : "?";
}

int profile_acquired_parse(const char *s)
{
	return parse_name(acquired_names, PROFILE_ACQ_COUNT, s);
}

const char *profile_incident_kind_name(enum profile_incident_kind k)
{
	return (unsigned)k < PROFILE_INC_KIND_COUNT ? incident_names[k] : "?";
}

int profile_incident_kind_parse(const char *s)
{
	return parse_name(incident_names, PROFILE_INC_KIND_COUNT, s);
}

const char *profile_rd_name(enum profile_rd c)
{
	return (unsigned)c < PROFILE_RD_COUNT ? rd_names[c] : "?";
}

char *profile_missing_format(const struct profile_missing *m, char *out, size_t size)
{
	const char *f = m->field < PROFILE_F_COUNT ? field_names[m->field] : "?";
	if (m->year == 0)
		snprintf(out, size, "%s", f);
	else if (m->field == PROFILE_F_YEAR)
		snprintf(out, size, "years[%d]", (int)m->year);
	else
		snprintf(out, size, "years[%d].%s", (int)m->year, f);
	return out;
}
