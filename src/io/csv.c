/* csv — streaming RFC 4180 reader with encoding detection, and the writer. */
#include "io/csv.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

#define CHUNK ((size_t)64 * 1024)

enum state { ST_START, ST_UNQUOTED, ST_QUOTED, ST_QUOTE_SEEN };

struct reader {
	struct csv_limits lim;
	csv_record_fn fn;
	void *ctx;
	struct err *e;
	enum csv_encoding enc;
	int started;  /* the start of the input was checked for a byte order mark */
	int detected; /* the encoding is decided (until then all bytes were ASCII) */
	iconv_t cd;
	char pend[8]; /* an incomplete sequence carried to the next chunk */
	size_t npend;
	char *conv; /* conversion output buffer */
	size_t conv_cap;

	enum state st;
	int skip_lf;
	size_t record; /* number of the record being read (1-based) */
	struct strbuf rec;
	size_t field_start;
	size_t *offs;
	size_t *lens;
	size_t nfields, cap_fields;
	struct csv_field *fields;
};

/* ---- UTF-8 validation ----------------------------------------------------- */

/*
 * Length of the valid UTF-8 prefix of (P, N). When PARTIAL_OK, a sequence cut
 * by the end of the buffer counts as valid (the next chunk completes it).
 */
static size_t utf8_valid_prefix(const unsigned char *p, size_t n, int partial_ok)
{
	size_t i = 0;
	while (i < n) {
		unsigned c = p[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t len;
		unsigned min;
		if (c >= 0xc2 && c <= 0xdf) {
			len = 2;
			min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			len = 3;
			min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			len = 4;
			min = 0x10000;
		} else {
			return i;
		}
		if (i + len > n) {
			for (size_t k = i + 1; k < n; k++)
				if ((p[k] & 0xc0) != 0x80)
					return i;
			return partial_ok ? n : i;
		}
		uint32_t cp = c & (0xff >> (len + 1));
		for (size_t k = 1; k < len; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return i;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return i;
		i += len;
	}
	return i;
}

/* ---- records -------------------------------------------------------------- */

static int end_field(struct reader *r)
{
	size_t len = r->rec.len - r->field_start;
	if (r->nfields >= r->lim.max_fields)
		return err_set(r->e, ERR_TOO_BIG, NULL, "第%zu行：列数超过上限%zu", r->record,
			       r->lim.max_fields);
	if (r->nfields == r->cap_fields) {
		r->cap_fields = r->cap_fields ? r->cap_fields * 2 : 32;
		r->offs = xrealloc(r->offs, r->cap_fields * sizeof *r->offs);
		r->lens = xrealloc(r->lens, r->cap_fields * sizeof *r->lens);
		r->fields = xrealloc(r->fields, r->cap_fields * sizeof *r->fields);
	}
	r->offs[r->nfields] = r->field_start;
	r->lens[r->nfields] = len;
	r->nfields++;
	if (strbuf_addc(&r->rec, '\0'))
		return err_set(r->e, ERR_TOO_BIG, NULL, "第%zu行：超过单行长度上限%zu字节",
			       r->record, r->lim.max_record);
	r->field_start = r->rec.len;
	r->st = ST_START;
	return 0;
}

static int end_record(struct reader *r)
{
	int rc = end_field(r);
	if (rc)
		return rc;
	if (r->record > r->lim.max_rows)
		return err_set(r->e, ERR_TOO_BIG, NULL, "行数超过上限%zu", r->lim.max_rows);
	if (r->enc != CSV_GB18030 &&
	    utf8_valid_prefix((const unsigned char *)r->rec.buf, r->rec.len, 0) != r->rec.len)
		return err_set(r->e, ERR_INVALID, NULL,
			       "第%zu行不是有效的 UTF-8 文本（文件前部为 UTF-8，此处出现其他编码）",
			       r->record);
	for (size_t i = 0; i < r->nfields; i++) {
		r->fields[i].s = r->rec.buf + r->offs[i];
		r->fields[i].n = r->lens[i];
	}
	rc = r->fn(r->ctx, r->record, r->fields, r->nfields, r->e);
	if (rc)
		return rc;
	r->record++;
	r->nfields = 0;
	strbuf_reset(&r->rec);
	r->field_start = 0;
	r->st = ST_START;
	return 0;
}

static int add_bytes(struct reader *r, const char *p, size_t n)
{
	if (r->rec.len - r->field_start + n > r->lim.max_field)
		return err_set(r->e, ERR_TOO_BIG, NULL, "第%zu行第%zu列：单元格超过长度上限%zu字节",
			       r->record, r->nfields + 1, r->lim.max_field);
	if (strbuf_add(&r->rec, p, n))
		return err_set(r->e, ERR_TOO_BIG, NULL, "第%zu行：超过单行长度上限%zu字节",
			       r->record, r->lim.max_record);
	return 0;
}

static int is_special(char c)
{
	return c == ',' || c == '"' || c == '\r' || c == '\n';
}

/* Parse UTF-8 (or already converted) bytes. */
static int parse(struct reader *r, const char *p, size_t n)
{
	size_t i = 0;
	int rc = 0;
	while (i < n) {
		char c = p[i];
		if (r->skip_lf) {
			r->skip_lf = 0;
			if (c == '\n') {
				i++;
				continue;
			}
		}
		switch (r->st) {
		case ST_START:
		case ST_UNQUOTED:
			if (c == '"' && r->st == ST_START) {
				r->st = ST_QUOTED;
				i++;
			} else if (c == ',') {
				rc = end_field(r);
				i++;
			} else if (c == '\n' || c == '\r') {
				r->skip_lf = c == '\r';
				rc = end_record(r);
				i++;
			} else {
				/* a quote inside an unquoted field is kept literally */
				size_t j = i + 1;
				while (j < n && !is_special(p[j]))
					j++;
				rc = add_bytes(r, p + i, j - i);
				r->st = ST_UNQUOTED;
				i = j;
			}
			break;
		case ST_QUOTED:
			if (c == '"') {
				r->st = ST_QUOTE_SEEN;
				i++;
			} else {
				const char *q = memchr(p + i, '"', n - i);
				size_t j = q ? (size_t)(q - p) : n;
				rc = add_bytes(r, p + i, j - i);
				i = j;
			}
			break;
		case ST_QUOTE_SEEN:
			if (c == '"') {
				rc = add_bytes(r, "\"", 1);
				r->st = ST_QUOTED;
			} else if (c == ',') {
				rc = end_field(r);
			} else if (c == '\n' || c == '\r') {
				r->skip_lf = c == '\r';
				rc = end_record(r);
			} else {
				rc = add_bytes(r, &c, 1);
				r->st = ST_UNQUOTED;
			}
			i++;
			break;
		}
		if (rc)
			return rc;
	}
	return 0;
}

/* Convert a GB18030 chunk to UTF-8 and parse it; LAST flushes. */
static int feed_gb(struct reader *r, const char *p, size_t n, int last)
{
	/* Join the carried partial sequence with the head of this chunk. */
	while (r->npend && n) {
		r->pend[r->npend++] = *p++;
		n--;
		char *in = r->pend, *out = r->conv;
		size_t inleft = r->npend, outleft = r->conv_cap;
		size_t k = iconv(r->cd, &in, &inleft, &out, &outleft);
		if (k == (size_t)-1 && errno == EINVAL && r->npend < 4)
			continue;
		if (k == (size_t)-1)
			return err_set(r->e, ERR_INVALID, NULL,
				       "第%zu行：无法识别的字符编码（既不是 UTF-8 也不是 GB18030）",
				       r->record);
		r->npend = 0;
		int rc = parse(r, r->conv, r->conv_cap - outleft);
		if (rc)
			return rc;
	}
	char *in = (char *)p;
	size_t inleft = n;
	while (inleft) {
		char *out = r->conv;
		size_t outleft = r->conv_cap;
		size_t k = iconv(r->cd, &in, &inleft, &out, &outleft);
		int err = k == (size_t)-1 ? errno : 0;
		int rc = parse(r, r->conv, r->conv_cap - outleft);
		if (rc)
			return rc;
		if (err == E2BIG)
			continue;
		if (err == EINVAL && inleft < 4) {
			memcpy(r->pend, in, inleft);
			r->npend = inleft;
			break;
		}
		if (err)
			return err_set(r->e, ERR_INVALID, NULL,
				       "第%zu行：无法识别的字符编码（既不是 UTF-8 也不是 GB18030）",
				       r->record);
	}
	if (last && r->npend)
		return err_set(r->e, ERR_INVALID, NULL, "第%zu行：文件末尾的字符不完整", r->record);
	return 0;
}

/* A file starting with a UTF-16 mark is refused; a UTF-8 mark is dropped and decides. */
static int check_mark(struct reader *r, const char **p, size_t *n)
{
	const unsigned char *u = (const unsigned char *)*p;
	if (*n >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff)))
		return err_set(
			r->e, ERR_INVALID, NULL,
			"不支持 UTF-16 编码的文本文件，请在 Excel 中另存为“CSV UTF-8（逗号分隔）”");
	if (*n >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf) {
		r->enc = CSV_UTF8_BOM;
		r->detected = 1;
		*p += 3;
		*n -= 3;
	}
	return 0;
}

/* Multi-byte characters in the valid UTF-8 text (P, N): its lead bytes. */
static size_t utf8_multibyte_count(const unsigned char *p, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		count += (p[i] & 0xc0) == 0xc0;
	return count;
}

/*
 * Multi-byte UTF-8 characters before the first invalid byte that make the file
 * UTF-8 rather than GB18030 (a GB18030 pair is valid UTF-8 by chance about one
 * time in ten, eight in a row practically never).
 */
#define UTF8_EVIDENCE 8

/*
 * Decide the encoding at the first non-ASCII bytes (P, N) of the input, which
 * run to the end of the current chunk. Sets *CARRY when they are only the cut
 * head of one UTF-8 sequence and more input is needed to decide.
 */
static int decide(struct reader *r, const char *p, size_t n, int last, int *carry)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t valid = utf8_valid_prefix(u, n, 0);
	*carry = 0;
	if (valid < n && !last && utf8_valid_prefix(u, n, 1) == n) {
		/* only the last sequence is cut by the chunk edge */
		if (valid == 0) {
			*carry = 1;
			return 0;
		}
		valid = n;
	}
	r->detected = 1;
	if (valid == n || utf8_multibyte_count(u, valid) >= UTF8_EVIDENCE) {
		r->enc = CSV_UTF8;
		return 0;
	}
	r->enc = CSV_GB18030;
	r->cd = iconv_open("UTF-8", "GB18030");
	if (r->cd == (iconv_t)-1)
		return err_set(r->e, ERR_INTERNAL, NULL, "系统缺少 GB18030 编码转换支持");
	r->conv_cap = CHUNK * 2;
	r->conv = xmalloc(r->conv_cap);
	return 0;
}

static int feed(struct reader *r, const char *p, size_t n, int last)
{
	int rc = 0;
	if (!r->detected && r->npend) {
		/* a cut first non-ASCII sequence carried from the previous chunk */
		size_t m = r->npend + n;
		char *joined = xmalloc(m);
		memcpy(joined, r->pend, r->npend);
		if (n)
			memcpy(joined + r->npend, p, n);
		r->npend = 0;
		rc = feed(r, joined, m, last);
		free(joined);
		return rc;
	}
	if (!r->started) {
		r->started = 1;
		rc = check_mark(r, &p, &n);
		if (rc)
			return rc;
	}
	if (!r->detected) {
		/* ASCII reads the same in both encodings: the decision stays open */
		size_t k = 0;
		while (k < n && (unsigned char)p[k] < 0x80)
			k++;
		rc = parse(r, p, k);
		if (rc || k == n)
			return rc;
		p += k;
		n -= k;
		int carry;
		rc = decide(r, p, n, last, &carry);
		if (rc)
			return rc;
		if (carry) {
			memcpy(r->pend, p, n);
			r->npend = n;
			return 0;
		}
	}
	if (r->enc == CSV_GB18030)
		return feed_gb(r, p, n, last);
	return parse(r, p, n);
}

static int finish(struct reader *r)
{
	if (r->st == ST_QUOTED)
		return err_set(r->e, ERR_INVALID, NULL, "第%zu行：引号未闭合（文件在引号内结束）",
			       r->record);
	if (r->st != ST_START || r->nfields > 0 || r->rec.len > 0)
		return end_record(r);
	return 0;
}

static void reader_init(struct reader *r, const struct csv_limits *lim, csv_record_fn fn, void *ctx,
			struct err *e)
{
	memset(r, 0, sizeof *r);
	r->lim.max_record = lim && lim->max_record ? lim->max_record : (size_t)1 << 20;
	r->lim.max_field = lim && lim->max_field ? lim->max_field : (size_t)64 << 10;
	r->lim.max_fields = lim && lim->max_fields ? lim->max_fields : 1024;
	r->lim.max_rows = lim && lim->max_rows ? lim->max_rows : 2000000;
	r->fn = fn;
	r->ctx = ctx;
	r->e = e;
	r->cd = (iconv_t)-1;
	r->record = 1;
	strbuf_init(&r->rec, r->lim.max_record + r->lim.max_fields);
}

static void reader_cleanup(struct reader *r)
{
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	free(r->conv);
	free(r->offs);
	free(r->lens);
	free(r->fields);
	strbuf_cleanup(&r->rec);
}

int csv_read_mem(const char *p, size_t n, const struct csv_limits *limits, csv_record_fn fn,
		 void *ctx, enum csv_encoding *enc, struct err *e)
{
	struct reader r;
	reader_init(&r, limits, fn, ctx, e);
	int rc = 0;
	/* Fed in chunks as for a file, so that both decide the encoding alike. */
	size_t off = 0;
	for (;;) {
		size_t m = n - off < CHUNK ? n - off : CHUNK;
		int last = off + m == n;
		rc = feed(&r, off ? p + off : p, m, last);
		off += m;
		if (rc || last)
			break;
	}
	if (!rc)
		rc = finish(&r);
	if (enc)
		*enc = r.enc;
	reader_cleanup(&r);
	return rc;
}

int csv_read_file(FILE *f, const struct csv_limits *limits, csv_record_fn fn, void *ctx,
		  enum csv_encoding *enc, struct err *e)
{
	struct reader r;
	reader_init(&r, limits, fn, ctx, e);
	char *buf = xmalloc(CHUNK);
	int rc = 0;
	for (;;) {
		size_t got = fread(buf, 1, CHUNK, f);
		if (got < CHUNK && ferror(f)) {
			rc = err_set(e, ERR_IO, NULL, "读取文件失败：%s", strerror(errno));
			goto out;
		}
		int last = got < CHUNK && feof(f);
		if (got || last) {
			rc = feed(&r, buf, got, last);
			if (rc)
				goto out;
		}
		if (last)
			break;
	}
	rc = finish(&r);
out:
	if (enc)
		*enc = r.enc;
	free(buf);
	reader_cleanup(&r);
	return rc;
}

const char *csv_encoding_name(enum csv_encoding enc)
{
	switch (enc) {
	case CSV_UTF8: return "UTF-8";
	case CSV_UTF8_BOM: return "UTF-8（带BOM）";
	case CSV_GB18030: return "GB18030";
	}
	return "?";
}

/* ---- writer --------------------------------------------------------------- */

int csv_write_bom(struct strbuf *sb)
{
	return strbuf_add(sb, "\xef\xbb\xbf", 3);
}

int csv_write_field(struct strbuf *sb, const char *s, size_t n, int first)
{
	if (!first && strbuf_addc(sb, ','))
		return ERR_TOO_BIG;
	/* a leading byte order mark would be taken for the file's own */
	int quote = n > 0 &&
		    (s[0] == ' ' || s[n - 1] == ' ' || (n >= 3 && !memcmp(s, "\xef\xbb\xbf", 3)));
	for (size_t i = 0; i < n && !quote; i++)
		quote = is_special(s[i]);
	if (!quote)
		return strbuf_add(sb, s, n);
	if (strbuf_addc(sb, '"'))
		return ERR_TOO_BIG;
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '"')
			continue;
		if (strbuf_add(sb, s + start, i + 1 - start))
			return ERR_TOO_BIG;
		start = i; /* the quote is written twice */
	}
	if (strbuf_add(sb, s + start, n - start) || strbuf_addc(sb, '"'))
		return ERR_TOO_BIG;
	return 0;
}

int csv_write_text(struct strbuf *sb, const char *s, int first)
{
	const char *v = s ? s : "";
	if (v[0] != '=' && v[0] != '+' && v[0] != '-' && v[0] != '@')
		return csv_write_field(sb, v, strlen(v), first);
	struct strbuf tmp;
	strbuf_init(&tmp, 0);
	strbuf_addc(&tmp, '\'');
	strbuf_adds(&tmp, v);
	int rc = csv_write_field(sb, tmp.buf, tmp.len, first);
	strbuf_cleanup(&tmp);
	return rc;
}

int csv_write_eol(struct strbuf *sb)
{
	return strbuf_add(sb, "\r\n", 2);
}
