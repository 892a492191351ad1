/*
 * upload — uploaded files told by their content (see upload.h).
 */
#include "ledger/publicity/upload.h"

#include <sodium.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "ledger/internal.h"

static const struct {
	unsigned bit;
	const char *type, *ext2, *mime;
} types[] = {
	{UPLOAD_PDF, "pdf", NULL, "application/pdf"},
	{UPLOAD_DOCX, "docx", NULL,
	 "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
	{UPLOAD_DOC, "doc", NULL, "application/msword"},
	{UPLOAD_XLSX, "xlsx", NULL,
	 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
	{UPLOAD_PNG, "png", NULL, "image/png"},
	{UPLOAD_JPG, "jpg", "jpeg", "image/jpeg"},
};
#define NTYPES (sizeof types / sizeof types[0])

/* Does the zip DATA/LEN hold the member NAME? */
static int zip_holds(const void *data, size_t len, const char *name)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
	if (!src) {
		zip_error_fini(&ze);
		return 0;
	}
	zip_t *z = zip_open_from_source(src, ZIP_RDONLY, &ze);
	int ok = 0;
	if (z) {
		ok = zip_name_locate(z, name, 0) >= 0;
		zip_discard(z);
	} else {
		zip_source_free(src);
	}
	zip_error_fini(&ze);
	return ok;
}

/*
 * 1 when the OLE2 compound file P/LEN lists a stream named NAME (ASCII).
 * Directory entries are 128 bytes in sectors that follow the 512-byte
 * header, so each sits at a multiple of 128 from 512 on: the name in
 * UTF-16LE with its terminator, the name's byte length (terminator
 * included) at 0x40, the entry's type at 0x42 (2, a stream). A Word 97
 * document holds "WordDocument"; an Excel workbook "Workbook" or "Book".
 */
static int ole2_stream(const unsigned char *p, size_t len, const char *name)
{
	size_t n = strlen(name);
	for (size_t off = 512; off + 128 <= len && off + 128 > off; off += 128) {
		const unsigned char *d = p + off;
		if (d[0x40] != 2 * (n + 1) || d[0x41] != 0 || d[0x42] != 2)
			continue;
		size_t i = 0;
		while (i < n && d[2 * i] == (unsigned char)name[i] && d[2 * i + 1] == 0)
			i++;
		if (i == n && d[2 * n] == 0 && d[2 * n + 1] == 0)
			return 1;
	}
	return 0;
}

const char *upload_sniff(const void *data, size_t len, unsigned allowed)
{
	static const unsigned char ole2[8] = {0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1};
	static const unsigned char png[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	const unsigned char *p = data;
	if (!data || len < 8)
		return NULL;
	if ((allowed & UPLOAD_PDF) && !memcmp(p, "%PDF-", 5))
		return "pdf";
	/* an OLE2 file is a Word document only with its WordDocument stream (not an .xls, a .ppt)
	 */
	if ((allowed & UPLOAD_DOC) && !memcmp(p, ole2, 8) && ole2_stream(p, len, "WordDocument"))
		return "doc";
	if ((allowed & UPLOAD_PNG) && !memcmp(p, png, 8))
		return "png";
	if ((allowed & UPLOAD_JPG) && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
		return "jpg";
	if (!memcmp(p, "PK\x03\x04", 4)) {
		if ((allowed & UPLOAD_DOCX) && zip_holds(data, len, "word/document.xml"))
			return "docx";
		if ((allowed & UPLOAD_XLSX) && zip_holds(data, len, "xl/workbook.xml") &&
		    zip_holds(data, len, "[Content_Types].xml"))
			return "xlsx";
	}
	return NULL;
}

const char *upload_content_type(const char *type)
{
	for (size_t i = 0; type && i < NTYPES; i++)
		if (!strcmp(type, types[i].type))
			return types[i].mime;
	return "application/octet-stream";
}

/* NAME's last path component, without control characters and quotes. */
static char *base_name(struct arena *a, const char *name)
{
	const char *s = name ? name : "";
	for (const char *p = s; *p; p++)
		if (*p == '/' || *p == '\\')
			s = p + 1;
	char *out = arena_strdup(a, s), *o = out;
	for (const char *p = out; *p; p++)
		if ((unsigned char)*p >= 0x20 && *p != 0x7f && *p != '"')
			*o++ = *p;
	*o = '\0';
	return out;
}

/* The type of ALLOWED named by extension EXT (without its dot), or NULL. */
static const char *type_of_ext(const char *ext, unsigned allowed)
{
	for (size_t i = 0; i < NTYPES; i++)
		if (!(allowed & types[i].bit))
			continue;
		else if (!strcasecmp(ext, types[i].type) ||
			 (types[i].ext2 && !strcasecmp(ext, types[i].ext2)))
			return types[i].type;
	return NULL;
}

int upload_check(struct arena *a, const char *name, const void *data, size_t len, unsigned allowed,
		 const char *what, const char *stem, struct upload *u, struct err *e)
{
	memset(u, 0, sizeof *u);
	if (len == 0)
		return err_set(e, ERR_INVALID, "file", "上传的文件为空");
	if (len > UPLOAD_FILE_MAX)
		return err_set(e, ERR_TOO_BIG, "file", "文件过大（最多%d MB）",
			       UPLOAD_FILE_MAX / (1024 * 1024));
	const char *type = upload_sniff(data, len, allowed);
	if (!type)
		return err_set(e, ERR_INVALID, "file", "只能上传 %s文件：文件内容不是这几种格式",
			       what);
	const char *base = base_name(a, name), *dot = strrchr(base, '.');
	/* the name is shown to every reader: text that is what it displays */
	if (!ledger_utf8_valid(base))
		return err_set(e, ERR_INVALID, "file",
			       "文件名不是有效的 UTF-8 文字，请重命名文件后再上传");
	int rc = ledger_text_check(base, "file", "文件名", e);
	if (rc)
		return rc;
	const char *named = dot ? type_of_ext(dot + 1, allowed) : NULL;
	if (named) {
		if (strcmp(named, type))
			return err_set(e, ERR_INVALID, "file",
				       "文件扩展名（%s）与文件内容（%s）不符", dot + 1, type);
		if (dot == base)
			base = arena_printf(a, "%s%s", stem, dot);
	} else {
		base = arena_printf(a, "%s.%s", *base ? base : stem, type);
	}
	if (strlen(base) > 255)
		base = arena_printf(a, "%s.%s", stem, type);
	unsigned char hash[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(hash, data, len);
	sodium_bin2hex(u->sha256, sizeof u->sha256, hash, sizeof hash);
	u->name = base;
	u->type = type;
	u->size = (int64_t)len;
	return 0;
}
