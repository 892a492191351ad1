/*
 * outcome — published lists applied in bulk: the public-notice list of a
 * recognition batch (认定公示名单: 企业名称 and/or 统一社会信用代码, 证书编号)
 * and the province's TSME registration list (入库名单: 登记编号).
 *
 * Each row is matched by its USCC, else by its exact normalised name
 * (outcome_norm_name): to an application of the batch, or to an enterprise
 * in scope for the TSME list. A matched row is applied through the one
 * code path of a single change (app_move to recognised, tsme_save), so its
 * effects and audit are those of a change made by hand. A row is
 *   changed    the change was made (or, in a dry run, would be);
 *   unchanged  the ledger already says so (re-importing changes nothing);
 *   unmatched  nothing of the batch / the scope has its USCC or name
 *              (a provincial list names firms of other cities);
 *   refused    matched, but the change is not allowed (an application
 *              withdrawn or not recognised, recognised with another
 *              certificate number, a bad number) — the message says why.
 * All rows run in one group: a dry run rolls it back (exact counts, nothing
 * written), otherwise it is committed, refused and unmatched rows left out.
 *
 * Who: the outcome list needs CAP_BATCHES_MANAGE, the TSME list
 * CAP_BATCHES_MANAGE too (it concerns the whole city).
 */
#ifndef GAOQI_LEDGER_APPLY_OUTCOME_H
#define GAOQI_LEDGER_APPLY_OUTCOME_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "ledger/ledger.h"

/* One row of a list as read from the file (text borrowed). */
struct list_row {
	size_t row;	    /* the row number the spreadsheet shows */
	const char *uscc;   /* NULL or "" when the list has none */
	const char *name;   /* NULL or "" when none */
	const char *number; /* certificate or registration number */
	int32_t on;	    /* issue / registration date, LEDGER_NO_DATE when none */
};

enum list_result { LIST_CHANGED, LIST_UNCHANGED, LIST_UNMATCHED, LIST_REFUSED };

/* "changed", "unchanged", "unmatched", "refused" and "已更新", "无变化", "未匹配", "未处理". */
const char *list_result_name(enum list_result r);
const char *list_result_label(enum list_result r);

struct list_line {
	size_t row;
	enum list_result result;
	const char *name;    /* as in the file */
	const char *number;  /* as in the file */
	char uscc[19];	     /* the matched enterprise's ("" when unmatched) */
	const char *matched; /* the matched enterprise's name */
	int by_name;	     /* matched by name (no USCC, or the USCC matched nothing) */
	const char *message; /* refused, unmatched: why (static or arena) */
};

struct list_report {
	size_t rows, changed, unchanged, unmatched, refused;
	struct list_line *lines; /* one per row, in file order (arena memory) */
	size_t n;
	int dry_run;
	int committed;
};

/*
 * Normalise an enterprise name for matching into OUT (SIZE bytes, cut on a
 * whole character): ASCII and ideographic spaces removed, full-width ASCII
 * (（）Ａ１) made half-width, 【】〔〕［］ made round brackets, ASCII
 * letters lower-cased.
 */
void outcome_norm_name(const char *s, char *out, size_t size);

/*
 * Apply the public-notice list ROWS[0..N) to batch BATCH_ID: each matched
 * application is recorded recognised with the row's certificate number
 * (and date when given). Errors for the whole list: ERR_FORBIDDEN,
 * ERR_NOT_FOUND (batch), ERR_DB (nothing is written). R in ARENA.
 */
int outcome_apply(struct ledger *l, int64_t batch_id, const struct list_row *rows, size_t n,
		  int dry_run, struct arena *arena, struct list_report *r, struct err *e);

/*
 * Apply the TSME registration list ROWS[0..N) of YEAR: each matched
 * enterprise gets its registration (tsme_save, status registered).
 */
int outcome_tsme_apply(struct ledger *l, int64_t year, const struct list_row *rows, size_t n,
		       int dry_run, struct arena *arena, struct list_report *r, struct err *e);

#endif
