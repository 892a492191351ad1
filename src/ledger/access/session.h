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

#define SESSION_TOKEN_LEN 64 /* hex digits, without the NUL */

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
 * when the token is malformed, unknown, expired, or its user is disabled.
 */
int session_lookup(struct store *db, const char *token, int64_t now, struct session *out,
		   struct err *e);

/* Revoke the session of TOKEN (log out). 0 even when it did not exist. */
int session_revoke(struct store *db, const char *token, struct err *e);

/* Revoke every session of USER_ID except the one of KEEP_TOKEN (may be NULL). */
int session_revoke_user(struct store *db, int64_t user_id, const char *keep_token, struct err *e);

/* Delete sessions expired at NOW; *N (may be NULL) gets how many. */
int session_purge_expired(struct store *db, int64_t now, int64_t *n, struct err *e);

/* 1 when the CSRF tokens A and B are equal (constant time), else 0. NULL gives 0. */
int session_csrf_equal(const char *a, const char *b);

#endif
