/*
 * enterprise — the enterprise register: validation, create/update/get, tier
 * changes with history, the scoped list, expert assignments and the demo's
 * bulk path.
 */
#include "ledger/register/enterprise.h"
#include "ledger/register/enterprise.h"
#include "ledger/internal.h"

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/strbuf.h"
#include "ledger/base/audit.h"
#include "ledger/base/json.h"
#include "rules/fields.h"
#include "rules/uscc.h"

static const char *const tier_names[TIER_COUNT] = {"prospect", "tsme",	 "reserve", "key",
						   "hnte",     "leader", "exited"};
static const char *const tier_labels[TIER_COUNT] = {"排查对象", "科技型中小企业", "后备培育库",
						    "重点培育", "高新技术企业",	  "科技领军企业",
						    "已退出"};

const char *enterprise_tier_name(enum tier t)
{
	return ledger_code_at(tier_names, TIER_COUNT, (int)t);
}

const char *enterprise_tier_label(enum tier t)
{
	return ledger_code_at(tier_labels, TIER_COUNT, (int)t);
}

int enterprise_tier_parse(const char *s, enum tier *out, struct err *e)
{
	int i = ledger_code_find(tier_names, tier_labels, TIER_COUNT, s);
	if (i >= 0) {
		*out = (enum tier)i;
		return 0;
	}
	return err_set(e, ERR_INVALID, "tier",
		       "未知层级：%s（应为 prospect、tsme、reserve、key、hnte、leader 或 exited）",
		       s ? s : "");
}

static int tier_from_text(const char *s)
{
	int i = ledger_code_find(tier_names, NULL, TIER_COUNT, s);
	return i >= 0 ? i : TIER_PROSPECT;
}

void enterprise_init(struct enterprise *ent)
{
	memset(ent, 0, sizeof *ent);
	ent->registered_on = LEDGER_NO_DATE;
	ent->hnte_issued_on = LEDGER_NO_DATE;
	ent->hnte_expires_on = LEDGER_NO_DATE;
	ent->tsme_year = LEDGER_NONE;
	ent->tier = TIER_PROSPECT;
}

/* ---- the field table, loaded once ------------------------------------------------ */

static struct fields_table field_table;
static int field_table_ok;
static pthread_once_t field_once = PTHREAD_ONCE_INIT;

static void load_fields(void)
{
	field_table_ok = fields_load(&field_table, NULL) == 0;
}

/* ---- validation ------------------------------------------------------------------- */

static int text_ok(const char *s, size_t max)
{
	return !s || strlen(s) <= max;
}

int enterprise_validate(const struct enterprise *in, char out_uscc[19], struct err *e)
{
	struct uscc u;
	int rc = uscc_parse(in->uscc, strnlen(in->uscc, sizeof in->uscc), 0, &u, e);
	if (rc)
		return rc;
	if (out_uscc)
		memcpy(out_uscc, u.code, sizeof u.code);
	if (!in->name || !in->name[0])
		return err_set(e, ERR_INVALID, "name", "企业名称不能为空");
	if (strlen(in->name) > 200)
		return err_set(e, ERR_INVALID, "name", "企业名称过长（最多200字节）");
	if (!in->area || !in->area[0])
		return err_set(e, ERR_INVALID, "area", "所属区域不能为空");
	static const struct {
		const char *name;
		size_t off;
		size_t max;
		const char *label;
	} texts[] = {
		{"address", offsetof(struct enterprise, address), 500, "地址"},
		{"legal_rep", offsetof(struct enterprise, legal_rep), 100, "法定代表人"},
		{"contact_name", offsetof(struct enterprise, contact_name), 100, "联系人"},
		{"contact_phone", offsetof(struct enterprise, contact_phone), 50, "联系电话"},
		{"industry", offsetof(struct enterprise, industry), 200, "所属行业"},
		{"main_products", offsetof(struct enterprise, main_products), 2000, "主要产品"},
		{"tags", offsetof(struct enterprise, tags), 1000, "标签"},
		{"exit_reason", offsetof(struct enterprise, exit_reason), 500, "退出原因"},
		{"hnte_cert_no", offsetof(struct enterprise, hnte_cert_no), 50, "高企证书编号"},
		{"hnte_batch", offsetof(struct enterprise, hnte_batch), 100, "认定批次"},
		{"tsme_reg_no", offsetof(struct enterprise, tsme_reg_no), 50,
		 "科技型中小企业入库登记编号"},
		{"county_contact", offsetof(struct enterprise, county_contact), 100, "县级联系人"},
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		const char *s = *(const char *const *)((const char *)in + texts[i].off);
		if (!text_ok(s, texts[i].max))
			return err_set(e, ERR_INVALID, texts[i].name, "%s过长（最多%zu字节）",
				       texts[i].label, texts[i].max);
	}
	if (in->field && in->field[0]) {
		size_t n = strlen(in->field);
		int digits = n == 2 || n == 3 || n == 5;
		for (size_t i = 0; digits && i < n; i++)
			digits = in->field[i] >= '0' && in->field[i] <= '9';
		if (!digits)
			return err_set(e, ERR_INVALID, "field",
				       "技术领域代码无效：%s（应为2、3或5位数字）", in->field);
		pthread_once(&field_once, load_fields);
		if (field_table_ok && !fields_find(&field_table, in->field))
			return err_set(e, ERR_INVALID, "field", "技术领域代码不存在：%s",
				       in->field);
	}
	if ((int)in->tier < 0 || (int)in->tier >= TIER_COUNT)
		return err_set(e, ERR_INVALID, "tier", "层级无效");
	if (in->tier == TIER_EXITED && (!in->exit_reason || !in->exit_reason[0]))
		return err_set(e, ERR_INVALID, "exit_reason", "退出的企业必须填写退出原因");
	if (in->above_scale < 0 || in->above_scale > 1 || in->listed < 0 || in->listed > 1)
		return err_set(e, ERR_INVALID, "above_scale", "标志只能为0或1");
	if (in->hnte_issued_on != LEDGER_NO_DATE && in->hnte_expires_on != LEDGER_NO_DATE &&
	    in->hnte_expires_on < in->hnte_issued_on)
		return err_set(e, ERR_INVALID, "hnte_expires_on", "高企证书有效期不能早于发证日期");
	if (in->tsme_year != LEDGER_NONE && (in->tsme_year < 1990 || in->tsme_year > 9999))
		return err_set(e, ERR_INVALID, "tsme_year", "入库年度无效：%lld",
			       (long long)in->tsme_year);
	return 0;
}

/* ---- rows ------------------------------------------------------------------------- */

#define ENT_COLS                                                                                   \
	"t.id, t.uscc, t.name, t.area, t.address, t.registered_on, t.legal_rep, t.contact_name, "  \
	"t.contact_phone, t.industry, t.field, t.main_products, t.above_scale, t.listed, t.tags, " \
	"t.tier, t.exit_reason, t.hnte_cert_no, t.hnte_issued_on, t.hnte_expires_on, "             \
	"t.hnte_batch, t.tsme_reg_no, t.tsme_year, t.county_contact, t.created_at, t.updated_at"

/* An insert with the id given: RETURNING would run through SQLite's trigger machinery. */
#define SQL_INSERT_WITH_ID                                                                         \
	"INSERT INTO enterprises (id, uscc, name, area, address, registered_on, legal_rep, "       \
	"contact_name, contact_phone, industry, field, main_products, above_scale, listed, "       \
	"tags, tier, exit_reason, hnte_cert_no, hnte_issued_on, hnte_expires_on, "                 \
	"hnte_batch, tsme_reg_no, tsme_year, county_contact, created_at, updated_at) "             \
	"VALUES ($26, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, "          \
	"$16, $17, $18, $19, $20, $21, $22, $23, $24, $25)"

static int run_insert_with_id(struct store_stmt *st, int64_t id, const struct enterprise *in,
			      const char *now, struct err *e);

static void read_row(struct store_stmt *st, struct arena *a, struct enterprise *o)
{
	enterprise_init(o);
	o->id = store_column_int(st, 0);
	ledger_column_copy(st, 1, o->uscc, sizeof o->uscc);
	o->name = ledger_column_str(st, 2, a);
	o->area = ledger_column_str(st, 3, a);
	o->address = ledger_column_str(st, 4, a);
	o->registered_on = ledger_column_date(st, 5);
	o->legal_rep = ledger_column_str(st, 6, a);
	o->contact_name = ledger_column_str(st, 7, a);
	o->contact_phone = ledger_column_str(st, 8, a);
	o->industry = ledger_column_str(st, 9, a);
	o->field = ledger_column_str(st, 10, a);
	o->main_products = ledger_column_str(st, 11, a);
	o->above_scale = (int)store_column_int(st, 12);
	o->listed = (int)store_column_int(st, 13);
	o->tags = ledger_column_str(st, 14, a);
	o->tier = (enum tier)tier_from_text(store_column_text(st, 15, NULL));
	o->exit_reason = ledger_column_str(st, 16, a);
	o->hnte_cert_no = ledger_column_str(st, 17, a);
	o->hnte_issued_on = ledger_column_date(st, 18);
	o->hnte_expires_on = ledger_column_date(st, 19);
	o->hnte_batch = ledger_column_str(st, 20, a);
	o->tsme_reg_no = ledger_column_str(st, 21, a);
	o->tsme_year = store_column_int_or(st, 22, LEDGER_NONE);
	o->county_contact = ledger_column_str(st, 23, a);
	ledger_column_copy(st, 24, o->created_at, sizeof o->created_at);
	ledger_column_copy(st, 25, o->updated_at, sizeof o->updated_at);
}

/* An empty string is stored as NULL: "" and absent mean the same to people. */
static const char *nz(const char *s)
{
	return s && s[0] ? s : NULL;
}

/* Bind $1..$23 in column order (uscc … county_contact). */
static void bind_fields(struct store_stmt *st, const char *uscc, const struct enterprise *in)
{
	store_bind_text_static(st, 1, uscc, STORE_NTS);
	store_bind_text_static(st, 2, in->name, STORE_NTS);
	store_bind_text_static(st, 3, in->area, STORE_NTS);
	store_bind_text_static(st, 4, nz(in->address), STORE_NTS);
	ledger_bind_date(st, 5, in->registered_on);
	store_bind_text_static(st, 6, nz(in->legal_rep), STORE_NTS);
	store_bind_text_static(st, 7, nz(in->contact_name), STORE_NTS);
	store_bind_text_static(st, 8, nz(in->contact_phone), STORE_NTS);
	store_bind_text_static(st, 9, nz(in->industry), STORE_NTS);
	store_bind_text_static(st, 10, nz(in->field), STORE_NTS);
	store_bind_text_static(st, 11, nz(in->main_products), STORE_NTS);
	store_bind_int(st, 12, in->above_scale ? 1 : 0);
	store_bind_int(st, 13, in->listed ? 1 : 0);
	store_bind_text_static(st, 14, in->tags ? in->tags : "", STORE_NTS);
	store_bind_text_static(st, 15, enterprise_tier_name(in->tier), STORE_NTS);
	store_bind_text_static(st, 16, in->tier == TIER_EXITED ? nz(in->exit_reason) : NULL,
			       STORE_NTS);
	store_bind_text_static(st, 17, nz(in->hnte_cert_no), STORE_NTS);
	ledger_bind_date(st, 18, in->hnte_issued_on);
	ledger_bind_date(st, 19, in->hnte_expires_on);
	store_bind_text_static(st, 20, nz(in->hnte_batch), STORE_NTS);
	store_bind_text_static(st, 21, nz(in->tsme_reg_no), STORE_NTS);
	store_bind_int_or_null(st, 22, in->tsme_year, LEDGER_NONE);
	store_bind_text_static(st, 23, nz(in->county_contact), STORE_NTS);
}

/* The audit JSON of an enterprise (everything but id and timestamps). */
/* The members of the row's audit JSON into O; COMPACT leaves out the absent fields. */
static void ent_fill(struct ledger_jobj *o, const char *uscc, const struct enterprise *in,
		     int compact)
{
	ledger_jobj_init(o);
	o->omit_null = compact;
	ledger_jobj_str(o, "uscc", uscc);
	ledger_jobj_str(o, "name", in->name);
	ledger_jobj_str(o, "area", in->area);
	ledger_jobj_str(o, "address", nz(in->address));
	ledger_jobj_date(o, "registered_on", in->registered_on);
	ledger_jobj_str(o, "legal_rep", nz(in->legal_rep));
	ledger_jobj_str(o, "contact_name", nz(in->contact_name));
	ledger_jobj_str(o, "contact_phone", nz(in->contact_phone));
	ledger_jobj_str(o, "industry", nz(in->industry));
	ledger_jobj_str(o, "field", nz(in->field));
	ledger_jobj_str(o, "main_products", nz(in->main_products));
	ledger_jobj_bool(o, "above_scale", in->above_scale);
	ledger_jobj_bool(o, "listed", in->listed);
	ledger_jobj_str(o, "tags", in->tags ? in->tags : "");
	ledger_jobj_str(o, "tier", enterprise_tier_name(in->tier));
	ledger_jobj_str(o, "exit_reason", in->tier == TIER_EXITED ? nz(in->exit_reason) : NULL);
	ledger_jobj_str(o, "hnte_cert_no", nz(in->hnte_cert_no));
	ledger_jobj_date(o, "hnte_issued_on", in->hnte_issued_on);
	ledger_jobj_date(o, "hnte_expires_on", in->hnte_expires_on);
	ledger_jobj_str(o, "hnte_batch", nz(in->hnte_batch));
	ledger_jobj_str(o, "tsme_reg_no", nz(in->tsme_reg_no));
	ledger_jobj_int(o, "tsme_year", in->tsme_year);
	ledger_jobj_str(o, "county_contact", nz(in->county_contact));
}

/* The row as audit JSON; COMPACT leaves out the absent fields (an import's creation). */
static char *ent_json(const char *uscc, const struct enterprise *in, int compact)
{
	struct ledger_jobj o;
	ent_fill(&o, uscc, in, compact);
	return ledger_jobj_take(&o);
}

static int32_t derive_expiry(const struct enterprise *in)
{
	if (in->hnte_expires_on != LEDGER_NO_DATE || in->hnte_issued_on == LEDGER_NO_DATE)
		return in->hnte_expires_on;
	/* rules.md §5: the last valid day is the day before the third anniversary. */
	return date_add_years(in->hnte_issued_on, 3) - 1;
}

/* ---- permissions ------------------------------------------------------------------ */

static int may_edit(const struct scope *s)
{
	return s->role == ROLE_ADMIN || s->role == ROLE_CITY || s->role == ROLE_COUNTY;
}

static int forbidden(struct err *e)
{
	return err_set(e, ERR_FORBIDDEN, NULL, "无权修改该企业的信息");
}

static int area_allowed_db(struct ledger *l, const char *area, struct err *e);

/* County users may only place enterprises in their own areas (remembered while holding). */
static int check_area_allowed(struct ledger *l, const char *area, struct err *e)
{
	for (int i = 0; l->holding && i < l->n_area_ok; i++)
		if (!strcmp(l->area_ok[i], area))
			return 0;
	int rc = area_allowed_db(l, area, e);
	size_t n = strlen(area);
	if (!rc && l->holding && l->n_area_ok < (int)(sizeof l->area_ok / sizeof l->area_ok[0]) &&
	    n < sizeof l->area_ok[0]) {
		memcpy(l->area_ok[l->n_area_ok], area, n + 1);
		l->n_area_ok++;
	}
	return rc;
}

static int area_allowed_db(struct ledger *l, const char *area, struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = ledger_stmt(l, LEDGER_SLOT_AREA, "SELECT 1 FROM areas WHERE code = $1", &st, e);
	if (rc)
		return rc;
	store_bind_text(st, 1, area, STORE_NTS);
	rc = store_step(st, e);
	ledger_stmt_done(l, LEDGER_SLOT_AREA, st);
	if (rc < 0)
		return rc;
	if (rc == STORE_DONE)
		return err_set(e, ERR_INVALID, "area", "区域不存在：%s", area);
	if (l->scope.role != ROLE_COUNTY)
		return 0;
	rc = ledger_stmt(l, LEDGER_SLOT_USER_AREA,
			 "SELECT 1 FROM user_areas WHERE user_id = $1 AND area = $2", &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, l->scope.user_id);
	store_bind_text(st, 2, area, STORE_NTS);
	rc = store_step(st, e);
	ledger_stmt_done(l, LEDGER_SLOT_USER_AREA, st);
	if (rc < 0)
		return rc;
	if (rc == STORE_DONE)
		return err_set(e, ERR_FORBIDDEN, "area", "无权在区域%s中登记或移入企业", area);
	return 0;
}

static int insert_history(struct ledger *l, int64_t enterprise_id, int has_from, enum tier from,
			  enum tier to, int32_t on, int64_t user_id, const char *user_name,
			  const char *reason, struct err *e)
{
	struct store_stmt *st = NULL;
	char now[21];
	int rc = ledger_stmt(l, LEDGER_SLOT_TIER_HISTORY,
			     "INSERT INTO tier_history (enterprise_id, from_tier, to_tier, "
			     "changed_on, user_id, user_name, reason, created_at) "
			     "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
			     &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, enterprise_id);
	store_bind_text_static(st, 2, has_from ? enterprise_tier_name(from) : NULL, STORE_NTS);
	store_bind_text_static(st, 3, enterprise_tier_name(to), STORE_NTS);
	ledger_bind_date(st, 4, on == LEDGER_NO_DATE ? date_today() : on);
	store_bind_int_or_null(st, 5, user_id, 0);
	store_bind_text_static(st, 6, user_name, STORE_NTS);
	store_bind_text_static(st, 7, reason ? reason : "", STORE_NTS);
	store_bind_text_static(st, 8, ledger_now(now), STORE_NTS);
	rc = store_run(st, e);
	ledger_stmt_done(l, LEDGER_SLOT_TIER_HISTORY, st);
	return rc;
}

/* ---- create ------------------------------------------------------------------------ */

/*
 * RC of the INSERT of enterprise IN under USCC, with the store's constraint
 * errors told in the register's terms: a unique violation is the USCC taken,
 * a foreign-key one the area unknown (validation has settled every CHECK).
 */
static int insert_error(int rc, const char *uscc, const struct enterprise *in, struct err *e)
{
	if (rc == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT, "uscc", "统一社会信用代码已存在：%s", uscc);
	if (rc == ERR_INVALID)
		return err_set(e, ERR_INVALID, "area", "区域不存在：%s", in->area);
	return rc;
}

static int insert_row(struct store *db, const char *uscc, const struct enterprise *in,
		      const char *created, const char *updated, int64_t *id, struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = store_prepare(
		db,
		"INSERT INTO enterprises (uscc, name, area, address, registered_on, legal_rep, "
		"contact_name, contact_phone, industry, field, main_products, above_scale, listed, "
		"tags, tier, exit_reason, hnte_cert_no, hnte_issued_on, hnte_expires_on, "
		"hnte_batch, "
		"tsme_reg_no, tsme_year, county_contact, created_at, updated_at) VALUES ($1, $2, "
		"$3, "
		"$4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, "
		"$21, "
		"$22, $23, $24, $25) RETURNING id",
		&st, e);
	if (rc)
		return rc;
	bind_fields(st, uscc, in);
	store_bind_text(st, 24, created, STORE_NTS);
	store_bind_text(st, 25, updated, STORE_NTS);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		if (id)
			*id = store_column_int(st, 0);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = err_set(e, ERR_DB, NULL, "数据库错误");
	}
	store_finish(st);
	return insert_error(rc, uscc, in, e);
}

int enterprise_create(struct ledger *l, const struct enterprise *in, int64_t *id, struct err *e)
{
	char uscc[19], now[21];
	struct enterprise v = *in;
	char *after = NULL;
	int64_t newid = 0;
	int rc;

	if (!may_edit(&l->scope))
		return err_set(e, ERR_FORBIDDEN, NULL, "无权登记企业");
	rc = enterprise_validate(in, uscc, e);
	if (rc)
		return rc;
	v.hnte_expires_on = derive_expiry(in);
	rc = ledger_write_begin(l, e);
	if (rc)
		return rc;
	rc = check_area_allowed(l, in->area, e);
	if (rc)
		goto out;
	ledger_now(now);
	rc = insert_row(l->db, uscc, &v, now, now, &newid, e);
	if (rc)
		goto out;
	rc = insert_history(l, newid, 0, TIER_PROSPECT, v.tier, LEDGER_NO_DATE, l->scope.user_id,
			    l->scope.user_name, "登记", e);
	if (rc)
		goto out;
	after = ent_json(uscc, &v, 0);
	rc = audit_record(l, "create", "enterprises", uscc, NULL, after, e);
out:
	free(after);
	rc = ledger_write_end(l, rc, e);
	if (!rc && id)
		*id = newid;
	return rc;
}

int enterprise_next_id(struct ledger *l, int64_t *id, struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = store_prepare(l->db, "SELECT coalesce(max(id), 0) + 1 FROM enterprises", &st, e);
	if (rc)
		return rc;
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		*id = store_column_int(st, 0);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = err_set(e, ERR_DB, NULL, "数据库错误");
	}
	store_finish(st);
	return rc;
}

int enterprise_stored_id(struct ledger *l, const char *uscc, int64_t *id, struct err *e)
{
	char u[19];
	struct store_stmt *st = NULL;
	ledger_norm_uscc(uscc, u);
	int rc = ledger_stmt(l, LEDGER_SLOT_ENT_ID, "SELECT id FROM enterprises WHERE uscc = $1",
			     &st, e);
	if (rc)
		return rc;
	store_bind_text_static(st, 1, u, STORE_NTS);
	rc = store_step(st, e);
	if (rc == STORE_ROW)
		*id = store_column_int(st, 0);
	ledger_stmt_done(l, LEDGER_SLOT_ENT_ID, st);
	return rc;
}

int enterprise_import_create(struct ledger *l, const struct enterprise *in, int64_t id,
			     struct err *e)
{
	char uscc[19], now[21];
	struct enterprise v = *in;
	char *after = NULL;
	int rc;

	if (!may_edit(&l->scope))
		return err_set(e, ERR_FORBIDDEN, NULL, "无权登记企业");
	rc = enterprise_validate(in, uscc, e);
	if (rc)
		return rc;
	v.hnte_expires_on = derive_expiry(in);
	rc = check_area_allowed(l, in->area, e);
	if (rc)
		return rc;
	ledger_now(now);
	memcpy(v.created_at, now, sizeof now);
	memcpy(v.updated_at, now, sizeof now);
	memcpy(v.uscc, uscc, sizeof uscc);
	/* the one statement that may fail on a constraint: nothing written before it */
	struct store_stmt *st = NULL;
	rc = ledger_stmt(l, LEDGER_SLOT_ENT_INSERT, SQL_INSERT_WITH_ID, &st, e);
	if (rc)
		return rc;
	rc = run_insert_with_id(st, id, &v, now, e);
	ledger_stmt_done(l, LEDGER_SLOT_ENT_INSERT, st);
	rc = insert_error(rc, uscc, in, e);
	if (rc)
		return rc;
	rc = insert_history(l, id, 0, TIER_PROSPECT, v.tier, LEDGER_NO_DATE, l->scope.user_id,
			    l->scope.user_name, "登记", e);
	if (!rc) {
		after = ent_json(uscc, &v, 1);
		rc = audit_record(l, "create", "enterprises", uscc, NULL, after, e);
		free(after);
	}
	if (rc && rc != ERR_DB)
		rc = err_set(e, ERR_DB, NULL, "数据库错误");
	return rc;
}

/* ---- get --------------------------------------------------------------------------- */

static int get_where(struct ledger *l, const char *cond, const char *text, int64_t num,
		     struct arena *arena, struct enterprise *out, struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	int rc;
	strbuf_init(&sql, 4096);
	strbuf_adds(&sql, "SELECT " ENT_COLS " FROM enterprises t WHERE ");
	strbuf_adds(&sql, cond);
	strbuf_adds(&sql, " AND ");
	ledger_scope_sql(&l->scope, &sql, "t", 9);
	rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	if (rc)
		goto out;
	if (text)
		store_bind_text(st, 1, text, STORE_NTS);
	else
		store_bind_int(st, 1, num);
	store_bind_int(st, 9, ledger_scope_param(&l->scope));
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		read_row(st, arena, out);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = err_set(e, ERR_NOT_FOUND, "uscc", "企业不存在%s%s", text ? "：" : "",
			     text ? text : "");
	}
out:
	store_finish(st);
	strbuf_cleanup(&sql);
	return rc;
}

int enterprise_get(struct ledger *l, const char *uscc, struct arena *arena, struct enterprise *out,
		   struct err *e)
{
	char u[19];
	ledger_norm_uscc(uscc, u);
	int rc = get_where(l, "t.uscc = $1", u, 0, arena, out, e);
	if (rc == ERR_NOT_FOUND)
		return err_set(e, ERR_NOT_FOUND, "uscc", "企业不存在：%s", uscc ? uscc : "");
	return rc;
}

int enterprise_get_by_id(struct ledger *l, int64_t id, struct arena *arena, struct enterprise *out,
			 struct err *e)
{
	return get_where(l, "t.id = $1", NULL, id, arena, out, e);
}

/* ---- update ------------------------------------------------------------------------ */

/*
 * The row an update of the stored OLD with IN writes, into *V: IN's editable
 * fields with OLD's key, tier and exit reason, and the expiry derived from
 * the issue date. enterprise_update and enterprise_unchanged agree by both
 * taking it from here.
 */
static void updated_row(const struct enterprise *old, const struct enterprise *in,
			struct enterprise *v)
{
	*v = *in;
	memcpy(v->uscc, old->uscc, sizeof v->uscc);
	v->tier = old->tier;
	v->exit_reason = old->exit_reason;
	v->hnte_expires_on = derive_expiry(v);
}

int enterprise_update(struct ledger *l, const char *uscc, const struct enterprise *in, int *changed,
		      struct err *e)
{
	struct arena *arena = arena_new();
	struct enterprise old, v;
	struct store_stmt *st = NULL;
	char *before = NULL, *after = NULL, now[21];
	int rc;

	if (changed)
		*changed = 0;
	rc = ledger_write_begin(l, e);
	if (rc)
		goto done;
	rc = enterprise_get(l, uscc, arena, &old, e);
	if (rc)
		goto out;
	if (!may_edit(&l->scope)) {
		rc = forbidden(e);
		goto out;
	}
	updated_row(&old, in, &v);
	rc = enterprise_validate(&v, NULL, e);
	if (rc)
		goto out;
	if (strcmp(v.area, old.area) != 0) {
		rc = check_area_allowed(l, v.area, e);
		if (rc)
			goto out;
	}
	before = ent_json(old.uscc, &old, 0);
	after = ent_json(old.uscc, &v, 0);
	if (!strcmp(before, after))
		goto out; /* nothing changed: no write, no audit */
	rc = store_prepare(l->db,
			   "UPDATE enterprises SET name = $2, area = $3, address = $4, "
			   "registered_on = $5, legal_rep = $6, contact_name = $7, "
			   "contact_phone = $8, industry = $9, field = $10, main_products = $11, "
			   "above_scale = $12, listed = $13, tags = $14, hnte_cert_no = $17, "
			   "hnte_issued_on = $18, hnte_expires_on = $19, hnte_batch = $20, "
			   "tsme_reg_no = $21, tsme_year = $22, county_contact = $23, "
			   "updated_at = $24 WHERE uscc = $1",
			   &st, e);
	if (rc)
		goto out;
	bind_fields(st, old.uscc, &v);
	store_bind_text(st, 24, ledger_now(now), STORE_NTS);
	rc = store_run(st, e);
	store_finish(st);
	if (rc)
		goto out;
	rc = audit_record(l, "update", "enterprises", old.uscc, before, after, e);
	if (!rc && changed)
		*changed = 1;
out:
	rc = ledger_write_end(l, rc, e);
done:
	if (rc && changed)
		*changed = 0;
	free(before);
	free(after);
	arena_free(arena);
	return rc;
}

int enterprise_unchanged(const struct enterprise *old, const struct enterprise *in)
{
	struct enterprise v;
	updated_row(old, in, &v);
	struct ledger_jobj before, after;
	ent_fill(&before, old->uscc, old, 0);
	ent_fill(&after, old->uscc, &v, 0);
	return ledger_jobj_same(&before, &after);
}

/* ---- tier -------------------------------------------------------------------------- */

int enterprise_set_tier(struct ledger *l, const char *uscc, enum tier to, int32_t on,
			const char *reason, struct err *e)
{
	struct arena *arena = arena_new();
	struct enterprise old, v;
	struct store_stmt *st = NULL;
	char *before = NULL, *after = NULL, now[21];
	int rc;

	if ((int)to < 0 || (int)to >= TIER_COUNT) {
		rc = err_set(e, ERR_INVALID, "tier", "层级无效");
		goto done;
	}
	if (!reason || !reason[0]) {
		rc = err_set(e, ERR_INVALID, "reason", "调整层级必须填写原因");
		goto done;
	}
	if (strlen(reason) > 500) {
		rc = err_set(e, ERR_INVALID, "reason", "原因过长（最多500字节）");
		goto done;
	}
	rc = ledger_write_begin(l, e);
	if (rc)
		goto done;
	rc = enterprise_get(l, uscc, arena, &old, e);
	if (rc)
		goto out;
	if (!may_edit(&l->scope)) {
		rc = forbidden(e);
		goto out;
	}
	if (old.tier == to) {
		rc = err_set(e, ERR_INVALID, "tier", "企业已处于该层级：%s",
			     enterprise_tier_label(to));
		goto out;
	}
	v = old;
	v.tier = to;
	v.exit_reason = to == TIER_EXITED ? reason : NULL;
	rc = store_prepare(l->db,
			   "UPDATE enterprises SET tier = $2, exit_reason = $3, updated_at = $4 "
			   "WHERE id = $1",
			   &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, old.id);
	store_bind_text(st, 2, enterprise_tier_name(to), STORE_NTS);
	store_bind_text(st, 3, v.exit_reason, STORE_NTS);
	store_bind_text(st, 4, ledger_now(now), STORE_NTS);
	rc = store_run(st, e);
	store_finish(st);
	if (rc)
		goto out;
	rc = insert_history(l, old.id, 1, old.tier, to, on, l->scope.user_id, l->scope.user_name,
			    reason, e);
	if (rc)
		goto out;
	before = ent_json(old.uscc, &old, 0);
	after = ent_json(old.uscc, &v, 0);
	rc = audit_record(l, "tier", "enterprises", old.uscc, before, after, e);
out:
	rc = ledger_write_end(l, rc, e);
done:
	free(before);
	free(after);
	arena_free(arena);
	return rc;
}

int enterprise_tier_history(struct ledger *l, const char *uscc, struct arena *arena,
			    struct tier_change **items, size_t *n, struct err *e)
{
	struct store_stmt *st = NULL;
	struct tier_change *out = NULL;
	size_t cap = 0, count = 0;
	int64_t id = 0;
	int rc;
	*items = NULL;
	*n = 0;
	rc = ledger_enterprise_id(l, uscc, &id, e);
	if (rc)
		return rc;
	rc = store_prepare(l->db,
			   "SELECT id, from_tier, to_tier, changed_on, user_id, user_name, reason, "
			   "created_at FROM tier_history WHERE enterprise_id = $1 ORDER BY id",
			   &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, id);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		out = ledger_grow(arena, out, count, &cap, sizeof *out, 8);
		struct tier_change *t = &out[count++];
		t->id = store_column_int(st, 0);
		t->has_from = !store_column_is_null(st, 1);
		t->from = (enum tier)tier_from_text(store_column_text(st, 1, NULL));
		t->to = (enum tier)tier_from_text(store_column_text(st, 2, NULL));
		t->on = ledger_column_date(st, 3);
		t->user_id = store_column_int(st, 4);
		t->user_name = ledger_column_str(st, 5, arena);
		t->reason = ledger_column_str(st, 6, arena);
		ledger_column_copy(st, 7, t->created_at, sizeof t->created_at);
	}
	store_finish(st);
	if (rc < 0)
		return rc;
	*items = out;
	*n = count;
	return 0;
}

/* ---- list -------------------------------------------------------------------------- */

int enterprise_sort_parse(const char *s, enum enterprise_sort *out, struct err *e)
{
	static const char *const names[] = {"name",  "uscc",   "area",	 "tier",
					    "field", "expiry", "updated"};
	int i = ledger_code_find(names, NULL, (int)(sizeof names / sizeof names[0]), s);
	if (i >= 0) {
		*out = (enum enterprise_sort)i;
		return 0;
	}
	return err_set(e, ERR_INVALID, "sort",
		       "排序字段无效：%s（应为 name、uscc、area、tier、field、expiry 或 updated）",
		       s ? s : "");
}

void enterprise_filter_init(struct enterprise_filter *f)
{
	memset(f, 0, sizeof *f);
	f->tier = -1;
	f->limit = 50;
	f->want_total = 1;
}

struct list_params {
	char field_hi[16];
	char exp_lo[11], exp_hi[11];
	struct strbuf like;
};

static int check_filter(const struct enterprise_filter *f, int paged, struct err *e)
{
	if (f->tier < -1 || f->tier >= TIER_COUNT)
		return err_set(e, ERR_INVALID, "tier", "层级无效");
	if (f->field) {
		size_t n = strlen(f->field);
		if (n < 1 || n > 5)
			return err_set(e, ERR_INVALID, "field", "技术领域代码无效：%s", f->field);
		for (size_t i = 0; i < n; i++)
			if (f->field[i] < '0' || f->field[i] > '9')
				return err_set(e, ERR_INVALID, "field", "技术领域代码无效：%s",
					       f->field);
	}
	if (f->expiry_year && (f->expiry_year < 1900 || f->expiry_year > 9999))
		return err_set(e, ERR_INVALID, "expiry_year", "到期年度无效：%d", f->expiry_year);
	if (f->q && strlen(f->q) > 100)
		return err_set(e, ERR_INVALID, "q", "搜索文字过长（最多100字节）");
	if (f->area && strlen(f->area) > 16)
		return err_set(e, ERR_INVALID, "area", "区域代码无效");
	if ((int)f->sort < 0 || f->sort > ENTERPRISE_SORT_UPDATED)
		return err_set(e, ERR_INVALID, "sort", "排序字段无效");
	if (paged) {
		int64_t limit = f->limit ? f->limit : 50;
		if (limit < 1 || limit > ENTERPRISE_PAGE_MAX)
			return err_set(e, ERR_INVALID, "limit", "每页条数应在1到%d之间",
				       ENTERPRISE_PAGE_MAX);
		if (f->offset < 0)
			return err_set(e, ERR_INVALID, "offset", "偏移量不能为负数");
	}
	return 0;
}

/* WHERE clause of F with parameters $1 … $8, scope $9. */
static void where_sql(struct ledger *l, const struct enterprise_filter *f, struct strbuf *sql)
{
	strbuf_adds(sql, " WHERE ");
	ledger_scope_sql(&l->scope, sql, "t", 9);
	if (f->area && f->area[0])
		strbuf_adds(sql, " AND t.area = $1");
	if (f->tier >= 0)
		strbuf_adds(sql, " AND t.tier = $2");
	if (f->field && f->field[0])
		strbuf_adds(sql, " AND t.field >= $3 AND t.field < $4");
	if (f->expiry_year)
		strbuf_adds(sql, " AND t.hnte_expires_on >= $5 AND t.hnte_expires_on <= $6");
	if (f->q && f->q[0])
		strbuf_adds(sql, " AND (t.name LIKE $7 ESCAPE '\\' OR t.uscc LIKE $7 ESCAPE '\\')");
}

static void where_bind(struct ledger *l, const struct enterprise_filter *f, struct store_stmt *st,
		       struct list_params *p)
{
	store_bind_text(st, 1, f->area, STORE_NTS);
	if (f->tier >= 0)
		store_bind_text(st, 2, enterprise_tier_name((enum tier)f->tier), STORE_NTS);
	if (f->field && f->field[0]) {
		size_t n = strlen(f->field);
		/* ':' follows '9': [prefix, prefix + ":") holds exactly the codes with that prefix.
		 */
		memcpy(p->field_hi, f->field, n);
		p->field_hi[n] = ':';
		p->field_hi[n + 1] = '\0';
		store_bind_text(st, 3, f->field, STORE_NTS);
		store_bind_text(st, 4, p->field_hi, STORE_NTS);
	}
	if (f->expiry_year) {
		date_format(date_from_ymd(f->expiry_year, 1, 1), p->exp_lo);
		date_format(date_from_ymd(f->expiry_year, 12, 31), p->exp_hi);
		store_bind_text(st, 5, p->exp_lo, STORE_NTS);
		store_bind_text(st, 6, p->exp_hi, STORE_NTS);
	}
	if (f->q && f->q[0]) {
		strbuf_reset(&p->like);
		strbuf_addc(&p->like, '%');
		for (const char *c = f->q; *c; c++) {
			if (*c == '%' || *c == '_' || *c == '\\')
				strbuf_addc(&p->like, '\\');
			strbuf_addc(&p->like, *c);
		}
		strbuf_addc(&p->like, '%');
		store_bind_text(st, 7, strbuf_cstr(&p->like), STORE_NTS);
	}
	store_bind_int(st, 9, ledger_scope_param(&l->scope));
}

/*
 * ORDER BY for F. The tier and expiry expressions are those of the indexes
 * enterprises_tier_rank and enterprises_expiry_sort (migrations/sqlite/0001):
 * keep them identical, or the sort stops using the index.
 */
#define TIER_RANK                                                                                  \
	"(CASE t.tier WHEN 'prospect' THEN 0 WHEN 'tsme' THEN 1 WHEN 'reserve' THEN 2 WHEN 'key' " \
	"THEN 3 WHEN 'hnte' THEN 4 WHEN 'leader' THEN 5 ELSE 6 END)"

static void order_sql(const struct enterprise_filter *f, struct strbuf *sql)
{
	const char *dir = f->descending ? " DESC" : "";
	switch (f->sort) {
	case ENTERPRISE_SORT_USCC: strbuf_addf(sql, " ORDER BY t.uscc%s", dir); return;
	case ENTERPRISE_SORT_AREA:
		strbuf_addf(sql, " ORDER BY t.area%s, t.name%s, t.id%s", dir, dir, dir);
		return;
	case ENTERPRISE_SORT_TIER:
		strbuf_addf(sql, " ORDER BY " TIER_RANK "%s, t.name%s, t.id%s", dir, dir, dir);
		return;
	case ENTERPRISE_SORT_FIELD:
		strbuf_addf(sql, " ORDER BY t.field%s, t.name%s, t.id%s", dir, dir, dir);
		return;
	case ENTERPRISE_SORT_EXPIRY:
		/* absent certificates last in both directions */
		strbuf_addf(sql,
			    " ORDER BY (t.hnte_expires_on IS NULL), t.hnte_expires_on%s, t.id%s",
			    dir, dir);
		return;
	case ENTERPRISE_SORT_UPDATED:
		strbuf_addf(sql, " ORDER BY t.updated_at%s, t.id%s", dir, dir);
		return;
	case ENTERPRISE_SORT_NAME:
	default: strbuf_addf(sql, " ORDER BY t.name%s, t.id%s", dir, dir); return;
	}
}

int enterprise_count(struct ledger *l, const struct enterprise_filter *f, int64_t *count,
		     struct err *e)
{
	struct strbuf sql;
	struct list_params p;
	struct store_stmt *st = NULL;
	int rc = check_filter(f, 0, e);
	*count = 0;
	if (rc)
		return rc;
	strbuf_init(&sql, 8192);
	strbuf_init(&p.like, 1024);
	strbuf_adds(&sql, "SELECT count(*) FROM enterprises t");
	where_sql(l, f, &sql);
	rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	if (rc)
		goto out;
	where_bind(l, f, st, &p);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		*count = store_column_int(st, 0);
		rc = 0;
	}
out:
	store_finish(st);
	strbuf_cleanup(&sql);
	strbuf_cleanup(&p.like);
	return rc < 0 ? rc : 0;
}

int enterprise_list(struct ledger *l, const struct enterprise_filter *f, struct arena *arena,
		    struct enterprise_page *out, struct err *e)
{
	struct strbuf sql;
	struct list_params p;
	struct store_stmt *st = NULL;
	int64_t limit = f->limit ? f->limit : 50;
	size_t count = 0;
	int rc;

	memset(out, 0, sizeof *out);
	out->total = -1;
	rc = check_filter(f, 1, e);
	if (rc)
		return rc;
	strbuf_init(&sql, 8192);
	strbuf_init(&p.like, 1024);
	if (f->want_total) {
		rc = enterprise_count(l, f, &out->total, e);
		if (rc)
			goto out;
	}
	strbuf_adds(&sql, "SELECT " ENT_COLS " FROM enterprises t");
	where_sql(l, f, &sql);
	order_sql(f, &sql);
	strbuf_adds(&sql, " LIMIT $10 OFFSET $11");
	rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	if (rc)
		goto out;
	where_bind(l, f, st, &p);
	store_bind_int(st, 10, limit);
	store_bind_int(st, 11, f->offset);
	out->items = arena_alloc(arena, (size_t)limit * sizeof *out->items);
	while ((rc = store_step(st, e)) == STORE_ROW && count < (size_t)limit)
		read_row(st, arena, &out->items[count++]);
	if (rc >= 0) {
		rc = 0;
		out->n = count;
	}
out:
	store_finish(st);
	strbuf_cleanup(&sql);
	strbuf_cleanup(&p.like);
	return rc;
}

int enterprise_each(struct ledger *l, const struct enterprise_filter *f,
		    int (*cb)(void *ctx, const struct enterprise *ent), void *ctx, struct err *e)
{
	struct strbuf sql;
	struct list_params p;
	struct store_stmt *st = NULL;
	struct arena *arena = NULL;
	int rc = check_filter(f, 0, e);
	if (rc)
		return rc;
	strbuf_init(&sql, 8192);
	strbuf_init(&p.like, 1024);
	arena = arena_new();
	strbuf_adds(&sql, "SELECT " ENT_COLS " FROM enterprises t");
	where_sql(l, f, &sql);
	order_sql(f, &sql);
	rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	if (rc)
		goto out;
	where_bind(l, f, st, &p);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		struct enterprise ent;
		arena_reset(arena);
		read_row(st, arena, &ent);
		rc = cb(ctx, &ent);
		if (rc)
			goto out;
	}
	if (rc > 0)
		rc = 0;
out:
	store_finish(st);
	strbuf_cleanup(&sql);
	strbuf_cleanup(&p.like);
	arena_free(arena);
	return rc;
}

/* ---- expert assignments ------------------------------------------------------------- */

static int expert_json_pair(const char *uscc, int64_t expert_id, char **out)
{
	json_t *o = json_object();
	ledger_json_str(o, "uscc", uscc);
	ledger_json_int(o, "expert_id", expert_id);
	*out = ledger_json_take(o);
	return 0;
}

int enterprise_assign_expert(struct ledger *l, const char *uscc, int64_t expert_id, struct err *e)
{
	struct store_stmt *st = NULL;
	char key[64], now[21], u[19], *after = NULL;
	int64_t id = 0;
	int rc = ledger_write_begin(l, e);
	if (rc)
		return rc;
	rc = ledger_enterprise_id(l, uscc, &id, e);
	if (rc)
		goto out;
	if (!may_edit(&l->scope)) {
		rc = forbidden(e);
		goto out;
	}
	rc = store_prepare(l->db, "SELECT role FROM users WHERE id = $1", &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, expert_id);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		const char *role = store_column_text(st, 0, NULL);
		rc = role && !strcmp(role, "expert")
			     ? 0
			     : err_set(e, ERR_INVALID, "expert_id", "该用户不是专家");
	} else if (rc == STORE_DONE) {
		rc = err_set(e, ERR_INVALID, "expert_id", "专家用户不存在");
	}
	store_finish(st);
	st = NULL;
	if (rc)
		goto out;
	rc = store_prepare(l->db,
			   "INSERT INTO expert_assignments (user_id, enterprise_id, created_at) "
			   "VALUES ($1, $2, $3)",
			   &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, expert_id);
	store_bind_int(st, 2, id);
	store_bind_text(st, 3, ledger_now(now), STORE_NTS);
	rc = store_run(st, e);
	store_finish(st);
	if (rc == ERR_CONFLICT)
		rc = err_set(e, ERR_CONFLICT, "expert_id", "该专家已分配给此企业");
	if (rc)
		goto out;
	ledger_norm_uscc(uscc, u);
	snprintf(key, sizeof key, "%s/%lld", u, (long long)expert_id);
	expert_json_pair(u, expert_id, &after);
	rc = audit_record(l, "create", "expert_assignments", key, NULL, after, e);
out:
	free(after);
	return ledger_write_end(l, rc, e);
}

int enterprise_unassign_expert(struct ledger *l, const char *uscc, int64_t expert_id, struct err *e)
{
	struct store_stmt *st = NULL;
	char key[64], u[19], *before = NULL;
	int64_t id = 0;
	int rc = ledger_write_begin(l, e);
	if (rc)
		return rc;
	rc = ledger_enterprise_id(l, uscc, &id, e);
	if (rc)
		goto out;
	if (!may_edit(&l->scope)) {
		rc = forbidden(e);
		goto out;
	}
	rc = store_prepare(
		l->db, "DELETE FROM expert_assignments WHERE user_id = $1 AND enterprise_id = $2",
		&st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, expert_id);
	store_bind_int(st, 2, id);
	rc = store_run(st, e);
	store_finish(st);
	if (rc)
		goto out;
	if (store_changes(l->db) == 0) {
		rc = err_set(e, ERR_NOT_FOUND, "expert_id", "该专家未分配给此企业");
		goto out;
	}
	ledger_norm_uscc(uscc, u);
	snprintf(key, sizeof key, "%s/%lld", u, (long long)expert_id);
	expert_json_pair(u, expert_id, &before);
	rc = audit_record(l, "delete", "expert_assignments", key, before, NULL, e);
out:
	free(before);
	return ledger_write_end(l, rc, e);
}

int enterprise_experts(struct ledger *l, const char *uscc, struct arena *arena, int64_t **ids,
		       size_t *n, struct err *e)
{
	struct store_stmt *st = NULL;
	int64_t id = 0, *out = NULL;
	size_t cap = 0, count = 0;
	int rc;
	*ids = NULL;
	*n = 0;
	rc = ledger_enterprise_id(l, uscc, &id, e);
	if (rc)
		return rc;
	rc = store_prepare(l->db,
			   "SELECT user_id FROM expert_assignments WHERE enterprise_id = $1 "
			   "ORDER BY user_id",
			   &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, id);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		out = ledger_grow(arena, out, count, &cap, sizeof *out, 8);
		out[count++] = store_column_int(st, 0);
	}
	store_finish(st);
	if (rc < 0)
		return rc;
	*ids = out;
	*n = count;
	return 0;
}

/* ---- bulk (demo) ------------------------------------------------------------------- */

static int run_insert_with_id(struct store_stmt *st, int64_t id, const struct enterprise *in,
			      const char *now, struct err *e)
{
	char uscc[19];
	struct enterprise v = *in;
	ledger_norm_uscc(in->uscc, uscc);
	v.hnte_expires_on = derive_expiry(in);
	bind_fields(st, uscc, &v);
	store_bind_text_static(st, 24, in->created_at[0] ? in->created_at : now, STORE_NTS);
	store_bind_text_static(st, 25, in->updated_at[0] ? in->updated_at : now, STORE_NTS);
	store_bind_int(st, 26, id);
	return store_run(st, e);
}

int enterprise_bulk_insert(struct store *db, int64_t id, const struct enterprise *in,
			   const char *now, struct err *e)
{
	/*
	 * The id is given, not taken back with RETURNING: SQLite runs RETURNING
	 * through its trigger machinery (a result table and a statement journal
	 * per statement), measured at about 70% of the cost of such an insert.
	 */
	struct store_stmt *st = NULL;
	int rc = store_prepare(db, SQL_INSERT_WITH_ID, &st, e);
	if (rc)
		return rc;
	rc = run_insert_with_id(st, id, in, now, e);
	store_finish(st);
	char uscc[19];
	ledger_norm_uscc(in->uscc, uscc);
	if (rc == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT, "uscc",
			       "统一社会信用代码或企业编号已存在：%s（%lld）", uscc, (long long)id);
	if (rc == ERR_INVALID)
		return err_set(e, ERR_INVALID, "area", "区域不存在：%s", in->area);
	return rc;
}

int enterprise_bulk_tier_history(struct store *db, int64_t enterprise_id, int has_from,
				 enum tier from, enum tier to, int32_t on, const char *reason,
				 const char *now, struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = store_prepare(db,
			       "INSERT INTO tier_history (enterprise_id, from_tier, to_tier, "
			       "changed_on, user_name, reason, created_at) "
			       "VALUES ($1, $2, $3, $4, 'system', $5, $6)",
			       &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, enterprise_id);
	store_bind_text(st, 2, has_from ? enterprise_tier_name(from) : NULL, STORE_NTS);
	store_bind_text(st, 3, enterprise_tier_name(to), STORE_NTS);
	ledger_bind_date(st, 4, on == LEDGER_NO_DATE ? date_today() : on);
	store_bind_text(st, 5, reason ? reason : "", STORE_NTS);
	store_bind_text(st, 6, now, STORE_NTS);
	rc = store_run(st, e);
	store_finish(st);
	return rc;
}

int enterprise_bulk_assign_expert(struct store *db, int64_t enterprise_id, int64_t expert_id,
				  struct err *e)
{
	struct store_stmt *st = NULL;
	char now[21];
	int rc =
		store_prepare(db,
			      "INSERT INTO expert_assignments (user_id, enterprise_id, created_at) "
			      "VALUES ($1, $2, $3)",
			      &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, expert_id);
	store_bind_int(st, 2, enterprise_id);
	store_bind_text(st, 3, ledger_now(now), STORE_NTS);
	rc = store_run(st, e);
	store_finish(st);
	return rc;
}
