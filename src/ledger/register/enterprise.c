/*
 * enterprise — the enterprise register: validation, create/update/get, tier
 * changes with history, the scoped list, expert assignments and the rows of
 * a seed (base/seed.h).
 */
#include "ledger/register/enterprise.h"
#include "ledger/internal.h"
#include "ledger/register/rows.h"
#include "ledger/base/seedrow.h"
#include "ledger/base/perm.h"

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/money.h"
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

int enterprise_tier_of_text(const char *s)
{
	int i = ledger_code_find(tier_names, NULL, TIER_COUNT, s);
	return i >= 0 ? i : TIER_PROSPECT;
}

/* ---- the column table ----------------------------------------------------------------- */

#define TEXT(n, l, max, fl)                                                                        \
	{                                                                                          \
#n, l, LCOL_TEXT, offsetof(struct enterprise, n), max, 0, 0, NULL, 0, fl           \
	}
#define DATE(n, l, fl)                                                                             \
	{                                                                                          \
#n, l, LCOL_DATE, offsetof(struct enterprise, n), 0, 0, 0, NULL, 0, fl             \
	}
#define BOOL(n, l, fl)                                                                             \
	{                                                                                          \
#n, l, LCOL_BOOL, offsetof(struct enterprise, n), 0, 0, 0, NULL, 0, fl             \
	}

_Static_assert(sizeof(enum tier) == sizeof(int), "LCOL_CODE values are read as int");

/*
 * Every column of enterprises, in the order of SELECT lists, audit images and
 * API members. The limits are the ledger's: http reads the API members with
 * them and io checks imported cells against them.
 */
const struct ledger_column enterprise_columns[ENTERPRISE_NCOLUMNS] = {
	{"id", "编号", LCOL_ID, offsetof(struct enterprise, id), 0, 0, 0, NULL, 0, 0},
	{"uscc", "统一社会信用代码", LCOL_KEY, offsetof(struct enterprise, uscc), 18, 0, 0, NULL, 0,
	 LCOL_REQUIRED},
	TEXT(name, "企业名称", 200, LCOL_REQUIRED | LCOL_EDIT),
	TEXT(area, "所属区域", 16, LCOL_REQUIRED | LCOL_EDIT),
	TEXT(address, "地址", 500, LCOL_EDIT),
	DATE(registered_on, "成立日期", LCOL_EDIT),
	TEXT(legal_rep, "法定代表人", 100, LCOL_EDIT),
	TEXT(contact_name, "联系人", 100, LCOL_EDIT),
	TEXT(contact_phone, "联系电话", 50, LCOL_EDIT),
	TEXT(industry, "所属行业", 200, LCOL_EDIT),
	TEXT(field, "技术领域", 8, LCOL_EDIT),
	TEXT(main_products, "主要产品", 2000, LCOL_EDIT),
	BOOL(above_scale, "规上企业", LCOL_EDIT),
	BOOL(listed, "上市企业", LCOL_EDIT),
	TEXT(tags, "标签", ENTERPRISE_TAGS_MAX, LCOL_EDIT | LCOL_EMPTY),
	{"tier", "层级", LCOL_CODE, offsetof(struct enterprise, tier), 0, 0, 0, tier_names,
	 TIER_COUNT, 0},
	TEXT(exit_reason, "退出原因", 500, 0),
	TEXT(hnte_cert_no, "高企证书编号", 50, LCOL_EDIT),
	DATE(hnte_issued_on, "高企发证日期", LCOL_EDIT),
	DATE(hnte_expires_on, "高企证书有效期", LCOL_EDIT),
	TEXT(hnte_batch, "认定批次", 100, LCOL_EDIT),
	TEXT(tsme_reg_no, "科技型中小企业入库登记编号", 50, LCOL_EDIT),
	{"tsme_year", "入库年度", LCOL_INT, offsetof(struct enterprise, tsme_year), 0, 1990, 9999,
	 NULL, 0, LCOL_EDIT},
	TEXT(county_contact, "县级联系人", 100, LCOL_EDIT),
	{"registered_capital", "注册资本", LCOL_INT,
	 offsetof(struct enterprise, registered_capital), 0, 0, MONEY_MAX_FEN, NULL, 0, LCOL_EDIT},
	TEXT(capital_currency, "注册资本币种", 3, LCOL_EDIT),
	{"created_at", "创建时间", LCOL_STAMP, offsetof(struct enterprise, created_at), 0, 0, 0,
	 NULL, 0, 0},
	{"updated_at", "更新时间", LCOL_STAMP, offsetof(struct enterprise, updated_at), 0, 0, 0,
	 NULL, 0, 0},
};
#define ENT_NCOLS ENTERPRISE_NCOLUMNS
enum { ENT_COL_USCC = 1, ENT_COL_TIER = 15, ENT_COL_CREATED = 26, ENT_COL_UPDATED = 27 };
_Static_assert(ENT_NCOLS <= 32, "a patch names columns in a 32-bit mask");

void enterprise_init(struct enterprise *ent)
{
	memset(ent, 0, sizeof *ent);
	ent->registered_on = LEDGER_NO_DATE;
	ent->hnte_issued_on = LEDGER_NO_DATE;
	ent->hnte_expires_on = LEDGER_NO_DATE;
	ent->tsme_year = LEDGER_NONE;
	ent->registered_capital = LEDGER_NONE;
	ent->tier = TIER_PROSPECT;
}

/* ---- validation ------------------------------------------------------------------- */

/* The registered capital and its currency: both or neither; the currency three capitals (ISO 4217).
 */
static int check_capital(const struct enterprise *in, struct err *e)
{
	const char *c = in->capital_currency;
	int has_cur = c && c[0];
	if (in->registered_capital == LEDGER_NONE && !has_cur)
		return 0;
	if (in->registered_capital == LEDGER_NONE)
		return err_set(e, ERR_INVALID, "registered_capital",
			       "填写了注册资本币种但没有注册资本");
	if (!has_cur)
		return err_set(e, ERR_INVALID, "capital_currency",
			       "注册资本须注明币种（如 CNY、USD）");
	for (size_t i = 0; i < 3; i++)
		if (c[i] < 'A' || c[i] > 'Z')
			return err_set(
				e, ERR_INVALID, "capital_currency",
				"注册资本币种应为三个大写字母的币种代码（如 CNY、USD）：%.10s", c);
	return 0;
}

int enterprise_validate(const struct enterprise *in, char out_uscc[19], struct err *e)
{
	struct uscc u;
	int rc = uscc_parse(in->uscc, strnlen(in->uscc, sizeof in->uscc), 0, &u, e);
	if (rc)
		return rc;
	if (out_uscc)
		memcpy(out_uscc, u.code, sizeof u.code);
	rc = ledger_cols_check(enterprise_columns, ENT_NCOLS, in, e);
	if (rc)
		return rc;
	if (in->field && in->field[0]) {
		size_t n = strlen(in->field);
		int digits = n == 2 || n == 3 || n == 5;
		for (size_t i = 0; digits && i < n; i++)
			digits = in->field[i] >= '0' && in->field[i] <= '9';
		if (!digits)
			return err_set(e, ERR_INVALID, "field",
				       "技术领域代码无效：%s（应为2、3或5位数字）", in->field);
		const struct fields_table *ft = ledger_fields();
		if (ft && !fields_find(ft, in->field))
			return err_set(e, ERR_INVALID, "field", "技术领域代码不存在：%s",
				       in->field);
	}
	rc = check_capital(in, e);
	if (rc)
		return rc;
	if (in->tier == TIER_EXITED && (!in->exit_reason || !in->exit_reason[0]))
		return err_set(e, ERR_INVALID, "exit_reason", "退出的企业必须填写退出原因");
	if (in->hnte_issued_on != LEDGER_NO_DATE && in->hnte_expires_on != LEDGER_NO_DATE &&
	    in->hnte_expires_on < in->hnte_issued_on)
		return err_set(e, ERR_INVALID, "hnte_expires_on", "高企证书有效期不能早于发证日期");
	return 0;
}

/* ---- tags ------------------------------------------------------------------------- */

/* The tags that mean the mark above_scale (规上企业), never stored as tags. */
static const char *const above_scale_tags[] = {"规上企业", "规模以上", "规模以上企业", "规上",
					       "规模以上工业企业"};

/* The byte length of the tag separator at S (, ， 、 ; ； newline), 0 when none. */
static size_t tag_sep(const char *s)
{
	if (*s == ',' || *s == ';' || *s == '\n' || *s == '\r')
		return 1;
	if (!strncmp(s, "，", 3) || !strncmp(s, "、", 3) || !strncmp(s, "；", 3))
		return 3;
	return 0;
}

/* The byte length of the blank at S (ASCII space or tab, U+3000), 0 when none. */
static size_t tag_blank(const char *s)
{
	if (*s == ' ' || *s == '\t')
		return 1;
	return strncmp(s, "　", 3) ? 0 : 3;
}

void enterprise_tags_normalise(struct enterprise *v, char *buf, size_t cap)
{
	const char *s = v->tags ? v->tags : "";
	size_t n = 0;
	buf[0] = '\0';
	while (*s) {
		size_t k;
		while ((k = tag_sep(s)) || (k = tag_blank(s)))
			s += k;
		const char *start = s, *end = s;
		while (*s && !tag_sep(s)) {
			if ((k = tag_blank(s))) {
				s += k;
			} else {
				s++;
				end = s;
			}
		}
		size_t len = (size_t)(end - start);
		if (!len)
			continue;
		int above = 0;
		for (size_t i = 0; i < sizeof above_scale_tags / sizeof above_scale_tags[0]; i++)
			above |= strlen(above_scale_tags[i]) == len &&
				 !memcmp(above_scale_tags[i], start, len);
		if (above) {
			v->above_scale = 1;
			continue;
		}
		int seen = 0; /* already in buf as a whole tag */
		for (const char *t = buf; *t && !seen;) {
			const char *c = strchr(t, ',');
			size_t tl = c ? (size_t)(c - t) : strlen(t);
			seen = tl == len && !memcmp(t, start, len);
			t += tl + (c != NULL);
		}
		if (seen || n + (n > 0) + len + 1 > cap)
			continue;
		if (n)
			buf[n++] = ',';
		memcpy(buf + n, start, len);
		n += len;
		buf[n] = '\0';
	}
	v->tags = buf;
}

/* ---- rows ------------------------------------------------------------------------- */

/* The SQL generated from the column table, once. */
static struct {
	char cols[1024];   /* "t.id, t.uscc, …" in table order */
	char insert[1024]; /* with the id given as $26: RETURNING runs SQLite's trigger machinery */
	char insert_auto[1024]; /* without the id, RETURNING it (a single creation) */
	char update[1024];	/* the editable columns, updated_at = $25, WHERE uscc = $1 */
} gen;
static pthread_once_t sql_once = PTHREAD_ONCE_INIT;

static void build_sql(void)
{
	struct strbuf sb;
	strbuf_init(&sb, 1024);
	ledger_cols_select(enterprise_columns, ENT_NCOLS, "t", &sb);
	ledger_sql_keep(gen.cols, sizeof gen.cols, &sb);
	strbuf_adds(&sb, "INSERT INTO enterprises (");
	ledger_cols_select(enterprise_columns, ENT_NCOLS, NULL, &sb);
	strbuf_adds(&sb, ") VALUES (");
	for (size_t k = 0; k < ENT_NCOLS; k++)
		strbuf_addf(&sb, "%s$%zu", k ? ", " : "", k ? k : ENT_NCOLS);
	strbuf_adds(&sb, ")");
	ledger_sql_keep(gen.insert, sizeof gen.insert, &sb);
	strbuf_adds(&sb, "INSERT INTO enterprises (");
	ledger_cols_select(enterprise_columns + 1, ENT_NCOLS - 1, NULL, &sb);
	strbuf_adds(&sb, ") VALUES (");
	for (size_t k = 1; k < ENT_NCOLS; k++)
		strbuf_addf(&sb, "%s$%zu", k > 1 ? ", " : "", k);
	strbuf_adds(&sb, ") RETURNING id");
	ledger_sql_keep(gen.insert_auto, sizeof gen.insert_auto, &sb);
	strbuf_adds(&sb, "UPDATE enterprises SET ");
	for (size_t k = 0; k < ENT_NCOLS; k++)
		if (enterprise_columns[k].flags & LCOL_EDIT)
			strbuf_addf(&sb, "%s = $%zu, ", enterprise_columns[k].name, k);
	strbuf_addf(&sb, "updated_at = $%d WHERE uscc = $%d", ENT_COL_UPDATED, ENT_COL_USCC);
	ledger_sql_keep(gen.update, sizeof gen.update, &sb);
	strbuf_cleanup(&sb);
}

const char *enterprise_sql_cols(void)
{
	pthread_once(&sql_once, build_sql);
	return gen.cols;
}

static const char *sql_insert(void)
{
	pthread_once(&sql_once, build_sql);
	return gen.insert;
}

static const char *sql_insert_auto(void)
{
	pthread_once(&sql_once, build_sql);
	return gen.insert_auto;
}

static const char *sql_update(void)
{
	pthread_once(&sql_once, build_sql);
	return gen.update;
}

static int run_insert_with_id(struct store_stmt *st, int64_t id, const struct enterprise *in,
			      const char *now, struct err *e);

void enterprise_read_row(struct store_stmt *st, struct arena *a, struct enterprise *o)
{
	enterprise_init(o);
	ledger_cols_read(st, 0, enterprise_columns, ENT_NCOLS, a, o);
}

/* Bind the written columns of IN with the key USCC ($1 … $23, the table's indexes). */
static void bind_fields(struct store_stmt *st, const char *uscc, const struct enterprise *in)
{
	struct enterprise v = *in;
	memcpy(v.uscc, uscc, sizeof v.uscc);
	if (v.tier != TIER_EXITED)
		v.exit_reason = NULL;
	/* text is bound without a copy: V's strings are IN's, which outlive the step */
	ledger_cols_bind(st, enterprise_columns, ENT_NCOLS, 0, &v);
}

/* The members of the row's audit JSON into O; COMPACT leaves out the absent fields. */
static void ent_fill(struct ledger_jobj *o, const char *uscc, const struct enterprise *in,
		     int compact)
{
	struct enterprise v = *in;
	memcpy(v.uscc, uscc, sizeof v.uscc);
	if (v.tier != TIER_EXITED)
		v.exit_reason = NULL;
	ledger_jobj_init(o);
	o->omit_null = compact;
	ledger_cols_audit(o, enterprise_columns, ENT_NCOLS, &v);
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
	return perm_may(s, CAP_ENTERPRISES_EDIT);
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
	int rc = ledger_stmt(l, LEDGER_SLOT_AREA, "SELECT name FROM areas WHERE code = $1", &st, e);
	if (rc)
		return rc;
	store_bind_text(st, 1, area, STORE_NTS);
	rc = store_step(st, e);
	/* the area's name for the refusal below: people know 沾益区, not 530303 */
	char name[64] = "";
	size_t name_len = 0;
	const char *stored = rc == STORE_ROW ? store_column_text(st, 0, &name_len) : NULL;
	if (stored && name_len < sizeof name)
		memcpy(name, stored, name_len + 1);
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
		return err_set(e, ERR_FORBIDDEN, "area", "无权在%s（%s）中登记或移入企业",
			       name[0] ? name : "该区域", area);
	return 0;
}

int enterprise_area_allowed(struct ledger *l, const char *area, struct err *e)
{
	if (!area || !area[0])
		return err_set(e, ERR_INVALID, "area", "所属区域不能为空");
	return check_area_allowed(l, area, e);
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
	int rc = store_prepare(db, sql_insert_auto(), &st, e);
	if (rc)
		return rc;
	bind_fields(st, uscc, in);
	store_bind_text(st, ENT_COL_CREATED, created, STORE_NTS);
	store_bind_text(st, ENT_COL_UPDATED, updated, STORE_NTS);
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
	char uscc[19], now[21], tags[ENTERPRISE_TAGS_MAX + 1];
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
	enterprise_tags_normalise(&v, tags, sizeof tags);
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
	ledger_assess_mark(l, newid);
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
	char uscc[19], now[21], tags[ENTERPRISE_TAGS_MAX + 1];
	struct enterprise v = *in;
	char *after = NULL;
	int rc;

	if (!may_edit(&l->scope))
		return err_set(e, ERR_FORBIDDEN, NULL, "无权登记企业");
	rc = enterprise_validate(in, uscc, e);
	if (rc)
		return rc;
	v.hnte_expires_on = derive_expiry(in);
	enterprise_tags_normalise(&v, tags, sizeof tags);
	rc = check_area_allowed(l, in->area, e);
	if (rc)
		return rc;
	ledger_now(now);
	memcpy(v.created_at, now, sizeof now);
	memcpy(v.updated_at, now, sizeof now);
	memcpy(v.uscc, uscc, sizeof uscc);
	/* the one statement that may fail on a constraint: nothing written before it */
	struct store_stmt *st = NULL;
	rc = ledger_stmt(l, LEDGER_SLOT_ENT_INSERT, sql_insert(), &st, e);
	if (rc)
		return rc;
	rc = run_insert_with_id(st, id, &v, now, e);
	ledger_stmt_done(l, LEDGER_SLOT_ENT_INSERT, st);
	rc = insert_error(rc, uscc, in, e);
	if (rc)
		return rc;
	ledger_assess_mark(l, id);
	rc = insert_history(l, id, 0, TIER_PROSPECT, v.tier, LEDGER_NO_DATE, l->scope.user_id,
			    l->scope.user_name, "登记", e);
	if (!rc) {
		after = ent_json(uscc, &v, 1);
		rc = audit_record(l, "create", "enterprises", uscc, NULL, after, e);
		free(after);
	}
	if (rc && rc != ERR_DB && rc != ERR_BUSY)
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
	strbuf_adds(&sql, "SELECT ");
	strbuf_adds(&sql, enterprise_sql_cols());
	strbuf_adds(&sql, " FROM enterprises t WHERE ");
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
		enterprise_read_row(st, arena, out);
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
 * the issue date, the tags normalised into TAGS. enterprise_update and
 * enterprise_unchanged agree by both taking it from here.
 */
static void updated_row(const struct enterprise *old, const struct enterprise *in,
			struct enterprise *v, char tags[ENTERPRISE_TAGS_MAX + 1])
{
	*v = *in;
	memcpy(v->uscc, old->uscc, sizeof v->uscc);
	v->tier = old->tier;
	v->exit_reason = old->exit_reason;
	v->hnte_expires_on = derive_expiry(v);
	if (v->tags && strlen(v->tags) <= ENTERPRISE_TAGS_MAX) /* longer: refused by validation */
		enterprise_tags_normalise(v, tags, ENTERPRISE_TAGS_MAX + 1);
}

void enterprise_patch_init(struct enterprise_patch *p)
{
	memset(p, 0, sizeof *p);
	enterprise_init(&p->v);
}

int enterprise_patch_name(struct enterprise_patch *p, const char *name, struct err *e)
{
	const struct ledger_column *c = ledger_column_find(enterprise_columns, ENT_NCOLS, name);
	if (!c || !(c->flags & LCOL_EDIT || c->type == LCOL_KEY || c->type == LCOL_CODE))
		return err_set(e, ERR_INVALID, name, "不能修改的字段：%s", name ? name : "");
	p->set |= UINT32_C(1) << (c - enterprise_columns);
	return 0;
}

static int named(const struct enterprise_patch *p, int col)
{
	return (p->set >> col) & 1u;
}

/* The key and the tier may be named in a patch only with their stored values. */
static int check_fixed(const struct enterprise *old, const struct enterprise_patch *p,
		       struct err *e)
{
	if (named(p, ENT_COL_TIER) && p->v.tier != old->tier)
		return err_set(e, ERR_INVALID, "tier", "层级请通过“调整层级”修改（需要填写原因）");
	if (named(p, ENT_COL_USCC) && strcasecmp(p->v.uscc, old->uscc))
		return err_set(e, ERR_INVALID, "uscc", "统一社会信用代码不能修改");
	return 0;
}

/* Store V as the row of USCC and audit the change BEFORE → AFTER. */
static int write_update(struct ledger *l, const char *uscc, const struct enterprise *v,
			const char *before, const char *after, struct err *e)
{
	struct store_stmt *st = NULL;
	char now[21];
	int rc = store_prepare(l->db, sql_update(), &st, e);
	if (rc)
		return rc;
	bind_fields(st, uscc, v);
	store_bind_text(st, ENT_COL_UPDATED, ledger_now(now), STORE_NTS);
	rc = store_run(st, e);
	store_finish(st);
	return rc ? rc : audit_record(l, "update", "enterprises", uscc, before, after, e);
}

/*
 * The one write path of enterprise_update and enterprise_patch: in one atomic
 * write, read the stored row, take the columns P names from P (all editable
 * ones for an update), validate, write when something changed, and read the
 * row back into *OUT when OUT is not NULL.
 */
static int write_patch(struct ledger *l, const char *uscc, const struct enterprise_patch *p,
		       struct arena *out_arena, struct enterprise *out, int *changed, struct err *e)
{
	int begun = 0; /* ledger_write_begin succeeded: out ends the write */
	struct arena *arena = arena_new();
	struct enterprise old, in, v;
	char *before = NULL, *after = NULL, tags[ENTERPRISE_TAGS_MAX + 1];
	int rc;

	if (changed)
		*changed = 0;
	rc = ledger_write_begin(l, e);
	if (rc)
		goto out;
	begun = 1;
	rc = enterprise_get(l, uscc, arena, &old, e);
	if (rc)
		goto out;
	rc = check_fixed(&old, p, e);
	if (rc)
		goto out;
	if (!may_edit(&l->scope)) {
		rc = forbidden(e);
		goto out;
	}
	in = old;
	for (int k = 0; k < ENT_NCOLS; k++)
		if (named(p, k) && (enterprise_columns[k].flags & LCOL_EDIT))
			ledger_col_copy(&enterprise_columns[k], &in, &p->v);
	updated_row(&old, &in, &v, tags);
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
	if (strcmp(before, after)) { /* nothing changed: no write, no audit */
		rc = write_update(l, old.uscc, &v, before, after, e);
		if (rc)
			goto out;
		ledger_assess_mark(l, old.id); /* registration, field, certificate … */
		if (changed)
			*changed = 1;
	}
	if (out)
		rc = enterprise_get(l, old.uscc, out_arena, out, e);
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

int enterprise_update(struct ledger *l, const char *uscc, const struct enterprise *in, int *changed,
		      struct err *e)
{
	struct enterprise_patch p;
	p.v = *in;
	p.set = 0;
	for (int k = 0; k < ENT_NCOLS; k++)
		if (enterprise_columns[k].flags & LCOL_EDIT)
			p.set |= UINT32_C(1) << k;
	return write_patch(l, uscc, &p, NULL, NULL, changed, e);
}

int enterprise_patch(struct ledger *l, const char *uscc, const struct enterprise_patch *p,
		     struct arena *arena, struct enterprise *out, int *changed, struct err *e)
{
	return write_patch(l, uscc, p, arena, out, changed, e);
}

int enterprise_unchanged(const struct enterprise *old, const struct enterprise *in)
{
	struct enterprise v;
	char tags[ENTERPRISE_TAGS_MAX + 1];
	updated_row(old, in, &v, tags);
	struct ledger_jobj before, after;
	ent_fill(&before, old->uscc, old, 0);
	ent_fill(&after, old->uscc, &v, 0);
	return ledger_jobj_same(&before, &after);
}

/* ---- tier -------------------------------------------------------------------------- */

int enterprise_set_tier(struct ledger *l, const char *uscc, enum tier to, int32_t on,
			const char *reason, struct err *e)
{
	int begun = 0; /* ledger_write_begin succeeded: out ends the write */
	struct arena *arena = arena_new();
	struct enterprise old, v;
	struct store_stmt *st = NULL;
	char *before = NULL, *after = NULL, now[21];
	int rc;

	if ((int)to < 0 || (int)to >= TIER_COUNT) {
		rc = err_set(e, ERR_INVALID, "tier", "层级无效");
		goto out;
	}
	if (!reason || !reason[0]) {
		rc = err_set(e, ERR_INVALID, "reason", "调整层级必须填写原因");
		goto out;
	}
	if (strlen(reason) > 500) {
		rc = err_set(e, ERR_INVALID, "reason", "原因过长（最多500字节）");
		goto out;
	}
	rc = ledger_write_begin(l, e);
	if (rc)
		goto out;
	begun = 1;
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
	if (begun)
		rc = ledger_write_end(l, rc, e);
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
		t->from = (enum tier)enterprise_tier_of_text(store_column_text(st, 1, NULL));
		t->to = (enum tier)enterprise_tier_of_text(store_column_text(st, 2, NULL));
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

/* ---- seeding (base/seed.h) ---------------------------------------------------------- */

static int run_insert_with_id(struct store_stmt *st, int64_t id, const struct enterprise *in,
			      const char *now, struct err *e)
{
	char uscc[19];
	struct enterprise v = *in;
	ledger_norm_uscc(in->uscc, uscc);
	v.hnte_expires_on = derive_expiry(in);
	bind_fields(st, uscc, &v);
	store_bind_text_static(st, ENT_COL_CREATED, in->created_at[0] ? in->created_at : now,
			       STORE_NTS);
	store_bind_text_static(st, ENT_COL_UPDATED, in->updated_at[0] ? in->updated_at : now,
			       STORE_NTS);
	store_bind_int(st, ENT_NCOLS, id); /* the id is the last placeholder of the insert */
	return store_run(st, e);
}

int enterprise_seed(struct ledger_seed *s, const struct enterprise *in, int64_t *id, struct err *e)
{
	struct store_stmt *st = NULL;
	char uscc[19];
	int64_t next = 0;
	int rc = ledger_seed_ready(s, e);
	if (rc)
		return rc;
	if (s->last_id < 0) {
		rc = enterprise_next_id(s->l, &next, e);
		if (rc)
			goto out;
		s->last_id = next - 1;
	}
	/*
	 * The id is given, not taken back with RETURNING: SQLite runs RETURNING
	 * through its trigger machinery (a result table and a statement journal
	 * per statement), measured at about 70% of the cost of such an insert.
	 */
	rc = store_prepare(s->l->db, sql_insert(), &st, e);
	if (rc)
		goto out;
	rc = run_insert_with_id(st, s->last_id + 1, in, s->now, e);
	ledger_norm_uscc(in->uscc, uscc);
	rc = insert_error(rc, uscc, in, e);
	if (rc)
		goto out;
	*id = ++s->last_id;
out:
	store_finish(st);
	return ledger_seed_done(s, LEDGER_SEED_ENTERPRISES, rc, e);
}

int enterprise_seed_tier(struct ledger_seed *s, int64_t enterprise_id, int has_from, enum tier from,
			 enum tier to, int32_t on, const char *reason, struct err *e)
{
	int rc = ledger_seed_ready(s, e);
	if (rc)
		return rc;
	rc = insert_history(s->l, enterprise_id, has_from, from, to, on, s->l->scope.user_id,
			    s->l->scope.user_name, reason, e);
	if (rc == ERR_INVALID)
		rc = err_set(e, ERR_INVALID, "enterprise_id", "企业不存在：%lld",
			     (long long)enterprise_id);
	return ledger_seed_done(s, LEDGER_SEED_TIER_HISTORY, rc, e);
}

int enterprise_seed_expert(struct ledger_seed *s, int64_t enterprise_id, int64_t expert_id,
			   struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = ledger_seed_ready(s, e);
	if (rc)
		return rc;
	rc = store_prepare(s->l->db,
			   "INSERT INTO expert_assignments (user_id, enterprise_id, created_at) "
			   "VALUES ($1, $2, $3)",
			   &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, expert_id);
	store_bind_int(st, 2, enterprise_id);
	store_bind_text_static(st, 3, s->now, STORE_NTS);
	rc = store_run(st, e);
	if (rc == ERR_CONFLICT)
		rc = err_set(e, ERR_CONFLICT, "expert_id", "该专家已分配给此企业");
	else if (rc == ERR_INVALID)
		rc = err_set(e, ERR_INVALID, "expert_id", "专家或企业不存在：%lld/%lld",
			     (long long)expert_id, (long long)enterprise_id);
out:
	store_finish(st);
	return ledger_seed_done(s, LEDGER_SEED_EXPERT_ASSIGNMENTS, rc, e);
}
