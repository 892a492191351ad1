/*
 * libFuzzer target: arbitrary bytes as the board's map (a GeoJSON uploaded
 * by the city, ledger/targets/map.h). Whatever the input, the check never
 * crashes or leaks and refuses with ERR_INVALID or ERR_TOO_BIG only; an
 * accepted map is normalised, and the normalised text checks again to the
 * same text and the same counts (a fixed point).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "ledger/targets/map.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct area areas[] = {
	{"530302", "麒麟区", "district", ""},
	{"530303", "沾益区", "district", ""},
	{"530381", "宣威市", "city", ""},
	{"QJETDZ", "曲靖经济技术开发区", "zone", ""},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct boardmap m, again;
	struct err e;
	size_t n = sizeof areas / sizeof areas[0];
	int rc = boardmap_check(data, size, "fuzz.geojson", areas, n, a, &m, &e);
	if (rc == 0) {
		if (!m.data || strlen(m.data) != m.len || m.matched < 1 || m.matched > m.features ||
		    m.n_missing + (size_t)m.matched != n ||
		    (size_t)(m.features - m.matched) != m.n_unmatched)
			abort();
		if (boardmap_check(m.data, m.len, NULL, areas, n, a, &again, &e) ||
		    strcmp(again.data, m.data) || again.matched != m.matched ||
		    again.features != m.features || again.schematic != m.schematic)
			abort();
	} else if (rc != ERR_INVALID && rc != ERR_TOO_BIG) {
		abort();
	}
	arena_free(a);
	return 0;
}
