/*
 * Tests of io/xlsx_write: a workbook written here reads back, cell by cell,
 * as the import reads it (io/cell) — in particular dates before Excel's
 * epoch (issue 11: a date before 1900 was written as a serial ≤ 0 that no
 * spreadsheet, nor our import, reads back).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/date.h"
#include "core/strbuf.h"
#include "io/cell.h"
#include "io/xlsx/read.h"
#include "io/xlsx/write.h"

static int sink(void *ctx, const void *p, size_t n)
{
	return strbuf_add(ctx, p, n);
}

struct dates_back {
	int date1904;
	int32_t got[16];
	int ok[16];
	size_t n;
};

static int read_dates(void *ctx, uint32_t row, const struct xlsx_cell *c, size_t n, struct err *e)
{
	(void)e;
	struct dates_back *b = ctx;
	char msg[128];
	if (row == 1 || n == 0 || b->n >= 16)
		return 0;
	b->ok[b->n] = cell_date(c[0].s, c[0].n, c[0].type, b->date1904, &b->got[b->n], msg,
				sizeof msg) == 0;
	b->n++;
	return 0;
}

/* Every date written to a date column reads back as that date. */
static void test_dates_round_trip(void **state)
{
	(void)state;
	const int32_t dates[] = {
		date_from_ymd(1899, 12, 31), /* serial 0 in the 1900 system */
		date_from_ymd(1850, 6, 1),   /* a negative serial */
		date_from_ymd(1900, 1, 1),   /* serial 1 */
		date_from_ymd(1900, 2, 28),  /* serial 59, before Excel's phantom 29 February */
		date_from_ymd(1900, 3, 1),   /* serial 61 */
		date_from_ymd(2023, 5, 20),  date_from_ymd(1, 1, 1),
	};
	const size_t nd = sizeof dates / sizeof dates[0];
	struct err e;
	err_clear(&e);
	struct xlsx_writer *w = NULL;
	assert_int_equal(xlsx_writer_new(&w, &e), 0);
	const struct xlsxw_col cols[] = {{"成立日期", XLSXW_DATE, 12}};
	assert_int_equal(xlsx_writer_sheet(w, "台账", cols, 1, &e), 0);
	for (size_t i = 0; i < nd; i++) {
		assert_int_equal(xlsx_writer_int(w, 0, dates[i]), 0);
		xlsx_writer_next_row(w);
	}
	struct strbuf file;
	strbuf_init(&file, 0);
	assert_int_equal(xlsx_writer_finish(w, sink, &file, &e), 0);
	xlsx_writer_free(w);

	struct xlsx *x = NULL;
	assert_int_equal(xlsx_open_mem(file.buf, file.len, NULL, &x, &e), 0);
	struct dates_back b = {.date1904 = xlsx_date1904(x)};
	assert_int_equal(xlsx_read_sheet(x, 0, read_dates, &b, &e), 0);
	assert_int_equal(b.n, nd);
	for (size_t i = 0; i < nd; i++) {
		char want[11], got[11];
		if (!b.ok[i] || b.got[i] != dates[i])
			fail_msg("date %s read back as %s (ok %d)", date_format(dates[i], want),
				 b.ok[i] ? date_format(b.got[i], got) : "an error", b.ok[i]);
	}
	xlsx_free(x);
	strbuf_cleanup(&file);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
