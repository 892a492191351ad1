/*
 * ratio — exact comparisons and display of ratios of large integers.
 *
 * Thresholds are given in basis points (1 bp = 0.01%, so 5% = 500) and every
 * comparison is a cross multiplication in 128-bit integers: no division, no
 * floating point (rules.md §0). Pure and thread-safe.
 */
#ifndef GAOQI_RULES_RATIO_H
#define GAOQI_RULES_RATIO_H

#include <stdint.h>

#include "core/strbuf.h"

/* 1 when NUM/DEN ≥ BP/10000. DEN must be > 0 (0 returns 0). */
int ratio_ge_bp(__int128 num, __int128 den, int64_t bp);
/* 1 when NUM/DEN > BP/10000. DEN must be > 0 (0 returns 0). */
int ratio_gt_bp(__int128 num, __int128 den, int64_t bp);
/*
 * Append NUM/DEN as a percentage with two decimals ("5.27%"), rounded half
 * away from zero for display only, through core percent_format. DEN ≤ 0
 * writes "—". 0 or ERR_TOO_BIG.
 */
int ratio_format(struct strbuf *sb, __int128 num, __int128 den);
/* ⌈A/B⌉ for B > 0 (A may be negative); clamped to the int64 range. */
int64_t ratio_ceil_div(__int128 a, __int128 b);
/* A/B rounded half away from zero, B > 0; clamped to the int64 range. */
int64_t ratio_round_div(__int128 a, __int128 b);

#endif
