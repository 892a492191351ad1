/*
 * xlsx_write — spreadsheets for people, on libxlsxwriter in constant-memory
 * mode: rows are written in order and flushed, so a 100,000-row export does
 * not hold its rows in memory.
 *
 * libxlsxwriter writes files only, so the workbook goes to a private temp
 * file (mkstemp under $TMPDIR or /tmp) which xlsx_writer_finish streams to a
 * sink and unlinks. Every sheet has a bold header row that stays frozen, the
 * column widths given, money as numbers in 元 with thousands separators and
 * two decimals (#,##0.00), dates as real dates (yyyy-mm-dd; before 1900-03-01,
 * where Excel has no serial or a wrong one, as that text), values never
 * formulas.
 *
 * One writer belongs to one thread.
 */
#ifndef GAOQI_IO_XLSX_WRITE_H
#define GAOQI_IO_XLSX_WRITE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

enum xlsxw_kind {
	XLSXW_TEXT = 0,
	XLSXW_MONEY = 1, /* fen, shown as 元 #,##0.00 */
	XLSXW_DATE = 2,	 /* days since 1970-01-01 */
	XLSXW_INT = 3,
	XLSXW_COUNT = 4, /* hundredths, shown with up to 2 decimals */
};

struct xlsxw_col {
	const char *header; /* UTF-8 */
	enum xlsxw_kind kind;
	double width; /* in characters (Excel's unit) */
};

struct xlsx_writer;

/* Receives the bytes of the finished file; 0 to go on or a negative ERR_*. */
typedef int (*xlsxw_sink_fn)(void *ctx, const void *p, size_t n);

/* A new workbook in a temp file. ERR_IO when no temp file can be made. */
int xlsx_writer_new(struct xlsx_writer **out, struct err *e);

/*
 * Start a worksheet NAME (≤ 31 characters, no []:*?/\) with the header row
 * COLS (copied). The following cells go to its row 2 on. ERR_INVALID for a bad
 * name, ERR_INTERNAL when the library fails.
 */
int xlsx_writer_sheet(struct xlsx_writer *w, const char *name, const struct xlsxw_col *cols,
		      size_t ncols, struct err *e);

/*
 * Write one cell of the current row in column COL (0-based, < ncols). The
 * value is interpreted by the column's kind: xlsx_writer_text for any kind
 * (text), _int for XLSXW_MONEY (fen), XLSXW_DATE (days), XLSXW_INT and
 * XLSXW_COUNT (hundredths). Cells of a row may be written in any order but
 * rows only forward. 0 or ERR_INTERNAL.
 */
int xlsx_writer_text(struct xlsx_writer *w, size_t col, const char *s);
int xlsx_writer_int(struct xlsx_writer *w, size_t col, int64_t v);

/* Move to the next row. */
void xlsx_writer_next_row(struct xlsx_writer *w);

/* Rows written to the current sheet after its header. */
uint32_t xlsx_writer_rows(const struct xlsx_writer *w);

/*
 * Close the workbook, stream the file to SINK and remove the temp file.
 * ERR_INTERNAL when the library fails, ERR_IO on read errors, or SINK's
 * error. The writer must still be freed.
 */
int xlsx_writer_finish(struct xlsx_writer *w, xlsxw_sink_fn sink, void *ctx, struct err *e);

/* Discard the workbook (unlinking the temp file if still there) and free W. NULL-safe. */
void xlsx_writer_free(struct xlsx_writer *w);

#endif
