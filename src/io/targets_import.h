/*
 * targets_import — the year's targets read back from the sheet
 * targets_export writes (目标分解, scorecard_export.h): a header row (the
 * first of the first 10 rows that has a 区域代码 or a 区域 column) naming
 * the area code, the area name and one column per metric (its Chinese name
 * or its code); then a row per area — by code, or by name when the code
 * cell is empty — and the city's totals (code empty, name 全市 or 全市合计).
 * A number cell sets the target; an empty cell (or a placeholder "-", "无")
 * removes it; a metric without a column is left as it is. Rows without a
 * code and a name are skipped.
 *
 * Every refusal names the cell in Chinese — "第4行第C列（新认定高新技术企业）：
 * 目标值应为0到1000000之间的整数：abc", "第5行：区域代码不存在：530399",
 * "第7行：区域重复（第3行已是麒麟区）", "第1行第H列：未知的指标：营收" —
 * and the whole sheet is refused (the caller writes nothing). Pure: the
 * areas and the metrics come from the caller.
 */
#ifndef GAOQI_IO_TARGETS_IMPORT_H
#define GAOQI_IO_TARGETS_IMPORT_H

#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"
#include "ledger/register/area.h"
#include "ledger/targets/target.h"

#define TARGETS_IMPORT_MAX_FILE (8u << 20) /* bytes of a targets sheet */

struct targets_sheet {
	struct target *items; /* in ARENA: per row, per metric column (value LEDGER_NONE: remove) */
	size_t n;
	size_t rows;	/* the rows read (areas and the city) */
	size_t metrics; /* the metric columns found */
	size_t header_row;
	int year; /* the year its sheet is named for ("2026年目标分解", as exported), 0: none */
};

/*
 * Read the .xlsx bytes (P, N) against AREAS (N_AREAS) and METRICS
 * (N_METRICS) into *OUT, text in ARENA. Errors: ERR_INVALID naming the
 * cell (field "file"), ERR_TOO_BIG.
 */
int targets_read_mem(const void *p, size_t n, const struct area *areas, size_t n_areas,
		     const struct target_metric *metrics, size_t n_metrics, struct arena *arena,
		     struct targets_sheet *out, struct err *e);

#endif
