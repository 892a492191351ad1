/*
 * notice — a published list read from a spreadsheet: the province's
 * public-notice list of a recognition batch (认定公示名单) or its TSME
 * registration list (入库名单), as .xlsx or .csv (UTF-8, with or without
 * BOM, or GB18030), for ledger/apply/outcome.h.
 *
 * The header row is the first of the first 20 rows (a title row above it
 * is passed over) that names, by the import's header names (colmap.h), the
 * enterprise — 企业名称 and/or 统一社会信用代码 — and the number: 证书编号
 * for a notice list, 登记编号 / 入库编号 for a TSME list. Other columns
 * (序号, 所在地区, …) are ignored; a date column (发证日期) is read when
 * present. Rows without a name and a USCC (blank lines, a closing note)
 * are skipped. Cells are trimmed. At most NOTICE_MAX_ROWS rows.
 */
#ifndef GAOQI_IO_NOTICE_H
#define GAOQI_IO_NOTICE_H

#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"
#include "ledger/apply/outcome.h"

#define NOTICE_MAX_ROWS 200000
#define NOTICE_MAX_FILE (64u << 20) /* bytes of a list file */

enum notice_kind {
	NOTICE_HNTE, /* certificate numbers (证书编号) */
	NOTICE_TSME, /* registration numbers (登记编号) */
	/* a training's sign-in sheet (签到表): no number column needed; the
	 * attendee column (参会人员, 姓名, 签到人…), when present, is read as number */
	NOTICE_SIGNIN,
};

struct notice {
	struct list_row *rows; /* in ARENA */
	size_t n;
	size_t header_row;
	char format[8]; /* "xlsx" or "csv" */
};

/*
 * Read the list in the bytes (P, N) into *OUT, text in ARENA. Errors:
 * ERR_INVALID ("未找到表头…", an old .xls, a bad date naming its row, a
 * broken file), ERR_TOO_BIG.
 */
int notice_read_mem(const void *p, size_t n, enum notice_kind kind, struct arena *arena,
		    struct notice *out, struct err *e);

/* As notice_read_mem on the file at PATH (ERR_IO when it cannot be read). */
int notice_read_file(const char *path, enum notice_kind kind, struct arena *arena,
		     struct notice *out, struct err *e);

#endif
