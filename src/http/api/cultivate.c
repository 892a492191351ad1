/*
 * http/api/cultivate — the casework of cultivation over HTTP
 * (ledger/cultivate, product C5): experts, problems, visits and the
 * caller's work list. docs/api.md "Casework" is the contract. Handlers are
 * straight lines: parse, one ledger call, render.
 */
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "http/api/api.h"
#include "http/app.h"
#include "ledger/access/user.h"
#include "io/plan_export.h"
#include "io/plan_json.h"
#include "ledger/cultivate/expert.h"
#include "ledger/cultivate/plan.h"
#include "ledger/cultivate/problem.h"
#include "ledger/cultivate/visit.h"
#include "ledger/register/enterprise.h"
#include "rules/plan_report.h"

/* ---- helpers -------------------------------------------------------------------------- */

/* A date of the query ("YYYY-MM-DD"), LEDGER_NO_DATE when absent. */
static int query_date(const struct http_request *req, const char *name, int32_t *out, struct err *e)
{
	const char *v = http_query(req, name);
	*out = LEDGER_NO_DATE;
	if (!v || !*v)
		return 0;
	return date_parse(v, strlen(v), out, name, e);
}

static int escalate_days(const struct http_request *req)
{
	return app_of(req)->escalate_days;
}

/* ---- experts -------------------------------------------------------------------------- */

static void write_specialities(struct jw *w, const char *s)
{
	jw_arr_begin(w, "specialities");
	for (const char *p = s ? s : ""; *p;) {
		size_t len = strcspn(p, ",");
		char buf[64];
		if (len && len < sizeof buf) {
			memcpy(buf, p, len);
			buf[len] = '\0';
			jw_str(w, NULL, buf);
		}
		p += len;
		if (*p == ',')
			p++;
	}
	jw_arr_end(w);
}

/* X as its API object, left open: the caller may add members and ends it. */
static void write_expert(struct jw *w, const char *key, const struct expert *x)
{
	jw_obj_begin(w, key);
	jw_int(w, "id", x->id);
	jw_str(w, "username", x->username);
	jw_str(w, "display_name", x->display_name);
	jw_str(w, "organisation", x->organisation);
	jw_str(w, "phone", x->phone);
	write_specialities(w, x->specialities);
	jw_str(w, "note", x->note);
	jw_bool(w, "disabled", x->disabled);
	jw_obj_begin(w, "workload");
	jw_int(w, "enterprises", x->enterprises);
	jw_int(w, "open_problems", x->open_problems);
	jw_int(w, "visits_this_month", x->visits_this_month);
	jw_obj_end(w);
}

static int reply_experts(struct http_response *res, const struct expert *items, size_t n,
			 int status)
{
	struct jw w;
	api_items_begin(&w, res);
	for (size_t i = 0; i < n; i++) {
		write_expert(&w, NULL, &items[i]);
		jw_obj_end(&w);
	}
	res->status = status;
	return api_items_end(&w);
}

static int list_experts(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	struct expert *items = NULL;
	size_t n = 0;
	app_ledger(req, &l);
	int rc = expert_list(&l, req->arena, &items, &n, e);
	return rc ? rc : reply_experts(res, items, n, 200);
}

static void write_visit(struct jw *w, const char *key, const struct visit *v);

static int get_expert(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	struct expert x;
	struct expert_firm *firms = NULL;
	struct visit_filter f;
	struct visit_page vp;
	size_t n = 0;
	int64_t id = 0;
	app_ledger(req, &l);
	visit_filter_init(&f);
	int rc = api_path_id(req, "id", "专家", &id, e);
	if (!rc)
		rc = expert_get(&l, id, req->arena, &x, e);
	if (!rc)
		rc = expert_firms(&l, id, req->arena, &firms, &n, e);
	f.involving = id;
	f.want_total = 0;
	if (!rc)
		rc = visit_list(&l, &f, req->arena, &vp, e);
	if (rc)
		return rc;
	struct jw w;
	api_reply_begin(&w, res);
	write_expert(&w, NULL, &x);
	jw_arr_begin(&w, "enterprises");
	for (size_t i = 0; i < n; i++) {
		jw_obj_begin(&w, NULL);
		jw_str(&w, "uscc", firms[i].uscc);
		jw_str(&w, "name", firms[i].name);
		jw_str(&w, "area", firms[i].area);
		jw_str(&w, "tier", firms[i].tier);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_arr_begin(&w, "visits");
	for (size_t i = 0; i < vp.n; i++)
		write_visit(&w, NULL, &vp.items[i]);
	jw_arr_end(&w);
	jw_obj_end(&w);
	return jw_finish(&w);
}

/* "specialities": an array of codes (or one comma-separated string) into *OUT. */
static int read_specialities(json_t *o, struct http_request *req, const char **out, struct err *e)
{
	json_t *v = json_object_get(o, "specialities");
	if (!v)
		return 0;
	if (json_is_null(v)) {
		*out = "";
		return 0;
	}
	if (json_is_string(v))
		return api_get_str(o, "specialities", req->arena, 200, out, e);
	if (!json_is_array(v))
		return err_set(e, ERR_INVALID, "specialities", "专长应为文本数组");
	struct strbuf sb;
	strbuf_init(&sb, 200);
	size_t i;
	json_t *t;
	int rc = 0;
	json_array_foreach(v, i, t)
	{
		if (!json_is_string(t) || strchr(json_string_value(t), ',') ||
		    (sb.len && strbuf_addc(&sb, ',')) || strbuf_adds(&sb, json_string_value(t))) {
			rc = err_set(e, ERR_INVALID, "specialities", "专长应为不含逗号的文本");
			break;
		}
	}
	if (!rc)
		*out = arena_strdup(req->arena, strbuf_cstr(&sb));
	strbuf_cleanup(&sb);
	return rc;
}

static int update_expert(struct http_request *req, struct http_response *res, struct err *e)
{
	static const char *const known[] = {
		"id",	"username", "display_name", "organisation", "phone",  "specialities",
		"note", "disabled", "workload",	    "enterprises",  "visits", NULL};
	json_t *body = NULL;
	struct ledger l;
	struct expert in, x;
	int64_t id = 0;
	memset(&in, 0, sizeof in);
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "专家", &id, e);
	if (!rc)
		rc = http_json_body(req, &body, e);
	if (!rc)
		rc = api_check_members(body, known, e);
	/* a member sent as null clears it: "" reaches the ledger, absent keeps it */
	if (!rc)
		rc = api_get_str(body, "organisation", req->arena, 200, &in.organisation, e);
	if (!rc && json_is_null(json_object_get(body, "organisation")))
		in.organisation = "";
	if (!rc)
		rc = api_get_str(body, "phone", req->arena, 50, &in.phone, e);
	if (!rc && json_is_null(json_object_get(body, "phone")))
		in.phone = "";
	if (!rc)
		rc = api_get_str(body, "note", req->arena, 1000, &in.note, e);
	if (!rc && json_is_null(json_object_get(body, "note")))
		in.note = "";
	if (!rc)
		rc = read_specialities(body, req, &in.specialities, e);
	if (!rc)
		rc = expert_update(&l, id, &in, e);
	if (!rc)
		rc = expert_get(&l, id, req->arena, &x, e);
	json_decref(body);
	if (rc)
		return rc;
	struct jw w;
	api_reply_begin(&w, res);
	write_expert(&w, NULL, &x);
	jw_obj_end(&w);
	return jw_finish(&w);
}

static int firm_experts(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	struct expert *items = NULL;
	size_t n = 0;
	app_ledger(req, &l);
	int rc = expert_list_of(&l, http_param(req, "uscc"), req->arena, &items, &n, e);
	return rc ? rc : reply_experts(res, items, n, 200);
}

static int assign_expert(struct http_request *req, struct http_response *res, struct err *e)
{
	static const char *const known[] = {"expert", NULL};
	json_t *body = NULL;
	struct ledger l;
	struct expert x;
	int64_t id = 0;
	app_ledger(req, &l);
	int rc = http_json_body(req, &body, e);
	if (!rc)
		rc = api_check_members(body, known, e);
	if (!rc)
		rc = api_require(body, "expert", e);
	if (!rc)
		rc = api_get_int(body, "expert", 1, INT64_MAX, &id, e);
	if (!rc)
		rc = enterprise_assign_expert(&l, http_param(req, "uscc"), id, e);
	if (!rc)
		rc = expert_get(&l, id, req->arena, &x, e);
	json_decref(body);
	if (rc)
		return rc;
	struct jw w;
	api_reply_begin(&w, res);
	write_expert(&w, NULL, &x);
	jw_obj_end(&w);
	res->status = 201;
	return jw_finish(&w);
}

static int unassign_expert(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	int64_t id = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "专家", &id, e);
	if (!rc)
		rc = enterprise_unassign_expert(&l, http_param(req, "uscc"), id, e);
	return rc ? rc : http_reply_ok(res);
}

/* ---- problems ------------------------------------------------------------------------- */

/* P as its API object; COMMENTS (N_COMMENTS) are written when WITH_COMMENTS. */
static void write_problem(struct jw *w, const char *key, const struct problem *p, int days,
			  int with_comments, const struct problem_comment *comments,
			  size_t n_comments)
{
	jw_obj_begin(w, key);
	jw_int(w, "id", p->id);
	jw_str(w, "uscc", p->uscc);
	jw_str(w, "enterprise_name", p->enterprise_name);
	jw_str(w, "area", p->area);
	jw_str(w, "category", problem_category_name(p->category));
	jw_str(w, "category_label", problem_category_label(p->category));
	jw_str(w, "description", p->description);
	if (p->owner_id == LEDGER_NONE) {
		jw_null(w, "owner");
	} else {
		jw_obj_begin(w, "owner");
		jw_int(w, "id", p->owner_id);
		jw_str(w, "display_name", p->owner_name);
		jw_obj_end(w);
	}
	jw_date(w, "due_on", p->due_on, LEDGER_NO_DATE);
	jw_str(w, "status", problem_status_name(p->status));
	jw_str(w, "status_label", problem_status_label(p->status));
	jw_str(w, "reason", p->reason);
	jw_str(w, "resolution", p->resolution);
	jw_date(w, "resolved_on", p->resolved_on, LEDGER_NO_DATE);
	if (p->gap_id) {
		jw_obj_begin(w, "gap");
		jw_str(w, "id", p->gap_id);
		jw_str(w, "amount", p->gap_amount);
		jw_obj_end(w);
	} else {
		jw_null(w, "gap");
	}
	jw_int(w, "overdue_days", p->overdue_days);
	jw_str(w, "escalation", problem_escalation(p, days));
	if (with_comments) {
		jw_arr_begin(w, "comments");
		for (size_t i = 0; i < n_comments; i++) {
			jw_obj_begin(w, NULL);
			jw_int(w, "id", comments[i].id);
			jw_str(w, "user", comments[i].user_name);
			jw_str(w, "body", comments[i].body);
			jw_str(w, "at", comments[i].at);
			jw_obj_end(w);
		}
		jw_arr_end(w);
	}
	jw_str(w, "created_by", p->created_by);
	jw_str(w, "created_at", p->created_at);
	jw_str(w, "updated_at", p->updated_at);
	jw_obj_end(w);
}

/* Reply with problem ID as stored now, with its comments. */
static int reply_problem(struct http_request *req, struct http_response *res, struct ledger *l,
			 int64_t id, int status, struct err *e)
{
	struct problem p;
	struct problem_comment *c = NULL;
	size_t n = 0;
	int rc = problem_get(l, id, req->arena, &p, e);
	if (!rc)
		rc = problem_comments(l, id, req->arena, &c, &n, e);
	if (rc)
		return rc;
	struct jw w;
	api_reply_begin(&w, res);
	write_problem(&w, NULL, &p, escalate_days(req), 1, c, n);
	res->status = status;
	return jw_finish(&w);
}

static const char *const problem_members[] = {"id",
					      "uscc",
					      "enterprise_name",
					      "area",
					      "category",
					      "category_label",
					      "description",
					      "owner",
					      "due_on",
					      "status",
					      "status_label",
					      "reason",
					      "resolution",
					      "resolved_on",
					      "gap",
					      "overdue_days",
					      "escalation",
					      "comments",
					      "created_by",
					      "created_at",
					      "updated_at",
					      NULL};

/* The editable members of O into P, each named in P. */
static int read_problem(json_t *o, struct http_request *req, struct problem_patch *p, struct err *e)
{
	struct arena *a = req->arena;
	int rc = api_check_members(o, problem_members, e);
	const char *s = NULL;
	json_t *v;
	if (!rc && (v = json_object_get(o, "category"))) {
		rc = api_get_str(o, "category", a, 32, &s, e);
		if (!rc)
			rc = problem_category_parse(s, &p->v.category, "category", e);
		if (!rc)
			rc = problem_patch_name(p, "category", e);
	}
	if (!rc && (v = json_object_get(o, "status"))) {
		rc = api_get_str(o, "status", a, 32, &s, e);
		if (!rc)
			rc = problem_status_parse(s, &p->v.status, "status", e);
		if (!rc)
			rc = problem_patch_name(p, "status", e);
	}
	if (!rc && (v = json_object_get(o, "owner"))) {
		/* an id, null, or the object as read back ({"id": …}) */
		json_t *id = json_is_object(v) ? json_object_get(v, "id") : v;
		if (json_is_null(id) || !id)
			p->v.owner_id = LEDGER_NONE;
		else if (json_is_integer(id) && json_integer_value(id) > 0)
			p->v.owner_id = json_integer_value(id);
		else
			rc = err_set(e, ERR_INVALID, "owner", "负责人应为用户编号");
		if (!rc)
			rc = problem_patch_name(p, "owner_id", e);
	}
	static const struct {
		const char *name;
		size_t max;
		size_t off;
	} texts[] = {
		{"description", 2000, offsetof(struct problem, description)},
		{"reason", 1000, offsetof(struct problem, reason)},
		{"resolution", 2000, offsetof(struct problem, resolution)},
	};
	for (size_t i = 0; !rc && i < sizeof texts / sizeof texts[0]; i++) {
		if (!json_object_get(o, texts[i].name))
			continue;
		rc = api_get_str(o, texts[i].name, a, texts[i].max,
				 (const char **)((char *)&p->v + texts[i].off), e);
		if (!rc)
			rc = problem_patch_name(p, texts[i].name, e);
	}
	if (!rc && json_object_get(o, "due_on")) {
		rc = api_get_date(o, "due_on", &p->v.due_on, e);
		if (!rc)
			rc = problem_patch_name(p, "due_on", e);
	}
	if (!rc && json_object_get(o, "resolved_on")) {
		rc = api_get_date(o, "resolved_on", &p->v.resolved_on, e);
		if (!rc)
			rc = problem_patch_name(p, "resolved_on", e);
	}
	return rc;
}

static int list_firm_problems(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	struct problem_filter f;
	struct problem_page pg;
	app_ledger(req, &l);
	problem_filter_init(&f);
	f.uscc = http_param(req, "uscc");
	f.limit = PROBLEM_PAGE_MAX;
	f.want_total = 0;
	int rc = problem_list(&l, &f, req->arena, &pg, e);
	if (rc)
		return rc;
	struct jw w;
	api_items_begin(&w, res);
	for (size_t i = 0; i < pg.n; i++)
		write_problem(&w, NULL, &pg.items[i], escalate_days(req), 0, NULL, 0);
	return api_items_end(&w);
}

static int create_problem(struct http_request *req, struct http_response *res, struct err *e)
{
	json_t *body = NULL;
	struct problem_patch p;
	struct problem out;
	struct ledger l;
	app_ledger(req, &l);
	problem_patch_init(&p);
	int rc = http_json_body(req, &body, e);
	if (!rc)
		rc = api_require(body, "category", e);
	if (!rc)
		rc = api_require(body, "description", e);
	if (!rc)
		rc = read_problem(body, req, &p, e);
	if (!rc && json_object_get(body, "status") && p.v.status != PROBLEM_OPEN)
		rc = err_set(e, ERR_INVALID, "status", "新登记的问题状态为待解决");
	if (!rc)
		rc = problem_create(&l, http_param(req, "uscc"), &p.v, req->arena, &out, e);
	json_decref(body);
	return rc ? rc : reply_problem(req, res, &l, out.id, 201, e);
}

static int problems_from_gaps(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	int64_t *ids = NULL;
	size_t n = 0, skipped = 0;
	app_ledger(req, &l);
	int rc = problem_from_gaps(&l, http_param(req, "uscc"), req->arena, &ids, &n, &skipped, e);
	if (rc)
		return rc;
	struct jw w;
	api_items_begin(&w, res);
	for (size_t i = 0; i < n && !rc; i++) {
		struct problem p;
		rc = problem_get(&l, ids[i], req->arena, &p, e);
		if (!rc)
			write_problem(&w, NULL, &p, escalate_days(req), 0, NULL, 0);
	}
	if (rc)
		return rc;
	jw_arr_end(&w);
	jw_int(&w, "skipped", (int64_t)skipped);
	jw_obj_end(&w);
	res->status = 201;
	return jw_finish(&w);
}

static int get_problem(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	int64_t id = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "问题", &id, e);
	return rc ? rc : reply_problem(req, res, &l, id, 200, e);
}

static int update_problem(struct http_request *req, struct http_response *res, struct err *e)
{
	json_t *body = NULL;
	struct problem_patch p;
	struct ledger l;
	int64_t id = 0;
	app_ledger(req, &l);
	problem_patch_init(&p);
	int rc = api_path_id(req, "id", "问题", &id, e);
	if (!rc)
		rc = http_json_body(req, &body, e);
	if (!rc)
		rc = read_problem(body, req, &p, e);
	if (!rc)
		rc = problem_patch(&l, id, &p, req->arena, NULL, e);
	json_decref(body);
	return rc ? rc : reply_problem(req, res, &l, id, 200, e);
}

static int comment_problem(struct http_request *req, struct http_response *res, struct err *e)
{
	static const char *const known[] = {"body", NULL};
	json_t *body = NULL;
	const char *text = NULL;
	struct ledger l;
	int64_t id = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "问题", &id, e);
	if (!rc)
		rc = http_json_body(req, &body, e);
	if (!rc)
		rc = api_check_members(body, known, e);
	if (!rc)
		rc = api_get_str(body, "body", req->arena, 2000, &text, e);
	if (!rc)
		rc = problem_comment(&l, id, text, e);
	json_decref(body);
	return rc ? rc : reply_problem(req, res, &l, id, 201, e);
}

/* Filters of GET /api/v1/problems into F. */
static int read_problem_filter(const struct http_request *req, const struct ledger *l,
			       struct problem_filter *f, struct err *e)
{
	const char *v;
	int rc = 0;
	problem_filter_init(f);
	f->escalate_days = escalate_days(req);
	if ((v = http_query(req, "status")) && *v) {
		enum problem_status s;
		if (!strcmp(v, "active"))
			f->status = -2;
		else if (!(rc = problem_status_parse(v, &s, "status", e)))
			f->status = (int)s;
	}
	if (!rc && (v = http_query(req, "category")) && *v) {
		enum problem_category c;
		rc = problem_category_parse(v, &c, "category", e);
		f->category = (int)c;
	}
	if (!rc && (v = http_query(req, "area")) && *v)
		f->area = v;
	if (!rc && (v = http_query(req, "owner")) && *v) {
		if (!strcmp(v, "me"))
			f->owner_id = l->scope.user_id;
		else
			rc = http_query_int(req, "owner", 1, INT64_MAX, 0, &f->owner_id, e);
	}
	if (!rc)
		rc = http_query_int(req, "expert", 1, INT64_MAX, 0, &f->expert_id, e);
	if (!rc && (v = http_query(req, "overdue")) && *v) {
		if (!strcmp(v, "1"))
			f->overdue = PROBLEM_OVERDUE;
		else if (!strcmp(v, "city"))
			f->overdue = PROBLEM_OVERDUE_CITY;
		else if (strcmp(v, "0"))
			rc = err_set(e, ERR_INVALID, "overdue", "overdue 应为 1 或 city");
	}
	return rc;
}

static int list_problems(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	struct problem_filter f;
	struct problem_page pg;
	int64_t page = 1, page_size = 50;
	app_ledger(req, &l);
	int rc = read_problem_filter(req, &l, &f, e);
	if (!rc)
		rc = api_read_paging(req, &page, &page_size, e);
	f.offset = (page - 1) * page_size;
	f.limit = page_size;
	if (!rc)
		rc = problem_list(&l, &f, req->arena, &pg, e);
	if (rc)
		return rc;
	struct jw w;
	api_items_begin(&w, res);
	for (size_t i = 0; i < pg.n; i++)
		write_problem(&w, NULL, &pg.items[i], f.escalate_days, 0, NULL, 0);
	return api_items_end_paged(&w, pg.total, page, page_size);
}

/* ---- visits --------------------------------------------------------------------------- */

static void write_visit(struct jw *w, const char *key, const struct visit *v)
{
	jw_obj_begin(w, key);
	jw_int(w, "id", v->id);
	jw_str(w, "uscc", v->uscc);
	jw_str(w, "enterprise_name", v->enterprise_name);
	jw_str(w, "area", v->area);
	jw_date(w, "visited_on", v->visited_on, LEDGER_NO_DATE);
	jw_str(w, "kind", visit_kind_name(v->kind));
	jw_str(w, "kind_label", visit_kind_label(v->kind));
	jw_arr_begin(w, "participants");
	for (size_t i = 0; i < v->n_participants; i++) {
		jw_obj_begin(w, NULL);
		jw_int(w, "id", v->participants[i].id);
		jw_str(w, "display_name", v->participants[i].display_name);
		jw_str(w, "role", ledger_role_name(v->participants[i].role));
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_str(w, "others", v->others);
	jw_str(w, "content", v->content);
	jw_str(w, "next_step", v->next_step);
	jw_date(w, "next_on", v->next_on, LEDGER_NO_DATE);
	jw_arr_begin(w, "problems");
	for (size_t i = 0; i < v->n_links; i++) {
		jw_obj_begin(w, NULL);
		jw_int(w, "id", v->links[i].problem_id);
		jw_str(w, "effect", v->links[i].effect == VISIT_RESOLVED ? "resolved" : "raised");
		jw_str(w, "description", v->links[i].description);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_str(w, "created_by", v->created_by);
	jw_str(w, "created_at", v->created_at);
	jw_str(w, "updated_at", v->updated_at);
	jw_obj_end(w);
}

static const char *const visit_members[] = {
	"id",	      "uscc",	      "enterprise_name", "area",       "visited_on", "kind",
	"kind_label", "participants", "others",		 "content",    "next_step",  "next_on",
	"problems",   "created_by",   "created_at",	 "updated_at", NULL};

/* The participants of O: user ids, or the objects read back ({"id": …}). */
static int read_participants(json_t *o, struct http_request *req, struct visit *v, struct err *e)
{
	json_t *arr = json_object_get(o, "participants"), *t;
	size_t i;
	if (!arr || json_is_null(arr))
		return 0;
	if (!json_is_array(arr) || json_array_size(arr) > VISIT_MAX_PARTICIPANTS)
		return err_set(e, ERR_INVALID, "participants",
			       "参加人员应为用户编号的数组（最多%d人）", VISIT_MAX_PARTICIPANTS);
	v->participants =
		arena_alloc(req->arena, (json_array_size(arr) + 1) * sizeof *v->participants);
	json_array_foreach(arr, i, t)
	{
		json_t *id = json_is_object(t) ? json_object_get(t, "id") : t;
		if (!json_is_integer(id) || json_integer_value(id) <= 0)
			return err_set(e, ERR_INVALID, "participants", "参加人员应为用户编号");
		memset(&v->participants[i], 0, sizeof v->participants[i]);
		v->participants[i].id = json_integer_value(id);
	}
	v->n_participants = json_array_size(arr);
	return 0;
}

static int read_links(json_t *o, struct http_request *req, struct visit *v, struct err *e)
{
	json_t *arr = json_object_get(o, "problems"), *t;
	size_t i;
	if (!arr || json_is_null(arr))
		return 0;
	if (!json_is_array(arr) || json_array_size(arr) > VISIT_MAX_LINKS)
		return err_set(e, ERR_INVALID, "problems", "关联问题应为数组（最多%d个）",
			       VISIT_MAX_LINKS);
	v->links = arena_alloc(req->arena, (json_array_size(arr) + 1) * sizeof *v->links);
	json_array_foreach(arr, i, t)
	{
		json_t *id = json_object_get(t, "id"), *eff = json_object_get(t, "effect");
		const char *es = json_is_string(eff) ? json_string_value(eff) : "raised";
		if (!json_is_object(t) || !json_is_integer(id) || json_integer_value(id) <= 0 ||
		    (strcmp(es, "raised") && strcmp(es, "resolved")))
			return err_set(
				e, ERR_INVALID, "problems",
				"关联问题应为 {\"id\": 编号, \"effect\": \"raised|resolved\"}");
		memset(&v->links[i], 0, sizeof v->links[i]);
		v->links[i].problem_id = json_integer_value(id);
		v->links[i].effect = strcmp(es, "resolved") ? VISIT_RAISED : VISIT_RESOLVED;
	}
	v->n_links = json_array_size(arr);
	return 0;
}

/* Overlay the members of O onto V (text in the request arena). */
static int read_visit(json_t *o, struct http_request *req, struct visit *v, struct err *e)
{
	struct arena *a = req->arena;
	const char *kind = NULL;
	int rc = api_check_members(o, visit_members, e);
	if (!rc)
		rc = api_get_date(o, "visited_on", &v->visited_on, e);
	if (!rc)
		rc = api_get_str(o, "kind", a, 32, &kind, e);
	if (!rc && kind)
		rc = visit_kind_parse(kind, &v->kind, e);
	if (!rc)
		rc = api_get_str(o, "others", a, 500, &v->others, e);
	if (!rc)
		rc = api_get_str(o, "content", a, 5000, &v->content, e);
	if (!rc)
		rc = api_get_str(o, "next_step", a, 1000, &v->next_step, e);
	if (!rc)
		rc = api_get_date(o, "next_on", &v->next_on, e);
	if (!rc)
		rc = read_participants(o, req, v, e);
	if (!rc)
		rc = read_links(o, req, v, e);
	return rc;
}

static int reply_visit(struct http_response *res, const struct visit *v, int status)
{
	struct jw w;
	api_reply_begin(&w, res);
	write_visit(&w, NULL, v);
	res->status = status;
	return jw_finish(&w);
}

static int list_firm_visits(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	struct visit_filter f;
	struct visit_page pg;
	app_ledger(req, &l);
	visit_filter_init(&f);
	f.uscc = http_param(req, "uscc");
	f.limit = VISIT_PAGE_MAX;
	f.want_total = 0;
	int rc = visit_list(&l, &f, req->arena, &pg, e);
	if (rc)
		return rc;
	struct jw w;
	api_items_begin(&w, res);
	for (size_t i = 0; i < pg.n; i++)
		write_visit(&w, NULL, &pg.items[i]);
	return api_items_end(&w);
}

static int create_visit(struct http_request *req, struct http_response *res, struct err *e)
{
	json_t *body = NULL;
	struct visit in, out;
	struct ledger l;
	app_ledger(req, &l);
	visit_init(&in);
	int rc = http_json_body(req, &body, e);
	if (!rc)
		rc = api_require(body, "visited_on", e);
	if (!rc)
		rc = api_require(body, "content", e);
	if (!rc)
		rc = read_visit(body, req, &in, e);
	if (!rc)
		rc = visit_create(&l, http_param(req, "uscc"), &in, req->arena, &out, e);
	json_decref(body);
	return rc ? rc : reply_visit(res, &out, 201);
}

static int get_visit(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	struct visit v;
	int64_t id = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "走访记录", &id, e);
	if (!rc)
		rc = visit_get(&l, id, req->arena, &v, e);
	return rc ? rc : reply_visit(res, &v, 200);
}

static int update_visit(struct http_request *req, struct http_response *res, struct err *e)
{
	json_t *body = NULL;
	struct visit in, out;
	struct ledger l;
	int64_t id = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "走访记录", &id, e);
	if (!rc)
		rc = http_json_body(req, &body, e);
	/* the stored visit is the base: members the body leaves out keep their values */
	if (!rc)
		rc = visit_get(&l, id, req->arena, &in, e);
	if (!rc)
		rc = read_visit(body, req, &in, e);
	if (!rc)
		rc = visit_update(&l, id, &in, req->arena, &out, e);
	json_decref(body);
	return rc ? rc : reply_visit(res, &out, 200);
}

static int delete_visit(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	int64_t id = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "走访记录", &id, e);
	if (!rc)
		rc = visit_delete(&l, id, e);
	return rc ? rc : http_reply_ok(res);
}

static int list_visits(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	struct visit_filter f;
	struct visit_page pg;
	int64_t page = 1, page_size = 50, flag = 0;
	const char *v;
	app_ledger(req, &l);
	visit_filter_init(&f);
	int rc = query_date(req, "from", &f.from, e);
	if (!rc)
		rc = query_date(req, "to", &f.to, e);
	if (!rc)
		rc = http_query_int(req, "follow_up", 0, 1, 0, &flag, e);
	f.follow_up = (int)flag;
	flag = 0;
	if (!rc)
		rc = http_query_int(req, "mine", 0, 1, 0, &flag, e);
	f.involving = flag ? l.scope.user_id : 0;
	if ((v = http_query(req, "area")) && *v)
		f.area = v;
	if (!rc)
		rc = api_read_paging(req, &page, &page_size, e);
	f.offset = (page - 1) * page_size;
	f.limit = page_size;
	if (!rc)
		rc = visit_list(&l, &f, req->arena, &pg, e);
	if (rc)
		return rc;
	struct jw w;
	api_items_begin(&w, res);
	for (size_t i = 0; i < pg.n; i++)
		write_visit(&w, NULL, &pg.items[i]);
	return api_items_end_paged(&w, pg.total, page, page_size);
}

/* ---- staff ------------------------------------------------------------------------------ */

static int list_staff(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	struct user_staff *items = NULL;
	size_t n = 0;
	app_ledger(req, &l);
	int rc = user_staff(&l, req->arena, &items, &n, e);
	if (rc)
		return rc;
	struct jw w;
	api_items_begin(&w, res);
	for (size_t i = 0; i < n; i++) {
		jw_obj_begin(&w, NULL);
		jw_int(&w, "id", items[i].id);
		jw_str(&w, "display_name", items[i].display_name);
		jw_str(&w, "role", ledger_role_name(items[i].role));
		jw_obj_end(&w);
	}
	return api_items_end(&w);
}

/* ---- plans (一企一策) ----------------------------------------------------------------- */

static void write_owner(struct jw *w, int64_t id, const char *name)
{
	if (id == LEDGER_NONE) {
		jw_null(w, "owner");
		return;
	}
	jw_obj_begin(w, "owner");
	jw_int(w, "id", id);
	jw_str(w, "display_name", name);
	jw_obj_end(w);
}

/* Task K (of plan PL under RS, NULL when unknown) as its API object. */
static void write_task(struct jw *w, const struct ruleset *rs, const struct plan *pl,
		       const struct plans_task *k, struct strbuf *sb)
{
	const struct plan_task *t = &k->t;
	jw_obj_begin(w, NULL);
	jw_int(w, "n", k->n);
	if (k->uscc[0]) { /* a task of 我的待办: its plan and firm */
		jw_int(w, "plan_id", k->plan_id);
		jw_str(w, "uscc", k->uscc);
		jw_str(w, "enterprise_name", k->enterprise_name);
	}
	jw_str(w, "kind", plan_kind_name(t->kind));
	jw_str(w, "kind_label", plans_kind_label(t->kind));
	jw_str(w, "closes", t->closes < GAPS_COUNT ? gaps_id_name(t->closes) : NULL);
	jw_str(w, "closes_label", t->closes < GAPS_COUNT ? plan_report_gap_label(t->closes) : NULL);
	switch (t->kind) {
	case PLAN_IP:
		jw_str(w, "ip_kind", profile_ip_kind_name(t->ip_kind));
		jw_int(w, "count", t->count);
		jw_date(w, "granted_on", t->granted_on, LEDGER_NO_DATE);
		break;
	case PLAN_ST_STAFF:
		jw_count(w, "count", t->count, LEDGER_NONE);
		jw_int(w, "year", t->year);
		jw_bool(w, "hire", t->hire);
		break;
	case PLAN_RD:
	case PLAN_HITECH_INCOME:
		jw_money(w, "amount", t->amount, LEDGER_NONE);
		jw_int(w, "year", t->year);
		if (t->kind == PLAN_HITECH_INCOME)
			jw_bool(w, "reclassify", t->reclassify);
		break;
	case PLAN_CONVERSION:
		jw_int(w, "count", t->count);
		jw_int(w, "year", t->year);
		break;
	case PLAN_RD_ORG: jw_int(w, "item", t->item); break;
	case PLAN_WAIT: jw_date(w, "until", t->until, LEDGER_NO_DATE); break;
	default: break;
	}
	strbuf_reset(sb);
	plans_task_quantity(t, sb);
	jw_str(w, "quantity", strbuf_cstr(sb));
	strbuf_reset(sb);
	if (rs && pl)
		plan_report_task(rs, pl, t, sb);
	jw_str(w, "description", strbuf_cstr(sb));
	jw_int(w, "effort_months", rs ? plan_task_effort(rs, t) : 0);
	jw_date(w, "due", t->due, LEDGER_NO_DATE);
	jw_bool(w, "overdue",
		k->status == PLANS_TASK_OPEN && t->due != LEDGER_NO_DATE && t->due < date_today());
	write_owner(w, k->owner_id, k->owner_name);
	jw_str(w, "status", plans_task_status_name(k->status));
	jw_str(w, "status_label", plans_task_status_label(k->status));
	jw_str(w, "evidence", k->evidence);
	jw_date(w, "done_on", k->done_on, LEDGER_NO_DATE);
	jw_obj_end(w);
}

/* The members of a plan's row (the object is left open). */
static void write_plan_row(struct jw *w, const struct plans_row *r)
{
	jw_obj_begin(w, NULL);
	jw_int(w, "id", r->id);
	jw_str(w, "uscc", r->uscc);
	jw_str(w, "enterprise_name", r->enterprise_name);
	jw_str(w, "area", r->area);
	jw_str(w, "state", plans_state_name(r->state));
	jw_str(w, "state_label", plans_state_label(r->state));
	jw_int_or_null(w, "target_year", r->target_year, 0);
	jw_date(w, "made_on", r->made_on, LEDGER_NO_DATE);
	jw_int(w, "apply_year", r->apply_year);
	jw_date(w, "apply_on", r->apply_on, LEDGER_NO_DATE);
	jw_int_or_null(w, "earliest_year", r->earliest_year, 0);
	jw_str(w, "rules", r->rules);
	jw_int(w, "version", r->version);
	jw_str(w, "signed_by", r->signed_by);
	jw_str(w, "signed_at", r->signed_at[0] ? r->signed_at : NULL);
	jw_str(w, "reason", r->reason);
	jw_date(w, "finished_on", r->finished_on, LEDGER_NO_DATE);
	jw_str(w, "created_by", r->created_by);
	jw_str(w, "created_at", r->created_at);
	jw_str(w, "updated_at", r->updated_at);
}

/* Reply with plan ID as stored now: row, tasks, versions, the live plan JSON. */
static int reply_plan(struct http_request *req, struct http_response *res, struct ledger *l,
		      int64_t id, int status, struct err *e)
{
	struct plans_view *v = plans_view_new();
	struct plans_version *vers = NULL;
	size_t nv = 0;
	struct strbuf live, sb;
	strbuf_init(&live, 0);
	strbuf_init(&sb, 512);
	int rc = plans_view_load(l, id, req->arena, v, e);
	if (!rc)
		rc = plans_versions(l, id, req->arena, &vers, &nv, e);
	if (!rc)
		rc = plan_json_write(&v->plan, &v->base, &v->proj, &v->res, &live);
	if (rc)
		goto out;
	struct jw w;
	api_reply_begin(&w, res);
	write_plan_row(&w, &v->row);
	jw_bool(&w, "closes_all_gaps", v->closes);
	jw_arr_begin(&w, "tasks");
	for (size_t i = 0; i < v->n_tasks; i++)
		write_task(&w, v->res.rules, &v->plan, &v->tasks[i], &sb);
	jw_arr_end(&w);
	jw_arr_begin(&w, "versions");
	for (size_t i = 0; i < nv; i++) {
		jw_obj_begin(&w, NULL);
		jw_int(&w, "version", vers[i].version);
		jw_str(&w, "signed_by", vers[i].signed_by);
		jw_str(&w, "signed_at", vers[i].signed_at);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_raw(&w, "live", strbuf_cstr(&live));
	jw_obj_end(&w);
	res->status = status;
	rc = jw_finish(&w);
out:
	strbuf_cleanup(&live);
	strbuf_cleanup(&sb);
	plans_view_free(v);
	return rc;
}

static int list_firm_plans(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	struct plans_row *items = NULL;
	size_t n = 0;
	app_ledger(req, &l);
	int rc = plans_list(&l, http_param(req, "uscc"), req->arena, &items, &n, e);
	if (rc)
		return rc;
	struct jw w;
	api_items_begin(&w, res);
	for (size_t i = 0; i < n; i++) {
		write_plan_row(&w, &items[i]);
		jw_obj_end(&w);
	}
	return api_items_end(&w);
}

static int create_plan(struct http_request *req, struct http_response *res, struct err *e)
{
	static const char *const known[] = {"year", NULL};
	json_t *body = NULL;
	struct ledger l;
	int64_t year = 0, id = 0;
	app_ledger(req, &l);
	int rc = http_json_body(req, &body, e);
	if (!rc)
		rc = api_check_members(body, known, e);
	if (!rc && json_object_get(body, "year") && !json_is_null(json_object_get(body, "year")))
		rc = api_get_int(body, "year", 2016, 2100, &year, e);
	if (!rc)
		rc = plans_generate(&l, http_param(req, "uscc"), (int)year, &id, e);
	json_decref(body);
	return rc ? rc : reply_plan(req, res, &l, id, 201, e);
}

static int get_plan(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	int64_t id = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "方案", &id, e);
	return rc ? rc : reply_plan(req, res, &l, id, 200, e);
}

static int get_plan_version(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	struct plans_version v;
	int64_t id = 0, version = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "方案", &id, e);
	if (!rc)
		rc = api_path_id(req, "version", "方案版本", &version, e);
	if (!rc && version > 100000)
		rc = err_set(e, ERR_NOT_FOUND, "version", "方案版本不存在");
	if (!rc)
		rc = plans_version_get(&l, id, (int)version, req->arena, &v, e);
	if (rc)
		return rc;
	struct jw w;
	api_reply_begin(&w, res);
	jw_obj_begin(&w, NULL);
	jw_int(&w, "plan_id", id);
	jw_int(&w, "version", v.version);
	jw_str(&w, "signed_by", v.signed_by);
	jw_str(&w, "signed_at", v.signed_at);
	jw_raw(&w, "plan", v.plan_json);
	jw_raw(&w, "tasks", v.tasks_json);
	jw_obj_end(&w);
	return jw_finish(&w);
}

static int sign_plan(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	int64_t id = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "方案", &id, e);
	if (!rc)
		rc = plans_sign(&l, id, plan_json_write, e);
	return rc ? rc : reply_plan(req, res, &l, id, 200, e);
}

static int activate_plan(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	int64_t id = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "方案", &id, e);
	if (!rc)
		rc = plans_activate(&l, id, e);
	return rc ? rc : reply_plan(req, res, &l, id, 200, e);
}

static int finish_plan(struct http_request *req, struct http_response *res, struct err *e)
{
	static const char *const known[] = {"outcome", "reason", NULL};
	json_t *body = NULL;
	const char *outcome = NULL, *reason = NULL;
	struct ledger l;
	int64_t id = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "方案", &id, e);
	if (!rc)
		rc = http_json_body(req, &body, e);
	if (!rc)
		rc = api_check_members(body, known, e);
	if (!rc)
		rc = api_require(body, "outcome", e);
	if (!rc)
		rc = api_get_str(body, "outcome", req->arena, 16, &outcome, e);
	if (!rc && strcmp(outcome, "done") && strcmp(outcome, "abandoned"))
		rc = err_set(e, ERR_INVALID, "outcome",
			     "结果应为 done（完成）或 abandoned（放弃）");
	if (!rc)
		rc = api_get_str(body, "reason", req->arena, 1000, &reason, e);
	if (!rc)
		rc = plans_finish(&l, id, !strcmp(outcome, "done"), reason, e);
	json_decref(body);
	return rc ? rc : reply_plan(req, res, &l, id, 200, e);
}

/* The owner member of O (an id, null, or {"id": …}) into *OWNER. */
static int read_owner(json_t *o, int64_t *owner, struct err *e)
{
	json_t *v = json_object_get(o, "owner");
	json_t *id = json_is_object(v) ? json_object_get(v, "id") : v;
	if (!id || json_is_null(id))
		*owner = LEDGER_NONE;
	else if (json_is_integer(id) && json_integer_value(id) > 0)
		*owner = json_integer_value(id);
	else
		return err_set(e, ERR_INVALID, "owner", "负责人应为用户编号");
	return 0;
}

static int update_plan_task(struct http_request *req, struct http_response *res, struct err *e)
{
	static const char *const known[] = {"owner", "due", "status", "evidence", "done_on", NULL};
	json_t *body = NULL;
	struct plans_task_patch p;
	struct ledger l;
	const char *s = NULL;
	int64_t id = 0, n = 0;
	memset(&p, 0, sizeof p);
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "方案", &id, e);
	if (!rc)
		rc = api_path_id(req, "n", "任务", &n, e);
	if (!rc && n > PLAN_MAX_TASKS * 4)
		rc = err_set(e, ERR_NOT_FOUND, "n", "任务不存在");
	if (!rc)
		rc = http_json_body(req, &body, e);
	if (!rc)
		rc = api_check_members(body, known, e);
	if (!rc && json_object_get(body, "owner")) {
		p.set_owner = 1;
		rc = read_owner(body, &p.owner_id, e);
	}
	if (!rc && json_object_get(body, "due")) {
		p.set_due = 1;
		p.due = LEDGER_NO_DATE;
		rc = api_get_date(body, "due", &p.due, e);
	}
	if (!rc && json_object_get(body, "status")) {
		p.set_status = 1;
		rc = api_get_str(body, "status", req->arena, 32, &s, e);
		if (!rc)
			rc = plans_task_status_parse(s, &p.status, "status", e);
	}
	if (!rc && json_object_get(body, "evidence")) {
		p.set_evidence = 1;
		rc = api_get_str(body, "evidence", req->arena, 2000, &p.evidence, e);
	}
	if (!rc && json_object_get(body, "done_on")) {
		p.set_done_on = 1;
		p.done_on = LEDGER_NO_DATE;
		rc = api_get_date(body, "done_on", &p.done_on, e);
	}
	if (!rc)
		rc = plans_task_patch(&l, id, (int)n, &p, e);
	json_decref(body);
	return rc ? rc : reply_plan(req, res, &l, id, 200, e);
}

/* A task entered by hand: {kind, members of rules.md §6a, due?, owner?}. */
static int read_new_task(json_t *o, struct http_request *req, struct plan_task *t, int64_t *owner,
			 struct err *e)
{
	static const char *const known[] = {"kind", "ip_kind",	  "count", "amount",	 "year",
					    "hire", "reclassify", "item",  "granted_on", "until",
					    "due",  "owner",	  NULL};
	const char *s = NULL;
	int64_t v = 0;
	memset(t, 0, sizeof *t);
	t->granted_on = LEDGER_NO_DATE;
	t->until = LEDGER_NO_DATE;
	t->due = LEDGER_NO_DATE;
	int rc = api_check_members(o, known, e);
	if (!rc)
		rc = api_require(o, "kind", e);
	if (!rc)
		rc = api_get_str(o, "kind", req->arena, 32, &s, e);
	if (!rc && plan_kind_parse(s) < 0)
		rc = err_set(e, ERR_INVALID, "kind", "未知任务类型：%s", s);
	if (rc)
		return rc;
	t->kind = (enum plan_kind)plan_kind_parse(s);
	if (json_object_get(o, "ip_kind")) {
		rc = api_get_str(o, "ip_kind", req->arena, 64, &s, e);
		if (!rc && (!s || profile_ip_kind_parse(s) < 0))
			rc = err_set(e, ERR_INVALID, "ip_kind", "未知的知识产权类型：%s",
				     s ? s : "");
		if (!rc)
			t->ip_kind = (enum profile_ip_kind)profile_ip_kind_parse(s);
	}
	if (!rc && json_object_get(o, "count")) {
		if (t->kind == PLAN_ST_STAFF)
			rc = api_get_count(o, "count", &t->count, e);
		else
			rc = api_get_int(o, "count", 0, 1000000, &t->count, e);
	}
	if (!rc && json_object_get(o, "amount"))
		rc = api_get_money(o, "amount", &t->amount, e);
	if (!rc && json_object_get(o, "year") && !(rc = api_get_int(o, "year", 1990, 9999, &v, e)))
		t->year = (int32_t)v;
	if (!rc && json_object_get(o, "item") && !(rc = api_get_int(o, "item", 1, 4, &v, e)))
		t->item = (int)v;
	if (!rc && json_object_get(o, "hire"))
		rc = api_get_bool(o, "hire", &t->hire, e);
	if (!rc && json_object_get(o, "reclassify"))
		rc = api_get_bool(o, "reclassify", &t->reclassify, e);
	if (!rc && json_object_get(o, "granted_on"))
		rc = api_get_date(o, "granted_on", &t->granted_on, e);
	if (!rc && json_object_get(o, "until"))
		rc = api_get_date(o, "until", &t->until, e);
	if (!rc && json_object_get(o, "due"))
		rc = api_get_date(o, "due", &t->due, e);
	if (!rc)
		rc = read_owner(o, owner, e);
	return rc;
}

static int add_plan_task(struct http_request *req, struct http_response *res, struct err *e)
{
	json_t *body = NULL;
	struct plan_task t;
	struct ledger l;
	int64_t id = 0, owner = LEDGER_NONE;
	int n = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "方案", &id, e);
	if (!rc)
		rc = http_json_body(req, &body, e);
	if (!rc)
		rc = read_new_task(body, req, &t, &owner, e);
	if (!rc)
		rc = plans_task_add(&l, id, &t, owner, &n, e);
	json_decref(body);
	return rc ? rc : reply_plan(req, res, &l, id, 201, e);
}

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

static int sink_body(void *ctx, const void *p, size_t n)
{
	return strbuf_add(ctx, p, n);
}

static int export_plan(struct http_request *req, struct http_response *res, struct err *e)
{
	struct plans_view *v = plans_view_new();
	struct ledger l;
	int64_t id = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "方案", &id, e);
	if (!rc)
		rc = plans_view_load(&l, id, req->arena, v, e);
	if (!rc) {
		strbuf_reset(&res->body);
		rc = plan_export_xlsx(v, sink_body, &res->body, e);
	}
	if (!rc) {
		res->status = 200;
		res->content_type = XLSX_TYPE;
		http_add_header(res, "Content-Disposition",
				arena_printf(req->arena,
					     "attachment; filename=\"plan-%s-%lld.xlsx\"; "
					     "filename*=UTF-8''plan-%s-%lld.xlsx",
					     v->row.uscc, (long long)id, v->row.uscc,
					     (long long)id));
	}
	plans_view_free(v);
	return rc;
}

/* ---- my work -------------------------------------------------------------------------- */

#define MY_WORK_MAX 100
#define MY_WORK_TASK_DAYS 30 /* plan tasks due within this many days (or overdue) */

static int my_work(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	struct problem_filter overdue, mine;
	struct visit_filter follow;
	struct problem_page po, pm;
	struct visit_page vf;
	struct plans_task *tasks = NULL;
	size_t nt = 0;
	struct strbuf sb;
	app_ledger(req, &l);
	problem_filter_init(&overdue);
	/* the city's list holds what escalated to it; the others' what is overdue */
	overdue.overdue = ledger_scope_all(&l.scope) ? PROBLEM_OVERDUE_CITY : PROBLEM_OVERDUE;
	overdue.escalate_days = escalate_days(req);
	overdue.limit = MY_WORK_MAX;
	overdue.want_total = 0;
	problem_filter_init(&mine);
	mine.status = -2;
	mine.owner_id = l.scope.user_id ? l.scope.user_id : -1;
	mine.limit = MY_WORK_MAX;
	mine.want_total = 0;
	visit_filter_init(&follow);
	follow.follow_up = 1;
	follow.involving = l.scope.user_id ? l.scope.user_id : -1;
	follow.limit = MY_WORK_MAX;
	follow.want_total = 0;
	int rc = problem_list(&l, &overdue, req->arena, &po, e);
	if (!rc)
		rc = problem_list(&l, &mine, req->arena, &pm, e);
	if (!rc)
		rc = visit_list(&l, &follow, req->arena, &vf, e);
	if (!rc)
		rc = plans_tasks_due(&l, l.scope.user_id ? l.scope.user_id : -1,
				     date_today() + MY_WORK_TASK_DAYS, MY_WORK_MAX, req->arena,
				     &tasks, &nt, e);
	if (rc)
		return rc;
	struct jw w;
	api_reply_begin(&w, res);
	jw_obj_begin(&w, NULL);
	jw_arr_begin(&w, "problems_overdue");
	for (size_t i = 0; i < po.n; i++)
		write_problem(&w, NULL, &po.items[i], overdue.escalate_days, 0, NULL, 0);
	jw_arr_end(&w);
	jw_arr_begin(&w, "problems_mine");
	for (size_t i = 0; i < pm.n; i++)
		write_problem(&w, NULL, &pm.items[i], overdue.escalate_days, 0, NULL, 0);
	jw_arr_end(&w);
	jw_arr_begin(&w, "visits_follow_up");
	for (size_t i = 0; i < vf.n; i++)
		write_visit(&w, NULL, &vf.items[i]);
	jw_arr_end(&w);
	jw_arr_begin(&w, "plan_tasks_due");
	strbuf_init(&sb, 256);
	for (size_t i = 0; i < nt; i++)
		write_task(&w, NULL, NULL, &tasks[i], &sb);
	strbuf_cleanup(&sb);
	jw_arr_end(&w);
	jw_obj_end(&w);
	return jw_finish(&w);
}

void api_cultivate_routes(struct router *r)
{
	router_add(r, HTTP_GET, "/api/v1/experts", list_experts, ROUTE_CACHE);
	router_add(r, HTTP_GET, "/api/v1/experts/{id}", get_expert, ROUTE_CACHE);
	router_add(r, HTTP_PUT, "/api/v1/experts/{id}", update_expert, 0);
	router_add(r, HTTP_GET, "/api/v1/enterprises/{uscc}/experts", firm_experts, ROUTE_CACHE);
	router_add(r, HTTP_POST, "/api/v1/enterprises/{uscc}/experts", assign_expert, 0);
	router_add(r, HTTP_DELETE, "/api/v1/enterprises/{uscc}/experts/{id}", unassign_expert, 0);
	router_add(r, HTTP_GET, "/api/v1/enterprises/{uscc}/problems", list_firm_problems,
		   ROUTE_CACHE);
	router_add(r, HTTP_POST, "/api/v1/enterprises/{uscc}/problems", create_problem, 0);
	router_add(r, HTTP_POST, "/api/v1/enterprises/{uscc}/problems/from-gaps",
		   problems_from_gaps, 0);
	router_add(r, HTTP_GET,
		   "/api/v1/problems{?status,category,area,owner,expert,overdue,page,page_size}",
		   list_problems, ROUTE_CACHE);
	router_add(r, HTTP_GET, "/api/v1/problems/{id}", get_problem, ROUTE_CACHE);
	router_add(r, HTTP_PUT, "/api/v1/problems/{id}", update_problem, 0);
	router_add(r, HTTP_POST, "/api/v1/problems/{id}/comments", comment_problem, 0);
	router_add(r, HTTP_GET, "/api/v1/enterprises/{uscc}/visits", list_firm_visits, ROUTE_CACHE);
	router_add(r, HTTP_POST, "/api/v1/enterprises/{uscc}/visits", create_visit, 0);
	router_add(r, HTTP_GET, "/api/v1/visits{?from,to,follow_up,mine,area,page,page_size}",
		   list_visits, ROUTE_CACHE);
	router_add(r, HTTP_GET, "/api/v1/visits/{id}", get_visit, ROUTE_CACHE);
	router_add(r, HTTP_PUT, "/api/v1/visits/{id}", update_visit, 0);
	router_add(r, HTTP_DELETE, "/api/v1/visits/{id}", delete_visit, 0);
	router_add(r, HTTP_GET, "/api/v1/enterprises/{uscc}/plans", list_firm_plans, ROUTE_CACHE);
	router_add(r, HTTP_POST, "/api/v1/enterprises/{uscc}/plans", create_plan, 0);
	router_add(r, HTTP_GET, "/api/v1/plans/{id}", get_plan, ROUTE_CACHE);
	router_add(r, HTTP_GET, "/api/v1/plans/{id}/versions/{version}", get_plan_version,
		   ROUTE_CACHE);
	router_add(r, HTTP_GET, "/api/v1/plans/{id}/export.xlsx", export_plan, ROUTE_HEAVY);
	router_add(r, HTTP_POST, "/api/v1/plans/{id}/sign", sign_plan, 0);
	router_add(r, HTTP_POST, "/api/v1/plans/{id}/activate", activate_plan, 0);
	router_add(r, HTTP_POST, "/api/v1/plans/{id}/finish", finish_plan, 0);
	router_add(r, HTTP_POST, "/api/v1/plans/{id}/tasks", add_plan_task, 0);
	router_add(r, HTTP_PUT, "/api/v1/plans/{id}/tasks/{n}", update_plan_task, 0);
	router_add(r, HTTP_GET, "/api/v1/my-work", my_work, 0);
	router_add(r, HTTP_GET, "/api/v1/staff", list_staff, ROUTE_CACHE);
}
