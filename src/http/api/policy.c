/*
 * http/api/policy — the policy library and the training events over HTTP
 * (ledger/publicity/policy and training, product C9). docs/api.md "Policy
 * library" and "Trainings" are the contract. The file of a
 * document is uploaded as the raw request body (PUT …/file?filename=NAME,
 * ROUTE_LARGE_BODY like the import; the ledger caps it at 20 MB) and
 * downloaded as an attachment with its type, never rendered inline.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "http/api/api.h"
#include "http/api/files.h"
#include "http/api/resource.h"
#include "http/app.h"
#include "io/notice.h"
#include "ledger/base/perm.h"
#include "ledger/publicity/policy.h"
#include "ledger/publicity/training.h"
#include "ledger/register/enterprise.h"

static void write_policy(struct jw *w, const struct policy *p, const struct api_areas *areas,
			 struct arena *a)
{
	jw_obj_begin(w, NULL);
	jw_int(w, "id", p->id);
	jw_str(w, "title", p->title);
	jw_str(w, "issuer", p->issuer);
	jw_str(w, "number", p->number);
	jw_date(w, "issued_on", p->issued_on, LEDGER_NO_DATE);
	jw_str(w, "level", policy_level_name(p->level));
	jw_str(w, "level_label", policy_level_label(p->level));
	jw_str(w, "area", p->area);
	jw_str(w, "area_name", api_area_name(areas, p->area));
	jw_arr_begin(w, "tags");
	for (const char *s = p->tags; s && *s;) {
		const char *c = strchr(s, ',');
		size_t n = c ? (size_t)(c - s) : strlen(s);
		jw_str(w, NULL, arena_strndup(a, s, n));
		s += n + (c != NULL);
	}
	jw_arr_end(w);
	jw_str(w, "url", p->url);
	jw_str(w, "body", p->body);
	if (p->file_name) {
		jw_obj_begin(w, "file");
		jw_str(w, "name", p->file_name);
		jw_str(w, "type", p->file_type);
		jw_str(w, "content_type", upload_content_type(p->file_type));
		jw_int(w, "size", p->file_size);
		jw_str(w, "sha256", p->file_sha256);
		jw_obj_end(w);
	} else {
		jw_null(w, "file");
	}
	jw_str(w, "created_by", p->created_by);
	jw_str(w, "created_at", p->created_at);
	jw_str(w, "updated_at", p->updated_at);
	jw_obj_end(w);
}

static int list_policies(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	struct policy_filter f;
	struct policy_page pg;
	struct api_areas areas;
	int64_t page = 1, page_size = 50;
	const char *level = http_query(req, "level");
	app_ledger(req, &l);
	policy_filter_init(&f);
	int rc = api_read_paging(req, &page, &page_size, e);
	if (!rc && level && *level)
		rc = policy_level_parse(level, &f.level, e);
	f.q = http_query(req, "q");
	f.tag = http_query(req, "tag");
	f.offset = (page - 1) * page_size;
	f.limit = page_size;
	if (!rc)
		rc = policy_list(&l, &f, req->arena, &pg, e);
	if (!rc)
		rc = api_areas_load(&l, req->arena, &areas, e);
	if (rc)
		return rc;
	struct jw w;
	api_items_begin(&w, res);
	for (size_t i = 0; i < pg.n; i++)
		write_policy(&w, &pg.items[i], &areas, req->arena);
	return api_items_end_paged(&w, pg.total, page, page_size);
}

static int list_tags(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	const char **tags = NULL;
	size_t n = 0;
	app_ledger(req, &l);
	int rc = policy_tags(&l, req->arena, &tags, &n, e);
	if (rc)
		return rc;
	struct jw w;
	api_items_begin(&w, res);
	for (size_t i = 0; i < n; i++)
		jw_str(&w, NULL, tags[i]);
	return api_items_end(&w);
}

/* The members of a document in BODY over *P (absent members keep P's values). */
static int read_policy(json_t *body, struct http_request *req, struct policy *p, struct err *e)
{
	static const char *const known[] = {
		"id",	       "title",	     "issuer",	   "number",	 "issued_on", "level",
		"level_label", "area",	     "area_name",  "tags",	 "url",	      "body",
		"file",	       "created_by", "created_at", "updated_at", NULL};
	const char *level = NULL;
	int rc = api_check_members(body, known, e);
	if (!rc)
		rc = api_get_str(body, "title", req->arena, POLICY_TITLE_MAX, &p->title, e);
	if (!rc)
		rc = api_get_str(body, "issuer", req->arena, 200, &p->issuer, e);
	if (!rc)
		rc = api_get_str(body, "number", req->arena, 100, &p->number, e);
	if (!rc)
		rc = api_get_date(body, "issued_on", &p->issued_on, e);
	if (!rc)
		rc = api_get_str(body, "level", req->arena, 32, &level, e);
	if (!rc && level)
		rc = policy_level_parse(level, &p->level, e);
	if (!rc)
		rc = api_get_str(body, "area", req->arena, 16, &p->area, e);
	if (!rc)
		rc = api_get_str(body, "url", req->arena, 1000, &p->url, e);
	if (!rc)
		rc = api_get_str(body, "body", req->arena, POLICY_BODY_MAX, &p->body, e);
	json_t *tags = json_object_get(body, "tags");
	if (!rc && json_is_array(tags)) { /* a list, or one text "a,b" */
		struct strbuf sb;
		strbuf_init(&sb, 64);
		size_t i;
		json_t *t;
		json_array_foreach(tags, i, t)
		{
			if (!json_is_string(t)) {
				rc = err_set(e, ERR_INVALID, "tags", "标签应为文字");
				break;
			}
			if (sb.len)
				strbuf_adds(&sb, ",");
			strbuf_adds(&sb, json_string_value(t));
		}
		p->tags = arena_strdup(req->arena, strbuf_cstr(&sb));
		strbuf_cleanup(&sb);
	} else if (!rc) {
		rc = api_get_str(body, "tags", req->arena, 500, &p->tags, e);
	}
	return rc;
}

/* ---- policies: the shared handlers (http/api/resource) ---- */

static void policy_init_row(void *row)
{
	policy_init(row);
}

static int policy_get_row(struct ledger *l, int64_t id, struct arena *a, void *row, struct err *e)
{
	return policy_get(l, id, a, row, e);
}

static int policy_create_row(struct ledger *l, const void *in, struct arena *a, void *out,
			     struct err *e)
{
	return policy_create(l, in, a, out, e);
}

static int policy_update_row(struct ledger *l, int64_t id, const void *in, struct arena *a,
			     void *out, struct err *e)
{
	return policy_update(l, id, in, a, out, e);
}

static int policy_read_row(json_t *body, struct http_request *req, void *row, struct err *e)
{
	return read_policy(body, req, row, e);
}

static void policy_write_row(struct jw *w, const void *row, const struct api_areas *areas,
			     struct arena *a)
{
	write_policy(w, row, areas, a);
}

static const struct api_resource policy_resource = {
	.what = "政策文件",
	.size = sizeof(struct policy),
	.init = policy_init_row,
	.get = policy_get_row,
	.create = policy_create_row,
	.update = policy_update_row,
	.remove = policy_delete,
	.read = policy_read_row,
	.write = policy_write_row,
};

static int reply_policy(struct http_request *req, struct http_response *res, struct ledger *l,
			const struct policy *row, int status, struct err *e)
{
	return api_resource_reply(&policy_resource, req, res, l, row, status, e);
}

static int get_policy(struct http_request *req, struct http_response *res, struct err *e)
{
	return api_resource_get(&policy_resource, req, res, e);
}

static int create_policy(struct http_request *req, struct http_response *res, struct err *e)
{
	return api_resource_create(&policy_resource, req, res, e);
}

static int update_policy(struct http_request *req, struct http_response *res, struct err *e)
{
	return api_resource_update(&policy_resource, req, res, e);
}

static int delete_policy(struct http_request *req, struct http_response *res, struct err *e)
{
	return api_resource_delete(&policy_resource, req, res, e);
}

/* PUT /api/v1/policies/{id}/file?filename=NAME, body: the file's bytes. */
static int put_file(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	struct policy out;
	int64_t id = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "政策文件", &id, e);
	if (!rc)
		rc = policy_attach(&l, id, http_query(req, "filename"), req->body, req->body_len,
				   req->arena, &out, e);
	return rc ? rc : reply_policy(req, res, &l, &out, 200, e);
}

static int delete_file(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	int64_t id = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "政策文件", &id, e);
	if (!rc)
		rc = policy_detach(&l, id, e);
	return rc ? rc : http_reply_ok(res);
}

/* GET /api/v1/policies/{id}/file: the bytes as an attachment. */
static int get_file(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	struct policy p;
	void *data = NULL;
	size_t len = 0;
	int64_t id = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "政策文件", &id, e);
	if (!rc)
		rc = policy_file(&l, id, req->arena, &p, &data, &len, e);
	if (rc)
		return rc;
	return api_reply_file(
		req, res, data, len, upload_content_type(p.file_type),
		arena_printf(req->arena, "policy-%lld.%s", (long long)id, p.file_type), p.file_name,
		p.file_sha256, e);
}

/* ---- trainings ----------------------------------------------------------------------- */

static const char *tier_label(const char *code)
{
	enum tier t;
	if (!code || enterprise_tier_parse(code, &t, NULL))
		return NULL;
	return enterprise_tier_label(t);
}

static void write_training(struct jw *w, const struct training *t, const struct api_areas *areas)
{
	jw_obj_begin(w, NULL);
	jw_int(w, "id", t->id);
	jw_date(w, "held_on", t->held_on, LEDGER_NO_DATE);
	jw_str(w, "topic", t->topic);
	jw_str(w, "organisers", t->organisers);
	jw_str(w, "place", t->place);
	jw_str(w, "online_url", t->online_url);
	jw_str(w, "area", t->area);
	jw_str(w, "area_name", api_area_name(areas, t->area));
	jw_str(w, "materials", t->materials);
	jw_arr_begin(w, "policies");
	for (size_t i = 0; i < t->n_policies; i++) {
		jw_obj_begin(w, NULL);
		jw_int(w, "id", t->policies[i].policy_id);
		jw_str(w, "title", t->policies[i].title);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_int(w, "attendees", t->attendees);
	jw_int(w, "applied", t->applied);
	jw_str(w, "created_by", t->created_by);
	jw_str(w, "created_at", t->created_at);
	jw_str(w, "updated_at", t->updated_at);
	jw_obj_end(w);
}

/* A date query parameter NAME into *DAYS (absent: unchanged). */
static int query_date(const struct http_request *req, const char *name, int32_t *days,
		      struct err *e)
{
	const char *v = http_query(req, name);
	return v && *v ? date_parse(v, strlen(v), days, name, e) : 0;
}

static int list_trainings(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	struct training_filter f;
	struct training_page pg;
	struct api_areas areas;
	int64_t page = 1, page_size = 50;
	app_ledger(req, &l);
	training_filter_init(&f);
	int rc = api_read_paging(req, &page, &page_size, e);
	if (!rc)
		rc = query_date(req, "from", &f.from, e);
	if (!rc)
		rc = query_date(req, "to", &f.to, e);
	f.q = http_query(req, "q");
	f.uscc = http_query(req, "uscc");
	f.offset = (page - 1) * page_size;
	f.limit = page_size;
	if (!rc)
		rc = training_list(&l, &f, req->arena, &pg, e);
	if (!rc)
		rc = api_areas_load(&l, req->arena, &areas, e);
	if (rc)
		return rc;
	struct jw w;
	api_items_begin(&w, res);
	for (size_t i = 0; i < pg.n; i++)
		write_training(&w, &pg.items[i], &areas);
	return api_items_end_paged(&w, pg.total, page, page_size);
}

/* The members of an event in BODY over *T (absent members keep T's values). */
static int read_training(json_t *body, struct http_request *req, struct training *t, struct err *e)
{
	static const char *const known[] = {"id",	  "held_on",	"topic",      "organisers",
					    "place",	  "online_url", "area",	      "area_name",
					    "materials",  "policies",	"attendees",  "applied",
					    "created_by", "created_at", "updated_at", NULL};
	int rc = api_check_members(body, known, e);
	if (!rc)
		rc = api_get_date(body, "held_on", &t->held_on, e);
	if (!rc)
		rc = api_get_str(body, "topic", req->arena, TRAINING_TOPIC_MAX, &t->topic, e);
	if (!rc)
		rc = api_get_str(body, "organisers", req->arena, 500, &t->organisers, e);
	if (!rc)
		rc = api_get_str(body, "place", req->arena, 300, &t->place, e);
	if (!rc)
		rc = api_get_str(body, "online_url", req->arena, 1000, &t->online_url, e);
	if (!rc)
		rc = api_get_str(body, "area", req->arena, 16, &t->area, e);
	if (!rc)
		rc = api_get_str(body, "materials", req->arena, 5000, &t->materials, e);
	json_t *pol = json_object_get(body, "policies");
	if (!rc && pol) { /* [id, …] or [{"id": …}, …] */
		if (!json_is_array(pol) || json_array_size(pol) > TRAINING_POLICIES_MAX)
			return err_set(e, ERR_INVALID, "policies",
				       "培训材料应为政策文件编号的列表");
		size_t n = json_array_size(pol), i;
		int64_t *ids = arena_alloc(req->arena, (n ? n : 1) * sizeof *ids);
		json_t *v;
		json_array_foreach(pol, i, v)
		{
			json_t *x = json_is_object(v) ? json_object_get(v, "id") : v;
			if (!json_is_integer(x) || json_integer_value(x) <= 0)
				return err_set(e, ERR_INVALID, "policies", "政策文件编号无效");
			ids[i] = json_integer_value(x);
		}
		t->policy_ids = ids;
		t->n_policy_ids = n;
		t->set_policies = 1;
	}
	return rc;
}

/* ---- trainings: the shared handlers (http/api/resource) ---- */

static void training_init_row(void *row)
{
	training_init(row);
}

static int training_get_row(struct ledger *l, int64_t id, struct arena *a, void *row, struct err *e)
{
	return training_get(l, id, a, row, e);
}

static int training_create_row(struct ledger *l, const void *in, struct arena *a, void *out,
			       struct err *e)
{
	return training_create(l, in, a, out, e);
}

static int training_update_row(struct ledger *l, int64_t id, const void *in, struct arena *a,
			       void *out, struct err *e)
{
	return training_update(l, id, in, a, out, e);
}

static int training_read_row(json_t *body, struct http_request *req, void *row, struct err *e)
{
	return read_training(body, req, row, e);
}

static void training_write_row(struct jw *w, const void *row, const struct api_areas *areas,
			       struct arena *a)
{
	(void)a;
	write_training(w, row, areas);
}

static const struct api_resource training_resource = {
	.what = "培训",
	.size = sizeof(struct training),
	.init = training_init_row,
	.get = training_get_row,
	.create = training_create_row,
	.update = training_update_row,
	.remove = training_delete,
	.read = training_read_row,
	.write = training_write_row,
};

static int get_training(struct http_request *req, struct http_response *res, struct err *e)
{
	return api_resource_get(&training_resource, req, res, e);
}

static int create_training(struct http_request *req, struct http_response *res, struct err *e)
{
	return api_resource_create(&training_resource, req, res, e);
}

static int update_training(struct http_request *req, struct http_response *res, struct err *e)
{
	return api_resource_update(&training_resource, req, res, e);
}

static int delete_training(struct http_request *req, struct http_response *res, struct err *e)
{
	return api_resource_delete(&training_resource, req, res, e);
}

static void write_firm(struct jw *w, const char *uscc, const char *name, const char *area,
		       const char *tier, const struct api_areas *areas)
{
	jw_str(w, "uscc", uscc);
	jw_str(w, "name", name);
	jw_str(w, "area", area);
	jw_str(w, "area_name", api_area_name(areas, area));
	jw_str(w, "tier", tier);
	jw_str(w, "tier_label", tier_label(tier));
}

static int get_attendance(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	struct training_attendee *items = NULL;
	struct api_areas areas;
	size_t n = 0;
	int64_t id = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "培训", &id, e);
	if (!rc)
		rc = training_attendance(&l, id, req->arena, &items, &n, e);
	if (!rc)
		rc = api_areas_load(&l, req->arena, &areas, e);
	if (rc)
		return rc;
	struct jw w;
	api_items_begin(&w, res);
	for (size_t i = 0; i < n; i++) {
		const struct training_attendee *a = &items[i];
		jw_obj_begin(&w, NULL);
		write_firm(&w, a->uscc, a->name, a->area, a->tier, &areas);
		jw_str(&w, "attendee", a->attendee);
		jw_str(&w, "source", a->source);
		jw_str(&w, "recorded_at", a->recorded_at);
		jw_str(&w, "applied_stage", a->applied_stage);
		jw_bool(&w, "applied", a->applied_stage != NULL);
		jw_obj_end(&w);
	}
	return api_items_end(&w);
}

static int post_attendance(struct http_request *req, struct http_response *res, struct err *e)
{
	static const char *const known[] = {"uscc", "attendee", NULL};
	json_t *body = NULL;
	struct ledger l;
	const char *uscc = NULL, *attendee = NULL;
	int64_t id = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "培训", &id, e);
	if (!rc)
		rc = http_json_body(req, &body, e);
	if (!rc)
		rc = api_check_members(body, known, e);
	if (!rc)
		rc = api_require(body, "uscc", e);
	if (!rc)
		rc = api_get_str(body, "uscc", req->arena, 32, &uscc, e);
	if (!rc)
		rc = api_get_str(body, "attendee", req->arena, 500, &attendee, e);
	if (!rc)
		rc = training_attend(&l, id, uscc, attendee, e);
	json_decref(body);
	return rc ? rc : http_reply_ok(res);
}

static int delete_attendance(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	int64_t id = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "培训", &id, e);
	if (!rc)
		rc = training_unattend(&l, id, http_param(req, "uscc"), e);
	return rc ? rc : http_reply_ok(res);
}

/* POST /api/v1/trainings/{id}/signin?dry_run=1, body: the sign-in sheet (xlsx or csv). */
static int post_signin(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	struct notice nt;
	struct list_report r;
	int64_t id = 0, dry = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "培训", &id, e);
	/* refused before the upload is read */
	if (!rc)
		rc = perm_check(&l.scope, CAP_TRAININGS_WRITE, "无权登记培训签到", e);
	if (!rc)
		rc = http_query_int(req, "dry_run", 0, 1, 0, &dry, e);
	if (!rc)
		rc = api_read_list(req, NOTICE_SIGNIN, &nt, e);
	if (!rc)
		rc = training_import(&l, id, nt.rows, nt.n, (int)dry, req->arena, &r, e);
	return rc ? rc : api_reply_list_report(res, &r, &nt);
}

static int get_gaps(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	struct training_gap *items = NULL;
	struct api_areas areas;
	size_t n = 0;
	app_ledger(req, &l);
	int rc = training_never_attended(&l, http_query(req, "area"), req->arena, &items, &n, e);
	if (!rc)
		rc = api_areas_load(&l, req->arena, &areas, e);
	if (rc)
		return rc;
	struct jw w;
	api_items_begin(&w, res);
	for (size_t i = 0; i < n; i++) {
		jw_obj_begin(&w, NULL);
		write_firm(&w, items[i].uscc, items[i].name, items[i].area, items[i].tier, &areas);
		jw_obj_end(&w);
	}
	return api_items_end(&w);
}

void api_policy_routes(struct router *r)
{
	router_add(r, HTTP_GET, "/api/v1/policies{?q,level,tag,page,page_size}", list_policies,
		   ROUTE_CACHE);
	router_add(r, HTTP_POST, "/api/v1/policies", create_policy, 0);
	router_add(r, HTTP_GET, "/api/v1/policies/tags", list_tags, ROUTE_CACHE);
	router_add(r, HTTP_GET, "/api/v1/policies/{id}", get_policy, ROUTE_CACHE);
	router_add(r, HTTP_PUT, "/api/v1/policies/{id}", update_policy, 0);
	router_add(r, HTTP_DELETE, "/api/v1/policies/{id}", delete_policy, 0);
	/* a policy's file: up to 20 MB (the ledger's cap) within HTTP_MAX_UPLOAD */
	router_add(r, HTTP_PUT, "/api/v1/policies/{id}/file{?filename}", put_file,
		   ROUTE_LARGE_BODY | ROUTE_HEAVY);
	router_add(r, HTTP_DELETE, "/api/v1/policies/{id}/file", delete_file, 0);
	router_add(r, HTTP_GET, "/api/v1/policies/{id}/file", get_file, ROUTE_EXPORT);

	router_add(r, HTTP_GET, "/api/v1/trainings{?q,from,to,uscc,page,page_size}", list_trainings,
		   ROUTE_CACHE);
	router_add(r, HTTP_POST, "/api/v1/trainings", create_training, 0);
	router_add(r, HTTP_GET, "/api/v1/trainings/never-attended{?area}", get_gaps, ROUTE_CACHE);
	router_add(r, HTTP_GET, "/api/v1/trainings/{id}", get_training, ROUTE_CACHE);
	router_add(r, HTTP_PUT, "/api/v1/trainings/{id}", update_training, 0);
	router_add(r, HTTP_DELETE, "/api/v1/trainings/{id}", delete_training, 0);
	router_add(r, HTTP_GET, "/api/v1/trainings/{id}/attendance", get_attendance, ROUTE_CACHE);
	router_add(r, HTTP_POST, "/api/v1/trainings/{id}/attendance", post_attendance, 0);
	router_add(r, HTTP_DELETE, "/api/v1/trainings/{id}/attendance/{uscc}", delete_attendance,
		   0);
	/* a sign-in sheet (xlsx or csv) as the body */
	router_add(r, HTTP_POST, "/api/v1/trainings/{id}/signin{?dry_run}", post_signin,
		   ROUTE_LARGE_BODY | ROUTE_HEAVY);
}
