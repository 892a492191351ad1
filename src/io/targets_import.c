/* targets_import — the targets sheet read back (see targets_import.h). */
#include "io/targets_import.h"

#include <stdio.h>
#include <string.h>

#include "io/cell.h"
#include "io/colmap.h"
#include "io/xlsx/read.h"

#define MAX_COLS 64

struct reader {
	const struct area *areas;
	size_t n_areas;
	const struct target_metric *metrics;
	size_t n_metrics;
	struct arena *arena;
	struct targets_sheet *out;
	size_t cap;
	int have_header;
	long col_code, col_name;
	long metric_of[MAX_COLS]; /* the metric of each column, -1 none */
	size_t *seen_row;	  /* per area (and the city last): the row that set it, 0 none */
};

static int text_is(const char *s, size_t n, const char *want)
{
	return want && n == strlen(want) && !memcmp(s, want, n);
}

static void cell_at(const struct xlsx_cell *cells, size_t n, long col, const char **s, size_t *len)
{
	*s = "";
	*len = 0;
	if (col >= 0 && (size_t)col < n) {
		*s = cells[col].s;
		*len = cells[col].n;
		cell_trim(s, len);
	}
}

/* The header: 区域代码 / 区域, each other non-empty cell a metric's name or code. */
static int try_header(struct reader *r, size_t row, const struct xlsx_cell *cells, size_t n,
		      struct err *e)
{
	long code = -1, name = -1;
	for (size_t i = 0; i < n && i < MAX_COLS; i++) {
		const char *s;
		size_t len;
		cell_at(cells, n, (long)i, &s, &len);
		if (text_is(s, len, "区域代码") || text_is(s, len, "地区代码"))
			code = (long)i;
		else if (text_is(s, len, "区域") || text_is(s, len, "区域名称") ||
			 text_is(s, len, "地区") || text_is(s, len, "县（市、区）"))
			name = (long)i;
	}
	if (code < 0 && name < 0)
		return 0;
	r->have_header = 1;
	r->col_code = code;
	r->col_name = name;
	r->out->header_row = row;
	if (n > MAX_COLS)
		return err_set(e, ERR_INVALID, "file", "第%zu行：列过多（最多%d列）", row,
			       MAX_COLS);
	for (size_t i = 0; i < n; i++) {
		const char *s;
		size_t len;
		char col[8];
		r->metric_of[i] = -1;
		if ((long)i == code || (long)i == name)
			continue;
		cell_at(cells, n, (long)i, &s, &len);
		if (!len)
			continue;
		for (size_t m = 0; m < r->n_metrics && r->metric_of[i] < 0; m++)
			if (text_is(s, len, r->metrics[m].name) ||
			    text_is(s, len, r->metrics[m].code))
				r->metric_of[i] = (long)m;
		if (r->metric_of[i] < 0)
			return err_set(e, ERR_INVALID, "file", "第%zu行第%s列：未知的指标：%.*s",
				       row, colmap_col_name(i, col), (int)(len > 60 ? 60 : len), s);
		for (size_t k = 0; k < i; k++)
			if (r->metric_of[k] == r->metric_of[i])
				return err_set(
					e, ERR_INVALID, "file", "第%zu行第%s列：指标重复：%s", row,
					colmap_col_name(i, col), r->metrics[r->metric_of[i]].name);
		r->out->metrics++;
	}
	if (!r->out->metrics)
		return err_set(e, ERR_INVALID, "file", "第%zu行：表头中没有指标列（如“%s”）", row,
			       r->n_metrics ? r->metrics[0].name : "新认定高新技术企业");
	return 0;
}

/* The area of the row: its index in r->areas, n_areas for the city, or an error. */
static int row_area(struct reader *r, size_t row, const struct xlsx_cell *cells, size_t n,
		    size_t *idx, int *skip, struct err *e)
{
	const char *code, *name;
	size_t lc, ln;
	cell_at(cells, n, r->col_code, &code, &lc);
	cell_at(cells, n, r->col_name, &name, &ln);
	*skip = 0;
	if (!lc && !ln) {
		*skip = 1;
		return 0;
	}
	if (!lc && (text_is(name, ln, "全市") || text_is(name, ln, "全市合计") ||
		    text_is(name, ln, "合计"))) {
		*idx = r->n_areas;
		return 0;
	}
	for (size_t i = 0; i < r->n_areas; i++) {
		if (lc ? text_is(code, lc, r->areas[i].code)
		       : text_is(name, ln, r->areas[i].name)) {
			if (lc && ln && !text_is(name, ln, r->areas[i].name))
				return err_set(e, ERR_INVALID, "file",
					       "第%zu行：区域代码%s是%s，与区域名称“%.*s”不符", row,
					       r->areas[i].code, r->areas[i].name,
					       (int)(ln > 60 ? 60 : ln), name);
			*idx = i;
			return 0;
		}
	}
	if (lc)
		return err_set(e, ERR_INVALID, "file", "第%zu行：区域代码不存在：%.*s", row,
			       (int)(lc > 20 ? 20 : lc), code);
	return err_set(e, ERR_INVALID, "file", "第%zu行：区域不存在：%.*s", row,
		       (int)(ln > 60 ? 60 : ln), name);
}

static int add_item(struct reader *r, const char *area, const char *metric, int64_t value)
{
	if (r->out->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 64;
		struct target *items = arena_alloc(r->arena, cap * sizeof *items);
		if (r->out->n)
			memcpy(items, r->out->items, r->out->n * sizeof *items);
		r->out->items = items;
		r->cap = cap;
	}
	r->out->items[r->out->n++] = (struct target){area, metric, value};
	return 0;
}

static int on_row(void *ctx, uint32_t row32, const struct xlsx_cell *cells, size_t n, struct err *e)
{
	struct reader *r = ctx;
	size_t row = row32, idx = 0;
	int skip = 0;
	if (!r->have_header) {
		if (row > 10)
			return err_set(e, ERR_INVALID, "file",
				       "前10行中未找到表头（须含“区域代码”或“区域”列及指标列）");
		return try_header(r, row, cells, n, e);
	}
	int rc = row_area(r, row, cells, n, &idx, &skip, e);
	if (rc || skip)
		return rc;
	const char *label = idx < r->n_areas ? r->areas[idx].name : "全市";
	if (r->seen_row[idx])
		return err_set(e, ERR_INVALID, "file", "第%zu行：区域重复（第%zu行已是%s）", row,
			       r->seen_row[idx], label);
	r->seen_row[idx] = row;
	r->out->rows++;
	const char *area = idx < r->n_areas ? r->areas[idx].code : NULL;
	for (size_t i = 0; i < MAX_COLS; i++) {
		if (!r->have_header || r->metric_of[i] < 0 || (long)i == r->col_code ||
		    (long)i == r->col_name)
			continue;
		const char *s;
		size_t len;
		int64_t v = LEDGER_NONE;
		char col[8];
		const struct target_metric *m = &r->metrics[r->metric_of[i]];
		cell_at(cells, n, (long)i, &s, &len);
		if (len && !cell_placeholder(s, len) && cell_int(s, len, 0, TARGET_VALUE_MAX, &v))
			return err_set(e, ERR_INVALID, "file",
				       "第%zu行第%s列（%s）：目标值应为0到%d之间的整数：%.*s", row,
				       colmap_col_name(i, col), m->name, TARGET_VALUE_MAX,
				       (int)(len > 40 ? 40 : len), s);
		add_item(r, area, m->code, v);
	}
	return 0;
}

/* The year NAME starts with as "YYYY年" (2000–2100), else 0. */
static int sheet_year(const char *name)
{
	if (!name)
		return 0;
	int y = 0;
	for (int i = 0; i < 4; i++) {
		if (name[i] < '0' || name[i] > '9')
			return 0;
		y = 10 * y + (name[i] - '0');
	}
	return strncmp(name + 4, "年", strlen("年")) || y < 2000 || y > 2100 ? 0 : y;
}

int targets_read_mem(const void *p, size_t n, const struct area *areas, size_t n_areas,
		     const struct target_metric *metrics, size_t n_metrics, struct arena *arena,
		     struct targets_sheet *out, struct err *e)
{
	const unsigned char *b = p;
	struct reader r;
	struct xlsx *x = NULL;
	memset(out, 0, sizeof *out);
	memset(&r, 0, sizeof r);
	for (size_t i = 0; i < MAX_COLS; i++)
		r.metric_of[i] = -1;
	r.areas = areas;
	r.n_areas = n_areas;
	r.metrics = metrics;
	r.n_metrics = n_metrics;
	r.arena = arena;
	r.out = out;
	r.seen_row = arena_alloc(arena, (n_areas + 1) * sizeof *r.seen_row);
	memset(r.seen_row, 0, (n_areas + 1) * sizeof *r.seen_row);
	if (n > TARGETS_IMPORT_MAX_FILE)
		return err_set(e, ERR_TOO_BIG, "file", "文件过大（最多8 MiB）");
	if (n < 4 || b[0] != 'P' || b[1] != 'K' || b[2] != 3 || b[3] != 4)
		return err_set(e, ERR_INVALID, "file",
			       "请上传 .xlsx 文件（可先在“目标分解”页导出模板再填写）");
	int rc = xlsx_open_mem(p, n, NULL, &x, e);
	if (!rc)
		out->year = sheet_year(xlsx_sheet_name(x, 0));
	if (!rc)
		rc = xlsx_read_sheet(x, 0, on_row, &r, e);
	xlsx_free(x);
	if (!rc && !r.have_header)
		rc = err_set(e, ERR_INVALID, "file",
			     "未找到表头（须含“区域代码”或“区域”列及指标列）");
	if (!rc && !out->rows)
		rc = err_set(e, ERR_INVALID, "file", "表中没有区域行");
	return rc;
}
