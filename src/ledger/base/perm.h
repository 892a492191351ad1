/*
 * perm — the one permission table of gaoqi: which role may do what
 * (capability × role, product.md §1). Every "may this role …" in the ledger,
 * the API and the UI is answered here; `GET /api/v1/me` hands the caller's
 * capabilities to the UI, which keeps no role lists of its own.
 *
 * A capability says what a role may do at all; *which* enterprises it may do
 * it to is the scope (ledger.h): a county edits only the firms of its areas,
 * an enterprise only its own. The table is static and read-only (thread-safe).
 */
#ifndef GAOQI_LEDGER_BASE_PERM_H
#define GAOQI_LEDGER_BASE_PERM_H

#include "ledger/ledger.h"

enum capability {
	CAP_DASHBOARD,		/* the dashboard and its charts */
	CAP_ENTERPRISES_LIST,	/* the ledger list (an enterprise user sees only its own page) */
	CAP_ENTERPRISES_CREATE, /* add an enterprise */
	CAP_ENTERPRISES_EDIT,	/* change an enterprise's basic information */
	CAP_ENTERPRISES_TIER,	/* move an enterprise between tiers (梯度调整) */
	CAP_RECORDS_EDIT,	/* annual indicators and intellectual property */
	CAP_RECORDS_LOCK,	/* lock and unlock a year's figures */
	CAP_RECORDS_RECOGNITION_MARK, /* mark a class II IP item as used in a recognition */
	CAP_RATINGS_EDIT,	      /* qualitative self-check and expert ratings */
	CAP_IMPORTS,		      /* import a ledger workbook */
	CAP_AUDIT_READ,		      /* the audit log of the whole programme */
	CAP_USERS_READ,		      /* the list of users */
	CAP_USERS_MANAGE,	      /* create, change and disable users, set others' passwords */
	CAP_AREAS_MANAGE,	      /* the city's areas */
	CAP_CASEWORK_WRITE,	      /* problems and visits (an expert: of its assigned firms) */
	CAP_CASEWORK_COMMENT,	      /* comments on problems (the enterprise on its own) */
	CAP_EXPERTS_LIST,	      /* the expert service team (an expert sees itself) */
	CAP_EXPERTS_ASSIGN,	      /* assign experts to enterprises */
	CAP_EXPERTS_MANAGE,	      /* edit any expert's profile (an expert edits its own) */
	CAP_PLANS_SIGN,		      /* sign a plan (一企一策) of an assigned firm */
	CAP_APPLICATIONS_READ,	/* batches, applications, TSME registrations, annual reports */
	CAP_APPLICATIONS_WRITE, /* applications up to submission, TSME registrations, annual reports
				 */
	CAP_BATCHES_MANAGE,	/* recognition batches, review and outcomes, bulk lists */
	CAP_REMINDERS,		/* the reminders of one's scope and the calendar */
	CAP_REMINDERS_MARK,	/* mark one's reminders done or snoozed */
	CAP_CALENDAR_EDIT,	/* the programme calendar's milestones */
	CAP_ANNOUNCEMENTS_READ, /* announcements (an enterprise: those to its firm) */
	CAP_ANNOUNCEMENTS_WRITE,    /* publish, edit, delete announcements (a county: its areas) */
	CAP_ANNOUNCEMENTS_RECEIPTS, /* who has read an announcement, who not */
	CAP_ANNOUNCEMENTS_ACK,	    /* record one's own reading (enterprise users) */
	CAP_QUESTIONS_READ,	    /* questions of the scope and the FAQ */
	CAP_QUESTIONS_ASK,	    /* ask a question about one's own firm */
	CAP_QUESTIONS_ANSWER,	    /* answer the questions of the scope */
	CAP_QUESTIONS_PUBLISH,	    /* publish an answered question to the FAQ */
	/* targets (issue 14): targets, responsibility links, progress, scorecard */
	CAP_TARGETS_READ,   /* the targets, links, progress and scorecard of one's scope */
	CAP_TARGETS_MANAGE, /* set targets, weights, the cap and the links */
	/* awards (issue 15): award funds and the other support a firm received */
	CAP_AWARDS_READ,    /* award policies, lines, budgets and a firm's support (of the scope) */
	CAP_AWARDS_MANAGE,  /* policies, budgets, the accounting run, approve, reject, disburse */
	CAP_AWARDS_CONFIRM, /* a county confirms and pays the county part of its areas' lines */
	CAP_SUPPORT_WRITE,  /* record the other support a firm received (loans, subsidies, …) */
	/* policy library and trainings (issue 16) */
	CAP_POLICIES_READ,   /* the policy library: search, read, download */
	CAP_POLICIES_WRITE,  /* add, edit, delete documents (a county: county-level of its areas) */
	CAP_TRAININGS_READ,  /* training events and attendance of the scope (an enterprise: its own)
			      */
	CAP_TRAININGS_WRITE, /* record events and attendance (a county: its firms) */
	CAP_COUNT
};

/* 1 when role R may do C, 0 otherwise (also for values outside the enums). */
int perm_role_may(enum role r, enum capability c);

/* 1 when scope S may do C (its role's entry of the table). */
int perm_may(const struct scope *s, enum capability c);

/*
 * perm_may, or ERR_FORBIDDEN with the message WHY (a Chinese sentence for the
 * user, e.g. "无权修改该企业的信息") set in E.
 */
int perm_check(const struct scope *s, enum capability c, const char *why, struct err *e);

/* The API name of C ("enterprises.edit", …; static), "?" when out of range. */
const char *perm_name(enum capability c);

#endif
