/* Tests of ledger/ledger: bulk loading (ledger_bulk_begin / ledger_bulk_end). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ledger/internal.h" /* the unit under test */
#include "support/ledger_fixture.h"

#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)

static const char *const enterprise_indexes =
	"SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'enterprises' "
	"AND sql IS NOT NULL";

/* The fixture holds 3 enterprises: 2 coming rows (stored ≤ 2 × coming) set the 9 aside. */
static void test_bulk_small_table(void **state)
{
	struct fixture *f = *state;
	struct err e;
	err_clear(&e);
	assert_int_equal(fixture_count(f, enterprise_indexes), 9);
	assert_int_equal(ledger_bulk_begin(&f->sys, 2, &e), ERR_INTERNAL); /* no group open */
	assert_int_equal(ledger_begin(&f->sys, &e), 0);
	assert_int_equal(ledger_bulk_begin(&f->sys, 2, &e), 0);
	assert_int_equal(fixture_count(f, enterprise_indexes), 0);
	/* the unique USCC still guards the table meanwhile */
	struct enterprise dup;
	enterprise_init(&dup);
	memcpy(dup.uscc, f->a, sizeof dup.uscc);
	dup.name = "重复企业";
	dup.area = "530302";
	int64_t id = 0;
	assert_int_equal(enterprise_create(&f->sys, &dup, &id, &e), ERR_CONFLICT);
	/* the commit builds them again */
	assert_int_equal(ledger_commit(&f->sys, &e), 0);
	assert_int_equal(fixture_count(f, enterprise_indexes), 9);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM enterprises INDEXED BY "
					  "enterprises_area_name WHERE area = '530302'"),
			 2);
}

/* One coming row against 3 stored: the indexes stay. */
static void test_bulk_large_table(void **state)
{
	struct fixture *f = *state;
	struct err e;
	err_clear(&e);
	assert_int_equal(ledger_begin(&f->sys, &e), 0);
	assert_int_equal(ledger_bulk_begin(&f->sys, 1, &e), 0);
	assert_int_equal(fixture_count(f, enterprise_indexes), 9);
	assert_int_equal(ledger_bulk_end(&f->sys, &e), 0);
	assert_int_equal(ledger_commit(&f->sys, &e), 0);
	assert_int_equal(fixture_count(f, enterprise_indexes), 9);
}

/* A rollback brings the indexes back and forgets them. */
static void test_bulk_rollback(void **state)
{
	struct fixture *f = *state;
	struct err e;
	err_clear(&e);
	assert_int_equal(ledger_begin(&f->sys, &e), 0);
	assert_int_equal(ledger_bulk_begin(&f->sys, 100000, &e), 0);
	assert_int_equal(fixture_count(f, enterprise_indexes), 0);
	assert_int_equal(ledger_rollback(&f->sys, &e), 0);
	assert_null(f->sys.deferred);
	assert_int_equal(fixture_count(f, enterprise_indexes), 9);
	/* a later commit has nothing to build */
	assert_int_equal(ledger_begin(&f->sys, &e), 0);
	assert_int_equal(ledger_commit(&f->sys, &e), 0);
	assert_int_equal(fixture_count(f, enterprise_indexes), 9);
}

/* Not inside a single write: its undo would bring the indexes back unseen. */
static void test_bulk_inside_write(void **state)
{
	struct fixture *f = *state;
	struct err e;
	err_clear(&e);
	assert_int_equal(ledger_write_begin(&f->sys, &e), 0); /* its own transaction */
	assert_int_equal(ledger_bulk_begin(&f->sys, 100000, &e), ERR_INTERNAL);
	assert_int_equal(ledger_write_end(&f->sys, 0, &e), 0);
	assert_int_equal(ledger_begin(&f->sys, &e), 0);
	assert_int_equal(ledger_write_begin(&f->sys, &e), 0); /* a savepoint in the group */
	assert_int_equal(ledger_bulk_begin(&f->sys, 100000, &e), ERR_INTERNAL);
	assert_int_equal(ledger_write_end(&f->sys, 0, &e), 0);
	assert_int_equal(ledger_commit(&f->sys, &e), 0);
	assert_null(f->sys.deferred);
	assert_int_equal(fixture_count(f, enterprise_indexes), 9);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_bulk_small_table),
		T(test_bulk_large_table),
		T(test_bulk_rollback),
		T(test_bulk_inside_write),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
