/*
 * boardmap — the battle board's map (挂图作战, product.md C7, issue 14): the
 * GeoJSON of the city's areas that the city uploads (table target_map, one
 * per database). The board draws it as an ECharts map coloured by each
 * area's progress; without one it shows a tile grid.
 *
 * An upload is checked whole before anything is stored: at most
 * BOARDMAP_MAX bytes of UTF-8 JSON, a FeatureCollection whose features each
 * have a Polygon or MultiPolygon geometry and a property naming the area —
 * properties.adcode (or code, area: the area's code, e.g. 530302) or
 * properties.name (the area's name, e.g. 麒麟区). A feature is matched to an
 * area by code first, then by name; two features of one area, or none
 * matching any area, refuse the file. What is stored is normalised: each
 * feature keeps only its geometry and the properties name (the area's name
 * when matched, else its own) and area (the code, null when unmatched). The
 * collection's "name" names the map and "schematic": true marks a drawn
 * sketch (示意图, as the demo's).
 *
 * Scope: targets.manage (admin, city) uploads and deletes — the same people
 * who set the targets the map shows; targets.read reads it (the geometry is
 * the same for everyone, the colouring comes from the caller's scoped
 * progress). Writes audited (table target_map, key "1"; the images carry the
 * map's name and counts, not the geometry), each one transaction.
 */
#ifndef GAOQI_LEDGER_TARGETS_MAP_H
#define GAOQI_LEDGER_TARGETS_MAP_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "ledger/ledger.h"
#include "ledger/register/area.h"

#define BOARDMAP_MAX ((size_t)8 << 20) /* bytes of an uploaded GeoJSON */
#define BOARDMAP_FEATURES_MAX 5000
#define BOARDMAP_NAME_MAX 100 /* characters of the map's name */

/* An area that no feature draws. */
struct boardmap_missing {
	const char *code;
	const char *name;
};

/* A feature that matches no area (drawn grey, clickable for nothing). */
struct boardmap_unmatched {
	size_t index;	  /* 1-based, in the file's order */
	const char *name; /* its name, code or "" */
};

struct boardmap {
	const char *name;
	int schematic;
	int64_t features;	 /* stored */
	int64_t matched;	 /* of which match an area */
	int64_t size;		 /* bytes of data */
	const char *uploaded_by; /* NULL before it is stored */
	const char *uploaded_at;
	const char *data; /* the normalised GeoJSON, NUL-terminated */
	size_t len;
	struct boardmap_missing *missing; /* the areas without a feature, by code */
	size_t n_missing;
	struct boardmap_unmatched *unmatched; /* by index */
	size_t n_unmatched;
};

/*
 * Check the LEN bytes at DATA against the N_AREAS AREAS and normalise them
 * into *OUT (arena memory); FILENAME (may be NULL) names the map when the
 * collection has no name. No database: the parser of outside input, fuzzed.
 * ERR_TOO_BIG over BOARDMAP_MAX; ERR_INVALID with a Chinese message naming
 * the feature ("第3个要素（麒麟区）：几何类型应为 Polygon 或 MultiPolygon：Point").
 */
int boardmap_check(const void *data, size_t len, const char *filename, const struct area *areas,
		   size_t n_areas, struct arena *arena, struct boardmap *out, struct err *e);

/*
 * Check (as boardmap_check against every area) and, unless DRY_RUN, store
 * the upload, replacing the map (targets.manage, audited); *OUT the report.
 */
int boardmap_put(struct ledger *l, const void *data, size_t len, const char *filename, int dry_run,
		 struct arena *arena, struct boardmap *out, struct err *e);

/*
 * The stored map (targets.read) with its report against today's areas.
 * ERR_NOT_FOUND "尚未上传区域地图" when there is none.
 */
int boardmap_get(struct ledger *l, struct arena *arena, struct boardmap *out, struct err *e);

/* Remove the map (targets.manage, audited). ERR_NOT_FOUND when there is none. */
int boardmap_delete(struct ledger *l, struct err *e);

#endif
