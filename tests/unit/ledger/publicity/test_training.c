/* Tests of ledger/publicity/training: policy training events (政策培训) —
 * validation naming the field, who may record which event, attendance
 * entered and imported from a sign-in sheet (matched by USCC, else by
 * normalised name; unmatched rows reported; importing twice changes
 * nothing), the scope of attendance lists, the firms of the reserve and key
 * pool that never attended, whether trained firms went on to apply, and an
 * enterprise user's view (its area's events, its own attendance only). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "ledger/publicity/policy.h"
#include "ledger/publicity/training.h"

#include "support/ledger_fixture.h"

#define D(y, m, d) date_from_ymd(y, m, d)

static int64_t hold(struct ledger *l, const char *topic, const char *area, int32_t on,
		    struct err *e)
{
	struct training in, out;
	struct arena *a = arena_new();
	training_init(&in);
	in.topic = topic;
	in.organisers = "曲靖市科学技术局、国家税务总局曲靖市税务局";
	in.place = "曲靖市科技大厦三楼会议室";
	in.area = area;
	in.held_on = on;
	int rc = training_create(l, &in, a, &out, e);
	arena_free(a);
	return rc ? rc : out.id;
}

static void exec(struct fixture *f, const char *sql)
{
	struct err e;
	err_clear(&e);
	if (store_exec(f->db, sql, &e))
		fail_msg("%s: %s", sql, e.msg);
}

static void test_validation(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	struct training in;
	struct err e;
	training_init(&in);
	in.topic = "高企认定政策解读";
	in.organisers = "市科技局";
	in.place = "会议室";
	err_clear(&e);
	assert_int_equal(training_create(&f->sys, &in, a, NULL, &e), ERR_INVALID);
	assert_string_equal(e.msg, "培训日期不能为空");
	in.held_on = D(2026, 3, 10);
	in.place = NULL;
	err_clear(&e);
	assert_int_equal(training_create(&f->sys, &in, a, NULL, &e), ERR_INVALID);
	assert_string_equal(e.msg, "须填写培训地点或线上链接");
	in.online_url = "ftp://x";
	err_clear(&e);
	assert_int_equal(training_create(&f->sys, &in, a, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "online_url");
	in.online_url = "https://meeting.example.cn/123";
	int64_t ids[2] = {999, 999};
	in.policy_ids = ids;
	in.n_policy_ids = 1;
	err_clear(&e);
	assert_int_equal(training_create(&f->sys, &in, a, NULL, &e), ERR_INVALID);
	assert_string_equal(e.msg, "政策文件不存在：999");
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM trainings"), 0);
	/* with a document of the library as material (a duplicate id counted once) */
	struct policy p;
	policy_init(&p);
	p.title = "高新技术企业认定管理办法";
	p.issuer = "科技部";
	assert_int_equal(policy_create(&f->sys, &p, a, &p, NULL), 0);
	ids[0] = ids[1] = p.id;
	in.n_policy_ids = 2;
	struct training out;
	assert_int_equal(training_create(&f->sys, &in, a, &out, NULL), 0);
	assert_int_equal(out.n_policies, 1);
	assert_string_equal(out.policies[0].title, "高新技术企业认定管理办法");
	assert_int_equal(training_delete(&f->sys, out.id, NULL), 0);
	assert_int_equal(policy_delete(&f->sys, p.id, NULL), 0);
	arena_free(a);
}

static void test_who_and_attendance(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	struct ledger c1 = fixture_as(f, f->u_county1), c2 = fixture_as(f, f->u_county2),
		      ent = fixture_as(f, f->u_ent), ex = fixture_as(f, f->u_expert),
		      v = fixture_as(f, f->u_viewer);
	struct err e;
	err_clear(&e);
	assert_int_equal(hold(&c1, "全市培训", NULL, D(2026, 3, 1), &e), ERR_FORBIDDEN);
	assert_string_equal(e.msg, "县级用户只能维护本辖区组织的培训");
	assert_int_equal(hold(&ent, "x", NULL, D(2026, 3, 1), NULL), ERR_FORBIDDEN);
	assert_int_equal(hold(&ex, "x", NULL, D(2026, 3, 1), NULL), ERR_FORBIDDEN);
	int64_t city = hold(&f->sys, "高企认定政策解读会", NULL, D(2026, 3, 1), NULL);
	int64_t own = hold(&c1, "麒麟区研发费用归集培训", "530302", D(2026, 3, 5), NULL);
	assert_true(city > 0 && own > 0);
	assert_int_equal(training_delete(&c2, own, NULL), ERR_FORBIDDEN);

	/* a county records its own firms at any event, not another county's */
	assert_int_equal(training_attend(&c1, city, f->a, "张三", NULL), 0);
	assert_int_equal(training_attend(&c1, city, f->a, NULL, NULL), 0); /* again: no change */
	err_clear(&e);
	assert_int_equal(training_attend(&c1, city, f->c, NULL, &e), ERR_NOT_FOUND);
	assert_int_equal(training_attend(&c2, city, f->c, "李四", NULL), 0);
	assert_int_equal(training_attend(&v, city, f->b, NULL, NULL), ERR_FORBIDDEN);
	char key[48];
	snprintf(key, sizeof key, "%s/%lld", f->a, (long long)city);
	assert_int_equal(fixture_audit_rows(f, "training_attendance", key, "create"), 1);

	/* lists are scoped: the county sees its firm, the city both */
	struct training_attendee *items = NULL;
	size_t n = 0;
	assert_int_equal(training_attendance(&c1, city, a, &items, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_string_equal(items[0].uscc, f->a);
	assert_string_equal(items[0].attendee, "张三");
	assert_int_equal(training_attendance(&f->sys, city, a, &items, &n, NULL), 0);
	assert_int_equal(n, 2);
	struct training t;
	assert_int_equal(training_get(&c1, city, a, &t, NULL), 0);
	assert_int_equal(t.attendees, 1);
	assert_int_equal(training_get(&f->sys, city, a, &t, NULL), 0);
	assert_int_equal(t.attendees, 2);
	assert_int_equal(t.applied, 0);

	/* a firm that applied after the event counts as applied; one before not */
	exec(f, "INSERT INTO batches (year, name, created_at, updated_at) VALUES (2026, "
		"'2026年第一批', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
	char sql[512];
	snprintf(sql, sizeof sql,
		 "INSERT INTO applications (batch_id, enterprise_id, stage, stage_on, created_at, "
		 "updated_at) VALUES (1, %lld, 'submitted', '2026-04-01', '2026-04-01T08:00:00Z', "
		 "'2026-04-01T08:00:00Z'), (1, %lld, 'intended', '2026-02-01', "
		 "'2026-02-01T08:00:00Z', '2026-02-01T08:00:00Z')",
		 (long long)f->id_a, (long long)f->id_c);
	exec(f, sql);
	assert_int_equal(training_get(&f->sys, city, a, &t, NULL), 0);
	assert_int_equal(t.applied, 1);
	assert_int_equal(training_attendance(&f->sys, city, a, &items, &n, NULL), 0);
	assert_string_equal(items[0].uscc, f->a); /* 曲靖甲 before 沾益丙 */
	assert_string_equal(items[0].applied_stage, "submitted");
	assert_null(items[1].applied_stage);

	/* the firm's own events */
	struct training_filter fl;
	struct training_page pg;
	training_filter_init(&fl);
	fl.uscc = f->a;
	assert_int_equal(training_list(&c1, &fl, a, &pg, NULL), 0);
	assert_int_equal(pg.total, 1);
	assert_int_equal(pg.items[0].id, city);
	fl.uscc = NULL;
	assert_int_equal(training_list(&ex, &fl, a, &pg, NULL), 0);
	assert_int_equal(pg.total, 2);
	assert_int_equal(pg.items[0].id, own); /* newest first */

	/* removing an attendance */
	assert_int_equal(training_unattend(&c2, city, f->c, NULL), 0);
	snprintf(key, sizeof key, "%s/%lld", f->c, (long long)city);
	assert_int_equal(fixture_audit_rows(f, "training_attendance", key, "delete"), 1);
	assert_int_equal(training_get(&f->sys, city, a, &t, NULL), 0);
	assert_int_equal(t.attendees, 1);
	exec(f, "DELETE FROM applications; DELETE FROM batches");
	assert_int_equal(training_delete(&c1, own, NULL), 0);
	assert_int_equal(training_delete(&f->sys, city, NULL), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM training_attendance"), 0);
	arena_free(a);
}

static void test_import_and_gaps(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	struct ledger c1 = fixture_as(f, f->u_county1);
	exec(f, "UPDATE enterprises SET tier = 'reserve'");
	int64_t id = hold(&f->sys, "研发费用加计扣除专题培训", NULL, D(2026, 5, 20), NULL);
	/* A by USCC, B by its name written with full-width brackets and spaces, C outside
	 * the county's scope, and a firm nobody knows */
	struct list_row rows[4] = {
		{.row = 2, .uscc = f->a, .name = "曲靖甲科技有限公司", .number = "王五"},
		{.row = 3, .name = " 曲靖乙材料有限公司 ", .number = "赵六"},
		{.row = 4, .uscc = f->c, .name = "沾益丙化工有限公司"},
		{.row = 5, .name = "不存在的公司"},
	};
	struct list_report r;
	assert_int_equal(training_import(&c1, id, rows, 4, 1, a, &r, NULL), 0); /* dry run */
	assert_int_equal(r.changed, 2);
	assert_int_equal(r.unmatched, 2);
	assert_false(r.committed);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM training_attendance"), 0);

	/* before: the county's pool (A, B) never attended */
	struct training_gap *gaps = NULL;
	size_t n = 0;
	assert_int_equal(training_never_attended(&c1, NULL, a, &gaps, &n, NULL), 0);
	assert_int_equal(n, 2);

	assert_int_equal(training_import(&c1, id, rows, 4, 0, a, &r, NULL), 0);
	assert_true(r.committed);
	assert_int_equal(r.changed, 2);
	assert_int_equal(r.lines[1].result, LIST_CHANGED);
	assert_true(r.lines[1].by_name);
	assert_string_equal(r.lines[1].uscc, f->b);
	assert_int_equal(r.lines[2].result, LIST_UNMATCHED);
	assert_int_equal(r.lines[3].result, LIST_UNMATCHED);
	/* again: nothing changes */
	assert_int_equal(training_import(&c1, id, rows, 4, 0, a, &r, NULL), 0);
	assert_int_equal(r.changed, 0);
	assert_int_equal(r.unchanged, 2);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM training_attendance"), 2);
	assert_int_equal(
		fixture_count(f,
			      "SELECT count(*) FROM training_attendance WHERE source = 'import'"),
		2);

	assert_int_equal(training_never_attended(&c1, NULL, a, &gaps, &n, NULL), 0);
	assert_int_equal(n, 0);
	assert_int_equal(training_never_attended(&f->sys, NULL, a, &gaps, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_string_equal(gaps[0].uscc, f->c);
	assert_int_equal(training_never_attended(&f->sys, "530302", a, &gaps, &n, NULL), 0);
	assert_int_equal(n, 0);
	/* an enterprise user may not import */
	struct ledger ent = fixture_as(f, f->u_ent);
	assert_int_equal(training_import(&ent, id, rows, 4, 0, a, &r, NULL), ERR_FORBIDDEN);
	assert_int_equal(training_delete(&f->sys, id, NULL), 0);
	exec(f, "UPDATE enterprises SET tier = 'prospect'");
	arena_free(a);
}

/* An enterprise user: the events open to its area, past and upcoming; its own
 * firm's attendance only; no writes, no list of other firms. */
static void test_enterprise_view(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	struct ledger ent = fixture_as(f, f->u_ent); /* firm A, 530302 */
	struct ledger c2 = fixture_as(f, f->u_county2);
	int32_t today = date_today();
	int64_t city = hold(&f->sys, "高企认定政策解读会", NULL, today - 30, NULL);
	int64_t own = hold(&f->sys, "麒麟区研发费用归集培训", "530302", today + 7, NULL);
	int64_t other = hold(&c2, "沾益区知识产权培训", "530303", today - 3, NULL);
	assert_true(city > 0 && own > 0 && other > 0);
	assert_int_equal(training_attend(&f->sys, city, f->a, "财务总监", NULL), 0);
	assert_int_equal(training_attend(&f->sys, city, f->b, "张三", NULL), 0);
	assert_int_equal(training_attend(&f->sys, city, f->c, "李四", NULL), 0);
	assert_int_equal(training_attend(&c2, other, f->c, NULL, NULL), 0);

	/* the city-wide event and its area's upcoming one; not 530303's */
	struct training_filter fl;
	struct training_page pg;
	training_filter_init(&fl);
	assert_int_equal(training_list(&ent, &fl, a, &pg, NULL), 0);
	assert_int_equal(pg.total, 2);
	assert_int_equal(pg.n, 2);
	assert_int_equal(pg.items[0].id, own); /* newest first: the upcoming one */
	assert_int_equal(pg.items[0].attendees, 0);
	assert_int_equal(pg.items[1].id, city);
	assert_int_equal(pg.items[1].attendees, 1); /* its own firm, not B and C */
	struct training t;
	struct err e;
	err_clear(&e);
	assert_int_equal(training_get(&ent, other, a, &t, &e), ERR_NOT_FOUND);
	assert_string_equal(e.msg, "培训不存在");
	/* asking for another firm's events finds nothing */
	fl.uscc = f->c;
	assert_int_equal(training_list(&ent, &fl, a, &pg, NULL), 0);
	assert_int_equal(pg.total, 0);
	fl.uscc = f->a;
	assert_int_equal(training_list(&ent, &fl, a, &pg, NULL), 0);
	assert_int_equal(pg.total, 1);

	/* attendance: its own line, never the others' */
	struct training_attendee *items = NULL;
	size_t n = 0;
	assert_int_equal(training_attendance(&ent, city, a, &items, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_string_equal(items[0].uscc, f->a);
	assert_string_equal(items[0].attendee, "财务总监");
	assert_int_equal(training_attendance(&ent, other, a, &items, &n, NULL), ERR_NOT_FOUND);
	struct training_gap *gaps = NULL;
	err_clear(&e);
	assert_int_equal(training_never_attended(&ent, NULL, a, &gaps, &n, &e), ERR_FORBIDDEN);

	/* no writes: its own attendance neither */
	assert_int_equal(training_attend(&ent, own, f->a, "自己", NULL), ERR_FORBIDDEN);
	assert_int_equal(training_unattend(&ent, city, f->a, NULL), ERR_FORBIDDEN);
	assert_int_equal(training_get(&ent, city, a, &t, NULL), 0);
	t.topic = "改";
	assert_int_equal(training_update(&ent, city, &t, a, NULL, NULL), ERR_FORBIDDEN);
	assert_int_equal(training_delete(&ent, city, NULL), ERR_FORBIDDEN);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM training_attendance"), 4);
	assert_int_equal(training_delete(&f->sys, city, NULL), 0);
	assert_int_equal(training_delete(&f->sys, own, NULL), 0);
	assert_int_equal(training_delete(&f->sys, other, NULL), 0);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_validation),
		cmocka_unit_test(test_who_and_attendance),
		cmocka_unit_test(test_import_and_gaps),
		cmocka_unit_test(test_enterprise_view),
	};
	return cmocka_run_group_tests(tests, fixture_setup, fixture_teardown);
}
