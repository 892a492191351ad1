/*
 * Tests of ledger/targets/scorecard: the elapsed share of a year (leap and
 * not, before, on and after its days), completion in basis points rounded
 * down, the status margins (flow against the elapsed share, stock against
 * 100 %), the weighted score with its cap and bonus, and ranks with ties.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/date.h"
#include "ledger/targets/scorecard.h"

static void test_elapsed(void **state)
{
	(void)state;
	assert_int_equal(scorecard_elapsed_bp(2026, date_from_ymd(2025, 12, 31)), 0);
	assert_int_equal(scorecard_elapsed_bp(2026, date_from_ymd(2026, 1, 1)), 10000 / 365);
	/* 30 June 2026: day 181 of 365 → 181 × 10000 ÷ 365 = 4958.9 → 4958 */
	assert_int_equal(scorecard_elapsed_bp(2026, date_from_ymd(2026, 6, 30)), 4958);
	/* 2028 is leap: 30 June is day 182 of 366 → 4972.6 → 4972 */
	assert_int_equal(scorecard_elapsed_bp(2028, date_from_ymd(2028, 6, 30)), 4972);
	assert_int_equal(scorecard_elapsed_bp(2026, date_from_ymd(2026, 12, 31)), 10000);
	assert_int_equal(scorecard_elapsed_bp(2026, date_from_ymd(2027, 3, 1)), 10000);
}

static void test_completion_and_status(void **state)
{
	(void)state;
	assert_int_equal(scorecard_completion_bp(1, 3), 3333); /* rounded down */
	assert_int_equal(scorecard_completion_bp(2, 3), 6666);
	assert_int_equal(scorecard_completion_bp(7, 5), 14000);
	assert_true(scorecard_completion_bp(3, 0) == LEDGER_NONE);
	assert_true(scorecard_completion_bp(3, LEDGER_NONE) == LEDGER_NONE);
	/* flow: ±1000 around the elapsed share */
	assert_int_equal(scorecard_status(6000, 5000, 0), STATUS_AHEAD);
	assert_int_equal(scorecard_status(5999, 5000, 0), STATUS_ON_TRACK);
	assert_int_equal(scorecard_status(4000, 5000, 0), STATUS_ON_TRACK);
	assert_int_equal(scorecard_status(3999, 5000, 0), STATUS_BEHIND);
	/* stock: against 100 % whatever the day */
	assert_int_equal(scorecard_status(9000, 1000, 1), STATUS_ON_TRACK);
	assert_int_equal(scorecard_status(8999, 1000, 1), STATUS_BEHIND);
	assert_int_equal(scorecard_status(LEDGER_NONE, 1000, 0), STATUS_NONE);
	assert_string_equal(scorecard_status_name(STATUS_ON_TRACK), "on_track");
	assert_string_equal(scorecard_status_label(STATUS_BEHIND), "滞后");
}

static void test_score(void **state)
{
	(void)state;
	int64_t c[3] = {15000, 5000, LEDGER_NONE}, w[3] = {40, 20, 40};
	/* capped at 100 %: (40 × 10000 + 20 × 5000) ÷ 60 = 8333.3 → 8333; the unset metric is out
	 */
	assert_int_equal(scorecard_score(c, w, 3, 10000), 8333);
	/* a bonus to 120 %: (40 × 12000 + 20 × 5000) ÷ 60 = 9666.6 → 9666 */
	assert_int_equal(scorecard_score(c, w, 3, 12000), 9666);
	int64_t none[2] = {LEDGER_NONE, LEDGER_NONE};
	assert_int_equal(scorecard_score(none, w, 2, 10000), 0);
	int64_t zero_w[2] = {0, 0};
	assert_int_equal(scorecard_score(c, zero_w, 2, 10000), 0);
}

static void test_rank_ties(void **state)
{
	(void)state;
	int64_t s[5] = {9000, 9500, 9500, 7000, 9000};
	int r[5];
	scorecard_rank(s, 5, r);
	assert_int_equal(r[1], 1);
	assert_int_equal(r[2], 1);
	assert_int_equal(r[0], 3);
	assert_int_equal(r[4], 3);
	assert_int_equal(r[3], 5);
	scorecard_rank(s, 0, r); /* nothing to rank */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_elapsed),
		cmocka_unit_test(test_completion_and_status),
		cmocka_unit_test(test_score),
		cmocka_unit_test(test_rank_ties),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
