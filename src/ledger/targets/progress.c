/*
 * progress — the year's progress of each area and the city (see progress.h).
 */
#include "ledger/targets/progress.h"
#include "ledger/internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "ledger/base/perm.h"
#include "ledger/targets/scorecard.h"

/* The counting rule of each metric code: SQL giving (area, count), $1 year, $2 as-of day. */
static const struct {
	const char *code;
	const char *sql;
} rules[] = {
	{"hnte_new",
	 "SELECT e.area, count(*) FROM applications a "
	 "JOIN batches b ON b.id = a.batch_id JOIN enterprises e ON e.id = a.enterprise_id "
	 "WHERE b.year = $1 AND a.stage = 'recognised' AND a.stage_on <= $2 "
	 "GROUP BY e.area"},
	{"hnte_stock", "SELECT area, count(*) FROM enterprises WHERE tier IN ('hnte', 'leader') "
		       "AND $1 IS NOT NULL AND $2 IS NOT NULL GROUP BY area"},
	{"tsme_registered",
	 "SELECT e.area, count(*) FROM tsme_registrations r JOIN enterprises e ON e.id = "
	 "r.enterprise_id WHERE r.year = $1 AND r.status = 'registered' AND "
	 "(r.registered_on IS NULL OR r.registered_on <= $2) GROUP BY e.area"},
	{"reserve_pool", "SELECT area, count(*) FROM enterprises WHERE tier = 'reserve' "
			 "AND $1 IS NOT NULL AND $2 IS NOT NULL GROUP BY area"},
	{"key_pool", "SELECT area, count(*) FROM enterprises WHERE tier = 'key' "
		     "AND $1 IS NOT NULL AND $2 IS NOT NULL GROUP BY area"},
};

static int by_rank(const void *a, const void *b)
{
	const struct progress_row *x = a, *y = b;
	int rx = x->rank ? x->rank : 1 << 30, ry = y->rank ? y->rank : 1 << 30;
	if (rx != ry)
		return rx < ry ? -1 : 1;
	return strcmp(x->area, y->area);
}

void progress_sort_by_rank(struct progress *p)
{
	qsort(p->rows, p->n, sizeof *p->rows, by_rank);
}

int progress_metric_index(const struct progress *p, const char *code)
{
	for (size_t i = 0; code && i < p->n_metrics; i++)
		if (!strcmp(p->metrics[i].code, code))
			return (int)i;
	return -1;
}

/* The row of area CODE among ROWS[0..N) (sorted by code), or NULL. */
static struct progress_row *find_row(struct progress_row *rows, size_t n, const char *code)
{
	size_t lo = 0, hi = n;
	while (code && lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(rows[mid].area, code);
		if (!c)
			return &rows[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static struct progress_cell *new_cells(struct arena *arena, size_t n)
{
	struct progress_cell *c = arena_alloc(arena, (n ? n : 1) * sizeof *c);
	for (size_t i = 0; i < n; i++) {
		memset(&c[i], 0, sizeof c[i]);
		c[i].target = LEDGER_NONE;
	}
	return c;
}

static int load_areas(struct ledger *l, struct arena *arena, struct progress *p,
		      struct progress_row **rows, size_t *n, struct err *e)
{
	struct store_stmt *st = NULL;
	size_t cap = 0;
	int rc = store_prepare(l->db, "SELECT code, name FROM areas ORDER BY code", &st, e);
	if (rc)
		return rc;
	while ((rc = store_step(st, e)) == STORE_ROW) {
		*rows = ledger_grow(arena, *rows, *n, &cap, sizeof **rows, 16);
		struct progress_row *r = &(*rows)[(*n)++];
		memset(r, 0, sizeof *r);
		r->area = ledger_column_str(st, 0, arena);
		r->area_name = ledger_column_str(st, 1, arena);
		r->cells = new_cells(arena, p->n_metrics);
	}
	store_finish(st);
	return rc < 0 ? rc : 0;
}

/* Run SQL ($1 year, $2 day) giving (area, metric code or NULL, value) into SET. */
static int load_counts(struct ledger *l, const char *sql, int year, const char *day,
		       struct progress *p, struct progress_row *rows, size_t n, int metric,
		       int what, struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = store_prepare(l->db, sql, &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, year);
	store_bind_text(st, 2, day, STORE_NTS);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		const char *area = store_column_text(st, 0, NULL);
		struct progress_row *r = area ? find_row(rows, n, area) : NULL;
		int64_t v = store_column_int(st, what ? 2 : 1);
		if (what == 0) { /* a count of METRIC */
			if (r)
				r->cells[metric].achieved = v;
			p->city.cells[metric].achieved += v;
		} else if (what == 1) { /* targets: (area, metric, value) */
			int m = progress_metric_index(p, store_column_text(st, 1, NULL));
			if (m < 0)
				continue;
			if (!area)
				p->city.cells[m].target = v;
			else if (r)
				r->cells[m].target = v;
		} else { /* key firms: (area, pass, borderline) */
			int64_t pass = store_column_int(st, 1);
			if (r) {
				r->pass = pass;
				r->borderline = v;
			}
			p->city.pass += pass;
			p->city.borderline += v;
		}
	}
	store_finish(st);
	return rc < 0 ? rc : 0;
}

/* Projection, completion and status of every cell of R, its score and status. */
static void finish_row(struct progress *p, struct progress_row *r, int64_t *completion,
		       int64_t *weight)
{
	int neww = progress_metric_index(p, "hnte_new");
	for (size_t m = 0; m < p->n_metrics; m++) {
		struct progress_cell *c = &r->cells[m];
		c->projected = c->achieved;
		if ((int)m == neww)
			c->projected += r->pass + r->borderline / 2;
		c->completion_bp = scorecard_completion_bp(c->achieved, c->target);
		c->projected_bp = scorecard_completion_bp(c->projected, c->target);
		c->status = scorecard_status(c->completion_bp, p->elapsed_bp, p->metrics[m].stock);
		completion[m] = c->completion_bp;
		weight[m] = p->metrics[m].weight;
	}
	r->score_bp = scorecard_score(completion, weight, p->n_metrics, p->cap_bp);
	int any = 0;
	for (size_t m = 0; m < p->n_metrics; m++)
		any |= completion[m] != LEDGER_NONE;
	r->status = any ? scorecard_status(r->score_bp < p->cap_bp ? r->score_bp : p->cap_bp,
					   p->elapsed_bp, 0)
			: STATUS_NONE;
}

int progress_compute(struct ledger *l, int year, int32_t as_of, struct arena *arena,
		     struct progress *out, struct err *e)
{
	struct progress_row *all = NULL;
	size_t n_all = 0;
	char day[11];
	memset(out, 0, sizeof *out);
	int rc = perm_check(&l->scope, CAP_TARGETS_READ, "无权查看目标进度", e);
	if (rc)
		return rc;
	if (year < 2000 || year > 2100)
		return err_set(e, ERR_INVALID, "year", "年份无效：%d", year);
	if (as_of == LEDGER_NO_DATE) {
		as_of = date_today();
		if (date_year(as_of) > year)
			as_of = date_from_ymd(year, 12, 31);
	}
	out->year = year;
	out->as_of = as_of;
	out->elapsed_bp = scorecard_elapsed_bp(year, as_of);
	date_format(as_of, day);
	rc = target_metrics(l, arena, &out->metrics, &out->n_metrics, e);
	if (!rc)
		rc = target_cap_get(l, year, &out->cap_bp, e);
	if (rc)
		return rc;
	out->city.area = NULL;
	out->city.area_name = "全市";
	out->city.cells = new_cells(arena, out->n_metrics);
	rc = load_areas(l, arena, out, &all, &n_all, e);
	if (!rc)
		rc = load_counts(l,
				 "SELECT area, metric, value FROM targets WHERE year = $1 AND $2 "
				 "IS NOT NULL",
				 year, day, out, all, n_all, 0, 1, e);
	for (size_t m = 0; !rc && m < out->n_metrics; m++)
		for (size_t k = 0; !rc && k < sizeof rules / sizeof rules[0]; k++)
			if (!strcmp(rules[k].code, out->metrics[m].code))
				rc = load_counts(l, rules[k].sql, year, day, out, all, n_all,
						 (int)m, 0, e);
	if (!rc)
		rc = load_counts(l,
				 "SELECT area, sum(verdict = 'pass'), sum(verdict = 'borderline') "
				 "FROM assessments WHERE tier = 'key' AND $1 IS NOT NULL AND $2 IS "
				 "NOT NULL GROUP BY area",
				 year, day, out, all, n_all, 0, 2, e);
	if (rc)
		return rc;
	/* the city's target: as set, else the sum of the areas' */
	for (size_t m = 0; m < out->n_metrics; m++) {
		if (out->city.cells[m].target != LEDGER_NONE)
			continue;
		for (size_t i = 0; i < n_all; i++) {
			int64_t t = all[i].cells[m].target;
			if (t == LEDGER_NONE)
				continue;
			if (out->city.cells[m].target == LEDGER_NONE) {
				out->city.cells[m].target = 0;
				out->city.cells[m].target_summed = 1;
			}
			out->city.cells[m].target += t;
		}
	}
	int64_t *completion = arena_alloc(arena, (out->n_metrics + 1) * sizeof *completion);
	int64_t *weight = arena_alloc(arena, (out->n_metrics + 1) * sizeof *weight);
	int64_t *score = arena_alloc(arena, (n_all + 1) * sizeof *score);
	int *rank = arena_alloc(arena, (n_all + 1) * sizeof *rank);
	size_t *ranked = arena_alloc(arena, (n_all + 1) * sizeof *ranked);
	size_t nr = 0;
	finish_row(out, &out->city, completion, weight);
	for (size_t i = 0; i < n_all; i++) {
		finish_row(out, &all[i], completion, weight);
		if (all[i].status != STATUS_NONE) {
			score[nr] = all[i].score_bp;
			ranked[nr++] = i;
		}
	}
	scorecard_rank(score, nr, rank);
	for (size_t k = 0; k < nr; k++)
		all[ranked[k]].rank = rank[k];
	out->n_ranked = nr;
	/* the visible rows */
	out->rows = arena_alloc(arena, (n_all + 1) * sizeof *out->rows);
	for (size_t i = 0; i < n_all; i++) {
		int v = target_area_visible(l, all[i].area, e);
		if (v < 0)
			return v;
		if (v)
			out->rows[out->n++] = all[i];
	}
	return 0;
}
