/*
 * cmd_export — `gaoqi export [--db PATH] [--area A] [--tier T] [--field F]
 * [--q TEXT] [--expiry-year Y] [--year Y] --format xlsx|csv -o FILE` and
 * `gaoqi export --template [--format xlsx|csv] -o FILE`: the ledger (with one
 * year's indicators when --year is given) to a spreadsheet, with the same
 * filters as the ledger list (src/io/export.h). Runs as the system
 * administrator. The file is written next to FILE under a temporary name and
 * renamed when complete, so a failed export never leaves half a file.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "io/export.h"
#include "ledger/register/enterprise.h"
#include "ledger/ledger.h"
#include "store/store.h"

static void usage(void)
{
	printf("usage: gaoqi export [--db PATH] [--area A] [--tier T] [--field F] [--q TEXT]\n"
	       "                    [--expiry-year Y] [--year Y] [--format xlsx|csv] -o FILE\n"
	       "       gaoqi export --template [--format xlsx|csv] -o FILE\n"
	       "\n"
	       "Export the enterprises of the ledger (database default %s) to FILE with\n"
	       "Chinese headers that `gaoqi import` reads back. Filters as in the ledger list:\n"
	       "  --area CODE        one area\n"
	       "  --tier T           prospect, tsme, reserve, key, hnte, leader, exited (or 中文)\n"
	       "  --field CODE       technology field code prefix (10 matches 101, 10101 …)\n"
	       "  --q TEXT           name or credit code contains TEXT\n"
	       "  --expiry-year Y    HNTE certificate expiring in year Y\n"
	       "  --year Y           add the annual indicators of fiscal year Y\n"
	       "  --format F         xlsx (default, or from FILE's extension) or csv (UTF-8 with "
	       "BOM)\n"
	       "  --template         an empty ledger with every column and an explanation sheet\n",
	       CMD_DEFAULT_DB);
}

static void progress_bar(void *ctx, uint64_t done, uint64_t total)
{
	(void)ctx;
	if (total && done <= total)
		fprintf(stderr, "\r导出中 %3d%%  %llu/%llu 家", (int)(done * 100 / total),
			(unsigned long long)done, (unsigned long long)total);
	else
		fprintf(stderr, "\r导出中 %llu 家", (unsigned long long)done);
	fflush(stderr);
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && !strcasecmp(s + a - b, suffix);
}

static int parse_year(const char *s, int64_t *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (*end || v < 1900 || v > 9999)
		return -1;
	*out = v;
	return 0;
}

int cmd_export(int argc, char **argv)
{
	const char *db_path = CMD_DEFAULT_DB, *out_path = NULL, *format = NULL;
	const char *tier = NULL;
	int template = 0;
	struct export_options o;
	export_options_init(&o);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage();
			return CMD_OK;
		} else if (!strcmp(a, "--template")) {
			template = 1;
			continue;
		}
		static const char *const with_arg[] = {
			"--db",	  "-o",	     "--output", "--format", "--area",
			"--tier", "--field", "--q",	 "--year",   "--expiry-year"};
		int known = 0;
		for (size_t k = 0; k < sizeof with_arg / sizeof with_arg[0]; k++)
			known |= !strcmp(a, with_arg[k]);
		if (!known) {
			if (a[0] == '-')
				return cmd_usage_error(
					"export", "未知选项“%s”（gaoqi export --help 查看用法）",
					a);
			return cmd_usage_error("export", "多余的参数“%s”", a);
		}
		if (i + 1 >= argc)
			return cmd_usage_error("export", "选项 %s 缺少参数", a);
		const char *v = argv[++i];
		if (!strcmp(a, "--db")) {
			db_path = v;
		} else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
			out_path = v;
		} else if (!strcmp(a, "--format")) {
			format = v;
		} else if (!strcmp(a, "--area")) {
			o.filter.area = v;
		} else if (!strcmp(a, "--tier")) {
			tier = v;
		} else if (!strcmp(a, "--field")) {
			o.filter.field = v;
		} else if (!strcmp(a, "--q")) {
			o.filter.q = v;
		} else if (!strcmp(a, "--year")) {
			if (parse_year(v, &o.year))
				return cmd_usage_error("export", "--year 应为四位年份：%s", v);
		} else {
			int64_t y;
			if (parse_year(v, &y))
				return cmd_usage_error("export", "--expiry-year 应为四位年份：%s",
						       v);
			o.filter.expiry_year = (int)y;
		}
	}
	if (!out_path)
		return cmd_usage_error("export", "缺少 -o FILE（导出到哪个文件）");
	struct err e;
	err_clear(&e);
	if (!format)
		format = ends_with(out_path, ".csv") ? "csv" : "xlsx";
	if (export_format_parse(format, &o.format, &e))
		return cmd_usage_error("export", "%s", e.msg);
	if (tier) {
		enum tier t;
		if (enterprise_tier_parse(tier, &t, &e))
			return cmd_usage_error("export", "%s", e.msg);
		o.filter.tier = (int)t;
	}

	char tmp[4096];
	int n = snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", out_path);
	if (n < 0 || (size_t)n >= sizeof tmp)
		return cmd_usage_error("export", "文件名过长");
	int fd = mkstemp(tmp);
	if (fd < 0)
		return cmd_fail("export", "无法创建 %s：%s", out_path, strerror(errno));
	mode_t mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	FILE *f = fdopen(fd, "wb");
	if (!f) {
		close(fd);
		unlink(tmp);
		return cmd_fail("export", "无法写入 %s", out_path);
	}

	struct store *db = NULL;
	size_t rows = 0;
	int rc;
	if (template) {
		rc = export_template(o.format, export_sink_file, f, &e);
	} else {
		rc = store_open(db_path, STORE_READONLY, &db, &e);
		if (!rc)
			rc = store_check_schema(db, &e);
		if (!rc) {
			struct ledger l;
			struct scope sys = ledger_system_scope();
			ledger_init(&l, db, &sys, "cli");
			if (isatty(STDERR_FILENO))
				o.progress = progress_bar;
			rc = export_ledger(&l, &o, export_sink_file, f, &rows, &e);
			if (o.progress)
				fputc('\n', stderr);
		}
	}
	store_close(db);
	if (fclose(f) != 0 && !rc)
		rc = err_set(&e, ERR_IO, NULL, "写入文件失败：%s", strerror(errno));
	if (!rc && rename(tmp, out_path) != 0)
		rc = err_set(&e, ERR_IO, NULL, "无法写入 %s：%s", out_path, strerror(errno));
	if (rc) {
		unlink(tmp);
		return cmd_fail("export", "%s", e.msg[0] ? e.msg : "导出失败");
	}
	if (template)
		fprintf(stderr, "已写出导入模板 %s\n", out_path);
	else
		fprintf(stderr, "已导出 %zu 家企业到 %s\n", rows, out_path);
	return CMD_OK;
}
