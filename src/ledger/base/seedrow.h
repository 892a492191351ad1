/*
 * seedrow — for the ledger modules that own a seeded table (the row
 * functions of base/seed.h: enterprise_seed, indicator_seed, …), not for
 * callers of the seeding API. In base/, not in ledger/internal.h, so that
 * the ledger's root header names no domain folder.
 */
#ifndef GAOQI_LEDGER_BASE_SEEDROW_H
#define GAOQI_LEDGER_BASE_SEEDROW_H

#include "ledger/base/seed.h"

/*
 * For the row functions of a seed's tables (base/seed.h): ledger_seed_ready
 * gives 0 while S is open, else ERR_INTERNAL; ledger_seed_done, called with
 * the result RC of writing one row of TABLE, counts the row when RC is 0 and
 * otherwise rolls the whole load back and closes S. Returns RC.
 */
int ledger_seed_ready(struct ledger_seed *s, struct err *e);
int ledger_seed_done(struct ledger_seed *s, enum ledger_seed_table table, int rc, struct err *e);

#endif
