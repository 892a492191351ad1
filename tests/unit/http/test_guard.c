/*
 * guard: the per-user share and the total are both enforced, a slot given
 * back is available again, and a user at their share does not block others.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "http/guard.h"

static void test_shares(void **state)
{
	(void)state;
	struct guard *g = guard_new(3, 2);
	assert_true(guard_enter(g, 7));
	assert_true(guard_enter(g, 7));
	/* user 7 is at their share of 2 */
	assert_false(guard_enter(g, 7));
	/* another user gets the third slot, then the total is used up */
	assert_true(guard_enter(g, 8));
	assert_false(guard_enter(g, 9));
	assert_false(guard_enter(g, 8));
	assert_int_equal(guard_used(g), 3);
	guard_leave(g, 7);
	assert_int_equal(guard_used(g), 2);
	assert_true(guard_enter(g, 9));
	assert_false(guard_enter(g, 7));
	guard_leave(g, 9);
	guard_leave(g, 8);
	guard_leave(g, 7);
	assert_int_equal(guard_used(g), 0);
	/* every holder entry is free again: three users one slot each */
	assert_true(guard_enter(g, 1));
	assert_true(guard_enter(g, 2));
	assert_true(guard_enter(g, 3));
	assert_false(guard_enter(g, 4));
	guard_free(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shares),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
