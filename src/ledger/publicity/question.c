/*
 * question — questions, answers and the FAQ (see question.h). Owner of the
 * table questions.
 */
#include "ledger/publicity/question.h"
#include "ledger/internal.h"
#include "ledger/base/audit.h"
#include "ledger/base/json.h"
#include "ledger/base/perm.h"
#include "ledger/publicity/search.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"

/* ---- the column table ------------------------------------------------------------- */

#define COL(n, l, type, max, min, maxi, fl)                                                        \
	{                                                                                          \
#n, l, type, offsetof(struct question, n), max, min, maxi, NULL, 0, fl             \
	}

const struct ledger_column question_columns[QUESTION_NCOLUMNS] = {
	COL(id, "编号", LCOL_ID, 0, 0, 0, 0),
	COL(enterprise_id, "企业", LCOL_INT, 0, 1, INT64_MAX, LCOL_REQUIRED),
	COL(title, "问题标题", LCOL_TEXT, QUESTION_TITLE_MAX, 0, 0, LCOL_REQUIRED),
	COL(body, "问题内容", LCOL_TEXT, QUESTION_BODY_MAX, 0, 0, LCOL_REQUIRED),
	COL(asked_by_id, "提问人编号", LCOL_INT, 0, 1, INT64_MAX, 0),
	COL(asked_by, "提问人", LCOL_TEXT, 200, 0, 0, LCOL_REQUIRED),
	COL(answer, "回答内容", LCOL_TEXT, QUESTION_ANSWER_MAX, 0, 0, LCOL_EDIT),
	COL(answered_by_id, "回答人编号", LCOL_INT, 0, 1, INT64_MAX, LCOL_EDIT),
	COL(answered_by, "回答人", LCOL_TEXT, 200, 0, 0, LCOL_EDIT),
	COL(answered_at, "回答时间", LCOL_TEXT, 20, 0, 0, LCOL_EDIT),
	COL(faq_question, "公开的问题", LCOL_TEXT, QUESTION_BODY_MAX, 0, 0, LCOL_EDIT),
	COL(faq_answer, "公开的回答", LCOL_TEXT, QUESTION_ANSWER_MAX, 0, 0, LCOL_EDIT),
	COL(faq_published_at, "公开时间", LCOL_TEXT, 20, 0, 0, LCOL_EDIT),
	COL(faq_by, "公开人", LCOL_TEXT, 200, 0, 0, LCOL_EDIT),
	COL(created_at, "提问时间", LCOL_STAMP, 0, 0, 0, 0),
	COL(updated_at, "更新时间", LCOL_STAMP, 0, 0, 0, 0),
};
enum { COL_CREATED = 14, COL_UPDATED = 15 };

void question_init(struct question *q)
{
	memset(q, 0, sizeof *q);
	q->asked_by_id = LEDGER_NONE;
	q->answered_by_id = LEDGER_NONE;
}

static struct {
	char select[1024];
	char insert[1024];
	char update[1024];
} gen;
static pthread_once_t gen_once = PTHREAD_ONCE_INIT;

static void build_sql(void)
{
	struct strbuf sb;
	strbuf_init(&sb, 1024);
	strbuf_adds(&sb, "SELECT ");
	ledger_cols_select(question_columns, QUESTION_NCOLUMNS, "q", &sb);
	strbuf_adds(&sb, ", t.uscc, t.name, t.area FROM questions q "
			 "JOIN enterprises t ON t.id = q.enterprise_id");
	ledger_sql_keep(gen.select, sizeof gen.select, &sb);
	ledger_cols_insert_sql(question_columns, QUESTION_NCOLUMNS, "questions", &sb);
	ledger_sql_keep(gen.insert, sizeof gen.insert, &sb);
	ledger_cols_update_sql(question_columns, QUESTION_NCOLUMNS, "questions", LCOL_EDIT, &sb);
	ledger_sql_keep(gen.update, sizeof gen.update, &sb);
	strbuf_cleanup(&sb);
}

static void read_row(struct store_stmt *st, struct arena *a, struct question *o)
{
	question_init(o);
	ledger_cols_read(st, 0, question_columns, QUESTION_NCOLUMNS, a, o);
	ledger_column_copy(st, QUESTION_NCOLUMNS, o->uscc, sizeof o->uscc);
	o->enterprise_name = ledger_column_str(st, QUESTION_NCOLUMNS + 1, a);
	o->area = ledger_column_str(st, QUESTION_NCOLUMNS + 2, a);
}

static char *audit_image(const struct question *q)
{
	struct ledger_jobj o;
	ledger_jobj_init(&o);
	ledger_cols_audit(&o, question_columns, QUESTION_NCOLUMNS, q);
	return ledger_jobj_take(&o);
}

/* ---- get ------------------------------------------------------------------------------ */

int question_get(struct ledger *l, int64_t id, struct arena *arena, struct question *out,
		 struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	pthread_once(&gen_once, build_sql);
	strbuf_init(&sql, 2048);
	strbuf_adds(&sql, gen.select);
	strbuf_adds(&sql, " WHERE q.id = $1 AND ");
	ledger_scope_sql(&l->scope, &sql, "t", 2);
	int rc = perm_check(&l->scope, CAP_QUESTIONS_READ, "无权查看问答", e);
	if (!rc)
		rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, id);
	store_bind_int(st, 2, ledger_scope_param(&l->scope));
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		read_row(st, arena, out);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = err_set(e, ERR_NOT_FOUND, "id", "问题不存在");
	}
out:
	store_finish(st);
	strbuf_cleanup(&sql);
	return rc;
}

/* ---- ask ------------------------------------------------------------------------------ */

int question_ask(struct ledger *l, const char *title, const char *body, struct arena *arena,
		 struct question *out, struct err *e)
{
	struct store_stmt *st = NULL;
	struct question v;
	char now[21], key[48];
	char *after = NULL;
	int rc = ledger_write_begin(l, e);
	if (rc)
		return rc;
	question_init(&v);
	v.enterprise_id = l->scope.enterprise_id;
	v.title = title;
	v.body = body;
	v.asked_by_id = l->scope.user_id ? l->scope.user_id : LEDGER_NONE;
	v.asked_by = l->scope.user_name;
	rc = perm_check(&l->scope, CAP_QUESTIONS_ASK, "只有企业用户可以提问", e);
	if (!rc && l->scope.enterprise_id <= 0)
		rc = err_set(e, ERR_FORBIDDEN, NULL, "该账户未关联企业，不能提问");
	if (!rc)
		rc = ledger_check_enterprise(l, v.enterprise_id, e);
	if (!rc)
		rc = ledger_cols_check(question_columns, QUESTION_NCOLUMNS, &v, e);
	pthread_once(&gen_once, build_sql);
	if (!rc)
		rc = store_prepare(l->db, gen.insert, &st, e);
	if (rc)
		goto out;
	ledger_cols_bind(st, question_columns, QUESTION_NCOLUMNS, 0, &v);
	ledger_now(now);
	store_bind_text(st, COL_CREATED, now, STORE_NTS);
	store_bind_text(st, COL_UPDATED, now, STORE_NTS);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		v.id = store_column_int(st, 0);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = err_set(e, ERR_DB, NULL, "数据库错误");
	}
	if (rc)
		goto out;
	struct question got;
	struct arena *tmp = arena_new();
	rc = question_get(l, v.id, tmp, &got, e);
	if (!rc) {
		after = audit_image(&v);
		ledger_row_key(got.uscc, v.id, key);
		rc = audit_record(l, "create", "questions", key, NULL, after, e);
	}
	arena_free(tmp);
	if (!rc && out)
		rc = question_get(l, v.id, arena, out, e);
out:
	store_finish(st);
	free(after);
	return ledger_write_end(l, rc, e);
}

/* ---- changes -------------------------------------------------------------------------- */

/* Write V over OLD (the same row) with an audit row ACTION; unchanged: nothing. */
static int write_update(struct ledger *l, const struct question *old, const struct question *v,
			const char *action, struct err *e)
{
	struct store_stmt *st = NULL;
	char now[21], key[48];
	char *before = audit_image(old), *after = audit_image(v);
	int rc = 0;
	if (!strcmp(before, after))
		goto out;
	pthread_once(&gen_once, build_sql);
	rc = store_prepare(l->db, gen.update, &st, e);
	if (rc)
		goto out;
	ledger_cols_bind(st, question_columns, QUESTION_NCOLUMNS, LCOL_EDIT, v);
	store_bind_text(st, COL_UPDATED, ledger_now(now), STORE_NTS);
	store_bind_int(st, QUESTION_NCOLUMNS, v->id);
	rc = store_run(st, e);
	store_finish(st);
	if (rc)
		goto out;
	ledger_row_key(old->uscc, old->id, key);
	rc = audit_record(l, action, "questions", key, before, after, e);
out:
	free(before);
	free(after);
	return rc;
}

/*
 * The change of question ID by L: read it in scope, check CAP (refused with
 * WHY), let EDIT change a copy (it may fail), write it, read it back into
 * *OUT (may be NULL). One atomic write.
 */
static int
change(struct ledger *l, int64_t id, enum capability cap, const char *why, const char *action,
       int (*edit)(struct ledger *, struct question *, const void *, char[21], struct err *),
       const void *arg, struct arena *arena, struct question *out, struct err *e)
{
	struct arena *tmp = arena_new();
	struct question old, v;
	char now[21];
	int rc = ledger_write_begin(l, e);
	if (rc) {
		arena_free(tmp);
		return rc;
	}
	rc = question_get(l, id, tmp, &old, e);
	if (!rc)
		rc = perm_check(&l->scope, cap, why, e);
	v = old;
	ledger_now(now);
	if (!rc)
		rc = edit(l, &v, arg, now, e);
	if (!rc)
		rc = ledger_cols_check(question_columns, QUESTION_NCOLUMNS, &v, e);
	if (!rc)
		rc = write_update(l, &old, &v, action, e);
	if (!rc && out)
		rc = question_get(l, id, arena, out, e);
	rc = ledger_write_end(l, rc, e);
	arena_free(tmp);
	return rc;
}

static int edit_answer(struct ledger *l, struct question *v, const void *arg, char now[21],
		       struct err *e)
{
	const char *answer = arg;
	if (!answer || !answer[0])
		return err_set(e, ERR_INVALID, "answer", "回答内容不能为空");
	v->answer = answer;
	v->answered_by_id = l->scope.user_id ? l->scope.user_id : LEDGER_NONE;
	v->answered_by = l->scope.user_name;
	v->answered_at = now;
	return 0;
}

int question_answer(struct ledger *l, int64_t id, const char *answer, struct arena *arena,
		    struct question *out, struct err *e)
{
	return change(l, id, CAP_QUESTIONS_ANSWER, "无权回答问题", "answer", edit_answer, answer,
		      arena, out, e);
}

struct wording {
	const char *question, *answer;
};

/* 1 when TEXT contains the firm's name or USCC (of V). */
static int names_firm(const struct question *v, const char *text)
{
	return (v->enterprise_name && v->enterprise_name[0] && strstr(text, v->enterprise_name)) ||
	       (v->uscc[0] && strstr(text, v->uscc));
}

static int edit_publish(struct ledger *l, struct question *v, const void *arg, char now[21],
			struct err *e)
{
	const struct wording *w = arg;
	if (!v->answer)
		return err_set(e, ERR_INVALID, "answer", "问题尚未回答，不能公开");
	if (!w->question || !w->question[0])
		return err_set(e, ERR_INVALID, "faq_question", "公开的问题不能为空");
	if (!w->answer || !w->answer[0])
		return err_set(e, ERR_INVALID, "faq_answer", "公开的回答不能为空");
	if (names_firm(v, w->question) || names_firm(v, w->answer))
		return err_set(e, ERR_INVALID,
			       names_firm(v, w->question) ? "faq_question" : "faq_answer",
			       "公开内容不得包含企业名称或统一社会信用代码");
	v->faq_question = w->question;
	v->faq_answer = w->answer;
	v->faq_published_at = now;
	v->faq_by = l->scope.user_name;
	return 0;
}

int question_publish(struct ledger *l, int64_t id, const char *question, const char *answer,
		     struct arena *arena, struct question *out, struct err *e)
{
	struct wording w = {question, answer};
	return change(l, id, CAP_QUESTIONS_PUBLISH, "无权公开问答", "publish", edit_publish, &w,
		      arena, out, e);
}

static int edit_unpublish(struct ledger *l, struct question *v, const void *arg, char now[21],
			  struct err *e)
{
	(void)l;
	(void)arg;
	(void)now;
	(void)e;
	v->faq_question = NULL;
	v->faq_answer = NULL;
	v->faq_published_at = NULL;
	v->faq_by = NULL;
	return 0;
}

int question_unpublish(struct ledger *l, int64_t id, struct err *e)
{
	return change(l, id, CAP_QUESTIONS_PUBLISH, "无权公开问答", "unpublish", edit_unpublish,
		      NULL, NULL, NULL, e);
}

/* ---- list ----------------------------------------------------------------------------- */

void question_filter_init(struct question_filter *f)
{
	memset(f, 0, sizeof *f);
	f->state = QUESTION_ANY;
	f->want_total = 1;
}

/* WHERE of F: $1 scope, $2 the LIKE pattern. */
static void where_sql(struct ledger *l, const struct question_filter *f, struct strbuf *sql)
{
	strbuf_adds(sql, " WHERE ");
	ledger_scope_sql(&l->scope, sql, "t", 1);
	if (f->state == QUESTION_OPEN)
		strbuf_adds(sql, " AND q.answer IS NULL");
	else if (f->state == QUESTION_ANSWERED)
		strbuf_adds(sql, " AND q.answer IS NOT NULL");
	if (f->q && f->q[0])
		strbuf_adds(sql,
			    " AND (q.title LIKE $2 ESCAPE '\\' OR q.body LIKE $2 ESCAPE '\\')");
}

int question_list(struct ledger *l, const struct question_filter *f, struct arena *arena,
		  struct question_page *out, struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	const char *pat = NULL;
	size_t cap = 0;
	int rc;

	memset(out, 0, sizeof *out);
	out->total = -1;
	strbuf_init(&sql, 4096);
	rc = perm_check(&l->scope, CAP_QUESTIONS_READ, "无权查看问答", e);
	if (!rc && (f->limit < 0 || f->limit > QUESTION_PAGE_MAX || f->offset < 0))
		rc = err_set(e, ERR_INVALID, "page_size", "分页参数无效");
	if (!rc && (f->state < QUESTION_ANY || f->state > QUESTION_ANSWERED))
		rc = err_set(e, ERR_INVALID, "state", "问题状态无效");
	if (!rc)
		rc = publicity_like(arena, f->q, &pat, e);
	if (rc)
		goto out;
	if (f->want_total) {
		strbuf_adds(&sql, "SELECT count(*) FROM questions q "
				  "JOIN enterprises t ON t.id = q.enterprise_id");
		where_sql(l, f, &sql);
		rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
		if (rc)
			goto out;
		store_bind_int(st, 1, ledger_scope_param(&l->scope));
		store_bind_text(st, 2, pat, STORE_NTS);
		rc = store_step(st, e);
		if (rc != STORE_ROW)
			goto out;
		out->total = store_column_int(st, 0);
		store_finish(st);
		st = NULL;
		strbuf_reset(&sql);
	}
	pthread_once(&gen_once, build_sql);
	strbuf_adds(&sql, gen.select);
	where_sql(l, f, &sql);
	strbuf_adds(&sql, " ORDER BY q.id DESC LIMIT $3 OFFSET $4");
	rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, ledger_scope_param(&l->scope));
	store_bind_text(st, 2, pat, STORE_NTS);
	store_bind_int(st, 3, f->limit ? f->limit : 50);
	store_bind_int(st, 4, f->offset);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		out->items = ledger_grow(arena, out->items, out->n, &cap, sizeof *out->items, 16);
		read_row(st, arena, &out->items[out->n++]);
	}
out:
	rc = rc < 0 ? rc : 0;
	store_finish(st);
	strbuf_cleanup(&sql);
	return rc;
}

int question_faq(struct ledger *l, const char *q, int64_t offset, int64_t limit,
		 struct arena *arena, struct question_faq **items, size_t *n, int64_t *total,
		 struct err *e)
{
	static const char *const where =
		" FROM questions WHERE faq_published_at IS NOT NULL AND ($1 IS NULL OR "
		"faq_question LIKE $1 ESCAPE '\\' OR faq_answer LIKE $1 ESCAPE '\\')";
	struct store_stmt *st = NULL;
	const char *pat = NULL;
	char sql[512];
	size_t cap = 0;
	*items = NULL;
	*n = 0;
	*total = 0;
	int rc = perm_check(&l->scope, CAP_QUESTIONS_READ, "无权查看问答", e);
	if (!rc && (limit < 1 || limit > QUESTION_PAGE_MAX || offset < 0))
		rc = err_set(e, ERR_INVALID, "page_size", "分页参数无效");
	if (!rc)
		rc = publicity_like(arena, q, &pat, e);
	snprintf(sql, sizeof sql, "SELECT count(*)%s", where);
	if (!rc)
		rc = store_prepare(l->db, sql, &st, e);
	if (rc)
		return rc;
	store_bind_text(st, 1, pat, STORE_NTS);
	rc = store_step(st, e);
	*total = rc == STORE_ROW ? store_column_int(st, 0) : 0;
	store_finish(st);
	st = NULL;
	if (rc < 0)
		return rc;
	snprintf(sql, sizeof sql,
		 "SELECT id, faq_question, faq_answer, faq_published_at%s "
		 "ORDER BY faq_published_at DESC, id DESC LIMIT $2 OFFSET $3",
		 where);
	rc = store_prepare(l->db, sql, &st, e);
	if (rc)
		return rc;
	store_bind_text(st, 1, pat, STORE_NTS);
	store_bind_int(st, 2, limit);
	store_bind_int(st, 3, offset);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		*items = ledger_grow(arena, *items, *n, &cap, sizeof **items, 16);
		struct question_faq *it = &(*items)[(*n)++];
		it->id = store_column_int(st, 0);
		it->question = ledger_column_str(st, 1, arena);
		it->answer = ledger_column_str(st, 2, arena);
		it->published_at = ledger_column_str(st, 3, arena);
	}
	store_finish(st);
	return rc < 0 ? rc : 0;
}
