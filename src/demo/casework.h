/*
 * casework — the demo's cultivation casework (product C5), so that the demo
 * city shows a working programme: profiles of the two demo experts, the
 * problems diagnosed from the gaps of the first firms assigned to each expert
 * (owned by the area's county user, some overdue, some escalated to the
 * city), and a coaching visit with its next step on some of them. Written
 * through the ordinary casework use cases (each row audited), after the
 * seeded load, in one transaction of its own.
 */
#ifndef GAOQI_DEMO_CASEWORK_H
#define GAOQI_DEMO_CASEWORK_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "ledger/cultivate/plan.h"
#include "ledger/ledger.h"

/* Firms per expert that get problems; the first DEMO_VISITS of them a visit too. */
#define DEMO_CASE_FIRMS 6
#define DEMO_VISITS 3

/*
 * Write the casework on L (the system scope) for the firms FIRMS[k][0..N[k])
 * assigned to the users "expert" (k = 0) and "expert2" (k = 1); TODAY dates
 * it. *PROBLEMS and *VISITS (may be NULL) get the counts written. All or
 * nothing. Errors: those of the casework use cases.
 */
int demo_casework(struct ledger *l, const int64_t *const firms[2], const size_t n[2], int32_t today,
		  int64_t *problems, int64_t *visits, struct err *e);

/* Firms per expert that get a plan (一企一策). */
#define DEMO_PLAN_FIRMS 3

/*
 * Plans for the first DEMO_PLAN_FIRMS firms of each expert (FIRMS as
 * demo_casework takes them) whose assessment today fails, generated on
 * L for the earliest year: the first signed by
 * its expert and active, its tasks owned by the area's county user and the
 * first one done; the second signed; the third a draft. Without RENDER
 * (the plan JSON writer, io/plan_json) every plan stays a draft. *PLANS (may
 * be NULL) gets the count. All or nothing.
 */
int demo_plans(struct ledger *l, const int64_t *const firms[2], const size_t n[2],
	       plans_render_fn render, int64_t *plans, struct err *e);

#endif
