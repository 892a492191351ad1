/*
 * user — accounts, roles, areas, passwords (product.md C11).
 *
 * Passwords are hashed with argon2id (libsodium crypto_pwhash_str, the
 * "interactive" limits: 64 MiB each). At most USER_HASH_CONCURRENCY hashes
 * (or verifications) run at once in the process; further callers wait on a
 * semaphore, so a burst of logins cannot exhaust memory. Thread-safe.
 *
 * Writes (create, role/areas, disable, enable, reset password) are admin
 * only (ERR_FORBIDDEN otherwise) and audited as table "users", row key = the
 * user name; the password hash never appears in the audit log.
 */
#ifndef GAOQI_LEDGER_USER_H
#define GAOQI_LEDGER_USER_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "ledger/ledger.h"

#define USER_HASH_CONCURRENCY 2 /* default; see user_set_hash_concurrency */
#define USER_HASH_MAX 128	/* bytes of an encoded hash, with the NUL */
#define USER_PASSWORD_MIN 8	/* bytes */
#define USER_PASSWORD_MAX 256

/* Set the number of concurrent hashes (1–64). Call at start-up before threads. */
void user_set_hash_concurrency(int n);

/*
 * Hash PASSWORD (USER_PASSWORD_MIN–MAX bytes, else ERR_INVALID field
 * "password") into OUT with argon2id. ERR_INTERNAL when memory fails.
 */
int user_hash_password(const char *password, char out[USER_HASH_MAX], struct err *e);

struct user {
	int64_t id;
	const char *name; /* 1–64 of [A-Za-z0-9._@-] */
	const char *display_name;
	enum role role;
	int disabled;
	int64_t enterprise_id;	     /* ROLE_ENTERPRISE: its enterprise (0 otherwise) */
	const char *enterprise_uscc; /* output only: NULL when none */
	const char **areas;	     /* area codes (county, viewer); output: arena memory */
	size_t n_areas;
	char created_at[21];
	char updated_at[21];
};

/*
 * Create a user from IN (name, display_name, role, areas, enterprise_uscc for
 * role enterprise) with PASSWORD hashed here, or with the ready hash
 * PASSWORD_HASH when PASSWORD is NULL (the demo hashes once for many users).
 * Rules: county and viewer need at least one area; enterprise needs an
 * existing enterprise (enterprise_uscc); other roles take no areas.
 * *ID (may be NULL) gets the id. Errors: ERR_INVALID, ERR_CONFLICT
 * ("用户名已存在"), ERR_FORBIDDEN.
 */
int user_create(struct ledger *l, const struct user *in, const char *password,
		const char *password_hash, int64_t *id, struct err *e);

/* Get a user by id or by name (no password hash). ERR_NOT_FOUND. Admin and city, or oneself. */
int user_get(struct ledger *l, int64_t id, struct arena *arena, struct user *out, struct err *e);
int user_get_by_name(struct ledger *l, const char *name, struct arena *arena, struct user *out,
		     struct err *e);

/* Every user ordered by name (admin and city only). */
int user_list(struct ledger *l, struct arena *arena, struct user **items, size_t *n, struct err *e);

struct user_staff {
	int64_t id;
	const char *display_name;
	enum role role;
};

/*
 * The colleagues the caller may give casework to or name as taking part
 * (CAP_CASEWORK_WRITE): active city, county and expert users — for a scope
 * that sees every firm all of them and the admins, for a county the city
 * users, the experts and the county users sharing one of its areas, for an
 * expert the same for the areas of its assigned firms. By role then display
 * name (arena memory). ERR_FORBIDDEN without the capability.
 */
int user_staff(struct ledger *l, struct arena *arena, struct user_staff **items, size_t *n,
	       struct err *e);

/*
 * Set role, areas, enterprise and display name of user ID from IN (admin
 * only; the same rules as user_create). An admin cannot demote themself.
 */
int user_update(struct ledger *l, int64_t id, const struct user *in, struct err *e);

/* Disable (1) or enable (0) user ID; disabling also revokes their sessions. Admin only. */
int user_set_disabled(struct ledger *l, int64_t id, int disabled, struct err *e);

/*
 * Change the password of user ID. A user changing their own password must
 * give OLD_PASSWORD (ERR_INVALID when absent, ERR_AUTH "原密码不正确" when
 * wrong) — admins too; an admin resetting another user's passes NULL. Revokes every session of the
 * user except the one of KEEP_TOKEN (the caller's own session token; may be NULL).
 */
int user_set_password(struct ledger *l, int64_t id, const char *old_password,
		      const char *new_password, const char *keep_token, struct err *e);

/*
 * Verify NAME/PASSWORD for a login (no scope: before authentication). On
 * success fills *SCOPE for the user. Fails with ERR_AUTH
 * ("用户名或密码错误") for an unknown name, a wrong password and a disabled
 * account alike (spending the same hashing time, so that neither the answer
 * nor its delay tells them apart); *WHY (may be NULL) then gets the reason
 * for the audit log: "unknown_user", "wrong_password" or "disabled".
 * Throttling is the caller's (login.h).
 */
int user_verify_login(struct store *db, const char *name, const char *password, struct scope *scope,
		      const char **why, struct err *e);

/* user_verify_login without the reason. */
int user_verify_password(struct store *db, const char *name, const char *password,
			 struct scope *scope, struct err *e);

/*
 * The policy for a password being set (user_create with a plain password,
 * user_set_password — the API and `gaoqi user`): ERR_INVALID field
 * "password" when PASSWORD equals the user name NAME (ignoring case) or is
 * one of the commonest passwords ("12345678", "password", "qwerty123",
 * "gaoqi2026", …; ignoring case). The length rule is user_hash_password's.
 * Ready hashes (the demo's seeding, user_create with PASSWORD_HASH) are not
 * checked: the demo's accounts are sample data.
 */
int user_password_policy(const char *name, const char *password, struct err *e);

/* The scope of user ID (ERR_AUTH when absent or disabled). */
int user_scope(struct store *db, int64_t id, struct scope *scope, struct err *e);

#endif
