/*
 * Tests of ledger/base/seed (and the row functions of the table owners): only
 * the system or an admin may seed; a load is audited as exactly one record in
 * its own transaction; a bad row rolls the whole load back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ledger/base/seed.h"
#include "ledger/records/indicator.h"
#include "ledger/records/ip.h"
#include "ledger/records/qualitative.h"
#include "support/ledger_fixture.h"

#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)

static const char *const enterprise_indexes =
	"SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'enterprises' "
	"AND sql IS NOT NULL";

/* A seeded firm in 530302 with USCC serial SERIAL. */
static void seed_firm(struct enterprise *ent, char uscc[19], int serial, const char *name)
{
	fixture_uscc("530302", serial, uscc);
	enterprise_init(ent);
	memcpy(ent->uscc, uscc, 19);
	ent->name = name;
	ent->area = "530302";
	ent->tier = TIER_RESERVE;
	ent->registered_on = date_from_ymd(2018, 3, 1);
}

/*
 * The records of a seeded firm ID, each asserted to be written: a tier change
 * to reserve, the indicators and the ratings of YEAR, a software copyright
 * numbered NUMBER.
 */
static void seed_records(struct ledger_seed *s, int64_t id, int year, const char *number)
{
	struct err e;
	struct indicator in;
	struct ip_item it;
	struct qualitative q;
	err_clear(&e);
	assert_int_equal(enterprise_seed_tier(s, id, 0, TIER_PROSPECT, TIER_RESERVE,
					      date_from_ymd(year, 5, 6), "入库", &e),
			 0);
	indicator_init(&in, year);
	in.sales_main = 5300000000; /* 53,000,000.00 元 */
	assert_int_equal(indicator_seed(s, id, &in, &e), 0);
	ip_item_init(&it);
	it.kind = "software_copyright";
	it.number = number;
	it.title = "好行管理系统V1.0";
	assert_int_equal(ip_seed(s, id, &it, &e), 0);
	qualitative_init(&q, year);
	q.advancement.band = 'A';
	assert_int_equal(qualitative_seed(s, id, &q, &e), 0);
}

/* Every row of the tables a seed writes, and the audit rows: what a rollback must restore. */
static int64_t rows_now(struct fixture *f)
{
	return fixture_count(f, "SELECT (SELECT count(*) FROM enterprises) + (SELECT count(*) FROM "
				"tier_history) + (SELECT count(*) FROM indicators) + (SELECT "
				"count(*) FROM ip_items) + (SELECT count(*) FROM qualitative) + "
				"(SELECT count(*) FROM expert_assignments) + (SELECT count(*) FROM "
				"audit_log) + (SELECT count(*) FROM users)");
}

/*
 * Only the system and admins seed: city, county, expert, enterprise and
 * viewer get ERR_FORBIDDEN, and nothing is left open or written.
 */
static void test_only_the_system_and_admins_seed(void **state)
{
	struct fixture *f = *state;
	struct {
		const char *who;
		int64_t user; /* 0: the system */
		int want;
	} cases[] = {
		{"system", 0, 0},
		{"admin1", f->u_admin, 0},
		{"city1", f->u_city, ERR_FORBIDDEN},
		{"county1 (530302, the firm's area)", f->u_county1, ERR_FORBIDDEN},
		{"expert1", f->u_expert, ERR_FORBIDDEN},
		{"ent_a", f->u_ent, ERR_FORBIDDEN},
		{"viewer1", f->u_viewer, ERR_FORBIDDEN},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct ledger l = cases[i].user ? fixture_as(f, cases[i].user) : f->sys;
		struct ledger_seed s;
		struct err e;
		err_clear(&e);
		int64_t before = rows_now(f);
		int rc = ledger_seed_begin(&l, "demo", 10, &s, &e);
		if (rc != cases[i].want)
			fail_msg("%s: begin gave %d, want %d (%s)", cases[i].who, rc, cases[i].want,
				 e.msg);
		if (rc == 0) {
			ledger_seed_abort(&s);
			continue;
		}
		assert_string_equal(e.msg, "只有系统管理员可以批量写入数据");
		/* a refused seed is closed: its rows are refused too */
		struct enterprise ent;
		char uscc[19];
		int64_t id = 0;
		seed_firm(&ent, uscc, 101, "麒麟区越权科技有限公司");
		assert_int_equal(enterprise_seed(&s, &ent, &id, &e), ERR_INTERNAL);
		assert_int_equal(ledger_seed_end(&s, &e), ERR_INTERNAL);
		/* nothing open, nothing written */
		assert_int_equal(store_in_transaction(f->db), 0);
		assert_int_equal(rows_now(f), before);
	}
}

/*
 * A load of two firms with their records by admin1 is ONE audit record in
 * the load's transaction — action "demo", table "enterprises", row "*",
 * the user and source of the ledger, the rows per table and the caller's
 * note — and no audit row per seeded row. The firms take ids 4 and 5 (the
 * fixture holds 1–3); tier history and ratings carry admin1's name.
 */
static void test_a_load_is_one_audit_record(void **state)
{
	struct fixture *f = *state;
	struct ledger l = fixture_as(f, f->u_admin);
	struct ledger_seed s;
	struct err e;
	char buf[512];
	err_clear(&e);
	int64_t audit_before = fixture_count(f, "SELECT count(*) FROM audit_log");
	assert_int_equal(ledger_seed_begin(&l, "demo", 2, &s, &e), 0);

	struct enterprise ent;
	char u1[19], u2[19];
	int64_t id1 = 0, id2 = 0;
	seed_firm(&ent, u1, 101, "麒麟区种子甲科技有限公司");
	assert_int_equal(enterprise_seed(&s, &ent, &id1, &e), 0);
	seed_firm(&ent, u2, 102, "麒麟区种子乙材料有限公司");
	assert_int_equal(enterprise_seed(&s, &ent, &id2, &e), 0);
	assert_int_equal(id1, 4);
	assert_int_equal(id2, 5);
	seed_records(&s, id1, 2025, "2025SR0000001");
	assert_int_equal(enterprise_seed_tier(&s, id1, 1, TIER_RESERVE, TIER_KEY,
					      date_from_ymd(2026, 3, 1), "重点培育", &e),
			 0);
	assert_int_equal(enterprise_seed_expert(&s, id2, f->u_expert, &e), 0);
	ledger_seed_note(&s, "users", 0);
	/* every row so far in the one open transaction */
	assert_int_equal(store_in_transaction(f->db), 1);
	assert_int_equal(ledger_seed_end(&s, &e), 0);
	assert_int_equal(store_in_transaction(f->db), 0);

	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_log"), audit_before + 1);
	fixture_text(f,
		     "SELECT action || '|' || table_name || '|' || row_key || '|' || user_name || "
		     "'|' || source || '|' || after_json FROM audit_log ORDER BY id DESC LIMIT 1",
		     buf, sizeof buf);
	assert_string_equal(buf, "demo|enterprises|*|admin1|test|{\"enterprises\":2,"
				 "\"expert_assignments\":1,\"indicators\":1,\"ip_items\":1,"
				 "\"qualitative\":1,\"tier_history\":2,\"users\":0}");
	fixture_text(f,
		     "SELECT group_concat(user_name || ':' || to_tier, ',') FROM tier_history "
		     "WHERE enterprise_id = 4",
		     buf, sizeof buf);
	assert_string_equal(buf, "admin1:reserve,admin1:key");
	fixture_text(f, "SELECT rated_by FROM qualitative WHERE enterprise_id = 4", buf,
		     sizeof buf);
	assert_string_equal(buf, "admin1");
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM enterprises"), 5);
	assert_int_equal(fixture_count(f, enterprise_indexes), 9); /* built again at the end */
}

enum bad_row {
	BAD_USCC_TAKEN,	  /* enterprise_seed: A's USCC */
	BAD_AREA,	  /* enterprise_seed: an area that does not exist */
	BAD_ENTERPRISE,	  /* indicator_seed: an enterprise id that does not exist */
	BAD_YEAR_TWICE,	  /* indicator_seed: the same year again */
	BAD_IP_NUMBER,	  /* ip_seed: the same number again for the firm */
	BAD_RATING_TWICE, /* qualitative_seed: the same year again */
	BAD_TIER_UNKNOWN, /* enterprise_seed_tier: an enterprise id that does not exist */
	BAD_EXPERT_TWICE, /* enterprise_seed_expert: the same assignment again */
};

/* Write the bad row KIND into S, after the good rows of firm ID; its result. */
static int write_bad(struct ledger_seed *s, enum bad_row kind, int64_t id, const char *taken,
		     int64_t expert, struct err *e)
{
	struct enterprise ent;
	char uscc[19];
	int64_t nid = 0;
	struct indicator in;
	struct ip_item it;
	struct qualitative q;
	switch (kind) {
	case BAD_USCC_TAKEN:
		seed_firm(&ent, uscc, 103, "麒麟区重复代码有限公司");
		memcpy(ent.uscc, taken, 19);
		return enterprise_seed(s, &ent, &nid, e);
	case BAD_AREA:
		seed_firm(&ent, uscc, 104, "不存在区域科技有限公司");
		ent.area = "999999";
		return enterprise_seed(s, &ent, &nid, e);
	case BAD_ENTERPRISE: indicator_init(&in, 2025); return indicator_seed(s, 9999, &in, e);
	case BAD_YEAR_TWICE: indicator_init(&in, 2024); return indicator_seed(s, id, &in, e);
	case BAD_IP_NUMBER:
		ip_item_init(&it);
		it.kind = "software_copyright";
		it.number = "2024SR0000001";
		it.title = "另一套软件V1.0";
		return ip_seed(s, id, &it, e);
	case BAD_RATING_TWICE: qualitative_init(&q, 2024); return qualitative_seed(s, id, &q, e);
	case BAD_TIER_UNKNOWN:
		return enterprise_seed_tier(s, 9999, 0, TIER_PROSPECT, TIER_PROSPECT,
					    date_from_ymd(2024, 1, 2), "排查", e);
	case BAD_EXPERT_TWICE: return enterprise_seed_expert(s, id, expert, e);
	}
	return 0;
}

/*
 * A bad row anywhere in a load undoes the whole load at once — the firms and
 * records written before it, a user created through user_create meanwhile,
 * the indexes set aside — writes no audit record, and closes the seed: the
 * next row and the end are refused, the abort is a no-op.
 */
static void test_a_bad_row_rolls_back_the_whole_load(void **state)
{
	struct fixture *f = *state;
	struct {
		const char *why;
		enum bad_row kind;
		int code;
		const char *field;
	} cases[] = {
		{"a USCC the register has", BAD_USCC_TAKEN, ERR_CONFLICT, "uscc"},
		{"an unknown area", BAD_AREA, ERR_INVALID, "area"},
		{"a year of an unknown enterprise", BAD_ENTERPRISE, ERR_INVALID, ""},
		{"a year written twice", BAD_YEAR_TWICE, ERR_CONFLICT, "year"},
		{"an IP number written twice", BAD_IP_NUMBER, ERR_CONFLICT, "number"},
		{"ratings of a year written twice", BAD_RATING_TWICE, ERR_CONFLICT, "year"},
		{"a tier change of an unknown enterprise", BAD_TIER_UNKNOWN, ERR_INVALID,
		 "enterprise_id"},
		{"an expert assigned twice", BAD_EXPERT_TWICE, ERR_CONFLICT, "expert_id"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct ledger_seed s;
		struct err e;
		err_clear(&e);
		int64_t before = rows_now(f);
		assert_int_equal(ledger_seed_begin(&f->sys, "demo", 100, &s, &e), 0);
		assert_int_equal(fixture_count(f, enterprise_indexes), 0);

		/* good rows: a firm with its records and an expert */
		struct enterprise ent;
		char uscc[19];
		int64_t id = 0;
		seed_firm(&ent, uscc, 105, "麒麟区好行科技有限公司");
		assert_int_equal(enterprise_seed(&s, &ent, &id, &e), 0);
		seed_records(&s, id, 2024, "2024SR0000001");
		assert_int_equal(enterprise_seed_expert(&s, id, f->u_expert, &e), 0);
		fixture_user(f, "seeded_user", ROLE_CITY, NULL, NULL); /* joins the load */

		int rc = write_bad(&s, cases[i].kind, id, f->a, f->u_expert, &e);
		if (rc != cases[i].code || strcmp(e.field, cases[i].field))
			fail_msg("%s: got %d (%s: %s), want %d (%s)", cases[i].why, rc, e.field,
				 e.msg, cases[i].code, cases[i].field);
		/* all undone at once, nothing left open */
		assert_int_equal(store_in_transaction(f->db), 0);
		if (rows_now(f) != before)
			fail_msg("%s: %lld rows, want %lld", cases[i].why, (long long)rows_now(f),
				 (long long)before);
		assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_log WHERE action = "
						  "'demo'"),
				 0);
		assert_int_equal(fixture_count(f, enterprise_indexes), 9);
		/* the seed is closed */
		struct indicator in;
		indicator_init(&in, 2023);
		assert_int_equal(indicator_seed(&s, 1, &in, &e), ERR_INTERNAL);
		assert_int_equal(ledger_seed_end(&s, &e), ERR_INTERNAL);
		ledger_seed_abort(&s);
		assert_int_equal(rows_now(f), before);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_only_the_system_and_admins_seed),
		T(test_a_load_is_one_audit_record),
		T(test_a_bad_row_rolls_back_the_whole_load),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
