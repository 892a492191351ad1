/* plan_report — Chinese text of a plan's tasks and of the gaps it cannot close. */
#include "rules/plan_report.h"

#include "core/date.h"
#include "core/money.h"
#include "rules/report.h"

/* Yearly tasks add to the year's figure as given, or as carried forward (rules.md §6a). */
#define BASE "比已填报数（未填报的年度按上一年数）"

static int add_date(struct strbuf *sb, int32_t d)
{
	char buf[11];
	return strbuf_adds(sb, d == PROFILE_NO_DATE ? "—" : date_format(d, buf));
}

const char *plan_report_gap_label(enum gaps_id id)
{
	switch (id) {
	case GAPS_C1: return "注册成立时间";
	case GAPS_C2: return "知识产权";
	case GAPS_C3: return "技术领域";
	case GAPS_C4: return "科技人员占比";
	case GAPS_C5: return "研发费用占比";
	case GAPS_C5_DOMESTIC: return "境内研发费用占比";
	case GAPS_C6: return "高新技术收入占比";
	case GAPS_C8: return "重大事故";
	case GAPS_SCORE: return "创新能力评价";
	case GAPS_REVOKED: return "资格被取消";
	case GAPS_TSME_DATA_YEAR: return "科技型中小企业评价数据年度";
	default: return "?";
	}
}

static int task_ip(const struct ruleset *rs, const struct plan_task *t, struct strbuf *sb)
{
	int rc = add_date(sb, t->due);
	rc = rc ? rc
		: strbuf_addf(sb, "前申请%s%lld项，", profile_ip_kind_label(t->ip_kind),
			      (long long)t->count);
	rc = rc ? rc : strbuf_adds(sb, "预计");
	rc = rc ? rc : add_date(sb, t->granted_on);
	return rc ? rc
		  : strbuf_addf(sb, "前授权或登记（周期约%d个月）",
				ruleset_ip_lead_months(rs, t->ip_kind));
}

int plan_report_task(const struct ruleset *rs, const struct plan *pl, const struct plan_task *t,
		     struct strbuf *sb)
{
	int rc = 0;
	switch (t->kind) {
	case PLAN_IP: return task_ip(rs, t, sb);
	case PLAN_ST_STAFF:
		rc = strbuf_addf(sb, "%d年起科技人员" BASE "增加", (int)t->year);
		rc = rc ? rc : count_format(sb, t->count);
		return rc ? rc
			  : strbuf_adds(sb, t->hire ? "名：新招聘科技人员（职工总数同步增加，"
						      "按全年平均人数计）"
						    : "名：将实际从事研发活动的在职人员归入科技人员"
						      "（按全年平均人数计）");
	case PLAN_RD:
		rc = strbuf_addf(sb, "%d年研发费用" BASE "增加", (int)t->year);
		rc = rc ? rc : money_format(sb, t->amount, MONEY_GROUP);
		rc = rc ? rc
			: strbuf_adds(sb, "元（计入人员人工费用，按研发费用辅助账规范归集），");
		rc = rc ? rc : add_date(sb, t->due);
		return rc ? rc : strbuf_adds(sb, "前完成");
	case PLAN_HITECH_INCOME:
		rc = strbuf_addf(sb, "%d年高新技术产品（服务）收入" BASE "增加", (int)t->year);
		rc = rc ? rc : money_format(sb, t->amount, MONEY_GROUP);
		return rc ? rc
			  : strbuf_adds(sb, t->reclassify
						    ? "元（将现有收入按高新技术产品（服务）归集）"
						    : "元（新增收入，销售收入和收入总额同步增加）");
	case PLAN_CONVERSION:
		return strbuf_addf(sb, "%d年科技成果转化" BASE "增加%lld项", (int)t->year,
				   (long long)t->count);
	case PLAN_RD_ORG:
		if (t->item < 1 || t->item > 4)
			return 0;
		rc = strbuf_adds(sb, rs->actions[rs->rd_org_action[t->item - 1]].label);
		rc = rc ? rc : strbuf_addf(sb, "（研发组织管理水平第%d项按满分计），", t->item);
		rc = rc ? rc : add_date(sb, t->due);
		return rc ? rc : strbuf_adds(sb, "前完成");
	case PLAN_WAIT:
		rc = strbuf_adds(sb, "申报日期不早于");
		rc = rc ? rc : add_date(sb, t->until);
		if (rc)
			return rc;
		if (t->closes == GAPS_C1)
			return strbuf_addf(sb, "（注册成立满%d天）", rs->c1_min_days);
		if (t->closes == GAPS_C8)
			return strbuf_addf(sb, "（事故移出申报前%d天的范围）", rs->c8_window_days);
		return 0;
	default: (void)pl; return 0;
	}
}

int plan_report_gap(const struct ruleset *rs, const struct plan *pl, const struct plan_gap *u,
		    const struct profile *p, struct strbuf *sb)
{
	const char *label = plan_report_gap_label(u->gap);
	int rc = 0;
	switch (u->why) {
	case PLAN_WHY_FIELD:
		if (!p->field[0])
			return strbuf_adds(sb, "需确定主要产品（服务）核心技术所属的技术领域，"
					       "方案不能代为确定");
		return strbuf_addf(sb,
				   "技术领域代码“%s”不在《国家重点支持的高新技术领域》中，"
				   "需人工重新确定",
				   p->field);
	case PLAN_WHY_MISSING_DATA:
		rc = strbuf_addf(sb, "%s缺少数据", label);
		if (!rc && u->n_missing) {
			rc = strbuf_adds(sb, "：");
			rc = rc ? rc : report_missing(u->missing, u->n_missing, sb);
		}
		return rc ? rc : strbuf_adds(sb, "，补充后重新生成方案");
	case PLAN_WHY_NO_SALES:
		return strbuf_adds(sb,
				   "近三个会计年度销售收入为0，增加研发投入不能使研发费用占比达标");
	case PLAN_WHY_NO_INCOME:
		return strbuf_addf(sb, "%d年总收入（收入总额减不征税收入）不大于0，%s不能达标",
				   pl->apply_year - 1, label);
	case PLAN_WHY_NO_FISCAL_YEAR:
		rc = strbuf_addf(sb, "%d年申报没有完整的会计年度，%s无法计算", pl->apply_year,
				 label);
		break;
	case PLAN_WHY_YEAR_CLOSED:
		rc = strbuf_addf(sb, "%s按%d年数据计算，该年度在方案编制日", label,
				 pl->apply_year - 1);
		rc = rc ? rc : add_date(sb, pl->made_on);
		rc = rc ? rc : strbuf_adds(sb, "前已结束，无法补足");
		break;
	case PLAN_WHY_LEAD_TIME:
		rc = strbuf_addf(sb, "%s所需措施的周期较长，%d年申报前无法完成", label,
				 pl->apply_year);
		break;
	case PLAN_WHY_WAIT:
		if (u->gap == GAPS_REVOKED)
			rc = strbuf_addf(sb, "%d年被取消高新技术企业资格，当年不得再次申请",
					 pl->apply_year);
		else if (u->gap == GAPS_C1)
			rc = strbuf_addf(sb, "注册成立满%d天之日为", rs->c1_min_days);
		else
			rc = strbuf_addf(sb, "事故移出申报前%d天范围之日为", rs->c8_window_days);
		if (!rc && u->gap != GAPS_REVOKED) {
			rc = add_date(sb, u->on);
			rc = rc ? rc : strbuf_addf(sb, "，晚于%d年", pl->apply_year);
		}
		break;
	case PLAN_WHY_SCORE_CAP:
		return strbuf_addf(sb,
				   "方案所列措施最多使创新能力评价达到%d分，不超过%d分"
				   "（知识产权先进性、核心支持作用等由专家评价，方案不能提高）",
				   u->value, rs->score_pass_above);
	default: return strbuf_addf(sb, "%s未能通过方案补足，需人工制定措施", label);
	}
	if (!rc && u->year)
		rc = strbuf_addf(sb, "，最早%d年申报", u->year);
	return rc;
}
