/* Tests of ledger/ledger_json: the strbuf-free writer ledger_jobj gives exactly
 * the text of the jansson helpers (audit rows written by the import must not
 * differ from those written one at a time). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ledger/ledger.h"
#include "ledger/base/json.h"

struct jcase {
	const char *fact;
	const char *s1; /* member "zeta" */
	const char *s2; /* member "alpha" (NULL = null) */
	int64_t num;	/* member "mid" */
	int32_t day;	/* member "day" */
	const char *want;
};

static const struct jcase cases[] = {
	{"plain members come out sorted by key, compact", "z", "a", 7, 0,
	 "{\"alpha\":\"a\",\"b\":true,\"day\":\"1970-01-01\",\"mid\":7,\"zeta\":\"z\"}"},
	{"null string, absent number and date are null", "", NULL, LEDGER_NONE, LEDGER_NO_DATE,
	 "{\"alpha\":null,\"b\":true,\"day\":null,\"mid\":null,\"zeta\":\"\"}"},
	{"quote, backslash, \\b \\f \\n \\r \\t escaped short; other controls as \\u00XX upper "
	 "case; slash and DEL kept",
	 "q\"b\\\b\f\n\r\t\x01\x1f/\x7f", "x", -42, 19497,
	 "{\"alpha\":\"x\",\"b\":true,\"day\":\"2023-05-20\",\"mid\":-42,"
	 "\"zeta\":\"q\\\"b\\\\\\b\\f\\n\\r\\t\\u0001\\u001F/\x7f\"}"},
	{"UTF-8 text kept as is; the largest money amount exact", "曲靖测试企业", "麒麟区",
	 INT64_MAX, 0,
	 "{\"alpha\":\"麒麟区\",\"b\":true,\"day\":\"1970-01-01\",\"mid\":9223372036854775807,"
	 "\"zeta\":\"曲靖测试企业\"}"},
	{"a string that is not valid UTF-8 leaves its member out (as jansson)", "bad\xff", "ok", 0,
	 0, "{\"alpha\":\"ok\",\"b\":true,\"day\":\"1970-01-01\",\"mid\":0}"},
	{"overlong and surrogate encodings are invalid too", "\xc0\xaf", "\xed\xa0\x80", 1, 0,
	 "{\"b\":true,\"day\":\"1970-01-01\",\"mid\":1}"},
};

static void test_jobj_matches_jansson(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct jcase *c = &cases[i];
		struct ledger_jobj o;
		ledger_jobj_init(&o);
		ledger_jobj_str(&o, "zeta", c->s1);
		ledger_jobj_str(&o, "alpha", c->s2);
		ledger_jobj_int(&o, "mid", c->num);
		ledger_jobj_bool(&o, "b", 1);
		ledger_jobj_date(&o, "day", c->day);
		char *got = ledger_jobj_take(&o);

		json_t *j = json_object();
		ledger_json_str(j, "zeta", c->s1);
		ledger_json_str(j, "alpha", c->s2);
		ledger_json_int(j, "mid", c->num);
		ledger_json_bool(j, "b", 1);
		ledger_json_date(j, "day", c->day);
		char *ref = ledger_json_take(j);

		if (strcmp(got, c->want) || strcmp(ref, c->want))
			print_error("case %zu (%s):\n got %s\n ref %s\nwant %s\n", i, c->fact, got,
				    ref, c->want);
		assert_string_equal(got, c->want);
		assert_string_equal(ref, c->want);
		free(got);
		free(ref);
	}
}

static void test_jobj_empty_and_false(void **state)
{
	(void)state;
	struct ledger_jobj o;
	ledger_jobj_init(&o);
	char *got = ledger_jobj_take(&o);
	assert_string_equal(got, "{}"); /* no members: an empty object */
	free(got);
	ledger_jobj_init(&o);
	ledger_jobj_bool(&o, "locked", 0);
	ledger_jobj_int(&o, "year", 2024);
	got = ledger_jobj_take(&o);
	assert_string_equal(got, "{\"locked\":false,\"year\":2024}");
	free(got);
}

/* ledger_jobj_same: equal exactly when the encodings are; omit_null drops null members. */
static void test_jobj_same(void **state)
{
	(void)state;
	static const struct {
		const char *a, *b; /* "name" values (NULL = null) */
		int64_t x, y;	   /* "n" values */
		int omit_null;
		int same;
	} rows[] = {
		{"甲", "甲", 1, 1, 0, 1},
		{"甲", "乙", 1, 1, 0, 0},
		{"甲", "甲", 1, 2, 0, 0},
		{"", NULL, 1, 1, 0, 0},			      /* "" is not null */
		{NULL, NULL, LEDGER_NONE, LEDGER_NONE, 1, 1}, /* both left out */
		{"ab", "a", 1, 1, 0, 0},		      /* a prefix is not equal */
		{"a\xff", "b\xff", 1, 1, 0, 1}, /* invalid UTF-8: left out on both sides */
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct ledger_jobj a, b, a2, b2;
		struct ledger_jobj *all[4] = {&a, &b, &a2, &b2};
		for (int k = 0; k < 4; k++) {
			ledger_jobj_init(all[k]);
			all[k]->omit_null = rows[i].omit_null;
			ledger_jobj_str(all[k], "name", k % 2 ? rows[i].b : rows[i].a);
			ledger_jobj_int(all[k], "n", k % 2 ? rows[i].y : rows[i].x);
		}
		char *ta = ledger_jobj_take(&a2), *tb = ledger_jobj_take(&b2);
		assert_int_equal(ledger_jobj_same(&a, &b), rows[i].same);
		assert_int_equal(!strcmp(ta, tb), rows[i].same);
		if (rows[i].omit_null && !rows[i].a)
			assert_string_equal(ta, "{}");
		free(ta);
		free(tb);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jobj_matches_jansson),
		cmocka_unit_test(test_jobj_empty_and_false),
		cmocka_unit_test(test_jobj_same),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
