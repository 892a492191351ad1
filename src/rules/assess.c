/* assess — the engine's entry point: HNTE, TSME, certificate, gaps. */
#include "rules/assess.h"

#include <string.h>

#include "core/date.h"

void assess_certificate(const struct ruleset *rs, const struct profile *p, struct assess_cert *c)
{
	memset(c, 0, sizeof *c);
	c->issued_on = p->hnte_issued_on;
	c->valid_until = PROFILE_NO_DATE;
	c->next_report_due = PROFILE_NO_DATE;
	c->revoked_on = p->hnte_revoked_on;
	if (p->hnte_issued_on == PROFILE_NO_DATE) {
		c->status = ASSESS_CERT_NONE;
		return;
	}
	/* Decision (rules.md §5): the last valid day is the day before the third anniversary. */
	c->valid_until = date_add_years(p->hnte_issued_on, rs->cert_years) - 1;
	if (p->apply_on < p->hnte_issued_on)
		c->status = ASSESS_CERT_NOT_YET;
	else if (p->hnte_revoked_on != PROFILE_NO_DATE && p->hnte_revoked_on <= p->apply_on)
		c->status = ASSESS_CERT_REVOKED;
	else if (p->apply_on > c->valid_until)
		c->status = ASSESS_CERT_EXPIRED;
	else if (date_year(p->apply_on) == date_year(c->valid_until))
		c->status = ASSESS_CERT_EXPIRING;
	else
		c->status = ASSESS_CERT_VALID;
	if (c->status == ASSESS_CERT_VALID || c->status == ASSESS_CERT_EXPIRING) {
		/* the annual report of the previous year is due by 31 May of each year of validity
		 */
		int y = date_year(p->apply_on);
		int32_t due = date_from_ymd(y, 5, 31);
		if (due < p->apply_on)
			due = date_from_ymd(y + 1, 5, 31);
		if (due <= c->valid_until)
			c->next_report_due = due;
	}
}

int assess_run(const struct ruleset *rules, const struct fields_table *fields,
	       const struct profile *p, struct assess_result *out, struct err *e)
{
	if (p->apply_on == PROFILE_NO_DATE)
		return err_set(e, ERR_INVALID, "apply_on", "缺少申报日期");
	int year = date_year(p->apply_on);
	if (!rules)
		rules = ruleset_for_year(year);
	if (!rules)
		return err_set(e, ERR_INVALID, "apply_on", "%d年的认定规则未收录（最早为2016年）",
			       year);
	struct fields_table local;
	if (!fields) {
		int rc = fields_load(&local, e);
		if (rc)
			return rc;
		fields = &local;
	}
	out->rules = rules;
	out->apply_on = p->apply_on;
	hnte_assess(rules, fields, p, &out->hnte);
	assess_certificate(rules, p, &out->cert);
	int cert_valid =
		out->cert.status == ASSESS_CERT_VALID || out->cert.status == ASSESS_CERT_EXPIRING;
	tsme_assess(rules, p, cert_valid, &out->tsme);
	gaps_diagnose(rules, p, &out->hnte, &out->gaps);
	/* rules.md §5: the holder of a valid certificate applies again in its
	 * last calendar year (re-recognition), not before */
	int renew = date_year(out->cert.valid_until);
	if (out->cert.status == ASSESS_CERT_VALID && out->gaps.earliest_year &&
	    renew > out->gaps.earliest_year)
		out->gaps.earliest_year = renew;
	return 0;
}

const char *assess_cert_status_name(enum assess_cert_status s)
{
	switch (s) {
	case ASSESS_CERT_NOT_YET: return "not_yet";
	case ASSESS_CERT_VALID: return "valid";
	case ASSESS_CERT_EXPIRING: return "expiring";
	case ASSESS_CERT_EXPIRED: return "expired";
	case ASSESS_CERT_REVOKED: return "revoked";
	default: return "none";
	}
}
