/*
 * calendar — milestones (table owner: milestones) and a firm's own calendar
 * derived from the register and its problems (see calendar.h).
 */
#include "ledger/monitor/calendar.h"
#include "ledger/internal.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/strbuf.h"
#include "ledger/base/audit.h"
#include "ledger/base/json.h"
#include "ledger/base/perm.h"
#include "ledger/cultivate/problem.h"
#include "ledger/register/enterprise.h"

static const char *const kind_names[MILESTONE_KIND_COUNT] = {"batch", "deadline", "meeting",
							     "other"};
static const char *const kind_labels[MILESTONE_KIND_COUNT] = {"申报批次", "截止日期", "会议",
							      "其他"};

static const char *const status_names[MILESTONE_STATUS_COUNT] = {"planned", "in_progress", "done",
								 "cancelled"};
static const char *const status_labels[MILESTONE_STATUS_COUNT] = {"未开始", "进行中", "已完成",
								  "已取消"};

#define OFF(m) offsetof(struct milestone, m)
const struct ledger_column milestone_columns[MILESTONE_NCOLUMNS] = {
	{"id", "编号", LCOL_ID, OFF(id), 0, 0, 0, NULL, 0, 0},
	{"name", "名称", LCOL_TEXT, OFF(name), 200, 0, 0, NULL, 0, LCOL_REQUIRED | LCOL_EDIT},
	{"on_date", "日期", LCOL_DATE, OFF(on_date), 0, 0, 0, NULL, 0, LCOL_REQUIRED | LCOL_EDIT},
	{"kind", "类型", LCOL_CODE, OFF(kind), 0, 0, 0, kind_names, MILESTONE_KIND_COUNT,
	 LCOL_REQUIRED | LCOL_EDIT},
	{"area", "区域", LCOL_TEXT, OFF(area), 16, 0, 0, NULL, 0, LCOL_EDIT},
	{"note", "备注", LCOL_TEXT, OFF(note), 1000, 0, 0, NULL, 0, LCOL_EDIT},
	{"created_at", "创建时间", LCOL_STAMP, OFF(created_at), 0, 0, 0, NULL, 0, 0},
	{"updated_at", "更新时间", LCOL_STAMP, OFF(updated_at), 0, 0, 0, NULL, 0, 0},
	/* the work schedule (targets, issue 14): after the stamps, which keep their placeholders */
	{"owner", "责任人", LCOL_TEXT, OFF(owner), 64, 0, 0, NULL, 0, LCOL_EDIT},
	{"status", "状态", LCOL_CODE, OFF(status), 0, 0, 0, status_names, MILESTONE_STATUS_COUNT,
	 LCOL_REQUIRED | LCOL_EDIT},
};

const char *milestone_status_name(int status)
{
	return ledger_code_at(status_names, MILESTONE_STATUS_COUNT, status);
}

const char *milestone_status_label(int status)
{
	return ledger_code_at(status_labels, MILESTONE_STATUS_COUNT, status);
}

int milestone_status_parse(const char *s, int *status, struct err *e)
{
	int i = ledger_code_find(status_names, status_labels, MILESTONE_STATUS_COUNT, s);
	if (i < 0)
		return err_set(e, ERR_INVALID, "status",
			       "状态应为 planned、in_progress、done 或 cancelled：%s", s ? s : "");
	*status = i;
	return 0;
}

const char *milestone_kind_name(int kind)
{
	return ledger_code_at(kind_names, MILESTONE_KIND_COUNT, kind);
}

const char *milestone_kind_label(int kind)
{
	return ledger_code_at(kind_labels, MILESTONE_KIND_COUNT, kind);
}

int milestone_kind_parse(const char *s, int *kind, struct err *e)
{
	int i = ledger_code_find(kind_names, kind_labels, MILESTONE_KIND_COUNT, s);
	if (i < 0)
		return err_set(e, ERR_INVALID, "kind",
			       "类型应为 batch、deadline、meeting 或 other：%s", s ? s : "");
	*kind = i;
	return 0;
}

/* ---- reads --------------------------------------------------------------------------- */

/* The visibility of a milestone M for L's scope ($9 the scope's value). */
static void visible_sql(struct ledger *l, struct strbuf *sql)
{
	if (ledger_scope_all(&l->scope)) {
		strbuf_adds(sql, "1=1");
		return;
	}
	strbuf_adds(sql, "(m.area IS NULL OR m.area IN (SELECT t.area FROM enterprises t WHERE ");
	ledger_scope_sql(&l->scope, sql, "t", 9);
	if (l->scope.role == ROLE_COUNTY || l->scope.role == ROLE_VIEWER)
		strbuf_adds(sql,
			    ") OR m.area IN (SELECT area FROM user_areas WHERE user_id = $8))");
	else
		strbuf_adds(sql, "))");
}

static int select_rows(struct ledger *l, const char *cond, const char *a, const char *b, int64_t id,
		       struct arena *arena, struct milestone **items, size_t *n, struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	size_t cap = 0;
	*items = NULL;
	*n = 0;
	strbuf_init(&sql, 4096);
	strbuf_adds(&sql, "SELECT ");
	ledger_cols_select(milestone_columns, MILESTONE_NCOLUMNS, "m", &sql);
	strbuf_adds(&sql, " FROM milestones m WHERE ");
	strbuf_adds(&sql, cond);
	strbuf_adds(&sql, " AND ");
	visible_sql(l, &sql);
	strbuf_adds(&sql, " ORDER BY m.on_date, m.id");
	int rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	if (rc)
		goto out;
	if (a)
		store_bind_text(st, 1, a, STORE_NTS);
	if (b)
		store_bind_text(st, 2, b, STORE_NTS);
	store_bind_int(st, 3, id);
	store_bind_int(st, 8, l->scope.user_id);
	store_bind_int(st, 9, ledger_scope_param(&l->scope));
	while ((rc = store_step(st, e)) == STORE_ROW) {
		*items = ledger_grow(arena, *items, *n, &cap, sizeof **items, 32);
		ledger_cols_read(st, 0, milestone_columns, MILESTONE_NCOLUMNS, arena,
				 &(*items)[(*n)++]);
	}
out:
	store_finish(st);
	strbuf_cleanup(&sql);
	return rc < 0 ? rc : 0;
}

int calendar_list(struct ledger *l, int year, int month, struct arena *arena,
		  struct milestone **items, size_t *n, struct err *e)
{
	char lo[11], hi[11];
	int rc = perm_check(&l->scope, CAP_REMINDERS, "无权查看工作日历", e);
	if (rc)
		return rc;
	if (year < 1990 || year > 9999)
		return err_set(e, ERR_INVALID, "year", "年份无效：%d", year);
	if (month < 0 || month > 12)
		return err_set(e, ERR_INVALID, "month", "月份无效：%d", month);
	date_format(date_from_ymd(year, month ? month : 1, 1), lo);
	date_format(date_from_ymd(year, month ? month : 12,
				  month ? date_days_in_month(year, month) : 31),
		    hi);
	return select_rows(l, "m.on_date >= $1 AND m.on_date <= $2", lo, hi, 0, arena, items, n, e);
}

int calendar_get(struct ledger *l, int64_t id, struct arena *arena, struct milestone *out,
		 struct err *e)
{
	struct milestone *items = NULL;
	size_t n = 0;
	int rc = select_rows(l, "m.id = $3", NULL, NULL, id, arena, &items, &n, e);
	if (rc)
		return rc;
	if (!n)
		return err_set(e, ERR_NOT_FOUND, "id", "日程不存在：%lld", (long long)id);
	*out = items[0];
	return 0;
}

/* ---- writes -------------------------------------------------------------------------- */

static int check(struct ledger *l, const struct milestone *m, struct err *e)
{
	int rc = ledger_cols_check(milestone_columns, MILESTONE_NCOLUMNS, m, e);
	if (rc)
		return rc;
	if (m->on_date == LEDGER_NO_DATE)
		return err_set(e, ERR_INVALID, "on_date", "日期不能为空");
	if (m->area && m->area[0]) {
		struct store_stmt *st = NULL;
		rc = store_prepare(l->db, "SELECT 1 FROM areas WHERE code = $1", &st, e);
		if (rc)
			return rc;
		store_bind_text(st, 1, m->area, STORE_NTS);
		rc = store_step(st, e);
		store_finish(st);
		if (rc == STORE_DONE)
			return err_set(e, ERR_INVALID, "area", "区域不存在：%s", m->area);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int may_edit(struct ledger *l, struct err *e)
{
	return perm_check(&l->scope, CAP_CALENDAR_EDIT, "无权修改工作日历", e);
}

static const struct ledger_rows rows = {"milestones", milestone_columns, MILESTONE_NCOLUMNS};

int calendar_add(struct ledger *l, const struct milestone *m, int64_t *id, struct err *e)
{
	int rc = may_edit(l, e);
	if (!rc)
		rc = ledger_write_begin(l, e);
	if (rc)
		return rc;
	rc = check(l, m, e);
	if (!rc)
		rc = ledger_rows_insert(l, &rows, m, id, e);
	return ledger_write_end(l, rc, e);
}

int calendar_update(struct ledger *l, int64_t id, const struct milestone *m, struct err *e)
{
	struct arena *arena = arena_new();
	struct milestone old;
	int rc = may_edit(l, e);
	if (!rc)
		rc = ledger_write_begin(l, e);
	if (rc) {
		arena_free(arena);
		return rc;
	}
	rc = calendar_get(l, id, arena, &old, e);
	if (!rc)
		rc = check(l, m, e);
	if (!rc)
		rc = ledger_rows_update(l, &rows, id, &old, m, e);
	rc = ledger_write_end(l, rc, e);
	arena_free(arena);
	return rc;
}

int calendar_delete(struct ledger *l, int64_t id, struct err *e)
{
	struct arena *arena = arena_new();
	struct milestone old;
	int rc = may_edit(l, e);
	if (!rc)
		rc = ledger_write_begin(l, e);
	if (rc) {
		arena_free(arena);
		return rc;
	}
	rc = calendar_get(l, id, arena, &old, e);
	if (!rc)
		rc = ledger_rows_delete(l, &rows, id, &old, e);
	rc = ledger_write_end(l, rc, e);
	arena_free(arena);
	return rc;
}

/* ---- a firm's calendar ------------------------------------------------------------------ */

struct events {
	struct arena *arena;
	struct calendar_event *items;
	size_t n, cap;
};

static void add(struct events *ev, int32_t on, const char *kind, int64_t ref, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void add(struct events *ev, int32_t on, const char *kind, int64_t ref, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	ev->items = ledger_grow(ev->arena, ev->items, ev->n, &ev->cap, sizeof *ev->items, 32);
	ev->items[ev->n++] = (struct calendar_event){on, kind, arena_strdup(ev->arena, buf), ref};
}

static int cmp_event(const void *a, const void *b)
{
	const struct calendar_event *x = a, *y = b;
	if (x->on != y->on)
		return (x->on > y->on) - (x->on < y->on);
	return strcmp(x->kind, y->kind);
}

int calendar_enterprise(struct ledger *l, const char *uscc, int year_from, int year_to,
			struct arena *arena, struct calendar_event **items, size_t *n,
			struct err *e)
{
	struct enterprise ent;
	struct events ev = {.arena = arena};
	char d[11];
	*items = NULL;
	*n = 0;
	int rc = enterprise_get(l, uscc, arena, &ent, e);
	if (rc)
		return rc;
	if (ent.hnte_issued_on != LEDGER_NO_DATE)
		add(&ev, ent.hnte_issued_on, "cert_issued", 0, "高新技术企业证书颁发%s%s",
		    ent.hnte_cert_no ? "：" : "", ent.hnte_cert_no ? ent.hnte_cert_no : "");
	if (ent.hnte_expires_on != LEDGER_NO_DATE) {
		int ey = date_year(ent.hnte_expires_on);
		add(&ev, ent.hnte_expires_on, "cert_expiry", 0, "高新技术企业证书到期");
		add(&ev, date_from_ymd(ey, 1, 1), "reapply", 0,
		    "证书%s到期：本年度须重新申报认定（复审）",
		    date_format(ent.hnte_expires_on, d));
		int from = ent.hnte_issued_on != LEDGER_NO_DATE ? date_year(ent.hnte_issued_on) + 1
								: ey - 2;
		for (int y = from; y <= ey; y++)
			add(&ev, date_from_ymd(y, 5, 31), "annual_report", 0,
			    "报送%d年度高新技术企业年度发展情况报表（年报）截止", y - 1);
	}
	if (ent.tsme_year != LEDGER_NONE && ent.tsme_year >= 1990 && ent.tsme_year < 9999)
		add(&ev, date_from_ymd((int)ent.tsme_year + 1, 1, 1), "tsme_renew", 0,
		    "科技型中小企业入库（%lld年）到期：%lld年须重新评价入库",
		    (long long)ent.tsme_year, (long long)ent.tsme_year + 1);

	struct problem_filter pf;
	struct problem_page pp;
	problem_filter_init(&pf);
	pf.uscc = ent.uscc;
	pf.status = -2;
	pf.limit = PROBLEM_PAGE_MAX;
	pf.want_total = 0;
	rc = problem_list(l, &pf, arena, &pp, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < pp.n; i++)
		if (pp.items[i].due_on != LEDGER_NO_DATE)
			add(&ev, pp.items[i].due_on, "problem_due", pp.items[i].id,
			    "问题整改期限：%.200s", pp.items[i].description);

	if (year_from >= 1990 && year_to >= year_from && year_to <= 9999) {
		struct milestone *ms = NULL;
		size_t nm = 0;
		for (int y = year_from; y <= year_to; y++) {
			rc = calendar_list(l, y, 0, arena, &ms, &nm, e);
			if (rc)
				return rc;
			for (size_t i = 0; i < nm; i++)
				if (!ms[i].area || !strcmp(ms[i].area, ent.area))
					add(&ev, ms[i].on_date, "milestone", ms[i].id, "%s",
					    ms[i].name);
		}
	}
	if (ev.n)
		qsort(ev.items, ev.n, sizeof *ev.items, cmp_event);
	*items = ev.items;
	*n = ev.n;
	return 0;
}
