/*
 * Tests of ledger/screening: the streamed profiles of batch screening give
 * exactly the assessment of the one-enterprise path (ledger/assessment) for
 * every firm of a demo ledger, in id order, and the caller's scope and the
 * area filter limit which firms are screened.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/date.h"
#include "ledger/assessment.h"
#include "ledger/demo.h"
#include "ledger/ledger.h"
#include "ledger/screening.h"
#include "store/store.h"

#define N_FIRMS 250

static struct store *db;
static struct fields_table fields;

static int32_t apply_day(void)
{
	return date_from_ymd(2026, 6, 30);
}

static int setup(void **state)
{
	(void)state;
	struct err e;
	err_clear(&e);
	if (store_open(":memory:", 0, &db, &e) || store_migrate(db, NULL, &e))
		return -1;
	struct demo_options o;
	demo_options_init(&o);
	o.enterprises = N_FIRMS;
	o.seed = 7;
	o.today = apply_day();
	o.with_users = 1;
	o.password = "demo-pass-2026";
	struct demo_summary s;
	if (demo_fill(db, &o, &s, &e))
		return -1;
	return fields_load(&fields, &e);
}

static int teardown(void **state)
{
	(void)state;
	store_close(db);
	return 0;
}

static int64_t scalar(const char *sql, const char *text)
{
	struct store_stmt *st = NULL;
	struct err e;
	err_clear(&e);
	if (store_prepare(db, sql, &st, &e))
		fail_msg("%s: %s", sql, e.msg);
	if (text)
		store_bind_text(st, 1, text, STORE_NTS);
	int64_t v = store_step(st, &e) == STORE_ROW ? store_column_int(st, 0) : -1;
	store_finish(st);
	return v;
}

struct check {
	struct ledger *l;
	struct profile single;
	struct assess_result a, b;
	int64_t last_id;
	size_t n, verdicts[4];
};

/* Every number the engine derives must agree between the two paths. */
static void same_result(const char *uscc, const struct assess_result *a,
			const struct assess_result *b)
{
	if (a->hnte.verdict != b->hnte.verdict || a->tsme.verdict != b->tsme.verdict)
		fail_msg("%s: verdicts differ", uscc);
	for (int i = 0; i < HNTE_NCOND; i++) {
		const struct hnte_cond *x = &a->hnte.c[i], *y = &b->hnte.c[i];
		if (x->status != y->status || x->num != y->num || x->den != y->den ||
		    x->n_missing != y->n_missing)
			fail_msg("%s: condition C%d differs", uscc, i + 1);
	}
	if (a->hnte.score.min != b->hnte.score.min || a->hnte.score.max != b->hnte.score.max)
		fail_msg("%s: score differs", uscc);
	if (a->tsme.score != b->tsme.score || a->tsme.routes != b->tsme.routes)
		fail_msg("%s: TSME differs", uscc);
	if (a->gaps.n != b->gaps.n || a->gaps.earliest_year != b->gaps.earliest_year)
		fail_msg("%s: gaps differ", uscc);
	for (size_t i = 0; i < a->gaps.n; i++)
		if (a->gaps.items[i].amount != b->gaps.items[i].amount)
			fail_msg("%s: gap %zu amount differs", uscc, i);
	if (a->cert.status != b->cert.status)
		fail_msg("%s: certificate differs", uscc);
}

static int compare(void *ctx, int64_t id, const char *area, const struct profile *p, struct err *e)
{
	struct check *c = ctx;
	(void)area;
	if (id <= c->last_id)
		fail_msg("ids must increase: %lld after %lld", (long long)id,
			 (long long)c->last_id);
	c->last_id = id;
	if (assess_run(NULL, &fields, p, &c->a, e))
		fail_msg("screened profile of %s: %s", p->uscc, e->msg);
	if (assessment_run(c->l, p->uscc, p->apply_on, &c->single, &c->b, e))
		fail_msg("single profile of %s: %s", p->uscc, e->msg);
	same_result(p->uscc, &c->a, &c->b);
	c->verdicts[c->a.hnte.verdict]++;
	c->n++;
	return 0;
}

static void test_screening_matches_single_assessment(void **state)
{
	(void)state;
	struct ledger l;
	struct scope sys = ledger_system_scope();
	ledger_init(&l, db, &sys, "test");
	struct check *c = calloc(1, sizeof *c);
	assert_non_null(c);
	c->l = &l;
	profile_init(&c->single);
	struct screening_opts o = {apply_day(), NULL};
	struct err e;
	err_clear(&e);
	size_t n = 0;
	assert_int_equal(screening_run(&l, &o, compare, c, &n, &e), 0);
	assert_int_equal(n, N_FIRMS); /* every firm, once */
	assert_int_equal(c->n, N_FIRMS);
	/* the demo draws every verdict: the comparison covered each */
	for (int v = 0; v < 4; v++)
		if (c->verdicts[v] == 0)
			fail_msg("no firm with verdict %s",
				 hnte_verdict_name((enum hnte_verdict)v));
	profile_cleanup(&c->single);
	free(c);
}

struct tally {
	size_t n;
	const char *area; /* every firm must be in it, when set */
};

static int count_firm(void *ctx, int64_t id, const char *area, const struct profile *p,
		      struct err *e)
{
	struct tally *t = ctx;
	(void)id;
	(void)p;
	(void)e;
	if (t->area && strcmp(area, t->area))
		fail_msg("firm of area %s screened for %s", area, t->area);
	t->n++;
	return 0;
}

static int stop_after_three(void *ctx, int64_t id, const char *area, const struct profile *p,
			    struct err *e)
{
	struct tally *t = ctx;
	(void)id;
	(void)area;
	(void)p;
	(void)e;
	return ++t->n == 3 ? 42 : 0;
}

static void test_scope_and_area(void **state)
{
	(void)state;
	const char *area = "530302";
	int64_t in_area = scalar("SELECT count(*) FROM enterprises WHERE area = $1", area);
	assert_true(in_area > 0 && in_area < N_FIRMS);
	struct err e;
	err_clear(&e);
	/* the area filter */
	struct ledger l;
	struct scope sys = ledger_system_scope();
	ledger_init(&l, db, &sys, "test");
	struct tally t = {0, area};
	struct screening_opts o = {apply_day(), area};
	assert_int_equal(screening_run(&l, &o, count_firm, &t, NULL, &e), 0);
	assert_int_equal(t.n, (size_t)in_area);
	/* a county user sees only its own area, without any filter */
	struct scope county = {0};
	county.user_id = scalar("SELECT id FROM users WHERE name = $1", "county-530302");
	assert_true(county.user_id > 0);
	county.role = ROLE_COUNTY;
	memcpy(county.user_name, "county-530302", sizeof "county-530302");
	ledger_init(&l, db, &county, "test");
	struct tally t2 = {0, area};
	struct screening_opts all = {apply_day(), NULL};
	assert_int_equal(screening_run(&l, &all, count_firm, &t2, NULL, &e), 0);
	assert_int_equal(t2.n, (size_t)in_area);
	/* a callback's non-zero return stops the run and is returned */
	ledger_init(&l, db, &sys, "test");
	struct tally t3 = {0, NULL};
	size_t n = 0;
	assert_int_equal(screening_run(&l, &all, stop_after_three, &t3, &n, &e), 42);
	assert_int_equal(t3.n, 3);
	assert_int_equal(n, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_screening_matches_single_assessment),
		cmocka_unit_test(test_scope_and_area),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
