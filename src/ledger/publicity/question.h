/*
 * question — questions of enterprises and their answers (问答, product C9),
 * and the FAQ made from them. An enterprise user asks about its own firm;
 * bureau staff whose scope holds the firm (a county user: its areas) or an
 * expert assigned to it answers; bureau staff publish an answered question
 * to the FAQ in a public wording they edit, which must not name the firm (no
 * name, no USCC): the FAQ shows that wording only, never the firm.
 *
 * Scope: a question is its firm's; outside the caller's scope it is
 * ERR_NOT_FOUND and absent from lists. The FAQ is read by every role with
 * CAP_QUESTIONS_READ, whatever its scope. Capabilities: CAP_QUESTIONS_ASK,
 * _ANSWER, _PUBLISH, _READ (perm.h). Every write is audited (table
 * "questions", row key "USCC/ID"). Text is allocated from the caller's arena.
 */
#ifndef GAOQI_LEDGER_PUBLICITY_QUESTION_H
#define GAOQI_LEDGER_PUBLICITY_QUESTION_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "ledger/ledger.h"

#define QUESTION_TITLE_MAX 200
#define QUESTION_BODY_MAX 5000
#define QUESTION_ANSWER_MAX 10000

struct question {
	int64_t id;
	int64_t enterprise_id;
	const char *title; /* 1–200 bytes */
	const char *body;  /* 1–5000 bytes */
	int64_t asked_by_id;
	const char *asked_by;	  /* the asker's user name */
	const char *answer;	  /* NULL while unanswered; 1–10000 bytes */
	int64_t answered_by_id;	  /* LEDGER_NONE while unanswered */
	const char *answered_by;  /* the answerer's user name */
	const char *answered_at;  /* UTC timestamp of the latest answer */
	const char *faq_question; /* the public wording; NULL when not in the FAQ */
	const char *faq_answer;
	const char *faq_published_at; /* UTC timestamp, NULL when not in the FAQ */
	const char *faq_by;	      /* who published it */
	char created_at[21];
	char updated_at[21];
	/* read with the row, never written */
	char uscc[19];
	const char *enterprise_name;
	const char *area;
};

/* The column table of questions (ledger.h, struct ledger_column). */
#define QUESTION_NCOLUMNS 16
extern const struct ledger_column question_columns[QUESTION_NCOLUMNS];

/* Zero Q, every optional member absent. */
void question_init(struct question *q);

/*
 * L's user (an enterprise user) asks TITLE / BODY about its own firm; the
 * question is read back into *OUT (may be NULL). Errors: ERR_FORBIDDEN (not
 * an enterprise user with a firm), ERR_INVALID naming the field.
 */
int question_ask(struct ledger *l, const char *title, const char *body, struct arena *arena,
		 struct question *out, struct err *e);

/* Question ID into *OUT. ERR_NOT_FOUND (absent or outside the scope). */
int question_get(struct ledger *l, int64_t id, struct arena *arena, struct question *out,
		 struct err *e);

/*
 * Answer question ID with ANSWER as L's user (again: the answer is
 * replaced, the FAQ wording kept). Errors: ERR_NOT_FOUND, ERR_FORBIDDEN,
 * ERR_INVALID ("回答内容不能为空").
 */
int question_answer(struct ledger *l, int64_t id, const char *answer, struct arena *arena,
		    struct question *out, struct err *e);

/*
 * Publish answered question ID to the FAQ in the public wording QUESTION /
 * ANSWER (both required; again: the wording is replaced). The wording may
 * not contain the firm's name or USCC. Errors: ERR_NOT_FOUND, ERR_FORBIDDEN,
 * ERR_INVALID ("问题尚未回答，不能公开", "公开内容不得包含企业名称或统一社会信用代码").
 */
int question_publish(struct ledger *l, int64_t id, const char *question, const char *answer,
		     struct arena *arena, struct question *out, struct err *e);

/* Take question ID out of the FAQ. Errors: ERR_NOT_FOUND, ERR_FORBIDDEN. */
int question_unpublish(struct ledger *l, int64_t id, struct err *e);

#define QUESTION_PAGE_MAX 500

enum question_state {
	QUESTION_ANY = -1,
	QUESTION_OPEN = 0, /* not answered yet (待回答) */
	QUESTION_ANSWERED = 1,
};

struct question_filter {
	int state;     /* enum question_state */
	const char *q; /* NULL, or a text the title or body contains (≤ 200 bytes) */
	int64_t offset;
	int64_t limit; /* 1–QUESTION_PAGE_MAX, 0 = 50 */
	int want_total;
};

/* Any question of the scope, newest first, first page of 50, with total. */
void question_filter_init(struct question_filter *f);

struct question_page {
	struct question *items;
	size_t n;
	int64_t total; /* -1 unless want_total */
};

/* One page of the questions in scope matching F, newest first. ERR_INVALID, ERR_FORBIDDEN. */
int question_list(struct ledger *l, const struct question_filter *f, struct arena *arena,
		  struct question_page *out, struct err *e);

/* One entry of the FAQ: the public wording only. */
struct question_faq {
	int64_t id;
	const char *question, *answer;
	const char *published_at;
};

/*
 * One page (OFFSET, LIMIT 1–QUESTION_PAGE_MAX) of the FAQ, newest first,
 * whose public question or answer contains Q (NULL or "" = all); *TOTAL
 * gets the count of matches. ERR_INVALID, ERR_FORBIDDEN.
 */
int question_faq(struct ledger *l, const char *q, int64_t offset, int64_t limit,
		 struct arena *arena, struct question_faq **items, size_t *n, int64_t *total,
		 struct err *e);

#endif
