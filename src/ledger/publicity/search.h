/*
 * search — for the ledger/publicity modules: the LIKE pattern of a search
 * text typed by a person (announcements, questions, the FAQ, policies),
 * whether an area is one of a county user's own, and a stored file's bytes.
 */
#ifndef GAOQI_LEDGER_PUBLICITY_SEARCH_H
#define GAOQI_LEDGER_PUBLICITY_SEARCH_H

#include "core/arena.h"
#include "core/err.h"
#include "ledger/ledger.h"

/* Longest search text accepted, in bytes. */
#define PUBLICITY_SEARCH_MAX 200

/*
 * The pattern "%Q%" for `LIKE … ESCAPE '\'` with Q's own %, _ and \ escaped
 * (so that they match themselves), into ARENA: *OUT is NULL when Q is NULL
 * or "". ERR_INVALID (field "q") when Q is longer than PUBLICITY_SEARCH_MAX.
 */
int publicity_like(struct arena *arena, const char *q, const char **out, struct err *e);

/* 1 when AREA (may be NULL: 0) is one of the areas of L's user, 0 when not, or an error. */
int publicity_own_area(struct ledger *l, const char *area, struct err *e);

/*
 * The bytes of the one row SQL (a SELECT of one BLOB column, $1 = ID)
 * finds, into *DATA (malloc'd, the caller frees) / *LEN; ERR_NOT_FOUND
 * (field "id", message MISSING) when it finds none.
 */
int publicity_blob(struct ledger *l, const char *sql, int64_t id, const char *missing, void **data,
		   size_t *len, struct err *e);

#endif
