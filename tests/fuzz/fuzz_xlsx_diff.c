/*
 * Differential libFuzzer target of io/xlsx_read: the same workbook is read
 * by the fast path (xlsx_open_mem + xlsx_read_sheet: the hand-written
 * scanner for sheets and shared strings) and by the reference path
 * (xlsx_open_mem_expat + xlsx_read_sheet_expat: expat for every part), and
 * the run aborts when they disagree: one fails and the other does not, or
 * both succeed with different rows, cells, types or texts.
 *
 * As in fuzz_xlsx, an input that starts with '<' is taken as up to three XML
 * parts separated by NUL bytes (the sheet, the shared strings, the styles),
 * packed into a minimal workbook; any other input is read as the ZIP itself.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "core/strbuf.h"
#include "io/xlsx/read.h"
#include "xlsx_pack.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every row as "row: type:text type:text …\n" (texts with their length). */
static int dump(void *ctx, uint32_t row, const struct xlsx_cell *c, size_t n, struct err *e)
{
	(void)e;
	struct strbuf *sb = ctx;
	strbuf_addf(sb, "%u:", (unsigned)row);
	for (size_t i = 0; i < n; i++) {
		strbuf_addf(sb, " %d/%zu:", (int)c[i].type, c[i].n);
		strbuf_add(sb, c[i].s, c[i].n);
	}
	strbuf_addc(sb, '\n');
	return 0;
}

/*
 * Read every sheet by one path into SB; 0 or the first error. BUF is the
 * scanner's buffer size (0: the default).
 */
static int run(const uint8_t *data, size_t size, int reference, size_t buf, struct strbuf *sb)
{
	struct xlsx_limits lim = {.max_part = 1 << 20,
				  .max_rows = 1000,
				  .max_cols = 64,
				  .max_cell = 4096,
				  .max_shared = 10000,
				  .max_merges = 100,
				  .max_sheets = 8,
				  .read_buf = buf};
	struct xlsx *x = NULL;
	int rc = reference ? xlsx_open_mem_expat(data, size, &lim, &x, NULL)
			   : xlsx_open_mem(data, size, &lim, &x, NULL);
	if (rc)
		return rc;
	for (size_t i = 0; i < xlsx_sheet_count(x) && !rc; i++) {
		strbuf_addf(sb, "sheet %zu\n", i);
		rc = reference ? xlsx_read_sheet_expat(x, i, dump, sb, NULL)
			       : xlsx_read_sheet(x, i, dump, sb, NULL);
		strbuf_addf(sb, "hint %u\n", (unsigned)xlsx_rows_hint(x));
	}
	xlsx_free(x);
	return rc;
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
	struct strbuf ref;
	strbuf_init(&ref, 0);
	int rr = run(data, size, 1, 0, &ref);
	/* the scanner with its default buffer and with a small one (tokens cross its end) */
	const size_t bufs[2] = {0, 16 + size % 97};
	for (size_t b = 0; b < 2; b++) {
		struct strbuf fast;
		strbuf_init(&fast, 0);
		int rf = run(data, size, 0, bufs[b], &fast);
		if ((rf == 0) != (rr == 0)) {
			fprintf(stderr, "fast path (buffer %zu) rc %d, expat path rc %d\n", bufs[b],
				rf, rr);
			abort();
		}
		if (rf == 0 &&
		    (fast.len != ref.len || (fast.len && memcmp(fast.buf, ref.buf, fast.len)))) {
			fprintf(stderr, "fast (buffer %zu):\n%s\nexpat:\n%s\n", bufs[b],
				strbuf_cstr(&fast), strbuf_cstr(&ref));
			abort();
		}
		strbuf_cleanup(&fast);
	}
	strbuf_cleanup(&ref);
	free(packed);
	return 0;
}
