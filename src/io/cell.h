/*
 * cell — the text of one spreadsheet cell read as a value, as county ledgers
 * write them (product.md C10): blanks trimmed, placeholders for "none",
 * dates in the forms people type, yes/no words, whole numbers. Pure
 * functions on (text, length); thread-safe.
 */
#ifndef GAOQI_IO_CELL_H
#define GAOQI_IO_CELL_H

#include <stddef.h>
#include <stdint.h>

#include "io/xlsx/read.h"

/* Trim ASCII white space and U+3000 (ideographic space) at both ends of (*S, *N). */
void cell_trim(const char **s, size_t *n);

/*
 * 1 when (S, N) is a mark for a value deliberately left out of a numeric or
 * date column: "-", "/", "—", "－", "／", "无", "--", "——"; else 0.
 */
int cell_placeholder(const char *s, size_t n);

/*
 * A date as people type it — 2023-05-20, 2023/5/20, 2023.5.20,
 * 2023年5月20日 (号 too), 20230520, with any time after a space or 'T'
 * ignored — or, in a number cell (TYPE XLSX_NUMBER) that is not 8 digits,
 * an Excel serial number of the 1900 or (DATE1904) 1904 system, from year
 * 1900 on. 0 and *DAYS (days since 1970-01-01), or -1 with a Chinese reason
 * quoting at most 40 bytes of the text in MSG (MSGSIZE bytes):
 * "日期无效：2023-02-30（2023年2月只有28天）", "不是有效的日期：…".
 */
int cell_date(const char *s, size_t n, enum xlsx_type type, int date1904, int32_t *days, char *msg,
	      size_t msgsize);

/* 是/否, Y/N, YES/NO, TRUE/FALSE, 1/0, √/×, 有/无 (as written) into *V (1/0): 0, or -1. */
int cell_bool(const char *s, size_t n, int *v);

/* Decimal digits only (1–12 of them), MIN ≤ value ≤ MAX, into *V: 0, or -1. */
int cell_int(const char *s, size_t n, int64_t min, int64_t max, int64_t *v);

#endif
