/*
 * Tests of io/import and io/export against an in-memory database (the ledger
 * tests' fixture: Qujing's areas, enterprises A and B in 530302, C in 530303,
 * a county user of 530302).
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
#include "core/money.h"
#include "core/strbuf.h"
#include "io/export.h"
#include "io/import.h"
#include "io/xlsx/read.h"
#include "io/xlsx/write.h"
#include "ledger/records/indicator.h"

static char u1[19], u2[19], u3[19]; /* new enterprises: 530302, 530381, 530322 */

static int setup(void **state)
{
	if (fixture_setup(state))
		return -1;
	fixture_uscc("530302", 101, u1);
	fixture_uscc("530381", 102, u2);
	fixture_uscc("530322", 103, u3);
	return 0;
}

static int run_import(struct ledger *l, const char *text, const char *name, int dry_run,
		      int skip_invalid, struct import_report *r, struct err *e)
{
	struct import_options o;
	memset(&o, 0, sizeof o);
	o.dry_run = dry_run;
	o.skip_invalid = skip_invalid;
	o.filename = name;
	err_clear(e);
	return import_mem(l, text, strlen(text), &o, r, e);
}

/* A ledger with 万元 amounts: new enterprises and indicator years, exact fen. */
static char *good_csv(void)
{
	struct strbuf sb;
	strbuf_init(&sb, 0);
	strbuf_addf(&sb,
		    "信用代码,企业名称,县（市、区）,成立日期,年度,职工总数,科技人员数,"
		    "销售收入（万元）,研发费用总额（万元）,境内研发费用（万元）,培育层级\n"
		    "%s,新甲科技有限公司,麒麟区,2019/5/20,2023,80,12,3200,180.5,170.25,后备培育库\n"
		    "%s,新乙材料有限公司,530381,2015年11月3日,2023,150.5,20,5000.123456,260,260,"
		    "key\n"
		    "%s,新丙生物有限公司,陆良,20210228,2023,35,6,880,50,45,\n",
		    u1, u2, u3);
	return strbuf_take(&sb, NULL);
}

static void test_new_rows_exact(void **state)
{
	struct fixture *f = *state;
	char *csv = good_csv();
	struct import_report r;
	struct err e;
	int64_t ents = fixture_count(f, "SELECT COUNT(*) FROM enterprises");
	assert_int_equal(run_import(&f->sys, csv, "台账.csv", 0, 0, &r, &e), 0);
	assert_int_equal(r.rows, 3);
	assert_int_equal(r.valid_rows, 3);
	assert_int_equal(r.invalid_rows, 0);
	assert_int_equal(r.ent_new, 3);
	assert_int_equal(r.ind_new, 3);
	assert_true(r.committed);
	assert_string_equal(r.format, "csv");
	assert_string_equal(r.encoding, "UTF-8");
	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM enterprises"), ents + 3);
	import_report_cleanup(&r);

	struct arena *a = arena_new();
	struct indicator in;
	/* 5000.123456 万元 = 50,001,234.56 元 = 5,000,123,456 fen */
	assert_int_equal(indicator_get(&f->sys, u2, 2023, a, &in, &e), 0);
	assert_int_equal(in.sales_main, 5000123456LL);
	assert_int_equal(in.staff, 15050); /* 150.5 people in hundredths */
	/* 180.5 万元 R&D = 1,805,000.00 元 */
	assert_int_equal(indicator_get(&f->sys, u1, 2023, a, &in, &e), 0);
	assert_int_equal(in.rd_total, 180500000LL);
	assert_int_equal(in.rd_domestic, 170250000LL);
	struct enterprise ent;
	assert_int_equal(enterprise_get(&f->sys, u2, a, &ent, &e), 0);
	assert_string_equal(ent.area, "530381");
	assert_int_equal(ent.tier, TIER_KEY);
	assert_int_equal(ent.registered_on, date_from_ymd(2015, 11, 3));
	/* "陆良" is the unique area whose name is 陆良县 */
	assert_int_equal(enterprise_get(&f->sys, u3, a, &ent, &e), 0);
	assert_string_equal(ent.area, "530322");
	assert_int_equal(ent.registered_on, date_from_ymd(2021, 2, 28));
	arena_free(a);

	/* every change is audited with the file name */
	assert_int_equal(
		fixture_count(f, "SELECT COUNT(*) FROM audit_log WHERE source = 'import:台账.csv'"),
		fixture_count(f, "SELECT COUNT(*) FROM audit_log WHERE source LIKE 'import:%'"));
	assert_true(fixture_count(f, "SELECT COUNT(*) FROM audit_log WHERE source = "
				     "'import:台账.csv' AND table_name = 'enterprises'") >= 3);
	free(csv);
}

/* Importing the same file twice changes nothing and writes no audit row. */
static void test_idempotent(void **state)
{
	struct fixture *f = *state;
	char *csv = good_csv();
	struct import_report r;
	struct err e;
	assert_int_equal(run_import(&f->sys, csv, "a.csv", 0, 0, &r, &e), 0);
	import_report_cleanup(&r);
	int64_t audits = fixture_count(f, "SELECT COUNT(*) FROM audit_log");
	assert_int_equal(run_import(&f->sys, csv, "a.csv", 0, 0, &r, &e), 0);
	assert_int_equal(r.ent_new + r.ent_changed, 0);
	assert_int_equal(r.ent_unchanged, 3);
	assert_int_equal(r.ind_new + r.ind_changed, 0);
	assert_int_equal(r.ind_unchanged, 3);
	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM audit_log"), audits);
	import_report_cleanup(&r);
	free(csv);
}

/* One bad row: nothing written by default; the good rows with skip_invalid. */
static void test_bad_rows(void **state)
{
	struct fixture *f = *state;
	char bad_check[19];
	memcpy(bad_check, u2, 19);
	bad_check[17] = bad_check[17] == '0' ? '1' : '0';
	struct strbuf sb;
	strbuf_init(&sb, 0);
	strbuf_addf(
		&sb,
		"统一社会信用代码,企业名称,所属区域,成立日期,年度,职工总数,科技人员数,销售收入\n"
		"%s,甲,麒麟区,2019-05-20,2023,80,12,1000\n"
		"%s,乙,宣威市,2015-11-03,2023,50,10,1000\n"
		"%s,丙,陆良县,2021-02-30,2023,30,40,1000.001\n"
		"%s,丁,火星区,2020-01-01,1989,10,1,1000\n",
		u1, bad_check, u3, u2);
	int64_t ents = fixture_count(f, "SELECT COUNT(*) FROM enterprises");
	int64_t audits = fixture_count(f, "SELECT COUNT(*) FROM audit_log");
	struct import_report r;
	struct err e;
	assert_int_equal(run_import(&f->sys, sb.buf, "bad.csv", 0, 0, &r, &e), 0);
	assert_int_equal(r.rows, 4);
	assert_int_equal(r.valid_rows, 1);
	assert_int_equal(r.invalid_rows, 3);
	assert_false(r.committed);
	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM enterprises"), ents);
	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM audit_log"), audits);
	/* every problem with its row, column and reason */
	static const struct {
		size_t row;
		const char *column;
		const char *msg;
	} want[] = {
		{3, "统一社会信用代码", "第18位校验码应为"},
		{4, "成立日期", "2021年2月只有28天"},
		{4, "销售收入", "金额最多精确到分"},
		{4, "科技人员数", "科技人员数不能大于职工总数"},
		{5, "所属区域", "未知的区域：火星区"},
		{5, "年度", "年度应为1990至"},
	};
	assert_int_equal(r.nissues, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < r.nissues; i++) {
		if (r.issues[i].row != want[i].row || strcmp(r.issues[i].column, want[i].column) ||
		    !strstr(r.issues[i].message, want[i].msg))
			fail_msg("issue %zu: row %zu [%s] %s", i, r.issues[i].row,
				 r.issues[i].column, r.issues[i].message);
	}
	struct strbuf js;
	strbuf_init(&js, 0);
	assert_int_equal(import_report_json(&r, 0, &js), 0);
	assert_non_null(strstr(js.buf, "\"invalid_rows\":3"));
	assert_non_null(strstr(js.buf, "\"row\":5,\"column\":\"所属区域\""));
	strbuf_cleanup(&js);
	import_report_cleanup(&r);

	/* skip_invalid: the good row only */
	assert_int_equal(run_import(&f->sys, sb.buf, "bad.csv", 0, 1, &r, &e), 0);
	assert_true(r.committed);
	assert_int_equal(r.ent_new, 1);
	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM enterprises"), ents + 1);
	import_report_cleanup(&r);
	strbuf_cleanup(&sb);
}

/*
 * A reason quoting a long cell is cut on a character boundary: 14 Chinese
 * characters (42 bytes) quoted up to 40 bytes give 13 whole characters, and
 * the issue still appears in the JSON report (jansson refuses broken UTF-8).
 */
static void test_issue_text_cut_on_char(void **state)
{
	struct fixture *f = *state;
	struct strbuf sb;
	strbuf_init(&sb, 0);
	strbuf_addf(&sb,
		    "统一社会信用代码,企业名称,所属区域,年度,销售收入\n"
		    "%s,甲,麒麟区,2023,一二三四五六七八九十一二三四\n",
		    u1);
	struct import_report r;
	struct err e;
	assert_int_equal(run_import(&f->sys, sb.buf, "long.csv", 1, 0, &r, &e), 0);
	assert_int_equal(r.invalid_rows, 1);
	assert_int_equal(r.nissues, 1);
	assert_int_equal(r.issues[0].row, 2);
	assert_string_equal(r.issues[0].column, "销售收入");
	const char *m = r.issues[0].message;
	const char *q = strstr(m, "一二三四五六七八九十一二三");
	assert_non_null(q);
	/* nothing after the 13th character: the 14th was cut whole */
	assert_string_equal(q, "一二三四五六七八九十一二三");
	struct strbuf js;
	strbuf_init(&js, 0);
	assert_int_equal(import_report_json(&r, 1, &js), 0);
	assert_non_null(strstr(js.buf, "\"row\":2,\"column\":\"销售收入\""));
	strbuf_cleanup(&js);
	import_report_cleanup(&r);
	strbuf_cleanup(&sb);
}

/* A blank line in the middle is skipped but still counted: the bad row is row 5. */
static void test_blank_rows_keep_numbers(void **state)
{
	struct fixture *f = *state;
	struct strbuf sb;
	strbuf_init(&sb, 0);
	strbuf_addf(&sb,
		    "统一社会信用代码,企业名称,所属区域\n"
		    "%s,甲,麒麟区\n"
		    ",,\n"
		    "\n"
		    "%s,乙,火星区\n",
		    u1, u2);
	struct import_report r;
	struct err e;
	assert_int_equal(run_import(&f->sys, sb.buf, "blank.csv", 1, 0, &r, &e), 0);
	assert_int_equal(r.valid_rows, 1);
	assert_int_equal(r.invalid_rows, 1);
	assert_int_equal(r.nissues, 1);
	assert_int_equal(r.issues[0].row, 5);
	assert_string_equal(r.issues[0].column, "所属区域");
	import_report_cleanup(&r);
	strbuf_cleanup(&sb);
}

/*
 * A long unknown header (40 × "备", 120 bytes) is kept to 95 bytes on a
 * character boundary (31 characters) and listed in the JSON report.
 */
static void test_long_unknown_header(void **state)
{
	struct fixture *f = *state;
	struct strbuf sb, want;
	strbuf_init(&sb, 0);
	strbuf_init(&want, 0);
	strbuf_adds(&sb, "统一社会信用代码,企业名称,");
	for (int i = 0; i < 40; i++)
		strbuf_adds(&sb, "备");
	for (int i = 0; i < 31; i++)
		strbuf_adds(&want, "备");
	strbuf_addf(&sb, ",所属区域\n%s,甲,x,麒麟区\n", u1);
	struct import_report r;
	struct err e;
	assert_int_equal(run_import(&f->sys, sb.buf, "u.csv", 1, 0, &r, &e), 0);
	assert_int_equal(r.valid_rows, 1);
	assert_string_equal(r.unknown_columns, want.buf);
	struct strbuf js;
	strbuf_init(&js, 0);
	assert_int_equal(import_report_json(&r, 1, &js), 0);
	assert_non_null(strstr(js.buf, want.buf));
	strbuf_cleanup(&js);
	import_report_cleanup(&r);
	strbuf_cleanup(&sb);
	strbuf_cleanup(&want);
}

static int sink_file(void *ctx, const void *p, size_t n)
{
	return strbuf_add(ctx, p, n);
}

/*
 * Excel stores a date typed as 20210228 in a General cell as the number
 * 20210228: read as YYYYMMDD like the same text (no serial has 8 digits), and
 * checked like it: 20210230 is refused naming row 3 and the real calendar.
 */
static void test_xlsx_number_yyyymmdd(void **state)
{
	struct fixture *f = *state;
	struct err e;
	err_clear(&e);
	struct xlsx_writer *w = NULL;
	static const struct xlsxw_col cols[] = {
		{"信用代码", XLSXW_TEXT, 20},
		{"企业名称", XLSXW_TEXT, 20},
		{"所属区域", XLSXW_TEXT, 10},
		{"成立日期", XLSXW_INT, 12},
	};
	assert_int_equal(xlsx_writer_new(&w, &e), 0);
	assert_int_equal(xlsx_writer_sheet(w, "台账", cols, 4, &e), 0);
	xlsx_writer_text(w, 0, u1);
	xlsx_writer_text(w, 1, "甲");
	xlsx_writer_text(w, 2, "麒麟区");
	xlsx_writer_int(w, 3, 20210228);
	xlsx_writer_next_row(w);
	xlsx_writer_text(w, 0, u2);
	xlsx_writer_text(w, 1, "乙");
	xlsx_writer_text(w, 2, "宣威市");
	xlsx_writer_int(w, 3, 20210230);
	xlsx_writer_next_row(w);
	struct strbuf file;
	strbuf_init(&file, 0);
	assert_int_equal(xlsx_writer_finish(w, sink_file, &file, &e), 0);
	xlsx_writer_free(w);

	struct import_report r;
	struct import_options o;
	memset(&o, 0, sizeof o);
	o.skip_invalid = 1;
	o.filename = "d.xlsx";
	assert_int_equal(import_mem(&f->sys, file.buf, file.len, &o, &r, &e), 0);
	assert_string_equal(r.format, "xlsx");
	assert_int_equal(r.valid_rows, 1);
	assert_int_equal(r.invalid_rows, 1);
	assert_int_equal(r.nissues, 1);
	assert_int_equal(r.issues[0].row, 3);
	assert_string_equal(r.issues[0].column, "成立日期");
	assert_non_null(strstr(r.issues[0].message, "2021年2月只有28天"));
	import_report_cleanup(&r);
	struct arena *a = arena_new();
	struct enterprise ent;
	assert_int_equal(enterprise_get(&f->sys, u1, a, &ent, &e), 0);
	assert_int_equal(ent.registered_on, date_from_ymd(2021, 2, 28));
	arena_free(a);
	strbuf_cleanup(&file);
}

/* A dry run counts exactly what a real run would do, and writes nothing. */
static void test_dry_run(void **state)
{
	struct fixture *f = *state;
	char *csv = good_csv();
	int64_t audits = fixture_count(f, "SELECT COUNT(*) FROM audit_log");
	struct import_report r;
	struct err e;
	assert_int_equal(run_import(&f->sys, csv, "a.csv", 1, 0, &r, &e), 0);
	assert_int_equal(r.ent_new, 3);
	assert_int_equal(r.ind_new, 3);
	assert_false(r.committed);
	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM audit_log"), audits);
	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM indicators"), 0);
	import_report_cleanup(&r);
	free(csv);
}

/* Updating: a changed name counts as changed, an empty cell keeps the stored value. */
static void test_update_keeps_empty_cells(void **state)
{
	struct fixture *f = *state;
	struct strbuf sb;
	strbuf_init(&sb, 0);
	strbuf_addf(&sb,
		    "信用代码,企业名称,所属区域,成立日期,培育层级\n%s,甲科技（新名）,,,重点培育\n%"
		    "s,,,,\n",
		    f->a, f->b);
	struct import_report r;
	struct err e;
	assert_int_equal(run_import(&f->sys, sb.buf, "u.csv", 0, 0, &r, &e), 0);
	assert_int_equal(r.ent_changed, 1);
	assert_int_equal(r.ent_unchanged, 1);
	struct arena *a = arena_new();
	struct enterprise ent;
	assert_int_equal(enterprise_get(&f->sys, f->a, a, &ent, &e), 0);
	assert_string_equal(ent.name, "甲科技（新名）");
	assert_string_equal(ent.area, "530302");
	assert_int_equal(ent.registered_on, date_from_ymd(2019, 5, 20));
	assert_int_equal(ent.tier, TIER_KEY);
	/* the tier move is in the history with the file named */
	char buf[256];
	fixture_text(
		f, "SELECT reason FROM tier_history WHERE to_tier = 'key' ORDER BY id DESC LIMIT 1",
		buf, sizeof buf);
	assert_string_equal(buf, "批量导入：u.csv");
	arena_free(a);
	import_report_cleanup(&r);
	strbuf_cleanup(&sb);
}

/*
 * Stored firms: an unchanged locked year re-imports as unchanged; a changed
 * locked year is refused for its row alone, and the row's other change (the
 * name) is undone with it; a row with several writes applies them all; only
 * admin, city and county users import.
 */
static void test_stored_rows(void **state)
{
	struct fixture *f = *state;
	char *csv = good_csv();
	struct import_report r;
	struct err e;
	assert_int_equal(run_import(&f->sys, csv, "a.csv", 0, 0, &r, &e), 0);
	import_report_cleanup(&r);
	assert_int_equal(indicator_set_locked(&f->sys, u1, 2023, 1, &e), 0);

	/* the same file again: the locked year is unchanged, not an error */
	assert_int_equal(run_import(&f->sys, csv, "a.csv", 0, 0, &r, &e), 0);
	assert_int_equal(r.invalid_rows, 0);
	assert_int_equal(r.ind_unchanged, 3);
	assert_int_equal(r.committed, 1);
	import_report_cleanup(&r);

	/* new name and changed figures of the locked year: the row is refused whole */
	int64_t audits = fixture_count(f, "SELECT COUNT(*) FROM audit_log");
	struct strbuf sb;
	strbuf_init(&sb, 0);
	strbuf_addf(&sb,
		    "信用代码,企业名称,年度,销售收入（万元）,培育层级\n"
		    "%s,新甲科技（改名）,2023,3300,\n"
		    "%s,新乙材料（改名）,2024,6000,后备培育库\n",
		    u1, u2);
	assert_int_equal(run_import(&f->sys, sb.buf, "b.csv", 0, 1, &r, &e), 0);
	assert_int_equal(r.invalid_rows, 1);
	assert_int_equal(r.issues[0].row, 2);
	assert_non_null(strstr(r.issues[0].message, "锁定"));
	/* the second row: a new name, a tier move and a new year, all applied */
	assert_int_equal(r.valid_rows, 1);
	assert_int_equal(r.ent_changed, 1);
	assert_int_equal(r.ind_new, 1);
	import_report_cleanup(&r);
	char buf[256];
	fixture_text(f,
		     "SELECT group_concat(name, '|') FROM (SELECT name FROM enterprises "
		     "WHERE name LIKE '新甲%' OR name LIKE '新乙%' ORDER BY name)",
		     buf, sizeof buf);
	assert_string_equal(buf, "新乙材料（改名）|新甲科技有限公司");
	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM indicators i JOIN enterprises t "
					  "ON t.id = i.enterprise_id WHERE t.name LIKE '新乙%' "
					  "AND i.year = 2024 AND i.sales_main = 6000000000"),
			 1);
	/* audited: name update, tier move (key → reserve), new year */
	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM audit_log"), audits + 3);
	assert_int_equal(fixture_count(f,
				       "SELECT COUNT(*) FROM enterprises WHERE name LIKE '新乙%' "
				       "AND tier = 'reserve'"),
			 1);

	/* expert and viewer users may not import at all */
	struct ledger expert = fixture_as(f, f->u_expert), viewer = fixture_as(f, f->u_viewer);
	assert_int_equal(run_import(&expert, csv, "a.csv", 1, 0, &r, &e), ERR_FORBIDDEN);
	import_report_cleanup(&r);
	assert_int_equal(run_import(&viewer, csv, "a.csv", 1, 0, &r, &e), ERR_FORBIDDEN);
	assert_non_null(strstr(e.msg, "导入"));
	import_report_cleanup(&r);
	strbuf_cleanup(&sb);
	free(csv);
}

/*
 * The reader fails after several batches of rows were applied (an unclosed
 * quote on line 1,502): the import stops with the reader's error naming the
 * line and writes nothing, audit included.
 */
static void test_reader_error_after_rows(void **state)
{
	struct fixture *f = *state;
	struct strbuf sb;
	strbuf_init(&sb, 0);
	strbuf_adds(&sb, "信用代码,企业名称,所属区域,年度,职工总数\n");
	for (int i = 0; i < 1500; i++) {
		char u[19];
		fixture_uscc("530302", 5000 + i, u);
		strbuf_addf(&sb, "%s,批量企业%d,麒麟区,2023,%d\n", u, i, 10 + i % 90);
	}
	strbuf_adds(&sb, "91530302MA6K5XQ91L,坏行,麒麟区,2023,\"12\n");
	int64_t ents = fixture_count(f, "SELECT COUNT(*) FROM enterprises");
	int64_t audits = fixture_count(f, "SELECT COUNT(*) FROM audit_log");
	struct import_report r;
	struct err e;
	assert_int_equal(run_import(&f->sys, sb.buf, "q.csv", 0, 1, &r, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "第1502行"));
	assert_int_equal(r.committed, 0);
	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM enterprises"), ents);
	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM audit_log"), audits);
	import_report_cleanup(&r);
	/* without the bad line every row goes in, in order, across the batches */
	char *cut = strstr(sb.buf, "91530302MA6K5XQ91L,坏行");
	*cut = '\0';
	assert_int_equal(run_import(&f->sys, sb.buf, "q.csv", 0, 0, &r, &e), 0);
	assert_int_equal(r.ent_new, 1500);
	assert_int_equal(r.rows, 1500);
	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM enterprises"), ents + 1500);
	char buf[64];
	fixture_text(f, "SELECT name FROM enterprises ORDER BY id DESC LIMIT 1", buf, sizeof buf);
	assert_string_equal(buf, "批量企业1499");
	import_report_cleanup(&r);
	strbuf_cleanup(&sb);
}

/* A county user imports within its own area only: elsewhere the row is refused. */
static void test_scope(void **state)
{
	struct fixture *f = *state;
	struct ledger county = fixture_as(f, f->u_county1);
	struct strbuf sb;
	strbuf_init(&sb, 0);
	strbuf_addf(&sb,
		    "信用代码,企业名称,所属区域\n%s,麒麟新企业,麒麟区\n%s,沾益企业改名,沾益区\n",
		    u1, f->c);
	struct import_report r;
	struct err e;
	assert_int_equal(run_import(&county, sb.buf, "c.csv", 0, 1, &r, &e), 0);
	assert_int_equal(r.valid_rows, 1);
	assert_int_equal(r.invalid_rows, 1);
	assert_int_equal(r.issues[0].row, 3);
	struct arena *a = arena_new();
	struct enterprise ent;
	assert_int_equal(enterprise_get(&f->sys, f->c, a, &ent, &e), 0);
	assert_string_equal(ent.name, "沾益丙化工有限公司");
	arena_free(a);
	import_report_cleanup(&r);
	strbuf_cleanup(&sb);
}

static void test_header_errors(void **state)
{
	struct fixture *f = *state;
	struct import_report r;
	struct err e;
	assert_int_equal(
		run_import(&f->sys, "企业名称,所属区域\n甲,麒麟区\n", "h.csv", 0, 0, &r, &e),
		ERR_INVALID);
	assert_non_null(strstr(e.msg, "未找到表头"));
	import_report_cleanup(&r);
	assert_int_equal(run_import(&f->sys, "信用代码,企业名称,职工总数\n", "h.csv", 0, 0, &r, &e),
			 ERR_INVALID);
	assert_non_null(strstr(e.msg, "缺少“年度”列"));
	import_report_cleanup(&r);
	assert_int_equal(run_import(&f->sys, "信用代码,销售收入,营业收入\n", "h.csv", 0, 0, &r, &e),
			 ERR_INVALID);
	assert_non_null(strstr(e.msg, "都表示"));
	import_report_cleanup(&r);
	static const char ole[] = "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1";
	assert_int_equal(import_mem(&f->sys, ole, 8, NULL, &r, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, ".xls"));
	import_report_cleanup(&r);
}

static void fixture_path(char *out, size_t n, const char *name)
{
	snprintf(out, n, "%s/tests/data/io/%s", GAOQI_SOURCE_DIR, name);
}

/* Files written by openpyxl, LibreOffice and in WPS's style, and saved as GB18030 CSV. */
static void test_files(void **state)
{
	struct fixture *f = *state;
	static const struct {
		const char *file;
		size_t header_row, rows, ent_new, ind_new;
		const char *sheet;
	} cases[] = {
		{"ledger_openpyxl.xlsx", 2, 3, 3, 3, "企业台账"},
		{"ledger_lo.xlsx", 2, 2, 0, 2, "Sheet1"},
		{"ledger_wps.xlsx", 1, 2, 0, 0, "台账"},
		{"ledger_gb18030.csv", 1, 2, 0, 0, ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char path[1024];
		fixture_path(path, sizeof path, cases[i].file);
		struct import_report r;
		struct err e;
		err_clear(&e);
		struct import_options o = {.filename = cases[i].file};
		if (import_file(&f->sys, path, &o, &r, &e))
			fail_msg("%s: %s", cases[i].file, e.msg);
		if (r.invalid_rows)
			fail_msg("%s: row %zu [%s] %s", cases[i].file, r.issues[0].row,
				 r.issues[0].column, r.issues[0].message);
		assert_int_equal(r.header_row, cases[i].header_row);
		assert_int_equal(r.rows, cases[i].rows);
		assert_int_equal(r.ent_new, cases[i].ent_new);
		assert_int_equal(r.ind_new, cases[i].ind_new);
		assert_string_equal(r.sheet, cases[i].sheet);
		assert_true(r.committed);
		import_report_cleanup(&r);
	}
	struct arena *a = arena_new();
	struct indicator in;
	struct err e;
	/* LibreOffice: =1000000+805000 under the two-row header 研发费用 / 研发费用总额(元) */
	assert_int_equal(indicator_get(&f->sys, "91530302MA6K00001A", 2022, a, &in, &e), 0);
	assert_int_equal(in.rd_total, 180500000LL);
	assert_int_equal(in.rd_domestic, 180000000LL);
	assert_int_equal(in.sales_main, 3000000000LL);
	/* 2023 sales: WPS's 3200.5 万元, then the CSV's "32,000,000.00" (元, grouped) */
	assert_int_equal(indicator_get(&f->sys, "91530302MA6K00001A", 2023, a, &in, &e), 0);
	assert_int_equal(in.sales_main, 3200000000LL);
	/* WPS: a 1904-system date, a boolean, a phonetic run not in the name */
	struct enterprise ent;
	assert_int_equal(enterprise_get(&f->sys, "91530302MA6K00001A", a, &ent, &e), 0);
	assert_string_equal(ent.name, "曲靖示例科技有限公司");
	assert_int_equal(ent.listed, 1);
	assert_int_equal(ent.hnte_issued_on, date_from_ymd(2023, 12, 2));
	/* GB18030 CSV: 35.5 staff and a name with a full-width comma and quotes */
	assert_int_equal(enterprise_get(&f->sys, "91530322MA6K00003F", a, &ent, &e), 0);
	assert_string_equal(ent.name, "陆良绿源生物科技有限公司，\"绿源\"");
	arena_free(a);
}

/*
 * A registry export (issue 19), as LibreOffice saves it (shared strings) and
 * as WPS writes it (inline strings, WPS's package layout): no area column, a
 * tax number beside the credit code, registry-only columns, two closed
 * firms, the fixture's enterprise A (stored) and C (closed, stored). The dry
 * run reports everything the clerk must see; the commit writes exactly the
 * rows it announced.
 */
static void check_registry_file(struct fixture *f, const char *file)
{
	char path[1024];
	fixture_path(path, sizeof path, file);
	struct import_report r;
	struct err e;
	struct import_options o = {.filename = file, .dry_run = 1};
	int64_t ents = fixture_count(f, "SELECT COUNT(*) FROM enterprises");
	err_clear(&e);
	if (import_file(&f->sys, path, &o, &r, &e))
		fail_msg("%s: %s", file, e.msg);
	if (r.invalid_rows)
		fail_msg("%s: row %zu [%s] %s", file, r.issues[0].row, r.issues[0].column,
			 r.issues[0].message);
	assert_int_equal(r.rows, 6);
	assert_int_equal(r.valid_rows, 4);
	assert_int_equal(r.closed_rows, 2);
	assert_int_equal(r.ent_new, 3);
	assert_int_equal(r.ent_changed, 1); /* A: legal rep, phone, capital, … */
	assert_false(r.committed);
	assert_string_equal(r.unknown_columns, "");
	assert_string_equal(r.ignored_columns,
			    "所属省份、所属城市、注册号、组织机构代码、企业类型、经营范围");
	/* the inferred areas, each with its basis; A keeps its stored area and is not listed */
	static const struct {
		size_t row;
		const char *area, *basis, *evidence;
	} inferred[] = {
		{2, "530302", "uscc+address", "登记机关代码530302，地址相符"},
		{3, "530303", "uscc+address", "530328（该区域的旧代码）"},
		{4, "530324", "address", "地址：曲靖市罗平县罗雄街道九龙大道6号"},
	};
	assert_int_equal(r.ninferred, 3);
	for (size_t i = 0; i < 3; i++) {
		const struct import_inferred *x = &r.inferred[i];
		if (x->row != inferred[i].row || strcmp(x->area, inferred[i].area) ||
		    strcmp(x->basis, inferred[i].basis) ||
		    !strstr(x->evidence, inferred[i].evidence))
			fail_msg("%s inferred %zu: row %zu %s %s %s", file, i, x->row, x->area,
				 x->basis, x->evidence);
	}
	assert_string_equal(r.inferred[2].area_name, "罗平县");
	assert_string_equal(r.inferred[2].name, "罗平新能源有限公司");
	/* the warnings: the tax number that differs (both values), the two closed firms */
	static const struct {
		size_t row;
		const char *column, *msg;
	} warn[] = {
		{3, "纳税人识别号",
		 "纳税人识别号91530328MA6N0R0095与统一社会信用代码91530328MA6N0R002F不一致"},
		{5, "经营状态", "经营状态为“注销”：已停止经营的企业，该行未导入"},
		{6, "经营状态", "台账中已有该企业，请核实是否调整为“已退出”"},
	};
	assert_int_equal(r.nwarnings, 3);
	for (size_t i = 0; i < 3; i++)
		if (r.warnings[i].row != warn[i].row ||
		    strcmp(r.warnings[i].column, warn[i].column) ||
		    !strstr(r.warnings[i].message, warn[i].msg))
			fail_msg("%s warning %zu: row %zu [%s] %s", file, i, r.warnings[i].row,
				 r.warnings[i].column, r.warnings[i].message);
	struct strbuf js;
	strbuf_init(&js, 0);
	assert_int_equal(import_report_json(&r, 1, &js), 0);
	assert_non_null(strstr(js.buf, "\"closed_rows\":2"));
	assert_non_null(strstr(js.buf, "\"ignored_columns\":[\"所属省份\""));
	assert_non_null(strstr(js.buf, "{\"row\":4,\"uscc\":\"91530300MA6N0R0030\",\"name\":"
				       "\"罗平新能源有限公司\",\"area\":\"530324\",\"area_name\":"
				       "\"罗平县\",\"basis\":\"address\""));
	strbuf_cleanup(&js);
	import_report_cleanup(&r);
	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM enterprises"), ents);

	/* the commit */
	o.dry_run = 0;
	assert_int_equal(import_file(&f->sys, path, &o, &r, &e), 0);
	assert_true(r.committed);
	assert_int_equal(r.ent_new, 3);
	import_report_cleanup(&r);
	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM enterprises"), ents + 3);
	struct arena *a = arena_new();
	struct enterprise ent;
	assert_int_equal(enterprise_get(&f->sys, "91530302MA6N0R001N", a, &ent, &e), 0);
	assert_string_equal(ent.area, "530302");
	assert_string_equal(ent.legal_rep, "张明");
	assert_string_equal(ent.contact_phone, "0874-3123456");
	assert_string_equal(ent.industry, "科技推广和应用服务业");
	assert_string_equal(ent.address, "云南省曲靖市麒麟区南宁北路88号");
	assert_int_equal(ent.registered_on, date_from_ymd(2016, 3, 15));
	assert_int_equal(ent.registered_capital, 1000000000LL); /* 1000万元 in fen */
	assert_string_equal(ent.capital_currency, "CNY");
	assert_null(ent.main_products); /* 经营范围 is not 主要产品 */
	/* 50万美元 stays dollars; the old code 530328 is 沾益区 */
	assert_int_equal(enterprise_get(&f->sys, "91530328MA6N0R002F", a, &ent, &e), 0);
	assert_string_equal(ent.area, "530303");
	assert_int_equal(ent.registered_capital, 50000000LL);
	assert_string_equal(ent.capital_currency, "USD");
	assert_int_equal(enterprise_get(&f->sys, "91530300MA6N0R0030", a, &ent, &e), 0);
	assert_string_equal(ent.area, "530324");
	assert_int_equal(ent.registered_capital, 300000000LL);
	/* the stored A keeps its area and name, takes the registry's details */
	assert_int_equal(enterprise_get(&f->sys, f->a, a, &ent, &e), 0);
	assert_string_equal(ent.area, "530302");
	assert_string_equal(ent.legal_rep, "孙丽");
	assert_int_equal(ent.registered_capital, 200000000LL);
	/* closed firms: the new one absent, the stored C untouched */
	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM enterprises WHERE name = "
					  "'师宗旧材料厂'"),
			 0);
	assert_int_equal(enterprise_get(&f->sys, f->c, a, &ent, &e), 0);
	assert_null(ent.legal_rep);
	arena_free(a);
}

static void test_registry_lo(void **state)
{
	check_registry_file(*state, "registry_lo.xlsx");
}

static void test_registry_wps(void **state)
{
	check_registry_file(*state, "registry_wps.xlsx");
}

/*
 * Rows without area where nothing decides are refused saying why; a default
 * area (checked against the scope) decides them, for new firms only.
 */
static void test_registry_area(void **state)
{
	struct fixture *f = *state;
	char k1[19], k2[19], k3[19];
	fixture_uscc("530100", 201, k1); /* 昆明's authority: no area */
	fixture_uscc("530302", 202, k2); /* 麒麟区, but the address says 罗平县 */
	fixture_uscc("530300", 203, k3); /* the city's authority, the address two counties */
	struct strbuf sb;
	strbuf_init(&sb, 0);
	strbuf_addf(&sb,
		    "统一社会信用代码,纳税人识别号,企业名称,企业地址\n"
		    "%s,,昆明甲公司,昆明市五华区\n"
		    "%s,,乙公司,曲靖市罗平县\n"
		    "%s,,丙公司,陆良县与师宗县交界\n"
		    "%s,,曲靖甲科技有限公司,\n",
		    k1, k2, k3, f->a);
	struct import_report r;
	struct err e;
	assert_int_equal(run_import(&f->sys, sb.buf, "n.csv", 1, 0, &r, &e), 0);
	assert_int_equal(r.invalid_rows, 3);
	assert_int_equal(r.valid_rows, 1); /* the stored A needs no area */
	assert_int_equal(r.nissues, 3);
	assert_string_equal(r.issues[0].column, "所属区域");
	assert_non_null(strstr(r.issues[0].message,
			       "登记机关代码530100不对应任何区域，地址中没有区域名称"));
	assert_non_null(strstr(r.issues[1].message, "指向麒麟区，地址指向罗平县，无法判断"));
	assert_non_null(strstr(r.issues[2].message, "地址中有多个区域名称"));
	import_report_cleanup(&r);

	/* --area 陆良县: the three new firms go there, none listed as inferred */
	struct import_options o = {.filename = "n.csv", .area = "陆良县"};
	err_clear(&e);
	assert_int_equal(import_mem(&f->sys, sb.buf, sb.len, &o, &r, &e), 0);
	assert_true(r.committed);
	assert_int_equal(r.ent_new, 3);
	assert_int_equal(r.ninferred, 0);
	assert_string_equal(r.area, "530322");
	assert_string_equal(r.area_name, "陆良县");
	import_report_cleanup(&r);
	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM enterprises WHERE area = '530322'"),
			 3);
	struct arena *a = arena_new();
	struct enterprise ent;
	assert_int_equal(enterprise_get(&f->sys, f->a, a, &ent, &e), 0);
	assert_string_equal(ent.area, "530302"); /* stored: keeps its area */
	arena_free(a);

	/* a county user may give only its own area; an unknown area is refused */
	struct ledger county = fixture_as(f, f->u_county1);
	o.area = "530303";
	assert_int_equal(import_mem(&county, sb.buf, sb.len, &o, &r, &e), ERR_FORBIDDEN);
	assert_non_null(strstr(e.msg, "无权在沾益区（530303）"));
	import_report_cleanup(&r);
	o.area = "火星区";
	assert_int_equal(import_mem(&f->sys, sb.buf, sb.len, &o, &r, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "没有这个区域：火星区"));
	import_report_cleanup(&r);
	strbuf_cleanup(&sb);
}

/* The tax-number column: alone it is the credit code; beside it, only compared. */
static void test_tax_number_column(void **state)
{
	struct fixture *f = *state;
	struct strbuf sb;
	strbuf_init(&sb, 0);
	/* alone (as before the 2015 reform) */
	strbuf_addf(&sb, "纳税人识别号,企业名称,所属区域\n%s,新甲公司,麒麟区\n", u1);
	struct import_report r;
	struct err e;
	assert_int_equal(run_import(&f->sys, sb.buf, "t.csv", 1, 0, &r, &e), 0);
	assert_int_equal(r.valid_rows, 1);
	assert_int_equal(r.ent_new, 1);
	import_report_cleanup(&r);
	/* beside the credit code: an empty credit code takes a valid 18-character tax number;
	 * an odd tax number is a warning, a 20-character one ignored */
	strbuf_reset(&sb);
	strbuf_addf(&sb,
		    "统一社会信用代码,税号,企业名称,所属区域\n"
		    ",%s,新甲公司,麒麟区\n"
		    "%s,12345,新乙公司,宣威市\n"
		    "%s,53032270987654300001,新丙公司,陆良县\n",
		    u1, u2, u3);
	assert_int_equal(run_import(&f->sys, sb.buf, "t.csv", 1, 0, &r, &e), 0);
	assert_int_equal(r.valid_rows, 3);
	assert_int_equal(r.nwarnings, 2);
	assert_non_null(strstr(r.warnings[0].message, "统一社会信用代码为空，已使用纳税人识别号"));
	assert_string_equal(r.warnings[1].column, "税号");
	assert_non_null(strstr(r.warnings[1].message, "“12345”不是18位代码，已忽略"));
	import_report_cleanup(&r);
	strbuf_cleanup(&sb);
}

static int sink_sb(void *ctx, const void *p, size_t n)
{
	return strbuf_add(ctx, p, n);
}

/* Exported files (xlsx and csv) import back with nothing changed. */
static void test_export_round_trip(void **state)
{
	struct fixture *f = *state;
	char *csv = good_csv();
	struct import_report r;
	struct err e;
	assert_int_equal(run_import(&f->sys, csv, "a.csv", 0, 0, &r, &e), 0);
	import_report_cleanup(&r);
	free(csv);
	for (int fmt = 0; fmt < 2; fmt++) {
		struct export_options o;
		export_options_init(&o);
		o.format = fmt ? EXPORT_CSV : EXPORT_XLSX;
		o.year = 2023;
		struct strbuf out;
		strbuf_init(&out, 0);
		size_t rows = 0;
		assert_int_equal(export_ledger(&f->sys, &o, sink_sb, &out, &rows, &e), 0);
		assert_int_equal(rows, 6); /* A, B, C and the three imported */
		if (fmt) {
			assert_memory_equal(
				out.buf, "\xef\xbb\xbf统一社会信用代码,企业名称,所属区域",
				strlen("\xef\xbb\xbf统一社会信用代码,企业名称,所属区域"));
			/* 5000.123456 万元 written in 元 without grouping */
			assert_non_null(strstr(out.buf, ",50001234.56,"));
		} else {
			assert_memory_equal(out.buf, "PK\x03\x04", 4);
		}
		struct import_options io = {.filename = fmt ? "e.csv" : "e.xlsx"};
		assert_int_equal(import_mem(&f->sys, out.buf, out.len, &io, &r, &e), 0);
		if (r.invalid_rows)
			fail_msg("format %d: row %zu [%s] %s", fmt, r.issues[0].row,
				 r.issues[0].column, r.issues[0].message);
		assert_int_equal(r.rows, 6);
		assert_int_equal(r.ent_unchanged, 6);
		assert_int_equal(r.ent_changed + r.ent_new, 0);
		assert_int_equal(r.ind_unchanged, 3);
		assert_int_equal(r.ind_changed + r.ind_new, 0);
		import_report_cleanup(&r);
		strbuf_cleanup(&out);
	}
	/* the filters of the ledger list apply: one area */
	struct export_options o;
	export_options_init(&o);
	o.format = EXPORT_CSV;
	o.filter.area = "530381";
	struct strbuf out;
	strbuf_init(&out, 0);
	size_t rows = 0;
	assert_int_equal(export_ledger(&f->sys, &o, sink_sb, &out, &rows, &e), 0);
	assert_int_equal(rows, 1);
	assert_non_null(strstr(out.buf, u2));
	strbuf_cleanup(&out);
	/* and the scope: county1 sees only 530302 (A, B and the new 麒麟区 one) */
	struct ledger county = fixture_as(f, f->u_county1);
	export_options_init(&o);
	o.format = EXPORT_CSV;
	strbuf_init(&out, 0);
	assert_int_equal(export_ledger(&county, &o, sink_sb, &out, &rows, &e), 0);
	assert_int_equal(rows, 3);
	assert_null(strstr(out.buf, f->c));
	strbuf_cleanup(&out);
}

static void test_template(void **state)
{
	(void)state;
	struct strbuf out;
	strbuf_init(&out, 0);
	struct err e;
	assert_int_equal(export_template(EXPORT_CSV, sink_sb, &out, &e), 0);
	assert_non_null(strstr(out.buf, "统一社会信用代码,企业名称,所属区域,"));
	assert_non_null(strstr(out.buf, ",年度,职工总数,科技人员数,主营业务收入（元）,"));
	assert_null(strchr(strchr(out.buf, '\n') + 1, '\n')); /* the header line only */
	strbuf_cleanup(&out);
	strbuf_init(&out, 0);
	assert_int_equal(export_template(EXPORT_XLSX, sink_sb, &out, &e), 0);
	struct xlsx *x;
	assert_int_equal(xlsx_open_mem(out.buf, out.len, NULL, &x, &e), 0);
	assert_int_equal(xlsx_sheet_count(x), 2);
	assert_string_equal(xlsx_sheet_name(x, 1), "填写说明");
	xlsx_free(x);
	strbuf_cleanup(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_new_rows_exact, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_idempotent, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_bad_rows, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_long_unknown_header, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_blank_rows_keep_numbers, setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_xlsx_number_yyyymmdd, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_issue_text_cut_on_char, setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_dry_run, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_update_keeps_empty_cells, setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_scope, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_stored_rows, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_reader_error_after_rows, setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_header_errors, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_files, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_export_round_trip, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_registry_lo, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_registry_wps, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_registry_area, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_tax_number_column, setup, fixture_teardown),
		cmocka_unit_test(test_template),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
