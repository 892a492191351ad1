/*
 * throttle — failed-login counting in a sliding window.
 */
#include "ledger/access/throttle.h"
#include "ledger/internal.h"

#include <string.h>

#define KEY_MAX 200

static const char *kind_name(enum throttle_kind k)
{
	return k == THROTTLE_ADDR ? "addr" : "user";
}

/* Copy KEY cut to KEY_MAX bytes (on a UTF-8 boundary). */
static void cut_key(const char *key, char out[KEY_MAX + 1])
{
	size_t n = key ? strlen(key) : 0;
	if (n > KEY_MAX) {
		n = KEY_MAX;
		while (n > 0 && ((unsigned char)key[n] & 0xC0) == 0x80)
			n--;
	}
	if (n)
		memcpy(out, key, n);
	out[n] = '\0';
}

int throttle_check(struct store *db, enum throttle_kind kind, const char *key, int64_t now,
		   int64_t window, int max, int64_t *retry_after, struct err *e)
{
	struct store_stmt *st = NULL;
	char k[KEY_MAX + 1];
	int64_t count = 0, oldest = 0;
	int rc;
	if (retry_after)
		*retry_after = 0;
	cut_key(key, k);
	rc = store_prepare(
		db,
		"SELECT count(*), coalesce(min(at), 0) FROM (SELECT at FROM login_attempts "
		"WHERE kind = $1 AND key = $2 AND at > $3 AND at <= $4 "
		"ORDER BY at DESC LIMIT $5) AS recent",
		&st, e);
	if (rc)
		return rc;
	store_bind_text(st, 1, kind_name(kind), STORE_NTS);
	store_bind_text(st, 2, k, STORE_NTS);
	store_bind_int(st, 3, now - window);
	store_bind_int(st, 4, now);
	store_bind_int(st, 5, max);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		count = store_column_int(st, 0);
		oldest = store_column_int(st, 1);
		rc = 0;
	}
	store_finish(st);
	if (rc < 0)
		return rc;
	if (count < max)
		return 0;
	/* The most recent MAX failures: the oldest of them must leave the window. */
	int64_t wait = oldest + window - now;
	if (wait < 1)
		wait = 1;
	if (retry_after)
		*retry_after = wait;
	return err_set(e, ERR_THROTTLED, NULL, "登录失败次数过多，请%lld分钟后再试",
		       (long long)((wait + 59) / 60));
}

int throttle_fail(struct store *db, enum throttle_kind kind, const char *key, int64_t now,
		  struct err *e)
{
	struct store_stmt *st = NULL;
	char k[KEY_MAX + 1];
	int rc = store_prepare(db, "INSERT INTO login_attempts (kind, key, at) VALUES ($1, $2, $3)",
			       &st, e);
	if (rc)
		return rc;
	cut_key(key, k);
	store_bind_text(st, 1, kind_name(kind), STORE_NTS);
	store_bind_text(st, 2, k, STORE_NTS);
	store_bind_int(st, 3, now);
	rc = store_run(st, e);
	store_finish(st);
	return rc;
}

int throttle_clear(struct store *db, enum throttle_kind kind, const char *key, struct err *e)
{
	struct store_stmt *st = NULL;
	char k[KEY_MAX + 1];
	int rc = store_prepare(db, "DELETE FROM login_attempts WHERE kind = $1 AND key = $2", &st,
			       e);
	if (rc)
		return rc;
	cut_key(key, k);
	store_bind_text(st, 1, kind_name(kind), STORE_NTS);
	store_bind_text(st, 2, k, STORE_NTS);
	rc = store_run(st, e);
	store_finish(st);
	return rc;
}

int throttle_purge(struct store *db, int64_t now, int64_t window, struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = store_prepare(db, "DELETE FROM login_attempts WHERE at <= $1", &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, now - window);
	rc = store_run(st, e);
	store_finish(st);
	return rc;
}
