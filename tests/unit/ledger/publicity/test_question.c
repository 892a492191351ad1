/* Tests of ledger/publicity/question: an enterprise asks about its own firm,
 * the county of its area or its assigned expert answers, bureau staff publish
 * the answer to the FAQ in a public wording that never names the firm; scope,
 * refusals with the message a person reads, audit rows, searches. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "ledger/publicity/question.h"

#include "support/ledger_fixture.h"

/* Ask TITLE as the enterprise user L; the id, or the test fails. */
static int64_t ask(struct ledger *l, const char *title, const char *body)
{
	struct question out;
	struct err e;
	struct arena *a = arena_new();
	err_clear(&e);
	if (question_ask(l, title, body, a, &out, &e))
		fail_msg("question_ask '%s': %s (%s)", title, e.msg, e.field);
	arena_free(a);
	return out.id;
}

static void test_ask(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	struct ledger ent = fixture_as(f, f->u_ent);
	struct question q;
	struct err e;
	static char long_title[QUESTION_TITLE_MAX + 2];
	memset(long_title, 'x', QUESTION_TITLE_MAX + 1);
	static const struct {
		const char *title, *body, *field, *msg;
	} bad[] = {
		{"", "内容", "title", "问题标题不能为空"},
		{"研发费用", NULL, "body", "问题内容不能为空"},
		{long_title, "内容", "title", "问题标题过长（最多200字节）"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err_clear(&e);
		assert_int_equal(question_ask(&ent, bad[i].title, bad[i].body, a, NULL, &e),
				 ERR_INVALID);
		assert_string_equal(e.field, bad[i].field);
		assert_string_equal(e.msg, bad[i].msg);
	}
	int64_t id = ask(&ent, "委托研发费用如何归集？", "我公司委托高校开发，费用能否全额计入？");
	assert_int_equal(question_get(&ent, id, a, &q, NULL), 0);
	assert_string_equal(q.uscc, f->a); /* its own firm, never another */
	assert_string_equal(q.asked_by, "ent_a");
	assert_null(q.answer);
	char key[48];
	snprintf(key, sizeof key, "%s/%lld", f->a, (long long)id);
	assert_int_equal(fixture_audit_rows(f, "questions", key, "create"), 1);
	/* staff do not ask */
	int64_t staff[] = {f->u_county1, f->u_expert, f->u_viewer, f->u_city};
	for (size_t i = 0; i < 4; i++) {
		struct ledger l = fixture_as(f, staff[i]);
		err_clear(&e);
		assert_int_equal(question_ask(&l, "t", "b", a, NULL, &e), ERR_FORBIDDEN);
		assert_string_equal(e.msg, "只有企业用户可以提问");
	}
	arena_free(a);
}

/* Who answers: the county of the firm's area, its expert, the city; not the others. */
static void test_answer_scope(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	struct ledger ent = fixture_as(f, f->u_ent);
	int64_t id = ask(&ent, "高企认定的研发人员比例？", "是否按全年平均人数计算？");
	struct {
		int64_t user;
		int rc;
		const char *msg;
	} cases[] = {
		{f->u_county2, ERR_NOT_FOUND, "问题不存在"}, /* firm A is not in 530303 */
		{f->u_viewer, ERR_FORBIDDEN, "无权回答问题"},
		{f->u_ent, ERR_FORBIDDEN, "无权回答问题"},
		{f->u_expert, 0, NULL}, /* assigned to firm A */
		{f->u_county1, 0, NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct ledger l = fixture_as(f, cases[i].user);
		struct question out;
		struct err e;
		err_clear(&e);
		int rc = question_answer(&l, id, "按全年月平均数计算，科技人员占比不低于10%。", a,
					 &out, &e);
		assert_int_equal(rc, cases[i].rc);
		if (rc)
			assert_string_equal(e.msg, cases[i].msg);
	}
	struct question q;
	assert_int_equal(question_get(&ent, id, a, &q, NULL), 0);
	assert_string_equal(q.answered_by, "county1");
	assert_non_null(q.answered_at);
	char key[48];
	snprintf(key, sizeof key, "%s/%lld", f->a, (long long)id);
	/* the expert answered, then the county answered with the same text: its name changed */
	assert_int_equal(fixture_audit_rows(f, "questions", key, "answer"), 2);
	struct err e;
	struct ledger c1 = fixture_as(f, f->u_county1);
	err_clear(&e);
	assert_int_equal(question_answer(&c1, id, "", a, NULL, &e), ERR_INVALID);
	assert_string_equal(e.msg, "回答内容不能为空");
	/* the open list of the county no longer holds it; the answered one does */
	struct question_filter fl;
	struct question_page pg;
	question_filter_init(&fl);
	fl.state = QUESTION_OPEN;
	assert_int_equal(question_list(&c1, &fl, a, &pg, NULL), 0);
	for (size_t i = 0; i < pg.n; i++)
		assert_true(pg.items[i].id != id);
	fl.state = QUESTION_ANSWERED;
	assert_int_equal(question_list(&c1, &fl, a, &pg, NULL), 0);
	assert_true(pg.total >= 1);
	assert_int_equal(pg.items[0].id, id);
	struct ledger c2 = fixture_as(f, f->u_county2);
	fl.state = QUESTION_ANY;
	assert_int_equal(question_list(&c2, &fl, a, &pg, NULL), 0);
	assert_int_equal(pg.total, 0);
	arena_free(a);
}

static void test_faq(void **state)
{
	struct fixture *f = *state;
	struct arena *a = arena_new();
	struct ledger ent = fixture_as(f, f->u_ent), c1 = fixture_as(f, f->u_county1);
	struct ledger ex = fixture_as(f, f->u_expert), c2 = fixture_as(f, f->u_county2);
	int64_t id = ask(&ent, "曲靖甲科技有限公司能否申报？", "我们成立满一年了。");
	struct err e;
	err_clear(&e);
	assert_int_equal(question_publish(&c1, id, "成立满一年能否申报？", "可以。", a, NULL, &e),
			 ERR_INVALID);
	assert_string_equal(e.msg, "问题尚未回答，不能公开");
	assert_int_equal(
		question_answer(&c1, id, "注册满一年即可申报，需有近一年财务数据。", a, NULL, NULL),
		0);
	/* the public wording may not name the firm, by name or by USCC */
	char with_uscc[128];
	snprintf(with_uscc, sizeof with_uscc, "%s 可以申报", f->a);
	const char *bad[][2] = {{"曲靖甲科技有限公司能否申报？", "可以。"},
				{"成立满一年能否申报？", with_uscc},
				{"", "可以。"}};
	const char *bad_field[] = {"faq_question", "faq_answer", "faq_question"};
	for (size_t i = 0; i < 3; i++) {
		err_clear(&e);
		assert_int_equal(question_publish(&c1, id, bad[i][0], bad[i][1], a, NULL, &e),
				 ERR_INVALID);
		assert_string_equal(e.field, bad_field[i]);
	}
	err_clear(&e);
	assert_int_equal(question_publish(&ex, id, "x", "y", a, NULL, &e), ERR_FORBIDDEN);
	assert_string_equal(e.msg, "无权公开问答");
	assert_int_equal(question_publish(&c1, id, "企业成立满一年能否申报高企？",
					  "注册满一年即可申报，需有近一年的财务数据。", a, NULL,
					  NULL),
			 0);
	/* every role reads the FAQ, out of its scope too, and finds it by a word */
	struct question_faq *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	assert_int_equal(question_faq(&c2, "满一年", 0, 50, a, &items, &n, &total, NULL), 0);
	assert_int_equal(total, 1);
	assert_int_equal(items[0].id, id);
	assert_string_equal(items[0].question, "企业成立满一年能否申报高企？");
	assert_int_equal(question_faq(&ent, "财务数据", 0, 50, a, &items, &n, &total, NULL), 0);
	assert_int_equal(total, 1);
	assert_int_equal(question_faq(&ent, "100%", 0, 50, a, &items, &n, &total, NULL), 0);
	assert_int_equal(total, 0); /* % is a character, not a wildcard */
	assert_int_equal(question_faq(&ent, "曲靖甲", 0, 50, a, &items, &n, &total, NULL), 0);
	assert_int_equal(total, 0); /* the firm's own wording stays private */
	char key[48];
	snprintf(key, sizeof key, "%s/%lld", f->a, (long long)id);
	assert_int_equal(fixture_audit_rows(f, "questions", key, "publish"), 1);
	assert_int_equal(question_unpublish(&c1, id, NULL), 0);
	assert_int_equal(question_faq(&c2, NULL, 0, 50, a, &items, &n, &total, NULL), 0);
	assert_int_equal(total, 0);
	assert_int_equal(fixture_audit_rows(f, "questions", key, "unpublish"), 1);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ask),
		cmocka_unit_test(test_answer_scope),
		cmocka_unit_test(test_faq),
	};
	return cmocka_run_group_tests(tests, fixture_setup, fixture_teardown);
}
