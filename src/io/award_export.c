/*
 * award_export — award lines, areas and budgets to a spreadsheet (see
 * award_export.h). Each view is a table of cells written by one row
 * function, to xlsx or csv alike.
 */
#include "io/award_export.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/money.h"
#include "core/strbuf.h"
#include "io/csv.h"
#include "io/xlsx/write.h"
#include "ledger/awards/award.h"
#include "ledger/register/area.h"

int award_view_parse(const char *s, enum award_view *out, struct err *e)
{
	static const char *const names[] = {"firm", "area", "budget"};
	for (int i = 0; i < 3; i++)
		if (s && !strcmp(s, names[i])) {
			*out = (enum award_view)i;
			return 0;
		}
	return err_set(e, ERR_INVALID, "view", "未知导出视图：%s（应为 firm、area 或 budget）",
		       s ? s : "");
}

static const struct xlsxw_col firm_cols[] = {
	{"企业名称", XLSXW_TEXT, 32},
	{"统一社会信用代码", XLSXW_TEXT, 22},
	{"区县", XLSXW_TEXT, 10},
	{"政策", XLSXW_TEXT, 24},
	{"文号", XLSXW_TEXT, 20},
	{"依据", XLSXW_TEXT, 48},
	{"奖补金额（元）", XLSXW_MONEY, 14},
	{"市级承担（元）", XLSXW_MONEY, 14},
	{"区县承担（元）", XLSXW_MONEY, 14},
	{"状态", XLSXW_TEXT, 8},
	{"审批日期", XLSXW_DATE, 12},
	{"市级拨付日期", XLSXW_DATE, 12},
	{"市级凭证号", XLSXW_TEXT, 16},
	{"区县拨付日期", XLSXW_DATE, 12},
	{"区县凭证号", XLSXW_TEXT, 16},
	{"退回原因", XLSXW_TEXT, 24},
};
static const struct xlsxw_col area_cols[] = {
	{"区县", XLSXW_TEXT, 12},
	{"区县代码", XLSXW_TEXT, 10},
	{"户数", XLSXW_INT, 8},
	{"奖补金额（元）", XLSXW_MONEY, 16},
	{"市级承担（元）", XLSXW_MONEY, 16},
	{"区县承担（元）", XLSXW_MONEY, 16},
	{"已拨付（元）", XLSXW_MONEY, 16},
};
static const struct xlsxw_col budget_cols[] = {
	{"预算来源", XLSXW_TEXT, 12},	   {"预算金额（元）", XLSXW_MONEY, 16},
	{"待审批（元）", XLSXW_MONEY, 16}, {"已承诺（元）", XLSXW_MONEY, 16},
	{"已拨付（元）", XLSXW_MONEY, 16}, {"预算余额（元）", XLSXW_MONEY, 16},
	{"超预算", XLSXW_TEXT, 8},
};

/* One cell: a text, or an integer (fen, days, count) when TEXT is NULL; NONE: empty. */
struct cell {
	const char *text;
	int64_t v;
};
#define NONE INT64_MIN

struct out {
	enum export_format format;
	struct xlsx_writer *w;
	struct strbuf csv;
	const struct xlsxw_col *cols;
};

static int put_row(struct out *o, const struct cell *cells, size_t n)
{
	int rc = 0;
	char d[11], m[32];
	for (size_t c = 0; c < n && !rc; c++) {
		const struct cell *x = &cells[c];
		if (o->format == EXPORT_XLSX) {
			if (x->text)
				rc = xlsx_writer_text(o->w, c, x->text);
			else if (x->v != NONE)
				rc = xlsx_writer_int(o->w, c, x->v);
			continue;
		}
		const char *s = x->text;
		if (!s && x->v != NONE)
			s = o->cols[c].kind == XLSXW_MONEY ? money_str(m, sizeof m, x->v)
			    : o->cols[c].kind == XLSXW_DATE
				    ? date_format((int32_t)x->v, d)
				    : (snprintf(m, sizeof m, "%lld", (long long)x->v), m);
		rc = csv_write_text(&o->csv, s, c == 0);
	}
	if (o->format == EXPORT_XLSX)
		xlsx_writer_next_row(o->w);
	else if (!rc)
		rc = csv_write_eol(&o->csv);
	return rc;
}

static int start(struct out *o, const char *name, const struct xlsxw_col *cols, size_t n,
		 struct err *e)
{
	o->cols = cols;
	if (o->format == EXPORT_XLSX)
		return xlsx_writer_sheet(o->w, name, cols, n, e);
	csv_write_bom(&o->csv);
	for (size_t c = 0; c < n; c++)
		csv_write_text(&o->csv, cols[c].header, c == 0);
	return csv_write_eol(&o->csv);
}

static struct cell T(const char *s) {
	return (struct cell){s ? s : "", 0};
}

static struct cell
I(int64_t v) {
	return (struct cell){NULL, v};
}

static struct cell
DT(int32_t d) {
	return (struct cell){NULL, d == LEDGER_NO_DATE ? NONE : d};
}

static const char *
name_of(const struct area *areas, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(areas[i].code, code))
			return areas[i].name;
	return !strcmp(code, "city") ? "市级" : code;
}

static int firm_sheet(struct out *o, const struct award_line *ls, size_t n, const struct area *as,
		      size_t na, struct err *e)
{
	int rc = start(o, "按企业", firm_cols, sizeof firm_cols / sizeof firm_cols[0], e);
	for (size_t i = 0; !rc && i < n; i++) {
		const struct award_line *w = &ls[i];
		struct cell row[] = {
			T(w->name),
			T(w->uscc),
			T(name_of(as, na, w->area)),
			T(w->policy_name),
			T(w->doc_no),
			T(w->basis),
			I(w->amount),
			I(w->city_part),
			I(w->county_part),
			T(award_status_label(w->status)),
			DT(w->approved_on),
			DT(w->city_paid_on),
			T(w->city_voucher),
			DT(w->county_paid_on),
			T(w->county_voucher),
			T(w->reason),
		};
		rc = put_row(o, row, sizeof row / sizeof row[0]);
	}
	return rc;
}

static int area_sheet(struct out *o, const struct award_line *ls, size_t n, const struct area *as,
		      size_t na, struct err *e)
{
	int rc = start(o, "按区县", area_cols, sizeof area_cols / sizeof area_cols[0], e);
	/* the lines come ordered by area: one row per run of an area */
	for (size_t i = 0; !rc && i < n;) {
		size_t j = i;
		int64_t count = 0, amount = 0, city = 0, county = 0, paid = 0;
		for (; j < n && !strcmp(ls[j].area, ls[i].area); j++) {
			const struct award_line *w = &ls[j];
			if (w->status == AWARD_REJECTED)
				continue;
			count++;
			amount += w->amount;
			city += w->city_part;
			county += w->county_part;
			paid += (w->city_paid_on != LEDGER_NO_DATE ? w->city_part : 0) +
				(w->county_paid_on != LEDGER_NO_DATE ? w->county_part : 0);
		}
		struct cell row[] = {T(name_of(as, na, ls[i].area)),
				     T(ls[i].area),
				     I(count),
				     I(amount),
				     I(city),
				     I(county),
				     I(paid)};
		rc = put_row(o, row, sizeof row / sizeof row[0]);
		i = j;
	}
	return rc;
}

static int budget_sheet(struct out *o, const struct award_budget *bs, size_t n,
			const struct area *as, size_t na, struct err *e)
{
	int rc = start(o, "按预算", budget_cols, sizeof budget_cols / sizeof budget_cols[0], e);
	for (size_t i = 0; !rc && i < n; i++) {
		const struct award_budget *b = &bs[i];
		int set = b->amount != LEDGER_NONE;
		struct cell row[] = {T(name_of(as, na, b->source)),
				     I(set ? b->amount : NONE),
				     I(b->pending),
				     I(b->committed),
				     I(b->paid),
				     I(set ? b->amount - b->committed : NONE),
				     T(b->over ? "是" : "否")};
		rc = put_row(o, row, sizeof row / sizeof row[0]);
	}
	return rc;
}

int award_export(struct ledger *l, int64_t year, const char *area, enum award_view view,
		 enum export_format format, export_sink_fn sink, void *ctx, size_t *rows,
		 struct err *e)
{
	struct arena *a = arena_new();
	struct award_filter f;
	struct award_line *ls = NULL;
	struct award_budget *bs = NULL;
	struct area *as = NULL;
	size_t n = 0, nb = 0, na = 0;
	struct out o;
	memset(&o, 0, sizeof o);
	o.format = format;
	strbuf_init(&o.csv, 0);
	award_filter_init(&f);
	f.year = year;
	f.area = area;
	if (rows)
		*rows = 0;
	int rc = award_list(l, &f, a, &ls, &n, e);
	if (!rc)
		rc = award_budgets(l, year, a, &bs, &nb, e);
	if (!rc)
		rc = area_list(l, a, &as, &na, e);
	/* the lines by area for the area sheet (the list orders by area already) */
	if (!rc && format == EXPORT_XLSX) {
		rc = xlsx_writer_new(&o.w, e);
		if (!rc)
			rc = firm_sheet(&o, ls, n, as, na, e);
		if (!rc)
			rc = area_sheet(&o, ls, n, as, na, e);
		if (!rc)
			rc = budget_sheet(&o, bs, nb, as, na, e);
		if (!rc)
			rc = xlsx_writer_finish(o.w, sink, ctx, e);
	} else if (!rc) {
		rc = view == AWARD_VIEW_AREA	 ? area_sheet(&o, ls, n, as, na, e)
		     : view == AWARD_VIEW_BUDGET ? budget_sheet(&o, bs, nb, as, na, e)
						 : firm_sheet(&o, ls, n, as, na, e);
		if (!rc)
			rc = sink(ctx, o.csv.buf, o.csv.len);
	}
	if (rc && e && !e->msg[0])
		err_set(e, rc, NULL, "写出导出文件失败");
	if (!rc && rows)
		*rows = n;
	xlsx_writer_free(o.w);
	strbuf_cleanup(&o.csv);
	arena_free(a);
	return rc;
}
