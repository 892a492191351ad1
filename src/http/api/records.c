/*
 * api_years — annual indicators and the IP register of an enterprise:
 * GET …/{uscc}/years, GET|PUT …/{uscc}/years/{year},
 * GET|POST …/{uscc}/ip, PUT|DELETE …/{uscc}/ip/{id}.
 */
#include <stdlib.h>
#include <string.h>

#include "http/api/api.h"
#include "http/app.h"
#include "ledger/records/indicator.h"
#include "ledger/records/ip.h"
#include "ledger/records/qualitative.h"

static const char *const rd_keys[] = {
	"personnel", "direct", "depreciation",	     "amortization",	   "design",
	"trials",    "other",  "entrusted_domestic", "entrusted_overseas", NULL};

static int64_t *rd_slot(struct indicator *in, size_t i)
{
	int64_t *slots[] = {&in->rd_personnel,
			    &in->rd_direct,
			    &in->rd_depreciation,
			    &in->rd_amortization,
			    &in->rd_design,
			    &in->rd_trials,
			    &in->rd_other,
			    &in->rd_entrusted_domestic,
			    &in->rd_entrusted_overseas};
	return slots[i];
}

static void write_year(struct jw *w, const char *key, struct indicator *in)
{
	jw_obj_begin(w, key);
	jw_int(w, "year", in->year);
	jw_count(w, "staff", in->staff, LEDGER_NONE);
	jw_count(w, "st_staff", in->st_staff, LEDGER_NONE);
	jw_money(w, "sales_main", in->sales_main, LEDGER_NONE);
	jw_money(w, "sales_other", in->sales_other, LEDGER_NONE);
	jw_money(w, "sales", indicator_sales(in), LEDGER_NONE);
	jw_money(w, "gross_income", in->gross_income, LEDGER_NONE);
	jw_money(w, "non_taxable_income", in->non_taxable_income, LEDGER_NONE);
	jw_money(w, "hitech_income", in->hitech_income, LEDGER_NONE);
	int has_cat = 0;
	for (size_t i = 0; rd_keys[i]; i++)
		if (*rd_slot(in, i) != LEDGER_NONE)
			has_cat = 1;
	if (has_cat) {
		jw_obj_begin(w, "rd");
		for (size_t i = 0; rd_keys[i]; i++)
			jw_money(w, rd_keys[i], *rd_slot(in, i), LEDGER_NONE);
		jw_obj_end(w);
	} else {
		jw_null(w, "rd");
	}
	jw_money(w, "rd_total", in->rd_total, LEDGER_NONE);
	jw_money(w, "rd_domestic", in->rd_domestic, LEDGER_NONE);
	jw_money(w, "total_assets", in->total_assets, LEDGER_NONE);
	jw_money(w, "total_liabilities", in->total_liabilities, LEDGER_NONE);
	jw_money(w, "cost_expense_total", in->cost_expense_total, LEDGER_NONE);
	jw_int_or_null(w, "conversions", in->conversions, LEDGER_NONE);
	jw_bool(w, "incident", in->incident);
	jw_bool(w, "locked", in->locked);
	jw_str(w, "locked_by", in->locked ? in->locked_by : NULL);
	jw_str(w, "updated_at", in->updated_at[0] ? in->updated_at : NULL);
	jw_obj_end(w);
}

/* Parse the {year} path parameter. */
static int path_year(const struct http_request *req, int64_t *year, struct err *e)
{
	const char *v = http_param(req, "year");
	if (!v || strlen(v) != 4 || strspn(v, "0123456789") != 4)
		return err_set(e, ERR_INVALID, "year", "年度应为四位数字：%s", v ? v : "");
	*year = atoi(v);
	if (*year < 1990 || *year > 2100)
		return err_set(e, ERR_INVALID, "year", "年度应在 1990 到 2100 之间");
	return 0;
}

static int list_years(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	app_ledger(req, &l);
	struct indicator *items = NULL;
	size_t n = 0;
	int rc = indicator_list(&l, http_param(req, "uscc"), req->arena, &items, &n, e);
	if (rc)
		return rc;
	struct jw w;
	api_items_begin(&w, res);
	for (size_t i = 0; i < n; i++)
		write_year(&w, NULL, &items[i]);
	return api_items_end(&w);
}

static int reply_year(struct http_request *req, struct http_response *res, struct ledger *l,
		      int64_t year, struct err *e)
{
	struct indicator in;
	int rc = indicator_get(l, http_param(req, "uscc"), year, req->arena, &in, e);
	if (rc)
		return rc;
	struct jw w;
	api_reply_begin(&w, res);
	write_year(&w, NULL, &in);
	return jw_finish(&w);
}

static int get_year(struct http_request *req, struct http_response *res, struct err *e)
{
	int64_t year;
	int rc = path_year(req, &year, e);
	if (rc)
		return rc;
	struct ledger l;
	app_ledger(req, &l);
	return reply_year(req, res, &l, year, e);
}

static const char *const year_members[] = {"year",
					   "staff",
					   "st_staff",
					   "sales_main",
					   "sales_other",
					   "sales",
					   "gross_income",
					   "non_taxable_income",
					   "hitech_income",
					   "rd",
					   "rd_total",
					   "rd_domestic",
					   "total_assets",
					   "total_liabilities",
					   "cost_expense_total",
					   "conversions",
					   "incident",
					   "locked",
					   "locked_by",
					   "updated_at",
					   NULL};

/* Overlay the members of O onto IN. */
static int read_year(json_t *o, struct indicator *in, struct err *e)
{
	int rc = api_check_members(o, year_members, e);
	int sales_split = json_object_get(o, "sales_main") || json_object_get(o, "sales_other");
	if (!rc)
		rc = api_get_count(o, "staff", &in->staff, e);
	if (!rc)
		rc = api_get_count(o, "st_staff", &in->st_staff, e);
	if (!rc)
		rc = api_get_money(o, "sales_main", &in->sales_main, e);
	if (!rc)
		rc = api_get_money(o, "sales_other", &in->sales_other, e);
	if (!rc && !sales_split && json_object_get(o, "sales")) {
		/* Only the total given: it is the main business revenue. */
		rc = api_get_money(o, "sales", &in->sales_main, e);
		in->sales_other = LEDGER_NONE;
	}
	if (!rc)
		rc = api_get_money(o, "gross_income", &in->gross_income, e);
	if (!rc)
		rc = api_get_money(o, "non_taxable_income", &in->non_taxable_income, e);
	if (!rc)
		rc = api_get_money(o, "hitech_income", &in->hitech_income, e);
	json_t *rd = json_object_get(o, "rd");
	if (!rc && rd && !json_is_null(rd) && !json_is_object(rd))
		rc = err_set(e, ERR_INVALID, "rd", "rd 应为对象（各项研发费用）或 null");
	if (!rc && rd && json_is_null(rd)) {
		for (size_t i = 0; rd_keys[i]; i++)
			*rd_slot(in, i) = LEDGER_NONE;
	} else if (!rc && rd) {
		rc = api_check_members(rd, rd_keys, e);
		for (size_t i = 0; !rc && rd_keys[i]; i++)
			rc = api_get_money(rd, rd_keys[i], rd_slot(in, i), e);
		if (rc)
			err_prefix_field(e, "rd");
	}
	if (!rc)
		rc = api_get_money(o, "rd_total", &in->rd_total, e);
	if (!rc)
		rc = api_get_money(o, "rd_domestic", &in->rd_domestic, e);
	if (!rc)
		rc = api_get_money(o, "total_assets", &in->total_assets, e);
	if (!rc)
		rc = api_get_money(o, "total_liabilities", &in->total_liabilities, e);
	if (!rc)
		rc = api_get_money(o, "cost_expense_total", &in->cost_expense_total, e);
	if (!rc)
		rc = api_get_int(o, "conversions", 0, 100000, &in->conversions, e);
	if (!rc)
		rc = api_get_bool(o, "incident", &in->incident, e);
	return rc;
}

static int put_year(struct http_request *req, struct http_response *res, struct err *e)
{
	json_t *body = NULL;
	int64_t year, body_year = LEDGER_NONE;
	const char *uscc = http_param(req, "uscc");
	struct ledger l;
	app_ledger(req, &l);
	struct indicator in;
	int rc = path_year(req, &year, e);
	if (!rc)
		rc = http_json_body(req, &body, e);
	if (!rc)
		rc = api_get_int(body, "year", 1990, 2100, &body_year, e);
	if (rc)
		goto out;
	if (body_year != LEDGER_NONE && body_year != year) {
		rc = err_set(e, ERR_INVALID, "year", "请求体中的年度 %lld 与地址中的 %lld 不一致",
			     (long long)body_year, (long long)year);
		goto out;
	}
	rc = indicator_get(&l, uscc, year, req->arena, &in, e);
	if (rc == ERR_NOT_FOUND) {
		/* A new year — unless the enterprise itself is not visible. */
		int64_t id;
		rc = ledger_enterprise_id(&l, uscc, &id, e);
		if (rc)
			goto out;
		indicator_init(&in, year);
	} else if (rc) {
		goto out;
	}
	int was_locked = in.locked, want_locked = in.locked;
	rc = read_year(body, &in, e);
	if (!rc)
		rc = api_get_bool(body, "locked", &want_locked, e);
	if (rc)
		goto out;
	if (was_locked && !want_locked)
		rc = indicator_set_locked(&l, uscc, year, 0, e);
	if (!rc)
		rc = indicator_validate(&in, e);
	if (!rc)
		rc = indicator_upsert(&l, uscc, &in, NULL, e);
	if (!rc && want_locked && !was_locked)
		rc = indicator_set_locked(&l, uscc, year, 1, e);
	if (!rc)
		rc = reply_year(req, res, &l, year, e);
out:
	json_decref(body);
	return rc;
}

/* ---- IP ------------------------------------------------------------------- */

static void write_ip(struct jw *w, const char *key, const struct ip_item *it)
{
	jw_obj_begin(w, key);
	jw_int(w, "id", it->id);
	jw_str(w, "kind", it->kind);
	jw_str(w, "kind_label", ip_kind_label(it->kind));
	jw_str(w, "class", it->klass == 1 ? "I" : "II");
	jw_str(w, "number", it->number);
	jw_str(w, "title", it->title);
	jw_date(w, "granted_on", it->granted_on, LEDGER_NO_DATE);
	jw_date(w, "expires_on", it->expires_on, LEDGER_NO_DATE);
	jw_str(w, "legal_status", it->legal_status);
	jw_bool(w, "valid", it->valid);
	jw_str(w, "acquired", it->acquired);
	jw_int_or_null(w, "used_in_recognition", it->used_in_recognition, LEDGER_NONE);
	jw_obj_end(w);
}

static const char *const ip_members[] = {
	"id",	      "kind",	    "kind_label",   "class", "number",	 "title",
	"granted_on", "expires_on", "legal_status", "valid", "acquired", "used_in_recognition",
	NULL};

static int read_ip(json_t *o, struct http_request *req, struct ip_item *it, struct err *e)
{
	const char *kind = NULL;
	int rc = api_check_members(o, ip_members, e);
	if (!rc)
		rc = api_get_str(o, "kind", req->arena, 64, &kind, e);
	if (!rc && kind) {
		it->kind = ip_kind_parse(kind);
		if (!it->kind)
			rc = err_set(e, ERR_INVALID, "kind", "未知的知识产权类型：%s", kind);
	}
	if (!rc)
		rc = api_get_str(o, "number", req->arena, 100, &it->number, e);
	if (!rc)
		rc = api_get_str(o, "title", req->arena, 300, &it->title, e);
	if (!rc)
		rc = api_get_date(o, "granted_on", &it->granted_on, e);
	if (!rc)
		rc = api_get_date(o, "expires_on", &it->expires_on, e);
	if (!rc)
		rc = api_get_str(o, "legal_status", req->arena, 50, &it->legal_status, e);
	if (!rc)
		rc = api_get_bool(o, "valid", &it->valid, e);
	if (!rc)
		rc = api_get_str(o, "acquired", req->arena, 16, &it->acquired, e);
	if (!rc)
		rc = api_get_int(o, "used_in_recognition", 2000, 2100, &it->used_in_recognition, e);
	if (!rc && !it->acquired)
		it->acquired = "self";
	return rc;
}

static int list_ip(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	app_ledger(req, &l);
	struct ip_item *items = NULL;
	size_t n = 0;
	int rc = ip_list(&l, http_param(req, "uscc"), req->arena, &items, &n, e);
	if (rc)
		return rc;
	struct jw w;
	api_items_begin(&w, res);
	for (size_t i = 0; i < n; i++)
		write_ip(&w, NULL, &items[i]);
	return api_items_end(&w);
}

static int reply_ip(struct http_request *req, struct http_response *res, struct ledger *l,
		    int64_t id, int status, struct err *e)
{
	struct ip_item it;
	int rc = ip_get(l, http_param(req, "uscc"), id, req->arena, &it, e);
	if (rc)
		return rc;
	struct jw w;
	api_reply_begin(&w, res);
	write_ip(&w, NULL, &it);
	res->status = status;
	return jw_finish(&w);
}

static int add_ip(struct http_request *req, struct http_response *res, struct err *e)
{
	json_t *body = NULL;
	struct ip_item it;
	ip_item_init(&it);
	int64_t id = 0;
	struct ledger l;
	app_ledger(req, &l);
	int rc = http_json_body(req, &body, e);
	if (!rc)
		rc = api_require(body, "kind", e);
	if (!rc)
		rc = read_ip(body, req, &it, e);
	if (!rc)
		rc = ip_validate(&it, e);
	if (!rc)
		rc = ip_add(&l, http_param(req, "uscc"), &it, &id, e);
	if (!rc)
		rc = reply_ip(req, res, &l, id, 201, e);
	json_decref(body);
	return rc;
}

static int update_ip(struct http_request *req, struct http_response *res, struct err *e)
{
	json_t *body = NULL;
	struct ip_item it;
	int64_t id = 0;
	struct ledger l;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "知识产权记录", &id, e);
	if (!rc)
		rc = http_json_body(req, &body, e);
	if (!rc)
		rc = ip_get(&l, http_param(req, "uscc"), id, req->arena, &it, e);
	if (!rc)
		rc = read_ip(body, req, &it, e);
	if (!rc)
		rc = ip_validate(&it, e);
	if (!rc)
		rc = ip_update(&l, http_param(req, "uscc"), id, &it, e);
	if (!rc)
		rc = reply_ip(req, res, &l, id, 200, e);
	json_decref(body);
	return rc;
}

static int delete_ip(struct http_request *req, struct http_response *res, struct err *e)
{
	int64_t id = 0;
	struct ledger l;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "知识产权记录", &id, e);
	if (!rc)
		rc = ip_delete(&l, http_param(req, "uscc"), id, e);
	if (!rc)
		rc = http_reply_ok(res);
	return rc;
}

/* ---- qualitative ratings (rules.md §3: the expert's ratings and the self-check) ------- */

/* A rating as the profile JSON writes it: "A"…"E", points, or null. */
static void write_rating(struct jw *w, const char *key, const struct rating *r)
{
	if (r->band) {
		char b[2] = {r->band, '\0'};
		jw_str(w, key, b);
	} else {
		jw_int_or_null(w, key, r->points, LEDGER_NONE);
	}
}

/*
 * The ratings of YEAR: those recorded for that year ("recorded": true), else
 * the latest earlier ones the assessment carries over ("carried_from"), else
 * every member null.
 */
static int reply_ratings(struct http_request *req, struct http_response *res, struct ledger *l,
			 int64_t year, struct err *e)
{
	const char *uscc = http_param(req, "uscc");
	struct qualitative q;
	int rc = qualitative_latest(l, uscc, year, req->arena, &q, e);
	if (rc == ERR_NOT_FOUND) {
		int64_t id;
		err_clear(e);
		rc = ledger_enterprise_id(l, uscc, &id, e); /* 404 only for a firm out of sight */
		qualitative_init(&q, LEDGER_NONE);
	}
	if (rc)
		return rc;
	struct jw w;
	api_reply_begin(&w, res);
	jw_obj_begin(&w, NULL);
	jw_int(&w, "year", year);
	jw_bool(&w, "recorded", q.year == year);
	jw_int_or_null(&w, "carried_from", q.year != year ? q.year : LEDGER_NONE, LEDGER_NONE);
	write_rating(&w, "advancement", &q.advancement);
	write_rating(&w, "core_support", &q.core_support);
	if (q.rd_org_band) {
		char b[2] = {q.rd_org_band, '\0'};
		jw_str(&w, "rd_org", b);
	} else if (q.rd_org[0] != LEDGER_NONE || q.rd_org[1] != LEDGER_NONE ||
		   q.rd_org[2] != LEDGER_NONE || q.rd_org[3] != LEDGER_NONE) {
		jw_arr_begin(&w, "rd_org");
		for (int i = 0; i < 4; i++)
			jw_int_or_null(&w, NULL, q.rd_org[i], LEDGER_NONE);
		jw_arr_end(&w);
	} else {
		jw_null(&w, "rd_org");
	}
	if (q.standards < 0)
		jw_null(&w, "standards");
	else
		jw_bool(&w, "standards", q.standards);
	jw_str(&w, "rated_by", q.year != LEDGER_NONE ? q.rated_by : NULL);
	jw_str(&w, "updated_at", q.updated_at[0] ? q.updated_at : NULL);
	jw_obj_end(&w);
	return jw_finish(&w);
}

static int get_ratings(struct http_request *req, struct http_response *res, struct err *e)
{
	int64_t year;
	int rc = path_year(req, &year, e);
	if (rc)
		return rc;
	struct ledger l;
	app_ledger(req, &l);
	return reply_ratings(req, res, &l, year, e);
}

/* A rating member: absent/null, a band letter "A"–"E", or whole points 0…MAX. */
static int read_rating(json_t *o, const char *key, int64_t max, struct rating *r, struct err *e)
{
	json_t *v = json_object_get(o, key);
	r->band = 0;
	r->points = LEDGER_NONE;
	if (!v || json_is_null(v))
		return 0;
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		if (strlen(s) != 1 || s[0] < 'A' || s[0] > 'E')
			return err_set(e, ERR_INVALID, key, "评分档次应为 A、B、C、D 或 E：%s", s);
		r->band = s[0];
		return 0;
	}
	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > max)
		return err_set(e, ERR_INVALID, key, "评分应为档次 A–E 或 0 到 %lld 的整数分",
			       (long long)max);
	r->points = json_integer_value(v);
	return 0;
}

static const char *const rating_members[] = {
	"year",	  "recorded",  "carried_from", "advancement", "core_support",
	"rd_org", "standards", "rated_by",     "updated_at",  NULL};

static int read_ratings(json_t *o, struct qualitative *q, struct err *e)
{
	static const int64_t item_max[4] = {6, 6, 4, 4};
	int rc = api_check_members(o, rating_members, e);
	if (!rc)
		rc = read_rating(o, "advancement", 8, &q->advancement, e);
	if (!rc)
		rc = read_rating(o, "core_support", 8, &q->core_support, e);
	if (!rc && !json_is_null(json_object_get(o, "standards"))) /* null: not known */
		rc = api_get_bool(o, "standards", &q->standards, e);
	if (rc)
		return rc;
	json_t *v = json_object_get(o, "rd_org");
	if (!v || json_is_null(v))
		return 0;
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		if (strlen(s) != 1 || s[0] < 'A' || s[0] > 'E')
			return err_set(e, ERR_INVALID, "rd_org", "研发组织管理档次应为 A–E：%s", s);
		q->rd_org_band = s[0];
		return 0;
	}
	if (!json_is_array(v) || json_array_size(v) != 4)
		return err_set(e, ERR_INVALID, "rd_org",
			       "研发组织管理应为档次 A–E 或四个分项的得分（6、6、4、4 分以内）");
	for (size_t i = 0; i < 4; i++) {
		json_t *x = json_array_get(v, i);
		if (json_is_null(x))
			continue;
		if (!json_is_integer(x) || json_integer_value(x) < 0 ||
		    json_integer_value(x) > item_max[i])
			return err_set(e, ERR_INVALID, "rd_org",
				       "研发组织管理第%zu项应为 0 到 %lld 分", i + 1,
				       (long long)item_max[i]);
		q->rd_org[i] = json_integer_value(x);
	}
	return 0;
}

static int put_ratings(struct http_request *req, struct http_response *res, struct err *e)
{
	json_t *body = NULL;
	int64_t year, body_year = LEDGER_NONE;
	struct ledger l;
	app_ledger(req, &l);
	struct qualitative q;
	int rc = path_year(req, &year, e);
	if (!rc)
		rc = http_json_body(req, &body, e);
	if (!rc)
		rc = api_get_int(body, "year", 1990, 2100, &body_year, e);
	if (!rc && body_year != LEDGER_NONE && body_year != year)
		rc = err_set(e, ERR_INVALID, "year", "请求体中的年度 %lld 与地址中的 %lld 不一致",
			     (long long)body_year, (long long)year);
	if (!rc) {
		qualitative_init(&q, year);
		rc = read_ratings(body, &q, e);
	}
	if (!rc)
		rc = qualitative_validate(&q, e);
	if (!rc)
		rc = qualitative_upsert(&l, http_param(req, "uscc"), &q, NULL, e);
	if (!rc)
		rc = reply_ratings(req, res, &l, year, e);
	json_decref(body);
	return rc;
}

void api_records_routes(struct router *r)
{
	router_add(r, HTTP_GET, "/api/v1/enterprises/{uscc}/years", list_years, ROUTE_CACHE);
	router_add(r, HTTP_GET, "/api/v1/enterprises/{uscc}/years/{year}", get_year, ROUTE_CACHE);
	router_add(r, HTTP_PUT, "/api/v1/enterprises/{uscc}/years/{year}", put_year, 0);
	router_add(r, HTTP_GET, "/api/v1/enterprises/{uscc}/ratings/{year}", get_ratings,
		   ROUTE_CACHE);
	router_add(r, HTTP_PUT, "/api/v1/enterprises/{uscc}/ratings/{year}", put_ratings, 0);
	router_add(r, HTTP_GET, "/api/v1/enterprises/{uscc}/ip", list_ip, ROUTE_CACHE);
	router_add(r, HTTP_POST, "/api/v1/enterprises/{uscc}/ip", add_ip, 0);
	router_add(r, HTTP_PUT, "/api/v1/enterprises/{uscc}/ip/{id}", update_ip, 0);
	router_add(r, HTTP_DELETE, "/api/v1/enterprises/{uscc}/ip/{id}", delete_ip, 0);
}
