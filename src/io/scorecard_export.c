/*
 * scorecard_export — the scorecard sheet (see scorecard_export.h).
 */
#include "io/scorecard_export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/strbuf.h"
#include "io/xlsx/write.h"

char *scorecard_pct(int64_t bp, char out[24])
{
	if (bp == LEDGER_NONE) {
		snprintf(out, 24, "—");
		return out;
	}
	snprintf(out, 24, "%s%lld.%02lld%%", bp < 0 ? "-" : "", (long long)(llabs(bp) / 100),
		 (long long)(llabs(bp) % 100));
	return out;
}

void scorecard_formula(const struct progress *p, char *out, size_t size)
{
	struct strbuf sb;
	char cap[24];
	strbuf_init(&sb, size);
	strbuf_adds(&sb,
		    "得分 = Σ(权重 × min(完成率, 封顶)) ÷ Σ权重（只计设了目标的指标）；完成率 = "
		    "完成数 ÷ 目标数，以万分之一计、向下取整；权重：");
	for (size_t m = 0; m < p->n_metrics; m++)
		strbuf_addf(&sb, "%s%s %lld", m ? "，" : "", p->metrics[m].name,
			    (long long)p->metrics[m].weight);
	strbuf_addf(&sb, "；封顶 %s；同分同名次。", scorecard_pct(p->cap_bp, cap));
	snprintf(out, size, "%s", strbuf_cstr(&sb));
	strbuf_cleanup(&sb);
}

int scorecard_export(const struct progress *p, export_sink_fn sink, void *ctx, struct err *e)
{
	size_t ncols = 3 + 3 * p->n_metrics;
	struct xlsxw_col *cols = calloc(ncols, sizeof *cols);
	char(*heads)[96] = calloc(ncols, sizeof *heads);
	struct xlsx_writer *w = NULL;
	char pct[24], formula[2048], title[160];
	int rc = 0;
	if (!cols || !heads) {
		rc = err_set(e, ERR_INTERNAL, NULL, "内存不足");
		goto out;
	}
	cols[0] = (struct xlsxw_col){"排名", XLSXW_INT, 6};
	cols[1] = (struct xlsxw_col){"区县", XLSXW_TEXT, 22};
	cols[2] = (struct xlsxw_col){"得分", XLSXW_TEXT, 10};
	for (size_t m = 0; m < p->n_metrics; m++) {
		const char *suffix[3] = {"目标", "完成", "完成率"};
		for (int k = 0; k < 3; k++) {
			size_t c = 3 + 3 * m + (size_t)k;
			snprintf(heads[c], sizeof heads[c], "%s%s", p->metrics[m].name, suffix[k]);
			cols[c] = (struct xlsxw_col){heads[c], k == 2 ? XLSXW_TEXT : XLSXW_INT, 12};
		}
	}
	snprintf(title, sizeof title, "%d年考核排名", p->year);
	rc = xlsx_writer_new(&w, e);
	if (!rc)
		rc = xlsx_writer_sheet(w, title, cols, ncols, e);
	for (size_t i = 0; !rc && i < p->n; i++) {
		const struct progress_row *r = &p->rows[i];
		if (r->rank)
			rc = xlsx_writer_int(w, 0, r->rank);
		if (!rc)
			rc = xlsx_writer_text(w, 1, r->area_name);
		if (!rc)
			rc = xlsx_writer_text(w, 2,
					      r->rank ? scorecard_pct(r->score_bp, pct) : "—");
		for (size_t m = 0; !rc && m < p->n_metrics; m++) {
			const struct progress_cell *c = &r->cells[m];
			if (c->target != LEDGER_NONE)
				rc = xlsx_writer_int(w, 3 + 3 * m, c->target);
			if (!rc)
				rc = xlsx_writer_int(w, 4 + 3 * m, c->achieved);
			if (!rc)
				rc = xlsx_writer_text(w, 5 + 3 * m,
						      scorecard_pct(c->completion_bp, pct));
		}
		xlsx_writer_next_row(w);
	}
	if (!rc) {
		xlsx_writer_next_row(w);
		scorecard_formula(p, formula, sizeof formula);
		rc = xlsx_writer_text(w, 1, "计分公式");
		if (!rc)
			rc = xlsx_writer_text(w, 2, formula);
		xlsx_writer_next_row(w);
		char asof[64], day[11];
		date_format(p->as_of, day);
		snprintf(asof, sizeof asof, "统计截至 %s", day);
		if (!rc)
			rc = xlsx_writer_text(w, 1, "统计日期");
		if (!rc)
			rc = xlsx_writer_text(w, 2, asof);
		xlsx_writer_next_row(w);
	}
	if (!rc)
		rc = xlsx_writer_finish(w, sink, ctx, e);
out:
	xlsx_writer_free(w);
	free(cols);
	free(heads);
	return rc;
}

static int target_row(struct xlsx_writer *w, const struct progress *p, const struct progress_row *r,
		      struct err *e)
{
	(void)e;
	int rc = xlsx_writer_text(w, 0, r->area ? r->area : "");
	if (!rc)
		rc = xlsx_writer_text(w, 1, r->area_name);
	/* a city total derived from the areas' is no target: the cell stays empty, and
	 * the sheet imported back leaves the city's target unset (summed) as before */
	for (size_t m = 0; !rc && m < p->n_metrics; m++)
		if (r->cells[m].target != LEDGER_NONE && !r->cells[m].target_summed)
			rc = xlsx_writer_int(w, 2 + m, r->cells[m].target);
	xlsx_writer_next_row(w);
	return rc;
}

int targets_export(const struct progress *p, export_sink_fn sink, void *ctx, struct err *e)
{
	size_t ncols = 2 + p->n_metrics;
	struct xlsxw_col *cols = calloc(ncols, sizeof *cols);
	struct xlsx_writer *w = NULL;
	char title[64];
	int rc = 0;
	if (!cols)
		return err_set(e, ERR_INTERNAL, NULL, "内存不足");
	cols[0] = (struct xlsxw_col){"区域代码", XLSXW_TEXT, 12};
	cols[1] = (struct xlsxw_col){"区域", XLSXW_TEXT, 22};
	for (size_t m = 0; m < p->n_metrics; m++)
		cols[2 + m] = (struct xlsxw_col){p->metrics[m].name, XLSXW_INT, 18};
	snprintf(title, sizeof title, "%d年目标分解", p->year);
	rc = xlsx_writer_new(&w, e);
	if (!rc)
		rc = xlsx_writer_sheet(w, title, cols, ncols, e);
	if (!rc)
		rc = target_row(w, p, &p->city, e);
	for (size_t i = 0; !rc && i < p->n; i++)
		rc = target_row(w, p, &p->rows[i], e);
	if (!rc)
		rc = xlsx_writer_finish(w, sink, ctx, e);
	xlsx_writer_free(w);
	free(cols);
	return rc;
}
