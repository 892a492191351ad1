/*
 * The role × resource × action matrix: every endpoint called by every role
 * on an enterprise inside and outside the caller's scope, with the expected
 * status. Out of scope is always 404 for a single object and absent from
 * lists and counts; a role that may read but not write gets 403.
 * Also: pagination, validation errors naming the field, duplicate USCC 409,
 * the what-if assessment and the audit trail of a write.
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
/* cmocka ignores a failing group teardown: remember it for main's exit code. */
static int teardown_failed;

/* Roles of the matrix (users of the demo plus two made here by admin). */
enum { ADMIN, CITY, COUNTY, VIEWER, EXPERT, ENTERPRISE, NROLES };
static const char *const role_user[NROLES] = {"admin",	 "city",   "county-530302",
					      "viewer1", "expert", "enterprise"};
static struct client cl[NROLES];

/* Enterprises: IN is in 530302 (the county's and viewer1's area) and is the
 * expert's assigned one when possible; OUT is in another area and not visible
 * to the expert; OWN is the enterprise user's own. */
static char in_uscc[32], out_uscc[32], own_uscc[32], exp_uscc[32];
/* Per role, one IP item of IN and one of OUT (made by admin), for PUT/DELETE rows. */
static long long in_ip[NROLES], out_ip[NROLES];
/* A user for the PUT /users/{id} rows. */
static long long target_user;

/* GB 32100 check character of the first 17 characters of CODE. */
static char uscc_check(const char *code)
{
	static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	static const int w[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (int)(strchr(alphabet, code[i]) - alphabet) * w[i];
	return alphabet[(31 - sum % 31) % 31];
}

static void make_uscc(char out[19], const char *region, const char *org9)
{
	snprintf(out, 19, "91%s%s", region, org9);
	out[17] = uscc_check(out);
	out[18] = '\0';
}

static void first_uscc(struct client *c, const char *query, char *out)
{
	struct response r;
	char path[256];
	snprintf(path, sizeof path, "/api/v1/enterprises?%s", query);
	assert_int_equal(client_request(c, "GET", path, NULL, NULL, &r), 200);
	const char *u = json_path_str(r.json, "items.0.uscc");
	assert_non_null(u);
	snprintf(out, 32, "%s", u);
	response_free(&r);
}

static int setup(void **state)
{
	(void)state;
	server_setup(&srv, 80);
	struct client admin;
	client_init(&admin, srv.port);
	if (client_login(&admin, "admin", DEMO_PASSWORD) != 200)
		return -1;
	/* viewer1: read-only, one area. */
	struct response r;
	client_request(&admin, "POST", "/api/v1/users",
		       "{\"username\":\"viewer1\",\"display_name\":\"财政局\",\"role\":\"viewer\","
		       "\"areas\":[\"530302\"],\"password\":\"viewer-pass-1\"}",
		       NULL, &r);
	if (r.status != 201) {
		fprintf(stderr, "create viewer1: %ld %s\n", r.status, r.body);
		return -1;
	}
	response_free(&r);
	client_request(
		&admin, "POST", "/api/v1/users",
		"{\"username\":\"target1\",\"role\":\"city\",\"password\":\"target-pass-1\"}", NULL,
		&r);
	target_user = json_path_int(r.json, "id");
	response_free(&r);
	client_cleanup(&admin);
	for (int i = 0; i < NROLES; i++) {
		client_init(&cl[i], srv.port);
		long st = client_login(&cl[i], role_user[i],
				       i == VIEWER ? "viewer-pass-1" : DEMO_PASSWORD);
		if (st != 200) {
			fprintf(stderr, "login %s: %ld\n", role_user[i], st);
			return -1;
		}
	}
	/* The expert's assigned enterprises and the enterprise user's own. */
	first_uscc(&cl[EXPERT], "page_size=1", exp_uscc);
	first_uscc(&cl[ENTERPRISE], "page_size=1", own_uscc);
	/* IN: in 530302; OUT: in 530381; neither assigned to the expert nor the enterprise's own.
	 */
	static const struct {
		const char *area;
		char *out;
	} picks[] = {{"530302", in_uscc}, {"530381", out_uscc}};
	for (size_t k = 0; k < 2; k++) {
		struct response l;
		char q[128];
		snprintf(q, sizeof q, "/api/v1/enterprises?area=%s&page_size=100&sort=uscc",
			 picks[k].area);
		client_request(&cl[ADMIN], "GET", q, NULL, NULL, &l);
		for (size_t i = 0; i < json_array_size(json_path(l.json, "items")); i++) {
			char p[64];
			snprintf(p, sizeof p, "items.%zu.uscc", i);
			const char *u = json_path_str(l.json, p);
			char path[128];
			snprintf(path, sizeof path, "/api/v1/enterprises/%s", u);
			if (strcmp(u, own_uscc) &&
			    client_status(&cl[EXPERT], "GET", path, NULL) == 404) {
				snprintf(picks[k].out, 32, "%s", u);
				break;
			}
		}
		response_free(&l);
	}
	if (!in_uscc[0] || !out_uscc[0] || target_user <= 0)
		return -1;
	for (int i = 0; i < NROLES; i++) {
		char path[128], body[200];
		snprintf(body, sizeof body,
			 "{\"kind\":\"design_patent\",\"number\":\"ZL-M-%d\",\"title\":\"外观\"}",
			 i);
		snprintf(path, sizeof path, "/api/v1/enterprises/%s/ip", in_uscc);
		client_request(&cl[ADMIN], "POST", path, body, NULL, &r);
		in_ip[i] = json_path_int(r.json, "id");
		response_free(&r);
		snprintf(path, sizeof path, "/api/v1/enterprises/%s/ip", out_uscc);
		client_request(&cl[ADMIN], "POST", path, body, NULL, &r);
		out_ip[i] = json_path_int(r.json, "id");
		response_free(&r);
		if (in_ip[i] <= 0 || out_ip[i] <= 0)
			return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (int i = 0; i < NROLES; i++)
		client_cleanup(&cl[i]);
	teardown_failed = server_teardown(&srv) != 0;
	return teardown_failed ? -1 : 0;
}

/* Expand {in} {out} {own} {exp} {tag} {nu} {in_ip} {out_ip} {user} in T for ROLE. */
static void expand(const char *t, const char *tag, int role, char *out, size_t cap)
{
	size_t k = 0;
	char nu[19], org[16], in_id[24], out_id[24], user[24];
	snprintf(org, sizeof org, "MA6M%05u", (unsigned)atoi(tag) % 100000u);
	make_uscc(nu, "530302", org);
	snprintf(in_id, sizeof in_id, "%lld", in_ip[role]);
	snprintf(out_id, sizeof out_id, "%lld", out_ip[role]);
	snprintf(user, sizeof user, "%lld", target_user);
	while (*t && k + 40 < cap) {
		const char *rep = NULL;
		size_t skip = 0;
		if (!strncmp(t, "{nu}", 4))
			rep = nu, skip = 4;
		else if (!strncmp(t, "{in_ip}", 7))
			rep = in_id, skip = 7;
		else if (!strncmp(t, "{out_ip}", 8))
			rep = out_id, skip = 8;
		else if (!strncmp(t, "{user}", 6))
			rep = user, skip = 6;
		else if (!strncmp(t, "{in}", 4))
			rep = in_uscc, skip = 4;
		else if (!strncmp(t, "{out}", 5))
			rep = out_uscc, skip = 5;
		else if (!strncmp(t, "{own}", 5))
			rep = own_uscc, skip = 5;
		else if (!strncmp(t, "{exp}", 5))
			rep = exp_uscc, skip = 5;
		else if (!strncmp(t, "{tag}", 5))
			rep = tag, skip = 5;
		if (rep) {
			k += (size_t)snprintf(out + k, cap - k, "%s", rep);
			t += skip;
		} else {
			out[k++] = *t++;
		}
	}
	out[k] = '\0';
}

struct row {
	const char *method;
	const char *path;
	const char *body;
	int status[NROLES]; /* admin city county viewer1 expert enterprise */
};

/* Reads of a single enterprise and its parts: in scope 200, out of scope 404. */
#define READ_ROW(path)                                                                             \
	{"GET", "/api/v1/enterprises/{in}" path, NULL, {200, 200, 200, 200, 404, 404}},            \
		{"GET", "/api/v1/enterprises/{out}" path, NULL, {200, 200, 404, 404, 404, 404}},   \
		{"GET", "/api/v1/enterprises/{exp}" path, NULL, {200, 200, -1, -1, 200, -1}},      \
	{                                                                                          \
		"GET", "/api/v1/enterprises/{own}" path, NULL,                                     \
		{                                                                                  \
			200, 200, -1, -1, -1, 200                                                  \
		}                                                                                  \
	}

static const struct row rows[] = {
	/* -1: depends on the demo's draw (the object may or may not be in that scope). */
	{"GET", "/api/v1/areas", NULL, {200, 200, 200, 200, 200, 200}},
	{"GET", "/api/v1/dashboard", NULL, {200, 200, 200, 200, 200, 200}},
	{"GET", "/api/v1/dashboard/verdicts", NULL, {200, 200, 200, 200, 200, 200}},
	{"GET", "/api/v1/enterprises", NULL, {200, 200, 200, 200, 200, 200}},
	{"GET", "/api/v1/me", NULL, {200, 200, 200, 200, 200, 200}},
	{"GET", "/api/v1/users", NULL, {200, 403, 403, 403, 403, 403}},
	{"GET", "/api/v1/audit", NULL, {200, 200, 403, 403, 403, 403}},
	{"POST",
	 "/api/v1/users",
	 "{\"username\":\"u-{tag}\",\"role\":\"city\",\"password\":\"p-12345678\"}",
	 {201, 403, 403, 403, 403, 403}},
	READ_ROW(""),
	READ_ROW("/tier-history"),
	READ_ROW("/years"),
	READ_ROW("/ip"),
	READ_ROW("/assessment?year=2026"),
	READ_ROW("/profile?year=2026"),
	/* Writes: admin, city, county in its area; viewer never; expert never;
	 * enterprise its own indicators and IP only. */
	{"PUT",
	 "/api/v1/enterprises/{in}",
	 "{\"contact_phone\":\"0874-0000001\"}",
	 {200, 200, 200, 403, 404, 404}},
	{"PUT",
	 "/api/v1/enterprises/{out}",
	 "{\"contact_phone\":\"0874-0000002\"}",
	 {200, 200, 404, 404, 404, 404}},
	{"PUT",
	 "/api/v1/enterprises/{exp}",
	 "{\"contact_phone\":\"0874-0000003\"}",
	 {200, 200, -1, -1, 403, -1}},
	{"PUT",
	 "/api/v1/enterprises/{own}",
	 "{\"contact_phone\":\"0874-0000004\"}",
	 {200, 200, -1, -1, -1, 403}},
	{"PUT",
	 "/api/v1/enterprises/{in}/years/2019",
	 "{\"staff\":50,\"st_staff\":9}",
	 {200, 200, 200, 403, 404, 404}},
	{"PUT",
	 "/api/v1/enterprises/{out}/years/2019",
	 "{\"staff\":50,\"st_staff\":9}",
	 {200, 200, 404, 404, 404, 404}},
	{"PUT",
	 "/api/v1/enterprises/{own}/years/2019",
	 "{\"staff\":50,\"st_staff\":9}",
	 {200, 200, -1, -1, -1, 200}},
	{"PUT",
	 "/api/v1/enterprises/{exp}/years/2019",
	 "{\"staff\":50,\"st_staff\":9}",
	 {200, 200, -1, -1, 403, -1}},
	{"POST",
	 "/api/v1/enterprises/{in}/ip",
	 "{\"kind\":\"software_copyright\",\"number\":\"2025SR{tag}\",\"title\":\"软件\"}",
	 {201, 201, 201, 403, 404, 404}},
	{"POST",
	 "/api/v1/enterprises/{out}/ip",
	 "{\"kind\":\"software_copyright\",\"number\":\"2025SR{tag}\",\"title\":\"软件\"}",
	 {201, 201, 404, 404, 404, 404}},
	{"POST",
	 "/api/v1/enterprises/{own}/ip",
	 "{\"kind\":\"utility_model\",\"number\":\"ZL2025{tag}\",\"title\":\"装置\"}",
	 {201, 201, -1, -1, -1, 201}},
	{"POST",
	 "/api/v1/enterprises/{in}/tier",
	 "{\"tier\":\"exited\",\"reason\":\"测试\"}",
	 {-2, -2, -2, 403, 404, 404}},
	{"POST",
	 "/api/v1/enterprises/{out}/tier",
	 "{\"tier\":\"exited\",\"reason\":\"测试\"}",
	 {-2, -2, 404, 404, 404, 404}},
	{"POST",
	 "/api/v1/assess",
	 "{\"registered_on\":\"2019-05-20\",\"apply_on\":\"2026-06-30\",\"field\":\"10101\"}",
	 {200, 200, 200, 200, 200, 200}},
};

/* Every row, every role. (-2: the write is allowed, 200 or 400 "already in that tier".) */
static void test_matrix(void **state)
{
	(void)state;
	int failures = 0;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		for (int role = 0; role < NROLES; role++) {
			int want = rows[i].status[role];
			if (want == -1)
				continue;
			char path[256], body[512], tag[32];
			snprintf(tag, sizeof tag, "%zu%d", i, role);
			expand(rows[i].path, tag, role, path, sizeof path);
			if (rows[i].body)
				expand(rows[i].body, tag, role, body, sizeof body);
			long st = client_status(&cl[role], rows[i].method, path,
						rows[i].body ? body : NULL);
			int ok = want == -2 ? (st == 200 || st == 400) : st == want;
			if (!ok) {
				fprintf(stderr, "%s %s as %s: %ld, expected %d\n", rows[i].method,
					path, role_user[role], st, want);
				failures++;
			}
		}
	}
	assert_int_equal(failures, 0);
}

/*
 * Every list item carries the HNTE verdict and score range of an application
 * today: for all the enterprises of the admin's list and of the county's,
 * they equal `hnte.verdict` and `hnte.score.min/max` of GET …/assessment for
 * the same enterprise, and GET /enterprises/{uscc} carries the same; the
 * list filtered on a verdict shows that verdict on every item.
 */
static void test_list_verdicts_match_assessment(void **state)
{
	(void)state;
	static const int roles[] = {ADMIN, COUNTY};
	static const char *const names[] = {"pass", "borderline", "fail", "incomplete"};
	int seen[4] = {0};
	for (size_t k = 0; k < sizeof roles / sizeof roles[0]; k++) {
		struct client *c = &cl[roles[k]];
		struct response l;
		assert_int_equal(client_request(c, "GET",
						"/api/v1/enterprises?page_size=100&sort=uscc", NULL,
						NULL, &l),
				 200);
		size_t n = json_array_size(json_path(l.json, "items"));
		assert_true(n > 0);
		for (size_t i = 0; i < n; i++) {
			char p[64], path[160];
			snprintf(p, sizeof p, "items.%zu.uscc", i);
			const char *uscc = json_path_str(l.json, p);
			snprintf(p, sizeof p, "items.%zu.verdict", i);
			const char *verdict = json_path_str(l.json, p);
			assert_non_null(verdict);
			int known = 0;
			for (int v = 0; v < 4; v++)
				if (!strcmp(verdict, names[v])) {
					seen[v]++;
					known = 1;
				}
			assert_true(known);
			snprintf(p, sizeof p, "items.%zu.score.min", i);
			long long min = json_path_int(l.json, p);
			snprintf(p, sizeof p, "items.%zu.score.max", i);
			long long max = json_path_int(l.json, p);
			assert_true(min >= 0 && min <= max && max <= 100);
			struct response a, one;
			snprintf(path, sizeof path, "/api/v1/enterprises/%s/assessment", uscc);
			assert_int_equal(client_request(c, "GET", path, NULL, NULL, &a), 200);
			if (strcmp(json_path_str(a.json, "hnte.verdict"), verdict))
				fail_msg("%s: list says %s, assessment %s", uscc, verdict,
					 json_path_str(a.json, "hnte.verdict"));
			assert_int_equal(json_path_int(a.json, "hnte.score.min"), min);
			assert_int_equal(json_path_int(a.json, "hnte.score.max"), max);
			snprintf(path, sizeof path, "/api/v1/enterprises/%s", uscc);
			assert_int_equal(client_request(c, "GET", path, NULL, NULL, &one), 200);
			assert_string_equal(json_path_str(one.json, "verdict"), verdict);
			assert_int_equal(json_path_int(one.json, "score.min"), min);
			assert_int_equal(json_path_int(one.json, "score.max"), max);
			response_free(&one);
			response_free(&a);
		}
		response_free(&l);
	}
	/* the demo draws several verdicts: the comparison was not of one kind only */
	int kinds = 0;
	for (int v = 0; v < 4; v++)
		kinds += seen[v] > 0;
	assert_true(kinds >= 2);
	for (int v = 0; v < 4; v++) {
		if (!seen[v])
			continue;
		struct response f;
		char path[96];
		snprintf(path, sizeof path, "/api/v1/enterprises?verdict=%s&page_size=10",
			 names[v]);
		assert_int_equal(client_request(&cl[ADMIN], "GET", path, NULL, NULL, &f), 200);
		assert_true(json_array_size(json_path(f.json, "items")) > 0);
		for (size_t i = 0; i < json_array_size(json_path(f.json, "items")); i++) {
			char p[64];
			snprintf(p, sizeof p, "items.%zu.verdict", i);
			assert_string_equal(json_path_str(f.json, p), names[v]);
		}
		response_free(&f);
	}
}

/* A county user's list and counts hold exactly its area: same total as admin's area filter. */
static void test_scope_lists_and_counts(void **state)
{
	(void)state;
	struct response a, c, d;
	assert_int_equal(client_request(&cl[ADMIN], "GET", "/api/v1/enterprises?area=530302", NULL,
					NULL, &a),
			 200);
	assert_int_equal(client_request(&cl[COUNTY], "GET", "/api/v1/enterprises?page_size=500",
					NULL, NULL, &c),
			 200);
	long long total = json_path_int(a.json, "total");
	assert_true(total > 0);
	assert_int_equal(json_path_int(c.json, "total"), total);
	for (size_t i = 0; i < json_array_size(json_path(c.json, "items")); i++) {
		char p[64];
		snprintf(p, sizeof p, "items.%zu.area", i);
		assert_string_equal(json_path_str(c.json, p), "530302");
	}
	/* Filtering on another area gives nothing, not an error. */
	response_free(&c);
	assert_int_equal(client_request(&cl[COUNTY], "GET", "/api/v1/enterprises?area=530381", NULL,
					NULL, &c),
			 200);
	assert_int_equal(json_path_int(c.json, "total"), 0);
	/* The dashboard counts the same enterprises. */
	assert_int_equal(client_request(&cl[COUNTY], "GET", "/api/v1/dashboard", NULL, NULL, &d),
			 200);
	assert_int_equal(json_path_int(d.json, "total"), total);
	assert_int_equal(json_array_size(json_path(d.json, "areas")), 1);
	assert_string_equal(json_path_str(d.json, "areas.0.code"), "530302");
	/* The verdicts cover the same enterprises: every one of the scope, each pool. */
	struct response v;
	assert_int_equal(
		client_request(&cl[COUNTY], "GET", "/api/v1/dashboard/verdicts", NULL, NULL, &v),
		200);
	assert_int_equal(json_path_int(v.json, "enterprises"), total);
	static const char *const pools[] = {"all", "reserve", "key"};
	static const char *const tiers[] = {NULL, "tiers.reserve", "tiers.key"};
	for (int k = 0; k < 3; k++) {
		char p[64];
		long long sum = 0;
		static const char *const names[] = {"pass", "borderline", "fail", "incomplete"};
		for (int n = 0; n < 4; n++) {
			snprintf(p, sizeof p, "%s.%s", pools[k], names[n]);
			assert_true(json_path_int(v.json, p) >= 0);
			sum += json_path_int(v.json, p);
		}
		assert_int_equal(sum, tiers[k] ? json_path_int(d.json, tiers[k]) : total);
	}
	/* The list filtered on a verdict holds exactly those enterprises, e.g. borderline. */
	struct response b;
	assert_int_equal(client_request(&cl[COUNTY], "GET",
					"/api/v1/enterprises?verdict=borderline&page_size=3", NULL,
					NULL, &b),
			 200);
	assert_int_equal(json_path_int(b.json, "total"), json_path_int(v.json, "all.borderline"));
	assert_true(json_path_int(b.json, "total") > 0);
	for (size_t i = 0; i < json_array_size(json_path(b.json, "items")); i++) {
		char p[160];
		snprintf(p, sizeof p, "items.%zu.uscc", i);
		struct response a1;
		char path[160];
		snprintf(path, sizeof path, "/api/v1/enterprises/%s/assessment",
			 json_path_str(b.json, p));
		assert_int_equal(client_request(&cl[COUNTY], "GET", path, NULL, NULL, &a1), 200);
		assert_string_equal(json_path_str(a1.json, "hnte.verdict"), "borderline");
		response_free(&a1);
	}
	response_free(&b);
	assert_int_equal(client_request(&cl[COUNTY], "GET", "/api/v1/enterprises?verdict=maybe",
					NULL, NULL, &b),
			 400);
	assert_string_equal(json_path_str(b.json, "error.field"), "verdict");
	response_free(&b);
	response_free(&v);
	response_free(&d);
	/* The county sees only its own area in /areas. */
	assert_int_equal(client_request(&cl[COUNTY], "GET", "/api/v1/areas", NULL, NULL, &d), 200);
	assert_int_equal(json_array_size(json_path(d.json, "items")), 1);
	response_free(&d);
	/* The enterprise user sees exactly one enterprise: its own. */
	response_free(&c);
	assert_int_equal(
		client_request(&cl[ENTERPRISE], "GET", "/api/v1/enterprises", NULL, NULL, &c), 200);
	assert_int_equal(json_path_int(c.json, "total"), 1);
	assert_string_equal(json_path_str(c.json, "items.0.uscc"), own_uscc);
	response_free(&c);
	response_free(&a);
}

/* Pages do not overlap, the total is stable, bad paging is 400 naming the parameter. */
static void test_pagination(void **state)
{
	(void)state;
	struct response p1, p2, bad;
	assert_int_equal(client_request(&cl[CITY], "GET",
					"/api/v1/enterprises?sort=uscc&page=1&page_size=7", NULL,
					NULL, &p1),
			 200);
	assert_int_equal(client_request(&cl[CITY], "GET",
					"/api/v1/enterprises?sort=uscc&page=2&page_size=7", NULL,
					NULL, &p2),
			 200);
	assert_int_equal(json_array_size(json_path(p1.json, "items")), 7);
	assert_int_equal(json_path_int(p1.json, "page_size"), 7);
	assert_int_equal(json_path_int(p2.json, "page"), 2);
	assert_int_equal(json_path_int(p1.json, "total"), json_path_int(p2.json, "total"));
	/* Sorted by USCC: page 2 starts after page 1 ends. */
	assert_true(strcmp(json_path_str(p1.json, "items.6.uscc"),
			   json_path_str(p2.json, "items.0.uscc")) < 0);
	response_free(&p1);
	response_free(&p2);
	static const struct {
		const char *query, *field;
	} cases[] = {
		{"page=0", "page"},
		{"page_size=501", "page_size"},
		{"page=x", "page"},
		{"tier=gold", "tier"},
		{"sort=colour", "sort"},
		{"order=up", "order"},
		{"expiry_year=20x6", "expiry_year"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char path[128];
		snprintf(path, sizeof path, "/api/v1/enterprises?%s", cases[i].query);
		assert_int_equal(client_request(&cl[CITY], "GET", path, NULL, NULL, &bad), 400);
		assert_string_equal(json_path_str(bad.json, "error.field"), cases[i].field);
		response_free(&bad);
	}
}

/* Create: a bad check character names the USCC; a duplicate is 409; county outside its area 403. */
static void test_create_enterprise(void **state)
{
	(void)state;
	char uscc[19], body[512];
	make_uscc(uscc, "530302", "MA6KT0001");
	snprintf(body, sizeof body,
		 "{\"uscc\":\"%s\",\"name\":\"曲靖测试科技有限公司\",\"area\":\"530302\","
		 "\"field\":\"10101\",\"registered_on\":\"2020-01-15\",\"tags\":[\"专精特新\"]}",
		 uscc);
	struct response r;
	assert_int_equal(client_request(&cl[COUNTY], "POST", "/api/v1/enterprises", body, NULL, &r),
			 201);
	assert_string_equal(json_path_str(r.json, "uscc"), uscc);
	assert_string_equal(json_path_str(r.json, "area_name"), "麒麟区");
	assert_string_equal(json_path_str(r.json, "tier"), "prospect");
	assert_string_equal(json_path_str(r.json, "tags.0"), "专精特新");
	response_free(&r);
	assert_int_equal(client_request(&cl[ADMIN], "POST", "/api/v1/enterprises", body, NULL, &r),
			 409);
	assert_string_equal(json_path_str(r.json, "error.code"), "conflict");
	response_free(&r);
	/* One wrong check character. */
	char bad[19];
	memcpy(bad, uscc, 19);
	bad[17] = bad[17] == '0' ? '1' : '0';
	snprintf(body, sizeof body, "{\"uscc\":\"%s\",\"name\":\"某公司\",\"area\":\"530302\"}",
		 bad);
	assert_int_equal(client_request(&cl[ADMIN], "POST", "/api/v1/enterprises", body, NULL, &r),
			 400);
	assert_string_equal(json_path_str(r.json, "error.field"), "uscc");
	assert_non_null(strstr(json_path_str(r.json, "error.message"), "第18位"));
	response_free(&r);
	/* A county user creating in another area. */
	make_uscc(uscc, "530381", "MA6KT0002");
	snprintf(body, sizeof body, "{\"uscc\":\"%s\",\"name\":\"宣威某公司\",\"area\":\"530381\"}",
		 uscc);
	assert_int_equal(client_status(&cl[COUNTY], "POST", "/api/v1/enterprises", body), 403);
	assert_int_equal(client_status(&cl[VIEWER], "POST", "/api/v1/enterprises", body), 403);
	/* A pasted code in lower case with spaces around is normalised. */
	char lower[19];
	make_uscc(lower, "530302", "MA6KT0003");
	char shown[19];
	memcpy(shown, lower, 19);
	for (int i = 0; lower[i]; i++)
		if (lower[i] >= 'A' && lower[i] <= 'Z')
			lower[i] = (char)(lower[i] - 'A' + 'a');
	snprintf(body, sizeof body,
		 "{\"uscc\":\"  %s \",\"name\":\"小写测试有限公司\",\"area\":\"530302\"}", lower);
	assert_int_equal(client_request(&cl[ADMIN], "POST", "/api/v1/enterprises", body, NULL, &r),
			 201);
	assert_string_equal(json_path_str(r.json, "uscc"), shown);
	response_free(&r);
	/* Missing name: 400 naming it. */
	snprintf(body, sizeof body, "{\"uscc\":\"%s\",\"area\":\"530381\"}", uscc);
	assert_int_equal(client_request(&cl[ADMIN], "POST", "/api/v1/enterprises", body, NULL, &r),
			 400);
	assert_string_equal(json_path_str(r.json, "error.field"), "name");
	response_free(&r);
}

/* Indicators are exact: 1234567.89 元 round-trips; 3 decimals and st_staff > staff are refused. */
static void test_years_exact_and_validated(void **state)
{
	(void)state;
	char path[128];
	snprintf(path, sizeof path, "/api/v1/enterprises/%s/years/2020", in_uscc);
	struct response r;
	assert_int_equal(client_request(&cl[COUNTY], "PUT", path,
					"{\"staff\":\"80.5\",\"st_staff\":12,\"sales_main\":"
					"1234567.89,\"sales_other\":\"0.11\",\"rd\":{\"personnel\":"
					"\"900000\"}}",
					NULL, &r),
			 200);
	assert_string_equal(json_path_str(r.json, "sales_main"), "1234567.89");
	assert_string_equal(json_path_str(r.json, "sales"), "1234568.00");
	assert_string_equal(json_path_str(r.json, "staff"), "80.5");
	assert_string_equal(json_path_str(r.json, "rd.personnel"), "900000.00");
	assert_true(json_is_null(json_path(r.json, "rd.direct")));
	response_free(&r);
	assert_int_equal(
		client_request(&cl[COUNTY], "PUT", path, "{\"sales_main\":\"1.234\"}", NULL, &r),
		400);
	assert_string_equal(json_path_str(r.json, "error.field"), "sales_main");
	response_free(&r);
	assert_int_equal(
		client_request(&cl[COUNTY], "PUT", path, "{\"rd\":{\"direct\":0.001}}", NULL, &r),
		400);
	assert_string_equal(json_path_str(r.json, "error.field"), "rd.direct");
	response_free(&r);
	assert_int_equal(client_request(&cl[COUNTY], "PUT", path, "{\"st_staff\":90}", NULL, &r),
			 400);
	assert_string_equal(json_path_str(r.json, "error.field"), "st_staff");
	response_free(&r);
	/* Nothing of the refused writes stuck. */
	assert_int_equal(client_request(&cl[COUNTY], "GET", path, NULL, NULL, &r), 200);
	assert_string_equal(json_path_str(r.json, "st_staff"), "12");
	assert_string_equal(json_path_str(r.json, "sales_main"), "1234567.89");
	response_free(&r);
	/* Lock by the county: the enterprise user can no longer write it (409). */
	assert_int_equal(client_status(&cl[COUNTY], "PUT", path, "{\"locked\":true}"), 200);
	assert_int_equal(client_request(&cl[COUNTY], "PUT", path, "{\"staff\":81}", NULL, &r), 409);
	assert_string_equal(json_path_str(r.json, "error.code"), "conflict");
	response_free(&r);
}

/* The expert's ratings and the self-check of a year (issue 11: entered on the firm page). */
static void test_ratings(void **state)
{
	(void)state;
	char path[128], later[128], own[128], out[128];
	snprintf(path, sizeof path, "/api/v1/enterprises/%s/ratings/2099", in_uscc);
	snprintf(later, sizeof later, "/api/v1/enterprises/%s/ratings/2100", in_uscc);
	snprintf(own, sizeof own, "/api/v1/enterprises/%s/ratings/2099", own_uscc);
	snprintf(out, sizeof out, "/api/v1/enterprises/%s/ratings/2099", out_uscc);
	struct response r;
	assert_int_equal(client_request(&cl[COUNTY], "PUT", path,
					"{\"advancement\":\"B\",\"core_support\":6,\"rd_org\":[6,5,"
					"null,4],\"standards\":true}",
					NULL, &r),
			 200);
	assert_true(json_is_true(json_path(r.json, "recorded")));
	assert_string_equal(json_path_str(r.json, "advancement"), "B");
	assert_int_equal(json_path_int(r.json, "core_support"), 6);
	assert_int_equal(json_path_int(r.json, "rd_org.1"), 5);
	assert_true(json_is_null(json_path(r.json, "rd_org.2")));
	assert_true(json_is_true(json_path(r.json, "standards")));
	assert_string_equal(json_path_str(r.json, "rated_by"), "county-530302");
	response_free(&r);
	/* a later year without its own ratings carries these over, as the assessment does */
	assert_int_equal(client_request(&cl[VIEWER], "GET", later, NULL, NULL, &r), 200);
	assert_true(json_is_false(json_path(r.json, "recorded")));
	assert_int_equal(json_path_int(r.json, "carried_from"), 2099);
	assert_string_equal(json_path_str(r.json, "advancement"), "B");
	response_free(&r);
	/* refused, naming the member, and nothing changed */
	static const struct {
		const char *body, *field;
	} bad[] = {
		{"{\"advancement\":\"F\"}", "advancement"},
		{"{\"core_support\":9}", "core_support"},
		{"{\"rd_org\":[7,0,0,0]}", "rd_org"},
		{"{\"rd_org\":[1,2,3]}", "rd_org"},
		{"{\"standards\":\"yes\"}", "standards"},
		{"{\"year\":2098}", "year"},
		{"{\"score\":90}", "score"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(client_request(&cl[COUNTY], "PUT", path, bad[i].body, NULL, &r),
				 400);
		assert_string_equal(json_path_str(r.json, "error.field"), bad[i].field);
		response_free(&r);
	}
	assert_int_equal(client_request(&cl[CITY], "GET", path, NULL, NULL, &r), 200);
	assert_string_equal(json_path_str(r.json, "advancement"), "B");
	response_free(&r);
	/* roles and scope */
	assert_int_equal(client_status(&cl[VIEWER], "PUT", path, "{\"rd_org\":\"C\"}"), 403);
	assert_int_equal(client_status(&cl[COUNTY], "GET", out, NULL), 404);
	assert_int_equal(client_status(&cl[COUNTY], "PUT", out, "{\"rd_org\":\"C\"}"), 404);
	assert_int_equal(client_status(&cl[ENTERPRISE], "GET", path, NULL), 404);
	/* the enterprise enters its self-check, not the expert's ratings */
	assert_int_equal(client_status(&cl[ENTERPRISE], "PUT", own, "{\"rd_org\":\"C\"}"), 200);
	assert_int_equal(client_request(&cl[ENTERPRISE], "GET", own, NULL, NULL, &r), 200);
	assert_string_equal(json_path_str(r.json, "rd_org"), "C");
	/* the expert's rating in force (this year's, or carried over) is not the firm's to change
	 */
	const char *adv = json_path_str(r.json, "advancement");
	const char *other =
		adv && !strcmp(adv, "E") ? "{\"advancement\":\"D\"}" : "{\"advancement\":\"E\"}";
	response_free(&r);
	assert_int_equal(client_status(&cl[ENTERPRISE], "PUT", own, other), 403);
}

/* A write shows up in the audit log with the user and before/after. */
static void test_audit_of_a_write(void **state)
{
	(void)state;
	char path[128], q[200];
	snprintf(path, sizeof path, "/api/v1/enterprises/%s", in_uscc);
	assert_int_equal(
		client_status(&cl[CITY], "PUT", path, "{\"county_contact\":\"审计测试员\"}"), 200);
	snprintf(q, sizeof q, "/api/v1/audit?user=city&table=enterprises&key=%s", in_uscc);
	struct response r;
	assert_int_equal(client_request(&cl[ADMIN], "GET", q, NULL, NULL, &r), 200);
	assert_true(json_path_int(r.json, "total") >= 1);
	assert_string_equal(json_path_str(r.json, "items.0.user"), "city");
	assert_string_equal(json_path_str(r.json, "items.0.source"), "api");
	assert_string_equal(json_path_str(r.json, "items.0.after.county_contact"), "审计测试员");
	response_free(&r);
}

/* What-if: the same profile assessed twice gives the same verdict; nothing is saved. */
static void test_what_if(void **state)
{
	(void)state;
	char path[128];
	snprintf(path, sizeof path, "/api/v1/enterprises/%s/profile?year=2026", in_uscc);
	struct response p, a1, a2;
	assert_int_equal(client_request(&cl[COUNTY], "GET", path, NULL, NULL, &p), 200);
	assert_string_equal(json_path_str(p.json, "uscc"), in_uscc);
	char *text = json_dumps(p.json, JSON_COMPACT);
	assert_int_equal(client_request(&cl[COUNTY], "POST", "/api/v1/assess", text, NULL, &a1),
			 200);
	snprintf(path, sizeof path, "/api/v1/enterprises/%s/assessment?year=2026", in_uscc);
	assert_int_equal(client_request(&cl[COUNTY], "GET", path, NULL, NULL, &a2), 200);
	assert_non_null(json_path_str(a1.json, "hnte.verdict"));
	assert_string_equal(json_path_str(a1.json, "hnte.verdict"),
			    json_path_str(a2.json, "hnte.verdict"));
	assert_int_equal(json_path_int(a1.json, "hnte.score.min"),
			 json_path_int(a2.json, "hnte.score.min"));
	free(text);
	response_free(&p);
	response_free(&a1);
	response_free(&a2);
	/* A bad amount in the profile names its path. */
	assert_int_equal(client_request(&cl[COUNTY], "POST", "/api/v1/assess",
					"{\"years\":[{\"year\":2025,\"sales\":\"1.001\"}]}", NULL,
					&a1),
			 400);
	assert_string_equal(json_path_str(a1.json, "error.field"), "years[0].sales");
	response_free(&a1);
}

/* A read right after a write returns the written value (the micro-cache never hides it). */
static void test_reads_see_writes(void **state)
{
	(void)state;
	char path[128];
	snprintf(path, sizeof path, "/api/v1/enterprises/%s", in_uscc);
	struct response r;
	for (int i = 0; i < 3; i++) {
		char body[128], want[32];
		snprintf(want, sizeof want, "0874-99999%02d", i);
		snprintf(body, sizeof body, "{\"contact_phone\":\"%s\"}", want);
		/* Twice, so that the second read could come from the cache. */
		assert_int_equal(client_status(&cl[COUNTY], "GET", path, NULL), 200);
		assert_int_equal(client_status(&cl[COUNTY], "GET", path, NULL), 200);
		assert_int_equal(client_status(&cl[CITY], "PUT", path, body), 200);
		assert_int_equal(client_request(&cl[COUNTY], "GET", path, NULL, NULL, &r), 200);
		assert_string_equal(json_path_str(r.json, "contact_phone"), want);
		response_free(&r);
	}
	/* A list total moves with a creation. */
	struct response a, b;
	assert_int_equal(
		client_request(&cl[CITY], "GET", "/api/v1/enterprises?area=530302", NULL, NULL, &a),
		200);
	char uscc[19], body[256];
	make_uscc(uscc, "530302", "MA6KT0009");
	snprintf(body, sizeof body,
		 "{\"uscc\":\"%s\",\"name\":\"缓存测试有限公司\",\"area\":\"530302\"}", uscc);
	assert_int_equal(client_status(&cl[CITY], "POST", "/api/v1/enterprises", body), 201);
	assert_int_equal(
		client_request(&cl[CITY], "GET", "/api/v1/enterprises?area=530302", NULL, NULL, &b),
		200);
	assert_int_equal(json_path_int(b.json, "total"), json_path_int(a.json, "total") + 1);
	response_free(&a);
	response_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scope_lists_and_counts),
		cmocka_unit_test(test_list_verdicts_match_assessment),
		cmocka_unit_test(test_pagination),
		cmocka_unit_test(test_what_if),
		cmocka_unit_test(test_matrix),
		cmocka_unit_test(test_create_enterprise),
		cmocka_unit_test(test_years_exact_and_validated),
		cmocka_unit_test(test_ratings),
		cmocka_unit_test(test_audit_of_a_write),
		cmocka_unit_test(test_reads_see_writes),
	};
	int failed = cmocka_run_group_tests(tests, setup, teardown);
	return failed || teardown_failed;
}
