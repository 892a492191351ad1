/*
 * tsme — TSME registrations and HNTE annual reports (see tsme.h). Owner of
 * the tables tsme_registrations and annual_reports.
 */
#include "ledger/apply/tsme.h"
#include "ledger/internal.h"
#include "ledger/base/audit.h"
#include "ledger/base/json.h"
#include "ledger/base/perm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "ledger/register/enterprise.h"

static const char *const status_names[TSME_STATUS_COUNT] = {"registered", "revoked"};
static const char *const status_labels[TSME_STATUS_COUNT] = {"已入库", "已撤销"};
static const char *const state_names[] = {"filed", "missing", "due"};
static const char *const state_labels[] = {"已填报", "未填报", "待填报"};

const char *tsme_status_name(enum tsme_status s)
{
	return ledger_code_at(status_names, TSME_STATUS_COUNT, (int)s);
}

const char *tsme_status_label(enum tsme_status s)
{
	return ledger_code_at(status_labels, TSME_STATUS_COUNT, (int)s);
}

int tsme_status_parse(const char *s, enum tsme_status *out, struct err *e)
{
	int i = ledger_code_find(status_names, status_labels, TSME_STATUS_COUNT, s);
	if (i < 0)
		return err_set(e, ERR_INVALID, "status", "未知入库状态：%s", s ? s : "");
	*out = (enum tsme_status)i;
	return 0;
}

const char *annual_state_name(enum annual_state s)
{
	return ledger_code_at(state_names, 3, (int)s);
}

const char *annual_state_label(enum annual_state s)
{
	return ledger_code_at(state_labels, 3, (int)s);
}

/* The enterprise USCC in scope, writable by L: its id into *EID. */
static int writable(struct ledger *l, const char *uscc, int64_t *eid, struct err *e)
{
	int rc = ledger_enterprise_id(l, uscc, eid, e);
	if (!rc)
		rc = perm_check(&l->scope, CAP_APPLICATIONS_WRITE, "无权登记入库和年报信息", e);
	return rc;
}

/* ---- TSME registrations ------------------------------------------------------------- */

static char *tsme_image(const struct tsme_reg *r)
{
	struct ledger_jobj o;
	ledger_jobj_init(&o);
	ledger_jobj_int(&o, "year", r->year);
	ledger_jobj_str(&o, "reg_no", r->reg_no);
	ledger_jobj_str(&o, "status", tsme_status_name(r->status));
	ledger_jobj_date(&o, "registered_on", r->registered_on);
	return ledger_jobj_take(&o);
}

static int tsme_check(const struct tsme_reg *in, struct err *e)
{
	if (in->year < 2000 || in->year > 2100)
		return err_set(e, ERR_INVALID, "year", "入库年度无效（2000–2100）");
	if (!in->reg_no || !in->reg_no[0])
		return err_set(e, ERR_INVALID, "reg_no", "入库登记编号不能为空");
	if (strlen(in->reg_no) > 50)
		return err_set(e, ERR_INVALID, "reg_no", "入库登记编号过长（最多50字节）");
	if ((int)in->status < 0 || in->status >= TSME_STATUS_COUNT)
		return err_set(e, ERR_INVALID, "status", "入库状态无效");
	return 0;
}

/* The stored registration of EID for YEAR into *OUT: 1 when found, 0 when none, or < 0. */
static int tsme_find(struct ledger *l, int64_t eid, int64_t year, struct arena *a,
		     struct tsme_reg *out, struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = store_prepare(
		l->db,
		"SELECT id, year, reg_no, status, registered_on, created_at, updated_at "
		"FROM tsme_registrations WHERE enterprise_id = $1 AND year = $2",
		&st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, eid);
	store_bind_int(st, 2, year);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		out->id = store_column_int(st, 0);
		out->year = store_column_int(st, 1);
		out->reg_no = ledger_column_str(st, 2, a);
		int s = ledger_code_find(status_names, NULL, TSME_STATUS_COUNT,
					 store_column_text(st, 3, NULL));
		out->status = s < 0 ? TSME_REGISTERED : (enum tsme_status)s;
		out->registered_on = ledger_column_date(st, 4);
		ledger_column_copy(st, 5, out->created_at, sizeof out->created_at);
		ledger_column_copy(st, 6, out->updated_at, sizeof out->updated_at);
	}
	store_finish(st);
	return rc;
}

/* The enterprise's own TSME members and tier follow a registered registration. */
static int tsme_effects(struct ledger *l, const char *uscc, const struct tsme_reg *in, int *changed,
			struct err *e)
{
	struct arena *a = arena_new();
	struct enterprise ent;
	int rc = enterprise_get(l, uscc, a, &ent, e);
	if (rc || in->status != TSME_REGISTERED)
		goto out;
	if (ent.tsme_year == LEDGER_NONE || ent.tsme_year <= in->year) {
		struct enterprise_patch p;
		int ch = 0;
		enterprise_patch_init(&p);
		p.v.tsme_reg_no = in->reg_no;
		p.v.tsme_year = in->year;
		rc = enterprise_patch_name(&p, "tsme_reg_no", e);
		if (!rc)
			rc = enterprise_patch_name(&p, "tsme_year", e);
		if (!rc)
			rc = enterprise_patch(l, uscc, &p, NULL, NULL, &ch, e);
		if (rc)
			goto out;
		*changed |= ch;
	}
	if (ent.tier == TIER_PROSPECT) {
		const char *why = arena_printf(a, "科技型中小企业入库（%lld年，编号%s）",
					       (long long)in->year, in->reg_no);
		rc = enterprise_set_tier(l, uscc, TIER_TSME, in->registered_on, why, e);
		*changed |= rc == 0;
	}
out:
	arena_free(a);
	return rc;
}

int tsme_save(struct ledger *l, const char *uscc, const struct tsme_reg *in, int *changed,
	      struct err *e)
{
	struct arena *a = arena_new();
	struct store_stmt *st = NULL;
	struct tsme_reg old;
	char now[21], key[48];
	char *before = NULL, *after = NULL;
	int64_t eid = 0;
	int begun = 0, ch = 0;
	memset(&old, 0, sizeof old);
	int rc = ledger_write_begin(l, e);
	if (rc)
		goto out;
	begun = 1;
	rc = writable(l, uscc, &eid, e);
	if (!rc)
		rc = tsme_check(in, e);
	if (!rc)
		rc = tsme_find(l, eid, in->year, a, &old, e);
	if (rc < 0)
		goto out;
	before = rc == STORE_ROW ? tsme_image(&old) : NULL;
	after = tsme_image(in);
	rc = 0;
	if (!before || strcmp(before, after)) {
		rc = store_prepare(
			l->db,
			"INSERT INTO tsme_registrations (enterprise_id, year, reg_no, status, "
			"registered_on, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, "
			"$6, $6) ON CONFLICT (enterprise_id, year) DO UPDATE SET reg_no = $3, "
			"status = $4, registered_on = $5, updated_at = $6",
			&st, e);
		if (rc)
			goto out;
		store_bind_int(st, 1, eid);
		store_bind_int(st, 2, in->year);
		store_bind_text(st, 3, in->reg_no, STORE_NTS);
		store_bind_text(st, 4, status_names[in->status], STORE_NTS);
		ledger_bind_date(st, 5, in->registered_on);
		store_bind_text(st, 6, ledger_now(now), STORE_NTS);
		rc = store_run(st, e);
		if (rc)
			goto out;
		ledger_row_key(uscc, in->year, key);
		rc = audit_record(l, before ? "update" : "create", "tsme_registrations", key,
				  before, after, e);
		ch = 1;
	}
	if (!rc)
		rc = tsme_effects(l, uscc, in, &ch, e);
	if (!rc && changed)
		*changed = ch;
out:
	store_finish(st);
	if (begun)
		rc = ledger_write_end(l, rc, e);
	free(before);
	free(after);
	arena_free(a);
	return rc;
}

int tsme_list(struct ledger *l, const char *uscc, struct arena *arena, struct tsme_reg **items,
	      size_t *n, struct err *e)
{
	struct store_stmt *st = NULL;
	int64_t eid = 0;
	size_t cap = 0;
	*items = NULL;
	*n = 0;
	int rc = ledger_enterprise_id(l, uscc, &eid, e);
	if (!rc)
		rc = perm_check(&l->scope, CAP_APPLICATIONS_READ, "无权查看入库信息", e);
	if (!rc)
		rc = store_prepare(l->db,
				   "SELECT year FROM tsme_registrations WHERE enterprise_id = $1 "
				   "ORDER BY year DESC",
				   &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, eid);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		*items = ledger_grow(arena, *items, *n, &cap, sizeof **items, 4);
		(*items)[(*n)++].year = store_column_int(st, 0);
	}
	store_finish(st);
	for (size_t i = 0; rc >= 0 && i < *n; i++)
		rc = tsme_find(l, eid, (*items)[i].year, arena, &(*items)[i], e);
	return rc < 0 ? rc : 0;
}

/* ---- annual reports -------------------------------------------------------------------- */

int annual_save(struct ledger *l, const char *uscc, int64_t year, int32_t filed_on,
		const char *note, struct err *e)
{
	struct store_stmt *st = NULL;
	struct ledger_jobj o;
	char now[21], key[48];
	char *before = NULL, *after = NULL;
	int64_t eid = 0;
	int begun = 0;
	int rc = ledger_write_begin(l, e);
	if (rc)
		goto out;
	begun = 1;
	rc = writable(l, uscc, &eid, e);
	if (!rc && (year < 2000 || year > 2100))
		rc = err_set(e, ERR_INVALID, "year", "年报年度无效（2000–2100）");
	if (!rc && filed_on != LEDGER_NO_DATE && date_year(filed_on) <= year)
		rc = err_set(e, ERR_INVALID, "filed_on", "填报日期应在%lld年度结束之后",
			     (long long)year);
	if (!rc && note && strlen(note) > 500)
		rc = err_set(e, ERR_INVALID, "note", "备注过长（最多500字节）");
	if (!rc)
		rc = store_prepare(
			l->db,
			"SELECT filed_on, note FROM annual_reports WHERE enterprise_id = $1 "
			"AND year = $2",
			&st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, eid);
	store_bind_int(st, 2, year);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		ledger_jobj_init(&o);
		ledger_jobj_str(&o, "filed_on", store_column_text(st, 0, NULL));
		ledger_jobj_str(&o, "note", store_column_text(st, 1, NULL));
		before = ledger_jobj_take(&o);
	}
	store_finish(st);
	st = NULL;
	if (rc < 0)
		goto out;
	ledger_jobj_init(&o);
	ledger_jobj_date(&o, "filed_on", filed_on);
	ledger_jobj_str(&o, "note", note && note[0] ? note : NULL);
	after = ledger_jobj_take(&o);
	rc = 0;
	if (before && !strcmp(before, after))
		goto out; /* nothing changed */
	rc = store_prepare(
		l->db,
		"INSERT INTO annual_reports (enterprise_id, year, filed_on, note, created_at, "
		"updated_at) VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (enterprise_id, "
		"year) DO UPDATE SET filed_on = $3, note = $4, updated_at = $5",
		&st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, eid);
	store_bind_int(st, 2, year);
	ledger_bind_date(st, 3, filed_on);
	store_bind_text(st, 4, note && note[0] ? note : NULL, STORE_NTS);
	store_bind_text(st, 5, ledger_now(now), STORE_NTS);
	rc = store_run(st, e);
	if (rc)
		goto out;
	ledger_row_key(uscc, year, key);
	rc = audit_record(l, before ? "update" : "create", "annual_reports", key, before, after, e);
out:
	store_finish(st);
	if (begun)
		rc = ledger_write_end(l, rc, e);
	free(before);
	free(after);
	return rc;
}

static int32_t due_of(int64_t year)
{
	return date_from_ymd((int)year + 1, 5, 31);
}

static void annual_fill(struct annual_year *y, int64_t year, int recorded, int32_t filed_on,
			const char *note, int32_t today)
{
	y->year = year;
	y->due_on = due_of(year);
	y->recorded = recorded;
	y->filed_on = filed_on;
	y->note = note;
	if (filed_on != LEDGER_NO_DATE)
		y->state = ANNUAL_FILED;
	else if (recorded || today > y->due_on)
		y->state = ANNUAL_MISSING;
	else
		y->state = ANNUAL_DUE;
}

int annual_status(struct ledger *l, const char *uscc, int32_t today, struct arena *arena,
		  struct annual_status *out, struct err *e)
{
	struct store_stmt *st = NULL;
	struct enterprise ent;
	size_t cap = 0;
	memset(out, 0, sizeof *out);
	if (today == LEDGER_NO_DATE)
		today = date_today();
	int rc = enterprise_get(l, uscc, arena, &ent, e);
	if (!rc)
		rc = perm_check(&l->scope, CAP_APPLICATIONS_READ, "无权查看年报信息", e);
	if (rc)
		return rc;
	int64_t first = 0;
	if (ent.hnte_issued_on != LEDGER_NO_DATE) {
		out->has_cert = 1;
		out->cert_on = ent.hnte_issued_on;
		out->n_years = 3;
		first = date_year(ent.hnte_issued_on);
		for (int k = 0; k < 3; k++)
			annual_fill(&out->years[k], first + k, 0, LEDGER_NO_DATE, NULL, today);
	}
	rc = store_prepare(
		l->db,
		"SELECT year, filed_on, note FROM annual_reports WHERE enterprise_id = $1 "
		"ORDER BY year DESC",
		&st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, ent.id);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		int64_t y = store_column_int(st, 0);
		int32_t filed = ledger_column_date(st, 1);
		const char *note = ledger_column_str(st, 2, arena);
		if (out->has_cert && y >= first && y < first + 3) {
			annual_fill(&out->years[y - first], y, 1, filed, note, today);
			continue;
		}
		out->others = ledger_grow(arena, out->others, out->n_others, &cap,
					  sizeof *out->others, 4);
		annual_fill(&out->others[out->n_others++], y, 1, filed, note, today);
	}
	store_finish(st);
	for (int k = 0; k < out->n_years; k++)
		out->missing += out->years[k].state == ANNUAL_MISSING;
	out->at_risk = out->missing >= 2;
	return rc < 0 ? rc : 0;
}

int annual_risks(struct ledger *l, const char *area, int32_t today, struct arena *arena,
		 struct annual_risk **items, size_t *n, struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	char day[11];
	size_t cap = 0;
	*items = NULL;
	*n = 0;
	int rc = perm_check(&l->scope, CAP_APPLICATIONS_READ, "无权查看年报信息", e);
	if (rc)
		return rc;
	strbuf_init(&sql, 4096);
	/* the same rule as annual_fill: recorded missing, or not filed and past 31 May */
	strbuf_adds(
		&sql,
		"WITH k(k) AS (VALUES (0), (1), (2)) "
		"SELECT t.uscc, t.name, t.area, t.hnte_issued_on, count(*) FROM enterprises t "
		"JOIN k LEFT JOIN annual_reports r ON r.enterprise_id = t.id AND r.year = "
		"CAST(substr(t.hnte_issued_on, 1, 4) AS INTEGER) + k.k "
		"WHERE (t.tier = 'hnte' OR t.tier = 'leader') AND t.hnte_issued_on IS NOT NULL "
		"AND r.filed_on IS NULL AND (r.enterprise_id IS NOT NULL OR printf('%04d-05-31', "
		"CAST(substr(t.hnte_issued_on, 1, 4) AS INTEGER) + k.k + 1) < $2) AND ");
	ledger_scope_sql(&l->scope, &sql, "t", 1);
	if (area && area[0])
		strbuf_adds(&sql, " AND t.area = $3");
	strbuf_adds(&sql, " GROUP BY t.id HAVING count(*) >= 2 ORDER BY t.name, t.id");
	rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, ledger_scope_param(&l->scope));
	date_format(today == LEDGER_NO_DATE ? date_today() : today, day);
	store_bind_text(st, 2, day, STORE_NTS);
	store_bind_text(st, 3, area, STORE_NTS);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		*items = ledger_grow(arena, *items, *n, &cap, sizeof **items, 8);
		struct annual_risk *r = &(*items)[(*n)++];
		ledger_column_copy(st, 0, r->uscc, sizeof r->uscc);
		r->name = ledger_column_str(st, 1, arena);
		r->area = ledger_column_str(st, 2, arena);
		r->cert_on = ledger_column_date(st, 3);
		r->missing = (int)store_column_int(st, 4);
	}
out:
	rc = rc < 0 ? rc : 0;
	store_finish(st);
	strbuf_cleanup(&sql);
	return rc;
}
