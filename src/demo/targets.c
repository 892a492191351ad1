/*
 * targets — the demo's targets and links (see targets.h).
 */
#include "demo/targets.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/strbuf.h"
#include "ledger/register/area.h"
#include "ledger/targets/link.h"
#include "ledger/targets/map.h"
#include "ledger/targets/progress.h"
#include "ledger/targets/snapshot.h"
#include "ledger/targets/target.h"

static const char *const leaders[] = {"张建国", "李卫东", "王志刚", "赵红梅", "陈立新"};
static const char *const staff[] = {"刘洋", "杨帆", "周敏", "吴静", "孙磊", "马丽", "朱涛"};

/*
 * The schematic map: a jittered grid. Vertex (X, Y) of the lattice in half
 * cells (corners and edge midpoints) moves by a fixed pseudo-random amount,
 * the same for the cells that share it, so the cells tile like a map of
 * irregular areas — a sketch, not the real boundaries (none are copied).
 */
#define MAP_CELL 40 /* hundredths of a degree */

static long jitter(long x, long y, int axis)
{
	uint32_t h =
		(uint32_t)(x * 73856093L) ^ (uint32_t)(y * 19349663L) ^ (uint32_t)axis * 83492791u;
	h ^= h >> 13;
	h *= 0x5bd1e995u;
	h ^= h >> 15;
	return (long)(h % 13) - 6; /* ±6 hundredths */
}

/* Vertex (X, Y) in half cells from the sketch's south-west corner, COLS × ROWS cells. */
static void add_vertex(struct strbuf *sb, long x, long y, long cols, long rows)
{
	long dx = x > 0 && x < 2 * cols ? jitter(x, y, 0) : 0;
	long dy = y > 0 && y < 2 * rows ? jitter(x, y, 1) : 0;
	long lon = 10300 + x * MAP_CELL / 2 + dx, lat = 2460 + y * MAP_CELL / 2 + dy;
	strbuf_addf(sb, "[%ld.%02ld,%ld.%02ld]", lon / 100, lon % 100, lat / 100, lat % 100);
}

int demo_targets_map(struct ledger *l, struct err *e)
{
	/* the ring of a cell in half cells: corners and edge midpoints, counter-clockwise */
	static const int ring[][2] = {{0, 0}, {1, 0}, {2, 0}, {2, 1}, {2, 2},
				      {1, 2}, {0, 2}, {0, 1}, {0, 0}};
	struct arena *arena = arena_new();
	struct area *areas = NULL;
	struct boardmap m;
	struct strbuf sb;
	size_t n = 0;
	int rc = area_list(l, arena, &areas, &n, e);
	long cols = 1;
	while ((size_t)(cols * cols) < n)
		cols++;
	long rows = n ? ((long)n + cols - 1) / cols : 1;
	strbuf_init(&sb, BOARDMAP_MAX);
	strbuf_adds(&sb, "{\"type\":\"FeatureCollection\",\"name\":\"区域示意图（非真实边界）\","
			 "\"schematic\":true,\"features\":[");
	for (size_t i = 0; !rc && i < n; i++) {
		long cx = (long)i % cols, cy = rows - 1 - (long)i / cols; /* by code, north first */
		strbuf_adds(&sb, i ? ",{" : "{");
		strbuf_adds(&sb, "\"type\":\"Feature\",\"properties\":{\"adcode\":\"");
		strbuf_add_json_escaped(&sb, areas[i].code, strlen(areas[i].code));
		strbuf_adds(&sb, "\",\"name\":\"");
		strbuf_add_json_escaped(&sb, areas[i].name, strlen(areas[i].name));
		strbuf_adds(&sb, "\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[");
		for (size_t k = 0; k < sizeof ring / sizeof ring[0]; k++) {
			if (k)
				strbuf_addc(&sb, ',');
			add_vertex(&sb, 2 * cx + ring[k][0], 2 * cy + ring[k][1], cols, rows);
		}
		strbuf_adds(&sb, "]]}}");
	}
	strbuf_adds(&sb, "]}");
	if (!rc && n)
		rc = boardmap_put(l, sb.buf, sb.len, NULL, 0, arena, &m, e);
	strbuf_cleanup(&sb);
	arena_free(arena);
	return rc;
}

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
	if (!rc)
		rc = demo_targets_map(l, e);
	if (rc) {
		struct err ignore;
		ledger_rollback(l, &ignore);
	} else {
		rc = ledger_commit(l, e);
	}
	arena_free(arena);
	return rc;
}
