/*
 * api_enterprises — the enterprise register: GET /api/v1/areas,
 * GET|POST /api/v1/enterprises, GET|PUT /api/v1/enterprises/{uscc},
 * POST …/{uscc}/tier, GET …/{uscc}/tier-history, GET /api/v1/dashboard.
 * Scope comes from the ledger: out-of-scope enterprises are 404 and absent
 * from lists and counts. Every enterprise object carries its stored HNTE
 * verdict, score range and risk flag (ledger/assess/stored.h: refreshed in
 * the transaction of every write of their inputs, and daily).
 */
#include <stdio.h>
#include <stdlib.h>
#include <assert.h>
#include <stddef.h>
#include <string.h>

#include "core/date.h"
#include "core/xalloc.h"
#include "http/api/api.h"
#include "http/app.h"
#include "ledger/register/enterprise.h"
#include "ledger/assess/stored.h"
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

/* The stored HNTE verdict, score range and risk of one enterprise; verdict −1 = none. */
struct verdict_cell {
	int64_t id;
	int verdict;
	int min, max;
	int risk;
};

struct verdicts {
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

/*
 * The stored assessments (ledger/assess/stored.h: refreshed with every write
 * of their inputs and daily) of the N enterprises ITEMS into *OUT (cells in
 * REQ's arena); an enterprise without a stored row has none.
 */
static int assess_items(struct http_request *req, struct ledger *l, const struct enterprise *items,
			size_t n, struct verdicts *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	if (!n)
		return 0;
	out->cells = arena_alloc(req->arena, n * sizeof *out->cells);
	int64_t *ids = arena_alloc(req->arena, n * sizeof *ids);
	struct stored_assessment *sa = arena_alloc(req->arena, n * sizeof *sa);
	unsigned char *found = arena_alloc(req->arena, n);
	for (size_t i = 0; i < n; i++)
		ids[i] = items[i].id;
	int rc = stored_get_many(l, ids, n, sa, found, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++) {
		struct verdict_cell *c = &out->cells[i];
		*c = (struct verdict_cell){.id = ids[i], .verdict = -1};
		if (!found[i])
			continue;
		c->verdict = sa[i].verdict;
		c->min = sa[i].score_min;
		c->max = sa[i].score_max;
		c->risk = sa[i].risk;
	}
	out->n = n;
	qsort(out->cells, n, sizeof *out->cells, cmp_cell);
	return 0;
}

static void write_verdict(struct jw *w, const struct verdict_cell *c)
{
	if (!c || c->verdict < 0) {
		jw_null(w, "verdict");
		jw_null(w, "score");
		jw_bool(w, "risk", 0);
		return;
	}
	jw_bool(w, "risk", c->risk);
	jw_str(w, "verdict", hnte_verdict_name((enum hnte_verdict)c->verdict));
	jw_obj_begin(w, "score");
	jw_int(w, "min", c->min);
	jw_int(w, "max", c->max);
	jw_obj_end(w);
}

#define AT(obj, c, type) ((const type *)((const char *)(obj) + (c)->off))

/*
 * EN as its API object: the members of the ledger's column table in order
 * (not the id), each followed by what is derived from it for people: the
 * area's and the field's names, the tier's label, the verdict and score.
 */
static void write_enterprise(struct jw *w, const char *key, const struct http_request *req,
			     const struct enterprise *en, const struct api_areas *areas,
			     const struct verdicts *v)
{
	jw_obj_begin(w, key);
	for (size_t i = 0; i < ENTERPRISE_NCOLUMNS; i++) {
		const struct ledger_column *c = &enterprise_columns[i];
		switch (c->type) {
		case LCOL_ID: continue;
		case LCOL_KEY: jw_str(w, c->name, AT(en, c, char)); break;
		case LCOL_TEXT:
			if (c->off == offsetof(struct enterprise, tags))
				write_tags(w, en->tags);
			else
				jw_str(w, c->name,
				       *(const char *const *)((const char *)en + c->off));
			break;
		case LCOL_DATE: jw_date(w, c->name, *AT(en, c, int32_t), LEDGER_NO_DATE); break;
		case LCOL_BOOL: jw_bool(w, c->name, *AT(en, c, int)); break;
		case LCOL_INT: jw_int_or_null(w, c->name, *AT(en, c, int64_t), LEDGER_NONE); break;
		case LCOL_CODE: jw_str(w, c->name, c->codes[*AT(en, c, int)]); break;
		case LCOL_STAMP: {
			const char *t = AT(en, c, char);
			jw_str(w, c->name, t[0] ? t : NULL);
			break;
		}
		}
		/* Offsets, not names: this runs for every column of every row of a page. */
		if (c->off == offsetof(struct enterprise, area)) {
			jw_str(w, "area_name", api_area_name(areas, en->area));
		} else if (c->off == offsetof(struct enterprise, field)) {
			jw_str(w, "field_name", field_name(req, en->field));
		} else if (c->off == offsetof(struct enterprise, tier)) {
			jw_str(w, "tier_label", enterprise_tier_label(en->tier));
			write_verdict(w, verdict_of(v, en->id));
		}
	}
	jw_obj_end(w);
}

/* Reply with the enterprise EN (as a ledger call returned it) and its verdict. */
static int reply_row(struct http_request *req, struct http_response *res, struct ledger *l,
		     struct enterprise *en, int status, struct err *e)
{
	struct api_areas areas;
	struct verdicts v;
	int rc = api_areas_load(l, req->arena, &areas, e);
	if (!rc)
		rc = assess_items(req, l, en, 1, &v, e);
	if (rc)
		return rc;
	struct jw w;
	api_reply_begin(&w, res);
	write_enterprise(&w, NULL, req, en, &areas, &v);
	res->status = status;
	return jw_finish(&w);
}

/* Reply with the enterprise USCC as stored now. */
static int reply_enterprise(struct http_request *req, struct http_response *res, struct ledger *l,
			    const char *uscc, int status, struct err *e)
{
	struct enterprise en;
	int rc = enterprise_get(l, uscc, req->arena, &en, e);
	return rc ? rc : reply_row(req, res, l, &en, status, e);
}

/* ---- reading a body ------------------------------------------------------ */

/* Members a client may send back as it received them: derived, never read. */
static const char *const derived_members[] = {"area_name", "field_name", "tier_label", "verdict",
					      "score",	   "risk",	 NULL};

/* Every member of O is a column of the table (not the id) or a derived one. */
static int check_members(json_t *o, struct err *e)
{
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v)
	{
		const struct ledger_column *c =
			ledger_column_find(enterprise_columns, ENTERPRISE_NCOLUMNS, key);
		if (c && c->type != LCOL_ID)
			continue;
		size_t i = 0;
		while (derived_members[i] && strcmp(derived_members[i], key))
			i++;
		if (!derived_members[i])
			return err_set(e, ERR_INVALID, key, "未知字段：%s", key);
	}
	return 0;
}

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

/*
 * Read the editable members of O, with the limits of the column table, into
 * P->v (text in the request arena) and name each one present in P.
 */
static int read_enterprise(json_t *o, struct http_request *req, struct enterprise_patch *p,
			   struct err *e)
{
	int rc = check_members(o, e);
	for (size_t i = 0; !rc && i < ENTERPRISE_NCOLUMNS; i++) {
		const struct ledger_column *c = &enterprise_columns[i];
		void *at = (char *)&p->v + c->off;
		if (!(c->flags & LCOL_EDIT) || !json_object_get(o, c->name))
			continue;
		switch (c->type) {
		case LCOL_TEXT:
			if (c->off == offsetof(struct enterprise, tags))
				rc = read_tags(o, req, (const char **)at, e);
			else
				rc = api_get_str(o, c->name, req->arena, c->max, (const char **)at,
						 e);
			break;
		case LCOL_DATE: rc = api_get_date(o, c->name, (int32_t *)at, e); break;
		case LCOL_BOOL: rc = api_get_bool(o, c->name, (int *)at, e); break;
		case LCOL_INT:
			rc = api_get_int(o, c->name, c->min, c->max_int, (int64_t *)at, e);
			break;
		case LCOL_ID:
		case LCOL_KEY:
		case LCOL_CODE:
		case LCOL_STAMP: assert(!"only text, dates, flags and numbers are editable"); break;
		}
		if (!rc)
			rc = enterprise_patch_name(p, c->name, e);
	}
	if (rc)
		return rc;
	if (p->v.field && !*p->v.field)
		p->v.field = NULL;
	if (!p->v.tags)
		p->v.tags = "";
	return 0;
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

/* GET /api/v1/fields: the technology-field table (rules/fields.h), any logged-in user. */
static int list_fields(struct http_request *req, struct http_response *res, struct err *e)
{
	(void)e;
	const struct fields_table *ft = app_of(req)->fields;
	struct jw w;
	api_items_begin(&w, res);
	for (size_t i = 0; i < ft->n; i++) {
		const struct fields_entry *f = &ft->e[i];
		char *name = arena_alloc(req->arena, f->name_len + 1);
		memcpy(name, f->name, f->name_len);
		name[f->name_len] = '\0';
		jw_obj_begin(&w, NULL);
		jw_str(&w, "code", f->code);
		jw_str(&w, "name", name);
		jw_int(&w, "level", f->level);
		jw_str(&w, "parent", f->parent);
		jw_obj_end(&w);
	}
	return api_items_end(&w);
}

static int list_enterprises(struct http_request *req, struct http_response *res, struct err *e)
{
	struct enterprise_filter f;
	int64_t page = 1, page_size = 50;
	int rc = api_enterprise_filter(req, &f, e);
	if (!rc)
		rc = api_read_paging(req, &page, &page_size, e);
	if (rc)
		return rc;
	f.offset = (page - 1) * page_size;
	f.limit = page_size;
	f.want_total = 1;
	f.with_verdicts = 1;
	struct ledger l;
	app_ledger(req, &l);
	struct enterprise_page pg;
	struct api_areas areas;
	rc = enterprise_list(&l, &f, req->arena, &pg, e);
	if (!rc)
		rc = api_areas_load(&l, req->arena, &areas, e);
	if (rc)
		return rc;
	struct verdicts vs = {.cells = arena_alloc(req->arena, (pg.n + 1) * sizeof *vs.cells),
			      .n = pg.n};
	for (size_t i = 0; i < pg.n; i++) {
		const struct enterprise_verdict *v = &pg.verdicts[i];
		vs.cells[i] = (struct verdict_cell){.id = pg.items[i].id,
						    .verdict = v->verdict,
						    .min = v->score_min,
						    .max = v->score_max,
						    .risk = v->risk};
	}
	qsort(vs.cells, vs.n, sizeof *vs.cells, cmp_cell);
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
	struct enterprise_patch p;
	enterprise_patch_init(&p);
	struct enterprise *en = &p.v;
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
		rc = read_enterprise(body, req, &p, e);
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
	memcpy(en->uscc, uscc, ulen);
	en->uscc[ulen] = '\0';
	if (tier) {
		rc = enterprise_tier_parse(tier, &en->tier, e);
		if (rc)
			goto out;
	}
	en->exit_reason = exit_reason;
	rc = enterprise_validate(en, norm, e);
	if (rc)
		goto out;
	struct ledger l;
	app_ledger(req, &l);
	rc = enterprise_create(&l, en, NULL, e);
	if (!rc)
		rc = reply_enterprise(req, res, &l, norm, 201, e);
out:
	json_decref(body);
	return rc;
}

/*
 * PUT /api/v1/enterprises/{uscc}: the members the body names change, in one
 * ledger write that reads the row it changes (a concurrent change of another
 * member survives); "uscc" and "tier" may only repeat their stored values.
 */
static int update_enterprise(struct http_request *req, struct http_response *res, struct err *e)
{
	json_t *body = NULL;
	struct enterprise_patch p;
	struct enterprise en;
	struct ledger l;
	const char *tier = NULL, *uscc = NULL;
	enterprise_patch_init(&p);
	app_ledger(req, &l);
	int rc = http_json_body(req, &body, e);
	if (!rc)
		rc = api_get_str(body, "tier", req->arena, 32, &tier, e);
	if (!rc)
		rc = api_get_str(body, "uscc", req->arena, 72, &uscc, e);
	if (!rc && tier) {
		rc = enterprise_tier_parse(tier, &p.v.tier, e);
		if (rc) /* not a tier at all: it cannot be the stored one */
			rc = err_set(e, ERR_INVALID, "tier",
				     "层级请通过“调整层级”修改（需要填写原因）");
		if (!rc)
			rc = enterprise_patch_name(&p, "tier", e);
	}
	if (!rc && uscc) {
		snprintf(p.v.uscc, sizeof p.v.uscc, "%s",
			 strlen(uscc) < sizeof p.v.uscc ? uscc : "-");
		rc = enterprise_patch_name(&p, "uscc", e);
	}
	if (!rc)
		rc = read_enterprise(body, req, &p, e);
	if (!rc)
		rc = enterprise_patch(&l, http_param(req, "uscc"), &p, req->arena, &en, NULL, e);
	if (!rc)
		rc = reply_row(req, res, &l, &en, 200, e);
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

static int64_t tallied_area(const struct enterprise_tally *t, const char *code)
{
	for (size_t i = 0; i < t->n_areas; i++)
		if (!strcmp(t->areas[i].code, code))
			return t->areas[i].count;
	return 0;
}

static int64_t tallied_field(const struct enterprise_tally *t, const char *code, size_t len)
{
	for (size_t i = 0; i < t->n_fields; i++)
		if (strlen(t->fields[i].code) == len && !memcmp(t->fields[i].code, code, len))
			return t->fields[i].count;
	return 0;
}

/* GET /api/v1/dashboard: the scope's counts, from one grouped query. */
static int dashboard(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	app_ledger(req, &l);
	struct api_areas areas;
	struct enterprise_tally t;
	int year = date_year(date_today());
	int rc = api_areas_load(&l, req->arena, &areas, e);
	if (!rc)
		rc = enterprise_tally(&l, year, req->arena, &t, e);
	if (rc)
		return rc;
	struct jw w;
	api_reply_begin(&w, res);
	jw_obj_begin(&w, NULL);
	jw_int(&w, "total", t.total);
	jw_obj_begin(&w, "tiers");
	for (int k = 0; k < TIER_COUNT; k++)
		jw_int(&w, enterprise_tier_name((enum tier)k), t.tiers[k]);
	jw_obj_end(&w);
	jw_arr_begin(&w, "areas");
	for (size_t i = 0; i < areas.n; i++) {
		int64_t n = tallied_area(&t, areas.items[i].code);
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
		jw_obj_begin(&w, NULL);
		jw_str(&w, "code", ft->e[i].code);
		jw_str(&w, "name", arena_strndup(req->arena, ft->e[i].name, ft->e[i].name_len));
		jw_int(&w, "count", tallied_field(&t, ft->e[i].code, strlen(ft->e[i].code)));
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_begin(&w, "expiring");
	for (int k = 0; k < 2; k++) {
		jw_obj_begin(&w, k ? "next_year" : "this_year");
		jw_int(&w, "year", year + k);
		jw_int(&w, "count", t.expiring[k]);
		jw_obj_end(&w);
	}
	jw_obj_end(&w);
	jw_obj_end(&w);
	return jw_finish(&w);
}

void api_register_routes(struct router *r)
{
	router_add(r, HTTP_GET, "/api/v1/areas", list_areas, ROUTE_CACHE);
	router_add(r, HTTP_GET, "/api/v1/fields", list_fields, ROUTE_CACHE);
	router_add(r, HTTP_GET, "/api/v1/dashboard", dashboard, ROUTE_CACHE);
	router_add(r, HTTP_GET,
		   "/api/v1/"
		   "enterprises{?area,tier,field,expiry_year,q,verdict,sort,order,page,page_size}",
		   list_enterprises, ROUTE_CACHE);
	router_add(r, HTTP_POST, "/api/v1/enterprises", create_enterprise, 0);
	router_add(r, HTTP_GET, "/api/v1/enterprises/{uscc}", get_enterprise, ROUTE_CACHE);
	router_add(r, HTTP_PUT, "/api/v1/enterprises/{uscc}", update_enterprise, 0);
	router_add(r, HTTP_POST, "/api/v1/enterprises/{uscc}/tier", change_tier, 0);
	router_add(r, HTTP_GET, "/api/v1/enterprises/{uscc}/tier-history", tier_history,
		   ROUTE_CACHE);
}
