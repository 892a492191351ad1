/*
 * assess — the one entry point of the rules engine: profile + rule set →
 * HNTE conditions and score, TSME evaluation, certificate status and gap
 * diagnosis (rules.md §2–§6).
 *
 * Pure: no I/O, no allocation, no mutable globals; the result is a plain
 * caller-provided struct (large: keep one per thread and reuse it). Safe to
 * call from many threads at once with distinct results.
 */
#ifndef GAOQI_RULES_ASSESS_H
#define GAOQI_RULES_ASSESS_H

#include <stdint.h>

#include "core/err.h"
#include "rules/fields.h"
#include "rules/gaps.h"
#include "rules/hnte.h"
#include "rules/profile.h"
#include "rules/ruleset.h"
#include "rules/tsme.h"

enum assess_cert_status {
	ASSESS_CERT_NONE,     /* no certificate in the profile */
	ASSESS_CERT_NOT_YET,  /* issued after apply_on */
	ASSESS_CERT_VALID,    /* valid on apply_on, not in its last calendar year */
	ASSESS_CERT_EXPIRING, /* valid on apply_on, in its last calendar year */
	ASSESS_CERT_EXPIRED,  /* past its last valid day */
	ASSESS_CERT_REVOKED,  /* revoked on or before apply_on */
};

struct assess_cert {
	enum assess_cert_status status;
	int32_t issued_on;
	int32_t valid_until;	 /* last valid day: the day before the cert_years-th anniversary */
	int32_t next_report_due; /* the next 31 May annual report on or after apply_on within
				  * the validity, PROFILE_NO_DATE when none */
	int32_t revoked_on;	 /* from the profile */
};

struct assess_result {
	const struct ruleset *rules;
	int32_t apply_on;
	struct hnte_result hnte;
	struct tsme_result tsme;
	struct assess_cert cert;
	struct gaps_result gaps; /* earliest_year: never before the last calendar year of
				  * a certificate valid on apply_on (rules.md §5) */
};

/*
 * Assess P. RULES = NULL picks ruleset_for_year(year of apply_on); FIELDS =
 * NULL loads the embedded field table into a local copy for this call (batch
 * callers load one table with fields_load and pass it). Fails with
 * ERR_INVALID when P->apply_on is absent (field "apply_on") or no rule set
 * covers its year, ERR_INTERNAL when the field table cannot be loaded.
 */
int assess_run(const struct ruleset *rules, const struct fields_table *fields,
	       const struct profile *p, struct assess_result *out, struct err *e);

/* The certificate status of P on P->apply_on under RS. */
void assess_certificate(const struct ruleset *rs, const struct profile *p, struct assess_cert *out);

/*
 * Wire name of a certificate status ("none", "not_yet", "valid", "expiring",
 * "expired", "revoked").
 */
const char *assess_cert_status_name(enum assess_cert_status s);

#endif
