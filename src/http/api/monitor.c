/*
 * http/api/monitor — pipeline monitoring over HTTP (ledger/monitor, product
 * C6): the caller's reminders (list, bell count, export, done / snoozed
 * marks) and the programme calendar (milestones, a firm's own calendar).
 * docs/api.md "Reminders and calendar" is the contract. Handlers are
 * straight lines: parse, one ledger call, render.
 */
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "http/api/api.h"
#include "http/app.h"
#include "io/export.h"
#include "io/remind_export.h"
#include "ledger/monitor/calendar.h"
#include "ledger/monitor/remind.h"

/* ---- reminders ------------------------------------------------------------------------ */

static void write_reminder(struct jw *w, const struct reminder *r, const struct api_areas *areas)
{
	jw_obj_begin(w, NULL);
	jw_str(w, "key", r->key);
	jw_str(w, "rule", r->rule);
	jw_str(w, "rule_label", remind_rule_label(r->rule));
	jw_str(w, "uscc", r->uscc);
	jw_str(w, "name", r->name);
	jw_str(w, "area", r->area);
	jw_str(w, "area_name", api_area_name(areas, r->area));
	jw_date(w, "due_on", r->due_on, LEDGER_NO_DATE);
	jw_str(w, "detail", r->detail);
	jw_str(w, "state", r->state ? r->state : "open");
	jw_date(w, "until", r->until, LEDGER_NO_DATE);
	jw_str(w, "reason", r->reason);
	jw_obj_end(w);
}

static int read_filter(const struct http_request *req, struct remind_filter *f, struct err *e)
{
	const char *v;
	remind_filter_init(f);
	if ((v = http_query(req, "status")) && *v) {
		int rc = remind_status_parse(v, &f->status, e);
		if (rc)
			return rc;
	}
	if ((v = http_query(req, "rule")) && *v)
		f->rule = v;
	if ((v = http_query(req, "area")) && *v)
		f->area = v;
	if ((v = http_query(req, "uscc")) && *v)
		f->uscc = v;
	return 0;
}

static int sink_body(void *ctx, const void *p, size_t n)
{
	return strbuf_add(ctx, p, n);
}

static int export_reminders(struct http_response *res, struct ledger *l,
			    const struct remind_filter *f, const char *format, struct err *e)
{
	enum export_format fmt;
	int rc = export_format_parse(format, &fmt, e);
	if (rc)
		return rc;
	strbuf_reset(&res->body);
	rc = remind_export(l, f, fmt, sink_body, &res->body, NULL, e);
	if (rc)
		return rc;
	res->status = 200;
	res->content_type =
		fmt == EXPORT_XLSX
			? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
			: "text/csv; charset=utf-8";
	http_add_header(res, "Content-Disposition",
			fmt == EXPORT_XLSX ? "attachment; filename=\"reminders.xlsx\""
					   : "attachment; filename=\"reminders.csv\"");
	return 0;
}

static int list_reminders(struct http_request *req, struct http_response *res, struct err *e)
{
	struct remind_filter f;
	struct remind_page pg;
	struct api_areas areas;
	int64_t page = 1, page_size = 50;
	struct ledger l;
	app_ledger(req, &l);
	int rc = read_filter(req, &f, e);
	const char *format = http_query(req, "format");
	if (!rc && format && *format)
		return export_reminders(res, &l, &f, format, e);
	if (!rc)
		rc = api_read_paging(req, &page, &page_size, e);
	if (rc)
		return rc;
	f.offset = (page - 1) * page_size;
	f.limit = page_size;
	rc = remind_list(&l, &f, req->arena, &pg, e);
	if (!rc)
		rc = api_areas_load(&l, req->arena, &areas, e);
	if (rc)
		return rc;
	struct jw w;
	api_items_begin(&w, res);
	for (size_t i = 0; i < pg.n; i++)
		write_reminder(&w, &pg.items[i], &areas);
	return api_items_end_paged(&w, pg.total, page, page_size);
}

static int count_reminders(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	app_ledger(req, &l);
	int64_t n = 0;
	int32_t on = LEDGER_NO_DATE;
	int rc = remind_count_open(&l, date_today(), &n, e);
	if (!rc)
		rc = remind_computed_on(&l, &on, e);
	if (rc)
		return rc;
	struct jw w;
	api_reply_begin(&w, res);
	jw_obj_begin(&w, NULL);
	jw_int(&w, "open", n);
	jw_date(&w, "computed_on", on, LEDGER_NO_DATE);
	jw_obj_end(&w);
	return jw_finish(&w);
}

static int rules_reminders(struct http_request *req, struct http_response *res, struct err *e)
{
	(void)req;
	(void)e;
	size_t n = 0;
	const struct remind_rule_info *rules = remind_rules(&n);
	struct jw w;
	api_items_begin(&w, res);
	for (size_t i = 0; i < n; i++) {
		jw_obj_begin(&w, NULL);
		jw_str(&w, "code", rules[i].code);
		jw_str(&w, "label", rules[i].label);
		jw_obj_end(&w);
	}
	return api_items_end(&w);
}

/* PATCH (or POST) /api/v1/reminders/{key} {"state", "until", "reason"}. */
static int mark_reminder(struct http_request *req, struct http_response *res, struct err *e)
{
	static const char *const known[] = {"state", "until", "reason", NULL};
	json_t *body = NULL;
	const char *state = NULL, *reason = NULL;
	int32_t until = LEDGER_NO_DATE;
	const char *key = http_param(req, "key");
	int rc = http_json_body(req, &body, e);
	if (!rc)
		rc = api_check_members(body, known, e);
	if (!rc)
		rc = api_require(body, "state", e);
	if (!rc)
		rc = api_get_str(body, "state", req->arena, 16, &state, e);
	if (!rc)
		rc = api_get_date(body, "until", &until, e);
	if (!rc)
		rc = api_get_str(body, "reason", req->arena, 500, &reason, e);
	json_decref(body);
	if (rc)
		return rc;
	struct ledger l;
	app_ledger(req, &l);
	rc = remind_mark(&l, key, state, until, reason, date_today(), e);
	if (rc)
		return rc;
	/* the reminder as the caller now sees it */
	struct remind_filter f;
	struct remind_page pg;
	struct api_areas areas;
	remind_filter_init(&f);
	f.status = REMIND_ALL;
	f.limit = REMIND_PAGE_MAX;
	f.key = key; /* a firm's reminder or one of no firm (a late milestone) alike */
	rc = remind_list(&l, &f, req->arena, &pg, e);
	if (!rc)
		rc = api_areas_load(&l, req->arena, &areas, e);
	if (rc)
		return rc;
	if (pg.n == 1) {
		struct jw w;
		api_reply_begin(&w, res);
		write_reminder(&w, &pg.items[0], &areas);
		return jw_finish(&w);
	}
	return err_set(e, ERR_NOT_FOUND, "key", "提醒不存在：%s", key);
}

/* ---- calendar ------------------------------------------------------------------------- */

static void write_milestone(struct jw *w, const struct milestone *m, const struct api_areas *areas)
{
	jw_obj_begin(w, NULL);
	jw_int(w, "id", m->id);
	jw_str(w, "name", m->name);
	jw_date(w, "on_date", m->on_date, LEDGER_NO_DATE);
	jw_str(w, "kind", milestone_kind_name(m->kind));
	jw_str(w, "kind_label", milestone_kind_label(m->kind));
	jw_str(w, "area", m->area);
	jw_str(w, "area_name", m->area ? api_area_name(areas, m->area) : "全市");
	jw_str(w, "note", m->note);
	jw_str(w, "owner", m->owner);
	jw_str(w, "status", milestone_status_name(m->status));
	jw_str(w, "status_label", milestone_status_label(m->status));
	jw_str(w, "updated_at", m->updated_at);
	jw_obj_end(w);
}

static int list_calendar(struct http_request *req, struct http_response *res, struct err *e)
{
	int64_t year = 0, month = 0;
	struct milestone *items = NULL;
	size_t n = 0;
	struct api_areas areas;
	struct ledger l;
	app_ledger(req, &l);
	int rc = http_query_int(req, "year", 1990, 9999, date_year(date_today()), &year, e);
	if (!rc)
		rc = http_query_int(req, "month", 0, 12, 0, &month, e);
	if (!rc)
		rc = calendar_list(&l, (int)year, (int)month, req->arena, &items, &n, e);
	if (!rc)
		rc = api_areas_load(&l, req->arena, &areas, e);
	if (rc)
		return rc;
	struct jw w;
	api_items_begin(&w, res);
	for (size_t i = 0; i < n; i++)
		write_milestone(&w, &items[i], &areas);
	return api_items_end(&w);
}

/* A milestone from BODY, starting from *M (the stored one for an update). */
static int read_milestone(struct http_request *req, json_t *body, struct milestone *m,
			  struct err *e)
{
	static const char *const known[] = {"id",	    "name",	  "on_date",   "kind",
					    "kind_label",   "area",	  "area_name", "note",
					    "updated_at",   "created_at", "owner",     "status",
					    "status_label", "overdue",	  NULL};
	const char *kind = NULL, *status = NULL;
	int rc = api_check_members(body, known, e);
	if (!rc)
		rc = api_get_str(body, "name", req->arena, 200, &m->name, e);
	if (!rc)
		rc = api_get_date(body, "on_date", &m->on_date, e);
	if (!rc)
		rc = api_get_str(body, "kind", req->arena, 32, &kind, e);
	if (!rc && kind)
		rc = milestone_kind_parse(kind, &m->kind, e);
	if (!rc)
		rc = api_get_str(body, "area", req->arena, 16, &m->area, e);
	if (!rc)
		rc = api_get_str(body, "note", req->arena, 1000, &m->note, e);
	if (!rc)
		rc = api_get_str(body, "owner", req->arena, 64, &m->owner, e);
	if (!rc)
		rc = api_get_str(body, "status", req->arena, 32, &status, e);
	if (!rc && status)
		rc = milestone_status_parse(status, &m->status, e);
	return rc;
}

static int reply_milestone(struct http_request *req, struct http_response *res, struct ledger *l,
			   int64_t id, int status, struct err *e)
{
	struct milestone m;
	struct api_areas areas;
	int rc = calendar_get(l, id, req->arena, &m, e);
	if (!rc)
		rc = api_areas_load(l, req->arena, &areas, e);
	if (rc)
		return rc;
	struct jw w;
	api_reply_begin(&w, res);
	write_milestone(&w, &m, &areas);
	res->status = status;
	return jw_finish(&w);
}

static int create_milestone(struct http_request *req, struct http_response *res, struct err *e)
{
	json_t *body = NULL;
	struct milestone m;
	int64_t id = 0;
	memset(&m, 0, sizeof m);
	m.on_date = LEDGER_NO_DATE;
	m.kind = MILESTONE_DEADLINE;
	struct ledger l;
	app_ledger(req, &l);
	int rc = http_json_body(req, &body, e);
	if (!rc)
		rc = read_milestone(req, body, &m, e);
	json_decref(body);
	if (!rc)
		rc = calendar_add(&l, &m, &id, e);
	return rc ? rc : reply_milestone(req, res, &l, id, 201, e);
}

static int update_milestone(struct http_request *req, struct http_response *res, struct err *e)
{
	json_t *body = NULL;
	struct milestone m;
	int64_t id = 0;
	struct ledger l;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "日程", &id, e);
	if (!rc)
		rc = calendar_get(&l, id, req->arena, &m, e);
	if (!rc)
		rc = http_json_body(req, &body, e);
	if (!rc)
		rc = read_milestone(req, body, &m, e);
	json_decref(body);
	if (!rc)
		rc = calendar_update(&l, id, &m, e);
	return rc ? rc : reply_milestone(req, res, &l, id, 200, e);
}

static int delete_milestone(struct http_request *req, struct http_response *res, struct err *e)
{
	int64_t id = 0;
	struct ledger l;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "日程", &id, e);
	if (!rc)
		rc = calendar_delete(&l, id, e);
	if (rc)
		return rc;
	res->status = 204;
	strbuf_reset(&res->body);
	return 0;
}

static int enterprise_calendar(struct http_request *req, struct http_response *res, struct err *e)
{
	struct calendar_event *items = NULL;
	size_t n = 0;
	int64_t year = 0;
	struct ledger l;
	app_ledger(req, &l);
	int rc = http_query_int(req, "year", 1990, 9999, date_year(date_today()), &year, e);
	if (!rc)
		rc = calendar_enterprise(&l, http_param(req, "uscc"), (int)year, (int)year + 1,
					 req->arena, &items, &n, e);
	if (rc)
		return rc;
	struct jw w;
	api_items_begin(&w, res);
	for (size_t i = 0; i < n; i++) {
		jw_obj_begin(&w, NULL);
		jw_date(&w, "on", items[i].on, LEDGER_NO_DATE);
		jw_str(&w, "kind", items[i].kind);
		jw_str(&w, "title", items[i].title);
		if (items[i].ref)
			jw_int(&w, "ref", items[i].ref);
		else
			jw_null(&w, "ref");
		jw_obj_end(&w);
	}
	return api_items_end(&w);
}

void api_monitor_routes(struct router *r)
{
	router_add(r, HTTP_GET, "/api/v1/reminders{?status,rule,area,uscc,format,page,page_size}",
		   list_reminders, ROUTE_CACHE | ROUTE_HEAVY);
	router_add(r, HTTP_GET, "/api/v1/reminders/count", count_reminders, ROUTE_CACHE);
	router_add(r, HTTP_GET, "/api/v1/reminders/rules", rules_reminders, ROUTE_CACHE);
	router_add(r, HTTP_PATCH | HTTP_POST, "/api/v1/reminders/{key}", mark_reminder, 0);
	router_add(r, HTTP_GET, "/api/v1/calendar{?year,month}", list_calendar, ROUTE_CACHE);
	router_add(r, HTTP_POST, "/api/v1/calendar", create_milestone, 0);
	router_add(r, HTTP_PUT, "/api/v1/calendar/{id}", update_milestone, 0);
	router_add(r, HTTP_DELETE, "/api/v1/calendar/{id}", delete_milestone, 0);
	router_add(r, HTTP_GET, "/api/v1/enterprises/{uscc}/calendar{?year}", enterprise_calendar,
		   ROUTE_CACHE);
}
