/*
 * Publicity over HTTP (docs/api.md "Publicity: announcements, questions"), on
 * the real binary with a demo database: every route called by each of the
 * seven demo users (admin, city, county-530302, expert, expert2, enterprise,
 * viewer) with the exact status — 404 for an announcement or question outside
 * the caller's scope, 403 for a role that may not, 200/201 otherwise; then the
 * enterprise's path: an unread announcement, read once, counted in the
 * receipts; a question asked, answered by staff, published to the FAQ in a
 * wording without the firm, found by a search; the members of the objects and
 * validation naming the field.
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
static int sees_own[NROLES];   /* the role sees the enterprise user's own firm */
static int sees_other[NROLES]; /* the role's scope holds a firm of the other area */
static char own_uscc[32], own_area[17], other_area[17];
static long long an_all, an_other, an_del[NROLES], question;

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

/* The id of what C creates with POST PATH BODY (-1 on failure). */
static long long create(struct client *c, const char *path, const char *body)
{
	struct response r;
	long long id = -1;
	if (client_request(c, "POST", path, body, NULL, &r) == 201)
		id = json_path_int(r.json, "id");
	else
		fprintf(stderr, "POST %s: %ld %s\n", path, r.status, r.body);
	response_free(&r);
	return id;
}

/* An announcement to AREA (NULL: every area) by admin; its id. */
static long long announce(const char *title, const char *area)
{
	char body[256];
	if (area)
		snprintf(body, sizeof body, "{\"title\":\"%s\",\"body\":\"正文\",\"area\":\"%s\"}",
			 title, area);
	else
		snprintf(body, sizeof body, "{\"title\":\"%s\",\"body\":\"正文\"}", title);
	return create(&cl[ADMIN], "/api/v1/announcements", body);
}

/* The number of enterprises in AREA that C sees. */
static long long firms_in(struct client *c, const char *area)
{
	struct response r;
	call(c, "GET", NULL, &r, "/api/v1/enterprises?area=%s&page_size=1", area);
	long long n = r.status == 200 ? json_path_int(r.json, "total") : 0;
	response_free(&r);
	return n;
}

static int setup(void **state)
{
	(void)state;
	struct response r;
	server_setup(&srv, 80);
	for (int i = 0; i < NROLES; i++) {
		client_init(&cl[i], srv.port);
		if (client_login(&cl[i], role_user[i], DEMO_PASSWORD) != 200) {
			fprintf(stderr, "login %s failed\n", role_user[i]);
			return -1;
		}
	}
	client_request(&cl[ENTERPRISE], "GET", "/api/v1/me", NULL, NULL, &r);
	snprintf(own_uscc, sizeof own_uscc, "%s", json_path_str(r.json, "user.enterprise"));
	response_free(&r);
	call(&cl[ADMIN], "GET", NULL, &r, "/api/v1/enterprises/%s", own_uscc);
	snprintf(own_area, sizeof own_area, "%s", json_path_str(r.json, "area"));
	response_free(&r);
	for (int i = 0; i < NROLES; i++) {
		long st = call(&cl[i], "GET", NULL, &r, "/api/v1/enterprises/%s", own_uscc);
		sees_own[i] = st == 200;
		response_free(&r);
	}
	/* OTHER: an area with firms that is neither 530302 nor the enterprise's */
	client_request(&cl[ADMIN], "GET", "/api/v1/areas", NULL, NULL, &r);
	for (size_t i = 0; i < json_array_size(json_path(r.json, "items")); i++) {
		char p[32];
		snprintf(p, sizeof p, "items.%zu.code", i);
		const char *code = json_path_str(r.json, p);
		if (!code || !strcmp(code, "530302") || !strcmp(code, own_area) ||
		    !firms_in(&cl[ADMIN], code))
			continue;
		snprintf(other_area, sizeof other_area, "%s", code);
		break;
	}
	response_free(&r);
	for (int i = 0; other_area[0] && i < NROLES; i++)
		sees_other[i] = firms_in(&cl[i], other_area) > 0;
	if (!own_uscc[0] || !own_area[0] || !other_area[0]) {
		fprintf(stderr, "setup: firm '%s' area '%s' other area '%s'\n", own_uscc, own_area,
			other_area);
		return -1;
	}
	an_all = announce("全市通知", NULL);
	an_other = announce("其他地区通知", other_area);
	for (int i = 0; i < NROLES; i++)
		if ((an_del[i] = announce("待删除", other_area)) <= 0)
			return -1;
	question = create(&cl[ENTERPRISE], "/api/v1/questions",
			  "{\"title\":\"矩阵提问\",\"body\":\"研发费用如何归集？\"}");
	return an_all > 0 && an_other > 0 && question > 0 ? 0 : -1;
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
 * S(x): x when the role sees the enterprise user's firm (the question's), else 404.
 * A(x): x when the role's scope holds a firm of the other area (so that it sees an
 * announcement to that area: an expert does when one of its firms is there), else 404.
 */
#define S(x) (-(x))
#define A(x) ((x) + 1000)

enum target { T_NONE, T_ALL, T_OTHER, T_DEL, T_QUESTION };

struct row {
	const char *method, *path; /* "{id}" takes the target's id */
	const char *body;	   /* "{area}" becomes the other area */
	enum target target;
	int status[NROLES]; /* admin city county expert expert2 enterprise viewer */
};

static const struct row rows[] = {
	/* announcements: everyone reads its own; bureau staff write, a county in its areas */
	{"GET", "/api/v1/announcements", NULL, T_NONE, {200, 200, 200, 200, 200, 200, 200}},
	{"GET", "/api/v1/announcements/{id}", NULL, T_ALL, {200, 200, 200, 200, 200, 200, 200}},
	{"GET",
	 "/api/v1/announcements/{id}",
	 NULL,
	 T_OTHER,
	 {200, 200, A(200), A(200), A(200), A(200), A(200)}},
	{"POST",
	 "/api/v1/announcements",
	 "{\"title\":\"麒麟区通知\",\"body\":\"正文\",\"area\":\"530302\"}",
	 T_NONE,
	 {201, 201, 201, 403, 403, 403, 403}},
	{"POST",
	 "/api/v1/announcements",
	 "{\"title\":\"其他地区\",\"body\":\"正文\",\"area\":\"{area}\"}",
	 T_NONE,
	 {201, 201, 403, 403, 403, 403, 403}},
	{"POST",
	 "/api/v1/announcements",
	 "{\"title\":\"全市\",\"body\":\"正文\"}",
	 T_NONE,
	 {201, 201, 403, 403, 403, 403, 403}},
	{"PUT",
	 "/api/v1/announcements/{id}",
	 "{\"body\":\"正文（修改）\"}",
	 T_OTHER,
	 {200, 200, A(403), A(403), A(403), A(403), A(403)}},
	{"PUT",
	 "/api/v1/announcements/{id}",
	 "{\"body\":\"正文（修改）\"}",
	 T_ALL,
	 {200, 200, 403, 403, 403, 403, 403}},
	{"POST",
	 "/api/v1/announcements/{id}/read",
	 NULL,
	 T_ALL,
	 {403, 403, 403, 403, 403, 200, 403}},
	{"POST",
	 "/api/v1/announcements/{id}/read",
	 NULL,
	 T_OTHER,
	 {403, 403, A(403), A(403), A(403), A(403), A(403)}},
	{"GET",
	 "/api/v1/announcements/{id}/receipts",
	 NULL,
	 T_ALL,
	 {200, 200, 200, 403, 403, 403, 200}},
	{"GET",
	 "/api/v1/announcements/{id}/receipts",
	 NULL,
	 T_OTHER,
	 {200, 200, A(403), A(403), A(403), A(403), A(200)}},
	{"DELETE",
	 "/api/v1/announcements/{id}",
	 NULL,
	 T_DEL,
	 {200, 200, A(403), A(403), A(403), A(403), A(403)}},
	/* questions: the enterprise asks; staff of its scope answer; bureau staff publish */
	{"GET", "/api/v1/questions", NULL, T_NONE, {200, 200, 200, 200, 200, 200, 200}},
	{"GET", "/api/v1/questions/faq", NULL, T_NONE, {200, 200, 200, 200, 200, 200, 200}},
	{"POST",
	 "/api/v1/questions",
	 "{\"title\":\"提问\",\"body\":\"内容\"}",
	 T_NONE,
	 {403, 403, 403, 403, 403, 201, 403}},
	{"GET",
	 "/api/v1/questions/{id}",
	 NULL,
	 T_QUESTION,
	 {S(200), S(200), S(200), S(200), S(200), 200, S(200)}},
	{"POST",
	 "/api/v1/questions/{id}/answer",
	 "{\"answer\":\"按实际发生额的80%计入。\"}",
	 T_QUESTION,
	 {S(200), S(200), S(200), S(200), S(200), 403, S(403)}},
	{"PUT",
	 "/api/v1/questions/{id}/faq",
	 "{\"faq_question\":\"委托研发费用如何归集？\",\"faq_answer\":\"按实际发生额的80%计入。\"}",
	 T_QUESTION,
	 {S(200), S(200), S(200), S(403), S(403), 403, S(403)}},
	{"DELETE",
	 "/api/v1/questions/{id}/faq",
	 NULL,
	 T_QUESTION,
	 {S(200), S(200), S(200), S(403), S(403), 403, S(403)}},
};

/* TEXT with its first KEY replaced by VALUE, into OUT. */
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
	int failures = 0, checked = 0;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const struct row *w = &rows[i];
		for (int role = 0; role < NROLES; role++) {
			int want = w->status[role];
			if (want < 0)
				want = sees_own[role] ? -want : 404;
			else if (want > 1000)
				want = sees_other[role] ? want - 1000 : 404;
			long long id = w->target == T_ALL	 ? an_all
				       : w->target == T_OTHER	 ? an_other
				       : w->target == T_DEL	 ? an_del[role]
				       : w->target == T_QUESTION ? question
								 : 0;
			char path[256], body[512];
			char num[24];
			snprintf(num, sizeof num, "%lld", id);
			expand(w->path, "{id}", num, path, sizeof path);
			if (w->body)
				expand(w->body, "{area}", other_area, body, sizeof body);
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
		}
	}
	assert_int_equal(checked, (int)(sizeof rows / sizeof rows[0]) * NROLES);
	assert_int_equal(failures, 0);
}

/* 1 when the JSON object O has exactly the members NAMES (NULL-terminated). */
static int has_exactly(json_t *o, const char *const *names)
{
	size_t n = 0;
	for (; names[n]; n++)
		if (!json_object_get(o, names[n])) {
			fprintf(stderr, "member %s missing\n", names[n]);
			return 0;
		}
	return json_is_object(o) && json_object_size(o) == n;
}

/* The enterprise's day: an unread announcement, read once, counted for the county. */
static void test_enterprise_reads(void **state)
{
	(void)state;
	static const char *const members[] = {
		"id",	       "title",	     "body",	   "area",
		"area_name",   "tier",	     "tier_label", "published_on",
		"created_by",  "author",     "created_at", "updated_at",
		"read_at",     "recipients", "read_count", "attachment_count",
		"attachments", NULL};
	char body[256], county[40];
	struct response r;
	/* the county of the firm's area publishes to it */
	snprintf(county, sizeof county, "county-%s", own_area);
	struct client c;
	client_init(&c, srv.port);
	assert_int_equal(client_login(&c, county, DEMO_PASSWORD), 200);
	snprintf(body, sizeof body,
		 "{\"title\":\"研发费用加计扣除政策宣讲\",\"body\":\"定于下周三举行。\","
		 "\"area\":\"%s\",\"published_on\":\"2026-01-15\"}",
		 own_area);
	assert_int_equal(client_request(&c, "POST", "/api/v1/announcements", body, NULL, &r), 201);
	long long id = json_path_int(r.json, "id");
	assert_true(has_exactly(r.json, members));
	assert_int_equal(json_path_int(r.json, "recipients"), 1);
	assert_int_equal(json_path_int(r.json, "read_count"), 0);
	response_free(&r);
	/* unread for the enterprise, with no counts of others */
	assert_int_equal(client_request(&cl[ENTERPRISE], "GET", "/api/v1/announcements?unread=1",
					NULL, NULL, &r),
			 200);
	json_t *items = json_path(r.json, "items");
	int found = 0;
	for (size_t i = 0; i < json_array_size(items); i++) {
		json_t *it = json_array_get(items, i);
		if (json_integer_value(json_object_get(it, "id")) == id) {
			found = 1;
			assert_true(json_is_null(json_object_get(it, "recipients")));
			assert_true(json_is_null(json_object_get(it, "read_at")));
		}
	}
	assert_true(found);
	long long unread = json_path_int(r.json, "total");
	response_free(&r);
	assert_int_equal(
		call(&cl[ENTERPRISE], "POST", NULL, &r, "/api/v1/announcements/%lld/read", id),
		200);
	char first[32];
	snprintf(first, sizeof first, "%s", json_path_str(r.json, "read_at"));
	response_free(&r);
	assert_int_equal(
		call(&cl[ENTERPRISE], "POST", NULL, &r, "/api/v1/announcements/%lld/read", id),
		200);
	assert_string_equal(json_path_str(r.json, "read_at"), first); /* the first reading stands */
	response_free(&r);
	assert_int_equal(client_request(&cl[ENTERPRISE], "GET", "/api/v1/announcements?unread=1",
					NULL, NULL, &r),
			 200);
	assert_int_equal(json_path_int(r.json, "total"), unread - 1);
	response_free(&r);
	/* the county's receipts: one recipient, who read it */
	assert_int_equal(call(&c, "GET", NULL, &r, "/api/v1/announcements/%lld/receipts", id), 200);
	assert_int_equal(json_path_int(r.json, "recipients"), 1);
	assert_int_equal(json_path_int(r.json, "read"), 1);
	assert_int_equal(json_path_int(r.json, "unread"), 0);
	assert_string_equal(json_path_str(r.json, "items.0.uscc"), own_uscc);
	assert_string_equal(json_path_str(r.json, "items.0.read_at"), first);
	response_free(&r);
	/* validation names the field */
	assert_int_equal(client_request(&c, "POST", "/api/v1/announcements",
					"{\"title\":\"\",\"body\":\"x\"}", NULL, &r),
			 400);
	assert_string_equal(json_path_str(r.json, "error.field"), "title");
	response_free(&r);
	assert_int_equal(client_request(&c, "POST", "/api/v1/announcements",
					"{\"title\":\"x\",\"body\":\"x\",\"colour\":1}", NULL, &r),
			 400);
	assert_string_equal(json_path_str(r.json, "error.field"), "colour");
	response_free(&r);
	client_cleanup(&c);
}

/* A question asked, answered by the county of the firm, published without the firm, found. */
static void test_question_to_faq(void **state)
{
	(void)state;
	static const char *const members[] = {
		"id",	      "uscc",	     "enterprise_name",	 "area",      "area_name",
		"title",      "body",	     "asked_by",	 "asked_at",  "status",
		"answer",     "answered_by", "answered_at",	 "published", "faq_question",
		"faq_answer", "faq_by",	     "faq_published_at", NULL};
	char county[40];
	struct response r;
	snprintf(county, sizeof county, "county-%s", own_area);
	struct client c;
	client_init(&c, srv.port);
	assert_int_equal(client_login(&c, county, DEMO_PASSWORD), 200);
	long long id = create(&cl[ENTERPRISE], "/api/v1/questions",
			      "{\"title\":\"知识产权数量够吗\",\"body\":\"我们有3项实用新型。\"}");
	assert_true(id > 0);
	assert_int_equal(client_request(&c, "GET", "/api/v1/questions?status=open", NULL, NULL, &r),
			 200);
	assert_int_equal(json_path_int(r.json, "items.0.id"), id);
	assert_string_equal(json_path_str(r.json, "items.0.status"), "open");
	assert_true(has_exactly(json_path(r.json, "items.0"), members));
	response_free(&r);
	assert_int_equal(
		call(&c, "POST", "{\"answer\":\"\"}", &r, "/api/v1/questions/%lld/answer", id),
		400);
	assert_string_equal(json_path_str(r.json, "error.field"), "answer");
	response_free(&r);
	assert_int_equal(call(&c, "POST",
			      "{\"answer\":\"实用新型属于Ⅱ类知识产权，6项以上更稳妥。\"}", &r,
			      "/api/v1/questions/%lld/answer", id),
			 200);
	assert_string_equal(json_path_str(r.json, "status"), "answered");
	assert_string_equal(json_path_str(r.json, "answered_by"), county);
	response_free(&r);
	/* the enterprise reads the answer */
	assert_int_equal(call(&cl[ENTERPRISE], "GET", NULL, &r, "/api/v1/questions/%lld", id), 200);
	assert_string_equal(json_path_str(r.json, "answer"),
			    "实用新型属于Ⅱ类知识产权，6项以上更稳妥。");
	response_free(&r);
	/* published in a wording that does not name the firm (its USCC is refused) */
	char body[512];
	snprintf(body, sizeof body,
		 "{\"faq_question\":\"%s有3项实用新型够吗？\",\"faq_answer\":\"不够。\"}",
		 own_uscc);
	assert_int_equal(call(&c, "PUT", body, &r, "/api/v1/questions/%lld/faq", id), 400);
	assert_string_equal(json_path_str(r.json, "error.field"), "faq_question");
	response_free(&r);
	assert_int_equal(
		call(&c, "PUT",
		     "{\"faq_question\":\"3项实用新型够申报吗？\",\"faq_answer\":\"实用新型属于"
		     "Ⅱ类知识产权，6项以上更稳妥。\"}",
		     &r, "/api/v1/questions/%lld/faq", id),
		200);
	response_free(&r);
	assert_int_equal(
		client_request(&cl[EXPERT2], "GET",
			       "/api/v1/questions/faq?q=%E5%AE%9E%E7%94%A8%E6%96%B0%E5%9E%8B", NULL,
			       NULL, &r),
		200);
	int found = 0;
	for (size_t i = 0; i < json_array_size(json_path(r.json, "items")); i++) {
		json_t *it = json_array_get(json_path(r.json, "items"), i);
		if (json_integer_value(json_object_get(it, "id")) == id) {
			static const char *const faq[] = {"id", "question", "answer",
							  "published_at", NULL};
			assert_true(has_exactly(it, faq)); /* nothing of the firm */
			found = 1;
		}
	}
	assert_true(found);
	response_free(&r);
	assert_int_equal(client_status(&c, "GET", "/api/v1/questions?status=closed", NULL), 400);
	client_cleanup(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matrix),
		cmocka_unit_test(test_enterprise_reads),
		cmocka_unit_test(test_question_to_faq),
	};
	int failed = cmocka_run_group_tests(tests, setup, teardown);
	return failed || teardown_failed;
}
