/*
 * io/xlsx/internal.h — for the files of src/io/xlsx only (callers see
 * read.h): the workbook struct and the parse state the reader's files share.
 * The reader, bottom up:
 *
 *   zip.c    the ZIP container: directory, entries, ISA-L inflate, CRC/size checks
 *   expat.c  the expat path: the small parts, other encodings, the reference
 *   scan.c   the fast scanner of UTF-8 sheets and shared strings; picks each part's path
 *   sheet.c  a worksheet as rows: merged ranges, cells and their values
 *   read.c   the public API (read.h): open, relationships, workbook, styles,
 *            shared strings, the pure helpers
 *
 * The writer (write.c, write.h) shares nothing with them.
 */
#ifndef GAOQI_IO_XLSX_INTERNAL_H
#define GAOQI_IO_XLSX_INTERNAL_H

#include <expat.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/err.h"
#include "core/strbuf.h"
#include "io/xlsx/read.h"

/* What one read of a part asks for at least: expat's feed, the scanner's least buffer. */
#define XLSX_CHUNK ((size_t)64 * 1024)
/* The scanner's input buffer by default (xlsx_limits.read_buf) and the merge pre-scan's chunk. */
#define XLSX_READ_BUF ((size_t)256 * 1024)
/* The longest single token (a tag with its attributes, a comment) the scanner takes. */
#define XLSX_MAX_TOKEN ((size_t)16 << 20)
/*
 * Attributes of one element and nesting of elements: spreadsheet parts use a
 * dozen and a handful; crafted parts with more would cost quadratic time (the
 * duplicate check) or unbounded memory (the tag stack). Both parsers refuse
 * more, with the same words.
 */
#define XLSX_MAX_ATTRS 256
#define XLSX_MAX_DEPTH 256
#define XLSX_STR_(x) #x
#define XLSX_STR(x) XLSX_STR_(x)
#define XLSX_TOO_MANY_ATTRS "属性过多（一个元素最多 " XLSX_STR(XLSX_MAX_ATTRS) " 个）"
#define XLSX_TOO_DEEP "元素嵌套过深（最多 " XLSX_STR(XLSX_MAX_DEPTH) " 层）"

struct xlsx_zip;   /* zip.h */
struct xlsx_names; /* scan.c: verdicts on non-ASCII name characters */

struct xlsx_sheet {
	char *name;
	char *path;
};

struct xlsx {
	struct xlsx_zip *zip;
	struct xlsx_limits lim;
	int date1904;
	struct xlsx_sheet *sheets;
	size_t nsheets;
	/* shared strings: text of string i at ss.buf + ss_off[i], length ss_len[i] */
	struct strbuf ss;
	size_t *ss_off;
	size_t *ss_len;
	size_t nss, cap_ss;
	/* cell styles: xf_date[i] is 1 when cellXfs entry i has a date format */
	unsigned char *xf_date;
	size_t nxf;
	uint32_t rows_hint;	  /* last row of the sheet being read, from <dimension> */
	int expat_only;		  /* every part through expat (the reference path) */
	struct xlsx_names *names; /* allocated by the scanner when first needed */
};

/* One attribute: name and value with their lengths (not NUL-terminated). */
struct xlsx_attr {
	const char *name, *val;
	size_t nn, vn;
};

/*
 * Handlers of the big parts (sheets, shared strings) in a form both parsers
 * can call: element names and attributes with their lengths. The fast
 * scanner calls them directly, expat through an adapter (expat.c).
 */
typedef void (*xlsx_open_fn)(void *ud, const char *name, size_t nn, const struct xlsx_attr *a,
			     size_t na);
typedef void (*xlsx_close_fn)(void *ud, const char *name, size_t nn);

/*
 * Common head of every parse's user data: the handlers get a pointer to it
 * (the first member of their own context). xlsx_scan_part fills the first
 * five members; the caller sets OPEN and CLOSE for a big part.
 */
struct xlsx_xp {
	XML_Parser p; /* the running expat parser, NULL in the scanner */
	struct xlsx *x;
	struct err *e;
	int rc; /* the first error a handler recorded */
	const char *part;
	xlsx_open_fn open;
	xlsx_close_fn close;
	/* expat path only: attributes converted for OPEN, the handlers, the depth */
	struct xlsx_attr *xa;
	size_t xa_cap;
	XML_StartElementHandler start;
	XML_EndElementHandler end;
	unsigned depth;
};

/*
 * For handlers: record the error RC (the first one counts; E already says
 * why) and stop the parse — expat at once, the scanner when the handler
 * returns (it checks xp->rc after each token).
 */
static inline void xlsx_xp_fail(struct xlsx_xp *xp, int rc)
{
	if (!xp->rc)
		xp->rc = rc;
	if (xp->p)
		XML_StopParser(xp->p, XML_FALSE);
}

/* strcmp(A, B) == 0, inlined: the handlers compare short names per element. */
static inline int xlsx_streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/*
 * The local part of (NAME, NN) in *LN: after the first colon. The parsers do
 * not expand namespaces (that costs a copy of the namespace URI per element);
 * SpreadsheetML names are unique by their local part.
 */
static inline const char *xlsx_lname(const char *name, size_t nn, size_t *ln)
{
	for (size_t i = 0; i < nn; i++)
		if (name[i] == ':') {
			*ln = nn - i - 1;
			return name + i + 1;
		}
	*ln = nn;
	return name;
}

/* (P, N) equals the string literal LIT. */
#define XLSX_LEQ(p, n, lit) ((n) == sizeof(lit) - 1 && !memcmp((p), (lit), sizeof(lit) - 1))

/* The value of the hexadecimal digit C, or -1. */
static inline int xlsx_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#endif
