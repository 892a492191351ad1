/*
 * http/api/policy — the policy library over HTTP (ledger/publicity/policy,
 * product C9). docs/api.md "Policy library" is the contract. The file of a
 * document is uploaded as the raw request body (PUT …/file?filename=NAME,
 * ROUTE_LARGE_BODY like the import; the ledger caps it at 20 MB) and
 * downloaded as an attachment with its type, never rendered inline.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/api/api.h"
#include "http/app.h"
#include "ledger/publicity/policy.h"

static const char *content_type(const char *file_type)
{
	if (file_type && !strcmp(file_type, "pdf"))
		return "application/pdf";
	if (file_type && !strcmp(file_type, "docx"))
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
	if (file_type && !strcmp(file_type, "doc"))
		return "application/msword";
	return "application/octet-stream";
}

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
		jw_str(w, "content_type", content_type(p->file_type));
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

static int reply_policy(struct http_request *req, struct http_response *res, struct ledger *l,
			const struct policy *p, int status, struct err *e)
{
	struct api_areas areas;
	int rc = api_areas_load(l, req->arena, &areas, e);
	if (rc)
		return rc;
	struct jw w;
	api_reply_begin(&w, res);
	write_policy(&w, p, &areas, req->arena);
	res->status = status;
	return jw_finish(&w);
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

static int get_policy(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	struct policy p;
	int64_t id = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "政策文件", &id, e);
	if (!rc)
		rc = policy_get(&l, id, req->arena, &p, e);
	return rc ? rc : reply_policy(req, res, &l, &p, 200, e);
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

static int create_policy(struct http_request *req, struct http_response *res, struct err *e)
{
	json_t *body = NULL;
	struct ledger l;
	struct policy in, out;
	app_ledger(req, &l);
	policy_init(&in);
	int rc = http_json_body(req, &body, e);
	if (!rc)
		rc = read_policy(body, req, &in, e);
	if (!rc)
		rc = policy_create(&l, &in, req->arena, &out, e);
	json_decref(body);
	return rc ? rc : reply_policy(req, res, &l, &out, 201, e);
}

static int update_policy(struct http_request *req, struct http_response *res, struct err *e)
{
	json_t *body = NULL;
	struct ledger l;
	struct policy in, out;
	int64_t id = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "政策文件", &id, e);
	if (!rc)
		rc = http_json_body(req, &body, e);
	if (!rc)
		rc = policy_get(&l, id, req->arena, &in, e);
	if (!rc)
		rc = read_policy(body, req, &in, e);
	if (!rc)
		rc = policy_update(&l, id, &in, req->arena, &out, e);
	json_decref(body);
	return rc ? rc : reply_policy(req, res, &l, &out, 200, e);
}

static int delete_policy(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	int64_t id = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "政策文件", &id, e);
	if (!rc)
		rc = policy_delete(&l, id, e);
	return rc ? rc : http_reply_ok(res);
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

/* NAME percent-encoded for filename*=UTF-8''… (RFC 5987 attr-char kept). */
static const char *pct_encode(struct arena *a, const char *name)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = arena_alloc(a, 3 * strlen(name) + 1), *o = out;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("!#$&+-.^_`|~", *p)) {
			*o++ = (char)*p;
		} else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	*o = '\0';
	return out;
}

/* GET /api/v1/policies/{id}/file: the bytes as an attachment, sent from a temporary file. */
static int get_file(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	struct policy p;
	void *data = NULL;
	size_t len = 0;
	int64_t id = 0;
	FILE *f = NULL;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "政策文件", &id, e);
	if (!rc)
		rc = policy_file(&l, id, req->arena, &p, &data, &len, e);
	if (!rc)
		rc = http_tmpfile(&f, e);
	if (!rc && (fwrite(data, 1, len, f) != len || fflush(f) || fseek(f, 0, SEEK_SET)))
		rc = err_set(e, ERR_IO, NULL, "临时文件写入失败");
	free(data);
	if (rc) {
		if (f)
			fclose(f);
		return rc;
	}
	res->file = f;
	res->status = 200;
	res->content_type = content_type(p.file_type);
	http_add_header(res, "Content-Disposition",
			arena_printf(req->arena,
				     "attachment; filename=\"policy-%lld.%s\"; filename*=UTF-8''%s",
				     (long long)id, p.file_type,
				     pct_encode(req->arena, p.file_name)));
	http_add_header(res, "X-Checksum-SHA256", p.file_sha256);
	return 0;
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
}
