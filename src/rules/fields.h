/*
 * fields — the table of 国家重点支持的高新技术领域 (rules-sources §3 and
 * Appendix A): 8 top-level fields (2-digit codes), 52 sub-fields (3 digits)
 * and the third-level items (5 digits), parsed from the embedded
 * data/tech-fields.tsv.
 *
 * fields_load fills a caller-owned table (no allocation: names point into the
 * embedded, read-only bytes). A loaded table is read-only and may be shared by
 * any number of threads.
 */
#ifndef GAOQI_RULES_FIELDS_H
#define GAOQI_RULES_FIELDS_H

#include <stddef.h>

#include "core/err.h"

#define FIELDS_MAX 512

struct fields_entry {
	char code[8];	  /* "10", "101", "10101" */
	int level;	  /* 1, 2 or 3 */
	const char *name; /* not NUL-terminated: (name, name_len) */
	size_t name_len;
	char parent[8]; /* "" for level 1 */
};

struct fields_table {
	struct fields_entry e[FIELDS_MAX]; /* sorted by code (byte order) */
	size_t n;
	size_t count[4]; /* count[L] = entries of level L */
};

/*
 * Parse the embedded tech-fields.tsv into T. Fails with ERR_INTERNAL when the
 * file is missing or malformed (a build error), ERR_TOO_BIG past FIELDS_MAX.
 */
int fields_load(struct fields_table *t, struct err *e);
/*
 * Parse TSV text (S, N) of the same format (`code<TAB>level<TAB>name<TAB>parent`,
 * '#' comments, a header line starting with "code") into T; T's names point
 * into S, which must outlive T. Errors name the line.
 */
int fields_parse(struct fields_table *t, const char *s, size_t n, struct err *e);
/* The entry with CODE (NUL-terminated), or NULL. */
const struct fields_entry *fields_find(const struct fields_table *t, const char *code);
/* The entry whose name is exactly (NAME, N), or NULL. */
const struct fields_entry *fields_find_name(const struct fields_table *t, const char *name,
					    size_t n);

#endif
