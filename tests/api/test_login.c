/*
 * API tests of logging in and out (ledger/access/login): throttling by
 * account and address with back-off, counted before the password is
 * evaluated (40 concurrent guesses: 5 evaluated, 40 counted), the owner not
 * locked out from elsewhere, a disabled account answering as a wrong
 * password, the audit of logins, failures, refusals and logouts, failing
 * closed when the count cannot be written, and the password policy — against
 * the real binary behind a (simulated) proxy: --trust-proxy, so that
 * X-Forwarded-For names the client.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support.h"

static struct server_proc srv;
static int teardown_failed;

static int setup(void **state)
{
	(void)state;
	server_setup(&srv, 10);
	if (server_stop_proc(&srv) != 0)
		return -1;
	snprintf(srv.extra_arg, sizeof srv.extra_arg, "--trust-proxy");
	return server_start_proc(&srv);
}

static int teardown(void **state)
{
	(void)state;
	teardown_failed = server_teardown(&srv) != 0;
	return teardown_failed ? -1 : 0;
}

/* The first line of `sqlite3 DB SQL`, as text. */
static const char *sql1(const char *sql)
{
	static char out[512];
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "sqlite3 '%s' \"%s\"", srv.db, sql);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	out[0] = '\0';
	if (!fgets(out, sizeof out, p))
		out[0] = '\0';
	pclose(p);
	out[strcspn(out, "\n")] = '\0';
	return out;
}

/* POST /api/v1/session as USER/PASSWORD from ADDR; R filled (free it). */
static long login_from(struct client *c, const char *user, const char *password, const char *addr,
		       struct response *r)
{
	char body[256], xff[64];
	snprintf(body, sizeof body, "{\"username\":\"%s\",\"password\":\"%s\"}", user, password);
	snprintf(xff, sizeof xff, "X-Forwarded-For: %s", addr);
	const char *extra[] = {xff, NULL};
	return client_request(c, "POST", "/api/v1/session", body, extra, r);
}

/* login_from with the right password, keeping the CSRF token for later writes: the status. */
static long login_as(struct client *c, const char *user, const char *addr)
{
	struct response r;
	long st = login_from(c, user, DEMO_PASSWORD, addr, &r);
	const char *csrf = json_path_str(r.json, "csrf_token");
	if (csrf)
		snprintf(c->csrf, sizeof c->csrf, "%s", csrf);
	response_free(&r);
	return st;
}

struct guess {
	int port;
	long status;
};

static void *guess_thread(void *arg)
{
	struct guess *g = arg;
	struct client c;
	struct response r;
	client_init(&c, g->port);
	g->status = login_from(&c, "admin", "wrong-guess-2026", "10.9.9.9", &r);
	response_free(&r);
	client_cleanup(&c);
	return NULL;
}

/* 40 concurrent wrong guesses: each counted, 5 evaluated (401), 35 refused (429). */
static void test_concurrent_guesses(void **state)
{
	(void)state;
	enum { N = 40 };
	struct guess g[N];
	pthread_t t[N];
	for (int i = 0; i < N; i++) {
		g[i].port = srv.port;
		g[i].status = 0;
		assert_int_equal(pthread_create(&t[i], NULL, guess_thread, &g[i]), 0);
	}
	int n401 = 0, n429 = 0;
	for (int i = 0; i < N; i++) {
		pthread_join(t[i], NULL);
		n401 += g[i].status == 401;
		n429 += g[i].status == 429;
	}
	assert_int_equal(n401, 5);
	assert_int_equal(n429, 35);
	assert_string_equal(sql1("SELECT attempts || ' ' || failures FROM login_throttle WHERE "
				 "account = 'admin' AND address = '10.9.9.9'"),
			    "40 5");
	assert_string_equal(sql1("SELECT count(*) FROM audit_log WHERE action = 'login_failed' AND "
				 "row_key = 'admin' AND after_json LIKE '%10.9.9.9%'"),
			    "5");
	assert_string_equal(sql1("SELECT count(*) FROM audit_log WHERE action = 'login_throttled' "
				 "AND row_key = 'admin'"),
			    "1");
	/* The right password from that address waits too … */
	struct client c;
	struct response r;
	client_init(&c, srv.port);
	assert_int_equal(login_from(&c, "admin", DEMO_PASSWORD, "10.9.9.9", &r), 429);
	assert_string_equal(json_path_str(r.json, "error.message"),
			    "登录失败次数过多，请1分钟后再试");
	assert_true(atoi(r.retry_after) > 0 && atoi(r.retry_after) <= 60);
	response_free(&r);
	/* … but the owner elsewhere is not locked out, and the login is audited. */
	assert_int_equal(login_as(&c, "admin", "10.1.1.1"), 200);
	assert_string_equal(sql1("SELECT user_name || ' ' || after_json FROM audit_log WHERE "
				 "action = 'login' ORDER BY id DESC LIMIT 1"),
			    "admin {\"address\":\"10.1.1.1\"}");
	/* Log out: audited with the address. */
	client_request(&c, "DELETE", "/api/v1/session", NULL,
		       (const char *[]){"X-Forwarded-For: 10.1.1.1", NULL}, &r);
	assert_int_equal(r.status, 200);
	response_free(&r);
	assert_string_equal(sql1("SELECT user_name || ' ' || table_name || ' ' || after_json FROM "
				 "audit_log WHERE action = 'logout'"),
			    "admin sessions {\"address\":\"10.1.1.1\"}");
	/* Never a password in the audit log. */
	assert_string_equal(sql1("SELECT count(*) FROM audit_log WHERE after_json LIKE '%guess%' "
				 "OR after_json LIKE '%demo-pass%'"),
			    "0");
	client_cleanup(&c);
}

/* A disabled account answers exactly as a wrong password does. */
static void test_disabled_like_wrong(void **state)
{
	(void)state;
	struct client c;
	struct response wrong, disabled;
	client_init(&c, srv.port);
	assert_int_equal(run_gaoqi(NULL, "user", "disable", "expert2", "--db", srv.db, NULL), 0);
	assert_int_equal(login_from(&c, "expert", "not-his-password", "10.2.2.2", &wrong), 401);
	assert_int_equal(login_from(&c, "expert2", DEMO_PASSWORD, "10.2.2.3", &disabled), 401);
	assert_string_equal(disabled.body, wrong.body);
	assert_string_equal(json_path_str(disabled.json, "error.message"), "用户名或密码错误");
	response_free(&wrong);
	response_free(&disabled);
	assert_string_equal(sql1("SELECT json_extract(after_json, '$.reason') FROM audit_log WHERE "
				 "action = 'login_failed' AND row_key = 'expert2'"),
			    "disabled");
	client_cleanup(&c);
}

/* New passwords: the commonest and the user name are refused, with the field. */
static void test_password_policy(void **state)
{
	(void)state;
	struct client c;
	struct response r;
	client_init(&c, srv.port);
	assert_int_equal(login_as(&c, "city", "10.3.3.3"), 200);
	char body[256];
	snprintf(body, sizeof body, "{\"old_password\":\"%s\",\"new_password\":\"12345678\"}",
		 DEMO_PASSWORD);
	assert_int_equal(client_request(&c, "PUT", "/api/v1/me/password", body, NULL, &r), 400);
	assert_string_equal(json_path_str(r.json, "error.field"), "new_password");
	assert_string_equal(json_path_str(r.json, "error.message"),
			    "密码过于常见，容易被猜中，请换一个");
	response_free(&r);
	assert_int_equal(client_request(&c, "POST", "/api/v1/users",
					"{\"username\":\"li.na.2026\",\"role\":\"city\","
					"\"password\":\"Li.Na.2026\"}",
					NULL, &r),
			 403); /* city may not manage users: the admin's case below */
	response_free(&r);
	client_cleanup(&c);
	client_init(&c, srv.port);
	assert_int_equal(login_as(&c, "admin", "10.3.3.4"), 200);
	assert_int_equal(client_request(&c, "POST", "/api/v1/users",
					"{\"username\":\"li.na.2026\",\"role\":\"city\","
					"\"password\":\"Li.Na.2026\"}",
					NULL, &r),
			 400);
	assert_string_equal(json_path_str(r.json, "error.message"), "密码不能与用户名相同");
	response_free(&r);
	client_cleanup(&c);
}

/* When the count cannot be written the login is refused, even with the right password. */
static void test_fail_closed(void **state)
{
	(void)state;
	struct client c;
	struct response r;
	sql1("CREATE TRIGGER no_count BEFORE INSERT ON login_throttle BEGIN SELECT RAISE(ABORT, "
	     "'disk full'); END");
	client_init(&c, srv.port);
	long st = login_from(&c, "city", DEMO_PASSWORD, "10.4.4.4", &r);
	assert_true(st >= 500);
	assert_string_equal(r.set_cookie, "");
	response_free(&r);
	sql1("DROP TRIGGER no_count");
	assert_int_equal(login_from(&c, "city", DEMO_PASSWORD, "10.4.4.4", &r), 200);
	response_free(&r);
	client_cleanup(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_concurrent_guesses),
		cmocka_unit_test(test_disabled_like_wrong),
		cmocka_unit_test(test_password_policy),
		cmocka_unit_test(test_fail_closed),
	};
	int failed = cmocka_run_group_tests(tests, setup, teardown);
	return failed || teardown_failed;
}
