/*
 * publicity — the demo's policy publicity (product C9), so that the pages
 * 通知公告 and 问答 are not empty: announcements of the city (to every firm,
 * the call for applications with its guide as a PDF attachment; to the key
 * firms) and of a county, one of them read by the demo enterprise user; questions of that user, one
 * answered by the county of its area and published to the FAQ, one answered, one waiting for an
 * answer; and a few FAQ entries of the city. Written through the ordinary use cases (each row
 * audited), in one transaction of its own.
 */
#ifndef GAOQI_DEMO_PUBLICITY_H
#define GAOQI_DEMO_PUBLICITY_H

#include <stdint.h>

#include "core/err.h"
#include "ledger/ledger.h"

/*
 * Write the publicity on L (the system scope), dated around TODAY. Needs the
 * demo users ("enterprise", "county-<its area>"); without the enterprise user
 * only the city's announcements are written. All or nothing. Errors: those of
 * the publicity use cases.
 */
int demo_publicity(struct ledger *l, int32_t today, struct err *e);

/*
 * Write the policy library (national to county documents, one with a PDF),
 * three training events dated before TODAY attended by key-pool firms and
 * one a week after TODAY (nobody attended yet), on L (the system scope).
 * All or nothing.
 */
int demo_policies(struct ledger *l, int32_t today, struct err *e);

#endif
