/*
 * session — login sessions kept in the database, so that several servers can
 * share them (product.md C11, architecture.md).
 *
 * A session token is 32 random bytes (libsodium randombytes_buf) given to the
 * client as 64 hex digits; only its BLAKE2b-256 hash is stored, so a copy of
 * the database does not reveal live tokens. Each session carries a CSRF token
 * (32 random bytes, 64 hex digits) to compare with the X-CSRF-Token header.
 * Times are unix seconds passed by the caller (testable; the server passes
 * time(NULL)). No scope: these run before or around authentication.
 */
#ifndef GAOQI_LEDGER_SESSION_H
#define GAOQI_LEDGER_SESSION_H

#include <stdint.h>

#include "core/err.h"
#include "ledger/ledger.h"
#include "store/store.h"

#define SESSION_TOKEN_LEN 64	/* hex digits, without the NUL */
#define SESSION_TTL (12 * 3600) /* default absolute lifetime, seconds */
#define SESSION_IDLE (30 * 60)	/* default idle timeout, seconds */

/*
 * The limits of the sessions of this process: TTL, the absolute lifetime
 * given by the login (login.h) to a new session, and IDLE, the timeout
 * applied by session_lookup and session_purge_expired (a session unused for
 * IDLE seconds is over, whatever its expiry). Values <= 0 keep the current
 * one; defaults SESSION_TTL and SESSION_IDLE. Not thread-safe: call at
 * start-up.
 */
void session_set_limits(int64_t ttl, int64_t idle);
/* The limits in force (seconds). */
int64_t session_ttl(void);
int64_t session_idle(void);

struct session {
	char token[SESSION_TOKEN_LEN + 1]; /* only filled by session_create */
	char csrf[SESSION_TOKEN_LEN + 1];
	int64_t user_id;
	int64_t expires_at;
	int64_t created_at;
	struct scope scope; /* filled by session_lookup from the user's current role */
};

/*
 * Create a session for USER_ID valid from NOW for TTL seconds (> 0). Fills
 * OUT->token (give it to the client, never store it), csrf, times.
 */
int session_create(struct store *db, int64_t user_id, int64_t now, int64_t ttl, struct session *out,
		   struct err *e);

/*
 * Look up the session of TOKEN (64 hex digits) at time NOW: fills *OUT
 * (csrf, user, times, the user's scope). ERR_AUTH ("登录已过期，请重新登录")
 * when the token is malformed, unknown, expired, idle for session_idle()
 * seconds or more, or its user is disabled. A session found live is marked
 * used at NOW when its last use is a tenth of the idle timeout old (at most
 * a minute): one small write per session and minute, not per request; a
 * failure of that write is logged, not fatal.
 */
int session_lookup(struct store *db, const char *token, int64_t now, struct session *out,
		   struct err *e);

/* Revoke the session of TOKEN (log out). 0 even when it did not exist. */
int session_revoke(struct store *db, const char *token, struct err *e);

/* Revoke every session of USER_ID except the one of KEEP_TOKEN (may be NULL). */
int session_revoke_user(struct store *db, int64_t user_id, const char *keep_token, struct err *e);

/* Delete sessions expired or idle at NOW; *N (may be NULL) gets how many. */
int session_purge_expired(struct store *db, int64_t now, int64_t *n, struct err *e);

/* 1 when the CSRF tokens A and B are equal (constant time), else 0. NULL gives 0. */
int session_csrf_equal(const char *a, const char *b);

#endif
