/*
 * io/xlsx/read — the public reader API (read.h): opening a workbook — its
 * package relationships, xl/workbook.xml and its relationships, the cell
 * styles and the shared strings, all held for the life of the struct xlsx —
 * the sheets by name and index, and the pure helpers on cell values (column
 * letters, date formats, number text, date serials). A sheet itself is read
 * by sheet.c; the parts come through scan.c (scanner or expat) from zip.c.
 */
#include "io/xlsx/read.h"

#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "io/xlsx/internal.h"
#include "io/xlsx/scan.h"
#include "io/xlsx/sheet.h"
#include "io/xlsx/zip.h"

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

int xlsx_open_fp(FILE *f, const struct xlsx_limits *limits, struct xlsx **out, struct err *e)
{
	struct xlsx_limits lim;
	struct xlsx_zip *z = NULL;
	limits_init(&lim, limits);
	int rc = xlsx_zip_open_fp(f, lim.max_entries, lim.max_part, &z, e);
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
