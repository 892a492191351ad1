/*
 * plan_json — a one-enterprise-one-plan (rules/plan.h) as JSON: the plan's
 * date and application year and date, the tasks in the vocabulary of rules.md
 * §6a with their due dates and a Chinese description, the gaps it cannot
 * close with the reason, the projected profile (rules.md §1, so that anyone
 * can assess it again) and its assessment in the shape of rules.md §7 (the
 * writer of io/profile_json).
 *
 * Builds the text into a caller's strbuf (one buffer, written once). Amounts
 * are strings of 元 with two decimals ("412600.00"), head counts numbers
 * ("count": 3 or 2.5), dates "YYYY-MM-DD" or null. Thread-safe as long as
 * each call has its own objects.
 */
#ifndef GAOQI_IO_PLAN_JSON_H
#define GAOQI_IO_PLAN_JSON_H

#include "core/strbuf.h"
#include "rules/assess.h"
#include "rules/plan.h"
#include "rules/profile.h"

/*
 * Append plan PL of profile P as one JSON object (one line, no trailing
 * newline): PROJ is its projection and RES the assessment of PROJ (as
 * plan_generate returns them; RES->rules is the rule set named). Returns 0
 * or ERR_TOO_BIG from the strbuf.
 */
int plan_json_write(const struct plan *pl, const struct profile *p, const struct profile *proj,
		    const struct assess_result *res, struct strbuf *sb);

#endif
