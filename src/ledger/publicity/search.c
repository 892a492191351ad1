/*
 * search — the LIKE pattern of a search text (see search.h).
 */
#include "ledger/publicity/search.h"
#include "ledger/internal.h"

#include <string.h>

int publicity_like(struct arena *arena, const char *q, const char **out, struct err *e)
{
	*out = NULL;
	if (!q || !q[0])
		return 0;
	size_t n = strlen(q);
	if (n > PUBLICITY_SEARCH_MAX)
		return err_set(e, ERR_INVALID, "q", "搜索内容过长（最多%d字节）",
			       PUBLICITY_SEARCH_MAX);
	char *p = arena_alloc(arena, 2 * n + 3), *o = p;
	*o++ = '%';
	for (size_t i = 0; i < n; i++) {
		if (q[i] == '%' || q[i] == '_' || q[i] == '\\')
			*o++ = '\\';
		*o++ = q[i];
	}
	*o++ = '%';
	*o = '\0';
	*out = p;
	return 0;
}

int publicity_own_area(struct ledger *l, const char *area, struct err *e)
{
	struct store_stmt *st = NULL;
	if (!area)
		return 0;
	int rc = store_prepare(l->db, "SELECT 1 FROM user_areas WHERE user_id = $1 AND area = $2",
			       &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, l->scope.user_id);
	store_bind_text(st, 2, area, STORE_NTS);
	rc = store_step(st, e);
	store_finish(st);
	return rc < 0 ? rc : rc == STORE_ROW;
}
