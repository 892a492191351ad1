/*
 * application — batches and applications (see application.h). Owner of the
 * tables batches, applications, application_stages and application_ip.
 */
#include "ledger/apply/application.h"
#include "ledger/internal.h"
#include "ledger/base/audit.h"
#include "ledger/base/json.h"
#include "ledger/base/perm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "ledger/assess/assessment.h"
#include "ledger/cultivate/problem.h"
#include "ledger/records/ip.h"
#include "ledger/register/enterprise.h"
#include "rules/assess.h"

static const char *const stage_names[APP_STAGE_COUNT] = {
	"intended",   "county_recommended", "submitted",      "under_review",
	"publicised", "recognised",	    "not_recognised", "withdrawn"};
static const char *const stage_labels[APP_STAGE_COUNT] = {"拟申报", "审查推荐", "已提交", "评审中",
							  "公示",   "已认定",	"未通过", "已撤回"};

/* Bit T of allowed[F]: the move F → T is legal (application.h). */
#define B(s) (1u << (s))
static const unsigned allowed[APP_STAGE_COUNT] = {
	[APP_INTENDED] = B(APP_COUNTY_RECOMMENDED) | B(APP_WITHDRAWN),
	[APP_COUNTY_RECOMMENDED] = B(APP_INTENDED) | B(APP_SUBMITTED) | B(APP_WITHDRAWN),
	[APP_SUBMITTED] = B(APP_UNDER_REVIEW) | B(APP_PUBLICISED) | B(APP_RECOGNISED) |
			  B(APP_NOT_RECOGNISED) | B(APP_WITHDRAWN),
	[APP_UNDER_REVIEW] =
		B(APP_PUBLICISED) | B(APP_RECOGNISED) | B(APP_NOT_RECOGNISED) | B(APP_WITHDRAWN),
	[APP_PUBLICISED] = B(APP_RECOGNISED) | B(APP_NOT_RECOGNISED),
};
#undef B

const char *app_stage_name(enum app_stage s)
{
	return ledger_code_at(stage_names, APP_STAGE_COUNT, (int)s);
}

const char *app_stage_label(enum app_stage s)
{
	return ledger_code_at(stage_labels, APP_STAGE_COUNT, (int)s);
}

int app_stage_parse(const char *s, enum app_stage *out, struct err *e)
{
	int i = ledger_code_find(stage_names, stage_labels, APP_STAGE_COUNT, s);
	if (i < 0)
		return err_set(e, ERR_INVALID, "stage", "未知申报阶段：%s", s ? s : "");
	*out = (enum app_stage)i;
	return 0;
}

int app_stage_allowed(enum app_stage from, enum app_stage to)
{
	if ((int)from < 0 || from >= APP_STAGE_COUNT || (int)to < 0 || to >= APP_STAGE_COUNT)
		return 0;
	return (allowed[from] >> to) & 1u;
}

static int may_read(struct ledger *l, struct err *e)
{
	return perm_check(&l->scope, CAP_APPLICATIONS_READ, "无权查看申报", e);
}

/* ---- batches ------------------------------------------------------------------------ */

void batch_init(struct batch *b)
{
	memset(b, 0, sizeof *b);
	b->submit_by = LEDGER_NO_DATE;
	b->review_on = LEDGER_NO_DATE;
	b->notice_on = LEDGER_NO_DATE;
}

#define BATCH_COLS                                                                                 \
	"id, year, name, province, submit_by, review_on, notice_on, created_at, updated_at"

static void batch_read(struct store_stmt *st, struct arena *a, struct batch *b)
{
	batch_init(b);
	b->id = store_column_int(st, 0);
	b->year = store_column_int(st, 1);
	b->name = ledger_column_str(st, 2, a);
	b->province = ledger_column_str(st, 3, a);
	b->submit_by = ledger_column_date(st, 4);
	b->review_on = ledger_column_date(st, 5);
	b->notice_on = ledger_column_date(st, 6);
	ledger_column_copy(st, 7, b->created_at, sizeof b->created_at);
	ledger_column_copy(st, 8, b->updated_at, sizeof b->updated_at);
}

static char *batch_image(const struct batch *b)
{
	struct ledger_jobj o;
	ledger_jobj_init(&o);
	ledger_jobj_int(&o, "year", b->year);
	ledger_jobj_str(&o, "name", b->name);
	ledger_jobj_str(&o, "province", b->province);
	ledger_jobj_date(&o, "submit_by", b->submit_by);
	ledger_jobj_date(&o, "review_on", b->review_on);
	ledger_jobj_date(&o, "notice_on", b->notice_on);
	return ledger_jobj_take(&o);
}

static int batch_check(const struct batch *b, struct err *e)
{
	if (b->year < 2000 || b->year > 2100)
		return err_set(e, ERR_INVALID, "year", "批次年度无效（2000–2100）");
	if (!b->name || !b->name[0])
		return err_set(e, ERR_INVALID, "name", "批次名称不能为空");
	if (strlen(b->name) > 200)
		return err_set(e, ERR_INVALID, "name", "批次名称过长（最多200字节）");
	if (b->province && strlen(b->province) > 100)
		return err_set(e, ERR_INVALID, "province", "省份过长（最多100字节）");
	return 0;
}

int batch_get(struct ledger *l, int64_t id, struct arena *arena, struct batch *out, struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = may_read(l, e);
	if (!rc)
		rc = store_prepare(l->db, "SELECT " BATCH_COLS " FROM batches WHERE id = $1", &st,
				   e);
	if (rc)
		return rc;
	store_bind_int(st, 1, id);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		batch_read(st, arena, out);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = err_set(e, ERR_NOT_FOUND, "batch_id", "批次不存在");
	}
	store_finish(st);
	return rc;
}

int batch_list(struct ledger *l, int64_t year, struct arena *arena, struct batch **items, size_t *n,
	       struct err *e)
{
	struct store_stmt *st = NULL;
	size_t cap = 0;
	*items = NULL;
	*n = 0;
	int rc = may_read(l, e);
	if (!rc)
		rc = store_prepare(l->db,
				   "SELECT " BATCH_COLS " FROM batches WHERE $1 = 0 OR year = $1 "
				   "ORDER BY year DESC, id DESC",
				   &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, year);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		*items = ledger_grow(arena, *items, *n, &cap, sizeof **items, 8);
		batch_read(st, arena, &(*items)[(*n)++]);
	}
	store_finish(st);
	return rc < 0 ? rc : 0;
}

int batch_save(struct ledger *l, const struct batch *in, int64_t *id, struct err *e)
{
	struct arena *a = arena_new();
	struct store_stmt *st = NULL;
	struct batch old;
	char now[21], key[24];
	char *before = NULL, *after = NULL;
	int begun = 0;
	int rc = perm_check(&l->scope, CAP_BATCHES_MANAGE, "无权管理认定批次", e);
	if (!rc)
		rc = batch_check(in, e);
	if (!rc)
		rc = ledger_write_begin(l, e);
	if (rc)
		goto out;
	begun = 1;
	if (in->id) {
		rc = batch_get(l, in->id, a, &old, e);
		if (rc)
			goto out;
		before = batch_image(&old);
		rc = store_prepare(
			l->db,
			"UPDATE batches SET year = $2, name = $3, province = $4, "
			"submit_by = $5, review_on = $6, notice_on = $7, updated_at = $8 "
			"WHERE id = $1 RETURNING id",
			&st, e);
	} else {
		rc = store_prepare(
			l->db,
			"INSERT INTO batches (id, year, name, province, submit_by, review_on, "
			"notice_on, updated_at, created_at) VALUES (NULLIF($1, 0), $2, $3, "
			"$4, $5, $6, $7, $8, $8) RETURNING id",
			&st, e);
	}
	if (rc)
		goto out;
	store_bind_int(st, 1, in->id);
	store_bind_int(st, 2, in->year);
	store_bind_text(st, 3, in->name, STORE_NTS);
	store_bind_text(st, 4, in->province ? in->province : "", STORE_NTS);
	ledger_bind_date(st, 5, in->submit_by);
	ledger_bind_date(st, 6, in->review_on);
	ledger_bind_date(st, 7, in->notice_on);
	store_bind_text(st, 8, ledger_now(now), STORE_NTS);
	struct err e2;
	err_clear(&e2);
	rc = store_step(st, &e2);
	if (rc == STORE_ROW) {
		int64_t got = store_column_int(st, 0);
		if (id)
			*id = got;
		snprintf(key, sizeof key, "%lld", (long long)got);
		rc = 0;
	} else if (rc == ERR_CONFLICT) {
		rc = err_set(e, ERR_CONFLICT, "name", "该年度已有同名批次：%s", in->name);
	} else if (rc < 0) {
		if (e)
			*e = e2;
	} else {
		rc = err_set(e, ERR_NOT_FOUND, "id", "批次不存在");
	}
	store_finish(st);
	st = NULL;
	if (rc)
		goto out;
	after = batch_image(in);
	rc = audit_record(l, in->id ? "update" : "create", "batches", key, before, after, e);
out:
	store_finish(st);
	if (begun)
		rc = ledger_write_end(l, rc, e);
	free(before);
	free(after);
	arena_free(a);
	return rc;
}

/* ---- reading applications ------------------------------------------------------------- */

#define APP_SELECT                                                                                 \
	"SELECT p.id, p.batch_id, p.enterprise_id, p.stage, p.stage_on, p.verdict, p.cert_no, "    \
	"p.cert_on, p.reason, p.problem_id, p.created_at, p.updated_at, t.uscc, t.name, t.area, "  \
	"b.year, b.name FROM applications p JOIN enterprises t ON t.id = p.enterprise_id "         \
	"JOIN batches b ON b.id = p.batch_id"

static void app_read(struct store_stmt *st, struct arena *a, struct application *o)
{
	memset(o, 0, sizeof *o);
	o->id = store_column_int(st, 0);
	o->batch_id = store_column_int(st, 1);
	o->enterprise_id = store_column_int(st, 2);
	int s = ledger_code_find(stage_names, NULL, APP_STAGE_COUNT,
				 store_column_text(st, 3, NULL));
	o->stage = s < 0 ? APP_INTENDED : (enum app_stage)s;
	o->stage_on = ledger_column_date(st, 4);
	o->verdict = ledger_column_str(st, 5, a);
	o->cert_no = ledger_column_str(st, 6, a);
	o->cert_on = ledger_column_date(st, 7);
	o->reason = ledger_column_str(st, 8, a);
	o->problem_id = store_column_int_or(st, 9, LEDGER_NONE);
	ledger_column_copy(st, 10, o->created_at, sizeof o->created_at);
	ledger_column_copy(st, 11, o->updated_at, sizeof o->updated_at);
	ledger_column_copy(st, 12, o->uscc, sizeof o->uscc);
	o->enterprise_name = ledger_column_str(st, 13, a);
	o->area = ledger_column_str(st, 14, a);
	o->batch_year = store_column_int(st, 15);
	o->batch_name = ledger_column_str(st, 16, a);
}

int app_get(struct ledger *l, int64_t id, struct arena *arena, struct application *out,
	    struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	int rc = may_read(l, e);
	if (rc)
		return rc;
	strbuf_init(&sql, 2048);
	strbuf_adds(&sql, APP_SELECT " WHERE p.id = $1 AND ");
	ledger_scope_sql(&l->scope, &sql, "t", 2);
	rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, id);
	store_bind_int(st, 2, ledger_scope_param(&l->scope));
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		app_read(st, arena, out);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = err_set(e, ERR_NOT_FOUND, "id", "申报不存在");
	}
out:
	store_finish(st);
	strbuf_cleanup(&sql);
	return rc;
}

static char *app_image(const struct application *p)
{
	struct ledger_jobj o;
	ledger_jobj_init(&o);
	ledger_jobj_int(&o, "id", p->id);
	ledger_jobj_int(&o, "batch_id", p->batch_id);
	ledger_jobj_str(&o, "stage", app_stage_name(p->stage));
	ledger_jobj_date(&o, "stage_on", p->stage_on);
	ledger_jobj_str(&o, "verdict", p->verdict);
	ledger_jobj_str(&o, "cert_no", p->cert_no);
	ledger_jobj_date(&o, "cert_on", p->cert_on);
	ledger_jobj_str(&o, "reason", p->reason);
	ledger_jobj_int(&o, "problem_id", p->problem_id);
	return ledger_jobj_take(&o);
}

static int add_history(struct ledger *l, int64_t app_id, int has_from, enum app_stage from,
		       enum app_stage to, int32_t on, const char *note, struct err *e)
{
	struct store_stmt *st = NULL;
	char now[21];
	int rc = store_prepare(
		l->db,
		"INSERT INTO application_stages (application_id, from_stage, to_stage, "
		"changed_on, user_id, user_name, note, created_at) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
		&st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, app_id);
	store_bind_text(st, 2, has_from ? stage_names[from] : NULL, STORE_NTS);
	store_bind_text(st, 3, stage_names[to], STORE_NTS);
	ledger_bind_date(st, 4, on);
	store_bind_int_or_null(st, 5, l->scope.user_id, 0);
	store_bind_text(st, 6, l->scope.user_name, STORE_NTS);
	store_bind_text(st, 7, note ? note : "", STORE_NTS);
	store_bind_text(st, 8, ledger_now(now), STORE_NTS);
	rc = store_run(st, e);
	store_finish(st);
	return rc;
}

static int check_note(const char *note, struct err *e)
{
	if (note && strlen(note) > 1000)
		return err_set(e, ERR_INVALID, "note", "备注过长（最多1000字节）");
	return 0;
}

/* ---- create --------------------------------------------------------------------------- */

int app_create(struct ledger *l, int64_t batch_id, const char *uscc, const char *note, int64_t *id,
	       struct err *e)
{
	struct arena *a = arena_new();
	struct store_stmt *st = NULL;
	struct batch b;
	struct application img;
	char now[21], key[48];
	char *after = NULL;
	int64_t eid = 0, newid = 0;
	int begun = 0;
	int32_t today = date_today();
	int rc = ledger_write_begin(l, e);
	if (rc)
		goto out;
	begun = 1;
	rc = ledger_enterprise_id(l, uscc, &eid, e);
	if (!rc)
		rc = perm_check(&l->scope, CAP_APPLICATIONS_WRITE, "无权登记申报", e);
	if (!rc)
		rc = batch_get(l, batch_id, a, &b, e);
	if (!rc)
		rc = check_note(note, e);
	if (!rc)
		rc = store_prepare(
			l->db,
			"INSERT INTO applications (batch_id, enterprise_id, stage, stage_on, "
			"created_at, updated_at) VALUES ($1, $2, 'intended', $3, $4, $4) "
			"ON CONFLICT (batch_id, enterprise_id) DO NOTHING RETURNING id",
			&st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, batch_id);
	store_bind_int(st, 2, eid);
	ledger_bind_date(st, 3, today);
	store_bind_text(st, 4, ledger_now(now), STORE_NTS);
	rc = store_step(st, e);
	if (rc == STORE_DONE) {
		rc = err_set(e, ERR_CONFLICT, "uscc", "该企业已在本批次中");
		goto out;
	}
	if (rc < 0)
		goto out;
	newid = store_column_int(st, 0);
	rc = add_history(l, newid, 0, APP_INTENDED, APP_INTENDED, today, note, e);
	if (rc)
		goto out;
	memset(&img, 0, sizeof img);
	img.id = newid;
	img.batch_id = batch_id;
	img.stage = APP_INTENDED;
	img.stage_on = today;
	img.cert_on = LEDGER_NO_DATE;
	img.problem_id = LEDGER_NONE;
	after = app_image(&img);
	ledger_row_key(uscc, newid, key);
	rc = audit_record(l, "create", "applications", key, NULL, after, e);
	if (!rc && id)
		*id = newid;
out:
	store_finish(st);
	if (begun)
		rc = ledger_write_end(l, rc, e);
	free(after);
	arena_free(a);
	return rc;
}

/* ---- moves and their effects ------------------------------------------------------------ */

void app_change_init(struct app_change *c, enum app_stage to)
{
	memset(c, 0, sizeof *c);
	c->to = to;
	c->on = LEDGER_NO_DATE;
	c->cert_on = LEDGER_NO_DATE;
}

/* The capability stage TO needs: the county's part up to submission, the city's after. */
static enum capability stage_cap(enum app_stage to)
{
	switch (to) {
	case APP_INTENDED:
	case APP_COUNTY_RECOMMENDED:
	case APP_SUBMITTED:
	case APP_WITHDRAWN: return CAP_APPLICATIONS_WRITE;
	default: return CAP_BATCHES_MANAGE;
	}
}

/* Keep the assessment of P's firm today and its usable class II IP items. */
static int take_snapshot(struct ledger *l, const struct application *p, const struct app_change *c,
			 int32_t on, struct err *e)
{
	struct profile prof;
	struct assess_result *res = calloc(1, sizeof *res);
	struct store_stmt *st = NULL;
	struct strbuf json;
	if (!res)
		abort();
	profile_init(&prof);
	strbuf_init(&json, 4u << 20);
	int rc = assessment_run(l, p->uscc, on, &prof, res, e);
	if (rc == ERR_INVALID) { /* no rule set for the day or no data: nothing to keep */
		rc = 0;
		goto ip;
	}
	if (rc)
		goto out;
	if (c->snap && c->snap(res, &prof, &json)) {
		rc = err_set(e, ERR_TOO_BIG, NULL, "评测结果过大");
		goto out;
	}
	rc = store_prepare(l->db,
			   "UPDATE applications SET assessment = $2, verdict = $3 WHERE id = $1",
			   &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, p->id);
	store_bind_text(st, 2, json.len ? strbuf_cstr(&json) : NULL, STORE_NTS);
	store_bind_text(st, 3, hnte_verdict_name(res->hnte.verdict), STORE_NTS);
	rc = store_run(st, e);
	store_finish(st);
	st = NULL;
	if (rc)
		goto out;
ip:
	rc = store_prepare(l->db,
			   "INSERT OR IGNORE INTO application_ip (application_id, ip_id) "
			   "SELECT $1, id FROM ip_items WHERE enterprise_id = $2 AND class = 2 "
			   "AND valid = 1 AND used_in_recognition IS NULL",
			   &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, p->id);
	store_bind_int(st, 2, p->enterprise_id);
	rc = store_run(st, e);
out:
	store_finish(st);
	strbuf_cleanup(&json);
	profile_cleanup(&prof);
	free(res);
	return rc;
}

/* Recognised: tier, certificate, IP marks. */
static int recognise(struct ledger *l, const struct application *p, const struct batch *b,
		     const char *cert_no, int32_t cert_on, struct err *e)
{
	struct arena *a = arena_new();
	struct enterprise ent;
	struct enterprise_patch patch;
	struct store_stmt *st = NULL;
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	int rc = enterprise_get(l, p->uscc, a, &ent, e);
	if (rc)
		goto out;
	if (ent.tier != TIER_HNTE && ent.tier != TIER_LEADER) {
		const char *why = arena_printf(a, "认定为高新技术企业（%lld年%s，证书编号%s）",
					       (long long)b->year, b->name, cert_no);
		rc = enterprise_set_tier(l, p->uscc, TIER_HNTE, cert_on, why, e);
		if (rc)
			goto out;
	}
	enterprise_patch_init(&patch);
	patch.v.hnte_cert_no = cert_no;
	patch.v.hnte_issued_on = cert_on;
	patch.v.hnte_expires_on = LEDGER_NO_DATE; /* derived from the issue date */
	patch.v.hnte_batch = arena_printf(a, "%lld年%s", (long long)b->year, b->name);
	static const char *const names[] = {"hnte_cert_no", "hnte_issued_on", "hnte_expires_on",
					    "hnte_batch"};
	for (size_t i = 0; !rc && i < sizeof names / sizeof names[0]; i++)
		rc = enterprise_patch_name(&patch, names[i], e);
	if (!rc)
		rc = enterprise_patch(l, p->uscc, &patch, NULL, NULL, NULL, e);
	if (rc)
		goto out;
	rc = store_prepare(l->db,
			   "SELECT i.id FROM application_ip x JOIN ip_items i ON i.id = x.ip_id "
			   "WHERE x.application_id = $1 AND i.class = 2 AND "
			   "i.used_in_recognition IS NULL ORDER BY i.id",
			   &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, p->id);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		ids = ledger_grow(a, ids, n, &cap, sizeof *ids, 8);
		ids[n++] = store_column_int(st, 0);
	}
	store_finish(st);
	st = NULL;
	if (rc < 0)
		goto out;
	rc = 0;
	for (size_t i = 0; !rc && i < n; i++)
		rc = ip_mark_used(l, p->uscc, ids[i], b->year, e);
out:
	store_finish(st);
	arena_free(a);
	return rc;
}

/* Not recognised: the reason becomes an open problem; its id into *PROBLEM_ID. */
static int not_recognised(struct ledger *l, const struct application *p, const struct batch *b,
			  const char *reason, int64_t *problem_id, struct err *e)
{
	struct arena *a = arena_new();
	struct problem in, out;
	problem_init(&in);
	in.category = PROBLEM_OTHER;
	in.description = arena_printf(a, "高企认定未通过（%lld年%s）：%s", (long long)b->year,
				      b->name, reason);
	in.gap_id = "recognition";
	int rc = problem_create(l, p->uscc, &in, a, &out, e);
	if (!rc)
		*problem_id = out.id;
	arena_free(a);
	return rc;
}

static int check_change(const struct application *old, const struct app_change *c, struct err *e)
{
	if ((int)c->to < 0 || c->to >= APP_STAGE_COUNT)
		return err_set(e, ERR_INVALID, "stage", "申报阶段无效");
	if (!app_stage_allowed(old->stage, c->to))
		return err_set(e, ERR_INVALID, "stage", "不允许从“%s”变更为“%s”",
			       app_stage_label(old->stage), app_stage_label(c->to));
	int rc = check_note(c->note, e);
	if (rc)
		return rc;
	if (c->to == APP_RECOGNISED) {
		if (!c->cert_no || !c->cert_no[0])
			return err_set(e, ERR_INVALID, "cert_no", "请填写高企证书编号");
		if (strlen(c->cert_no) > 64)
			return err_set(e, ERR_INVALID, "cert_no", "证书编号过长（最多64字节）");
	}
	if (c->to == APP_NOT_RECOGNISED) {
		if (!c->reason || !c->reason[0])
			return err_set(e, ERR_INVALID, "reason", "请填写未通过的原因");
		if (strlen(c->reason) > 1000)
			return err_set(e, ERR_INVALID, "reason", "原因过长（最多1000字节）");
	}
	return 0;
}

int app_move(struct ledger *l, int64_t id, const struct app_change *c, struct err *e)
{
	struct arena *a = arena_new();
	struct application old, v;
	struct batch b;
	struct store_stmt *st = NULL;
	char now[21], key[48];
	char *before = NULL, *after = NULL;
	int begun = 0;
	int rc = ledger_write_begin(l, e);
	if (rc)
		goto out;
	begun = 1;
	rc = app_get(l, id, a, &old, e);
	if (!rc && (int)c->to >= 0 && c->to < APP_STAGE_COUNT)
		rc = perm_check(&l->scope, stage_cap(c->to),
				stage_cap(c->to) == CAP_BATCHES_MANAGE ? "无权登记评审和认定结果"
								       : "无权变更申报阶段",
				e);
	if (!rc)
		rc = check_change(&old, c, e);
	if (!rc)
		rc = batch_get(l, old.batch_id, a, &b, e);
	if (rc)
		goto out;
	v = old;
	v.stage = c->to;
	v.stage_on = c->on == LEDGER_NO_DATE ? date_today() : c->on;
	if (c->to == APP_SUBMITTED) {
		rc = take_snapshot(l, &old, c, v.stage_on, e);
		if (rc)
			goto out;
	}
	if (c->to == APP_RECOGNISED) {
		v.cert_no = c->cert_no;
		v.cert_on = c->cert_on != LEDGER_NO_DATE    ? c->cert_on
			    : b.notice_on != LEDGER_NO_DATE ? b.notice_on
							    : v.stage_on;
		rc = recognise(l, &old, &b, v.cert_no, v.cert_on, e);
	} else if (c->to == APP_NOT_RECOGNISED) {
		v.reason = c->reason;
		rc = not_recognised(l, &old, &b, c->reason, &v.problem_id, e);
	}
	if (rc)
		goto out;
	rc = store_prepare(
		l->db,
		"UPDATE applications SET stage = $2, stage_on = $3, cert_no = $4, "
		"cert_on = $5, reason = $6, problem_id = $7, updated_at = $8 WHERE id = $1",
		&st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, id);
	store_bind_text(st, 2, stage_names[v.stage], STORE_NTS);
	ledger_bind_date(st, 3, v.stage_on);
	store_bind_text(st, 4, v.cert_no, STORE_NTS);
	ledger_bind_date(st, 5, v.cert_on);
	store_bind_text(st, 6, v.reason, STORE_NTS);
	store_bind_int_or_null(st, 7, v.problem_id, LEDGER_NONE);
	store_bind_text(st, 8, ledger_now(now), STORE_NTS);
	rc = store_run(st, e);
	store_finish(st);
	st = NULL;
	if (!rc)
		rc = add_history(l, id, 1, old.stage, v.stage, v.stage_on, c->note, e);
	if (rc)
		goto out;
	before = app_image(&old);
	after = app_image(&v);
	ledger_row_key(old.uscc, id, key);
	rc = audit_record(l, "stage", "applications", key, before, after, e);
out:
	store_finish(st);
	if (begun)
		rc = ledger_write_end(l, rc, e);
	free(before);
	free(after);
	arena_free(a);
	return rc;
}

/* ---- history, snapshot, IP -------------------------------------------------------------- */

int app_history(struct ledger *l, int64_t id, struct arena *arena, struct app_stage_entry **items,
		size_t *n, struct err *e)
{
	struct store_stmt *st = NULL;
	struct application p;
	size_t cap = 0;
	*items = NULL;
	*n = 0;
	int rc = app_get(l, id, arena, &p, e);
	if (!rc)
		rc = store_prepare(l->db,
				   "SELECT id, from_stage, to_stage, changed_on, user_name, note, "
				   "created_at FROM application_stages WHERE application_id = $1 "
				   "ORDER BY id",
				   &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, id);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		*items = ledger_grow(arena, *items, *n, &cap, sizeof **items, 8);
		struct app_stage_entry *h = &(*items)[(*n)++];
		int f = ledger_code_find(stage_names, NULL, APP_STAGE_COUNT,
					 store_column_text(st, 1, NULL));
		int t = ledger_code_find(stage_names, NULL, APP_STAGE_COUNT,
					 store_column_text(st, 2, NULL));
		h->id = store_column_int(st, 0);
		h->has_from = f >= 0;
		h->from = f < 0 ? APP_INTENDED : (enum app_stage)f;
		h->to = t < 0 ? APP_INTENDED : (enum app_stage)t;
		h->on = ledger_column_date(st, 3);
		h->user_name = ledger_column_str(st, 4, arena);
		h->note = ledger_column_str(st, 5, arena);
		ledger_column_copy(st, 6, h->created_at, sizeof h->created_at);
	}
	store_finish(st);
	return rc < 0 ? rc : 0;
}

int app_snapshot(struct ledger *l, int64_t id, struct arena *arena, const char **json,
		 struct err *e)
{
	struct store_stmt *st = NULL;
	struct application p;
	*json = NULL;
	int rc = app_get(l, id, arena, &p, e);
	if (!rc)
		rc = store_prepare(l->db, "SELECT assessment FROM applications WHERE id = $1", &st,
				   e);
	if (rc)
		return rc;
	store_bind_int(st, 1, id);
	rc = store_step(st, e);
	if (rc == STORE_ROW)
		*json = ledger_column_str(st, 0, arena);
	store_finish(st);
	return rc < 0 ? rc : 0;
}

int app_ip_items(struct ledger *l, int64_t id, struct arena *arena, struct app_ip **items,
		 size_t *n, struct err *e)
{
	struct store_stmt *st = NULL;
	struct application p;
	size_t cap = 0;
	*items = NULL;
	*n = 0;
	int rc = app_get(l, id, arena, &p, e);
	if (!rc)
		rc = store_prepare(l->db,
				   "SELECT i.id, i.kind, i.number, i.title, i.used_in_recognition "
				   "FROM application_ip x JOIN ip_items i ON i.id = x.ip_id "
				   "WHERE x.application_id = $1 ORDER BY i.id",
				   &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, id);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		*items = ledger_grow(arena, *items, *n, &cap, sizeof **items, 8);
		struct app_ip *it = &(*items)[(*n)++];
		it->id = store_column_int(st, 0);
		it->kind = ledger_column_str(st, 1, arena);
		it->number = ledger_column_str(st, 2, arena);
		it->title = ledger_column_str(st, 3, arena);
		it->used_in_recognition = store_column_int_or(st, 4, LEDGER_NONE);
	}
	store_finish(st);
	return rc < 0 ? rc : 0;
}

/* ---- list and counts -------------------------------------------------------------------- */

void app_filter_init(struct app_filter *f)
{
	memset(f, 0, sizeof *f);
	f->stage = -1;
	f->want_total = 1;
}

struct where_args {
	char uscc[19];
	char *like;
};

/* $1 scope, $2 batch, $3 stage, $4 area, $5 uscc, $6 q pattern. */
static void where_sql(struct ledger *l, const struct app_filter *f, struct strbuf *sql)
{
	strbuf_adds(sql, " WHERE ");
	ledger_scope_sql(&l->scope, sql, "t", 1);
	if (f->batch_id)
		strbuf_adds(sql, " AND p.batch_id = $2");
	if (f->stage >= 0)
		strbuf_adds(sql, " AND p.stage = $3");
	if (f->area && f->area[0])
		strbuf_adds(sql, " AND t.area = $4");
	if (f->uscc)
		strbuf_adds(sql, " AND t.uscc = $5");
	if (f->q && f->q[0])
		strbuf_adds(sql, " AND (t.name LIKE $6 ESCAPE '\\' OR t.uscc LIKE $6 ESCAPE '\\')");
}

static void where_bind(struct ledger *l, const struct app_filter *f, struct store_stmt *st,
		       struct where_args *w, struct arena *a)
{
	store_bind_int(st, 1, ledger_scope_param(&l->scope));
	store_bind_int(st, 2, f->batch_id);
	if (f->stage >= 0)
		store_bind_text(st, 3, stage_names[f->stage], STORE_NTS);
	store_bind_text(st, 4, f->area, STORE_NTS);
	if (f->uscc) {
		ledger_norm_uscc(f->uscc, w->uscc);
		store_bind_text(st, 5, w->uscc, STORE_NTS);
	}
	if (f->q && f->q[0]) {
		if (!w->like) {
			size_t n = strlen(f->q);
			char *p = arena_alloc(a, 2 * n + 3), *o = p;
			*o++ = '%';
			for (size_t i = 0; i < n; i++) {
				if (f->q[i] == '%' || f->q[i] == '_' || f->q[i] == '\\')
					*o++ = '\\';
				*o++ = f->q[i];
			}
			*o++ = '%';
			*o = '\0';
			w->like = p;
		}
		store_bind_text(st, 6, w->like, STORE_NTS);
	}
}

int app_list(struct ledger *l, const struct app_filter *f, struct arena *arena,
	     struct app_page *out, struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	struct where_args w;
	size_t cap = 0;
	int64_t eid = 0;
	memset(out, 0, sizeof *out);
	memset(&w, 0, sizeof w);
	out->total = -1;
	int rc = may_read(l, e);
	if (rc)
		return rc;
	if (f->stage < -1 || f->stage >= APP_STAGE_COUNT)
		return err_set(e, ERR_INVALID, "stage", "申报阶段无效");
	if (f->limit < 0 || f->limit > APP_PAGE_MAX || f->offset < 0)
		return err_set(e, ERR_INVALID, "page_size", "分页参数无效");
	if (f->q && strlen(f->q) > 100)
		return err_set(e, ERR_INVALID, "q", "搜索文本过长（最多100字节）");
	if (f->uscc) {
		rc = ledger_enterprise_id(l, f->uscc, &eid, e);
		if (rc)
			return rc;
	}
	strbuf_init(&sql, 4096);
	if (f->want_total) {
		strbuf_adds(&sql, "SELECT count(*) FROM applications p "
				  "JOIN enterprises t ON t.id = p.enterprise_id");
		where_sql(l, f, &sql);
		rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
		if (rc)
			goto out;
		where_bind(l, f, st, &w, arena);
		rc = store_step(st, e);
		if (rc != STORE_ROW)
			goto out;
		out->total = store_column_int(st, 0);
		store_finish(st);
		st = NULL;
		strbuf_reset(&sql);
	}
	strbuf_adds(&sql, APP_SELECT);
	where_sql(l, f, &sql);
	strbuf_adds(&sql,
		    " ORDER BY b.year DESC, p.batch_id DESC, t.name, p.id LIMIT $7 OFFSET $8");
	rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	if (rc)
		goto out;
	where_bind(l, f, st, &w, arena);
	store_bind_int(st, 7, f->limit ? f->limit : 50);
	store_bind_int(st, 8, f->offset);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		out->items = ledger_grow(arena, out->items, out->n, &cap, sizeof *out->items, 16);
		app_read(st, arena, &out->items[out->n++]);
	}
out:
	rc = rc < 0 ? rc : 0;
	store_finish(st);
	strbuf_cleanup(&sql);
	return rc;
}

int app_stage_counts(struct ledger *l, int64_t batch_id, const char *area,
		     int64_t counts[APP_STAGE_COUNT], struct err *e)
{
	struct arena *a = arena_new();
	struct strbuf sql;
	struct store_stmt *st = NULL;
	struct batch b;
	memset(counts, 0, sizeof(int64_t) * APP_STAGE_COUNT);
	strbuf_init(&sql, 2048);
	int rc = batch_get(l, batch_id, a, &b, e);
	if (rc)
		goto out;
	strbuf_adds(&sql,
		    "SELECT p.stage, count(*) FROM applications p "
		    "JOIN enterprises t ON t.id = p.enterprise_id WHERE p.batch_id = $2 AND ");
	ledger_scope_sql(&l->scope, &sql, "t", 1);
	if (area && area[0])
		strbuf_adds(&sql, " AND t.area = $3");
	strbuf_adds(&sql, " GROUP BY p.stage");
	rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, ledger_scope_param(&l->scope));
	store_bind_int(st, 2, batch_id);
	store_bind_text(st, 3, area, STORE_NTS);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		int s = ledger_code_find(stage_names, NULL, APP_STAGE_COUNT,
					 store_column_text(st, 0, NULL));
		if (s >= 0)
			counts[s] = store_column_int(st, 1);
	}
out:
	rc = rc < 0 ? rc : 0;
	store_finish(st);
	strbuf_cleanup(&sql);
	arena_free(a);
	return rc;
}
