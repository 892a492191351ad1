/*
 * Tests of ledger/screening: the streamed profiles of batch screening (the
 * whole scope, or a page of given ids) give exactly the assessment of the
 * one-enterprise path (ledger/assessment) for every firm of a demo ledger, in
 * id order, and the caller's scope and the area filter limit which firms are
 * screened.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/date.h"
#include "ledger/assess/assessment.h"
#include "demo/demo.h"
#include "ledger/ledger.h"
#include "ledger/records/qualitative.h"
#include "ledger/assess/screening.h"
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
	struct ledger l;
	struct scope sys = ledger_system_scope();
	ledger_init(&l, db, &sys, "demo");
	if (demo_fill(&l, &o, &s, &e))
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
	struct screening_opts o = {.apply_on = apply_day(), .area = NULL};
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
	struct screening_opts o = {.apply_on = apply_day(), .area = area};
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
	struct screening_opts all = {.apply_on = apply_day(), .area = NULL};
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

/* ---- screening_ids: a page of ids --------------------------------------------------- */

struct page_check {
	struct check c;
	const int64_t *page; /* the ids asked for */
	size_t n_page;
	size_t seen; /* ids handed over in this call */
};

static int compare_page(void *ctx, int64_t id, const char *area, const struct profile *p,
			struct err *e)
{
	struct page_check *pc = ctx;
	int asked = 0;
	for (size_t i = 0; i < pc->n_page; i++)
		asked |= pc->page[i] == id;
	if (!asked)
		fail_msg("id %lld handed over but not asked for", (long long)id);
	pc->seen++;
	return compare(&pc->c, id, area, p, e);
}

static size_t all_ids(int64_t **out)
{
	struct store_stmt *st = NULL;
	struct err e;
	err_clear(&e);
	size_t n = 0;
	int64_t *ids = calloc(N_FIRMS, sizeof *ids);
	assert_non_null(ids);
	assert_int_equal(store_prepare(db, "SELECT id FROM enterprises ORDER BY id", &st, &e), 0);
	while (store_step(st, &e) == STORE_ROW && n < N_FIRMS)
		ids[n++] = store_column_int(st, 0);
	store_finish(st);
	*out = ids;
	return n;
}

/*
 * Every firm of the demo ledger, loaded page by page (pages of 1, 50, 64, 65
 * and 150 ids, each given in descending order with its first id twice), gets
 * from screening_ids exactly the verdict, score range, conditions, TSME,
 * gaps and certificate status of assessment_run; each id of a page is handed
 * over once, in ascending order; all four verdicts occur.
 */
static void test_page_loader_matches_single_assessment(void **state)
{
	(void)state;
	static const size_t sizes[] = {1, 50, SCREENING_CHUNK, SCREENING_CHUNK + 1, 150};
	struct ledger l;
	struct scope sys = ledger_system_scope();
	ledger_init(&l, db, &sys, "test");
	int64_t *ids = NULL;
	size_t n = all_ids(&ids);
	assert_int_equal(n, N_FIRMS);
	struct page_check *pc = calloc(1, sizeof *pc);
	int64_t *page = calloc(151, sizeof *page);
	assert_non_null(pc);
	assert_non_null(page);
	pc->c.l = &l;
	profile_init(&pc->c.single);
	struct err e;
	err_clear(&e);
	size_t at = 0;
	for (size_t k = 0; at < n; k++) {
		size_t want = sizes[k % (sizeof sizes / sizeof sizes[0])];
		size_t m = n - at < want ? n - at : want;
		for (size_t i = 0; i < m; i++)
			page[i] = ids[at + m - 1 - i]; /* descending */
		page[m] = page[0];		       /* a duplicate */
		pc->page = page;
		pc->n_page = m + 1;
		pc->seen = 0;
		pc->c.last_id = 0;
		size_t count = 0;
		assert_int_equal(
			screening_ids(&l, apply_day(), page, m + 1, compare_page, pc, &count, &e),
			0);
		assert_int_equal(count, m);
		assert_int_equal(pc->seen, m);
		at += m;
	}
	assert_int_equal(pc->c.n, N_FIRMS);
	for (int v = 0; v < 4; v++)
		if (pc->c.verdicts[v] == 0)
			fail_msg("no firm with verdict %s",
				 hnte_verdict_name((enum hnte_verdict)v));
	/* an empty set: nothing handed over, no error */
	size_t count = 99;
	assert_int_equal(screening_ids(&l, apply_day(), ids, 0, compare_page, pc, &count, &e), 0);
	assert_int_equal(count, 0);
	profile_cleanup(&pc->c.single);
	free(page);
	free(pc);
	free(ids);
}

static int collect(void *ctx, int64_t id, const char *area, const struct profile *p, struct err *e)
{
	struct tally *t = ctx;
	(void)id;
	(void)p;
	(void)e;
	if (t->area && strcmp(area, t->area))
		fail_msg("firm of area %s handed to a user of %s", area, t->area);
	t->n++;
	return 0;
}

/*
 * Scope: a county user of 530302 asking for three firms of 530302, two of
 * other areas and an id that does not exist gets exactly the three of its
 * area; an enterprise user asking for its own firm and another gets its own.
 */
static void test_page_loader_scope(void **state)
{
	(void)state;
	struct err e;
	err_clear(&e);
	const char *area = "530302";
	int64_t set[6];
	set[0] = scalar("SELECT min(id) FROM enterprises WHERE area = $1", area);
	set[1] = scalar("SELECT max(id) FROM enterprises WHERE area = $1", area);
	set[2] = scalar("SELECT min(id) FROM enterprises WHERE area = $1 AND id > "
			"(SELECT min(id) FROM enterprises WHERE area = $1)",
			area);
	set[3] = scalar("SELECT min(id) FROM enterprises WHERE area <> $1", area);
	set[4] = scalar("SELECT max(id) FROM enterprises WHERE area <> $1", area);
	set[5] = 1000000; /* no such firm */
	for (int i = 0; i < 5; i++)
		assert_true(set[i] > 0);
	assert_true(set[0] != set[1] && set[1] != set[2] && set[0] != set[2]);
	struct scope county = {0};
	county.user_id = scalar("SELECT id FROM users WHERE name = $1", "county-530302");
	assert_true(county.user_id > 0);
	county.role = ROLE_COUNTY;
	memcpy(county.user_name, "county-530302", sizeof "county-530302");
	struct ledger l;
	ledger_init(&l, db, &county, "test");
	struct tally t = {0, area};
	size_t count = 0;
	assert_int_equal(screening_ids(&l, apply_day(), set, 6, collect, &t, &count, &e), 0);
	assert_int_equal(t.n, 3);
	assert_int_equal(count, 3);
	/* the enterprise user: only its own */
	struct scope own = {0};
	own.role = ROLE_ENTERPRISE;
	own.enterprise_id = set[3];
	own.user_id = 1;
	ledger_init(&l, db, &own, "test");
	struct tally t2 = {0, NULL};
	assert_int_equal(screening_ids(&l, apply_day(), set, 6, collect, &t2, &count, &e), 0);
	assert_int_equal(t2.n, 1);
	assert_int_equal(count, 1);
}

struct one {
	struct assess_result r;
	struct profile p;
	size_t n;
};

static int keep(void *ctx, int64_t id, const char *area, const struct profile *p, struct err *e)
{
	struct one *o = ctx;
	(void)id;
	(void)area;
	o->n++;
	o->p.qualitative = p->qualitative;
	return assess_run(NULL, &fields, p, &o->r, e);
}

/*
 * A firm with no ratings rated all A for the application year 2026 itself:
 * the one-enterprise path reads that rating (the latest of a year ≤ the
 * application year), and so do both bulk paths — the same letters, the same
 * score range, whose lower bound rises above the unrated one.
 */
static void test_rating_of_the_application_year(void **state)
{
	(void)state;
	struct err e;
	err_clear(&e);
	int64_t id = scalar("SELECT min(id) FROM enterprises WHERE id NOT IN "
			    "(SELECT enterprise_id FROM qualitative)",
			    NULL);
	assert_true(id > 0);
	struct ledger l;
	struct scope sys = ledger_system_scope();
	ledger_init(&l, db, &sys, "test");
	struct one *before = calloc(1, sizeof *before), *after = calloc(1, sizeof *after);
	struct assess_result *single = calloc(1, sizeof *single);
	assert_non_null(before);
	assert_non_null(after);
	assert_non_null(single);
	assert_int_equal(screening_ids(&l, apply_day(), &id, 1, keep, before, NULL, &e), 0);
	assert_int_equal(before->n, 1);
	assert_int_equal(before->p.qualitative.advancement.kind, PROFILE_RATING_NONE);

	struct qualitative q;
	qualitative_init(&q, 2026);
	q.advancement.band = 'A';
	q.core_support.band = 'A';
	q.rd_org_band = 'A';
	char uscc[32];
	struct store_stmt *st = NULL;
	assert_int_equal(store_prepare(db, "SELECT uscc FROM enterprises WHERE id = $1", &st, &e),
			 0);
	store_bind_int(st, 1, id);
	assert_int_equal(store_step(st, &e), STORE_ROW);
	snprintf(uscc, sizeof uscc, "%s", store_column_text(st, 0, NULL));
	store_finish(st);
	assert_int_equal(qualitative_upsert(&l, uscc, &q, NULL, &e), 0);

	struct profile p;
	profile_init(&p);
	assert_int_equal(assessment_run(&l, uscc, apply_day(), &p, single, &e), 0);
	assert_int_equal(p.qualitative.advancement.kind, PROFILE_RATING_LETTER);
	assert_int_equal(screening_ids(&l, apply_day(), &id, 1, keep, after, NULL, &e), 0);
	assert_int_equal(after->p.qualitative.advancement.kind, PROFILE_RATING_LETTER);
	assert_int_equal(after->p.qualitative.advancement.value, 'A');
	assert_int_equal(after->p.qualitative.rd_org_kind, PROFILE_RATING_LETTER);
	assert_int_equal(after->r.hnte.verdict, single->hnte.verdict);
	assert_int_equal(after->r.hnte.score.min, single->hnte.score.min);
	assert_int_equal(after->r.hnte.score.max, single->hnte.score.max);
	assert_true(after->r.hnte.score.min > before->r.hnte.score.min);
	/* the whole-scope run reads the same rating */
	struct check *c = calloc(1, sizeof *c);
	assert_non_null(c);
	c->l = &l;
	profile_init(&c->single);
	struct screening_opts o = {.apply_on = apply_day(), .area = NULL};
	assert_int_equal(screening_run(&l, &o, compare, c, NULL, &e), 0);
	assert_int_equal(c->n, N_FIRMS);
	profile_cleanup(&c->single);
	profile_cleanup(&p);
	free(c);
	free(single);
	free(before);
	free(after);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_screening_matches_single_assessment),
		cmocka_unit_test(test_scope_and_area),
		cmocka_unit_test(test_page_loader_matches_single_assessment),
		cmocka_unit_test(test_page_loader_scope),
		cmocka_unit_test(test_rating_of_the_application_year),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
