/* Tests of ledger/publicity/announcement: announcements to the enterprise users
 * of a scope (通知公告) — validation naming the field, who may publish where,
 * who sees which announcement (area, tier, publish date), read receipts counted
 * in the caller's scope, the first reading kept, audit rows of every write. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "ledger/publicity/announcement.h"

#include "support/ledger_fixture.h"

#define D(y, m, d) date_from_ymd(y, m, d)

/* Publish TITLE to AREA/TIER on ON as L; the id, or the test fails. */
static int64_t publish(struct ledger *l, const char *title, const char *area, const char *tier,
		       int32_t on)
{
	struct announcement in, out;
	struct err e;
	struct arena *a = arena_new();
	announcement_init(&in);
	in.title = title;
	in.body = "请各企业于月底前完成研发费用辅助账的整理。";
	in.area = area;
	in.tier = tier;
	in.published_on = on;
	err_clear(&e);
	if (announcement_create(l, &in, a, &out, &e))
		fail_msg("announcement_create '%s': %s (%s)", title, e.msg, e.field);
	arena_free(a);
	return out.id;
}

static const struct bad_case {
	const char *what, *title, *body, *area, *tier;
	const char *field, *msg;
} bad_cases[] = {
	{"no title", NULL, "正文", NULL, NULL, "title", "标题不能为空"},
	{"empty body", "标题", "", NULL, NULL, "body", "正文不能为空"},
	{"an unknown area", "标题", "正文", "999999", NULL, "area", "地区不存在：999999"},
	{"an unknown tier", "标题", "正文", NULL, "gold", "tier", "未知层级：gold"},
};

static void test_validation(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	static char long_title[ANNOUNCEMENT_TITLE_MAX + 2];
	for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
		const struct bad_case *c = &bad_cases[i];
		struct announcement in;
		struct err e;
		announcement_init(&in);
		in.title = c->title;
		in.body = c->body;
		in.area = c->area;
		in.tier = c->tier;
		err_clear(&e);
		assert_int_equal(announcement_create(&f->sys, &in, a, NULL, &e), ERR_INVALID);
		assert_string_equal(e.field, c->field);
		assert_string_equal(e.msg, c->msg);
	}
	memset(long_title, 'x', ANNOUNCEMENT_TITLE_MAX + 1);
	struct announcement in;
	struct err e;
	announcement_init(&in);
	in.title = long_title;
	in.body = "正文";
	err_clear(&e);
	assert_int_equal(announcement_create(&f->sys, &in, a, NULL, &e), ERR_INVALID);
	assert_string_equal(e.msg, "标题过长（最多200字节）");
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM announcements"), 0);
	/* a tier given by its Chinese label is stored as its code */
	int64_t id = publish(&f->sys, "重点培育企业申报提醒", NULL, "重点培育", D(2026, 3, 1));
	struct announcement got;
	assert_int_equal(announcement_get(&f->sys, id, a, &got, NULL), 0);
	assert_string_equal(got.tier, "key");
	assert_int_equal(got.published_on, D(2026, 3, 1));
	assert_int_equal(announcement_delete(&f->sys, id, NULL), 0);
	arena_free(a);
}

/* Bureau staff publish; a county only to its own areas; the others not at all. */
static void test_who_publishes(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	struct ledger c1 = fixture_as(f, f->u_county1);
	static const struct {
		int64_t *user;
		const char *area;
		int rc;
		const char *msg;
	} cases[] = {
		{NULL, "530303", ERR_FORBIDDEN, "县级用户只能向本辖区的企业发布通知"},
		{NULL, NULL, ERR_FORBIDDEN, "县级用户只能向本辖区的企业发布通知"},
		{NULL, "530302", 0, NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct announcement in;
		struct err e;
		announcement_init(&in);
		in.title = "麒麟区政策宣讲会";
		in.body = "正文";
		in.area = cases[i].area;
		err_clear(&e);
		int rc = announcement_create(&c1, &in, a, NULL, &e);
		assert_int_equal(rc, cases[i].rc);
		if (rc)
			assert_string_equal(e.msg, cases[i].msg);
	}
	int64_t users[] = {f->u_viewer, f->u_expert, f->u_ent};
	for (size_t i = 0; i < 3; i++) {
		struct ledger l = fixture_as(f, users[i]);
		struct announcement in;
		struct err e;
		announcement_init(&in);
		in.title = "t";
		in.body = "b";
		in.area = "530302";
		err_clear(&e);
		assert_int_equal(announcement_create(&l, &in, a, NULL, &e), ERR_FORBIDDEN);
		assert_string_equal(e.msg, "无权发布通知公告");
	}
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM announcements"), 1);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_log WHERE table_name = "
					  "'announcements' AND action = 'create' AND user_name = "
					  "'county1'"),
			 1);
	assert_int_equal(store_exec(f->db, "DELETE FROM announcements", NULL), 0);
	arena_free(a);
}

/* The ids of the announcements L sees, in list order, as "1 2 3". */
static const char *seen(struct ledger *l, int unread, int64_t base, char out[128])
{
	struct announcement_filter fl;
	struct announcement_page pg;
	struct arena *a = arena_new();
	struct err e;
	announcement_filter_init(&fl);
	fl.unread = unread;
	err_clear(&e);
	if (announcement_list(l, &fl, a, &pg, &e))
		fail_msg("announcement_list: %s", e.msg);
	size_t n = 0;
	out[0] = '\0';
	for (size_t i = 0; i < pg.n; i++)
		n += (size_t)snprintf(out + n, 128 - n, "%s%lld", i ? " " : "",
				      (long long)(pg.items[i].id - base));
	assert_int_equal(pg.total, (int64_t)pg.n);
	arena_free(a);
	return out;
}

static void test_audience_and_receipts(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	char buf[128];
	int32_t today = date_today();
	/* firm B's user too, so that a receipt list has one who read and one who did not */
	int64_t u_ent_b = fixture_user(f, "ent_b", ROLE_ENTERPRISE, NULL, f->b);
	/* ids base+1 … base+5, published on the same day, newest id first */
	int64_t base = publish(&f->sys, "全市", NULL, NULL, today - 1) - 1;
	publish(&f->sys, "麒麟区", "530302", NULL, today - 1);
	publish(&f->sys, "沾益区", "530303", NULL, today - 1);
	publish(&f->sys, "重点培育", NULL, "key", today - 1);
	publish(&f->sys, "明天发布", "530302", NULL, today + 1);

	struct ledger ent = fixture_as(f, f->u_ent), c1 = fixture_as(f, f->u_county1);
	struct ledger c2 = fixture_as(f, f->u_county2), ex = fixture_as(f, f->u_expert);
	struct ledger vw = fixture_as(f, f->u_viewer);
	/* a prospect of 530302 sees the city's and its area's, published, nothing else */
	assert_string_equal(seen(&ent, 0, base, buf), "2 1");
	assert_string_equal(seen(&c1, 0, base, buf), "5 4 2 1");
	assert_string_equal(seen(&c2, 0, base, buf), "4 3 1");
	assert_string_equal(seen(&ex, 0, base, buf), "5 4 2 1"); /* its firm A is in 530302 */
	assert_string_equal(seen(&f->sys, 0, base, buf), "5 4 3 2 1");
	struct announcement got;
	struct err e;
	err_clear(&e);
	assert_int_equal(announcement_get(&ent, base + 3, a, &got, &e), ERR_NOT_FOUND);
	assert_string_equal(e.msg, "通知不存在");
	assert_int_equal(announcement_get(&ent, base + 5, a, &got, NULL), ERR_NOT_FOUND);
	assert_int_equal(announcement_get(&ent, base + 4, a, &got, NULL), ERR_NOT_FOUND);
	/* the tier decides: once firm A is a key firm it sees the key firms' announcement */
	char sql[128];
	snprintf(sql, sizeof sql, "UPDATE enterprises SET tier = 'key' WHERE id = %lld",
		 (long long)f->id_a);
	assert_int_equal(store_exec(f->db, sql, NULL), 0);
	assert_string_equal(seen(&ent, 0, base, buf), "4 2 1");
	assert_int_equal(store_exec(f->db, "UPDATE enterprises SET tier = 'prospect'", NULL), 0);

	/* receipts: the city counts ent_a and ent_b for the city-wide one, nobody has read */
	assert_int_equal(announcement_get(&f->sys, base + 1, a, &got, NULL), 0);
	assert_int_equal(got.recipients, 2);
	assert_int_equal(got.read_count, 0);
	char at1[21] = "", at2[21] = "";
	assert_int_equal(announcement_mark_read(&ent, base + 1, at1, NULL), 0);
	assert_int_equal(strlen(at1), 20);
	assert_int_equal(announcement_mark_read(&ent, base + 1, at2, NULL), 0);
	assert_string_equal(at1, at2); /* the first reading stands */
	char key[48];
	snprintf(key, sizeof key, "%s/%lld", f->a, (long long)(base + 1));
	assert_int_equal(fixture_audit_rows(f, "announcement_reads", key, "read"), 1);
	assert_string_equal(seen(&ent, 1, base, buf), "2");
	assert_int_equal(announcement_get(&c1, base + 1, a, &got, NULL), 0);
	assert_int_equal(got.recipients, 2);
	assert_int_equal(got.read_count, 1);
	assert_string_equal(got.read_at, ""); /* the county's own reading: none */
	/* county2's scope holds neither firm */
	assert_int_equal(announcement_get(&c2, base + 1, a, &got, NULL), 0);
	assert_int_equal(got.recipients, 0);
	/* an enterprise user is told its own reading and no counts */
	assert_int_equal(announcement_get(&ent, base + 1, a, &got, NULL), 0);
	assert_string_equal(got.read_at, at1);
	assert_int_equal(got.recipients, LEDGER_NONE);

	struct announcement_receipt *items = NULL;
	size_t n = 0;
	assert_int_equal(announcement_receipts(&vw, base + 1, a, &items, &n, NULL), 0);
	assert_int_equal(n, 2);
	assert_string_equal(items[0].username, "ent_a");
	assert_string_equal(items[0].read_at, at1);
	assert_string_equal(items[1].username, "ent_b");
	assert_string_equal(items[1].read_at, "");
	assert_string_equal(items[1].uscc, f->b);
	err_clear(&e);
	assert_int_equal(announcement_receipts(&ex, base + 1, a, &items, &n, &e), ERR_FORBIDDEN);
	assert_int_equal(announcement_receipts(&ent, base + 1, a, &items, &n, &e), ERR_FORBIDDEN);
	/* only enterprise users record readings */
	err_clear(&e);
	assert_int_equal(announcement_mark_read(&c1, base + 1, NULL, &e), ERR_FORBIDDEN);
	assert_string_equal(e.msg, "只有企业用户记录阅读");
	assert_int_equal(announcement_mark_read(&ent, base + 3, NULL, NULL), ERR_NOT_FOUND);
	(void)u_ent_b;
	arena_free(a);
}

/* Changes: a county only its areas' announcements; an unchanged save writes nothing. */
static void test_update_delete(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	struct ledger c1 = fixture_as(f, f->u_county1);
	int64_t city_wide = publish(&f->sys, "全市通知", NULL, NULL, D(2026, 1, 5));
	int64_t own = publish(&c1, "麒麟区通知", "530302", NULL, D(2026, 1, 6));
	struct announcement in, out;
	struct err e;
	char key[48], before[512], after[512];
	assert_int_equal(announcement_get(&c1, own, a, &in, NULL), 0);
	in.title = "麒麟区通知（更正）";
	in.published_on = LEDGER_NO_DATE; /* keeps the stored day */
	assert_int_equal(announcement_update(&c1, own, &in, a, &out, NULL), 0);
	assert_string_equal(out.title, "麒麟区通知（更正）");
	assert_int_equal(out.published_on, D(2026, 1, 6));
	snprintf(key, sizeof key, "%lld", (long long)own);
	fixture_audit_last(f, "announcements", key, "before_json", before, sizeof before);
	fixture_audit_last(f, "announcements", key, "after_json", after, sizeof after);
	assert_non_null(strstr(before, "\"title\":\"麒麟区通知\""));
	assert_non_null(strstr(after, "\"title\":\"麒麟区通知（更正）\""));
	assert_int_equal(announcement_update(&c1, own, &out, a, NULL, NULL), 0);
	assert_int_equal(fixture_audit_rows(f, "announcements", key, "update"), 1);
	/* moving its own announcement to another area is refused */
	out.area = "530303";
	err_clear(&e);
	assert_int_equal(announcement_update(&c1, own, &out, a, NULL, &e), ERR_FORBIDDEN);
	assert_int_equal(announcement_get(&c1, city_wide, a, &in, NULL), 0);
	err_clear(&e);
	assert_int_equal(announcement_update(&c1, city_wide, &in, a, NULL, &e), ERR_FORBIDDEN);
	assert_int_equal(announcement_delete(&c1, city_wide, &e), ERR_FORBIDDEN);
	/* deletion takes the readings with it and is audited with the row before */
	struct ledger ent = fixture_as(f, f->u_ent);
	assert_int_equal(announcement_mark_read(&ent, own, NULL, NULL), 0);
	assert_int_equal(announcement_delete(&c1, own, NULL), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM announcement_reads WHERE "
					  "announcement_id NOT IN (SELECT id FROM announcements)"),
			 0);
	assert_int_equal(fixture_audit_rows(f, "announcements", key, "delete"), 1);
	assert_int_equal(announcement_get(&f->sys, own, a, &in, NULL), ERR_NOT_FOUND);
	arena_free(a);
}

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

/* Attachments: who edits the announcement adds and removes them (audited, checked
 * by content); who sees it downloads them; nobody else learns they exist. */
static void test_attachments(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	struct ledger c1 = fixture_as(f, f->u_county1), c2 = fixture_as(f, f->u_county2);
	struct ledger ent = fixture_as(f, f->u_ent), ex = fixture_as(f, f->u_expert);
	struct ledger vw = fixture_as(f, f->u_viewer);
	int32_t today = date_today();
	size_t n_pdf, n_xlsx, n_png;
	char *pdf = slurp("policy.pdf", &n_pdf), *xlsx = slurp("sheet.xlsx", &n_xlsx),
	     *png = slurp("dot.png", &n_png);
	int64_t own = publish(&c1, "麒麟区申报材料清单", "530302", NULL, today);
	int64_t other = publish(&f->sys, "沾益区培训通知", "530303", NULL, today);
	int64_t later = publish(&f->sys, "下周发布", "530302", NULL, today + 7);
	struct announcement_file file, xf;
	struct err e;
	char key[48];

	/* the county attaches to its own announcement: a PDF with a Chinese name, an xlsx */
	assert_int_equal(
		announcement_attach(&c1, own, "申报材料清单.pdf", pdf, n_pdf, a, &file, NULL), 0);
	assert_string_equal(file.name, "申报材料清单.pdf");
	assert_string_equal(file.type, "pdf");
	assert_int_equal(file.size, (int64_t)n_pdf);
	assert_int_equal(strlen(file.sha256), 64);
	assert_string_equal(file.created_by, "county1");
	assert_int_equal(announcement_attach(&c1, own, "统计表", xlsx, n_xlsx, a, &xf, NULL), 0);
	assert_string_equal(xf.name, "统计表.xlsx");
	snprintf(key, sizeof key, "%lld/%lld", (long long)own, (long long)file.id);
	assert_int_equal(fixture_audit_rows(f, "announcement_files", key, "create"), 1);
	char after[512];
	fixture_audit_last(f, "announcement_files", key, "after_json", after, sizeof after);
	assert_non_null(strstr(after, file.sha256));
	struct announcement got;
	assert_int_equal(announcement_get(&ent, own, a, &got, NULL), 0);
	assert_int_equal(got.attachments, 2);
	assert_int_equal(got.n_files, 2);
	assert_string_equal(got.files[0].name, "申报材料清单.pdf");
	assert_string_equal(got.files[1].type, "xlsx");

	/* refused by content, extension, role, scope; nothing written */
	const char *html = "<html><script>alert(1)</script></html>";
	err_clear(&e);
	assert_int_equal(announcement_attach(&c1, own, "a.pdf", html, strlen(html), a, NULL, &e),
			 ERR_INVALID);
	assert_string_equal(e.field, "file");
	assert_string_equal(
		e.msg, "只能上传 PDF、Word、Excel 或图片（PNG、JPG）文件：文件内容不是这几种格式");
	err_clear(&e);
	assert_int_equal(announcement_attach(&c1, own, "a.jpg", png, n_png, a, NULL, &e),
			 ERR_INVALID);
	assert_string_equal(e.msg, "文件扩展名（jpg）与文件内容（png）不符");
	err_clear(&e);
	assert_int_equal(announcement_attach(&c1, other, "a.png", png, n_png, a, NULL, &e),
			 ERR_NOT_FOUND); /* county1 does not see 530303's announcement */
	err_clear(&e);
	assert_int_equal(announcement_attach(&c2, other, "a.png", png, n_png, a, NULL, &e), 0);
	int64_t users[] = {f->u_viewer, f->u_expert, f->u_ent};
	for (size_t i = 0; i < 3; i++) {
		struct ledger l = fixture_as(f, users[i]);
		err_clear(&e);
		assert_int_equal(announcement_attach(&l, own, "a.png", png, n_png, a, NULL, &e),
				 ERR_FORBIDDEN);
		assert_int_equal(announcement_detach(&l, own, file.id, &e), ERR_FORBIDDEN);
	}
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM announcement_files"), 3);

	/* downloads: the same bytes for who sees the announcement, not found for others */
	void *data = NULL;
	size_t len = 0;
	struct announcement_file meta;
	struct ledger readers[] = {ent, c1, vw, ex, f->sys};
	for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++) {
		assert_int_equal(
			announcement_file(&readers[i], own, file.id, a, &meta, &data, &len, NULL),
			0);
		assert_int_equal(len, n_pdf);
		assert_memory_equal(data, pdf, n_pdf);
		free(data);
	}
	assert_string_equal(meta.sha256, file.sha256);
	err_clear(&e);
	assert_int_equal(announcement_file(&c2, own, file.id, a, &meta, &data, &len, &e),
			 ERR_NOT_FOUND);
	assert_string_equal(e.msg, "通知不存在");
	assert_null(data);
	/* firm A (530302) is outside 530303's audience */
	int64_t other_file = 0;
	{
		struct announcement og;
		assert_int_equal(announcement_get(&f->sys, other, a, &og, NULL), 0);
		other_file = og.files[0].id;
	}
	assert_int_equal(announcement_file(&ent, other, other_file, a, &meta, &data, &len, NULL),
			 ERR_NOT_FOUND);
	/* a file asked under another announcement's id is not found */
	err_clear(&e);
	assert_int_equal(announcement_file(&c1, own, other_file, a, &meta, &data, &len, &e),
			 ERR_NOT_FOUND);
	assert_string_equal(e.msg, "附件不存在");
	/* not yet published: the enterprise does not see it, nor its files */
	assert_int_equal(
		announcement_attach(&f->sys, later, "日程.png", png, n_png, a, &meta, NULL), 0);
	assert_int_equal(announcement_file(&ent, later, meta.id, a, &meta, &data, &len, NULL),
			 ERR_NOT_FOUND);

	/* removal: audited with the file's image; deleting an announcement takes its files */
	assert_int_equal(announcement_detach(&c1, own, xf.id, NULL), 0);
	snprintf(key, sizeof key, "%lld/%lld", (long long)own, (long long)xf.id);
	assert_int_equal(fixture_audit_rows(f, "announcement_files", key, "delete"), 1);
	assert_int_equal(announcement_detach(&c1, own, xf.id, NULL), ERR_NOT_FOUND);
	assert_int_equal(announcement_get(&c1, own, a, &got, NULL), 0);
	assert_int_equal(got.attachments, 1);
	assert_int_equal(announcement_delete(&c1, own, NULL), 0);
	/* the file the announcement took with it is audited too */
	snprintf(key, sizeof key, "%lld/%lld", (long long)own, (long long)file.id);
	assert_int_equal(fixture_audit_rows(f, "announcement_files", key, "delete"), 1);
	assert_int_equal(announcement_delete(&f->sys, other, NULL), 0);
	assert_int_equal(announcement_delete(&f->sys, later, NULL), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM announcement_files"), 0);
	free(pdf);
	free(xlsx);
	free(png);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_validation),
		cmocka_unit_test(test_who_publishes),
		cmocka_unit_test(test_audience_and_receipts),
		cmocka_unit_test(test_update_delete),
		cmocka_unit_test(test_attachments),
	};
	return cmocka_run_group_tests(tests, fixture_setup, fixture_teardown);
}
