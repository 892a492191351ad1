/* guard — per-user and total slot counting under one mutex. */
#include "http/guard.h"

#include <pthread.h>
#include <stdlib.h>

#include "core/xalloc.h"

/*
 * At most TOTAL users hold slots at once, so TOTAL holder entries suffice;
 * an entry with n == 0 is free.
 */
struct holder {
	int64_t user;
	unsigned n;
};

struct guard {
	pthread_mutex_t mu;
	unsigned total, per_user, used;
	struct holder *holders;
};

struct guard *guard_new(unsigned total, unsigned per_user)
{
	struct guard *g = xcalloc(1, sizeof *g);
	pthread_mutex_init(&g->mu, NULL);
	g->total = total ? total : 1;
	g->per_user = per_user ? per_user : 1;
	g->holders = xcalloc(g->total, sizeof *g->holders);
	return g;
}

void guard_free(struct guard *g)
{
	if (!g)
		return;
	pthread_mutex_destroy(&g->mu);
	free(g->holders);
	free(g);
}

int guard_enter(struct guard *g, int64_t user)
{
	int ok = 0;
	pthread_mutex_lock(&g->mu);
	if (g->used < g->total) {
		struct holder *mine = NULL, *free_slot = NULL;
		for (unsigned i = 0; i < g->total; i++) {
			struct holder *h = &g->holders[i];
			if (h->n && h->user == user)
				mine = h;
			else if (!h->n && !free_slot)
				free_slot = h;
		}
		if (!mine && free_slot) {
			mine = free_slot;
			mine->user = user;
		}
		if (mine && mine->n < g->per_user) {
			mine->n++;
			g->used++;
			ok = 1;
		}
	}
	pthread_mutex_unlock(&g->mu);
	return ok;
}

void guard_leave(struct guard *g, int64_t user)
{
	pthread_mutex_lock(&g->mu);
	for (unsigned i = 0; i < g->total; i++) {
		struct holder *h = &g->holders[i];
		if (h->n && h->user == user) {
			h->n--;
			g->used--;
			break;
		}
	}
	pthread_mutex_unlock(&g->mu);
}

unsigned guard_used(struct guard *g)
{
	pthread_mutex_lock(&g->mu);
	unsigned n = g->used;
	pthread_mutex_unlock(&g->mu);
	return n;
}
