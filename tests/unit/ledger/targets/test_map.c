/*
 * Tests of ledger/targets/map: the check of an uploaded GeoJSON against the
 * areas (matched by code, then by name; the report of the areas without a
 * feature and the features without an area; refusals naming the feature;
 * the size cap; the normalised text); storing it (targets.manage, audited,
 * replaced by the next upload, a dry run stores nothing), reading it
 * (targets.read) and deleting it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "support/ledger_fixture.h"

#include "core/arena.h"
#include "ledger/targets/map.h"

static const struct area areas[] = {
	{"530302", "麒麟区", "district", ""},
	{"530303", "沾益区", "district", ""},
	{"530304", "马龙区", "district", ""},
};

#define SQUARE "\"coordinates\":[[[103,25],[103.5,25],[103.5,25.5],[103,25.5],[103,25]]]"
#define FEATURE(props, type)                                                                       \
	"{\"type\":\"Feature\",\"properties\":{" props "},\"geometry\":{\"type\":\"" type          \
	"\"," SQUARE "}}"
#define COLLECTION(features) "{\"type\":\"FeatureCollection\",\"features\":[" features "]}"

static int check(const char *text, struct arena *a, struct boardmap *m, struct err *e)
{
	return boardmap_check(text, strlen(text), "x.geojson", areas, 3, a, m, e);
}

static void test_check(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct boardmap m;
	struct err e;
	err_clear(&e);
	/* by code (a number or a string), by name; one unmatched; 马龙区 missing */
	assert_int_equal(
		check(COLLECTION(FEATURE("\"adcode\":530302", "Polygon") "," FEATURE(
			      "\"name\":\"沾益区\"",
			      "Polygon") "," FEATURE("\"name\":\"别处\",\"adcode\":\"110101\"",
						     "Polygon")),
		      a, &m, &e),
		0);
	assert_int_equal(m.features, 3);
	assert_int_equal(m.matched, 2);
	assert_string_equal(m.name, "x.geojson");
	assert_false(m.schematic);
	assert_int_equal(m.n_missing, 1);
	assert_string_equal(m.missing[0].code, "530304");
	assert_int_equal(m.n_unmatched, 1);
	assert_int_equal(m.unmatched[0].index, 3);
	assert_string_equal(m.unmatched[0].name, "别处");
	assert_non_null(strstr(m.data, "\"name\":\"麒麟区\""));
	assert_non_null(strstr(m.data, "\"area\":\"530303\""));
	assert_non_null(strstr(m.data, "\"area\":null"));
	assert_null(strstr(m.data, "adcode")); /* only name and area are kept */
	assert_int_equal((size_t)m.size, strlen(m.data));

	/* the normalised text checks again to the same text; a name and the schematic mark */
	struct boardmap again;
	assert_int_equal(check(m.data, a, &again, &e), 0);
	assert_string_equal(again.data, m.data);
	assert_int_equal(
		check("{\"type\":\"FeatureCollection\",\"name\":\"示意\",\"schematic\":true,"
		      "\"features\":[" FEATURE("\"code\":\"530304\"", "MultiPolygon") "]}",
		      a, &m, &e),
		ERR_INVALID); /* a MultiPolygon's coordinates are one level deeper */
	assert_non_null(strstr(e.msg, "第1个要素（530304）"));
	assert_int_equal(
		check("{\"type\":\"FeatureCollection\",\"name\":\"示意\",\"schematic\":true,"
		      "\"features\":[{\"type\":\"Feature\",\"properties\":{\"code\":\"530304\"},"
		      "\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[[[[103,25],[103.5,"
		      "25],[103.5,25.5],[103,25]]]]}}]}",
		      a, &m, &e),
		0);
	assert_string_equal(m.name, "示意");
	assert_true(m.schematic);
	assert_int_equal(m.n_missing, 2);

	/* refusals, each naming what is wrong */
	static const struct {
		const char *text, *needle;
		int rc;
	} bad[] = {
		{"", "为空", ERR_INVALID},
		{"{\"type\":", "JSON", ERR_INVALID},
		{"{\"type\":\"Feature\"}", "FeatureCollection", ERR_INVALID},
		{"{\"type\":\"FeatureCollection\",\"features\":{}}", "features", ERR_INVALID},
		{COLLECTION("1"), "第1个要素：应为对象", ERR_INVALID},
		{COLLECTION(FEATURE("\"name\":\"麒麟区\"", "Point")),
		 "第1个要素（麒麟区）：几何类型", ERR_INVALID},
		{COLLECTION(FEATURE("\"name\":\"麒麟区\"",
				    "Polygon") "," FEATURE("\"adcode\":530302", "Polygon")),
		 "第2个要素（530302）与第1个要素都对应区域麒麟区", ERR_INVALID},
		{COLLECTION(FEATURE("\"title\":\"麒麟区\"", "Polygon")), "缺少区域代码或名称",
		 ERR_INVALID},
		{COLLECTION(FEATURE("\"name\":\"别处\"", "Polygon")), "没有一个要素", ERR_INVALID},
		{COLLECTION("{\"type\":\"Feature\",\"properties\":{\"name\":\"麒麟区\"}}"),
		 "缺少几何", ERR_INVALID},
		{COLLECTION(
			 "{\"type\":\"Feature\",\"properties\":{\"name\":\"麒麟区\"},\"geometry\":{"
			 "\"type\":\"Polygon\",\"coordinates\":[[[103,25],[104,25],[103,25]]]}}"),
		 "坐标无效", ERR_INVALID},
		{COLLECTION(
			 "{\"type\":\"Feature\",\"properties\":{\"name\":\"麒麟区\"},\"geometry\":{"
			 "\"type\":\"Polygon\",\"coordinates\":[[[103,25],[104,\"x\"],[104,26],["
			 "103,"
			 "25]]]}}"),
		 "坐标无效", ERR_INVALID},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err_clear(&e);
		int rc = check(bad[i].text, a, &m, &e);
		if (rc != bad[i].rc || !strstr(e.msg, bad[i].needle))
			fail_msg("%s: %d %s", bad[i].text, rc, e.msg);
	}
	/* the size cap, before anything is parsed */
	size_t big = BOARDMAP_MAX + 1;
	char *huge = malloc(big);
	memset(huge, ' ', big);
	assert_int_equal(boardmap_check(huge, big, NULL, areas, 3, a, &m, &e), ERR_TOO_BIG);
	free(huge);
	arena_free(a);
}

static void test_store(void **state)
{
	struct fixture *f = *state;
	struct ledger city = fixture_as(f, f->u_city), county = fixture_as(f, f->u_county1),
		      expert = fixture_as(f, f->u_expert), admin = fixture_as(f, f->u_admin);
	struct arena *a = arena_new();
	struct boardmap m;
	struct err e;
	err_clear(&e);
	static const char one[] = COLLECTION(FEATURE("\"adcode\":\"530302\"", "Polygon"));
	static const char two[] = COLLECTION(FEATURE(
		"\"adcode\":\"530302\"", "Polygon") "," FEATURE("\"name\":\"沾益区\"", "Polygon"));
	assert_int_equal(boardmap_get(&city, a, &m, &e), ERR_NOT_FOUND);
	assert_int_equal(boardmap_put(&county, one, strlen(one), NULL, 0, a, &m, &e),
			 ERR_FORBIDDEN);
	/* a dry run reports and stores nothing */
	assert_int_equal(boardmap_put(&city, one, strlen(one), "qj.json", 1, a, &m, &e), 0);
	assert_int_equal(m.matched, 1);
	assert_int_equal(boardmap_get(&city, a, &m, &e), ERR_NOT_FOUND);
	assert_int_equal(boardmap_put(&city, one, strlen(one), "qj.json", 0, a, &m, &e), 0);
	assert_int_equal(fixture_audit_rows(f, "target_map", "1", "create"), 1);
	assert_int_equal(boardmap_put(&admin, two, strlen(two), "qj2.json", 0, a, &m, &e), 0);
	assert_int_equal(fixture_audit_rows(f, "target_map", "1", "update"), 1);
	/* a bad upload changes nothing */
	assert_int_equal(boardmap_put(&city, "{}", 2, NULL, 0, a, &m, &e), ERR_INVALID);
	/* read by the county (targets.read), not by an expert */
	assert_int_equal(boardmap_get(&county, a, &m, &e), 0);
	assert_string_equal(m.name, "qj2.json");
	assert_int_equal(m.features, 2);
	assert_int_equal(m.matched, 2);
	assert_string_equal(m.uploaded_by, "admin1");
	assert_true(m.n_missing >= 1);
	assert_non_null(strstr(m.data, "\"area\":\"530303\""));
	assert_int_equal(boardmap_get(&expert, a, &m, &e), ERR_FORBIDDEN);
	/* deleted */
	assert_int_equal(boardmap_delete(&county, &e), ERR_FORBIDDEN);
	assert_int_equal(boardmap_delete(&city, &e), 0);
	assert_int_equal(fixture_audit_rows(f, "target_map", "1", "delete"), 1);
	assert_int_equal(boardmap_delete(&city, &e), ERR_NOT_FOUND);
	assert_int_equal(boardmap_get(&county, a, &m, &e), ERR_NOT_FOUND);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check),
		cmocka_unit_test_setup_teardown(test_store, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
