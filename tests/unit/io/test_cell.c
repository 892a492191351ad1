/* Tests of io/cell: a cell's text read as a date, a yes/no, a whole number, trimmed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/date.h"
#include "io/cell.h"

struct date_case {
	const char *text;
	enum xlsx_type type;
	int date1904;
	const char *want; /* "YYYY-MM-DD", or the reason */
};

static const struct date_case date_cases[] = {
	{"2023-05-20", XLSX_STRING, 0, "2023-05-20"},
	{"2023/5/20", XLSX_STRING, 0, "2023-05-20"},
	{"2023.5.20", XLSX_STRING, 0, "2023-05-20"},
	{"2023年5月20日", XLSX_STRING, 0, "2023-05-20"},
	{"2023年5月20号", XLSX_STRING, 0, "2023-05-20"},
	{"2023-05-20 08:30:00", XLSX_STRING, 0, "2023-05-20"},
	{"20230520", XLSX_STRING, 0, "2023-05-20"},
	/* 8 digits in a number cell are typed YYYYMMDD, not a serial */
	{"20230520", XLSX_NUMBER, 0, "2023-05-20"},
	/* an Excel serial in a number cell without date style, 1900 and 1904 systems */
	{"45066", XLSX_NUMBER, 0, "2023-05-20"},
	{"43604", XLSX_NUMBER, 1, "2023-05-20"},
	{"2023-02-30", XLSX_STRING, 0, "日期无效：2023-02-30（2023年2月只有28天）"},
	{"2024-02-30", XLSX_STRING, 0, "日期无效：2024-02-30（2024年2月只有29天）"},
	{"2023-13-01", XLSX_STRING, 0, "日期无效：2023-13-01"},
	{"2023-05", XLSX_STRING, 0, "不是有效的日期：2023-05（应为 2023-05-20 这样的格式）"},
	{"5/20/2023", XLSX_STRING, 0, "不是有效的日期：5/20/2023（应为 2023-05-20 这样的格式）"},
	{"-3", XLSX_NUMBER, 0, "不是有效的日期：-3"},
};

static void test_dates(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof date_cases / sizeof date_cases[0]; i++) {
		const struct date_case *c = &date_cases[i];
		int32_t days = 0;
		char msg[300] = "", got[300];
		if (cell_date(c->text, strlen(c->text), c->type, c->date1904, &days, msg,
			      sizeof msg) == 0)
			date_format(days, got);
		else
			snprintf(got, sizeof got, "%s", msg);
		if (strcmp(got, c->want))
			fail_msg("%s (type %d): got '%s', want '%s'", c->text, c->type, got,
				 c->want);
	}
}

static void test_bools(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int rc, v;
	} cases[] = {
		{"是", 0, 1},	 {"否", 0, 0}, {"Y", 0, 1},	{"n", 0, 0},	 {"TRUE", 0, 1},
		{"false", 0, 0}, {"1", 0, 1},  {"0", 0, 0},	{"√", 0, 1},	 {"×", 0, 0},
		{"有", 0, 1},	 {"无", 0, 0}, {"True", -1, 0}, {"是的", -1, 0}, {"", -1, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int v = -1;
		int rc = cell_bool(cases[i].text, strlen(cases[i].text), &v);
		if (rc != cases[i].rc || (rc == 0 && v != cases[i].v))
			fail_msg("'%s': rc %d v %d", cases[i].text, rc, v);
	}
}

static void test_ints(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int64_t min, max;
		int rc;
		int64_t v;
	} cases[] = {
		{"2023", 1990, 2026, 0, 2023},	     {"1990", 1990, 2026, 0, 1990},
		{"1989", 1990, 2026, -1, 0},	     {"2027", 1990, 2026, -1, 0},
		{"100000", 0, 100000, 0, 100000},    {"000000000007", 0, 100000, 0, 7},
		{"0000000000007", 0, 100000, -1, 0}, /* 13 digits */
		{"12a", 0, 100000, -1, 0},	     {"-1", 0, 100000, -1, 0},
		{"1.0", 0, 100000, -1, 0},	     {"", 0, 100000, -1, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t v = -1;
		int rc = cell_int(cases[i].text, strlen(cases[i].text), cases[i].min, cases[i].max,
				  &v);
		if (rc != cases[i].rc || (rc == 0 && v != cases[i].v))
			fail_msg("'%s': rc %d v %lld", cases[i].text, rc, (long long)v);
	}
}

static void test_trim_and_placeholders(void **state)
{
	(void)state;
	static const struct {
		const char *text, *trimmed;
		int placeholder;
	} cases[] = {
		{"  麒麟区\t", "麒麟区", 0},
		{"\xe3\x80\x80甲\xe3\x80\x80", "甲", 0}, /* U+3000 ideographic spaces */
		{"\r\n", "", 0},
		{" - ", "-", 1},
		{"/", "/", 1},
		{"——", "——", 1},
		{"－", "－", 1},
		{"无", "无", 1},
		{"0", "0", 0},
		{"---", "---", 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *s = cases[i].text;
		size_t n = strlen(s);
		cell_trim(&s, &n);
		if (n != strlen(cases[i].trimmed) || memcmp(s, cases[i].trimmed, n) ||
		    cell_placeholder(s, n) != cases[i].placeholder)
			fail_msg("'%s': trimmed to '%.*s'", cases[i].text, (int)n, s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_bools),
		cmocka_unit_test(test_ints),
		cmocka_unit_test(test_trim_and_placeholders),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
