/*
 * names — the words of the synthetic city: a printf into arenas, the word
 * tables (字号, technology groups with their trades, industries and
 * products, people's names, roads, tags, reasons for leaving), and the
 * identities of a firm drawn from them with g->rng: unique company names and
 * USCCs, people, mobile numbers, addresses, technology fields, county
 * contacts. Qujing-flavoured whatever the areas.
 *
 * Text goes to g->arena (one chunk of firms) unless said otherwise; tables
 * and literals returned are static. For the files of src/demo (see
 * internal.h); one thread per struct demo_gen.
 */
#ifndef GAOQI_DEMO_NAMES_H
#define GAOQI_DEMO_NAMES_H

#include <stddef.h>

#include "core/arena.h"
#include "demo/internal.h"

/*
 * arena_printf without stdio for what the demo formats (%s, %.Ns, %c, %d,
 * %lld, zero-padded widths such as %04d and %08lld): the same result, a tenth
 * of the time; other formats and results over 255 bytes go through
 * vsnprintf. Never NULL (arena allocation aborts on exhaustion).
 */
__attribute__((format(printf, 2, 3))) char *names_printf(struct arena *a, const char *fmt, ...);

/* Make the sets of names and USCCs given empty, sized for EXPECTED firms; names_cleanup frees them.
 */
void names_init(struct demo_gen *g, size_t expected);
void names_cleanup(struct demo_gen *g);

/* A technology group: one of the eight 国家重点支持的高新技术领域, weighted for Qujing. */
struct names_group {
	const char *code; /* top-level field */
	int weight;
	const char *trades[8]; /* NULL-padded, like the two below */
	const char *industries[4];
	const char *products[11];
};

extern const struct names_group names_groups[DEMO_NGROUPS];

/* A person's name ("张志强"). */
const char *names_person(struct demo_gen *g);
/* A mobile number ("13812345678"). */
const char *names_mobile(struct demo_gen *g);
/*
 * A USCC not given before into OUT: "91", the region of area A (its old code
 * for most firms registered before 2016, the city's now and then), an
 * organisation code of the registration year REG_YEAR, the check character.
 */
void names_uscc(struct demo_gen *g, const struct demo_area *a, int reg_year, char out[19]);
/*
 * A company name not given before: place (A's, the city's or the
 * province's) + 字号 + a trade of GR + legal form; *SHORT_NAME gets the 字号.
 */
const char *names_company(struct demo_gen *g, const struct demo_area *a,
			  const struct names_group *gr, const char **short_name);
/* A technology field code of group GI (mostly a third-level item of the field table). */
const char *names_field(struct demo_gen *g, size_t gi);
/* A street address in area A ("云南省曲靖市麒麟区建设路12号"). */
const char *names_address(struct demo_gen *g, const struct demo_area *a);
/* The county contact of area A ("王伟（麒麟区科技局）"), in g->keep. */
const char *names_contact(struct demo_gen *g, const struct demo_area *a);
/* A tag such as "专精特新". */
const char *names_tag(struct demo_gen *g);
/* A reason for leaving the pool such as "企业注销". */
const char *names_exit_reason(struct demo_gen *g);

#endif
