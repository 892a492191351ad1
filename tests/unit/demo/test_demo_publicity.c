/*
 * The demo's publicity (demo/publicity.c): after `gaoqi demo` the pages 通知公告
 * and 问答 have something to show — the city's announcements (one to the key
 * firms) and the county's to the enterprise user's area, one read by that
 * user; its three questions answered by its county but one, two of them in the
 * FAQ in a wording without the firm's name; every row audited.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/date.h"
#include "demo/demo.h"
#include "ledger/ledger.h"
#include "store/store.h"

static int64_t scalar(struct store *db, const char *sql)
{
	struct store_stmt *st = NULL;
	int64_t v = -1;
	if (store_prepare(db, sql, &st, NULL) == 0 && store_step(st, NULL) == STORE_ROW)
		v = store_column_int(st, 0);
	store_finish(st);
	return v;
}

static void test_demo_publicity(void **state)
{
	(void)state;
	struct store *db = NULL;
	struct err e;
	struct ledger l;
	struct scope sys = ledger_system_scope();
	struct demo_options o;
	err_clear(&e);
	assert_int_equal(store_open(":memory:", 0, &db, &e), 0);
	assert_int_equal(store_migrate(db, NULL, &e), 0);
	ledger_init(&l, db, &sys, "demo");
	demo_options_init(&o);
	o.enterprises = 60;
	o.seed = 7;
	o.today = date_from_ymd(2026, 6, 30);
	o.with_users = 1;
	o.password = "demo-pass-2026";
	if (demo_fill(&l, &o, NULL, &e))
		fail_msg("demo_fill: %s (%s)", e.msg, e.field);
	assert_int_equal(scalar(db, "SELECT count(*) FROM announcements WHERE area IS NULL AND "
				    "created_by = 'city'"),
			 3);
	assert_int_equal(scalar(db, "SELECT count(*) FROM announcements WHERE tier = 'key'"), 1);
	/* the county's announcement goes to the enterprise user's area */
	assert_int_equal(scalar(db, "SELECT count(*) FROM announcements a JOIN users u ON "
				    "u.name = 'enterprise' JOIN enterprises t ON t.id = "
				    "u.enterprise_id WHERE a.area = t.area AND a.created_by = "
				    "'county-' || lower(t.area)"),
			 1);
	assert_int_equal(scalar(db, "SELECT count(*) FROM announcement_reads"), 1);
	assert_int_equal(scalar(db, "SELECT count(*) FROM questions"), 3);
	assert_int_equal(scalar(db, "SELECT count(*) FROM questions WHERE answer IS NULL"), 1);
	assert_int_equal(scalar(db, "SELECT count(*) FROM questions WHERE faq_published_at IS "
				    "NOT NULL"),
			 2);
	assert_int_equal(scalar(db, "SELECT count(*) FROM questions q JOIN enterprises t ON t.id = "
				    "q.enterprise_id WHERE instr(q.faq_question, t.name) > 0 OR "
				    "instr(q.faq_answer, t.name) > 0"),
			 0);
	/* each write has its audit row */
	assert_int_equal(scalar(db, "SELECT count(*) FROM audit_log WHERE table_name = "
				    "'announcements' AND action = 'create'"),
			 4);
	assert_int_equal(
		scalar(db, "SELECT count(*) FROM audit_log WHERE table_name = 'questions'"),
		3 + 2 + 2);
	store_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_demo_publicity),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
