/*
 * ip — the intellectual-property register of an enterprise (product.md C2):
 * list, add, update, delete. The class (I or II) is derived from the kind as
 * in rules.md §1 and never taken from input. Audited as table "ip_items",
 * row key "USCC/ID". Who may write: admin, city, county (in scope) and the
 * enterprise itself. The mark used_in_recognition (a class II item counts in
 * one recognition only, rules.md §1) is set, changed or cleared by admin,
 * city and county users only: an enterprise sending a value other than the
 * stored one (LEDGER_NONE for a new item), or deleting a marked item, gets
 * ERR_FORBIDDEN on "used_in_recognition".
 */
#ifndef GAOQI_LEDGER_IP_H
#define GAOQI_LEDGER_IP_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "ledger/ledger.h"

/*
 * The class of an IP kind: 1 for invention_patent, defense_patent,
 * plant_variety, crop_variety, new_drug, tcm_protected_grade1, ic_layout;
 * 2 for utility_model, design_patent, software_copyright, other_ii; 0 for
 * anything else (trademarks are not IP here).
 */
int ip_kind_class(const char *kind);
/* Chinese label of a kind ("发明专利", "实用新型专利", …), or NULL for an unknown kind. */
const char *ip_kind_label(const char *kind);
/* Map a kind code or its Chinese label to the static kind code; NULL when unknown. */
const char *ip_kind_parse(const char *s);

struct ip_item {
	int64_t id;
	const char *kind; /* a code of ip_kind_class */
	int klass;	  /* 1 or 2, derived from kind (output only) */
	const char *number;
	const char *title;
	int32_t granted_on; /* LEDGER_NO_DATE when unknown */
	int32_t expires_on;
	const char *legal_status;    /* free text, e.g. "有效", "已失效" */
	int valid;		     /* 0/1 */
	const char *acquired;	     /* self, transfer, gift, merger */
	int64_t used_in_recognition; /* year, or LEDGER_NONE */
	char created_at[21];
	char updated_at[21];
};

/* Absent dates/year, valid 1, acquired "self". */
void ip_item_init(struct ip_item *it);

/*
 * Validate IT: kind known, acquired one of the four, number ≤ 100 bytes,
 * title ≤ 300 bytes, expiry not before grant, used_in_recognition 2000–2100
 * and only for class II. ERR_INVALID naming the field.
 */
int ip_validate(const struct ip_item *it, struct err *e);

/*
 * Add IT to USCC; *ID (may be NULL) gets the new id. ERR_CONFLICT for a
 * duplicate number, ERR_FORBIDDEN for a mark sent by an enterprise.
 */
int ip_add(struct ledger *l, const char *uscc, const struct ip_item *it, int64_t *id,
	   struct err *e);
/*
 * Replace item ID of USCC with IT. ERR_NOT_FOUND when ID is not an item of
 * USCC, ERR_FORBIDDEN for an enterprise changing the mark.
 */
int ip_update(struct ledger *l, const char *uscc, int64_t id, const struct ip_item *it,
	      struct err *e);
/* Delete item ID of USCC. ERR_NOT_FOUND; ERR_FORBIDDEN for an enterprise and a marked item. */
int ip_delete(struct ledger *l, const char *uscc, int64_t id, struct err *e);
/* Get item ID of USCC. */
int ip_get(struct ledger *l, const char *uscc, int64_t id, struct arena *arena, struct ip_item *out,
	   struct err *e);
/* Every item of USCC ordered by id (arena memory). */
int ip_list(struct ledger *l, const char *uscc, struct arena *arena, struct ip_item **items,
	    size_t *n, struct err *e);

/*
 * Mark the class II item ID of USCC as used in the recognition of YEAR (an
 * outcome of C3a). Audited. ERR_INVALID for a class I item, ERR_FORBIDDEN
 * unless admin, city or county (as ip_update).
 */
int ip_mark_used(struct ledger *l, const char *uscc, int64_t id, int64_t year, struct err *e);

struct ledger_seed;

/*
 * Write IT for ENTERPRISE_ID as a row of the open load S (base/seed.h): no
 * scope, validation or audit image; created_at/updated_at are the load's
 * start; the id is not returned. Errors (the load is then rolled back
 * whole): ERR_CONFLICT (field "number") for a number the enterprise already
 * has, ERR_INVALID for an unknown enterprise or another constraint, ERR_DB,
 * ERR_INTERNAL when S is not open.
 */
int ip_seed(struct ledger_seed *s, int64_t enterprise_id, const struct ip_item *it, struct err *e);

#endif
