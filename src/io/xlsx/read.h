/*
 * xlsx_read — a streaming reader of .xlsx workbooks (Office Open XML
 * spreadsheets written by Excel, WPS, LibreOffice, openpyxl …), on libzip,
 * ISA-L and expat. No packaged C reader exists.
 *
 * Every part is inflated with ISA-L through fixed buffers, its size counted
 * as it is produced and its CRC-32 checked against the ZIP directory (stored
 * entries are read as they are; other compression methods are refused).
 * Worksheets and the shared strings — the big parts — are read by a
 * hand-written streaming XML scanner that checks well-formedness as expat
 * does (tags, entities, character references, UTF-8, comments, processing
 * instructions, CDATA); a part that declares another encoding than UTF-8 or
 * starts with a UTF-16 byte-order mark goes to expat instead, as do the small
 * parts (workbook, relationships, styles).
 *
 * Opening a workbook resolves its sheets through xl/workbook.xml and its
 * relationships, and loads the shared strings and the cell styles. Reading a
 * sheet streams its XML and hands each row to a callback, so memory grows with
 * the number of distinct shared strings and merged ranges, not with rows.
 *
 * Cell values are delivered as UTF-8 text with a type:
 * - shared and inline strings: rich-text runs joined, phonetic runs (<rPh>,
 *   as WPS writes for Chinese) skipped, _xHHHH_ escapes decoded;
 * - numbers: the stored decimal text rounded to 15 significant digits (what
 *   Excel shows) and written without an exponent ("1.23E+7" → "12300000").
 *   This removes binary float noise only (a relative change below 5e-15:
 *   "1234.5600000000002" → "1234.56"); a value with real extra decimals keeps
 *   them ("1234.5000000001", 14 significant digits, stays as is), so a money
 *   parser that allows 2 decimals refuses it instead of rounding it;
 * - booleans: "TRUE" / "FALSE";
 * - formulas: their cached value (the formula itself is ignored);
 * - dates: only when the cell's number format is a date format (built-ins
 *   14–22, the zh-CN built-ins 27–36 and 50–58, or a custom format with y, m
 *   or d outside quotes and brackets), as ISO "YYYY-MM-DD" in the workbook's
 *   1900 or 1904 date system; a time of day is dropped;
 * - errors ("#DIV/0!"): their text, typed XLSX_ERROR.
 * The value of a merged range is repeated in every cell of the range, so a
 * header spanning two rows or columns names each column under it.
 *
 * Hard caps (struct xlsx_limits) bound the ZIP entry count, every part's
 * uncompressed size (counted on the bytes actually inflated), the
 * rows, columns and cell length, the shared strings and merged ranges. An XML
 * part with a DOCTYPE is refused (no entity expansion is ever done).
 *
 * A struct xlsx is used by one thread at a time.
 */
#ifndef GAOQI_IO_XLSX_READ_H
#define GAOQI_IO_XLSX_READ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/err.h"

enum xlsx_type {
	XLSX_EMPTY = 0,
	XLSX_STRING = 1,
	XLSX_NUMBER = 2,
	XLSX_BOOL = 3,
	XLSX_DATE = 4,
	XLSX_ERROR = 5,
};

/* One cell: text (UTF-8, NUL-terminated at s[n]) and type; borrowed. */
struct xlsx_cell {
	enum xlsx_type type;
	const char *s;
	size_t n;
};

/* Hard caps; a zero member takes the default. */
struct xlsx_limits {
	size_t max_part;    /* uncompressed bytes of one XML part (default 512 MiB) */
	size_t max_rows;    /* highest row number read (default 1,048,576) */
	size_t max_cols;    /* highest column (default 512) */
	size_t max_cell;    /* bytes of one cell's text (default 64 KiB) */
	size_t max_shared;  /* shared strings (default 4,000,000; their text at most 128 MiB) */
	size_t max_merges;  /* merged ranges of a sheet (default 100,000) */
	size_t max_sheets;  /* sheets of the workbook (default 256) */
	size_t max_entries; /* entries in the ZIP directory (default 10,000) */
	/*
	 * Not a cap but a knob: the bytes of the scanner's input buffer
	 * (default 256 KiB, 16 B to 64 MiB). Tests set it small so that tokens
	 * cross buffer ends everywhere; results never depend on it.
	 */
	size_t read_buf;
};

struct xlsx;

/*
 * Called for each row present in the sheet, in order, with its 1-based row
 * number and its cells from column A to the last column that has a value
 * (gaps are XLSX_EMPTY with s = ""). The cells are valid only during the
 * call. Return 0 to go on or a negative ERR_* (filling E) to stop.
 */
typedef int (*xlsx_row_fn)(void *ctx, uint32_t row, const struct xlsx_cell *cells, size_t ncells,
			   struct err *e);

/*
 * Open the workbook at PATH. On success *OUT owns it (xlsx_free). Errors:
 * ERR_IO (cannot open), ERR_INVALID (not an xlsx: an old .xls, a broken ZIP
 * or XML, a DOCTYPE, no worksheet; the message says which part),
 * ERR_TOO_BIG (a cap). LIMITS may be NULL.
 */
int xlsx_open_file(const char *path, const struct xlsx_limits *limits, struct xlsx **out,
		   struct err *e);

/*
 * As xlsx_open_file on the open, seekable stream F (read from its start,
 * whatever its position). F is taken over in every case: xlsx_free closes
 * it, or it is closed at once when the open fails.
 */
int xlsx_open_fp(FILE *f, const struct xlsx_limits *limits, struct xlsx **out, struct err *e);

/* As xlsx_open_file on the bytes (P, N), which must outlive the workbook. */
int xlsx_open_mem(const void *p, size_t n, const struct xlsx_limits *limits, struct xlsx **out,
		  struct err *e);

/* Close the workbook and free everything. NULL-safe. */
void xlsx_free(struct xlsx *x);

/* Number of worksheets, in workbook order (chart sheets are not counted). */
size_t xlsx_sheet_count(const struct xlsx *x);

/* Name of worksheet I (borrowed), or NULL when out of range. */
const char *xlsx_sheet_name(const struct xlsx *x, size_t i);

/* Index of the worksheet named NAME, or -1. */
int xlsx_sheet_find(const struct xlsx *x, const char *name);

/* 1 when the workbook uses the 1904 date system. */
int xlsx_date1904(const struct xlsx *x);

/*
 * The last row of the sheet being read as its <dimension> element states
 * (0 when absent): an estimate for progress, valid from the first row
 * callback of xlsx_read_sheet on.
 */
uint32_t xlsx_rows_hint(const struct xlsx *x);

/*
 * Stream worksheet INDEX through FN. Errors: ERR_INVALID (broken XML or a
 * DOCTYPE, naming the part, line and column; a corrupt entry — inflate error
 * or CRC-32 mismatch, found before the first row is delivered — or an
 * unsupported compression method, naming the part; a bad cell reference),
 * ERR_TOO_BIG (a cap, naming the row and column), ERR_NOT_FOUND (no such
 * sheet), or what FN returned. May be called more than once.
 */
int xlsx_read_sheet(struct xlsx *x, size_t index, xlsx_row_fn fn, void *ctx, struct err *e);

/*
 * The reference and fallback path: as xlsx_read_sheet, but the sheet is
 * parsed by expat instead of the fast scanner. xlsx_read_sheet itself falls
 * back to it for a part that declares an encoding other than UTF-8 or starts
 * with a UTF-16 byte-order mark. Exposed so that tests and the differential
 * fuzz target can compare both paths; same errors as xlsx_read_sheet.
 */
int xlsx_read_sheet_expat(struct xlsx *x, size_t index, xlsx_row_fn fn, void *ctx, struct err *e);

/*
 * As xlsx_open_mem, but every part — the shared strings now and each sheet
 * read later, by either read function — goes through expat (the reference
 * path, for tests).
 */
int xlsx_open_mem_expat(const void *p, size_t n, const struct xlsx_limits *limits,
			struct xlsx **out, struct err *e);

/*
 * Helpers exposed for tests and for the importer. Each is pure.
 *
 * xlsx_col_index: the 0-based column of the letters at the start of the cell
 * reference (S, N) ("A1" → 0, "AB7" → 27) and their count in *NLETTERS;
 * -1 when there are no letters or more than 3.
 */
long xlsx_col_index(const char *s, size_t n, size_t *nletters);

/* 1 when the number format (id, custom code or NULL) denotes a date. */
int xlsx_format_is_date(unsigned id, const char *code);

/*
 * Write the decimal number text (S, N) — as stored in a <v> element — into
 * OUT (at least 400 bytes) rounded to 15 significant digits without an
 * exponent; returns its length, or 0 when the text is not a number.
 */
size_t xlsx_number_text(const char *s, size_t n, char *out, size_t outsize);

/*
 * Convert the date serial number (decimal text S, N) of the 1900 (DATE1904 =
 * 0) or 1904 system into days since 1970-01-01 (core/date.h). Returns 0, or
 * -1 when it is not a date in years 1900–9999. In the 1900 system serial 60
 * is Excel's phantom 29 February 1900 and gives -1 (no real day).
 */
int xlsx_serial_to_days(const char *s, size_t n, int date1904, int32_t *days);

#endif
