/*
 * cmd_reassess — `gaoqi reassess [--db PATH]`: assess every enterprise of
 * the database for an application today and store the results
 * (ledger/assess/stored.h), then rebuild the day's reminders. For a new rule
 * set or after restoring a database; `gaoqi serve` does the same once a day
 * on its own. Prints one JSON line: the date, the rule set and the counts.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cmd/cmd.h"
#include "core/date.h"
#include "ledger/ledger.h"
#include "ledger/monitor/daily.h"
#include "rules/ruleset.h"
#include "store/store.h"

static void usage(void)
{
	printf("usage: gaoqi reassess [--db PATH]\n"
	       "\n"
	       "Assess every enterprise for an application today (the rule set of this\n"
	       "year) and store the verdicts that the ledger's verdict filter, the dashboard\n"
	       "and the reminders read; then rebuild today's reminders. gaoqi serve does this\n"
	       "once a day by itself. Database default %s.\n",
	       CMD_DEFAULT_DB);
}

int cmd_reassess(int argc, char **argv)
{
	const char *db_path = CMD_DEFAULT_DB;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage();
			return CMD_OK;
		} else if (!strcmp(argv[i], "--db") && i + 1 < argc) {
			db_path = argv[++i];
		} else {
			return cmd_usage_error("reassess", "未知参数：%s（gaoqi reassess --help）",
					       argv[i]);
		}
	}
	struct store *db = NULL;
	struct err e;
	err_clear(&e);
	int rc = CMD_OK;
	if (cmd_open_db(db_path, &db, &e)) {
		rc = cmd_fail("reassess", "%s：%s", db_path, e.msg);
		goto out;
	}
	struct ledger l;
	struct scope sys = ledger_system_scope();
	ledger_init(&l, db, &sys, "cli");
	struct daily_report r;
	struct timespec t0, t1;
	int32_t today = date_today();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (daily_run(&l, today, 1, &r, &e)) {
		rc = cmd_fail("reassess", "%s", e.msg);
		goto out;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long ms = (long)((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000);
	const struct ruleset *rs = ruleset_for_year(date_year(today));
	char d[11];
	printf("{\"apply_on\":\"%s\",\"rules\":\"%s\",\"assessed\":%zu,\"reminders\":%zu,"
	       "\"ms\":%ld}\n",
	       date_format(today, d), rs ? rs->name : "", r.assessed, r.reminders, ms);
out:
	store_close(db);
	return rc;
}
