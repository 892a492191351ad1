/* Tests of ledger/cultivate/problem: the problem list of an enterprise (问题清单) —
 * validation with the field and message a person reads, the status moves,
 * partial changes, audit rows, comments, list filters with a fixed day,
 * scope, and problems made from the gaps of the assessment. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <jansson.h>

#include "ledger/cultivate/problem.h"
#include "ledger/records/indicator.h"
#include "ledger/records/ip.h"

#include "support/ledger_fixture.h"
#include "support/weak_firm.h"

#define D(y, m, d) date_from_ymd(y, m, d)

/* ---- helpers ---------------------------------------------------------------------- */

/* Create a problem on USCC as L; the test fails if that is refused. */
static int64_t add(struct ledger *l, const char *uscc, enum problem_category c, const char *desc,
		   int64_t owner, int32_t due)
{
	struct problem in, out;
	struct err e;
	struct arena *a = arena_new();
	problem_init(&in);
	in.category = c;
	in.description = desc;
	in.owner_id = owner;
	in.due_on = due;
	err_clear(&e);
	if (problem_create(l, uscc, &in, a, &out, &e))
		fail_msg("problem_create '%s': %s (%s)", desc, e.msg, e.field);
	arena_free(a);
	return out.id;
}

/* Patch problem ID to status S with RESOLUTION, REASON and RESOLVED_ON when given. */
static int move(struct ledger *l, int64_t id, enum problem_status s, const char *resolution,
		const char *reason, int32_t resolved_on, struct arena *a, struct problem *out,
		struct err *e)
{
	struct problem_patch p;
	problem_patch_init(&p);
	p.v.status = s;
	assert_int_equal(problem_patch_name(&p, "status", NULL), 0);
	if (resolution) {
		p.v.resolution = resolution;
		assert_int_equal(problem_patch_name(&p, "resolution", NULL), 0);
	}
	if (reason) {
		p.v.reason = reason;
		assert_int_equal(problem_patch_name(&p, "reason", NULL), 0);
	}
	if (resolved_on != LEDGER_NO_DATE) {
		p.v.resolved_on = resolved_on;
		assert_int_equal(problem_patch_name(&p, "resolved_on", NULL), 0);
	}
	err_clear(e);
	return problem_patch(l, id, &p, a, out, e);
}

/* Bring problem ID to status S the ordinary way (as the system). */
static void bring_to(struct fixture *f, int64_t id, enum problem_status s)
{
	struct arena *a = arena_new();
	struct err e;
	int rc = 0;
	if (s == PROBLEM_IN_PROGRESS)
		rc = move(&f->sys, id, s, NULL, NULL, LEDGER_NO_DATE, a, NULL, &e);
	else if (s == PROBLEM_RESOLVED)
		rc = move(&f->sys, id, s, "已补齐研发辅助账", NULL, LEDGER_NO_DATE, a, NULL, &e);
	else if (s == PROBLEM_WONT_FIX)
		rc = move(&f->sys, id, s, NULL, "企业决定暂不申报", LEDGER_NO_DATE, a, NULL, &e);
	if (rc)
		fail_msg("bring %lld to %s: %s", (long long)id, problem_status_name(s), e.msg);
	arena_free(a);
}

static void row_key(const char *uscc, int64_t id, char out[48])
{
	snprintf(out, 48, "%s/%lld", uscc, (long long)id);
}

static const char *date_str(int32_t d, char out[11])
{
	if (d == LEDGER_NO_DATE) {
		snprintf(out, 11, "none");
		return out;
	}
	return date_format(d, out);
}

/* ---- creation ---------------------------------------------------------------------- */

static char text2000[2001], text2001[2002], gap33[34];

enum { OWNER_NONE, OWNER_NOBODY, OWNER_COUNTY1 };

static const struct create_case {
	const char *what;
	int category;
	const char *description;
	int owner;
	const char *gap_id;
	const char *field, *msg;
} create_cases[] = {
	{"no description", PROBLEM_IP, NULL, OWNER_NONE, NULL, "description", "问题描述不能为空"},
	{"empty description", PROBLEM_IP, "", OWNER_NONE, NULL, "description", "问题描述不能为空"},
	{"a description of 2001 bytes", PROBLEM_IP, text2001, OWNER_NONE, NULL, "description",
	 "问题描述过长（最多2000字节）"},
	{"category past the last", PROBLEM_CATEGORY_COUNT, "缺少研发辅助账", OWNER_NONE, NULL,
	 "category", "问题类别无效"},
	{"negative category", -1, "缺少研发辅助账", OWNER_NONE, NULL, "category", "问题类别无效"},
	{"an owner who is no user", PROBLEM_STAFF, "科技人员不足", OWNER_NOBODY, NULL, "owner",
	 "负责人不存在"},
	{"a gap id of 33 bytes", PROBLEM_OTHER, "其他", OWNER_NONE, gap33, "gap_id",
	 "诊断缺口过长（最多32字节）"},
};

static void test_create_validation(void **state)
{
	struct fixture *f = *state;
	struct ledger c1 = fixture_as(f, f->u_county1);
	struct arena *a = arena_new();
	memset(text2000, 'x', 2000);
	memset(text2001, 'x', 2001);
	memset(gap33, 'g', 33);
	for (size_t i = 0; i < sizeof create_cases / sizeof create_cases[0]; i++) {
		const struct create_case *c = &create_cases[i];
		struct problem in, out;
		struct err e;
		problem_init(&in);
		in.category = (enum problem_category)c->category;
		in.description = c->description;
		in.owner_id = c->owner == OWNER_NOBODY	  ? 999999
			      : c->owner == OWNER_COUNTY1 ? f->u_county1
							  : LEDGER_NONE;
		in.gap_id = c->gap_id;
		err_clear(&e);
		int rc = problem_create(&c1, f->a, &in, a, &out, &e);
		if (rc != ERR_INVALID || strcmp(e.field, c->field) || strcmp(e.msg, c->msg))
			fail_msg("%s: rc %d field '%s' msg '%s'", c->what, rc, e.field, e.msg);
	}
	/* nothing of the refused ones was stored or audited */
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM problems"), 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_log WHERE table_name = "
					  "'problems'"),
			 0);

	/* 2000 bytes is the limit, inclusive; the status sent is ignored: a new problem is open */
	struct problem in, out;
	struct err e;
	char d[11];
	problem_init(&in);
	in.category = PROBLEM_RD_ACCOUNTING;
	in.description = text2000;
	in.owner_id = f->u_county1;
	in.due_on = D(2026, 6, 30);
	in.status = PROBLEM_RESOLVED;
	in.resolution = "早已解决";
	in.reason = "不需要";
	in.resolved_on = D(2026, 1, 1);
	err_clear(&e);
	assert_int_equal(problem_create(&c1, f->a, &in, a, &out, &e), 0);
	assert_true(out.id > 0);
	assert_int_equal(out.status, PROBLEM_OPEN);
	assert_null(out.resolution);
	assert_null(out.reason);
	assert_int_equal(out.resolved_on, LEDGER_NO_DATE);
	assert_int_equal(out.category, PROBLEM_RD_ACCOUNTING);
	assert_int_equal(strlen(out.description), 2000);
	assert_int_equal(out.owner_id, f->u_county1);
	assert_string_equal(out.owner_name, "county1");
	assert_string_equal(date_format(out.due_on, d), "2026-06-30");
	assert_string_equal(out.uscc, f->a);
	assert_string_equal(out.enterprise_name, "曲靖甲科技有限公司");
	assert_string_equal(out.area, "530302");
	assert_string_equal(out.created_by, "county1");
	assert_null(out.gap_id);
	assert_null(out.gap_amount);
	assert_int_equal(out.created_at[4], '-');
	/* without an owner or a due date */
	int64_t id = add(&c1, f->a, PROBLEM_OTHER, "申报材料待整理", LEDGER_NONE, LEDGER_NO_DATE);
	assert_int_equal(problem_get(&c1, id, a, &out, NULL), 0);
	assert_int_equal(out.owner_id, LEDGER_NONE);
	assert_null(out.owner_name);
	assert_int_equal(out.due_on, LEDGER_NO_DATE);
	assert_int_equal(out.overdue_days, 0);
	arena_free(a);
}

/* Who may create on which enterprise: 403 for a role that may not, 404 outside the scope. */
static void test_create_rights(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	static const struct {
		const char *what;
		int who; /* index into users[] below */
		int firm;
		int code;
		const char *msg;
	} cases[] = {
		{"city on C", 0, 2, 0, NULL},
		{"county1 on B", 1, 1, 0, NULL},
		{"county1 on C of another area", 1, 2, ERR_NOT_FOUND, "企业不存在"},
		{"county2 on A", 2, 0, ERR_NOT_FOUND, "企业不存在"},
		{"expert1 on its A", 3, 0, 0, NULL},
		{"expert1 on B, not assigned", 3, 1, ERR_NOT_FOUND, "企业不存在"},
		{"viewer1 on A it sees", 4, 0, ERR_FORBIDDEN, "无权登记问题"},
		{"ent_a on its own A", 5, 0, ERR_FORBIDDEN, "无权登记问题"},
		{"ent_a on B", 5, 1, ERR_NOT_FOUND, "企业不存在"},
	};
	const int64_t users[] = {f->u_city,   f->u_county1, f->u_county2,
				 f->u_expert, f->u_viewer,  f->u_ent};
	const char *firms[] = {f->a, f->b, f->c};
	int64_t made = 0;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct ledger l = fixture_as(f, users[cases[i].who]);
		struct problem in, out;
		struct err e;
		problem_init(&in);
		in.description = "缺少知识产权管理制度";
		in.category = PROBLEM_MANAGEMENT;
		err_clear(&e);
		int rc = problem_create(&l, firms[cases[i].firm], &in, a, &out, &e);
		/* the message starts with MSG ("企业不存在：USCC") */
		if (rc != cases[i].code ||
		    (cases[i].msg && strncmp(e.msg, cases[i].msg, strlen(cases[i].msg))))
			fail_msg("%s: rc %d '%s'", cases[i].what, rc, e.msg);
		made += rc == 0;
	}
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM problems"), made);
	/* an unknown USCC is not found either */
	char nowhere[19];
	struct problem in;
	struct err e;
	fixture_uscc("530302", 99, nowhere);
	problem_init(&in);
	in.description = "x";
	err_clear(&e);
	assert_int_equal(problem_create(&f->sys, nowhere, &in, a, NULL, &e), ERR_NOT_FOUND);
	arena_free(a);
}

/* ---- status ------------------------------------------------------------------------- */

#define NO LEDGER_NO_DATE

static const struct move_case {
	enum problem_status from, to;
	const char *resolution, *reason;
	int32_t resolved_on; /* days, NO = not sent */
	int code;
	const char *field, *msg;
} move_cases[] = {
	{PROBLEM_OPEN, PROBLEM_IN_PROGRESS, NULL, NULL, NO, 0, NULL, NULL},
	{PROBLEM_IN_PROGRESS, PROBLEM_OPEN, NULL, NULL, NO, 0, NULL, NULL},
	{PROBLEM_OPEN, PROBLEM_RESOLVED, NULL, NULL, NO, ERR_INVALID, "resolution",
	 "请填写解决情况"},
	{PROBLEM_IN_PROGRESS, PROBLEM_RESOLVED, "", NULL, NO, ERR_INVALID, "resolution",
	 "请填写解决情况"},
	/* resolved_on defaults to today */
	{PROBLEM_OPEN, PROBLEM_RESOLVED, "已建立研发辅助账", NULL, NO, 0, NULL, NULL},
	{PROBLEM_IN_PROGRESS, PROBLEM_RESOLVED, "新招聘科技人员6名", NULL, 20527, 0, NULL, NULL},
	{PROBLEM_OPEN, PROBLEM_WONT_FIX, NULL, NULL, NO, ERR_INVALID, "reason",
	 "请填写不予解决的原因"},
	{PROBLEM_IN_PROGRESS, PROBLEM_WONT_FIX, NULL, "", NO, ERR_INVALID, "reason",
	 "请填写不予解决的原因"},
	{PROBLEM_IN_PROGRESS, PROBLEM_WONT_FIX, NULL, "企业已迁出本市", NO, 0, NULL, NULL},
	{PROBLEM_OPEN, PROBLEM_WONT_FIX, "不相干", "企业已迁出本市", NO, 0, NULL, NULL},
	/* a closed problem is reopened to open first */
	{PROBLEM_RESOLVED, PROBLEM_IN_PROGRESS, NULL, NULL, NO, ERR_INVALID, "status",
	 "已关闭的问题须先重新打开（待解决）"},
	{PROBLEM_WONT_FIX, PROBLEM_IN_PROGRESS, NULL, NULL, NO, ERR_INVALID, "status",
	 "已关闭的问题须先重新打开（待解决）"},
	{PROBLEM_RESOLVED, PROBLEM_WONT_FIX, NULL, "改变主意", NO, ERR_INVALID, "status",
	 "已关闭的问题须先重新打开（待解决）"},
	{PROBLEM_WONT_FIX, PROBLEM_RESOLVED, "其实解决了", NULL, NO, ERR_INVALID, "status",
	 "已关闭的问题须先重新打开（待解决）"},
	{PROBLEM_RESOLVED, PROBLEM_OPEN, NULL, NULL, NO, 0, NULL, NULL},
	{PROBLEM_WONT_FIX, PROBLEM_OPEN, NULL, NULL, NO, 0, NULL, NULL},
};

static void test_status_transitions(void **state)
{
	struct fixture *f = *state;
	struct ledger c1 = fixture_as(f, f->u_county1);
	struct arena *a = arena_new();
	char d1[11], d2[11];
	assert_string_equal(date_format(20527, d1), "2026-03-15");
	for (size_t i = 0; i < sizeof move_cases / sizeof move_cases[0]; i++) {
		const struct move_case *c = &move_cases[i];
		int64_t id = add(&c1, f->a, PROBLEM_RD_ACCOUNTING, "研发费用占比不足", LEDGER_NONE,
				 D(2026, 6, 30));
		bring_to(f, id, c->from);
		struct problem before, out;
		struct err e;
		assert_int_equal(problem_get(&c1, id, a, &before, NULL), 0);
		int rc =
			move(&c1, id, c->to, c->resolution, c->reason, c->resolved_on, a, &out, &e);
		const char *what = problem_status_name(c->from);
		const char *to = problem_status_name(c->to);
		if (rc != c->code)
			fail_msg("%s → %s: rc %d (%s)", what, to, rc, e.msg);
		if (rc) {
			if (strcmp(e.field, c->field) || strcmp(e.msg, c->msg))
				fail_msg("%s → %s: field '%s' msg '%s'", what, to, e.field, e.msg);
			/* refused: the stored problem is as it was */
			assert_int_equal(problem_get(&c1, id, a, &out, NULL), 0);
			assert_int_equal(out.status, c->from);
			assert_int_equal(out.resolved_on, before.resolved_on);
			if (before.resolution)
				assert_string_equal(out.resolution, before.resolution);
			if (before.reason)
				assert_string_equal(out.reason, before.reason);
			continue;
		}
		assert_int_equal(out.status, c->to);
		if (c->to == PROBLEM_RESOLVED) {
			int32_t want = c->resolved_on != NO ? c->resolved_on : date_today();
			assert_string_equal(out.resolution, c->resolution);
			if (out.resolved_on != want)
				fail_msg("%s → resolved: resolved_on %s, expected %s", what,
					 date_str(out.resolved_on, d1), date_str(want, d2));
			assert_null(out.reason);
		} else if (c->to == PROBLEM_WONT_FIX) {
			assert_string_equal(out.reason, c->reason);
			assert_null(out.resolution); /* a resolution sent along is dropped */
			assert_int_equal(out.resolved_on, NO);
		} else {
			/* active again: reopening clears resolution, reason and resolved_on */
			assert_null(out.resolution);
			assert_null(out.reason);
			assert_int_equal(out.resolved_on, NO);
		}
	}
	arena_free(a);
}

/* A status outside the enum (bad input through the public ledger API) is refused naming
 * "status" ("状态无效"), before any status rule runs. */
static void test_status_out_of_range(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	struct err e;
	int64_t id = add(&f->sys, f->a, PROBLEM_OTHER, "x", LEDGER_NONE, LEDGER_NO_DATE);
	assert_int_equal(move(&f->sys, id, (enum problem_status)PROBLEM_STATUS_COUNT, NULL, NULL,
			      LEDGER_NO_DATE, a, NULL, &e),
			 ERR_INVALID);
	assert_string_equal(e.field, "status");
	assert_string_equal(e.msg, "状态无效");
	arena_free(a);
}

/* ---- partial changes and audit --------------------------------------------------------- */

static void test_patch_named_only(void **state)
{
	struct fixture *f = *state;
	struct ledger c1 = fixture_as(f, f->u_county1);
	struct arena *a = arena_new();
	struct problem_patch p;
	struct problem out;
	struct err e;
	char d[11];
	int64_t id = add(&c1, f->a, PROBLEM_IP, "缺少Ⅰ类知识产权", f->u_county1, D(2026, 6, 30));

	/* only the due date: category, description and owner stay */
	problem_patch_init(&p);
	p.v.due_on = D(2026, 9, 30);
	assert_int_equal(problem_patch_name(&p, "due_on", NULL), 0);
	assert_int_equal(problem_patch(&c1, id, &p, a, &out, NULL), 0);
	assert_string_equal(date_format(out.due_on, d), "2026-09-30");
	assert_int_equal(out.category, PROBLEM_IP);
	assert_string_equal(out.description, "缺少Ⅰ类知识产权");
	assert_int_equal(out.owner_id, f->u_county1);
	assert_int_equal(out.status, PROBLEM_OPEN);

	/* the owner cleared, another owner set; the due date stays */
	problem_patch_init(&p);
	assert_int_equal(problem_patch_name(&p, "owner_id", NULL), 0);
	assert_int_equal(problem_patch(&c1, id, &p, a, &out, NULL), 0);
	assert_int_equal(out.owner_id, LEDGER_NONE);
	assert_string_equal(date_format(out.due_on, d), "2026-09-30");
	p.v.owner_id = f->u_expert;
	assert_int_equal(problem_patch(&c1, id, &p, a, &out, NULL), 0);
	assert_int_equal(out.owner_id, f->u_expert);
	assert_string_equal(out.owner_name, "expert1");

	/* category and description together */
	problem_patch_init(&p);
	p.v.category = PROBLEM_MATERIALS;
	p.v.description = "申报书技术描述需重写";
	assert_int_equal(problem_patch_name(&p, "category", NULL), 0);
	assert_int_equal(problem_patch_name(&p, "description", NULL), 0);
	assert_int_equal(problem_patch(&c1, id, &p, a, &out, NULL), 0);
	assert_int_equal(out.category, PROBLEM_MATERIALS);
	assert_string_equal(out.description, "申报书技术描述需重写");
	assert_int_equal(out.owner_id, f->u_expert);

	/* not editable: the gap, the author, the enterprise, the id; unknown names */
	static const char *const fixed[] = {"gap_id", "gap_amount", "created_by", "enterprise_id",
					    "id",     "created_at", "colour"};
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
		char msg[128];
		problem_patch_init(&p);
		err_clear(&e);
		assert_int_equal(problem_patch_name(&p, fixed[i], &e), ERR_INVALID);
		assert_string_equal(e.field, fixed[i]);
		snprintf(msg, sizeof msg, "不能修改的字段：%s", fixed[i]);
		assert_string_equal(e.msg, msg);
		assert_int_equal(p.set, 0);
	}

	/* bad values are refused, naming the field, and change nothing */
	problem_patch_init(&p);
	p.v.owner_id = 999999;
	assert_int_equal(problem_patch_name(&p, "owner_id", NULL), 0);
	err_clear(&e);
	assert_int_equal(problem_patch(&c1, id, &p, a, &out, &e), ERR_INVALID);
	assert_string_equal(e.field, "owner");
	assert_string_equal(e.msg, "负责人不存在");
	problem_patch_init(&p);
	p.v.description = "";
	assert_int_equal(problem_patch_name(&p, "description", NULL), 0);
	err_clear(&e);
	assert_int_equal(problem_patch(&c1, id, &p, a, &out, &e), ERR_INVALID);
	assert_string_equal(e.field, "description");
	assert_string_equal(e.msg, "问题描述不能为空");
	assert_int_equal(problem_get(&c1, id, a, &out, NULL), 0);
	assert_int_equal(out.owner_id, f->u_expert);
	assert_string_equal(out.description, "申报书技术描述需重写");

	/* an absent problem */
	problem_patch_init(&p);
	err_clear(&e);
	assert_int_equal(problem_patch(&c1, id + 1000, &p, a, &out, &e), ERR_NOT_FOUND);
	assert_string_equal(e.msg, "问题不存在");
	arena_free(a);
}

static void test_audit(void **state)
{
	struct fixture *f = *state;
	struct ledger c1 = fixture_as(f, f->u_county1);
	struct arena *a = arena_new();
	struct problem_patch p;
	struct problem out, again;
	char key[48], buf[4096];
	int64_t id = add(&c1, f->a, PROBLEM_STAFF, "科技人员占比5%，需10%", f->u_county1,
			 D(2026, 6, 30));
	row_key(f->a, id, key);

	/* one creation row, by county1, with the image of the problem */
	assert_int_equal(fixture_audit_rows(f, "problems", key, NULL), 1);
	assert_int_equal(fixture_audit_rows(f, "problems", key, "create"), 1);
	assert_string_equal(fixture_audit_last(f, "problems", key, "user_name", buf, sizeof buf),
			    "county1");
	assert_string_equal(fixture_audit_last(f, "problems", key, "before_json", buf, sizeof buf),
			    "(null)");
	json_t *j = json_loads(
		fixture_audit_last(f, "problems", key, "after_json", buf, sizeof buf), 0, NULL);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "status")), "open");
	assert_string_equal(json_string_value(json_object_get(j, "category")), "staff");
	assert_string_equal(json_string_value(json_object_get(j, "description")),
			    "科技人员占比5%，需10%");
	assert_string_equal(json_string_value(json_object_get(j, "due_on")), "2026-06-30");
	assert_int_equal(json_integer_value(json_object_get(j, "owner_id")), f->u_county1);
	json_decref(j);

	/* a change: one update row, before open, after in_progress */
	problem_patch_init(&p);
	p.v.status = PROBLEM_IN_PROGRESS;
	assert_int_equal(problem_patch_name(&p, "status", NULL), 0);
	assert_int_equal(problem_patch(&c1, id, &p, a, &out, NULL), 0);
	assert_int_equal(fixture_audit_rows(f, "problems", key, "update"), 1);
	j = json_loads(fixture_audit_last(f, "problems", key, "before_json", buf, sizeof buf), 0,
		       NULL);
	assert_string_equal(json_string_value(json_object_get(j, "status")), "open");
	json_decref(j);
	j = json_loads(fixture_audit_last(f, "problems", key, "after_json", buf, sizeof buf), 0,
		       NULL);
	assert_string_equal(json_string_value(json_object_get(j, "status")), "in_progress");
	assert_string_equal(json_string_value(json_object_get(j, "description")),
			    "科技人员占比5%，需10%");
	json_decref(j);

	/* the same again, and the same description: no write, no row, updated_at unchanged */
	assert_int_equal(problem_patch(&c1, id, &p, a, &again, NULL), 0);
	problem_patch_init(&p);
	p.v.description = "科技人员占比5%，需10%";
	assert_int_equal(problem_patch_name(&p, "description", NULL), 0);
	assert_int_equal(problem_patch(&c1, id, &p, a, &again, NULL), 0);
	assert_int_equal(fixture_audit_rows(f, "problems", key, NULL), 2);
	assert_string_equal(again.updated_at, out.updated_at);

	/* a refused change leaves no row */
	problem_patch_init(&p);
	p.v.status = PROBLEM_RESOLVED;
	assert_int_equal(problem_patch_name(&p, "status", NULL), 0);
	assert_int_equal(problem_patch(&c1, id, &p, a, &again, NULL), ERR_INVALID);
	assert_int_equal(fixture_audit_rows(f, "problems", key, NULL), 2);

	/* a comment: its own table, the problem's key */
	struct ledger ent = fixture_as(f, f->u_ent);
	assert_int_equal(problem_comment(&ent, id, "已在招聘", NULL), 0);
	assert_int_equal(fixture_audit_rows(f, "problem_comments", key, "create"), 1);
	assert_string_equal(
		fixture_audit_last(f, "problem_comments", key, "user_name", buf, sizeof buf),
		"ent_a");
	j = json_loads(
		fixture_audit_last(f, "problem_comments", key, "after_json", buf, sizeof buf), 0,
		NULL);
	assert_string_equal(json_string_value(json_object_get(j, "body")), "已在招聘");
	assert_int_equal(json_integer_value(json_object_get(j, "problem_id")), id);
	json_decref(j);
	arena_free(a);
}

/* ---- comments --------------------------------------------------------------------------- */

static void test_comments(void **state)
{
	struct fixture *f = *state;
	struct ledger c1 = fixture_as(f, f->u_county1), c2 = fixture_as(f, f->u_county2);
	struct ledger ent = fixture_as(f, f->u_ent), viewer = fixture_as(f, f->u_viewer);
	struct ledger expert = fixture_as(f, f->u_expert);
	struct arena *a = arena_new();
	struct problem_comment *items = NULL;
	size_t n = 0;
	struct err e;
	int64_t pa = add(&c1, f->a, PROBLEM_RD_ACCOUNTING, "研发费用归集不规范", LEDGER_NONE,
			 LEDGER_NO_DATE);
	int64_t pb = add(&c1, f->b, PROBLEM_IP, "无知识产权", LEDGER_NONE, LEDGER_NO_DATE);

	/* the enterprise user on its own firm's problem, then the county, then the expert */
	assert_int_equal(problem_comment(&ent, pa, "我们已请会计师事务所协助", NULL), 0);
	assert_int_equal(problem_comment(&c1, pa, "请于6月底前提交辅助账", NULL), 0);
	assert_int_equal(problem_comment(&expert, pa, "可参照财税〔2015〕119号", NULL), 0);
	assert_int_equal(problem_comments(&ent, pa, a, &items, &n, NULL), 0);
	assert_int_equal(n, 3);
	assert_string_equal(items[0].user_name, "ent_a");
	assert_string_equal(items[0].body, "我们已请会计师事务所协助");
	assert_string_equal(items[1].user_name, "county1");
	assert_string_equal(items[2].user_name, "expert1");
	assert_true(items[0].id < items[1].id && items[1].id < items[2].id);
	assert_int_equal(items[0].at[10], 'T');

	/* the viewer sees the problem but may not comment */
	err_clear(&e);
	assert_int_equal(problem_comment(&viewer, pa, "只读用户的评论", &e), ERR_FORBIDDEN);
	assert_string_equal(e.msg, "无权评论问题");
	assert_int_equal(problem_comments(&viewer, pa, a, &items, &n, NULL), 0);
	assert_int_equal(n, 3);
	/* another area's county: not found, for reading and writing */
	err_clear(&e);
	assert_int_equal(problem_comment(&c2, pa, "越权评论", &e), ERR_NOT_FOUND);
	assert_string_equal(e.msg, "问题不存在");
	assert_int_equal(problem_comments(&c2, pa, a, &items, &n, NULL), ERR_NOT_FOUND);
	/* the enterprise user on another firm's problem: not found */
	assert_int_equal(problem_comment(&ent, pb, "不是我的", &e), ERR_NOT_FOUND);
	assert_int_equal(problem_comments(&ent, pb, a, &items, &n, NULL), ERR_NOT_FOUND);

	/* body: required, at most 2000 bytes */
	err_clear(&e);
	assert_int_equal(problem_comment(&c1, pa, "", &e), ERR_INVALID);
	assert_string_equal(e.field, "body");
	assert_string_equal(e.msg, "评论内容不能为空");
	assert_int_equal(problem_comment(&c1, pa, NULL, &e), ERR_INVALID);
	assert_string_equal(e.msg, "评论内容不能为空");
	char *big = malloc(2002);
	memset(big, 'y', 2001);
	big[2001] = '\0';
	err_clear(&e);
	assert_int_equal(problem_comment(&c1, pa, big, &e), ERR_INVALID);
	assert_string_equal(e.field, "body");
	assert_string_equal(e.msg, "评论内容过长（最多2000字节）");
	big[2000] = '\0';
	assert_int_equal(problem_comment(&c1, pa, big, NULL), 0);
	free(big);
	/* B's problem: no comments; A's: the four accepted */
	assert_int_equal(problem_comments(&c1, pb, a, &items, &n, NULL), 0);
	assert_int_equal(n, 0);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM problem_comments"), 4);
	arena_free(a);
}

/* ---- lists --------------------------------------------------------------------------------- */

/*
 * Seven problems; the fixed day is 2026-03-31 (escalation after 30 days):
 *   p0 A ip        owner county1  due 2026-03-30  open         1 day overdue
 *   p1 A staff     owner expert1  due 2026-02-01  in_progress  58 days: the city's
 *   p2 A rd_acc.   —              due 2026-03-01  open         30 days: still the county's
 *   p3 B ip        owner county1  due 2026-01-01  resolved     closed: never overdue
 *   p4 B finance   owner city1    due 2026-04-30  open         not yet due
 *   p5 C ip        owner county2  due 2026-01-15  open         75 days: the city's
 *   p6 C other     —              no due date     wont_fix
 */
static int64_t pid[7];

static void make_list(struct fixture *f)
{
	pid[0] = add(&f->sys, f->a, PROBLEM_IP, "p0", f->u_county1, D(2026, 3, 30));
	pid[1] = add(&f->sys, f->a, PROBLEM_STAFF, "p1", f->u_expert, D(2026, 2, 1));
	pid[2] = add(&f->sys, f->a, PROBLEM_RD_ACCOUNTING, "p2", LEDGER_NONE, D(2026, 3, 1));
	pid[3] = add(&f->sys, f->b, PROBLEM_IP, "p3", f->u_county1, D(2026, 1, 1));
	pid[4] = add(&f->sys, f->b, PROBLEM_FINANCE, "p4", f->u_city, D(2026, 4, 30));
	pid[5] = add(&f->sys, f->c, PROBLEM_IP, "p5", f->u_county2, D(2026, 1, 15));
	pid[6] = add(&f->sys, f->c, PROBLEM_OTHER, "p6", LEDGER_NONE, LEDGER_NO_DATE);
	bring_to(f, pid[1], PROBLEM_IN_PROGRESS);
	bring_to(f, pid[3], PROBLEM_RESOLVED);
	bring_to(f, pid[6], PROBLEM_WONT_FIX);
}

enum { ANY = -1 };
enum { O_NONE, O_COUNTY1, O_EXPERT };

static const struct list_case {
	const char *what;
	int status, category;
	const char *area;
	int owner, expert; /* O_* */
	enum problem_overdue overdue;
	int escalate_days;
	const char *want; /* the problems listed, in order: "5,1,2" */
} list_cases[] = {
	/* active first by due date, then closed by due date (none last) */
	{"everything", ANY, ANY, NULL, O_NONE, 0, PROBLEM_OVERDUE_ANY, 0, "5,1,2,0,4,3,6"},
	{"open", PROBLEM_OPEN, ANY, NULL, O_NONE, 0, PROBLEM_OVERDUE_ANY, 0, "5,2,0,4"},
	{"in progress", PROBLEM_IN_PROGRESS, ANY, NULL, O_NONE, 0, PROBLEM_OVERDUE_ANY, 0, "1"},
	{"resolved", PROBLEM_RESOLVED, ANY, NULL, O_NONE, 0, PROBLEM_OVERDUE_ANY, 0, "3"},
	{"wont_fix", PROBLEM_WONT_FIX, ANY, NULL, O_NONE, 0, PROBLEM_OVERDUE_ANY, 0, "6"},
	{"active (-2)", -2, ANY, NULL, O_NONE, 0, PROBLEM_OVERDUE_ANY, 0, "5,1,2,0,4"},
	{"category ip", ANY, PROBLEM_IP, NULL, O_NONE, 0, PROBLEM_OVERDUE_ANY, 0, "5,0,3"},
	{"active ip", -2, PROBLEM_IP, NULL, O_NONE, 0, PROBLEM_OVERDUE_ANY, 0, "5,0"},
	{"category materials: none", ANY, PROBLEM_MATERIALS, NULL, O_NONE, 0, PROBLEM_OVERDUE_ANY,
	 0, ""},
	{"area 530302", ANY, ANY, "530302", O_NONE, 0, PROBLEM_OVERDUE_ANY, 0, "1,2,0,4,3"},
	{"area 530303", ANY, ANY, "530303", O_NONE, 0, PROBLEM_OVERDUE_ANY, 0, "5,6"},
	{"owner county1", ANY, ANY, NULL, O_COUNTY1, 0, PROBLEM_OVERDUE_ANY, 0, "0,3"},
	{"owner expert1, active", -2, ANY, NULL, O_EXPERT, 0, PROBLEM_OVERDUE_ANY, 0, "1"},
	{"firms of expert1 (A)", ANY, ANY, NULL, O_NONE, 1, PROBLEM_OVERDUE_ANY, 0, "1,2,0"},
	{"overdue: past due and not closed", ANY, ANY, NULL, O_NONE, 0, PROBLEM_OVERDUE, 0,
	 "5,1,2,0"},
	{"overdue in 530302", ANY, ANY, "530302", O_NONE, 0, PROBLEM_OVERDUE, 0, "1,2,0"},
	{"overdue, owner county1", ANY, ANY, NULL, O_COUNTY1, 0, PROBLEM_OVERDUE, 0, "0"},
	{"the city's: more than 30 days", ANY, ANY, NULL, O_NONE, 0, PROBLEM_OVERDUE_CITY, 0,
	 "5,1"},
	{"the city's with 29 days", ANY, ANY, NULL, O_NONE, 0, PROBLEM_OVERDUE_CITY, 29, "5,1,2"},
	{"the city's with 60 days", ANY, ANY, NULL, O_NONE, 0, PROBLEM_OVERDUE_CITY, 60, "5"},
	{"the city's with 75 days: not more than 75", ANY, ANY, NULL, O_NONE, 0,
	 PROBLEM_OVERDUE_CITY, 75, ""},
};

/* "5,1,2" for the items of PAGE (as indexes into pid). */
static void page_ids(const struct problem_page *page, char *out, size_t cap)
{
	size_t k = 0;
	out[0] = '\0';
	for (size_t i = 0; i < page->n; i++) {
		int idx = -1;
		for (int j = 0; j < 7; j++)
			if (pid[j] == page->items[i].id)
				idx = j;
		k += (size_t)snprintf(out + k, cap - k, "%s%d", i ? "," : "", idx);
	}
}

static void test_list_filters(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	make_list(f);
	for (size_t i = 0; i < sizeof list_cases / sizeof list_cases[0]; i++) {
		const struct list_case *c = &list_cases[i];
		struct problem_filter flt;
		struct problem_page page;
		struct err e;
		char got[64];
		problem_filter_init(&flt);
		flt.today = D(2026, 3, 31);
		flt.status = c->status;
		flt.category = c->category;
		flt.area = c->area;
		flt.owner_id = c->owner == O_COUNTY1  ? f->u_county1
			       : c->owner == O_EXPERT ? f->u_expert
						      : 0;
		flt.expert_id = c->expert ? f->u_expert : 0;
		flt.overdue = c->overdue;
		flt.escalate_days = c->escalate_days;
		err_clear(&e);
		if (problem_list(&f->sys, &flt, a, &page, &e))
			fail_msg("%s: %s", c->what, e.msg);
		page_ids(&page, got, sizeof got);
		if (strcmp(got, c->want))
			fail_msg("%s: listed [%s], expected [%s]", c->what, got, c->want);
		if (page.total != (int64_t)page.n)
			fail_msg("%s: total %lld for %zu items", c->what, (long long)page.total,
				 page.n);
	}
	arena_free(a);
}

/* overdue_days and the escalation on the fixed day; paging keeps the order and the total. */
static void test_list_overdue_days_and_paging(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	struct problem_filter flt;
	struct problem_page page;
	make_list(f);
	problem_filter_init(&flt);
	flt.today = D(2026, 3, 31);
	assert_int_equal(problem_list(&f->sys, &flt, a, &page, NULL), 0);
	assert_int_equal(page.n, 7);
	static const struct {
		int idx;
		int64_t days;
		const char *escalation;
	} want[] = {{5, 75, "city"}, {1, 58, "city"}, {2, 30, "county"}, {0, 1, "county"},
		    {4, 0, "none"},  {3, 0, "none"},  {6, 0, "none"}};
	for (size_t i = 0; i < 7; i++) {
		const struct problem *p = &page.items[i];
		assert_int_equal(p->id, pid[want[i].idx]);
		if (p->overdue_days != want[i].days)
			fail_msg("p%d: overdue_days %lld, expected %lld", want[i].idx,
				 (long long)p->overdue_days, (long long)want[i].days);
		assert_string_equal(problem_escalation(p, 0), want[i].escalation);
	}
	/* escalate_days 60: p1 (58 days) is the county's again; 57: the city's */
	assert_string_equal(problem_escalation(&page.items[1], 60), "county");
	assert_string_equal(problem_escalation(&page.items[1], 57), "city");
	assert_string_equal(problem_escalation(&page.items[1], 58), "county");

	/* page 2 of size 3: the 4th to 6th, the total still 7 */
	flt.limit = 3;
	flt.offset = 3;
	assert_int_equal(problem_list(&f->sys, &flt, a, &page, NULL), 0);
	assert_int_equal(page.total, 7);
	assert_int_equal(page.n, 3);
	assert_int_equal(page.items[0].id, pid[0]);
	assert_int_equal(page.items[2].id, pid[3]);
	/* without a total */
	flt.want_total = 0;
	assert_int_equal(problem_list(&f->sys, &flt, a, &page, NULL), 0);
	assert_int_equal(page.total, -1);

	/* bad filters name their parameter */
	static const struct {
		int status, category;
		int64_t limit, offset;
		int escalate_days;
		const char *field;
	} bad[] = {
		{-3, -1, 0, 0, 0, "status"},	  {PROBLEM_STATUS_COUNT, -1, 0, 0, 0, "status"},
		{-1, -2, 0, 0, 0, "category"},	  {-1, PROBLEM_CATEGORY_COUNT, 0, 0, 0, "category"},
		{-1, -1, 501, 0, 0, "page_size"}, {-1, -1, -1, 0, 0, "page_size"},
		{-1, -1, 0, -1, 0, "page_size"},  {-1, -1, 0, 0, -1, "escalate_days"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct err e;
		problem_filter_init(&flt);
		flt.status = bad[i].status;
		flt.category = bad[i].category;
		flt.limit = bad[i].limit;
		flt.offset = bad[i].offset;
		flt.escalate_days = bad[i].escalate_days;
		err_clear(&e);
		assert_int_equal(problem_list(&f->sys, &flt, a, &page, &e), ERR_INVALID);
		assert_string_equal(e.field, bad[i].field);
	}
	/* 500 is the largest page */
	problem_filter_init(&flt);
	flt.limit = 500;
	assert_int_equal(problem_list(&f->sys, &flt, a, &page, NULL), 0);
	arena_free(a);
}

/* ---- scope ----------------------------------------------------------------------------------- */

static void test_scope(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	struct problem_filter flt;
	struct problem_page page;
	struct problem out;
	struct err e;
	make_list(f);

	/* what each user lists, with the total */
	static const struct {
		const char *who;
		int user;
		const char *want;
	} seen[] = {
		{"city: all", 0, "5,1,2,0,4,3,6"},
		{"county1: A and B", 1, "1,2,0,4,3"},
		{"county2: C", 2, "5,6"},
		{"expert1: its A", 3, "1,2,0"},
		{"viewer1: A and B", 4, "1,2,0,4,3"},
		{"ent_a: its A", 5, "1,2,0"},
	};
	const int64_t users[] = {f->u_city,   f->u_county1, f->u_county2,
				 f->u_expert, f->u_viewer,  f->u_ent};
	for (size_t i = 0; i < sizeof seen / sizeof seen[0]; i++) {
		struct ledger l = fixture_as(f, users[seen[i].user]);
		char got[64];
		problem_filter_init(&flt);
		flt.today = D(2026, 3, 31);
		assert_int_equal(problem_list(&l, &flt, a, &page, NULL), 0);
		page_ids(&page, got, sizeof got);
		if (strcmp(got, seen[i].want))
			fail_msg("%s: listed [%s], expected [%s]", seen[i].who, got, seen[i].want);
		size_t want_n = (strlen(seen[i].want) + 1) / 2;
		if (page.total != (int64_t)want_n)
			fail_msg("%s: total %lld", seen[i].who, (long long)page.total);
	}

	/* county2 never sees A's problems: a filter on A's area is empty, A itself not found */
	struct ledger c2 = fixture_as(f, f->u_county2);
	problem_filter_init(&flt);
	flt.area = "530302";
	assert_int_equal(problem_list(&c2, &flt, a, &page, NULL), 0);
	assert_int_equal(page.total, 0);
	assert_int_equal(page.n, 0);
	problem_filter_init(&flt);
	flt.overdue = PROBLEM_OVERDUE;
	flt.today = D(2026, 3, 31);
	assert_int_equal(problem_list(&c2, &flt, a, &page, NULL), 0);
	assert_int_equal(page.total, 1); /* p5, its own */
	problem_filter_init(&flt);
	flt.uscc = f->a;
	err_clear(&e);
	assert_int_equal(problem_list(&c2, &flt, a, &page, &e), ERR_NOT_FOUND);
	for (int i = 0; i < 5; i++) {
		err_clear(&e);
		assert_int_equal(problem_get(&c2, pid[i], a, &out, &e), ERR_NOT_FOUND);
		assert_string_equal(e.msg, "问题不存在");
	}
	assert_int_equal(problem_get(&c2, pid[5], a, &out, NULL), 0);
	/* …nor changes them: not found, not forbidden */
	struct problem_patch p;
	problem_patch_init(&p);
	p.v.description = "越权修改";
	assert_int_equal(problem_patch_name(&p, "description", NULL), 0);
	err_clear(&e);
	assert_int_equal(problem_patch(&c2, pid[0], &p, a, &out, &e), ERR_NOT_FOUND);

	/* the expert writes on its A, not on B (outside its scope: not found) */
	struct ledger ex = fixture_as(f, f->u_expert);
	assert_int_equal(problem_patch(&ex, pid[0], &p, a, &out, NULL), 0);
	assert_string_equal(out.description, "越权修改");
	err_clear(&e);
	assert_int_equal(problem_patch(&ex, pid[4], &p, a, &out, &e), ERR_NOT_FOUND);
	assert_int_equal(problem_get(&ex, pid[4], a, &out, NULL), ERR_NOT_FOUND);
	/* the viewer and the enterprise user read A's problem but may not change it */
	struct ledger v = fixture_as(f, f->u_viewer), ent = fixture_as(f, f->u_ent);
	p.v.description = "只读";
	err_clear(&e);
	assert_int_equal(problem_patch(&v, pid[0], &p, a, &out, &e), ERR_FORBIDDEN);
	assert_string_equal(e.msg, "无权修改问题");
	err_clear(&e);
	assert_int_equal(problem_patch(&ent, pid[0], &p, a, &out, &e), ERR_FORBIDDEN);
	assert_int_equal(problem_get(&f->sys, pid[0], a, &out, NULL), 0);
	assert_string_equal(out.description, "越权修改");
	arena_free(a);
}

/* ---- from the gaps of the assessment ----------------------------------------------------- */

/*
 * store_weak_firm (support/weak_firm.h) gives enterprise A, the three
 * fiscal years before this one: 100 staff of whom 5
 * S&T staff (5% < 10%: C4 fails), sales 10,000,000.00 a year with R&D
 * 100,000.00 (1% < 5%: C5 fails), high-tech income 80% (C6 passes), one
 * invention patent (C2 passes), registered 2019 in field 101 (C1, C3 pass).
 *   C4: hires x with (5 + x)/(100 + x) ≥ 10% → x ≥ 5.56: 6 (or reclassify 5).
 *   C5: now 3 × 100,000 of 3 × 10,000,000 → short 1,500,000 − 300,000 =
 *       1,200,000.00; for next year's application the window is the last two
 *       years plus this one at last year's sales: 5% × 30,000,000 − 200,000 =
 *       1,300,000.00.
 */
static void test_from_gaps(void **state)
{
	struct fixture *f = *state;
	struct ledger c1 = fixture_as(f, f->u_county1);
	struct arena *a = arena_new();
	int64_t *ids = NULL;
	size_t n = 0, skipped = 0;
	struct problem p;
	struct err e;
	char want[256];
	int y0 = date_year(date_today());
	store_weak_firm(f, f->a);

	err_clear(&e);
	assert_int_equal(problem_from_gaps(&c1, f->a, a, &ids, &n, &skipped, &e), 0);
	assert_int_equal(n, 3);
	assert_int_equal(skipped, 0);
	assert_true(ids[0] < ids[1] && ids[1] < ids[2]);
	static const struct {
		const char *gap;
		enum problem_category category;
	} gaps[] = {{"C4", PROBLEM_STAFF},
		    {"C5", PROBLEM_RD_ACCOUNTING},
		    {"score", PROBLEM_MANAGEMENT}};
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(problem_get(&c1, ids[i], a, &p, NULL), 0);
		assert_string_equal(p.gap_id, gaps[i].gap);
		assert_int_equal(p.category, gaps[i].category);
		assert_int_equal(p.status, PROBLEM_OPEN);
		assert_string_equal(p.created_by, "county1");
		assert_int_equal(p.owner_id, LEDGER_NONE);
		assert_int_equal(p.due_on, LEDGER_NO_DATE);
	}
	/* C4: 6 people to hire, or 5 to reclassify */
	assert_int_equal(problem_get(&c1, ids[0], a, &p, NULL), 0);
	assert_string_equal(p.gap_amount, "6");
	assert_non_null(strstr(p.description, "科技人员5人，职工100人"));
	snprintf(want, sizeof want,
		 "需新增6名科技人员，或将5名实际从事研发工作的在职人员归入科技人员（%d年数据起计）",
		 y0);
	assert_non_null(strstr(p.description, want));
	/* C5: the R&D of the coming fiscal year */
	assert_int_equal(problem_get(&c1, ids[1], a, &p, NULL), 0);
	assert_string_equal(p.gap_amount, "1300000.00");
	snprintf(want, sizeof want, "%d–%d年研发费用占比", y0 - 3, y0 - 1);
	assert_non_null(strstr(p.description, want));
	assert_non_null(strstr(p.description, "研发费用还差1,200,000.00元"));
	snprintf(want, sizeof want, "若%d年申报，%d年需归集研发费用1,300,000.00元", y0 + 1, y0);
	assert_non_null(strstr(p.description, want));
	/* score: points still missing, a positive whole number */
	assert_int_equal(problem_get(&c1, ids[2], a, &p, NULL), 0);
	assert_non_null(p.gap_amount);
	assert_true(atoi(p.gap_amount) > 0);
	assert_non_null(strstr(p.description, "创新能力评价"));
	/* three creations audited under A's keys */
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM audit_log WHERE table_name = "
					  "'problems' AND action = 'create'"),
			 3);

	/* again: every gap already has an active problem */
	int64_t *ids2 = NULL;
	size_t n2 = 9, skipped2 = 9;
	assert_int_equal(problem_from_gaps(&c1, f->a, a, &ids2, &n2, &skipped2, NULL), 0);
	assert_int_equal(n2, 0);
	assert_int_equal(skipped2, n);
	/* the expert of A too; in progress still counts as active */
	bring_to(f, ids[1], PROBLEM_IN_PROGRESS);
	struct ledger ex = fixture_as(f, f->u_expert);
	assert_int_equal(problem_from_gaps(&ex, f->a, a, &ids2, &n2, &skipped2, NULL), 0);
	assert_int_equal(n2, 0);
	assert_int_equal(skipped2, 3);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM problems"), 3);
	/* a resolved C4 problem whose gap is still there comes back as a new one */
	bring_to(f, ids[0], PROBLEM_RESOLVED);
	assert_int_equal(problem_from_gaps(&c1, f->a, a, &ids2, &n2, &skipped2, NULL), 0);
	assert_int_equal(n2, 1);
	assert_int_equal(skipped2, 2);
	assert_int_equal(problem_get(&c1, ids2[0], a, &p, NULL), 0);
	assert_string_equal(p.gap_id, "C4");
	assert_true(ids2[0] > ids[2]);

	/* rights: the expert not on B (not its scope), the viewer not at all, county2 not on A */
	err_clear(&e);
	assert_int_equal(problem_from_gaps(&ex, f->b, a, &ids2, &n2, &skipped2, &e), ERR_NOT_FOUND);
	assert_int_equal(n2, 0);
	struct ledger v = fixture_as(f, f->u_viewer), c2 = fixture_as(f, f->u_county2);
	err_clear(&e);
	assert_int_equal(problem_from_gaps(&v, f->a, a, &ids2, &n2, &skipped2, &e), ERR_FORBIDDEN);
	assert_string_equal(e.msg, "无权登记问题");
	assert_int_equal(problem_from_gaps(&c2, f->a, a, &ids2, &n2, &skipped2, NULL),
			 ERR_NOT_FOUND);
	assert_int_equal(fixture_count(f, "SELECT count(*) FROM problems"), 4);
	arena_free(a);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_create_validation),
		T(test_create_rights),
		T(test_status_transitions),
		T(test_status_out_of_range),
		T(test_patch_named_only),
		T(test_audit),
		T(test_comments),
		T(test_list_filters),
		T(test_list_overdue_days_and_paging),
		T(test_scope),
		T(test_from_gaps),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
