/*
 * outcome — published lists applied in bulk (see outcome.h).
 */
#include "ledger/apply/outcome.h"
#include "ledger/internal.h"
#include "ledger/base/perm.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ledger/apply/application.h"
#include "ledger/apply/tsme.h"

static const char *const result_names[] = {"changed", "unchanged", "unmatched", "refused"};
static const char *const result_labels[] = {"已更新", "无变化", "未匹配", "未处理"};

const char *list_result_name(enum list_result r)
{
	return ledger_code_at(result_names, 4, (int)r);
}

const char *list_result_label(enum list_result r)
{
	return ledger_code_at(result_labels, 4, (int)r);
}

/* ---- names ------------------------------------------------------------------------------ */

void outcome_norm_name(const char *s, char *out, size_t size)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t o = 0;
	if (!size)
		return;
	while (*p) {
		unsigned c = *p;
		size_t len = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
		for (size_t k = 1; k < len; k++)
			if (!p[k]) { /* a sequence cut short: keep what is whole */
				len = k;
				break;
			}
		char ascii = 0;
		if (len == 3) {
			unsigned cp = ((c & 0x0fu) << 12) | ((p[1] & 0x3fu) << 6) | (p[2] & 0x3fu);
			if (cp >= 0xff01 && cp <= 0xff5e)
				ascii = (char)(cp - 0xfee0);
			else if (cp == 0x3000)
				ascii = ' ';
			else if (cp == 0x3010 || cp == 0x3014)
				ascii = '(';
			else if (cp == 0x3011 || cp == 0x3015)
				ascii = ')';
		} else if (len == 1) {
			ascii = (char)c;
		}
		if (ascii) {
			if (ascii == '[')
				ascii = '(';
			else if (ascii == ']')
				ascii = ')';
			else if (ascii >= 'A' && ascii <= 'Z')
				ascii = (char)(ascii - 'A' + 'a');
			if (ascii != ' ' && ascii != '\t' && ascii != '\r' && ascii != '\n') {
				if (o + 1 >= size)
					break;
				out[o++] = ascii;
			}
		} else {
			if (o + len >= size)
				break;
			memcpy(out + o, p, len);
			o += len;
		}
		p += len;
	}
	out[o] = '\0';
}

/* ---- candidates --------------------------------------------------------------------------- */

struct cand {
	int64_t app_id; /* outcome: the application; TSME: 0 */
	char uscc[19];
	const char *name;
	const char *norm;
	enum app_stage stage;
	const char *cert_no;
};

struct cands {
	struct cand *items;
	size_t n;
	struct cand **by_uscc, **by_name; /* sorted views */
};

static int cmp_uscc(const void *a, const void *b)
{
	return strcmp((*(struct cand *const *)a)->uscc, (*(struct cand *const *)b)->uscc);
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp((*(struct cand *const *)a)->norm, (*(struct cand *const *)b)->norm);
}

/* Load the candidates: the applications of BATCH_ID (> 0), or every enterprise in scope. */
static int cands_load(struct ledger *l, int64_t batch_id, struct arena *a, struct cands *c,
		      struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	size_t cap = 0;
	memset(c, 0, sizeof *c);
	strbuf_init(&sql, 2048);
	if (batch_id > 0)
		strbuf_adds(&sql,
			    "SELECT p.id, t.uscc, t.name, p.stage, p.cert_no FROM applications p "
			    "JOIN enterprises t ON t.id = p.enterprise_id WHERE p.batch_id = $2 "
			    "AND ");
	else
		strbuf_adds(&sql, "SELECT 0, t.uscc, t.name, NULL, NULL FROM enterprises t WHERE ");
	ledger_scope_sql(&l->scope, &sql, "t", 1);
	int rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, ledger_scope_param(&l->scope));
	store_bind_int(st, 2, batch_id);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		c->items = ledger_grow(a, c->items, c->n, &cap, sizeof *c->items, 64);
		struct cand *k = &c->items[c->n++];
		k->app_id = store_column_int(st, 0);
		ledger_column_copy(st, 1, k->uscc, sizeof k->uscc);
		k->name = ledger_column_str(st, 2, a);
		size_t len = strlen(k->name) + 1;
		char *norm = arena_alloc(a, len);
		outcome_norm_name(k->name, norm, len);
		k->norm = norm;
		const char *stage = store_column_text(st, 3, NULL);
		if (stage)
			app_stage_parse(stage, &k->stage, NULL);
		k->cert_no = ledger_column_str(st, 4, a);
	}
	if (rc < 0)
		goto out;
	rc = 0;
	c->by_uscc = arena_alloc(a, (c->n + 1) * sizeof *c->by_uscc);
	c->by_name = arena_alloc(a, (c->n + 1) * sizeof *c->by_name);
	for (size_t i = 0; i < c->n; i++)
		c->by_uscc[i] = c->by_name[i] = &c->items[i];
	if (c->n) {
		qsort(c->by_uscc, c->n, sizeof *c->by_uscc, cmp_uscc);
		qsort(c->by_name, c->n, sizeof *c->by_name, cmp_name);
	}
out:
	store_finish(st);
	strbuf_cleanup(&sql);
	return rc;
}

/* The candidate of ROW (by USCC, else by normalised name), or NULL; *BY_NAME says which. */
static struct cand *cands_match(const struct cands *c, const struct list_row *row, char *norm,
				size_t normsize, int *by_name)
{
	struct cand key, *kp = &key, **hit = NULL;
	*by_name = 0;
	if (!c->n)
		return NULL;
	if (row->uscc && row->uscc[0]) {
		ledger_norm_uscc(row->uscc, key.uscc);
		hit = bsearch(&kp, c->by_uscc, c->n, sizeof *c->by_uscc, cmp_uscc);
		if (hit)
			return *hit;
	}
	if (row->name && row->name[0]) {
		outcome_norm_name(row->name, norm, normsize);
		key.norm = norm;
		hit = bsearch(&kp, c->by_name, c->n, sizeof *c->by_name, cmp_name);
		if (hit) {
			*by_name = 1;
			return *hit;
		}
	}
	return NULL;
}

/* ---- the run -------------------------------------------------------------------------------- */

/* Errors of one row that stop the whole list (the database failed). */
static int fatal(int rc)
{
	return rc == ERR_DB || rc == ERR_BUSY || rc == ERR_INTERNAL || rc == ERR_TOO_BIG;
}

static const char *dup(struct arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

/* Apply one matched outcome row to K. */
static int outcome_row(struct ledger *l, struct cand *k, const struct list_row *row,
		       struct arena *a, struct list_line *ln, struct err *e)
{
	if (!row->number || !row->number[0]) {
		ln->result = LIST_REFUSED;
		ln->message = "缺少证书编号";
		return 0;
	}
	if (k->stage == APP_RECOGNISED) {
		if (k->cert_no && !strcasecmp(k->cert_no, row->number)) {
			ln->result = LIST_UNCHANGED;
		} else {
			ln->result = LIST_REFUSED;
			ln->message = arena_printf(a, "该申报已认定，证书编号为%s",
						   k->cert_no ? k->cert_no : "");
		}
		return 0;
	}
	if (!app_stage_allowed(k->stage, APP_RECOGNISED)) {
		ln->result = LIST_REFUSED;
		ln->message = arena_printf(a, "申报阶段为“%s”，不能登记为已认定",
					   app_stage_label(k->stage));
		return 0;
	}
	struct app_change c;
	app_change_init(&c, APP_RECOGNISED);
	c.cert_no = row->number;
	c.cert_on = row->on;
	c.note = "公示名单导入";
	struct err re;
	err_clear(&re);
	int rc = app_move(l, k->app_id, &c, &re);
	if (rc && fatal(rc)) {
		*e = re;
		return rc;
	}
	if (rc) {
		ln->result = LIST_REFUSED;
		ln->message = arena_strdup(a, re.msg);
		return 0;
	}
	ln->result = LIST_CHANGED;
	k->stage = APP_RECOGNISED;
	k->cert_no = dup(a, row->number);
	return 0;
}

static int tsme_row(struct ledger *l, int64_t year, const struct cand *k,
		    const struct list_row *row, struct arena *a, struct list_line *ln,
		    struct err *e)
{
	struct tsme_reg in;
	struct err re;
	int changed = 0;
	memset(&in, 0, sizeof in);
	in.year = year;
	in.reg_no = row->number;
	in.status = TSME_REGISTERED;
	in.registered_on = row->on;
	err_clear(&re);
	int rc = tsme_save(l, k->uscc, &in, &changed, &re);
	if (rc && fatal(rc)) {
		*e = re;
		return rc;
	}
	if (rc) {
		ln->result = LIST_REFUSED;
		ln->message = arena_strdup(a, re.msg);
		return 0;
	}
	ln->result = changed ? LIST_CHANGED : LIST_UNCHANGED;
	return 0;
}

static int run(struct ledger *l, int64_t batch_id, int64_t year, const struct list_row *rows,
	       size_t n, int dry_run, struct arena *arena, struct list_report *r, struct err *e)
{
	struct cands c;
	int rc = ledger_begin(l, e);
	if (rc)
		return rc;
	rc = cands_load(l, batch_id, arena, &c, e);
	if (!rc && n)
		r->lines = arena_alloc(arena, n * sizeof *r->lines);
	for (size_t i = 0; !rc && i < n; i++) {
		const struct list_row *row = &rows[i];
		struct list_line *ln = &r->lines[r->n++];
		char norm[512];
		memset(ln, 0, sizeof *ln);
		ln->row = row->row;
		ln->name = dup(arena, row->name);
		ln->number = dup(arena, row->number);
		struct cand *k = cands_match(&c, row, norm, sizeof norm, &ln->by_name);
		if (!k) {
			ln->result = LIST_UNMATCHED;
			ln->message =
				batch_id > 0
					? "本批次中没有该企业的申报（按信用代码、企业名称匹配）"
					: "本范围台账中没有该企业（按信用代码、企业名称匹配）";
		} else {
			memcpy(ln->uscc, k->uscc, sizeof ln->uscc);
			ln->matched = k->name;
			rc = batch_id > 0 ? outcome_row(l, k, row, arena, ln, e)
					  : tsme_row(l, year, k, row, arena, ln, e);
		}
		r->rows++;
		r->changed += ln->result == LIST_CHANGED;
		r->unchanged += ln->result == LIST_UNCHANGED;
		r->unmatched += ln->result == LIST_UNMATCHED;
		r->refused += ln->result == LIST_REFUSED;
	}
	if (rc || dry_run) {
		struct err ignored;
		ledger_rollback(l, &ignored);
		return rc;
	}
	rc = ledger_commit(l, e);
	r->committed = rc == 0;
	return rc;
}

int outcome_apply(struct ledger *l, int64_t batch_id, const struct list_row *rows, size_t n,
		  int dry_run, struct arena *arena, struct list_report *r, struct err *e)
{
	struct batch b;
	memset(r, 0, sizeof *r);
	r->dry_run = dry_run;
	int rc = perm_check(&l->scope, CAP_BATCHES_MANAGE, "无权导入认定结果", e);
	if (!rc)
		rc = batch_get(l, batch_id, arena, &b, e);
	if (!rc)
		rc = run(l, batch_id, b.year, rows, n, dry_run, arena, r, e);
	return rc;
}

int outcome_tsme_apply(struct ledger *l, int64_t year, const struct list_row *rows, size_t n,
		       int dry_run, struct arena *arena, struct list_report *r, struct err *e)
{
	memset(r, 0, sizeof *r);
	r->dry_run = dry_run;
	int rc = perm_check(&l->scope, CAP_BATCHES_MANAGE, "无权导入入库名单", e);
	if (!rc && (year < 2000 || year > 2100))
		rc = err_set(e, ERR_INVALID, "year", "入库年度无效（2000–2100）");
	if (!rc)
		rc = run(l, 0, year, rows, n, dry_run, arena, r, e);
	return rc;
}
