/*
 * report — the text people read from an assessment: the value and required
 * value of each condition, Chinese messages for conditions and gaps, and gap
 * amounts in the enterprise's own units. Used by the JSON writer
 * (io/profile_json) and the UI; formats exact integers only (percentages via
 * core percent_format). Writes into a caller's strbuf; pure and thread-safe.
 */
#ifndef GAOQI_RULES_REPORT_H
#define GAOQI_RULES_REPORT_H

#include "core/strbuf.h"
#include "rules/assess.h"

/*
 * The reason a firm registered after the TSME data year has no evaluation
 * (rules.md §1): when it was registered, the data year it lacks and the
 * first year it can register; nothing when it has a data year.
 */
int report_tsme_no_data(const struct assess_result *r, const struct profile *p, struct strbuf *sb);

/* The measured value of condition ID ("5.27%", "400天", "2项"); nothing when unknown. */
int report_cond_value(const struct assess_result *r, enum hnte_cond_id id, struct strbuf *sb);
/* The required value of condition ID ("5.00%", "365天", ">70"). */
int report_cond_required(const struct assess_result *r, enum hnte_cond_id id, struct strbuf *sb);
/* A Chinese sentence on condition ID, naming missing data when unknown. */
int report_cond_message(const struct assess_result *r, const struct profile *p,
			enum hnte_cond_id id, struct strbuf *sb);
/*
 * The size of gap G in its unit: "412600.00" (元), "3" (people, items,
 * points, days); nothing when the gap cannot be sized. Returns 0, or
 * ERR_TOO_BIG from the strbuf.
 */
int report_gap_amount(const struct gaps_item *g, struct strbuf *sb);
/* The wire name of a gap unit ("yuan", "people", "items", "points", "days", ""). */
const char *report_gap_unit_name(enum gaps_unit u);
/* A Chinese sentence on gap G of assessment R of profile P. */
int report_gap_message(const struct assess_result *r, const struct profile *p,
		       const struct gaps_item *g, struct strbuf *sb);
/* Append the missing fields of a list as "years[2023].sales、registered_on". */
int report_missing(const struct profile_missing *m, size_t n, struct strbuf *sb);

#endif
