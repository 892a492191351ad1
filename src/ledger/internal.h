/*
 * ledger/internal.h — for the files of src/ledger only (like SQLite's
 * sqliteInt.h beside sqlite3.h): statements held by a ledger, single atomic
 * writes, the scope as SQL, and the column helpers every table owner uses.
 * io, http, cmd and demo see ledger.h and the domain headers; tools/layers.sh
 * fails when a file outside src/ledger includes this one.
 */
#ifndef GAOQI_LEDGER_INTERNAL_H
#define GAOQI_LEDGER_INTERNAL_H

#include <assert.h>

#include "ledger/ledger.h"
#include "store/store.h"

/*
 * Check that enterprise ENTERPRISE_ID is in L's scope: 0, or ERR_NOT_FOUND
 * with the message "企业不存在" (field "uscc"). For ledger modules.
 */
int ledger_check_enterprise(struct ledger *l, int64_t enterprise_id, struct err *e);

/*
 * For ledger modules: the statement for SQL (always the same text for a
 * SLOT) into *ST: the held one while holding (reset; its bindings are those
 * of the last use, so the caller binds every placeholder), else a fresh
 * store_prepare. Give it back with ledger_stmt_done. Errors as store_prepare.
 */
int ledger_stmt(struct ledger *l, enum ledger_slot slot, const char *sql, struct store_stmt **st,
		struct err *e);
void ledger_stmt_done(struct ledger *l, enum ledger_slot slot, struct store_stmt *st);

/*
 * For ledger/intake (defined by the table's owner, register/enterprise.c):
 * whether an enterprise with USCC (normalised as ledger_norm_uscc does) is
 * stored at all, IN ANY SCOPE — 1 and its id in *ID, 0 when absent, or a
 * negative ERR_* (ERR_DB). It tells a new USCC from a stored one with one
 * indexed lookup (held while holding, slot LEDGER_SLOT_ENT_ID); a caller
 * must read a stored one in scope (enterprise_get) before it reveals
 * anything of it.
 */
int enterprise_stored_id(struct ledger *l, const char *uscc, int64_t *id, struct err *e);

/*
 * For ledger modules whose writes change what an enterprise's assessment
 * reads (its registration, field and certificate, its indicator years, IP
 * items, qualitative ratings): mark ENTERPRISE_ID (or, with _all, every
 * enterprise) so that its stored assessment (ledger/assess/stored.h) is
 * rewritten in the same transaction, just before ledger_commit commits it
 * (a write undone later only costs a needless refresh). Never fails: the
 * set grows on the heap and is emptied by the commit or the rollback.
 */
void ledger_assess_mark(struct ledger *l, int64_t enterprise_id);
void ledger_assess_mark_all(struct ledger *l);
/* Forget the marks (the transaction was rolled back, or they were refreshed). */
void ledger_assess_clear(struct ledger *l);

/*
 * Defined by ledger/assess/stored.c, called by ledger_commit inside the open
 * transaction: rewrite the stored assessments of the enterprises marked on L
 * (for an application today, whatever L's scope), then clear the marks.
 * Errors: ERR_DB, ERR_INTERNAL.
 */
int stored_flush(struct ledger *l, struct err *e);

/*
 * For ledger modules: start one atomic write (a savepoint inside an open
 * group, else BEGIN IMMEDIATE), and end it: with RC == 0 release/commit,
 * otherwise undo. ledger_write_end returns RC, or the commit's error.
 */
int ledger_write_begin(struct ledger *l, struct err *e);
int ledger_write_end(struct ledger *l, int rc, struct err *e);

/*
 * For ledger modules: append to SQL the condition that limits enterprises
 * (table alias ALIAS, e.g. "t") to scope S, using placeholder $PARAM for the
 * one value it needs (bind ledger_scope_param(S) to it; admin and city get
 * "1=1" and need no value, binding an unused $N is harmless). 0 or ERR_TOO_BIG.
 */
int ledger_scope_sql(const struct scope *s, struct strbuf *sql, const char *alias, int param);
/*
 * 1 when scope S is a set of areas (county, viewer): ledger_scope_sql with
 * another table's alias then limits that table's rows by its `area` column
 * (the stored assessments keep a copy of their enterprise's area).
 */
int ledger_scope_by_area(const struct scope *s);
/* The value for the placeholder of ledger_scope_sql (user id, or enterprise id). */
int64_t ledger_scope_param(const struct scope *s);

/*
 * Normalise a USCC given by a caller for lookups: surrounding blanks dropped,
 * ASCII letters upper-cased. A text longer than 18 characters gives "" (it
 * matches nothing).
 */
void ledger_norm_uscc(const char *in, char out[19]);

/* For ledger modules: the audit row key "USCC/N" of a year or an item into OUT. */
void ledger_row_key(const char *uscc, int64_t n, char out[48]);

/* For ledger modules: the current UTC time "YYYY-MM-DDTHH:MM:SSZ" into OUT. */
char *ledger_now(char out[21]);

/* For ledger modules: bind DAYS as 'YYYY-MM-DD' text, or NULL for LEDGER_NO_DATE. */
int ledger_bind_date(struct store_stmt *st, int n, int32_t days);
/* For ledger modules: a date column ('YYYY-MM-DD' text) as days, LEDGER_NO_DATE when NULL/bad. */
int32_t ledger_column_date(struct store_stmt *st, int col);
/* For ledger modules: a text column copied into ARENA (NULL for SQL NULL). */
const char *ledger_column_str(struct store_stmt *st, int col, struct arena *arena);
/* For ledger modules: copy a text column into OUT (size N), "" for NULL, truncated to fit. */
void ledger_column_copy(struct store_stmt *st, int col, char *out, size_t n);
/*
 * For ledger modules: copy SRC into DST (SIZE ≥ 1 bytes), "" for NULL, cut to
 * SIZE - 1 bytes (unlike ledger_column_copy, a cut may split a UTF-8
 * sequence: callers size DST to fit the column's limit).
 */
void ledger_copy_bytes(char *dst, size_t size, const char *src);

/*
 * For ledger modules with a table of codes (roles, tiers, sort keys):
 * ledger_code_find gives the index of S among NAMES[0..N) or, when LABELS is
 * not NULL, LABELS[0..N) (the first match, names before labels at each
 * index), -1 when S is NULL or absent; ledger_code_at gives TABLE[I], or "?"
 * when I is outside 0..N-1.
 */
int ledger_code_find(const char *const *names, const char *const *labels, int n, const char *s);
const char *ledger_code_at(const char *const *table, int n, int i);

/*
 * For ledger modules that collect rows into an arena array: room for one more
 * element of SIZE bytes in ITEMS, which holds COUNT elements in a capacity of
 * *CAP. Returns ITEMS while COUNT < *CAP; otherwise a copy in ARENA of twice
 * the capacity (FIRST elements when *CAP is 0), zero-filled past COUNT, and
 * updates *CAP. Never NULL (arena_alloc aborts on exhaustion).
 */
void *ledger_grow(struct arena *arena, void *items, size_t count, size_t *cap, size_t size,
		  size_t first);

struct ledger_jobj; /* ledger/base/json.h */

/* ---- column tables (ledger.h, struct ledger_column) ---------------------------------- */

/* Append "A.c1, A.c2, …" of every column of TABLE (A = ALIAS, none when NULL) to SQL. */
void ledger_cols_select(const struct ledger_column *table, size_t n, const char *alias,
			struct strbuf *sql);

/*
 * Read the columns of TABLE from ST (result column FIRST onwards, in table
 * order) into the struct at OBJ; text is copied into ARENA.
 */
void ledger_cols_read(struct store_stmt *st, int first, const struct ledger_column *table, size_t n,
		      struct arena *arena, void *obj);

/*
 * Bind the value of every column of TABLE whose flags include all of MASK
 * (0: every column) but LCOL_ID and LCOL_STAMP columns to the placeholder $K
 * for the column at index K, from the struct at OBJ (so an owner's tables
 * put the id at index 0, and bind it, and stamps, itself). Text is bound without a copy
 * (OBJ must outlive the step). "" binds NULL, or "" for LCOL_EMPTY columns.
 */
void ledger_cols_bind(struct store_stmt *st, const struct ledger_column *table, size_t n,
		      unsigned mask, const void *obj);

/*
 * Add the audit members of OBJ to O: every column but LCOL_ID and
 * LCOL_STAMP, in table order, with the same normalisation as binding.
 */
void ledger_cols_audit(struct ledger_jobj *o, const struct ledger_column *table, size_t n,
		       const void *obj);

/*
 * Refuse text that displays unlike what it is: the directional embeddings,
 * overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the Unicode
 * non-characters (U+FDD0–U+FDEF, U+xxFFFE/U+xxFFFF). 0, or ERR_INVALID on
 * FIELD naming LABEL and the code point. S may be NULL.
 */
int ledger_text_check(const char *s, const char *field, const char *label, struct err *e);

/* 1 when S (NUL-terminated, may be NULL) is valid UTF-8 throughout. */
int ledger_utf8_valid(const char *s);

/*
 * Check OBJ against the limits of TABLE: required columns present, text not
 * longer than its max nor refused by ledger_text_check, integers within
 * range, codes within their table.
 * ERR_INVALID naming the column ("企业名称不能为空", "地址过长（最多500字节）").
 */
int ledger_cols_check(const struct ledger_column *table, size_t n, const void *obj, struct err *e);

/*
 * Append to SQL "INSERT INTO TABLE_NAME (c1, …) VALUES ($1, …) RETURNING id"
 * for every column of TABLE but the LCOL_ID at index 0, column K bound to $K
 * (ledger_cols_bind binds all but the stamps, which the caller binds).
 */
void ledger_cols_insert_sql(const struct ledger_column *table, size_t n, const char *table_name,
			    struct strbuf *sql);

/*
 * Append to SQL "UPDATE TABLE_NAME SET c = $K, …, updated_at = $U WHERE id =
 * $N" for the columns whose flags include MASK, the stamp column named
 * "updated_at" at index U, and the id bound to $N (N = the number of columns).
 */
void ledger_cols_update_sql(const struct ledger_column *table, size_t n, const char *table_name,
			    unsigned mask, struct strbuf *sql);

/*
 * A table written through its column table (TABLE's columns, the id first):
 * insert, update and delete of one row by id, each audited in the caller's
 * transaction (table NAME, key the id, images {"id", …the columns}) — the
 * shared body of the simple owners (ledger/base/rows.c: links, milestones).
 * The caller checks permission, begins the transaction, checks the row and
 * reads the old one.
 */
struct ledger_rows {
	const char *name;
	const struct ledger_column *cols;
	size_t n;
};

/* Insert OBJ (every stamp column now) into *ID; audited "create". */
int ledger_rows_insert(struct ledger *l, const struct ledger_rows *t, const void *obj, int64_t *id,
		       struct err *e);
/* Update row ID (OLD as it was) with OBJ's LCOL_EDIT columns; audited "update" when it changed. */
int ledger_rows_update(struct ledger *l, const struct ledger_rows *t, int64_t id, const void *old,
		       const void *obj, struct err *e);
/* Delete row ID (OLD as it was); audited "delete". */
int ledger_rows_delete(struct ledger *l, const struct ledger_rows *t, int64_t id, const void *old,
		       struct err *e);

/*
 * Copy the SQL built in SB into DST (SIZE bytes, a static buffer of the
 * program's generated SQL) and empty SB. Aborts when it does not fit: the
 * program's own SQL outgrew its buffer, a bug found at the first use.
 */
void ledger_sql_keep(char *dst, size_t size, struct strbuf *sb);

/* Copy the value of column C from the struct at SRC to the struct at DST. */
void ledger_col_copy(const struct ledger_column *c, void *dst, const void *src);

#endif
