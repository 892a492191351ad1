/*
 * cmd_backup — `gaoqi backup DEST [--db PATH]`: a consistent copy of the
 * database with SQLite's online backup API (store_backup), safe while
 * `gaoqi serve` or other commands read and write it. DEST must not exist:
 * a backup never overwrites a file. The source is only read.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd/cmd.h"
#include "store/store.h"

static void usage(void)
{
	printf("usage: gaoqi backup DEST [--db PATH]\n"
	       "\n"
	       "Copy the database (default %s) to the new file DEST while it stays in\n"
	       "use (SQLite online backup: the copy is a consistent snapshot). DEST must\n"
	       "not exist yet. Restore by stopping the server and putting the copy in place.\n",
	       CMD_DEFAULT_DB);
}

int cmd_backup(int argc, char **argv)
{
	const char *db_path = NULL, *dest = NULL;
	int parsed = cmd_file_and_db("backup", argc, argv, "缺少备份文件路径（gaoqi backup DEST）",
				     usage, &dest, &db_path);
	if (parsed != CMD_OK)
		return parsed == CMD_HELP ? CMD_OK : parsed;

	struct stat st;
	if (store_is_postgres(db_path))
		return cmd_fail("backup", "PostgreSQL 数据库请使用 pg_dump 备份");
	if (stat(db_path, &st) != 0)
		return cmd_fail("backup", "数据库文件不存在：%s", db_path);
	if (stat(dest, &st) == 0)
		return cmd_fail("backup", "备份文件已存在：%s（不会覆盖）", dest);

	struct store *db = NULL;
	struct err e;
	err_clear(&e);
	int rc = store_open(db_path, 0, &db, &e);
	int version = 0;
	if (rc == 0)
		rc = store_schema_version(db, &version, &e);
	if (rc == 0)
		rc = store_backup(db, dest, &e);
	store_close(db);
	if (rc)
		return cmd_fail("backup", "%s", e.msg);
	long long size = stat(dest, &st) == 0 ? (long long)st.st_size : -1;
	printf("已备份 %s → %s（%lld 字节，结构版本 %d）\n", db_path, dest, size, version);
	return CMD_OK;
}
