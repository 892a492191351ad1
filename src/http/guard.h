/*
 * guard — counting slots for expensive work, per user and in total, so that
 * no user (and no set of users) can occupy every worker thread.
 *
 * A guard of TOTAL slots gives at most PER_USER of them to one user at a
 * time. guard_enter never waits: it takes a slot or says the guard is
 * saturated (the caller then answers 503 with Retry-After). Thread-safe.
 */
#ifndef GAOQI_HTTP_GUARD_H
#define GAOQI_HTTP_GUARD_H

#include <stdint.h>

struct guard;

/* A guard of TOTAL (≥ 1) slots, PER_USER (≥ 1) of them for one user. */
struct guard *guard_new(unsigned total, unsigned per_user);
/* Free G (no slot may be held). NULL-safe. */
void guard_free(struct guard *g);

/* Take a slot for USER: 1 when taken, 0 when the user's or the total share is used up. */
int guard_enter(struct guard *g, int64_t user);
/* Give back a slot USER took with guard_enter. */
void guard_leave(struct guard *g, int64_t user);

/* Slots in use now (for tests and logs). */
unsigned guard_used(struct guard *g);

#endif
