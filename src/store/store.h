/*
 * store — the database: connections, migrations, transactions, prepared
 * statements, on two backends behind one interface: SQLite (a file path,
 * the default) and PostgreSQL over libpq (a `postgres://…` or
 * `postgresql://…` URL, or `postgres:` alone for the PG* environment
 * variables). store.c dispatches to store_sqlite.c or store_pg.c.
 *
 * PostgreSQL is not yet usable by the program (issue 17): the ledger's SQL
 * is not ported, so store_open refuses PostgreSQL URLs unless the caller
 * passes STORE_ALLOW_POSTGRES (only the store's tests do). docs/postgres.md
 * lists what the ledger's port needs.
 *
 * SQL is written with `$1 … $n` placeholders. On SQLite each `$N` is a named
 * parameter and is bound by name (sqlite3_bind_parameter_index); on
 * PostgreSQL they are native. A placeholder may appear several times.
 * Prefer `RETURNING id` to a last-insert-id call (both dialects support it).
 * PostgreSQL infers each parameter's type from its use, so (unlike SQLite):
 * every number from $1 to the highest must appear, a parameter must have
 * one type in all its uses, and a parameter whose type cannot be inferred
 * (`$1 || $2`, `$1 IS NULL`) needs a CAST. Values are sent as text, so
 * store_bind_int suits integer, bigint and numeric parameters alike.
 *
 * Threads: a `struct store` is ONE connection and belongs to one thread at a
 * time; never share it between threads (the HTTP server opens one per worker
 * thread). Different connections may be used concurrently. SQLite: the
 * database is in WAL mode, readers never block, one writer at a time, and a
 * writer that finds the database locked waits up to the busy timeout (5 s).
 * PostgreSQL: READ COMMITTED (see store_begin); writers lock rows, not the
 * database.
 *
 * Errors: functions return 0 or a negative ERR_* (core/err.h) and fill E with
 * a Chinese message. A unique or primary-key violation is ERR_CONFLICT
 * ("记录已存在（重复的键）"), a foreign-key violation ERR_INVALID ("引用的记录不存在"),
 * a CHECK or NOT NULL violation ERR_INVALID ("数据不符合约束条件，未保存"),
 * a busy database ERR_BUSY (SQLite: locked beyond the busy timeout;
 * PostgreSQL: SQLSTATE 40001 serialization failure, 40P01 deadlock, 55P03
 * lock timeout — the caller may retry the whole transaction), everything
 * else ERR_DB (the database's message, which names tables, columns and
 * values, is logged in English, never shown to users). PostgreSQL maps
 * SQLSTATE 23505 → ERR_CONFLICT, 23503 → foreign key, 23514/23502 → CHECK
 * and NOT NULL.
 *
 * SQLite-only (ERR_INVALID with a Chinese reason on PostgreSQL):
 * store_backup ("…请使用 pg_dump 备份"), store_integrity_check,
 * store_restore and store_indexes_drop (bulk loads on PostgreSQL use
 * store_copy_*, i.e. COPY). store_set_cache_mib and store_lock are no-ops there.
 */
#ifndef GAOQI_STORE_STORE_H
#define GAOQI_STORE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "core/embed.h"
#include "core/err.h"

struct store;	   /* one connection */
struct store_stmt; /* a prepared statement borrowed from the connection's cache */

enum store_dialect {
	STORE_SQLITE = 1,
	STORE_POSTGRES = 2,
};

/* Flags of store_open. */
#define STORE_READONLY 1 /* open read-only (no migrations possible) */
/*
 * Accept a PostgreSQL connection string. Until the ledger's SQL is ported
 * (issue 17) only the store's own tests pass this: without it store_open
 * refuses every PostgreSQL URL, so `gaoqi init`, `serve` and the ledger
 * commands answer "PostgreSQL 后端尚未完成…" before touching the server.
 */
#define STORE_ALLOW_POSTGRES 2

/*
 * Open the database at PATH (a file path; ":memory:" gives a private
 * in-memory database, useful in tests) and configure the connection:
 * WAL journal, foreign_keys=ON, synchronous=NORMAL (or FULL after
 * store_set_synchronous_full), busy_timeout 5000 ms, a 16 MiB page cache
 * (store_set_cache_mib), temporary data in memory. The file is created
 * when absent (unless STORE_READONLY), with mode 0600. Does NOT migrate:
 * call store_migrate (init, demo, tests) or store_check_schema (serve).
 * On success *OUT owns the connection (store_close it). Errors: ERR_INVALID
 * for a PostgreSQL URL without STORE_ALLOW_POSTGRES, ERR_DB when the file
 * cannot be opened or is not a database, or the server cannot be reached
 * (libpq's text in the log only: the URL may hold a password).
 *
 * PostgreSQL: PATH is a libpq connection URI (`postgresql://user:pw@host:port/db?…`)
 * or `postgres:` (everything from PGHOST, PGPORT, PGUSER, PGPASSWORD,
 * PGDATABASE…). The client encoding is UTF-8; STORE_READONLY makes every
 * transaction read-only (default_transaction_read_only).
 */
int store_open(const char *path, int flags, struct store **out, struct err *e);

/* 1 when PATH names a PostgreSQL database (a URL, or "postgres:"), not a file. */
int store_is_postgres(const char *path);

/*
 * Durability of the connections opened from now on: with FULL 1 every
 * commit is synced to disk before it returns (synchronous=FULL: a power
 * loss keeps every acknowledged write); with 0 (the default, NORMAL) the WAL
 * is synced only at checkpoints, so a power loss (not a crash of the
 * process) may lose the last commits — the database stays consistent.
 * `gaoqi serve` sets FULL unless told otherwise. Not thread-safe: call at
 * start-up, before connections are opened by other threads.
 */
void store_set_synchronous_full(int full);

/* Finalise every cached statement and close. NULL-safe. */
void store_close(struct store *s);

/* The backend's SQL dialect. */
enum store_dialect store_dialect(const struct store *s);

/* The path or URL given to store_open (borrowed). */
const char *store_path(const struct store *s);

/*
 * Set the page cache of this connection to MIB mebibytes (2–4096; the
 * default is 16). For bulk work on a dedicated connection (the demo, a large
 * import): a transaction bigger than the cache spills pages to the WAL again
 * and again; 512 MiB halves the CPU time of the 100,000-enterprise demo.
 * Memory is taken only as pages are used and given back by store_close.
 */
int store_set_cache_mib(struct store *s, int mib, struct err *e);

/* ---- migrations ------------------------------------------------------------ */

/*
 * Apply the pending migrations embedded in the binary (bundle `migrations`,
 * files `sqlite/NNNN_name.sql`, or `postgres/NNNN_name.sql` on a
 * PostgreSQL connection), in order of NNNN, each in its own
 * transaction together with its row in `schema_migrations(version, name,
 * applied_at)`. Idempotent: already-applied versions are skipped. *APPLIED
 * (may be NULL) gets the number applied now. Fails with ERR_CONFLICT
 * ("数据库结构版本N高于本程序支持的版本M…") when the database records a
 * version this binary does not know (made by a newer gaoqi): nothing is
 * applied then. A migration that fails is rolled back entirely (ERR_DB,
 * naming the file) and the later ones are not attempted.
 */
int store_migrate(struct store *s, int *applied, struct err *e);

/*
 * The same with an explicit list of files (paths "<dialect>/NNNN_name.sql";
 * files of other dialects and names that do not start with 4 digits and '_'
 * are ignored; FILES need not be sorted). For tests and tools.
 */
int store_migrate_files(struct store *s, const struct embed_file *files, size_t count, int *applied,
			struct err *e);

/*
 * Check, without changing anything, that the schema is exactly the one this
 * binary knows: 0 when every embedded migration is applied and nothing else;
 * ERR_CONFLICT for an unknown newer version (as store_migrate); ERR_INVALID
 * ("数据库尚未初始化或需要升级，请先运行 gaoqi init") when migrations are
 * pending. `gaoqi serve` calls this and refuses to start on failure.
 */
int store_check_schema(struct store *s, struct err *e);

/* Highest applied migration version into *VERSION (0 for an empty database). */
/* *EXISTS = 1 when the table NAME exists in the database, else 0. ERR_DB. */
int store_table_exists(struct store *s, const char *name, int *exists, struct err *e);
int store_schema_version(struct store *s, int *version, struct err *e);

/* Highest migration version embedded in this binary for the connection's dialect. */
int store_known_version(const struct store *s);

/* ---- transactions ---------------------------------------------------------- */

/*
 * A write transaction. SQLite: BEGIN IMMEDIATE, which takes the write lock
 * at once (so it never fails half-way with SQLITE_BUSY on upgrade); fails
 * with ERR_BUSY when the lock is not obtained within the busy timeout
 * ("数据库繁忙…"). PostgreSQL: BEGIN ISOLATION LEVEL READ COMMITTED — every
 * statement sees the rows committed before it started (a later statement
 * of the same transaction may see newer commits); an UPDATE or DELETE (or
 * SELECT … FOR UPDATE) locks the rows it touches until the end, and a
 * second writer of the same row waits, then re-reads the committed row, so
 * `SET n = n + 1` loses nothing; read-then-write logic needs FOR UPDATE.
 * A statement that fails inside a PostgreSQL transaction aborts the
 * transaction: everything after it fails and store_commit rolls back and
 * answers ERR_DB. To go on after an expected failure (a duplicate key),
 * wrap the statement in a savepoint and store_rollback_to it — which works
 * the same on SQLite. Both: ERR_DB if a transaction is already open.
 */
int store_begin(struct store *s, struct err *e);
/*
 * Open a read-only snapshot: every statement until store_commit (or
 * store_rollback) sees the same committed state — a page and its total
 * count agree — and the connection takes its read lock once, not once per
 * statement. SQLite: a deferred BEGIN (the snapshot starts at the first
 * read); PostgreSQL: REPEATABLE READ READ ONLY. Nothing may write inside
 * it (and store_begin refuses, a transaction being open). ERR_DB if a
 * transaction is already open.
 */
int store_begin_read(struct store *s, struct err *e);
/* COMMIT. On failure the transaction is rolled back. */
int store_commit(struct store *s, struct err *e);
/* ROLLBACK; a no-op (returns 0) when no transaction is open. */
int store_rollback(struct store *s, struct err *e);
/* 1 while a transaction is open on S. */
int store_in_transaction(const struct store *s);

/*
 * Secondary indexes of a table set aside for a bulk load: inserting 100,000
 * rows into a table with eight indexes is several times slower than
 * inserting them bare and building each index once, sorted, at the end.
 */
struct store_deferred {
	char **sql;  /* the CREATE INDEX statements, as stored in the schema */
	char **name; /* the index names */
	size_t n;
};

/*
 * Drop the indexes of TABLE that have SQL of their own (not those behind a
 * PRIMARY KEY or UNIQUE constraint, which keep enforcing it) and keep their
 * CREATE statements in *D (append: several tables may share one D). Only
 * inside an open transaction (ERR_INTERNAL otherwise), so that a rollback —
 * or the process being killed — brings them back untouched. TABLE is a name
 * from the program. Errors: ERR_DB.
 */
int store_indexes_drop(struct store *s, const char *table, struct store_deferred *d, struct err *e);

/*
 * Create again, in the open transaction, every index kept in D, and empty D.
 * Errors: ERR_DB (D is emptied all the same: roll back).
 */
int store_indexes_restore(struct store *s, struct store_deferred *d, struct err *e);

/* Forget the statements kept in D (after a rollback brought the indexes back). */
void store_deferred_free(struct store_deferred *d);

/*
 * Savepoints nest inside an open transaction (SQLite: or start a deferred
 * one when none is open — callers that write should store_begin first;
 * PostgreSQL refuses a savepoint outside a transaction). Native on both.
 * NAME must be an SQL identifier from the program, never from input.
 */
int store_savepoint(struct store *s, const char *name, struct err *e);
int store_release(struct store *s, const char *name, struct err *e);
/* ROLLBACK TO NAME and then RELEASE NAME: undo everything since the savepoint. */
int store_rollback_to(struct store *s, const char *name, struct err *e);

/* ---- statements ------------------------------------------------------------ */

/* store_step results besides negative errors. */
#define STORE_DONE 0
#define STORE_ROW 1

/*
 * Execute SQL that takes no parameters and returns no rows (may hold several
 * statements separated by ';'). For DDL and pragmas.
 */
int store_exec(struct store *s, const char *sql, struct err *e);

/*
 * A prepared statement for SQL from the connection's cache (keyed by the
 * text; prepared once per connection and reused — on PostgreSQL a named
 * server-side statement, PQprepare'd at the first use). The statement is borrowed
 * until store_finish; while borrowed, preparing the same text again gives a
 * second, separate statement (so nesting is safe). Bindings start as NULL.
 * Errors: ERR_DB for SQL that does not compile (a bug: the message is logged).
 */
int store_prepare(struct store *s, const char *sql, struct store_stmt **out, struct err *e);

/* Reset ST, clear its bindings and hand it back to the cache. NULL-safe. */
void store_finish(struct store_stmt *st);

/*
 * Reset ST so that it can run again (bindings kept, still borrowed): for a
 * caller that holds one statement through many runs (the import), sparing a
 * cache lookup per run. NULL-safe.
 */
void store_reset(struct store_stmt *st);

/*
 * Bind placeholder $N (1-based). A placeholder number absent from the SQL is
 * ignored (returns 0), so one binding routine can serve several query shapes.
 * Text is copied by the database (the caller keeps ownership); LEN may be
 * STORE_NTS for a NUL-terminated string; a NULL text binds SQL NULL.
 */
#define STORE_NTS ((size_t)-1)
int store_bind_int(struct store_stmt *st, int n, int64_t v);
int store_bind_text(struct store_stmt *st, int n, const char *text, size_t len);
/*
 * The same without the copy: TEXT must stay valid and unchanged until ST is
 * stepped for the last time with this binding (up to its store_reset or
 * store_finish). For hot paths that bind caller memory outliving the step.
 */
int store_bind_text_static(struct store_stmt *st, int n, const char *text, size_t len);
int store_bind_null(struct store_stmt *st, int n);
/* Bind LEN bytes at DATA as a blob, without a copy (as store_bind_text_static). */
int store_bind_blob(struct store_stmt *st, int n, const void *data, size_t len);
/* Bind V, or NULL when V == NULLV (e.g. INT64_MIN for "absent"). */
int store_bind_int_or_null(struct store_stmt *st, int n, int64_t v, int64_t nullv);

/*
 * Run ST one step: STORE_ROW when a row is available (read it with the column
 * getters), STORE_DONE when finished, or a negative ERR_* with E filled. On
 * PostgreSQL the first step fetches the whole result (see store_pg.c) and
 * the next ones walk it; on both a step after STORE_DONE runs the statement
 * again. Errors: ERR_CONFLICT for a unique violation naming the table.column
 * in the log, ERR_INVALID for a foreign key, CHECK or NOT NULL violation,
 * ERR_BUSY, ERR_DB otherwise; messages as above, the database's detail only
 * in the log.
 */
int store_step(struct store_stmt *st, struct err *e);

/* Step a statement expected to return no row; 0 or a negative ERR_*. */
int store_run(struct store_stmt *st, struct err *e);

/* Rows changed by the last INSERT/UPDATE/DELETE on S. */
int64_t store_changes(const struct store *s);

/* Column getters for the current row (0-based column index). */
int store_column_count(struct store_stmt *st);
int store_column_is_null(struct store_stmt *st, int col);
/* The integer value (0 for NULL; a PostgreSQL boolean reads as 1 or 0). */
int64_t store_column_int(struct store_stmt *st, int col);
/* The integer value, or NULLV when the column is NULL. */
int64_t store_column_int_or(struct store_stmt *st, int col, int64_t nullv);
/*
 * The text value, NUL-terminated, or NULL for SQL NULL. Borrowed: valid until
 * the next store_step or store_finish of ST. *LEN (may be NULL) gets its length.
 */
const char *store_column_text(struct store_stmt *st, int col, size_t *len);
/* The blob value (NULL when empty or SQL NULL), borrowed as store_column_text; *LEN its size. */
const void *store_column_blob(struct store_stmt *st, int col, size_t *len);

/* ---- bulk loading ---------------------------------------------------------- */

/*
 * Load many rows into one table, the same way on both backends: PostgreSQL
 * streams them with `COPY table (columns) FROM STDIN` (text format; tab,
 * newline, carriage return and backslash escaped, SQL NULL sent as `\N`,
 * blobs as bytea hex), several times faster than one INSERT per row; SQLite
 * runs one prepared INSERT per row. Triggers and constraints apply as for
 * an INSERT (a COPY fires row triggers too).
 *
 * All or nothing: when a transaction is open the copy runs inside a
 * savepoint of its own and a failed copy rolls back to it (the transaction
 * stays usable, on PostgreSQL too); otherwise SQLite runs it in a
 * transaction of its own and PostgreSQL's COPY is one statement.
 *
 *     store_copy_begin(s, "t", cols, 3, &c, e);
 *     for each row: store_copy_int(c, id); store_copy_text(c, name, STORE_NTS);
 *                   store_copy_null(c); rc = store_copy_row(c, e); (stop on rc)
 *     rc = store_copy_end(c, &rows, e);     (or store_copy_abort(c))
 *
 * TABLE and COLUMNS are SQL names from the program or the schema (quoted as
 * identifiers, never from input). Between begin and end/abort, no other
 * statement may run on S. Each row gets exactly NCOLS values, in the order
 * of COLUMNS. Errors: a row's failure (a constraint, a value of the wrong
 * type) is reported by store_copy_row on SQLite, but on PostgreSQL only by
 * store_copy_end (the server checks the stream as it goes and answers at
 * the end) — either way nothing of the copy is kept, with the same ERR_*
 * as store_step. After an error of store_copy_row call store_copy_abort.
 */
struct store_copy;
struct strbuf;

/* Append NAME to SB as a quoted SQL identifier ("a""b"), valid in both dialects. */
void store_add_ident(struct strbuf *sb, const char *name);

int store_copy_begin(struct store *s, const char *table, const char *const *columns, int ncols,
		     struct store_copy **out, struct err *e);
/* The next value of the current row. TEXT NULL is SQL NULL; LEN may be STORE_NTS. */
void store_copy_int(struct store_copy *c, int64_t v);
void store_copy_text(struct store_copy *c, const char *text, size_t len);
void store_copy_null(struct store_copy *c);
/*
 * A blob (bytea on PostgreSQL); DATA NULL is SQL NULL. Not copied on
 * SQLite: DATA must stay valid until store_copy_row.
 */
void store_copy_blob(struct store_copy *c, const void *data, size_t len);
/*
 * End the current row (ERR_INTERNAL when it has not NCOLS values). SQLite
 * inserts it now; PostgreSQL buffers rows and sends them in blocks.
 */
int store_copy_row(struct store_copy *c, struct err *e);
/*
 * Finish and free C: 0 when every row is in (*ROWS, may be NULL, their
 * count), else the error and nothing of the copy kept.
 */
int store_copy_end(struct store_copy *c, int64_t *rows, struct err *e);
/* Abandon and free C: nothing of the copy is kept. NULL-safe. */
void store_copy_abort(struct store_copy *c);

/* ---- backup and restore ---------------------------------------------------- */

/*
 * Copy the whole database to the new file DEST_PATH with SQLite's online
 * backup API, safe while other connections read and write (the copy is a
 * consistent snapshot). DEST_PATH must not exist (ERR_CONFLICT otherwise, so
 * a backup never overwrites a file); it is created with mode 0600 and synced
 * to disk. On failure the partial file is removed.
 */
int store_backup(struct store *s, const char *dest_path, struct err *e);

/*
 * PRAGMA integrity_check on S: 0 when SQLite answers "ok", else ERR_INVALID
 * ("数据库文件已损坏…", SQLite's first finding in the log).
 */
int store_integrity_check(struct store *s, struct err *e);

/*
 * Put a copy of SRC (an open, verified backup) in place of the database file
 * DB_PATH, atomically: the pages are copied to a new file beside DB_PATH
 * (mode 0600), synced, the old database's -wal, -shm and -journal are
 * removed (a leftover WAL would otherwise be replayed onto the copy), the
 * copy is renamed over DB_PATH and the directory synced. DB_PATH need not
 * exist. The caller must hold the exclusive store_lock of DB_PATH and no
 * connection to DB_PATH may be open. Errors: ERR_IO (the old file is then
 * untouched unless its -wal or -shm was already removed), ERR_DB.
 */
int store_restore(struct store *src, const char *db_path, struct err *e);

/*
 * The serve lock: flock on the file "DB_PATH.lock" (created 0600 when
 * absent). `gaoqi serve` holds it shared while it runs (several servers may
 * share a database); `gaoqi restore` takes it exclusive. Non-blocking: when
 * the other kind is held, ERR_CONFLICT ("数据库 … 正由 gaoqi serve 使用…" for
 * EXCLUSIVE 1, "… 正在恢复…" for 0). On success *FD holds the lock until
 * store_unlock (or the process ends). ERR_IO when the file cannot be opened.
 * For a PostgreSQL URL: 0 and *FD = -1 (no lock file; servers share the database).
 */
int store_lock(const char *db_path, int exclusive, int *fd, struct err *e);

/* Release a lock of store_lock (FD < 0: nothing). */
void store_unlock(int fd);

/*
 * A job lock: lets one of several `gaoqi serve` processes on one database
 * run a background job (the daily run) while the others skip it. *HELD = 1
 * when S now holds the lock NAME (a name from the program, e.g.
 * "serve.daily"), 0 when another connection holds it; never waits.
 * PostgreSQL: pg_try_advisory_lock(hashtext(NAME)), a session-level lock
 * held until store_job_unlock or until the connection ends (a crashed
 * server's lock goes with its connection); outside and across
 * transactions. Taking it again on the same connection nests (unlock as
 * many times). SQLite: always granted (*HELD = 1): jobs run in the process
 * that serves the file. Errors: ERR_DB.
 */
int store_try_job_lock(struct store *s, const char *name, int *held, struct err *e);
/* Release a job lock taken by store_try_job_lock on S (SQLite: nothing). */
int store_job_unlock(struct store *s, const char *name, struct err *e);

#endif
