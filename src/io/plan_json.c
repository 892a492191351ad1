/* plan_json — a plan, its projection and the projection's assessment as JSON. */
#include "io/plan_json.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/money.h"
#include "io/profile_json.h"
#include "rules/plan_report.h"

/* Errors are sticky in W->rc (only ERR_TOO_BIG from the strbuf). */
struct wr {
	struct strbuf *sb;
	struct strbuf text; /* scratch for the sentences before escaping */
	int rc;
};

static void w_raw(struct wr *w, const char *s)
{
	if (!w->rc)
		w->rc = strbuf_adds(w->sb, s);
}

static void w_fmt(struct wr *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void w_fmt(struct wr *w, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (!w->rc && n >= 0)
		w->rc = strbuf_add(w->sb, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

static void w_str(struct wr *w, const char *s, size_t n)
{
	w_raw(w, "\"");
	if (!w->rc)
		w->rc = strbuf_add_json_escaped(w->sb, s, n);
	w_raw(w, "\"");
}

static void w_cstr(struct wr *w, const char *s)
{
	w_str(w, s, strlen(s));
}

static void w_date(struct wr *w, int32_t d)
{
	char buf[11];
	if (d == PROFILE_NO_DATE)
		w_raw(w, "null");
	else
		w_cstr(w, date_format(d, buf));
}

static void w_money(struct wr *w, int64_t fen)
{
	char buf[40];
	w_cstr(w, money_str(buf, sizeof buf, fen));
}

/* Close a sentence written into W->text as a JSON string. */
static void w_text(struct wr *w, int rc)
{
	if (rc && !w->rc)
		w->rc = rc;
	w_str(w, strbuf_cstr(&w->text), w->text.len);
	strbuf_reset(&w->text);
}

static void w_task(struct wr *w, const struct ruleset *rs, const struct plan *pl,
		   const struct plan_task *t)
{
	w_fmt(w, "{\"kind\":\"%s\"", plan_kind_name(t->kind));
	switch (t->kind) {
	case PLAN_IP:
		w_fmt(w, ",\"ip_kind\":\"%s\",\"count\":%lld,\"granted_on\":",
		      profile_ip_kind_name(t->ip_kind), (long long)t->count);
		w_date(w, t->granted_on);
		break;
	case PLAN_ST_STAFF:
		w_raw(w, ",\"count\":");
		if (!w->rc)
			w->rc = count_format(w->sb, t->count);
		w_fmt(w, ",\"year\":%d,\"hire\":%s", (int)t->year, t->hire ? "true" : "false");
		break;
	case PLAN_RD:
	case PLAN_HITECH_INCOME:
		w_raw(w, ",\"amount\":");
		w_money(w, t->amount);
		w_fmt(w, ",\"year\":%d", (int)t->year);
		if (t->kind == PLAN_HITECH_INCOME)
			w_fmt(w, ",\"reclassify\":%s", t->reclassify ? "true" : "false");
		break;
	case PLAN_CONVERSION:
		w_fmt(w, ",\"count\":%lld,\"year\":%d", (long long)t->count, (int)t->year);
		break;
	case PLAN_RD_ORG:
		w_fmt(w, ",\"item\":%d,\"action\":\"%s\"", t->item,
		      t->item >= 1 && t->item <= 4 ? rs->actions[rs->rd_org_action[t->item - 1]].id
						   : "");
		break;
	case PLAN_WAIT:
		w_raw(w, ",\"until\":");
		w_date(w, t->until);
		break;
	default: break;
	}
	w_raw(w, ",\"due\":");
	w_date(w, t->due);
	w_raw(w, ",\"closes\":");
	if (t->closes < GAPS_COUNT)
		w_cstr(w, gaps_id_name(t->closes));
	else
		w_raw(w, "null");
	w_fmt(w, ",\"effort_months\":%d,\"description\":", plan_task_effort(rs, t));
	w_text(w, plan_report_task(rs, pl, t, &w->text));
	w_raw(w, "}");
}

static void w_gap(struct wr *w, const struct ruleset *rs, const struct plan *pl,
		  const struct plan_gap *u, const struct profile *p)
{
	w_fmt(w, "{\"gap\":\"%s\",\"reason\":\"%s\",\"timing\":%s,\"year\":", gaps_id_name(u->gap),
	      plan_why_name(u->why), plan_why_timing(u->why) ? "true" : "false");
	if (u->year)
		w_fmt(w, "%d", u->year);
	else
		w_raw(w, "null");
	if (u->on != PROFILE_NO_DATE) {
		w_raw(w, ",\"date\":");
		w_date(w, u->on);
	}
	if (u->why == PLAN_WHY_SCORE_CAP || (u->gap == GAPS_SCORE && u->why == PLAN_WHY_LEAD_TIME))
		w_fmt(w, ",\"max\":%d", u->value);
	if (u->n_missing) {
		w_raw(w, ",\"missing\":[");
		for (size_t i = 0; i < u->n_missing; i++) {
			char buf[64];
			w_raw(w, i ? "," : "");
			w_cstr(w, profile_missing_format(&u->missing[i], buf, sizeof buf));
		}
		w_raw(w, "]");
	}
	w_raw(w, ",\"message\":");
	w_text(w, plan_report_gap(rs, pl, u, p, &w->text));
	w_raw(w, "}");
}

int plan_json_write(const struct plan *pl, const struct profile *p, const struct profile *proj,
		    const struct assess_result *res, struct strbuf *sb)
{
	struct wr ww = {sb, {0}, 0}, *w = &ww;
	const struct ruleset *rs = res->rules;
	strbuf_init(&w->text, 0);
	w_raw(w, "{\"uscc\":");
	w_cstr(w, p->uscc);
	w_raw(w, ",\"name\":");
	w_cstr(w, p->name);
	w_raw(w, ",\"rules\":");
	w_cstr(w, rs->name);
	w_raw(w, ",\"made_on\":");
	w_date(w, pl->made_on);
	w_fmt(w, ",\"apply_year\":%d,\"apply_on\":", pl->apply_year);
	w_date(w, pl->apply_on);
	w_raw(w, ",\"earliest_year\":");
	if (pl->earliest_year)
		w_fmt(w, "%d", pl->earliest_year);
	else
		w_raw(w, "null");
	w_fmt(w, ",\"closes_all_gaps\":%s,\"effort_months\":%d,\"tasks\":[",
	      pl->n_unclosable == 0 && plan_closes(pl, res) ? "true" : "false", pl->effort_months);
	for (size_t i = 0; i < pl->n_tasks; i++) {
		w_raw(w, i ? "," : "");
		w_task(w, rs, pl, &pl->tasks[i]);
	}
	w_raw(w, "],\"unclosable\":[");
	for (size_t i = 0; i < pl->n_unclosable; i++) {
		w_raw(w, i ? "," : "");
		w_gap(w, rs, pl, &pl->unclosable[i], p);
	}
	w_raw(w, "],\"projection\":");
	if (!w->rc)
		w->rc = profile_json_write(proj, sb);
	w_raw(w, ",\"assessment\":");
	if (!w->rc)
		w->rc = profile_json_write_result(res, proj, NULL, sb);
	w_raw(w, "}");
	strbuf_cleanup(&w->text);
	return w->rc;
}
