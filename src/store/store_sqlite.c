/*
 * store_sqlite — the SQLite backend of store.h (see store_internal.h): the
 * connection set-up, `$N` placeholders bound by name, statements, transactions,
 * and the SQLite-only operations (deferred indexes, online backup, integrity
 * check, restore, the serve lock).
 */
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

#include "core/log.h"
#include "core/xalloc.h"
#include "store/store_internal.h"

#define BUSY_TIMEOUT_MS 5000

struct sq_stmt {
	struct store_stmt base;
	sqlite3_stmt *st;
	short index[STORE_MAX_PARAMS + 1]; /* $N → SQLite parameter index (0 = absent) */
};

struct sq_store {
	struct store base;
	sqlite3 *db;
};

#define SQ(s) ((struct sq_store *)(s))
#define SQC(s) ((const struct sq_store *)(s))
#define ST(st) ((struct sq_stmt *)(st))

/* ---- errors ------------------------------------------------------------------ */

static int db_error(struct store *base, int rc, struct err *e, const char *what)
{
	struct sq_store *s = SQ(base);
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

static const struct store_ops sq_ops;

int store_sqlite_open(const char *path, int flags, struct store **out, struct err *e)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	struct sq_store *q = xcalloc(1, sizeof *q);
	struct store *s = &q->base;
	int rc;
	*out = NULL;
	pthread_once(&once, sqlite_setup);
	s->ops = &sq_ops;
	s->dialect = STORE_SQLITE;
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
	rc = sqlite3_open_v2(path, &q->db, oflags, NULL);
	if (rc != SQLITE_OK) {
		log_error("store: open %s: %s", path, q->db ? sqlite3_errmsg(q->db) : "?");
		rc = err_set(e, ERR_DB, "db", "无法打开数据库：%s", path);
		goto fail;
	}
	sqlite3_extended_result_codes(q->db, 1);
	sqlite3_busy_timeout(q->db, BUSY_TIMEOUT_MS);
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

static int sq_set_cache_mib(struct store *s, int mib, struct err *e)
{
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA cache_size = -%d", mib * 1024);
	return store_exec(s, sql, e);
}

/* ---- statements ---------------------------------------------------------------- */

static void sq_close(struct store *s)
{
	if (SQ(s)->db)
		sqlite3_close_v2(SQ(s)->db);
}

static int sq_exec(struct store *s, const char *sql, struct err *e)
{
	char *msg = NULL;
	int rc = sqlite3_exec(SQ(s)->db, sql, NULL, NULL, &msg);
	sqlite3_free(msg);
	if (rc != SQLITE_OK)
		return db_error(s, rc, e, "exec");
	return 0;
}

/* Map every `$N` parameter of the compiled statement to its index. */
static int map_params(struct sq_stmt *st, struct err *e)
{
	int count = sqlite3_bind_parameter_count(st->st);
	for (int i = 1; i <= count; i++) {
		const char *name = sqlite3_bind_parameter_name(st->st, i);
		char *end = NULL;
		long n = 0;
		if (name && name[0] == '$')
			n = strtol(name + 1, &end, 10);
		if (!name || name[0] != '$' || !end || *end || n < 1 || n > STORE_MAX_PARAMS) {
			log_error("store: bad placeholder %s in: %s", name ? name : "?",
				  st->base.sql);
			return err_set(e, ERR_INTERNAL, NULL, "内部错误：SQL 占位符无效");
		}
		st->index[n] = (short)i;
	}
	return 0;
}

static struct store_stmt *sq_stmt_new(void)
{
	struct sq_stmt *st = xcalloc(1, sizeof *st);
	return &st->base;
}

static int sq_compile(struct store_stmt *base, struct err *e)
{
	struct sq_stmt *st = ST(base);
	sqlite3 *db = SQ(base->owner)->db;
	int rc = sqlite3_prepare_v3(db, base->sql, -1, SQLITE_PREPARE_PERSISTENT, &st->st, NULL);
	if (rc != SQLITE_OK || !st->st) {
		log_error("store: prepare failed: %s\n  in: %s", sqlite3_errmsg(db), base->sql);
		return err_set(e, ERR_DB, NULL, "数据库错误");
	}
	return map_params(st, e);
}

static void sq_destroy(struct store_stmt *st)
{
	sqlite3_finalize(ST(st)->st);
}

static void sq_finish(struct store_stmt *st)
{
	sqlite3_reset(ST(st)->st);
	sqlite3_clear_bindings(ST(st)->st);
}

static void sq_reset(struct store_stmt *st)
{
	sqlite3_reset(ST(st)->st);
}

static int param_index(struct store_stmt *st, int n)
{
	if (n < 1 || n > STORE_MAX_PARAMS)
		return 0;
	return ST(st)->index[n];
}

static int sq_bind_int(struct store_stmt *st, int n, int64_t v)
{
	int i = param_index(st, n);
	if (!i)
		return 0;
	return sqlite3_bind_int64(ST(st)->st, i, v) == SQLITE_OK ? 0 : ERR_DB;
}

/* Bind TEXT (NULL gives SQL NULL), copied by SQLite when COPY. */
static int sq_bind_text(struct store_stmt *st, int n, const char *text, size_t len, int copy)
{
	int i = param_index(st, n);
	if (!i)
		return 0;
	if (!text)
		return sqlite3_bind_null(ST(st)->st, i) == SQLITE_OK ? 0 : ERR_DB;
	if (len == STORE_NTS)
		len = strlen(text);
	if (len > INT_MAX)
		return ERR_TOO_BIG;
	return sqlite3_bind_text(ST(st)->st, i, text, (int)len,
				 copy ? SQLITE_TRANSIENT : SQLITE_STATIC) == SQLITE_OK
		       ? 0
		       : ERR_DB;
}

static int sq_bind_blob(struct store_stmt *st, int n, const void *data, size_t len)
{
	int i = param_index(st, n);
	if (!i)
		return 0;
	if (len > INT_MAX)
		return ERR_TOO_BIG;
	return sqlite3_bind_blob(ST(st)->st, i, data ? data : "", (int)len, SQLITE_STATIC) ==
			       SQLITE_OK
		       ? 0
		       : ERR_DB;
}

static int sq_bind_null(struct store_stmt *st, int n)
{
	int i = param_index(st, n);
	if (!i)
		return 0;
	return sqlite3_bind_null(ST(st)->st, i) == SQLITE_OK ? 0 : ERR_DB;
}

static int sq_step(struct store_stmt *st, struct err *e)
{
	int rc = sqlite3_step(ST(st)->st);
	if (rc == SQLITE_ROW)
		return STORE_ROW;
	if (rc == SQLITE_DONE)
		return STORE_DONE;
	/* Take the extended code before reset clears it. */
	int code = db_error(st->owner, rc, e, "step");
	if (code == ERR_DB)
		log_error("store: in: %s", st->sql);
	sqlite3_reset(ST(st)->st);
	return code;
}

static int64_t sq_changes(const struct store *s)
{
	return sqlite3_changes64(SQC(s)->db);
}

static int sq_column_count(struct store_stmt *st)
{
	return sqlite3_column_count(ST(st)->st);
}

static int sq_column_is_null(struct store_stmt *st, int col)
{
	return sqlite3_column_type(ST(st)->st, col) == SQLITE_NULL;
}

static int64_t sq_column_int(struct store_stmt *st, int col)
{
	return sqlite3_column_int64(ST(st)->st, col);
}

static const void *sq_column_blob(struct store_stmt *st, int col, size_t *len)
{
	const void *p = sqlite3_column_blob(ST(st)->st, col);
	*len = (size_t)sqlite3_column_bytes(ST(st)->st, col);
	return p;
}

static const char *sq_column_text(struct store_stmt *st, int col, size_t *len)
{
	sqlite3_stmt *q = ST(st)->st;
	if (sqlite3_column_type(q, col) == SQLITE_NULL) {
		if (len)
			*len = 0;
		return NULL;
	}
	const char *t = (const char *)sqlite3_column_text(q, col);
	if (len)
		*len = (size_t)sqlite3_column_bytes(q, col);
	return t ? t : "";
}

/* ---- transactions ------------------------------------------------------------ */

static int sq_begin(struct store *s, struct err *e)
{
	if (!sqlite3_get_autocommit(SQ(s)->db))
		return err_set(e, ERR_DB, NULL, "内部错误：事务已经开始");
	return sq_exec(s, "BEGIN IMMEDIATE", e);
}

static int sq_commit(struct store *s, struct err *e)
{
	int rc = sq_exec(s, "COMMIT", e);
	if (rc && !sqlite3_get_autocommit(SQ(s)->db))
		sq_exec(s, "ROLLBACK", NULL);
	return rc;
}

static int sq_rollback(struct store *s, struct err *e)
{
	if (sqlite3_get_autocommit(SQ(s)->db))
		return 0;
	return sq_exec(s, "ROLLBACK", e);
}

static int sq_in_transaction(const struct store *s)
{
	return !sqlite3_get_autocommit(SQC(s)->db);
}

static const struct store_ops sq_ops = {
	.close = sq_close,
	.exec = sq_exec,
	.stmt_new = sq_stmt_new,
	.compile = sq_compile,
	.destroy = sq_destroy,
	.finish = sq_finish,
	.reset = sq_reset,
	.bind_int = sq_bind_int,
	.bind_text = sq_bind_text,
	.bind_null = sq_bind_null,
	.bind_blob = sq_bind_blob,
	.step = sq_step,
	.changes = sq_changes,
	.column_count = sq_column_count,
	.column_is_null = sq_column_is_null,
	.column_int = sq_column_int,
	.column_text = sq_column_text,
	.column_blob = sq_column_blob,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.in_transaction = sq_in_transaction,
	.set_cache_mib = sq_set_cache_mib,
};

/* ---- SQLite-only operations ---------------------------------------------------- */

int store_sqlite_indexes_drop(struct store *s, const char *table, struct store_deferred *d,
			      struct err *e)
{
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

int store_sqlite_backup(struct store *s, const char *dest_path, struct err *e)
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
	int rc = copy_pages(SQ(s)->db, dest_path, dest_path, e);
	if (!rc && sync_path(dest_path, 0) != 0)
		rc = err_set(e, ERR_IO, "dest", "无法写入备份文件：%s（%s）", dest_path,
			     strerror(errno));
	if (rc && unlink(dest_path) != 0 && errno != ENOENT)
		log_warn("store: cannot remove partial backup %s", dest_path);
	return rc;
}

int store_sqlite_integrity_check(struct store *s, struct err *e)
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

int store_sqlite_restore(struct store *src, const char *db_path, struct err *e)
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
	rc = copy_pages(SQ(src)->db, tmp, db_path, e);
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

int store_sqlite_lock(const char *db_path, int exclusive, int *fd_out, struct err *e)
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
