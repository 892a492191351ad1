/* jw — streaming JSON writer. */
#include "http/jw.h"

#include <string.h>

#include "core/date.h"
#include "core/err.h"
#include "core/money.h"

void jw_init(struct jw *w, struct strbuf *sb)
{
	w->sb = sb;
	w->need_comma = 0;
	w->failed = 0;
}

int jw_finish(const struct jw *w)
{
	return w->failed ? ERR_TOO_BIG : 0;
}

static void add(struct jw *w, const char *s, size_t n)
{
	if (strbuf_add(w->sb, s, n))
		w->failed = 1;
}

/* 1 when KEY (N bytes) needs no escaping in JSON. */
static int plain(const char *key, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)key[i];
		if (c < 0x20 || c == '"' || c == '\\')
			return 0;
	}
	return 1;
}

static void lead(struct jw *w, const char *key)
{
	if (key) {
		/* Keys come from the program: `,"key":` in one piece when plain. */
		char buf[64];
		size_t n = strlen(key), k = 0;
		if (n + 4 <= sizeof buf && plain(key, n)) {
			if (w->need_comma)
				buf[k++] = ',';
			buf[k++] = '"';
			memcpy(buf + k, key, n);
			k += n;
			buf[k++] = '"';
			buf[k++] = ':';
			add(w, buf, k);
		} else {
			if (w->need_comma)
				add(w, ",", 1);
			add(w, "\"", 1);
			if (strbuf_add_json_escaped(w->sb, key, n))
				w->failed = 1;
			add(w, "\":", 2);
		}
	} else if (w->need_comma) {
		add(w, ",", 1);
	}
	w->need_comma = 1;
}

void jw_obj_begin(struct jw *w, const char *key)
{
	lead(w, key);
	add(w, "{", 1);
	w->need_comma = 0;
}

void jw_obj_end(struct jw *w)
{
	add(w, "}", 1);
	w->need_comma = 1;
}

void jw_arr_begin(struct jw *w, const char *key)
{
	lead(w, key);
	add(w, "[", 1);
	w->need_comma = 0;
}

void jw_arr_end(struct jw *w)
{
	add(w, "]", 1);
	w->need_comma = 1;
}

void jw_str(struct jw *w, const char *key, const char *s)
{
	lead(w, key);
	if (!s) {
		add(w, "null", 4);
		return;
	}
	add(w, "\"", 1);
	if (strbuf_add_json_escaped(w->sb, s, strlen(s)))
		w->failed = 1;
	add(w, "\"", 1);
}

void jw_int(struct jw *w, const char *key, int64_t v)
{
	lead(w, key);
	/* Digits from the right, without printf: a page writes thousands. */
	char buf[24];
	size_t i = sizeof buf;
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	do {
		buf[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		buf[--i] = '-';
	add(w, buf + i, sizeof buf - i);
}

void jw_int_or_null(struct jw *w, const char *key, int64_t v, int64_t nullv)
{
	if (v == nullv)
		jw_null(w, key);
	else
		jw_int(w, key, v);
}

void jw_bool(struct jw *w, const char *key, int v)
{
	lead(w, key);
	if (v)
		add(w, "true", 4);
	else
		add(w, "false", 5);
}

void jw_null(struct jw *w, const char *key)
{
	lead(w, key);
	add(w, "null", 4);
}

void jw_money(struct jw *w, const char *key, int64_t fen, int64_t nullv)
{
	if (fen == nullv) {
		jw_null(w, key);
		return;
	}
	lead(w, key);
	add(w, "\"", 1);
	if (money_format(w->sb, fen, 0))
		w->failed = 1;
	add(w, "\"", 1);
}

void jw_count(struct jw *w, const char *key, int64_t hundredths, int64_t nullv)
{
	if (hundredths == nullv) {
		jw_null(w, key);
		return;
	}
	lead(w, key);
	add(w, "\"", 1);
	if (count_format(w->sb, hundredths))
		w->failed = 1;
	add(w, "\"", 1);
}

void jw_date(struct jw *w, const char *key, int32_t days, int32_t nullv)
{
	if (days == nullv) {
		jw_null(w, key);
		return;
	}
	char buf[11];
	lead(w, key);
	add(w, "\"", 1);
	add(w, date_format(days, buf), 10);
	add(w, "\"", 1);
}

void jw_raw(struct jw *w, const char *key, const char *json)
{
	lead(w, key);
	if (!json)
		add(w, "null", 4);
	else
		add(w, json, strlen(json));
}
