/*
 * Tests of ledger/targets/target: the city total and its decomposition set
 * in one call (audited), a bad row refusing the whole call, removal, the
 * scope of the list (a county: the city's totals and its own area), who may
 * set targets, weights and the cap, and their ranges.
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
#include "ledger/targets/target.h"

static void test_set_and_list(void **state)
{
	struct fixture *f = *state;
	struct ledger city = fixture_as(f, f->u_city), county = fixture_as(f, f->u_county1);
	struct arena *a = arena_new();
	struct target *items = NULL;
	size_t n = 0;
	struct err e;
	err_clear(&e);
	const struct target set[] = {
		{NULL, "hnte_new", 30},
		{"530302", "hnte_new", 12},
		{"530303", "hnte_new", 10},
		{"530302", "tsme_registered", 50},
	};
	assert_int_equal(target_set(&city, 2026, set, 4, &e), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM targets WHERE year = 2026"), 4);
	assert_int_equal(fixture_audit_rows(f, "targets", "2026/city/hnte_new", "create"), 1);
	assert_int_equal(fixture_audit_rows(f, "targets", "2026/530302/hnte_new", "create"), 1);
	/* setting the same value again changes and audits nothing */
	assert_int_equal(target_set(&city, 2026, set, 1, &e), 0);
	assert_int_equal(fixture_audit_rows(f, "targets", "2026/city/hnte_new", NULL), 1);

	/* the city's list: the total first, then the areas */
	assert_int_equal(target_list(&city, 2026, a, &items, &n, &e), 0);
	assert_int_equal(n, 4);
	assert_null(items[0].area);
	assert_int_equal(items[0].value, 30);
	/* a county: the total and its own area only */
	assert_int_equal(target_list(&county, 2026, a, &items, &n, &e), 0);
	assert_int_equal(n, 3);
	for (size_t i = 0; i < n; i++)
		assert_true(!items[i].area || !strcmp(items[i].area, "530302"));

	/* one bad row refuses the call, naming the row; nothing changes */
	const struct target bad[] = {{"530302", "hnte_new", 20}, {"999999", "hnte_new", 1}};
	assert_int_equal(target_set(&city, 2026, bad, 2, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "第2行"));
	assert_int_equal(fixture_count(f, "SELECT value FROM targets WHERE area = '530302' AND "
					  "metric = 'hnte_new'"),
			 12);
	const struct target unknown[] = {{NULL, "no_such_metric", 1}};
	assert_int_equal(target_set(&city, 2026, unknown, 1, &e), ERR_INVALID);
	const struct target big[] = {{NULL, "hnte_new", TARGET_VALUE_MAX + 1}};
	assert_int_equal(target_set(&city, 2026, big, 1, &e), ERR_INVALID);
	assert_int_equal(target_set(&city, 1999, set, 1, &e), ERR_INVALID);

	/* LEDGER_NONE removes */
	const struct target rm[] = {{"530302", "tsme_registered", LEDGER_NONE}};
	assert_int_equal(target_set(&city, 2026, rm, 1, &e), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM targets WHERE year = 2026"), 3);
	assert_int_equal(fixture_audit_rows(f, "targets", "2026/530302/tsme_registered", "delete"),
			 1);
	arena_free(a);
}

static void test_rights(void **state)
{
	struct fixture *f = *state;
	struct ledger county = fixture_as(f, f->u_county1), viewer = fixture_as(f, f->u_viewer),
		      expert = fixture_as(f, f->u_expert), city = fixture_as(f, f->u_city);
	struct arena *a = arena_new();
	struct target *items = NULL;
	size_t n = 0;
	int64_t cap = 0;
	struct err e;
	err_clear(&e);
	const struct target own[] = {{"530302", "hnte_new", 99}};
	assert_int_equal(target_set(&county, 2026, own, 1, &e), ERR_FORBIDDEN);
	assert_int_equal(target_set(&viewer, 2026, own, 1, &e), ERR_FORBIDDEN);
	assert_int_equal(target_list(&viewer, 2026, a, &items, &n, &e), 0);
	assert_int_equal(target_list(&expert, 2026, a, &items, &n, &e), ERR_FORBIDDEN);
	assert_int_equal(target_weight_set(&county, "hnte_new", 50, &e), ERR_FORBIDDEN);
	assert_int_equal(target_cap_set(&county, 2026, 12000, &e), ERR_FORBIDDEN);

	/* weights and the cap: ranges, audit */
	assert_int_equal(target_weight_set(&city, "hnte_new", 50, &e), 0);
	assert_int_equal(fixture_count(f, "SELECT weight FROM target_metrics WHERE code = "
					  "'hnte_new'"),
			 50);
	assert_int_equal(fixture_audit_rows(f, "target_metrics", "hnte_new", "update"), 1);
	assert_int_equal(target_weight_set(&city, "hnte_new", -1, &e), ERR_INVALID);
	assert_int_equal(target_weight_set(&city, "nope", 1, &e), ERR_NOT_FOUND);
	assert_int_equal(target_cap_get(&county, 2026, &cap, &e), 0);
	assert_int_equal(cap, 10000);
	assert_int_equal(target_cap_set(&city, 2026, 9999, &e), ERR_INVALID);
	assert_int_equal(target_cap_set(&city, 2026, 12000, &e), 0);
	assert_int_equal(target_cap_get(&county, 2026, &cap, &e), 0);
	assert_int_equal(cap, 12000);
	assert_int_equal(fixture_audit_rows(f, "target_scoring", "2026", "update"), 1);

	/* visibility of areas */
	assert_int_equal(target_area_visible(&county, "530302", &e), 1);
	assert_int_equal(target_area_visible(&county, "530303", &e), 0);
	assert_int_equal(target_area_visible(&city, "530303", &e), 1);
	assert_int_equal(target_area_visible(&expert, "530302", &e), 0);
	arena_free(a);
}

/* An import counts what changes; a dry run writes nothing; a county or a viewer may not. */
static void test_import(void **state)
{
	struct fixture *f = *state;
	struct ledger city = fixture_as(f, f->u_city), county = fixture_as(f, f->u_county1),
		      viewer = fixture_as(f, f->u_viewer);
	struct target_import_report r;
	struct err e;
	err_clear(&e);
	const struct target before[] = {
		{NULL, "hnte_new", 30}, {"530302", "hnte_new", 12}, {"530303", "hnte_new", 10}};
	assert_int_equal(target_set(&city, 2026, before, 3, &e), 0);
	const struct target sheet[] = {
		{NULL, "hnte_new", 30},			    /* unchanged */
		{"530302", "hnte_new", 15},		    /* changed */
		{"530303", "hnte_new", LEDGER_NONE},	    /* removed */
		{"530302", "tsme_registered", 40},	    /* created */
		{"530303", "tsme_registered", LEDGER_NONE}, /* nothing there: unchanged */
	};
	int64_t audits = fixture_count(f, "SELECT count(*) FROM audit_log");
	assert_int_equal(target_import(&city, 2026, sheet, 5, 1, &r, &e), 0);
	assert_true(r.dry_run);
	assert_int_equal(r.cells, 5);
	assert_int_equal(r.created, 1);
	assert_int_equal(r.changed, 1);
	assert_int_equal(r.removed, 1);
	assert_int_equal(r.unchanged, 2);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_log"), audits);
	assert_int_equal(fixture_count(f, "SELECT value FROM targets WHERE area = '530302'"), 12);
	/* for real: the same counts, the rows written and audited */
	assert_int_equal(target_import(&city, 2026, sheet, 5, 0, &r, &e), 0);
	assert_false(r.dry_run);
	assert_int_equal(r.created + r.changed + r.removed, 3);
	assert_int_equal(fixture_count(f, "SELECT value FROM targets WHERE area = '530302' AND "
					  "metric = 'hnte_new'"),
			 15);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM targets WHERE year = 2026"), 3);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_log"), audits + 3);
	/* again: nothing changes */
	assert_int_equal(target_import(&city, 2026, sheet, 5, 0, &r, &e), 0);
	assert_int_equal(r.unchanged, 5);
	/* the rights, also for a dry run */
	assert_int_equal(target_import(&county, 2026, sheet, 5, 1, &r, &e), ERR_FORBIDDEN);
	assert_int_equal(target_import(&viewer, 2026, sheet, 5, 1, &r, &e), ERR_FORBIDDEN);
	/* a bad row refuses the whole import */
	const struct target bad[] = {{"530302", "hnte_new", 99}, {"999999", "hnte_new", 1}};
	assert_int_equal(target_import(&city, 2026, bad, 2, 0, &r, &e), ERR_INVALID);
	assert_int_equal(fixture_count(f, "SELECT value FROM targets WHERE area = '530302' AND "
					  "metric = 'hnte_new'"),
			 15);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_set_and_list, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_rights, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_import, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
