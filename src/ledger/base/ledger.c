/*
 * ledger — the use-case context: roles, scope, transactions and the small
 * helpers that every ledger module shares.
 */
#include "ledger/internal.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/date.h"
#include "core/xalloc.h"
#include "rules/fields.h"

static const char *const role_names[ROLE_COUNT] = {"admin",  "city",	   "county",
						   "expert", "enterprise", "viewer"};
static const char *const role_labels[ROLE_COUNT] = {"管理员", "市级", "县级",
						    "专家",   "企业", "查看"};

int ledger_code_find(const char *const *names, const char *const *labels, int n, const char *s)
{
	for (int i = 0; s && i < n; i++)
		if (!strcmp(s, names[i]) || (labels && !strcmp(s, labels[i])))
			return i;
	return -1;
}

const char *ledger_code_at(const char *const *table, int n, int i)
{
	return i < 0 || i >= n ? "?" : table[i];
}

const char *ledger_role_name(enum role r)
{
	return ledger_code_at(role_names, ROLE_COUNT, (int)r);
}

const char *ledger_role_label(enum role r)
{
	return ledger_code_at(role_labels, ROLE_COUNT, (int)r);
}

int ledger_role_parse(const char *s, enum role *out, struct err *e)
{
	int i = ledger_code_find(role_names, role_labels, ROLE_COUNT, s);
	if (i >= 0) {
		*out = (enum role)i;
		return 0;
	}
	return err_set(e, ERR_INVALID, "role",
		       "未知角色：%s（应为 admin、city、county、expert、enterprise 或 viewer）",
		       s ? s : "");
}

static struct fields_table fields;
static const struct fields_table *fields_ready;
static pthread_once_t fields_once = PTHREAD_ONCE_INIT;

static void load_fields(void)
{
	if (fields_load(&fields, NULL) == 0)
		fields_ready = &fields;
}

const struct fields_table *ledger_fields(void)
{
	pthread_once(&fields_once, load_fields);
	return fields_ready;
}

struct scope ledger_system_scope(void)
{
	struct scope s;
	memset(&s, 0, sizeof s);
	s.role = ROLE_ADMIN;
	memcpy(s.user_name, "system", sizeof "system");
	return s;
}

static void copy_trunc(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);
	if (n >= size) {
		n = size - 1;
		/* Do not cut a UTF-8 sequence in half. */
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

void ledger_init(struct ledger *l, struct store *db, const struct scope *scope, const char *source)
{
	assert(db && scope);
	memset(l, 0, sizeof *l);
	l->db = db;
	l->scope = *scope;
	if (!l->scope.user_name[0])
		copy_trunc(l->scope.user_name, sizeof l->scope.user_name,
			   scope->user_id ? "?" : "system");
	ledger_set_source(l, source);
}

void ledger_set_source(struct ledger *l, const char *source)
{
	copy_trunc(l->source, sizeof l->source, source ? source : "cli");
}

/* Forget the indexes kept by ledger_bulk_begin (brought back by a rollback, or built). */
static void deferred_drop(struct ledger *l)
{
	if (!l->deferred)
		return;
	store_deferred_free(l->deferred);
	free(l->deferred);
	l->deferred = NULL;
}

int ledger_begin(struct ledger *l, struct err *e)
{
	return store_begin(l->db, e);
}

int ledger_commit(struct ledger *l, struct err *e)
{
	/* never commit a table without its indexes */
	if (l->deferred && ledger_bulk_end(l, e)) {
		struct err ignored;
		ledger_rollback(l, &ignored);
		return ERR_DB;
	}
	/* nor a change of an assessment's inputs without the stored assessment */
	int rc = stored_flush(l, e);
	if (rc) {
		struct err ignored;
		ledger_rollback(l, &ignored);
		return rc;
	}
	return store_commit(l->db, e);
}

int ledger_rollback(struct ledger *l, struct err *e)
{
	l->write_depth = 0;
	l->write_own_tx = 0;
	deferred_drop(l); /* the rollback brings the indexes back */
	ledger_assess_clear(l);
	return store_rollback(l->db, e);
}

void ledger_assess_mark(struct ledger *l, int64_t enterprise_id)
{
	if (l->assess_all)
		return;
	/* consecutive writes of one firm (its year, then its IP …) mark it once */
	if (l->n_assess && l->assess_ids[l->n_assess - 1] == enterprise_id)
		return;
	if (l->n_assess == l->cap_assess) {
		l->cap_assess = l->cap_assess ? 2 * l->cap_assess : 16;
		l->assess_ids = xrealloc(l->assess_ids, l->cap_assess * sizeof *l->assess_ids);
	}
	l->assess_ids[l->n_assess++] = enterprise_id;
}

void ledger_assess_mark_all(struct ledger *l)
{
	l->assess_all = 1;
}

void ledger_assess_clear(struct ledger *l)
{
	free(l->assess_ids);
	l->assess_ids = NULL;
	l->n_assess = l->cap_assess = 0;
	l->assess_all = 0;
}

/* The highest rowid of TABLE (a name from the program): an upper bound of its rows, at once. */
static int max_rowid(struct ledger *l, const char *table, int64_t *out, struct err *e)
{
	char sql[96];
	struct store_stmt *st = NULL;
	snprintf(sql, sizeof sql, "SELECT coalesce(max(rowid), 0) FROM %s", table);
	int rc = store_prepare(l->db, sql, &st, e);
	if (rc)
		return rc;
	rc = store_step(st, e);
	*out = rc == STORE_ROW ? store_column_int(st, 0) : 0;
	store_finish(st);
	return rc < 0 ? rc : 0;
}

int ledger_bulk_begin(struct ledger *l, uint64_t expected, struct err *e)
{
	/* in a group of ledger_begin, outside any single write's savepoint (whose undo
	 * would bring the indexes back behind the ledger's back) */
	if (!store_in_transaction(l->db) || l->write_depth)
		return err_set(e, ERR_INTERNAL, NULL, "内部错误：批量写入须在事务中进行");
	/*
	 * Only the enterprises' eight indexes pay: those of indicators, tier
	 * history and audit rows grow at their end during an import (measured:
	 * setting them aside too gained nothing and cost memory).
	 */
	int64_t stored = 0;
	int rc = max_rowid(l, "enterprises", &stored, e);
	if (rc || 2 * expected < (uint64_t)stored)
		return rc;
	if (!l->deferred)
		l->deferred = xcalloc(1, sizeof *l->deferred);
	return store_indexes_drop(l->db, "enterprises", l->deferred, e);
}

int ledger_bulk_end(struct ledger *l, struct err *e)
{
	if (!l->deferred)
		return 0;
	int rc = store_indexes_restore(l->db, l->deferred, e);
	deferred_drop(l);
	return rc;
}

int ledger_scope_all(const struct scope *s)
{
	return s->role == ROLE_ADMIN || s->role == ROLE_CITY;
}

/* 1 when the scope carries its areas and each is a plain code safe to inline. */
static int areas_inline(const struct scope *s)
{
	if (s->n_areas < 1 || s->n_areas > LEDGER_SCOPE_AREAS)
		return 0;
	for (int i = 0; i < s->n_areas; i++) {
		const char *c = s->areas[i];
		size_t n = strnlen(c, sizeof s->areas[i]);
		if (n == 0 || n >= sizeof s->areas[i])
			return 0;
		for (size_t k = 0; k < n; k++)
			if (!((c[k] >= '0' && c[k] <= '9') || (c[k] >= 'A' && c[k] <= 'Z')))
				return 0;
	}
	return 1;
}

/*
 * "t.area = '530302'" or "t.area IN ('530302', '530303')": literal codes (checked
 * by areas_inline) let SQLite walk the (area, name) index for a page.
 */
static int append_areas(const struct scope *s, struct strbuf *sql, const char *alias)
{
	int rc;
	if (s->n_areas == 1)
		return strbuf_addf(sql, "%s.area = '%s'", alias, s->areas[0]);
	rc = strbuf_addf(sql, "%s.area IN (", alias);
	for (int i = 0; !rc && i < s->n_areas; i++)
		rc = strbuf_addf(sql, "%s'%s'", i ? ", " : "", s->areas[i]);
	if (!rc)
		rc = strbuf_addc(sql, ')');
	return rc;
}

int ledger_scope_sql(const struct scope *s, struct strbuf *sql, const char *alias, int param)
{
	switch (s->role) {
	case ROLE_ADMIN:
	case ROLE_CITY: return strbuf_adds(sql, "1=1");
	case ROLE_COUNTY:
	case ROLE_VIEWER:
		if (areas_inline(s))
			return append_areas(s, sql, alias);
		return strbuf_addf(sql,
				   "%s.area IN (SELECT area FROM user_areas WHERE user_id = $%d)",
				   alias, param);
	case ROLE_EXPERT:
		return strbuf_addf(sql,
				   "%s.id IN (SELECT enterprise_id FROM expert_assignments "
				   "WHERE user_id = $%d)",
				   alias, param);
	case ROLE_ENTERPRISE: return strbuf_addf(sql, "%s.id = $%d", alias, param);
	}
	return strbuf_adds(sql, "1=0");
}

int ledger_scope_by_area(const struct scope *s)
{
	return s->role == ROLE_COUNTY || s->role == ROLE_VIEWER;
}

int64_t ledger_scope_param(const struct scope *s)
{
	return s->role == ROLE_ENTERPRISE ? s->enterprise_id : s->user_id;
}

/* Run a lookup "SELECT t.id FROM enterprises t WHERE <key> AND <scope>". */
static int scoped_lookup(struct ledger *l, const char *keycond, const char *text, int64_t num,
			 int64_t *id, struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	int rc;
	strbuf_init(&sql, 4096);
	strbuf_adds(&sql, "SELECT t.id FROM enterprises t WHERE ");
	strbuf_adds(&sql, keycond);
	strbuf_adds(&sql, " AND ");
	ledger_scope_sql(&l->scope, &sql, "t", 9);
	rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	if (rc)
		goto out;
	if (text)
		store_bind_text(st, 1, text, STORE_NTS);
	else
		store_bind_int(st, 1, num);
	store_bind_int(st, 9, ledger_scope_param(&l->scope));
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		if (id)
			*id = store_column_int(st, 0);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = err_set(e, ERR_NOT_FOUND, "uscc", "企业不存在%s%s", text ? "：" : "",
			     text ? text : "");
	}
out:
	store_finish(st);
	strbuf_cleanup(&sql);
	return rc;
}

int ledger_check_enterprise(struct ledger *l, int64_t enterprise_id, struct err *e)
{
	return scoped_lookup(l, "t.id = $1", NULL, enterprise_id, NULL, e);
}

void ledger_norm_uscc(const char *in, char out[19])
{
	size_t n = 0;
	if (!in)
		in = "";
	while (*in == ' ' || *in == '\t')
		in++;
	for (; in[n] && in[n] != ' ' && in[n] != '\t' && n < 18; n++)
		out[n] = (in[n] >= 'a' && in[n] <= 'z') ? (char)(in[n] - 'a' + 'A') : in[n];
	if (in[n] && in[n] != ' ' && in[n] != '\t')
		n = 0; /* too long: matches nothing */
	out[n] = '\0';
}

void ledger_row_key(const char *uscc, int64_t n, char out[48])
{
	char u[19];
	ledger_norm_uscc(uscc, u);
	snprintf(out, 48, "%s/%lld", u, (long long)n);
}

int ledger_enterprise_id(struct ledger *l, const char *uscc, int64_t *id, struct err *e)
{
	char norm[19];
	ledger_norm_uscc(uscc, norm);
	int rc = scoped_lookup(l, "t.uscc = $1", norm, 0, id, e);
	if (rc == ERR_NOT_FOUND)
		return err_set(e, ERR_NOT_FOUND, "uscc", "企业不存在：%s", uscc ? uscc : "");
	return rc;
}

int ledger_write_begin(struct ledger *l, struct err *e)
{
	int rc;
	if (l->write_depth == 0 && !store_in_transaction(l->db)) {
		rc = store_begin(l->db, e);
		if (rc)
			return rc;
		l->write_own_tx = 1;
	} else {
		rc = store_savepoint(l->db, "ledger_write", e);
		if (rc)
			return rc;
	}
	l->write_depth++;
	return 0;
}

int ledger_write_end(struct ledger *l, int rc, struct err *e)
{
	assert(l->write_depth > 0); /* every end has its begin */
	l->write_depth--;
	if (l->write_depth == 0 && l->write_own_tx) {
		l->write_own_tx = 0;
		if (rc) {
			deferred_drop(l);
			ledger_assess_clear(l);
			store_rollback(l->db, NULL);
			return rc;
		}
		return ledger_commit(l, e); /* builds any indexes set aside first */
	}
	if (rc) {
		store_rollback_to(l->db, "ledger_write", NULL);
		return rc;
	}
	return store_release(l->db, "ledger_write", e);
}

char *ledger_now(char out[21])
{
	/* formatted once a second per thread (an import stamps 300,000 rows a run) */
	static _Thread_local time_t last = (time_t)-1;
	static _Thread_local char text[21];
	time_t t = time(NULL);
	if (t != last) {
		time_now_iso(text);
		last = t;
	}
	memcpy(out, text, sizeof text);
	return out;
}

void ledger_hold_begin(struct ledger *l)
{
	l->holding = 1;
	l->n_area_ok = 0;
}

void ledger_hold_end(struct ledger *l)
{
	if (!l)
		return;
	for (int i = 0; i < LEDGER_SLOT_COUNT; i++) {
		store_finish(l->held[i]);
		l->held[i] = NULL;
	}
	l->holding = 0;
	l->n_area_ok = 0;
}

int ledger_stmt(struct ledger *l, enum ledger_slot slot, const char *sql, struct store_stmt **st,
		struct err *e)
{
	assert((int)slot >= 0 && slot < LEDGER_SLOT_COUNT);
	if (l->holding && l->held[slot]) {
		*st = l->held[slot];
		return 0;
	}
	int rc = store_prepare(l->db, sql, st, e);
	if (!rc && l->holding)
		l->held[slot] = *st;
	return rc;
}

void ledger_stmt_done(struct ledger *l, enum ledger_slot slot, struct store_stmt *st)
{
	assert((int)slot >= 0 && slot < LEDGER_SLOT_COUNT);
	if (st && l->holding && l->held[slot] == st)
		store_reset(st);
	else
		store_finish(st);
}

int ledger_bind_date(struct store_stmt *st, int n, int32_t days)
{
	char buf[11];
	if (days == LEDGER_NO_DATE)
		return store_bind_null(st, n);
	return store_bind_text(st, n, date_format(days, buf), STORE_NTS);
}

int32_t ledger_column_date(struct store_stmt *st, int col)
{
	size_t len = 0;
	const char *t = store_column_text(st, col, &len);
	int32_t d;
	if (!t || date_parse(t, len, &d, "date", NULL))
		return LEDGER_NO_DATE;
	return d;
}

const char *ledger_column_str(struct store_stmt *st, int col, struct arena *arena)
{
	size_t len = 0;
	const char *t = store_column_text(st, col, &len);
	if (!t)
		return NULL;
	return arena_strndup(arena, t, len);
}

void ledger_column_copy(struct store_stmt *st, int col, char *out, size_t n)
{
	const char *t = store_column_text(st, col, NULL);
	copy_trunc(out, n, t ? t : "");
}

void ledger_copy_bytes(char *dst, size_t size, const char *src)
{
	size_t n = src ? strlen(src) : 0;
	if (n >= size)
		n = size - 1;
	if (n)
		memcpy(dst, src, n);
	dst[n] = '\0';
}

void *ledger_grow(struct arena *arena, void *items, size_t count, size_t *cap, size_t size,
		  size_t first)
{
	assert(count <= *cap && size > 0);
	if (count < *cap)
		return items;
	size_t ncap = *cap ? *cap * 2 : first;
	void *g = arena_alloc(arena, ncap * size);
	if (count)
		memcpy(g, items, count * size);
	*cap = ncap;
	return g;
}
