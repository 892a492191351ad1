/*
 * columns — the generic half of the column tables (ledger.h, struct
 * ledger_column): SELECT lists, binding, row reading, audit images and limit
 * checks driven by an entity's table, so that its owner module writes each
 * column once.
 */
#include "ledger/internal.h"
#include "ledger/base/json.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define AT(obj, c, type) ((type *)((char *)(obj) + (c)->off))
#define AT_CONST(obj, c, type) ((const type *)((const char *)(obj) + (c)->off))
#define TEXT_AT(obj, c) ((const char *const *)((const char *)(obj) + (c)->off))

const struct ledger_column *ledger_column_find(const struct ledger_column *table, size_t n,
					       const char *name)
{
	for (size_t i = 0; name && i < n; i++)
		if (!strcmp(table[i].name, name))
			return &table[i];
	return NULL;
}

void ledger_cols_select(const struct ledger_column *table, size_t n, const char *alias,
			struct strbuf *sql)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_adds(sql, ", ");
		if (alias)
			strbuf_addf(sql, "%s.", alias);
		strbuf_adds(sql, table[i].name);
	}
}

/* The text of column C of OBJ as stored: NULL for absent or "", "" for LCOL_EMPTY. */
static const char *stored_text(const struct ledger_column *c, const void *obj)
{
	const char *s = *TEXT_AT(obj, c);
	if (s && s[0])
		return s;
	return (c->flags & LCOL_EMPTY) ? "" : NULL;
}

static int code_of(const struct ledger_column *c, const char *s)
{
	for (int i = 0; s && i < c->n_codes; i++)
		if (!strcmp(s, c->codes[i]))
			return i;
	return 0; /* the first code: a stored value is checked by the schema */
}

void ledger_cols_read(struct store_stmt *st, int first, const struct ledger_column *table, size_t n,
		      struct arena *arena, void *obj)
{
	for (size_t i = 0; i < n; i++) {
		const struct ledger_column *c = &table[i];
		int col = first + (int)i;
		switch (c->type) {
		case LCOL_ID: *AT(obj, c, int64_t) = store_column_int(st, col); break;
		case LCOL_KEY: ledger_column_copy(st, col, AT(obj, c, char), c->max + 1); break;
		case LCOL_STAMP: ledger_column_copy(st, col, AT(obj, c, char), 21); break;
		case LCOL_TEXT:
			*AT(obj, c, const char *) = ledger_column_str(st, col, arena);
			break;
		case LCOL_DATE: *AT(obj, c, int32_t) = ledger_column_date(st, col); break;
		case LCOL_BOOL: *AT(obj, c, int) = store_column_int(st, col) != 0; break;
		case LCOL_INT:
			*AT(obj, c, int64_t) = store_column_int_or(st, col, LEDGER_NONE);
			break;
		case LCOL_CODE:
			*AT(obj, c, int) = code_of(c, store_column_text(st, col, NULL));
			break;
		}
	}
}

static int written(const struct ledger_column *c)
{
	return c->type != LCOL_ID && c->type != LCOL_STAMP;
}

static const char *code_text(const struct ledger_column *c, const void *obj)
{
	int v = *AT_CONST(obj, c, int);
	assert(v >= 0 && v < c->n_codes);
	return c->codes[v];
}

void ledger_cols_bind(struct store_stmt *st, const struct ledger_column *table, size_t n,
		      unsigned mask, const void *obj)
{
	for (size_t i = 0; i < n; i++) {
		const struct ledger_column *c = &table[i];
		int k = (int)i;
		if (!written(c) || (c->flags & mask) != mask)
			continue;
		switch (c->type) {
		case LCOL_KEY: /* copied: a key often sits in a caller's temporary copy */
			store_bind_text(st, k, AT_CONST(obj, c, char), STORE_NTS);
			break;
		case LCOL_TEXT:
			store_bind_text_static(st, k, stored_text(c, obj), STORE_NTS);
			break;
		case LCOL_DATE: ledger_bind_date(st, k, *AT_CONST(obj, c, int32_t)); break;
		case LCOL_BOOL: store_bind_int(st, k, *AT_CONST(obj, c, int) ? 1 : 0); break;
		case LCOL_INT:
			store_bind_int_or_null(st, k, *AT_CONST(obj, c, int64_t), LEDGER_NONE);
			break;
		case LCOL_CODE: store_bind_text_static(st, k, code_text(c, obj), STORE_NTS); break;
		case LCOL_ID:
		case LCOL_STAMP: break;
		}
	}
}

void ledger_cols_audit(struct ledger_jobj *o, const struct ledger_column *table, size_t n,
		       const void *obj)
{
	for (size_t i = 0; i < n; i++) {
		const struct ledger_column *c = &table[i];
		switch (c->type) {
		case LCOL_KEY: ledger_jobj_str(o, c->name, AT_CONST(obj, c, char)); break;
		case LCOL_TEXT: ledger_jobj_str(o, c->name, stored_text(c, obj)); break;
		case LCOL_DATE: ledger_jobj_date(o, c->name, *AT_CONST(obj, c, int32_t)); break;
		case LCOL_BOOL: ledger_jobj_bool(o, c->name, *AT_CONST(obj, c, int)); break;
		case LCOL_INT: ledger_jobj_int(o, c->name, *AT_CONST(obj, c, int64_t)); break;
		case LCOL_CODE: ledger_jobj_str(o, c->name, code_text(c, obj)); break;
		case LCOL_ID:
		case LCOL_STAMP: break;
		}
	}
}

/* The code point of the UTF-8 sequence at S (of N bytes) and its length, or -1 when broken. */
static int32_t utf8_next(const unsigned char *s, size_t n, size_t *len)
{
	static const unsigned char lead_len[16] = {1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 2, 2, 3, 4};
	size_t k = lead_len[s[0] >> 4];
	if (k == 0 || k > n)
		return -1;
	int32_t cp = k == 1 ? s[0] : s[0] & (0x7f >> k);
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	*len = k;
	return cp;
}

int ledger_utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = s ? strlen(s) : 0;
	for (size_t i = 0, k = 1; i < n; i += k)
		if (utf8_next(p + i, n - i, &k) < 0)
			return 0;
	return 1;
}

int ledger_text_check(const char *s, const char *field, const char *label, struct err *e)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = s ? strlen(s) : 0;
	for (size_t i = 0, k = 1; i < n; i += k) {
		int32_t cp = utf8_next(p + i, n - i, &k);
		if (cp < 0) { /* not ours to judge: the readers refuse broken UTF-8 */
			k = 1;
			continue;
		}
		if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
			return err_set(
				e, ERR_INVALID, field,
				"%s含有不可见的文字方向控制字符（U+%04X），显示的内容会与实际"
				"不符，请删除后重新输入",
				label, (unsigned)cp);
		if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe)
			return err_set(e, ERR_INVALID, field,
				       "%s含有Unicode非字符（U+%04X），请删除后重新输入", label,
				       (unsigned)cp);
	}
	return 0;
}

int ledger_cols_check(const struct ledger_column *table, size_t n, const void *obj, struct err *e)
{
	for (size_t i = 0; i < n; i++) {
		const struct ledger_column *c = &table[i];
		if (c->type == LCOL_TEXT) {
			const char *s = *TEXT_AT(obj, c);
			if ((c->flags & LCOL_REQUIRED) && (!s || !s[0]))
				return err_set(e, ERR_INVALID, c->name, "%s不能为空", c->label);
			if (s && strlen(s) > c->max)
				return err_set(e, ERR_INVALID, c->name, "%s过长（最多%zu字节）",
					       c->label, c->max);
			int rc = ledger_text_check(s, c->name, c->label, e);
			if (rc)
				return rc;
		} else if (c->type == LCOL_INT) {
			int64_t v = *AT_CONST(obj, c, int64_t);
			if (v != LEDGER_NONE && (v < c->min || v > c->max_int))
				return err_set(e, ERR_INVALID, c->name, "%s无效：%lld", c->label,
					       (long long)v);
		} else if (c->type == LCOL_CODE) {
			int v = *AT_CONST(obj, c, int);
			if (v < 0 || v >= c->n_codes)
				return err_set(e, ERR_INVALID, c->name, "%s无效", c->label);
		} else if (c->type == LCOL_BOOL) {
			int v = *AT_CONST(obj, c, int);
			if (v < 0 || v > 1)
				return err_set(e, ERR_INVALID, c->name, "%s只能为0或1", c->label);
		}
	}
	return 0;
}

void ledger_col_copy(const struct ledger_column *c, void *dst, const void *src)
{
	size_t size = 0;
	switch (c->type) {
	case LCOL_ID:
	case LCOL_INT: size = sizeof(int64_t); break;
	case LCOL_KEY: size = c->max + 1; break;
	case LCOL_STAMP: size = 21; break;
	case LCOL_TEXT: size = sizeof(const char *); break;
	case LCOL_DATE: size = sizeof(int32_t); break;
	case LCOL_BOOL:
	case LCOL_CODE: size = sizeof(int); break;
	}
	memcpy((char *)dst + c->off, (const char *)src + c->off, size);
}

void ledger_cols_insert_sql(const struct ledger_column *table, size_t n, const char *table_name,
			    struct strbuf *sql)
{
	assert(n > 1 && table[0].type == LCOL_ID);
	strbuf_addf(sql, "INSERT INTO %s (", table_name);
	ledger_cols_select(table + 1, n - 1, NULL, sql);
	strbuf_adds(sql, ") VALUES (");
	for (size_t k = 1; k < n; k++)
		strbuf_addf(sql, "%s$%zu", k > 1 ? ", " : "", k);
	strbuf_adds(sql, ") RETURNING id");
}

void ledger_cols_update_sql(const struct ledger_column *table, size_t n, const char *table_name,
			    unsigned mask, struct strbuf *sql)
{
	size_t stamp = 0;
	strbuf_addf(sql, "UPDATE %s SET ", table_name);
	for (size_t k = 0; k < n; k++) {
		if (table[k].type == LCOL_STAMP && !strcmp(table[k].name, "updated_at"))
			stamp = k;
		if (written(&table[k]) && (table[k].flags & mask) == mask && mask)
			strbuf_addf(sql, "%s = $%zu, ", table[k].name, k);
	}
	assert(stamp > 0);
	strbuf_addf(sql, "updated_at = $%zu WHERE id = $%zu", stamp, n);
}

void ledger_sql_keep(char *dst, size_t size, struct strbuf *sb)
{
	if (sb->len >= size)
		abort(); /* the program's own SQL outgrew its buffer */
	memcpy(dst, strbuf_cstr(sb), sb->len + 1);
	strbuf_reset(sb);
}
