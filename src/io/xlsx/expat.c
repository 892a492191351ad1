/*
 * io/xlsx/expat — the expat path (expat.h): a part parsed by expat with a
 * DOCTYPE and entity declarations refused, nesting and attributes capped as
 * the scanner caps them, and the part itself kept to XLSX_MAX_TOKEN bytes;
 * and expat asked, for the scanner, which characters may form a name.
 */
#include "io/xlsx/expat.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
			       const XML_Char *pubid, int has_internal)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal;
	struct xlsx_xp *xp = ud;
	err_set(xp->e, ERR_INVALID, xp->part, "文件 %s 含有 DOCTYPE 声明，出于安全原因拒绝读取",
		xp->part);
	xlsx_xp_fail(xp, ERR_INVALID);
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
	struct xlsx_xp *xp = ud;
	err_set(xp->e, ERR_INVALID, xp->part, "文件 %s 含有实体声明，出于安全原因拒绝读取",
		xp->part);
	xlsx_xp_fail(xp, ERR_INVALID);
}

/* expat → the length form of the handlers of a big part (xp->open / xp->close). */
static void XMLCALL open_adapter(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx_xp *xp = ud;
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

static void XMLCALL close_adapter(void *ud, const XML_Char *name)
{
	struct xlsx_xp *xp = ud;
	if (xp->close)
		xp->close(ud, name, strlen(name));
}

/*
 * expat's element handlers go through these, which keep the nesting depth to
 * XLSX_MAX_DEPTH and the attributes of an element to XLSX_MAX_ATTRS as the
 * scanner does (expat's own tag stack has no limit). The user data is the
 * struct xlsx_xp (the first member of every handler's context).
 */
static void XMLCALL depth_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx_xp *xp = ud;
	size_t natts = 0;
	while (atts[2 * natts])
		natts++;
	if (++xp->depth > XLSX_MAX_DEPTH || natts > XLSX_MAX_ATTRS) {
		err_set(xp->e, ERR_INVALID, xp->part, "%s 不是有效的 XML（%s）", xp->part,
			natts > XLSX_MAX_ATTRS ? XLSX_TOO_MANY_ATTRS : XLSX_TOO_DEEP);
		xlsx_xp_fail(xp, ERR_INVALID);
		return;
	}
	if (xp->start)
		xp->start(ud, name, atts);
}

static void XMLCALL depth_end(void *ud, const XML_Char *name)
{
	struct xlsx_xp *xp = ud;
	xp->depth--;
	if (xp->end)
		xp->end(ud, name);
}

int xlsx_expat_parse(struct xlsx_part *pr, char *buf, size_t have, XML_StartElementHandler start,
		     XML_EndElementHandler end, XML_CharacterDataHandler text, struct xlsx_xp *xp,
		     struct err *e)
{
	const char *name = xp->part;
	int rc = 0;
	XML_Parser p = XML_ParserCreate(NULL);
	if (!p)
		return err_set(e, ERR_INTERNAL, name, "内存不足");
	xp->p = p;
	xp->start = xp->open ? open_adapter : start;
	xp->end = xp->open ? close_adapter : end;
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
		 * encoding other than UTF-8 — are kept to XLSX_MAX_TOKEN bytes so that a
		 * crafted one cannot make it buffer without end.
		 */
		if (fed > XLSX_MAX_TOKEN) {
			rc = err_set(
				e, ERR_TOO_BIG, name,
				"%s 超过 %zu MiB（工作簿的结构部件和以 UTF-8 以外的编码保存的部件"
				"只能这么大），请用 Excel 或 WPS 另存为 .xlsx 后再导入",
				name, XLSX_MAX_TOKEN >> 20);
			goto out;
		}
		got = xlsx_zip_part_read(pr, buf, XLSX_CHUNK, e);
		if (got < 0) {
			rc = (int)got;
			goto out;
		}
	}
	rc = xp->rc;
out:
	xp->p = NULL;
	XML_ParserFree(p);
	free(xp->xa);
	xp->xa = NULL;
	xp->xa_cap = 0;
	return rc;
}

int xlsx_expat_name_ok(const unsigned char *u, size_t k, int first)
{
	assert(k >= 2 && k <= 4);
	char doc[16];
	size_t n = 0;
	doc[n++] = '<';
	if (!first)
		doc[n++] = 'a';
	memcpy(doc + n, u, k);
	n += k;
	doc[n++] = '/';
	doc[n++] = '>';
	XML_Parser p = XML_ParserCreate(NULL);
	if (!p)
		return 0;
	int ok = XML_Parse(p, doc, (int)n, 1) == XML_STATUS_OK;
	XML_ParserFree(p);
	return ok;
}
