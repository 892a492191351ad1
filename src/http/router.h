/*
 * router — method + path pattern → handler.
 *
 * A pattern is a path whose segments are literal or `{name}`:
 * "/api/v1/enterprises/{uscc}/years/{year}". A captured segment is
 * URL-decoded and reaches the handler through http_param(req, "uscc").
 * Literal segments win over captures when both match
 * ("/enterprises/export" before "/enterprises/{uscc}").
 *
 * Query parameters are declared in the pattern, after the path, as a URI
 * template's form query `{?a,b,c}`:
 * "/api/v1/enterprises{?area,tier,q,page,page_size}". A route without it
 * accepts no query at all. A request carrying a parameter its route does not
 * declare, or one parameter twice, is refused with 400 naming it before the
 * handler runs (so that no made-up parameter can defeat the micro-cache), and
 * in a debug build a handler asking http_query for an undeclared name aborts.
 *
 * Handlers are straight lines (style rule 13): parse → validate → authorize →
 * one ledger call → render. They fill RES and return 0, or return a negative
 * ERR_* with E filled: the server then answers the error JSON with the status
 * of err_http_status (so a handler never writes error bodies itself).
 *
 * Authentication is done before the handler runs: unless a route has
 * ROUTE_PUBLIC, a request without a valid session gets 401 and `req->user`
 * is set for the handler; unless it has ROUTE_NO_CSRF, a POST/PUT/PATCH/DELETE
 * without the session's X-CSRF-Token gets 403.
 *
 * How a module adds routes: write src/http/api_<thing>.c with one public
 * function `void api_<thing>_routes(struct router *r)` calling router_add for
 * each route, declare it in src/http/api.h and add one call to it in
 * api_register_all() (src/http/api.c). Routes are registered once at start-up,
 * before the server runs; afterwards the table is read-only and shared by all
 * threads.
 */
#ifndef GAOQI_HTTP_ROUTER_H
#define GAOQI_HTTP_ROUTER_H

#include "core/err.h"
#include "http/http.h"

typedef int (*route_handler_fn)(struct http_request *req, struct http_response *res, struct err *e);

/* Route flags. */
#define ROUTE_PUBLIC 1	   /* no session needed (login, health) */
#define ROUTE_NO_CSRF 2	   /* a state-changing route that needs no CSRF token (login) */
#define ROUTE_CACHE 4	   /* a GET whose 200 answers may be micro-cached (http/cache.h) */
#define ROUTE_LARGE_BODY 8 /* accepts bodies up to HTTP_MAX_UPLOAD (file uploads) */
#define ROUTE_HEAVY 16	   /* expensive work: bounded per user and globally (http/app.h) */
#define ROUTE_EXPORT 32	   /* a file export: bounded while it is generated and sent */

#define ROUTER_MAX_ROUTES 256
#define ROUTER_MAX_SEGMENTS 12
#define ROUTER_MAX_QUERY 16 /* most query parameters one route declares */

struct route {
	int methods; /* enum http_method bits */
	int flags;
	route_handler_fn handler;
	const char *pattern;
	const char *segs[ROUTER_MAX_SEGMENTS]; /* literal text, or the name for a capture */
	unsigned char capture[ROUTER_MAX_SEGMENTS];
	size_t nsegs;
	const char *query[ROUTER_MAX_QUERY + 1]; /* declared query names, NULL-terminated */
	size_t nquery;
};

struct router {
	struct route routes[ROUTER_MAX_ROUTES];
	size_t nroutes;
};

/* An empty router. */
void router_init(struct router *r);
/* Free what router_add allocated. NULL-safe. */
void router_cleanup(struct router *r);

/*
 * Register HANDLER for METHODS (enum http_method bits) on PATTERN (a static
 * string starting with '/', optionally ending in `{?name,…}`). Aborts on a
 * malformed pattern or a full table: these are programming errors found at
 * start-up.
 */
void router_add(struct router *r, int methods, const char *pattern, route_handler_fn handler,
		int flags);

/* Result of router_match. */
enum router_result {
	ROUTER_FOUND = 0,
	ROUTER_NO_PATH = 1,   /* no pattern matches the path: 404 */
	ROUTER_NO_METHOD = 2, /* the path matches, the method does not: 405 */
};

/*
 * Find the route for REQ's method and path, filling req->params (values
 * URL-decoded into req->arena). Returns a enum router_result; *OUT is set on
 * ROUTER_FOUND. HEAD matches GET routes.
 */
int router_match(const struct router *r, struct http_request *req, const struct route **out);

/*
 * Check REQ's query against the parameters RT declares: ERR_INVALID with
 * field = the name for the first undeclared or repeated one ("未知查询参数：…",
 * "查询参数重复：…"). On success REQ is marked so that http_query checks,
 * in a debug build, that the handler reads only declared names.
 */
int router_check_query(const struct route *rt, struct http_request *req, struct err *e);

/*
 * The flags of the route METHOD + PATH would take (as router_match, without
 * capturing), or -1 when none matches. Thread-safe (reads the table only).
 */
int router_route_flags(const struct router *r, int method, const char *path);

/*
 * URL-decode (S, N) into a NUL-terminated arena string ('+' kept as is;
 * "%00" kept undecoded, so that a NUL never cuts the value short).
 */
char *router_url_decode(struct arena *a, const char *s, size_t n);

#endif
