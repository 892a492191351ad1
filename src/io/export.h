/*
 * export — the ledger out to a spreadsheet (product.md C10): the enterprises
 * of the caller's scope that match the ledger list's filters, optionally with
 * one year's indicators, as .xlsx (Chinese headers, frozen header row, column
 * widths, 元 with thousands separators, dates as dates; streamed in constant
 * memory) or .csv (UTF-8 with a byte order mark so that Excel reads it;
 * plain numbers; a text starting with = + - @ is prefixed with ' so that no
 * spreadsheet runs it as a formula — the importer removes that quote).
 *
 * The headers are the canonical ones of colmap.h, so an exported file
 * imports back unchanged. The template is the same sheet without rows plus a
 * second sheet "填写说明" explaining each column.
 */
#ifndef GAOQI_IO_EXPORT_H
#define GAOQI_IO_EXPORT_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "ledger/register/enterprise.h"
#include "ledger/ledger.h"

enum export_format { EXPORT_XLSX = 0, EXPORT_CSV = 1 };

/* Parse "xlsx" or "csv"; ERR_INVALID (field "format") otherwise. */
int export_format_parse(const char *s, enum export_format *out, struct err *e);

/* Receives the bytes of the file in order; 0 to go on or a negative ERR_* (filling nothing). */
typedef int (*export_sink_fn)(void *ctx, const void *p, size_t n);

/* A sink that writes to the FILE * CTX (ERR_IO on a write error). */
int export_sink_file(void *ctx, const void *p, size_t n);

struct export_options {
	enum export_format format;
	struct enterprise_filter filter; /* paging is ignored: every match is exported */
	int64_t year; /* LEDGER_NONE: enterprise columns only; else that year's indicators too */
	void (*progress)(void *ctx, uint64_t done, uint64_t total);
	void *progress_ctx;
};

/* Defaults: xlsx, every enterprise, no year. */
void export_options_init(struct export_options *o);

/*
 * Export the enterprises of L's scope matching O->filter, sorted as the
 * filter says, to SINK. *ROWS (may be NULL) gets the number of enterprises
 * written. Errors: ERR_INVALID (bad filter), ERR_DB, ERR_IO/ERR_INTERNAL
 * (writing), or the sink's error.
 */
int export_ledger(struct ledger *l, const struct export_options *o, export_sink_fn sink, void *ctx,
		  size_t *rows, struct err *e);

/* The empty ledger with every canonical header (+ the explanation sheet for xlsx). */
int export_template(enum export_format format, export_sink_fn sink, void *ctx, struct err *e);

#endif
