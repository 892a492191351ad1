/* Tests of rules/uscc: GB 32100 check characters on published real codes and every error kind. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "rules/uscc.h"

/* rules-sources.md §7.5: published real codes, all valid. */
static const char *const published[] = {
	"91110000600037341L", "91110000710926094P", "91120224064012553U", "91310000631696382C",
	"91310115MA1K3BTP2B", "91440300568520498A", "9144030071526726XG", "913505007821784439",
	"9131012056010553X5", "91420684MA4927PJ7B", "91340600MA2PBM9HXD", "91620105L015101280",
	"92340602MA2PBMEM24", "121200004013590816",
};

static void test_published_codes_are_valid(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof published / sizeof published[0]; i++) {
		struct uscc u;
		struct err e;
		err_clear(&e);
		int rc = uscc_parse(published[i], strlen(published[i]), 0, &u, &e);
		if (rc != 0)
			fail_msg("%s should be valid: %s", published[i], e.msg);
		assert_string_equal(u.code, published[i]);
		assert_int_equal(u.check_ok, 1);
		assert_int_equal(u.expected_check, published[i][17]);
		assert_int_equal(uscc_check_char(published[i]), published[i][17]);
		assert_int_equal(uscc_valid(published[i]), 1);
	}
}

struct info_case {
	const char *code;
	const char *authority;
	const char *category;
	const char *region;
	int enterprise;
};

static const struct info_case info_cases[] = {
	{"91110000600037341L", "工商", "企业", "110000", 1},
	{"92340602MA2PBMEM24", "工商", "个体工商户", "340602", 0},
	{"121200004013590816", "机构编制", "事业单位", "120000", 0},
	{"91620105L015101280", "工商", "企业", "620105", 1},
};

static void test_positions_one_to_eight_are_decoded(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof info_cases / sizeof info_cases[0]; i++) {
		const struct info_case *c = &info_cases[i];
		struct uscc u;
		assert_int_equal(uscc_parse(c->code, strlen(c->code), 0, &u, NULL), 0);
		assert_string_equal(u.authority, c->authority);
		assert_string_equal(u.category, c->category);
		assert_string_equal(u.region, c->region);
		assert_int_equal(uscc_is_enterprise(u.code), c->enterprise);
	}
}

/* The worked example of the standard: prefix 91350100M000100Y4 → Σ 1640, 1640 mod 31 = 28, C18 = 3.
 */
static void test_worked_example_check_char_is_3(void **state)
{
	(void)state;
	assert_int_equal(uscc_check_char("91350100M000100Y4"), '3');
	assert_int_equal(uscc_valid("91350100M000100Y43"), 1);
	assert_int_equal(uscc_check_char("91350100M000100Y4"),
			 uscc_check_char("91350100m000100y4"));
	assert_int_equal(uscc_check_char("91350100M0001O0Y4"), '\0'); /* O is not in the alphabet */
}

static void test_lower_case_and_spaces_are_normalised(void **state)
{
	(void)state;
	struct uscc u;
	const char *in = "  91310115ma1k3btp2b\n";
	assert_int_equal(uscc_parse(in, strlen(in), 0, &u, NULL), 0);
	assert_string_equal(u.code, "91310115MA1K3BTP2B");
	assert_int_equal(uscc_valid("9144030071526726xg"), 1);
}

struct bad_case {
	const char *code;
	const char *msg;
	const char *why;
};

static const struct bad_case bad_cases[] = {
	{"91110000600037341N", "第18位校验码应为L，实际为N", "published wrong check character"},
	{"91350100M000100Y4Z", "第18位字符“Z”不允许：统一社会信用代码不使用I、O、S、V、Z",
	 "Z is outside the alphabet even at position 18"},
	{"91350100M000100Y42", "第18位校验码应为3，实际为2", "the standard's example, wrong digit"},
	{"", "统一社会信用代码不能为空", "empty"},
	{"   ", "统一社会信用代码不能为空", "only spaces"},
	{"91110000600037341", "统一社会信用代码应为18位，实际为17位", "one character short"},
	{"91110000600037341LL", "统一社会信用代码应为18位，实际为19位", "one character long"},
	{"B1110000600037341L", "第1位登记管理部门代码“B”无效（应为1–9、A、N、Y之一）",
	 "B is no registration authority"},
	{"01110000600037341L", "第1位登记管理部门代码“0”无效（应为1–9、A、N、Y之一）",
	 "0 is no registration authority"},
	{"94110000600037341L", "第2位机构类别代码“4”无效：登记管理部门“工商”下应为1、2、3之一",
	 "工商 has categories 1–3 only"},
	{"Y2110000600037341L", "第2位机构类别代码“2”无效：登记管理部门“其他”下应为1之一",
	 "Y has category 1 only"},
	{"911A0000600037341L", "第4位应为数字（第3–8位是行政区划码），实际为“A”",
	 "region code must be digits"},
	{"91990000600037341L", "第3–8位行政区划码“990000”无效：“99”不是省级行政区划代码",
	 "99 is no province"},
	{"91110000600I37341L", "第12位字符“I”不允许：统一社会信用代码不使用I、O、S、V、Z",
	 "I is not used"},
	{"91110000600o37341L", "第12位字符“O”不允许：统一社会信用代码不使用I、O、S、V、Z",
	 "lower-case o is upper-cased, then refused"},
	{"91110000600-37341L", "第12位字符“-”不是允许的字符（只能是数字和大写字母）",
	 "punctuation"},
	{"911100006000 7341L", "第13位字符“ ”不是允许的字符（只能是数字和大写字母）",
	 "an inner space"},
	{"91110000６00037341L", "第9位字符“６”不是允许的字符（只能是数字和大写字母）",
	 "a full-width digit counts as one character and is named"},
	{"91350100M0001TGQXM", "第18位校验码应为1，实际为M", "Fujian pilot code: check char 1"},
};

static void test_bad_codes_name_the_position(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
		const struct bad_case *c = &bad_cases[i];
		struct err e;
		err_clear(&e);
		int rc = uscc_parse(c->code, strlen(c->code), 0, NULL, &e);
		if (rc != ERR_INVALID)
			fail_msg("%s: '%s' should be invalid (rc %d)", c->why, c->code, rc);
		if (strcmp(e.msg, c->msg) != 0)
			fail_msg("%s: '%s' gave '%s', expected '%s'", c->why, c->code, e.msg,
				 c->msg);
		assert_string_equal(e.field, "uscc");
		assert_int_equal(uscc_valid(c->code), 0);
	}
}

/* §7.5: legal-but-nonconforming pilot codes pass when the caller allows a mismatch. */
static void test_pilot_codes_pass_with_override(void **state)
{
	(void)state;
	static const struct {
		const char *code;
		char expected;
	} pilots[] = {
		{"91350100M0001TGQXM", '1'},
		{"91350211M0000XUF46", 'R'},
		{"91350203M0001FUE2P", 'J'},
	};
	for (size_t i = 0; i < sizeof pilots / sizeof pilots[0]; i++) {
		struct uscc u;
		assert_int_equal(uscc_parse(pilots[i].code, 18, 0, &u, NULL), ERR_INVALID);
		assert_int_equal(
			uscc_parse(pilots[i].code, 18, USCC_ALLOW_CHECK_MISMATCH, &u, NULL), 0);
		assert_int_equal(u.check_ok, 0);
		assert_int_equal(u.expected_check, pilots[i].expected);
	}
	/* The override does not excuse anything else. */
	assert_int_equal(
		uscc_parse("91350100M0001TGQXZ", 18, USCC_ALLOW_CHECK_MISMATCH, NULL, NULL),
		ERR_INVALID);
}

/* A Qujing code built with the computed check char is valid; changing any one character breaks it.
 */
static void test_every_single_substitution_is_caught(void **state)
{
	(void)state;
	char code[19] = "91530302MA6K0000";
	code[16] = '7';
	code[17] = uscc_check_char(code);
	code[18] = '\0';
	assert_int_equal(uscc_valid(code), 1);
	static const char alpha[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	for (int pos = 8; pos < 18; pos++) {
		char orig = code[pos];
		for (const char *a = alpha; *a; a++) {
			if (*a == orig)
				continue;
			code[pos] = *a;
			if (uscc_valid(code))
				fail_msg("substituting %c at position %d went unnoticed", *a,
					 pos + 1);
		}
		code[pos] = orig;
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_published_codes_are_valid),
		cmocka_unit_test(test_positions_one_to_eight_are_decoded),
		cmocka_unit_test(test_worked_example_check_char_is_3),
		cmocka_unit_test(test_lower_case_and_spaces_are_normalised),
		cmocka_unit_test(test_bad_codes_name_the_position),
		cmocka_unit_test(test_pilot_codes_pass_with_override),
		cmocka_unit_test(test_every_single_substitution_is_caught),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
