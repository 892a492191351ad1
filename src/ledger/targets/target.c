/*
 * target — metrics, targets and the scorecard cap (table owner: target_metrics,
 * targets, target_scoring; see target.h).
 */
#include "ledger/targets/target.h"
#include "ledger/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "ledger/base/audit.h"
#include "ledger/base/json.h"
#include "ledger/base/perm.h"

static int may_read(struct ledger *l, struct err *e)
{
	return perm_check(&l->scope, CAP_TARGETS_READ, "无权查看目标任务", e);
}

static int may_manage(struct ledger *l, struct err *e)
{
	return perm_check(&l->scope, CAP_TARGETS_MANAGE, "无权设置目标任务", e);
}

int target_area_visible(struct ledger *l, const char *code, struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	if (!code)
		return 0;
	if (ledger_scope_all(&l->scope))
		return 1;
	if (!ledger_scope_by_area(&l->scope))
		return 0;
	strbuf_init(&sql, 1024);
	strbuf_adds(&sql, "SELECT 1 FROM (SELECT $1 AS area) a WHERE ");
	ledger_scope_sql(&l->scope, &sql, "a", 2);
	int rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	strbuf_cleanup(&sql);
	if (rc)
		return rc;
	store_bind_text(st, 1, code, STORE_NTS);
	store_bind_int(st, 2, ledger_scope_param(&l->scope));
	rc = store_step(st, e);
	store_finish(st);
	return rc < 0 ? rc : rc == STORE_ROW;
}

int target_metrics(struct ledger *l, struct arena *arena, struct target_metric **items, size_t *n,
		   struct err *e)
{
	struct store_stmt *st = NULL;
	size_t cap = 0;
	*items = NULL;
	*n = 0;
	int rc = may_read(l, e);
	if (!rc)
		rc = store_prepare(l->db,
				   "SELECT code, name, kind = 'stock', weight FROM target_metrics "
				   "ORDER BY position, code",
				   &st, e);
	if (rc)
		return rc;
	while ((rc = store_step(st, e)) == STORE_ROW) {
		*items = ledger_grow(arena, *items, *n, &cap, sizeof **items, 8);
		struct target_metric *m = &(*items)[(*n)++];
		m->code = ledger_column_str(st, 0, arena);
		m->name = ledger_column_str(st, 1, arena);
		m->stock = (int)store_column_int(st, 2);
		m->weight = store_column_int(st, 3);
	}
	store_finish(st);
	return rc < 0 ? rc : 0;
}

int target_list(struct ledger *l, int year, struct arena *arena, struct target **items, size_t *n,
		struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	size_t cap = 0;
	*items = NULL;
	*n = 0;
	int rc = may_read(l, e);
	if (rc)
		return rc;
	if (year < 2000 || year > 2100)
		return err_set(e, ERR_INVALID, "year", "年份无效：%d", year);
	strbuf_init(&sql, 2048);
	strbuf_adds(&sql, "SELECT t.area, t.metric, t.value FROM targets t "
			  "JOIN target_metrics m ON m.code = t.metric WHERE t.year = $1 AND "
			  "(t.area IS NULL OR ");
	ledger_scope_sql(&l->scope, &sql, "t", 2);
	strbuf_adds(&sql, ") ORDER BY t.area IS NOT NULL, t.area, m.position, m.code");
	rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	strbuf_cleanup(&sql);
	if (rc)
		return rc;
	store_bind_int(st, 1, year);
	store_bind_int(st, 2, ledger_scope_param(&l->scope));
	while ((rc = store_step(st, e)) == STORE_ROW) {
		*items = ledger_grow(arena, *items, *n, &cap, sizeof **items, 64);
		struct target *t = &(*items)[(*n)++];
		t->area = ledger_column_str(st, 0, arena);
		t->metric = ledger_column_str(st, 1, arena);
		t->value = store_column_int(st, 2);
	}
	store_finish(st);
	return rc < 0 ? rc : 0;
}

/* 0 when the row SQL finds with the text A exists; ERR_INVALID "第ROW行：WHAT不存在：A" else. */
static int row_exists(struct ledger *l, const char *sql, const char *a, size_t row,
		      const char *what, struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = store_prepare(l->db, sql, &st, e);
	if (rc)
		return rc;
	store_bind_text(st, 1, a, STORE_NTS);
	rc = store_step(st, e);
	store_finish(st);
	if (rc == STORE_DONE)
		return err_set(e, ERR_INVALID, "items", "第%zu行：%s不存在：%s", row, what, a);
	return rc < 0 ? rc : 0;
}

static int check_row(struct ledger *l, const struct target *t, size_t row, struct err *e)
{
	int rc;
	if (!t->metric || !t->metric[0])
		return err_set(e, ERR_INVALID, "items", "第%zu行：缺少指标", row);
	rc = row_exists(l, "SELECT 1 FROM target_metrics WHERE code = $1", t->metric, row, "指标",
			e);
	if (!rc && t->area)
		rc = row_exists(l, "SELECT 1 FROM areas WHERE code = $1", t->area, row, "区县", e);
	if (rc)
		return rc;
	if (t->value != LEDGER_NONE && (t->value < 0 || t->value > TARGET_VALUE_MAX))
		return err_set(e, ERR_INVALID, "items", "第%zu行：目标值应在0到%d之间：%lld", row,
			       TARGET_VALUE_MAX, (long long)t->value);
	return 0;
}

/* Bind the key of a target row: $1 YEAR, $2 its metric, $3 its area (NULL: the city). */
static void bind_key(struct store_stmt *st, int year, const struct target *t)
{
	store_bind_int(st, 1, year);
	store_bind_text(st, 2, t->metric, STORE_NTS);
	store_bind_int_or_null(st, 3, 0, 0);
	if (t->area)
		store_bind_text(st, 3, t->area, STORE_NTS);
}

/* The stored value of YEAR/AREA/METRIC into *V (LEDGER_NONE when none). */
static int stored_value(struct ledger *l, int year, const struct target *t, int64_t *v,
			struct err *e)
{
	struct store_stmt *st = NULL;
	*v = LEDGER_NONE;
	int rc = store_prepare(l->db,
			       "SELECT value FROM targets WHERE year = $1 AND metric = $2 AND "
			       "ifnull(area, '') = ifnull($3, '')",
			       &st, e);
	if (rc)
		return rc;
	bind_key(st, year, t);
	rc = store_step(st, e);
	if (rc == STORE_ROW)
		*v = store_column_int(st, 0);
	store_finish(st);
	return rc < 0 ? rc : 0;
}

static char *value_image(int year, const struct target *t, int64_t v)
{
	struct ledger_jobj o;
	if (v == LEDGER_NONE)
		return NULL;
	ledger_jobj_init(&o);
	ledger_jobj_int(&o, "year", year);
	ledger_jobj_str(&o, "area", t->area);
	ledger_jobj_str(&o, "metric", t->metric);
	ledger_jobj_int(&o, "value", v);
	return ledger_jobj_take(&o);
}

static int set_one(struct ledger *l, int year, const struct target *t, struct err *e)
{
	struct store_stmt *st = NULL;
	int64_t old;
	char now[21], key[96];
	int rc = stored_value(l, year, t, &old, e);
	if (rc || old == t->value)
		return rc;
	if (t->value == LEDGER_NONE)
		rc = store_prepare(l->db,
				   "DELETE FROM targets WHERE year = $1 AND metric = $2 AND "
				   "ifnull(area, '') = ifnull($3, '')",
				   &st, e);
	else if (old == LEDGER_NONE)
		rc = store_prepare(l->db,
				   "INSERT INTO targets (year, metric, area, value, created_at, "
				   "updated_at) VALUES ($1, $2, $3, $4, $5, $5)",
				   &st, e);
	else
		rc = store_prepare(l->db,
				   "UPDATE targets SET value = $4, updated_at = $5 WHERE year = $1 "
				   "AND metric = $2 AND ifnull(area, '') = ifnull($3, '')",
				   &st, e);
	if (rc)
		return rc;
	bind_key(st, year, t);
	if (t->value != LEDGER_NONE) {
		store_bind_int(st, 4, t->value);
		store_bind_text(st, 5, ledger_now(now), STORE_NTS);
	}
	rc = store_run(st, e);
	store_finish(st);
	if (rc)
		return rc;
	char *before = value_image(year, t, old), *after = value_image(year, t, t->value);
	snprintf(key, sizeof key, "%d/%s/%s", year, t->area ? t->area : "city", t->metric);
	rc = audit_record(l,
			  t->value == LEDGER_NONE ? "delete"
			  : old == LEDGER_NONE	  ? "create"
						  : "update",
			  "targets", key, before, after, e);
	free(before);
	free(after);
	return rc;
}

int target_import(struct ledger *l, int year, const struct target *items, size_t n, int dry_run,
		  struct target_import_report *rep, struct err *e)
{
	memset(rep, 0, sizeof *rep);
	rep->dry_run = dry_run;
	rep->cells = n;
	int rc = may_manage(l, e);
	if (rc)
		return rc;
	if (year < 2000 || year > 2100)
		return err_set(e, ERR_INVALID, "year", "年份无效：%d", year);
	rc = ledger_write_begin(l, e);
	if (rc)
		return rc;
	for (size_t i = 0; !rc && i < n; i++)
		rc = check_row(l, &items[i], i + 1, e);
	for (size_t i = 0; !rc && i < n; i++) {
		int64_t old;
		rc = stored_value(l, year, &items[i], &old, e);
		if (old == items[i].value)
			rep->unchanged++;
		else if (old == LEDGER_NONE)
			rep->created++;
		else if (items[i].value == LEDGER_NONE)
			rep->removed++;
		else
			rep->changed++;
	}
	for (size_t i = 0; !rc && !dry_run && i < n; i++)
		rc = set_one(l, year, &items[i], e);
	return ledger_write_end(l, rc, e);
}

int target_set(struct ledger *l, int year, const struct target *items, size_t n, struct err *e)
{
	struct target_import_report r;
	return target_import(l, year, items, n, 0, &r, e);
}

int target_weight_set(struct ledger *l, const char *metric, int64_t weight, struct err *e)
{
	struct store_stmt *st = NULL;
	int64_t old = 0;
	char before[64], after[64];
	int rc = may_manage(l, e);
	if (rc)
		return rc;
	if (weight < 0 || weight > TARGET_WEIGHT_MAX)
		return err_set(e, ERR_INVALID, "weight", "权重应在0到%d之间：%lld",
			       TARGET_WEIGHT_MAX, (long long)weight);
	rc = ledger_write_begin(l, e);
	if (rc)
		return rc;
	rc = store_prepare(l->db, "SELECT weight FROM target_metrics WHERE code = $1", &st, e);
	if (!rc) {
		store_bind_text(st, 1, metric ? metric : "", STORE_NTS);
		rc = store_step(st, e);
		if (rc == STORE_ROW) {
			old = store_column_int(st, 0);
			rc = 0;
		} else if (rc == STORE_DONE) {
			rc = err_set(e, ERR_NOT_FOUND, "metric", "指标不存在：%s",
				     metric ? metric : "");
		}
		store_finish(st);
		st = NULL;
	}
	if (!rc && old != weight) {
		rc = store_prepare(l->db, "UPDATE target_metrics SET weight = $2 WHERE code = $1",
				   &st, e);
		if (!rc) {
			store_bind_text(st, 1, metric, STORE_NTS);
			store_bind_int(st, 2, weight);
			rc = store_run(st, e);
			store_finish(st);
		}
		snprintf(before, sizeof before, "{\"weight\":%lld}", (long long)old);
		snprintf(after, sizeof after, "{\"weight\":%lld}", (long long)weight);
		if (!rc)
			rc = audit_record(l, "update", "target_metrics", metric, before, after, e);
	}
	return ledger_write_end(l, rc, e);
}

int target_cap_get(struct ledger *l, int year, int64_t *cap_bp, struct err *e)
{
	struct store_stmt *st = NULL;
	*cap_bp = TARGET_CAP_MIN;
	int rc = may_read(l, e);
	if (!rc)
		rc = store_prepare(l->db, "SELECT cap_bp FROM target_scoring WHERE year = $1", &st,
				   e);
	if (rc)
		return rc;
	store_bind_int(st, 1, year);
	rc = store_step(st, e);
	if (rc == STORE_ROW)
		*cap_bp = store_column_int(st, 0);
	store_finish(st);
	return rc < 0 ? rc : 0;
}

int target_cap_set(struct ledger *l, int year, int64_t cap_bp, struct err *e)
{
	struct store_stmt *st = NULL;
	int64_t old;
	char now[21], key[16], before[48], after[48];
	int rc = may_manage(l, e);
	if (rc)
		return rc;
	if (year < 2000 || year > 2100)
		return err_set(e, ERR_INVALID, "year", "年份无效：%d", year);
	if (cap_bp < TARGET_CAP_MIN || cap_bp > TARGET_CAP_MAX)
		return err_set(e, ERR_INVALID, "cap_bp", "封顶应在%d到%d（万分之一）之间：%lld",
			       TARGET_CAP_MIN, TARGET_CAP_MAX, (long long)cap_bp);
	rc = ledger_write_begin(l, e);
	if (rc)
		return rc;
	rc = target_cap_get(l, year, &old, e);
	if (!rc && old != cap_bp) {
		rc = store_prepare(l->db,
				   "INSERT INTO target_scoring (year, cap_bp, updated_at) VALUES "
				   "($1, $2, $3) ON CONFLICT (year) DO UPDATE SET cap_bp = $2, "
				   "updated_at = $3",
				   &st, e);
		if (!rc) {
			store_bind_int(st, 1, year);
			store_bind_int(st, 2, cap_bp);
			store_bind_text(st, 3, ledger_now(now), STORE_NTS);
			rc = store_run(st, e);
			store_finish(st);
		}
		snprintf(key, sizeof key, "%d", year);
		snprintf(before, sizeof before, "{\"cap_bp\":%lld}", (long long)old);
		snprintf(after, sizeof after, "{\"cap_bp\":%lld}", (long long)cap_bp);
		if (!rc)
			rc = audit_record(l, "update", "target_scoring", key, before, after, e);
	}
	return ledger_write_end(l, rc, e);
}
