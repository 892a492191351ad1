/*
 * daily — stored assessments, then reminders (see daily.h).
 */
#include "ledger/monitor/daily.h"

#include <string.h>

#include "ledger/assess/stored.h"
#include "ledger/monitor/remind.h"

int daily_run(struct ledger *l, int32_t today, int force, struct daily_report *r, struct err *e)
{
	memset(r, 0, sizeof *r);
	int rc = stored_refresh(l, today, force, &r->assessed, e);
	if (!rc)
		rc = remind_compute(l, today, &r->reminders, e);
	return rc;
}

int daily_due(struct ledger *l, int32_t today, int *due, struct err *e)
{
	int32_t on = 0;
	int64_t stale = 0;
	*due = 1;
	int rc = remind_computed_on(l, &on, e);
	if (!rc)
		rc = stored_stale(l, today, &stale, e);
	if (!rc)
		*due = on == LEDGER_NO_DATE || on < today || stale > 0;
	return rc;
}
