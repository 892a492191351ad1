/* Tests of ledger/enterprise and ledger/ledger: scope on every read and
 * write, audit rows, tier history, list filters and paging, transactions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "ledger/base/audit.h"

#include "support/ledger_fixture.h"

/* ---- scope ------------------------------------------------------------------------ */

struct scope_case {
	const char *who;
	int which; /* user index below */
	int sees_a, sees_b, sees_c;
	int64_t count; /* enterprises listed and counted */
};

enum { W_SYS, W_CITY, W_COUNTY1, W_COUNTY2, W_EXPERT, W_VIEWER, W_ENT };

static struct ledger as(struct fixture *f, int which)
{
	switch (which) {
	case W_CITY: return fixture_as(f, f->u_city);
	case W_COUNTY1: return fixture_as(f, f->u_county1);
	case W_COUNTY2: return fixture_as(f, f->u_county2);
	case W_EXPERT: return fixture_as(f, f->u_expert);
	case W_VIEWER: return fixture_as(f, f->u_viewer);
	case W_ENT: return fixture_as(f, f->u_ent);
	default: return f->sys;
	}
}

static const struct scope_case scope_cases[] = {
	{"system (command line) sees all three", W_SYS, 1, 1, 1, 3},
	{"city sees all three", W_CITY, 1, 1, 1, 3},
	{"county of 麒麟区 sees A and B, never C of 沾益区", W_COUNTY1, 1, 1, 0, 2},
	{"county of 沾益区 sees only C", W_COUNTY2, 0, 0, 1, 1},
	{"expert sees only the assigned A", W_EXPERT, 1, 0, 0, 1},
	{"viewer of 麒麟区 sees A and B", W_VIEWER, 1, 1, 0, 2},
	{"enterprise user sees only itself (A)", W_ENT, 1, 0, 0, 1},
};

static void test_scope_reads(void **state)
{
	struct fixture *f = *state;
	for (size_t i = 0; i < sizeof scope_cases / sizeof scope_cases[0]; i++) {
		const struct scope_case *c = &scope_cases[i];
		struct ledger l = as(f, c->which);
		struct arena *a = arena_new();
		struct enterprise ent;
		struct enterprise_filter flt;
		struct enterprise_page page;
		struct err e;
		int64_t n = -1;
		const char *codes[3] = {f->a, f->b, f->c};
		int sees[3] = {c->sees_a, c->sees_b, c->sees_c};
		for (int k = 0; k < 3; k++) {
			err_clear(&e);
			int rc = enterprise_get(&l, codes[k], a, &ent, &e);
			if (sees[k] ? rc != 0 : rc != ERR_NOT_FOUND)
				fail_msg("%s: get %c gave %d", c->who, 'A' + k, rc);
			/* Out of scope looks exactly like absent. */
			if (!sees[k] && strstr(e.msg, "不存在") == NULL)
				fail_msg("%s: message '%s'", c->who, e.msg);
		}
		enterprise_filter_init(&flt);
		if (enterprise_count(&l, &flt, &n, NULL) || n != c->count)
			fail_msg("%s: count %lld, expected %lld", c->who, (long long)n,
				 (long long)c->count);
		if (enterprise_list(&l, &flt, a, &page, NULL) || page.total != c->count ||
		    (int64_t)page.n != c->count)
			fail_msg("%s: list n %zu total %lld", c->who, page.n,
				 (long long)page.total);
		for (size_t k = 0; k < page.n; k++) {
			int idx = !strcmp(page.items[k].uscc, f->a)   ? 0
				  : !strcmp(page.items[k].uscc, f->b) ? 1
								      : 2;
			if (!sees[idx])
				fail_msg("%s: list shows %s", c->who, page.items[k].uscc);
		}
		/* Filtering by another area does not reveal anything either. */
		flt.area = "530303";
		if (enterprise_count(&l, &flt, &n, NULL) || n != c->sees_c)
			fail_msg("%s: count in 530303 %lld", c->who, (long long)n);
		arena_free(a);
	}
}

/* The scope's areas inline, looked up in SQL, or unsafe to inline: same answers. */
static void test_scope_area_forms(void **state)
{
	struct fixture *f = *state;
	struct enterprise_filter flt;
	struct ledger l = as(f, W_COUNTY1);
	int64_t n = -1;
	enterprise_filter_init(&flt);

	/* user_scope copied county1's one area */
	assert_int_equal(l.scope.n_areas, 1);
	assert_string_equal(l.scope.areas[0], "530302");
	assert_int_equal(enterprise_count(&l, &flt, &n, NULL), 0);
	assert_int_equal(n, 2);
	/* not copied: looked up in user_areas, same count */
	l.scope.n_areas = 0;
	assert_int_equal(enterprise_count(&l, &flt, &n, NULL), 0);
	assert_int_equal(n, 2);
	/* a code that is not plain (a quote) is never pasted into SQL */
	l.scope.n_areas = 1;
	memcpy(l.scope.areas[0], "5'OR'1", 7);
	assert_int_equal(enterprise_count(&l, &flt, &n, NULL), 0);
	assert_int_equal(n, 2);
	/* two areas inline: all three enterprises */
	l.scope.n_areas = 2;
	memcpy(l.scope.areas[0], "530302", 7);
	memcpy(l.scope.areas[1], "530303", 7);
	assert_int_equal(enterprise_count(&l, &flt, &n, NULL), 0);
	assert_int_equal(n, 3);
	/* a county scope with no areas at all sees nothing */
	struct scope none;
	memset(&none, 0, sizeof none);
	none.role = ROLE_COUNTY;
	none.user_id = 424242;
	struct ledger ln;
	ledger_init(&ln, f->db, &none, "test");
	assert_int_equal(enterprise_count(&ln, &flt, &n, NULL), 0);
	assert_int_equal(n, 0);
}

static void test_scope_writes(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	struct enterprise ent;
	struct err e;
	int changed = -1;

	/* county1 edits A of its own area */
	struct ledger c1 = as(f, W_COUNTY1);
	assert_int_equal(enterprise_get(&c1, f->a, a, &ent, NULL), 0);
	ent.address = "曲靖市麒麟区南宁西路1号";
	assert_int_equal(enterprise_update(&c1, f->a, &ent, &changed, NULL), 0);
	assert_int_equal(changed, 1);

	/* county2 cannot touch A: not found (existence not revealed) */
	struct ledger c2 = as(f, W_COUNTY2);
	err_clear(&e);
	assert_int_equal(enterprise_update(&c2, f->a, &ent, NULL, &e), ERR_NOT_FOUND);
	err_clear(&e);
	assert_int_equal(enterprise_set_tier(&c2, f->a, TIER_RESERVE, LEDGER_NO_DATE, "入库", &e),
			 ERR_NOT_FOUND);

	/* viewer, expert and enterprise may read A but writes are forbidden */
	int readers[] = {W_VIEWER, W_EXPERT, W_ENT};
	for (size_t i = 0; i < 3; i++) {
		struct ledger l = as(f, readers[i]);
		err_clear(&e);
		assert_int_equal(enterprise_update(&l, f->a, &ent, NULL, &e), ERR_FORBIDDEN);
		err_clear(&e);
		assert_int_equal(
			enterprise_set_tier(&l, f->a, TIER_RESERVE, LEDGER_NO_DATE, "入库", &e),
			ERR_FORBIDDEN);
		struct enterprise n;
		enterprise_init(&n);
		fixture_uscc("530302", 99, n.uscc);
		n.name = "新企业";
		n.area = "530302";
		err_clear(&e);
		assert_int_equal(enterprise_create(&l, &n, NULL, &e), ERR_FORBIDDEN);
	}

	/* county1 cannot create in, nor move A to, an area that is not its own */
	struct enterprise n;
	enterprise_init(&n);
	fixture_uscc("530303", 50, n.uscc);
	n.name = "沾益新企业";
	n.area = "530303";
	err_clear(&e);
	assert_int_equal(enterprise_create(&c1, &n, NULL, &e), ERR_FORBIDDEN);
	assert_string_equal(e.field, "area");
	assert_int_equal(enterprise_get(&c1, f->a, a, &ent, NULL), 0);
	ent.area = "530303";
	err_clear(&e);
	assert_int_equal(enterprise_update(&c1, f->a, &ent, NULL, &e), ERR_FORBIDDEN);
	/* nothing of the refused writes reached the database */
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM enterprises"), 3);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM enterprises WHERE area = '530303'"),
			 1);
	arena_free(a);
}

/* ---- create / update / audit ----------------------------------------------------------- */

static void test_create_validation(void **state)
{
	struct fixture *f = *state;
	struct enterprise n;
	struct err e;
	struct {
		const char *uscc, *name, *area, *field;
		int code;
		const char *efield;
		const char *why;
	} cases[] = {
		{"91530302000000001X", "甲", "530302", NULL, ERR_INVALID, "uscc",
		 "a wrong check character is refused"},
		{NULL, "", "530302", NULL, ERR_INVALID, "name", "an empty name is refused"},
		{NULL, "甲", "999999", NULL, ERR_INVALID, "area", "an unknown area is refused"},
		{NULL, "甲", "530302", "1x", ERR_INVALID, "field", "a field code must be digits"},
		{NULL, "甲", "530302", "99", ERR_INVALID, "field",
		 "a field code absent from the table is refused"},
		{"DUP", "甲", "530302", NULL, ERR_CONFLICT, "uscc",
		 "a duplicate USCC is a conflict"},
		/* issue 11 item 9: text that displays unlike what it is */
		{NULL, "曲靖\xe2\x80\xae司公限有", "530302", NULL, ERR_INVALID, "name",
		 "a right-to-left override (U+202E) in a name is refused"},
		{NULL, "曲靖\xe2\x81\xa6甲\xe2\x81\xa9", "530302", NULL, ERR_INVALID, "name",
		 "a directional isolate (U+2066…U+2069) in a name is refused"},
		{NULL, "曲靖\xe2\x80\xaa甲", "530302", NULL, ERR_INVALID, "name",
		 "a left-to-right embedding (U+202A) is refused"},
		{NULL, "曲靖\xef\xbf\xbf", "530302", NULL, ERR_INVALID, "name",
		 "the non-character U+FFFF is refused"},
		{NULL, "曲靖\xef\xb7\x90", "530302", NULL, ERR_INVALID, "name",
		 "the non-character U+FDD0 is refused"},
		{NULL, "曲靖\xf0\x9f\xbf\xbe", "530302", NULL, ERR_INVALID, "name",
		 "the non-character U+1FFFE is refused"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		enterprise_init(&n);
		if (!cases[i].uscc)
			fixture_uscc("530302", 500 + (int)i, n.uscc);
		else if (!strcmp(cases[i].uscc, "DUP"))
			memcpy(n.uscc, f->b, 19);
		else
			memcpy(n.uscc, cases[i].uscc, 19);
		n.name = cases[i].name;
		n.area = cases[i].area;
		n.field = cases[i].field;
		err_clear(&e);
		int rc = enterprise_create(&f->sys, &n, NULL, &e);
		if (rc != cases[i].code || strcmp(e.field, cases[i].efield) != 0)
			fail_msg("%s: rc %d field '%s' msg '%s'", cases[i].why, rc, e.field, e.msg);
		if (!strcmp(cases[i].efield, "name") && cases[i].name[0] &&
		    (!strstr(e.msg, "企业名称") || !strstr(e.msg, "U+")))
			fail_msg("%s: the message names the field and the character: '%s'",
				 cases[i].why, e.msg);
	}
	/* no row and no audit entry from any refused create */
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM enterprises"), 3);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_log WHERE "
					  "table_name = 'enterprises'"),
			 3);

	/* a lower-case code is normalised; HNTE expiry derived from the issue date */
	enterprise_init(&n);
	fixture_uscc("530302", 600, n.uscc);
	char upper[19];
	memcpy(upper, n.uscc, 19);
	for (int i = 0; i < 18; i++)
		if (n.uscc[i] >= 'A' && n.uscc[i] <= 'Z')
			n.uscc[i] = (char)(n.uscc[i] - 'A' + 'a');
	n.name = "曲靖证书测试有限公司";
	n.area = "530302";
	n.tier = TIER_HNTE;
	n.hnte_cert_no = "GR202353000123";
	n.hnte_issued_on = date_from_ymd(2023, 12, 12);
	assert_int_equal(enterprise_create(&f->sys, &n, NULL, NULL), 0);
	struct arena *a = arena_new();
	struct enterprise got;
	assert_int_equal(enterprise_get(&f->sys, upper, a, &got, NULL), 0);
	char d[11];
	/* rules.md §5: valid until the day before the third anniversary */
	assert_string_equal(date_format(got.hnte_expires_on, d), "2026-12-11");
	assert_int_equal(got.tier, TIER_HNTE);
	arena_free(a);
}

static void test_update_audit(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	struct enterprise ent;
	struct ledger c1 = as(f, W_COUNTY1);
	char buf[2048];
	int changed = -1;
	int64_t before = fixture_count(f, "SELECT count(*) FROM audit_log");

	assert_int_equal(enterprise_get(&c1, f->b, a, &ent, NULL), 0);
	/* writing the same values changes nothing and leaves no audit row */
	assert_int_equal(enterprise_update(&c1, f->b, &ent, &changed, NULL), 0);
	assert_int_equal(changed, 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_log"), before);

	ent.contact_phone = "0874-1234567";
	ent.above_scale = 1;
	assert_int_equal(enterprise_update(&c1, f->b, &ent, &changed, NULL), 0);
	assert_int_equal(changed, 1);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_log"), before + 1);
	/* exactly one row: who, what, which, source, and the before/after values */
	assert_string_equal(
		fixture_text(f,
			     "SELECT user_name || '|' || action || '|' || table_name || "
			     "'|' || source FROM audit_log ORDER BY id DESC LIMIT 1",
			     buf, sizeof buf),
		"county1|update|enterprises|test");
	snprintf(buf, sizeof buf, "SELECT row_key FROM audit_log ORDER BY id DESC LIMIT 1");
	char key[64];
	assert_string_equal(fixture_text(f, buf, key, sizeof key), f->b);
	fixture_text(f, "SELECT before_json FROM audit_log ORDER BY id DESC LIMIT 1", buf,
		     sizeof buf);
	assert_non_null(strstr(buf, "\"contact_phone\":null"));
	assert_non_null(strstr(buf, "\"above_scale\":false"));
	fixture_text(f, "SELECT after_json FROM audit_log ORDER BY id DESC LIMIT 1", buf,
		     sizeof buf);
	assert_non_null(strstr(buf, "\"contact_phone\":\"0874-1234567\""));
	assert_non_null(strstr(buf, "\"above_scale\":true"));
	/* the user id is recorded */
	assert_int_equal(fixture_count(f, "SELECT user_id FROM audit_log ORDER BY id DESC LIMIT 1"),
			 f->u_county1);
	arena_free(a);
}

static void test_tier_history(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	struct ledger c1 = as(f, W_COUNTY1);
	struct tier_change *h = NULL;
	size_t n = 0;
	struct err e;
	char d[11];

	assert_int_equal(enterprise_set_tier(&c1, f->a, TIER_RESERVE, date_from_ymd(2025, 3, 1),
					     "排查入库", NULL),
			 0);
	assert_int_equal(enterprise_set_tier(&c1, f->a, TIER_KEY, date_from_ymd(2025, 4, 2),
					     "列入重点培育名单", NULL),
			 0);
	/* a reason is required; the same tier again is refused */
	err_clear(&e);
	assert_int_equal(enterprise_set_tier(&c1, f->a, TIER_HNTE, LEDGER_NO_DATE, "", &e),
			 ERR_INVALID);
	assert_string_equal(e.field, "reason");
	err_clear(&e);
	assert_int_equal(enterprise_set_tier(&c1, f->a, TIER_KEY, LEDGER_NO_DATE, "again", &e),
			 ERR_INVALID);
	/* exiting records the reason as exit_reason */
	assert_int_equal(enterprise_set_tier(&c1, f->a, TIER_EXITED, date_from_ymd(2025, 9, 30),
					     "迁出曲靖", NULL),
			 0);

	assert_int_equal(enterprise_tier_history(&c1, f->a, a, &h, &n, NULL), 0);
	assert_int_equal(n, 4);
	assert_false(h[0].has_from); /* creation */
	assert_int_equal(h[0].to, TIER_PROSPECT);
	assert_int_equal(h[1].from, TIER_PROSPECT);
	assert_int_equal(h[1].to, TIER_RESERVE);
	assert_string_equal(date_format(h[1].on, d), "2025-03-01");
	assert_string_equal(h[1].user_name, "county1");
	assert_int_equal(h[1].user_id, f->u_county1);
	assert_string_equal(h[2].reason, "列入重点培育名单");
	assert_int_equal(h[3].to, TIER_EXITED);

	struct enterprise ent;
	assert_int_equal(enterprise_get(&c1, f->a, a, &ent, NULL), 0);
	assert_int_equal(ent.tier, TIER_EXITED);
	assert_string_equal(ent.exit_reason, "迁出曲靖");
	/* each change left one audit row with action "tier" */
	char sql[256];
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM audit_log WHERE action = 'tier' AND row_key = '%s'", f->a);
	assert_int_equal(fixture_count(f, sql), 3);
	/* an out-of-scope history is not found */
	struct ledger c2 = as(f, W_COUNTY2);
	err_clear(&e);
	assert_int_equal(enterprise_tier_history(&c2, f->a, a, &h, &n, &e), ERR_NOT_FOUND);
	arena_free(a);
}

/* ---- list ------------------------------------------------------------------------------ */

static void add_many(struct fixture *f, int n)
{
	static const char *const fields[] = {"10101", "102", "20", "401"};
	assert_int_equal(ledger_begin(&f->sys, NULL), 0);
	for (int i = 0; i < n; i++) {
		struct enterprise ent;
		char name[64];
		enterprise_init(&ent);
		fixture_uscc(i % 2 ? "530302" : "530381", 1000 + i, ent.uscc);
		snprintf(name, sizeof name, "测试企业%03d有限公司", i);
		ent.name = name;
		ent.area = i % 2 ? "530302" : "530381";
		ent.field = fields[i % 4];
		ent.tier = (enum tier)(i % 5);
		if (i % 3 == 0) {
			ent.hnte_cert_no = "GR2022";
			ent.hnte_issued_on = date_from_ymd(2022 + i % 4, 11, 1);
		}
		struct err e;
		err_clear(&e);
		if (enterprise_create(&f->sys, &ent, NULL, &e))
			fail_msg("create %d: %s", i, e.msg);
	}
	assert_int_equal(ledger_commit(&f->sys, NULL), 0);
}

static void test_list_filters(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	struct enterprise_filter flt;
	struct enterprise_page p;
	struct err e;
	int64_t n = 0;
	add_many(f, 100);

	struct {
		const char *why;
		const char *area;
		int tier;
		const char *field;
		int expiry_year;
		const char *q;
		int64_t expect;
	} cases[] = {
		{"everything: 3 fixture + 100", NULL, -1, NULL, 0, NULL, 103},
		{"宣威市 holds the 50 even-numbered", "530381", -1, NULL, 0, NULL, 50},
		{"tier key: i % 5 == 3 → 20", NULL, TIER_KEY, NULL, 0, NULL, 20},
		{"field prefix 10 matches 10101 and 102 (50) plus fixture's 101 (3)", NULL, -1,
		 "10", 0, NULL, 53},
		{"field 102 exactly: 25", NULL, -1, "102", 0, NULL, 25},
		{"field prefix 1010 matches 10101 only (25)", NULL, -1, "1010", 0, NULL, 25},
		{"issued 2023-11-01, valid to 2026-10-31: i ≡ 9 mod 12 (9, 21, …, 93) → 8", NULL,
		 -1, NULL, 2026, NULL, 8},
		{"free text 测试企业04 matches 040–049", NULL, -1, NULL, 0, "测试企业04", 10},
		{"free text is a substring, % is literal", NULL, -1, NULL, 0, "%", 0},
		{"area + tier: 530302 (odd) and tier 1 (i%5==1): odd i ≡1 mod 5 → 10", "530302",
		 TIER_TSME, NULL, 0, NULL, 10},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		enterprise_filter_init(&flt);
		flt.area = cases[i].area;
		flt.tier = cases[i].tier;
		flt.field = cases[i].field;
		flt.expiry_year = cases[i].expiry_year;
		flt.q = cases[i].q;
		err_clear(&e);
		if (enterprise_count(&f->sys, &flt, &n, &e) || n != cases[i].expect)
			fail_msg("%s: count %lld (%s)", cases[i].why, (long long)n, e.msg);
	}
	/* free text on the USCC, case-insensitive */
	enterprise_filter_init(&flt);
	char q[8];
	memcpy(q, f->c + 2, 6); /* "530303" */
	q[6] = '\0';
	flt.q = q;
	assert_int_equal(enterprise_count(&f->sys, &flt, &n, NULL), 0);
	assert_int_equal(n, 1);

	/* paging: 103 rows by name, pages of 50 */
	enterprise_filter_init(&flt);
	flt.limit = 50;
	flt.offset = 100;
	assert_int_equal(enterprise_list(&f->sys, &flt, a, &p, NULL), 0);
	assert_int_equal(p.total, 103);
	assert_int_equal(p.n, 3);
	/* sorted by name descending, the first is the largest name */
	enterprise_filter_init(&flt);
	flt.sort = ENTERPRISE_SORT_NAME;
	flt.descending = 1;
	flt.limit = 2;
	flt.want_total = 0;
	assert_int_equal(enterprise_list(&f->sys, &flt, a, &p, NULL), 0);
	assert_int_equal(p.total, -1);
	assert_int_equal(p.n, 2);
	assert_true(strcmp(p.items[0].name, p.items[1].name) >= 0);
	/* sorted by tier follows the ladder, not the alphabet */
	flt.sort = ENTERPRISE_SORT_TIER;
	flt.descending = 0;
	flt.limit = 1000;
	assert_int_equal(enterprise_list(&f->sys, &flt, a, &p, NULL), 0);
	for (size_t i = 1; i < p.n; i++)
		assert_true(p.items[i - 1].tier <= p.items[i].tier);
	/* expiry: absent last */
	flt.sort = ENTERPRISE_SORT_EXPIRY;
	assert_int_equal(enterprise_list(&f->sys, &flt, a, &p, NULL), 0);
	assert_int_not_equal(p.items[0].hnte_expires_on, LEDGER_NO_DATE);
	assert_int_equal(p.items[p.n - 1].hnte_expires_on, LEDGER_NO_DATE);

	/* bad filters */
	struct {
		int64_t limit, offset;
		const char *field;
		const char *efield;
	} bad[] = {
		{1001, 0, NULL, "limit"},
		{-1, 0, NULL, "limit"},
		{10, -5, NULL, "offset"},
		{10, 0, "1a", "field"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		enterprise_filter_init(&flt);
		flt.limit = bad[i].limit;
		flt.offset = bad[i].offset;
		flt.field = bad[i].field;
		err_clear(&e);
		assert_int_equal(enterprise_list(&f->sys, &flt, a, &p, &e), ERR_INVALID);
		assert_string_equal(e.field, bad[i].efield);
	}
	assert_int_equal(enterprise_sort_parse("expiry", &flt.sort, NULL), 0);
	assert_int_equal(flt.sort, ENTERPRISE_SORT_EXPIRY);
	assert_int_equal(enterprise_sort_parse("salary", &flt.sort, NULL), ERR_INVALID);
	arena_free(a);
}

static int count_cb(void *ctx, const struct enterprise *ent)
{
	int *n = ctx;
	(void)ent;
	return ++*n == 2 ? 7 : 0;
}

static void test_each(void **state)
{
	struct fixture *f = *state;
	struct enterprise_filter flt;
	int n = 0;
	enterprise_filter_init(&flt);
	/* the callback's non-zero return stops the walk and is returned */
	assert_int_equal(enterprise_each(&f->sys, &flt, count_cb, &n, NULL), 7);
	assert_int_equal(n, 2);
	/* the walk is scoped too: county2 sees one */
	struct ledger c2 = as(f, W_COUNTY2);
	n = 0;
	assert_int_equal(enterprise_each(&c2, &flt, count_cb, &n, NULL), 0);
	assert_int_equal(n, 1);
}

/* ---- transactions ----------------------------------------------------------------------- */

static void test_group_rollback(void **state)
{
	struct fixture *f = *state;
	struct enterprise ent;
	struct err e;
	int64_t audits = fixture_count(f, "SELECT count(*) FROM audit_log");

	/* a group of writes undone by the caller leaves nothing: rows, history, audit */
	assert_int_equal(ledger_begin(&f->sys, NULL), 0);
	enterprise_init(&ent);
	fixture_uscc("530302", 700, ent.uscc);
	ent.name = "回滚测试一";
	ent.area = "530302";
	assert_int_equal(enterprise_create(&f->sys, &ent, NULL, NULL), 0);
	assert_int_equal(
		enterprise_set_tier(&f->sys, f->c, TIER_RESERVE, LEDGER_NO_DATE, "x", NULL), 0);
	/* a failing write inside the group undoes only itself */
	fixture_uscc("530302", 701, ent.uscc);
	ent.area = "nowhere";
	err_clear(&e);
	assert_int_equal(enterprise_create(&f->sys, &ent, NULL, &e), ERR_INVALID);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM enterprises"), 4);
	assert_int_equal(ledger_rollback(&f->sys, NULL), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM enterprises"), 3);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_log"), audits);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM tier_history"), 3);
	char buf[32];
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT tier FROM enterprises WHERE uscc = '%s'", f->c);
	assert_string_equal(fixture_text(f, sql, buf, sizeof buf), "prospect");

	/* committed, the good writes stay */
	assert_int_equal(ledger_begin(&f->sys, NULL), 0);
	ent.area = "530302";
	fixture_uscc("530302", 702, ent.uscc);
	assert_int_equal(enterprise_create(&f->sys, &ent, NULL, NULL), 0);
	assert_int_equal(ledger_commit(&f->sys, NULL), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM enterprises"), 4);
	assert_false(store_in_transaction(f->db));
}

/* ---- experts -------------------------------------------------------------------------- */

static void test_experts(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	struct ledger ex = as(f, W_EXPERT);
	struct err e;
	int64_t *ids = NULL, n = 0;
	size_t ni = 0;
	struct enterprise_filter flt;
	enterprise_filter_init(&flt);

	/* before: the expert sees A only; after assigning B, A and B */
	assert_int_equal(enterprise_count(&ex, &flt, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_int_equal(enterprise_assign_expert(&f->sys, f->b, f->u_expert, NULL), 0);
	assert_int_equal(enterprise_count(&ex, &flt, &n, NULL), 0);
	assert_int_equal(n, 2);
	err_clear(&e);
	assert_int_equal(enterprise_assign_expert(&f->sys, f->b, f->u_expert, &e), ERR_CONFLICT);
	/* a county user assigns within its area only; others are not found */
	struct ledger c2 = as(f, W_COUNTY2);
	err_clear(&e);
	assert_int_equal(enterprise_assign_expert(&c2, f->a, f->u_expert, &e), ERR_NOT_FOUND);
	assert_int_equal(enterprise_assign_expert(&c2, f->c, f->u_expert, NULL), 0);
	assert_int_equal(enterprise_unassign_expert(&c2, f->c, f->u_expert, NULL), 0);
	/* only expert users can be assigned */
	err_clear(&e);
	assert_int_equal(enterprise_assign_expert(&f->sys, f->b, f->u_county1, &e), ERR_INVALID);
	assert_int_equal(enterprise_experts(&f->sys, f->b, a, &ids, &ni, NULL), 0);
	assert_int_equal(ni, 1);
	assert_int_equal(ids[0], f->u_expert);
	assert_int_equal(enterprise_unassign_expert(&f->sys, f->b, f->u_expert, NULL), 0);
	err_clear(&e);
	assert_int_equal(enterprise_unassign_expert(&f->sys, f->b, f->u_expert, &e), ERR_NOT_FOUND);
	assert_int_equal(enterprise_count(&ex, &flt, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_log WHERE "
					  "table_name = 'expert_assignments'"),
			 5); /* fixture's A, B assigned and unassigned, C likewise by county2 */
	arena_free(a);
}

/* ---- audit query ------------------------------------------------------------------------ */

static void test_audit_list(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	struct audit_filter flt;
	struct audit_entry *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	struct err e;

	assert_int_equal(
		enterprise_set_tier(&f->sys, f->b, TIER_RESERVE, LEDGER_NO_DATE, "入库", NULL), 0);
	audit_filter_init(&flt);
	flt.table = "enterprises";
	assert_int_equal(audit_list(&f->sys, &flt, a, &items, &n, &total, NULL), 0);
	assert_int_equal(total, 4); /* three creations and one tier change */
	assert_int_equal(n, 4);
	assert_string_equal(items[0].action, "tier"); /* newest first */
	assert_string_equal(items[0].row_key, f->b);
	assert_non_null(items[0].before);
	assert_non_null(strstr(items[0].after, "\"tier\":\"reserve\""));
	assert_null(items[3].before); /* a creation has no before */

	flt.action = "create";
	flt.limit = 2;
	flt.offset = 2;
	assert_int_equal(audit_list(&f->sys, &flt, a, &items, &n, &total, NULL), 0);
	assert_int_equal(total, 3);
	assert_int_equal(n, 1);

	/* a row-key prefix "USCC/" finds a firm's years; a date range works on days */
	audit_filter_init(&flt);
	flt.from = "2000-01-01";
	flt.to = "2999-12-31";
	flt.user_id = f->u_county1;
	assert_int_equal(audit_list(&f->sys, &flt, a, &items, &n, &total, NULL), 0);
	assert_int_equal(total, 0);
	err_clear(&e);
	flt.from = "2000-13-01";
	assert_int_equal(audit_list(&f->sys, &flt, a, &items, &n, &total, &e), ERR_INVALID);
	assert_string_equal(e.field, "from");

	/* only admin and city may read the audit log */
	int who[] = {W_COUNTY1, W_EXPERT, W_VIEWER, W_ENT};
	audit_filter_init(&flt);
	for (size_t i = 0; i < 4; i++) {
		struct ledger l = as(f, who[i]);
		err_clear(&e);
		assert_int_equal(audit_list(&l, &flt, a, &items, &n, &total, &e), ERR_FORBIDDEN);
	}
	struct ledger city = as(f, W_CITY);
	assert_int_equal(audit_list(&city, &flt, a, &items, &n, &total, NULL), 0);
	assert_true(total > 0);
	arena_free(a);
}

static void test_role_and_tier_names(void **state)
{
	(void)state;
	enum role r;
	enum tier t;
	for (int i = 0; i < ROLE_COUNT; i++) {
		assert_int_equal(ledger_role_parse(ledger_role_name((enum role)i), &r, NULL), 0);
		assert_int_equal(r, i);
	}
	assert_int_equal(ledger_role_parse("root", &r, NULL), ERR_INVALID);
	for (int i = 0; i < TIER_COUNT; i++) {
		assert_int_equal(
			enterprise_tier_parse(enterprise_tier_name((enum tier)i), &t, NULL), 0);
		assert_int_equal(t, i);
		assert_int_equal(
			enterprise_tier_parse(enterprise_tier_label((enum tier)i), &t, NULL), 0);
		assert_int_equal(t, i);
	}
	assert_int_equal(enterprise_tier_parse("gold", &t, NULL), ERR_INVALID);
}

/* The dashboard's tallies: one grouped query, the numbers enterprise_count gives per filter. */
static void test_tally(void **state)
{
	struct fixture *f = *state;
	struct err e;
	struct arena *a = arena_new();
	struct enterprise_tally t;
	struct enterprise_patch p;
	err_clear(&e);
	/* C becomes an HNTE whose certificate (issued 2024-11-20) runs to 2027-11-19 */
	enterprise_patch_init(&p);
	p.v.hnte_issued_on = date_from_ymd(2024, 11, 20);
	p.v.hnte_expires_on = date_from_ymd(2027, 11, 19);
	p.v.field = "802";
	assert_int_equal(enterprise_patch_name(&p, "hnte_issued_on", &e), 0);
	assert_int_equal(enterprise_patch_name(&p, "hnte_expires_on", &e), 0);
	assert_int_equal(enterprise_patch_name(&p, "field", &e), 0);
	assert_int_equal(enterprise_patch(&f->sys, f->c, &p, NULL, NULL, NULL, &e), 0);
	assert_int_equal(enterprise_set_tier(&f->sys, f->c, TIER_HNTE, LEDGER_NO_DATE, "认定", &e),
			 0);

	assert_int_equal(enterprise_tally(&f->sys, 2027, a, &t, &e), 0);
	assert_int_equal(t.total, 3);
	assert_int_equal(t.tiers[TIER_PROSPECT], 2);
	assert_int_equal(t.tiers[TIER_HNTE], 1);
	assert_int_equal(t.n_areas, 2);
	assert_string_equal(t.areas[0].code, "530302");
	assert_int_equal(t.areas[0].count, 2);
	assert_string_equal(t.areas[1].code, "530303");
	assert_int_equal(t.areas[1].count, 1);
	assert_int_equal(t.n_fields, 2);
	assert_string_equal(t.fields[0].code, "10");
	assert_int_equal(t.fields[0].count, 2);
	assert_string_equal(t.fields[1].code, "80");
	assert_int_equal(t.expiring[0], 1); /* 2027 */
	assert_int_equal(t.expiring[1], 0); /* 2028 */
	assert_int_equal(enterprise_tally(&f->sys, 2026, a, &t, &e), 0);
	assert_int_equal(t.expiring[0], 0);
	assert_int_equal(t.expiring[1], 1);

	/* a county counts its own area only; an enterprise user only itself */
	struct ledger county = fixture_as(f, f->u_county1);
	assert_int_equal(enterprise_tally(&county, 2027, a, &t, &e), 0);
	assert_int_equal(t.total, 2);
	assert_int_equal(t.n_areas, 1);
	assert_int_equal(t.expiring[0], 0);
	struct ledger ent = fixture_as(f, f->u_ent);
	assert_int_equal(enterprise_tally(&ent, 2027, a, &t, &e), 0);
	assert_int_equal(t.total, 1);
	arena_free(a);
}

/* Sorted by the stored score (batch screening, issue 11): max then min, unassessed last. */
static void test_sort_score(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	struct enterprise_filter flt;
	struct enterprise_page p;
	add_many(f, 10);
	assert_int_equal(store_exec(f->db, "DELETE FROM assessments", NULL), 0);
	/* firm 0 (80, 60), firm 1 (90, 10), firm 2 (80, 70); the other seven unassessed */
	assert_int_equal(
		store_exec(
			f->db,
			"INSERT INTO assessments (enterprise_id, apply_on, rules, verdict, "
			"score_min, score_max, conditions, tsme_verdict, computed_at) "
			"SELECT id, '2026-06-30', 'r', 'borderline', "
			"CASE name WHEN '测试企业000有限公司' THEN 60 WHEN '测试企业001有限公司' "
			"THEN 10 ELSE 70 END, "
			"CASE name WHEN '测试企业001有限公司' THEN 90 ELSE 80 END, "
			"'pppppppp', 'pass', '2026-06-30T00:00:00Z' FROM enterprises WHERE name IN "
			"('测试企业000有限公司', '测试企业001有限公司', '测试企业002有限公司')",
			NULL),
		0);
	enterprise_filter_init(&flt);
	flt.sort = ENTERPRISE_SORT_SCORE;
	flt.descending = 1;
	flt.limit = 100;
	assert_int_equal(enterprise_list(&f->sys, &flt, a, &p, NULL), 0);
	assert_true(p.n >= 10);
	assert_string_equal(p.items[0].name, "测试企业001有限公司");
	assert_string_equal(p.items[1].name, "测试企业002有限公司");
	assert_string_equal(p.items[2].name, "测试企业000有限公司");
	/* the unassessed follow by name */
	for (size_t i = 4; i < p.n; i++)
		assert_true(strcmp(p.items[i - 1].name, p.items[i].name) < 0);
	flt.descending = 0;
	assert_int_equal(enterprise_list(&f->sys, &flt, a, &p, NULL), 0);
	assert_string_equal(p.items[0].name, "测试企业000有限公司");
	assert_string_equal(p.items[1].name, "测试企业002有限公司");
	assert_string_equal(p.items[2].name, "测试企业001有限公司");
	for (size_t i = 4; i < p.n; i++)
		assert_true(strcmp(p.items[i - 1].name, p.items[i].name) < 0);
	/* and with the verdict filter only the three */
	flt.verdict = "borderline";
	assert_int_equal(enterprise_list(&f->sys, &flt, a, &p, NULL), 0);
	assert_int_equal(p.total, 3);
	assert_int_equal(enterprise_sort_parse("score", &flt.sort, NULL), 0);
	assert_int_equal(flt.sort, ENTERPRISE_SORT_SCORE);
	arena_free(a);
}

/* Tags as every write stores them: split, trimmed, once each; 规上 is the mark. */
static void test_tags_normalised(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	struct enterprise ent;
	struct ledger c1 = as(f, W_COUNTY1);
	char buf[64];
	static const struct {
		const char *in, *want;
		int above;
	} cases[] = {
		{"", "", 0},
		{"新材料", "新材料", 0},
		{" 新材料 ，专精特新、新材料;; 瞪羚企业；\n", "新材料,专精特新,瞪羚企业", 0},
		{"规模以上,新材料", "新材料", 1},
		{"规上企业、规上", "", 1},
		{"　专精 特新　,专精 特新", "专精 特新", 0}, /* inner blanks stay */
		{"规上企业A", "规上企业A", 0},		     /* only whole tags are synonyms */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct enterprise v;
		enterprise_init(&v);
		v.tags = cases[i].in;
		enterprise_tags_normalise(&v, buf, sizeof buf);
		assert_string_equal(v.tags, cases[i].want);
		assert_int_equal(v.above_scale, cases[i].above);
	}
	/* an update stores them so, and writing the messy form again changes nothing */
	assert_int_equal(enterprise_get(&c1, f->b, a, &ent, NULL), 0);
	ent.above_scale = 0;
	ent.tags = "规模以上企业，高成长、高成长";
	int changed = -1;
	assert_int_equal(enterprise_update(&c1, f->b, &ent, &changed, NULL), 0);
	assert_int_equal(changed, 1);
	char sql[128];
	snprintf(sql, sizeof sql,
		 "SELECT tags || '|' || above_scale FROM enterprises WHERE uscc = '%s'", f->b);
	assert_string_equal(fixture_text(f, sql, buf, sizeof buf), "高成长|1");
	int64_t audits = fixture_count(f, "SELECT count(*) FROM audit_log");
	assert_int_equal(enterprise_update(&c1, f->b, &ent, &changed, NULL), 0);
	assert_int_equal(changed, 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_log"), audits);
	arena_free(a);
}

/* The kept counters (migration 0012) answer exactly what a walk of the table would. */
static void check_counts(struct fixture *f)
{
	static const char *const areas[] = {NULL, "530302", "530303"};
	for (int w = W_SYS; w <= W_VIEWER; w++) {
		if (w == W_EXPERT)
			continue;
		struct ledger l = as(f, w);
		for (size_t a = 0; a < 3; a++)
			for (int t = -1; t < TIER_COUNT; t++) {
				struct enterprise_filter flt;
				enterprise_filter_init(&flt);
				flt.area = areas[a];
				flt.tier = t;
				int64_t got = -1;
				assert_int_equal(enterprise_count(&l, &flt, &got, NULL), 0);
				/* the rows of the same filter, read from the table */
				struct enterprise_page pg;
				struct arena *ar = arena_new();
				flt.limit = 1000;
				assert_int_equal(enterprise_list(&l, &flt, ar, &pg, NULL), 0);
				assert_int_equal(got, (int64_t)pg.n);
				arena_free(ar);
			}
	}
}

static void test_counts_follow_writes(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	check_counts(f);
	assert_int_equal(enterprise_set_tier(&f->sys, f->a, TIER_KEY, LEDGER_NO_DATE, "入库", NULL),
			 0);
	check_counts(f);
	struct enterprise_patch pt;
	enterprise_patch_init(&pt);
	pt.v.area = "530303";
	assert_int_equal(enterprise_patch_name(&pt, "area", NULL), 0);
	assert_int_equal(enterprise_patch(&f->sys, f->b, &pt, a, NULL, NULL, NULL), 0);
	check_counts(f);
	assert_int_equal(store_exec(f->db, "DELETE FROM enterprises WHERE area = '530303'", NULL),
			 0);
	check_counts(f);
	assert_int_equal(fixture_count(f, "SELECT sum(n) FROM enterprise_counts"),
			 fixture_count(f, "SELECT count(*) FROM enterprises"));
	arena_free(a);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_scope_reads),	 T(test_scope_area_forms),
		T(test_scope_writes),	 T(test_create_validation),
		T(test_update_audit),	 T(test_tier_history),
		T(test_list_filters),	 T(test_each),
		T(test_group_rollback),	 T(test_experts),
		T(test_audit_list),	 T(test_role_and_tier_names),
		T(test_tally),		 T(test_sort_score),
		T(test_tags_normalised), T(test_counts_follow_writes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
