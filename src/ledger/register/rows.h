/*
 * rows — the row format of enterprises, shared by the files of
 * src/ledger/register only (enterprise.c owns it, enterprise_list.c reads
 * many rows with it).
 */
#ifndef GAOQI_LEDGER_REGISTER_ROWS_H
#define GAOQI_LEDGER_REGISTER_ROWS_H

#include "ledger/internal.h"
#include "ledger/register/enterprise.h"

/* "t.id, t.uscc, …, t.updated_at": every column of the table, alias t, in table order. */
const char *enterprise_sql_cols(void);

/* Read a row selected with enterprise_sql_cols (from result column 0) into *O, text in A. */
void enterprise_read_row(struct store_stmt *st, struct arena *a, struct enterprise *o);

/* The tier of its stored code; TIER_PROSPECT for an unknown one (the schema forbids it). */
int enterprise_tier_of_text(const char *s);

#endif
