/*
 * qualitative — expert ratings and R&D-management self-checks per year.
 * A rating is stored as text: a band letter "A".."E" or the points "0".."8".
 */
#include "ledger/records/qualitative.h"
#include "ledger/records/qualitative.h"
#include "ledger/internal.h"
#include "ledger/base/seedrow.h"
#include "ledger/base/perm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/base/audit.h"
#include "ledger/base/json.h"

static const int64_t rd_org_max[4] = {6, 6, 4, 4};

void qualitative_init(struct qualitative *q, int64_t year)
{
	memset(q, 0, sizeof *q);
	q->year = year;
	q->advancement.points = LEDGER_NONE;
	q->core_support.points = LEDGER_NONE;
	for (int i = 0; i < 4; i++)
		q->rd_org[i] = LEDGER_NONE;
	q->standards = -1;
}

static int band_ok(char b)
{
	return b >= 'A' && b <= 'E';
}

static int rating_validate(const struct rating *r, const char *field, const char *label,
			   struct err *e)
{
	if (r->band && !band_ok(r->band))
		return err_set(e, ERR_INVALID, field, "%s等级无效（应为A到E）", label);
	if (r->points != LEDGER_NONE) {
		if (r->band)
			return err_set(e, ERR_INVALID, field, "%s不能同时填写等级和分数", label);
		if (r->points < 0 || r->points > 8)
			return err_set(e, ERR_INVALID, field, "%s分数应在0到8之间", label);
	}
	return 0;
}

int qualitative_validate(const struct qualitative *q, struct err *e)
{
	int rc, items = 0;
	if (q->year < 1990 || q->year > 2100)
		return err_set(e, ERR_INVALID, "year", "年度无效：%lld", (long long)q->year);
	rc = rating_validate(&q->advancement, "advancement", "技术先进程度", e);
	if (rc)
		return rc;
	rc = rating_validate(&q->core_support, "core_support", "核心支持作用", e);
	if (rc)
		return rc;
	if (q->rd_org_band && !band_ok(q->rd_org_band))
		return err_set(e, ERR_INVALID, "rd_org", "研发组织管理水平等级无效（应为A到E）");
	for (int i = 0; i < 4; i++) {
		if (q->rd_org[i] == LEDGER_NONE)
			continue;
		items = 1;
		if (q->rd_org[i] < 0 || q->rd_org[i] > rd_org_max[i]) {
			char field[16];
			snprintf(field, sizeof field, "rd_org[%d]", i);
			return err_set(e, ERR_INVALID, field,
				       "研发组织管理第%d项分数应在0到%lld之间", i + 1,
				       (long long)rd_org_max[i]);
		}
	}
	if (items && q->rd_org_band)
		return err_set(e, ERR_INVALID, "rd_org", "研发组织管理不能同时填写等级和分项分数");
	if (q->standards < -1 || q->standards > 1)
		return err_set(e, ERR_INVALID, "standards", "标准制定标志无效");
	return 0;
}

/* ---- rows ---------------------------------------------------------------------------- */

static void rating_text(const struct rating *r, char out[4])
{
	out[0] = '\0';
	if (r->band) {
		out[0] = r->band;
		out[1] = '\0';
	} else if (r->points >= 0 && r->points <= 9) {
		/* validated: points are 0–8, one digit */
		out[0] = (char)('0' + r->points);
		out[1] = '\0';
	}
}

static void rating_parse(const char *s, struct rating *r)
{
	r->band = 0;
	r->points = LEDGER_NONE;
	if (!s || !s[0])
		return;
	if (band_ok(s[0]) && !s[1])
		r->band = s[0];
	else if (s[0] >= '0' && s[0] <= '9')
		r->points = strtoll(s, NULL, 10);
}

#define Q_COLS                                                                                     \
	"year, advancement, core_support, rd_org_band, rd_org1, rd_org2, rd_org3, rd_org4, "       \
	"standards, rated_by, created_at, updated_at"

static void read_row(struct store_stmt *st, struct arena *a, struct qualitative *q)
{
	qualitative_init(q, store_column_int(st, 0));
	rating_parse(store_column_text(st, 1, NULL), &q->advancement);
	rating_parse(store_column_text(st, 2, NULL), &q->core_support);
	const char *b = store_column_text(st, 3, NULL);
	q->rd_org_band = b && band_ok(b[0]) ? b[0] : 0;
	for (int i = 0; i < 4; i++)
		q->rd_org[i] = store_column_int_or(st, 4 + i, LEDGER_NONE);
	q->standards = store_column_is_null(st, 8) ? -1 : (int)store_column_int(st, 8);
	q->rated_by = ledger_column_str(st, 9, a);
	ledger_column_copy(st, 10, q->created_at, sizeof q->created_at);
	ledger_column_copy(st, 11, q->updated_at, sizeof q->updated_at);
}

static char *q_json(const struct qualitative *q)
{
	json_t *o = json_object();
	char t[4];
	ledger_json_int(o, "year", q->year);
	rating_text(&q->advancement, t);
	ledger_json_str(o, "advancement", t[0] ? t : NULL);
	rating_text(&q->core_support, t);
	ledger_json_str(o, "core_support", t[0] ? t : NULL);
	t[0] = q->rd_org_band;
	t[1] = '\0';
	ledger_json_str(o, "rd_org_band", t[0] ? t : NULL);
	json_t *items = json_array();
	for (int i = 0; i < 4; i++)
		json_array_append_new(items, q->rd_org[i] == LEDGER_NONE
						     ? json_null()
						     : json_integer(q->rd_org[i]));
	json_object_set_new(o, "rd_org", items);
	json_object_set_new(o, "standards",
			    q->standards < 0 ? json_null() : json_boolean(q->standards));
	return ledger_json_take(o);
}

/* Bind $1–$10 of the qualitative INSERTs: enterprise EID, Q's year and ratings. */
static void bind_ratings(struct store_stmt *st, int64_t eid, const struct qualitative *q)
{
	char a[4], c[4], b[2] = {q->rd_org_band, 0};
	rating_text(&q->advancement, a);
	rating_text(&q->core_support, c);
	store_bind_int(st, 1, eid);
	store_bind_int(st, 2, q->year);
	store_bind_text(st, 3, a[0] ? a : NULL, STORE_NTS);
	store_bind_text(st, 4, c[0] ? c : NULL, STORE_NTS);
	store_bind_text(st, 5, b[0] ? b : NULL, STORE_NTS);
	for (int i = 0; i < 4; i++)
		store_bind_int_or_null(st, 6 + i, q->rd_org[i], LEDGER_NONE);
	if (q->standards >= 0)
		store_bind_int(st, 10, q->standards);
}

static int write_row(struct store *db, int64_t eid, const struct qualitative *q,
		     const char *rated_by, struct err *e)
{
	struct store_stmt *st = NULL;
	char now[21];
	int rc = store_prepare(
		db,
		"INSERT INTO qualitative (enterprise_id, year, advancement, core_support, "
		"rd_org_band, rd_org1, rd_org2, rd_org3, rd_org4, standards, rated_by, created_at, "
		"updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) "
		"ON CONFLICT (enterprise_id, year) DO UPDATE SET advancement = $3, core_support = "
		"$4, "
		"rd_org_band = $5, rd_org1 = $6, rd_org2 = $7, rd_org3 = $8, rd_org4 = $9, "
		"standards = $10, rated_by = $11, updated_at = $12",
		&st, e);
	if (rc)
		return rc;
	bind_ratings(st, eid, q);
	store_bind_text(st, 11, rated_by, STORE_NTS);
	store_bind_text(st, 12, ledger_now(now), STORE_NTS);
	rc = store_run(st, e);
	store_finish(st);
	return rc;
}

/* The ratings of enterprise EID for YEAR (EXACT) or the latest ≤ YEAR. */
static int load(struct store *db, int64_t eid, int64_t year, int exact, struct arena *arena,
		struct qualitative *out, int *found, struct err *e)
{
	struct store_stmt *st = NULL;
	int rc =
		store_prepare(db,
			      exact ? "SELECT " Q_COLS " FROM qualitative WHERE enterprise_id = $1 "
				      "AND year = $2"
				    : "SELECT " Q_COLS " FROM qualitative WHERE enterprise_id = $1 "
				      "AND year <= $2 ORDER BY year DESC LIMIT 1",
			      &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, eid);
	store_bind_int(st, 2, year);
	rc = store_step(st, e);
	*found = rc == STORE_ROW;
	if (rc == STORE_ROW)
		read_row(st, arena, out);
	store_finish(st);
	return rc < 0 ? rc : 0;
}

static int rating_same(const struct rating *a, const struct rating *b)
{
	return a->band == b->band && a->points == b->points;
}

static int rating_absent(const struct rating *r)
{
	return !r->band && r->points == LEDGER_NONE;
}

/*
 * The enterprise fills in its self-check only (product.md C2): the expert's
 * ratings R->advancement and R->core_support are taken from OLD (absent when
 * NULL) when R leaves them absent; a different value is ERR_FORBIDDEN.
 */
static int keep_expert_ratings(const struct qualitative *old, struct qualitative *r, struct err *e)
{
	struct rating none = {0, LEDGER_NONE};
	const struct rating *oa = old ? &old->advancement : &none;
	const struct rating *oc = old ? &old->core_support : &none;
	if (rating_absent(&r->advancement))
		r->advancement = *oa;
	if (rating_absent(&r->core_support))
		r->core_support = *oc;
	if (!rating_same(&r->advancement, oa))
		return err_set(e, ERR_FORBIDDEN, "advancement",
			       "企业不能填写或修改专家评价：知识产权先进程度");
	if (!rating_same(&r->core_support, oc))
		return err_set(e, ERR_FORBIDDEN, "core_support",
			       "企业不能填写或修改专家评价：知识产权对产品的核心支持作用");
	return 0;
}

/*
 * The expert rates advancement and core support; the self-check (the
 * R&D-management band or items, standards) it leaves absent is taken from
 * OLD (absent when NULL). The band and the four items go together: only when
 * R has neither are they kept, so a kept band never meets sent items.
 */
static void keep_self_check(const struct qualitative *old, struct qualitative *r)
{
	int items = 0;
	if (!old)
		return;
	for (int i = 0; i < 4; i++)
		if (r->rd_org[i] != LEDGER_NONE)
			items = 1;
	if (!items && !r->rd_org_band) {
		r->rd_org_band = old->rd_org_band;
		for (int i = 0; i < 4; i++)
			r->rd_org[i] = old->rd_org[i];
	}
	if (r->standards < 0)
		r->standards = old->standards;
}

/* ERR_CONFLICT when YEAR of enterprise EID is locked (indicator_set_locked). */
static int year_unlocked(struct store *db, int64_t eid, int64_t year, struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = store_prepare(
		db, "SELECT locked FROM indicators WHERE enterprise_id = $1 AND year = $2", &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, eid);
	store_bind_int(st, 2, year);
	rc = store_step(st, e);
	int locked = rc == STORE_ROW && store_column_int(st, 0);
	store_finish(st);
	if (rc < 0)
		return rc;
	if (locked)
		return err_set(e, ERR_CONFLICT, "year", "%lld年度数据已锁定，不能修改",
			       (long long)year);
	return 0;
}

int qualitative_upsert(struct ledger *l, const char *uscc, const struct qualitative *q,
		       int *changed, struct err *e)
{
	int begun = 0; /* ledger_write_begin succeeded: out ends the write */
	struct arena *arena = arena_new();
	struct qualitative old, v = *q;
	char *before = NULL, *after = NULL, key[48];
	int64_t eid = 0;
	int found = 0;
	int rc;
	if (changed)
		*changed = 0;
	rc = qualitative_validate(q, e);
	if (rc)
		goto out;
	rc = ledger_write_begin(l, e);
	if (rc)
		goto out;
	begun = 1;
	rc = ledger_enterprise_id(l, uscc, &eid, e);
	if (rc)
		goto out;
	if (!perm_may(&l->scope, CAP_RATINGS_EDIT)) {
		rc = err_set(e, ERR_FORBIDDEN, NULL, "无权修改评价信息");
		goto out;
	}
	rc = year_unlocked(l->db, eid, q->year, e);
	if (rc)
		goto out;
	rc = load(l->db, eid, q->year, 1, arena, &old, &found, e);
	if (rc)
		goto out;
	/* A year without ratings of its own starts from those carried over from the latest
	 * earlier year (as the assessment reads them): the part a writer may not or does not
	 * touch is kept from there. */
	const struct qualitative *base = found ? &old : NULL;
	struct qualitative carried;
	int have_carried = 0;
	if (!found && (l->scope.role == ROLE_ENTERPRISE || l->scope.role == ROLE_EXPERT)) {
		rc = load(l->db, eid, q->year, 0, arena, &carried, &have_carried, e);
		if (rc)
			goto out;
		base = have_carried ? &carried : NULL;
	}
	if (l->scope.role == ROLE_ENTERPRISE) {
		rc = keep_expert_ratings(base, &v, e);
		if (rc)
			goto out;
	}
	if (l->scope.role == ROLE_EXPERT)
		keep_self_check(base, &v);
	after = q_json(&v);
	if (found) {
		before = q_json(&old);
		if (!strcmp(before, after))
			goto out;
	}
	rc = write_row(l->db, eid, &v, l->scope.user_name, e);
	if (rc)
		goto out;
	ledger_assess_mark(l, eid);
	ledger_row_key(uscc, q->year, key);
	rc = audit_record(l, found ? "update" : "create", "qualitative", key, before, after, e);
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

static int get_common(struct ledger *l, const char *uscc, int64_t year, int exact,
		      struct arena *arena, struct qualitative *out, struct err *e)
{
	int64_t eid = 0;
	int found = 0;
	int rc = ledger_enterprise_id(l, uscc, &eid, e);
	if (rc)
		return rc;
	rc = load(l->db, eid, year, exact, arena, out, &found, e);
	if (rc)
		return rc;
	if (!found)
		return err_set(e, ERR_NOT_FOUND, "year", "%lld年度尚无评价信息", (long long)year);
	return 0;
}

int qualitative_get(struct ledger *l, const char *uscc, int64_t year, struct arena *arena,
		    struct qualitative *out, struct err *e)
{
	return get_common(l, uscc, year, 1, arena, out, e);
}

int qualitative_latest(struct ledger *l, const char *uscc, int64_t year, struct arena *arena,
		       struct qualitative *out, struct err *e)
{
	return get_common(l, uscc, year, 0, arena, out, e);
}

int qualitative_seed(struct ledger_seed *s, int64_t enterprise_id, const struct qualitative *q,
		     struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = ledger_seed_ready(s, e);
	if (rc)
		return rc;
	rc = store_prepare(
		s->l->db,
		"INSERT INTO qualitative (enterprise_id, year, advancement, core_support, "
		"rd_org_band, rd_org1, rd_org2, rd_org3, rd_org4, standards, rated_by, created_at, "
		"updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $12, $11, $11)",
		&st, e);
	if (rc)
		goto out;
	bind_ratings(st, enterprise_id, q);
	store_bind_text_static(st, 11, s->now, STORE_NTS);
	store_bind_text_static(st, 12, s->l->scope.user_name, STORE_NTS);
	rc = store_run(st, e);
	if (rc == ERR_CONFLICT)
		rc = err_set(e, ERR_CONFLICT, "year", "%lld年度评价已存在", (long long)q->year);
out:
	store_finish(st);
	return ledger_seed_done(s, LEDGER_SEED_QUALITATIVE, rc, e);
}
