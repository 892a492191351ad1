/* Tests of store/store: connections, `$N` binding by name, the statement cache,
 * transactions, error mapping, migrations and the online backup. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

/*
 * The backend of the tests that run on both (test_both_* and the embedded
 * migrations): SQLite's ":memory:" first, then, when the environment variable
 * GAOQI_TEST_PG holds a PostgreSQL URL (the ctest store/test_store_pg starts
 * a throwaway server with pg_virtualenv), PostgreSQL, on an empty schema.
 */
static const char *pg_url; /* NULL: the portable tests run on SQLite */

static struct store *open_db(void)
{
	if (!pg_url)
		return open_mem();
	struct store *s = NULL;
	struct err e;
	err_clear(&e);
	int rc = store_open(pg_url, STORE_ALLOW_POSTGRES, &s, &e);
	if (rc)
		fail_msg("open %s failed: %s", pg_url, e.msg);
	assert_int_equal(store_dialect(s), STORE_POSTGRES);
	/* an empty schema for every test */
	assert_int_equal(
		store_exec(s, "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public", NULL),
		0);
	return s;
}

/* SQLITE or PG by the connection's dialect (DDL that differs). */
static const char *by_dialect(struct store *s, const char *sqlite, const char *pg)
{
	return store_dialect(s) == STORE_POSTGRES ? pg : sqlite;
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

/* ---- bulk loading ------------------------------------------------------------------ */

/* Copy ROWS rows of (id, t, n, b) from arrays; NULL pointers / nullv are SQL NULL. */
struct cp_row {
	int64_t id;
	const char *t;
	int64_t n; /* INT64_MAX: NULL */
	const char *b;
	size_t blen;
};

static int copy_rows(struct store *s, const struct cp_row *rows, size_t n, struct err *e)
{
	static const char *const cols[] = {"id", "t", "n", "b"};
	struct store_copy *c = NULL;
	int rc = store_copy_begin(s, "cp", cols, 4, &c, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++) {
		store_copy_int(c, rows[i].id);
		store_copy_text(c, rows[i].t, STORE_NTS);
		if (rows[i].n == INT64_MAX)
			store_copy_null(c);
		else
			store_copy_int(c, rows[i].n);
		store_copy_blob(c, rows[i].b, rows[i].blen);
		rc = store_copy_row(c, e);
		if (rc) {
			store_copy_abort(c);
			return rc;
		}
	}
	int64_t done = -1;
	rc = store_copy_end(c, &done, e);
	if (!rc)
		assert_int_equal(done, (int64_t)n);
	return rc;
}

static void test_both_copy(void **state)
{
	(void)state;
	struct store *s = open_db();
	struct err e;
	assert_int_equal(store_exec(s,
				    by_dialect(s,
					       "CREATE TABLE cp (id INTEGER PRIMARY KEY, t TEXT, "
					       "n INTEGER, b BLOB)",
					       "CREATE TABLE cp (id bigint PRIMARY KEY, t text, "
					       "n bigint, b bytea)"),
				    NULL),
			 0);
	static const char odd[] = "a\tb\nc\\d\re \\N \\\\t \"q\" '曲靖' ☃ 𠀀 \x7f";
	static const char bytes[] = {0, 1, '\\', '\t', '\n', (char)0xff, 'N'};
	const struct cp_row rows[] = {
		{1, odd, 5, bytes, sizeof bytes},
		{2, NULL, INT64_MAX, NULL, 0},
		{3, "", INT64_MIN, "", 0},
		{4, "\\N", INT64_MAX - 1, "x", 1},
	};
	assert_int_equal(copy_rows(s, rows, 4, NULL), 0);
	assert_int_equal(count_rows(s, "SELECT count(*) FROM cp"), 4);

	struct store_stmt *st = NULL;
	assert_int_equal(store_prepare(s, "SELECT id, t, n, b FROM cp ORDER BY id", &st, NULL), 0);
	for (size_t i = 0; i < 4; i++) {
		size_t len = 0;
		assert_int_equal(store_step(st, NULL), STORE_ROW);
		assert_int_equal(store_column_int(st, 0), rows[i].id);
		const char *t = store_column_text(st, 1, &len);
		if (!rows[i].t) {
			assert_null(t);
		} else {
			assert_non_null(t);
			assert_int_equal(len, strlen(rows[i].t));
			assert_memory_equal(t, rows[i].t, len);
		}
		assert_int_equal(store_column_is_null(st, 2), rows[i].n == INT64_MAX);
		if (rows[i].n != INT64_MAX)
			assert_int_equal(store_column_int(st, 2), rows[i].n);
		assert_int_equal(store_column_is_null(st, 3), rows[i].b == NULL);
		const void *b = store_column_blob(st, 3, &len);
		assert_int_equal(len, rows[i].blen);
		if (len)
			assert_memory_equal(b, rows[i].b, len);
	}
	assert_int_equal(store_step(st, NULL), STORE_DONE);
	store_finish(st);

	/* A failing row (a duplicate key) mid-copy: nothing of the copy is kept. */
	const struct cp_row dup[] = {{10, "x", 1, NULL, 0},
				     {11, "y", 2, NULL, 0},
				     {1, "dup", 3, NULL, 0},
				     {12, "z", 4, NULL, 0}};
	err_clear(&e);
	assert_int_equal(copy_rows(s, dup, 4, &e), ERR_CONFLICT);
	assert_int_equal(count_rows(s, "SELECT count(*) FROM cp"), 4);

	/* Inside a transaction: the failed copy is undone alone, the transaction goes on. */
	assert_int_equal(store_begin(s, NULL), 0);
	assert_int_equal(store_exec(s, "INSERT INTO cp (id, t) VALUES (20, 'kept')", NULL), 0);
	assert_int_equal(copy_rows(s, dup, 4, NULL), ERR_CONFLICT);
	assert_true(store_in_transaction(s));
	assert_int_equal(copy_rows(s, dup, 2, NULL), 0);
	assert_int_equal(store_commit(s, NULL), 0);
	assert_int_equal(count_rows(s, "SELECT count(*) FROM cp"), 7);

	/* A value of the wrong type fails the copy (at its row or at the end). */
	static const char *const cols[] = {"id", "n"};
	struct store_copy *c = NULL;
	assert_int_equal(store_copy_begin(s, "cp", cols, 2, &c, NULL), 0);
	store_copy_int(c, 30);
	store_copy_int(c, 1);
	assert_int_equal(store_copy_row(c, NULL), 0);
	store_copy_text(c, "not a number", STORE_NTS);
	store_copy_int(c, 1);
	int rc = store_copy_row(c, NULL);
	if (rc)
		store_copy_abort(c);
	else
		rc = store_copy_end(c, NULL, NULL);
	assert_true(rc < 0);
	assert_int_equal(count_rows(s, "SELECT count(*) FROM cp WHERE id = 30"), 0);

	/* A row with too few or too many values is a bug: ERR_INTERNAL. */
	assert_int_equal(store_copy_begin(s, "cp", cols, 2, &c, NULL), 0);
	store_copy_int(c, 31);
	assert_int_equal(store_copy_row(c, NULL), ERR_INTERNAL);
	store_copy_abort(c);
	assert_int_equal(store_copy_begin(s, "cp", cols, 2, &c, NULL), 0);
	store_copy_int(c, 31);
	store_copy_int(c, 31);
	store_copy_int(c, 31);
	assert_int_equal(store_copy_row(c, NULL), ERR_INTERNAL);
	store_copy_abort(c);

	/* Abandoned: nothing kept. */
	assert_int_equal(store_copy_begin(s, "cp", cols, 2, &c, NULL), 0);
	store_copy_int(c, 32);
	store_copy_null(c);
	assert_int_equal(store_copy_row(c, NULL), 0);
	store_copy_abort(c);
	assert_int_equal(count_rows(s, "SELECT count(*) FROM cp"), 7);

	/* Many rows: several blocks of COPY text. */
	char text[200];
	memset(text, 'x', sizeof text - 1);
	text[sizeof text - 1] = '\0';
	text[50] = '\t';
	assert_int_equal(store_copy_begin(s, "cp", (const char *const[]){"id", "t"}, 2, &c, NULL),
			 0);
	for (int i = 0; i < 5000; i++) {
		store_copy_int(c, 1000 + i);
		store_copy_text(c, text, STORE_NTS);
		assert_int_equal(store_copy_row(c, NULL), 0);
	}
	int64_t n = 0;
	assert_int_equal(store_copy_end(c, &n, NULL), 0);
	assert_int_equal(n, 5000);
	assert_int_equal(count_rows(s, "SELECT count(*) FROM cp WHERE length(t) = 199"), 5000);

	/* Job locks: always granted on SQLite (see test_pg_job_lock for PostgreSQL). */
	if (store_dialect(s) == STORE_SQLITE) {
		int held = 0;
		assert_int_equal(store_try_job_lock(s, "t.job", &held, NULL), 0);
		assert_int_equal(held, 1);
		assert_int_equal(store_job_unlock(s, "t.job", NULL), 0);
	}
	store_close(s);
}

/* ---- migrations ------------------------------------------------------------------- */

static void test_migrate_embedded(void **state)
{
	(void)state;
	struct store *s = open_db();
	struct err e;
	int applied = -1, v = -1;
	err_clear(&e);

	/* A fresh database has pending migrations: serve must refuse it. */
	assert_int_equal(store_check_schema(s, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "gaoqi init"));

	assert_int_equal(store_migrate(s, &applied, NULL), 0);
	assert_true(applied >= 1);
	int first = applied;
	assert_int_equal(store_schema_version(s, &v, NULL), 0);
	assert_int_equal(v, store_known_version(s));
	assert_true(v >= 1);
	assert_int_equal(store_check_schema(s, NULL), 0);
	/* Every SQLite migration has its PostgreSQL twin (migrations/postgres/NNNN). */
	if (store_dialect(s) == STORE_POSTGRES) {
		struct store *lite = open_mem();
		assert_int_equal(v, store_known_version(lite));
		store_close(lite);
	}
	/* The schema is there: the tables of the ledger exist. */
	static const char *const tables[] = {
		"areas",
		"enterprises",
		"tier_history",
		"indicators",
		"ip_items",
		"qualitative",
		"users",
		"user_areas",
		"expert_assignments",
		"sessions",
		"login_attempts",
		"audit_log",
		"progress_snapshots",
		"announcement_files",
	};
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		int exists = 0;
		assert_int_equal(store_table_exists(s, tables[i], &exists, NULL), 0);
		if (!exists)
			fail_msg("table %s missing", tables[i]);
	}

	/* Idempotent: a second run applies nothing (the numbers may have gaps). */
	assert_int_equal(store_migrate(s, &applied, NULL), 0);
	assert_int_equal(applied, 0);
	/* one row per migration applied (numbers may leave gaps: one per branch of work) */
	assert_int_equal(count_rows(s, "SELECT count(*) FROM schema_migrations"), first);

	/* The schema's triggers hold on both: a signed plan version is never changed. */
	assert_int_equal(
		store_exec(
			s,
			"INSERT INTO areas (code, name, kind, created_at, updated_at) VALUES "
			"('530302', '麒麟区', 'district', 'x', 'x');"
			"INSERT INTO enterprises (uscc, name, area, created_at, updated_at) VALUES "
			"('91530302MA6K000001', '曲靖甲', '530302', 'x', 'x');"
			"INSERT INTO plans (enterprise_id, made_on, apply_year, apply_on, rules, "
			"created_by, created_at, updated_at) SELECT id, '2026-01-01', 2027, "
			"'2027-06-01', 'r', 'admin', 'x', 'x' FROM enterprises;"
			"INSERT INTO plan_versions (plan_id, version, signed_by, signed_at, "
			"plan_json, tasks_json) SELECT id, 1, 'expert', 'x', '{}', '[]' FROM plans",
			NULL),
		0);
	err_clear(&e);
	assert_int_equal(store_exec(s, "UPDATE plan_versions SET plan_json = '{\"x\":1}'", &e),
			 ERR_DB);
	assert_string_equal(text_of(s, "SELECT plan_json FROM plan_versions"), "{}");

	/* assessments_tier_area: the stored copy follows the enterprise's tier. */
	assert_int_equal(
		store_exec(
			s,
			"INSERT INTO assessments (enterprise_id, apply_on, rules, verdict, "
			"score_min, score_max, conditions, tsme_verdict, computed_at) SELECT id, "
			"'2027-06-01', 'r', 'pass', 70, 80, 'pppppppp', 'pass', 'x' FROM "
			"enterprises;"
			"UPDATE enterprises SET tier = 'key'",
			NULL),
		0);
	assert_string_equal(text_of(s, "SELECT tier || '/' || area FROM assessments"),
			    "key/530302");

	/* 0013: a reminder of no enterprise carries its area; 0014: an attachment's bytes. */
	assert_int_equal(
		store_exec(s,
			   "INSERT INTO reminders (key, rule, enterprise_id, area, detail, "
			   "computed_on) VALUES ('m:1', 'milestone', NULL, '530302', 'd', "
			   "'2026-01-01')",
			   NULL),
		0);
	assert_string_equal(text_of(s, "SELECT area FROM reminders WHERE enterprise_id IS NULL"),
			    "530302");
	/* enterprise_counts follows inserts and tier changes (0012's triggers). */
	assert_int_equal(count_rows(s, "SELECT n FROM enterprise_counts WHERE area = '530302' AND "
				       "tier = 'key'"),
			 1);
	assert_int_equal(count_rows(s, "SELECT sum(n) FROM enterprise_counts"), 1);

	/* PostgreSQL's policy search (0011): the trigram-indexed text of a policy. */
	if (store_dialect(s) == STORE_POSTGRES) {
		assert_int_equal(
			store_exec(s,
				   "INSERT INTO policies (title, issuer, level, created_by, "
				   "created_at, updated_at) VALUES ('高新技术企业认定管理办法', "
				   "'科技部', 'national', 'admin', 'x', 'x')",
				   NULL),
			0);
		assert_int_equal(count_rows(s, "SELECT count(*) FROM policies p WHERE "
					       "policies_search_text(p) LIKE '%企业认定%'"),
				 1);
	}

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

static int mode_of(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (int)(st.st_mode & 0777) : -1;
}

/*
 * Files are the owner's alone (0600) whatever the umask; a restore verifies
 * nothing itself but replaces atomically and never replays the old WAL.
 */
static void test_modes_and_restore(void **state)
{
	(void)state;
	struct store *s = NULL, *k = NULL, *b = NULL;
	struct err e;
	char db[128], wal[140], bk[128], other[128];
	snprintf(db, sizeof db, "%s/mode.db", tmpdir);
	snprintf(wal, sizeof wal, "%s-wal", db);
	snprintf(bk, sizeof bk, "%s/mode-backup.db", tmpdir);
	mode_t old = umask(022);
	assert_int_equal(store_open(db, 0, &s, NULL), 0);
	assert_int_equal(
		store_exec(s, "CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('backup')", NULL), 0);
	assert_int_equal(mode_of(db), 0600);
	assert_int_equal(mode_of(wal), 0600);
	assert_int_equal(store_backup(s, bk, NULL), 0);
	assert_int_equal(mode_of(bk), 0600);
	assert_int_equal(store_integrity_check(s, NULL), 0);
	/* A commit left in the WAL by a connection that never closed (kill -9). */
	assert_int_equal(store_open(db, 0, &k, NULL), 0);
	assert_int_equal(
		store_exec(k, "PRAGMA wal_autocheckpoint = 0; UPDATE t SET v = 'wal'", NULL), 0);
	store_close(s);
	assert_true(access(wal, F_OK) == 0);
	/* Restore the backup over it: the WAL is removed, not replayed. */
	assert_int_equal(store_open(bk, STORE_READONLY, &b, NULL), 0);
	assert_int_equal(store_restore(b, db, NULL), 0);
	store_close(b);
	assert_int_equal(mode_of(db), 0600);
	assert_int_equal(access(wal, F_OK), -1);
	assert_int_equal(store_open(db, 0, &s, NULL), 0);
	assert_string_equal(text_of(s, "SELECT v FROM t"), "backup");
	assert_int_equal(store_integrity_check(s, NULL), 0);
	store_close(s);
	/* (k's file is gone from under it; close it without a checkpoint onto the new one.) */
	(void)k;
	/* The serve lock: shared by servers, exclusive for a restore. */
	int l1 = -1, l2 = -1, l3 = -1;
	assert_int_equal(store_lock(db, 0, &l1, NULL), 0);
	assert_int_equal(store_lock(db, 0, &l2, NULL), 0);
	err_clear(&e);
	assert_int_equal(store_lock(db, 1, &l3, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "gaoqi serve"));
	store_unlock(l1);
	store_unlock(l2);
	assert_int_equal(store_lock(db, 1, &l3, NULL), 0);
	err_clear(&e);
	assert_int_equal(store_lock(db, 0, &l1, &e), ERR_CONFLICT);
	store_unlock(l3);
	/* A damaged file fails the integrity check. */
	snprintf(other, sizeof other, "%s/damaged.db", tmpdir);
	assert_int_equal(store_open(other, 0, &s, NULL), 0);
	assert_int_equal(store_exec(s,
				    "PRAGMA journal_mode = DELETE; CREATE TABLE t (v TEXT); "
				    "CREATE INDEX t_v ON t (v); WITH RECURSIVE n(i) AS (SELECT 1 "
				    "UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO t "
				    "SELECT printf('row %05d', i) FROM n",
				    NULL),
			 0);
	store_close(s);
	FILE *f = fopen(other, "r+b");
	assert_non_null(f);
	fseek(f, 4096 * 3 + 200, SEEK_SET);
	fwrite("garbage garbage garbage garbage", 1, 31, f);
	fclose(f);
	assert_int_equal(store_open(other, STORE_READONLY, &s, NULL), 0);
	err_clear(&e);
	assert_int_equal(store_integrity_check(s, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "已损坏"));
	store_close(s);
	umask(old);
	store_close(k);
}

/* synchronous: NORMAL by default, FULL for connections opened after store_set_synchronous_full. */
static void test_synchronous(void **state)
{
	(void)state;
	struct store *s = NULL;
	char db[128];
	snprintf(db, sizeof db, "%s/sync.db", tmpdir);
	assert_int_equal(store_open(db, 0, &s, NULL), 0);
	assert_int_equal(count_rows(s, "PRAGMA synchronous"), 1);
	store_close(s);
	store_set_synchronous_full(1);
	assert_int_equal(store_open(db, 0, &s, NULL), 0);
	assert_int_equal(count_rows(s, "PRAGMA synchronous"), 2);
	store_close(s);
	store_set_synchronous_full(0);
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

/* ---- both backends ------------------------------------------------------------------ */

static void test_both_bind(void **state)
{
	(void)state;
	struct store *s = open_db();
	struct store_stmt *st = NULL;

	/* $2 before $1 in the text: binding is by number, not by position. */
	assert_int_equal(
		store_prepare(s, "SELECT CAST($2 AS TEXT) || '-' || CAST($1 AS TEXT)", &st, NULL),
		0);
	store_bind_text(st, 1, "first", STORE_NTS);
	store_bind_text(st, 2, "second", STORE_NTS);
	assert_int_equal(store_step(st, NULL), STORE_ROW);
	assert_string_equal(store_column_text(st, 0, NULL), "second-first");
	assert_int_equal(store_step(st, NULL), STORE_DONE);
	store_finish(st);

	/* A placeholder used twice takes the one value. */
	assert_int_equal(store_prepare(s, "SELECT $1 * 10 + $1", &st, NULL), 0);
	store_bind_int(st, 1, 7);
	assert_int_equal(store_column_count(st), 1);
	assert_int_equal(store_step(st, NULL), STORE_ROW);
	assert_int_equal(store_column_int(st, 0), 77);
	store_finish(st);

	/* Binding a number the SQL does not use is harmless; 64-bit values survive. */
	assert_int_equal(store_prepare(s, "SELECT $1", &st, NULL), 0);
	assert_int_equal(store_bind_int(st, 9, 5), 0);
	assert_int_equal(store_bind_int(st, 0, 5), 0);
	store_bind_int(st, 1, INT64_C(-9007199254740993));
	assert_int_equal(store_step(st, NULL), STORE_ROW);
	assert_true(store_column_int(st, 0) == INT64_C(-9007199254740993));
	store_finish(st);

	/* NULLs: int_or gives the caller's sentinel, text gives NULL, int gives 0. */
	assert_int_equal(store_prepare(s, "SELECT $1, $2, 5", &st, NULL), 0);
	store_bind_int_or_null(st, 1, INT64_MIN, INT64_MIN);
	store_bind_text(st, 2, NULL, 0);
	assert_int_equal(store_step(st, NULL), STORE_ROW);
	assert_true(store_column_is_null(st, 0));
	assert_int_equal(store_column_int_or(st, 0, -42), -42);
	assert_int_equal(store_column_int(st, 0), 0);
	size_t len = 99;
	assert_null(store_column_text(st, 1, &len));
	assert_int_equal(len, 0);
	assert_false(store_column_is_null(st, 2));
	assert_int_equal(store_column_int_or(st, 2, -42), 5);
	store_finish(st);

	/* Text with an explicit length is cut there; bytes are kept exactly, static or not. */
	static const char city[] = "曲靖市XYZ";
	assert_int_equal(store_prepare(s, "SELECT $1, $2", &st, NULL), 0);
	store_bind_text(st, 1, city, strlen("曲靖市"));
	store_bind_text_static(st, 2, city, strlen("曲靖市X"));
	assert_int_equal(store_step(st, NULL), STORE_ROW);
	assert_string_equal(store_column_text(st, 0, &len), "曲靖市");
	assert_int_equal(len, strlen("曲靖市"));
	assert_string_equal(store_column_text(st, 1, NULL), "曲靖市X");
	store_finish(st);

	/* A comparison reads as 1 or 0 (a boolean on PostgreSQL). */
	assert_int_equal(count_rows(s, "SELECT 2 > 1"), 1);
	assert_int_equal(count_rows(s, "SELECT 2 < 1"), 0);

	/* Blobs keep every byte, NUL included. */
	static const unsigned char bytes[] = {0, 1, 2, 0xff, 0, 'x'};
	assert_int_equal(store_exec(s, "CREATE TABLE b (v BYTEA)", NULL), 0);
	assert_int_equal(store_prepare(s, "INSERT INTO b (v) VALUES ($1)", &st, NULL), 0);
	store_bind_blob(st, 1, bytes, sizeof bytes);
	assert_int_equal(store_run(st, NULL), 0);
	store_finish(st);
	assert_int_equal(store_prepare(s, "SELECT v FROM b", &st, NULL), 0);
	assert_int_equal(store_step(st, NULL), STORE_ROW);
	const void *blob = store_column_blob(st, 0, &len);
	assert_int_equal(len, sizeof bytes);
	assert_memory_equal(blob, bytes, sizeof bytes);
	store_finish(st);
	store_close(s);
}

static void test_both_cache(void **state)
{
	(void)state;
	struct store *s = open_db();
	struct store_stmt *a = NULL, *b = NULL, *c = NULL;
	const char *sql = "SELECT 1";
	assert_int_equal(store_prepare(s, sql, &a, NULL), 0);
	/* Still borrowed: the same text gives a second statement, usable at once (nested). */
	assert_int_equal(store_prepare(s, sql, &b, NULL), 0);
	assert_ptr_not_equal(a, b);
	assert_int_equal(store_step(a, NULL), STORE_ROW);
	assert_int_equal(store_step(b, NULL), STORE_ROW);
	assert_int_equal(store_column_int(a, 0), 1);
	assert_int_equal(store_column_int(b, 0), 1);
	store_finish(b);
	store_finish(a);
	/* Handed back: the next prepare reuses a cached statement. */
	assert_int_equal(store_prepare(s, sql, &c, NULL), 0);
	assert_true(c == a || c == b);
	store_finish(c);
	/* A reused statement starts with clean bindings. */
	assert_int_equal(store_prepare(s, "SELECT $1", &c, NULL), 0);
	store_bind_int(c, 1, 5);
	store_finish(c);
	assert_int_equal(store_prepare(s, "SELECT $1", &c, NULL), 0);
	assert_int_equal(store_step(c, NULL), STORE_ROW);
	assert_true(store_column_is_null(c, 0));
	store_finish(c);

	/* Rows read through one statement while another one writes (the ledger's pattern). */
	assert_int_equal(store_exec(s,
				    "CREATE TABLE n (k INTEGER PRIMARY KEY, v INTEGER);"
				    "INSERT INTO n VALUES (1, 10), (2, 20), (3, 30)",
				    NULL),
			 0);
	assert_int_equal(store_prepare(s, "SELECT k, v FROM n ORDER BY k", &a, NULL), 0);
	int rows = 0;
	while (store_step(a, NULL) == STORE_ROW) {
		assert_int_equal(store_prepare(s, "UPDATE n SET v = $2 WHERE k = $1", &b, NULL), 0);
		store_bind_int(b, 1, store_column_int(a, 0));
		store_bind_int(b, 2, store_column_int(a, 1) + 1);
		assert_int_equal(store_run(b, NULL), 0);
		store_finish(b);
		rows++;
	}
	store_finish(a);
	assert_int_equal(rows, 3);
	assert_int_equal(count_rows(s, "SELECT sum(v) FROM n"), 63);

	/* store_reset runs a held statement again with its bindings. */
	assert_int_equal(store_prepare(s, "SELECT v FROM n WHERE k = $1", &a, NULL), 0);
	store_bind_int(a, 1, 2);
	assert_int_equal(store_step(a, NULL), STORE_ROW);
	store_reset(a);
	assert_int_equal(store_step(a, NULL), STORE_ROW);
	assert_int_equal(store_column_int(a, 0), 21);
	store_finish(a);

	/* SQL that does not compile is ERR_DB, not a crash. */
	struct err e;
	err_clear(&e);
	assert_int_equal(store_prepare(s, "SELEC nothing", &c, &e), ERR_DB);
	assert_null(c);
	assert_string_equal(e.msg, "数据库错误");
	store_close(s);
}

static void test_both_transactions(void **state)
{
	(void)state;
	struct store *s = open_db();
	struct store_stmt *st = NULL;
	struct err e;
	assert_int_equal(store_exec(s, "CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)", NULL), 0);

	/* A rolled back transaction leaves nothing. */
	assert_false(store_in_transaction(s));
	assert_int_equal(store_begin(s, NULL), 0);
	assert_true(store_in_transaction(s));
	assert_int_equal(store_exec(s, "INSERT INTO t VALUES ('a', 1)", NULL), 0);
	assert_int_equal(store_rollback(s, NULL), 0);
	assert_false(store_in_transaction(s));
	assert_int_equal(count_rows(s, "SELECT count(*) FROM t"), 0);
	assert_int_equal(store_rollback(s, NULL), 0); /* nothing open: a no-op */

	/* Begin twice is refused; savepoints nest and undo. */
	assert_int_equal(store_begin(s, NULL), 0);
	assert_int_equal(store_begin(s, NULL), ERR_DB);
	assert_int_equal(store_exec(s, "INSERT INTO t VALUES ('a', 1)", NULL), 0);
	assert_int_equal(store_savepoint(s, "sp", NULL), 0);
	assert_int_equal(store_exec(s, "INSERT INTO t VALUES ('b', 2)", NULL), 0);
	assert_int_equal(store_savepoint(s, "inner", NULL), 0);
	assert_int_equal(store_exec(s, "INSERT INTO t VALUES ('x', 9)", NULL), 0);
	assert_int_equal(store_release(s, "inner", NULL), 0);
	assert_int_equal(store_rollback_to(s, "sp", NULL), 0);
	assert_int_equal(store_savepoint(s, "sp", NULL), 0);
	assert_int_equal(store_exec(s, "INSERT INTO t VALUES ('c', 3)", NULL), 0);
	assert_int_equal(store_release(s, "sp", NULL), 0);
	/*
	 * A statement that fails inside a savepoint: rolling back to it lets the
	 * transaction go on (on PostgreSQL the failure aborts the transaction
	 * otherwise).
	 */
	assert_int_equal(store_savepoint(s, "try", NULL), 0);
	err_clear(&e);
	assert_int_equal(store_exec(s, "INSERT INTO t VALUES ('a', 5)", &e), ERR_CONFLICT);
	assert_int_equal(store_rollback_to(s, "try", NULL), 0);
	assert_int_equal(store_exec(s, "INSERT INTO t VALUES ('d', 4)", NULL), 0);
	assert_int_equal(store_commit(s, NULL), 0);
	assert_false(store_in_transaction(s));
	assert_int_equal(count_rows(s, "SELECT count(*) FROM t"), 3);
	assert_int_equal(count_rows(s, "SELECT count(*) FROM t WHERE k IN ('a', 'c', 'd')"), 3);

	/* A duplicate key is ERR_CONFLICT through a prepared statement too. */
	err_clear(&e);
	assert_int_equal(store_prepare(s, "INSERT INTO t VALUES ($1, $2)", &st, NULL), 0);
	store_bind_text(st, 1, "a", STORE_NTS);
	store_bind_int(st, 2, 9);
	assert_int_equal(store_run(st, &e), ERR_CONFLICT);
	assert_string_equal(e.msg, "记录已存在（重复的键）");
	store_finish(st);

	/* More placeholders than the store takes: refused, nothing left half-made. */
	{
		char many[2400];
		size_t k = (size_t)snprintf(many, sizeof many, "SELECT 0");
		for (int i = 1; i <= 101; i++)
			k += (size_t)snprintf(many + k, sizeof many - k, ", CAST($%d AS text)", i);
		err_clear(&e);
		assert_int_equal(store_prepare(s, many, &st, &e), ERR_INTERNAL);
		assert_null(st);
	}

	/* RETURNING and changes. */
	assert_int_equal(store_prepare(s, "UPDATE t SET v = v + 1 RETURNING v", &st, NULL), 0);
	assert_int_equal(store_step(st, NULL), STORE_ROW);
	store_finish(st);
	assert_int_equal(store_exec(s, "UPDATE t SET v = 0 WHERE k <> 'd'", NULL), 0);
	assert_int_equal(store_changes(s), 2);
	assert_int_equal(count_rows(s, "SELECT count(*) FROM t"), 3); /* a SELECT changes nothing */
	assert_int_equal(store_changes(s), 2);

	/* RETURNING id of a generated key. */
	assert_int_equal(store_exec(s,
				    by_dialect(s, "CREATE TABLE r (id INTEGER PRIMARY KEY, x TEXT)",
					       "CREATE TABLE r (id bigint GENERATED BY DEFAULT AS "
					       "IDENTITY PRIMARY KEY, x TEXT)"),
				    NULL),
			 0);
	for (int i = 1; i <= 2; i++) {
		assert_int_equal(
			store_prepare(s, "INSERT INTO r (x) VALUES ($1) RETURNING id", &st, NULL),
			0);
		store_bind_text(st, 1, "x", STORE_NTS);
		assert_int_equal(store_step(st, NULL), STORE_ROW);
		assert_int_equal(store_column_int(st, 0), i);
		assert_int_equal(store_step(st, NULL), STORE_DONE);
		store_finish(st);
		assert_int_equal(store_changes(s), 1);
	}
	store_close(s);
}

/*
 * store_begin_read: a snapshot — a commit made meanwhile on another
 * connection is seen only once the snapshot ends; no transaction opens
 * inside it.
 */
static void test_both_read_snapshot(void **state)
{
	(void)state;
	struct store *w = NULL, *r = NULL;
	if (pg_url) {
		w = open_db();
		assert_int_equal(store_open(pg_url, STORE_ALLOW_POSTGRES, &r, NULL), 0);
	} else {
		char path[128];
		snprintf(path, sizeof path, "%s/snapshot.db", tmpdir);
		assert_int_equal(store_open(path, 0, &w, NULL), 0);
		assert_int_equal(store_open(path, 0, &r, NULL), 0);
	}
	assert_int_equal(store_exec(w, "CREATE TABLE c (id INTEGER PRIMARY KEY, n INTEGER)", NULL),
			 0);
	assert_int_equal(store_exec(w, "INSERT INTO c VALUES (1, 0)", NULL), 0);

	assert_int_equal(store_begin_read(r, NULL), 0);
	assert_true(store_in_transaction(r));
	assert_int_equal(count_rows(r, "SELECT n FROM c WHERE id = 1"), 0);
	assert_int_equal(store_exec(w, "UPDATE c SET n = 5 WHERE id = 1", NULL), 0);
	assert_int_equal(count_rows(r, "SELECT n FROM c WHERE id = 1"), 0); /* the snapshot */
	assert_int_equal(count_rows(r, "SELECT count(*) FROM c WHERE n = 0"), 1);
	assert_int_equal(store_begin(r, NULL), ERR_DB);
	assert_int_equal(store_begin_read(r, NULL), ERR_DB);
	assert_int_equal(store_rollback(r, NULL), 0);
	assert_false(store_in_transaction(r));
	assert_int_equal(count_rows(r, "SELECT n FROM c WHERE id = 1"), 5);
	store_close(r);
	store_close(w);
}

/* Constraint violations reach the user as fixed Chinese messages on both backends. */
static void test_both_constraints(void **state)
{
	(void)state;
	static const struct {
		const char *sql;
		int code;
		const char *msg;
	} cases[] = {
		{"INSERT INTO t (code, n) VALUES ('a', 1)", ERR_CONFLICT, "记录已存在（重复的键）"},
		{"INSERT INTO t (id, code, n) VALUES (1, 'b', 1)", ERR_CONFLICT,
		 "记录已存在（重复的键）"},
		{"INSERT INTO t (code, n) VALUES ('c', -1)", ERR_INVALID,
		 "数据不符合约束条件，未保存"},
		{"INSERT INTO t (code, n) VALUES ('d', NULL)", ERR_INVALID,
		 "数据不符合约束条件，未保存"},
		{"INSERT INTO t (code, n, p) VALUES ('e', 1, 99)", ERR_INVALID, "引用的记录不存在"},
	};
	struct store *s = open_db();
	assert_int_equal(
		store_exec(s,
			   by_dialect(s,
				      "CREATE TABLE p (id INTEGER PRIMARY KEY);"
				      "CREATE TABLE t (id INTEGER PRIMARY KEY, code TEXT UNIQUE, "
				      "n INTEGER NOT NULL CHECK (n >= 0), p INTEGER REFERENCES p "
				      "(id));",
				      "CREATE TABLE p (id bigint PRIMARY KEY);"
				      "CREATE TABLE t (id bigint GENERATED BY DEFAULT AS IDENTITY "
				      "PRIMARY KEY, code TEXT UNIQUE, "
				      "n INTEGER NOT NULL CHECK (n >= 0), p bigint REFERENCES p "
				      "(id));"),
			   NULL),
		0);
	assert_int_equal(store_exec(s, "INSERT INTO t (id, code, n) VALUES (1, 'a', 1)", NULL), 0);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct store_stmt *st = NULL;
		struct err e;
		err_clear(&e);
		assert_int_equal(store_prepare(s, cases[i].sql, &st, &e), 0);
		assert_int_equal(store_run(st, &e), cases[i].code);
		store_finish(st);
		assert_int_equal(e.code, cases[i].code);
		assert_string_equal(e.msg, cases[i].msg);
		err_clear(&e);
		assert_int_equal(store_exec(s, cases[i].sql, &e), cases[i].code);
		assert_string_equal(e.msg, cases[i].msg);
	}
	assert_int_equal(count_rows(s, "SELECT count(*) FROM t"), 1);
	store_close(s);
}

static void test_both_migrate(void **state)
{
	(void)state;
	struct store *s = open_db();
	struct err e;
	int applied = -1, v = 0, exists = -1;

	/* Each backend takes the files of its own dialect. */
	const struct embed_file good[] = {
		FILE_OF("sqlite/0002_b.sql", "ALTER TABLE a ADD COLUMN y INTEGER;"),
		FILE_OF("postgres/0001_a.sql", "CREATE TABLE a (x integer);"),
		FILE_OF("sqlite/README.sql", "nonsense"),
		FILE_OF("postgres/0002_b.sql",
			"ALTER TABLE a ADD COLUMN y bigint;"
			"CREATE FUNCTION a_y() RETURNS trigger LANGUAGE plpgsql AS $$"
			"BEGIN NEW.y := coalesce(NEW.y, NEW.x * 2); RETURN NEW; END $$;"
			"CREATE TRIGGER a_y BEFORE INSERT ON a FOR EACH ROW EXECUTE FUNCTION "
			"a_y();"),
		FILE_OF("sqlite/0001_a.sql", "CREATE TABLE a (x INTEGER);"),
	};
	assert_int_equal(store_migrate_files(s, good, 5, &applied, NULL), 0);
	assert_int_equal(applied, 2);
	assert_int_equal(store_schema_version(s, &v, NULL), 0);
	assert_int_equal(v, 2);
	assert_int_equal(store_table_exists(s, "a", &exists, NULL), 0);
	assert_int_equal(exists, 1);
	assert_int_equal(store_table_exists(s, "nothing", &exists, NULL), 0);
	assert_int_equal(exists, 0);
	assert_int_equal(count_rows(s, "SELECT count(*) FROM schema_migrations WHERE name IN "
				       "('0001_a.sql', '0002_b.sql')"),
			 2);
	/* idempotent */
	assert_int_equal(store_migrate_files(s, good, 5, &applied, NULL), 0);
	assert_int_equal(applied, 0);

	/* A failing migration is rolled back whole and stops the run. */
	const struct embed_file bad[] = {
		good[4],
		good[0],
		good[1],
		good[3],
		FILE_OF("sqlite/0003_c.sql",
			"CREATE TABLE c (z INTEGER); INSERT INTO nowhere VALUES (1);"),
		FILE_OF("postgres/0003_c.sql",
			"CREATE TABLE c (z INTEGER); INSERT INTO nowhere VALUES (1);"),
		FILE_OF("sqlite/0004_d.sql", "CREATE TABLE d (w INTEGER);"),
		FILE_OF("postgres/0004_d.sql", "CREATE TABLE d (w INTEGER);"),
	};
	err_clear(&e);
	assert_int_equal(store_migrate_files(s, bad, 8, &applied, &e), ERR_DB);
	assert_int_equal(applied, 0);
	assert_non_null(strstr(e.msg, "0003_c.sql"));
	assert_int_equal(store_table_exists(s, "c", &exists, NULL), 0);
	assert_int_equal(exists, 0);
	assert_int_equal(store_table_exists(s, "d", &exists, NULL), 0);
	assert_int_equal(exists, 0);
	assert_int_equal(store_schema_version(s, &v, NULL), 0);
	assert_int_equal(v, 2);
	assert_false(store_in_transaction(s));
	store_close(s);
}

/* ---- PostgreSQL only ------------------------------------------------------------------ */

static void test_pg_open(void **state)
{
	(void)state;
	struct store *s = NULL;
	struct err e;

	/* Without STORE_ALLOW_POSTGRES (init, serve, the ledger commands): refused clearly. */
	err_clear(&e);
	assert_int_equal(store_open(pg_url, 0, &s, &e), ERR_INVALID);
	assert_null(s);
	assert_non_null(strstr(e.msg, "issue 17"));

	/* A server that is not there: ERR_DB, and the URL's password is not shown. */
	err_clear(&e);
	assert_int_equal(store_open("postgresql://gaoqi:secret@127.0.0.1:1/none?connect_timeout=2",
				    STORE_ALLOW_POSTGRES, &s, &e),
			 ERR_DB);
	assert_null(s);
	assert_null(strstr(e.msg, "secret"));

	/* "postgres:" alone takes the PG* variables (set by pg_virtualenv). */
	if (getenv("PGHOST") && getenv("PGPORT")) {
		assert_int_equal(store_open("postgres:", STORE_ALLOW_POSTGRES, &s, NULL), 0);
		assert_int_equal(count_rows(s, "SELECT 1"), 1);
		store_close(s);
	}

	/* The SQLite-only operations answer ERR_INVALID with a reason. */
	s = open_db();
	int fd = 5;
	struct store_deferred d = {0};
	err_clear(&e);
	assert_int_equal(store_backup(s, "/tmp/never.db", &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "pg_dump"));
	assert_int_equal(store_integrity_check(s, &e), ERR_INVALID);
	assert_int_equal(store_restore(s, "/tmp/never.db", &e), ERR_INVALID);
	assert_int_equal(store_lock(pg_url, 1, &fd, &e), 0); /* no lock file */
	assert_int_equal(fd, -1);
	assert_int_equal(store_begin(s, NULL), 0);
	assert_int_equal(store_indexes_drop(s, "t", &d, &e), ERR_INVALID);
	assert_int_equal(d.n, 0);
	assert_int_equal(store_rollback(s, NULL), 0);
	assert_int_equal(store_set_cache_mib(s, 512, NULL), 0); /* a no-op */
	assert_string_equal(store_path(s), pg_url);

	/* A failed statement aborts a PostgreSQL transaction: commit refuses to keep any of it. */
	assert_int_equal(store_exec(s, "CREATE TABLE t (k TEXT PRIMARY KEY)", NULL), 0);
	assert_int_equal(store_begin(s, NULL), 0);
	assert_int_equal(store_exec(s, "INSERT INTO t VALUES ('a')", NULL), 0);
	assert_int_equal(store_exec(s, "INSERT INTO t VALUES ('a')", NULL), ERR_CONFLICT);
	err_clear(&e);
	assert_int_equal(store_commit(s, &e), ERR_DB);
	assert_false(store_in_transaction(s));
	assert_int_equal(count_rows(s, "SELECT count(*) FROM t"), 0);
	store_close(s);
}

/*
 * Two writers on one row, each on its own connection (READ COMMITTED): the
 * second UPDATE waits for the first transaction's row lock, then re-reads
 * the committed row, so no increment is lost; a reader in a transaction sees
 * each newly committed value (no snapshot across statements).
 */
struct bumper {
	struct store *s;
	volatile int done;
	int rc;
};

static void *bump(void *arg)
{
	struct bumper *b = arg;
	b->rc = store_begin(b->s, NULL);
	if (!b->rc)
		b->rc = store_exec(b->s, "UPDATE c SET n = n + 1 WHERE id = 1", NULL);
	if (!b->rc)
		b->rc = store_commit(b->s, NULL);
	__atomic_store_n(&b->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

struct runner {
	struct store *s;
	const char *sql;
	volatile int done;
	int rc;
};

static void *run_sql(void *arg)
{
	struct runner *r = arg;
	r->rc = store_exec(r->s, r->sql, NULL);
	__atomic_store_n(&r->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static void test_pg_concurrent(void **state)
{
	(void)state;
	struct store *a = open_db(), *b = NULL, *r = NULL;
	struct err e;
	assert_int_equal(store_open(pg_url, STORE_ALLOW_POSTGRES, &b, NULL), 0);
	assert_int_equal(store_open(pg_url, STORE_ALLOW_POSTGRES, &r, NULL), 0);
	assert_int_equal(
		store_exec(a, "CREATE TABLE c (id bigint PRIMARY KEY, n bigint NOT NULL)", NULL),
		0);
	assert_int_equal(store_exec(a, "INSERT INTO c VALUES (1, 0), (2, 0)", NULL), 0);

	/* r reads in a transaction while a writes: readers never wait. */
	assert_int_equal(store_begin(r, NULL), 0);
	assert_int_equal(count_rows(r, "SELECT n FROM c WHERE id = 1"), 0);

	assert_int_equal(store_begin(a, NULL), 0);
	assert_int_equal(store_exec(a, "UPDATE c SET n = n + 1 WHERE id = 1", NULL), 0);
	assert_int_equal(count_rows(r, "SELECT n FROM c WHERE id = 1"), 0); /* not yet committed */

	struct bumper bb = {b, 0, -1};
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, bump, &bb), 0);
	usleep(300 * 1000);
	assert_int_equal(__atomic_load_n(&bb.done, __ATOMIC_SEQ_CST), 0); /* waits on the row */
	/* another row is not locked */
	assert_int_equal(store_exec(a, "UPDATE c SET n = n + 1 WHERE id = 2", NULL), 0);
	assert_int_equal(store_commit(a, NULL), 0);
	pthread_join(th, NULL);
	assert_int_equal(bb.rc, 0);
	/* both increments kept; r, still in its transaction, sees the latest commit */
	assert_int_equal(count_rows(r, "SELECT n FROM c WHERE id = 1"), 2);
	assert_int_equal(store_commit(r, NULL), 0);

	/* A writer that may not wait (lock_timeout) is told busy. */
	assert_int_equal(store_begin(a, NULL), 0);
	assert_int_equal(store_exec(a, "UPDATE c SET n = 0 WHERE id = 1", NULL), 0);
	assert_int_equal(store_begin(b, NULL), 0);
	assert_int_equal(store_exec(b, "SET LOCAL lock_timeout = '100ms'", NULL), 0);
	err_clear(&e);
	assert_int_equal(store_exec(b, "UPDATE c SET n = 5 WHERE id = 1", &e), ERR_BUSY);
	assert_int_equal(store_rollback(b, NULL), 0);
	assert_int_equal(store_commit(a, NULL), 0);
	assert_int_equal(count_rows(b, "SELECT n FROM c WHERE id = 1"), 0);

	/* A deadlock: one of the two is told busy (40P01), the other gets through. */
	assert_int_equal(store_begin(a, NULL), 0);
	assert_int_equal(store_exec(a, "UPDATE c SET n = n + 1 WHERE id = 1", NULL), 0);
	assert_int_equal(store_begin(b, NULL), 0);
	assert_int_equal(store_exec(b, "UPDATE c SET n = n + 1 WHERE id = 2", NULL), 0);
	struct runner ra = {a, "UPDATE c SET n = n + 1 WHERE id = 2", 0, -1};
	assert_int_equal(pthread_create(&th, NULL, run_sql, &ra), 0);
	usleep(200 * 1000);
	int rb = store_exec(b, "UPDATE c SET n = n + 1 WHERE id = 1", NULL);
	if (rb)
		store_rollback(b, NULL); /* lets a through */
	pthread_join(th, NULL);
	assert_true((rb == ERR_BUSY) != (ra.rc == ERR_BUSY));
	assert_true(rb == 0 || ra.rc == 0);
	store_rollback(a, NULL);
	store_rollback(b, NULL);

	store_close(a);
	store_close(b);
	store_close(r);
}

/* One server of several takes the daily job, the others are refused until it lets go. */
static void test_pg_job_lock(void **state)
{
	(void)state;
	struct store *a = open_db(), *b = NULL;
	int held = -1;
	assert_int_equal(store_open(pg_url, STORE_ALLOW_POSTGRES, &b, NULL), 0);
	assert_int_equal(store_try_job_lock(a, "serve.daily", &held, NULL), 0);
	assert_int_equal(held, 1);
	assert_int_equal(store_try_job_lock(b, "serve.daily", &held, NULL), 0);
	assert_int_equal(held, 0);
	/* another name is another lock; transactions do not release it */
	assert_int_equal(store_try_job_lock(b, "serve.other", &held, NULL), 0);
	assert_int_equal(held, 1);
	assert_int_equal(store_begin(a, NULL), 0);
	assert_int_equal(store_rollback(a, NULL), 0);
	assert_int_equal(store_try_job_lock(b, "serve.daily", &held, NULL), 0);
	assert_int_equal(held, 0);
	/* unlocked: the other gets it */
	assert_int_equal(store_job_unlock(a, "serve.daily", NULL), 0);
	assert_int_equal(store_try_job_lock(b, "serve.daily", &held, NULL), 0);
	assert_int_equal(held, 1);
	assert_int_equal(store_try_job_lock(a, "serve.daily", &held, NULL), 0);
	assert_int_equal(held, 0);
	/* a connection that ends (a server that stops or dies) lets go of its locks */
	store_close(b);
	for (int i = 0; i < 50 && !held; i++) {
		assert_int_equal(store_try_job_lock(a, "serve.daily", &held, NULL), 0);
		if (!held)
			usleep(20 * 1000);
	}
	assert_int_equal(held, 1);
	assert_int_equal(store_job_unlock(a, "serve.daily", NULL), 0);
	store_close(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_indexes_deferred),
		cmocka_unit_test(test_foreign_keys_on),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_file_is_wal),
		cmocka_unit_test(test_migrate_embedded),
		cmocka_unit_test(test_backup),
		cmocka_unit_test(test_modes_and_restore),
		cmocka_unit_test(test_synchronous),
		cmocka_unit_test(test_two_connections),
		cmocka_unit_test(test_concurrent_writers),
		cmocka_unit_test(test_both_bind),
		cmocka_unit_test(test_both_cache),
		cmocka_unit_test(test_both_transactions),
		cmocka_unit_test(test_both_constraints),
		cmocka_unit_test(test_both_migrate),
		cmocka_unit_test(test_both_copy),
		cmocka_unit_test(test_both_read_snapshot),
	};
	const struct CMUnitTest pg_tests[] = {
		cmocka_unit_test(test_migrate_embedded),
		cmocka_unit_test(test_both_bind),
		cmocka_unit_test(test_both_cache),
		cmocka_unit_test(test_both_transactions),
		cmocka_unit_test(test_both_constraints),
		cmocka_unit_test(test_both_migrate),
		cmocka_unit_test(test_pg_open),
		cmocka_unit_test(test_pg_concurrent),
		cmocka_unit_test(test_both_copy),
		cmocka_unit_test(test_pg_job_lock),
		cmocka_unit_test(test_both_read_snapshot),
	};
	int failed = cmocka_run_group_tests_name("sqlite", tests, setup_dir, teardown_dir);
	pg_url = getenv("GAOQI_TEST_PG");
	if (pg_url && *pg_url)
		failed += cmocka_run_group_tests_name("postgres", pg_tests, NULL, NULL);
	return failed;
}
