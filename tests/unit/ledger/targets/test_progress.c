/*
 * Tests of ledger/targets/progress on a small ledger as of 30 June 2026:
 * achieved counts per metric (an outcome after the day is not counted, a
 * revoked TSME registration neither), the projection (key firms with a pass
 * verdict + half the borderline ones, rounded down), the city's row (sum of
 * the areas, its target the areas' sum when unset), statuses, scores and
 * ranks with a tie, and the county's view (its own row with its rank among
 * all, and the city's).
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
#include "ledger/targets/progress.h"
#include "ledger/targets/scorecard.h"

static void sql(struct fixture *f, const char *s)
{
	struct err e;
	err_clear(&e);
	if (store_exec(f->db, s, &e))
		fail_msg("%s: %s", s, e.msg);
}

static void recognise(struct fixture *f, int64_t id, const char *on)
{
	char s[512];
	snprintf(s, sizeof s,
		 "INSERT INTO applications (batch_id, enterprise_id, stage, stage_on, created_at, "
		 "updated_at) VALUES (1, %lld, 'recognised', '%s', 'x', 'x')",
		 (long long)id, on);
	sql(f, s);
}

static void key_firm(struct fixture *f, int64_t id, const char *verdict)
{
	char s[512];
	snprintf(s, sizeof s, "UPDATE enterprises SET tier = 'key' WHERE id = %lld", (long long)id);
	sql(f, s);
	snprintf(s, sizeof s,
		 "INSERT OR REPLACE INTO assessments (enterprise_id, apply_on, rules, verdict, "
		 "score_min, score_max, conditions, tsme_verdict, tier, area, computed_at) "
		 "SELECT id, '2026-06-30', 'r', '%s', 70, 80, 'pppppppp', 'pass', tier, area, 'x' "
		 "FROM enterprises WHERE id = %lld",
		 verdict, (long long)id);
	sql(f, s);
}

static int64_t firm(struct fixture *f, const char *area, int serial)
{
	char u[19], name[64];
	fixture_uscc(area, serial, u);
	snprintf(name, sizeof name, "曲靖测试%d科技有限公司", serial);
	return fixture_enterprise(f, u, name, area);
}

static void test_progress(void **state)
{
	struct fixture *f = *state;
	struct ledger city = fixture_as(f, f->u_city), county = fixture_as(f, f->u_county1);
	struct arena *a = arena_new();
	struct progress p;
	struct err e;
	err_clear(&e);
	int64_t d = firm(f, "530302", 41), g = firm(f, "530302", 42), h = firm(f, "530302", 43);
	int64_t x = firm(f, "530322", 44);
	sql(f, "INSERT INTO batches (id, year, name, created_at, updated_at) VALUES "
	       "(1, 2026, '2026年第一批', 'x', 'x')");
	recognise(f, f->id_a, "2026-05-01");
	recognise(f, f->id_b, "2026-08-01"); /* after the day */
	recognise(f, f->id_c, "2026-03-01");
	recognise(f, x, "2026-02-01");
	sql(f, "UPDATE enterprises SET tier = 'hnte' WHERE id IN (1, 3)");
	key_firm(f, d, "pass");
	key_firm(f, g, "borderline");
	key_firm(f, h, "borderline");
	char s[512];
	snprintf(s, sizeof s,
		 "INSERT INTO tsme_registrations (enterprise_id, year, reg_no, status, "
		 "registered_on, created_at, updated_at) VALUES (%lld, 2026, 'R1', 'registered', "
		 "'2026-04-01', 'x', 'x'), (%lld, 2026, 'R2', 'revoked', '2026-04-01', 'x', 'x'), "
		 "(%lld, 2026, 'R3', 'registered', NULL, 'x', 'x')",
		 (long long)f->id_a, (long long)f->id_b, (long long)f->id_c);
	sql(f, s);
	const struct target t[] = {
		{"530302", "hnte_new", 4}, {"530303", "hnte_new", 2}, {"530304", "hnte_new", 1},
		{"530322", "hnte_new", 2}, {"530302", "key_pool", 3},
	};
	assert_int_equal(target_set(&city, 2026, t, 5, &e), 0);

	assert_int_equal(progress_compute(&city, 2026, date_from_ymd(2026, 6, 30), a, &p, &e), 0);
	assert_int_equal(p.elapsed_bp, 4958);
	assert_int_equal(p.n, 10); /* every Qujing area */
	int nn = progress_metric_index(&p, "hnte_new"),
	    ts = progress_metric_index(&p, "tsme_registered");
	int kp = progress_metric_index(&p, "key_pool"),
	    hs = progress_metric_index(&p, "hnte_stock");
	assert_true(nn >= 0 && ts >= 0 && kp >= 0 && hs >= 0);
	struct progress_row *q = NULL, *z = NULL, *m = NULL, *l = NULL;
	for (size_t i = 0; i < p.n; i++) {
		if (!strcmp(p.rows[i].area, "530302"))
			q = &p.rows[i];
		if (!strcmp(p.rows[i].area, "530303"))
			z = &p.rows[i];
		if (!strcmp(p.rows[i].area, "530304"))
			m = &p.rows[i];
		if (!strcmp(p.rows[i].area, "530322"))
			l = &p.rows[i];
	}
	assert_non_null(q);
	assert_non_null(z);
	assert_non_null(m);
	assert_non_null(l);
	/* 麒麟区: A recognised (B after the day); projected 1 + 1 pass + 2 borderline ÷ 2 */
	assert_int_equal(q->cells[nn].achieved, 1);
	assert_int_equal(q->cells[nn].projected, 3);
	assert_int_equal(q->cells[nn].completion_bp, 2500);
	assert_int_equal(q->cells[nn].projected_bp, 7500);
	assert_int_equal(q->cells[nn].status, STATUS_BEHIND);
	assert_int_equal(q->cells[ts].achieved, 1); /* B's is revoked */
	assert_true(q->cells[ts].completion_bp == LEDGER_NONE);
	assert_int_equal(q->cells[kp].achieved, 3);
	assert_int_equal(q->cells[kp].completion_bp, 10000);
	assert_int_equal(q->cells[kp].status, STATUS_ON_TRACK); /* a stock: against 100 % */
	assert_int_equal(q->cells[hs].achieved, 1);
	/* score: (40 × 2500 + 10 × 10000) ÷ 50 = 4000 */
	assert_int_equal(q->score_bp, 4000);
	assert_int_equal(z->cells[nn].achieved, 1);
	assert_int_equal(z->cells[ts].achieved, 1); /* a registration without a day counts */
	assert_int_equal(z->score_bp, 5000);
	assert_int_equal(z->status, STATUS_ON_TRACK);
	assert_int_equal(l->score_bp, 5000);
	assert_int_equal(m->score_bp, 0);
	/* ranks: 5000, 5000 share 1; 4000 is 3; 0 is 4; areas without targets unranked */
	assert_int_equal(z->rank, 1);
	assert_int_equal(l->rank, 1);
	assert_int_equal(q->rank, 3);
	assert_int_equal(m->rank, 4);
	assert_int_equal(p.n_ranked, 4);
	/* by rank: 530303 and 530322 (tied, by code), 530302, 530304, then the unranked */
	progress_sort_by_rank(&p);
	assert_string_equal(p.rows[0].area, "530303");
	assert_string_equal(p.rows[1].area, "530322");
	assert_string_equal(p.rows[2].area, "530302");
	assert_string_equal(p.rows[3].area, "530304");
	assert_int_equal(p.rows[4].rank, 0);
	/* the city: sums, its target the areas' sum (unset) */
	assert_int_equal(p.city.cells[nn].achieved, 3);
	assert_int_equal(p.city.cells[nn].target, 9);
	assert_true(p.city.cells[nn].target_summed);
	assert_int_equal(p.city.cells[ts].achieved, 2);
	assert_int_equal(p.city.rank, 0);

	/* a city total, once set, is the city's target */
	const struct target total[] = {{NULL, "hnte_new", 12}};
	assert_int_equal(target_set(&city, 2026, total, 1, &e), 0);
	/* the county: its own row, with its rank among all, and the city */
	assert_int_equal(progress_compute(&county, 2026, date_from_ymd(2026, 6, 30), a, &p, &e), 0);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.rows[0].area, "530302");
	assert_int_equal(p.rows[0].rank, 3);
	assert_int_equal(p.n_ranked, 4);
	assert_int_equal(p.city.cells[nn].target, 12);
	assert_false(p.city.cells[nn].target_summed);
	/* a day later than B's outcome counts it */
	assert_int_equal(progress_compute(&county, 2026, date_from_ymd(2026, 12, 31), a, &p, &e),
			 0);
	assert_int_equal(p.rows[0].cells[nn].achieved, 2);
	assert_int_equal(p.elapsed_bp, 10000);

	struct ledger expert = fixture_as(f, f->u_expert);
	assert_int_equal(progress_compute(&expert, 2026, LEDGER_NO_DATE, a, &p, &e), ERR_FORBIDDEN);
	assert_int_equal(progress_compute(&city, 1800, LEDGER_NO_DATE, a, &p, &e), ERR_INVALID);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_progress, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
