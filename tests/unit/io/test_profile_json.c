/* Tests of io/profile_json: strict reading of the profile JSON (rules.md §1) and the result JSON
 * (§7). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/date.h"
#include "io/profile_json.h"

static struct profile prof;

static int setup(void **state)
{
	(void)state;
	profile_init(&prof);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	profile_cleanup(&prof);
	return 0;
}

/* Parse TEXT and read it as a profile; returns the rc, E filled. */
static int read_text(const char *text, struct err *e)
{
	json_t *v = NULL;
	err_clear(e);
	int rc = profile_json_parse_text(text, strlen(text), &v, e);
	if (!rc)
		rc = profile_json_read(v, date_from_ymd(2024, 6, 30), &prof, NULL, "", e);
	json_decref(v);
	return rc;
}

struct bad_case {
	const char *json;
	const char *field; /* the path E must name */
	const char *fact;
};

static const struct bad_case bad_cases[] = {
	{"{\"years\":[{\"year\":2023,\"sales\":1234.567}]}", "years[0].sales",
	 "a JSON real with three decimals of 元 is rejected"},
	{"{\"years\":[{\"year\":2023,\"sales\":\"1234.567\"}]}", "years[0].sales",
	 "a string with three decimals is rejected"},
	{"{\"years\":[{\"year\":2023},{\"year\":2022,\"rd\":{\"personnel\":\"12x\"}}]}",
	 "years[1].rd.personnel", "a malformed amount names the category"},
	{"{\"ip\":[{\"kind\":\"trademark\"}]}", "ip[0].kind", "trademarks are not IP here"},
	{"{\"ip\":[{\"number\":\"x\"}]}", "ip[0].kind", "an IP item needs its kind"},
	{"{\"ip\":[{\"kind\":\"utility_model\",\"acquired\":\"bought\"}]}", "ip[0].acquired",
	 "an unknown acquisition mode"},
	{"{\"registered_on\":\"2023-02-30\"}", "registered_on", "30 February does not exist"},
	{"{\"apply_on\":\"2024/06/30\"}", "apply_on", "dates are YYYY-MM-DD"},
	{"{\"years\":[{\"year\":2023,\"staff\":-1}]}", "years[0].staff", "a negative head count"},
	{"{\"years\":[{\"year\":2023,\"staff\":10.005}]}", "years[0].staff",
	 "head counts have at most two decimals"},
	{"{\"years\":[{\"year\":2023,\"staff\":10,\"st_staff\":11}]}", "years[0].st_staff",
	 "S&T staff cannot exceed the staff"},
	{"{\"years\":[{\"year\":2023},{\"year\":2023}]}", "years[1].year", "a year given twice"},
	{"{\"years\":[{\"sales\":1}]}", "years[0].year", "a year needs its year"},
	{"{\"years\":[{\"year\":2023,\"conversions\":1.5}]}", "years[0].conversions",
	 "conversions are whole numbers"},
	{"{\"years\":[{\"year\":2023,\"sales\":\"-5\"}]}", "years[0].sales", "negative amounts"},
	{"{\"qualitative\":{\"advancement\":\"F\"}}", "qualitative.advancement",
	 "band letters are A–E"},
	{"{\"qualitative\":{\"advancement\":9}}", "qualitative.advancement", "at most 8 points"},
	{"{\"qualitative\":{\"rd_org\":[7,0,0,0]}}", "qualitative.rd_org[0]",
	 "the first R&D management item has 6 points"},
	{"{\"qualitative\":{\"rd_org\":[1,2,3]}}", "qualitative.rd_org", "four items"},
	{"{\"incidents\":[{\"kind\":\"fire\",\"on\":\"2024-01-01\"}]}", "incidents[0].kind",
	 "an unknown incident kind"},
	{"{\"tsme\":{\"resident\":\"yes\"}}", "tsme.resident", "flags are booleans"},
	{"{\"field\":\"1O1\"}", "field", "field codes are digits"},
	{"{\"nmae\":\"x\"}", "nmae", "an unknown member is named"},
	{"{\"settings\":{\"rules\":\"hnte-2008\"}}", "settings.rules", "an unknown rule set"},
	{"[1]", "profile", "a profile is an object"},
};

static void test_bad_profiles_name_the_field(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
		const struct bad_case *c = &bad_cases[i];
		struct err e;
		int rc = read_text(c->json, &e);
		if (rc == 0)
			fail_msg("%s: accepted", c->fact);
		if (strcmp(e.field, c->field))
			fail_msg("%s: field '%s', want '%s' (%s)", c->fact, e.field, c->field,
				 e.msg);
		if (!strstr(e.msg, c->field))
			fail_msg("%s: the message must name the field: %s", c->fact, e.msg);
	}
}

struct amount_case {
	const char *json_value;
	int64_t fen;
	const char *fact;
};

static const struct amount_case amounts[] = {
	{"1234.56", 123456, "a JSON real with two decimals is exact"},
	{"0.3", 30, "0.3 (not exact as a double) is 30 fen"},
	{"50000000", 5000000000LL, "a JSON integer is exact"},
	{"\"50,000,000.01\"", 5000000001LL, "a string with separators"},
	{"\"1322.5\"", 132250, "one decimal"},
	{"1000000000000000", 100000000000000000LL, "the cap: 10^15 元"},
	{"null", PROFILE_NONE, "null is absent"},
};

static void test_amounts_exact(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof amounts / sizeof amounts[0]; i++) {
		char text[200];
		snprintf(text, sizeof text, "{\"years\":[{\"year\":2023,\"sales\":%s}]}",
			 amounts[i].json_value);
		struct err e;
		if (read_text(text, &e))
			fail_msg("%s: %s", amounts[i].fact, e.msg);
		if (prof.years[0].sales != amounts[i].fen)
			fail_msg("%s: %lld fen", amounts[i].fact, (long long)prof.years[0].sales);
	}
	struct err e;
	assert_int_equal(read_text("{\"years\":[{\"year\":2023,\"sales\":1000000000000001}]}", &e),
			 ERR_INVALID);
	assert_int_equal(read_text("{\"years\":[{\"year\":2023,\"sales\":1e300}]}", &e),
			 ERR_INVALID);
}

static void test_defaults_and_absence(void **state)
{
	(void)state;
	struct err e;
	assert_int_equal(read_text("{\"ip\":[{\"kind\":\"software_copyright\"}],"
				   "\"years\":[{\"year\":2023,\"rd\":{\"personnel\":100}}]}",
				   &e),
			 0);
	assert_int_equal(prof.apply_on, date_from_ymd(2024, 6, 30)); /* the default given */
	assert_int_equal(prof.ip_given, 1);
	assert_int_equal(prof.ip[0].valid, 1);			  /* valid absent = true */
	assert_int_equal(prof.ip[0].acquired, PROFILE_ACQ_SELF);  /* acquired absent = self */
	assert_int_equal(prof.ip[0].granted_on, PROFILE_NO_DATE); /* no date check */
	assert_int_equal(prof.years[0].rd_given, 1);
	assert_int_equal(prof.years[0].rd[PROFILE_RD_PERSONNEL], 10000);
	assert_true(prof.years[0].rd[PROFILE_RD_OTHER] == PROFILE_NONE); /* engine: absent = 0 */
	assert_true(prof.years[0].sales == PROFILE_NONE);		 /* never zero */
	assert_int_equal(prof.tsme.resident, PROFILE_FLAG_NONE);
	/* "ip" absent is unknown, "ip": [] is none */
	assert_int_equal(read_text("{}", &e), 0);
	assert_int_equal(prof.ip_given, 0);
	assert_int_equal(read_text("{\"ip\":[]}", &e), 0);
	assert_int_equal(prof.ip_given, 1);
	assert_int_equal(prof.n_ip, 0);
}

static const char example[] =
	"{\"uscc\":\"91530302MA6K00000X\",\"name\":\"曲靖示例科技有限公司\","
	"\"registered_on\":\"2019-05-20\",\"apply_on\":\"2024-06-30\",\"field\":\"10101\","
	"\"years\":[{\"year\":2021,\"staff\":80,\"st_staff\":12,\"sales\":32000000,"
	"\"gross_income\":32500000,\"hitech_income\":21000000,\"rd\":{\"personnel\":900000,"
	"\"other\":100000,\"entrusted_overseas\":200000},\"total_assets\":40000000,"
	"\"total_liabilities\":28000000,\"cost_expense_total\":30000000,\"conversions\":2},"
	"{\"year\":2022,\"staff\":85.5,\"st_staff\":13,\"sales\":\"36000000.00\","
	"\"gross_income\":36500000,\"hitech_income\":25000000,\"rd_total\":1500000,"
	"\"rd_domestic\":1500000,\"total_assets\":44000000,\"total_liabilities\":29000000,"
	"\"conversions\":3}],"
	"\"ip\":[{\"kind\":\"invention_patent\",\"number\":\"ZL1\",\"granted_on\":\"2022-03-01\","
	"\"used_in_recognition\":2021,\"valid\":false}],"
	"\"qualitative\":{\"advancement\":\"B\",\"core_support\":6,\"rd_org\":[5,null,3,3],"
	"\"standards\":false},\"incidents\":[{\"kind\":\"serious_env\",\"on\":\"2023-11-02\"}],"
	"\"hnte\":{\"certificate\":\"GR202153000123\",\"issued_on\":\"2021-12-03\"},"
	"\"tsme\":{\"resident\":true,\"integrity_issue\":false}}";

static void test_round_trip(void **state)
{
	(void)state;
	struct err e;
	assert_int_equal(read_text(example, &e), 0);
	struct strbuf a, b;
	strbuf_init(&a, 0);
	strbuf_init(&b, 0);
	assert_int_equal(profile_json_write(&prof, &a), 0);
	/* reading what was written and writing again gives the same text */
	assert_int_equal(read_text(strbuf_cstr(&a), &e), 0);
	assert_int_equal(profile_json_write(&prof, &b), 0);
	assert_string_equal(strbuf_cstr(&a), strbuf_cstr(&b));
	assert_non_null(strstr(strbuf_cstr(&a), "\"staff\":85.5"));
	assert_non_null(strstr(strbuf_cstr(&a), "\"sales\":\"36000000.00\""));
	assert_non_null(strstr(strbuf_cstr(&a), "\"rd_org\":[5,null,3,3]"));
	assert_non_null(strstr(strbuf_cstr(&a), "\"used_in_recognition\":2021,\"valid\":false"));
	strbuf_cleanup(&a);
	strbuf_cleanup(&b);
}

static void test_result_json(void **state)
{
	(void)state;
	struct err e;
	assert_int_equal(read_text(example, &e), 0);
	static struct assess_result res;
	assert_int_equal(assess_run(NULL, NULL, &prof, &res, &e), 0);
	struct strbuf sb;
	strbuf_init(&sb, 0);
	assert_int_equal(profile_json_write_result(&res, &prof, NULL, &sb), 0);
	/* the output is valid JSON with the members of rules.md §7 */
	json_error_t je;
	json_t *v = json_loads(strbuf_cstr(&sb), JSON_REJECT_DUPLICATES, &je);
	if (!v)
		fail_msg("invalid JSON at %d: %s", je.position, je.text);
	assert_string_equal(json_string_value(json_object_get(v, "rules")), "hnte-2016+tsme-2022");
	json_t *h = json_object_get(v, "hnte");
	assert_string_equal(json_string_value(json_object_get(h, "verdict")), "fail");
	json_t *c2 = json_array_get(json_object_get(h, "conditions"), 1);
	assert_string_equal(json_string_value(json_object_get(c2, "id")), "C2");
	assert_string_equal(json_string_value(json_object_get(c2, "status")), "fail"); /* lapsed */
	json_t *growth =
		json_object_get(json_object_get(json_object_get(h, "score"), "parts"), "growth");
	/* two fiscal years (2023 absent... 2021 and 2022 given; 2023 missing) */
	assert_non_null(growth);
	assert_non_null(json_object_get(v, "tsme"));
	assert_true(json_is_array(json_object_get(v, "gaps")));
	json_decref(v);
	strbuf_cleanup(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_profiles_name_the_field),
		cmocka_unit_test(test_amounts_exact),
		cmocka_unit_test(test_defaults_and_absence),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_result_json),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
