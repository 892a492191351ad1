/*
 * policy — award policies as data (see policy.h). Owner of the tables
 * award_policies, award_policy_tiers and award_policy_splits.
 */
#include "ledger/awards/policy.h"
#include "ledger/internal.h"
#include "ledger/base/audit.h"
#include "ledger/base/json.h"
#include "ledger/base/perm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[AWARD_KIND_COUNT] = {
	"first_recognition", "re_recognition", "relocation",
	"tsme_registration", "leader",	       "other"};
static const char *const kind_labels[AWARD_KIND_COUNT] = {"首次认定奖励", "重新认定奖励",
							  "整体迁入奖励", "科技型中小企业入库奖励",
							  "领军企业奖励", "其他"};
static const char *const band_names[AWARD_BAND_COUNT] = {"none", "rd_expense", "revenue"};
static const char *const band_labels[AWARD_BAND_COUNT] = {"固定金额", "按研发费用分档",
							  "按营业收入分档"};

const char *award_kind_name(enum award_kind k)
{
	return ledger_code_at(kind_names, AWARD_KIND_COUNT, (int)k);
}

const char *award_kind_label(enum award_kind k)
{
	return ledger_code_at(kind_labels, AWARD_KIND_COUNT, (int)k);
}

int award_kind_parse(const char *s, enum award_kind *out, struct err *e)
{
	int i = ledger_code_find(kind_names, kind_labels, AWARD_KIND_COUNT, s);
	if (i < 0)
		return err_set(e, ERR_INVALID, "kind", "未知奖补类别：%s", s ? s : "");
	*out = (enum award_kind)i;
	return 0;
}

const char *award_band_name(enum award_band b)
{
	return ledger_code_at(band_names, AWARD_BAND_COUNT, (int)b);
}

const char *award_band_label(enum award_band b)
{
	return ledger_code_at(band_labels, AWARD_BAND_COUNT, (int)b);
}

int award_band_parse(const char *s, enum award_band *out, struct err *e)
{
	int i = ledger_code_find(band_names, band_labels, AWARD_BAND_COUNT, s);
	if (i < 0)
		return err_set(e, ERR_INVALID, "band_basis", "未知分档依据：%s", s ? s : "");
	*out = (enum award_band)i;
	return 0;
}

void award_policy_init(struct award_policy *p)
{
	memset(p, 0, sizeof *p);
	p->active = 1;
}

int64_t award_policy_amount(const struct award_policy *p, int64_t value)
{
	if (p->band == AWARD_BAND_NONE)
		return p->amount;
	if (value == LEDGER_NONE)
		return -1;
	int64_t got = -1;
	for (size_t i = 0; i < p->n_tiers; i++)
		if (p->tiers[i].min_value <= value)
			got = p->tiers[i].amount;
	return got;
}

void award_policy_split(const struct award_policy *p, const char *area, int64_t amount,
			int64_t *city, int64_t *county)
{
	int64_t bp = p->county_bp, fixed = LEDGER_NONE;
	for (size_t i = 0; area && i < p->n_splits; i++)
		if (!strcmp(p->splits[i].area, area)) {
			bp = p->splits[i].county_bp;
			fixed = p->splits[i].county_fixed;
		}
	int64_t c;
	if (fixed != LEDGER_NONE)
		c = fixed < amount ? fixed : amount;
	else
		c = amount * bp / 10000; /* amount ≤ AWARD_AMOUNT_MAX: no overflow; floor */
	*county = c;
	*city = amount - c;
}

/* ---- checks and images ---------------------------------------------------------------- */

static int policy_check(struct ledger *l, const struct award_policy *in, struct err *e)
{
	if (in->year < 2000 || in->year > 2100)
		return err_set(e, ERR_INVALID, "year", "政策年度无效（2000–2100）");
	if (!in->name || !in->name[0])
		return err_set(e, ERR_INVALID, "name", "政策名称不能为空");
	if (strlen(in->name) > 200)
		return err_set(e, ERR_INVALID, "name", "政策名称过长（最多200字节）");
	if (in->doc_no && strlen(in->doc_no) > 100)
		return err_set(e, ERR_INVALID, "doc_no", "文号过长（最多100字节）");
	if (in->note && strlen(in->note) > 1000)
		return err_set(e, ERR_INVALID, "note", "备注过长（最多1000字节）");
	int rc = ledger_text_check(in->name, "name", "政策名称", e);
	if (!rc)
		rc = ledger_text_check(in->doc_no, "doc_no", "文号", e);
	if (!rc)
		rc = ledger_text_check(in->note, "note", "备注", e);
	if (rc)
		return rc;
	if ((int)in->kind < 0 || in->kind >= AWARD_KIND_COUNT)
		return err_set(e, ERR_INVALID, "kind", "奖补类别无效");
	if ((int)in->band < 0 || in->band >= AWARD_BAND_COUNT)
		return err_set(e, ERR_INVALID, "band_basis", "分档依据无效");
	if (in->amount < 0 || in->amount > AWARD_AMOUNT_MAX)
		return err_set(e, ERR_INVALID, "amount", "奖补金额无效（0–10亿元）");
	if (in->county_bp < 0 || in->county_bp > 10000)
		return err_set(e, ERR_INVALID, "county_bp", "县级分担比例应在0–10000基点之间");
	if (in->band == AWARD_BAND_NONE && in->n_tiers)
		return err_set(e, ERR_INVALID, "tiers", "固定金额的政策不应有分档");
	if (in->band != AWARD_BAND_NONE && !in->n_tiers)
		return err_set(e, ERR_INVALID, "tiers", "分档政策至少需要一档");
	if (in->n_tiers > AWARD_TIERS_MAX)
		return err_set(e, ERR_INVALID, "tiers", "分档过多（最多%d档）", AWARD_TIERS_MAX);
	for (size_t i = 0; i < in->n_tiers; i++) {
		char f[32];
		const struct award_tier *t = &in->tiers[i];
		if (t->min_value < 0 || t->min_value > 1000000000000000LL) {
			snprintf(f, sizeof f, "tiers[%zu].min_value", i);
			return err_set(e, ERR_INVALID, f, "第%zu档的下限无效", i + 1);
		}
		if (t->amount < 0 || t->amount > AWARD_AMOUNT_MAX) {
			snprintf(f, sizeof f, "tiers[%zu].amount", i);
			return err_set(e, ERR_INVALID, f, "第%zu档的金额无效（0–10亿元）", i + 1);
		}
		if (i && t->min_value <= in->tiers[i - 1].min_value) {
			snprintf(f, sizeof f, "tiers[%zu].min_value", i);
			return err_set(e, ERR_INVALID, f, "第%zu档的下限应高于上一档", i + 1);
		}
	}
	if (in->n_splits > AWARD_SPLITS_MAX)
		return err_set(e, ERR_INVALID, "splits", "分区分担设置过多");
	for (size_t i = 0; i < in->n_splits; i++) {
		char f[32];
		const struct award_split *s = &in->splits[i];
		snprintf(f, sizeof f, "splits[%zu]", i);
		if ((s->county_bp == LEDGER_NONE) == (s->county_fixed == LEDGER_NONE))
			return err_set(e, ERR_INVALID, f, "第%zu个区县应设比例或固定金额之一",
				       i + 1);
		if (s->county_bp != LEDGER_NONE && (s->county_bp < 0 || s->county_bp > 10000))
			return err_set(e, ERR_INVALID, f, "第%zu个区县的分担比例无效", i + 1);
		if (s->county_fixed != LEDGER_NONE &&
		    (s->county_fixed < 0 || s->county_fixed > AWARD_AMOUNT_MAX))
			return err_set(e, ERR_INVALID, f, "第%zu个区县的固定金额无效", i + 1);
		for (size_t j = 0; j < i; j++)
			if (!strcmp(in->splits[j].area, s->area))
				return err_set(e, ERR_INVALID, f, "区县重复：%s", s->area);
		struct store_stmt *st = NULL;
		rc = store_prepare(l->db, "SELECT 1 FROM areas WHERE code = $1", &st, e);
		if (rc)
			return rc;
		store_bind_text(st, 1, s->area, STORE_NTS);
		rc = store_step(st, e);
		store_finish(st);
		if (rc < 0)
			return rc;
		if (rc != STORE_ROW)
			return err_set(e, ERR_INVALID, f, "未知区县：%s", s->area);
	}
	return 0;
}

static char *policy_image(const struct award_policy *p)
{
	struct ledger_jobj o;
	struct strbuf sb;
	ledger_jobj_init(&o);
	ledger_jobj_int(&o, "year", p->year);
	ledger_jobj_str(&o, "name", p->name);
	ledger_jobj_str(&o, "doc_no", p->doc_no && p->doc_no[0] ? p->doc_no : NULL);
	ledger_jobj_str(&o, "kind", award_kind_name(p->kind));
	ledger_jobj_int(&o, "amount", p->amount);
	ledger_jobj_str(&o, "band_basis", award_band_name(p->band));
	ledger_jobj_int(&o, "county_bp", p->county_bp);
	ledger_jobj_bool(&o, "active", p->active);
	ledger_jobj_str(&o, "note", p->note && p->note[0] ? p->note : NULL);
	strbuf_init(&sb, 0);
	for (size_t i = 0; i < p->n_tiers; i++)
		strbuf_addf(&sb, "%s%lld:%lld", i ? "," : "", (long long)p->tiers[i].min_value,
			    (long long)p->tiers[i].amount);
	ledger_jobj_str(&o, "tiers", strbuf_cstr(&sb));
	strbuf_reset(&sb);
	for (size_t i = 0; i < p->n_splits; i++) {
		const struct award_split *s = &p->splits[i];
		if (s->county_fixed != LEDGER_NONE)
			strbuf_addf(&sb, "%s%s:%lld分", i ? "," : "", s->area,
				    (long long)s->county_fixed);
		else
			strbuf_addf(&sb, "%s%s:%lldbp", i ? "," : "", s->area,
				    (long long)s->county_bp);
	}
	ledger_jobj_str(&o, "splits", strbuf_cstr(&sb));
	strbuf_cleanup(&sb);
	return ledger_jobj_take(&o);
}

static void policy_key(const struct award_policy *p, int64_t id, char out[48])
{
	snprintf(out, 48, "%lld/%lld", (long long)p->year, (long long)id);
}

/* ---- reading ------------------------------------------------------------------------- */

static int policy_read(struct ledger *l, struct store_stmt *st, struct arena *a,
		       struct award_policy *p, struct err *e)
{
	award_policy_init(p);
	p->id = store_column_int(st, 0);
	p->year = store_column_int(st, 1);
	p->name = ledger_column_str(st, 2, a);
	p->doc_no = ledger_column_str(st, 3, a);
	int k = ledger_code_find(kind_names, NULL, AWARD_KIND_COUNT,
				 store_column_text(st, 4, NULL));
	p->kind = k < 0 ? AWARD_OTHER : (enum award_kind)k;
	p->amount = store_column_int(st, 5);
	int b = ledger_code_find(band_names, NULL, AWARD_BAND_COUNT,
				 store_column_text(st, 6, NULL));
	p->band = b < 0 ? AWARD_BAND_NONE : (enum award_band)b;
	p->county_bp = store_column_int(st, 7);
	p->active = (int)store_column_int(st, 8);
	p->note = ledger_column_str(st, 9, a);
	ledger_column_copy(st, 10, p->created_at, sizeof p->created_at);
	ledger_column_copy(st, 11, p->updated_at, sizeof p->updated_at);
	struct store_stmt *q = NULL;
	size_t cap = 0;
	int rc = store_prepare(l->db,
			       "SELECT min_value, amount FROM award_policy_tiers WHERE policy_id = "
			       "$1 ORDER BY min_value",
			       &q, e);
	if (rc)
		return rc;
	store_bind_int(q, 1, p->id);
	while ((rc = store_step(q, e)) == STORE_ROW) {
		p->tiers = ledger_grow(a, p->tiers, p->n_tiers, &cap, sizeof *p->tiers, 4);
		p->tiers[p->n_tiers].min_value = store_column_int(q, 0);
		p->tiers[p->n_tiers++].amount = store_column_int(q, 1);
	}
	store_finish(q);
	if (rc < 0)
		return rc;
	cap = 0;
	rc = store_prepare(l->db,
			   "SELECT area, county_bp, county_fixed FROM award_policy_splits WHERE "
			   "policy_id = $1 ORDER BY area",
			   &q, e);
	if (rc)
		return rc;
	store_bind_int(q, 1, p->id);
	while ((rc = store_step(q, e)) == STORE_ROW) {
		p->splits = ledger_grow(a, p->splits, p->n_splits, &cap, sizeof *p->splits, 4);
		struct award_split *s = &p->splits[p->n_splits++];
		ledger_column_copy(q, 0, s->area, sizeof s->area);
		s->county_bp = store_column_int_or(q, 1, LEDGER_NONE);
		s->county_fixed = store_column_int_or(q, 2, LEDGER_NONE);
	}
	store_finish(q);
	return rc < 0 ? rc : 0;
}

#define POLICY_COLS                                                                                \
	"SELECT id, year, name, doc_no, kind, amount, band_basis, county_bp, active, note, "       \
	"created_at, updated_at FROM award_policies "

static int policy_find(struct ledger *l, int64_t id, struct arena *a, struct award_policy *out,
		       struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = store_prepare(l->db, POLICY_COLS "WHERE id = $1", &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, id);
	rc = store_step(st, e);
	if (rc == STORE_ROW)
		rc = policy_read(l, st, a, out, e);
	else if (rc == STORE_DONE)
		rc = err_set(e, ERR_NOT_FOUND, "id", "奖补政策不存在");
	store_finish(st);
	return rc;
}

int award_policy_get(struct ledger *l, int64_t id, struct arena *arena, struct award_policy *out,
		     struct err *e)
{
	int rc = perm_check(&l->scope, CAP_AWARDS_READ, "无权查看奖补政策", e);
	return rc ? rc : policy_find(l, id, arena, out, e);
}

int award_policy_list(struct ledger *l, int64_t year, struct arena *arena,
		      struct award_policy **items, size_t *n, struct err *e)
{
	struct store_stmt *st = NULL;
	size_t cap = 0;
	*items = NULL;
	*n = 0;
	int rc = perm_check(&l->scope, CAP_AWARDS_READ, "无权查看奖补政策", e);
	if (!rc)
		rc = store_prepare(l->db,
				   POLICY_COLS "WHERE $1 = 0 OR year = $1 ORDER BY year DESC, id",
				   &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, year);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		*items = ledger_grow(arena, *items, *n, &cap, sizeof **items, 8);
		rc = policy_read(l, st, arena, &(*items)[(*n)++], e);
		if (rc)
			break;
	}
	store_finish(st);
	return rc < 0 ? rc : 0;
}

/* ---- writing ------------------------------------------------------------------------- */

static int policy_children(struct ledger *l, const struct award_policy *in, int64_t id,
			   struct err *e)
{
	struct store_stmt *st = NULL;
	int rc =
		store_prepare(l->db, "DELETE FROM award_policy_tiers WHERE policy_id = $1", &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, id);
	rc = store_run(st, e);
	store_finish(st);
	if (!rc)
		rc = store_prepare(l->db, "DELETE FROM award_policy_splits WHERE policy_id = $1",
				   &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, id);
	rc = store_run(st, e);
	store_finish(st);
	for (size_t i = 0; !rc && i < in->n_tiers; i++) {
		rc = store_prepare(l->db,
				   "INSERT INTO award_policy_tiers (policy_id, min_value, amount) "
				   "VALUES ($1, $2, $3)",
				   &st, e);
		if (rc)
			return rc;
		store_bind_int(st, 1, id);
		store_bind_int(st, 2, in->tiers[i].min_value);
		store_bind_int(st, 3, in->tiers[i].amount);
		rc = store_run(st, e);
		store_finish(st);
	}
	for (size_t i = 0; !rc && i < in->n_splits; i++) {
		rc = store_prepare(l->db,
				   "INSERT INTO award_policy_splits (policy_id, area, county_bp, "
				   "county_fixed) VALUES ($1, $2, $3, $4)",
				   &st, e);
		if (rc)
			return rc;
		store_bind_int(st, 1, id);
		store_bind_text(st, 2, in->splits[i].area, STORE_NTS);
		store_bind_int_or_null(st, 3, in->splits[i].county_bp, LEDGER_NONE);
		store_bind_int_or_null(st, 4, in->splits[i].county_fixed, LEDGER_NONE);
		rc = store_run(st, e);
		store_finish(st);
	}
	return rc;
}

int award_policy_save(struct ledger *l, const struct award_policy *in, int64_t *id, struct err *e)
{
	struct arena *a = arena_new();
	struct store_stmt *st = NULL;
	struct award_policy old;
	char now[21], key[48];
	char *before = NULL, *after = NULL;
	int64_t pid = in->id;
	int begun = 0;
	int rc = perm_check(&l->scope, CAP_AWARDS_MANAGE, "无权维护奖补政策", e);
	if (!rc)
		rc = policy_check(l, in, e);
	if (!rc)
		rc = ledger_write_begin(l, e);
	if (rc)
		goto out;
	begun = 1;
	if (pid) {
		rc = policy_find(l, pid, a, &old, e);
		if (rc)
			goto out;
		before = policy_image(&old);
	}
	rc = store_prepare(
		l->db, "SELECT 1 FROM award_policies WHERE year = $1 AND name = $2 AND id <> $3",
		&st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, in->year);
	store_bind_text(st, 2, in->name, STORE_NTS);
	store_bind_int(st, 3, pid);
	rc = store_step(st, e);
	store_finish(st);
	st = NULL;
	if (rc == STORE_ROW)
		rc = err_set(e, ERR_CONFLICT, "name", "%lld年已有同名政策：%s", (long long)in->year,
			     in->name);
	if (rc)
		goto out;
	after = policy_image(in);
	if (before && !strcmp(before, after))
		goto out; /* nothing changed */
	rc = store_prepare(
		l->db,
		pid ? "UPDATE award_policies SET year = $1, name = $2, doc_no = $3, "
		      "kind = $4, amount = $5, band_basis = $6, county_bp = $7, active = "
		      "$8, note = $9, updated_at = $10 WHERE id = $11 RETURNING id"
		    : "INSERT INTO award_policies (year, name, doc_no, kind, amount, "
		      "band_basis, county_bp, active, note, created_at, updated_at) "
		      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
		&st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, in->year);
	store_bind_text(st, 2, in->name, STORE_NTS);
	store_bind_text(st, 3, in->doc_no ? in->doc_no : "", STORE_NTS);
	store_bind_text(st, 4, kind_names[in->kind], STORE_NTS);
	store_bind_int(st, 5, in->amount);
	store_bind_text(st, 6, band_names[in->band], STORE_NTS);
	store_bind_int(st, 7, in->county_bp);
	store_bind_int(st, 8, in->active ? 1 : 0);
	store_bind_text(st, 9, in->note && in->note[0] ? in->note : NULL, STORE_NTS);
	store_bind_text(st, 10, ledger_now(now), STORE_NTS);
	if (pid)
		store_bind_int(st, 11, pid);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		pid = store_column_int(st, 0);
		rc = 0;
	}
	store_finish(st);
	st = NULL;
	if (!rc)
		rc = policy_children(l, in, pid, e);
	policy_key(in, pid, key);
	if (!rc)
		rc = audit_record(l, before ? "update" : "create", "award_policies", key, before,
				  after, e);
out:
	if (begun)
		rc = ledger_write_end(l, rc, e);
	if (!rc && id)
		*id = pid;
	free(before);
	free(after);
	arena_free(a);
	return rc;
}

int award_policy_delete(struct ledger *l, int64_t id, struct err *e)
{
	struct arena *a = arena_new();
	struct store_stmt *st = NULL;
	struct award_policy old;
	char key[48];
	char *before = NULL;
	int begun = 0;
	int rc = perm_check(&l->scope, CAP_AWARDS_MANAGE, "无权维护奖补政策", e);
	if (!rc)
		rc = ledger_write_begin(l, e);
	if (rc)
		goto out;
	begun = 1;
	rc = policy_find(l, id, a, &old, e);
	if (!rc)
		rc = store_prepare(l->db, "SELECT count(*) FROM award_lines WHERE policy_id = $1",
				   &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, id);
	rc = store_step(st, e);
	int64_t lines = rc == STORE_ROW ? store_column_int(st, 0) : 0;
	store_finish(st);
	st = NULL;
	if (rc < 0)
		goto out;
	rc = 0;
	if (lines) {
		rc = err_set(e, ERR_CONFLICT, "id", "该政策已有%lld条奖补记录，不能删除（可停用）",
			     (long long)lines);
		goto out;
	}
	before = policy_image(&old);
	rc = store_prepare(l->db, "DELETE FROM award_policies WHERE id = $1", &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, id);
	rc = store_run(st, e);
	store_finish(st);
	policy_key(&old, id, key);
	if (!rc)
		rc = audit_record(l, "delete", "award_policies", key, before, NULL, e);
out:
	if (begun)
		rc = ledger_write_end(l, rc, e);
	free(before);
	arena_free(a);
	return rc;
}
