/*
 * calendar — the demo city's programme calendar for the year of TODAY
 * (product C6): the province's recognition batches, the annual-report and
 * TSME deadlines, a city dispatch meeting and one county's own deadline,
 * written through the calendar use case (each row audited).
 */
#ifndef GAOQI_DEMO_CALENDAR_H
#define GAOQI_DEMO_CALENDAR_H

#include <stdint.h>

#include "core/err.h"
#include "ledger/ledger.h"

/* Add the milestones of TODAY's year on L (the system scope). Errors: calendar_add's. */
int demo_calendar(struct ledger *l, int32_t today, int64_t *count, struct err *e);

#endif
