/*
 * store_internal — what the dispatching front (store.c) shares with its two
 * backends (store_sqlite.c, store_pg.c). Only src/store includes this.
 *
 * A backend's connection embeds `struct store` as its FIRST member and its
 * statement embeds `struct store_stmt` first, so the front's pointers can be
 * cast to the backend's types. The front owns the statement cache (keyed by
 * the SQL text), the migrations and the savepoints; the backend compiles,
 * binds, steps and reads statements and runs transactions.
 */
#ifndef GAOQI_STORE_STORE_INTERNAL_H
#define GAOQI_STORE_STORE_INTERNAL_H

#include <stdint.h>

#include "store/store.h"

#define STORE_CACHE_BUCKETS 128
#define STORE_MAX_PARAMS 100 /* highest $N supported */

struct store_stmt {
	struct store *owner;
	char *sql;
	size_t len; /* of sql */
	unsigned hash;
	int busy;		 /* borrowed by a caller */
	int cached;		 /* in the cache (else destroyed on finish) */
	struct store_stmt *next; /* bucket chain */
};

struct store_ops {
	void (*close)(struct store *s); /* the backend's handle only (the front frees S) */
	int (*exec)(struct store *s, const char *sql, struct err *e);
	/* Compile ST->sql (ST allocated by stmt_new); ERR_DB / ERR_INTERNAL. */
	struct store_stmt *(*stmt_new)(void);
	int (*compile)(struct store_stmt *st, struct err *e);
	void (*destroy)(struct store_stmt *st); /* the backend's part; the front frees sql */
	void (*finish)(struct store_stmt *st);	/* reset and clear the bindings */
	void (*reset)(struct store_stmt *st);
	int (*bind_int)(struct store_stmt *st, int n, int64_t v);
	int (*bind_text)(struct store_stmt *st, int n, const char *text, size_t len, int copy);
	int (*bind_null)(struct store_stmt *st, int n);
	int (*bind_blob)(struct store_stmt *st, int n, const void *data, size_t len);
	int (*step)(struct store_stmt *st, struct err *e);
	int64_t (*changes)(const struct store *s);
	int (*column_count)(struct store_stmt *st);
	int (*column_is_null)(struct store_stmt *st, int col);
	int64_t (*column_int)(struct store_stmt *st, int col);
	const char *(*column_text)(struct store_stmt *st, int col, size_t *len);
	const void *(*column_blob)(struct store_stmt *st, int col, size_t *len);
	int (*begin)(struct store *s, struct err *e);
	int (*commit)(struct store *s, struct err *e);
	int (*rollback)(struct store *s, struct err *e);
	int (*in_transaction)(const struct store *s);
	int (*set_cache_mib)(struct store *s, int mib, struct err *e);
};

struct store {
	const struct store_ops *ops;
	enum store_dialect dialect;
	char *path;
	struct store_stmt *buckets[STORE_CACHE_BUCKETS];
	int ncached;
	int closing; /* set by store_close: statements need not be freed on the server */
};

/* The backends' constructors: *OUT gets a connection with ops, dialect and path set. */
int store_sqlite_open(const char *path, int flags, struct store **out, struct err *e);
int store_pg_open(const char *url, int flags, struct store **out, struct err *e);

/* SQLite-only operations (the front refuses them on PostgreSQL). */
int store_sqlite_indexes_drop(struct store *s, const char *table, struct store_deferred *d,
			      struct err *e);
int store_sqlite_backup(struct store *s, const char *dest_path, struct err *e);
int store_sqlite_integrity_check(struct store *s, struct err *e);
int store_sqlite_restore(struct store *src, const char *db_path, struct err *e);
int store_sqlite_lock(const char *db_path, int exclusive, int *fd, struct err *e);

/*
 * PostgreSQL's COPY … FROM STDIN (text format) for store_copy_*: start SQL
 * (a COPY statement), put rows of COPY text (a failure ends the COPY and
 * answers its error), end it (ABORT_MSG non-NULL: fail it on purpose, so
 * that nothing is kept; *ROWS, may be NULL, the rows the server took).
 */
int store_pg_copy_start(struct store *s, const char *sql, struct err *e);
int store_pg_copy_put(struct store *s, const char *buf, size_t len, struct err *e);
int store_pg_copy_end(struct store *s, const char *abort_msg, int64_t *rows, struct err *e);

#endif
