/* notice — a published list read from a spreadsheet (see notice.h). */
#include "io/notice.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/cell.h"
#include "io/colmap.h"
#include "io/csv.h"
#include "io/xlsx/read.h"
#include "ledger/ledger.h"

struct reader {
	enum notice_kind kind;
	struct arena *arena;
	struct notice *out;
	size_t cap;
	int date1904;
	int have_header;
	long col_uscc, col_name, col_number, col_date;
};

static long find_col(const struct xlsx_cell *cells, size_t n, enum colmap_field want)
{
	for (size_t i = 0; i < n; i++) {
		const char *s = cells[i].s;
		size_t len = cells[i].n;
		cell_trim(&s, &len);
		if (len && colmap_lookup(s, len, NULL) == (int)want)
			return (long)i;
	}
	return -1;
}

/* "及“证书编号”列" for the messages (nothing for a sign-in sheet). */
static const char *number_label(enum notice_kind kind)
{
	return kind == NOTICE_HNTE ? "及“证书编号”列" : kind == NOTICE_TSME ? "及“登记编号”列" : "";
}

/* A sign-in sheet's column of the people who came (参会人员, 姓名, …), or -1. */
static long attendee_col(const struct xlsx_cell *cells, size_t n)
{
	static const char *const names[] = {"参会人员", "参会人", "参训人员", "参训人",
					    "签到人",	"姓名",	  "参会代表", NULL};
	for (size_t i = 0; i < n; i++) {
		const char *s = cells[i].s;
		size_t len = cells[i].n;
		cell_trim(&s, &len);
		for (size_t k = 0; len && names[k]; k++)
			if (len == strlen(names[k]) && !memcmp(s, names[k], len))
				return (long)i;
	}
	return -1;
}

static void try_header(struct reader *r, const struct xlsx_cell *cells, size_t n)
{
	long num = r->kind == NOTICE_SIGNIN
			   ? attendee_col(cells, n)
			   : find_col(cells, n,
				      r->kind == NOTICE_HNTE ? COL_HNTE_CERT_NO : COL_TSME_REG_NO);
	long uscc = find_col(cells, n, COL_USCC), name = find_col(cells, n, COL_NAME);
	if ((num < 0 && r->kind != NOTICE_SIGNIN) || (uscc < 0 && name < 0))
		return;
	r->have_header = 1;
	r->col_number = num;
	r->col_uscc = uscc;
	r->col_name = name;
	r->col_date = find_col(cells, n, COL_HNTE_ISSUED_ON);
}

/* Cell COL of the row, trimmed, into the arena; NULL when absent or empty. */
static const char *cell_text(struct reader *r, const struct xlsx_cell *cells, size_t n, long col)
{
	if (col < 0 || (size_t)col >= n)
		return NULL;
	const char *s = cells[col].s;
	size_t len = cells[col].n;
	cell_trim(&s, &len);
	return len ? arena_strndup(r->arena, s, len) : NULL;
}

static int on_row(struct reader *r, size_t row, const struct xlsx_cell *cells, size_t n,
		  struct err *e)
{
	if (!r->have_header) {
		if (row > 20)
			return err_set(
				e, ERR_INVALID, "header",
				"前20行中未找到表头（须含“企业名称”或“统一社会信用代码”列%s）",
				number_label(r->kind));
		try_header(r, cells, n);
		if (r->have_header)
			r->out->header_row = row;
		return 0;
	}
	struct list_row lr;
	memset(&lr, 0, sizeof lr);
	lr.row = row;
	lr.uscc = cell_text(r, cells, n, r->col_uscc);
	lr.name = cell_text(r, cells, n, r->col_name);
	lr.number = cell_text(r, cells, n, r->col_number);
	lr.on = LEDGER_NO_DATE;
	if (!lr.uscc && !lr.name)
		return 0;
	if (r->col_date >= 0 && (size_t)r->col_date < n) {
		const struct xlsx_cell *c = &cells[r->col_date];
		const char *s = c->s;
		size_t len = c->n;
		char msg[200];
		cell_trim(&s, &len);
		if (len && !cell_placeholder(s, len) &&
		    cell_date(s, len, c->type, r->date1904, &lr.on, msg, sizeof msg))
			return err_set(e, ERR_INVALID, "file", "第%zu行：%s", row, msg);
	}
	if (r->out->n >= NOTICE_MAX_ROWS)
		return err_set(e, ERR_TOO_BIG, "file", "名单过长（最多%d行）", NOTICE_MAX_ROWS);
	if (r->out->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 64;
		struct list_row *rows = arena_alloc(r->arena, cap * sizeof *rows);
		if (r->out->n)
			memcpy(rows, r->out->rows, r->out->n * sizeof *rows);
		r->out->rows = rows;
		r->cap = cap;
	}
	r->out->rows[r->out->n++] = lr;
	return 0;
}

static int xlsx_row(void *ctx, uint32_t row, const struct xlsx_cell *cells, size_t n, struct err *e)
{
	return on_row(ctx, row, cells, n, e);
}

static int csv_row(void *ctx, size_t record, const struct csv_field *f, size_t n, struct err *e)
{
	struct xlsx_cell cells[64];
	if (n > 64)
		n = 64;
	for (size_t i = 0; i < n; i++) {
		cells[i].type = f[i].n ? XLSX_STRING : XLSX_EMPTY;
		cells[i].s = f[i].s;
		cells[i].n = f[i].n;
	}
	return on_row(ctx, record, cells, n, e);
}

int notice_read_mem(const void *p, size_t n, enum notice_kind kind, struct arena *arena,
		    struct notice *out, struct err *e)
{
	const unsigned char *b = p;
	struct reader r;
	struct xlsx *x = NULL;
	int rc;
	memset(out, 0, sizeof *out);
	memset(&r, 0, sizeof r);
	r.kind = kind;
	r.arena = arena;
	r.out = out;
	if (n >= 4 && b[0] == 0xd0 && b[1] == 0xcf && b[2] == 0x11 && b[3] == 0xe0)
		return err_set(e, ERR_INVALID, "file",
			       "这是旧版 Excel（.xls）文件，请另存为 .xlsx 或 CSV 后再导入");
	if (n >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4) {
		snprintf(out->format, sizeof out->format, "xlsx");
		rc = xlsx_open_mem(p, n, NULL, &x, e);
		if (!rc) {
			r.date1904 = xlsx_date1904(x);
			rc = xlsx_read_sheet(x, 0, xlsx_row, &r, e);
		}
		xlsx_free(x);
	} else {
		snprintf(out->format, sizeof out->format, "csv");
		rc = csv_read_mem(p, n, NULL, csv_row, &r, NULL, e);
	}
	if (!rc && !r.have_header)
		rc = err_set(e, ERR_INVALID, "header",
			     "未找到表头（须含“企业名称”或“统一社会信用代码”列%s）",
			     number_label(kind));
	return rc;
}

int notice_read_file(const char *path, enum notice_kind kind, struct arena *arena,
		     struct notice *out, struct err *e)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0;
	int rc = 0;
	memset(out, 0, sizeof *out);
	if (!f)
		return err_set(e, ERR_IO, "file", "无法打开文件 %s：%s", path, strerror(errno));
	long size = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
	if (size < 0 || fseek(f, 0, SEEK_SET) != 0) {
		rc = err_set(e, ERR_IO, "file", "读取文件失败：%s", path);
	} else if ((unsigned long)size > NOTICE_MAX_FILE) {
		rc = err_set(e, ERR_TOO_BIG, "file", "文件过大（最多64 MiB）");
	} else {
		buf = malloc((size_t)size + 1);
		if (!buf)
			abort();
		len = fread(buf, 1, (size_t)size, f);
		if (ferror(f) || len != (size_t)size)
			rc = err_set(e, ERR_IO, "file", "读取文件失败：%s", path);
	}
	fclose(f);
	if (!rc)
		rc = notice_read_mem(buf, len, kind, arena, out, e);
	/* the rows' text lives in ARENA; the file's bytes are no longer needed */
	free(buf);
	return rc;
}
