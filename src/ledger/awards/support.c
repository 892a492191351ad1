/*
 * support — other support records and the tax estimate (see support.h).
 * Owner of the table support_records.
 */
#include "ledger/awards/support.h"
#include "ledger/internal.h"
#include "ledger/base/audit.h"
#include "ledger/base/json.h"
#include "ledger/base/perm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[SUPPORT_KIND_COUNT] = {"credit_loan", "rd_subsidy", "voucher",
							   "tax_benefit", "other"};
static const char *const kind_labels[SUPPORT_KIND_COUNT] = {"科技信贷", "研发费用补助", "创新券",
							    "税收优惠", "其他"};

const char *support_kind_name(enum support_kind k)
{
	return ledger_code_at(kind_names, SUPPORT_KIND_COUNT, (int)k);
}

const char *support_kind_label(enum support_kind k)
{
	return ledger_code_at(kind_labels, SUPPORT_KIND_COUNT, (int)k);
}

int support_kind_parse(const char *s, enum support_kind *out, struct err *e)
{
	int i = ledger_code_find(kind_names, kind_labels, SUPPORT_KIND_COUNT, s);
	if (i < 0)
		return err_set(e, ERR_INVALID, "kind", "未知扶持类别：%s", s ? s : "");
	*out = (enum support_kind)i;
	return 0;
}

static char *image(const struct support_record *r)
{
	struct ledger_jobj o;
	ledger_jobj_init(&o);
	ledger_jobj_str(&o, "kind", support_kind_name(r->kind));
	ledger_jobj_date(&o, "granted_on", r->granted_on);
	ledger_jobj_int(&o, "amount", r->amount);
	ledger_jobj_str(&o, "source", r->source && r->source[0] ? r->source : NULL);
	ledger_jobj_str(&o, "note", r->note && r->note[0] ? r->note : NULL);
	return ledger_jobj_take(&o);
}

static int check(const struct support_record *in, struct err *e)
{
	if ((int)in->kind < 0 || in->kind >= SUPPORT_KIND_COUNT)
		return err_set(e, ERR_INVALID, "kind", "扶持类别无效");
	if (in->granted_on == LEDGER_NO_DATE)
		return err_set(e, ERR_INVALID, "granted_on", "请填写日期");
	if (in->amount < 0 || in->amount > 100000000000000LL)
		return err_set(e, ERR_INVALID, "amount", "金额无效");
	if (in->source && strlen(in->source) > 200)
		return err_set(e, ERR_INVALID, "source", "来源过长（最多200字节）");
	if (in->note && strlen(in->note) > 1000)
		return err_set(e, ERR_INVALID, "note", "备注过长（最多1000字节）");
	int rc = ledger_text_check(in->source, "source", "来源", e);
	return rc ? rc : ledger_text_check(in->note, "note", "备注", e);
}

/* The stored record ID of enterprise EID as its image (NULL when absent: ERR_NOT_FOUND). */
static int find(struct ledger *l, int64_t eid, int64_t id, char **img, struct err *e)
{
	struct store_stmt *st = NULL;
	struct support_record r;
	*img = NULL;
	int rc = store_prepare(l->db,
			       "SELECT kind, granted_on, amount, source, note FROM support_records "
			       "WHERE id = $1 AND enterprise_id = $2",
			       &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, id);
	store_bind_int(st, 2, eid);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		int k = ledger_code_find(kind_names, NULL, SUPPORT_KIND_COUNT,
					 store_column_text(st, 0, NULL));
		r.kind = k < 0 ? SUPPORT_OTHER : (enum support_kind)k;
		r.granted_on = ledger_column_date(st, 1);
		r.amount = store_column_int(st, 2);
		r.source = store_column_text(st, 3, NULL);
		r.note = store_column_text(st, 4, NULL);
		*img = image(&r);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = err_set(e, ERR_NOT_FOUND, "id", "扶持记录不存在");
	}
	store_finish(st);
	return rc;
}

int support_save(struct ledger *l, const char *uscc, const struct support_record *in, int64_t *id,
		 struct err *e)
{
	struct store_stmt *st = NULL;
	char now[21], key[48];
	char *before = NULL, *after = NULL;
	int64_t eid = 0, rid = in->id;
	int begun = 0;
	int rc = ledger_write_begin(l, e);
	if (rc)
		return rc;
	begun = 1;
	rc = ledger_enterprise_id(l, uscc, &eid, e);
	if (!rc)
		rc = perm_check(&l->scope, CAP_SUPPORT_WRITE, "无权登记扶持情况", e);
	if (!rc)
		rc = check(in, e);
	if (!rc && rid)
		rc = find(l, eid, rid, &before, e);
	if (rc)
		goto out;
	after = image(in);
	if (before && !strcmp(before, after))
		goto out;
	rc = store_prepare(
		l->db,
		rid ? "UPDATE support_records SET kind = $2, granted_on = $3, amount = "
		      "$4, source = $5, note = $6, updated_at = $7 WHERE id = $8 "
		      "RETURNING id"
		    : "INSERT INTO support_records (enterprise_id, kind, granted_on, "
		      "amount, source, note, created_at, updated_at) VALUES ($1, $2, $3, "
		      "$4, $5, $6, $7, $7) RETURNING id",
		&st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, eid);
	store_bind_text(st, 2, kind_names[in->kind], STORE_NTS);
	ledger_bind_date(st, 3, in->granted_on);
	store_bind_int(st, 4, in->amount);
	store_bind_text(st, 5, in->source ? in->source : "", STORE_NTS);
	store_bind_text(st, 6, in->note && in->note[0] ? in->note : NULL, STORE_NTS);
	store_bind_text(st, 7, ledger_now(now), STORE_NTS);
	store_bind_int(st, 8, rid);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		rid = store_column_int(st, 0);
		rc = 0;
	}
	store_finish(st);
	ledger_row_key(uscc, rid, key);
	if (!rc)
		rc = audit_record(l, before ? "update" : "create", "support_records", key, before,
				  after, e);
out:
	if (begun)
		rc = ledger_write_end(l, rc, e);
	if (!rc && id)
		*id = rid;
	free(before);
	free(after);
	return rc;
}

int support_delete(struct ledger *l, const char *uscc, int64_t id, struct err *e)
{
	struct store_stmt *st = NULL;
	char key[48];
	char *before = NULL;
	int64_t eid = 0;
	int rc = ledger_write_begin(l, e);
	if (rc)
		return rc;
	rc = ledger_enterprise_id(l, uscc, &eid, e);
	if (!rc)
		rc = perm_check(&l->scope, CAP_SUPPORT_WRITE, "无权登记扶持情况", e);
	if (!rc)
		rc = find(l, eid, id, &before, e);
	if (!rc)
		rc = store_prepare(l->db, "DELETE FROM support_records WHERE id = $1", &st, e);
	if (!rc) {
		store_bind_int(st, 1, id);
		rc = store_run(st, e);
		store_finish(st);
	}
	ledger_row_key(uscc, id, key);
	if (!rc)
		rc = audit_record(l, "delete", "support_records", key, before, NULL, e);
	rc = ledger_write_end(l, rc, e);
	free(before);
	return rc;
}

int support_list(struct ledger *l, const char *uscc, struct arena *arena,
		 struct support_record **items, size_t *n, struct err *e)
{
	struct store_stmt *st = NULL;
	int64_t eid = 0;
	size_t cap = 0;
	*items = NULL;
	*n = 0;
	int rc = ledger_enterprise_id(l, uscc, &eid, e);
	if (!rc)
		rc = perm_check(&l->scope, CAP_AWARDS_READ, "无权查看扶持情况", e);
	if (!rc)
		rc = store_prepare(l->db,
				   "SELECT id, kind, granted_on, amount, source, note, created_at "
				   "FROM support_records WHERE enterprise_id = $1 ORDER BY "
				   "granted_on DESC, id DESC",
				   &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, eid);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		*items = ledger_grow(arena, *items, *n, &cap, sizeof **items, 8);
		struct support_record *r = &(*items)[(*n)++];
		r->id = store_column_int(st, 0);
		int k = ledger_code_find(kind_names, NULL, SUPPORT_KIND_COUNT,
					 store_column_text(st, 1, NULL));
		r->kind = k < 0 ? SUPPORT_OTHER : (enum support_kind)k;
		r->granted_on = ledger_column_date(st, 2);
		r->amount = store_column_int(st, 3);
		r->source = ledger_column_str(st, 4, arena);
		r->note = ledger_column_str(st, 5, arena);
		ledger_column_copy(st, 6, r->created_at, sizeof r->created_at);
	}
	store_finish(st);
	return rc < 0 ? rc : 0;
}

/* The R&D super-deduction (研发费用加计扣除) by fiscal year, as data: from FROM on, BP. */
static const struct {
	int64_t from, bp;
} deduction_rates[] = {
	{2018, 7500},  /* 财税〔2018〕99号: 75 % */
	{2023, 10000}, /* 财政部 税务总局公告2023年第7号: 100 % */
};

int64_t support_deduction_bp(int64_t year)
{
	int64_t bp = 5000; /* before 2018: 50 % */
	for (size_t i = 0; i < sizeof deduction_rates / sizeof deduction_rates[0]; i++)
		if (year >= deduction_rates[i].from)
			bp = deduction_rates[i].bp;
	return bp;
}

/* X × BP / 10000 rounded half up (X ≥ 0, X ≤ 10^14: no overflow). */
static int64_t share(int64_t x, int64_t bp)
{
	return (x * bp + 5000) / 10000;
}

void support_tax_estimate(int64_t year, int64_t taxable, int64_t rd, struct tax_estimate *out)
{
	memset(out, 0, sizeof *out);
	out->taxable = taxable < 0 ? 0 : taxable;
	out->rd = rd < 0 ? 0 : rd;
	out->deduction_bp = support_deduction_bp(year);
	out->deduction = out->rd * out->deduction_bp / 10000;
	int64_t base = out->taxable - out->deduction;
	if (base < 0)
		base = 0;
	out->tax_standard = share(out->taxable, 2500);
	out->tax_hnte = share(base, 1500);
	out->saving_rate = share(base, 2500) - out->tax_hnte;
	out->saving = out->tax_standard - out->tax_hnte;
}
