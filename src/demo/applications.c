/* applications — the demo's recognition batch (see applications.h). */
#include "demo/applications.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "ledger/apply/application.h"
#include "ledger/apply/tsme.h"
#include "ledger/register/enterprise.h"

/* The stages the demo's applications are spread over, in order. */
static const enum app_stage spread[] = {APP_COUNTY_RECOMMENDED, APP_SUBMITTED, APP_UNDER_REVIEW,
					APP_PUBLICISED};

/* Move application ID up to stage spread[UPTO - 1] (0: stays intended). */
static int advance(struct ledger *l, int64_t id, size_t upto, int32_t today, struct err *e)
{
	int rc = 0;
	for (size_t s = 0; !rc && s < upto; s++) {
		struct app_change c;
		app_change_init(&c, spread[s]);
		c.on = today;
		c.note = s == 0 ? "县级科技部门审查推荐" : NULL;
		rc = app_move(l, id, &c, e);
	}
	return rc;
}

/*
 * The year's first batch, its outcome already out when TODAY is past its
 * dates (the board's new recognitions, dated): key firms after those of the
 * second batch, each moved on the batch's days up to where TODAY stands —
 * all but the last recognised, the last not. Returns the applications made.
 */
static int first_batch(struct ledger *l, int32_t today, struct arena *a, int64_t *made,
		       struct err *e)
{
	struct enterprise_filter f;
	struct enterprise_page pg;
	struct batch b;
	int64_t bid = 0;
	int y = date_year(today);
	batch_init(&b);
	b.year = y;
	b.name = "第一批";
	b.province = "云南省";
	b.submit_by = date_from_ymd(y, 4, 30);
	b.review_on = date_from_ymd(y, 6, 10);
	b.notice_on = date_from_ymd(y, 7, 20);
	int rc = batch_save(l, &b, &bid, e);
	enterprise_filter_init(&f);
	f.tier = TIER_KEY;
	f.offset = DEMO_APPLICATIONS / 2;
	f.limit = DEMO_FIRST_BATCH;
	f.want_total = 0;
	f.sort = ENTERPRISE_SORT_USCC;
	if (!rc)
		rc = enterprise_list(l, &f, a, &pg, e);
	const struct {
		enum app_stage to;
		int32_t on;
	} steps[] = {
		{APP_COUNTY_RECOMMENDED, date_from_ymd(y, 4, 10)},
		{APP_SUBMITTED, b.submit_by},
		{APP_UNDER_REVIEW, b.review_on},
		{APP_PUBLICISED, b.notice_on},
		{APP_RECOGNISED, date_from_ymd(y, 8, 10)}, /* the province's list */
	};
	for (size_t i = 0; !rc && i < pg.n; i++) {
		int64_t id = 0;
		rc = app_create(l, bid, pg.items[i].uscc, "企业有申报意向", &id, e);
		for (size_t s = 0; !rc && s < sizeof steps / sizeof steps[0]; s++) {
			struct app_change c;
			int last = i + 1 == pg.n;
			if (steps[s].on > today)
				break;
			app_change_init(&c, steps[s].to);
			c.on = steps[s].on;
			if (steps[s].to == APP_RECOGNISED && last) {
				c.to = APP_NOT_RECOGNISED;
				c.reason = "研发费用占比未达到要求";
			} else if (steps[s].to == APP_RECOGNISED) {
				c.cert_no = arena_printf(a, "GR%d53%07zu", y, 100 + i);
				c.cert_on = c.on;
			}
			rc = app_move(l, id, &c, e);
		}
		(*made)++;
	}
	return rc;
}

int demo_applications(struct ledger *l, int32_t today, int64_t *n, struct err *e)
{
	struct arena *a = arena_new();
	struct enterprise_filter f;
	struct enterprise_page pg;
	struct batch b;
	int64_t bid = 0, made = 0;
	int y = date_year(today);
	int rc = ledger_begin(l, e);
	if (rc)
		goto out;
	rc = first_batch(l, today, a, &made, e);
	batch_init(&b);
	b.year = y;
	b.name = "第二批";
	b.province = "云南省";
	b.submit_by = date_from_ymd(y, 6, 30);
	b.review_on = date_from_ymd(y, 8, 15);
	b.notice_on = date_from_ymd(y, 10, 20);
	if (!rc)
		rc = batch_save(l, &b, &bid, e);
	static const enum tier tiers[] = {TIER_KEY, TIER_RESERVE};
	for (size_t t = 0; !rc && t < 2; t++) {
		enterprise_filter_init(&f);
		f.tier = (int)tiers[t];
		f.limit = DEMO_APPLICATIONS / 2;
		f.want_total = 0;
		f.sort = ENTERPRISE_SORT_USCC;
		rc = enterprise_list(l, &f, a, &pg, e);
		for (size_t i = 0; !rc && i < pg.n; i++) {
			int64_t id = 0;
			rc = app_create(l, bid, pg.items[i].uscc, "企业有申报意向", &id, e);
			if (!rc)
				rc = advance(l, id, (size_t)(made % 5), today, e);
			made++;
		}
	}
	if (rc)
		ledger_rollback(l, NULL);
	else
		rc = ledger_commit(l, e);
out:
	if (n)
		*n = rc ? 0 : made;
	arena_free(a);
	return rc;
}

/* The certificates the demo's reports are for, gathered before writing. */
struct certs {
	struct {
		char uscc[19];
		int32_t issued;
	} * items;
	size_t n, cap;
};

static int gather(void *ctx, const struct enterprise *ent)
{
	struct certs *c = ctx;
	if (ent->hnte_issued_on == LEDGER_NO_DATE)
		return 0;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 256;
		void *p = realloc(c->items, cap * sizeof c->items[0]);
		if (!p)
			return -1;
		c->items = p;
		c->cap = cap;
	}
	memcpy(c->items[c->n].uscc, ent->uscc, 19);
	c->items[c->n++].issued = ent->hnte_issued_on;
	return 0;
}

/*
 * Whether firm K (its position) filed its report of fiscal year FY, LAST
 * being the latest year due: most did; every 13th missed the latest, every
 * 41st the latest two (revocation risk); before 31 May of TODAY's year only
 * three firms in five have filed last year's yet.
 */
static int filed(size_t k, int64_t fy, int64_t last, int32_t today)
{
	if (k % 41 == 7 && fy >= last - 1)
		return 0;
	if (k % 13 == 5 && fy == last)
		return 0;
	if (fy == date_year(today) - 1 && today <= date_from_ymd(date_year(today), 5, 31))
		return k % 5 < 3;
	return 1;
}

int demo_annual_reports(struct ledger *l, int32_t today, int64_t *n, struct err *e)
{
	struct enterprise_filter f;
	struct certs c = {0};
	int64_t made = 0;
	int rc = ledger_begin(l, e);
	if (rc)
		return rc;
	static const enum tier tiers[] = {TIER_HNTE, TIER_LEADER};
	for (size_t t = 0; !rc && t < 2; t++) {
		enterprise_filter_init(&f);
		f.tier = (int)tiers[t];
		f.sort = ENTERPRISE_SORT_USCC;
		rc = enterprise_each(l, &f, gather, &c, e);
		if (rc < 0)
			rc = err_set(e, ERR_INTERNAL, NULL, "内存不足");
	}
	for (size_t k = 0; !rc && k < c.n; k++) {
		int64_t first = date_year(c.items[k].issued), last = first + 2;
		if (last > date_year(today) - 1)
			last = date_year(today) - 1;
		for (int64_t fy = first; !rc && fy <= last; fy++) {
			if (!filed(k, fy, last, today))
				continue;
			int32_t on = date_from_ymd((int)fy + 1, 5, 8 + (int)(k % 20));
			if (on > today)
				continue;
			rc = annual_save(l, c.items[k].uscc, fy, on, NULL, e);
			made++;
		}
	}
	free(c.items);
	if (rc)
		ledger_rollback(l, NULL);
	else
		rc = ledger_commit(l, e);
	if (n)
		*n = rc ? 0 : made;
	return rc;
}
