/*
 * http/api/resource — the shared handlers of a publicity row (see resource.h).
 */
#include "http/api/resource.h"

#include "http/app.h"

int api_resource_reply(const struct api_resource *r, struct http_request *req,
		       struct http_response *res, struct ledger *l, const void *row, int status,
		       struct err *e)
{
	struct api_areas areas;
	int rc = api_areas_load(l, req->arena, &areas, e);
	if (rc)
		return rc;
	struct jw w;
	api_reply_begin(&w, res);
	r->write(&w, row, &areas, req->arena);
	res->status = status;
	return jw_finish(&w);
}

int api_resource_get(const struct api_resource *r, struct http_request *req,
		     struct http_response *res, struct err *e)
{
	struct ledger l;
	void *row = arena_alloc(req->arena, r->size);
	int64_t id = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", r->what, &id, e);
	if (!rc)
		rc = r->get(&l, id, req->arena, row, e);
	return rc ? rc : api_resource_reply(r, req, res, &l, row, 200, e);
}

int api_resource_create(const struct api_resource *r, struct http_request *req,
			struct http_response *res, struct err *e)
{
	json_t *body = NULL;
	struct ledger l;
	void *in = arena_alloc(req->arena, r->size), *out = arena_alloc(req->arena, r->size);
	app_ledger(req, &l);
	r->init(in);
	int rc = http_json_body(req, &body, e);
	if (!rc)
		rc = r->read(body, req, in, e);
	if (!rc)
		rc = r->create(&l, in, req->arena, out, e);
	json_decref(body);
	return rc ? rc : api_resource_reply(r, req, res, &l, out, 201, e);
}

int api_resource_update(const struct api_resource *r, struct http_request *req,
			struct http_response *res, struct err *e)
{
	json_t *body = NULL;
	struct ledger l;
	void *in = arena_alloc(req->arena, r->size), *out = arena_alloc(req->arena, r->size);
	int64_t id = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", r->what, &id, e);
	if (!rc)
		rc = http_json_body(req, &body, e);
	if (!rc)
		rc = r->get(&l, id, req->arena, in, e);
	if (!rc)
		rc = r->read(body, req, in, e);
	if (!rc)
		rc = r->update(&l, id, in, req->arena, out, e);
	json_decref(body);
	return rc ? rc : api_resource_reply(r, req, res, &l, out, 200, e);
}

int api_resource_delete(const struct api_resource *r, struct http_request *req,
			struct http_response *res, struct err *e)
{
	struct ledger l;
	int64_t id = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", r->what, &id, e);
	if (!rc)
		rc = r->remove(&l, id, e);
	return rc ? rc : http_reply_ok(res);
}
