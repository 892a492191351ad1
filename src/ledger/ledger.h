/*
 * ledger — the context every use case runs in: a database connection and the
 * caller's scope (who is asking), plus explicit transaction control.
 *
 * Scope (product.md §1), applied inside every ledger function — lists,
 * counts, gets and writes — so that no caller re-implements it:
 *   admin, city   all enterprises;
 *   county        enterprises of the areas in user_areas of the user;
 *   viewer        like county, read-only;
 *   expert        enterprises assigned to the user (expert_assignments);
 *   enterprise    only its own enterprise (scope.enterprise_id).
 * A single object outside the scope is ERR_NOT_FOUND (its existence is never
 * revealed); an allowed read but a forbidden write is ERR_FORBIDDEN.
 *
 * Transactions: every write function runs atomically. When the caller has
 * opened a group with ledger_begin, a write joins it (inside a savepoint, so
 * a failing write undoes itself and leaves the group usable); otherwise the
 * write opens and commits its own BEGIN IMMEDIATE transaction. A caller that
 * groups many writes (an import of 100,000 rows) commits once with
 * ledger_commit, or undoes everything with ledger_rollback.
 *
 * Audit: every write inserts audit_log rows (who, when UTC, action, table,
 * row key, before/after JSON, source) in the same transaction.
 *
 * Threads: a struct ledger is used by one thread at a time (like its store).
 * Memory: results that carry text are allocated from an arena the caller
 * passes (freed with it); nothing returned needs a separate free.
 */
#ifndef GAOQI_LEDGER_LEDGER_H
#define GAOQI_LEDGER_LEDGER_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/strbuf.h"

/* "Absent" for optional integers (amounts, counts, years): SQL NULL. */
#define LEDGER_NONE INT64_MIN
/* "Absent" for optional dates (days since 1970-01-01). */
#define LEDGER_NO_DATE INT32_MIN

enum role {
	ROLE_ADMIN = 0,
	ROLE_CITY = 1,
	ROLE_COUNTY = 2,
	ROLE_EXPERT = 3,
	ROLE_ENTERPRISE = 4,
	ROLE_VIEWER = 5,
};
#define ROLE_COUNT 6

/* "admin", "city", … (static); "?" for an unknown value. */
const char *ledger_role_name(enum role r);
/* Parse a role code; 0 or ERR_INVALID ("未知角色：x", field "role"). */
int ledger_role_parse(const char *s, enum role *out, struct err *e);
/* Chinese label of a role ("管理员", "市级", "县级", "专家", "企业", "查看"). */
const char *ledger_role_label(enum role r);

#define LEDGER_SCOPE_AREAS 32 /* areas a scope carries inline */

struct store;
struct store_stmt;
struct store_deferred;

struct scope {
	int64_t user_id;       /* 0 = the system (command line, demo): audited as "system" */
	enum role role;	       /* the system runs as ROLE_ADMIN */
	int64_t enterprise_id; /* ROLE_ENTERPRISE: its enterprise's id (0 = none: sees nothing) */
	char user_name[64];    /* for audit rows and tier history; "system" when user_id is 0 */
	/*
	 * County and viewer: the user's areas, copied by user_scope so that list
	 * queries can use the area index. 0 = not copied: the areas are then
	 * looked up in user_areas inside the query (always correct, slower).
	 */
	int n_areas;
	char areas[LEDGER_SCOPE_AREAS][17];
};

/*
 * A column table describes one entity's columns once (name, Chinese label,
 * type, where the value sits in the entity's struct, limits). The owner
 * module generates from it its SELECT list, INSERT and UPDATE binding, row
 * reading, audit images and validation of limits; http renders and reads the
 * API members from the same table, so the layers cannot disagree on a name
 * or a limit. Tables are static and read-only.
 */
enum ledger_coltype {
	LCOL_ID,    /* int64_t database id: read, never written by a caller, not in the API */
	LCOL_KEY,   /* char[N] key text (the USCC): written at creation only */
	LCOL_TEXT,  /* const char *, NULL when absent; "" is stored as NULL */
	LCOL_DATE,  /* int32_t days since 1970-01-01, LEDGER_NO_DATE when absent */
	LCOL_BOOL,  /* int 0/1 */
	LCOL_INT,   /* int64_t, LEDGER_NONE when absent; limits min..max */
	LCOL_CODE,  /* an enum stored as its code text (codes[value]) */
	LCOL_STAMP, /* char[21] UTC timestamp kept by the ledger */
};

enum {
	LCOL_REQUIRED = 1u << 0, /* must be present and non-empty */
	LCOL_EDIT = 1u << 1, /* changed by an update; others only at creation or by own use cases */
	LCOL_EMPTY = 1u << 2, /* text stored as "" (never NULL) when absent */
};

struct ledger_column {
	const char *name;  /* SQL column, API member and audit member */
	const char *label; /* Chinese label for messages and exports */
	enum ledger_coltype type;
	size_t off;		  /* offsetof the value in the entity's struct */
	size_t max;		  /* LCOL_TEXT/LCOL_KEY: longest accepted, in bytes */
	int64_t min, max_int;	  /* LCOL_INT: accepted range */
	const char *const *codes; /* LCOL_CODE: the code of each enum value */
	int n_codes;
	unsigned flags;
};

/* The column of TABLE[0..N) named NAME, or NULL. */
const struct ledger_column *ledger_column_find(const struct ledger_column *table, size_t n,
					       const char *name);

struct fields_table;
/*
 * The embedded technology-field table (rules/fields.h), parsed once per
 * process on first use; read-only, shared by all threads. NULL only when the
 * embedded data is broken (a build error).
 */
const struct fields_table *ledger_fields(void);

/* The all-powerful scope of the command line: admin, user 0, name "system". */
struct scope ledger_system_scope(void);

/* Statements a ledger can hold through a bulk run (ledger_hold_begin). */
enum ledger_slot {
	LEDGER_SLOT_AUDIT,
	LEDGER_SLOT_ENT_INSERT,
	LEDGER_SLOT_TIER_HISTORY,
	LEDGER_SLOT_AREA,
	LEDGER_SLOT_USER_AREA,
	LEDGER_SLOT_IND_INSERT,
	LEDGER_SLOT_ENT_ID,
	LEDGER_SLOT_COUNT
};

struct ledger {
	struct store *db;   /* borrowed */
	struct scope scope; /* copied */
	char source[160];   /* audit source: "api", "cli", "import:FILE" (truncated to fit) */
	int write_depth;    /* private: nesting of ledger_write_begin */
	int write_own_tx;   /* private: the outermost write opened the transaction */
	int holding;	    /* private: ledger_hold_begin is in force */
	struct store_stmt *held[LEDGER_SLOT_COUNT]; /* private: statements kept by ledger_stmt */
	int n_area_ok; /* private: areas found allowed for writes while holding */
	char area_ok[16][17];
	struct store_deferred *deferred; /* private: indexes set aside by ledger_bulk_begin */
	/* private: enterprises whose stored assessment the open transaction must
	 * refresh before it commits (ledger_assess_mark), or all of them */
	int64_t *assess_ids;
	size_t n_assess, cap_assess;
	int assess_all;
};

/* Fill L for connection DB, caller SCOPE and audit SOURCE (NULL gives "cli"). */
void ledger_init(struct ledger *l, struct store *db, const struct scope *scope, const char *source);

/*
 * Set the source that L's writes record in their audit rows ("api", "cli",
 * "import:FILE"), copied and cut to fit on a whole UTF-8 character; NULL
 * gives "cli" as in ledger_init.
 */
void ledger_set_source(struct ledger *l, const char *source);

/*
 * Open a group of writes (BEGIN IMMEDIATE). Fails with ERR_DB when a group is
 * already open or the database stays busy past the timeout.
 */
int ledger_begin(struct ledger *l, struct err *e);
/*
 * Commit the group (building first any indexes ledger_bulk_begin set aside).
 * On failure everything is rolled back.
 */
int ledger_commit(struct ledger *l, struct err *e);
/* Undo the whole group; a no-op when none is open. */
int ledger_rollback(struct ledger *l, struct err *e);

/* 1 when the scope may read everything (admin, city). */
int ledger_scope_all(const struct scope *s);
/* What a role may do is the permission table's: ledger/base/perm.h. */

/*
 * Find the id of the enterprise with USCC within L's scope: 0 and *ID, or
 * ERR_NOT_FOUND ("企业不存在：USCC") whether it is absent or out of scope.
 */
int ledger_enterprise_id(struct ledger *l, const char *uscc, int64_t *id, struct err *e);

/*
 * For a caller that runs many writes of the same kinds on L (the import of
 * 100,000 rows): until ledger_hold_end, the statements that ledger modules
 * take with ledger_stmt stay borrowed in L between uses, sparing the cache
 * lookup (a hash and a comparison of the whole SQL text) and the clearing of
 * bindings on every use; and an area once found open to the caller's writes
 * is not looked up again (the caller must not change areas or user_areas on
 * L meanwhile). ledger_hold_end hands the statements back; call it before the
 * store is closed (it is NULL-safe and idempotent).
 */
void ledger_hold_begin(struct ledger *l);
void ledger_hold_end(struct ledger *l);

/*
 * Bulk loading inside an open group (ledger_begin, not inside a single
 * write) that is about to create about EXPECTED new enterprises: the
 * secondary indexes of enterprises are set aside when the table stores at
 * most twice the rows coming (bare inserts plus one sorted build of each
 * index is several times faster than keeping eight indexes up to date row
 * by row); a large table keeps its indexes. Reads inside the group stay
 * correct (only the speed of some lists changes until the end).
 * ledger_bulk_end (or ledger_commit) builds them again; ledger_rollback (or
 * the process dying) brings them back as they were. Errors: ERR_DB,
 * ERR_INTERNAL (no open group, or inside a write).
 */
int ledger_bulk_begin(struct ledger *l, uint64_t expected, struct err *e);

/* Build the indexes set aside by ledger_bulk_begin (a no-op without it). ERR_DB. */
int ledger_bulk_end(struct ledger *l, struct err *e);

#endif
