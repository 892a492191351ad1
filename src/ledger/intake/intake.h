/*
 * intake — one imported row of a county's ledger (product.md C10): the use
 * case behind io/import. The typed values of one row — an enterprise and,
 * optionally, one year of its indicators — become a creation, an update or
 * nothing, with the caller's scope, the audit rows and the tier history,
 * inside ONE group of writes that the caller commits or undoes as a whole.
 *
 * A group runs:
 *   intake_new     who may import (admin, city, county); the audit source
 *                  "import:FILE" is set on the ledger until intake_free;
 *   intake_begin   the transaction (BEGIN IMMEDIATE), statements held;
 *   intake_row     once per row, in file order;
 *   intake_commit  when the rows are to be kept (not for a dry run);
 *   intake_free    undoes whatever was not committed and restores the source.
 * Opening the file between intake_new and intake_begin keeps its parsing
 * outside the write lock.
 *
 * Rows are keyed by USCC and (USCC, year): the same row twice changes
 * nothing the second time (no write, no audit row). A member the row does
 * not give keeps the stored value; a new enterprise starts from
 * enterprise_init's values. Each row is atomic: it is applied whole, or
 * refused with nothing of it written and the group still usable.
 *
 * Threads: a struct intake is used by the thread that owns its ledger.
 */
#ifndef GAOQI_LEDGER_INTAKE_H
#define GAOQI_LEDGER_INTAKE_H

#include <stdint.h>

#include "core/err.h"
#include "ledger/ledger.h"
#include "ledger/records/indicator.h"
#include "ledger/register/enterprise.h"

/*
 * The typed values of one row. Start from intake_row_init (everything
 * "not given"), then set what the file gives:
 * - ent.uscc is the key (required); text members are given when not NULL,
 *   dates when not LEDGER_NO_DATE, tsme_year when not LEDGER_NONE;
 *   above_scale, listed and tier only with has_above_scale, has_listed,
 *   has_tier (a tier given for a stored enterprise is a move recorded in
 *   its tier history, with exit_reason as reason when it moves to exited);
 * - ind.year is the year of the indicators, LEDGER_NONE when the row has
 *   none (the rest of ind is then ignored); its figures are given when not
 *   LEDGER_NONE, incident only with has_incident; sales_whole says that
 *   ind.sales_main is the whole of sales (a "销售收入" column), which clears
 *   a stored sales_other.
 * - area_if_new is the area of the enterprise when it is new and ent.area is
 *   NULL (an area the caller inferred; a stored enterprise keeps its own);
 *   without it, the group's default area (intake_default_area) is used.
 * Text is borrowed for the call.
 */
struct import_row {
	struct enterprise ent;
	const char *area_if_new;
	int has_above_scale, has_listed, has_tier;
	struct indicator ind;
	int has_incident;
	int sales_whole;
};

/* What a row did to the enterprise and to its year. */
enum intake_change {
	INTAKE_UNCHANGED = 0,
	INTAKE_CREATED = 1,
	INTAKE_UPDATED = 2,
	INTAKE_ABSENT = 3, /* indicators only: the row has no year */
};

/* Where the area of a created enterprise came from. */
enum intake_area {
	INTAKE_AREA_ROW = 0,	 /* ent.area, or the enterprise was not created */
	INTAKE_AREA_IF_NEW = 1,	 /* the row's area_if_new */
	INTAKE_AREA_DEFAULT = 2, /* the group's default area */
};

struct intake_outcome {
	enum intake_change enterprise;
	enum intake_change indicators;
	enum intake_area area_from;
};

struct intake;

/* Set every member of ROW to "not given" (ind.year LEDGER_NONE). */
void intake_row_init(struct import_row *row);

/*
 * Start an import by L's caller, audited with the source "import:FILENAME"
 * (NULL: "-"; the name also goes into the reason of tier moves, "批量导入：
 * FILENAME"). On success *OUT owns the group (intake_free); L is borrowed
 * until then and its audit source is the import's. Errors: ERR_FORBIDDEN
 * ("只有管理员、市级和县级用户可以导入台账") for every other role; nothing is
 * set then.
 */
int intake_new(struct ledger *l, const char *filename, struct intake **out, struct err *e);

/*
 * Open the group: BEGIN IMMEDIATE on L, statements held for the rows
 * (ledger_hold_begin). Errors: ERR_DB (busy past the timeout, or a group
 * already open on L).
 */
int intake_begin(struct intake *it, struct err *e);

/*
 * Give the group a default area AREA (a code, copied): the area of every
 * new enterprise whose row gives neither ent.area nor area_if_new (stored
 * enterprises keep theirs). Checked at once against the caller's scope:
 * ERR_INVALID ("区域不存在：X"), ERR_FORBIDDEN (a county user naming an area
 * not its own), ERR_DB; nothing is set then.
 */
int intake_default_area(struct intake *it, const char *area, struct err *e);

/*
 * Tell the group that about ROWS more rows are coming (0: unknown), an
 * estimate the caller may renew at any time. A first load of many new
 * enterprises then switches to bulk loading (ledger_bulk_begin: the
 * enterprise indexes built once at the commit); nothing else depends on it.
 */
void intake_expect(struct intake *it, uint64_t rows);

/*
 * Apply ROW inside the open group, atomically: create the enterprise when
 * its USCC is new (or stored outside the scope: the creation is then
 * refused), else update the members the row gives and move its tier; then
 * create or update the row's year. *OUT (filled on success) says what
 * changed. Returns 0, or:
 * - a row error — ERR_INVALID (validation, with E's field naming the member,
 *   "st_staff", "area", …), ERR_FORBIDDEN (a county writing outside its
 *   areas), ERR_CONFLICT (the USCC stored outside the scope, a locked year),
 *   ERR_NOT_FOUND: nothing of the row is written and the group goes on;
 * - ERR_DB or ERR_INTERNAL: the group is broken — later rows and the commit
 *   are refused; end it with intake_free.
 */
int intake_row(struct intake *it, const struct import_row *row, struct intake_outcome *out,
	       struct err *e);

/*
 * Commit the group (building first any indexes set aside for bulk
 * loading). Errors: ERR_DB (everything is undone), or ERR_INTERNAL when the
 * group is broken or not open (intake_free undoes it).
 */
int intake_commit(struct intake *it, struct err *e);

/*
 * End the import: undo an uncommitted group, hand back the held statements,
 * restore L's audit source, free IT. NULL-safe.
 */
void intake_free(struct intake *it);

#endif
