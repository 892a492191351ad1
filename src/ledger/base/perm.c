/*
 * perm — the capability × role table (see perm.h).
 */
#include "ledger/base/perm.h"
#include "ledger/internal.h"

#define A (1u << ROLE_ADMIN)
#define C (1u << ROLE_CITY)
#define K (1u << ROLE_COUNTY)
#define X (1u << ROLE_EXPERT)
#define E (1u << ROLE_ENTERPRISE)
#define V (1u << ROLE_VIEWER)
#define BUREAU (A | C | K) /* the bureau's own staff: admin, city, county */

static const struct {
	const char *name;
	unsigned roles;
} table[CAP_COUNT] = {
	[CAP_DASHBOARD] = {"dashboard", BUREAU | X | V},
	[CAP_ENTERPRISES_LIST] = {"enterprises.list", BUREAU | X | V},
	[CAP_ENTERPRISES_CREATE] = {"enterprises.create", BUREAU},
	[CAP_ENTERPRISES_EDIT] = {"enterprises.edit", BUREAU},
	[CAP_ENTERPRISES_TIER] = {"enterprises.tier", BUREAU},
	[CAP_RECORDS_EDIT] = {"records.edit", BUREAU | E},
	[CAP_RECORDS_LOCK] = {"records.lock", BUREAU},
	[CAP_RECORDS_RECOGNITION_MARK] = {"records.recognition_mark", BUREAU},
	[CAP_RATINGS_EDIT] = {"ratings.edit", BUREAU | X | E},
	[CAP_IMPORTS] = {"imports", BUREAU},
	[CAP_AUDIT_READ] = {"audit.read", A | C},
	[CAP_USERS_READ] = {"users.read", A | C},
	[CAP_USERS_MANAGE] = {"users.manage", A},
	[CAP_AREAS_MANAGE] = {"areas.manage", A},
	[CAP_CASEWORK_WRITE] = {"casework.write", BUREAU | X},
	[CAP_CASEWORK_COMMENT] = {"casework.comment", BUREAU | X | E},
	[CAP_EXPERTS_LIST] = {"experts.list", BUREAU | X | V},
	[CAP_EXPERTS_ASSIGN] = {"experts.assign", BUREAU},
	[CAP_EXPERTS_MANAGE] = {"experts.manage", A | C},
	[CAP_PLANS_SIGN] = {"plans.sign", X},
	[CAP_APPLICATIONS_READ] = {"applications.read", BUREAU | X | E | V},
	[CAP_APPLICATIONS_WRITE] = {"applications.write", BUREAU},
	[CAP_BATCHES_MANAGE] = {"batches.manage", A | C},
	[CAP_REMINDERS] = {"reminders", BUREAU | X | E | V},
	[CAP_REMINDERS_MARK] = {"reminders.mark", BUREAU | X | E},
	[CAP_CALENDAR_EDIT] = {"calendar.edit", A | C},
	[CAP_ANNOUNCEMENTS_READ] = {"announcements.read", BUREAU | X | E | V},
	[CAP_ANNOUNCEMENTS_WRITE] = {"announcements.write", BUREAU},
	[CAP_ANNOUNCEMENTS_RECEIPTS] = {"announcements.receipts", BUREAU | V},
	[CAP_ANNOUNCEMENTS_ACK] = {"announcements.ack", E},
	[CAP_QUESTIONS_READ] = {"questions.read", BUREAU | X | E | V},
	[CAP_QUESTIONS_ASK] = {"questions.ask", E},
	[CAP_QUESTIONS_ANSWER] = {"questions.answer", BUREAU | X},
	[CAP_QUESTIONS_PUBLISH] = {"questions.publish", BUREAU},
	/* targets (issue 14) */
	[CAP_TARGETS_READ] = {"targets.read", BUREAU | V},
	[CAP_TARGETS_MANAGE] = {"targets.manage", A | C},
	/* awards (issue 15) */
	[CAP_AWARDS_READ] = {"awards.read", BUREAU | V},
	[CAP_AWARDS_MANAGE] = {"awards.manage", A | C},
	[CAP_AWARDS_CONFIRM] = {"awards.confirm", K},
	[CAP_SUPPORT_WRITE] = {"support.write", BUREAU},
	/* policy library and trainings (issue 16) */
	[CAP_POLICIES_READ] = {"policies.read", BUREAU | X | E | V},
	[CAP_POLICIES_WRITE] = {"policies.write", BUREAU},
	[CAP_TRAININGS_READ] = {"trainings.read", BUREAU | X | E | V}, /* E: its area's, its own */
	[CAP_TRAININGS_WRITE] = {"trainings.write", BUREAU},
};

int perm_role_may(enum role r, enum capability c)
{
	if ((int)r < 0 || (int)r >= ROLE_COUNT || (int)c < 0 || (int)c >= CAP_COUNT)
		return 0;
	return (table[c].roles >> r) & 1u;
}

int perm_may(const struct scope *s, enum capability c)
{
	return perm_role_may(s->role, c);
}

int perm_check(const struct scope *s, enum capability c, const char *why, struct err *e)
{
	if (perm_may(s, c))
		return 0;
	return err_set(e, ERR_FORBIDDEN, NULL, "%s", why);
}

const char *perm_name(enum capability c)
{
	if ((int)c < 0 || (int)c >= CAP_COUNT)
		return "?";
	assert(table[c].name);
	return table[c].name;
}
