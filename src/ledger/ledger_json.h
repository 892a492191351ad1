/*
 * ledger_json — internal to src/ledger/: small jansson helpers that build the
 * before/after JSON of audit rows. Not for use outside the ledger layer
 * (architecture.md: the ledger's interface carries no JSON types).
 */
#ifndef GAOQI_LEDGER_LEDGER_JSON_H
#define GAOQI_LEDGER_LEDGER_JSON_H

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

#endif
