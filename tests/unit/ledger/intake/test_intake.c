/*
 * Tests of ledger/intake, the per-row import use case, on the ledger
 * fixture (enterprises A and B in 530302, C in 530303; a county user of
 * 530302): what each row did (created, updated, unchanged), the county's
 * scope, the audit source, a refused row inside a group, the group undone
 * without a commit, and bulk loading of a first large load.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "ledger/intake/intake.h"
#include "ledger/records/indicator.h"

#include "support/ledger_fixture.h"

#define NO -1 /* a member the row does not give */

static struct intake *start(struct ledger *l, const char *filename)
{
	struct intake *it = NULL;
	struct err e;
	err_clear(&e);
	if (intake_new(l, filename, &it, &e) || intake_begin(it, &e))
		fail_msg("intake start: %s", e.msg);
	return it;
}

/* ---- what a row does ------------------------------------------------------------- */

struct outcome_case {
	const char *why;
	int firm;	  /* 0: the new USCC N, 1: the fixture's A */
	const char *name; /* NULL: not given */
	const char *area;
	int tier;	     /* an enum tier, or NO */
	int above_scale;     /* 0/1, or NO */
	int64_t year;	     /* LEDGER_NONE: no indicators */
	int64_t staff;	     /* hundredths, or LEDGER_NONE */
	int64_t sales_main;  /* fen, or LEDGER_NONE */
	int64_t sales_other; /* fen, or LEDGER_NONE */
	int sales_whole;
	enum intake_change ent, ind;
};

#define N LEDGER_NONE
static const struct outcome_case outcome_cases[] = {
	{"a new USCC creates the firm and its year", 0, "新甲科技有限公司", "530302", NO, NO, 2023,
	 8000, 320000000, N, 0, INTAKE_CREATED, INTAKE_CREATED},
	{"the same row again changes nothing", 0, "新甲科技有限公司", "530302", NO, NO, 2023, 8000,
	 320000000, N, 0, INTAKE_UNCHANGED, INTAKE_UNCHANGED},
	{"a new name alone updates the firm; the row has no year", 0, "新甲科技（改名）有限公司",
	 NULL, NO, NO, N, N, N, N, 0, INTAKE_UPDATED, INTAKE_ABSENT},
	{"a second year of a stored firm is created", 0, NULL, NULL, NO, NO, 2024, 9000, N, N, 0,
	 INTAKE_UNCHANGED, INTAKE_CREATED},
	{"a changed head count updates the stored year", 0, NULL, NULL, NO, NO, 2023, 8100, N, N, 0,
	 INTAKE_UNCHANGED, INTAKE_UPDATED},
	{"a year with no figure keeps the stored ones", 0, NULL, NULL, NO, NO, 2023, N, N, N, 0,
	 INTAKE_UNCHANGED, INTAKE_UNCHANGED},
	{"a tier given moves the firm", 0, NULL, NULL, TIER_KEY, NO, N, N, N, N, 0, INTAKE_UPDATED,
	 INTAKE_ABSENT},
	{"the same tier again is no move", 0, NULL, NULL, TIER_KEY, NO, N, N, N, N, 0,
	 INTAKE_UNCHANGED, INTAKE_ABSENT},
	{"main and other-business sales are stored apart", 0, NULL, NULL, NO, NO, 2023, N, 10000,
	 5000, 0, INTAKE_UNCHANGED, INTAKE_UPDATED},
	{"a whole-sales column clears the stored other-business part", 0, NULL, NULL, NO, NO, 2023,
	 N, 10000, N, 1, INTAKE_UNCHANGED, INTAKE_UPDATED},
	{"a stored firm given only its USCC is unchanged", 1, NULL, NULL, NO, NO, N, N, N, N, 0,
	 INTAKE_UNCHANGED, INTAKE_ABSENT},
	{"a yes/no member given (规上企业 是) updates the firm", 1, NULL, NULL, NO, 1, N, N, N, N,
	 0, INTAKE_UPDATED, INTAKE_ABSENT},
	{"a yes/no member not given keeps the stored 是", 1, NULL, NULL, NO, NO, N, N, N, N, 0,
	 INTAKE_UNCHANGED, INTAKE_ABSENT},
};
#undef N

static void test_outcomes(void **state)
{
	struct fixture *f = *state;
	char n1[19];
	struct err e;
	fixture_uscc("530302", 101, n1);
	struct intake *it = start(&f->sys, "台账.csv");
	for (size_t i = 0; i < sizeof outcome_cases / sizeof outcome_cases[0]; i++) {
		const struct outcome_case *c = &outcome_cases[i];
		struct import_row r;
		struct intake_outcome out = {-1, -1, -1};
		intake_row_init(&r);
		memcpy(r.ent.uscc, c->firm ? f->a : n1, 19);
		r.ent.name = c->name;
		r.ent.area = c->area;
		if (c->tier != NO) {
			r.ent.tier = (enum tier)c->tier;
			r.has_tier = 1;
		}
		if (c->above_scale != NO) {
			r.ent.above_scale = c->above_scale;
			r.has_above_scale = 1;
		}
		r.ind.year = c->year;
		r.ind.staff = c->staff;
		r.ind.sales_main = c->sales_main;
		r.ind.sales_other = c->sales_other;
		r.sales_whole = c->sales_whole;
		err_clear(&e);
		int rc = intake_row(it, &r, &out, &e);
		if (rc || out.enterprise != c->ent || out.indicators != c->ind)
			fail_msg("%s: rc %d (%s), enterprise %d indicators %d, expected %d %d",
				 c->why, rc, e.msg, out.enterprise, out.indicators, c->ent, c->ind);
	}
	assert_int_equal(intake_commit(it, &e), 0);
	intake_free(it);

	struct arena *a = arena_new();
	struct enterprise ent;
	struct indicator in;
	assert_int_equal(enterprise_get(&f->sys, n1, a, &ent, &e), 0);
	assert_string_equal(ent.name, "新甲科技（改名）有限公司");
	assert_string_equal(ent.area, "530302");
	assert_int_equal(ent.tier, TIER_KEY);
	assert_int_equal(indicator_get(&f->sys, n1, 2023, a, &in, &e), 0);
	assert_int_equal(in.staff, 8100);
	assert_int_equal(in.sales_main, 10000);
	assert_true(in.sales_other == LEDGER_NONE);
	assert_int_equal(indicator_get(&f->sys, n1, 2024, a, &in, &e), 0);
	assert_int_equal(in.staff, 9000);
	assert_int_equal(enterprise_get(&f->sys, f->a, a, &ent, &e), 0);
	assert_int_equal(ent.above_scale, 1);
	assert_string_equal(ent.name, "曲靖甲科技有限公司");
	arena_free(a);
	/* the creation entry and the move, with the file named as its reason */
	char buf[256];
	fixture_text(f,
		     "SELECT group_concat(coalesce(from_tier, '-') || '>' || to_tier || ':' || "
		     "reason, '|') FROM (SELECT * FROM tier_history h JOIN enterprises t ON "
		     "t.id = h.enterprise_id WHERE t.name LIKE '新甲%' ORDER BY h.id)",
		     buf, sizeof buf);
	assert_string_equal(buf, "->prospect:登记|prospect>key:批量导入：台账.csv");
}

/* ---- the county's scope ---------------------------------------------------------- */

struct scope_case {
	const char *why;
	int firm; /* 0 new in 530302, 1 new in 530303, 2 A (530302), 3 C (530303) */
	const char *name, *area;
	int code;
	const char *field, *msg;
	int msg_uscc; /* the message ends with the row's USCC */
};

static const struct scope_case scope_cases[] = {
	{"C of 沾益区, stored outside the county's areas, is refused as a creation there", 3,
	 "沾益企业改名", "530303", ERR_FORBIDDEN, "area", "无权在沾益区（530303）中登记或移入企业",
	 0},
	{"C given the county's own area: its USCC is taken, and nothing of C is revealed", 3,
	 "沾益企业改名", "530302", ERR_CONFLICT, "uscc", "统一社会信用代码已存在：", 1},
	{"a new firm of another area is refused", 1, "沾益新企业", "530303", ERR_FORBIDDEN, "area",
	 "无权在沾益区（530303）中登记或移入企业", 0},
	{"the county's own A may not move to another area", 2, NULL, "530303", ERR_FORBIDDEN,
	 "area", "无权在沾益区（530303）中登记或移入企业", 0},
	{"a new firm of its own area is created", 0, "麒麟新企业", "530302", 0, "", "", 0},
};

static void test_county_scope(void **state)
{
	struct fixture *f = *state;
	struct ledger county = fixture_as(f, f->u_county1);
	char fresh[2][19], msg[600];
	struct err e;
	fixture_uscc("530302", 201, fresh[0]);
	fixture_uscc("530303", 202, fresh[1]);
	int64_t audits = fixture_count(f, "SELECT count(*) FROM audit_log");
	struct intake *it = start(&county, "c.csv");
	for (size_t i = 0; i < sizeof scope_cases / sizeof scope_cases[0]; i++) {
		const struct scope_case *c = &scope_cases[i];
		const char *uscc = c->firm == 2 ? f->a : c->firm == 3 ? f->c : fresh[c->firm];
		struct import_row r;
		struct intake_outcome out;
		intake_row_init(&r);
		memcpy(r.ent.uscc, uscc, 19);
		r.ent.name = c->name;
		r.ent.area = c->area;
		err_clear(&e);
		int rc = intake_row(it, &r, &out, &e);
		snprintf(msg, sizeof msg, "%s%s", c->msg, c->msg_uscc ? uscc : "");
		if (rc != c->code || strcmp(e.field, c->field) || strcmp(e.msg, msg))
			fail_msg("%s: rc %d field '%s' msg '%s'", c->why, rc, e.field, e.msg);
	}
	assert_int_equal(intake_commit(it, &e), 0);
	intake_free(it);
	/* C and A untouched; only the county's new firm was written (one audit row: no year) */
	char buf[256];
	fixture_text(f, "SELECT name || '/' || area FROM enterprises WHERE id = 3", buf,
		     sizeof buf);
	assert_string_equal(buf, "沾益丙化工有限公司/530303");
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM enterprises WHERE area = '530302'"),
			 3);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM enterprises"), 4);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_log"), audits + 1);
}

/* ---- the audit source ------------------------------------------------------------- */

static void test_audit_source(void **state)
{
	struct fixture *f = *state;
	struct ledger l = f->sys; /* source "test" */
	struct import_row r;
	struct intake_outcome out;
	struct err e;
	intake_row_init(&r);
	fixture_uscc("530302", 301, r.ent.uscc);
	r.ent.name = "审计测试有限公司";
	r.ent.area = "530302";
	r.ind.year = 2023;
	r.ind.staff = 1000;
	struct intake *it = start(&l, "台账.xlsx");
	assert_string_equal(l.source, "import:台账.xlsx");
	assert_int_equal(intake_row(it, &r, &out, &e), 0);
	assert_int_equal(intake_commit(it, &e), 0);
	intake_free(it);
	assert_string_equal(l.source, "test");
	/* one audit row for the firm, one for its year, both with the import's source */
	char buf[512], sql[256];
	snprintf(sql, sizeof sql,
		 "SELECT group_concat(action || ' ' || table_name || ' ' || row_key || ' ' || "
		 "source, '|') FROM (SELECT * FROM audit_log WHERE row_key LIKE '%s%%' "
		 "ORDER BY id)",
		 r.ent.uscc);
	fixture_text(f, sql, buf, sizeof buf);
	char want[512];
	snprintf(
		want, sizeof want,
		"create enterprises %s import:台账.xlsx|create indicators %s/2023 import:台账.xlsx",
		r.ent.uscc, r.ent.uscc);
	assert_string_equal(buf, want);

	/* no name: "-"; a long name is cut on a whole character (159 bytes at most) */
	assert_int_equal(intake_new(&l, NULL, &it, &e), 0);
	assert_string_equal(l.source, "import:-");
	intake_free(it);
	char longname[200] = "";
	for (int i = 0; i < 60; i++)
		strcat(longname, "台");
	assert_int_equal(intake_new(&l, longname, &it, &e), 0);
	assert_int_equal(strlen(l.source), strlen("import:") + 50 * strlen("台"));
	intake_free(it);
	assert_string_equal(l.source, "test");
}

/* Only admin, city and county import; the others are refused before anything is set. */
static void test_forbidden_roles(void **state)
{
	struct fixture *f = *state;
	int64_t users[] = {f->u_expert, f->u_viewer, f->u_ent};
	for (size_t i = 0; i < sizeof users / sizeof users[0]; i++) {
		struct ledger l = fixture_as(f, users[i]);
		struct intake *it = NULL;
		struct err e;
		err_clear(&e);
		assert_int_equal(intake_new(&l, "x.csv", &it, &e), ERR_FORBIDDEN);
		assert_string_equal(e.msg, "只有管理员、市级和县级用户可以导入台账");
		assert_null(it);
		assert_string_equal(l.source, "test");
	}
}

/* ---- refused rows inside a group -------------------------------------------------- */

struct refused_case {
	const char *why;
	int firm; /* 0: A, 1: a new USCC */
	const char *name, *area;
	int64_t year, staff, st_staff;
	int code;
	const char *field, *msg;
};

static const struct refused_case refused_cases[] = {
	{"a new name with changed figures of A's locked year: the whole row is refused", 0,
	 "甲科技（改名）", NULL, 2023, 6000, LEDGER_NONE, ERR_CONFLICT, "year",
	 "2023年度数据已锁定，不能修改"},
	{"S&T staff above the staff of a new firm: nothing is created", 1, "新企业", "530302", 2023,
	 1000, 2000, ERR_INVALID, "st_staff", "科技人员数不能大于职工总数"},
	{"an unknown area", 1, "新企业", "999999", LEDGER_NONE, LEDGER_NONE, LEDGER_NONE,
	 ERR_INVALID, "area", "区域不存在：999999"},
	{"a new firm without a name", 1, NULL, "530302", LEDGER_NONE, LEDGER_NONE, LEDGER_NONE,
	 ERR_INVALID, "name", "企业名称不能为空"},
};

static void test_refused_row_keeps_group(void **state)
{
	struct fixture *f = *state;
	struct indicator year;
	struct err e;
	char fresh[19];
	fixture_uscc("530302", 401, fresh);
	indicator_init(&year, 2023);
	year.staff = 5000;
	assert_int_equal(indicator_upsert(&f->sys, f->a, &year, NULL, &e), 0);
	assert_int_equal(indicator_set_locked(&f->sys, f->a, 2023, 1, &e), 0);
	int64_t audits = fixture_count(f, "SELECT count(*) FROM audit_log");

	struct intake *it = start(&f->sys, "r.csv");
	for (size_t i = 0; i < sizeof refused_cases / sizeof refused_cases[0]; i++) {
		const struct refused_case *c = &refused_cases[i];
		struct import_row r;
		struct intake_outcome out;
		intake_row_init(&r);
		memcpy(r.ent.uscc, c->firm ? fresh : f->a, 19);
		r.ent.name = c->name;
		r.ent.area = c->area;
		r.ind.year = c->year;
		r.ind.staff = c->staff;
		r.ind.st_staff = c->st_staff;
		err_clear(&e);
		int rc = intake_row(it, &r, &out, &e);
		if (rc != c->code || strcmp(e.field, c->field) || strcmp(e.msg, c->msg))
			fail_msg("%s: rc %d field '%s' msg '%s'", c->why, rc, e.field, e.msg);
	}
	/* the group goes on: B is renamed, and the group commits */
	struct import_row r;
	struct intake_outcome out;
	intake_row_init(&r);
	memcpy(r.ent.uscc, f->b, 19);
	r.ent.name = "曲靖乙材料（改名）有限公司";
	assert_int_equal(intake_row(it, &r, &out, &e), 0);
	assert_int_equal(out.enterprise, INTAKE_UPDATED);
	assert_int_equal(intake_commit(it, &e), 0);
	intake_free(it);

	char buf[256];
	fixture_text(
		f, "SELECT group_concat(name, '|') FROM (SELECT name FROM enterprises ORDER BY id)",
		buf, sizeof buf);
	assert_string_equal(buf,
			    "曲靖甲科技有限公司|曲靖乙材料（改名）有限公司|沾益丙化工有限公司");
	assert_int_equal(fixture_count(f, "SELECT staff FROM indicators WHERE year = 2023"), 5000);
	/* one audit row: B's update; none of the refused rows left any */
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_log"), audits + 1);
}

/* A group that is not committed (a dry run, a bad file) leaves nothing behind. */
static void test_uncommitted_is_undone(void **state)
{
	struct fixture *f = *state;
	struct intake *it = NULL;
	struct import_row r;
	struct intake_outcome out;
	struct err e;
	int64_t audits = fixture_count(f, "SELECT count(*) FROM audit_log");
	/* rows and the commit need an open group */
	assert_int_equal(intake_new(&f->sys, "d.csv", &it, &e), 0);
	intake_row_init(&r);
	memcpy(r.ent.uscc, f->a, 19);
	assert_int_equal(intake_row(it, &r, &out, &e), ERR_INTERNAL);
	assert_int_equal(intake_commit(it, &e), ERR_INTERNAL);
	intake_free(it);

	it = start(&f->sys, "d.csv");
	for (int i = 0; i < 3; i++) {
		intake_row_init(&r);
		fixture_uscc("530302", 700 + i, r.ent.uscc);
		r.ent.name = "试运行企业";
		r.ent.area = "530302";
		r.ind.year = 2023;
		assert_int_equal(intake_row(it, &r, &out, &e), 0);
		assert_int_equal(out.enterprise, INTAKE_CREATED);
	}
	intake_free(it);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM enterprises"), 3);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM indicators"), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_log"), audits);
	/* and the ledger can open a group again */
	it = start(&f->sys, "d.csv");
	intake_free(it);
}

/* ---- bulk loading ----------------------------------------------------------------- */

#define INDEXES                                                                                    \
	"SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema WHERE "               \
	"type = 'index' AND tbl_name = 'enterprises' AND sql IS NOT NULL ORDER BY name)"

/*
 * Load FIRMS new firms in 530302 (serials from FIRST) in one group, commit
 * when COMMIT; the enterprise indexes seen just before the end into SEEN.
 */
static void load(struct fixture *f, int first, int firms, int commit, char *seen, size_t n)
{
	struct intake *it = start(&f->sys, "big.csv");
	struct err e;
	intake_expect(it, (uint64_t)firms);
	for (int i = 0; i < firms; i++) {
		struct import_row r;
		struct intake_outcome out;
		char name[64];
		intake_row_init(&r);
		fixture_uscc("530302", first + i, r.ent.uscc);
		snprintf(name, sizeof name, "批量企业%d", i);
		r.ent.name = name;
		r.ent.area = "530302";
		r.ind.year = 2023;
		r.ind.staff = 100 * (i % 300);
		if (intake_row(it, &r, &out, &e) || out.enterprise != INTAKE_CREATED)
			fail_msg("row %d: %s", i, e.msg);
	}
	fixture_text(f, INDEXES, seen, n);
	if (commit)
		assert_int_equal(intake_commit(it, &e), 0);
	intake_free(it);
}

/*
 * A first load of 6,000 firms into a nearly empty register sets the
 * enterprise indexes aside and builds them at the commit; undone, it brings
 * them back as they were. Either way every index is there afterwards.
 */
static void test_bulk_first_load(void **state)
{
	struct fixture *f = *state;
	char before[1024], during[1024], after[1024];
	fixture_text(f, INDEXES, before, sizeof before);
	assert_string_equal(before,
			    "enterprises_area_name,enterprises_area_uscc,enterprises_expiry_name,"
			    "enterprises_expiry_sort,enterprises_field_name,enterprises_name,"
			    "enterprises_tier_name,enterprises_tier_rank,enterprises_updated");
	load(f, 10000, 6000, 0, during, sizeof during);
	assert_string_equal(during, "(null)"); /* set aside */
	fixture_text(f, INDEXES, after, sizeof after);
	assert_string_equal(after, before);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM enterprises"), 3);
	load(f, 10000, 6000, 1, during, sizeof during);
	assert_string_equal(during, "(null)"); /* set aside */
	fixture_text(f, INDEXES, after, sizeof after);
	assert_string_equal(after, before);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM enterprises"), 6003);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM indicators"), 6000);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_log WHERE source = "
					  "'import:big.csv'"),
			 12000);
	/* the rebuilt indexes answer: the area index finds every firm of 530302 */
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM enterprises INDEXED BY "
					  "enterprises_area_name WHERE area = '530302'"),
			 6002);
	assert_string_equal(fixture_text(f, "PRAGMA integrity_check", after, sizeof after), "ok");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_outcomes),
		T(test_county_scope),
		T(test_audit_source),
		T(test_forbidden_roles),
		T(test_refused_row_keeps_group),
		T(test_uncommitted_is_undone),
		T(test_bulk_first_load),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
