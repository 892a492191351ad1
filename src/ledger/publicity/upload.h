/*
 * upload — the files uploaded to the publicity modules (a policy's document,
 * an announcement's attachments), told by their content, never by their
 * name alone: a PDF begins with "%PDF-", a DOCX is a zip holding
 * word/document.xml, an XLSX a zip holding xl/workbook.xml and
 * [Content_Types].xml, a DOC the OLE2 signature and a WordDocument stream
 * (an OLE2 .xls or .ppt is refused), a PNG and a JPEG their own signatures;
 * anything else, an empty file or one over UPLOAD_FILE_MAX is refused. The
 * name is reduced to its last path component without control characters
 * and takes the extension of the content's type; the bytes' SHA-256 is
 * their checksum. Files are stored and served as data, never run or
 * rendered by the server.
 */
#ifndef GAOQI_LEDGER_PUBLICITY_UPLOAD_H
#define GAOQI_LEDGER_PUBLICITY_UPLOAD_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"

#define UPLOAD_FILE_MAX (20 * 1024 * 1024) /* bytes of an uploaded file */

/* The types, as bits of the set a caller accepts. */
enum {
	UPLOAD_PDF = 1u << 0,
	UPLOAD_DOCX = 1u << 1,
	UPLOAD_DOC = 1u << 2,
	UPLOAD_XLSX = 1u << 3,
	UPLOAD_PNG = 1u << 4,
	UPLOAD_JPG = 1u << 5,
};
#define UPLOAD_DOCUMENTS (UPLOAD_PDF | UPLOAD_DOCX | UPLOAD_DOC)
#define UPLOAD_ANY (UPLOAD_DOCUMENTS | UPLOAD_XLSX | UPLOAD_PNG | UPLOAD_JPG)

/*
 * The type of DATA/LEN by its content among ALLOWED: "pdf", "docx", "doc",
 * "xlsx", "png" or "jpg"; NULL for anything else (empty included).
 */
const char *upload_sniff(const void *data, size_t len, unsigned allowed);

/* The MIME type of TYPE ("pdf"…), "application/octet-stream" for others. */
const char *upload_content_type(const char *type);

struct upload {
	const char *name; /* cleaned, with the type's extension (arena) */
	const char *type; /* "pdf"… */
	int64_t size;
	char sha256[65]; /* hex */
};

/*
 * Check the file NAME (DATA, LEN bytes) against ALLOWED and fill *U; a name
 * left empty, starting with a dot or over 255 bytes becomes STEM.TYPE.
 * Errors (field "file"): ERR_INVALID "上传的文件为空", "只能上传 WHAT文件：文件内容不是这几种格式",
 * "文件扩展名（X）与文件内容（Y）不符"; ERR_TOO_BIG "文件过大（最多20 MB）".
 */
int upload_check(struct arena *a, const char *name, const void *data, size_t len, unsigned allowed,
		 const char *what, const char *stem, struct upload *u, struct err *e);

#endif
