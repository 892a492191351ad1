/*
 * applications — the demo's recognition batches of the current year
 * (product C3a), so that the 申报管理 page and the targets' board are not
 * empty: the batch "第一批" (submission 30 April, notice 20 July, the
 * province's list 10 August) with the next key firms moved on those days as
 * far as today has come — all recognised but one (the board's new
 * recognitions, dated) — and the batch "第二批" with its dates and the first
 * key and reserve firms of the ledger applying in it, spread over the
 * stages from intended to publicised (no outcome yet). Written through the
 * ordinary use cases (audited), in one transaction of its own.
 */
#ifndef GAOQI_DEMO_APPLICATIONS_H
#define GAOQI_DEMO_APPLICATIONS_H

#include <stdint.h>

#include "core/err.h"
#include "ledger/ledger.h"

#define DEMO_APPLICATIONS 20 /* applications made at most (the second batch) */
#define DEMO_FIRST_BATCH 6   /* applications of the first batch at most */

/*
 * Write the batch and its applications on L (the system scope) for the
 * year of TODAY; *N (may be NULL) gets the applications made. All or nothing.
 */
int demo_applications(struct ledger *l, int32_t today, int64_t *n, struct err *e);

/*
 * The annual reports (年报) of every certificate holder (tiers hnte and
 * leader) for the fiscal years of its certificate up to last year, filed in
 * May of the following year — except a few, so that the reminders and the
 * revocation-risk list have something to show: every 13th firm missed its
 * latest report, every 41st its latest two. Through annual_save (audited),
 * one transaction; *N (may be NULL) gets the reports written.
 */
int demo_annual_reports(struct ledger *l, int32_t today, int64_t *n, struct err *e);

#endif
