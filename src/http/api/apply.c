/*
 * http/api/apply — applications and their outcome over HTTP (ledger/apply,
 * product C3a): batches, applications and their stages, the public-notice
 * list of a batch, TSME registrations and annual reports. docs/api.md
 * "Applications" is the contract. Handlers are straight lines: parse, one
 * ledger call (or one group for a bulk change), render.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/date.h"
#include "http/api/api.h"
#include "http/app.h"
#include "io/notice.h"
#include "io/profile_json.h"
#include "ledger/apply/application.h"
#include "ledger/apply/outcome.h"
#include "ledger/apply/tsme.h"
#include "ledger/base/perm.h"
#include "ledger/records/ip.h"

#define BULK_MAX 1000 /* applications changed by one bulk request */

/* ---- helpers -------------------------------------------------------------------------- */

/* The snapshot writer handed to the ledger: the rules.md §7 JSON of the assessment. */
static int snapshot_json(const struct assess_result *r, const struct profile *p, struct strbuf *out)
{
	return profile_json_write_result(r, p, NULL, out);
}

static void write_batch(struct jw *w, const char *key, const struct batch *b, const int64_t *counts)
{
	jw_obj_begin(w, key);
	jw_int(w, "id", b->id);
	jw_int(w, "year", b->year);
	jw_str(w, "name", b->name);
	jw_str(w, "province", b->province);
	jw_date(w, "submit_by", b->submit_by, LEDGER_NO_DATE);
	jw_date(w, "review_on", b->review_on, LEDGER_NO_DATE);
	jw_date(w, "notice_on", b->notice_on, LEDGER_NO_DATE);
	if (counts) {
		int64_t total = 0;
		jw_obj_begin(w, "counts");
		for (int s = 0; s < APP_STAGE_COUNT; s++) {
			jw_int(w, app_stage_name(s), counts[s]);
			total += counts[s];
		}
		jw_obj_end(w);
		jw_int(w, "total", total);
	}
	jw_obj_end(w);
}

static void write_app_members(struct jw *w, const struct application *p)
{
	jw_int(w, "id", p->id);
	jw_int(w, "batch_id", p->batch_id);
	jw_int(w, "batch_year", p->batch_year);
	jw_str(w, "batch_name", p->batch_name);
	jw_str(w, "uscc", p->uscc);
	jw_str(w, "enterprise_name", p->enterprise_name);
	jw_str(w, "area", p->area);
	jw_str(w, "stage", app_stage_name(p->stage));
	jw_str(w, "stage_label", app_stage_label(p->stage));
	jw_date(w, "stage_on", p->stage_on, LEDGER_NO_DATE);
	jw_str(w, "verdict", p->verdict);
	jw_str(w, "cert_no", p->cert_no);
	jw_date(w, "cert_on", p->cert_on, LEDGER_NO_DATE);
	jw_str(w, "reason", p->reason);
	jw_int_or_null(w, "problem_id", p->problem_id, LEDGER_NONE);
	jw_str(w, "created_at", p->created_at);
	jw_str(w, "updated_at", p->updated_at);
}

static void write_app(struct jw *w, const char *key, const struct application *p)
{
	jw_obj_begin(w, key);
	write_app_members(w, p);
	jw_obj_end(w);
}

/* ---- batches ---------------------------------------------------------------------------- */

static int list_batches(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	struct batch *items = NULL;
	size_t n = 0;
	int64_t year = 0, counts[APP_STAGE_COUNT];
	app_ledger(req, &l);
	int rc = http_query_int(req, "year", 2000, 2100, 0, &year, e);
	if (!rc)
		rc = batch_list(&l, year, req->arena, &items, &n, e);
	if (rc)
		return rc;
	struct jw w;
	api_items_begin(&w, res);
	for (size_t i = 0; i < n; i++) {
		rc = app_stage_counts(&l, items[i].id, http_query(req, "area"), counts, e);
		if (rc)
			return rc;
		write_batch(&w, NULL, &items[i], counts);
	}
	return api_items_end(&w);
}

static int reply_batch(struct http_request *req, struct http_response *res, struct ledger *l,
		       int64_t id, int status, struct err *e)
{
	struct batch b;
	int64_t counts[APP_STAGE_COUNT];
	int rc = batch_get(l, id, req->arena, &b, e);
	if (!rc)
		rc = app_stage_counts(l, id, http_query(req, "area"), counts, e);
	if (rc)
		return rc;
	struct jw w;
	api_reply_begin(&w, res);
	write_batch(&w, NULL, &b, counts);
	res->status = status;
	return jw_finish(&w);
}

static int get_batch(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	int64_t id = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "批次", &id, e);
	return rc ? rc : reply_batch(req, res, &l, id, 200, e);
}

static int save_batch(struct http_request *req, struct http_response *res, int64_t id,
		      struct err *e)
{
	static const char *const known[] = {"id",	 "year",      "name",	   "province",
					    "submit_by", "review_on", "notice_on", "counts",
					    "total",	 NULL};
	json_t *body = NULL;
	struct ledger l;
	struct batch b;
	app_ledger(req, &l);
	batch_init(&b);
	b.id = id;
	int rc = http_json_body(req, &body, e);
	if (!rc)
		rc = api_check_members(body, known, e);
	if (!rc)
		rc = api_require(body, "year", e);
	if (!rc)
		rc = api_get_int(body, "year", 2000, 2100, &b.year, e);
	if (!rc)
		rc = api_get_str(body, "name", req->arena, 200, &b.name, e);
	if (!rc)
		rc = api_get_str(body, "province", req->arena, 100, &b.province, e);
	if (!rc)
		rc = api_get_date(body, "submit_by", &b.submit_by, e);
	if (!rc)
		rc = api_get_date(body, "review_on", &b.review_on, e);
	if (!rc)
		rc = api_get_date(body, "notice_on", &b.notice_on, e);
	json_decref(body);
	if (!rc)
		rc = batch_save(&l, &b, &id, e);
	return rc ? rc : reply_batch(req, res, &l, id, b.id ? 200 : 201, e);
}

static int create_batch(struct http_request *req, struct http_response *res, struct err *e)
{
	return save_batch(req, res, 0, e);
}

static int update_batch(struct http_request *req, struct http_response *res, struct err *e)
{
	int64_t id = 0;
	int rc = api_path_id(req, "id", "批次", &id, e);
	return rc ? rc : save_batch(req, res, id, e);
}

/* ---- published lists -------------------------------------------------------------------- */

int api_reply_list_report(struct http_response *res, const struct list_report *r,
			  const struct notice *nt)
{
	struct jw w;
	api_reply_begin(&w, res);
	jw_obj_begin(&w, NULL);
	jw_str(&w, "format", nt->format);
	jw_int(&w, "header_row", (int64_t)nt->header_row);
	jw_int(&w, "rows", (int64_t)r->rows);
	jw_int(&w, "changed", (int64_t)r->changed);
	jw_int(&w, "unchanged", (int64_t)r->unchanged);
	jw_int(&w, "unmatched", (int64_t)r->unmatched);
	jw_int(&w, "refused", (int64_t)r->refused);
	jw_bool(&w, "dry_run", r->dry_run);
	jw_bool(&w, "committed", r->committed);
	jw_arr_begin(&w, "lines");
	for (size_t i = 0; i < r->n; i++) {
		const struct list_line *ln = &r->lines[i];
		jw_obj_begin(&w, NULL);
		jw_int(&w, "row", (int64_t)ln->row);
		jw_str(&w, "result", list_result_name(ln->result));
		jw_str(&w, "result_label", list_result_label(ln->result));
		jw_str(&w, "name", ln->name);
		jw_str(&w, "number", ln->number);
		jw_str(&w, "uscc", ln->uscc[0] ? ln->uscc : NULL);
		jw_str(&w, "matched", ln->matched);
		jw_bool(&w, "by_name", ln->by_name);
		jw_str(&w, "message", ln->message);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	return jw_finish(&w);
}

int api_read_list(struct http_request *req, int kind, struct notice *nt, struct err *e)
{
	if (!req->body_len)
		return err_set(e, ERR_INVALID, "file", "上传的文件为空");
	return notice_read_mem(req->body, req->body_len, kind, req->arena, nt, e);
}

static int post_outcomes(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	struct notice nt;
	struct list_report r;
	int64_t id = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "批次", &id, e);
	/* refused before the upload is read */
	if (!rc)
		rc = perm_check(&l.scope, CAP_BATCHES_MANAGE, "无权导入认定结果", e);
	if (!rc)
		rc = api_read_list(req, NOTICE_HNTE, &nt, e);
	int dry = 0;
	if (!rc)
		rc = api_query_flag(req, "dry_run", &dry, e);
	if (!rc)
		rc = outcome_apply(&l, id, nt.rows, nt.n, dry, req->arena, &r, e);
	return rc ? rc : api_reply_list_report(res, &r, &nt);
}

static int post_tsme_list(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	struct notice nt;
	struct list_report r;
	int64_t year = 0;
	app_ledger(req, &l);
	int rc = perm_check(&l.scope, CAP_BATCHES_MANAGE, "无权导入入库名单", e);
	if (!rc)
		rc = http_query_int(req, "year", 2000, 2100, 0, &year, e);
	if (!rc && !year)
		rc = err_set(e, ERR_INVALID, "year", "请指定入库年度");
	if (!rc)
		rc = api_read_list(req, NOTICE_TSME, &nt, e);
	int dry = 0;
	if (!rc)
		rc = api_query_flag(req, "dry_run", &dry, e);
	if (!rc)
		rc = outcome_tsme_apply(&l, year, nt.rows, nt.n, dry, req->arena, &r, e);
	return rc ? rc : api_reply_list_report(res, &r, &nt);
}

/* ---- applications ------------------------------------------------------------------------ */

static int list_page(struct http_request *req, struct http_response *res, const char *uscc,
		     struct err *e)
{
	struct ledger l;
	struct app_filter f;
	struct app_page pg;
	int64_t page = 1, page_size = 50, batch_id = 0;
	app_ledger(req, &l);
	app_filter_init(&f);
	f.uscc = uscc;
	f.area = http_query(req, "area");
	f.q = http_query(req, "q");
	int rc = http_query_int(req, "batch_id", 0, INT64_MAX, 0, &batch_id, e);
	f.batch_id = batch_id;
	const char *stage = http_query(req, "stage");
	if (!rc && stage && *stage) {
		enum app_stage s;
		rc = app_stage_parse(stage, &s, e);
		f.stage = (int)s;
	}
	if (!rc)
		rc = api_read_paging(req, &page, &page_size, e);
	f.offset = (page - 1) * page_size;
	f.limit = page_size;
	if (!rc)
		rc = app_list(&l, &f, req->arena, &pg, e);
	if (rc)
		return rc;
	struct jw w;
	api_items_begin(&w, res);
	for (size_t i = 0; i < pg.n; i++)
		write_app(&w, NULL, &pg.items[i]);
	return api_items_end_paged(&w, pg.total, page, page_size);
}

static int list_apps(struct http_request *req, struct http_response *res, struct err *e)
{
	return list_page(req, res, NULL, e);
}

static int firm_apps(struct http_request *req, struct http_response *res, struct err *e)
{
	return list_page(req, res, http_param(req, "uscc"), e);
}

static int reply_app(struct http_request *req, struct http_response *res, struct ledger *l,
		     int64_t id, int status, struct err *e)
{
	struct application p;
	struct app_stage_entry *h = NULL;
	struct app_ip *ips = NULL;
	size_t nh = 0, nip = 0;
	const char *snap = NULL;
	int rc = app_get(l, id, req->arena, &p, e);
	if (!rc)
		rc = app_history(l, id, req->arena, &h, &nh, e);
	if (!rc)
		rc = app_ip_items(l, id, req->arena, &ips, &nip, e);
	if (!rc)
		rc = app_snapshot(l, id, req->arena, &snap, e);
	if (rc)
		return rc;
	struct jw w;
	api_reply_begin(&w, res);
	jw_obj_begin(&w, NULL);
	write_app_members(&w, &p);
	jw_arr_begin(&w, "history");
	for (size_t i = 0; i < nh; i++) {
		jw_obj_begin(&w, NULL);
		if (h[i].has_from)
			jw_str(&w, "from", app_stage_name(h[i].from));
		else
			jw_null(&w, "from");
		jw_str(&w, "to", app_stage_name(h[i].to));
		jw_str(&w, "to_label", app_stage_label(h[i].to));
		jw_date(&w, "on", h[i].on, LEDGER_NO_DATE);
		jw_str(&w, "user_name", h[i].user_name);
		jw_str(&w, "note", h[i].note);
		jw_str(&w, "at", h[i].created_at);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_arr_begin(&w, "ip_items");
	for (size_t i = 0; i < nip; i++) {
		jw_obj_begin(&w, NULL);
		jw_int(&w, "id", ips[i].id);
		jw_str(&w, "kind", ips[i].kind);
		jw_str(&w, "kind_label", ip_kind_label(ips[i].kind));
		jw_str(&w, "number", ips[i].number);
		jw_str(&w, "title", ips[i].title);
		jw_int_or_null(&w, "used_in_recognition", ips[i].used_in_recognition, LEDGER_NONE);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	if (snap)
		jw_raw(&w, "assessment", snap);
	else
		jw_null(&w, "assessment");
	jw_obj_end(&w);
	res->status = status;
	return jw_finish(&w);
}

static int get_app(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	int64_t id = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "申报", &id, e);
	return rc ? rc : reply_app(req, res, &l, id, 200, e);
}

/* The USCCs of BODY: "uscc" (one) or "usccs" (an array of at most BULK_MAX). */
static int read_usccs(json_t *body, struct arena *a, const char ***out, size_t *n, struct err *e)
{
	json_t *one = json_object_get(body, "uscc"), *many = json_object_get(body, "usccs");
	*n = 0;
	if (one) {
		if (!json_is_string(one))
			return err_set(e, ERR_INVALID, "uscc", "uscc 应为文本");
		*out = arena_alloc(a, sizeof **out);
		(*out)[(*n)++] = arena_strdup(a, json_string_value(one));
		return 0;
	}
	if (!json_is_array(many) || !json_array_size(many))
		return err_set(e, ERR_INVALID, "uscc", "请选择企业");
	if (json_array_size(many) > BULK_MAX)
		return err_set(e, ERR_INVALID, "usccs", "一次最多%d家企业", BULK_MAX);
	*out = arena_alloc(a, json_array_size(many) * sizeof **out);
	size_t i;
	json_t *v;
	json_array_foreach(many, i, v)
	{
		if (!json_is_string(v))
			return err_set(e, ERR_INVALID, "usccs", "usccs 应为文本数组");
		(*out)[(*n)++] = arena_strdup(a, json_string_value(v));
	}
	return 0;
}

/* POST /applications: one firm or many into a batch, all or nothing. */
static int create_apps(struct http_request *req, struct http_response *res, struct err *e)
{
	static const char *const known[] = {"batch_id", "uscc", "usccs", "note", NULL};
	json_t *body = NULL;
	struct ledger l;
	const char **usccs = NULL, *note = NULL;
	size_t n = 0;
	int64_t batch_id = 0, id = 0;
	app_ledger(req, &l);
	int rc = http_json_body(req, &body, e);
	if (!rc)
		rc = api_check_members(body, known, e);
	if (!rc)
		rc = api_require(body, "batch_id", e);
	if (!rc)
		rc = api_get_int(body, "batch_id", 1, INT64_MAX, &batch_id, e);
	if (!rc)
		rc = api_get_str(body, "note", req->arena, 1000, &note, e);
	if (!rc)
		rc = read_usccs(body, req->arena, &usccs, &n, e);
	json_decref(body);
	if (rc)
		return rc;
	if (n == 1) {
		rc = app_create(&l, batch_id, usccs[0], note, &id, e);
		return rc ? rc : reply_app(req, res, &l, id, 201, e);
	}
	rc = ledger_begin(&l, e);
	for (size_t i = 0; !rc && i < n; i++) {
		rc = app_create(&l, batch_id, usccs[i], note, NULL, e);
		if (rc && !e->field[0])
			snprintf(e->field, sizeof e->field, "usccs");
	}
	if (rc) {
		ledger_rollback(&l, NULL);
		return rc;
	}
	rc = ledger_commit(&l, e);
	if (rc)
		return rc;
	struct jw w;
	api_reply_begin(&w, res);
	jw_obj_begin(&w, NULL);
	jw_int(&w, "created", (int64_t)n);
	jw_obj_end(&w);
	res->status = 201;
	return jw_finish(&w);
}

/* The stage change of BODY (members stage, on, note, cert_no, cert_on, reason). */
static int read_change(json_t *body, struct arena *a, struct app_change *c, struct err *e)
{
	const char *stage = NULL;
	int rc = api_require(body, "stage", e);
	if (!rc)
		rc = api_get_str(body, "stage", a, 64, &stage, e);
	if (!rc)
		rc = app_stage_parse(stage, &c->to, e);
	if (!rc)
		rc = api_get_date(body, "on", &c->on, e);
	if (!rc)
		rc = api_get_str(body, "note", a, 1000, &c->note, e);
	if (!rc)
		rc = api_get_str(body, "cert_no", a, 64, &c->cert_no, e);
	if (!rc)
		rc = api_get_date(body, "cert_on", &c->cert_on, e);
	if (!rc)
		rc = api_get_str(body, "reason", a, 1000, &c->reason, e);
	c->snap = snapshot_json;
	return rc;
}

static int move_app(struct http_request *req, struct http_response *res, struct err *e)
{
	static const char *const known[] = {"stage",   "on",	 "note", "cert_no",
					    "cert_on", "reason", NULL};
	json_t *body = NULL;
	struct ledger l;
	struct app_change c;
	int64_t id = 0;
	app_ledger(req, &l);
	app_change_init(&c, APP_INTENDED);
	int rc = api_path_id(req, "id", "申报", &id, e);
	if (!rc)
		rc = http_json_body(req, &body, e);
	if (!rc)
		rc = api_check_members(body, known, e);
	if (!rc)
		rc = read_change(body, req->arena, &c, e);
	if (!rc)
		rc = app_move(&l, id, &c, e);
	json_decref(body);
	return rc ? rc : reply_app(req, res, &l, id, 200, e);
}

/* POST /applications/stage: {ids, stage, …} — every one moved, or none. */
static int move_apps(struct http_request *req, struct http_response *res, struct err *e)
{
	static const char *const known[] = {"ids",     "stage",	  "on",	    "note",
					    "cert_no", "cert_on", "reason", NULL};
	json_t *body = NULL;
	struct ledger l;
	struct app_change c;
	size_t n = 0;
	app_ledger(req, &l);
	app_change_init(&c, APP_INTENDED);
	int rc = http_json_body(req, &body, e);
	if (!rc)
		rc = api_check_members(body, known, e);
	if (!rc)
		rc = read_change(body, req->arena, &c, e);
	json_t *ids = rc ? NULL : json_object_get(body, "ids");
	if (!rc && (!json_is_array(ids) || !json_array_size(ids)))
		rc = err_set(e, ERR_INVALID, "ids", "请选择申报");
	if (!rc && json_array_size(ids) > BULK_MAX)
		rc = err_set(e, ERR_INVALID, "ids", "一次最多%d项", BULK_MAX);
	if (!rc)
		rc = ledger_begin(&l, e);
	if (!rc) {
		size_t i;
		json_t *v;
		json_array_foreach(ids, i, v)
		{
			if (!json_is_integer(v)) {
				rc = err_set(e, ERR_INVALID, "ids", "ids 应为整数数组");
				break;
			}
			rc = app_move(&l, json_integer_value(v), &c, e);
			if (rc)
				break;
			n++;
		}
		if (rc)
			ledger_rollback(&l, NULL);
		else
			rc = ledger_commit(&l, e);
	}
	json_decref(body);
	if (rc)
		return rc;
	struct jw w;
	api_reply_begin(&w, res);
	jw_obj_begin(&w, NULL);
	jw_int(&w, "moved", (int64_t)n);
	jw_str(&w, "stage", app_stage_name(c.to));
	jw_obj_end(&w);
	return jw_finish(&w);
}

/* ---- TSME registrations ------------------------------------------------------------------- */

static int reply_tsme(struct http_request *req, struct http_response *res, struct ledger *l,
		      const char *uscc, int status, struct err *e)
{
	struct tsme_reg *items = NULL;
	size_t n = 0;
	int rc = tsme_list(l, uscc, req->arena, &items, &n, e);
	if (rc)
		return rc;
	struct jw w;
	api_items_begin(&w, res);
	for (size_t i = 0; i < n; i++) {
		jw_obj_begin(&w, NULL);
		jw_int(&w, "year", items[i].year);
		jw_str(&w, "reg_no", items[i].reg_no);
		jw_str(&w, "status", tsme_status_name(items[i].status));
		jw_str(&w, "status_label", tsme_status_label(items[i].status));
		jw_date(&w, "registered_on", items[i].registered_on, LEDGER_NO_DATE);
		jw_obj_end(&w);
	}
	res->status = status;
	return api_items_end(&w);
}

static int firm_tsme(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	app_ledger(req, &l);
	return reply_tsme(req, res, &l, http_param(req, "uscc"), 200, e);
}

static int save_tsme(struct http_request *req, struct http_response *res, struct err *e)
{
	static const char *const known[] = {"year",	     "reg_no",	     "status",
					    "registered_on", "status_label", NULL};
	json_t *body = NULL;
	struct ledger l;
	struct tsme_reg in;
	const char *status = NULL;
	const char *uscc = http_param(req, "uscc");
	app_ledger(req, &l);
	memset(&in, 0, sizeof in);
	in.registered_on = LEDGER_NO_DATE;
	int rc = http_json_body(req, &body, e);
	if (!rc)
		rc = api_check_members(body, known, e);
	if (!rc)
		rc = api_require(body, "year", e);
	if (!rc)
		rc = api_get_int(body, "year", 2000, 2100, &in.year, e);
	if (!rc)
		rc = api_get_str(body, "reg_no", req->arena, 50, &in.reg_no, e);
	if (!rc)
		rc = api_get_str(body, "status", req->arena, 32, &status, e);
	if (!rc && status)
		rc = tsme_status_parse(status, &in.status, e);
	if (!rc)
		rc = api_get_date(body, "registered_on", &in.registered_on, e);
	json_decref(body);
	if (!rc)
		rc = tsme_save(&l, uscc, &in, NULL, e);
	return rc ? rc : reply_tsme(req, res, &l, uscc, 200, e);
}

/* ---- annual reports ------------------------------------------------------------------------- */

static void write_annual_year(struct jw *w, const struct annual_year *y)
{
	jw_obj_begin(w, NULL);
	jw_int(w, "year", y->year);
	jw_date(w, "due_on", y->due_on, LEDGER_NO_DATE);
	jw_str(w, "state", annual_state_name(y->state));
	jw_str(w, "state_label", annual_state_label(y->state));
	jw_date(w, "filed_on", y->filed_on, LEDGER_NO_DATE);
	jw_str(w, "note", y->note);
	jw_bool(w, "recorded", y->recorded);
	jw_obj_end(w);
}

static int reply_annual(struct http_request *req, struct http_response *res, struct ledger *l,
			const char *uscc, struct err *e)
{
	struct annual_status s;
	int rc = annual_status(l, uscc, LEDGER_NO_DATE, req->arena, &s, e);
	if (rc)
		return rc;
	struct jw w;
	api_reply_begin(&w, res);
	jw_obj_begin(&w, NULL);
	jw_bool(&w, "has_cert", s.has_cert);
	jw_date(&w, "cert_on", s.has_cert ? s.cert_on : LEDGER_NO_DATE, LEDGER_NO_DATE);
	jw_int(&w, "missing", s.missing);
	jw_bool(&w, "at_risk", s.at_risk);
	jw_arr_begin(&w, "years");
	for (int i = 0; i < s.n_years; i++)
		write_annual_year(&w, &s.years[i]);
	jw_arr_end(&w);
	jw_arr_begin(&w, "others");
	for (size_t i = 0; i < s.n_others; i++)
		write_annual_year(&w, &s.others[i]);
	jw_arr_end(&w);
	jw_obj_end(&w);
	return jw_finish(&w);
}

static int firm_annual(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	app_ledger(req, &l);
	return reply_annual(req, res, &l, http_param(req, "uscc"), e);
}

static int save_annual(struct http_request *req, struct http_response *res, struct err *e)
{
	static const char *const known[] = {"filed_on", "note", NULL};
	json_t *body = NULL;
	struct ledger l;
	const char *note = NULL, *uscc = http_param(req, "uscc"), *ys = http_param(req, "year");
	int32_t filed = LEDGER_NO_DATE;
	app_ledger(req, &l);
	if (!ys || strlen(ys) != 4 || strspn(ys, "0123456789") != 4)
		return err_set(e, ERR_INVALID, "year", "年度无效");
	int rc = http_json_body(req, &body, e);
	if (!rc)
		rc = api_check_members(body, known, e);
	if (!rc)
		rc = api_get_date(body, "filed_on", &filed, e);
	if (!rc)
		rc = api_get_str(body, "note", req->arena, 500, &note, e);
	json_decref(body);
	if (!rc)
		rc = annual_save(&l, uscc, atoll(ys), filed, note, e);
	return rc ? rc : reply_annual(req, res, &l, uscc, e);
}

static int annual_risk_list(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	struct annual_risk *items = NULL;
	size_t n = 0;
	app_ledger(req, &l);
	int rc = annual_risks(&l, http_query(req, "area"), LEDGER_NO_DATE, req->arena, &items, &n,
			      e);
	if (rc)
		return rc;
	struct jw w;
	api_items_begin(&w, res);
	for (size_t i = 0; i < n; i++) {
		jw_obj_begin(&w, NULL);
		jw_str(&w, "uscc", items[i].uscc);
		jw_str(&w, "name", items[i].name);
		jw_str(&w, "area", items[i].area);
		jw_date(&w, "cert_on", items[i].cert_on, LEDGER_NO_DATE);
		jw_int(&w, "missing", items[i].missing);
		jw_obj_end(&w);
	}
	return api_items_end(&w);
}

void api_apply_routes(struct router *r)
{
	router_add(r, HTTP_GET, "/api/v1/batches{?year,area}", list_batches, ROUTE_CACHE);
	router_add(r, HTTP_POST, "/api/v1/batches{?area}", create_batch, 0);
	router_add(r, HTTP_GET, "/api/v1/batches/{id}{?area}", get_batch, ROUTE_CACHE);
	router_add(r, HTTP_PUT, "/api/v1/batches/{id}{?area}", update_batch, 0);
	router_add(r, HTTP_POST, "/api/v1/batches/{id}/outcomes{?dry_run,filename}", post_outcomes,
		   ROUTE_LARGE_BODY | ROUTE_HEAVY);
	router_add(r, HTTP_GET, "/api/v1/applications{?batch_id,stage,area,q,page,page_size}",
		   list_apps, ROUTE_CACHE);
	router_add(r, HTTP_POST, "/api/v1/applications", create_apps, 0);
	router_add(r, HTTP_POST, "/api/v1/applications/stage", move_apps, 0);
	router_add(r, HTTP_GET, "/api/v1/applications/{id}", get_app, ROUTE_CACHE);
	router_add(r, HTTP_POST, "/api/v1/applications/{id}/stage", move_app, 0);
	router_add(r, HTTP_GET,
		   "/api/v1/enterprises/{uscc}/applications{?batch_id,stage,area,q,page,page_size}",
		   firm_apps, ROUTE_CACHE);
	router_add(r, HTTP_GET, "/api/v1/enterprises/{uscc}/tsme", firm_tsme, ROUTE_CACHE);
	router_add(r, HTTP_POST, "/api/v1/enterprises/{uscc}/tsme", save_tsme, 0);
	router_add(r, HTTP_GET, "/api/v1/enterprises/{uscc}/annual-reports", firm_annual,
		   ROUTE_CACHE);
	router_add(r, HTTP_PUT, "/api/v1/enterprises/{uscc}/annual-reports/{year}", save_annual, 0);
	router_add(r, HTTP_GET, "/api/v1/annual-reports/risks{?area}", annual_risk_list,
		   ROUTE_CACHE);
	router_add(r, HTTP_POST, "/api/v1/tsme/registrations{?year,dry_run,filename}",
		   post_tsme_list, ROUTE_LARGE_BODY | ROUTE_HEAVY);
}
