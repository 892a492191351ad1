/* strbuf — growable capped buffer. */
#include "core/strbuf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/xalloc.h"

void strbuf_init(struct strbuf *sb, size_t max)
{
	sb->buf = NULL;
	sb->len = 0;
	sb->cap = 0;
	sb->max = max ? max : STRBUF_DEFAULT_MAX;
}

void strbuf_cleanup(struct strbuf *sb)
{
	if (!sb)
		return;
	free(sb->buf);
	sb->buf = NULL;
	sb->len = 0;
	sb->cap = 0;
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

static int grow(struct strbuf *sb, size_t extra)
{
	if (extra > sb->max || sb->len > sb->max - extra)
		return ERR_TOO_BIG;
	size_t need = sb->len + extra + 1;
	if (need <= sb->cap)
		return 0;
	size_t ncap = sb->cap ? sb->cap : 64;
	while (ncap < need)
		ncap *= 2;
	sb->buf = xrealloc(sb->buf, ncap);
	sb->cap = ncap;
	return 0;
}

int strbuf_add(struct strbuf *sb, const void *p, size_t n)
{
	int rc = grow(sb, n);
	if (rc)
		return rc;
	if (n)
		memcpy(sb->buf + sb->len, p, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
	return 0;
}

int strbuf_adds(struct strbuf *sb, const char *s)
{
	return strbuf_add(sb, s, strlen(s));
}

int strbuf_addc(struct strbuf *sb, char c)
{
	return strbuf_add(sb, &c, 1);
}

int strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char small[256];
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return ERR_INTERNAL;
	if ((size_t)n < sizeof small)
		return strbuf_add(sb, small, (size_t)n);
	int rc = grow(sb, (size_t)n);
	if (rc)
		return rc;
	va_start(ap, fmt);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
	return 0;
}

/*
 * 1 when one of the eight bytes of V is below 0x20, a '"' or a '\\' (may say 1
 * when none is — the caller then looks byte by byte — never 0 when one is).
 */
static int word_needs_escape(uint64_t v)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	uint64_t q = v ^ (ones * '"'), b = v ^ (ones * '\\');
	uint64_t below = (v - ones * 0x20) & ~v;
	uint64_t quote = (q - ones) & ~q;
	uint64_t bslash = (b - ones) & ~b;
	return ((below | quote | bslash) & highs) != 0;
}

int strbuf_add_json_escaped(struct strbuf *sb, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t start = 0, i = 0;
	for (;;) {
		/* Eight plain bytes at a time: most text has nothing to escape. */
		while (i + 8 <= n) {
			uint64_t v;
			memcpy(&v, s + i, 8);
			if (word_needs_escape(v))
				break;
			i += 8;
		}
		if (i >= n)
			break;
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\') {
			i++;
			continue;
		}
		int rc = strbuf_add(sb, s + start, i - start);
		if (rc)
			return rc;
		char esc[7] = {'\\', 0, 0, 0, 0, 0, 0};
		size_t elen = 2;
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			esc[1] = 'u';
			esc[2] = '0';
			esc[3] = '0';
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			elen = 6;
		}
		rc = strbuf_add(sb, esc, elen);
		if (rc)
			return rc;
		start = ++i;
	}
	return strbuf_add(sb, s + start, n - start);
}

const char *strbuf_cstr(const struct strbuf *sb)
{
	return sb->buf ? sb->buf : "";
}

char *strbuf_take(struct strbuf *sb, size_t *len)
{
	char *p = sb->buf ? sb->buf : xstrdup("");
	if (len)
		*len = sb->len;
	sb->buf = NULL;
	sb->len = 0;
	sb->cap = 0;
	return p;
}
