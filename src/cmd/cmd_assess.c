/*
 * cmd_assess — `gaoqi assess`: run the rules engine.
 *
 *   gaoqi assess FILE.json        one profile (an object) or many (an array);
 *                                 `-` reads standard input
 *   gaoqi assess --db PATH --all [--year Y] [--area CODE] [--summary]
 *                                 screen every enterprise of a database
 *
 * Output (rules.md §7): an object input prints one JSON object and a newline;
 * an array input prints a JSON array with one result object per line. The
 * database form prints one JSON object per line (JSON Lines), or with
 * --summary a JSON object of counts by verdict and by area.
 * Exit 0 when the input was valid whatever the verdicts, 1 with a message
 * naming the bad field otherwise (nothing is printed on stdout then), 2 on a
 * usage error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd/cmd.h"
#include "core/date.h"
#include "core/strbuf.h"
#include "io/profile_json.h"
#include "ledger/ledger.h"
#include "ledger/assess/screening.h"
#include "rules/assess.h"
#include "store/store.h"

static void usage(void)
{
	printf("usage: gaoqi assess FILE.json | -\n"
	       "       gaoqi assess --db PATH --all [--year Y] [--area CODE] [--summary]\n"
	       "\n"
	       "Assess enterprise profiles (rules.md §1 JSON) against the HNTE recognition\n"
	       "conditions, the innovation score, the TSME evaluation and the gap diagnosis.\n"
	       "An object prints one JSON result; an array prints a JSON array with one\n"
	       "result per line. `-` reads standard input. A profile without apply_on is\n"
	       "assessed on --apply-on / --year when given, else today.\n"
	       "\n"
	       "  --db PATH     the database (default %s)\n"
	       "  --all         screen every enterprise of the database: one JSON object\n"
	       "                per line\n"
	       "  --year Y      the application year: apply_on = Y-06-30 (default: today)\n"
	       "  --apply-on D  the application date YYYY-MM-DD (default: today)\n"
	       "  --area CODE   only the enterprises of this area\n"
	       "  --summary     print counts by verdict and by area instead\n"
	       "\n"
	       "Exit status: 0 input valid (whatever the verdicts), 1 invalid input (the\n"
	       "message names the field), 2 usage error.\n",
	       CMD_DEFAULT_DB);
}

/* Assess one JSON profile and append its result to OUT. */
static int assess_one(const json_t *obj, int32_t apply_default, const char *prefix,
		      struct profile *p, struct assess_result *res,
		      const struct fields_table *fields, struct strbuf *out, struct err *e)
{
	struct profile_json_settings st;
	struct ruleset copy;
	const struct ruleset *rs;
	int rc = profile_json_read(obj, apply_default, p, &st, prefix, e);
	if (rc)
		return rc; /* the reader's message already names the path */
	rc = profile_json_ruleset(&st, p, &copy, &rs, e);
	if (!rc)
		rc = assess_run(rs, fields, p, res, e);
	if (rc) {
		/* name the field in the message too, with the array position */
		char msg[sizeof e->msg], field[sizeof e->field];
		err_prefix_field(e, prefix);
		snprintf(msg, sizeof msg, "%s", e->msg);
		snprintf(field, sizeof field, "%s", e->field);
		if (field[0])
			err_set(e, rc, field, "%s：%s", field, msg);
		return rc;
	}
	if (!rc)
		rc = profile_json_write_result(res, p, &st, out);
	return rc;
}

/* The hidden --bench N: assess the profiles of the file N times, in memory. */
static int bench(const json_t *root, long n, const struct fields_table *fields)
{
	size_t count = json_is_array(root) ? json_array_size(root) : 1;
	struct profile *ps = calloc(count, sizeof *ps);
	struct assess_result *res = malloc(sizeof *res);
	int rc = CMD_OK;
	if (!ps || !res) {
		rc = cmd_fail("assess", "内存不足");
		goto out;
	}
	for (size_t i = 0; i < count; i++) {
		struct err e;
		err_clear(&e);
		profile_init(&ps[i]);
		const json_t *obj = json_is_array(root) ? json_array_get(root, i) : root;
		if (profile_json_read(obj, date_today(), &ps[i], NULL, "", &e)) {
			rc = cmd_fail("assess", "%s", e.msg);
			goto out;
		}
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	long done = 0;
	int64_t checksum = 0;
	for (long k = 0; k < n; k++) {
		for (size_t i = 0; i < count; i++) {
			if (assess_run(NULL, fields, &ps[i], res, NULL)) {
				rc = cmd_fail("assess", "评测失败");
				goto out;
			}
			checksum += res->hnte.verdict + res->hnte.score.max;
			done++;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long long ns =
		(long long)(t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
	if (ns <= 0)
		ns = 1;
	printf("{\"assessments\":%ld,\"ns\":%lld,\"per_second\":%lld,\"checksum\":%lld}\n", done,
	       ns, (long long)done * 1000000000LL / ns, (long long)checksum);
out:
	if (ps)
		for (size_t i = 0; i < count; i++)
			profile_cleanup(&ps[i]);
	free(ps);
	free(res);
	return rc;
}

static int assess_file(const char *path, int32_t apply_default, long bench_n)
{
	struct strbuf in, out;
	strbuf_init(&in, PROFILE_JSON_MAX_BYTES);
	strbuf_init(&out, 0);
	json_t *root = NULL;
	struct profile p;
	profile_init(&p);
	struct assess_result *res = malloc(sizeof *res);
	struct fields_table *fields = malloc(sizeof *fields);
	struct err e;
	err_clear(&e);
	int rc = cmd_read_file("assess", path, &in);
	if (rc)
		goto out;
	if (!res || !fields) {
		rc = cmd_fail("assess", "内存不足");
		goto out;
	}
	if (fields_load(fields, &e) ||
	    profile_json_parse_text(in.buf ? in.buf : "", in.len, &root, &e)) {
		rc = cmd_fail("assess", "%s：%s", path, e.msg);
		goto out;
	}
	if (bench_n > 0) {
		rc = bench(root, bench_n, fields);
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
			if (assess_one(obj, apply_default, prefix, &p, res, fields, &out, &e)) {
				rc = cmd_fail("assess", "%s", e.msg);
				goto out;
			}
		}
		strbuf_adds(&out, json_array_size(root) ? "\n]\n" : "]\n");
	} else {
		if (assess_one(root, apply_default, "", &p, res, fields, &out, &e)) {
			rc = cmd_fail("assess", "%s", e.msg);
			goto out;
		}
		strbuf_adds(&out, "\n");
	}
	if (fwrite(out.buf, 1, out.len, stdout) != out.len || fflush(stdout))
		rc = cmd_fail("assess", "写出结果失败");
out:
	json_decref(root);
	profile_cleanup(&p);
	free(res);
	free(fields);
	strbuf_cleanup(&in);
	strbuf_cleanup(&out);
	return rc;
}

/* ---- batch screening of a database ---- */

#define MAX_AREAS 256

struct area_count {
	char code[32];
	long hnte[4], tsme[3], n;
};

struct screen {
	const struct ruleset *rs;
	const struct fields_table *fields;
	struct assess_result *res;
	struct strbuf out;
	int summary;
	long hnte[4], tsme[3];
	struct area_count *areas;
	size_t n_areas;
};

static int flush_out(struct screen *s, struct err *e)
{
	if (s->out.len && fwrite(s->out.buf, 1, s->out.len, stdout) != s->out.len)
		return err_set(e, ERR_IO, NULL, "写出结果失败");
	strbuf_reset(&s->out);
	return 0;
}

static int screen_one(void *ctx, int64_t id, const char *area, const struct profile *p,
		      struct err *e)
{
	struct screen *s = ctx;
	(void)id;
	int rc = assess_run(s->rs, s->fields, p, s->res, e);
	if (rc)
		return rc;
	if (!s->summary) {
		rc = profile_json_write_result(s->res, p, NULL, &s->out);
		if (!rc)
			rc = strbuf_addc(&s->out, '\n');
		if (!rc && s->out.len >= ((size_t)1 << 20))
			rc = flush_out(s, e);
		return rc;
	}
	int hv = (int)s->res->hnte.verdict, tv = (int)s->res->tsme.verdict;
	s->hnte[hv]++;
	s->tsme[tv]++;
	struct area_count *a = NULL;
	for (size_t i = 0; i < s->n_areas && !a; i++)
		if (!strcmp(s->areas[i].code, area))
			a = &s->areas[i];
	if (!a && s->n_areas < MAX_AREAS) {
		a = &s->areas[s->n_areas++];
		memset(a, 0, sizeof *a);
		snprintf(a->code, sizeof a->code, "%s", area);
	}
	if (a) {
		a->n++;
		a->hnte[hv]++;
		a->tsme[tv]++;
	}
	return 0;
}

static void summary_counts(struct strbuf *sb, const long *hnte, const long *tsme)
{
	strbuf_adds(sb, "\"hnte\":{");
	for (int v = 0; v < 4; v++)
		strbuf_addf(sb, "%s\"%s\":%ld", v ? "," : "",
			    hnte_verdict_name((enum hnte_verdict)v), hnte[v]);
	strbuf_adds(sb, "},\"tsme\":{");
	for (int v = 0; v < 3; v++)
		strbuf_addf(sb, "%s\"%s\":%ld", v ? "," : "",
			    tsme_verdict_name((enum tsme_verdict)v), tsme[v]);
	strbuf_adds(sb, "}");
}

static int assess_db(const char *db_path, int32_t apply_on, const char *area, int summary)
{
	struct store *db = NULL;
	struct screen s;
	struct err e;
	int rc = CMD_OK;
	err_clear(&e);
	memset(&s, 0, sizeof s);
	strbuf_init(&s.out, 0);
	s.summary = summary;
	s.res = malloc(sizeof *s.res);
	struct fields_table *fields = malloc(sizeof *fields);
	s.areas = calloc(MAX_AREAS, sizeof *s.areas);
	s.fields = fields;
	if (!s.res || !fields || !s.areas) {
		rc = cmd_fail("assess", "内存不足");
		goto out;
	}
	s.rs = ruleset_for_year(date_year(apply_on));
	if (!s.rs) {
		rc = cmd_fail("assess", "%d年的认定规则未收录（最早为2016年）",
			      date_year(apply_on));
		goto out;
	}
	if (fields_load(fields, &e) || store_open(db_path, STORE_READONLY, &db, &e) ||
	    store_check_schema(db, &e)) {
		rc = cmd_fail("assess", "%s：%s", db_path, e.msg);
		goto out;
	}
	struct ledger l;
	struct scope sys = ledger_system_scope();
	ledger_init(&l, db, &sys, "cli");
	struct screening_opts o = {.apply_on = apply_on, .area = area};
	size_t n = 0;
	if (screening_run(&l, &o, screen_one, &s, &n, &e) || flush_out(&s, &e)) {
		rc = cmd_fail("assess", "%s", e.msg);
		goto out;
	}
	if (summary) {
		char d[11];
		strbuf_addf(&s.out, "{\"rules\":\"%s\",\"apply_on\":\"%s\",\"enterprises\":%zu,",
			    s.rs->name, date_format(apply_on, d), n);
		summary_counts(&s.out, s.hnte, s.tsme);
		strbuf_adds(&s.out, ",\"areas\":{");
		for (size_t i = 0; i < s.n_areas; i++) {
			strbuf_adds(&s.out, i ? ",\"" : "\"");
			strbuf_add_json_escaped(&s.out, s.areas[i].code, strlen(s.areas[i].code));
			strbuf_addf(&s.out, "\":{\"enterprises\":%ld,", s.areas[i].n);
			summary_counts(&s.out, s.areas[i].hnte, s.areas[i].tsme);
			strbuf_adds(&s.out, "}");
		}
		strbuf_adds(&s.out, "}}\n");
		if (flush_out(&s, &e)) {
			rc = cmd_fail("assess", "%s", e.msg);
			goto out;
		}
	}
	if (fflush(stdout))
		rc = cmd_fail("assess", "写出结果失败");
out:
	store_close(db);
	strbuf_cleanup(&s.out);
	free(s.res);
	free(fields);
	free(s.areas);
	return rc;
}

int cmd_assess(int argc, char **argv)
{
	const char *file = NULL, *db_path = CMD_DEFAULT_DB, *area = NULL;
	int all = 0, summary = 0;
	int32_t apply_on = PROFILE_NO_DATE;
	long bench_n = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage();
			return CMD_OK;
		} else if (!strcmp(a, "--bench") && i + 1 < argc) {
			char *end;
			bench_n = strtol(argv[++i], &end, 10);
			if (*end || bench_n <= 0)
				return cmd_usage_error("assess", "--bench 需要正整数");
		} else if (!strcmp(a, "--db") && i + 1 < argc) {
			db_path = argv[++i];
		} else if (!strcmp(a, "--all")) {
			all = 1;
		} else if (!strcmp(a, "--summary")) {
			summary = 1;
		} else if (!strcmp(a, "--area") && i + 1 < argc) {
			area = argv[++i];
		} else if (!strcmp(a, "--year") && i + 1 < argc) {
			char *end;
			long y = strtol(argv[++i], &end, 10);
			if (*end || y < 2016 || y > 2100)
				return cmd_usage_error("assess", "--year 应为2016到2100之间的年份");
			apply_on = date_from_ymd((int)y, 6, 30);
		} else if (!strcmp(a, "--apply-on") && i + 1 < argc) {
			struct err e;
			const char *v = argv[++i];
			if (date_parse(v, strlen(v), &apply_on, "--apply-on", &e))
				return cmd_usage_error("assess", "--apply-on：%s", e.msg);
		} else if (a[0] == '-' && a[1]) {
			return cmd_usage_error("assess", "未知选项 %s（gaoqi assess --help）", a);
		} else if (file) {
			return cmd_usage_error("assess", "只能给一个文件");
		} else {
			file = a;
		}
	}
	if (all) {
		if (file)
			return cmd_usage_error("assess", "--all 与文件不能同时使用");
		return assess_db(db_path, apply_on == PROFILE_NO_DATE ? date_today() : apply_on,
				 area, summary);
	}
	if (summary || area)
		return cmd_usage_error("assess", "--summary 和 --area 只能与 --all 一起使用");
	if (!file)
		return cmd_usage_error("assess",
				       "缺少文件（gaoqi assess FILE.json，或 - 读标准输入）");
	return assess_file(file, apply_on == PROFILE_NO_DATE ? date_today() : apply_on, bench_n);
}
