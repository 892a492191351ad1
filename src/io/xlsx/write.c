/* xlsx_write — libxlsxwriter in constant-memory mode, through a temp file. */
#include "io/xlsx/write.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "core/date.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

struct xlsx_writer {
	char path[4096];
	int have_file;
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *f_head, *f_money, *f_date, *f_count;
	struct xlsxw_col *cols;
	size_t ncols;
	uint32_t row; /* current row, 0-based (0 = header) */
};

int xlsx_writer_new(struct xlsx_writer **out, struct err *e)
{
	struct xlsx_writer *w = xcalloc(1, sizeof *w);
	const char *dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	snprintf(w->path, sizeof w->path, "%s/gaoqi-xlsx-XXXXXX", dir);
	int fd = mkstemp(w->path);
	if (fd < 0) {
		int rc = err_set(e, ERR_IO, NULL, "无法创建临时文件：%s", strerror(errno));
		free(w);
		return rc;
	}
	close(fd);
	w->have_file = 1;
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = (char *)dir};
	w->wb = workbook_new_opt(w->path, &opt);
	if (!w->wb) {
		xlsx_writer_free(w);
		return err_set(e, ERR_INTERNAL, NULL, "无法创建 XLSX 工作簿");
	}
	w->f_head = workbook_add_format(w->wb);
	format_set_bold(w->f_head);
	format_set_bg_color(w->f_head, 0xDDEBF7);
	format_set_border(w->f_head, LXW_BORDER_THIN);
	format_set_text_wrap(w->f_head);
	format_set_align(w->f_head, LXW_ALIGN_VERTICAL_CENTER);
	w->f_money = workbook_add_format(w->wb);
	format_set_num_format(w->f_money, "#,##0.00");
	w->f_date = workbook_add_format(w->wb);
	format_set_num_format(w->f_date, "yyyy-mm-dd");
	w->f_count = workbook_add_format(w->wb);
	format_set_num_format(w->f_count, "0.##");
	*out = w;
	return 0;
}

int xlsx_writer_sheet(struct xlsx_writer *w, const char *name, const struct xlsxw_col *cols,
		      size_t ncols, struct err *e)
{
	if (workbook_validate_sheet_name(w->wb, name) != LXW_NO_ERROR)
		return err_set(e, ERR_INVALID, "sheet", "工作表名称无效：%s", name);
	w->ws = workbook_add_worksheet(w->wb, name);
	if (!w->ws)
		return err_set(e, ERR_INTERNAL, NULL, "无法添加工作表");
	free(w->cols);
	w->cols = xcalloc(ncols ? ncols : 1, sizeof *w->cols);
	memcpy(w->cols, cols, ncols * sizeof *cols);
	w->ncols = ncols;
	for (size_t i = 0; i < ncols; i++) {
		lxw_format *f = cols[i].kind == XLSXW_MONEY   ? w->f_money
				: cols[i].kind == XLSXW_DATE  ? w->f_date
				: cols[i].kind == XLSXW_COUNT ? w->f_count
							      : NULL;
		worksheet_set_column(w->ws, (lxw_col_t)i, (lxw_col_t)i, cols[i].width, f);
	}
	worksheet_freeze_panes(w->ws, 1, 0);
	worksheet_set_row(w->ws, 0, 30, NULL);
	for (size_t i = 0; i < ncols; i++)
		if (worksheet_write_string(w->ws, 0, (lxw_col_t)i, cols[i].header, w->f_head))
			return err_set(e, ERR_INTERNAL, NULL, "写入表头失败");
	w->row = 1;
	return 0;
}

int xlsx_writer_text(struct xlsx_writer *w, size_t col, const char *s)
{
	if (!w->ws || col >= w->ncols)
		return ERR_INTERNAL;
	if (!s || !*s)
		return 0;
	return worksheet_write_string(w->ws, w->row, (lxw_col_t)col, s, NULL) ? ERR_INTERNAL : 0;
}

int xlsx_writer_int(struct xlsx_writer *w, size_t col, int64_t v)
{
	if (!w->ws || col >= w->ncols)
		return ERR_INTERNAL;
	lxw_error le;
	switch (w->cols[col].kind) {
	case XLSXW_MONEY:
		/* exact: every fen value below 2^53 has a double within half a fen,
		 * shown and read back to 15 significant digits */
		le = worksheet_write_number(w->ws, w->row, (lxw_col_t)col, (double)v / 100.0,
					    w->f_money);
		break;
	case XLSXW_COUNT:
		le = worksheet_write_number(w->ws, w->row, (lxw_col_t)col, (double)v / 100.0,
					    w->f_count);
		break;
	case XLSXW_DATE: {
		int y, m, d;
		date_to_ymd((int32_t)v, &y, &m, &d);
		/* Excel's serials start at 1900-01-01 and count a phantom 1900-02-29:
		 * an earlier date (a serial ≤ 0, unreadable) or one of the first two
		 * months (read back a day off) is written as its text, which the
		 * import reads as a date (io/cell) */
		if (y < 1900 || (y == 1900 && m < 3)) {
			char buf[11];
			le = worksheet_write_string(w->ws, w->row, (lxw_col_t)col,
						    date_format((int32_t)v, buf), NULL);
			break;
		}
		lxw_datetime dt = {.year = y, .month = m, .day = d};
		le = worksheet_write_datetime(w->ws, w->row, (lxw_col_t)col, &dt, w->f_date);
		break;
	}
	default: le = worksheet_write_number(w->ws, w->row, (lxw_col_t)col, (double)v, NULL); break;
	}
	return le ? ERR_INTERNAL : 0;
}

void xlsx_writer_next_row(struct xlsx_writer *w)
{
	w->row++;
}

uint32_t xlsx_writer_rows(const struct xlsx_writer *w)
{
	return w->row ? w->row - 1 : 0;
}

int xlsx_writer_finish(struct xlsx_writer *w, xlsxw_sink_fn sink, void *ctx, struct err *e)
{
	lxw_error le = workbook_close(w->wb);
	w->wb = NULL;
	if (le != LXW_NO_ERROR)
		return err_set(e, ERR_INTERNAL, NULL, "生成 XLSX 文件失败：%s", lxw_strerror(le));
	FILE *f = fopen(w->path, "rb");
	if (!f)
		return err_set(e, ERR_IO, NULL, "无法读取临时文件：%s", strerror(errno));
	char *buf = xmalloc(65536);
	int rc = 0;
	size_t n;
	while ((n = fread(buf, 1, 65536, f)) > 0) {
		rc = sink(ctx, buf, n);
		if (rc)
			break;
	}
	if (!rc && ferror(f))
		rc = err_set(e, ERR_IO, NULL, "读取临时文件失败");
	free(buf);
	fclose(f);
	unlink(w->path);
	w->have_file = 0;
	return rc;
}

void xlsx_writer_free(struct xlsx_writer *w)
{
	if (!w)
		return;
	if (w->wb)
		workbook_close(w->wb);
	if (w->have_file)
		unlink(w->path);
	free(w->cols);
	free(w);
}
