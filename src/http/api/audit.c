/*
 * api_audit — GET /api/v1/audit: the audit log, filterable and paged
 * (admin and city only; the ledger refuses the other roles with 403).
 */
#include <string.h>

#include "core/date.h"
#include "http/api/api.h"
#include "http/app.h"
#include "ledger/base/perm.h"
#include "ledger/base/audit.h"
#include "ledger/access/user.h"

static int date_query(const struct http_request *req, const char *name, const char **out,
		      struct err *e)
{
	const char *v = http_query(req, name);
	if (!v || !*v)
		return 0;
	int32_t days;
	int rc = date_parse(v, strlen(v), &days, name, e);
	if (!rc)
		*out = v;
	return rc;
}

static int list_audit(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	app_ledger(req, &l);
	struct audit_filter f;
	audit_filter_init(&f);
	int64_t page = 1, page_size = 50;
	const char *v;
	int rc = api_read_paging(req, &page, &page_size, e);
	if (!rc)
		rc = date_query(req, "from", &f.from, e);
	if (!rc)
		rc = date_query(req, "to", &f.to, e);
	if (rc)
		return rc;
	if (!perm_may(&l.scope, CAP_AUDIT_READ))
		return err_set(e, ERR_FORBIDDEN, NULL, "只有管理员和市级用户可以查看审计日志");
	if ((v = http_query(req, "user")) && *v) {
		struct user u;
		rc = user_get_by_name(&l, v, req->arena, &u, e);
		if (rc == ERR_NOT_FOUND)
			return err_set(e, ERR_INVALID, "user", "用户不存在：%s", v);
		if (rc)
			return rc;
		f.user_id = u.id;
	}
	if ((v = http_query(req, "table")) && *v)
		f.table = v;
	if ((v = http_query(req, "action")) && *v)
		f.action = v;
	if ((v = http_query(req, "key")) && *v)
		f.row_key = v;
	f.offset = (page - 1) * page_size;
	f.limit = page_size;
	f.want_total = 1;
	struct audit_entry *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	rc = audit_list(&l, &f, req->arena, &items, &n, &total, e);
	if (rc)
		return rc;
	struct jw w;
	api_items_begin(&w, res);
	for (size_t i = 0; i < n; i++) {
		jw_obj_begin(&w, NULL);
		jw_int(&w, "id", items[i].id);
		jw_str(&w, "at", items[i].at);
		jw_str(&w, "user", items[i].user_name);
		jw_str(&w, "action", items[i].action);
		jw_str(&w, "table", items[i].table);
		jw_str(&w, "key", items[i].row_key);
		/* The ledger stores these as JSON text of its own making. */
		jw_raw(&w, "before", items[i].before);
		jw_raw(&w, "after", items[i].after);
		jw_str(&w, "source", items[i].source);
		jw_obj_end(&w);
	}
	return api_items_end_paged(&w, total, page, page_size);
}

void api_audit_routes(struct router *r)
{
	router_add(r, HTTP_GET, "/api/v1/audit{?user,table,action,key,from,to,page,page_size}",
		   list_audit, 0);
}
