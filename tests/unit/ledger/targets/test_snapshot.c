/*
 * Tests of ledger/targets/snapshot: the ISO week of a day (Monday, across a
 * year's end), one snapshot per week (once a week without force; taken
 * again it replaces the week), the counts as of the day taken, who may
 * take (the system) and read (targets.read: a county the city and its own
 * area), the metric filter.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "support/ledger_fixture.h"

#include "core/arena.h"
#include "core/date.h"
#include "ledger/targets/snapshot.h"
#include "ledger/targets/target.h"

static void sql(struct fixture *f, const char *s)
{
	if (store_exec(f->db, s, NULL))
		fail_msg("sql: %s", s);
}

static void test_week(void **state)
{
	(void)state;
	char d[11];
	/* 2026-01-01 is a Thursday: its week began on Monday 2025-12-29 */
	assert_string_equal(date_format(snapshot_week(date_from_ymd(2026, 1, 1)), d), "2025-12-29");
	assert_string_equal(date_format(snapshot_week(date_from_ymd(2026, 3, 8)), d), "2026-03-02");
	assert_string_equal(date_format(snapshot_week(date_from_ymd(2026, 3, 9)), d), "2026-03-09");
	assert_string_equal(date_format(snapshot_week(date_from_ymd(1969, 12, 31)), d),
			    "1969-12-29");
}

/* The TSME registrations of 2026 as of a day, per area. */
static int64_t achieved(struct fixture *f, const char *week, const char *area)
{
	char q[256];
	snprintf(q, sizeof q,
		 "SELECT achieved FROM progress_snapshots WHERE week = '%s' AND metric = "
		 "'tsme_registered' AND ifnull(area, '') = '%s'",
		 week, area ? area : "");
	return fixture_count(f, q);
}

static void test_take_and_read(void **state)
{
	struct fixture *f = *state;
	struct ledger city = fixture_as(f, f->u_city), county = fixture_as(f, f->u_county1),
		      ent = fixture_as(f, f->u_ent);
	struct err e;
	size_t taken = 0;
	err_clear(&e);
	const struct target t[] = {{NULL, "tsme_registered", 4}, {"530302", "tsme_registered", 2}};
	assert_int_equal(target_set(&city, 2026, t, 2, &e), 0);
	char q[512];
	snprintf(q, sizeof q,
		 "INSERT INTO tsme_registrations (enterprise_id, year, reg_no, registered_on, "
		 "created_at, updated_at) VALUES (%lld, 2026, 'R1', '2026-03-04', 'x', 'x'), "
		 "(%lld, 2026, 'R2', '2026-03-09', 'x', 'x'), (%lld, 2026, 'R3', '2026-03-05', "
		 "'x', 'x')",
		 (long long)f->id_a, (long long)f->id_b, (long long)f->id_c);
	sql(f, q);
	/* Wednesday 4 March: one registration of 530302 */
	assert_int_equal(snapshot_take(&f->sys, date_from_ymd(2026, 3, 4), 0, &taken, &e), 0);
	assert_true(taken > 0);
	size_t rows = (size_t)fixture_count(f, "SELECT count(*) FROM progress_snapshots");
	assert_int_equal(rows, taken);
	assert_int_equal(achieved(f, "2026-03-02", "530302"), 1);
	assert_int_equal(achieved(f, "2026-03-02", "530303"), 0);
	assert_int_equal(achieved(f, "2026-03-02", NULL), 1);
	/* later the same week: nothing without force; with force the week is replaced */
	assert_int_equal(snapshot_take(&f->sys, date_from_ymd(2026, 3, 8), 0, &taken, &e), 0);
	assert_int_equal(taken, 0);
	assert_int_equal(achieved(f, "2026-03-02", NULL), 1);
	assert_int_equal(snapshot_take(&f->sys, date_from_ymd(2026, 3, 8), 1, &taken, &e), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM progress_snapshots"), rows);
	assert_int_equal(achieved(f, "2026-03-02", NULL), 2);
	assert_int_equal(achieved(f, "2026-03-02", "530303"), 1);
	/* Monday 9 March: a new week */
	assert_int_equal(snapshot_take(&f->sys, date_from_ymd(2026, 3, 9), 0, &taken, &e), 0);
	assert_int_equal(achieved(f, "2026-03-09", NULL), 3);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM progress_snapshots"), 2 * rows);
	/* only the system takes */
	assert_int_equal(snapshot_take(&city, date_from_ymd(2026, 3, 9), 1, &taken, &e),
			 ERR_FORBIDDEN);

	/* reading: a county gets the city's and its own area's series */
	struct arena *a = arena_new();
	struct snapshot_point *p = NULL;
	size_t n = 0;
	assert_int_equal(snapshot_series(&county, 2026, "tsme_registered", a, &p, &n, &e), 0);
	assert_int_equal(n, 4); /* 2 weeks × (city, 530302) */
	assert_null(p[0].area);
	assert_string_equal(p[1].area, "530302");
	assert_true(p[0].week < p[2].week);
	assert_int_equal(p[1].target, 2);
	assert_int_equal(p[1].achieved, 1);
	assert_int_equal(p[1].completion_bp, 5000);
	assert_int_equal(p[0].completion_bp, 5000); /* the city: 2 of 4 in the week of 2 March */
	for (size_t i = 0; i < n; i++)
		assert_true(!p[i].area || !strcmp(p[i].area, "530302"));
	/* the city: every area; a metric without a target has no completion */
	assert_int_equal(snapshot_series(&city, 2026, "hnte_new", a, &p, &n, &e), 0);
	assert_true(n > 4);
	assert_int_equal(p[0].completion_bp, LEDGER_NONE);
	assert_int_equal(snapshot_series(&city, 2025, NULL, a, &p, &n, &e), 0);
	assert_int_equal(n, 0);
	assert_int_equal(snapshot_series(&city, 1999, NULL, a, &p, &n, &e), ERR_INVALID);
	assert_int_equal(snapshot_series(&ent, 2026, NULL, a, &p, &n, &e), ERR_FORBIDDEN);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_week),
		cmocka_unit_test_setup_teardown(test_take_and_read, fixture_setup,
						fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
