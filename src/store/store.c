/*
 * store — the SQLite backend of store.h: connection set-up, the statement
 * cache, `$N` placeholders bound by name, embedded migrations, transactions
 * and the online backup.
 */
#include "store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "core/date.h"
#include "core/log.h"
#include "core/xalloc.h"

#define CACHE_BUCKETS 128
#define CACHE_MAX 512  /* statements kept per connection */
#define MAX_PARAMS 100 /* highest $N supported */
#define BUSY_TIMEOUT_MS 5000

struct store_stmt {
	struct store *owner;
	sqlite3_stmt *st;
	char *sql;
	size_t len; /* of sql */
	unsigned hash;
	int busy;		     /* borrowed by a caller */
	int cached;		     /* in the cache (else finalised on finish) */
	short index[MAX_PARAMS + 1]; /* $N → SQLite parameter index (0 = absent) */
	struct store_stmt *next;     /* bucket chain */
};

struct store {
	sqlite3 *db;
	char *path;
	struct store_stmt *buckets[CACHE_BUCKETS];
	int ncached;
};

/* ---- errors ------------------------------------------------------------------ */

static int db_error(struct store *s, int rc, struct err *e, const char *what)
{
	const char *msg = s && s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc);
	int ext = s && s->db ? sqlite3_extended_errcode(s->db) : rc;
	switch (ext) {
	case SQLITE_CONSTRAINT_UNIQUE:
	case SQLITE_CONSTRAINT_PRIMARYKEY:
		log_debug("store: %s: %s", what, msg);
		return err_set(e, ERR_CONFLICT, NULL, "记录已存在（重复的键）");
	case SQLITE_CONSTRAINT_FOREIGNKEY:
		log_debug("store: %s: %s", what, msg);
		return err_set(e, ERR_INVALID, NULL, "引用的记录不存在");
	case SQLITE_CONSTRAINT_CHECK:
	case SQLITE_CONSTRAINT_NOTNULL:
		/* SQLite's text names tables and columns: the log only, never the user. */
		log_warn("store: %s: %s", what, msg);
		return err_set(e, ERR_INVALID, NULL, "数据不符合约束条件，未保存");
	default: break;
	}
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
		log_warn("store: %s: %s", what, msg);
		return err_set(e, ERR_BUSY, NULL, "数据库繁忙（可能正在导入），请稍后重试");
	}
	log_error("store: %s: %s (%d)", what, msg, ext);
	return err_set(e, ERR_DB, NULL, "数据库错误");
}

/* ---- open / close ------------------------------------------------------------ */

/* synchronous=FULL for connections opened from now on (store_set_synchronous_full). */
static int sync_full;

void store_set_synchronous_full(int full)
{
	sync_full = full ? 1 : 0;
}

/*
 * Process-wide SQLite settings, before its first use: no memory statistics
 * (they take a global mutex on every allocation — a few per cent of a bulk
 * import — and nothing here reads them).
 */
static void sqlite_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int store_open(const char *path, int flags, struct store **out, struct err *e)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	struct store *s = NULL;
	int rc;
	*out = NULL;
	pthread_once(&once, sqlite_setup);
	if (!path || !*path)
		return err_set(e, ERR_INVALID, "db", "数据库路径为空");
	if (!strncmp(path, "postgres://", 11) || !strncmp(path, "postgresql://", 13))
		return err_set(e, ERR_INVALID, "db",
			       "本版本尚未包含 PostgreSQL 后端，请使用 SQLite 数据库文件");
	s = xcalloc(1, sizeof *s);
	s->path = xstrdup(path);
	int oflags = (flags & STORE_READONLY) ? SQLITE_OPEN_READONLY
					      : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	oflags |= SQLITE_OPEN_NOMUTEX; /* one thread per connection */
	if (!(flags & STORE_READONLY) && strcmp(path, ":memory:") != 0) {
		/* A new database file is the owner's alone (SQLite gives -wal and -shm its mode).
		 */
		int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd >= 0)
			close(fd);
	}
	rc = sqlite3_open_v2(path, &s->db, oflags, NULL);
	if (rc != SQLITE_OK) {
		log_error("store: open %s: %s", path, s->db ? sqlite3_errmsg(s->db) : "?");
		rc = err_set(e, ERR_DB, "db", "无法打开数据库：%s", path);
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
	/* Reading the schema detects a file that is not a database. */
	rc = store_exec(s, "PRAGMA foreign_keys = ON", e);
	if (rc)
		goto fail;
	if (!(flags & STORE_READONLY) && strcmp(path, ":memory:") != 0) {
		rc = store_exec(s, "PRAGMA journal_mode = WAL", e);
		if (rc) {
			err_set(e, ERR_DB, "db", "无法打开数据库（文件不是 gaoqi 数据库？）：%s",
				path);
			goto fail;
		}
	}
	rc = store_exec(s, sync_full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL",
			e);
	if (rc)
		goto fail;
	/*
	 * Up to 16 MiB of page cache per connection (allocated only as used): a
	 * large transaction (an import, the demo) then stays in memory instead of
	 * spilling pages to the WAL again and again.
	 */
	rc = store_exec(s, "PRAGMA cache_size = -16384", e);
	if (rc)
		goto fail;
	/*
	 * Statement journals (kept by every multi-index insert under foreign
	 * keys) in memory, not in temp files: halves the CPU of bulk inserts.
	 */
	rc = store_exec(s, "PRAGMA temp_store = MEMORY", e);
	if (rc)
		goto fail;
	{
		int v = 0;
		rc = store_schema_version(s, &v, e);
		if (rc) {
			err_set(e, ERR_DB, "db", "无法读取数据库（文件不是 gaoqi 数据库？）：%s",
				path);
			goto fail;
		}
	}
	*out = s;
	return 0;
fail:
	store_close(s);
	return rc;
}

static void stmt_destroy(struct store_stmt *st)
{
	sqlite3_finalize(st->st);
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
	cache_clear(s);
	if (s->db)
		sqlite3_close_v2(s->db);
	free(s->path);
	free(s);
}

enum store_dialect store_dialect(const struct store *s)
{
	(void)s;
	return STORE_SQLITE;
}

const char *store_path(const struct store *s)
{
	return s->path;
}

int store_set_cache_mib(struct store *s, int mib, struct err *e)
{
	char sql[64];
	if (mib < 2 || mib > 4096)
		return err_set(e, ERR_INVALID, NULL, "内部错误：缓存大小应在2到4096 MiB之间");
	snprintf(sql, sizeof sql, "PRAGMA cache_size = -%d", mib * 1024);
	return store_exec(s, sql, e);
}

/* ---- statements ---------------------------------------------------------------- */

int store_exec(struct store *s, const char *sql, struct err *e)
{
	char *msg = NULL;
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);
	sqlite3_free(msg);
	if (rc != SQLITE_OK)
		return db_error(s, rc, e, "exec");
	return 0;
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

/* Map every `$N` parameter of the compiled statement to its index. */
static int map_params(struct store *s, struct store_stmt *st, struct err *e)
{
	int count = sqlite3_bind_parameter_count(st->st);
	for (int i = 1; i <= count; i++) {
		const char *name = sqlite3_bind_parameter_name(st->st, i);
		char *end = NULL;
		long n = 0;
		if (name && name[0] == '$')
			n = strtol(name + 1, &end, 10);
		if (!name || name[0] != '$' || !end || *end || n < 1 || n > MAX_PARAMS) {
			log_error("store: bad placeholder %s in: %s", name ? name : "?", st->sql);
			(void)s;
			return err_set(e, ERR_INTERNAL, NULL, "内部错误：SQL 占位符无效");
		}
		st->index[n] = (short)i;
	}
	return 0;
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
	st = xcalloc(1, sizeof *st);
	st->owner = s;
	st->sql = xstrdup(sql);
	st->len = len;
	st->hash = h;
	rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st->st, NULL);
	if (rc != SQLITE_OK || !st->st) {
		log_error("store: prepare failed: %s\n  in: %s", sqlite3_errmsg(s->db), sql);
		rc = err_set(e, ERR_DB, NULL, "数据库错误");
		stmt_destroy(st);
		return rc;
	}
	rc = map_params(s, st, e);
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
	sqlite3_reset(st->st);
	sqlite3_clear_bindings(st->st);
	st->busy = 0;
	if (!st->cached)
		stmt_destroy(st);
}

void store_reset(struct store_stmt *st)
{
	if (st)
		sqlite3_reset(st->st);
}

static int param_index(struct store_stmt *st, int n)
{
	if (n < 1 || n > MAX_PARAMS)
		return 0;
	return st->index[n];
}

int store_bind_int(struct store_stmt *st, int n, int64_t v)
{
	int i = param_index(st, n);
	if (!i)
		return 0;
	return sqlite3_bind_int64(st->st, i, v) == SQLITE_OK ? 0 : ERR_DB;
}

/* Bind TEXT (NULL gives SQL NULL) with SQLite destructor DTOR. */
static int bind_text_with(struct store_stmt *st, int n, const char *text, size_t len,
			  sqlite3_destructor_type dtor)
{
	int i = param_index(st, n);
	if (!i)
		return 0;
	if (!text)
		return sqlite3_bind_null(st->st, i) == SQLITE_OK ? 0 : ERR_DB;
	if (len == STORE_NTS)
		len = strlen(text);
	if (len > INT_MAX)
		return ERR_TOO_BIG;
	return sqlite3_bind_text(st->st, i, text, (int)len, dtor) == SQLITE_OK ? 0 : ERR_DB;
}

int store_bind_text(struct store_stmt *st, int n, const char *text, size_t len)
{
	return bind_text_with(st, n, text, len, SQLITE_TRANSIENT);
}

int store_bind_text_static(struct store_stmt *st, int n, const char *text, size_t len)
{
	return bind_text_with(st, n, text, len, SQLITE_STATIC);
}

int store_bind_blob(struct store_stmt *st, int n, const void *data, size_t len)
{
	int i = param_index(st, n);
	if (!i)
		return 0;
	if (len > INT_MAX)
		return ERR_TOO_BIG;
	return sqlite3_bind_blob(st->st, i, data ? data : "", (int)len, SQLITE_STATIC) == SQLITE_OK
		       ? 0
		       : ERR_DB;
}

int store_bind_null(struct store_stmt *st, int n)
{
	int i = param_index(st, n);
	if (!i)
		return 0;
	return sqlite3_bind_null(st->st, i) == SQLITE_OK ? 0 : ERR_DB;
}

int store_bind_int_or_null(struct store_stmt *st, int n, int64_t v, int64_t nullv)
{
	if (v == nullv)
		return store_bind_null(st, n);
	return store_bind_int(st, n, v);
}

int store_step(struct store_stmt *st, struct err *e)
{
	int rc = sqlite3_step(st->st);
	if (rc == SQLITE_ROW)
		return STORE_ROW;
	if (rc == SQLITE_DONE)
		return STORE_DONE;
	/* Take the extended code before reset clears it. */
	int code = db_error(st->owner, rc, e, "step");
	if (code == ERR_DB)
		log_error("store: in: %s", st->sql);
	sqlite3_reset(st->st);
	return code;
}

int store_run(struct store_stmt *st, struct err *e)
{
	int rc = store_step(st, e);
	if (rc < 0)
		return rc;
	return 0;
}

int64_t store_changes(const struct store *s)
{
	return sqlite3_changes64(s->db);
}

int store_column_count(struct store_stmt *st)
{
	return sqlite3_column_count(st->st);
}

int store_column_is_null(struct store_stmt *st, int col)
{
	return sqlite3_column_type(st->st, col) == SQLITE_NULL;
}

int64_t store_column_int(struct store_stmt *st, int col)
{
	return sqlite3_column_int64(st->st, col);
}

int64_t store_column_int_or(struct store_stmt *st, int col, int64_t nullv)
{
	if (sqlite3_column_type(st->st, col) == SQLITE_NULL)
		return nullv;
	return sqlite3_column_int64(st->st, col);
}

const void *store_column_blob(struct store_stmt *st, int col, size_t *len)
{
	const void *p = sqlite3_column_blob(st->st, col);
	*len = (size_t)sqlite3_column_bytes(st->st, col);
	return p;
}

const char *store_column_text(struct store_stmt *st, int col, size_t *len)
{
	if (sqlite3_column_type(st->st, col) == SQLITE_NULL) {
		if (len)
			*len = 0;
		return NULL;
	}
	const char *t = (const char *)sqlite3_column_text(st->st, col);
	if (len)
		*len = (size_t)sqlite3_column_bytes(st->st, col);
	return t ? t : "";
}

/* ---- transactions ------------------------------------------------------------ */

int store_begin(struct store *s, struct err *e)
{
	if (!sqlite3_get_autocommit(s->db))
		return err_set(e, ERR_DB, NULL, "内部错误：事务已经开始");
	return store_exec(s, "BEGIN IMMEDIATE", e);
}

int store_commit(struct store *s, struct err *e)
{
	int rc = store_exec(s, "COMMIT", e);
	if (rc && !sqlite3_get_autocommit(s->db))
		store_exec(s, "ROLLBACK", NULL);
	return rc;
}

int store_rollback(struct store *s, struct err *e)
{
	if (sqlite3_get_autocommit(s->db))
		return 0;
	return store_exec(s, "ROLLBACK", e);
}

int store_in_transaction(const struct store *s)
{
	return !sqlite3_get_autocommit(s->db);
}

int store_indexes_drop(struct store *s, const char *table, struct store_deferred *d, struct err *e)
{
	if (!store_in_transaction(s))
		return err_set(e, ERR_INTERNAL, NULL, "内部错误：只能在事务中暂时删除索引");
	struct store_stmt *st = NULL;
	size_t first = d->n;
	int rc = store_prepare(s,
			       "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND "
			       "tbl_name = $1 AND sql IS NOT NULL ORDER BY name",
			       &st, e);
	if (rc)
		return rc;
	store_bind_text(st, 1, table, STORE_NTS);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		d->sql = xrealloc(d->sql, (d->n + 1) * sizeof *d->sql);
		d->name = xrealloc(d->name, (d->n + 1) * sizeof *d->name);
		d->sql[d->n] = xstrdup(store_column_text(st, 1, NULL));
		d->name[d->n++] = xstrdup(store_column_text(st, 0, NULL));
	}
	store_finish(st);
	if (rc < 0)
		return rc;
	for (size_t i = first; i < d->n; i++) {
		char sql[200];
		int n = snprintf(sql, sizeof sql, "DROP INDEX \"%s\"", d->name[i]);
		if (n < 0 || (size_t)n >= sizeof sql)
			return err_set(e, ERR_INTERNAL, NULL, "内部错误：索引名称过长");
		rc = store_exec(s, sql, e);
		if (rc)
			return rc;
	}
	return 0;
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
	int rc = store_prepare(s, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $1",
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

/* ---- backup and restore ------------------------------------------------------- */

/*
 * Copy every page of SRC's main database into the file DEST_PATH (which
 * exists already, empty, with the mode it must keep) in one read
 * transaction: a consistent snapshot that in WAL mode does not block
 * writers. ERR_IO or ERR_DB naming WHAT (the path shown to the user).
 */
static int copy_pages(sqlite3 *src, const char *dest_path, const char *what, struct err *e)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *b = NULL;
	int rc = 0;
	if (sqlite3_open_v2(dest_path, &dst, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		rc = err_set(e, ERR_IO, "dest", "无法创建文件：%s", what);
		goto out;
	}
	b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b) {
		log_error("store: backup init: %s", sqlite3_errmsg(dst));
		rc = err_set(e, ERR_DB, "dest", "复制数据库失败：%s", what);
		goto out;
	}
	for (;;) {
		/*
		 * All pages in one step: one read transaction, so the copy is a
		 * consistent snapshot; in WAL mode it does not block writers, and it
		 * cannot be restarted forever by a busy server's writes.
		 */
		int st = sqlite3_backup_step(b, -1);
		if (st == SQLITE_DONE)
			break;
		if (st == SQLITE_OK)
			continue;
		if (st == SQLITE_BUSY || st == SQLITE_LOCKED) {
			sqlite3_sleep(20);
			continue;
		}
		log_error("store: backup step: %s", sqlite3_errstr(st));
		rc = err_set(e, st == SQLITE_FULL || st == SQLITE_IOERR ? ERR_IO : ERR_DB, "dest",
			     "复制数据库失败：%s", what);
		break;
	}
	sqlite3_backup_finish(b);
	b = NULL;
	if (!rc && sqlite3_errcode(dst) != SQLITE_OK) {
		log_error("store: backup finish: %s", sqlite3_errmsg(dst));
		rc = err_set(e, ERR_DB, "dest", "复制数据库失败：%s", what);
	}
out:
	if (b)
		sqlite3_backup_finish(b);
	if (dst && sqlite3_close(dst) != SQLITE_OK && !rc)
		rc = err_set(e, ERR_IO, "dest", "无法写入文件：%s", what);
	return rc;
}

/* fsync the file or directory PATH; 0 or -1 (errno set). */
static int sync_path(const char *path, int dir)
{
	int fd = open(path, (dir ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	int saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

int store_backup(struct store *s, const char *dest_path, struct err *e)
{
	if (!dest_path || !*dest_path)
		return err_set(e, ERR_INVALID, "dest", "备份文件路径为空");
	/* Created here, exclusively and 0600: never over a file, never readable by others. */
	int fd = open(dest_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return err_set(e, ERR_CONFLICT, "dest", "备份文件已存在：%s", dest_path);
		return err_set(e, ERR_IO, "dest", "无法创建备份文件：%s（%s）", dest_path,
			       strerror(errno));
	}
	close(fd);
	int rc = copy_pages(s->db, dest_path, dest_path, e);
	if (!rc && sync_path(dest_path, 0) != 0)
		rc = err_set(e, ERR_IO, "dest", "无法写入备份文件：%s（%s）", dest_path,
			     strerror(errno));
	if (rc && unlink(dest_path) != 0 && errno != ENOENT)
		log_warn("store: cannot remove partial backup %s", dest_path);
	return rc;
}

int store_integrity_check(struct store *s, struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = store_prepare(s, "PRAGMA integrity_check(1)", &st, e);
	if (rc)
		return rc;
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		const char *v = store_column_text(st, 0, NULL);
		if (v && !strcmp(v, "ok")) {
			rc = 0;
		} else {
			log_warn("store: integrity_check of %s: %s", s->path, v ? v : "?");
			rc = err_set(e, ERR_INVALID, "db",
				     "数据库文件已损坏（完整性检查未通过）：%s", s->path);
		}
	} else if (rc == STORE_DONE) {
		rc = err_set(e, ERR_INVALID, "db", "数据库文件已损坏（完整性检查未通过）：%s",
			     s->path);
	} else {
		rc = err_set(e, ERR_INVALID, "db", "数据库文件已损坏或不是数据库：%s", s->path);
	}
	store_finish(st);
	return rc;
}

/* PATH with SUFFIX appended into OUT (CAP bytes); ERR_INVALID when too long. */
static int path_with(const char *path, const char *suffix, char *out, size_t cap, struct err *e)
{
	int n = snprintf(out, cap, "%s%s", path, suffix);
	if (n < 0 || (size_t)n >= cap)
		return err_set(e, ERR_INVALID, "db", "数据库路径过长：%s", path);
	return 0;
}

/* The directory holding PATH into OUT ("." when PATH has no slash). */
static int dir_of(const char *path, char *out, size_t cap, struct err *e)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) : 1;
	if (slash && n == 0)
		n = 1; /* "/name": the root */
	if (n >= cap)
		return err_set(e, ERR_INVALID, "db", "数据库路径过长：%s", path);
	memcpy(out, slash ? path : ".", n);
	out[n] = '\0';
	return 0;
}

int store_restore(struct store *src, const char *db_path, struct err *e)
{
	char tmp[PATH_MAX], side[PATH_MAX], dir[PATH_MAX];
	static const char *const sidecars[] = {"-wal", "-shm", "-journal"};
	int rc = path_with(db_path, ".restore-XXXXXX", tmp, sizeof tmp, e);
	if (!rc)
		rc = dir_of(db_path, dir, sizeof dir, e);
	if (rc)
		return rc;
	int fd = mkstemp(tmp); /* mode 0600 */
	if (fd < 0)
		return err_set(e, ERR_IO, "db", "无法在数据库所在目录创建临时文件：%s（%s）", tmp,
			       strerror(errno));
	close(fd);
	rc = copy_pages(src->db, tmp, db_path, e);
	if (!rc && sync_path(tmp, 0) != 0)
		rc = err_set(e, ERR_IO, "db", "无法写入临时文件：%s（%s）", tmp, strerror(errno));
	/*
	 * The old database's WAL and shared-memory index (left by a server killed
	 * with -9) must go before the new file takes the name: SQLite would replay
	 * a leftover WAL onto the restored copy. The old file's uncheckpointed
	 * commits go with it — the restore replaces that database anyway.
	 */
	for (size_t i = 0; !rc && i < sizeof sidecars / sizeof sidecars[0]; i++) {
		rc = path_with(db_path, sidecars[i], side, sizeof side, e);
		if (!rc && unlink(side) != 0 && errno != ENOENT)
			rc = err_set(e, ERR_IO, "db", "无法删除旧的 %s：%s", side, strerror(errno));
	}
	if (!rc && rename(tmp, db_path) != 0)
		rc = err_set(e, ERR_IO, "db", "无法替换数据库文件 %s：%s", db_path,
			     strerror(errno));
	if (rc) {
		unlink(tmp);
		return rc;
	}
	if (sync_path(dir, 1) != 0)
		log_warn("store: fsync of directory %s: %s", dir, strerror(errno));
	return 0;
}

/* ---- the serve lock ------------------------------------------------------------ */

int store_lock(const char *db_path, int exclusive, int *fd_out, struct err *e)
{
	char path[PATH_MAX];
	*fd_out = -1;
	int rc = path_with(db_path, ".lock", path, sizeof path, e);
	if (rc)
		return rc;
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return err_set(e, ERR_IO, "db", "无法打开锁文件 %s：%s", path, strerror(errno));
	if (flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0) {
		int busy = errno == EWOULDBLOCK;
		close(fd);
		if (!busy)
			return err_set(e, ERR_IO, "db", "无法锁定 %s：%s", path, strerror(errno));
		return err_set(e, ERR_CONFLICT, "db",
			       exclusive ? "数据库 %s 正由 gaoqi serve 使用，请先停止服务"
					 : "数据库 %s 正在恢复，请稍后再启动服务",
			       db_path);
	}
	*fd_out = fd;
	return 0;
}

void store_unlock(int fd)
{
	if (fd >= 0)
		close(fd); /* releases the flock */
}
