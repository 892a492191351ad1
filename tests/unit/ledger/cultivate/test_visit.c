/* Tests of ledger/cultivate/visit: visits and coaching (走访/一对一辅导) with
 * their participants and linked problems — validation, update and delete,
 * the follow-up and "involving me" filters on a fixed day, scope, audit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <jansson.h>

#include "ledger/cultivate/problem.h"
#include "ledger/cultivate/visit.h"

#include "support/ledger_fixture.h"

#define D(y, m, d) date_from_ymd(y, m, d)
#define NO_DATE LEDGER_NO_DATE

/* ---- helpers ---------------------------------------------------------------------- */

static int64_t add_problem(struct fixture *f, const char *uscc, const char *desc)
{
	struct problem in;
	struct err e;
	struct arena *a = arena_new();
	struct problem out;
	problem_init(&in);
	in.category = PROBLEM_RD_ACCOUNTING;
	in.description = desc;
	err_clear(&e);
	if (problem_create(&f->sys, uscc, &in, a, &out, &e))
		fail_msg("problem_create: %s", e.msg);
	arena_free(a);
	return out.id;
}

/* A visit on VISITED with content CONTENT, next step on NEXT (or none), PARTS users. */
static void visit_of(struct visit *v, int32_t visited, const char *content, int32_t next,
		     struct visit_participant *parts, size_t n_parts, struct visit_link *links,
		     size_t n_links)
{
	visit_init(v);
	v->visited_on = visited;
	v->content = content;
	v->next_on = next;
	if (next != LEDGER_NO_DATE)
		v->next_step = "复核研发辅助账";
	v->participants = parts;
	v->n_participants = n_parts;
	v->links = links;
	v->n_links = n_links;
}

static int64_t add_visit(struct ledger *l, const char *uscc, int32_t visited, int32_t next,
			 struct visit_participant *parts, size_t n_parts)
{
	struct visit in, out;
	struct err e;
	struct arena *a = arena_new();
	visit_of(&in, visited, "走访企业", next, parts, n_parts, NULL, 0);
	err_clear(&e);
	if (visit_create(l, uscc, &in, a, &out, &e))
		fail_msg("visit_create: %s (%s)", e.msg, e.field);
	arena_free(a);
	return out.id;
}

static void row_key(const char *uscc, int64_t id, char out[48])
{
	snprintf(out, 48, "%s/%lld", uscc, (long long)id);
}

/* ---- create and read back ---------------------------------------------------------- */

static void test_create_and_get(void **state)
{
	struct fixture *f = *state;
	struct ledger c1 = fixture_as(f, f->u_county1);
	struct arena *a = arena_new();
	int64_t p1 = add_problem(f, f->a, "研发费用归集不规范");
	int64_t p2 = add_problem(f, f->a, "科技人员不足");
	/* participants given out of order; links too */
	struct visit_participant parts[2] = {{f->u_expert, NULL, ROLE_VIEWER},
					     {f->u_county1, NULL, ROLE_VIEWER}};
	struct visit_link links[2] = {{p2, VISIT_RESOLVED, NULL}, {p1, VISIT_RAISED, NULL}};
	struct visit in, out;
	char d[11];
	visit_of(&in, D(2026, 3, 12), "核对近三年研发费用归集", D(2026, 4, 15), parts, 2, links, 2);
	in.kind = VISIT_PHONE;
	in.others = "企业总经理、财务主管";
	assert_int_equal(visit_create(&c1, f->a, &in, a, &out, NULL), 0);
	assert_true(out.id > 0);
	assert_string_equal(out.uscc, f->a);
	assert_string_equal(out.enterprise_name, "曲靖甲科技有限公司");
	assert_string_equal(out.area, "530302");
	assert_string_equal(date_format(out.visited_on, d), "2026-03-12");
	assert_int_equal(out.kind, VISIT_PHONE);
	assert_string_equal(out.others, "企业总经理、财务主管");
	assert_string_equal(out.content, "核对近三年研发费用归集");
	assert_string_equal(out.next_step, "复核研发辅助账");
	assert_string_equal(date_format(out.next_on, d), "2026-04-15");
	assert_string_equal(out.created_by, "county1");
	assert_int_equal(out.created_by_id, f->u_county1);
	/* participants read back by user id, with display name and role */
	assert_int_equal(out.n_participants, 2);
	int64_t lo = f->u_county1 < f->u_expert ? f->u_county1 : f->u_expert;
	assert_int_equal(out.participants[0].id, lo);
	for (size_t i = 0; i < 2; i++) {
		const struct visit_participant *p = &out.participants[i];
		if (p->id == f->u_county1) {
			assert_string_equal(p->display_name, "county1");
			assert_int_equal(p->role, ROLE_COUNTY);
		} else {
			assert_int_equal(p->id, f->u_expert);
			assert_string_equal(p->display_name, "expert1");
			assert_int_equal(p->role, ROLE_EXPERT);
		}
	}
	/* links by problem id, with the effect and the problem's description */
	assert_int_equal(out.n_links, 2);
	assert_int_equal(out.links[0].problem_id, p1);
	assert_int_equal(out.links[0].effect, VISIT_RAISED);
	assert_string_equal(out.links[0].description, "研发费用归集不规范");
	assert_int_equal(out.links[1].problem_id, p2);
	assert_int_equal(out.links[1].effect, VISIT_RESOLVED);
	/* the same through visit_get, as the enterprise user */
	struct ledger ent = fixture_as(f, f->u_ent);
	struct visit got;
	assert_int_equal(visit_get(&ent, out.id, a, &got, NULL), 0);
	assert_int_equal(got.n_participants, 2);
	assert_int_equal(got.n_links, 2);
	assert_string_equal(got.content, out.content);

	/* a minimal visit: no kind given is on-site, no participants, no next step */
	visit_of(&in, D(2026, 3, 13), "电话回访", LEDGER_NO_DATE, NULL, 0, NULL, 0);
	assert_int_equal(visit_create(&c1, f->b, &in, a, &out, NULL), 0);
	assert_int_equal(out.kind, VISIT_ONSITE);
	assert_int_equal(out.n_participants, 0);
	assert_int_equal(out.n_links, 0);
	assert_null(out.next_step);
	assert_int_equal(out.next_on, LEDGER_NO_DATE);

	/* kinds: codes and labels */
	static const char *const codes[] = {"onsite", "online", "phone", "meeting"};
	static const char *const labels[] = {"实地走访", "线上辅导", "电话沟通", "座谈会"};
	for (int k = 0; k < VISIT_KIND_COUNT; k++) {
		enum visit_kind v;
		assert_string_equal(visit_kind_name((enum visit_kind)k), codes[k]);
		assert_string_equal(visit_kind_label((enum visit_kind)k), labels[k]);
		assert_int_equal(visit_kind_parse(labels[k], &v, NULL), 0);
		assert_int_equal(v, k);
	}
	struct err e;
	enum visit_kind v;
	err_clear(&e);
	assert_int_equal(visit_kind_parse("visit", &v, &e), ERR_INVALID);
	assert_string_equal(e.field, "kind");
	assert_string_equal(e.msg, "未知走访方式：visit");
	arena_free(a);
}

/* ---- validation ------------------------------------------------------------------------ */

static char text5001[5002];

enum { P_NONE, P_NOBODY, P_TWENTY_ONE };
enum { L_NONE, L_OTHER_FIRM, L_ABSENT, L_BAD_EFFECT };

static const struct bad_visit {
	const char *what;
	int no_date;
	const char *content;
	int kind;
	int participants, links;
	const char *field, *msg; /* MSG: the start of the message */
} bad_visits[] = {
	{"no visit date", 1, "内容", VISIT_ONSITE, P_NONE, L_NONE, "visited_on", "请填写走访日期"},
	{"no content", 0, NULL, VISIT_ONSITE, P_NONE, L_NONE, "content", "走访内容不能为空"},
	{"empty content", 0, "", VISIT_ONSITE, P_NONE, L_NONE, "content", "走访内容不能为空"},
	{"content of 5001 bytes", 0, text5001, VISIT_ONSITE, P_NONE, L_NONE, "content",
	 "走访内容过长（最多5000字节）"},
	{"kind past the last", 0, "内容", VISIT_KIND_COUNT, P_NONE, L_NONE, "kind", "走访方式无效"},
	{"a participant who is no user", 0, "内容", VISIT_ONSITE, P_NOBODY, L_NONE, "participants",
	 "参加人员不存在：999999"},
	{"21 participants", 0, "内容", VISIT_ONSITE, P_TWENTY_ONE, L_NONE, "participants",
	 "参加人员过多（最多20人）"},
	{"a problem of another enterprise (B)", 0, "内容", VISIT_ONSITE, P_NONE, L_OTHER_FIRM,
	 "problems", "关联的问题不属于该企业："},
	{"a problem that does not exist", 0, "内容", VISIT_ONSITE, P_NONE, L_ABSENT, "problems",
	 "关联的问题不属于该企业：999999"},
	{"an effect neither raised nor resolved", 0, "内容", VISIT_ONSITE, P_NONE, L_BAD_EFFECT,
	 "problems", "关联方式无效"},
};

static void test_create_validation(void **state)
{
	struct fixture *f = *state;
	struct ledger c1 = fixture_as(f, f->u_county1);
	struct arena *a = arena_new();
	int64_t pa = add_problem(f, f->a, "A的问题");
	int64_t pb = add_problem(f, f->b, "B的问题");
	struct visit_participant many[21];
	for (int i = 0; i < 21; i++)
		many[i] = (struct visit_participant){f->u_county1, NULL, ROLE_COUNTY};
	struct visit_participant nobody = {999999, NULL, ROLE_VIEWER};
	memset(text5001, 'z', 5001);
	for (size_t i = 0; i < sizeof bad_visits / sizeof bad_visits[0]; i++) {
		const struct bad_visit *c = &bad_visits[i];
		struct visit in, out;
		struct visit_link link = {pa, VISIT_RAISED, NULL};
		struct err e;
		visit_of(&in, c->no_date ? LEDGER_NO_DATE : D(2026, 3, 12), c->content,
			 LEDGER_NO_DATE, NULL, 0, NULL, 0);
		in.kind = (enum visit_kind)c->kind;
		if (c->participants == P_NOBODY) {
			in.participants = &nobody;
			in.n_participants = 1;
		} else if (c->participants == P_TWENTY_ONE) {
			in.participants = many;
			in.n_participants = 21;
		}
		if (c->links != L_NONE) {
			link.problem_id = c->links == L_OTHER_FIRM ? pb
					  : c->links == L_ABSENT   ? 999999
								   : pa;
			if (c->links == L_BAD_EFFECT)
				link.effect = (enum visit_effect)2;
			in.links = &link;
			in.n_links = 1;
		}
		err_clear(&e);
		int rc = visit_create(&c1, f->a, &in, a, &out, &e);
		if (rc != ERR_INVALID || strcmp(e.field, c->field) ||
		    strncmp(e.msg, c->msg, strlen(c->msg)))
			fail_msg("%s: rc %d field '%s' msg '%s'", c->what, rc, e.field, e.msg);
	}
	/* B's problem is named in the message */
	{
		struct visit in;
		struct visit_link link = {pb, VISIT_RAISED, NULL};
		struct err e;
		char want[128];
		visit_of(&in, D(2026, 3, 12), "内容", LEDGER_NO_DATE, NULL, 0, &link, 1);
		err_clear(&e);
		assert_int_equal(visit_create(&c1, f->a, &in, a, NULL, &e), ERR_INVALID);
		snprintf(want, sizeof want, "关联的问题不属于该企业：%lld", (long long)pb);
		assert_string_equal(e.msg, want);
	}
	/* nothing stored, nothing audited */
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM visits"), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM visit_participants"), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM visit_problems"), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_log WHERE table_name = "
					  "'visits'"),
			 0);
	/* 20 participants is the limit (the same user twice is stored once) */
	struct visit in, out;
	visit_of(&in, D(2026, 3, 12), "座谈会", LEDGER_NO_DATE, many, 20, NULL, 0);
	assert_int_equal(visit_create(&c1, f->a, &in, a, &out, NULL), 0);
	assert_int_equal(out.n_participants, 1);
	arena_free(a);
}

/* Who may record a visit where: 403 for a role that may not, 404 outside the scope. */
static void test_create_rights(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	static const struct {
		const char *what;
		int who, firm, code;
		const char *msg;
	} cases[] = {
		{"city on C", 0, 2, 0, NULL},
		{"county1 on B", 1, 1, 0, NULL},
		{"county1 on C", 1, 2, ERR_NOT_FOUND, "企业不存在"},
		{"county2 on A", 2, 0, ERR_NOT_FOUND, "企业不存在"},
		{"expert1 on A", 3, 0, 0, NULL},
		{"expert1 on B", 3, 1, ERR_NOT_FOUND, "企业不存在"},
		{"viewer1 on A", 4, 0, ERR_FORBIDDEN, "无权记录走访"},
		{"ent_a on A", 5, 0, ERR_FORBIDDEN, "无权记录走访"},
	};
	const int64_t users[] = {f->u_city,   f->u_county1, f->u_county2,
				 f->u_expert, f->u_viewer,  f->u_ent};
	const char *firms[] = {f->a, f->b, f->c};
	int64_t made = 0;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct ledger l = fixture_as(f, users[cases[i].who]);
		struct visit in;
		struct err e;
		visit_of(&in, D(2026, 3, 12), "走访", LEDGER_NO_DATE, NULL, 0, NULL, 0);
		err_clear(&e);
		int rc = visit_create(&l, firms[cases[i].firm], &in, a, NULL, &e);
		if (rc != cases[i].code ||
		    (cases[i].msg && strncmp(e.msg, cases[i].msg, strlen(cases[i].msg))))
			fail_msg("%s: rc %d '%s'", cases[i].what, rc, e.msg);
		made += rc == 0;
	}
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM visits"), made);
	arena_free(a);
}

/* ---- update and delete -------------------------------------------------------------------- */

static void test_update(void **state)
{
	struct fixture *f = *state;
	struct ledger c1 = fixture_as(f, f->u_county1);
	struct arena *a = arena_new();
	int64_t p1 = add_problem(f, f->a, "研发费用归集不规范");
	int64_t p2 = add_problem(f, f->a, "科技人员不足");
	int64_t pb = add_problem(f, f->b, "B的问题");
	struct visit_participant parts[2] = {{f->u_county1, NULL, ROLE_COUNTY},
					     {f->u_expert, NULL, ROLE_EXPERT}};
	struct visit_link links[2] = {{p1, VISIT_RAISED, NULL}, {p2, VISIT_RAISED, NULL}};
	struct visit in, out;
	char key[48], buf[4096], d[11];
	visit_of(&in, D(2026, 3, 12), "初次走访", D(2026, 4, 15), parts, 2, links, 2);
	assert_int_equal(visit_create(&c1, f->a, &in, a, &out, NULL), 0);
	int64_t id = out.id;
	row_key(f->a, id, key);

	/* the creation is audited with the participants and the links */
	assert_int_equal(fixture_audit_rows(f, "visits", key, "create"), 1);
	json_t *j = json_loads(fixture_audit_last(f, "visits", key, "after_json", buf, sizeof buf),
			       0, NULL);
	char want[128];
	assert_non_null(j);
	snprintf(want, sizeof want, "%lld,%lld", (long long)f->u_county1, (long long)f->u_expert);
	assert_string_equal(json_string_value(json_object_get(j, "participants")), want);
	snprintf(want, sizeof want, "%lld:raised,%lld:raised", (long long)p1, (long long)p2);
	assert_string_equal(json_string_value(json_object_get(j, "problems")), want);
	assert_string_equal(json_string_value(json_object_get(j, "content")), "初次走访");
	json_decref(j);

	/* replace: the expert leaves, the city joins; p2 resolved, p1 dropped; new date and text */
	/* (in the order of their ids: see test_update_same_participants_reordered) */
	assert_true(f->u_city < f->u_county1 && f->u_county1 < f->u_expert);
	struct visit_participant parts2[2] = {{f->u_city, NULL, ROLE_CITY},
					      {f->u_county1, NULL, ROLE_COUNTY}};
	struct visit_link links2[1] = {{p2, VISIT_RESOLVED, NULL}};
	visit_of(&in, D(2026, 3, 14), "复访：科技人员已到位", LEDGER_NO_DATE, parts2, 2, links2, 1);
	in.kind = VISIT_MEETING;
	assert_int_equal(visit_update(&c1, id, &in, a, &out, NULL), 0);
	assert_string_equal(date_format(out.visited_on, d), "2026-03-14");
	assert_int_equal(out.kind, VISIT_MEETING);
	assert_string_equal(out.content, "复访：科技人员已到位");
	assert_int_equal(out.next_on, LEDGER_NO_DATE);
	assert_null(out.next_step);
	assert_int_equal(out.n_participants, 2);
	for (size_t i = 0; i < 2; i++)
		assert_true(out.participants[i].id == f->u_county1 ||
			    out.participants[i].id == f->u_city);
	assert_int_equal(out.n_links, 1);
	assert_int_equal(out.links[0].problem_id, p2);
	assert_int_equal(out.links[0].effect, VISIT_RESOLVED);
	/* the author stays county1 even when the city edits later */
	assert_string_equal(out.created_by, "county1");
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM visit_participants"), 2);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM visit_problems"), 1);
	/* one update row: the image before names the expert and both links, after the city */
	assert_int_equal(fixture_audit_rows(f, "visits", key, "update"), 1);
	j = json_loads(fixture_audit_last(f, "visits", key, "before_json", buf, sizeof buf), 0,
		       NULL);
	snprintf(want, sizeof want, "%lld,%lld", (long long)f->u_county1, (long long)f->u_expert);
	assert_string_equal(json_string_value(json_object_get(j, "participants")), want);
	json_decref(j);
	j = json_loads(fixture_audit_last(f, "visits", key, "after_json", buf, sizeof buf), 0,
		       NULL);
	snprintf(want, sizeof want, "%lld,%lld", (long long)f->u_city, (long long)f->u_county1);
	assert_string_equal(json_string_value(json_object_get(j, "participants")), want);
	snprintf(want, sizeof want, "%lld:resolved", (long long)p2);
	assert_string_equal(json_string_value(json_object_get(j, "problems")), want);
	json_decref(j);

	/* the same again: no write, no audit row */
	assert_int_equal(visit_update(&c1, id, &in, a, &out, NULL), 0);
	assert_int_equal(fixture_audit_rows(f, "visits", key, NULL), 2);

	/* a link to B's problem is refused and nothing changes */
	struct visit_link bad = {pb, VISIT_RAISED, NULL};
	struct visit in2 = in;
	struct err e;
	in2.links = &bad;
	in2.n_links = 1;
	in2.content = "不应保存";
	err_clear(&e);
	assert_int_equal(visit_update(&c1, id, &in2, a, &out, &e), ERR_INVALID);
	assert_string_equal(e.field, "problems");
	assert_int_equal(visit_get(&c1, id, a, &out, NULL), 0);
	assert_string_equal(out.content, "复访：科技人员已到位");
	assert_int_equal(out.n_links, 1);
	assert_int_equal(out.links[0].problem_id, p2);
	/* content emptied: refused */
	in2 = in;
	in2.content = "";
	err_clear(&e);
	assert_int_equal(visit_update(&c1, id, &in2, a, &out, &e), ERR_INVALID);
	assert_string_equal(e.field, "content");

	/* rights: the viewer sees it but may not change it; county2 does not see it */
	struct ledger v = fixture_as(f, f->u_viewer), c2 = fixture_as(f, f->u_county2);
	err_clear(&e);
	assert_int_equal(visit_update(&v, id, &in, a, &out, &e), ERR_FORBIDDEN);
	assert_string_equal(e.msg, "无权修改走访记录");
	err_clear(&e);
	assert_int_equal(visit_update(&c2, id, &in, a, &out, &e), ERR_NOT_FOUND);
	assert_string_equal(e.msg, "走访记录不存在");
	/* the expert of A may */
	struct ledger ex = fixture_as(f, f->u_expert);
	in.content = "专家补充意见";
	assert_int_equal(visit_update(&ex, id, &in, a, &out, NULL), 0);
	assert_string_equal(out.content, "专家补充意见");
	assert_int_equal(fixture_audit_rows(f, "visits", key, "update"), 2);
	assert_string_equal(fixture_audit_last(f, "visits", key, "user_name", buf, sizeof buf),
			    "expert1");
	arena_free(a);
}

/* Saving the same participants in another order (or one twice) is no change: no rows are
 * rewritten and no "update" audit row is written. */
static void test_update_same_participants_reordered(void **state)
{
	struct fixture *f = *state;
	struct ledger c1 = fixture_as(f, f->u_county1);
	struct arena *a = arena_new();
	struct visit_participant parts[2] = {{f->u_county1, NULL, ROLE_COUNTY},
					     {f->u_expert, NULL, ROLE_EXPERT}};
	struct visit_participant reversed[2] = {parts[1], parts[0]};
	struct visit in, out;
	char key[48];
	visit_of(&in, D(2026, 3, 12), "走访", LEDGER_NO_DATE, parts, 2, NULL, 0);
	assert_int_equal(visit_create(&c1, f->a, &in, a, &out, NULL), 0);
	row_key(f->a, out.id, key);
	in.participants = reversed;
	assert_int_equal(visit_update(&c1, out.id, &in, a, &out, NULL), 0);
	assert_int_equal(fixture_audit_rows(f, "visits", key, "update"), 0);
	arena_free(a);
}

static void test_delete(void **state)
{
	struct fixture *f = *state;
	struct ledger c1 = fixture_as(f, f->u_county1);
	struct arena *a = arena_new();
	int64_t p1 = add_problem(f, f->a, "研发费用归集不规范");
	struct visit_participant parts[1] = {{f->u_expert, NULL, ROLE_EXPERT}};
	struct visit_link links[1] = {{p1, VISIT_RAISED, NULL}};
	struct visit in, out;
	struct err e;
	char key[48], buf[4096], want[64];
	visit_of(&in, D(2026, 3, 12), "走访", D(2026, 4, 1), parts, 1, links, 1);
	assert_int_equal(visit_create(&c1, f->a, &in, a, &out, NULL), 0);
	int64_t id = out.id;
	row_key(f->a, id, key);

	/* the viewer may not, county2 does not see it, the enterprise user may not */
	struct ledger v = fixture_as(f, f->u_viewer), c2 = fixture_as(f, f->u_county2);
	struct ledger ent = fixture_as(f, f->u_ent);
	err_clear(&e);
	assert_int_equal(visit_delete(&v, id, &e), ERR_FORBIDDEN);
	assert_string_equal(e.msg, "无权删除走访记录");
	assert_int_equal(visit_delete(&c2, id, &e), ERR_NOT_FOUND);
	assert_int_equal(visit_delete(&ent, id, &e), ERR_FORBIDDEN);
	assert_int_equal(visit_get(&c1, id, a, &out, NULL), 0);

	/* county1 deletes: gone with its participant and link rows; the problem stays */
	assert_int_equal(visit_delete(&c1, id, NULL), 0);
	err_clear(&e);
	assert_int_equal(visit_get(&c1, id, a, &out, &e), ERR_NOT_FOUND);
	assert_string_equal(e.msg, "走访记录不存在");
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM visits"), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM visit_participants"), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM visit_problems"), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM problems"), 1);
	/* audited with its last image, participants included */
	assert_int_equal(fixture_audit_rows(f, "visits", key, "delete"), 1);
	assert_string_equal(fixture_audit_last(f, "visits", key, "after_json", buf, sizeof buf),
			    "(null)");
	json_t *j = json_loads(fixture_audit_last(f, "visits", key, "before_json", buf, sizeof buf),
			       0, NULL);
	assert_non_null(j);
	snprintf(want, sizeof want, "%lld", (long long)f->u_expert);
	assert_string_equal(json_string_value(json_object_get(j, "participants")), want);
	snprintf(want, sizeof want, "%lld:raised", (long long)p1);
	assert_string_equal(json_string_value(json_object_get(j, "problems")), want);
	json_decref(j);
	/* twice: not found */
	assert_int_equal(visit_delete(&c1, id, &e), ERR_NOT_FOUND);
	assert_int_equal(fixture_audit_rows(f, "visits", key, NULL), 2);
	arena_free(a);
}

/* ---- lists ------------------------------------------------------------------------------- */

/*
 * Five visits; the fixed day is 2026-03-31 (follow-up: next step on or before 2026-04-07):
 *   v0 A 2026-03-01 next 2026-04-05  by county1, with expert1   follow-up
 *   v1 A 2026-03-10 next 2026-04-08  by county1                 8 days away: not yet
 *   v2 B 2026-02-01 next 2026-03-20  by city1, with county1     past due: follow-up
 *   v3 C 2026-03-20 next 2026-04-07  by county2                 the 7th day: follow-up
 *   v4 A 2026-03-15 no next step     by expert1
 */
static int64_t vid[5];

static void make_visits(struct fixture *f)
{
	struct ledger c1 = fixture_as(f, f->u_county1), c2 = fixture_as(f, f->u_county2);
	struct ledger city = fixture_as(f, f->u_city), ex = fixture_as(f, f->u_expert);
	struct visit_participant with_expert = {f->u_expert, NULL, ROLE_EXPERT};
	struct visit_participant with_county1 = {f->u_county1, NULL, ROLE_COUNTY};
	vid[0] = add_visit(&c1, f->a, D(2026, 3, 1), D(2026, 4, 5), &with_expert, 1);
	vid[1] = add_visit(&c1, f->a, D(2026, 3, 10), D(2026, 4, 8), NULL, 0);
	vid[2] = add_visit(&city, f->b, D(2026, 2, 1), D(2026, 3, 20), &with_county1, 1);
	vid[3] = add_visit(&c2, f->c, D(2026, 3, 20), D(2026, 4, 7), NULL, 0);
	vid[4] = add_visit(&ex, f->a, D(2026, 3, 15), LEDGER_NO_DATE, NULL, 0);
}

static void visit_ids(const struct visit_page *page, char *out, size_t cap)
{
	size_t k = 0;
	out[0] = '\0';
	for (size_t i = 0; i < page->n; i++) {
		int idx = -1;
		for (int j = 0; j < 5; j++)
			if (vid[j] == page->items[i].id)
				idx = j;
		k += (size_t)snprintf(out + k, cap - k, "%s%d", i ? "," : "", idx);
	}
}

enum { I_ANYONE, I_COUNTY1, I_EXPERT, I_VIEWER };

static const struct vlist_case {
	const char *what;
	int follow_up, involving;
	int32_t from, to;
	const char *area;
	int firm; /* -1 any, 0 A, 1 B, 2 C */
	const char *want;
} vlist_cases[] = {
	{"everything, newest first", 0, I_ANYONE, NO_DATE, NO_DATE, NULL, -1, "3,4,1,0,2"},
	{"follow-ups, soonest next step first", 1, I_ANYONE, NO_DATE, NO_DATE, NULL, -1, "2,0,3"},
	{"involving county1: recorded or took part", 0, I_COUNTY1, NO_DATE, NO_DATE, NULL, -1,
	 "1,0,2"},
	{"involving expert1", 0, I_EXPERT, NO_DATE, NO_DATE, NULL, -1, "4,0"},
	{"involving viewer1: none", 0, I_VIEWER, NO_DATE, NO_DATE, NULL, -1, ""},
	{"county1's follow-ups", 1, I_COUNTY1, NO_DATE, NO_DATE, NULL, -1, "2,0"},
	{"expert1's follow-ups", 1, I_EXPERT, NO_DATE, NO_DATE, NULL, -1, "0"},
	{"from 2026-03-01 to 2026-03-15, inclusive", 0, I_ANYONE, 20513, 20527, NULL, -1, "4,1,0"},
	{"area 530303", 0, I_ANYONE, NO_DATE, NO_DATE, "530303", -1, "3"},
	{"enterprise B", 0, I_ANYONE, NO_DATE, NO_DATE, NULL, 1, "2"},
	{"enterprise A's follow-ups", 1, I_ANYONE, NO_DATE, NO_DATE, NULL, 0, "0"},
};

static void test_list_filters(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	char d[11];
	assert_string_equal(date_format(20513, d), "2026-03-01");
	assert_string_equal(date_format(20527, d), "2026-03-15");
	make_visits(f);
	const char *firms[] = {f->a, f->b, f->c};
	for (size_t i = 0; i < sizeof vlist_cases / sizeof vlist_cases[0]; i++) {
		const struct vlist_case *c = &vlist_cases[i];
		struct visit_filter flt;
		struct visit_page page;
		struct err e;
		char got[64];
		visit_filter_init(&flt);
		flt.today = D(2026, 3, 31);
		flt.follow_up = c->follow_up;
		flt.involving = c->involving == I_COUNTY1  ? f->u_county1
				: c->involving == I_EXPERT ? f->u_expert
				: c->involving == I_VIEWER ? f->u_viewer
							   : 0;
		flt.from = c->from;
		flt.to = c->to;
		flt.area = c->area;
		flt.uscc = c->firm >= 0 ? firms[c->firm] : NULL;
		err_clear(&e);
		if (visit_list(&f->sys, &flt, a, &page, &e))
			fail_msg("%s: %s", c->what, e.msg);
		visit_ids(&page, got, sizeof got);
		if (strcmp(got, c->want))
			fail_msg("%s: listed [%s], expected [%s]", c->what, got, c->want);
		if (page.total != (int64_t)page.n)
			fail_msg("%s: total %lld for %zu", c->what, (long long)page.total, page.n);
	}
	/* list items carry their participants */
	struct visit_filter flt;
	struct visit_page page;
	visit_filter_init(&flt);
	flt.uscc = f->b;
	assert_int_equal(visit_list(&f->sys, &flt, a, &page, NULL), 0);
	assert_int_equal(page.n, 1);
	assert_int_equal(page.items[0].n_participants, 1);
	assert_int_equal(page.items[0].participants[0].id, f->u_county1);
	assert_string_equal(page.items[0].created_by, "city1");
	/* paging: the 2nd and 3rd of five, total 5; bad paging names page_size */
	visit_filter_init(&flt);
	flt.limit = 2;
	flt.offset = 1;
	assert_int_equal(visit_list(&f->sys, &flt, a, &page, NULL), 0);
	assert_int_equal(page.total, 5);
	assert_int_equal(page.n, 2);
	assert_int_equal(page.items[0].id, vid[4]);
	assert_int_equal(page.items[1].id, vid[1]);
	struct err e;
	flt.limit = VISIT_PAGE_MAX + 1;
	err_clear(&e);
	assert_int_equal(visit_list(&f->sys, &flt, a, &page, &e), ERR_INVALID);
	assert_string_equal(e.field, "page_size");
	arena_free(a);
}

static void test_scope(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	struct visit_filter flt;
	struct visit_page page;
	struct visit out;
	struct err e;
	make_visits(f);
	static const struct {
		const char *who;
		int user;
		const char *want;
	} seen[] = {
		{"city: all", 0, "3,4,1,0,2"},
		{"county1: A and B", 1, "4,1,0,2"},
		{"county2: C", 2, "3"},
		{"expert1: its A", 3, "4,1,0"},
		{"viewer1: A and B", 4, "4,1,0,2"},
		{"ent_a: its A", 5, "4,1,0"},
	};
	const int64_t users[] = {f->u_city,   f->u_county1, f->u_county2,
				 f->u_expert, f->u_viewer,  f->u_ent};
	for (size_t i = 0; i < sizeof seen / sizeof seen[0]; i++) {
		struct ledger l = fixture_as(f, users[seen[i].user]);
		char got[64];
		visit_filter_init(&flt);
		flt.today = D(2026, 3, 31);
		assert_int_equal(visit_list(&l, &flt, a, &page, NULL), 0);
		visit_ids(&page, got, sizeof got);
		if (strcmp(got, seen[i].want))
			fail_msg("%s: listed [%s], expected [%s]", seen[i].who, got, seen[i].want);
		if (page.total != (int64_t)page.n)
			fail_msg("%s: total %lld", seen[i].who, (long long)page.total);
	}
	/* county2: A's area filter empty, A's visits not found, A's list not found */
	struct ledger c2 = fixture_as(f, f->u_county2);
	visit_filter_init(&flt);
	flt.area = "530302";
	assert_int_equal(visit_list(&c2, &flt, a, &page, NULL), 0);
	assert_int_equal(page.total, 0);
	/* its follow-ups hold only its own C, though county1 took part in B's */
	visit_filter_init(&flt);
	flt.follow_up = 1;
	flt.today = D(2026, 3, 31);
	assert_int_equal(visit_list(&c2, &flt, a, &page, NULL), 0);
	assert_int_equal(page.total, 1);
	assert_int_equal(page.items[0].id, vid[3]);
	visit_filter_init(&flt);
	flt.uscc = f->a;
	assert_int_equal(visit_list(&c2, &flt, a, &page, &e), ERR_NOT_FOUND);
	for (int i = 0; i < 5; i++) {
		if (i == 3)
			continue;
		err_clear(&e);
		assert_int_equal(visit_get(&c2, vid[i], a, &out, &e), ERR_NOT_FOUND);
		assert_string_equal(e.msg, "走访记录不存在");
	}
	/* the expert: B's visit (v2) is outside its scope */
	struct ledger ex = fixture_as(f, f->u_expert);
	assert_int_equal(visit_get(&ex, vid[2], a, &out, NULL), ERR_NOT_FOUND);
	assert_int_equal(visit_get(&ex, vid[0], a, &out, NULL), 0);
	assert_int_equal(visit_delete(&ex, vid[2], NULL), ERR_NOT_FOUND);
	assert_int_equal(visit_delete(&ex, vid[4], NULL), 0);
	arena_free(a);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_create_and_get),
		T(test_create_validation),
		T(test_create_rights),
		T(test_update),
		T(test_update_same_participants_reordered),
		T(test_delete),
		T(test_list_filters),
		T(test_scope),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
