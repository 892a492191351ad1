/* date — civil-day arithmetic (after H. Hinnant's days_from_civil). */
#include "core/date.h"

#include <stdio.h>
#include <time.h>

int date_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
	static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && date_is_leap(y) ? 29 : dm[m - 1];
}

int date_valid(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= date_days_in_month(y, m);
}

int32_t date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void date_to_ymd(int32_t days, int *y, int *m, int *d)
{
	int z = days + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int yy = yoe + era * 400;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	int dd = doy - (153 * mp + 2) / 5 + 1;
	int mm = mp < 10 ? mp + 3 : mp - 9;
	*y = yy + (mm <= 2);
	*m = mm;
	*d = dd;
}

int date_year(int32_t days)
{
	int y, m, d;
	date_to_ymd(days, &y, &m, &d);
	return y;
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int date_parse(const char *s, size_t n, int32_t *days, const char *field, struct err *e)
{
	int y, m, d;
	if (n != 10 || s[4] != '-' || s[7] != '-' || digits(s, 4, &y) || digits(s + 5, 2, &m) ||
	    digits(s + 8, 2, &d))
		return err_set(e, ERR_INVALID, field, "日期格式应为YYYY-MM-DD：%.*s",
			       (int)(n > 40 ? 40 : n), s);
	if (m < 1 || m > 12)
		return err_set(e, ERR_INVALID, field, "日期无效：%.10s（月份应为01-12）", s);
	if (!date_valid(y, m, d))
		return err_set(e, ERR_INVALID, field, "日期无效：%.10s（%d年%d月只有%d天）", s, y,
			       m, date_days_in_month(y, m));
	*days = date_from_ymd(y, m, d);
	return 0;
}

char *date_format(int32_t days, char out[11])
{
	int y, m, d;
	date_to_ymd(days, &y, &m, &d);
	unsigned uy = (unsigned)(y < 0 ? 0 : y % 10000);
	out[0] = (char)('0' + uy / 1000);
	out[1] = (char)('0' + uy / 100 % 10);
	out[2] = (char)('0' + uy / 10 % 10);
	out[3] = (char)('0' + uy % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
	return out;
}

int32_t date_add_years(int32_t days, int n)
{
	int y, m, d;
	date_to_ymd(days, &y, &m, &d);
	y += n;
	if (m == 2 && d == 29 && !date_is_leap(y))
		d = 28;
	return date_from_ymd(y, m, d);
}

int32_t date_today(void)
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

char *time_now_iso(char out[21])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return out;
}
