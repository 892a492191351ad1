/*
 * app — the gaoqi web application on top of the server: per-thread database
 * connections, authentication (session cookie, CSRF), routing of /api/ and
 * /healthz, static files for everything else, and error replies.
 *
 * Request flow (app_dispatch): a path under /api/ or /healthz goes to the
 * router (404 / 405 JSON when no route fits); unless the route is
 * ROUTE_PUBLIC the `gaoqi_session` cookie must name a live session (401
 * otherwise) and req->user is set; a POST/PUT/PATCH/DELETE must carry the
 * session's X-CSRF-Token unless the route is ROUTE_NO_CSRF (403 `csrf`);
 * then the handler runs and a failure becomes the error JSON. Any other GET
 * or HEAD is a static file (http/assets.h). A GET of a ROUTE_CACHE route is
 * answered from the micro-cache when a fresh copy exists for the same user
 * and URL; every POST/PUT/PATCH/DELETE of an authenticated route (even a
 * failed one) invalidates the cache — the login does not (it changes no
 * cached answer, and anyone may call it). A cache key too long for its
 * buffer means the answer is not cached.
 *
 * Bounds (issue 11): heavy requests — routes flagged ROUTE_HEAVY or
 * ROUTE_EXPORT, and any GET with a non-empty `q` or `verdict` or a
 * `page_size` above APP_HEAVY_PAGE_SIZE — run only while a heavy slot is
 * free: at most `heavy_per_user` at once for one user and `heavy_total` in
 * all (fewer than the worker threads, so that cheap requests always find a
 * free worker). A ROUTE_EXPORT request also holds an export slot from its
 * start until its file has been sent (or the client went away): at most
 * `exports_per_user` and `exports_total`. Past a bound the answer is 503
 * {"error":{"code":"busy","message":"系统繁忙，请稍后重试"}} with Retry-After.
 * Answers from the micro-cache take no slot. After a heavy request the
 * thread's free heap is returned to the system (malloc_trim), so that one
 * burst does not keep the server's memory high.
 *
 * Threads: struct app is immutable while the server runs; each worker thread
 * has its own struct app_thread (its own store connection), created by
 * app_thread_new on its first request (retried on a later request when it
 * could not be opened) and closed by app_thread_free when the server stops.
 */
#ifndef GAOQI_HTTP_APP_H
#define GAOQI_HTTP_APP_H

#include <stdint.h>

#include "core/err.h"
#include "http/assets.h"
#include "http/cache.h"
#include "http/guard.h"
#include "http/http.h"
#include "http/router.h"
#include "ledger/ledger.h"
#include "ledger/access/session.h"
#include "rules/fields.h"
#include "store/store.h"

#define APP_SESSION_COOKIE "gaoqi_session"
#define APP_ANON_BODY_MAX ((size_t)16 << 10) /* body cap without a session (the login) */
#define APP_HEAVY_PAGE_SIZE 100		     /* a list page larger than this is heavy work */
#define APP_RETRY_AFTER "2"		     /* seconds, in a 503 busy answer */

struct app {
	const char *db_path; /* borrowed */
	struct router router;
	struct assets *assets;
	const struct fields_table *fields; /* ledger_fields(): the technology-field table */
	struct cache *cache;		   /* micro-cache of ROUTE_CACHE answers, NULL = off */
	int trust_proxy;       /* 1: the client address is the last X-Forwarded-For entry */
	int escalate_days;     /* overdue problems reach the city after this many days (30) */
	struct guard *heavy;   /* heavy-work slots (app_set_limits) */
	struct guard *exports; /* export slots */
};

/* The bounds of app_set_limits; 0 in a member keeps its default. */
struct app_limits {
	unsigned heavy_total;	   /* default: half the worker threads (at least 1) */
	unsigned heavy_per_user;   /* default 2 */
	unsigned exports_total;	   /* default 4 */
	unsigned exports_per_user; /* default 2 */
};

struct app_thread {
	const struct app *app;
	struct store *db; /* NULL when the database could not be opened */
};

/* The authenticated caller (req->user). */
struct session_user {
	struct scope scope;
	const char *token; /* the session token from the cookie */
	char csrf[SESSION_TOKEN_LEN + 1];
	int64_t expires_at;
};

/*
 * Prepare the application for the database DB_PATH and the static files of
 * WEB_ROOT (NULL = embedded): ROUTES registers the routes on the router
 * (api_register_all of http/api/api.h: http/ sits below http/api/ and does
 * not name it) and the field table is taken. CACHE_TTL_MS > 0 turns on the micro-cache of
 * ROUTE_CACHE answers (http/cache.h) with that lifetime; 0 turns it off.
 * *OUT owns it (app_free). Errors: those of assets_new, ERR_INTERNAL without a field table.
 */
int app_new(const char *db_path, const char *web_root, unsigned cache_ttl_ms,
	    void (*routes)(struct router *r), struct app **out, struct err *e);
/*
 * Behind a reverse proxy (nginx) every request comes from the proxy's
 * address: with TRUST 1, the client address used for login throttling is the
 * last entry of X-Forwarded-For (the one the proxy appended). Call before
 * serving. Only for servers reachable through the proxy alone.
 */
void app_set_trust_proxy(struct app *a, int trust);

/*
 * Set the heavy-work and export bounds (see the file comment) for a server of
 * THREADS worker threads. Call before serving; app_new sets the defaults of
 * a 2-thread server.
 */
void app_set_limits(struct app *a, unsigned threads, const struct app_limits *lim);

/* Overdue problems escalate to the city after DAYS days (1–3650; default 30). */
void app_set_escalate_days(struct app *a, int days);

/* Free A (after the server stopped). NULL-safe. */
void app_free(struct app *a);

/* server_options.thread_init / thread_done. */
void *app_thread_new(void *app);
void app_thread_free(void *thread);

/*
 * server_options.body_cap. A POST/PUT/PATCH/DELETE whose Cookie header
 * COOKIE names a live session (looked up on THREAD's connection) may send
 * HTTP_MAX_UPLOAD to a ROUTE_LARGE_BODY route and HTTP_MAX_BODY elsewhere;
 * any other request (anonymous ones, the login, GET) APP_ANON_BODY_MAX — so
 * that no client without a session can make the server buffer much. An
 * oversized body is answered 413 after authentication (401 first).
 */
size_t app_body_cap(void *app, void *thread, const char *method, const char *url,
		    const char *cookie);

/* server_options.dispatch. */
void app_dispatch(void *app, struct http_request *req, struct http_response *res);

/* The request's store connection (never NULL inside a handler). */
struct store *app_db(const struct http_request *req);
/* The application of the request. */
const struct app *app_of(const struct http_request *req);

/*
 * Fill L for the request: its connection, the caller's scope and audit
 * source "api". Only for authenticated routes (req->user set).
 */
void app_ledger(const struct http_request *req, struct ledger *l);

#endif
