/* applications — the demo's recognition batch (see applications.h). */
#include "demo/applications.h"

#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "ledger/apply/application.h"
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
	batch_init(&b);
	b.year = y;
	b.name = "第一批";
	b.province = "云南省";
	b.submit_by = date_from_ymd(y, 6, 30);
	b.review_on = date_from_ymd(y, 8, 15);
	b.notice_on = date_from_ymd(y, 10, 20);
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
