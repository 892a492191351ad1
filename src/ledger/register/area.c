/*
 * area — listing and seeding the areas.
 */
#include "ledger/register/area.h"
#include "ledger/register/area.h"
#include "ledger/internal.h"
#include "ledger/base/perm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/embed.h"
#include "core/strbuf.h"
#include "ledger/base/audit.h"
#include "ledger/base/json.h"

#define AREA_FILE_MAX (1024 * 1024)
#define AREA_MAX 1000

static void read_row(struct store_stmt *st, struct arena *arena, struct area *a)
{
	a->code = ledger_column_str(st, 0, arena);
	a->name = ledger_column_str(st, 1, arena);
	a->kind = ledger_column_str(st, 2, arena);
	a->old_codes = ledger_column_str(st, 3, arena);
}

int area_list(struct ledger *l, struct arena *arena, struct area **items, size_t *n, struct err *e)
{
	struct store_stmt *st = NULL;
	struct area *out = NULL;
	size_t cap = 0, count = 0;
	int rc = store_prepare(l->db, "SELECT code, name, kind, old_codes FROM areas ORDER BY code",
			       &st, e);
	*items = NULL;
	*n = 0;
	if (rc)
		return rc;
	while ((rc = store_step(st, e)) == STORE_ROW) {
		out = ledger_grow(arena, out, count, &cap, sizeof *out, 16);
		read_row(st, arena, &out[count++]);
	}
	store_finish(st);
	if (rc < 0)
		return rc;
	*items = out;
	*n = count;
	return 0;
}

int area_get(struct ledger *l, const char *code, struct arena *arena, struct area *out,
	     struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = store_prepare(
		l->db, "SELECT code, name, kind, old_codes FROM areas WHERE code = $1", &st, e);
	if (rc)
		return rc;
	store_bind_text(st, 1, code, STORE_NTS);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		read_row(st, arena, out);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = err_set(e, ERR_NOT_FOUND, "area", "区域不存在：%s", code ? code : "");
	}
	store_finish(st);
	return rc;
}

/* ---- seeding -------------------------------------------------------------------- */

struct area_row {
	char code[17];
	char name[97];
	char kind[16];
	char old_codes[128];
};

static int valid_code(const char *s, size_t n)
{
	if (n < 1 || n > 16)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')))
			return 0;
	}
	return 1;
}

/* Split the line (S, N) at tabs into up to 4 fields. Returns the field count. */
static int split_tabs(const char *s, size_t n, const char *f[4], size_t fl[4])
{
	int k = 0;
	size_t start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i == n || s[i] == '\t') {
			if (k == 4)
				return 5;
			f[k] = s + start;
			fl[k] = i - start;
			k++;
			start = i + 1;
		}
	}
	return k;
}

static int parse_line(const char *s, size_t n, int lineno, struct area_row *r, struct err *e)
{
	const char *f[4] = {0};
	size_t fl[4] = {0};
	int k = split_tabs(s, n, f, fl);
	char field[32];
	snprintf(field, sizeof field, "line %d", lineno);
	if (k < 3 || k > 4)
		return err_set(e, ERR_INVALID, field,
			       "第%d行：应有3或4列（代码、名称、类型、旧代码），实际%d列", lineno,
			       k);
	if (!valid_code(f[0], fl[0]))
		return err_set(e, ERR_INVALID, field,
			       "第%d行：区域代码无效：%.*s（应为1到16位数字或大写字母）", lineno,
			       (int)(fl[0] > 40 ? 40 : fl[0]), f[0]);
	if (fl[1] == 0 || fl[1] >= sizeof r->name)
		return err_set(e, ERR_INVALID, field, "第%d行：区域名称为空或过长", lineno);
	if (!((fl[2] == 8 && !memcmp(f[2], "district", 8)) ||
	      (fl[2] == 6 && !memcmp(f[2], "county", 6)) ||
	      (fl[2] == 4 && !memcmp(f[2], "city", 4)) || (fl[2] == 4 && !memcmp(f[2], "zone", 4))))
		return err_set(e, ERR_INVALID, field,
			       "第%d行：区域类型无效：%.*s（应为 district、county、city 或 zone）",
			       lineno, (int)(fl[2] > 40 ? 40 : fl[2]), f[2]);
	memset(r, 0, sizeof *r);
	memcpy(r->code, f[0], fl[0]);
	memcpy(r->name, f[1], fl[1]);
	memcpy(r->kind, f[2], fl[2]);
	if (k == 4 && fl[3]) {
		/* old codes: 6-digit region codes separated by ',' or ' ' */
		size_t o = 0;
		if (fl[3] >= sizeof r->old_codes)
			return err_set(e, ERR_INVALID, field, "第%d行：旧代码过长", lineno);
		for (size_t i = 0; i < fl[3];) {
			size_t j = i;
			while (j < fl[3] && f[3][j] != ',' && f[3][j] != ' ')
				j++;
			if (j > i) {
				if (j - i != 6 || !valid_code(f[3] + i, 6))
					return err_set(e, ERR_INVALID, field,
						       "第%d行：旧代码无效：%.*s（应为6位代码）",
						       lineno, (int)(j - i), f[3] + i);
				if (o)
					r->old_codes[o++] = ',';
				memcpy(r->old_codes + o, f[3] + i, 6);
				o += 6;
			}
			i = j + 1;
		}
	}
	return 0;
}

static char *area_json(const struct area_row *r)
{
	json_t *o = json_object();
	ledger_json_str(o, "code", r->code);
	ledger_json_str(o, "name", r->name);
	ledger_json_str(o, "kind", r->kind);
	ledger_json_str(o, "old_codes", r->old_codes);
	return ledger_json_take(o);
}

/* Insert or update one area, auditing a real change. */
static int upsert_area(struct ledger *l, const struct area_row *r, struct err *e)
{
	struct store_stmt *st = NULL;
	struct area_row old;
	int rc, exists = 0;
	char now[21];
	char *before = NULL, *after = NULL;

	rc = store_prepare(l->db, "SELECT name, kind, old_codes FROM areas WHERE code = $1", &st,
			   e);
	if (rc)
		return rc;
	store_bind_text(st, 1, r->code, STORE_NTS);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		exists = 1;
		memset(&old, 0, sizeof old);
		memcpy(old.code, r->code, sizeof old.code);
		ledger_column_copy(st, 0, old.name, sizeof old.name);
		ledger_column_copy(st, 1, old.kind, sizeof old.kind);
		ledger_column_copy(st, 2, old.old_codes, sizeof old.old_codes);
	}
	store_finish(st);
	st = NULL;
	if (rc < 0)
		return rc;
	if (exists && !strcmp(old.name, r->name) && !strcmp(old.kind, r->kind) &&
	    !strcmp(old.old_codes, r->old_codes))
		return 0;
	ledger_now(now);
	if (exists)
		rc = store_prepare(l->db,
				   "UPDATE areas SET name = $2, kind = $3, old_codes = $4, "
				   "updated_at = $5 WHERE code = $1",
				   &st, e);
	else
		rc = store_prepare(l->db,
				   "INSERT INTO areas (code, name, kind, old_codes, created_at, "
				   "updated_at) VALUES ($1, $2, $3, $4, $5, $5)",
				   &st, e);
	if (rc)
		return rc;
	store_bind_text(st, 1, r->code, STORE_NTS);
	store_bind_text(st, 2, r->name, STORE_NTS);
	store_bind_text(st, 3, r->kind, STORE_NTS);
	store_bind_text(st, 4, r->old_codes, STORE_NTS);
	store_bind_text(st, 5, now, STORE_NTS);
	rc = store_run(st, e);
	store_finish(st);
	if (rc == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT, "name", "区域名称重复：%s", r->name);
	if (rc)
		return rc;
	before = exists ? area_json(&old) : NULL;
	after = area_json(r);
	rc = audit_record(l, exists ? "update" : "create", "areas", r->code, before, after, e);
	free(before);
	free(after);
	return rc;
}

int area_seed_tsv(struct ledger *l, const char *text, size_t len, int *count, struct err *e)
{
	int rc = 0, lineno = 0, header = 0, nrows = 0;
	size_t i = 0;
	if (count)
		*count = 0;
	if (!perm_may(&l->scope, CAP_AREAS_MANAGE))
		return err_set(e, ERR_FORBIDDEN, NULL, "只有管理员可以维护区域");
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		i = 3;
	rc = ledger_write_begin(l, e);
	if (rc)
		return rc;
	while (i < len) {
		size_t j = i;
		while (j < len && text[j] != '\n')
			j++;
		size_t n = j - i;
		const char *s = text + i;
		lineno++;
		i = j + 1;
		if (n && s[n - 1] == '\r')
			n--;
		if (n == 0 || s[0] == '#')
			continue;
		if (!header) {
			header = 1;
			if (n >= 4 && !memcmp(s, "code", 4))
				continue;
		}
		struct area_row r;
		rc = parse_line(s, n, lineno, &r, e);
		if (rc)
			break;
		if (++nrows > AREA_MAX) {
			rc = err_set(e, ERR_TOO_BIG, NULL, "区域过多（最多%d个）", AREA_MAX);
			break;
		}
		rc = upsert_area(l, &r, e);
		if (rc) {
			char field[32];
			snprintf(field, sizeof field, "line %d", lineno);
			err_prefix_field(e, field);
			break;
		}
	}
	if (!rc && nrows == 0)
		rc = err_set(e, ERR_INVALID, NULL, "区域文件中没有任何区域");
	rc = ledger_write_end(l, rc, e);
	if (!rc && count)
		*count = nrows;
	return rc;
}

int area_seed_default(struct ledger *l, int *count, struct err *e)
{
	const struct embed_file *f =
		embed_find(embed_data_files, embed_data_count, "areas-qujing.tsv");
	if (!f)
		return err_set(e, ERR_INTERNAL, NULL, "内部错误：缺少内置区域数据");
	return area_seed_tsv(l, (const char *)f->data, f->len, count, e);
}

int area_seed_file(struct ledger *l, const char *path, int *count, struct err *e)
{
	struct strbuf sb;
	char buf[8192];
	size_t n;
	int rc = 0;
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return err_set(e, ERR_IO, "areas", "无法读取区域文件：%s", path);
	strbuf_init(&sb, AREA_FILE_MAX);
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0) {
		if (strbuf_add(&sb, buf, n)) {
			rc = err_set(e, ERR_TOO_BIG, "areas", "区域文件过大（最多1 MiB）：%s",
				     path);
			break;
		}
	}
	if (!rc && ferror(fp))
		rc = err_set(e, ERR_IO, "areas", "读取区域文件失败：%s", path);
	fclose(fp);
	if (!rc)
		rc = area_seed_tsv(l, strbuf_cstr(&sb), sb.len, count, e);
	strbuf_cleanup(&sb);
	return rc;
}
