/*
 * http/api/files — serving a stored file (a policy's document, an
 * announcement's attachment) as a download: its MIME type, the Content-
 * Disposition "attachment" with an ASCII fallback name and the UTF-8 name of
 * RFC 5987/6266 (filename*=UTF-8''…, so that Chinese names survive), its
 * SHA-256 in X-Checksum-SHA256; never inline (the server adds nosniff).
 */
#ifndef GAOQI_HTTP_API_FILES_H
#define GAOQI_HTTP_API_FILES_H

#include <stddef.h>

#include "core/err.h"
#include "http/http.h"

/* NAME percent-encoded for filename*=UTF-8''… (RFC 5987 attr-char kept), in A. */
const char *api_pct_encode(struct arena *a, const char *name);

/*
 * Answer RES with the LEN bytes DATA (malloc'd: freed here, also on error)
 * of type CONTENT_TYPE, offered as ASCII_NAME / NAME, checksum SHA256 (may be
 * NULL). ERR_IO when the temporary file fails.
 */
int api_reply_file(struct http_request *req, struct http_response *res, void *data, size_t len,
		   const char *content_type, const char *ascii_name, const char *name,
		   const char *sha256, struct err *e);

#endif
