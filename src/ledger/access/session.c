/*
 * session — database-backed login sessions with hashed tokens.
 */
#include "ledger/access/session.h"
#include "ledger/internal.h"

#include <sodium.h>
#include <string.h>

#include "core/log.h"
#include "ledger/access/user.h"

static int64_t idle_timeout = SESSION_IDLE, lifetime = SESSION_TTL;

void session_set_limits(int64_t ttl, int64_t idle)
{
	if (ttl > 0)
		lifetime = ttl;
	if (idle > 0)
		idle_timeout = idle;
}

int64_t session_ttl(void)
{
	return lifetime;
}

int64_t session_idle(void)
{
	return idle_timeout;
}

/* Seconds between two marks of use of a session: a tenth of the idle timeout, 1–60. */
static int64_t touch_every(void)
{
	int64_t t = idle_timeout / 10;
	return t < 1 ? 1 : t > 60 ? 60 : t;
}

static void random_hex(char out[SESSION_TOKEN_LEN + 1])
{
	unsigned char raw[SESSION_TOKEN_LEN / 2];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(out, SESSION_TOKEN_LEN + 1, raw, sizeof raw);
	sodium_memzero(raw, sizeof raw);
}

static int token_ok(const char *t)
{
	if (!t || strlen(t) != SESSION_TOKEN_LEN)
		return 0;
	for (size_t i = 0; i < SESSION_TOKEN_LEN; i++) {
		char c = t[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return 0;
	}
	return 1;
}

/* The stored form of a token: hex BLAKE2b-256 of its text. */
static void token_hash(const char *token, char out[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof h);
}

int session_create(struct store *db, int64_t user_id, int64_t now, int64_t ttl, struct session *out,
		   struct err *e)
{
	struct store_stmt *st = NULL;
	char hash[65];
	int rc;
	memset(out, 0, sizeof *out);
	if (ttl <= 0)
		return err_set(e, ERR_INVALID, "ttl", "会话有效期必须为正数");
	if (sodium_init() < 0)
		return err_set(e, ERR_INTERNAL, NULL, "内部错误：加密库初始化失败");
	random_hex(out->token);
	random_hex(out->csrf);
	token_hash(out->token, hash);
	out->user_id = user_id;
	out->created_at = now;
	out->expires_at = now + ttl;
	rc = store_prepare(
		db,
		"INSERT INTO sessions (token_hash, user_id, csrf, expires_at, created_at, "
		"last_seen_at) VALUES ($1, $2, $3, $4, $5, $5)",
		&st, e);
	if (rc)
		goto fail;
	store_bind_text(st, 1, hash, STORE_NTS);
	store_bind_int(st, 2, user_id);
	store_bind_text(st, 3, out->csrf, STORE_NTS);
	store_bind_int(st, 4, out->expires_at);
	store_bind_int(st, 5, now);
	rc = store_run(st, e);
	store_finish(st);
	if (rc == ERR_INVALID)
		rc = err_set(e, ERR_INVALID, "user", "用户不存在");
	if (rc)
		goto fail;
	rc = user_scope(db, user_id, &out->scope, e);
	if (rc)
		goto fail;
	return 0;
fail:
	sodium_memzero(out->token, sizeof out->token);
	return rc;
}

int session_lookup(struct store *db, const char *token, int64_t now, struct session *out,
		   struct err *e)
{
	struct store_stmt *st = NULL;
	char hash[65];
	int64_t seen = 0;
	int rc;
	memset(out, 0, sizeof *out);
	if (!token_ok(token))
		return err_set(e, ERR_AUTH, NULL, "登录已过期，请重新登录");
	token_hash(token, hash);
	rc = store_prepare(
		db,
		"SELECT user_id, csrf, expires_at, created_at, last_seen_at FROM sessions "
		"WHERE token_hash = $1",
		&st, e);
	if (rc)
		return rc;
	store_bind_text(st, 1, hash, STORE_NTS);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		out->user_id = store_column_int(st, 0);
		ledger_column_copy(st, 1, out->csrf, sizeof out->csrf);
		out->expires_at = store_column_int(st, 2);
		out->created_at = store_column_int(st, 3);
		seen = store_column_int(st, 4);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = ERR_AUTH;
	}
	store_finish(st);
	if (rc == ERR_AUTH || (!rc && (out->expires_at <= now || seen + idle_timeout <= now))) {
		memset(out, 0, sizeof *out);
		return err_set(e, ERR_AUTH, NULL, "登录已过期，请重新登录");
	}
	if (rc)
		return rc;
	rc = user_scope(db, out->user_id, &out->scope, e);
	if (rc) {
		memset(out, 0, sizeof *out);
		return err_set(e, ERR_AUTH, NULL, "登录已失效，请重新登录");
	}
	if (now - seen >= touch_every()) {
		struct err e2;
		if (store_prepare(db, "UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1",
				  &st, &e2) == 0) {
			store_bind_text(st, 1, hash, STORE_NTS);
			store_bind_int(st, 2, now);
			if (store_run(st, &e2))
				log_warn("session: cannot mark a session used: %s", e2.msg);
			store_finish(st);
		}
	}
	return 0;
}

int session_revoke(struct store *db, const char *token, struct err *e)
{
	struct store_stmt *st = NULL;
	char hash[65];
	int rc;
	if (!token_ok(token))
		return 0;
	token_hash(token, hash);
	rc = store_prepare(db, "DELETE FROM sessions WHERE token_hash = $1", &st, e);
	if (rc)
		return rc;
	store_bind_text(st, 1, hash, STORE_NTS);
	rc = store_run(st, e);
	store_finish(st);
	return rc;
}

int session_revoke_user(struct store *db, int64_t user_id, const char *keep_token, struct err *e)
{
	struct store_stmt *st = NULL;
	char hash[65] = "";
	int rc;
	if (token_ok(keep_token))
		token_hash(keep_token, hash);
	rc = store_prepare(db, "DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2", &st,
			   e);
	if (rc)
		return rc;
	store_bind_int(st, 1, user_id);
	store_bind_text(st, 2, hash, STORE_NTS);
	rc = store_run(st, e);
	store_finish(st);
	return rc;
}

int session_purge_expired(struct store *db, int64_t now, int64_t *n, struct err *e)
{
	struct store_stmt *st = NULL;
	int rc = store_prepare(
		db, "DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2", &st, e);
	if (n)
		*n = 0;
	if (rc)
		return rc;
	store_bind_int(st, 1, now);
	store_bind_int(st, 2, now - idle_timeout);
	rc = store_run(st, e);
	store_finish(st);
	if (!rc && n)
		*n = store_changes(db);
	return rc;
}

int session_csrf_equal(const char *a, const char *b)
{
	if (!a || !b)
		return 0;
	size_t n = strlen(a);
	if (n == 0 || n != strlen(b))
		return 0;
	return sodium_memcmp(a, b, n) == 0;
}
