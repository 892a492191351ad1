/*
 * The acceptance of the one-enterprise-one-plan over the demo city: for
 * every firm of a 300-firm demo ledger (the classes the demo draws: no IP,
 * low R&D ratio, low S&T staff, low high-tech income, young firms,
 * incidents, low scores, missing data), the plan generated on 2026-06-30
 * leaves no failing condition and a score maximum above 70 in the assessment
 * of its projection, unless it names the gap; no task is due before the
 * plan's date; and when the plan applies after this year, asking for the
 * year before names a gap for its timing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/date.h"
#include "demo/demo.h"
#include "ledger/assess/screening.h"
#include "ledger/ledger.h"
#include "rules/plan.h"
#include "store/store.h"

struct tally {
	struct fields_table fields;
	struct profile proj;
	struct plan plan;
	struct assess_result res;
	size_t firms, failing, with_tasks, later, named;
};

static void check_plan(const char *uscc, const struct plan *pl, const struct assess_result *r)
{
	for (int id = 0; id < HNTE_NCOND; id++)
		if (r->hnte.c[id].status == HNTE_FAIL &&
		    !plan_names(pl, plan_cond_gap((enum hnte_cond_id)id)))
			fail_msg("%s: %s fails in the projection and is not named", uscc,
				 hnte_cond_name((enum hnte_cond_id)id));
	if (r->hnte.score.max <= 70 && !plan_names(pl, GAPS_SCORE))
		fail_msg("%s: score max %d", uscc, r->hnte.score.max);
	for (size_t i = 0; i < pl->n_tasks; i++)
		if (pl->tasks[i].due < pl->made_on)
			fail_msg("%s: task %zu due before the plan's date", uscc, i);
}

static int plan_one(void *ctx, int64_t id, const char *area, const struct profile *p, struct err *e)
{
	struct tally *t = ctx;
	(void)id;
	(void)area;
	if (plan_generate(NULL, &t->fields, p, 0, &t->plan, &t->proj, &t->res, e))
		fail_msg("%s: %s", p->uscc, e->msg);
	t->firms++;
	check_plan(p->uscc, &t->plan, &t->res);
	struct assess_result now;
	if (assess_run(NULL, &t->fields, p, &now, e))
		fail_msg("%s: %s", p->uscc, e->msg);
	t->failing += now.hnte.verdict == HNTE_VERDICT_FAIL;
	t->with_tasks += t->plan.n_tasks > 0;
	t->named += t->plan.n_unclosable > 0;
	int year = t->plan.apply_year;
	if (t->plan.earliest_year && year > date_year(p->apply_on)) {
		t->later++;
		if (plan_generate(NULL, &t->fields, p, year - 1, &t->plan, &t->proj, &t->res, e))
			fail_msg("%s: %s", p->uscc, e->msg);
		check_plan(p->uscc, &t->plan, &t->res);
		int timing = 0;
		for (size_t i = 0; i < t->plan.n_unclosable; i++)
			timing |= plan_why_timing(t->plan.unclosable[i].why);
		if (!timing)
			fail_msg("%s: %d closes the gaps too, not only %d", p->uscc, year - 1,
				 year);
	}
	return 0;
}

static void test_every_demo_plan_closes_its_gaps(void **state)
{
	(void)state;
	const int32_t today = date_from_ymd(2026, 6, 30);
	struct store *db = NULL;
	struct err e;
	err_clear(&e);
	if (store_open(":memory:", 0, &db, &e) || store_migrate(db, NULL, &e))
		fail_msg("cannot open a scratch database: %s", e.msg);
	struct ledger l;
	struct scope sys = ledger_system_scope();
	ledger_init(&l, db, &sys, "demo");
	struct demo_options o;
	demo_options_init(&o);
	o.enterprises = 300;
	o.seed = 42;
	o.today = today;
	o.with_users = 0;
	struct demo_summary s;
	if (demo_fill(&l, &o, &s, &e))
		fail_msg("demo_fill: %s", e.msg);
	static struct tally t;
	memset(&t, 0, sizeof t);
	profile_init(&t.proj);
	assert_int_equal(fields_load(&t.fields, &e), 0);
	struct screening_opts so = {.apply_on = today, .area = NULL};
	size_t n = 0;
	if (screening_run(&l, &so, plan_one, &t, &n, &e))
		fail_msg("screening_run: %s", e.msg);
	assert_int_equal(t.firms, 300);
	/* the demo city is worth planning: many fail today, most plans have work */
	assert_true(t.failing >= 100);
	assert_true(t.with_tasks >= 100);
	assert_true(t.later >= 50);
	print_message("demo plans: %zu firms, %zu failing today, %zu with tasks, %zu after 2026, "
		      "%zu naming a gap\n",
		      t.firms, t.failing, t.with_tasks, t.later, t.named);
	profile_cleanup(&t.proj);
	store_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_demo_plan_closes_its_gaps),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
