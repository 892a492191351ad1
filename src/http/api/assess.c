/*
 * http/api/assess — the assessment domain over HTTP (ledger/assess):
 * a stored enterprise's assessment and profile, the what-if assessment of a
 * posted profile, and GET /api/v1/dashboard/verdicts, which counts the
 * stored HNTE verdicts of the caller's scope (whole scope, reserve and key
 * pools: ledger/assess/stored.h), as the ledger list's verdict filter reads
 * them (`GET /api/v1/enterprises?verdict=…`).
 */
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/xalloc.h"
#include "http/api/api.h"
#include "http/app.h"
#include "io/profile_json.h"
#include "ledger/assess/assessment.h"
#include "ledger/assess/stored.h"
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

/* ---- stored verdicts ----------------------------------------------------------- */

#define NVERDICTS 4

static void write_counts(struct jw *w, const char *key, const int64_t *c)
{
	jw_obj_begin(w, key);
	for (int v = 0; v < NVERDICTS; v++)
		jw_int(w, hnte_verdict_name((enum hnte_verdict)v), c[v]);
	jw_obj_end(w);
}

/*
 * GET /api/v1/dashboard/verdicts: the stored verdicts of the scope (whole
 * scope, reserve and key pools) — counted, never assessed per request. A
 * `year` other than the stored application year is refused: only the
 * current assessment is stored.
 */
static int verdicts(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	app_ledger(req, &l);
	struct stored_counts c;
	int32_t today = date_today();
	int64_t year = 0;
	int rc = http_query_int(req, "year", 1990, 2100, date_year(today), &year, e);
	if (!rc && year != date_year(today))
		rc = err_set(e, ERR_INVALID, "year",
			     "只存储了当年（%d年）的评测结果；其他年份请用 gaoqi assess --db "
			     "--all --year",
			     date_year(today));
	if (!rc)
		rc = stored_count(&l, &c, e);
	if (rc)
		return rc;
	struct jw w;
	char day[11];
	api_reply_begin(&w, res);
	jw_obj_begin(&w, NULL);
	jw_str(&w, "apply_on", c.apply_on ? date_format(c.apply_on, day) : NULL);
	jw_int(&w, "enterprises", c.enterprises);
	write_counts(&w, "all", c.all);
	write_counts(&w, "reserve", c.reserve);
	write_counts(&w, "key", c.key);
	jw_int(&w, "risk", c.risk);
	jw_obj_end(&w);
	return jw_finish(&w);
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
