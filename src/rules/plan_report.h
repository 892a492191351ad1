/*
 * plan_report — the text people read from a plan (rules/plan.h): a Chinese
 * sentence per task and per gap the plan cannot close. Used by the plan JSON
 * (io/plan_json) and later the UI; formats exact integers only. Writes into
 * a caller's strbuf; pure and thread-safe.
 */
#ifndef GAOQI_RULES_PLAN_REPORT_H
#define GAOQI_RULES_PLAN_REPORT_H

#include "core/strbuf.h"
#include "rules/plan.h"

/* A Chinese sentence on task T of plan PL under RS ("2024-08-30前申请软件著作权1项…"). */
int plan_report_task(const struct ruleset *rs, const struct plan *pl, const struct plan_task *t,
		     struct strbuf *sb);
/*
 * A Chinese sentence on gap U that plan PL of profile P cannot close under RS,
 * with the reason and, for a timing reason, the first year it allows.
 */
int plan_report_gap(const struct ruleset *rs, const struct plan *pl, const struct plan_gap *u,
		    const struct profile *p, struct strbuf *sb);
/* The Chinese name of the condition behind gap ID ("科技人员占比"). */
const char *plan_report_gap_label(enum gaps_id id);

#endif
