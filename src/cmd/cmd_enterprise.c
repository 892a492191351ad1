/*
 * cmd_enterprise — `gaoqi enterprise list|show`: the register from the
 * command line.
 *
 * `list` prints an aligned table of one page (filters as the web list:
 * area, tier, field prefix, certificate expiry year, free text; sorting;
 * paging) and a line with the total; `show USCC` prints one enterprise with
 * its tier history, indicators and IP. Runs with the command line's admin
 * scope (everything is visible). Read only.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/arena.h"
#include "core/date.h"
#include "core/money.h"
#include "core/strbuf.h"
#include "ledger/register/area.h"
#include "ledger/register/enterprise.h"
#include "ledger/records/indicator.h"
#include "ledger/records/ip.h"
#include "ledger/ledger.h"
#include "rules/fields.h"
#include "rules/uscc.h"
#include "store/store.h"

#define NAME_COLUMNS 44 /* widest company name shown in the list (display columns) */

static void usage(void)
{
	printf("usage: gaoqi enterprise list [--area CODE] [--tier TIER] [--field CODE]\n"
	       "                             [--expiry-year YEAR] [--q TEXT] [--sort KEY] "
	       "[--desc]\n"
	       "                             [--limit N] [--offset N] [--db PATH]\n"
	       "       gaoqi enterprise show USCC [--db PATH]\n"
	       "\n"
	       "list: one page of the register as a table (default 50 rows, at most %d),\n"
	       "  then the number of matching enterprises. TIER is prospect, tsme, reserve,\n"
	       "  key, hnte, leader or exited (or its Chinese name); --field matches a field\n"
	       "  code prefix (\"40\" = 新材料); --q searches name and USCC; KEY is name, uscc,\n"
	       "  area, tier, field, expiry or updated.\n"
	       "show: every recorded fact of one enterprise, its tier history, indicators and IP.\n"
	       "Runs as the system administrator (sees every area). Database default %s.\n",
	       ENTERPRISE_PAGE_MAX, CMD_DEFAULT_DB);
}

/* ---- display width of UTF-8 text (CJK counts two columns) -------------------- */

/* Print S in WIDTH columns (cut with "…" when wider) and two spaces, unless LAST. */
static void cell(const char *s, size_t width, int last)
{
	if (!s)
		s = "";
	size_t w = 0, len;
	const unsigned char *p = (const unsigned char *)s;
	if (cmd_text_width(s) > width) {
		while (*p) {
			size_t cw = cmd_char_width(p, &len);
			if (w + cw > width - 1)
				break;
			fwrite(p, 1, len, stdout);
			w += cw;
			p += len;
		}
		fputs("…", stdout);
		w++;
	} else {
		fputs(s, stdout);
		w = cmd_text_width(s);
	}
	if (!last)
		for (; w < width + 2; w++)
			putchar(' ');
}

/* Print S right-aligned in WIDTH columns (one space before). */
static void rcell(const char *s, size_t width)
{
	for (size_t w = cmd_text_width(s); w < width; w++)
		putchar(' ');
	printf(" %s", s);
}

/* ---- helpers ------------------------------------------------------------------ */

static int parse_int(const char *s, int64_t lo, int64_t hi, int64_t *out)
{
	if (!s || !*s)
		return -1;
	char *end = NULL;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static const char *area_name(const struct area *areas, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(areas[i].code, code))
			return areas[i].name;
	return code;
}

static const char *date_or_dash(int32_t d, char buf[11])
{
	if (d == LEDGER_NO_DATE)
		return "—";
	return date_format(d, buf);
}

/* ---- list --------------------------------------------------------------------- */

static int do_list(struct ledger *l, const struct enterprise_filter *f, struct arena *arena,
		   struct err *e)
{
	struct area *areas = NULL;
	size_t n_areas = 0;
	int rc = area_list(l, arena, &areas, &n_areas, e);
	if (rc)
		return rc;
	struct enterprise_page page;
	if ((rc = enterprise_list(l, f, arena, &page, e)))
		return rc;
	size_t wname = cmd_text_width("企业名称"), warea = cmd_text_width("区域");
	for (size_t i = 0; i < page.n; i++) {
		size_t w = cmd_text_width(page.items[i].name);
		if (w > wname)
			wname = w;
		w = cmd_text_width(area_name(areas, n_areas, page.items[i].area));
		if (w > warea)
			warea = w;
	}
	if (wname > NAME_COLUMNS)
		wname = NAME_COLUMNS;
	cell("统一社会信用代码", 18, 0);
	cell("企业名称", wname, 0);
	cell("区域", warea, 0);
	cell("层级", 14, 0);
	cell("领域", 6, 0);
	cell("证书到期", 10, 1);
	putchar('\n');
	for (size_t i = 0; i < page.n; i++) {
		const struct enterprise *x = &page.items[i];
		char d[11];
		cell(x->uscc, 18, 0);
		cell(x->name, wname, 0);
		cell(area_name(areas, n_areas, x->area), warea, 0);
		cell(enterprise_tier_label(x->tier), 14, 0);
		cell(x->field ? x->field : "—", 6, 0);
		cell(date_or_dash(x->hnte_expires_on, d), 10, 1);
		putchar('\n');
	}
	if (page.n == 0)
		printf("共 %" PRId64 " 家企业\n", page.total);
	else
		printf("共 %" PRId64 " 家企业，显示第 %" PRId64 "–%" PRId64 " 家\n", page.total,
		       f->offset + 1, f->offset + (int64_t)page.n);
	return 0;
}

/* ---- show --------------------------------------------------------------------- */

static void line(const char *label, const char *value)
{
	cell(label, 16, 0);
	puts(value && *value ? value : "—");
}

static void wan(struct strbuf *sb, int64_t fen)
{
	if (fen == LEDGER_NONE)
		strbuf_adds(sb, "—");
	else
		money_format_wan(sb, fen, MONEY_GROUP);
}

static int do_show(struct ledger *l, const char *uscc_text, struct arena *arena, struct err *e)
{
	struct uscc u;
	int rc = uscc_parse(uscc_text, strlen(uscc_text), USCC_ALLOW_CHECK_MISMATCH, &u, e);
	if (rc)
		return rc;
	struct enterprise x;
	if ((rc = enterprise_get(l, u.code, arena, &x, e))) {
		/* A pilot code with a nonconforming check character may be registered as is. */
		if (rc == ERR_NOT_FOUND && !u.check_ok)
			return err_set(e, ERR_INVALID, "uscc", "第18位校验码应为%c，实际为%c",
				       u.expected_check, u.code[17]);
		return rc;
	}
	struct area ar;
	const char *aname = area_get(l, x.area, arena, &ar, NULL) == 0
				    ? arena_printf(arena, "%s（%s）", ar.name, x.area)
				    : x.area;
	char d1[11], d2[11];
	struct strbuf sb;
	strbuf_init(&sb, 0);

	line("统一社会信用代码", x.uscc);
	line("企业名称", x.name);
	line("区域", aname);
	line("地址", x.address);
	line("成立日期",
	     x.registered_on == LEDGER_NO_DATE ? NULL : date_format(x.registered_on, d1));
	line("法定代表人", x.legal_rep);
	line("联系人", x.contact_name ? arena_printf(arena, "%s %s", x.contact_name,
						     x.contact_phone ? x.contact_phone : "")
				      : NULL);
	line("行业", x.industry);
	const char *field = x.field;
	if (x.field) {
		const struct fields_table *ft = ledger_fields();
		const struct fields_entry *fe = ft ? fields_find(ft, x.field) : NULL;
		if (fe)
			field = arena_printf(arena, "%s %.*s", x.field, (int)fe->name_len,
					     fe->name);
	}
	line("技术领域", field);
	line("主要产品", x.main_products);
	line("标签", x.tags);
	line("规上/上市", arena_printf(arena, "%s / %s", x.above_scale ? "规上企业" : "否",
				       x.listed ? "上市公司" : "否"));
	line("层级", enterprise_tier_label(x.tier));
	if (x.tier == TIER_EXITED)
		line("退出原因", x.exit_reason);
	if (x.hnte_cert_no)
		line("高企证书",
		     arena_printf(arena, "%s，发证 %s，有效期至 %s%s%s", x.hnte_cert_no,
				  date_or_dash(x.hnte_issued_on, d1),
				  date_or_dash(x.hnte_expires_on, d2), x.hnte_batch ? "，" : "",
				  x.hnte_batch ? x.hnte_batch : ""));
	if (x.tsme_reg_no)
		line("科小登记编号", x.tsme_year == LEDGER_NONE
					     ? x.tsme_reg_no
					     : arena_printf(arena, "%s（%" PRId64 "年）",
							    x.tsme_reg_no, x.tsme_year));
	line("县级联系人", x.county_contact);

	struct tier_change *hist = NULL;
	size_t nh = 0;
	if ((rc = enterprise_tier_history(l, x.uscc, arena, &hist, &nh, e)))
		goto out;
	printf("\n层级变动：\n");
	for (size_t i = 0; i < nh; i++) {
		printf("  %s  %s%s%s  %s（%s）\n", date_or_dash(hist[i].on, d1),
		       hist[i].has_from ? enterprise_tier_label(hist[i].from) : "",
		       hist[i].has_from ? " → " : "→ ", enterprise_tier_label(hist[i].to),
		       hist[i].reason, hist[i].user_name);
	}

	struct indicator *years = NULL;
	size_t ny = 0;
	if ((rc = indicator_list(l, x.uscc, arena, &years, &ny, e)))
		goto out;
	printf("\n年度指标（金额：万元；研发费用为各项合计，委托研发未折算）：\n");
	if (ny == 0) {
		printf("  无\n");
	} else {
		static const char *const heads[] = {"年度",	"职工人数", "科技人员", "销售收入",
						    "高新收入", "研发费用", "成果转化"};
		printf(" ");
		for (size_t k = 0; k < 7; k++)
			rcell(heads[k], k == 0 ? 6 : k < 3 || k == 6 ? 10 : 14);
		putchar('\n');
	}
	for (size_t i = 0; i < ny; i++) {
		const struct indicator *y = &years[i];
		printf(" ");
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%" PRId64, y->year);
		rcell(strbuf_cstr(&sb), 6);
		const int64_t heads[2] = {y->staff, y->st_staff};
		for (size_t k = 0; k < 2; k++) {
			strbuf_reset(&sb);
			if (heads[k] == LEDGER_NONE)
				strbuf_adds(&sb, "—");
			else
				count_format(&sb, heads[k]);
			rcell(strbuf_cstr(&sb), 10);
		}
		const int64_t parts[] = {y->rd_personnel,
					 y->rd_direct,
					 y->rd_depreciation,
					 y->rd_amortization,
					 y->rd_design,
					 y->rd_trials,
					 y->rd_other,
					 y->rd_entrusted_domestic,
					 y->rd_entrusted_overseas};
		int64_t rd = 0;
		int any = 0;
		for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++)
			if (parts[k] != LEDGER_NONE) {
				rd += parts[k];
				any = 1;
			}
		const int64_t money[3] = {indicator_sales(y), y->hitech_income,
					  any ? rd : y->rd_total};
		for (size_t k = 0; k < 3; k++) {
			strbuf_reset(&sb);
			wan(&sb, money[k]);
			rcell(strbuf_cstr(&sb), 14);
		}
		strbuf_reset(&sb);
		if (y->conversions == LEDGER_NONE)
			strbuf_adds(&sb, "—");
		else
			strbuf_addf(&sb, "%" PRId64, y->conversions);
		rcell(strbuf_cstr(&sb), 10);
		if (y->incident)
			printf("  当年有重大事故或违法行为");
		if (y->locked)
			printf("  已锁定");
		putchar('\n');
	}

	struct ip_item *ip = NULL;
	size_t ni = 0;
	if ((rc = ip_list(l, x.uscc, arena, &ip, &ni, e)))
		goto out;
	int64_t c1 = 0, c2 = 0, used = 0, lapsed = 0;
	for (size_t i = 0; i < ni; i++) {
		if (!ip[i].valid)
			lapsed++;
		else if (ip[i].klass == 1)
			c1++;
		else if (ip[i].used_in_recognition != LEDGER_NONE)
			used++;
		else
			c2++;
	}
	printf("\n知识产权：共 %zu 项；有效 I 类 %" PRId64 " 项，有效 II 类 %" PRId64
	       " 项（另有 %" PRId64 " 项已用于认定），失效 %" PRId64 " 项\n",
	       ni, c1, c2, used, lapsed);
	for (size_t i = 0; i < ni; i++) {
		const char *label = ip_kind_label(ip[i].kind);
		printf("  %s  %s  %s  %s%s\n", label ? label : ip[i].kind,
		       ip[i].number ? ip[i].number : "—", date_or_dash(ip[i].granted_on, d1),
		       ip[i].title ? ip[i].title : "",
		       !ip[i].valid ? "（已失效）"
		       : ip[i].used_in_recognition != LEDGER_NONE
			       ? arena_printf(arena, "（已用于%" PRId64 "年认定）",
					      ip[i].used_in_recognition)
			       : "");
	}
out:
	strbuf_cleanup(&sb);
	return rc;
}

/* ---- entry -------------------------------------------------------------------- */

int cmd_enterprise(int argc, char **argv)
{
	if (argc < 2)
		return cmd_usage_error("enterprise", "缺少子命令：list 或 show");
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage();
			return CMD_OK;
		}
	const char *sub = argv[1];
	int is_list = !strcmp(sub, "list");
	if (!is_list && strcmp(sub, "show"))
		return cmd_usage_error("enterprise", "未知子命令“%s”：应为 list 或 show", sub);

	const char *db_path = CMD_DEFAULT_DB, *uscc = NULL;
	struct enterprise_filter f;
	enterprise_filter_init(&f);
	f.want_total = 1;
	struct err e;
	err_clear(&e);
	for (int i = 2; i < argc; i++) {
		const char *o = argv[i];
		static const char *const with_value[] = {"--db",    "--area",	"--tier",
							 "--field", "--q",	"--sort",
							 "--limit", "--offset", "--expiry-year"};
		int takes = 0;
		for (size_t k = 0; k < sizeof with_value / sizeof with_value[0]; k++)
			if (!strcmp(o, with_value[k]))
				takes = 1;
		if (takes && (is_list || !strcmp(o, "--db"))) {
			if (i + 1 >= argc)
				return cmd_usage_error("enterprise", "选项 %s 缺少参数", o);
			const char *v = argv[++i];
			int64_t n = 0;
			if (!strcmp(o, "--db")) {
				db_path = v;
			} else if (!strcmp(o, "--area")) {
				f.area = v;
			} else if (!strcmp(o, "--field")) {
				f.field = v;
			} else if (!strcmp(o, "--q")) {
				f.q = v;
			} else if (!strcmp(o, "--tier")) {
				enum tier t;
				if (enterprise_tier_parse(v, &t, &e))
					return cmd_fail("enterprise", "--tier：%s", e.msg);
				f.tier = (int)t;
			} else if (!strcmp(o, "--sort")) {
				if (enterprise_sort_parse(v, &f.sort, &e))
					return cmd_fail("enterprise", "--sort：%s", e.msg);
			} else if (!strcmp(o, "--limit")) {
				if (parse_int(v, 1, ENTERPRISE_PAGE_MAX, &n))
					return cmd_fail("enterprise",
							"--limit 应为1到%d之间的整数：%s",
							ENTERPRISE_PAGE_MAX, v);
				f.limit = n;
			} else if (!strcmp(o, "--offset")) {
				if (parse_int(v, 0, INT64_MAX / 2, &n))
					return cmd_fail("enterprise", "--offset 应为非负整数：%s",
							v);
				f.offset = n;
			} else {
				if (parse_int(v, 1900, 9999, &n))
					return cmd_fail("enterprise", "--expiry-year 应为年份：%s",
							v);
				f.expiry_year = (int)n;
			}
		} else if (is_list && !strcmp(o, "--desc")) {
			f.descending = 1;
		} else if (o[0] == '-') {
			return cmd_usage_error(
				"enterprise",
				"enterprise %s 不接受选项“%s”（gaoqi enterprise --help）", sub, o);
		} else if (!is_list && !uscc) {
			uscc = o;
		} else {
			return cmd_usage_error("enterprise", "多余的参数“%s”", o);
		}
	}
	if (!is_list && !uscc)
		return cmd_usage_error("enterprise", "enterprise show 缺少统一社会信用代码");
	if (!*db_path)
		return cmd_usage_error("enterprise", "--db 不能为空");

	struct store *db = NULL;
	struct arena *arena = arena_new();
	int rc = cmd_open_db(db_path, &db, &e);
	if (rc == 0) {
		struct ledger l;
		struct scope sys = ledger_system_scope();
		ledger_init(&l, db, &sys, "cli");
		rc = is_list ? do_list(&l, &f, arena, &e) : do_show(&l, uscc, arena, &e);
	}
	store_close(db);
	arena_free(arena);
	if (rc)
		return cmd_fail("enterprise", "%s", e.msg);
	return CMD_OK;
}
