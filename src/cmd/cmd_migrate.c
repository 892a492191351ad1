/*
 * cmd_migrate — `gaoqi migrate --from city.db --to postgres://…`: copy a
 * city's SQLite ledger into a new PostgreSQL database (issue 17), exactly,
 * and prove it.
 *
 * 1. The source is opened read-only under the exclusive serve lock (no
 *    `gaoqi serve` may write it meanwhile) and read in one transaction (one
 *    snapshot). Its schema must be exactly this binary's (else: gaoqi init).
 * 2. The target is brought to this binary's schema (store_migrate: `gaoqi
 *    init` refuses PostgreSQL until the ledger is ported) and must then be
 *    at the source's level and EMPTY: every table without a row, but for
 *    the rows that migrations seed (SEEDED below), which are replaced by
 *    the source's own.
 * 3. In ONE PostgreSQL transaction: the user triggers of the copied tables
 *    are disabled (derived tables such as enterprise_counts are copied as
 *    they are, not recomputed by the triggers of their source tables),
 *    every table is copied with store_copy_* (COPY FROM STDIN) parents
 *    before children (foreign keys hold at each row), the triggers are
 *    enabled again, identity sequences are set past the highest id.
 * 4. Still in the transaction, each table is read back on both sides and
 *    compared: the row count and a checksum computed by the same C code on
 *    both (row_hash: BLAKE2b of each row's canonical bytes — NULL apart
 *    from '', text as UTF-8 bytes, integers as decimal, blobs as their
 *    bytes, booleans as 1/0 — summed, so the order of rows does not
 *    matter). All equal: COMMIT; else ROLLBACK, the target is unchanged.
 *
 * Every table is copied: the ledger, users and their areas, the audit log,
 * sessions (people stay signed in when the address stays the same) and
 * login attempts (the throttling goes on). schema_migrations is not copied
 * but compared (the levels must be equal); SQLite's FTS5 index of the
 * policies (a virtual table and its shadow tables) is not a table of the
 * ledger: PostgreSQL indexes the policies itself (postgres/0011).
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd/cmd.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "store/store.h"

#define CMD "migrate"
#define PAGE_BLOCKS 1024 /* PostgreSQL read back by ranges of this many 8 KiB blocks */

/* Tables that migrations fill (migrations/<dialect>/0009): replaced by the source's rows. */
static const char *const SEEDED[] = {"target_metrics"};

enum col_kind { COL_TEXT, COL_BYTEA, COL_BOOL };

struct table {
	char *name;
	char **cols;
	enum col_kind *kind;
	int ncols;
	char **deps; /* tables it references (foreign keys) */
	int ndeps;
	int done; /* placed in the copy order */
	int64_t rows_src, rows_dst;
	uint64_t sum_src[2], sum_dst[2];
};

struct tables {
	struct table *t;
	size_t n;
};

static void usage(void)
{
	printf("usage: gaoqi migrate --from CITY.db --to postgres://USER:PW@HOST/DB\n"
	       "\n"
	       "Copy a SQLite database (stopped server: it takes the lock of `gaoqi\n"
	       "restore`) into a new, empty PostgreSQL database, in one transaction:\n"
	       "the target is first given this version's schema, then every table is\n"
	       "copied (users, sessions and the audit log included), and each table's\n"
	       "row count and checksum are compared on both sides and printed. On any\n"
	       "difference nothing is kept and the exit status is 1. The two schemas\n"
	       "must be at the same migration level. --to may be `postgres:` for the\n"
	       "PG* environment variables.\n");
}

static void tables_free(struct tables *ts)
{
	for (size_t i = 0; i < ts->n; i++) {
		struct table *t = &ts->t[i];
		for (int c = 0; c < t->ncols; c++)
			free(t->cols[c]);
		for (int d = 0; d < t->ndeps; d++)
			free(t->deps[d]);
		free(t->cols);
		free(t->kind);
		free(t->deps);
		free(t->name);
	}
	free(ts->t);
	ts->t = NULL;
	ts->n = 0;
}

/* E's message behind PREFIX ("PREFIX：message"); returns RC. */
static int wrap(struct err *e, int rc, const char *prefix)
{
	char msg[sizeof e->msg];
	snprintf(msg, sizeof msg, "%s", e->msg);
	return err_set(e, rc, e->field, "%s：%s", prefix, msg);
}

/* `SELECT "a", "b" FROM "t"` into SB (reset first). */
static void select_sql(struct strbuf *sb, const struct table *t)
{
	strbuf_reset(sb);
	strbuf_adds(sb, "SELECT ");
	for (int c = 0; c < t->ncols; c++) {
		if (c)
			strbuf_adds(sb, ", ");
		store_add_ident(sb, t->cols[c]);
	}
	strbuf_adds(sb, " FROM ");
	store_add_ident(sb, t->name);
}

/* ST = the source's `SELECT "a", "b" FROM "t"` on S (prepared; store_finish it). */
static int prepare_select(struct store *s, const struct table *t, struct store_stmt **st,
			  struct err *e)
{
	struct strbuf sql;
	strbuf_init(&sql, 0);
	select_sql(&sql, t);
	int rc = store_prepare(s, strbuf_cstr(&sql), st, e);
	strbuf_cleanup(&sql);
	return rc;
}

/* Append the text of column 0 of every row of SQL (with $1 = ARG when not NULL). */
static int strings_of(struct store *s, const char *sql, const char *arg, char ***out, int *n,
		      struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = store_prepare(s, sql, &st, e);
	if (rc)
		return rc;
	if (arg)
		store_bind_text(st, 1, arg, STORE_NTS);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		const char *v = store_column_text(st, 0, NULL);
		*out = xrealloc(*out, (size_t)(*n + 1) * sizeof **out);
		(*out)[(*n)++] = xstrdup(v ? v : "");
	}
	store_finish(st);
	return rc < 0 ? rc : 0;
}

/* The source's tables (not schema_migrations, not FTS5 and its shadow tables). */
static int list_tables(struct store *src, struct tables *ts, struct err *e)
{
	char **names = NULL, **virt = NULL;
	int n = 0, nv = 0, rc;
	rc = strings_of(src,
			"SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE "
			"'CREATE VIRTUAL TABLE%' ORDER BY name",
			NULL, &virt, &nv, e);
	if (!rc)
		rc = strings_of(src,
				"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
				"LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> 'schema_migrations' "
				"ORDER BY name",
				NULL, &names, &n, e);
	ts->t = xcalloc((size_t)n + 1, sizeof *ts->t);
	for (int i = 0; i < n; i++) {
		int skip = 0;
		for (int v = 0; v < nv && !skip; v++) {
			size_t l = strlen(virt[v]);
			skip = !strcmp(names[i], virt[v]) ||
			       (!strncmp(names[i], virt[v], l) && names[i][l] == '_');
		}
		if (!skip)
			ts->t[ts->n++].name = names[i];
		else
			free(names[i]);
	}
	for (int v = 0; v < nv; v++)
		free(virt[v]);
	free(virt);
	free(names);
	return rc;
}

/* Columns (checked against the target's) and foreign keys of every table. */
static int describe_tables(struct store *src, struct store *dst, struct tables *ts, struct err *e)
{
	int rc = 0;
	for (size_t i = 0; i < ts->n && !rc; i++) {
		struct table *t = &ts->t[i];
		int exists = 0;
		rc = store_table_exists(dst, t->name, &exists, e);
		if (rc)
			break;
		if (!exists)
			return err_set(e, ERR_INVALID, "to", "目标数据库缺少表 %s", t->name);
		rc = strings_of(src, "SELECT name FROM pragma_table_info($1) ORDER BY cid", t->name,
				&t->cols, &t->ncols, e);
		if (!rc)
			rc = strings_of(
				src, "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list($1)",
				t->name, &t->deps, &t->ndeps, e);
		if (rc)
			break;
		t->kind = xcalloc((size_t)t->ncols + 1, sizeof *t->kind);
		struct store_stmt *st = NULL;
		rc = store_prepare(dst,
				   "SELECT column_name::text, data_type::text FROM "
				   "information_schema.columns WHERE table_schema = "
				   "current_schema() AND table_name = $1",
				   &st, e);
		if (rc)
			break;
		store_bind_text(st, 1, t->name, STORE_NTS);
		int found = 0, total = 0;
		while ((rc = store_step(st, e)) == STORE_ROW) {
			const char *col = store_column_text(st, 0, NULL);
			const char *type = store_column_text(st, 1, NULL);
			total++;
			for (int c = 0; c < t->ncols; c++) {
				if (strcmp(col, t->cols[c]))
					continue;
				found++;
				t->kind[c] = !strcmp(type, "bytea")	? COL_BYTEA
					     : !strcmp(type, "boolean") ? COL_BOOL
									: COL_TEXT;
			}
		}
		store_finish(st);
		if (rc < 0)
			break;
		rc = 0;
		if (found != t->ncols || total != t->ncols)
			return err_set(e, ERR_INVALID, "to",
				       "表 %s 的列与目标数据库不一致（SQLite %d列，PostgreSQL "
				       "%d列）",
				       t->name, t->ncols, total);
	}
	return rc;
}

/* Order TS parents first (a table after every table it references). */
static int order_tables(struct tables *ts, struct err *e)
{
	struct table *sorted = xcalloc(ts->n + 1, sizeof *sorted);
	size_t k = 0;
	while (k < ts->n) {
		size_t before = k;
		for (size_t i = 0; i < ts->n; i++) {
			struct table *t = &ts->t[i];
			int ready = !t->done;
			for (int d = 0; d < t->ndeps && ready; d++) {
				if (!strcmp(t->deps[d], t->name))
					continue; /* a self-reference holds within one COPY */
				for (size_t j = 0; j < ts->n; j++)
					if (!strcmp(ts->t[j].name, t->deps[d]) && !ts->t[j].done)
						ready = 0;
			}
			if (ready) {
				t->done = 1;
				sorted[k++] = *t;
			}
		}
		if (k == before) {
			free(sorted);
			return err_set(e, ERR_INTERNAL, NULL,
				       "内部错误：表之间的外键成环，无法确定复制顺序");
		}
	}
	free(ts->t);
	ts->t = sorted;
	return 0;
}

/* *N = the rows of table NAME on S. */
static int count_of(struct store *s, const char *name, int64_t *n, struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	strbuf_init(&sql, 0);
	strbuf_adds(&sql, "SELECT count(*) FROM ");
	store_add_ident(&sql, name);
	int rc = store_prepare(s, strbuf_cstr(&sql), &st, e);
	strbuf_cleanup(&sql);
	if (rc)
		return rc;
	rc = store_step(st, e);
	*n = rc == STORE_ROW ? store_column_int(st, 0) : 0;
	store_finish(st);
	return rc < 0 ? rc : 0;
}

static int is_seeded(const char *name)
{
	for (size_t i = 0; i < sizeof SEEDED / sizeof SEEDED[0]; i++)
		if (!strcmp(SEEDED[i], name))
			return 1;
	return 0;
}

/* Run SQL built as PREFIX "table" SUFFIX on S. */
static int exec_on(struct store *s, const char *prefix, const char *table, const char *suffix,
		   struct err *e)
{
	struct strbuf sql;
	strbuf_init(&sql, 0);
	strbuf_adds(&sql, prefix);
	store_add_ident(&sql, table);
	strbuf_adds(&sql, suffix);
	int rc = store_exec(s, strbuf_cstr(&sql), e);
	strbuf_cleanup(&sql);
	return rc;
}

/* Refuse a target with data (naming the table); empty the seeded tables. */
static int check_empty(struct store *dst, const struct tables *ts, struct err *e)
{
	for (size_t i = 0; i < ts->n; i++) {
		int64_t n = 0;
		int rc = count_of(dst, ts->t[i].name, &n, e);
		if (rc)
			return rc;
		if (!n)
			continue;
		if (!is_seeded(ts->t[i].name))
			return err_set(e, ERR_CONFLICT, "to",
				       "目标数据库不为空：表 %s "
				       "已有%lld行数据（只能迁移到新建的空数据库）",
				       ts->t[i].name, (long long)n);
		rc = exec_on(dst, "DELETE FROM ", ts->t[i].name, "", e);
		if (rc)
			return rc;
	}
	return 0;
}

/* Copy table T from SRC into DST with COPY. */
static int copy_table(struct store *src, struct store *dst, struct table *t, struct err *e)
{
	struct store_stmt *st = NULL;
	struct store_copy *c = NULL;
	int rc = prepare_select(src, t, &st, e);
	if (rc)
		return rc;
	rc = store_copy_begin(dst, t->name, (const char *const *)t->cols, t->ncols, &c, e);
	if (rc) {
		store_finish(st);
		return rc;
	}
	while ((rc = store_step(st, e)) == STORE_ROW) {
		for (int k = 0; k < t->ncols; k++) {
			size_t len = 0;
			if (store_column_is_null(st, k)) {
				store_copy_null(c);
			} else if (t->kind[k] == COL_BYTEA) {
				const void *b = store_column_blob(st, k, &len);
				store_copy_blob(c, b ? b : "", len);
			} else {
				const char *v = store_column_text(st, k, &len);
				store_copy_text(c, v ? v : "", len);
			}
		}
		rc = store_copy_row(c, e);
		if (rc)
			break;
	}
	store_finish(st);
	if (rc < 0)
		store_copy_abort(c);
	else
		rc = store_copy_end(c, NULL, e);
	if (rc) {
		char what[300];
		snprintf(what, sizeof what, "复制表 %s 失败（详见日志）", t->name);
		return wrap(e, rc, what);
	}
	return 0;
}

/* Identity columns of the copied tables continue after the highest id copied. */
static int reset_sequences(struct store *dst, const struct tables *ts, struct err *e)
{
	for (size_t i = 0; i < ts->n; i++) {
		char **ids = NULL;
		int n = 0;
		int rc = strings_of(dst,
				    "SELECT column_name::text FROM information_schema.columns "
				    "WHERE table_schema = current_schema() AND table_name = $1 "
				    "AND is_identity = 'YES'",
				    ts->t[i].name, &ids, &n, e);
		for (int k = 0; k < n; k++) {
			struct strbuf sql, qt;
			struct store_stmt *st = NULL;
			strbuf_init(&sql, 0);
			strbuf_init(&qt, 0);
			store_add_ident(&qt, ts->t[i].name);
			strbuf_adds(&sql, "SELECT setval(pg_get_serial_sequence($1, $2), max(");
			store_add_ident(&sql, ids[k]);
			strbuf_addf(&sql, ")) FROM %s", strbuf_cstr(&qt));
			if (!rc)
				rc = store_prepare(dst, strbuf_cstr(&sql), &st, e);
			if (!rc) {
				store_bind_text(st, 1, strbuf_cstr(&qt), STORE_NTS);
				store_bind_text(st, 2, ids[k], STORE_NTS);
				rc = store_run(st, e);
				store_finish(st);
			}
			strbuf_cleanup(&sql);
			strbuf_cleanup(&qt);
			free(ids[k]);
		}
		free(ids);
		if (rc)
			return rc;
	}
	return 0;
}

/*
 * Add the rows of ST (the columns of T, in order) to *ROWS and SUM: each
 * row's canonical bytes (per column 'N', or 'V', an 8-byte length and the
 * value's bytes) hashed with BLAKE2b-128, the two halves added modulo 2^64.
 */
static int row_hash(struct store_stmt *st, const struct table *t, struct strbuf *b, int64_t *rows,
		    uint64_t sum[2], struct err *e)
{
	int rc;
	while ((rc = store_step(st, e)) == STORE_ROW) {
		unsigned char h[16];
		strbuf_reset(b);
		for (int k = 0; k < t->ncols; k++) {
			const void *v;
			size_t len = 0;
			char one[2] = "0";
			if (store_column_is_null(st, k)) {
				strbuf_addc(b, 'N');
				continue;
			}
			if (t->kind[k] == COL_BYTEA) {
				v = store_column_blob(st, k, &len);
			} else if (t->kind[k] == COL_BOOL) {
				one[0] = store_column_int(st, k) ? '1' : '0';
				v = one;
				len = 1;
			} else {
				v = store_column_text(st, k, &len);
			}
			unsigned char l8[8];
			for (int i = 0; i < 8; i++)
				l8[i] = (unsigned char)((uint64_t)len >> (8 * i));
			strbuf_addc(b, 'V');
			strbuf_add(b, l8, 8);
			if (len)
				strbuf_add(b, v, len);
		}
		crypto_generichash(h, sizeof h, (const unsigned char *)b->buf, b->len, NULL, 0);
		for (int half = 0; half < 2; half++) {
			uint64_t w = 0;
			for (int i = 0; i < 8; i++)
				w |= (uint64_t)h[half * 8 + i] << (8 * i);
			sum[half] += w;
		}
		(*rows)++;
	}
	return rc < 0 ? rc : 0;
}

static int checksum_src(struct store *src, struct table *t, struct strbuf *b, struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = prepare_select(src, t, &st, e);
	if (rc)
		return rc;
	rc = row_hash(st, t, b, &t->rows_src, t->sum_src, e);
	store_finish(st);
	return rc;
}

/*
 * The same on PostgreSQL, read by ranges of blocks (a TID range scan, so
 * that a big table is not fetched whole into memory at once).
 */
static int checksum_dst(struct store *dst, struct table *t, struct strbuf *b, struct err *e)
{
	struct strbuf sql, qt;
	struct store_stmt *st = NULL;
	int64_t blocks = 0;
	strbuf_init(&sql, 0);
	strbuf_init(&qt, 0);
	store_add_ident(&qt, t->name);
	int rc = store_prepare(dst,
			       "SELECT pg_relation_size(CAST($1 AS text)::regclass) / "
			       "current_setting('block_size')::bigint + 1",
			       &st, e);
	if (!rc) {
		store_bind_text(st, 1, strbuf_cstr(&qt), STORE_NTS);
		rc = store_step(st, e);
		blocks = rc == STORE_ROW ? store_column_int(st, 0) : 0;
		rc = rc < 0 ? rc : 0;
		store_finish(st);
	}
	select_sql(&sql, t);
	strbuf_adds(&sql, " WHERE ctid >= CAST($1 AS tid) AND ctid < CAST($2 AS tid)");
	for (int64_t from = 0; !rc && from < blocks; from += PAGE_BLOCKS) {
		char lo[32], hi[32];
		snprintf(lo, sizeof lo, "(%lld,0)", (long long)from);
		snprintf(hi, sizeof hi, "(%lld,0)", (long long)(from + PAGE_BLOCKS));
		rc = store_prepare(dst, strbuf_cstr(&sql), &st, e);
		if (rc)
			break;
		store_bind_text(st, 1, lo, STORE_NTS);
		store_bind_text(st, 2, hi, STORE_NTS);
		rc = row_hash(st, t, b, &t->rows_dst, t->sum_dst, e);
		store_finish(st);
	}
	strbuf_cleanup(&sql);
	strbuf_cleanup(&qt);
	return rc;
}

static int same(const struct table *t)
{
	return t->rows_src == t->rows_dst && t->sum_src[0] == t->sum_dst[0] &&
	       t->sum_src[1] == t->sum_dst[1];
}

/* Print S left-aligned in WIDTH display columns. */
static void cell(const char *s, size_t width)
{
	size_t w = cmd_text_width(s);
	fputs(s, stdout);
	for (; w < width; w++)
		fputc(' ', stdout);
}

static int by_name(const void *a, const void *b)
{
	const struct table *const *x = a, *const *y = b;
	return strcmp((*x)->name, (*y)->name);
}

/* The comparison, one line per table in the order of their names. */
static void print_report(const struct tables *ts)
{
	const struct table **sorted = xcalloc(ts->n + 1, sizeof *sorted);
	for (size_t i = 0; i < ts->n; i++)
		sorted[i] = &ts->t[i];
	qsort(sorted, ts->n, sizeof *sorted, by_name);
	size_t wn = cmd_text_width("表名");
	for (size_t i = 0; i < ts->n; i++) {
		size_t w = cmd_text_width(ts->t[i].name);
		wn = w > wn ? w : wn;
	}
	wn += 2;
	cell("表名", wn);
	cell("行数 SQLite", 16);
	cell("行数 PostgreSQL", 18);
	printf("校验\n");
	for (size_t i = 0; i < ts->n; i++) {
		const struct table *t = sorted[i];
		char a[24], b[24];
		snprintf(a, sizeof a, "%lld", (long long)t->rows_src);
		snprintf(b, sizeof b, "%lld", (long long)t->rows_dst);
		cell(t->name, wn);
		cell(a, 16);
		cell(b, 18);
		printf("%s\n", same(t) ? "一致" : "不一致");
	}
	free(sorted);
}

/* Open both sides and check the levels; the target gets the schema first. */
static int open_both(const char *from, const char *to, struct store **src, struct store **dst,
		     struct err *e)
{
	int vs = 0, vd = 0, rc;
	rc = store_open(from, STORE_READONLY, src, e);
	if (!rc)
		rc = store_schema_version(*src, &vs, e);
	if (rc)
		return wrap(e, rc, "无法读取源数据库");
	if (vs == 0)
		return err_set(e, ERR_INVALID, "from",
			       "源数据库 %s 不是 gaoqi 数据库（没有结构版本）", from);
	rc = store_check_schema(*src, e);
	if (rc)
		return err_set(e, rc, "from",
			       "源数据库结构版本%d与本程序（版本%d）不一致，请先用本程序的 gaoqi "
			       "init --db %s 升级",
			       vs, store_known_version(*src), from);
	rc = store_open(to, STORE_ALLOW_POSTGRES, dst, e);
	if (rc)
		return rc;
	rc = store_migrate(*dst, NULL, e);
	if (!rc)
		rc = store_schema_version(*dst, &vd, e);
	if (rc)
		return wrap(e, rc, "目标数据库");
	if (vd != vs)
		return err_set(
			e, ERR_CONFLICT, "to",
			"迁移级别不一致：源数据库（SQLite）为结构版本%d，目标数据库（PostgreSQL）"
			"为结构版本%d",
			vs, vd);
	return 0;
}

/* Copy and compare, in the target's transaction; *OK = every table equal. */
static int copy_all(struct store *src, struct store *dst, struct tables *ts, int *ok, struct err *e)
{
	struct strbuf b;
	int rc = 0;
	*ok = 0;
	for (size_t i = 0; i < ts->n && !rc; i++)
		rc = exec_on(dst, "ALTER TABLE ", ts->t[i].name, " DISABLE TRIGGER USER", e);
	for (size_t i = 0; i < ts->n && !rc; i++)
		rc = copy_table(src, dst, &ts->t[i], e);
	for (size_t i = 0; i < ts->n && !rc; i++)
		rc = exec_on(dst, "ALTER TABLE ", ts->t[i].name, " ENABLE TRIGGER USER", e);
	if (!rc)
		rc = reset_sequences(dst, ts, e);
	strbuf_init(&b, 0);
	for (size_t i = 0; i < ts->n && !rc; i++) {
		rc = checksum_src(src, &ts->t[i], &b, e);
		if (!rc)
			rc = checksum_dst(dst, &ts->t[i], &b, e);
	}
	strbuf_cleanup(&b);
	if (rc)
		return rc;
	*ok = 1;
	for (size_t i = 0; i < ts->n; i++)
		*ok &= same(&ts->t[i]);
	return 0;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

int cmd_migrate(int argc, char **argv)
{
	const char *from = NULL, *to = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage();
			return CMD_OK;
		} else if (!strcmp(a, "--from") || !strcmp(a, "--to")) {
			if (i + 1 >= argc)
				return cmd_usage_error(CMD, "选项 %s 缺少参数", a);
			*(a[2] == 'f' ? &from : &to) = argv[++i];
		} else {
			return cmd_usage_error(CMD, "未知参数“%s”（gaoqi migrate --help 查看用法）",
					       a);
		}
	}
	if (!from || !*from)
		return cmd_usage_error(CMD, "缺少 --from（源 SQLite 数据库文件）");
	if (!to || !*to)
		return cmd_usage_error(CMD, "缺少 --to（目标 PostgreSQL 数据库，postgres://…）");
	if (store_is_postgres(from))
		return cmd_usage_error(CMD,
				       "--from 应为 SQLite 数据库文件，而不是 PostgreSQL 连接串");
	if (!store_is_postgres(to))
		return cmd_usage_error(CMD,
				       "--to 应为 PostgreSQL 连接串（postgres://… 或 postgres:）");
	if (!cmd_file_exists(from))
		return cmd_fail(CMD, "源数据库文件不存在：%s", from);

	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct store *src = NULL, *dst = NULL;
	struct tables ts = {0};
	struct err e;
	int lock = -1, ok = 0, rc;
	err_clear(&e);
	if (sodium_init() < 0)
		return cmd_fail(CMD, "无法初始化校验函数（libsodium）");
	rc = store_lock(from, 1, &lock, &e);
	if (!rc)
		rc = open_both(from, to, &src, &dst, &e);
	/* one snapshot of the source for the copy and the comparison */
	if (!rc)
		rc = store_exec(src, "BEGIN", &e);
	if (!rc)
		rc = list_tables(src, &ts, &e);
	if (!rc)
		rc = describe_tables(src, dst, &ts, &e);
	if (!rc)
		rc = order_tables(&ts, &e);
	if (!rc)
		rc = store_begin(dst, &e);
	if (!rc)
		rc = check_empty(dst, &ts, &e);
	if (!rc)
		rc = copy_all(src, dst, &ts, &ok, &e);
	if (!rc && ok)
		rc = store_commit(dst, &e);
	if (dst && store_in_transaction(dst))
		store_rollback(dst, NULL);
	int64_t total = 0;
	for (size_t i = 0; i < ts.n; i++)
		total += ts.t[i].rows_src;
	if (!rc)
		print_report(&ts);
	size_t ntables = ts.n;
	tables_free(&ts);
	store_close(src);
	store_close(dst);
	store_unlock(lock);
	if (rc)
		return cmd_fail(CMD, "%s；未复制任何数据", e.msg);
	if (!ok)
		return cmd_fail(CMD, "校验不一致，已回滚：未复制任何数据");
	printf("已迁移 %s → PostgreSQL：%zu张表，%lld行，用时%.1f秒\n", from, ntables,
	       (long long)total, seconds_since(&t0));
	return CMD_OK;
}
