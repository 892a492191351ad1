/*
 * log — one-line messages to standard error, in English, with a UTC timestamp
 * and level. Each call writes its line with a single write, so lines from
 * different threads do not interleave.
 */
#ifndef GAOQI_CORE_LOG_H
#define GAOQI_CORE_LOG_H

enum log_level { LOG_DEBUG = 0, LOG_INFO = 1, LOG_WARN = 2, LOG_ERROR = 3 };

/* Messages below LEVEL are dropped (default LOG_INFO). Not thread-safe: call at start-up. */
void log_set_level(enum log_level level);
/* Write one line at LEVEL. */
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Request lines (one per HTTP request) are off by default: under load they
 * are most of the log (217 MB in 3 minutes). ON 1 writes them at info level.
 * Not thread-safe: call at start-up.
 */
void log_set_requests(int on);
/* Write one request line when request lines are on (log_set_requests). */
void log_request(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

#endif
