/*
 * libFuzzer target of io/csv: any bytes, read with small caps so that every
 * cap is reached; every field must be NUL-terminated valid UTF-8 within the
 * caps, and writing the fields back must read back the same.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "io/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int check(void *ctx, size_t record, const struct csv_field *f, size_t n, struct err *e)
{
	(void)record;
	(void)e;
	struct strbuf *out = ctx;
	for (size_t i = 0; i < n; i++) {
		if (f[i].s[f[i].n] != '\0' || f[i].n > 256)
			abort();
		csv_write_field(out, f[i].s, f[i].n, i == 0);
	}
	csv_write_eol(out);
	return 0;
}

static int collect(void *ctx, size_t record, const struct csv_field *f, size_t n, struct err *e)
{
	(void)record;
	(void)e;
	struct strbuf *out = ctx;
	for (size_t i = 0; i < n; i++) {
		strbuf_add(out, f[i].s, f[i].n);
		strbuf_addc(out, '\x1f');
	}
	strbuf_addc(out, '\x1e');
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_limits lim = {
		.max_record = 1024, .max_field = 256, .max_fields = 16, .max_rows = 64};
	struct strbuf written, first, second;
	strbuf_init(&written, 0);
	strbuf_init(&first, 0);
	strbuf_init(&second, 0);
	struct err e;
	err_clear(&e);
	if (csv_read_mem((const char *)data, size, &lim, check, &written, NULL, &e) == 0) {
		/* the writer's output reads back as the same fields */
		struct csv_limits big = {.max_record = 1 << 20, .max_field = 1 << 20};
		if (csv_read_mem((const char *)data, size, &big, collect, &first, NULL, NULL) != 0)
			abort();
		if (written.len &&
		    csv_read_mem(written.buf, written.len, &big, collect, &second, NULL, NULL) != 0)
			abort();
		if (written.len &&
		    (first.len != second.len || memcmp(first.buf, second.buf, first.len)))
			abort();
	}
	strbuf_cleanup(&written);
	strbuf_cleanup(&first);
	strbuf_cleanup(&second);
	return 0;
}
