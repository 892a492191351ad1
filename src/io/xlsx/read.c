/* xlsx_read — streaming .xlsx reader on libzip + expat. */
#include "io/xlsx/read.h"

#include <expat.h>
#include <isa-l/crc.h>
#include <isa-l/igzip_lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "core/date.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#define CHUNK ((size_t)64 * 1024)
/* The longest single token (a tag with its attributes, a comment) the scanner takes. */
#define MAX_TOKEN ((size_t)16 << 20)
/* The bytes of all shared strings together (they are held in memory at once). */
#define SHARED_TEXT_MAX ((size_t)128 << 20)
/*
 * Attributes of one element and nesting of elements: spreadsheet parts use a
 * dozen and a handful; crafted parts with more would cost quadratic time (the
 * duplicate check) or unbounded memory (the tag stack).
 */
#define MAX_ATTRS 256
#define MAX_DEPTH 256
#define STR_(x) #x
#define STR(x) STR_(x)

struct sheet {
	char *name;
	char *path;
};

struct xlsx {
	zip_t *zip;
	struct xlsx_limits lim;
	int date1904;
	struct sheet *sheets;
	size_t nsheets;
	/* shared strings: text of string i at ss.buf + ss_off[i], length ss_len[i] */
	struct strbuf ss;
	size_t *ss_off;
	size_t *ss_len;
	size_t nss, cap_ss;
	/* cell styles: xf_date[i] is 1 when cellXfs entry i has a date format */
	unsigned char *xf_date;
	size_t nxf;
	uint32_t rows_hint;	 /* last row of the sheet being read, from <dimension> */
	int expat_only;		 /* every part through expat (the reference path) */
	struct namecache *names; /* verdicts on non-ASCII name characters */
};

/* ---- pure helpers ----------------------------------------------------------- */

long xlsx_col_index(const char *s, size_t n, size_t *nletters)
{
	long col = 0;
	size_t i = 0;
	for (; i < n && i < 4; i++) {
		char c = s[i];
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c < 'A' || c > 'Z')
			break;
		col = col * 26 + (c - 'A' + 1);
	}
	if (i == 0 || i > 3 ||
	    (i < n && ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z'))))
		return -1;
	if (nletters)
		*nletters = i;
	return col - 1;
}

int xlsx_format_is_date(unsigned id, const char *code)
{
	if (!code)
		return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
	int y = 0, m = 0, d = 0, h = 0, s = 0;
	for (const char *p = code; *p; p++) {
		switch (*p) {
		case '"':
			p++;
			while (*p && *p != '"')
				p++;
			if (!*p)
				return y || d || (m && !h && !s);
			break;
		case '[':
			while (*p && *p != ']')
				p++;
			if (!*p)
				return y || d || (m && !h && !s);
			break;
		case '\\':
		case '_':
		case '*':
			if (p[1])
				p++;
			break;
		case 'y':
		case 'Y': y = 1; break;
		case 'm':
		case 'M': m = 1; break;
		case 'd':
		case 'D': d = 1; break;
		case 'h':
		case 'H': h = 1; break;
		case 's':
		case 'S': s = 1; break;
		default: break;
		}
	}
	return y || d || (m && !h && !s);
}

size_t xlsx_number_text(const char *s, size_t n, char *out, size_t outsize)
{
	size_t i = 0;
	int neg = 0;
	char dig[24];
	size_t k = 0;	  /* significant digits kept in dig */
	long point = 0;	  /* value = 0.dig × 10^point */
	int started = 0;  /* a nonzero digit was seen */
	int any = 0;	  /* any digit was seen */
	int round_up = 0; /* the first dropped digit was ≥ 5 */
	int dropped = 0;
	if (outsize < 400)
		return 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i < n && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	int seen_dot = 0;
	for (; i < n; i++) {
		char c = s[i];
		if (c == '.' && !seen_dot) {
			seen_dot = 1;
			continue;
		}
		if (c < '0' || c > '9')
			break;
		any = 1;
		if (!started && c == '0') {
			if (seen_dot)
				point--;
			continue;
		}
		started = 1;
		if (!seen_dot)
			point++;
		if (k < 15) {
			dig[k++] = c;
		} else if (!dropped) {
			dropped = 1;
			round_up = c >= '5';
		}
	}
	if (!any)
		return 0;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		int eneg = 0;
		if (i < n && (s[i] == '-' || s[i] == '+'))
			eneg = s[i++] == '-';
		long ev = 0;
		int edig = 0;
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
			if (ev < 100000)
				ev = ev * 10 + (s[i] - '0');
			edig = 1;
		}
		if (!edig)
			return 0;
		point += eneg ? -ev : ev;
	}
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i != n)
		return 0;
	if (round_up) {
		long j = (long)k - 1;
		while (j >= 0 && dig[j] == '9')
			dig[j--] = '0';
		if (j >= 0) {
			dig[j]++;
		} else {
			memmove(dig + 1, dig, k);
			dig[0] = '1';
			point++;
		}
	}
	while (k > 0 && dig[k - 1] == '0')
		k--;
	if (k == 0)
		point = 0;
	if (point > 330 || point < -330)
		return 0;
	size_t o = 0;
	if (k == 0) {
		out[o++] = '0';
		out[o] = '\0';
		return o;
	}
	if (neg)
		out[o++] = '-';
	if (point <= 0) {
		out[o++] = '0';
		out[o++] = '.';
		for (long z = 0; z < -point; z++)
			out[o++] = '0';
		memcpy(out + o, dig, k);
		o += k;
	} else if ((size_t)point >= k) {
		memcpy(out + o, dig, k);
		o += k;
		for (long z = 0; z < point - (long)k; z++)
			out[o++] = '0';
	} else {
		memcpy(out + o, dig, (size_t)point);
		o += (size_t)point;
		out[o++] = '.';
		memcpy(out + o, dig + point, k - (size_t)point);
		o += k - (size_t)point;
	}
	out[o] = '\0';
	return o;
}

int xlsx_serial_to_days(const char *s, size_t n, int date1904, int32_t *days)
{
	char num[400];
	size_t len = xlsx_number_text(s, n, num, sizeof num);
	if (!len || num[0] == '-')
		return -1;
	long serial = 0;
	for (size_t i = 0; i < len && num[i] != '.'; i++) {
		serial = serial * 10 + (num[i] - '0');
		if (serial > 3000000)
			return -1;
	}
	int32_t base;
	if (date1904) {
		base = date_from_ymd(1904, 1, 1);
	} else {
		if (serial < 1)
			return -1;
		/*
		 * Excel's 1900 system counts a 29 February 1900 that never was:
		 * serial 60 names no real day and is refused, not guessed.
		 */
		if (serial == 60)
			return -1;
		base = serial < 60 ? date_from_ymd(1899, 12, 31) : date_from_ymd(1899, 12, 30);
	}
	int32_t d = base + (int32_t)serial;
	if (d > date_from_ymd(9999, 12, 31))
		return -1;
	*days = d;
	return 0;
}

/* ---- XML plumbing ----------------------------------------------------------- */

/* One attribute: name and value with their lengths (not NUL-terminated). */
struct xattr {
	const char *name, *val;
	size_t nn, vn;
};

/*
 * Handlers of the big parts (sheets, shared strings) in a form both parsers
 * can call: element names and attributes with their lengths. The fast
 * scanner calls them directly, expat through xp_start / xp_end.
 */
typedef void (*open_fn)(void *ud, const char *name, size_t nn, const struct xattr *a, size_t na);
typedef void (*close_fn)(void *ud, const char *name, size_t nn);

/* Common head of every parse's user data. */
struct xp {
	XML_Parser p;
	struct xlsx *x;
	struct err *e;
	int rc;
	const char *part;
	open_fn open;
	close_fn close;
	struct xattr *xa; /* expat's attributes converted for OPEN */
	size_t xa_cap;
	/* expat path: the handlers behind the depth-counting ones, and the depth */
	XML_StartElementHandler start;
	XML_EndElementHandler end;
	unsigned depth;
};

/* strcmp(A, B) == 0, inlined: the handlers compare short names per element. */
static inline int streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/*
 * The local part of an element or attribute name ("x:row" → "row"). The
 * parser does not expand namespaces (that costs a copy of the namespace URI
 * per element); SpreadsheetML names are unique by their local part.
 */
static const char *local(const char *name)
{
	for (const char *p = name; *p; p++)
		if (*p == ':')
			return p + 1;
	return name;
}

static const char *attr(const char **atts, const char *want)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (streq(local(atts[i]), want))
			return atts[i + 1];
	return NULL;
}

/* The attribute r:id (a prefixed "id": of the relationships namespace). */
static const char *attr_rid(const char **atts)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (strchr(atts[i], ':') && streq(local(atts[i]), "id"))
			return atts[i + 1];
	return NULL;
}

static void xp_fail(struct xp *xp, int rc)
{
	if (!xp->rc)
		xp->rc = rc;
	if (xp->p)
		XML_StopParser(xp->p, XML_FALSE);
}

/* expat → the length form of the handlers (set in xp->open / xp->close). */
static void XMLCALL xp_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xp *xp = ud;
	size_t na = 0;
	while (atts[2 * na])
		na++;
	if (na > xp->xa_cap) {
		xp->xa_cap = na + 8;
		xp->xa = xrealloc(xp->xa, xp->xa_cap * sizeof *xp->xa);
	}
	for (size_t i = 0; i < na; i++) {
		xp->xa[i].name = atts[2 * i];
		xp->xa[i].nn = strlen(atts[2 * i]);
		xp->xa[i].val = atts[2 * i + 1];
		xp->xa[i].vn = strlen(atts[2 * i + 1]);
	}
	xp->open(ud, name, strlen(name), xp->xa, na);
}

static void XMLCALL xp_end(void *ud, const XML_Char *name)
{
	struct xp *xp = ud;
	if (xp->close)
		xp->close(ud, name, strlen(name));
}

/* The local part of (NAME, NN) in *LN: after the first colon. */
static inline const char *lname(const char *name, size_t nn, size_t *ln)
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
#define LEQ(p, n, lit) ((n) == sizeof(lit) - 1 && !memcmp((p), (lit), sizeof(lit) - 1))

/* The attribute whose local name is (LIT, LN), or NULL. */
static const struct xattr *xattr_find(const struct xattr *a, size_t na, const char *lit, size_t ln)
{
	for (size_t i = 0; i < na; i++) {
		size_t k;
		const char *l = lname(a[i].name, a[i].nn, &k);
		if (k == ln && l[0] == lit[0] && !memcmp(l, lit, ln))
			return &a[i];
	}
	return NULL;
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
			       const XML_Char *pubid, int has_internal)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal;
	struct xp *xp = ud;
	err_set(xp->e, ERR_INVALID, xp->part, "文件 %s 含有 DOCTYPE 声明，出于安全原因拒绝读取",
		xp->part);
	xp_fail(xp, ERR_INVALID);
}

static void XMLCALL on_entity(void *ud, const XML_Char *name, int is_param, const XML_Char *value,
			      int value_len, const XML_Char *base, const XML_Char *sysid,
			      const XML_Char *pubid, const XML_Char *notation)
{
	(void)name;
	(void)is_param;
	(void)value;
	(void)value_len;
	(void)base;
	(void)sysid;
	(void)pubid;
	(void)notation;
	struct xp *xp = ud;
	err_set(xp->e, ERR_INVALID, xp->part, "文件 %s 含有实体声明，出于安全原因拒绝读取",
		xp->part);
	xp_fail(xp, ERR_INVALID);
}

/* ---- part reader: ISA-L inflate, CRC and size checked ------------------------------ */

#define INCHUNK ((size_t)64 * 1024)
#define SXBUF ((size_t)256 * 1024)

/*
 * One ZIP entry read as its raw (compressed) bytes through libzip and
 * inflated with ISA-L into the caller's buffer. The output is counted against
 * max_part as it is produced (the sizes in the ZIP directory are not
 * trusted) and the CRC-32 of everything produced is compared with the
 * directory's when the entry ends.
 */
struct part {
	zip_file_t *zf;
	const char *name;
	struct inflate_state *st; /* NULL for a stored entry */
	unsigned char *in;
	size_t max;
	uint64_t total;
	uint64_t want_size; /* the directory's uncompressed size (has_size) */
	uint32_t crc, want_crc;
	int in_eof, done, has_size;
};

static void part_close(struct part *pr)
{
	if (pr->zf)
		zip_fclose(pr->zf);
	free(pr->st);
	free(pr->in);
	memset(pr, 0, sizeof *pr);
}

/* Open the entry NAME; ERR_NOT_FOUND when it is absent (nothing is recorded in E). */
static int part_open(struct xlsx *x, const char *name, struct part *pr, struct err *e)
{
	memset(pr, 0, sizeof *pr);
	pr->name = name;
	pr->max = x->lim.max_part;
	zip_int64_t idx = zip_name_locate(x->zip, name, ZIP_FL_NOCASE);
	if (idx < 0)
		return ERR_NOT_FOUND;
	zip_stat_t st;
	if (zip_stat_index(x->zip, (zip_uint64_t)idx, 0, &st) != 0 ||
	    !(st.valid & ZIP_STAT_COMP_METHOD) || !(st.valid & ZIP_STAT_CRC))
		return err_set(e, ERR_INVALID, name, "无法读取 %s：%s", name, zip_strerror(x->zip));
	if ((st.valid & ZIP_STAT_SIZE) && st.size > pr->max)
		return err_set(e, ERR_TOO_BIG, name, "文件 %s 解压后超过大小上限 %zu 字节", name,
			       pr->max);
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
		return err_set(e, ERR_INVALID, name,
			       "%s 已加密，无法读取（请另存为未加密的 .xlsx）", name);
	if (st.comp_method != ZIP_CM_STORE && st.comp_method != ZIP_CM_DEFLATE)
		return err_set(e, ERR_INVALID, name,
			       "%s 使用了不支持的压缩方式（%d），请用 Excel 或 WPS 另存为 .xlsx",
			       name, (int)st.comp_method);
	pr->zf = zip_fopen_index(x->zip, (zip_uint64_t)idx, ZIP_FL_COMPRESSED);
	if (!pr->zf)
		return err_set(e, ERR_INVALID, name, "无法读取 %s：%s", name, zip_strerror(x->zip));
	pr->want_crc = st.crc;
	pr->has_size = (st.valid & ZIP_STAT_SIZE) != 0;
	pr->want_size = pr->has_size ? st.size : 0;
	if (st.comp_method == ZIP_CM_DEFLATE) {
		pr->in = xmalloc(INCHUNK);
		pr->st = xmalloc(sizeof *pr->st);
		isal_inflate_init(pr->st);
		pr->st->crc_flag = ISAL_GZIP_NO_HDR;
	}
	return 0;
}

/*
 * Read up to CAP uncompressed bytes into OUT: the count (> 0), 0 at the end
 * of the entry (its CRC verified), or a negative ERR_* (ERR_INVALID for a
 * corrupt or truncated entry or a CRC mismatch, ERR_TOO_BIG past max_part).
 */
static long part_read(struct part *pr, char *out, size_t cap, struct err *e)
{
	if (pr->done || cap == 0)
		return 0;
	size_t got;
	if (!pr->st) {
		zip_int64_t n = zip_fread(pr->zf, out, cap);
		if (n < 0)
			return err_set(e, ERR_INVALID, pr->name, "%s 读取失败（文件已损坏）：%s",
				       pr->name, zip_file_strerror(pr->zf));
		if (n == 0)
			pr->done = 1;
		else
			pr->crc = crc32_gzip_refl(pr->crc, (const unsigned char *)out, (uint64_t)n);
		got = (size_t)n;
	} else {
		struct inflate_state *s = pr->st;
		s->next_out = (uint8_t *)out;
		s->avail_out = (uint32_t)(cap > UINT32_MAX ? UINT32_MAX : cap);
		uint32_t want = s->avail_out;
		while (s->avail_out == want) {
			if (s->avail_in == 0 && !pr->in_eof) {
				zip_int64_t n = zip_fread(pr->zf, pr->in, INCHUNK);
				if (n < 0)
					return err_set(e, ERR_INVALID, pr->name,
						       "%s 读取失败（文件已损坏）：%s", pr->name,
						       zip_file_strerror(pr->zf));
				if (n == 0)
					pr->in_eof = 1;
				s->next_in = pr->in;
				s->avail_in = (uint32_t)n;
			}
			int r = isal_inflate(s);
			if (r < 0)
				return err_set(e, ERR_INVALID, pr->name,
					       "%s 解压失败（文件已损坏，错误 %d）", pr->name, r);
			if (s->block_state == ISAL_BLOCK_FINISH) {
				pr->done = 1;
				pr->crc = s->crc;
				break;
			}
			if (s->avail_in == 0 && pr->in_eof && s->avail_out == want)
				return err_set(e, ERR_INVALID, pr->name,
					       "%s 解压失败（压缩数据不完整）", pr->name);
		}
		got = want - s->avail_out;
	}
	pr->total += got;
	if (pr->total > pr->max)
		return err_set(e, ERR_TOO_BIG, pr->name, "文件 %s 解压后超过大小上限 %zu 字节",
			       pr->name, pr->max);
	if (pr->done && pr->crc != pr->want_crc)
		return err_set(e, ERR_INVALID, pr->name,
			       "%s 校验失败（CRC-32 为 %08x，目录记载 %08x），文件已损坏", pr->name,
			       (unsigned)pr->crc, (unsigned)pr->want_crc);
	if (pr->done && pr->has_size && pr->total != pr->want_size)
		return err_set(e, ERR_INVALID, pr->name,
			       "%s 解压后为 %llu 字节，与目录记载的 %llu 字节不符，文件已损坏",
			       pr->name, (unsigned long long)pr->total,
			       (unsigned long long)pr->want_size);
	return (long)got;
}

/* ---- expat path ---------------------------------------------------------------------- */

/*
 * expat's element handlers go through these, which keep the nesting depth to
 * MAX_DEPTH and the attributes of an element to MAX_ATTRS as the scanner does (expat's own tag
 * stack has no limit). The user data is the struct xp (the first member of every handler's
 * context).
 */
static void XMLCALL depth_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xp *xp = ud;
	size_t natts = 0;
	while (atts[2 * natts])
		natts++;
	if (++xp->depth > MAX_DEPTH || natts > MAX_ATTRS) {
		err_set(xp->e, ERR_INVALID, xp->part, "%s 不是有效的 XML（%s）", xp->part,
			natts > MAX_ATTRS ? "属性过多（一个元素最多 " STR(MAX_ATTRS) " 个）"
					  : "元素嵌套过深（最多 " STR(MAX_DEPTH) " 层）");
		xp_fail(xp, ERR_INVALID);
		return;
	}
	if (xp->start)
		xp->start(ud, name, atts);
}

static void XMLCALL depth_end(void *ud, const XML_Char *name)
{
	struct xp *xp = ud;
	xp->depth--;
	if (xp->end)
		xp->end(ud, name);
}

/* Parse with expat the part PR, of which the first HAVE bytes are already in BUF. */
static int expat_parse(struct part *pr, char *buf, size_t have, XML_StartElementHandler start,
		       XML_EndElementHandler end, XML_CharacterDataHandler text, struct xp *xp,
		       struct err *e)
{
	const char *name = pr->name;
	int rc = 0;
	XML_Parser p = XML_ParserCreate(NULL);
	if (!p)
		return err_set(e, ERR_INTERNAL, name, "内存不足");
	xp->p = p;
	xp->start = start;
	xp->end = end;
	xp->depth = 0;
	XML_SetUserData(p, xp);
	XML_SetElementHandler(p, depth_start, depth_end);
	XML_SetCharacterDataHandler(p, text);
	XML_SetStartDoctypeDeclHandler(p, on_doctype);
	XML_SetEntityDeclHandler(p, on_entity);
	long got = (long)have;
	uint64_t fed = 0;
	for (;;) {
		fed += (uint64_t)got;
		if (XML_Parse(p, buf, (int)got, got == 0) != XML_STATUS_OK) {
			if (xp->rc) {
				rc = xp->rc;
			} else {
				rc = err_set(e, ERR_INVALID, name,
					     "%s 不是有效的 XML（第%lu行第%lu列：%s）", name,
					     (unsigned long)XML_GetCurrentLineNumber(p),
					     (unsigned long)XML_GetCurrentColumnNumber(p),
					     XML_ErrorString(XML_GetErrorCode(p)));
			}
			goto out;
		}
		if (got == 0)
			break;
		/*
		 * expat holds an unfinished token (a tag, a comment) whole, however
		 * long: the parts it reads — the small ones, and a sheet saved in an
		 * encoding other than UTF-8 — are kept to MAX_TOKEN bytes so that a
		 * crafted one cannot make it buffer without end.
		 */
		if (fed > MAX_TOKEN) {
			rc = err_set(
				e, ERR_TOO_BIG, name,
				"%s 超过 %zu MiB（工作簿的结构部件和以 UTF-8 以外的编码保存的部件"
				"只能这么大），请用 Excel 或 WPS 另存为 .xlsx 后再导入",
				name, MAX_TOKEN >> 20);
			goto out;
		}
		got = part_read(pr, buf, CHUNK, e);
		if (got < 0) {
			rc = (int)got;
			goto out;
		}
	}
	rc = xp->rc;
out:
	xp->p = NULL;
	XML_ParserFree(p);
	return rc;
}

/* ---- fast path: a streaming scanner for worksheets and shared strings ---------------- */

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
	struct part *pr;
	struct xp *xp;
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
	struct xattr *xa;
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
	return err_set(s->e, ERR_INVALID, s->pr->name, "%s 不是有效的 XML（第%lu行第%lu列：%s）",
		       s->pr->name, (unsigned long)(line + 1),
		       (unsigned long)(s->base + at - start), why);
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
			return err_set(s->e, ERR_TOO_BIG, s->pr->name, "%s 中的单个标记过长",
				       s->pr->name);
		s->cap = s->cap > s->max_buf / 2 ? s->max_buf : s->cap * 2;
		s->buf = xrealloc(s->buf, s->cap + 1);
	}
	long n = part_read(s->pr, s->buf + s->end_, s->cap - s->end_, s->e);
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

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
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
			int d = hex ? hexval((char)p[i])
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

/* Skip a name at I; returns the index after it, 0 when invalid, SIZE_MAX for more. */
/*
 * Which characters beyond ASCII may start or continue an XML name is what
 * expat says: it is asked once per code point of the BMP (the answers are
 * cached per workbook) and each time for the rare others.
 */
struct namecache {
	unsigned char known[2][8192], ok[2][8192]; /* [first][code point / 8] */
};

static int expat_name_ok(unsigned cp, int first)
{
	char doc[16];
	size_t n = 0;
	doc[n++] = '<';
	if (!first)
		doc[n++] = 'a';
	n += utf8_put(cp, doc + n);
	doc[n++] = '/';
	doc[n++] = '>';
	XML_Parser p = XML_ParserCreate(NULL);
	if (!p)
		return 0;
	int ok = XML_Parse(p, doc, (int)n, 1) == XML_STATUS_OK;
	XML_ParserFree(p);
	return ok;
}

static int name_char_ok(struct xlsx *x, const unsigned char *u, int k, int first)
{
	unsigned cp = k == 2   ? (u[0] & 0x1fu) << 6 | (u[1] & 0x3fu)
		      : k == 3 ? (u[0] & 0x0fu) << 12 | (u[1] & 0x3fu) << 6 | (u[2] & 0x3fu)
			       : (u[0] & 0x07u) << 18 | (u[1] & 0x3fu) << 12 | (u[2] & 0x3fu) << 6 |
					 (u[3] & 0x3fu);
	if (cp > 0xffff)
		return expat_name_ok(cp, first);
	if (!x->names)
		x->names = xcalloc(1, sizeof *x->names);
	unsigned byte = cp >> 3, bit = 1u << (cp & 7);
	if (!(x->names->known[first][byte] & bit)) {
		x->names->known[first][byte] |= (unsigned char)bit;
		if (expat_name_ok(cp, first))
			x->names->ok[first][byte] |= (unsigned char)bit;
	}
	return (x->names->ok[first][byte] & bit) != 0;
}

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
	if (s->depth >= MAX_DEPTH)
		return sx_fail_at(s, s->pos, "元素嵌套过深（最多 " STR(MAX_DEPTH) " 层）");
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
		if (s->natt == MAX_ATTRS)
			return sx_fail_at(s, i, "属性过多（一个元素最多 " STR(MAX_ATTRS) " 个）");
		if (s->natt == s->xa_cap) {
			s->xa_cap = s->xa_cap ? s->xa_cap * 2 : 16;
			s->xa = xrealloc(s->xa, s->xa_cap * sizeof *s->xa);
			s->xa_intag = xrealloc(s->xa_intag, s->xa_cap);
			s->xa_off = xrealloc(s->xa_off, s->xa_cap * sizeof *s->xa_off);
		}
		struct xattr *a = &s->xa[s->natt];
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
		return err_set(s->e, ERR_INVALID, s->pr->name,
			       "文件 %s 含有 DOCTYPE 声明，出于安全原因拒绝读取", s->pr->name);
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
static int sx_parse(struct part *pr, char *buf, size_t cap, size_t have, size_t max_buf,
		    XML_CharacterDataHandler text, struct xp *xp, struct err *e)
{
	struct sx s;
	memset(&s, 0, sizeof s);
	s.pr = pr;
	s.xp = xp;
	s.text = text;
	s.e = e;
	s.buf = buf;
	s.cap = cap;
	s.minfree = cap / 4 < INCHUNK ? cap / 4 : INCHUNK;
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

/*
 * Parse the part NAME with the handlers; the user data starts with struct xp.
 * A missing part is ERR_NOT_FOUND (the caller decides if that matters).
 * FAST lets a UTF-8 part go through the scanner above instead of expat.
 */
static int parse_stream(struct xlsx *x, const char *name, XML_StartElementHandler start,
			XML_EndElementHandler end, XML_CharacterDataHandler text, struct xp *xp,
			int fast, struct err *e)
{
	struct part pr;
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
		rc = part_open(x, name, &pr, e);
		if (rc)
			return rc;
		while (hn < sizeof head) {
			long got = part_read(&pr, head + hn, sizeof head - hn, e);
			if (got < 0)
				rc = (int)got;
			if (got <= 0)
				break;
			hn += (size_t)got;
		}
		part_close(&pr);
		if (rc)
			return rc;
		utf8 = xml_is_utf8(head, hn);
	}
	rc = part_open(x, name, &pr, e);
	if (rc)
		return rc;
	size_t bufsz = fast ? x->lim.read_buf : CHUNK;
	char *buf = xmalloc((bufsz > CHUNK ? bufsz : CHUNK) + 1);
	size_t have = 0;
	for (;;) {
		long got = part_read(&pr, buf + have, bufsz - have, e);
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
		 * MAX_TOKEN bytes whatever the buffer's alignment: a longer one in a
		 * crafted file is refused instead of growing the buffer to the size
		 * of the part (character data never needs it: it goes in pieces).
		 */
		size_t max_buf = MAX_TOKEN + 2 * bufsz + 2 * CHUNK;
		rc = sx_parse(&pr, buf, bufsz, have, max_buf, text, xp, e);
	} else {
		rc = expat_parse(&pr, buf, have, start, end, text, xp, e);
		free(buf);
	}
out:
	part_close(&pr);
	free(xp->xa);
	xp->xa = NULL;
	xp->xa_cap = 0;
	return rc;
}

static int parse_part(struct xlsx *x, const char *name, XML_StartElementHandler start,
		      XML_EndElementHandler end, XML_CharacterDataHandler text, struct xp *xp,
		      struct err *e)
{
	return parse_stream(x, name, start, end, text, xp, 0, e);
}

/* Resolve TARGET of a relationship in the part BASE ("xl/workbook.xml"). */
static char *resolve(const char *base, const char *target)
{
	struct strbuf sb;
	strbuf_init(&sb, 4096);
	if (target[0] == '/') {
		strbuf_adds(&sb, target + 1);
		return strbuf_take(&sb, NULL);
	}
	const char *slash = strrchr(base, '/');
	if (slash)
		strbuf_add(&sb, base, (size_t)(slash - base + 1));
	while (!strncmp(target, "../", 3)) {
		target += 3;
		/* drop the last directory of the prefix */
		if (sb.len > 0)
			sb.len--;
		while (sb.len > 0 && sb.buf[sb.len - 1] != '/')
			sb.len--;
		if (sb.buf)
			sb.buf[sb.len] = '\0';
	}
	while (!strncmp(target, "./", 2))
		target += 2;
	strbuf_adds(&sb, target);
	return strbuf_take(&sb, NULL);
}

/* ---- relationships ------------------------------------------------------------ */

struct rel {
	char *id;
	char *type;
	char *target;
};

struct rels_parse {
	struct xp xp;
	struct rel *rels;
	size_t n, cap;
};

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct rels_parse *rp = ud;
	if (strcmp(local(name), "Relationship"))
		return;
	const char *id = attr(atts, "Id"), *type = attr(atts, "Type"),
		   *target = attr(atts, "Target");
	if (!id || !type || !target)
		return;
	if (rp->n >= 10000) {
		err_set(rp->xp.e, ERR_TOO_BIG, rp->xp.part, "%s 的关系条目过多", rp->xp.part);
		xp_fail(&rp->xp, ERR_TOO_BIG);
		return;
	}
	if (rp->n == rp->cap) {
		rp->cap = rp->cap ? rp->cap * 2 : 16;
		rp->rels = xrealloc(rp->rels, rp->cap * sizeof *rp->rels);
	}
	rp->rels[rp->n].id = xstrdup(id);
	rp->rels[rp->n].type = xstrdup(type);
	rp->rels[rp->n].target = xstrdup(target);
	rp->n++;
}

static void rels_free(struct rels_parse *rp)
{
	for (size_t i = 0; i < rp->n; i++) {
		free(rp->rels[i].id);
		free(rp->rels[i].type);
		free(rp->rels[i].target);
	}
	free(rp->rels);
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && streq(s + a - b, suffix);
}

static const struct rel *rel_by_type(const struct rels_parse *rp, const char *suffix)
{
	for (size_t i = 0; i < rp->n; i++)
		if (ends_with(rp->rels[i].type, suffix))
			return &rp->rels[i];
	return NULL;
}

/* ---- workbook ------------------------------------------------------------------ */

struct wb_sheet {
	char *name;
	char *rid;
};

struct wb_parse {
	struct xp xp;
	struct wb_sheet *sheets;
	size_t n, cap;
	int date1904;
};

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct wb_parse *wp = ud;
	const char *ln = local(name);
	if (streq(ln, "workbookPr")) {
		const char *v = attr(atts, "date1904");
		wp->date1904 = v && (streq(v, "1") || streq(v, "true"));
	} else if (streq(ln, "sheet")) {
		const char *sn = attr(atts, "name"), *rid = attr_rid(atts);
		if (!sn || !rid)
			return;
		if (wp->n >= wp->xp.x->lim.max_sheets) {
			err_set(wp->xp.e, ERR_TOO_BIG, wp->xp.part, "工作表超过 %zu 个",
				wp->xp.x->lim.max_sheets);
			xp_fail(&wp->xp, ERR_TOO_BIG);
			return;
		}
		if (wp->n == wp->cap) {
			wp->cap = wp->cap ? wp->cap * 2 : 8;
			wp->sheets = xrealloc(wp->sheets, wp->cap * sizeof *wp->sheets);
		}
		wp->sheets[wp->n].name = xstrdup(sn);
		wp->sheets[wp->n].rid = xstrdup(rid);
		wp->n++;
	}
}

/* ---- styles ---------------------------------------------------------------------- */

struct fmt {
	unsigned id;
	int is_date;
};

struct st_parse {
	struct xp xp;
	struct fmt *fmts;
	size_t nfmts, cap_fmts;
	int in_cellxfs;
	unsigned *xf_fmt;
	size_t nxf, cap_xf;
};

static void XMLCALL st_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct st_parse *sp = ud;
	const char *ln = local(name);
	if (streq(ln, "numFmt")) {
		const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
		if (!id || !code || sp->nfmts >= 100000)
			return;
		if (sp->nfmts == sp->cap_fmts) {
			sp->cap_fmts = sp->cap_fmts ? sp->cap_fmts * 2 : 16;
			sp->fmts = xrealloc(sp->fmts, sp->cap_fmts * sizeof *sp->fmts);
		}
		sp->fmts[sp->nfmts].id = (unsigned)strtoul(id, NULL, 10);
		sp->fmts[sp->nfmts].is_date = xlsx_format_is_date(0, code);
		sp->nfmts++;
	} else if (streq(ln, "cellXfs")) {
		sp->in_cellxfs = 1;
	} else if (streq(ln, "xf") && sp->in_cellxfs) {
		if (sp->nxf >= 1000000) {
			err_set(sp->xp.e, ERR_TOO_BIG, sp->xp.part, "单元格样式过多");
			xp_fail(&sp->xp, ERR_TOO_BIG);
			return;
		}
		const char *id = attr(atts, "numFmtId");
		if (sp->nxf == sp->cap_xf) {
			sp->cap_xf = sp->cap_xf ? sp->cap_xf * 2 : 64;
			sp->xf_fmt = xrealloc(sp->xf_fmt, sp->cap_xf * sizeof *sp->xf_fmt);
		}
		sp->xf_fmt[sp->nxf++] = id ? (unsigned)strtoul(id, NULL, 10) : 0;
	}
}

static void XMLCALL st_end(void *ud, const XML_Char *name)
{
	struct st_parse *sp = ud;
	if (streq(local(name), "cellXfs"))
		sp->in_cellxfs = 0;
}

static int load_styles(struct xlsx *x, const char *path, struct err *e)
{
	struct st_parse sp;
	memset(&sp, 0, sizeof sp);
	int rc = parse_part(x, path, st_start, st_end, NULL, &sp.xp, e);
	if (rc == ERR_NOT_FOUND)
		rc = 0;
	if (rc)
		goto out;
	x->xf_date = xcalloc(sp.nxf ? sp.nxf : 1, 1);
	x->nxf = sp.nxf;
	for (size_t i = 0; i < sp.nxf; i++) {
		unsigned id = sp.xf_fmt[i];
		int custom = -1;
		for (size_t k = 0; k < sp.nfmts; k++)
			if (sp.fmts[k].id == id)
				custom = sp.fmts[k].is_date;
		x->xf_date[i] =
			(unsigned char)(custom >= 0 ? custom : xlsx_format_is_date(id, NULL));
	}
out:
	free(sp.fmts);
	free(sp.xf_fmt);
	return rc;
}

/* ---- text: _xHHHH_ escapes ------------------------------------------------------- */

/* Decode _xHHHH_ escapes in place in (S, *N), as UTF-8. */
static void unescape_x(char *s, size_t *n)
{
	if (!memchr(s, '_', *n))
		return;
	size_t r = 0, w = 0, len = *n;
	while (r < len) {
		if (s[r] == '_' && r + 6 < len && s[r + 1] == 'x' && s[r + 6] == '_') {
			int h0 = hexval(s[r + 2]), h1 = hexval(s[r + 3]), h2 = hexval(s[r + 4]),
			    h3 = hexval(s[r + 5]);
			if (h0 >= 0 && h1 >= 0 && h2 >= 0 && h3 >= 0) {
				unsigned cp = (unsigned)(h0 << 12 | h1 << 8 | h2 << 4 | h3);
				r += 7;
				if (cp >= 0xd800 && cp <= 0xdfff)
					continue;
				if (cp < 0x80) {
					s[w++] = (char)cp;
				} else if (cp < 0x800) {
					s[w++] = (char)(0xc0 | (cp >> 6));
					s[w++] = (char)(0x80 | (cp & 0x3f));
				} else {
					s[w++] = (char)(0xe0 | (cp >> 12));
					s[w++] = (char)(0x80 | ((cp >> 6) & 0x3f));
					s[w++] = (char)(0x80 | (cp & 0x3f));
				}
				continue;
			}
		}
		s[w++] = s[r++];
	}
	s[w] = '\0';
	*n = w;
}

/* ---- shared strings ------------------------------------------------------------- */

struct ss_parse {
	struct xp xp;
	int in_si;
	int in_t;
	int rph; /* depth inside <rPh> */
	size_t start;
};

static void ss_open(void *ud, const char *name, size_t nn, const struct xattr *a, size_t na)
{
	(void)a;
	(void)na;
	struct ss_parse *sp = ud;
	struct xlsx *x = sp->xp.x;
	size_t n;
	const char *ln = lname(name, nn, &n);
	if (LEQ(ln, n, "si")) {
		sp->in_si = 1;
		sp->start = x->ss.len;
	} else if (LEQ(ln, n, "rPh")) {
		sp->rph++;
	} else if (LEQ(ln, n, "t") && sp->in_si && !sp->rph) {
		sp->in_t = 1;
	}
}

static void ss_close(void *ud, const char *name, size_t nn)
{
	struct ss_parse *sp = ud;
	struct xlsx *x = sp->xp.x;
	size_t n0;
	const char *ln = lname(name, nn, &n0);
	if (LEQ(ln, n0, "t")) {
		sp->in_t = 0;
	} else if (LEQ(ln, n0, "rPh")) {
		sp->rph--;
	} else if (LEQ(ln, n0, "si") && sp->in_si) {
		sp->in_si = 0;
		if (x->nss >= x->lim.max_shared) {
			err_set(sp->xp.e, ERR_TOO_BIG, sp->xp.part, "共享字符串超过 %zu 个",
				x->lim.max_shared);
			xp_fail(&sp->xp, ERR_TOO_BIG);
			return;
		}
		size_t n = x->ss.len - sp->start;
		if (n)
			unescape_x(x->ss.buf + sp->start, &n);
		x->ss.len = sp->start + n;
		if (strbuf_addc(&x->ss, '\0')) {
			err_set(sp->xp.e, ERR_TOO_BIG, sp->xp.part,
				"共享字符串总长度超过上限（%zu MiB）", SHARED_TEXT_MAX >> 20);
			xp_fail(&sp->xp, ERR_TOO_BIG);
			return;
		}
		if (x->nss == x->cap_ss) {
			x->cap_ss = x->cap_ss ? x->cap_ss * 2 : 1024;
			x->ss_off = xrealloc(x->ss_off, x->cap_ss * sizeof *x->ss_off);
			x->ss_len = xrealloc(x->ss_len, x->cap_ss * sizeof *x->ss_len);
		}
		x->ss_off[x->nss] = sp->start;
		x->ss_len[x->nss] = n;
		x->nss++;
	}
}

static void XMLCALL ss_text(void *ud, const XML_Char *s, int len)
{
	struct ss_parse *sp = ud;
	if (!sp->in_t || sp->rph)
		return;
	if (strbuf_add(&sp->xp.x->ss, s, (size_t)len)) {
		err_set(sp->xp.e, ERR_TOO_BIG, sp->xp.part, "共享字符串总长度超过上限（%zu MiB）",
			SHARED_TEXT_MAX >> 20);
		xp_fail(&sp->xp, ERR_TOO_BIG);
	}
}

/* ---- open ------------------------------------------------------------------------- */

static void limits_init(struct xlsx_limits *l, const struct xlsx_limits *in)
{
	l->max_part = in && in->max_part ? in->max_part : (size_t)512 << 20;
	l->max_rows = in && in->max_rows ? in->max_rows : 1048576;
	l->max_cols = in && in->max_cols ? in->max_cols : 512;
	l->max_cell = in && in->max_cell ? in->max_cell : (size_t)64 << 10;
	l->max_shared = in && in->max_shared ? in->max_shared : 4000000;
	l->max_merges = in && in->max_merges ? in->max_merges : 100000;
	l->max_sheets = in && in->max_sheets ? in->max_sheets : 256;
	l->max_entries = in && in->max_entries ? in->max_entries : 10000;
	l->read_buf = in && in->read_buf ? in->read_buf : SXBUF;
	if (l->read_buf < 16)
		l->read_buf = 16;
	if (l->read_buf > (size_t)64 << 20)
		l->read_buf = (size_t)64 << 20;
}

static int load(struct xlsx *x, struct err *e)
{
	struct rels_parse root, wbrels;
	struct wb_parse wp;
	char *wb_path = NULL, *wbrels_path = NULL;
	memset(&root, 0, sizeof root);
	memset(&wbrels, 0, sizeof wbrels);
	memset(&wp, 0, sizeof wp);
	int rc = parse_part(x, "_rels/.rels", rels_start, NULL, NULL, &root.xp, e);
	if (rc && rc != ERR_NOT_FOUND)
		goto out;
	const struct rel *office = rel_by_type(&root, "/officeDocument");
	wb_path = resolve("", office ? office->target : "xl/workbook.xml");

	rc = parse_part(x, wb_path, wb_start, NULL, NULL, &wp.xp, e);
	if (rc == ERR_NOT_FOUND)
		rc = err_set(e, ERR_INVALID, NULL, "不是有效的 XLSX 文件：缺少工作簿 %s", wb_path);
	if (rc)
		goto out;
	x->date1904 = wp.date1904;

	/* xl/workbook.xml → xl/_rels/workbook.xml.rels */
	struct strbuf sb;
	strbuf_init(&sb, 4096);
	const char *slash = strrchr(wb_path, '/');
	size_t dir = slash ? (size_t)(slash - wb_path + 1) : 0;
	strbuf_add(&sb, wb_path, dir);
	strbuf_adds(&sb, "_rels/");
	strbuf_adds(&sb, wb_path + dir);
	strbuf_adds(&sb, ".rels");
	wbrels_path = strbuf_take(&sb, NULL);
	rc = parse_part(x, wbrels_path, rels_start, NULL, NULL, &wbrels.xp, e);
	if (rc == ERR_NOT_FOUND)
		rc = err_set(e, ERR_INVALID, NULL, "不是有效的 XLSX 文件：缺少 %s", wbrels_path);
	if (rc)
		goto out;

	x->sheets = xcalloc(wp.n ? wp.n : 1, sizeof *x->sheets);
	for (size_t i = 0; i < wp.n; i++) {
		for (size_t k = 0; k < wbrels.n; k++) {
			const struct rel *r = &wbrels.rels[k];
			if (strcmp(r->id, wp.sheets[i].rid) || !ends_with(r->type, "/worksheet"))
				continue;
			x->sheets[x->nsheets].name = xstrdup(wp.sheets[i].name);
			x->sheets[x->nsheets].path = resolve(wb_path, r->target);
			x->nsheets++;
			break;
		}
	}
	if (x->nsheets == 0) {
		rc = err_set(e, ERR_INVALID, NULL, "工作簿中没有工作表");
		goto out;
	}

	const struct rel *styles = rel_by_type(&wbrels, "/styles");
	if (styles) {
		char *path = resolve(wb_path, styles->target);
		rc = load_styles(x, path, e);
		free(path);
		if (rc)
			goto out;
	}
	const struct rel *shared = rel_by_type(&wbrels, "/sharedStrings");
	if (shared) {
		char *path = resolve(wb_path, shared->target);
		struct ss_parse sp;
		memset(&sp, 0, sizeof sp);
		sp.xp.open = ss_open;
		sp.xp.close = ss_close;
		rc = parse_stream(x, path, xp_start, xp_end, ss_text, &sp.xp, 1, e);
		free(path);
		if (rc == ERR_NOT_FOUND)
			rc = 0;
		if (rc)
			goto out;
	}
out:
	for (size_t i = 0; i < wp.n; i++) {
		free(wp.sheets[i].name);
		free(wp.sheets[i].rid);
	}
	free(wp.sheets);
	rels_free(&root);
	rels_free(&wbrels);
	free(wb_path);
	free(wbrels_path);
	return rc;
}

static int open_common(zip_t *z, const struct xlsx_limits *limits, int expat_only,
		       struct xlsx **out, struct err *e)
{
	struct xlsx *x = xcalloc(1, sizeof *x);
	x->zip = z;
	x->expat_only = expat_only;
	limits_init(&x->lim, limits);
	/* all shared text is held at once: at most SHARED_TEXT_MAX, whatever the part's cap */
	strbuf_init(&x->ss, x->lim.max_part < SHARED_TEXT_MAX ? x->lim.max_part : SHARED_TEXT_MAX);
	int rc = 0;
	zip_int64_t entries = zip_get_num_entries(z, 0);
	if (entries < 0 || (zip_uint64_t)entries > x->lim.max_entries)
		rc = err_set(e, ERR_TOO_BIG, NULL, "XLSX 文件包含的条目超过 %zu 个",
			     x->lim.max_entries);
	if (!rc)
		rc = load(x, e);
	if (rc) {
		xlsx_free(x);
		return rc;
	}
	*out = x;
	return 0;
}

static int zip_error_msg(int code, struct err *e)
{
	if (code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS)
		return err_set(e, ERR_INVALID, NULL,
			       "不是有效的 XLSX 文件（若为旧版 .xls 或 .et 文件，请另存为 .xlsx）");
	zip_error_t ze;
	zip_error_init_with_code(&ze, code);
	err_set(e, code == ZIP_ER_OPEN || code == ZIP_ER_READ ? ERR_IO : ERR_INVALID, NULL,
		"无法打开 XLSX 文件：%s", zip_error_strerror(&ze));
	zip_error_fini(&ze);
	return e ? e->code : ERR_INVALID;
}

int xlsx_open_file(const char *path, const struct xlsx_limits *limits, struct xlsx **out,
		   struct err *e)
{
	int code = 0;
	zip_t *z = zip_open(path, ZIP_RDONLY, &code);
	if (!z)
		return zip_error_msg(code, e);
	return open_common(z, limits, 0, out, e);
}

int xlsx_open_fp(FILE *f, const struct xlsx_limits *limits, struct xlsx **out, struct err *e)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_filep_create(f, 0, -1, &ze);
	if (!src) {
		zip_error_fini(&ze);
		fclose(f);
		return err_set(e, ERR_INTERNAL, NULL, "内存不足");
	}
	zip_t *z = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (!z) {
		int code = zip_error_code_zip(&ze);
		zip_source_free(src); /* closes F */
		zip_error_fini(&ze);
		return zip_error_msg(code, e);
	}
	zip_error_fini(&ze);
	return open_common(z, limits, 0, out, e);
}

static int open_mem(const void *p, size_t n, const struct xlsx_limits *limits, int expat_only,
		    struct xlsx **out, struct err *e)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(p, n, 0, &ze);
	if (!src) {
		zip_error_fini(&ze);
		return err_set(e, ERR_INTERNAL, NULL, "内存不足");
	}
	zip_t *z = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (!z) {
		int code = zip_error_code_zip(&ze);
		zip_source_free(src);
		zip_error_fini(&ze);
		return zip_error_msg(code, e);
	}
	zip_error_fini(&ze);
	return open_common(z, limits, expat_only, out, e);
}

int xlsx_open_mem(const void *p, size_t n, const struct xlsx_limits *limits, struct xlsx **out,
		  struct err *e)
{
	return open_mem(p, n, limits, 0, out, e);
}

int xlsx_open_mem_expat(const void *p, size_t n, const struct xlsx_limits *limits,
			struct xlsx **out, struct err *e)
{
	return open_mem(p, n, limits, 1, out, e);
}

void xlsx_free(struct xlsx *x)
{
	if (!x)
		return;
	if (x->zip)
		zip_discard(x->zip);
	for (size_t i = 0; i < x->nsheets; i++) {
		free(x->sheets[i].name);
		free(x->sheets[i].path);
	}
	free(x->sheets);
	strbuf_cleanup(&x->ss);
	free(x->ss_off);
	free(x->ss_len);
	free(x->xf_date);
	free(x->names);
	free(x);
}

size_t xlsx_sheet_count(const struct xlsx *x)
{
	return x->nsheets;
}

const char *xlsx_sheet_name(const struct xlsx *x, size_t i)
{
	return i < x->nsheets ? x->sheets[i].name : NULL;
}

int xlsx_sheet_find(const struct xlsx *x, const char *name)
{
	for (size_t i = 0; i < x->nsheets; i++)
		if (streq(x->sheets[i].name, name))
			return (int)i;
	return -1;
}

int xlsx_date1904(const struct xlsx *x)
{
	return x->date1904;
}

uint32_t xlsx_rows_hint(const struct xlsx *x)
{
	return x->rows_hint;
}

/* ---- merged ranges ----------------------------------------------------------------- */

struct merge {
	uint32_t r1, r2;
	uint32_t c1, c2;
	enum xlsx_type type;
	char *val;
	size_t n;
};

/* Parse "A1" into 0-based column and 1-based row; -1 on error. */
static int parse_ref(const char *s, size_t n, long *col, long *row)
{
	size_t nl;
	long c = xlsx_col_index(s, n, &nl);
	if (c < 0 || nl == n)
		return -1;
	long r = 0;
	for (size_t i = nl; i < n; i++) {
		if (s[i] < '0' || s[i] > '9' || r > 100000000)
			return -1;
		r = r * 10 + (s[i] - '0');
	}
	if (r < 1)
		return -1;
	*col = c;
	*row = r;
	return 0;
}

static int merge_cmp(const void *a, const void *b)
{
	const struct merge *x = a, *y = b;
	if (x->r1 != y->r1)
		return x->r1 < y->r1 ? -1 : 1;
	return x->c1 < y->c1 ? -1 : (x->c1 > y->c1);
}

struct merges {
	struct merge *v;
	size_t n, cap;
	uint64_t area; /* cells covered, summed over the ranges */
};

/*
 * The cells all merged ranges of a sheet may cover together: filling them
 * costs time per row, and overlapping ranges of a crafted sheet could make
 * that astronomical (a ledger merges headers and some cells down a column).
 */
#define MERGE_AREA_MAX ((uint64_t)1 << 24)

/* Add the range "A1:C2" (S, N); ignores malformed and single-cell ranges. */
static int merges_add(struct merges *m, const struct xlsx *x, const char *s, size_t n,
		      struct err *e)
{
	const char *colon = memchr(s, ':', n);
	if (!colon)
		return 0;
	long c1, r1, c2, r2;
	if (parse_ref(s, (size_t)(colon - s), &c1, &r1) ||
	    parse_ref(colon + 1, n - (size_t)(colon - s) - 1, &c2, &r2))
		return 0;
	if (c2 < c1 || r2 < r1 || (c1 == c2 && r1 == r2))
		return 0;
	if ((size_t)c2 >= x->lim.max_cols)
		c2 = (long)x->lim.max_cols - 1;
	if (c1 > c2)
		return 0;
	if (m->n >= x->lim.max_merges)
		return err_set(e, ERR_TOO_BIG, NULL, "合并单元格超过 %zu 处", x->lim.max_merges);
	if ((size_t)r2 > x->lim.max_rows)
		r2 = (long)x->lim.max_rows;
	m->area += (uint64_t)(r2 - r1 + 1) * (uint64_t)(c2 - c1 + 1);
	if (m->area > MERGE_AREA_MAX)
		return err_set(e, ERR_TOO_BIG, NULL,
			       "合并单元格覆盖的范围过大（合计超过 %llu 个单元格）",
			       (unsigned long long)MERGE_AREA_MAX);
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 16;
		m->v = xrealloc(m->v, m->cap * sizeof *m->v);
	}
	struct merge *g = &m->v[m->n++];
	memset(g, 0, sizeof *g);
	g->r1 = (uint32_t)r1;
	g->r2 = (uint32_t)r2;
	g->c1 = (uint32_t)c1;
	g->c2 = (uint32_t)c2;
	return 0;
}

/* Read the last row of <dimension ref="A1:N500"/> at the head of a sheet. */
static void dimension_hint(struct xlsx *x, const char *buf, size_t n)
{
	x->rows_hint = 0;
	const char *d = memmem(buf, n, "dimension", 9);
	if (!d)
		return;
	const char *gt = memchr(d, '>', n - (size_t)(d - buf));
	const char *ref = gt ? memmem(d, (size_t)(gt - d), "ref=", 4) : NULL;
	if (!ref || (ref[4] != '"' && ref[4] != '\''))
		return;
	const char *v = ref + 5, *q = memchr(v, ref[4], (size_t)(gt - v));
	const char *colon = q ? memchr(v, ':', (size_t)(q - v)) : NULL;
	long col, row;
	if (colon && parse_ref(colon + 1, (size_t)(q - colon - 1), &col, &row) == 0)
		x->rows_hint = (uint32_t)row;
}

/*
 * The merged ranges come after the rows in a sheet's XML, so they are found
 * by a first pass over the inflated bytes that looks only for
 * <mergeCell ref="…"> tags (no XML parsing: inflating is cheap, parsing is
 * not). The second pass, the real parse, then knows every range.
 */
static int scan_merges(struct xlsx *x, const char *path, struct merges *m, struct err *e)
{
	struct part pr;
	int rc = part_open(x, path, &pr, e);
	if (rc == ERR_NOT_FOUND)
		return err_set(e, ERR_INVALID, path, "不是有效的 XLSX 文件：缺少工作表 %s", path);
	if (rc)
		return rc;
	enum { KEEP = 512 };
	char *buf = xmalloc(SXBUF + KEEP + 1);
	size_t have = 0, total = 0;
	for (;;) {
		long got = part_read(&pr, buf + have, SXBUF, e);
		if (got < 0) {
			rc = (int)got;
			goto out;
		}
		total += (size_t)got;
		have += (size_t)got;
		buf[have] = '\0';
		if (total == (size_t)got)
			dimension_hint(x, buf, have);
		size_t done = 0, pend_at = 0;
		int pending = 0;
		for (;;) {
			char *hit = memmem(buf + done, have - done, "mergeCell", 9);
			if (!hit)
				break;
			size_t at = (size_t)(hit - buf);
			char *gt = memchr(hit, '>', have - at);
			if (!gt) {
				/* the tag goes on in the next chunk, unless it is absurdly long */
				if (got != 0 && have - at <= KEEP) {
					pending = 1;
					pend_at = at;
				}
				done = have;
				break;
			}
			done = (size_t)(gt - buf) + 1;
			/* a tag <prefix:mergeCell …>, not <mergeCells …> */
			if (hit == buf || (hit[-1] != '<' && hit[-1] != ':') ||
			    !(hit[9] == ' ' || hit[9] == '\t' || hit[9] == '\r' || hit[9] == '\n'))
				continue;
			char *ref = memmem(hit, (size_t)(gt - hit), "ref=", 4);
			if (!ref ||
			    !(ref[-1] == ' ' || ref[-1] == '\t' || ref[-1] == '\n' ||
			      ref[-1] == '\r') ||
			    (ref[4] != '"' && ref[4] != '\''))
				continue;
			char q = ref[4];
			char *val = ref + 5;
			char *endq = memchr(val, q, (size_t)(gt - val));
			if (!endq)
				continue;
			rc = merges_add(m, x, val, (size_t)(endq - val), e);
			if (rc)
				goto out;
		}
		if (got == 0)
			break;
		/* keep a tail that may hold the start of a split tag */
		size_t keep_from = pending ? pend_at : (have > 16 ? have - 16 : 0);
		if (keep_from < done && !pending)
			keep_from = done;
		memmove(buf, buf + keep_from, have - keep_from);
		have -= keep_from;
	}
	if (m->n)
		qsort(m->v, m->n, sizeof *m->v, merge_cmp);
out:
	free(buf);
	part_close(&pr);
	return rc;
}

/* ---- sheet ------------------------------------------------------------------------- */

struct cellrec {
	enum xlsx_type type;
	size_t off, n;
};

struct sh_parse {
	struct xp xp;
	xlsx_row_fn fn;
	void *ctx;
	struct merges *m;
	size_t next_merge; /* first merge not yet activated */
	size_t *active;
	size_t nactive;

	int in_row, in_c, in_v, in_is, in_t, rph;
	uint32_t row;	   /* current row number */
	long col;	   /* current column */
	char ctype[16];	   /* t attribute of the cell */
	long style;	   /* s attribute */
	struct strbuf val; /* text of the current cell */
	struct strbuf rowtext;
	struct cellrec *cells;
	size_t ncells; /* columns filled so far: 0..ncells-1 */
	struct xlsx_cell *out;
	size_t cap_cells;
};

static void ensure_cells(struct sh_parse *sp, size_t n)
{
	if (n <= sp->cap_cells)
		return;
	size_t cap = sp->cap_cells ? sp->cap_cells : 32;
	while (cap < n)
		cap *= 2;
	sp->cells = xrealloc(sp->cells, cap * sizeof *sp->cells);
	sp->out = xrealloc(sp->out, cap * sizeof *sp->out);
	for (size_t i = sp->cap_cells; i < cap; i++)
		sp->cells[i].type = XLSX_EMPTY;
	sp->cap_cells = cap;
}

static void sh_fail(struct sh_parse *sp, int rc)
{
	xp_fail(&sp->xp, rc);
}

/*
 * The row number (P, N) as strtoul reads it — optional leading whitespace and
 * '+', then only digits — in 1..4294967295; 0 when it is not one.
 */
static uint32_t row_number(const char *p, size_t n)
{
	size_t i = 0;
	while (i < n && (p[i] == ' ' || (p[i] >= '\t' && p[i] <= '\r')))
		i++;
	if (i < n && p[i] == '+')
		i++;
	if (i == n)
		return 0;
	uint64_t v = 0;
	for (; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return 0;
		v = v * 10 + (uint64_t)(p[i] - '0');
		if (v > 0xffffffffu)
			return 0;
	}
	return (uint32_t)v;
}

/* The style index (P, N) as strtol reads it (0 without digits; large values saturate). */
static long style_number(const char *p, size_t n)
{
	size_t i = 0;
	int neg = 0;
	while (i < n && (p[i] == ' ' || (p[i] >= '\t' && p[i] <= '\r')))
		i++;
	if (i < n && (p[i] == '+' || p[i] == '-'))
		neg = p[i++] == '-';
	long v = 0;
	for (; i < n && p[i] >= '0' && p[i] <= '9'; i++)
		if (v < 1000000000000L)
			v = v * 10 + (p[i] - '0');
	return neg ? -v : v;
}

static void sh_open(void *ud, const char *name, size_t nn, const struct xattr *a, size_t na)
{
	struct sh_parse *sp = ud;
	struct xlsx *x = sp->xp.x;
	size_t n;
	const char *ln = lname(name, nn, &n);
	if (LEQ(ln, n, "row")) {
		const struct xattr *r = xattr_find(a, na, "r", 1);
		uint32_t prev = sp->row;
		if (r) {
			uint32_t v = row_number(r->val, r->vn);
			if (!v) {
				err_set(sp->xp.e, ERR_INVALID, NULL, "工作表行号无效：%.*s",
					(int)(r->vn > 64 ? 64 : r->vn), r->val);
				sh_fail(sp, ERR_INVALID);
				return;
			}
			sp->row = v;
		} else {
			sp->row = prev + 1;
		}
		if (sp->row > x->lim.max_rows) {
			err_set(sp->xp.e, ERR_TOO_BIG, NULL, "工作表行数超过上限 %zu 行",
				x->lim.max_rows);
			sh_fail(sp, ERR_TOO_BIG);
			return;
		}
		sp->in_row = 1;
		sp->col = -1;
		sp->ncells = 0;
		strbuf_reset(&sp->rowtext);
	} else if (LEQ(ln, n, "c") && sp->in_row) {
		const struct xattr *r = NULL, *t = NULL, *s = NULL;
		for (size_t i = 0; i < na; i++) {
			size_t k;
			const char *l = lname(a[i].name, a[i].nn, &k);
			if (k != 1)
				continue;
			if (*l == 'r' && !r)
				r = &a[i];
			else if (*l == 't' && !t)
				t = &a[i];
			else if (*l == 's' && !s)
				s = &a[i];
		}
		long col = sp->col + 1;
		if (r) {
			long rr;
			if (parse_ref(r->val, r->vn, &col, &rr)) {
				err_set(sp->xp.e, ERR_INVALID, NULL, "第%u行：单元格引用无效：%.*s",
					(unsigned)sp->row, (int)(r->vn > 64 ? 64 : r->vn), r->val);
				sh_fail(sp, ERR_INVALID);
				return;
			}
		}
		if (col < 0 || (size_t)col >= x->lim.max_cols) {
			err_set(sp->xp.e, ERR_TOO_BIG, NULL, "第%u行：列数超过上限 %zu 列",
				(unsigned)sp->row, x->lim.max_cols);
			sh_fail(sp, ERR_TOO_BIG);
			return;
		}
		sp->col = col;
		size_t tl = t ? t->vn : 0;
		if (tl >= sizeof sp->ctype)
			tl = sizeof sp->ctype - 1; /* an unknown long type reads as a number */
		if (tl)
			memcpy(sp->ctype, t->val, tl);
		sp->ctype[tl] = '\0';
		sp->style = s ? style_number(s->val, s->vn) : 0;
		sp->in_c = 1;
		strbuf_reset(&sp->val);
	} else if (sp->in_c) {
		if (LEQ(ln, n, "v")) {
			sp->in_v = 1;
		} else if (LEQ(ln, n, "is")) {
			sp->in_is = 1;
		} else if (LEQ(ln, n, "rPh")) {
			sp->rph++;
		} else if (LEQ(ln, n, "t") && sp->in_is && !sp->rph) {
			sp->in_t = 1;
		}
	}
}

static void XMLCALL sh_text(void *ud, const XML_Char *s, int len)
{
	struct sh_parse *sp = ud;
	if (!(sp->in_v || (sp->in_t && !sp->rph)))
		return;
	if (strbuf_add(&sp->val, s, (size_t)len)) {
		err_set(sp->xp.e, ERR_TOO_BIG, NULL, "第%u行第%ld列：单元格内容超过 %zu 字节",
			(unsigned)sp->row, sp->col + 1, sp->xp.x->lim.max_cell);
		sh_fail(sp, ERR_TOO_BIG);
	}
}

static const char *const bool_text[2] = {"FALSE", "TRUE"};

/* Store the finished cell's value into the row. */
static void finish_cell(struct sh_parse *sp)
{
	struct xlsx *x = sp->xp.x;
	const char *t = sp->ctype;
	enum xlsx_type type = XLSX_STRING;
	const char *s = sp->val.buf ? sp->val.buf : "";
	size_t n = sp->val.len;
	char tmp[400];

	if (streq(t, "s")) {
		char *end;
		unsigned long i = strtoul(s, &end, 10);
		if (n == 0 || *end || i >= x->nss) {
			err_set(sp->xp.e, ERR_INVALID, NULL, "第%u行第%ld列：共享字符串编号无效",
				(unsigned)sp->row, sp->col + 1);
			sh_fail(sp, ERR_INVALID);
			return;
		}
		s = x->ss.buf + x->ss_off[i];
		n = x->ss_len[i];
	} else if (streq(t, "inlineStr") || streq(t, "str")) {
		if (n)
			unescape_x(sp->val.buf, &n);
	} else if (streq(t, "b")) {
		type = XLSX_BOOL;
		s = bool_text[n > 0 && s[0] != '0'];
		n = strlen(s);
	} else if (streq(t, "e")) {
		type = XLSX_ERROR;
	} else if (streq(t, "d")) {
		type = XLSX_DATE;
		if (n > 10)
			n = 10;
	} else if (n > 0) {
		size_t k = xlsx_number_text(s, n, tmp, sizeof tmp);
		if (k) {
			type = XLSX_NUMBER;
			int32_t days;
			if (sp->style >= 0 && (size_t)sp->style < x->nxf && x->xf_date[sp->style] &&
			    xlsx_serial_to_days(tmp, k, x->date1904, &days) == 0) {
				date_format(days, tmp);
				k = 10;
				type = XLSX_DATE;
			}
			s = tmp;
			n = k;
		}
	}
	if (n == 0)
		return; /* an empty cell */
	if (n > x->lim.max_cell) {
		err_set(sp->xp.e, ERR_TOO_BIG, NULL, "第%u行第%ld列：单元格内容超过 %zu 字节",
			(unsigned)sp->row, sp->col + 1, x->lim.max_cell);
		sh_fail(sp, ERR_TOO_BIG);
		return;
	}
	size_t col = (size_t)sp->col;
	ensure_cells(sp, col + 1);
	for (size_t i = sp->ncells; i <= col; i++)
		sp->cells[i].type = XLSX_EMPTY;
	if (col + 1 > sp->ncells)
		sp->ncells = col + 1;
	size_t off = sp->rowtext.len;
	if (strbuf_add(&sp->rowtext, s, n) || strbuf_addc(&sp->rowtext, '\0')) {
		err_set(sp->xp.e, ERR_TOO_BIG, NULL, "第%u行：内容过长", (unsigned)sp->row);
		sh_fail(sp, ERR_TOO_BIG);
		return;
	}
	sp->cells[col].type = type;
	sp->cells[col].off = off;
	sp->cells[col].n = n;
}

/* Activate the merges that start at or before this row, drop finished ones. */
static void merges_for_row(struct sh_parse *sp)
{
	struct merges *m = sp->m;
	size_t w = 0;
	for (size_t i = 0; i < sp->nactive; i++)
		if (m->v[sp->active[i]].r2 >= sp->row)
			sp->active[w++] = sp->active[i];
	sp->nactive = w;
	while (sp->next_merge < m->n && m->v[sp->next_merge].r1 <= sp->row) {
		size_t k = sp->next_merge++;
		if (m->v[k].r2 >= sp->row)
			sp->active[sp->nactive++] = k;
	}
}

static void apply_merges(struct sh_parse *sp)
{
	merges_for_row(sp);
	for (size_t a = 0; a < sp->nactive; a++) {
		struct merge *g = &sp->m->v[sp->active[a]];
		if (g->r1 == sp->row) {
			/* the top-left cell holds the value of the whole range */
			free(g->val);
			g->val = NULL;
			g->n = 0;
			g->type = XLSX_EMPTY;
			if (g->c1 < sp->ncells && sp->cells[g->c1].type != XLSX_EMPTY) {
				const struct cellrec *c = &sp->cells[g->c1];
				/* filled by an earlier, overlapping range: its value (see emit) */
				const struct merge *from =
					c->off == SIZE_MAX ? &sp->m->v[c->n] : NULL;
				const char *text = from ? from->val : sp->rowtext.buf + c->off;
				g->n = from ? from->n : c->n;
				g->val = xstrndup(text, g->n);
				g->type = c->type;
			}
		}
		if (g->type == XLSX_EMPTY)
			continue;
		ensure_cells(sp, (size_t)g->c2 + 1);
		for (size_t i = sp->ncells; i <= g->c2; i++)
			sp->cells[i].type = XLSX_EMPTY;
		if (g->c2 + 1 > sp->ncells)
			sp->ncells = g->c2 + 1;
		for (uint32_t c = g->c1; c <= g->c2; c++) {
			if (c == g->c1 && g->r1 == sp->row)
				continue;
			sp->cells[c].type = g->type;
			sp->cells[c].off = SIZE_MAX; /* points at g->val, see emit */
			sp->cells[c].n = sp->active[a];
		}
	}
}

static void sh_close(void *ud, const char *name, size_t nn)
{
	struct sh_parse *sp = ud;
	size_t n;
	const char *ln = lname(name, nn, &n);
	if (sp->in_c) {
		if (LEQ(ln, n, "v")) {
			sp->in_v = 0;
		} else if (LEQ(ln, n, "t")) {
			sp->in_t = 0;
		} else if (LEQ(ln, n, "rPh")) {
			sp->rph--;
		} else if (LEQ(ln, n, "is")) {
			sp->in_is = 0;
		} else if (LEQ(ln, n, "c")) {
			sp->in_c = 0;
			sp->in_v = sp->in_t = sp->in_is = sp->rph = 0;
			finish_cell(sp);
		}
		return;
	}
	if (!LEQ(ln, n, "row") || !sp->in_row)
		return;
	sp->in_row = 0;
	if (sp->m->n)
		apply_merges(sp);
	for (size_t i = 0; i < sp->ncells; i++) {
		const struct cellrec *c = &sp->cells[i];
		struct xlsx_cell *o = &sp->out[i];
		o->type = c->type;
		if (c->type == XLSX_EMPTY) {
			o->s = "";
			o->n = 0;
		} else if (c->off == SIZE_MAX) {
			const struct merge *g = &sp->m->v[c->n];
			o->s = g->val;
			o->n = g->n;
		} else {
			o->s = sp->rowtext.buf + c->off;
			o->n = c->n;
		}
	}
	int rc = sp->fn(sp->ctx, sp->row, sp->out, sp->ncells, sp->xp.e);
	if (rc)
		sh_fail(sp, rc);
}

static int read_sheet(struct xlsx *x, size_t index, xlsx_row_fn fn, void *ctx, int fast,
		      struct err *e)
{
	if (index >= x->nsheets)
		return err_set(e, ERR_NOT_FOUND, NULL, "没有第%zu个工作表", index + 1);
	const char *path = x->sheets[index].path;
	struct merges m;
	memset(&m, 0, sizeof m);
	struct sh_parse sp;
	memset(&sp, 0, sizeof sp);
	int rc = scan_merges(x, path, &m, e);
	if (rc)
		goto out;
	sp.fn = fn;
	sp.ctx = ctx;
	sp.m = &m;
	sp.active = xcalloc(m.n ? m.n : 1, sizeof *sp.active);
	strbuf_init(&sp.val, x->lim.max_cell * 6 + 64);
	strbuf_init(&sp.rowtext, x->lim.max_cell * 8 + x->lim.max_cols * 16);
	sp.xp.open = sh_open;
	sp.xp.close = sh_close;
	rc = parse_stream(x, path, xp_start, xp_end, sh_text, &sp.xp, fast, e);
	if (rc == ERR_NOT_FOUND)
		rc = err_set(e, ERR_INVALID, path, "不是有效的 XLSX 文件：缺少工作表 %s", path);
out:
	for (size_t i = 0; i < m.n; i++)
		free(m.v[i].val);
	free(m.v);
	free(sp.active);
	free(sp.cells);
	free(sp.out);
	strbuf_cleanup(&sp.val);
	strbuf_cleanup(&sp.rowtext);
	return rc;
}

int xlsx_read_sheet(struct xlsx *x, size_t index, xlsx_row_fn fn, void *ctx, struct err *e)
{
	return read_sheet(x, index, fn, ctx, 1, e);
}

int xlsx_read_sheet_expat(struct xlsx *x, size_t index, xlsx_row_fn fn, void *ctx, struct err *e)
{
	return read_sheet(x, index, fn, ctx, 0, e);
}
