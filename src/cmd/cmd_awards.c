/*
 * cmd_awards — `gaoqi awards [--db PATH] --year Y [--apply] [--area CODE]
 * [--format xlsx|csv] [--view firm|area|budget] [--out FILE]`: the award
 * accounting run of year Y (product C8) as the system: without --apply a dry
 * run that prints the difference and writes nothing; with --apply the lines
 * are written (idempotent: a second run adds nothing). The summary and one
 * line per change go to stderr as text; with --format the year's lines are
 * exported for the finance bureau (csv to stdout unless --out; xlsx needs
 * --out).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/arena.h"
#include "core/money.h"
#include "io/award_export.h"
#include "ledger/awards/award.h"
#include "ledger/ledger.h"
#include "store/store.h"

static void usage(void)
{
	printf("usage: gaoqi awards [--db PATH] --year Y [--apply] [--area CODE]\n"
	       "                    [--format xlsx|csv] [--view firm|area|budget] [--out FILE]\n"
	       "\n"
	       "Account the award funds of year Y under that year's policies: which\n"
	       "enterprises qualify, how much, on which certificate or registration.\n"
	       "Without --apply a dry run: the difference is printed, nothing written.\n"
	       "With --format the year's lines are exported (csv to stdout unless --out;\n"
	       "xlsx, with the sheets per firm, per area and per budget, needs --out).\n"
	       "Database default %s.\n",
	       CMD_DEFAULT_DB);
}

static int sink_file(void *ctx, const void *p, size_t n)
{
	return fwrite(p, 1, n, ctx) == n ? 0 : ERR_IO;
}

static void report(const struct award_run *r, int64_t year)
{
	char m1[32], m2[32];
	fprintf(stderr,
		"%lld年奖补核算%s：新增 %zu，变更 %zu，撤销 %zu，已锁定 %zu，不符合 %zu，无变化 "
		"%zu；金额 %s → %s 元\n",
		(long long)year, r->applied ? "（已写入）" : "（试算，未写入）", r->added,
		r->changed, r->removed, r->locked, r->skipped, r->unchanged,
		money_str(m1, sizeof m1, r->amount_before),
		money_str(m2, sizeof m2, r->amount_after));
	for (size_t i = 0; i < r->n; i++) {
		const struct award_diff *d = &r->items[i];
		fprintf(stderr, "%s\t%s\t%s\t%s\t%s\n", award_change_label(d->change), d->line.uscc,
			d->line.name, d->line.policy_name,
			d->why ? d->why : money_str(m1, sizeof m1, d->line.amount));
	}
}

int cmd_awards(int argc, char **argv)
{
	const char *db_path = CMD_DEFAULT_DB, *format = NULL, *out_path = NULL, *area = NULL;
	enum award_view view = AWARD_VIEW_FIRM;
	long long year = 0;
	int apply = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage();
			return CMD_OK;
		} else if (!strcmp(a, "--db") && i + 1 < argc) {
			db_path = argv[++i];
		} else if (!strcmp(a, "--year") && i + 1 < argc) {
			year = atoll(argv[++i]);
			if (year < 2000 || year > 2100)
				return cmd_usage_error("awards", "--year 应为 2000–2100 的年份");
		} else if (!strcmp(a, "--apply")) {
			apply = 1;
		} else if (!strcmp(a, "--area") && i + 1 < argc) {
			area = argv[++i];
		} else if (!strcmp(a, "--format") && i + 1 < argc) {
			format = argv[++i];
			if (strcmp(format, "csv") && strcmp(format, "xlsx"))
				return cmd_usage_error("awards", "--format 应为 xlsx 或 csv");
		} else if (!strcmp(a, "--view") && i + 1 < argc) {
			if (award_view_parse(argv[++i], &view, NULL))
				return cmd_usage_error("awards",
						       "--view 应为 firm、area 或 budget");
		} else if (!strcmp(a, "--out") && i + 1 < argc) {
			out_path = argv[++i];
		} else {
			return cmd_usage_error("awards", "未知参数：%s（gaoqi awards --help）", a);
		}
	}
	if (!year)
		return cmd_usage_error("awards", "缺少 --year");
	if (format && !strcmp(format, "xlsx") && !out_path)
		return cmd_usage_error("awards", "导出 xlsx 需要 --out FILE");
	struct store *db = NULL;
	struct arena *a = arena_new();
	FILE *out = NULL;
	struct err e;
	err_clear(&e);
	int rc = CMD_OK;
	if (cmd_open_db(db_path, &db, &e)) {
		rc = cmd_fail("awards", "%s：%s", db_path, e.msg);
		goto done;
	}
	struct ledger l;
	struct scope sys = ledger_system_scope();
	ledger_init(&l, db, &sys, "cli");
	struct award_run r;
	if (award_run(&l, year, apply, a, &r, &e)) {
		rc = cmd_fail("awards", "%s", e.msg);
		goto done;
	}
	report(&r, year);
	if (!format)
		goto done;
	out = out_path ? fopen(out_path, "wb") : stdout;
	if (!out) {
		rc = cmd_fail("awards", "无法写入 %s", out_path);
		goto done;
	}
	if (award_export(&l, year, area, view, !strcmp(format, "xlsx") ? EXPORT_XLSX : EXPORT_CSV,
			 sink_file, out, NULL, &e) ||
	    fflush(out))
		rc = cmd_fail("awards", "%s", e.msg[0] ? e.msg : "写出结果失败");
done:
	if (out && out != stdout && fclose(out) && rc == CMD_OK)
		rc = cmd_fail("awards", "写出 %s 失败", out_path);
	arena_free(a);
	store_close(db);
	return rc;
}
