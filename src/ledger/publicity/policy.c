/*
 * policy — the policy library (see policy.h). Owner of the tables policies,
 * policy_files and policies_fts (kept by the triggers of migration 0011).
 */
#include "ledger/publicity/policy.h"
#include "ledger/internal.h"
#include "ledger/base/audit.h"
#include "ledger/base/json.h"
#include "ledger/base/perm.h"
#include "ledger/publicity/rows.h"
#include "ledger/publicity/search.h"
#include "ledger/publicity/upload.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/date.h"
#include "core/strbuf.h"
#include "ledger/register/area.h"

/* ---- levels --------------------------------------------------------------------------- */

static const char *const level_codes[POLICY_LEVELS] = {"national", "province", "city", "county"};
static const char *const level_labels[POLICY_LEVELS] = {"国家级", "省级", "市级", "县级"};

const char *policy_level_name(int level)
{
	return level >= 0 && level < POLICY_LEVELS ? level_codes[level] : NULL;
}

const char *policy_level_label(int level)
{
	return level >= 0 && level < POLICY_LEVELS ? level_labels[level] : NULL;
}

int policy_level_parse(const char *s, int *level, struct err *e)
{
	for (int i = 0; s && i < POLICY_LEVELS; i++)
		if (!strcmp(s, level_codes[i]) || !strcmp(s, level_labels[i])) {
			*level = i;
			return 0;
		}
	return err_set(e, ERR_INVALID, "level", "未知级别：%s", s ? s : "");
}

/* ---- the column table ------------------------------------------------------------- */

#define COL(n, l, type, max, min, maxi, codes, nc, fl)                                             \
	{                                                                                          \
#n, l, type, offsetof(struct policy, n), max, min, maxi, codes, nc, fl             \
	}

const struct ledger_column policy_columns[POLICY_NCOLUMNS] = {
	COL(id, "编号", LCOL_ID, 0, 0, 0, NULL, 0, 0),
	COL(title, "标题", LCOL_TEXT, POLICY_TITLE_MAX, 0, 0, NULL, 0, LCOL_REQUIRED | LCOL_EDIT),
	COL(issuer, "发文机关", LCOL_TEXT, 200, 0, 0, NULL, 0, LCOL_REQUIRED | LCOL_EDIT),
	COL(number, "文号", LCOL_TEXT, 100, 0, 0, NULL, 0, LCOL_EDIT),
	COL(issued_on, "发文日期", LCOL_DATE, 0, 0, 0, NULL, 0, LCOL_EDIT),
	COL(level, "级别", LCOL_CODE, 0, 0, 0, level_codes, POLICY_LEVELS, LCOL_EDIT),
	COL(area, "所属县区", LCOL_TEXT, 16, 0, 0, NULL, 0, LCOL_EDIT),
	COL(tags, "标签", LCOL_TEXT, 500, 0, 0, NULL, 0, LCOL_EDIT),
	COL(url, "链接", LCOL_TEXT, 1000, 0, 0, NULL, 0, LCOL_EDIT),
	COL(body, "正文", LCOL_TEXT, POLICY_BODY_MAX, 0, 0, NULL, 0, LCOL_EDIT),
	COL(file_name, "文件名", LCOL_TEXT, 255, 0, 0, NULL, 0, 0),
	COL(file_type, "文件类型", LCOL_TEXT, 8, 0, 0, NULL, 0, 0),
	COL(file_size, "文件大小", LCOL_INT, 0, 1, POLICY_FILE_MAX, NULL, 0, 0),
	COL(file_sha256, "SHA-256", LCOL_TEXT, 64, 0, 0, NULL, 0, 0),
	COL(created_by_id, "录入人编号", LCOL_INT, 0, 1, INT64_MAX, NULL, 0, 0),
	COL(created_by, "录入人", LCOL_TEXT, 200, 0, 0, NULL, 0, LCOL_REQUIRED),
	COL(created_at, "创建时间", LCOL_STAMP, 0, 0, 0, NULL, 0, 0),
	COL(updated_at, "更新时间", LCOL_STAMP, 0, 0, 0, NULL, 0, 0),
};
enum { COL_CREATED = 16, COL_UPDATED = 17 };

void policy_init(struct policy *p)
{
	memset(p, 0, sizeof *p);
	p->issued_on = LEDGER_NO_DATE;
	p->level = POLICY_CITY;
	p->file_size = LEDGER_NONE;
	p->created_by_id = LEDGER_NONE;
}

static struct {
	char insert[1024];
	char update[1024];
	char select[1024];
} gen;
static pthread_once_t gen_once = PTHREAD_ONCE_INIT;

static void build_sql(void)
{
	struct strbuf sb;
	strbuf_init(&sb, 1024);
	ledger_cols_insert_sql(policy_columns, POLICY_NCOLUMNS, "policies", &sb);
	ledger_sql_keep(gen.insert, sizeof gen.insert, &sb);
	ledger_cols_update_sql(policy_columns, POLICY_NCOLUMNS, "policies", LCOL_EDIT, &sb);
	ledger_sql_keep(gen.update, sizeof gen.update, &sb);
	strbuf_adds(&sb, "SELECT ");
	ledger_cols_select(policy_columns, POLICY_NCOLUMNS, "p", &sb);
	strbuf_adds(&sb, " FROM policies p");
	ledger_sql_keep(gen.select, sizeof gen.select, &sb);
	strbuf_cleanup(&sb);
}

static char *audit_image(const struct policy *p)
{
	struct ledger_jobj o;
	ledger_jobj_init(&o);
	ledger_cols_audit(&o, policy_columns, POLICY_NCOLUMNS, p);
	return ledger_jobj_take(&o);
}

/* ---- get ------------------------------------------------------------------------------ */

int policy_get(struct ledger *l, int64_t id, struct arena *arena, struct policy *out, struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	int rc = perm_check(&l->scope, CAP_POLICIES_READ, "无权查看政策文件库", e);
	if (rc)
		return rc;
	pthread_once(&gen_once, build_sql);
	strbuf_init(&sql, 1024);
	strbuf_adds(&sql, gen.select);
	strbuf_adds(&sql, " WHERE p.id = $1");
	rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	strbuf_cleanup(&sql);
	if (rc)
		return rc;
	store_bind_int(st, 1, id);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		policy_init(out);
		ledger_cols_read(st, 0, policy_columns, POLICY_NCOLUMNS, arena, out);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = err_set(e, ERR_NOT_FOUND, "id", "政策文件不存在");
	}
	store_finish(st);
	return rc;
}

/* ---- checks --------------------------------------------------------------------------- */

/* May L's caller write document P? 0 or ERR_FORBIDDEN. */
static int check_writer(struct ledger *l, const struct policy *p, struct err *e)
{
	int rc = perm_check(&l->scope, CAP_POLICIES_WRITE, "无权维护政策文件库", e);
	if (rc || ledger_scope_all(&l->scope))
		return rc;
	rc = p->level == POLICY_COUNTY ? publicity_own_area(l, p->area, e) : 0;
	if (rc < 0)
		return rc;
	if (!rc)
		return err_set(e, ERR_FORBIDDEN, "level", "县级用户只能维护本县区的县级政策文件");
	return 0;
}

/* Trim ASCII and ideographic spaces of [*S, *END). */
static void trim(const char **s, const char **end)
{
	for (;;) {
		if (*s < *end && (**s == ' ' || **s == '\t'))
			(*s)++;
		else if (*end - *s >= 3 && !memcmp(*s, "\xe3\x80\x80", 3))
			*s += 3;
		else
			break;
	}
	for (;;) {
		if (*end > *s && ((*end)[-1] == ' ' || (*end)[-1] == '\t'))
			(*end)--;
		else if (*end - *s >= 3 && !memcmp(*end - 3, "\xe3\x80\x80", 3))
			*end -= 3;
		else
			break;
	}
}

/* TAGS split at , ， ; ； 、 and line breaks, trimmed, duplicates dropped, joined by ",". */
static const char *normalise_tags(struct arena *a, const char *tags)
{
	if (!tags)
		return NULL;
	struct strbuf sb;
	strbuf_init(&sb, strlen(tags) + 2);
	const char *p = tags;
	while (*p) {
		const char *q = p;
		size_t sep = 0;
		while (*q) {
			if (*q == ',' || *q == ';' || *q == '\n' || *q == '\r') {
				sep = 1;
				break;
			}
			if (!strncmp(q, "，", 3) || !strncmp(q, "；", 3) || !strncmp(q, "、", 3)) {
				sep = 3;
				break;
			}
			q++;
		}
		const char *s = p, *end = q;
		trim(&s, &end);
		if (end > s) {
			size_t n = (size_t)(end - s);
			/* already there? compare against ",tag," in ",list," */
			char *probe = arena_printf(a, ",%.*s,", (int)n, s);
			char *have = arena_printf(a, ",%s,", strbuf_cstr(&sb));
			if (!strstr(have, probe)) {
				if (sb.len)
					strbuf_adds(&sb, ",");
				strbuf_add(&sb, s, n);
			}
		}
		p = q + sep;
		if (!sep)
			break;
	}
	const char *out = sb.len ? arena_strdup(a, strbuf_cstr(&sb)) : NULL;
	strbuf_cleanup(&sb);
	return out;
}

/* Check and normalise the values of V. */
static int check_values(struct ledger *l, struct arena *a, struct policy *v, struct err *e)
{
	v->tags = normalise_tags(a, v->tags);
	if (v->area && !v->area[0])
		v->area = NULL;
	if (v->number && !v->number[0])
		v->number = NULL;
	int rc = ledger_cols_check(policy_columns, POLICY_NCOLUMNS, v, e);
	if (rc)
		return rc;
	if (v->url && v->url[0] && strncasecmp(v->url, "http://", 7) &&
	    strncasecmp(v->url, "https://", 8))
		return err_set(e, ERR_INVALID, "url", "链接应以 http:// 或 https:// 开头");
	if (v->level == POLICY_COUNTY && !v->area)
		return err_set(e, ERR_INVALID, "area", "县级政策文件须选择所属县区");
	if (v->level != POLICY_COUNTY)
		v->area = NULL;
	if (v->area) {
		struct arena *tmp = arena_new();
		struct area ar;
		rc = area_get(l, v->area, tmp, &ar, e);
		arena_free(tmp);
		if (rc == ERR_NOT_FOUND)
			return err_set(e, ERR_INVALID, "area", "地区不存在：%s", v->area);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- create, update, delete ------------------------------------------------------------ */

/* ---- the table's writes (ledger/publicity/rows) ---------------------------------------- */

static int get_row(struct ledger *l, int64_t id, struct arena *a, void *row, struct err *e)
{
	return policy_get(l, id, a, row, e);
}

static int check_row(struct ledger *l, const void *row, struct err *e)
{
	return check_writer(l, row, e);
}

static char *image_row(const void *row)
{
	return audit_image(row);
}

/* The file's columns (not LCOL_EDIT: only attach and detach change them). */
static int write_file(struct ledger *l, int64_t id, const void *row, struct err *e)
{
	const struct policy *v = row;
	struct store_stmt *st = NULL;
	int rc = store_prepare(l->db,
			       "UPDATE policies SET file_name = $1, file_type = $2, "
			       "file_size = $3, file_sha256 = $4 WHERE id = $5",
			       &st, e);
	if (!rc) {
		store_bind_text(st, 1, v->file_name, STORE_NTS);
		store_bind_text(st, 2, v->file_type, STORE_NTS);
		store_bind_int_or_null(st, 3, v->file_size, LEDGER_NONE);
		store_bind_text(st, 4, v->file_sha256, STORE_NTS);
		store_bind_int(st, 5, id);
		rc = store_run(st, e);
	}
	store_finish(st);
	return rc;
}

static void prepare(void)
{
	pthread_once(&gen_once, build_sql);
}

static const struct publicity_table table = {
	.name = "policies",
	.cols = policy_columns,
	.ncols = POLICY_NCOLUMNS,
	.col_created = COL_CREATED,
	.col_updated = COL_UPDATED,
	.insert_sql = gen.insert,
	.update_sql = gen.update,
	.prepare = prepare,
	.size = sizeof(struct policy),
	.get = get_row,
	.check = check_row,
	.image = image_row,
	.after_write = write_file,
};

int policy_create(struct ledger *l, const struct policy *in, struct arena *arena,
		  struct policy *out, struct err *e)
{
	struct arena *tmp = arena_new();
	struct policy v = *in;
	int64_t id = 0;
	int rc = ledger_write_begin(l, e);
	if (rc) {
		arena_free(tmp);
		return rc;
	}
	v.file_name = v.file_type = v.file_sha256 = NULL;
	v.file_size = LEDGER_NONE;
	v.created_by_id = l->scope.user_id ? l->scope.user_id : LEDGER_NONE;
	v.created_by = l->scope.user_name;
	rc = check_values(l, tmp, &v, e);
	if (!rc)
		rc = check_writer(l, &v, e);
	if (!rc)
		rc = publicity_insert(l, &table, &v, &id, e);
	if (!rc && out)
		rc = policy_get(l, id, arena, out, e);
	rc = ledger_write_end(l, rc, e);
	arena_free(tmp);
	return rc;
}

/* IN's editable members over V, checked (the file stays). */
static int merge(struct ledger *l, struct arena *a, void *row, const void *from, struct err *e)
{
	struct policy *v = row;
	const struct policy *in = from;
	v->title = in->title;
	v->issuer = in->issuer;
	v->number = in->number;
	v->issued_on = in->issued_on;
	v->level = in->level;
	v->area = in->area;
	v->tags = in->tags;
	v->url = in->url;
	v->body = in->body;
	return check_values(l, a, v, e);
}

int policy_update(struct ledger *l, int64_t id, const struct policy *in, struct arena *arena,
		  struct policy *out, struct err *e)
{
	return publicity_update(l, &table, id, in, merge, arena, out, e);
}

int policy_delete(struct ledger *l, int64_t id, struct err *e)
{
	return publicity_delete(l, &table, id, e);
}

/* ---- files ---------------------------------------------------------------------------- */

const char *policy_sniff(const void *data, size_t len)
{
	return upload_sniff(data, len, UPLOAD_DOCUMENTS);
}

int policy_attach(struct ledger *l, int64_t id, const char *name, const void *data, size_t len,
		  struct arena *arena, struct policy *out, struct err *e)
{
	struct arena *tmp = arena_new();
	struct store_stmt *st = NULL;
	struct policy old, v;
	struct upload up;
	/* the file's checks (its checksum over up to 20 MB) before the write lock is taken */
	int rc = upload_check(tmp, name, data, len, UPLOAD_DOCUMENTS, "PDF 或 Word（DOCX、DOC）",
			      arena_printf(tmp, "policy-%lld", (long long)id), &up, e);
	if (!rc)
		rc = ledger_write_begin(l, e);
	if (rc) {
		arena_free(tmp);
		return rc;
	}
	rc = policy_get(l, id, tmp, &old, e);
	if (!rc)
		rc = check_writer(l, &old, e);
	if (rc)
		goto out;
	rc = store_prepare(l->db,
			   "INSERT OR REPLACE INTO policy_files (policy_id, data) "
			   "VALUES ($1, $2)",
			   &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, id);
	store_bind_blob(st, 2, data, len);
	rc = store_run(st, e);
	store_finish(st);
	st = NULL;
	v = old;
	v.file_name = up.name;
	v.file_type = up.type;
	v.file_size = up.size;
	v.file_sha256 = up.sha256;
	if (!rc)
		rc = publicity_rewrite(l, &table, id, &old, &v, "attach", e);
	if (!rc && out)
		rc = policy_get(l, id, arena, out, e);
out:
	store_finish(st);
	rc = ledger_write_end(l, rc, e);
	arena_free(tmp);
	return rc;
}

int policy_detach(struct ledger *l, int64_t id, struct err *e)
{
	struct arena *tmp = arena_new();
	struct store_stmt *st = NULL;
	struct policy old, v;
	int rc = ledger_write_begin(l, e);
	if (rc) {
		arena_free(tmp);
		return rc;
	}
	rc = policy_get(l, id, tmp, &old, e);
	if (!rc)
		rc = check_writer(l, &old, e);
	if (rc || !old.file_name)
		goto out;
	rc = store_prepare(l->db, "DELETE FROM policy_files WHERE policy_id = $1", &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, id);
	rc = store_run(st, e);
	v = old;
	v.file_name = v.file_type = v.file_sha256 = NULL;
	v.file_size = LEDGER_NONE;
	if (!rc)
		rc = publicity_rewrite(l, &table, id, &old, &v, "detach", e);
out:
	store_finish(st);
	rc = ledger_write_end(l, rc, e);
	arena_free(tmp);
	return rc;
}

int policy_file(struct ledger *l, int64_t id, struct arena *arena, struct policy *p, void **data,
		size_t *len, struct err *e)
{
	*data = NULL;
	*len = 0;
	int rc = policy_get(l, id, arena, p, e);
	if (!rc && !p->file_name)
		rc = err_set(e, ERR_NOT_FOUND, "id", "该政策文件没有附件");
	if (!rc)
		rc = publicity_blob(l, "SELECT data FROM policy_files WHERE policy_id = $1", id,
				    "该政策文件没有附件", data, len, e);
	return rc;
}

/* ---- list ----------------------------------------------------------------------------- */

void policy_filter_init(struct policy_filter *f)
{
	memset(f, 0, sizeof *f);
	f->level = -1;
	f->want_total = 1;
}

/* Code points of the UTF-8 text S. */
static size_t chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* Append the conditions of F: $1 the FTS phrase or LIKE pattern, $2 the level, $3 the tag. */
static void filter_sql(const struct policy_filter *f, int fts, struct strbuf *sql)
{
	strbuf_adds(sql, " WHERE 1=1");
	if (fts == 1)
		strbuf_adds(sql, " AND p.id IN (SELECT rowid FROM policies_fts "
				 "WHERE policies_fts MATCH $1)");
	else if (fts == 2)
		strbuf_adds(sql,
			    " AND (p.title LIKE $1 ESCAPE '\\' OR p.issuer LIKE $1 ESCAPE '\\' "
			    "OR p.number LIKE $1 ESCAPE '\\' OR p.tags LIKE $1 ESCAPE '\\' "
			    "OR p.body LIKE $1 ESCAPE '\\')");
	if (f->level >= 0)
		strbuf_adds(sql, " AND p.level = $2");
	if (f->tag && f->tag[0])
		strbuf_adds(sql, " AND instr(',' || p.tags || ',', ',' || $3 || ',') > 0");
}

int policy_list(struct ledger *l, const struct policy_filter *f, struct arena *arena,
		struct policy_page *out, struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	size_t cap = 0;
	const char *pat = NULL;
	int fts = 0, rc = 0;

	memset(out, 0, sizeof *out);
	out->total = -1;
	strbuf_init(&sql, 1024);
	if (f->limit < 0 || f->limit > POLICY_PAGE_MAX || f->offset < 0) {
		rc = err_set(e, ERR_INVALID, "page_size", "分页参数无效");
		goto out;
	}
	if (f->level < -1 || f->level >= POLICY_LEVELS) {
		rc = err_set(e, ERR_INVALID, "level", "未知级别");
		goto out;
	}
	rc = perm_check(&l->scope, CAP_POLICIES_READ, "无权查看政策文件库", e);
	if (!rc)
		rc = publicity_like(arena, f->q, &pat, e);
	if (rc)
		goto out;
	if (pat && chars(f->q) >= 3) { /* a trigram needs three characters */
		struct strbuf ph;
		strbuf_init(&ph, strlen(f->q) + 8);
		strbuf_adds(&ph, "\"");
		for (const char *p = f->q; *p; p++) {
			strbuf_add(&ph, p, 1);
			if (*p == '"') /* "" inside a phrase */
				strbuf_add(&ph, p, 1);
		}
		strbuf_adds(&ph, "\"");
		pat = arena_strdup(arena, strbuf_cstr(&ph));
		strbuf_cleanup(&ph);
		fts = 1;
	} else if (pat) {
		fts = 2;
	}
	pthread_once(&gen_once, build_sql);
	for (int pass = f->want_total ? 0 : 1; pass < 2; pass++) {
		strbuf_reset(&sql);
		if (pass == 0) {
			strbuf_adds(&sql, "SELECT count(*) FROM policies p");
			filter_sql(f, fts, &sql);
		} else {
			strbuf_adds(&sql, gen.select);
			filter_sql(f, fts, &sql);
			strbuf_adds(&sql,
				    " ORDER BY p.issued_on IS NULL, p.issued_on DESC, p.id DESC "
				    "LIMIT $4 OFFSET $5");
		}
		rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
		if (rc)
			goto out;
		store_bind_text(st, 1, pat, STORE_NTS);
		store_bind_text(st, 2, policy_level_name(f->level), STORE_NTS);
		store_bind_text(st, 3, f->tag, STORE_NTS);
		store_bind_int(st, 4, f->limit ? f->limit : 50);
		store_bind_int(st, 5, f->offset);
		if (pass == 0) {
			rc = store_step(st, e);
			if (rc != STORE_ROW)
				goto out;
			out->total = store_column_int(st, 0);
		} else {
			while ((rc = store_step(st, e)) == STORE_ROW) {
				out->items = ledger_grow(arena, out->items, out->n, &cap,
							 sizeof *out->items, 16);
				struct policy *p = &out->items[out->n++];
				policy_init(p);
				ledger_cols_read(st, 0, policy_columns, POLICY_NCOLUMNS, arena, p);
			}
		}
		store_finish(st);
		st = NULL;
	}
out:
	rc = rc < 0 ? rc : 0;
	store_finish(st);
	strbuf_cleanup(&sql);
	return rc;
}

int policy_tags(struct ledger *l, struct arena *arena, const char ***tags, size_t *n, struct err *e)
{
	struct store_stmt *st = NULL;
	size_t cap = 0;
	*tags = NULL;
	*n = 0;
	int rc = perm_check(&l->scope, CAP_POLICIES_READ, "无权查看政策文件库", e);
	if (!rc)
		rc = store_prepare(l->db,
				   "WITH RECURSIVE s (tag, rest) AS (SELECT NULL, tags || ',' "
				   "FROM policies WHERE tags IS NOT NULL UNION ALL "
				   "SELECT substr(rest, 1, instr(rest, ',') - 1), "
				   "substr(rest, instr(rest, ',') + 1) FROM s WHERE rest <> '') "
				   "SELECT DISTINCT tag FROM s WHERE tag IS NOT NULL AND tag <> '' "
				   "ORDER BY tag",
				   &st, e);
	if (rc)
		return rc;
	while ((rc = store_step(st, e)) == STORE_ROW) {
		*tags = ledger_grow(arena, *tags, *n, &cap, sizeof **tags, 16);
		(*tags)[(*n)++] = ledger_column_str(st, 0, arena);
	}
	store_finish(st);
	return rc < 0 ? rc : 0;
}
