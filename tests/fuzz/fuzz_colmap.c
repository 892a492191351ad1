/*
 * libFuzzer target of io/colmap: the input is a header row (cells separated
 * by '\t'); the mapping must never put two fields on one column nor one field
 * on a column outside the row.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/colmap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct colmap_cell cells[64];
	size_t n = 0;
	const char *p = (const char *)data, *end = p + size;
	while (n < 64) {
		const char *tab = memchr(p, '\t', (size_t)(end - p));
		cells[n].s = p;
		cells[n].n = tab ? (size_t)(tab - p) : (size_t)(end - p);
		n++;
		if (!tab)
			break;
		p = tab + 1;
	}
	struct colmap m;
	if (colmap_build(&m, cells, n, NULL) == 0) {
		int used[64] = {0};
		for (int f = 0; f < COL_COUNT; f++) {
			if (m.col[f] < 0)
				continue;
			if ((size_t)m.col[f] >= n || used[m.col[f]]++)
				abort();
		}
		colmap_check_required(&m, NULL);
	}
	enum money_unit unit;
	colmap_lookup((const char *)data, size, &unit);
	return 0;
}
