/*
 * ruleset — the built-in rule sets: HNTE 2016 (国科发火〔2016〕32号 and the
 * 195号 guide) with TSME 2017 (国科发政〔2017〕115号) from 2016, and with the
 * TSME 2022 guide (国科火字〔2022〕67号) from 2022. Lead times and effort
 * weights are the bureau's working estimates (product.md C4).
 */
#include "rules/ruleset.h"

#include <string.h>

#define YUAN(x) ((int64_t)(x)*100)

#define COMMON_ACTIONS                                                                             \
	{                                                                                          \
		[RULESET_ACT_INVENTION_PATENT] = {"invention_patent",                              \
						  "申请发明专利（Ⅰ类知识产权）", 24, 6},           \
		[RULESET_ACT_SOFTWARE_COPYRIGHT] = {"software_copyright", "登记软件著作权", 2, 1}, \
		[RULESET_ACT_UTILITY_MODEL] = {"utility_model", "申请实用新型专利", 8, 2},         \
		[RULESET_ACT_CONVERSION] = {"conversion", "每年多转化一项科技成果", 12, 6},        \
		[RULESET_ACT_RD_SYSTEM] = {"rd_system", "建立研发组织管理制度和研发费用辅助账", 3, \
					   2},                                                     \
		[RULESET_ACT_RD_INSTITUTION] = {"rd_institution",                                  \
						"设立内部研发机构并开展产学研合作", 6, 3},         \
		[RULESET_ACT_CONVERSION_INCENTIVE] = {"conversion_incentive",                      \
						      "建立成果转化组织实施与激励奖励制度", 2, 1}, \
		[RULESET_ACT_TALENT_SCHEME] = {"talent_scheme",                                    \
					       "建立科技人员培养进修与绩效评价奖励制度", 2, 1},    \
		[RULESET_ACT_STANDARDS] = {"standards", "参与编制国家或行业标准", 12, 4},          \
		[RULESET_ACT_HIRE_ST_STAFF] = {"hire_st_staff", "招聘科技人员", 3, 2},             \
		[RULESET_ACT_RECLASSIFY_STAFF] = {"reclassify_staff",                              \
						  "将实际从事研发工作的在职人员归入科技人员", 1,   \
						  1},                                              \
		[RULESET_ACT_RD_SPEND] = {"rd_spend", "提高来年研发投入并规范归集", 12, 3},        \
		[RULESET_ACT_DOMESTIC_RD] = {"domestic_rd", "增加境内研发投入（减少境外委托）",    \
					     12, 3},                                               \
		[RULESET_ACT_HITECH_INCOME] = {"hitech_income", "提高高新技术产品（服务）收入",    \
					       12, 6},                                             \
		[RULESET_ACT_CHOOSE_FIELD] = {"choose_field", "确定主要产品所属的技术领域", 0, 1}, \
		[RULESET_ACT_WAIT] = {"wait", "等待到期", 0, 0},                                   \
	}

/*
 * IP kinds for plans: the three with a gap action take its months; the others
 * are the bureau's estimates of examination time (grant, registration or
 * approval) and of the work per item.
 */
#define COMMON_IP                                                                                  \
	{                                                                                          \
		[PROFILE_IP_INVENTION_PATENT] = {RULESET_ACT_INVENTION_PATENT, 0, 0},              \
		[PROFILE_IP_DEFENSE_PATENT] = {RULESET_ACT_COUNT, 24, 6},                          \
		[PROFILE_IP_PLANT_VARIETY] = {RULESET_ACT_COUNT, 36, 12},                          \
		[PROFILE_IP_CROP_VARIETY] = {RULESET_ACT_COUNT, 36, 12},                           \
		[PROFILE_IP_NEW_DRUG] = {RULESET_ACT_COUNT, 60, 24},                               \
		[PROFILE_IP_TCM_PROTECTED_GRADE1] = {RULESET_ACT_COUNT, 36, 12},                   \
		[PROFILE_IP_IC_LAYOUT] = {RULESET_ACT_COUNT, 6, 2},                                \
		[PROFILE_IP_UTILITY_MODEL] = {RULESET_ACT_UTILITY_MODEL, 0, 0},                    \
		[PROFILE_IP_DESIGN_PATENT] = {RULESET_ACT_COUNT, 6, 1},                            \
		[PROFILE_IP_SOFTWARE_COPYRIGHT] = {RULESET_ACT_SOFTWARE_COPYRIGHT, 0, 0},          \
		[PROFILE_IP_OTHER_II] = {RULESET_ACT_COUNT, 6, 2},                                 \
	}

#define COMMON_RD_ORG                                                                              \
	{                                                                                          \
		RULESET_ACT_RD_SYSTEM, RULESET_ACT_RD_INSTITUTION,                                 \
			RULESET_ACT_CONVERSION_INCENTIVE, RULESET_ACT_TALENT_SCHEME                \
	}

#define HNTE_2016                                                                                  \
	.c1_min_days = 365, .c4_st_bp = 1000, .c5_sales_limit = {YUAN(50000000), YUAN(200000000)}, \
	.c5_bp = {500, 400, 300}, .c5_domestic_bp = 6000, .c6_bp = 6000, .entrusted_pct = 80,      \
	.other_cap_bp = 2000, .other_cap_includes_entrusted = 1, .score_pass_above = 70,           \
	.c8_window_days = 365, .growth_bp = {3500, 2500, 1500, 500}, .growth_d_strict = 0,         \
	.conversion_divisor = 3, .cert_years = 3

#define TSME_SCORES                                                                                \
	.tsme_max_staff = 500 * 100, .tsme_max_sales = YUAN(200000000),                            \
	.tsme_max_assets = YUAN(200000000), .tsme_staff_bp = {3000, 2500, 2000, 1500, 1000},       \
	.tsme_staff_pts = {20, 16, 12, 8, 4}, .tsme_rd_sales_bp = {600, 500, 400, 300, 200},       \
	.tsme_rd_cost_bp = {3000, 2500, 2000, 1500, 1000}, .tsme_rd_pts = {50, 40, 30, 20, 10},    \
	.tsme_ip_class1_pts = 30, .tsme_ip_class2_pts = {0, 6, 12, 18, 24}, .tsme_pass = 60

static const struct ruleset rulesets[] = {
	{
		.name = "hnte-2016+tsme-2017",
		.from_year = 2016,
		HNTE_2016,
		.tsme_2022 = 0,
		TSME_SCORES,
		.actions = COMMON_ACTIONS,
		.ip = COMMON_IP,
		.rd_org_action = COMMON_RD_ORG,
	},
	{
		.name = "hnte-2016+tsme-2022",
		.from_year = 2022,
		HNTE_2016,
		.tsme_2022 = 1,
		TSME_SCORES,
		.actions = COMMON_ACTIONS,
		.ip = COMMON_IP,
		.rd_org_action = COMMON_RD_ORG,
	},
};

#define NRULESETS ((int)(sizeof rulesets / sizeof rulesets[0]))

const struct ruleset *ruleset_for_year(int year)
{
	const struct ruleset *best = NULL;
	for (int i = 0; i < NRULESETS; i++)
		if (rulesets[i].from_year <= year)
			best = &rulesets[i];
	return best;
}

const struct ruleset *ruleset_find(const char *name)
{
	for (int i = 0; i < NRULESETS; i++)
		if (name && !strcmp(rulesets[i].name, name))
			return &rulesets[i];
	return NULL;
}

const struct ruleset *ruleset_all(int *n)
{
	*n = NRULESETS;
	return rulesets;
}

int ruleset_ip_lead_months(const struct ruleset *rs, enum profile_ip_kind kind)
{
	if ((unsigned)kind >= PROFILE_IP_KIND_COUNT)
		return 0;
	const struct ruleset_ip_info *i = &rs->ip[kind];
	return i->action < RULESET_ACT_COUNT ? rs->actions[i->action].lead_months : i->lead_months;
}

int ruleset_ip_effort_months(const struct ruleset *rs, enum profile_ip_kind kind)
{
	if ((unsigned)kind >= PROFILE_IP_KIND_COUNT)
		return 0;
	const struct ruleset_ip_info *i = &rs->ip[kind];
	return i->action < RULESET_ACT_COUNT ? rs->actions[i->action].effort_months
					     : i->effort_months;
}
