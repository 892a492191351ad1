/*
 * io/xlsx/sheet.h — a worksheet read as rows, for src/io/xlsx only: the
 * body of xlsx_read_sheet and xlsx_read_sheet_expat (read.h), and the
 * decoding of _xHHHH_ escapes that cell text and shared strings share.
 */
#ifndef GAOQI_IO_XLSX_SHEET_H
#define GAOQI_IO_XLSX_SHEET_H

#include <stddef.h>

#include "io/xlsx/internal.h"

/*
 * Stream worksheet INDEX of X through FN, its XML read by the scanner where
 * it can (FAST) or by expat (0). Sets x->rows_hint. The contract, errors
 * included, is that of xlsx_read_sheet (read.h).
 */
int xlsx_sheet_read(struct xlsx *x, size_t index, xlsx_row_fn fn, void *ctx, int fast,
		    struct err *e);

/*
 * Decode the _xHHHH_ escapes of Office Open XML text in place in (S, *N), as
 * UTF-8 (an escaped surrogate is dropped). Text without '_' is left as it is;
 * otherwise the result, never longer, is NUL-terminated at s[*N], so S must
 * have room for the original *N + 1 bytes.
 */
void xlsx_sheet_unescape(char *s, size_t *n);

#endif
