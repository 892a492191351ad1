/*
 * cmd_outcomes — `gaoqi outcomes --db DB --batch ID FILE [--dry-run]` and
 * `gaoqi outcomes --db DB --tsme YEAR FILE [--dry-run]`: apply a published
 * list (the public-notice list of a recognition batch, or the province's
 * TSME registration list) as the system, in one transaction
 * (ledger/apply/outcome.h), and print the report: one line per row that was
 * not applied as is, then the counts. Exit 0 when the list was read (also
 * with unmatched rows), 1 on failure, 2 on usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/arena.h"
#include "io/notice.h"
#include "ledger/apply/outcome.h"
#include "store/store.h"

static void usage(void)
{
	printf("usage: gaoqi outcomes [--db PATH] (--batch ID | --tsme YEAR) FILE [--dry-run]\n"
	       "\n"
	       "Apply a published list (.xlsx or .csv) to the database (default %s):\n"
	       "  --batch ID   the public-notice list of batch ID (企业名称 and/or\n"
	       "               统一社会信用代码, 证书编号): matched applications become\n"
	       "               recognised (tier, certificate, IP marks)\n"
	       "  --tsme YEAR  the TSME registration list of YEAR (登记编号)\n"
	       "  --dry-run    report what would change, write nothing\n"
	       "Rows are matched by USCC, else by exact normalised name; importing the\n"
	       "same list again changes nothing.\n",
	       CMD_DEFAULT_DB);
}

static long long number_arg(const char *s)
{
	char *end = NULL;
	long long v = strtoll(s, &end, 10);
	return end && *end == '\0' && v > 0 ? v : -1;
}

int cmd_outcomes(int argc, char **argv)
{
	const char *db_path = CMD_DEFAULT_DB, *file = NULL;
	long long batch = 0, year = 0;
	int dry_run = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage();
			return CMD_OK;
		} else if (!strcmp(a, "--db") || !strcmp(a, "--batch") || !strcmp(a, "--tsme")) {
			if (i + 1 >= argc)
				return cmd_usage_error("outcomes", "选项 %s 缺少参数", a);
			const char *v = argv[++i];
			if (!strcmp(a, "--db"))
				db_path = v;
			else if ((!strcmp(a, "--batch") ? (batch = number_arg(v))
							: (year = number_arg(v))) < 0)
				return cmd_usage_error("outcomes", "%s 应为正整数：%s", a, v);
		} else if (!strcmp(a, "--dry-run")) {
			dry_run = 1;
		} else if (a[0] == '-' && a[1] != '\0') {
			return cmd_usage_error("outcomes",
					       "未知选项“%s”（gaoqi outcomes --help 查看用法）", a);
		} else if (!file) {
			file = a;
		} else {
			return cmd_usage_error("outcomes", "多余的参数“%s”", a);
		}
	}
	if (!file)
		return cmd_usage_error("outcomes", "缺少名单文件");
	if (!batch == !year)
		return cmd_usage_error("outcomes", "请给出 --batch ID 或 --tsme YEAR 之一");

	struct store *db = NULL;
	struct arena *a = arena_new();
	struct notice nt;
	struct list_report r;
	struct ledger l;
	struct scope sys = ledger_system_scope();
	struct err e;
	char source[200];
	err_clear(&e);
	int rc = cmd_open_db(db_path, &db, &e);
	if (!rc)
		rc = notice_read_file(file, batch ? NOTICE_HNTE : NOTICE_TSME, a, &nt, &e);
	if (!rc) {
		snprintf(source, sizeof source, "import:%s", file);
		ledger_init(&l, db, &sys, source);
		rc = batch ? outcome_apply(&l, batch, nt.rows, nt.n, dry_run, a, &r, &e)
			   : outcome_tsme_apply(&l, year, nt.rows, nt.n, dry_run, a, &r, &e);
	}
	if (!rc) {
		for (size_t i = 0; i < r.n; i++) {
			const struct list_line *ln = &r.lines[i];
			if (ln->result == LIST_CHANGED || ln->result == LIST_UNCHANGED)
				continue;
			printf("第%zu行 %s %s：%s%s%s\n", ln->row, ln->name ? ln->name : "",
			       ln->number ? ln->number : "", list_result_label(ln->result),
			       ln->message ? "，" : "", ln->message ? ln->message : "");
		}
		printf("%s：%zu 行，已更新 %zu，无变化 %zu，未匹配 %zu，未处理 %zu%s\n", file,
		       r.rows, r.changed, r.unchanged, r.unmatched, r.refused,
		       dry_run ? "（试运行，未写入）" : "");
	}
	store_close(db);
	arena_free(a);
	if (rc)
		return cmd_fail("outcomes", "%s", e.msg);
	return CMD_OK;
}
