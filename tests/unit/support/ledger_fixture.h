/*
 * A test fixture shared by the ledger unit tests: an in-memory database with
 * the schema, Qujing's areas, a few enterprises and one user of every role.
 *
 *   county1   county, area 530302 (麒麟区)
 *   county2   county, area 530303 (沾益区)
 *   expert1   expert, assigned to enterprise A only
 *   viewer1   viewer, area 530302
 *   ent_a     enterprise user of enterprise A
 *   city1     city
 *
 * Enterprises: A and B in 530302, C in 530303. Passwords are hashed once per
 * test program (argon2id is deliberately slow).
 */
#ifndef GAOQI_TESTS_LEDGER_FIXTURE_H
#define GAOQI_TESTS_LEDGER_FIXTURE_H

#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "ledger/register/area.h"
#include "ledger/register/enterprise.h"
#include "ledger/ledger.h"
#include "ledger/access/user.h"
#include "rules/uscc.h"
#include "store/store.h"

struct fixture {
	struct store *db;
	struct ledger sys; /* system (admin) scope */
	char a[19], b[19], c[19];
	int64_t id_a, id_b, id_c;
	int64_t u_county1, u_county2, u_expert, u_viewer, u_ent, u_city, u_admin;
};

static char fixture_hash[USER_HASH_MAX];

/* A valid USCC "91" + REGION + 9-digit SERIAL + check character. */
static inline void fixture_uscc(const char *region, int serial, char out[19])
{
	snprintf(out, 19, "91%.6s%09d", region, serial);
	out[17] = uscc_check_char(out);
	out[18] = '\0';
}

static inline struct ledger fixture_as(struct fixture *f, int64_t user_id)
{
	struct ledger l;
	struct scope s;
	struct err e;
	err_clear(&e);
	if (user_scope(f->db, user_id, &s, &e))
		fail_msg("user_scope %lld: %s", (long long)user_id, e.msg);
	ledger_init(&l, f->db, &s, "test");
	return l;
}

static inline int64_t fixture_user(struct fixture *f, const char *name, enum role role,
				   const char *area, const char *uscc)
{
	struct user u;
	struct err e;
	int64_t id = 0;
	const char *areas[1] = {area};
	memset(&u, 0, sizeof u);
	u.name = name;
	u.display_name = name;
	u.role = role;
	u.areas = area ? areas : NULL;
	u.n_areas = area ? 1 : 0;
	u.enterprise_uscc = uscc;
	err_clear(&e);
	if (user_create(&f->sys, &u, NULL, fixture_hash, &id, &e))
		fail_msg("user_create %s: %s", name, e.msg);
	return id;
}

static inline int64_t fixture_enterprise(struct fixture *f, const char *uscc, const char *name,
					 const char *area)
{
	struct enterprise ent;
	struct err e;
	int64_t id = 0;
	enterprise_init(&ent);
	memcpy(ent.uscc, uscc, 19);
	ent.name = name;
	ent.area = area;
	ent.field = "101";
	ent.registered_on = date_from_ymd(2019, 5, 20);
	err_clear(&e);
	if (enterprise_create(&f->sys, &ent, &id, &e))
		fail_msg("enterprise_create %s: %s", uscc, e.msg);
	return id;
}

static inline int fixture_setup(void **state)
{
	static struct fixture f;
	struct err e;
	struct scope sys = ledger_system_scope();
	memset(&f, 0, sizeof f);
	err_clear(&e);
	if (!fixture_hash[0] && user_hash_password("correct horse", fixture_hash, &e))
		return -1;
	if (store_open(":memory:", 0, &f.db, &e) || store_migrate(f.db, NULL, &e))
		return -1;
	ledger_init(&f.sys, f.db, &sys, "test");
	if (area_seed_default(&f.sys, NULL, &e))
		return -1;
	fixture_uscc("530302", 1, f.a);
	fixture_uscc("530302", 2, f.b);
	fixture_uscc("530303", 3, f.c);
	f.id_a = fixture_enterprise(&f, f.a, "曲靖甲科技有限公司", "530302");
	f.id_b = fixture_enterprise(&f, f.b, "曲靖乙材料有限公司", "530302");
	f.id_c = fixture_enterprise(&f, f.c, "沾益丙化工有限公司", "530303");
	f.u_admin = fixture_user(&f, "admin1", ROLE_ADMIN, NULL, NULL);
	f.u_city = fixture_user(&f, "city1", ROLE_CITY, NULL, NULL);
	f.u_county1 = fixture_user(&f, "county1", ROLE_COUNTY, "530302", NULL);
	f.u_county2 = fixture_user(&f, "county2", ROLE_COUNTY, "530303", NULL);
	f.u_expert = fixture_user(&f, "expert1", ROLE_EXPERT, NULL, NULL);
	f.u_viewer = fixture_user(&f, "viewer1", ROLE_VIEWER, "530302", NULL);
	f.u_ent = fixture_user(&f, "ent_a", ROLE_ENTERPRISE, NULL, f.a);
	if (enterprise_assign_expert(&f.sys, f.a, f.u_expert, &e))
		return -1;
	*state = &f;
	return 0;
}

static inline int fixture_teardown(void **state)
{
	struct fixture *f = *state;
	store_close(f->db);
	return 0;
}

/* The number of rows SQL counts. */
static inline int64_t fixture_count(struct fixture *f, const char *sql)
{
	struct store_stmt *st = NULL;
	int64_t n = -1;
	if (store_prepare(f->db, sql, &st, NULL) == 0 && store_step(st, NULL) == STORE_ROW)
		n = store_column_int(st, 0);
	store_finish(st);
	return n;
}

/* The text of the first column of the first row of SQL ("" when none) into OUT. */
static inline const char *fixture_text(struct fixture *f, const char *sql, char *out, size_t n)
{
	struct store_stmt *st = NULL;
	out[0] = '\0';
	if (store_prepare(f->db, sql, &st, NULL) == 0 && store_step(st, NULL) == STORE_ROW) {
		const char *t = store_column_text(st, 0, NULL);
		snprintf(out, n, "%s", t ? t : "(null)");
	}
	store_finish(st);
	return out;
}

/* The number of audit rows of TABLE with row key KEY (any action when ACTION is NULL). */
static inline int64_t fixture_audit_rows(struct fixture *f, const char *table, const char *key,
					 const char *action)
{
	char sql[512];
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM audit_log WHERE table_name = '%s' AND row_key = '%s'%s%s%s",
		 table, key, action ? " AND action = '" : "", action ? action : "",
		 action ? "'" : "");
	return fixture_count(f, sql);
}

/* COLUMN ("before_json", "after_json", "user_name") of the latest audit row of TABLE/KEY. */
static inline const char *fixture_audit_last(struct fixture *f, const char *table, const char *key,
					     const char *column, char *out, size_t n)
{
	char sql[512];
	snprintf(sql, sizeof sql,
		 "SELECT %s FROM audit_log WHERE table_name = '%s' AND row_key = '%s' "
		 "ORDER BY id DESC LIMIT 1",
		 column, table, key);
	return fixture_text(f, sql, out, n);
}

#endif
