/*
 * rowpipe — the rows of a spreadsheet read on one thread and used, in file
 * order, on the calling one. A reader thread decodes the file (inflating and
 * scanning the XML of an .xlsx, or splitting a CSV) into batches of rows;
 * the calling thread, which owns the database connection, validates and
 * writes them. The two run side by side on two cores. Memory stays bounded:
 * PIPE_BATCHES (6) batches circulate between the threads, each holding at
 * most BATCH_ROWS (512) rows or about BATCH_TEXT (1 MiB) of text (a batch
 * grows past that only to take one very long row whole).
 */
#ifndef GAOQI_IO_ROWPIPE_H
#define GAOQI_IO_ROWPIPE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "io/csv.h"
#include "io/xlsx/read.h"

struct rowpipe;

/*
 * The reader's work, run on its own thread: hand every row of SRC to
 * rowpipe_emit (or let xlsx_read_sheet / csv_read_* do it through
 * rowpipe_xlsx_row / rowpipe_csv_record with P as their context). Returns 0
 * or a negative ERR_* filling E.
 */
typedef int (*rowpipe_read_fn)(struct rowpipe *p, void *src, struct err *e);

/* Where the rows go, on the calling thread. */
struct rowpipe_sink {
	/* before the rows of each batch: the reader's row estimate then (0 = unknown) */
	void (*batch)(void *ctx, uint64_t total_hint);
	/* each row in file order (cells valid during the call); non-zero stops the reader */
	int (*row)(void *ctx, size_t row, const struct xlsx_cell *cells, size_t n, struct err *e);
	void *ctx;
};

/*
 * Run READ(SRC) on a reader thread and feed its rows to SINK here, in
 * order. TOTAL_HINT is the rows expected (0 = unknown); once X (the
 * workbook read, or NULL) knows its sheet's dimension, xlsx_rows_hint
 * replaces it. Returns the first error: the sink's (the reader is then told
 * to stop), else the reader's, or ERR_INTERNAL when the thread cannot start.
 */
int rowpipe_run(rowpipe_read_fn read, void *src, struct xlsx *x, uint64_t total_hint,
		const struct rowpipe_sink *sink, struct err *e);

/*
 * Reader: copy one row (its number and N cells) into the current batch.
 * ERR_INTERNAL ("导入已停止") once the sink has stopped.
 */
int rowpipe_emit(struct rowpipe *p, size_t row, const struct xlsx_cell *cells, size_t n,
		 struct err *e);

/* An xlsx_row_fn for xlsx_read_sheet with a struct rowpipe as CTX: rowpipe_emit. */
int rowpipe_xlsx_row(void *ctx, uint32_t row, const struct xlsx_cell *cells, size_t n,
		     struct err *e);

/*
 * A csv_record_fn with a struct rowpipe as CTX: the fields become cells
 * (XLSX_STRING, or XLSX_EMPTY when empty) for rowpipe_emit.
 */
int rowpipe_csv_record(void *ctx, size_t record, const struct csv_field *f, size_t n,
		       struct err *e);

#endif
