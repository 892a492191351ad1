/*
 * ip — the IP register: kinds and classes, validation, add/update/delete.
 */
#include "ledger/records/ip.h"
#include "ledger/records/ip.h"
#include "ledger/internal.h"
#include "ledger/base/seedrow.h"
#include "ledger/base/perm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/base/audit.h"
#include "ledger/base/json.h"

static const struct {
	const char *kind;
	int klass;
	const char *label;
} kinds[] = {
	{"invention_patent", 1, "发明专利"},
	{"defense_patent", 1, "国防专利"},
	{"plant_variety", 1, "植物新品种"},
	{"crop_variety", 1, "国家级农作物品种"},
	{"new_drug", 1, "国家新药"},
	{"tcm_protected_grade1", 1, "国家一级中药保护品种"},
	{"ic_layout", 1, "集成电路布图设计专有权"},
	{"utility_model", 2, "实用新型专利"},
	{"design_patent", 2, "外观设计专利"},
	{"software_copyright", 2, "软件著作权"},
	{"other_ii", 2, "其他Ⅱ类知识产权"},
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

int ip_kind_class(const char *kind)
{
	for (size_t i = 0; kind && i < NKINDS; i++)
		if (!strcmp(kind, kinds[i].kind))
			return kinds[i].klass;
	return 0;
}

const char *ip_kind_label(const char *kind)
{
	for (size_t i = 0; kind && i < NKINDS; i++)
		if (!strcmp(kind, kinds[i].kind))
			return kinds[i].label;
	return NULL;
}

const char *ip_kind_parse(const char *s)
{
	for (size_t i = 0; s && i < NKINDS; i++)
		if (!strcmp(s, kinds[i].kind) || !strcmp(s, kinds[i].label))
			return kinds[i].kind;
	return NULL;
}

void ip_item_init(struct ip_item *it)
{
	memset(it, 0, sizeof *it);
	it->granted_on = LEDGER_NO_DATE;
	it->expires_on = LEDGER_NO_DATE;
	it->valid = 1;
	it->acquired = "self";
	it->used_in_recognition = LEDGER_NONE;
}

static int acquired_ok(const char *s)
{
	return s && (!strcmp(s, "self") || !strcmp(s, "transfer") || !strcmp(s, "gift") ||
		     !strcmp(s, "merger"));
}

int ip_validate(const struct ip_item *it, struct err *e)
{
	int klass = ip_kind_class(it->kind);
	if (!klass)
		return err_set(e, ERR_INVALID, "kind", "知识产权类型无效：%s",
			       it->kind ? it->kind : "");
	if (it->acquired && !acquired_ok(it->acquired))
		return err_set(e, ERR_INVALID, "acquired",
			       "获得方式无效：%s（应为 self、transfer、gift 或 merger）",
			       it->acquired);
	if (it->number && strlen(it->number) > 100)
		return err_set(e, ERR_INVALID, "number", "知识产权编号过长（最多100字节）");
	if (it->title && strlen(it->title) > 300)
		return err_set(e, ERR_INVALID, "title", "知识产权名称过长（最多300字节）");
	if (it->legal_status && strlen(it->legal_status) > 100)
		return err_set(e, ERR_INVALID, "legal_status", "法律状态过长（最多100字节）");
	if (it->valid < 0 || it->valid > 1)
		return err_set(e, ERR_INVALID, "valid", "有效标志只能为0或1");
	if (it->granted_on != LEDGER_NO_DATE && it->expires_on != LEDGER_NO_DATE &&
	    it->expires_on < it->granted_on)
		return err_set(e, ERR_INVALID, "expires_on", "到期日不能早于授权日");
	if (it->used_in_recognition != LEDGER_NONE) {
		if (klass != 2)
			return err_set(e, ERR_INVALID, "used_in_recognition",
				       "只有Ⅱ类知识产权需要记录已用于认定的年度");
		if (it->used_in_recognition < 2000 || it->used_in_recognition > 2100)
			return err_set(e, ERR_INVALID, "used_in_recognition", "认定年度无效：%lld",
				       (long long)it->used_in_recognition);
	}
	return 0;
}

/* ---- rows -------------------------------------------------------------------------- */

#define IP_COLS                                                                                    \
	"id, kind, class, number, title, granted_on, expires_on, legal_status, valid, acquired, "  \
	"used_in_recognition, created_at, updated_at"

static const char *nz(const char *s)
{
	return s && s[0] ? s : NULL;
}

static void read_row(struct store_stmt *st, struct arena *a, struct ip_item *o)
{
	ip_item_init(o);
	o->id = store_column_int(st, 0);
	o->kind = ledger_column_str(st, 1, a);
	o->klass = (int)store_column_int(st, 2);
	o->number = ledger_column_str(st, 3, a);
	o->title = ledger_column_str(st, 4, a);
	o->granted_on = ledger_column_date(st, 5);
	o->expires_on = ledger_column_date(st, 6);
	o->legal_status = ledger_column_str(st, 7, a);
	o->valid = (int)store_column_int(st, 8);
	o->acquired = ledger_column_str(st, 9, a);
	o->used_in_recognition = store_column_int_or(st, 10, LEDGER_NONE);
	ledger_column_copy(st, 11, o->created_at, sizeof o->created_at);
	ledger_column_copy(st, 12, o->updated_at, sizeof o->updated_at);
}

/* Bind $2 kind … $11 used_in_recognition. */
static void bind_item(struct store_stmt *st, const struct ip_item *it)
{
	store_bind_text(st, 2, it->kind, STORE_NTS);
	store_bind_int(st, 3, ip_kind_class(it->kind));
	store_bind_text(st, 4, nz(it->number), STORE_NTS);
	store_bind_text(st, 5, nz(it->title), STORE_NTS);
	ledger_bind_date(st, 6, it->granted_on);
	ledger_bind_date(st, 7, it->expires_on);
	store_bind_text(st, 8, nz(it->legal_status), STORE_NTS);
	store_bind_int(st, 9, it->valid ? 1 : 0);
	store_bind_text(st, 10, it->acquired ? it->acquired : "self", STORE_NTS);
	store_bind_int_or_null(st, 11, it->used_in_recognition, LEDGER_NONE);
}

static char *ip_json(int64_t id, const struct ip_item *it)
{
	json_t *o = json_object();
	ledger_json_int(o, "id", id);
	ledger_json_str(o, "kind", it->kind);
	ledger_json_int(o, "class", ip_kind_class(it->kind));
	ledger_json_str(o, "number", nz(it->number));
	ledger_json_str(o, "title", nz(it->title));
	ledger_json_date(o, "granted_on", it->granted_on);
	ledger_json_date(o, "expires_on", it->expires_on);
	ledger_json_str(o, "legal_status", nz(it->legal_status));
	ledger_json_bool(o, "valid", it->valid);
	ledger_json_str(o, "acquired", it->acquired ? it->acquired : "self");
	ledger_json_int(o, "used_in_recognition", it->used_in_recognition);
	return ledger_json_take(o);
}

/* RC of a write of IT; a unique violation becomes the duplicate-number message. */
static int number_taken(int rc, const struct ip_item *it, struct err *e)
{
	if (rc == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT, "number", "该企业已登记编号为%s的知识产权",
			       it->number ? it->number : "");
	return rc;
}

static int insert_item(struct store *db, int64_t enterprise_id, const struct ip_item *it,
		       int64_t *id, struct err *e)
{
	struct store_stmt *st = NULL;
	char now[21];
	int rc = store_prepare(
		db,
		"INSERT INTO ip_items (enterprise_id, kind, class, number, title, "
		"granted_on, expires_on, legal_status, valid, acquired, "
		"used_in_recognition, created_at, updated_at) VALUES ($1, $2, $3, $4, "
		"$5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
		&st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, enterprise_id);
	bind_item(st, it);
	store_bind_text(st, 12, ledger_now(now), STORE_NTS);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		if (id)
			*id = store_column_int(st, 0);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = err_set(e, ERR_DB, NULL, "数据库错误");
	}
	store_finish(st);
	return number_taken(rc, it, e);
}

/* Resolve USCC in scope and check the right to write. */
static int writable(struct ledger *l, const char *uscc, int64_t *eid, struct err *e)
{
	int rc = ledger_enterprise_id(l, uscc, eid, e);
	if (rc)
		return rc;
	return perm_check(&l->scope, CAP_RECORDS_EDIT, "无权修改该企业的知识产权", e);
}

/* The mark used_in_recognition (class II counts once, rules.md §1) is set or
 * cleared by admin, city and county users only. */
static int may_mark(const struct ledger *l)
{
	return perm_may(&l->scope, CAP_RECORDS_RECOGNITION_MARK);
}

/* ERR_FORBIDDEN unless may_mark or the mark SENT equals the stored OLD (LEDGER_NONE if new). */
static int mark_unchanged(const struct ledger *l, int64_t old, int64_t sent, struct err *e)
{
	if (may_mark(l) || sent == old)
		return 0;
	return err_set(e, ERR_FORBIDDEN, "used_in_recognition",
		       "只有管理员、市级或县级用户可以设置或清除“已用于认定”年度");
}

static int load_item(struct store *db, int64_t eid, int64_t id, struct arena *arena,
		     struct ip_item *out, struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = store_prepare(
		db, "SELECT " IP_COLS " FROM ip_items WHERE id = $1 AND enterprise_id = $2", &st,
		e);
	if (rc)
		return rc;
	store_bind_int(st, 1, id);
	store_bind_int(st, 2, eid);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		read_row(st, arena, out);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = err_set(e, ERR_NOT_FOUND, "id", "知识产权记录不存在：%lld", (long long)id);
	}
	store_finish(st);
	return rc;
}

/* ---- use cases ----------------------------------------------------------------------- */

int ip_add(struct ledger *l, const char *uscc, const struct ip_item *it, int64_t *id, struct err *e)
{
	char *after = NULL, key[48];
	int64_t eid = 0, newid = 0;
	int rc = ip_validate(it, e);
	if (rc)
		return rc;
	rc = ledger_write_begin(l, e);
	if (rc)
		return rc;
	rc = writable(l, uscc, &eid, e);
	if (rc)
		goto out;
	rc = mark_unchanged(l, LEDGER_NONE, it->used_in_recognition, e);
	if (rc)
		goto out;
	rc = insert_item(l->db, eid, it, &newid, e);
	if (rc)
		goto out;
	ledger_assess_mark(l, eid);
	after = ip_json(newid, it);
	ledger_row_key(uscc, newid, key);
	rc = audit_record(l, "create", "ip_items", key, NULL, after, e);
out:
	free(after);
	rc = ledger_write_end(l, rc, e);
	if (!rc && id)
		*id = newid;
	return rc;
}

int ip_update(struct ledger *l, const char *uscc, int64_t id, const struct ip_item *it,
	      struct err *e)
{
	int begun = 0; /* ledger_write_begin succeeded: out ends the write */
	struct arena *arena = arena_new();
	struct store_stmt *st = NULL;
	struct ip_item old;
	char *before = NULL, *after = NULL, key[48], now[21];
	int64_t eid = 0;
	int rc = ip_validate(it, e);
	if (rc)
		goto out;
	rc = ledger_write_begin(l, e);
	if (rc)
		goto out;
	begun = 1;
	rc = writable(l, uscc, &eid, e);
	if (rc)
		goto out;
	rc = load_item(l->db, eid, id, arena, &old, e);
	if (rc)
		goto out;
	rc = mark_unchanged(l, old.used_in_recognition, it->used_in_recognition, e);
	if (rc)
		goto out;
	before = ip_json(id, &old);
	after = ip_json(id, it);
	if (!strcmp(before, after))
		goto out;
	rc = store_prepare(l->db,
			   "UPDATE ip_items SET kind = $2, class = $3, number = $4, title = $5, "
			   "granted_on = $6, expires_on = $7, legal_status = $8, valid = $9, "
			   "acquired = $10, used_in_recognition = $11, updated_at = $12 "
			   "WHERE id = $1",
			   &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, id);
	bind_item(st, it);
	store_bind_text(st, 12, ledger_now(now), STORE_NTS);
	rc = store_run(st, e);
	store_finish(st);
	rc = number_taken(rc, it, e);
	if (rc)
		goto out;
	ledger_assess_mark(l, eid);
	ledger_row_key(uscc, id, key);
	rc = audit_record(l, "update", "ip_items", key, before, after, e);
out:
	if (begun)
		rc = ledger_write_end(l, rc, e);
	free(before);
	free(after);
	arena_free(arena);
	return rc;
}

int ip_delete(struct ledger *l, const char *uscc, int64_t id, struct err *e)
{
	int begun = 0; /* ledger_write_begin succeeded: out ends the write */
	struct arena *arena = arena_new();
	struct store_stmt *st = NULL;
	struct ip_item old;
	char *before = NULL, key[48];
	int64_t eid = 0;
	int rc = ledger_write_begin(l, e);
	if (rc)
		goto out;
	begun = 1;
	rc = writable(l, uscc, &eid, e);
	if (rc)
		goto out;
	rc = load_item(l->db, eid, id, arena, &old, e);
	if (rc)
		goto out;
	/* deleting a marked item would let it be added again unmarked */
	if (old.used_in_recognition != LEDGER_NONE && !may_mark(l)) {
		rc = err_set(e, ERR_FORBIDDEN, "used_in_recognition",
			     "该知识产权已用于%lld年度认定，只有管理员、市级或县级用户可以删除",
			     (long long)old.used_in_recognition);
		goto out;
	}
	rc = store_prepare(l->db, "DELETE FROM ip_items WHERE id = $1", &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, id);
	rc = store_run(st, e);
	store_finish(st);
	if (rc)
		goto out;
	ledger_assess_mark(l, eid);
	before = ip_json(id, &old);
	ledger_row_key(uscc, id, key);
	rc = audit_record(l, "delete", "ip_items", key, before, NULL, e);
out:
	if (begun)
		rc = ledger_write_end(l, rc, e);
	free(before);
	arena_free(arena);
	return rc;
}

int ip_get(struct ledger *l, const char *uscc, int64_t id, struct arena *arena, struct ip_item *out,
	   struct err *e)
{
	int64_t eid = 0;
	int rc = ledger_enterprise_id(l, uscc, &eid, e);
	if (rc)
		return rc;
	return load_item(l->db, eid, id, arena, out, e);
}

int ip_list(struct ledger *l, const char *uscc, struct arena *arena, struct ip_item **items,
	    size_t *n, struct err *e)
{
	struct store_stmt *st = NULL;
	struct ip_item *out = NULL;
	size_t cap = 0, count = 0;
	int64_t eid = 0;
	int rc;
	*items = NULL;
	*n = 0;
	rc = ledger_enterprise_id(l, uscc, &eid, e);
	if (rc)
		return rc;
	rc = store_prepare(l->db,
			   "SELECT " IP_COLS " FROM ip_items WHERE enterprise_id = $1 ORDER BY id",
			   &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, eid);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		out = ledger_grow(arena, out, count, &cap, sizeof *out, 8);
		read_row(st, arena, &out[count++]);
	}
	store_finish(st);
	if (rc < 0)
		return rc;
	*items = out;
	*n = count;
	return 0;
}

int ip_mark_used(struct ledger *l, const char *uscc, int64_t id, int64_t year, struct err *e)
{
	struct arena *arena = arena_new();
	struct ip_item old, v;
	int64_t eid = 0;
	int rc = ledger_enterprise_id(l, uscc, &eid, e);
	if (rc)
		goto out;
	rc = load_item(l->db, eid, id, arena, &old, e);
	if (rc)
		goto out;
	if (old.klass != 2) {
		rc = err_set(e, ERR_INVALID, "id", "Ⅰ类知识产权不限使用次数，无需标记");
		goto out;
	}
	v = old;
	v.used_in_recognition = year;
	rc = ip_update(l, uscc, id, &v, e);
out:
	arena_free(arena);
	return rc;
}

int ip_seed(struct ledger_seed *s, int64_t enterprise_id, const struct ip_item *it, struct err *e)
{
	/* No RETURNING: it costs most of an insert (see enterprise_seed). */
	struct store_stmt *st = NULL;
	int rc = ledger_seed_ready(s, e);
	if (rc)
		return rc;
	rc = store_prepare(s->l->db,
			   "INSERT INTO ip_items (enterprise_id, kind, class, number, title, "
			   "granted_on, expires_on, legal_status, valid, acquired, "
			   "used_in_recognition, created_at, updated_at) VALUES ($1, $2, $3, "
			   "$4, $5, $6, $7, $8, $9, $10, $11, $12, $12)",
			   &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, enterprise_id);
	bind_item(st, it);
	store_bind_text_static(st, 12, s->now, STORE_NTS);
	rc = number_taken(store_run(st, e), it, e);
out:
	store_finish(st);
	return ledger_seed_done(s, LEDGER_SEED_IP_ITEMS, rc, e);
}
