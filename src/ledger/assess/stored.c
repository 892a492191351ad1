/*
 * stored — the stored assessments (see stored.h): refreshed at commit for
 * the enterprises a transaction marked, for every enterprise by the daily
 * run, read by the verdict filter, the dashboard and the reminders.
 */
#include "ledger/assess/stored.h"
#include "ledger/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "ledger/assess/screening.h"
#include "ledger/base/audit.h"
#include "ledger/base/json.h"
#include "rules/assess.h"

/* Marks beyond this many: one streaming run over every enterprise beats chunks of ids. */
#define FLUSH_ALL_ABOVE 4096

#define UPSERT_SQL                                                                                 \
	"INSERT INTO assessments (enterprise_id, apply_on, rules, verdict, score_min, "            \
	"score_max, conditions, tsme_verdict, earliest_year, risk, computed_at, tier, area) "      \
	"SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, t.tier, t.area FROM enterprises t "  \
	"WHERE t.id = $1 ON CONFLICT (enterprise_id) DO UPDATE SET tier = excluded.tier, "         \
	"area = excluded.area, apply_on = excluded.apply_on, rules = excluded.rules, verdict = "   \
	"excluded.verdict, score_min = excluded.score_min, score_max = excluded.score_max, "       \
	"conditions = excluded.conditions, tsme_verdict = excluded.tsme_verdict, earliest_year = " \
	"excluded.earliest_year, risk = excluded.risk, computed_at = excluded.computed_at"

struct writer {
	struct store *db;
	const struct fields_table *fields;
	struct assess_result *result;
	char day[11]; /* the application date as text */
	char now[21];
	size_t n;
};

const char *stored_condition_name(char c)
{
	return c == 'p' ? "pass" : c == 'f' ? "fail" : "unknown";
}

static int drop_row(struct store *db, int64_t id, struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = store_prepare(db, "DELETE FROM assessments WHERE enterprise_id = $1", &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, id);
	rc = store_run(st, e);
	store_finish(st);
	return rc;
}

/* screening_fn: assess P and write its row (a profile the engine refuses has none). */
static int write_one(void *ctx, int64_t id, const char *area, const struct profile *p,
		     struct err *e)
{
	(void)area;
	struct writer *w = ctx;
	struct assess_result *r = w->result;
	struct store_stmt *st = NULL;
	char cond[HNTE_NCOND + 1];
	if (assess_run(NULL, w->fields, p, r, NULL))
		return drop_row(w->db, id, e); /* no rule set for the year: no verdict */
	for (int c = 0; c < HNTE_NCOND; c++)
		cond[c] = r->hnte.c[c].status == HNTE_PASS   ? 'p'
			  : r->hnte.c[c].status == HNTE_FAIL ? 'f'
							     : 'u';
	cond[HNTE_NCOND] = '\0';
	int recognised =
		r->cert.status == ASSESS_CERT_VALID || r->cert.status == ASSESS_CERT_EXPIRING;
	int rc = store_prepare(w->db, UPSERT_SQL, &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, id);
	store_bind_text(st, 2, w->day, STORE_NTS);
	store_bind_text(st, 3, r->rules->name, STORE_NTS);
	store_bind_text(st, 4, hnte_verdict_name(r->hnte.verdict), STORE_NTS);
	store_bind_int(st, 5, r->hnte.score.min);
	store_bind_int(st, 6, r->hnte.score.max);
	store_bind_text(st, 7, cond, STORE_NTS);
	store_bind_text(st, 8, tsme_verdict_name(r->tsme.verdict), STORE_NTS);
	store_bind_int_or_null(st, 9, r->gaps.earliest_year, 0);
	store_bind_int(st, 10, recognised && r->hnte.verdict == HNTE_VERDICT_FAIL);
	store_bind_text(st, 11, w->now, STORE_NTS);
	rc = store_run(st, e);
	store_finish(st);
	if (!rc)
		w->n++;
	return rc;
}

static int writer_init(struct writer *w, struct store *db, int32_t today, struct err *e)
{
	memset(w, 0, sizeof *w);
	w->db = db;
	w->fields = ledger_fields();
	if (!w->fields)
		return err_set(e, ERR_INTERNAL, NULL, "内部错误：技术领域表无法载入");
	w->result = xmalloc(sizeof *w->result);
	date_format(today, w->day);
	ledger_now(w->now);
	return 0;
}

int stored_flush(struct ledger *l, struct err *e)
{
	struct writer w;
	struct ledger sys;
	struct scope all = ledger_system_scope();
	int rc;
	if (!l->assess_all && !l->n_assess)
		return 0;
	int32_t today = date_today();
	rc = writer_init(&w, l->db, today, e);
	if (rc)
		goto out;
	/* the writer's scope let it write these firms; the refresh reads them whole */
	ledger_init(&sys, l->db, &all, l->source);
	if (l->assess_all || l->n_assess > FLUSH_ALL_ABOVE) {
		struct screening_opts o = {.apply_on = today};
		rc = screening_run(&sys, &o, write_one, &w, NULL, e);
	} else {
		rc = screening_ids(&sys, today, l->assess_ids, l->n_assess, write_one, &w, NULL, e);
	}
out:
	free(w.result);
	ledger_assess_clear(l);
	return rc;
}

/* ---- reads --------------------------------------------------------------------------- */

#define ROW_COLS                                                                                   \
	"a.enterprise_id, a.apply_on, a.rules, a.verdict, a.score_min, a.score_max, "              \
	"a.conditions, a.tsme_verdict, a.earliest_year, a.risk, a.computed_at"

static int verdict_code(const char *s)
{
	for (int v = 0; v < 4; v++)
		if (s && !strcmp(s, hnte_verdict_name((enum hnte_verdict)v)))
			return v;
	return HNTE_VERDICT_INCOMPLETE;
}

static void read_row(struct store_stmt *st, struct stored_assessment *o)
{
	memset(o, 0, sizeof *o);
	o->enterprise_id = store_column_int(st, 0);
	o->apply_on = ledger_column_date(st, 1);
	ledger_column_copy(st, 2, o->rules, sizeof o->rules);
	o->verdict = verdict_code(store_column_text(st, 3, NULL));
	o->score_min = (int)store_column_int(st, 4);
	o->score_max = (int)store_column_int(st, 5);
	ledger_column_copy(st, 6, o->conditions, sizeof o->conditions);
	const char *tv = store_column_text(st, 7, NULL);
	o->tsme_verdict = TSME_VERDICT_INCOMPLETE;
	for (int v = 0; v < 3; v++)
		if (tv && !strcmp(tv, tsme_verdict_name((enum tsme_verdict)v)))
			o->tsme_verdict = v;
	o->earliest_year = (int)store_column_int_or(st, 8, 0);
	o->risk = store_column_int(st, 9) != 0;
	ledger_column_copy(st, 10, o->computed_at, sizeof o->computed_at);
}

int stored_get(struct ledger *l, int64_t enterprise_id, struct stored_assessment *out,
	       struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	strbuf_init(&sql, 4096);
	strbuf_adds(&sql, "SELECT " ROW_COLS " FROM assessments a JOIN enterprises t ON t.id = "
			  "a.enterprise_id WHERE a.enterprise_id = $1 AND ");
	ledger_scope_sql(&l->scope, &sql, "t", 9);
	int rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, enterprise_id);
	store_bind_int(st, 9, ledger_scope_param(&l->scope));
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		read_row(st, out);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = err_set(e, ERR_NOT_FOUND, NULL, "尚无评测结果");
	}
out:
	store_finish(st);
	strbuf_cleanup(&sql);
	return rc;
}

int stored_get_many(struct ledger *l, const int64_t *ids, size_t n, struct stored_assessment *out,
		    unsigned char *found, struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	int rc = 0;
	memset(found, 0, n);
	memset(out, 0, n * sizeof *out);
	if (!n)
		return 0;
	/* One text for every chunk: unused placeholders stay NULL and match nothing. */
	strbuf_init(&sql, 4096);
	/* The city or a set of areas reads the rows alone (each keeps its firm's area). */
	int alone = ledger_scope_all(&l->scope) || ledger_scope_by_area(&l->scope);
	strbuf_adds(&sql,
		    alone ? "SELECT " ROW_COLS " FROM assessments a WHERE a.enterprise_id IN ("
			  : "SELECT " ROW_COLS " FROM assessments a JOIN enterprises t ON t.id = "
			    "a.enterprise_id WHERE a.enterprise_id IN (");
	for (int i = 1; i <= STORED_MANY_CHUNK; i++) {
		char p[8];
		snprintf(p, sizeof p, i > 1 ? ", $%d" : "$%d", i);
		strbuf_adds(&sql, p);
	}
	strbuf_adds(&sql, ") AND ");
	ledger_scope_sql(&l->scope, &sql, alone ? "a" : "t", STORED_MANY_CHUNK + 1);
	for (size_t from = 0; from < n && !rc; from += STORED_MANY_CHUNK) {
		size_t k = n - from < STORED_MANY_CHUNK ? n - from : STORED_MANY_CHUNK;
		rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
		if (rc)
			break;
		for (size_t i = 0; i < k; i++)
			store_bind_int(st, (int)i + 1, ids[from + i]);
		store_bind_int(st, STORED_MANY_CHUNK + 1, ledger_scope_param(&l->scope));
		while ((rc = store_step(st, e)) == STORE_ROW) {
			struct stored_assessment row;
			read_row(st, &row);
			for (size_t i = from; i < from + k; i++)
				if (ids[i] == row.enterprise_id) {
					out[i] = row;
					found[i] = 1;
				}
		}
		store_finish(st);
		st = NULL;
	}
	strbuf_cleanup(&sql);
	return rc;
}

/* One count: SQL with $1 = TEXT and $2 = TEXT2 when given (unused ones are harmless). */
static int count_query(struct store *db, const char *sql, const char *text, const char *text2,
		       int64_t *out, struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = store_prepare(db, sql, &st, e);
	if (rc)
		return rc;
	if (text)
		store_bind_text(st, 1, text, STORE_NTS);
	if (text2)
		store_bind_text(st, 2, text2, STORE_NTS);
	rc = store_step(st, e);
	*out = rc == STORE_ROW ? store_column_int(st, 0) : 0;
	store_finish(st);
	return rc < 0 ? rc : 0;
}

int stored_stale(struct ledger *l, int32_t today, int64_t *stale, struct err *e)
{
	char day[11];
	int64_t firms = 0, fresh = 0;
	const struct ruleset *rs = ruleset_for_year(date_year(today));
	*stale = 0;
	date_format(today, day);
	int rc = count_query(l->db, "SELECT count(*) FROM enterprises", NULL, NULL, &firms, e);
	if (!rc)
		rc = count_query(l->db,
				 "SELECT count(*) FROM assessments WHERE apply_on = $1 AND "
				 "rules = $2",
				 day, rs ? rs->name : "", &fresh, e);
	if (!rc)
		*stale = firms > fresh ? firms - fresh : 0;
	return rc;
}

int stored_refresh(struct ledger *l, int32_t today, int force, size_t *count, struct err *e)
{
	struct writer w;
	int64_t stale = 0, max_id = 0;
	char *after = NULL;
	int rc;
	if (count)
		*count = 0;
	if (l->scope.role != ROLE_ADMIN)
		return err_set(e, ERR_FORBIDDEN, NULL, "只有系统管理员可以重新评测全部企业");
	if (!force) {
		rc = stored_stale(l, today, &stale, e);
		if (rc || !stale)
			return rc;
	}
	rc = writer_init(&w, l->db, today, e);
	if (!rc)
		rc = count_query(l->db, "SELECT coalesce(max(id), 0) FROM enterprises", NULL, NULL,
				 &max_id, e);
	for (int64_t lo = 1; !rc && lo <= max_id; lo += STORED_CHUNK) {
		struct screening_opts o = {
			.apply_on = today, .id_from = lo, .id_to = lo + STORED_CHUNK - 1};
		rc = ledger_begin(l, e);
		if (rc)
			break;
		rc = screening_run(l, &o, write_one, &w, NULL, e);
		if (rc) {
			struct err ignored;
			ledger_rollback(l, &ignored);
		} else {
			rc = ledger_commit(l, e);
		}
	}
	if (!rc && w.n) {
		struct ledger_jobj o;
		ledger_jobj_init(&o);
		ledger_jobj_str(&o, "apply_on", w.day);
		const struct ruleset *rs = ruleset_for_year(date_year(today));
		ledger_jobj_str(&o, "rules", rs ? rs->name : NULL);
		ledger_jobj_int(&o, "enterprises", (int64_t)w.n);
		after = ledger_jobj_take(&o);
		rc = ledger_write_begin(l, e);
		if (!rc)
			rc = ledger_write_end(
				l, audit_record(l, "reassess", "assessments", "*", NULL, after, e),
				e);
	}
	if (count)
		*count = w.n;
	free(after);
	free(w.result);
	return rc;
}

int stored_count(struct ledger *l, struct stored_counts *out, struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	int rc;
	memset(out, 0, sizeof *out);
	strbuf_init(&sql, 4096);
	/* by verdict and tier: the whole city in one index-only pass (assessments_verdict_tier,
	 * whose tier a trigger keeps equal to the enterprise's); a restricted scope joins its
	 * few firms */
	if (ledger_scope_all(&l->scope)) {
		strbuf_adds(&sql, "SELECT a.verdict, a.tier, count(*) FROM assessments a GROUP BY "
				  "a.verdict, a.tier");
	} else if (ledger_scope_by_area(&l->scope)) {
		strbuf_adds(&sql, "SELECT a.verdict, a.tier, count(*) FROM assessments a WHERE ");
		ledger_scope_sql(&l->scope, &sql, "a", 9);
		strbuf_adds(&sql, " GROUP BY a.verdict, a.tier");
	} else {
		strbuf_adds(&sql, "SELECT a.verdict, t.tier, count(*) FROM enterprises t JOIN "
				  "assessments a ON a.enterprise_id = t.id WHERE ");
		ledger_scope_sql(&l->scope, &sql, "t", 9);
		strbuf_adds(&sql, " GROUP BY a.verdict, t.tier");
	}
	rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 9, ledger_scope_param(&l->scope));
	while ((rc = store_step(st, e)) == STORE_ROW) {
		int v = verdict_code(store_column_text(st, 0, NULL));
		const char *tier = store_column_text(st, 1, NULL);
		int64_t n = store_column_int(st, 2);
		out->all[v] += n;
		out->enterprises += n;
		if (tier && !strcmp(tier, "key"))
			out->key[v] += n;
		else if (tier && !strcmp(tier, "reserve"))
			out->reserve[v] += n;
	}
	store_finish(st);
	st = NULL;
	if (rc < 0)
		goto out;
	strbuf_reset(&sql);
	strbuf_adds(&sql, "SELECT count(*), (SELECT max(apply_on) FROM assessments) FROM "
			  "assessments a JOIN enterprises t ON t.id = a.enterprise_id WHERE a.risk "
			  "= 1 AND ");
	ledger_scope_sql(&l->scope, &sql, "t", 9);
	rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 9, ledger_scope_param(&l->scope));
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		out->risk = store_column_int(st, 0);
		int32_t d = ledger_column_date(st, 1);
		out->apply_on = d == LEDGER_NO_DATE ? 0 : d;
	}
out:
	store_finish(st);
	strbuf_cleanup(&sql);
	return rc < 0 ? rc : 0;
}
