/*
 * cmd_import — `gaoqi import [--db PATH] FILE [--dry-run] [--skip-invalid]
 * [--sheet NAME] [--area CODE] [--json]`: a county ledger (.xlsx or .csv) into the database
 * in one transaction (src/io/import.h), as the system administrator, audited
 * as "import:FILE".
 *
 * Prints a summary (or the report as JSON with --json) and every bad row
 * with its row number, column and reason. A progress bar goes to stderr when
 * it is a terminal. Exit 0 when the file was applied (or a dry run found no
 * bad row), 1 when rows are bad and nothing was written or the import failed,
 * 2 on usage errors.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "core/strbuf.h"
#include "io/import.h"
#include "ledger/ledger.h"
#include "store/store.h"

static void usage(void)
{
	printf("usage: gaoqi import [--db PATH] FILE [--dry-run] [--skip-invalid] [--sheet NAME]\n"
	       "                    [--area CODE] [--json]\n"
	       "\n"
	       "Import enterprises and annual indicators from FILE (.xlsx from Excel, WPS or\n"
	       "LibreOffice; .csv in UTF-8 or GB18030) into the database (default %s).\n"
	       "Columns are matched by their Chinese or English header names in any order;\n"
	       "a unit in the header such as （万元） sets the unit of that column.\n"
	       "Rows are upserted by credit code and year: importing twice changes nothing.\n"
	       "\n"
	       "  --dry-run       check every row and count the changes, write nothing\n"
	       "  --skip-invalid  write the good rows even when some rows are bad\n"
	       "  --sheet NAME    the worksheet to read (default: the first one)\n"
	       "  --area CODE     the area (code or name) of new enterprises whose row has\n"
	       "                  none; without it such an area is inferred from the credit\n"
	       "                  code (characters 3-8: an area's code or old code) or from an\n"
	       "                  area name in the address, and listed as 推断 to be checked\n"
	       "  --json          print the report as JSON\n"
	       "\n"
	       "Registry exports (企查查-style lists) import as they are: a 纳税人识别号/税号\n"
	       "column beside 统一社会信用代码 is only compared (an 18-character number that\n"
	       "differs is a warning; 15/20-character old numbers are ignored); a row whose\n"
	       "经营状态 is 注销, 吊销, 撤销, 停业, 歇业 or 责令关闭 is a warning and is not\n"
	       "imported; 注册资本 such as 1000万元人民币 or 50万美元 keeps its currency; "
	       "企业类型,\n"
	       "经营范围, 注册号, 组织机构代码, 所属省份, 所属城市 and the like are listed as\n"
	       "ignored columns.\n"
	       "\n"
	       "All rows are written in one transaction: if any row is bad (without\n"
	       "--skip-invalid), or the import is interrupted, nothing is written.\n"
	       "Exit status: 0 written (or a clean dry run), 1 bad rows or failure, 2 usage.\n",
	       CMD_DEFAULT_DB);
}

static void progress_bar(void *ctx, uint64_t done, uint64_t total)
{
	(void)ctx;
	if (total && done <= total) {
		int pct = (int)(done * 100 / total);
		char bar[31];
		int fill = pct * 30 / 100;
		for (int i = 0; i < 30; i++)
			bar[i] = i < fill ? '#' : '.';
		bar[30] = '\0';
		fprintf(stderr, "\r导入中 [%s] %3d%%  %llu/%llu 行", bar, pct,
			(unsigned long long)done, (unsigned long long)total);
	} else {
		fprintf(stderr, "\r导入中 %llu 行", (unsigned long long)done);
	}
	fflush(stderr);
}

static void print_report(const char *file, const struct import_report *r, int dry_run,
			 int skip_invalid)
{
	printf("文件：%s（%s%s%s，表头在第%zu行）\n", file, r->format,
	       r->encoding[0] ? "，编码 " : "", r->encoding, r->header_row);
	if (r->sheet[0])
		printf("工作表：%s\n", r->sheet);
	printf("数据行 %zu 行：有效 %zu，有误 %zu\n", r->rows, r->valid_rows, r->invalid_rows);
	printf("企业：新增 %zu，变更 %zu，未变 %zu\n", r->ent_new, r->ent_changed,
	       r->ent_unchanged);
	if (r->ind_new + r->ind_changed + r->ind_unchanged)
		printf("年度指标：新增 %zu，变更 %zu，未变 %zu\n", r->ind_new, r->ind_changed,
		       r->ind_unchanged);
	if (r->area[0])
		printf("未填区域的新企业归入：%s（%s）\n", r->area_name, r->area);
	if (r->unknown_columns[0])
		printf("未识别的列（已忽略）：%s\n", r->unknown_columns);
	if (r->ignored_columns[0])
		printf("企业登记信息中台账不保存的列（已忽略）：%s\n", r->ignored_columns);
	if (r->closed_rows)
		printf("已注销、吊销等停止经营的企业 %zu 行（未导入）\n", r->closed_rows);
	if (r->ninferred)
		printf("推断的区域（请核对）：\n");
	for (size_t i = 0; i < r->ninferred; i++) {
		const struct import_inferred *x = &r->inferred[i];
		printf("  第%zu行 %s %s → %s（推断，依据：%s）\n", x->row, x->uscc, x->name,
		       x->area_name, x->evidence);
	}
	if (r->inferred_dropped)
		printf("  ……另有 %zu 行推断了区域，未列出\n", r->inferred_dropped);
	for (size_t i = 0; i < r->nwarnings; i++) {
		const struct import_issue *w = &r->warnings[i];
		printf("提示：第%zu行 [%s]：%s\n", w->row, w->column, w->message);
	}
	if (r->warnings_dropped)
		printf("……另有 %zu 条提示未列出\n", r->warnings_dropped);
	for (size_t i = 0; i < r->nissues; i++) {
		const struct import_issue *is = &r->issues[i];
		if (is->column[0])
			printf("第%zu行 [%s]：%s\n", is->row, is->column, is->message);
		else
			printf("第%zu行：%s\n", is->row, is->message);
	}
	if (r->issues_dropped)
		printf("……另有 %zu 处问题未列出\n", r->issues_dropped);
	if (r->committed)
		printf("结果：已写入数据库%s\n",
		       r->invalid_rows ? "（仅有效行；有误的行已跳过）" : "");
	else if (dry_run)
		printf("结果：试运行，未写入任何数据\n");
	else if (r->invalid_rows && !skip_invalid)
		printf("结果：有 %zu 行有误，未写入任何数据（改正后重新导入，或用 --skip-invalid "
		       "只导入有效行）\n",
		       r->invalid_rows);
}

int cmd_import(int argc, char **argv)
{
	const char *db_path = CMD_DEFAULT_DB, *file = NULL;
	struct import_options o;
	memset(&o, 0, sizeof o);
	int json = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage();
			return CMD_OK;
		} else if (!strcmp(a, "--db") || !strcmp(a, "--sheet") || !strcmp(a, "--area")) {
			if (i + 1 >= argc)
				return cmd_usage_error("import", "选项 %s 缺少参数", a);
			if (!strcmp(a, "--db"))
				db_path = argv[++i];
			else if (!strcmp(a, "--sheet"))
				o.sheet = argv[++i];
			else
				o.area = argv[++i];
		} else if (!strncmp(a, "--area=", 7)) {
			o.area = a + 7;
		} else if (!strncmp(a, "--db=", 5)) {
			db_path = a + 5;
		} else if (!strncmp(a, "--sheet=", 8)) {
			o.sheet = a + 8;
		} else if (!strcmp(a, "--dry-run")) {
			o.dry_run = 1;
		} else if (!strcmp(a, "--skip-invalid")) {
			o.skip_invalid = 1;
		} else if (!strcmp(a, "--json")) {
			json = 1;
		} else if (a[0] == '-' && a[1]) {
			return cmd_usage_error("import",
					       "未知选项“%s”（gaoqi import --help 查看用法）", a);
		} else if (!file) {
			file = a;
		} else {
			return cmd_usage_error("import", "多余的参数“%s”", a);
		}
	}
	if (!file)
		return cmd_usage_error("import",
				       "缺少要导入的文件（gaoqi import --help 查看用法）");
	if (!*db_path)
		return cmd_usage_error("import", "--db 不能为空");
	if (access(file, R_OK) != 0)
		return cmd_fail("import", "无法读取文件 %s", file);

	const char *base = strrchr(file, '/');
	o.filename = base ? base + 1 : file;
	if (isatty(STDERR_FILENO) && !json)
		o.progress = progress_bar;

	struct store *db = NULL;
	struct import_report r;
	memset(&r, 0, sizeof r);
	struct err e;
	err_clear(&e);
	int rc = store_open(db_path, 0, &db, &e);
	if (!rc)
		rc = store_check_schema(db, &e);
	if (!rc) {
		struct ledger l;
		struct scope sys = ledger_system_scope();
		ledger_init(&l, db, &sys, "cli");
		rc = import_file(&l, file, &o, &r, &e);
	}
	if (o.progress)
		fputc('\n', stderr);
	int exit_code = CMD_OK;
	if (rc) {
		exit_code = cmd_fail("import", "%s：%s", file, e.msg);
	} else {
		if (json) {
			struct strbuf sb;
			strbuf_init(&sb, 0);
			import_report_json(&r, o.dry_run, &sb);
			printf("%s\n", strbuf_cstr(&sb));
			strbuf_cleanup(&sb);
		} else {
			print_report(file, &r, o.dry_run, o.skip_invalid);
		}
		if (r.invalid_rows && !r.committed)
			exit_code = CMD_FAIL;
	}
	import_report_cleanup(&r);
	store_close(db);
	return exit_code;
}
