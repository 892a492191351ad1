/*
 * libFuzzer target of io/colmap: the input is a header row (cells separated
 * by '\t'); the mapping must never put two fields on one column nor one field
 * on a column outside the row, nor map a registry column it ignores. The
 * same input read as a registered capital (io/registry.h) must read back
 * unchanged from its formatted text.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/colmap.h"
#include "io/registry.h"

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
		/* a registry column ignored on purpose is never a mapped one */
		for (size_t i = 0; i < m.nignored; i++)
			if (m.ignored[i] >= n || used[m.ignored[i]])
				abort();
		colmap_check_required(&m, NULL);
	}
	enum money_unit unit;
	colmap_lookup((const char *)data, size, &unit);
	/* a registered capital read is never negative, and reads back the same */
	int64_t fen = -1;
	char cur[4], msg[300];
	if (registry_capital((const char *)data, size, MONEY_WAN, 1, &fen, cur, msg, sizeof msg) ==
	    0) {
		struct strbuf sb;
		int64_t again = -1;
		char cur2[4];
		strbuf_init(&sb, 0);
		registry_capital_format(&sb, fen, cur);
		if (fen < 0 ||
		    registry_capital(sb.buf, sb.len, MONEY_YUAN, 0, &again, cur2, msg,
				     sizeof msg) ||
		    again != fen || strcmp(cur, cur2))
			abort();
		strbuf_cleanup(&sb);
	}
	return 0;
}
