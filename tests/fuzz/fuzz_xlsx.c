/*
 * libFuzzer target of io/xlsx_read: any bytes as an .xlsx in memory, with
 * small caps; every sheet is read and every cell must be NUL-terminated and
 * within the cell cap. The pure helpers are fed the same bytes.
 *
 * Mutated ZIP files rarely get past inflating, so an input that starts with
 * '<' is taken as XML instead: up to three parts separated by NUL bytes (the
 * sheet, the shared strings, the styles) are packed into a minimal workbook
 * with libzip, and that workbook is read.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "io/xlsx_read.h"

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

static const char *const fixed_parts[][2] = {
	{"_rels/.rels",
	 "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	 "<Relationship Id=\"rId1\" Type=\"http://x/officeDocument\" Target=\"xl/workbook.xml\"/>"
	 "</Relationships>"},
	{"xl/workbook.xml",
	 "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
	 "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
	 "<sheets><sheet name=\"s\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
	{"xl/_rels/workbook.xml.rels",
	 "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	 "<Relationship Id=\"rId1\" Type=\"http://x/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	 "<Relationship Id=\"rId2\" Type=\"http://x/sharedStrings\" Target=\"sharedStrings.xml\"/>"
	 "<Relationship Id=\"rId3\" Type=\"http://x/styles\" Target=\"styles.xml\"/>"
	 "</Relationships>"},
};
static const char *const xml_parts[] = {"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml",
					"xl/styles.xml"};

/* Pack the XML parts of DATA into a workbook; returns malloc'd bytes in *OUT. */
static size_t pack(const uint8_t *data, size_t size, uint8_t **out)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_source_keep(src);
	zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	for (size_t i = 0; i < 3; i++) {
		zip_source_t *s =
			zip_source_buffer(z, fixed_parts[i][1], strlen(fixed_parts[i][1]), 0);
		zip_file_add(z, fixed_parts[i][0], s, 0);
	}
	const uint8_t *p = data, *end = data + size;
	for (size_t i = 0; i < 3 && p <= end; i++) {
		const uint8_t *nul = memchr(p, 0, (size_t)(end - p));
		size_t n = nul ? (size_t)(nul - p) : (size_t)(end - p);
		zip_source_t *s = zip_source_buffer(z, p, n, 0);
		zip_file_add(z, xml_parts[i], s, 0);
		if (!nul)
			break;
		p = nul + 1;
	}
	zip_close(z);
	size_t len = 0;
	*out = NULL;
	if (zip_source_open(src) == 0) {
		zip_source_seek(src, 0, SEEK_END);
		len = (size_t)zip_source_tell(src);
		zip_source_seek(src, 0, SEEK_SET);
		*out = malloc(len ? len : 1);
		len = (size_t)zip_source_read(src, *out, len);
		zip_source_close(src);
	}
	zip_source_free(src);
	zip_error_fini(&ze);
	return len;
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
				  .max_sheets = 8};
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
