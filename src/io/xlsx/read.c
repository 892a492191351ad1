/* xlsx_read — streaming .xlsx reader on libzip + expat. */
#include "io/xlsx/read.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/date.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "io/xlsx/internal.h"
#include "io/xlsx/expat.h"
#include "io/xlsx/scan.h"
#include "io/xlsx/zip.h"

/* ---- text: _xHHHH_ escapes ------------------------------------------------------- */

static void xlsx_sheet_unescape(char *s, size_t *n)
{
	if (!memchr(s, '_', *n))
		return;
	size_t r = 0, w = 0, len = *n;
	while (r < len) {
		if (s[r] == '_' && r + 6 < len && s[r + 1] == 'x' && s[r + 6] == '_') {
			int h0 = xlsx_hexval(s[r + 2]), h1 = xlsx_hexval(s[r + 3]),
			    h2 = xlsx_hexval(s[r + 4]), h3 = xlsx_hexval(s[r + 5]);
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
	struct xlsx_part *pr = NULL;
	int rc = xlsx_zip_part_open(x->zip, path, &pr, e);
	if (rc == ERR_NOT_FOUND)
		return err_set(e, ERR_INVALID, path, "不是有效的 XLSX 文件：缺少工作表 %s", path);
	if (rc)
		return rc;
	enum { KEEP = 512 };
	char *buf = xmalloc(XLSX_READ_BUF + KEEP + 1);
	size_t have = 0, total = 0;
	for (;;) {
		long got = xlsx_zip_part_read(pr, buf + have, XLSX_READ_BUF, e);
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
	xlsx_zip_part_free(pr);
	return rc;
}

/* ---- sheet ------------------------------------------------------------------------- */

struct cellrec {
	enum xlsx_type type;
	size_t off, n;
};

struct sh_parse {
	struct xlsx_xp xp;
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
	xlsx_xp_fail(&sp->xp, rc);
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

/* The attribute whose local name is (LIT, LN), or NULL. */
static const struct xlsx_attr *xattr_find(const struct xlsx_attr *a, size_t na, const char *lit,
					  size_t ln)
{
	for (size_t i = 0; i < na; i++) {
		size_t k;
		const char *l = xlsx_lname(a[i].name, a[i].nn, &k);
		if (k == ln && l[0] == lit[0] && !memcmp(l, lit, ln))
			return &a[i];
	}
	return NULL;
}

static void sh_open(void *ud, const char *name, size_t nn, const struct xlsx_attr *a, size_t na)
{
	struct sh_parse *sp = ud;
	struct xlsx *x = sp->xp.x;
	size_t n;
	const char *ln = xlsx_lname(name, nn, &n);
	if (XLSX_LEQ(ln, n, "row")) {
		const struct xlsx_attr *r = xattr_find(a, na, "r", 1);
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
	} else if (XLSX_LEQ(ln, n, "c") && sp->in_row) {
		const struct xlsx_attr *r = NULL, *t = NULL, *s = NULL;
		for (size_t i = 0; i < na; i++) {
			size_t k;
			const char *l = xlsx_lname(a[i].name, a[i].nn, &k);
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
		if (XLSX_LEQ(ln, n, "v")) {
			sp->in_v = 1;
		} else if (XLSX_LEQ(ln, n, "is")) {
			sp->in_is = 1;
		} else if (XLSX_LEQ(ln, n, "rPh")) {
			sp->rph++;
		} else if (XLSX_LEQ(ln, n, "t") && sp->in_is && !sp->rph) {
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

	if (xlsx_streq(t, "s")) {
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
	} else if (xlsx_streq(t, "inlineStr") || xlsx_streq(t, "str")) {
		if (n)
			xlsx_sheet_unescape(sp->val.buf, &n);
	} else if (xlsx_streq(t, "b")) {
		type = XLSX_BOOL;
		s = bool_text[n > 0 && s[0] != '0'];
		n = strlen(s);
	} else if (xlsx_streq(t, "e")) {
		type = XLSX_ERROR;
	} else if (xlsx_streq(t, "d")) {
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
	const char *ln = xlsx_lname(name, nn, &n);
	if (sp->in_c) {
		if (XLSX_LEQ(ln, n, "v")) {
			sp->in_v = 0;
		} else if (XLSX_LEQ(ln, n, "t")) {
			sp->in_t = 0;
		} else if (XLSX_LEQ(ln, n, "rPh")) {
			sp->rph--;
		} else if (XLSX_LEQ(ln, n, "is")) {
			sp->in_is = 0;
		} else if (XLSX_LEQ(ln, n, "c")) {
			sp->in_c = 0;
			sp->in_v = sp->in_t = sp->in_is = sp->rph = 0;
			finish_cell(sp);
		}
		return;
	}
	if (!XLSX_LEQ(ln, n, "row") || !sp->in_row)
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

static int xlsx_sheet_read(struct xlsx *x, size_t index, xlsx_row_fn fn, void *ctx, int fast,
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
	rc = xlsx_scan_part(x, path, NULL, NULL, sh_text, &sp.xp, fast, e);
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

/* The bytes of all shared strings together (they are held in memory at once). */
#define SHARED_TEXT_MAX ((size_t)128 << 20)

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

/* ---- XML plumbing of the small parts (expat's form) ------------------------------ */

/* The local part of an element or attribute name ("x:row" → "row"; see xlsx_lname). */
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
		if (xlsx_streq(local(atts[i]), want))
			return atts[i + 1];
	return NULL;
}

/* The attribute r:id (a prefixed "id": of the relationships namespace). */
static const char *attr_rid(const char **atts)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (strchr(atts[i], ':') && xlsx_streq(local(atts[i]), "id"))
			return atts[i + 1];
	return NULL;
}

/* Parse the small part NAME with expat's handlers; errors as xlsx_scan_part. */
static int parse_part(struct xlsx *x, const char *name, XML_StartElementHandler start,
		      XML_EndElementHandler end, XML_CharacterDataHandler text, struct xlsx_xp *xp,
		      struct err *e)
{
	return xlsx_scan_part(x, name, start, end, text, xp, 0, e);
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
	struct xlsx_xp xp;
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
		xlsx_xp_fail(&rp->xp, ERR_TOO_BIG);
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
	return a >= b && xlsx_streq(s + a - b, suffix);
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
	struct xlsx_xp xp;
	struct wb_sheet *sheets;
	size_t n, cap;
	int date1904;
};

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct wb_parse *wp = ud;
	const char *ln = local(name);
	if (xlsx_streq(ln, "workbookPr")) {
		const char *v = attr(atts, "date1904");
		wp->date1904 = v && (xlsx_streq(v, "1") || xlsx_streq(v, "true"));
	} else if (xlsx_streq(ln, "sheet")) {
		const char *sn = attr(atts, "name"), *rid = attr_rid(atts);
		if (!sn || !rid)
			return;
		if (wp->n >= wp->xp.x->lim.max_sheets) {
			err_set(wp->xp.e, ERR_TOO_BIG, wp->xp.part, "工作表超过 %zu 个",
				wp->xp.x->lim.max_sheets);
			xlsx_xp_fail(&wp->xp, ERR_TOO_BIG);
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
	struct xlsx_xp xp;
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
	if (xlsx_streq(ln, "numFmt")) {
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
	} else if (xlsx_streq(ln, "cellXfs")) {
		sp->in_cellxfs = 1;
	} else if (xlsx_streq(ln, "xf") && sp->in_cellxfs) {
		if (sp->nxf >= 1000000) {
			err_set(sp->xp.e, ERR_TOO_BIG, sp->xp.part, "单元格样式过多");
			xlsx_xp_fail(&sp->xp, ERR_TOO_BIG);
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
	if (xlsx_streq(local(name), "cellXfs"))
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

/* ---- shared strings ------------------------------------------------------------- */

struct ss_parse {
	struct xlsx_xp xp;
	int in_si;
	int in_t;
	int rph; /* depth inside <rPh> */
	size_t start;
};

static void ss_open(void *ud, const char *name, size_t nn, const struct xlsx_attr *a, size_t na)
{
	(void)a;
	(void)na;
	struct ss_parse *sp = ud;
	struct xlsx *x = sp->xp.x;
	size_t n;
	const char *ln = xlsx_lname(name, nn, &n);
	if (XLSX_LEQ(ln, n, "si")) {
		sp->in_si = 1;
		sp->start = x->ss.len;
	} else if (XLSX_LEQ(ln, n, "rPh")) {
		sp->rph++;
	} else if (XLSX_LEQ(ln, n, "t") && sp->in_si && !sp->rph) {
		sp->in_t = 1;
	}
}

static void ss_close(void *ud, const char *name, size_t nn)
{
	struct ss_parse *sp = ud;
	struct xlsx *x = sp->xp.x;
	size_t n0;
	const char *ln = xlsx_lname(name, nn, &n0);
	if (XLSX_LEQ(ln, n0, "t")) {
		sp->in_t = 0;
	} else if (XLSX_LEQ(ln, n0, "rPh")) {
		sp->rph--;
	} else if (XLSX_LEQ(ln, n0, "si") && sp->in_si) {
		sp->in_si = 0;
		if (x->nss >= x->lim.max_shared) {
			err_set(sp->xp.e, ERR_TOO_BIG, sp->xp.part, "共享字符串超过 %zu 个",
				x->lim.max_shared);
			xlsx_xp_fail(&sp->xp, ERR_TOO_BIG);
			return;
		}
		size_t n = x->ss.len - sp->start;
		if (n)
			xlsx_sheet_unescape(x->ss.buf + sp->start, &n);
		x->ss.len = sp->start + n;
		if (strbuf_addc(&x->ss, '\0')) {
			err_set(sp->xp.e, ERR_TOO_BIG, sp->xp.part,
				"共享字符串总长度超过上限（%zu MiB）", SHARED_TEXT_MAX >> 20);
			xlsx_xp_fail(&sp->xp, ERR_TOO_BIG);
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
		xlsx_xp_fail(&sp->xp, ERR_TOO_BIG);
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
	l->read_buf = in && in->read_buf ? in->read_buf : XLSX_READ_BUF;
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
		rc = xlsx_scan_part(x, path, NULL, NULL, ss_text, &sp.xp, 1, e);
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

/*
 * The workbook in the archive Z (taken over: freed on failure too), read
 * with the limits LIM (defaults filled in); errors as xlsx_open_file.
 */
static int open_common(struct xlsx_zip *z, const struct xlsx_limits *lim, int expat_only,
		       struct xlsx **out, struct err *e)
{
	struct xlsx *x = xcalloc(1, sizeof *x);
	x->zip = z;
	x->expat_only = expat_only;
	x->lim = *lim;
	/* all shared text is held at once: at most SHARED_TEXT_MAX, whatever the part's cap */
	strbuf_init(&x->ss, x->lim.max_part < SHARED_TEXT_MAX ? x->lim.max_part : SHARED_TEXT_MAX);
	int rc = load(x, e);
	if (rc) {
		xlsx_free(x);
		return rc;
	}
	*out = x;
	return 0;
}

int xlsx_open_file(const char *path, const struct xlsx_limits *limits, struct xlsx **out,
		   struct err *e)
{
	struct xlsx_limits lim;
	struct xlsx_zip *z = NULL;
	limits_init(&lim, limits);
	int rc = xlsx_zip_open_file(path, lim.max_entries, lim.max_part, &z, e);
	return rc ? rc : open_common(z, &lim, 0, out, e);
}

static int open_mem(const void *p, size_t n, const struct xlsx_limits *limits, int expat_only,
		    struct xlsx **out, struct err *e)
{
	struct xlsx_limits lim;
	struct xlsx_zip *z = NULL;
	limits_init(&lim, limits);
	int rc = xlsx_zip_open_mem(p, n, lim.max_entries, lim.max_part, &z, e);
	return rc ? rc : open_common(z, &lim, expat_only, out, e);
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
	xlsx_zip_free(x->zip);
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
		if (xlsx_streq(x->sheets[i].name, name))
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

int xlsx_read_sheet(struct xlsx *x, size_t index, xlsx_row_fn fn, void *ctx, struct err *e)
{
	return xlsx_sheet_read(x, index, fn, ctx, 1, e);
}

int xlsx_read_sheet_expat(struct xlsx *x, size_t index, xlsx_row_fn fn, void *ctx, struct err *e)
{
	return xlsx_sheet_read(x, index, fn, ctx, 0, e);
}
