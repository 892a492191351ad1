/*
 * login — logging in and out (product.md C11): throttling by account and
 * client address with exponential back-off, the audit of every login,
 * failure, refusal and logout, and the purge of what goes stale.
 *
 * Throttling. A pair (account as typed, address) may fail FREE times; each
 * failure from then on blocks the pair for BASE × 2^(failures − FREE)
 * seconds (at most CAP). Failures are forgotten FORGET seconds after the
 * last one, and a success forgets them at once. An address alone may fail
 * ADDR_MAX times in ADDR_WINDOW seconds over all accounts (password
 * spraying). So a stranger can block only their own address: the account
 * stays open to its owner elsewhere.
 *
 * Atomic count. An attempt is counted as a failure, in its own write
 * transaction that also checks the limits, BEFORE the password is hashed;
 * a success then takes the count back. So concurrent guesses are each
 * counted and no more than the allowed number is ever evaluated. When the
 * count cannot be written the attempt is refused without evaluating the
 * password (fail closed).
 *
 * Audit (table "sessions", row key = the account as typed, user = that name,
 * source "api"): "login" {"address"}, "login_failed" {"address", "reason":
 * unknown_user | wrong_password | disabled, "failures"}, "login_throttled"
 * {"address", "retry_after"} for the first refusal after each evaluated
 * attempt (refusals are counted, not each written), "logout" {"address"}.
 * Never a password.
 *
 * Times are unix seconds given by the caller. Thread-safe (each call uses the
 * caller's connection).
 */
#ifndef GAOQI_LEDGER_LOGIN_H
#define GAOQI_LEDGER_LOGIN_H

#include <stdint.h>

#include "core/err.h"
#include "ledger/access/session.h"
#include "ledger/ledger.h"
#include "store/store.h"

struct login_policy {
	int free;	     /* failures of a pair before the back-off starts (5) */
	int64_t base;	     /* first block, seconds (60) */
	int64_t cap;	     /* longest block, seconds (3600) */
	int64_t forget;	     /* failures of a pair forgotten after, seconds (86400) */
	int addr_max;	     /* failures of an address over all accounts (20) … */
	int64_t addr_window; /* … in this many seconds (900) */
	int64_t session_ttl; /* absolute lifetime of a session, seconds (session_ttl()) */
};

/* The defaults above (the session lifetime: session_ttl()). */
void login_policy_default(struct login_policy *p);

/*
 * The seconds a pair is blocked after its FAILURES-th failure under P: 0
 * below P->free, then base, 2 × base, 4 × base … up to P->cap.
 */
int64_t login_backoff(const struct login_policy *p, int64_t failures);

/*
 * One login of NAME/PASSWORD from ADDRESS at NOW under P. On success a
 * session is created (S: give S->token to the client) and *SCOPE filled.
 * Errors: ERR_THROTTLED ("登录失败次数过多，请N分钟后再试", *RETRY_AFTER
 * seconds, may be NULL) without evaluating the password; ERR_AUTH
 * ("用户名或密码错误") for an unknown name, a wrong password or a disabled
 * account; ERR_DB when the count or the audit cannot be written (nothing
 * evaluated, or no session).
 */
int login_attempt(struct store *db, const char *name, const char *password, const char *address,
		  int64_t now, const struct login_policy *p, struct scope *scope, struct session *s,
		  int64_t *retry_after, struct err *e);

/* Log out: revoke the session of TOKEN and audit "logout" for L's user from ADDRESS. */
int login_logout(struct ledger *l, const char *token, const char *address, struct err *e);

/*
 * Delete what is stale at NOW: sessions expired or idle (session.h), pairs
 * whose failures are forgotten and no longer blocked, address failures out
 * of their window. *SESSIONS and *ATTEMPTS (may be NULL) get the numbers of
 * rows deleted. `gaoqi serve` runs it at start and every ten minutes.
 */
int login_purge(struct store *db, int64_t now, const struct login_policy *p, int64_t *sessions,
		int64_t *attempts, struct err *e);

#endif
