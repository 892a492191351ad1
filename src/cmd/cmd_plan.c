/*
 * cmd_plan — `gaoqi plan`: the one-enterprise-one-plan (一企一策) of a
 * profile (rules.md §6a).
 *
 *   gaoqi plan FILE.json [--year Y]   one profile (an object) or many (an
 *                                     array); `-` reads standard input
 *
 * The profile is the JSON of rules.md §1, as for `gaoqi assess`; its
 * apply_on (default today) is the plan's date: the day the facts are known.
 * The plan applies in the earliest year the lead times allow, or in Y.
 * Output: an object input prints one plan JSON object (io/plan_json) and a
 * newline; an array input prints a JSON array with one plan per line.
 * Exit 0 when the input was valid whatever the plan, 1 with a message
 * naming the bad field otherwise (nothing on stdout then), 2 on a usage
 * error.
 *
 *   gaoqi plan --db PATH USCC [--year Y]
 *
 * prints the firm's stored plan (the open one: draft, signed or active) as
 * the same plan JSON, its projection re-assessed from the data stored now
 * (ledger/cultivate/plan.h plans_view_load); when the firm has none, or
 * --year names another application year, a plan generated from its data
 * today, not stored. Standard error says which. Exit 1 when the firm is
 * unknown.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/date.h"
#include "core/strbuf.h"
#include "io/plan_json.h"
#include "io/profile_json.h"
#include "ledger/assess/assessment.h"
#include "ledger/cultivate/plan.h"
#include "rules/plan.h"
#include "store/store.h"

static void usage(void)
{
	printf("usage: gaoqi plan FILE.json | - [--year Y]\n"
	       "       gaoqi plan --db PATH USCC [--year Y]\n"
	       "\n"
	       "Generate the one-enterprise-one-plan (一企一策) of enterprise profiles\n"
	       "(rules.md §1 JSON, as for gaoqi assess): tasks that close every gap of the\n"
	       "diagnosis at the least effort, each with its due date, for the earliest\n"
	       "application year the lead times allow; the gaps no plan can close, and why;\n"
	       "the projected profile and its assessment (rules.md §6a, §7). The profile's\n"
	       "apply_on (default: today) is the plan's date. An object prints one JSON plan;\n"
	       "an array prints a JSON array with one plan per line. `-` reads standard input.\n"
	       "\n"
	       "  --year Y      the target application year (default: the earliest)\n"
	       "  --db PATH     print the stored plan of enterprise USCC (draft, signed or\n"
	       "                active; re-assessed from the data stored now), or one generated\n"
	       "                from its data today (not stored) when it has none or --year\n"
	       "                names another year\n"
	       "\n"
	       "Exit status: 0 input valid (whatever the plan), 1 invalid input (the message\n"
	       "names the field), 2 usage error.\n");
}

struct work {
	int year;
	struct profile p, proj;
	struct plan plan;
	struct assess_result res;
	struct fields_table fields;
};

/* Plan one JSON profile and append the plan to OUT. */
static int plan_one(const json_t *obj, const char *prefix, struct work *w, struct strbuf *out,
		    struct err *e)
{
	struct profile_json_settings st;
	struct ruleset copy;
	const struct ruleset *rs = NULL;
	int rc = profile_json_read(obj, date_today(), &w->p, &st, prefix, e);
	if (rc)
		return rc; /* the reader's message already names the path */
	/* explicit settings hold for every year tried; otherwise each year's rule set */
	if (st.rules[0] || st.growth_d_strict != -1)
		rc = profile_json_ruleset(&st, &w->p, &copy, &rs, e);
	if (!rc)
		rc = plan_generate(rs, &w->fields, &w->p, w->year, &w->plan, &w->proj, &w->res, e);
	if (rc) {
		char msg[sizeof e->msg], field[sizeof e->field];
		err_prefix_field(e, prefix);
		snprintf(msg, sizeof msg, "%s", e->msg);
		snprintf(field, sizeof field, "%s", e->field);
		if (field[0])
			err_set(e, rc, field, "%s：%s", field, msg);
		return rc;
	}
	return plan_json_write(&w->plan, &w->p, &w->proj, &w->res, out);
}

static int plan_file(const char *path, int year)
{
	struct strbuf in, out;
	strbuf_init(&in, PROFILE_JSON_MAX_BYTES);
	strbuf_init(&out, 0);
	json_t *root = NULL;
	struct work *w = calloc(1, sizeof *w);
	struct err e;
	err_clear(&e);
	int rc = CMD_OK;
	if (!w) {
		rc = cmd_fail("plan", "内存不足");
		goto out;
	}
	profile_init(&w->p);
	profile_init(&w->proj);
	w->year = year;
	rc = cmd_read_file("plan", path, &in);
	if (rc)
		goto out;
	if (fields_load(&w->fields, &e) ||
	    profile_json_parse_text(in.buf ? in.buf : "", in.len, &root, &e)) {
		rc = cmd_fail("plan", "%s：%s", path, e.msg);
		goto out;
	}
	if (json_is_array(root)) {
		size_t i;
		json_t *obj;
		strbuf_adds(&out, "[");
		json_array_foreach(root, i, obj)
		{
			char prefix[32];
			snprintf(prefix, sizeof prefix, "[%zu]", i);
			strbuf_adds(&out, i ? ",\n" : "\n");
			if (plan_one(obj, prefix, w, &out, &e)) {
				rc = cmd_fail("plan", "%s", e.msg);
				goto out;
			}
		}
		strbuf_adds(&out, json_array_size(root) ? "\n]\n" : "]\n");
	} else {
		if (plan_one(root, "", w, &out, &e)) {
			rc = cmd_fail("plan", "%s", e.msg);
			goto out;
		}
		strbuf_adds(&out, "\n");
	}
	if (fwrite(out.buf, 1, out.len, stdout) != out.len || fflush(stdout))
		rc = cmd_fail("plan", "写出结果失败");
out:
	json_decref(root);
	if (w) {
		profile_cleanup(&w->p);
		profile_cleanup(&w->proj);
	}
	free(w);
	strbuf_cleanup(&in);
	strbuf_cleanup(&out);
	return rc;
}

/* The stored or generated plan of USCC in the database at DB_PATH. */
static int plan_db(const char *db_path, const char *uscc, int year)
{
	struct store *db = NULL;
	struct plans_view *v = plans_view_new();
	struct arena *arena = arena_new();
	struct strbuf out;
	struct err e;
	int64_t id = 0;
	int rc = CMD_OK, stored = 0;
	err_clear(&e);
	strbuf_init(&out, 0);
	if (cmd_open_db(db_path, &db, &e)) {
		rc = cmd_fail("plan", "%s：%s", db_path, e.msg);
		goto out;
	}
	struct ledger l;
	struct scope sys = ledger_system_scope();
	ledger_init(&l, db, &sys, "cli");
	int cur = plans_current(&l, uscc, &id, &e);
	if (cur < 0) {
		rc = cmd_fail("plan", "%s", e.msg);
		goto out;
	}
	if (cur == 1 && plans_view_load(&l, id, arena, v, &e)) {
		rc = cmd_fail("plan", "%s", e.msg);
		goto out;
	}
	stored = cur == 1 && (!year || v->row.apply_year == year);
	if (stored) {
		fprintf(stderr, "gaoqi plan: 已存方案 #%lld（%s，第%d版签署）\n", (long long)id,
			plans_state_label(v->row.state), v->row.version);
	} else {
		struct fields_table *fields = malloc(sizeof *fields);
		profile_cleanup(&v->base);
		profile_init(&v->base);
		if (!fields)
			abort();
		int r = fields_load(fields, &e) ||
			assessment_profile(&l, uscc, LEDGER_NO_DATE, &v->base, &e) ||
			plan_generate(NULL, fields, &v->base, year, &v->plan, &v->proj, &v->res,
				      &e);
		free(fields);
		if (r) {
			rc = cmd_fail("plan", "%s", e.msg);
			goto out;
		}
		fprintf(stderr, "gaoqi plan: 该企业没有%s方案，以下按当前数据生成（未保存）\n",
			cur == 1 ? "该年度的" : "在编");
	}
	if (plan_json_write(&v->plan, &v->base, &v->proj, &v->res, &out) ||
	    strbuf_adds(&out, "\n") || fwrite(out.buf, 1, out.len, stdout) != out.len ||
	    fflush(stdout))
		rc = cmd_fail("plan", "写出结果失败");
out:
	store_close(db);
	plans_view_free(v);
	arena_free(arena);
	strbuf_cleanup(&out);
	return rc;
}

int cmd_plan(int argc, char **argv)
{
	const char *file = NULL, *db = NULL;
	int year = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage();
			return CMD_OK;
		} else if (!strcmp(a, "--db") && i + 1 < argc) {
			db = argv[++i];
		} else if (!strcmp(a, "--year") && i + 1 < argc) {
			char *end;
			long y = strtol(argv[++i], &end, 10);
			if (*end || y < 2016 || y > 2100)
				return cmd_usage_error("plan", "--year 应为2016到2100之间的年份");
			year = (int)y;
		} else if (a[0] == '-' && a[1]) {
			return cmd_usage_error("plan", "未知选项 %s（gaoqi plan --help）", a);
		} else if (file) {
			return cmd_usage_error("plan", "只能给一个文件");
		} else {
			file = a;
		}
	}
	if (db && !file)
		return cmd_usage_error("plan",
				       "缺少企业的统一社会信用代码（gaoqi plan --db PATH USCC）");
	if (db)
		return plan_db(db, file, year);
	if (!file)
		return cmd_usage_error("plan", "缺少文件（gaoqi plan FILE.json，或 - 读标准输入）");
	return plan_file(file, year);
}
