/* assets — embedded or on-disk static files with ETags and an SPA fallback. */
#include "http/assets.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/embed.h"
#include "core/xalloc.h"
#include "http/server.h"

/* Largest file served from disk. */
#define DISK_MAX ((size_t)32 << 20)

struct gz_entry {
	unsigned char *data; /* NULL when not compressed */
	size_t len;
};

struct assets {
	char *root; /* resolved web root, NULL for the embedded bundle */
	size_t root_len;
	struct gz_entry *gz; /* parallel to embed_web_files */
};

const char *assets_content_type(const char *path)
{
	static const struct {
		const char *ext;
		const char *type;
	} types[] = {
		{".html", "text/html; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"},
		{".mjs", "text/javascript; charset=utf-8"},
		{".css", "text/css; charset=utf-8"},
		{".json", "application/json; charset=utf-8"},
		{".svg", "image/svg+xml"},
		{".png", "image/png"},
		{".jpg", "image/jpeg"},
		{".jpeg", "image/jpeg"},
		{".gif", "image/gif"},
		{".ico", "image/x-icon"},
		{".webp", "image/webp"},
		{".woff", "font/woff"},
		{".woff2", "font/woff2"},
		{".ttf", "font/ttf"},
		{".txt", "text/plain; charset=utf-8"},
		{".map", "application/json; charset=utf-8"},
		{".geojson", "application/geo+json"},
	};
	const char *dot = strrchr(path, '.');
	const char *slash = strrchr(path, '/');
	if (dot && (!slash || dot > slash))
		for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
			if (!strcmp(dot, types[i].ext))
				return types[i].type;
	return "application/octet-stream";
}

static int textual(const char *type)
{
	return !strncmp(type, "text/", 5) || strstr(type, "json") || strstr(type, "svg");
}

int assets_new(const char *web_root, struct assets **out, struct err *e)
{
	*out = NULL;
	struct assets *a = xcalloc(1, sizeof *a);
	if (web_root) {
		char *real = realpath(web_root, NULL);
		struct stat st;
		if (!real || stat(real, &st) || !S_ISDIR(st.st_mode)) {
			free(real);
			free(a);
			return err_set(e, ERR_INVALID, "web-root", "网页目录“%s”不存在或不是目录",
				       web_root);
		}
		a->root = real;
		a->root_len = strlen(real);
		*out = a;
		return 0;
	}
	a->gz = xcalloc(embed_web_count ? embed_web_count : 1, sizeof *a->gz);
	for (size_t i = 0; i < embed_web_count; i++) {
		const struct embed_file *f = &embed_web_files[i];
		if (f->len < 1024 || !textual(assets_content_type(f->path)))
			continue;
		if (server_gzip(f->data, f->len, &a->gz[i].data, &a->gz[i].len))
			a->gz[i].data = NULL;
	}
	*out = a;
	return 0;
}

void assets_free(struct assets *a)
{
	if (!a)
		return;
	if (a->gz)
		for (size_t i = 0; i < embed_web_count; i++)
			free(a->gz[i].data);
	free(a->gz);
	free(a->root);
	free(a);
}

/* 1 when REL (no leading '/') is safe to look up: no backslash, no segment starting with '.'. */
static int safe_path(const char *rel)
{
	if (strchr(rel, '\\'))
		return 0;
	const char *p = rel;
	while (*p) {
		const char *end = strchr(p, '/');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		/* ".", "..", and dot files/directories (.git, .env) alike. */
		if (len && p[0] == '.')
			return 0;
		p += len;
		if (*p == '/')
			p++;
	}
	return 1;
}

static int etag_matches(const struct http_request *req, const char *quoted)
{
	const char *inm = http_header(req, "If-None-Match");
	return inm && (strstr(inm, quoted) || !strcmp(inm, "*"));
}

static void not_found(struct http_response *res)
{
	struct err e;
	err_set(&e, ERR_NOT_FOUND, NULL, "页面不存在");
	http_reply_error(res, &e, NULL);
}

static void set_caching(struct http_response *res, const char *rel, const char *quoted)
{
	res->no_store = 0;
	http_add_header(res, "ETag", quoted);
	if (!strncmp(rel, "assets/", 7))
		http_add_header(res, "Cache-Control", "public, max-age=31536000, immutable");
	else
		http_add_header(res, "Cache-Control", "no-cache");
}

static void serve_embedded(const struct assets *a, const struct http_request *req,
			   struct http_response *res, const char *rel)
{
	const struct embed_file *f = embed_find(embed_web_files, embed_web_count, rel);
	if (!f && strncmp(rel, "assets/", 7)) {
		rel = "index.html";
		f = embed_find(embed_web_files, embed_web_count, rel);
	}
	if (!f) {
		not_found(res);
		return;
	}
	const char *quoted = arena_printf(req->arena, "\"%s\"", f->etag);
	set_caching(res, rel, quoted);
	res->content_type = assets_content_type(rel);
	if (etag_matches(req, quoted)) {
		res->status = 304;
		res->data = (const unsigned char *)"";
		res->data_len = 0;
		return;
	}
	res->status = 200;
	res->data = f->data;
	res->data_len = f->len;
	size_t idx = (size_t)(f - embed_web_files);
	if (a->gz && a->gz[idx].data) {
		res->gz_data = a->gz[idx].data;
		res->gz_len = a->gz[idx].len;
	}
}

/* Read the regular file FULL (under the root) into RES->body; 0 or -1. */
static int read_file(const struct assets *a, const char *full, struct http_response *res)
{
	char *real = realpath(full, NULL);
	int rc = -1, fd = -1;
	if (!real)
		goto out;
	if (strncmp(real, a->root, a->root_len) || (real[a->root_len] != '/'))
		goto out;
	fd = open(real, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode) || (size_t)st.st_size > DISK_MAX)
		goto out;
	strbuf_reset(&res->body);
	char buf[65536];
	for (;;) {
		ssize_t k = read(fd, buf, sizeof buf);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			goto out;
		if (!k)
			break;
		if (strbuf_add(&res->body, buf, (size_t)k))
			goto out;
	}
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	free(real);
	return rc;
}

static void serve_disk(const struct assets *a, const struct http_request *req,
		       struct http_response *res, const char *rel)
{
	const char *full = arena_printf(req->arena, "%s/%s", a->root, rel);
	if (read_file(a, full, res)) {
		if (!strncmp(rel, "assets/", 7)) {
			not_found(res);
			return;
		}
		rel = "index.html";
		full = arena_printf(req->arena, "%s/%s", a->root, rel);
		if (read_file(a, full, res)) {
			not_found(res);
			return;
		}
	}
	/* FNV-1a 64, like the embedded bundle's ETags. */
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < res->body.len; i++) {
		h ^= (unsigned char)res->body.buf[i];
		h *= 1099511628211ULL;
	}
	const char *quoted = arena_printf(req->arena, "\"%016llx\"", (unsigned long long)h);
	set_caching(res, rel, quoted);
	res->content_type = assets_content_type(rel);
	res->status = 200;
	if (etag_matches(req, quoted)) {
		res->status = 304;
		strbuf_reset(&res->body);
	}
}

void assets_serve(const struct assets *a, const struct http_request *req, struct http_response *res)
{
	const char *path = req->path;
	while (*path == '/')
		path++;
	/* The path is raw (not URL-decoded): decode it for the file lookup. */
	size_t n = strlen(path);
	char *rel = arena_alloc(req->arena, n + 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (path[i] == '%' && i + 2 < n && isxdigit((unsigned char)path[i + 1]) &&
		    isxdigit((unsigned char)path[i + 2])) {
			char hex[3] = {path[i + 1], path[i + 2], 0};
			long v = strtol(hex, NULL, 16);
			if (v == 0) {
				not_found(res);
				return;
			}
			rel[k++] = (char)v;
			i += 2;
			continue;
		}
		rel[k++] = path[i];
	}
	rel[k] = '\0';
	if (!*rel)
		rel = "index.html";
	if (!safe_path(rel)) {
		not_found(res);
		return;
	}
	if (a->root)
		serve_disk(a, req, res, rel);
	else
		serve_embedded(a, req, res, rel);
}
