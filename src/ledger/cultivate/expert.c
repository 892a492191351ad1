/*
 * expert — the expert service team (see expert.h). Owner of the table
 * expert_profiles; reads expert_assignments, problems and visits for the
 * workload counts.
 */
#include "ledger/cultivate/expert.h"
#include "ledger/internal.h"
#include "ledger/base/audit.h"
#include "ledger/base/json.h"
#include "ledger/base/perm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/strbuf.h"

static const char *const speciality_names[EXPERT_SPECIALITY_COUNT] = {
	"rd_accounting", "ip", "technology", "management", "application"};
static const char *const speciality_labels[EXPERT_SPECIALITY_COUNT] = {
	"财务与研发费用归集", "知识产权", "技术领域", "管理体系", "申报材料"};

const char *expert_speciality_name(int i)
{
	return ledger_code_at(speciality_names, EXPERT_SPECIALITY_COUNT, i);
}

const char *expert_speciality_label(int i)
{
	return ledger_code_at(speciality_labels, EXPERT_SPECIALITY_COUNT, i);
}

/* ---- reading -------------------------------------------------------------------------- */

enum which { ALL, ONE, OF_FIRM };

/*
 * The experts of WHICH (every one, user ID, or those assigned to enterprise
 * ID), with their workload in L's scope, into *ITEMS / *N.
 */
static int query(struct ledger *l, enum which which, int64_t id, struct arena *arena,
		 struct expert **items, size_t *n, struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	char month[11], next[11];
	size_t cap = 0;
	int rc;
	*items = NULL;
	*n = 0;
	strbuf_init(&sql, 4096);
	strbuf_adds(&sql, "SELECT u.id, u.name, u.display_name, u.disabled, ep.organisation, "
			  "ep.phone, coalesce(ep.specialities, ''), ep.note, "
			  "(SELECT count(*) FROM expert_assignments x JOIN enterprises t "
			  "ON t.id = x.enterprise_id WHERE x.user_id = u.id AND ");
	ledger_scope_sql(&l->scope, &sql, "t", 1);
	strbuf_adds(&sql, "), (SELECT count(*) FROM problems p JOIN expert_assignments x "
			  "ON x.enterprise_id = p.enterprise_id JOIN enterprises t "
			  "ON t.id = p.enterprise_id WHERE x.user_id = u.id AND "
			  "(p.status = 'open' OR p.status = 'in_progress') AND ");
	ledger_scope_sql(&l->scope, &sql, "t", 1);
	strbuf_adds(&sql,
		    "), (SELECT count(*) FROM visits v JOIN enterprises t "
		    "ON t.id = v.enterprise_id WHERE v.visited_on >= $2 AND v.visited_on < $4 AND "
		    "(v.created_by_id = u.id OR EXISTS (SELECT 1 FROM visit_participants vp "
		    "WHERE vp.visit_id = v.id AND vp.user_id = u.id)) AND ");
	ledger_scope_sql(&l->scope, &sql, "t", 1);
	strbuf_adds(&sql, ") FROM users u LEFT JOIN expert_profiles ep ON ep.user_id = u.id "
			  "WHERE u.role = 'expert'");
	if (which == ONE)
		strbuf_adds(&sql, " AND u.id = $3");
	if (which == OF_FIRM)
		strbuf_adds(&sql, " AND u.id IN (SELECT user_id FROM expert_assignments "
				  "WHERE enterprise_id = $3)");
	strbuf_adds(&sql, " ORDER BY u.display_name, u.id");
	rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	if (rc)
		goto out;
	int y = 0, m = 0, d = 0;
	date_to_ymd(date_today(), &y, &m, &d);
	date_format(date_from_ymd(y, m, 1), month);
	date_format(m == 12 ? date_from_ymd(y + 1, 1, 1) : date_from_ymd(y, m + 1, 1), next);
	store_bind_int(st, 1, ledger_scope_param(&l->scope));
	store_bind_text(st, 2, month, STORE_NTS);
	store_bind_int(st, 3, id);
	store_bind_text(st, 4, next, STORE_NTS);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		*items = ledger_grow(arena, *items, *n, &cap, sizeof **items, 16);
		struct expert *x = &(*items)[(*n)++];
		x->id = store_column_int(st, 0);
		x->username = ledger_column_str(st, 1, arena);
		x->display_name = ledger_column_str(st, 2, arena);
		x->disabled = store_column_int(st, 3) != 0;
		x->organisation = ledger_column_str(st, 4, arena);
		x->phone = ledger_column_str(st, 5, arena);
		x->specialities = ledger_column_str(st, 6, arena);
		x->note = ledger_column_str(st, 7, arena);
		x->enterprises = store_column_int(st, 8);
		x->open_problems = store_column_int(st, 9);
		x->visits_this_month = store_column_int(st, 10);
	}
	rc = rc < 0 ? rc : 0;
out:
	store_finish(st);
	strbuf_cleanup(&sql);
	return rc;
}

int expert_list(struct ledger *l, struct arena *arena, struct expert **items, size_t *n,
		struct err *e)
{
	int rc = perm_check(&l->scope, CAP_EXPERTS_LIST, "无权查看专家名单", e);
	if (rc)
		return rc;
	if (l->scope.role == ROLE_EXPERT) /* an expert sees itself, not the team */
		return query(l, ONE, l->scope.user_id, arena, items, n, e);
	return query(l, ALL, 0, arena, items, n, e);
}

int expert_get(struct ledger *l, int64_t id, struct arena *arena, struct expert *out, struct err *e)
{
	struct expert *items = NULL;
	size_t n = 0;
	int rc = 0;
	if (!perm_may(&l->scope, CAP_EXPERTS_LIST))
		return err_set(e, ERR_FORBIDDEN, NULL, "无权查看专家名单");
	if (l->scope.role == ROLE_EXPERT && id != l->scope.user_id)
		return err_set(e, ERR_NOT_FOUND, "id", "专家不存在");
	rc = query(l, ONE, id, arena, &items, &n, e);
	if (!rc && n == 0)
		rc = err_set(e, ERR_NOT_FOUND, "id", "专家不存在");
	if (!rc)
		*out = items[0];
	return rc;
}

int expert_list_of(struct ledger *l, const char *uscc, struct arena *arena, struct expert **items,
		   size_t *n, struct err *e)
{
	int64_t eid = 0;
	*items = NULL;
	*n = 0;
	int rc = ledger_enterprise_id(l, uscc, &eid, e);
	return rc ? rc : query(l, OF_FIRM, eid, arena, items, n, e);
}

int expert_firms(struct ledger *l, int64_t id, struct arena *arena, struct expert_firm **items,
		 size_t *n, struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	struct expert x;
	size_t cap = 0;
	*items = NULL;
	*n = 0;
	strbuf_init(&sql, 1024);
	int rc = expert_get(l, id, arena, &x, e);
	if (rc)
		goto out;
	strbuf_adds(&sql, "SELECT t.uscc, t.name, t.area, t.tier FROM expert_assignments x "
			  "JOIN enterprises t ON t.id = x.enterprise_id WHERE x.user_id = $2 AND ");
	ledger_scope_sql(&l->scope, &sql, "t", 1);
	strbuf_adds(&sql, " ORDER BY t.name");
	rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, ledger_scope_param(&l->scope));
	store_bind_int(st, 2, id);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		*items = ledger_grow(arena, *items, *n, &cap, sizeof **items, 16);
		struct expert_firm *f = &(*items)[(*n)++];
		ledger_column_copy(st, 0, f->uscc, sizeof f->uscc);
		f->name = ledger_column_str(st, 1, arena);
		f->area = ledger_column_str(st, 2, arena);
		f->tier = ledger_column_str(st, 3, arena);
	}
	rc = rc < 0 ? rc : 0;
out:
	store_finish(st);
	strbuf_cleanup(&sql);
	return rc;
}

/* ---- writing -------------------------------------------------------------------------- */

/* SPECIALITIES: comma-separated known codes, each once. */
static int check_specialities(const char *s, struct err *e)
{
	int seen[EXPERT_SPECIALITY_COUNT] = {0};
	const char *p = s;
	while (p && *p) {
		size_t len = strcspn(p, ",");
		int found = -1;
		for (int i = 0; i < EXPERT_SPECIALITY_COUNT; i++)
			if (strlen(speciality_names[i]) == len &&
			    !memcmp(p, speciality_names[i], len))
				found = i;
		if (found < 0)
			return err_set(e, ERR_INVALID, "specialities", "未知专长：%.*s",
				       (int)(len > 64 ? 64 : len), p);
		if (seen[found]++)
			return err_set(e, ERR_INVALID, "specialities", "专长重复：%s",
				       speciality_names[found]);
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

static int check_text(const char *s, size_t max, const char *field, const char *label,
		      struct err *e)
{
	if (s && strlen(s) > max)
		return err_set(e, ERR_INVALID, field, "%s过长（最多%zu字节）", label, max);
	return 0;
}

static char *image(const struct expert *x)
{
	struct ledger_jobj o;
	ledger_jobj_init(&o);
	ledger_jobj_str(&o, "organisation", x->organisation);
	ledger_jobj_str(&o, "phone", x->phone);
	ledger_jobj_str(&o, "specialities", x->specialities ? x->specialities : "");
	ledger_jobj_str(&o, "note", x->note);
	return ledger_jobj_take(&o);
}

/* "" is stored as NULL: absent and empty mean the same to people. */
static const char *nz(const char *s)
{
	return s && s[0] ? s : NULL;
}

int expert_update(struct ledger *l, int64_t id, const struct expert *in, struct err *e)
{
	struct arena *tmp = arena_new();
	struct store_stmt *st = NULL;
	struct expert old, v;
	char now[21];
	char *before = NULL, *after = NULL;
	int begun = 0; /* ledger_write_begin succeeded: out ends the write */
	int rc = ledger_write_begin(l, e);
	if (rc)
		goto out;
	begun = 1;
	rc = expert_get(l, id, tmp, &old, e);
	if (rc)
		goto out;
	if (!perm_may(&l->scope, CAP_EXPERTS_MANAGE) && l->scope.user_id != id) {
		rc = err_set(e, ERR_FORBIDDEN, NULL, "无权修改该专家的信息");
		goto out;
	}
	v = old;
	if (in->organisation)
		v.organisation = nz(in->organisation);
	if (in->phone)
		v.phone = nz(in->phone);
	if (in->specialities)
		v.specialities = in->specialities;
	if (in->note)
		v.note = nz(in->note);
	rc = check_text(v.organisation, 200, "organisation", "所在单位", e);
	if (!rc)
		rc = check_text(v.phone, 50, "phone", "联系电话", e);
	if (!rc)
		rc = check_text(v.note, 1000, "note", "备注", e);
	if (!rc)
		rc = check_text(v.specialities, 200, "specialities", "专长", e);
	if (!rc)
		rc = check_specialities(v.specialities, e);
	if (rc)
		goto out;
	before = image(&old);
	after = image(&v);
	if (!strcmp(before, after))
		goto out; /* nothing changed: no write, no audit */
	rc = store_prepare(
		l->db,
		"INSERT INTO expert_profiles (user_id, organisation, phone, specialities, "
		"note, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) "
		"ON CONFLICT (user_id) DO UPDATE SET organisation = $2, phone = $3, "
		"specialities = $4, note = $5, updated_at = $6",
		&st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, id);
	store_bind_text(st, 2, v.organisation, STORE_NTS);
	store_bind_text(st, 3, v.phone, STORE_NTS);
	store_bind_text(st, 4, v.specialities ? v.specialities : "", STORE_NTS);
	store_bind_text(st, 5, v.note, STORE_NTS);
	store_bind_text(st, 6, ledger_now(now), STORE_NTS);
	rc = store_run(st, e);
	if (!rc)
		rc = audit_record(l, "update", "expert_profiles", old.username, before, after, e);
out:
	store_finish(st);
	if (begun)
		rc = ledger_write_end(l, rc, e);
	free(before);
	free(after);
	arena_free(tmp);
	return rc;
}
