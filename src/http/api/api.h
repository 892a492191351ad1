/*
 * api — the JSON API under /api/v1/: the list of route modules and the
 * helpers they share for reading JSON members with exact money, counts and
 * dates, and for rendering common objects.
 *
 * Each http/api/<domain>.c registers its routes with router_add in its
 * api_<domain>_routes function (see http/router.h for the handler contract);
 * api_register_all calls every one of them. A new domain adds its
 * declaration below and one line in api_register_all (http/api/api.c).
 *
 * The JSON readers take an object O and a member KEY: when KEY is absent the
 * output is left untouched (so a partial update starts from the stored
 * values); JSON null sets the "absent" value (NULL, LEDGER_NONE,
 * LEDGER_NO_DATE); a value of the wrong type or format fails with
 * ERR_INVALID naming KEY in e->field and a Chinese message.
 */
#ifndef GAOQI_HTTP_API_H
#define GAOQI_HTTP_API_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/err.h"
#include "http/jw.h"
#include "http/router.h"
#include "ledger/register/area.h"
#include "ledger/register/enterprise.h"
#include "ledger/access/user.h"

/* Register every route of the API on R. */
void api_register_all(struct router *r);

/*
 * One file per domain, named like its ledger folder (http/api/register.c
 * serves ledger/register): each registers its routes here.
 */
void api_access_routes(struct router *r);    /* session, me, users */
void api_register_routes(struct router *r);  /* enterprises, tiers, areas, dashboard */
void api_records_routes(struct router *r);   /* annual figures, IP */
void api_audit_routes(struct router *r);     /* the audit log */
void api_assess_routes(struct router *r);    /* assessment, what-if, screening */
void api_intake_routes(struct router *r);    /* import, template, export */
void api_cultivate_routes(struct router *r); /* experts, problems, visits, my work */
void api_apply_routes(struct router *r);     /* batches, applications, TSME, annual reports */
void api_monitor_routes(struct router *r);   /* reminders, calendar */
void api_publicity_routes(struct router *r); /* announcements, questions and the FAQ */
void api_targets_routes(struct router *r);   /* targets, links, progress, scorecard */
void api_awards_routes(struct router *r);    /* award funds, budgets, a firm's support */
void api_policy_routes(struct router *r);    /* the policy library, trainings */

/*
 * The path parameter NAME of REQ as a positive id into *ID; anything else
 * (absent, not digits, 0, too long) is ERR_NOT_FOUND "WHAT不存在" (field "id").
 */
int api_path_id(const struct http_request *req, const char *name, const char *what, int64_t *id,
		struct err *e);

/* A string member (≤ MAX bytes, valid UTF-8 as jansson guarantees), copied into A. */
int api_get_str(json_t *o, const char *key, struct arena *a, size_t max, const char **out,
		struct err *e);
/* A money member: JSON number or string of 元 with ≤ 2 decimals → fen. */
int api_get_money(json_t *o, const char *key, int64_t *fen, struct err *e);
/* A head-count member (≤ 2 decimals, ≥ 0) → hundredths. */
int api_get_count(json_t *o, const char *key, int64_t *hundredths, struct err *e);
/* An integer member in [MIN, MAX] (a string of digits is accepted too). */
int api_get_int(json_t *o, const char *key, int64_t min, int64_t max, int64_t *out, struct err *e);
/* A boolean member (true/false; 0/1 accepted). null is refused. */
int api_get_bool(json_t *o, const char *key, int *out, struct err *e);
/* A date member "YYYY-MM-DD" → days. */
int api_get_date(json_t *o, const char *key, int32_t *days, struct err *e);
/* ERR_INVALID "缺少必填项：KEY" unless KEY is present and not null. */
int api_require(json_t *o, const char *key, struct err *e);
/* ERR_INVALID naming the first member of O that is not in the NULL-terminated KNOWN. */
int api_check_members(json_t *o, const char *const *known, struct err *e);

/* The areas, loaded once per request for names (arena memory). */
struct api_areas {
	struct area *items;
	size_t n;
};
int api_areas_load(struct ledger *l, struct arena *a, struct api_areas *out, struct err *e);
/* The name of area CODE, or NULL. */
const char *api_area_name(const struct api_areas *areas, const char *code);

/*
 * A published list or sign-in sheet uploaded as the request body, read by
 * io/notice (ERR_INVALID "上传的文件为空" for none), and the report of its
 * application (ledger/apply/outcome.h struct list_report) as the answer.
 */
struct notice;
struct list_report;
int api_read_list(struct http_request *req, int kind, struct notice *nt, struct err *e);
int api_reply_list_report(struct http_response *res, const struct list_report *r,
			  const struct notice *nt);

/* Parse a verdict name (pass, borderline, fail, incomplete) into *VERDICT (enum hnte_verdict). */
int api_verdict_parse(const char *s, int *verdict, struct err *e);

/*
 * The ledger list's filter and order from the query of REQ into *F (after
 * enterprise_filter_init; paging is the caller's): area, tier, field,
 * expiry_year, q, verdict, sort, order — the list and its export read the
 * same parameters alike. ERR_INVALID naming the parameter.
 */
int api_enterprise_filter(const struct http_request *req, struct enterprise_filter *f,
			  struct err *e);

/* Write user U as the API's user object (key KEY). */
void api_write_user(struct jw *w, const char *key, const struct user *u,
		    const struct api_areas *areas);

/*
 * Responses. api_reply_begin empties RES's body and starts W writing into
 * it (the handler then writes one top-level value and returns
 * jw_finish(W)). api_items_begin does the same and opens the list envelope
 * {"items": [ — the handler writes each item with key NULL and closes with
 * api_items_end (no paging) or api_items_end_paged (then "total", "page",
 * "page_size" members follow the array). Both ends return jw_finish(W):
 * 0, or ERR_TOO_BIG when the body outgrew its cap.
 */
void api_reply_begin(struct jw *w, struct http_response *res);
void api_items_begin(struct jw *w, struct http_response *res);
int api_items_end(struct jw *w);
int api_items_end_paged(struct jw *w, int64_t total, int64_t page, int64_t page_size);

/* Largest page_size a list accepts. */
#define API_PAGE_SIZE_MAX 500

/*
 * A yes/no value V of FIELD into *OUT: "1", "true", "yes" (any case) 1;
 * "0", "false", "no", empty or NULL 0. Anything else is ERR_INVALID on
 * FIELD: a flag that decides whether a write happens (dry_run) never
 * guesses.
 */
int api_flag(const char *v, const char *field, int *out, struct err *e);

/* api_flag of the query argument NAME of REQ. */
int api_query_flag(const struct http_request *req, const char *name, int *out, struct err *e);

/*
 * The paging query of a list: "page" (1…1000000000, default 1) and
 * "page_size" (1…API_PAGE_SIZE_MAX, default 50). ERR_INVALID (from
 * http_query_int, naming the parameter) when either is malformed or out of
 * range; *PAGE and *PAGE_SIZE are set only on success.
 */
int api_read_paging(const struct http_request *req, int64_t *page, int64_t *page_size,
		    struct err *e);

#endif
