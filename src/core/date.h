/*
 * date — calendar dates as a count of days since 1970-01-01 (proleptic
 * Gregorian), text as ISO `YYYY-MM-DD`. Pure and thread-safe except
 * date_today and time_now_iso, which read the clock.
 */
#ifndef GAOQI_CORE_DATE_H
#define GAOQI_CORE_DATE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* 1 when Y is a Gregorian leap year. */
int date_is_leap(int y);
/* Days in month M (1–12) of year Y; 0 for a bad month. */
int date_days_in_month(int y, int m);
/* 1 when Y-M-D is a real date with 1 ≤ Y ≤ 9999. */
int date_valid(int y, int m, int d);
/* Days since 1970-01-01 of a valid Y-M-D. */
int32_t date_from_ymd(int y, int m, int d);
/* Split DAYS into year, month, day. */
void date_to_ymd(int32_t days, int *y, int *m, int *d);
/* The year of DAYS. */
int date_year(int32_t days);
/*
 * Parse strict `YYYY-MM-DD` (S, N) into *DAYS. Fails with ERR_INVALID and a
 * message such as "日期无效：2023-02-30（2023年2月只有28天）" naming FIELD.
 */
int date_parse(const char *s, size_t n, int32_t *days, const char *field, struct err *e);
/* Write DAYS as `YYYY-MM-DD` into OUT (11 bytes with the NUL); returns OUT. */
char *date_format(int32_t days, char out[11]);
/* The same day N years later (Feb 29 becomes Feb 28 in a common year). */
int32_t date_add_years(int32_t days, int n);
/* Today in the server's local time zone (the bureau's calendar day). */
int32_t date_today(void);
/* The current UTC time as `YYYY-MM-DDTHH:MM:SSZ` in OUT (21 bytes). */
char *time_now_iso(char out[21]);

#endif
