/*
 * io/xlsx/scan — the fast path (scan.h): a streaming XML scanner for the
 * big parts of a workbook, worksheets and shared strings, which are most of
 * its bytes; and the choice, part by part, between it and expat.
 */
#include "io/xlsx/scan.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/xalloc.h"
#include "io/xlsx/expat.h"
#include "io/xlsx/zip.h"

/*
 * A non-validating XML 1.0 scanner for UTF-8 documents that calls the same
 * expat-style handlers. It checks well-formedness as expat does for what
 * spreadsheet parts contain: nesting and matching of tags, one root element,
 * attribute syntax (either quote, spaces around '=', no duplicates),
 * comments, processing instructions, CDATA, the five predefined entities and
 * character references, UTF-8 and the characters XML allows. Line ends are
 * normalised (CR LF and CR → LF) and whitespace in attribute values becomes
 * spaces, as expat does. A DOCTYPE is refused. The input sits in one buffer
 * that slides over the part; it only grows for a single markup token longer
 * than the buffer (bounded by max_part), so memory does not grow with rows.
 */

enum { SX_MORE = 1 }; /* internal: the token goes on past the buffered bytes */

enum {
	CC_NAME = 1,  /* ASCII name character */
	CC_START = 2, /* ASCII name start character */
	CC_TEXT = 4,  /* needs a look in character data */
	CC_ATTR = 8,  /* needs a look in an attribute value */
	CC_S = 16,    /* XML whitespace */
};

/* The class bits (CC_*) of each byte. */
static const unsigned char cclass[256] = {
	12, 12, 12, 12, 12, 12, 12, 12, 12, 24, 24, 12, 12, 28, 12, 12, 12, 12, 12, 12, 12, 12,
	12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 16, 0,	8,  0,	0,  0,	12, 8,	0,  0,	0,  0,
	0,  1,	1,  0,	1,  1,	1,  1,	1,  1,	1,  1,	1,  1,	3,  0,	12, 0,	0,  0,	0,  3,
	3,  3,	3,  3,	3,  3,	3,  3,	3,  3,	3,  3,	3,  3,	3,  3,	3,  3,	3,  3,	3,  3,
	3,  3,	3,  0,	0,  4,	0,  3,	0,  3,	3,  3,	3,  3,	3,  3,	3,  3,	3,  3,	3,  3,
	3,  3,	3,  3,	3,  3,	3,  3,	3,  3,	3,  3,	3,  0,	0,  0,	0,  0,	12, 12, 12, 12,
	12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
	12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
	12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
	12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
	12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
	12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
};

/*
 * The length of the UTF-8 sequence at P (N bytes available) that encodes a
 * character XML allows: 2–4, 0 when invalid, -1 when it is cut off by N.
 */
static int utf8_len(const unsigned char *p, size_t n)
{
	unsigned c = p[0], lo = 0x80, hi = 0xbf;
	int k;
	if (c < 0xc2)
		return 0;
	if (c < 0xe0) {
		k = 2;
	} else if (c < 0xf0) {
		k = 3;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f; /* no surrogates */
	} else if (c < 0xf5) {
		k = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else {
		return 0;
	}
	for (int j = 1; j < k; j++) {
		if ((size_t)j >= n)
			return -1;
		unsigned d = p[j];
		if (d < (j == 1 ? lo : 0x80) || d > (j == 1 ? hi : 0xbf))
			return 0;
	}
	if (k == 3 && c == 0xef && p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf))
		return 0; /* U+FFFE, U+FFFF */
	return k;
}

static size_t utf8_put(unsigned cp, char *o)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

struct sx {
	struct xlsx_part *pr;
	const char *name; /* of the part, for the messages */
	struct xlsx_xp *xp;
	XML_CharacterDataHandler text;
	struct err *e;
	char *buf;
	size_t cap, pos, end_, max_buf;
	size_t minfree; /* the buffer grows when a token leaves less room to read */
	int eof;
	uint64_t base;	     /* offset in the part of buf[0] */
	uint64_t lines;	     /* newlines before buf[0] */
	uint64_t line_start; /* offset in the part where the line of buf[0] starts */
	/* open elements: their names, NUL-terminated, one after the other */
	char *stk;
	size_t stk_len, stk_cap;
	size_t *stk_off;
	size_t depth, depth_cap;
	int seen_root, root_done;
	/* the start tag being read: its attributes, decoded values in tag */
	char *tag;
	size_t tag_len, tag_cap;
	struct xlsx_attr *xa;
	unsigned char *xa_intag; /* 1: the value is at tag + xa_off[i] */
	size_t *xa_off;
	size_t natt, xa_cap;
	/* character data of the current text node, when it is not one plain run */
	char *txt;
	size_t txt_len, txt_cap;
};

static void sx_grow(char **p, size_t *cap, size_t need)
{
	if (need <= *cap)
		return;
	size_t c = *cap ? *cap : 256;
	while (c < need)
		c *= 2;
	*p = xrealloc(*p, c);
	*cap = c;
}

static inline void tag_add(struct sx *s, const void *p, size_t n)
{
	sx_grow(&s->tag, &s->tag_cap, s->tag_len + n + 1);
	memcpy(s->tag + s->tag_len, p, n);
	s->tag_len += n;
}

/* ERR_INVALID naming the part, line and column (0-based, in bytes) of buf[AT]. */
static int sx_fail_at(struct sx *s, size_t at, const char *why)
{
	uint64_t line = s->lines, start = s->line_start;
	const char *p = s->buf, *q;
	while ((q = memchr(p, '\n', (size_t)(s->buf + at - p))) != NULL) {
		line++;
		p = q + 1;
		start = s->base + (uint64_t)(p - s->buf);
	}
	return err_set(s->e, ERR_INVALID, s->name, "%s 不是有效的 XML（第%lu行第%lu列：%s）",
		       s->name, (unsigned long)(line + 1), (unsigned long)(s->base + at - start),
		       why);
}

/* Keep buf[pos..end) and append more input; sets eof at the end of the part. */
static int sx_fill(struct sx *s)
{
	if (s->eof)
		return 0;
	if (s->pos > 0) {
		const char *p = s->buf, *q, *lim = s->buf + s->pos;
		while ((q = memchr(p, '\n', (size_t)(lim - p))) != NULL) {
			s->lines++;
			p = q + 1;
			s->line_start = s->base + (uint64_t)(p - s->buf);
		}
		memmove(s->buf, s->buf + s->pos, s->end_ - s->pos);
		s->end_ -= s->pos;
		s->base += s->pos;
		s->pos = 0;
	}
	if (s->cap - s->end_ < s->minfree) {
		if (s->cap >= s->max_buf)
			return err_set(s->e, ERR_TOO_BIG, s->name, "%s 中的单个标记过长", s->name);
		s->cap = s->cap > s->max_buf / 2 ? s->max_buf : s->cap * 2;
		s->buf = xrealloc(s->buf, s->cap + 1);
	}
	long n = xlsx_zip_part_read(s->pr, s->buf + s->end_, s->cap - s->end_, s->e);
	if (n < 0)
		return (int)n;
	if (n == 0)
		s->eof = 1;
	s->end_ += (size_t)n;
	return 0;
}

static void sx_emit(struct sx *s, const char *p, size_t n)
{
	if (n && s->text && !s->xp->rc)
		s->text(s->xp, p, (int)n);
}

/* Collect decoded character data to hand over in one piece. */
static void txt_flush(struct sx *s);

/*
 * Character data is handed over in pieces of at most about TXT_PIECE bytes
 * (as expat does; the handlers join pieces and apply the cell cap), so that
 * a text node of hundreds of megabytes in a crafted file costs no memory.
 */
#define TXT_PIECE (64u << 10)

static inline void txt_add(struct sx *s, const char *p, size_t n)
{
	if (n == 0)
		return;
	if (s->txt_len && s->txt_len + n > TXT_PIECE)
		txt_flush(s);
	if (s->txt_len + n > s->txt_cap)
		sx_grow(&s->txt, &s->txt_cap, s->txt_len + n);
	memcpy(s->txt + s->txt_len, p, n);
	s->txt_len += n;
}

/* As txt_add for the at most 4 bytes of one decoded character. */
static inline void txt_add_char(struct sx *s, const char *p, size_t n)
{
	if (s->txt_len && s->txt_len + n > TXT_PIECE)
		txt_flush(s);
	if (s->txt_len + n > s->txt_cap)
		sx_grow(&s->txt, &s->txt_cap, s->txt_len + n);
	for (size_t k = 0; k < n && k < 4; k++)
		s->txt[s->txt_len + k] = p[k];
	s->txt_len += n;
}

static void txt_flush(struct sx *s)
{
	sx_emit(s, s->txt, s->txt_len);
	s->txt_len = 0;
}

/*
 * Decode the reference at P ('&', N bytes available) into OUT (4 bytes):
 * the bytes written in *ON and consumed in *USED. 0, SX_MORE, or -1 when the
 * reference is malformed, unknown or names a character XML forbids.
 */
static int sx_ref(const unsigned char *p, size_t n, int eof, char *out, size_t *on, size_t *used)
{
	size_t i = 1;
	if (n > 2 && p[1] == '#') {
		int hex = p[2] == 'x';
		unsigned long cp = 0;
		i = hex ? 3 : 2;
		size_t d0 = i;
		for (; i < n; i++) {
			int d = hex ? xlsx_hexval((char)p[i])
				    : (p[i] >= '0' && p[i] <= '9' ? p[i] - '0' : -1);
			if (d < 0)
				break;
			cp = cp * (hex ? 16 : 10) + (unsigned long)d;
			if (cp > 0x10ffff)
				return -1;
		}
		if (i == n)
			return eof ? -1 : SX_MORE;
		if (p[i] != ';' || i == d0)
			return -1;
		if (!(cp == 0x9 || cp == 0xa || cp == 0xd || (cp >= 0x20 && cp <= 0xd7ff) ||
		      (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff)))
			return -1;
		*used = i + 1;
		*on = utf8_put((unsigned)cp, out);
		return 0;
	}
	if (n <= 2 && !eof)
		return SX_MORE;
	while (i < n && p[i] != ';' && (cclass[p[i]] & CC_NAME))
		i++;
	if (i == n)
		return eof ? -1 : SX_MORE;
	if (p[i] != ';' || i == 1)
		return -1;
	const unsigned char *nm = p + 1;
	size_t len = i - 1;
	*used = i + 1;
	static const struct {
		const char *name;
		char c;
	} ents[] = {{"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"quot", '"'}, {"apos", '\''}};
	for (size_t k = 0; k < sizeof ents / sizeof ents[0]; k++)
		if (strlen(ents[k].name) == len && !memcmp(nm, ents[k].name, len)) {
			out[0] = ents[k].c;
			*on = 1;
			return 0;
		}
	return -1;
}

/*
 * Check that (P, N) holds only characters XML allows; when EMIT, hand it to
 * the text handler with line ends normalised (CDATA). 0 or -1.
 */
static int sx_literal(struct sx *s, const unsigned char *p, size_t n, int emit)
{
	size_t i = 0, run = 0;
	while (i < n) {
		unsigned c = p[i];
		if (c >= 0x20 && c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0x80) {
			int k = utf8_len(p + i, n - i);
			if (k <= 0)
				return -1;
			i += (size_t)k;
			continue;
		}
		if (c == '\n' || c == '\t') {
			i++;
			continue;
		}
		if (c != '\r')
			return -1;
		if (emit) {
			sx_emit(s, (const char *)p + run, i - run);
			sx_emit(s, "\n", 1);
		}
		i += i + 1 < n && p[i + 1] == '\n' ? 2 : 1;
		run = i;
	}
	if (emit)
		sx_emit(s, (const char *)p + run, n - run);
	return 0;
}

/* Character data at pos, up to the next '<' or the end of the buffer. */
static int sx_chars(struct sx *s)
{
	const unsigned char *b = (const unsigned char *)s->buf;
	size_t i = s->pos, end = s->end_;
	for (;;) {
		size_t run = i;
		if (s->depth == 0) {
			while (i < end && (cclass[b[i]] & CC_S))
				i++;
			s->pos = i;
			if (i == end || b[i] == '<')
				return 0;
			return sx_fail_at(s, i, "根元素之外不能有文本");
		}
		while (i < end) {
			unsigned c = b[i];
			if (!(cclass[c] & CC_TEXT)) {
				i++;
				continue;
			}
			if (c >= 0x80) {
				int k = utf8_len(b + i, end - i);
				if (k > 0) {
					i += (size_t)k;
					continue;
				}
			} else if (c == ']' && i + 2 < end &&
				   !(b[i + 1] == ']' && b[i + 2] == '>')) {
				i++;
				continue;
			}
			break;
		}
		s->pos = i;
		if (i < end && b[i] == '<' && s->txt_len == 0) {
			sx_emit(s, s->buf + run, i - run);
			return 0;
		}
		txt_add(s, s->buf + run, i - run);
		if (i == end)
			return 0;
		unsigned c = b[i];
		if (c == '<') {
			txt_flush(s);
			return 0;
		}
		if (c == '&') {
			char out[4];
			size_t on = 0, used = 0;
			int r = sx_ref(b + i, end - i, s->eof, out, &on, &used);
			if (r == SX_MORE)
				return r;
			if (r)
				return sx_fail_at(s, i, "实体或字符引用无效");
			txt_add_char(s, out, on);
			i += used;
		} else if (c == '\r') {
			if (i + 1 == end && !s->eof)
				return SX_MORE;
			txt_add_char(s, "\n", 1);
			i += i + 1 < end && b[i + 1] == '\n' ? 2 : 1;
		} else if (c == ']') {
			if (i + 2 >= end && !s->eof)
				return SX_MORE;
			if (i + 2 < end)
				return sx_fail_at(s, i, "文本中不能出现 ]]>");
			txt_add_char(s, "]", 1);
			i++;
		} else if (c >= 0x80) {
			int k = utf8_len(b + i, end - i);
			if (k < 0 && !s->eof)
				return SX_MORE;
			return sx_fail_at(s, i, "无效的 UTF-8 字符");
		} else {
			return sx_fail_at(s, i, "含有 XML 不允许的控制字符");
		}
		s->pos = i;
	}
}

/*
 * Which characters beyond ASCII may start or continue an XML name is what
 * expat says: it is asked once per code point of the BMP (the answers are
 * cached per workbook) and each time for the rare others.
 */
struct xlsx_names {
	unsigned char known[2][8192], ok[2][8192]; /* [first][code point / 8] */
};

static int name_char_ok(struct xlsx *x, const unsigned char *u, int k, int first)
{
	unsigned cp = k == 2   ? (u[0] & 0x1fu) << 6 | (u[1] & 0x3fu)
		      : k == 3 ? (u[0] & 0x0fu) << 12 | (u[1] & 0x3fu) << 6 | (u[2] & 0x3fu)
			       : (u[0] & 0x07u) << 18 | (u[1] & 0x3fu) << 12 | (u[2] & 0x3fu) << 6 |
					 (u[3] & 0x3fu);
	if (cp > 0xffff)
		return xlsx_expat_name_ok(u, (size_t)k, first);
	if (!x->names)
		x->names = xcalloc(1, sizeof *x->names);
	unsigned byte = cp >> 3, bit = 1u << (cp & 7);
	if (!(x->names->known[first][byte] & bit)) {
		x->names->known[first][byte] |= (unsigned char)bit;
		if (xlsx_expat_name_ok(u, (size_t)k, first))
			x->names->ok[first][byte] |= (unsigned char)bit;
	}
	return (x->names->ok[first][byte] & bit) != 0;
}

/* Skip a name at I; returns the index after it, 0 when invalid, SIZE_MAX for more. */
static inline size_t sx_name(const struct sx *s, size_t i)
{
	const unsigned char *b = (const unsigned char *)s->buf;
	size_t end = s->end_, start = i;
	if (i < end && (cclass[b[i]] & CC_START)) {
		/* the common case: an ASCII name */
		i++;
		while (i < end && (cclass[b[i]] & CC_NAME))
			i++;
		if (i < end && b[i] < 0x80)
			return i;
	}
	while (i < end) {
		unsigned c = b[i];
		if (cclass[c] & (i == start ? CC_START : CC_NAME)) {
			i++;
			continue;
		}
		if (c >= 0x80) {
			int k = utf8_len(b + i, end - i);
			if (k < 0)
				return SIZE_MAX;
			if (k > 0 && name_char_ok(s->xp->x, b + i, k, i == start)) {
				i += (size_t)k;
				continue;
			}
		}
		break;
	}
	if (i == end)
		return SIZE_MAX;
	return i == start ? 0 : i;
}

static int sx_start_tag(struct sx *s)
{
	const unsigned char *b = (const unsigned char *)s->buf;
	size_t i = s->pos + 1, end = s->end_;
	int empty = 0;
	if (s->root_done)
		return sx_fail_at(s, s->pos, "根元素之后不能再有元素");
	if (s->depth >= XLSX_MAX_DEPTH)
		return sx_fail_at(s, s->pos, XLSX_TOO_DEEP);
	size_t ne = sx_name(s, i);
	if (ne == SIZE_MAX)
		return SX_MORE;
	if (!ne)
		return sx_fail_at(s, i, "元素名无效");
	const char *name = s->buf + i;
	size_t name_len = ne - i;
	s->tag_len = 0;
	s->natt = 0;
	i = ne;
	for (;;) {
		int ws = 0;
		while (i < end && (cclass[b[i]] & CC_S)) {
			i++;
			ws = 1;
		}
		if (i == end)
			return SX_MORE;
		if (b[i] == '>') {
			i++;
			break;
		}
		if (b[i] == '/') {
			if (i + 1 == end)
				return SX_MORE;
			if (b[i + 1] != '>')
				return sx_fail_at(s, i, "标记语法错误");
			i += 2;
			empty = 1;
			break;
		}
		if (!ws)
			return sx_fail_at(s, i, "属性前缺少空白");
		size_t an = sx_name(s, i);
		if (an == SIZE_MAX)
			return SX_MORE;
		if (!an)
			return sx_fail_at(s, i, "属性名无效");
		if (s->natt == XLSX_MAX_ATTRS)
			return sx_fail_at(s, i, XLSX_TOO_MANY_ATTRS);
		if (s->natt == s->xa_cap) {
			s->xa_cap = s->xa_cap ? s->xa_cap * 2 : 16;
			s->xa = xrealloc(s->xa, s->xa_cap * sizeof *s->xa);
			s->xa_intag = xrealloc(s->xa_intag, s->xa_cap);
			s->xa_off = xrealloc(s->xa_off, s->xa_cap * sizeof *s->xa_off);
		}
		struct xlsx_attr *a = &s->xa[s->natt];
		a->name = s->buf + i;
		a->nn = an - i;
		for (size_t k = 0; k < s->natt; k++)
			if (s->xa[k].nn == a->nn && s->xa[k].name[0] == a->name[0] &&
			    !memcmp(s->xa[k].name, a->name, a->nn))
				return sx_fail_at(s, i, "属性重复");
		i = an;
		while (i < end && (cclass[b[i]] & CC_S))
			i++;
		if (i == end)
			return SX_MORE;
		if (b[i] != '=')
			return sx_fail_at(s, i, "属性缺少 =");
		i++;
		while (i < end && (cclass[b[i]] & CC_S))
			i++;
		if (i == end)
			return SX_MORE;
		unsigned q = b[i];
		if (q != '"' && q != '\'')
			return sx_fail_at(s, i, "属性值缺少引号");
		i++;
		/* the common case: plain characters up to the closing quote, used in place */
		size_t v0 = i;
		while (i < end && !(cclass[b[i]] & CC_ATTR))
			i++;
		if (i == end)
			return SX_MORE;
		if (b[i] == q) {
			a->val = s->buf + v0;
			a->vn = i - v0;
			s->xa_intag[s->natt++] = 0;
			i++;
			continue;
		}
		size_t val_off = s->tag_len;
		tag_add(s, b + v0, i - v0);
		for (;;) {
			size_t run = i;
			while (i < end) {
				unsigned c = b[i];
				if (!(cclass[c] & CC_ATTR)) {
					i++;
					continue;
				}
				if (c >= 0x80) {
					int k = utf8_len(b + i, end - i);
					if (k > 0) {
						i += (size_t)k;
						continue;
					}
					if (k < 0 && !s->eof)
						return SX_MORE;
					return sx_fail_at(s, i, "无效的 UTF-8 字符");
				}
				if ((c == '"' || c == '\'') && c != q) {
					i++;
					continue;
				}
				break;
			}
			tag_add(s, b + run, i - run);
			if (i == end)
				return SX_MORE;
			unsigned c = b[i];
			if (c == q) {
				i++;
				break;
			}
			if (c == '&') {
				char out[4];
				size_t on = 0, used = 0;
				int r = sx_ref(b + i, end - i, s->eof, out, &on, &used);
				if (r == SX_MORE)
					return r;
				if (r)
					return sx_fail_at(s, i, "实体或字符引用无效");
				tag_add(s, out, on);
				i += used;
			} else if (c == '\t' || c == '\n') {
				tag_add(s, " ", 1);
				i++;
			} else if (c == '\r') {
				if (i + 1 == end)
					return SX_MORE;
				tag_add(s, " ", 1);
				i += b[i + 1] == '\n' ? 2 : 1;
			} else if (c == '<') {
				return sx_fail_at(s, i, "属性值中不能出现 <");
			} else {
				return sx_fail_at(s, i, "含有 XML 不允许的控制字符");
			}
		}
		a->val = NULL;
		a->vn = s->tag_len - val_off;
		s->xa_intag[s->natt] = 1;
		s->xa_off[s->natt++] = val_off;
	}
	/* the element is complete: decoded values now have their final address */
	for (size_t k = 0; k < s->natt; k++)
		if (s->xa_intag[k])
			s->xa[k].val = s->tag + s->xa_off[k];
	s->pos = i;
	s->seen_root = 1;
	if (empty) {
		if (s->depth == 0)
			s->root_done = 1;
		s->xp->open(s->xp, name, name_len, s->xa, s->natt);
		if (!s->xp->rc && s->xp->close)
			s->xp->close(s->xp, name, name_len);
		return 0;
	}
	sx_grow(&s->stk, &s->stk_cap, s->stk_len + name_len + 1);
	if (s->depth == s->depth_cap) {
		s->depth_cap = s->depth_cap ? s->depth_cap * 2 : 32;
		s->stk_off = xrealloc(s->stk_off, s->depth_cap * sizeof *s->stk_off);
	}
	s->stk_off[s->depth++] = s->stk_len;
	for (size_t k = 0; k < name_len; k++)
		s->stk[s->stk_len + k] = name[k];
	s->stk_len += name_len;
	s->stk[s->stk_len++] = '\0';
	s->xp->open(s->xp, name, name_len, s->xa, s->natt);
	return 0;
}

static int sx_end_tag(struct sx *s)
{
	const unsigned char *b = (const unsigned char *)s->buf;
	size_t i = s->pos + 2, end = s->end_;
	if (s->depth > 0) {
		/* the common case: exactly the open element's name, then '>' */
		const char *top = s->stk + s->stk_off[s->depth - 1];
		size_t tn = s->stk_len - s->stk_off[s->depth - 1] - 1;
		size_t k = 0;
		if (end - i > tn && b[i + tn] == '>')
			while (k < tn && (char)b[i + k] == top[k])
				k++;
		if (k == tn && end - i > tn && b[i + tn] == '>') {
			s->pos = i + tn + 1;
			s->depth--;
			s->stk_len = s->stk_off[s->depth];
			if (s->depth == 0)
				s->root_done = 1;
			if (s->xp->close)
				s->xp->close(s->xp, top, tn);
			return 0;
		}
	}
	size_t ne = sx_name(s, i);
	if (ne == SIZE_MAX)
		return SX_MORE;
	if (!ne)
		return sx_fail_at(s, i, "元素名无效");
	size_t j = ne;
	while (j < end && (cclass[b[j]] & CC_S))
		j++;
	if (j == end)
		return SX_MORE;
	if (b[j] != '>')
		return sx_fail_at(s, j, "结束标记语法错误");
	if (s->depth == 0)
		return sx_fail_at(s, s->pos, "多余的结束标记");
	const char *open = s->stk + s->stk_off[s->depth - 1];
	if (s->stk_len - s->stk_off[s->depth - 1] - 1 != ne - i)
		return sx_fail_at(s, s->pos, "开始标记与结束标记不匹配");
	for (size_t k = 0; k < ne - i; k++)
		if (open[k] != (char)b[i + k])
			return sx_fail_at(s, s->pos, "开始标记与结束标记不匹配");
	s->pos = j + 1;
	s->depth--;
	s->stk_len = s->stk_off[s->depth];
	if (s->depth == 0)
		s->root_done = 1;
	if (s->xp->close)
		s->xp->close(s->xp, open, ne - i);
	return 0;
}

/* <?target …?>: checked and skipped; an XML declaration here is an error. */
static int sx_pi(struct sx *s)
{
	const unsigned char *b = (const unsigned char *)s->buf;
	size_t i = s->pos + 2, end = s->end_;
	size_t ne = sx_name(s, i);
	if (ne == SIZE_MAX)
		return SX_MORE;
	if (!ne)
		return sx_fail_at(s, i, "处理指令名无效");
	if (ne - i == 3 && (b[i] | 0x20) == 'x' && (b[i + 1] | 0x20) == 'm' &&
	    (b[i + 2] | 0x20) == 'l')
		return sx_fail_at(s, s->pos, "XML 声明不在文件开头");
	const char *q = memmem(b + ne, end - ne, "?>", 2);
	if (!q)
		return SX_MORE;
	size_t qi = (size_t)((const unsigned char *)q - b);
	if (qi != ne && !(cclass[b[ne]] & CC_S))
		return sx_fail_at(s, ne, "处理指令语法错误");
	if (sx_literal(s, b + ne, qi - ne, 0))
		return sx_fail_at(s, ne, "含有 XML 不允许的字符");
	s->pos = qi + 2;
	return 0;
}

/* <!-- comment -->, <![CDATA[ … ]]>, <!DOCTYPE (refused). */
static int sx_bang(struct sx *s)
{
	const unsigned char *b = (const unsigned char *)s->buf;
	size_t i = s->pos, end = s->end_, avail = end - i;
	if (avail < 4)
		return SX_MORE;
	if (b[i + 2] == '-') {
		if (b[i + 3] != '-')
			return sx_fail_at(s, i, "注释语法错误");
		const char *q = memmem(b + i + 4, end - i - 4, "--", 2);
		if (!q)
			return SX_MORE;
		size_t qi = (size_t)((const unsigned char *)q - b);
		if (qi + 2 >= end)
			return SX_MORE;
		if (b[qi + 2] != '>')
			return sx_fail_at(s, qi, "注释中不能出现 --");
		if (sx_literal(s, b + i + 4, qi - i - 4, 0))
			return sx_fail_at(s, i, "注释含有 XML 不允许的字符");
		s->pos = qi + 3;
		return 0;
	}
	if (b[i + 2] == '[') {
		if (avail < 9)
			return SX_MORE;
		if (memcmp(b + i, "<![CDATA[", 9) || s->depth == 0)
			return sx_fail_at(s, i, "标记语法错误");
		const char *q = memmem(b + i + 9, end - i - 9, "]]>", 3);
		if (!q)
			return SX_MORE;
		size_t qi = (size_t)((const unsigned char *)q - b);
		if (sx_literal(s, b + i + 9, qi - i - 9, 1))
			return sx_fail_at(s, i, "CDATA 含有 XML 不允许的字符");
		s->pos = qi + 3;
		return 0;
	}
	if (avail < 9)
		return SX_MORE;
	if (!memcmp(b + i, "<!DOCTYPE", 9))
		return err_set(s->e, ERR_INVALID, s->name,
			       "文件 %s 含有 DOCTYPE 声明，出于安全原因拒绝读取", s->name);
	return sx_fail_at(s, i, "标记语法错误");
}

/* Skip "S? = S? 'value'" at *I for the XML declaration; the value in (*V, *VN). */
static int decl_attr(const unsigned char *b, size_t end, size_t *i, const char *name,
		     const unsigned char **v, size_t *vn)
{
	size_t k = *i, n = strlen(name);
	if (end - k < n || memcmp(b + k, name, n))
		return -1;
	k += n;
	while (k < end && (cclass[b[k]] & CC_S))
		k++;
	if (k == end || b[k] != '=')
		return -1;
	k++;
	while (k < end && (cclass[b[k]] & CC_S))
		k++;
	if (k == end || (b[k] != '"' && b[k] != '\''))
		return -1;
	unsigned char q = b[k++];
	const unsigned char *e = memchr(b + k, q, end - k);
	if (!e)
		return -1;
	*v = b + k;
	*vn = (size_t)(e - (b + k));
	*i = (size_t)(e - b) + 1;
	return 0;
}

/* A UTF-8 byte-order mark and an XML declaration at the start of the part. */
static int sx_prolog(struct sx *s)
{
	while (s->end_ - s->pos < 6 && !s->eof) {
		int rc = sx_fill(s);
		if (rc)
			return rc;
	}
	const unsigned char *b = (const unsigned char *)s->buf;
	if (s->end_ >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf)
		s->pos = 3;
	size_t i = s->pos;
	if (s->end_ - i < 6 || memcmp(b + i, "<?xml", 5) || !(cclass[b[i + 5]] & CC_S))
		return 0;
	const char *q;
	while (!(q = memmem(b + i, s->end_ - i, "?>", 2))) {
		if (s->eof)
			return sx_fail_at(s, i, "XML 声明未结束");
		int rc = sx_fill(s);
		if (rc)
			return rc;
		b = (const unsigned char *)s->buf;
		i = s->pos;
	}
	size_t end = (size_t)((const unsigned char *)q - b), k = i + 5;
	const unsigned char *v;
	size_t vn;
	while (k < end && (cclass[b[k]] & CC_S))
		k++;
	/* an empty version is let through, as expat does */
	if (decl_attr(b, end, &k, "version", &v, &vn))
		return sx_fail_at(s, k, "XML 声明语法错误");
	for (size_t j = 0; j < vn; j++)
		if (!(cclass[v[j]] & CC_NAME))
			return sx_fail_at(s, k, "XML 声明语法错误");
	for (int part = 0; part < 2; part++) {
		size_t ws = k;
		while (k < end && (cclass[b[k]] & CC_S))
			k++;
		if (k == end)
			break;
		if (k == ws)
			return sx_fail_at(s, k, "XML 声明语法错误");
		if (part == 0 && !decl_attr(b, end, &k, "encoding", &v, &vn)) {
			if (vn != 5 || strncasecmp((const char *)v, "UTF-8", 5))
				return sx_fail_at(s, k, "XML 声明的编码不是 UTF-8");
			continue;
		}
		part = 1;
		if (decl_attr(b, end, &k, "standalone", &v, &vn) ||
		    !((vn == 3 && !memcmp(v, "yes", 3)) || (vn == 2 && !memcmp(v, "no", 2))))
			return sx_fail_at(s, k, "XML 声明语法错误");
	}
	while (k < end && (cclass[b[k]] & CC_S))
		k++;
	if (k != end)
		return sx_fail_at(s, k, "XML 声明语法错误");
	s->pos = end + 2;
	return 0;
}

/*
 * 1 when the part whose first bytes are (P, N) is UTF-8 — no UTF-16 byte
 * order mark or zero bytes, no declared encoding but UTF-8 — so that the fast
 * scanner may read it; otherwise expat (which knows the other encodings) does.
 */
static int xml_is_utf8(const char *p, size_t n)
{
	const unsigned char *b = (const unsigned char *)p;
	if (n >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf) {
		b += 3;
		n -= 3;
	}
	if (n >= 2 && ((b[0] == 0xfe && b[1] == 0xff) || (b[0] == 0xff && b[1] == 0xfe)))
		return 0;
	if ((n >= 1 && b[0] == 0) || (n >= 2 && b[1] == 0))
		return 0;
	if (n < 5 || memcmp(b, "<?xml", 5))
		return 1;
	const unsigned char *q = memmem(b, n, "?>", 2);
	if (!q)
		return 0;
	const unsigned char *enc = memmem(b, (size_t)(q - b), "encoding", 8);
	if (!enc)
		return 1;
	enc += 8;
	while (enc < q && (cclass[*enc] & CC_S))
		enc++;
	if (enc == q || *enc++ != '=')
		return 0;
	while (enc < q && (cclass[*enc] & CC_S))
		enc++;
	if (q - enc < 7 || (*enc != '"' && *enc != '\''))
		return 0;
	return !strncasecmp((const char *)enc + 1, "UTF-8", 5) && enc[6] == enc[0];
}

/* Scan the part PR, whose first HAVE bytes are in BUF (taken over, CAP + 1 bytes). */
static int sx_parse(struct xlsx_part *pr, char *buf, size_t cap, size_t have, size_t max_buf,
		    XML_CharacterDataHandler text, struct xlsx_xp *xp, struct err *e)
{
	struct sx s;
	memset(&s, 0, sizeof s);
	s.pr = pr;
	s.name = xp->part;
	s.xp = xp;
	s.text = text;
	s.e = e;
	s.buf = buf;
	s.cap = cap;
	s.minfree = cap / 4 < XLSX_CHUNK ? cap / 4 : XLSX_CHUNK;
	s.end_ = have;
	s.max_buf = max_buf;
	int rc = sx_prolog(&s);
	while (!rc) {
		if (s.pos == s.end_) {
			if (s.eof)
				break;
			rc = sx_fill(&s);
			continue;
		}
		if (s.buf[s.pos] != '<')
			rc = sx_chars(&s);
		else if (s.txt_len)
			txt_flush(&s); /* text that ended where the buffer did */
		else if (s.end_ - s.pos < 2)
			rc = SX_MORE;
		else if (s.buf[s.pos + 1] == '/')
			rc = sx_end_tag(&s);
		else if (s.buf[s.pos + 1] == '?')
			rc = sx_pi(&s);
		else if (s.buf[s.pos + 1] == '!')
			rc = sx_bang(&s);
		else
			rc = sx_start_tag(&s);
		if (xp->rc) {
			rc = xp->rc;
			break;
		}
		if (rc == SX_MORE)
			rc = s.eof ? sx_fail_at(&s, s.pos, "文件不完整（标记未结束）")
				   : sx_fill(&s);
	}
	if (!rc && !s.seen_root)
		rc = sx_fail_at(&s, s.pos, "没有根元素");
	if (!rc && s.depth)
		rc = sx_fail_at(&s, s.pos, "文件不完整（元素未结束）");
	free(s.buf);
	free(s.stk);
	free(s.stk_off);
	free(s.tag);
	free(s.xa);
	free(s.xa_intag);
	free(s.xa_off);
	free(s.txt);
	return rc;
}

int xlsx_scan_part(struct xlsx *x, const char *name, XML_StartElementHandler start,
		   XML_EndElementHandler end, XML_CharacterDataHandler text, struct xlsx_xp *xp,
		   int fast, struct err *e)
{
	struct xlsx_part *pr = NULL;
	xp->p = NULL;
	xp->x = x;
	xp->e = e;
	xp->rc = 0;
	xp->part = name;
	int rc = 0, utf8 = 0;
	if (fast && xp->open && !x->expat_only) {
		/*
		 * Which path reads the part is decided on its first 4 KiB, whatever
		 * the scanner's buffer size (a declaration must not be cut short).
		 */
		char head[4096];
		size_t hn = 0;
		rc = xlsx_zip_part_open(x->zip, name, &pr, e);
		if (rc)
			return rc;
		while (hn < sizeof head) {
			long got = xlsx_zip_part_read(pr, head + hn, sizeof head - hn, e);
			if (got < 0)
				rc = (int)got;
			if (got <= 0)
				break;
			hn += (size_t)got;
		}
		xlsx_zip_part_free(pr);
		pr = NULL;
		if (rc)
			return rc;
		utf8 = xml_is_utf8(head, hn);
	}
	rc = xlsx_zip_part_open(x->zip, name, &pr, e);
	if (rc)
		return rc;
	size_t bufsz = fast ? x->lim.read_buf : XLSX_CHUNK;
	char *buf = xmalloc((bufsz > XLSX_CHUNK ? bufsz : XLSX_CHUNK) + 1);
	size_t have = 0;
	for (;;) {
		long got = xlsx_zip_part_read(pr, buf + have, bufsz - have, e);
		if (got < 0) {
			rc = (int)got;
			free(buf);
			goto out;
		}
		have += (size_t)got;
		if (got == 0 || have >= 4096 || have == bufsz)
			break;
	}
	if (utf8) {
		/*
		 * Room for one token (a tag with its attributes, a comment) of up to
		 * XLSX_MAX_TOKEN bytes whatever the buffer's alignment: a longer one in
		 * a crafted file is refused instead of growing the buffer to the size
		 * of the part (character data never needs it: it goes in pieces).
		 */
		size_t max_buf = XLSX_MAX_TOKEN + 2 * bufsz + 2 * XLSX_CHUNK;
		rc = sx_parse(pr, buf, bufsz, have, max_buf, text, xp, e);
	} else {
		rc = xlsx_expat_parse(pr, buf, have, start, end, text, xp, e);
		free(buf);
	}
out:
	xlsx_zip_part_free(pr);
	return rc;
}
