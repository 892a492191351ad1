/*
 * jw — a small streaming JSON writer into a strbuf, for responses built
 * directly (lists of thousands of values without a jansson tree per value).
 *
 * Every value function takes KEY: the member name inside an object, or NULL
 * inside an array (or at the top). Commas are placed automatically. Money
 * (int64 fen) is written as a string of 元 with two decimals, head counts
 * (hundredths) as a string without trailing zeros, dates (days) as
 * "YYYY-MM-DD"; the "absent" markers of ledger.h (LEDGER_NONE,
 * LEDGER_NO_DATE) and NULL strings are written as null.
 *
 * Appends that would pass the strbuf's cap set `failed`; check it once at the
 * end (jw_finish). Not thread-safe: one writer per buffer.
 */
#ifndef GAOQI_HTTP_JW_H
#define GAOQI_HTTP_JW_H

#include <stdint.h>

#include "core/strbuf.h"

struct jw {
	struct strbuf *sb;
	int need_comma;
	int failed;
};

/* Start writing into SB (appending). */
void jw_init(struct jw *w, struct strbuf *sb);
/* 0, or ERR_TOO_BIG when some append failed. */
int jw_finish(const struct jw *w);

void jw_obj_begin(struct jw *w, const char *key);
void jw_obj_end(struct jw *w);
void jw_arr_begin(struct jw *w, const char *key);
void jw_arr_end(struct jw *w);

void jw_str(struct jw *w, const char *key, const char *s);
void jw_int(struct jw *w, const char *key, int64_t v);
/* An integer, or null when V == NULLV. */
void jw_int_or_null(struct jw *w, const char *key, int64_t v, int64_t nullv);
void jw_bool(struct jw *w, const char *key, int v);
void jw_null(struct jw *w, const char *key);
void jw_money(struct jw *w, const char *key, int64_t fen, int64_t nullv);
void jw_count(struct jw *w, const char *key, int64_t hundredths, int64_t nullv);
void jw_date(struct jw *w, const char *key, int32_t days, int32_t nullv);
/* Already-encoded JSON text (NULL gives null). */
void jw_raw(struct jw *w, const char *key, const char *json);

#endif
