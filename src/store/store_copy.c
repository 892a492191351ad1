/*
 * store_copy — bulk loading (store_copy_* of store.h) on both backends:
 * PostgreSQL's COPY … FROM STDIN in text format (store_pg_copy_*), SQLite's
 * one prepared INSERT per row. All or nothing through a savepoint (or a
 * transaction of the copy's own on SQLite).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "core/xalloc.h"
#include "store/store.h"
#include "store/store_internal.h"

#define COPY_SAVEPOINT "store_copy"
#define COPY_BLOCK (256 * 1024) /* COPY text sent to the server in blocks of this size */

struct store_copy {
	struct store *s;
	int ncols;
	int col;	       /* values given for the current row */
	int savepoint;	       /* a savepoint of ours is open */
	int own_tx;	       /* SQLite: a transaction of ours is open */
	int overflow;	       /* more than NCOLS values in the current row */
	int64_t rows;	       /* rows ended */
	struct strbuf b;       /* PostgreSQL: COPY text not yet sent */
	struct store_stmt *st; /* SQLite: the INSERT */
};

static int is_pg(const struct store_copy *c)
{
	return c->s->dialect == STORE_POSTGRES;
}

void store_add_ident(struct strbuf *sb, const char *name)
{
	strbuf_addc(sb, '"');
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			strbuf_addc(sb, '"');
		strbuf_addc(sb, *p);
	}
	strbuf_addc(sb, '"');
}

/* The statement's head: `"t" ("a", "b")`. */
static void add_target(struct strbuf *sb, const char *table, const char *const *columns, int n)
{
	store_add_ident(sb, table);
	strbuf_adds(sb, " (");
	for (int i = 0; i < n; i++) {
		if (i)
			strbuf_adds(sb, ", ");
		store_add_ident(sb, columns[i]);
	}
	strbuf_addc(sb, ')');
}

/* Undo everything of the copy (savepoint or own transaction) and free C. */
static void copy_free(struct store_copy *c, int undo)
{
	if (undo && c->savepoint)
		store_rollback_to(c->s, COPY_SAVEPOINT, NULL);
	else if (c->savepoint)
		store_release(c->s, COPY_SAVEPOINT, NULL);
	if (undo && c->own_tx)
		store_rollback(c->s, NULL);
	store_finish(c->st);
	strbuf_cleanup(&c->b);
	free(c);
}

int store_copy_begin(struct store *s, const char *table, const char *const *columns, int ncols,
		     struct store_copy **out, struct err *e)
{
	struct strbuf sql;
	int rc;
	*out = NULL;
	if (ncols < 1 || ncols > STORE_MAX_PARAMS)
		return err_set(e, ERR_INTERNAL, NULL, "内部错误：批量导入的列数无效");
	struct store_copy *c = xcalloc(1, sizeof *c);
	c->s = s;
	c->ncols = ncols;
	strbuf_init(&c->b, 0);
	if (store_in_transaction(s)) {
		rc = store_savepoint(s, COPY_SAVEPOINT, e);
		c->savepoint = rc == 0;
	} else if (s->dialect == STORE_SQLITE) {
		rc = store_begin(s, e);
		c->own_tx = rc == 0;
	} else {
		rc = 0; /* PostgreSQL: one COPY statement is atomic by itself */
	}
	if (rc)
		goto fail;
	strbuf_init(&sql, 0);
	if (s->dialect == STORE_POSTGRES) {
		strbuf_adds(&sql, "COPY ");
		add_target(&sql, table, columns, ncols);
		strbuf_adds(&sql, " FROM STDIN");
		rc = store_pg_copy_start(s, strbuf_cstr(&sql), e);
	} else {
		strbuf_adds(&sql, "INSERT INTO ");
		add_target(&sql, table, columns, ncols);
		strbuf_adds(&sql, " VALUES (");
		for (int i = 1; i <= ncols; i++)
			strbuf_addf(&sql, "%s$%d", i > 1 ? ", " : "", i);
		strbuf_addc(&sql, ')');
		rc = store_prepare(s, strbuf_cstr(&sql), &c->st, e);
	}
	strbuf_cleanup(&sql);
	if (rc)
		goto fail;
	*out = c;
	return 0;
fail:
	copy_free(c, 1);
	return rc;
}

/* The slot of the next value (1-based), or 0 when the row is full. */
static int next_col(struct store_copy *c)
{
	if (c->col >= c->ncols) {
		c->overflow = 1;
		return 0;
	}
	if (is_pg(c) && c->col > 0)
		strbuf_addc(&c->b, '\t');
	return ++c->col;
}

void store_copy_null(struct store_copy *c)
{
	int n = next_col(c);
	if (!n)
		return;
	if (is_pg(c))
		strbuf_adds(&c->b, "\\N");
	else
		store_bind_null(c->st, n);
}

void store_copy_int(struct store_copy *c, int64_t v)
{
	int n = next_col(c);
	if (!n)
		return;
	if (is_pg(c))
		strbuf_addf(&c->b, "%lld", (long long)v);
	else
		store_bind_int(c->st, n, v);
}

void store_copy_text(struct store_copy *c, const char *text, size_t len)
{
	if (!text) {
		store_copy_null(c);
		return;
	}
	int n = next_col(c);
	if (!n)
		return;
	if (len == STORE_NTS)
		len = strlen(text);
	if (!is_pg(c)) {
		store_bind_text(c->st, n, text, len);
		return;
	}
	/* COPY text format: the delimiter, line ends and the escape character escaped. */
	size_t from = 0;
	for (size_t i = 0; i < len; i++) {
		const char *esc = NULL;
		switch (text[i]) {
		case '\\': esc = "\\\\"; break;
		case '\t': esc = "\\t"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		default: continue;
		}
		strbuf_add(&c->b, text + from, i - from);
		strbuf_adds(&c->b, esc);
		from = i + 1;
	}
	strbuf_add(&c->b, text + from, len - from);
}

void store_copy_blob(struct store_copy *c, const void *data, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	if (!data) {
		store_copy_null(c);
		return;
	}
	int n = next_col(c);
	if (!n)
		return;
	if (!is_pg(c)) {
		store_bind_blob(c->st, n, data, len);
		return;
	}
	/* bytea's hex input `\x…`, its backslash escaped for COPY */
	const unsigned char *p = data;
	strbuf_adds(&c->b, "\\\\x");
	for (size_t i = 0; i < len; i++) {
		char two[2] = {hex[p[i] >> 4], hex[p[i] & 15]};
		strbuf_add(&c->b, two, 2);
	}
}

int store_copy_row(struct store_copy *c, struct err *e)
{
	int rc = 0;
	if (c->overflow || c->col != c->ncols)
		return err_set(e, ERR_INTERNAL, NULL, "内部错误：批量导入的一行有%s%d列",
			       c->overflow ? "超过" : "", c->overflow ? c->ncols : c->col);
	c->col = 0;
	c->rows++;
	if (!is_pg(c)) {
		rc = store_run(c->st, e);
		store_reset(c->st); /* SQLite binds only to a reset statement */
		return rc;
	}
	if (strbuf_addc(&c->b, '\n'))
		return err_set(e, ERR_TOO_BIG, NULL, "批量导入的一行过大");
	if (c->b.len >= COPY_BLOCK) {
		rc = store_pg_copy_put(c->s, c->b.buf, c->b.len, e);
		strbuf_reset(&c->b);
	}
	return rc;
}

int store_copy_end(struct store_copy *c, int64_t *rows, struct err *e)
{
	int rc = 0;
	if (rows)
		*rows = 0;
	if (c->col)
		rc = err_set(e, ERR_INTERNAL, NULL, "内部错误：批量导入的最后一行未结束");
	if (is_pg(c)) {
		int64_t n = 0;
		if (!rc && c->b.len)
			rc = store_pg_copy_put(c->s, c->b.buf, c->b.len, e);
		/* a failed put has ended the COPY already; ending again only drains */
		int rc2 = store_pg_copy_end(c->s, rc ? "abandoned" : NULL, &n, rc ? NULL : e);
		if (!rc)
			rc = rc2;
		if (!rc && n != c->rows)
			rc = err_set(e, ERR_DB, NULL, "数据库错误：批量导入的行数不符");
	}
	if (!rc && c->own_tx) {
		rc = store_commit(c->s, e);
		c->own_tx = 0; /* committed, or rolled back by the failed commit */
	}
	if (!rc && rows)
		*rows = c->rows;
	copy_free(c, rc != 0);
	return rc;
}

void store_copy_abort(struct store_copy *c)
{
	if (!c)
		return;
	if (is_pg(c))
		store_pg_copy_end(c->s, "abandoned", NULL, NULL);
	copy_free(c, 1);
}
