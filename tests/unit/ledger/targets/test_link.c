/*
 * Tests of ledger/targets/link: the city adds, changes and removes the
 * responsibility links of an area (audited, fields checked); a county reads
 * those of its areas only and writes none; an expert reads those of its
 * firms' areas.
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
#include "ledger/targets/link.h"

static void test_links(void **state)
{
	struct fixture *f = *state;
	struct ledger city = fixture_as(f, f->u_city), county = fixture_as(f, f->u_county1),
		      expert = fixture_as(f, f->u_expert);
	struct arena *a = arena_new();
	struct target_link k = {0}, *items = NULL, got;
	size_t n = 0;
	int64_t id1 = 0, id2 = 0;
	struct err e;
	err_clear(&e);
	k.area = "530302";
	k.role = LINK_LEADER;
	k.name = "张副局长";
	k.title = "副局长";
	k.phone = "0874-3123456";
	assert_int_equal(link_add(&city, &k, &id1, &e), 0);
	k.area = "530303";
	k.role = LINK_STAFF;
	k.name = "李科员";
	assert_int_equal(link_add(&city, &k, &id2, &e), 0);
	assert_int_equal(fixture_audit_rows(f, "target_links", "1", "create"), 1);

	/* checks */
	k.name = "";
	assert_int_equal(link_add(&city, &k, NULL, &e), ERR_INVALID);
	k.name = "王五";
	k.area = "999999";
	assert_int_equal(link_add(&city, &k, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "area");
	int role = -1;
	assert_int_equal(link_role_parse("联络员", &role, &e), 0);
	assert_int_equal(role, LINK_STAFF);
	assert_int_equal(link_role_parse("boss", &role, &e), ERR_INVALID);

	/* scope */
	assert_int_equal(link_list(&city, NULL, a, &items, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(link_list(&county, NULL, a, &items, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(items[0].name, "张副局长");
	assert_int_equal(link_list(&expert, NULL, a, &items, &n, &e), 0); /* firm A in 530302 */
	assert_int_equal(n, 1);
	assert_int_equal(link_get(&county, id2, a, &got, &e), ERR_NOT_FOUND);
	k.area = "530302";
	assert_int_equal(link_add(&county, &k, NULL, &e), ERR_FORBIDDEN);
	assert_int_equal(link_delete(&county, id1, &e), ERR_FORBIDDEN);

	/* update and delete */
	assert_int_equal(link_get(&city, id1, a, &got, &e), 0);
	got.phone = "13800000000";
	assert_int_equal(link_update(&city, id1, &got, &e), 0);
	assert_int_equal(link_get(&county, id1, a, &got, &e), 0);
	assert_string_equal(got.phone, "13800000000");
	assert_int_equal(fixture_audit_rows(f, "target_links", "1", "update"), 1);
	assert_int_equal(link_delete(&city, id1, &e), 0);
	assert_int_equal(link_get(&city, id1, a, &got, &e), ERR_NOT_FOUND);
	assert_int_equal(link_delete(&city, id1, &e), ERR_NOT_FOUND);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_links, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
