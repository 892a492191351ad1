/*
 * Award funds over HTTP (docs/api.md "Award funds"), on the real binary with
 * a demo database: a TSME policy of 2030 and two firms registered in 2030
 * (one of 530302, the enterprise user's own), the accounting run; then
 * every route called by each of the seven demo users with the exact status
 * (403 for a role that may not, 404 outside the caller's scope, 400 for a
 * transition no longer allowed); then the run again (nothing new), the
 * totals equal to the sum of the lines, the exports, and validation naming
 * the field.
 */
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

enum { ADMIN, CITY, COUNTY, EXPERT, EXPERT2, ENTERPRISE, VIEWER, NROLES };
static const char *const role_user[NROLES] = {"admin",	 "city",       "county-530302", "expert",
					      "expert2", "enterprise", "viewer"};
static struct client cl[NROLES];
static int sees_own[NROLES], sees_k[NROLES];
static char own_uscc[32], k_uscc[32];
static long long policy_id, line_k, line_own;

static long call(struct client *c, const char *method, const char *body, struct response *r,
		 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static long call(struct client *c, const char *method, const char *body, struct response *r,
		 const char *fmt, ...)
{
	char path[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(path, sizeof path, fmt, ap);
	va_end(ap);
	return client_request(c, method, path, body, NULL, r);
}

static long long line_of(const char *uscc)
{
	struct response r;
	long long id = -1;
	if (call(&cl[ADMIN], "GET", NULL, &r, "/api/v1/awards?year=2030&uscc=%s", uscc) == 200 &&
	    json_array_size(json_path(r.json, "items")) == 1)
		id = json_path_int(r.json, "items.0.id");
	response_free(&r);
	return id;
}

static int setup(void **state)
{
	(void)state;
	struct response r;
	server_setup(&srv, 80);
	for (int i = 0; i < NROLES; i++) {
		client_init(&cl[i], srv.port);
		if (client_login(&cl[i], role_user[i], DEMO_PASSWORD) != 200)
			return -1;
	}
	client_request(&cl[ENTERPRISE], "GET", "/api/v1/me", NULL, NULL, &r);
	snprintf(own_uscc, sizeof own_uscc, "%s", json_path_str(r.json, "user.enterprise"));
	response_free(&r);
	call(&cl[ADMIN], "GET", NULL, &r, "/api/v1/enterprises?area=530302&tier=hnte&page_size=5");
	for (size_t i = 0; i < 5 && !k_uscc[0]; i++) {
		char p[32];
		snprintf(p, sizeof p, "items.%zu.uscc", i);
		const char *u = json_path_str(r.json, p);
		if (u && strcmp(u, own_uscc))
			snprintf(k_uscc, sizeof k_uscc, "%s", u);
	}
	response_free(&r);
	for (int i = 0; i < NROLES; i++) {
		sees_own[i] =
			call(&cl[i], "GET", NULL, &r, "/api/v1/enterprises/%s", own_uscc) == 200;
		response_free(&r);
		sees_k[i] = call(&cl[i], "GET", NULL, &r, "/api/v1/enterprises/%s", k_uscc) == 200;
		response_free(&r);
	}
	const char *firms[2] = {k_uscc, own_uscc};
	for (int i = 0; i < 2; i++) {
		char body[128];
		snprintf(body, sizeof body, "{\"year\":2030,\"reg_no\":\"2030530302MX%04d\"}", i);
		if (call(&cl[ADMIN], "POST", body, &r, "/api/v1/enterprises/%s/tsme", firms[i]) !=
		    200)
			fprintf(stderr, "tsme: %s\n", r.body);
		response_free(&r);
	}
	if (call(&cl[ADMIN], "POST",
		 "{\"year\":2030,\"name\":\"入库奖励\",\"doc_no\":\"曲科发〔2030〕1号\",\"kind\":"
		 "\"tsme_registration\",\"amount\":\"10000.01\",\"county_bp\":3333}",
		 &r, "/api/v1/award-policies") == 201)
		policy_id = json_path_int(r.json, "id");
	response_free(&r);
	if (call(&cl[ADMIN], "POST", NULL, &r, "/api/v1/awards/run?year=2030") != 200 ||
	    json_path_int(r.json, "added") != 2)
		fprintf(stderr, "run: %s\n", r.body);
	response_free(&r);
	line_k = line_of(k_uscc);
	line_own = line_of(own_uscc);
	return k_uscc[0] && policy_id > 0 && line_k > 0 && line_own > 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	for (int i = 0; i < NROLES; i++)
		client_cleanup(&cl[i]);
	teardown_failed = server_teardown(&srv) != 0;
	return teardown_failed ? -1 : 0;
}

/* ---- the matrix ---------------------------------------------------------------------------- */

/* O(x): x when the role sees the own firm, else 404; K(x): the same for the 530302 firm. */
#define O(x) (-(x))
#define K(x) ((x) + 1000)

enum target { T_NONE, T_POLICY, T_K, T_OWN };

struct row {
	const char *method, *path; /* "{id}" takes the target's id, "{own}" the own firm */
	const char *body;	   /* "{n}" becomes the role's index */
	enum target target;
	int status[NROLES]; /* admin city county expert expert2 enterprise viewer */
};

static const struct row rows[] = {
	{"GET",
	 "/api/v1/award-policies?year=2030",
	 NULL,
	 T_NONE,
	 {200, 200, 200, 403, 403, 403, 200}},
	{"POST",
	 "/api/v1/award-policies",
	 "{\"year\":2030,\"name\":\"矩阵{n}\",\"kind\":\"other\",\"amount\":\"1\"}",
	 T_NONE,
	 {201, 201, 403, 403, 403, 403, 403}},
	{"GET", "/api/v1/award-policies/{id}", NULL, T_POLICY, {200, 200, 200, 403, 403, 403, 200}},
	{"PUT",
	 "/api/v1/award-policies/{id}",
	 "{\"year\":2030,\"name\":\"入库奖励\",\"kind\":\"tsme_registration\",\"amount\":"
	 "\"10000.01\",\"county_bp\":3333}",
	 T_POLICY,
	 {200, 200, 403, 403, 403, 403, 403}},
	{"GET", "/api/v1/awards?year=2030", NULL, T_NONE, {200, 200, 200, 403, 403, 403, 200}},
	{"POST",
	 "/api/v1/awards/run?year=2030&dry_run=1",
	 NULL,
	 T_NONE,
	 {200, 200, 403, 403, 403, 403, 403}},
	{"GET", "/api/v1/awards/{id}", NULL, T_K, {200, 200, K(200), 403, 403, 403, K(200)}},
	{"POST",
	 "/api/v1/awards/{id}/confirm",
	 "{}",
	 T_K,
	 {200, 200, K(200), 403, 403, 403, K(403)}},
	{"POST",
	 "/api/v1/awards/{id}/approve",
	 "{}",
	 T_K,
	 {200, 400, K(403), 403, 403, 403, K(403)}},
	{"POST",
	 "/api/v1/awards/{id}/disburse",
	 "{\"part\":\"county\",\"voucher\":\"QL-1\"}",
	 T_K,
	 {200, 400, K(400), 403, 403, 403, K(403)}},
	{"POST",
	 "/api/v1/awards/{id}/disburse",
	 "{\"part\":\"city\",\"voucher\":\"SJ-1\"}",
	 T_K,
	 {200, 400, K(403), 403, 403, 403, K(403)}},
	{"POST",
	 "/api/v1/awards/{id}/reject",
	 "{\"reason\":\"矩阵退回\"}",
	 T_OWN,
	 {200, 400, O(403), 403, 403, 403, O(403)}},
	{"GET", "/api/v1/budgets?year=2030", NULL, T_NONE, {200, 200, 200, 403, 403, 403, 200}},
	{"PUT",
	 "/api/v1/budgets/2030/city",
	 "{\"amount\":\"1000000\",\"note\":\"市本级\"}",
	 T_NONE,
	 {200, 200, 403, 403, 403, 403, 403}},
	{"GET",
	 "/api/v1/awards/export?year=2030",
	 NULL,
	 T_NONE,
	 {200, 200, 200, 403, 403, 403, 200}},
	{"GET",
	 "/api/v1/enterprises/{own}/support",
	 NULL,
	 T_NONE,
	 {200, 200, O(200), O(403), O(403), 403, O(200)}},
	{"POST",
	 "/api/v1/enterprises/{own}/support",
	 "{\"kind\":\"voucher\",\"granted_on\":\"2030-03-01\",\"amount\":\"5000\"}",
	 T_NONE,
	 {201, 201, O(201), O(403), O(403), 403, O(403)}},
	{"GET",
	 "/api/v1/tax-estimate?year=2030&taxable_income=1000000&rd_expense=200000",
	 NULL,
	 T_NONE,
	 {200, 200, 200, 403, 403, 403, 200}},
};

static void expand(const char *text, const char *key, const char *value, char *out, size_t cap)
{
	const char *p = strstr(text, key);
	if (!p) {
		snprintf(out, cap, "%s", text);
		return;
	}
	snprintf(out, cap, "%.*s%s%s", (int)(p - text), text, value, p + strlen(key));
}

static void test_matrix(void **state)
{
	(void)state;
	int failures = 0;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const struct row *w = &rows[i];
		for (int role = 0; role < NROLES; role++) {
			int want = w->status[role];
			if (want < 0)
				want = sees_own[role] ? -want : 404;
			else if (want > 1000)
				want = sees_k[role] ? want - 1000 : 404;
			long long id = w->target == T_POLICY ? policy_id
				       : w->target == T_K    ? line_k
				       : w->target == T_OWN  ? line_own
							     : 0;
			char num[24], tmp[512], path[512], body[512], n[4];
			snprintf(num, sizeof num, "%lld", id);
			snprintf(n, sizeof n, "%d", role);
			expand(w->path, "{id}", num, tmp, sizeof tmp);
			expand(tmp, "{own}", own_uscc, path, sizeof path);
			if (w->body)
				expand(w->body, "{n}", n, body, sizeof body);
			struct response r;
			long st = client_request(&cl[role], w->method, path, w->body ? body : NULL,
						 NULL, &r);
			if (st != want) {
				fprintf(stderr, "%s %s as %s: %ld, expected %d (%.300s)\n",
					w->method, path, role_user[role], st, want,
					r.body ? r.body : "");
				failures++;
			}
			response_free(&r);
		}
	}
	assert_int_equal(failures, 0);
}

/* ---- the run, totals and exports --------------------------------------------------------- */

static long long fen_of(const char *yuan)
{
	long long a = 0, b = 0;
	assert_int_equal(sscanf(yuan, "%lld.%2lld", &a, &b), 2);
	return a * 100 + b;
}

static void test_run_and_totals(void **state)
{
	(void)state;
	struct response r;
	/* again: nothing new (the rejected line stays rejected) */
	assert_int_equal(call(&cl[CITY], "POST", NULL, &r, "/api/v1/awards/run?year=2030"), 200);
	assert_int_equal(json_path_int(r.json, "added"), 0);
	assert_int_equal(json_path_int(r.json, "changed"), 0);
	assert_int_equal(json_path_int(r.json, "removed"), 0);
	response_free(&r);
	/* the line: 10000.01 元 split 3333 bp, county rounded down */
	assert_int_equal(call(&cl[CITY], "GET", NULL, &r, "/api/v1/awards/%lld", line_k), 200);
	assert_string_equal(json_path_str(r.json, "amount"), "10000.01");
	assert_string_equal(json_path_str(r.json, "county_part"), "3333.00");
	assert_string_equal(json_path_str(r.json, "city_part"), "6667.01");
	assert_string_equal(json_path_str(r.json, "status"), "disbursed");
	assert_string_equal(json_path_str(r.json, "county_voucher"), "QL-1");
	response_free(&r);
	/* totals equal the sum of the lines, to the fen */
	assert_int_equal(call(&cl[ADMIN], "GET", NULL, &r, "/api/v1/awards?year=2030"), 200);
	long long sum = 0;
	json_t *items = json_path(r.json, "items");
	for (size_t i = 0; i < json_array_size(items); i++)
		if (strcmp(json_string_value(json_object_get(json_array_get(items, i), "status")),
			   "rejected"))
			sum += fen_of(json_string_value(
				json_object_get(json_array_get(items, i), "amount")));
	assert_int_equal(sum, fen_of(json_path_str(r.json, "totals.amount")));
	response_free(&r);
	assert_int_equal(call(&cl[ADMIN], "GET", NULL, &r, "/api/v1/budgets?year=2030"), 200);
	assert_string_equal(json_path_str(r.json, "items.0.source"), "city");
	assert_string_equal(json_path_str(r.json, "items.0.committed"), "6667.01");
	assert_string_equal(json_path_str(r.json, "items.0.paid"), "6667.01");
	assert_string_equal(json_path_str(r.json, "items.0.remaining"), "993332.99");
	response_free(&r);
	/* exports */
	assert_int_equal(call(&cl[CITY], "GET", NULL, &r, "/api/v1/awards/export?year=2030"), 200);
	assert_true(r.len > 100 && !memcmp(r.body, "PK", 2));
	response_free(&r);
	assert_int_equal(call(&cl[CITY], "GET", NULL, &r,
			      "/api/v1/awards/export?year=2030&format=csv&view=budget"),
			 200);
	assert_non_null(strstr(r.body, "预算来源"));
	assert_non_null(strstr(r.body, "市级,1000000.00"));
	response_free(&r);
	assert_int_equal(call(&cl[CITY], "GET", NULL, &r, "/api/v1/awards/export?year=2030&view=x"),
			 400);
	assert_string_equal(json_path_str(r.json, "error.field"), "view");
	response_free(&r);
	/* over budget: refused before approval, with the figures */
	assert_int_equal(
		call(&cl[CITY], "PUT", "{\"amount\":\"1\"}", &r, "/api/v1/budgets/2030/city"), 200);
	assert_true(json_path_int(r.json, "items.0.over") == 1 ||
		    json_is_true(json_path(r.json, "items.0.over")));
	response_free(&r);
	/* validation names the field */
	assert_int_equal(call(&cl[CITY], "POST",
			      "{\"year\":2030,\"name\":\"分档\",\"kind\":\"leader\",\"band_basis\":"
			      "\"revenue\",\"tiers\":[{\"min_value\":\"100\",\"amount\":\"1\"},"
			      "{\"min_value\":\"50\",\"amount\":\"2\"}]}",
			      &r, "/api/v1/award-policies"),
			 400);
	assert_string_equal(json_path_str(r.json, "error.field"), "tiers[1].min_value");
	response_free(&r);
	assert_int_equal(call(&cl[CITY], "GET", NULL, &r,
			      "/api/v1/tax-estimate?year=2030&taxable_income=1000000&rd_expense="
			      "200000"),
			 200);
	assert_string_equal(json_path_str(r.json, "tax_standard"), "250000.00");
	assert_string_equal(json_path_str(r.json, "tax_hnte"), "120000.00");
	assert_string_equal(json_path_str(r.json, "saving"), "130000.00");
	response_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matrix),
		cmocka_unit_test(test_run_and_totals),
	};
	int failed = cmocka_run_group_tests(tests, setup, teardown);
	return failed || teardown_failed;
}
