/*
 * http/api/awards — award funds over HTTP (ledger/awards, product C8):
 * policies, the accounting run and its diff, the lines and their
 * transitions, budgets, the finance bureau's exports, a firm's support and
 * the tax estimate. docs/api.md "Award funds" is the contract. Money goes
 * out as strings of 元 with two decimals and comes in as 元 (api_get_money).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/money.h"
#include "http/api/api.h"
#include "http/app.h"
#include "io/award_export.h"
#include "ledger/awards/award.h"
#include "ledger/awards/policy.h"
#include "ledger/awards/support.h"
#include "ledger/base/perm.h"

/* ---- policies ------------------------------------------------------------------------------ */

static void write_policy(struct jw *w, const struct award_policy *p)
{
	jw_obj_begin(w, NULL);
	jw_int(w, "id", p->id);
	jw_int(w, "year", p->year);
	jw_str(w, "name", p->name);
	jw_str(w, "doc_no", p->doc_no);
	jw_str(w, "kind", award_kind_name(p->kind));
	jw_str(w, "kind_label", award_kind_label(p->kind));
	jw_money(w, "amount", p->amount, LEDGER_NONE);
	jw_str(w, "band_basis", award_band_name(p->band));
	jw_str(w, "band_label", award_band_label(p->band));
	jw_int(w, "county_bp", p->county_bp);
	jw_bool(w, "active", p->active);
	jw_str(w, "note", p->note);
	jw_arr_begin(w, "tiers");
	for (size_t i = 0; i < p->n_tiers; i++) {
		jw_obj_begin(w, NULL);
		jw_money(w, "min_value", p->tiers[i].min_value, LEDGER_NONE);
		jw_money(w, "amount", p->tiers[i].amount, LEDGER_NONE);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_arr_begin(w, "splits");
	for (size_t i = 0; i < p->n_splits; i++) {
		jw_obj_begin(w, NULL);
		jw_str(w, "area", p->splits[i].area);
		jw_int_or_null(w, "county_bp", p->splits[i].county_bp, LEDGER_NONE);
		jw_money(w, "county_fixed", p->splits[i].county_fixed, LEDGER_NONE);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_str(w, "updated_at", p->updated_at);
	jw_obj_end(w);
}

static int list_policies(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	struct award_policy *items = NULL;
	size_t n = 0;
	int64_t year = 0;
	app_ledger(req, &l);
	int rc = http_query_int(req, "year", 2000, 2100, 0, &year, e);
	if (!rc)
		rc = award_policy_list(&l, year, req->arena, &items, &n, e);
	if (rc)
		return rc;
	struct jw w;
	api_items_begin(&w, res);
	for (size_t i = 0; i < n; i++)
		write_policy(&w, &items[i]);
	return api_items_end(&w);
}

static int reply_policy(struct http_request *req, struct http_response *res, struct ledger *l,
			int64_t id, int status, struct err *e)
{
	struct award_policy p;
	int rc = award_policy_get(l, id, req->arena, &p, e);
	if (rc)
		return rc;
	struct jw w;
	api_reply_begin(&w, res);
	write_policy(&w, &p);
	res->status = status;
	return jw_finish(&w);
}

static int get_policy(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	int64_t id = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "奖补政策", &id, e);
	return rc ? rc : reply_policy(req, res, &l, id, 200, e);
}

static int read_tiers(json_t *body, struct arena *a, struct award_policy *p, struct err *e)
{
	json_t *arr = json_object_get(body, "tiers");
	if (!arr || json_is_null(arr))
		return 0;
	if (!json_is_array(arr) || json_array_size(arr) > AWARD_TIERS_MAX)
		return err_set(e, ERR_INVALID, "tiers", "tiers 应为最多%d项的数组",
			       AWARD_TIERS_MAX);
	p->n_tiers = json_array_size(arr);
	p->tiers = arena_alloc(a, (p->n_tiers + 1) * sizeof *p->tiers);
	for (size_t i = 0; i < p->n_tiers; i++) {
		json_t *o = json_array_get(arr, i);
		p->tiers[i].min_value = p->tiers[i].amount = LEDGER_NONE;
		int rc = json_is_object(o)
				 ? 0
				 : err_set(e, ERR_INVALID, "tiers", "第%zu档应为对象", i + 1);
		if (!rc)
			rc = api_get_money(o, "min_value", &p->tiers[i].min_value, e);
		if (!rc)
			rc = api_get_money(o, "amount", &p->tiers[i].amount, e);
		if (!rc &&
		    (p->tiers[i].min_value == LEDGER_NONE || p->tiers[i].amount == LEDGER_NONE))
			rc = err_set(e, ERR_INVALID, "tiers", "第%zu档缺少下限或金额", i + 1);
		if (rc)
			return rc;
	}
	return 0;
}

static int read_splits(json_t *body, struct arena *a, struct award_policy *p, struct err *e)
{
	json_t *arr = json_object_get(body, "splits");
	if (!arr || json_is_null(arr))
		return 0;
	if (!json_is_array(arr) || json_array_size(arr) > AWARD_SPLITS_MAX)
		return err_set(e, ERR_INVALID, "splits", "splits 应为最多%d项的数组",
			       AWARD_SPLITS_MAX);
	p->n_splits = json_array_size(arr);
	p->splits = arena_alloc(a, (p->n_splits + 1) * sizeof *p->splits);
	for (size_t i = 0; i < p->n_splits; i++) {
		json_t *o = json_array_get(arr, i);
		struct award_split *s = &p->splits[i];
		const char *area = NULL;
		s->county_bp = s->county_fixed = LEDGER_NONE;
		int rc = json_is_object(o)
				 ? 0
				 : err_set(e, ERR_INVALID, "splits", "第%zu项应为对象", i + 1);
		if (!rc)
			rc = api_get_str(o, "area", a, 16, &area, e);
		if (!rc)
			rc = api_get_int(o, "county_bp", 0, 10000, &s->county_bp, e);
		if (!rc)
			rc = api_get_money(o, "county_fixed", &s->county_fixed, e);
		if (!rc && (!area || !area[0]))
			rc = err_set(e, ERR_INVALID, "splits", "第%zu项缺少区县", i + 1);
		if (rc)
			return rc;
		memcpy(s->area, area, strlen(area) + 1);
	}
	return 0;
}

static int save_policy(struct http_request *req, struct http_response *res, int64_t id,
		       struct err *e)
{
	static const char *const known[] = {"id",	  "year",	"name",	      "doc_no",
					    "kind",	  "kind_label", "amount",     "band_basis",
					    "band_label", "county_bp",	"active",     "note",
					    "tiers",	  "splits",	"updated_at", NULL};
	json_t *body = NULL;
	struct ledger l;
	struct award_policy p;
	const char *kind = NULL, *band = NULL;
	app_ledger(req, &l);
	award_policy_init(&p);
	p.id = id;
	int rc = http_json_body(req, &body, e);
	if (!rc)
		rc = api_check_members(body, known, e);
	if (!rc)
		rc = api_require(body, "year", e);
	if (!rc)
		rc = api_require(body, "kind", e);
	if (!rc)
		rc = api_get_int(body, "year", 2000, 2100, &p.year, e);
	if (!rc)
		rc = api_get_str(body, "name", req->arena, 200, &p.name, e);
	if (!rc)
		rc = api_get_str(body, "doc_no", req->arena, 100, &p.doc_no, e);
	if (!rc)
		rc = api_get_str(body, "kind", req->arena, 40, &kind, e);
	if (!rc)
		rc = award_kind_parse(kind, &p.kind, e);
	if (!rc)
		rc = api_get_money(body, "amount", &p.amount, e);
	if (!rc && p.amount == LEDGER_NONE)
		p.amount = 0;
	if (!rc)
		rc = api_get_str(body, "band_basis", req->arena, 40, &band, e);
	if (!rc && band)
		rc = award_band_parse(band, &p.band, e);
	if (!rc)
		rc = api_get_int(body, "county_bp", 0, 10000, &p.county_bp, e);
	if (!rc && p.county_bp == LEDGER_NONE)
		p.county_bp = 0;
	if (!rc)
		rc = api_get_bool(body, "active", &p.active, e);
	if (!rc)
		rc = api_get_str(body, "note", req->arena, 1000, &p.note, e);
	if (!rc)
		rc = read_tiers(body, req->arena, &p, e);
	if (!rc)
		rc = read_splits(body, req->arena, &p, e);
	json_decref(body);
	if (!rc)
		rc = award_policy_save(&l, &p, &id, e);
	return rc ? rc : reply_policy(req, res, &l, id, p.id ? 200 : 201, e);
}

static int create_policy(struct http_request *req, struct http_response *res, struct err *e)
{
	return save_policy(req, res, 0, e);
}

static int update_policy(struct http_request *req, struct http_response *res, struct err *e)
{
	int64_t id = 0;
	int rc = api_path_id(req, "id", "奖补政策", &id, e);
	return rc ? rc : save_policy(req, res, id, e);
}

static int delete_policy(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	int64_t id = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "奖补政策", &id, e);
	if (!rc)
		rc = award_policy_delete(&l, id, e);
	return rc ? rc : http_reply_ok(res);
}

/* ---- lines --------------------------------------------------------------------------------- */

static void write_line_members(struct jw *w, const struct award_line *x)
{
	jw_int(w, "id", x->id);
	jw_int(w, "year", x->year);
	jw_int(w, "policy_id", x->policy_id);
	jw_str(w, "policy_name", x->policy_name);
	jw_str(w, "doc_no", x->doc_no);
	jw_str(w, "kind", award_kind_name(x->kind));
	jw_str(w, "kind_label", award_kind_label(x->kind));
	jw_str(w, "uscc", x->uscc);
	jw_str(w, "enterprise_name", x->name);
	jw_str(w, "area", x->area);
	jw_str(w, "event_kind", x->event_kind);
	jw_int(w, "event_id", x->event_id);
	jw_str(w, "event_key", x->event_key);
	jw_date(w, "event_on", x->event_on, LEDGER_NO_DATE);
	jw_str(w, "basis", x->basis);
	jw_money(w, "amount", x->amount, LEDGER_NONE);
	jw_money(w, "city_part", x->city_part, LEDGER_NONE);
	jw_money(w, "county_part", x->county_part, LEDGER_NONE);
	jw_str(w, "status", award_status_name(x->status));
	jw_str(w, "status_label", award_status_label(x->status));
	jw_date(w, "county_confirmed_on", x->county_confirmed_on, LEDGER_NO_DATE);
	jw_date(w, "approved_on", x->approved_on, LEDGER_NO_DATE);
	jw_date(w, "city_paid_on", x->city_paid_on, LEDGER_NO_DATE);
	jw_str(w, "city_voucher", x->city_voucher);
	jw_date(w, "county_paid_on", x->county_paid_on, LEDGER_NO_DATE);
	jw_str(w, "county_voucher", x->county_voucher);
	jw_str(w, "reason", x->reason);
	jw_str(w, "updated_at", x->updated_at[0] ? x->updated_at : NULL);
}

static void write_line(struct jw *w, const char *key, const struct award_line *x)
{
	jw_obj_begin(w, key);
	write_line_members(w, x);
	jw_obj_end(w);
}

static int read_filter(struct http_request *req, struct award_filter *f, struct err *e)
{
	const char *v;
	award_filter_init(f);
	int rc = http_query_int(req, "year", 2000, 2100, 0, &f->year, e);
	if (!rc)
		rc = http_query_int(req, "policy_id", 1, INT64_MAX, 0, &f->policy_id, e);
	if (rc)
		return rc;
	if ((v = http_query(req, "area")) && *v)
		f->area = v;
	if ((v = http_query(req, "uscc")) && *v)
		f->uscc = v;
	if ((v = http_query(req, "status")) && *v) {
		enum award_status s;
		rc = award_status_parse(v, &s, e);
		f->status = (int)s;
	}
	return rc;
}

static int list_awards(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	struct award_filter f;
	struct award_line *items = NULL;
	size_t n = 0;
	app_ledger(req, &l);
	int rc = read_filter(req, &f, e);
	if (!rc)
		rc = award_list(&l, &f, req->arena, &items, &n, e);
	if (rc)
		return rc;
	int64_t amount = 0, city = 0, county = 0, paid = 0;
	struct jw w;
	api_items_begin(&w, res);
	for (size_t i = 0; i < n; i++) {
		write_line(&w, NULL, &items[i]);
		if (items[i].status == AWARD_REJECTED)
			continue;
		amount += items[i].amount;
		city += items[i].city_part;
		county += items[i].county_part;
		paid += (items[i].city_paid_on != LEDGER_NO_DATE ? items[i].city_part : 0) +
			(items[i].county_paid_on != LEDGER_NO_DATE ? items[i].county_part : 0);
	}
	jw_arr_end(&w);
	jw_obj_begin(&w, "totals");
	jw_int(&w, "lines", (int64_t)n);
	jw_money(&w, "amount", amount, LEDGER_NONE);
	jw_money(&w, "city_part", city, LEDGER_NONE);
	jw_money(&w, "county_part", county, LEDGER_NONE);
	jw_money(&w, "paid", paid, LEDGER_NONE);
	jw_obj_end(&w);
	jw_obj_end(&w);
	return jw_finish(&w);
}

static int reply_line(struct http_request *req, struct http_response *res, struct ledger *l,
		      int64_t id, struct err *e)
{
	struct award_line x;
	int rc = award_get(l, id, req->arena, &x, e);
	if (rc)
		return rc;
	struct jw w;
	api_reply_begin(&w, res);
	write_line(&w, NULL, &x);
	return jw_finish(&w);
}

static int get_award(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	int64_t id = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "奖补记录", &id, e);
	return rc ? rc : reply_line(req, res, &l, id, e);
}

enum step { STEP_APPROVE, STEP_REJECT, STEP_CONFIRM, STEP_DISBURSE };

static int transition(struct http_request *req, struct http_response *res, enum step step,
		      struct err *e)
{
	static const char *const known[] = {"on", "reason", "part", "voucher", NULL};
	json_t *body = NULL;
	struct ledger l;
	int64_t id = 0;
	int32_t on = LEDGER_NO_DATE;
	const char *reason = NULL, *part = NULL, *voucher = NULL;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "奖补记录", &id, e);
	if (!rc)
		rc = http_json_body(req, &body, e);
	if (!rc)
		rc = api_check_members(body, known, e);
	if (!rc)
		rc = api_get_date(body, "on", &on, e);
	if (!rc)
		rc = api_get_str(body, "reason", req->arena, 500, &reason, e);
	if (!rc)
		rc = api_get_str(body, "part", req->arena, 16, &part, e);
	if (!rc)
		rc = api_get_str(body, "voucher", req->arena, 100, &voucher, e);
	json_decref(body);
	if (rc)
		return rc;
	switch (step) {
	case STEP_APPROVE: rc = award_approve(&l, id, on, e); break;
	case STEP_REJECT: rc = award_reject(&l, id, reason, e); break;
	case STEP_CONFIRM: rc = award_confirm(&l, id, on, e); break;
	default:
		if (!part || (strcmp(part, "city") && strcmp(part, "county")))
			return err_set(e, ERR_INVALID, "part", "part 应为 city 或 county");
		rc = award_disburse(&l, id,
				    !strcmp(part, "city") ? AWARD_PART_CITY : AWARD_PART_COUNTY, on,
				    voucher, e);
		break;
	}
	return rc ? rc : reply_line(req, res, &l, id, e);
}

static int approve_award(struct http_request *req, struct http_response *res, struct err *e)
{
	return transition(req, res, STEP_APPROVE, e);
}

static int reject_award(struct http_request *req, struct http_response *res, struct err *e)
{
	return transition(req, res, STEP_REJECT, e);
}

static int confirm_award(struct http_request *req, struct http_response *res, struct err *e)
{
	return transition(req, res, STEP_CONFIRM, e);
}

static int disburse_award(struct http_request *req, struct http_response *res, struct err *e)
{
	return transition(req, res, STEP_DISBURSE, e);
}

static int run_awards(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	struct award_run r;
	int64_t year = 0;
	app_ledger(req, &l);
	int rc = http_query_int(req, "year", 2000, 2100, 0, &year, e);
	if (!rc && !year)
		rc = err_set(e, ERR_INVALID, "year", "缺少核算年度 year");
	int dry = 0;
	if (!rc)
		rc = api_query_flag(req, "dry_run", &dry, e);
	if (!rc)
		rc = award_run(&l, year, !dry, req->arena, &r, e);
	if (rc)
		return rc;
	struct jw w;
	api_reply_begin(&w, res);
	jw_obj_begin(&w, NULL);
	jw_int(&w, "year", year);
	jw_bool(&w, "applied", r.applied);
	jw_int(&w, "added", (int64_t)r.added);
	jw_int(&w, "changed", (int64_t)r.changed);
	jw_int(&w, "removed", (int64_t)r.removed);
	jw_int(&w, "locked", (int64_t)r.locked);
	jw_int(&w, "skipped", (int64_t)r.skipped);
	jw_int(&w, "unchanged", (int64_t)r.unchanged);
	jw_money(&w, "amount_before", r.amount_before, LEDGER_NONE);
	jw_money(&w, "amount_after", r.amount_after, LEDGER_NONE);
	jw_arr_begin(&w, "items");
	for (size_t i = 0; i < r.n; i++) {
		const struct award_diff *d = &r.items[i];
		jw_obj_begin(&w, NULL);
		jw_str(&w, "change", award_change_name(d->change));
		jw_str(&w, "change_label", award_change_label(d->change));
		jw_money(&w, "old_amount", d->old_amount, LEDGER_NONE);
		jw_str(&w, "why", d->why);
		write_line(&w, "line", &d->line);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	return jw_finish(&w);
}

static int sink_body(void *ctx, const void *p, size_t n)
{
	return strbuf_add(ctx, p, n);
}

static int export_awards(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	int64_t year = 0;
	enum export_format fmt = EXPORT_XLSX;
	enum award_view view = AWARD_VIEW_FIRM;
	const char *v;
	app_ledger(req, &l);
	int rc = http_query_int(req, "year", 2000, 2100, 0, &year, e);
	if (!rc && !year)
		rc = err_set(e, ERR_INVALID, "year", "缺少年度 year");
	if (!rc && (v = http_query(req, "format")) && *v)
		rc = export_format_parse(v, &fmt, e);
	if (!rc && (v = http_query(req, "view")) && *v)
		rc = award_view_parse(v, &view, e);
	if (rc)
		return rc;
	strbuf_reset(&res->body);
	rc = award_export(&l, year, http_query(req, "area"), view, fmt, sink_body, &res->body, NULL,
			  e);
	if (rc)
		return rc;
	res->status = 200;
	res->content_type =
		fmt == EXPORT_XLSX
			? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
			: "text/csv; charset=utf-8";
	http_add_header(res, "Content-Disposition",
			fmt == EXPORT_XLSX ? "attachment; filename=\"awards.xlsx\""
					   : "attachment; filename=\"awards.csv\"");
	return 0;
}

/* ---- budgets ------------------------------------------------------------------------------- */

static void write_budget(struct jw *w, const struct award_budget *b, const struct api_areas *as)
{
	jw_obj_begin(w, NULL);
	jw_int(w, "year", b->year);
	jw_str(w, "source", b->source);
	jw_str(w, "source_name",
	       !strcmp(b->source, "city") ? "市级" : api_area_name(as, b->source));
	jw_money(w, "amount", b->amount, LEDGER_NONE);
	jw_str(w, "note", b->note);
	jw_money(w, "pending", b->pending, LEDGER_NONE);
	jw_money(w, "committed", b->committed, LEDGER_NONE);
	jw_money(w, "paid", b->paid, LEDGER_NONE);
	jw_money(w, "remaining", b->amount == LEDGER_NONE ? LEDGER_NONE : b->amount - b->committed,
		 LEDGER_NONE);
	jw_bool(w, "over", b->over);
	jw_obj_end(w);
}

static int reply_budgets(struct http_request *req, struct http_response *res, struct ledger *l,
			 int64_t year, struct err *e)
{
	struct award_budget *items = NULL;
	struct api_areas as;
	size_t n = 0;
	int rc = award_budgets(l, year, req->arena, &items, &n, e);
	if (!rc)
		rc = api_areas_load(l, req->arena, &as, e);
	if (rc)
		return rc;
	struct jw w;
	api_items_begin(&w, res);
	for (size_t i = 0; i < n; i++)
		write_budget(&w, &items[i], &as);
	return api_items_end(&w);
}

static int list_budgets(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	int64_t year = 0;
	app_ledger(req, &l);
	int rc = http_query_int(req, "year", 2000, 2100, 0, &year, e);
	if (!rc && !year)
		rc = err_set(e, ERR_INVALID, "year", "缺少年度 year");
	return rc ? rc : reply_budgets(req, res, &l, year, e);
}

static int save_budget(struct http_request *req, struct http_response *res, struct err *e)
{
	static const char *const known[] = {"amount", "note", NULL};
	json_t *body = NULL;
	struct ledger l;
	const char *ys = http_param(req, "year"), *note = NULL;
	int64_t amount = LEDGER_NONE;
	app_ledger(req, &l);
	if (!ys || strlen(ys) != 4 || strspn(ys, "0123456789") != 4)
		return err_set(e, ERR_INVALID, "year", "年度无效");
	int rc = http_json_body(req, &body, e);
	if (!rc)
		rc = api_check_members(body, known, e);
	if (!rc)
		rc = api_require(body, "amount", e);
	if (!rc)
		rc = api_get_money(body, "amount", &amount, e);
	if (!rc)
		rc = api_get_str(body, "note", req->arena, 500, &note, e);
	json_decref(body);
	if (!rc)
		rc = award_budget_save(&l, atoll(ys), http_param(req, "source"), amount, note, e);
	return rc ? rc : reply_budgets(req, res, &l, atoll(ys), e);
}

/* ---- a firm's support --------------------------------------------------------------------- */

static int firm_support(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	struct award_filter f;
	struct award_line *lines = NULL;
	struct support_record *recs = NULL;
	size_t nl = 0, nr = 0;
	const char *uscc = http_param(req, "uscc");
	app_ledger(req, &l);
	int rc = support_list(&l, uscc, req->arena, &recs, &nr, e);
	award_filter_init(&f);
	f.uscc = uscc;
	if (!rc)
		rc = award_list(&l, &f, req->arena, &lines, &nl, e);
	if (rc)
		return rc;
	int64_t awarded = 0, paid = 0, other = 0;
	struct jw w;
	api_reply_begin(&w, res);
	jw_obj_begin(&w, NULL);
	jw_arr_begin(&w, "awards");
	for (size_t i = 0; i < nl; i++) {
		write_line(&w, NULL, &lines[i]);
		if (lines[i].status == AWARD_REJECTED)
			continue;
		awarded += lines[i].amount;
		paid += (lines[i].city_paid_on != LEDGER_NO_DATE ? lines[i].city_part : 0) +
			(lines[i].county_paid_on != LEDGER_NO_DATE ? lines[i].county_part : 0);
	}
	jw_arr_end(&w);
	jw_arr_begin(&w, "records");
	for (size_t i = 0; i < nr; i++) {
		const struct support_record *r = &recs[i];
		jw_obj_begin(&w, NULL);
		jw_int(&w, "id", r->id);
		jw_str(&w, "kind", support_kind_name(r->kind));
		jw_str(&w, "kind_label", support_kind_label(r->kind));
		jw_date(&w, "granted_on", r->granted_on, LEDGER_NO_DATE);
		jw_money(&w, "amount", r->amount, LEDGER_NONE);
		jw_str(&w, "source", r->source);
		jw_str(&w, "note", r->note);
		jw_obj_end(&w);
		other += r->amount;
	}
	jw_arr_end(&w);
	jw_obj_begin(&w, "totals");
	jw_money(&w, "awarded", awarded, LEDGER_NONE);
	jw_money(&w, "paid", paid, LEDGER_NONE);
	jw_money(&w, "other", other, LEDGER_NONE);
	jw_obj_end(&w);
	jw_obj_end(&w);
	return jw_finish(&w);
}

static int save_support(struct http_request *req, struct http_response *res, int64_t id,
			struct err *e)
{
	static const char *const known[] = {"id",     "kind",	"kind_label", "granted_on",
					    "amount", "source", "note",	      NULL};
	json_t *body = NULL;
	struct ledger l;
	struct support_record in;
	const char *kind = NULL;
	app_ledger(req, &l);
	memset(&in, 0, sizeof in);
	in.id = id;
	in.granted_on = LEDGER_NO_DATE;
	in.amount = LEDGER_NONE;
	int rc = http_json_body(req, &body, e);
	if (!rc)
		rc = api_check_members(body, known, e);
	if (!rc)
		rc = api_require(body, "kind", e);
	if (!rc)
		rc = api_require(body, "amount", e);
	if (!rc)
		rc = api_get_str(body, "kind", req->arena, 40, &kind, e);
	if (!rc)
		rc = support_kind_parse(kind, &in.kind, e);
	if (!rc)
		rc = api_get_date(body, "granted_on", &in.granted_on, e);
	if (!rc)
		rc = api_get_money(body, "amount", &in.amount, e);
	if (!rc)
		rc = api_get_str(body, "source", req->arena, 200, &in.source, e);
	if (!rc)
		rc = api_get_str(body, "note", req->arena, 1000, &in.note, e);
	json_decref(body);
	if (!rc)
		rc = support_save(&l, http_param(req, "uscc"), &in, NULL, e);
	if (rc)
		return rc;
	rc = firm_support(req, res, e);
	if (!rc && !id)
		res->status = 201;
	return rc;
}

static int create_support(struct http_request *req, struct http_response *res, struct err *e)
{
	return save_support(req, res, 0, e);
}

static int update_support(struct http_request *req, struct http_response *res, struct err *e)
{
	int64_t id = 0;
	int rc = api_path_id(req, "id", "扶持记录", &id, e);
	return rc ? rc : save_support(req, res, id, e);
}

static int delete_support(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	int64_t id = 0;
	app_ledger(req, &l);
	int rc = api_path_id(req, "id", "扶持记录", &id, e);
	if (!rc)
		rc = support_delete(&l, http_param(req, "uscc"), id, e);
	return rc ? rc : http_reply_ok(res);
}

/* A money query parameter in 元 (≥ 0; absent: 0). */
static int query_money(struct http_request *req, const char *name, int64_t *fen, struct err *e)
{
	const char *v = http_query(req, name);
	*fen = 0;
	if (!v || !*v)
		return 0;
	int rc = money_parse(v, strlen(v), MONEY_YUAN, fen, name, e);
	if (!rc && (*fen < 0 || *fen > 100000000000000LL))
		rc = err_set(e, ERR_INVALID, name, "%s 应在 0 到 1 万亿元之间", name);
	return rc;
}

static int tax_estimate(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	struct tax_estimate t;
	int64_t year = 0, taxable = 0, rd = 0;
	app_ledger(req, &l);
	int rc = perm_check(&l.scope, CAP_AWARDS_READ, "无权查看税收优惠测算", e);
	if (!rc)
		rc = http_query_int(req, "year", 2000, 2100, 2025, &year, e);
	if (!rc)
		rc = query_money(req, "taxable_income", &taxable, e);
	if (!rc)
		rc = query_money(req, "rd_expense", &rd, e);
	if (rc)
		return rc;
	support_tax_estimate(year, taxable, rd, &t);
	struct jw w;
	api_reply_begin(&w, res);
	jw_obj_begin(&w, NULL);
	jw_int(&w, "year", year);
	jw_money(&w, "taxable_income", t.taxable, LEDGER_NONE);
	jw_money(&w, "rd_expense", t.rd, LEDGER_NONE);
	jw_int(&w, "deduction_bp", t.deduction_bp);
	jw_money(&w, "deduction", t.deduction, LEDGER_NONE);
	jw_money(&w, "tax_standard", t.tax_standard, LEDGER_NONE);
	jw_money(&w, "tax_hnte", t.tax_hnte, LEDGER_NONE);
	jw_money(&w, "saving_rate", t.saving_rate, LEDGER_NONE);
	jw_money(&w, "saving", t.saving, LEDGER_NONE);
	jw_obj_end(&w);
	return jw_finish(&w);
}

void api_awards_routes(struct router *r)
{
	router_add(r, HTTP_GET, "/api/v1/award-policies{?year}", list_policies, ROUTE_CACHE);
	router_add(r, HTTP_POST, "/api/v1/award-policies", create_policy, 0);
	router_add(r, HTTP_GET, "/api/v1/award-policies/{id}", get_policy, ROUTE_CACHE);
	router_add(r, HTTP_PUT, "/api/v1/award-policies/{id}", update_policy, 0);
	router_add(r, HTTP_DELETE, "/api/v1/award-policies/{id}", delete_policy, 0);
	router_add(r, HTTP_GET, "/api/v1/awards{?year,area,status,uscc,policy_id}", list_awards,
		   ROUTE_CACHE);
	router_add(r, HTTP_POST, "/api/v1/awards/run{?year,dry_run}", run_awards, ROUTE_HEAVY);
	router_add(r, HTTP_GET, "/api/v1/awards/export{?year,area,view,format}", export_awards,
		   ROUTE_EXPORT);
	router_add(r, HTTP_GET, "/api/v1/awards/{id}", get_award, ROUTE_CACHE);
	router_add(r, HTTP_POST, "/api/v1/awards/{id}/approve", approve_award, 0);
	router_add(r, HTTP_POST, "/api/v1/awards/{id}/reject", reject_award, 0);
	router_add(r, HTTP_POST, "/api/v1/awards/{id}/confirm", confirm_award, 0);
	router_add(r, HTTP_POST, "/api/v1/awards/{id}/disburse", disburse_award, 0);
	router_add(r, HTTP_GET, "/api/v1/budgets{?year}", list_budgets, ROUTE_CACHE);
	router_add(r, HTTP_PUT, "/api/v1/budgets/{year}/{source}", save_budget, 0);
	router_add(r, HTTP_GET, "/api/v1/enterprises/{uscc}/support", firm_support, ROUTE_CACHE);
	router_add(r, HTTP_POST, "/api/v1/enterprises/{uscc}/support", create_support, 0);
	router_add(r, HTTP_PUT, "/api/v1/enterprises/{uscc}/support/{id}", update_support, 0);
	router_add(r, HTTP_DELETE, "/api/v1/enterprises/{uscc}/support/{id}", delete_support, 0);
	router_add(r, HTTP_GET, "/api/v1/tax-estimate{?year,taxable_income,rd_expense}",
		   tax_estimate, ROUTE_CACHE);
}
