/*
 * intake — one imported row: decide created / updated / unchanged, write it
 * with scope and audit inside the import's group, report what changed.
 */
#include "ledger/intake/intake.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/xalloc.h"
#include "ledger/internal.h"

/* New enterprises an import creates before it may switch to bulk loading. */
#define BULK_MIN 5000

struct intake {
	struct ledger *l;	 /* borrowed */
	char saved_source[160];	 /* L's audit source before intake_new */
	char tier_reason[200];	 /* "批量导入：FILE" */
	struct arena *row_arena; /* the stored rows read for one row */
	int open;		 /* intake_begin succeeded, not yet committed or undone */
	int broken;		 /* a row failed half-way: only intake_free is left */
	uint64_t expect;	 /* rows the caller still expects (0 = unknown) */
	int64_t next_id;	 /* id of the next new enterprise (0 = not read yet) */
	int64_t stored_before;	 /* enterprises stored before the import (by id) */
	uint64_t created;	 /* enterprises created so far */
	int bulk;		 /* ledger_bulk_begin is in force */
	char area[17];		 /* the default area of new enterprises ("" when none) */
};

_Static_assert(sizeof((struct intake *)0)->saved_source == sizeof((struct ledger *)0)->source,
	       "the saved source holds the ledger's");

void intake_row_init(struct import_row *row)
{
	memset(row, 0, sizeof *row);
	enterprise_init(&row->ent);
	indicator_init(&row->ind, LEDGER_NONE);
}

int intake_new(struct ledger *l, const char *filename, struct intake **out, struct err *e)
{
	/* the import decides "unchanged" itself on rows only these roles may write */
	enum role role = l->scope.role;
	if (role != ROLE_ADMIN && role != ROLE_CITY && role != ROLE_COUNTY)
		return err_set(e, ERR_FORBIDDEN, NULL, "只有管理员、市级和县级用户可以导入台账");
	struct intake *it = xcalloc(1, sizeof *it);
	char source[2 * sizeof l->source]; /* ledger_set_source cuts it on a whole character */
	it->l = l;
	memcpy(it->saved_source, l->source, sizeof it->saved_source);
	snprintf(it->tier_reason, sizeof it->tier_reason, "批量导入：%s",
		 filename ? filename : "-");
	snprintf(source, sizeof source, "import:%s", filename ? filename : "-");
	ledger_set_source(l, source);
	it->row_arena = arena_new();
	*out = it;
	return 0;
}

int intake_begin(struct intake *it, struct err *e)
{
	assert(!it->open);
	int rc = ledger_begin(it->l, e);
	if (rc)
		return rc;
	ledger_hold_begin(it->l);
	it->open = 1;
	return 0;
}

int intake_default_area(struct intake *it, const char *area, struct err *e)
{
	if (!area || strlen(area) >= sizeof it->area)
		return err_set(e, ERR_INVALID, "area", "区域不存在：%.40s", area ? area : "");
	int rc = enterprise_area_allowed(it->l, area, e);
	if (rc)
		return rc;
	memcpy(it->area, area, strlen(area) + 1);
	return 0;
}

void intake_expect(struct intake *it, uint64_t rows)
{
	it->expect = rows;
}

int intake_commit(struct intake *it, struct err *e)
{
	if (!it->open || it->broken)
		return err_set(e, ERR_INTERNAL, NULL, "内部错误：导入未开始或已中止");
	it->open = 0;
	return ledger_commit(it->l, e); /* rolls everything back on failure */
}

void intake_free(struct intake *it)
{
	if (!it)
		return;
	if (it->open) {
		struct err ignored;
		ledger_rollback(it->l, &ignored);
	}
	ledger_hold_end(it->l);
	ledger_set_source(it->l, it->saved_source);
	arena_free(it->row_arena);
	free(it);
}

/* ---- one row ------------------------------------------------------------------ */

/* The optional text members of struct enterprise that a row may give. */
static const size_t text_members[] = {
	offsetof(struct enterprise, name),	     offsetof(struct enterprise, area),
	offsetof(struct enterprise, address),	     offsetof(struct enterprise, legal_rep),
	offsetof(struct enterprise, contact_name),   offsetof(struct enterprise, contact_phone),
	offsetof(struct enterprise, industry),	     offsetof(struct enterprise, field),
	offsetof(struct enterprise, main_products),  offsetof(struct enterprise, tags),
	offsetof(struct enterprise, exit_reason),    offsetof(struct enterprise, hnte_cert_no),
	offsetof(struct enterprise, hnte_batch),     offsetof(struct enterprise, tsme_reg_no),
	offsetof(struct enterprise, county_contact), offsetof(struct enterprise, capital_currency),
};

/* Overlay the enterprise members ROW gives onto CUR (the tier aside: a move of its own). */
static void merge_enterprise(struct enterprise *cur, const struct import_row *row)
{
	const struct enterprise *in = &row->ent;
	for (size_t i = 0; i < sizeof text_members / sizeof text_members[0]; i++) {
		const char *v = *(const char *const *)((const char *)in + text_members[i]);
		if (v)
			*(const char **)((char *)cur + text_members[i]) = v;
	}
	if (in->registered_on != LEDGER_NO_DATE)
		cur->registered_on = in->registered_on;
	if (in->hnte_issued_on != LEDGER_NO_DATE)
		cur->hnte_issued_on = in->hnte_issued_on;
	if (in->hnte_expires_on != LEDGER_NO_DATE)
		cur->hnte_expires_on = in->hnte_expires_on;
	if (in->tsme_year != LEDGER_NONE)
		cur->tsme_year = in->tsme_year;
	if (in->registered_capital != LEDGER_NONE)
		cur->registered_capital = in->registered_capital;
	if (row->has_above_scale)
		cur->above_scale = in->above_scale;
	if (row->has_listed)
		cur->listed = in->listed;
}

/* Overlay the figures ROW gives onto the year CUR. */
static void merge_indicator(struct indicator *cur, const struct import_row *row)
{
	indicator_overlay(cur, &row->ind);
	if (row->sales_whole)
		cur->sales_other = LEDGER_NONE; /* "销售收入" is the whole of sales */
	if (row->has_incident)
		cur->incident = row->ind.incident;
}

/*
 * Mark the group broken after RC, which leaves it half-written or unknown:
 * returns RC as ERR_DB or ERR_INTERNAL (another code, which the writes
 * involved promise never to give there, becomes ERR_INTERNAL with its message).
 */
static int broken(struct intake *it, int rc, struct err *e)
{
	assert(rc < 0);
	it->broken = 1;
	if (rc != ERR_DB && rc != ERR_INTERNAL) {
		rc = ERR_INTERNAL;
		if (e)
			e->code = rc;
	}
	return rc;
}

/*
 * Switch to bulk loading (ledger_bulk_begin: indexes built once at the end)
 * once this import has created BULK_MIN enterprises and at least as many as
 * were stored before it: a first load of a county's ledger, not the yearly
 * update of a large database (whose indexes would cost more to rebuild than
 * to keep up to date).
 */
static int maybe_bulk(struct intake *it, struct err *e)
{
	if (it->bulk || it->created < BULK_MIN || (int64_t)it->created < it->stored_before)
		return 0;
	it->bulk = 1;
	return ledger_bulk_begin(it->l, it->expect > it->created ? it->expect : it->created, e);
}

/* Create the new enterprise of ROW (with its year, validated as IND): 0, a row error, or broken. */
static int create_row(struct intake *it, const struct import_row *row, const struct indicator *ind,
		      struct intake_outcome *out, struct err *e)
{
	struct ledger *l = it->l;
	int rc;
	if (!it->next_id) {
		rc = enterprise_next_id(l, &it->next_id, e);
		if (rc)
			return rc == ERR_DB || rc == ERR_BUSY || rc == ERR_INTERNAL
				       ? broken(it, rc, e)
				       : rc;
		it->stored_before = it->next_id - 1;
	}
	/* a row without area takes the inferred one, else the group's default */
	struct enterprise ent = row->ent;
	enum intake_area from = INTAKE_AREA_ROW;
	if (!ent.area || !ent.area[0]) {
		if (row->area_if_new) {
			ent.area = row->area_if_new;
			from = INTAKE_AREA_IF_NEW;
		} else if (it->area[0]) {
			ent.area = it->area;
			from = INTAKE_AREA_DEFAULT;
		}
	}
	/*
	 * No savepoint: every refusal of enterprise_import_create comes before
	 * its first write, and the year was validated, so the row cannot fail
	 * half-way but on a database error (which breaks the group anyway).
	 */
	rc = enterprise_import_create(l, &ent, it->next_id, e);
	if (rc)
		return rc == ERR_DB || rc == ERR_BUSY || rc == ERR_INTERNAL ? broken(it, rc, e)
									    : rc;
	int64_t id = it->next_id++;
	it->created++;
	rc = maybe_bulk(it, e);
	if (!rc && ind)
		rc = indicator_import_create(l, id, row->ent.uscc, ind, e);
	if (rc)
		return broken(it, rc, e);
	out->enterprise = INTAKE_CREATED;
	out->indicators = ind ? INTAKE_CREATED : INTAKE_ABSENT;
	out->area_from = from;
	return 0;
}

/* What one row of a stored enterprise changes, decided before any write. */
struct plan {
	struct enterprise cur;	  /* the stored enterprise, read in scope */
	struct enterprise merged; /* CUR with the row's members laid over it */
	struct indicator old;	  /* the stored year (when found) */
	struct indicator ind;	  /* the year to write: OLD or a new one, with the row's figures */
	int ind_found;		  /* OLD was read */
	int ent_write, tier_write, ind_write;
};

/*
 * Write what P says of a stored enterprise: several writes run inside one
 * savepoint, so that a later refusal (a locked year) undoes the earlier
 * ones; a single write is atomic by itself and needs none.
 */
static int update_row(struct intake *it, const struct import_row *row, const struct plan *p,
		      struct intake_outcome *out, struct err *e)
{
	struct ledger *l = it->l;
	int grouped = p->ent_write + p->tier_write + p->ind_write >= 2;
	int changed = 0, ind_changed = 0, rc = 0;
	if (grouped) {
		rc = ledger_write_begin(l, e);
		if (rc)
			return broken(it, rc, e);
	}
	if (p->ent_write)
		rc = enterprise_update(l, p->cur.uscc, &p->merged, &changed, e);
	if (!rc && p->tier_write) {
		const char *reason = row->ent.tier == TIER_EXITED && p->merged.exit_reason
					     ? p->merged.exit_reason
					     : it->tier_reason;
		rc = enterprise_set_tier(l, p->cur.uscc, row->ent.tier, LEDGER_NO_DATE, reason, e);
		changed = 1;
	}
	if (!rc && p->ind_write && !p->ind_found) {
		/* a new year of the stored enterprise read in scope above */
		rc = indicator_import_create(l, p->cur.id, p->cur.uscc, &p->ind, e);
		ind_changed = rc ? 0 : 1;
	} else if (!rc && p->ind_write) {
		rc = indicator_upsert(l, p->cur.uscc, &p->ind, &ind_changed, e);
	}
	if (grouped) {
		int rc2 = ledger_write_end(l, rc, rc ? NULL : e);
		if (!rc && rc2)
			return broken(it, rc2, e);
	}
	if (rc)
		return rc == ERR_DB || rc == ERR_BUSY || rc == ERR_INTERNAL ? broken(it, rc, e)
									    : rc;
	/* indicator_upsert's *changed: 0 unchanged, 1 created, 2 updated */
	static const enum intake_change ind_change[] = {INTAKE_UNCHANGED, INTAKE_CREATED,
							INTAKE_UPDATED};
	assert(ind_changed >= 0 && ind_changed <= 2);
	out->enterprise = changed ? INTAKE_UPDATED : INTAKE_UNCHANGED;
	out->area_from = INTAKE_AREA_ROW;
	out->indicators = row->ind.year == LEDGER_NONE ? INTAKE_ABSENT : ind_change[ind_changed];
	return 0;
}

int intake_row(struct intake *it, const struct import_row *row, struct intake_outcome *out,
	       struct err *e)
{
	struct ledger *l = it->l;
	struct plan p;
	int64_t id = 0;
	int is_new, has_year = row->ind.year != LEDGER_NONE, rc;
	if (!it->open || it->broken)
		return err_set(e, ERR_INTERNAL, NULL, "内部错误：导入未开始或已中止");
	arena_reset(it->row_arena);
	p.ind_found = 0;
	/*
	 * A USCC absent from the whole table is new; only a stored one needs the
	 * scoped read (out of scope it is "new" too, and its creation then fails
	 * with enterprise_create's message).
	 */
	rc = enterprise_stored_id(l, row->ent.uscc, &id, e);
	if (rc < 0)
		goto out;
	is_new = rc == 0;
	if (!is_new) {
		rc = enterprise_get(l, row->ent.uscc, it->row_arena, &p.cur, e);
		is_new = rc == ERR_NOT_FOUND;
		if (rc && !is_new)
			goto out;
	}
	rc = 0;
	/* the year is validated before anything is written */
	if (has_year) {
		rc = is_new ? ERR_NOT_FOUND
			    : indicator_get(l, row->ent.uscc, row->ind.year, it->row_arena, &p.ind,
					    e);
		if (rc == ERR_NOT_FOUND) {
			indicator_init(&p.ind, row->ind.year);
			rc = 0;
		} else if (!rc) {
			p.old = p.ind;
			p.ind_found = 1;
		}
		if (rc)
			goto out;
		merge_indicator(&p.ind, row);
		rc = indicator_validate(&p.ind, e);
		if (rc)
			goto out;
	}
	if (is_new) {
		rc = create_row(it, row, has_year ? &p.ind : NULL, out, e);
		goto out;
	}
	/* the usual re-import changes nothing and then costs no write, savepoint or second read */
	p.merged = p.cur;
	merge_enterprise(&p.merged, row);
	p.ent_write = !enterprise_unchanged(&p.cur, &p.merged);
	p.tier_write = row->has_tier && row->ent.tier != p.cur.tier;
	p.ind_write = has_year && (!p.ind_found || !indicator_unchanged(&p.old, &p.ind));
	rc = update_row(it, row, &p, out, e);
out:
	if (rc == ERR_DB || rc == ERR_BUSY || rc == ERR_INTERNAL)
		it->broken = 1;
	return rc;
}
