/*
 * http — the request and response that handlers see (never libmicrohttpd
 * types), and the helpers every handler uses: query/param/header/cookie
 * access, JSON bodies with caps, JSON replies and error replies.
 *
 * A request lives for one HTTP exchange. Everything it points to (strings,
 * arrays) belongs to its arena `req->arena`, freed by the server when the
 * request completes; handlers allocate their temporaries there too.
 *
 * A response is one buffer written once (style rule 10): a handler fills
 * `res->body` (a strbuf) or points `res->data` at immutable bytes (embedded
 * assets), sets `status`, `content_type` and optional extra headers. The
 * server adds security headers, compresses when allowed and queues it once.
 * A large download (an export) is written to a temporary file instead and
 * handed over as `res->file`: the server sends it from the file (never
 * compressed), so that a client that does not read pins no memory.
 *
 * Thread-safety: a request and its response belong to one thread at a time.
 */
#ifndef GAOQI_HTTP_HTTP_H
#define GAOQI_HTTP_HTTP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/strbuf.h"

/* Methods as bits, so that a route can accept several. */
enum http_method {
	HTTP_GET = 1,
	HTTP_HEAD = 2,
	HTTP_POST = 4,
	HTTP_PUT = 8,
	HTTP_PATCH = 16,
	HTTP_DELETE = 32,
	HTTP_OTHER = 64,
};

/* Request body cap (bytes): larger bodies get 413. */
#define HTTP_MAX_BODY ((size_t)1 << 20)
/* Body cap of ROUTE_LARGE_BODY routes (file uploads). */
#define HTTP_MAX_UPLOAD ((size_t)64 << 20)
/* Deepest nesting of arrays/objects accepted in a JSON body. */
#define HTTP_MAX_JSON_DEPTH 32
/* Most path parameters one route can capture. */
#define HTTP_MAX_PARAMS 6
/* Most extra response headers. */
#define HTTP_MAX_RES_HEADERS 6

struct http_kv {
	const char *name;
	const char *value;
};

struct session_user; /* the authenticated caller, see http/auth.h */

struct http_request {
	int method;				/* one enum http_method bit */
	const char *method_name;		/* "GET", ... */
	const char *path;			/* the URL path as sent ("/api/v1/enterprises") */
	const char *client;			/* the client's address as text ("127.0.0.1") */
	struct http_kv params[HTTP_MAX_PARAMS]; /* from the route pattern, URL-decoded */
	size_t nparams;
	struct http_kv *query; /* URL-decoded query arguments */
	size_t nquery;
	struct http_kv *headers; /* names as sent; lookups ignore case */
	size_t nheaders;
	const char *body; /* NUL-terminated; "" when there is none */
	size_t body_len;
	int body_too_big;    /* the body went over body_cap and was dropped (answer 413) */
	size_t body_cap;     /* the body cap this request had */
	struct arena *arena; /* per-request memory, freed after the response */
	void *app;	     /* the per-thread application context (http/app.h) */
	const struct session_user *user; /* set by the server for authenticated routes */
	/* The query names the route declares (NULL-terminated; set by router_check_query). */
	const char *const *query_declared;
};

struct http_response {
	int status;
	const char *content_type;  /* default "application/json; charset=utf-8" */
	struct strbuf body;	   /* the body, unless `data` is set */
	const unsigned char *data; /* immutable bytes to send instead of body (not freed) */
	size_t data_len;
	const unsigned char *gz_data; /* optional precompressed `data` (gzip) */
	size_t gz_len;
	struct http_kv headers[HTTP_MAX_RES_HEADERS]; /* extra headers (arena or static text) */
	size_t nheaders;
	int no_store; /* 1 (the default for API answers): Cache-Control: no-store */
	FILE *file;   /* when set: the body is this file's content (the server closes it) */
	/* Called once when the exchange is over (answer sent or connection lost), or NULL. */
	void (*release)(void *ctx);
	void *release_ctx;
};

/* Initialise RES as an empty 200 JSON response. */
void http_response_init(struct http_response *res);
/* Free RES's body and close its file. */
void http_response_cleanup(struct http_response *res);

/* Method text ("GET") → enum http_method bit (HTTP_OTHER when unknown). */
int http_method_parse(const char *name);

/*
 * The value of query argument NAME, or NULL. Once the router has checked the
 * query, NAME must be one the route declares (asserted: a programming error).
 */
const char *http_query(const struct http_request *req, const char *name);
/* The value of path parameter NAME ("uscc" of "/enterprises/{uscc}"), or NULL. */
const char *http_param(const struct http_request *req, const char *name);
/* The value of request header NAME (case-insensitive), or NULL. */
const char *http_header(const struct http_request *req, const char *name);
/* The value of cookie NAME from the Cookie header (arena copy), or NULL. */
const char *http_cookie(const struct http_request *req, const char *name);

/*
 * Parse query argument NAME as a decimal integer in [MIN, MAX]. Absent or
 * empty gives DEF. Anything else fails with ERR_INVALID naming NAME.
 */
int http_query_int(const struct http_request *req, const char *name, int64_t min, int64_t max,
		   int64_t def, int64_t *out, struct err *e);

/*
 * Parse the request body as one JSON object: Content-Type application/json
 * required, at most HTTP_MAX_JSON_DEPTH levels, duplicate keys rejected. On success *OUT is a new
 * reference the caller must json_decref. Errors: ERR_INVALID with a Chinese message giving line and
 * column.
 */
int http_json_body(const struct http_request *req, json_t **out, struct err *e);

/*
 * Reply with STATUS and the JSON encoding of V. Steals the reference to V
 * (NULL, e.g. from a failed json_pack, gives ERR_INTERNAL). 0 or ERR_INTERNAL.
 */
int http_reply_json(struct http_response *res, int status, json_t *v);

/* Reply `{"ok": true}` with 200. */
int http_reply_ok(struct http_response *res);

/*
 * Replace RES by the error reply for E: status from err_http_status, body
 * {"error":{"code","message","field"}}. Server-side codes (ERR_DB, ERR_IO,
 * ERR_INTERNAL) never show their message: they say "服务器内部错误" and the
 * original is logged. CODE_NAME overrides the code text when not NULL
 * ("csrf").
 */
void http_reply_error(struct http_response *res, const struct err *e, const char *code_name);

/*
 * A new anonymous temporary file for a response body (removed when closed):
 * write the body into it and set res->file. ERR_IO when none can be made.
 */
int http_tmpfile(FILE **out, struct err *e);

/* Add a response header (NAME and VALUE must outlive the response). */
void http_add_header(struct http_response *res, const char *name, const char *value);

/* Append the JSON string literal of S (with quotes) or `null` when S is NULL. */
int http_json_str(struct strbuf *sb, const char *s);

#endif
