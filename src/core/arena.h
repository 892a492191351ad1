/*
 * arena — a region allocator: many small allocations, one free.
 *
 * Used for request-scoped memory (style rule 6). Allocation aborts on memory
 * exhaustion; a single request larger than the chunk size gets its own block.
 * Not thread-safe: one arena per request / per thread.
 */
#ifndef GAOQI_CORE_ARENA_H
#define GAOQI_CORE_ARENA_H

#include <stddef.h>

struct arena;

/* A new empty arena. Never NULL. */
struct arena *arena_new(void);
/* Free the arena and everything allocated from it. NULL-safe. */
void arena_free(struct arena *a);
/* Release every allocation but keep the first block for reuse. */
void arena_reset(struct arena *a);
/* N bytes aligned for any type, zero-filled. */
void *arena_alloc(struct arena *a, size_t n);
/* Copy of (s, n) with a terminating NUL. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* Copy of the NUL-terminated S (NULL gives NULL). */
char *arena_strdup(struct arena *a, const char *s);
/* printf into arena memory. */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Bytes handed out so far (for tests and limits). */
size_t arena_used(const struct arena *a);

#endif
