/* http — request accessors, JSON bodies and replies. */
#include "http/http.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/log.h"

void http_response_init(struct http_response *res)
{
	memset(res, 0, sizeof *res);
	res->status = 200;
	res->content_type = "application/json; charset=utf-8";
	res->no_store = 1;
	strbuf_init(&res->body, 64u << 20);
}

void http_response_cleanup(struct http_response *res)
{
	strbuf_cleanup(&res->body);
	if (res->file)
		fclose(res->file);
	res->file = NULL;
}

int http_tmpfile(FILE **out, struct err *e)
{
	*out = tmpfile();
	if (!*out)
		return err_set(e, ERR_IO, NULL, "cannot create a temporary file");
	return 0;
}

int http_method_parse(const char *name)
{
	static const struct {
		const char *name;
		int bit;
	} methods[] = {
		{"GET", HTTP_GET}, {"HEAD", HTTP_HEAD},	  {"POST", HTTP_POST},
		{"PUT", HTTP_PUT}, {"PATCH", HTTP_PATCH}, {"DELETE", HTTP_DELETE},
	};
	for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
		if (!strcmp(name, methods[i].name))
			return methods[i].bit;
	return HTTP_OTHER;
}

/* 1 when NAME is declared by the route (or no route checked the query). */
static int query_declared(const struct http_request *req, const char *name)
{
	if (!req->query_declared)
		return 1;
	for (const char *const *q = req->query_declared; *q; q++)
		if (!strcmp(*q, name))
			return 1;
	log_error("http_query: %s reads the undeclared query parameter %s", req->path, name);
	return 0;
}

const char *http_query(const struct http_request *req, const char *name)
{
	if (!query_declared(req, name)) {
		assert(!"a handler read an undeclared query parameter");
		return NULL;
	}
	for (size_t i = 0; i < req->nquery; i++)
		if (!strcmp(req->query[i].name, name))
			return req->query[i].value;
	return NULL;
}

const char *http_param(const struct http_request *req, const char *name)
{
	for (size_t i = 0; i < req->nparams; i++)
		if (!strcmp(req->params[i].name, name))
			return req->params[i].value;
	return NULL;
}

const char *http_header(const struct http_request *req, const char *name)
{
	for (size_t i = 0; i < req->nheaders; i++)
		if (!strcasecmp(req->headers[i].name, name))
			return req->headers[i].value;
	return NULL;
}

const char *http_cookie(const struct http_request *req, const char *name)
{
	size_t nl = strlen(name);
	for (size_t i = 0; i < req->nheaders; i++) {
		if (strcasecmp(req->headers[i].name, "Cookie"))
			continue;
		const char *p = req->headers[i].value;
		while (*p) {
			while (*p == ' ' || *p == ';')
				p++;
			const char *end = strchr(p, ';');
			size_t len = end ? (size_t)(end - p) : strlen(p);
			if (len > nl && !strncmp(p, name, nl) && p[nl] == '=')
				return arena_strndup(req->arena, p + nl + 1, len - nl - 1);
			p += len;
		}
	}
	return NULL;
}

int http_query_int(const struct http_request *req, const char *name, int64_t min, int64_t max,
		   int64_t def, int64_t *out, struct err *e)
{
	const char *v = http_query(req, name);
	if (!v || !*v) {
		*out = def;
		return 0;
	}
	int64_t n = 0;
	const char *p = v;
	int neg = 0;
	if (*p == '-') {
		neg = 1;
		p++;
	}
	if (!*p)
		goto bad;
	for (; *p; p++) {
		if (*p < '0' || *p > '9' || n > 100000000000LL)
			goto bad;
		n = n * 10 + (*p - '0');
	}
	if (neg)
		n = -n;
	if (n < min || n > max)
		return err_set(e, ERR_INVALID, name, "参数 %s 应在 %lld 到 %lld 之间", name,
			       (long long)min, (long long)max);
	*out = n;
	return 0;
bad:
	return err_set(e, ERR_INVALID, name, "参数 %s 应为整数", name);
}

/* The deepest nesting of arrays/objects in (S, N), strings skipped. */
static int json_depth_ok(const char *s, size_t n)
{
	int depth = 0, in_str = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = 0;
			continue;
		}
		if (c == '"') {
			in_str = 1;
		} else if (c == '{' || c == '[') {
			if (++depth > HTTP_MAX_JSON_DEPTH)
				return 0;
		} else if (c == '}' || c == ']') {
			depth--;
		}
	}
	return 1;
}

int http_json_body(const struct http_request *req, json_t **out, struct err *e)
{
	*out = NULL;
	/*
	 * Only application/json: a cross-site HTML form cannot send that type, so
	 * even the login (which has no CSRF token yet) cannot be forged by a form.
	 */
	const char *type = http_header(req, "Content-Type");
	if (!type || strncasecmp(type, "application/json", 16) ||
	    (type[16] && type[16] != ';' && type[16] != ' '))
		return err_set(e, ERR_INVALID, NULL, "请求内容类型应为 application/json");
	if (!req->body_len)
		return err_set(e, ERR_INVALID, NULL, "请求内容为空，应为 JSON 对象");
	if (!json_depth_ok(req->body, req->body_len))
		return err_set(e, ERR_INVALID, NULL, "JSON 嵌套超过 %d 层", HTTP_MAX_JSON_DEPTH);
	json_error_t je;
	json_t *v = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &je);
	if (!v) {
		if (strstr(je.text, "duplicate"))
			return err_set(e, ERR_INVALID, NULL, "JSON 第 %d 行第 %d 列：键重复",
				       je.line, je.column);
		return err_set(e, ERR_INVALID, NULL, "请求内容不是合法的 JSON（第 %d 行第 %d 列）",
			       je.line, je.column);
	}
	if (!json_is_object(v)) {
		json_decref(v);
		return err_set(e, ERR_INVALID, NULL, "请求内容应为 JSON 对象");
	}
	*out = v;
	return 0;
}

static int dump_cb(const char *buf, size_t size, void *data)
{
	return strbuf_add(data, buf, size) ? -1 : 0;
}

int http_reply_json(struct http_response *res, int status, json_t *v)
{
	if (!v)
		return ERR_INTERNAL;
	strbuf_reset(&res->body);
	int rc = json_dump_callback(v, dump_cb, &res->body, JSON_COMPACT | JSON_ENCODE_ANY);
	json_decref(v);
	if (rc)
		return ERR_INTERNAL;
	res->status = status;
	res->content_type = "application/json; charset=utf-8";
	return 0;
}

int http_reply_ok(struct http_response *res)
{
	strbuf_reset(&res->body);
	res->status = 200;
	res->content_type = "application/json; charset=utf-8";
	return strbuf_adds(&res->body, "{\"ok\":true}");
}

int http_json_str(struct strbuf *sb, const char *s)
{
	if (!s)
		return strbuf_adds(sb, "null");
	int rc = strbuf_addc(sb, '"');
	if (!rc)
		rc = strbuf_add_json_escaped(sb, s, strlen(s));
	if (!rc)
		rc = strbuf_addc(sb, '"');
	return rc;
}

void http_reply_error(struct http_response *res, const struct err *e, const char *code_name)
{
	int code = e && e->code ? e->code : ERR_INTERNAL;
	int status = err_http_status(code);
	const char *msg = e ? e->msg : "";
	const char *field = e && e->field[0] ? e->field : NULL;
	if (status == 500) {
		log_error("internal error (%s): %s", err_code_name(code), msg);
		msg = "服务器内部错误，请稍后再试或联系管理员";
		field = NULL;
		code_name = "internal";
	}
	if (!*msg)
		msg = "请求失败";
	/* Extra headers stay (e.g. Retry-After of a 429). */
	if (res->file)
		fclose(res->file);
	res->file = NULL;
	res->data = NULL;
	res->gz_data = NULL;
	res->status = status;
	res->no_store = 1;
	res->content_type = "application/json; charset=utf-8";
	strbuf_reset(&res->body);
	strbuf_adds(&res->body, "{\"error\":{\"code\":");
	http_json_str(&res->body, code_name ? code_name : err_code_name(code));
	strbuf_adds(&res->body, ",\"message\":");
	http_json_str(&res->body, msg);
	strbuf_adds(&res->body, ",\"field\":");
	http_json_str(&res->body, field);
	strbuf_adds(&res->body, "}}");
}

void http_add_header(struct http_response *res, const char *name, const char *value)
{
	if (res->nheaders >= HTTP_MAX_RES_HEADERS) {
		log_error("too many response headers, dropped %s", name);
		return;
	}
	res->headers[res->nheaders].name = name;
	res->headers[res->nheaders].value = value;
	res->nheaders++;
}
