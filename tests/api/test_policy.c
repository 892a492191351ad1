/*
 * The policy library over HTTP (docs/api.md "Policy library"), on the real
 * binary with a demo database: every route called by each of the seven demo
 * users with the exact status (403 for a role that may not write, a county
 * only for county-level documents of its area); a file uploaded as the raw
 * body, checked by content (HTML named .pdf, a PDF named .docx, a zip that is
 * no Word document, an empty and a 21 MB body refused), downloaded as an
 * attachment with its type, RFC 6266 name, nosniff and the same bytes;
 * search in full text and by a short text, by level and tag. Trainings:
 * the role matrix, attendance recorded by a county for its firms only, a
 * sign-in sheet (CSV) matched by USCC and by name with an unknown firm
 * reported and a second import changing nothing, the never-attended list
 * and a firm's own trainings; the enterprise user's view (its area's events,
 * its own attendance only, no writes).
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
static const int writes[NROLES] = {1, 1, 0, 0, 0, 0, 0}; /* city-level documents */
static struct client cl[NROLES];

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

/* PUT the LEN bytes DATA as the file NAME of document ID as C; the status, R filled. */
static long upload(struct client *c, long long id, const char *name, const char *data, size_t len,
		   struct response *r)
{
	static const char *const type[] = {"Content-Type: application/octet-stream", NULL};
	char path[256];
	snprintf(path, sizeof path, "/api/v1/policies/%lld/file?filename=%s", id, name);
	c->body_len = len;
	return client_request(c, "PUT", path, data, type, r);
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

static long long create(struct client *c, const char *body)
{
	struct response r;
	long long id = -1;
	if (client_request(c, "POST", "/api/v1/policies", body, NULL, &r) == 201)
		id = json_path_int(r.json, "id");
	else
		fprintf(stderr, "POST policies: %ld %s\n", r.status, r.body);
	response_free(&r);
	return id;
}

static int setup(void **state)
{
	(void)state;
	server_setup(&srv, 60);
	for (int i = 0; i < NROLES; i++) {
		client_init(&cl[i], srv.port);
		if (client_login(&cl[i], role_user[i], DEMO_PASSWORD) != 200)
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
	return 0;
}

/* Who may do what, route by route. */
static void test_matrix(void **state)
{
	(void)state;
	struct response r;
	long long city_doc =
		create(&cl[CITY], "{\"title\":\"曲靖市高新技术企业培育办法\","
				  "\"issuer\":\"曲靖市科学技术局\",\"level\":\"city\"}");
	assert_true(city_doc > 0);
	for (int i = 0; i < NROLES; i++) {
		assert_int_equal(call(&cl[i], "GET", NULL, &r, "/api/v1/policies"), 200);
		assert_true(json_path_int(r.json, "total") >= 1);
		response_free(&r);
		assert_int_equal(call(&cl[i], "GET", NULL, &r, "/api/v1/policies/%lld", city_doc),
				 200);
		response_free(&r);
		assert_int_equal(call(&cl[i], "GET", NULL, &r, "/api/v1/policies/tags"), 200);
		response_free(&r);
		long want = writes[i] ? 201 : 403;
		assert_int_equal(
			call(&cl[i], "POST",
			     "{\"title\":\"x办法\",\"issuer\":\"y\",\"level\":\"province\"}", &r,
			     "/api/v1/policies"),
			want);
		long long id = want == 201 ? json_path_int(r.json, "id") : 0;
		response_free(&r);
		assert_int_equal(call(&cl[i], "PUT", "{\"title\":\"改\"}", &r,
				      "/api/v1/policies/%lld", city_doc),
				 writes[i] ? 200 : 403);
		response_free(&r);
		assert_int_equal(
			call(&cl[i], "DELETE", NULL, &r, "/api/v1/policies/%lld/file", city_doc),
			writes[i] ? 200 : 403);
		response_free(&r);
		size_t n = 0;
		char *pdf = slurp("policy.pdf", &n);
		assert_int_equal(upload(&cl[i], city_doc, "a.pdf", pdf, n, &r),
				 writes[i] ? 200 : 403);
		free(pdf);
		response_free(&r);
		if (id > 0) {
			assert_int_equal(
				call(&cl[i], "DELETE", NULL, &r, "/api/v1/policies/%lld", id), 200);
			response_free(&r);
		}
	}
	/* a county writes county-level documents of its own area only */
	assert_true(create(&cl[COUNTY], "{\"title\":\"麒麟区奖励办法\",\"issuer\":\"麒麟区科技局\","
					"\"level\":\"county\",\"area\":\"530302\"}") > 0);
	assert_int_equal(call(&cl[COUNTY], "POST",
			      "{\"title\":\"沾益区办法\",\"issuer\":\"沾益区科技局\","
			      "\"level\":\"county\",\"area\":\"530303\"}",
			      &r, "/api/v1/policies"),
			 403);
	response_free(&r);
	assert_int_equal(call(&cl[COUNTY], "DELETE", NULL, &r, "/api/v1/policies/%lld", city_doc),
			 403);
	response_free(&r);
	assert_int_equal(call(&cl[ENTERPRISE], "GET", NULL, &r, "/api/v1/policies/999999"), 404);
	assert_string_equal(json_path_str(r.json, "error.message"), "政策文件不存在");
	response_free(&r);
}

/* Upload checked by content; download as an attachment with the same bytes. */
static void test_files(void **state)
{
	(void)state;
	struct response r;
	long long id =
		create(&cl[CITY], "{\"title\":\"高新技术企业认定管理办法\","
				  "\"issuer\":\"科技部 财政部 税务总局\",\"number\":"
				  "\"国科发火〔2016〕32号\",\"level\":\"national\","
				  "\"issued_on\":\"2016-01-29\",\"tags\":[\"认定\",\"办法\"]}");
	assert_true(id > 0);
	size_t n_pdf, n_docx, n_zip;
	char *pdf = slurp("policy.pdf", &n_pdf), *docx = slurp("policy.docx", &n_docx),
	     *zip = slurp("notword.zip", &n_zip);
	const char *html = "<html><script>alert(1)</script></html>";
	assert_int_equal(upload(&cl[CITY], id, "x.pdf", html, strlen(html), &r), 400);
	assert_string_equal(json_path_str(r.json, "error.field"), "file");
	response_free(&r);
	assert_int_equal(upload(&cl[CITY], id, "x.docx", pdf, n_pdf, &r), 400);
	assert_string_equal(json_path_str(r.json, "error.message"),
			    "文件扩展名（docx）与文件内容（pdf）不符");
	response_free(&r);
	assert_int_equal(upload(&cl[CITY], id, "x.docx", zip, n_zip, &r), 400);
	response_free(&r);
	assert_int_equal(upload(&cl[CITY], id, "x.pdf", "", 0, &r), 400);
	response_free(&r);
	size_t big_n = 21u << 20;
	char *big = calloc(1, big_n);
	memcpy(big, "%PDF-1.7\n", 9);
	assert_int_equal(upload(&cl[CITY], id, "big.pdf", big, big_n, &r), 413);
	response_free(&r);
	free(big);
	assert_int_equal(call(&cl[CITY], "GET", NULL, &r, "/api/v1/policies/%lld/file", id), 404);
	response_free(&r);

	/* a DOCX named in Chinese: its checksum, type and name come back */
	assert_int_equal(upload(&cl[CITY], id, "%E8%AE%A4%E5%AE%9A%E5%8A%9E%E6%B3%95.docx", docx,
				n_docx, &r),
			 200);
	assert_string_equal(json_path_str(r.json, "file.name"), "认定办法.docx");
	assert_string_equal(json_path_str(r.json, "file.type"), "docx");
	assert_int_equal(json_path_int(r.json, "file.size"), (long long)n_docx);
	assert_int_equal(strlen(json_path_str(r.json, "file.sha256")), 64);
	assert_string_equal(json_path_str(r.json, "tags.1"), "办法");
	response_free(&r);
	assert_int_equal(call(&cl[ENTERPRISE], "GET", NULL, &r, "/api/v1/policies/%lld/file", id),
			 200);
	assert_string_equal(
		r.content_type,
		"application/vnd.openxmlformats-officedocument.wordprocessingml.document");
	char cd[256];
	snprintf(cd, sizeof cd,
		 "attachment; filename=\"policy-%lld.docx\"; filename*=UTF-8''"
		 "%%E8%%AE%%A4%%E5%%AE%%9A%%E5%%8A%%9E%%E6%%B3%%95.docx",
		 id);
	assert_string_equal(r.content_disposition, cd);
	assert_string_equal(r.content_type_options, "nosniff");
	assert_int_equal(r.len, n_docx);
	assert_memory_equal(r.body, docx, n_docx);
	response_free(&r);
	/* replaced by a PDF */
	assert_int_equal(upload(&cl[CITY], id, "办法.pdf", pdf, n_pdf, &r), 200);
	response_free(&r);
	assert_int_equal(call(&cl[VIEWER], "GET", NULL, &r, "/api/v1/policies/%lld/file", id), 200);
	assert_string_equal(r.content_type, "application/pdf");
	assert_memory_equal(r.body, pdf, n_pdf);
	response_free(&r);
	free(pdf);
	free(docx);
	free(zip);
}

static long long total(const char *query)
{
	struct response r;
	long st = call(&cl[ENTERPRISE], "GET", NULL, &r, "/api/v1/policies?%s", query);
	long long n = st == 200 ? json_path_int(r.json, "total") : -st;
	response_free(&r);
	return n;
}

static void test_search(void **state)
{
	(void)state;
	long long before = total("q=%E7%A0%94%E5%8F%91%E8%B4%B9%E7%94%A8"); /* 研发费用 */
	assert_true(create(&cl[ADMIN],
			   "{\"title\":\"关于进一步完善研发费用税前加计扣除政策的公告\","
			   "\"issuer\":\"财政部 税务总局\",\"number\":\"财税〔2023〕7号\","
			   "\"level\":\"national\",\"tags\":\"加计扣除,税收优惠\","
			   "\"body\":\"企业开展研发活动中实际发生的研发费用\"}") > 0);
	assert_int_equal(total("q=%E7%A0%94%E5%8F%91%E8%B4%B9%E7%94%A8"), before + 1);
	assert_true(total("q=2023%E3%80%957") >= 1); /* 2023〕7 in the number */
	assert_true(total("q=%E7%A8%8E") >= 1);	     /* 税: one character, LIKE */
	assert_true(total("tag=%E7%A8%8E%E6%94%B6%E4%BC%98%E6%83%A0") >= 1); /* 税收优惠 */
	assert_int_equal(total("tag=%E7%A8%8E"), 0);
	assert_true(total("level=national") >= 1);
	assert_int_equal(total("level=world"), -400);
	assert_int_equal(total("q=zzzqqqxxx"), 0);
}

/* The USCC and name of the first firm of AREA (as admin sees it). */
static void first_firm(const char *area, int nth, char uscc[32], char name[256])
{
	struct response r;
	call(&cl[ADMIN], "GET", NULL, &r, "/api/v1/enterprises?area=%s&page_size=5", area);
	char p[32];
	snprintf(p, sizeof p, "items.%d.uscc", nth);
	snprintf(uscc, 32, "%s", json_path_str(r.json, p));
	snprintf(p, sizeof p, "items.%d.name", nth);
	snprintf(name, 256, "%s", json_path_str(r.json, p));
	response_free(&r);
}

static void test_trainings(void **state)
{
	(void)state;
	struct response r;
	static const int reads[NROLES] = {1, 1, 1, 1, 1, 0, 1}; /* the never-attended list */
	const char *event = "{\"held_on\":\"2026-03-18\",\"topic\":\"高企认定政策解读会\","
			    "\"organisers\":\"曲靖市科学技术局\",\"place\":\"市科技大厦\"}";
	for (int i = 0; i < NROLES; i++) {
		assert_int_equal(call(&cl[i], "GET", NULL, &r, "/api/v1/trainings"), 200);
		response_free(&r);
		assert_int_equal(call(&cl[i], "GET", NULL, &r, "/api/v1/trainings/never-attended"),
				 reads[i] ? 200 : 403);
		response_free(&r);
		long st = call(&cl[i], "POST", event, &r, "/api/v1/trainings");
		assert_int_equal(st, writes[i] ? 201 : 403);
		long long id = st == 201 ? json_path_int(r.json, "id") : 0;
		response_free(&r);
		if (id) {
			assert_int_equal(
				call(&cl[i], "DELETE", NULL, &r, "/api/v1/trainings/%lld", id),
				200);
			response_free(&r);
		}
	}
	long long ev = -1;
	assert_int_equal(call(&cl[CITY], "POST", event, &r, "/api/v1/trainings"), 201);
	ev = json_path_int(r.json, "id");
	response_free(&r);
	long long own = -1;
	assert_int_equal(call(&cl[COUNTY], "POST",
			      "{\"held_on\":\"2026-04-02\",\"topic\":\"麒麟区研发费用归集培训\","
			      "\"organisers\":\"麒麟区科技局\",\"online_url\":"
			      "\"https://meeting.example.cn/1\",\"area\":\"530302\"}",
			      &r, "/api/v1/trainings"),
			 201);
	own = json_path_int(r.json, "id");
	response_free(&r);
	assert_true(own > 0);
	assert_int_equal(call(&cl[COUNTY], "DELETE", NULL, &r, "/api/v1/trainings/%lld", ev), 403);
	response_free(&r);

	char a_uscc[32], a_name[256], b_uscc[32], b_name[256], c_uscc[32], c_name[256];
	first_firm("530302", 0, a_uscc, a_name);
	first_firm("530302", 1, b_uscc, b_name);
	first_firm("530303", 0, c_uscc, c_name);
	char body[512];
	snprintf(body, sizeof body, "{\"uscc\":\"%s\",\"attendee\":\"张三\"}", c_uscc);
	assert_int_equal(
		call(&cl[COUNTY], "POST", body, &r, "/api/v1/trainings/%lld/attendance", ev), 404);
	response_free(&r);
	assert_int_equal(call(&cl[CITY], "POST", body, &r, "/api/v1/trainings/%lld/attendance", ev),
			 200);
	response_free(&r);

	/* the county's sign-in sheet: A by USCC, B by name, C outside its scope, one unknown */
	char csv[2048];
	snprintf(csv, sizeof csv,
		 "序号,统一社会信用代码,企业名称,参会人员\n1,%s,,王五\n2,,%s,赵六\n3,%s,%s,"
		 "钱七\n4,,不存在的科技有限公司,孙八\n",
		 a_uscc, b_name, c_uscc, c_name);
	static const char *const type[] = {"Content-Type: text/csv", NULL};
	char path[128];
	snprintf(path, sizeof path, "/api/v1/trainings/%lld/signin", ev);
	assert_int_equal(client_request(&cl[ENTERPRISE], "POST", path, csv, type, &r), 403);
	response_free(&r);
	assert_int_equal(client_request(&cl[COUNTY], "POST", path, csv, type, &r), 200);
	assert_int_equal(json_path_int(r.json, "changed"), 2);
	assert_int_equal(json_path_int(r.json, "unmatched"), 2);
	assert_string_equal(json_path_str(r.json, "lines.1.uscc"), b_uscc);
	assert_string_equal(json_path_str(r.json, "lines.3.result"), "unmatched");
	response_free(&r);
	assert_int_equal(client_request(&cl[COUNTY], "POST", path, csv, type, &r), 200);
	assert_int_equal(json_path_int(r.json, "changed"), 0);
	assert_int_equal(json_path_int(r.json, "unchanged"), 2);
	response_free(&r);

	/* attendance in scope: the county sees its two, the city three */
	assert_int_equal(
		call(&cl[COUNTY], "GET", NULL, &r, "/api/v1/trainings/%lld/attendance", ev), 200);
	assert_int_equal(json_array_size(json_path(r.json, "items")), 2);
	response_free(&r);
	assert_int_equal(call(&cl[CITY], "GET", NULL, &r, "/api/v1/trainings/%lld", ev), 200);
	assert_int_equal(json_path_int(r.json, "attendees"), 3);
	response_free(&r);
	assert_int_equal(call(&cl[CITY], "GET", NULL, &r, "/api/v1/trainings?uscc=%s", a_uscc),
			 200);
	assert_int_equal(json_path_int(r.json, "total"), 1);
	assert_int_equal(json_path_int(r.json, "items.0.id"), ev);
	response_free(&r);
	/* never attended: none of the listed firms is A */
	assert_int_equal(call(&cl[COUNTY], "GET", NULL, &r, "/api/v1/trainings/never-attended"),
			 200);
	json_t *items = json_path(r.json, "items");
	for (size_t i = 0; i < json_array_size(items); i++) {
		const char *u =
			json_string_value(json_object_get(json_array_get(items, i), "uscc"));
		assert_string_not_equal(u, a_uscc);
		assert_string_not_equal(u, b_uscc);
	}
	response_free(&r);
	assert_int_equal(call(&cl[COUNTY], "DELETE", NULL, &r,
			      "/api/v1/trainings/%lld/attendance/%s", ev, b_uscc),
			 200);
	response_free(&r);
	assert_int_equal(call(&cl[COUNTY], "GET", NULL, &r, "/api/v1/trainings/%lld", ev), 200);
	assert_int_equal(json_path_int(r.json, "attendees"), 1);
	response_free(&r);
	assert_int_equal(call(&cl[CITY], "PUT", "{\"held_on\":\"2026-02-30\"}", &r,
			      "/api/v1/trainings/%lld", ev),
			 400);
	assert_string_equal(json_path_str(r.json, "error.field"), "held_on");
	response_free(&r);
}

/* The enterprise user: its area's events, its own attendance only, no writes. */
static void test_enterprise_trainings(void **state)
{
	(void)state;
	struct response r;
	char own[32], own_area[17], other_area[17] = "530303", other[32], other_name[256];
	client_request(&cl[ENTERPRISE], "GET", "/api/v1/me", NULL, NULL, &r);
	snprintf(own, sizeof own, "%s", json_path_str(r.json, "user.enterprise"));
	response_free(&r);
	call(&cl[ADMIN], "GET", NULL, &r, "/api/v1/enterprises/%s", own);
	snprintf(own_area, sizeof own_area, "%s", json_path_str(r.json, "area"));
	response_free(&r);
	if (!strcmp(own_area, other_area))
		snprintf(other_area, sizeof other_area, "530302");
	first_firm(other_area, 0, other, other_name);
	char body[512];
	snprintf(body, sizeof body,
		 "{\"held_on\":\"2026-05-12\",\"topic\":\"本地区高企申报辅导\","
		 "\"organisers\":\"县科技局\",\"place\":\"县政务中心\",\"area\":\"%s\"}",
		 own_area);
	assert_int_equal(call(&cl[ADMIN], "POST", body, &r, "/api/v1/trainings"), 201);
	long long ev = json_path_int(r.json, "id");
	response_free(&r);
	snprintf(body, sizeof body,
		 "{\"held_on\":\"2026-05-13\",\"topic\":\"外地区培训\","
		 "\"organisers\":\"县科技局\",\"place\":\"县政务中心\",\"area\":\"%s\"}",
		 other_area);
	assert_int_equal(call(&cl[ADMIN], "POST", body, &r, "/api/v1/trainings"), 201);
	long long away = json_path_int(r.json, "id");
	response_free(&r);
	long long city = -1;
	assert_int_equal(call(&cl[ADMIN], "POST",
			      "{\"held_on\":\"2026-05-20\",\"topic\":\"全市高企政策宣讲\","
			      "\"organisers\":\"市科技局\",\"place\":\"市科技大厦\"}",
			      &r, "/api/v1/trainings"),
			 201);
	city = json_path_int(r.json, "id");
	response_free(&r);
	const char *firms[2] = {own, other};
	for (int k = 0; k < 2; k++) {
		snprintf(body, sizeof body, "{\"uscc\":\"%s\",\"attendee\":\"参训人%d\"}", firms[k],
			 k);
		assert_int_equal(call(&cl[ADMIN], "POST", body, &r,
				      "/api/v1/trainings/%lld/attendance", city),
				 200);
		response_free(&r);
	}
	/* the city-wide and its area's events; the other area's is not found */
	assert_int_equal(call(&cl[ENTERPRISE], "GET", NULL, &r, "/api/v1/trainings/%lld", ev), 200);
	response_free(&r);
	assert_int_equal(call(&cl[ENTERPRISE], "GET", NULL, &r, "/api/v1/trainings/%lld", away),
			 404);
	response_free(&r);
	assert_int_equal(
		call(&cl[ENTERPRISE], "GET", NULL, &r, "/api/v1/trainings/%lld/attendance", away),
		404);
	response_free(&r);
	assert_int_equal(call(&cl[ENTERPRISE], "GET", NULL, &r, "/api/v1/trainings/%lld", city),
			 200);
	assert_int_equal(json_path_int(r.json, "attendees"), 1); /* itself, not the other */
	response_free(&r);
	/* its own attendance line only */
	assert_int_equal(
		call(&cl[ENTERPRISE], "GET", NULL, &r, "/api/v1/trainings/%lld/attendance", city),
		200);
	assert_int_equal(json_array_size(json_path(r.json, "items")), 1);
	assert_string_equal(json_path_str(r.json, "items.0.uscc"), own);
	assert_string_equal(json_path_str(r.json, "items.0.attendee"), "参训人0");
	response_free(&r);
	assert_int_equal(call(&cl[ENTERPRISE], "GET", NULL, &r, "/api/v1/trainings?uscc=%s", other),
			 200);
	assert_int_equal(json_path_int(r.json, "total"), 0);
	response_free(&r);
	assert_int_equal(call(&cl[ENTERPRISE], "GET", NULL, &r, "/api/v1/trainings?uscc=%s", own),
			 200);
	assert_true(json_path_int(r.json, "total") >= 1);
	response_free(&r);
	/* no writes */
	snprintf(body, sizeof body, "{\"uscc\":\"%s\"}", own);
	assert_int_equal(
		call(&cl[ENTERPRISE], "POST", body, &r, "/api/v1/trainings/%lld/attendance", ev),
		403);
	response_free(&r);
	assert_int_equal(call(&cl[ENTERPRISE], "DELETE", NULL, &r,
			      "/api/v1/trainings/%lld/attendance/%s", city, own),
			 403);
	response_free(&r);
	assert_int_equal(call(&cl[ENTERPRISE], "PUT", "{\"topic\":\"改\"}", &r,
			      "/api/v1/trainings/%lld", city),
			 403);
	response_free(&r);
	assert_int_equal(call(&cl[ENTERPRISE], "DELETE", NULL, &r, "/api/v1/trainings/%lld", city),
			 403);
	response_free(&r);
	for (int k = 0; k < 3; k++) {
		long long id = k == 0 ? ev : k == 1 ? away : city;
		assert_int_equal(call(&cl[ADMIN], "DELETE", NULL, &r, "/api/v1/trainings/%lld", id),
				 200);
		response_free(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matrix),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_trainings),
		cmocka_unit_test(test_enterprise_trainings),
	};
	int failed = cmocka_run_group_tests(tests, setup, teardown);
	return failed || teardown_failed;
}
