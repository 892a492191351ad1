/*
 * http/api/access — who may come in (ledger/access): log in and out, the
 * current user and its capabilities, password change, and user
 * administration (admin only; the ledger refuses others):
 * POST/DELETE /api/v1/session, GET /api/v1/me, PUT /api/v1/me/password,
 * GET|POST /api/v1/users, PUT /api/v1/users/{id}.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "http/api/api.h"
#include "http/app.h"
#include "ledger/access/session.h"
#include "ledger/access/login.h"
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
	int64_t retry = 0;
	struct login_policy policy;
	login_policy_default(&policy);
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
	struct scope scope;
	struct session s;
	rc = login_attempt(app_db(req), name, password, req->client, (int64_t)time(NULL), &policy,
			   &scope, &s, &retry, e);
	if (rc == ERR_THROTTLED && retry > 0)
		http_add_header(res, "Retry-After",
				arena_printf(req->arena, "%lld", (long long)retry));
	if (rc)
		goto out;
	/* Behind a TLS-terminating proxy (nginx sets X-Forwarded-Proto) the cookie is Secure. */
	const char *proto = http_header(req, "X-Forwarded-Proto");
	int secure = proto && !strcasecmp(proto, "https");
	http_add_header(res, "Set-Cookie",
			arena_printf(req->arena,
				     "%s=%s; HttpOnly; SameSite=Strict; Path=/; Max-Age=%lld%s",
				     APP_SESSION_COOKIE, s.token, (long long)policy.session_ttl,
				     secure ? "; Secure" : ""));
	rc = reply_me(req, res, &scope, s.csrf, e);
out:
	json_decref(body);
	return rc;
}

static int logout(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	app_ledger(req, &l);
	int rc = login_logout(&l, req->user->token, req->client, e);
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

static void session_routes(struct router *r)
{
	router_add(r, HTTP_POST, "/api/v1/session", login, ROUTE_PUBLIC | ROUTE_NO_CSRF);
	router_add(r, HTTP_DELETE, "/api/v1/session", logout, 0);
	router_add(r, HTTP_GET, "/api/v1/me", me, 0);
	router_add(r, HTTP_PUT, "/api/v1/me/password", change_password, 0);
}

/* ---- users -------------------------------------------------------------------- */

static const char *const user_members[] = {
	"id",	      "username", "display_name", "role",	"role_label", "areas",
	"enterprise", "disabled", "password",	  "created_at", NULL};

/* Read "areas": an array of codes or of {"code": …} objects. */
static int read_areas(json_t *o, struct http_request *req, struct user *u, struct err *e)
{
	json_t *v = json_object_get(o, "areas");
	if (!v)
		return 0;
	if (json_is_null(v)) {
		u->n_areas = 0;
		return 0;
	}
	if (!json_is_array(v) || json_array_size(v) > 64)
		return err_set(e, ERR_INVALID, "areas", "areas 应为区域代码的数组");
	size_t n = json_array_size(v);
	const char **codes = arena_alloc(req->arena, (n ? n : 1) * sizeof *codes);
	for (size_t i = 0; i < n; i++) {
		json_t *a = json_array_get(v, i);
		if (json_is_object(a))
			a = json_object_get(a, "code");
		if (!json_is_string(a) || json_string_length(a) > 16)
			return err_set(e, ERR_INVALID, "areas", "areas 第 %zu 项应为区域代码",
				       i + 1);
		codes[i] = arena_strdup(req->arena, json_string_value(a));
	}
	u->areas = codes;
	u->n_areas = n;
	return 0;
}

static int read_user(json_t *o, struct http_request *req, struct user *u, struct err *e)
{
	const char *role = NULL;
	int rc = api_check_members(o, user_members, e);
	if (!rc)
		rc = api_get_str(o, "display_name", req->arena, 100, &u->display_name, e);
	if (!rc)
		rc = api_get_str(o, "role", req->arena, 16, &role, e);
	if (!rc && role)
		rc = ledger_role_parse(role, &u->role, e);
	if (!rc)
		rc = read_areas(o, req, u, e);
	if (!rc)
		rc = api_get_str(o, "enterprise", req->arena, 72, &u->enterprise_uscc, e);
	if (!u->display_name)
		u->display_name = "";
	return rc;
}

static int reply_user(struct http_request *req, struct http_response *res, struct ledger *l,
		      int64_t id, int status, struct err *e)
{
	struct user u;
	struct api_areas areas;
	int rc = user_get(l, id, req->arena, &u, e);
	if (!rc)
		rc = api_areas_load(l, req->arena, &areas, e);
	if (rc)
		return rc;
	struct jw w;
	api_reply_begin(&w, res);
	api_write_user(&w, NULL, &u, &areas);
	res->status = status;
	return jw_finish(&w);
}

static int admin_only(const struct http_request *req, struct err *e)
{
	return perm_check(&req->user->scope, CAP_USERS_MANAGE, "只有系统管理员可以管理用户", e);
}

static int list_users(struct http_request *req, struct http_response *res, struct err *e)
{
	struct ledger l;
	app_ledger(req, &l);
	struct user *items = NULL;
	size_t n = 0;
	struct api_areas areas;
	int rc = admin_only(req, e);
	if (!rc)
		rc = user_list(&l, req->arena, &items, &n, e);
	if (!rc)
		rc = api_areas_load(&l, req->arena, &areas, e);
	if (rc)
		return rc;
	struct jw w;
	api_items_begin(&w, res);
	for (size_t i = 0; i < n; i++)
		api_write_user(&w, NULL, &items[i], &areas);
	return api_items_end(&w);
}

static int create_user(struct http_request *req, struct http_response *res, struct err *e)
{
	json_t *body = NULL;
	struct user u;
	memset(&u, 0, sizeof u);
	const char *password = NULL;
	int64_t id = 0;
	struct ledger l;
	app_ledger(req, &l);
	int rc = admin_only(req, e);
	if (!rc)
		rc = http_json_body(req, &body, e);
	if (!rc)
		rc = api_require(body, "username", e);
	if (!rc)
		rc = api_require(body, "role", e);
	if (!rc)
		rc = api_require(body, "password", e);
	if (!rc)
		rc = api_get_str(body, "username", req->arena, 64, &u.name, e);
	if (!rc)
		rc = api_get_str(body, "password", req->arena, USER_PASSWORD_MAX, &password, e);
	if (!rc)
		rc = read_user(body, req, &u, e);
	if (rc)
		goto out;
	rc = user_create(&l, &u, password, NULL, &id, e);
	if (rc == ERR_CONFLICT)
		err_set(e, ERR_CONFLICT, "username", "%s", e->msg);
	if (!rc)
		rc = reply_user(req, res, &l, id, 201, e);
out:
	json_decref(body);
	return rc;
}

static int update_user(struct http_request *req, struct http_response *res, struct err *e)
{
	json_t *body = NULL;
	struct user u;
	int64_t id = 0;
	const char *idtext = http_param(req, "id");
	const char *password = NULL;
	int disabled = -1;
	struct ledger l;
	app_ledger(req, &l);
	int rc = admin_only(req, e);
	if (rc)
		goto out;
	if (!idtext || strlen(idtext) > 18 || strspn(idtext, "0123456789") != strlen(idtext)) {
		rc = err_set(e, ERR_NOT_FOUND, NULL, "用户不存在");
		goto out;
	}
	id = atoll(idtext);
	rc = http_json_body(req, &body, e);
	if (!rc)
		rc = user_get(&l, id, req->arena, &u, e);
	if (!rc)
		rc = read_user(body, req, &u, e);
	if (!rc)
		rc = api_get_str(body, "password", req->arena, USER_PASSWORD_MAX, &password, e);
	if (!rc && json_object_get(body, "disabled"))
		rc = api_get_bool(body, "disabled", &disabled, e);
	if (rc)
		goto out;
	if (u.role != ROLE_ENTERPRISE)
		u.enterprise_uscc = NULL;
	if (u.role != ROLE_COUNTY && u.role != ROLE_VIEWER)
		u.n_areas = 0;
	rc = user_update(&l, id, &u, e);
	if (!rc && password)
		rc = user_set_password(&l, id, NULL, password, NULL, e);
	if (!rc && disabled >= 0 && disabled != u.disabled)
		rc = user_set_disabled(&l, id, disabled, e);
	if (!rc)
		rc = reply_user(req, res, &l, id, 200, e);
out:
	json_decref(body);
	return rc;
}

static void users_routes(struct router *r)
{
	router_add(r, HTTP_GET, "/api/v1/users", list_users, 0);
	router_add(r, HTTP_POST, "/api/v1/users", create_user, 0);
	router_add(r, HTTP_PUT, "/api/v1/users/{id}", update_user, 0);
}

void api_access_routes(struct router *r)
{
	session_routes(r);
	users_routes(r);
}
