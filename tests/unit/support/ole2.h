/*
 * A minimal OLE2 compound file for the upload tests: the signature, a
 * 512-byte header, then one directory sector holding the root entry and a
 * stream named STREAM (ASCII) — "WordDocument" makes it a Word 97 file,
 * "Workbook" an Excel one.
 */
#ifndef GAOQI_TESTS_OLE2_H
#define GAOQI_TESTS_OLE2_H

#include <string.h>

#define OLE2_SIZE 1024

static inline void ole2_entry(unsigned char *d, const char *name, unsigned char type)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < n; i++)
		d[2 * i] = (unsigned char)name[i];
	d[0x40] = (unsigned char)(2 * (n + 1));
	d[0x42] = type;
}

static inline void ole2_make(unsigned char out[OLE2_SIZE], const char *stream)
{
	static const unsigned char sig[8] = {0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1};
	memset(out, 0, OLE2_SIZE);
	memcpy(out, sig, sizeof sig);
	out[0x1e] = 9; /* 512-byte sectors; the directory starts at sector 0 (0x30) */
	ole2_entry(out + 512, "Root Entry", 5);
	ole2_entry(out + 640, stream, 2);
}

#endif
