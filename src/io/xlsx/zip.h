/*
 * io/xlsx/zip.h — the ZIP container of a workbook, for src/io/xlsx only.
 *
 * The archive is opened through libzip, which reads its central directory;
 * an entry (a "part") is found by name, case-insensitively, and read as its
 * raw bytes, inflated with ISA-L into the caller's buffer (stored entries are
 * read as they are; other compression methods and encrypted entries are
 * refused). The bytes produced are counted against the part cap as they come
 * — the sizes in the directory are not trusted — and when the entry ends its
 * CRC-32 and size are compared with the directory's.
 *
 * An archive and its parts are used by one thread at a time; a part must be
 * freed before its archive.
 */
#ifndef GAOQI_IO_XLSX_ZIP_H
#define GAOQI_IO_XLSX_ZIP_H

#include <stddef.h>
#include <stdio.h>

#include "core/err.h"

struct xlsx_zip;  /* an open archive */
struct xlsx_part; /* one entry being read */

/*
 * Open the archive at PATH. On success *OUT owns it (xlsx_zip_free); every
 * part will be capped at MAX_PART uncompressed bytes. Errors: ERR_IO (cannot
 * open or read the file), ERR_INVALID (not a ZIP: the message suggests an
 * old .xls or .et), ERR_TOO_BIG (more than MAX_ENTRIES entries).
 */
int xlsx_zip_open_file(const char *path, size_t max_entries, size_t max_part, struct xlsx_zip **out,
		       struct err *e);

/*
 * As xlsx_zip_open_file on the bytes (P, N), which must outlive the archive;
 * ERR_INTERNAL when libzip cannot allocate its source.
 */
int xlsx_zip_open_mem(const void *p, size_t n, size_t max_entries, size_t max_part,
		      struct xlsx_zip **out, struct err *e);

/*
 * As xlsx_zip_open_file on the open file F, which the archive takes over
 * (closed by xlsx_zip_free, or here on failure).
 */
int xlsx_zip_open_fp(FILE *f, size_t max_entries, size_t max_part, struct xlsx_zip **out,
		     struct err *e);

/* Close the archive. NULL-safe. */
void xlsx_zip_free(struct xlsx_zip *z);

/*
 * Open the entry NAME of Z (borrowed: it must outlive the part; the
 * messages name it). On success *OUT owns the part (xlsx_zip_part_free).
 * Errors: ERR_NOT_FOUND when there is no such entry (nothing is recorded in
 * E: the caller decides whether that matters), ERR_TOO_BIG when the
 * directory already says it inflates past the part cap, ERR_INVALID for an
 * unreadable directory entry, an encrypted entry or a compression method
 * other than stored and deflate.
 */
int xlsx_zip_part_open(struct xlsx_zip *z, const char *name, struct xlsx_part **out, struct err *e);

/*
 * Read up to CAP (> 0) uncompressed bytes of PR into OUT: the count, 0 at the
 * end of the entry (its CRC-32 and size verified; again 0 on later calls), or
 * a negative ERR_*: ERR_INVALID for a corrupt or truncated entry, a CRC-32
 * or size that differs from the directory's, ERR_TOO_BIG past the part cap.
 * A short count does not mean the end: only 0 does.
 */
long xlsx_zip_part_read(struct xlsx_part *pr, char *out, size_t cap, struct err *e);

/* Close the part. NULL-safe. */
void xlsx_zip_part_free(struct xlsx_part *pr);

#endif
