/* export — ledger → .xlsx / .csv with the canonical headers. */
#include "io/export.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/money.h"
#include "core/strbuf.h"
#include "io/colmap.h"
#include "io/csv.h"
#include "io/registry.h"
#include "io/xlsx/write.h"
#include "ledger/assess/stored.h"
#include "ledger/register/area.h"
#include "ledger/records/indicator.h"

/* The enterprise columns, then the indicator columns (COL_SALES is import-only). */
static const int ent_cols[] = {
	COL_USCC,
	COL_NAME,
	COL_AREA,
	COL_ADDRESS,
	COL_REGISTERED_ON,
	COL_LEGAL_REP,
	COL_CONTACT_NAME,
	COL_CONTACT_PHONE,
	COL_INDUSTRY,
	COL_FIELD,
	COL_MAIN_PRODUCTS,
	COL_ABOVE_SCALE,
	COL_LISTED,
	COL_TAGS,
	COL_TIER,
	COL_EXIT_REASON,
	COL_HNTE_CERT_NO,
	COL_HNTE_ISSUED_ON,
	COL_HNTE_EXPIRES_ON,
	COL_HNTE_BATCH,
	COL_TSME_REG_NO,
	COL_TSME_YEAR,
	COL_COUNTY_CONTACT,
	COL_CAPITAL,
};
static const int ind_cols[] = {
	COL_YEAR,
	COL_STAFF,
	COL_ST_STAFF,
	COL_SALES_MAIN,
	COL_SALES_OTHER,
	COL_GROSS_INCOME,
	COL_NON_TAXABLE_INCOME,
	COL_HITECH_INCOME,
	COL_RD_TOTAL,
	COL_RD_DOMESTIC,
	COL_RD_PERSONNEL,
	COL_RD_DIRECT,
	COL_RD_DEPRECIATION,
	COL_RD_AMORTIZATION,
	COL_RD_DESIGN,
	COL_RD_TRIALS,
	COL_RD_OTHER,
	COL_RD_ENTRUSTED_DOMESTIC,
	COL_RD_ENTRUSTED_OVERSEAS,
	COL_TOTAL_ASSETS,
	COL_TOTAL_LIABILITIES,
	COL_COST_EXPENSE_TOTAL,
	COL_CONVERSIONS,
	COL_INCIDENT,
};
#define NENT (sizeof ent_cols / sizeof ent_cols[0])
#define NIND (sizeof ind_cols / sizeof ind_cols[0])

/*
 * The screening columns after the others: the stored HNTE assessment
 * (ledger/assess/stored.h) as the ledger page shows it. Derived, so an
 * import ignores them on purpose (io/colmap.c ignored_names).
 */
static const char *const screen_headers[] = {"评测结论（高企）", "评分区间"};
#define NSCREEN (sizeof screen_headers / sizeof screen_headers[0])
static const char *const verdict_labels[] = {"符合", "待专家评判", "不符合", "数据不全"};

int export_format_parse(const char *s, enum export_format *out, struct err *e)
{
	if (s && !strcmp(s, "xlsx")) {
		*out = EXPORT_XLSX;
		return 0;
	}
	if (s && !strcmp(s, "csv")) {
		*out = EXPORT_CSV;
		return 0;
	}
	return err_set(e, ERR_INVALID, "format", "导出格式应为 xlsx 或 csv：%s", s ? s : "");
}

int export_sink_file(void *ctx, const void *p, size_t n)
{
	return fwrite(p, 1, n, ctx) == n ? 0 : ERR_IO;
}

void export_options_init(struct export_options *o)
{
	memset(o, 0, sizeof *o);
	o->format = EXPORT_XLSX;
	enterprise_filter_init(&o->filter);
	o->filter.want_total = 0;
	o->year = LEDGER_NONE;
}

static enum xlsxw_kind xkind(int f)
{
	switch (colmap_def(f)->kind) {
	case COLK_DATE: return XLSXW_DATE;
	case COLK_MONEY: return XLSXW_MONEY;
	case COLK_COUNT: return XLSXW_COUNT;
	case COLK_INT: return XLSXW_INT;
	default: return XLSXW_TEXT;
	}
}

static double width_of(int f)
{
	switch (f) {
	case COL_USCC: return 22;
	case COL_NAME: return 32;
	case COL_ADDRESS: return 30;
	case COL_MAIN_PRODUCTS: return 24;
	case COL_YEAR: return 8;
	default: break;
	}
	switch (colmap_def(f)->kind) {
	case COLK_DATE: return 12;
	case COLK_MONEY: return 18;
	case COLK_COUNT: return 10;
	case COLK_BOOL: return 10;
	default: return 14;
	}
}

/* ---- one output, xlsx or csv ------------------------------------------------------ */

struct out {
	enum export_format format;
	struct xlsx_writer *w;
	struct strbuf csv;
	export_sink_fn sink;
	void *ctx;
	size_t col; /* csv: next column */
	int rc;	    /* first write error */
};

static void out_text(struct out *o, size_t col, const char *s)
{
	if (o->rc)
		return;
	if (o->format == EXPORT_XLSX) {
		o->rc = xlsx_writer_text(o->w, col, s);
		return;
	}
	/* csv: columns come in order; fill gaps */
	while (o->col < col)
		csv_write_field(&o->csv, "", 0, o->col++ == 0);
	const char *v = s ? s : "";
	int guard = v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@';
	if (guard) {
		struct strbuf tmp;
		strbuf_init(&tmp, 0);
		strbuf_addc(&tmp, '\'');
		strbuf_adds(&tmp, v);
		csv_write_field(&o->csv, tmp.buf, tmp.len, col == 0);
		strbuf_cleanup(&tmp);
	} else {
		csv_write_field(&o->csv, v, strlen(v), col == 0);
	}
	o->col = col + 1;
}

/* Numbers in csv are plain text ("1234.50", "80.5", "2023-05-20"). */
static void out_int(struct out *o, size_t col, int f, int64_t v)
{
	if (o->rc)
		return;
	if (o->format == EXPORT_XLSX) {
		o->rc = xlsx_writer_int(o->w, col, v);
		return;
	}
	char buf[64];
	struct strbuf sb;
	strbuf_init(&sb, 0);
	switch (xkind(f)) {
	case XLSXW_MONEY: money_format(&sb, v, 0); break;
	case XLSXW_COUNT: count_format(&sb, v); break;
	case XLSXW_DATE: strbuf_adds(&sb, date_format((int32_t)v, buf)); break;
	default: strbuf_addf(&sb, "%lld", (long long)v); break;
	}
	while (o->col < col)
		csv_write_field(&o->csv, "", 0, o->col++ == 0);
	csv_write_field(&o->csv, sb.buf, sb.len, col == 0);
	o->col = col + 1;
	strbuf_cleanup(&sb);
}

static void out_end_row(struct out *o, size_t ncols)
{
	if (o->rc)
		return;
	if (o->format == EXPORT_XLSX) {
		xlsx_writer_next_row(o->w);
		return;
	}
	while (o->col < ncols)
		csv_write_field(&o->csv, "", 0, o->col++ == 0);
	csv_write_eol(&o->csv);
	o->col = 0;
	if (o->csv.len >= 65536) {
		o->rc = o->sink(o->ctx, o->csv.buf, o->csv.len);
		strbuf_reset(&o->csv);
	}
}

static int out_open(struct out *o, enum export_format format, const int *const *lists,
		    const size_t *lens, size_t nlists, const char *const *extra, size_t nextra,
		    export_sink_fn sink, void *ctx, struct err *e)
{
	memset(o, 0, sizeof *o);
	o->format = format;
	o->sink = sink;
	o->ctx = ctx;
	strbuf_init(&o->csv, 0);
	if (format == EXPORT_CSV) {
		csv_write_bom(&o->csv);
		size_t col = 0;
		for (size_t k = 0; k < nlists; k++)
			for (size_t i = 0; i < lens[k]; i++, col++) {
				const char *h = colmap_def(lists[k][i])->label;
				csv_write_field(&o->csv, h, strlen(h), col == 0);
			}
		for (size_t i = 0; i < nextra; i++, col++)
			csv_write_field(&o->csv, extra[i], strlen(extra[i]), col == 0);
		csv_write_eol(&o->csv);
		return 0;
	}
	int rc = xlsx_writer_new(&o->w, e);
	if (rc)
		return rc;
	struct xlsxw_col cols[NENT + NIND + NSCREEN];
	size_t n = 0;
	for (size_t k = 0; k < nlists; k++)
		for (size_t i = 0; i < lens[k]; i++, n++) {
			int f = lists[k][i];
			cols[n].header = colmap_def(f)->label;
			cols[n].kind = xkind(f);
			cols[n].width = width_of(f);
		}
	for (size_t i = 0; i < nextra && n < sizeof cols / sizeof cols[0]; i++, n++) {
		cols[n].header = extra[i];
		cols[n].kind = XLSXW_TEXT;
		cols[n].width = 16;
	}
	return xlsx_writer_sheet(o->w, "企业台账", cols, n, e);
}

static int out_close(struct out *o, struct err *e)
{
	int rc = o->rc;
	if (!rc && o->format == EXPORT_CSV && o->csv.len)
		rc = o->sink(o->ctx, o->csv.buf, o->csv.len);
	if (!rc && o->format == EXPORT_XLSX)
		rc = xlsx_writer_finish(o->w, o->sink, o->ctx, e);
	if (rc && e && !e->msg[0])
		err_set(e, rc, NULL, "写出导出文件失败");
	return rc;
}

static void out_free(struct out *o)
{
	xlsx_writer_free(o->w);
	o->w = NULL;
	strbuf_cleanup(&o->csv);
}

/* ---- the ledger ------------------------------------------------------------------ */

struct walk {
	struct ledger *l;
	const struct export_options *opt;
	struct out *o;
	struct arena *arena;
	struct area *areas;
	size_t nareas;
	size_t rows;
	int64_t total;
	struct err *e;
};

static const char *area_name(const struct walk *w, const char *code)
{
	for (size_t i = 0; code && i < w->nareas; i++)
		if (!strcmp(w->areas[i].code, code))
			return w->areas[i].name;
	return code;
}

static void put_opt_int(struct out *o, size_t col, int f, int64_t v)
{
	if (v != LEDGER_NONE)
		out_int(o, col, f, v);
}

static void put_date(struct out *o, size_t col, int f, int32_t d)
{
	if (d != LEDGER_NO_DATE)
		out_int(o, col, f, d);
}

/* The registered capital as text that an import reads back ("1000万元人民币"). */
static void put_capital(struct out *o, size_t col, const struct enterprise *x)
{
	if (x->registered_capital == LEDGER_NONE)
		return;
	struct strbuf sb;
	strbuf_init(&sb, 0);
	registry_capital_format(&sb, x->registered_capital, x->capital_currency);
	out_text(o, col, strbuf_cstr(&sb));
	strbuf_cleanup(&sb);
}

static int64_t money_of(const struct indicator *in, int f)
{
	switch (f) {
	case COL_SALES_MAIN: return in->sales_main;
	case COL_SALES_OTHER: return in->sales_other;
	case COL_GROSS_INCOME: return in->gross_income;
	case COL_NON_TAXABLE_INCOME: return in->non_taxable_income;
	case COL_HITECH_INCOME: return in->hitech_income;
	case COL_RD_TOTAL: return in->rd_total;
	case COL_RD_DOMESTIC: return in->rd_domestic;
	case COL_RD_PERSONNEL: return in->rd_personnel;
	case COL_RD_DIRECT: return in->rd_direct;
	case COL_RD_DEPRECIATION: return in->rd_depreciation;
	case COL_RD_AMORTIZATION: return in->rd_amortization;
	case COL_RD_DESIGN: return in->rd_design;
	case COL_RD_TRIALS: return in->rd_trials;
	case COL_RD_OTHER: return in->rd_other;
	case COL_RD_ENTRUSTED_DOMESTIC: return in->rd_entrusted_domestic;
	case COL_RD_ENTRUSTED_OVERSEAS: return in->rd_entrusted_overseas;
	case COL_TOTAL_ASSETS: return in->total_assets;
	case COL_TOTAL_LIABILITIES: return in->total_liabilities;
	case COL_COST_EXPENSE_TOTAL: return in->cost_expense_total;
	default: return LEDGER_NONE;
	}
}

static int on_enterprise(void *ctx, const struct enterprise *x)
{
	struct walk *w = ctx;
	struct out *o = w->o;
	for (size_t i = 0; i < NENT; i++) {
		int f = ent_cols[i];
		switch (f) {
		case COL_USCC: out_text(o, i, x->uscc); break;
		case COL_NAME: out_text(o, i, x->name); break;
		case COL_AREA: out_text(o, i, area_name(w, x->area)); break;
		case COL_ADDRESS: out_text(o, i, x->address); break;
		case COL_REGISTERED_ON: put_date(o, i, f, x->registered_on); break;
		case COL_LEGAL_REP: out_text(o, i, x->legal_rep); break;
		case COL_CONTACT_NAME: out_text(o, i, x->contact_name); break;
		case COL_CONTACT_PHONE: out_text(o, i, x->contact_phone); break;
		case COL_INDUSTRY: out_text(o, i, x->industry); break;
		case COL_FIELD: out_text(o, i, x->field); break;
		case COL_MAIN_PRODUCTS: out_text(o, i, x->main_products); break;
		case COL_ABOVE_SCALE: out_text(o, i, x->above_scale ? "是" : "否"); break;
		case COL_LISTED: out_text(o, i, x->listed ? "是" : "否"); break;
		case COL_TAGS: out_text(o, i, x->tags); break;
		case COL_TIER: out_text(o, i, enterprise_tier_label(x->tier)); break;
		case COL_EXIT_REASON: out_text(o, i, x->exit_reason); break;
		case COL_HNTE_CERT_NO: out_text(o, i, x->hnte_cert_no); break;
		case COL_HNTE_ISSUED_ON: put_date(o, i, f, x->hnte_issued_on); break;
		case COL_HNTE_EXPIRES_ON: put_date(o, i, f, x->hnte_expires_on); break;
		case COL_HNTE_BATCH: out_text(o, i, x->hnte_batch); break;
		case COL_TSME_REG_NO: out_text(o, i, x->tsme_reg_no); break;
		case COL_TSME_YEAR: put_opt_int(o, i, f, x->tsme_year); break;
		case COL_COUNTY_CONTACT: out_text(o, i, x->county_contact); break;
		case COL_CAPITAL: put_capital(o, i, x); break;
		default: break;
		}
	}
	size_t ncols = NENT;
	if (w->opt->year != LEDGER_NONE) {
		ncols += NIND;
		struct indicator in;
		arena_reset(w->arena);
		int rc = indicator_get(w->l, x->uscc, w->opt->year, w->arena, &in, w->e);
		if (rc && rc != ERR_NOT_FOUND)
			return rc;
		if (rc == 0) {
			for (size_t i = 0; i < NIND; i++) {
				int f = ind_cols[i];
				size_t col = NENT + i;
				switch (f) {
				case COL_YEAR: out_int(o, col, f, in.year); break;
				case COL_STAFF: put_opt_int(o, col, f, in.staff); break;
				case COL_ST_STAFF: put_opt_int(o, col, f, in.st_staff); break;
				case COL_CONVERSIONS: put_opt_int(o, col, f, in.conversions); break;
				case COL_INCIDENT:
					out_text(o, col, in.incident ? "是" : "否");
					break;
				default: put_opt_int(o, col, f, money_of(&in, f)); break;
				}
			}
		}
	}
	struct stored_assessment sa;
	int rc = stored_get(w->l, x->id, &sa, w->e);
	if (rc && rc != ERR_NOT_FOUND)
		return rc;
	if (!rc && sa.verdict >= 0 &&
	    (size_t)sa.verdict < sizeof verdict_labels / sizeof *verdict_labels) {
		char score[32];
		snprintf(score, sizeof score, "%d–%d", sa.score_min, sa.score_max);
		out_text(o, ncols, verdict_labels[sa.verdict]);
		out_text(o, ncols + 1, score);
	}
	err_clear(w->e);
	ncols += NSCREEN;
	out_end_row(o, ncols);
	w->rows++;
	if (w->opt->progress && (w->rows & 1023) == 0)
		w->opt->progress(w->opt->progress_ctx, w->rows, (uint64_t)w->total);
	if (o->rc)
		return err_set(w->e, o->rc, NULL, "写出导出文件失败");
	return 0;
}

int export_ledger(struct ledger *l, const struct export_options *opt, export_sink_fn sink,
		  void *ctx, size_t *rows, struct err *e)
{
	struct walk w;
	struct out o;
	memset(&w, 0, sizeof w);
	memset(&o, 0, sizeof o);
	w.l = l;
	w.opt = opt;
	w.o = &o;
	w.e = e;
	w.arena = arena_new();
	struct arena *area_arena = arena_new();
	int rc = area_list(l, area_arena, &w.areas, &w.nareas, e);
	if (rc)
		goto out;
	if (opt->progress) {
		rc = enterprise_count(l, &opt->filter, &w.total, e);
		if (rc)
			goto out;
	}
	const int *lists[2] = {ent_cols, ind_cols};
	size_t lens[2] = {NENT, NIND};
	rc = out_open(&o, opt->format, lists, lens, opt->year != LEDGER_NONE ? 2 : 1,
		      screen_headers, NSCREEN, sink, ctx, e);
	if (rc)
		goto out;
	rc = enterprise_each(l, &opt->filter, on_enterprise, &w, e);
	if (rc)
		goto out;
	rc = out_close(&o, e);
	if (opt->progress)
		opt->progress(opt->progress_ctx, w.rows, w.rows);
out:
	if (rows)
		*rows = w.rows;
	out_free(&o);
	arena_free(w.arena);
	arena_free(area_arena);
	return rc;
}

/* ---- the template ------------------------------------------------------------------ */

static const char *kind_hint(enum colmap_kind k)
{
	switch (k) {
	case COLK_USCC: return "文本";
	case COLK_DATE: return "日期";
	case COLK_MONEY: return "金额（元；表头写“（万元）”则按万元）";
	case COLK_COUNT: return "人数";
	case COLK_INT: return "整数";
	case COLK_BOOL: return "是/否";
	case COLK_TIER: return "层级名称";
	case COLK_AREA: return "区域名称或代码";
	case COLK_FIELD: return "领域代码或名称";
	case COLK_CAPITAL: return "金额加单位和币种";
	default: return "文本";
	}
}

int export_template(enum export_format format, export_sink_fn sink, void *ctx, struct err *e)
{
	struct out o;
	const int *lists[2] = {ent_cols, ind_cols};
	size_t lens[2] = {NENT, NIND};
	int rc = out_open(&o, format, lists, lens, 2, NULL, 0, sink, ctx, e);
	if (rc)
		goto out;
	if (format == EXPORT_XLSX) {
		static const struct xlsxw_col help_cols[] = {
			{"列名", XLSXW_TEXT, 30}, {"字段", XLSXW_TEXT, 22},
			{"类型", XLSXW_TEXT, 30}, {"是否必填", XLSXW_TEXT, 12},
			{"说明", XLSXW_TEXT, 70}, {"可用的其他列名", XLSXW_TEXT, 60},
		};
		rc = xlsx_writer_sheet(o.w, "填写说明", help_cols, 6, e);
		if (rc)
			goto out;
		for (size_t k = 0; k < 2; k++)
			for (size_t i = 0; i < lens[k]; i++) {
				const struct colmap_def *d = colmap_def(lists[k][i]);
				const char *req =
					lists[k][i] == COL_USCC ? "必填"
					: lists[k][i] == COL_NAME || lists[k][i] == COL_AREA
						? "新企业必填"
					: lists[k][i] == COL_YEAR ? "有指标时必填"
								  : "选填";
				struct strbuf syn;
				strbuf_init(&syn, 0);
				for (const char *const *s = d->synonyms; *s; s++) {
					if (syn.len)
						strbuf_adds(&syn, "、");
					strbuf_adds(&syn, *s);
				}
				xlsx_writer_text(o.w, 0, d->label);
				xlsx_writer_text(o.w, 1, d->key);
				xlsx_writer_text(o.w, 2, kind_hint(d->kind));
				xlsx_writer_text(o.w, 3, req);
				xlsx_writer_text(o.w, 4, d->help);
				xlsx_writer_text(o.w, 5, strbuf_cstr(&syn));
				xlsx_writer_next_row(o.w);
				strbuf_cleanup(&syn);
			}
	}
	rc = out_close(&o, e);
out:
	out_free(&o);
	return rc;
}
