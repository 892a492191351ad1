/*
 * ledger/cultivate/plan — the stored one-enterprise-one-plan (一企一策,
 * product C4): a plan generated from the firm's assessment (rules/plan.h
 * plan_generate), kept with its tasks (the vocabulary of rules.md §6a plus
 * an owner, a status open/done/dropped, an evidence note and a done date) and
 * the gaps it cannot close. States:
 *
 *   draft → signed (an expert ASSIGNED to the firm signs) → active → done
 *   draft | signed | active → abandoned (with a reason)
 *
 * At most one plan of a firm is draft, signed or active: generating again
 * replaces a draft (the old one is deleted, audited) and is refused
 * (ERR_CONFLICT) while one is signed or active — finish or abandon it first.
 * Signing keeps the whole plan as version N (the plan JSON a caller's
 * renderer writes — io/plan_json — and the tasks with their owners and
 * status); a signed plan stays editable, and later edits never change a
 * version (the database refuses it). Signing again (after edits) keeps
 * version N + 1. Done and abandoned plans are history: read-only.
 *
 * The live view (plans_view_load) re-assesses: the firm's profile for the
 * plan's apply_on as stored now, projected with every OPEN task, assessed
 * with the rule set of the application year. A done task counts through
 * the firm's recorded data (the IP item, the year's figures), not again:
 * projecting it as well would count it twice once the data is in, and a
 * task marked done whose result was never recorded shows as the gap it
 * still is. Dropped tasks do not count.
 *
 * Scope as problems: a plan is its enterprise's; outside the caller's scope
 * it is ERR_NOT_FOUND and absent from lists; any role that sees the firm
 * reads its plans (the enterprise its own, viewers theirs). Writes need
 * CAP_CASEWORK_WRITE (an expert: its assigned firms), signing CAP_PLANS_SIGN
 * and an assignment to the firm. Every write is audited (tables "plans",
 * "plan_tasks", "plan_versions"; row key "USCC/ID"). Text is allocated from
 * the caller's arena.
 */
#ifndef GAOQI_LEDGER_CULTIVATE_PLAN_H
#define GAOQI_LEDGER_CULTIVATE_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/strbuf.h"
#include "ledger/ledger.h"
#include "rules/assess.h"
#include "rules/plan.h"
#include "rules/profile.h"

enum plans_state {
	PLANS_DRAFT,	 /* 草稿 */
	PLANS_SIGNED,	 /* 已签署 */
	PLANS_ACTIVE,	 /* 执行中 */
	PLANS_DONE,	 /* 已完成 */
	PLANS_ABANDONED, /* 已放弃 */
	PLANS_STATE_COUNT
};

enum plans_task_status {
	PLANS_TASK_OPEN,    /* 未完成 */
	PLANS_TASK_DONE,    /* 已完成 */
	PLANS_TASK_DROPPED, /* 已取消 */
	PLANS_TASK_STATUS_COUNT
};

/* Wire codes ("draft", "dropped") and Chinese labels; "?" out of range. */
const char *plans_state_name(enum plans_state s);
const char *plans_state_label(enum plans_state s);
const char *plans_task_status_name(enum plans_task_status s);
const char *plans_task_status_label(enum plans_task_status s);
/* Parse a code (or its label); ERR_INVALID naming FIELD. */
int plans_task_status_parse(const char *s, enum plans_task_status *out, const char *field,
			    struct err *e);

/* A stored plan (the row of plans). */
struct plans_row {
	int64_t id;
	int64_t enterprise_id;
	enum plans_state state;
	int target_year; /* 0 = the earliest */
	int32_t made_on;
	int apply_year;
	int32_t apply_on;
	int earliest_year; /* 0 = none found */
	char rules[64];
	int version;	      /* the latest signed version, 0 = never signed */
	int64_t signed_by_id; /* 0 = none */
	const char *signed_by;
	char signed_at[21];
	const char *reason;  /* why abandoned */
	int32_t finished_on; /* LEDGER_NO_DATE unless done or abandoned */
	const char *created_by;
	char created_at[21];
	char updated_at[21];
	/* read with the row */
	char uscc[19];
	const char *enterprise_name;
	const char *area;
};

/* A stored task. */
struct plans_task {
	int n;		    /* its position, 1, 2, … */
	struct plan_task t; /* kind, members, closes, due */
	int64_t owner_id;   /* LEDGER_NONE = nobody */
	const char *owner_name;
	enum plans_task_status status;
	const char *evidence;
	int32_t done_on; /* LEDGER_NO_DATE unless done */
	/* read with the task in lists across plans (plans_tasks_due) */
	int64_t plan_id;
	char uscc[19];
	const char *enterprise_name;
};

/*
 * A plan with its tasks and the live projection. Large (a struct plan, two
 * profiles and an assessment): plans_view_new allocates it, plans_view_free
 * releases it (NULL-safe). TASKS are in the arena given to the loader.
 */
struct plans_view {
	struct plans_row row;
	struct plans_task *tasks; /* every task, dropped ones too, by position */
	size_t n_tasks;
	struct plan plan;	   /* the tasks not dropped and the stored gaps */
	struct profile base, proj; /* the firm's profile for apply_on, its projection */
	struct assess_result res;  /* the assessment of PROJ */
	int closes;		   /* plan_closes(plan, res) and no gap named */
};

struct plans_view *plans_view_new(void);
void plans_view_free(struct plans_view *v);

/*
 * Renders a plan as the plan JSON (io/plan_json's plan_json_write has this
 * shape); 0 or a negative ERR_*. The ledger cannot call io, so the caller
 * hands it in.
 */
typedef int (*plans_render_fn)(const struct plan *pl, const struct profile *p,
			       const struct profile *proj, const struct assess_result *res,
			       struct strbuf *sb);

/*
 * Generate a plan for the enterprise USCC from its assessment today (the
 * inputs of problem_from_gaps), for the earliest year or TARGET_YEAR (0 =
 * earliest), and store it as a draft with its tasks (owner nobody, status
 * open) and its unclosable gaps; an existing draft is replaced. The new id
 * into *ID. Errors: ERR_NOT_FOUND, ERR_FORBIDDEN ("无权编制方案"),
 * ERR_CONFLICT (a signed or active plan exists), ERR_INVALID (a target year
 * the generator refuses, named "year"), ERR_DB.
 */
int plans_generate(struct ledger *l, const char *uscc, int target_year, int64_t *id, struct err *e);

/* Plan ID (the row only) into *OUT. ERR_NOT_FOUND (absent or outside the scope). */
int plans_get(struct ledger *l, int64_t id, struct arena *arena, struct plans_row *out,
	      struct err *e);

/*
 * Load plan ID into V: row, tasks (ARENA), and the live projection and its
 * assessment (see the file comment). Errors: ERR_NOT_FOUND, ERR_DB, or the
 * projection's (a task out of range: ERR_INVALID).
 */
int plans_view_load(struct ledger *l, int64_t id, struct arena *arena, struct plans_view *v,
		    struct err *e);

/*
 * The plans of the enterprise USCC, newest first (its history). ERR_NOT_FOUND
 * when the firm is outside the scope.
 */
int plans_list(struct ledger *l, const char *uscc, struct arena *arena, struct plans_row **items,
	       size_t *n, struct err *e);

/* The open plan (draft, signed or active) of USCC: 1 and its id, 0 when none. */
int plans_current(struct ledger *l, const char *uscc, int64_t *id, struct err *e);

/* A change to a task: the members marked take their values. */
struct plans_task_patch {
	int set_owner, set_due, set_status, set_evidence, set_done_on;
	int64_t owner_id; /* LEDGER_NONE = nobody */
	int32_t due;
	enum plans_task_status status;
	const char *evidence; /* ≤ 2000 bytes; NULL or "" clears */
	int32_t done_on;      /* with status done; default today */
};

/*
 * Change task N of plan ID in one atomic write: owner (a user), due (a
 * date), status (open ⇄ done ⇄ dropped; done sets done_on, today by
 * default; leaving done clears it), evidence. Only while the plan is draft,
 * signed or active. Errors: ERR_NOT_FOUND (plan or task), ERR_FORBIDDEN,
 * ERR_CONFLICT (a finished plan), ERR_INVALID (field named).
 */
int plans_task_patch(struct ledger *l, int64_t id, int n, const struct plans_task_patch *p,
		     struct err *e);

/*
 * Add task T by hand (closes = PLAN_NO_GAP; its due is computed by the rule
 * set when T->due is LEDGER_NO_DATE) to plan ID as the last position, owner
 * OWNER_ID (LEDGER_NONE = nobody); its position into *N. Errors as
 * plans_task_patch, ERR_INVALID for members out of range, ERR_TOO_BIG past
 * PLAN_MAX_TASKS tasks.
 */
int plans_task_add(struct ledger *l, int64_t id, const struct plan_task *t, int64_t owner_id,
		   int *n, struct err *e);

/*
 * Sign plan ID as L's user (an expert assigned to the firm, CAP_PLANS_SIGN):
 * the plan as loaded now is rendered with RENDER and kept with its tasks as
 * version row.version + 1; a draft becomes signed (a signed or active plan
 * keeps its state). Errors: ERR_NOT_FOUND, ERR_FORBIDDEN ("只有指派给该企业的
 * 专家可以签署方案"), ERR_CONFLICT (a finished plan), ERR_DB.
 */
int plans_sign(struct ledger *l, int64_t id, plans_render_fn render, struct err *e);

/* Start plan ID: signed → active. ERR_CONFLICT from any other state. */
int plans_activate(struct ledger *l, int64_t id, struct err *e);

/*
 * End plan ID: DONE (from active) or abandoned with REASON (1–1000 bytes,
 * from draft, signed or active); finished_on today. ERR_CONFLICT from
 * another state, ERR_INVALID without a reason.
 */
int plans_finish(struct ledger *l, int64_t id, int done, const char *reason, struct err *e);

/* A signed version's head, and its texts when read whole. */
struct plans_version {
	int version;
	const char *signed_by;
	char signed_at[21];
	const char *plan_json;	/* plans_version_get only */
	const char *tasks_json; /* plans_version_get only */
};

/* The versions of plan ID, oldest first. ERR_NOT_FOUND. */
int plans_versions(struct ledger *l, int64_t id, struct arena *arena, struct plans_version **items,
		   size_t *n, struct err *e);

/* Version VERSION of plan ID with its texts. ERR_NOT_FOUND (plan or version). */
int plans_version_get(struct ledger *l, int64_t id, int version, struct arena *arena,
		      struct plans_version *out, struct err *e);

/*
 * The open tasks of plans that are signed or active in L's scope owned by
 * OWNER_ID and due on or before DUE_BY (LEDGER_NO_DATE = any), soonest first,
 * at most LIMIT (1–500). For 我的待办.
 */
int plans_tasks_due(struct ledger *l, int64_t owner_id, int32_t due_by, int64_t limit,
		    struct arena *arena, struct plans_task **items, size_t *n, struct err *e);

/*
 * The quantity of T in the firm's terms (Chinese): "3件", "2.5人",
 * "412,600.00元", "第2项", "2027-03-01前" — into SB.
 */
int plans_task_quantity(const struct plan_task *t, struct strbuf *sb);

/* The Chinese name of a task kind ("知识产权", "科技人员", …); "?" when unknown. */
const char *plans_kind_label(enum plan_kind k);

#endif
