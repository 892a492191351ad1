/*
 * money — exact fixed-point numbers: money in integer fen (0.01 元), head
 * counts in integer hundredths, ratios formatted from exact integers.
 *
 * rules.md §0: no floating point anywhere in a threshold decision. Parsing
 * accepts "1234.5", "1,234.50", "-12", " 3 " and rejects more decimals than the
 * unit allows, with a message naming what is wrong. All functions are pure and
 * thread-safe.
 */
#ifndef GAOQI_CORE_MONEY_H
#define GAOQI_CORE_MONEY_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/strbuf.h"

enum money_unit {
	MONEY_YUAN = 0, /* the text is 元: at most 2 decimals */
	MONEY_WAN = 1,	/* the text is 万元 (×10,000): at most 6 decimals */
};

/* Largest magnitude accepted, in fen: 10^15 元 is far beyond any firm. */
#define MONEY_MAX_FEN ((int64_t)100000000000000000LL)

/*
 * Parse the decimal text (S, N) scaled by 10^SCALE into *OUT exactly:
 * "12.5" with scale 2 gives 1250. Leading/trailing ASCII spaces are ignored,
 * a leading '+' or '-' is allowed, ',' may group integer digits. Fails with
 * ERR_INVALID (and a Chinese message) on an empty text, a stray character, more
 * than SCALE decimals, or a magnitude above MAX. FIELD names the input in E.
 */
int fixed_parse(const char *s, size_t n, int scale, int64_t max, int64_t *out, const char *field,
		struct err *e);

/* Parse money text in UNIT into fen. */
int money_parse(const char *s, size_t n, enum money_unit unit, int64_t *fen, const char *field,
		struct err *e);

/* Parse a head count (≤ 2 decimals, not negative) into hundredths. */
int count_parse(const char *s, size_t n, int64_t *hundredths, const char *field, struct err *e);

/* Flags for money_format. */
#define MONEY_GROUP 1 /* thousands separators: 1,234,567.89 */

/* Append FEN as 元 with exactly two decimals ("1234.50", "-0.05"). */
int money_format(struct strbuf *sb, int64_t fen, int flags);

/* Append FEN as 万元 with two decimals, rounded half away from zero ("123.46"). */
int money_format_wan(struct strbuf *sb, int64_t fen, int flags);

/* Append a count of hundredths without trailing zeros ("80", "80.5", "0.25"). */
int count_format(struct strbuf *sb, int64_t hundredths);

/*
 * Append NUM/DEN as a percentage with two decimals, rounded half up for
 * display only ("5.27%"). DEN must be > 0 (otherwise "—" is written).
 * Inputs may be any int64; the arithmetic is 128-bit.
 */
int percent_format(struct strbuf *sb, int64_t num, int64_t den);

/* Fill BUF (≥ 32 bytes) with money_format's text; returns BUF. */
char *money_str(char *buf, size_t size, int64_t fen);

#endif
