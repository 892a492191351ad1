/*
 * assessment — an enterprise's stored data as a rules-engine profile
 * (rules/profile.h) for an application date, and its assessment
 * (rules/assess.h). Scope applies: an enterprise outside it is ERR_NOT_FOUND.
 *
 * What the profile holds: registration date, field, the indicator years
 * before the application year (at most PROFILE_MAX_YEARS, the most recent),
 * every IP item (ip_given = 1, even when there is none), the latest
 * qualitative ratings of a year ≤ the last fiscal year, the HNTE certificate.
 * Decision: the ledger records incidents as a yes/no per fiscal year; a year
 * flagged becomes one incident of kind major_safety dated 31 December of that
 * year. The TSME flags are left absent (rules.md §1: favourable, listed as
 * assumed).
 */
#ifndef GAOQI_LEDGER_ASSESSMENT_H
#define GAOQI_LEDGER_ASSESSMENT_H

#include <stdint.h>

#include "core/err.h"
#include "ledger/ledger.h"
#include "rules/assess.h"
#include "rules/profile.h"

/*
 * Fill P (initialised by the caller with profile_init; reset here) with the
 * data of USCC for an application on APPLY_ON (LEDGER_NO_DATE = today).
 * Errors: ERR_NOT_FOUND, ERR_DB. The caller releases P with profile_cleanup.
 */
int assessment_profile(struct ledger *l, const char *uscc, int32_t apply_on, struct profile *p,
		       struct err *e);

/*
 * Build the profile of USCC into P (as assessment_profile) and assess it
 * with the rule set of the application year into *OUT (both caller-owned;
 * the result is large: reuse it).
 */
int assessment_run(struct ledger *l, const char *uscc, int32_t apply_on, struct profile *p,
		   struct assess_result *out, struct err *e);

#endif
