/*
 * err — error codes and an error record that carries a message fit for a person.
 *
 * Functions that can fail return int: 0 on success, a negative ERR_* code on
 * failure, and fill a caller-provided `struct err` (which may be NULL when the
 * caller does not want the details). Messages meant for users are Chinese
 * (they reach the UI verbatim); `field` names the input field, row or position
 * at fault, in the API's naming (e.g. "years[2].sales", "row 17: 销售收入").
 */
#ifndef GAOQI_CORE_ERR_H
#define GAOQI_CORE_ERR_H

enum err_code {
	ERR_OK = 0,
	ERR_INVALID = -1,   /* bad input: 400 */
	ERR_NOT_FOUND = -2, /* absent or outside the caller's scope: 404 */
	ERR_CONFLICT = -3,  /* duplicate key, stale version, locked year: 409 */
	ERR_FORBIDDEN = -4, /* authenticated but not allowed: 403 */
	ERR_AUTH = -5,	    /* not authenticated / wrong password: 401 */
	ERR_THROTTLED = -6, /* too many attempts: 429 */
	ERR_TOO_BIG = -7,   /* input over a hard cap: 413 */
	ERR_IO = -8,	    /* file or network I/O failed */
	ERR_DB = -9,	    /* the database failed (not the caller's fault): 500 */
	ERR_INTERNAL = -10, /* a bug or an exhausted resource: 500 */
	ERR_BUSY = -11,	    /* the database or a bounded resource is busy: 503, retry later */
};

struct err {
	int code;
	char field[128];
	char msg[512];
};

/*
 * Record an error and return CODE, so that callers can write
 * `return err_set(e, ERR_INVALID, "sales", "金额格式错误：%s", s);`.
 * E may be NULL (nothing is recorded). FIELD may be NULL. The message is
 * truncated to fit, never overflowing.
 */
int err_set(struct err *e, int code, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Reset E to "no error". E may be NULL. */
void err_clear(struct err *e);

/* Prefix E's field with PREFIX and a dot (e.g. "years[0]" + "sales"). */
void err_prefix_field(struct err *e, const char *prefix);

/* A stable lower-case name of CODE for APIs ("invalid", "not_found", ...). */
const char *err_code_name(int code);

/* The HTTP status that CODE maps to (400, 404, 409, 403, 401, 429, 413, 503, 500). */
int err_http_status(int code);

#endif
