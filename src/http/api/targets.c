/*
 * http/api/targets — targets, responsibility links, progress and the
 * scorecard over HTTP (ledger/targets, product C7 and C12). docs/api.md
 * "Targets, links, progress and the scorecard" is the contract. Handlers are
 * straight lines: parse, one ledger call, render.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "http/api/api.h"
#include "http/app.h"
#include "io/scorecard_export.h"
#include "io/targets_import.h"
#include "ledger/base/perm.h"
#include "ledger/monitor/calendar.h"
#include "ledger/register/area.h"
#include "ledger/targets/link.h"
#include "ledger/targets/map.h"
#include "ledger/targets/progress.h"
#include "ledger/targets/scorecard.h"
#include "ledger/targets/snapshot.h"
#include "ledger/targets/target.h"

/* The year of REQ's query (default: this year). */
static int query_year(const struct http_request *req, int64_t *year, struct err *e)
{
	return http_query_int(req, "year", 2000, 2100, date_year(date_today()), year, e);
}

static void write_metrics(struct jw *w, const struct target_metric *m, size_t n)
{
	jw_arr_begin(w, "metrics");
	for (size_t i = 0; i < n; i++) {
		jw_obj_begin(w, NULL);
		jw_str(w, "code", m[i].code);
		jw_str(w, "name", m[i].name);
		jw_bool(w, "stock", m[i].stock);
		jw_int(w, "weight", m[i].weight);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

/* ---- targets ---------------------------------------------------------------------------- */

static int reply_targets(struct http_request *req, struct http_response *res, struct ledger *lp,
			 int64_t year, struct err *e)
{
	int64_t cap = 0;
	struct target *items = NULL;
	struct target_metric *metrics = NULL;
	size_t n = 0, nm = 0;
	struct api_areas areas;
	struct ledger l = *lp;
	int rc = target_list(&l, (int)year, req->arena, &items, &n, e);
	if (!rc)
		rc = target_metrics(&l, req->arena, &metrics, &nm, e);
	if (!rc)
		rc = target_cap_get(&l, (int)year, &cap, e);
	if (!rc)
		rc = api_areas_load(&l, req->arena, &areas, e);
	if (rc)
		return rc;
	struct jw w;
	api_reply_begin(&w, res);
	jw_obj_begin(&w, NULL);
	jw_int(&w, "year", year);
	jw_int(&w, "cap_bp", cap);
	write_metrics(&w, metrics, nm);
	jw_arr_begin(&w, "items");
	for (size_t i = 0; i < n; i++) {
		jw_obj_begin(&w, NULL);
		jw_str(&w, "area", items[i].area);
		jw_str(&w, "area_name",
		       items[i].area ? api_area_name(&areas, items[i].area) : "全市");
		jw_str(&w, "metric", items[i].metric);
		jw_int(&w, "value", items[i].value);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	/* the decomposition check: the city's total against the sum of the areas' (all areas
	 * are visible to those who set targets; a county sees only its own) */
	if (perm_may(&l.scope, CAP_TARGETS_MANAGE)) {
		jw_arr_begin(&w, "sums");
		for (size_t m = 0; m < nm; m++) {
			int64_t city = LEDGER_NONE, sum = 0, parts = 0;
			for (size_t i = 0; i < n; i++) {
				if (strcmp(items[i].metric, metrics[m].code))
					continue;
				if (!items[i].area)
					city = items[i].value;
				else {
					sum += items[i].value;
					parts++;
				}
			}
			jw_obj_begin(&w, NULL);
			jw_str(&w, "metric", metrics[m].code);
			jw_int_or_null(&w, "city", city, LEDGER_NONE);
			jw_int(&w, "areas", sum);
			jw_int(&w, "area_count", parts);
			jw_bool(&w, "mismatch", city != LEDGER_NONE && parts && city != sum);
			jw_obj_end(&w);
		}
		jw_arr_end(&w);
	}
	jw_obj_end(&w);
	return jw_finish(&w);
}

static int sink_body(void *ctx, const void *data, size_t n)
{
	return strbuf_add(ctx, data, n);
}

/* RES answers the spreadsheet written into its body, with the Content-Disposition DISPOSITION. */
static void reply_xlsx(struct http_response *res, const char *disposition)
{
	res->status = 200;
	res->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	http_add_header(res, "Content-Disposition", disposition);
}

static int list_targets(struct http_request *req, struct http_response *res, struct err *e)
{
	int64_t year = 0;
	struct ledger l;
	app_ledger(req, &l);
	const char *format = http_query(req, "format");
	int rc = query_year(req, &year, e);
	if (rc || !format || !*format)
		return rc ? rc : reply_targets(req, res, &l, year, e);
	if (strcmp(format, "xlsx"))
		return err_set(e, ERR_INVALID, "format", "导出格式应为 xlsx：%s", format);
	/* the targets as the progress carries them: the city's row and the visible areas' */
	struct progress p;
	rc = progress_compute(&l, (int)year, LEDGER_NO_DATE, req->arena, &p, e);
	if (rc)
		return rc;
	strbuf_reset(&res->body);
	rc = targets_export(&p, sink_body, &res->body, e);
	if (!rc)
		reply_xlsx(res, "attachment; filename=\"targets.xlsx\"");
	return rc;
}

static int put_targets(struct http_request *req, struct http_response *res, struct err *e)
{
	static const char *const known[] = {"year", "items", NULL};
	static const char *const item_known[] = {"area", "area_name", "metric", "value", NULL};
	json_t *body = NULL;
	int64_t year = 0;
	struct ledger l;
	app_ledger(req, &l);
	int rc = http_json_body(req, &body, e);
	if (!rc)
		rc = api_check_members(body, known, e);
	if (!rc)
		rc = api_require(body, "year", e);
	if (!rc)
		rc = api_get_int(body, "year", 2000, 2100, &year, e);
	json_t *arr = rc ? NULL : json_object_get(body, "items");
	if (!rc && !json_is_array(arr))
		rc = err_set(e, ERR_INVALID, "items", "items 应为数组");
	size_t n = rc ? 0 : json_array_size(arr);
	if (!rc && n > 10000)
		rc = err_set(e, ERR_INVALID, "items", "一次最多设置10000项目标");
	struct target *t = arena_alloc(req->arena, (n + 1) * sizeof *t);
	for (size_t i = 0; !rc && i < n; i++) {
		json_t *o = json_array_get(arr, i);
		if (!json_is_object(o)) {
			rc = err_set(e, ERR_INVALID, "items", "第%zu行：应为对象", i + 1);
			break;
		}
		memset(&t[i], 0, sizeof t[i]);
		t[i].value = LEDGER_NONE;
		rc = api_check_members(o, item_known, e);
		if (!rc)
			rc = api_get_str(o, "area", req->arena, 16, &t[i].area, e);
		if (!rc)
			rc = api_get_str(o, "metric", req->arena, 32, &t[i].metric, e);
		if (!rc)
			rc = api_get_int(o, "value", 0, TARGET_VALUE_MAX, &t[i].value, e);
		if (!rc && t[i].area && !t[i].area[0])
			t[i].area = NULL;
		if (rc) {
			char msg[sizeof e->msg];
			snprintf(msg, sizeof msg, "%s", e->msg);
			rc = err_set(e, rc, "items", "第%zu行：%s", i + 1, msg);
		}
	}
	json_decref(body);
	if (!rc)
		rc = target_set(&l, (int)year, t, n, e);
	return rc ? rc : reply_targets(req, res, &l, year, e);
}

/*
 * POST /api/v1/targets/import?year=&dry_run= with the .xlsx sheet as the
 * body (the layout of the export): the report of what changes (dry run) or
 * changed; a bad cell refuses the whole file.
 */
static int import_targets(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	struct area *areas = NULL;
	struct target_metric *metrics = NULL;
	size_t n_areas = 0, n_metrics = 0;
	struct targets_sheet sh;
	struct target_import_report r;
	int64_t year = 0;
	app_ledger(req, &l);
	/* refused before the upload is read */
	int rc = perm_check(&l.scope, CAP_TARGETS_MANAGE, "无权设置目标", e);
	if (!rc)
		rc = query_year(req, &year, e);
	if (!rc && !req->body_len)
		rc = err_set(e, ERR_INVALID, "file", "上传的文件为空");
	if (!rc)
		rc = area_list(&l, req->arena, &areas, &n_areas, e);
	if (!rc)
		rc = target_metrics(&l, req->arena, &metrics, &n_metrics, e);
	if (!rc)
		rc = targets_read_mem(req->body, req->body_len, areas, n_areas, metrics, n_metrics,
				      req->arena, &sh, e);
	/* a sheet exported for one year is not imported into another */
	if (!rc && sh.year && sh.year != year)
		rc = err_set(e, ERR_INVALID, "year",
			     "文件是 %d 年的目标（工作表名称以“%d年”开头），与所选年度 %lld 不符；"
			     "请选择 %d 年，或导入该年度的文件",
			     sh.year, sh.year, (long long)year, sh.year);
	int dry = 0;
	if (!rc)
		rc = api_query_flag(req, "dry_run", &dry, e);
	if (!rc)
		rc = target_import(&l, (int)year, sh.items, sh.n, dry, &r, e);
	if (rc)
		return rc;
	struct jw w;
	api_reply_begin(&w, res);
	jw_obj_begin(&w, NULL);
	jw_int(&w, "year", year);
	jw_bool(&w, "dry_run", r.dry_run);
	jw_int(&w, "header_row", (int64_t)sh.header_row);
	jw_int(&w, "rows", (int64_t)sh.rows);
	jw_int(&w, "metrics", (int64_t)sh.metrics);
	jw_int(&w, "cells", (int64_t)r.cells);
	jw_int(&w, "created", (int64_t)r.created);
	jw_int(&w, "changed", (int64_t)r.changed);
	jw_int(&w, "removed", (int64_t)r.removed);
	jw_int(&w, "unchanged", (int64_t)r.unchanged);
	jw_obj_end(&w);
	return jw_finish(&w);
}

/* PUT /api/v1/scorecard/settings {year, cap_bp, weights: {code: weight}}: one transaction. */
static int put_settings(struct http_request *req, struct http_response *res, struct err *e)
{
	static const char *const known[] = {"year", "cap_bp", "weights", NULL};
	json_t *body = NULL;
	int64_t year = 0, cap = LEDGER_NONE;
	struct ledger l;
	app_ledger(req, &l);
	int rc = http_json_body(req, &body, e);
	if (!rc)
		rc = api_check_members(body, known, e);
	if (!rc)
		rc = api_require(body, "year", e);
	if (!rc)
		rc = api_get_int(body, "year", 2000, 2100, &year, e);
	if (!rc)
		rc = api_get_int(body, "cap_bp", TARGET_CAP_MIN, TARGET_CAP_MAX, &cap, e);
	json_t *weights = rc ? NULL : json_object_get(body, "weights");
	if (!rc && weights && !json_is_object(weights))
		rc = err_set(e, ERR_INVALID, "weights", "weights 应为对象");
	if (!rc)
		rc = perm_check(&l.scope, CAP_TARGETS_MANAGE, "无权设置考核权重", e);
	if (!rc)
		rc = ledger_begin(&l, e);
	if (rc) {
		json_decref(body);
		return rc;
	}
	if (cap != LEDGER_NONE)
		rc = target_cap_set(&l, (int)year, cap, e);
	const char *code;
	json_t *v;
	json_object_foreach(weights, code, v)
	{
		int64_t wt = 0;
		if (rc)
			break;
		rc = api_get_int(weights, code, 0, TARGET_WEIGHT_MAX, &wt, e);
		if (!rc)
			rc = target_weight_set(&l, code, wt, e);
	}
	json_decref(body);
	if (rc) {
		struct err ignore;
		ledger_rollback(&l, &ignore);
		return rc;
	}
	rc = ledger_commit(&l, e);
	return rc ? rc : reply_targets(req, res, &l, year, e);
}

/* ---- links ------------------------------------------------------------------------------ */

static void write_link(struct jw *w, const struct target_link *k, const struct api_areas *areas)
{
	jw_obj_begin(w, NULL);
	jw_int(w, "id", k->id);
	jw_str(w, "area", k->area);
	jw_str(w, "area_name", api_area_name(areas, k->area));
	jw_str(w, "role", link_role_name(k->role));
	jw_str(w, "role_label", link_role_label(k->role));
	jw_str(w, "name", k->name);
	jw_str(w, "title", k->title);
	jw_str(w, "phone", k->phone);
	jw_str(w, "updated_at", k->updated_at);
	jw_obj_end(w);
}

static int list_links(struct http_request *req, struct http_response *res, struct err *e)
{
	struct target_link *items = NULL;
	size_t n = 0;
	struct api_areas areas;
	struct ledger l;
	app_ledger(req, &l);
	const char *area = http_query(req, "area");
	int rc = link_list(&l, area && *area ? area : NULL, req->arena, &items, &n, e);
	if (!rc)
		rc = api_areas_load(&l, req->arena, &areas, e);
	if (rc)
		return rc;
	struct jw w;
	api_items_begin(&w, res);
	for (size_t i = 0; i < n; i++)
		write_link(&w, &items[i], &areas);
	return api_items_end(&w);
}

static int read_link(struct http_request *req, json_t *body, struct target_link *k, struct err *e)
{
	static const char *const known[] = {"id",	  "area",	"area_name", "role",
					    "role_label", "name",	"title",     "phone",
					    "updated_at", "created_at", NULL};
	const char *role = NULL;
	int rc = api_check_members(body, known, e);
	if (!rc)
		rc = api_get_str(body, "area", req->arena, 16, &k->area, e);
	if (!rc)
		rc = api_get_str(body, "role", req->arena, 32, &role, e);
	if (!rc && role)
		rc = link_role_parse(role, &k->role, e);
	if (!rc)
		rc = api_get_str(body, "name", req->arena, 64, &k->name, e);
	if (!rc)
		rc = api_get_str(body, "title", req->arena, 64, &k->title, e);
	if (!rc)
		rc = api_get_str(body, "phone", req->arena, 32, &k->phone, e);
	return rc;
}

static int reply_link(struct http_request *req, struct http_response *res, struct ledger *l,
		      int64_t id, int status, struct err *e)
{
	struct target_link k;
	struct api_areas areas;
	int rc = link_get(l, id, req->arena, &k, e);
	if (!rc)
		rc = api_areas_load(l, req->arena, &areas, e);
	if (rc)
		return rc;
	struct jw w;
	api_reply_begin(&w, res);
	write_link(&w, &k, &areas);
	res->status = status;
	return jw_finish(&w);
}

static int create_link(struct http_request *req, struct http_response *res, struct err *e)
{
	json_t *body = NULL;
	struct target_link k;
	int64_t id = 0;
	memset(&k, 0, sizeof k);
	k.role = LINK_STAFF;
	struct ledger l;
	app_ledger(req, &l);
	int rc = http_json_body(req, &body, e);
	if (!rc)
		rc = read_link(req, body, &k, e);
	json_decref(body);
	if (!rc)
		rc = link_add(&l, &k, &id, e);
	return rc ? rc : reply_link(req, res, &l, id, 201, e);
}

static int update_link(struct http_request *req, struct http_response *res, struct err *e)
{
	json_t *body = NULL;
	struct target_link k;
	int64_t id = 0;
	struct ledger l;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "包保联系", &id, e);
	if (!rc)
		rc = link_get(&l, id, req->arena, &k, e);
	if (!rc)
		rc = http_json_body(req, &body, e);
	if (!rc)
		rc = read_link(req, body, &k, e);
	json_decref(body);
	if (!rc)
		rc = link_update(&l, id, &k, e);
	return rc ? rc : reply_link(req, res, &l, id, 200, e);
}

static int delete_link(struct http_request *req, struct http_response *res, struct err *e)
{
	int64_t id = 0;
	struct ledger l;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "包保联系", &id, e);
	if (!rc)
		rc = link_delete(&l, id, e);
	if (rc)
		return rc;
	res->status = 204;
	strbuf_reset(&res->body);
	return 0;
}

/* ---- progress and scorecard ------------------------------------------------------------- */

static int read_progress(struct http_request *req, struct ledger *l, struct progress *p,
			 struct err *e)
{
	int64_t year = 0;
	int32_t as_of = LEDGER_NO_DATE;
	const char *v = http_query(req, "as_of");
	int rc = query_year(req, &year, e);
	if (!rc && v && *v)
		rc = date_parse(v, strlen(v), &as_of, "as_of", e);
	if (!rc)
		rc = progress_compute(l, (int)year, as_of, req->arena, p, e);
	return rc;
}

static void write_row(struct jw *w, const char *key, const struct progress *p,
		      const struct progress_row *r)
{
	jw_obj_begin(w, key);
	jw_str(w, "area", r->area);
	jw_str(w, "area_name", r->area_name);
	jw_int(w, "score_bp", r->score_bp);
	jw_int_or_null(w, "rank", r->rank, 0);
	jw_str(w, "status", scorecard_status_name(r->status));
	jw_str(w, "status_label", scorecard_status_label(r->status));
	jw_int(w, "key_pass", r->pass);
	jw_int(w, "key_borderline", r->borderline);
	jw_obj_begin(w, "cells");
	for (size_t m = 0; m < p->n_metrics; m++) {
		const struct progress_cell *c = &r->cells[m];
		jw_obj_begin(w, p->metrics[m].code);
		jw_int_or_null(w, "target", c->target, LEDGER_NONE);
		if (c->target_summed)
			jw_bool(w, "target_summed", 1);
		jw_int(w, "achieved", c->achieved);
		jw_int(w, "projected", c->projected);
		jw_int_or_null(w, "completion_bp", c->completion_bp, LEDGER_NONE);
		jw_int_or_null(w, "projected_bp", c->projected_bp, LEDGER_NONE);
		jw_str(w, "status", scorecard_status_name(c->status));
		jw_obj_end(w);
	}
	jw_obj_end(w);
	jw_obj_end(w);
}

static void write_progress(struct jw *w, const struct progress *p)
{
	char formula[2048];
	jw_int(w, "year", p->year);
	jw_date(w, "as_of", p->as_of, LEDGER_NO_DATE);
	jw_int(w, "elapsed_bp", p->elapsed_bp);
	jw_int(w, "cap_bp", p->cap_bp);
	jw_int(w, "ranked", (int64_t)p->n_ranked);
	scorecard_formula(p, formula, sizeof formula);
	jw_str(w, "formula", formula);
	write_metrics(w, p->metrics, p->n_metrics);
	write_row(w, "city", p, &p->city);
}

static int reply_progress(struct http_response *res, const struct progress *p)
{
	struct jw w;
	api_reply_begin(&w, res);
	jw_obj_begin(&w, NULL);
	write_progress(&w, p);
	jw_arr_begin(&w, "items");
	for (size_t i = 0; i < p->n; i++)
		write_row(&w, NULL, p, &p->rows[i]);
	jw_arr_end(&w);
	jw_obj_end(&w);
	return jw_finish(&w);
}

static int get_progress(struct http_request *req, struct http_response *res, struct err *e)
{
	struct progress p;
	struct ledger l;
	app_ledger(req, &l);
	int rc = read_progress(req, &l, &p, e);
	return rc ? rc : reply_progress(res, &p);
}

/*
 * GET /api/v1/progress/snapshots?year=&metric=: the weekly snapshots of the
 * year visible to the caller (the trend line), by week.
 */
static int get_snapshots(struct http_request *req, struct http_response *res, struct err *e)
{
	struct snapshot_point *pts = NULL;
	struct api_areas areas;
	size_t n = 0;
	int64_t year = 0;
	struct ledger l;
	app_ledger(req, &l);
	const char *metric = http_query(req, "metric");
	int rc = query_year(req, &year, e);
	if (!rc && metric && strlen(metric) > 32)
		rc = err_set(e, ERR_INVALID, "metric", "指标无效");
	if (!rc)
		rc = snapshot_series(&l, (int)year, metric && *metric ? metric : NULL, req->arena,
				     &pts, &n, e);
	if (!rc)
		rc = api_areas_load(&l, req->arena, &areas, e);
	if (rc)
		return rc;
	struct jw w;
	api_reply_begin(&w, res);
	jw_obj_begin(&w, NULL);
	jw_int(&w, "year", year);
	jw_arr_begin(&w, "items");
	for (size_t i = 0; i < n; i++) {
		const struct snapshot_point *s = &pts[i];
		jw_obj_begin(&w, NULL);
		jw_date(&w, "week", s->week, LEDGER_NO_DATE);
		jw_date(&w, "taken_on", s->taken_on, LEDGER_NO_DATE);
		jw_str(&w, "area", s->area);
		jw_str(&w, "area_name", s->area ? api_area_name(&areas, s->area) : "全市");
		jw_str(&w, "metric", s->metric);
		jw_int_or_null(&w, "target", s->target, LEDGER_NONE);
		jw_int(&w, "achieved", s->achieved);
		jw_int(&w, "projected", s->projected);
		jw_int_or_null(&w, "completion_bp", s->completion_bp, LEDGER_NONE);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	return jw_finish(&w);
}

static int get_scorecard(struct http_request *req, struct http_response *res, struct err *e)
{
	struct progress p;
	struct ledger l;
	app_ledger(req, &l);
	const char *format = http_query(req, "format");
	int rc = read_progress(req, &l, &p, e);
	if (rc)
		return rc;
	progress_sort_by_rank(&p);
	if (format && *format) {
		if (strcmp(format, "xlsx"))
			return err_set(e, ERR_INVALID, "format", "导出格式应为 xlsx：%s", format);
		strbuf_reset(&res->body);
		rc = scorecard_export(&p, sink_body, &res->body, e);
		if (rc)
			return rc;
		reply_xlsx(res, "attachment; filename=\"scorecard.xlsx\"");
		return 0;
	}
	return reply_progress(res, &p);
}

/* ---- the work schedule ------------------------------------------------------------------ */

/*
 * GET /api/v1/milestones?year=&status=: the year's calendar milestones as the
 * work schedule, with owner and status, and overdue (its day has passed and it
 * is neither done nor cancelled).
 */
static int list_milestones(struct http_request *req, struct http_response *res, struct err *e)
{
	int64_t year = 0;
	int status = -1;
	struct milestone *items = NULL;
	size_t n = 0;
	struct api_areas areas;
	struct ledger l;
	app_ledger(req, &l);
	const char *v = http_query(req, "status");
	int rc = query_year(req, &year, e);
	if (!rc && v && *v)
		rc = milestone_status_parse(v, &status, e);
	if (!rc)
		rc = calendar_list(&l, (int)year, 0, req->arena, &items, &n, e);
	if (!rc)
		rc = api_areas_load(&l, req->arena, &areas, e);
	if (rc)
		return rc;
	int32_t today = date_today();
	struct jw w;
	api_items_begin(&w, res);
	for (size_t i = 0; i < n; i++) {
		const struct milestone *m = &items[i];
		if (status >= 0 && m->status != status)
			continue;
		jw_obj_begin(&w, NULL);
		jw_int(&w, "id", m->id);
		jw_str(&w, "name", m->name);
		jw_date(&w, "on_date", m->on_date, LEDGER_NO_DATE);
		jw_str(&w, "kind", milestone_kind_name(m->kind));
		jw_str(&w, "kind_label", milestone_kind_label(m->kind));
		jw_str(&w, "area", m->area);
		jw_str(&w, "area_name", m->area ? api_area_name(&areas, m->area) : "全市");
		jw_str(&w, "owner", m->owner);
		jw_str(&w, "status", milestone_status_name(m->status));
		jw_str(&w, "status_label", milestone_status_label(m->status));
		jw_bool(&w, "overdue",
			m->on_date < today && m->status != MILESTONE_DONE &&
				m->status != MILESTONE_CANCELLED);
		jw_str(&w, "note", m->note);
		jw_obj_end(&w);
	}
	return api_items_end(&w);
}

/* ---- the board's map -------------------------------------------------------------------- */

/*
 * The map M as JSON: its name and counts; with REPORT (targets.manage) the
 * areas it does not draw and the features that match no area; with GEOJSON
 * the normalised GeoJSON itself.
 */
static int reply_map(struct http_response *res, const struct boardmap *m, int report, int geojson,
		     int dry_run)
{
	struct jw w;
	api_reply_begin(&w, res);
	jw_obj_begin(&w, NULL);
	jw_bool(&w, "present", 1);
	if (dry_run)
		jw_bool(&w, "dry_run", 1);
	jw_str(&w, "name", m->name);
	jw_bool(&w, "schematic", m->schematic);
	jw_int(&w, "features", m->features);
	jw_int(&w, "matched", m->matched);
	jw_int(&w, "size", m->size);
	jw_str(&w, "uploaded_by", m->uploaded_by);
	jw_str(&w, "uploaded_at", m->uploaded_at);
	if (report) {
		jw_arr_begin(&w, "missing");
		for (size_t i = 0; i < m->n_missing; i++) {
			jw_obj_begin(&w, NULL);
			jw_str(&w, "area", m->missing[i].code);
			jw_str(&w, "area_name", m->missing[i].name);
			jw_obj_end(&w);
		}
		jw_arr_end(&w);
		jw_arr_begin(&w, "unmatched");
		for (size_t i = 0; i < m->n_unmatched; i++) {
			jw_obj_begin(&w, NULL);
			jw_int(&w, "index", (int64_t)m->unmatched[i].index);
			jw_str(&w, "name", m->unmatched[i].name);
			jw_obj_end(&w);
		}
		jw_arr_end(&w);
	}
	if (geojson)
		jw_raw(&w, "geojson", m->data);
	jw_obj_end(&w);
	return jw_finish(&w);
}

/* GET /api/v1/targets/map: the map with its GeoJSON, or {present: false} when none. */
static int get_map(struct http_request *req, struct http_response *res, struct err *e)
{
	struct boardmap m;
	struct ledger l;
	app_ledger(req, &l);
	int rc = boardmap_get(&l, req->arena, &m, e);
	if (rc == ERR_NOT_FOUND) {
		struct jw w;
		err_clear(e);
		api_reply_begin(&w, res);
		jw_obj_begin(&w, NULL);
		jw_bool(&w, "present", 0);
		jw_obj_end(&w);
		return jw_finish(&w);
	}
	return rc ? rc : reply_map(res, &m, perm_may(&l.scope, CAP_TARGETS_MANAGE), 1, 0);
}

/*
 * PUT /api/v1/targets/map?filename=&dry_run= with the GeoJSON as the body:
 * checked whole, stored unless a dry run; the report of what it matched.
 */
static int put_map(struct http_request *req, struct http_response *res, struct err *e)
{
	struct boardmap m;
	struct ledger l;
	app_ledger(req, &l);
	int dry_run = 0;
	/* refused before the upload is read */
	int rc = perm_check(&l.scope, CAP_TARGETS_MANAGE, "无权上传区域地图", e);
	if (!rc)
		rc = api_query_flag(req, "dry_run", &dry_run, e);
	if (!rc)
		rc = boardmap_put(&l, req->body, req->body_len, http_query(req, "filename"),
				  dry_run, req->arena, &m, e);
	return rc ? rc : reply_map(res, &m, 1, 0, dry_run);
}

static int delete_map(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	app_ledger(req, &l);
	int rc = boardmap_delete(&l, e);
	if (rc)
		return rc;
	res->status = 204;
	strbuf_reset(&res->body);
	return 0;
}

void api_targets_routes(struct router *r)
{
	router_add(r, HTTP_GET, "/api/v1/targets{?year,format}", list_targets, ROUTE_CACHE);
	router_add(r, HTTP_PUT, "/api/v1/targets", put_targets, 0);
	router_add(r, HTTP_POST, "/api/v1/targets/import{?year,dry_run,filename}", import_targets,
		   ROUTE_LARGE_BODY | ROUTE_HEAVY);
	router_add(r, HTTP_GET, "/api/v1/targets/map", get_map, ROUTE_CACHE);
	router_add(r, HTTP_PUT, "/api/v1/targets/map{?filename,dry_run}", put_map,
		   ROUTE_LARGE_BODY | ROUTE_HEAVY);
	router_add(r, HTTP_DELETE, "/api/v1/targets/map", delete_map, 0);
	router_add(r, HTTP_GET, "/api/v1/links{?area}", list_links, ROUTE_CACHE);
	router_add(r, HTTP_POST, "/api/v1/links", create_link, 0);
	router_add(r, HTTP_PUT, "/api/v1/links/{id}", update_link, 0);
	router_add(r, HTTP_DELETE, "/api/v1/links/{id}", delete_link, 0);
	router_add(r, HTTP_GET, "/api/v1/progress{?year,as_of}", get_progress, ROUTE_CACHE);
	router_add(r, HTTP_GET, "/api/v1/progress/snapshots{?year,metric}", get_snapshots,
		   ROUTE_CACHE);
	router_add(r, HTTP_GET, "/api/v1/scorecard{?year,as_of,format}", get_scorecard,
		   ROUTE_CACHE);
	router_add(r, HTTP_PUT, "/api/v1/scorecard/settings", put_settings, 0);
	router_add(r, HTTP_GET, "/api/v1/milestones{?year,status}", list_milestones, ROUTE_CACHE);
}
