/* plan_export — a stored plan as .xlsx (see plan_export.h). */
#include "io/plan_export.h"

#include <stdio.h>

#include "core/strbuf.h"
#include "rules/plan_report.h"

static const struct xlsxw_col task_cols[] = {
	{"序号", XLSXW_INT, 6},	      {"任务类型", XLSXW_TEXT, 14}, {"任务内容", XLSXW_TEXT, 60},
	{"数量", XLSXW_TEXT, 16},     {"针对缺口", XLSXW_TEXT, 18}, {"完成期限", XLSXW_DATE, 12},
	{"负责人", XLSXW_TEXT, 12},   {"状态", XLSXW_TEXT, 10},	    {"完成日期", XLSXW_DATE, 12},
	{"完成佐证", XLSXW_TEXT, 40},
};
#define NTASK (sizeof task_cols / sizeof task_cols[0])

static const struct xlsxw_col gap_cols[] = {
	{"缺口", XLSXW_TEXT, 20},
	{"原因", XLSXW_TEXT, 90},
};

/* One label/value row of the facts above the tasks (column 1 and 3). */
static void fact(struct xlsx_writer *w, const char *label, const char *value)
{
	xlsx_writer_text(w, 1, label);
	xlsx_writer_text(w, 2, value ? value : "");
	xlsx_writer_next_row(w);
}

static void facts(struct xlsx_writer *w, const struct plans_view *v)
{
	const struct plans_row *r = &v->row;
	char buf[128];
	fact(w, "企业名称", r->enterprise_name);
	fact(w, "统一社会信用代码", r->uscc);
	fact(w, "方案状态", plans_state_label(r->state));
	snprintf(buf, sizeof buf, "%d年", r->apply_year);
	fact(w, "申报年份", buf);
	if (r->earliest_year)
		snprintf(buf, sizeof buf, "%d年", r->earliest_year);
	else
		snprintf(buf, sizeof buf, "在可推算年份内无法弥补全部缺口");
	fact(w, "最早可申报年份", buf);
	fact(w, "预计能否弥补全部缺口", v->closes ? "能" : "不能（见“无法弥补的缺口”）");
	if (r->version)
		snprintf(buf, sizeof buf, "第%d版，%s 签署于 %.10s", r->version,
			 r->signed_by ? r->signed_by : "", r->signed_at);
	else
		snprintf(buf, sizeof buf, "未签署");
	fact(w, "签署", buf);
	xlsx_writer_next_row(w);
}

int plan_export_xlsx(const struct plans_view *v, xlsxw_sink_fn sink, void *ctx, struct err *e)
{
	struct xlsx_writer *w = NULL;
	struct strbuf sb;
	const struct ruleset *rs = v->res.rules;
	strbuf_init(&sb, 512);
	int rc = xlsx_writer_new(&w, e);
	if (!rc)
		rc = xlsx_writer_sheet(w, "一企一策", task_cols, NTASK, e);
	if (rc)
		goto out;
	facts(w, v);
	for (size_t i = 0; i < v->n_tasks && !rc; i++) {
		const struct plans_task *k = &v->tasks[i];
		xlsx_writer_int(w, 0, k->n);
		xlsx_writer_text(w, 1, plans_kind_label(k->t.kind));
		strbuf_reset(&sb);
		if (rs)
			plan_report_task(rs, &v->plan, &k->t, &sb);
		xlsx_writer_text(w, 2, strbuf_cstr(&sb));
		strbuf_reset(&sb);
		plans_task_quantity(&k->t, &sb);
		xlsx_writer_text(w, 3, strbuf_cstr(&sb));
		xlsx_writer_text(w, 4,
				 k->t.closes < GAPS_COUNT ? plan_report_gap_label(k->t.closes)
							  : "（手工添加）");
		if (k->t.due != LEDGER_NO_DATE)
			xlsx_writer_int(w, 5, k->t.due);
		xlsx_writer_text(w, 6, k->owner_name ? k->owner_name : "");
		xlsx_writer_text(w, 7, plans_task_status_label(k->status));
		if (k->done_on != LEDGER_NO_DATE)
			xlsx_writer_int(w, 8, k->done_on);
		xlsx_writer_text(w, 9, k->evidence ? k->evidence : "");
		xlsx_writer_next_row(w);
	}
	rc = xlsx_writer_sheet(w, "无法弥补的缺口", gap_cols, 2, e);
	for (size_t i = 0; !rc && i < v->plan.n_unclosable; i++) {
		const struct plan_gap *g = &v->plan.unclosable[i];
		strbuf_reset(&sb);
		if (rs)
			plan_report_gap(rs, &v->plan, g, &v->base, &sb);
		xlsx_writer_text(w, 0, plan_report_gap_label(g->gap));
		xlsx_writer_text(w, 1, strbuf_cstr(&sb));
		xlsx_writer_next_row(w);
	}
	if (!rc)
		rc = xlsx_writer_finish(w, sink, ctx, e);
out:
	xlsx_writer_free(w);
	strbuf_cleanup(&sb);
	return rc;
}
