/*
 * targets — the demo's targets and responsibility links (product C7), so
 * that 挂图作战, 目标任务 and 考核排名 are not empty: for the year of TODAY,
 * a target per area and metric around what the area stands at (some areas
 * ahead, some behind), the city's totals as the sum of the areas', and a
 * leader and a staff member linked to each area; then the weekly progress
 * snapshots of the year's past weeks, each as of its Sunday (this week's as
 * of today), from the dated outcomes (the board's trend line). Written
 * through the ordinary use cases (audited), all or nothing.
 */
#ifndef GAOQI_DEMO_TARGETS_H
#define GAOQI_DEMO_TARGETS_H

#include <stdint.h>

#include "core/err.h"
#include "ledger/ledger.h"

int demo_targets(struct ledger *l, int32_t today, struct err *e);

/*
 * The board's map for the areas of L's database: a schematic sketch made up
 * here (a jittered grid, one cell per area by code, marked "schematic" and
 * named 区域示意图（非真实边界）), uploaded as the city would (audited).
 * Called by demo_targets.
 */
int demo_targets_map(struct ledger *l, struct err *e);

#endif
