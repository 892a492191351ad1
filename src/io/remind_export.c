/*
 * remind_export — reminders to xlsx or csv (see remind_export.h).
 */
#include "io/remind_export.h"

#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/strbuf.h"
#include "io/csv.h"
#include "io/xlsx/write.h"

enum { C_RULE, C_NAME, C_USCC, C_AREA, C_DUE, C_DETAIL, C_STATE, C_UNTIL, C_REASON, NCOLS };

static const struct xlsxw_col cols[NCOLS] = {
	{"提醒类型", XLSXW_TEXT, 22},
	{"企业名称", XLSXW_TEXT, 32},
	{"统一社会信用代码", XLSXW_TEXT, 22},
	{"区域代码", XLSXW_TEXT, 10},
	{"期限", XLSXW_DATE, 12},
	{"内容", XLSXW_TEXT, 60},
	{"状态", XLSXW_TEXT, 8},
	{"暂缓至", XLSXW_DATE, 12},
	{"原因", XLSXW_TEXT, 30},
};

const char *remind_state_label(const char *state)
{
	if (state && !strcmp(state, "done"))
		return "已完成";
	if (state && !strcmp(state, "snoozed"))
		return "暂缓";
	return "待处理";
}

/* One csv field, safe from formulas. */
static void csv_cell(struct strbuf *sb, const char *s, int first)
{
	csv_write_text(sb, s, first);
}

int remind_export(struct ledger *l, const struct remind_filter *f, enum export_format format,
		  export_sink_fn sink, void *ctx, size_t *rows, struct err *e)
{
	struct remind_filter all = *f;
	struct remind_page pg;
	struct arena *arena = arena_new();
	struct xlsx_writer *w = NULL;
	struct strbuf csv;
	char d[11];
	strbuf_init(&csv, 0);
	all.offset = 0;
	all.limit = REMIND_PAGE_MAX;
	if (rows)
		*rows = 0;
	int rc = remind_list(l, &all, arena, &pg, e);
	if (rc)
		goto out;
	if (format == EXPORT_XLSX) {
		rc = xlsx_writer_new(&w, e);
		if (!rc)
			rc = xlsx_writer_sheet(w, "提醒", cols, NCOLS, e);
		for (size_t i = 0; !rc && i < pg.n; i++) {
			const struct reminder *r = &pg.items[i];
			rc = xlsx_writer_text(w, C_RULE, remind_rule_label(r->rule));
			if (!rc)
				rc = xlsx_writer_text(w, C_NAME, r->name);
			if (!rc)
				rc = xlsx_writer_text(w, C_USCC, r->uscc);
			if (!rc)
				rc = xlsx_writer_text(w, C_AREA, r->area);
			if (!rc && r->due_on != LEDGER_NO_DATE)
				rc = xlsx_writer_int(w, C_DUE, r->due_on);
			if (!rc)
				rc = xlsx_writer_text(w, C_DETAIL, r->detail);
			if (!rc)
				rc = xlsx_writer_text(w, C_STATE, remind_state_label(r->state));
			if (!rc && r->until != LEDGER_NO_DATE)
				rc = xlsx_writer_int(w, C_UNTIL, r->until);
			if (!rc && r->reason)
				rc = xlsx_writer_text(w, C_REASON, r->reason);
			xlsx_writer_next_row(w);
		}
		if (!rc)
			rc = xlsx_writer_finish(w, sink, ctx, e);
	} else {
		csv_write_bom(&csv);
		for (int c = 0; c < NCOLS; c++)
			csv_cell(&csv, cols[c].header, c == 0);
		csv_write_eol(&csv);
		for (size_t i = 0; i < pg.n; i++) {
			const struct reminder *r = &pg.items[i];
			csv_cell(&csv, remind_rule_label(r->rule), 1);
			csv_cell(&csv, r->name, 0);
			csv_cell(&csv, r->uscc, 0);
			csv_cell(&csv, r->area, 0);
			csv_cell(&csv, r->due_on != LEDGER_NO_DATE ? date_format(r->due_on, d) : "",
				 0);
			csv_cell(&csv, r->detail, 0);
			csv_cell(&csv, remind_state_label(r->state), 0);
			csv_cell(&csv, r->until != LEDGER_NO_DATE ? date_format(r->until, d) : "",
				 0);
			csv_cell(&csv, r->reason, 0);
			csv_write_eol(&csv);
		}
		rc = sink(ctx, csv.buf, csv.len);
	}
	if (rc && e && !e->msg[0])
		err_set(e, rc, NULL, "写出导出文件失败");
	if (!rc && rows)
		*rows = pg.n;
out:
	xlsx_writer_free(w);
	strbuf_cleanup(&csv);
	arena_free(arena);
	return rc;
}
