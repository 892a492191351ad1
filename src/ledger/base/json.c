/*
 * ledger_json — jansson helpers for the audit JSON of ledger modules.
 */
#include "ledger/base/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/xalloc.h"
#include "ledger/internal.h"

void ledger_json_str(json_t *obj, const char *key, const char *s)
{
	json_object_set_new(obj, key, s ? json_string(s) : json_null());
}

void ledger_json_int(json_t *obj, const char *key, int64_t v)
{
	json_object_set_new(obj, key, v == LEDGER_NONE ? json_null() : json_integer(v));
}

void ledger_json_date(json_t *obj, const char *key, int32_t days)
{
	char buf[11];
	if (days == LEDGER_NO_DATE)
		json_object_set_new(obj, key, json_null());
	else
		json_object_set_new(obj, key, json_string(date_format(days, buf)));
}

void ledger_json_bool(json_t *obj, const char *key, int v)
{
	json_object_set_new(obj, key, json_boolean(v));
}

char *ledger_json_take(json_t *obj)
{
	if (!obj)
		return NULL;
	char *s = json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(obj);
	if (!s)
		s = xstrdup("{}");
	return s;
}

/* ---- ledger_jobj ------------------------------------------------------------------ */

void ledger_jobj_init(struct ledger_jobj *o)
{
	o->omit_null = 0;
	o->vals = NULL;
	o->len = o->cap = 0;
	o->n = 0;
}

static void jadd(struct ledger_jobj *o, const char *p, size_t n)
{
	if (o->len + n + 1 > o->cap) {
		size_t cap = o->cap ? o->cap : 256;
		while (cap < o->len + n + 1)
			cap *= 2;
		o->vals = xrealloc(o->vals, cap);
		o->cap = cap;
	}
	memcpy(o->vals + o->len, p, n);
	o->len += n;
}

/* Start member KEY; 0, or -1 when full. */
static int jmember(struct ledger_jobj *o, const char *key)
{
	if (o->n >= LEDGER_JOBJ_MAX)
		return -1;
	o->m[o->n].key = key;
	o->m[o->n].off = o->len;
	return 0;
}

static void jend(struct ledger_jobj *o)
{
	o->m[o->n].len = o->len - o->m[o->n].off;
	o->n++;
}

/* Length of the valid UTF-8 sequence at P (N bytes left), 0 when invalid (jansson's rules). */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
	unsigned c = p[0];
	size_t k;
	unsigned v;
	if (c < 0x80)
		return 1;
	if (c < 0xC2 || c > 0xF4)
		return 0;
	k = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	if (n < k)
		return 0;
	v = c & (k == 2 ? 0x1F : k == 3 ? 0x0F : 0x07);
	for (size_t i = 1; i < k; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (p[i] & 0x3F);
	}
	if ((k == 3 && v < 0x800) || (k == 4 && v < 0x10000) || v > 0x10FFFF ||
	    (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	return k;
}

void ledger_jobj_str(struct ledger_jobj *o, const char *key, const char *s)
{
	if (!s) {
		if (!o->omit_null && !jmember(o, key)) {
			jadd(o, "null", 4);
			jend(o);
		}
		return;
	}
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		size_t k = utf8_seq(u + i, n - i);
		if (!k)
			return; /* jansson: json_string() fails, the member is left out */
		i += k;
	}
	if (jmember(o, key))
		return;
	jadd(o, "\"", 1);
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = u[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		jadd(o, s + start, i - start);
		char esc[8];
		size_t elen = 2;
		esc[0] = '\\';
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default: elen = (size_t)snprintf(esc, sizeof esc, "\\u%04X", (unsigned)c); break;
		}
		jadd(o, esc, elen);
		start = i + 1;
	}
	jadd(o, s + start, n - start);
	jadd(o, "\"", 1);
	jend(o);
}

void ledger_jobj_int(struct ledger_jobj *o, const char *key, int64_t v)
{
	char buf[24];
	if ((v == LEDGER_NONE && o->omit_null) || jmember(o, key))
		return;
	if (v == LEDGER_NONE) {
		jadd(o, "null", 4);
	} else {
		/* digits from the right; the magnitude as unsigned so INT64_MIN + 1 … fit */
		char *p = buf + sizeof buf;
		uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
		do {
			*--p = (char)('0' + m % 10);
			m /= 10;
		} while (m);
		if (v < 0)
			*--p = '-';
		jadd(o, p, (size_t)(buf + sizeof buf - p));
	}
	jend(o);
}

void ledger_jobj_date(struct ledger_jobj *o, const char *key, int32_t days)
{
	char buf[11];
	if (days == LEDGER_NO_DATE) {
		ledger_jobj_str(o, key, NULL);
		return;
	}
	ledger_jobj_str(o, key, date_format(days, buf));
}

void ledger_jobj_bool(struct ledger_jobj *o, const char *key, int v)
{
	if (jmember(o, key))
		return;
	if (v)
		jadd(o, "true", 4);
	else
		jadd(o, "false", 5);
	jend(o);
}

/* strcmp(a, b) > 0, deciding on the first byte when it differs */
static int key_after(const char *a, const char *b)
{
	if (a[0] != b[0])
		return (unsigned char)a[0] > (unsigned char)b[0];
	return strcmp(a, b) > 0;
}

char *ledger_jobj_take(struct ledger_jobj *o)
{
	size_t order[LEDGER_JOBJ_MAX];
	size_t total = 2;
	for (size_t i = 0; i < o->n; i++) {
		/* insertion sort by key (few members) */
		size_t j = i;
		while (j > 0 && key_after(o->m[order[j - 1]].key, o->m[i].key)) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = i;
		total += strlen(o->m[i].key) + 4 + o->m[i].len;
	}
	char *out = xmalloc(total + 1), *p = out;
	*p++ = '{';
	for (size_t i = 0; i < o->n; i++) {
		size_t k = order[i], kl = strlen(o->m[k].key);
		if (i)
			*p++ = ',';
		*p++ = '"';
		memcpy(p, o->m[k].key, kl);
		p += kl;
		*p++ = '"';
		*p++ = ':';
		memcpy(p, o->vals + o->m[k].off, o->m[k].len);
		p += o->m[k].len;
	}
	*p++ = '}';
	*p = '\0';
	free(o->vals);
	ledger_jobj_init(o);
	return out;
}

int ledger_jobj_same(struct ledger_jobj *a, struct ledger_jobj *b)
{
	int same = a->n == b->n;
	for (size_t i = 0; same && i < a->n; i++)
		same = !strcmp(a->m[i].key, b->m[i].key) && a->m[i].len == b->m[i].len &&
		       !memcmp(a->vals + a->m[i].off, b->vals + b->m[i].off, a->m[i].len);
	free(a->vals);
	free(b->vals);
	ledger_jobj_init(a);
	ledger_jobj_init(b);
	return same;
}
