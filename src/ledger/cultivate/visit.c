/*
 * visit — visits and coaching (see visit.h). Owner of the tables visits,
 * visit_participants and visit_problems.
 */
#include "ledger/cultivate/visit.h"
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

static const char *const kind_names[VISIT_KIND_COUNT] = {"onsite", "online", "phone", "meeting"};
static const char *const kind_labels[VISIT_KIND_COUNT] = {"实地走访", "线上辅导", "电话沟通",
							  "座谈会"};
static const char *const effect_names[] = {"raised", "resolved"};

const char *visit_kind_name(enum visit_kind k)
{
	return ledger_code_at(kind_names, VISIT_KIND_COUNT, (int)k);
}

const char *visit_kind_label(enum visit_kind k)
{
	return ledger_code_at(kind_labels, VISIT_KIND_COUNT, (int)k);
}

int visit_kind_parse(const char *s, enum visit_kind *out, struct err *e)
{
	int i = ledger_code_find(kind_names, kind_labels, VISIT_KIND_COUNT, s);
	if (i < 0)
		return err_set(e, ERR_INVALID, "kind", "未知走访方式：%s", s ? s : "");
	*out = (enum visit_kind)i;
	return 0;
}

#define COL(n, l, type, max, min, maxi, codes, ncodes, fl)                                         \
	{                                                                                          \
#n, l, type, offsetof(struct visit, n), max, min, maxi, codes, ncodes, fl          \
	}

_Static_assert(sizeof(enum visit_kind) == sizeof(int), "LCOL_CODE values are read as int");

const struct ledger_column visit_columns[VISIT_NCOLUMNS] = {
	COL(id, "编号", LCOL_ID, 0, 0, 0, NULL, 0, 0),
	COL(enterprise_id, "企业", LCOL_INT, 0, 1, INT64_MAX, NULL, 0, LCOL_REQUIRED),
	COL(visited_on, "走访日期", LCOL_DATE, 0, 0, 0, NULL, 0, LCOL_REQUIRED | LCOL_EDIT),
	COL(kind, "走访方式", LCOL_CODE, 0, 0, 0, kind_names, VISIT_KIND_COUNT, LCOL_EDIT),
	COL(others, "其他参加人员", LCOL_TEXT, 500, 0, 0, NULL, 0, LCOL_EDIT),
	COL(content, "走访内容", LCOL_TEXT, 5000, 0, 0, NULL, 0, LCOL_REQUIRED | LCOL_EDIT),
	COL(next_step, "下一步工作", LCOL_TEXT, 1000, 0, 0, NULL, 0, LCOL_EDIT),
	COL(next_on, "下一步日期", LCOL_DATE, 0, 0, 0, NULL, 0, LCOL_EDIT),
	COL(created_by_id, "记录人编号", LCOL_INT, 0, 1, INT64_MAX, NULL, 0, 0),
	COL(created_by, "记录人", LCOL_TEXT, 200, 0, 0, NULL, 0, LCOL_REQUIRED),
	COL(created_at, "创建时间", LCOL_STAMP, 0, 0, 0, NULL, 0, 0),
	COL(updated_at, "更新时间", LCOL_STAMP, 0, 0, 0, NULL, 0, 0),
};
enum { COL_CREATED = 10, COL_UPDATED = 11 };

void visit_init(struct visit *v)
{
	memset(v, 0, sizeof *v);
	v->visited_on = LEDGER_NO_DATE;
	v->next_on = LEDGER_NO_DATE;
	v->created_by_id = LEDGER_NONE;
	v->kind = VISIT_ONSITE;
}

/* ---- SQL generated from the table, once ---------------------------------------------- */

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
	ledger_cols_select(visit_columns, VISIT_NCOLUMNS, "v", &sb);
	strbuf_adds(&sb, ", t.uscc, t.name, t.area FROM visits v "
			 "JOIN enterprises t ON t.id = v.enterprise_id");
	ledger_sql_keep(gen.select, sizeof gen.select, &sb);
	ledger_cols_insert_sql(visit_columns, VISIT_NCOLUMNS, "visits", &sb);
	ledger_sql_keep(gen.insert, sizeof gen.insert, &sb);
	ledger_cols_update_sql(visit_columns, VISIT_NCOLUMNS, "visits", LCOL_EDIT, &sb);
	ledger_sql_keep(gen.update, sizeof gen.update, &sb);
	strbuf_cleanup(&sb);
}

static const char *sql_select(void)
{
	pthread_once(&gen_once, build_sql);
	return gen.select;
}

static void read_row(struct store_stmt *st, struct arena *a, struct visit *o)
{
	visit_init(o);
	ledger_cols_read(st, 0, visit_columns, VISIT_NCOLUMNS, a, o);
	ledger_column_copy(st, VISIT_NCOLUMNS, o->uscc, sizeof o->uscc);
	o->enterprise_name = ledger_column_str(st, VISIT_NCOLUMNS + 1, a);
	o->area = ledger_column_str(st, VISIT_NCOLUMNS + 2, a);
}

/* The participants and linked problems of V (read from the database). */
static int read_links(struct ledger *l, struct arena *a, struct visit *v, struct err *e)
{
	struct store_stmt *st = NULL;
	size_t cap = 0;
	int rc = store_prepare(l->db,
			       "SELECT u.id, u.display_name, u.role FROM visit_participants vp "
			       "JOIN users u ON u.id = vp.user_id WHERE vp.visit_id = $1 "
			       "ORDER BY u.id",
			       &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, v->id);
	v->participants = NULL;
	v->n_participants = 0;
	while ((rc = store_step(st, e)) == STORE_ROW) {
		v->participants = ledger_grow(a, v->participants, v->n_participants, &cap,
					      sizeof *v->participants, 4);
		struct visit_participant *p = &v->participants[v->n_participants++];
		enum role r = ROLE_VIEWER;
		p->id = store_column_int(st, 0);
		p->display_name = ledger_column_str(st, 1, a);
		ledger_role_parse(store_column_text(st, 2, NULL), &r, NULL);
		p->role = r;
	}
	store_finish(st);
	if (rc < 0)
		return rc;
	cap = 0;
	rc = store_prepare(l->db,
			   "SELECT vp.problem_id, vp.effect, p.description FROM visit_problems vp "
			   "JOIN problems p ON p.id = vp.problem_id WHERE vp.visit_id = $1 "
			   "ORDER BY vp.problem_id",
			   &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, v->id);
	v->links = NULL;
	v->n_links = 0;
	while ((rc = store_step(st, e)) == STORE_ROW) {
		v->links = ledger_grow(a, v->links, v->n_links, &cap, sizeof *v->links, 4);
		struct visit_link *k = &v->links[v->n_links++];
		const char *eff = store_column_text(st, 1, NULL);
		k->problem_id = store_column_int(st, 0);
		k->effect = eff && !strcmp(eff, "resolved") ? VISIT_RESOLVED : VISIT_RAISED;
		k->description = ledger_column_str(st, 2, a);
	}
	store_finish(st);
	return rc < 0 ? rc : 0;
}

/* The audit image of V: its columns, participant ids and links. */
static char *audit_image(const struct visit *v)
{
	struct ledger_jobj o;
	struct strbuf ids, links;
	strbuf_init(&ids, 512);
	strbuf_init(&links, 1024);
	for (size_t i = 0; i < v->n_participants; i++)
		strbuf_addf(&ids, "%s%lld", i ? "," : "", (long long)v->participants[i].id);
	for (size_t i = 0; i < v->n_links; i++)
		strbuf_addf(&links, "%s%lld:%s", i ? "," : "", (long long)v->links[i].problem_id,
			    effect_names[v->links[i].effect]);
	ledger_jobj_init(&o);
	ledger_cols_audit(&o, visit_columns, VISIT_NCOLUMNS, v);
	ledger_jobj_str(&o, "participants", strbuf_cstr(&ids));
	ledger_jobj_str(&o, "problems", strbuf_cstr(&links));
	char *out = ledger_jobj_take(&o);
	strbuf_cleanup(&ids);
	strbuf_cleanup(&links);
	return out;
}

int visit_get(struct ledger *l, int64_t id, struct arena *arena, struct visit *out, struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	strbuf_init(&sql, 2048);
	strbuf_adds(&sql, sql_select());
	strbuf_adds(&sql, " WHERE v.id = $1 AND ");
	ledger_scope_sql(&l->scope, &sql, "t", 2);
	int rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, id);
	store_bind_int(st, 2, ledger_scope_param(&l->scope));
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		read_row(st, arena, out);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = err_set(e, ERR_NOT_FOUND, "id", "走访记录不存在");
	}
	store_finish(st);
	st = NULL;
	if (!rc)
		rc = read_links(l, arena, out, e);
out:
	store_finish(st);
	strbuf_cleanup(&sql);
	return rc;
}

/* ---- writes --------------------------------------------------------------------------- */

static int by_participant(const void *a, const void *b)
{
	int64_t x = ((const struct visit_participant *)a)->id;
	int64_t y = ((const struct visit_participant *)b)->id;
	return (x > y) - (x < y);
}

static int by_problem(const void *a, const void *b)
{
	int64_t x = ((const struct visit_link *)a)->problem_id;
	int64_t y = ((const struct visit_link *)b)->problem_id;
	return (x > y) - (x < y);
}

/*
 * V's participants and links as stored: copied into A, ordered by id, each
 * once (a link named twice keeps its last effect), so that saving the same
 * visit in another order changes nothing. ERR_INVALID when the caller named
 * more than the caps allow (counted as given).
 */
static int normalise(struct visit *v, struct arena *a, struct err *e)
{
	size_t n = 0;
	if (v->n_participants > VISIT_MAX_PARTICIPANTS)
		return err_set(e, ERR_INVALID, "participants", "参加人员过多（最多%d人）",
			       VISIT_MAX_PARTICIPANTS);
	if (v->n_links > VISIT_MAX_LINKS)
		return err_set(e, ERR_INVALID, "problems", "关联问题过多（最多%d个）",
			       VISIT_MAX_LINKS);
	if (v->n_participants) {
		struct visit_participant *p = arena_alloc(a, v->n_participants * sizeof *p);
		memcpy(p, v->participants, v->n_participants * sizeof *p);
		qsort(p, v->n_participants, sizeof *p, by_participant);
		for (size_t i = 0; i < v->n_participants; i++)
			if (!n || p[n - 1].id != p[i].id)
				p[n++] = p[i];
		v->participants = p;
		v->n_participants = n;
	}
	n = 0;
	if (v->n_links) {
		struct visit_link *k = arena_alloc(a, v->n_links * sizeof *k);
		memcpy(k, v->links, v->n_links * sizeof *k);
		for (size_t i = 0; i < v->n_links; i++) /* the last effect named wins */
			for (size_t j = i + 1; j < v->n_links; j++)
				if (k[j].problem_id == k[i].problem_id)
					k[i].effect = k[j].effect;
		qsort(k, v->n_links, sizeof *k, by_problem);
		for (size_t i = 0; i < v->n_links; i++)
			if (!n || k[n - 1].problem_id != k[i].problem_id)
				k[n++] = k[i];
		v->links = k;
		v->n_links = n;
	}
	return 0;
}

/* Check V's members, participants (users) and links (problems of enterprise V->enterprise_id). */
static int check(struct ledger *l, const struct visit *v, struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = ledger_cols_check(visit_columns, VISIT_NCOLUMNS, v, e);
	if (rc)
		return rc;
	if (v->visited_on == LEDGER_NO_DATE)
		return err_set(e, ERR_INVALID, "visited_on", "请填写走访日期");
	rc = store_prepare(l->db, "SELECT 1 FROM users WHERE id = $1", &st, e);
	for (size_t i = 0; !rc && i < v->n_participants; i++) {
		store_reset(st);
		store_bind_int(st, 1, v->participants[i].id);
		rc = store_step(st, e);
		if (rc == STORE_DONE)
			rc = err_set(e, ERR_INVALID, "participants", "参加人员不存在：%lld",
				     (long long)v->participants[i].id);
		else if (rc == STORE_ROW)
			rc = 0;
	}
	store_finish(st);
	st = NULL;
	if (rc)
		return rc;
	rc = store_prepare(l->db, "SELECT enterprise_id FROM problems WHERE id = $1", &st, e);
	for (size_t i = 0; !rc && i < v->n_links; i++) {
		store_reset(st);
		store_bind_int(st, 1, v->links[i].problem_id);
		rc = store_step(st, e);
		if (rc == STORE_ROW && store_column_int(st, 0) == v->enterprise_id)
			rc = 0;
		else if (rc >= 0)
			rc = err_set(e, ERR_INVALID, "problems", "关联的问题不属于该企业：%lld",
				     (long long)v->links[i].problem_id);
		if (!rc && (int)v->links[i].effect != VISIT_RAISED &&
		    (int)v->links[i].effect != VISIT_RESOLVED)
			rc = err_set(e, ERR_INVALID, "problems", "关联方式无效");
	}
	store_finish(st);
	return rc;
}

/* Replace the participant and link rows of visit ID with V's. */
static int write_links(struct ledger *l, int64_t id, const struct visit *v, struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = store_prepare(l->db, "DELETE FROM visit_participants WHERE visit_id = $1", &st, e);
	if (!rc) {
		store_bind_int(st, 1, id);
		rc = store_run(st, e);
	}
	store_finish(st);
	st = NULL;
	if (!rc)
		rc = store_prepare(l->db, "DELETE FROM visit_problems WHERE visit_id = $1", &st, e);
	if (!rc) {
		store_bind_int(st, 1, id);
		rc = store_run(st, e);
	}
	store_finish(st);
	st = NULL;
	if (!rc)
		rc = store_prepare(l->db,
				   "INSERT OR IGNORE INTO visit_participants (visit_id, user_id) "
				   "VALUES ($1, $2)",
				   &st, e);
	for (size_t i = 0; !rc && i < v->n_participants; i++) {
		store_reset(st);
		store_bind_int(st, 1, id);
		store_bind_int(st, 2, v->participants[i].id);
		rc = store_run(st, e);
	}
	store_finish(st);
	st = NULL;
	if (!rc)
		rc = store_prepare(l->db,
				   "INSERT OR REPLACE INTO visit_problems (visit_id, problem_id, "
				   "effect) VALUES ($1, $2, $3)",
				   &st, e);
	for (size_t i = 0; !rc && i < v->n_links; i++) {
		store_reset(st);
		store_bind_int(st, 1, id);
		store_bind_int(st, 2, v->links[i].problem_id);
		store_bind_text_static(st, 3, effect_names[v->links[i].effect], STORE_NTS);
		rc = store_run(st, e);
	}
	store_finish(st);
	return rc;
}

int visit_create(struct ledger *l, const char *uscc, const struct visit *in, struct arena *arena,
		 struct visit *out, struct err *e)
{
	struct arena *tmp = arena_new();
	struct store_stmt *st = NULL;
	struct visit v = *in;
	char now[21], key[48];
	char *after = NULL;
	int64_t eid = 0, id = 0;
	int begun = 0; /* ledger_write_begin succeeded: out ends the write */
	int rc = ledger_write_begin(l, e);
	if (rc)
		goto out;
	begun = 1;
	rc = ledger_enterprise_id(l, uscc, &eid, e);
	if (!rc)
		rc = perm_check(&l->scope, CAP_CASEWORK_WRITE, "无权记录走访", e);
	if (rc)
		goto out;
	v.enterprise_id = eid;
	v.created_by_id = l->scope.user_id ? l->scope.user_id : LEDGER_NONE;
	v.created_by = l->scope.user_name;
	rc = normalise(&v, tmp, e);
	if (!rc)
		rc = check(l, &v, e);
	if (!rc) {
		pthread_once(&gen_once, build_sql);
		rc = store_prepare(l->db, gen.insert, &st, e);
	}
	if (rc)
		goto out;
	ledger_cols_bind(st, visit_columns, VISIT_NCOLUMNS, 0, &v);
	ledger_now(now);
	store_bind_text(st, COL_CREATED, now, STORE_NTS);
	store_bind_text(st, COL_UPDATED, now, STORE_NTS);
	rc = store_step(st, e);
	rc = rc == STORE_ROW ? 0 : rc < 0 ? rc : err_set(e, ERR_DB, NULL, "数据库错误");
	if (rc)
		goto out;
	id = store_column_int(st, 0);
	v.id = id;
	rc = write_links(l, id, &v, e);
	if (rc)
		goto out;
	after = audit_image(&v);
	ledger_row_key(uscc, id, key);
	rc = audit_record(l, "create", "visits", key, NULL, after, e);
	if (!rc && out)
		rc = visit_get(l, id, arena, out, e);
out:
	store_finish(st);
	free(after);
	if (begun)
		rc = ledger_write_end(l, rc, e);
	arena_free(tmp);
	return rc;
}

/* Store V over OLD (its columns and links) and audit BEFORE → AFTER. */
static int write_update(struct ledger *l, const struct visit *old, const struct visit *v,
			const char *before, const char *after, struct err *e)
{
	struct store_stmt *st = NULL;
	char now[21], key[48];
	int rc = store_prepare(l->db, gen.update, &st, e);
	if (rc)
		return rc;
	ledger_cols_bind(st, visit_columns, VISIT_NCOLUMNS, LCOL_EDIT, v);
	store_bind_text(st, COL_UPDATED, ledger_now(now), STORE_NTS);
	store_bind_int(st, VISIT_NCOLUMNS, old->id);
	rc = store_run(st, e);
	store_finish(st);
	if (!rc)
		rc = write_links(l, old->id, v, e);
	ledger_row_key(old->uscc, old->id, key);
	return rc ? rc : audit_record(l, "update", "visits", key, before, after, e);
}

int visit_update(struct ledger *l, int64_t id, const struct visit *in, struct arena *arena,
		 struct visit *out, struct err *e)
{
	struct arena *tmp = arena_new();
	struct visit old, v;
	char *before = NULL, *after = NULL;
	int begun = 0; /* ledger_write_begin succeeded: out ends the write */
	int rc = ledger_write_begin(l, e);
	if (rc)
		goto out;
	begun = 1;
	rc = visit_get(l, id, tmp, &old, e);
	if (!rc)
		rc = perm_check(&l->scope, CAP_CASEWORK_WRITE, "无权修改走访记录", e);
	if (rc)
		goto out;
	v = old;
	for (int k = 0; k < VISIT_NCOLUMNS; k++)
		if (visit_columns[k].flags & LCOL_EDIT)
			ledger_col_copy(&visit_columns[k], &v, in);
	v.participants = in->participants;
	v.n_participants = in->n_participants;
	v.links = in->links;
	v.n_links = in->n_links;
	rc = normalise(&v, tmp, e);
	if (!rc)
		rc = check(l, &v, e);
	if (rc)
		goto out;
	before = audit_image(&old);
	after = audit_image(&v);
	if (strcmp(before, after)) /* nothing changed: no write, no audit */
		rc = write_update(l, &old, &v, before, after, e);
	if (!rc && out)
		rc = visit_get(l, id, arena, out, e);
out:
	if (begun)
		rc = ledger_write_end(l, rc, e);
	free(before);
	free(after);
	arena_free(tmp);
	return rc;
}

int visit_delete(struct ledger *l, int64_t id, struct err *e)
{
	struct arena *tmp = arena_new();
	struct store_stmt *st = NULL;
	struct visit old;
	char key[48];
	char *before = NULL;
	int begun = 0; /* ledger_write_begin succeeded: out ends the write */
	int rc = ledger_write_begin(l, e);
	if (rc)
		goto out;
	begun = 1;
	rc = visit_get(l, id, tmp, &old, e);
	if (!rc)
		rc = perm_check(&l->scope, CAP_CASEWORK_WRITE, "无权删除走访记录", e);
	if (!rc)
		rc = store_prepare(l->db, "DELETE FROM visits WHERE id = $1", &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, id);
	rc = store_run(st, e);
	if (rc)
		goto out;
	before = audit_image(&old);
	ledger_row_key(old.uscc, id, key);
	rc = audit_record(l, "delete", "visits", key, before, NULL, e);
out:
	store_finish(st);
	if (begun)
		rc = ledger_write_end(l, rc, e);
	free(before);
	arena_free(tmp);
	return rc;
}

/* ---- list ----------------------------------------------------------------------------- */

void visit_filter_init(struct visit_filter *f)
{
	memset(f, 0, sizeof *f);
	f->from = LEDGER_NO_DATE;
	f->to = LEDGER_NO_DATE;
	f->today = LEDGER_NO_DATE;
	f->want_total = 1;
}

struct list_args {
	char uscc[19], from[11], to[11], soon[11];
};

/* $1 scope, $2 uscc, $3 from, $4 to, $5 follow-up limit, $6 user, $7 area. */
static void where_sql(struct ledger *l, const struct visit_filter *f, struct strbuf *sql)
{
	strbuf_adds(sql, " WHERE ");
	ledger_scope_sql(&l->scope, sql, "t", 1);
	if (f->uscc)
		strbuf_adds(sql, " AND t.uscc = $2");
	if (f->from != LEDGER_NO_DATE)
		strbuf_adds(sql, " AND v.visited_on >= $3");
	if (f->to != LEDGER_NO_DATE)
		strbuf_adds(sql, " AND v.visited_on <= $4");
	if (f->follow_up)
		strbuf_adds(sql, " AND v.next_on IS NOT NULL AND v.next_on <= $5");
	if (f->involving)
		strbuf_adds(sql, " AND (v.created_by_id = $6 OR EXISTS (SELECT 1 FROM "
				 "visit_participants vp WHERE vp.visit_id = v.id AND "
				 "vp.user_id = $6))");
	if (f->area && f->area[0])
		strbuf_adds(sql, " AND t.area = $7");
}

static void where_bind(struct ledger *l, const struct visit_filter *f, struct store_stmt *st,
		       struct list_args *a)
{
	int32_t today = f->today == LEDGER_NO_DATE ? date_today() : f->today;
	store_bind_int(st, 1, ledger_scope_param(&l->scope));
	if (f->uscc) {
		ledger_norm_uscc(f->uscc, a->uscc);
		store_bind_text(st, 2, a->uscc, STORE_NTS);
	}
	if (f->from != LEDGER_NO_DATE)
		store_bind_text(st, 3, date_format(f->from, a->from), STORE_NTS);
	if (f->to != LEDGER_NO_DATE)
		store_bind_text(st, 4, date_format(f->to, a->to), STORE_NTS);
	store_bind_text(st, 5, date_format(today + 7, a->soon), STORE_NTS);
	store_bind_int(st, 6, f->involving);
	store_bind_text(st, 7, f->area, STORE_NTS);
}

int visit_list(struct ledger *l, const struct visit_filter *f, struct arena *arena,
	       struct visit_page *out, struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	struct list_args a;
	size_t cap = 0;
	int64_t eid = 0;
	int rc = 0;

	memset(out, 0, sizeof *out);
	out->total = -1;
	strbuf_init(&sql, 4096);
	if (f->limit < 0 || f->limit > VISIT_PAGE_MAX || f->offset < 0)
		rc = err_set(e, ERR_INVALID, "page_size", "分页参数无效");
	if (!rc && f->uscc)
		rc = ledger_enterprise_id(l, f->uscc, &eid, e);
	if (rc)
		goto out;
	if (f->want_total) {
		strbuf_adds(&sql, "SELECT count(*) FROM visits v "
				  "JOIN enterprises t ON t.id = v.enterprise_id");
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
	strbuf_adds(&sql, f->follow_up ? " ORDER BY v.next_on, v.id"
				       : " ORDER BY v.visited_on DESC, v.id DESC");
	strbuf_adds(&sql, " LIMIT $8 OFFSET $9");
	rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	if (rc)
		goto out;
	where_bind(l, f, st, &a);
	store_bind_int(st, 8, f->limit ? f->limit : 50);
	store_bind_int(st, 9, f->offset);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		out->items = ledger_grow(arena, out->items, out->n, &cap, sizeof *out->items, 16);
		read_row(st, arena, &out->items[out->n++]);
	}
	store_finish(st);
	st = NULL;
	if (rc < 0)
		goto out;
	rc = 0;
	for (size_t i = 0; !rc && i < out->n; i++)
		rc = read_links(l, arena, &out->items[i], e);
out:
	rc = rc < 0 ? rc : 0;
	store_finish(st);
	strbuf_cleanup(&sql);
	return rc;
}
