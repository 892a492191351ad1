/* Tests of io/colmap: header text as counties write it → canonical field and unit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "io/colmap.h"

/* Every synonym in the table is written normalised (else it could never match). */
static void test_synonyms_are_normalised(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb, 0);
	for (int f = 0; f < COL_COUNT; f++) {
		const struct colmap_def *d = colmap_def(f);
		assert_non_null(d->key);
		assert_non_null(d->label);
		assert_non_null(d->help);
		for (const char *const *s = d->synonyms; *s; s++) {
			assert_int_equal(colmap_normalize(*s, strlen(*s), &sb), 0);
			if (strcmp(sb.buf, *s))
				fail_msg("synonym '%s' of %s normalises to '%s'", *s, d->key,
					 sb.buf);
			/* and no synonym belongs to two fields */
			if (colmap_lookup(*s, strlen(*s), NULL) != f)
				fail_msg("synonym '%s' of %s maps elsewhere", *s, d->key);
		}
		/* the canonical label (with its unit) maps back to its field */
		if (colmap_lookup(d->label, strlen(d->label), NULL) != f)
			fail_msg("label '%s' does not map to %s", d->label, d->key);
	}
	strbuf_cleanup(&sb);
}

struct lookup_case {
	const char *header;
	int field;
	enum money_unit unit;
	const char *why;
};

static const struct lookup_case lookup_cases[] = {
	/* the names the issue lists */
	{"统一社会信用代码", COL_USCC, MONEY_YUAN, "USCC"},
	{"信用代码", COL_USCC, MONEY_YUAN, "short USCC"},
	{"企业名称", COL_NAME, MONEY_YUAN, "name"},
	{"所属区域", COL_AREA, MONEY_YUAN, "area"},
	{"县（市、区）", COL_AREA, MONEY_YUAN, "area with full-width brackets"},
	{"县(市、区)", COL_AREA, MONEY_YUAN, "area with half-width brackets"},
	{"成立日期", COL_REGISTERED_ON, MONEY_YUAN, "registration date"},
	{"注册日期", COL_REGISTERED_ON, MONEY_YUAN, "registration date synonym"},
	{"技术领域", COL_FIELD, MONEY_YUAN, "field"},
	{"培育层级", COL_TIER, MONEY_YUAN, "tier"},
	{"梯度", COL_TIER, MONEY_YUAN, "tier synonym"},
	{"年度", COL_YEAR, MONEY_YUAN, "year"},
	{"职工总数", COL_STAFF, MONEY_YUAN, "staff"},
	{"科技人员数", COL_ST_STAFF, MONEY_YUAN, "S&T staff"},
	{"销售收入", COL_SALES, MONEY_YUAN, "sales"},
	{"收入总额", COL_GROSS_INCOME, MONEY_YUAN, "gross income"},
	{"总收入", COL_GROSS_INCOME, MONEY_YUAN, "gross income synonym"},
	{"不征税收入", COL_NON_TAXABLE_INCOME, MONEY_YUAN, "non-taxable income"},
	{"高新技术产品（服务）收入", COL_HITECH_INCOME, MONEY_YUAN, "high-tech income"},
	{"研发费用总额", COL_RD_TOTAL, MONEY_YUAN, "R&D total"},
	{"境内研发费用", COL_RD_DOMESTIC, MONEY_YUAN, "domestic R&D"},
	{"资产总额", COL_TOTAL_ASSETS, MONEY_YUAN, "assets"},
	{"负债总额", COL_TOTAL_LIABILITIES, MONEY_YUAN, "liabilities"},
	{"成本费用总额", COL_COST_EXPENSE_TOTAL, MONEY_YUAN, "costs"},
	{"科技成果转化数", COL_CONVERSIONS, MONEY_YUAN, "conversions"},
	{"高企证书编号", COL_HNTE_CERT_NO, MONEY_YUAN, "certificate"},
	{"发证日期", COL_HNTE_ISSUED_ON, MONEY_YUAN, "issue date"},
	/* units */
	{"销售收入（万元）", COL_SALES, MONEY_WAN, "full-width (万元)"},
	{"销售收入(万元)", COL_SALES, MONEY_WAN, "half-width (万元)"},
	{"销售收入万元", COL_SALES, MONEY_WAN, "bare 万元"},
	{"销售收入(元)", COL_SALES, MONEY_YUAN, "(元)"},
	{"销售收入元", COL_SALES, MONEY_YUAN, "bare 元"},
	{"研发费用总额（单位：万元）", COL_RD_TOTAL, MONEY_WAN, "（单位：万元）"},
	{"高新技术产品（服务）收入（万元）", COL_HITECH_INCOME, MONEY_WAN, "brackets then a unit"},
	{"职工总数（人）", COL_STAFF, MONEY_YUAN, "a head-count unit is dropped"},
	/* spaces, line breaks, marks, case, full-width letters */
	{" 企业 名称 ", COL_NAME, MONEY_YUAN, "ASCII spaces"},
	{"企业\u3000名称", COL_NAME, MONEY_YUAN, "an ideographic space"},
	{"销售收入\n（万元）", COL_SALES, MONEY_WAN, "a line break inside the cell"},
	{"*统一社会信用代码", COL_USCC, MONEY_YUAN, "a required-column star"},
	{"年度：", COL_YEAR, MONEY_YUAN, "a trailing full-width colon"},
	{"USCC", COL_USCC, MONEY_YUAN, "English, upper case"},
	{"Total Assets", COL_TOTAL_ASSETS, MONEY_YUAN, "English with a space"},
	{"ｕｓｃｃ", COL_USCC, MONEY_YUAN, "full-width Latin letters"},
	{"sales_main", COL_SALES_MAIN, MONEY_YUAN, "the API key"},
	{"【企业名称】", -1, MONEY_YUAN, "decorated names are not guessed"},
	/* not ours */
	{"备注", -1, MONEY_YUAN, "a remark column"},
	{"法定代表人元", -1, MONEY_YUAN, "元 after a field that is not money"},
	{"", -1, MONEY_YUAN, "empty"},
};

static void test_lookup_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof lookup_cases / sizeof lookup_cases[0]; i++) {
		const struct lookup_case *c = &lookup_cases[i];
		enum money_unit unit = (enum money_unit) - 1;
		int f = colmap_lookup(c->header, strlen(c->header), &unit);
		if (f != c->field)
			fail_msg("%s: '%s' gave field %d, expected %d", c->why, c->header, f,
				 c->field);
		if (unit != c->unit)
			fail_msg("%s: '%s' gave unit %d", c->why, c->header, (int)unit);
	}
}

static struct colmap_cell cell(const char *s)
{
	struct colmap_cell c = {s, strlen(s)};
	return c;
}

static void test_build_any_order(void **state)
{
	(void)state;
	struct colmap_cell row[] = {
		cell("年度"),	  cell("备注"),	    cell("销售收入（万元）"), cell(""),
		cell("信用代码"), cell("企业名称"), cell("研发费用(元)")};
	struct colmap m;
	struct err e;
	err_clear(&e);
	assert_int_equal(colmap_build(&m, row, 7, &e), 0);
	assert_int_equal(m.col[COL_YEAR], 0);
	assert_int_equal(m.col[COL_SALES], 2);
	assert_int_equal(m.unit[COL_SALES], MONEY_WAN);
	assert_int_equal(m.col[COL_USCC], 4);
	assert_int_equal(m.col[COL_NAME], 5);
	assert_int_equal(m.col[COL_RD_TOTAL], 6);
	assert_int_equal(m.unit[COL_RD_TOTAL], MONEY_YUAN);
	assert_int_equal(m.col[COL_AREA], -1);
	assert_int_equal(m.nmapped, 5);
	assert_int_equal(m.nunknown, 1);
	assert_int_equal(m.unknown[0], 1);
	assert_true(m.has_indicator);
	assert_int_equal(colmap_check_required(&m, &e), 0);
}

static void test_build_errors(void **state)
{
	(void)state;
	struct colmap m;
	struct err e;
	err_clear(&e);
	struct colmap_cell dup[] = {cell("统一社会信用代码"), cell("销售收入"), cell("营业收入")};
	assert_int_equal(colmap_build(&m, dup, 3, &e), ERR_INVALID);
	assert_string_equal(e.field, "C");
	assert_non_null(strstr(e.msg, "第C列“营业收入”与第B列“销售收入”"));

	/*
	 * A header quoted in the message is cut to 100 bytes on a character
	 * boundary: "销售收入" (12 bytes) + 30 ideographic spaces (90 bytes) keeps
	 * 12 + 29 × 3 = 99 bytes, never half a space.
	 */
	struct strbuf pad;
	strbuf_init(&pad, 0);
	strbuf_adds(&pad, "销售收入");
	for (int i = 0; i < 30; i++)
		strbuf_adds(&pad, "\u3000");
	struct colmap_cell longdup[] = {
		cell("信用代码"), cell("营业收入"), {.s = pad.buf, .n = pad.len}};
	assert_int_equal(colmap_build(&m, longdup, 3, &e), ERR_INVALID);
	const char *q = strstr(e.msg, "第C列“销售收入");
	assert_non_null(q);
	q += strlen("第C列“销售收入");
	size_t spaces = 0;
	while (!strncmp(q, "\u3000", 3)) {
		q += 3;
		spaces++;
	}
	assert_int_equal(spaces, 29);
	assert_true(!strncmp(q, "”与第B列“营业收入”", strlen("”与第B列“营业收入”")));
	strbuf_cleanup(&pad);

	struct colmap_cell both[] = {cell("信用代码"), cell("销售收入"), cell("主营业务收入")};
	assert_int_equal(colmap_build(&m, both, 3, &e), ERR_INVALID);

	struct colmap_cell no_uscc[] = {cell("企业名称"), cell("所属区域")};
	assert_int_equal(colmap_build(&m, no_uscc, 2, &e), 0);
	assert_int_equal(colmap_check_required(&m, &e), ERR_INVALID);
	assert_string_equal(e.field, "uscc");

	struct colmap_cell no_year[] = {cell("信用代码"), cell("职工总数")};
	assert_int_equal(colmap_build(&m, no_year, 2, &e), 0);
	assert_int_equal(colmap_check_required(&m, &e), ERR_INVALID);
	assert_string_equal(e.field, "year");
}

static void test_col_name(void **state)
{
	(void)state;
	char b[8];
	assert_string_equal(colmap_col_name(0, b), "A");
	assert_string_equal(colmap_col_name(25, b), "Z");
	assert_string_equal(colmap_col_name(26, b), "AA");
	assert_string_equal(colmap_col_name(701, b), "ZZ");
	assert_string_equal(colmap_col_name(702, b), "AAA");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_synonyms_are_normalised),
		cmocka_unit_test(test_lookup_table),
		cmocka_unit_test(test_build_any_order),
		cmocka_unit_test(test_build_errors),
		cmocka_unit_test(test_col_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
