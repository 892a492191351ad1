/*
 * api_enterprises — the enterprise register: GET /api/v1/areas,
 * GET|POST /api/v1/enterprises, GET|PUT /api/v1/enterprises/{uscc},
 * POST …/{uscc}/tier, GET …/{uscc}/tier-history, GET /api/v1/dashboard.
 * Scope comes from the ledger: out-of-scope enterprises are 404 and absent
 * from lists and counts. Every enterprise object carries its HNTE verdict
 * and score range for an application today, assessed fresh for just the
 * enterprises answered (ledger/screening: four queries per page).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/xalloc.h"
#include "http/api/api.h"
#include "http/app.h"
#include "ledger/register/enterprise.h"
#include "ledger/assess/screening.h"
#include "rules/assess.h"

static const char *field_name(const struct http_request *req, const char *code)
{
	if (!code)
		return NULL;
	const struct fields_entry *f = fields_find(app_of(req)->fields, code);
	return f ? arena_strndup(req->arena, f->name, f->name_len) : NULL;
}

static void write_tags(struct jw *w, const char *tags)
{
	jw_arr_begin(w, "tags");
	const char *p = tags ? tags : "";
	while (*p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len) {
			char buf[256];
			snprintf(buf, sizeof buf, "%.*s", (int)len, p);
			jw_str(w, NULL, buf);
		}
		p += len;
		if (*p == ',')
			p++;
	}
	jw_arr_end(w);
}

/* ---- verdicts of the enterprises answered ------------------------------------- */

/* The HNTE verdict and score range of one enterprise; verdict −1 = not assessed. */
struct verdict_cell {
	int64_t id;
	int verdict;
	int min, max;
};

struct verdicts {
	const struct fields_table *fields;
	struct assess_result *result;
	struct verdict_cell *cells; /* sorted by id */
	size_t n;
};

static int cmp_cell(const void *a, const void *b)
{
	int64_t x = ((const struct verdict_cell *)a)->id, y = ((const struct verdict_cell *)b)->id;
	return (x > y) - (x < y);
}

static const struct verdict_cell *verdict_of(const struct verdicts *v, int64_t id)
{
	struct verdict_cell key = {.id = id};
	return v->n ? bsearch(&key, v->cells, v->n, sizeof key, cmp_cell) : NULL;
}

static int assess_cell(void *ctx, int64_t id, const char *area, const struct profile *p,
		       struct err *e)
{
	(void)area;
	struct verdicts *v = ctx;
	struct verdict_cell *c = (struct verdict_cell *)verdict_of(v, id);
	if (!c)
		return 0;
	/* A profile the engine refuses (no rule set for the year) stays without a verdict. */
	if (assess_run(NULL, v->fields, p, v->result, e)) {
		err_clear(e);
		return 0;
	}
	c->verdict = (int)v->result->hnte.verdict;
	c->min = v->result->hnte.score.min;
	c->max = v->result->hnte.score.max;
	return 0;
}

/*
 * Assess the N enterprises ITEMS for an application today (the default of
 * GET …/assessment) into *OUT (cells in REQ's arena).
 */
static int assess_items(struct http_request *req, struct ledger *l, const struct enterprise *items,
			size_t n, struct verdicts *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	if (!n)
		return 0;
	out->fields = app_of(req)->fields;
	out->cells = arena_alloc(req->arena, n * sizeof *out->cells);
	int64_t *ids = arena_alloc(req->arena, n * sizeof *ids);
	for (size_t i = 0; i < n; i++) {
		out->cells[i] = (struct verdict_cell){.id = items[i].id, .verdict = -1};
		ids[i] = items[i].id;
	}
	out->n = n;
	qsort(out->cells, n, sizeof *out->cells, cmp_cell);
	out->result = xmalloc(sizeof *out->result);
	int rc = screening_ids(l, date_today(), ids, n, assess_cell, out, NULL, e);
	free(out->result);
	out->result = NULL;
	return rc;
}

static void write_verdict(struct jw *w, const struct verdict_cell *c)
{
	if (!c || c->verdict < 0) {
		jw_null(w, "verdict");
		jw_null(w, "score");
		return;
	}
	jw_str(w, "verdict", hnte_verdict_name((enum hnte_verdict)c->verdict));
	jw_obj_begin(w, "score");
	jw_int(w, "min", c->min);
	jw_int(w, "max", c->max);
	jw_obj_end(w);
}

static void write_enterprise(struct jw *w, const char *key, const struct http_request *req,
			     const struct enterprise *en, const struct api_areas *areas,
			     const struct verdicts *v)
{
	jw_obj_begin(w, key);
	jw_str(w, "uscc", en->uscc);
	jw_str(w, "name", en->name);
	jw_str(w, "area", en->area);
	jw_str(w, "area_name", api_area_name(areas, en->area));
	jw_str(w, "address", en->address);
	jw_date(w, "registered_on", en->registered_on, LEDGER_NO_DATE);
	jw_str(w, "legal_rep", en->legal_rep);
	jw_str(w, "contact_name", en->contact_name);
	jw_str(w, "contact_phone", en->contact_phone);
	jw_str(w, "industry", en->industry);
	jw_str(w, "field", en->field);
	jw_str(w, "field_name", field_name(req, en->field));
	jw_str(w, "main_products", en->main_products);
	jw_bool(w, "above_scale", en->above_scale);
	jw_bool(w, "listed", en->listed);
	write_tags(w, en->tags);
	jw_str(w, "tier", enterprise_tier_name(en->tier));
	jw_str(w, "tier_label", enterprise_tier_label(en->tier));
	write_verdict(w, verdict_of(v, en->id));
	jw_str(w, "exit_reason", en->exit_reason);
	jw_str(w, "hnte_cert_no", en->hnte_cert_no);
	jw_date(w, "hnte_issued_on", en->hnte_issued_on, LEDGER_NO_DATE);
	jw_date(w, "hnte_expires_on", en->hnte_expires_on, LEDGER_NO_DATE);
	jw_str(w, "hnte_batch", en->hnte_batch);
	jw_str(w, "tsme_reg_no", en->tsme_reg_no);
	jw_int_or_null(w, "tsme_year", en->tsme_year, LEDGER_NONE);
	jw_str(w, "county_contact", en->county_contact);
	jw_str(w, "created_at", en->created_at[0] ? en->created_at : NULL);
	jw_str(w, "updated_at", en->updated_at[0] ? en->updated_at : NULL);
	jw_obj_end(w);
}

/* Reply with the enterprise USCC as stored now. */
static int reply_enterprise(struct http_request *req, struct http_response *res, struct ledger *l,
			    const char *uscc, int status, struct err *e)
{
	struct enterprise en;
	struct api_areas areas;
	struct verdicts v;
	int rc = enterprise_get(l, uscc, req->arena, &en, e);
	if (!rc)
		rc = api_areas_load(l, req->arena, &areas, e);
	if (!rc)
		rc = assess_items(req, l, &en, 1, &v, e);
	if (rc)
		return rc;
	struct jw w;
	api_reply_begin(&w, res);
	write_enterprise(&w, NULL, req, &en, &areas, &v);
	res->status = status;
	return jw_finish(&w);
}

/* ---- reading a body ------------------------------------------------------ */

static const char *const enterprise_members[] = {"uscc",
						 "name",
						 "area",
						 "area_name",
						 "address",
						 "registered_on",
						 "legal_rep",
						 "contact_name",
						 "contact_phone",
						 "industry",
						 "field",
						 "field_name",
						 "main_products",
						 "above_scale",
						 "listed",
						 "tags",
						 "tier",
						 "tier_label",
						 "verdict",
						 "score",
						 "exit_reason",
						 "hnte_cert_no",
						 "hnte_issued_on",
						 "hnte_expires_on",
						 "hnte_batch",
						 "tsme_reg_no",
						 "tsme_year",
						 "county_contact",
						 "created_at",
						 "updated_at",
						 NULL};

static int read_tags(json_t *o, struct http_request *req, const char **out, struct err *e)
{
	json_t *v = json_object_get(o, "tags");
	if (!v)
		return 0;
	if (json_is_null(v)) {
		*out = "";
		return 0;
	}
	if (json_is_string(v))
		return api_get_str(o, "tags", req->arena, 1000, out, e);
	if (!json_is_array(v))
		return err_set(e, ERR_INVALID, "tags", "tags 应为文本数组");
	struct strbuf sb;
	strbuf_init(&sb, 1000);
	size_t i;
	json_t *t;
	int rc = 0;
	json_array_foreach(v, i, t)
	{
		if (!json_is_string(t) || strchr(json_string_value(t), ',')) {
			rc = err_set(e, ERR_INVALID, "tags", "标签应为不含逗号的文本");
			break;
		}
		if ((sb.len && strbuf_addc(&sb, ',')) || strbuf_adds(&sb, json_string_value(t))) {
			rc = err_set(e, ERR_INVALID, "tags", "标签过多（最多 1000 字节）");
			break;
		}
	}
	if (!rc)
		*out = arena_strdup(req->arena, strbuf_cstr(&sb));
	strbuf_cleanup(&sb);
	return rc;
}

/* Overlay the members of O onto EN (text copied into the request arena). */
static int read_enterprise(json_t *o, struct http_request *req, struct enterprise *en,
			   struct err *e)
{
	struct arena *a = req->arena;
	int64_t tsme_year = en->tsme_year;
	int rc = api_check_members(o, enterprise_members, e);
	if (!rc)
		rc = api_get_str(o, "name", a, 200, &en->name, e);
	if (!rc)
		rc = api_get_str(o, "area", a, 16, &en->area, e);
	if (!rc)
		rc = api_get_str(o, "address", a, 500, &en->address, e);
	if (!rc)
		rc = api_get_date(o, "registered_on", &en->registered_on, e);
	if (!rc)
		rc = api_get_str(o, "legal_rep", a, 100, &en->legal_rep, e);
	if (!rc)
		rc = api_get_str(o, "contact_name", a, 100, &en->contact_name, e);
	if (!rc)
		rc = api_get_str(o, "contact_phone", a, 50, &en->contact_phone, e);
	if (!rc)
		rc = api_get_str(o, "industry", a, 100, &en->industry, e);
	if (!rc)
		rc = api_get_str(o, "field", a, 8, &en->field, e);
	if (!rc)
		rc = api_get_str(o, "main_products", a, 1000, &en->main_products, e);
	if (!rc)
		rc = api_get_bool(o, "above_scale", &en->above_scale, e);
	if (!rc)
		rc = api_get_bool(o, "listed", &en->listed, e);
	if (!rc)
		rc = read_tags(o, req, &en->tags, e);
	if (!rc)
		rc = api_get_str(o, "hnte_cert_no", a, 50, &en->hnte_cert_no, e);
	if (!rc)
		rc = api_get_date(o, "hnte_issued_on", &en->hnte_issued_on, e);
	if (!rc)
		rc = api_get_date(o, "hnte_expires_on", &en->hnte_expires_on, e);
	if (!rc)
		rc = api_get_str(o, "hnte_batch", a, 50, &en->hnte_batch, e);
	if (!rc)
		rc = api_get_str(o, "tsme_reg_no", a, 50, &en->tsme_reg_no, e);
	if (!rc)
		rc = api_get_int(o, "tsme_year", 1990, 9999, &tsme_year, e);
	if (!rc)
		rc = api_get_str(o, "county_contact", a, 100, &en->county_contact, e);
	en->tsme_year = tsme_year;
	if (en->field && !*en->field)
		en->field = NULL;
	if (!en->tags)
		en->tags = "";
	return rc;
}

/* ---- handlers --------------------------------------------------------------- */

static int list_areas(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	app_ledger(req, &l);
	struct api_areas areas;
	struct user u;
	int rc = api_areas_load(&l, req->arena, &areas, e);
	int own_only = l.scope.role == ROLE_COUNTY || l.scope.role == ROLE_VIEWER;
	if (!rc && own_only)
		rc = user_get(&l, l.scope.user_id, req->arena, &u, e);
	if (rc)
		return rc;
	struct jw w;
	api_items_begin(&w, res);
	for (size_t i = 0; i < areas.n; i++) {
		const struct area *ar = &areas.items[i];
		int mine = !own_only;
		for (size_t k = 0; own_only && k < u.n_areas; k++)
			if (!strcmp(u.areas[k], ar->code))
				mine = 1;
		if (!mine)
			continue;
		jw_obj_begin(&w, NULL);
		jw_str(&w, "code", ar->code);
		jw_str(&w, "name", ar->name);
		jw_str(&w, "kind", ar->kind);
		jw_obj_end(&w);
	}
	return api_items_end(&w);
}

/* Fill F from the query (filters only; paging by the caller). */
static int read_filter(const struct http_request *req, struct enterprise_filter *f, struct err *e)
{
	enterprise_filter_init(f);
	const char *v;
	int rc = 0;
	int64_t year = 0;
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
	return 0;
}

static int list_enterprises(struct http_request *req, struct http_response *res, struct err *e)
{
	struct enterprise_filter f;
	int64_t page = 1, page_size = 50;
	int rc = read_filter(req, &f, e);
	if (!rc)
		rc = api_read_paging(req, &page, &page_size, e);
	if (rc)
		return rc;
	const char *v;
	if ((v = http_query(req, "sort")) && *v) {
		rc = enterprise_sort_parse(v, &f.sort, e);
		if (rc)
			return rc;
	}
	if ((v = http_query(req, "order")) && *v) {
		if (strcmp(v, "asc") && strcmp(v, "desc"))
			return err_set(e, ERR_INVALID, "order", "order 应为 asc 或 desc");
		f.descending = !strcmp(v, "desc");
	}
	f.offset = (page - 1) * page_size;
	f.limit = page_size;
	f.want_total = 1;
	struct ledger l;
	app_ledger(req, &l);
	struct enterprise_page pg;
	struct api_areas areas;
	struct verdicts vs;
	int verdict = -1;
	if ((v = http_query(req, "verdict")) && *v) {
		rc = api_verdict_parse(v, &verdict, e);
		if (rc)
			return rc;
	}
	if (verdict >= 0)
		rc = api_verdict_page(req, &l, &f, verdict, &pg, e);
	else
		rc = enterprise_list(&l, &f, req->arena, &pg, e);
	if (!rc)
		rc = api_areas_load(&l, req->arena, &areas, e);
	if (!rc)
		rc = assess_items(req, &l, pg.items, pg.n, &vs, e);
	if (rc)
		return rc;
	struct jw w;
	api_items_begin(&w, res);
	for (size_t i = 0; i < pg.n; i++)
		write_enterprise(&w, NULL, req, &pg.items[i], &areas, &vs);
	return api_items_end_paged(&w, pg.total, page, page_size);
}

static int get_enterprise(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	app_ledger(req, &l);
	return reply_enterprise(req, res, &l, http_param(req, "uscc"), 200, e);
}

static int create_enterprise(struct http_request *req, struct http_response *res, struct err *e)
{
	json_t *body = NULL;
	struct enterprise en;
	enterprise_init(&en);
	const char *uscc = NULL, *tier = NULL, *exit_reason = NULL;
	char norm[19];
	int rc = http_json_body(req, &body, e);
	if (!rc)
		rc = api_require(body, "uscc", e);
	if (!rc)
		rc = api_require(body, "name", e);
	if (!rc)
		rc = api_require(body, "area", e);
	if (!rc)
		rc = api_get_str(body, "uscc", req->arena, 18 * 4, &uscc, e);
	if (!rc)
		rc = api_get_str(body, "tier", req->arena, 32, &tier, e);
	if (!rc)
		rc = api_get_str(body, "exit_reason", req->arena, 500, &exit_reason, e);
	if (!rc)
		rc = read_enterprise(body, req, &en, e);
	if (rc)
		goto out;
	/* Surrounding spaces are forgiven (pasted codes); the validator checks the rest. */
	while (*uscc == ' ' || *uscc == '\t')
		uscc++;
	size_t ulen = strlen(uscc);
	while (ulen && (uscc[ulen - 1] == ' ' || uscc[ulen - 1] == '\t'))
		ulen--;
	if (ulen > 18) {
		rc = err_set(e, ERR_INVALID, "uscc", "统一社会信用代码应为18位，实际为%zu个字符",
			     ulen);
		goto out;
	}
	memcpy(en.uscc, uscc, ulen);
	en.uscc[ulen] = '\0';
	if (tier) {
		rc = enterprise_tier_parse(tier, &en.tier, e);
		if (rc)
			goto out;
	}
	en.exit_reason = exit_reason;
	rc = enterprise_validate(&en, norm, e);
	if (rc)
		goto out;
	struct ledger l;
	app_ledger(req, &l);
	rc = enterprise_create(&l, &en, NULL, e);
	if (!rc)
		rc = reply_enterprise(req, res, &l, norm, 201, e);
out:
	json_decref(body);
	return rc;
}

static int update_enterprise(struct http_request *req, struct http_response *res, struct err *e)
{
	json_t *body = NULL;
	struct enterprise en;
	struct ledger l;
	app_ledger(req, &l);
	const char *uscc = http_param(req, "uscc");
	const char *tier = NULL, *new_uscc = NULL;
	int rc = http_json_body(req, &body, e);
	if (!rc)
		rc = enterprise_get(&l, uscc, req->arena, &en, e);
	if (!rc)
		rc = api_get_str(body, "tier", req->arena, 32, &tier, e);
	if (!rc)
		rc = api_get_str(body, "uscc", req->arena, 72, &new_uscc, e);
	if (rc)
		goto out;
	if (tier && strcmp(tier, enterprise_tier_name(en.tier))) {
		rc = err_set(e, ERR_INVALID, "tier", "层级请通过“调整层级”修改（需要填写原因）");
		goto out;
	}
	if (new_uscc && strcasecmp(new_uscc, en.uscc)) {
		rc = err_set(e, ERR_INVALID, "uscc", "统一社会信用代码不能修改");
		goto out;
	}
	rc = read_enterprise(body, req, &en, e);
	if (!rc)
		rc = enterprise_update(&l, en.uscc, &en, NULL, e);
	if (!rc)
		rc = reply_enterprise(req, res, &l, en.uscc, 200, e);
out:
	json_decref(body);
	return rc;
}

static int change_tier(struct http_request *req, struct http_response *res, struct err *e)
{
	static const char *const known[] = {"tier", "reason", "on", "exit_reason", NULL};
	json_t *body = NULL;
	const char *tier = NULL, *reason = NULL, *exit_reason = NULL;
	int32_t on = LEDGER_NO_DATE;
	enum tier to;
	int rc = http_json_body(req, &body, e);
	if (!rc)
		rc = api_check_members(body, known, e);
	if (!rc)
		rc = api_require(body, "tier", e);
	if (!rc)
		rc = api_get_str(body, "tier", req->arena, 32, &tier, e);
	if (!rc)
		rc = api_get_str(body, "reason", req->arena, 500, &reason, e);
	if (!rc)
		rc = api_get_str(body, "exit_reason", req->arena, 500, &exit_reason, e);
	if (!rc)
		rc = api_get_date(body, "on", &on, e);
	if (!rc)
		rc = enterprise_tier_parse(tier, &to, e);
	if (rc)
		goto out;
	if (to == TIER_EXITED && exit_reason && *exit_reason && (!reason || !*reason))
		reason = exit_reason;
	if (!reason || !*reason) {
		rc = err_set(e, ERR_INVALID, "reason", "请填写调整层级的原因");
		goto out;
	}
	struct ledger l;
	app_ledger(req, &l);
	rc = enterprise_set_tier(&l, http_param(req, "uscc"), to, on, reason, e);
	if (!rc)
		rc = reply_enterprise(req, res, &l, http_param(req, "uscc"), 200, e);
out:
	json_decref(body);
	return rc;
}

static int tier_history(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	app_ledger(req, &l);
	struct tier_change *items = NULL;
	size_t n = 0;
	int rc = enterprise_tier_history(&l, http_param(req, "uscc"), req->arena, &items, &n, e);
	if (rc)
		return rc;
	struct jw w;
	api_items_begin(&w, res);
	for (size_t i = 0; i < n; i++) {
		jw_obj_begin(&w, NULL);
		jw_str(&w, "from", items[i].has_from ? enterprise_tier_name(items[i].from) : NULL);
		jw_str(&w, "to", enterprise_tier_name(items[i].to));
		jw_date(&w, "on", items[i].on, LEDGER_NO_DATE);
		jw_str(&w, "user", items[i].user_name);
		jw_str(&w, "reason", items[i].reason);
		jw_str(&w, "at", items[i].created_at);
		jw_obj_end(&w);
	}
	return api_items_end(&w);
}

static int count(struct ledger *l, const struct enterprise_filter *f, int64_t *n, struct err *e)
{
	return enterprise_count(l, f, n, e);
}

static int dashboard(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	app_ledger(req, &l);
	struct enterprise_filter f;
	struct api_areas areas;
	int64_t n = 0;
	int rc = api_areas_load(&l, req->arena, &areas, e);
	if (rc)
		return rc;
	struct jw w;
	api_reply_begin(&w, res);
	jw_obj_begin(&w, NULL);
	enterprise_filter_init(&f);
	rc = count(&l, &f, &n, e);
	if (rc)
		return rc;
	jw_int(&w, "total", n);
	jw_obj_begin(&w, "tiers");
	for (int t = 0; t < TIER_COUNT; t++) {
		enterprise_filter_init(&f);
		f.tier = t;
		rc = count(&l, &f, &n, e);
		if (rc)
			return rc;
		jw_int(&w, enterprise_tier_name((enum tier)t), n);
	}
	jw_obj_end(&w);
	jw_arr_begin(&w, "areas");
	for (size_t i = 0; i < areas.n; i++) {
		enterprise_filter_init(&f);
		f.area = areas.items[i].code;
		rc = count(&l, &f, &n, e);
		if (rc)
			return rc;
		if (!n && !ledger_scope_all(&l.scope))
			continue;
		jw_obj_begin(&w, NULL);
		jw_str(&w, "code", areas.items[i].code);
		jw_str(&w, "name", areas.items[i].name);
		jw_int(&w, "count", n);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_arr_begin(&w, "fields");
	const struct fields_table *ft = app_of(req)->fields;
	for (size_t i = 0; i < ft->n; i++) {
		if (ft->e[i].level != 1)
			continue;
		enterprise_filter_init(&f);
		f.field = ft->e[i].code;
		rc = count(&l, &f, &n, e);
		if (rc)
			return rc;
		jw_obj_begin(&w, NULL);
		jw_str(&w, "code", ft->e[i].code);
		jw_str(&w, "name", arena_strndup(req->arena, ft->e[i].name, ft->e[i].name_len));
		jw_int(&w, "count", n);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	int year = date_year(date_today());
	jw_obj_begin(&w, "expiring");
	for (int k = 0; k < 2; k++) {
		enterprise_filter_init(&f);
		f.expiry_year = year + k;
		rc = count(&l, &f, &n, e);
		if (rc)
			return rc;
		jw_obj_begin(&w, k ? "next_year" : "this_year");
		jw_int(&w, "year", year + k);
		jw_int(&w, "count", n);
		jw_obj_end(&w);
	}
	jw_obj_end(&w);
	jw_obj_end(&w);
	return jw_finish(&w);
}

void api_enterprises_routes(struct router *r)
{
	router_add(r, HTTP_GET, "/api/v1/areas", list_areas, ROUTE_CACHE);
	router_add(r, HTTP_GET, "/api/v1/dashboard", dashboard, ROUTE_CACHE);
	router_add(r, HTTP_GET, "/api/v1/enterprises", list_enterprises, ROUTE_CACHE);
	router_add(r, HTTP_POST, "/api/v1/enterprises", create_enterprise, 0);
	router_add(r, HTTP_GET, "/api/v1/enterprises/{uscc}", get_enterprise, ROUTE_CACHE);
	router_add(r, HTTP_PUT, "/api/v1/enterprises/{uscc}", update_enterprise, 0);
	router_add(r, HTTP_POST, "/api/v1/enterprises/{uscc}/tier", change_tier, 0);
	router_add(r, HTTP_GET, "/api/v1/enterprises/{uscc}/tier-history", tier_history,
		   ROUTE_CACHE);
}
