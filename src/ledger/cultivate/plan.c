/*
 * ledger/cultivate/plan — the stored one-enterprise-one-plan (see plan.h).
 * Owner of the tables plans, plan_tasks, plan_gaps and plan_versions.
 */
#include "ledger/cultivate/plan.h"
#include "ledger/internal.h"
#include "ledger/base/audit.h"
#include "ledger/base/json.h"
#include "ledger/base/perm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/date.h"
#include "core/money.h"
#include "ledger/assess/assessment.h"
#include "rules/plan_report.h"

static const char *const state_names[PLANS_STATE_COUNT] = {"draft", "signed", "active", "done",
							   "abandoned"};
static const char *const state_labels[PLANS_STATE_COUNT] = {"草稿", "已签署", "执行中", "已完成",
							    "已放弃"};
static const char *const status_names[PLANS_TASK_STATUS_COUNT] = {"open", "done", "dropped"};
static const char *const status_labels[PLANS_TASK_STATUS_COUNT] = {"未完成", "已完成", "已取消"};
static const char *const kind_labels[PLAN_KIND_COUNT] = {
	"知识产权", "科技人员", "研发费用", "高新技术收入", "成果转化", "研发组织管理", "等待时限"};

const char *plans_state_name(enum plans_state s)
{
	return ledger_code_at(state_names, PLANS_STATE_COUNT, (int)s);
}

const char *plans_state_label(enum plans_state s)
{
	return ledger_code_at(state_labels, PLANS_STATE_COUNT, (int)s);
}

const char *plans_task_status_name(enum plans_task_status s)
{
	return ledger_code_at(status_names, PLANS_TASK_STATUS_COUNT, (int)s);
}

const char *plans_task_status_label(enum plans_task_status s)
{
	return ledger_code_at(status_labels, PLANS_TASK_STATUS_COUNT, (int)s);
}

const char *plans_kind_label(enum plan_kind k)
{
	return ledger_code_at(kind_labels, PLAN_KIND_COUNT, (int)k);
}

int plans_task_status_parse(const char *s, enum plans_task_status *out, const char *field,
			    struct err *e)
{
	int i = ledger_code_find(status_names, status_labels, PLANS_TASK_STATUS_COUNT, s);
	if (i < 0)
		return err_set(e, ERR_INVALID, field, "未知任务状态：%s", s ? s : "");
	*out = (enum plans_task_status)i;
	return 0;
}

int plans_task_quantity(const struct plan_task *t, struct strbuf *sb)
{
	char buf[11];
	int rc;
	switch (t->kind) {
	case PLAN_IP:
	case PLAN_CONVERSION: return strbuf_addf(sb, "%lld项", (long long)t->count);
	case PLAN_ST_STAFF: rc = count_format(sb, t->count); return rc ? rc : strbuf_adds(sb, "人");
	case PLAN_RD:
	case PLAN_HITECH_INCOME:
		rc = money_format(sb, t->amount, MONEY_GROUP);
		return rc ? rc : strbuf_adds(sb, "元");
	case PLAN_RD_ORG: return strbuf_addf(sb, "第%d项", t->item);
	case PLAN_WAIT:
		return t->until == PROFILE_NO_DATE
			       ? 0
			       : strbuf_addf(sb, "至%s", date_format(t->until, buf));
	default: return 0;
	}
}

struct plans_view *plans_view_new(void)
{
	struct plans_view *v = calloc(1, sizeof *v);
	if (!v)
		abort();
	profile_init(&v->base);
	profile_init(&v->proj);
	return v;
}

void plans_view_free(struct plans_view *v)
{
	if (!v)
		return;
	profile_cleanup(&v->base);
	profile_cleanup(&v->proj);
	free(v);
}

/* ---- reading ---------------------------------------------------------------------------- */

#define ROW_COLS                                                                                   \
	"p.id, p.enterprise_id, p.state, p.target_year, p.made_on, p.apply_year, p.apply_on, "     \
	"p.earliest_year, p.rules, p.version, p.signed_by_id, p.signed_by, p.signed_at, "          \
	"p.reason, p.finished_on, p.created_by, p.created_at, p.updated_at, t.uscc, t.name, "      \
	"t.area FROM plans p JOIN enterprises t ON t.id = p.enterprise_id"

static void read_row(struct store_stmt *st, struct arena *a, struct plans_row *o)
{
	memset(o, 0, sizeof *o);
	o->id = store_column_int(st, 0);
	o->enterprise_id = store_column_int(st, 1);
	const char *s = store_column_text(st, 2, NULL);
	int i = ledger_code_find(state_names, NULL, PLANS_STATE_COUNT, s);
	o->state = i < 0 ? PLANS_ABANDONED : (enum plans_state)i;
	o->target_year = (int)store_column_int_or(st, 3, 0);
	o->made_on = ledger_column_date(st, 4);
	o->apply_year = (int)store_column_int(st, 5);
	o->apply_on = ledger_column_date(st, 6);
	o->earliest_year = (int)store_column_int_or(st, 7, 0);
	ledger_column_copy(st, 8, o->rules, sizeof o->rules);
	o->version = (int)store_column_int(st, 9);
	o->signed_by_id = store_column_int_or(st, 10, 0);
	o->signed_by = ledger_column_str(st, 11, a);
	ledger_column_copy(st, 12, o->signed_at, sizeof o->signed_at);
	o->reason = ledger_column_str(st, 13, a);
	o->finished_on = ledger_column_date(st, 14);
	o->created_by = ledger_column_str(st, 15, a);
	ledger_column_copy(st, 16, o->created_at, sizeof o->created_at);
	ledger_column_copy(st, 17, o->updated_at, sizeof o->updated_at);
	ledger_column_copy(st, 18, o->uscc, sizeof o->uscc);
	o->enterprise_name = ledger_column_str(st, 19, a);
	o->area = ledger_column_str(st, 20, a);
}

int plans_get(struct ledger *l, int64_t id, struct arena *arena, struct plans_row *out,
	      struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	strbuf_init(&sql, 2048);
	strbuf_adds(&sql, "SELECT " ROW_COLS " WHERE p.id = $1 AND ");
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
		rc = err_set(e, ERR_NOT_FOUND, "id", "方案不存在");
	}
out:
	store_finish(st);
	strbuf_cleanup(&sql);
	return rc;
}

int plans_list(struct ledger *l, const char *uscc, struct arena *arena, struct plans_row **items,
	       size_t *n, struct err *e)
{
	struct store_stmt *st = NULL;
	int64_t eid = 0;
	size_t cap = 0;
	*items = NULL;
	*n = 0;
	int rc = ledger_enterprise_id(l, uscc, &eid, e);
	if (rc)
		return rc;
	rc = store_prepare(
		l->db, "SELECT " ROW_COLS " WHERE p.enterprise_id = $1 ORDER BY p.id DESC", &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, eid);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		*items = ledger_grow(arena, *items, *n, &cap, sizeof **items, 8);
		read_row(st, arena, &(*items)[(*n)++]);
	}
	store_finish(st);
	return rc < 0 ? rc : 0;
}

/* The open plan of enterprise EID: 1 and its id and state, 0 when none. */
static int open_plan(struct ledger *l, int64_t eid, int64_t *id, enum plans_state *state,
		     struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = store_prepare(l->db,
			       "SELECT id, state FROM plans WHERE enterprise_id = $1 AND state IN "
			       "('draft', 'signed', 'active')",
			       &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, eid);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		*id = store_column_int(st, 0);
		int i = ledger_code_find(state_names, NULL, PLANS_STATE_COUNT,
					 store_column_text(st, 1, NULL));
		*state = i < 0 ? PLANS_DRAFT : (enum plans_state)i;
		rc = 1;
	} else if (rc == STORE_DONE) {
		rc = 0;
	}
	store_finish(st);
	return rc;
}

int plans_current(struct ledger *l, const char *uscc, int64_t *id, struct err *e)
{
	int64_t eid = 0;
	enum plans_state s;
	int rc = ledger_enterprise_id(l, uscc, &eid, e);
	return rc ? rc : open_plan(l, eid, id, &s, e);
}

#define TASK_COLS                                                                                  \
	"k.n, k.kind, k.closes, k.ip_kind, k.count, k.amount, k.year, k.hire, k.reclassify, "      \
	"k.item, k.granted_on, k.until, k.due, k.owner_id, u.display_name, k.status, k.evidence, " \
	"k.done_on, k.plan_id"
#define TASK_NCOLS 19

static enum gaps_id gap_parse(const char *s)
{
	for (int i = 0; s && i < GAPS_COUNT; i++)
		if (!strcmp(s, gaps_id_name((enum gaps_id)i)))
			return (enum gaps_id)i;
	return PLAN_NO_GAP;
}

static void read_task(struct store_stmt *st, struct arena *a, struct plans_task *o)
{
	memset(o, 0, sizeof *o);
	o->n = (int)store_column_int(st, 0);
	int k = plan_kind_parse(store_column_text(st, 1, NULL));
	o->t.kind = k < 0 ? PLAN_WAIT : (enum plan_kind)k;
	o->t.closes = gap_parse(store_column_text(st, 2, NULL));
	int ik = profile_ip_kind_parse(store_column_text(st, 3, NULL));
	o->t.ip_kind = ik < 0 ? (enum profile_ip_kind)0 : (enum profile_ip_kind)ik;
	o->t.count = store_column_int_or(st, 4, 0);
	o->t.amount = store_column_int_or(st, 5, 0);
	o->t.year = (int32_t)store_column_int_or(st, 6, 0);
	o->t.hire = (int)store_column_int_or(st, 7, 0);
	o->t.reclassify = (int)store_column_int_or(st, 8, 0);
	o->t.item = (int)store_column_int_or(st, 9, 0);
	o->t.granted_on = ledger_column_date(st, 10);
	o->t.until = ledger_column_date(st, 11);
	o->t.due = ledger_column_date(st, 12);
	o->owner_id = store_column_int_or(st, 13, LEDGER_NONE);
	o->owner_name = ledger_column_str(st, 14, a);
	int s = ledger_code_find(status_names, NULL, PLANS_TASK_STATUS_COUNT,
				 store_column_text(st, 15, NULL));
	o->status = s < 0 ? PLANS_TASK_OPEN : (enum plans_task_status)s;
	o->evidence = ledger_column_str(st, 16, a);
	o->done_on = ledger_column_date(st, 17);
	o->plan_id = store_column_int(st, 18);
}

static int load_tasks(struct ledger *l, int64_t id, struct arena *arena, struct plans_task **items,
		      size_t *n, struct err *e)
{
	struct store_stmt *st = NULL;
	size_t cap = 0;
	*items = NULL;
	*n = 0;
	int rc = store_prepare(l->db,
			       "SELECT " TASK_COLS " FROM plan_tasks k LEFT JOIN users u ON "
			       "u.id = k.owner_id WHERE k.plan_id = $1 ORDER BY k.n",
			       &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, id);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		*items = ledger_grow(arena, *items, *n, &cap, sizeof **items, 16);
		read_task(st, arena, &(*items)[(*n)++]);
	}
	store_finish(st);
	return rc < 0 ? rc : 0;
}

/* "field:year,…" back into the missing data of G. */
static void missing_parse(const char *s, struct plan_gap *g)
{
	while (s && *s && g->n_missing < PLAN_GAP_MISSING) {
		char *end;
		long f = strtol(s, &end, 10);
		if (*end != ':')
			return;
		long y = strtol(end + 1, &end, 10);
		g->missing[g->n_missing].field = (uint16_t)f;
		g->missing[g->n_missing].year = (int16_t)y;
		g->n_missing++;
		s = *end == ',' ? end + 1 : end;
	}
}

static int load_gaps(struct ledger *l, int64_t id, struct plan *pl, struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = store_prepare(l->db,
			       "SELECT gap, why, year, on_date, value, missing FROM plan_gaps "
			       "WHERE plan_id = $1 ORDER BY n",
			       &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, id);
	pl->n_unclosable = 0;
	while ((rc = store_step(st, e)) == STORE_ROW && pl->n_unclosable < PLAN_MAX_UNCLOSABLE) {
		struct plan_gap *g = &pl->unclosable[pl->n_unclosable++];
		memset(g, 0, sizeof *g);
		g->gap = gap_parse(store_column_text(st, 0, NULL));
		const char *why = store_column_text(st, 1, NULL);
		g->why = PLAN_WHY_NO_PROGRESS;
		for (int w = 0; why && w < PLAN_WHY_COUNT; w++)
			if (!strcmp(why, plan_why_name((enum plan_why)w)))
				g->why = (enum plan_why)w;
		g->year = (int)store_column_int_or(st, 2, 0);
		g->on = ledger_column_date(st, 3);
		g->value = (int)store_column_int(st, 4);
		missing_parse(store_column_text(st, 5, NULL), g);
	}
	store_finish(st);
	return rc < 0 ? rc : 0;
}

/* The rule set of plan ROW: its application year's, else the one it was made with. */
static const struct ruleset *row_rules(const struct plans_row *row)
{
	const struct ruleset *rs = ruleset_for_year(row->apply_year);
	return rs ? rs : ruleset_find(row->rules);
}

int plans_view_load(struct ledger *l, int64_t id, struct arena *arena, struct plans_view *v,
		    struct err *e)
{
	int rc = plans_get(l, id, arena, &v->row, e);
	if (!rc)
		rc = load_tasks(l, id, arena, &v->tasks, &v->n_tasks, e);
	if (rc)
		return rc;
	const struct ruleset *rs = row_rules(&v->row);
	if (!rs)
		return err_set(e, ERR_INVALID, "apply_on", "没有适用于%d年的规则",
			       v->row.apply_year);
	plan_init(&v->plan, v->row.made_on, v->row.apply_on);
	v->plan.earliest_year = v->row.earliest_year;
	for (size_t i = 0; !rc && i < v->n_tasks; i++) {
		if (v->tasks[i].status != PLANS_TASK_OPEN) /* done: in the data (plan.h) */
			continue;
		rc = plan_add(&v->plan, &v->tasks[i].t, e);
		v->plan.effort_months += plan_task_effort(rs, &v->tasks[i].t);
	}
	if (!rc)
		rc = load_gaps(l, id, &v->plan, e);
	if (!rc)
		rc = assessment_profile(l, v->row.uscc, v->row.apply_on, &v->base, e);
	if (!rc)
		rc = plan_project(&v->base, &v->plan, &v->proj, e);
	if (!rc && !ledger_fields())
		rc = err_set(e, ERR_INTERNAL, NULL, "内部错误：技术领域表无法载入");
	if (!rc)
		rc = assess_run(rs, ledger_fields(), &v->proj, &v->res, e);
	if (!rc)
		v->closes = v->plan.n_unclosable == 0 && plan_closes(&v->plan, &v->res);
	return rc;
}

/* ---- audit images ------------------------------------------------------------------------- */

static char *row_image(const struct plans_row *r, size_t n_tasks)
{
	struct ledger_jobj o;
	ledger_jobj_init(&o);
	ledger_jobj_str(&o, "state", plans_state_name(r->state));
	ledger_jobj_int(&o, "target_year", r->target_year ? r->target_year : LEDGER_NONE);
	ledger_jobj_date(&o, "made_on", r->made_on);
	ledger_jobj_int(&o, "apply_year", r->apply_year);
	ledger_jobj_date(&o, "apply_on", r->apply_on);
	ledger_jobj_int(&o, "earliest_year", r->earliest_year ? r->earliest_year : LEDGER_NONE);
	ledger_jobj_str(&o, "rules", r->rules);
	ledger_jobj_int(&o, "version", r->version);
	ledger_jobj_str(&o, "signed_by", r->signed_by);
	ledger_jobj_str(&o, "reason", r->reason);
	ledger_jobj_date(&o, "finished_on", r->finished_on);
	if (n_tasks != (size_t)-1)
		ledger_jobj_int(&o, "tasks", (int64_t)n_tasks);
	return ledger_jobj_take(&o);
}

static void task_json(json_t *o, const struct plans_task *k)
{
	const struct plan_task *t = &k->t;
	ledger_json_int(o, "n", k->n);
	ledger_json_str(o, "kind", plan_kind_name(t->kind));
	ledger_json_str(o, "closes", t->closes < GAPS_COUNT ? gaps_id_name(t->closes) : NULL);
	switch (t->kind) {
	case PLAN_IP:
		ledger_json_str(o, "ip_kind", profile_ip_kind_name(t->ip_kind));
		ledger_json_int(o, "count", t->count);
		ledger_json_date(o, "granted_on", t->granted_on);
		break;
	case PLAN_ST_STAFF:
		ledger_json_int(o, "count", t->count);
		ledger_json_int(o, "year", t->year);
		ledger_json_bool(o, "hire", t->hire);
		break;
	case PLAN_RD:
	case PLAN_HITECH_INCOME:
		ledger_json_int(o, "amount", t->amount);
		ledger_json_int(o, "year", t->year);
		if (t->kind == PLAN_HITECH_INCOME)
			ledger_json_bool(o, "reclassify", t->reclassify);
		break;
	case PLAN_CONVERSION:
		ledger_json_int(o, "count", t->count);
		ledger_json_int(o, "year", t->year);
		break;
	case PLAN_RD_ORG: ledger_json_int(o, "item", t->item); break;
	case PLAN_WAIT: ledger_json_date(o, "until", t->until); break;
	default: break;
	}
	ledger_json_date(o, "due", t->due);
	ledger_json_int(o, "owner_id", k->owner_id);
	ledger_json_str(o, "owner", k->owner_name);
	ledger_json_str(o, "status", plans_task_status_name(k->status));
	ledger_json_str(o, "evidence", k->evidence);
	ledger_json_date(o, "done_on", k->done_on);
}

static char *task_image(const struct plans_task *k)
{
	json_t *o = json_object();
	if (!o)
		abort();
	task_json(o, k);
	return ledger_json_take(o);
}

/* ---- writing ------------------------------------------------------------------------------ */

static int touch(struct ledger *l, int64_t id, struct err *e)
{
	struct store_stmt *st = NULL;
	char now[21];
	int rc = store_prepare(l->db, "UPDATE plans SET updated_at = $1 WHERE id = $2", &st, e);
	if (rc)
		return rc;
	store_bind_text(st, 1, ledger_now(now), STORE_NTS);
	store_bind_int(st, 2, id);
	rc = store_run(st, e);
	store_finish(st);
	return rc;
}

/* Insert task K of plan ID. */
static int insert_task(struct ledger *l, int64_t id, const struct plans_task *k, struct err *e)
{
	struct store_stmt *st = NULL;
	const struct plan_task *t = &k->t;
	int rc = store_prepare(
		l->db,
		"INSERT INTO plan_tasks (plan_id, n, kind, closes, ip_kind, count, "
		"amount, year, hire, reclassify, item, granted_on, until, due, "
		"owner_id, status, evidence, done_on) VALUES ($1, $2, $3, $4, $5, $6, "
		"$7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
		&st, e);
	if (rc)
		return rc;
	int has_count =
		t->kind == PLAN_IP || t->kind == PLAN_ST_STAFF || t->kind == PLAN_CONVERSION;
	int has_amount = t->kind == PLAN_RD || t->kind == PLAN_HITECH_INCOME;
	int has_year = has_amount || t->kind == PLAN_ST_STAFF || t->kind == PLAN_CONVERSION;
	store_bind_int(st, 1, id);
	store_bind_int(st, 2, k->n);
	store_bind_text(st, 3, plan_kind_name(t->kind), STORE_NTS);
	store_bind_text(st, 4, t->closes < GAPS_COUNT ? gaps_id_name(t->closes) : NULL, STORE_NTS);
	store_bind_text(st, 5, t->kind == PLAN_IP ? profile_ip_kind_name(t->ip_kind) : NULL,
			STORE_NTS);
	store_bind_int_or_null(st, 6, has_count ? t->count : LEDGER_NONE, LEDGER_NONE);
	store_bind_int_or_null(st, 7, has_amount ? t->amount : LEDGER_NONE, LEDGER_NONE);
	store_bind_int_or_null(st, 8, has_year ? t->year : LEDGER_NONE, LEDGER_NONE);
	store_bind_int_or_null(st, 9, t->kind == PLAN_ST_STAFF ? t->hire : LEDGER_NONE,
			       LEDGER_NONE);
	store_bind_int_or_null(st, 10, t->kind == PLAN_HITECH_INCOME ? t->reclassify : LEDGER_NONE,
			       LEDGER_NONE);
	store_bind_int_or_null(st, 11, t->kind == PLAN_RD_ORG ? t->item : LEDGER_NONE, LEDGER_NONE);
	ledger_bind_date(st, 12, t->kind == PLAN_IP ? t->granted_on : LEDGER_NO_DATE);
	ledger_bind_date(st, 13, t->kind == PLAN_WAIT ? t->until : LEDGER_NO_DATE);
	ledger_bind_date(st, 14, t->due);
	store_bind_int_or_null(st, 15, k->owner_id, LEDGER_NONE);
	store_bind_text(st, 16, plans_task_status_name(k->status), STORE_NTS);
	store_bind_text(st, 17, k->evidence && k->evidence[0] ? k->evidence : NULL, STORE_NTS);
	ledger_bind_date(st, 18, k->done_on);
	rc = store_run(st, e);
	store_finish(st);
	return rc;
}

static int insert_gap(struct ledger *l, int64_t id, int n, const struct plan_gap *g, struct err *e)
{
	struct store_stmt *st = NULL;
	struct strbuf missing;
	strbuf_init(&missing, 128);
	for (size_t i = 0; i < g->n_missing; i++)
		strbuf_addf(&missing, "%s%u:%d", i ? "," : "", (unsigned)g->missing[i].field,
			    (int)g->missing[i].year);
	int rc = store_prepare(l->db,
			       "INSERT INTO plan_gaps (plan_id, n, gap, why, year, on_date, value, "
			       "missing) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
			       &st, e);
	if (!rc) {
		store_bind_int(st, 1, id);
		store_bind_int(st, 2, n);
		store_bind_text(st, 3, gaps_id_name(g->gap), STORE_NTS);
		store_bind_text(st, 4, plan_why_name(g->why), STORE_NTS);
		store_bind_int_or_null(st, 5, g->year, 0);
		ledger_bind_date(st, 6, g->on);
		store_bind_int(st, 7, g->value);
		store_bind_text(st, 8, strbuf_cstr(&missing), STORE_NTS);
		rc = store_run(st, e);
	}
	store_finish(st);
	strbuf_cleanup(&missing);
	return rc;
}

/* Delete the draft ID of USCC (audited). */
static int delete_draft(struct ledger *l, int64_t id, struct err *e)
{
	struct arena *tmp = arena_new();
	struct plans_row r;
	struct store_stmt *st = NULL;
	char key[48], *before = NULL;
	int rc = plans_get(l, id, tmp, &r, e);
	if (!rc)
		rc = store_prepare(l->db, "DELETE FROM plans WHERE id = $1", &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, id);
	rc = store_run(st, e);
	if (rc)
		goto out;
	before = row_image(&r, (size_t)-1);
	ledger_row_key(r.uscc, id, key);
	rc = audit_record(l, "delete", "plans", key, before, NULL, e);
out:
	store_finish(st);
	free(before);
	arena_free(tmp);
	return rc;
}

/* Store the generated plan PL (rule set RULES) of USCC (EID) as a draft; its id into *ID. */
static int insert_plan(struct ledger *l, int64_t eid, const char *uscc, int target_year,
		       const struct plan *pl, const char *rules, int64_t *id, struct err *e)
{
	struct store_stmt *st = NULL;
	char now[21], key[48], *after = NULL;
	int rc = store_prepare(
		l->db,
		"INSERT INTO plans (enterprise_id, state, target_year, made_on, "
		"apply_year, apply_on, earliest_year, rules, created_by, created_at, "
		"updated_at) VALUES ($1, 'draft', $2, $3, $4, $5, $6, $7, $8, $9, $9) "
		"RETURNING id",
		&st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, eid);
	store_bind_int_or_null(st, 2, target_year, 0);
	ledger_bind_date(st, 3, pl->made_on);
	store_bind_int(st, 4, pl->apply_year);
	ledger_bind_date(st, 5, pl->apply_on);
	store_bind_int_or_null(st, 6, pl->earliest_year, 0);
	store_bind_text(st, 7, rules, STORE_NTS);
	store_bind_text(st, 8, l->scope.user_name, STORE_NTS);
	store_bind_text(st, 9, ledger_now(now), STORE_NTS);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		*id = store_column_int(st, 0);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = err_set(e, ERR_DB, NULL, "数据库错误");
	}
	store_finish(st);
	for (size_t i = 0; !rc && i < pl->n_tasks; i++) {
		struct plans_task k;
		memset(&k, 0, sizeof k);
		k.n = (int)i + 1;
		k.t = pl->tasks[i];
		k.owner_id = LEDGER_NONE;
		k.status = PLANS_TASK_OPEN;
		k.done_on = LEDGER_NO_DATE;
		rc = insert_task(l, *id, &k, e);
	}
	for (size_t i = 0; !rc && i < pl->n_unclosable; i++)
		rc = insert_gap(l, *id, (int)i + 1, &pl->unclosable[i], e);
	if (rc)
		return rc;
	struct plans_row r;
	memset(&r, 0, sizeof r);
	r.state = PLANS_DRAFT;
	r.target_year = target_year;
	r.made_on = pl->made_on;
	r.apply_year = pl->apply_year;
	r.apply_on = pl->apply_on;
	r.earliest_year = pl->earliest_year;
	snprintf(r.rules, sizeof r.rules, "%s", rules);
	r.finished_on = LEDGER_NO_DATE;
	after = row_image(&r, pl->n_tasks);
	ledger_row_key(uscc, *id, key);
	rc = audit_record(l, "create", "plans", key, NULL, after, e);
	free(after);
	return rc;
}

int plans_generate(struct ledger *l, const char *uscc, int target_year, int64_t *id, struct err *e)
{
	struct plans_view *w = plans_view_new(); /* a work area: the profiles and result */
	int64_t eid = 0, old = 0;
	enum plans_state state = PLANS_DRAFT;
	char norm[19];
	int begun = 0;
	int rc = ledger_write_begin(l, e);
	if (rc)
		goto out;
	begun = 1;
	ledger_norm_uscc(uscc, norm);
	rc = ledger_enterprise_id(l, uscc, &eid, e);
	if (!rc)
		rc = perm_check(&l->scope, CAP_CASEWORK_WRITE, "无权编制方案", e);
	if (!rc)
		rc = open_plan(l, eid, &old, &state, e);
	if (rc == 1 && state != PLANS_DRAFT)
		rc = err_set(e, ERR_CONFLICT, "state",
			     "该企业已有%s的方案，请先完成或放弃后再生成新方案",
			     plans_state_label(state));
	else if (rc == 1)
		rc = delete_draft(l, old, e);
	if (!rc)
		rc = assessment_profile(l, uscc, LEDGER_NO_DATE, &w->base, e);
	if (!rc && !ledger_fields())
		rc = err_set(e, ERR_INTERNAL, NULL, "内部错误：技术领域表无法载入");
	if (!rc)
		rc = plan_generate(NULL, ledger_fields(), &w->base, target_year, &w->plan, &w->proj,
				   &w->res, e);
	if (!rc)
		rc = insert_plan(l, eid, norm, target_year, &w->plan, w->res.rules->name, id, e);
out:
	if (begun)
		rc = ledger_write_end(l, rc, e);
	plans_view_free(w);
	return rc;
}

/* The plan ID for a write: read in scope, the capability, an unfinished state. */
static int writable(struct ledger *l, int64_t id, struct arena *a, struct plans_row *r,
		    struct err *e)
{
	int rc = plans_get(l, id, a, r, e);
	if (!rc)
		rc = perm_check(&l->scope, CAP_CASEWORK_WRITE, "无权修改方案", e);
	if (!rc && (r->state == PLANS_DONE || r->state == PLANS_ABANDONED))
		rc = err_set(e, ERR_CONFLICT, "state", "方案%s，不能再修改",
			     plans_state_label(r->state));
	return rc;
}

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

static int update_task(struct ledger *l, int64_t id, const struct plans_task *k, struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = store_prepare(l->db,
			       "UPDATE plan_tasks SET due = $1, owner_id = $2, status = $3, "
			       "evidence = $4, done_on = $5 WHERE plan_id = $6 AND n = $7",
			       &st, e);
	if (rc)
		return rc;
	ledger_bind_date(st, 1, k->t.due);
	store_bind_int_or_null(st, 2, k->owner_id, LEDGER_NONE);
	store_bind_text(st, 3, plans_task_status_name(k->status), STORE_NTS);
	store_bind_text(st, 4, k->evidence && k->evidence[0] ? k->evidence : NULL, STORE_NTS);
	ledger_bind_date(st, 5, k->done_on);
	store_bind_int(st, 6, id);
	store_bind_int(st, 7, k->n);
	rc = store_run(st, e);
	store_finish(st);
	return rc;
}

int plans_task_patch(struct ledger *l, int64_t id, int n, const struct plans_task_patch *p,
		     struct err *e)
{
	struct arena *tmp = arena_new();
	struct plans_row r;
	struct plans_task *tasks = NULL, *k = NULL, old;
	size_t nt = 0;
	char key[64], *before = NULL, *after = NULL;
	int begun = 0;
	int rc = ledger_write_begin(l, e);
	if (rc)
		goto out;
	begun = 1;
	rc = writable(l, id, tmp, &r, e);
	if (!rc)
		rc = load_tasks(l, id, tmp, &tasks, &nt, e);
	if (rc)
		goto out;
	for (size_t i = 0; i < nt; i++)
		if (tasks[i].n == n)
			k = &tasks[i];
	if (!k) {
		rc = err_set(e, ERR_NOT_FOUND, "n", "任务不存在");
		goto out;
	}
	old = *k;
	if (p->set_owner)
		k->owner_id = p->owner_id;
	if (p->set_due)
		k->t.due = p->due;
	if (p->set_status)
		k->status = p->status;
	if (p->set_evidence)
		k->evidence = p->evidence;
	if (p->set_done_on)
		k->done_on = p->done_on;
	if ((unsigned)k->status >= PLANS_TASK_STATUS_COUNT)
		rc = err_set(e, ERR_INVALID, "status", "任务状态无效");
	else if (k->t.due == LEDGER_NO_DATE)
		rc = err_set(e, ERR_INVALID, "due", "完成期限不能为空");
	else if (k->evidence && strlen(k->evidence) > 2000)
		rc = err_set(e, ERR_INVALID, "evidence", "完成佐证过长（最多2000字节）");
	else if (k->owner_id != old.owner_id)
		rc = check_owner(l, k->owner_id, e);
	if (rc)
		goto out;
	if (k->status != PLANS_TASK_DONE)
		k->done_on = LEDGER_NO_DATE;
	else if (k->done_on == LEDGER_NO_DATE)
		k->done_on = date_today();
	k->owner_name = NULL; /* images compare the owner by id */
	old.owner_name = NULL;
	before = task_image(&old);
	after = task_image(k);
	if (!strcmp(before, after))
		goto out; /* nothing changed: no write, no audit */
	rc = update_task(l, id, k, e);
	if (!rc)
		rc = touch(l, id, e);
	if (rc)
		goto out;
	snprintf(key, sizeof key, "%s/%lld/%d", r.uscc, (long long)id, n);
	rc = audit_record(l, "update", "plan_tasks", key, before, after, e);
out:
	free(before);
	free(after);
	if (begun)
		rc = ledger_write_end(l, rc, e);
	arena_free(tmp);
	return rc;
}

/* Check task T as the projection would (the member named without "tasks[0]."). */
static int check_new_task(const struct plans_row *r, const struct plan_task *t, struct err *e)
{
	struct plan *pl = calloc(1, sizeof *pl);
	struct profile p, out;
	struct err e2;
	if (!pl)
		abort();
	err_clear(&e2);
	profile_init(&p);
	profile_init(&out);
	plan_init(pl, r->made_on, r->apply_on);
	int rc = plan_add(pl, t, &e2);
	if (!rc)
		rc = plan_project(&p, pl, &out, &e2);
	if (rc) {
		const char *field = strchr(e2.field, '.'), *msg = strstr(e2.msg, "：");
		err_set(e, rc, field ? field + 1 : e2.field, "%s",
			msg ? msg + strlen("：") : e2.msg);
	}
	profile_cleanup(&p);
	profile_cleanup(&out);
	free(pl);
	return rc;
}

int plans_task_add(struct ledger *l, int64_t id, const struct plan_task *t, int64_t owner_id,
		   int *n, struct err *e)
{
	struct arena *tmp = arena_new();
	struct plans_row r;
	struct plans_task *tasks = NULL, k;
	size_t nt = 0;
	char key[64], *after = NULL;
	int begun = 0;
	int rc = ledger_write_begin(l, e);
	if (rc)
		goto out;
	begun = 1;
	rc = writable(l, id, tmp, &r, e);
	if (!rc)
		rc = load_tasks(l, id, tmp, &tasks, &nt, e);
	if (!rc && nt >= PLAN_MAX_TASKS)
		rc = err_set(e, ERR_TOO_BIG, "tasks", "方案任务最多%d项", PLAN_MAX_TASKS);
	if (!rc)
		rc = check_new_task(&r, t, e);
	if (!rc)
		rc = check_owner(l, owner_id, e);
	if (rc)
		goto out;
	memset(&k, 0, sizeof k);
	k.n = nt ? tasks[nt - 1].n + 1 : 1;
	k.t = *t;
	k.t.closes = PLAN_NO_GAP;
	if (k.t.due == LEDGER_NO_DATE) {
		const struct ruleset *rs = row_rules(&r);
		k.t.due = rs ? plan_due(rs, r.apply_on, &k.t) : r.apply_on;
	}
	k.owner_id = owner_id;
	k.status = PLANS_TASK_OPEN;
	k.done_on = LEDGER_NO_DATE;
	rc = insert_task(l, id, &k, e);
	if (!rc)
		rc = touch(l, id, e);
	if (rc)
		goto out;
	*n = k.n;
	after = task_image(&k);
	snprintf(key, sizeof key, "%s/%lld/%d", r.uscc, (long long)id, k.n);
	rc = audit_record(l, "create", "plan_tasks", key, NULL, after, e);
out:
	free(after);
	if (begun)
		rc = ledger_write_end(l, rc, e);
	arena_free(tmp);
	return rc;
}

/* Move plan R to state TO (with REASON, FINISHED_ON), audited. */
static int set_state(struct ledger *l, const struct plans_row *r, enum plans_state to,
		     const char *reason, int32_t finished_on, struct err *e)
{
	struct store_stmt *st = NULL;
	struct plans_row v = *r;
	char now[21], key[48], *before = NULL, *after = NULL;
	v.state = to;
	v.reason = reason;
	v.finished_on = finished_on;
	int rc = store_prepare(l->db,
			       "UPDATE plans SET state = $1, reason = $2, finished_on = $3, "
			       "updated_at = $4 WHERE id = $5",
			       &st, e);
	if (rc)
		return rc;
	store_bind_text(st, 1, plans_state_name(to), STORE_NTS);
	store_bind_text(st, 2, reason, STORE_NTS);
	ledger_bind_date(st, 3, finished_on);
	store_bind_text(st, 4, ledger_now(now), STORE_NTS);
	store_bind_int(st, 5, r->id);
	rc = store_run(st, e);
	store_finish(st);
	if (rc)
		return rc;
	before = row_image(r, (size_t)-1);
	after = row_image(&v, (size_t)-1);
	ledger_row_key(r->uscc, r->id, key);
	rc = audit_record(l, "update", "plans", key, before, after, e);
	free(before);
	free(after);
	return rc;
}

int plans_activate(struct ledger *l, int64_t id, struct err *e)
{
	struct arena *tmp = arena_new();
	struct plans_row r;
	int rc = ledger_write_begin(l, e);
	if (rc) {
		arena_free(tmp);
		return rc;
	}
	rc = writable(l, id, tmp, &r, e);
	if (!rc && r.state != PLANS_SIGNED)
		rc = err_set(e, ERR_CONFLICT, "state", "只有已签署的方案可以启动（现为%s）",
			     plans_state_label(r.state));
	if (!rc)
		rc = set_state(l, &r, PLANS_ACTIVE, NULL, LEDGER_NO_DATE, e);
	rc = ledger_write_end(l, rc, e);
	arena_free(tmp);
	return rc;
}

int plans_finish(struct ledger *l, int64_t id, int done, const char *reason, struct err *e)
{
	struct arena *tmp = arena_new();
	struct plans_row r;
	int rc = ledger_write_begin(l, e);
	if (rc) {
		arena_free(tmp);
		return rc;
	}
	rc = writable(l, id, tmp, &r, e);
	if (!rc && done && r.state != PLANS_ACTIVE)
		rc = err_set(e, ERR_CONFLICT, "state", "只有执行中的方案可以完成（现为%s）",
			     plans_state_label(r.state));
	if (!rc && !done && (!reason || !reason[0]))
		rc = err_set(e, ERR_INVALID, "reason", "请填写放弃方案的原因");
	if (!rc && !done && strlen(reason) > 1000)
		rc = err_set(e, ERR_INVALID, "reason", "放弃原因过长（最多1000字节）");
	if (!rc)
		rc = set_state(l, &r, done ? PLANS_DONE : PLANS_ABANDONED, done ? NULL : reason,
			       date_today(), e);
	rc = ledger_write_end(l, rc, e);
	arena_free(tmp);
	return rc;
}

/* 1 when user USER is assigned to enterprise EID. */
static int assigned(struct ledger *l, int64_t user, int64_t eid, int *yes, struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = store_prepare(l->db,
			       "SELECT 1 FROM expert_assignments WHERE user_id = $1 AND "
			       "enterprise_id = $2",
			       &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, user);
	store_bind_int(st, 2, eid);
	rc = store_step(st, e);
	store_finish(st);
	*yes = rc == STORE_ROW;
	return rc < 0 ? rc : 0;
}

static char *tasks_text(const struct plans_view *v)
{
	json_t *a = json_array();
	if (!a)
		abort();
	for (size_t i = 0; i < v->n_tasks; i++) {
		json_t *o = json_object();
		if (!o)
			abort();
		task_json(o, &v->tasks[i]);
		json_array_append_new(a, o);
	}
	char *s = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	if (!s)
		abort();
	return s;
}

static int insert_version(struct ledger *l, const struct plans_view *v, int version,
			  const char *plan_json, const char *tasks_json, const char *now,
			  struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = store_prepare(
		l->db,
		"INSERT INTO plan_versions (plan_id, version, signed_by_id, "
		"signed_by, signed_at, plan_json, tasks_json) VALUES ($1, $2, $3, $4, "
		"$5, $6, $7)",
		&st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, v->row.id);
	store_bind_int(st, 2, version);
	store_bind_int_or_null(st, 3, l->scope.user_id, 0);
	store_bind_text(st, 4, l->scope.user_name, STORE_NTS);
	store_bind_text(st, 5, now, STORE_NTS);
	store_bind_text(st, 6, plan_json, STORE_NTS);
	store_bind_text(st, 7, tasks_json, STORE_NTS);
	rc = store_run(st, e);
	store_finish(st);
	if (rc)
		return rc;
	st = NULL;
	rc = store_prepare(l->db,
			   "UPDATE plans SET version = $1, signed_by_id = $2, signed_by = $3, "
			   "signed_at = $4, state = $5, updated_at = $4 WHERE id = $6",
			   &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, version);
	store_bind_int_or_null(st, 2, l->scope.user_id, 0);
	store_bind_text(st, 3, l->scope.user_name, STORE_NTS);
	store_bind_text(st, 4, now, STORE_NTS);
	store_bind_text(st, 5,
			plans_state_name(v->row.state == PLANS_DRAFT ? PLANS_SIGNED : v->row.state),
			STORE_NTS);
	store_bind_int(st, 6, v->row.id);
	rc = store_run(st, e);
	store_finish(st);
	return rc;
}

int plans_sign(struct ledger *l, int64_t id, plans_render_fn render, struct err *e)
{
	struct arena *tmp = arena_new();
	struct plans_view *v = plans_view_new();
	struct strbuf json;
	char now[21], key[48], *tasks = NULL, *before = NULL, *after = NULL;
	int begun = 0, yes = 0;
	strbuf_init(&json, 0);
	int rc = ledger_write_begin(l, e);
	if (rc)
		goto out;
	begun = 1;
	rc = plans_get(l, id, tmp, &v->row, e);
	if (!rc)
		rc = perm_check(&l->scope, CAP_PLANS_SIGN, "只有指派给该企业的专家可以签署方案", e);
	if (!rc)
		rc = assigned(l, l->scope.user_id, v->row.enterprise_id, &yes, e);
	if (!rc && !yes)
		rc = err_set(e, ERR_FORBIDDEN, NULL, "只有指派给该企业的专家可以签署方案");
	if (!rc && (v->row.state == PLANS_DONE || v->row.state == PLANS_ABANDONED))
		rc = err_set(e, ERR_CONFLICT, "state", "方案%s，不能签署",
			     plans_state_label(v->row.state));
	if (!rc)
		rc = plans_view_load(l, id, tmp, v, e);
	if (!rc)
		rc = render(&v->plan, &v->base, &v->proj, &v->res, &json);
	if (rc) {
		if (e && !e->msg[0])
			err_set(e, rc, NULL, "方案内容无法生成");
		goto out;
	}
	tasks = tasks_text(v);
	ledger_now(now);
	rc = insert_version(l, v, v->row.version + 1, strbuf_cstr(&json), tasks, now, e);
	if (rc)
		goto out;
	struct plans_row r = v->row;
	r.version = v->row.version + 1;
	r.signed_by = l->scope.user_name;
	if (r.state == PLANS_DRAFT)
		r.state = PLANS_SIGNED;
	before = row_image(&v->row, (size_t)-1);
	after = row_image(&r, (size_t)-1);
	ledger_row_key(v->row.uscc, id, key);
	rc = audit_record(l, "sign", "plans", key, before, after, e);
out:
	free(tasks);
	free(before);
	free(after);
	strbuf_cleanup(&json);
	if (begun)
		rc = ledger_write_end(l, rc, e);
	plans_view_free(v);
	arena_free(tmp);
	return rc;
}

/* ---- versions ----------------------------------------------------------------------------- */

int plans_versions(struct ledger *l, int64_t id, struct arena *arena, struct plans_version **items,
		   size_t *n, struct err *e)
{
	struct plans_row r;
	struct store_stmt *st = NULL;
	size_t cap = 0;
	*items = NULL;
	*n = 0;
	int rc = plans_get(l, id, arena, &r, e);
	if (!rc)
		rc = store_prepare(l->db,
				   "SELECT version, signed_by, signed_at FROM plan_versions WHERE "
				   "plan_id = $1 ORDER BY version",
				   &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, id);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		*items = ledger_grow(arena, *items, *n, &cap, sizeof **items, 4);
		struct plans_version *x = &(*items)[(*n)++];
		x->version = (int)store_column_int(st, 0);
		x->signed_by = ledger_column_str(st, 1, arena);
		ledger_column_copy(st, 2, x->signed_at, sizeof x->signed_at);
	}
	store_finish(st);
	return rc < 0 ? rc : 0;
}

int plans_version_get(struct ledger *l, int64_t id, int version, struct arena *arena,
		      struct plans_version *out, struct err *e)
{
	struct plans_row r;
	struct store_stmt *st = NULL;
	int rc = plans_get(l, id, arena, &r, e);
	if (!rc)
		rc = store_prepare(
			l->db,
			"SELECT version, signed_by, signed_at, plan_json, tasks_json FROM "
			"plan_versions WHERE plan_id = $1 AND version = $2",
			&st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, id);
	store_bind_int(st, 2, version);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		memset(out, 0, sizeof *out);
		out->version = (int)store_column_int(st, 0);
		out->signed_by = ledger_column_str(st, 1, arena);
		ledger_column_copy(st, 2, out->signed_at, sizeof out->signed_at);
		out->plan_json = ledger_column_str(st, 3, arena);
		out->tasks_json = ledger_column_str(st, 4, arena);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = err_set(e, ERR_NOT_FOUND, "version", "方案版本不存在");
	}
	store_finish(st);
	return rc;
}

/* ---- my work ------------------------------------------------------------------------------ */

int plans_tasks_due(struct ledger *l, int64_t owner_id, int32_t due_by, int64_t limit,
		    struct arena *arena, struct plans_task **items, size_t *n, struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	size_t cap = 0;
	*items = NULL;
	*n = 0;
	if (limit < 1 || limit > 500)
		return err_set(e, ERR_INVALID, "page_size", "分页参数无效");
	strbuf_init(&sql, 2048);
	strbuf_adds(&sql,
		    "SELECT " TASK_COLS ", t.uscc, t.name FROM plan_tasks k "
		    "JOIN plans p ON p.id = k.plan_id "
		    "JOIN enterprises t ON t.id = p.enterprise_id "
		    "LEFT JOIN users u ON u.id = k.owner_id "
		    "WHERE k.owner_id = $2 AND k.status = 'open' "
		    "AND p.state IN ('signed', 'active') AND ($3 IS NULL OR k.due <= $3) AND ");
	ledger_scope_sql(&l->scope, &sql, "t", 1);
	strbuf_adds(&sql, " ORDER BY k.due, p.id, k.n LIMIT $4");
	int rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, ledger_scope_param(&l->scope));
	store_bind_int(st, 2, owner_id);
	ledger_bind_date(st, 3, due_by);
	store_bind_int(st, 4, limit);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		*items = ledger_grow(arena, *items, *n, &cap, sizeof **items, 16);
		struct plans_task *k = &(*items)[(*n)++];
		read_task(st, arena, k);
		ledger_column_copy(st, TASK_NCOLS, k->uscc, sizeof k->uscc);
		k->enterprise_name = ledger_column_str(st, TASK_NCOLS + 1, arena);
	}
out:
	store_finish(st);
	strbuf_cleanup(&sql);
	return rc < 0 ? rc : 0;
}
