/* app — dispatch, authentication and per-thread connections. */
#include "http/app.h"

#include <assert.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "core/xalloc.h"
#include "ledger/cultivate/problem.h"

/* Micro-cache size: entries and the largest answer kept. */
#define CACHE_SLOTS 512
#define CACHE_MAX_ENTRY ((size_t)128 << 10) /* worst case 512 × 128 KiB = 64 MiB */

int app_new(const char *db_path, const char *web_root, unsigned cache_ttl_ms,
	    void (*routes)(struct router *r), struct app **out, struct err *e)
{
	*out = NULL;
	struct app *a = xcalloc(1, sizeof *a);
	a->db_path = db_path;
	a->escalate_days = PROBLEM_ESCALATE_DAYS;
	router_init(&a->router);
	int rc = 0;
	a->fields = ledger_fields();
	if (!a->fields) {
		rc = err_set(e, ERR_INTERNAL, NULL, "内部错误：技术领域表无法载入");
		goto out;
	}
	rc = assets_new(web_root, &a->assets, e);
	if (rc)
		goto out;
	routes(&a->router);
	app_set_limits(a, 2, NULL);
	if (cache_ttl_ms)
		a->cache = cache_new(CACHE_SLOTS, CACHE_MAX_ENTRY, cache_ttl_ms);
	*out = a;
	a = NULL;
out:
	app_free(a);
	return rc;
}

void app_free(struct app *a)
{
	if (!a)
		return;
	router_cleanup(&a->router);
	guard_free(a->heavy);
	guard_free(a->exports);
	assets_free(a->assets);
	cache_free(a->cache);
	free(a);
}

void *app_thread_new(void *app)
{
	const struct app *a = app;
	struct app_thread *t = xcalloc(1, sizeof *t);
	t->app = a;
	struct err e;
	err_clear(&e);
	if (store_open(a->db_path, 0, &t->db, &e)) {
		log_error("worker: cannot open database %s: %s", a->db_path, e.msg);
		t->db = NULL;
	}
	return t;
}

void app_thread_free(void *thread)
{
	struct app_thread *t = thread;
	if (!t)
		return;
	store_close(t->db);
	free(t);
}

struct store *app_db(const struct http_request *req)
{
	return ((struct app_thread *)req->app)->db;
}

const struct app *app_of(const struct http_request *req)
{
	return ((struct app_thread *)req->app)->app;
}

void app_ledger(const struct http_request *req, struct ledger *l)
{
	ledger_init(l, app_db(req), &req->user->scope, "api");
}

/*
 * session_lookup through the micro-cache: a session found valid is reused
 * while no write happened in this process (logout, password change and
 * disabling a user are writes) and for at most the cache's TTL, and never
 * past its expiry.
 */
static int lookup_session(const struct app *a, struct store *db, const char *token,
			  struct session *s, struct err *e)
{
	int64_t now = (int64_t)time(NULL);
	if (!a->cache)
		return session_lookup(db, token, now, s, e);
	char key[SESSION_TOKEN_LEN + 16];
	int klen = snprintf(key, sizeof key, "session:%s", token);
	if (klen < 0 || (size_t)klen >= sizeof key)
		return err_set(e, ERR_AUTH, NULL, "登录已过期，请重新登录");
	struct strbuf sb;
	strbuf_init(&sb, sizeof *s);
	int status = 0, rc;
	if (cache_get(a->cache, key, (size_t)klen, &sb, &status) && sb.len == sizeof *s) {
		memcpy(s, sb.buf, sizeof *s);
		if (s->expires_at > now) {
			rc = 0;
			goto out;
		}
	}
	uint64_t gen = cache_generation(a->cache);
	rc = session_lookup(db, token, now, s, e);
	if (!rc)
		cache_put(a->cache, key, (size_t)klen, gen, (const char *)s, sizeof *s, 200);
out:
	strbuf_cleanup(&sb);
	return rc;
}

static int authenticate(struct http_request *req, const struct route *rt, struct err *e,
			const char **code_name)
{
	const char *token = http_cookie(req, APP_SESSION_COOKIE);
	if (!token || !*token)
		return err_set(e, ERR_AUTH, NULL, "请先登录");
	struct session s;
	int rc = lookup_session(app_of(req), app_db(req), token, &s, e);
	if (rc)
		return rc;
	struct session_user *u = arena_alloc(req->arena, sizeof *u);
	u->scope = s.scope;
	u->token = token;
	memcpy(u->csrf, s.csrf, sizeof u->csrf);
	u->expires_at = s.expires_at;
	req->user = u;
	int writes = req->method & (HTTP_POST | HTTP_PUT | HTTP_PATCH | HTTP_DELETE);
	if (writes && !(rt->flags & ROUTE_NO_CSRF) &&
	    !session_csrf_equal(http_header(req, "X-CSRF-Token"), u->csrf)) {
		*code_name = "csrf";
		return err_set(e, ERR_FORBIDDEN, NULL,
			       "请求缺少有效的 CSRF 令牌（X-CSRF-Token），请刷新页面后重试");
	}
	return 0;
}

/*
 * The cache key of REQ: who asks (scope identity) and the full URL. 0, or
 * ERR_TOO_BIG when it does not fit in KEY (the answer is then not cached: a
 * key missing part of the query would serve one URL's answer for another).
 */
static int cache_key(const struct http_request *req, struct strbuf *key)
{
	const struct scope *sc = &req->user->scope;
	int rc = strbuf_addf(key, "%lld:%d:%lld:%s?", (long long)sc->user_id, (int)sc->role,
			     (long long)sc->enterprise_id, req->path);
	/* Length-prefixed, so that no value containing '&' or '=' can mimic another query. */
	for (size_t i = 0; !rc && i < req->nquery; i++)
		rc = strbuf_addf(key, "%zu:%s=%zu:%s&", strlen(req->query[i].name),
				 req->query[i].name, strlen(req->query[i].value),
				 req->query[i].value);
	return rc;
}

/* The raw value of query argument NAME (any name, declared or not), or NULL. */
static const char *raw_query(const struct http_request *req, const char *name)
{
	for (size_t i = 0; i < req->nquery; i++)
		if (!strcmp(req->query[i].name, name))
			return req->query[i].value;
	return NULL;
}

/* 1 when REQ on RT is heavy work (see http/app.h). */
static int request_heavy(const struct route *rt, const struct http_request *req)
{
	if (rt->flags & (ROUTE_HEAVY | ROUTE_EXPORT))
		return 1;
	if (req->method != HTTP_GET)
		return 0;
	const char *v;
	if (((v = raw_query(req, "q")) && *v) || ((v = raw_query(req, "verdict")) && *v))
		return 1;
	v = raw_query(req, "page_size");
	return v && strlen(v) < 12 && atoll(v) > APP_HEAVY_PAGE_SIZE;
}

static int64_t user_of(const struct http_request *req)
{
	return req->user ? req->user->scope.user_id : 0;
}

/*
 * RT's handler. A cacheable GET only reads: it runs in one read snapshot,
 * so that what it reads in several statements (a page and its total, the
 * rows and their verdicts) is one state of the ledger, and the database's
 * read lock is taken once rather than per statement.
 */
static int call_handler(const struct route *rt, struct http_request *req, struct http_response *res,
			struct err *e)
{
	struct store *db = app_db(req);
	if (!(rt->flags & ROUTE_CACHE) || req->method != HTTP_GET || !db)
		return rt->handler(req, res, e);
	int rc = store_begin_read(db, e);
	if (rc)
		return rc;
	rc = rt->handler(req, res, e);
	struct err ignored;
	store_rollback(db, &ignored); /* nothing was written: ending the snapshot is all */
	return rc;
}

/*
 * Run RT's handler, inside a heavy slot when the request is heavy work.
 * *BUSY = 1 (and nothing run) when no slot is free.
 */
static int run_handler(const struct app *a, const struct route *rt, struct http_request *req,
		       struct http_response *res, struct err *e, int *busy)
{
	if (!request_heavy(rt, req))
		return call_handler(rt, req, res, e);
	int64_t user = user_of(req);
	if (!guard_enter(a->heavy, user)) {
		*busy = 1;
		return 0;
	}
	int rc = call_handler(rt, req, res, e);
	guard_leave(a->heavy, user);
	/* Give the heap this work grew back to the system. */
	malloc_trim(0);
	return rc;
}

/* 503 busy with Retry-After (http/app.h). */
static void reply_busy(struct http_response *res)
{
	struct err e;
	err_set(&e, ERR_BUSY, NULL, "系统繁忙，请稍后重试");
	http_reply_error(res, &e, "busy");
	http_add_header(res, "Retry-After", APP_RETRY_AFTER);
}

/* An export slot held until the exchange is over (http_response.release). */
struct export_slot {
	struct guard *g;
	int64_t user;
};

static void export_done(void *ctx)
{
	struct export_slot *slot = ctx;
	guard_leave(slot->g, slot->user);
}

/* Answer REQ from the micro-cache, or run the handler and keep a 200 answer. */
static int cached(const struct app *a, struct http_request *req, struct http_response *res,
		  const struct route *rt, struct err *e, int *busy)
{
	struct strbuf key;
	strbuf_init(&key, 8192);
	int keyed = !cache_key(req, &key);
	int status = 0, rc = 0;
	if (keyed && cache_get(a->cache, key.buf, key.len, &res->body, &status)) {
		res->status = status;
		goto out;
	}
	uint64_t gen = cache_generation(a->cache);
	rc = run_handler(a, rt, req, res, e, busy);
	if (rc && !e->code)
		e->code = rc;
	if (!rc && !*busy && res->status == 200 && !res->data && !res->file && keyed)
		cache_put(a->cache, key.buf, key.len, gen, res->body.buf, res->body.len, 200);
out:
	strbuf_cleanup(&key);
	return rc;
}

/* Retry opening the thread's connection (it failed before); 0 when it is open now. */
static int reopen_db(const struct http_request *req)
{
	struct app_thread *t = req->app;
	struct err e;
	err_clear(&e);
	if (store_open(t->app->db_path, 0, &t->db, &e)) {
		log_error("worker: cannot open database %s: %s", t->app->db_path, e.msg);
		t->db = NULL;
		return -1;
	}
	return 0;
}

static void dispatch_api(const struct app *a, struct http_request *req, struct http_response *res)
{
	struct err e;
	err_clear(&e);
	const char *code_name = NULL;
	const struct route *rt = NULL;
	int rc, busy = 0;
	int m = router_match(&a->router, req, &rt);
	if (m == ROUTER_NO_PATH) {
		rc = err_set(&e, ERR_NOT_FOUND, NULL, "接口不存在：%s", req->path);
		goto out;
	}
	if (m == ROUTER_NO_METHOD) {
		err_set(&e, ERR_INVALID, NULL, "接口 %s 不支持 %s 方法", req->path,
			req->method_name);
		http_reply_error(res, &e, "method_not_allowed");
		res->status = 405;
		return;
	}
	if (!app_db(req) && reopen_db(req)) {
		rc = err_set(&e, ERR_DB, NULL, "database unavailable");
		goto out;
	}
	if (!(rt->flags & ROUTE_PUBLIC)) {
		rc = authenticate(req, rt, &e, &code_name);
		if (rc)
			goto out;
	}
	rc = router_check_query(rt, req, &e);
	if (rc)
		goto out;
	if (req->body_too_big) {
		rc = err_set(&e, ERR_TOO_BIG, NULL, "请求内容超过 %zu 字节的上限", req->body_cap);
		goto out;
	}
	if (a->cache && (rt->flags & ROUTE_CACHE) && req->method == HTTP_GET) {
		rc = cached(a, req, res, rt, &e, &busy);
		goto out;
	}
	if (rt->flags & ROUTE_EXPORT) {
		struct export_slot *slot = arena_alloc(req->arena, sizeof *slot);
		slot->g = a->exports;
		slot->user = user_of(req);
		if (!guard_enter(slot->g, slot->user)) {
			busy = 1;
			goto out;
		}
		res->release = export_done;
		res->release_ctx = slot;
	}
	rc = run_handler(a, rt, req, res, &e, &busy);
	if (rc && !e.code)
		e.code = rc;
	/*
	 * Any write may have changed what a cached answer or session says (even a
	 * failed one, part-way). Public routes (the login) change neither, and
	 * bumping for them would let anyone flush the cache without logging in.
	 */
	if (a->cache && !(rt->flags & ROUTE_PUBLIC) &&
	    (req->method & (HTTP_POST | HTTP_PUT | HTTP_PATCH | HTTP_DELETE)))
		cache_bump(a->cache);
out:
	if (busy)
		reply_busy(res);
	else if (rc) {
		http_reply_error(res, &e, code_name);
		if (res->status == 503) /* the database was busy (a long import): come back */
			http_add_header(res, "Retry-After", APP_RETRY_AFTER);
	}
}

/* Copy the value of cookie NAME of the Cookie header HDR to OUT (CAP bytes); 1 when found. */
static int cookie_value(const char *hdr, const char *name, char *out, size_t cap)
{
	size_t nl = strlen(name);
	const char *p = hdr;
	while (p && *p) {
		while (*p == ' ' || *p == ';')
			p++;
		size_t len = strcspn(p, ";");
		if (len > nl && !strncmp(p, name, nl) && p[nl] == '=') {
			if (len - nl - 1 >= cap)
				return 0;
			memcpy(out, p + nl + 1, len - nl - 1);
			out[len - nl - 1] = '\0';
			return 1;
		}
		p += len;
	}
	return 0;
}

size_t app_body_cap(void *app, void *thread, const char *method, const char *url,
		    const char *cookie)
{
	const struct app *a = app;
	struct app_thread *t = thread;
	int m = http_method_parse(method);
	if (!(m & (HTTP_POST | HTTP_PUT | HTTP_PATCH | HTTP_DELETE)))
		return APP_ANON_BODY_MAX;
	int flags = router_route_flags(&a->router, m, url);
	/* Bodies are buffered whole: only a live session may send more than the login needs. */
	char token[SESSION_TOKEN_LEN + 1];
	struct session s;
	struct err e;
	err_clear(&e);
	if (!t || !t->db || !cookie_value(cookie, APP_SESSION_COOKIE, token, sizeof token) ||
	    lookup_session(a, t->db, token, &s, &e))
		return APP_ANON_BODY_MAX;
	return flags >= 0 && (flags & ROUTE_LARGE_BODY) ? HTTP_MAX_UPLOAD : HTTP_MAX_BODY;
}

void app_set_limits(struct app *a, unsigned threads, const struct app_limits *lim)
{
	struct app_limits l = {0};
	if (lim)
		l = *lim;
	if (!l.heavy_total)
		l.heavy_total = threads / 2 ? threads / 2 : 1;
	if (!l.heavy_per_user)
		l.heavy_per_user = 2;
	if (!l.exports_total)
		l.exports_total = 4;
	if (!l.exports_per_user)
		l.exports_per_user = 2;
	guard_free(a->heavy);
	guard_free(a->exports);
	a->heavy = guard_new(l.heavy_total, l.heavy_per_user);
	a->exports = guard_new(l.exports_total, l.exports_per_user);
}

void app_set_escalate_days(struct app *a, int days)
{
	assert(days >= 1 && days <= 3650);
	a->escalate_days = days;
}

void app_set_trust_proxy(struct app *a, int trust)
{
	a->trust_proxy = trust;
}

/* The last address of X-Forwarded-For, trimmed (arena copy), or NULL. */
static const char *forwarded_client(const struct http_request *req)
{
	const char *xff = http_header(req, "X-Forwarded-For");
	if (!xff || !*xff)
		return NULL;
	const char *last = strrchr(xff, ',');
	last = last ? last + 1 : xff;
	while (*last == ' ')
		last++;
	size_t n = strcspn(last, " ");
	if (!n || n > 64)
		return NULL;
	return arena_strndup(req->arena, last, n);
}

void app_dispatch(void *app, struct http_request *req, struct http_response *res)
{
	const struct app *a = app;
	if (a->trust_proxy) {
		const char *fwd = forwarded_client(req);
		if (fwd)
			req->client = fwd;
	}
	if (!strncmp(req->path, "/api/", 5) || !strcmp(req->path, "/api") ||
	    !strcmp(req->path, "/healthz")) {
		dispatch_api(a, req, res);
		return;
	}
	struct err e;
	if (req->body_too_big) {
		err_set(&e, ERR_TOO_BIG, NULL, "请求内容超过 %zu 字节的上限", req->body_cap);
		http_reply_error(res, &e, NULL);
		return;
	}
	if (req->method & (HTTP_GET | HTTP_HEAD)) {
		assets_serve(a->assets, req, res);
		return;
	}
	err_set(&e, ERR_NOT_FOUND, NULL, "页面不存在");
	http_reply_error(res, &e, NULL);
}
