/*
 * assets — the web UI's static files: the embedded `web` bundle (core/embed.h)
 * or, with --web-root DIR, files read from disk (for UI work).
 *
 * GET/HEAD of "/" and unknown paths outside /api/ answer index.html (the
 * single-page app routes on the client), with Cache-Control: no-cache;
 * files under assets/ (hashed names from Vite) get
 * "public, max-age=31536000, immutable"; a missing file under assets/ is 404.
 * Every file has an ETag; a matching If-None-Match gives 304. Paths with a
 * ".." segment, a backslash or a NUL are refused (404), and on disk the
 * resolved path must stay inside the web root (symbolic links included).
 *
 * Thread-safety: after assets_new the object is immutable and may be shared
 * by every server thread.
 */
#ifndef GAOQI_HTTP_ASSETS_H
#define GAOQI_HTTP_ASSETS_H

#include "core/err.h"
#include "http/http.h"

struct assets;

/*
 * Prepare serving from WEB_ROOT (a directory; NULL = the embedded bundle,
 * whose textual files are gzip-compressed once here). *OUT owns the result
 * (assets_free). ERR_INVALID when WEB_ROOT is not a readable directory.
 */
int assets_new(const char *web_root, struct assets **out, struct err *e);
/* Free A. NULL-safe. */
void assets_free(struct assets *a);

/* Answer REQ (GET or HEAD of a non-API path) into RES. */
void assets_serve(const struct assets *a, const struct http_request *req,
		  struct http_response *res);

/* The Content-Type for a file name, by extension ("application/octet-stream" if unknown). */
const char *assets_content_type(const char *path);

#endif
