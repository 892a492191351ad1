/* Tests of core/money: exact parsing and formatting of fen, counts and percentages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/money.h"

struct parse_case {
	const char *text;
	enum money_unit unit;
	int ok;
	int64_t fen;
	const char *why;
};

static const struct parse_case parse_cases[] = {
	{"1234.5", MONEY_YUAN, 1, 123450, "one decimal is ten fen"},
	{"1,234.50", MONEY_YUAN, 1, 123450, "thousands separators are accepted"},
	{"1234.50", MONEY_YUAN, 1, 123450, "two decimals"},
	{" 50000000 ", MONEY_YUAN, 1, 5000000000LL, "spaces around are ignored"},
	{"50000000.01", MONEY_YUAN, 1, 5000000001LL, "one fen above 50 million"},
	{"-12", MONEY_YUAN, 1, -1200, "negative amounts parse"},
	{"+0.05", MONEY_YUAN, 1, 5, "a leading plus"},
	{".5", MONEY_YUAN, 1, 50, "no integer digits"},
	{"7.", MONEY_YUAN, 1, 700, "a trailing dot"},
	{"1234.567", MONEY_YUAN, 0, 0, "three decimals of yuan are rejected"},
	{"12a", MONEY_YUAN, 0, 0, "a stray letter"},
	{"", MONEY_YUAN, 0, 0, "empty text"},
	{"-", MONEY_YUAN, 0, 0, "a sign alone"},
	{"1,,234", MONEY_YUAN, 0, 0, "doubled separator"},
	{",123", MONEY_YUAN, 0, 0, "leading separator"},
	/* issue 11 item 9: "1,5" became 15.00; only groups of three after a comma */
	{"1,5", MONEY_YUAN, 0, 0, "a decimal comma is not a thousands separator"},
	{"1,50", MONEY_YUAN, 0, 0, "a group of two digits"},
	{"1,2345", MONEY_YUAN, 0, 0, "a group of four digits"},
	{"1234,567", MONEY_YUAN, 0, 0, "four digits before the first separator"},
	{"1,234567", MONEY_YUAN, 0, 0, "separators stop halfway"},
	{"1,234,567.89", MONEY_YUAN, 1, 123456789LL, "every group of three"},
	{"12,345", MONEY_WAN, 1, 12345000000LL, "12,345 万元 = 123,450,000 元"},
	{"-1,000", MONEY_YUAN, 1, -100000, "a negative grouped amount"},
	{"1,234.5,6", MONEY_YUAN, 0, 0, "a comma among the decimals"},
	{"1.2.3", MONEY_YUAN, 0, 0, "two dots"},
	{"99999999999999999999", MONEY_YUAN, 0, 0, "overflow is rejected"},
	{"1000000000000000.01", MONEY_YUAN, 0, 0, "just above the cap"},
	{"1000000000000000", MONEY_YUAN, 1, 100000000000000000LL, "exactly the cap"},
	{"412.6", MONEY_WAN, 1, 412600000LL, "412.6 万元 = 4,126,000 元"},
	{"0.000001", MONEY_WAN, 1, 1, "one fen in 万元"},
	{"0.0000001", MONEY_WAN, 0, 0, "below a fen in 万元"},
	{"5000", MONEY_WAN, 1, 5000000000LL, "5000 万元 = 50 million 元"},
};

static void test_parse_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof parse_cases / sizeof parse_cases[0]; i++) {
		const struct parse_case *c = &parse_cases[i];
		struct err e;
		err_clear(&e);
		int64_t fen = -999;
		int rc = money_parse(c->text, strlen(c->text), c->unit, &fen, "sales", &e);
		if (c->ok) {
			if (rc != 0 || fen != c->fen)
				fail_msg("%s: '%s' gave rc %d fen %lld", c->why, c->text, rc,
					 (long long)fen);
		} else {
			if (rc != ERR_INVALID)
				fail_msg("%s: '%s' should fail", c->why, c->text);
			assert_string_equal(e.field, "sales");
			assert_true(strlen(e.msg) > 0);
		}
	}
}

static void test_misplaced_separator_message(void **state)
{
	(void)state;
	struct err e;
	int64_t fen = -1;
	assert_int_equal(money_parse("1,5", 3, MONEY_WAN, &fen, "sales", &e), ERR_INVALID);
	assert_int_equal(fen, -1);
	assert_string_equal(e.field, "sales");
	assert_non_null(strstr(e.msg, "千位分隔符"));
	assert_non_null(strstr(e.msg, "1,5"));
}

static void test_three_decimals_message(void **state)
{
	(void)state;
	struct err e;
	int64_t fen;
	assert_int_equal(money_parse("1.234", 5, MONEY_YUAN, &fen, "rd", &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "分"));
}

static void test_count_parse(void **state)
{
	(void)state;
	int64_t h;
	assert_int_equal(count_parse("80", 2, &h, "staff", NULL), 0);
	assert_int_equal(h, 8000);
	assert_int_equal(count_parse("12.25", 5, &h, "staff", NULL), 0);
	assert_int_equal(h, 1225);
	struct err e;
	assert_int_equal(count_parse("-1", 2, &h, "staff", &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "负"));
	assert_int_equal(count_parse("1.234", 5, &h, "staff", NULL), ERR_INVALID);
}

struct fmt_case {
	int64_t fen;
	int flags;
	const char *yuan;
	const char *wan;
};

static const struct fmt_case fmt_cases[] = {
	{0, 0, "0.00", "0.00"},
	{5, 0, "0.05", "0.00"},
	{-5, 0, "-0.05", "0.00"},
	{123450, 0, "1234.50", "0.12"},
	{412600000LL, MONEY_GROUP, "4,126,000.00", "412.60"},
	{5000000001LL, MONEY_GROUP, "50,000,000.01", "5,000.00"},
	{4999, 0, "49.99", "0.00"},
	{5000, 0, "50.00", "0.01"},    /* 0.005 万元 rounds half up */
	{-5000, 0, "-50.00", "-0.01"}, /* half away from zero */
	{INT64_MIN, 0, "-92233720368547758.08", "-9223372036854.78"},
};

static void test_format_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof fmt_cases / sizeof fmt_cases[0]; i++) {
		struct strbuf sb;
		strbuf_init(&sb, 0);
		money_format(&sb, fmt_cases[i].fen, fmt_cases[i].flags);
		assert_string_equal(strbuf_cstr(&sb), fmt_cases[i].yuan);
		strbuf_reset(&sb);
		money_format_wan(&sb, fmt_cases[i].fen, fmt_cases[i].flags);
		assert_string_equal(strbuf_cstr(&sb), fmt_cases[i].wan);
		strbuf_cleanup(&sb);
	}
}

static void test_percent_and_count_format(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb, 0);
	percent_format(&sb, 38, 1000); /* 3.8% */
	assert_string_equal(strbuf_cstr(&sb), "3.80%");
	strbuf_reset(&sb);
	percent_format(&sb, 1, 3); /* 33.333…% */
	assert_string_equal(strbuf_cstr(&sb), "33.33%");
	strbuf_reset(&sb);
	percent_format(&sb, 2, 3); /* 66.666…% rounds up */
	assert_string_equal(strbuf_cstr(&sb), "66.67%");
	strbuf_reset(&sb);
	percent_format(&sb, 1, 80000); /* 0.00125% rounds half up to 0.00% */
	assert_string_equal(strbuf_cstr(&sb), "0.00%");
	strbuf_reset(&sb);
	percent_format(&sb, 1, 20000); /* exactly 0.005% rounds up */
	assert_string_equal(strbuf_cstr(&sb), "0.01%");
	strbuf_reset(&sb);
	percent_format(&sb, 1, 0);
	assert_string_equal(strbuf_cstr(&sb), "—");
	strbuf_reset(&sb);
	count_format(&sb, 8050);
	assert_string_equal(strbuf_cstr(&sb), "80.5");
	strbuf_reset(&sb);
	count_format(&sb, 25);
	assert_string_equal(strbuf_cstr(&sb), "0.25");
	strbuf_reset(&sb);
	count_format(&sb, 10000);
	assert_string_equal(strbuf_cstr(&sb), "100");
	strbuf_cleanup(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_table),
		cmocka_unit_test(test_three_decimals_message),
		cmocka_unit_test(test_misplaced_separator_message),
		cmocka_unit_test(test_count_parse),
		cmocka_unit_test(test_format_table),
		cmocka_unit_test(test_percent_and_count_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
