/*
 * cmd_init — `gaoqi init [--db PATH] [--areas FILE]`: create the database or
 * migrate it to this binary's schema, then seed the areas (Qujing's ten by
 * default, or those of a TSV file in the format of data/areas-qujing.tsv).
 *
 * Runs with the command line's admin scope (ledger_system_scope); the area
 * writes are audited with source "cli". An areas file is checked completely
 * (in a private in-memory database) before the real database is touched, so
 * a bad file leaves it unchanged; a database file created by a failed run is
 * removed again.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "core/log.h"
#include "ledger/register/area.h"
#include "ledger/ledger.h"
#include "store/store.h"

static void usage(void)
{
	printf("usage: gaoqi init [--db PATH] [--areas FILE]\n"
	       "\n"
	       "Create the database (default %s) or migrate it to this version's schema,\n"
	       "then seed the areas: Qujing's nine county-level areas and its economic\n"
	       "development zone, or the areas of FILE (a TSV file with the header\n"
	       "code<TAB>name<TAB>kind<TAB>old_codes, kinds district/county/city/zone).\n"
	       "Existing areas are updated, unchanged ones left alone. Safe to run again.\n"
	       "Runs as the system administrator; every change is audited.\n",
	       CMD_DEFAULT_DB);
}

static void remove_db(const char *path)
{
	static const char *const suffix[] = {"", "-wal", "-shm"};
	for (size_t i = 0; i < 3; i++) {
		char p[4096];
		int n = snprintf(p, sizeof p, "%s%s", path, suffix[i]);
		if (n > 0 && (size_t)n < sizeof p)
			unlink(p);
	}
}

/* Seed the areas of FILE (or the defaults) into DB; *COUNT gets the areas read. */
static int seed(struct store *db, const char *file, int *count, struct err *e)
{
	struct ledger l;
	struct scope sys = ledger_system_scope();
	ledger_init(&l, db, &sys, "cli");
	return file ? area_seed_file(&l, file, count, e) : area_seed_default(&l, count, e);
}

int cmd_init(int argc, char **argv)
{
	const char *db_path = CMD_DEFAULT_DB, *areas = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage();
			return CMD_OK;
		} else if (!strcmp(a, "--db") || !strcmp(a, "--areas")) {
			if (i + 1 >= argc)
				return cmd_usage_error("init", "选项 %s 缺少参数", a);
			if (!strcmp(a, "--db"))
				db_path = argv[++i];
			else
				areas = argv[++i];
		} else if (!strncmp(a, "--db=", 5)) {
			db_path = a + 5;
		} else if (!strncmp(a, "--areas=", 8)) {
			areas = a + 8;
		} else if (a[0] == '-') {
			return cmd_usage_error("init", "未知选项“%s”（gaoqi init --help 查看用法）",
					       a);
		} else {
			return cmd_usage_error("init", "多余的参数“%s”", a);
		}
	}
	if (!*db_path)
		return cmd_usage_error("init", "--db 不能为空");
	/* The summary line reports the migrations applied; no log line for each. */
	log_set_level(LOG_WARN);

	struct store *db = NULL;
	struct err e;
	err_clear(&e);
	int rc = 0, applied = 0, count = 0, version = 0;

	/* Check the areas file on a scratch database first: a bad file changes nothing. */
	if (areas) {
		if ((rc = store_open(":memory:", 0, &db, &e)) ||
		    (rc = store_migrate(db, NULL, &e)) || (rc = seed(db, areas, &count, &e))) {
			store_close(db);
			return cmd_fail("init", "%s：%s", areas, e.msg);
		}
		store_close(db);
		db = NULL;
	}

	int created = !cmd_file_exists(db_path);
	if ((rc = store_open(db_path, 0, &db, &e)))
		goto out;
	if ((rc = store_migrate(db, &applied, &e)))
		goto out;
	if ((rc = seed(db, areas, &count, &e)))
		goto out;
	if ((rc = store_schema_version(db, &version, &e)))
		goto out;
	printf("数据库 %s：%s，结构版本 %d（本次应用 %d 个迁移），区域 %d 个%s\n", db_path,
	       created ? "已创建" : "已存在", version, applied, count,
	       areas ? "（来自文件）" : "（曲靖市默认区域）");
out:
	store_close(db);
	if (rc) {
		if (created)
			remove_db(db_path);
		return cmd_fail("init", "%s", e.msg);
	}
	return CMD_OK;
}
