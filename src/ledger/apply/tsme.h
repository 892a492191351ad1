/*
 * tsme — technology-based SME registrations (科技型中小企业入库, product C3a)
 * and the annual reports of HNTEs (高企年报, C6).
 *
 * A registration is one enterprise in one year: the registration number
 * (年份+区划+…, ≤ 50 bytes), its status (registered, or revoked) and date.
 * Saving a registered one also fills the enterprise's tsme_reg_no and
 * tsme_year (when the year is not older than the stored one) and moves a
 * prospect to tier tsme (tier history, through enterprise_set_tier); the
 * tiers above tsme on the ladder (reserve, key, hnte, leader) and exited
 * stay. All in one atomic write.
 *
 * An annual report is one HNTE's report on one fiscal year: the day it
 * was filed, or recorded as missing. The report on year Y is due by 31 May
 * of Y + 1. A certificate issued in year I asks for the reports on I, I+1
 * and I+2; a report is missing when it is recorded so, or not filed once
 * its due day has passed. Two missing reports of one certificate's period
 * flag the risk of revocation (认定管理办法: 累计两年未填报年度发展情况报表).
 *
 * Who: reading needs CAP_APPLICATIONS_READ, writing CAP_APPLICATIONS_WRITE
 * (a county within its areas). Scope as for enterprises. Audited as tables
 * "tsme_registrations" and "annual_reports" (row key "USCC/YEAR").
 */
#ifndef GAOQI_LEDGER_APPLY_TSME_H
#define GAOQI_LEDGER_APPLY_TSME_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "ledger/ledger.h"

enum tsme_status { TSME_REGISTERED, TSME_REVOKED, TSME_STATUS_COUNT };

/* "registered"/"revoked" and "已入库"/"已撤销"; "?" out of range. */
const char *tsme_status_name(enum tsme_status s);
const char *tsme_status_label(enum tsme_status s);
/* Parse a code or label; ERR_INVALID (field "status"). */
int tsme_status_parse(const char *s, enum tsme_status *out, struct err *e);

struct tsme_reg {
	int64_t id;
	int64_t year;
	const char *reg_no;
	enum tsme_status status;
	int32_t registered_on; /* LEDGER_NO_DATE when not known */
	char created_at[21];
	char updated_at[21];
};

/*
 * Save the registration of USCC for IN->year (2000–2100; replaced when one
 * exists) with the effects above. *CHANGED (may be NULL) is 1 when anything
 * was written (saving the same values again writes nothing). Errors:
 * ERR_NOT_FOUND, ERR_FORBIDDEN, ERR_INVALID (field named).
 */
int tsme_save(struct ledger *l, const char *uscc, const struct tsme_reg *in, int *changed,
	      struct err *e);

/* The registrations of USCC, newest year first. */
int tsme_list(struct ledger *l, const char *uscc, struct arena *arena, struct tsme_reg **items,
	      size_t *n, struct err *e);

/* ---- annual reports ------------------------------------------------------------------ */

enum annual_state {
	ANNUAL_FILED,	/* 已填报 */
	ANNUAL_MISSING, /* 未填报 (recorded, or past due) */
	ANNUAL_DUE,	/* 待填报: not filed, due day not passed */
};

/* "filed"/"missing"/"due" and "已填报"/"未填报"/"待填报". */
const char *annual_state_name(enum annual_state s);
const char *annual_state_label(enum annual_state s);

/*
 * Record the report of USCC on fiscal YEAR as filed on FILED_ON, or as
 * missing (FILED_ON = LEDGER_NO_DATE), with NOTE (≤ 500 bytes, may be
 * NULL). Errors as tsme_save; ERR_INVALID for a year outside 2000–2100 or
 * a filing day before the year's end.
 */
int annual_save(struct ledger *l, const char *uscc, int64_t year, int32_t filed_on,
		const char *note, struct err *e);

struct annual_year {
	int64_t year;
	int32_t due_on; /* 31 May of year + 1 */
	enum annual_state state;
	int32_t filed_on;
	const char *note;
	int recorded; /* a row exists */
};

struct annual_status {
	int has_cert;	 /* an HNTE certificate with an issue date */
	int32_t cert_on; /* its issue date */
	struct annual_year years[3];
	int n_years;		    /* 3 with a certificate, else 0 */
	int missing;		    /* missing reports of the period */
	int at_risk;		    /* missing ≥ 2 */
	struct annual_year *others; /* recorded reports outside the period, newest first */
	size_t n_others;
};

/* The reports of USCC for its current certificate as of TODAY (LEDGER_NO_DATE = today). */
int annual_status(struct ledger *l, const char *uscc, int32_t today, struct arena *arena,
		  struct annual_status *out, struct err *e);

struct annual_risk {
	char uscc[19];
	const char *name;
	const char *area;
	int32_t cert_on;
	int missing;
};

/*
 * The HNTEs (tier hnte or leader) in scope, of AREA when not NULL, with two
 * or more missing reports in their certificate's period as of TODAY, by name.
 */
int annual_risks(struct ledger *l, const char *area, int32_t today, struct arena *arena,
		 struct annual_risk **items, size_t *n, struct err *e);

#endif
