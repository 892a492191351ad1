/*
 * throttle — login throttling records: failed attempts per user name and per
 * client address, counted in a sliding window (product.md C11). Kept in the
 * database so that several servers share them. Times are unix seconds given
 * by the caller.
 *
 * Usage at login: throttle_check both keys; on a wrong password
 * throttle_fail both; on success throttle_clear the user key.
 */
#ifndef GAOQI_LEDGER_THROTTLE_H
#define GAOQI_LEDGER_THROTTLE_H

#include <stdint.h>

#include "core/err.h"
#include "store/store.h"

enum throttle_kind {
	THROTTLE_USER = 0, /* key: the user name as typed */
	THROTTLE_ADDR = 1, /* key: the client address */
};

/* Defaults the server may use. */
#define THROTTLE_WINDOW 900  /* seconds */
#define THROTTLE_MAX_USER 5  /* failures per user name in the window */
#define THROTTLE_MAX_ADDR 20 /* failures per address in the window */

/*
 * 0 when fewer than MAX failures of (KIND, KEY) fall in (NOW − WINDOW, NOW];
 * otherwise ERR_THROTTLED with a Chinese message giving the wait in minutes
 * ("登录失败次数过多，请15分钟后再试"). *RETRY_AFTER (may be NULL) gets the
 * seconds until the oldest counted failure leaves the window (0 when allowed).
 */
int throttle_check(struct store *db, enum throttle_kind kind, const char *key, int64_t now,
		   int64_t window, int max, int64_t *retry_after, struct err *e);

/* Record one failure of (KIND, KEY) at NOW (KEY at most 200 bytes, longer is cut). */
int throttle_fail(struct store *db, enum throttle_kind kind, const char *key, int64_t now,
		  struct err *e);

/* Forget the failures of (KIND, KEY) (after a successful login). */
int throttle_clear(struct store *db, enum throttle_kind kind, const char *key, struct err *e);

/* Delete records older than NOW − WINDOW. */
int throttle_purge(struct store *db, int64_t now, int64_t window, struct err *e);

#endif
