/*
 * import — a spreadsheet file, opened once, → typed rows (struct import_row)
 * → one ledger/intake call per row inside the import's group → a report.
 */
#include "io/import.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/money.h"
#include "core/xalloc.h"
#include "io/cell.h"
#include "io/colmap.h"
#include "io/csv.h"
#include "io/registry.h"
#include "io/rowpipe.h"
#include "io/xlsx/read.h"
#include "ledger/intake/intake.h"
#include "ledger/register/area.h"
#include "ledger/register/enterprise.h"
#include "ledger/records/indicator.h"
#include "rules/fields.h"
#include "rules/uscc.h"

#define HEADER_SCAN_ROWS 20

struct imp {
	struct ledger *l;
	struct intake *it; /* the import's group of writes */
	const struct import_options *o;
	struct import_report *r;
	struct err *fatal; /* the caller's error record */
	size_t max_issues;
	struct arena *row_arena;
	/* header */
	int have_header;
	int no_header; /* the read stopped because no header was found */
	struct colmap map;
	char (*head_text)[96]; /* header text of each column, for reports */
	size_t nhead;
	struct err header_err; /* best error among header candidates */
	int header_err_set;
	/* lookups */
	struct arena *areas_arena;
	struct area *areas;
	size_t nareas;
	struct fields_table *fields;
	int this_year;
	int default_area; /* O->area was given (intake_default_area set) */
	/* progress */
	uint64_t total_hint;
	uint64_t seen;
	int date1904; /* xlsx source: its date system */
};

/* ---- report ------------------------------------------------------------------- */

/*
 * Drop in place the bytes of S that do not form whole UTF-8 characters: a
 * quote of a cell cut to N bytes ("%.*s") or a message cut by snprintf may
 * end inside a character, and a report must stay valid UTF-8 (JSON).
 */
static void utf8_scrub(char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t r = 0, w = 0;
	while (p[r]) {
		unsigned c = p[r];
		size_t len = c < 0x80		      ? 1
			     : c >= 0xc2 && c <= 0xdf ? 2
			     : c >= 0xe0 && c <= 0xef ? 3
			     : c >= 0xf0 && c <= 0xf4 ? 4
						      : 0;
		size_t k = 1;
		while (k < len && (p[r + k] & 0xc0) == 0x80)
			k++;
		if (len && k == len) {
			memmove(s + w, s + r, len);
			w += len;
			r += len;
		} else {
			r += len ? k : 1; /* a lead byte and the continuations it has */
		}
	}
	s[w] = '\0';
}

/* Append a problem to the list (*LIST, *N), or count it in *DROPPED past MAX. */
static void push_issue(struct import_issue **list, size_t *n, size_t *dropped, size_t max,
		       size_t row, const char *column, const char *msg)
{
	if (*n >= max) {
		(*dropped)++;
		return;
	}
	if (*n % 64 == 0)
		*list = xrealloc(*list, (*n + 64) * sizeof **list);
	struct import_issue *is = &(*list)[(*n)++];
	is->row = row;
	snprintf(is->column, sizeof is->column, "%s", column ? column : "");
	snprintf(is->message, sizeof is->message, "%s", msg);
	utf8_scrub(is->column);
	utf8_scrub(is->message);
}

static void add_issue(struct imp *im, size_t row, const char *column, const char *msg)
{
	struct import_report *r = im->r;
	push_issue(&r->issues, &r->nissues, &r->issues_dropped, im->max_issues, row, column, msg);
}

static void add_warning(struct imp *im, size_t row, const char *column, const char *msg)
{
	struct import_report *r = im->r;
	push_issue(&r->warnings, &r->nwarnings, &r->warnings_dropped, im->max_issues, row, column,
		   msg);
}

void import_report_cleanup(struct import_report *r)
{
	if (!r)
		return;
	free(r->issues);
	free(r->warnings);
	free(r->inferred);
	memset(r, 0, sizeof *r);
}

/* The "、"-separated LIST as a JSON array of strings. */
static json_t *split_list(const char *p)
{
	json_t *a = json_array();
	while (*p) {
		const char *sep = strstr(p, "、");
		size_t n = sep ? (size_t)(sep - p) : strlen(p);
		json_array_append_new(a, json_stringn(p, n));
		p += n + (sep ? strlen("、") : 0);
	}
	return a;
}

static json_t *issues_json(const struct import_issue *is, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a,
				      json_pack("{sIssss}", "row", (json_int_t)is[i].row, "column",
						is[i].column, "message", is[i].message));
	return a;
}

int import_report_json(const struct import_report *r, int dry_run, struct strbuf *sb)
{
	json_t *o = json_object();
	json_object_set_new(o, "format", json_string(r->format));
	json_object_set_new(o, "encoding", json_string(r->encoding));
	json_object_set_new(o, "sheet", json_string(r->sheet));
	json_object_set_new(o, "header_row", json_integer((json_int_t)r->header_row));
	json_object_set_new(o, "rows", json_integer((json_int_t)r->rows));
	json_object_set_new(o, "valid_rows", json_integer((json_int_t)r->valid_rows));
	json_object_set_new(o, "invalid_rows", json_integer((json_int_t)r->invalid_rows));
	json_object_set_new(o, "enterprises",
			    json_pack("{sIsIsI}", "new", (json_int_t)r->ent_new, "changed",
				      (json_int_t)r->ent_changed, "unchanged",
				      (json_int_t)r->ent_unchanged));
	json_object_set_new(o, "indicators",
			    json_pack("{sIsIsI}", "new", (json_int_t)r->ind_new, "changed",
				      (json_int_t)r->ind_changed, "unchanged",
				      (json_int_t)r->ind_unchanged));
	json_object_set_new(o, "unknown_columns", split_list(r->unknown_columns));
	json_object_set_new(o, "ignored_columns", split_list(r->ignored_columns));
	json_object_set_new(o, "closed_rows", json_integer((json_int_t)r->closed_rows));
	json_object_set_new(o, "area",
			    r->area[0] ? json_pack("{ssss}", "code", r->area, "name", r->area_name)
				       : json_null());
	json_object_set_new(o, "committed", json_boolean(r->committed));
	json_object_set_new(o, "dry_run", json_boolean(dry_run));
	json_object_set_new(o, "issues", issues_json(r->issues, r->nissues));
	json_object_set_new(o, "issues_dropped", json_integer((json_int_t)r->issues_dropped));
	json_object_set_new(o, "warnings", issues_json(r->warnings, r->nwarnings));
	json_object_set_new(o, "warnings_dropped", json_integer((json_int_t)r->warnings_dropped));
	json_t *inf = json_array();
	for (size_t i = 0; i < r->ninferred; i++) {
		const struct import_inferred *x = &r->inferred[i];
		json_array_append_new(inf, json_pack("{sIssssssssssss}", "row", (json_int_t)x->row,
						     "uscc", x->uscc, "name", x->name, "area",
						     x->area, "area_name", x->area_name, "basis",
						     x->basis, "evidence", x->evidence));
	}
	json_object_set_new(o, "inferred_areas", inf);
	json_object_set_new(o, "inferred_dropped", json_integer((json_int_t)r->inferred_dropped));
	char *text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (!text)
		return ERR_INTERNAL;
	int rc = strbuf_adds(sb, text);
	free(text);
	return rc;
}

/* ---- rows --------------------------------------------------------------------- */

/* Area by code, by name, or by name without its 区/县/市 suffix. */
static const char *find_area(const struct imp *im, const char *s, size_t n)
{
	for (size_t i = 0; i < im->nareas; i++) {
		const struct area *a = &im->areas[i];
		if ((strlen(a->code) == n && !memcmp(a->code, s, n)) ||
		    (strlen(a->name) == n && !memcmp(a->name, s, n)))
			return a->code;
	}
	const char *hit = NULL;
	for (size_t i = 0; i < im->nareas; i++) {
		const char *name = im->areas[i].name;
		size_t len = strlen(name);
		if (len > n && !memcmp(name, s, n) && len - n == 3) {
			if (hit)
				return NULL; /* ambiguous */
			hit = im->areas[i].code;
		}
	}
	return hit;
}

/* What one row provides: its typed values, and which columns had a value. */
struct rowval {
	int has[COL_COUNT];
	struct import_row row;
	int guessed;		     /* the row has no area and none is given: GUESS was made */
	struct registry_guess guess; /* the area named by its credit code or address */
};

static const char *col_label(const struct imp *im, int f)
{
	long c = im->map.col[f];
	return c >= 0 && (size_t)c < im->nhead ? im->head_text[c] : colmap_def(f)->label;
}

/* A problem (WARNING 0) or a warning (1) of row ROW in the column of field F (-1: the row). */
__attribute__((format(printf, 5, 0))) static void row_note(struct imp *im, size_t row, int f,
							   int warning, const char *fmt, va_list ap)
{
	char msg[400];
	vsnprintf(msg, sizeof msg, fmt, ap);
	(warning ? add_warning : add_issue)(im, row, f >= 0 ? col_label(im, f) : "", msg);
}

__attribute__((format(printf, 4, 5))) static int row_issue(struct imp *im, size_t row, int f,
							   const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	row_note(im, row, f, 0, fmt, ap);
	va_end(ap);
	return -1;
}

/* Map a ledger error's field name ("st_staff") to the file's column. */
static void issue_from_err(struct imp *im, size_t row, const struct err *e)
{
	int f = -1;
	for (int k = 0; k < COL_COUNT && e->field[0]; k++)
		if (!strcmp(colmap_def(k)->key, e->field))
			f = k;
	if (f < 0 && !strcmp(e->field, "sales_main"))
		f = COL_SALES;
	add_issue(im, row, f >= 0 ? col_label(im, f) : e->field, e->msg);
}

/* The member of IND that the money column F fills (NULL for other columns). */
static int64_t *money_slot(struct indicator *ind, int f)
{
	switch (f) {
	case COL_SALES:
	case COL_SALES_MAIN: return &ind->sales_main;
	case COL_SALES_OTHER: return &ind->sales_other;
	case COL_GROSS_INCOME: return &ind->gross_income;
	case COL_NON_TAXABLE_INCOME: return &ind->non_taxable_income;
	case COL_HITECH_INCOME: return &ind->hitech_income;
	case COL_RD_TOTAL: return &ind->rd_total;
	case COL_RD_DOMESTIC: return &ind->rd_domestic;
	case COL_RD_PERSONNEL: return &ind->rd_personnel;
	case COL_RD_DIRECT: return &ind->rd_direct;
	case COL_RD_DEPRECIATION: return &ind->rd_depreciation;
	case COL_RD_AMORTIZATION: return &ind->rd_amortization;
	case COL_RD_DESIGN: return &ind->rd_design;
	case COL_RD_TRIALS: return &ind->rd_trials;
	case COL_RD_OTHER: return &ind->rd_other;
	case COL_RD_ENTRUSTED_DOMESTIC: return &ind->rd_entrusted_domestic;
	case COL_RD_ENTRUSTED_OVERSEAS: return &ind->rd_entrusted_overseas;
	case COL_TOTAL_ASSETS: return &ind->total_assets;
	case COL_TOTAL_LIABILITIES: return &ind->total_liabilities;
	case COL_COST_EXPENSE_TOTAL: return &ind->cost_expense_total;
	default: return NULL;
	}
}

static void set_money(struct import_row *row, int f, int64_t v)
{
	int64_t *slot = money_slot(&row->ind, f);
	if (slot)
		*slot = v;
	/* "销售收入" is the whole of sales: no separate other-business part */
	if (f == COL_SALES) {
		row->ind.sales_other = LEDGER_NONE;
		row->sales_whole = 1;
	}
}

static void set_text(struct enterprise *ent, int f, const char *v)
{
	switch (f) {
	case COL_NAME: ent->name = v; break;
	case COL_AREA: ent->area = v; break;
	case COL_ADDRESS: ent->address = v; break;
	case COL_LEGAL_REP: ent->legal_rep = v; break;
	case COL_CONTACT_NAME: ent->contact_name = v; break;
	case COL_CONTACT_PHONE: ent->contact_phone = v; break;
	case COL_INDUSTRY: ent->industry = v; break;
	case COL_FIELD: ent->field = v; break;
	case COL_MAIN_PRODUCTS: ent->main_products = v; break;
	case COL_TAGS: ent->tags = v; break;
	case COL_EXIT_REASON: ent->exit_reason = v; break;
	case COL_HNTE_CERT_NO: ent->hnte_cert_no = v; break;
	case COL_HNTE_BATCH: ent->hnte_batch = v; break;
	case COL_TSME_REG_NO: ent->tsme_reg_no = v; break;
	case COL_COUNTY_CONTACT: ent->county_contact = v; break;
	default: break;
	}
}

static void set_date(struct enterprise *ent, int f, int32_t d)
{
	if (f == COL_REGISTERED_ON)
		ent->registered_on = d;
	else if (f == COL_HNTE_ISSUED_ON)
		ent->hnte_issued_on = d;
	else if (f == COL_HNTE_EXPIRES_ON)
		ent->hnte_expires_on = d;
}

/* At most 40 bytes of (S, N) for a message, cut on a character boundary. */
static int quote40(const char *s, size_t n)
{
	size_t q = n > 40 ? 40 : n;
	while (q < n && q > 0 && ((unsigned char)s[q] & 0xc0) == 0x80)
		q--;
	return (int)q;
}

__attribute__((format(printf, 4, 5))) static void row_warning(struct imp *im, size_t row, int f,
							      const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	row_note(im, row, f, 1, fmt, ap);
	va_end(ap);
}

/*
 * The tax number (TAX, N) beside the credit code: one that differs is a
 * warning (the credit code is used), an old 15/20-character one is ignored;
 * with the credit code empty, a valid 18-character tax number stands in.
 */
static void check_tax_number(struct imp *im, size_t row, struct rowval *v, const char *tax,
			     size_t n, int bad)
{
	struct import_row *r = &v->row;
	if (v->has[COL_USCC]) {
		switch (registry_tax_number(tax, n, r->ent.uscc)) {
		case REGISTRY_TAX_DIFFERS:
			row_warning(im, row, COL_TAX_NO,
				    "纳税人识别号%.*s与统一社会信用代码%"
				    "s不一致，已按统一社会信用代码导入，请核对",
				    (int)n, tax, r->ent.uscc);
			break;
		case REGISTRY_TAX_ODD:
			row_warning(im, row, COL_TAX_NO, "纳税人识别号“%.*s”不是18位代码，已忽略",
				    quote40(tax, n), tax);
			break;
		case REGISTRY_TAX_SAME:
		case REGISTRY_TAX_OLD: break; /* the same code, or the old 15/20-character number */
		}
		return;
	}
	struct uscc u;
	struct err e;
	if (bad || n != 18 || uscc_parse(tax, n, 0, &u, &e))
		return;
	memcpy(r->ent.uscc, u.code, sizeof r->ent.uscc);
	v->has[COL_USCC] = 1;
	row_warning(im, row, COL_USCC, "统一社会信用代码为空，已使用纳税人识别号%s", u.code);
}

/*
 * A row whose 经营状态 names a closed firm: warned and not imported (1);
 * 0 for any other row. The warning says when the ledger holds the firm.
 */
static int closed_row(struct imp *im, size_t row, const struct xlsx_cell *cells, size_t n)
{
	long c = im->map.col[COL_STATUS];
	const char *word;
	if (c < 0 || (size_t)c >= n)
		return 0;
	const char *s = cells[c].s;
	size_t len = cells[c].n;
	cell_trim(&s, &len);
	if (!registry_closed(s, len, &word))
		return 0;
	const char *held = "";
	long uc = im->map.col[COL_USCC];
	struct uscc u;
	struct err e;
	if (uc >= 0 && (size_t)uc < n) {
		const char *us = cells[uc].s;
		size_t un = cells[uc].n;
		cell_trim(&us, &un);
		struct enterprise ent;
		if (!uscc_parse(us, un, 0, &u, &e) &&
		    !enterprise_get(im->l, u.code, im->row_arena, &ent, &e))
			held = "；台账中已有该企业，请核实是否调整为“已退出”";
	}
	if (strlen(word) == len && !memcmp(word, s, len))
		row_warning(im, row, COL_STATUS, "经营状态为“%s”：已停止经营的企业，该行未导入%s",
			    word, held);
	else
		row_warning(im, row, COL_STATUS,
			    "经营状态为“%.*s”（%s）：已停止经营的企业，该行未导入%s",
			    quote40(s, len), s, word, held);
	return 1;
}

/* Record the inferred area of the new enterprise of row ROW (V's guess). */
static void add_inferred(struct imp *im, size_t row, const struct rowval *v)
{
	struct import_report *r = im->r;
	const struct registry_guess *g = &v->guess;
	if (r->ninferred >= im->max_issues) {
		r->inferred_dropped++;
		return;
	}
	if (r->ninferred % 64 == 0)
		r->inferred = xrealloc(r->inferred, (r->ninferred + 64) * sizeof *r->inferred);
	struct import_inferred *x = &r->inferred[r->ninferred++];
	memset(x, 0, sizeof *x);
	x->row = row;
	memcpy(x->uscc, v->row.ent.uscc, sizeof x->uscc);
	snprintf(x->name, sizeof x->name, "%s", v->row.ent.name ? v->row.ent.name : "");
	utf8_scrub(x->name);
	snprintf(x->area, sizeof x->area, "%s", g->area->code);
	snprintf(x->area_name, sizeof x->area_name, "%s", g->area->name);
	const char *addr = v->row.ent.address ? v->row.ent.address : "";
	switch (g->basis) {
	case REGISTRY_USCC:
		snprintf(x->basis, sizeof x->basis, "uscc");
		snprintf(x->evidence, sizeof x->evidence, "信用代码中的登记机关代码%.6s%s",
			 x->uscc + 2, g->by_old_code ? "（该区域的旧代码）" : "");
		break;
	case REGISTRY_ADDRESS:
		snprintf(x->basis, sizeof x->basis, "address");
		snprintf(x->evidence, sizeof x->evidence, "地址：%s", addr);
		break;
	default:
		snprintf(x->basis, sizeof x->basis, "uscc+address");
		snprintf(x->evidence, sizeof x->evidence,
			 "信用代码中的登记机关代码%.6s%s，地址相符", x->uscc + 2,
			 g->by_old_code ? "（该区域的旧代码）" : "");
		break;
	}
	utf8_scrub(x->evidence);
}

/* Why no area could be inferred for a row (G), appended to the refusal in MSG. */
static void why_no_area(const struct rowval *v, char *msg, size_t size)
{
	const struct registry_guess *g = &v->guess;
	size_t k = strlen(msg);
	if (g->by_uscc && g->by_address)
		snprintf(msg + k, size - k,
			 "（信用代码的登记机关代码指向%s，地址指向%s，无法判断；请填写所属区域，"
			 "或在导入时指定区域）",
			 g->by_uscc->name, g->by_address->name);
	else
		snprintf(msg + k, size - k,
			 "（信用代码的登记机关代码%.6s不对应任何区域，地址中%s；请填写所属区域，"
			 "或在导入时指定区域）",
			 v->row.ent.uscc + 2,
			 g->address_ambiguous ? "有多个区域名称" : "没有区域名称");
}

/* Parse every mapped cell of the row into V; 0, or -1 after reporting issues. */
static int parse_row(struct imp *im, size_t row, const struct xlsx_cell *cells, size_t n,
		     struct rowval *v)
{
	int bad = 0;
	char msg[300];
	struct err e;
	struct import_row *r = &v->row;
	const char *tax = NULL;
	size_t tax_n = 0;
	intake_row_init(r);
	memset(v->has, 0, sizeof v->has);
	v->guessed = 0;
	for (int f = 0; f < COL_COUNT; f++) {
		long c = im->map.col[f];
		if (c < 0 || (size_t)c >= n || cells[c].type == XLSX_EMPTY)
			continue;
		const char *s = cells[c].s;
		size_t len = cells[c].n;
		cell_trim(&s, &len);
		if (len == 0)
			continue;
		const struct colmap_def *def = colmap_def(f);
		if (def->kind != COLK_TEXT && def->kind != COLK_USCC && cell_placeholder(s, len))
			continue;
		/* a CSV export protects text against formula injection with a quote */
		if (def->kind == COLK_TEXT && len > 1 && s[0] == '\'' &&
		    (s[1] == '=' || s[1] == '+' || s[1] == '-' || s[1] == '@')) {
			s++;
			len--;
		}
		if (cells[c].type == XLSX_ERROR) {
			bad |= row_issue(im, row, f, "单元格是公式错误值：%s", s);
			continue;
		}
		err_clear(&e);
		switch (def->kind) {
		case COLK_TEXT:
			if (len > 2000) {
				bad |= row_issue(im, row, f, "%s", "内容过长（超过2000字节）");
				continue;
			}
			set_text(&r->ent, f, arena_strndup(im->row_arena, s, len));
			break;
		case COLK_USCC: {
			struct uscc u;
			if (uscc_parse(s, len, 0, &u, &e)) {
				bad |= row_issue(im, row, f, "%s", e.msg);
				continue;
			}
			memcpy(r->ent.uscc, u.code, sizeof r->ent.uscc);
			break;
		}
		case COLK_DATE: {
			int32_t d;
			if (cell_date(s, len, cells[c].type, im->date1904, &d, msg, sizeof msg)) {
				bad |= row_issue(im, row, f, "%s", msg);
				continue;
			}
			set_date(&r->ent, f, d);
			break;
		}
		case COLK_MONEY: {
			int64_t fen;
			if (money_parse(s, len, im->map.unit[f], &fen, def->key, &e)) {
				snprintf(msg, sizeof msg, "%.200s：%.*s", e.msg,
					 (int)(len > 40 ? 40 : len), s);
				bad |= row_issue(im, row, f, "%s", msg);
				continue;
			}
			if (fen < 0) {
				bad |= row_issue(im, row, f, "%s", "金额不能为负数");
				continue;
			}
			set_money(r, f, fen);
			break;
		}
		case COLK_COUNT: {
			int64_t h;
			if (count_parse(s, len, &h, def->key, &e)) {
				bad |= row_issue(im, row, f, "%s", e.msg);
				continue;
			}
			if (f == COL_STAFF)
				r->ind.staff = h;
			else
				r->ind.st_staff = h;
			break;
		}
		case COLK_INT: {
			int64_t x;
			if (f == COL_YEAR || f == COL_TSME_YEAR) {
				if (cell_int(s, len, 1990, im->this_year, &x)) {
					snprintf(msg, sizeof msg,
						 "年度应为1990至%d之间的整数：%.*s", im->this_year,
						 (int)(len > 40 ? 40 : len), s);
					bad |= row_issue(im, row, f, "%s", msg);
					continue;
				}
				if (f == COL_YEAR)
					r->ind.year = x;
				else
					r->ent.tsme_year = x;
			} else {
				if (cell_int(s, len, 0, 100000, &x)) {
					bad |= row_issue(im, row, f, "应为0至100000之间的整数：%s",
							 arena_strndup(im->row_arena, s, len));
					continue;
				}
				r->ind.conversions = x;
			}
			break;
		}
		case COLK_BOOL: {
			int b;
			if (cell_bool(s, len, &b)) {
				bad |= row_issue(im, row, f, "应填“是”或“否”：%s",
						 arena_strndup(im->row_arena, s, len));
				continue;
			}
			if (f == COL_ABOVE_SCALE) {
				r->ent.above_scale = b;
				r->has_above_scale = 1;
			} else if (f == COL_LISTED) {
				r->ent.listed = b;
				r->has_listed = 1;
			} else {
				r->ind.incident = b;
				r->has_incident = 1;
			}
			break;
		}
		case COLK_TIER: {
			char *t = arena_strndup(im->row_arena, s, len);
			if (enterprise_tier_parse(t, &r->ent.tier, &e)) {
				bad |= row_issue(im, row, f, "未知的培育层级：%s", t);
				continue;
			}
			r->has_tier = 1;
			break;
		}
		case COLK_AREA: {
			const char *code = find_area(im, s, len);
			if (!code) {
				/* "云南省曲靖市麒麟区": one area's name inside the text */
				struct registry_guess g;
				registry_infer_area(im->areas, im->nareas, NULL, s, len, &g);
				code = g.area ? g.area->code : NULL;
			}
			if (!code) {
				bad |= row_issue(im, row, f,
						 "未知的区域：%s（请填写区域名称或代码）",
						 arena_strndup(im->row_arena, s, len));
				continue;
			}
			r->ent.area = code;
			break;
		}
		case COLK_FIELD: {
			const struct fields_entry *fe = NULL;
			char *t = arena_strndup(im->row_arena, s, len);
			if (im->fields) {
				fe = fields_find(im->fields, t);
				if (!fe)
					fe = fields_find_name(im->fields, s, len);
			}
			if (!fe) {
				bad |= row_issue(im, row, f, "未知的技术领域：%s", t);
				continue;
			}
			r->ent.field = arena_strndup(im->row_arena, fe->code, strlen(fe->code));
			break;
		}
		case COLK_CAPITAL: {
			char cur[4];
			if (registry_capital(s, len, im->map.unit[f], im->map.unit_given[f],
					     &r->ent.registered_capital, cur, msg, sizeof msg)) {
				bad |= row_issue(im, row, f, "%s", msg);
				continue;
			}
			r->ent.capital_currency = arena_strndup(im->row_arena, cur, 3);
			break;
		}
		case COLK_TAX_NO:
			tax = s;
			tax_n = len;
			break;
		case COLK_STATUS: break; /* read by closed_status before the row */
		}
		v->has[f] = 1;
	}
	if (tax)
		check_tax_number(im, row, v, tax, tax_n, bad);
	if (v->has[COL_STAFF] && v->has[COL_ST_STAFF] && r->ind.st_staff > r->ind.staff)
		bad |= row_issue(im, row, COL_ST_STAFF, "%s", "科技人员数不能大于职工总数");
	if (!v->has[COL_USCC] && !bad)
		bad |= row_issue(im, row, COL_USCC, "%s", "统一社会信用代码为空");
	if (!bad && !v->has[COL_AREA] && !im->default_area) {
		const char *addr = r->ent.address;
		registry_infer_area(im->areas, im->nareas, r->ent.uscc, addr,
				    addr ? strlen(addr) : 0, &v->guess);
		v->guessed = 1;
		if (v->guess.area)
			r->area_if_new = v->guess.area->code;
	}
	if (im->map.has_indicator && !v->has[COL_YEAR] && !bad) {
		int any = 0;
		for (int f = COL_YEAR + 1; f < COL_COUNT; f++)
			any |= v->has[f];
		if (any)
			bad |= row_issue(im, row, COL_YEAR, "%s", "有年度指标但“年度”为空");
	}
	return bad ? -1 : 0;
}

/*
 * Apply one parsed row through the ledger (one intake_row call): 0, 1 (a row
 * issue, reported) or the ERR_* that ends the import (into *im->fatal).
 */
static int apply_row(struct imp *im, size_t row, const struct rowval *v)
{
	struct err e;
	struct intake_outcome out;
	err_clear(&e);
	memset(&out, 0, sizeof out);
	int rc = intake_row(im->it, &v->row, &out, &e);
	if (rc == ERR_DB || rc == ERR_BUSY || rc == ERR_INTERNAL) {
		*im->fatal = e;
		return rc;
	}
	if (rc) {
		if (v->guessed && !v->guess.area && !strcmp(e.field, "area"))
			why_no_area(v, e.msg, sizeof e.msg);
		issue_from_err(im, row, &e);
		return 1;
	}
	if (out.area_from == INTAKE_AREA_IF_NEW)
		add_inferred(im, row, v);
	struct import_report *r = im->r;
	if (out.enterprise == INTAKE_CREATED)
		r->ent_new++;
	else if (out.enterprise == INTAKE_UPDATED)
		r->ent_changed++;
	else
		r->ent_unchanged++;
	if (out.indicators == INTAKE_CREATED)
		r->ind_new++;
	else if (out.indicators == INTAKE_UPDATED)
		r->ind_changed++;
	else if (out.indicators == INTAKE_UNCHANGED)
		r->ind_unchanged++;
	return 0;
}

/* ---- header ------------------------------------------------------------------- */

static int row_blank(const struct xlsx_cell *cells, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *s = cells[i].s;
		size_t len = cells[i].n;
		cell_trim(&s, &len);
		if (len)
			return 0;
	}
	return 1;
}

/* Try the row as the header; 1 when taken. */
static int try_header(struct imp *im, size_t row, const struct xlsx_cell *cells, size_t n)
{
	struct colmap_cell *hc = xcalloc(n ? n : 1, sizeof *hc);
	for (size_t i = 0; i < n; i++) {
		hc[i].s = cells[i].s;
		hc[i].n = cells[i].n;
	}
	struct colmap m;
	struct err e;
	err_clear(&e);
	int rc = colmap_build(&m, hc, n, &e);
	free(hc);
	if (rc) {
		if (!im->header_err_set) {
			im->header_err = e;
			snprintf(im->header_err.msg, sizeof im->header_err.msg,
				 "第%zu行表头：%.400s", row, e.msg);
			im->header_err_set = 1;
		}
		return 0;
	}
	if (m.col[COL_USCC] < 0 || m.nmapped < 2)
		return 0;
	if (im->have_header && m.nmapped < im->map.nmapped)
		return 0;
	im->map = m;
	im->have_header = 1;
	im->r->header_row = row;
	free(im->head_text);
	im->nhead = n;
	im->head_text = xcalloc(n ? n : 1, sizeof *im->head_text);
	for (size_t i = 0; i < n; i++) {
		const char *s = cells[i].s;
		size_t len = cells[i].n;
		cell_trim(&s, &len);
		snprintf(im->head_text[i], sizeof im->head_text[i], "%.*s", (int)len, s);
		utf8_scrub(im->head_text[i]); /* the cut may split a character */
	}
	im->r->unknown_columns[0] = '\0';
	struct strbuf sb;
	strbuf_init(&sb, sizeof im->r->unknown_columns - 1);
	for (size_t i = 0; i < m.nunknown; i++) {
		if (i)
			strbuf_adds(&sb, "、");
		strbuf_adds(&sb, im->head_text[m.unknown[i]]);
	}
	snprintf(im->r->unknown_columns, sizeof im->r->unknown_columns, "%s", strbuf_cstr(&sb));
	strbuf_reset(&sb);
	for (size_t i = 0; i < m.nignored; i++) {
		if (i)
			strbuf_adds(&sb, "、");
		strbuf_adds(&sb, im->head_text[m.ignored[i]]);
	}
	snprintf(im->r->ignored_columns, sizeof im->r->ignored_columns, "%s", strbuf_cstr(&sb));
	utf8_scrub(im->r->unknown_columns);
	utf8_scrub(im->r->ignored_columns);
	strbuf_cleanup(&sb);
	return 1;
}

static void progress(struct imp *im)
{
	im->seen++;
	if (!im->o->progress || (im->seen & 1023))
		return;
	im->o->progress(im->o->progress_ctx, im->seen, im->total_hint);
}

/* The rows of the file, in order: the header first, then the data rows (rowpipe_sink.row). */
static int on_row(void *ctx, size_t row, const struct xlsx_cell *cells, size_t n, struct err *e)
{
	struct imp *im = ctx;
	progress(im);
	if (row_blank(cells, n))
		return 0;
	if (!im->have_header) {
		if (try_header(im, row, cells, n))
			return colmap_check_required(&im->map, e);
		if (row >= HEADER_SCAN_ROWS) {
			im->no_header = 1;
			if (im->header_err_set) {
				*e = im->header_err;
				return e->code;
			}
			return err_set(
				e, ERR_INVALID, "header",
				"前%d行中未找到表头（表头须含“统一社会信用代码”列及其他已知列）",
				HEADER_SCAN_ROWS);
		}
		return 0;
	}
	/* a second header row right below (two-row headers with merged cells) */
	long uc = im->map.col[COL_USCC];
	if (row == im->r->header_row + 1 && uc >= 0 && (size_t)uc < n &&
	    colmap_lookup(cells[uc].s, cells[uc].n, NULL) == COL_USCC) {
		if (try_header(im, row, cells, n))
			return colmap_check_required(&im->map, e);
		return 0;
	}
	im->r->rows++;
	arena_reset(im->row_arena);
	if (closed_row(im, row, cells, n)) {
		im->r->closed_rows++;
		return 0;
	}
	struct rowval v;
	if (parse_row(im, row, cells, n, &v)) {
		im->r->invalid_rows++;
		return 0;
	}
	int rc = apply_row(im, row, &v);
	if (rc == 0 || rc == 1) {
		if (rc == 0)
			im->r->valid_rows++;
		else
			im->r->invalid_rows++;
		return 0;
	}
	*e = *im->fatal;
	return rc;
}

/* Before each batch of rows (rowpipe_sink.batch): the rows still expected. */
static void on_batch(void *ctx, uint64_t total_hint)
{
	struct imp *im = ctx;
	if (total_hint)
		im->total_hint = total_hint;
	intake_expect(im->it, im->total_hint > im->seen ? im->total_hint - im->seen : 0);
}

/* Run READ(SRC) on the reader thread, its rows going to on_row here. */
static int pipe_run(struct imp *im, rowpipe_read_fn read, void *src, struct xlsx *x, struct err *e)
{
	const struct rowpipe_sink sink = {on_batch, on_row, im};
	return rowpipe_run(read, src, x, im->total_hint, &sink, e);
}

/* ---- sources ------------------------------------------------------------------ */

struct sheet_src {
	struct xlsx *x;
	size_t index;
};

static int read_sheet(struct rowpipe *p, void *src, struct err *e)
{
	struct sheet_src *s = src;
	return xlsx_read_sheet(s->x, s->index, rowpipe_xlsx_row, p, e);
}

struct csv_src {
	const char *p; /* in memory, or */
	size_t n;
	FILE *f;	       /* a file */
	enum csv_encoding enc; /* out */
};

static int read_csv(struct rowpipe *p, void *src, struct err *e)
{
	struct csv_src *s = src;
	s->enc = CSV_UTF8;
	if (s->f)
		return csv_read_file(s->f, NULL, rowpipe_csv_record, p, &s->enc, e);
	return csv_read_mem(s->p, s->n, NULL, rowpipe_csv_record, p, &s->enc, e);
}

static int import_csv(struct imp *im, struct csv_src *s, struct err *e)
{
	snprintf(im->r->format, sizeof im->r->format, "csv");
	int rc = pipe_run(im, read_csv, s, NULL, e);
	snprintf(im->r->encoding, sizeof im->r->encoding, "%s", csv_encoding_name(s->enc));
	return rc;
}

/* ---- driver ------------------------------------------------------------------- */

static int prepare(struct imp *im, struct ledger *l, struct intake *it,
		   const struct import_options *o, struct import_report *r, struct err *e)
{
	im->l = l;
	im->it = it;
	im->o = o;
	im->r = r;
	im->fatal = e;
	im->max_issues = o->max_issues ? o->max_issues : 1000;
	im->row_arena = arena_new();
	im->areas_arena = arena_new();
	im->this_year = date_year(date_today());
	int rc = area_list(l, im->areas_arena, &im->areas, &im->nareas, e);
	if (rc)
		return rc;
	if (o->area && o->area[0]) {
		const char *code = find_area(im, o->area, strlen(o->area));
		if (!code)
			return err_set(e, ERR_INVALID, "area",
				       "没有这个区域：%.60s（请填写区域名称或代码）", o->area);
		rc = intake_default_area(it, code, e);
		if (rc)
			return rc;
		im->default_area = 1;
		snprintf(r->area, sizeof r->area, "%s", code);
		for (size_t i = 0; i < im->nareas; i++)
			if (!strcmp(im->areas[i].code, code))
				snprintf(r->area_name, sizeof r->area_name, "%s",
					 im->areas[i].name);
	}
	im->fields = xmalloc(sizeof *im->fields);
	if (fields_load(im->fields, NULL)) {
		free(im->fields);
		im->fields = NULL;
	}
	return 0;
}

static void release(struct imp *im)
{
	arena_free(im->row_arena);
	arena_free(im->areas_arena);
	free(im->fields);
	free(im->head_text);
}

/*
 * The file of one import, opened once and before the import's group
 * begins: an .xlsx workbook (its directory, relationships, styles and
 * shared strings — tens of megabytes in a large Excel file — are read
 * without holding the database's write lock, and a broken file never takes
 * it), or CSV text, in memory or in the open file.
 */
struct source {
	struct xlsx *x;	    /* an .xlsx (owns the file it was opened from), or NULL */
	struct csv_src csv; /* otherwise: the CSV bytes or the open file */
	uint64_t lines;	    /* CSV: lines counted, for the progress estimate */
};

/*
 * Read the named sheet, or else the first worksheet that has a header (a
 * cover sheet before the ledger is passed over).
 */
static int read_xlsx(struct imp *im, struct xlsx *x, struct err *e)
{
	size_t first = 0, last = xlsx_sheet_count(x);
	if (im->o->sheet) {
		int idx = xlsx_sheet_find(x, im->o->sheet);
		if (idx < 0)
			return err_set(e, ERR_INVALID, "sheet", "工作簿中没有名为“%s”的工作表",
				       im->o->sheet);
		first = (size_t)idx;
		last = first + 1;
	}
	snprintf(im->r->format, sizeof im->r->format, "xlsx");
	int rc = 0;
	im->date1904 = xlsx_date1904(x);
	for (size_t i = first; i < last; i++) {
		snprintf(im->r->sheet, sizeof im->r->sheet, "%s", xlsx_sheet_name(x, i));
		utf8_scrub(im->r->sheet);
		im->have_header = 0;
		im->header_err_set = 0;
		im->r->header_row = 0;
		im->r->unknown_columns[0] = '\0';
		im->r->ignored_columns[0] = '\0';
		struct sheet_src src = {x, i};
		im->total_hint = 0;
		rc = pipe_run(im, read_sheet, &src, x, e);
		if (im->have_header || (rc && !im->no_header))
			break;
		im->no_header = 0;
	}
	if (!im->have_header && !rc && last - first > 1)
		return err_set(
			e, ERR_INVALID, "header",
			"所有工作表中都未找到表头（表头须含“统一社会信用代码”列及其他已知列）");
	return rc;
}

/* Open the group, read SRC, then commit when the outcome allows (else intake_free undoes it). */
static int run(struct imp *im, struct source *src, struct err *e)
{
	int rc = intake_begin(im->it, e);
	if (rc)
		return rc;
	if (src->x) {
		rc = read_xlsx(im, src->x, e);
	} else {
		im->total_hint = src->lines;
		rc = import_csv(im, &src->csv, e);
	}
	if (!rc && !im->have_header) {
		if (im->header_err_set) {
			*e = im->header_err;
			rc = e->code;
		} else {
			rc = err_set(e, ERR_INVALID, "header",
				     "未找到表头（表头须含“统一社会信用代码”列及其他已知列）");
		}
	}
	if (!rc && !im->o->dry_run && (im->r->invalid_rows == 0 || im->o->skip_invalid)) {
		rc = intake_commit(im->it, e);
		im->r->committed = rc == 0;
	}
	return rc;
}

static int is_zip(const unsigned char *p, size_t n)
{
	return n >= 4 && p[0] == 'P' && p[1] == 'K' && p[2] == 3 && p[3] == 4;
}

static int is_ole(const unsigned char *p, size_t n)
{
	return n >= 4 && p[0] == 0xd0 && p[1] == 0xcf && p[2] == 0x11 && p[3] == 0xe0;
}

static int old_excel(struct err *e)
{
	return err_set(e, ERR_INVALID, "file",
		       "这是旧版 Excel（.xls）或 WPS（.et）文件，请另存为 .xlsx 或 CSV 后再导入");
}

static uint64_t count_lines(const char *p, size_t n)
{
	uint64_t k = 0;
	const char *end = p + n;
	while (p < end) {
		const char *q = memchr(p, '\n', (size_t)(end - p));
		if (!q)
			break;
		k++;
		p = q + 1;
	}
	return k;
}

/* SRC for the bytes (P, N) of an uploaded file, which outlive it. */
static int open_mem(struct source *src, const void *p, size_t n, struct err *e)
{
	if (is_ole(p, n))
		return old_excel(e);
	if (is_zip(p, n))
		return xlsx_open_mem(p, n, NULL, &src->x, e);
	src->csv.p = p;
	src->csv.n = n;
	src->lines = count_lines(p, n);
	return 0;
}

/* SRC for the file at PATH: the import's one fopen of it. */
static int open_path(struct source *src, const char *path, struct err *e)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return err_set(e, ERR_IO, "file", "无法打开文件 %s：%s", path, strerror(errno));
	unsigned char magic[4] = {0};
	size_t got = fread(magic, 1, sizeof magic, f);
	char buf[65536];
	size_t k;
	int rc = 0;
	if (is_ole(magic, got)) {
		rc = old_excel(e);
		goto out;
	}
	if (is_zip(magic, got)) {
		rc = xlsx_open_fp(f, NULL, &src->x, e);
		f = NULL; /* the workbook's now, or closed */
		goto out;
	}
	/* count lines for the progress estimate, then read from the start */
	rewind(f);
	while ((k = fread(buf, 1, sizeof buf, f)) > 0)
		src->lines += count_lines(buf, k);
	rewind(f);
	src->csv.f = f;
	f = NULL;
out:
	if (f)
		fclose(f);
	return rc;
}

static void source_cleanup(struct source *src)
{
	xlsx_free(src->x);
	if (src->csv.f)
		fclose(src->csv.f);
	memset(src, 0, sizeof *src);
}

/* The file at PATH, or else the bytes (P, N), into L (see import_file). */
static int do_import(struct ledger *l, const char *path, const void *p, size_t n,
		     const struct import_options *o, struct import_report *r, struct err *e)
{
	static const struct import_options defaults;
	struct source src;
	struct intake *it = NULL;
	struct imp im;
	if (!o)
		o = &defaults;
	memset(r, 0, sizeof *r);
	memset(&src, 0, sizeof src);
	memset(&im, 0, sizeof im);
	/* who may import is settled before the file is read */
	int rc = intake_new(l, o->filename, &it, e);
	if (!rc)
		rc = path ? open_path(&src, path, e) : open_mem(&src, p, n, e);
	if (!rc)
		rc = prepare(&im, l, it, o, r, e);
	if (!rc)
		rc = run(&im, &src, e);
	if (o->progress && !rc)
		o->progress(o->progress_ctx, im.seen, im.seen);
	release(&im);
	intake_free(it);
	source_cleanup(&src);
	return rc;
}

int import_file(struct ledger *l, const char *path, const struct import_options *o,
		struct import_report *r, struct err *e)
{
	return do_import(l, path, NULL, 0, o, r, e);
}

int import_mem(struct ledger *l, const void *p, size_t n, const struct import_options *o,
	       struct import_report *r, struct err *e)
{
	return do_import(l, NULL, p, n, o, r, e);
}
