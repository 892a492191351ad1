/*
 * remind_export — the reminders of the caller's scope out to a spreadsheet
 * (product.md C6: notifications stay inside the system, the list exports):
 * .xlsx (Chinese headers, frozen header row, deadlines as dates) or .csv
 * (UTF-8 with a byte order mark; a text starting with = + - @ is prefixed
 * with ' so that no spreadsheet runs it as a formula).
 */
#ifndef GAOQI_IO_REMIND_EXPORT_H
#define GAOQI_IO_REMIND_EXPORT_H

#include <stddef.h>

#include "core/err.h"
#include "io/export.h"
#include "ledger/ledger.h"
#include "ledger/monitor/remind.h"

/*
 * Export every reminder of L's scope matching F (paging ignored) to SINK in
 * FORMAT. *ROWS (may be NULL) gets the count. Errors: those of remind_list,
 * ERR_IO/ERR_INTERNAL (writing), or the sink's.
 */
int remind_export(struct ledger *l, const struct remind_filter *f, enum export_format format,
		  export_sink_fn sink, void *ctx, size_t *rows, struct err *e);

/* The Chinese status of a reminder's mark: "待处理", "已完成", "暂缓". */
const char *remind_state_label(const char *state);

#endif
