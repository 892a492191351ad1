/*
 * seed — many rows written as ONE audited load (the demo city, benchmark
 * ledgers): enterprises with their tier history, annual indicators, IP,
 * ratings and expert assignments, at the speed of bare inserts.
 *
 * A load is one transaction on a ledger whose scope is the system or an
 * admin: ledger_seed_begin checks the scope, opens the transaction and sets
 * the enterprises' secondary indexes aside for the rows to come
 * (ledger_bulk_begin); the row functions of the table owners write one row
 * each (enterprise_seed, enterprise_seed_tier, enterprise_seed_expert in
 * register/enterprise.h; indicator_seed, ip_seed, qualitative_seed in
 * records/); ledger_seed_end writes the load's audit record and commits.
 *
 * Rows are checked by the database's constraints only (unique USCC and
 * numbers, known area and enterprise, the schema's CHECKs), not validated
 * like the ordinary use cases, and carry no audit image of their own: the
 * load is audited as one record (action NAME, table "enterprises", row "*",
 * after = the rows written per table and the caller's notes, e.g.
 * {"enterprises":100,"indicators":280,…,"users":16}; user and source of the
 * ledger). That is why only the system or an admin may seed.
 *
 * All or nothing: a row that fails rolls the WHOLE load back at once (its
 * rows, and every other write made on the ledger since ledger_seed_begin)
 * and closes the seed; later row calls fail with ERR_INTERNAL. Other writes
 * on the same ledger meanwhile (user_create, area_seed_default …) join the
 * load's transaction and are audited as usual.
 *
 * Threads: a seed and its ledger are used by one thread.
 */
#ifndef GAOQI_LEDGER_BASE_SEED_H
#define GAOQI_LEDGER_BASE_SEED_H

#include <stdint.h>

#include "core/err.h"
#include "ledger/ledger.h"

/* The tables a seed writes, in the order of the load record's counts. */
enum ledger_seed_table {
	LEDGER_SEED_ENTERPRISES,
	LEDGER_SEED_TIER_HISTORY,
	LEDGER_SEED_INDICATORS,
	LEDGER_SEED_IP_ITEMS,
	LEDGER_SEED_QUALITATIVE,
	LEDGER_SEED_EXPERT_ASSIGNMENTS,
	LEDGER_SEED_TABLE_COUNT
};

#define LEDGER_SEED_NOTES 8 /* counts of other things a caller may add to the record */

/* One load. Members are private to src/ledger; the caller only holds it. */
struct ledger_seed {
	struct ledger *l; /* borrowed from ledger_seed_begin */
	const char *name; /* the audit action of the load record (static) */
	int open;	  /* 1 between a successful begin and end/abort/a failed row */
	char now[21];	  /* created_at/updated_at of rows without their own */
	int64_t last_id;  /* the last enterprise id given; -1 until read */
	int64_t rows[LEDGER_SEED_TABLE_COUNT];
	size_t n_notes;
	struct {
		const char *key;
		int64_t n;
	} notes[LEDGER_SEED_NOTES];
};

/*
 * Start a load NAME (a static ASCII word, the audit action, e.g. "demo") of
 * about EXPECTED new enterprises on L into *S: checks L's scope, opens the
 * transaction (BEGIN IMMEDIATE) and sets the enterprises' secondary indexes
 * aside when the table is small beside EXPECTED (ledger_bulk_begin). Errors:
 * ERR_FORBIDDEN ("只有系统管理员可以批量写入数据") for any scope but the
 * system's or an admin's; ERR_DB when L already has a transaction open or
 * the database stays busy. On error nothing is open and S is closed.
 */
int ledger_seed_begin(struct ledger *l, const char *name, uint64_t expected, struct ledger_seed *s,
		      struct err *e);

/*
 * Add "KEY": N to the load record, for what the caller created through the
 * ordinary use cases during the load (users, areas). KEY is a static ASCII
 * name from the program, distinct from the table names and from other
 * notes; at most LEDGER_SEED_NOTES notes (a bug beyond: asserted).
 */
void ledger_seed_note(struct ledger_seed *s, const char *key, int64_t n);

/*
 * Write the load record and commit (the set-aside indexes are built first).
 * On failure everything is rolled back. S is closed either way. ERR_DB,
 * ERR_INTERNAL when S is not open (a failed row already rolled it back).
 */
int ledger_seed_end(struct ledger_seed *s, struct err *e);

/* Roll back the load if it is still open, and close S; a no-op otherwise. */
void ledger_seed_abort(struct ledger_seed *s);

#endif
