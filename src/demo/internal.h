/*
 * demo/internal.h — for the files of src/demo only: the state of one run of
 * the generator, shared by names.c (the words and identities), firm.c (one
 * enterprise with its records) and demo.c (the load). Nothing outside
 * src/demo includes it (demo.h is the demo's interface).
 *
 * Every value drawn comes from the one generator g->rng, in a fixed order:
 * the same seed, count and reference day give the same city. Moving a draw
 * (or evaluating a call's arguments in another order) changes the city.
 */
#ifndef GAOQI_DEMO_INTERNAL_H
#define GAOQI_DEMO_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "demo/rng.h"
#include "rules/fields.h"

#define DEMO_CITY "曲靖"
#define DEMO_PROVINCE "云南"
#define DEMO_CITY_CODE "530300" /* when no area has a GB/T 2260 code */
#define DEMO_PROVINCE_NO "53"

#define DEMO_MAX_AREAS 64
#define DEMO_NGROUPS 8 /* the technology groups of names_groups */

/* An area of the database as the generator uses it (text in g->keep). */
struct demo_area {
	const char *code;
	const char *name;
	const char *place;    /* short place name for company names: "宣威", or DEMO_CITY */
	char region[7];	      /* region code for USCCs ("530300" for a zone) */
	const char *old_code; /* one old region code, or NULL */
	int weight;	      /* share of the firms */
	const char *contact;  /* the county contact */
};

/* A set of 64-bit hashes of the names given (a false positive only costs a retry). */
struct demo_seen {
	uint64_t *slots;
	size_t cap, n;
};

struct demo_gen {
	struct rng rng;
	struct arena *arena; /* per chunk of firms, reset after each */
	struct arena *keep;  /* lives for the whole run */
	int32_t today;
	int year; /* the year of today: fiscal years are year-3 … year-1 */
	struct demo_area areas[DEMO_MAX_AREAS];
	size_t n_areas;
	struct fields_table *fields;
	size_t by_group[DEMO_NGROUPS][FIELDS_MAX]; /* indexes of level-2/3 entries per group */
	size_t n_by_group[DEMO_NGROUPS];
	struct demo_seen names, usccs;
	int64_t cert_seq[8]; /* per issue year offset (year-8 … year-1) */
	int64_t tsme_seq[3]; /* per year offset */
	char city_code[7];   /* the prefecture's region code: "530300" */
};

#endif
