/* cell — one spreadsheet cell's text read as a value. */
#include "io/cell.h"

#include <stdio.h>
#include <string.h>

#include "core/date.h"

void cell_trim(const char **s, size_t *n)
{
	const char *p = *s;
	size_t len = *n;
	for (;;) {
		if (len && (p[0] == ' ' || p[0] == '\t' || p[0] == '\r' || p[0] == '\n')) {
			p++;
			len--;
		} else if (len >= 3 && !memcmp(p, "\xe3\x80\x80", 3)) {
			p += 3;
			len -= 3;
		} else {
			break;
		}
	}
	for (;;) {
		if (len && (p[len - 1] == ' ' || p[len - 1] == '\t' || p[len - 1] == '\r' ||
			    p[len - 1] == '\n'))
			len--;
		else if (len >= 3 && !memcmp(p + len - 3, "\xe3\x80\x80", 3))
			len -= 3;
		else
			break;
	}
	*s = p;
	*n = len;
}

int cell_placeholder(const char *s, size_t n)
{
	static const char *const marks[] = {"-", "/", "—", "－", "／", "无", "--", "——"};
	/* every cell of every row comes here: most are longer than the longest mark */
	if (n > sizeof "——" - 1)
		return 0;
	for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
		if (n == strlen(marks[i]) && !memcmp(s, marks[i], n))
			return 1;
	return 0;
}

/* Read an unsigned decimal number of at most 4 digits at *P; -1 when none. */
static int take_num(const char **p, const char *end, int maxdig)
{
	int v = 0, k = 0;
	while (*p < end && **p >= '0' && **p <= '9' && k < maxdig) {
		v = v * 10 + (**p - '0');
		(*p)++;
		k++;
	}
	return k ? v : -1;
}

static int take_sep(const char **p, const char *end, const char *const *seps)
{
	for (const char *const *s = seps; *s; s++) {
		size_t k = strlen(*s);
		if ((size_t)(end - *p) >= k && !memcmp(*p, *s, k)) {
			*p += k;
			return 1;
		}
	}
	return 0;
}

int cell_date(const char *s, size_t n, enum xlsx_type type, int date1904, int32_t *days, char *msg,
	      size_t msgsize)
{
	const char *p = s, *end = s + n;
	int y, m = -1, d = -1;
	/*
	 * A number of 8 digits is a date typed as YYYYMMDD into a General cell
	 * (no serial up to 9999-12-31 has more than 7 digits): read as the text.
	 */
	int yyyymmdd = n == 8;
	for (size_t i = 0; i < n && yyyymmdd; i++)
		yyyymmdd = s[i] >= '0' && s[i] <= '9';
	if (type == XLSX_NUMBER && !yyyymmdd) {
		if (xlsx_serial_to_days(s, n, date1904, days) == 0 && date_year(*days) >= 1900)
			return 0;
		snprintf(msg, msgsize, "不是有效的日期：%.*s", (int)(n > 40 ? 40 : n), s);
		return -1;
	}
	if (n == 8) {
		int ok = 1;
		for (size_t i = 0; i < 8; i++)
			ok &= s[i] >= '0' && s[i] <= '9';
		if (ok) {
			y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
			    (s[3] - '0');
			m = (s[4] - '0') * 10 + (s[5] - '0');
			d = (s[6] - '0') * 10 + (s[7] - '0');
			goto check;
		}
	}
	static const char *const sep1[] = {"-", "/", ".", "年", NULL};
	static const char *const sep2[] = {"-", "/", ".", "月", NULL};
	static const char *const sep3[] = {"日", "号", NULL};
	y = take_num(&p, end, 4);
	if (y < 0 || !take_sep(&p, end, sep1))
		goto bad;
	m = take_num(&p, end, 2);
	if (m < 0 || !take_sep(&p, end, sep2))
		goto bad;
	d = take_num(&p, end, 2);
	if (d < 0)
		goto bad;
	take_sep(&p, end, sep3);
	/* a time after the date ("2023-05-20 00:00:00") is ignored */
	if (p < end && *p != ' ' && *p != 'T')
		goto bad;
check:
	if (!date_valid(y, m, d)) {
		if (m >= 1 && m <= 12 && d >= 1 && y >= 1)
			snprintf(msg, msgsize, "日期无效：%.*s（%d年%d月只有%d天）",
				 (int)(n > 40 ? 40 : n), s, y, m, date_days_in_month(y, m));
		else
			snprintf(msg, msgsize, "日期无效：%.*s", (int)(n > 40 ? 40 : n), s);
		return -1;
	}
	*days = date_from_ymd(y, m, d);
	return 0;
bad:
	snprintf(msg, msgsize, "不是有效的日期：%.*s（应为 2023-05-20 这样的格式）",
		 (int)(n > 40 ? 40 : n), s);
	return -1;
}

int cell_bool(const char *s, size_t n, int *v)
{
	static const char *const yes[] = {"是",	  "Y",	  "y", "YES", "yes",
					  "TRUE", "true", "1", "√",   "有"};
	static const char *const no[] = {"否",	  "N",	   "n", "NO", "no",
					 "FALSE", "false", "0", "×",  "无"};
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (n == strlen(yes[i]) && !memcmp(s, yes[i], n)) {
			*v = 1;
			return 0;
		}
		if (n == strlen(no[i]) && !memcmp(s, no[i], n)) {
			*v = 0;
			return 0;
		}
	}
	return -1;
}

int cell_int(const char *s, size_t n, int64_t min, int64_t max, int64_t *v)
{
	int64_t x = 0;
	if (n == 0 || n > 12)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		x = x * 10 + (s[i] - '0');
	}
	if (x < min || x > max)
		return -1;
	*v = x;
	return 0;
}
