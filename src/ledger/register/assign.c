/*
 * assign — which experts serve which enterprise (expert_assignments,
 * enterprise.h "expert assignments"): assign, unassign, list. Needs
 * CAP_EXPERTS_ASSIGN; the enterprise must be in the caller's scope.
 */
#include "ledger/register/enterprise.h"
#include "ledger/internal.h"
#include "ledger/base/audit.h"
#include "ledger/base/json.h"
#include "ledger/base/perm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- expert assignments ------------------------------------------------------------- */

static int expert_json_pair(const char *uscc, int64_t expert_id, char **out)
{
	json_t *o = json_object();
	ledger_json_str(o, "uscc", uscc);
	ledger_json_int(o, "expert_id", expert_id);
	*out = ledger_json_take(o);
	return 0;
}

int enterprise_assign_expert(struct ledger *l, const char *uscc, int64_t expert_id, struct err *e)
{
	struct store_stmt *st = NULL;
	char key[64], now[21], u[19], *after = NULL;
	int64_t id = 0;
	int rc = ledger_write_begin(l, e);
	if (rc)
		return rc;
	rc = ledger_enterprise_id(l, uscc, &id, e);
	if (rc)
		goto out;
	rc = perm_check(&l->scope, CAP_EXPERTS_ASSIGN, "无权分配专家", e);
	if (rc)
		goto out;
	rc = store_prepare(l->db, "SELECT role FROM users WHERE id = $1", &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, expert_id);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		const char *role = store_column_text(st, 0, NULL);
		rc = role && !strcmp(role, "expert")
			     ? 0
			     : err_set(e, ERR_INVALID, "expert_id", "该用户不是专家");
	} else if (rc == STORE_DONE) {
		rc = err_set(e, ERR_INVALID, "expert_id", "专家用户不存在");
	}
	store_finish(st);
	st = NULL;
	if (rc)
		goto out;
	rc = store_prepare(l->db,
			   "INSERT INTO expert_assignments (user_id, enterprise_id, created_at) "
			   "VALUES ($1, $2, $3)",
			   &st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, expert_id);
	store_bind_int(st, 2, id);
	store_bind_text(st, 3, ledger_now(now), STORE_NTS);
	rc = store_run(st, e);
	store_finish(st);
	if (rc == ERR_CONFLICT)
		rc = err_set(e, ERR_CONFLICT, "expert_id", "该专家已分配给此企业");
	if (rc)
		goto out;
	ledger_norm_uscc(uscc, u);
	snprintf(key, sizeof key, "%s/%lld", u, (long long)expert_id);
	expert_json_pair(u, expert_id, &after);
	rc = audit_record(l, "create", "expert_assignments", key, NULL, after, e);
out:
	free(after);
	return ledger_write_end(l, rc, e);
}

int enterprise_unassign_expert(struct ledger *l, const char *uscc, int64_t expert_id, struct err *e)
{
	struct store_stmt *st = NULL;
	char key[64], u[19], *before = NULL;
	int64_t id = 0;
	int rc = ledger_write_begin(l, e);
	if (rc)
		return rc;
	rc = ledger_enterprise_id(l, uscc, &id, e);
	if (rc)
		goto out;
	rc = perm_check(&l->scope, CAP_EXPERTS_ASSIGN, "无权分配专家", e);
	if (rc)
		goto out;
	rc = store_prepare(
		l->db, "DELETE FROM expert_assignments WHERE user_id = $1 AND enterprise_id = $2",
		&st, e);
	if (rc)
		goto out;
	store_bind_int(st, 1, expert_id);
	store_bind_int(st, 2, id);
	rc = store_run(st, e);
	store_finish(st);
	if (rc)
		goto out;
	if (store_changes(l->db) == 0) {
		rc = err_set(e, ERR_NOT_FOUND, "expert_id", "该专家未分配给此企业");
		goto out;
	}
	ledger_norm_uscc(uscc, u);
	snprintf(key, sizeof key, "%s/%lld", u, (long long)expert_id);
	expert_json_pair(u, expert_id, &before);
	rc = audit_record(l, "delete", "expert_assignments", key, before, NULL, e);
out:
	free(before);
	return ledger_write_end(l, rc, e);
}

int enterprise_experts(struct ledger *l, const char *uscc, struct arena *arena, int64_t **ids,
		       size_t *n, struct err *e)
{
	struct store_stmt *st = NULL;
	int64_t id = 0, *out = NULL;
	size_t cap = 0, count = 0;
	int rc;
	*ids = NULL;
	*n = 0;
	rc = ledger_enterprise_id(l, uscc, &id, e);
	if (rc)
		return rc;
	rc = store_prepare(l->db,
			   "SELECT user_id FROM expert_assignments WHERE enterprise_id = $1 "
			   "ORDER BY user_id",
			   &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, id);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		out = ledger_grow(arena, out, count, &cap, sizeof *out, 8);
		out[count++] = store_column_int(st, 0);
	}
	store_finish(st);
	if (rc < 0)
		return rc;
	*ids = out;
	*n = count;
	return 0;
}
