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

#include "core/date.h"
#include "core/strbuf.h"
#include "io/xlsx_read.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_col_index),   cmocka_unit_test(test_format_is_date),
		cmocka_unit_test(test_number_text), cmocka_unit_test(test_serial_to_days),
		cmocka_unit_test(test_openpyxl),    cmocka_unit_test(test_libreoffice),
		cmocka_unit_test(test_wps),	    cmocka_unit_test(test_doctype_refused),
		cmocka_unit_test(test_not_xlsx),    cmocka_unit_test(test_caps),
		cmocka_unit_test(test_open_mem),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
