/* report — Chinese text and display values of an assessment. */
#include "rules/report.h"

#include "core/date.h"
#include "core/money.h"
#include "rules/ratio.h"

/* Money in a sentence for people: 元 with thousands separators ("1,234,567.80"). */
static int add_money(struct strbuf *sb, int64_t fen)
{
	return money_format(sb, fen, MONEY_GROUP);
}

/* A scaled R&D amount in 元, rounded half away from zero to the fen for display. */
static int add_scaled_money(struct strbuf *sb, __int128 v, int64_t scale)
{
	return money_format(sb, ratio_round_div(v, scale), MONEY_GROUP);
}

static int add_date(struct strbuf *sb, int32_t d)
{
	char buf[11];
	return strbuf_adds(sb, date_format(d, buf));
}

int report_missing(const struct profile_missing *m, size_t n, struct strbuf *sb)
{
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		char buf[64];
		if (i)
			rc = strbuf_adds(sb, "、");
		if (!rc)
			rc = strbuf_adds(sb, profile_missing_format(&m[i], buf, sizeof buf));
	}
	return rc;
}

int report_cond_value(const struct assess_result *r, enum hnte_cond_id id, struct strbuf *sb)
{
	const struct hnte_cond *c = &r->hnte.c[id];
	if (id == HNTE_C3)
		return r->hnte.field_name
			       ? strbuf_add(sb, r->hnte.field_name, r->hnte.field_name_len)
			       : 0;
	if (!c->has_value)
		return 0;
	switch (id) {
	case HNTE_C1: return strbuf_addf(sb, "%lld天", (long long)c->num);
	case HNTE_C2: return strbuf_addf(sb, "%lld项", (long long)c->num);
	case HNTE_C4:
	case HNTE_C5:
	case HNTE_C6: return ratio_format(sb, c->num, c->den);
	case HNTE_C7: return strbuf_addf(sb, "%lld–%lld", (long long)c->num, (long long)c->den);
	case HNTE_C8: return strbuf_addf(sb, "%lld起", (long long)c->num);
	default: return 0;
	}
}

int report_cond_required(const struct assess_result *r, enum hnte_cond_id id, struct strbuf *sb)
{
	const struct ruleset *rs = r->rules;
	const struct hnte_cond *c = &r->hnte.c[id];
	switch (id) {
	case HNTE_C1: return strbuf_addf(sb, "≥%d天", rs->c1_min_days);
	case HNTE_C2: return strbuf_adds(sb, "≥1项");
	case HNTE_C3: return strbuf_adds(sb, "国家重点支持的高新技术领域");
	case HNTE_C4:
	case HNTE_C6: return percent_format(sb, c->required_bp, 10000);
	case HNTE_C5:
		if (!c->has_value)
			return strbuf_adds(sb, "按最近一年销售收入确定");
		return percent_format(sb, c->required_bp, 10000);
	case HNTE_C7: return strbuf_addf(sb, ">%d", rs->score_pass_above);
	case HNTE_C8: return strbuf_adds(sb, "0起");
	default: return 0;
	}
}

static int cond_missing(const struct hnte_cond *c, struct strbuf *sb)
{
	int rc = strbuf_adds(sb, "缺少数据：");
	return rc ? rc : report_missing(c->missing, c->n_missing, sb);
}

int report_cond_message(const struct assess_result *r, const struct profile *p,
			enum hnte_cond_id id, struct strbuf *sb)
{
	const struct ruleset *rs = r->rules;
	const struct hnte_result *h = &r->hnte;
	const struct hnte_cond *c = &h->c[id];
	int ly = h->nfy ? h->fy[h->nfy - 1] : 0;
	if (c->status == HNTE_UNKNOWN && c->reason == HNTE_REASON_MISSING_DATA && id != HNTE_C7)
		return cond_missing(c, sb);
	int pass = c->status == HNTE_PASS;
	int rc = 0;
	switch (id) {
	case HNTE_C1:
		if (pass)
			return strbuf_addf(sb, "注册成立%lld天，满%d天", (long long)c->num,
					   rs->c1_min_days);
		rc = strbuf_addf(sb, "注册成立%lld天，不足%d天，", (long long)c->num,
				 rs->c1_min_days);
		rc = rc ? rc : add_date(sb, c->date);
		return rc ? rc : strbuf_adds(sb, "起满足");
	case HNTE_C2: {
		const struct score_ip_counts *k = &h->score.ipc;
		if (pass)
			return strbuf_addf(sb, "可用知识产权%d项（Ⅰ类%d项，Ⅱ类%d项）",
					   k->usable_class1 + k->usable_class2, k->usable_class1,
					   k->usable_class2);
		rc = strbuf_adds(sb, "没有可用的知识产权");
		if (!rc && (k->used_class2 || k->not_yet_granted || k->invalid))
			rc = strbuf_addf(
				sb, "（%d项Ⅱ类已在以往认定中使用，%d项在申报日后授权，%d项已失效）",
				k->used_class2, k->not_yet_granted, k->invalid);
		return rc;
	}
	case HNTE_C3:
		if (pass) {
			rc = strbuf_addf(sb, "技术领域%s ", p->field);
			return rc ? rc : strbuf_add(sb, h->field_name, h->field_name_len);
		}
		return strbuf_addf(sb, "技术领域代码“%s”不在《国家重点支持的高新技术领域》中",
				   p->field);
	case HNTE_C4:
		if (!c->has_value && h->nfy == 0)
			return strbuf_adds(sb, "没有完整的会计年度，无法计算科技人员占比");
		if (!c->has_value) /* failed on a zero head count, the other figure missing */
			return strbuf_addf(sb, "%d年职工总数为0，科技人员占比不能达标", ly);
		rc = strbuf_addf(sb, "%d年科技人员占比", ly);
		rc = rc ? rc : ratio_format(sb, c->num, c->den);
		rc = rc ? rc : strbuf_adds(sb, pass ? "，不低于" : "，低于");
		return rc ? rc : percent_format(sb, c->required_bp, 10000);
	case HNTE_C5: {
		if (h->nfy == 0)
			return strbuf_adds(sb, "没有完整的会计年度，无法计算研发费用占比");
		const size_t start = sb->len;
		if ((h->c5_known & HNTE_C5_SALES) && h->sales_sum <= 0) {
			rc = strbuf_adds(sb, "近三个会计年度销售收入为0，研发费用占比不能达标");
		} else if ((h->c5_known & HNTE_C5_RD) && h->rd_sum <= 0) {
			rc = strbuf_adds(sb, "近三个会计年度研发费用为0，不能达标");
		} else if (c->has_value) {
			rc = strbuf_addf(sb, "%d–%d年研发费用", h->fy[0], ly);
			rc = rc ? rc : add_scaled_money(sb, h->rd_sum, h->rd_scale);
			rc = rc ? rc : strbuf_adds(sb, "元，占销售收入");
			rc = rc ? rc : add_money(sb, (int64_t)h->sales_sum);
			rc = rc ? rc : strbuf_adds(sb, "元的");
			rc = rc ? rc : ratio_format(sb, c->num, c->den);
			rc = rc ? rc : strbuf_adds(sb, c->ratio_ok ? "，不低于" : "，低于");
			rc = rc ? rc : percent_format(sb, c->required_bp, 10000);
		}
		if (!rc && c->has_value2 && h->rd_sum > 0) {
			rc = strbuf_adds(sb, sb->len > start ? "；境内研发费用占比"
							     : "境内研发费用占比");
			rc = rc ? rc : ratio_format(sb, c->num2, c->den2);
			rc = rc ? rc : strbuf_adds(sb, c->domestic_ok ? "，不低于" : "，低于");
			rc = rc ? rc : percent_format(sb, rs->c5_domestic_bp, 10000);
		}
		/* a condition decided on part of the data still names what is missing */
		if (!rc && c->n_missing) {
			rc = strbuf_adds(sb, sb->len > start ? "；缺少数据：" : "缺少数据：");
			rc = rc ? rc : report_missing(c->missing, c->n_missing, sb);
		}
		return rc;
	}
	case HNTE_C6:
		if (!c->has_value && h->nfy == 0)
			return strbuf_adds(sb, "没有完整的会计年度，无法计算高新技术收入占比");
		if (!c->has_value || c->den <= 0)
			return strbuf_addf(
				sb, "%d年总收入（收入总额减不征税收入）不大于0，不能达标", ly);
		rc = strbuf_addf(sb, "%d年高新技术产品（服务）收入占总收入", ly);
		rc = rc ? rc : ratio_format(sb, c->num, c->den);
		rc = rc ? rc : strbuf_adds(sb, pass ? "，不低于" : "，低于");
		return rc ? rc : percent_format(sb, c->required_bp, 10000);
	case HNTE_C7:
		rc = strbuf_addf(sb, "创新能力评价%d–%d分，", h->score.min, h->score.max);
		if (rc)
			return rc;
		if (c->status == HNTE_PASS)
			return strbuf_addf(sb, "最低分也超过%d分", rs->score_pass_above);
		if (c->status == HNTE_FAIL)
			return strbuf_addf(sb, "最高分不超过%d分", rs->score_pass_above);
		if (c->reason == HNTE_REASON_MISSING_DATA) {
			rc = strbuf_adds(sb, "能否超过70分取决于缺少的数据：");
			return rc ? rc : report_missing(c->missing, c->n_missing, sb);
		}
		return strbuf_addf(sb, "能否超过%d分取决于专家评判", rs->score_pass_above);
	case HNTE_C8:
		if (pass)
			return strbuf_adds(
				sb, "申报前一年内无重大安全、重大质量事故或严重环境违法行为");
		rc = strbuf_addf(sb, "申报前一年内发生%lld起重大事故或严重环境违法行为，最近一次",
				 (long long)c->num);
		rc = rc ? rc : add_date(sb, c->date);
		return rc;
	default: return 0;
	}
}

int report_gap_amount(const struct gaps_item *g, struct strbuf *sb)
{
	if (g->amount < 0 || g->unit == GAPS_UNIT_NONE)
		return 0;
	if (g->unit == GAPS_UNIT_FEN)
		return money_format(sb, g->amount, 0); /* machine-readable: no separators */
	return strbuf_addf(sb, "%lld", (long long)g->amount);
}

const char *report_gap_unit_name(enum gaps_unit u)
{
	switch (u) {
	case GAPS_UNIT_DAYS: return "days";
	case GAPS_UNIT_ITEMS: return "items";
	case GAPS_UNIT_PEOPLE: return "people";
	case GAPS_UNIT_FEN: return "yuan";
	case GAPS_UNIT_POINTS: return "points";
	default: return "";
	}
}

int report_tsme_no_data(const struct assess_result *r, const struct profile *p, struct strbuf *sb)
{
	int32_t from = tsme_no_data_until(p);
	if (!from)
		return 0;
	int rc = strbuf_adds(sb, "企业成立于");
	rc = rc ? rc : add_date(sb, p->registered_on);
	return rc ? rc
		  : strbuf_addf(sb,
				"，不满一个会计年度，暂无科技型中小企业评价所需的上年度（%d年）"
				"数据；%d年起可申请科技型中小企业入库",
				(int)r->tsme.data_year, (int)from);
}

int report_gap_message(const struct assess_result *r, const struct profile *p,
		       const struct gaps_item *g, struct strbuf *sb)
{
	const struct ruleset *rs = r->rules;
	const struct hnte_result *h = &r->hnte;
	int ay = date_year(r->apply_on);
	int rc = 0;
	switch (g->id) {
	case GAPS_C1:
		rc = strbuf_addf(sb, "注册成立还差%lld天满%d天，", (long long)g->amount,
				 rs->c1_min_days);
		rc = rc ? rc : add_date(sb, g->date);
		return rc ? rc : strbuf_adds(sb, "起可以申报");
	case GAPS_C2:
		rc = strbuf_adds(sb, "需要至少1项可用知识产权（Ⅰ类，或未在以往认定中使用过的Ⅱ类）");
		if (!rc && g->date != PROFILE_NO_DATE) {
			rc = strbuf_adds(sb, "；已有知识产权将于");
			rc = rc ? rc : add_date(sb, g->date);
			rc = rc ? rc : strbuf_adds(sb, "授权");
		}
		for (size_t i = 0; !rc && i < g->n_named; i++)
			rc = strbuf_addf(sb, "%s%s“%s”已在%d年认定中使用", i ? "，" : "；",
					 profile_ip_kind_label(p->ip[g->named[i]].kind),
					 p->ip[g->named[i]].number,
					 (int)p->ip[g->named[i]].used_in_recognition);
		return rc;
	case GAPS_C3:
		if (!p->field[0])
			return strbuf_adds(sb, "需确定主要产品（服务）核心技术所属的技术领域");
		return strbuf_addf(
			sb, "技术领域代码“%s”无效，需按《国家重点支持的高新技术领域》重新确定",
			p->field);
	case GAPS_C4: {
		const struct hnte_cond *c = &h->c[HNTE_C4];
		rc = strbuf_adds(sb, "科技人员");
		rc = rc ? rc : count_format(sb, (int64_t)c->num);
		rc = rc ? rc : strbuf_adds(sb, "人，职工");
		rc = rc ? rc : count_format(sb, (int64_t)c->den);
		rc = rc ? rc : strbuf_adds(sb, "人，占比");
		rc = rc ? rc : ratio_format(sb, c->num, c->den);
		rc = rc ? rc : strbuf_adds(sb, "，需");
		rc = rc ? rc : percent_format(sb, c->required_bp, 10000);
		return rc ? rc
			  : strbuf_addf(
				    sb,
				    "：需新增%lld名科技人员，或将%"
				    "lld名实际从事研发工作的在职人员归入科技人员（%d年数据起计）",
				    (long long)g->amount, (long long)g->alt, ay);
	}
	case GAPS_C5: {
		const struct hnte_cond *c = &h->c[HNTE_C5];
		rc = strbuf_addf(sb, "%d–%d年研发费用占比", h->fy[0], h->fy[h->nfy - 1]);
		rc = rc ? rc : ratio_format(sb, c->num, c->den);
		rc = rc ? rc : strbuf_adds(sb, "，需");
		rc = rc ? rc : percent_format(sb, c->required_bp, 10000);
		if (g->alt < 0) {
			rc = rc ? rc
				: strbuf_adds(sb,
					      "：近三个会计年度销售收入为0，按现有数据无法达标");
		} else {
			rc = rc ? rc : strbuf_adds(sb, "：按现有数据研发费用还差");
			rc = rc ? rc : add_money(sb, g->alt);
			rc = rc ? rc : strbuf_adds(sb, "元");
		}
		if (rc || g->amount < 0)
			return rc;
		rc = strbuf_addf(sb, "；若%d年申报，%d年需归集研发费用", ay + 1, ay);
		rc = rc ? rc : add_money(sb, g->amount);
		rc = rc ? rc : strbuf_adds(sb, "元（按预计销售收入");
		rc = rc ? rc : add_money(sb, g->basis);
		rc = rc ? rc : strbuf_adds(sb, "元，比例");
		rc = rc ? rc : percent_format(sb, g->required_bp, 10000);
		return rc ? rc : strbuf_adds(sb, "）");
	}
	case GAPS_C5_DOMESTIC: {
		const struct hnte_cond *c = &h->c[HNTE_C5];
		rc = strbuf_adds(sb, "境内研发费用占比");
		rc = rc ? rc : ratio_format(sb, c->num2, c->den2);
		rc = rc ? rc : strbuf_adds(sb, "，需");
		rc = rc ? rc : percent_format(sb, rs->c5_domestic_bp, 10000);
		rc = rc ? rc : strbuf_adds(sb, "：境内研发费用需再增加");
		rc = rc ? rc : add_money(sb, g->amount);
		return rc ? rc : strbuf_adds(sb, "元（或相应减少境外委托研发）");
	}
	case GAPS_C6: {
		const struct hnte_cond *c = &h->c[HNTE_C6];
		if (g->amount < 0)
			return strbuf_adds(sb, "总收入不大于0，需先有收入");
		rc = strbuf_adds(sb, "高新技术产品（服务）收入占比");
		rc = rc ? rc : ratio_format(sb, c->num, c->den);
		rc = rc ? rc : strbuf_adds(sb, "，需");
		rc = rc ? rc : percent_format(sb, c->required_bp, 10000);
		rc = rc ? rc : strbuf_adds(sb, "：需增加高新技术收入");
		rc = rc ? rc : add_money(sb, g->amount);
		rc = rc ? rc : strbuf_adds(sb, "元，或减少其他收入");
		rc = rc ? rc : add_money(sb, g->alt);
		return rc ? rc : strbuf_adds(sb, "元");
	}
	case GAPS_C8:
		rc = strbuf_adds(sb, "事故发生于");
		rc = rc ? rc : add_date(sb, h->c[HNTE_C8].date);
		rc = rc ? rc : strbuf_adds(sb, "，");
		rc = rc ? rc : add_date(sb, g->date);
		return rc ? rc : strbuf_addf(sb, "起移出申报前%d天的范围", rs->c8_window_days);
	case GAPS_SCORE:
		rc = strbuf_addf(sb, "创新能力评价%d–%d分，需超过%d分：", h->score.min,
				 h->score.max, rs->score_pass_above);
		if (rc)
			return rc;
		if (g->alt > 0)
			return strbuf_addf(sb, "最高分还差%lld分，最低分还差%lld分",
					   (long long)g->alt, (long long)g->amount);
		return strbuf_addf(sb, "最低分还差%lld分（取决于专家评判或缺少的数据）",
				   (long long)g->amount);
	case GAPS_REVOKED:
		rc = strbuf_adds(sb, "高新技术企业资格于");
		rc = rc ? rc : add_date(sb, p->hnte_revoked_on);
		return rc ? rc
			  : strbuf_addf(sb, "被取消，当年不得再次申请认定，%d年起可以申请", ay + 1);
	case GAPS_TSME_DATA_YEAR: return report_tsme_no_data(r, p, sb);
	default: return 0;
	}
}
