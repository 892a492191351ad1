/*
 * libFuzzer target of io/xlsx_read: any bytes as an .xlsx in memory, with
 * small caps; every sheet is read and every cell must be NUL-terminated and
 * within the cell cap. The pure helpers are fed the same bytes.
 *
 * Mutated ZIP files rarely get past inflating, so an input that starts with
 * '<' is taken as XML instead: up to three parts separated by NUL bytes (the
 * sheet, the shared strings, the styles) are packed into a minimal workbook
 * with libzip, and that workbook is read. Every other input is read with a
 * small scanner buffer, so that tokens cross its end.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "io/xlsx/read.h"
#include "xlsx_pack.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int check(void *ctx, uint32_t row, const struct xlsx_cell *c, size_t n, struct err *e)
{
	(void)ctx;
	(void)e;
	if (row == 0 || n > 64)
		abort();
	for (size_t i = 0; i < n; i++)
		if (c[i].s[c[i].n] != '\0' || c[i].n > 4096)
			abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *packed = NULL;
	if (size > 0 && data[0] == '<') {
		size_t n = pack(data, size, &packed);
		if (packed) {
			data = packed;
			size = n;
		}
	}
	struct xlsx_limits lim = {.max_part = 1 << 20,
				  .max_rows = 1000,
				  .max_cols = 64,
				  .max_cell = 4096,
				  .max_shared = 10000,
				  .max_merges = 100,
				  .max_sheets = 8,
				  /* every other input with a small scanner buffer */
				  .read_buf = size & 2 ? 16 + size % 61 : 0};
	struct xlsx *x = NULL;
	if (xlsx_open_mem(data, size, &lim, &x, NULL) == 0) {
		for (size_t i = 0; i < xlsx_sheet_count(x); i++)
			xlsx_read_sheet(x, i, check, NULL, NULL);
		xlsx_free(x);
	}
	char out[400];
	size_t n = size > 64 ? 64 : size;
	xlsx_number_text((const char *)data, n, out, sizeof out);
	int32_t days;
	xlsx_serial_to_days((const char *)data, n, (int)(size & 1), &days);
	xlsx_col_index((const char *)data, n, NULL);
	free(packed);
	return 0;
}
