/* err — error records. */
#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int err_set(struct err *e, int code, const char *field, const char *fmt, ...)
{
	if (!e)
		return code;
	/* Formatted aside first: callers may pass e->msg or e->field as an argument. */
	char msg[sizeof e->msg], fld[sizeof e->field];
	snprintf(fld, sizeof fld, "%s", field ? field : "");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	e->code = code;
	memcpy(e->field, fld, sizeof fld);
	memcpy(e->msg, msg, sizeof msg);
	return code;
}

void err_clear(struct err *e)
{
	if (!e)
		return;
	e->code = 0;
	e->field[0] = '\0';
	e->msg[0] = '\0';
}

void err_prefix_field(struct err *e, const char *prefix)
{
	if (!e || !prefix || !*prefix)
		return;
	/* Built by hand: the result is silently truncated to the field's size. */
	char tmp[sizeof e->field];
	size_t pl = strlen(prefix), fl = strlen(e->field), n = 0;
	for (size_t i = 0; i < pl && n < sizeof tmp - 1; i++)
		tmp[n++] = prefix[i];
	if (fl && n < sizeof tmp - 1)
		tmp[n++] = '.';
	for (size_t i = 0; i < fl && n < sizeof tmp - 1; i++)
		tmp[n++] = e->field[i];
	tmp[n] = '\0';
	memcpy(e->field, tmp, n + 1);
}

const char *err_code_name(int code)
{
	switch (code) {
	case ERR_OK: return "ok";
	case ERR_INVALID: return "invalid";
	case ERR_NOT_FOUND: return "not_found";
	case ERR_CONFLICT: return "conflict";
	case ERR_FORBIDDEN: return "forbidden";
	case ERR_AUTH: return "unauthorized";
	case ERR_THROTTLED: return "throttled";
	case ERR_TOO_BIG: return "too_large";
	case ERR_IO: return "io";
	case ERR_DB: return "database";
	case ERR_BUSY: return "busy";
	default: return "internal";
	}
}

int err_http_status(int code)
{
	switch (code) {
	case ERR_OK: return 200;
	case ERR_INVALID: return 400;
	case ERR_NOT_FOUND: return 404;
	case ERR_CONFLICT: return 409;
	case ERR_FORBIDDEN: return 403;
	case ERR_AUTH: return 401;
	case ERR_THROTTLED: return 429;
	case ERR_TOO_BIG: return 413;
	case ERR_BUSY: return 503;
	default: return 500;
	}
}
