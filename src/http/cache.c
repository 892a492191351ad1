/* cache — per-slot-locked micro-cache of GET answers with a write generation. */
#include "http/cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/xalloc.h"

struct slot {
	pthread_mutex_t lock;
	char *key;
	size_t keylen;
	char *body;
	size_t len;
	int status;
	uint64_t gen;
	int64_t stored_ms;
};

struct cache {
	struct slot *slots;
	size_t nslots;
	size_t max_entry;
	int64_t ttl_ms;
	_Atomic uint64_t gen;
};

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static uint64_t hash(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

struct cache *cache_new(size_t slots, size_t max_entry, unsigned ttl_ms)
{
	struct cache *c = xcalloc(1, sizeof *c);
	c->nslots = slots ? slots : 1;
	c->slots = xcalloc(c->nslots, sizeof *c->slots);
	for (size_t i = 0; i < c->nslots; i++)
		pthread_mutex_init(&c->slots[i].lock, NULL);
	c->max_entry = max_entry;
	c->ttl_ms = ttl_ms;
	atomic_init(&c->gen, 1);
	return c;
}

void cache_free(struct cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nslots; i++) {
		pthread_mutex_destroy(&c->slots[i].lock);
		free(c->slots[i].key);
		free(c->slots[i].body);
	}
	free(c->slots);
	free(c);
}

uint64_t cache_generation(const struct cache *c)
{
	return atomic_load(&c->gen);
}

void cache_bump(struct cache *c)
{
	atomic_fetch_add(&c->gen, 1);
}

int cache_get(struct cache *c, const char *key, size_t keylen, struct strbuf *out, int *status)
{
	struct slot *s = &c->slots[hash(key, keylen) % c->nslots];
	int hit = 0;
	pthread_mutex_lock(&s->lock);
	if (s->key && s->keylen == keylen && !memcmp(s->key, key, keylen) &&
	    s->gen == atomic_load(&c->gen) && now_ms() - s->stored_ms < c->ttl_ms &&
	    !strbuf_add(out, s->body, s->len)) {
		*status = s->status;
		hit = 1;
	}
	pthread_mutex_unlock(&s->lock);
	return hit;
}

void cache_put(struct cache *c, const char *key, size_t keylen, uint64_t gen, const char *body,
	       size_t len, int status)
{
	if (len > c->max_entry || gen != atomic_load(&c->gen))
		return;
	/* Copy outside the lock; swap inside it. */
	char *k = xstrndup(key, keylen);
	char *b = xmalloc(len ? len : 1);
	memcpy(b, body, len);
	struct slot *s = &c->slots[hash(key, keylen) % c->nslots];
	pthread_mutex_lock(&s->lock);
	char *old_k = s->key, *old_b = s->body;
	s->key = k;
	s->keylen = keylen;
	s->body = b;
	s->len = len;
	s->status = status;
	s->gen = gen;
	s->stored_ms = now_ms();
	pthread_mutex_unlock(&s->lock);
	free(old_k);
	free(old_b);
}
