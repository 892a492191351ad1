/*
 * ledger_json — jansson helpers for the audit JSON of ledger modules.
 */
#include "ledger/ledger_json.h"

#include <stdlib.h>

#include "core/date.h"
#include "core/xalloc.h"
#include "ledger/ledger.h"

void ledger_json_str(json_t *obj, const char *key, const char *s)
{
	json_object_set_new(obj, key, s ? json_string(s) : json_null());
}

void ledger_json_int(json_t *obj, const char *key, int64_t v)
{
	json_object_set_new(obj, key, v == LEDGER_NONE ? json_null() : json_integer(v));
}

void ledger_json_date(json_t *obj, const char *key, int32_t days)
{
	char buf[11];
	if (days == LEDGER_NO_DATE)
		json_object_set_new(obj, key, json_null());
	else
		json_object_set_new(obj, key, json_string(date_format(days, buf)));
}

void ledger_json_bool(json_t *obj, const char *key, int v)
{
	json_object_set_new(obj, key, json_boolean(v));
}

char *ledger_json_take(json_t *obj)
{
	if (!obj)
		return NULL;
	char *s = json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(obj);
	if (!s)
		s = xstrdup("{}");
	return s;
}
