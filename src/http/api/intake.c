/*
 * api_import — spreadsheets in and out over HTTP (product.md C10):
 *
 *   POST /api/v1/imports?dry_run=1&skip_invalid=1&sheet=NAME&filename=NAME&area=CODE
 *        body: the file itself (any Content-Type but multipart), or
 *        multipart/form-data with a part "file" (its filename is used) and
 *        optional parts "dry_run", "skip_invalid", "sheet", "area".
 *        area: the area of new enterprises whose row has none (checked
 *        against the caller's scope in the ledger: 403 outside a county
 *        user's areas); without it the area is inferred and listed.
 *        → 200 with the import report (io/import.h import_report_json);
 *        "committed" says whether anything was written.
 *   GET  /api/v1/enterprises/export?format=xlsx|csv&area=&tier=&field=&q=
 *        &expiry_year=&year=  → the file, scoped to the caller, written to a
 *        temporary file and sent from it (ROUTE_EXPORT: bounded, http/app.h).
 *   GET  /api/v1/imports/template?format=xlsx|csv → the empty ledger.
 *
 * Imports are for admin, city and county users (403 otherwise); the
 * ledger's scope then limits a county to its areas, row by row. The route
 * has ROUTE_LARGE_BODY: the file may be up to HTTP_MAX_UPLOAD (64 MiB);
 * a larger body is answered 413.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "http/api/api.h"
#include "http/app.h"
#include "ledger/base/perm.h"
#include "io/export.h"
#include "io/import.h"
#include "ledger/register/enterprise.h"

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* ---- multipart/form-data ------------------------------------------------------ */

struct part {
	const char *name; /* arena copies */
	const char *filename;
	const char *data;
	size_t len;
};

/* The value of PARAM="…" inside the header line (S, N), copied into A; NULL when absent. */
static const char *header_param(struct arena *a, const char *s, size_t n, const char *param)
{
	size_t pl = strlen(param);
	for (size_t i = 0; i + pl + 2 <= n; i++) {
		if (strncasecmp(s + i, param, pl) || s[i + pl] != '=' ||
		    (i > 0 && s[i - 1] != ' ' && s[i - 1] != ';' && s[i - 1] != '\t'))
			continue;
		const char *v = s + i + pl + 1, *end = s + n;
		if (*v == '"') {
			v++;
			const char *q = memchr(v, '"', (size_t)(end - v));
			return q ? arena_strndup(a, v, (size_t)(q - v)) : NULL;
		}
		const char *stop = v;
		while (stop < end && *stop != ';' && *stop != ' ' && *stop != '\r')
			stop++;
		return arena_strndup(a, v, (size_t)(stop - v));
	}
	return NULL;
}

/*
 * Split BODY into parts by BOUNDARY. Fills up to MAX parts; returns their
 * number or ERR_INVALID for a body that is not multipart as announced.
 */
static int multipart_parse(struct arena *a, const char *body, size_t len, const char *boundary,
			   struct part *parts, size_t max, struct err *e)
{
	char delim[128];
	int dn = snprintf(delim, sizeof delim, "--%s", boundary);
	if (dn <= 2 || (size_t)dn >= sizeof delim)
		return err_set(e, ERR_INVALID, "body", "multipart 分隔符无效");
	const char *end = body + len;
	const char *p = memmem(body, len, delim, (size_t)dn);
	size_t n = 0;
	while (p && n < max) {
		p += dn;
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			break; /* the closing delimiter */
		const char *hdr_end = memmem(p, (size_t)(end - p), "\r\n\r\n", 4);
		if (!hdr_end)
			break;
		const char *data = hdr_end + 4;
		const char *next = memmem(data, (size_t)(end - data), delim, (size_t)dn);
		if (!next)
			break;
		size_t dlen = (size_t)(next - data);
		if (dlen >= 2 && data[dlen - 2] == '\r' && data[dlen - 1] == '\n')
			dlen -= 2;
		struct part *pt = &parts[n++];
		memset(pt, 0, sizeof *pt);
		const char *cd = memmem(p, (size_t)(hdr_end - p), "Content-Disposition:", 20);
		if (!cd)
			cd = memmem(p, (size_t)(hdr_end - p), "content-disposition:", 20);
		if (cd) {
			const char *eol = memmem(cd, (size_t)(hdr_end + 2 - cd), "\r\n", 2);
			size_t cl = eol ? (size_t)(eol - cd) : (size_t)(hdr_end - cd);
			pt->name = header_param(a, cd, cl, "name");
			pt->filename = header_param(a, cd, cl, "filename");
		}
		pt->data = data;
		pt->len = dlen;
		p = next;
	}
	if (n == 0)
		return err_set(e, ERR_INVALID, "body", "multipart 请求中没有文件");
	return (int)n;
}

/* ---- POST /api/v1/imports ------------------------------------------------------ */

static int post_import(struct http_request *req, struct http_response *res, struct err *e)
{
	/* refused before the upload is parsed */
	int rc = perm_check(&req->user->scope, CAP_IMPORTS,
			    "只有管理员、市级和县级用户可以导入台账", e);
	if (rc)
		return rc;

	struct import_options o;
	memset(&o, 0, sizeof o);
	rc = api_query_flag(req, "dry_run", &o.dry_run, e);
	if (!rc)
		rc = api_query_flag(req, "skip_invalid", &o.skip_invalid, e);
	if (rc)
		return rc;
	o.sheet = http_query(req, "sheet");
	if (o.sheet && !*o.sheet)
		o.sheet = NULL;
	o.filename = http_query(req, "filename");
	o.area = http_query(req, "area");
	if (o.area && !*o.area)
		o.area = NULL;

	const char *data = req->body;
	size_t len = req->body_len;
	const char *ctype = http_header(req, "Content-Type");
	if (ctype && !strncasecmp(ctype, "multipart/form-data", 19)) {
		const char *boundary = header_param(req->arena, ctype, strlen(ctype), "boundary");
		if (!boundary)
			return err_set(e, ERR_INVALID, "body", "multipart 请求缺少 boundary");
		struct part parts[16];
		int n = multipart_parse(req->arena, req->body, req->body_len, boundary, parts, 16,
					e);
		if (n < 0)
			return n;
		data = NULL;
		for (int i = 0; i < n; i++) {
			const struct part *pt = &parts[i];
			const char *val = arena_strndup(req->arena, pt->data, pt->len);
			int flag = 0;
			if (pt->name && !strcmp(pt->name, "dry_run")) {
				if (api_flag(val, "dry_run", &flag, e))
					return ERR_INVALID;
				o.dry_run |= flag;
			} else if (pt->name && !strcmp(pt->name, "skip_invalid")) {
				if (api_flag(val, "skip_invalid", &flag, e))
					return ERR_INVALID;
				o.skip_invalid |= flag;
			} else if (pt->name && !strcmp(pt->name, "sheet") && pt->len)
				o.sheet = val;
			else if (pt->name && !strcmp(pt->name, "area") && pt->len)
				o.area = val;
			else if (!data &&
				 ((pt->name && !strcmp(pt->name, "file")) || pt->filename)) {
				data = pt->data;
				len = pt->len;
				if (pt->filename && *pt->filename)
					o.filename = pt->filename;
			}
		}
		if (!data)
			return err_set(e, ERR_INVALID, "file", "请求中没有名为 file 的文件");
	}
	if (len == 0)
		return err_set(e, ERR_INVALID, "file", "上传的文件为空");
	if (!o.filename || !*o.filename)
		o.filename = "upload";

	struct ledger l;
	app_ledger(req, &l);
	struct import_report r;
	rc = import_mem(&l, data, len, &o, &r, e);
	if (!rc) {
		strbuf_reset(&res->body);
		rc = import_report_json(&r, o.dry_run, &res->body);
		res->status = 200;
	}
	import_report_cleanup(&r);
	return rc;
}

/* ---- exports ------------------------------------------------------------------- */

static int sink_body(void *ctx, const void *p, size_t n)
{
	return strbuf_add(ctx, p, n);
}

static void attachment(struct http_request *req, struct http_response *res,
		       enum export_format format, const char *stem)
{
	res->content_type = format == EXPORT_XLSX ? XLSX_TYPE : "text/csv; charset=utf-8";
	const char *ext = format == EXPORT_XLSX ? "xlsx" : "csv";
	/* an ASCII name plus the UTF-8 one of RFC 6266 */
	const char *cd =
		arena_printf(req->arena, "attachment; filename=\"%s.%s\"; filename*=UTF-8''%s.%s",
			     stem, ext, stem, ext);
	http_add_header(res, "Content-Disposition", cd);
}

static int read_format(const struct http_request *req, enum export_format *f, struct err *e)
{
	const char *v = http_query(req, "format");
	if (!v || !*v) {
		*f = EXPORT_XLSX;
		return 0;
	}
	return export_format_parse(v, f, e);
}

static int get_export(struct http_request *req, struct http_response *res, struct err *e)
{
	struct export_options o;
	export_options_init(&o);
	int rc = read_format(req, &o.format, e);
	if (rc)
		return rc;
	rc = api_enterprise_filter(req, &o.filter, e);
	if (rc)
		return rc;
	int64_t year = 0;
	rc = http_query_int(req, "year", 1990, 9999, 0, &year, e);
	if (rc)
		return rc;
	if (year)
		o.year = year;
	/* Written to a temporary file the server sends from: no copy per client in memory. */
	struct ledger l;
	app_ledger(req, &l);
	FILE *f = NULL;
	rc = http_tmpfile(&f, e);
	if (!rc)
		rc = export_ledger(&l, &o, export_sink_file, f, NULL, e);
	if (rc) {
		if (f)
			fclose(f);
		return rc;
	}
	res->file = f;
	res->status = 200;
	attachment(req, res, o.format, "ledger");
	return 0;
}

static int get_template(struct http_request *req, struct http_response *res, struct err *e)
{
	enum export_format f;
	int rc = read_format(req, &f, e);
	if (rc)
		return rc;
	strbuf_reset(&res->body);
	rc = export_template(f, sink_body, &res->body, e);
	if (rc)
		return rc;
	res->status = 200;
	attachment(req, res, f, "ledger-template");
	return 0;
}

void api_intake_routes(struct router *r)
{
	/* county ledgers are files of several MiB: up to HTTP_MAX_UPLOAD (64 MiB) */
	router_add(r, HTTP_POST, "/api/v1/imports{?dry_run,skip_invalid,sheet,filename,area}",
		   post_import, ROUTE_LARGE_BODY | ROUTE_HEAVY);
	router_add(r, HTTP_GET, "/api/v1/imports/template{?format}", get_template, 0);
	router_add(r, HTTP_GET,
		   "/api/v1/enterprises/"
		   "export{?format,area,tier,field,q,expiry_year,verdict,sort,order,year}",
		   get_export, ROUTE_EXPORT);
}
