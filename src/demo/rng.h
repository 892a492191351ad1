/*
 * rng — the demo's random numbers: a xoshiro256** generator seeded through
 * splitmix64, so that the same seed gives the same city on every machine
 * (no rand(), no global state). Uniform ranges without modulo bias, chances
 * per mille, weighted and low-skewed draws, and picks from static tables.
 *
 * Header only (static inline): the generator is called a few hundred times
 * per firm, and inlining it keeps that cheap. A struct rng belongs to one
 * thread.
 */
#ifndef GAOQI_DEMO_RNG_H
#define GAOQI_DEMO_RNG_H

#include <stddef.h>
#include <stdint.h>

/* The generator's state; rng_seed fills it. */
struct rng {
	uint64_t s[4];
};

static inline uint64_t rng_splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* Seed R from SEED (any value). */
static inline void rng_seed(struct rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = rng_splitmix64(&seed);
}

static inline uint64_t rng_rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* The next 64 random bits. */
static inline uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rng_rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rng_rotl(s[3], 45);
	return result;
}

/* Uniform integer in [LO, HI] (inclusive), without modulo bias. */
static inline int64_t rng_range(struct rng *r, int64_t lo, int64_t hi)
{
	if (hi <= lo)
		return lo;
	uint64_t span = (uint64_t)(hi - lo) + 1;
	uint64_t limit = UINT64_MAX - UINT64_MAX % span;
	uint64_t x;
	do
		x = rng_next(r);
	while (x >= limit);
	return lo + (int64_t)(x % span);
}

/* 1 with probability PERMILLE / 1000. */
static inline int rng_chance(struct rng *r, int permille)
{
	return rng_range(r, 0, 999) < permille;
}

/* An index of W[0..N) drawn with the weights W. */
static inline size_t rng_weighted(struct rng *r, const int *w, size_t n)
{
	int64_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += w[i];
	int64_t x = rng_range(r, 0, total - 1);
	for (size_t i = 0; i < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

/* Skewed towards LO: the smaller of two uniform draws. */
static inline int64_t rng_low(struct rng *r, int64_t lo, int64_t hi)
{
	int64_t a = rng_range(r, lo, hi), b = rng_range(r, lo, hi);
	return a < b ? a : b;
}

/* An element of the static array ARR, drawn uniformly. */
#define RNG_PICK(r, arr) ((arr)[rng_range((r), 0, (int64_t)(sizeof(arr) / sizeof((arr)[0])) - 1)])

/* Number of non-NULL entries of a NULL-padded array of MAX. */
static inline size_t rng_count(const char *const *a, size_t max)
{
	size_t n = 0;
	while (n < max && a[n])
		n++;
	return n;
}

/* An entry of the NULL-padded static array ARR, drawn uniformly among the non-NULL ones. */
#define RNG_PICKN(r, arr)                                                                          \
	((arr)[rng_range((r), 0, (int64_t)rng_count((arr), sizeof(arr) / sizeof((arr)[0])) - 1)])

#endif
