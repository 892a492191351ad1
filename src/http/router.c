/* router — method + path pattern matching. */
#include "http/router.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

void router_init(struct router *r)
{
	memset(r, 0, sizeof *r);
}

static void die(const char *pattern, const char *why)
{
	fprintf(stderr, "router: bad route %s: %s\n", pattern, why);
	abort();
}

void router_cleanup(struct router *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nroutes; i++) {
		for (size_t j = 0; j < r->routes[i].nsegs; j++)
			free((char *)r->routes[i].segs[j]);
		for (size_t j = 0; j < r->routes[i].nquery; j++)
			free((char *)r->routes[i].query[j]);
	}
	r->nroutes = 0;
}

/* Parse the query template "{?a,b}" at Q (the end of PATTERN) into RT. */
static void parse_query(struct route *rt, const char *pattern, const char *q)
{
	size_t n = strlen(q);
	if (n < 4 || q[n - 1] != '}')
		die(pattern, "bad query template");
	const char *p = q + 2, *end = q + n - 1;
	while (p < end) {
		const char *comma = memchr(p, ',', (size_t)(end - p));
		size_t len = comma ? (size_t)(comma - p) : (size_t)(end - p);
		if (!len || memchr(p, '/', len) || memchr(p, '{', len) || memchr(p, '}', len))
			die(pattern, "bad query parameter");
		if (rt->nquery >= ROUTER_MAX_QUERY)
			die(pattern, "too many query parameters");
		rt->query[rt->nquery++] = xstrndup(p, len);
		p += len + (comma ? 1 : 0);
	}
	rt->query[rt->nquery] = NULL;
}

void router_add(struct router *r, int methods, const char *pattern, route_handler_fn handler,
		int flags)
{
	if (r->nroutes >= ROUTER_MAX_ROUTES)
		die(pattern, "route table full");
	if (pattern[0] != '/')
		die(pattern, "must start with /");
	struct route *rt = &r->routes[r->nroutes];
	memset(rt, 0, sizeof *rt);
	rt->methods = methods;
	rt->flags = flags;
	rt->handler = handler;
	rt->pattern = pattern;
	const char *q = strstr(pattern, "{?");
	const char *stop = q ? q : pattern + strlen(pattern);
	if (q)
		parse_query(rt, pattern, q);
	const char *p = pattern + 1;
	while (p < stop) {
		const char *end = memchr(p, '/', (size_t)(stop - p));
		size_t len = end ? (size_t)(end - p) : (size_t)(stop - p);
		if (!len)
			die(pattern, "empty segment");
		if (rt->nsegs >= ROUTER_MAX_SEGMENTS)
			die(pattern, "too many segments");
		if (p[0] == '{') {
			if (len < 3 || p[len - 1] != '}')
				die(pattern, "bad capture");
			rt->segs[rt->nsegs] = xstrndup(p + 1, len - 2);
			rt->capture[rt->nsegs] = 1;
		} else {
			rt->segs[rt->nsegs] = xstrndup(p, len);
		}
		rt->nsegs++;
		p += len;
		if (p < stop && *p == '/')
			p++;
	}
	r->nroutes++;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *router_url_decode(struct arena *a, const char *s, size_t n)
{
	char *out = arena_alloc(a, n + 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n) {
			int hi = hexval(s[i + 1]);
			int lo = hexval(s[i + 2]);
			/* %00 stays as it is: a NUL would cut the C string short. */
			if (hi >= 0 && lo >= 0 && (hi || lo)) {
				out[k++] = (char)(hi * 16 + lo);
				i += 2;
				continue;
			}
		}
		out[k++] = s[i];
	}
	out[k] = '\0';
	return out;
}

/* Split PATH into at most ROUTER_MAX_SEGMENTS (ptr, len) pieces; -1 when too many. */
static int split(const char *path, const char **seg, size_t *len)
{
	int n = 0;
	const char *p = path;
	if (*p == '/')
		p++;
	while (*p) {
		const char *end = strchr(p, '/');
		size_t l = end ? (size_t)(end - p) : strlen(p);
		if (n >= ROUTER_MAX_SEGMENTS)
			return -1;
		seg[n] = p;
		len[n] = l;
		n++;
		p += l;
		if (*p == '/')
			p++;
	}
	return n;
}

/* 0 no match; else a score: literals count more than captures. */
static int route_score(const struct route *rt, const char **seg, const size_t *len, int n)
{
	if ((size_t)n != rt->nsegs)
		return 0;
	int score = 1;
	for (int i = 0; i < n; i++) {
		if (rt->capture[i]) {
			if (!len[i])
				return 0;
			continue;
		}
		if (strlen(rt->segs[i]) != len[i] || memcmp(rt->segs[i], seg[i], len[i]))
			return 0;
		score += 1 << (ROUTER_MAX_SEGMENTS - i);
	}
	return score;
}

/* The best route for METHOD and the split path; NULL when none. *PATH_SEEN: some pattern fit. */
static const struct route *best_route(const struct router *r, int method, const char **seg,
				      const size_t *len, int n, int *path_seen)
{
	if (method == HTTP_HEAD)
		method = HTTP_GET;
	const struct route *best = NULL;
	int best_score = 0;
	*path_seen = 0;
	for (size_t i = 0; i < r->nroutes; i++) {
		const struct route *rt = &r->routes[i];
		int score = route_score(rt, seg, len, n);
		if (!score)
			continue;
		*path_seen = 1;
		if (!(rt->methods & method))
			continue;
		if (score > best_score) {
			best = rt;
			best_score = score;
		}
	}
	return best;
}

int router_check_query(const struct route *rt, struct http_request *req, struct err *e)
{
	for (size_t i = 0; i < req->nquery; i++) {
		const char *name = req->query[i].name;
		size_t k = 0;
		while (k < rt->nquery && strcmp(rt->query[k], name))
			k++;
		if (k == rt->nquery)
			return err_set(e, ERR_INVALID, name, "未知查询参数：%s", name);
		for (size_t j = 0; j < i; j++)
			if (!strcmp(req->query[j].name, name))
				return err_set(e, ERR_INVALID, name, "查询参数重复：%s", name);
	}
	req->query_declared = rt->query;
	return 0;
}

int router_route_flags(const struct router *r, int method, const char *path)
{
	const char *seg[ROUTER_MAX_SEGMENTS];
	size_t len[ROUTER_MAX_SEGMENTS];
	int seen = 0;
	int n = split(path, seg, len);
	const struct route *rt = n < 0 ? NULL : best_route(r, method, seg, len, n, &seen);
	return rt ? rt->flags : -1;
}

int router_match(const struct router *r, struct http_request *req, const struct route **out)
{
	const char *seg[ROUTER_MAX_SEGMENTS];
	size_t len[ROUTER_MAX_SEGMENTS];
	*out = NULL;
	int n = split(req->path, seg, len);
	if (n < 0)
		return ROUTER_NO_PATH;
	int path_seen = 0;
	const struct route *best = best_route(r, req->method, seg, len, n, &path_seen);
	if (!best)
		return path_seen ? ROUTER_NO_METHOD : ROUTER_NO_PATH;
	req->nparams = 0;
	for (int i = 0; i < n && req->nparams < HTTP_MAX_PARAMS; i++) {
		if (!best->capture[i])
			continue;
		req->params[req->nparams].name = best->segs[i];
		req->params[req->nparams].value = router_url_decode(req->arena, seg[i], len[i]);
		req->nparams++;
	}
	*out = best;
	return ROUTER_FOUND;
}
