/*
 * io/xlsx/sheet — a worksheet read as rows (sheet.h). A first pass over the
 * inflated part finds the merged ranges (they come after the rows) and the
 * <dimension>; the parse then hands the sheet's handlers rows and cells,
 * which they turn into values (shared and inline strings, numbers,
 * booleans, errors, dates by the cell's style), repeat the value of a merged
 * range in all its cells and give each complete row to the caller.
 */
#include "io/xlsx/sheet.h"

#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/xalloc.h"
#include "io/xlsx/scan.h"
#include "io/xlsx/zip.h"

/* ---- text: _xHHHH_ escapes ------------------------------------------------------- */

void xlsx_sheet_unescape(char *s, size_t *n)
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

int xlsx_sheet_read(struct xlsx *x, size_t index, xlsx_row_fn fn, void *ctx, int fast,
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
