/*
 * indicator — annual indicators: validation, upsert with audit, lock.
 *
 * The numeric columns are described once in a table (name, struct offset,
 * kind) from which the SQL, the binding, the reading and the audit JSON are
 * all derived, so that a column cannot be forgotten in one of them.
 */
#include "ledger/records/indicator.h"
#include "ledger/records/indicator.h"
#include "ledger/internal.h"
#include "ledger/base/seedrow.h"
#include "ledger/base/perm.h"

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "core/strbuf.h"
#include "ledger/base/audit.h"
#include "ledger/base/json.h"

enum kind { K_COUNT, K_MONEY, K_NUMBER };

struct col {
	const char *name;
	size_t off;
	enum kind kind;
	const char *label;
};

#define C(f, k, l)                                                                                 \
	{                                                                                          \
#f, offsetof(struct indicator, f), k, l                                            \
	}
static const struct col cols[] = {
	C(staff, K_COUNT, "职工总数"),
	C(st_staff, K_COUNT, "科技人员数"),
	C(sales_main, K_MONEY, "主营业务收入"),
	C(sales_other, K_MONEY, "其他业务收入"),
	C(gross_income, K_MONEY, "收入总额"),
	C(non_taxable_income, K_MONEY, "不征税收入"),
	C(hitech_income, K_MONEY, "高新技术产品（服务）收入"),
	C(rd_personnel, K_MONEY, "研发人员人工费用"),
	C(rd_direct, K_MONEY, "研发直接投入费用"),
	C(rd_depreciation, K_MONEY, "研发折旧费用"),
	C(rd_amortization, K_MONEY, "研发无形资产摊销费用"),
	C(rd_design, K_MONEY, "新产品设计费用"),
	C(rd_trials, K_MONEY, "研发试制与试验费用"),
	C(rd_other, K_MONEY, "其他研发相关费用"),
	C(rd_entrusted_domestic, K_MONEY, "委托境内研发费用"),
	C(rd_entrusted_overseas, K_MONEY, "委托境外研发费用"),
	C(rd_total, K_MONEY, "研发费用总额"),
	C(rd_domestic, K_MONEY, "境内研发费用"),
	C(total_assets, K_MONEY, "资产总额"),
	C(total_liabilities, K_MONEY, "负债总额"),
	C(cost_expense_total, K_MONEY, "成本费用总额"),
	C(conversions, K_NUMBER, "科技成果转化数"),
};
#undef C
#define NCOLS (sizeof cols / sizeof cols[0])
#define FIRST_CAT 7 /* rd_personnel */
#define LAST_CAT 15 /* rd_entrusted_overseas */

static int64_t *val(struct indicator *in, size_t i)
{
	return (int64_t *)((char *)in + cols[i].off);
}

static int64_t cval(const struct indicator *in, size_t i)
{
	return *(const int64_t *)((const char *)in + cols[i].off);
}

/* ---- SQL built once from the table ------------------------------------------------ */

static char sql_select[2048], sql_insert[2048], sql_update[2048];
static pthread_once_t sql_once = PTHREAD_ONCE_INIT;

static void build_sql(void)
{
	struct strbuf a, b, c;
	strbuf_init(&a, sizeof sql_select - 1);
	strbuf_init(&b, sizeof sql_insert - 1);
	strbuf_init(&c, sizeof sql_update - 1);
	/* Parameters: $1 enterprise id, $2 year, $3.. the columns, then incident, time. */
	strbuf_adds(&a, "SELECT year");
	strbuf_adds(&b, "INSERT INTO indicators (enterprise_id, year");
	strbuf_adds(&c, "UPDATE indicators SET ");
	for (size_t i = 0; i < NCOLS; i++) {
		strbuf_addf(&a, ", %s", cols[i].name);
		strbuf_addf(&b, ", %s", cols[i].name);
		strbuf_addf(&c, "%s = $%zu, ", cols[i].name, i + 3);
	}
	strbuf_adds(&a, ", incident, locked, locked_by, locked_at, created_at, updated_at "
			"FROM indicators WHERE enterprise_id = $1");
	strbuf_adds(&b, ", incident, created_at, updated_at) VALUES ($1, $2");
	for (size_t i = 0; i < NCOLS; i++)
		strbuf_addf(&b, ", $%zu", i + 3);
	strbuf_addf(&b, ", $%zu, $%zu, $%zu)", NCOLS + 3, NCOLS + 4, NCOLS + 4);
	strbuf_addf(&c, "incident = $%zu, updated_at = $%zu WHERE enterprise_id = $1 AND year = $2",
		    NCOLS + 3, NCOLS + 4);
	memcpy(sql_select, strbuf_cstr(&a), a.len + 1);
	memcpy(sql_insert, strbuf_cstr(&b), b.len + 1);
	memcpy(sql_update, strbuf_cstr(&c), c.len + 1);
	strbuf_cleanup(&a);
	strbuf_cleanup(&b);
	strbuf_cleanup(&c);
}

/* ---- basics ------------------------------------------------------------------------ */

void indicator_init(struct indicator *in, int64_t year)
{
	memset(in, 0, sizeof *in);
	for (size_t i = 0; i < NCOLS; i++)
		*val(in, i) = LEDGER_NONE;
	in->year = year;
}

int64_t indicator_sales(const struct indicator *in)
{
	if (in->sales_main == LEDGER_NONE && in->sales_other == LEDGER_NONE)
		return LEDGER_NONE;
	return (in->sales_main == LEDGER_NONE ? 0 : in->sales_main) +
	       (in->sales_other == LEDGER_NONE ? 0 : in->sales_other);
}

int indicator_validate(const struct indicator *in, struct err *e)
{
	int cats = 0;
	if (in->year < 1990 || in->year > 2100)
		return err_set(e, ERR_INVALID, "year", "年度无效：%lld（应在1990到2100之间）",
			       (long long)in->year);
	for (size_t i = 0; i < NCOLS; i++) {
		int64_t v = cval(in, i);
		if (v == LEDGER_NONE)
			continue;
		if (v < 0)
			return err_set(e, ERR_INVALID, cols[i].name, "%s不能为负数", cols[i].label);
		if (cols[i].kind == K_MONEY && v > MONEY_MAX_FEN)
			return err_set(e, ERR_INVALID, cols[i].name, "%s超出范围", cols[i].label);
		if (cols[i].kind == K_COUNT && v > 100000000)
			return err_set(e, ERR_INVALID, cols[i].name, "%s超出范围", cols[i].label);
		if (cols[i].kind == K_NUMBER && v > 100000)
			return err_set(e, ERR_INVALID, cols[i].name, "%s超出范围", cols[i].label);
		if (i >= FIRST_CAT && i <= LAST_CAT)
			cats = 1;
	}
	if (in->staff != LEDGER_NONE && in->st_staff != LEDGER_NONE && in->st_staff > in->staff)
		return err_set(e, ERR_INVALID, "st_staff", "科技人员数不能大于职工总数");
	if (cats && (in->rd_total != LEDGER_NONE || in->rd_domestic != LEDGER_NONE))
		return err_set(e, ERR_INVALID, "rd_total",
			       "研发费用总额与分项费用只能填写其一（有分项时总额由分项计算）");
	if (in->rd_domestic != LEDGER_NONE && in->rd_total == LEDGER_NONE)
		return err_set(e, ERR_INVALID, "rd_total",
			       "填写境内研发费用时必须填写研发费用总额");
	if (in->rd_domestic != LEDGER_NONE && in->rd_domestic > in->rd_total)
		return err_set(e, ERR_INVALID, "rd_domestic", "境内研发费用不能大于研发费用总额");
	if (in->gross_income != LEDGER_NONE) {
		if (in->non_taxable_income != LEDGER_NONE &&
		    in->non_taxable_income > in->gross_income)
			return err_set(e, ERR_INVALID, "non_taxable_income",
				       "不征税收入不能大于收入总额");
		if (in->hitech_income != LEDGER_NONE && in->hitech_income > in->gross_income)
			return err_set(e, ERR_INVALID, "hitech_income",
				       "高新技术产品（服务）收入不能大于收入总额");
	}
	if (in->incident < 0 || in->incident > 1)
		return err_set(e, ERR_INVALID, "incident", "重大事故标志只能为0或1");
	return 0;
}

/* ---- rows ------------------------------------------------------------------------- */

static void read_row(struct store_stmt *st, struct arena *arena, struct indicator *o)
{
	indicator_init(o, store_column_int(st, 0));
	for (size_t i = 0; i < NCOLS; i++)
		*val(o, i) = store_column_int_or(st, (int)i + 1, LEDGER_NONE);
	int c = (int)NCOLS + 1;
	o->incident = (int)store_column_int(st, c);
	o->locked = (int)store_column_int(st, c + 1);
	o->locked_by = ledger_column_str(st, c + 2, arena);
	ledger_column_copy(st, c + 3, o->locked_at, sizeof o->locked_at);
	ledger_column_copy(st, c + 4, o->created_at, sizeof o->created_at);
	ledger_column_copy(st, c + 5, o->updated_at, sizeof o->updated_at);
}

/* The members of the row's audit JSON into O; COMPACT leaves out the absent figures. */
static void ind_fill(struct ledger_jobj *o, const struct indicator *in, int compact)
{
	ledger_jobj_init(o);
	o->omit_null = compact;
	ledger_jobj_int(o, "year", in->year);
	for (size_t i = 0; i < NCOLS; i++)
		ledger_jobj_int(o, cols[i].name, cval(in, i));
	ledger_jobj_bool(o, "incident", in->incident);
	ledger_jobj_bool(o, "locked", in->locked);
}

/* The row as audit JSON; COMPACT leaves out the absent figures (an import's creation). */
static char *ind_json(const struct indicator *in, int compact)
{
	struct ledger_jobj o;
	ind_fill(&o, in, compact);
	return ledger_jobj_take(&o);
}

/* Read year YEAR of enterprise ID; *FOUND says whether it exists. */
static int load(struct store *db, int64_t id, int64_t year, struct arena *arena,
		struct indicator *out, int *found, struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	int rc;
	pthread_once(&sql_once, build_sql);
	strbuf_init(&sql, 4096);
	strbuf_adds(&sql, sql_select);
	strbuf_adds(&sql, " AND year = $2");
	rc = store_prepare(db, strbuf_cstr(&sql), &st, e);
	strbuf_cleanup(&sql);
	if (rc)
		return rc;
	store_bind_int(st, 1, id);
	store_bind_int(st, 2, year);
	rc = store_step(st, e);
	*found = rc == STORE_ROW;
	if (rc == STORE_ROW)
		read_row(st, arena, out);
	store_finish(st);
	return rc < 0 ? rc : 0;
}

/* As load, but a missing year is ERR_NOT_FOUND ("N年度数据不存在"). */
static int load_existing(struct store *db, int64_t id, int64_t year, struct arena *arena,
			 struct indicator *out, struct err *e)
{
	int found = 0;
	int rc = load(db, id, year, arena, out, &found, e);
	if (rc)
		return rc;
	if (!found)
		return err_set(e, ERR_NOT_FOUND, "year", "%lld年度数据不存在", (long long)year);
	return 0;
}

static int write_row(struct ledger *l, int insert, int64_t id, const struct indicator *in,
		     struct err *e)
{
	struct store_stmt *st = NULL;
	char now[21];
	int rc;
	pthread_once(&sql_once, build_sql);
	if (insert)
		rc = ledger_stmt(l, LEDGER_SLOT_IND_INSERT, sql_insert, &st, e);
	else
		rc = store_prepare(l->db, sql_update, &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, id);
	store_bind_int(st, 2, in->year);
	for (size_t i = 0; i < NCOLS; i++)
		store_bind_int_or_null(st, (int)i + 3, cval(in, i), LEDGER_NONE);
	store_bind_int(st, (int)NCOLS + 3, in->incident ? 1 : 0);
	store_bind_text_static(st, (int)NCOLS + 4, ledger_now(now), STORE_NTS);
	rc = store_run(st, e);
	if (insert)
		ledger_stmt_done(l, LEDGER_SLOT_IND_INSERT, st);
	else
		store_finish(st);
	if (!rc)
		ledger_assess_mark(l, id);
	return rc;
}

/* Resolve USCC in scope into *ID and check the right to change its annual data. */
static int writable(struct ledger *l, const char *uscc, int64_t *id, struct err *e)
{
	int rc = ledger_enterprise_id(l, uscc, id, e);
	if (rc)
		return rc;
	return perm_check(&l->scope, CAP_RECORDS_EDIT, "无权修改该企业的年度数据", e);
}

/* ---- use cases --------------------------------------------------------------------- */

int indicator_upsert(struct ledger *l, const char *uscc, const struct indicator *in, int *changed,
		     struct err *e)
{
	int begun = 0; /* ledger_write_begin succeeded: out ends the write */
	struct arena *arena = arena_new();
	struct indicator old, v = *in;
	char *before = NULL, *after = NULL, key[48];
	int64_t id = 0;
	int rc, found = 0;

	if (changed)
		*changed = 0;
	rc = indicator_validate(in, e);
	if (rc)
		goto out;
	rc = ledger_write_begin(l, e);
	if (rc)
		goto out;
	begun = 1;
	rc = writable(l, uscc, &id, e);
	if (rc)
		goto out;
	rc = load(l->db, id, in->year, arena, &old, &found, e);
	if (rc)
		goto out;
	if (found && old.locked) {
		rc = err_set(e, ERR_CONFLICT, "year", "%lld年度数据已锁定，不能修改",
			     (long long)in->year);
		goto out;
	}
	v.locked = 0;
	after = ind_json(&v, 0);
	if (found) {
		before = ind_json(&old, 0);
		if (!strcmp(before, after))
			goto out;
	}
	rc = write_row(l, !found, id, &v, e);
	if (rc)
		goto out;
	ledger_row_key(uscc, in->year, key);
	rc = audit_record(l, found ? "update" : "create", "indicators", key, before, after, e);
	if (!rc && changed)
		*changed = found ? 2 : 1;
out:
	if (begun)
		rc = ledger_write_end(l, rc, e);
	if (rc && changed)
		*changed = 0;
	free(before);
	free(after);
	arena_free(arena);
	return rc;
}

int indicator_unchanged(const struct indicator *old, const struct indicator *in)
{
	struct indicator v = *in;
	v.locked = old->locked;
	struct ledger_jobj before, after;
	ind_fill(&before, old, 0);
	ind_fill(&after, &v, 0);
	return ledger_jobj_same(&before, &after);
}

void indicator_overlay(struct indicator *cur, const struct indicator *in)
{
	for (size_t i = 0; i < NCOLS; i++)
		if (cval(in, i) != LEDGER_NONE)
			*val(cur, i) = cval(in, i);
}

int indicator_import_create(struct ledger *l, int64_t enterprise_id, const char *uscc,
			    const struct indicator *in, struct err *e)
{
	struct indicator v = *in;
	char key[48], *after;
	int rc = indicator_validate(in, e);
	if (rc)
		return rc;
	v.locked = 0;
	rc = write_row(l, 1, enterprise_id, &v, e);
	if (rc == ERR_CONFLICT || rc == ERR_INVALID)
		return rc; /* the insert is the first write: nothing to undo */
	if (!rc) {
		after = ind_json(&v, 1);
		ledger_row_key(uscc, in->year, key);
		rc = audit_record(l, "create", "indicators", key, NULL, after, e);
		free(after);
	}
	if (rc && rc != ERR_DB && rc != ERR_BUSY)
		rc = err_set(e, ERR_DB, NULL, "数据库错误");
	return rc;
}

int indicator_get(struct ledger *l, const char *uscc, int64_t year, struct arena *arena,
		  struct indicator *out, struct err *e)
{
	int64_t id = 0;
	int rc = ledger_enterprise_id(l, uscc, &id, e);
	if (rc)
		return rc;
	return load_existing(l->db, id, year, arena, out, e);
}

int indicator_list(struct ledger *l, const char *uscc, struct arena *arena,
		   struct indicator **items, size_t *n, struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	struct indicator *out = NULL;
	size_t cap = 0, count = 0;
	int64_t id = 0;
	int rc;
	*items = NULL;
	*n = 0;
	rc = ledger_enterprise_id(l, uscc, &id, e);
	if (rc)
		return rc;
	pthread_once(&sql_once, build_sql);
	strbuf_init(&sql, 4096);
	strbuf_addf(&sql, "%s ORDER BY year", sql_select);
	rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	strbuf_cleanup(&sql);
	if (rc)
		return rc;
	store_bind_int(st, 1, id);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		out = ledger_grow(arena, out, count, &cap, sizeof *out, 4);
		read_row(st, arena, &out[count++]);
	}
	store_finish(st);
	if (rc < 0)
		return rc;
	*items = out;
	*n = count;
	return 0;
}

int indicator_delete(struct ledger *l, const char *uscc, int64_t year, struct err *e)
{
	int begun = 0; /* ledger_write_begin succeeded: out ends the write */
	struct arena *arena = arena_new();
	struct store_stmt *st = NULL;
	struct indicator old;
	char *before = NULL, key[48];
	int64_t id = 0;
	int rc = ledger_write_begin(l, e);
	if (rc)
		goto out;
	begun = 1;
	rc = writable(l, uscc, &id, e);
	if (rc)
		goto out;
	rc = load_existing(l->db, id, year, arena, &old, e);
	if (rc)
		goto out;
	if (old.locked) {
		rc = err_set(e, ERR_CONFLICT, "year", "%lld年度数据已锁定，不能删除",
			     (long long)year);
		goto out;
	}
	rc = store_prepare(l->db, "DELETE FROM indicators WHERE enterprise_id = $1 AND year = $2",
			   &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, id);
	store_bind_int(st, 2, year);
	rc = store_run(st, e);
	store_finish(st);
	if (rc)
		goto out;
	ledger_assess_mark(l, id);
	before = ind_json(&old, 0);
	ledger_row_key(uscc, year, key);
	rc = audit_record(l, "delete", "indicators", key, before, NULL, e);
out:
	if (begun)
		rc = ledger_write_end(l, rc, e);
	free(before);
	arena_free(arena);
	return rc;
}

int indicator_set_locked(struct ledger *l, const char *uscc, int64_t year, int locked,
			 struct err *e)
{
	int begun = 0; /* ledger_write_begin succeeded: out ends the write */
	struct arena *arena = arena_new();
	struct store_stmt *st = NULL;
	struct indicator old, v;
	char *before = NULL, *after = NULL, key[48], now[21];
	int64_t id = 0;
	int rc = ledger_write_begin(l, e);
	if (rc)
		goto out;
	begun = 1;
	rc = ledger_enterprise_id(l, uscc, &id, e);
	if (rc)
		goto out;
	if (!perm_may(&l->scope, CAP_RECORDS_LOCK)) {
		rc = err_set(e, ERR_FORBIDDEN, NULL,
			     "只有县级、市级用户和管理员可以锁定或解锁年度数据");
		goto out;
	}
	rc = load_existing(l->db, id, year, arena, &old, e);
	if (rc)
		goto out;
	if (old.locked == (locked ? 1 : 0))
		goto out;
	rc = store_prepare(l->db,
			   "UPDATE indicators SET locked = $3, locked_by = $4, locked_at = $5, "
			   "updated_at = $5 WHERE enterprise_id = $1 AND year = $2",
			   &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, id);
	store_bind_int(st, 2, year);
	store_bind_int(st, 3, locked ? 1 : 0);
	store_bind_text(st, 4, locked ? l->scope.user_name : NULL, STORE_NTS);
	store_bind_text(st, 5, ledger_now(now), STORE_NTS);
	rc = store_run(st, e);
	store_finish(st);
	if (rc)
		goto out;
	v = old;
	v.locked = locked ? 1 : 0;
	before = ind_json(&old, 0);
	after = ind_json(&v, 0);
	ledger_row_key(uscc, year, key);
	rc = audit_record(l, locked ? "lock" : "unlock", "indicators", key, before, after, e);
out:
	if (begun)
		rc = ledger_write_end(l, rc, e);
	free(before);
	free(after);
	arena_free(arena);
	return rc;
}

int indicator_seed(struct ledger_seed *s, int64_t enterprise_id, const struct indicator *in,
		   struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = ledger_seed_ready(s, e);
	if (rc)
		return rc;
	pthread_once(&sql_once, build_sql);
	rc = store_prepare(s->l->db, sql_insert, &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, enterprise_id);
	store_bind_int(st, 2, in->year);
	for (size_t i = 0; i < NCOLS; i++)
		store_bind_int_or_null(st, (int)i + 3, cval(in, i), LEDGER_NONE);
	store_bind_int(st, (int)NCOLS + 3, in->incident ? 1 : 0);
	store_bind_text_static(st, (int)NCOLS + 4, s->now, STORE_NTS);
	rc = store_run(st, e);
	if (rc == ERR_CONFLICT)
		rc = err_set(e, ERR_CONFLICT, "year", "%lld年度数据已存在", (long long)in->year);
out:
	store_finish(st);
	return ledger_seed_done(s, LEDGER_SEED_INDICATORS, rc, e);
}
