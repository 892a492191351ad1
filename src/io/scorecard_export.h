/*
 * scorecard_export — the year-end scorecard (考核排名, product.md C12) as an
 * .xlsx sheet for the assessment: one row per area by rank (rank, area,
 * score, and per metric the target, the achieved count and the completion),
 * then the formula printed below the table, as text, with the weights and
 * the cap of the year. Percentages are written from basis points as text
 * ("83.33%"), never recomputed in floating point.
 */
#ifndef GAOQI_IO_SCORECARD_EXPORT_H
#define GAOQI_IO_SCORECARD_EXPORT_H

#include <stdint.h>

#include "core/err.h"
#include "io/export.h"
#include "ledger/targets/progress.h"

/* "83.33%" for 8333 basis points into OUT ("—" for LEDGER_NONE). */
char *scorecard_pct(int64_t bp, char out[24]);

/* The formula of the scorecard of P in Chinese, with its weights and cap, into OUT. */
void scorecard_formula(const struct progress *p, char *out, size_t size);

/*
 * Write the scorecard P to SINK as .xlsx, its rows in their order (sort them
 * with progress_sort_by_rank first). ERR_INTERNAL, the sink's.
 */
int scorecard_export(const struct progress *p, export_sink_fn sink, void *ctx, struct err *e);

/*
 * The targets of P's year as an .xlsx sheet (目标分解): a row for the city's
 * totals and one per area of P (its rows' order), a column per metric; an
 * unset target is an empty cell. ERR_INTERNAL, the sink's.
 */
int targets_export(const struct progress *p, export_sink_fn sink, void *ctx, struct err *e);

#endif
