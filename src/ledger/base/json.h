/*
 * ledger_json — internal to src/ledger/: small jansson helpers that build the
 * before/after JSON of audit rows. Not for use outside the ledger layer
 * (architecture.md: the ledger's interface carries no JSON types).
 */
#ifndef GAOQI_LEDGER_BASE_JSON_H
#define GAOQI_LEDGER_BASE_JSON_H

#include <jansson.h>
#include <stdint.h>

/* Set KEY of OBJ to the string S, or null when S is NULL. */
void ledger_json_str(json_t *obj, const char *key, const char *s);
/* Set KEY to the integer V, or null when V == LEDGER_NONE. */
void ledger_json_int(json_t *obj, const char *key, int64_t v);
/* Set KEY to the date DAYS as "YYYY-MM-DD", or null for LEDGER_NO_DATE. */
void ledger_json_date(json_t *obj, const char *key, int32_t days);
/* Set KEY to true/false. */
void ledger_json_bool(json_t *obj, const char *key, int v);
/*
 * Encode OBJ compactly with sorted keys and release it; returns a malloc'd
 * string (free it) or NULL when OBJ is NULL.
 */
char *ledger_json_take(json_t *obj);

/*
 * ledger_jobj — the same JSON without jansson trees (the import writes two
 * audit rows per ledger row; building and dumping jansson objects was a fifth
 * of its time). The text is byte for byte what ledger_json_take gives for the
 * same members: compact, keys sorted with strcmp, strings escaped as jansson
 * does (\" \\ \b \f \n \r \t, other control characters as \u00XX, UTF-8
 * kept), and a string that is not valid UTF-8 leaves its member out (jansson
 * refuses such a string). KEYs are static, distinct ASCII names from the
 * program; at most LEDGER_JOBJ_MAX members (more are ignored: a bug).
 */
#define LEDGER_JOBJ_MAX 40

struct ledger_jobj {
	int omit_null; /* set after init: null members are left out (a creation's compact image) */
	char *vals;    /* the encoded values, one after another */
	size_t len, cap;
	size_t n;
	struct {
		const char *key;
		size_t off, len;
	} m[LEDGER_JOBJ_MAX];
};

void ledger_jobj_init(struct ledger_jobj *o);
/* Member KEY: the string S, or null when S is NULL. */
void ledger_jobj_str(struct ledger_jobj *o, const char *key, const char *s);
/* Member KEY: the integer V, or null when V == LEDGER_NONE. */
void ledger_jobj_int(struct ledger_jobj *o, const char *key, int64_t v);
/* Member KEY: the date DAYS as "YYYY-MM-DD", or null for LEDGER_NO_DATE. */
void ledger_jobj_date(struct ledger_jobj *o, const char *key, int32_t days);
/* Member KEY: true or false. */
void ledger_jobj_bool(struct ledger_jobj *o, const char *key, int v);
/* The encoded object as a malloc'd string (free it); O is released. Never NULL. */
char *ledger_jobj_take(struct ledger_jobj *o);
/*
 * 1 when A and B, built by the same calls in the same order, would encode to
 * the same text (the same members with the same values), 0 otherwise —
 * without encoding them. Both are released.
 */
int ledger_jobj_same(struct ledger_jobj *a, struct ledger_jobj *b);

#endif
