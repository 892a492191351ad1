/*
 * targets — the demo's targets and links (see targets.h).
 */
#include "demo/targets.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "ledger/targets/link.h"
#include "ledger/targets/progress.h"
#include "ledger/targets/snapshot.h"
#include "ledger/targets/target.h"

static const char *const leaders[] = {"张建国", "李卫东", "王志刚", "赵红梅", "陈立新"};
static const char *const staff[] = {"刘洋", "杨帆", "周敏", "吴静", "孙磊", "马丽", "朱涛"};

int demo_targets(struct ledger *l, int32_t today, struct err *e)
{
	struct arena *arena = arena_new();
	struct progress p;
	int year = date_year(today);
	int rc = progress_compute(l, year, today, arena, &p, e);
	if (!rc)
		rc = ledger_begin(l, e);
	if (rc) {
		arena_free(arena);
		return rc;
	}
	size_t cap = (p.n + 1) * p.n_metrics, n = 0;
	struct target *t = arena_alloc(arena, (cap ? cap : 1) * sizeof *t);
	int64_t *sum = arena_alloc(arena, (p.n_metrics + 1) * sizeof *sum);
	memset(sum, 0, (p.n_metrics + 1) * sizeof *sum);
	for (size_t i = 0; i < p.n; i++) {
		/* 80 % … 135 % of where the area will stand: some ahead, some behind */
		int64_t pct = 80 + (int64_t)((i * 37) % 56);
		for (size_t m = 0; m < p.n_metrics; m++) {
			const struct progress_cell *c = &p.rows[i].cells[m];
			int64_t v = c->projected * 100 / pct + (int64_t)(i % 3) + 1;
			t[n++] = (struct target){p.rows[i].area, p.metrics[m].code, v};
			sum[m] += v;
		}
	}
	for (size_t m = 0; m < p.n_metrics; m++)
		t[n++] = (struct target){NULL, p.metrics[m].code, sum[m]};
	rc = target_set(l, year, t, n, e);
	for (size_t i = 0; !rc && i < p.n; i++) {
		struct target_link k;
		char phone[2][16];
		memset(&k, 0, sizeof k);
		k.area = p.rows[i].area;
		k.role = LINK_LEADER;
		k.name = leaders[i % (sizeof leaders / sizeof leaders[0])];
		k.title = i % 2 ? "副局长" : "局长";
		snprintf(phone[0], sizeof phone[0], "0874-31%05zu", 20000 + i * 7);
		k.phone = phone[0];
		rc = link_add(l, &k, NULL, e);
		k.role = LINK_STAFF;
		k.name = staff[i % (sizeof staff / sizeof staff[0])];
		k.title = "高新技术科科员";
		snprintf(phone[1], sizeof phone[1], "1388740%04zu", 1000 + i * 13);
		k.phone = phone[1];
		if (!rc)
			rc = link_add(l, &k, NULL, e);
	}
	/*
	 * The year's weekly snapshots so far, each as of its Sunday (this
	 * week's as of today), computed from the dated outcomes: the trend line
	 */
	int32_t day = snapshot_week(date_from_ymd(year, 1, 1)) + 6;
	if (date_year(day) < year)
		day += 7;
	for (; !rc && day < today; day += 7)
		rc = snapshot_take(l, day, 1, NULL, e);
	if (!rc)
		rc = snapshot_take(l, today, 1, NULL, e);
	if (rc) {
		struct err ignore;
		ledger_rollback(l, &ignore);
	} else {
		rc = ledger_commit(l, e);
	}
	arena_free(arena);
	return rc;
}
