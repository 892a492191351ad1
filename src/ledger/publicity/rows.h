/*
 * rows — the write skeleton shared by the publicity tables with a column
 * table (announcements, policies, trainings): create, update and delete a
 * row in one transaction, each checked by the module's own rule of who may
 * write it and audited with the row's image before and after (table NAME,
 * row key the id). The module describes its table once (struct
 * publicity_table) and keeps what is its own: the checks of the values and
 * what else a row carries (a training's materials, a policy's file).
 */
#ifndef GAOQI_LEDGER_PUBLICITY_ROWS_H
#define GAOQI_LEDGER_PUBLICITY_ROWS_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "ledger/ledger.h"

struct publicity_table {
	const char *name;		  /* the SQL and audit table, e.g. "announcements" */
	const struct ledger_column *cols; /* the LCOL_ID at index 0 */
	size_t ncols;
	int col_created, col_updated; /* the bind indexes of the stamps */
	/* the generated INSERT (all columns) and UPDATE (LCOL_EDIT ones, id at
	 * $ncols) of ledger_cols_*_sql, ready once prepare() has run */
	const char *insert_sql, *update_sql;
	void (*prepare)(void);
	size_t size; /* of the row's struct */
	/* the row ID as L's caller sees it (ERR_NOT_FOUND when it does not) */
	int (*get)(struct ledger *l, int64_t id, struct arena *a, void *row, struct err *e);
	/* may L's caller write ROW? 0 or ERR_FORBIDDEN */
	int (*check)(struct ledger *l, const void *row, struct err *e);
	/* the audit image of ROW (malloc'd) */
	char *(*image)(const void *row);
	/* NULL, or what else a written row carries, stored after its columns */
	int (*after_write)(struct ledger *l, int64_t id, const void *row, struct err *e);
};

/*
 * Inside a write: insert V (every column but the id; both stamps now), set
 * its id (also into *ID), store what else it carries and audit "create".
 * The caller has checked V.
 */
int publicity_insert(struct ledger *l, const struct publicity_table *t, void *v, int64_t *id,
		     struct err *e);

/*
 * Inside a write: store V over the stored OLD of row ID — its LCOL_EDIT
 * columns, updated_at and what else it carries — when their audit images
 * differ, and audit VERB; the same image: no write, no audit row.
 */
int publicity_rewrite(struct ledger *l, const struct publicity_table *t, int64_t id,
		      const void *old, const void *v, const char *verb, struct err *e);

/*
 * Update row ID in one transaction: the stored row (t->get, t->check),
 * MERGE (IN's editable members over V, a copy of it, and the module's checks
 * of the values, in A), t->check of the result, publicity_rewrite "update";
 * then the row read back into *OUT (may be NULL) from ARENA.
 */
int publicity_update(struct ledger *l, const struct publicity_table *t, int64_t id, const void *in,
		     int (*merge)(struct ledger *l, struct arena *a, void *v, const void *in,
				  struct err *e),
		     struct arena *arena, void *out, struct err *e);

/* Delete row ID (t->get, t->check) in one transaction, audited with its image before. */
int publicity_delete(struct ledger *l, const struct publicity_table *t, int64_t id, struct err *e);

#endif
