/*
 * cache — a small in-process micro-cache of GET answers, so that the same
 * list or assessment asked for many times a second is computed once.
 *
 * Freshness: every state-changing request handled by this process (the
 * login aside, see http/app.h) bumps a generation counter, and an entry is
 * only served while the generation it was computed under is still current —
 * so a client never reads back older data than its own (or anyone's) write
 * through this server. Writes made elsewhere (the command line, another
 * server on the same PostgreSQL) are seen after at most TTL_MS. An entry is
 * keyed by the caller's identity and the full URL, so scope is preserved (a
 * change of a user's role or areas is a write, which bumps the generation).
 *
 * Memory is bounded: SLOTS entries of at most MAX_ENTRY bytes each (larger
 * answers are not cached). Thread-safe: one mutex per slot.
 */
#ifndef GAOQI_HTTP_CACHE_H
#define GAOQI_HTTP_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "core/strbuf.h"

struct cache;

/* A cache of SLOTS entries (≥ 1) of ≤ MAX_ENTRY bytes, entries living TTL_MS (> 0). */
struct cache *cache_new(size_t slots, size_t max_entry, unsigned ttl_ms);
/* Free C and every entry. NULL-safe. */
void cache_free(struct cache *c);

/* The current generation (read it before computing an answer to store). */
uint64_t cache_generation(const struct cache *c);
/* Invalidate everything cached so far (after a state-changing request). */
void cache_bump(struct cache *c);

/*
 * Look up (KEY, KEYLEN): on a fresh hit append the body to OUT, set *STATUS
 * and return 1; otherwise return 0 and leave OUT alone.
 */
int cache_get(struct cache *c, const char *key, size_t keylen, struct strbuf *out, int *status);

/*
 * Store BODY (LEN bytes) with STATUS under KEY as computed in generation GEN
 * (from cache_generation before the computation). Ignored when GEN is no
 * longer current or LEN is over the entry cap.
 */
void cache_put(struct cache *c, const char *key, size_t keylen, uint64_t gen, const char *body,
	       size_t len, int status);

#endif
