/*
 * API tests of imports and exports: POST /api/v1/imports (raw body and
 * multipart, dry run, roles, scope), GET /api/v1/enterprises/export (scoped,
 * formats) and the template — against the real binary and a demo database.
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

/* A valid credit code "91" + REGION + 9 digits + the GB 32100 check character. */
static void make_uscc(const char *region, int serial, char out[19])
{
	static const char alpha[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	static const int w[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
	snprintf(out, 19, "91%.6s%09d", region, serial);
	int s = 0;
	for (int i = 0; i < 17; i++)
		s += (int)(strchr(alpha, out[i]) - alpha) * w[i];
	out[17] = alpha[(31 - s % 31) % 31];
	out[18] = '\0';
}

static const char *const csv_type[] = {"Content-Type: text/csv", NULL};

static void login(struct client *c, const char *user)
{
	client_init(c, srv.port);
	assert_int_equal(client_login(c, user, DEMO_PASSWORD), 200);
}

/* A dry run reports what would change and writes nothing; then the real run writes. */
static void test_raw_body_dry_run_then_commit(void **state)
{
	(void)state;
	char u[19], body[512];
	make_uscc("530302", 990001, u);
	snprintf(body, sizeof body,
		 "统一社会信用代码,企业名称,所属区域,年度,销售收入（万元）\n%s,接口导入测试公司,"
		 "麒麟区,2024,"
		 "1234.5\n",
		 u);
	struct client c;
	login(&c, "admin");
	struct response r;
	assert_int_equal(client_request(&c, "POST", "/api/v1/imports?dry_run=1&filename=t.csv",
					body, csv_type, &r),
			 200);
	assert_int_equal(json_path_int(r.json, "enterprises.new"), 1);
	assert_int_equal(json_path_int(r.json, "indicators.new"), 1);
	assert_true(json_is_false(json_path(r.json, "committed")));
	assert_true(json_is_true(json_path(r.json, "dry_run")));
	response_free(&r);
	char path[128];
	snprintf(path, sizeof path, "/api/v1/enterprises/%s", u);
	assert_int_equal(client_status(&c, "GET", path, NULL), 404);

	assert_int_equal(client_request(&c, "POST", "/api/v1/imports", body, csv_type, &r), 200);
	assert_true(json_is_true(json_path(r.json, "committed")));
	response_free(&r);
	assert_int_equal(client_request(&c, "GET", path, NULL, NULL, &r), 200);
	assert_string_equal(json_path_str(r.json, "name"), "接口导入测试公司");
	response_free(&r);
	/* 1234.5 万元 = 12,345,000.00 元 */
	snprintf(path, sizeof path, "/api/v1/enterprises/%s/years/2024", u);
	assert_int_equal(client_request(&c, "GET", path, NULL, NULL, &r), 200);
	assert_non_null(strstr(r.body, "12345000"));
	response_free(&r);
	client_cleanup(&c);
}

/* multipart/form-data with a "file" part and a "skip_invalid" part. */
static void test_multipart(void **state)
{
	(void)state;
	char u[19], body[1024];
	make_uscc("530302", 990002, u);
	snprintf(body, sizeof body,
		 "--XyZ\r\nContent-Disposition: form-data; name=\"skip_invalid\"\r\n\r\n1\r\n"
		 "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; "
		 "filename=\"县台账.csv\"\r\n"
		 "Content-Type: text/csv\r\n\r\n"
		 "信用代码,企业名称,所属区域\n%s,表单导入公司,麒麟区\n91530302MA6K00001B,坏代码,"
		 "麒麟区\n"
		 "\r\n--XyZ--\r\n",
		 u);
	static const char *const mp[] = {"Content-Type: multipart/form-data; boundary=XyZ", NULL};
	struct client c;
	login(&c, "admin");
	struct response r;
	assert_int_equal(client_request(&c, "POST", "/api/v1/imports", body, mp, &r), 200);
	assert_int_equal(json_path_int(r.json, "valid_rows"), 1);
	assert_int_equal(json_path_int(r.json, "invalid_rows"), 1);
	assert_int_equal(json_path_int(r.json, "issues.0.row"), 3);
	assert_string_equal(json_path_str(r.json, "issues.0.column"), "信用代码");
	assert_true(json_is_true(json_path(r.json, "committed")));
	response_free(&r);
	client_cleanup(&c);
}

/* Only admin, city and county import; a county only within its areas; no session 401. */
static void test_roles_and_scope(void **state)
{
	(void)state;
	char u[19], body[512];
	make_uscc("530303", 990003, u);
	snprintf(body, sizeof body, "信用代码,企业名称,所属区域\n%s,沾益新公司,沾益区\n", u);
	struct client c;
	struct response r;
	static const char *const readers[] = {"viewer", "expert", "enterprise"};
	for (size_t i = 0; i < 3; i++) {
		login(&c, readers[i]);
		assert_int_equal(client_request(&c, "POST", "/api/v1/imports", body, csv_type, &r),
				 403);
		response_free(&r);
		client_cleanup(&c);
	}
	login(&c, "county-530302");
	assert_int_equal(client_request(&c, "POST", "/api/v1/imports", body, csv_type, &r), 200);
	assert_int_equal(json_path_int(r.json, "invalid_rows"), 1);
	assert_true(json_is_false(json_path(r.json, "committed")));
	response_free(&r);
	client_cleanup(&c);
	client_init(&c, srv.port);
	assert_int_equal(client_status(&c, "POST", "/api/v1/imports", body), 401);
	assert_int_equal(client_status(&c, "GET", "/api/v1/enterprises/export?format=csv", NULL),
			 401);
	client_cleanup(&c);
}

/*
 * The area of rows without one: inferred and listed in the dry run; given as
 * the request's area (query or multipart part), checked against the scope.
 */
static void test_area(void **state)
{
	(void)state;
	char u1[19], u2[19], body[1024];
	make_uscc("530328", 990011, u1); /* 沾益县's old code */
	make_uscc("530300", 990012, u2); /* the city's authority: no area */
	snprintf(body, sizeof body,
		 "统一社会信用代码,纳税人识别号,企业名称,企业地址,经营状态\n"
		 "%s,%s,沾益推断公司,,存续\n%s,,无区域公司,,在业\n",
		 u1, u1, u2);
	struct client c;
	struct response r;
	login(&c, "county-530302");
	/* nothing given: the first inferred (沾益区: outside this county), the second undecided */
	assert_int_equal(
		client_request(&c, "POST", "/api/v1/imports?dry_run=1", body, csv_type, &r), 200);
	assert_int_equal(json_path_int(r.json, "invalid_rows"), 2);
	assert_string_equal(json_path_str(r.json, "issues.1.column"), "所属区域");
	assert_non_null(strstr(json_path_str(r.json, "issues.1.message"), "不对应任何区域"));
	response_free(&r);
	/* its own area given: both rows go there, none inferred */
	assert_int_equal(client_request(&c, "POST", "/api/v1/imports?dry_run=1&area=530302", body,
					csv_type, &r),
			 200);
	assert_int_equal(json_path_int(r.json, "valid_rows"), 2);
	assert_string_equal(json_path_str(r.json, "area.name"), "麒麟区");
	assert_int_equal(json_array_size(json_path(r.json, "inferred_areas")), 0);
	response_free(&r);
	/* an area not its own: 403, before any row */
	assert_int_equal(client_request(&c, "POST", "/api/v1/imports?dry_run=1&area=530303", body,
					csv_type, &r),
			 403);
	response_free(&r);
	client_cleanup(&c);
	/* the city: the inferred area listed for the clerk to confirm */
	login(&c, "city");
	assert_int_equal(
		client_request(&c, "POST", "/api/v1/imports?dry_run=1", body, csv_type, &r), 200);
	assert_int_equal(json_path_int(r.json, "valid_rows"), 1);
	assert_string_equal(json_path_str(r.json, "inferred_areas.0.area"), "530303");
	assert_string_equal(json_path_str(r.json, "inferred_areas.0.basis"), "uscc");
	response_free(&r);
	/* the area as a multipart part */
	char mp_body[1536];
	snprintf(mp_body, sizeof mp_body,
		 "--XyZ\r\nContent-Disposition: form-data; name=\"area\"\r\n\r\n宣威市\r\n"
		 "--XyZ\r\nContent-Disposition: form-data; name=\"dry_run\"\r\n\r\n1\r\n"
		 "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r.csv\"\r\n"
		 "Content-Type: text/csv\r\n\r\n%s\r\n--XyZ--\r\n",
		 body);
	static const char *const mp[] = {"Content-Type: multipart/form-data; boundary=XyZ", NULL};
	assert_int_equal(client_request(&c, "POST", "/api/v1/imports", mp_body, mp, &r), 200);
	assert_int_equal(json_path_int(r.json, "valid_rows"), 2);
	assert_string_equal(json_path_str(r.json, "area.code"), "530381");
	response_free(&r);
	client_cleanup(&c);
}

static int count_lines(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* A county's export holds exactly the enterprises its list shows. */
static void test_export_scoped(void **state)
{
	(void)state;
	struct client c;
	struct response r;
	login(&c, "county-530302");
	assert_int_equal(
		client_request(&c, "GET", "/api/v1/enterprises?page_size=1", NULL, NULL, &r), 200);
	long long total = json_path_int(r.json, "total");
	response_free(&r);
	assert_int_equal(
		client_request(&c, "GET", "/api/v1/enterprises/export?format=csv", NULL, NULL, &r),
		200);
	assert_memory_equal(r.body, "\xef\xbb\xbf统一社会信用代码,",
			    3 + strlen("统一社会信用代码,"));
	assert_int_equal(count_lines(r.body), total + 1);
	assert_null(strstr(r.body, ",沾益区,"));
	response_free(&r);
	assert_int_equal(client_request(&c, "GET",
					"/api/v1/enterprises/export?format=xlsx&year=2024", NULL,
					NULL, &r),
			 200);
	assert_memory_equal(r.body, "PK\x03\x04", 4);
	response_free(&r);
	/* batch screening: the export takes the list's verdict filter and score order */
	static const char *const verdicts[] = {"pass", "borderline", "fail", "incomplete"};
	long long sum = 0;
	for (size_t i = 0; i < sizeof verdicts / sizeof verdicts[0]; i++) {
		char url[160];
		snprintf(url, sizeof url, "/api/v1/enterprises?page_size=1&verdict=%s",
			 verdicts[i]);
		assert_int_equal(client_request(&c, "GET", url, NULL, NULL, &r), 200);
		long long n = json_path_int(r.json, "total");
		response_free(&r);
		snprintf(url, sizeof url,
			 "/api/v1/enterprises/export?format=csv&verdict=%s&sort=score&order=desc",
			 verdicts[i]);
		assert_int_equal(client_request(&c, "GET", url, NULL, NULL, &r), 200);
		assert_int_equal(count_lines(r.body), n + 1);
		/* the screening columns close every line: the header, then the verdict's label */
		static const char *const labels[] = {"符合", "待专家评判", "不符合", "数据不全"};
		size_t lines = 0;
		char *save = NULL;
		for (char *ln = strtok_r(r.body, "\r\n", &save); ln;
		     ln = strtok_r(NULL, "\r\n", &save), lines++) {
			char *last = strrchr(ln, ',');
			assert_non_null(last);
			*last = '\0';
			char *label = strrchr(ln, ',');
			assert_non_null(label);
			assert_string_equal(label + 1, lines ? labels[i] : "评测结论（高企）");
			if (!lines)
				assert_string_equal(last + 1, "评分区间");
		}
		response_free(&r);
		sum += n;
	}
	assert_true(sum > 0 && sum <= total);
	assert_int_equal(client_request(&c, "GET",
					"/api/v1/enterprises?sort=score&order=desc&page_size=200",
					NULL, NULL, &r),
			 200);
	json_t *items = json_path(r.json, "items");
	long long prev = 1000000;
	for (size_t i = 0; i < json_array_size(items); i++) {
		json_t *sc = json_object_get(json_array_get(items, i), "score");
		long long key = json_is_object(sc)
					? json_integer_value(json_object_get(sc, "max")) * 1000 +
						  json_integer_value(json_object_get(sc, "min"))
					: -1;
		assert_true(key <= prev);
		prev = key;
	}
	response_free(&r);
	assert_int_equal(client_request(&c, "GET", "/api/v1/enterprises/export?verdict=good", NULL,
					NULL, &r),
			 400);
	assert_string_equal(json_path_str(r.json, "error.field"), "verdict");
	response_free(&r);
	assert_int_equal(
		client_request(&c, "GET", "/api/v1/enterprises/export?format=pdf", NULL, NULL, &r),
		400);
	assert_string_equal(json_path_str(r.json, "error.field"), "format");
	response_free(&r);
	assert_int_equal(
		client_request(&c, "GET", "/api/v1/imports/template?format=csv", NULL, NULL, &r),
		200);
	assert_non_null(strstr(r.body, "统一社会信用代码,企业名称"));
	assert_int_equal(count_lines(r.body), 1);
	response_free(&r);
	client_cleanup(&c);
}

/*
 * The import route takes files above the default 1 MiB body cap: a CSV of
 * 24,000 rows (about 1.3 MiB) is read whole in a dry run (24,000 valid rows,
 * 24,000 new enterprises, nothing written); a body just over 64 MiB is 413.
 */
static void test_large_upload(void **state)
{
	(void)state;
	enum { ROWS = 24000 };
	static const char head[] = "统一社会信用代码,企业名称,所属区域\n";
	size_t cap = sizeof head + (size_t)ROWS * 80;
	char *body = malloc(cap);
	assert_non_null(body);
	size_t len = (size_t)snprintf(body, cap, "%s", head);
	for (int i = 0; i < ROWS; i++) {
		char u[19];
		make_uscc("530302", 800000 + i, u);
		len += (size_t)snprintf(body + len, cap - len, "%s,大文件导入测试公司%05d,麒麟区\n",
					u, i);
	}
	assert_true(len > ((size_t)1 << 20));
	struct client c;
	struct response r;
	login(&c, "admin");
	assert_int_equal(client_request(&c, "POST", "/api/v1/imports?dry_run=1&filename=big.csv",
					body, csv_type, &r),
			 200);
	assert_int_equal(json_path_int(r.json, "rows"), ROWS);
	assert_int_equal(json_path_int(r.json, "valid_rows"), ROWS);
	assert_int_equal(json_path_int(r.json, "invalid_rows"), 0);
	assert_int_equal(json_path_int(r.json, "enterprises.new"), ROWS);
	assert_true(json_is_false(json_path(r.json, "committed")));
	response_free(&r);
	free(body);

	/* 64 MiB + 1 KiB: over HTTP_MAX_UPLOAD */
	size_t big = ((size_t)64 << 20) + 1024;
	body = malloc(big + 1);
	assert_non_null(body);
	memset(body, 'x', big);
	body[big] = '\0';
	assert_int_equal(
		client_request(&c, "POST", "/api/v1/imports?dry_run=1", body, csv_type, &r), 413);
	assert_string_equal(json_path_str(r.json, "error.code"), "too_large");
	response_free(&r);
	free(body);
	client_cleanup(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_raw_body_dry_run_then_commit),
		cmocka_unit_test(test_multipart),
		cmocka_unit_test(test_roles_and_scope),
		cmocka_unit_test(test_area),
		cmocka_unit_test(test_export_scoped),
		cmocka_unit_test(test_large_upload),
	};
	int rc = cmocka_run_group_tests(tests, setup, teardown);
	return rc || teardown_failed;
}
