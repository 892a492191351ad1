/*
 * csv — an RFC 4180 reader and writer for the ledger files counties keep.
 *
 * Reading streams: the input (a file or a memory block) is consumed in
 * chunks and each record is handed to a callback, so memory stays bounded by
 * the caps whatever the number of rows. Encoding: a UTF-8 byte order mark
 * decides UTF-8. Otherwise the decision stays open while the input is pure
 * ASCII (bytes below 0x80, read the same in both encodings), however long,
 * and the first non-ASCII bytes decide, looking at them up to the end of the
 * 64 KiB chunk that holds them: UTF-8 when they are valid UTF-8 there, or when
 * at least 8 valid UTF-8 characters come before the first invalid byte; else
 * GB18030 (what Chinese Excel saves as "CSV (逗号分隔)"), converted to UTF-8
 * with iconv. Once decided, the encoding holds for the rest of the input: an
 * invalid byte later in a UTF-8 file, or bytes that are not GB18030 in a
 * GB18030 file, stop the read with ERR_INVALID naming the record. A UTF-16
 * file (Excel's "Unicode 文本") is refused with a message.
 *
 * Quoting follows RFC 4180 ("" inside quotes, separators and line breaks
 * inside quotes); records end with LF, CRLF or a lone CR. Leniency: a quote
 * inside an unquoted field is kept literally, and characters after a closing
 * quote are appended to the field, as Excel does. An unterminated quote at the
 * end of the input is an error.
 *
 * Not thread-safe per reader; independent readers may run in parallel.
 */
#ifndef GAOQI_IO_CSV_H
#define GAOQI_IO_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "core/err.h"
#include "core/strbuf.h"

/* One field of a record: bytes (UTF-8, NUL-terminated at s[n]), borrowed. */
struct csv_field {
	const char *s;
	size_t n;
};

/* Hard caps of a read; a zero member takes the default. */
struct csv_limits {
	size_t max_record; /* bytes of one record (default 1 MiB) */
	size_t max_field;  /* bytes of one field (default 64 KiB) */
	size_t max_fields; /* fields of one record (default 1024) */
	size_t max_rows;   /* records of the input (default 2,000,000) */
};

enum csv_encoding {
	CSV_UTF8 = 0,	  /* valid UTF-8 without a byte order mark */
	CSV_UTF8_BOM = 1, /* UTF-8 starting with EF BB BF (the mark is dropped) */
	CSV_GB18030 = 2,  /* converted to UTF-8 while reading */
};

/*
 * Called once per record with its 1-based number (the header is record 1,
 * like the row numbers Excel shows) and its fields, all valid UTF-8. The
 * fields are valid only during the call. A blank line is a record of one
 * empty field. Return 0 to go on, or a negative ERR_* (filling E) to stop the
 * read, which then returns that code.
 */
typedef int (*csv_record_fn)(void *ctx, size_t record, const struct csv_field *fields,
			     size_t nfields, struct err *e);

/*
 * Read the CSV text (P, N) and call FN for each record. LIMITS may be NULL
 * (defaults). *ENC (may be NULL) receives the detected encoding (CSV_UTF8
 * for pure ASCII input, also when the read stops before the encoding is
 * decided). Errors:
 * ERR_INVALID (bad encoding, unterminated quote; the message names the
 * record), ERR_TOO_BIG (a cap exceeded, naming it), or what FN returned.
 */
int csv_read_mem(const char *p, size_t n, const struct csv_limits *limits, csv_record_fn fn,
		 void *ctx, enum csv_encoding *enc, struct err *e);

/* As csv_read_mem, reading F in chunks until end of file; ERR_IO on a read error. */
int csv_read_file(FILE *f, const struct csv_limits *limits, csv_record_fn fn, void *ctx,
		  enum csv_encoding *enc, struct err *e);

/* The Chinese name of ENC for reports ("UTF-8", "UTF-8（带BOM）", "GB18030"). */
const char *csv_encoding_name(enum csv_encoding enc);

/* Append the UTF-8 byte order mark (EF BB BF) so that Excel reads UTF-8. */
int csv_write_bom(struct strbuf *sb);

/*
 * Append one field, quoted when it contains a comma, a quote, CR or LF or
 * starts or ends with a space; FIRST is nonzero for the first field of a
 * record (no separator before it). 0 or ERR_TOO_BIG.
 */
int csv_write_field(struct strbuf *sb, const char *s, size_t n, int first);

/*
 * csv_write_field for a text S (NULL: empty) that a spreadsheet must not run
 * as a formula: one starting with = + - @ gets a leading ' (which the
 * importer removes).
 */
int csv_write_text(struct strbuf *sb, const char *s, int first);

/* Append the record terminator (CRLF, as RFC 4180 and Excel write). */
int csv_write_eol(struct strbuf *sb);

#endif
