/*
 * api_assess — the rules engine over HTTP: GET …/{uscc}/assessment and
 * GET …/{uscc}/profile (the stored data, scoped by the ledger) and
 * POST /api/v1/assess (a what-if profile, nothing saved).
 *
 * The application date of the stored routes: `apply_on=YYYY-MM-DD` when
 * given; else `year=Y` means today when Y is this year and 30 June of Y
 * otherwise; neither means today.
 */
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/xalloc.h"
#include "http/api/api.h"
#include "http/app.h"
#include "io/profile_json.h"
#include "ledger/assess/assessment.h"
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

void api_assess_routes(struct router *r)
{
	router_add(r, HTTP_GET, "/api/v1/enterprises/{uscc}/assessment", stored_assessment,
		   ROUTE_CACHE);
	router_add(r, HTTP_GET, "/api/v1/enterprises/{uscc}/profile", stored_profile, ROUTE_CACHE);
	router_add(r, HTTP_POST, "/api/v1/assess", what_if, 0);
}
