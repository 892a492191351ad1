/*
 * http/api/files — a stored file as a download (see files.h).
 */
#include "http/api/files.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *api_pct_encode(struct arena *a, const char *name)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = arena_alloc(a, 3 * strlen(name) + 1), *o = out;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("!#$&+-.^_`|~", *p)) {
			*o++ = (char)*p;
		} else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	*o = '\0';
	return out;
}

int api_reply_file(struct http_request *req, struct http_response *res, void *data, size_t len,
		   const char *content_type, const char *ascii_name, const char *name,
		   const char *sha256, struct err *e)
{
	FILE *f = NULL;
	int rc = http_tmpfile(&f, e); /* sent from a temporary file: the arena stays small */
	if (!rc && (fwrite(data, 1, len, f) != len || fflush(f) || fseek(f, 0, SEEK_SET)))
		rc = err_set(e, ERR_IO, NULL, "临时文件写入失败");
	free(data);
	if (rc) {
		if (f)
			fclose(f);
		return rc;
	}
	res->file = f;
	res->status = 200;
	res->content_type = content_type;
	http_add_header(res, "Content-Disposition",
			arena_printf(req->arena, "attachment; filename=\"%s\"; filename*=UTF-8''%s",
				     ascii_name, api_pct_encode(req->arena, name)));
	if (sha256)
		http_add_header(res, "X-Checksum-SHA256", sha256);
	return 0;
}
