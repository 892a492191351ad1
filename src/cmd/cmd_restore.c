/*
 * cmd_restore — `gaoqi restore BACKUP [--db PATH]`: put a backup made by
 * `gaoqi backup` in place of the database, safely:
 *
 *   1. the backup is verified first (opened read-only: PRAGMA
 *      integrity_check, a gaoqi schema whose every version this binary
 *      knows); a bad backup changes nothing;
 *   2. the serve lock (store_lock: flock on "PATH.lock", held shared by every
 *      `gaoqi serve`) is taken exclusive — a running server is refused;
 *   3. store_restore copies the backup beside the database (0600), syncs it,
 *      removes the old -wal/-shm (never replayed onto the copy) and renames
 *      the copy over the database.
 */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "store/store.h"

static void usage(void)
{
	printf("usage: gaoqi restore BACKUP [--db PATH]\n"
	       "\n"
	       "Replace the database (default %s) with the backup file BACKUP made by\n"
	       "gaoqi backup. The backup is checked first (integrity and schema version);\n"
	       "the database must not be in use by gaoqi serve (stop the server first).\n"
	       "The old database's -wal and -shm files are removed; the replacement is\n"
	       "atomic (a copy written beside it, synced, then renamed over it).\n",
	       CMD_DEFAULT_DB);
}

/* Open BACKUP read-only and check it; *VERSION gets its schema version. */
static int verify_backup(const char *backup, struct store **out, int *version, struct err *e)
{
	int rc = store_open(backup, STORE_READONLY, out, e);
	if (rc)
		return err_set(e, ERR_INVALID, "backup", "%s 不是数据库文件或无法读取", backup);
	rc = store_integrity_check(*out, e);
	if (!rc)
		rc = store_schema_version(*out, version, e);
	if (!rc && *version == 0)
		rc = err_set(e, ERR_INVALID, "backup", "%s 不是 gaoqi 数据库的备份", backup);
	if (!rc) {
		/* A newer gaoqi's version is refused; an older one is upgraded by gaoqi init. */
		rc = store_check_schema(*out, e);
		if (rc == ERR_INVALID)
			rc = 0;
	}
	return rc;
}

int cmd_restore(int argc, char **argv)
{
	const char *db_path = NULL, *backup = NULL;
	int parsed =
		cmd_file_and_db("restore", argc, argv, "缺少备份文件路径（gaoqi restore BACKUP）",
				usage, &backup, &db_path);
	if (parsed != CMD_OK)
		return parsed == CMD_HELP ? CMD_OK : parsed;
	if (!cmd_file_exists(backup))
		return cmd_fail("restore", "备份文件不存在：%s", backup);

	struct store *src = NULL;
	struct err e;
	err_clear(&e);
	int version = 0, lock = -1;
	int rc = verify_backup(backup, &src, &version, &e);
	if (rc) {
		store_close(src);
		return cmd_fail("restore", "备份未通过检查，未做任何改动：%s", e.msg);
	}
	rc = store_lock(db_path, 1, &lock, &e);
	if (!rc)
		rc = store_restore(src, db_path, &e);
	store_unlock(lock);
	store_close(src);
	if (rc)
		return cmd_fail("restore", "%s", e.msg);
	printf("已从 %s 恢复 %s（结构版本 %d）\n", backup, db_path, version);
	return CMD_OK;
}
