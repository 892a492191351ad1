/*
 * cmd_demo — `gaoqi demo [--db PATH] [--enterprises N] [--seed S] [--password PW]`:
 * create (or migrate) a database and fill it with the synthetic Qujing ledger
 * of demo/demo.h, in one transaction.
 *
 * Decision: the demo is written only into a ledger without enterprises and
 * without users (a real database is never mixed with invented firms);
 * otherwise the command fails and changes nothing. To rebuild a demo, delete
 * the file or choose another --db (`make run` recreates demo.db each time).
 * Runs with the command line's admin scope. Progress goes to stderr when it
 * is a terminal; the time taken goes to stderr; the summary and the demo
 * accounts to stdout.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "core/log.h"
#include "core/arena.h"
#include "demo/demo.h"
#include "io/plan_json.h"
#include "ledger/ledger.h"
#include "ledger/access/user.h"
#include "store/store.h"

#define DEMO_CMD_PASSWORD "gaoqi2026"

static void usage(void)
{
	printf("usage: gaoqi demo [--db PATH] [--enterprises N] [--seed S] [--password PW]\n"
	       "\n"
	       "Create the database (default %s) and fill it with a synthetic ledger that\n"
	       "looks like Qujing: its ten areas, N enterprises (default %d, at most %d)\n"
	       "in every tier with three years of indicators, IP and HNTE certificates, and\n"
	       "demo users of every role (admin, city, county-<area>, expert, expert2,\n"
	       "enterprise, viewer) sharing the password PW (default %s).\n"
	       "The same seed (default %d) gives the same ledger.\n"
	       "The database must not hold enterprises or users yet: the demo is never\n"
	       "mixed into a real ledger (delete the file or use another --db to rebuild).\n",
	       CMD_DEFAULT_DB, DEMO_DEFAULT_ENTERPRISES, DEMO_MAX_ENTERPRISES, DEMO_CMD_PASSWORD,
	       DEMO_DEFAULT_SEED);
}

static void remove_db(const char *path)
{
	static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		char p[4096];
		int n = snprintf(p, sizeof p, "%s%s", path, suffix[i]);
		if (n > 0 && (size_t)n < sizeof p)
			unlink(p);
	}
}

/* Parse a whole non-negative decimal number; 0 or -1. */
static int parse_u64(const char *s, uint64_t *out)
{
	if (!s || !*s || *s == '-' || *s == '+')
		return -1;
	char *end = NULL;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

static void progress(void *arg, int64_t done, int64_t total)
{
	(void)arg;
	fprintf(stderr, "\r生成企业 %" PRId64 "/%" PRId64, done, total);
	if (done == total)
		fputc('\n', stderr);
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void print_summary(const char *db_path, const struct demo_options *o,
			  const struct demo_summary *s)
{
	printf("演示数据已写入 %s（种子 %" PRIu64 "）\n", db_path, o->seed);
	printf("  企业 %" PRId64 " 家：", s->enterprises);
	for (int t = 0; t < TIER_COUNT; t++)
		printf("%s%s %" PRId64, t ? "，" : "", enterprise_tier_label((enum tier)t),
		       s->per_tier[t]);
	printf("\n  年度指标 %" PRId64 " 行，知识产权 %" PRId64 " 项，评分 %" PRId64
	       " 条，层级变动 %" PRId64 " 条，用户 %" PRId64 " 个\n",
	       s->indicator_rows, s->ip_items, s->qualitative_rows, s->tier_changes, s->users);
	if (s->problems || s->visits)
		printf("  培育台账：问题 %" PRId64 " 个，走访记录 %" PRId64 " 条，一企一策 %" PRId64
		       " 份\n",
		       s->problems, s->visits, s->plans);
}

/* The accounts, with their role, areas and the shared password. */
static int print_accounts(struct store *db, const char *password, struct err *e)
{
	struct ledger l;
	struct scope sys = ledger_system_scope();
	ledger_init(&l, db, &sys, "cli");
	struct arena *a = arena_new();
	struct user *users = NULL;
	size_t n = 0;
	int rc = user_list(&l, a, &users, &n, e);
	if (rc == 0) {
		printf("演示账户（密码均为 %s）：\n", password);
		for (size_t i = 0; i < n; i++) {
			printf("  %-16s %-10s %s", users[i].name, ledger_role_name(users[i].role),
			       users[i].display_name);
			if (users[i].n_areas == 1)
				printf("（区域 %s）", users[i].areas[0]);
			else if (users[i].n_areas > 1)
				printf("（%zu 个区域）", users[i].n_areas);
			putchar('\n');
		}
	}
	arena_free(a);
	return rc;
}

int cmd_demo(int argc, char **argv)
{
	const char *db_path = CMD_DEFAULT_DB;
	struct demo_options o;
	demo_options_init(&o);
	o.password = DEMO_CMD_PASSWORD;
	o.plan_render = plan_json_write;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage();
			return CMD_OK;
		}
		if (strcmp(a, "--db") && strcmp(a, "--enterprises") && strcmp(a, "--seed") &&
		    strcmp(a, "--password")) {
			if (a[0] == '-')
				return cmd_usage_error(
					"demo", "未知选项“%s”（gaoqi demo --help 查看用法）", a);
			return cmd_usage_error("demo", "多余的参数“%s”", a);
		}
		if (i + 1 >= argc)
			return cmd_usage_error("demo", "选项 %s 缺少参数", a);
		const char *v = argv[++i];
		uint64_t u = 0;
		if (!strcmp(a, "--db")) {
			db_path = v;
		} else if (!strcmp(a, "--password")) {
			o.password = v;
		} else if (!strcmp(a, "--seed")) {
			if (parse_u64(v, &u))
				return cmd_fail("demo", "--seed 应为非负整数：%s", v);
			o.seed = u;
		} else {
			if (parse_u64(v, &u) || u < 1 || u > DEMO_MAX_ENTERPRISES)
				return cmd_fail("demo", "--enterprises 应为1到%d之间的整数：%s",
						DEMO_MAX_ENTERPRISES, v);
			o.enterprises = (int64_t)u;
		}
	}
	if (!*db_path)
		return cmd_usage_error("demo", "--db 不能为空");
	size_t pwlen = strlen(o.password);
	if (pwlen < USER_PASSWORD_MIN || pwlen > USER_PASSWORD_MAX)
		return cmd_fail("demo", "--password 应为%d到%d个字节", USER_PASSWORD_MIN,
				USER_PASSWORD_MAX);
	if (isatty(STDERR_FILENO))
		o.progress = progress;
	log_set_level(LOG_WARN); /* no line per migration applied to the new database */

	struct store *db = NULL;
	struct err e;
	err_clear(&e);
	struct demo_summary sum;
	int created = !cmd_file_exists(db_path);
	int64_t t0 = now_ms();
	int rc = store_open(db_path, 0, &db, &e);
	if (rc == 0)
		rc = store_migrate(db, NULL, &e);
	if (rc == 0) {
		struct ledger l;
		struct scope sys = ledger_system_scope();
		ledger_init(&l, db, &sys, "cli");
		struct arena *a = arena_new();
		struct user *users = NULL;
		size_t n = 0;
		rc = user_list(&l, a, &users, &n, &e);
		if (rc == 0 && n > 0)
			rc = err_set(&e, ERR_CONFLICT, "db",
				     "数据库中已有%zu个用户，演示数据只写入新的数据库", n);
		arena_free(a);
	}
	/*
	 * A file this command created is filled under a rollback journal, not the
	 * WAL: the WAL would receive every page of the load and the checkpoint
	 * would then copy each one again (measured: 40% of the system time of
	 * 100,000 firms). The load stays one atomic transaction, the file is
	 * removed on failure, and the WAL comes back right after (store_open
	 * sets it on every open anyway, so a failure there is only a warning).
	 */
	if (rc == 0 && created)
		rc = store_exec(db, "PRAGMA journal_mode = DELETE", &e);
	if (rc == 0) {
		struct ledger l;
		struct scope sys = ledger_system_scope();
		ledger_init(&l, db, &sys, "demo");
		rc = demo_fill(&l, &o, &sum, &e);
	}
	if (rc == 0 && created) {
		struct err we;
		err_clear(&we);
		if (store_exec(db, "PRAGMA journal_mode = WAL", &we)) /* the demo is written */
			log_warn("demo: WAL not restored (the next open sets it): %s", we.msg);
	}
	if (rc) {
		store_close(db);
		if (created)
			remove_db(db_path);
		return cmd_fail("demo", "%s", e.msg);
	}
	int64_t ms = now_ms() - t0;
	fprintf(stderr, "用时 %" PRId64 ".%03d 秒\n", ms / 1000, (int)(ms % 1000));
	print_summary(db_path, &o, &sum);
	rc = print_accounts(db, o.password, &e);
	store_close(db);
	if (rc) /* the demo is written; only the listing failed */
		return cmd_fail("demo", "%s", e.msg);
	return CMD_OK;
}
