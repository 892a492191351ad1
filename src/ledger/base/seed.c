/*
 * seed — one audited load of many rows (see seed.h): the scope check, the
 * transaction, the counts and the load record. The rows themselves are
 * written by their tables' owners (enterprise.c, indicator.c, ip.c,
 * qualitative.c) through ledger_seed_ready and ledger_seed_done.
 */
#include "ledger/base/seed.h"
#include "ledger/internal.h"
#include "ledger/base/seedrow.h"

#include <stdlib.h>
#include <string.h>

#include "ledger/base/audit.h"
#include "ledger/base/json.h"

/* The load record's names of the tables, in enum ledger_seed_table order. */
static const char *const table_names[LEDGER_SEED_TABLE_COUNT] = {
	"enterprises", "tier_history", "indicators",
	"ip_items",    "qualitative",  "expert_assignments",
};

int ledger_seed_begin(struct ledger *l, const char *name, uint64_t expected, struct ledger_seed *s,
		      struct err *e)
{
	assert(l && name && s);
	memset(s, 0, sizeof *s);
	s->l = l;
	s->name = name;
	s->last_id = -1;
	/* rows without validation or audit images: the system's and admins' only */
	if (l->scope.role != ROLE_ADMIN)
		return err_set(e, ERR_FORBIDDEN, NULL, "只有系统管理员可以批量写入数据");
	int rc = ledger_begin(l, e);
	if (rc)
		return rc;
	rc = ledger_bulk_begin(l, expected, e);
	if (rc) {
		ledger_rollback(l, NULL);
		return rc;
	}
	ledger_now(s->now);
	ledger_assess_mark_all(l); /* a load writes assessments' inputs: all are refreshed */
	s->open = 1;
	return 0;
}

void ledger_seed_note(struct ledger_seed *s, const char *key, int64_t n)
{
	assert(s->n_notes < LEDGER_SEED_NOTES);
	if (s->n_notes >= LEDGER_SEED_NOTES)
		return;
	s->notes[s->n_notes].key = key;
	s->notes[s->n_notes].n = n;
	s->n_notes++;
}

int ledger_seed_ready(struct ledger_seed *s, struct err *e)
{
	assert(s && s->l);
	if (!s->open)
		return err_set(e, ERR_INTERNAL, NULL, "内部错误：批量写入未开始或已撤销");
	return 0;
}

int ledger_seed_done(struct ledger_seed *s, enum ledger_seed_table table, int rc, struct err *e)
{
	(void)e; /* the row's error stays as its owner set it */
	assert((unsigned)table < LEDGER_SEED_TABLE_COUNT && s->open);
	if (rc == 0) {
		s->rows[table]++;
		return 0;
	}
	ledger_seed_abort(s);
	return rc;
}

int ledger_seed_end(struct ledger_seed *s, struct err *e)
{
	struct ledger_jobj o;
	char *after = NULL;
	int rc = ledger_seed_ready(s, e);
	if (rc)
		return rc;
	ledger_jobj_init(&o);
	for (int t = 0; t < LEDGER_SEED_TABLE_COUNT; t++)
		ledger_jobj_int(&o, table_names[t], s->rows[t]);
	for (size_t i = 0; i < s->n_notes; i++)
		ledger_jobj_int(&o, s->notes[i].key, s->notes[i].n);
	after = ledger_jobj_take(&o);
	rc = audit_record(s->l, s->name, "enterprises", "*", NULL, after, e);
	if (rc)
		goto out;
	rc = ledger_commit(s->l, e); /* rolls back itself on failure */
	s->open = 0;
out:
	free(after);
	ledger_seed_abort(s);
	return rc;
}

void ledger_seed_abort(struct ledger_seed *s)
{
	if (!s || !s->open)
		return;
	s->open = 0;
	ledger_rollback(s->l, NULL);
}
