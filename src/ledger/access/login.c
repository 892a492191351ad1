/*
 * login — throttled, audited logins and logouts.
 */
#include "ledger/access/login.h"
#include "ledger/internal.h"

#include <stdlib.h>
#include <string.h>

#include "ledger/access/user.h"
#include "ledger/base/audit.h"
#include "ledger/base/json.h"

#define KEY_MAX 63 /* bytes of an account or address kept (scope.user_name holds 63) */

void login_policy_default(struct login_policy *p)
{
	p->free = 5;
	p->base = 60;
	p->cap = 3600;
	p->forget = 86400;
	p->addr_max = 20;
	p->addr_window = 900;
	p->session_ttl = session_ttl();
}

int64_t login_backoff(const struct login_policy *p, int64_t failures)
{
	if (failures < p->free)
		return 0;
	int64_t wait = p->base;
	for (int64_t i = p->free; i < failures && wait < p->cap; i++)
		wait *= 2;
	return wait < p->cap ? wait : p->cap;
}

/* Copy S cut to KEY_MAX bytes on a UTF-8 boundary. */
static void cut_key(const char *s, char out[KEY_MAX + 1])
{
	size_t n = s ? strlen(s) : 0;
	if (n > KEY_MAX) {
		n = KEY_MAX;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	if (n)
		memcpy(out, s, n);
	out[n] = '\0';
}

/* A ledger on DB that audits as the account NAME (user USER_ID, 0 = not a known user). */
static void login_ledger(struct ledger *l, struct store *db, const char *name, int64_t user_id)
{
	struct scope sc;
	memset(&sc, 0, sizeof sc);
	sc.role = ROLE_VIEWER;
	sc.user_id = user_id;
	cut_key(name, sc.user_name);
	ledger_init(l, db, &sc, "api");
}

/* Audit ACTION on the account of L with the JSON {"address": ADDRESS, KEY: VALUE…}. */
static int audit_login(struct ledger *l, const char *action, const char *address,
		       const char *reason, const char *num_key, int64_t num, struct err *e)
{
	json_t *o = json_object();
	ledger_json_str(o, "address", address);
	if (reason)
		ledger_json_str(o, "reason", reason);
	if (num_key)
		ledger_json_int(o, num_key, num);
	char *after = ledger_json_take(o);
	int rc = audit_record(l, action, "sessions", l->scope.user_name, NULL, after, e);
	free(after);
	return rc;
}

struct pair {
	int64_t failures, attempts, refused, last_at, blocked_until;
};

static int pair_load(struct store *db, const char *acct, const char *addr, int64_t now,
		     const struct login_policy *p, struct pair *out, struct err *e)
{
	struct store_stmt *st = NULL;
	memset(out, 0, sizeof *out);
	out->last_at = now;
	int rc = store_prepare(db,
			       "SELECT failures, attempts, refused, last_at, blocked_until FROM "
			       "login_throttle WHERE account = $1 AND address = $2",
			       &st, e);
	if (rc)
		return rc;
	store_bind_text(st, 1, acct, STORE_NTS);
	store_bind_text(st, 2, addr, STORE_NTS);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		out->failures = store_column_int(st, 0);
		out->attempts = store_column_int(st, 1);
		out->refused = store_column_int(st, 2);
		out->last_at = store_column_int(st, 3);
		out->blocked_until = store_column_int(st, 4);
		if (now - out->last_at > p->forget && out->blocked_until <= now) {
			out->failures = 0; /* forgotten */
			out->blocked_until = 0;
		}
	}
	store_finish(st);
	return rc < 0 ? rc : 0;
}

static int pair_save(struct store *db, const char *acct, const char *addr, const struct pair *v,
		     struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = store_prepare(
		db,
		"INSERT INTO login_throttle (account, address, failures, attempts, refused, "
		"last_at, "
		"blocked_until) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (account, address) "
		"DO UPDATE SET failures = excluded.failures, attempts = excluded.attempts, "
		"refused = excluded.refused, last_at = excluded.last_at, "
		"blocked_until = excluded.blocked_until",
		&st, e);
	if (rc)
		return rc;
	store_bind_text(st, 1, acct, STORE_NTS);
	store_bind_text(st, 2, addr, STORE_NTS);
	store_bind_int(st, 3, v->failures);
	store_bind_int(st, 4, v->attempts);
	store_bind_int(st, 5, v->refused);
	store_bind_int(st, 6, v->last_at);
	store_bind_int(st, 7, v->blocked_until);
	rc = store_run(st, e);
	store_finish(st);
	return rc;
}

/* Seconds until ADDR may fail again (0 = now): its last ADDR_MAX failures in the window. */
static int addr_wait(struct store *db, const char *addr, int64_t now, const struct login_policy *p,
		     int64_t *wait, struct err *e)
{
	struct store_stmt *st = NULL;
	*wait = 0;
	int rc = store_prepare(
		db,
		"SELECT count(*), coalesce(min(at), 0) FROM (SELECT at FROM login_attempts "
		"WHERE kind = 'addr' AND key = $1 AND at > $2 ORDER BY at DESC LIMIT $3) AS recent",
		&st, e);
	if (rc)
		return rc;
	store_bind_text(st, 1, addr, STORE_NTS);
	store_bind_int(st, 2, now - p->addr_window);
	store_bind_int(st, 3, p->addr_max);
	rc = store_step(st, e);
	if (rc == STORE_ROW && store_column_int(st, 0) >= p->addr_max) {
		int64_t w = store_column_int(st, 1) + p->addr_window - now;
		*wait = w < 1 ? 1 : w;
	}
	store_finish(st);
	return rc < 0 ? rc : 0;
}

static int addr_count(struct store *db, const char *addr, int64_t now, int64_t *id, struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = store_prepare(db,
			       "INSERT INTO login_attempts (kind, key, at) VALUES ('addr', $1, $2) "
			       "RETURNING id",
			       &st, e);
	if (rc)
		return rc;
	store_bind_text(st, 1, addr, STORE_NTS);
	store_bind_int(st, 2, now);
	rc = store_step(st, e);
	if (rc == STORE_ROW)
		*id = store_column_int(st, 0);
	store_finish(st);
	return rc < 0 ? rc : 0;
}

/*
 * The first transaction of an attempt: refuse it (counted, *WAIT > 0) or
 * count it as a failure in advance (*ADDR_ID = its address row).
 */
static int reserve(struct ledger *l, const char *addr, int64_t now, const struct login_policy *p,
		   int64_t *wait, int64_t *addr_id, struct err *e)
{
	const char *acct = l->scope.user_name;
	struct pair v;
	int64_t aw = 0;
	*wait = 0;
	int rc = ledger_write_begin(l, e);
	if (rc)
		return rc;
	rc = pair_load(l->db, acct, addr, now, p, &v, e);
	if (!rc)
		rc = addr_wait(l->db, addr, now, p, &aw, e);
	if (rc)
		goto out;
	if (v.blocked_until > now)
		*wait = v.blocked_until - now;
	if (aw > *wait)
		*wait = aw;
	v.attempts++;
	if (*wait) {
		v.refused++;
		rc = pair_save(l->db, acct, addr, &v, e);
		if (!rc && v.refused == 1)
			rc = audit_login(l, "login_throttled", addr, NULL, "retry_after", *wait, e);
		goto out;
	}
	v.failures++;
	v.refused = 0;
	v.last_at = now;
	int64_t block = login_backoff(p, v.failures);
	v.blocked_until = block ? now + block : 0;
	rc = pair_save(l->db, acct, addr, &v, e);
	if (!rc)
		rc = addr_count(l->db, addr, now, addr_id, e);
out:
	return ledger_write_end(l, rc, e);
}

/* A success takes the advance count back, opens the session and audits it. */
static int succeed(struct store *db, const char *acct, const char *addr, int64_t addr_id,
		   int64_t now, const struct login_policy *p, const struct scope *scope,
		   struct session *s, struct err *e)
{
	struct ledger l;
	struct store_stmt *st = NULL;
	ledger_init(&l, db, scope, "api");
	int rc = ledger_write_begin(&l, e);
	if (rc)
		return rc;
	rc = store_prepare(db, "DELETE FROM login_throttle WHERE account = $1 AND address = $2",
			   &st, e);
	if (!rc) {
		store_bind_text(st, 1, acct, STORE_NTS);
		store_bind_text(st, 2, addr, STORE_NTS);
		rc = store_run(st, e);
		store_finish(st);
	}
	if (!rc)
		rc = store_prepare(db, "DELETE FROM login_attempts WHERE id = $1", &st, e);
	if (!rc) {
		store_bind_int(st, 1, addr_id);
		rc = store_run(st, e);
		store_finish(st);
	}
	if (!rc)
		rc = session_create(db, scope->user_id, now, p->session_ttl, s, e);
	if (!rc)
		rc = audit_login(&l, "login", addr, NULL, NULL, 0, e);
	return ledger_write_end(&l, rc, e);
}

int login_attempt(struct store *db, const char *name, const char *password, const char *address,
		  int64_t now, const struct login_policy *p, struct scope *scope, struct session *s,
		  int64_t *retry_after, struct err *e)
{
	struct ledger l;
	char addr[KEY_MAX + 1];
	int64_t wait = 0, addr_id = 0;
	const char *why = NULL;
	memset(s, 0, sizeof *s);
	if (retry_after)
		*retry_after = 0;
	cut_key(address ? address : "", addr);
	login_ledger(&l, db, name, 0);
	int rc = reserve(&l, addr, now, p, &wait, &addr_id, e);
	if (rc) /* fail closed: not counted, not evaluated */
		return err_set(e, rc, NULL, "暂时无法登录，请稍后重试");
	if (wait) {
		if (retry_after)
			*retry_after = wait;
		return err_set(e, ERR_THROTTLED, NULL, "登录失败次数过多，请%lld分钟后再试",
			       (long long)((wait + 59) / 60));
	}
	rc = user_verify_login(db, l.scope.user_name, password, scope, &why, e);
	if (rc == ERR_AUTH) {
		struct err e2;
		struct pair v;
		int rc2 = pair_load(db, l.scope.user_name, addr, now, p, &v, &e2);
		if (!rc2)
			rc2 = ledger_write_begin(&l, &e2);
		if (!rc2) {
			rc2 = audit_login(&l, "login_failed", addr, why, "failures", v.failures,
					  &e2);
			rc2 = ledger_write_end(&l, rc2, &e2);
		}
		if (rc2) /* the failure is counted already; only its audit row is missing */
			return err_set(e, rc2, NULL, "%s", e2.msg);
		return rc;
	}
	if (rc)
		return rc;
	return succeed(db, l.scope.user_name, addr, addr_id, now, p, scope, s, e);
}

int login_logout(struct ledger *l, const char *token, const char *address, struct err *e)
{
	char addr[KEY_MAX + 1];
	cut_key(address ? address : "", addr);
	int rc = ledger_write_begin(l, e);
	if (rc)
		return rc;
	rc = session_revoke(l->db, token, e);
	if (!rc)
		rc = audit_login(l, "logout", addr, NULL, NULL, 0, e);
	return ledger_write_end(l, rc, e);
}

int login_purge(struct store *db, int64_t now, const struct login_policy *p, int64_t *sessions,
		int64_t *attempts, struct err *e)
{
	struct store_stmt *st = NULL;
	int64_t n = 0;
	if (attempts)
		*attempts = 0;
	int rc = session_purge_expired(db, now, sessions, e);
	if (rc)
		return rc;
	rc = store_prepare(db,
			   "DELETE FROM login_throttle WHERE last_at <= $1 AND blocked_until <= $2",
			   &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, now - p->forget);
	store_bind_int(st, 2, now);
	rc = store_run(st, e);
	store_finish(st);
	if (rc)
		return rc;
	n = store_changes(db);
	rc = store_prepare(db, "DELETE FROM login_attempts WHERE at <= $1", &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, now - p->addr_window);
	rc = store_run(st, e);
	store_finish(st);
	if (rc)
		return rc;
	if (attempts)
		*attempts = n + store_changes(db);
	return 0;
}
