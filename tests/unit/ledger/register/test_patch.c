/*
 * Tests of enterprise_patch (ledger/register/enterprise): a change names its
 * members and touches nothing else, also under concurrent writers on other
 * connections, and the column table's limits are the ones enforced.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "support/ledger_fixture.h"

/* The member NAME of USCC as stored, via enterprise_get. */
static const char *stored(struct fixture *f, const char *uscc, const char *name, char *out,
			  size_t n)
{
	struct arena *a = arena_new();
	struct enterprise en;
	struct err e;
	err_clear(&e);
	if (enterprise_get(&f->sys, uscc, a, &en, &e))
		fail_msg("enterprise_get: %s", e.msg);
	const char *v = !strcmp(name, "contact_phone") ? en.contact_phone
			: !strcmp(name, "name")	       ? en.name
						       : en.industry;
	snprintf(out, n, "%s", v ? v : "(null)");
	arena_free(a);
	return out;
}

/* A patch naming one member leaves the others as stored, returns the row, audits once. */
static void test_patch_names_only(void **state)
{
	struct fixture *f = *state;
	struct err e;
	struct enterprise_patch p;
	struct enterprise out;
	struct arena *a = arena_new();
	char buf[256];
	int changed = -1;
	err_clear(&e);
	/* someone else sets the phone after our client read the row */
	enterprise_patch_init(&p);
	p.v.contact_phone = "0874-3123456";
	assert_int_equal(enterprise_patch_name(&p, "contact_phone", &e), 0);
	assert_int_equal(enterprise_patch(&f->sys, f->a, &p, a, &out, NULL, &e), 0);
	/* our client renames the firm, naming nothing else */
	enterprise_patch_init(&p);
	p.v.name = "曲靖甲科技股份有限公司";
	assert_int_equal(enterprise_patch_name(&p, "name", &e), 0);
	struct ledger county = fixture_as(f, f->u_county1);
	assert_int_equal(enterprise_patch(&county, f->a, &p, a, &out, &changed, &e), 0);
	assert_int_equal(changed, 1);
	assert_string_equal(out.name, "曲靖甲科技股份有限公司");
	assert_string_equal(out.contact_phone, "0874-3123456");
	assert_string_equal(out.field, "101");
	assert_string_equal(stored(f, f->a, "contact_phone", buf, sizeof buf), "0874-3123456");
	/* the same patch again changes nothing and writes no audit row */
	int64_t audits = fixture_count(f, "SELECT count(*) FROM audit_log WHERE action = 'update'");
	assert_int_equal(enterprise_patch(&county, f->a, &p, a, &out, &changed, &e), 0);
	assert_int_equal(changed, 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_log WHERE action = 'update'"),
			 audits);
	arena_free(a);
}

/* Names a patch refuses, and the stored key and tier repeated with other values. */
static void test_patch_refusals(void **state)
{
	struct fixture *f = *state;
	struct err e;
	struct enterprise_patch p;
	err_clear(&e);
	enterprise_patch_init(&p);
	assert_int_equal(enterprise_patch_name(&p, "id", &e), ERR_INVALID);
	assert_int_equal(enterprise_patch_name(&p, "created_at", &e), ERR_INVALID);
	assert_int_equal(enterprise_patch_name(&p, "no_such_member", &e), ERR_INVALID);
	assert_string_equal(e.field, "no_such_member");

	enterprise_patch_init(&p);
	p.v.tier = TIER_KEY;
	assert_int_equal(enterprise_patch_name(&p, "tier", &e), 0);
	assert_int_equal(enterprise_patch(&f->sys, f->a, &p, NULL, NULL, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "tier");
	p.v.tier = TIER_PROSPECT; /* the stored tier may be repeated */
	assert_int_equal(enterprise_patch(&f->sys, f->a, &p, NULL, NULL, NULL, &e), 0);

	enterprise_patch_init(&p);
	memcpy(p.v.uscc, f->b, sizeof p.v.uscc);
	assert_int_equal(enterprise_patch_name(&p, "uscc", &e), 0);
	assert_int_equal(enterprise_patch(&f->sys, f->a, &p, NULL, NULL, NULL, &e), ERR_INVALID);
	assert_string_equal(e.msg, "统一社会信用代码不能修改");

	/* a viewer in the area may not write; a county of another area does not see it */
	enterprise_patch_init(&p);
	p.v.industry = "制造业";
	assert_int_equal(enterprise_patch_name(&p, "industry", &e), 0);
	struct ledger viewer = fixture_as(f, f->u_viewer);
	assert_int_equal(enterprise_patch(&viewer, f->a, &p, NULL, NULL, NULL, &e), ERR_FORBIDDEN);
	struct ledger county2 = fixture_as(f, f->u_county2);
	assert_int_equal(enterprise_patch(&county2, f->a, &p, NULL, NULL, NULL, &e), ERR_NOT_FOUND);
}

/* The limits of the column table: 200 bytes of industry pass, 201 do not (one message). */
static void test_limits_from_table(void **state)
{
	struct fixture *f = *state;
	struct err e;
	struct enterprise_patch p;
	char text[202], buf[256];
	err_clear(&e);
	memset(text, 'x', 200);
	text[200] = '\0';
	enterprise_patch_init(&p);
	p.v.industry = text;
	assert_int_equal(enterprise_patch_name(&p, "industry", &e), 0);
	assert_int_equal(enterprise_patch(&f->sys, f->a, &p, NULL, NULL, NULL, &e), 0);
	assert_int_equal(strlen(stored(f, f->a, "industry", buf, sizeof buf)), 200);
	text[200] = 'x';
	text[201] = '\0';
	assert_int_equal(enterprise_patch(&f->sys, f->a, &p, NULL, NULL, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "industry");
	assert_string_equal(e.msg, "所属行业过长（最多200字节）");
	const struct ledger_column *c =
		ledger_column_find(enterprise_columns, ENTERPRISE_NCOLUMNS, "main_products");
	assert_non_null(c);
	assert_int_equal(c->max, 2000);
}

/* ---- two writers on two connections ------------------------------------------------ */

#define ROUNDS 150

struct writer {
	const char *path;
	const char *uscc;
	const char *member; /* "name" or "contact_phone" */
	int failures;
	char last[64];
};

static void *write_loop(void *arg)
{
	struct writer *w = arg;
	struct store *db = NULL;
	struct err e;
	struct scope sys = ledger_system_scope();
	struct ledger l;
	err_clear(&e);
	if (store_open(w->path, 0, &db, &e)) {
		w->failures = ROUNDS;
		return NULL;
	}
	ledger_init(&l, db, &sys, "test");
	for (int i = 0; i < ROUNDS; i++) {
		struct enterprise_patch p;
		enterprise_patch_init(&p);
		if (!strcmp(w->member, "name")) {
			snprintf(w->last, sizeof w->last, "并发企业%03d有限公司", i);
			p.v.name = w->last;
		} else {
			snprintf(w->last, sizeof w->last, "0874-%07d", i);
			p.v.contact_phone = w->last;
		}
		if (enterprise_patch_name(&p, w->member, &e) ||
		    enterprise_patch(&l, w->uscc, &p, NULL, NULL, NULL, &e))
			w->failures++;
	}
	store_close(db);
	return NULL;
}

/*
 * Two clients on two connections patch different members of the same firm,
 * ROUNDS times each, at the same time: both last values are stored (a write
 * that merged its member into a row read before the other's commit would
 * have reverted the other's change).
 */
static void test_concurrent_patches(void **state)
{
	(void)state;
	char path[] = "/tmp/gaoqi-patch-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	struct store *db = NULL;
	struct err e;
	struct scope sys = ledger_system_scope();
	struct ledger l;
	char uscc[19];
	err_clear(&e);
	assert_int_equal(store_open(path, 0, &db, &e), 0);
	assert_int_equal(store_migrate(db, NULL, &e), 0);
	ledger_init(&l, db, &sys, "test");
	assert_int_equal(area_seed_default(&l, NULL, &e), 0);
	struct enterprise en;
	enterprise_init(&en);
	fixture_uscc("530302", 77, uscc);
	memcpy(en.uscc, uscc, sizeof uscc);
	en.name = "并发企业有限公司";
	en.area = "530302";
	assert_int_equal(enterprise_create(&l, &en, NULL, &e), 0);

	struct writer a = {path, uscc, "name", 0, ""}, b = {path, uscc, "contact_phone", 0, ""};
	pthread_t ta, tb;
	assert_int_equal(pthread_create(&ta, NULL, write_loop, &a), 0);
	assert_int_equal(pthread_create(&tb, NULL, write_loop, &b), 0);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	assert_int_equal(a.failures, 0);
	assert_int_equal(b.failures, 0);

	struct arena *ar = arena_new();
	assert_int_equal(enterprise_get(&l, uscc, ar, &en, &e), 0);
	assert_string_equal(en.name, "并发企业149有限公司");
	assert_string_equal(en.contact_phone, "0874-0000149");
	/*
	 * The audit rows form one unbroken chain: each write's before image is
	 * the previous write's after image, and changes one member. A write that
	 * merged its member into a row read before the other writer's commit
	 * would break the chain (and, last of all, revert the other's value).
	 */
	struct store_stmt *st = NULL;
	assert_int_equal(store_prepare(db,
				       "SELECT before_json, after_json FROM audit_log "
				       "WHERE action = 'update' AND row_key = $1 ORDER BY id",
				       &st, &e),
			 0);
	store_bind_text(st, 1, uscc, STORE_NTS);
	int rows = 0;
	json_t *prev = NULL;
	while (store_step(st, &e) == STORE_ROW) {
		json_t *before = json_loads(store_column_text(st, 0, NULL), 0, NULL);
		json_t *after = json_loads(store_column_text(st, 1, NULL), 0, NULL);
		assert_non_null(before);
		assert_non_null(after);
		if (prev)
			assert_true(json_equal(prev, before));
		int differ = 0;
		const char *key;
		json_t *v;
		json_object_foreach(after, key, v)
		{
			differ += !json_equal(v, json_object_get(before, key));
		}
		assert_int_equal(differ, 1);
		json_decref(before);
		json_decref(prev);
		prev = after;
		rows++;
	}
	json_decref(prev);
	store_finish(st);
	assert_int_equal(rows, 2 * ROUNDS);
	arena_free(ar);
	store_close(db);
	unlink(path);
	char side[64];
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_patch_names_only),
		T(test_patch_refusals),
		T(test_limits_from_table),
		cmocka_unit_test(test_concurrent_patches),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
