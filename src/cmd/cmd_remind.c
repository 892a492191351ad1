/*
 * cmd_remind — `gaoqi remind [--db PATH] [--area CODE] [--rule RULE]
 * [--format csv|json]`: today's reminders of the programme (product.md C6),
 * computed afresh (stale stored assessments first, then every reminder
 * rule) and printed: JSON Lines (one reminder per line, the default) or CSV
 * with Chinese headers. Runs as the system (every area; no user's marks).
 */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/arena.h"
#include "core/date.h"
#include "core/strbuf.h"
#include "io/remind_export.h"
#include "ledger/ledger.h"
#include "ledger/monitor/daily.h"
#include "ledger/monitor/remind.h"
#include "store/store.h"

static void usage(void)
{
	printf("usage: gaoqi remind [--db PATH] [--area CODE] [--rule RULE] [--format csv|json]\n"
	       "\n"
	       "Compute today's reminders (certificates expiring this year or next, TSME\n"
	       "registrations to renew, last year's indicators missing, problems overdue,\n"
	       "recognised HNTEs whose latest data would fail) and print them: one JSON\n"
	       "object per line (default) or CSV. RULE is one of:");
	size_t n = 0;
	const struct remind_rule_info *rules = remind_rules(&n);
	for (size_t i = 0; i < n; i++)
		printf(" %s", rules[i].code);
	printf(".\nDatabase default %s.\n", CMD_DEFAULT_DB);
}

static int sink_stdout(void *ctx, const void *p, size_t n)
{
	(void)ctx;
	return fwrite(p, 1, n, stdout) == n ? 0 : ERR_IO;
}

static void json_str(struct strbuf *sb, const char *key, const char *v, int first)
{
	strbuf_addf(sb, "%s\"%s\":", first ? "" : ",", key);
	if (!v) {
		strbuf_adds(sb, "null");
		return;
	}
	strbuf_addc(sb, '"');
	strbuf_add_json_escaped(sb, v, strlen(v));
	strbuf_addc(sb, '"');
}

static int print_json(struct ledger *l, const struct remind_filter *f, struct err *e)
{
	struct arena *arena = arena_new();
	struct remind_page pg;
	struct strbuf out;
	char d[11];
	strbuf_init(&out, 0);
	int rc = remind_list(l, f, arena, &pg, e);
	for (size_t i = 0; !rc && i < pg.n; i++) {
		const struct reminder *r = &pg.items[i];
		strbuf_adds(&out, "{");
		json_str(&out, "key", r->key, 1);
		json_str(&out, "rule", r->rule, 0);
		json_str(&out, "rule_label", remind_rule_label(r->rule), 0);
		json_str(&out, "uscc", r->uscc, 0);
		json_str(&out, "name", r->name, 0);
		json_str(&out, "area", r->area, 0);
		json_str(&out, "due_on",
			 r->due_on == LEDGER_NO_DATE ? NULL : date_format(r->due_on, d), 0);
		json_str(&out, "detail", r->detail, 0);
		strbuf_adds(&out, "}\n");
	}
	if (!rc && fwrite(out.buf, 1, out.len, stdout) != out.len)
		rc = err_set(e, ERR_IO, NULL, "写出结果失败");
	strbuf_cleanup(&out);
	arena_free(arena);
	return rc;
}

int cmd_remind(int argc, char **argv)
{
	const char *db_path = CMD_DEFAULT_DB, *format = "json";
	struct remind_filter f;
	remind_filter_init(&f);
	f.limit = REMIND_PAGE_MAX;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage();
			return CMD_OK;
		} else if (!strcmp(a, "--db") && i + 1 < argc) {
			db_path = argv[++i];
		} else if (!strcmp(a, "--area") && i + 1 < argc) {
			f.area = argv[++i];
		} else if (!strcmp(a, "--rule") && i + 1 < argc) {
			f.rule = argv[++i];
		} else if (!strcmp(a, "--format") && i + 1 < argc) {
			format = argv[++i];
			if (strcmp(format, "csv") && strcmp(format, "json"))
				return cmd_usage_error("remind", "--format 应为 csv 或 json");
		} else {
			return cmd_usage_error("remind", "未知参数：%s（gaoqi remind --help）", a);
		}
	}
	struct store *db = NULL;
	struct err e;
	err_clear(&e);
	int rc = CMD_OK;
	if (cmd_open_db(db_path, &db, &e)) {
		rc = cmd_fail("remind", "%s：%s", db_path, e.msg);
		goto out;
	}
	struct ledger l;
	struct scope sys = ledger_system_scope();
	ledger_init(&l, db, &sys, "cli");
	struct daily_report r;
	int32_t today = date_today();
	f.today = today;
	int err = daily_run(&l, today, 0, &r, &e);
	if (!err)
		err = !strcmp(format, "csv")
			      ? remind_export(&l, &f, EXPORT_CSV, sink_stdout, NULL, NULL, &e)
			      : print_json(&l, &f, &e);
	if (err || fflush(stdout))
		rc = cmd_fail("remind", "%s", e.msg[0] ? e.msg : "写出结果失败");
out:
	store_close(db);
	return rc;
}
