/* cmd — shared helpers of the sub-commands. */
#include "cmd/cmd.h"

#include <stdarg.h>
#include <stdio.h>

__attribute__((format(printf, 3, 0))) static int report(int rc, const char *cmd, const char *fmt,
							va_list ap)
{
	fprintf(stderr, "gaoqi %s: ", cmd);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	return rc;
}

int cmd_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = report(CMD_USAGE, cmd, fmt, ap);
	va_end(ap);
	return rc;
}

int cmd_fail(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = report(CMD_FAIL, cmd, fmt, ap);
	va_end(ap);
	return rc;
}
