/*
 * io/xlsx/scan.h — reading one XML part of a workbook, for src/io/xlsx only.
 *
 * The big parts (worksheets, shared strings) are read by a hand-written
 * streaming scanner when they are UTF-8: a non-validating XML 1.0 scanner
 * that checks well-formedness as expat does for what spreadsheet parts
 * contain and calls the same handlers, through a buffer that slides over the
 * part, so memory does not grow with rows. Every other part goes to expat
 * (expat.h).
 */
#ifndef GAOQI_IO_XLSX_SCAN_H
#define GAOQI_IO_XLSX_SCAN_H

#include "io/xlsx/internal.h"

/*
 * Parse the part NAME of X (borrowed, for the messages too) through the
 * handlers whose user data starts with XP. XP's first five members are set
 * here; the caller sets xp->open and xp->close for a big part (both parsers
 * then call them; pass START and END as NULL), or leaves them NULL and
 * passes expat's START and END (each may be NULL) for a small part. TEXT
 * (may be NULL) gets character data in pieces of at most about 64 KiB.
 *
 * FAST lets the scanner read the part, with a buffer of x->lim.read_buf
 * bytes, when xp->open is set, X was not opened for expat only and the
 * part's first 4 KiB show UTF-8 (no UTF-16 byte-order mark or zero bytes, no
 * declared encoding but UTF-8); otherwise expat reads it.
 *
 * Returns 0; ERR_NOT_FOUND when there is no such part (nothing is recorded
 * in E: the caller decides whether that matters); ERR_INVALID for XML that is
 * not well-formed (naming the part, line and column), a DOCTYPE, too many
 * attributes or too deep nesting; ERR_TOO_BIG for a single token longer
 * than XLSX_MAX_TOKEN bytes; the errors of xlsx_zip_part_open and
 * xlsx_zip_part_read, and of xlsx_expat_parse on its path; or the error a
 * handler recorded with xlsx_xp_fail.
 */
int xlsx_scan_part(struct xlsx *x, const char *name, XML_StartElementHandler start,
		   XML_EndElementHandler end, XML_CharacterDataHandler text, struct xlsx_xp *xp,
		   int fast, struct err *e);

#endif
