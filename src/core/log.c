/* log — timestamped lines on stderr. */
#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static enum log_level min_level = LOG_INFO;
static int requests; /* request lines on (log_set_requests) */

void log_set_level(enum log_level level)
{
	min_level = level;
}

void log_set_requests(int on)
{
	requests = on ? 1 : 0;
}

static void vlog(enum log_level level, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

void log_msg(enum log_level level, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog(level, fmt, ap);
	va_end(ap);
}

void log_request(const char *fmt, ...)
{
	if (!requests)
		return;
	va_list ap;
	va_start(ap, fmt);
	vlog(LOG_INFO, fmt, ap);
	va_end(ap);
}

static void vlog(enum log_level level, const char *fmt, va_list ap)
{
	static const char *names[] = {"debug", "info", "warn", "error"};
	if (level < min_level)
		return;
	char line[2048];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	size_t n = strftime(line, sizeof line, "%Y-%m-%dT%H:%M:%SZ ", &tm);
	n += (size_t)snprintf(line + n, sizeof line - n, "%s ", names[level & 3]);
	int k = vsnprintf(line + n, sizeof line - n - 1, fmt, ap);
	if (k > 0)
		n += (size_t)k < sizeof line - n - 1 ? (size_t)k : sizeof line - n - 2;
	line[n++] = '\n';
	ssize_t w = write(STDERR_FILENO, line, n);
	(void)w;
}
