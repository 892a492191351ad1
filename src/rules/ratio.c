/* ratio — exact 128-bit ratio comparisons and their display. */
#include "rules/ratio.h"

#include "core/money.h"

int ratio_ge_bp(__int128 num, __int128 den, int64_t bp)
{
	if (den <= 0)
		return 0;
	return num * 10000 >= (__int128)bp * den;
}

int ratio_gt_bp(__int128 num, __int128 den, int64_t bp)
{
	if (den <= 0)
		return 0;
	return num * 10000 > (__int128)bp * den;
}

static int64_t clamp64(__int128 v)
{
	if (v > INT64_MAX)
		return INT64_MAX;
	if (v < INT64_MIN)
		return INT64_MIN;
	return (int64_t)v;
}

int64_t ratio_ceil_div(__int128 a, __int128 b)
{
	__int128 q = a / b;
	if (a % b != 0 && a > 0)
		q++;
	return clamp64(q);
}

int64_t ratio_round_div(__int128 a, __int128 b)
{
	int neg = a < 0;
	__int128 m = neg ? -a : a;
	__int128 q = m / b, r = m % b;
	if (r * 2 >= b)
		q++;
	return clamp64(neg ? -q : q);
}

int ratio_format(struct strbuf *sb, __int128 num, __int128 den)
{
	if (den <= 0)
		return percent_format(sb, 0, 0);
	/* Reduce to basis points of 0.01% first; percent_format then prints them. */
	return percent_format(sb, ratio_round_div(num * 10000, den), 10000);
}
