/* Tests of store/store: connections, `$N` binding by name, the statement cache,
 * transactions, error mapping, migrations and the online backup. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <pthread.h>

#include "store/store.h"

static struct store *open_mem(void)
{
	struct store *s = NULL;
	struct err e;
	err_clear(&e);
	int rc = store_open(":memory:", 0, &s, &e);
	if (rc)
		fail_msg("open :memory: failed: %s", e.msg);
	return s;
}

/* A fresh temporary directory for file databases. */
static char tmpdir[64];

static int setup_dir(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/gaoqi-store-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown_dir(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *text_of(struct store *s, const char *sql)
{
	static char out[256];
	struct store_stmt *st = NULL;
	assert_int_equal(store_prepare(s, sql, &st, NULL), 0);
	assert_int_equal(store_step(st, NULL), STORE_ROW);
	const char *t = store_column_text(st, 0, NULL);
	snprintf(out, sizeof out, "%s", t ? t : "(null)");
	store_finish(st);
	return out;
}

static int64_t count_rows(struct store *s, const char *sql)
{
	struct store_stmt *st = NULL;
	assert_int_equal(store_prepare(s, sql, &st, NULL), 0);
	assert_int_equal(store_step(st, NULL), STORE_ROW);
	int64_t n = store_column_int(st, 0);
	store_finish(st);
	return n;
}

/* ---- binding ------------------------------------------------------------------- */

static void test_bind_by_name(void **state)
{
	(void)state;
	struct store *s = open_mem();
	struct store_stmt *st = NULL;

	/* $2 comes before $1 in the text: binding is by number, not by position. */
	assert_int_equal(store_prepare(s, "SELECT $2 || '-' || $1", &st, NULL), 0);
	store_bind_text(st, 1, "first", STORE_NTS);
	store_bind_text(st, 2, "second", STORE_NTS);
	assert_int_equal(store_step(st, NULL), STORE_ROW);
	assert_string_equal(store_column_text(st, 0, NULL), "second-first");
	store_finish(st);

	/* A placeholder used twice takes the one value. */
	assert_int_equal(store_prepare(s, "SELECT $1 * 10 + $1", &st, NULL), 0);
	store_bind_int(st, 1, 7);
	assert_int_equal(store_step(st, NULL), STORE_ROW);
	assert_int_equal(store_column_int(st, 0), 77);
	store_finish(st);

	/* Binding a number the SQL does not use is harmless. */
	assert_int_equal(store_prepare(s, "SELECT $1", &st, NULL), 0);
	assert_int_equal(store_bind_int(st, 9, 5), 0);
	store_bind_int(st, 1, 3);
	assert_int_equal(store_step(st, NULL), STORE_ROW);
	assert_int_equal(store_column_int(st, 0), 3);
	store_finish(st);

	/* NULLs: int_or gives the caller's sentinel, text gives NULL. */
	assert_int_equal(store_prepare(s, "SELECT $1, $2", &st, NULL), 0);
	store_bind_int_or_null(st, 1, INT64_MIN, INT64_MIN);
	store_bind_text(st, 2, NULL, 0);
	assert_int_equal(store_step(st, NULL), STORE_ROW);
	assert_true(store_column_is_null(st, 0));
	assert_int_equal(store_column_int_or(st, 0, -42), -42);
	assert_null(store_column_text(st, 1, NULL));
	store_finish(st);

	/* Text with an explicit length is cut there; bytes are kept exactly. */
	assert_int_equal(store_prepare(s, "SELECT $1", &st, NULL), 0);
	store_bind_text(st, 1, "曲靖市XYZ", strlen("曲靖市"));
	assert_int_equal(store_step(st, NULL), STORE_ROW);
	size_t len = 0;
	assert_string_equal(store_column_text(st, 0, &len), "曲靖市");
	assert_int_equal(len, strlen("曲靖市"));
	store_finish(st);
	store_close(s);
}

static void test_statement_cache(void **state)
{
	(void)state;
	struct store *s = open_mem();
	struct store_stmt *a = NULL, *b = NULL, *c = NULL;
	const char *sql = "SELECT 1";
	assert_int_equal(store_prepare(s, sql, &a, NULL), 0);
	/* Still borrowed: the same text gives a second statement. */
	assert_int_equal(store_prepare(s, sql, &b, NULL), 0);
	assert_ptr_not_equal(a, b);
	store_finish(b);
	store_finish(a);
	/* Handed back: the next prepare reuses a cached statement. */
	assert_int_equal(store_prepare(s, sql, &c, NULL), 0);
	assert_true(c == a || c == b);
	/* A reused statement starts with clean bindings. */
	store_finish(c);
	assert_int_equal(store_prepare(s, "SELECT $1", &c, NULL), 0);
	store_bind_int(c, 1, 5);
	store_finish(c);
	assert_int_equal(store_prepare(s, "SELECT $1", &c, NULL), 0);
	assert_int_equal(store_step(c, NULL), STORE_ROW);
	assert_true(store_column_is_null(c, 0));
	store_finish(c);

	/* SQL that does not compile is ERR_DB, not a crash. */
	struct err e;
	err_clear(&e);
	assert_int_equal(store_prepare(s, "SELEC nothing", &c, &e), ERR_DB);
	assert_null(c);
	store_close(s);
}

/* ---- transactions and errors ----------------------------------------------------- */

static void test_transactions(void **state)
{
	(void)state;
	struct store *s = open_mem();
	struct store_stmt *st = NULL;
	assert_int_equal(store_exec(s, "CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)", NULL), 0);

	/* A rolled back transaction leaves nothing. */
	assert_int_equal(store_begin(s, NULL), 0);
	assert_true(store_in_transaction(s));
	assert_int_equal(store_exec(s, "INSERT INTO t VALUES ('a', 1)", NULL), 0);
	assert_int_equal(store_rollback(s, NULL), 0);
	assert_false(store_in_transaction(s));
	assert_int_equal(count_rows(s, "SELECT count(*) FROM t"), 0);

	/* Begin twice is refused. */
	assert_int_equal(store_begin(s, NULL), 0);
	assert_int_equal(store_begin(s, NULL), ERR_DB);
	/* A savepoint undone keeps what came before it. */
	assert_int_equal(store_exec(s, "INSERT INTO t VALUES ('a', 1)", NULL), 0);
	assert_int_equal(store_savepoint(s, "sp", NULL), 0);
	assert_int_equal(store_exec(s, "INSERT INTO t VALUES ('b', 2)", NULL), 0);
	assert_int_equal(store_rollback_to(s, "sp", NULL), 0);
	assert_int_equal(store_savepoint(s, "sp", NULL), 0);
	assert_int_equal(store_exec(s, "INSERT INTO t VALUES ('c', 3)", NULL), 0);
	assert_int_equal(store_release(s, "sp", NULL), 0);
	assert_int_equal(store_commit(s, NULL), 0);
	assert_int_equal(count_rows(s, "SELECT count(*) FROM t"), 2);
	assert_string_equal(text_of(s, "SELECT group_concat(k, ',') FROM t"), "a,c");

	/* A duplicate key is ERR_CONFLICT; rollback with nothing open is a no-op. */
	struct err e;
	err_clear(&e);
	assert_int_equal(store_prepare(s, "INSERT INTO t VALUES ($1, $2)", &st, NULL), 0);
	store_bind_text(st, 1, "a", STORE_NTS);
	store_bind_int(st, 2, 9);
	assert_int_equal(store_run(st, &e), ERR_CONFLICT);
	assert_int_equal(e.code, ERR_CONFLICT);
	store_finish(st);
	assert_int_equal(store_rollback(s, NULL), 0);

	/* RETURNING and changes. */
	assert_int_equal(store_prepare(s, "UPDATE t SET v = v + 1 RETURNING v", &st, NULL), 0);
	assert_int_equal(store_step(st, NULL), STORE_ROW);
	store_finish(st);
	assert_int_equal(store_exec(s, "UPDATE t SET v = 0", NULL), 0);
	assert_int_equal(store_changes(s), 2);
	store_close(s);
}

/* Indexes set aside for a bulk load come back at the restore, or with a rollback. */
static void test_indexes_deferred(void **state)
{
	(void)state;
	struct store *s = open_mem();
	struct store_deferred d = {0};
	struct err e;
	err_clear(&e);
	assert_int_equal(
		store_exec(s,
			   "CREATE TABLE t (id INTEGER PRIMARY KEY, u TEXT UNIQUE, a TEXT, b INT);"
			   "CREATE INDEX t_a ON t (a, id);"
			   "CREATE INDEX t_b ON t ((b IS NULL), b);"
			   "CREATE TABLE o (x INT); CREATE INDEX o_x ON o (x);",
			   NULL),
		0);
	const char *idx = "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema "
			  "WHERE type = 'index' ORDER BY name)";

	/* Only inside a transaction. */
	assert_int_equal(store_indexes_drop(s, "t", &d, &e), ERR_INTERNAL);
	assert_int_equal(d.n, 0);

	/* Dropped: the two own indexes of t go, the UNIQUE one and o's stay. */
	assert_int_equal(store_begin(s, NULL), 0);
	assert_int_equal(store_indexes_drop(s, "t", &d, &e), 0);
	assert_int_equal(d.n, 2);
	assert_string_equal(text_of(s, idx), "o_x,sqlite_autoindex_t_1");
	/* the UNIQUE constraint still holds meanwhile */
	assert_int_equal(store_exec(s, "INSERT INTO t (u, a, b) VALUES ('k', 'x', 1)", NULL), 0);
	assert_int_equal(store_exec(s, "INSERT INTO t (u, a, b) VALUES ('k', 'y', 2)", &e),
			 ERR_CONFLICT);
	/* restored: both back, holding the rows written meanwhile */
	assert_int_equal(store_indexes_restore(s, &d, &e), 0);
	assert_int_equal(d.n, 0);
	assert_int_equal(store_commit(s, NULL), 0);
	assert_string_equal(text_of(s, idx), "o_x,sqlite_autoindex_t_1,t_a,t_b");
	assert_int_equal(count_rows(s, "SELECT count(*) FROM t INDEXED BY t_a WHERE a = 'x'"), 1);
	assert_string_equal(text_of(s, "PRAGMA integrity_check"), "ok");

	/* Rolled back: the indexes are there again, and D is forgotten. */
	assert_int_equal(store_begin(s, NULL), 0);
	assert_int_equal(store_indexes_drop(s, "t", &d, &e), 0);
	assert_int_equal(store_indexes_drop(s, "o", &d, &e), 0);
	assert_int_equal(d.n, 3);
	assert_string_equal(text_of(s, idx), "sqlite_autoindex_t_1");
	assert_int_equal(store_rollback(s, NULL), 0);
	store_deferred_free(&d);
	assert_int_equal(d.n, 0);
	assert_string_equal(text_of(s, idx), "o_x,sqlite_autoindex_t_1,t_a,t_b");
	store_close(s);
}

static void test_foreign_keys_on(void **state)
{
	(void)state;
	struct store *s = open_mem();
	struct err e;
	err_clear(&e);
	assert_int_equal(store_exec(s,
				    "CREATE TABLE p (id INTEGER PRIMARY KEY);"
				    "CREATE TABLE c (p INTEGER REFERENCES p (id))",
				    NULL),
			 0);
	/* foreign_keys=ON: a dangling reference is refused as ERR_INVALID. */
	assert_int_equal(store_exec(s, "INSERT INTO c VALUES (5)", &e), ERR_INVALID);
	assert_int_equal(count_rows(s, "SELECT count(*) FROM c"), 0);
	store_close(s);
}

/*
 * Constraint violations reach the user as fixed Chinese messages: SQLite's
 * English text (which names tables and columns) stays in the log.
 */
static void test_constraint_messages(void **state)
{
	(void)state;
	static const struct {
		const char *sql;
		int code;
		const char *msg;
	} cases[] = {
		/* UNIQUE column: ERR_CONFLICT, which callers turn into their own message. */
		{"INSERT INTO t (code, n) VALUES ('a', 1)", ERR_CONFLICT, "记录已存在（重复的键）"},
		/* PRIMARY KEY: the same. */
		{"INSERT INTO t (id, code, n) VALUES (1, 'b', 1)", ERR_CONFLICT,
		 "记录已存在（重复的键）"},
		/* CHECK (n >= 0) fails for n = -1. */
		{"INSERT INTO t (code, n) VALUES ('c', -1)", ERR_INVALID,
		 "数据不符合约束条件，未保存"},
		/* NOT NULL n. */
		{"INSERT INTO t (code, n) VALUES ('d', NULL)", ERR_INVALID,
		 "数据不符合约束条件，未保存"},
		/* FOREIGN KEY p → p(id): no parent 99. */
		{"INSERT INTO t (code, n, p) VALUES ('e', 1, 99)", ERR_INVALID, "引用的记录不存在"},
	};
	struct store *s = open_mem();
	assert_int_equal(
		store_exec(s,
			   "CREATE TABLE p (id INTEGER PRIMARY KEY);"
			   "CREATE TABLE t (id INTEGER PRIMARY KEY, code TEXT UNIQUE, "
			   "n INTEGER NOT NULL CHECK (n >= 0), p INTEGER REFERENCES p (id));"
			   "INSERT INTO t (id, code, n) VALUES (1, 'a', 1)",
			   NULL),
		0);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct store_stmt *st = NULL;
		struct err e;
		err_clear(&e);
		assert_int_equal(store_prepare(s, cases[i].sql, &st, &e), 0);
		assert_int_equal(store_run(st, &e), cases[i].code);
		store_finish(st);
		assert_int_equal(e.code, cases[i].code);
		assert_string_equal(e.msg, cases[i].msg);
		/* Through store_exec too: same mapping. */
		err_clear(&e);
		assert_int_equal(store_exec(s, cases[i].sql, &e), cases[i].code);
		assert_string_equal(e.msg, cases[i].msg);
	}
	/* Nothing but the seed row was stored. */
	assert_int_equal(count_rows(s, "SELECT count(*) FROM t"), 1);
	store_close(s);
}

static void test_open_errors(void **state)
{
	(void)state;
	struct store *s = NULL;
	struct err e;
	char path[128];

	err_clear(&e);
	assert_int_equal(store_open("postgres://localhost/gaoqi", 0, &s, &e), ERR_INVALID);
	assert_null(s);
	assert_string_equal(e.field, "db");

	/* A file that is not a database fails clearly. */
	snprintf(path, sizeof path, "%s/notadb", tmpdir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	for (int i = 0; i < 200; i++)
		fputs("this is not an sqlite database file\n", f);
	fclose(f);
	err_clear(&e);
	assert_int_equal(store_open(path, 0, &s, &e), ERR_DB);
	assert_null(s);
	assert_non_null(strstr(e.msg, "notadb"));

	/* A missing directory cannot be created. */
	err_clear(&e);
	assert_int_equal(store_open("/nonexistent-dir/x.db", 0, &s, &e), ERR_DB);
}

static void test_file_is_wal(void **state)
{
	(void)state;
	struct store *s = NULL;
	char path[128];
	snprintf(path, sizeof path, "%s/wal.db", tmpdir);
	assert_int_equal(store_open(path, 0, &s, NULL), 0);
	assert_string_equal(text_of(s, "PRAGMA journal_mode"), "wal");
	assert_string_equal(text_of(s, "PRAGMA foreign_keys"), "1");
	assert_string_equal(text_of(s, "PRAGMA synchronous"), "1"); /* NORMAL */
	assert_string_equal(text_of(s, "PRAGMA busy_timeout"), "5000");
	assert_string_equal(text_of(s, "PRAGMA temp_store"), "2"); /* MEMORY */
	assert_string_equal(text_of(s, "PRAGMA cache_size"), "-16384");
	assert_int_equal(store_set_cache_mib(s, 512, NULL), 0);
	assert_string_equal(text_of(s, "PRAGMA cache_size"), "-524288");
	assert_int_equal(store_set_cache_mib(s, 1, NULL), ERR_INVALID);
	assert_int_equal(store_dialect(s), STORE_SQLITE);
	assert_string_equal(store_path(s), path);
	assert_int_equal(store_exec(s, "CREATE TABLE r (v INTEGER)", NULL), 0);
	store_close(s);

	/* read-only: reads work, writes are refused */
	struct err e;
	assert_int_equal(store_open(path, STORE_READONLY, &s, NULL), 0);
	assert_string_equal(text_of(s, "SELECT count(*) FROM r"), "0");
	err_clear(&e);
	assert_int_equal(store_exec(s, "INSERT INTO r VALUES (1)", &e), ERR_DB);
	store_close(s);
}

/* ---- migrations ------------------------------------------------------------------- */

static void test_migrate_embedded(void **state)
{
	(void)state;
	struct store *s = open_mem();
	struct err e;
	int applied = -1, v = -1;
	err_clear(&e);

	/* A fresh database has pending migrations: serve must refuse it. */
	assert_int_equal(store_check_schema(s, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "gaoqi init"));

	assert_int_equal(store_migrate(s, &applied, NULL), 0);
	assert_true(applied >= 1);
	int first_run = applied; /* the files' numbers may have gaps (one per branch) */
	assert_int_equal(store_schema_version(s, &v, NULL), 0);
	assert_int_equal(v, store_known_version(s));
	assert_true(v >= 1);
	assert_int_equal(store_check_schema(s, NULL), 0);
	/* The schema is there: the tables of the ledger exist. */
	assert_int_equal(count_rows(s, "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
				       "AND name IN ('areas', 'enterprises', 'tier_history', "
				       "'indicators', 'ip_items', 'qualitative', 'users', "
				       "'user_areas', 'expert_assignments', 'sessions', "
				       "'login_attempts', 'audit_log')"),
			 12);

	/* Idempotent: a second run applies nothing. */
	assert_int_equal(store_migrate(s, &applied, NULL), 0);
	assert_int_equal(applied, 0);
	assert_int_equal(count_rows(s, "SELECT count(*) FROM schema_migrations"), first_run);

	/* A version from a newer gaoqi: refused by migrate and by check. */
	assert_int_equal(store_exec(s,
				    "INSERT INTO schema_migrations VALUES "
				    "(9999, '9999_future.sql', '2030-01-01T00:00:00Z')",
				    NULL),
			 0);
	err_clear(&e);
	assert_int_equal(store_migrate(s, &applied, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "9999"));
	err_clear(&e);
	assert_int_equal(store_check_schema(s, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "9999"));
	store_close(s);
}

#define FILE_OF(p, text)                                                                           \
	{                                                                                          \
		p, (const unsigned char *)text, sizeof text - 1, "0"                               \
	}

static void test_migrate_files(void **state)
{
	(void)state;
	struct store *s = open_mem();
	struct err e;
	int applied = -1, v = 0;

	/* Unsorted input, other dialects and bad names are ignored. */
	const struct embed_file good[] = {
		FILE_OF("sqlite/0002_b.sql", "ALTER TABLE a ADD COLUMN y INTEGER;"),
		FILE_OF("postgres/0001_a.sql", "this is not sqlite"),
		FILE_OF("sqlite/README.sql", "nonsense"),
		FILE_OF("sqlite/0001_a.sql", "CREATE TABLE a (x INTEGER);"),
	};
	assert_int_equal(store_migrate_files(s, good, 4, &applied, NULL), 0);
	assert_int_equal(applied, 2);
	assert_int_equal(store_schema_version(s, &v, NULL), 0);
	assert_int_equal(v, 2);
	assert_string_equal(text_of(s, "SELECT group_concat(name, ',') FROM "
				       "(SELECT name FROM schema_migrations ORDER BY version)"),
			    "0001_a.sql,0002_b.sql");

	/* A failing migration is rolled back whole and stops the run. */
	const struct embed_file bad[] = {
		good[3],
		good[0],
		FILE_OF("sqlite/0003_c.sql",
			"CREATE TABLE c (z INTEGER); INSERT INTO nowhere VALUES (1);"),
		FILE_OF("sqlite/0004_d.sql", "CREATE TABLE d (w INTEGER);"),
	};
	err_clear(&e);
	assert_int_equal(store_migrate_files(s, bad, 4, &applied, &e), ERR_DB);
	assert_int_equal(applied, 0);
	assert_non_null(strstr(e.msg, "0003_c.sql"));
	assert_int_equal(
		count_rows(s, "SELECT count(*) FROM sqlite_master WHERE name IN ('c', 'd')"), 0);
	assert_int_equal(store_schema_version(s, &v, NULL), 0);
	assert_int_equal(v, 2);
	assert_false(store_in_transaction(s));
	store_close(s);
}

/* ---- backup ------------------------------------------------------------------------ */

static void test_backup(void **state)
{
	(void)state;
	struct store *s = NULL, *b = NULL;
	struct err e;
	char src[128], dst[128], bad[160];
	snprintf(src, sizeof src, "%s/src.db", tmpdir);
	snprintf(dst, sizeof dst, "%s/backup.db", tmpdir);
	assert_int_equal(store_open(src, 0, &s, NULL), 0);
	assert_int_equal(store_migrate(s, NULL, NULL), 0);
	assert_int_equal(store_exec(s,
				    "INSERT INTO areas VALUES ('530302', '麒麟区', 'district', '', "
				    "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
				    NULL),
			 0);
	assert_int_equal(store_backup(s, dst, NULL), 0);

	/* The copy opens and holds the row and the schema version. */
	assert_int_equal(store_open(dst, 0, &b, NULL), 0);
	assert_string_equal(text_of(b, "SELECT name FROM areas WHERE code = '530302'"), "麒麟区");
	assert_int_equal(store_check_schema(b, NULL), 0);
	store_close(b);

	/* While another connection holds an open write, the backup still works and
	 * copies only what was committed. */
	struct store *w = NULL;
	char dst2[128];
	snprintf(dst2, sizeof dst2, "%s/backup2.db", tmpdir);
	assert_int_equal(store_open(src, 0, &w, NULL), 0);
	assert_int_equal(store_begin(w, NULL), 0);
	assert_int_equal(store_exec(w,
				    "INSERT INTO areas VALUES ('530303', '沾益区', 'district', '', "
				    "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
				    NULL),
			 0);
	assert_int_equal(store_backup(s, dst2, NULL), 0);
	assert_int_equal(store_commit(w, NULL), 0);
	store_close(w);
	assert_int_equal(store_open(dst2, 0, &b, NULL), 0);
	assert_string_equal(text_of(b, "SELECT group_concat(code, ',') FROM areas"), "530302");
	store_close(b);

	/* An existing file is never overwritten. */
	err_clear(&e);
	assert_int_equal(store_backup(s, dst, &e), ERR_CONFLICT);
	/* An impossible destination fails and leaves no file. */
	snprintf(bad, sizeof bad, "%s/missing-dir/backup.db", tmpdir);
	err_clear(&e);
	assert_int_equal(store_backup(s, bad, &e), ERR_IO);
	assert_int_equal(access(bad, F_OK), -1);
	store_close(s);
}

/* Two connections to one file: a write by one is seen by the other (WAL). */
static void test_two_connections(void **state)
{
	(void)state;
	struct store *a = NULL, *b = NULL;
	char path[128];
	snprintf(path, sizeof path, "%s/two.db", tmpdir);
	assert_int_equal(store_open(path, 0, &a, NULL), 0);
	assert_int_equal(store_open(path, 0, &b, NULL), 0);
	assert_int_equal(store_exec(a, "CREATE TABLE t (v INTEGER)", NULL), 0);
	/* b reads while a holds an open write transaction: WAL readers do not block. */
	assert_int_equal(store_begin(a, NULL), 0);
	assert_int_equal(store_exec(a, "INSERT INTO t VALUES (1)", NULL), 0);
	assert_int_equal(count_rows(b, "SELECT count(*) FROM t"), 0);
	assert_int_equal(store_commit(a, NULL), 0);
	assert_int_equal(count_rows(b, "SELECT count(*) FROM t"), 1);
	store_close(a);
	store_close(b);
}

/* Writers on their own connections in their own threads: every short
 * BEGIN IMMEDIATE transaction gets through (waiting on the busy timeout). */
struct writer {
	const char *path;
	int id;
	int failures;
};

static void *write_many(void *arg)
{
	struct writer *w = arg;
	struct store *s = NULL;
	if (store_open(w->path, 0, &s, NULL)) {
		w->failures = -1;
		return NULL;
	}
	for (int i = 0; i < 200; i++) {
		struct store_stmt *st = NULL;
		int rc = store_begin(s, NULL);
		if (!rc)
			rc = store_prepare(s, "INSERT INTO t VALUES ($1, $2)", &st, NULL);
		if (!rc) {
			store_bind_int(st, 1, w->id);
			store_bind_int(st, 2, i);
			rc = store_run(st, NULL);
			store_finish(st);
		}
		if (!rc)
			rc = store_commit(s, NULL);
		else
			store_rollback(s, NULL);
		if (rc)
			w->failures++;
	}
	store_close(s);
	return NULL;
}

static void test_concurrent_writers(void **state)
{
	(void)state;
	struct store *s = NULL;
	char path[128];
	pthread_t th[3];
	struct writer w[3];
	snprintf(path, sizeof path, "%s/concurrent.db", tmpdir);
	assert_int_equal(store_open(path, 0, &s, NULL), 0);
	assert_int_equal(store_exec(s, "CREATE TABLE t (w INTEGER, i INTEGER)", NULL), 0);
	for (int k = 0; k < 3; k++) {
		w[k] = (struct writer){path, k, 0};
		assert_int_equal(pthread_create(&th[k], NULL, write_many, &w[k]), 0);
	}
	for (int k = 0; k < 3; k++) {
		pthread_join(th[k], NULL);
		assert_int_equal(w[k].failures, 0);
	}
	/* 3 threads × 200 rows, none lost */
	assert_int_equal(count_rows(s, "SELECT count(*) FROM t"), 600);
	assert_int_equal(count_rows(s, "SELECT count(DISTINCT w * 1000 + i) FROM t"), 600);
	store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bind_by_name),
		cmocka_unit_test(test_statement_cache),
		cmocka_unit_test(test_transactions),
		cmocka_unit_test(test_indexes_deferred),
		cmocka_unit_test(test_foreign_keys_on),
		cmocka_unit_test(test_constraint_messages),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_file_is_wal),
		cmocka_unit_test(test_migrate_embedded),
		cmocka_unit_test(test_migrate_files),
		cmocka_unit_test(test_backup),
		cmocka_unit_test(test_two_connections),
		cmocka_unit_test(test_concurrent_writers),
	};
	return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
