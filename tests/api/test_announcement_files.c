/*
 * Announcement attachments over HTTP (docs/api.md "Publicity", attachments),
 * on the real binary with a demo database: each route called by each of the
 * seven demo users with the exact status — an attachment of an announcement
 * to the whole city, to the enterprise's own area, and to another area (the
 * enterprise is outside its audience: 404, as for staff outside its scope);
 * writes by who may edit the announcement only (403 for who sees it but may
 * not). Then the file itself: refused by content (HTML named .pdf, an
 * extension saying another type, empty, 21 MB), downloaded as an attachment
 * with its type, RFC 5987 Chinese name, nosniff and the same bytes; listed
 * with the announcement; gone with it.
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
static char own_uscc[32], own_area[17], other_area[17];
static int sees_own[NROLES], sees_other[NROLES]; /* the role sees an announcement to the area */
static long long an_city, an_own, an_other, f_city, f_own, f_other, f_del[NROLES];
static char *pdf;
static size_t n_pdf;

static long call(struct client *c, const char *method, struct response *r, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static long call(struct client *c, const char *method, struct response *r, const char *fmt, ...)
{
	char path[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(path, sizeof path, fmt, ap);
	va_end(ap);
	return client_request(c, method, path, NULL, NULL, r);
}

/* POST the LEN bytes DATA as attachment NAME of announcement ID as C; the status, R filled. */
static long attach(struct client *c, long long id, const char *name, const char *data, size_t len,
		   struct response *r)
{
	static const char *const type[] = {"Content-Type: application/octet-stream", NULL};
	char path[256];
	snprintf(path, sizeof path, "/api/v1/announcements/%lld/attachments?filename=%s", id, name);
	c->body_len = len;
	return client_request(c, "POST", path, data, type, r);
}

/* A new attachment's id (-1 on failure). */
static long long attached(struct client *c, long long id, const char *name)
{
	struct response r;
	long long fid = -1;
	if (attach(c, id, name, pdf, n_pdf, &r) == 201)
		fid = json_path_int(r.json, "id");
	else
		fprintf(stderr, "attach %s: %ld %s\n", name, r.status, r.body);
	response_free(&r);
	return fid;
}

static char *slurp(const char *name, size_t *len)
{
	char path[512];
	snprintf(path, sizeof path, "%s/tests/data/publicity/%s", GAOQI_SOURCE_DIR, name);
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	char *buf = malloc(1 << 16);
	*len = fread(buf, 1, 1 << 16, fp);
	fclose(fp);
	return buf;
}

/* An announcement to AREA (NULL: every area) by admin; its id. */
static long long announce(const char *title, const char *area)
{
	char body[256];
	struct response r;
	long long id = -1;
	if (area)
		snprintf(body, sizeof body, "{\"title\":\"%s\",\"body\":\"正文\",\"area\":\"%s\"}",
			 title, area);
	else
		snprintf(body, sizeof body, "{\"title\":\"%s\",\"body\":\"正文\"}", title);
	if (client_request(&cl[ADMIN], "POST", "/api/v1/announcements", body, NULL, &r) == 201)
		id = json_path_int(r.json, "id");
	response_free(&r);
	return id;
}

static int setup(void **state)
{
	(void)state;
	struct response r;
	server_setup(&srv, 80);
	pdf = slurp("policy.pdf", &n_pdf);
	for (int i = 0; i < NROLES; i++) {
		client_init(&cl[i], srv.port);
		if (client_login(&cl[i], role_user[i], DEMO_PASSWORD) != 200)
			return -1;
	}
	client_request(&cl[ENTERPRISE], "GET", "/api/v1/me", NULL, NULL, &r);
	snprintf(own_uscc, sizeof own_uscc, "%s", json_path_str(r.json, "user.enterprise"));
	response_free(&r);
	call(&cl[ADMIN], "GET", &r, "/api/v1/enterprises/%s", own_uscc);
	snprintf(own_area, sizeof own_area, "%s", json_path_str(r.json, "area"));
	response_free(&r);
	/* OTHER: an area that is neither 530302 nor the enterprise's */
	client_request(&cl[ADMIN], "GET", "/api/v1/areas", NULL, NULL, &r);
	for (size_t i = 0; i < json_array_size(json_path(r.json, "items")); i++) {
		char p[32];
		snprintf(p, sizeof p, "items.%zu.code", i);
		const char *code = json_path_str(r.json, p);
		if (code && strcmp(code, "530302") && strcmp(code, own_area) && strlen(code) == 6 &&
		    strcmp(code + 4, "00")) {
			snprintf(other_area, sizeof other_area, "%s", code);
			break;
		}
	}
	response_free(&r);
	an_city = announce("全市通知（附件）", NULL);
	an_own = announce("本地区通知（附件）", own_area);
	an_other = announce("其他地区通知（附件）", other_area);
	if (an_city <= 0 || an_own <= 0 || an_other <= 0)
		return -1;
	for (int i = 0; i < NROLES; i++) {
		char path[64];
		snprintf(path, sizeof path, "/api/v1/announcements/%lld", an_own);
		sees_own[i] = client_status(&cl[i], "GET", path, NULL) == 200;
		snprintf(path, sizeof path, "/api/v1/announcements/%lld", an_other);
		sees_other[i] = client_status(&cl[i], "GET", path, NULL) == 200;
	}
	f_city = attached(&cl[CITY], an_city, "city.pdf");
	f_own = attached(&cl[CITY], an_own, "own.pdf");
	f_other = attached(&cl[CITY], an_other, "other.pdf");
	for (int i = 0; i < NROLES; i++)
		if ((f_del[i] = attached(&cl[ADMIN], an_other, "del.pdf")) <= 0)
			return -1;
	return f_city > 0 && f_own > 0 && f_other > 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	for (int i = 0; i < NROLES; i++)
		client_cleanup(&cl[i]);
	free(pdf);
	teardown_failed = server_teardown(&srv) != 0;
	return teardown_failed ? -1 : 0;
}

/* O(x): x when the role sees the announcement to its own area, else 404; T(x) the other. */
#define O(x) (-(x))
#define T(x) ((x) + 1000)

enum target { CITYWIDE, OWN, OTHER };

struct row {
	const char *method;
	enum target an;
	int file;	    /* 0: POST a new one; 1: the target's file; 2: the role's own f_del */
	int status[NROLES]; /* admin city county expert expert2 enterprise viewer */
};

static const struct row rows[] = {
	{"GET", CITYWIDE, 1, {200, 200, 200, 200, 200, 200, 200}},
	{"GET", OWN, 1, {200, 200, O(200), O(200), O(200), 200, O(200)}},
	/* the enterprise is outside the audience: not found, like staff outside the scope */
	{"GET", OTHER, 1, {200, 200, T(200), T(200), T(200), 404, T(200)}},
	{"POST", CITYWIDE, 0, {201, 201, 403, 403, 403, 403, 403}},
	{"POST", OWN, 0, {201, 201, O(201), O(403), O(403), 403, O(403)}},
	{"POST", OTHER, 0, {201, 201, T(403), T(403), T(403), 404, T(403)}},
	{"DELETE", OTHER, 2, {200, 200, T(403), T(403), T(403), 404, T(403)}},
};

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
				want = sees_other[role] ? want - 1000 : 404;
			long long an = w->an == CITYWIDE ? an_city
				       : w->an == OWN	 ? an_own
							 : an_other;
			long long file = w->an == CITYWIDE ? f_city
					 : w->an == OWN	   ? f_own
							   : f_other;
			struct response r;
			long st;
			if (w->file == 0)
				st = attach(&cl[role], an, "m.pdf", pdf, n_pdf, &r);
			else
				st = call(&cl[role], w->method, &r,
					  "/api/v1/announcements/%lld/attachments/%lld", an,
					  w->file == 2 ? f_del[role] : file);
			if (st != want) {
				fprintf(stderr, "%s %d/%d as %s: %ld, expected %d (%.200s)\n",
					w->method, (int)w->an, w->file, role_user[role], st, want,
					r.body);
				failures++;
			}
			response_free(&r);
		}
	}
	assert_int_equal(failures, 0);
	/* a file asked under another announcement's id is not found */
	struct response r;
	assert_int_equal(call(&cl[ADMIN], "GET", &r, "/api/v1/announcements/%lld/attachments/%lld",
			      an_city, f_other),
			 404);
	assert_string_equal(json_path_str(r.json, "error.message"), "附件不存在");
	response_free(&r);
	assert_int_equal(
		call(&cl[ADMIN], "GET", &r, "/api/v1/announcements/%lld/attachments/x", an_city),
		404);
	response_free(&r);
}

/* Checked by content; downloaded as an attachment with the same bytes; listed; gone with it. */
static void test_files(void **state)
{
	(void)state;
	struct response r;
	long long id = announce("关于组织申报2026年度高新技术企业的通知", own_area);
	assert_true(id > 0);
	size_t n_docx, n_xlsx, n_png, n_zip;
	char *docx = slurp("policy.docx", &n_docx), *xlsx = slurp("sheet.xlsx", &n_xlsx),
	     *png = slurp("dot.png", &n_png), *zip = slurp("notword.zip", &n_zip);
	const char *html = "<html><script>alert(1)</script></html>";
	assert_int_equal(attach(&cl[CITY], id, "x.pdf", html, strlen(html), &r), 400);
	assert_string_equal(json_path_str(r.json, "error.field"), "file");
	response_free(&r);
	assert_int_equal(attach(&cl[CITY], id, "x.xlsx", png, n_png, &r), 400);
	assert_string_equal(json_path_str(r.json, "error.message"),
			    "文件扩展名（xlsx）与文件内容（png）不符");
	response_free(&r);
	assert_int_equal(attach(&cl[CITY], id, "x.xlsx", zip, n_zip, &r), 400);
	response_free(&r);
	assert_int_equal(attach(&cl[CITY], id, "x.pdf", "", 0, &r), 400);
	response_free(&r);
	size_t big_n = 21u << 20;
	char *big = calloc(1, big_n);
	memcpy(big, "%PDF-1.7\n", 9);
	assert_int_equal(attach(&cl[CITY], id, "big.pdf", big, big_n, &r), 413);
	response_free(&r);
	free(big);

	/* 申报指南.docx, 汇总表.xlsx, 现场.png */
	assert_int_equal(attach(&cl[CITY], id, "%E7%94%B3%E6%8A%A5%E6%8C%87%E5%8D%97.docx", docx,
				n_docx, &r),
			 201);
	long long fid = json_path_int(r.json, "id");
	assert_string_equal(json_path_str(r.json, "name"), "申报指南.docx");
	assert_string_equal(json_path_str(r.json, "type"), "docx");
	assert_int_equal(json_path_int(r.json, "size"), (long long)n_docx);
	assert_int_equal(strlen(json_path_str(r.json, "sha256")), 64);
	response_free(&r);
	assert_int_equal(attach(&cl[CITY], id, "%E6%B1%87%E6%80%BB%E8%A1%A8", xlsx, n_xlsx, &r),
			 201);
	assert_string_equal(json_path_str(r.json, "name"), "汇总表.xlsx");
	response_free(&r);
	assert_int_equal(attach(&cl[CITY], id, "%E7%8E%B0%E5%9C%BA.png", png, n_png, &r), 201);
	long long png_id = json_path_int(r.json, "id");
	response_free(&r);

	/* the enterprise reads it with its attachments, and downloads one */
	assert_int_equal(call(&cl[ENTERPRISE], "GET", &r, "/api/v1/announcements/%lld", id), 200);
	assert_int_equal(json_path_int(r.json, "attachment_count"), 3);
	assert_string_equal(json_path_str(r.json, "attachments.0.name"), "申报指南.docx");
	assert_string_equal(json_path_str(r.json, "attachments.1.content_type"),
			    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	assert_string_equal(json_path_str(r.json, "attachments.2.type"), "png");
	response_free(&r);
	assert_int_equal(call(&cl[ENTERPRISE], "GET", &r,
			      "/api/v1/announcements/%lld/attachments/%lld", id, fid),
			 200);
	assert_string_equal(
		r.content_type,
		"application/vnd.openxmlformats-officedocument.wordprocessingml.document");
	char cd[256];
	snprintf(cd, sizeof cd,
		 "attachment; filename=\"attachment-%lld.docx\"; filename*=UTF-8''"
		 "%%E7%%94%%B3%%E6%%8A%%A5%%E6%%8C%%87%%E5%%8D%%97.docx",
		 fid);
	assert_string_equal(r.content_disposition, cd);
	assert_string_equal(r.content_type_options, "nosniff");
	assert_int_equal(r.len, n_docx);
	assert_memory_equal(r.body, docx, n_docx);
	response_free(&r);
	/* an image is an attachment too, never shown inline */
	assert_int_equal(call(&cl[ENTERPRISE], "GET", &r,
			      "/api/v1/announcements/%lld/attachments/%lld", id, png_id),
			 200);
	assert_string_equal(r.content_type, "image/png");
	assert_true(!strncmp(r.content_disposition, "attachment;", 11));
	response_free(&r);
	/* the list tells how many */
	assert_int_equal(call(&cl[ENTERPRISE], "GET", &r, "/api/v1/announcements?page_size=500"),
			 200);
	int found = 0;
	for (size_t i = 0; i < json_array_size(json_path(r.json, "items")); i++) {
		json_t *it = json_array_get(json_path(r.json, "items"), i);
		if (json_integer_value(json_object_get(it, "id")) == id) {
			assert_int_equal(
				json_integer_value(json_object_get(it, "attachment_count")), 3);
			assert_null(json_object_get(it, "attachments"));
			found = 1;
		}
	}
	assert_true(found);
	response_free(&r);
	/* removed, then the announcement goes with its files */
	assert_int_equal(call(&cl[CITY], "DELETE", &r,
			      "/api/v1/announcements/%lld/attachments/%lld", id, png_id),
			 200);
	response_free(&r);
	assert_int_equal(call(&cl[CITY], "DELETE", &r,
			      "/api/v1/announcements/%lld/attachments/%lld", id, png_id),
			 404);
	response_free(&r);
	assert_int_equal(call(&cl[CITY], "DELETE", &r, "/api/v1/announcements/%lld", id), 200);
	response_free(&r);
	assert_int_equal(call(&cl[ENTERPRISE], "GET", &r,
			      "/api/v1/announcements/%lld/attachments/%lld", id, fid),
			 404);
	response_free(&r);
	free(docx);
	free(xlsx);
	free(png);
	free(zip);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matrix),
		cmocka_unit_test(test_files),
	};
	int failed = cmocka_run_group_tests(tests, setup, teardown);
	return failed || teardown_failed;
}
