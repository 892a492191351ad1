/*
 * Tests of io/registry: registered capital with units and currencies, the
 * status of closed firms, tax numbers beside the credit code, and the area
 * inferred from a credit code or an address (Qujing's areas, as in
 * data/areas-qujing.tsv).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "io/registry.h"

static void test_capital(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		enum money_unit unit;
		int unit_given;
		int64_t fen; /* -1: refused */
		const char *currency;
		const char *msg; /* part of the reason when refused */
	} cases[] = {
		{"1000万元人民币", MONEY_YUAN, 0, 1000000000LL, "CNY", NULL},
		{"50万美元", MONEY_YUAN, 0, 50000000LL, "USD", NULL},
		{"300万(元)", MONEY_YUAN, 0, 300000000LL, "CNY", NULL},
		{"300万（元）", MONEY_YUAN, 0, 300000000LL, "CNY", NULL},
		{"人民币1000万元", MONEY_YUAN, 0, 1000000000LL, "CNY", NULL},
		{"1,200.5万港元", MONEY_YUAN, 0, 1200500000LL, "HKD", NULL},
		{"1000万元(人民币)", MONEY_YUAN, 0, 1000000000LL, "CNY", NULL},
		{" 2 亿元人民币 ", MONEY_YUAN, 0, 20000000000LL, "CNY", NULL},
		{"5000000元", MONEY_YUAN, 0, 500000000LL, "CNY", NULL},
		{"100万欧元", MONEY_YUAN, 0, 100000000LL, "EUR", NULL},
		{"0.123456万元", MONEY_YUAN, 0, 123456LL, "CNY", NULL},
		{"800", MONEY_WAN, 1, 800000000LL, "CNY", NULL}, /* header "注册资本（万元）" */
		{"800", MONEY_YUAN, 1, 80000LL, "CNY", NULL}, /* header "注册资本（元）" */
		{"800", MONEY_YUAN, 0, -1, NULL, "未注明单位"},
		{"一千万元", MONEY_YUAN, 0, -1, NULL, "注册资本无法识别"},
		{"50万卢布", MONEY_YUAN, 0, -1, NULL, "注册资本无法识别"},
		{"美元50万元人民币", MONEY_YUAN, 0, -1, NULL, "两种币种"},
		{"0.1234567万元", MONEY_YUAN, 0, -1, NULL, "注册资本无效"},
		{"", MONEY_YUAN, 0, -1, NULL, "注册资本无法识别"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t fen = -1;
		char cur[4] = "", msg[300] = "";
		int rc = registry_capital(cases[i].text, strlen(cases[i].text), cases[i].unit,
					  cases[i].unit_given, &fen, cur, msg, sizeof msg);
		if (cases[i].fen < 0) {
			if (rc != -1 || !strstr(msg, cases[i].msg))
				fail_msg("%s: rc %d, message %s", cases[i].text, rc, msg);
			continue;
		}
		if (rc || fen != cases[i].fen || strcmp(cur, cases[i].currency))
			fail_msg("%s: rc %d, %lld %s (%s)", cases[i].text, rc, (long long)fen, cur,
				 msg);
	}
}

/* The text an export writes is the text an import reads back. */
static void test_capital_format(void **state)
{
	(void)state;
	static const struct {
		int64_t fen;
		const char *currency;
		const char *text;
	} cases[] = {
		{1000000000LL, "CNY", "1000万元人民币"},
		{50000000LL, "USD", "50万美元"},
		{500000LL, "CNY", "0.5万元人民币"},
		{123456LL, "HKD", "0.123456万港元"},
		{0, "CNY", "0万元人民币"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct strbuf sb;
		strbuf_init(&sb, 0);
		assert_int_equal(registry_capital_format(&sb, cases[i].fen, cases[i].currency), 0);
		assert_string_equal(sb.buf, cases[i].text);
		int64_t fen;
		char cur[4], msg[300];
		assert_int_equal(
			registry_capital(sb.buf, sb.len, MONEY_YUAN, 0, &fen, cur, msg, sizeof msg),
			0);
		assert_int_equal(fen, cases[i].fen);
		assert_string_equal(cur, cases[i].currency);
		strbuf_cleanup(&sb);
	}
}

static void test_closed(void **state)
{
	(void)state;
	static const struct {
		const char *status;
		const char *word; /* NULL: still operating */
	} cases[] = {
		{"注销", "注销"},
		{"吊销，未注销", "吊销"},
		{"吊销", "吊销"},
		{"撤销", "撤销"},
		{"停业", "停业"},
		{"歇业", "歇业"},
		{"责令关闭", "责令关闭"},
		{"存续", NULL},
		{"存续（在营、开业、在册）", NULL},
		{"在业", NULL},
		{"迁出", NULL},
		{"", NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *w = NULL;
		int closed = registry_closed(cases[i].status, strlen(cases[i].status), &w);
		if (closed != (cases[i].word != NULL) || (closed && strcmp(w, cases[i].word)))
			fail_msg("%s: %d %s", cases[i].status, closed, w ? w : "");
	}
}

static void test_tax_number(void **state)
{
	(void)state;
	const char *u = "91530302MA6N0R001N";
	assert_int_equal(registry_tax_number(u, 18, u), REGISTRY_TAX_SAME);
	assert_int_equal(registry_tax_number(" 91530302ma6n0r001n ", 20, u), REGISTRY_TAX_SAME);
	assert_int_equal(registry_tax_number("91530302MA6N0R0095", 18, u), REGISTRY_TAX_DIFFERS);
	assert_int_equal(registry_tax_number("530324709876543", 15, u), REGISTRY_TAX_OLD);
	assert_int_equal(registry_tax_number("53032470987654300001", 20, u), REGISTRY_TAX_OLD);
	assert_int_equal(registry_tax_number("12345", 5, u), REGISTRY_TAX_ODD);
}

static const struct area qujing[] = {
	{"530302", "麒麟区", "district", ""},	    {"530303", "沾益区", "district", "530328"},
	{"530304", "马龙区", "district", "530321"}, {"530322", "陆良县", "county", ""},
	{"530323", "师宗县", "county", ""},	    {"530324", "罗平县", "county", ""},
	{"530325", "富源县", "county", ""},	    {"530326", "会泽县", "county", ""},
	{"530381", "宣威市", "city", ""},	    {"QJETDZ", "曲靖经济技术开发区", "zone", ""},
};

static void test_infer_area(void **state)
{
	(void)state;
	static const struct {
		const char *uscc;
		const char *address;
		const char *area; /* NULL: not decided */
		enum registry_basis basis;
	} cases[] = {
		{"91530302MA6N0R001N", "云南省曲靖市麒麟区南宁北路88号", "530302", REGISTRY_BOTH},
		{"91530302MA6N0R001N", "", "530302", REGISTRY_USCC},
		{"91530328MA6N0R002F", "", "530303", REGISTRY_USCC}, /* 沾益县's old code */
		{"91530321MA6N0R002F", "", "530304", REGISTRY_USCC}, /* 马龙县's old code */
		{"91530300MA6N0R0030", "曲靖市罗平县罗雄街道", "530324", REGISTRY_ADDRESS},
		{"91530300MA6N0R0030", "曲靖市沾益县白水镇", "530303", REGISTRY_ADDRESS},
		{"91530300MA6N0R0030", "曲靖经济技术开发区", "QJETDZ", REGISTRY_ADDRESS},
		{"91530302MA6N0R001N", "麒麟区曲靖经济技术开发区", "530302", REGISTRY_BOTH},
		/* the code and the address disagree */
		{"91530302MA6N0R001N", "曲靖市罗平县罗雄街道", NULL, REGISTRY_NONE},
		/* neither names an area, or the address two and the code none */
		{"91530100MA6N0R0030", "昆明市五华区", NULL, REGISTRY_NONE},
		{"91530300MA6N0R0030", "陆良县与师宗县交界处", NULL, REGISTRY_NONE},
		{"91530300MA6N0R0030", "", NULL, REGISTRY_NONE},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct registry_guess g;
		registry_infer_area(qujing, sizeof qujing / sizeof qujing[0], cases[i].uscc,
				    cases[i].address, strlen(cases[i].address), &g);
		const char *got = g.area ? g.area->code : NULL;
		if ((got == NULL) != (cases[i].area == NULL) ||
		    (got && strcmp(got, cases[i].area)) || g.basis != cases[i].basis)
			fail_msg("case %zu (%s, %s): %s basis %d", i, cases[i].uscc,
				 cases[i].address, got ? got : "-", (int)g.basis);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_capital),	   cmocka_unit_test(test_capital_format),
		cmocka_unit_test(test_closed),	   cmocka_unit_test(test_tax_number),
		cmocka_unit_test(test_infer_area),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
