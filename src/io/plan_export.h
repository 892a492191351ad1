/*
 * plan_export — a stored one-enterprise-one-plan (ledger/cultivate/plan.h)
 * as a spreadsheet for people: sheet "一企一策" with the plan's facts on top
 * (enterprise, state, application year, earliest year, version) and one row
 * per task (序号, 任务类型, 任务内容, 数量, 针对缺口, 完成期限, 负责人, 状态,
 * 完成日期, 完成佐证), and sheet "无法弥补的缺口" with each gap the plan
 * cannot close and why. Chinese headers, dates as dates (io/xlsx/write.h).
 */
#ifndef GAOQI_IO_PLAN_EXPORT_H
#define GAOQI_IO_PLAN_EXPORT_H

#include "core/err.h"
#include "io/xlsx/write.h"
#include "ledger/cultivate/plan.h"

/*
 * Write plan V (as plans_view_load gives it) as .xlsx to SINK. Errors:
 * ERR_IO/ERR_INTERNAL from the writer, or the sink's error.
 */
int plan_export_xlsx(const struct plans_view *v, xlsxw_sink_fn sink, void *ctx, struct err *e);

#endif
