/* Tests of core/date: civil dates, leap years, strict parsing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/date.h"

static int32_t d(const char *s)
{
	int32_t v = 0;
	assert_int_equal(date_parse(s, strlen(s), &v, "date", NULL), 0);
	return v;
}

static void test_epoch_and_round_trip(void **state)
{
	(void)state;
	assert_int_equal(d("1970-01-01"), 0);
	assert_int_equal(d("2000-03-01"), 11017);
	char buf[11];
	for (int32_t x = -800000; x < 2900000; x += 997) {
		int y, m, dd;
		date_to_ymd(x, &y, &m, &dd);
		if (y < 1)
			continue;
		assert_int_equal(date_from_ymd(y, m, dd), x);
		assert_int_equal(d(date_format(x, buf)), x);
	}
}

static void test_leap_year_day_counts(void **state)
{
	(void)state;
	/* 2023-06-30 → 2024-06-30 spans Feb 29 2024: 366 days. */
	assert_int_equal(d("2024-06-30") - d("2023-06-30"), 366);
	assert_int_equal(d("2023-06-30") - d("2022-06-30"), 365);
	assert_true(date_is_leap(2000));
	assert_false(date_is_leap(1900));
	assert_true(date_is_leap(2024));
	assert_int_equal(date_days_in_month(2024, 2), 29);
	assert_int_equal(date_days_in_month(2023, 2), 28);
}

static void test_add_years(void **state)
{
	(void)state;
	char buf[11];
	assert_string_equal(date_format(date_add_years(d("2021-12-03"), 3), buf), "2024-12-03");
	assert_string_equal(date_format(date_add_years(d("2024-02-29"), 1), buf), "2025-02-28");
	assert_string_equal(date_format(date_add_years(d("2024-02-29"), 4), buf), "2028-02-29");
	assert_int_equal(date_year(d("2023-12-31")), 2023);
}

static void test_rejects(void **state)
{
	(void)state;
	static const char *bad[] = {"2023-02-30", "2023-13-01", "2023-00-10", "2023-1-01",
				    "20230101",	  "2023/01/01", "",	      "2023-02-29",
				    "abcd-ef-gh", "2023-01-011"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct err e;
		int32_t v;
		if (date_parse(bad[i], strlen(bad[i]), &v, "registered_on", &e) != ERR_INVALID)
			fail_msg("'%s' should be rejected", bad[i]);
		assert_string_equal(e.field, "registered_on");
	}
	struct err e;
	int32_t v;
	date_parse("2023-02-30", 10, &v, "x", &e);
	assert_non_null(strstr(e.msg, "28天"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_epoch_and_round_trip),
		cmocka_unit_test(test_leap_year_day_counts),
		cmocka_unit_test(test_add_years),
		cmocka_unit_test(test_rejects),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
