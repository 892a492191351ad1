/*
 * audit — writing and querying audit_log.
 */
#include "ledger/base/audit.h"
#include "ledger/base/audit.h"
#include "ledger/internal.h"
#include "ledger/base/perm.h"

#include <string.h>

#include "core/date.h"
#include "core/strbuf.h"

int audit_record(struct ledger *l, const char *action, const char *table, const char *row_key,
		 const char *before, const char *after, struct err *e)
{
	struct store_stmt *st = NULL;
	char now[21];
	int rc = ledger_stmt(l, LEDGER_SLOT_AUDIT,
			     "INSERT INTO audit_log (at, user_id, user_name, action, table_name, "
			     "row_key, before_json, after_json, source) "
			     "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
			     &st, e);
	if (rc)
		return rc;
	store_bind_text_static(st, 1, ledger_now(now), STORE_NTS);
	store_bind_int_or_null(st, 2, l->scope.user_id, 0);
	store_bind_text_static(st, 3, l->scope.user_name, STORE_NTS);
	store_bind_text_static(st, 4, action, STORE_NTS);
	store_bind_text_static(st, 5, table, STORE_NTS);
	store_bind_text_static(st, 6, row_key, STORE_NTS);
	store_bind_text_static(st, 7, before, STORE_NTS);
	store_bind_text_static(st, 8, after, STORE_NTS);
	store_bind_text_static(st, 9, l->source, STORE_NTS);
	rc = store_run(st, e);
	ledger_stmt_done(l, LEDGER_SLOT_AUDIT, st);
	return rc;
}

void audit_filter_init(struct audit_filter *f)
{
	memset(f, 0, sizeof *f);
	f->limit = 50;
	f->want_total = 1;
}

/* A bound for `at`: a day "YYYY-MM-DD" becomes its first or last second. */
static int time_bound(const char *s, int upper, char out[21], const char *field, struct err *e)
{
	size_t n = strlen(s);
	int32_t d;
	if (n == 10) {
		if (date_parse(s, 10, &d, field, e))
			return ERR_INVALID;
		memcpy(out, s, 10);
		memcpy(out + 10, upper ? "T23:59:59Z" : "T00:00:00Z", 11);
		return 0;
	}
	if (n == 20 && s[10] == 'T' && s[19] == 'Z') {
		if (date_parse(s, 10, &d, field, e))
			return ERR_INVALID;
		memcpy(out, s, 21);
		return 0;
	}
	return err_set(e, ERR_INVALID, field, "时间格式应为 YYYY-MM-DD：%s", s);
}

/* Append the WHERE conditions of F; parameters $1..$6. */
static void filter_sql(const struct audit_filter *f, struct strbuf *sql)
{
	strbuf_adds(sql, " WHERE 1=1");
	if (f->user_id)
		strbuf_adds(sql, " AND user_id = $1");
	if (f->table)
		strbuf_adds(sql, " AND table_name = $2");
	if (f->row_key) {
		size_t n = strlen(f->row_key);
		if (n && f->row_key[n - 1] == '/')
			strbuf_adds(sql, " AND substr(row_key, 1, length($3)) = $3");
		else
			strbuf_adds(sql, " AND row_key = $3");
	}
	if (f->action)
		strbuf_adds(sql, " AND action = $4");
	if (f->from)
		strbuf_adds(sql, " AND at >= $5");
	if (f->to)
		strbuf_adds(sql, " AND at <= $6");
}

static void filter_bind(struct store_stmt *st, const struct audit_filter *f, const char *from,
			const char *to)
{
	store_bind_int(st, 1, f->user_id);
	store_bind_text(st, 2, f->table, STORE_NTS);
	store_bind_text(st, 3, f->row_key, STORE_NTS);
	store_bind_text(st, 4, f->action, STORE_NTS);
	store_bind_text(st, 5, from, STORE_NTS);
	store_bind_text(st, 6, to, STORE_NTS);
}

int audit_list(struct ledger *l, const struct audit_filter *f, struct arena *arena,
	       struct audit_entry **items, size_t *n, int64_t *total, struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	char from[21], to[21];
	int64_t limit = f->limit ? f->limit : 50;
	size_t cap, count = 0;
	struct audit_entry *out = NULL;
	int rc = 0;

	*items = NULL;
	*n = 0;
	if (total)
		*total = -1;
	strbuf_init(&sql, 8192);
	if (!perm_may(&l->scope, CAP_AUDIT_READ)) {
		rc = err_set(e, ERR_FORBIDDEN, NULL, "只有管理员和市级用户可以查看审计日志");
		goto out;
	}
	if (limit < 1 || limit > AUDIT_PAGE_MAX) {
		rc = err_set(e, ERR_INVALID, "limit", "每页条数应在1到%d之间", AUDIT_PAGE_MAX);
		goto out;
	}
	if (f->offset < 0) {
		rc = err_set(e, ERR_INVALID, "offset", "偏移量不能为负数");
		goto out;
	}
	if (f->from) {
		rc = time_bound(f->from, 0, from, "from", e);
		if (rc)
			goto out;
	}
	if (f->to) {
		rc = time_bound(f->to, 1, to, "to", e);
		if (rc)
			goto out;
	}

	if (total && f->want_total) {
		strbuf_adds(&sql, "SELECT count(*) FROM audit_log");
		filter_sql(f, &sql);
		rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
		if (rc)
			goto out;
		filter_bind(st, f, f->from ? from : NULL, f->to ? to : NULL);
		rc = store_step(st, e);
		if (rc == STORE_ROW)
			*total = store_column_int(st, 0);
		store_finish(st);
		st = NULL;
		if (rc < 0)
			goto out;
		strbuf_reset(&sql);
	}
	strbuf_adds(&sql, "SELECT id, at, user_id, user_name, action, table_name, row_key, "
			  "before_json, after_json, source FROM audit_log");
	filter_sql(f, &sql);
	strbuf_adds(&sql, " ORDER BY id DESC LIMIT $7 OFFSET $8");
	rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	if (rc)
		goto out;
	filter_bind(st, f, f->from ? from : NULL, f->to ? to : NULL);
	store_bind_int(st, 7, limit);
	store_bind_int(st, 8, f->offset);
	cap = (size_t)limit;
	out = arena_alloc(arena, cap * sizeof *out);
	while ((rc = store_step(st, e)) == STORE_ROW && count < cap) {
		struct audit_entry *a = &out[count++];
		a->id = store_column_int(st, 0);
		ledger_column_copy(st, 1, a->at, sizeof a->at);
		a->user_id = store_column_int(st, 2);
		a->user_name = ledger_column_str(st, 3, arena);
		a->action = ledger_column_str(st, 4, arena);
		a->table = ledger_column_str(st, 5, arena);
		a->row_key = ledger_column_str(st, 6, arena);
		a->before = ledger_column_str(st, 7, arena);
		a->after = ledger_column_str(st, 8, arena);
		a->source = ledger_column_str(st, 9, arena);
	}
	if (rc >= 0) {
		rc = 0;
		*items = out;
		*n = count;
	}
out:
	store_finish(st);
	strbuf_cleanup(&sql);
	return rc;
}
