/*
 * snapshot — weekly snapshots of the targets' progress (see snapshot.h).
 */
#include "ledger/targets/snapshot.h"
#include "ledger/internal.h"

#include <string.h>

#include "core/date.h"
#include "core/strbuf.h"
#include "ledger/base/perm.h"
#include "ledger/targets/progress.h"
#include "ledger/targets/scorecard.h"

int32_t snapshot_week(int32_t day)
{
	/* 1970-01-01 was a Thursday: Monday is 0 at day - 3 */
	int32_t dow = (int32_t)((((int64_t)day + 3) % 7 + 7) % 7);
	return day - dow;
}

/* Whether YEAR's week WEEK has a snapshot (*HAS 1). */
static int week_has(struct ledger *l, int year, const char *week, int *has, struct err *e)
{
	struct store_stmt *st = NULL;
	*has = 0;
	int rc = store_prepare(l->db,
			       "SELECT 1 FROM progress_snapshots WHERE year = $1 AND week = $2 "
			       "LIMIT 1",
			       &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, year);
	store_bind_text(st, 2, week, STORE_NTS);
	rc = store_step(st, e);
	*has = rc == STORE_ROW;
	store_finish(st);
	return rc < 0 ? rc : 0;
}

/* Insert the cells of row R of P. */
static int insert_row(struct store_stmt *st, const struct progress *p, const struct progress_row *r,
		      size_t *taken, struct err *e)
{
	int rc = 0;
	for (size_t m = 0; !rc && m < p->n_metrics; m++) {
		const struct progress_cell *c = &r->cells[m];
		store_reset(st);
		store_bind_null(st, 4);
		if (r->area)
			store_bind_text(st, 4, r->area, STORE_NTS);
		store_bind_text(st, 5, p->metrics[m].code, STORE_NTS);
		store_bind_int_or_null(st, 6, c->target, LEDGER_NONE);
		store_bind_int(st, 7, c->achieved);
		store_bind_int(st, 8, c->projected);
		rc = store_run(st, e);
		if (!rc && taken)
			(*taken)++;
	}
	return rc;
}

int snapshot_take(struct ledger *l, int32_t day, int force, size_t *taken, struct err *e)
{
	struct arena *arena = NULL;
	struct store_stmt *st = NULL;
	struct progress p;
	char week[11], on[11], now[21];
	int has = 0;
	if (taken)
		*taken = 0;
	if (l->scope.role != ROLE_ADMIN)
		return err_set(e, ERR_FORBIDDEN, NULL, "只有系统可以记录进度快照");
	if (day == LEDGER_NO_DATE)
		day = date_today();
	int year = date_year(day);
	date_format(snapshot_week(day), week);
	date_format(day, on);
	int rc = ledger_write_begin(l, e);
	if (rc)
		return rc;
	rc = week_has(l, year, week, &has, e);
	if (rc || (has && !force))
		return ledger_write_end(l, rc, e);
	arena = arena_new();
	rc = progress_compute(l, year, day, arena, &p, e);
	if (!rc)
		rc = store_prepare(l->db,
				   "DELETE FROM progress_snapshots WHERE year = $1 AND week = $2",
				   &st, e);
	if (!rc) {
		store_bind_int(st, 1, year);
		store_bind_text(st, 2, week, STORE_NTS);
		rc = store_run(st, e);
		store_finish(st);
		st = NULL;
	}
	if (!rc)
		rc = store_prepare(
			l->db,
			"INSERT INTO progress_snapshots (year, week, taken_on, area, "
			"metric, target, achieved, projected, created_at) VALUES ($1, $2, "
			"$3, $4, $5, $6, $7, $8, $9)",
			&st, e);
	if (!rc) {
		store_bind_int(st, 1, year);
		store_bind_text(st, 2, week, STORE_NTS);
		store_bind_text(st, 3, on, STORE_NTS);
		store_bind_text(st, 9, ledger_now(now), STORE_NTS);
		rc = insert_row(st, &p, &p.city, taken, e);
		for (size_t i = 0; !rc && i < p.n; i++)
			rc = insert_row(st, &p, &p.rows[i], taken, e);
	}
	store_finish(st);
	arena_free(arena);
	return ledger_write_end(l, rc, e);
}

int snapshot_series(struct ledger *l, int year, const char *metric, struct arena *arena,
		    struct snapshot_point **items, size_t *n, struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	size_t cap = 0;
	*items = NULL;
	*n = 0;
	int rc = perm_check(&l->scope, CAP_TARGETS_READ, "无权查看目标任务", e);
	if (rc)
		return rc;
	if (year < 2000 || year > 2100)
		return err_set(e, ERR_INVALID, "year", "年份无效：%d", year);
	strbuf_init(&sql, 2048);
	strbuf_adds(&sql, "SELECT s.week, s.taken_on, s.area, s.metric, s.target, s.achieved, "
			  "s.projected FROM progress_snapshots s JOIN target_metrics m ON m.code = "
			  "s.metric WHERE s.year = $1 AND (s.area IS NULL OR ");
	ledger_scope_sql(&l->scope, &sql, "s", 2);
	strbuf_adds(&sql, ")");
	if (metric)
		strbuf_adds(&sql, " AND s.metric = $3");
	strbuf_adds(&sql, " ORDER BY s.week, s.area IS NOT NULL, s.area, m.position, m.code");
	rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	strbuf_cleanup(&sql);
	if (rc)
		return rc;
	store_bind_int(st, 1, year);
	store_bind_int(st, 2, ledger_scope_param(&l->scope));
	if (metric)
		store_bind_text(st, 3, metric, STORE_NTS);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		*items = ledger_grow(arena, *items, *n, &cap, sizeof **items, 256);
		struct snapshot_point *s = &(*items)[(*n)++];
		s->week = ledger_column_date(st, 0);
		s->taken_on = ledger_column_date(st, 1);
		s->area = ledger_column_str(st, 2, arena);
		s->metric = ledger_column_str(st, 3, arena);
		s->target = store_column_is_null(st, 4) ? LEDGER_NONE : store_column_int(st, 4);
		s->achieved = store_column_int(st, 5);
		s->projected = store_column_int(st, 6);
		s->completion_bp = scorecard_completion_bp(s->achieved, s->target);
	}
	store_finish(st);
	return rc < 0 ? rc : 0;
}
