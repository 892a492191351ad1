/*
 * search — the LIKE pattern of a search text (see search.h).
 */
#include "ledger/publicity/search.h"
#include "ledger/internal.h"

#include <stdlib.h>
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

int publicity_blob(struct ledger *l, const char *sql, int64_t id, const char *missing, void **data,
		   size_t *len, struct err *e)
{
	struct store_stmt *st = NULL;
	*data = NULL;
	*len = 0;
	int rc = store_prepare(l->db, sql, &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, id);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		size_t n = 0;
		const void *b = store_column_blob(st, 0, &n);
		*data = malloc(n ? n : 1);
		if (!*data) {
			rc = err_set(e, ERR_INTERNAL, NULL, "内存不足");
		} else {
			if (n)
				memcpy(*data, b, n);
			*len = n;
			rc = 0;
		}
	} else if (rc == STORE_DONE) {
		rc = err_set(e, ERR_NOT_FOUND, "id", "%s", missing);
	}
	store_finish(st);
	return rc;
}
