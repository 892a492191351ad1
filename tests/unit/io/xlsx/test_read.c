/*
 * Tests of io/xlsx_read: the pure helpers (column letters, date formats,
 * number text, date serials) and workbooks as Excel-like producers write
 * them (openpyxl, LibreOffice, a WPS-style file; tests/data/io/).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <zip.h>

#include "core/date.h"
#include "core/strbuf.h"
#include "io/xlsx/read.h"

static void fixture(char *path, size_t n, const char *name)
{
	snprintf(path, n, "%s/tests/data/io/%s", GAOQI_SOURCE_DIR, name);
}

/* ---- helpers ------------------------------------------------------------------- */

static void test_col_index(void **state)
{
	(void)state;
	static const struct {
		const char *ref;
		long col;
	} cases[] = {
		{"A1", 0}, {"Z9", 25}, {"AA1", 26},   {"AB7", 27}, {"XFD1048576", 16383},
		{"a3", 0}, {"1A", -1}, {"ABCD1", -1}, {"", -1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		long c = xlsx_col_index(cases[i].ref, strlen(cases[i].ref), NULL);
		if (c != cases[i].col)
			fail_msg("%s: column %ld, expected %ld", cases[i].ref, c, cases[i].col);
	}
}

static void test_format_is_date(void **state)
{
	(void)state;
	static const struct {
		unsigned id;
		const char *code;
		int date;
		const char *why;
	} cases[] = {
		{14, NULL, 1, "built-in 14 m/d/yyyy"},
		{22, NULL, 1, "built-in 22 m/d/yyyy h:mm"},
		{13, NULL, 0, "built-in 13 is a fraction"},
		{23, NULL, 0, "23 is not a date"},
		{27, NULL, 1, "zh-CN built-in 27 yyyy\"年\"m\"月\""},
		{31, NULL, 1, "zh-CN built-in 31 yyyy\"年\"m\"月\"d\"日\""},
		{36, NULL, 1, "zh-CN built-in 36"},
		{37, NULL, 0, "37 is #,##0 ;(#,##0)"},
		{50, NULL, 1, "zh-CN built-in 50"},
		{58, NULL, 1, "zh-CN built-in 58"},
		{59, NULL, 0, "59 is not a date"},
		{176, "yyyy/m/d", 1, "custom yyyy/m/d"},
		{176, "yyyy\"年\"m\"月\"d\"日\"", 1, "custom with quoted Chinese"},
		{176, "#,##0.00_ ;[Red]\\-#,##0.00\\ ", 0, "money with [Red] in brackets"},
		{176, "0.00\"天\"", 0, "a number with a quoted unit"},
		{176, "[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy", 1, "a long date with a locale"},
		{176, "h:mm:ss", 0, "a time only"},
		{176, "mm:ss", 0, "minutes and seconds"},
		{176, "General", 0, "General"},
		{176, "\"d\"0", 0, "a quoted d is literal text"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (xlsx_format_is_date(cases[i].id, cases[i].code) != cases[i].date)
			fail_msg("%s", cases[i].why);
}

static void test_number_text(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		const char *out;
		const char *why;
	} cases[] = {
		{"3200000", "3200000", "an integer"},
		{"180.5", "180.5", "a decimal"},
		{"1.2E+3", "1200", "an exponent is expanded"},
		{"1.23E-4", "0.000123", "a negative exponent"},
		{"1234.5600000000002", "1234.56",
		 "17 digits as old Excel writes are rounded to 15"},
		{"0.30000000000000004", "0.3", "the classic double artefact"},
		{"1234.5000000001", "1234.5000000001",
		 "14 significant digits are a real value, kept (money then refuses 3+ decimals)"},
		{"99999999999999999", "100000000000000000", "rounding carries into a new digit"},
		{"-12.50", "-12.5", "negative, trailing zero dropped"},
		{"-0", "0", "negative zero"},
		{"0", "0", "zero"},
		{"5000.123456", "5000.123456", "six decimals of 万元 survive"},
		{"abc", "", "not a number"},
		{"1e", "", "an exponent without digits"},
		{"", "", "empty"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char out[400];
		size_t n = xlsx_number_text(cases[i].in, strlen(cases[i].in), out, sizeof out);
		if (n == 0)
			out[0] = '\0';
		if (strcmp(out, cases[i].out))
			fail_msg("%s: '%s' gave '%s', expected '%s'", cases[i].why, cases[i].in,
				 out, cases[i].out);
	}
}

static void test_serial_to_days(void **state)
{
	(void)state;
	static const struct {
		const char *serial;
		int date1904;
		const char *iso; /* NULL: not a date */
		const char *why;
	} cases[] = {
		{"1", 0, "1900-01-01", "serial 1 is the first day of 1900"},
		{"59", 0, "1900-02-28", "the last real day before Excel's phantom 29 February"},
		{"60", 0, NULL, "Excel's phantom 1900-02-29 is no date (not moved to the 28th)"},
		{"60.5", 0, NULL, "the phantom day with a time is no date either"},
		{"61", 0, "1900-03-01", "after the phantom day"},
		{"43831", 0, "2020-01-01", "a modern date"},
		{"45000.75", 0, "2023-03-15", "the time of day is dropped"},
		{"0", 1, "1904-01-01", "1904 system starts at 0"},
		{"42143", 1, "2019-05-20", "1904 system: 1462 days later than 1900"},
		{"2958465", 0, "9999-12-31", "the last date Excel knows"},
		{"2958466", 0, NULL, "beyond 9999"},
		{"0", 0, NULL, "serial 0 in 1900 is no date"},
		{"-5", 0, NULL, "negative"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int32_t d = 0;
		int rc = xlsx_serial_to_days(cases[i].serial, strlen(cases[i].serial),
					     cases[i].date1904, &d);
		if (!cases[i].iso) {
			if (rc == 0)
				fail_msg("%s: should not be a date", cases[i].why);
			continue;
		}
		char buf[11];
		if (rc != 0 || strcmp(date_format(d, buf), cases[i].iso))
			fail_msg("%s: rc %d, %s", cases[i].why, rc, rc ? "" : buf);
	}
}

/* ---- workbooks ----------------------------------------------------------------- */

/* Rows as "row:type/text|type/text;" lines. */
static int collect(void *ctx, uint32_t row, const struct xlsx_cell *c, size_t n, struct err *e)
{
	(void)e;
	struct strbuf *sb = ctx;
	strbuf_addf(sb, "%u:", (unsigned)row);
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addc(sb, '|');
		strbuf_addf(sb, "%d/", (int)c[i].type);
		strbuf_add(sb, c[i].s, c[i].n);
	}
	strbuf_adds(sb, ";\n");
	return 0;
}

static char *read_sheet(const char *file, const char *sheet, int *date1904)
{
	char path[1024];
	fixture(path, sizeof path, file);
	struct xlsx *x = NULL;
	struct err e;
	err_clear(&e);
	if (xlsx_open_file(path, NULL, &x, &e))
		fail_msg("%s: %s", file, e.msg);
	int idx = sheet ? xlsx_sheet_find(x, sheet) : 0;
	assert_true(idx >= 0);
	struct strbuf sb;
	strbuf_init(&sb, 0);
	if (xlsx_read_sheet(x, (size_t)idx, collect, &sb, &e))
		fail_msg("%s: %s", file, e.msg);
	if (date1904)
		*date1904 = xlsx_date1904(x);
	xlsx_free(x);
	return strbuf_take(&sb, NULL);
}

static void expect_line(const char *all, const char *line)
{
	if (!strstr(all, line))
		fail_msg("missing line %s in:\n%s", line, all);
}

/* openpyxl: a merged title row, dates by custom style yyyy/m/d, numbers, two sheets. */
static void test_openpyxl(void **state)
{
	(void)state;
	char *got = read_sheet("ledger_openpyxl.xlsx", NULL, NULL);
	/* the merged title A1:N1 is repeated in all 14 cells */
	const char *title = "1/曲靖市高新技术企业培育台账（2023年度）";
	const char *p = got;
	int count = 0;
	while ((p = strstr(p, title))) {
		count++;
		p += strlen(title);
	}
	assert_int_equal(count, 14);
	expect_line(got,
		    "3:1/91530302MA6K00001A|1/曲靖示例科技有限公司|1/麒麟区|4/2019-05-20|"
		    "1/10101|1/后备培育库|2/2023|2/80|2/12|2/3200|2/180.5|2/170.25|2/2100|2/3250;");
	expect_line(got, "4:1/91530381MA6K00002T|1/宣威云岭新材料有限公司|1/530381|4/2015-11-03|"
			 "1/60101|1/重点培育|2/2023|2/150|2/20|2/5000.123456|");
	free(got);
	char *help = read_sheet("ledger_openpyxl.xlsx", "说明", NULL);
	assert_string_equal(help, "1:1/本表为测试数据;\n");
	free(help);
}

/* LibreOffice: cached formula values, a two-row header with vertical and horizontal merges. */
static void test_libreoffice(void **state)
{
	(void)state;
	char *got = read_sheet("ledger_lo.xlsx", NULL, NULL);
	expect_line(got, "1:1/统一社会信用代码|1/企业名称|1/所属区域|1/年度|1/研发费用|1/研发费用|"
			 "1/销售收入(元);");
	/* A1:A2 merged: row 2 repeats the header; E1:F1 spans the two R&D columns */
	expect_line(got, "2:1/统一社会信用代码|1/企业名称|1/所属区域|1/年度|1/研发费用总额(元)|"
			 "1/境内研发费用(元)|1/销售收入(元);");
	/* =1000000+805000, =E3-5000, =25000000*1.2 read as their cached values */
	expect_line(got, "3:1/91530302MA6K00001A|1/曲靖示例科技有限公司|1/麒麟区|2/2022|2/1805000|"
			 "2/1800000|2/30000000;");
	free(got);
}

/*
 * WPS style: phonetic runs skipped, rich text joined, inline strings, a
 * formula string, the 1904 system, zh-CN format 31 and a quoted custom date
 * format, a boolean, an error value, cells without references, x: prefixes,
 * a missing row 3, _x000D_ escapes, a cover sheet first.
 */
static void test_wps(void **state)
{
	(void)state;
	int d1904 = 0;
	char *got = read_sheet("ledger_wps.xlsx", "台账", &d1904);
	assert_int_equal(d1904, 1);
	expect_line(got, "1:1/统一社会信用代码|1/企业名称|1/所属区域|1/成立日期|1/销售收入（万元）|"
			 "1/上市企业|1/发证日期|1/备注|1/年度;");
	expect_line(got, "2:1/91530302MA6K00001A|1/曲靖示例科技有限公司|1/麒麟区|4/2019-05-20|"
			 "2/3200.5|3/TRUE|4/2023-12-02|5/#DIV/0!|2/2023;");
	expect_line(got, "4:1/91530322MA6K00003F|0/|1/麒麟区|0/|2/1200|0/|0/|1/\r换行|2/2023;");
	assert_null(strstr(got, "3:"));
	assert_null(strstr(got, "トウイツ"));
	free(got);

	char path[1024];
	fixture(path, sizeof path, "ledger_wps.xlsx");
	struct xlsx *x;
	assert_int_equal(xlsx_open_file(path, NULL, &x, NULL), 0);
	assert_int_equal(xlsx_sheet_count(x), 2);
	assert_string_equal(xlsx_sheet_name(x, 0), "封面");
	assert_string_equal(xlsx_sheet_name(x, 1), "台账");
	assert_int_equal(xlsx_sheet_find(x, "无此表"), -1);
	xlsx_free(x);
}

static void test_doctype_refused(void **state)
{
	(void)state;
	char path[1024];
	fixture(path, sizeof path, "doctype.xlsx");
	struct xlsx *x = NULL;
	struct err e;
	err_clear(&e);
	assert_int_equal(xlsx_open_file(path, NULL, &x, &e), ERR_INVALID);
	assert_null(x);
	assert_non_null(strstr(e.msg, "DOCTYPE"));
}

static void test_not_xlsx(void **state)
{
	(void)state;
	struct xlsx *x = NULL;
	struct err e;
	err_clear(&e);
	static const char junk[] = "统一社会信用代码,企业名称\n";
	assert_int_equal(xlsx_open_mem(junk, sizeof junk - 1, NULL, &x, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "XLSX"));
	char path[1024];
	fixture(path, sizeof path, "no-such-file.xlsx");
	assert_true(xlsx_open_file(path, NULL, &x, &e) < 0);
}

/* The caps stop a read with ERR_TOO_BIG and a message naming the limit. */
static void test_caps(void **state)
{
	(void)state;
	char path[1024];
	fixture(path, sizeof path, "ledger_openpyxl.xlsx");
	static const struct {
		struct xlsx_limits lim;
		int open_rc, read_rc;
		const char *why;
	} cases[] = {
		{{.max_rows = 4}, 0, ERR_TOO_BIG, "5 rows over a cap of 4"},
		{{.max_cols = 10}, 0, ERR_TOO_BIG, "14 columns over a cap of 10"},
		{{.max_cell = 10}, 0, ERR_TOO_BIG, "a title of 57 bytes over 10"},
		{{.max_part = 100}, ERR_TOO_BIG, 0, "every part is over 100 bytes"},
		{{.max_entries = 9}, ERR_TOO_BIG, 0, "10 ZIP entries over a cap of 9"},
		{{.max_entries = 10}, 0, 0, "10 ZIP entries at a cap of 10"},
		{{.max_rows = 5, .max_cols = 14}, 0, 0, "exactly at the caps"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct xlsx *x = NULL;
		struct err e;
		err_clear(&e);
		int rc = xlsx_open_file(path, &cases[i].lim, &x, &e);
		if (rc != cases[i].open_rc)
			fail_msg("%s: open rc %d (%s)", cases[i].why, rc, e.msg);
		if (rc)
			continue;
		struct strbuf sb;
		strbuf_init(&sb, 0);
		rc = xlsx_read_sheet(x, 0, collect, &sb, &e);
		if (rc != cases[i].read_rc)
			fail_msg("%s: read rc %d (%s)", cases[i].why, rc, e.msg);
		strbuf_cleanup(&sb);
		xlsx_free(x);
	}
	/* openpyxl writes inline strings; LibreOffice's file has 14 shared strings */
	fixture(path, sizeof path, "ledger_lo.xlsx");
	struct xlsx_limits lim = {.max_shared = 3};
	struct xlsx *x = NULL;
	struct err e;
	err_clear(&e);
	assert_int_equal(xlsx_open_file(path, &lim, &x, &e), ERR_TOO_BIG);
	assert_non_null(strstr(e.msg, "共享字符串超过 3 个"));
}

/* Reading from memory gives the same rows as reading the file. */
static void test_open_mem(void **state)
{
	(void)state;
	char path[1024];
	fixture(path, sizeof path, "ledger_lo.xlsx");
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *buf = malloc(1 << 20);
	size_t n = fread(buf, 1, 1 << 20, f);
	fclose(f);
	struct xlsx *x;
	assert_int_equal(xlsx_open_mem(buf, n, NULL, &x, NULL), 0);
	struct strbuf sb;
	strbuf_init(&sb, 0);
	assert_int_equal(xlsx_read_sheet(x, 0, collect, &sb, NULL), 0);
	char *want = read_sheet("ledger_lo.xlsx", NULL, NULL);
	assert_string_equal(strbuf_cstr(&sb), want);
	free(want);
	strbuf_cleanup(&sb);
	xlsx_free(x);
	free(buf);
}

/* ---- the fast scanner against expat, on workbooks built here ----------------------- */

#define MAIN_NS "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define SHEET(rows) "<worksheet xmlns=\"" MAIN_NS "\"><sheetData>" rows "</sheetData></worksheet>"
#define SHEET_PART "xl/worksheets/sheet1.xml"

static const char rels_xml[] =
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://x/officeDocument\" Target=\"xl/workbook.xml\"/>"
	"</Relationships>";
static const char workbook_xml[] =
	"<workbook xmlns=\"" MAIN_NS "\" "
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
	"<sheets><sheet name=\"s\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char wbrels_xml[] =
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://x/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"http://x/sharedStrings\" Target=\"sharedStrings.xml\"/>"
	"<Relationship Id=\"rId3\" Type=\"http://x/styles\" Target=\"styles.xml\"/>"
	"</Relationships>";
/* style 1 is the built-in date format 14 */
static const char styles_xml[] = "<styleSheet xmlns=\"" MAIN_NS "\"><cellXfs count=\"2\">"
				 "<xf numFmtId=\"0\"/><xf numFmtId=\"14\"/></cellXfs></styleSheet>";

/*
 * A workbook with the sheet (SHEET, N) and the shared strings SS (NULL: an
 * empty table); the sheet entry stored (STORED) or deflated. Returns malloc'd
 * bytes and their count in *LEN.
 */
static unsigned char *make_xlsx(const char *sheet, size_t n, const char *ss, int stored,
				size_t *len)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_source_keep(src);
	zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	assert_non_null(z);
	if (!ss)
		ss = "<sst xmlns=\"" MAIN_NS "\"/>";
	const char *const names[] = {
		"_rels/.rels",	 "xl/workbook.xml",	 "xl/_rels/workbook.xml.rels",
		"xl/styles.xml", "xl/sharedStrings.xml", SHEET_PART};
	const char *const texts[] = {rels_xml, workbook_xml, wbrels_xml, styles_xml, ss, sheet};
	for (size_t i = 0; i < 6; i++) {
		size_t k = i == 5 ? n : strlen(texts[i]);
		zip_source_t *s = zip_source_buffer(z, texts[i], k, 0);
		zip_int64_t idx = zip_file_add(z, names[i], s, 0);
		assert_true(idx >= 0);
		zip_set_file_compression(z, (zip_uint64_t)idx,
					 stored ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0);
	}
	assert_int_equal(zip_close(z), 0);
	assert_int_equal(zip_source_open(src), 0);
	zip_source_seek(src, 0, SEEK_END);
	*len = (size_t)zip_source_tell(src);
	zip_source_seek(src, 0, SEEK_SET);
	unsigned char *out = malloc(*len);
	assert_int_equal(zip_source_read(src, out, *len), (zip_int64_t)*len);
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
	return out;
}

/*
 * Read sheet 0 of the workbook (P, N) by the fast path (REFERENCE = 0) or by
 * expat for every part (1); the rows go to *OUT (malloc'd), the error to E.
 */
static int read_mem(const unsigned char *p, size_t n, const struct xlsx_limits *lim, int reference,
		    char **out, struct err *e)
{
	struct xlsx *x = NULL;
	struct strbuf sb;
	strbuf_init(&sb, 0);
	err_clear(e);
	int rc =
		reference ? xlsx_open_mem_expat(p, n, lim, &x, e) : xlsx_open_mem(p, n, lim, &x, e);
	if (!rc)
		rc = reference ? xlsx_read_sheet_expat(x, 0, collect, &sb, e)
			       : xlsx_read_sheet(x, 0, collect, &sb, e);
	xlsx_free(x);
	*out = strbuf_take(&sb, NULL);
	return rc;
}

struct sheet_case {
	const char *why;
	const char *sheet;
	const char *ss;	  /* shared strings, NULL for none */
	const char *rows; /* the rows read, NULL when the read fails */
	int rc;		  /* the error when it fails */
	const char *msg;  /* a part of the error message */
};

/*
 * Each case read by both paths, from a stored and from a deflated entry, and
 * by the scanner with a 16-byte buffer too (every token crosses its end).
 */
static void run_sheet_cases(const struct sheet_case *cases, size_t ncases)
{
	for (size_t i = 0; i < ncases; i++) {
		const struct sheet_case *c = &cases[i];
		for (int stored = 0; stored < 2; stored++) {
			size_t len;
			unsigned char *z =
				make_xlsx(c->sheet, strlen(c->sheet), c->ss, stored, &len);
			for (int ref = 0; ref < 3; ref++) {
				char *got;
				struct err e;
				struct xlsx_limits tiny = {.read_buf = 16};
				int rc = read_mem(z, len, ref == 2 ? &tiny : NULL, ref == 1, &got,
						  &e);
				const char *path = ref == 1 ? "expat"
						   : ref    ? "fast, 16-byte buffer"
							    : "fast";
				if (c->rows) {
					if (rc)
						fail_msg("%s (%s, stored %d): rc %d: %s", c->why,
							 path, stored, rc, e.msg);
					if (strcmp(got, c->rows))
						fail_msg(
							"%s (%s, stored %d): got\n%s\nexpected\n%s",
							c->why, path, stored, got, c->rows);
				} else {
					if (rc != c->rc)
						fail_msg("%s (%s, stored %d): rc %d, expected %d "
							 "(%s)",
							 c->why, path, stored, rc, c->rc, e.msg);
					if (c->msg && !strstr(e.msg, c->msg))
						fail_msg("%s (%s): message '%s' lacks '%s'", c->why,
							 path, e.msg, c->msg);
				}
				free(got);
			}
			free(z);
		}
	}
}

/* What real writers emit, read alike by the scanner and by expat. */
static void test_scanner_constructs(void **state)
{
	(void)state;
	static const struct sheet_case cases[] = {
		{"a number and an inline string",
		 SHEET("<row r=\"1\"><c r=\"A1\"><v>12.50</v></c><c r=\"B1\" "
		       "t=\"inlineStr\"><is><t>甲</t></is></c></row>"),
		 NULL, "1:2/12.5|1/甲;\n", 0, NULL},
		{"namespace prefixes x: on every element",
		 "<x:worksheet xmlns:x=\"" MAIN_NS "\"><x:sheetData><x:row r=\"1\"><x:c r=\"A1\" "
		 "t=\"inlineStr\"><x:is><x:t>a</x:t></x:is></x:c><x:c r=\"B1\"><x:v>7</x:v></x:c>"
		 "</x:row></x:sheetData></x:worksheet>",
		 NULL, "1:1/a|2/7;\n", 0, NULL},
		{"the five entities and decimal, hex and astral character references",
		 SHEET("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&lt;&gt;&amp;&quot;&apos;"
		       "&#20225;&#x4E1A;&#x1F600;</t></is></c></row>"),
		 NULL, "1:1/<>&\"'企业😀;\n", 0, NULL},
		{"CDATA in <t> and in <v> (text around it joined)",
		 SHEET("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t><![CDATA[a<b&c]]></t></is>"
		       "</c><c r=\"B1\"><v><![CDATA[1]]>2</v></c></row>"),
		 NULL, "1:1/a<b&c|2/12;\n", 0, NULL},
		{"declaration, comments and processing instructions anywhere",
		 "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<!-- head -->"
		 "<worksheet xmlns=\"" MAIN_NS "\"><?pi data?><sheetData><!-- a -->"
		 "<row r=\"1\"><c r=\"A1\"><v>1<!-- x -->2</v></c></row></sheetData></worksheet>"
		 "<!-- end --><?tail?>",
		 NULL, "1:2/12;\n", 0, NULL},
		{"single quotes, spaces around =, attributes in any order",
		 SHEET("<row r = '1' ><c t = \"inlineStr\"\n\tr='B1' ><is><t>x</t></is></c></row>"),
		 NULL, "1:0/|1/x;\n", 0, NULL},
		{"self-closing cells, <v/>, and an empty row",
		 SHEET("<row r=\"1\"><c r=\"A1\" s=\"1\"/><c r=\"B1\"><v/></c><c r=\"C1\"><v>3</v>"
		       "</c></row><row r=\"2\"/>"),
		 NULL, "1:0/|0/|2/3;\n2:;\n", 0, NULL},
		{"missing r on rows and cells: consecutive after the last known",
		 SHEET("<row><c><v>1</v></c><c><v>2</v></c></row><row><c r=\"C2\"><v>3</v></c>"
		       "<c><v>4</v></c></row>"),
		 NULL, "1:2/1|2/2;\n2:0/|0/|2/3|2/4;\n", 0, NULL},
		{"shared strings: rich runs joined, <rPh> skipped, xml:space kept",
		 SHEET("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v>"
		       "</c></row>"),
		 "<sst xmlns=\"" MAIN_NS "\"><si><r><t>曲</t></r><r><rPr><b/></rPr><t>靖</t></r>"
		 "<rPh sb=\"0\" eb=\"1\"><t>キョク</t></rPh></si><si><t xml:space=\"preserve\"> a "
		 "b </t></si></sst>",
		 "1:1/曲靖|1/ a b ;\n", 0, NULL},
		{"inline rich text with a phonetic run",
		 SHEET("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><r><t>A</t></r><r><t>B</t>"
		       "</r><rPh><t>x</t></rPh></is></c></row>"),
		 NULL, "1:1/AB;\n", 0, NULL},
		{"boolean, error, string formula and number formula: cached values, <f> skipped",
		 SHEET("<row r=\"1\"><c r=\"A1\" t=\"b\"><v>1</v></c><c r=\"B1\" "
		       "t=\"e\"><v>#N/A</v>"
		       "</c><c r=\"C1\" t=\"str\"><f>A1&amp;\"x\"</f><v>TRUEx</v></c><c r=\"D1\">"
		       "<f>1+1</f><v>2</v></c></row>"),
		 NULL, "1:3/TRUE|5/#N/A|1/TRUEx|2/2;\n", 0, NULL},
		{"serial 43831 with date style 1 is 2020-01-01",
		 SHEET("<row r=\"1\"><c r=\"A1\" s=\"1\"><v>43831</v></c><c r=\"B1\"><v>43831</v>"
		       "</c></row>"),
		 NULL, "1:4/2020-01-01|2/43831;\n", 0, NULL},
		{"CR LF and CR become LF; &#13; stays CR",
		 SHEET("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a\r\nb\rc&#13;</t></is></c>"
		       "</row>"),
		 NULL, "1:1/a\nb\nc\r;\n", 0, NULL},
		{"a merged range after the rows repeats its value",
		 "<worksheet xmlns=\"" MAIN_NS "\"><dimension ref=\"A1:C2\"/><sheetData><row "
		 "r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>T</t></is></c></row><row r=\"2\"><c "
		 "r=\"A2\"><v>1</v></c></row></sheetData><mergeCells count=\"1\"><mergeCell "
		 "ref=\"A1:C1\"/></mergeCells></worksheet>",
		 NULL, "1:1/T|1/T|1/T;\n2:2/1;\n", 0, NULL},
		{"overlapping merged ranges: E2 filled by D1:E2 gives E2:F2 its value (was an "
		 "over-read)",
		 "<worksheet xmlns=\"" MAIN_NS "\"><sheetData><row r=\"1\"><c r=\"A1\" "
		 "t=\"inlineStr\"><is><t>a</t></is></c><c r=\"D1\" t=\"inlineStr\"><is><t>hello</t>"
		 "</is></c></row><row r=\"2\"><c r=\"H2\" t=\"inlineStr\"><is><t>z</t></is></c>"
		 "</row></sheetData><mergeCells><mergeCell ref=\"A1:B1\"/><mergeCell "
		 "ref=\"A1:B1\"/><mergeCell ref=\"D1:E2\"/><mergeCell ref=\"E2:F2\"/></mergeCells>"
		 "</worksheet>",
		 NULL,
		 "1:1/a|1/a|0/|1/hello|1/hello;\n2:0/|0/|0/|1/hello|1/hello|1/hello|0/|1/z;\n", 0,
		 NULL},
		{"merged ranges covering more than 16,777,216 cells in all are refused",
		 "<worksheet xmlns=\"" MAIN_NS "\"><sheetData/><mergeCells><mergeCell "
		 "ref=\"A1:P1048576\"/><mergeCell ref=\"Q1:Q2\"/></mergeCells></worksheet>",
		 NULL, NULL, ERR_TOO_BIG, "合并单元格覆盖的范围过大"},
		{"an empty version in the declaration is let through, as expat does",
		 "<?xml version='' standalone='yes'?>" SHEET("<row r=\"1\"><c r=\"A1\"><v>5</v></c>"
							     "</row>"),
		 NULL, "1:2/5;\n", 0, NULL},
		{"a declared ISO-8859-1 part goes to expat: byte E9 is é",
		 "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" SHEET(
			 "<row r=\"1\"><c r=\"A1\" "
			 "t=\"inlineStr\"><is><t>caf\xe9</t></is></c></row>"),
		 NULL, "1:1/café;\n", 0, NULL},
		{"a UTF-8 byte-order mark and no declaration",
		 "\xef\xbb\xbf" SHEET("<row r=\"1\"><c r=\"A1\"><v>5</v></c></row>"), NULL,
		 "1:2/5;\n", 0, NULL},
		{"_x000D_ escapes decoded in inline strings",
		 SHEET("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a_x000D_b</t></is></c>"
		       "</row>"),
		 NULL, "1:1/a\rb;\n", 0, NULL},
		{"CJK element and attribute names are names (and ignored)",
		 SHEET("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><中文 属性=\"值\"/><a·b/>"),
		 NULL, "1:2/1;\n", 0, NULL},
		/* refused, by both paths */
		{"× (U+00D7) inside an element name",
		 SHEET("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><a×/>"), NULL, NULL, ERR_INVALID,
		 SHEET_PART},
		{"an ideographic space U+3000 as an attribute name",
		 SHEET("<row r=\"1\"><c r=\"A1\" \u3000=\"1\"><v>1</v></c></row>"), NULL, NULL,
		 ERR_INVALID, SHEET_PART},
		{"a combining mark U+0301 cannot start a name", SHEET("<row r=\"1\"/><\u0301a/>"),
		 NULL, NULL, ERR_INVALID, SHEET_PART},

		{"mismatched end tags", SHEET("<row r=\"1\"><c r=\"A1\"><v>1</c></v></row>"), NULL,
		 NULL, ERR_INVALID, SHEET_PART},
		{"an unknown entity &nbsp;",
		 SHEET("<row r=\"1\"><c r=\"A1\"><v>&nbsp;</v></c></row>"), NULL, NULL, ERR_INVALID,
		 "第1行"},
		{"the character reference &#0;",
		 SHEET("<row r=\"1\"><c r=\"A1\"><v>&#0;</v></c></row>"), NULL, NULL, ERR_INVALID,
		 SHEET_PART},
		{"a surrogate &#xD800;",
		 SHEET("<row r=\"1\"><c r=\"A1\"><v>&#xD800;</v></c></row>"), NULL, NULL,
		 ERR_INVALID, SHEET_PART},
		{"a control character U+0001 in text",
		 SHEET("<row r=\"1\"><c r=\"A1\"><v>\x01</v></c></row>"), NULL, NULL, ERR_INVALID,
		 SHEET_PART},
		{"a byte FF that is not UTF-8",
		 SHEET("<row r=\"1\"><c r=\"A1\"><v>\xff</v></c></row>"), NULL, NULL, ERR_INVALID,
		 SHEET_PART},
		{"an overlong UTF-8 sequence C0 80",
		 SHEET("<row r=\"1\"><c r=\"A1\"><v>\xc0\x80</v></c></row>"), NULL, NULL,
		 ERR_INVALID, SHEET_PART},
		{"a DOCTYPE in the sheet",
		 "<!DOCTYPE worksheet [<!ENTITY a \"b\">]>" SHEET("<row r=\"1\"/>"), NULL, NULL,
		 ERR_INVALID, "DOCTYPE"},
		{"a duplicate attribute",
		 SHEET("<row r=\"1\"><c r=\"A1\" r=\"B1\"><v>1</v></c></row>"), NULL, NULL,
		 ERR_INVALID, SHEET_PART},
		{"]]> in text", SHEET("<row r=\"1\"><c r=\"A1\"><v>1]]>2</v></c></row>"), NULL,
		 NULL, ERR_INVALID, SHEET_PART},
		{"< in an attribute value", SHEET("<row r=\"1<\"><c r=\"A1\"><v>1</v></c></row>"),
		 NULL, NULL, ERR_INVALID, SHEET_PART},
		{"no space between attributes",
		 SHEET("<row r=\"1\"><c r=\"A1\"t=\"n\"><v>1</v></c></row>"), NULL, NULL,
		 ERR_INVALID, SHEET_PART},
		{"a second root element", SHEET("") "<worksheet/>", NULL, NULL, ERR_INVALID,
		 SHEET_PART},
		{"text after the root", SHEET("") "x", NULL, NULL, ERR_INVALID, SHEET_PART},
		{"an XML declaration not at the start", " <?xml version=\"1.0\"?>" SHEET(""), NULL,
		 NULL, ERR_INVALID, SHEET_PART},
		{"-- inside a comment", SHEET("<!-- a -- b -->"), NULL, NULL, ERR_INVALID,
		 SHEET_PART},
		{"row number 0", SHEET("<row r=\"0\"/>"), NULL, NULL, ERR_INVALID,
		 "工作表行号无效"},
		{"shared string 1 of a table of 1",
		 SHEET("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>1</v></c></row>"),
		 "<sst xmlns=\"" MAIN_NS "\"><si><t>a</t></si></sst>", NULL, ERR_INVALID,
		 "共享字符串编号无效"},
		{"a bad cell reference", SHEET("<row r=\"1\"><c r=\"1A\"><v>1</v></c></row>"), NULL,
		 NULL, ERR_INVALID, "单元格引用无效"},
		{"the error is placed on line 3",
		 "<worksheet xmlns=\"" MAIN_NS "\">\n<sheetData>\n<row r=\"1\"><c><v>&bad;</v></c>"
		 "</row></sheetData></worksheet>",
		 NULL, NULL, ERR_INVALID, "第3行"},
		{"an unclosed element", SHEET("<row r=\"1\">"), NULL, NULL, ERR_INVALID,
		 SHEET_PART},
		{"an empty part", "", NULL, NULL, ERR_INVALID, SHEET_PART},
	};
	run_sheet_cases(cases, sizeof cases / sizeof cases[0]);
}

/* A UTF-16 part (with its byte-order mark) is read by expat, the same rows. */
/*
 * Crafted structure is refused by both paths: 257 attributes on one element
 * (256 pass), elements nested 257 deep (256 pass).
 */
static void test_scanner_limits(void **state)
{
	(void)state;
	struct strbuf attrs[2], deep[2];
	for (int k = 0; k < 2; k++) {
		strbuf_init(&attrs[k], 0);
		strbuf_adds(&attrs[k], "<worksheet xmlns=\"" MAIN_NS "\"><sheetData><row r=\"1\" ");
		for (int a = 0; a < 255 + k; a++) /* r + 255 or 256 more */
			strbuf_addf(&attrs[k], "a%d=\"1\" ", a);
		strbuf_adds(&attrs[k], "><c r=\"A1\"><v>1</v></c></row></sheetData></worksheet>");
		/* worksheet, sheetData, row, c, v: 5 levels, then extLst-like filler */
		strbuf_init(&deep[k], 0);
		strbuf_adds(&deep[k], "<worksheet xmlns=\"" MAIN_NS "\"><sheetData><row r=\"1\"><c "
				      "r=\"A1\"><v>1</v></c></row></sheetData>");
		for (int d = 0; d < 255 + k; d++)
			strbuf_adds(&deep[k], "<x>");
		for (int d = 0; d < 255 + k; d++)
			strbuf_adds(&deep[k], "</x>");
		strbuf_adds(&deep[k], "</worksheet>");
	}
	const struct sheet_case cases[] = {
		{"256 attributes on one element pass", attrs[0].buf, NULL, "1:2/1;\n", 0, NULL},
		{"257 attributes on one element are refused", attrs[1].buf, NULL, NULL, ERR_INVALID,
		 "属性过多"},
		{"elements nested 256 deep pass", deep[0].buf, NULL, "1:2/1;\n", 0, NULL},
		{"elements nested 257 deep are refused", deep[1].buf, NULL, NULL, ERR_INVALID,
		 "嵌套过深"},
	};
	run_sheet_cases(cases, sizeof cases / sizeof cases[0]);
	for (int k = 0; k < 2; k++) {
		strbuf_cleanup(&attrs[k]);
		strbuf_cleanup(&deep[k]);
	}
}

/*
 * A crafted sheet cannot make the scanner hold a part-sized piece of text:
 * 3 MiB of text in one cell ends at the 64 KiB cell cap (character data
 * goes in pieces), and a 20 MiB attribute is refused as an over-long token,
 * by the scanner and by expat (for a part declaring another encoding).
 */
static void test_scanner_huge_tokens(void **state)
{
	(void)state;
	static const char head[] = "<worksheet xmlns=\"" MAIN_NS "\"><sheetData><row r=\"1\">";
	static const char tail[] = "</row></sheetData></worksheet>";
	char kib[1025];
	memset(kib, 'a', 1024);
	kib[1024] = '\0';
	for (int k = 0; k < 3; k++) {
		struct strbuf sb;
		strbuf_init(&sb, (size_t)64 << 20);
		if (k == 2) /* expat's path, which a declared encoding chooses, is bounded too */
			strbuf_adds(&sb, "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>");
		strbuf_adds(&sb, head);
		strbuf_adds(&sb,
			    k == 0 ? "<c r=\"A1\" t=\"inlineStr\"><is><t>" : "<c r=\"A1\" x=\"");
		for (int i = 0; i < (k == 0 ? 3 : 20) << 10; i++)
			strbuf_adds(&sb, kib);
		strbuf_adds(&sb, k == 0 ? "</t></is></c>" : "\"><v>1</v></c>");
		strbuf_adds(&sb, tail);
		size_t len = 0;
		unsigned char *z = make_xlsx(sb.buf, sb.len, NULL, 0, &len);
		char *rows = NULL;
		struct err e;
		assert_int_equal(read_mem(z, len, NULL, 0, &rows, &e), ERR_TOO_BIG);
		static const char *const why[] = {"第1行第1列：单元格内容超过", "单个标记过长",
						  "UTF-8 以外的编码"};
		assert_non_null(strstr(e.msg, why[k]));
		free(rows);
		free(z);
		strbuf_cleanup(&sb);
	}
}

static void test_scanner_utf16(void **state)
{
	(void)state;
	static const char ascii[] = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>" SHEET(
		"<row r=\"1\"><c r=\"A1\"><v>42</v></c></row>");
	size_t n = sizeof ascii - 1;
	char *u16 = malloc(2 * n + 2);
	u16[0] = (char)0xff;
	u16[1] = (char)0xfe;
	for (size_t i = 0; i < n; i++) {
		u16[2 + 2 * i] = ascii[i];
		u16[3 + 2 * i] = 0;
	}
	size_t len;
	unsigned char *z = make_xlsx(u16, 2 * n + 2, NULL, 0, &len);
	for (int ref = 0; ref < 2; ref++) {
		char *got;
		struct err e;
		assert_int_equal(read_mem(z, len, NULL, ref, &got, &e), 0);
		assert_string_equal(got, "1:2/42;\n");
		free(got);
	}
	free(z);
	free(u16);
}

/* Every proper prefix of a small sheet is an error naming the part, never a crash. */
static void test_scanner_truncation(void **state)
{
	(void)state;
	static const char sheet[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<x:worksheet xmlns:x=\"" MAIN_NS
		"\"><x:dimension ref='A1:B2'/><!-- c --><x:sheetData><x:row r=\"1\"><x:c r=\"A1\" "
		"t=\"inlineStr\"><x:is><x:t>&#20225;&amp;企<![CDATA[<z>]]></x:t></x:is></x:c>"
		"<x:c r=\"B1\"><x:v>1.5</x:v></x:c></x:row><?pi?><x:row><x:c s=\"1\"/></x:row>"
		"</x:sheetData></x:worksheet>";
	size_t full = sizeof sheet - 1;
	for (size_t k = 0; k <= full; k++) {
		size_t len;
		unsigned char *z = make_xlsx(sheet, k, NULL, (int)(k & 1), &len);
		for (int ref = 0; ref < 3; ref++) {
			char *got;
			struct err e;
			struct xlsx_limits small = {.read_buf = 16 + k % 48};
			int rc = read_mem(z, len, ref == 2 ? &small : NULL, ref == 1, &got, &e);
			if (k == full) {
				if (rc)
					fail_msg("the whole sheet (ref %d): %s", ref, e.msg);
				assert_string_equal(got, "1:1/企&企<z>|2/1.5;\n2:;\n");
			} else if (rc != ERR_INVALID || !strstr(e.msg, SHEET_PART)) {
				fail_msg("prefix of %zu bytes (ref %d): rc %d: %s", k, ref, rc,
					 e.msg);
			}
			free(got);
		}
		free(z);
	}
}

/* An error far into a long part (past the first buffers) is placed on its line. */
static void test_scanner_error_line(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb, 0);
	strbuf_adds(&sb, "<worksheet xmlns=\"" MAIN_NS "\">\n<sheetData>\n");
	for (int r = 1; r <= 30000; r++)
		strbuf_addf(&sb, "<row r=\"%d\"><c r=\"A%d\"><v>%d</v></c></row>\n", r, r, r);
	strbuf_adds(&sb, "<row r=\"30001\"><c r=\"A30001\"><v>1</x></c></row>\n");
	strbuf_adds(&sb, "</sheetData></worksheet>");
	size_t len;
	unsigned char *z = make_xlsx(sb.buf, sb.len, NULL, 0, &len);
	for (int ref = 0; ref < 2; ref++) {
		char *got;
		struct err e;
		assert_int_equal(read_mem(z, len, NULL, ref, &got, &e), ERR_INVALID);
		if (!strstr(e.msg, "第30003行"))
			fail_msg("ref %d: %s", ref, e.msg);
		/* the 30000 good rows were delivered before the error */
		assert_non_null(strstr(got, "30000:2/30000;\n"));
		free(got);
	}
	free(z);
	strbuf_cleanup(&sb);
}

/*
 * Text that ends exactly where a buffer of the scanner ends belongs to its own
 * element (a LibreOffice file lost shared strings so): many strings of
 * varying length, shared and inline, put ends at every alignment.
 */
static void test_scanner_buffer_edges(void **state)
{
	(void)state;
	struct strbuf ss, sheet;
	strbuf_init(&ss, 0);
	strbuf_init(&sheet, 0);
	strbuf_adds(&ss, "<sst xmlns=\"" MAIN_NS "\">");
	strbuf_adds(&sheet, "<worksheet xmlns=\"" MAIN_NS "\"><sheetData>");
	for (int i = 0; i < 40000; i++) {
		strbuf_addf(&ss, "<si><t>s%d:", i);
		for (int k = 0; k < i % 41; k++)
			strbuf_adds(&ss, k % 7 ? "x" : "&amp;");
		strbuf_adds(&ss, "</t></si>");
		strbuf_addf(&sheet,
			    "<row r=\"%d\"><c r=\"A%d\" t=\"s\"><v>%d</v></c><c r=\"B%d\" "
			    "t=\"inlineStr\"><is><t>%.*s</t></is></c></row>",
			    i + 1, i + 1, i, i + 1, i % 23, "abcdefghijklmnopqrstuvwxyz");
	}
	strbuf_adds(&ss, "</sst>");
	strbuf_adds(&sheet, "</sheetData></worksheet>");
	size_t len;
	unsigned char *z = make_xlsx(sheet.buf, sheet.len, ss.buf, 0, &len);
	char *got[3];
	struct xlsx_limits odd = {.read_buf = 1009};
	for (int ref = 0; ref < 3; ref++) {
		struct err e;
		if (read_mem(z, len, ref == 2 ? &odd : NULL, ref == 1, &got[ref], &e))
			fail_msg("ref %d: %s", ref, e.msg);
	}
	assert_string_equal(got[0], got[1]);
	assert_string_equal(got[2], got[1]);
	free(got[2]);
	/* string 39999 is "s39999:" and 39999 % 41 = 24 characters, & first */
	assert_non_null(strstr(got[0], "\n40000:1/s39999:&xxxxxx&xxxxxx&xxxxxx&xx|1/ab;\n"));
	free(got[0]);
	free(got[1]);
	free(z);
	strbuf_cleanup(&ss);
	strbuf_cleanup(&sheet);
}

/* Offset of the local header and of the central directory entry of NAME. */
static void find_headers(const unsigned char *z, size_t len, const char *name, size_t *local,
			 size_t *central)
{
	size_t nl = strlen(name);
	*local = *central = SIZE_MAX;
	for (size_t i = 0; i + 46 + nl <= len; i++) {
		if (z[i] == 'P' && z[i + 1] == 'K' && z[i + 2] == 3 && z[i + 3] == 4 &&
		    !memcmp(z + i + 30, name, nl))
			*local = i;
		if (z[i] == 'P' && z[i + 1] == 'K' && z[i + 2] == 1 && z[i + 3] == 2 &&
		    !memcmp(z + i + 46, name, nl))
			*central = i;
	}
	assert_true(*local != SIZE_MAX && *central != SIZE_MAX);
}

static void put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v & 0xff);
	p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, uint32_t v)
{
	put16(p, v & 0xffff);
	put16(p + 2, v >> 16);
}

/* Damaged or unusual ZIP entries of the sheet. */
static void test_zip_entries(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb, 0);
	strbuf_adds(&sb, "<worksheet xmlns=\"" MAIN_NS "\"><sheetData>");
	for (int r = 1; r <= 100; r++)
		strbuf_addf(&sb, "<row r=\"%d\"><c r=\"A%d\"><v>%d</v></c></row>", r, r, r);
	strbuf_adds(&sb, "</sheetData></worksheet>");
	struct err e;
	char *got;
	size_t len, local, central;

	/* a stored sheet with one byte changed: "<v>42<" becomes "<v>43<" */
	unsigned char *z = make_xlsx(sb.buf, sb.len, NULL, 1, &len);
	unsigned char *hit = memmem(z, len, "<v>42<", 6);
	assert_non_null(hit);
	hit[4] = '3';
	for (int ref = 0; ref < 2; ref++) {
		assert_int_equal(read_mem(z, len, NULL, ref, &got, &e), ERR_INVALID);
		if (!strstr(e.msg, "CRC") || !strstr(e.msg, SHEET_PART))
			fail_msg("stored, CRC mismatch (ref %d): %s", ref, e.msg);
		/* checked by the merge pre-scan: no row reaches the caller */
		assert_string_equal(got, "");
		free(got);
	}
	free(z);

	/* a deflated sheet whose directory CRC is wrong */
	z = make_xlsx(sb.buf, sb.len, NULL, 0, &len);
	find_headers(z, len, SHEET_PART, &local, &central);
	z[central + 16] ^= 1;
	z[local + 14] ^= 1;
	for (int ref = 0; ref < 2; ref++) {
		assert_int_equal(read_mem(z, len, NULL, ref, &got, &e), ERR_INVALID);
		if (!strstr(e.msg, "CRC") || !strstr(e.msg, SHEET_PART))
			fail_msg("deflated, CRC mismatch (ref %d): %s", ref, e.msg);
		free(got);
	}
	free(z);

	/* declared 10 bytes uncompressed, inflates to over 3000: counted, not trusted */
	z = make_xlsx(sb.buf, sb.len, NULL, 0, &len);
	find_headers(z, len, SHEET_PART, &local, &central);
	put32(z + central + 24, 10);
	put32(z + local + 22, 10);
	struct xlsx_limits lim = {.max_part = 1000};
	for (int ref = 0; ref < 2; ref++) {
		assert_int_equal(read_mem(z, len, &lim, ref, &got, &e), ERR_TOO_BIG);
		if (!strstr(e.msg, "解压后超过大小上限 1000 字节") || !strstr(e.msg, SHEET_PART))
			fail_msg("inflate cap (ref %d): %s", ref, e.msg);
		free(got);
	}
	free(z);

	/* method 12 (bzip2) is refused by name */
	z = make_xlsx(sb.buf, sb.len, NULL, 0, &len);
	find_headers(z, len, SHEET_PART, &local, &central);
	put16(z + central + 10, 12);
	put16(z + local + 8, 12);
	for (int ref = 0; ref < 2; ref++) {
		assert_int_equal(read_mem(z, len, NULL, ref, &got, &e), ERR_INVALID);
		if (!strstr(e.msg, "不支持的压缩方式（12）"))
			fail_msg("method 12 (ref %d): %s", ref, e.msg);
		free(got);
	}
	free(z);

	/* stored and deflated read the same 100 rows */
	for (int stored = 0; stored < 2; stored++) {
		z = make_xlsx(sb.buf, sb.len, NULL, stored, &len);
		assert_int_equal(read_mem(z, len, NULL, 0, &got, &e), 0);
		assert_non_null(strstr(got, "\n100:2/100;\n"));
		free(got);
		free(z);
	}
	strbuf_cleanup(&sb);
}

/* The fixture workbooks of real writers read the same by both paths, every sheet. */
static void test_fixtures_both_paths(void **state)
{
	(void)state;
	static const char *const files[] = {"ledger_openpyxl.xlsx", "ledger_lo.xlsx",
					    "ledger_wps.xlsx"};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char path[1024];
		fixture(path, sizeof path, files[i]);
		FILE *f = fopen(path, "rb");
		assert_non_null(f);
		unsigned char *buf = malloc(1 << 20);
		size_t n = fread(buf, 1, 1 << 20, f);
		fclose(f);
		struct xlsx *a, *b;
		assert_int_equal(xlsx_open_mem(buf, n, NULL, &a, NULL), 0);
		assert_int_equal(xlsx_open_mem_expat(buf, n, NULL, &b, NULL), 0);
		assert_int_equal(xlsx_sheet_count(a), xlsx_sheet_count(b));
		for (size_t s = 0; s < xlsx_sheet_count(a); s++) {
			struct strbuf sa, sb;
			strbuf_init(&sa, 0);
			strbuf_init(&sb, 0);
			assert_int_equal(xlsx_read_sheet(a, s, collect, &sa, NULL), 0);
			assert_int_equal(xlsx_read_sheet_expat(b, s, collect, &sb, NULL), 0);
			assert_true(sa.len > 0);
			if (strcmp(strbuf_cstr(&sa), strbuf_cstr(&sb)))
				fail_msg("%s sheet %zu: fast\n%s\nexpat\n%s", files[i], s,
					 strbuf_cstr(&sa), strbuf_cstr(&sb));
			assert_int_equal(xlsx_rows_hint(a), xlsx_rows_hint(b));
			strbuf_cleanup(&sa);
			strbuf_cleanup(&sb);
		}
		xlsx_free(a);
		xlsx_free(b);
		free(buf);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_col_index),
		cmocka_unit_test(test_format_is_date),
		cmocka_unit_test(test_number_text),
		cmocka_unit_test(test_serial_to_days),
		cmocka_unit_test(test_openpyxl),
		cmocka_unit_test(test_libreoffice),
		cmocka_unit_test(test_wps),
		cmocka_unit_test(test_doctype_refused),
		cmocka_unit_test(test_not_xlsx),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_open_mem),
		cmocka_unit_test(test_scanner_constructs),
		cmocka_unit_test(test_scanner_limits),
		cmocka_unit_test(test_scanner_huge_tokens),
		cmocka_unit_test(test_scanner_utf16),
		cmocka_unit_test(test_scanner_truncation),
		cmocka_unit_test(test_scanner_error_line),
		cmocka_unit_test(test_scanner_buffer_edges),
		cmocka_unit_test(test_zip_entries),
		cmocka_unit_test(test_fixtures_both_paths),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
