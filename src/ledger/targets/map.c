/*
 * boardmap — the battle board's map (table owner: target_map; see map.h).
 */
#include "ledger/targets/map.h"
#include "ledger/internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/base/audit.h"
#include "ledger/base/json.h"
#include "ledger/base/perm.h"

/* ---- the check (no database) -------------------------------------------------------------- */

/* Whether V is a GeoJSON position: an array of at least two numbers. */
static int is_position(const json_t *v)
{
	if (!json_is_array(v) || json_array_size(v) < 2)
		return 0;
	for (size_t i = 0; i < json_array_size(v); i++)
		if (!json_is_number(json_array_get(v, i)))
			return 0;
	return 1;
}

/* Whether V is a Polygon's coordinates: one or more rings of at least four positions. */
static int is_polygon(const json_t *v)
{
	if (!json_is_array(v) || !json_array_size(v))
		return 0;
	for (size_t r = 0; r < json_array_size(v); r++) {
		const json_t *ring = json_array_get(v, r);
		if (!json_is_array(ring) || json_array_size(ring) < 4)
			return 0;
		for (size_t i = 0; i < json_array_size(ring); i++)
			if (!is_position(json_array_get(ring, i)))
				return 0;
	}
	return 1;
}

/* The text of property KEY of PROPS (a string, or an integer as its digits), NULL when none. */
static const char *prop_text(const json_t *props, const char *key, struct arena *arena)
{
	const json_t *v = json_object_get(props, key);
	if (json_is_string(v) && json_string_length(v))
		return arena_strdup(arena, json_string_value(v));
	if (json_is_integer(v))
		return arena_printf(arena, "%lld", (long long)json_integer_value(v));
	return NULL;
}

/* The area's index in AREAS whose code is CODE, else whose name is NAME; -1 when none. */
static long match_area(const struct area *areas, size_t n, const char *code, const char *name)
{
	for (size_t i = 0; code && i < n; i++)
		if (!strcmp(areas[i].code, code))
			return (long)i;
	for (size_t i = 0; name && i < n; i++)
		if (!strcmp(areas[i].name, name))
			return (long)i;
	return -1;
}

/* "第I个要素" or "第I个要素（NAME）" into the arena. */
static const char *feature_label(struct arena *arena, size_t i, const char *name)
{
	return name ? arena_printf(arena, "第%zu个要素（%s）", i, name)
		    : arena_printf(arena, "第%zu个要素", i);
}

/* Check feature F (1-based index I) and append its normalised twin to OUTF. */
static int check_feature(const json_t *f, size_t i, const struct area *areas, size_t n_areas,
			 long *owner, struct arena *arena, json_t *outf, struct boardmap *out,
			 size_t *unmatched_cap, struct err *e)
{
	if (!json_is_object(f))
		return err_set(e, ERR_INVALID, "features", "第%zu个要素：应为对象", i);
	const json_t *props = json_object_get(f, "properties");
	const char *code = NULL, *name = NULL;
	if (json_is_object(props)) {
		static const char *const code_keys[] = {"adcode", "code", "area"};
		for (size_t k = 0; !code && k < sizeof code_keys / sizeof *code_keys; k++)
			code = prop_text(props, code_keys[k], arena);
		name = prop_text(props, "name", arena);
	}
	const char *label = feature_label(arena, i, name ? name : code);
	const char *type = json_string_value(json_object_get(f, "type"));
	if (!type || strcmp(type, "Feature"))
		return err_set(e, ERR_INVALID, "features", "%s：type 应为 Feature", label);
	json_t *geom = json_object_get(f, "geometry");
	const char *gtype = json_string_value(json_object_get(geom, "type"));
	if (!json_is_object(geom) || !gtype)
		return err_set(e, ERR_INVALID, "features", "%s：缺少几何（geometry）", label);
	const json_t *coords = json_object_get(geom, "coordinates");
	int ok = 0;
	if (!strcmp(gtype, "Polygon")) {
		ok = is_polygon(coords);
	} else if (!strcmp(gtype, "MultiPolygon")) {
		ok = json_is_array(coords) && json_array_size(coords);
		for (size_t p = 0; ok && p < json_array_size(coords); p++)
			ok = is_polygon(json_array_get(coords, p));
	} else {
		return err_set(e, ERR_INVALID, "features",
			       "%s：几何类型应为 Polygon 或 MultiPolygon：%.40s", label, gtype);
	}
	if (!ok)
		return err_set(e, ERR_INVALID, "features",
			       "%s：坐标无效（每个环至少4个点，每个点为[经度, 纬度]）", label);
	if (!code && !name)
		return err_set(e, ERR_INVALID, "features",
			       "%s：缺少区域代码或名称（properties.adcode 或 properties.name）",
			       label);
	long a = match_area(areas, n_areas, code, name);
	if (a >= 0 && owner[a])
		return err_set(e, ERR_INVALID, "features", "%s与第%ld个要素都对应区域%s（%s）",
			       label, owner[a], areas[a].name, areas[a].code);
	json_t *np = json_object();
	if (a >= 0) {
		owner[a] = (long)i;
		out->matched++;
		json_object_set_new(np, "name", json_string(areas[a].name));
		json_object_set_new(np, "area", json_string(areas[a].code));
	} else {
		const char *own = name ? name : code;
		out->unmatched = ledger_grow(arena, out->unmatched, out->n_unmatched, unmatched_cap,
					     sizeof *out->unmatched, 16);
		out->unmatched[out->n_unmatched++] = (struct boardmap_unmatched){i, own};
		json_object_set_new(np, "name", json_string(own));
		json_object_set_new(np, "area", json_null());
	}
	json_t *nf = json_object();
	json_object_set_new(nf, "type", json_string("Feature"));
	json_object_set_new(nf, "properties", np);
	json_object_set(nf, "geometry", geom);
	json_array_append_new(outf, nf);
	return 0;
}

/* The map's name: the collection's (at most BOARDMAP_NAME_MAX characters), else FILENAME's. */
static const char *map_name(const json_t *root, const char *filename, struct arena *arena)
{
	const char *s = json_string_value(json_object_get(root, "name"));
	if (!s || !*s)
		s = filename && *filename ? filename : "区域地图";
	size_t chars = 0, i = 0;
	for (; s[i] && chars <= BOARDMAP_NAME_MAX; i++)
		chars += ((unsigned char)s[i] & 0xc0) != 0x80;
	if (chars > BOARDMAP_NAME_MAX) /* cut before the code point that went over */
		while (i > 0 && ((unsigned char)s[--i] & 0xc0) == 0x80)
			;
	return arena_strndup(arena, s, i);
}

static int check_root(const json_t *root, struct err *e)
{
	const char *type = json_string_value(json_object_get(root, "type"));
	if (!json_is_object(root) || !type || strcmp(type, "FeatureCollection"))
		return err_set(
			e, ERR_INVALID, "file",
			"地图应为 GeoJSON 的 FeatureCollection（type 应为 FeatureCollection）");
	const json_t *f = json_object_get(root, "features");
	if (!json_is_array(f) || !json_array_size(f))
		return err_set(e, ERR_INVALID, "features", "地图没有要素（features 应为非空数组）");
	if (json_array_size(f) > BOARDMAP_FEATURES_MAX)
		return err_set(e, ERR_INVALID, "features", "要素过多：%zu个（最多%d个）",
			       json_array_size(f), BOARDMAP_FEATURES_MAX);
	return 0;
}

int boardmap_check(const void *data, size_t len, const char *filename, const struct area *areas,
		   size_t n_areas, struct arena *arena, struct boardmap *out, struct err *e)
{
	json_error_t je;
	size_t unmatched_cap = 0;
	memset(out, 0, sizeof *out);
	if (!len)
		return err_set(e, ERR_INVALID, "file", "上传的地图文件为空");
	if (len > BOARDMAP_MAX)
		return err_set(e, ERR_TOO_BIG, "file", "地图文件过大：%zu字节（最大8 MiB）", len);
	json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		return err_set(e, ERR_INVALID, "file", "地图不是有效的 JSON（第%d行第%d列）",
			       je.line, je.column);
	int rc = check_root(root, e);
	const json_t *features = json_object_get(root, "features");
	long *owner = arena_alloc(arena, (n_areas + 1) * sizeof *owner);
	memset(owner, 0, (n_areas + 1) * sizeof *owner);
	json_t *outf = json_array();
	for (size_t i = 0; !rc && i < json_array_size(features); i++)
		rc = check_feature(json_array_get(features, i), i + 1, areas, n_areas, owner, arena,
				   outf, out, &unmatched_cap, e);
	if (!rc && !out->matched)
		rc = err_set(e, ERR_INVALID, "features",
			     "没有一个要素对应本市的区域（按 properties.adcode 的区域代码或 "
			     "properties.name 的区域名称匹配）");
	if (!rc) {
		out->name = map_name(root, filename, arena);
		out->schematic = json_is_true(json_object_get(root, "schematic"));
		out->features = (int64_t)json_array_size(outf);
		out->missing = arena_alloc(arena, (n_areas + 1) * sizeof *out->missing);
		for (size_t a = 0; a < n_areas; a++)
			if (!owner[a])
				out->missing[out->n_missing++] =
					(struct boardmap_missing){areas[a].code, areas[a].name};
		json_t *norm = json_object();
		json_object_set_new(norm, "type", json_string("FeatureCollection"));
		json_object_set_new(norm, "name", json_string(out->name));
		json_object_set_new(norm, "schematic", json_boolean(out->schematic));
		json_object_set(norm, "features", outf);
		char *text = json_dumps(norm, JSON_COMPACT | JSON_REAL_PRECISION(10));
		json_decref(norm);
		if (!text) {
			rc = err_set(e, ERR_INTERNAL, NULL, "内存不足");
		} else {
			out->len = strlen(text);
			out->data = arena_strndup(arena, text, out->len);
			out->size = (int64_t)out->len;
			free(text);
		}
	}
	json_decref(outf);
	json_decref(root);
	return rc;
}

/* ---- the stored map ----------------------------------------------------------------------- */

static char *map_image(const struct boardmap *m)
{
	struct ledger_jobj o;
	ledger_jobj_init(&o);
	ledger_jobj_str(&o, "name", m->name);
	ledger_jobj_int(&o, "schematic", m->schematic);
	ledger_jobj_int(&o, "features", m->features);
	ledger_jobj_int(&o, "matched", m->matched);
	ledger_jobj_int(&o, "size", m->size);
	return ledger_jobj_take(&o);
}

/* The stored row into *OUT (data included); STORE_DONE-like 1 when there is none. */
static int stored(struct ledger *l, struct arena *arena, struct boardmap *out, struct err *e)
{
	struct store_stmt *st = NULL;
	memset(out, 0, sizeof *out);
	int rc = store_prepare(l->db,
			       "SELECT name, schematic, features, matched, size, uploaded_by, "
			       "uploaded_at, data FROM target_map WHERE id = 1",
			       &st, e);
	if (rc)
		return rc;
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		size_t len = 0;
		const void *data = store_column_blob(st, 7, &len);
		out->name = ledger_column_str(st, 0, arena);
		out->schematic = (int)store_column_int(st, 1);
		out->features = store_column_int(st, 2);
		out->matched = store_column_int(st, 3);
		out->size = store_column_int(st, 4);
		out->uploaded_by = ledger_column_str(st, 5, arena);
		out->uploaded_at = ledger_column_str(st, 6, arena);
		out->data = arena_strndup(arena, data ? data : "", len);
		out->len = len;
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = 1;
	}
	store_finish(st);
	return rc;
}

int boardmap_put(struct ledger *l, const void *data, size_t len, const char *filename, int dry_run,
		 struct arena *arena, struct boardmap *out, struct err *e)
{
	struct area *areas = NULL;
	size_t n_areas = 0;
	struct boardmap old;
	struct store_stmt *st = NULL;
	char now[21];
	char *before = NULL, *after = NULL;
	int rc = perm_check(&l->scope, CAP_TARGETS_MANAGE, "无权上传区域地图", e);
	if (!rc)
		rc = area_list(l, arena, &areas, &n_areas, e);
	if (!rc)
		rc = boardmap_check(data, len, filename, areas, n_areas, arena, out, e);
	if (rc || dry_run)
		return rc;
	rc = ledger_write_begin(l, e);
	if (rc)
		return rc;
	int had = stored(l, arena, &old, e);
	rc = had < 0 ? had : 0;
	if (!rc)
		rc = store_prepare(
			l->db,
			"INSERT INTO target_map (id, name, schematic, features, matched, size, "
			"uploaded_by, uploaded_at, data) VALUES (1, $1, $2, $3, $4, $5, $6, $7, "
			"$8) "
			"ON CONFLICT (id) DO UPDATE SET name = excluded.name, schematic = "
			"excluded.schematic, features = excluded.features, matched = "
			"excluded.matched, size = excluded.size, uploaded_by = "
			"excluded.uploaded_by, "
			"uploaded_at = excluded.uploaded_at, data = excluded.data",
			&st, e);
	if (!rc) {
		out->uploaded_by = arena_strdup(arena, l->scope.user_name);
		out->uploaded_at = arena_strdup(arena, ledger_now(now));
		store_bind_text(st, 1, out->name, STORE_NTS);
		store_bind_int(st, 2, out->schematic);
		store_bind_int(st, 3, out->features);
		store_bind_int(st, 4, out->matched);
		store_bind_int(st, 5, out->size);
		store_bind_text(st, 6, out->uploaded_by, STORE_NTS);
		store_bind_text(st, 7, out->uploaded_at, STORE_NTS);
		store_bind_blob(st, 8, out->data, out->len);
		rc = store_run(st, e);
	}
	if (!rc) {
		before = had == 0 ? map_image(&old) : NULL;
		after = map_image(out);
		rc = audit_record(l, had == 0 ? "update" : "create", "target_map", "1", before,
				  after, e);
	}
	store_finish(st);
	free(before);
	free(after);
	return ledger_write_end(l, rc, e);
}

int boardmap_get(struct ledger *l, struct arena *arena, struct boardmap *out, struct err *e)
{
	struct area *areas = NULL;
	size_t n_areas = 0;
	struct boardmap m;
	memset(&m, 0, sizeof m);
	int rc = perm_check(&l->scope, CAP_TARGETS_READ, "无权查看区域地图", e);
	if (!rc)
		rc = stored(l, arena, &m, e);
	if (rc == 1)
		return err_set(e, ERR_NOT_FOUND, NULL, "尚未上传区域地图");
	if (!rc)
		rc = area_list(l, arena, &areas, &n_areas, e);
	/* the report against today's areas: the stored text is normalised, so it matches by code */
	if (!rc)
		rc = boardmap_check(m.data, m.len, NULL, areas, n_areas, arena, out, e);
	if (rc == ERR_INVALID) /* every area it drew is gone: the stored map as it is */
		rc = 0, *out = m;
	if (rc)
		return rc;
	out->name = m.name;
	out->uploaded_by = m.uploaded_by;
	out->uploaded_at = m.uploaded_at;
	out->data = m.data;
	out->len = m.len;
	out->size = m.size;
	return 0;
}

int boardmap_delete(struct ledger *l, struct err *e)
{
	struct arena *tmp = arena_new();
	struct boardmap old;
	char *before = NULL;
	int rc = perm_check(&l->scope, CAP_TARGETS_MANAGE, "无权删除区域地图", e);
	if (!rc)
		rc = ledger_write_begin(l, e);
	if (rc) {
		arena_free(tmp);
		return rc;
	}
	rc = stored(l, tmp, &old, e);
	if (rc == 1)
		rc = err_set(e, ERR_NOT_FOUND, NULL, "尚未上传区域地图");
	if (!rc)
		rc = store_exec(l->db, "DELETE FROM target_map WHERE id = 1", e);
	if (!rc) {
		before = map_image(&old);
		rc = audit_record(l, "delete", "target_map", "1", before, NULL, e);
	}
	free(before);
	rc = ledger_write_end(l, rc, e);
	arena_free(tmp);
	return rc;
}
