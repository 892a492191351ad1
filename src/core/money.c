/* money — exact decimal parsing and formatting. */
#include "core/money.h"

#include <stdio.h>
#include <string.h>

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Why a number was refused: the callers word the message for their unit. */
enum fixed_fault {
	FIXED_OK,
	FIXED_EMPTY,	/* nothing but blanks */
	FIXED_DECIMALS, /* more decimals than the scale */
	FIXED_RANGE,	/* beyond MAX */
	FIXED_CHAR,	/* a character that is no part of a number (in *BAD) */
	FIXED_NO_DIGITS,
	FIXED_GROUPING, /* a comma that is no thousands separator ("1,5", "1234,567") */
};

/* The value of S[0..N) scaled by 10^SCALE into *OUT, or the fault that refused it. */
static enum fixed_fault fixed_scan(const char *s, size_t n, int scale, int64_t max, int64_t *out,
				   char *bad)
{
	const char *p = s, *end = s + n;
	while (p < end && is_space(*p))
		p++;
	while (end > p && is_space(end[-1]))
		end--;
	if (p == end)
		return FIXED_EMPTY;
	int neg = 0;
	if (*p == '+' || *p == '-') {
		neg = *p == '-';
		p++;
	}
	__int128 v = 0;
	int digits = 0, decimals = 0, seen_dot = 0;
	/* thousands separators: none, or before every group of exactly three
	 * integer digits, the first group 1–3 digits ("1,234,567.89") */
	int groups = 0, group_len = 0;
	for (; p < end; p++) {
		char c = *p;
		if (c >= '0' && c <= '9') {
			if (seen_dot && ++decimals > scale)
				return FIXED_DECIMALS;
			v = v * 10 + (c - '0');
			if (v > (__int128)max * 10)
				return FIXED_RANGE;
			digits++;
			if (!seen_dot)
				group_len++;
		} else if (c == ',' && !seen_dot) {
			if (group_len == 0 || group_len > 3 || (groups && group_len != 3))
				return FIXED_GROUPING;
			groups++;
			group_len = 0;
		} else if (c == '.' && !seen_dot) {
			if (groups && group_len != 3)
				return FIXED_GROUPING;
			seen_dot = 1;
			seen_dot = 1;
		} else {
			*bad = c > 0x20 && c < 0x7f ? c : '?';
			return c == ',' ? FIXED_GROUPING : FIXED_CHAR;
		}
	}
	if (!seen_dot && groups && group_len != 3)
		return FIXED_GROUPING;
	if (digits == 0)
		return FIXED_NO_DIGITS;
	for (int i = decimals; i < scale; i++)
		v *= 10;
	if (v > max)
		return FIXED_RANGE;
	*out = (int64_t)(neg ? -v : v);
	return FIXED_OK;
}

/* FAULT as an error on FIELD about the text (S, N); DECIMALS words the too-many-decimals case. */
static int fixed_error(enum fixed_fault fault, char bad, const char *decimals, const char *s,
		       size_t n, const char *field, struct err *e)
{
	switch (fault) {
	case FIXED_OK: break;
	case FIXED_EMPTY: return err_set(e, ERR_INVALID, field, "数值为空");
	case FIXED_DECIMALS: return err_set(e, ERR_INVALID, field, "%s", decimals);
	case FIXED_RANGE: return err_set(e, ERR_INVALID, field, "数值超出范围");
	case FIXED_CHAR:
		return err_set(e, ERR_INVALID, field, "不是有效的数值：含有非法字符“%c”", bad);
	case FIXED_NO_DIGITS: return err_set(e, ERR_INVALID, field, "不是有效的数值");
	case FIXED_GROUPING:
		/* quoted when short: a cut could split a UTF-8 sequence */
		return err_set(e, ERR_INVALID, field,
			       "千位分隔符位置不正确%s%.*s%s：逗号只能每三位一个（如 "
			       "1,234,567.89），小数点请用“.”",
			       n <= 40 ? "：“" : "", n <= 40 ? (int)n : 0, s, n <= 40 ? "”" : "");
	}
	return 0;
}

int fixed_parse(const char *s, size_t n, int scale, int64_t max, int64_t *out, const char *field,
		struct err *e)
{
	char bad = 0, decimals[64];
	enum fixed_fault f = fixed_scan(s, n, scale, max, out, &bad);
	if (f == FIXED_OK)
		return 0;
	snprintf(decimals, sizeof decimals, "小数位数过多：最多%d位小数", scale);
	return fixed_error(f, bad, decimals, s, n, field, e);
}

int money_parse(const char *s, size_t n, enum money_unit unit, int64_t *fen, const char *field,
		struct err *e)
{
	char bad = 0;
	/* 万元 × 10^6 = fen: six decimals of 万元 are whole fen */
	int yuan = unit == MONEY_YUAN;
	enum fixed_fault f = fixed_scan(s, n, yuan ? 2 : 6, MONEY_MAX_FEN, fen, &bad);
	return fixed_error(f, bad,
			   yuan ? "金额最多精确到分（2位小数，单位元）"
				: "金额最多精确到分（单位万元时最多6位小数）",
			   s, n, field, e);
}

int count_parse(const char *s, size_t n, int64_t *hundredths, const char *field, struct err *e)
{
	int rc = fixed_parse(s, n, 2, (int64_t)1000000000 * 100, hundredths, field, e);
	if (rc)
		return rc;
	if (*hundredths < 0)
		return err_set(e, ERR_INVALID, field, "人数不能为负数");
	return 0;
}

/* Digits of an unsigned magnitude, optionally grouped by thousands. */
static int add_grouped(struct strbuf *sb, unsigned long long v, int group)
{
	char digits[32];
	int n = snprintf(digits, sizeof digits, "%llu", v);
	if (!group)
		return strbuf_add(sb, digits, (size_t)n);
	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0 && strbuf_addc(sb, ','))
			return ERR_TOO_BIG;
		if (strbuf_addc(sb, digits[i]))
			return ERR_TOO_BIG;
	}
	return 0;
}

/* Append sign, grouped integer part and two decimals of V/100 (V ≥ 0 given with NEG). */
static int add_two_decimals(struct strbuf *sb, int neg, unsigned long long v, int flags)
{
	if (neg && v != 0 && strbuf_addc(sb, '-'))
		return ERR_TOO_BIG;
	int rc = add_grouped(sb, v / 100, flags & MONEY_GROUP);
	if (rc)
		return rc;
	return strbuf_addf(sb, ".%02llu", v % 100);
}

static unsigned long long magnitude(int64_t v)
{
	return v < 0 ? (unsigned long long)(-(v + 1)) + 1 : (unsigned long long)v;
}

int money_format(struct strbuf *sb, int64_t fen, int flags)
{
	return add_two_decimals(sb, fen < 0, magnitude(fen), flags);
}

int money_format_wan(struct strbuf *sb, int64_t fen, int flags)
{
	/* 万元 with 2 decimals = units of 100 元 = 10,000 fen. */
	unsigned long long m = magnitude(fen);
	unsigned long long q = m / 10000, r = m % 10000;
	if (r * 2 >= 10000)
		q++;
	return add_two_decimals(sb, fen < 0, q, flags);
}

int count_format(struct strbuf *sb, int64_t hundredths)
{
	unsigned long long m = magnitude(hundredths);
	if (hundredths < 0 && strbuf_addc(sb, '-'))
		return ERR_TOO_BIG;
	unsigned long long ip = m / 100, fp = m % 100;
	if (fp == 0)
		return strbuf_addf(sb, "%llu", ip);
	if (fp % 10 == 0)
		return strbuf_addf(sb, "%llu.%llu", ip, fp / 10);
	return strbuf_addf(sb, "%llu.%02llu", ip, fp);
}

int percent_format(struct strbuf *sb, int64_t num, int64_t den)
{
	if (den <= 0)
		return strbuf_adds(sb, "—");
	/* basis points of 0.01%: round(num * 10000 / den), half away from zero */
	__int128 n = (__int128)num * 10000;
	int neg = n < 0;
	if (neg)
		n = -n;
	__int128 q = n / den, r = n % den;
	if (r * 2 >= den)
		q++;
	if (neg && q != 0 && strbuf_addc(sb, '-'))
		return ERR_TOO_BIG;
	unsigned long long uq = (unsigned long long)q;
	return strbuf_addf(sb, "%llu.%02llu%%", uq / 100, uq % 100);
}

char *money_str(char *buf, size_t size, int64_t fen)
{
	struct strbuf sb;
	strbuf_init(&sb, 0);
	money_format(&sb, fen, 0);
	snprintf(buf, size, "%s", strbuf_cstr(&sb));
	strbuf_cleanup(&sb);
	return buf;
}
