/*
 * embed — files compiled into the binary by tools/embed.c.
 *
 * Three bundles exist: `data` (the .tsv files of data/), `migrations`
 * (migrations/<dialect>/NNNN_name.sql) and `web` (the built UI, web/dist). Each is an array sorted
 * by path.
 */
#ifndef GAOQI_CORE_EMBED_H
#define GAOQI_CORE_EMBED_H

#include <stddef.h>

struct embed_file {
	const char *path;	   /* relative to the bundle root, '/' separated */
	const unsigned char *data; /* the bytes, followed by a NUL not counted in len */
	size_t len;
	const char *etag; /* 16 hex digits of FNV-1a 64 over the bytes */
};

extern const struct embed_file embed_data_files[];
extern const size_t embed_data_count;
extern const struct embed_file embed_migrations_files[];
extern const size_t embed_migrations_count;
extern const struct embed_file embed_web_files[];
extern const size_t embed_web_count;

/* Find PATH in a sorted bundle; NULL when absent. Thread-safe. */
const struct embed_file *embed_find(const struct embed_file *files, size_t count, const char *path);

#endif
