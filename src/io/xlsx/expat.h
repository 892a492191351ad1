/*
 * io/xlsx/expat.h — the expat path, for src/io/xlsx only.
 *
 * expat reads the small parts (relationships, workbook, styles), a big part
 * (a sheet, the shared strings) that declares an encoding other than UTF-8 or
 * starts with a UTF-16 byte-order mark, and every part of a workbook opened
 * with xlsx_open_mem_expat or read with xlsx_read_sheet_expat: it is the
 * reference the fast scanner (scan.c) is compared with, in the unit tests and
 * by the differential fuzz target. The scanner also asks it which characters
 * beyond ASCII may form an XML name.
 */
#ifndef GAOQI_IO_XLSX_EXPAT_H
#define GAOQI_IO_XLSX_EXPAT_H

#include <stddef.h>

#include "io/xlsx/internal.h"
#include "io/xlsx/zip.h"

/*
 * Parse the part PR with expat; its first HAVE bytes are already in BUF, into
 * which the rest is read (at least XLSX_CHUNK bytes; the caller's, who frees
 * it). XP heads the handlers' user data (xlsx_scan_part has filled it); the
 * messages name the part xp->part. When xp->open is set (a big part) the
 * element handlers are xp->open and xp->close, reached through an adapter,
 * and START and END are not used; otherwise START and END (each may be NULL)
 * get expat's own form. TEXT (may be NULL) gets character data in pieces.
 *
 * Returns 0, or: ERR_INVALID for XML that is not well-formed (naming the
 * part, line and column), a DOCTYPE or entity declaration, elements nested
 * deeper than XLSX_MAX_DEPTH or more than XLSX_MAX_ATTRS attributes on one;
 * ERR_TOO_BIG for a part over XLSX_MAX_TOKEN bytes (expat holds an unfinished
 * token whole, so the parts it reads are kept that small); the errors of
 * xlsx_zip_part_read; ERR_INTERNAL when expat cannot allocate; or the error
 * a handler recorded with xlsx_xp_fail.
 */
int xlsx_expat_parse(struct xlsx_part *pr, char *buf, size_t have, XML_StartElementHandler start,
		     XML_EndElementHandler end, XML_CharacterDataHandler text, struct xlsx_xp *xp,
		     struct err *e);

/*
 * 1 when expat accepts the character encoded by (U, K) — one valid UTF-8
 * sequence of 2 to 4 bytes — at the start of an XML name (FIRST) or inside
 * one, else 0 (also when expat cannot allocate). Pure but not cheap: it runs
 * a parser; the scanner caches the answers.
 */
int xlsx_expat_name_ok(const unsigned char *u, size_t k, int first);

#endif
