/*
 * api_session — log in and out, the current user, password change:
 * POST/DELETE /api/v1/session, GET /api/v1/me, PUT /api/v1/me/password.
 */
#include <string.h>
#include <strings.h>
#include <time.h>

#include "http/api/api.h"
#include "http/app.h"
#include "ledger/access/session.h"
#include "ledger/access/throttle.h"
#include "ledger/access/user.h"
#include "ledger/base/perm.h"

/*
 * Write {"user": …, "capabilities": […], "csrf_token": …} for the user of
 * SCOPE: the capabilities are the names of ledger/base/perm.h that the
 * user's role holds, which is all the UI knows of permissions.
 */
static int reply_me(struct http_request *req, struct http_response *res, const struct scope *scope,
		    const char *csrf, struct err *e)
{
	struct ledger l;
	ledger_init(&l, app_db(req), scope, "api");
	struct user u;
	struct api_areas areas;
	int rc = user_get(&l, scope->user_id, req->arena, &u, e);
	if (!rc)
		rc = api_areas_load(&l, req->arena, &areas, e);
	if (rc)
		return rc;
	struct jw w;
	api_reply_begin(&w, res);
	jw_obj_begin(&w, NULL);
	api_write_user(&w, "user", &u, &areas);
	jw_arr_begin(&w, "capabilities");
	for (int c = 0; c < CAP_COUNT; c++)
		if (perm_may(scope, (enum capability)c))
			jw_str(&w, NULL, perm_name((enum capability)c));
	jw_arr_end(&w);
	jw_str(&w, "csrf_token", csrf);
	jw_obj_end(&w);
	return jw_finish(&w);
}

static int login(struct http_request *req, struct http_response *res, struct err *e)
{
	static const char *const known[] = {"username", "password", NULL};
	json_t *body = NULL;
	const char *name = NULL, *password = NULL;
	struct store *db = app_db(req);
	int64_t now = (int64_t)time(NULL);
	int64_t retry = 0;
	int rc = http_json_body(req, &body, e);
	if (rc)
		goto out;
	rc = api_check_members(body, known, e);
	if (!rc)
		rc = api_require(body, "username", e);
	if (!rc)
		rc = api_require(body, "password", e);
	if (!rc)
		rc = api_get_str(body, "username", req->arena, 64, &name, e);
	if (!rc)
		rc = api_get_str(body, "password", req->arena, USER_PASSWORD_MAX, &password, e);
	if (rc)
		goto out;
	rc = throttle_check(db, THROTTLE_ADDR, req->client, now, THROTTLE_WINDOW, THROTTLE_MAX_ADDR,
			    &retry, e);
	if (!rc)
		rc = throttle_check(db, THROTTLE_USER, name, now, THROTTLE_WINDOW,
				    THROTTLE_MAX_USER, &retry, e);
	if (rc) {
		if (rc == ERR_THROTTLED && retry > 0)
			http_add_header(res, "Retry-After",
					arena_printf(req->arena, "%lld", (long long)retry));
		goto out;
	}
	struct scope scope;
	rc = user_verify_password(db, name, password, &scope, e);
	if (rc == ERR_AUTH) {
		struct err e2;
		if (throttle_fail(db, THROTTLE_USER, name, now, &e2) ||
		    throttle_fail(db, THROTTLE_ADDR, req->client, now, &e2))
			rc = err_set(e, e2.code, NULL, "%s", e2.msg);
		goto out;
	}
	if (rc)
		goto out;
	rc = throttle_clear(db, THROTTLE_USER, name, e);
	if (rc)
		goto out;
	struct session s;
	rc = session_create(db, scope.user_id, now, APP_SESSION_TTL, &s, e);
	if (rc)
		goto out;
	/* Behind a TLS-terminating proxy (nginx sets X-Forwarded-Proto) the cookie is Secure. */
	const char *proto = http_header(req, "X-Forwarded-Proto");
	int secure = proto && !strcasecmp(proto, "https");
	http_add_header(res, "Set-Cookie",
			arena_printf(req->arena,
				     "%s=%s; HttpOnly; SameSite=Strict; Path=/; Max-Age=%d%s",
				     APP_SESSION_COOKIE, s.token, APP_SESSION_TTL,
				     secure ? "; Secure" : ""));
	rc = reply_me(req, res, &scope, s.csrf, e);
out:
	json_decref(body);
	return rc;
}

static int logout(struct http_request *req, struct http_response *res, struct err *e)
{
	int rc = session_revoke(app_db(req), req->user->token, e);
	if (rc)
		return rc;
	http_add_header(res, "Set-Cookie",
			APP_SESSION_COOKIE "=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
	return http_reply_ok(res);
}

static int me(struct http_request *req, struct http_response *res, struct err *e)
{
	return reply_me(req, res, &req->user->scope, req->user->csrf, e);
}

static int change_password(struct http_request *req, struct http_response *res, struct err *e)
{
	static const char *const known[] = {"old_password", "new_password", NULL};
	json_t *body = NULL;
	const char *old_pw = NULL, *new_pw = NULL;
	int rc = http_json_body(req, &body, e);
	if (!rc)
		rc = api_check_members(body, known, e);
	if (!rc)
		rc = api_require(body, "old_password", e);
	if (!rc)
		rc = api_require(body, "new_password", e);
	if (!rc)
		rc = api_get_str(body, "old_password", req->arena, USER_PASSWORD_MAX, &old_pw, e);
	if (!rc)
		rc = api_get_str(body, "new_password", req->arena, USER_PASSWORD_MAX, &new_pw, e);
	if (rc)
		goto out;
	struct ledger l;
	app_ledger(req, &l);
	rc = user_set_password(&l, req->user->scope.user_id, old_pw, new_pw, req->user->token, e);
	if (rc == ERR_AUTH) {
		/* A wrong old password is a form error, not a lost session (401 would log out). */
		rc = err_set(e, ERR_INVALID, "old_password", "原密码不正确");
	} else if (rc == ERR_INVALID && !strcmp(e->field, "password")) {
		err_set(e, ERR_INVALID, "new_password", "%s", e->msg);
	}
	if (!rc)
		rc = http_reply_ok(res);
out:
	json_decref(body);
	return rc;
}

void api_session_routes(struct router *r)
{
	router_add(r, HTTP_POST, "/api/v1/session", login, ROUTE_PUBLIC | ROUTE_NO_CSRF);
	router_add(r, HTTP_DELETE, "/api/v1/session", logout, 0);
	router_add(r, HTTP_GET, "/api/v1/me", me, 0);
	router_add(r, HTTP_PUT, "/api/v1/me/password", change_password, 0);
}
