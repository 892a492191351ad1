/*
 * store_pg — the PostgreSQL backend of store.h over libpq (see
 * store_internal.h and the PostgreSQL notes in store.h).
 *
 * Statements: the front's cache maps an SQL text to one of these; compiling
 * it is PQprepare of a named statement ("g1", "g2", … per connection) and
 * PQdescribePrepared for the number of parameters and result columns.
 * `$N` placeholders are PostgreSQL's own. Parameters are sent in text
 * format (the server parses them into the types it inferred), blobs in
 * binary format; results come back in text format.
 *
 * store_step fetches the WHOLE result on the first step (PQexecPrepared) and
 * then walks its rows. Not single-row mode: the ledger borrows a second
 * statement while it iterates the first (a lookup per listed row, an update
 * per read row), and libpq cannot send a query on a connection while another
 * result is still being streamed. Queries that may return very many rows
 * must page (LIMIT / keyset) as the ledger's lists already do.
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/xalloc.h"
#include "store/store_internal.h"

#define BOOLOID 16
#define BYTEAOID 17

struct pg_stmt {
	struct store_stmt base;
	char name[16]; /* the server-side statement, empty until prepared */
	int nparams;   /* $1 … $nparams as PostgreSQL counted them */
	int ncols;     /* result columns */
	const char **values;
	int *lengths;
	int *formats;
	char **own; /* per parameter: a buffer of ours for text and numbers */
	size_t *owncap;
	PGresult *res;	     /* the result being walked (NULL before the first step) */
	int row;	     /* the current row of res */
	unsigned char *blob; /* an unescaped bytea handed out by column_blob */
};

struct pg_store {
	struct store base;
	PGconn *conn;
	int64_t changes;
	unsigned serial; /* for statement names */
};

#define PG(s) ((struct pg_store *)(s))
#define PGC(s) ((const struct pg_store *)(s))
#define ST(st) ((struct pg_stmt *)(st))

/* ---- errors ------------------------------------------------------------------ */

/*
 * Map the failed result RES (or the connection's error when RES is NULL)
 * to an ERR_* by its SQLSTATE; the server's text (which names tables,
 * columns and values) goes to the log only.
 */
static int pg_error(struct pg_store *s, const PGresult *res, struct err *e, const char *what)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *text = res ? PQresultErrorMessage(res) : PQerrorMessage(s->conn);
	char msg[512]; /* the server's lines on one log line */
	size_t n = 0;
	for (; text && *text && n + 1 < sizeof msg; text++)
		if (*text != '\n' || (text[1] && n))
			msg[n++] = *text == '\n' ? ' ' : *text;
	msg[n] = '\0';
	if (!state)
		state = "";
	if (!strcmp(state, "23505")) {
		log_debug("store: %s: %s", what, msg);
		return err_set(e, ERR_CONFLICT, NULL, "记录已存在（重复的键）");
	}
	if (!strcmp(state, "23503")) {
		log_debug("store: %s: %s", what, msg);
		return err_set(e, ERR_INVALID, NULL, "引用的记录不存在");
	}
	if (!strcmp(state, "23514") || !strcmp(state, "23502")) {
		log_warn("store: %s: %s", what, msg);
		return err_set(e, ERR_INVALID, NULL, "数据不符合约束条件，未保存");
	}
	/* serialization failure, deadlock, lock_timeout: the caller may retry */
	if (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03")) {
		log_warn("store: %s: %s", what, msg);
		return err_set(e, ERR_BUSY, NULL, "数据库繁忙，请稍后重试");
	}
	log_error("store: %s: [%s] %s", what, state, msg);
	return err_set(e, ERR_DB, NULL, "数据库错误");
}

/* Rows changed, from the command tag of RES when it is a write (as sqlite3_changes). */
static void note_changes(struct pg_store *s, PGresult *res)
{
	const char *tag = PQcmdStatus(res);
	if (!strncmp(tag, "INSERT", 6) || !strncmp(tag, "UPDATE", 6) ||
	    !strncmp(tag, "DELETE", 6) || !strncmp(tag, "MERGE", 5))
		s->changes = strtoll(PQcmdTuples(res), NULL, 10);
}

/* ---- connection ---------------------------------------------------------------- */

static void notice(void *arg, const char *message)
{
	(void)arg;
	log_debug("store: postgres: %s", message);
}

static int pg_exec(struct store *base, const char *sql, struct err *e)
{
	struct pg_store *s = PG(base);
	PGresult *res = PQexec(s->conn, sql);
	ExecStatusType st = PQresultStatus(res);
	int rc = 0;
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		note_changes(s, res);
	else if (st != PGRES_EMPTY_QUERY)
		rc = pg_error(s, res, e, "exec");
	PQclear(res);
	return rc;
}

static void pg_close(struct store *s)
{
	PQfinish(PG(s)->conn);
}

/* No page cache to size on the client: the server's shared_buffers is the DBA's. */
static int pg_set_cache_mib(struct store *s, int mib, struct err *e)
{
	(void)s;
	(void)mib;
	(void)e;
	return 0;
}

/* ---- statements ---------------------------------------------------------------- */

static struct store_stmt *pg_stmt_new(void)
{
	struct pg_stmt *st = xcalloc(1, sizeof *st);
	return &st->base;
}

static int pg_compile(struct store_stmt *base, struct err *e)
{
	struct pg_stmt *st = ST(base);
	struct pg_store *s = PG(base->owner);
	char name[16];
	snprintf(name, sizeof name, "g%u", ++s->serial);
	PGresult *res = PQprepare(s->conn, name, base->sql, 0, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		int rc = pg_error(s, res, e, "prepare");
		log_error("store: in: %s", base->sql);
		PQclear(res);
		return rc == ERR_DB ? rc : err_set(e, ERR_DB, NULL, "数据库错误");
	}
	PQclear(res);
	memcpy(st->name, name, sizeof name);
	res = PQdescribePrepared(s->conn, name);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		int rc = pg_error(s, res, e, "describe");
		PQclear(res);
		return rc;
	}
	st->nparams = PQnparams(res);
	st->ncols = PQnfields(res);
	PQclear(res);
	if (st->nparams > STORE_MAX_PARAMS) {
		log_error("store: more than %d placeholders in: %s", STORE_MAX_PARAMS, base->sql);
		return err_set(e, ERR_INTERNAL, NULL, "内部错误：SQL 占位符无效");
	}
	size_t n = st->nparams ? (size_t)st->nparams : 1;
	st->values = xcalloc(n, sizeof *st->values);
	st->lengths = xcalloc(n, sizeof *st->lengths);
	st->formats = xcalloc(n, sizeof *st->formats);
	st->own = xcalloc(n, sizeof *st->own);
	st->owncap = xcalloc(n, sizeof *st->owncap);
	st->row = -1;
	return 0;
}

/* Forget the current result (and a blob handed out from it). */
static void drop_result(struct pg_stmt *st)
{
	PQclear(st->res);
	st->res = NULL;
	st->row = -1;
	PQfreemem(st->blob);
	st->blob = NULL;
}

static void pg_destroy(struct store_stmt *base)
{
	struct pg_stmt *st = ST(base);
	struct pg_store *s = PG(base->owner);
	drop_result(st);
	/*
	 * Evicted from the cache: free the server's statement too (not when the
	 * connection is closing, which frees them all). In an aborted
	 * transaction this fails and the statement stays until the connection
	 * ends: harmless.
	 */
	if (st->name[0] && !s->base.closing) {
		char sql[40];
		snprintf(sql, sizeof sql, "DEALLOCATE %s", st->name);
		PQclear(PQexec(s->conn, sql));
	}
	/* a statement refused by pg_compile (too many placeholders) has no buffers */
	for (int i = 0; st->own && i < st->nparams; i++)
		free(st->own[i]);
	free(st->values);
	free(st->lengths);
	free(st->formats);
	free(st->own);
	free(st->owncap);
}

static void pg_reset(struct store_stmt *st)
{
	drop_result(ST(st));
}

static void pg_finish(struct store_stmt *base)
{
	struct pg_stmt *st = ST(base);
	drop_result(st);
	for (int i = 0; i < st->nparams; i++) {
		st->values[i] = NULL;
		st->formats[i] = 0;
		st->lengths[i] = 0;
	}
}

/* The slot of $N, or -1 when the SQL has no such placeholder (then a bind is a no-op). */
static int slot(struct pg_stmt *st, int n)
{
	return n >= 1 && n <= st->nparams ? n - 1 : -1;
}

/* Our buffer for slot I, at least CAP bytes. */
static char *own_buffer(struct pg_stmt *st, int i, size_t cap)
{
	if (st->owncap[i] < cap) {
		st->own[i] = xrealloc(st->own[i], cap);
		st->owncap[i] = cap;
	}
	return st->own[i];
}

static int pg_bind_int(struct store_stmt *base, int n, int64_t v)
{
	struct pg_stmt *st = ST(base);
	int i = slot(st, n);
	if (i < 0)
		return 0;
	char *b = own_buffer(st, i, 24);
	snprintf(b, 24, "%lld", (long long)v);
	st->values[i] = b;
	st->formats[i] = 0;
	return 0;
}

/*
 * Text goes in text format, which libpq reads up to a NUL: a text with an
 * explicit length is copied and terminated; a NUL-terminated static text
 * is passed as it is.
 */
static int pg_bind_text(struct store_stmt *base, int n, const char *text, size_t len, int copy)
{
	struct pg_stmt *st = ST(base);
	int i = slot(st, n);
	if (i < 0)
		return 0;
	st->formats[i] = 0;
	if (!text) {
		st->values[i] = NULL;
		return 0;
	}
	if (!copy && len == STORE_NTS) {
		st->values[i] = text;
		return 0;
	}
	if (len == STORE_NTS)
		len = strlen(text);
	if (len > (size_t)1 << 30)
		return ERR_TOO_BIG;
	char *b = own_buffer(st, i, len + 1);
	memcpy(b, text, len);
	b[len] = '\0';
	st->values[i] = b;
	return 0;
}

static int pg_bind_null(struct store_stmt *base, int n)
{
	struct pg_stmt *st = ST(base);
	int i = slot(st, n);
	if (i >= 0) {
		st->values[i] = NULL;
		st->formats[i] = 0;
	}
	return 0;
}

/* A blob in binary format (for a bytea parameter), without a copy. */
static int pg_bind_blob(struct store_stmt *base, int n, const void *data, size_t len)
{
	struct pg_stmt *st = ST(base);
	int i = slot(st, n);
	if (i < 0)
		return 0;
	if (len > (size_t)1 << 30)
		return ERR_TOO_BIG;
	st->values[i] = data ? data : "";
	st->lengths[i] = (int)len;
	st->formats[i] = 1;
	return 0;
}

static int pg_step(struct store_stmt *base, struct err *e)
{
	struct pg_stmt *st = ST(base);
	struct pg_store *s = PG(base->owner);
	PQfreemem(st->blob);
	st->blob = NULL;
	if (!st->res) {
		PGresult *res = PQexecPrepared(s->conn, st->name, st->nparams, st->values,
					       st->lengths, st->formats, 0);
		ExecStatusType status = PQresultStatus(res);
		if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
			int rc = pg_error(s, res, e, "step");
			if (rc == ERR_DB)
				log_error("store: in: %s", base->sql);
			PQclear(res);
			return rc;
		}
		note_changes(s, res);
		st->res = res;
		st->row = -1;
	}
	if (++st->row < PQntuples(st->res))
		return STORE_ROW;
	/* Done: the next step runs the statement again, as SQLite's does. */
	drop_result(st);
	return STORE_DONE;
}

static int64_t pg_changes(const struct store *s)
{
	return PGC(s)->changes;
}

static int pg_column_count(struct store_stmt *st)
{
	return ST(st)->ncols;
}

/* Is (row, COL) readable? */
static int has_value(const struct pg_stmt *st, int col)
{
	return st->res && st->row >= 0 && st->row < PQntuples(st->res) && col >= 0 &&
	       col < PQnfields(st->res);
}

static int pg_column_is_null(struct store_stmt *base, int col)
{
	struct pg_stmt *st = ST(base);
	return !has_value(st, col) || PQgetisnull(st->res, st->row, col);
}

/* The integer value: a boolean reads as 1 or 0 (SQLite has no booleans). */
static int64_t pg_column_int(struct store_stmt *base, int col)
{
	struct pg_stmt *st = ST(base);
	if (pg_column_is_null(base, col))
		return 0;
	const char *v = PQgetvalue(st->res, st->row, col);
	if (PQftype(st->res, col) == BOOLOID)
		return v[0] == 't';
	return strtoll(v, NULL, 10);
}

static const char *pg_column_text(struct store_stmt *base, int col, size_t *len)
{
	struct pg_stmt *st = ST(base);
	if (pg_column_is_null(base, col)) {
		if (len)
			*len = 0;
		return NULL;
	}
	if (len)
		*len = (size_t)PQgetlength(st->res, st->row, col);
	return PQgetvalue(st->res, st->row, col);
}

/* A bytea column is unescaped from its text form; other columns give their text bytes. */
static const void *pg_column_blob(struct store_stmt *base, int col, size_t *len)
{
	struct pg_stmt *st = ST(base);
	*len = 0;
	if (pg_column_is_null(base, col))
		return NULL;
	const char *v = PQgetvalue(st->res, st->row, col);
	if (PQftype(st->res, col) != BYTEAOID) {
		*len = (size_t)PQgetlength(st->res, st->row, col);
		return *len ? v : NULL;
	}
	PQfreemem(st->blob);
	st->blob = PQunescapeBytea((const unsigned char *)v, len);
	if (!st->blob)
		*len = 0;
	return *len ? st->blob : NULL;
}

/* ---- transactions ------------------------------------------------------------ */

static int pg_in_transaction(const struct store *s)
{
	return PQtransactionStatus(PGC(s)->conn) != PQTRANS_IDLE;
}

static int pg_begin(struct store *s, struct err *e)
{
	if (pg_in_transaction(s))
		return err_set(e, ERR_DB, NULL, "内部错误：事务已经开始");
	return pg_exec(s, "BEGIN ISOLATION LEVEL READ COMMITTED", e);
}

static int pg_commit(struct store *s, struct err *e)
{
	struct pg_store *p = PG(s);
	if (PQtransactionStatus(p->conn) == PQTRANS_INERROR) {
		/* PostgreSQL would answer COMMIT with ROLLBACK: say so. */
		pg_exec(s, "ROLLBACK", NULL);
		log_error("store: commit of a transaction in which a statement had failed");
		return err_set(e, ERR_DB, NULL, "数据库错误");
	}
	int rc = pg_exec(s, "COMMIT", e);
	if (rc && pg_in_transaction(s))
		pg_exec(s, "ROLLBACK", NULL);
	return rc;
}

static int pg_rollback(struct store *s, struct err *e)
{
	if (!pg_in_transaction(s))
		return 0;
	return pg_exec(s, "ROLLBACK", e);
}

static const struct store_ops pg_ops = {
	.close = pg_close,
	.exec = pg_exec,
	.stmt_new = pg_stmt_new,
	.compile = pg_compile,
	.destroy = pg_destroy,
	.finish = pg_finish,
	.reset = pg_reset,
	.bind_int = pg_bind_int,
	.bind_text = pg_bind_text,
	.bind_null = pg_bind_null,
	.bind_blob = pg_bind_blob,
	.step = pg_step,
	.changes = pg_changes,
	.column_count = pg_column_count,
	.column_is_null = pg_column_is_null,
	.column_int = pg_column_int,
	.column_text = pg_column_text,
	.column_blob = pg_column_blob,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.in_transaction = pg_in_transaction,
	.set_cache_mib = pg_set_cache_mib,
};

int store_pg_open(const char *url, int flags, struct store **out, struct err *e)
{
	struct pg_store *p = xcalloc(1, sizeof *p);
	struct store *s = &p->base;
	int rc, v = 0;
	*out = NULL;
	s->ops = &pg_ops;
	s->dialect = STORE_POSTGRES;
	s->path = xstrdup(url);
	/* "postgres:" alone: everything from the PG* environment variables. */
	int bare = !strcmp(url, "postgres:") || !strcmp(url, "postgresql:");
	p->conn = PQconnectdb(bare ? "" : url);
	if (PQstatus(p->conn) != CONNECTION_OK) {
		/* The URL may hold a password: the log gets libpq's text, the user neither. */
		log_error("store: connect to PostgreSQL: %s", PQerrorMessage(p->conn));
		rc = err_set(e, ERR_DB, "db", "无法连接 PostgreSQL 数据库（详见日志）");
		goto fail;
	}
	PQsetNoticeProcessor(p->conn, notice, NULL);
	if (PQsetClientEncoding(p->conn, "UTF8") != 0) {
		rc = err_set(e, ERR_DB, "db", "PostgreSQL 连接无法使用 UTF-8 编码");
		goto fail;
	}
	rc = pg_exec(s,
		     (flags & STORE_READONLY)
			     ? "SET default_transaction_isolation = 'read committed';"
			       "SET default_transaction_read_only = on"
			     : "SET default_transaction_isolation = 'read committed'",
		     e);
	if (!rc)
		rc = store_schema_version(s, &v, e);
	if (rc)
		goto fail;
	*out = s;
	return 0;
fail:
	store_close(s);
	return rc;
}

/* ---- COPY … FROM STDIN (store_copy_* of store.c) ---------------------------------- */

int store_pg_copy_start(struct store *base, const char *sql, struct err *e)
{
	struct pg_store *s = PG(base);
	PGresult *res = PQexec(s->conn, sql);
	int rc = 0;
	if (PQresultStatus(res) != PGRES_COPY_IN) {
		rc = pg_error(s, res, e, "copy");
		log_error("store: in: %s", sql);
	}
	PQclear(res);
	return rc;
}

/*
 * End the COPY: with ABORT_MSG non-NULL the server is told to fail it (so
 * nothing of it is kept), otherwise its result is the COPY's: a failure of
 * any row (a constraint, a value that does not parse) is reported here.
 * Reads every pending result so that the connection is usable after.
 */
int store_pg_copy_end(struct store *base, const char *abort_msg, int64_t *rows, struct err *e)
{
	struct pg_store *s = PG(base);
	PGresult *res;
	int rc = 0;
	if (PQputCopyEnd(s->conn, abort_msg) != 1 && !abort_msg)
		rc = pg_error(s, NULL, e, "copy end");
	while ((res = PQgetResult(s->conn))) {
		ExecStatusType st = PQresultStatus(res);
		if (st == PGRES_COPY_IN) /* still copying (a failed put): end it for good */
			PQputCopyEnd(s->conn, "abandoned");
		else if (st == PGRES_COMMAND_OK) {
			if (rows)
				*rows = strtoll(PQcmdTuples(res), NULL, 10);
		} else if (!rc && !abort_msg)
			rc = pg_error(s, res, e, "copy");
		PQclear(res);
	}
	return rc;
}

/*
 * Send LEN bytes of COPY text. A failure (the server already refused a
 * row, or the connection broke) ends the COPY and answers its error.
 */
int store_pg_copy_put(struct store *base, const char *buf, size_t len, struct err *e)
{
	struct pg_store *s = PG(base);
	if (len > (size_t)1 << 30)
		return err_set(e, ERR_TOO_BIG, NULL, "内部错误：批量数据块过大");
	if (PQputCopyData(s->conn, buf, (int)len) == 1)
		return 0;
	int rc = store_pg_copy_end(base, NULL, NULL, e);
	return rc ? rc : pg_error(s, NULL, e, "copy data");
}
