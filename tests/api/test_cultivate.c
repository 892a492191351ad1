/*
 * Casework over HTTP (docs/api.md "Casework: experts, problems, visits"), on
 * the real binary with a demo database: every new route called by every role
 * on an enterprise inside and outside its scope with the exact status (404
 * outside the scope, 403 for a role that may not, 200/201 otherwise); list
 * totals that agree between the admin's area filter and the county's own
 * list; overdue problems in "my work"; comments by the enterprise user; the
 * members of the problem, visit and expert objects; validation naming the
 * field.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "support.h"

static struct server_proc srv;
static int teardown_failed;

enum { ADMIN, CITY, COUNTY, COUNTY2, EXPERT, ENTERPRISE, VIEWER, NROLES };
static const char *const role_user[NROLES] = {
	"admin", "city", "county-530302", "county-530381", "expert", "enterprise", "viewer1"};
static struct client cl[NROLES];
static long long uid[NROLES];  /* each user's id (GET /api/v1/me) */
static long long other_expert; /* "expert-m", made here: another expert */

/*
 * Enterprises: IN in 530302, not the expert's; OUT in 530381, not the
 * expert's; EXP in 530302, assigned to the expert here; OWN the enterprise
 * user's own (its area is the demo's draw: sees_own says who sees it).
 */
enum { F_IN, F_OUT, F_EXP, F_OWN, NFIRMS };
static char firm[NFIRMS][32];
static int sees_own[NROLES];
static long long prob[NFIRMS];		    /* one problem per firm (admin's) */
static long long visit[NFIRMS];		    /* one visit per firm */
static long long visit_del[NFIRMS][NROLES]; /* one visit per firm and role, to delete */

/* ---- helpers ----------------------------------------------------------------------- */

/* The day DAYS from today (UTC) as "YYYY-MM-DD". */
static const char *day_from_today(int days, char out[11])
{
	time_t t = time(NULL) + (time_t)days * 86400;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
	return out;
}

/* METHOD PATH (printf format) with BODY as C; fills R; returns the status. */
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

/* The id of the object created by admin with POST PATH BODY (-1 on failure). */
static long long create(const char *path, const char *body)
{
	struct response r;
	long long id = -1;
	if (client_request(&cl[ADMIN], "POST", path, body, NULL, &r) == 201)
		id = json_path_int(r.json, "id");
	else
		fprintf(stderr, "POST %s: %ld %s\n", path, r.status, r.body);
	response_free(&r);
	return id;
}

/* 1 when the JSON object O has exactly the members NAMES (NULL-terminated). */
static int has_exactly(json_t *o, const char *const *names, const char *what)
{
	size_t n = 0;
	int ok = json_is_object(o);
	for (; ok && names[n]; n++)
		if (!json_object_get(o, names[n])) {
			fprintf(stderr, "%s: member %s missing\n", what, names[n]);
			ok = 0;
		}
	if (ok && json_object_size(o) != n) {
		const char *k;
		json_t *v;
		json_object_foreach(o, k, v)
		{
			size_t i = 0;
			while (names[i] && strcmp(names[i], k))
				i++;
			if (!names[i])
				fprintf(stderr, "%s: member %s not in the contract\n", what, k);
		}
		ok = 0;
	}
	return ok;
}

/* The item of ITEMS with id ID, or NULL. */
static json_t *find_id(json_t *items, long long id)
{
	for (size_t i = 0; i < json_array_size(items); i++)
		if (json_integer_value(json_object_get(json_array_get(items, i), "id")) == id)
			return json_array_get(items, i);
	return NULL;
}

/* The first enterprise of AREA that is not the enterprise user's, not visible to the expert
 * and not EXCEPT, into OUT. */
static void pick_firm(const char *area, const char *except, char *out)
{
	struct response l;
	call(&cl[ADMIN], "GET", NULL, &l, "/api/v1/enterprises?area=%s&page_size=100&sort=uscc",
	     area);
	for (size_t i = 0; i < json_array_size(json_path(l.json, "items")); i++) {
		char p[64];
		snprintf(p, sizeof p, "items.%zu.uscc", i);
		const char *u = json_path_str(l.json, p);
		struct response x;
		if (!strcmp(u, firm[F_OWN]) || (except && !strcmp(u, except)))
			continue;
		long st = call(&cl[EXPERT], "GET", NULL, &x, "/api/v1/enterprises/%s", u);
		response_free(&x);
		if (st == 404) {
			snprintf(out, 32, "%s", u);
			break;
		}
	}
	response_free(&l);
}

/* The id of firm F's newest plan as the admin reads it, 0 when none. */
static long long current_plan(int f)
{
	struct response r;
	call(&cl[ADMIN], "GET", NULL, &r, "/api/v1/enterprises/%s/plans", firm[f]);
	long long id = json_path_int(r.json, "items.0.id");
	response_free(&r);
	return id > 0 ? id : 0;
}

/* ---- setup ----------------------------------------------------------------------------- */

static int setup(void **state)
{
	(void)state;
	struct response r;
	server_setup(&srv, 80);
	client_init(&cl[ADMIN], srv.port);
	if (client_login(&cl[ADMIN], "admin", DEMO_PASSWORD) != 200)
		return -1;
	/* viewer1: read-only, 麒麟区 only; expert-m: another expert */
	if (create("/api/v1/users",
		   "{\"username\":\"viewer1\",\"display_name\":\"麒麟区财政局\",\"role\":"
		   "\"viewer\",\"areas\":[\"530302\"],\"password\":\"viewer-pass-1\"}") <= 0)
		return -1;
	other_expert = create("/api/v1/users", "{\"username\":\"expert-m\",\"display_name\":"
					       "\"矩阵专家\",\"role\":\"expert\",\"password\":"
					       "\"expert-pass-1\"}");
	if (other_expert <= 0)
		return -1;
	for (int i = 0; i < NROLES; i++) {
		if (i != ADMIN) {
			client_init(&cl[i], srv.port);
			long st = client_login(&cl[i], role_user[i],
					       i == VIEWER ? "viewer-pass-1" : DEMO_PASSWORD);
			if (st != 200) {
				fprintf(stderr, "login %s: %ld\n", role_user[i], st);
				return -1;
			}
		}
		client_request(&cl[i], "GET", "/api/v1/me", NULL, NULL, &r);
		uid[i] = json_path_int(r.json, "user.id");
		response_free(&r);
		if (uid[i] <= 0)
			return -1;
	}
	/* OWN, and who sees it */
	client_request(&cl[ENTERPRISE], "GET", "/api/v1/enterprises?page_size=1", NULL, NULL, &r);
	snprintf(firm[F_OWN], 32, "%s", json_path_str(r.json, "items.0.uscc"));
	response_free(&r);
	for (int i = 0; i < NROLES; i++) {
		long st = call(&cl[i], "GET", NULL, &r, "/api/v1/enterprises/%s", firm[F_OWN]);
		sees_own[i] = st == 200;
		response_free(&r);
	}
	pick_firm("530302", NULL, firm[F_IN]);
	pick_firm("530302", firm[F_IN], firm[F_EXP]);
	pick_firm("530381", NULL, firm[F_OUT]);
	for (int k = 0; k < NFIRMS; k++)
		if (!firm[k][0])
			return -1;
	/* EXP becomes the expert's */
	char path[256], body[512];
	snprintf(path, sizeof path, "/api/v1/enterprises/%s/experts", firm[F_EXP]);
	snprintf(body, sizeof body, "{\"expert\":%lld}", uid[EXPERT]);
	if (create(path, body) != uid[EXPERT])
		return -1;
	/* a problem and visits on each firm */
	for (int k = 0; k < NFIRMS; k++) {
		snprintf(path, sizeof path, "/api/v1/enterprises/%s/problems", firm[k]);
		prob[k] = create(path, "{\"category\":\"ip\",\"description\":\"矩阵用问题\"}");
		snprintf(path, sizeof path, "/api/v1/enterprises/%s/visits", firm[k]);
		snprintf(body, sizeof body,
			 "{\"visited_on\":\"2026-03-12\",\"content\":\"矩阵用走访\","
			 "\"problems\":[{\"id\":%lld,\"effect\":\"raised\"}]}",
			 prob[k]);
		visit[k] = create(path, body);
		if (prob[k] <= 0 || visit[k] <= 0)
			return -1;
		for (int i = 0; i < NROLES; i++) {
			visit_del[k][i] = create(path, "{\"visited_on\":\"2026-03-13\","
						       "\"content\":\"待删除\"}");
			if (visit_del[k][i] <= 0)
				return -1;
		}
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

/* ---- the matrix -------------------------------------------------------------------------- */

/*
 * Expand in T for ROLE and firm F: {f} the firm's USCC, {p} its problem, {v}
 * its visit, {vd} the role's visit to delete, {x} the expert's id, {o} the
 * other expert's id, {tag} a unique text, {pl} the firm's newest plan (as
 * the admin reads it when the row is called).
 */
static long long current_plan(int f);

static void expand(const char *t, int role, int f, const char *tag, char *out, size_t cap)
{
	size_t k = 0;
	char p[24], v[24], vd[24], x[24], o[24], pl[24];
	snprintf(pl, sizeof pl, "%lld", f >= 0 && strstr(t, "{pl}") ? current_plan(f) : 0);
	snprintf(p, sizeof p, "%lld", f >= 0 ? prob[f] : 0);
	snprintf(v, sizeof v, "%lld", f >= 0 ? visit[f] : 0);
	snprintf(vd, sizeof vd, "%lld", f >= 0 ? visit_del[f][role] : 0);
	snprintf(x, sizeof x, "%lld", uid[EXPERT]);
	snprintf(o, sizeof o, "%lld", other_expert);
	static const char *const keys[] = {"{f}", "{pl}", "{p}", "{vd}",
					   "{v}", "{x}",  "{o}", "{tag}"};
	const char *vals[] = {f >= 0 ? firm[f] : "", pl, p, vd, v, x, o, tag};
	while (*t && k + 40 < cap) {
		size_t i = 0;
		while (i < 8 && strncmp(t, keys[i], strlen(keys[i])))
			i++;
		if (i < 8) {
			k += (size_t)snprintf(out + k, cap - k, "%s", vals[i]);
			t += strlen(keys[i]);
		} else {
			out[k++] = *t++;
		}
	}
	out[k] = '\0';
}

/* S(x): x when the role sees OWN, else 404. NOT_CHECKED: a cell this matrix leaves out. */
#define S(x) (-(x))
#define NOT_CHECKED (-1)
/* 200 when the expert sees OWN (it signed OWN's plan in the SIGN row), else 409. */
#define OWN_SIGNED (-2000)

struct row {
	const char *method, *path, *body;
	int firm;	    /* F_*, -1 for a route of no enterprise */
	int status[NROLES]; /* admin city county county2 expert enterprise viewer1 */
	const char *prep;   /* admin POSTs this body to PATH before (assignment rows) */
	int undo;	    /* admin DELETEs the assignment of the other expert after */
};

/* Reads: whoever sees the enterprise. */
#define READ(m, path)                                                                              \
	{m, path, NULL, F_IN, {200, 200, 200, 404, 404, 404, 200}, NULL, 0},                       \
		{m, path, NULL, F_OUT, {200, 200, 404, 200, 404, 404, 404}, NULL, 0},              \
		{m, path, NULL, F_EXP, {200, 200, 200, 404, 200, 404, 200}, NULL, 0},              \
	{                                                                                          \
		m, path, NULL, F_OWN, {200, 200, S(200), S(200), S(200), 200, S(200)}, NULL, 0     \
	}
/* casework.write: admin, city, county in its area, the expert on its firms. */
#define WRITE(m, path, body, st)                                                                   \
	{m, path, body, F_IN, {st, st, st, 404, 404, 404, 403}, NULL, 0},                          \
		{m, path, body, F_OUT, {st, st, 404, st, 404, 404, 404}, NULL, 0},                 \
		{m, path, body, F_EXP, {st, st, st, 404, st, 404, 403}, NULL, 0},                  \
	{                                                                                          \
		m, path, body, F_OWN, {st, st, S(st), S(st), S(st), 403, S(403)}, NULL, 0          \
	}
/* casework.comment: the same and the enterprise user on its own firm. */
#define COMMENT(m, path, body, st)                                                                 \
	{m, path, body, F_IN, {st, st, st, 404, 404, 404, 403}, NULL, 0},                          \
		{m, path, body, F_OUT, {st, st, 404, st, 404, 404, 404}, NULL, 0},                 \
		{m, path, body, F_EXP, {st, st, st, 404, st, 404, 403}, NULL, 0},                  \
	{                                                                                          \
		m, path, body, F_OWN, {st, st, S(st), S(st), S(st), st, S(403)}, NULL, 0           \
	}
/* experts.assign: admin, city, county in its area; never an expert. */
#define ASSIGN(m, path, body, st, prep)                                                            \
	{m, path, body, F_IN, {st, st, st, 404, 404, 404, 403}, prep, 1},                          \
		{m, path, body, F_OUT, {st, st, 404, st, 404, 404, 404}, prep, 1},                 \
		{m, path, body, F_EXP, {st, st, st, 404, 403, 404, 403}, prep, 1},                 \
	{                                                                                          \
		m, path, body, F_OWN, {st, st, S(st), S(st), S(403), 403, S(403)}, prep, 1         \
	}

/* plans.sign: only the expert assigned to the firm; the others see it (403) or not (404). */
#define SIGN(path)                                                                                 \
	{"POST", path, NULL, F_IN, {403, 403, 403, 404, 404, 404, 403}, NULL, 0},                  \
		{"POST", path, NULL, F_OUT, {403, 403, 404, 403, 404, 404, 404}, NULL, 0},         \
		{"POST", path, NULL, F_EXP, {403, 403, 403, 404, 200, 404, 403}, NULL, 0},         \
	{                                                                                          \
		"POST", path, NULL, F_OWN, {403, 403, S(403), S(403), S(200), 403, S(403)}, NULL,  \
			0                                                                          \
	}
/* A move that the first writer (admin) makes and the next find made (409). */
#define ONCE(path, body, in, exp, own)                                                             \
	{"POST", path, body, F_IN, {in, 409, 409, 404, 404, 404, 403}, NULL, 0},                   \
		{"POST", path, body, F_OUT, {in, 409, 404, 409, 404, 404, 404}, NULL, 0},          \
		{"POST", path, body, F_EXP, {exp, 409, 409, 404, 409, 404, 403}, NULL, 0},         \
	{                                                                                          \
		"POST", path, body, F_OWN, {own, 409, S(409), S(409), S(409), 403, S(403)}, NULL,  \
			0                                                                          \
	}

static const struct row rows[] = {
	/* experts: the team is city-wide; an expert sees and edits itself only */
	{"GET", "/api/v1/experts", NULL, -1, {200, 200, 200, 200, 200, 403, 200}, NULL, 0},
	{"GET", "/api/v1/experts/{x}", NULL, -1, {200, 200, 200, 200, 200, 403, 200}, NULL, 0},
	{"GET", "/api/v1/experts/{o}", NULL, -1, {200, 200, 200, 200, 404, 403, 200}, NULL, 0},
	{"PUT",
	 "/api/v1/experts/{x}",
	 "{\"note\":\"矩阵{tag}\"}",
	 -1,
	 {200, 200, 403, 403, 200, 403, 403},
	 NULL,
	 0},
	{"PUT",
	 "/api/v1/experts/{o}",
	 "{\"note\":\"矩阵{tag}\"}",
	 -1,
	 {200, 200, 403, 403, 404, 403, 403},
	 NULL,
	 0},
	/* lists across the scope and my work: everyone, each its own scope */
	{"GET", "/api/v1/problems", NULL, -1, {200, 200, 200, 200, 200, 200, 200}, NULL, 0},
	{"GET", "/api/v1/visits", NULL, -1, {200, 200, 200, 200, 200, 200, 200}, NULL, 0},
	{"GET", "/api/v1/my-work", NULL, -1, {200, 200, 200, 200, 200, 200, 200}, NULL, 0},
	/* the experts of an enterprise */
	READ("GET", "/api/v1/enterprises/{f}/experts"),
	ASSIGN("POST", "/api/v1/enterprises/{f}/experts", "{\"expert\":{o}}", 201, NULL),
	ASSIGN("DELETE", "/api/v1/enterprises/{f}/experts/{o}", NULL, 200, "{\"expert\":{o}}"),
	/* problems */
	READ("GET", "/api/v1/enterprises/{f}/problems"),
	WRITE("POST", "/api/v1/enterprises/{f}/problems",
	      "{\"category\":\"finance\",\"description\":\"矩阵{tag}\"}", 201),
	WRITE("POST", "/api/v1/enterprises/{f}/problems/from-gaps", NULL, 201),
	READ("GET", "/api/v1/problems/{p}"),
	WRITE("PUT", "/api/v1/problems/{p}", "{\"description\":\"矩阵{tag}\"}", 200),
	COMMENT("POST", "/api/v1/problems/{p}/comments", "{\"body\":\"矩阵{tag}\"}", 201),
	/* visits */
	READ("GET", "/api/v1/enterprises/{f}/visits"),
	WRITE("POST", "/api/v1/enterprises/{f}/visits",
	      "{\"visited_on\":\"2026-03-20\",\"content\":\"矩阵{tag}\"}", 201),
	READ("GET", "/api/v1/visits/{v}"),
	WRITE("PUT", "/api/v1/visits/{v}", "{\"content\":\"矩阵{tag}\"}", 200),
	WRITE("DELETE", "/api/v1/visits/{vd}", NULL, 200),
	/* plans (in this order: a draft regenerated by each writer, a task added and changed,
	 * signed by the assigned expert, started, abandoned) */
	READ("GET", "/api/v1/enterprises/{f}/plans"),
	WRITE("POST", "/api/v1/enterprises/{f}/plans", "{}", 201),
	READ("GET", "/api/v1/plans/{pl}"),
	READ("GET", "/api/v1/plans/{pl}/export.xlsx"),
	WRITE("POST", "/api/v1/plans/{pl}/tasks", "{\"kind\":\"rd_org\",\"item\":1}", 201),
	WRITE("PUT", "/api/v1/plans/{pl}/tasks/1", "{\"evidence\":\"矩阵{tag}\"}", 200),
	SIGN("/api/v1/plans/{pl}/sign"),
	{"GET",
	 "/api/v1/plans/{pl}/versions/1",
	 NULL,
	 F_EXP,
	 {200, 200, 200, 404, 200, 404, 200},
	 NULL,
	 0},
	/* a draft cannot start (409); the signed plan of EXP starts once */
	ONCE("/api/v1/plans/{pl}/activate", NULL, 409, 200, OWN_SIGNED),
	ONCE("/api/v1/plans/{pl}/finish", "{\"outcome\":\"abandoned\",\"reason\":\"矩阵\"}", 200,
	     200, 200),
};

static void test_matrix(void **state)
{
	(void)state;
	int failures = 0, checked = 0;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const struct row *w = &rows[i];
		for (int role = 0; role < NROLES; role++) {
			int want = w->status[role];
			if (want == NOT_CHECKED)
				continue;
			if (want == OWN_SIGNED)
				want = sees_own[EXPERT] ? 200 : 409;
			if (want < 0) /* S(x) */
				want = sees_own[role] ? -want : 404;
			char path[512], body[512], tag[32], prep_path[512];
			snprintf(tag, sizeof tag, "%zu-%d", i, role);
			expand(w->path, role, w->firm, tag, path, sizeof path);
			if (w->body)
				expand(w->body, role, w->firm, tag, body, sizeof body);
			if (w->prep) {
				char pb[128];
				expand("/api/v1/enterprises/{f}/experts", role, w->firm, tag,
				       prep_path, sizeof prep_path);
				expand(w->prep, role, w->firm, tag, pb, sizeof pb);
				assert_int_equal(client_status(&cl[ADMIN], "POST", prep_path, pb),
						 201);
			}
			struct response r;
			long st = client_request(&cl[role], w->method, path, w->body ? body : NULL,
						 NULL, &r);
			checked++;
			if (st != want) {
				fprintf(stderr, "%s %s as %s: %ld, expected %d (%s)\n", w->method,
					path, role_user[role], st, want, r.body);
				failures++;
			}
			response_free(&r);
			if (w->undo) {
				expand("/api/v1/enterprises/{f}/experts/{o}", role, w->firm, tag,
				       prep_path, sizeof prep_path);
				client_status(&cl[ADMIN], "DELETE", prep_path, NULL);
			}
		}
	}
	/* every cell: rows × 7 roles */
	assert_int_equal(checked, (int)(sizeof rows / sizeof rows[0]) * NROLES);
	assert_int_equal(failures, 0);
}

/* An enterprise user, who may not see the expert team at all, gets 403 (the role may not)
 * for GET /api/v1/experts and for GET and PUT /api/v1/experts/{id}, never 404. */
static void test_experts_forbidden_to_enterprise(void **state)
{
	(void)state;
	char path[64];
	snprintf(path, sizeof path, "/api/v1/experts/%lld", uid[EXPERT]);
	assert_int_equal(client_status(&cl[ENTERPRISE], "GET", path, NULL), 403);
	assert_int_equal(client_status(&cl[ENTERPRISE], "PUT", path, "{\"note\":\"x\"}"), 403);
}

/*
 * GET /api/v1/staff: whom a county may give a problem to — itself and the
 * county users of its area, the city, the experts; never another county's
 * staff. Roles without casework.write get 403.
 */
static void test_staff(void **state)
{
	(void)state;
	struct response r;
	assert_int_equal(client_request(&cl[COUNTY], "GET", "/api/v1/staff", NULL, NULL, &r), 200);
	json_t *items = json_path(r.json, "items");
	int me = 0, other_county = 0, city = 0, experts = 0;
	for (size_t i = 0; i < json_array_size(items); i++) {
		json_t *u = json_array_get(items, i);
		long long id = json_integer_value(json_object_get(u, "id"));
		const char *role = json_string_value(json_object_get(u, "role"));
		me += id == uid[COUNTY];
		other_county += id == uid[COUNTY2];
		city += !strcmp(role, "city");
		experts += !strcmp(role, "expert");
		assert_true(strcmp(role, "viewer") && strcmp(role, "enterprise") &&
			    strcmp(role, "admin"));
	}
	response_free(&r);
	assert_int_equal(me, 1);
	assert_int_equal(other_county, 0);
	assert_true(city >= 1);
	assert_true(experts >= 2); /* expert and expert-m */
	/* the city sees every county */
	assert_int_equal(client_request(&cl[CITY], "GET", "/api/v1/staff", NULL, NULL, &r), 200);
	int both = 0;
	items = json_path(r.json, "items");
	for (size_t i = 0; i < json_array_size(items); i++) {
		long long id = json_integer_value(json_object_get(json_array_get(items, i), "id"));
		both += id == uid[COUNTY] || id == uid[COUNTY2];
	}
	response_free(&r);
	assert_int_equal(both, 2);
	/* every role: who may name staff, and whose list holds which county */
	static const struct {
		int role, status, sees_county, sees_county2;
	} cells[] = {
		{ADMIN, 200, 1, 1},   {CITY, 200, 1, 1},    {COUNTY, 200, 1, 0},
		{COUNTY2, 200, 0, 1}, {EXPERT, 200, 1, -1}, {ENTERPRISE, 403, 0, 0},
		{VIEWER, 403, 0, 0},
	};
	for (size_t c = 0; c < sizeof cells / sizeof cells[0]; c++) {
		long st =
			client_request(&cl[cells[c].role], "GET", "/api/v1/staff", NULL, NULL, &r);
		if (st != cells[c].status)
			fail_msg("GET /api/v1/staff as %s: %ld, expected %d",
				 role_user[cells[c].role], st, cells[c].status);
		int c1 = 0, c2 = 0;
		items = json_path(r.json, "items");
		for (size_t i = 0; st == 200 && i < json_array_size(items); i++) {
			long long id =
				json_integer_value(json_object_get(json_array_get(items, i), "id"));
			c1 += id == uid[COUNTY];
			c2 += id == uid[COUNTY2];
		}
		response_free(&r);
		if (st != 200)
			continue;
		/* the expert's firms are in 530302 (its list names that county); -1: not fixed */
		assert_int_equal(c1, cells[c].sees_county);
		if (cells[c].sees_county2 >= 0)
			assert_int_equal(c2, cells[c].sees_county2);
	}
}

/* ---- lists ------------------------------------------------------------------------------- */

/* The total of GET PATH as C. */
static long long total_of(struct client *c, const char *path)
{
	struct response r;
	assert_int_equal(client_request(c, "GET", path, NULL, NULL, &r), 200);
	long long t = json_path_int(r.json, "total");
	response_free(&r);
	return t;
}

static void test_list_totals(void **state)
{
	(void)state;
	char path[256];
	/* at least one problem and one visit of the county's area, made by the county */
	snprintf(path, sizeof path, "/api/v1/enterprises/%s/problems", firm[F_IN]);
	assert_int_equal(client_status(&cl[COUNTY], "POST", path,
				       "{\"category\":\"staff\",\"description\":\"科技人员不足\"}"),
			 201);
	snprintf(path, sizeof path, "/api/v1/enterprises/%s/visits", firm[F_IN]);
	assert_int_equal(client_status(&cl[COUNTY], "POST", path,
				       "{\"visited_on\":\"2026-03-01\",\"content\":\"走访\"}"),
			 201);
	static const char *const lists[] = {"/api/v1/problems", "/api/v1/visits"};
	for (int k = 0; k < 2; k++) {
		char q[256];
		/* the county's own list is exactly the admin's list of its area */
		snprintf(q, sizeof q, "%s?area=530302", lists[k]);
		long long area = total_of(&cl[ADMIN], q);
		assert_true(area > 0);
		assert_int_equal(total_of(&cl[COUNTY], lists[k]), area);
		assert_int_equal(total_of(&cl[VIEWER], lists[k]), area);
		snprintf(q, sizeof q, "%s?area=530381", lists[k]);
		long long area2 = total_of(&cl[ADMIN], q);
		assert_true(area2 > 0);
		assert_int_equal(total_of(&cl[COUNTY2], lists[k]), area2);
		/* another area's filter gives the county nothing, not an error */
		assert_int_equal(total_of(&cl[COUNTY], q), 0);
		/* the city sees what the admin sees */
		assert_int_equal(total_of(&cl[CITY], lists[k]), total_of(&cl[ADMIN], lists[k]));
		/* every item of the county's list is of its area */
		struct response r;
		snprintf(q, sizeof q, "%s?page_size=500", lists[k]);
		assert_int_equal(client_request(&cl[COUNTY], "GET", q, NULL, NULL, &r), 200);
		json_t *items = json_path(r.json, "items");
		assert_int_equal((long long)json_array_size(items), area);
		for (size_t i = 0; i < json_array_size(items); i++)
			assert_string_equal(json_path_str(json_array_get(items, i), "area"),
					    "530302");
		response_free(&r);
	}
	/* the expert's problems are those of the firms assigned to it */
	char q[128];
	snprintf(q, sizeof q, "/api/v1/problems?expert=%lld", uid[EXPERT]);
	long long of_expert = total_of(&cl[ADMIN], q);
	assert_true(of_expert > 0);
	assert_int_equal(total_of(&cl[EXPERT], "/api/v1/problems"), of_expert);
	/* the enterprise user's problems are its own firm's */
	struct response r;
	snprintf(path, sizeof path, "/api/v1/enterprises/%s/problems", firm[F_OWN]);
	assert_int_equal(client_request(&cl[ADMIN], "GET", path, NULL, NULL, &r), 200);
	long long own = (long long)json_array_size(json_path(r.json, "items"));
	response_free(&r);
	assert_true(own > 0);
	assert_int_equal(total_of(&cl[ENTERPRISE], "/api/v1/problems"), own);
	/* paging: page 2 of size 1 is one item, the total the same */
	assert_int_equal(client_request(&cl[COUNTY], "GET", "/api/v1/problems?page=2&page_size=1",
					NULL, NULL, &r),
			 200);
	assert_int_equal(json_array_size(json_path(r.json, "items")), 1);
	assert_int_equal(json_path_int(r.json, "page"), 2);
	assert_int_equal(json_path_int(r.json, "total"),
			 total_of(&cl[ADMIN], "/api/v1/problems?area=530302"));
	response_free(&r);
	/* bad filters name the parameter */
	static const struct {
		const char *q, *field;
	} bad[] = {
		{"/api/v1/problems?status=closed", "status"},
		{"/api/v1/problems?category=money", "category"},
		{"/api/v1/problems?overdue=2", "overdue"},
		{"/api/v1/problems?owner=someone", "owner"},
		{"/api/v1/problems?page_size=501", "page_size"},
		{"/api/v1/visits?from=2026-13-01", "from"},
		{"/api/v1/visits?follow_up=2", "follow_up"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(client_request(&cl[COUNTY], "GET", bad[i].q, NULL, NULL, &r), 400);
		if (!json_path_str(r.json, "error.field") ||
		    strcmp(json_path_str(r.json, "error.field"), bad[i].field))
			fail_msg("%s: %s", bad[i].q, r.body);
		response_free(&r);
	}
}

/* ---- my work ----------------------------------------------------------------------------- */

static long long due_problem(struct client *c, const char *uscc, int days, long long owner)
{
	char path[128], body[256], d[11];
	struct response r;
	snprintf(path, sizeof path, "/api/v1/enterprises/%s/problems", uscc);
	snprintf(body, sizeof body,
		 "{\"category\":\"materials\",\"description\":\"期限%+d天\",\"due_on\":\"%s\","
		 "\"owner\":%lld}",
		 days, day_from_today(days, d), owner);
	assert_int_equal(client_request(c, "POST", path, body, NULL, &r), 201);
	long long id = json_path_int(r.json, "id");
	response_free(&r);
	return id;
}

static void test_my_work(void **state)
{
	(void)state;
	struct response r;
	/* the county's problems on IN: 1 day late, 40 days late, due tomorrow */
	long long late1 = due_problem(&cl[COUNTY], firm[F_IN], -1, uid[COUNTY]);
	long long late40 = due_problem(&cl[COUNTY], firm[F_IN], -40, uid[COUNTY]);
	long long soon = due_problem(&cl[COUNTY], firm[F_IN], 1, uid[COUNTY]);

	assert_int_equal(client_request(&cl[COUNTY], "GET", "/api/v1/my-work", NULL, NULL, &r),
			 200);
	json_t *over = json_path(r.json, "problems_overdue");
	json_t *p1 = find_id(over, late1), *p40 = find_id(over, late40);
	assert_non_null(p1);
	assert_non_null(p40);
	assert_null(find_id(over, soon));
	assert_int_equal(json_path_int(p1, "overdue_days"), 1);
	assert_string_equal(json_path_str(p1, "escalation"), "county");
	assert_int_equal(json_path_int(p40, "overdue_days"), 40);
	assert_string_equal(json_path_str(p40, "escalation"), "city");
	/* every overdue item is past due and not closed, and of the county's area */
	for (size_t i = 0; i < json_array_size(over); i++) {
		json_t *p = json_array_get(over, i);
		assert_true(json_path_int(p, "overdue_days") > 0);
		assert_string_equal(json_path_str(p, "area"), "530302");
	}
	/* its own open problems include all three */
	json_t *mine = json_path(r.json, "problems_mine");
	assert_non_null(find_id(mine, late1));
	assert_non_null(find_id(mine, late40));
	assert_non_null(find_id(mine, soon));
	response_free(&r);

	/* another area's county sees none of them */
	assert_int_equal(client_request(&cl[COUNTY2], "GET", "/api/v1/my-work", NULL, NULL, &r),
			 200);
	assert_null(find_id(json_path(r.json, "problems_overdue"), late1));
	assert_null(find_id(json_path(r.json, "problems_overdue"), late40));
	response_free(&r);

	/* the list filters agree: overdue=1 both, overdue=city only the 40 days late */
	assert_int_equal(client_request(&cl[COUNTY], "GET",
					"/api/v1/problems?overdue=1&page_size=500", NULL, NULL, &r),
			 200);
	assert_non_null(find_id(json_path(r.json, "items"), late1));
	assert_non_null(find_id(json_path(r.json, "items"), late40));
	assert_null(find_id(json_path(r.json, "items"), soon));
	response_free(&r);
	assert_int_equal(client_request(&cl[CITY], "GET",
					"/api/v1/problems?overdue=city&page_size=500", NULL, NULL,
					&r),
			 200);
	assert_null(find_id(json_path(r.json, "items"), late1));
	assert_non_null(find_id(json_path(r.json, "items"), late40));
	response_free(&r);
	assert_int_equal(client_request(&cl[COUNTY], "GET",
					"/api/v1/problems?owner=me&status=active&page_size=500",
					NULL, NULL, &r),
			 200);
	assert_non_null(find_id(json_path(r.json, "items"), soon));
	response_free(&r);

	/* resolved, the 1-day-late problem leaves the overdue list */
	char path[128];
	snprintf(path, sizeof path, "/api/v1/problems/%lld", late1);
	assert_int_equal(client_request(&cl[COUNTY], "PUT", path,
					"{\"status\":\"resolved\",\"resolution\":\"材料已补齐\"}",
					NULL, &r),
			 200);
	assert_string_equal(json_path_str(r.json, "status"), "resolved");
	assert_int_equal(json_path_int(r.json, "overdue_days"), 0);
	assert_string_equal(json_path_str(r.json, "escalation"), "none");
	response_free(&r);
	assert_int_equal(client_request(&cl[COUNTY], "GET", "/api/v1/my-work", NULL, NULL, &r),
			 200);
	assert_null(find_id(json_path(r.json, "problems_overdue"), late1));
	assert_null(find_id(json_path(r.json, "problems_mine"), late1));
	assert_non_null(find_id(json_path(r.json, "problems_overdue"), late40));
	response_free(&r);

	/* a visit with a next step in 3 days, the county taking part: its follow-up */
	char body[256], d[11];
	snprintf(path, sizeof path, "/api/v1/enterprises/%s/visits", firm[F_IN]);
	snprintf(body, sizeof body,
		 "{\"visited_on\":\"%s\",\"content\":\"回访\",\"next_step\":\"复核\","
		 "\"next_on\":\"%s\",\"participants\":[%lld]}",
		 day_from_today(-2, (char[11]){0}), day_from_today(3, d), uid[COUNTY]);
	long long vid = create(path, body);
	assert_true(vid > 0);
	assert_int_equal(client_request(&cl[COUNTY], "GET", "/api/v1/my-work", NULL, NULL, &r),
			 200);
	json_t *v = find_id(json_path(r.json, "visits_follow_up"), vid);
	assert_non_null(v);
	assert_string_equal(json_path_str(v, "next_on"), d);
	response_free(&r);
	assert_int_equal(client_request(&cl[COUNTY2], "GET", "/api/v1/my-work", NULL, NULL, &r),
			 200);
	assert_null(find_id(json_path(r.json, "visits_follow_up"), vid));
	response_free(&r);
	/* the city took no part: not its follow-up */
	assert_int_equal(client_request(&cl[CITY], "GET", "/api/v1/my-work", NULL, NULL, &r), 200);
	assert_null(find_id(json_path(r.json, "visits_follow_up"), vid));
	response_free(&r);
}

/* Overdue problems reach the city after --escalate-days (30): the city's my-work lists a
 * problem 1 day late only once it is more than 30 days late; the county's at once. */
static void test_my_work_city_sees_escalated_only(void **state)
{
	(void)state;
	struct response r;
	long long late1 = due_problem(&cl[COUNTY], firm[F_IN], -1, uid[COUNTY]);
	long long late40 = due_problem(&cl[COUNTY], firm[F_IN], -40, uid[COUNTY]);
	assert_int_equal(client_request(&cl[CITY], "GET", "/api/v1/my-work", NULL, NULL, &r), 200);
	assert_null(find_id(json_path(r.json, "problems_overdue"), late1));
	assert_non_null(find_id(json_path(r.json, "problems_overdue"), late40));
	response_free(&r);
}

/* ---- comments ------------------------------------------------------------------------------ */

static void test_comments_by_enterprise(void **state)
{
	(void)state;
	struct response r;
	char path[128];
	long long id;
	snprintf(path, sizeof path, "/api/v1/enterprises/%s/problems", firm[F_OWN]);
	id = create(path, "{\"category\":\"rd_accounting\",\"description\":\"研发辅助账不全\"}");
	assert_true(id > 0);
	snprintf(path, sizeof path, "/api/v1/problems/%lld/comments", id);
	assert_int_equal(client_request(&cl[ENTERPRISE], "POST", path,
					"{\"body\":\"已请会计师事务所协助整理\"}", NULL, &r),
			 201);
	/* the answer is the problem with its comments */
	assert_int_equal(json_path_int(r.json, "id"), id);
	assert_int_equal(json_array_size(json_path(r.json, "comments")), 1);
	assert_string_equal(json_path_str(r.json, "comments.0.user"), "enterprise");
	assert_string_equal(json_path_str(r.json, "comments.0.body"), "已请会计师事务所协助整理");
	response_free(&r);
	assert_int_equal(
		client_request(&cl[CITY], "POST", path, "{\"body\":\"请于月底前提交\"}", NULL, &r),
		201);
	response_free(&r);
	/* everyone who sees it reads both, oldest first */
	snprintf(path, sizeof path, "/api/v1/problems/%lld", id);
	assert_int_equal(client_request(&cl[ENTERPRISE], "GET", path, NULL, NULL, &r), 200);
	assert_int_equal(json_array_size(json_path(r.json, "comments")), 2);
	assert_string_equal(json_path_str(r.json, "comments.0.user"), "enterprise");
	assert_string_equal(json_path_str(r.json, "comments.1.user"), "city");
	assert_string_equal(json_path_str(r.json, "comments.1.body"), "请于月底前提交");
	response_free(&r);
	/* the enterprise user may comment but not change the problem */
	assert_int_equal(client_request(&cl[ENTERPRISE], "PUT", path,
					"{\"status\":\"in_progress\"}", NULL, &r),
			 403);
	assert_string_equal(json_path_str(r.json, "error.code"), "forbidden");
	response_free(&r);
	/* an empty body, an unknown member: 400 naming it */
	snprintf(path, sizeof path, "/api/v1/problems/%lld/comments", id);
	assert_int_equal(client_request(&cl[ENTERPRISE], "POST", path, "{\"body\":\"\"}", NULL, &r),
			 400);
	assert_string_equal(json_path_str(r.json, "error.field"), "body");
	assert_string_equal(json_path_str(r.json, "error.message"), "评论内容不能为空");
	response_free(&r);
	assert_int_equal(client_request(&cl[ENTERPRISE], "POST", path,
					"{\"body\":\"x\",\"mood\":\"ok\"}", NULL, &r),
			 400);
	assert_string_equal(json_path_str(r.json, "error.field"), "mood");
	response_free(&r);
	/* another firm's problem: not found */
	snprintf(path, sizeof path, "/api/v1/problems/%lld/comments", prob[F_IN]);
	assert_int_equal(
		client_request(&cl[ENTERPRISE], "POST", path, "{\"body\":\"越权\"}", NULL, &r),
		404);
	assert_string_equal(json_path_str(r.json, "error.code"), "not_found");
	response_free(&r);
}

/* ---- the objects' members ------------------------------------------------------------------ */

static const char *const problem_members[] = {"id",
					      "uscc",
					      "enterprise_name",
					      "area",
					      "category",
					      "category_label",
					      "description",
					      "owner",
					      "due_on",
					      "status",
					      "status_label",
					      "reason",
					      "resolution",
					      "resolved_on",
					      "gap",
					      "overdue_days",
					      "escalation",
					      "comments",
					      "created_by",
					      "created_at",
					      "updated_at",
					      NULL};

static void test_problem_members(void **state)
{
	(void)state;
	struct response r;
	char path[128], body[256];
	snprintf(path, sizeof path, "/api/v1/enterprises/%s/problems", firm[F_IN]);
	snprintf(body, sizeof body,
		 "{\"category\":\"rd_accounting\",\"description\":\"研发费用占比3.80%%，低于5%%\","
		 "\"owner\":%lld,\"due_on\":\"2030-06-30\"}",
		 uid[COUNTY]);
	assert_int_equal(client_request(&cl[COUNTY], "POST", path, body, NULL, &r), 201);
	long long id = json_path_int(r.json, "id");
	assert_true(has_exactly(r.json, problem_members, "created problem"));
	response_free(&r);

	snprintf(path, sizeof path, "/api/v1/problems/%lld", id);
	assert_int_equal(client_request(&cl[VIEWER], "GET", path, NULL, NULL, &r), 200);
	assert_true(has_exactly(r.json, problem_members, "problem"));
	assert_string_equal(json_path_str(r.json, "uscc"), firm[F_IN]);
	assert_string_equal(json_path_str(r.json, "area"), "530302");
	assert_string_equal(json_path_str(r.json, "category"), "rd_accounting");
	assert_string_equal(json_path_str(r.json, "category_label"), "研发费用归集");
	assert_string_equal(json_path_str(r.json, "description"), "研发费用占比3.80%，低于5%");
	static const char *const owner_members[] = {"id", "display_name", NULL};
	assert_true(has_exactly(json_path(r.json, "owner"), owner_members, "owner"));
	assert_int_equal(json_path_int(r.json, "owner.id"), uid[COUNTY]);
	assert_string_equal(json_path_str(r.json, "owner.display_name"), "麒麟区科技局");
	assert_string_equal(json_path_str(r.json, "due_on"), "2030-06-30");
	assert_string_equal(json_path_str(r.json, "status"), "open");
	assert_string_equal(json_path_str(r.json, "status_label"), "待解决");
	assert_true(json_is_null(json_path(r.json, "reason")));
	assert_true(json_is_null(json_path(r.json, "resolution")));
	assert_true(json_is_null(json_path(r.json, "resolved_on")));
	assert_true(json_is_null(json_path(r.json, "gap")));
	assert_int_equal(json_path_int(r.json, "overdue_days"), 0);
	assert_string_equal(json_path_str(r.json, "escalation"), "none");
	assert_int_equal(json_array_size(json_path(r.json, "comments")), 0);
	assert_string_equal(json_path_str(r.json, "created_by"), "county-530302");
	assert_int_equal(strlen(json_path_str(r.json, "created_at")), 20);
	response_free(&r);

	/* a comment has id, user, body, at */
	snprintf(path, sizeof path, "/api/v1/problems/%lld/comments", id);
	assert_int_equal(
		client_request(&cl[COUNTY], "POST", path, "{\"body\":\"已联系企业\"}", NULL, &r),
		201);
	static const char *const comment_members[] = {"id", "user", "body", "at", NULL};
	assert_true(has_exactly(json_path(r.json, "comments.0"), comment_members, "comment"));
	response_free(&r);

	/* a list item: the same without comments */
	snprintf(path, sizeof path, "/api/v1/enterprises/%s/problems", firm[F_IN]);
	assert_int_equal(client_request(&cl[COUNTY], "GET", path, NULL, NULL, &r), 200);
	json_t *item = find_id(json_path(r.json, "items"), id);
	assert_non_null(item);
	const char *list_members[sizeof problem_members / sizeof problem_members[0]];
	size_t k = 0;
	for (size_t i = 0; problem_members[i]; i++)
		if (strcmp(problem_members[i], "comments"))
			list_members[k++] = problem_members[i];
	list_members[k] = NULL;
	assert_true(has_exactly(item, list_members, "list item"));
	response_free(&r);
	assert_int_equal(
		client_request(&cl[COUNTY], "GET", "/api/v1/problems?page_size=1", NULL, NULL, &r),
		200);
	assert_true(has_exactly(json_path(r.json, "items.0"), list_members, "scope list item"));
	response_free(&r);

	/* a problem read back may be sent back as is (read-only members ignored) */
	snprintf(path, sizeof path, "/api/v1/problems/%lld", id);
	assert_int_equal(client_request(&cl[COUNTY], "GET", path, NULL, NULL, &r), 200);
	char *text = json_dumps(r.json, JSON_COMPACT);
	response_free(&r);
	assert_int_equal(client_request(&cl[COUNTY], "PUT", path, text, NULL, &r), 200);
	assert_string_equal(json_path_str(r.json, "description"), "研发费用占比3.80%，低于5%");
	assert_int_equal(json_path_int(r.json, "owner.id"), uid[COUNTY]);
	free(text);
	response_free(&r);
}

static void test_visit_and_expert_members(void **state)
{
	(void)state;
	struct response r;
	char path[128], body[512];
	static const char *const visit_members[] = {
		"id",	      "uscc",	    "enterprise_name", "area",	     "visited_on",
		"kind",	      "kind_label", "participants",    "others",     "content",
		"next_step",  "next_on",    "problems",	       "created_by", "created_at",
		"updated_at", NULL};
	snprintf(path, sizeof path, "/api/v1/enterprises/%s/problems", firm[F_EXP]);
	long long pid = create(path, "{\"category\":\"ip\",\"description\":\"缺少Ⅰ类知识产权\"}");
	assert_true(pid > 0);
	snprintf(path, sizeof path, "/api/v1/enterprises/%s/visits", firm[F_EXP]);
	snprintf(body, sizeof body,
		 "{\"visited_on\":\"2026-03-12\",\"kind\":\"onsite\",\"participants\":[%lld,%lld],"
		 "\"others\":\"企业总经理、财务主管\",\"content\":\"逐项诊断\",\"next_step\":"
		 "\"补充研发辅助账\",\"next_on\":\"2026-04-15\",\"problems\":[{\"id\":%lld,"
		 "\"effect\":\"resolved\"}]}",
		 uid[COUNTY], uid[EXPERT], pid);
	assert_int_equal(client_request(&cl[EXPERT], "POST", path, body, NULL, &r), 201);
	assert_true(has_exactly(r.json, visit_members, "visit"));
	assert_string_equal(json_path_str(r.json, "kind_label"), "实地走访");
	assert_string_equal(json_path_str(r.json, "created_by"), "expert");
	static const char *const part_members[] = {"id", "display_name", "role", NULL};
	static const char *const link_members[] = {"id", "effect", "description", NULL};
	assert_int_equal(json_array_size(json_path(r.json, "participants")), 2);
	assert_true(has_exactly(json_path(r.json, "participants.0"), part_members, "participant"));
	json_t *parts = json_path(r.json, "participants");
	json_t *px = find_id(parts, uid[EXPERT]);
	assert_non_null(px);
	assert_string_equal(json_path_str(px, "role"), "expert");
	assert_true(has_exactly(json_path(r.json, "problems.0"), link_members, "linked problem"));
	assert_int_equal(json_path_int(r.json, "problems.0.id"), pid);
	assert_string_equal(json_path_str(r.json, "problems.0.effect"), "resolved");
	assert_string_equal(json_path_str(r.json, "problems.0.description"), "缺少Ⅰ类知识产权");
	long long vid = json_path_int(r.json, "id");
	response_free(&r);
	/* a PUT with only the content keeps the rest */
	snprintf(path, sizeof path, "/api/v1/visits/%lld", vid);
	assert_int_equal(
		client_request(&cl[COUNTY], "PUT", path, "{\"content\":\"复核后更新\"}", NULL, &r),
		200);
	assert_string_equal(json_path_str(r.json, "content"), "复核后更新");
	assert_string_equal(json_path_str(r.json, "next_on"), "2026-04-15");
	assert_int_equal(json_array_size(json_path(r.json, "participants")), 2);
	assert_int_equal(json_array_size(json_path(r.json, "problems")), 1);
	response_free(&r);

	/* the expert object, and the single one with its firms and visits */
	static const char *const expert_members[] = {
		"id",		"username", "display_name", "organisation", "phone",
		"specialities", "note",	    "disabled",	    "workload",	    NULL};
	static const char *const workload_members[] = {"enterprises", "open_problems",
						       "visits_this_month", NULL};
	assert_int_equal(client_request(&cl[CITY], "GET", "/api/v1/experts", NULL, NULL, &r), 200);
	json_t *x = find_id(json_path(r.json, "items"), uid[EXPERT]);
	assert_true(has_exactly(x, expert_members, "expert"));
	assert_true(has_exactly(json_path(x, "workload"), workload_members, "workload"));
	assert_true(json_is_array(json_path(x, "specialities")));
	response_free(&r);
	snprintf(path, sizeof path, "/api/v1/experts/%lld", uid[EXPERT]);
	assert_int_equal(client_request(&cl[COUNTY], "GET", path, NULL, NULL, &r), 200);
	const char *one_members[] = {"id",	 "username",	 "display_name", "organisation",
				     "phone",	 "specialities", "note",	 "disabled",
				     "workload", "enterprises",	 "visits",	 NULL};
	assert_true(has_exactly(r.json, one_members, "one expert"));
	/* its firms in the county's scope: EXP among them, every one of 530302 */
	json_t *firms = json_path(r.json, "enterprises");
	int found = 0;
	for (size_t i = 0; i < json_array_size(firms); i++) {
		assert_string_equal(json_path_str(json_array_get(firms, i), "area"), "530302");
		found += !strcmp(json_path_str(json_array_get(firms, i), "uscc"), firm[F_EXP]);
	}
	assert_int_equal(found, 1);
	assert_non_null(find_id(json_path(r.json, "visits"), vid));
	response_free(&r);
	/* specialities: an array in, an array out; a duplicate is refused naming the field */
	assert_int_equal(client_request(&cl[EXPERT], "PUT", path,
					"{\"specialities\":[\"ip\",\"management\"]}", NULL, &r),
			 200);
	assert_int_equal(json_array_size(json_path(r.json, "specialities")), 2);
	assert_string_equal(json_path_str(r.json, "specialities.1"), "management");
	response_free(&r);
	assert_int_equal(client_request(&cl[EXPERT], "PUT", path,
					"{\"specialities\":[\"ip\",\"ip\"]}", NULL, &r),
			 400);
	assert_string_equal(json_path_str(r.json, "error.field"), "specialities");
	assert_string_equal(json_path_str(r.json, "error.message"), "专长重复：ip");
	response_free(&r);
}

/* ---- validation and from-gaps over HTTP -------------------------------------------------------
 */

static void test_validation(void **state)
{
	(void)state;
	char pp[128], vp[128], bodies[8][256];
	snprintf(pp, sizeof pp, "/api/v1/enterprises/%s/problems", firm[F_IN]);
	snprintf(vp, sizeof vp, "/api/v1/enterprises/%s/visits", firm[F_IN]);
	snprintf(bodies[0], sizeof bodies[0],
		 "{\"visited_on\":\"2026-03-12\",\"content\":\"x\",\"problems\":[{\"id\":%lld,"
		 "\"effect\":\"raised\"}]}",
		 prob[F_OUT]);
	const struct {
		const char *path, *body, *field, *msg;
	} cases[] = {
		{pp, "{\"category\":\"ip\"}", "description", NULL},
		{pp, "{\"description\":\"x\"}", "category", NULL},
		{pp, "{\"category\":\"money\",\"description\":\"x\"}", "category",
		 "未知问题类别：money"},
		{pp, "{\"category\":\"ip\",\"description\":\"\"}", "description", NULL},
		{pp, "{\"category\":\"ip\",\"description\":\"x\",\"owner\":999999}", "owner",
		 "负责人不存在"},
		{pp, "{\"category\":\"ip\",\"description\":\"x\",\"status\":\"resolved\"}",
		 "status", "新登记的问题状态为待解决"},
		{pp, "{\"category\":\"ip\",\"description\":\"x\",\"colour\":\"red\"}", "colour",
		 NULL},
		{pp, "{\"category\":\"ip\",\"description\":\"x\",\"due_on\":\"2026-02-30\"}",
		 "due_on", NULL},
		{vp, "{\"content\":\"x\"}", "visited_on", NULL},
		{vp, "{\"visited_on\":\"2026-03-12\"}", "content", NULL},
		{vp, "{\"visited_on\":\"2026-03-12\",\"content\":\"x\",\"kind\":\"visit\"}", "kind",
		 "未知走访方式：visit"},
		{vp, "{\"visited_on\":\"2026-03-12\",\"content\":\"x\",\"participants\":[999999]}",
		 "participants", "参加人员不存在：999999"},
		{vp, bodies[0], "problems", NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct response r;
		long st =
			client_request(&cl[COUNTY], "POST", cases[i].path, cases[i].body, NULL, &r);
		const char *field = json_path_str(r.json, "error.field");
		const char *msg = json_path_str(r.json, "error.message");
		if (st != 400 || !field || strcmp(field, cases[i].field) ||
		    (cases[i].msg && (!msg || strcmp(msg, cases[i].msg))))
			fail_msg("case %zu %s: %ld %s", i, cases[i].body, st, r.body);
		response_free(&r);
	}
	/* a closed problem must be reopened first */
	struct response r;
	char path[128];
	snprintf(path, sizeof path, "/api/v1/problems/%lld", prob[F_IN]);
	assert_int_equal(client_request(&cl[COUNTY], "PUT", path,
					"{\"status\":\"wont_fix\",\"reason\":\"企业迁出\"}", NULL,
					&r),
			 200);
	assert_string_equal(json_path_str(r.json, "reason"), "企业迁出");
	response_free(&r);
	assert_int_equal(
		client_request(&cl[COUNTY], "PUT", path, "{\"status\":\"in_progress\"}", NULL, &r),
		400);
	assert_string_equal(json_path_str(r.json, "error.field"), "status");
	assert_string_equal(json_path_str(r.json, "error.message"),
			    "已关闭的问题须先重新打开（待解决）");
	response_free(&r);
	assert_int_equal(
		client_request(&cl[COUNTY], "PUT", path, "{\"status\":\"open\"}", NULL, &r), 200);
	assert_true(json_is_null(json_path(r.json, "reason")));
	response_free(&r);
	/* an id that is no number is not found */
	assert_int_equal(client_status(&cl[COUNTY], "GET", "/api/v1/problems/abc", NULL), 404);
	assert_int_equal(client_status(&cl[COUNTY], "GET", "/api/v1/visits/0", NULL), 404);
}

static const char *category_of_gap(const char *gap)
{
	static const struct {
		const char *gap, *category;
	} map[] = {{"C2", "ip"},
		   {"C4", "staff"},
		   {"C5", "rd_accounting"},
		   {"C5_domestic", "rd_accounting"},
		   {"C6", "revenue"},
		   {"score", "management"}};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (!strcmp(map[i].gap, gap))
			return map[i].category;
	return "other";
}

static void test_from_gaps(void **state)
{
	(void)state;
	struct response l, r;
	char uscc[32] = "";
	/* a failing firm of 530302 without problems yet */
	assert_int_equal(client_request(&cl[COUNTY], "GET",
					"/api/v1/enterprises?verdict=fail&page_size=100", NULL,
					NULL, &l),
			 200);
	for (size_t i = 0; !uscc[0] && i < json_array_size(json_path(l.json, "items")); i++) {
		const char *u =
			json_path_str(json_array_get(json_path(l.json, "items"), i), "uscc");
		call(&cl[COUNTY], "GET", NULL, &r, "/api/v1/enterprises/%s/problems", u);
		if (json_array_size(json_path(r.json, "items")) == 0)
			snprintf(uscc, sizeof uscc, "%s", u);
		response_free(&r);
	}
	response_free(&l);
	assert_true(uscc[0]);
	assert_int_equal(call(&cl[COUNTY], "POST", NULL, &r,
			      "/api/v1/enterprises/%s/problems/from-gaps", uscc),
			 201);
	json_t *items = json_path(r.json, "items");
	size_t n = json_array_size(items);
	assert_true(n >= 1);
	assert_int_equal(json_path_int(r.json, "skipped"), 0);
	static const char *const gap_members[] = {"id", "amount", NULL};
	for (size_t i = 0; i < n; i++) {
		json_t *p = json_array_get(items, i);
		const char *gap = json_path_str(p, "gap.id");
		assert_true(has_exactly(json_path(p, "gap"), gap_members, "gap"));
		assert_non_null(gap);
		assert_string_equal(json_path_str(p, "category"), category_of_gap(gap));
		assert_string_equal(json_path_str(p, "status"), "open");
		assert_string_equal(json_path_str(p, "uscc"), uscc);
		assert_true(strlen(json_path_str(p, "description")) > 0);
	}
	response_free(&r);
	/* the second time every gap is skipped and nothing is made */
	assert_int_equal(call(&cl[COUNTY], "POST", NULL, &r,
			      "/api/v1/enterprises/%s/problems/from-gaps", uscc),
			 201);
	assert_int_equal(json_array_size(json_path(r.json, "items")), 0);
	assert_int_equal(json_path_int(r.json, "skipped"), (long long)n);
	response_free(&r);
	assert_int_equal(
		call(&cl[COUNTY], "GET", NULL, &r, "/api/v1/enterprises/%s/problems", uscc), 200);
	assert_int_equal(json_array_size(json_path(r.json, "items")), n);
	response_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matrix),
		cmocka_unit_test(test_experts_forbidden_to_enterprise),
		cmocka_unit_test(test_staff),
		cmocka_unit_test(test_list_totals),
		cmocka_unit_test(test_my_work),
		cmocka_unit_test(test_my_work_city_sees_escalated_only),
		cmocka_unit_test(test_comments_by_enterprise),
		cmocka_unit_test(test_problem_members),
		cmocka_unit_test(test_visit_and_expert_members),
		cmocka_unit_test(test_validation),
		cmocka_unit_test(test_from_gaps),
	};
	int failed = cmocka_run_group_tests(tests, setup, teardown);
	return failed || teardown_failed;
}
