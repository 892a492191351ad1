/* api — route registration and shared JSON helpers. */
#include "http/api/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/date.h"
#include "core/money.h"
#include "ledger/ledger.h"
#include "rules/hnte.h"

static int health(struct http_request *req, struct http_response *res, struct err *e)
{
	(void)req;
	(void)e;
	strbuf_reset(&res->body);
	return strbuf_adds(&res->body, "{\"status\":\"ok\"}");
}

void api_register_all(struct router *r)
{
	router_add(r, HTTP_GET, "/healthz", health, ROUTE_PUBLIC);
	api_access_routes(r);
	api_register_routes(r);
	api_records_routes(r);
	api_audit_routes(r);
	api_assess_routes(r);
	api_intake_routes(r);
	api_cultivate_routes(r);
	api_apply_routes(r);
	api_monitor_routes(r);
	api_publicity_routes(r);
	api_targets_routes(r);
	api_awards_routes(r);
	api_policy_routes(r);
}

int api_path_id(const struct http_request *req, const char *name, const char *what, int64_t *id,
		struct err *e)
{
	const char *v = http_param(req, name);
	if (!v || !*v || strlen(v) > 18 || strspn(v, "0123456789") != strlen(v) || !atoll(v))
		return err_set(e, ERR_NOT_FOUND, "id", "%s不存在", what);
	*id = atoll(v);
	return 0;
}

int api_get_str(json_t *o, const char *key, struct arena *a, size_t max, const char **out,
		struct err *e)
{
	json_t *v = json_object_get(o, key);
	if (!v)
		return 0;
	if (json_is_null(v)) {
		*out = NULL;
		return 0;
	}
	if (!json_is_string(v))
		return err_set(e, ERR_INVALID, key, "%s 应为文本", key);
	size_t n = json_string_length(v);
	if (n > max)
		return err_set(e, ERR_INVALID, key, "%s 过长（最多 %zu 字节）", key, max);
	if (memchr(json_string_value(v), '\0', n))
		return err_set(e, ERR_INVALID, key, "%s 含有非法字符", key);
	*out = arena_strndup(a, json_string_value(v), n);
	return 0;
}

/* A JSON number or string with at most SCALE decimals, scaled by 10^SCALE. */
static int get_fixed(json_t *o, const char *key, int64_t *out, int64_t nullv, int is_money,
		     struct err *e)
{
	json_t *v = json_object_get(o, key);
	if (!v)
		return 0;
	if (json_is_null(v)) {
		*out = nullv;
		return 0;
	}
	char buf[64];
	const char *text;
	size_t n;
	if (json_is_string(v)) {
		text = json_string_value(v);
		n = json_string_length(v);
	} else if (json_is_integer(v)) {
		n = (size_t)snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
		text = buf;
	} else if (json_is_real(v)) {
		/* Accept a double only when it is exactly a 2-decimal text (1234.567 is refused).
		 */
		double d = json_real_value(v);
		n = (size_t)snprintf(buf, sizeof buf, "%.2f", d);
		if (n >= sizeof buf || strtod(buf, NULL) != d)
			return err_set(e, ERR_INVALID, key, "%s 最多保留两位小数", key);
		text = buf;
	} else {
		return err_set(e, ERR_INVALID, key, "%s 应为数字", key);
	}
	if (is_money)
		return money_parse(text, n, MONEY_YUAN, out, key, e);
	return count_parse(text, n, out, key, e);
}

int api_get_money(json_t *o, const char *key, int64_t *fen, struct err *e)
{
	return get_fixed(o, key, fen, LEDGER_NONE, 1, e);
}

int api_get_count(json_t *o, const char *key, int64_t *hundredths, struct err *e)
{
	return get_fixed(o, key, hundredths, LEDGER_NONE, 0, e);
}

int api_get_int(json_t *o, const char *key, int64_t min, int64_t max, int64_t *out, struct err *e)
{
	json_t *v = json_object_get(o, key);
	if (!v)
		return 0;
	if (json_is_null(v)) {
		*out = LEDGER_NONE;
		return 0;
	}
	long long x;
	if (json_is_integer(v)) {
		x = json_integer_value(v);
	} else if (json_is_string(v) && json_string_length(v) > 0 && json_string_length(v) < 19 &&
		   strspn(json_string_value(v), "0123456789") == json_string_length(v)) {
		x = atoll(json_string_value(v));
	} else {
		return err_set(e, ERR_INVALID, key, "%s 应为整数", key);
	}
	if (x < min || x > max)
		return err_set(e, ERR_INVALID, key, "%s 应在 %lld 到 %lld 之间", key,
			       (long long)min, (long long)max);
	*out = x;
	return 0;
}

int api_get_bool(json_t *o, const char *key, int *out, struct err *e)
{
	json_t *v = json_object_get(o, key);
	if (!v)
		return 0;
	if (json_is_boolean(v)) {
		*out = json_is_true(v);
		return 0;
	}
	if (json_is_integer(v) && (json_integer_value(v) == 0 || json_integer_value(v) == 1)) {
		*out = (int)json_integer_value(v);
		return 0;
	}
	return err_set(e, ERR_INVALID, key, "%s 应为 true 或 false", key);
}

int api_get_date(json_t *o, const char *key, int32_t *days, struct err *e)
{
	json_t *v = json_object_get(o, key);
	if (!v)
		return 0;
	if (json_is_null(v) || (json_is_string(v) && json_string_length(v) == 0)) {
		*days = LEDGER_NO_DATE;
		return 0;
	}
	if (!json_is_string(v))
		return err_set(e, ERR_INVALID, key, "%s 应为日期 YYYY-MM-DD", key);
	return date_parse(json_string_value(v), json_string_length(v), days, key, e);
}

int api_require(json_t *o, const char *key, struct err *e)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v) || (json_is_string(v) && json_string_length(v) == 0))
		return err_set(e, ERR_INVALID, key, "缺少必填项：%s", key);
	return 0;
}

int api_check_members(json_t *o, const char *const *known, struct err *e)
{
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v)
	{
		size_t i = 0;
		while (known[i] && strcmp(known[i], key))
			i++;
		if (!known[i])
			return err_set(e, ERR_INVALID, key, "未知字段：%s", key);
	}
	return 0;
}

int api_areas_load(struct ledger *l, struct arena *a, struct api_areas *out, struct err *e)
{
	return area_list(l, a, &out->items, &out->n, e);
}

const char *api_area_name(const struct api_areas *areas, const char *code)
{
	if (!code)
		return NULL;
	for (size_t i = 0; i < areas->n; i++)
		if (!strcmp(areas->items[i].code, code))
			return areas->items[i].name;
	return NULL;
}

void api_write_user(struct jw *w, const char *key, const struct user *u,
		    const struct api_areas *areas)
{
	jw_obj_begin(w, key);
	jw_int(w, "id", u->id);
	jw_str(w, "username", u->name);
	jw_str(w, "display_name", u->display_name);
	jw_str(w, "role", ledger_role_name(u->role));
	jw_str(w, "role_label", ledger_role_label(u->role));
	jw_arr_begin(w, "areas");
	for (size_t i = 0; i < u->n_areas; i++) {
		jw_obj_begin(w, NULL);
		jw_str(w, "code", u->areas[i]);
		jw_str(w, "name", api_area_name(areas, u->areas[i]));
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_str(w, "enterprise", u->enterprise_uscc);
	jw_bool(w, "disabled", u->disabled);
	jw_str(w, "created_at", u->created_at[0] ? u->created_at : NULL);
	jw_obj_end(w);
}

void api_reply_begin(struct jw *w, struct http_response *res)
{
	strbuf_reset(&res->body);
	jw_init(w, &res->body);
}

void api_items_begin(struct jw *w, struct http_response *res)
{
	api_reply_begin(w, res);
	jw_obj_begin(w, NULL);
	jw_arr_begin(w, "items");
}

int api_items_end(struct jw *w)
{
	jw_arr_end(w);
	jw_obj_end(w);
	return jw_finish(w);
}

int api_items_end_paged(struct jw *w, int64_t total, int64_t page, int64_t page_size)
{
	jw_arr_end(w);
	jw_int(w, "total", total);
	jw_int(w, "page", page);
	jw_int(w, "page_size", page_size);
	jw_obj_end(w);
	return jw_finish(w);
}

int api_flag(const char *v, const char *field, int *out, struct err *e)
{
	*out = 0;
	if (!v || !*v || !strcmp(v, "0") || !strcasecmp(v, "false") || !strcasecmp(v, "no"))
		return 0;
	if (!strcmp(v, "1") || !strcasecmp(v, "true") || !strcasecmp(v, "yes")) {
		*out = 1;
		return 0;
	}
	return err_set(e, ERR_INVALID, field, "参数 %s 只能是 1/true/yes 或 0/false/no", field);
}

int api_query_flag(const struct http_request *req, const char *name, int *out, struct err *e)
{
	return api_flag(http_query(req, name), name, out, e);
}

int api_read_paging(const struct http_request *req, int64_t *page, int64_t *page_size,
		    struct err *e)
{
	int64_t p = 1, ps = 50;
	int rc = http_query_int(req, "page", 1, 1000000000, 1, &p, e);
	if (!rc)
		rc = http_query_int(req, "page_size", 1, API_PAGE_SIZE_MAX, 50, &ps, e);
	if (rc)
		return rc;
	*page = p;
	*page_size = ps;
	return 0;
}

int api_enterprise_filter(const struct http_request *req, struct enterprise_filter *f,
			  struct err *e)
{
	enterprise_filter_init(f);
	const char *v;
	int64_t year = 0;
	int rc = 0;
	if ((v = http_query(req, "area")) && *v)
		f->area = v;
	if ((v = http_query(req, "tier")) && *v) {
		enum tier t;
		rc = enterprise_tier_parse(v, &t, e);
		if (rc)
			return rc;
		f->tier = (int)t;
	}
	if ((v = http_query(req, "field")) && *v) {
		if (strspn(v, "0123456789") != strlen(v) || strlen(v) > 5)
			return err_set(e, ERR_INVALID, "field", "技术领域代码应为数字：%s", v);
		f->field = v;
	}
	rc = http_query_int(req, "expiry_year", 1990, 9999, 0, &year, e);
	if (rc)
		return rc;
	f->expiry_year = (int)year;
	if ((v = http_query(req, "q")) && *v) {
		if (strlen(v) > 100)
			return err_set(e, ERR_INVALID, "q", "搜索文字过长（最多 100 字节）");
		f->q = v;
	}
	if ((v = http_query(req, "verdict")) && *v) {
		int verdict = -1;
		rc = api_verdict_parse(v, &verdict, e);
		if (rc)
			return rc;
		f->verdict = hnte_verdict_name((enum hnte_verdict)verdict);
	}
	if ((v = http_query(req, "sort")) && *v) {
		rc = enterprise_sort_parse(v, &f->sort, e);
		if (rc)
			return rc;
	}
	if ((v = http_query(req, "order")) && *v) {
		if (strcmp(v, "asc") && strcmp(v, "desc"))
			return err_set(e, ERR_INVALID, "order", "order 应为 asc 或 desc");
		f->descending = !strcmp(v, "desc");
	}
	return 0;
}
