/*
 * area — the county-level areas of the city (product.md §2a): code, name,
 * kind and the old region codes still found in USCCs. Everyone may list
 * areas; only admin may seed or change them (audited as table "areas").
 */
#ifndef GAOQI_LEDGER_AREA_H
#define GAOQI_LEDGER_AREA_H

#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"
#include "ledger/ledger.h"

struct area {
	const char *code; /* GB/T 2260 code, or a zone's own code (1–16 of [0-9A-Z]) */
	const char *name;
	const char *kind;      /* district, county, city, zone */
	const char *old_codes; /* comma separated, "" when none */
};

/* Every area ordered by code (arena memory). */
int area_list(struct ledger *l, struct arena *arena, struct area **items, size_t *n, struct err *e);

/* Get one area. ERR_NOT_FOUND. */
int area_get(struct ledger *l, const char *code, struct arena *arena, struct area *out,
	     struct err *e);

/*
 * Insert or update the areas of a TSV text (TEXT, LEN) in the format of
 * data/areas-qujing.tsv: '#' comment lines, a header line
 * "code\tname\tkind\told_codes", then one area per line. All or nothing:
 * a bad line fails with ERR_INVALID naming it ("第5行：区域类型无效：town").
 * Admin only (ERR_FORBIDDEN). *COUNT (may be NULL) gets the areas read.
 * Unchanged areas are not rewritten nor audited.
 */
int area_seed_tsv(struct ledger *l, const char *text, size_t len, int *count, struct err *e);

/* Seed the default areas (the embedded data/areas-qujing.tsv). */
int area_seed_default(struct ledger *l, int *count, struct err *e);

/* Seed from the TSV file PATH (ERR_IO when it cannot be read; at most 1 MiB). */
int area_seed_file(struct ledger *l, const char *path, int *count, struct err *e);

#endif
