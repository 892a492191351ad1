/*
 * daily — the daily run of pipeline monitoring (product.md C6), done by a
 * background thread of `gaoqi serve` (its own connection), by `gaoqi
 * remind` and by `gaoqi reassess`: bring every stored assessment to the
 * day's application date and rule set (ledger/assess/stored.h), then
 * rebuild the reminders (ledger/monitor/remind.h), whose risk rule reads
 * the assessments just stored.
 */
#ifndef GAOQI_LEDGER_MONITOR_DAILY_H
#define GAOQI_LEDGER_MONITOR_DAILY_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "ledger/ledger.h"

struct daily_report {
	size_t assessed;  /* enterprises assessed (0 when every row was of the day) */
	size_t reminders; /* reminders of the day */
};

/*
 * Run the day TODAY on L (admin scope: the system; outside any
 * transaction). FORCE 1 reassesses every enterprise even when the stored
 * rows are of the day (`gaoqi reassess`); 0 only when some row is stale or
 * missing. Errors: those of stored_refresh and remind_compute.
 */
int daily_run(struct ledger *l, int32_t today, int force, struct daily_report *r, struct err *e);

/*
 * 1 when the day's run is due: the reminders were last computed before
 * TODAY (or never), or some stored assessment is stale. ERR_DB.
 */
int daily_due(struct ledger *l, int32_t today, int *due, struct err *e);

#endif
