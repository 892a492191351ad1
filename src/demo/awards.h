/*
 * awards — the demo's award funds (product C8), so that the page 奖补资金
 * and the firms' 扶持情况 are not empty: the policies of last year and this
 * year (first recognition, re-recognition, TSME registration tiered by R&D
 * expense, leader enterprise), the TSME registrations of both years that the
 * register already holds on the firms (nothing of an enterprise row changes:
 * the demo stays the same for the same seed), the budgets
 * of the city and the counties, last year's run approved and partly paid
 * (one line rejected), this year's run computed, and other support records
 * (credit loans, R&D subsidies, vouchers) of some firms. Written through
 * the ordinary use cases (each row audited), in one transaction of its own.
 */
#ifndef GAOQI_DEMO_AWARDS_H
#define GAOQI_DEMO_AWARDS_H

#include <stdint.h>

#include "core/err.h"
#include "ledger/ledger.h"

/* Write the award funds on L (the system scope) around TODAY. All or nothing. */
int demo_awards(struct ledger *l, int32_t today, struct err *e);

#endif
