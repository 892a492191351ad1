/*
 * award_export — the award lines of a year for the finance bureau (product
 * C8): .xlsx with three sheets and Chinese headers — 按企业 (one row per
 * line: firm, policy, basis, amount and its city and county parts, status,
 * payments), 按区县 (per area: lines, amount, parts, paid) and 按预算 (per
 * budget source: budget, pending, committed, paid, remaining) — or .csv of
 * one of those views (UTF-8 with a byte order mark, money in 元, texts safe
 * from formulas). The lines and budgets are those of L's scope.
 */
#ifndef GAOQI_IO_AWARD_EXPORT_H
#define GAOQI_IO_AWARD_EXPORT_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "io/export.h"
#include "ledger/ledger.h"

enum award_view { AWARD_VIEW_FIRM, AWARD_VIEW_AREA, AWARD_VIEW_BUDGET };

/* Parse "firm", "area" or "budget"; ERR_INVALID (field "view"). */
int award_view_parse(const char *s, enum award_view *out, struct err *e);

/*
 * Export the lines of YEAR (of AREA when not NULL/"") to SINK: xlsx holds
 * every view, csv only VIEW. *ROWS (may be NULL) gets the number of lines.
 */
int award_export(struct ledger *l, int64_t year, const char *area, enum award_view view,
		 enum export_format format, export_sink_fn sink, void *ctx, size_t *rows,
		 struct err *e);

#endif
