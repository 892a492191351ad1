/*
 * training — policy training events and their attendance (see training.h).
 * Owner of the tables trainings, training_policies and training_attendance.
 */
#include "ledger/publicity/training.h"
#include "ledger/internal.h"
#include "ledger/base/audit.h"
#include "ledger/base/json.h"
#include "ledger/base/perm.h"
#include "ledger/publicity/rows.h"
#include "ledger/publicity/search.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/date.h"
#include "core/strbuf.h"
#include "ledger/register/area.h"

#define COL(n, l, type, max, fl)                                                                   \
	{                                                                                          \
#n, l, type, offsetof(struct training, n), max, 0, 0, NULL, 0, fl                  \
	}

const struct ledger_column training_columns[TRAINING_NCOLUMNS] = {
	COL(id, "编号", LCOL_ID, 0, 0),
	COL(held_on, "培训日期", LCOL_DATE, 0, LCOL_EDIT),
	COL(topic, "培训主题", LCOL_TEXT, TRAINING_TOPIC_MAX, LCOL_REQUIRED | LCOL_EDIT),
	COL(organisers, "主办单位", LCOL_TEXT, 500, LCOL_REQUIRED | LCOL_EDIT),
	COL(place, "培训地点", LCOL_TEXT, 300, LCOL_EDIT),
	COL(online_url, "线上链接", LCOL_TEXT, 1000, LCOL_EDIT),
	COL(area, "所属县区", LCOL_TEXT, 16, LCOL_EDIT),
	COL(materials, "培训材料", LCOL_TEXT, 5000, LCOL_EDIT),
	COL(created_by, "录入人", LCOL_TEXT, 200, LCOL_REQUIRED),
	COL(created_at, "创建时间", LCOL_STAMP, 0, 0),
	COL(updated_at, "更新时间", LCOL_STAMP, 0, 0),
};
enum { COL_CREATED = 9, COL_UPDATED = 10 };

void training_init(struct training *t)
{
	memset(t, 0, sizeof *t);
	t->held_on = LEDGER_NO_DATE;
}

static struct {
	char insert[512];
	char update[512];
} gen;
static pthread_once_t gen_once = PTHREAD_ONCE_INIT;

static void build_sql(void)
{
	struct strbuf sb;
	strbuf_init(&sb, 512);
	ledger_cols_insert_sql(training_columns, TRAINING_NCOLUMNS, "trainings", &sb);
	ledger_sql_keep(gen.insert, sizeof gen.insert, &sb);
	ledger_cols_update_sql(training_columns, TRAINING_NCOLUMNS, "trainings", LCOL_EDIT, &sb);
	ledger_sql_keep(gen.update, sizeof gen.update, &sb);
	strbuf_cleanup(&sb);
}

/* The audit image of T with its policy ids. */
static char *audit_image(const struct training *t)
{
	struct ledger_jobj o;
	struct strbuf ids;
	strbuf_init(&ids, 64);
	for (size_t i = 0; i < t->n_policy_ids; i++)
		strbuf_addf(&ids, "%s%lld", i ? "," : "", (long long)t->policy_ids[i]);
	ledger_jobj_init(&o);
	ledger_cols_audit(&o, training_columns, TRAINING_NCOLUMNS, t);
	ledger_jobj_str(&o, "policies", strbuf_cstr(&ids));
	strbuf_cleanup(&ids);
	return ledger_jobj_take(&o);
}

/*
 * "SELECT <columns>, attendees, applied FROM trainings g": the counts over
 * the firms of the scope ($1), applied = an application (not withdrawn)
 * made on or after the day.
 */
static void select_sql(struct ledger *l, struct strbuf *sql)
{
	strbuf_adds(sql, "SELECT ");
	ledger_cols_select(training_columns, TRAINING_NCOLUMNS, "g", sql);
	strbuf_adds(sql, ", (SELECT count(*) FROM training_attendance x JOIN enterprises t "
			 "ON t.id = x.enterprise_id WHERE x.training_id = g.id AND ");
	ledger_scope_sql(&l->scope, sql, "t", 1);
	strbuf_adds(sql, "), (SELECT count(*) FROM training_attendance x JOIN enterprises t "
			 "ON t.id = x.enterprise_id WHERE x.training_id = g.id AND ");
	ledger_scope_sql(&l->scope, sql, "t", 1);
	strbuf_adds(sql,
		    " AND EXISTS (SELECT 1 FROM applications p WHERE p.enterprise_id = t.id "
		    "AND p.stage <> 'withdrawn' AND substr(p.created_at, 1, 10) >= g.held_on)) "
		    "FROM trainings g");
}

/*
 * Append " AND <event g is open to L's caller>": an enterprise user sees the
 * city-wide events and those of its firm's area ($1 its firm); staff all.
 */
static void visible_sql(struct ledger *l, struct strbuf *sql)
{
	if (l->scope.role == ROLE_ENTERPRISE)
		strbuf_adds(sql, " AND (g.area IS NULL OR g.area = "
				 "(SELECT t.area FROM enterprises t WHERE t.id = $1))");
}

static void read_row(struct store_stmt *st, struct arena *a, struct training *t)
{
	training_init(t);
	ledger_cols_read(st, 0, training_columns, TRAINING_NCOLUMNS, a, t);
	t->attendees = store_column_int(st, TRAINING_NCOLUMNS);
	t->applied = store_column_int(st, TRAINING_NCOLUMNS + 1);
}

/* The policy-library materials of T (ids and titles). */
static int read_policies(struct ledger *l, struct arena *a, struct training *t, struct err *e)
{
	struct store_stmt *st = NULL;
	size_t cap = 0;
	int rc = store_prepare(l->db,
			       "SELECT p.id, p.title FROM training_policies tp JOIN policies p "
			       "ON p.id = tp.policy_id WHERE tp.training_id = $1 ORDER BY p.id",
			       &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, t->id);
	int64_t *ids = NULL;
	size_t idcap = 0;
	while ((rc = store_step(st, e)) == STORE_ROW) {
		t->policies =
			ledger_grow(a, t->policies, t->n_policies, &cap, sizeof *t->policies, 4);
		ids = ledger_grow(a, ids, t->n_policies, &idcap, sizeof *ids, 4);
		struct training_material *m = &t->policies[t->n_policies];
		m->policy_id = ids[t->n_policies] = store_column_int(st, 0);
		m->title = ledger_column_str(st, 1, a);
		t->n_policies++;
	}
	t->policy_ids = ids;
	t->n_policy_ids = t->n_policies;
	store_finish(st);
	return rc < 0 ? rc : 0;
}

int training_get(struct ledger *l, int64_t id, struct arena *arena, struct training *out,
		 struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	int rc = perm_check(&l->scope, CAP_TRAININGS_READ, "无权查看政策培训", e);
	if (rc)
		return rc;
	strbuf_init(&sql, 1024);
	select_sql(l, &sql);
	strbuf_adds(&sql, " WHERE g.id = $2");
	visible_sql(l, &sql);
	rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	strbuf_cleanup(&sql);
	if (rc)
		return rc;
	store_bind_int(st, 1, ledger_scope_param(&l->scope));
	store_bind_int(st, 2, id);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		read_row(st, arena, out);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = err_set(e, ERR_NOT_FOUND, "id", "培训不存在");
	}
	store_finish(st);
	return rc ? rc : read_policies(l, arena, out, e);
}

/* ---- writes --------------------------------------------------------------------------- */

/* May L's caller write an event of AREA? */
static int check_writer(struct ledger *l, const char *area, struct err *e)
{
	int rc = perm_check(&l->scope, CAP_TRAININGS_WRITE, "无权维护政策培训", e);
	if (rc || ledger_scope_all(&l->scope))
		return rc;
	rc = publicity_own_area(l, area, e);
	if (rc < 0)
		return rc;
	if (!rc)
		return err_set(e, ERR_FORBIDDEN, "area", "县级用户只能维护本辖区组织的培训");
	return 0;
}

static int check_values(struct ledger *l, struct training *v, struct err *e)
{
	if (v->area && !v->area[0])
		v->area = NULL;
	int rc = ledger_cols_check(training_columns, TRAINING_NCOLUMNS, v, e);
	if (rc)
		return rc;
	if (v->held_on == LEDGER_NO_DATE)
		return err_set(e, ERR_INVALID, "held_on", "培训日期不能为空");
	if ((!v->place || !v->place[0]) && (!v->online_url || !v->online_url[0]))
		return err_set(e, ERR_INVALID, "place", "须填写培训地点或线上链接");
	if (v->online_url && v->online_url[0] && strncasecmp(v->online_url, "http://", 7) &&
	    strncasecmp(v->online_url, "https://", 8))
		return err_set(e, ERR_INVALID, "online_url",
			       "线上链接应以 http:// 或 https:// 开头");
	if (v->n_policy_ids > TRAINING_POLICIES_MAX)
		return err_set(e, ERR_INVALID, "policies", "培训材料过多（最多%d份政策文件）",
			       TRAINING_POLICIES_MAX);
	if (v->area) {
		struct arena *tmp = arena_new();
		struct area ar;
		rc = area_get(l, v->area, tmp, &ar, e);
		arena_free(tmp);
		if (rc == ERR_NOT_FOUND)
			return err_set(e, ERR_INVALID, "area", "地区不存在：%s", v->area);
	}
	return rc;
}

/* Replace the policy materials of event ID by those of V. */
static int write_policies(struct ledger *l, int64_t id, const struct training *v, struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = store_prepare(l->db, "DELETE FROM training_policies WHERE training_id = $1", &st,
			       e);
	if (rc)
		return rc;
	store_bind_int(st, 1, id);
	rc = store_run(st, e);
	store_finish(st);
	for (size_t i = 0; !rc && i < v->n_policy_ids; i++) {
		st = NULL;
		rc = store_prepare(
			l->db,
			"INSERT OR IGNORE INTO training_policies (training_id, policy_id) "
			"SELECT $1, id FROM policies WHERE id = $2",
			&st, e);
		if (rc)
			break;
		store_bind_int(st, 1, id);
		store_bind_int(st, 2, v->policy_ids[i]);
		rc = store_run(st, e);
		if (!rc && store_changes(l->db) == 0) {
			/* a duplicate id is ignored; an unknown one refused */
			int dup = 0;
			for (size_t k = 0; k < i; k++)
				dup |= v->policy_ids[k] == v->policy_ids[i];
			if (!dup)
				rc = err_set(e, ERR_INVALID, "policies", "政策文件不存在：%lld",
					     (long long)v->policy_ids[i]);
		}
		store_finish(st);
	}
	return rc;
}

/* ---- the table's writes (ledger/publicity/rows) ---------------------------------------- */

static int get_row(struct ledger *l, int64_t id, struct arena *a, void *row, struct err *e)
{
	return training_get(l, id, a, row, e);
}

static int check_row(struct ledger *l, const void *row, struct err *e)
{
	return check_writer(l, ((const struct training *)row)->area, e);
}

static char *image_row(const void *row)
{
	return audit_image(row);
}

static int policies_row(struct ledger *l, int64_t id, const void *row, struct err *e)
{
	return write_policies(l, id, row, e);
}

static void prepare(void)
{
	pthread_once(&gen_once, build_sql);
}

static const struct publicity_table table = {
	.name = "trainings",
	.cols = training_columns,
	.ncols = TRAINING_NCOLUMNS,
	.col_created = COL_CREATED,
	.col_updated = COL_UPDATED,
	.insert_sql = gen.insert,
	.update_sql = gen.update,
	.prepare = prepare,
	.size = sizeof(struct training),
	.get = get_row,
	.check = check_row,
	.image = image_row,
	.after_write = policies_row,
};

int training_create(struct ledger *l, const struct training *in, struct arena *arena,
		    struct training *out, struct err *e)
{
	struct training v = *in;
	int64_t id = 0;
	int rc = ledger_write_begin(l, e);
	if (rc)
		return rc;
	v.created_by = l->scope.user_name;
	rc = check_values(l, &v, e);
	if (!rc)
		rc = check_writer(l, v.area, e);
	if (!rc)
		rc = publicity_insert(l, &table, &v, &id, e);
	if (!rc && out)
		rc = training_get(l, id, arena, out, e);
	return ledger_write_end(l, rc, e);
}

/* IN's editable members over V, checked. */
static int merge(struct ledger *l, struct arena *a, void *row, const void *from, struct err *e)
{
	struct training *v = row;
	const struct training *in = from;
	(void)a;
	v->held_on = in->held_on;
	v->topic = in->topic;
	v->organisers = in->organisers;
	v->place = in->place;
	v->online_url = in->online_url;
	v->area = in->area;
	v->materials = in->materials;
	if (in->set_policies) {
		v->policy_ids = in->policy_ids;
		v->n_policy_ids = in->n_policy_ids;
	}
	return check_values(l, v, e);
}

int training_update(struct ledger *l, int64_t id, const struct training *in, struct arena *arena,
		    struct training *out, struct err *e)
{
	return publicity_update(l, &table, id, in, merge, arena, out, e);
}

int training_delete(struct ledger *l, int64_t id, struct err *e)
{
	return publicity_delete(l, &table, id, e);
}

/* ---- list ----------------------------------------------------------------------------- */

void training_filter_init(struct training_filter *f)
{
	memset(f, 0, sizeof *f);
	f->from = f->to = LEDGER_NO_DATE;
	f->want_total = 1;
}

/* $3 from, $4 to, $5 the LIKE pattern, $6 the USCC (its attendance in scope). */
static void filter_sql(struct ledger *l, const struct training_filter *f, struct strbuf *sql)
{
	strbuf_adds(sql, " WHERE 1=1");
	visible_sql(l, sql);
	if (f->from != LEDGER_NO_DATE)
		strbuf_adds(sql, " AND g.held_on >= $3");
	if (f->to != LEDGER_NO_DATE)
		strbuf_adds(sql, " AND g.held_on <= $4");
	if (f->q && f->q[0])
		strbuf_adds(sql, " AND (g.topic LIKE $5 ESCAPE '\\' OR g.organisers LIKE $5 "
				 "ESCAPE '\\')");
	if (f->uscc && f->uscc[0]) {
		strbuf_adds(sql,
			    " AND EXISTS (SELECT 1 FROM training_attendance x JOIN enterprises "
			    "t ON t.id = x.enterprise_id WHERE x.training_id = g.id AND "
			    "t.uscc = $6 AND ");
		ledger_scope_sql(&l->scope, sql, "t", 1);
		strbuf_adds(sql, ")");
	}
}

int training_list(struct ledger *l, const struct training_filter *f, struct arena *arena,
		  struct training_page *out, struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	size_t cap = 0;
	const char *pat = NULL;
	char from[11], to[11], uscc[19] = "";
	memset(out, 0, sizeof *out);
	out->total = -1;
	strbuf_init(&sql, 2048);
	int rc = perm_check(&l->scope, CAP_TRAININGS_READ, "无权查看政策培训", e);
	if (!rc && (f->limit < 0 || f->limit > 500 || f->offset < 0))
		rc = err_set(e, ERR_INVALID, "page_size", "分页参数无效");
	if (!rc)
		rc = publicity_like(arena, f->q, &pat, e);
	if (rc)
		goto out;
	if (f->uscc)
		ledger_norm_uscc(f->uscc, uscc);
	for (int pass = f->want_total ? 0 : 1; pass < 2; pass++) {
		strbuf_reset(&sql);
		if (pass == 0) {
			strbuf_adds(&sql, "SELECT count(*) FROM trainings g");
			filter_sql(l, f, &sql);
		} else {
			select_sql(l, &sql);
			filter_sql(l, f, &sql);
			strbuf_adds(&sql, " ORDER BY g.held_on DESC, g.id DESC LIMIT $7 OFFSET $8");
		}
		rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
		if (rc)
			goto out;
		store_bind_int(st, 1, ledger_scope_param(&l->scope));
		if (f->from != LEDGER_NO_DATE)
			store_bind_text(st, 3, date_format(f->from, from), STORE_NTS);
		if (f->to != LEDGER_NO_DATE)
			store_bind_text(st, 4, date_format(f->to, to), STORE_NTS);
		store_bind_text(st, 5, pat, STORE_NTS);
		store_bind_text(st, 6, uscc, STORE_NTS);
		store_bind_int(st, 7, f->limit ? f->limit : 50);
		store_bind_int(st, 8, f->offset);
		if (pass == 0) {
			rc = store_step(st, e);
			if (rc != STORE_ROW)
				goto out;
			out->total = store_column_int(st, 0);
		} else {
			while ((rc = store_step(st, e)) == STORE_ROW) {
				out->items = ledger_grow(arena, out->items, out->n, &cap,
							 sizeof *out->items, 16);
				read_row(st, arena, &out->items[out->n++]);
			}
		}
		store_finish(st);
		st = NULL;
	}
out:
	rc = rc < 0 ? rc : 0;
	store_finish(st);
	strbuf_cleanup(&sql);
	return rc;
}

/* ---- attendance ----------------------------------------------------------------------- */

int training_attendance(struct ledger *l, int64_t id, struct arena *arena,
			struct training_attendee **items, size_t *n, struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	struct training t;
	size_t cap = 0;
	*items = NULL;
	*n = 0;
	int rc = training_get(l, id, arena, &t, e);
	if (rc)
		return rc;
	strbuf_init(&sql, 1024);
	strbuf_adds(&sql, "SELECT t.uscc, t.name, t.area, t.tier, x.attendee, x.source, "
			  "x.recorded_at, (SELECT p.stage FROM applications p WHERE "
			  "p.enterprise_id = t.id AND p.stage <> 'withdrawn' AND "
			  "substr(p.created_at, 1, 10) >= $3 ORDER BY p.id DESC LIMIT 1) "
			  "FROM training_attendance x JOIN enterprises t ON t.id = x.enterprise_id "
			  "WHERE x.training_id = $2 AND ");
	ledger_scope_sql(&l->scope, &sql, "t", 1);
	strbuf_adds(&sql, " ORDER BY t.name");
	rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	strbuf_cleanup(&sql);
	if (rc)
		return rc;
	char day[11];
	store_bind_int(st, 1, ledger_scope_param(&l->scope));
	store_bind_int(st, 2, id);
	store_bind_text(st, 3, date_format(t.held_on, day), STORE_NTS);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		*items = ledger_grow(arena, *items, *n, &cap, sizeof **items, 32);
		struct training_attendee *a = &(*items)[(*n)++];
		memset(a, 0, sizeof *a);
		ledger_column_copy(st, 0, a->uscc, sizeof a->uscc);
		a->name = ledger_column_str(st, 1, arena);
		a->area = ledger_column_str(st, 2, arena);
		a->tier = ledger_column_str(st, 3, arena);
		a->attendee = ledger_column_str(st, 4, arena);
		a->source = ledger_column_str(st, 5, arena);
		ledger_column_copy(st, 6, a->recorded_at, sizeof a->recorded_at);
		a->applied_stage = ledger_column_str(st, 7, arena);
	}
	store_finish(st);
	return rc < 0 ? rc : 0;
}

/* The firm of the scope with USCC: its id (0 when none) and name (arena). */
static int firm_in_scope(struct ledger *l, const char *uscc, struct arena *a, int64_t *id,
			 const char **name, struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	char key[19];
	*id = 0;
	ledger_norm_uscc(uscc, key);
	strbuf_init(&sql, 256);
	strbuf_adds(&sql, "SELECT t.id, t.name FROM enterprises t WHERE t.uscc = $2 AND ");
	ledger_scope_sql(&l->scope, &sql, "t", 1);
	int rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	strbuf_cleanup(&sql);
	if (rc)
		return rc;
	store_bind_int(st, 1, ledger_scope_param(&l->scope));
	store_bind_text(st, 2, key, STORE_NTS);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		*id = store_column_int(st, 0);
		if (name)
			*name = ledger_column_str(st, 1, a);
	}
	store_finish(st);
	return rc < 0 ? rc : 0;
}

/*
 * Insert the attendance of ENTERPRISE_ID (USCC) at ID from SOURCE; *ADDED
 * 1 when new. An existing row takes ATTENDEE when given (no audit: the
 * attendance stands).
 */
static int attend(struct ledger *l, int64_t id, int64_t enterprise_id, const char *uscc,
		  const char *attendee, const char *source, int *added, struct err *e)
{
	struct store_stmt *st = NULL;
	char now[21], key[48];
	*added = 0;
	int rc =
		store_prepare(l->db,
			      "INSERT INTO training_attendance (training_id, enterprise_id, "
			      "attendee, source, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, "
			      "$5, $6) ON CONFLICT DO NOTHING",
			      &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, id);
	store_bind_int(st, 2, enterprise_id);
	store_bind_text(st, 3, attendee && attendee[0] ? attendee : NULL, STORE_NTS);
	store_bind_text(st, 4, source, STORE_NTS);
	store_bind_text(st, 5, l->scope.user_name, STORE_NTS);
	store_bind_text(st, 6, ledger_now(now), STORE_NTS);
	rc = store_run(st, e);
	store_finish(st);
	if (rc || store_changes(l->db) == 0)
		return rc;
	*added = 1;
	struct ledger_jobj o;
	ledger_jobj_init(&o);
	ledger_jobj_int(&o, "training_id", id);
	ledger_jobj_str(&o, "attendee", attendee);
	ledger_jobj_str(&o, "source", source);
	char *after = ledger_jobj_take(&o);
	ledger_row_key(uscc, id, key);
	rc = audit_record(l, "create", "training_attendance", key, NULL, after, e);
	free(after);
	return rc;
}

/* The event ID exists and L may record attendance (CAP_TRAININGS_WRITE). */
static int check_recorder(struct ledger *l, int64_t id, struct arena *a, struct err *e)
{
	struct training t;
	int rc = training_get(l, id, a, &t, e);
	if (!rc)
		rc = perm_check(&l->scope, CAP_TRAININGS_WRITE, "无权登记培训签到", e);
	return rc;
}

int training_attend(struct ledger *l, int64_t id, const char *uscc, const char *attendee,
		    struct err *e)
{
	struct arena *tmp = arena_new();
	int64_t ent = 0;
	int added = 0;
	int rc = ledger_write_begin(l, e);
	if (rc) {
		arena_free(tmp);
		return rc;
	}
	rc = check_recorder(l, id, tmp, e);
	if (!rc && attendee && strlen(attendee) > 500)
		rc = err_set(e, ERR_INVALID, "attendee", "参训人员过长（最多500字节）");
	if (!rc)
		rc = ledger_text_check(attendee, "attendee", "参训人员", e);
	if (!rc)
		rc = firm_in_scope(l, uscc ? uscc : "", tmp, &ent, NULL, e);
	if (!rc && !ent)
		rc = err_set(e, ERR_NOT_FOUND, "uscc", "企业不存在：%s", uscc ? uscc : "");
	if (!rc)
		rc = attend(l, id, ent, uscc, attendee, "entered", &added, e);
	rc = ledger_write_end(l, rc, e);
	arena_free(tmp);
	return rc;
}

int training_unattend(struct ledger *l, int64_t id, const char *uscc, struct err *e)
{
	struct arena *tmp = arena_new();
	struct store_stmt *st = NULL;
	int64_t ent = 0;
	char key[48];
	int rc = ledger_write_begin(l, e);
	if (rc) {
		arena_free(tmp);
		return rc;
	}
	rc = check_recorder(l, id, tmp, e);
	if (!rc)
		rc = firm_in_scope(l, uscc ? uscc : "", tmp, &ent, NULL, e);
	if (!rc && !ent)
		rc = err_set(e, ERR_NOT_FOUND, "uscc", "企业不存在：%s", uscc ? uscc : "");
	if (!rc)
		rc = store_prepare(l->db,
				   "DELETE FROM training_attendance WHERE training_id = $1 AND "
				   "enterprise_id = $2",
				   &st, e);
	if (!rc) {
		store_bind_int(st, 1, id);
		store_bind_int(st, 2, ent);
		rc = store_run(st, e);
	}
	if (!rc && store_changes(l->db) > 0) {
		ledger_row_key(uscc, id, key);
		rc = audit_record(l, "delete", "training_attendance", key, "{}", NULL, e);
	}
	store_finish(st);
	rc = ledger_write_end(l, rc, e);
	arena_free(tmp);
	return rc;
}

/* ---- the sign-in sheet ---------------------------------------------------------------- */

struct firm {
	int64_t id;
	char uscc[19];
	const char *name;
	const char *norm;
};

static int cmp_norm(const void *a, const void *b)
{
	return strcmp(((const struct firm *)a)->norm, ((const struct firm *)b)->norm);
}

/* The firms of the scope, sorted by normalised name (for rows without a known USCC). */
static int firms_load(struct ledger *l, struct arena *a, struct firm **out, size_t *n,
		      struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	strbuf_init(&sql, 256);
	strbuf_adds(&sql, "SELECT t.id, t.uscc, t.name FROM enterprises t WHERE ");
	ledger_scope_sql(&l->scope, &sql, "t", 1);
	int rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	strbuf_cleanup(&sql);
	if (rc)
		return rc;
	store_bind_int(st, 1, ledger_scope_param(&l->scope));
	while ((rc = store_step(st, e)) == STORE_ROW) {
		*out = ledger_grow(a, *out, *n, &cap, sizeof **out, 64);
		struct firm *f = &(*out)[(*n)++];
		f->id = store_column_int(st, 0);
		ledger_column_copy(st, 1, f->uscc, sizeof f->uscc);
		f->name = ledger_column_str(st, 2, a);
		size_t len = strlen(f->name) + 1;
		char *norm = arena_alloc(a, len);
		outcome_norm_name(f->name, norm, len);
		f->norm = norm;
	}
	store_finish(st);
	if (rc < 0)
		return rc;
	if (*n)
		qsort(*out, *n, sizeof **out, cmp_norm);
	return 0;
}

int training_import(struct ledger *l, int64_t id, const struct list_row *rows, size_t n,
		    int dry_run, struct arena *arena, struct list_report *r, struct err *e)
{
	struct firm *firms = NULL;
	size_t nf = 0;
	memset(r, 0, sizeof *r);
	r->dry_run = dry_run;
	int rc = ledger_begin(l, e);
	if (rc)
		return rc;
	rc = check_recorder(l, id, arena, e);
	if (!rc)
		rc = firms_load(l, arena, &firms, &nf, e);
	if (!rc)
		r->lines = arena_alloc(arena, (n ? n : 1) * sizeof *r->lines);
	for (size_t i = 0; !rc && i < n; i++) {
		const struct list_row *row = &rows[i];
		struct list_line *ln = &r->lines[r->n++];
		memset(ln, 0, sizeof *ln);
		ln->row = row->row;
		ln->name = row->name;
		ln->number = row->number;
		r->rows++;
		int64_t ent = 0;
		const char *matched = NULL;
		if (row->uscc && row->uscc[0])
			rc = firm_in_scope(l, row->uscc, arena, &ent, &matched, e);
		if (!rc && !ent && row->name && row->name[0] && nf) {
			size_t len = strlen(row->name) + 1;
			char *norm = arena_alloc(arena, len);
			outcome_norm_name(row->name, norm, len);
			struct firm key = {.norm = norm};
			struct firm *hit = bsearch(&key, firms, nf, sizeof *firms, cmp_norm);
			if (hit) {
				ent = hit->id;
				matched = hit->name;
				ln->by_name = 1;
			}
		}
		if (rc)
			break;
		if (!ent) {
			ln->result = LIST_UNMATCHED;
			r->unmatched++;
			continue;
		}
		/* the matched firm's USCC for the key and the report */
		for (size_t k = 0; k < nf; k++)
			if (firms[k].id == ent)
				memcpy(ln->uscc, firms[k].uscc, sizeof ln->uscc);
		ln->matched = matched;
		int added = 0;
		rc = attend(l, id, ent, ln->uscc, row->number, "import", &added, e);
		if (!rc) {
			ln->result = added ? LIST_CHANGED : LIST_UNCHANGED;
			added ? r->changed++ : r->unchanged++;
		}
	}
	if (rc || dry_run) { /* a dry run keeps its counts, writes nothing */
		struct err ignored;
		ledger_rollback(l, &ignored);
		return rc;
	}
	rc = ledger_commit(l, e);
	r->committed = rc == 0;
	return rc;
}

/* ---- the gaps ------------------------------------------------------------------------- */

int training_never_attended(struct ledger *l, const char *area, struct arena *arena,
			    struct training_gap **items, size_t *n, struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	size_t cap = 0;
	*items = NULL;
	*n = 0;
	int rc = perm_check(&l->scope, CAP_TRAININGS_READ, "无权查看政策培训", e);
	if (rc)
		return rc;
	if (l->scope.role == ROLE_ENTERPRISE) /* a list of other firms */
		return err_set(e, ERR_FORBIDDEN, NULL, "无权查看未参训企业名单");
	strbuf_init(&sql, 512);
	strbuf_adds(&sql, "SELECT t.uscc, t.name, t.area, t.tier FROM enterprises t WHERE "
			  "t.tier IN ('reserve', 'key') AND NOT EXISTS (SELECT 1 FROM "
			  "training_attendance x WHERE x.enterprise_id = t.id) AND ");
	ledger_scope_sql(&l->scope, &sql, "t", 1);
	if (area && area[0])
		strbuf_adds(&sql, " AND t.area = $2");
	strbuf_adds(&sql, " ORDER BY t.area, t.name");
	rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	strbuf_cleanup(&sql);
	if (rc)
		return rc;
	store_bind_int(st, 1, ledger_scope_param(&l->scope));
	store_bind_text(st, 2, area, STORE_NTS);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		*items = ledger_grow(arena, *items, *n, &cap, sizeof **items, 64);
		struct training_gap *g = &(*items)[(*n)++];
		ledger_column_copy(st, 0, g->uscc, sizeof g->uscc);
		g->name = ledger_column_str(st, 1, arena);
		g->area = ledger_column_str(st, 2, arena);
		g->tier = ledger_column_str(st, 3, arena);
	}
	store_finish(st);
	return rc < 0 ? rc : 0;
}
