/*
 * rows — the write skeleton of the publicity tables (see rows.h).
 */
#include "ledger/publicity/rows.h"
#include "ledger/internal.h"
#include "ledger/base/audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void id_key(int64_t id, char out[48])
{
	snprintf(out, 48, "%lld", (long long)id);
}

int publicity_insert(struct ledger *l, const struct publicity_table *t, void *v, int64_t *id,
		     struct err *e)
{
	struct store_stmt *st = NULL;
	char now[21], key[48];
	char *after = NULL;
	t->prepare();
	int rc = store_prepare(l->db, t->insert_sql, &st, e);
	if (rc)
		return rc;
	ledger_cols_bind(st, t->cols, t->ncols, 0, v);
	ledger_now(now);
	store_bind_text(st, t->col_created, now, STORE_NTS);
	store_bind_text(st, t->col_updated, now, STORE_NTS);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		*id = store_column_int(st, 0);
		*(int64_t *)((char *)v + t->cols[0].off) = *id;
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = err_set(e, ERR_DB, NULL, "数据库错误");
	}
	store_finish(st);
	if (!rc && t->after_write)
		rc = t->after_write(l, *id, v, e);
	if (rc)
		return rc;
	after = t->image(v);
	id_key(*id, key);
	rc = audit_record(l, "create", t->name, key, NULL, after, e);
	free(after);
	return rc;
}

int publicity_rewrite(struct ledger *l, const struct publicity_table *t, int64_t id,
		      const void *old, const void *v, const char *verb, struct err *e)
{
	struct store_stmt *st = NULL;
	char now[21], key[48];
	char *before = t->image(old), *after = t->image(v);
	int rc = 0;
	if (strcmp(before, after)) { /* nothing changed: no write, no audit */
		t->prepare();
		rc = store_prepare(l->db, t->update_sql, &st, e);
		if (!rc) {
			ledger_cols_bind(st, t->cols, t->ncols, LCOL_EDIT, v);
			store_bind_text(st, t->col_updated, ledger_now(now), STORE_NTS);
			store_bind_int(st, (int)t->ncols, id);
			rc = store_run(st, e);
		}
		store_finish(st);
		if (!rc && t->after_write)
			rc = t->after_write(l, id, v, e);
		id_key(id, key);
		if (!rc)
			rc = audit_record(l, verb, t->name, key, before, after, e);
	}
	free(before);
	free(after);
	return rc;
}

int publicity_update(struct ledger *l, const struct publicity_table *t, int64_t id, const void *in,
		     int (*merge)(struct ledger *l, struct arena *a, void *v, const void *in,
				  struct err *e),
		     struct arena *arena, void *out, struct err *e)
{
	int rc = ledger_write_begin(l, e);
	if (rc)
		return rc;
	struct arena *tmp = arena_new();
	void *old = arena_alloc(tmp, t->size), *v = arena_alloc(tmp, t->size);
	rc = t->get(l, id, tmp, old, e);
	if (!rc)
		rc = t->check(l, old, e);
	if (!rc) {
		memcpy(v, old, t->size);
		rc = merge(l, tmp, v, in, e);
	}
	if (!rc)
		rc = t->check(l, v, e);
	if (!rc)
		rc = publicity_rewrite(l, t, id, old, v, "update", e);
	if (!rc && out)
		rc = t->get(l, id, arena, out, e);
	rc = ledger_write_end(l, rc, e);
	arena_free(tmp);
	return rc;
}

int publicity_delete(struct ledger *l, const struct publicity_table *t, int64_t id, struct err *e)
{
	struct store_stmt *st = NULL;
	char sql[128], key[48];
	char *before = NULL;
	int rc = ledger_write_begin(l, e);
	if (rc)
		return rc;
	struct arena *tmp = arena_new();
	void *old = arena_alloc(tmp, t->size);
	rc = t->get(l, id, tmp, old, e);
	if (!rc)
		rc = t->check(l, old, e);
	snprintf(sql, sizeof sql, "DELETE FROM %s WHERE id = $1", t->name);
	if (!rc)
		rc = store_prepare(l->db, sql, &st, e);
	if (!rc) {
		store_bind_int(st, 1, id);
		rc = store_run(st, e);
	}
	store_finish(st);
	if (!rc) {
		before = t->image(old);
		id_key(id, key);
		rc = audit_record(l, "delete", t->name, key, before, NULL, e);
	}
	free(before);
	rc = ledger_write_end(l, rc, e);
	arena_free(tmp);
	return rc;
}
