/* Tests of ledger/publicity/upload: uploaded files told by their content
 * (PDF, DOCX, DOC, XLSX, PNG, JPEG) within the set a caller accepts, the
 * name cut to its last component with the type's extension, an extension
 * that says another type refused, empty and oversized files refused, the
 * SHA-256 of the bytes, the MIME type of each. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "support/ole2.h"

#include "ledger/publicity/upload.h"

static char *slurp(const char *name, size_t *len)
{
	char path[512];
	snprintf(path, sizeof path, "%s/tests/data/publicity/%s", GAOQI_SOURCE_DIR, name);
	FILE *fp = fopen(path, "rb");
	if (!fp)
		fail_msg("open %s", path);
	char *buf = malloc(1 << 16);
	*len = fread(buf, 1, 1 << 16, fp);
	fclose(fp);
	return buf;
}

static void test_sniff(void **state)
{
	(void)state;
	size_t n_pdf, n_docx, n_xlsx, n_png, n_zip;
	char *pdf = slurp("policy.pdf", &n_pdf), *docx = slurp("policy.docx", &n_docx),
	     *xlsx = slurp("sheet.xlsx", &n_xlsx), *png = slurp("dot.png", &n_png),
	     *zip = slurp("notword.zip", &n_zip);
	unsigned char doc[OLE2_SIZE], xls[OLE2_SIZE];
	ole2_make(doc, "WordDocument");
	ole2_make(xls, "Workbook");
	static const unsigned char jpg[16] = {0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'J', 'F', 'I', 'F'};
	assert_string_equal(upload_sniff(pdf, n_pdf, UPLOAD_ANY), "pdf");
	assert_string_equal(upload_sniff(docx, n_docx, UPLOAD_ANY), "docx");
	assert_string_equal(upload_sniff(doc, sizeof doc, UPLOAD_ANY), "doc");
	/* OLE2 but no Word document: an .xls, or the bare signature */
	assert_null(upload_sniff(xls, sizeof xls, UPLOAD_ANY));
	assert_null(upload_sniff(doc, 16, UPLOAD_ANY));
	assert_string_equal(upload_sniff(xlsx, n_xlsx, UPLOAD_ANY), "xlsx");
	assert_string_equal(upload_sniff(png, n_png, UPLOAD_ANY), "png");
	assert_string_equal(upload_sniff(jpg, sizeof jpg, UPLOAD_ANY), "jpg");
	/* outside the accepted set, or nothing known */
	assert_null(upload_sniff(xlsx, n_xlsx, UPLOAD_DOCUMENTS));
	assert_null(upload_sniff(png, n_png, UPLOAD_DOCUMENTS));
	assert_null(upload_sniff(zip, n_zip, UPLOAD_ANY)); /* a zip, neither Word nor Excel */
	assert_null(upload_sniff("<html><script>alert(1)</script>", 31, UPLOAD_ANY));
	assert_null(upload_sniff("MZ\x90\0\3\0\0\0\4\0", 10, UPLOAD_ANY)); /* a program */
	assert_null(upload_sniff("", 0, UPLOAD_ANY));
	assert_string_equal(upload_content_type("pdf"), "application/pdf");
	assert_string_equal(upload_content_type("xlsx"),
			    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	assert_string_equal(upload_content_type("jpg"), "image/jpeg");
	assert_string_equal(upload_content_type("exe"), "application/octet-stream");
	assert_string_equal(upload_content_type(NULL), "application/octet-stream");
	free(pdf);
	free(docx);
	free(xlsx);
	free(png);
	free(zip);
}

static void test_check(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct upload u;
	struct err e;
	size_t n_pdf, n_png;
	char *pdf = slurp("policy.pdf", &n_pdf), *png = slurp("dot.png", &n_png);
	static const char *const what = "PDF、Word、Excel 或图片（PNG、JPG）";

	/* a path cut to its name; the checksum of the bytes */
	assert_int_equal(upload_check(a, "C:\\temp\\..\\申报指南.pdf", pdf, n_pdf, UPLOAD_ANY, what,
				      "announcement-1", &u, NULL),
			 0);
	assert_string_equal(u.name, "申报指南.pdf");
	assert_string_equal(u.type, "pdf");
	assert_int_equal(u.size, (int64_t)n_pdf);
	assert_int_equal(strlen(u.sha256), 64);
	/* .jpeg and .JPG name a JPEG; a name without a known extension takes the type's */
	static const unsigned char jpg[16] = {0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'J', 'F', 'I', 'F'};
	assert_int_equal(
		upload_check(a, "现场.jpeg", jpg, sizeof jpg, UPLOAD_ANY, what, "s", &u, NULL), 0);
	assert_string_equal(u.name, "现场.jpeg");
	assert_string_equal(u.type, "jpg");
	assert_int_equal(
		upload_check(a, "现场.JPG", jpg, sizeof jpg, UPLOAD_ANY, what, "s", &u, NULL), 0);
	assert_string_equal(u.name, "现场.JPG");
	assert_int_equal(
		upload_check(a, "../现场.png", png, n_png, UPLOAD_ANY, what, "s", &u, NULL), 0);
	assert_string_equal(u.name, "现场.png");
	assert_int_equal(upload_check(a, "现场", png, n_png, UPLOAD_ANY, what, "s", &u, NULL), 0);
	assert_string_equal(u.name, "现场.png");
	assert_int_equal(upload_check(a, ".png", png, n_png, UPLOAD_ANY, what, "s-9", &u, NULL), 0);
	assert_string_equal(u.name, "s-9.png");
	assert_int_equal(upload_check(a, NULL, png, n_png, UPLOAD_ANY, what, "s-9", &u, NULL), 0);
	assert_string_equal(u.name, "s-9.png");
	assert_int_equal(upload_check(a, "a\"b\n.png", png, n_png, UPLOAD_ANY, what, "s", &u, NULL),
			 0);
	assert_string_equal(u.name, "ab.png"); /* no quote, no line break */

	/* refused, naming the field */
	err_clear(&e);
	assert_int_equal(upload_check(a, "\xff\xfe.png", png, n_png, UPLOAD_ANY, what, "s", &u, &e),
			 ERR_INVALID);
	assert_string_equal(e.field, "file");
	assert_string_equal(e.msg, "文件名不是有效的 UTF-8 文字，请重命名文件后再上传");
	err_clear(&e);
	assert_int_equal(upload_check(a,
				      "通知\xe2\x80\xae"
				      "fdp.png",
				      png, n_png, UPLOAD_ANY, what, "s", &u, &e),
			 ERR_INVALID); /* U+202E turns the name around on screen */
	assert_string_equal(e.field, "file");
	assert_non_null(strstr(e.msg, "U+202E"));
	err_clear(&e);
	assert_int_equal(upload_check(a, "a.pdf", png, n_png, UPLOAD_ANY, what, "s", &u, &e),
			 ERR_INVALID);
	assert_string_equal(e.field, "file");
	assert_string_equal(e.msg, "文件扩展名（pdf）与文件内容（png）不符");
	err_clear(&e);
	assert_int_equal(upload_check(a, "a.png", png, n_png, UPLOAD_DOCUMENTS,
				      "PDF 或 Word（DOCX、DOC）", "s", &u, &e),
			 ERR_INVALID);
	assert_string_equal(e.msg, "只能上传 PDF 或 Word（DOCX、DOC）文件：文件内容不是这几种格式");
	err_clear(&e);
	assert_int_equal(upload_check(a, "a.pdf", pdf, 0, UPLOAD_ANY, what, "s", &u, &e),
			 ERR_INVALID);
	assert_string_equal(e.msg, "上传的文件为空");
	char *big = calloc(1, UPLOAD_FILE_MAX + 1);
	memcpy(big, "%PDF-1.7", 8);
	err_clear(&e);
	assert_int_equal(
		upload_check(a, "a.pdf", big, UPLOAD_FILE_MAX + 1, UPLOAD_ANY, what, "s", &u, &e),
		ERR_TOO_BIG);
	assert_string_equal(e.msg, "文件过大（最多20 MB）");
	assert_int_equal(
		upload_check(a, "a.pdf", big, UPLOAD_FILE_MAX, UPLOAD_ANY, what, "s", &u, NULL), 0);
	free(big);
	free(pdf);
	free(png);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
