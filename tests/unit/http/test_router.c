/*
 * router, http helpers and jw: route matching with captures, literal
 * precedence and 405; query integers; JSON bodies with caps; the JSON writer's
 * exact money, counts and nulls.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "http/http.h"
#include "http/jw.h"
#include "http/router.h"
#include "ledger/ledger.h"

static int h_list(struct http_request *q, struct http_response *r, struct err *e)
{
	(void)q, (void)r, (void)e;
	return 1;
}
static int h_one(struct http_request *q, struct http_response *r, struct err *e)
{
	(void)q, (void)r, (void)e;
	return 2;
}
static int h_export(struct http_request *q, struct http_response *r, struct err *e)
{
	(void)q, (void)r, (void)e;
	return 3;
}
static int h_year(struct http_request *q, struct http_response *r, struct err *e)
{
	(void)q, (void)r, (void)e;
	return 4;
}
static int h_put_year(struct http_request *q, struct http_response *r, struct err *e)
{
	(void)q, (void)r, (void)e;
	return 5;
}

/*
 * Query templates: "{?a,b}" after the path declares the parameters; the path
 * still matches without them; an undeclared or repeated parameter is refused
 * naming it; a route without a template accepts none.
 */
static void test_query_template(void **state)
{
	(void)state;
	struct router r;
	router_init(&r);
	router_add(&r, HTTP_GET, "/api/v1/enterprises{?area,page,page_size}", h_list, 0);
	router_add(&r, HTTP_GET, "/api/v1/enterprises/{uscc}", h_one, 0);
	assert_int_equal(r.routes[0].nquery, 3);
	assert_string_equal(r.routes[0].query[2], "page_size");
	assert_null(r.routes[0].query[3]);
	static const struct {
		const char *path;
		const char *names[3];
		const char *refused; /* the field named, or NULL when accepted */
	} cases[] = {
		{"/api/v1/enterprises", {NULL}, NULL},
		{"/api/v1/enterprises", {"area", "page_size", NULL}, NULL},
		{"/api/v1/enterprises", {"area", "zz", NULL}, "zz"},
		{"/api/v1/enterprises", {"page", "page", NULL}, "page"},
		{"/api/v1/enterprises/X1", {NULL}, NULL},
		{"/api/v1/enterprises/X1", {"area", NULL}, "area"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct http_request req;
		memset(&req, 0, sizeof req);
		req.arena = arena_new();
		req.method = HTTP_GET;
		req.path = cases[i].path;
		struct http_kv q[3];
		for (size_t k = 0; k < 3 && cases[i].names[k]; k++) {
			q[k].name = cases[i].names[k];
			q[k].value = "1";
			req.nquery = k + 1;
		}
		req.query = q;
		const struct route *rt = NULL;
		assert_int_equal(router_match(&r, &req, &rt), ROUTER_FOUND);
		struct err e;
		err_clear(&e);
		int rc = router_check_query(rt, &req, &e);
		if (cases[i].refused) {
			assert_int_equal(rc, ERR_INVALID);
			assert_string_equal(e.field, cases[i].refused);
		} else {
			assert_int_equal(rc, 0);
			assert_non_null(req.query_declared);
		}
		arena_free(req.arena);
	}
	router_cleanup(&r);
}

static void test_match_table(void **state)
{
	(void)state;
	struct router r;
	router_init(&r);
	router_add(&r, HTTP_GET, "/api/v1/enterprises", h_list, 0);
	router_add(&r, HTTP_GET, "/api/v1/enterprises/{uscc}", h_one, 0);
	router_add(&r, HTTP_GET, "/api/v1/enterprises/export", h_export, 0);
	router_add(&r, HTTP_GET, "/api/v1/enterprises/{uscc}/years/{year}", h_year, 0);
	router_add(&r, HTTP_PUT, "/api/v1/enterprises/{uscc}/years/{year}", h_put_year, 0);
	static const struct {
		int method;
		const char *path;
		int result;  /* enum router_result */
		int handler; /* the handler's return value when found */
		const char *p1, *v1, *p2, *v2;
	} cases[] = {
		/* the list */
		{HTTP_GET, "/api/v1/enterprises", ROUTER_FOUND, 1, NULL, NULL, NULL, NULL},
		/* a capture, URL-decoded */
		{HTTP_GET, "/api/v1/enterprises/91530302MA6K00000X", ROUTER_FOUND, 2, "uscc",
		 "91530302MA6K00000X", NULL, NULL},
		{HTTP_GET, "/api/v1/enterprises/a%2Fb%20c", ROUTER_FOUND, 2, "uscc", "a/b c", NULL,
		 NULL},
		/* a literal segment wins over a capture whatever the registration order */
		{HTTP_GET, "/api/v1/enterprises/export", ROUTER_FOUND, 3, NULL, NULL, NULL, NULL},
		/* two captures */
		{HTTP_GET, "/api/v1/enterprises/X1/years/2025", ROUTER_FOUND, 4, "uscc", "X1",
		 "year", "2025"},
		{HTTP_PUT, "/api/v1/enterprises/X1/years/2025", ROUTER_FOUND, 5, "uscc", "X1",
		 "year", "2025"},
		/* HEAD is served by the GET route */
		{HTTP_HEAD, "/api/v1/enterprises", ROUTER_FOUND, 1, NULL, NULL, NULL, NULL},
		/* the path exists, the method does not: 405 */
		{HTTP_DELETE, "/api/v1/enterprises/X1", ROUTER_NO_METHOD, 0, NULL, NULL, NULL,
		 NULL},
		{HTTP_POST, "/api/v1/enterprises", ROUTER_NO_METHOD, 0, NULL, NULL, NULL, NULL},
		/* no such path: 404 */
		{HTTP_GET, "/api/v1/enterprise", ROUTER_NO_PATH, 0, NULL, NULL, NULL, NULL},
		{HTTP_GET, "/api/v1/enterprises/X1/years", ROUTER_NO_PATH, 0, NULL, NULL, NULL,
		 NULL},
		{HTTP_GET, "/api/v1/enterprises//years/2025", ROUTER_NO_PATH, 0, NULL, NULL, NULL,
		 NULL},
		{HTTP_GET, "/a/b/c/d/e/f/g/h/i/j/k/l/m/n", ROUTER_NO_PATH, 0, NULL, NULL, NULL,
		 NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct http_request req;
		memset(&req, 0, sizeof req);
		req.arena = arena_new();
		req.method = cases[i].method;
		req.path = cases[i].path;
		const struct route *rt = NULL;
		int m = router_match(&r, &req, &rt);
		assert_int_equal(m, cases[i].result);
		if (m == ROUTER_FOUND) {
			assert_int_equal(rt->handler(&req, NULL, NULL), cases[i].handler);
			if (cases[i].p1)
				assert_string_equal(http_param(&req, cases[i].p1), cases[i].v1);
			if (cases[i].p2)
				assert_string_equal(http_param(&req, cases[i].p2), cases[i].v2);
		} else {
			assert_null(rt);
		}
		arena_free(req.arena);
	}
	/* The flags a request would get, decided before its body is read (the body cap). */
	router_add(&r, HTTP_POST, "/api/v1/imports", h_list, ROUTE_LARGE_BODY);
	assert_int_equal(router_route_flags(&r, HTTP_POST, "/api/v1/imports"), ROUTE_LARGE_BODY);
	assert_int_equal(router_route_flags(&r, HTTP_GET, "/api/v1/enterprises/X1"), 0);
	assert_int_equal(router_route_flags(&r, HTTP_GET, "/api/v1/imports"), -1);
	assert_int_equal(router_route_flags(&r, HTTP_POST, "/nowhere"), -1);
	router_cleanup(&r);
}

static void test_query_int(void **state)
{
	(void)state;
	struct http_kv q[] = {{"page", "3"},  {"neg", "-2"}, {"big", "501"},
			      {"junk", "3x"}, {"empty", ""}, {"huge", "99999999999999999999"}};
	struct http_request req;
	memset(&req, 0, sizeof req);
	req.query = q;
	req.nquery = sizeof q / sizeof q[0];
	static const struct {
		const char *name;
		int rc;
		int64_t want;
	} cases[] = {
		{"page", 0, 3},		  /* in range */
		{"absent", 0, 50},	  /* absent → default */
		{"empty", 0, 50},	  /* empty → default */
		{"neg", ERR_INVALID, 0},  /* below the minimum 1 */
		{"big", ERR_INVALID, 0},  /* above the maximum 500 */
		{"junk", ERR_INVALID, 0}, /* not digits */
		{"huge", ERR_INVALID, 0}, /* would overflow */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct err e;
		err_clear(&e);
		int64_t v = -1;
		assert_int_equal(http_query_int(&req, cases[i].name, 1, 500, 50, &v, &e),
				 cases[i].rc);
		if (!cases[i].rc)
			assert_int_equal(v, cases[i].want);
		else
			assert_string_equal(e.field, cases[i].name);
	}
}

static void test_cookie_and_header(void **state)
{
	(void)state;
	struct http_kv h[] = {{"Content-Type", "application/json"},
			      {"cookie", "theme=dark; gaoqi_session=abc123; x=1"}};
	struct http_request req;
	memset(&req, 0, sizeof req);
	req.arena = arena_new();
	req.headers = h;
	req.nheaders = 2;
	assert_string_equal(http_header(&req, "content-type"), "application/json");
	assert_string_equal(http_cookie(&req, "gaoqi_session"), "abc123");
	assert_string_equal(http_cookie(&req, "x"), "1");
	/* A cookie whose name only ends like ours does not match. */
	assert_null(http_cookie(&req, "session"));
	assert_null(http_cookie(&req, "missing"));
	arena_free(req.arena);
}

static void test_json_body(void **state)
{
	(void)state;
	char deep32[200] = "{\"a\":", deep33[200] = "{\"a\":";
	for (int i = 0; i < 31; i++)
		strcat(deep32, "[");
	for (int i = 0; i < 31; i++)
		strcat(deep32, "]");
	strcat(deep32, "}");
	for (int i = 0; i < 32; i++)
		strcat(deep33, "[");
	for (int i = 0; i < 32; i++)
		strcat(deep33, "]");
	strcat(deep33, "}");
	static const char brackets_in_string[] = "{\"a\":\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"}";
	const struct {
		const char *type; /* Content-Type, NULL = none */
		const char *body;
		int rc;
	} cases[] = {
		{"application/json", "{\"a\":1}", 0},
		{"application/json; charset=utf-8", "{\"a\":1}", 0},
		{"application/json", deep32, 0},	     /* exactly 32 levels: accepted */
		{"application/json", deep33, ERR_INVALID},   /* 33 levels: refused */
		{"application/json", brackets_in_string, 0}, /* brackets in a string do not count */
		{"application/json", "{\"a\":1,\"a\":2}", ERR_INVALID}, /* duplicate key */
		{"application/json", "[1]", ERR_INVALID},		/* not an object */
		{"application/json", "{\"a\":", ERR_INVALID},		/* truncated */
		{"application/json", "", ERR_INVALID},			/* empty */
		/* what a cross-site HTML form can send is refused, even when it looks like JSON */
		{"text/plain", "{\"a\":1}", ERR_INVALID},
		{"application/x-www-form-urlencoded", "{\"a\":1}", ERR_INVALID},
		{"application/jsonp", "{\"a\":1}", ERR_INVALID},
		{NULL, "{\"a\":1}", ERR_INVALID},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct http_kv h[] = {{"Content-Type", cases[i].type}};
		struct http_request req;
		memset(&req, 0, sizeof req);
		req.headers = h;
		req.nheaders = cases[i].type ? 1 : 0;
		req.body = cases[i].body;
		req.body_len = strlen(cases[i].body);
		json_t *v = NULL;
		struct err e;
		err_clear(&e);
		assert_int_equal(http_json_body(&req, &v, &e), cases[i].rc);
		if (cases[i].rc) {
			assert_null(v);
			assert_true(e.msg[0] != '\0');
		} else {
			assert_non_null(v);
		}
		json_decref(v);
	}
}

static void test_jw_exact(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb, 0);
	struct jw w;
	jw_init(&w, &sb);
	jw_obj_begin(&w, NULL);
	jw_money(&w, "sales", 5000000000LL, LEDGER_NONE); /* 50,000,000.00 元 */
	jw_money(&w, "one_fen", 1, LEDGER_NONE);
	jw_money(&w, "negative", -5, LEDGER_NONE);
	jw_money(&w, "unknown", LEDGER_NONE, LEDGER_NONE);
	jw_count(&w, "staff", 8050, LEDGER_NONE);
	jw_date(&w, "on", 0, LEDGER_NO_DATE);
	jw_date(&w, "none", LEDGER_NO_DATE, LEDGER_NO_DATE);
	jw_str(&w, "name", "曲靖\"示例\"\n");
	jw_arr_begin(&w, "empty");
	jw_arr_end(&w);
	jw_arr_begin(&w, "ints");
	jw_int(&w, NULL, 1);
	jw_int(&w, NULL, -2);
	jw_int(&w, NULL, 0);
	jw_int(&w, NULL, INT64_MAX);
	jw_int(&w, NULL, INT64_MIN);
	jw_arr_end(&w);
	jw_bool(&w, "ok", 1);
	jw_int(&w, "k\"\x01", 7); /* a key that needs escaping */
	jw_obj_end(&w);
	assert_int_equal(jw_finish(&w), 0);
	assert_string_equal(
		strbuf_cstr(&sb),
		"{\"sales\":\"50000000.00\",\"one_fen\":\"0.01\",\"negative\":\"-0.05\","
		"\"unknown\":null,\"staff\":\"80.5\",\"on\":\"1970-01-01\",\"none\":null,"
		"\"name\":\"曲靖\\\"示例\\\"\\n\",\"empty\":[],\"ints\":[1,-2,0,"
		"9223372036854775807,"
		"-9223372036854775808],\"ok\":true,\"k\\\"\\u0001\":7}");
	/* A full buffer is reported once at the end. */
	struct strbuf small;
	strbuf_init(&small, 8);
	jw_init(&w, &small);
	jw_str(&w, NULL, "longer than eight bytes");
	assert_int_equal(jw_finish(&w), ERR_TOO_BIG);
	strbuf_cleanup(&small);
	strbuf_cleanup(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match_table), cmocka_unit_test(test_query_template),
		cmocka_unit_test(test_query_int),   cmocka_unit_test(test_cookie_and_header),
		cmocka_unit_test(test_json_body),   cmocka_unit_test(test_jw_exact),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
