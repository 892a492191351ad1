/*
 * store — the dispatching front of store.h: the URL check of store_open, the
 * statement cache (keyed by the SQL text, per connection), savepoints, the
 * embedded migrations, and the public functions, which call the connection's
 * backend through its vtable (store_internal.h): store_sqlite.c (SQLite) or
 * store_pg.c (PostgreSQL over libpq).
 */
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "store/store_internal.h"

#define CACHE_BUCKETS STORE_CACHE_BUCKETS
#define CACHE_MAX 512 /* statements kept per connection */

int store_is_postgres(const char *path)
{
	return !strncmp(path, "postgres://", 11) || !strncmp(path, "postgresql://", 13) ||
	       !strcmp(path, "postgres:") || !strcmp(path, "postgresql:");
}

int store_open(const char *path, int flags, struct store **out, struct err *e)
{
	*out = NULL;
	if (!path || !*path)
		return err_set(e, ERR_INVALID, "db", "数据库路径为空");
	if (store_is_postgres(path)) {
		if (!(flags & STORE_ALLOW_POSTGRES))
			return err_set(
				e, ERR_INVALID, "db",
				"PostgreSQL 后端尚未完成：账本的 SQL 尚未移植（见 issue 17）");
		return store_pg_open(path, flags, out, e);
	}
	return store_sqlite_open(path, flags, out, e);
}

static void stmt_destroy(struct store_stmt *st)
{
	st->owner->ops->destroy(st);
	free(st->sql);
	free(st);
}

static void cache_clear(struct store *s)
{
	for (int b = 0; b < CACHE_BUCKETS; b++) {
		struct store_stmt *st = s->buckets[b], *next;
		for (; st; st = next) {
			next = st->next;
			stmt_destroy(st);
		}
		s->buckets[b] = NULL;
	}
	s->ncached = 0;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	s->closing = 1;
	cache_clear(s);
	s->ops->close(s);
	free(s->path);
	free(s);
}

enum store_dialect store_dialect(const struct store *s)
{
	return s->dialect;
}

const char *store_path(const struct store *s)
{
	return s->path;
}
/* ---- statements ---------------------------------------------------------------- */

int store_set_cache_mib(struct store *s, int mib, struct err *e)
{
	if (mib < 2 || mib > 4096)
		return err_set(e, ERR_INVALID, NULL, "内部错误：缓存大小应在2到4096 MiB之间");
	return s->ops->set_cache_mib(s, mib, e);
}

int store_exec(struct store *s, const char *sql, struct err *e)
{
	return s->ops->exec(s, sql, e);
}

/*
 * A hash of the N bytes of SQL, eight at a time: every row of an import
 * looks several statements up by their text (up to a few KiB each), and a
 * byte-at-a-time hash cost more than the lookups' SQLite work.
 */
static unsigned hash_sql(const char *sql, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, sql + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 29;
	}
	uint64_t tail = 0;
	memcpy(&tail, sql + i, n - i);
	h = (h ^ tail) * 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 32;
	return (unsigned)h;
}
int store_prepare(struct store *s, const char *sql, struct store_stmt **out, struct err *e)
{
	size_t len = strlen(sql);
	unsigned h = hash_sql(sql, len);
	struct store_stmt *st;
	int rc;
	*out = NULL;
	for (st = s->buckets[h % CACHE_BUCKETS]; st; st = st->next) {
		if (st->hash == h && st->len == len && !st->busy && !memcmp(st->sql, sql, len)) {
			st->busy = 1;
			*out = st;
			return 0;
		}
	}
	st = s->ops->stmt_new();
	st->owner = s;
	st->sql = xstrdup(sql);
	st->len = len;
	st->hash = h;
	rc = s->ops->compile(st, e);
	if (rc) {
		stmt_destroy(st);
		return rc;
	}
	if (s->ncached >= CACHE_MAX) {
		/* Rare (dynamic SQL of many shapes): drop the idle statements. */
		for (int b = 0; b < CACHE_BUCKETS; b++) {
			struct store_stmt **pp = &s->buckets[b];
			while (*pp) {
				struct store_stmt *c = *pp;
				if (!c->busy) {
					*pp = c->next;
					stmt_destroy(c);
					s->ncached--;
				} else {
					c->cached = 1;
					pp = &c->next;
				}
			}
		}
	}
	if (s->ncached < CACHE_MAX) {
		st->cached = 1;
		st->next = s->buckets[h % CACHE_BUCKETS];
		s->buckets[h % CACHE_BUCKETS] = st;
		s->ncached++;
	}
	st->busy = 1;
	*out = st;
	return 0;
}

void store_finish(struct store_stmt *st)
{
	if (!st)
		return;
	st->owner->ops->finish(st);
	st->busy = 0;
	if (!st->cached)
		stmt_destroy(st);
}

void store_reset(struct store_stmt *st)
{
	if (st)
		st->owner->ops->reset(st);
}

int store_bind_int(struct store_stmt *st, int n, int64_t v)
{
	return st->owner->ops->bind_int(st, n, v);
}

int store_bind_text(struct store_stmt *st, int n, const char *text, size_t len)
{
	return st->owner->ops->bind_text(st, n, text, len, 1);
}

int store_bind_text_static(struct store_stmt *st, int n, const char *text, size_t len)
{
	return st->owner->ops->bind_text(st, n, text, len, 0);
}

int store_bind_blob(struct store_stmt *st, int n, const void *data, size_t len)
{
	return st->owner->ops->bind_blob(st, n, data, len);
}

int store_bind_null(struct store_stmt *st, int n)
{
	return st->owner->ops->bind_null(st, n);
}

int store_bind_int_or_null(struct store_stmt *st, int n, int64_t v, int64_t nullv)
{
	if (v == nullv)
		return store_bind_null(st, n);
	return store_bind_int(st, n, v);
}

int store_step(struct store_stmt *st, struct err *e)
{
	return st->owner->ops->step(st, e);
}

int64_t store_changes(const struct store *s)
{
	return s->ops->changes(s);
}

int store_column_count(struct store_stmt *st)
{
	return st->owner->ops->column_count(st);
}

int store_column_is_null(struct store_stmt *st, int col)
{
	return st->owner->ops->column_is_null(st, col);
}

int64_t store_column_int(struct store_stmt *st, int col)
{
	return st->owner->ops->column_int(st, col);
}

int64_t store_column_int_or(struct store_stmt *st, int col, int64_t nullv)
{
	if (st->owner->ops->column_is_null(st, col))
		return nullv;
	return st->owner->ops->column_int(st, col);
}

const void *store_column_blob(struct store_stmt *st, int col, size_t *len)
{
	return st->owner->ops->column_blob(st, col, len);
}

const char *store_column_text(struct store_stmt *st, int col, size_t *len)
{
	return st->owner->ops->column_text(st, col, len);
}

int store_run(struct store_stmt *st, struct err *e)
{
	int rc = store_step(st, e);
	if (rc < 0)
		return rc;
	return 0;
}
/* ---- transactions ------------------------------------------------------------ */

int store_begin(struct store *s, struct err *e)
{
	return s->ops->begin(s, e);
}

int store_begin_read(struct store *s, struct err *e)
{
	if (s->ops->in_transaction(s))
		return err_set(e, ERR_DB, NULL, "内部错误：事务已经开始");
	return s->ops->exec(s,
			    s->dialect == STORE_POSTGRES
				    ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
				    : "BEGIN",
			    e);
}

int store_commit(struct store *s, struct err *e)
{
	return s->ops->commit(s, e);
}

int store_rollback(struct store *s, struct err *e)
{
	return s->ops->rollback(s, e);
}

int store_in_transaction(const struct store *s)
{
	return s->ops->in_transaction(s);
}

/* ERR_INVALID for an operation of SQLite only (WHAT) on a PostgreSQL connection. */
static int sqlite_only(const struct store *s, const char *what, struct err *e)
{
	if (s->dialect != STORE_POSTGRES)
		return 0;
	return err_set(e, ERR_INVALID, "db", "PostgreSQL 数据库不支持%s", what);
}

int store_indexes_drop(struct store *s, const char *table, struct store_deferred *d, struct err *e)
{
	if (!store_in_transaction(s))
		return err_set(e, ERR_INTERNAL, NULL, "内部错误：只能在事务中暂时删除索引");
	int rc = sqlite_only(s, "暂时删除索引（批量导入请使用 COPY）", e);
	return rc ? rc : store_sqlite_indexes_drop(s, table, d, e);
}

int store_indexes_restore(struct store *s, struct store_deferred *d, struct err *e)
{
	int rc = 0;
	for (size_t i = 0; i < d->n && !rc; i++)
		rc = store_exec(s, d->sql[i], e);
	store_deferred_free(d);
	return rc;
}

void store_deferred_free(struct store_deferred *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->sql[i]);
		free(d->name[i]);
	}
	free(d->sql);
	free(d->name);
	d->sql = NULL;
	d->name = NULL;
	d->n = 0;
}

/* VERB "NAME" as a cached statement: savepoints come and go with every grouped write. */
static int exec_named(struct store *s, const char *verb, const char *name, struct err *e)
{
	char sql[160];
	struct store_stmt *st = NULL;
	int n = snprintf(sql, sizeof sql, "%s \"%s\"", verb, name);
	if (n < 0 || (size_t)n >= sizeof sql)
		return err_set(e, ERR_INTERNAL, NULL, "内部错误：保存点名称过长");
	/* PostgreSQL: a plain simple-protocol command (nothing to gain from a named statement). */
	if (s->dialect == STORE_POSTGRES)
		return store_exec(s, sql, e);
	int rc = store_prepare(s, sql, &st, e);
	if (rc)
		return rc;
	rc = store_run(st, e);
	store_finish(st);
	return rc;
}

int store_savepoint(struct store *s, const char *name, struct err *e)
{
	return exec_named(s, "SAVEPOINT", name, e);
}

int store_release(struct store *s, const char *name, struct err *e)
{
	return exec_named(s, "RELEASE", name, e);
}

int store_rollback_to(struct store *s, const char *name, struct err *e)
{
	int rc = exec_named(s, "ROLLBACK TO", name, e);
	int rc2 = exec_named(s, "RELEASE", name, rc ? NULL : e);
	return rc ? rc : rc2;
}

/* ---- migrations ---------------------------------------------------------------- */

struct migration {
	int version;
	const char *name; /* the file name without the dialect folder */
	const struct embed_file *file;
};

static const char *dialect_dir(const struct store *s)
{
	return store_dialect(s) == STORE_POSTGRES ? "postgres/" : "sqlite/";
}

static int cmp_migration(const void *a, const void *b)
{
	const struct migration *x = a, *y = b;
	return (x->version > y->version) - (x->version < y->version);
}

/* The migrations for S's dialect among FILES, sorted; caller frees *OUT. */
static size_t collect_migrations(const struct store *s, const struct embed_file *files,
				 size_t count, struct migration **out)
{
	const char *dir = dialect_dir(s);
	size_t dl = strlen(dir), n = 0;
	struct migration *m = xcalloc(count ? count : 1, sizeof *m);
	for (size_t i = 0; i < count; i++) {
		const char *p = files[i].path;
		if (strncmp(p, dir, dl) != 0)
			continue;
		const char *base = p + dl;
		int ok = 1, v = 0;
		for (int k = 0; k < 4; k++) {
			if (base[k] < '0' || base[k] > '9') {
				ok = 0;
				break;
			}
			v = v * 10 + (base[k] - '0');
		}
		if (!ok || base[4] != '_' || strchr(base, '/') || v == 0)
			continue;
		size_t bl = strlen(base);
		if (bl < 5 || strcmp(base + bl - 4, ".sql") != 0)
			continue;
		m[n].version = v;
		m[n].name = base;
		m[n].file = &files[i];
		n++;
	}
	qsort(m, n, sizeof *m, cmp_migration);
	*out = m;
	return n;
}

static int ensure_migrations_table(struct store *s, struct err *e)
{
	return store_exec(s,
			  "CREATE TABLE IF NOT EXISTS schema_migrations ("
			  " version INTEGER PRIMARY KEY,"
			  " name TEXT NOT NULL,"
			  " applied_at TEXT NOT NULL)",
			  e);
}

int store_table_exists(struct store *s, const char *name, int *exists, struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = store_prepare(
		s,
		s->dialect == STORE_POSTGRES
			? "SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = "
			  "current_schema() AND tablename = $1"
			: "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $1",
		&st, e);
	if (rc)
		return rc;
	store_bind_text(st, 1, name, STORE_NTS);
	rc = store_step(st, e);
	*exists = rc == STORE_ROW;
	store_finish(st);
	return rc < 0 ? rc : 0;
}

int store_schema_version(struct store *s, int *version, struct err *e)
{
	struct store_stmt *st = NULL;
	int exists = 0, rc;
	*version = 0;
	rc = store_table_exists(s, "schema_migrations", &exists, e);
	if (rc || !exists)
		return rc;
	rc = store_prepare(s, "SELECT coalesce(max(version), 0) FROM schema_migrations", &st, e);
	if (rc)
		return rc;
	rc = store_step(st, e);
	if (rc == STORE_ROW)
		*version = (int)store_column_int(st, 0);
	store_finish(st);
	return rc < 0 ? rc : 0;
}

int store_known_version(const struct store *s)
{
	struct migration *m = NULL;
	size_t n = collect_migrations(s, embed_migrations_files, embed_migrations_count, &m);
	int v = n ? m[n - 1].version : 0;
	free(m);
	return v;
}

/* Is VERSION applied? Sets *APPLIED. */
static int is_applied(struct store *s, int version, int *applied, struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = store_prepare(s, "SELECT 1 FROM schema_migrations WHERE version = $1", &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, version);
	rc = store_step(st, e);
	*applied = rc == STORE_ROW;
	store_finish(st);
	return rc < 0 ? rc : 0;
}

/*
 * Compare the database's applied versions with the known list: an applied
 * version that is not known is ERR_CONFLICT. *PENDING gets the count of known
 * versions not applied.
 */
static int compare_versions(struct store *s, const struct migration *m, size_t n, int *pending,
			    struct err *e)
{
	struct store_stmt *st = NULL;
	int rc, exists = 0;
	*pending = (int)n;
	rc = store_table_exists(s, "schema_migrations", &exists, e);
	if (rc || !exists)
		return rc;
	rc = store_prepare(s, "SELECT version FROM schema_migrations ORDER BY version", &st, e);
	if (rc)
		return rc;
	int known_max = n ? m[n - 1].version : 0;
	while ((rc = store_step(st, e)) == STORE_ROW) {
		int v = (int)store_column_int(st, 0);
		int found = 0;
		for (size_t i = 0; i < n; i++) {
			if (m[i].version == v) {
				found = 1;
				break;
			}
		}
		if (!found) {
			rc = err_set(e, ERR_CONFLICT, "db",
				     "数据库结构版本%d不被本程序识别（本程序支持到版本%d），"
				     "可能由更新版本的 gaoqi 创建，请升级 gaoqi",
				     v, known_max);
			break;
		}
		(*pending)--;
	}
	store_finish(st);
	return rc < 0 ? rc : 0;
}

static int apply_one(struct store *s, const struct migration *m, struct err *e)
{
	struct store_stmt *st = NULL;
	char now[21];
	int rc = store_begin(s, e), applied = 0;
	if (rc)
		return rc;
	rc = is_applied(s, m->version, &applied, e);
	if (rc || applied)
		goto out;
	rc = store_exec(s, (const char *)m->file->data, e);
	if (rc) {
		err_set(e, rc, "db", "数据库迁移 %s 失败", m->name);
		goto out;
	}
	rc = store_prepare(s,
			   "INSERT INTO schema_migrations (version, name, applied_at) "
			   "VALUES ($1, $2, $3)",
			   &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, m->version);
	store_bind_text(st, 2, m->name, STORE_NTS);
	store_bind_text(st, 3, time_now_iso(now), STORE_NTS);
	rc = store_run(st, e);
	store_finish(st);
	if (rc)
		goto out;
	rc = store_commit(s, e);
	if (!rc)
		log_info("store: applied migration %s", m->name);
	return rc;
out:
	store_rollback(s, NULL);
	return rc;
}

int store_migrate_files(struct store *s, const struct embed_file *files, size_t count, int *applied,
			struct err *e)
{
	struct migration *m = NULL;
	size_t n = collect_migrations(s, files, count, &m);
	int rc, pending = 0, done = 0;
	if (applied)
		*applied = 0;
	rc = ensure_migrations_table(s, e);
	if (rc)
		goto out;
	rc = compare_versions(s, m, n, &pending, e);
	if (rc)
		goto out;
	for (size_t i = 0; i < n && pending > 0; i++) {
		int was = 0;
		rc = is_applied(s, m[i].version, &was, e);
		if (rc)
			goto out;
		if (was)
			continue;
		rc = apply_one(s, &m[i], e);
		if (rc)
			goto out;
		done++;
		pending--;
	}
out:
	if (applied)
		*applied = done;
	free(m);
	return rc;
}

int store_migrate(struct store *s, int *applied, struct err *e)
{
	return store_migrate_files(s, embed_migrations_files, embed_migrations_count, applied, e);
}

int store_check_schema(struct store *s, struct err *e)
{
	struct migration *m = NULL;
	size_t n = collect_migrations(s, embed_migrations_files, embed_migrations_count, &m);
	int pending = 0;
	int rc = compare_versions(s, m, n, &pending, e);
	free(m);
	if (rc)
		return rc;
	if (pending > 0)
		return err_set(e, ERR_INVALID, "db",
			       "数据库尚未初始化或需要升级（%d个迁移未执行），请先运行 gaoqi init",
			       pending);
	return 0;
}

/* ---- SQLite-only operations ---------------------------------------------------- */

int store_backup(struct store *s, const char *dest_path, struct err *e)
{
	if (s->dialect == STORE_POSTGRES)
		return err_set(e, ERR_INVALID, "db", "PostgreSQL 数据库请使用 pg_dump 备份");
	return store_sqlite_backup(s, dest_path, e);
}

int store_integrity_check(struct store *s, struct err *e)
{
	if (s->dialect == STORE_POSTGRES)
		return err_set(e, ERR_INVALID, "db",
			       "PostgreSQL 数据库不做文件完整性检查（请使用 pg_amcheck）");
	return store_sqlite_integrity_check(s, e);
}

int store_restore(struct store *src, const char *db_path, struct err *e)
{
	if (src->dialect == STORE_POSTGRES || store_is_postgres(db_path))
		return err_set(e, ERR_INVALID, "db", "PostgreSQL 数据库请使用 pg_restore 恢复");
	return store_sqlite_restore(src, db_path, e);
}

int store_lock(const char *db_path, int exclusive, int *fd, struct err *e)
{
	*fd = -1;
	if (store_is_postgres(db_path))
		return 0; /* several servers share a PostgreSQL database; restore is pg_restore's */
	return store_sqlite_lock(db_path, exclusive, fd, e);
}

/* ---- job locks ------------------------------------------------------------------- */

int store_try_job_lock(struct store *s, const char *name, int *held, struct err *e)
{
	struct store_stmt *st = NULL;
	*held = 0;
	if (s->dialect != STORE_POSTGRES) {
		*held = 1; /* one process per SQLite database runs jobs: nothing to share */
		return 0;
	}
	int rc = store_prepare(s, "SELECT pg_try_advisory_lock(hashtext($1))", &st, e);
	if (rc)
		return rc;
	store_bind_text(st, 1, name, STORE_NTS);
	rc = store_step(st, e);
	if (rc == STORE_ROW)
		*held = store_column_int(st, 0) == 1;
	store_finish(st);
	return rc < 0 ? rc : 0;
}

int store_job_unlock(struct store *s, const char *name, struct err *e)
{
	struct store_stmt *st = NULL;
	if (s->dialect != STORE_POSTGRES)
		return 0;
	int rc = store_prepare(s, "SELECT pg_advisory_unlock(hashtext($1))", &st, e);
	if (rc)
		return rc;
	store_bind_text(st, 1, name, STORE_NTS);
	rc = store_step(st, e);
	store_finish(st);
	return rc < 0 ? rc : 0;
}
