/*
 * problem — the problem list (see problem.h). Owner of the tables problems
 * and problem_comments.
 */
#include "ledger/cultivate/problem.h"
#include "ledger/internal.h"
#include "ledger/base/audit.h"
#include "ledger/base/json.h"
#include "ledger/base/perm.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/strbuf.h"
#include "ledger/assess/assessment.h"
#include "rules/report.h"

static const char *const category_names[PROBLEM_CATEGORY_COUNT] = {
	"ip", "rd_accounting", "staff", "revenue", "management", "finance", "materials", "other"};
static const char *const category_labels[PROBLEM_CATEGORY_COUNT] = {
	"知识产权", "研发费用归集", "科技人员", "收入结构", "管理制度", "财务", "申报材料", "其他"};
static const char *const status_names[PROBLEM_STATUS_COUNT] = {"open", "in_progress", "resolved",
							       "wont_fix"};
static const char *const status_labels[PROBLEM_STATUS_COUNT] = {"待解决", "解决中", "已解决",
								"不予解决"};

const char *problem_category_name(enum problem_category c)
{
	return ledger_code_at(category_names, PROBLEM_CATEGORY_COUNT, (int)c);
}

const char *problem_category_label(enum problem_category c)
{
	return ledger_code_at(category_labels, PROBLEM_CATEGORY_COUNT, (int)c);
}

const char *problem_status_name(enum problem_status s)
{
	return ledger_code_at(status_names, PROBLEM_STATUS_COUNT, (int)s);
}

const char *problem_status_label(enum problem_status s)
{
	return ledger_code_at(status_labels, PROBLEM_STATUS_COUNT, (int)s);
}

int problem_category_parse(const char *s, enum problem_category *out, const char *field,
			   struct err *e)
{
	int i = ledger_code_find(category_names, category_labels, PROBLEM_CATEGORY_COUNT, s);
	if (i < 0)
		return err_set(e, ERR_INVALID, field, "未知问题类别：%s", s ? s : "");
	*out = (enum problem_category)i;
	return 0;
}

int problem_status_parse(const char *s, enum problem_status *out, const char *field, struct err *e)
{
	int i = ledger_code_find(status_names, status_labels, PROBLEM_STATUS_COUNT, s);
	if (i < 0)
		return err_set(e, ERR_INVALID, field, "未知问题状态：%s", s ? s : "");
	*out = (enum problem_status)i;
	return 0;
}

/* ---- the column table ------------------------------------------------------------- */

#define COL(n, l, type, max, min, maxi, codes, ncodes, fl)                                         \
	{                                                                                          \
#n, l, type, offsetof(struct problem, n), max, min, maxi, codes, ncodes, fl        \
	}

_Static_assert(sizeof(enum problem_category) == sizeof(int) &&
		       sizeof(enum problem_status) == sizeof(int),
	       "LCOL_CODE values are read as int");

const struct ledger_column problem_columns[PROBLEM_NCOLUMNS] = {
	COL(id, "编号", LCOL_ID, 0, 0, 0, NULL, 0, 0),
	COL(enterprise_id, "企业", LCOL_INT, 0, 1, INT64_MAX, NULL, 0, LCOL_REQUIRED),
	COL(category, "问题类别", LCOL_CODE, 0, 0, 0, category_names, PROBLEM_CATEGORY_COUNT,
	    LCOL_EDIT),
	COL(description, "问题描述", LCOL_TEXT, 2000, 0, 0, NULL, 0, LCOL_REQUIRED | LCOL_EDIT),
	COL(owner_id, "负责人", LCOL_INT, 0, 1, INT64_MAX, NULL, 0, LCOL_EDIT),
	COL(due_on, "完成期限", LCOL_DATE, 0, 0, 0, NULL, 0, LCOL_EDIT),
	COL(status, "状态", LCOL_CODE, 0, 0, 0, status_names, PROBLEM_STATUS_COUNT, LCOL_EDIT),
	COL(reason, "不予解决原因", LCOL_TEXT, 1000, 0, 0, NULL, 0, LCOL_EDIT),
	COL(resolution, "解决情况", LCOL_TEXT, 2000, 0, 0, NULL, 0, LCOL_EDIT),
	COL(resolved_on, "解决日期", LCOL_DATE, 0, 0, 0, NULL, 0, LCOL_EDIT),
	COL(gap_id, "诊断缺口", LCOL_TEXT, 32, 0, 0, NULL, 0, 0),
	COL(gap_amount, "缺口大小", LCOL_TEXT, 64, 0, 0, NULL, 0, 0),
	COL(created_by, "创建人", LCOL_TEXT, 200, 0, 0, NULL, 0, LCOL_REQUIRED),
	COL(created_at, "创建时间", LCOL_STAMP, 0, 0, 0, NULL, 0, 0),
	COL(updated_at, "更新时间", LCOL_STAMP, 0, 0, 0, NULL, 0, 0),
};
enum { COL_STATUS = 6, COL_CREATED = 13, COL_UPDATED = 14 };
_Static_assert(PROBLEM_NCOLUMNS <= 32, "a patch names columns in a 32-bit mask");

void problem_init(struct problem *p)
{
	memset(p, 0, sizeof *p);
	p->owner_id = LEDGER_NONE;
	p->due_on = LEDGER_NO_DATE;
	p->resolved_on = LEDGER_NO_DATE;
	p->category = PROBLEM_OTHER;
	p->status = PROBLEM_OPEN;
}

/* ---- SQL generated from the table, once ---------------------------------------------- */

static struct {
	char select[1024]; /* "SELECT p.…, t.uscc, t.name, t.area, u.display_name FROM …" */
	char insert[1024];
	char update[1024];
} gen;
static pthread_once_t gen_once = PTHREAD_ONCE_INIT;

static void build_sql(void)
{
	struct strbuf sb;
	strbuf_init(&sb, 1024);
	strbuf_adds(&sb, "SELECT ");
	ledger_cols_select(problem_columns, PROBLEM_NCOLUMNS, "p", &sb);
	strbuf_adds(&sb, ", t.uscc, t.name, t.area, u.display_name FROM problems p "
			 "JOIN enterprises t ON t.id = p.enterprise_id "
			 "LEFT JOIN users u ON u.id = p.owner_id");
	ledger_sql_keep(gen.select, sizeof gen.select, &sb);
	ledger_cols_insert_sql(problem_columns, PROBLEM_NCOLUMNS, "problems", &sb);
	ledger_sql_keep(gen.insert, sizeof gen.insert, &sb);
	ledger_cols_update_sql(problem_columns, PROBLEM_NCOLUMNS, "problems", LCOL_EDIT, &sb);
	ledger_sql_keep(gen.update, sizeof gen.update, &sb);
	strbuf_cleanup(&sb);
}

static const char *sql_select(void)
{
	pthread_once(&gen_once, build_sql);
	return gen.select;
}

static int is_active(enum problem_status s)
{
	return s == PROBLEM_OPEN || s == PROBLEM_IN_PROGRESS;
}

static void read_row(struct store_stmt *st, struct arena *a, int32_t today, struct problem *o)
{
	problem_init(o);
	ledger_cols_read(st, 0, problem_columns, PROBLEM_NCOLUMNS, a, o);
	ledger_column_copy(st, PROBLEM_NCOLUMNS, o->uscc, sizeof o->uscc);
	o->enterprise_name = ledger_column_str(st, PROBLEM_NCOLUMNS + 1, a);
	o->area = ledger_column_str(st, PROBLEM_NCOLUMNS + 2, a);
	o->owner_name = ledger_column_str(st, PROBLEM_NCOLUMNS + 3, a);
	if (is_active(o->status) && o->due_on != LEDGER_NO_DATE && today > o->due_on)
		o->overdue_days = today - o->due_on;
}

static char *audit_image(const struct problem *p)
{
	struct ledger_jobj o;
	ledger_jobj_init(&o);
	ledger_cols_audit(&o, problem_columns, PROBLEM_NCOLUMNS, p);
	return ledger_jobj_take(&o);
}

/* ---- get ------------------------------------------------------------------------------ */

int problem_get(struct ledger *l, int64_t id, struct arena *arena, struct problem *out,
		struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	strbuf_init(&sql, 2048);
	strbuf_adds(&sql, sql_select());
	strbuf_adds(&sql, " WHERE p.id = $1 AND ");
	ledger_scope_sql(&l->scope, &sql, "t", 2);
	int rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, id);
	store_bind_int(st, 2, ledger_scope_param(&l->scope));
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		read_row(st, arena, date_today(), out);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = err_set(e, ERR_NOT_FOUND, "id", "问题不存在");
	}
out:
	store_finish(st);
	strbuf_cleanup(&sql);
	return rc;
}

/* ---- checks --------------------------------------------------------------------------- */

static int check_owner(struct ledger *l, int64_t owner_id, struct err *e)
{
	struct store_stmt *st = NULL;
	if (owner_id == LEDGER_NONE)
		return 0;
	int rc = store_prepare(l->db, "SELECT 1 FROM users WHERE id = $1", &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, owner_id);
	rc = store_step(st, e);
	store_finish(st);
	if (rc == STORE_DONE)
		return err_set(e, ERR_INVALID, "owner", "负责人不存在");
	return rc < 0 ? rc : 0;
}

/*
 * The status move OLD → V->status, with what each state needs; V is
 * adjusted (resolved_on defaults to TODAY, reopening clears the closing
 * members).
 */
static int check_status(enum problem_status old, struct problem *v, int32_t today, struct err *e)
{
	enum problem_status to = v->status;
	if (is_active(to)) {
		if (!is_active(old) && to != PROBLEM_OPEN)
			return err_set(e, ERR_INVALID, "status",
				       "已关闭的问题须先重新打开（待解决）");
		v->reason = NULL;
		v->resolution = NULL;
		v->resolved_on = LEDGER_NO_DATE;
		return 0;
	}
	if (!is_active(old) && old != to)
		return err_set(e, ERR_INVALID, "status", "已关闭的问题须先重新打开（待解决）");
	if (to == PROBLEM_RESOLVED) {
		if (!v->resolution || !v->resolution[0])
			return err_set(e, ERR_INVALID, "resolution", "请填写解决情况");
		if (v->resolved_on == LEDGER_NO_DATE)
			v->resolved_on = today;
		v->reason = NULL;
	} else {
		assert(to == PROBLEM_WONT_FIX);
		if (!v->reason || !v->reason[0])
			return err_set(e, ERR_INVALID, "reason", "请填写不予解决的原因");
		v->resolution = NULL;
		v->resolved_on = LEDGER_NO_DATE;
	}
	return 0;
}

/* ---- create --------------------------------------------------------------------------- */

/* Insert V (checked) and audit it; its id into *ID. Inside the caller's write. */
static int insert_row(struct ledger *l, const struct problem *v, int64_t *id, struct err *e)
{
	struct store_stmt *st = NULL;
	char now[21], key[48];
	char *after = NULL;
	pthread_once(&gen_once, build_sql);
	int rc = store_prepare(l->db, gen.insert, &st, e);
	if (rc)
		return rc;
	ledger_cols_bind(st, problem_columns, PROBLEM_NCOLUMNS, 0, v);
	ledger_now(now);
	store_bind_text(st, COL_CREATED, now, STORE_NTS);
	store_bind_text(st, COL_UPDATED, now, STORE_NTS);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		*id = store_column_int(st, 0);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = err_set(e, ERR_DB, NULL, "数据库错误");
	}
	store_finish(st);
	if (rc)
		return rc;
	struct problem img = *v;
	img.id = *id;
	after = audit_image(&img);
	ledger_row_key(v->uscc, *id, key);
	rc = audit_record(l, "create", "problems", key, NULL, after, e);
	free(after);
	return rc;
}

/* Validate IN for enterprise EID (USCC) and insert it. Inside the caller's write. */
static int create_in(struct ledger *l, int64_t eid, const char *uscc, const struct problem *in,
		     int64_t *id, struct err *e)
{
	struct problem v = *in;
	v.enterprise_id = eid;
	v.status = PROBLEM_OPEN;
	v.reason = NULL;
	v.resolution = NULL;
	v.resolved_on = LEDGER_NO_DATE;
	v.created_by = l->scope.user_name;
	ledger_norm_uscc(uscc, v.uscc);
	int rc = ledger_cols_check(problem_columns, PROBLEM_NCOLUMNS, &v, e);
	if (!rc)
		rc = check_owner(l, v.owner_id, e);
	if (!rc)
		rc = insert_row(l, &v, id, e);
	return rc;
}

int problem_create(struct ledger *l, const char *uscc, const struct problem *in,
		   struct arena *arena, struct problem *out, struct err *e)
{
	int64_t eid = 0, id = 0;
	int rc = ledger_write_begin(l, e);
	if (rc)
		return rc;
	rc = ledger_enterprise_id(l, uscc, &eid, e);
	if (!rc)
		rc = perm_check(&l->scope, CAP_CASEWORK_WRITE, "无权登记问题", e);
	if (!rc)
		rc = create_in(l, eid, uscc, in, &id, e);
	if (!rc && out)
		rc = problem_get(l, id, arena, out, e);
	return ledger_write_end(l, rc, e);
}

/* ---- patch ---------------------------------------------------------------------------- */

void problem_patch_init(struct problem_patch *p)
{
	memset(p, 0, sizeof *p);
	problem_init(&p->v);
}

int problem_patch_name(struct problem_patch *p, const char *name, struct err *e)
{
	const struct ledger_column *c = ledger_column_find(problem_columns, PROBLEM_NCOLUMNS, name);
	if (!c || !(c->flags & LCOL_EDIT))
		return err_set(e, ERR_INVALID, name, "不能修改的字段：%s", name ? name : "");
	p->set |= UINT32_C(1) << (c - problem_columns);
	return 0;
}

static int write_update(struct ledger *l, const struct problem *old, const struct problem *v,
			struct err *e)
{
	struct store_stmt *st = NULL;
	char now[21], key[48];
	char *before = audit_image(old), *after = audit_image(v);
	int rc = 0;
	if (!strcmp(before, after))
		goto out; /* nothing changed: no write, no audit */
	rc = store_prepare(l->db, gen.update, &st, e);
	if (rc)
		goto out;
	ledger_cols_bind(st, problem_columns, PROBLEM_NCOLUMNS, LCOL_EDIT, v);
	store_bind_text(st, COL_UPDATED, ledger_now(now), STORE_NTS);
	store_bind_int(st, PROBLEM_NCOLUMNS, v->id);
	rc = store_run(st, e);
	store_finish(st);
	if (rc)
		goto out;
	ledger_row_key(old->uscc, old->id, key);
	rc = audit_record(l, "update", "problems", key, before, after, e);
out:
	free(before);
	free(after);
	return rc;
}

int problem_patch(struct ledger *l, int64_t id, const struct problem_patch *p, struct arena *arena,
		  struct problem *out, struct err *e)
{
	struct arena *tmp = arena_new();
	struct problem old, v;
	int begun = 0; /* ledger_write_begin succeeded: out ends the write */
	int rc = ledger_write_begin(l, e);
	if (rc)
		goto out;
	begun = 1;
	rc = problem_get(l, id, tmp, &old, e);
	if (!rc)
		rc = perm_check(&l->scope, CAP_CASEWORK_WRITE, "无权修改问题", e);
	if (rc)
		goto out;
	v = old;
	for (int k = 0; k < PROBLEM_NCOLUMNS; k++)
		if ((p->set >> k) & 1u)
			ledger_col_copy(&problem_columns[k], &v, &p->v);
	/* the codes first: check_status relies on a status within the enum */
	rc = ledger_cols_check(problem_columns, PROBLEM_NCOLUMNS, &v, e);
	if (!rc)
		rc = check_status(old.status, &v, date_today(), e);
	if (!rc && v.owner_id != old.owner_id)
		rc = check_owner(l, v.owner_id, e);
	if (!rc)
		rc = write_update(l, &old, &v, e);
	if (!rc && out)
		rc = problem_get(l, id, arena, out, e);
out:
	if (begun)
		rc = ledger_write_end(l, rc, e);
	arena_free(tmp);
	return rc;
}

/* ---- comments ------------------------------------------------------------------------- */

int problem_comments(struct ledger *l, int64_t id, struct arena *arena,
		     struct problem_comment **items, size_t *n, struct err *e)
{
	struct store_stmt *st = NULL;
	struct problem p;
	size_t cap = 0;
	*items = NULL;
	*n = 0;
	int rc = problem_get(l, id, arena, &p, e);
	if (rc)
		return rc;
	rc = store_prepare(l->db,
			   "SELECT id, user_name, body, created_at FROM problem_comments "
			   "WHERE problem_id = $1 ORDER BY id",
			   &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, id);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		*items = ledger_grow(arena, *items, *n, &cap, sizeof **items, 8);
		struct problem_comment *c = &(*items)[(*n)++];
		c->id = store_column_int(st, 0);
		c->user_name = ledger_column_str(st, 1, arena);
		c->body = ledger_column_str(st, 2, arena);
		ledger_column_copy(st, 3, c->at, sizeof c->at);
	}
	store_finish(st);
	return rc < 0 ? rc : 0;
}

int problem_comment(struct ledger *l, int64_t id, const char *body, struct err *e)
{
	struct arena *tmp = arena_new();
	struct store_stmt *st = NULL;
	struct problem p;
	char now[21], key[48];
	char *after = NULL;
	int begun = 0; /* ledger_write_begin succeeded: out ends the write */
	int rc = ledger_write_begin(l, e);
	if (rc)
		goto out;
	begun = 1;
	rc = problem_get(l, id, tmp, &p, e);
	if (!rc)
		rc = perm_check(&l->scope, CAP_CASEWORK_COMMENT, "无权评论问题", e);
	if (!rc && (!body || !body[0]))
		rc = err_set(e, ERR_INVALID, "body", "评论内容不能为空");
	if (!rc && strlen(body) > 2000)
		rc = err_set(e, ERR_INVALID, "body", "评论内容过长（最多2000字节）");
	if (!rc)
		rc = store_prepare(l->db,
				   "INSERT INTO problem_comments (problem_id, user_id, user_name, "
				   "body, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
				   &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, id);
	store_bind_int_or_null(st, 2, l->scope.user_id, 0);
	store_bind_text(st, 3, l->scope.user_name, STORE_NTS);
	store_bind_text(st, 4, body, STORE_NTS);
	store_bind_text(st, 5, ledger_now(now), STORE_NTS);
	rc = store_step(st, e);
	rc = rc == STORE_ROW ? 0 : rc < 0 ? rc : err_set(e, ERR_DB, NULL, "数据库错误");
	if (rc)
		goto out;
	struct ledger_jobj o;
	ledger_jobj_init(&o);
	ledger_jobj_int(&o, "problem_id", id);
	ledger_jobj_int(&o, "id", store_column_int(st, 0));
	ledger_jobj_str(&o, "body", body);
	after = ledger_jobj_take(&o);
	ledger_row_key(p.uscc, id, key);
	rc = audit_record(l, "create", "problem_comments", key, NULL, after, e);
out:
	store_finish(st);
	free(after);
	if (begun)
		rc = ledger_write_end(l, rc, e);
	arena_free(tmp);
	return rc;
}

/* ---- list ----------------------------------------------------------------------------- */

void problem_filter_init(struct problem_filter *f)
{
	memset(f, 0, sizeof *f);
	f->status = -1;
	f->category = -1;
	f->today = LEDGER_NO_DATE;
	f->want_total = 1;
}

static int check_filter(const struct problem_filter *f, struct err *e)
{
	if (f->status < -2 || f->status >= PROBLEM_STATUS_COUNT)
		return err_set(e, ERR_INVALID, "status", "问题状态无效");
	if (f->category < -1 || f->category >= PROBLEM_CATEGORY_COUNT)
		return err_set(e, ERR_INVALID, "category", "问题类别无效");
	if (f->limit < 0 || f->limit > PROBLEM_PAGE_MAX || f->offset < 0)
		return err_set(e, ERR_INVALID, "page_size", "分页参数无效");
	if (f->escalate_days < 0)
		return err_set(e, ERR_INVALID, "escalate_days", "升级天数无效");
	return 0;
}

struct list_args {
	char today[11], cutoff[11];
	char uscc[19];
};

/* The WHERE clause of F: $1 scope, $2 uscc, $3 status, $4 category, $5 area, $6 owner,
 * $7 expert, $8 overdue cutoff. */
static void where_sql(struct ledger *l, const struct problem_filter *f, struct strbuf *sql)
{
	strbuf_adds(sql, " WHERE ");
	ledger_scope_sql(&l->scope, sql, "t", 1);
	if (f->uscc)
		strbuf_adds(sql, " AND t.uscc = $2");
	if (f->status == -2 || f->overdue != PROBLEM_OVERDUE_ANY)
		strbuf_adds(sql, " AND (p.status = 'open' OR p.status = 'in_progress')");
	if (f->status >= 0)
		strbuf_adds(sql, " AND p.status = $3");
	if (f->category >= 0)
		strbuf_adds(sql, " AND p.category = $4");
	if (f->area && f->area[0])
		strbuf_adds(sql, " AND t.area = $5");
	if (f->owner_id)
		strbuf_adds(sql, " AND p.owner_id = $6");
	if (f->expert_id)
		strbuf_adds(sql, " AND EXISTS (SELECT 1 FROM expert_assignments x "
				 "WHERE x.enterprise_id = p.enterprise_id AND x.user_id = $7)");
	if (f->overdue != PROBLEM_OVERDUE_ANY)
		strbuf_adds(sql, " AND p.due_on < $8");
}

static void where_bind(struct ledger *l, const struct problem_filter *f, struct store_stmt *st,
		       struct list_args *a)
{
	store_bind_int(st, 1, ledger_scope_param(&l->scope));
	if (f->uscc) {
		ledger_norm_uscc(f->uscc, a->uscc);
		store_bind_text(st, 2, a->uscc, STORE_NTS);
	}
	if (f->status >= 0)
		store_bind_text(st, 3, status_names[f->status], STORE_NTS);
	if (f->category >= 0)
		store_bind_text(st, 4, category_names[f->category], STORE_NTS);
	store_bind_text(st, 5, f->area, STORE_NTS);
	store_bind_int(st, 6, f->owner_id);
	store_bind_int(st, 7, f->expert_id);
	int32_t today = f->today == LEDGER_NO_DATE ? date_today() : f->today;
	int days = f->escalate_days ? f->escalate_days : PROBLEM_ESCALATE_DAYS;
	/* overdue: due before today; escalated: due more than DAYS days before today */
	date_format(f->overdue == PROBLEM_OVERDUE_CITY ? today - days : today, a->cutoff);
	store_bind_text(st, 8, a->cutoff, STORE_NTS);
}

int problem_list(struct ledger *l, const struct problem_filter *f, struct arena *arena,
		 struct problem_page *out, struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	struct list_args a;
	size_t cap = 0;
	int64_t eid = 0;
	int rc;

	memset(out, 0, sizeof *out);
	out->total = -1;
	strbuf_init(&sql, 4096);
	rc = check_filter(f, e);
	if (!rc && f->uscc) /* an enterprise outside the scope is 404, not an empty list */
		rc = ledger_enterprise_id(l, f->uscc, &eid, e);
	if (rc)
		goto out;
	int32_t today = f->today == LEDGER_NO_DATE ? date_today() : f->today;
	if (f->want_total) {
		strbuf_adds(&sql, "SELECT count(*) FROM problems p "
				  "JOIN enterprises t ON t.id = p.enterprise_id");
		where_sql(l, f, &sql);
		rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
		if (rc)
			goto out;
		where_bind(l, f, st, &a);
		rc = store_step(st, e);
		if (rc != STORE_ROW)
			goto out;
		out->total = store_column_int(st, 0);
		store_finish(st);
		st = NULL;
		strbuf_reset(&sql);
	}
	strbuf_adds(&sql, sql_select());
	where_sql(l, f, &sql);
	strbuf_adds(&sql, " ORDER BY (p.status = 'open' OR p.status = 'in_progress') DESC, "
			  "p.due_on IS NULL, p.due_on, p.id DESC LIMIT $9 OFFSET $10");
	rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	if (rc)
		goto out;
	where_bind(l, f, st, &a);
	store_bind_int(st, 9, f->limit ? f->limit : 50);
	store_bind_int(st, 10, f->offset);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		out->items = ledger_grow(arena, out->items, out->n, &cap, sizeof *out->items, 16);
		read_row(st, arena, today, &out->items[out->n++]);
	}
out:
	rc = rc < 0 ? rc : 0;
	store_finish(st);
	strbuf_cleanup(&sql);
	return rc;
}

const char *problem_escalation(const struct problem *p, int escalate_days)
{
	int days = escalate_days ? escalate_days : PROBLEM_ESCALATE_DAYS;
	if (p->overdue_days <= 0)
		return "none";
	return p->overdue_days > days ? "city" : "county";
}

/* ---- from the assessment's gaps ------------------------------------------------------- */

static enum problem_category gap_category(enum gaps_id id)
{
	switch (id) {
	case GAPS_C2: return PROBLEM_IP;
	case GAPS_C4: return PROBLEM_STAFF;
	case GAPS_C5:
	case GAPS_C5_DOMESTIC: return PROBLEM_RD_ACCOUNTING;
	case GAPS_C6: return PROBLEM_REVENUE;
	case GAPS_SCORE: return PROBLEM_MANAGEMENT;
	default: return PROBLEM_OTHER;
	}
}

/* 1 when enterprise EID has an open or in-progress problem from gap GAP. */
static int gap_open(struct ledger *l, int64_t eid, const char *gap, int *open, struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = store_prepare(l->db,
			       "SELECT 1 FROM problems WHERE enterprise_id = $1 AND gap_id = $2 "
			       "AND (status = 'open' OR status = 'in_progress')",
			       &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, eid);
	store_bind_text(st, 2, gap, STORE_NTS);
	rc = store_step(st, e);
	store_finish(st);
	*open = rc == STORE_ROW;
	return rc < 0 ? rc : 0;
}

int problem_from_gaps(struct ledger *l, const char *uscc, struct arena *arena, int64_t **ids,
		      size_t *n, size_t *skipped, struct err *e)
{
	struct profile prof;
	struct assess_result *res = calloc(1, sizeof *res);
	struct strbuf msg, amount;
	size_t cap = 0;
	int64_t eid = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	*skipped = 0;
	profile_init(&prof);
	strbuf_init(&msg, 2000);
	strbuf_init(&amount, 64);
	if (!res)
		abort();
	rc = ledger_write_begin(l, e);
	if (rc)
		goto done;
	rc = ledger_enterprise_id(l, uscc, &eid, e);
	if (!rc)
		rc = perm_check(&l->scope, CAP_CASEWORK_WRITE, "无权登记问题", e);
	if (!rc)
		rc = assessment_run(l, uscc, LEDGER_NO_DATE, &prof, res, e);
	for (size_t i = 0; !rc && i < res->gaps.n; i++) {
		const struct gaps_item *g = &res->gaps.items[i];
		const char *gid = gaps_id_name(g->id);
		int open = 0;
		rc = gap_open(l, eid, gid, &open, e);
		if (rc || open) {
			*skipped += open;
			continue;
		}
		strbuf_reset(&msg);
		strbuf_reset(&amount);
		report_gap_message(res, &prof, g, &msg);
		report_gap_amount(g, &amount);
		struct problem in;
		problem_init(&in);
		in.category = gap_category(g->id);
		in.description = strbuf_cstr(&msg);
		in.gap_id = gid;
		in.gap_amount = amount.len ? strbuf_cstr(&amount) : NULL;
		int64_t id = 0;
		rc = create_in(l, eid, uscc, &in, &id, e);
		if (!rc) {
			*ids = ledger_grow(arena, *ids, *n, &cap, sizeof **ids, 8);
			(*ids)[(*n)++] = id;
		}
	}
	rc = ledger_write_end(l, rc, e);
done:
	if (rc) {
		*n = 0;
		*skipped = 0;
	}
	profile_cleanup(&prof);
	strbuf_cleanup(&msg);
	strbuf_cleanup(&amount);
	free(res);
	return rc;
}
