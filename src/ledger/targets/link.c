/*
 * link — responsibility links (table owner: target_links; see link.h).
 */
#include "ledger/targets/link.h"
#include "ledger/internal.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "ledger/base/audit.h"
#include "ledger/base/json.h"
#include "ledger/base/perm.h"

static const char *const role_names[LINK_ROLE_COUNT] = {"leader", "staff"};
static const char *const role_labels[LINK_ROLE_COUNT] = {"包保领导", "联络员"};

#define OFF(m) offsetof(struct target_link, m)
const struct ledger_column link_columns[LINK_NCOLUMNS] = {
	{"id", "编号", LCOL_ID, OFF(id), 0, 0, 0, NULL, 0, 0},
	{"area", "区县", LCOL_TEXT, OFF(area), 16, 0, 0, NULL, 0, LCOL_REQUIRED | LCOL_EDIT},
	{"role", "角色", LCOL_CODE, OFF(role), 0, 0, 0, role_names, LINK_ROLE_COUNT,
	 LCOL_REQUIRED | LCOL_EDIT},
	{"name", "姓名", LCOL_TEXT, OFF(name), 64, 0, 0, NULL, 0, LCOL_REQUIRED | LCOL_EDIT},
	{"title", "职务", LCOL_TEXT, OFF(title), 64, 0, 0, NULL, 0, LCOL_EDIT},
	{"phone", "电话", LCOL_TEXT, OFF(phone), 32, 0, 0, NULL, 0, LCOL_EDIT},
	{"created_at", "创建时间", LCOL_STAMP, OFF(created_at), 0, 0, 0, NULL, 0, 0},
	{"updated_at", "更新时间", LCOL_STAMP, OFF(updated_at), 0, 0, 0, NULL, 0, 0},
};

const char *link_role_name(int role)
{
	return ledger_code_at(role_names, LINK_ROLE_COUNT, role);
}

const char *link_role_label(int role)
{
	return ledger_code_at(role_labels, LINK_ROLE_COUNT, role);
}

int link_role_parse(const char *s, int *role, struct err *e)
{
	int i = ledger_code_find(role_names, role_labels, LINK_ROLE_COUNT, s);
	if (i < 0)
		return err_set(e, ERR_INVALID, "role",
			       "角色应为 leader（包保领导）或 staff（联络员）：%s", s ? s : "");
	*role = i;
	return 0;
}

static int select_rows(struct ledger *l, const char *cond, const char *area, int64_t id,
		       struct arena *arena, struct target_link **items, size_t *n, struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	size_t cap = 0;
	*items = NULL;
	*n = 0;
	strbuf_init(&sql, 4096);
	strbuf_adds(&sql, "SELECT ");
	ledger_cols_select(link_columns, LINK_NCOLUMNS, "k", &sql);
	strbuf_adds(&sql, " FROM target_links k WHERE ");
	strbuf_adds(&sql, cond);
	strbuf_adds(&sql, " AND ");
	if (ledger_scope_all(&l->scope) || ledger_scope_by_area(&l->scope)) {
		ledger_scope_sql(&l->scope, &sql, "k", 9);
	} else { /* expert, enterprise: the areas of the firms it sees */
		strbuf_adds(&sql, "k.area IN (SELECT t.area FROM enterprises t WHERE ");
		ledger_scope_sql(&l->scope, &sql, "t", 9);
		strbuf_adds(&sql, ")");
	}
	strbuf_adds(&sql, " ORDER BY k.area, k.role, k.id");
	int rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	strbuf_cleanup(&sql);
	if (rc)
		return rc;
	if (area)
		store_bind_text(st, 1, area, STORE_NTS);
	store_bind_int(st, 2, id);
	store_bind_int(st, 9, ledger_scope_param(&l->scope));
	while ((rc = store_step(st, e)) == STORE_ROW) {
		*items = ledger_grow(arena, *items, *n, &cap, sizeof **items, 32);
		ledger_cols_read(st, 0, link_columns, LINK_NCOLUMNS, arena, &(*items)[(*n)++]);
	}
	store_finish(st);
	return rc < 0 ? rc : 0;
}

int link_list(struct ledger *l, const char *area, struct arena *arena, struct target_link **items,
	      size_t *n, struct err *e)
{
	return select_rows(l, area ? "k.area = $1" : "1=1", area, 0, arena, items, n, e);
}

int link_get(struct ledger *l, int64_t id, struct arena *arena, struct target_link *out,
	     struct err *e)
{
	struct target_link *items = NULL;
	size_t n = 0;
	int rc = select_rows(l, "k.id = $2", NULL, id, arena, &items, &n, e);
	if (rc)
		return rc;
	if (!n)
		return err_set(e, ERR_NOT_FOUND, "id", "包保联系不存在：%lld", (long long)id);
	*out = items[0];
	return 0;
}

static int check(struct ledger *l, const struct target_link *k, struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = ledger_cols_check(link_columns, LINK_NCOLUMNS, k, e);
	if (rc)
		return rc;
	rc = store_prepare(l->db, "SELECT 1 FROM areas WHERE code = $1", &st, e);
	if (rc)
		return rc;
	store_bind_text(st, 1, k->area, STORE_NTS);
	rc = store_step(st, e);
	store_finish(st);
	if (rc == STORE_DONE)
		return err_set(e, ERR_INVALID, "area", "区域不存在：%s", k->area);
	return rc < 0 ? rc : 0;
}

static int may_edit(struct ledger *l, struct err *e)
{
	return perm_check(&l->scope, CAP_TARGETS_MANAGE, "无权修改包保联系", e);
}

static const struct ledger_rows rows = {"target_links", link_columns, LINK_NCOLUMNS};

int link_add(struct ledger *l, const struct target_link *k, int64_t *id, struct err *e)
{
	int rc = may_edit(l, e);
	if (!rc)
		rc = ledger_write_begin(l, e);
	if (rc)
		return rc;
	rc = check(l, k, e);
	if (!rc)
		rc = ledger_rows_insert(l, &rows, k, id, e);
	return ledger_write_end(l, rc, e);
}

int link_update(struct ledger *l, int64_t id, const struct target_link *k, struct err *e)
{
	struct arena *arena = arena_new();
	struct target_link old;
	int rc = may_edit(l, e);
	if (!rc)
		rc = ledger_write_begin(l, e);
	if (rc) {
		arena_free(arena);
		return rc;
	}
	rc = link_get(l, id, arena, &old, e);
	if (!rc)
		rc = check(l, k, e);
	if (!rc)
		rc = ledger_rows_update(l, &rows, id, &old, k, e);
	rc = ledger_write_end(l, rc, e);
	arena_free(arena);
	return rc;
}

int link_delete(struct ledger *l, int64_t id, struct err *e)
{
	struct arena *arena = arena_new();
	struct target_link old;
	int rc = may_edit(l, e);
	if (!rc)
		rc = ledger_write_begin(l, e);
	if (rc) {
		arena_free(arena);
		return rc;
	}
	rc = link_get(l, id, arena, &old, e);
	if (!rc)
		rc = ledger_rows_delete(l, &rows, id, &old, e);
	rc = ledger_write_end(l, rc, e);
	arena_free(arena);
	return rc;
}
