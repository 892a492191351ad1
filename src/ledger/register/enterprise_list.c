/*
 * enterprise_list — the enterprise register's reads of many rows: lists
 * with filters, sorting and paging, counts, the streaming walk for exports,
 * and the dashboard's tallies (enterprise.h). Split from enterprise.c, which
 * owns the row format (register/rows.h).
 */
#include "ledger/register/enterprise.h"
#include "ledger/internal.h"
#include "ledger/register/rows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/strbuf.h"
#include "rules/hnte.h"

/* ---- list -------------------------------------------------------------------------- */

int enterprise_sort_parse(const char *s, enum enterprise_sort *out, struct err *e)
{
	static const char *const names[] = {"name",  "uscc",   "area",	  "tier",
					    "field", "expiry", "updated", "score"};
	int i = ledger_code_find(names, NULL, (int)(sizeof names / sizeof names[0]), s);
	if (i >= 0) {
		*out = (enum enterprise_sort)i;
		return 0;
	}
	return err_set(
		e, ERR_INVALID, "sort",
		"排序字段无效：%s（应为 name、uscc、area、tier、field、expiry、updated 或 score）",
		s ? s : "");
}

void enterprise_filter_init(struct enterprise_filter *f)
{
	memset(f, 0, sizeof *f);
	f->tier = -1;
	f->limit = 50;
	f->want_total = 1;
}

struct list_params {
	char field_hi[16];
	char exp_lo[11], exp_hi[11];
	struct strbuf like;
};

static int check_filter(const struct enterprise_filter *f, int paged, struct err *e)
{
	if (f->tier < -1 || f->tier >= TIER_COUNT)
		return err_set(e, ERR_INVALID, "tier", "层级无效");
	if (f->field) {
		size_t n = strlen(f->field);
		if (n < 1 || n > 5)
			return err_set(e, ERR_INVALID, "field", "技术领域代码无效：%s", f->field);
		for (size_t i = 0; i < n; i++)
			if (f->field[i] < '0' || f->field[i] > '9')
				return err_set(e, ERR_INVALID, "field", "技术领域代码无效：%s",
					       f->field);
	}
	if (f->expiry_year && (f->expiry_year < 1900 || f->expiry_year > 9999))
		return err_set(e, ERR_INVALID, "expiry_year", "到期年度无效：%d", f->expiry_year);
	if (f->verdict && strcmp(f->verdict, "pass") && strcmp(f->verdict, "borderline") &&
	    strcmp(f->verdict, "fail") && strcmp(f->verdict, "incomplete"))
		return err_set(e, ERR_INVALID, "verdict",
			       "verdict 应为 pass、borderline、fail 或 incomplete：%s", f->verdict);
	if (f->q && strlen(f->q) > 100)
		return err_set(e, ERR_INVALID, "q", "搜索文字过长（最多100字节）");
	if (f->area && strlen(f->area) > 16)
		return err_set(e, ERR_INVALID, "area", "区域代码无效");
	if ((int)f->sort < 0 || f->sort > ENTERPRISE_SORT_SCORE)
		return err_set(e, ERR_INVALID, "sort", "排序字段无效");
	if (paged) {
		int64_t limit = f->limit ? f->limit : 50;
		if (limit < 1 || limit > ENTERPRISE_PAGE_MAX)
			return err_set(e, ERR_INVALID, "limit", "每页条数应在1到%d之间",
				       ENTERPRISE_PAGE_MAX);
		if (f->offset < 0)
			return err_set(e, ERR_INVALID, "offset", "偏移量不能为负数");
	}
	return 0;
}

/* WHERE clause of F with parameters $1 … $8 ($8 the verdict), scope $9. */
static void where_sql(struct ledger *l, const struct enterprise_filter *f, struct strbuf *sql)
{
	strbuf_adds(sql, " WHERE ");
	ledger_scope_sql(&l->scope, sql, "t", 9);
	if (f->area && f->area[0])
		strbuf_adds(sql, " AND t.area = $1");
	if (f->tier >= 0)
		strbuf_adds(sql, " AND t.tier = $2");
	if (f->field && f->field[0])
		strbuf_adds(sql, " AND t.field >= $3 AND t.field < $4");
	if (f->expiry_year)
		strbuf_adds(sql, " AND t.hnte_expires_on >= $5 AND t.hnte_expires_on <= $6");
	if (f->q && f->q[0])
		strbuf_adds(sql, " AND (t.name LIKE $7 ESCAPE '\\' OR t.uscc LIKE $7 ESCAPE '\\')");
	/* the stored assessments (ledger/assess/stored.h), through their verdict index */
	/* "+t.id": not through the primary key, so that a page walks its sort index and stops
	 * after LIMIT rows instead of sorting every firm of the verdict */
	if (f->verdict) {
		/* the subquery's set is built once per statement: narrowed to the areas
		 * (assessments_area: area, verdict) it is a county's, not the city's */
		strbuf_adds(sql, " AND +t.id IN (SELECT a.enterprise_id FROM assessments a WHERE "
				 "a.verdict = $8");
		if (f->area && f->area[0])
			strbuf_adds(sql, " AND a.area = $1");
		else if (ledger_scope_by_area(&l->scope)) {
			strbuf_adds(sql, " AND ");
			ledger_scope_sql(&l->scope, sql, "a", 9);
		}
		strbuf_addc(sql, ')');
	}
}

static void where_bind(struct ledger *l, const struct enterprise_filter *f, struct store_stmt *st,
		       struct list_params *p)
{
	store_bind_text(st, 1, f->area, STORE_NTS);
	if (f->tier >= 0)
		store_bind_text(st, 2, enterprise_tier_name((enum tier)f->tier), STORE_NTS);
	if (f->field && f->field[0]) {
		size_t n = strlen(f->field);
		/* ':' follows '9': [prefix, prefix + ":") holds exactly the codes with that prefix.
		 */
		memcpy(p->field_hi, f->field, n);
		p->field_hi[n] = ':';
		p->field_hi[n + 1] = '\0';
		store_bind_text(st, 3, f->field, STORE_NTS);
		store_bind_text(st, 4, p->field_hi, STORE_NTS);
	}
	if (f->expiry_year) {
		date_format(date_from_ymd(f->expiry_year, 1, 1), p->exp_lo);
		date_format(date_from_ymd(f->expiry_year, 12, 31), p->exp_hi);
		store_bind_text(st, 5, p->exp_lo, STORE_NTS);
		store_bind_text(st, 6, p->exp_hi, STORE_NTS);
	}
	if (f->q && f->q[0]) {
		strbuf_reset(&p->like);
		strbuf_addc(&p->like, '%');
		for (const char *c = f->q; *c; c++) {
			if (*c == '%' || *c == '_' || *c == '\\')
				strbuf_addc(&p->like, '\\');
			strbuf_addc(&p->like, *c);
		}
		strbuf_addc(&p->like, '%');
		store_bind_text(st, 7, strbuf_cstr(&p->like), STORE_NTS);
	}
	if (f->verdict)
		store_bind_text(st, 8, f->verdict, STORE_NTS);
	store_bind_int(st, 9, ledger_scope_param(&l->scope));
}

/*
 * ORDER BY for F. The tier and expiry expressions are those of the indexes
 * enterprises_tier_rank and enterprises_expiry_sort (migrations/sqlite/0001):
 * keep them identical, or the sort stops using the index.
 */
#define TIER_RANK                                                                                  \
	"(CASE t.tier WHEN 'prospect' THEN 0 WHEN 'tsme' THEN 1 WHEN 'reserve' THEN 2 WHEN 'key' " \
	"THEN 3 WHEN 'hnte' THEN 4 WHEN 'leader' THEN 5 ELSE 6 END)"

static void order_sql(const struct enterprise_filter *f, struct strbuf *sql)
{
	const char *dir = f->descending ? " DESC" : "";
	switch (f->sort) {
	case ENTERPRISE_SORT_USCC: strbuf_addf(sql, " ORDER BY t.uscc%s", dir); return;
	case ENTERPRISE_SORT_AREA:
		strbuf_addf(sql, " ORDER BY t.area%s, t.name%s, t.id%s", dir, dir, dir);
		return;
	case ENTERPRISE_SORT_TIER:
		strbuf_addf(sql, " ORDER BY " TIER_RANK "%s, t.name%s, t.id%s", dir, dir, dir);
		return;
	case ENTERPRISE_SORT_FIELD:
		strbuf_addf(sql, " ORDER BY t.field%s, t.name%s, t.id%s", dir, dir, dir);
		return;
	case ENTERPRISE_SORT_EXPIRY:
		/* absent certificates last in both directions */
		strbuf_addf(sql,
			    " ORDER BY (t.hnte_expires_on IS NULL), t.hnte_expires_on%s, t.id%s",
			    dir, dir);
		return;
	case ENTERPRISE_SORT_UPDATED:
		strbuf_addf(sql, " ORDER BY t.updated_at%s, t.id%s", dir, dir);
		return;
	case ENTERPRISE_SORT_SCORE:
		/* the stored assessment (ledger/assess/stored.h) as one key, max then min (scores
		 * are 0–100); firms without a stored row last in both directions */
		strbuf_addf(sql,
			    " ORDER BY coalesce((SELECT a.score_max * 1000 + a.score_min FROM "
			    "assessments a WHERE a.enterprise_id = t.id), %s)%s, t.name, t.id",
			    f->descending ? "-1" : "1000000", dir);
		return;
	case ENTERPRISE_SORT_NAME:
	default: strbuf_addf(sql, " ORDER BY t.name%s, t.id%s", dir, dir); return;
	}
}

int enterprise_count(struct ledger *l, const struct enterprise_filter *f, int64_t *count,
		     struct err *e)
{
	struct strbuf sql;
	struct list_params p;
	struct store_stmt *st = NULL;
	int rc = check_filter(f, 0, e);
	*count = 0;
	if (rc)
		return rc;
	strbuf_init(&sql, 8192);
	strbuf_init(&p.like, 1024);
	if (f->verdict && (ledger_scope_all(&l->scope) || ledger_scope_by_area(&l->scope)) &&
	    f->tier < 0 && !(f->field && f->field[0]) && !f->expiry_year && !(f->q && f->q[0])) {
		/* a verdict (and an area) over areas: the stored rows' index answers alone */
		strbuf_adds(&sql, "SELECT count(*) FROM assessments a WHERE a.verdict = $8 AND ");
		ledger_scope_sql(&l->scope, &sql, "a", 9);
		if (f->area && f->area[0])
			strbuf_adds(&sql, " AND a.area = $1");
	} else if (!f->verdict &&
		   (ledger_scope_all(&l->scope) || ledger_scope_by_area(&l->scope)) &&
		   !(f->field && f->field[0]) && !f->expiry_year && !(f->q && f->q[0])) {
		/* at most area and tier over areas: the counters of migration 0012 */
		strbuf_adds(&sql, "SELECT coalesce(sum(c.n), 0) FROM enterprise_counts c WHERE ");
		ledger_scope_sql(&l->scope, &sql, "c", 9);
		if (f->area && f->area[0])
			strbuf_adds(&sql, " AND c.area = $1");
		if (f->tier >= 0)
			strbuf_adds(&sql, " AND c.tier = $2");
	} else {
		strbuf_adds(&sql, "SELECT count(*) FROM enterprises t");
		where_sql(l, f, &sql);
	}
	rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	if (rc)
		goto out;
	where_bind(l, f, st, &p);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		*count = store_column_int(st, 0);
		rc = 0;
	}
out:
	store_finish(st);
	strbuf_cleanup(&sql);
	strbuf_cleanup(&p.like);
	return rc < 0 ? rc : 0;
}

/* The stored verdict columns that follow the enterprise's in a with_verdicts page. */
static void read_verdict(struct store_stmt *st, struct enterprise_verdict *v)
{
	int c = (int)ENTERPRISE_NCOLUMNS;
	const char *name = store_column_text(st, c, NULL);
	v->verdict = -1;
	for (int k = 0; name && k < 4; k++)
		if (!strcmp(name, hnte_verdict_name((enum hnte_verdict)k)))
			v->verdict = k;
	v->score_min = (int)store_column_int_or(st, c + 1, 0);
	v->score_max = (int)store_column_int_or(st, c + 2, 0);
	v->risk = store_column_int_or(st, c + 3, 0) != 0;
}

int enterprise_list(struct ledger *l, const struct enterprise_filter *f, struct arena *arena,
		    struct enterprise_page *out, struct err *e)
{
	struct strbuf sql;
	struct list_params p;
	struct store_stmt *st = NULL;
	int64_t limit = f->limit ? f->limit : 50;
	size_t count = 0;
	int rc;

	memset(out, 0, sizeof *out);
	out->total = -1;
	rc = check_filter(f, 1, e);
	if (rc)
		return rc;
	strbuf_init(&sql, 8192);
	strbuf_init(&p.like, 1024);
	if (f->want_total) {
		rc = enterprise_count(l, f, &out->total, e);
		if (rc)
			goto out;
	}
	strbuf_adds(&sql, "SELECT ");
	strbuf_adds(&sql, enterprise_sql_cols());
	/* the stored verdicts in the same walk: one primary-key probe per row of the page */
	if (f->with_verdicts)
		strbuf_adds(&sql,
			    ", va.verdict, va.score_min, va.score_max, va.risk FROM enterprises t "
			    "LEFT JOIN assessments va ON va.enterprise_id = t.id");
	else
		strbuf_adds(&sql, " FROM enterprises t");
	where_sql(l, f, &sql);
	order_sql(f, &sql);
	strbuf_adds(&sql, " LIMIT $10 OFFSET $11");
	rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	if (rc)
		goto out;
	where_bind(l, f, st, &p);
	store_bind_int(st, 10, limit);
	store_bind_int(st, 11, f->offset);
	out->items = arena_alloc(arena, (size_t)limit * sizeof *out->items);
	if (f->with_verdicts)
		out->verdicts = arena_alloc(arena, (size_t)limit * sizeof *out->verdicts);
	while ((rc = store_step(st, e)) == STORE_ROW && count < (size_t)limit) {
		if (f->with_verdicts)
			read_verdict(st, &out->verdicts[count]);
		enterprise_read_row(st, arena, &out->items[count++]);
	}
	if (rc >= 0) {
		rc = 0;
		out->n = count;
	}
out:
	store_finish(st);
	strbuf_cleanup(&sql);
	strbuf_cleanup(&p.like);
	return rc;
}

int enterprise_each(struct ledger *l, const struct enterprise_filter *f,
		    int (*cb)(void *ctx, const struct enterprise *ent), void *ctx, struct err *e)
{
	struct strbuf sql;
	struct list_params p;
	struct store_stmt *st = NULL;
	struct arena *arena = NULL;
	int rc = check_filter(f, 0, e);
	if (rc)
		return rc;
	strbuf_init(&sql, 8192);
	strbuf_init(&p.like, 1024);
	arena = arena_new();
	strbuf_adds(&sql, "SELECT ");
	strbuf_adds(&sql, enterprise_sql_cols());
	strbuf_adds(&sql, " FROM enterprises t");
	where_sql(l, f, &sql);
	order_sql(f, &sql);
	rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	if (rc)
		goto out;
	where_bind(l, f, st, &p);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		struct enterprise ent;
		arena_reset(arena);
		enterprise_read_row(st, arena, &ent);
		rc = cb(ctx, &ent);
		if (rc)
			goto out;
	}
	if (rc > 0)
		rc = 0;
out:
	store_finish(st);
	strbuf_cleanup(&sql);
	strbuf_cleanup(&p.like);
	arena_free(arena);
	return rc;
}

/* ---- tallies ---------------------------------------------------------------------- */

static int64_t *tally_area(struct enterprise_tally *t, const char *code, struct arena *a,
			   size_t *cap)
{
	for (size_t i = 0; i < t->n_areas; i++)
		if (!strcmp(t->areas[i].code, code))
			return &t->areas[i].count;
	t->areas = ledger_grow(a, t->areas, t->n_areas, cap, sizeof *t->areas, 16);
	t->areas[t->n_areas].code = arena_strdup(a, code);
	return &t->areas[t->n_areas++].count;
}

static int64_t *tally_field(struct enterprise_tally *t, const char *code, struct arena *a,
			    size_t *cap)
{
	for (size_t i = 0; i < t->n_fields; i++)
		if (!strcmp(t->fields[i].code, code))
			return &t->fields[i].count;
	t->fields = ledger_grow(a, t->fields, t->n_fields, cap, sizeof *t->fields, 8);
	snprintf(t->fields[t->n_fields].code, sizeof t->fields[0].code, "%s", code);
	return &t->fields[t->n_fields++].count;
}

/* What a row of a tally query adds to: the columns are area, tier, field, expiry bucket, count. */
enum { T_TOTAL = 1, T_TIER = 2, T_AREA = 4, T_FIELD = 8, T_EXPIRY = 16, T_ALL = 31 };

/* Run one tally query SQL ($1, $2 the two expiry years, $3 the scope) and add its rows to OUT. */
static int tally_query(struct ledger *l, const char *sql, unsigned what, int year,
		       struct arena *arena, struct enterprise_tally *out, size_t caps[2],
		       struct err *e)
{
	struct store_stmt *st = NULL;
	char y0[12], y1[12];
	int rc = store_prepare(l->db, sql, &st, e);
	if (rc)
		return rc;
	snprintf(y0, sizeof y0, "%04d", year);
	snprintf(y1, sizeof y1, "%04d", year + 1);
	store_bind_text(st, 1, y0, STORE_NTS);
	store_bind_text(st, 2, y1, STORE_NTS);
	store_bind_int(st, 3, ledger_scope_param(&l->scope));
	while ((rc = store_step(st, e)) == STORE_ROW) {
		const char *area = store_column_text(st, 0, NULL);
		const char *field = store_column_text(st, 2, NULL);
		int tier = enterprise_tier_of_text(store_column_text(st, 1, NULL));
		int64_t expiry = store_column_int(st, 3), n = store_column_int(st, 4);
		char prefix[3];
		if (what & T_TOTAL)
			out->total += n;
		if ((what & T_TIER) && tier >= 0 && tier < TIER_COUNT)
			out->tiers[tier] += n;
		if ((what & T_AREA) && area)
			*tally_area(out, area, arena, &caps[0]) += n;
		if ((what & T_FIELD) && field && strlen(field) >= 2) {
			memcpy(prefix, field, 2);
			prefix[2] = '\0';
			*tally_field(out, prefix, arena, &caps[1]) += n;
		}
		if ((what & T_EXPIRY) && (expiry == 0 || expiry == 1))
			out->expiring[expiry] += n;
	}
	store_finish(st);
	return rc < 0 ? rc : 0;
}

#define EXPIRY_BUCKET                                                                              \
	"CASE substr(t.hnte_expires_on, 1, 4) WHEN $1 THEN 0 WHEN $2 THEN 1 ELSE 2 END"

int enterprise_tally(struct ledger *l, int year, struct arena *arena, struct enterprise_tally *out,
		     struct err *e)
{
	/*
	 * A scope that sees every firm reads tiers and areas from the kept
	 * counters and counts fields and expiry years on their own indexes
	 * (two index-only scans); one grouped query
	 * over every row would read the table itself (~240 ms). A restricted
	 * scope (a county, an expert) has few rows: one grouped query over them
	 * beats a pass per dimension.
	 */
	static const struct {
		const char *sql;
		unsigned what;
	} all[] = {
		/* tiers and areas from the kept counters (migration 0012) */
		{"SELECT NULL, c.tier, NULL, NULL, sum(c.n) FROM enterprise_counts c GROUP BY "
		 "c.tier "
		 "HAVING sum(c.n) > 0",
		 T_TOTAL | T_TIER},
		{"SELECT c.area, NULL, NULL, NULL, sum(c.n) FROM enterprise_counts c GROUP BY "
		 "c.area "
		 "HAVING sum(c.n) > 0",
		 T_AREA},
		{"SELECT NULL, NULL, t.field, NULL, count(*) FROM enterprises t "
		 "WHERE t.field IS NOT NULL GROUP BY t.field",
		 T_FIELD},
		{"SELECT NULL, NULL, NULL, " EXPIRY_BUCKET ", count(*) FROM enterprises t "
		 "WHERE t.hnte_expires_on >= $1 AND t.hnte_expires_on < $2 || '-99' GROUP BY 4",
		 T_EXPIRY},
	};
	struct strbuf sql;
	size_t caps[2] = {0, 0};
	int rc = 0;
	memset(out, 0, sizeof *out);
	if (ledger_scope_all(&l->scope)) {
		for (size_t i = 0; !rc && i < sizeof all / sizeof all[0]; i++)
			rc = tally_query(l, all[i].sql, all[i].what, year, arena, out, caps, e);
		return rc;
	}
	strbuf_init(&sql, 1024);
	strbuf_adds(&sql, "SELECT t.area, t.tier, substr(t.field, 1, 2), " EXPIRY_BUCKET
			  ", count(*) FROM enterprises t WHERE ");
	ledger_scope_sql(&l->scope, &sql, "t", 3);
	strbuf_adds(&sql, " GROUP BY 1, 2, 3, 4");
	rc = tally_query(l, strbuf_cstr(&sql), T_ALL, year, arena, out, caps, e);
	strbuf_cleanup(&sql);
	return rc;
}
