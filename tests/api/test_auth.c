/*
 * API tests of the server itself: health, sessions, CSRF, errors, caps,
 * compression, throttling and graceful shutdown — against the real binary
 * on a free port with a temporary demo database.
 */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "support.h"

static struct server_proc srv;
/* cmocka ignores a failing group teardown: remember it for main's exit code. */
static int teardown_failed;

static int setup(void **state)
{
	(void)state;
	return server_setup(&srv, 40);
}

static int teardown(void **state)
{
	(void)state;
	teardown_failed = server_teardown(&srv) != 0;
	return teardown_failed ? -1 : 0;
}

/* GET /healthz answers without a session: 200 {"status":"ok"}. */
static void test_health(void **state)
{
	(void)state;
	struct client c;
	client_init(&c, srv.port);
	struct response r;
	assert_int_equal(client_request(&c, "GET", "/healthz", NULL, NULL, &r), 200);
	assert_string_equal(json_path_str(r.json, "status"), "ok");
	response_free(&r);
	client_cleanup(&c);
}

/* Every API route but login answers 401 "unauthorized" without a session. */
static void test_no_session_401_everywhere(void **state)
{
	(void)state;
	static const struct {
		const char *method, *path;
	} routes[] = {
		{"DELETE", "/api/v1/session"},
		{"GET", "/api/v1/me"},
		{"PUT", "/api/v1/me/password"},
		{"GET", "/api/v1/users"},
		{"POST", "/api/v1/users"},
		{"PUT", "/api/v1/users/1"},
		{"GET", "/api/v1/areas"},
		{"GET", "/api/v1/dashboard"},
		{"GET", "/api/v1/dashboard/verdicts"},
		{"GET", "/api/v1/enterprises"},
		{"POST", "/api/v1/enterprises"},
		{"GET", "/api/v1/enterprises/91530302MA6K00000X"},
		{"PUT", "/api/v1/enterprises/91530302MA6K00000X"},
		{"POST", "/api/v1/enterprises/91530302MA6K00000X/tier"},
		{"GET", "/api/v1/enterprises/91530302MA6K00000X/tier-history"},
		{"GET", "/api/v1/enterprises/91530302MA6K00000X/years"},
		{"GET", "/api/v1/enterprises/91530302MA6K00000X/years/2025"},
		{"PUT", "/api/v1/enterprises/91530302MA6K00000X/years/2025"},
		{"GET", "/api/v1/enterprises/91530302MA6K00000X/ip"},
		{"POST", "/api/v1/enterprises/91530302MA6K00000X/ip"},
		{"PUT", "/api/v1/enterprises/91530302MA6K00000X/ip/1"},
		{"DELETE", "/api/v1/enterprises/91530302MA6K00000X/ip/1"},
		{"GET", "/api/v1/enterprises/91530302MA6K00000X/assessment?year=2026"},
		{"GET", "/api/v1/enterprises/91530302MA6K00000X/profile?year=2026"},
		{"POST", "/api/v1/assess"},
		{"GET", "/api/v1/audit"},
	};
	struct client c;
	client_init(&c, srv.port);
	for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
		struct response r;
		long st = client_request(&c, routes[i].method, routes[i].path,
					 strcmp(routes[i].method, "GET") ? "{}" : NULL, NULL, &r);
		if (st != 401)
			fprintf(stderr, "%s %s → %ld\n", routes[i].method, routes[i].path, st);
		assert_int_equal(st, 401);
		assert_string_equal(json_path_str(r.json, "error.code"), "unauthorized");
		assert_non_null(json_path_str(r.json, "error.message"));
		response_free(&r);
	}
	client_cleanup(&c);
}

/* A wrong password is 401 with the Chinese message; no cookie is set. */
static void test_login_bad_password(void **state)
{
	(void)state;
	struct client c;
	client_init(&c, srv.port);
	struct response r;
	assert_int_equal(client_request(&c, "POST", "/api/v1/session",
					"{\"username\":\"city\",\"password\":\"wrong-password\"}",
					NULL, &r),
			 401);
	assert_string_equal(json_path_str(r.json, "error.code"), "unauthorized");
	assert_string_equal(json_path_str(r.json, "error.message"), "用户名或密码错误");
	assert_string_equal(r.set_cookie, "");
	response_free(&r);
	/* A login posted as a cross-site form could (text/plain) is refused before any check. */
	char form[200];
	snprintf(form, sizeof form, "{\"username\":\"city\",\"password\":\"%s\"}", DEMO_PASSWORD);
	const char *plain[] = {"Content-Type: text/plain", NULL};
	assert_int_equal(client_request(&c, "POST", "/api/v1/session", form, plain, &r), 400);
	assert_string_equal(r.set_cookie, "");
	response_free(&r);
	/* Behind a TLS proxy (X-Forwarded-Proto: https) the session cookie is Secure. */
	const char *tls[] = {"X-Forwarded-Proto: https", NULL};
	assert_int_equal(client_request(&c, "POST", "/api/v1/session", form, tls, &r), 200);
	assert_non_null(strstr(r.set_cookie, "; Secure"));
	response_free(&r);
	/* Missing password: 400 naming the field. */
	assert_int_equal(
		client_request(&c, "POST", "/api/v1/session", "{\"username\":\"city\"}", NULL, &r),
		400);
	assert_string_equal(json_path_str(r.json, "error.field"), "password");
	response_free(&r);
	client_cleanup(&c);
}

/* Login sets an HttpOnly SameSite=Strict cookie and returns user, role, areas, CSRF token. */
static void test_login_me_logout(void **state)
{
	(void)state;
	struct client c;
	client_init(&c, srv.port);
	struct response r;
	char body[200];
	snprintf(body, sizeof body, "{\"username\":\"county-530302\",\"password\":\"%s\"}",
		 DEMO_PASSWORD);
	assert_int_equal(client_request(&c, "POST", "/api/v1/session", body, NULL, &r), 200);
	assert_non_null(strstr(r.set_cookie, "gaoqi_session="));
	assert_non_null(strstr(r.set_cookie, "HttpOnly"));
	assert_non_null(strstr(r.set_cookie, "SameSite=Strict"));
	assert_non_null(strstr(r.set_cookie, "Path=/"));
	/* 32 random bytes → 64 hex digits in the cookie. */
	const char *tok = strstr(r.set_cookie, "gaoqi_session=") + strlen("gaoqi_session=");
	assert_int_equal(strcspn(tok, ";"), 64);
	assert_string_equal(json_path_str(r.json, "user.username"), "county-530302");
	assert_string_equal(json_path_str(r.json, "user.role"), "county");
	assert_string_equal(json_path_str(r.json, "user.areas.0.code"), "530302");
	assert_string_equal(json_path_str(r.json, "user.areas.0.name"), "麒麟区");
	assert_int_equal(strlen(json_path_str(r.json, "csrf_token")), 64);
	/* Over plain HTTP the cookie is not Secure (the browser would drop it). */
	assert_null(strstr(r.set_cookie, "Secure"));
	snprintf(c.csrf, sizeof c.csrf, "%s", json_path_str(r.json, "csrf_token"));
	response_free(&r);

	assert_int_equal(client_request(&c, "GET", "/api/v1/me", NULL, NULL, &r), 200);
	assert_string_equal(json_path_str(r.json, "user.role"), "county");
	assert_string_equal(json_path_str(r.json, "csrf_token"), c.csrf);
	assert_string_equal(r.cache_control, "no-store");
	/* what a county may do, from the server's permission table: no audit, users or areas */
	char *caps = json_dumps(json_path(r.json, "capabilities"), JSON_COMPACT);
	assert_string_equal(caps, "[\"dashboard\",\"enterprises.list\",\"enterprises.create\","
				  "\"enterprises.edit\",\"enterprises.tier\",\"records.edit\","
				  "\"records.lock\",\"records.recognition_mark\",\"ratings.edit\","
				  "\"imports\",\"casework.write\",\"casework.comment\","
				  "\"experts.list\",\"experts.assign\",\"applications.read\","
				  "\"applications.write\",\"reminders\",\"reminders.mark\","
				  "\"announcements.read\",\"announcements.write\","
				  "\"announcements.receipts\",\"questions.read\","
				  "\"questions.answer\",\"questions.publish\","
				  "\"targets.read\",\"awards.read\","
				  "\"awards.confirm\",\"support.write\",\"policies.read\","
				  "\"policies.write\",\"trainings.read\",\"trainings.write\"]");
	free(caps);
	response_free(&r);

	/* Logging out without the CSRF token is refused; with it the session is revoked. */
	c.send_csrf = 0;
	assert_int_equal(client_status(&c, "DELETE", "/api/v1/session", NULL), 403);
	c.send_csrf = 1;
	assert_int_equal(client_status(&c, "DELETE", "/api/v1/session", NULL), 200);
	assert_int_equal(client_status(&c, "GET", "/api/v1/me", NULL), 401);
	client_cleanup(&c);
}

/* A state-changing request without, or with a wrong, X-CSRF-Token is 403 "csrf". */
static void test_csrf(void **state)
{
	(void)state;
	struct client c;
	client_init(&c, srv.port);
	assert_int_equal(client_login(&c, "admin", DEMO_PASSWORD), 200);
	const char *body = "{\"display_name\":\"x\"}";
	struct response r;
	c.send_csrf = 0;
	assert_int_equal(client_request(&c, "POST", "/api/v1/enterprises", body, NULL, &r), 403);
	assert_string_equal(json_path_str(r.json, "error.code"), "csrf");
	response_free(&r);
	const char *wrong[] = {"X-CSRF-Token: 00000000000000000000000000000000", NULL};
	assert_int_equal(client_request(&c, "PUT", "/api/v1/users/1", body, wrong, &r), 403);
	assert_string_equal(json_path_str(r.json, "error.code"), "csrf");
	response_free(&r);
	/* A GET needs no token. */
	assert_int_equal(client_status(&c, "GET", "/api/v1/areas", NULL), 200);
	client_cleanup(&c);
}

/* Bad JSON, duplicate keys, deep nesting, unknown members: 400 with a message. */
static void test_bad_bodies(void **state)
{
	(void)state;
	struct client c;
	client_init(&c, srv.port);
	assert_int_equal(client_login(&c, "admin", DEMO_PASSWORD), 200);
	static const struct {
		const char *body;
		const char *field; /* NULL = no field */
	} cases[] = {
		{"{\"uscc\": ", NULL},
		{"{\"tier\":\"key\",\"tier\":\"key\",\"reason\":\"x\"}", NULL},
		{"[1,2]", NULL},
		{"{\"tier\":\"nonsense\",\"reason\":\"x\"}", "tier"},
		{"{\"tier\":\"key\",\"reason\":\"x\",\"colour\":\"red\"}", "colour"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct response r;
		long st = client_request(&c, "POST", "/api/v1/enterprises/91530302MA6K00000X/tier",
					 cases[i].body, NULL, &r);
		assert_int_equal(st, 400);
		assert_string_equal(json_path_str(r.json, "error.code"), "invalid");
		if (cases[i].field)
			assert_string_equal(json_path_str(r.json, "error.field"), cases[i].field);
		else
			assert_true(json_is_null(json_path(r.json, "error.field")));
		response_free(&r);
	}
	/* 40 nested arrays exceed the depth cap of 32. */
	char deep[200] = "{\"a\":";
	for (int i = 0; i < 40; i++)
		strcat(deep, "[");
	for (int i = 0; i < 40; i++)
		strcat(deep, "]");
	strcat(deep, "}");
	struct response r;
	assert_int_equal(client_request(&c, "POST", "/api/v1/assess", deep, NULL, &r), 400);
	assert_non_null(strstr(json_path_str(r.json, "error.message"), "32"));
	response_free(&r);
	client_cleanup(&c);
}

/* A body over 1 MiB is 413 "too_large". */
static void test_body_too_large(void **state)
{
	(void)state;
	struct client c;
	client_init(&c, srv.port);
	assert_int_equal(client_login(&c, "admin", DEMO_PASSWORD), 200);
	size_t n = (2u << 20);
	char *big = malloc(n + 1);
	memset(big, ' ', n);
	big[0] = '{';
	big[n - 1] = '}';
	big[n] = '\0';
	struct response r;
	assert_int_equal(client_request(&c, "POST", "/api/v1/assess", big, NULL, &r), 413);
	assert_string_equal(json_path_str(r.json, "error.code"), "too_large");
	response_free(&r);
	free(big);
	/* The server keeps serving. */
	assert_int_equal(client_status(&c, "GET", "/healthz", NULL), 200);
	client_cleanup(&c);
}

/* Unknown API paths are 404 JSON, wrong methods 405; security headers present on the UI. */
static void test_unknown_routes(void **state)
{
	(void)state;
	struct client c;
	client_init(&c, srv.port);
	assert_int_equal(client_login(&c, "admin", DEMO_PASSWORD), 200);
	struct response r;
	assert_int_equal(client_request(&c, "GET", "/api/v1/nothing-here", NULL, NULL, &r), 404);
	assert_string_equal(json_path_str(r.json, "error.code"), "not_found");
	response_free(&r);
	assert_int_equal(client_status(&c, "PATCH", "/api/v1/areas", "{}"), 405);
	/* An encoded ../ never leaves the web root. */
	assert_int_equal(client_status(&c, "GET", "/%2e%2e/%2e%2e/etc/passwd", NULL), 404);
	assert_int_equal(client_status(&c, "GET", "/assets/%2e%2e/%2e%2e/etc/passwd", NULL), 404);
	/* A missing hashed asset is 404, not the SPA page. */
	assert_int_equal(client_status(&c, "GET", "/assets/missing-0000.js", NULL), 404);
	client_cleanup(&c);
}

/* A large response is gzip-compressed when the client accepts it, plain otherwise. */
static void test_gzip(void **state)
{
	(void)state;
	struct client c;
	client_init(&c, srv.port);
	assert_int_equal(client_login(&c, "admin", DEMO_PASSWORD), 200);
	struct response r;
	const char *gz[] = {"Accept-Encoding: gzip", NULL};
	assert_int_equal(
		client_request(&c, "GET", "/api/v1/enterprises?page_size=40", NULL, gz, &r), 200);
	assert_string_equal(r.content_encoding, "gzip");
	assert_true(r.len > 2 && (unsigned char)r.body[0] == 0x1f &&
		    (unsigned char)r.body[1] == 0x8b);
	response_free(&r);
	const char *refuse[] = {"Accept-Encoding: gzip;q=0", NULL};
	assert_int_equal(
		client_request(&c, "GET", "/api/v1/enterprises?page_size=40", NULL, refuse, &r),
		200);
	assert_string_equal(r.content_encoding, "");
	assert_int_equal(json_array_size(json_path(r.json, "items")), 40);
	response_free(&r);
	client_cleanup(&c);
}

/* Changing the password: the old one must be right; then only the new one works. */
static void test_password_change(void **state)
{
	(void)state;
	struct client c;
	client_init(&c, srv.port);
	assert_int_equal(client_login(&c, "expert2", DEMO_PASSWORD), 200);
	struct response r;
	assert_int_equal(client_request(&c, "PUT", "/api/v1/me/password",
					"{\"old_password\":\"not-it-at-all\",\"new_password\":"
					"\"new-secret-2026\"}",
					NULL, &r),
			 400);
	assert_string_equal(json_path_str(r.json, "error.field"), "old_password");
	response_free(&r);
	char body[200];
	snprintf(body, sizeof body,
		 "{\"old_password\":\"%s\",\"new_password\":\"new-secret-2026\"}", DEMO_PASSWORD);
	assert_int_equal(client_status(&c, "PUT", "/api/v1/me/password", body), 200);
	/* The session that changed it stays valid. */
	assert_int_equal(client_status(&c, "GET", "/api/v1/me", NULL), 200);
	struct client d;
	client_init(&d, srv.port);
	assert_int_equal(client_login(&d, "expert2", DEMO_PASSWORD), 401);
	assert_int_equal(client_login(&d, "expert2", "new-secret-2026"), 200);
	client_cleanup(&d);
	client_cleanup(&c);
}

/* Five failures for one account: the sixth attempt is 429 even with the right password. */
static void test_throttle_account(void **state)
{
	(void)state;
	struct client c;
	client_init(&c, srv.port);
	for (int i = 0; i < 5; i++)
		assert_int_equal(client_login(&c, "viewer", "wrong-wrong-wrong"), 401);
	struct response r;
	char body[200];
	snprintf(body, sizeof body, "{\"username\":\"viewer\",\"password\":\"%s\"}", DEMO_PASSWORD);
	assert_int_equal(client_request(&c, "POST", "/api/v1/session", body, NULL, &r), 429);
	assert_string_equal(json_path_str(r.json, "error.code"), "throttled");
	assert_non_null(strstr(json_path_str(r.json, "error.message"), "登录失败次数过多"));
	assert_true(atoi(r.retry_after) > 0);
	response_free(&r);
	/* Another account from the same address is not affected yet. */
	assert_int_equal(client_login(&c, "city", DEMO_PASSWORD), 200);
	client_cleanup(&c);
}

struct slow_login {
	int port;
	long status;
};

static void *login_thread(void *arg)
{
	struct slow_login *s = arg;
	struct client c;
	client_init(&c, s->port);
	s->status = client_login(&c, "admin", DEMO_PASSWORD);
	client_cleanup(&c);
	return NULL;
}

/* SIGTERM while a login (an argon2id hash) is in flight: it is answered, then exit 0. */
static void test_graceful_shutdown(void **state)
{
	(void)state;
	struct slow_login sl = {srv.port, 0};
	pthread_t t;
	pthread_create(&t, NULL, login_thread, &sl);
	struct timespec ts = {0, 20 * 1000 * 1000};
	nanosleep(&ts, NULL);
	assert_int_equal(server_stop_proc(&srv), 0);
	pthread_join(t, NULL);
	assert_int_equal(sl.status, 200);
	/* Nothing listens any more. */
	struct client c;
	client_init(&c, srv.port);
	assert_int_equal(client_status(&c, "GET", "/healthz", NULL), 0);
	client_cleanup(&c);
	/* The database was closed cleanly: the server starts again on it. */
	assert_int_equal(server_start_proc(&srv), 0);
	client_init(&c, srv.port);
	assert_int_equal(client_status(&c, "GET", "/healthz", NULL), 200);
	client_cleanup(&c);
}

/* Twenty failures from one address block every login from it (429), the last test. */
static void test_throttle_address(void **state)
{
	(void)state;
	struct client c;
	client_init(&c, srv.port);
	long st = 0;
	for (int i = 0; i < 20; i++) {
		char user[32];
		snprintf(user, sizeof user, "nobody%d", i);
		st = client_login(&c, user, "wrong-wrong-wrong");
		assert_true(st == 401 || st == 429);
	}
	assert_int_equal(client_login(&c, "admin", DEMO_PASSWORD), 429);
	/* X-Forwarded-For is not believed by default: still the blocked address. */
	struct response r;
	char body[200];
	snprintf(body, sizeof body, "{\"username\":\"admin\",\"password\":\"%s\"}", DEMO_PASSWORD);
	const char *xff[] = {"X-Forwarded-For: 10.1.2.3", NULL};
	assert_int_equal(client_request(&c, "POST", "/api/v1/session", body, xff, &r), 429);
	response_free(&r);
	client_cleanup(&c);
	/* With --trust-proxy the client behind the proxy is someone else: allowed. */
	assert_int_equal(server_stop_proc(&srv), 0);
	snprintf(srv.extra_arg, sizeof srv.extra_arg, "--trust-proxy");
	assert_int_equal(server_start_proc(&srv), 0);
	client_init(&c, srv.port);
	assert_int_equal(client_request(&c, "POST", "/api/v1/session", body, xff, &r), 200);
	response_free(&r);
	/* …while the proxy's own address (no header) stays blocked. */
	assert_int_equal(client_login(&c, "admin", DEMO_PASSWORD), 429);
	client_cleanup(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_health),
		cmocka_unit_test(test_no_session_401_everywhere),
		cmocka_unit_test(test_login_bad_password),
		cmocka_unit_test(test_login_me_logout),
		cmocka_unit_test(test_csrf),
		cmocka_unit_test(test_bad_bodies),
		cmocka_unit_test(test_body_too_large),
		cmocka_unit_test(test_unknown_routes),
		cmocka_unit_test(test_gzip),
		cmocka_unit_test(test_password_change),
		cmocka_unit_test(test_throttle_account),
		cmocka_unit_test(test_graceful_shutdown),
		cmocka_unit_test(test_throttle_address),
	};
	int failed = cmocka_run_group_tests(tests, setup, teardown);
	return failed || teardown_failed;
}
