/*
 * http/api/assess — the assessment domain over HTTP (ledger/assess):
 * a stored enterprise's assessment and profile, the what-if assessment of a
 * posted profile, and batch screening: GET /api/v1/dashboard/verdicts counts
 * the HNTE verdicts of every enterprise in the caller's scope (whole scope,
 * reserve and key pools), and api_verdict_page serves the ledger list
 * filtered on a verdict (`GET /api/v1/enterprises?verdict=…`). Screening
 * assesses every enterprise of the scope (about 15 µs each), which is why the
 * plain dashboard and list do not.
 */
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/xalloc.h"
#include "http/api/api.h"
#include "http/app.h"
#include "io/profile_json.h"
#include "ledger/assess/assessment.h"
#include "ledger/assess/screening.h"
#include "ledger/register/enterprise.h"
#include "rules/assess.h"

/* Assess P with SETTINGS and write the rules.md §7 JSON into RES. */
static int assess_reply(struct http_request *req, struct http_response *res,
			const struct profile *p, const struct profile_json_settings *settings,
			struct err *e)
{
	struct ruleset copy;
	const struct ruleset *rs = NULL;
	struct assess_result *r = xmalloc(sizeof *r);
	int rc = profile_json_ruleset(settings, p, &copy, &rs, e);
	if (!rc)
		rc = assess_run(rs, app_of(req)->fields, p, r, e);
	if (!rc) {
		strbuf_reset(&res->body);
		rc = profile_json_write_result(r, p, settings, &res->body);
	}
	free(r);
	return rc;
}

static int what_if(struct http_request *req, struct http_response *res, struct err *e)
{
	json_t *body = NULL;
	struct profile p;
	profile_init(&p);
	struct profile_json_settings settings;
	int rc = http_json_body(req, &body, e);
	if (!rc)
		rc = profile_json_read(body, date_today(), &p, &settings, "", e);
	if (!rc)
		rc = assess_reply(req, res, &p, &settings, e);
	profile_cleanup(&p);
	json_decref(body);
	return rc;
}

/* The application date from the query (see the file comment). */
static int apply_on_query(const struct http_request *req, int32_t *on, struct err *e)
{
	const char *v = http_query(req, "apply_on");
	if (v && *v)
		return date_parse(v, strlen(v), on, "apply_on", e);
	int32_t today = date_today();
	int64_t year = 0;
	int rc = http_query_int(req, "year", 1990, 2100, date_year(today), &year, e);
	if (rc)
		return rc;
	*on = year == date_year(today) ? today : date_from_ymd((int)year, 6, 30);
	return 0;
}

/* Fill P (initialised) with the stored data of {uscc} for the date of the query. */
static int stored(struct http_request *req, struct profile *p, struct err *e)
{
	int32_t on = 0;
	struct ledger l;
	app_ledger(req, &l);
	int rc = apply_on_query(req, &on, e);
	if (!rc)
		rc = assessment_profile(&l, http_param(req, "uscc"), on, p, e);
	return rc;
}

static int stored_assessment(struct http_request *req, struct http_response *res, struct err *e)
{
	struct profile p;
	profile_init(&p);
	int rc = stored(req, &p, e);
	if (!rc)
		rc = assess_reply(req, res, &p, NULL, e);
	profile_cleanup(&p);
	return rc;
}

static int stored_profile(struct http_request *req, struct http_response *res, struct err *e)
{
	struct profile p;
	profile_init(&p);
	int rc = stored(req, &p, e);
	if (!rc) {
		strbuf_reset(&res->body);
		rc = profile_json_write(&p, &res->body);
	}
	profile_cleanup(&p);
	return rc;
}

static void assess_routes(struct router *r)
{
	router_add(r, HTTP_GET, "/api/v1/enterprises/{uscc}/assessment{?apply_on,year}",
		   stored_assessment, ROUTE_CACHE);
	router_add(r, HTTP_GET, "/api/v1/enterprises/{uscc}/profile{?apply_on,year}",
		   stored_profile, ROUTE_CACHE);
	router_add(r, HTTP_POST, "/api/v1/assess", what_if, 0);
}

/* ---- screening ---------------------------------------------------------------- */

#define NVERDICTS 4

struct id_set {
	int64_t *ids;
	size_t n, cap;
};

struct tally {
	const struct fields_table *fields;
	struct assess_result *result;
	struct id_set pool[2]; /* reserve, key */
	int64_t all[NVERDICTS];
	int64_t in_pool[2][NVERDICTS];
};

static int collect_id(void *ctx, const struct enterprise *ent)
{
	struct id_set *s = ctx;
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 256;
		s->ids = xrealloc(s->ids, s->cap * sizeof *s->ids);
	}
	s->ids[s->n++] = ent->id;
	return 0;
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static int count_one(void *ctx, int64_t id, const char *area, const struct profile *p,
		     struct err *e)
{
	(void)area;
	struct tally *t = ctx;
	int rc = assess_run(NULL, t->fields, p, t->result, e);
	if (rc)
		return rc;
	int v = (int)t->result->hnte.verdict;
	if (v < 0 || v >= NVERDICTS)
		return err_set(e, ERR_INTERNAL, NULL, "unexpected verdict %d", v);
	t->all[v]++;
	for (int k = 0; k < 2; k++)
		if (t->pool[k].n && bsearch(&id, t->pool[k].ids, t->pool[k].n, sizeof id, cmp_id))
			t->in_pool[k][v]++;
	return 0;
}

static void write_counts(struct jw *w, const char *key, const int64_t *c)
{
	jw_obj_begin(w, key);
	for (int v = 0; v < NVERDICTS; v++)
		jw_int(w, hnte_verdict_name((enum hnte_verdict)v), c[v]);
	jw_obj_end(w);
}

static int verdicts(struct http_request *req, struct http_response *res, struct err *e)
{
	static const enum tier pools[2] = {TIER_RESERVE, TIER_KEY};
	struct ledger l;
	app_ledger(req, &l);
	struct tally t;
	memset(&t, 0, sizeof t);
	t.fields = app_of(req)->fields;
	t.result = xmalloc(sizeof *t.result);
	size_t count = 0;
	int32_t today = date_today();
	int64_t year = 0;
	int rc = http_query_int(req, "year", 1990, 2100, date_year(today), &year, e);
	for (int k = 0; !rc && k < 2; k++) {
		struct enterprise_filter f;
		enterprise_filter_init(&f);
		f.tier = (int)pools[k];
		f.sort = ENTERPRISE_SORT_USCC;
		rc = enterprise_each(&l, &f, collect_id, &t.pool[k], e);
		if (!rc && t.pool[k].n)
			qsort(t.pool[k].ids, t.pool[k].n, sizeof *t.pool[k].ids, cmp_id);
	}
	struct screening_opts opts = {
		.apply_on = year == date_year(today) ? today : date_from_ymd((int)year, 6, 30),
		.area = NULL,
	};
	if (!rc)
		rc = screening_run(&l, &opts, count_one, &t, &count, e);
	if (!rc) {
		struct jw w;
		char day[11];
		api_reply_begin(&w, res);
		jw_obj_begin(&w, NULL);
		jw_str(&w, "apply_on", date_format(opts.apply_on, day));
		jw_int(&w, "enterprises", (int64_t)count);
		write_counts(&w, "all", t.all);
		write_counts(&w, "reserve", t.in_pool[0]);
		write_counts(&w, "key", t.in_pool[1]);
		jw_obj_end(&w);
		rc = jw_finish(&w);
	}
	free(t.pool[0].ids);
	free(t.pool[1].ids);
	free(t.result);
	return rc;
}

/* (id, verdict) of every screened enterprise, sorted by id. */
struct verdict_map {
	struct assess_result *result;
	const struct fields_table *fields;
	struct verdict_pair {
		int64_t id;
		int verdict;
	} * pairs;
	size_t n, cap;
};

static int map_one(void *ctx, int64_t id, const char *area, const struct profile *p, struct err *e)
{
	(void)area;
	struct verdict_map *m = ctx;
	int rc = assess_run(NULL, m->fields, p, m->result, e);
	if (rc)
		return rc;
	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 1024;
		m->pairs = xrealloc(m->pairs, m->cap * sizeof *m->pairs);
	}
	m->pairs[m->n].id = id;
	m->pairs[m->n].verdict = (int)m->result->hnte.verdict;
	m->n++;
	return 0;
}

static int cmp_pair(const void *a, const void *b)
{
	int64_t x = ((const struct verdict_pair *)a)->id, y = ((const struct verdict_pair *)b)->id;
	return (x > y) - (x < y);
}

int api_verdict_parse(const char *s, int *verdict, struct err *e)
{
	for (int v = 0; v < NVERDICTS; v++)
		if (!strcmp(s, hnte_verdict_name((enum hnte_verdict)v))) {
			*verdict = v;
			return 0;
		}
	return err_set(e, ERR_INVALID, "verdict",
		       "verdict 应为 pass、borderline、fail 或 incomplete：%s", s);
}

int api_verdict_page(struct http_request *req, struct ledger *l, const struct enterprise_filter *f,
		     int verdict, struct enterprise_page *pg, struct err *e)
{
	struct id_set order;
	memset(&order, 0, sizeof order);
	struct verdict_map m;
	memset(&m, 0, sizeof m);
	m.fields = app_of(req)->fields;
	m.result = xmalloc(sizeof *m.result);
	memset(pg, 0, sizeof *pg);
	struct screening_opts opts = {.apply_on = date_today(), .area = f->area};
	/* The candidates in the list's order, then every verdict of the scope. */
	int rc = enterprise_each(l, f, collect_id, &order, e);
	if (!rc)
		rc = screening_run(l, &opts, map_one, &m, NULL, e);
	if (rc)
		goto out;
	qsort(m.pairs, m.n, sizeof *m.pairs, cmp_pair);
	int64_t limit = f->limit ? f->limit : 50;
	pg->items = arena_alloc(req->arena, (size_t)limit * sizeof *pg->items);
	for (size_t i = 0; i < order.n; i++) {
		struct verdict_pair key = {order.ids[i], 0};
		const struct verdict_pair *hit =
			m.n ? bsearch(&key, m.pairs, m.n, sizeof key, cmp_pair) : NULL;
		if (!hit || hit->verdict != verdict)
			continue;
		if (pg->total >= f->offset && (int64_t)pg->n < limit) {
			rc = enterprise_get_by_id(l, order.ids[i], req->arena, &pg->items[pg->n],
						  e);
			if (rc)
				goto out;
			pg->n++;
		}
		pg->total++;
	}
out:
	free(order.ids);
	free(m.pairs);
	free(m.result);
	return rc;
}

static void screening_routes(struct router *r)
{
	router_add(r, HTTP_GET, "/api/v1/dashboard/verdicts{?year}", verdicts,
		   ROUTE_CACHE | ROUTE_HEAVY);
}

void api_assess_routes(struct router *r)
{
	assess_routes(r);
	screening_routes(r);
}
