/* Tests of ledger/user, ledger/session, ledger/login and ledger/area:
 * accounts and roles, argon2id passwords, sessions with hashed tokens,
 * login throttling, area seeding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "ledger/access/session.h"
#include "ledger/access/login.h"
#include "ledger/access/user.h"

#include "support/ledger_fixture.h"

static void test_password_hash(void **state)
{
	(void)state;
	char h[USER_HASH_MAX];
	struct err e;
	err_clear(&e);
	assert_int_equal(user_hash_password("short", h, &e), ERR_INVALID);
	assert_string_equal(e.field, "password");
	assert_int_equal(user_hash_password("a long enough one", h, NULL), 0);
	/* argon2id, libsodium's encoded form */
	assert_int_equal(strncmp(h, "$argon2id$", 10), 0);
}

static void test_login(void **state)
{
	struct fixture *f = *state;
	struct scope s;
	struct err e;

	assert_int_equal(user_verify_password(f->db, "county1", "correct horse", &s, NULL), 0);
	assert_int_equal(s.user_id, f->u_county1);
	assert_int_equal(s.role, ROLE_COUNTY);
	assert_string_equal(s.user_name, "county1");

	/* a wrong password and an unknown name give the same answer */
	err_clear(&e);
	assert_int_equal(user_verify_password(f->db, "county1", "wrong horse", &s, &e), ERR_AUTH);
	char msg[512];
	memcpy(msg, e.msg, sizeof msg);
	err_clear(&e);
	assert_int_equal(user_verify_password(f->db, "nobody", "correct horse", &s, &e), ERR_AUTH);
	assert_string_equal(e.msg, msg);

	/* the enterprise user's scope carries its enterprise */
	assert_int_equal(user_verify_password(f->db, "ent_a", "correct horse", &s, NULL), 0);
	assert_int_equal(s.role, ROLE_ENTERPRISE);
	assert_int_equal(s.enterprise_id, f->id_a);

	/* disabled: refused even with the right password, as a wrong password is */
	assert_int_equal(user_set_disabled(&f->sys, f->u_viewer, 1, NULL), 0);
	err_clear(&e);
	assert_int_equal(user_verify_password(f->db, "viewer1", "correct horse", &s, &e), ERR_AUTH);
	assert_string_equal(e.msg, msg);
	err_clear(&e);
	assert_int_equal(user_scope(f->db, f->u_viewer, &s, &e), ERR_AUTH);
	assert_int_equal(user_set_disabled(&f->sys, f->u_viewer, 0, NULL), 0);
	assert_int_equal(user_verify_password(f->db, "viewer1", "correct horse", &s, NULL), 0);
}

static void test_user_admin(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	struct user u, got, *list = NULL;
	struct err e;
	size_t n = 0;
	int64_t id = 0;
	const char *two[] = {"530322", "530323"};

	memset(&u, 0, sizeof u);
	u.name = "luliang";
	u.display_name = "陆良县科技局";
	u.role = ROLE_COUNTY;
	u.areas = two;
	u.n_areas = 2;
	/* only admin creates users */
	struct ledger city = fixture_as(f, f->u_city);
	err_clear(&e);
	assert_int_equal(user_create(&city, &u, NULL, fixture_hash, &id, &e), ERR_FORBIDDEN);
	assert_int_equal(user_create(&f->sys, &u, NULL, fixture_hash, &id, NULL), 0);
	assert_int_equal(user_get(&city, id, a, &got, NULL), 0);
	assert_string_equal(got.display_name, "陆良县科技局");
	assert_int_equal(got.n_areas, 2);
	assert_string_equal(got.areas[0], "530322");
	assert_string_equal(got.areas[1], "530323");
	/* the audit row never holds the password hash */
	char buf[2048];
	fixture_text(f,
		     "SELECT after_json FROM audit_log WHERE table_name = 'users' ORDER BY id DESC "
		     "LIMIT 1",
		     buf, sizeof buf);
	assert_non_null(strstr(buf, "\"areas\":[\"530322\",\"530323\"]"));
	assert_null(strstr(buf, "argon2"));

	struct {
		const char *why, *name;
		enum role role;
		size_t n_areas;
		const char *area, *uscc;
		int code;
		const char *field;
	} bad[] = {
		{"duplicate name", "luliang", ROLE_CITY, 0, NULL, NULL, ERR_CONFLICT, "name"},
		{"bad characters in the name", "陆良", ROLE_CITY, 0, NULL, NULL, ERR_INVALID,
		 "name"},
		{"county without areas", "c9", ROLE_COUNTY, 0, NULL, NULL, ERR_INVALID, "areas"},
		{"city with areas", "c9", ROLE_CITY, 1, "530302", NULL, ERR_INVALID, "areas"},
		{"county with an unknown area", "c9", ROLE_COUNTY, 1, "999999", NULL, ERR_INVALID,
		 "areas"},
		{"enterprise user without enterprise", "c9", ROLE_ENTERPRISE, 0, NULL, NULL,
		 ERR_INVALID, "enterprise"},
		{"enterprise user of an unknown enterprise", "c9", ROLE_ENTERPRISE, 0, NULL,
		 "91530302000000099X", ERR_INVALID, "enterprise"},
	};
	int64_t users = fixture_count(f, "SELECT count(*) FROM users");
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *areas[1] = {bad[i].area};
		memset(&u, 0, sizeof u);
		u.name = bad[i].name;
		u.role = bad[i].role;
		u.areas = areas;
		u.n_areas = bad[i].n_areas;
		u.enterprise_uscc = bad[i].uscc;
		err_clear(&e);
		int rc = user_create(&f->sys, &u, NULL, fixture_hash, NULL, &e);
		if (rc != bad[i].code || strcmp(e.field, bad[i].field) != 0)
			fail_msg("%s: rc %d field '%s' (%s)", bad[i].why, rc, e.field, e.msg);
	}
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM users"), users);
	/* county1, county2 and viewer1 of the fixture, and luliang's two */
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM user_areas"), 5);

	/* change role and areas: county2 becomes a viewer of 530381 */
	const char *xw[] = {"530381"};
	memset(&u, 0, sizeof u);
	u.name = "ignored";
	u.display_name = "宣威查看";
	u.role = ROLE_VIEWER;
	u.areas = xw;
	u.n_areas = 1;
	assert_int_equal(user_update(&f->sys, f->u_county2, &u, NULL), 0);
	assert_int_equal(user_get(&f->sys, f->u_county2, a, &got, NULL), 0);
	assert_string_equal(got.name, "county2");
	assert_int_equal(got.role, ROLE_VIEWER);
	assert_int_equal(got.n_areas, 1);
	assert_string_equal(got.areas[0], "530381");
	/* audited with the role and areas before and after */
	fixture_text(f,
		     "SELECT before_json || ' => ' || after_json FROM audit_log WHERE table_name = "
		     "'users' AND action = 'update' AND row_key = 'county2'",
		     buf, sizeof buf);
	assert_non_null(strstr(buf, "\"role\":\"county\""));
	assert_non_null(strstr(buf, "\"role\":\"viewer\""));
	assert_non_null(strstr(buf, "\"areas\":[\"530381\"]"));
	/* and its scope follows at once: it no longer sees C of 530303 */
	struct ledger c2 = fixture_as(f, f->u_county2);
	struct enterprise ent;
	err_clear(&e);
	assert_int_equal(enterprise_get(&c2, f->c, a, &ent, &e), ERR_NOT_FOUND);

	/* an admin cannot demote or disable themself */
	struct ledger adm = fixture_as(f, f->u_admin);
	memset(&u, 0, sizeof u);
	u.role = ROLE_CITY;
	err_clear(&e);
	assert_int_equal(user_update(&adm, f->u_admin, &u, &e), ERR_INVALID);
	err_clear(&e);
	assert_int_equal(user_set_disabled(&adm, f->u_admin, 1, &e), ERR_INVALID);

	/* listing: admin and city only; a county user reads only itself */
	assert_int_equal(user_list(&city, a, &list, &n, NULL), 0);
	assert_int_equal((int64_t)n, fixture_count(f, "SELECT count(*) FROM users"));
	struct ledger c1 = fixture_as(f, f->u_county1);
	err_clear(&e);
	assert_int_equal(user_list(&c1, a, &list, &n, &e), ERR_FORBIDDEN);
	assert_int_equal(user_get(&c1, f->u_county1, a, &got, NULL), 0);
	err_clear(&e);
	assert_int_equal(user_get(&c1, f->u_city, a, &got, &e), ERR_NOT_FOUND);
	assert_int_equal(user_get_by_name(&city, "ent_a", a, &got, NULL), 0);
	assert_string_equal(got.enterprise_uscc, f->a);
	arena_free(a);
}

static void test_password_change(void **state)
{
	struct fixture *f = *state;
	struct session s1, s2, out;
	struct scope sc;
	struct err e;
	int64_t now = 1800000000;

	assert_int_equal(session_create(f->db, f->u_county1, now, 3600, &s1, NULL), 0);
	assert_int_equal(session_create(f->db, f->u_county1, now, 3600, &s2, NULL), 0);
	struct ledger c1 = fixture_as(f, f->u_county1);
	/* one's own password: the old one is required */
	err_clear(&e);
	assert_int_equal(
		user_set_password(&c1, f->u_county1, "wrong horse", "new password 1", s1.token, &e),
		ERR_AUTH);
	assert_int_equal(user_set_password(&c1, f->u_county1, "correct horse", "new password 1",
					   s1.token, NULL),
			 0);
	/* the other sessions are revoked, the caller's kept */
	assert_int_equal(session_lookup(f->db, s1.token, now + 1, &out, NULL), 0);
	err_clear(&e);
	assert_int_equal(session_lookup(f->db, s2.token, now + 1, &out, &e), ERR_AUTH);
	assert_int_equal(user_verify_password(f->db, "county1", "new password 1", &sc, NULL), 0);
	err_clear(&e);
	assert_int_equal(user_verify_password(f->db, "county1", "correct horse", &sc, &e),
			 ERR_AUTH);
	/* one's own without the old password: refused as invalid input */
	err_clear(&e);
	assert_int_equal(user_set_password(&c1, f->u_county1, NULL, "new password 2", NULL, &e),
			 ERR_INVALID);
	assert_string_equal(e.field, "old_password");
	/* another user's password: admin only */
	struct ledger c2 = fixture_as(f, f->u_county2);
	err_clear(&e);
	assert_int_equal(user_set_password(&c2, f->u_county1, NULL, "hijacked pw", NULL, &e),
			 ERR_FORBIDDEN);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_log WHERE action = "
					  "'password' AND after_json NOT LIKE '%argon%'"),
			 1);
}

static void test_sessions(void **state)
{
	struct fixture *f = *state;
	struct session s, out;
	struct err e;
	int64_t now = 1800000000, n = -1;
	char sql[256];

	assert_int_equal(session_create(f->db, f->u_expert, now, 600, &s, NULL), 0);
	assert_int_equal(strlen(s.token), 64);
	assert_int_equal(strlen(s.csrf), 64);
	assert_string_not_equal(s.token, s.csrf);
	/* the token itself is not stored, only its hash */
	snprintf(sql, sizeof sql, "SELECT count(*) FROM sessions WHERE token_hash = '%s'", s.token);
	assert_int_equal(fixture_count(f, sql), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM sessions"), 1);

	assert_int_equal(session_lookup(f->db, s.token, now + 599, &out, NULL), 0);
	assert_int_equal(out.user_id, f->u_expert);
	assert_int_equal(out.scope.role, ROLE_EXPERT);
	assert_string_equal(out.csrf, s.csrf);
	assert_true(session_csrf_equal(out.csrf, s.csrf));
	assert_false(session_csrf_equal(out.csrf, "x"));
	assert_false(session_csrf_equal(NULL, s.csrf));
	/* expiry is exclusive: at now + 600 it is gone */
	err_clear(&e);
	assert_int_equal(session_lookup(f->db, s.token, now + 600, &out, &e), ERR_AUTH);
	/* malformed and unknown tokens */
	err_clear(&e);
	assert_int_equal(session_lookup(f->db, "abc", now, &out, &e), ERR_AUTH);
	char other[65];
	memset(other, 'a', 64);
	other[64] = '\0';
	err_clear(&e);
	assert_int_equal(session_lookup(f->db, other, now, &out, &e), ERR_AUTH);
	/* a disabled user's session is refused (and revoked) */
	assert_int_equal(session_create(f->db, f->u_viewer, now, 600, &s, NULL), 0);
	assert_int_equal(user_set_disabled(&f->sys, f->u_viewer, 1, NULL), 0);
	err_clear(&e);
	assert_int_equal(session_lookup(f->db, s.token, now, &out, &e), ERR_AUTH);
	/* log out */
	struct session t;
	assert_int_equal(session_create(f->db, f->u_city, now, 600, &t, NULL), 0);
	assert_int_equal(session_revoke(f->db, t.token, NULL), 0);
	err_clear(&e);
	assert_int_equal(session_lookup(f->db, t.token, now, &out, &e), ERR_AUTH);
	/* purge removes only the expired */
	assert_int_equal(session_create(f->db, f->u_city, now, 100, &t, NULL), 0);
	assert_int_equal(session_create(f->db, f->u_city, now, 1000, &t, NULL), 0);
	assert_int_equal(session_purge_expired(f->db, now + 600, &n, NULL), 0);
	assert_int_equal(n, 2); /* the expert's (600) and the 100-second one */
	assert_int_equal(session_lookup(f->db, t.token, now + 600, &out, NULL), 0);
}

/* The back-off: free failures, then 1, 2, 4 … minutes, never past the cap. */
static void test_backoff(void **state)
{
	(void)state;
	struct login_policy p;
	login_policy_default(&p);
	static const struct {
		int64_t failures, wait;
	} rows[] = {{0, 0},	{4, 0},	    {5, 60},	{6, 120},	{7, 240},
		    {10, 1920}, {11, 3600}, {60, 3600}, {1000000, 3600}};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		assert_int_equal(login_backoff(&p, rows[i].failures), rows[i].wait);
}

static int attempt(struct fixture *f, const char *name, const char *pw, const char *addr,
		   int64_t now, int64_t *retry, struct err *e)
{
	struct login_policy p;
	struct scope sc;
	struct session s;
	login_policy_default(&p);
	return login_attempt(f->db, name, pw, addr, now, &p, &sc, &s, retry, e);
}

static void test_login_throttle(void **state)
{
	struct fixture *f = *state;
	struct err e;
	int64_t now = 1800000000, wait = -1;

	/* 5 failures of county1 from one address: the 6th try is refused for 60 s, unevaluated */
	for (int i = 0; i < 5; i++)
		assert_int_equal(
			attempt(f, "county1", "wrong horse", "10.0.0.1", now + i, NULL, NULL),
			ERR_AUTH);
	err_clear(&e);
	assert_int_equal(attempt(f, "county1", "correct horse", "10.0.0.1", now + 10, &wait, &e),
			 ERR_THROTTLED);
	assert_int_equal(wait, 54); /* blocked at now + 4 for 60 s */
	assert_string_equal(e.msg, "登录失败次数过多，请1分钟后再试");
	/* the owner from another address is not locked out */
	assert_int_equal(attempt(f, "county1", "correct horse", "10.0.0.2", now + 10, NULL, NULL),
			 0);
	/* after the block, one more wrong try doubles it (120 s) */
	assert_int_equal(attempt(f, "county1", "wrong horse", "10.0.0.1", now + 64, NULL, NULL),
			 ERR_AUTH);
	assert_int_equal(attempt(f, "county1", "correct horse", "10.0.0.1", now + 100, &wait, NULL),
			 ERR_THROTTLED);
	assert_int_equal(wait, 84);
	/* counted: 8 attempts, 6 failures; refusals audited once per evaluated attempt */
	assert_int_equal(fixture_count(f,
				       "SELECT attempts * 10 + failures FROM login_throttle WHERE "
				       "account = 'county1' AND address = '10.0.0.1'"),
			 86);
	assert_int_equal(fixture_count(f,
				       "SELECT count(*) FROM audit_log WHERE action = "
				       "'login_failed' AND row_key = 'county1' AND after_json LIKE "
				       "'%\"address\":\"10.0.0.1\"%'"),
			 6);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_log WHERE action = "
					  "'login_throttled' AND row_key = 'county1'"),
			 2);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_log WHERE action = 'login' "
					  "AND user_name = 'county1' AND after_json = "
					  "'{\"address\":\"10.0.0.2\"}'"),
			 1);
	/* a success clears its pair */
	assert_int_equal(attempt(f, "county1", "correct horse", "10.0.0.1", now + 184, NULL, NULL),
			 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM login_throttle"), 0);
	/* failures are forgotten a day after the last one */
	for (int i = 0; i < 5; i++)
		attempt(f, "county2", "wrong horse", "10.0.0.3", now + i, NULL, NULL);
	assert_int_equal(
		attempt(f, "county2", "correct horse", "10.0.0.3", now + 4 + 86401, NULL, NULL), 0);
	/* a disabled account answers as a wrong password, audited with its reason */
	assert_int_equal(user_set_disabled(&f->sys, f->u_viewer, 1, NULL), 0);
	err_clear(&e);
	assert_int_equal(attempt(f, "viewer1", "correct horse", "10.0.0.4", now, NULL, &e),
			 ERR_AUTH);
	assert_string_equal(e.msg, "用户名或密码错误");
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_log WHERE action = "
					  "'login_failed' AND after_json LIKE '%\"disabled\"%'"),
			 1);
	/* twenty failures from one address over any names close it to every account */
	for (int i = 0; i < 20; i++) {
		char name[16];
		snprintf(name, sizeof name, "nobody%d", i);
		assert_int_equal(attempt(f, name, "x", "10.0.0.9", now + 1000, NULL, NULL),
				 ERR_AUTH);
	}
	assert_int_equal(
		attempt(f, "county1", "correct horse", "10.0.0.9", now + 1001, &wait, NULL),
		ERR_THROTTLED);
	assert_int_equal(wait, 899);
	/* no password in the audit log */
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_log WHERE after_json LIKE "
					  "'%horse%'"),
			 0);
	/* the purge drops what is stale: the address rows past 15 minutes, pairs past a day */
	struct login_policy p;
	login_policy_default(&p);
	int64_t ns = -1, na = -1;
	assert_int_equal(login_purge(f->db, now + 1000 + 900, &p, &ns, &na, NULL), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM login_attempts"), 0);
	assert_true(fixture_count(f, "SELECT count(*) FROM login_throttle") > 0);
	assert_int_equal(login_purge(f->db, now + 1000 + 86400 + 3600, &p, &ns, &na, NULL), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM login_throttle"), 0);
}

/* The count cannot be written: the attempt is refused, the password not evaluated. */
static void test_login_fails_closed(void **state)
{
	struct fixture *f = *state;
	struct err e;
	assert_int_equal(store_exec(f->db,
				    "CREATE TRIGGER no_count BEFORE INSERT ON login_throttle "
				    "BEGIN SELECT RAISE(ABORT, 'disk full'); END",
				    NULL),
			 0);
	err_clear(&e);
	assert_int_equal(attempt(f, "county1", "correct horse", "10.0.0.1", 1800000000, NULL, &e),
			 ERR_DB);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM sessions"), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_log WHERE action = 'login'"),
			 0);
}

/* Idle timeout: a session unused for the idle time ends before its absolute expiry. */
static void test_session_idle(void **state)
{
	struct fixture *f = *state;
	struct session s, out;
	struct err e;
	int64_t now = 1800000000, n = -1;
	session_set_limits(0, 600);
	assert_int_equal(session_create(f->db, f->u_city, now, 3600, &s, NULL), 0);
	/* used at +599 (marked), so still live at +1100 … */
	assert_int_equal(session_lookup(f->db, s.token, now + 599, &out, NULL), 0);
	assert_int_equal(session_lookup(f->db, s.token, now + 1100, &out, NULL), 0);
	/* … but not 600 s after its last use */
	err_clear(&e);
	assert_int_equal(session_lookup(f->db, s.token, now + 1700, &out, &e), ERR_AUTH);
	/* the purge takes idle sessions too */
	struct session t;
	assert_int_equal(session_create(f->db, f->u_city, now, 3600, &t, NULL), 0);
	assert_int_equal(session_purge_expired(f->db, now + 600, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM sessions"), 1);
	session_set_limits(0, SESSION_IDLE);
}

/* New passwords: not the user name, not among the commonest; the demo's hashes are not checked. */
static void test_password_policy(void **state)
{
	struct fixture *f = *state;
	struct err e;
	static const char *const refused[] = {"12345678", "Password", "qwerty123", "gaoqi2026",
					      "GAOQI2026"};
	struct ledger c1 = fixture_as(f, f->u_county1);
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		err_clear(&e);
		assert_int_equal(
			user_set_password(&c1, f->u_county1, "correct horse", refused[i], NULL, &e),
			ERR_INVALID);
		assert_string_equal(e.field, "password");
		assert_string_equal(e.msg, "密码过于常见，容易被猜中，请换一个");
	}
	err_clear(&e);
	assert_int_equal(user_password_policy("county1", "COUNTY1", &e), ERR_INVALID);
	assert_string_equal(e.msg, "密码不能与用户名相同");
	struct user u = {.name = "zhang.wei", .display_name = "张伟", .role = ROLE_CITY};
	err_clear(&e);
	assert_int_equal(user_create(&f->sys, &u, "Zhang.Wei", NULL, NULL, &e), ERR_INVALID);
	assert_string_equal(e.msg, "密码不能与用户名相同");
	assert_int_equal(user_create(&f->sys, &u, "zhang-wei-2026", NULL, NULL, NULL), 0);
	/* a ready hash (the demo's seeding) is taken as it is */
	char h[USER_HASH_MAX];
	assert_int_equal(user_hash_password("gaoqi2026", h, NULL), 0);
	struct user d = {.name = "demo.city", .display_name = "演示", .role = ROLE_CITY};
	assert_int_equal(user_create(&f->sys, &d, NULL, h, NULL, NULL), 0);
}

/* ---- areas ------------------------------------------------------------------------- */

static void test_areas(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	struct area *items = NULL, one;
	struct err e;
	size_t n = 0;
	int count = 0;

	/* the default seed: Qujing's nine areas plus the development zone */
	assert_int_equal(area_list(&f->sys, a, &items, &n, NULL), 0);
	assert_int_equal(n, 10);
	assert_int_equal(area_get(&f->sys, "530303", a, &one, NULL), 0);
	assert_string_equal(one.name, "沾益区");
	assert_string_equal(one.old_codes, "530328");
	assert_int_equal(area_get(&f->sys, "QJETDZ", a, &one, NULL), 0);
	assert_string_equal(one.kind, "zone");
	/* everyone may list areas */
	struct ledger ent = fixture_as(f, f->u_ent);
	assert_int_equal(area_list(&ent, a, &items, &n, NULL), 0);
	assert_int_equal(n, 10);

	/* seeding again changes nothing and writes no audit */
	int64_t audits = fixture_count(f, "SELECT count(*) FROM audit_log");
	assert_int_equal(area_seed_default(&f->sys, &count, NULL), 0);
	assert_int_equal(count, 10);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_log"), audits);

	/* another city's file: one new area, one renamed */
	const char *tsv = "# test\ncode\tname\tkind\told_codes\n"
			  "530302\t麒麟区（新）\tdistrict\t\n"
			  "530402\t红塔区\tdistrict\t530401,530400\n";
	assert_int_equal(area_seed_tsv(&f->sys, tsv, strlen(tsv), &count, NULL), 0);
	assert_int_equal(count, 2);
	assert_int_equal(area_get(&f->sys, "530402", a, &one, NULL), 0);
	assert_string_equal(one.old_codes, "530401,530400");
	/* exactly two audit rows: the creation and the renaming */
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_log"), audits + 2);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_log WHERE table_name = "
					  "'areas' AND action = 'update' AND row_key = '530302'"),
			 1);

	/* a bad line: all or nothing, the message names the line */
	const char *bad = "code\tname\tkind\n530421\t江川区\tdistrict\n530422\t澄江市\ttown\n";
	err_clear(&e);
	assert_int_equal(area_seed_tsv(&f->sys, bad, strlen(bad), &count, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "第3行"));
	assert_non_null(strstr(e.msg, "town"));
	err_clear(&e);
	assert_int_equal(area_get(&f->sys, "530421", a, &one, &e), ERR_NOT_FOUND);
	/* only admin seeds */
	struct ledger city = fixture_as(f, f->u_city);
	err_clear(&e);
	assert_int_equal(area_seed_tsv(&city, tsv, strlen(tsv), &count, &e), ERR_FORBIDDEN);
	/* a missing file */
	err_clear(&e);
	assert_int_equal(area_seed_file(&f->sys, "/nonexistent/areas.tsv", &count, &e), ERR_IO);
	arena_free(a);
}

/*
 * The audit row of a user write shows what the database holds afterwards:
 * areas sorted and without repeats, the enterprise's USCC normalised; and
 * the same areas in another order are no change (no write, no audit).
 */
static void test_user_audit_after(void **state)
{
	struct fixture *f = *state;
	const char *dup[] = {"530303", "530302", "530302"};
	const char *same[] = {"530302", "530303"};
	char lower[19], buf[1024];
	struct {
		const char *why;
		enum role role;
		const char **areas;
		size_t n_areas;
		const char *uscc;
		int64_t audit_rows; /* audit rows of county1 afterwards */
		const char *want;   /* in the last after_json of county1 */
	} cases[] = {
		{"areas 530303, 530302, 530302 are audited as stored: [530302, 530303]",
		 ROLE_COUNTY, dup, 3, NULL, 1, "\"areas\":[\"530302\",\"530303\"]"},
		{"the same areas in another order change nothing: still one audit row", ROLE_COUNTY,
		 same, 2, NULL, 1, "\"areas\":[\"530302\",\"530303\"]"},
		{"a lower-case USCC is audited upper-case, as stored", ROLE_ENTERPRISE, NULL, 0,
		 lower, 2, NULL},
	};
	for (size_t i = 0; i < strlen(f->b); i++)
		lower[i] =
			(f->b[i] >= 'A' && f->b[i] <= 'Z') ? (char)(f->b[i] - 'A' + 'a') : f->b[i];
	lower[18] = '\0';
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct user u;
		struct err e;
		memset(&u, 0, sizeof u);
		u.display_name = "county1";
		u.role = cases[i].role;
		u.areas = cases[i].areas;
		u.n_areas = cases[i].n_areas;
		u.enterprise_uscc = cases[i].uscc;
		err_clear(&e);
		if (user_update(&f->sys, f->u_county1, &u, &e))
			fail_msg("%s: %s", cases[i].why, e.msg);
		int64_t rows =
			fixture_count(f, "SELECT count(*) FROM audit_log WHERE table_name = "
					 "'users' AND action = 'update' AND row_key = 'county1'");
		if (rows != cases[i].audit_rows)
			fail_msg("%s: %lld audit rows", cases[i].why, (long long)rows);
		fixture_text(f,
			     "SELECT after_json FROM audit_log WHERE table_name = 'users' AND "
			     "row_key = 'county1' ORDER BY id DESC LIMIT 1",
			     buf, sizeof buf);
		const char *want = cases[i].want;
		char ent[64];
		if (!want) {
			snprintf(ent, sizeof ent, "\"enterprise\":\"%s\"", f->b);
			want = ent;
		}
		if (!strstr(buf, want))
			fail_msg("%s: after %s", cases[i].why, buf);
	}
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_password_hash),
		T(test_login),
		T(test_user_admin),
		T(test_password_change),
		T(test_sessions),
		cmocka_unit_test(test_backoff),
		T(test_login_throttle),
		T(test_login_fails_closed),
		T(test_session_idle),
		T(test_password_policy),
		T(test_areas),
		T(test_user_audit_after),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
