/*
 * announcement — announcements and their read receipts (see announcement.h).
 * Owner of the tables announcements and announcement_reads.
 */
#include "ledger/publicity/announcement.h"
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

#include "core/date.h"
#include "core/strbuf.h"
#include "ledger/register/area.h"
#include "ledger/register/enterprise.h"

/* ---- the column table ------------------------------------------------------------- */

#define COL(n, l, type, max, min, maxi, fl)                                                        \
	{                                                                                          \
#n, l, type, offsetof(struct announcement, n), max, min, maxi, NULL, 0, fl         \
	}

const struct ledger_column announcement_columns[ANNOUNCEMENT_NCOLUMNS] = {
	COL(id, "编号", LCOL_ID, 0, 0, 0, 0),
	COL(title, "标题", LCOL_TEXT, ANNOUNCEMENT_TITLE_MAX, 0, 0, LCOL_REQUIRED | LCOL_EDIT),
	COL(body, "正文", LCOL_TEXT, ANNOUNCEMENT_BODY_MAX, 0, 0, LCOL_REQUIRED | LCOL_EDIT),
	COL(area, "发布范围（地区）", LCOL_TEXT, 16, 0, 0, LCOL_EDIT),
	COL(tier, "发布范围（层级）", LCOL_TEXT, 16, 0, 0, LCOL_EDIT),
	COL(published_on, "发布日期", LCOL_DATE, 0, 0, 0, LCOL_EDIT),
	COL(created_by_id, "发布人编号", LCOL_INT, 0, 1, INT64_MAX, 0),
	COL(created_by, "发布人", LCOL_TEXT, 200, 0, 0, LCOL_REQUIRED),
	COL(created_at, "创建时间", LCOL_STAMP, 0, 0, 0, 0),
	COL(updated_at, "更新时间", LCOL_STAMP, 0, 0, 0, 0),
};
enum { COL_CREATED = 8, COL_UPDATED = 9 };

void announcement_init(struct announcement *a)
{
	memset(a, 0, sizeof *a);
	a->published_on = LEDGER_NO_DATE;
	a->created_by_id = LEDGER_NONE;
	a->recipients = LEDGER_NONE;
	a->read_count = LEDGER_NONE;
}

static struct {
	char insert[512];
	char update[512];
} gen;
static pthread_once_t gen_once = PTHREAD_ONCE_INIT;

static void build_sql(void)
{
	struct strbuf sb;
	strbuf_init(&sb, 512);
	ledger_cols_insert_sql(announcement_columns, ANNOUNCEMENT_NCOLUMNS, "announcements", &sb);
	ledger_sql_keep(gen.insert, sizeof gen.insert, &sb);
	ledger_cols_update_sql(announcement_columns, ANNOUNCEMENT_NCOLUMNS, "announcements",
			       LCOL_EDIT, &sb);
	ledger_sql_keep(gen.update, sizeof gen.update, &sb);
	strbuf_cleanup(&sb);
}

/* ---- visibility ----------------------------------------------------------------------- */

/*
 * The placeholders of every select: $1 the scope's value (ledger_scope_param),
 * $2 the caller's user id, $3 today "YYYY-MM-DD". The audience of
 * announcement A matches enterprise T:
 */
#define AUDIENCE(t)                                                                                \
	"(a.area IS NULL OR " t ".area = a.area) AND (a.tier IS NULL OR " t ".tier = a.tier)"

/* Append the condition "announcement a is visible to L's caller". */
static void visible_sql(struct ledger *l, struct strbuf *sql)
{
	switch (l->scope.role) {
	case ROLE_ADMIN:
	case ROLE_CITY: strbuf_adds(sql, "1=1"); break;
	case ROLE_COUNTY:
	case ROLE_VIEWER:
		strbuf_adds(sql, "(a.area IS NULL OR a.area IN "
				 "(SELECT area FROM user_areas WHERE user_id = $2))");
		break;
	case ROLE_EXPERT:
		strbuf_adds(sql, "(a.area IS NULL OR a.area IN (SELECT t.area FROM enterprises t "
				 "JOIN expert_assignments x ON x.enterprise_id = t.id "
				 "WHERE x.user_id = $2))");
		break;
	case ROLE_ENTERPRISE:
		strbuf_adds(sql, "a.published_on <= $3 AND EXISTS (SELECT 1 FROM enterprises t "
				 "WHERE t.id = $1 AND " AUDIENCE("t") ")");
		break;
	default: strbuf_adds(sql, "1=0"); break;
	}
}

/* Append "count of the enterprise users of a's audience in scope [who read it]". */
static void recipients_sql(struct ledger *l, struct strbuf *sql, int read)
{
	strbuf_adds(sql,
		    "(SELECT count(*) FROM users u JOIN enterprises t ON t.id = u.enterprise_id "
		    "WHERE u.role = 'enterprise' AND u.disabled = 0 AND " AUDIENCE("t") " AND ");
	ledger_scope_sql(&l->scope, sql, "t", 1);
	if (read)
		strbuf_adds(sql, " AND EXISTS (SELECT 1 FROM announcement_reads rr "
				 "WHERE rr.announcement_id = a.id AND rr.user_id = u.id)");
	strbuf_adds(sql, ")");
}

/* "SELECT <columns>, read_at, recipients, read FROM announcements a … WHERE <visible>". */
static void select_sql(struct ledger *l, struct strbuf *sql)
{
	strbuf_adds(sql, "SELECT ");
	ledger_cols_select(announcement_columns, ANNOUNCEMENT_NCOLUMNS, "a", sql);
	strbuf_adds(sql, ", r.read_at, ");
	if (perm_may(&l->scope, CAP_ANNOUNCEMENTS_RECEIPTS)) {
		recipients_sql(l, sql, 0);
		strbuf_adds(sql, ", ");
		recipients_sql(l, sql, 1);
	} else {
		strbuf_adds(sql, "NULL, NULL");
	}
	strbuf_adds(sql,
		    ", coalesce(nullif(au.display_name, ''), a.created_by), "
		    "(SELECT count(*) FROM announcement_files f WHERE f.announcement_id = a.id) "
		    "FROM announcements a LEFT JOIN announcement_reads r "
		    "ON r.announcement_id = a.id AND r.user_id = $2 "
		    "LEFT JOIN users au ON au.id = a.created_by_id WHERE ");
	visible_sql(l, sql);
}

static void bind_common(struct ledger *l, struct store_stmt *st, int32_t today, char buf[11])
{
	store_bind_int(st, 1, ledger_scope_param(&l->scope));
	store_bind_int(st, 2, l->scope.user_id);
	store_bind_text(st, 3, date_format(today, buf), STORE_NTS);
}

static void read_row(struct store_stmt *st, struct arena *a, struct announcement *o)
{
	announcement_init(o);
	ledger_cols_read(st, 0, announcement_columns, ANNOUNCEMENT_NCOLUMNS, a, o);
	ledger_column_copy(st, ANNOUNCEMENT_NCOLUMNS, o->read_at, sizeof o->read_at);
	o->recipients = store_column_int_or(st, ANNOUNCEMENT_NCOLUMNS + 1, LEDGER_NONE);
	o->read_count = store_column_int_or(st, ANNOUNCEMENT_NCOLUMNS + 2, LEDGER_NONE);
	o->author = ledger_column_str(st, ANNOUNCEMENT_NCOLUMNS + 3, a);
	o->attachments = store_column_int(st, ANNOUNCEMENT_NCOLUMNS + 4);
}

#define FILE_COLUMNS                                                                               \
	"f.id, f.announcement_id, f.name, f.type, f.size, f.sha256, f.created_by, f.created_at"

static void read_file_row(struct store_stmt *st, struct arena *a, struct announcement_file *f)
{
	memset(f, 0, sizeof *f);
	f->id = store_column_int(st, 0);
	f->announcement_id = store_column_int(st, 1);
	f->name = ledger_column_str(st, 2, a);
	f->type = ledger_column_str(st, 3, a);
	f->size = store_column_int(st, 4);
	ledger_column_copy(st, 5, f->sha256, sizeof f->sha256);
	f->created_by = ledger_column_str(st, 6, a);
	ledger_column_copy(st, 7, f->created_at, sizeof f->created_at);
}

/* The files of announcement O (metadata only), oldest first. */
static int read_files(struct ledger *l, struct arena *a, struct announcement *o, struct err *e)
{
	struct store_stmt *st = NULL;
	size_t cap = 0;
	int rc = store_prepare(l->db,
			       "SELECT " FILE_COLUMNS " FROM announcement_files f "
			       "WHERE f.announcement_id = $1 ORDER BY f.id",
			       &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, o->id);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		o->files = ledger_grow(a, o->files, o->n_files, &cap, sizeof *o->files, 4);
		read_file_row(st, a, &o->files[o->n_files++]);
	}
	store_finish(st);
	return rc < 0 ? rc : 0;
}

static char *audit_image(const struct announcement *a)
{
	struct ledger_jobj o;
	ledger_jobj_init(&o);
	ledger_cols_audit(&o, announcement_columns, ANNOUNCEMENT_NCOLUMNS, a);
	return ledger_jobj_take(&o);
}

/* ---- get ------------------------------------------------------------------------------ */

int announcement_get(struct ledger *l, int64_t id, struct arena *arena, struct announcement *out,
		     struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	char today[11];
	strbuf_init(&sql, 2048);
	select_sql(l, &sql);
	strbuf_adds(&sql, " AND a.id = $4");
	int rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	if (rc)
		goto out;
	bind_common(l, st, date_today(), today);
	store_bind_int(st, 4, id);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		read_row(st, arena, out);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = err_set(e, ERR_NOT_FOUND, "id", "通知不存在");
	}
out:
	store_finish(st);
	strbuf_cleanup(&sql);
	return rc ? rc : read_files(l, arena, out, e);
}

/* ---- checks --------------------------------------------------------------------------- */

/* May L's caller write an announcement to AREA? 0 or ERR_FORBIDDEN. */
static int check_writer(struct ledger *l, const char *area, struct err *e)
{
	int rc = perm_check(&l->scope, CAP_ANNOUNCEMENTS_WRITE, "无权发布通知公告", e);
	if (rc || ledger_scope_all(&l->scope))
		return rc;
	rc = publicity_own_area(l, area, e);
	if (rc < 0)
		return rc;
	if (!rc)
		return err_set(e, ERR_FORBIDDEN, "area", "县级用户只能向本辖区的企业发布通知");
	return 0;
}

/* Check the values of V (limits, audience). */
static int check_values(struct ledger *l, struct announcement *v, struct err *e)
{
	int rc = ledger_cols_check(announcement_columns, ANNOUNCEMENT_NCOLUMNS, v, e);
	if (rc)
		return rc;
	if (v->area && !v->area[0])
		v->area = NULL;
	if (v->tier && !v->tier[0])
		v->tier = NULL;
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
	if (v->tier) {
		enum tier t;
		if (enterprise_tier_parse(v->tier, &t, NULL))
			return err_set(e, ERR_INVALID, "tier", "未知层级：%s", v->tier);
		v->tier = enterprise_tier_name(t); /* a label becomes its code */
	}
	if (v->published_on == LEDGER_NO_DATE)
		return err_set(e, ERR_INVALID, "published_on", "发布日期不能为空");
	return 0;
}

/* ---- create, update, delete ------------------------------------------------------------ */

/* ---- the table's writes (ledger/publicity/rows) ---------------------------------------- */

static int get_row(struct ledger *l, int64_t id, struct arena *a, void *row, struct err *e)
{
	return announcement_get(l, id, a, row, e);
}

static int check_row(struct ledger *l, const void *row, struct err *e)
{
	return check_writer(l, ((const struct announcement *)row)->area, e);
}

static char *image_row(const void *row)
{
	return audit_image(row);
}

static void prepare(void)
{
	pthread_once(&gen_once, build_sql);
}

static const struct publicity_table table = {
	.name = "announcements",
	.cols = announcement_columns,
	.ncols = ANNOUNCEMENT_NCOLUMNS,
	.col_created = COL_CREATED,
	.col_updated = COL_UPDATED,
	.insert_sql = gen.insert,
	.update_sql = gen.update,
	.prepare = prepare,
	.size = sizeof(struct announcement),
	.get = get_row,
	.check = check_row,
	.image = image_row,
};

int announcement_create(struct ledger *l, const struct announcement *in, struct arena *arena,
			struct announcement *out, struct err *e)
{
	struct announcement v = *in;
	int64_t id = 0;
	int rc = ledger_write_begin(l, e);
	if (rc)
		return rc;
	if (v.published_on == LEDGER_NO_DATE)
		v.published_on = date_today();
	v.created_by_id = l->scope.user_id ? l->scope.user_id : LEDGER_NONE;
	v.created_by = l->scope.user_name;
	v.files = NULL;
	v.n_files = 0;
	rc = check_values(l, &v, e);
	if (!rc)
		rc = check_writer(l, v.area, e);
	if (!rc)
		rc = publicity_insert(l, &table, &v, &id, e);
	if (!rc && out)
		rc = announcement_get(l, id, arena, out, e);
	return ledger_write_end(l, rc, e);
}

/* IN's editable members over V, checked. */
static int merge(struct ledger *l, struct arena *a, void *row, const void *from, struct err *e)
{
	struct announcement *v = row;
	const struct announcement *in = from;
	(void)a;
	v->title = in->title;
	v->body = in->body;
	v->area = in->area;
	v->tier = in->tier;
	if (in->published_on != LEDGER_NO_DATE)
		v->published_on = in->published_on;
	return check_values(l, v, e);
}

int announcement_update(struct ledger *l, int64_t id, const struct announcement *in,
			struct arena *arena, struct announcement *out, struct err *e)
{
	return publicity_update(l, &table, id, in, merge, arena, out, e);
}

/* Declared here: announcement_delete audits the files its row takes with it. */
static void file_key(int64_t id, int64_t file_id, char out[48]);
static char *file_image(const struct announcement_file *f);

int announcement_delete(struct ledger *l, int64_t id, struct err *e)
{
	struct arena *tmp = arena_new();
	struct announcement a;
	int rc = ledger_write_begin(l, e);
	if (rc) {
		arena_free(tmp);
		return rc;
	}
	rc = announcement_get(l, id, tmp, &a, e);
	if (!rc)
		rc = publicity_delete(l, &table, id, e);
	/* the attachments go with it (ON DELETE CASCADE): each leaves its audit row */
	for (size_t i = 0; !rc && i < a.n_files; i++) {
		char key[48], *before = file_image(&a.files[i]);
		file_key(id, a.files[i].id, key);
		rc = audit_record(l, "delete", "announcement_files", key, before, NULL, e);
		free(before);
	}
	rc = ledger_write_end(l, rc, e);
	arena_free(tmp);
	return rc;
}

/* ---- list ----------------------------------------------------------------------------- */

void announcement_filter_init(struct announcement_filter *f)
{
	memset(f, 0, sizeof *f);
	f->today = LEDGER_NO_DATE;
	f->want_total = 1;
}

/* Append the conditions of F ($5 the LIKE pattern of q). */
static void filter_sql(const struct announcement_filter *f, struct strbuf *sql)
{
	if (f->unread)
		strbuf_adds(sql, " AND r.read_at IS NULL");
	if (f->q && f->q[0])
		strbuf_adds(sql,
			    " AND (a.title LIKE $5 ESCAPE '\\' OR a.body LIKE $5 ESCAPE '\\')");
}

int announcement_list(struct ledger *l, const struct announcement_filter *f, struct arena *arena,
		      struct announcement_page *out, struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	char today[11];
	size_t cap = 0;
	const char *pat = NULL;
	int rc = 0;

	memset(out, 0, sizeof *out);
	out->total = -1;
	strbuf_init(&sql, 4096);
	if (f->limit < 0 || f->limit > ANNOUNCEMENT_PAGE_MAX || f->offset < 0) {
		rc = err_set(e, ERR_INVALID, "page_size", "分页参数无效");
		goto out;
	}
	rc = publicity_like(arena, f->q, &pat, e);
	if (!rc)
		rc = perm_check(&l->scope, CAP_ANNOUNCEMENTS_READ, "无权查看通知公告", e);
	if (rc)
		goto out;
	int32_t day = f->today == LEDGER_NO_DATE ? date_today() : f->today;
	if (f->want_total) {
		strbuf_adds(&sql,
			    "SELECT count(*) FROM announcements a LEFT JOIN announcement_reads r "
			    "ON r.announcement_id = a.id AND r.user_id = $2 WHERE ");
		visible_sql(l, &sql);
		filter_sql(f, &sql);
		rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
		if (rc)
			goto out;
		bind_common(l, st, day, today);
		store_bind_text(st, 5, pat, STORE_NTS);
		rc = store_step(st, e);
		if (rc != STORE_ROW)
			goto out;
		out->total = store_column_int(st, 0);
		store_finish(st);
		st = NULL;
		strbuf_reset(&sql);
	}
	select_sql(l, &sql);
	filter_sql(f, &sql);
	strbuf_adds(&sql, " ORDER BY a.published_on DESC, a.id DESC LIMIT $6 OFFSET $7");
	rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	if (rc)
		goto out;
	bind_common(l, st, day, today);
	store_bind_text(st, 5, pat, STORE_NTS);
	store_bind_int(st, 6, f->limit ? f->limit : 50);
	store_bind_int(st, 7, f->offset);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		out->items = ledger_grow(arena, out->items, out->n, &cap, sizeof *out->items, 16);
		read_row(st, arena, &out->items[out->n++]);
	}
out:
	rc = rc < 0 ? rc : 0;
	store_finish(st);
	strbuf_cleanup(&sql);
	return rc;
}

/* ---- reading and receipts ------------------------------------------------------------- */

int announcement_mark_read(struct ledger *l, int64_t id, char read_at[21], struct err *e)
{
	struct arena *tmp = arena_new();
	struct store_stmt *st = NULL;
	struct announcement a;
	char now[21], key[48], uscc[19] = "";
	char *after = NULL;
	int rc = ledger_write_begin(l, e);
	if (rc) {
		arena_free(tmp);
		return rc;
	}
	rc = announcement_get(l, id, tmp, &a, e);
	if (!rc)
		rc = perm_check(&l->scope, CAP_ANNOUNCEMENTS_ACK, "只有企业用户记录阅读", e);
	if (rc)
		goto out;
	if (a.read_at[0]) { /* read before: the first time stands */
		if (read_at)
			memcpy(read_at, a.read_at, 21);
		goto out;
	}
	rc = store_prepare(l->db,
			   "INSERT INTO announcement_reads (announcement_id, user_id, read_at) "
			   "VALUES ($1, $2, $3)",
			   &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, id);
	store_bind_int(st, 2, l->scope.user_id);
	store_bind_text(st, 3, ledger_now(now), STORE_NTS);
	rc = store_run(st, e);
	store_finish(st);
	st = NULL;
	if (rc)
		goto out;
	rc = store_prepare(l->db, "SELECT uscc FROM enterprises WHERE id = $1", &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, l->scope.enterprise_id);
	if (store_step(st, NULL) == STORE_ROW)
		ledger_column_copy(st, 0, uscc, sizeof uscc);
	struct ledger_jobj o;
	ledger_jobj_init(&o);
	ledger_jobj_int(&o, "announcement_id", id);
	ledger_jobj_int(&o, "user_id", l->scope.user_id);
	ledger_jobj_str(&o, "read_at", now);
	after = ledger_jobj_take(&o);
	ledger_row_key(uscc, id, key);
	rc = audit_record(l, "read", "announcement_reads", key, NULL, after, e);
	if (!rc && read_at)
		memcpy(read_at, now, 21);
out:
	store_finish(st);
	free(after);
	rc = ledger_write_end(l, rc, e);
	arena_free(tmp);
	return rc;
}

int announcement_receipts(struct ledger *l, int64_t id, struct arena *arena,
			  struct announcement_receipt **items, size_t *n, struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	struct announcement a;
	size_t cap = 0;
	*items = NULL;
	*n = 0;
	int rc = announcement_get(l, id, arena, &a, e);
	if (!rc)
		rc = perm_check(&l->scope, CAP_ANNOUNCEMENTS_RECEIPTS, "无权查看阅读情况", e);
	if (rc)
		return rc;
	strbuf_init(&sql, 2048);
	strbuf_adds(&sql, "SELECT u.id, u.name, u.display_name, t.uscc, t.name, t.area, r.read_at "
			  "FROM announcements a JOIN users u ON u.role = 'enterprise' "
			  "AND u.disabled = 0 JOIN enterprises t ON t.id = u.enterprise_id "
			  "LEFT JOIN announcement_reads r ON r.announcement_id = a.id "
			  "AND r.user_id = u.id WHERE a.id = $2 AND " AUDIENCE("t") " AND ");
	ledger_scope_sql(&l->scope, &sql, "t", 1);
	strbuf_adds(&sql, " ORDER BY r.read_at IS NULL, r.read_at, t.name, u.name");
	rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, ledger_scope_param(&l->scope));
	store_bind_int(st, 2, id);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		*items = ledger_grow(arena, *items, *n, &cap, sizeof **items, 16);
		struct announcement_receipt *r = &(*items)[(*n)++];
		memset(r, 0, sizeof *r);
		r->user_id = store_column_int(st, 0);
		r->username = ledger_column_str(st, 1, arena);
		r->display_name = ledger_column_str(st, 2, arena);
		ledger_column_copy(st, 3, r->uscc, sizeof r->uscc);
		r->enterprise_name = ledger_column_str(st, 4, arena);
		r->area = ledger_column_str(st, 5, arena);
		ledger_column_copy(st, 6, r->read_at, sizeof r->read_at);
	}
out:
	rc = rc < 0 ? rc : 0;
	store_finish(st);
	strbuf_cleanup(&sql);
	return rc;
}

/* ---- attachments ---------------------------------------------------------------------- */

static void file_key(int64_t id, int64_t file_id, char out[48])
{
	snprintf(out, 48, "%lld/%lld", (long long)id, (long long)file_id);
}

static char *file_image(const struct announcement_file *f)
{
	struct ledger_jobj o;
	ledger_jobj_init(&o);
	ledger_jobj_int(&o, "announcement_id", f->announcement_id);
	ledger_jobj_str(&o, "name", f->name);
	ledger_jobj_str(&o, "type", f->type);
	ledger_jobj_int(&o, "size", f->size);
	ledger_jobj_str(&o, "sha256", f->sha256);
	return ledger_jobj_take(&o);
}

/* File FILE_ID of announcement ID (metadata) into *F; ERR_NOT_FOUND "附件不存在". */
static int file_get(struct ledger *l, int64_t id, int64_t file_id, struct arena *a,
		    struct announcement_file *f, struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = store_prepare(l->db,
			       "SELECT " FILE_COLUMNS " FROM announcement_files f "
			       "WHERE f.announcement_id = $1 AND f.id = $2",
			       &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, id);
	store_bind_int(st, 2, file_id);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		read_file_row(st, a, f);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = err_set(e, ERR_NOT_FOUND, "file_id", "附件不存在");
	}
	store_finish(st);
	return rc;
}

int announcement_attach(struct ledger *l, int64_t id, const char *name, const void *data,
			size_t len, struct arena *arena, struct announcement_file *out,
			struct err *e)
{
	struct arena *tmp = arena_new();
	struct store_stmt *st = NULL;
	struct announcement old;
	struct announcement_file f;
	struct upload up;
	char now[21], key[48];
	char *after = NULL;
	/* the file's checks (its checksum over up to 20 MB) before the write lock is taken */
	int rc = upload_check(tmp, name, data, len, UPLOAD_ANY,
			      "PDF、Word、Excel 或图片（PNG、JPG）",
			      arena_printf(tmp, "announcement-%lld", (long long)id), &up, e);
	if (!rc)
		rc = ledger_write_begin(l, e);
	if (rc) {
		arena_free(tmp);
		return rc;
	}
	rc = announcement_get(l, id, tmp, &old, e);
	if (!rc)
		rc = check_writer(l, old.area, e);
	if (!rc && old.n_files >= ANNOUNCEMENT_FILES_MAX)
		rc = err_set(e, ERR_INVALID, "file", "附件过多（最多%d个）",
			     ANNOUNCEMENT_FILES_MAX);
	if (!rc)
		rc = store_prepare(
			l->db,
			"INSERT INTO announcement_files (announcement_id, name, type, size, "
			"sha256, created_by, created_at, data) VALUES ($1, $2, $3, $4, $5, "
			"$6, $7, $8) RETURNING id",
			&st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, id);
	store_bind_text(st, 2, up.name, STORE_NTS);
	store_bind_text(st, 3, up.type, STORE_NTS);
	store_bind_int(st, 4, up.size);
	store_bind_text(st, 5, up.sha256, STORE_NTS);
	store_bind_text(st, 6, l->scope.user_name, STORE_NTS);
	store_bind_text(st, 7, ledger_now(now), STORE_NTS);
	store_bind_blob(st, 8, data, len);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		rc = file_get(l, id, store_column_int(st, 0), arena, &f, e);
	} else if (rc == STORE_DONE) {
		rc = err_set(e, ERR_DB, NULL, "数据库错误");
	}
	if (rc)
		goto out;
	after = file_image(&f);
	file_key(id, f.id, key);
	rc = audit_record(l, "create", "announcement_files", key, NULL, after, e);
	if (!rc && out)
		*out = f;
out:
	store_finish(st);
	free(after);
	rc = ledger_write_end(l, rc, e);
	arena_free(tmp);
	return rc;
}

int announcement_detach(struct ledger *l, int64_t id, int64_t file_id, struct err *e)
{
	struct arena *tmp = arena_new();
	struct store_stmt *st = NULL;
	struct announcement old;
	struct announcement_file f;
	char key[48];
	char *before = NULL;
	int rc = ledger_write_begin(l, e);
	if (rc) {
		arena_free(tmp);
		return rc;
	}
	rc = announcement_get(l, id, tmp, &old, e);
	if (!rc)
		rc = check_writer(l, old.area, e);
	if (!rc)
		rc = file_get(l, id, file_id, tmp, &f, e);
	if (!rc)
		rc = store_prepare(l->db, "DELETE FROM announcement_files WHERE id = $1", &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, file_id);
	rc = store_run(st, e);
	before = file_image(&f);
	file_key(id, file_id, key);
	if (!rc)
		rc = audit_record(l, "delete", "announcement_files", key, before, NULL, e);
out:
	store_finish(st);
	free(before);
	rc = ledger_write_end(l, rc, e);
	arena_free(tmp);
	return rc;
}

int announcement_file(struct ledger *l, int64_t id, int64_t file_id, struct arena *arena,
		      struct announcement_file *f, void **data, size_t *len, struct err *e)
{
	struct announcement a;
	*data = NULL;
	*len = 0;
	int rc = announcement_get(l, id, arena, &a, e); /* visible to the caller, or not found */
	if (!rc)
		rc = file_get(l, id, file_id, arena, f, e);
	if (!rc)
		rc = publicity_blob(l, "SELECT data FROM announcement_files WHERE id = $1", file_id,
				    "附件不存在", data, len, e);
	return rc;
}
