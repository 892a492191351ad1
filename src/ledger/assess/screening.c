/*
 * screening — stream enterprises' profiles out of the database: four queries
 * ordered by enterprise id, merged (one run over the scope or an area, or one
 * run per chunk of given ids).
 */
#include "ledger/assess/screening.h"
#include "ledger/assess/screening.h"
#include "ledger/internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#define ENT_SQL                                                                                    \
	"SELECT t.id, t.uscc, t.name, t.area, t.registered_on, t.field, t.hnte_cert_no, "          \
	"t.hnte_issued_on FROM enterprises t WHERE "
#define IND_SQL                                                                                    \
	"SELECT i.enterprise_id, i.year, i.staff, i.st_staff, i.sales_main, i.sales_other, "       \
	"i.gross_income, i.non_taxable_income, i.hitech_income, i.rd_personnel, i.rd_direct, "     \
	"i.rd_depreciation, i.rd_amortization, i.rd_design, i.rd_trials, i.rd_other, "             \
	"i.rd_entrusted_domestic, i.rd_entrusted_overseas, i.rd_total, i.rd_domestic, "            \
	"i.total_assets, i.total_liabilities, i.cost_expense_total, i.conversions, i.incident "    \
	"FROM enterprises t JOIN indicators i ON i.enterprise_id = t.id "                          \
	"WHERE i.year >= $2 AND i.year <= $3 AND "
#define IP_SQL                                                                                     \
	"SELECT p.enterprise_id, p.kind, p.number, p.granted_on, p.acquired, "                     \
	"p.used_in_recognition, p.valid FROM enterprises t JOIN ip_items p ON p.enterprise_id = "  \
	"t.id WHERE "
#define QUAL_SQL                                                                                   \
	"SELECT q.enterprise_id, q.advancement, q.core_support, q.rd_org_band, q.rd_org1, "        \
	"q.rd_org2, q.rd_org3, q.rd_org4, q.standards FROM enterprises t JOIN qualitative q ON "   \
	"q.enterprise_id = t.id WHERE q.year = (SELECT MAX(q2.year) FROM qualitative q2 WHERE "    \
	"q2.enterprise_id = t.id AND q2.year <= $4) AND "

/*
 * Placeholders: $1 the area, $2 … $3 the fiscal years, $4 the application
 * year (latest ratings), $5 … $6 the id range of a run, $9 the scope's
 * value, $10 … the ids of a chunk.
 */
#define ID_PARAM 10

enum { Q_ENT, Q_IND, Q_IP, Q_QUAL, Q_COUNT };

struct cursor {
	struct store_stmt *st;
	int has_row; /* a row is current */
};

/*
 * Prepare HEAD <scope> COND TAIL; COND selects the enterprises ("" = all of
 * the scope). With BY_ID the scope is wrapped in CASE so that no index can
 * serve it: the ids of COND drive the query through the primary key (else
 * SQLite, without statistics, walks a county's whole area index instead).
 */
static int prepare(struct ledger *l, const char *head, const char *cond, const char *tail,
		   int by_id, struct store_stmt **out, struct err *e)
{
	struct strbuf sql;
	strbuf_init(&sql, 8192);
	int rc = strbuf_adds(&sql, head);
	if (!rc && by_id)
		rc = strbuf_adds(&sql, "CASE WHEN ");
	if (!rc)
		rc = ledger_scope_sql(&l->scope, &sql, "t", 9);
	if (!rc && by_id)
		rc = strbuf_adds(&sql, " THEN 1 ELSE 0 END = 1");
	if (!rc)
		rc = strbuf_adds(&sql, cond);
	if (!rc)
		rc = strbuf_adds(&sql, tail);
	if (rc)
		rc = err_set(e, ERR_TOO_BIG, NULL, "查询条件过长");
	else
		rc = store_prepare(l->db, strbuf_cstr(&sql), out, e);
	strbuf_cleanup(&sql);
	return rc;
}

static int advance(struct cursor *c, struct err *e)
{
	int rc = store_step(c->st, e);
	if (rc < 0)
		return rc;
	c->has_row = rc == STORE_ROW;
	return 0;
}

/* A rating column: a letter A–E, or digit points 0–8; absent otherwise. */
static void rating(const char *s, struct profile_rating *out)
{
	out->kind = PROFILE_RATING_NONE;
	out->value = 0;
	if (!s || !s[0])
		return;
	if (s[0] >= 'A' && s[0] <= 'E' && !s[1]) {
		out->kind = PROFILE_RATING_LETTER;
		out->value = s[0];
	} else if (s[0] >= '0' && s[0] <= '8' && !s[1]) {
		out->kind = PROFILE_RATING_POINTS;
		out->value = s[0] - '0';
	}
}

static int read_year(struct store_stmt *st, struct profile *p, struct err *e)
{
	struct profile_year *y = NULL;
	int rc = profile_add_year(p, (int32_t)store_column_int(st, 1), &y, e);
	if (rc)
		return rc == ERR_CONFLICT ? 0 : rc;
	y->staff = store_column_int_or(st, 2, PROFILE_NONE);
	y->st_staff = store_column_int_or(st, 3, PROFILE_NONE);
	int64_t sm = store_column_int_or(st, 4, PROFILE_NONE);
	int64_t so = store_column_int_or(st, 5, PROFILE_NONE);
	y->sales = sm == PROFILE_NONE && so == PROFILE_NONE
			   ? PROFILE_NONE
			   : (sm == PROFILE_NONE ? 0 : sm) + (so == PROFILE_NONE ? 0 : so);
	y->gross_income = store_column_int_or(st, 6, PROFILE_NONE);
	y->non_taxable_income = store_column_int_or(st, 7, PROFILE_NONE);
	y->hitech_income = store_column_int_or(st, 8, PROFILE_NONE);
	y->rd_given = 0;
	for (int c = 0; c < PROFILE_RD_COUNT; c++) {
		y->rd[c] = store_column_int_or(st, 9 + c, PROFILE_NONE);
		if (y->rd[c] != PROFILE_NONE)
			y->rd_given = 1;
	}
	/* as assessment_profile: given categories count an absent one as 0 */
	for (int c = 0; c < PROFILE_RD_COUNT; c++)
		if (!y->rd_given)
			y->rd[c] = PROFILE_NONE;
		else if (y->rd[c] == PROFILE_NONE)
			y->rd[c] = 0;
	y->rd_total = store_column_int_or(st, 18, PROFILE_NONE);
	y->rd_domestic = store_column_int_or(st, 19, PROFILE_NONE);
	y->total_assets = store_column_int_or(st, 20, PROFILE_NONE);
	y->total_liabilities = store_column_int_or(st, 21, PROFILE_NONE);
	y->cost_expense_total = store_column_int_or(st, 22, PROFILE_NONE);
	y->conversions = store_column_int_or(st, 23, PROFILE_NONE);
	if (store_column_int(st, 24))
		return profile_add_incident(p, PROFILE_INC_MAJOR_SAFETY,
					    date_from_ymd((int)y->year, 12, 31), e);
	return 0;
}

static int read_ip(struct store_stmt *st, struct profile *p, struct err *e)
{
	int kind = profile_ip_kind_parse(store_column_text(st, 1, NULL));
	if (kind < 0)
		return 0; /* not an IP kind the rules count (e.g. a trademark) */
	struct profile_ip *ip = NULL;
	int rc = profile_add_ip(p, &ip, e);
	if (rc)
		return rc;
	ip->kind = (enum profile_ip_kind)kind;
	ledger_copy_bytes(ip->number, sizeof ip->number, store_column_text(st, 2, NULL));
	ip->granted_on = ledger_column_date(st, 3);
	const char *acq = store_column_text(st, 4, NULL);
	int a = profile_acquired_parse(acq ? acq : "self");
	ip->acquired = a < 0 ? PROFILE_ACQ_SELF : (enum profile_acquired)a;
	ip->used_in_recognition = (int32_t)store_column_int(st, 5);
	ip->valid = store_column_int_or(st, 6, 1) != 0;
	return 0;
}

static void read_qual(struct store_stmt *st, struct profile *p)
{
	struct profile_qualitative *q = &p->qualitative;
	rating(store_column_text(st, 1, NULL), &q->advancement);
	rating(store_column_text(st, 2, NULL), &q->core_support);
	const char *band = store_column_text(st, 3, NULL);
	int any = 0;
	for (int i = 0; i < 4; i++) {
		int64_t v = store_column_int_or(st, 4 + i, -1);
		q->rd_org_points[i] = v < 0 || v > 6 ? -1 : (int)v;
		any |= q->rd_org_points[i] >= 0;
	}
	if (band && band[0] >= 'A' && band[0] <= 'E' && !band[1]) {
		q->rd_org_kind = PROFILE_RATING_LETTER;
		q->rd_org_letter = band[0];
	} else {
		q->rd_org_kind = any ? PROFILE_RATING_POINTS : PROFILE_RATING_NONE;
	}
	int64_t s = store_column_int_or(st, 8, -1);
	q->standards = s < 0 ? PROFILE_FLAG_NONE : s != 0;
}

/* Close the cursors of a run. */
static void close_all(struct cursor c[Q_COUNT])
{
	for (int i = 0; i < Q_COUNT; i++) {
		store_finish(c[i].st);
		c[i].st = NULL;
		c[i].has_row = 0;
	}
}

/*
 * Prepare the four queries selecting COND, bind what every shape takes
 * (fiscal years, application year, scope) and step each to its first row.
 * The caller binds its own placeholders through BIND before the first step.
 */
static int open_all(struct ledger *l, const char *cond, int by_id, int ay,
		    void (*bind)(struct store_stmt *, const void *), const void *arg,
		    struct cursor c[Q_COUNT], struct err *e)
{
	int rc;
	if ((rc = prepare(l, ENT_SQL, cond, " ORDER BY t.id", by_id, &c[Q_ENT].st, e)) ||
	    (rc = prepare(l, IND_SQL, cond, " ORDER BY t.id, i.year", by_id, &c[Q_IND].st, e)) ||
	    (rc = prepare(l, IP_SQL, cond, " ORDER BY t.id, p.id", by_id, &c[Q_IP].st, e)) ||
	    (rc = prepare(l, QUAL_SQL, cond, " ORDER BY t.id", by_id, &c[Q_QUAL].st, e)))
		return rc;
	for (int i = 0; i < Q_COUNT; i++) {
		bind(c[i].st, arg);
		store_bind_int(c[i].st, 2, ay - 3);
		store_bind_int(c[i].st, 3, ay - 1);
		store_bind_int(c[i].st, 4, ay);
		store_bind_int(c[i].st, 9, ledger_scope_param(&l->scope));
		if ((rc = advance(&c[i], e)))
			return rc;
	}
	return 0;
}

/* Merge the open cursors C into one profile per enterprise row, calling FN. */
static int merge(struct cursor c[Q_COUNT], int32_t apply_on, struct profile *p, screening_fn fn,
		 void *ctx, size_t *n, struct err *e)
{
	char area_buf[32];
	int rc = 0;
	while (c[Q_ENT].has_row) {
		struct store_stmt *st = c[Q_ENT].st;
		int64_t id = store_column_int(st, 0);
		profile_reset(p);
		ledger_copy_bytes(p->uscc, sizeof p->uscc, store_column_text(st, 1, NULL));
		ledger_copy_bytes(p->name, sizeof p->name, store_column_text(st, 2, NULL));
		ledger_copy_bytes(area_buf, sizeof area_buf, store_column_text(st, 3, NULL));
		p->registered_on = ledger_column_date(st, 4);
		ledger_copy_bytes(p->field, sizeof p->field, store_column_text(st, 5, NULL));
		p->apply_on = apply_on;
		const char *cert = store_column_text(st, 6, NULL);
		int32_t issued = ledger_column_date(st, 7);
		if (cert && issued != PROFILE_NO_DATE) {
			ledger_copy_bytes(p->hnte_certificate, sizeof p->hnte_certificate, cert);
			p->hnte_issued_on = issued;
		}
		p->ip_given = 1;
		/* the other cursors are ordered by the same id: take their rows for this one */
		while (c[Q_IND].has_row && store_column_int(c[Q_IND].st, 0) <= id) {
			if (store_column_int(c[Q_IND].st, 0) == id &&
			    (rc = read_year(c[Q_IND].st, p, e)))
				return rc;
			if ((rc = advance(&c[Q_IND], e)))
				return rc;
		}
		while (c[Q_IP].has_row && store_column_int(c[Q_IP].st, 0) <= id) {
			if (store_column_int(c[Q_IP].st, 0) == id &&
			    (rc = read_ip(c[Q_IP].st, p, e)))
				return rc;
			if ((rc = advance(&c[Q_IP], e)))
				return rc;
		}
		while (c[Q_QUAL].has_row && store_column_int(c[Q_QUAL].st, 0) <= id) {
			if (store_column_int(c[Q_QUAL].st, 0) == id)
				read_qual(c[Q_QUAL].st, p);
			if ((rc = advance(&c[Q_QUAL], e)))
				return rc;
		}
		(*n)++;
		if ((rc = fn(ctx, id, area_buf, p, e)))
			return rc;
		if ((rc = advance(&c[Q_ENT], e)))
			return rc;
	}
	return 0;
}

/* Open a read transaction unless one is open; *OWN tells whether it is ours. */
static int snapshot_begin(struct ledger *l, int *own, struct err *e)
{
	*own = 0;
	if (store_in_transaction(l->db))
		return 0;
	int rc = store_exec(l->db, "BEGIN", e);
	*own = rc == 0;
	return rc;
}

static void snapshot_end(struct ledger *l, int own, int rc)
{
	if (own) {
		struct err e2;
		store_exec(l->db, rc ? "ROLLBACK" : "COMMIT", &e2);
	}
}

/* Binds $1 the area, $5 … $6 the id range of a run (see the placeholders above). */
static void bind_opts(struct store_stmt *st, const void *arg)
{
	const struct screening_opts *o = arg;
	if (o->area && o->area[0])
		store_bind_text(st, 1, o->area, STORE_NTS);
	store_bind_int(st, 5, o->id_from);
	store_bind_int(st, 6, o->id_to ? o->id_to : INT64_MAX);
}

int screening_run(struct ledger *l, const struct screening_opts *o, screening_fn fn, void *ctx,
		  size_t *count, struct err *e)
{
	struct cursor c[Q_COUNT];
	struct profile p;
	int own_tx = 0;
	size_t n = 0;
	const char *area = o->area && o->area[0] ? o->area : NULL;
	int ranged = o->id_from || o->id_to;
	const char *cond =
		area ? (ranged ? " AND t.area = $1 AND t.id BETWEEN $5 AND $6" : " AND t.area = $1")
		     : (ranged ? " AND t.id BETWEEN $5 AND $6" : "");

	memset(c, 0, sizeof c);
	profile_init(&p);
	int rc = snapshot_begin(l, &own_tx, e);
	if (!rc)
		rc = open_all(l, cond, 0, date_year(o->apply_on), bind_opts, o, c, e);
	if (!rc)
		rc = merge(c, o->apply_on, &p, fn, ctx, &n, e);
	close_all(c);
	snapshot_end(l, own_tx, rc);
	profile_cleanup(&p);
	if (count)
		*count = n;
	return rc;
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* The ids of one chunk: bound to $10 … in order, the rest of the slots left NULL. */
struct chunk {
	const int64_t *ids;
	size_t n;
};

static void bind_chunk(struct store_stmt *st, const void *arg)
{
	const struct chunk *k = arg;
	for (size_t i = 0; i < k->n; i++)
		store_bind_int(st, ID_PARAM + (int)i, k->ids[i]);
}

int screening_ids(struct ledger *l, int32_t apply_on, const int64_t *ids, size_t n, screening_fn fn,
		  void *ctx, size_t *count, struct err *e)
{
	struct cursor c[Q_COUNT];
	struct profile p;
	struct strbuf cond;
	int64_t *sorted = NULL;
	size_t done = 0, distinct = 0;
	int own_tx = 0, rc = 0;

	memset(c, 0, sizeof c);
	profile_init(&p);
	strbuf_init(&cond, 1024);
	if (!n)
		goto out;
	/* One fixed shape "t.id IN ($10, …)" for every chunk: one cached statement each. */
	strbuf_adds(&cond, " AND t.id IN (");
	for (int i = 0; i < SCREENING_CHUNK; i++)
		strbuf_addf(&cond, "%s$%d", i ? ", " : "", ID_PARAM + i);
	strbuf_adds(&cond, ")");
	sorted = xmalloc(n * sizeof *sorted);
	memcpy(sorted, ids, n * sizeof *sorted);
	qsort(sorted, n, sizeof *sorted, cmp_id);
	for (size_t i = 0; i < n; i++)
		if (!distinct || sorted[i] != sorted[distinct - 1])
			sorted[distinct++] = sorted[i];
	rc = snapshot_begin(l, &own_tx, e);
	for (size_t at = 0; !rc && at < distinct; at += SCREENING_CHUNK) {
		struct chunk k = {sorted + at, distinct - at < SCREENING_CHUNK ? distinct - at
									       : SCREENING_CHUNK};
		rc = open_all(l, strbuf_cstr(&cond), 1, date_year(apply_on), bind_chunk, &k, c, e);
		if (!rc)
			rc = merge(c, apply_on, &p, fn, ctx, &done, e);
		close_all(c);
	}
	snapshot_end(l, own_tx, rc);
out:
	free(sorted);
	strbuf_cleanup(&cond);
	profile_cleanup(&p);
	if (count)
		*count = done;
	return rc;
}
