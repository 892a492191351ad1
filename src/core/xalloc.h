/*
 * xalloc — allocation of fixed small sizes that aborts on failure (style rule 7).
 * Sizes that come from input must be checked against a limit before they get here.
 */
#ifndef GAOQI_CORE_XALLOC_H
#define GAOQI_CORE_XALLOC_H

#include <stddef.h>

/* malloc that never returns NULL; aborts the process when memory is exhausted. */
void *xmalloc(size_t n);
/* calloc that never returns NULL; aborts on overflow of n*size or exhaustion. */
void *xcalloc(size_t n, size_t size);
/* realloc that never returns NULL. */
void *xrealloc(void *p, size_t n);
/* Copy of the NUL-terminated string s (NULL gives NULL). */
char *xstrdup(const char *s);
/* Copy of (s, n) with a terminating NUL added. */
char *xstrndup(const char *s, size_t n);

#endif
