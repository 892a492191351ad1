/*
 * xlsx_pack — shared by the xlsx fuzz targets: up to three XML parts of a
 * fuzz input, separated by NUL bytes (the sheet, the shared strings, the
 * styles), packed into a minimal workbook with fixed relationships. The sheet
 * entry is stored when the input has an odd size and deflated otherwise, so
 * that both entry kinds are exercised.
 */
#ifndef GAOQI_TESTS_FUZZ_XLSX_PACK_H
#define GAOQI_TESTS_FUZZ_XLSX_PACK_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

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
		zip_int64_t idx = zip_file_add(z, xml_parts[i], s, 0);
		/* the sheet stored when the input has an odd size: both entry kinds */
		if (idx >= 0 && (size & 1))
			zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
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

#endif
