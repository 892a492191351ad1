/* Tests of ledger/publicity/policy: the policy library (政策文件库) — validation
 * naming the field, who may write which level, files checked by content (PDF,
 * DOCX, DOC) with their size cap and SHA-256, full-text search (trigram) with
 * the LIKE fallback for short texts, tag and level filters, audit rows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "ledger/publicity/policy.h"
#include "ledger/publicity/search.h"

#include "support/ole2.h"
#include "support/ledger_fixture.h"

#define D(y, m, d) date_from_ymd(y, m, d)

/* The bytes of tests/data/publicity/NAME (malloc'd) into *LEN. */
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

static int64_t add(struct ledger *l, const char *title, const char *issuer, const char *number,
		   int level, const char *area, const char *tags, int32_t on, struct err *e)
{
	struct policy in, out;
	struct arena *a = arena_new();
	policy_init(&in);
	in.title = title;
	in.issuer = issuer;
	in.number = number;
	in.level = level;
	in.area = area;
	in.tags = tags;
	in.issued_on = on;
	int rc = policy_create(l, &in, a, &out, e);
	arena_free(a);
	return rc ? rc : out.id;
}

static void test_validation(void **state)
{
	struct fixture *f = *state;
	struct err e;
	err_clear(&e);
	assert_int_equal(
		add(&f->sys, NULL, "科技部", NULL, POLICY_NATIONAL, NULL, NULL, LEDGER_NO_DATE, &e),
		ERR_INVALID);
	assert_string_equal(e.field, "title");
	assert_string_equal(e.msg, "标题不能为空");
	err_clear(&e);
	assert_int_equal(
		add(&f->sys, "办法", NULL, NULL, POLICY_NATIONAL, NULL, NULL, LEDGER_NO_DATE, &e),
		ERR_INVALID);
	assert_string_equal(e.msg, "发文机关不能为空");
	err_clear(&e);
	assert_int_equal(
		add(&f->sys, "办法", "麒麟区科技局", NULL, POLICY_COUNTY, NULL, NULL, 0, &e),
		ERR_INVALID);
	assert_string_equal(e.msg, "县级政策文件须选择所属县区");
	struct policy in;
	struct arena *a = arena_new();
	policy_init(&in);
	in.title = "办法";
	in.issuer = "科技部";
	in.url = "javascript:alert(1)";
	err_clear(&e);
	assert_int_equal(policy_create(&f->sys, &in, a, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "url");
	int lv = -1;
	assert_int_equal(policy_level_parse("省级", &lv, NULL), 0);
	assert_int_equal(lv, POLICY_PROVINCE);
	err_clear(&e);
	assert_int_equal(policy_level_parse("world", &lv, &e), ERR_INVALID);
	assert_string_equal(e.msg, "未知级别：world");
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM policies"), 0);
	/* tags are trimmed, split at Chinese separators too, duplicates dropped */
	int64_t id = add(&f->sys, "研发费用加计扣除政策", "财政部 税务总局", "财税〔2023〕7号",
			 POLICY_NATIONAL, "530302", " 研发费用，加计扣除;研发费用 ", D(2023, 3, 26),
			 NULL);
	struct policy got;
	assert_int_equal(policy_get(&f->sys, id, a, &got, NULL), 0);
	assert_string_equal(got.tags, "研发费用,加计扣除");
	assert_null(got.area); /* only a county-level document names an area */
	assert_null(got.file_name);
	assert_int_equal(policy_delete(&f->sys, id, NULL), 0);
	arena_free(a);
}

/* Admin and city write everything; a county only county-level documents of its areas. */
static void test_who_writes(void **state)
{
	struct fixture *f = *state;
	struct ledger c1 = fixture_as(f, f->u_county1), ent = fixture_as(f, f->u_ent),
		      ex = fixture_as(f, f->u_expert), city = fixture_as(f, f->u_city);
	struct err e;
	err_clear(&e);
	assert_int_equal(add(&c1, "省级办法", "云南省科技厅", NULL, POLICY_PROVINCE, NULL, NULL,
			     LEDGER_NO_DATE, &e),
			 ERR_FORBIDDEN);
	assert_string_equal(e.msg, "县级用户只能维护本县区的县级政策文件");
	assert_int_equal(add(&c1, "沾益区办法", "沾益区科技局", NULL, POLICY_COUNTY, "530303", NULL,
			     LEDGER_NO_DATE, NULL),
			 ERR_FORBIDDEN);
	int64_t own = add(&c1, "麒麟区高企奖励办法", "麒麟区科技局", NULL, POLICY_COUNTY, "530302",
			  "奖励", LEDGER_NO_DATE, NULL);
	assert_true(own > 0);
	int64_t cw = add(&city, "曲靖市高企培育办法", "曲靖市科技局", NULL, POLICY_CITY, NULL, NULL,
			 LEDGER_NO_DATE, NULL);
	assert_true(cw > 0);
	assert_int_equal(add(&ent, "x", "y", NULL, POLICY_CITY, NULL, NULL, 0, NULL),
			 ERR_FORBIDDEN);
	assert_int_equal(add(&ex, "x", "y", NULL, POLICY_CITY, NULL, NULL, 0, NULL), ERR_FORBIDDEN);
	/* every role reads every document */
	struct arena *a = arena_new();
	struct policy p;
	assert_int_equal(policy_get(&ent, own, a, &p, NULL), 0);
	assert_int_equal(policy_get(&ex, cw, a, &p, NULL), 0);
	/* the county cannot touch the city's document, nor lift its own to city level */
	assert_int_equal(policy_delete(&c1, cw, NULL), ERR_FORBIDDEN);
	assert_int_equal(policy_get(&c1, own, a, &p, NULL), 0);
	p.level = POLICY_CITY;
	assert_int_equal(policy_update(&c1, own, &p, a, NULL, NULL), ERR_FORBIDDEN);
	p.level = POLICY_COUNTY;
	p.title = "麒麟区高企奖励办法（修订）";
	assert_int_equal(policy_update(&c1, own, &p, a, &p, NULL), 0);
	assert_string_equal(p.title, "麒麟区高企奖励办法（修订）");
	char key[48];
	snprintf(key, sizeof key, "%lld", (long long)own);
	assert_int_equal(fixture_audit_rows(f, "policies", key, "update"), 1);
	assert_int_equal(policy_update(&c1, own, &p, a, NULL, NULL), 0); /* unchanged */
	assert_int_equal(fixture_audit_rows(f, "policies", key, "update"), 1);
	int64_t deletes = fixture_audit_rows(f, "policies", key, "delete"); /* ids are reused */
	assert_int_equal(policy_delete(&c1, own, NULL), 0);
	assert_int_equal(policy_delete(&city, cw, NULL), 0);
	assert_int_equal(fixture_audit_rows(f, "policies", key, "delete"), deletes + 1);
	arena_free(a);
}

static void test_files(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	struct err e;
	size_t n_pdf, n_docx, n_zip;
	char *pdf = slurp("policy.pdf", &n_pdf), *docx = slurp("policy.docx", &n_docx),
	     *zip = slurp("notword.zip", &n_zip);
	unsigned char doc[OLE2_SIZE], xls[OLE2_SIZE];
	ole2_make(doc, "WordDocument");
	ole2_make(xls, "Workbook");
	assert_string_equal(policy_sniff(pdf, n_pdf), "pdf");
	assert_string_equal(policy_sniff(docx, n_docx), "docx");
	assert_string_equal(policy_sniff(doc, sizeof doc), "doc");
	/* OLE2 but no Word document: an .xls, or the bare signature */
	assert_null(policy_sniff(xls, sizeof xls));
	assert_null(policy_sniff(doc, 16));
	assert_null(policy_sniff(zip, n_zip)); /* a zip, but no Word document */
	assert_null(policy_sniff("<html><script>", 14));
	assert_null(policy_sniff("", 0));

	int64_t id =
		add(&f->sys, "高新技术企业认定管理办法", "科技部 财政部 税务总局",
		    "国科发火〔2016〕32号", POLICY_NATIONAL, NULL, "认定", D(2016, 1, 29), NULL);
	struct policy p;
	/* refused: HTML named .pdf, a PDF named .docx, empty, too large */
	const char *html = "<html><body>x</body></html>";
	err_clear(&e);
	assert_int_equal(policy_attach(&f->sys, id, "a.pdf", html, strlen(html), a, NULL, &e),
			 ERR_INVALID);
	assert_string_equal(e.field, "file");
	assert_string_equal(e.msg, "只能上传 PDF 或 Word（DOCX、DOC）文件：文件内容不是这几种格式");
	err_clear(&e);
	assert_int_equal(policy_attach(&f->sys, id, "a.docx", pdf, n_pdf, a, NULL, &e),
			 ERR_INVALID);
	assert_string_equal(e.msg, "文件扩展名（docx）与文件内容（pdf）不符");
	assert_int_equal(policy_attach(&f->sys, id, "a.pdf", pdf, 0, a, NULL, NULL), ERR_INVALID);
	char *big = calloc(1, POLICY_FILE_MAX + 1);
	memcpy(big, "%PDF-1.7", 8);
	err_clear(&e);
	assert_int_equal(
		policy_attach(&f->sys, id, "big.pdf", big, POLICY_FILE_MAX + 1, a, NULL, &e),
		ERR_TOO_BIG);
	assert_string_equal(e.msg, "文件过大（最多20 MB）");
	free(big);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM policy_files"), 0);

	/* a path is cut to its name; the checksum is the content's SHA-256 */
	assert_int_equal(
		policy_attach(&f->sys, id, "C:\\temp\\..\\办法.pdf", pdf, n_pdf, a, &p, NULL), 0);
	assert_string_equal(p.file_name, "办法.pdf");
	assert_string_equal(p.file_type, "pdf");
	assert_int_equal(p.file_size, (int64_t)n_pdf);
	assert_int_equal(strlen(p.file_sha256), 64);
	void *data = NULL;
	size_t len = 0;
	assert_int_equal(policy_file(&f->sys, id, a, &p, &data, &len, NULL), 0);
	assert_int_equal(len, n_pdf);
	assert_memory_equal(data, pdf, n_pdf);
	free(data);
	/* a name without a known extension gets the content's */
	assert_int_equal(policy_attach(&f->sys, id, "认定办法", docx, n_docx, a, &p, NULL), 0);
	assert_string_equal(p.file_name, "认定办法.docx");
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM policy_files"), 1);
	char key[48], after[1024];
	snprintf(key, sizeof key, "%lld", (long long)id);
	assert_int_equal(fixture_audit_rows(f, "policies", key, "attach"), 2);
	fixture_audit_last(f, "policies", key, "after_json", after, sizeof after);
	assert_non_null(strstr(after, "\"file_name\":\"认定办法.docx\""));
	assert_non_null(strstr(after, "\"file_sha256\":\""));
	/* only writers attach; detaching removes the bytes */
	struct ledger ent = fixture_as(f, f->u_ent);
	assert_int_equal(policy_attach(&ent, id, "a.pdf", pdf, n_pdf, a, NULL, NULL),
			 ERR_FORBIDDEN);
	assert_int_equal(policy_file(&ent, id, a, &p, &data, &len, NULL), 0);
	free(data);
	assert_int_equal(policy_detach(&f->sys, id, NULL), 0);
	err_clear(&e);
	assert_int_equal(policy_file(&f->sys, id, a, &p, &data, &len, &e), ERR_NOT_FOUND);
	assert_string_equal(e.msg, "该政策文件没有附件");
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM policy_files"), 0);
	assert_int_equal(policy_delete(&f->sys, id, NULL), 0);
	free(pdf);
	free(docx);
	free(zip);
	arena_free(a);
}

static int64_t count(struct ledger *l, const char *q, int level, const char *tag)
{
	struct policy_filter fl;
	struct policy_page pg;
	struct arena *a = arena_new();
	policy_filter_init(&fl);
	fl.q = q;
	fl.level = level;
	fl.tag = tag;
	if (policy_list(l, &fl, a, &pg, NULL))
		fail_msg("policy_list %s", q ? q : "");
	arena_free(a);
	assert_int_equal((int64_t)pg.n, pg.total);
	return pg.total;
}

static void test_search(void **state)
{
	struct fixture *f = *state;
	int64_t a = add(&f->sys, "高新技术企业认定管理办法", "科技部", "国科发火〔2016〕32号",
			POLICY_NATIONAL, NULL, "认定,管理办法", D(2016, 1, 29), NULL);
	int64_t b = add(&f->sys, "云南省高新技术企业培育办法", "云南省科技厅", "云科规〔2021〕3号",
			POLICY_PROVINCE, NULL, "培育", D(2021, 5, 1), NULL);
	int64_t c = add(&f->sys, "麒麟区科技创新奖励", "麒麟区科技局", NULL, POLICY_COUNTY,
			"530302", "奖励,培育", D(2024, 2, 1), NULL);
	struct ledger ent = fixture_as(f, f->u_ent);
	assert_int_equal(count(&ent, NULL, -1, NULL), 3);
	assert_int_equal(count(&ent, "高新技术企业", -1, NULL), 2); /* FTS, title */
	assert_int_equal(count(&ent, "32号", -1, NULL), 1);	    /* FTS, number */
	assert_int_equal(count(&ent, "科技厅", -1, NULL), 1);	    /* FTS, issuer */
	assert_int_equal(count(&ent, "培育", -1, NULL), 2);	    /* 2 chars: LIKE, tags */
	assert_int_equal(count(&ent, "奖", -1, NULL), 1);	    /* 1 char: LIKE */
	assert_int_equal(count(&ent, "\"认定", -1, NULL), 0);	    /* quotes are text */
	assert_int_equal(count(&ent, "100%", -1, NULL), 0);
	assert_int_equal(count(&ent, NULL, POLICY_COUNTY, NULL), 1);
	assert_int_equal(count(&ent, NULL, -1, "培育"), 2);
	assert_int_equal(count(&ent, NULL, -1, "培"), 0); /* a tag matches whole */
	assert_int_equal(count(&ent, "办法", POLICY_PROVINCE, "培育"), 1);
	/* the index follows edits and deletions */
	struct arena *ar = arena_new();
	struct policy p;
	assert_int_equal(policy_get(&f->sys, a, ar, &p, NULL), 0);
	p.body = "企业申请认定须注册成立一年以上";
	assert_int_equal(policy_update(&f->sys, a, &p, ar, NULL, NULL), 0);
	assert_int_equal(count(&ent, "注册成立一年", -1, NULL), 1);
	assert_int_equal(policy_delete(&f->sys, a, NULL), 0);
	assert_int_equal(count(&ent, "高新技术企业", -1, NULL), 1);
	/* newest first; tags in use */
	struct policy_filter fl;
	struct policy_page pg;
	policy_filter_init(&fl);
	assert_int_equal(policy_list(&ent, &fl, ar, &pg, NULL), 0);
	assert_int_equal(pg.items[0].id, c);
	assert_int_equal(pg.items[1].id, b);
	const char **tags = NULL;
	size_t n = 0;
	assert_int_equal(policy_tags(&ent, ar, &tags, &n, NULL), 0);
	assert_int_equal(n, 2);
	assert_string_equal(tags[0], "培育");
	assert_string_equal(tags[1], "奖励");
	/* a text over the limit names q */
	char longq[PUBLICITY_SEARCH_MAX + 2];
	memset(longq, 'x', sizeof longq - 1);
	longq[sizeof longq - 1] = '\0';
	struct err e;
	err_clear(&e);
	fl.q = longq;
	assert_int_equal(policy_list(&ent, &fl, ar, &pg, &e), ERR_INVALID);
	assert_string_equal(e.field, "q");
	arena_free(ar);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_validation),
		cmocka_unit_test(test_who_writes),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_search),
	};
	return cmocka_run_group_tests(tests, fixture_setup, fixture_teardown);
}
