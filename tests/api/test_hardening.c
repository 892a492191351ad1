/*
 * Adversarial API tests: revoked, logged-out and disabled sessions are
 * refused even for answers in the micro-cache; the cache key holds the whole
 * query; NUL bytes in the path; role and scope limits on writes (a county
 * cannot move an enterprise out of its area, an enterprise user cannot change
 * its tier, an IP item is reachable only under its own enterprise); an
 * unauthenticated upload is not buffered.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <cmocka.h>
#include <netinet/in.h>

#include "support.h"

static struct server_proc srv;
/* cmocka ignores a failing group teardown: remember it for main's exit code. */
static int teardown_failed;
static char in_uscc[32], out_uscc[32], own_uscc[32];

static void first_uscc(struct client *c, const char *query, char *out)
{
	struct response r;
	char path[200];
	snprintf(path, sizeof path, "/api/v1/enterprises?%s&page_size=1&sort=uscc", query);
	if (client_request(c, "GET", path, NULL, NULL, &r) == 200 &&
	    json_path_str(r.json, "items.0.uscc"))
		snprintf(out, 32, "%s", json_path_str(r.json, "items.0.uscc"));
	response_free(&r);
}

static int setup(void **state)
{
	(void)state;
	if (server_setup(&srv, 40))
		return -1;
	struct client a, en;
	client_init(&a, srv.port);
	client_init(&en, srv.port);
	int rc = -1;
	if (client_login(&a, "admin", DEMO_PASSWORD) != 200 ||
	    client_login(&en, "enterprise", DEMO_PASSWORD) != 200)
		goto out;
	first_uscc(&a, "area=530302", in_uscc);
	first_uscc(&a, "area=530381", out_uscc);
	first_uscc(&en, "order=asc", own_uscc);
	rc = in_uscc[0] && out_uscc[0] && own_uscc[0] ? 0 : -1;
out:
	client_cleanup(&a);
	client_cleanup(&en);
	return rc;
}

static int teardown(void **state)
{
	(void)state;
	teardown_failed = server_teardown(&srv) != 0;
	return teardown_failed ? -1 : 0;
}

/* The session token from a login's Set-Cookie (64 hex digits). */
static void cookie_of(const struct response *r, char *out, size_t cap)
{
	const char *t = strstr(r->set_cookie, "gaoqi_session=");
	assert_non_null(t);
	snprintf(out, cap, "Cookie: %.*s", (int)strcspn(t, ";"), t);
}

/* GET PATH with only the explicit Cookie header COOKIE (a fresh client, no jar). */
static long get_with_cookie(const char *cookie, const char *path)
{
	struct client c;
	client_init(&c, srv.port);
	const char *extra[] = {cookie, NULL};
	struct response r;
	long st = client_request(&c, "GET", path, NULL, extra, &r);
	response_free(&r);
	client_cleanup(&c);
	return st;
}

/* Log in as USER/PASSWORD into C; the Cookie header line goes to COOKIE. */
static void login_keep(struct client *c, const char *user, const char *pw, char *cookie, size_t cap)
{
	char body[256];
	struct response r;
	snprintf(body, sizeof body, "{\"username\":\"%s\",\"password\":\"%s\"}", user, pw);
	assert_int_equal(client_request(c, "POST", "/api/v1/session", body, NULL, &r), 200);
	cookie_of(&r, cookie, cap);
	snprintf(c->csrf, sizeof c->csrf, "%s", json_path_str(r.json, "csrf_token"));
	response_free(&r);
}

/*
 * After logout the old token replayed by hand (not just the cleared cookie
 * jar) gets 401 — on a cached route it had just read (so the micro-cache's
 * copy of the session and of the answer are not served) and on /me.
 */
static void test_logged_out_token_replayed(void **state)
{
	(void)state;
	struct client c;
	client_init(&c, srv.port);
	char cookie[200];
	login_keep(&c, "county-530302", DEMO_PASSWORD, cookie, sizeof cookie);
	const char *path = "/api/v1/enterprises?page_size=3&sort=uscc";
	assert_int_equal(get_with_cookie(cookie, path), 200);
	assert_int_equal(get_with_cookie(cookie, path), 200);
	assert_int_equal(client_status(&c, "DELETE", "/api/v1/session", NULL), 200);
	assert_int_equal(get_with_cookie(cookie, path), 401);
	assert_int_equal(get_with_cookie(cookie, "/api/v1/me"), 401);
	client_cleanup(&c);
}

/*
 * Disabling a user ends its sessions at once, cached or not; a password
 * change ends the user's other sessions but keeps the one that changed it.
 */
static void test_disabled_and_password_changed_sessions(void **state)
{
	(void)state;
	struct client a, u1, u2;
	client_init(&a, srv.port);
	client_init(&u1, srv.port);
	client_init(&u2, srv.port);
	assert_int_equal(client_login(&a, "admin", DEMO_PASSWORD), 200);
	struct response r;
	assert_int_equal(client_request(&a, "POST", "/api/v1/users",
					"{\"username\":\"hard-county\",\"role\":\"county\","
					"\"areas\":[\"530302\"],\"password\":\"hard-pass-1234\"}",
					NULL, &r),
			 201);
	long long id = json_path_int(r.json, "id");
	response_free(&r);
	char c1[200], c2[200], upath[64];
	login_keep(&u1, "hard-county", "hard-pass-1234", c1, sizeof c1);
	login_keep(&u2, "hard-county", "hard-pass-1234", c2, sizeof c2);
	const char *path = "/api/v1/enterprises?page_size=2&sort=uscc";
	assert_int_equal(get_with_cookie(c1, path), 200);
	assert_int_equal(get_with_cookie(c2, path), 200);
	/* Password changed in session 1: session 2 is gone, session 1 stays. */
	assert_int_equal(client_status(&u1, "PUT", "/api/v1/me/password",
				       "{\"old_password\":\"hard-pass-1234\","
				       "\"new_password\":\"hard-pass-5678\"}"),
			 200);
	assert_int_equal(get_with_cookie(c2, path), 401);
	assert_int_equal(get_with_cookie(c1, path), 200);
	/* Disabled: session 1 is refused too, on the cached route and elsewhere. */
	snprintf(upath, sizeof upath, "/api/v1/users/%lld", id);
	assert_int_equal(client_status(&a, "PUT", upath, "{\"disabled\":true}"), 200);
	assert_int_equal(get_with_cookie(c1, path), 401);
	assert_int_equal(get_with_cookie(c1, "/api/v1/areas"), 401);
	client_cleanup(&a);
	client_cleanup(&u1);
	client_cleanup(&u2);
}

/*
 * Send the raw request line "GET PATH" with header line COOKIE over a plain
 * socket (any URL length); the body (malloc, NUL-terminated) goes to *BODY.
 * Returns the status, 0 on a connection failure.
 */
static long raw_get(const char *path, const char *cookie, char **body)
{
	*body = NULL;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)srv.port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa)) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	size_t n = strlen(path) + strlen(cookie) + 128;
	char *req = malloc(n);
	int k = snprintf(req, n,
			 "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\nConnection: close\r\n\r\n",
			 path, cookie);
	size_t off = 0;
	while (off < (size_t)k) {
		ssize_t w = write(fd, req + off, (size_t)k - off);
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	free(req);
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap);
	for (;;) {
		if (len + 4096 > cap)
			buf = realloc(buf, cap *= 2);
		ssize_t rd = read(fd, buf + len, cap - len - 1);
		if (rd <= 0)
			break;
		len += (size_t)rd;
	}
	buf[len] = '\0';
	close(fd);
	long status = 0;
	if (sscanf(buf, "HTTP/1.%*c %ld", &status) != 1)
		status = 0;
	char *b = strstr(buf, "\r\n\r\n");
	*body = strdup(b ? b + 4 : "");
	free(buf);
	return status;
}

/* The number of "items" of the JSON list BODY, or -1. */
static long item_count(const char *body)
{
	json_t *j = json_loads(body, 0, NULL);
	json_t *items = json_object_get(j, "items");
	long n = json_is_array(items) ? (long)json_array_size(items) : -1;
	json_decref(j);
	return n;
}

/*
 * The micro-cache key holds the whole query: two lists whose URLs share an
 * 8,130-byte first parameter (page=00…01: unknown parameters are refused)
 * and differ only in page_size (1 vs 2) give 1 and 2 items — not the first
 * answer twice.
 */
static void test_cache_key_whole_long_query(void **state)
{
	(void)state;
	struct client c;
	client_init(&c, srv.port);
	char cookie[200], *body = NULL;
	login_keep(&c, "admin", DEMO_PASSWORD, cookie, sizeof cookie);
	size_t pad = 8130;
	char *path = malloc(pad + 200);
	int k = snprintf(path, pad + 200, "/api/v1/enterprises?sort=uscc&page=");
	memset(path + k, '0', pad - 1);
	path[k + (int)pad - 1] = '1';
	path[k + (int)pad] = '\0';
	size_t base = strlen(path);
	snprintf(path + base, 200, "&page_size=1");
	assert_int_equal(raw_get(path, cookie, &body), 200);
	assert_int_equal(item_count(body), 1);
	free(body);
	snprintf(path + base, 200, "&page_size=2");
	assert_int_equal(raw_get(path, cookie, &body), 200);
	assert_int_equal(item_count(body), 2);
	free(body);
	free(path);
	client_cleanup(&c);
}

/*
 * A percent-encoded NUL does not cut a path or query value short:
 * /enterprises/{uscc}%00x is 404 (not the enterprise {uscc}), and
 * area=530302%00x matches no area (0 items, not area 530302's).
 */
static void test_nul_not_truncating(void **state)
{
	(void)state;
	struct client c;
	client_init(&c, srv.port);
	char cookie[200], path[200], *body = NULL;
	login_keep(&c, "admin", DEMO_PASSWORD, cookie, sizeof cookie);
	snprintf(path, sizeof path, "/api/v1/enterprises/%s", in_uscc);
	assert_int_equal(raw_get(path, cookie, &body), 200);
	free(body);
	snprintf(path, sizeof path, "/api/v1/enterprises/%s%%00x", in_uscc);
	assert_int_equal(raw_get(path, cookie, &body), 404);
	free(body);
	assert_int_equal(raw_get("/api/v1/enterprises?area=530302", cookie, &body), 200);
	assert_true(item_count(body) > 0);
	free(body);
	assert_int_equal(raw_get("/api/v1/enterprises?area=530302%00x", cookie, &body), 200);
	assert_int_equal(item_count(body), 0);
	free(body);
	client_cleanup(&c);
}

/* The area of USCC as the admin sees it (static buffer). */
static const char *area_of(const char *uscc)
{
	static char area[32];
	struct client a;
	client_init(&a, srv.port);
	assert_int_equal(client_login(&a, "admin", DEMO_PASSWORD), 200);
	char path[128];
	snprintf(path, sizeof path, "/api/v1/enterprises/%s", uscc);
	struct response r;
	assert_int_equal(client_request(&a, "GET", path, NULL, NULL, &r), 200);
	snprintf(area, sizeof area, "%s", json_path_str(r.json, "area"));
	response_free(&r);
	client_cleanup(&a);
	return area;
}

/*
 * Role limits on writes: a county user cannot move its enterprise to another
 * area (403, area unchanged 530302); an enterprise user can change neither
 * its tier by POST …/tier (403) nor by PUT (400, tier unchanged).
 */
static void test_role_limits_on_writes(void **state)
{
	(void)state;
	struct client c, en;
	client_init(&c, srv.port);
	client_init(&en, srv.port);
	assert_int_equal(client_login(&c, "county-530302", DEMO_PASSWORD), 200);
	assert_int_equal(client_login(&en, "enterprise", DEMO_PASSWORD), 200);
	char path[200];
	struct response r;
	snprintf(path, sizeof path, "/api/v1/enterprises/%s", in_uscc);
	long st = client_request(&c, "PUT", path, "{\"area\":\"530381\"}", NULL, &r);
	response_free(&r);
	assert_int_equal(st, 403);
	assert_string_equal(area_of(in_uscc), "530302");

	snprintf(path, sizeof path, "/api/v1/enterprises/%s", own_uscc);
	assert_int_equal(client_request(&en, "GET", path, NULL, NULL, &r), 200);
	char tier[32];
	snprintf(tier, sizeof tier, "%s", json_path_str(r.json, "tier"));
	response_free(&r);
	const char *other = strcmp(tier, "key") ? "key" : "reserve";
	char body[128];
	snprintf(body, sizeof body, "{\"tier\":\"%s\"}", other);
	assert_int_equal(client_status(&en, "PUT", path, body), 400);
	snprintf(path, sizeof path, "/api/v1/enterprises/%s/tier", own_uscc);
	snprintf(body, sizeof body, "{\"tier\":\"%s\",\"reason\":\"自评\"}", other);
	assert_int_equal(client_status(&en, "POST", path, body), 403);
	snprintf(path, sizeof path, "/api/v1/enterprises/%s", own_uscc);
	assert_int_equal(client_request(&en, "GET", path, NULL, NULL, &r), 200);
	assert_string_equal(json_path_str(r.json, "tier"), tier);
	response_free(&r);
	client_cleanup(&c);
	client_cleanup(&en);
}

/*
 * An IP item is reachable only under its own enterprise: the id of an item
 * of OUT used under IN is 404 for PUT and DELETE, even for the admin, and
 * the item is still there afterwards.
 */
static void test_ip_item_bound_to_enterprise(void **state)
{
	(void)state;
	struct client a, c;
	client_init(&a, srv.port);
	client_init(&c, srv.port);
	assert_int_equal(client_login(&a, "admin", DEMO_PASSWORD), 200);
	assert_int_equal(client_login(&c, "county-530302", DEMO_PASSWORD), 200);
	char path[200];
	struct response r;
	snprintf(path, sizeof path, "/api/v1/enterprises/%s/ip", out_uscc);
	assert_int_equal(client_request(&a, "POST", path,
					"{\"kind\":\"software_copyright\",\"number\":"
					"\"2025SR0990001\",\"title\":\"越权测试\"}",
					NULL, &r),
			 201);
	long long id = json_path_int(r.json, "id");
	response_free(&r);
	assert_true(id > 0);
	snprintf(path, sizeof path, "/api/v1/enterprises/%s/ip/%lld", in_uscc, id);
	const char *upd = "{\"title\":\"改名\"}";
	assert_int_equal(client_status(&c, "PUT", path, upd), 404);
	assert_int_equal(client_status(&c, "DELETE", path, NULL), 404);
	assert_int_equal(client_status(&a, "PUT", path, upd), 404);
	assert_int_equal(client_status(&a, "DELETE", path, NULL), 404);
	snprintf(path, sizeof path, "/api/v1/enterprises/%s/ip", out_uscc);
	assert_int_equal(client_request(&a, "GET", path, NULL, NULL, &r), 200);
	assert_non_null(strstr(r.body, "越权测试"));
	response_free(&r);
	client_cleanup(&a);
	client_cleanup(&c);
}

/* The server's resident memory (VmRSS) in KiB, or -1. */
static long server_rss_kib(void)
{
	char p[64], line[256];
	snprintf(p, sizeof p, "/proc/%d/status", (int)srv.pid);
	FILE *f = fopen(p, "r");
	long kib = -1;
	while (f && fgets(line, sizeof line, f))
		if (!strncmp(line, "VmRSS:", 6))
			kib = atol(line + 6);
	if (f)
		fclose(f);
	return kib;
}

/*
 * An upload without a valid session is not buffered: 40 MiB of a declared
 * 60 MiB POST to /api/v1/imports (a 64 MiB route) with a made-up session
 * cookie raise the server's resident memory by less than 16 MiB; a whole
 * 2 MiB anonymous upload is answered 401 (authentication before size).
 */
static void test_unauthenticated_upload_not_buffered(void **state)
{
	(void)state;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)srv.port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_true(fd >= 0);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	long before = server_rss_kib();
	assert_true(before > 0);
	const char *head = "POST /api/v1/imports HTTP/1.1\r\nHost: 127.0.0.1\r\n"
			   "Cookie: gaoqi_session="
			   "0000000000000000000000000000000000000000000000000000000000000000\r\n"
			   "Content-Type: text/csv\r\nContent-Length: 62914560\r\n\r\n";
	assert_int_equal(send(fd, head, strlen(head), MSG_NOSIGNAL), (ssize_t)strlen(head));
	static char chunk[1 << 16];
	memset(chunk, 'x', sizeof chunk);
	size_t sent = 0;
	long peak = before;
	while (sent < ((size_t)40 << 20)) {
		ssize_t w = send(fd, chunk, sizeof chunk, MSG_NOSIGNAL);
		if (w <= 0)
			break;
		sent += (size_t)w;
		if (!(sent % ((size_t)4 << 20))) {
			long now = server_rss_kib();
			peak = now > peak ? now : peak;
		}
	}
	usleep(200 * 1000);
	long now = server_rss_kib();
	peak = now > peak ? now : peak;
	close(fd);
	assert_true(peak - before < 16 * 1024);
	/* A whole 2 MiB anonymous upload (over the 1 MiB cap it got) is 401, not 413. */
	size_t n = (size_t)2 << 20;
	char *big = malloc(n + 1);
	memset(big, 'x', n);
	big[n] = '\0';
	struct client c;
	client_init(&c, srv.port);
	const char *extra[] = {"Cookie: gaoqi_session="
			       "0000000000000000000000000000000000000000000000000000000000000000",
			       "Content-Type: text/csv", NULL};
	struct response r;
	long st = client_request(&c, "POST", "/api/v1/imports", big, extra, &r);
	assert_string_equal(json_path_str(r.json, "error.code"), "unauthorized");
	response_free(&r);
	free(big);
	client_cleanup(&c);
	assert_int_equal(st, 401);
}

/* A JSON body of N bytes: {"password":"xxx…"}. malloc. */
static char *padded_json(size_t n)
{
	char *b = malloc(n + 1);
	memset(b, 'x', n);
	memcpy(b, "{\"password\":\"", 13);
	b[n - 2] = '"';
	b[n - 1] = '}';
	b[n] = '\0';
	return b;
}

/*
 * Without a session a body is capped at 16 KiB: a 20 KiB login is 413
 * "too_large" (not parsed), a 20 KiB anonymous POST /assess is 401 (auth
 * first); with a session the same 20 KiB to /assess is read (400 for the
 * unknown member, not 413), and 16 KiB less a byte of login is parsed (400).
 */
static void test_anonymous_body_cap(void **state)
{
	(void)state;
	struct client anon, c;
	client_init(&anon, srv.port);
	client_init(&c, srv.port);
	assert_int_equal(client_login(&c, "admin", DEMO_PASSWORD), 200);
	char *big = padded_json(20 << 10);
	struct response r;
	assert_int_equal(client_request(&anon, "POST", "/api/v1/session", big, NULL, &r), 413);
	assert_string_equal(json_path_str(r.json, "error.code"), "too_large");
	response_free(&r);
	assert_int_equal(client_request(&anon, "POST", "/api/v1/assess", big, NULL, &r), 401);
	response_free(&r);
	assert_int_equal(client_request(&c, "POST", "/api/v1/assess", big, NULL, &r), 400);
	assert_string_equal(json_path_str(r.json, "error.code"), "invalid");
	response_free(&r);
	free(big);
	char *fits = padded_json((16 << 10) - 1);
	assert_int_equal(client_request(&anon, "POST", "/api/v1/session", fits, NULL, &r), 400);
	assert_string_equal(json_path_str(r.json, "error.code"), "invalid");
	response_free(&r);
	free(fits);
	client_cleanup(&anon);
	client_cleanup(&c);
}

/* METHOD PATH with BODY as USER; the status. */
static long status_as(const char *user, const char *method, const char *path, const char *body)
{
	struct client c;
	client_init(&c, srv.port);
	assert_int_equal(client_login(&c, user, DEMO_PASSWORD), 200);
	long st = client_status(&c, method, path, body);
	client_cleanup(&c);
	return st;
}

/*
 * Role rules the matrix leaves out: only county and above create enterprises
 * (expert, enterprise, viewer 403); only the admin manages users (city and
 * county 403 on POST and PUT); imports are refused to expert, enterprise and
 * viewer (403).
 */
static void test_role_rules_more(void **state)
{
	(void)state;
	char body[256];
	snprintf(body, sizeof body,
		 "{\"uscc\":\"91530302MA6K0TTT1L\",\"name\":\"越权新建有限公司\","
		 "\"area\":\"530302\"}");
	static const char *const no_create[] = {"expert", "enterprise", "viewer"};
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(status_as(no_create[i], "POST", "/api/v1/enterprises", body), 403);
	const char *nu =
		"{\"username\":\"sneaky\",\"role\":\"admin\",\"password\":\"sneaky-pass-1\"}";
	static const char *const no_users[] = {"city", "county-530302"};
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(status_as(no_users[i], "POST", "/api/v1/users", nu), 403);
		assert_int_equal(
			status_as(no_users[i], "PUT", "/api/v1/users/1", "{\"role\":\"viewer\"}"),
			403);
	}
	static const char *const no_import[] = {"expert", "enterprise", "viewer"};
	for (size_t i = 0; i < 3; i++) {
		struct client c;
		client_init(&c, srv.port);
		assert_int_equal(client_login(&c, no_import[i], DEMO_PASSWORD), 200);
		const char *extra[] = {"Content-Type: text/csv", NULL};
		struct response r;
		assert_int_equal(client_request(&c, "POST", "/api/v1/imports?dry_run=1",
						"a,b\n1,2\n", extra, &r),
				 403);
		response_free(&r);
		client_cleanup(&c);
	}
}

/*
 * The CSV export is scoped: the county's holds IN and not OUT; the
 * enterprise user's holds its own USCC only (neither IN nor OUT unless own).
 */
static void test_export_scoped(void **state)
{
	(void)state;
	struct client c;
	struct response r;
	client_init(&c, srv.port);
	assert_int_equal(client_login(&c, "county-530302", DEMO_PASSWORD), 200);
	assert_int_equal(
		client_request(&c, "GET", "/api/v1/enterprises/export?format=csv", NULL, NULL, &r),
		200);
	assert_non_null(strstr(r.body, in_uscc));
	assert_null(strstr(r.body, out_uscc));
	response_free(&r);
	client_cleanup(&c);
	client_init(&c, srv.port);
	assert_int_equal(client_login(&c, "enterprise", DEMO_PASSWORD), 200);
	assert_int_equal(
		client_request(&c, "GET", "/api/v1/enterprises/export?format=csv", NULL, NULL, &r),
		200);
	assert_non_null(strstr(r.body, own_uscc));
	if (strcmp(own_uscc, in_uscc))
		assert_null(strstr(r.body, in_uscc));
	if (strcmp(own_uscc, out_uscc))
		assert_null(strstr(r.body, out_uscc));
	response_free(&r);
	client_cleanup(&c);
}

/*
 * Oversized request lines and headers are refused by the HTTP layer (a 4xx,
 * never a crash or a hang): a 40 KiB URL, a 40 KiB header; NUL-free junk in
 * percent escapes ("%zz", a trailing "%") is taken literally (404). The
 * server keeps serving afterwards.
 */
static void test_oversized_and_odd_requests(void **state)
{
	(void)state;
	char *body = NULL;
	size_t n = 40 << 10;
	char *path = malloc(n + 32);
	snprintf(path, n + 32, "/api/v1/enterprises?q=");
	size_t k = strlen(path);
	memset(path + k, 'b', n);
	path[k + n] = '\0';
	long st = raw_get(path, "X-Pad: 1", &body);
	free(body);
	assert_true(st >= 400 && st < 500);
	char *hdr = malloc(n + 32);
	snprintf(hdr, n + 32, "X-Pad: ");
	k = strlen(hdr);
	memset(hdr + k, 'c', n);
	hdr[k + n] = '\0';
	st = raw_get("/healthz", hdr, &body);
	free(body);
	assert_true(st >= 400 && st < 500);
	free(path);
	free(hdr);
	struct client c;
	client_init(&c, srv.port);
	char cookie[200];
	login_keep(&c, "admin", DEMO_PASSWORD, cookie, sizeof cookie);
	assert_int_equal(raw_get("/api/v1/enterprises/%zz%", cookie, &body), 404);
	free(body);
	assert_int_equal(raw_get("/healthz", "X-Pad: 1", &body), 200);
	free(body);
	client_cleanup(&c);
}

/*
 * Issue 11 item 4: a writer that holds the database longer than the busy
 * timeout (a long import) makes another user's write wait and then answer
 * 503 busy with Retry-After — never 500 "internal" — and change nothing;
 * once the lock is gone the same write succeeds.
 */
static void test_locked_database_is_busy_not_internal(void **state)
{
	(void)state;
	struct client a; /* logged in first: a login writes a session (busy too) */
	client_init(&a, srv.port);
	assert_int_equal(client_login(&a, "admin", DEMO_PASSWORD), 200);
	char cmd[400];
	snprintf(cmd, sizeof cmd, "sqlite3 '%s' >/dev/null 2>&1", srv.db);
	FILE *holder = popen(cmd, "w");
	assert_non_null(holder);
	fputs("BEGIN IMMEDIATE;\nSELECT 1;\n", holder);
	fflush(holder);
	usleep(300 * 1000); /* the CLI takes the write lock */
	char path[200];
	snprintf(path, sizeof path, "/api/v1/enterprises/%s", in_uscc);
	struct response r;
	long st = client_request(&a, "PUT", path, "{\"contact_name\":\"忙时联系人\"}", NULL, &r);
	assert_int_equal(st, 503);
	assert_string_equal(json_path_str(r.json, "error.code"), "busy");
	assert_non_null(strstr(json_path_str(r.json, "error.message"), "数据库繁忙"));
	assert_string_equal(r.retry_after, "2");
	response_free(&r);
	fputs("ROLLBACK;\n.quit\n", holder);
	assert_int_equal(pclose(holder), 0);
	assert_int_equal(client_request(&a, "GET", path, NULL, NULL, &r), 200);
	assert_string_not_equal(json_path_str(r.json, "contact_name"), "忙时联系人");
	response_free(&r);
	assert_int_equal(client_status(&a, "PUT", path, "{\"contact_name\":\"忙时联系人\"}"), 200);
	client_cleanup(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_logged_out_token_replayed),
		cmocka_unit_test(test_disabled_and_password_changed_sessions),
		cmocka_unit_test(test_cache_key_whole_long_query),
		cmocka_unit_test(test_nul_not_truncating),
		cmocka_unit_test(test_role_limits_on_writes),
		cmocka_unit_test(test_ip_item_bound_to_enterprise),
		cmocka_unit_test(test_unauthenticated_upload_not_buffered),
		cmocka_unit_test(test_anonymous_body_cap),
		cmocka_unit_test(test_role_rules_more),
		cmocka_unit_test(test_export_scoped),
		cmocka_unit_test(test_oversized_and_odd_requests),
		cmocka_unit_test(test_locked_database_is_busy_not_internal),
	};
	int failed = cmocka_run_group_tests(tests, setup, teardown);
	return failed || teardown_failed;
}
