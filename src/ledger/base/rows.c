/*
 * rows — insert, update and delete of one row through its column table,
 * audited (see ledger/internal.h, struct ledger_rows).
 */
#include "ledger/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "ledger/base/audit.h"
#include "ledger/base/json.h"

static char *image(const struct ledger_rows *t, const void *obj, int64_t id)
{
	struct ledger_jobj o;
	ledger_jobj_init(&o);
	ledger_jobj_int(&o, "id", id);
	ledger_cols_audit(&o, t->cols, t->n, obj);
	return ledger_jobj_take(&o);
}

/* Bind now to the placeholder of every stamp column ($K for column K). */
static void bind_stamps(struct store_stmt *st, const struct ledger_rows *t, const char *now,
			int updated_only)
{
	for (size_t k = 1; k < t->n; k++)
		if (t->cols[k].type == LCOL_STAMP &&
		    (!updated_only || !strcmp(t->cols[k].name, "updated_at")))
			store_bind_text(st, (int)k, now, STORE_NTS);
}

/* Audit ACTION of row ID with the images BEFORE and AFTER (either NULL). */
static int audit(struct ledger *l, const struct ledger_rows *t, const char *action, int64_t id,
		 const char *before, const char *after, struct err *e)
{
	char key[24];
	snprintf(key, sizeof key, "%lld", (long long)id);
	return audit_record(l, action, t->name, key, before, after, e);
}

int ledger_rows_insert(struct ledger *l, const struct ledger_rows *t, const void *obj, int64_t *id,
		       struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	char now[21], *after = NULL;
	int64_t newid = 0;
	strbuf_init(&sql, 1024);
	ledger_cols_insert_sql(t->cols, t->n, t->name, &sql);
	int rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	strbuf_cleanup(&sql);
	if (rc)
		return rc;
	ledger_cols_bind(st, t->cols, t->n, 0, obj);
	bind_stamps(st, t, ledger_now(now), 0);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		newid = store_column_int(st, 0);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = err_set(e, ERR_DB, NULL, "数据库错误");
	}
	store_finish(st);
	if (rc)
		return rc;
	after = image(t, obj, newid);
	rc = audit(l, t, "create", newid, NULL, after, e);
	free(after);
	if (!rc && id)
		*id = newid;
	return rc;
}

int ledger_rows_update(struct ledger *l, const struct ledger_rows *t, int64_t id, const void *old,
		       const void *obj, struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	char now[21];
	strbuf_init(&sql, 1024);
	ledger_cols_update_sql(t->cols, t->n, t->name, LCOL_EDIT, &sql);
	int rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	strbuf_cleanup(&sql);
	if (rc)
		return rc;
	ledger_cols_bind(st, t->cols, t->n, LCOL_EDIT, obj);
	bind_stamps(st, t, ledger_now(now), 1);
	store_bind_int(st, (int)t->n, id);
	rc = store_run(st, e);
	store_finish(st);
	if (rc)
		return rc;
	char *before = image(t, old, id), *after = image(t, obj, id);
	if (strcmp(before, after))
		rc = audit(l, t, "update", id, before, after, e);
	free(before);
	free(after);
	return rc;
}

int ledger_rows_delete(struct ledger *l, const struct ledger_rows *t, int64_t id, const void *old,
		       struct err *e)
{
	struct store_stmt *st = NULL;
	char sql[96];
	snprintf(sql, sizeof sql, "DELETE FROM %s WHERE id = $1", t->name);
	int rc = store_prepare(l->db, sql, &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, id);
	rc = store_run(st, e);
	store_finish(st);
	if (rc)
		return rc;
	char *before = image(t, old, id);
	rc = audit(l, t, "delete", id, before, NULL, e);
	free(before);
	return rc;
}
