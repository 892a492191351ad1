/*
 * io/xlsx/zip — the ZIP container of a workbook (zip.h): the archive through
 * libzip, entries found by name, each one read raw and inflated with ISA-L
 * through fixed buffers, its output counted against the part cap and its
 * CRC-32 and size checked against the directory.
 */
#include "io/xlsx/zip.h"

#include <isa-l/crc.h>
#include <isa-l/igzip_lib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "core/xalloc.h"

/* Compressed bytes read from libzip at a time. */
#define INCHUNK ((size_t)64 * 1024)

struct xlsx_zip {
	zip_t *zip;
	size_t max_part;
};

/*
 * One ZIP entry read as its raw (compressed) bytes through libzip and
 * inflated with ISA-L into the caller's buffer. The output is counted against
 * max as it is produced (the sizes in the ZIP directory are not trusted) and
 * the CRC-32 of everything produced is compared with the directory's when
 * the entry ends.
 */
struct xlsx_part {
	zip_file_t *zf;
	const char *name;
	struct inflate_state *st; /* NULL for a stored entry */
	unsigned char *in;
	size_t max;
	uint64_t total;
	uint64_t want_size; /* the directory's uncompressed size (has_size) */
	uint32_t crc, want_crc;
	int in_eof, done, has_size;
};

/* ---- archive ---------------------------------------------------------------------- */

static int zip_error_msg(int code, struct err *e)
{
	if (code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS)
		return err_set(e, ERR_INVALID, NULL,
			       "不是有效的 XLSX 文件（若为旧版 .xls 或 .et 文件，请另存为 .xlsx）");
	zip_error_t ze;
	zip_error_init_with_code(&ze, code);
	err_set(e, code == ZIP_ER_OPEN || code == ZIP_ER_READ ? ERR_IO : ERR_INVALID, NULL,
		"无法打开 XLSX 文件：%s", zip_error_strerror(&ze));
	zip_error_fini(&ze);
	return e ? e->code : ERR_INVALID;
}

/* The archive Z (taken over: discarded on failure) with its entries checked against the cap. */
static int zip_new(zip_t *z, size_t max_entries, size_t max_part, struct xlsx_zip **out,
		   struct err *e)
{
	zip_int64_t entries = zip_get_num_entries(z, 0);
	if (entries < 0 || (zip_uint64_t)entries > max_entries) {
		zip_discard(z);
		return err_set(e, ERR_TOO_BIG, NULL, "XLSX 文件包含的条目超过 %zu 个", max_entries);
	}
	struct xlsx_zip *zz = xmalloc(sizeof *zz);
	zz->zip = z;
	zz->max_part = max_part;
	*out = zz;
	return 0;
}

int xlsx_zip_open_file(const char *path, size_t max_entries, size_t max_part, struct xlsx_zip **out,
		       struct err *e)
{
	int code = 0;
	zip_t *z = zip_open(path, ZIP_RDONLY, &code);
	if (!z)
		return zip_error_msg(code, e);
	return zip_new(z, max_entries, max_part, out, e);
}

/* Open the archive read from SRC (taken: freed on failure); ZE is finished here. */
static int from_source(zip_source_t *src, zip_error_t *ze, size_t max_entries, size_t max_part,
		       struct xlsx_zip **out, struct err *e)
{
	zip_t *z = zip_open_from_source(src, ZIP_RDONLY, ze);
	if (!z) {
		int code = zip_error_code_zip(ze);
		zip_source_free(src);
		zip_error_fini(ze);
		return zip_error_msg(code, e);
	}
	zip_error_fini(ze);
	return zip_new(z, max_entries, max_part, out, e);
}

int xlsx_zip_open_mem(const void *p, size_t n, size_t max_entries, size_t max_part,
		      struct xlsx_zip **out, struct err *e)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(p, n, 0, &ze);
	if (!src) {
		zip_error_fini(&ze);
		return err_set(e, ERR_INTERNAL, NULL, "内存不足");
	}
	return from_source(src, &ze, max_entries, max_part, out, e);
}

int xlsx_zip_open_fp(FILE *f, size_t max_entries, size_t max_part, struct xlsx_zip **out,
		     struct err *e)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_filep_create(f, 0, -1, &ze);
	if (!src) {
		zip_error_fini(&ze);
		fclose(f);
		return err_set(e, ERR_INTERNAL, NULL, "内存不足");
	}
	return from_source(src, &ze, max_entries, max_part, out, e); /* the source closes F */
}

void xlsx_zip_free(struct xlsx_zip *z)
{
	if (!z)
		return;
	zip_discard(z->zip);
	free(z);
}

/* ---- parts -------------------------------------------------------------------------- */

int xlsx_zip_part_open(struct xlsx_zip *z, const char *name, struct xlsx_part **out, struct err *e)
{
	size_t max = z->max_part;
	zip_int64_t idx = zip_name_locate(z->zip, name, ZIP_FL_NOCASE);
	if (idx < 0)
		return ERR_NOT_FOUND;
	zip_stat_t st;
	if (zip_stat_index(z->zip, (zip_uint64_t)idx, 0, &st) != 0 ||
	    !(st.valid & ZIP_STAT_COMP_METHOD) || !(st.valid & ZIP_STAT_CRC))
		return err_set(e, ERR_INVALID, name, "无法读取 %s：%s", name, zip_strerror(z->zip));
	if ((st.valid & ZIP_STAT_SIZE) && st.size > max)
		return err_set(e, ERR_TOO_BIG, name, "文件 %s 解压后超过大小上限 %zu 字节", name,
			       max);
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
		return err_set(e, ERR_INVALID, name,
			       "%s 已加密，无法读取（请另存为未加密的 .xlsx）", name);
	if (st.comp_method != ZIP_CM_STORE && st.comp_method != ZIP_CM_DEFLATE)
		return err_set(e, ERR_INVALID, name,
			       "%s 使用了不支持的压缩方式（%d），请用 Excel 或 WPS 另存为 .xlsx",
			       name, (int)st.comp_method);
	zip_file_t *zf = zip_fopen_index(z->zip, (zip_uint64_t)idx, ZIP_FL_COMPRESSED);
	if (!zf)
		return err_set(e, ERR_INVALID, name, "无法读取 %s：%s", name, zip_strerror(z->zip));
	struct xlsx_part *pr = xcalloc(1, sizeof *pr);
	pr->zf = zf;
	pr->name = name;
	pr->max = max;
	pr->want_crc = st.crc;
	pr->has_size = (st.valid & ZIP_STAT_SIZE) != 0;
	pr->want_size = pr->has_size ? st.size : 0;
	if (st.comp_method == ZIP_CM_DEFLATE) {
		pr->in = xmalloc(INCHUNK);
		pr->st = xmalloc(sizeof *pr->st);
		isal_inflate_init(pr->st);
		pr->st->crc_flag = ISAL_GZIP_NO_HDR;
	}
	*out = pr;
	return 0;
}

long xlsx_zip_part_read(struct xlsx_part *pr, char *out, size_t cap, struct err *e)
{
	if (pr->done || cap == 0)
		return 0;
	size_t got;
	if (!pr->st) {
		zip_int64_t n = zip_fread(pr->zf, out, cap);
		if (n < 0)
			return err_set(e, ERR_INVALID, pr->name, "%s 读取失败（文件已损坏）：%s",
				       pr->name, zip_file_strerror(pr->zf));
		if (n == 0)
			pr->done = 1;
		else
			pr->crc = crc32_gzip_refl(pr->crc, (const unsigned char *)out, (uint64_t)n);
		got = (size_t)n;
	} else {
		struct inflate_state *s = pr->st;
		s->next_out = (uint8_t *)out;
		s->avail_out = (uint32_t)(cap > UINT32_MAX ? UINT32_MAX : cap);
		uint32_t want = s->avail_out;
		while (s->avail_out == want) {
			if (s->avail_in == 0 && !pr->in_eof) {
				zip_int64_t n = zip_fread(pr->zf, pr->in, INCHUNK);
				if (n < 0)
					return err_set(e, ERR_INVALID, pr->name,
						       "%s 读取失败（文件已损坏）：%s", pr->name,
						       zip_file_strerror(pr->zf));
				if (n == 0)
					pr->in_eof = 1;
				s->next_in = pr->in;
				s->avail_in = (uint32_t)n;
			}
			int r = isal_inflate(s);
			if (r < 0)
				return err_set(e, ERR_INVALID, pr->name,
					       "%s 解压失败（文件已损坏，错误 %d）", pr->name, r);
			if (s->block_state == ISAL_BLOCK_FINISH) {
				pr->done = 1;
				pr->crc = s->crc;
				break;
			}
			if (s->avail_in == 0 && pr->in_eof && s->avail_out == want)
				return err_set(e, ERR_INVALID, pr->name,
					       "%s 解压失败（压缩数据不完整）", pr->name);
		}
		got = want - s->avail_out;
	}
	pr->total += got;
	if (pr->total > pr->max)
		return err_set(e, ERR_TOO_BIG, pr->name, "文件 %s 解压后超过大小上限 %zu 字节",
			       pr->name, pr->max);
	if (pr->done && pr->crc != pr->want_crc)
		return err_set(e, ERR_INVALID, pr->name,
			       "%s 校验失败（CRC-32 为 %08x，目录记载 %08x），文件已损坏", pr->name,
			       (unsigned)pr->crc, (unsigned)pr->want_crc);
	if (pr->done && pr->has_size && pr->total != pr->want_size)
		return err_set(e, ERR_INVALID, pr->name,
			       "%s 解压后为 %llu 字节，与目录记载的 %llu 字节不符，文件已损坏",
			       pr->name, (unsigned long long)pr->total,
			       (unsigned long long)pr->want_size);
	return (long)got;
}

void xlsx_zip_part_free(struct xlsx_part *pr)
{
	if (!pr)
		return;
	if (pr->zf)
		zip_fclose(pr->zf);
	free(pr->st);
	free(pr->in);
	free(pr);
}
