/*
 * enterprise — the enterprise register (台账, product.md C1): create, update,
 * get, list with filters and paging, tier changes with their history, and
 * expert assignments. Every function applies the scope of its struct ledger
 * (ledger.h) and every write is audited (table "enterprises", row key = USCC).
 *
 * Who may write: admin, city, and county within its areas (create, update,
 * tier, assign experts). Expert, enterprise and viewer may only read
 * (ERR_FORBIDDEN for writes on an enterprise they can see).
 *
 * Text results are allocated from the caller's arena.
 */
#ifndef GAOQI_LEDGER_ENTERPRISE_H
#define GAOQI_LEDGER_ENTERPRISE_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "ledger/ledger.h"

enum tier {
	TIER_PROSPECT = 0, /* 排查对象 */
	TIER_TSME = 1,	   /* 科技型中小企业 */
	TIER_RESERVE = 2,  /* 后备培育库 */
	TIER_KEY = 3,	   /* 当年重点培育 */
	TIER_HNTE = 4,	   /* 高新技术企业 */
	TIER_LEADER = 5,   /* 科技领军企业 */
	TIER_EXITED = 6,   /* 退出 */
};
#define TIER_COUNT 7

/* "prospect", "tsme", … (static); "?" for an unknown value. */
const char *enterprise_tier_name(enum tier t);
/* Chinese label: "排查对象", "科技型中小企业", "后备培育库", "重点培育", "高新技术企业",
 * "科技领军企业", "已退出". */
const char *enterprise_tier_label(enum tier t);
/* Parse a tier code (or its Chinese label); 0 or ERR_INVALID (field "tier"). */
int enterprise_tier_parse(const char *s, enum tier *out, struct err *e);

/*
 * One enterprise. Optional text is NULL when absent; optional dates are
 * LEDGER_NO_DATE; tsme_year is LEDGER_NONE when absent.
 */
struct enterprise {
	int64_t id; /* database id (0 before creation) */
	char uscc[19];
	const char *name;
	const char *area; /* area code */
	const char *address;
	int32_t registered_on;
	const char *legal_rep;
	const char *contact_name;
	const char *contact_phone;
	const char *industry;
	const char *field; /* technology-field code, 2/3/5 digits */
	const char *main_products;
	int above_scale; /* 0/1 */
	int listed;	 /* 0/1 */
	const char
		*tags; /* comma separated free tags ("" when none; see enterprise_tags_normalise) */
	enum tier tier;
	const char *exit_reason; /* required when tier is TIER_EXITED */
	const char *hnte_cert_no;
	int32_t hnte_issued_on;
	int32_t hnte_expires_on; /* defaults to the day before issue + 3 years (rules.md §5) */
	const char *hnte_batch;
	const char *tsme_reg_no;
	int64_t tsme_year;
	const char *county_contact;
	/* 注册资本 as registered: fen of CAPITAL_CURRENCY (not converted), LEDGER_NONE when absent
	 */
	int64_t registered_capital;
	const char
		*capital_currency; /* ISO 4217 code ("CNY", "USD"); given iff registered_capital */
	char created_at[21];
	char updated_at[21];
};

/*
 * The column table of enterprises (ledger.h, struct ledger_column): id,
 * uscc, name … county_contact, registered_capital, capital_currency,
 * created_at, updated_at, in the order of the
 * API members and audit images, with the ledger's limits.
 */
#define ENTERPRISE_NCOLUMNS 28
extern const struct ledger_column enterprise_columns[ENTERPRISE_NCOLUMNS];

/* Zero E and set every optional member to "absent", tier prospect. */
void enterprise_init(struct enterprise *e);

/*
 * Validate IN without touching the database: USCC (rules/uscc.h, normalised
 * into OUT_USCC when non-NULL), name non-empty (≤ 200 bytes), area present,
 * field 2/3/5 digits when given, exit reason present iff tier exited, HNTE
 * expiry not before issue, tsme_year 1990–9999, registered capital and its
 * currency (three capital letters) both given or both absent. ERR_INVALID naming the field.
 */
int enterprise_validate(const struct enterprise *in, char out_uscc[19], struct err *e);

#define ENTERPRISE_TAGS_MAX 1000 /* bytes of the stored tags */

/*
 * The tags of V as every write stores them (create, import, update,
 * patch): split at , ， 、 ; ； and line breaks, blanks (also U+3000)
 * trimmed, empty ones and repeats dropped, joined by ","; a tag meaning
 * 规上企业 (规上, 规模以上, 规模以上企业, 规模以上工业企业) sets
 * above_scale instead of staying a tag. Writes into BUF (CAP bytes, at
 * least strlen(v->tags) + 1; tags that do not fit are dropped) and points
 * v->tags at it.
 */
void enterprise_tags_normalise(struct enterprise *v, char *buf, size_t cap);

/*
 * Create an enterprise from IN (id, created_at, updated_at ignored; the USCC
 * is normalised; an absent hnte_expires_on is derived from hnte_issued_on).
 * The initial tier is recorded in tier_history (from NULL). *ID (may be NULL)
 * gets the new id. Errors: ERR_INVALID (validation, unknown area),
 * ERR_CONFLICT ("统一社会信用代码已存在"), ERR_FORBIDDEN (role cannot create,
 * or a county creating outside its areas).
 */
int enterprise_create(struct ledger *l, const struct enterprise *in, int64_t *id, struct err *e);

/*
 * For the import (ledger/intake), inside a group opened with ledger_begin:
 * create the new enterprise IN with the id ID, audited like
 * enterprise_create (an audit row, tier_history row and the same checks; the
 * audit image lists only the fields given — a null field is left out), but
 * without a savepoint of its own and without RETURNING (both a large part of
 * the cost of 100,000 creations). ID comes from enterprise_next_id, counted
 * up by the caller after each success. Every error raised before the first
 * write (ERR_FORBIDDEN, ERR_INVALID, ERR_CONFLICT for a USCC that exists,
 * with enterprise_create's messages) leaves the group untouched; a failure
 * after the first write is returned as ERR_DB, and the caller must then roll
 * the whole group back.
 */
int enterprise_import_create(struct ledger *l, const struct enterprise *in, int64_t id,
			     struct err *e);

/*
 * May L's caller place enterprises in AREA (the check enterprise_create
 * makes)? 0, or ERR_INVALID ("区域不存在：X", field "area"), ERR_FORBIDDEN (a
 * county user outside its areas: "无权在沾益区（530303）中登记或移入企业"), ERR_DB.
 */
int enterprise_area_allowed(struct ledger *l, const char *area, struct err *e);

/* The id the next created enterprise gets (max(id) + 1) into *ID. 0 or ERR_DB. */
int enterprise_next_id(struct ledger *l, int64_t *id, struct err *e);

/*
 * Replace the editable fields of the enterprise USCC with those of IN (every
 * field except id, uscc, tier, exit_reason and the timestamps; use
 * enterprise_set_tier for the tier). Audited with before/after. Errors:
 * ERR_NOT_FOUND (absent or out of scope), ERR_INVALID, ERR_FORBIDDEN
 * (including a county moving it to an area outside its own).
 * *CHANGED (may be NULL) is 1 when some value changed; an update that changes
 * nothing writes neither the row nor an audit entry.
 */
int enterprise_update(struct ledger *l, const char *uscc, const struct enterprise *in, int *changed,
		      struct err *e);

/*
 * A partial change: the columns named (enterprise_patch_name) take their
 * values from V; every other column keeps what is stored when the write
 * runs, so a concurrent change of another column is never reverted.
 */
struct enterprise_patch {
	struct enterprise v;
	uint32_t set; /* bit K: enterprise_columns[K] is named */
};

/* An empty patch (V as enterprise_init leaves it, nothing named). */
void enterprise_patch_init(struct enterprise_patch *p);

/*
 * Name the column NAME in P (its value is then taken from p->v). The
 * editable columns (LCOL_EDIT) may be named, and "uscc" and "tier", which a
 * patch may only repeat with their stored values. ERR_INVALID (field NAME)
 * for any other name.
 */
int enterprise_patch_name(struct enterprise_patch *p, const char *name, struct err *e);

/*
 * In one atomic write: read the enterprise USCC as stored, take the columns
 * P names, validate, write (audited before/after; nothing is written when
 * nothing changes) and, when OUT is not NULL, read the row as now stored
 * into *OUT (text in ARENA). *CHANGED (may be NULL) as enterprise_update.
 * Errors as enterprise_update, and ERR_INVALID when P repeats "uscc" or
 * "tier" with another value ("统一社会信用代码不能修改", "层级请通过“调整层级”修改").
 */
int enterprise_patch(struct ledger *l, const char *uscc, const struct enterprise_patch *p,
		     struct arena *arena, struct enterprise *out, int *changed, struct err *e);

/*
 * 1 when enterprise_update of the stored row OLD with IN would change
 * nothing (the same comparison it makes: every editable field, the expiry
 * derived from the issue date), 0 otherwise. Lets a caller with the stored
 * row at hand (the import) skip the update without reading the row again.
 */
int enterprise_unchanged(const struct enterprise *old, const struct enterprise *in);

/* Get the enterprise USCC (any case) into *OUT, text in ARENA. ERR_NOT_FOUND. */
int enterprise_get(struct ledger *l, const char *uscc, struct arena *arena, struct enterprise *out,
		   struct err *e);
/* Get by database id. ERR_NOT_FOUND. */
int enterprise_get_by_id(struct ledger *l, int64_t id, struct arena *arena, struct enterprise *out,
			 struct err *e);

/*
 * Move the enterprise to tier TO on date ON (LEDGER_NO_DATE = today) for
 * REASON (required, ≤ 500 bytes; for TIER_EXITED it becomes exit_reason).
 * Appends tier_history and an audit row (action "tier"). Moving to the same
 * tier is ERR_INVALID ("企业已处于该层级"). Errors as enterprise_update.
 */
int enterprise_set_tier(struct ledger *l, const char *uscc, enum tier to, int32_t on,
			const char *reason, struct err *e);

struct tier_change {
	int64_t id;
	int has_from; /* 0 for the creation entry */
	enum tier from;
	enum tier to;
	int32_t on;
	int64_t user_id; /* 0 for the system */
	const char *user_name;
	const char *reason;
	char created_at[21];
};

/* The tier history of USCC, oldest first, into *ITEMS / *N (arena memory). */
int enterprise_tier_history(struct ledger *l, const char *uscc, struct arena *arena,
			    struct tier_change **items, size_t *n, struct err *e);

/* ---- list ------------------------------------------------------------------ */

enum enterprise_sort {
	ENTERPRISE_SORT_NAME = 0, /* default */
	ENTERPRISE_SORT_USCC = 1,
	ENTERPRISE_SORT_AREA = 2,
	ENTERPRISE_SORT_TIER = 3,
	ENTERPRISE_SORT_FIELD = 4,
	ENTERPRISE_SORT_EXPIRY = 5,  /* hnte_expires_on, absent last */
	ENTERPRISE_SORT_UPDATED = 6, /* updated_at */
	ENTERPRISE_SORT_SCORE = 7,   /* the stored score range (max, then min), unassessed last */
};

/* Parse "name", "uscc", "area", "tier", "field", "expiry", "updated", "score"; ERR_INVALID (field
 * "sort").
 */
int enterprise_sort_parse(const char *s, enum enterprise_sort *out, struct err *e);

#define ENTERPRISE_PAGE_MAX 1000 /* largest page size */

struct enterprise_filter {
	const char *area;  /* area code, NULL = any */
	int tier;	   /* an enum tier, or -1 = any */
	const char *field; /* field code prefix ("10" matches 10, 101, 10101), NULL = any */
	int expiry_year;   /* HNTE certificate expiring in this calendar year, 0 = any */
	const char *q;	   /* free text in name or USCC (case-insensitive substring), NULL = none */
	const char
		*verdict; /* stored HNTE verdict ("pass", …; ledger/assess/stored.h), NULL = any */
	enum enterprise_sort sort;
	int descending;
	int64_t offset;	   /* rows to skip (≥ 0) */
	int64_t limit;	   /* rows wanted, 1–ENTERPRISE_PAGE_MAX (0 = 50) */
	int want_total;	   /* 1: also count all matching rows */
	int with_verdicts; /* enterprise_list: 1 = also each row's stored verdict (page.verdicts) */
};

/* Filter with every criterion off, sorted by name, first page of 50, with total. */
void enterprise_filter_init(struct enterprise_filter *f);

/* The stored HNTE verdict of a listed enterprise (ledger/assess/stored.h). */
struct enterprise_verdict {
	int verdict; /* enum hnte_verdict, or -1 when the enterprise has no stored row */
	int score_min, score_max;
	int risk; /* 1: a recognised HNTE that would fail */
};

struct enterprise_page {
	struct enterprise *items; /* arena memory */
	size_t n;
	int64_t total; /* every match within scope (-1 when want_total was 0) */
	struct enterprise_verdict *verdicts; /* with_verdicts: one per item (arena), else NULL */
};

/*
 * One page of the enterprises in scope matching F. Errors: ERR_INVALID for a
 * bad filter (limit, offset, tier, field not digits, q longer than 100 bytes).
 */
int enterprise_list(struct ledger *l, const struct enterprise_filter *f, struct arena *arena,
		    struct enterprise_page *out, struct err *e);

/* The number of enterprises in scope matching F (paging ignored). */
int enterprise_count(struct ledger *l, const struct enterprise_filter *f, int64_t *count,
		     struct err *e);

/*
 * Stream every enterprise in scope matching F (paging ignored, sorted as F
 * says) to CB; a non-zero return of CB stops the walk and is returned. The
 * struct and its text are valid only during the call. For exports.
 */
int enterprise_each(struct ledger *l, const struct enterprise_filter *f,
		    int (*cb)(void *ctx, const struct enterprise *ent), void *ctx, struct err *e);

/* ---- tallies for the dashboard ------------------------------------------------ */

struct enterprise_tally_area {
	const char *code; /* area code (arena memory) */
	int64_t count;
};

struct enterprise_tally_field {
	char code[3]; /* a first-level technology field ("10" … "80") */
	int64_t count;
};

struct enterprise_tally {
	int64_t total;			     /* enterprises in scope */
	int64_t tiers[TIER_COUNT];	     /* per tier */
	struct enterprise_tally_area *areas; /* areas holding at least one, by code */
	size_t n_areas;
	struct enterprise_tally_field
		*fields; /* first-level fields holding at least one, by code */
	size_t n_fields;
	int64_t expiring[2]; /* HNTE certificates expiring in YEAR and in YEAR + 1 */
};

/*
 * Count the enterprises in L's scope by tier, area, first-level field and
 * certificate expiry in YEAR and YEAR + 1 (the same numbers as
 * enterprise_count with the corresponding filter): one grouped query for a
 * restricted scope, one per dimension on its index for a scope that sees
 * every firm. Arrays in ARENA, areas and fields in the order first met.
 * Errors: ERR_DB.
 */
int enterprise_tally(struct ledger *l, int year, struct arena *arena, struct enterprise_tally *out,
		     struct err *e);

/* ---- expert assignments ----------------------------------------------------- */

/*
 * Assign the expert user EXPERT_ID to the enterprise USCC (admin, city,
 * county in scope). ERR_INVALID when the user is not an expert, ERR_CONFLICT
 * when already assigned. Audited (table "expert_assignments").
 */
int enterprise_assign_expert(struct ledger *l, const char *uscc, int64_t expert_id, struct err *e);
/* Remove an assignment. ERR_NOT_FOUND when there was none. Audited. */
int enterprise_unassign_expert(struct ledger *l, const char *uscc, int64_t expert_id,
			       struct err *e);
/* The expert user ids assigned to USCC, ascending (arena memory). */
int enterprise_experts(struct ledger *l, const char *uscc, struct arena *arena, int64_t **ids,
		       size_t *n, struct err *e);

/* ---- rows of a seed (base/seed.h) ------------------------------------------------ */

struct ledger_seed;

/*
 * Write IN as a new enterprise of the open load S, without tier history,
 * validation beyond the database's constraints, or audit image; *ID gets its
 * id: the next above the highest (1 … N in an empty register), in the order
 * of the calls. in->id is ignored; created_at/updated_at are IN's when set,
 * else the load's start. Errors (the load is then rolled back whole):
 * ERR_CONFLICT (field "uscc") for a USCC that exists, ERR_INVALID (field
 * "area") for an unknown area or another constraint, ERR_DB, ERR_INTERNAL
 * when S is not open.
 */
int enterprise_seed(struct ledger_seed *s, const struct enterprise *in, int64_t *id, struct err *e);

/*
 * Append a tier_history row of the load S for ENTERPRISE_ID by the load's
 * user: FROM when HAS_FROM, else NULL (the tier given at creation); ON is
 * the day of the change (LEDGER_NO_DATE: today). Errors as enterprise_seed;
 * ERR_INVALID (field "enterprise_id") for an unknown enterprise.
 */
int enterprise_seed_tier(struct ledger_seed *s, int64_t enterprise_id, int has_from, enum tier from,
			 enum tier to, int32_t on, const char *reason, struct err *e);

/*
 * Assign the expert user EXPERT_ID to ENTERPRISE_ID in the load S (the role
 * is not checked). Errors as enterprise_seed; ERR_CONFLICT when assigned
 * already, ERR_INVALID (field "expert_id") for an unknown user or enterprise.
 */
int enterprise_seed_expert(struct ledger_seed *s, int64_t enterprise_id, int64_t expert_id,
			   struct err *e);

#endif
