/*
 * cmd — the sub-commands of `gaoqi`, one file per command (cmd_<name>.c).
 *
 * Every command has the signature `int cmd_NAME(int argc, char **argv)` where
 * argv[0] is the command name, and returns the process exit code:
 * CMD_OK (0), CMD_FAIL (1: the work failed, the message says why) or
 * CMD_USAGE (2: the command line was wrong). `--help` prints the usage to
 * stdout and returns 0. Messages for people go to stderr, in Chinese where
 * the bureau's staff read them, as one clear line naming what is wrong.
 */
#ifndef GAOQI_CMD_CMD_H
#define GAOQI_CMD_CMD_H

#include <stddef.h>

#define CMD_OK 0
#define CMD_FAIL 1
#define CMD_USAGE 2

/* Default database path when --db is not given. */
#define CMD_DEFAULT_DB "./gaoqi.db"

/* Print "gaoqi CMD: message" to stderr and return CMD_USAGE. */
int cmd_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print "gaoqi CMD: message" to stderr and return CMD_FAIL. */
int cmd_fail(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* 1 when something (file, directory…) exists at PATH, else 0. */
/*
 * Parse "CMD FILE [--db PATH]" (backup, restore): *FILE gets the one
 * positional argument, *DB the --db value (CMD_DEFAULT_DB when absent).
 * Returns CMD_OK, CMD_USAGE after printing the error (MISSING names the
 * absent FILE), or CMD_HELP after calling USAGE for --help/-h.
 */
#define CMD_HELP (-1)
int cmd_file_and_db(const char *cmd, int argc, char **argv, const char *missing,
		    void (*usage)(void), const char **file, const char **db);
int cmd_file_exists(const char *path);

struct store;
struct err;
struct strbuf;
/*
 * Read all of the file PATH ("-" = standard input) into SB, whose cap bounds
 * it. Returns CMD_OK, or CMD_FAIL after printing "gaoqi CMD: …" (cannot open,
 * over the cap, read error).
 */
int cmd_read_file(const char *cmd, const char *path, struct strbuf *sb);
/*
 * Open the existing, initialised database at PATH read-write into *DB (the
 * caller closes it with store_close). ERR_NOT_FOUND (field "db", telling to
 * run gaoqi init) when there is no file at PATH; otherwise the errors of
 * store_open and store_check_schema.
 */
int cmd_open_db(const char *path, struct store **db, struct err *e);

/*
 * Display columns of the UTF-8 character at P (2 for CJK and other wide
 * characters, else 1); its byte length, never past a NUL, in *LEN (≥ 1).
 */
size_t cmd_char_width(const unsigned char *p, size_t *len);
/* Display columns of the UTF-8 text S (the sum of cmd_char_width). */
size_t cmd_text_width(const char *s);

int cmd_help(int argc, char **argv);
int cmd_version(int argc, char **argv);
/* cmd_uscc.c: gaoqi uscc CODE... */
int cmd_uscc(int argc, char **argv);
/* cmd_assess.c: gaoqi assess FILE.json | --db PATH --all [--year Y] [--area CODE] [--summary] */
int cmd_assess(int argc, char **argv);
/* cmd_plan.c: gaoqi plan FILE.json [--year Y] */
int cmd_plan(int argc, char **argv);
/* cmd_init.c: gaoqi init [--db PATH] [--areas FILE] */
int cmd_init(int argc, char **argv);
/* cmd_demo.c: gaoqi demo [--db PATH] [--enterprises N] [--seed S] [--password PW] */
int cmd_demo(int argc, char **argv);
/* cmd_user.c: gaoqi user add|list|passwd|disable|enable */
int cmd_user(int argc, char **argv);
/* cmd_enterprise.c: gaoqi enterprise list|show */
int cmd_enterprise(int argc, char **argv);
/* cmd_backup.c: gaoqi backup DEST [--db PATH] */
int cmd_backup(int argc, char **argv);
/* cmd_migrate.c: gaoqi migrate --from CITY.db --to postgres://… */
int cmd_migrate(int argc, char **argv);
/* cmd_restore.c: gaoqi restore BACKUP [--db PATH] */
int cmd_restore(int argc, char **argv);
/* cmd_outcomes.c: gaoqi outcomes [--db PATH] (--batch ID | --tsme YEAR) FILE [--dry-run] */
int cmd_outcomes(int argc, char **argv);
/* cmd_serve.c: gaoqi serve [--db PATH] [--listen ADDR:PORT] [--threads N] [--web-root DIR] */
int cmd_serve(int argc, char **argv);
/* cmd_import.c: gaoqi import [--db PATH] FILE [--dry-run] [--skip-invalid] [--sheet NAME] */
int cmd_import(int argc, char **argv);
/* cmd_export.c: gaoqi export [--db PATH] [filters] [--year Y] --format xlsx|csv -o FILE */
int cmd_export(int argc, char **argv);
/* cmd_reassess.c: gaoqi reassess [--db PATH] */
int cmd_reassess(int argc, char **argv);
/* cmd_remind.c: gaoqi remind [--db PATH] [--area A] [--rule R] [--format csv|json] */
int cmd_remind(int argc, char **argv);
/* cmd_awards.c: gaoqi awards [--db PATH] --year Y [--apply] [--format xlsx|csv] [--out FILE] */
int cmd_awards(int argc, char **argv);

/* cmd_progress.c: gaoqi progress [--db PATH] --year Y [--as-of D] [--format csv|json] (issue 14) */
int cmd_progress(int argc, char **argv);

/*
 * serve_daily.c: the daily run of pipeline monitoring inside gaoqi serve — a
 * thread with its own connection to DB_PATH that runs ledger/monitor/daily
 * at start when due and again whenever the day changes (checked every
 * minute). serve_daily_start returns NULL when the thread cannot start (the
 * server then runs without it, logged); serve_daily_stop wakes, joins and
 * frees it (NULL-safe).
 */
struct serve_daily;
struct serve_daily *serve_daily_start(const char *db_path);
void serve_daily_stop(struct serve_daily *d);

#endif
