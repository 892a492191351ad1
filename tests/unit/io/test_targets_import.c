/*
 * Tests of io/targets_import: the sheet targets_export writes reads back to
 * the same targets (round trip); areas by code or by name, the city's row;
 * an empty cell removes; every refusal names the row (and column) in
 * Chinese: a bad number, an unknown area or metric, a repeated area, a code
 * and a name that disagree, no header, not an .xlsx.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/strbuf.h"
#include "io/scorecard_export.h"
#include "io/targets_import.h"
#include "io/xlsx/write.h"

static const struct area areas[] = {
	{"530302", "麒麟区", "district", ""},
	{"530303", "沾益区", "district", ""},
	{"530381", "宣威市", "city", ""},
};
static const struct target_metric metrics[] = {
	{"hnte_new", "新认定高新技术企业", 0, 40},
	{"tsme_registered", "科技型中小企业入库", 0, 20},
};

static int sink(void *ctx, const void *p, size_t n)
{
	return strbuf_add(ctx, p, n);
}

/*
 * A workbook of one sheet: HEAD the header cells, then ROWS rows of NCOLS
 * cells (NULL: empty; "#12": the number 12; else text) into OUT.
 */
static void sheet(const char *const *head, size_t ncols, const char *const *rows, size_t nrows,
		  struct strbuf *out)
{
	struct xlsx_writer *w = NULL;
	struct xlsxw_col cols[8];
	for (size_t i = 0; i < ncols; i++)
		cols[i] = (struct xlsxw_col){head[i], XLSXW_TEXT, 12};
	strbuf_reset(out);
	assert_int_equal(xlsx_writer_new(&w, NULL), 0);
	assert_int_equal(xlsx_writer_sheet(w, "目标", cols, ncols, NULL), 0);
	for (size_t r = 0; r < nrows; r++) {
		for (size_t c = 0; c < ncols; c++) {
			const char *v = rows[r * ncols + c];
			if (v && v[0] == '#')
				assert_int_equal(xlsx_writer_int(w, c, atoll(v + 1)), 0);
			else if (v)
				assert_int_equal(xlsx_writer_text(w, c, v), 0);
		}
		xlsx_writer_next_row(w);
	}
	assert_int_equal(xlsx_writer_finish(w, sink, out, NULL), 0);
	xlsx_writer_free(w);
}

static int read_sheet(const struct strbuf *b, struct arena *a, struct targets_sheet *sh,
		      struct err *e)
{
	err_clear(e);
	return targets_read_mem(b->buf, b->len, areas, 3, metrics, 2, a, sh, e);
}

static const struct target *find(const struct targets_sheet *sh, const char *area,
				 const char *metric)
{
	for (size_t i = 0; i < sh->n; i++)
		if (!strcmp(sh->items[i].metric, metric) &&
		    (area ? sh->items[i].area && !strcmp(sh->items[i].area, area)
			  : !sh->items[i].area))
			return &sh->items[i];
	return NULL;
}

/* What targets_export writes reads back the same. */
static void test_round_trip(void **state)
{
	(void)state;
	struct progress_cell cells[4][2];
	struct progress_row rows[3];
	struct progress p;
	memset(&p, 0, sizeof p);
	memset(rows, 0, sizeof rows);
	p.year = 2026;
	p.metrics = (struct target_metric *)metrics;
	p.n_metrics = 2;
	int64_t v[4][2] = {{100, 60}, {30, LEDGER_NONE}, {0, 25}, {70, 35}};
	for (int i = 0; i < 4; i++)
		for (int m = 0; m < 2; m++) {
			memset(&cells[i][m], 0, sizeof cells[i][m]);
			cells[i][m].target = v[i][m];
		}
	p.city = (struct progress_row){.area = NULL, .area_name = "全市", .cells = cells[0]};
	for (int i = 0; i < 3; i++)
		rows[i] = (struct progress_row){
			.area = areas[i].code, .area_name = areas[i].name, .cells = cells[i + 1]};
	p.rows = rows;
	p.n = 3;
	struct strbuf b;
	strbuf_init(&b, 0);
	assert_int_equal(targets_export(&p, sink, &b, NULL), 0);
	struct arena *a = arena_new();
	struct targets_sheet sh;
	struct err e;
	assert_int_equal(read_sheet(&b, a, &sh, &e), 0);
	assert_int_equal(sh.rows, 4);
	assert_int_equal(sh.metrics, 2);
	assert_int_equal(sh.n, 8);
	assert_int_equal(sh.header_row, 1);
	assert_int_equal(find(&sh, NULL, "hnte_new")->value, 100);
	assert_int_equal(find(&sh, "530302", "tsme_registered")->value, LEDGER_NONE);
	assert_int_equal(find(&sh, "530303", "hnte_new")->value, 0);
	assert_int_equal(find(&sh, "530381", "tsme_registered")->value, 35);

	/*
	 * A city total the progress derived from the areas' (none set) is not
	 * written: the sheet read back leaves it unset, not fixed at today's sum.
	 */
	cells[0][1].target = 60;
	cells[0][1].target_summed = 1;
	strbuf_reset(&b);
	assert_int_equal(targets_export(&p, sink, &b, NULL), 0);
	arena_free(a);
	a = arena_new();
	assert_int_equal(read_sheet(&b, a, &sh, &e), 0);
	assert_int_equal(find(&sh, NULL, "hnte_new")->value, 100);
	assert_int_equal(find(&sh, NULL, "tsme_registered")->value, LEDGER_NONE);
	strbuf_cleanup(&b);
	arena_free(a);
}

/* By name without a code, metric columns by code, other order; blank rows skipped. */
static void test_names_and_codes(void **state)
{
	(void)state;
	static const char *const head[] = {"区域", "tsme_registered", "区域代码"};
	static const char *const rows[] = {
		"沾益区",   "#12", NULL, NULL, NULL, NULL,
		"全市合计", "-",   NULL, NULL, "#3", "530381",
	};
	struct strbuf b;
	strbuf_init(&b, 0);
	sheet(head, 3, rows, 4, &b);
	struct arena *a = arena_new();
	struct targets_sheet sh;
	struct err e;
	assert_int_equal(read_sheet(&b, a, &sh, &e), 0);
	assert_int_equal(sh.rows, 3);
	assert_int_equal(sh.n, 3); /* one metric column: hnte_new is left as it is */
	assert_null(find(&sh, "530303", "hnte_new"));
	assert_int_equal(find(&sh, "530303", "tsme_registered")->value, 12);
	assert_int_equal(find(&sh, NULL, "tsme_registered")->value, LEDGER_NONE);
	assert_int_equal(find(&sh, "530381", "tsme_registered")->value, 3);
	strbuf_cleanup(&b);
	arena_free(a);
}

static void refused(const char *const *head, size_t ncols, const char *const *rows, size_t nrows,
		    const char *msg)
{
	struct strbuf b;
	strbuf_init(&b, 0);
	sheet(head, ncols, rows, nrows, &b);
	struct arena *a = arena_new();
	struct targets_sheet sh;
	struct err e;
	assert_int_equal(read_sheet(&b, a, &sh, &e), ERR_INVALID);
	if (strcmp(e.msg, msg))
		fail_msg("got '%s', want '%s'", e.msg, msg);
	assert_string_equal(e.field, "file");
	strbuf_cleanup(&b);
	arena_free(a);
}

static void test_refusals(void **state)
{
	(void)state;
	static const char *const head[] = {"区域代码", "区域", "新认定高新技术企业"};
	static const char *const bad_value[] = {"530302", "麒麟区", "#5", "530303", NULL, "十二"};
	refused(head, 3, bad_value, 2,
		"第3行第C列（新认定高新技术企业）：目标值应为0到1000000之间的整数：十二");
	static const char *const too_big[] = {"530302", NULL, "#1000001"};
	refused(head, 3, too_big, 1,
		"第2行第C列（新认定高新技术企业）：目标值应为0到1000000之间的整数：1000001");
	static const char *const negative[] = {"530302", NULL, "#-1"};
	refused(head, 3, negative, 1,
		"第2行第C列（新认定高新技术企业）：目标值应为0到1000000之间的整数：-1");
	static const char *const no_area[] = {"530399", NULL, "#1"};
	refused(head, 3, no_area, 1, "第2行：区域代码不存在：530399");
	static const char *const no_name[] = {NULL, "马龙区", "#1"};
	refused(head, 3, no_name, 1, "第2行：区域不存在：马龙区");
	static const char *const twice[] = {"530302", NULL, "#1", NULL, "麒麟区", "#2"};
	refused(head, 3, twice, 2, "第3行：区域重复（第2行已是麒麟区）");
	static const char *const mismatch[] = {"530302", "沾益区", "#1"};
	refused(head, 3, mismatch, 1, "第2行：区域代码530302是麒麟区，与区域名称“沾益区”不符");
	static const char *const head2[] = {"区域代码", "区域", "营业收入"};
	refused(head2, 3, no_area, 1, "第1行第C列：未知的指标：营业收入");
	static const char *const head3[] = {"企业名称", "金额", "备注"};
	refused(head3, 3, no_area, 1, "未找到表头（须含“区域代码”或“区域”列及指标列）");
	static const char *const head4[] = {"区域代码", "区域"};
	static const char *const plain[] = {"530302", NULL};
	refused(head4, 2, plain, 1, "第1行：表头中没有指标列（如“新认定高新技术企业”）");
	/* not an xlsx */
	struct arena *a = arena_new();
	struct targets_sheet sh;
	struct err e;
	err_clear(&e);
	assert_int_equal(targets_read_mem("a,b\n", 4, areas, 3, metrics, 2, a, &sh, &e),
			 ERR_INVALID);
	assert_non_null(strstr(e.msg, ".xlsx"));
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_names_and_codes),
		cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
