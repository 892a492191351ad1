/*
 * plan — the one-enterprise-one-plan (一企一策) of rules.md §6a and product.md
 * C4: a plan is a profile plus tasks; its projection is the profile expected
 * on the plan's apply_on; plan_generate chooses tasks that close the gaps of
 * the diagnosis (rules/gaps.h) at the least total effort, for the earliest
 * application year the lead times allow, and names the gaps no plan can
 * close.
 *
 * The plan's date ("made_on") is the apply_on of the profile it is generated
 * from: the day the facts are known (the command line and the API default
 * it to today). No task may be due before it.
 *
 * Units as in the profile: money in fen, head counts in hundredths, dates in
 * days since 1970-01-01. Integer arithmetic only.
 *
 * plan.c holds the vocabulary, due dates and the projection; plan_generate.c
 * the generation. Pure: no I/O, no globals. A struct plan is a plain value
 * (no pointers). The projection is written into a caller's profile, whose IP
 * and incident arrays grow through profile_add_ip / profile_add_incident (the
 * caller releases them with profile_cleanup); nothing else is allocated.
 * Thread-safe with distinct outputs.
 */
#ifndef GAOQI_RULES_PLAN_H
#define GAOQI_RULES_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "rules/assess.h"
#include "rules/fields.h"
#include "rules/gaps.h"
#include "rules/profile.h"
#include "rules/ruleset.h"

#define PLAN_MAX_TASKS 32      /* tasks one plan may carry */
#define PLAN_MAX_UNCLOSABLE 12 /* gaps one plan may name */
#define PLAN_MAX_AHEAD 6       /* years after the plan's date that generation tries */
#define PLAN_NO_GAP GAPS_COUNT /* plan_task.closes of a task entered by hand */

/* Task kinds of rules.md §6a, in the order of the vocabulary. */
enum plan_kind {
	PLAN_IP,	    /* {ip_kind, count, granted_on} */
	PLAN_ST_STAFF,	    /* {count, year, hire} */
	PLAN_RD,	    /* {amount, year} */
	PLAN_HITECH_INCOME, /* {amount, year, reclassify} */
	PLAN_CONVERSION,    /* {count, year} */
	PLAN_RD_ORG,	    /* {item} */
	PLAN_WAIT,	    /* {until} */
	PLAN_KIND_COUNT
};

struct plan_task {
	enum plan_kind kind;
	enum gaps_id closes;	      /* the gap it was chosen for, PLAN_NO_GAP when entered */
	enum profile_ip_kind ip_kind; /* ip */
	int64_t count;	/* ip: items; conversion: conversions; st_staff: hundredths of a person */
	int64_t amount; /* rd, hitech_income: fen */
	int32_t year;	/* st_staff, rd, hitech_income, conversion: the fiscal year */
	int hire;	/* st_staff: 1 new hires (staff grows too), 0 reclassified staff */
	int reclassify; /* hitech_income: 1 existing income reclassified (sales unchanged) */
	int item;	/* rd_org: 1–4 (system, institution, conversion incentives, talent) */
	int32_t granted_on; /* ip */
	int32_t until;	    /* wait */
	int32_t due;	    /* the latest date that still lets it take effect (plan_due) */
};

/* Why a gap cannot be closed (the wire names are plan_why_name's). */
enum plan_why {
	PLAN_WHY_FIELD,		 /* C3: the technology field is a person's choice */
	PLAN_WHY_MISSING_DATA,	 /* a hard condition lacks data: supply it */
	PLAN_WHY_NO_SALES,	 /* C5: no sales in the window, no R&D amount gives a ratio */
	PLAN_WHY_NO_INCOME,	 /* C6: total income ≤ 0 */
	PLAN_WHY_NO_FISCAL_YEAR, /* C4–C6: no completed fiscal year before apply_on */
	PLAN_WHY_YEAR_CLOSED,	 /* C4–C6, conversions: the fiscal year measured is past */
	PLAN_WHY_LEAD_TIME,	 /* C2, score: no action is ready by apply_on */
	PLAN_WHY_WAIT,		 /* C1, C8, revoked: the date falls after the year */
	PLAN_WHY_SCORE_CAP,	 /* score: no task lifts the maximum above the pass mark */
	PLAN_WHY_NO_PROGRESS,	 /* generation stopped before closing it (a safety net) */
	PLAN_WHY_COUNT
};

#define PLAN_GAP_MISSING 4

/* A gap the plan cannot close, and why. */
struct plan_gap {
	enum gaps_id gap; /* GAPS_C1 … GAPS_REVOKED (GAPS_SCORE for C7) */
	enum plan_why why;
	int year;   /* timing reasons: the first year it allows, 0 = not known */
	int32_t on; /* PLAN_WHY_WAIT: the date waited for, else PROFILE_NO_DATE */
	int value;  /* PLAN_WHY_SCORE_CAP: the highest score maximum any task set reaches */
	size_t n_missing;
	struct profile_missing missing[PLAN_GAP_MISSING]; /* PLAN_WHY_MISSING_DATA */
};

struct plan {
	int32_t made_on;   /* the plan's date: no task is due before it */
	int apply_year;	   /* the year of apply_on */
	int32_t apply_on;  /* the application date of the projection */
	int earliest_year; /* the earliest year generation found, 0 = none */
	int effort_months; /* Σ plan_task_effort */
	size_t n_tasks;
	struct plan_task tasks[PLAN_MAX_TASKS];
	size_t n_unclosable;
	struct plan_gap unclosable[PLAN_MAX_UNCLOSABLE];
};

/* Start PL as an empty plan made on MADE_ON for APPLY_ON (its year too). */
void plan_init(struct plan *pl, int32_t made_on, int32_t apply_on);

/*
 * Append TASK to PL (due left as given; plan_due computes it). ERR_TOO_BIG
 * (field "tasks") past PLAN_MAX_TASKS.
 */
int plan_add(struct plan *pl, const struct plan_task *task, struct err *e);

/*
 * The due date of TASK in a plan applying on APPLY_ON under RS (rules.md
 * §6a): granted_on minus the kind's lead time for ip, 31 December of `year`
 * for yearly figures, apply_on minus its action's lead time for rd_org,
 * `until` for wait.
 */
int32_t plan_due(const struct ruleset *rs, int32_t apply_on, const struct plan_task *task);

/*
 * The months of work TASK costs under RS: the IP kind's or the action's
 * effort, per item for ip and per conversion for conversion; 0 for wait.
 */
int plan_task_effort(const struct ruleset *rs, const struct plan_task *task);

/*
 * The projection of rules.md §6a: OUT (profile_init'ed or reused, never P
 * itself) becomes a copy of P with apply_on = PL->apply_on raised to every
 * wait's `until` (wait tasks are constraints on the date, so they act
 * first), every fiscal year of that date that P lacks carried forward from
 * the latest earlier year P has (a year with none before it stays absent),
 * then the other tasks applied in order. A task on a year the projection
 * does not hold changes nothing; a figure absent in a year stays absent
 * (absent never means zero). ERR_INVALID names "tasks[i].member" for a task
 * out of range (negative amount, count < 1, item not 1–4, absent date, unknown
 * kind) or "apply_on" when the plan has none; ERR_TOO_BIG past PROFILE_MAX_IP.
 */
int plan_project(const struct profile *p, const struct plan *pl, struct profile *out,
		 struct err *e);

/*
 * Generate the plan of P (see the file comment; P->apply_on is its date).
 * The plan for a year Y applies on the plan's date moved to Y (same month
 * and day, 29 February → 28), later when a wait says so. Years are tried
 * from the plan's year on; the earliest is the first whose plan names no
 * gap for a timing reason (plan_why_timing), within PLAN_MAX_AHEAD years.
 * APPLY_YEAR = 0 returns that plan (or the last year's, naming what still
 * waits, when none is found: OUT->earliest_year = 0); otherwise the plan is
 * made for APPLY_YEAR and names what cannot be closed by then
 * (OUT->earliest_year still says the earliest). RS = NULL picks
 * ruleset_for_year(Y) for each year tried; FIELDS = NULL loads the embedded
 * table for this call.
 *
 * Tasks: a wait for C1 and C8 (and a revoked status names its year); for the
 * last fiscal year before apply_on, st_staff (existing staff reclassified, the
 * cheaper action; new hires when the firm has no staff), hitech_income (new
 * income) and rd (personnel) in the smallest whole amounts that pass C4, C6
 * and C5; then for C2 and a score maximum ≤ 70, the set of IP items,
 * conversions and R&D management items of least total effort whose due dates
 * are not before the plan's date. Each task's due is set (plan_due).
 *
 * PROJ and RES (caller's; PROJ profile_init'ed) receive the projection of the
 * plan returned and its assessment. ERR_INVALID names "apply_on" (absent, or
 * no rule set for a year) or "year" (before the plan's year or past its
 * PLAN_MAX_AHEAD years); otherwise the errors of plan_project and assess_run.
 */
int plan_generate(const struct ruleset *rs, const struct fields_table *fields,
		  const struct profile *p, int apply_year, struct plan *out, struct profile *proj,
		  struct assess_result *res, struct err *e);

/*
 * The effect of the yearly task T (st_staff, rd, hitech_income, conversion)
 * on the year Y of a projection, as plan_project applies it (other kinds and
 * other years: nothing).
 */
void plan_task_apply_year(const struct plan_task *t, struct profile_year *y);

/* The gap a plan names for condition ID (GAPS_SCORE for C7). */
enum gaps_id plan_cond_gap(enum hnte_cond_id id);
/* 1 when PL names GAP among the gaps it cannot close. */
int plan_names(const struct plan *pl, enum gaps_id gap);
/* 1 when assessment RES bars the year: the HNTE status was revoked that year (rules.md §5). */
int plan_revoked_gap(const struct assess_result *res);

/*
 * 1 when the assessment RES of PL's projection shows every gap closed: no
 * failing condition, a score maximum above the pass mark and no revoked
 * status this year, except for the gaps PL names.
 */
int plan_closes(const struct plan *pl, const struct assess_result *res);

/* 1 when WHY depends on the year applied for (the gap closes in a later year). */
int plan_why_timing(enum plan_why why);

/* Wire names: "ip", "st_staff", … and "field", "missing_data", …; "?" when unknown. */
const char *plan_kind_name(enum plan_kind k);
const char *plan_why_name(enum plan_why w);
/* The kind with wire name S, or -1. */
int plan_kind_parse(const char *s);

#endif
