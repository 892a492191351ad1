/*
 * A passing enterprise profile for the rules tests: each test starts from it
 * and changes the one fact it checks. Registered 2019-05-20, applying
 * 2024-06-30 (fiscal years 2021–2023), field 10101, one invention patent,
 * strong qualitative ratings, every condition comfortably met.
 */
#ifndef GAOQI_TESTS_RULES_FIXTURE_H
#define GAOQI_TESTS_RULES_FIXTURE_H

#include <stdint.h>
#include <string.h>

#include "core/date.h"
#include "rules/profile.h"

#define YUAN(x) ((int64_t)(x)*100)    /* whole 元 → fen */
#define WAN(x) ((int64_t)(x)*1000000) /* whole 万元 → fen */
#define PEOPLE(x) ((int64_t)(x)*100)  /* whole people → hundredths */

static inline int32_t day(const char *iso)
{
	int32_t d = 0;
	if (date_parse(iso, strlen(iso), &d, "date", NULL))
		return PROFILE_NO_DATE;
	return d;
}

static inline void setstr(char *dst, size_t size, const char *s)
{
	size_t n = strlen(s);
	if (n >= size)
		n = size - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

static inline struct profile_year *fixture_year(struct profile *p, int32_t year)
{
	struct profile_year *y = NULL;
	profile_add_year(p, year, &y, NULL);
	y->staff = PEOPLE(100);
	y->st_staff = PEOPLE(20);
	y->sales = WAN(3000);
	y->gross_income = WAN(3100);
	y->non_taxable_income = 0;
	y->hitech_income = WAN(2500);
	y->rd_given = 0;
	y->rd_total = WAN(200);
	y->rd_domestic = WAN(200);
	y->total_assets = WAN(5000);
	y->total_liabilities = WAN(2000);
	y->cost_expense_total = WAN(2500);
	y->conversions = 6;
	return y;
}

static inline void fixture_profile(struct profile *p)
{
	profile_reset(p);
	setstr(p->uscc, sizeof p->uscc, "91530302MA6K00000X");
	setstr(p->name, sizeof p->name, "曲靖示例科技有限公司");
	p->registered_on = day("2019-05-20");
	p->apply_on = day("2024-06-30");
	setstr(p->field, sizeof p->field, "10101");
	for (int y = 2021; y <= 2023; y++)
		fixture_year(p, y);
	/* growth: net assets 3000/3300/3630 (10%), sales as set: flat */
	p->years[1].total_assets = WAN(5300);
	p->years[2].total_assets = WAN(5630);
	p->ip_given = 1;
	struct profile_ip *ip = NULL;
	profile_add_ip(p, &ip, NULL);
	ip->kind = PROFILE_IP_INVENTION_PATENT;
	setstr(ip->number, sizeof ip->number, "ZL202010000000.0");
	ip->granted_on = day("2022-03-01");
	p->qualitative.advancement.kind = PROFILE_RATING_LETTER;
	p->qualitative.advancement.value = 'A';
	p->qualitative.core_support.kind = PROFILE_RATING_LETTER;
	p->qualitative.core_support.value = 'A';
	p->qualitative.rd_org_kind = PROFILE_RATING_POINTS;
	p->qualitative.rd_org_points[0] = 6;
	p->qualitative.rd_org_points[1] = 6;
	p->qualitative.rd_org_points[2] = 4;
	p->qualitative.rd_org_points[3] = 4;
	p->qualitative.standards = 1;
}

#endif
