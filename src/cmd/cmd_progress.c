/*
 * cmd_progress — `gaoqi progress [--db PATH] --year Y [--as-of DATE]
 * [--format csv|json]`: the year's target progress of every area and the
 * city (ledger/targets/progress.h: achieved, projected, completion in basis
 * points, status, score and rank), as JSON Lines (one row per line, the
 * city first; the default) or CSV with Chinese headers. With --snapshot:
 * take the weekly snapshot of the day (--as-of, default today) into its
 * ISO week, replacing the week's (ledger/targets/snapshot.h), and print
 * {"week", "taken_on", "rows"}. Runs as the system.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/arena.h"
#include "core/date.h"
#include "core/strbuf.h"
#include "ledger/ledger.h"
#include "ledger/targets/progress.h"
#include "ledger/targets/scorecard.h"
#include "ledger/targets/snapshot.h"
#include "store/store.h"

static void usage(void)
{
	printf("usage: gaoqi progress [--db PATH] --year YEAR [--as-of YYYY-MM-DD] "
	       "[--format csv|json]\n"
	       "       gaoqi progress [--db PATH] --snapshot [--as-of YYYY-MM-DD]\n"
	       "\n"
	       "Print each area's and the city's progress against the year's targets: per\n"
	       "metric the target, achieved, projected and completion (basis points), and\n"
	       "the area's weighted score, rank and status; one JSON object per line\n"
	       "(default) or CSV. --snapshot stores the progress of the day (default today)\n"
	       "as its ISO week's snapshot (the board's trend line), replacing the week's.\n"
	       "Database default %s.\n",
	       CMD_DEFAULT_DB);
}

static void csv_text(struct strbuf *sb, const char *s)
{
	strbuf_addc(sb, '"');
	for (; s && *s; s++) {
		if (*s == '"')
			strbuf_addc(sb, '"');
		strbuf_addc(sb, *s);
	}
	strbuf_adds(sb, "\",");
}

static void csv_int(struct strbuf *sb, int64_t v)
{
	if (v != LEDGER_NONE)
		strbuf_addf(sb, "%lld", (long long)v);
	strbuf_addc(sb, ',');
}

static void json_int(struct strbuf *sb, const char *key, int64_t v)
{
	if (v == LEDGER_NONE)
		strbuf_addf(sb, ",\"%s\":null", key);
	else
		strbuf_addf(sb, ",\"%s\":%lld", key, (long long)v);
}

static void row_out(struct strbuf *sb, const struct progress *p, const struct progress_row *r,
		    int csv)
{
	if (csv) {
		csv_text(sb, r->area ? r->area : "");
		csv_text(sb, r->area_name);
		csv_int(sb, r->rank ? r->rank : LEDGER_NONE);
		csv_int(sb, r->score_bp);
		csv_text(sb, scorecard_status_label(r->status));
		for (size_t m = 0; m < p->n_metrics; m++) {
			const struct progress_cell *c = &r->cells[m];
			csv_int(sb, c->target);
			csv_int(sb, c->achieved);
			csv_int(sb, c->projected);
			csv_int(sb, c->completion_bp);
		}
		sb->len--; /* the last comma */
		strbuf_adds(sb, "\r\n");
		return;
	}
	strbuf_adds(sb, "{\"area\":");
	if (r->area) {
		strbuf_addc(sb, '"');
		strbuf_add_json_escaped(sb, r->area, strlen(r->area));
		strbuf_addc(sb, '"');
	} else {
		strbuf_adds(sb, "null");
	}
	strbuf_adds(sb, ",\"area_name\":\"");
	strbuf_add_json_escaped(sb, r->area_name, strlen(r->area_name));
	strbuf_addc(sb, '"');
	json_int(sb, "rank", r->rank ? r->rank : LEDGER_NONE);
	json_int(sb, "score_bp", r->score_bp);
	strbuf_addf(sb, ",\"status\":\"%s\"", scorecard_status_name(r->status));
	for (size_t m = 0; m < p->n_metrics; m++) {
		const struct progress_cell *c = &r->cells[m];
		char k[96];
		snprintf(k, sizeof k, "%s_target", p->metrics[m].code);
		json_int(sb, k, c->target);
		snprintf(k, sizeof k, "%s_achieved", p->metrics[m].code);
		json_int(sb, k, c->achieved);
		snprintf(k, sizeof k, "%s_projected", p->metrics[m].code);
		json_int(sb, k, c->projected);
		snprintf(k, sizeof k, "%s_completion_bp", p->metrics[m].code);
		json_int(sb, k, c->completion_bp);
	}
	strbuf_adds(sb, "}\n");
}

/* --snapshot: the week of AS_OF (LEDGER_NO_DATE: today) taken again. */
static int take_snapshot(const char *db_path, int32_t as_of)
{
	struct store *db = NULL;
	struct err e;
	size_t rows = 0;
	char week[11], on[11];
	err_clear(&e);
	if (cmd_open_db(db_path, &db, &e)) {
		int rc = cmd_fail("progress", "%s：%s", db_path, e.msg);
		store_close(db);
		return rc;
	}
	struct ledger l;
	struct scope sys = ledger_system_scope();
	ledger_init(&l, db, &sys, "cli");
	if (as_of == LEDGER_NO_DATE)
		as_of = date_today();
	int rc = CMD_OK;
	if (snapshot_take(&l, as_of, 1, &rows, &e))
		rc = cmd_fail("progress", "%s", e.msg);
	else
		printf("{\"week\":\"%s\",\"taken_on\":\"%s\",\"rows\":%zu}\n",
		       date_format(snapshot_week(as_of), week), date_format(as_of, on), rows);
	store_close(db);
	return rc;
}

int cmd_progress(int argc, char **argv)
{
	const char *db_path = CMD_DEFAULT_DB, *format = "json";
	long year = 0;
	int32_t as_of = LEDGER_NO_DATE;
	int snapshot = 0;
	struct err e;
	err_clear(&e);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage();
			return CMD_OK;
		} else if (!strcmp(a, "--db") && i + 1 < argc) {
			db_path = argv[++i];
		} else if (!strcmp(a, "--year") && i + 1 < argc) {
			char *end = NULL;
			year = strtol(argv[++i], &end, 10);
			if (!end || *end || year < 2000 || year > 2100)
				return cmd_usage_error("progress",
						       "--year 应为2000到2100之间的年份");
		} else if (!strcmp(a, "--as-of") && i + 1 < argc) {
			const char *d = argv[++i];
			if (date_parse(d, strlen(d), &as_of, "as_of", &e))
				return cmd_usage_error("progress", "--as-of 应为 YYYY-MM-DD");
		} else if (!strcmp(a, "--snapshot")) {
			snapshot = 1;
		} else if (!strcmp(a, "--format") && i + 1 < argc) {
			format = argv[++i];
			if (strcmp(format, "csv") && strcmp(format, "json"))
				return cmd_usage_error("progress", "--format 应为 csv 或 json");
		} else {
			return cmd_usage_error("progress", "未知参数：%s（gaoqi progress --help）",
					       a);
		}
	}
	if (snapshot)
		return take_snapshot(db_path, as_of);
	if (!year)
		return cmd_usage_error("progress", "缺少 --year");
	struct store *db = NULL;
	int rc = CMD_OK;
	if (cmd_open_db(db_path, &db, &e)) {
		rc = cmd_fail("progress", "%s：%s", db_path, e.msg);
		goto out;
	}
	struct ledger l;
	struct scope sys = ledger_system_scope();
	ledger_init(&l, db, &sys, "cli");
	struct arena *arena = arena_new();
	struct progress p;
	struct strbuf sb;
	strbuf_init(&sb, 0);
	int csv = !strcmp(format, "csv");
	int err = progress_compute(&l, (int)year, as_of, arena, &p, &e);
	if (!err && csv) {
		strbuf_adds(
			&sb,
			"\xEF\xBB\xBF\"区域代码\",\"区域\",\"排名\",\"得分（万分之一）\",\"状态\"");
		for (size_t m = 0; m < p.n_metrics; m++)
			strbuf_addf(&sb,
				    ",\"%s目标\",\"%s完成\",\"%s预计\",\"%s完成率（万分之一）\"",
				    p.metrics[m].name, p.metrics[m].name, p.metrics[m].name,
				    p.metrics[m].name);
		strbuf_adds(&sb, "\r\n");
	}
	if (!err) {
		row_out(&sb, &p, &p.city, csv);
		for (size_t i = 0; i < p.n; i++)
			row_out(&sb, &p, &p.rows[i], csv);
		if (fwrite(sb.buf, 1, sb.len, stdout) != sb.len)
			err = err_set(&e, ERR_IO, NULL, "写出结果失败");
	}
	if (err || fflush(stdout))
		rc = cmd_fail("progress", "%s", e.msg[0] ? e.msg : "写出结果失败");
	strbuf_cleanup(&sb);
	arena_free(arena);
out:
	store_close(db);
	return rc;
}
