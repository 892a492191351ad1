/*
 * award — the accounting run, the award lines' workflow and the budgets
 * (see award.h). Owner of the tables award_lines and award_budgets.
 */
#include "ledger/awards/award.h"
#include "ledger/internal.h"
#include "ledger/base/audit.h"
#include "ledger/base/json.h"
#include "ledger/base/perm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/money.h"

static const char *const status_names[AWARD_STATUS_COUNT] = {"computed", "approved", "disbursed",
							     "rejected"};
static const char *const status_labels[AWARD_STATUS_COUNT] = {"已核算", "已审批", "已拨付",
							      "已退回"};
static const char *const change_names[] = {"add", "change", "remove", "locked", "skip"};
static const char *const change_labels[] = {"新增", "变更", "撤销", "已锁定", "不符合"};

const char *award_status_name(enum award_status s)
{
	return ledger_code_at(status_names, AWARD_STATUS_COUNT, (int)s);
}

const char *award_status_label(enum award_status s)
{
	return ledger_code_at(status_labels, AWARD_STATUS_COUNT, (int)s);
}

int award_status_parse(const char *s, enum award_status *out, struct err *e)
{
	int i = ledger_code_find(status_names, status_labels, AWARD_STATUS_COUNT, s);
	if (i < 0)
		return err_set(e, ERR_INVALID, "status", "未知奖补状态：%s", s ? s : "");
	*out = (enum award_status)i;
	return 0;
}

const char *award_change_name(enum award_change c)
{
	return ledger_code_at(change_names, 5, (int)c);
}

const char *award_change_label(enum award_change c)
{
	return ledger_code_at(change_labels, 5, (int)c);
}

void award_filter_init(struct award_filter *f)
{
	memset(f, 0, sizeof *f);
	f->status = -1;
}

/* ---- reading lines ------------------------------------------------------------------- */

#define LINE_COLS                                                                                  \
	"SELECT w.id, w.year, w.policy_id, p.name, p.doc_no, w.policy_kind, t.uscc, t.name, "      \
	"w.area, w.event_kind, w.event_id, w.event_key, w.event_on, w.basis, w.amount, "           \
	"w.city_part, w.county_part, w.status, w.county_confirmed_on, w.approved_on, "             \
	"w.city_paid_on, w.county_paid_on, w.city_voucher, w.county_voucher, w.reason, "           \
	"w.created_at, w.updated_at FROM award_lines w JOIN award_policies p ON p.id = "           \
	"w.policy_id JOIN enterprises t ON t.id = w.enterprise_id "

static void line_read(struct store_stmt *st, struct arena *a, struct award_line *w)
{
	memset(w, 0, sizeof *w);
	w->id = store_column_int(st, 0);
	w->year = store_column_int(st, 1);
	w->policy_id = store_column_int(st, 2);
	w->policy_name = ledger_column_str(st, 3, a);
	w->doc_no = ledger_column_str(st, 4, a);
	enum award_kind k = AWARD_OTHER;
	award_kind_parse(store_column_text(st, 5, NULL), &k, NULL);
	w->kind = k;
	ledger_column_copy(st, 6, w->uscc, sizeof w->uscc);
	w->name = ledger_column_str(st, 7, a);
	w->area = ledger_column_str(st, 8, a);
	w->event_kind = ledger_column_str(st, 9, a);
	w->event_id = store_column_int(st, 10);
	w->event_key = ledger_column_str(st, 11, a);
	w->event_on = ledger_column_date(st, 12);
	w->basis = ledger_column_str(st, 13, a);
	w->amount = store_column_int(st, 14);
	w->city_part = store_column_int(st, 15);
	w->county_part = store_column_int(st, 16);
	int s = ledger_code_find(status_names, NULL, AWARD_STATUS_COUNT,
				 store_column_text(st, 17, NULL));
	w->status = s < 0 ? AWARD_COMPUTED : (enum award_status)s;
	w->county_confirmed_on = ledger_column_date(st, 18);
	w->approved_on = ledger_column_date(st, 19);
	w->city_paid_on = ledger_column_date(st, 20);
	w->county_paid_on = ledger_column_date(st, 21);
	w->city_voucher = ledger_column_str(st, 22, a);
	w->county_voucher = ledger_column_str(st, 23, a);
	w->reason = ledger_column_str(st, 24, a);
	ledger_column_copy(st, 25, w->created_at, sizeof w->created_at);
	ledger_column_copy(st, 26, w->updated_at, sizeof w->updated_at);
}

/* The lines matching F in L's scope (no capability check: callers check). */
static int lines_query(struct ledger *l, const struct award_filter *f, int64_t id,
		       struct arena *arena, struct award_line **items, size_t *n, struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	size_t cap = 0;
	*items = NULL;
	*n = 0;
	strbuf_init(&sql, 8192);
	strbuf_adds(&sql, LINE_COLS "WHERE ");
	ledger_scope_sql(&l->scope, &sql, "t", 1);
	if (id)
		strbuf_adds(&sql, " AND w.id = $2");
	if (f && f->year)
		strbuf_adds(&sql, " AND w.year = $3");
	if (f && f->area && f->area[0])
		strbuf_adds(&sql, " AND w.area = $4");
	if (f && f->status >= 0)
		strbuf_adds(&sql, " AND w.status = $5");
	if (f && f->uscc && f->uscc[0])
		strbuf_adds(&sql, " AND t.uscc = $6");
	if (f && f->policy_id)
		strbuf_adds(&sql, " AND w.policy_id = $7");
	strbuf_adds(&sql, " ORDER BY w.year DESC, w.area, t.name, w.id");
	int rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	strbuf_cleanup(&sql);
	if (rc)
		return rc;
	char uscc[19];
	store_bind_int(st, 1, ledger_scope_param(&l->scope));
	store_bind_int(st, 2, id);
	if (f) {
		store_bind_int(st, 3, f->year);
		store_bind_text(st, 4, f->area, STORE_NTS);
		store_bind_text(st, 5, f->status >= 0 ? status_names[f->status] : NULL, STORE_NTS);
		ledger_norm_uscc(f->uscc ? f->uscc : "", uscc);
		store_bind_text(st, 6, uscc, STORE_NTS);
		store_bind_int(st, 7, f->policy_id);
	}
	while ((rc = store_step(st, e)) == STORE_ROW) {
		*items = ledger_grow(arena, *items, *n, &cap, sizeof **items, 16);
		line_read(st, arena, &(*items)[(*n)++]);
	}
	store_finish(st);
	return rc < 0 ? rc : 0;
}

int award_list(struct ledger *l, const struct award_filter *f, struct arena *arena,
	       struct award_line **items, size_t *n, struct err *e)
{
	*items = NULL;
	*n = 0;
	int rc = perm_check(&l->scope, CAP_AWARDS_READ, "无权查看奖补资金", e);
	return rc ? rc : lines_query(l, f, 0, arena, items, n, e);
}

static int line_find(struct ledger *l, int64_t id, struct arena *arena, struct award_line *out,
		     struct err *e)
{
	struct award_line *items = NULL;
	size_t n = 0;
	int rc = lines_query(l, NULL, id, arena, &items, &n, e);
	if (!rc && !n)
		rc = err_set(e, ERR_NOT_FOUND, "id", "奖补记录不存在");
	if (!rc)
		*out = items[0];
	return rc;
}

int award_get(struct ledger *l, int64_t id, struct arena *arena, struct award_line *out,
	      struct err *e)
{
	int rc = perm_check(&l->scope, CAP_AWARDS_READ, "无权查看奖补资金", e);
	return rc ? rc : line_find(l, id, arena, out, e);
}

/* ---- images and writes ----------------------------------------------------------------- */

static char *line_image(const struct award_line *w)
{
	struct ledger_jobj o;
	ledger_jobj_init(&o);
	ledger_jobj_int(&o, "year", w->year);
	ledger_jobj_int(&o, "policy_id", w->policy_id);
	ledger_jobj_str(&o, "area", w->area);
	ledger_jobj_str(&o, "event_kind", w->event_kind);
	ledger_jobj_int(&o, "event_id", w->event_id);
	ledger_jobj_str(&o, "event_key", w->event_key);
	ledger_jobj_str(&o, "basis", w->basis);
	ledger_jobj_int(&o, "amount", w->amount);
	ledger_jobj_int(&o, "city_part", w->city_part);
	ledger_jobj_int(&o, "county_part", w->county_part);
	ledger_jobj_str(&o, "status", award_status_name(w->status));
	ledger_jobj_date(&o, "county_confirmed_on", w->county_confirmed_on);
	ledger_jobj_date(&o, "approved_on", w->approved_on);
	ledger_jobj_date(&o, "city_paid_on", w->city_paid_on);
	ledger_jobj_str(&o, "city_voucher", w->city_voucher);
	ledger_jobj_date(&o, "county_paid_on", w->county_paid_on);
	ledger_jobj_str(&o, "county_voucher", w->county_voucher);
	ledger_jobj_str(&o, "reason", w->reason);
	return ledger_jobj_take(&o);
}

static int line_audit(struct ledger *l, const char *action, const struct award_line *before,
		      const struct award_line *after, struct err *e)
{
	char key[48];
	const struct award_line *w = after ? after : before;
	char *b = before ? line_image(before) : NULL, *a = after ? line_image(after) : NULL;
	ledger_row_key(w->uscc, w->id, key);
	int rc = audit_record(l, action, "award_lines", key, b, a, e);
	free(b);
	free(a);
	return rc;
}

/* Insert (W->id 0, id into W->id) or update the computed members of W. */
static int line_put(struct ledger *l, struct award_line *w, int64_t enterprise_id, struct err *e)
{
	struct store_stmt *st = NULL;
	char now[21];
	int rc = store_prepare(
		l->db,
		w->id ? "UPDATE award_lines SET area = $3, event_key = $6, event_on = $7, basis = "
			"$8, "
			"amount = $9, city_part = $10, county_part = $11, updated_at = $12 WHERE "
			"id = $13 RETURNING id"
		      : "INSERT INTO award_lines (year, policy_id, policy_kind, enterprise_id, "
			"area, "
			"event_kind, event_id, event_key, event_on, basis, amount, city_part, "
			"county_part, created_at, updated_at) VALUES ($1, $2, $4, $5, $3, $14, "
			"$15, "
			"$6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
		&st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, w->year);
	store_bind_int(st, 2, w->policy_id);
	store_bind_text(st, 3, w->area, STORE_NTS);
	store_bind_text(st, 4, award_kind_name(w->kind), STORE_NTS);
	store_bind_int(st, 5, enterprise_id);
	store_bind_text(st, 6, w->event_key ? w->event_key : "", STORE_NTS);
	ledger_bind_date(st, 7, w->event_on);
	store_bind_text(st, 8, w->basis, STORE_NTS);
	store_bind_int(st, 9, w->amount);
	store_bind_int(st, 10, w->city_part);
	store_bind_int(st, 11, w->county_part);
	store_bind_text(st, 12, ledger_now(now), STORE_NTS);
	store_bind_int(st, 13, w->id);
	store_bind_text(st, 14, w->event_kind, STORE_NTS);
	store_bind_int(st, 15, w->event_id);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		w->id = store_column_int(st, 0);
		rc = 0;
	}
	store_finish(st);
	return rc;
}

/* Write the workflow members of W. */
static int line_flow(struct ledger *l, const struct award_line *w, struct err *e)
{
	struct store_stmt *st = NULL;
	char now[21];
	int rc =
		store_prepare(l->db,
			      "UPDATE award_lines SET status = $1, county_confirmed_on = $2, "
			      "approved_on = $3, city_paid_on = $4, city_voucher = $5, "
			      "county_paid_on = $6, county_voucher = $7, reason = $8, updated_at = "
			      "$9 WHERE id = $10",
			      &st, e);
	if (rc)
		return rc;
	store_bind_text(st, 1, status_names[w->status], STORE_NTS);
	ledger_bind_date(st, 2, w->county_confirmed_on);
	ledger_bind_date(st, 3, w->approved_on);
	ledger_bind_date(st, 4, w->city_paid_on);
	store_bind_text(st, 5, w->city_voucher, STORE_NTS);
	ledger_bind_date(st, 6, w->county_paid_on);
	store_bind_text(st, 7, w->county_voucher, STORE_NTS);
	store_bind_text(st, 8, w->reason, STORE_NTS);
	store_bind_text(st, 9, ledger_now(now), STORE_NTS);
	store_bind_int(st, 10, w->id);
	rc = store_run(st, e);
	store_finish(st);
	return rc;
}

/* ---- the run ----------------------------------------------------------------------------- */

struct cand {
	int64_t eid;
	char uscc[19];
	const char *name, *area, *event_kind, *event_key, *tier, *batch;
	int64_t event_id, band;
	int32_t event_on, registered_on;
	int earlier;
};

#define BAND_RD                                                                                    \
	"(SELECT CASE WHEN i.rd_total IS NOT NULL THEN i.rd_total WHEN coalesce(i.rd_personnel, "  \
	"i.rd_direct, i.rd_depreciation, i.rd_amortization, i.rd_design, i.rd_trials, "            \
	"i.rd_other, i.rd_entrusted_domestic, i.rd_entrusted_overseas) IS NULL THEN NULL ELSE "    \
	"ifnull(i.rd_personnel, 0) + ifnull(i.rd_direct, 0) + ifnull(i.rd_depreciation, 0) + "     \
	"ifnull(i.rd_amortization, 0) + ifnull(i.rd_design, 0) + ifnull(i.rd_trials, 0) + "        \
	"ifnull(i.rd_other, 0) + ifnull(i.rd_entrusted_domestic, 0) + "                            \
	"ifnull(i.rd_entrusted_overseas, 0) END FROM indicators i WHERE i.enterprise_id = t.id "   \
	"AND i.year = $1 - 1)"
#define BAND_REVENUE                                                                               \
	"(SELECT coalesce(i.gross_income, i.sales_main + ifnull(i.sales_other, 0)) FROM "          \
	"indicators i WHERE i.enterprise_id = t.id AND i.year = $1 - 1)"

static int candidates(struct ledger *l, const struct award_policy *p, struct arena *a,
		      struct cand **items, size_t *n, struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	size_t cap = 0;
	*items = NULL;
	*n = 0;
	if (p->kind == AWARD_OTHER)
		return 0;
	strbuf_init(&sql, 8192);
	strbuf_adds(&sql, "SELECT t.id, t.uscc, t.name, t.area, t.tier, t.registered_on, ");
	strbuf_adds(&sql, p->band == AWARD_BAND_RD	  ? BAND_RD
			  : p->band == AWARD_BAND_REVENUE ? BAND_REVENUE
							  : "NULL");
	switch (p->kind) {
	case AWARD_FIRST_RECOGNITION:
	case AWARD_RE_RECOGNITION:
		strbuf_adds(&sql,
			    ", 'application', a.id, a.cert_no, a.cert_on, EXISTS (SELECT 1 FROM "
			    "applications a2 JOIN batches b2 ON b2.id = a2.batch_id WHERE "
			    "a2.enterprise_id = t.id AND a2.stage = 'recognised' AND b2.year < "
			    "b.year), b.name FROM applications a JOIN batches b ON b.id = "
			    "a.batch_id JOIN enterprises t ON t.id = a.enterprise_id WHERE a.stage "
			    "= 'recognised' AND a.cert_no IS NOT NULL AND b.year = $1");
		break;
	case AWARD_TSME_REGISTRATION:
		strbuf_adds(&sql,
			    ", 'tsme', r.id, r.reg_no, r.registered_on, 0, NULL FROM "
			    "tsme_registrations r JOIN enterprises t ON t.id = r.enterprise_id "
			    "WHERE r.year = $1 AND r.status = 'registered'");
		break;
	case AWARD_RELOCATION:
		strbuf_adds(&sql,
			    ", 'enterprise', t.id, t.hnte_cert_no, t.hnte_issued_on, 0, NULL "
			    "FROM enterprises t WHERE t.tier IN ('hnte', 'leader') AND "
			    "t.hnte_cert_no IS NOT NULL AND ',' || replace(t.tags, '，', ',') "
			    "|| ',' LIKE '%,迁入,%'");
		break;
	default: /* leader */
		strbuf_adds(&sql,
			    ", 'enterprise', t.id, coalesce(t.hnte_cert_no, t.uscc), NULL, 0, "
			    "NULL FROM enterprises t WHERE t.tier = 'leader'");
		break;
	}
	strbuf_adds(&sql, " ORDER BY t.name, t.id");
	int rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	strbuf_cleanup(&sql);
	if (rc)
		return rc;
	store_bind_int(st, 1, p->year);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		*items = ledger_grow(a, *items, *n, &cap, sizeof **items, 16);
		struct cand *c = &(*items)[(*n)++];
		c->eid = store_column_int(st, 0);
		ledger_column_copy(st, 1, c->uscc, sizeof c->uscc);
		c->name = ledger_column_str(st, 2, a);
		c->area = ledger_column_str(st, 3, a);
		c->tier = ledger_column_str(st, 4, a);
		c->registered_on = ledger_column_date(st, 5);
		c->band = store_column_int_or(st, 6, LEDGER_NONE);
		c->event_kind = ledger_column_str(st, 7, a);
		c->event_id = store_column_int(st, 8);
		c->event_key = ledger_column_str(st, 9, a);
		c->event_on = ledger_column_date(st, 10);
		c->earlier = (int)store_column_int(st, 11);
		c->batch = ledger_column_str(st, 12, a);
	}
	store_finish(st);
	return rc < 0 ? rc : 0;
}

/* Another line of P's kind for the event (another policy, not rejected): its policy's name. */
static int paid_elsewhere(struct ledger *l, const struct award_policy *p, const struct cand *c,
			  struct arena *a, const char **who, struct err *e)
{
	struct store_stmt *st = NULL;
	*who = NULL;
	int rc = store_prepare(l->db,
			       "SELECT p.year || '年《' || p.name || '》' FROM award_lines w JOIN "
			       "award_policies p ON p.id = w.policy_id WHERE w.event_kind = $1 AND "
			       "w.event_id = $2 AND w.policy_kind = $3 AND w.policy_id <> $4 AND "
			       "w.status <> 'rejected' LIMIT 1",
			       &st, e);
	if (rc)
		return rc;
	store_bind_text(st, 1, c->event_kind, STORE_NTS);
	store_bind_int(st, 2, c->event_id);
	store_bind_text(st, 3, award_kind_name(p->kind), STORE_NTS);
	store_bind_int(st, 4, p->id);
	rc = store_step(st, e);
	if (rc == STORE_ROW)
		*who = ledger_column_str(st, 0, a);
	store_finish(st);
	return rc < 0 ? rc : 0;
}

static const char *wan(struct arena *a, int64_t fen)
{
	struct strbuf sb;
	strbuf_init(&sb, 64);
	money_format_wan(&sb, fen, MONEY_GROUP);
	const char *s = arena_strdup(a, strbuf_cstr(&sb));
	strbuf_cleanup(&sb);
	return s;
}

static const char *basis_of(const struct award_policy *p, const struct cand *c, struct arena *a)
{
	char day[11] = "";
	if (c->event_on != LEDGER_NO_DATE)
		date_format(c->event_on, day);
	const char *ev;
	if (!strcmp(c->event_kind, "application"))
		ev = arena_printf(a, "%lld年%s认定，证书编号%s%s%s%s", (long long)p->year,
				  c->batch ? c->batch : "", c->event_key, day[0] ? "（" : "", day,
				  day[0] ? "）" : "");
	else if (!strcmp(c->event_kind, "tsme"))
		ev = arena_printf(a, "%lld年科技型中小企业入库，编号%s", (long long)p->year,
				  c->event_key);
	else if (p->kind == AWARD_RELOCATION)
		ev = arena_printf(a, "整体迁入的高新技术企业，证书编号%s", c->event_key);
	else
		ev = arena_printf(a, "领军企业（%s）", c->event_key);
	if (p->band == AWARD_BAND_NONE)
		return ev;
	return arena_printf(a, "%s；%lld年%s%s万元", ev, (long long)p->year - 1,
			    p->band == AWARD_BAND_RD ? "研发费用" : "营业收入", wan(a, c->band));
}

struct claim {
	enum award_kind kind;
	const char *event_kind;
	int64_t event_id;
};

static int claimed(const struct claim *cl, size_t n, enum award_kind k, const struct cand *c)
{
	for (size_t i = 0; i < n; i++)
		if (cl[i].kind == k && cl[i].event_id == c->event_id &&
		    !strcmp(cl[i].event_kind, c->event_kind))
			return 1;
	return 0;
}

static struct award_diff *diff_add(struct arena *a, struct award_run *out, size_t *cap,
				   enum award_change ch)
{
	out->items = ledger_grow(a, out->items, out->n, cap, sizeof *out->items, 16);
	struct award_diff *d = &out->items[out->n++];
	memset(d, 0, sizeof *d);
	d->change = ch;
	d->old_amount = LEDGER_NONE;
	return d;
}

int award_run(struct ledger *l, int64_t year, int apply, struct arena *arena, struct award_run *out,
	      struct err *e)
{
	struct award_policy *pols = NULL;
	struct award_line *old = NULL;
	struct claim *cl = NULL;
	size_t npol = 0, nold = 0, ncl = 0, clcap = 0, cap = 0;
	struct award_filter f;
	char *matched = NULL;
	int begun = 0;
	memset(out, 0, sizeof *out);
	int rc = perm_check(&l->scope, CAP_AWARDS_MANAGE, "无权核算奖补资金", e);
	if (!rc && (year < 2000 || year > 2100))
		rc = err_set(e, ERR_INVALID, "year", "核算年度无效（2000–2100）");
	if (!rc && apply) {
		rc = ledger_write_begin(l, e);
		begun = !rc;
	}
	if (!rc)
		rc = award_policy_list(l, year, arena, &pols, &npol, e);
	award_filter_init(&f);
	f.year = year;
	if (!rc)
		rc = lines_query(l, &f, 0, arena, &old, &nold, e);
	if (rc)
		goto out;
	matched = calloc(nold + 1, 1);
	for (size_t i = 0; i < nold; i++)
		if (old[i].status != AWARD_REJECTED)
			out->amount_before += old[i].amount;
	out->amount_after = out->amount_before;
	for (size_t pi = 0; pi < npol && !rc; pi++) {
		const struct award_policy *p = &pols[pi];
		struct cand *cs = NULL;
		size_t nc = 0;
		if (!p->active)
			continue;
		rc = candidates(l, p, arena, &cs, &nc, e);
		for (size_t ci = 0; ci < nc && !rc; ci++) {
			const struct cand *c = &cs[ci];
			if (p->kind == AWARD_FIRST_RECOGNITION && c->earlier)
				continue; /* a re-recognition */
			if (p->kind == AWARD_RE_RECOGNITION && !c->earlier)
				continue;
			struct award_line w;
			memset(&w, 0, sizeof w);
			w.year = year;
			w.policy_id = p->id;
			w.policy_name = p->name;
			w.doc_no = p->doc_no;
			w.kind = p->kind;
			memcpy(w.uscc, c->uscc, sizeof w.uscc);
			w.name = c->name;
			w.area = c->area;
			w.event_kind = c->event_kind;
			w.event_id = c->event_id;
			w.event_key = c->event_key;
			w.event_on = c->event_on;
			w.county_confirmed_on = w.approved_on = w.city_paid_on = w.county_paid_on =
				LEDGER_NO_DATE;
			const char *why = NULL, *other = NULL;
			int64_t amount = award_policy_amount(p, c->band);
			if (!strcmp(c->tier, "exited"))
				why = "企业已退出培育库";
			else if (c->registered_on != LEDGER_NO_DATE &&
				 c->event_on != LEDGER_NO_DATE && c->registered_on > c->event_on)
				why = "事件发生时企业尚未在本地注册";
			else if (amount < 0 && c->band == LEDGER_NONE)
				why = arena_printf(arena, "缺少%lld年度%s数据", (long long)year - 1,
						   p->band == AWARD_BAND_RD ? "研发费用"
									    : "营业收入");
			else if (amount < 0)
				why = "未达到最低档";
			else if (claimed(cl, ncl, p->kind, c))
				why = "本次核算已按同类政策计奖，不重复";
			if (!why) {
				rc = paid_elsewhere(l, p, c, arena, &other, e);
				if (!rc && other)
					why = arena_printf(arena, "已按%s计奖，不重复", other);
			}
			if (rc)
				break;
			if (why) {
				struct award_diff *d = diff_add(arena, out, &cap, AWARD_SKIP);
				w.basis = basis_of(p, c, arena);
				d->line = w;
				d->why = why;
				out->skipped++;
				continue;
			}
			cl = ledger_grow(arena, cl, ncl, &clcap, sizeof *cl, 16);
			cl[ncl].kind = p->kind;
			cl[ncl].event_kind = c->event_kind;
			cl[ncl++].event_id = c->event_id;
			w.amount = amount;
			award_policy_split(p, c->area, amount, &w.city_part, &w.county_part);
			w.basis = basis_of(p, c, arena);
			size_t k = 0;
			while (k < nold &&
			       !(old[k].policy_id == p->id && old[k].event_id == c->event_id &&
				 !strcmp(old[k].event_kind, c->event_kind)))
				k++;
			if (k == nold) {
				struct award_diff *d = diff_add(arena, out, &cap, AWARD_ADD);
				out->added++;
				out->amount_after += amount;
				if (apply) {
					rc = line_put(l, &w, c->eid, e);
					if (!rc)
						rc = line_audit(l, "create", NULL, &w, e);
				}
				d->line = w;
				continue;
			}
			matched[k] = 1;
			const struct award_line *o = &old[k];
			int same = o->amount == w.amount && o->city_part == w.city_part &&
				   o->county_part == w.county_part && !strcmp(o->area, w.area) &&
				   !strcmp(o->basis, w.basis) && !strcmp(o->event_key, w.event_key);
			if (same || o->status == AWARD_REJECTED) {
				out->unchanged++;
				continue;
			}
			if (o->status != AWARD_COMPUTED) {
				if (o->amount == w.amount) {
					out->unchanged++;
					continue;
				}
				struct award_diff *d = diff_add(arena, out, &cap, AWARD_LOCKED);
				d->line = *o;
				d->old_amount = o->amount;
				d->why = arena_printf(
					arena, "已%s，按现行政策应为%s万元，请人工处理",
					award_status_label(o->status), wan(arena, w.amount));
				out->locked++;
				continue;
			}
			struct award_diff *d = diff_add(arena, out, &cap, AWARD_CHANGE);
			d->old_amount = o->amount;
			out->changed++;
			out->amount_after += w.amount - o->amount;
			w.id = o->id;
			w.status = o->status;
			w.county_confirmed_on = o->county_confirmed_on;
			if (apply) {
				rc = line_put(l, &w, 0, e);
				if (!rc)
					rc = line_audit(l, "update", o, &w, e);
			}
			d->line = w;
		}
	}
	for (size_t k = 0; k < nold && !rc; k++) {
		const struct award_line *o = &old[k];
		if (matched[k] || o->status == AWARD_REJECTED)
			continue;
		if (o->status != AWARD_COMPUTED) {
			struct award_diff *d = diff_add(arena, out, &cap, AWARD_LOCKED);
			d->line = *o;
			d->old_amount = o->amount;
			d->why = arena_printf(arena, "已%s，但按现行政策不再符合，请人工处理",
					      award_status_label(o->status));
			out->locked++;
			continue;
		}
		struct award_diff *d = diff_add(arena, out, &cap, AWARD_REMOVE);
		d->line = *o;
		d->old_amount = o->amount;
		out->removed++;
		out->amount_after -= o->amount;
		if (apply) {
			struct store_stmt *st = NULL;
			rc = store_prepare(l->db, "DELETE FROM award_lines WHERE id = $1", &st, e);
			if (rc)
				break;
			store_bind_int(st, 1, o->id);
			rc = store_run(st, e);
			store_finish(st);
			if (!rc)
				rc = line_audit(l, "delete", o, NULL, e);
		}
	}
	out->applied = apply && !rc;
out:
	free(matched);
	if (begun)
		rc = ledger_write_end(l, rc, e);
	return rc;
}

/* ---- workflow ------------------------------------------------------------------------------ */

/* Committed (approved and disbursed) parts of YEAR charged to SOURCE, and its budget. */
static int source_totals(struct ledger *l, int64_t year, const char *source, int64_t *budget,
			 int64_t *committed, struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = store_prepare(
		l->db,
		"SELECT (SELECT amount FROM award_budgets WHERE year = $1 AND source = $2), "
		"(SELECT ifnull(sum(CASE WHEN $2 = 'city' THEN city_part ELSE county_part END), 0) "
		"FROM award_lines WHERE year = $1 AND status IN ('approved', 'disbursed') AND "
		"($2 = 'city' OR area = $2))",
		&st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, year);
	store_bind_text(st, 2, source, STORE_NTS);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		*budget = store_column_int_or(st, 0, LEDGER_NONE);
		*committed = store_column_int(st, 1);
		rc = 0;
	}
	store_finish(st);
	return rc;
}

static int budget_room(struct ledger *l, int64_t year, const char *source, const char *label,
		       int64_t part, struct err *e)
{
	int64_t budget = LEDGER_NONE, committed = 0;
	char b1[32], b2[32], b3[32];
	int rc = source_totals(l, year, source, &budget, &committed, e);
	if (rc || budget == LEDGER_NONE || !part || committed + part <= budget)
		return rc;
	return err_set(e, ERR_CONFLICT, "budget", "超出%s预算：预算%s元，已承诺%s元，本笔%s元",
		       label, money_str(b1, sizeof b1, budget), money_str(b2, sizeof b2, committed),
		       money_str(b3, sizeof b3, part));
}

typedef int (*flow_fn)(struct ledger *l, struct award_line *w, const void *arg, struct err *e);

/* Load line ID in scope, let FN change it, write it and audit it, in one transaction. */
static int flow(struct ledger *l, int64_t id, flow_fn fn, const void *arg, const char *action,
		struct err *e)
{
	struct arena *a = arena_new();
	struct award_line before, after;
	int rc = perm_check(&l->scope, CAP_AWARDS_READ, "无权查看奖补资金", e);
	int begun = 0;
	if (!rc)
		rc = ledger_write_begin(l, e);
	if (rc)
		goto out;
	begun = 1;
	rc = line_find(l, id, a, &before, e);
	if (rc)
		goto out;
	after = before;
	rc = fn(l, &after, arg, e);
	if (!rc)
		rc = line_flow(l, &after, e);
	if (!rc)
		rc = line_audit(l, action, &before, &after, e);
out:
	if (begun)
		rc = ledger_write_end(l, rc, e);
	arena_free(a);
	return rc;
}

static int32_t day_or_today(int32_t on)
{
	return on == LEDGER_NO_DATE ? date_today() : on;
}

static int do_approve(struct ledger *l, struct award_line *w, const void *arg, struct err *e)
{
	int rc = perm_check(&l->scope, CAP_AWARDS_MANAGE, "只有市级管理人员可以审批奖补", e);
	if (!rc && w->status != AWARD_COMPUTED)
		rc = err_set(e, ERR_INVALID, "status", "只有已核算的记录可以审批（当前：%s）",
			     award_status_label(w->status));
	if (!rc)
		rc = budget_room(l, w->year, "city", "市级", w->city_part, e);
	if (!rc)
		rc = budget_room(l, w->year, w->area, "区县", w->county_part, e);
	if (rc)
		return rc;
	w->status = AWARD_APPROVED;
	w->approved_on = day_or_today(*(const int32_t *)arg);
	return 0;
}

int award_approve(struct ledger *l, int64_t id, int32_t on, struct err *e)
{
	return flow(l, id, do_approve, &on, "approve", e);
}

static int do_reject(struct ledger *l, struct award_line *w, const void *arg, struct err *e)
{
	const char *reason = arg;
	int rc = perm_check(&l->scope, CAP_AWARDS_MANAGE, "只有市级管理人员可以退回奖补", e);
	if (rc)
		return rc;
	if (!reason || !reason[0])
		return err_set(e, ERR_INVALID, "reason", "请填写退回原因");
	if (strlen(reason) > 500)
		return err_set(e, ERR_INVALID, "reason", "退回原因过长（最多500字节）");
	rc = ledger_text_check(reason, "reason", "退回原因", e);
	if (rc)
		return rc;
	if (w->status != AWARD_COMPUTED && w->status != AWARD_APPROVED)
		return err_set(e, ERR_INVALID, "status", "%s的记录不能退回",
			       award_status_label(w->status));
	if (w->city_paid_on != LEDGER_NO_DATE || w->county_paid_on != LEDGER_NO_DATE)
		return err_set(e, ERR_INVALID, "status", "已部分拨付的记录不能退回");
	w->status = AWARD_REJECTED;
	w->reason = reason;
	return 0;
}

int award_reject(struct ledger *l, int64_t id, const char *reason, struct err *e)
{
	return flow(l, id, do_reject, reason, "reject", e);
}

static int may_county(struct ledger *l, struct err *e)
{
	if (perm_may(&l->scope, CAP_AWARDS_MANAGE))
		return 0;
	return perm_check(&l->scope, CAP_AWARDS_CONFIRM, "无权确认区县分担部分", e);
}

static int do_confirm(struct ledger *l, struct award_line *w, const void *arg, struct err *e)
{
	int rc = may_county(l, e);
	if (rc)
		return rc;
	if (w->status != AWARD_COMPUTED && w->status != AWARD_APPROVED)
		return err_set(e, ERR_INVALID, "status", "%s的记录不能确认",
			       award_status_label(w->status));
	w->county_confirmed_on = day_or_today(*(const int32_t *)arg);
	return 0;
}

int award_confirm(struct ledger *l, int64_t id, int32_t on, struct err *e)
{
	return flow(l, id, do_confirm, &on, "confirm", e);
}

struct pay {
	enum award_part part;
	int32_t on;
	const char *voucher;
};

static int do_pay(struct ledger *l, struct award_line *w, const void *arg, struct err *e)
{
	const struct pay *p = arg;
	int rc = p->part == AWARD_PART_CITY ? perm_check(&l->scope, CAP_AWARDS_MANAGE,
							 "只有市级管理人员可以拨付市级部分", e)
					    : may_county(l, e);
	if (rc)
		return rc;
	if (w->status != AWARD_APPROVED)
		return err_set(e, ERR_INVALID, "status", "只有已审批的记录可以拨付（当前：%s）",
			       award_status_label(w->status));
	if (!p->voucher || !p->voucher[0])
		return err_set(e, ERR_INVALID, "voucher", "请填写凭证号");
	if (strlen(p->voucher) > 100)
		return err_set(e, ERR_INVALID, "voucher", "凭证号过长（最多100字节）");
	rc = ledger_text_check(p->voucher, "voucher", "凭证号", e);
	if (rc)
		return rc;
	int32_t on = day_or_today(p->on);
	if (w->approved_on != LEDGER_NO_DATE && on < w->approved_on)
		return err_set(e, ERR_INVALID, "paid_on", "拨付日期不能早于审批日期");
	if (p->part == AWARD_PART_CITY) {
		if (!w->city_part)
			return err_set(e, ERR_INVALID, "part", "该记录没有市级分担部分");
		if (w->city_paid_on != LEDGER_NO_DATE)
			return err_set(e, ERR_INVALID, "part", "市级部分已拨付");
		w->city_paid_on = on;
		w->city_voucher = p->voucher;
	} else {
		if (!w->county_part)
			return err_set(e, ERR_INVALID, "part", "该记录没有区县分担部分");
		if (w->county_paid_on != LEDGER_NO_DATE)
			return err_set(e, ERR_INVALID, "part", "区县部分已拨付");
		w->county_paid_on = on;
		w->county_voucher = p->voucher;
	}
	if ((!w->city_part || w->city_paid_on != LEDGER_NO_DATE) &&
	    (!w->county_part || w->county_paid_on != LEDGER_NO_DATE))
		w->status = AWARD_DISBURSED;
	return 0;
}

int award_disburse(struct ledger *l, int64_t id, enum award_part part, int32_t on,
		   const char *voucher, struct err *e)
{
	struct pay p = {part, on, voucher};
	return flow(l, id, do_pay, &p, "disburse", e);
}

/* ---- budgets ------------------------------------------------------------------------------- */

int award_budget_save(struct ledger *l, int64_t year, const char *source, int64_t amount,
		      const char *note, struct err *e)
{
	struct store_stmt *st = NULL;
	struct ledger_jobj o;
	char now[21], key[48];
	char *before = NULL, *after = NULL;
	int begun = 0;
	int rc = perm_check(&l->scope, CAP_AWARDS_MANAGE, "无权维护奖补预算", e);
	if (!rc && (year < 2000 || year > 2100))
		rc = err_set(e, ERR_INVALID, "year", "预算年度无效（2000–2100）");
	if (!rc && (amount < 0 || amount > 100 * AWARD_AMOUNT_MAX))
		rc = err_set(e, ERR_INVALID, "amount", "预算金额无效");
	if (!rc && note && strlen(note) > 500)
		rc = err_set(e, ERR_INVALID, "note", "备注过长（最多500字节）");
	if (!rc)
		rc = ledger_text_check(note, "note", "备注", e);
	if (!rc && (!source || !source[0]))
		rc = err_set(e, ERR_INVALID, "source", "请指定预算来源（市级或区县）");
	if (!rc)
		rc = ledger_write_begin(l, e);
	if (rc)
		return rc;
	begun = 1;
	if (strcmp(source, "city")) {
		rc = store_prepare(l->db, "SELECT 1 FROM areas WHERE code = $1", &st, e);
		if (rc)
			goto out;
		store_bind_text(st, 1, source, STORE_NTS);
		rc = store_step(st, e);
		store_finish(st);
		st = NULL;
		if (rc == STORE_DONE)
			rc = err_set(e, ERR_INVALID, "source", "未知预算来源：%s", source);
		if (rc < 0)
			goto out;
		rc = 0;
	}
	rc = store_prepare(l->db,
			   "SELECT amount, note FROM award_budgets WHERE year = $1 AND source = $2",
			   &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, year);
	store_bind_text(st, 2, source, STORE_NTS);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		ledger_jobj_init(&o);
		ledger_jobj_int(&o, "amount", store_column_int(st, 0));
		ledger_jobj_str(&o, "note", store_column_text(st, 1, NULL));
		before = ledger_jobj_take(&o);
	}
	store_finish(st);
	st = NULL;
	if (rc < 0)
		goto out;
	ledger_jobj_init(&o);
	ledger_jobj_int(&o, "amount", amount);
	ledger_jobj_str(&o, "note", note && note[0] ? note : NULL);
	after = ledger_jobj_take(&o);
	rc = 0;
	if (before && !strcmp(before, after))
		goto out;
	rc = store_prepare(l->db,
			   "INSERT INTO award_budgets (year, source, amount, note, created_at, "
			   "updated_at) VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (year, source) "
			   "DO UPDATE SET amount = $3, note = $4, updated_at = $5",
			   &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, year);
	store_bind_text(st, 2, source, STORE_NTS);
	store_bind_int(st, 3, amount);
	store_bind_text(st, 4, note && note[0] ? note : NULL, STORE_NTS);
	store_bind_text(st, 5, ledger_now(now), STORE_NTS);
	rc = store_run(st, e);
	store_finish(st);
	snprintf(key, sizeof key, "%lld/%s", (long long)year, source);
	if (!rc)
		rc = audit_record(l, before ? "update" : "create", "award_budgets", key, before,
				  after, e);
out:
	if (begun)
		rc = ledger_write_end(l, rc, e);
	free(before);
	free(after);
	return rc;
}

#define PART "(CASE WHEN s.source = 'city' THEN w.city_part ELSE w.county_part END)"

int award_budgets(struct ledger *l, int64_t year, struct arena *arena, struct award_budget **items,
		  size_t *n, struct err *e)
{
	struct store_stmt *st = NULL;
	size_t cap = 0;
	*items = NULL;
	*n = 0;
	int rc = perm_check(&l->scope, CAP_AWARDS_READ, "无权查看奖补预算", e);
	if (rc)
		return rc;
	int by_area = l->scope.role == ROLE_COUNTY || l->scope.role == ROLE_VIEWER;
	rc = store_prepare(
		l->db,
		"WITH src(source) AS (SELECT 'city' UNION SELECT source FROM award_budgets WHERE "
		"year = $1 UNION SELECT area FROM award_lines WHERE year = $1) "
		"SELECT s.source, b.amount, b.note, "
		"(SELECT ifnull(sum(" PART "), 0) FROM award_lines w WHERE w.year = $1 AND "
		"w.status = 'computed' AND (s.source = 'city' OR w.area = s.source)), "
		"(SELECT ifnull(sum(" PART "), 0) FROM award_lines w WHERE w.year = $1 AND "
		"w.status IN ('approved', 'disbursed') AND (s.source = 'city' OR w.area = "
		"s.source)), "
		"(SELECT ifnull(sum(CASE WHEN s.source = 'city' THEN (CASE WHEN w.city_paid_on IS "
		"NOT NULL THEN w.city_part ELSE 0 END) ELSE (CASE WHEN w.county_paid_on IS NOT "
		"NULL "
		"THEN w.county_part ELSE 0 END) END), 0) FROM award_lines w WHERE w.year = $1 AND "
		"(s.source = 'city' OR w.area = s.source)) "
		"FROM src s LEFT JOIN award_budgets b ON b.year = $1 AND b.source = s.source "
		"WHERE $2 = 0 OR s.source IN (SELECT area FROM user_areas WHERE user_id = $3) "
		"ORDER BY s.source <> 'city', s.source",
		&st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, year);
	store_bind_int(st, 2, by_area);
	store_bind_int(st, 3, l->scope.user_id);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		*items = ledger_grow(arena, *items, *n, &cap, sizeof **items, 8);
		struct award_budget *b = &(*items)[(*n)++];
		b->year = year;
		ledger_column_copy(st, 0, b->source, sizeof b->source);
		b->amount = store_column_int_or(st, 1, LEDGER_NONE);
		b->note = ledger_column_str(st, 2, arena);
		b->pending = store_column_int(st, 3);
		b->committed = store_column_int(st, 4);
		b->paid = store_column_int(st, 5);
		b->over = b->amount != LEDGER_NONE && b->committed + b->pending > b->amount;
	}
	store_finish(st);
	return rc < 0 ? rc : 0;
}
