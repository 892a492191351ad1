/*
 * strbuf — a growable, NUL-terminated byte buffer with a hard cap.
 *
 * `strbuf_init(&sb, max)` sets the cap (0 = STRBUF_DEFAULT_MAX). Appends that
 * would grow the content past the cap fail with ERR_TOO_BIG and leave the
 * buffer unchanged; memory exhaustion aborts (xalloc). `buf` is always
 * NUL-terminated once anything was appended; `strbuf_cstr` is safe on an empty
 * buffer. Not thread-safe: one owner at a time.
 */
#ifndef GAOQI_CORE_STRBUF_H
#define GAOQI_CORE_STRBUF_H

#include <stddef.h>

#define STRBUF_DEFAULT_MAX ((size_t)1 << 30)

struct strbuf {
	char *buf;
	size_t len;
	size_t cap;
	size_t max;
};

/* Initialise an empty buffer with the given cap (0 = default). Allocates nothing. */
void strbuf_init(struct strbuf *sb, size_t max);
/* Free the memory and return to the empty state (the cap is kept). NULL-safe. */
void strbuf_cleanup(struct strbuf *sb);
/* Empty the content, keeping the allocation. */
void strbuf_reset(struct strbuf *sb);
/* Append (p, n). 0 or ERR_TOO_BIG. */
int strbuf_add(struct strbuf *sb, const void *p, size_t n);
/* Append a NUL-terminated string. 0 or ERR_TOO_BIG. */
int strbuf_adds(struct strbuf *sb, const char *s);
/* Append one byte. 0 or ERR_TOO_BIG. */
int strbuf_addc(struct strbuf *sb, char c);
/* Append printf-formatted text. 0 or ERR_TOO_BIG. */
int strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append S as the body of a JSON string (escaped, without the quotes). */
int strbuf_add_json_escaped(struct strbuf *sb, const char *s, size_t n);
/* The content as a C string ("" when empty). Borrowed. */
const char *strbuf_cstr(const struct strbuf *sb);
/* Hand the buffer to the caller (free() it) and leave SB empty. Never NULL. */
char *strbuf_take(struct strbuf *sb, size_t *len);

#endif
