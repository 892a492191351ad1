/*
 * libFuzzer target of ledger/publicity/upload: any bytes told by their
 * content (PDF, OLE2 Word with its directory scan, zip members of DOCX and
 * XLSX, PNG, JPEG) and checked under a name taken from the input. The type
 * found must be one of the accepted set and agree with the bytes' magic.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "ledger/publicity/upload.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *t = upload_sniff(data, size, UPLOAD_ANY);
	if (t) {
		int ok = (!strcmp(t, "pdf") && !memcmp(data, "%PDF-", 5)) ||
			 (!strcmp(t, "doc") && data[0] == 0xd0 && data[1] == 0xcf) ||
			 ((!strcmp(t, "docx") || !strcmp(t, "xlsx")) && data[0] == 'P') ||
			 (!strcmp(t, "png") && data[1] == 'P') ||
			 (!strcmp(t, "jpg") && data[0] == 0xff);
		if (!ok)
			abort();
	}
	/* documents only: whatever is found is a document */
	const char *d = upload_sniff(data, size, UPLOAD_DOCUMENTS);
	if (d && strcmp(d, "pdf") && strcmp(d, "doc") && strcmp(d, "docx"))
		abort();
	/* the name: up to the first 40 bytes, as a client could send them */
	char name[41];
	size_t n = size < 40 ? size : 40;
	memcpy(name, data, n);
	name[n] = '\0';
	struct arena *a = arena_new();
	struct upload u;
	struct err e;
	err_clear(&e);
	if (!upload_check(a, name, data, size, UPLOAD_ANY, "文档", "附件", &u, &e)) {
		if (!u.name || !*u.name || strlen(u.name) > 255 || strchr(u.name, '/') ||
		    strchr(u.name, '"') || u.size != (int64_t)size || strlen(u.sha256) != 64)
			abort();
	}
	arena_free(a);
	return 0;
}
