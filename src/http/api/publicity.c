/*
 * http/api/publicity — policy publicity over HTTP (ledger/publicity, product
 * C9): announcements with their attachments and read receipts, and questions with their
 * answers and the FAQ. docs/api.md "Publicity" is the contract. Handlers are
 * straight lines: parse, one ledger call, render.
 */
#include <stdlib.h>
#include <string.h>

#include "http/api/api.h"
#include "http/api/files.h"
#include "http/api/resource.h"
#include "http/app.h"
#include "ledger/publicity/announcement.h"
#include "ledger/publicity/question.h"
#include "ledger/publicity/upload.h"
#include "ledger/register/enterprise.h"

/* The Chinese label of tier code CODE, NULL for NULL. */
static const char *tier_label(const char *code)
{
	enum tier t;
	if (!code || enterprise_tier_parse(code, &t, NULL))
		return NULL;
	return enterprise_tier_label(t);
}

/* ---- announcements -------------------------------------------------------------------- */

static void write_attachment(struct jw *w, const struct announcement_file *f)
{
	jw_obj_begin(w, NULL);
	jw_int(w, "id", f->id);
	jw_int(w, "announcement_id", f->announcement_id);
	jw_str(w, "name", f->name);
	jw_str(w, "type", f->type);
	jw_str(w, "content_type", upload_content_type(f->type));
	jw_int(w, "size", f->size);
	jw_str(w, "sha256", f->sha256);
	jw_str(w, "created_by", f->created_by);
	jw_str(w, "created_at", f->created_at);
	jw_obj_end(w);
}

/* Announcement A; with its attachments' list when FILES (one announcement, not a list). */
static void write_announcement(struct jw *w, const struct announcement *a,
			       const struct api_areas *areas, int files)
{
	jw_obj_begin(w, NULL);
	jw_int(w, "id", a->id);
	jw_str(w, "title", a->title);
	jw_str(w, "body", a->body);
	jw_str(w, "area", a->area);
	jw_str(w, "area_name", api_area_name(areas, a->area));
	jw_str(w, "tier", a->tier);
	jw_str(w, "tier_label", tier_label(a->tier));
	jw_date(w, "published_on", a->published_on, LEDGER_NO_DATE);
	jw_str(w, "created_by", a->created_by);
	jw_str(w, "author", a->author);
	jw_str(w, "created_at", a->created_at);
	jw_str(w, "updated_at", a->updated_at);
	jw_str(w, "read_at", a->read_at[0] ? a->read_at : NULL);
	jw_int_or_null(w, "recipients", a->recipients, LEDGER_NONE);
	jw_int_or_null(w, "read_count", a->read_count, LEDGER_NONE);
	jw_int(w, "attachment_count", a->attachments);
	if (files) {
		jw_arr_begin(w, "attachments");
		for (size_t i = 0; i < a->n_files; i++)
			write_attachment(w, &a->files[i]);
		jw_arr_end(w);
	}
	jw_obj_end(w);
}

static int list_announcements(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	struct announcement_filter f;
	struct announcement_page pg;
	struct api_areas areas;
	int64_t page = 1, page_size = 50, unread = 0;
	app_ledger(req, &l);
	announcement_filter_init(&f);
	int rc = api_read_paging(req, &page, &page_size, e);
	if (!rc)
		rc = http_query_int(req, "unread", 0, 1, 0, &unread, e);
	f.unread = (int)unread;
	f.q = http_query(req, "q");
	f.offset = (page - 1) * page_size;
	f.limit = page_size;
	if (!rc)
		rc = announcement_list(&l, &f, req->arena, &pg, e);
	if (!rc)
		rc = api_areas_load(&l, req->arena, &areas, e);
	if (rc)
		return rc;
	struct jw w;
	api_items_begin(&w, res);
	for (size_t i = 0; i < pg.n; i++)
		write_announcement(&w, &pg.items[i], &areas, 0);
	return api_items_end_paged(&w, pg.total, page, page_size);
}

/* The members of an announcement in BODY over *A (absent members keep A's values). */
static int read_announcement(json_t *body, struct http_request *req, struct announcement *a,
			     struct err *e)
{
	static const char *const known[] = {
		"id",	       "title",	     "body",	   "area",
		"area_name",   "tier",	     "tier_label", "published_on",
		"created_by",  "author",     "created_at", "updated_at",
		"read_at",     "recipients", "read_count", "attachment_count",
		"attachments", NULL};
	int rc = api_check_members(body, known, e);
	if (!rc)
		rc = api_get_str(body, "title", req->arena, ANNOUNCEMENT_TITLE_MAX, &a->title, e);
	if (!rc)
		rc = api_get_str(body, "body", req->arena, ANNOUNCEMENT_BODY_MAX, &a->body, e);
	if (!rc)
		rc = api_get_str(body, "area", req->arena, 16, &a->area, e);
	if (!rc)
		rc = api_get_str(body, "tier", req->arena, 32, &a->tier, e);
	if (!rc)
		rc = api_get_date(body, "published_on", &a->published_on, e);
	return rc;
}

/* ---- announcements: the shared handlers (http/api/resource) ---- */

static void announcement_init_row(void *row)
{
	announcement_init(row);
}

static int announcement_get_row(struct ledger *l, int64_t id, struct arena *a, void *row,
				struct err *e)
{
	return announcement_get(l, id, a, row, e);
}

static int announcement_create_row(struct ledger *l, const void *in, struct arena *a, void *out,
				   struct err *e)
{
	return announcement_create(l, in, a, out, e);
}

static int announcement_update_row(struct ledger *l, int64_t id, const void *in, struct arena *a,
				   void *out, struct err *e)
{
	return announcement_update(l, id, in, a, out, e);
}

static int announcement_read_row(json_t *body, struct http_request *req, void *row, struct err *e)
{
	return read_announcement(body, req, row, e);
}

static void announcement_write_row(struct jw *w, const void *row, const struct api_areas *areas,
				   struct arena *a)
{
	(void)a;
	write_announcement(w, row, areas, 1);
}

static const struct api_resource announcement_resource = {
	.what = "通知",
	.size = sizeof(struct announcement),
	.init = announcement_init_row,
	.get = announcement_get_row,
	.create = announcement_create_row,
	.update = announcement_update_row,
	.remove = announcement_delete,
	.read = announcement_read_row,
	.write = announcement_write_row,
};

static int get_announcement(struct http_request *req, struct http_response *res, struct err *e)
{
	return api_resource_get(&announcement_resource, req, res, e);
}

static int create_announcement(struct http_request *req, struct http_response *res, struct err *e)
{
	return api_resource_create(&announcement_resource, req, res, e);
}

static int update_announcement(struct http_request *req, struct http_response *res, struct err *e)
{
	return api_resource_update(&announcement_resource, req, res, e);
}

static int delete_announcement(struct http_request *req, struct http_response *res, struct err *e)
{
	return api_resource_delete(&announcement_resource, req, res, e);
}

static int read_announcement_mark(struct http_request *req, struct http_response *res,
				  struct err *e)
{
	struct ledger l;
	char at[21] = "";
	int64_t id = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "通知", &id, e);
	if (!rc)
		rc = announcement_mark_read(&l, id, at, e);
	if (rc)
		return rc;
	struct jw w;
	api_reply_begin(&w, res);
	jw_obj_begin(&w, NULL);
	jw_int(&w, "id", id);
	jw_str(&w, "read_at", at);
	jw_obj_end(&w);
	return jw_finish(&w);
}

static int announcement_receipts_get(struct http_request *req, struct http_response *res,
				     struct err *e)
{
	struct ledger l;
	struct announcement_receipt *items = NULL;
	struct api_areas areas;
	size_t n = 0, read = 0;
	int64_t id = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "通知", &id, e);
	if (!rc)
		rc = announcement_receipts(&l, id, req->arena, &items, &n, e);
	if (!rc)
		rc = api_areas_load(&l, req->arena, &areas, e);
	if (rc)
		return rc;
	struct jw w;
	api_items_begin(&w, res);
	for (size_t i = 0; i < n; i++) {
		read += items[i].read_at[0] != '\0';
		jw_obj_begin(&w, NULL);
		jw_int(&w, "user_id", items[i].user_id);
		jw_str(&w, "username", items[i].username);
		jw_str(&w, "display_name", items[i].display_name);
		jw_str(&w, "uscc", items[i].uscc);
		jw_str(&w, "enterprise_name", items[i].enterprise_name);
		jw_str(&w, "area", items[i].area);
		jw_str(&w, "area_name", api_area_name(&areas, items[i].area));
		jw_str(&w, "read_at", items[i].read_at[0] ? items[i].read_at : NULL);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_int(&w, "recipients", (int64_t)n);
	jw_int(&w, "read", (int64_t)read);
	jw_int(&w, "unread", (int64_t)(n - read));
	jw_obj_end(&w);
	return jw_finish(&w);
}

/* POST /api/v1/announcements/{id}/attachments?filename=NAME, body: the file's bytes. */
static int post_attachment(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	struct announcement_file f;
	int64_t id = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "通知", &id, e);
	if (!rc)
		rc = announcement_attach(&l, id, http_query(req, "filename"), req->body,
					 req->body_len, req->arena, &f, e);
	if (rc)
		return rc;
	struct jw w;
	api_reply_begin(&w, res);
	write_attachment(&w, &f);
	res->status = 201;
	return jw_finish(&w);
}

static int delete_attachment(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	int64_t id = 0, file_id = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "通知", &id, e);
	if (!rc)
		rc = api_path_id(req, "file", "附件", &file_id, e);
	if (!rc)
		rc = announcement_detach(&l, id, file_id, e);
	return rc ? rc : http_reply_ok(res);
}

/* GET /api/v1/announcements/{id}/attachments/{file}: the bytes as an attachment. */
static int get_attachment(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	struct announcement_file f;
	void *data = NULL;
	size_t len = 0;
	int64_t id = 0, file_id = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "通知", &id, e);
	if (!rc)
		rc = api_path_id(req, "file", "附件", &file_id, e);
	if (!rc)
		rc = announcement_file(&l, id, file_id, req->arena, &f, &data, &len, e);
	if (rc)
		return rc;
	return api_reply_file(
		req, res, data, len, upload_content_type(f.type),
		arena_printf(req->arena, "attachment-%lld.%s", (long long)file_id, f.type), f.name,
		f.sha256, e);
}

/* ---- questions ------------------------------------------------------------------------ */

static void write_question(struct jw *w, const struct question *q, const struct api_areas *areas)
{
	jw_obj_begin(w, NULL);
	jw_int(w, "id", q->id);
	jw_str(w, "uscc", q->uscc);
	jw_str(w, "enterprise_name", q->enterprise_name);
	jw_str(w, "area", q->area);
	jw_str(w, "area_name", api_area_name(areas, q->area));
	jw_str(w, "title", q->title);
	jw_str(w, "body", q->body);
	jw_str(w, "asked_by", q->asked_by);
	jw_str(w, "asked_at", q->created_at);
	jw_str(w, "status", q->answer ? "answered" : "open");
	jw_str(w, "answer", q->answer);
	jw_str(w, "answered_by", q->answered_by);
	jw_str(w, "answered_at", q->answered_at);
	jw_bool(w, "published", q->faq_published_at != NULL);
	jw_str(w, "faq_question", q->faq_question);
	jw_str(w, "faq_answer", q->faq_answer);
	jw_str(w, "faq_published_at", q->faq_published_at);
	jw_str(w, "faq_by", q->faq_by);
	jw_obj_end(w);
}

static int reply_question(struct http_request *req, struct http_response *res, struct ledger *l,
			  const struct question *q, int status, struct err *e)
{
	struct api_areas areas;
	int rc = api_areas_load(l, req->arena, &areas, e);
	if (rc)
		return rc;
	struct jw w;
	api_reply_begin(&w, res);
	write_question(&w, q, &areas);
	res->status = status;
	return jw_finish(&w);
}

static int list_questions(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	struct question_filter f;
	struct question_page pg;
	struct api_areas areas;
	int64_t page = 1, page_size = 50;
	const char *st = http_query(req, "status");
	app_ledger(req, &l);
	question_filter_init(&f);
	int rc = api_read_paging(req, &page, &page_size, e);
	if (!rc && st && *st) {
		if (!strcmp(st, "open"))
			f.state = QUESTION_OPEN;
		else if (!strcmp(st, "answered"))
			f.state = QUESTION_ANSWERED;
		else
			rc = err_set(e, ERR_INVALID, "status", "问题状态应为 open 或 answered");
	}
	f.q = http_query(req, "q");
	f.offset = (page - 1) * page_size;
	f.limit = page_size;
	if (!rc)
		rc = question_list(&l, &f, req->arena, &pg, e);
	if (!rc)
		rc = api_areas_load(&l, req->arena, &areas, e);
	if (rc)
		return rc;
	struct jw w;
	api_items_begin(&w, res);
	for (size_t i = 0; i < pg.n; i++)
		write_question(&w, &pg.items[i], &areas);
	return api_items_end_paged(&w, pg.total, page, page_size);
}

static int get_question(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	struct question q;
	int64_t id = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "问题", &id, e);
	if (!rc)
		rc = question_get(&l, id, req->arena, &q, e);
	return rc ? rc : reply_question(req, res, &l, &q, 200, e);
}

/* The text members NAMES (NULL-terminated, each ≤ MAX[i] bytes) of BODY into OUT[i]. */
static int read_texts(struct http_request *req, json_t *body, const char *const *names,
		      const size_t *max, const char **out, struct err *e)
{
	int rc = api_check_members(body, names, e);
	for (size_t i = 0; !rc && names[i]; i++)
		rc = api_get_str(body, names[i], req->arena, max[i], &out[i], e);
	return rc;
}

static int ask_question(struct http_request *req, struct http_response *res, struct err *e)
{
	static const char *const names[] = {"title", "body", NULL};
	static const size_t max[] = {QUESTION_TITLE_MAX, QUESTION_BODY_MAX};
	const char *v[2] = {NULL, NULL};
	json_t *body = NULL;
	struct ledger l;
	struct question out;
	app_ledger(req, &l);
	int rc = http_json_body(req, &body, e);
	if (!rc)
		rc = read_texts(req, body, names, max, v, e);
	if (!rc)
		rc = question_ask(&l, v[0], v[1], req->arena, &out, e);
	json_decref(body);
	return rc ? rc : reply_question(req, res, &l, &out, 201, e);
}

static int answer_question(struct http_request *req, struct http_response *res, struct err *e)
{
	static const char *const names[] = {"answer", NULL};
	static const size_t max[] = {QUESTION_ANSWER_MAX};
	const char *v[1] = {NULL};
	json_t *body = NULL;
	struct ledger l;
	struct question out;
	int64_t id = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "问题", &id, e);
	if (!rc)
		rc = http_json_body(req, &body, e);
	if (!rc)
		rc = read_texts(req, body, names, max, v, e);
	if (!rc)
		rc = question_answer(&l, id, v[0], req->arena, &out, e);
	json_decref(body);
	return rc ? rc : reply_question(req, res, &l, &out, 200, e);
}

static int publish_question(struct http_request *req, struct http_response *res, struct err *e)
{
	static const char *const names[] = {"faq_question", "faq_answer", NULL};
	static const size_t max[] = {QUESTION_BODY_MAX, QUESTION_ANSWER_MAX};
	const char *v[2] = {NULL, NULL};
	json_t *body = NULL;
	struct ledger l;
	struct question out;
	int64_t id = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "问题", &id, e);
	if (!rc)
		rc = http_json_body(req, &body, e);
	if (!rc)
		rc = read_texts(req, body, names, max, v, e);
	if (!rc)
		rc = question_publish(&l, id, v[0], v[1], req->arena, &out, e);
	json_decref(body);
	return rc ? rc : reply_question(req, res, &l, &out, 200, e);
}

static int unpublish_question(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	int64_t id = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "问题", &id, e);
	if (!rc)
		rc = question_unpublish(&l, id, e);
	return rc ? rc : http_reply_ok(res);
}

static int list_faq(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	struct question_faq *items = NULL;
	size_t n = 0;
	int64_t page = 1, page_size = 50, total = 0;
	app_ledger(req, &l);
	int rc = api_read_paging(req, &page, &page_size, e);
	if (!rc)
		rc = question_faq(&l, http_query(req, "q"), (page - 1) * page_size, page_size,
				  req->arena, &items, &n, &total, e);
	if (rc)
		return rc;
	struct jw w;
	api_items_begin(&w, res);
	for (size_t i = 0; i < n; i++) {
		jw_obj_begin(&w, NULL);
		jw_int(&w, "id", items[i].id);
		jw_str(&w, "question", items[i].question);
		jw_str(&w, "answer", items[i].answer);
		jw_str(&w, "published_at", items[i].published_at);
		jw_obj_end(&w);
	}
	return api_items_end_paged(&w, total, page, page_size);
}

void api_publicity_routes(struct router *r)
{
	router_add(r, HTTP_GET, "/api/v1/announcements{?unread,q,page,page_size}",
		   list_announcements, ROUTE_CACHE);
	router_add(r, HTTP_POST, "/api/v1/announcements", create_announcement, 0);
	router_add(r, HTTP_GET, "/api/v1/announcements/{id}", get_announcement, ROUTE_CACHE);
	router_add(r, HTTP_PUT, "/api/v1/announcements/{id}", update_announcement, 0);
	router_add(r, HTTP_DELETE, "/api/v1/announcements/{id}", delete_announcement, 0);
	router_add(r, HTTP_POST, "/api/v1/announcements/{id}/read", read_announcement_mark, 0);
	router_add(r, HTTP_GET, "/api/v1/announcements/{id}/receipts", announcement_receipts_get,
		   ROUTE_CACHE);
	/* an attachment: up to 20 MB (the ledger's cap) within HTTP_MAX_UPLOAD */
	router_add(r, HTTP_POST, "/api/v1/announcements/{id}/attachments{?filename}",
		   post_attachment, ROUTE_LARGE_BODY | ROUTE_HEAVY);
	router_add(r, HTTP_GET, "/api/v1/announcements/{id}/attachments/{file}", get_attachment,
		   ROUTE_EXPORT);
	router_add(r, HTTP_DELETE, "/api/v1/announcements/{id}/attachments/{file}",
		   delete_attachment, 0);
	router_add(r, HTTP_GET, "/api/v1/questions{?status,q,page,page_size}", list_questions,
		   ROUTE_CACHE);
	router_add(r, HTTP_POST, "/api/v1/questions", ask_question, 0);
	router_add(r, HTTP_GET, "/api/v1/questions/faq{?q,page,page_size}", list_faq, ROUTE_CACHE);
	router_add(r, HTTP_GET, "/api/v1/questions/{id}", get_question, ROUTE_CACHE);
	router_add(r, HTTP_POST, "/api/v1/questions/{id}/answer", answer_question, 0);
	router_add(r, HTTP_PUT, "/api/v1/questions/{id}/faq", publish_question, 0);
	router_add(r, HTTP_DELETE, "/api/v1/questions/{id}/faq", unpublish_question, 0);
}
