/*
 * link — the responsibility links (包保 / 挂钩联系, product.md C7): the bureau
 * leader and staff linked to each area, shown on the board and on every firm
 * of the area.
 *
 * Scope: admin and city add, change and remove links (targets.manage); the
 * links of an area are read by every scope that sees the area (admin, city
 * all; county and viewer their areas; an expert or an enterprise user the
 * areas of its firms — the firm page shows them). Writes audited (table
 * target_links).
 */
#ifndef GAOQI_LEDGER_TARGETS_LINK_H
#define GAOQI_LEDGER_TARGETS_LINK_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "ledger/ledger.h"

enum link_role { LINK_LEADER, LINK_STAFF };
#define LINK_ROLE_COUNT 2

struct target_link {
	int64_t id;
	const char *area;  /* required: an area code */
	int role;	   /* enum link_role */
	const char *name;  /* required, ≤ 64 bytes */
	const char *title; /* the person's post, ≤ 64 bytes */
	const char *phone; /* ≤ 32 bytes */
	char created_at[21], updated_at[21];
};

extern const struct ledger_column link_columns[];
#define LINK_NCOLUMNS 8

/* "leader"/"staff" and "包保领导"/"联络员" (static; "?" out of range). */
const char *link_role_name(int role);
const char *link_role_label(int role);
/* Parse a role code or label; ERR_INVALID (field "role"). */
int link_role_parse(const char *s, int *role, struct err *e);

/* The links visible to L (of AREA only when not NULL), by area, role, id. */
int link_list(struct ledger *l, const char *area, struct arena *arena, struct target_link **items,
	      size_t *n, struct err *e);
/* One link: ERR_NOT_FOUND when absent or not visible. */
int link_get(struct ledger *l, int64_t id, struct arena *arena, struct target_link *out,
	     struct err *e);
/*
 * Add, change, remove (targets.manage, else ERR_FORBIDDEN). ERR_INVALID
 * naming the field (area unknown, name empty, role); ERR_NOT_FOUND. Audited.
 */
int link_add(struct ledger *l, const struct target_link *k, int64_t *id, struct err *e);
int link_update(struct ledger *l, int64_t id, const struct target_link *k, struct err *e);
int link_delete(struct ledger *l, int64_t id, struct err *e);

#endif
