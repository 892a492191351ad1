/*
 * Applications over HTTP (docs/api.md "Applications"), on the real binary
 * with a demo database: every route called by each of the seven demo roles
 * on an enterprise inside and outside its scope with the exact status (404
 * outside the scope, 403 for a role that may not, 200/201 otherwise), list
 * totals per scope, and the public-notice list of a batch (序号, 企业名称,
 * 证书编号, 所在地区; one row of another city) as a dry run, committed, and
 * imported again without any change.
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

enum { ADMIN, CITY, COUNTY, COUNTY2, EXPERT, ENTERPRISE, VIEWER, NROLES };
static const char *const role_user[NROLES] = {
	"admin", "city", "county-530302", "county-530381", "expert", "enterprise", "viewer1"};
static struct client cl[NROLES];

enum { F_IN, F_OUT, F_OWN, NFIRMS };
static char firm[NFIRMS][32];
static char firm_name[NFIRMS][256];
static int sees[NROLES][NFIRMS];
static long long batch_id, app_id[NFIRMS];

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

static long status_of(struct client *c, const char *method, const char *body, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static long status_of(struct client *c, const char *method, const char *body, const char *fmt, ...)
{
	char path[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(path, sizeof path, fmt, ap);
	va_end(ap);
	return client_status(c, method, path, body);
}

static int writer(int role)
{
	return role == ADMIN || role == CITY || role == COUNTY || role == COUNTY2;
}

static int city(int role)
{
	return role == ADMIN || role == CITY;
}

/* The first enterprise of AREA other than the enterprise user's, into OUT. */
static void pick_firm(const char *area, char *out)
{
	struct response l;
	call(&cl[ADMIN], "GET", NULL, &l, "/api/v1/enterprises?area=%s&page_size=20&sort=uscc",
	     area);
	for (size_t i = 0; i < json_array_size(json_path(l.json, "items")); i++) {
		char p[64];
		snprintf(p, sizeof p, "items.%zu.uscc", i);
		const char *u = json_path_str(l.json, p);
		if (strcmp(u, firm[F_OWN])) {
			snprintf(out, 32, "%s", u);
			break;
		}
	}
	response_free(&l);
}

static int setup(void **state)
{
	(void)state;
	struct response r;
	server_setup(&srv, 60);
	client_init(&cl[ADMIN], srv.port);
	if (client_login(&cl[ADMIN], "admin", DEMO_PASSWORD) != 200)
		return -1;
	if (client_status(&cl[ADMIN], "POST", "/api/v1/users",
			  "{\"username\":\"viewer1\",\"display_name\":\"麒麟区财政局\",\"role\":"
			  "\"viewer\",\"areas\":[\"530302\"],\"password\":\"viewer-pass-1\"}") !=
	    201)
		return -1;
	for (int i = 1; i < NROLES; i++) {
		client_init(&cl[i], srv.port);
		if (client_login(&cl[i], role_user[i],
				 i == VIEWER ? "viewer-pass-1" : DEMO_PASSWORD) != 200)
			return -1;
	}
	client_request(&cl[ENTERPRISE], "GET", "/api/v1/enterprises?page_size=1", NULL, NULL, &r);
	snprintf(firm[F_OWN], 32, "%s", json_path_str(r.json, "items.0.uscc"));
	response_free(&r);
	pick_firm("530302", firm[F_IN]);
	pick_firm("530381", firm[F_OUT]);
	for (int k = 0; k < NFIRMS; k++) {
		if (!firm[k][0])
			return -1;
		call(&cl[ADMIN], "GET", NULL, &r, "/api/v1/enterprises/%s", firm[k]);
		snprintf(firm_name[k], sizeof firm_name[k], "%s", json_path_str(r.json, "name"));
		response_free(&r);
		for (int i = 0; i < NROLES; i++)
			sees[i][k] = status_of(&cl[i], "GET", NULL, "/api/v1/enterprises/%s",
					       firm[k]) == 200;
	}
	if (call(&cl[ADMIN], "POST",
		 "{\"year\":2031,\"name\":\"测试批\",\"province\":\"云南省\",\"notice_on\":"
		 "\"2031-11-20\"}",
		 &r, "/api/v1/batches") != 201)
		return -1;
	batch_id = json_path_int(r.json, "id");
	response_free(&r);
	for (int k = 0; k < NFIRMS; k++) {
		char body[256];
		snprintf(body, sizeof body, "{\"batch_id\":%lld,\"uscc\":\"%s\"}", batch_id,
			 firm[k]);
		if (call(&cl[ADMIN], "POST", body, &r, "/api/v1/applications") != 201)
			return -1;
		app_id[k] = json_path_int(r.json, "id");
		response_free(&r);
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (int i = 0; i < NROLES; i++)
		client_cleanup(&cl[i]);
	return server_teardown(&srv);
}

/* ---- the role × route matrix ------------------------------------------------------------ */

static void test_matrix(void **state)
{
	(void)state;
	struct response r;
	for (int i = 0; i < NROLES; i++) {
		assert_int_equal(status_of(&cl[i], "GET", NULL, "/api/v1/batches"), 200);
		assert_int_equal(status_of(&cl[i], "GET", NULL, "/api/v1/batches/%lld", batch_id),
				 200);
		char body[128];
		snprintf(body, sizeof body, "{\"year\":2032,\"name\":\"矩阵批%d\"}", i);
		assert_int_equal(status_of(&cl[i], "POST", body, "/api/v1/batches"),
				 city(i) ? 201 : 403);
		assert_int_equal(status_of(&cl[i], "POST", "序号,企业名称,证书编号\n",
					   "/api/v1/batches/%lld/outcomes?dry_run=1", batch_id),
				 city(i) ? 200 : 403);
		/* the web client's upload names the file (the format is read from the content) */
		assert_int_equal(
			status_of(&cl[i], "POST", "序号,企业名称,证书编号\n",
				  "/api/v1/batches/%lld/"
				  "outcomes?dry_run=1&filename=%%E5%%90%%8D%%E5%%8D%%95.csv",
				  batch_id),
			city(i) ? 200 : 403);
		assert_int_equal(
			status_of(&cl[i], "POST", "序号,企业名称,登记编号\n",
				  "/api/v1/tsme/registrations?year=2026&dry_run=1&filename=a.xlsx"),
			city(i) ? 200 : 403);
		assert_int_equal(status_of(&cl[i], "GET", NULL, "/api/v1/annual-reports/risks"),
				 200);

		/* the list holds exactly what the role sees */
		assert_int_equal(call(&cl[i], "GET", NULL, &r, "/api/v1/applications?batch_id=%lld",
				      batch_id),
				 200);
		assert_int_equal(json_path_int(r.json, "total"),
				 sees[i][F_IN] + sees[i][F_OUT] + sees[i][F_OWN]);
		response_free(&r);
		for (int k = 0; k < NFIRMS; k++) {
			long see = sees[i][k] ? 200 : 404;
			long write = !sees[i][k] ? 404 : writer(i) ? 200 : 403;
			assert_int_equal(status_of(&cl[i], "GET", NULL, "/api/v1/applications/%lld",
						   app_id[k]),
					 see);
			assert_int_equal(status_of(&cl[i], "GET", NULL,
						   "/api/v1/enterprises/%s/applications", firm[k]),
					 see);
			assert_int_equal(status_of(&cl[i], "GET", NULL,
						   "/api/v1/enterprises/%s/tsme", firm[k]),
					 see);
			assert_int_equal(status_of(&cl[i], "GET", NULL,
						   "/api/v1/enterprises/%s/annual-reports",
						   firm[k]),
					 see);
			/* a recommendation and back */
			assert_int_equal(status_of(&cl[i], "POST",
						   "{\"stage\":\"county_recommended\"}",
						   "/api/v1/applications/%lld/stage", app_id[k]),
					 write);
			if (write == 200)
				assert_int_equal(
					status_of(&cl[i], "POST",
						  "{\"stage\":\"intended\",\"note\":\"退回\"}",
						  "/api/v1/applications/%lld/stage", app_id[k]),
					200);
			assert_int_equal(status_of(&cl[i], "POST",
						   "{\"year\":2030,\"reg_no\":\"2030530302A0001\"}",
						   "/api/v1/enterprises/%s/tsme", firm[k]),
					 write);
			assert_int_equal(status_of(&cl[i], "PUT", "{\"filed_on\":\"2030-05-01\"}",
						   "/api/v1/enterprises/%s/annual-reports/2029",
						   firm[k]),
					 write);
		}
	}
	/* review and outcomes are the city's: a county gets 403 on its own firm */
	assert_int_equal(status_of(&cl[ADMIN], "POST", "{\"ids\":[],\"stage\":\"submitted\"}",
				   "/api/v1/applications/stage"),
			 400);
	char body[128];
	snprintf(body, sizeof body, "{\"ids\":[%lld],\"stage\":\"county_recommended\"}",
		 app_id[F_IN]);
	assert_int_equal(status_of(&cl[COUNTY], "POST", body, "/api/v1/applications/stage"), 200);
	assert_int_equal(status_of(&cl[COUNTY], "POST", "{\"stage\":\"submitted\"}",
				   "/api/v1/applications/%lld/stage", app_id[F_IN]),
			 200);
	assert_int_equal(status_of(&cl[COUNTY], "POST", "{\"stage\":\"under_review\"}",
				   "/api/v1/applications/%lld/stage", app_id[F_IN]),
			 403);
	/* an illegal move names the stages */
	assert_int_equal(call(&cl[CITY], "POST", "{\"stage\":\"intended\"}", &r,
			      "/api/v1/applications/%lld/stage", app_id[F_IN]),
			 400);
	assert_string_equal(json_path_str(r.json, "error.message"),
			    "不允许从“已提交”变更为“拟申报”");
	response_free(&r);
}

/* ---- the public-notice list --------------------------------------------------------------- */

static void test_outcomes(void **state)
{
	(void)state;
	struct response r;
	char list[2048];
	/* OUT and OWN to publicised (IN stays where the matrix left it: submitted) */
	for (int k = F_OUT; k <= F_OWN; k++) {
		static const char *const path[] = {"county_recommended", "submitted",
						   "under_review", "publicised"};
		for (size_t s = 0; s < 4; s++) {
			char body[64];
			snprintf(body, sizeof body, "{\"stage\":\"%s\"}", path[s]);
			assert_int_equal(status_of(&cl[CITY], "POST", body,
						   "/api/v1/applications/%lld/stage", app_id[k]),
					 200);
		}
	}
	/* the list as published: a title row, then 序号, 企业名称, 证书编号, 所在地区 */
	snprintf(list, sizeof list,
		 "云南省2031年拟认定高新技术企业名单\n"
		 "序号,企业名称,证书编号,所在地区\n"
		 "1,%s,GR203153000001,曲靖市\n"
		 "2,%s,GR203153000002,曲靖市\n"
		 "3,%s,GR203153000003,曲靖市\n"
		 "4,昆明滇池某某科技有限公司,GR203153000004,昆明市\n",
		 firm_name[F_IN], firm_name[F_OUT], firm_name[F_OWN]);
	assert_int_equal(call(&cl[CITY], "POST", list, &r,
			      "/api/v1/batches/%lld/outcomes?dry_run=1", batch_id),
			 200);
	assert_int_equal(json_path_int(r.json, "rows"), 4);
	assert_int_equal(json_path_int(r.json, "changed"), 3);
	assert_int_equal(json_path_int(r.json, "unmatched"), 1);
	assert_int_equal(json_path_int(r.json, "header_row"), 2);
	assert_false(json_is_true(json_path(r.json, "committed")));
	assert_string_equal(json_path_str(r.json, "lines.3.result"), "unmatched");
	assert_int_equal(json_path_int(r.json, "lines.3.row"), 6);
	response_free(&r);
	call(&cl[ADMIN], "GET", NULL, &r, "/api/v1/enterprises/%s", firm[F_OUT]);
	assert_null(json_path_str(r.json, "hnte_cert_no"));
	response_free(&r);

	assert_int_equal(
		call(&cl[CITY], "POST", list, &r, "/api/v1/batches/%lld/outcomes", batch_id), 200);
	assert_int_equal(json_path_int(r.json, "changed"), 3);
	assert_true(json_is_true(json_path(r.json, "committed")));
	response_free(&r);
	call(&cl[COUNTY2], "GET", NULL, &r, "/api/v1/enterprises/%s", firm[F_OUT]);
	assert_string_equal(json_path_str(r.json, "tier"), "hnte");
	assert_string_equal(json_path_str(r.json, "hnte_cert_no"), "GR203153000002");
	assert_string_equal(json_path_str(r.json, "hnte_issued_on"), "2031-11-20");
	response_free(&r);
	call(&cl[COUNTY2], "GET", NULL, &r, "/api/v1/applications/%lld", app_id[F_OUT]);
	assert_string_equal(json_path_str(r.json, "stage"), "recognised");
	char last[32];
	snprintf(last, sizeof last, "history.%zu",
		 json_array_size(json_path(r.json, "history")) - 1);
	assert_string_equal(json_string_value(json_object_get(json_path(r.json, last), "to")),
			    "recognised");
	assert_string_equal(json_string_value(json_object_get(json_path(r.json, last), "note")),
			    "公示名单导入");
	assert_non_null(json_path(r.json, "assessment"));
	response_free(&r);

	/* again: nothing changes */
	assert_int_equal(
		call(&cl[CITY], "POST", list, &r, "/api/v1/batches/%lld/outcomes", batch_id), 200);
	assert_int_equal(json_path_int(r.json, "changed"), 0);
	assert_int_equal(json_path_int(r.json, "unchanged"), 3);
	assert_int_equal(json_path_int(r.json, "unmatched"), 1);
	response_free(&r);

	/* the pipeline counts per scope */
	call(&cl[CITY], "GET", NULL, &r, "/api/v1/batches/%lld", batch_id);
	assert_int_equal(json_path_int(r.json, "counts.recognised"), 3);
	response_free(&r);
	call(&cl[COUNTY2], "GET", NULL, &r, "/api/v1/batches/%lld", batch_id);
	assert_int_equal(json_path_int(r.json, "counts.recognised"),
			 sees[COUNTY2][F_IN] + sees[COUNTY2][F_OUT] + sees[COUNTY2][F_OWN]);
	response_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matrix),
		cmocka_unit_test(test_outcomes),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
