/*
 * firm — one synthetic enterprise of the demo city with everything the load
 * writes for it, drawn with the run's generator (internal.h): a tier and a
 * profile class (what the HNTE engine should conclude of it), its identity
 * (names.h), an HNTE certificate issued in a recognition batch of the last
 * four years or a TSME number where its tier calls for one, a dated tier
 * history that leads to its tier, the last three fiscal years of indicators
 * (fewer for young firms; small firms dominate; ratios per class so that
 * every verdict occurs), an IP portfolio and, for part of the firms, ratings.
 *
 * The first FIRM_FIXED firms are fixed: one per tier, every class present.
 * For the files of src/demo; one thread per struct demo_gen.
 */
#ifndef GAOQI_DEMO_FIRM_H
#define GAOQI_DEMO_FIRM_H

#include <stddef.h>
#include <stdint.h>

#include "demo/demo.h"
#include "demo/internal.h"
#include "ledger/records/indicator.h"
#include "ledger/records/ip.h"
#include "ledger/records/qualitative.h"
#include "ledger/register/enterprise.h"

#define FIRM_YEARS 3 /* fiscal years of indicators at most */
#define FIRM_IP 48   /* IP items at most */
#define FIRM_STEPS 8 /* tier changes at most */
#define FIRM_FIXED 7 /* the fixed first firms */

/* One tier change: to tier TO on day ON, for REASON. */
struct firm_step {
	enum tier to;
	int32_t on;
	const char *reason;
};

/* One generated enterprise; its text lives in the generator's chunk arena. */
struct firm {
	struct enterprise ent; /* id 0: the load gives it */
	enum demo_class klass;
	const char *short_name; /* the 字号 */
	const char *product;
	struct indicator years[FIRM_YEARS]; /* oldest first */
	size_t n_years;
	struct ip_item ip[FIRM_IP];
	size_t n_ip;
	int rated; /* q holds ratings */
	struct qualitative q;
	struct firm_step steps[FIRM_STEPS]; /* in date order, the first from no tier */
	size_t n_steps;
};

/*
 * Fill *F with firm number INDEX (0-based) of the run G: fixed for INDEX <
 * FIRM_FIXED, else drawn. Needs g->areas (at least one), g->fields and the
 * sets of names.h; never fails.
 */
void firm_make(struct demo_gen *g, int64_t index, struct firm *f);

#endif
