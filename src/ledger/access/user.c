/*
 * user — accounts with argon2id passwords, roles and areas.
 */
#include "ledger/access/user.h"
#include "ledger/access/user.h"
#include "ledger/internal.h"
#include "ledger/base/perm.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/strbuf.h"
#include "ledger/base/audit.h"
#include "ledger/base/json.h"
#include "ledger/access/session.h"

/* ---- the hashing semaphore ----------------------------------------------------------- */

static struct {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int limit;
	int running;
} hash_gate = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, USER_HASH_CONCURRENCY, 0};

void user_set_hash_concurrency(int n)
{
	if (n < 1)
		n = 1;
	if (n > 64)
		n = 64;
	pthread_mutex_lock(&hash_gate.lock);
	hash_gate.limit = n;
	pthread_cond_broadcast(&hash_gate.cond);
	pthread_mutex_unlock(&hash_gate.lock);
}

static void gate_enter(void)
{
	pthread_mutex_lock(&hash_gate.lock);
	while (hash_gate.running >= hash_gate.limit)
		pthread_cond_wait(&hash_gate.cond, &hash_gate.lock);
	hash_gate.running++;
	pthread_mutex_unlock(&hash_gate.lock);
}

static void gate_leave(void)
{
	pthread_mutex_lock(&hash_gate.lock);
	hash_gate.running--;
	pthread_cond_signal(&hash_gate.cond);
	pthread_mutex_unlock(&hash_gate.lock);
}

static int sodium_ready(struct err *e)
{
	if (sodium_init() < 0)
		return err_set(e, ERR_INTERNAL, NULL, "内部错误：加密库初始化失败");
	return 0;
}

int user_hash_password(const char *password, char out[USER_HASH_MAX], struct err *e)
{
	size_t n = password ? strlen(password) : 0;
	int rc;
	if (n < USER_PASSWORD_MIN)
		return err_set(e, ERR_INVALID, "password", "密码至少需要%d个字符",
			       USER_PASSWORD_MIN);
	if (n > USER_PASSWORD_MAX)
		return err_set(e, ERR_INVALID, "password", "密码过长（最多%d个字符）",
			       USER_PASSWORD_MAX);
	rc = sodium_ready(e);
	if (rc)
		return rc;
	_Static_assert(USER_HASH_MAX >= crypto_pwhash_STRBYTES, "hash buffer too small");
	gate_enter();
	rc = crypto_pwhash_str(out, password, n, crypto_pwhash_OPSLIMIT_INTERACTIVE,
			       crypto_pwhash_MEMLIMIT_INTERACTIVE);
	gate_leave();
	if (rc != 0)
		return err_set(e, ERR_INTERNAL, NULL, "内部错误：密码哈希失败（内存不足）");
	return 0;
}

/* 1 when PASSWORD matches HASH. Runs under the gate. */
static int verify_hash(const char *hash, const char *password)
{
	int ok;
	gate_enter();
	ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
	gate_leave();
	return ok;
}

/* A hash to verify against for unknown names, so they cost the same time. */
static char dummy_hash[USER_HASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
	if (user_hash_password("gaoqi-dummy-password", dummy_hash, NULL) != 0)
		dummy_hash[0] = '\0';
}

/* ---- validation ---------------------------------------------------------------------- */

static int name_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 1 || n > 64)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '@' || c == '-'))
			return 0;
	}
	return 1;
}

static int role_ok(enum role r)
{
	return (int)r >= 0 && (int)r < ROLE_COUNT;
}

/* Check IN's role/areas/enterprise combination; resolve the enterprise id. */
static int check_shape(struct ledger *l, const struct user *in, int64_t *eid, struct err *e)
{
	*eid = 0;
	if (!role_ok(in->role))
		return err_set(e, ERR_INVALID, "role", "角色无效");
	if (in->display_name && strlen(in->display_name) > 100)
		return err_set(e, ERR_INVALID, "display_name", "显示名称过长（最多100字节）");
	if (ledger_text_check(in->display_name, "display_name", "显示名称", e))
		return ERR_INVALID;
	int needs_areas = in->role == ROLE_COUNTY || in->role == ROLE_VIEWER;
	if (needs_areas && in->n_areas == 0)
		return err_set(e, ERR_INVALID, "areas", "%s用户必须至少指定一个区域",
			       ledger_role_label(in->role));
	if (!needs_areas && in->n_areas > 0)
		return err_set(e, ERR_INVALID, "areas", "%s用户不按区域划分范围，不能指定区域",
			       ledger_role_label(in->role));
	if (in->n_areas > 100)
		return err_set(e, ERR_INVALID, "areas", "区域过多");
	if (in->role == ROLE_ENTERPRISE) {
		struct store_stmt *st = NULL;
		char u[19];
		const char *s = in->enterprise_uscc ? in->enterprise_uscc : "";
		if (!s[0])
			return err_set(e, ERR_INVALID, "enterprise", "企业用户必须指定所属企业");
		ledger_norm_uscc(s, u);
		int rc = store_prepare(l->db, "SELECT id FROM enterprises WHERE uscc = $1", &st, e);
		if (rc)
			return rc;
		store_bind_text(st, 1, u, STORE_NTS);
		rc = store_step(st, e);
		if (rc == STORE_ROW)
			*eid = store_column_int(st, 0);
		store_finish(st);
		if (rc < 0)
			return rc;
		if (rc == STORE_DONE)
			return err_set(e, ERR_INVALID, "enterprise", "企业不存在：%s", s);
	} else if (in->enterprise_uscc && in->enterprise_uscc[0]) {
		return err_set(e, ERR_INVALID, "enterprise", "只有企业用户才能指定所属企业");
	}
	return 0;
}

static int write_areas(struct ledger *l, int64_t id, const struct user *in, struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = store_prepare(l->db, "DELETE FROM user_areas WHERE user_id = $1", &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, id);
	rc = store_run(st, e);
	store_finish(st);
	for (size_t i = 0; !rc && i < in->n_areas; i++) {
		rc = store_prepare(l->db,
				   "INSERT INTO user_areas (user_id, area) VALUES ($1, $2) "
				   "ON CONFLICT DO NOTHING",
				   &st, e);
		if (rc)
			return rc;
		store_bind_int(st, 1, id);
		store_bind_text(st, 2, in->areas[i], STORE_NTS);
		rc = store_run(st, e);
		store_finish(st);
		if (rc == ERR_INVALID)
			rc = err_set(e, ERR_INVALID, "areas", "区域不存在：%s",
				     in->areas[i] ? in->areas[i] : "");
	}
	return rc;
}

static char *user_json(const struct user *u, const char *uscc)
{
	json_t *o = json_object();
	ledger_json_str(o, "name", u->name);
	ledger_json_str(o, "display_name", u->display_name ? u->display_name : "");
	ledger_json_str(o, "role", ledger_role_name(u->role));
	ledger_json_bool(o, "disabled", u->disabled);
	ledger_json_str(o, "enterprise", uscc && uscc[0] ? uscc : NULL);
	json_t *a = json_array();
	for (size_t i = 0; i < u->n_areas; i++)
		json_array_append_new(a, json_string(u->areas[i] ? u->areas[i] : ""));
	json_object_set_new(o, "areas", a);
	return ledger_json_take(o);
}

static int cmp_area(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	return strcmp(x ? x : "", y ? y : "");
}

/*
 * V = IN as the database will hold it, for the audit JSON and the no-change
 * test: the areas sorted (as load_user reads them) without repeats (arena
 * memory of A), the enterprise's USCC normalised into USCC (NULL unless the
 * role is enterprise).
 */
static const char *as_stored(struct arena *a, const struct user *in, struct user *v, char uscc[19])
{
	*v = *in;
	v->n_areas = 0;
	v->areas = NULL;
	if (in->n_areas) {
		const char **ar = arena_alloc(a, in->n_areas * sizeof *ar);
		memcpy(ar, in->areas, in->n_areas * sizeof *ar);
		qsort(ar, in->n_areas, sizeof *ar, cmp_area);
		for (size_t i = 0; i < in->n_areas; i++)
			if (!v->n_areas || cmp_area(&ar[i], &ar[v->n_areas - 1]))
				ar[v->n_areas++] = ar[i];
		v->areas = ar;
	}
	if (in->role != ROLE_ENTERPRISE || !in->enterprise_uscc)
		return NULL;
	ledger_norm_uscc(in->enterprise_uscc, uscc);
	return uscc;
}

static int admin_only(const struct ledger *l, struct err *e)
{
	return perm_check(&l->scope, CAP_USERS_MANAGE, "只有管理员可以管理用户", e);
}

/* ---- create ---------------------------------------------------------------------------- */

int user_create(struct ledger *l, const struct user *in, const char *password,
		const char *password_hash, int64_t *id, struct err *e)
{
	struct store_stmt *st = NULL;
	char hash[USER_HASH_MAX], now[21], *after = NULL;
	int64_t eid = 0, newid = 0;
	int rc = admin_only(l, e);
	if (rc)
		return rc;
	if (!name_ok(in->name))
		return err_set(e, ERR_INVALID, "name",
			       "用户名无效：%s（1到64个字母、数字或 . _ @ -）",
			       in->name ? in->name : "");
	if (password) {
		rc = user_password_policy(in->name, password, e);
		if (!rc)
			rc = user_hash_password(password, hash, e);
		if (rc)
			return rc;
	} else {
		if (!password_hash || !password_hash[0] || strlen(password_hash) >= USER_HASH_MAX)
			return err_set(e, ERR_INVALID, "password", "缺少密码");
		memcpy(hash, password_hash, strlen(password_hash) + 1);
	}
	rc = ledger_write_begin(l, e);
	if (rc)
		return rc;
	rc = check_shape(l, in, &eid, e);
	if (rc)
		goto out;
	rc = store_prepare(l->db,
			   "INSERT INTO users (name, display_name, role, password_hash, disabled, "
			   "enterprise_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, "
			   "$7, $7) RETURNING id",
			   &st, e);
	if (rc)
		goto out;
	store_bind_text(st, 1, in->name, STORE_NTS);
	store_bind_text(st, 2, in->display_name ? in->display_name : "", STORE_NTS);
	store_bind_text(st, 3, ledger_role_name(in->role), STORE_NTS);
	store_bind_text(st, 4, hash, STORE_NTS);
	store_bind_int(st, 5, in->disabled ? 1 : 0);
	store_bind_int_or_null(st, 6, eid, 0);
	store_bind_text(st, 7, ledger_now(now), STORE_NTS);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		newid = store_column_int(st, 0);
		rc = 0;
	}
	store_finish(st);
	if (rc == ERR_CONFLICT)
		rc = err_set(e, ERR_CONFLICT, "name", "用户名已存在：%s", in->name);
	if (rc)
		goto out;
	rc = write_areas(l, newid, in, e);
	if (rc)
		goto out;
	{
		struct arena *a = arena_new();
		struct user v;
		char u[19];
		const char *uscc = as_stored(a, in, &v, u);
		after = user_json(&v, uscc);
		arena_free(a);
	}
	rc = audit_record(l, "create", "users", in->name, NULL, after, e);
out:
	free(after);
	sodium_memzero(hash, sizeof hash);
	rc = ledger_write_end(l, rc, e);
	if (!rc && id)
		*id = newid;
	return rc;
}

/* ---- read ------------------------------------------------------------------------------ */

/*
 * Prepare "SELECT WHERE COND" on DB into *ST and bind $1 to NAME, or to ID
 * when NAME is NULL (COND is one of this file's constant conditions).
 */
static int prepare_where(struct store *db, const char *select, const char *cond, int64_t id,
			 const char *name, struct store_stmt **st, struct err *e)
{
	struct strbuf sql;
	int rc;
	strbuf_init(&sql, 2048);
	strbuf_addf(&sql, "%s WHERE %s", select, cond);
	rc = store_prepare(db, strbuf_cstr(&sql), st, e);
	strbuf_cleanup(&sql);
	if (rc)
		return rc;
	if (name)
		store_bind_text(*st, 1, name, STORE_NTS);
	else
		store_bind_int(*st, 1, id);
	return 0;
}

static int load_user(struct store *db, const char *cond, int64_t id, const char *name,
		     struct arena *arena, struct user *out, struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = prepare_where(db,
			       "SELECT u.id, u.name, u.display_name, u.role, u.disabled, "
			       "u.enterprise_id, t.uscc, u.created_at, u.updated_at FROM users u "
			       "LEFT JOIN enterprises t ON t.id = u.enterprise_id",
			       cond, id, name, &st, e);
	if (rc)
		return rc;
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		memset(out, 0, sizeof *out);
		out->id = store_column_int(st, 0);
		out->name = ledger_column_str(st, 1, arena);
		out->display_name = ledger_column_str(st, 2, arena);
		ledger_role_parse(store_column_text(st, 3, NULL), &out->role, NULL);
		out->disabled = (int)store_column_int(st, 4);
		out->enterprise_id = store_column_int(st, 5);
		out->enterprise_uscc = ledger_column_str(st, 6, arena);
		ledger_column_copy(st, 7, out->created_at, sizeof out->created_at);
		ledger_column_copy(st, 8, out->updated_at, sizeof out->updated_at);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = err_set(e, ERR_NOT_FOUND, "user", "用户不存在");
	}
	store_finish(st);
	if (rc)
		return rc;
	/* areas */
	rc = store_prepare(db, "SELECT area FROM user_areas WHERE user_id = $1 ORDER BY area", &st,
			   e);
	if (rc)
		return rc;
	store_bind_int(st, 1, out->id);
	size_t cap = 0;
	while ((rc = store_step(st, e)) == STORE_ROW) {
		out->areas =
			ledger_grow(arena, out->areas, out->n_areas, &cap, sizeof *out->areas, 4);
		out->areas[out->n_areas++] = ledger_column_str(st, 0, arena);
	}
	store_finish(st);
	return rc < 0 ? rc : 0;
}

static int may_read_user(const struct ledger *l, int64_t id)
{
	return perm_may(&l->scope, CAP_USERS_READ) || (l->scope.user_id && l->scope.user_id == id);
}

int user_get(struct ledger *l, int64_t id, struct arena *arena, struct user *out, struct err *e)
{
	if (!may_read_user(l, id))
		return err_set(e, ERR_NOT_FOUND, "user", "用户不存在");
	return load_user(l->db, "u.id = $1", id, NULL, arena, out, e);
}

int user_get_by_name(struct ledger *l, const char *name, struct arena *arena, struct user *out,
		     struct err *e)
{
	int rc = load_user(l->db, "u.name = $1", 0, name ? name : "", arena, out, e);
	if (rc)
		return rc;
	if (!may_read_user(l, out->id))
		return err_set(e, ERR_NOT_FOUND, "user", "用户不存在");
	return 0;
}

int user_list(struct ledger *l, struct arena *arena, struct user **items, size_t *n, struct err *e)
{
	struct store_stmt *st = NULL;
	int64_t *ids = NULL;
	size_t cap = 0, count = 0;
	int rc;
	*items = NULL;
	*n = 0;
	if (!perm_may(&l->scope, CAP_USERS_READ))
		return err_set(e, ERR_FORBIDDEN, NULL, "只有管理员和市级用户可以查看用户列表");
	rc = store_prepare(l->db, "SELECT id FROM users ORDER BY name", &st, e);
	if (rc)
		return rc;
	while ((rc = store_step(st, e)) == STORE_ROW) {
		ids = ledger_grow(arena, ids, count, &cap, sizeof *ids, 16);
		ids[count++] = store_column_int(st, 0);
	}
	store_finish(st);
	if (rc < 0)
		return rc;
	struct user *out = arena_alloc(arena, (count ? count : 1) * sizeof *out);
	for (size_t i = 0; i < count; i++) {
		rc = load_user(l->db, "u.id = $1", ids[i], NULL, arena, &out[i], e);
		if (rc)
			return rc;
	}
	*items = out;
	*n = count;
	return 0;
}

int user_staff(struct ledger *l, struct arena *arena, struct user_staff **items, size_t *n,
	       struct err *e)
{
	struct store_stmt *st = NULL;
	size_t cap = 0;
	*items = NULL;
	*n = 0;
	int rc = perm_check(&l->scope, CAP_CASEWORK_WRITE, "无权查看可指派的人员", e);
	if (rc)
		return rc;
	/* $2 = 1: the whole city; else colleagues of the caller's own areas or its firms' */
	rc = store_prepare(
		l->db,
		"SELECT u.id, u.display_name, u.role FROM users u WHERE u.disabled = 0 AND "
		"(u.role = 'city' OR u.role = 'expert' OR ($2 = 1 AND u.role = 'admin') OR "
		"(u.role = 'county' AND ($2 = 1 OR EXISTS (SELECT 1 FROM user_areas ua WHERE "
		"ua.user_id = u.id AND ua.area IN (SELECT area FROM user_areas WHERE user_id = $1 "
		"UNION SELECT t.area FROM expert_assignments x JOIN enterprises t "
		"ON t.id = x.enterprise_id WHERE x.user_id = $1))))) "
		"ORDER BY CASE u.role WHEN 'county' THEN 0 WHEN 'city' THEN 1 WHEN 'expert' THEN 2 "
		"ELSE 3 END, u.display_name, u.id",
		&st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, l->scope.user_id);
	store_bind_int(st, 2, ledger_scope_all(&l->scope) ? 1 : 0);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		*items = ledger_grow(arena, *items, *n, &cap, sizeof **items, 16);
		struct user_staff *u = &(*items)[(*n)++];
		enum role r = ROLE_VIEWER;
		u->id = store_column_int(st, 0);
		u->display_name = ledger_column_str(st, 1, arena);
		ledger_role_parse(store_column_text(st, 2, NULL), &r, NULL);
		u->role = r;
	}
	store_finish(st);
	return rc < 0 ? rc : 0;
}

/* ---- update ------------------------------------------------------------------------------ */

int user_update(struct ledger *l, int64_t id, const struct user *in, struct err *e)
{
	int begun = 0; /* ledger_write_begin succeeded: out ends the write */
	struct arena *arena = arena_new();
	struct store_stmt *st = NULL;
	struct user old, v;
	char *before = NULL, *after = NULL, now[21], norm[19];
	int64_t eid = 0;
	int rc = admin_only(l, e);
	if (rc)
		goto out;
	if (id == l->scope.user_id && in->role != ROLE_ADMIN) {
		rc = err_set(e, ERR_INVALID, "role", "不能取消自己的管理员角色");
		goto out;
	}
	rc = ledger_write_begin(l, e);
	if (rc)
		goto out;
	begun = 1;
	rc = load_user(l->db, "u.id = $1", id, NULL, arena, &old, e);
	if (rc)
		goto out;
	rc = check_shape(l, in, &eid, e);
	if (rc)
		goto out;
	const char *uscc = as_stored(arena, in, &v, norm);
	v.name = old.name;
	v.disabled = old.disabled;
	before = user_json(&old, old.enterprise_uscc);
	after = user_json(&v, uscc);
	if (!strcmp(before, after))
		goto out;
	rc = store_prepare(l->db,
			   "UPDATE users SET display_name = $2, role = $3, enterprise_id = $4, "
			   "updated_at = $5 WHERE id = $1",
			   &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, id);
	store_bind_text(st, 2, in->display_name ? in->display_name : "", STORE_NTS);
	store_bind_text(st, 3, ledger_role_name(in->role), STORE_NTS);
	store_bind_int_or_null(st, 4, eid, 0);
	store_bind_text(st, 5, ledger_now(now), STORE_NTS);
	rc = store_run(st, e);
	store_finish(st);
	if (rc)
		goto out;
	rc = write_areas(l, id, in, e);
	if (rc)
		goto out;
	rc = audit_record(l, "update", "users", old.name, before, after, e);
out:
	if (begun)
		rc = ledger_write_end(l, rc, e);
	free(before);
	free(after);
	arena_free(arena);
	return rc;
}

int user_set_disabled(struct ledger *l, int64_t id, int disabled, struct err *e)
{
	int begun = 0; /* ledger_write_begin succeeded: out ends the write */
	struct arena *arena = arena_new();
	struct store_stmt *st = NULL;
	struct user old, v;
	char *before = NULL, *after = NULL, now[21];
	int rc = admin_only(l, e);
	if (rc)
		goto out;
	if (disabled && id == l->scope.user_id) {
		rc = err_set(e, ERR_INVALID, "disabled", "不能停用自己的账户");
		goto out;
	}
	rc = ledger_write_begin(l, e);
	if (rc)
		goto out;
	begun = 1;
	rc = load_user(l->db, "u.id = $1", id, NULL, arena, &old, e);
	if (rc)
		goto out;
	if (old.disabled == (disabled ? 1 : 0))
		goto out;
	rc = store_prepare(l->db, "UPDATE users SET disabled = $2, updated_at = $3 WHERE id = $1",
			   &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, id);
	store_bind_int(st, 2, disabled ? 1 : 0);
	store_bind_text(st, 3, ledger_now(now), STORE_NTS);
	rc = store_run(st, e);
	store_finish(st);
	if (rc)
		goto out;
	if (disabled) {
		rc = session_revoke_user(l->db, id, NULL, e);
		if (rc)
			goto out;
	}
	v = old;
	v.disabled = disabled ? 1 : 0;
	before = user_json(&old, old.enterprise_uscc);
	after = user_json(&v, old.enterprise_uscc);
	rc = audit_record(l, disabled ? "disable" : "enable", "users", old.name, before, after, e);
out:
	if (begun)
		rc = ledger_write_end(l, rc, e);
	free(before);
	free(after);
	arena_free(arena);
	return rc;
}

static int load_hash(struct store *db, const char *cond, int64_t id, const char *name, int64_t *uid,
		     char hash[USER_HASH_MAX], int *disabled, struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = prepare_where(db, "SELECT id, password_hash, disabled FROM users", cond, id, name,
			       &st, e);
	if (rc)
		return rc;
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		*uid = store_column_int(st, 0);
		ledger_column_copy(st, 1, hash, USER_HASH_MAX);
		*disabled = (int)store_column_int(st, 2);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = ERR_NOT_FOUND;
	}
	store_finish(st);
	return rc;
}

/* The name of user ID into OUT. */
static int user_name_of(struct store *db, int64_t id, char *out, size_t cap, struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = store_prepare(db, "SELECT name FROM users WHERE id = $1", &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, id);
	rc = store_step(st, e);
	if (rc == STORE_ROW)
		ledger_column_copy(st, 0, out, cap);
	store_finish(st);
	if (rc == STORE_DONE)
		return err_set(e, ERR_NOT_FOUND, "user", "用户不存在");
	return rc < 0 ? rc : 0;
}

int user_set_password(struct ledger *l, int64_t id, const char *old_password,
		      const char *new_password, const char *keep_token, struct err *e)
{
	struct store_stmt *st = NULL;
	char hash[USER_HASH_MAX], cur[USER_HASH_MAX], now[21], *after = NULL;
	char uname[80];
	int64_t uid = 0;
	int disabled = 0, rc;
	int self = l->scope.user_id && l->scope.user_id == id;
	if (!self && !perm_may(&l->scope, CAP_USERS_MANAGE))
		return err_set(e, ERR_FORBIDDEN, NULL, "无权修改其他用户的密码");
	rc = load_hash(l->db, "id = $1", id, NULL, &uid, cur, &disabled, e);
	if (rc == ERR_NOT_FOUND)
		return err_set(e, ERR_NOT_FOUND, "user", "用户不存在");
	if (rc)
		return rc;
	if (self) {
		/* even an admin: a stolen session must not be enough to take the account */
		if (!old_password || !old_password[0])
			return err_set(e, ERR_INVALID, "old_password",
				       "修改自己的密码需要输入原密码");
		if (!verify_hash(cur, old_password))
			return err_set(e, ERR_AUTH, "old_password", "原密码不正确");
	}
	rc = user_name_of(l->db, id, uname, sizeof uname, e);
	if (!rc)
		rc = user_password_policy(uname, new_password, e);
	if (!rc)
		rc = user_hash_password(new_password, hash, e);
	if (rc)
		return rc;
	rc = ledger_write_begin(l, e);
	if (rc)
		return rc;
	rc = store_prepare(l->db,
			   "UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1 "
			   "RETURNING name",
			   &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, id);
	store_bind_text(st, 2, hash, STORE_NTS);
	store_bind_text(st, 3, ledger_now(now), STORE_NTS);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		ledger_column_copy(st, 0, uname, sizeof uname);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = err_set(e, ERR_NOT_FOUND, "user", "用户不存在");
	}
	store_finish(st);
	if (rc)
		goto out;
	rc = session_revoke_user(l->db, id, keep_token, e);
	if (rc)
		goto out;
	{
		json_t *o = json_object();
		ledger_json_bool(o, "password_changed", 1);
		after = ledger_json_take(o);
	}
	rc = audit_record(l, "password", "users", uname, NULL, after, e);
out:
	free(after);
	sodium_memzero(hash, sizeof hash);
	return ledger_write_end(l, rc, e);
}

/* ---- authentication ------------------------------------------------------------------------ */

static int fill_scope(struct store *db, int64_t id, struct scope *scope, struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = store_prepare(db,
			       "SELECT name, role, disabled, coalesce(enterprise_id, 0) FROM users "
			       "WHERE id = $1",
			       &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, id);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		memset(scope, 0, sizeof *scope);
		scope->user_id = id;
		ledger_column_copy(st, 0, scope->user_name, sizeof scope->user_name);
		if (ledger_role_parse(store_column_text(st, 1, NULL), &scope->role, NULL))
			rc = err_set(e, ERR_AUTH, NULL, "账户角色无效");
		else if (store_column_int(st, 2))
			rc = err_set(e, ERR_FORBIDDEN, NULL, "账户已停用");
		else
			rc = 0;
		scope->enterprise_id = store_column_int(st, 3);
	} else if (rc == STORE_DONE) {
		rc = err_set(e, ERR_AUTH, NULL, "用户不存在");
	}
	store_finish(st);
	if (rc || (scope->role != ROLE_COUNTY && scope->role != ROLE_VIEWER))
		return rc;
	/* Copy the areas so that scoped lists can use the area index. */
	rc = store_prepare(db, "SELECT area FROM user_areas WHERE user_id = $1 ORDER BY area", &st,
			   e);
	if (rc)
		return rc;
	store_bind_int(st, 1, id);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		if (scope->n_areas == LEDGER_SCOPE_AREAS) {
			scope->n_areas = 0; /* too many to carry: looked up in the query */
			break;
		}
		ledger_column_copy(st, 0, scope->areas[scope->n_areas],
				   sizeof scope->areas[scope->n_areas]);
		scope->n_areas++;
	}
	store_finish(st);
	return rc < 0 ? rc : 0;
}

int user_verify_login(struct store *db, const char *name, const char *password, struct scope *scope,
		      const char **why, struct err *e)
{
	char hash[USER_HASH_MAX];
	int64_t uid = 0;
	int disabled = 0;
	const char *reason = "wrong_password";
	int rc = sodium_ready(e);
	if (why)
		*why = NULL;
	if (rc)
		return rc;
	if (!password || strlen(password) > USER_PASSWORD_MAX)
		goto refuse;
	rc = load_hash(db, "name = $1", 0, name ? name : "", &uid, hash, &disabled, e);
	if (rc == ERR_NOT_FOUND) {
		pthread_once(&dummy_once, make_dummy);
		if (dummy_hash[0])
			verify_hash(dummy_hash, password);
		reason = "unknown_user";
		goto refuse;
	}
	if (rc)
		return rc;
	if (!verify_hash(hash, password))
		goto refuse;
	/* Disabled: the same answer as a wrong password, after the same work. */
	if (disabled) {
		reason = "disabled";
		goto refuse;
	}
	return fill_scope(db, uid, scope, e);
refuse:
	if (why)
		*why = reason;
	return err_set(e, ERR_AUTH, NULL, "用户名或密码错误");
}

int user_verify_password(struct store *db, const char *name, const char *password,
			 struct scope *scope, struct err *e)
{
	return user_verify_login(db, name, password, scope, NULL, e);
}

/* The commonest passwords of at least USER_PASSWORD_MIN bytes (lists of leaked passwords). */
static const char *const common_passwords[] = {
	"12345678",   "123456789",   "1234567890", "11111111",	 "00000000",	  "88888888",
	"66666666",   "87654321",    "12341234",   "11223344",	 "123123123",	  "password",
	"password1",  "password123", "passw0rd",   "qwertyui",	 "qwerty123",	  "qwertyuiop",
	"1qaz2wsx",   "1q2w3e4r",    "abcd1234",   "abc12345",	 "a1234567",	  "aa123456",
	"a12345678",  "iloveyou",    "admin123",   "admin1234",	 "administrator", "woaini1314",
	"5201314520", "gaoqi2026",   "gaoqi123",   "gaoqi12345", "changeme",	  "welcome1",
};

int user_password_policy(const char *name, const char *password, struct err *e)
{
	if (password && name && *name && !strcasecmp(password, name))
		return err_set(e, ERR_INVALID, "password", "密码不能与用户名相同");
	for (size_t i = 0; password && i < sizeof common_passwords / sizeof *common_passwords; i++)
		if (!strcasecmp(password, common_passwords[i]))
			return err_set(e, ERR_INVALID, "password",
				       "密码过于常见，容易被猜中，请换一个");
	return 0;
}

int user_scope(struct store *db, int64_t id, struct scope *scope, struct err *e)
{
	int rc = fill_scope(db, id, scope, e);
	if (rc == ERR_FORBIDDEN)
		return err_set(e, ERR_AUTH, NULL, "账户已停用");
	return rc;
}
