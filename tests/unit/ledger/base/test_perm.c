/*
 * Tests of ledger/base/perm: the capability × role table, stated as the
 * product's rules (product.md §1), one row per fact a user would notice.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ledger/base/perm.h"

/* Every role's full set of capabilities, as the UI receives them from /me. */
static const struct {
	enum role role;
	const char *caps;
} sets[] = {
	{ROLE_ADMIN,
	 "dashboard enterprises.list enterprises.create enterprises.edit enterprises.tier "
	 "records.edit records.lock records.recognition_mark ratings.edit imports "
	 "audit.read users.read users.manage areas.manage casework.write casework.comment "
	 "experts.list experts.assign experts.manage applications.read applications.write "
	 "batches.manage reminders reminders.mark calendar.edit announcements.read "
	 "announcements.write announcements.receipts questions.read questions.answer "
	 "questions.publish targets.read targets.manage awards.read awards.manage support.write "
	 "policies.read policies.write trainings.read trainings.write"},
	{ROLE_CITY,
	 "dashboard enterprises.list enterprises.create enterprises.edit enterprises.tier "
	 "records.edit records.lock records.recognition_mark ratings.edit imports "
	 "audit.read users.read casework.write casework.comment experts.list experts.assign "
	 "experts.manage applications.read applications.write batches.manage reminders "
	 "reminders.mark calendar.edit announcements.read announcements.write "
	 "announcements.receipts questions.read questions.answer questions.publish "
	 "targets.read targets.manage awards.read awards.manage support.write "
	 "policies.read policies.write trainings.read trainings.write"},
	{ROLE_COUNTY,
	 "dashboard enterprises.list enterprises.create enterprises.edit "
	 "enterprises.tier records.edit records.lock records.recognition_mark "
	 "ratings.edit imports casework.write casework.comment experts.list "
	 "experts.assign applications.read applications.write reminders reminders.mark "
	 "announcements.read announcements.write announcements.receipts questions.read "
	 "questions.answer questions.publish targets.read awards.read awards.confirm "
	 "support.write policies.read policies.write trainings.read trainings.write"},
	{ROLE_EXPERT, "dashboard enterprises.list ratings.edit casework.write casework.comment "
		      "experts.list plans.sign applications.read reminders reminders.mark "
		      "announcements.read questions.read questions.answer policies.read "
		      "trainings.read"},
	{ROLE_ENTERPRISE,
	 "records.edit ratings.edit casework.comment applications.read reminders reminders.mark "
	 "announcements.read announcements.ack questions.read questions.ask policies.read "
	 "trainings.read"},
	{ROLE_VIEWER, "dashboard enterprises.list experts.list applications.read reminders "
		      "announcements.read announcements.receipts questions.read targets.read "
		      "awards.read policies.read trainings.read"},
};

static void test_sets(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) {
		char got[1024] = "";
		size_t n = 0;
		for (int c = 0; c < CAP_COUNT; c++) {
			if (!perm_role_may(sets[i].role, (enum capability)c))
				continue;
			const char *name = perm_name((enum capability)c);
			n += (size_t)snprintf(got + n, sizeof got - n, "%s%s", n ? " " : "", name);
		}
		assert_string_equal(got, sets[i].caps);
	}
}

/* Single facts the product states, and the refusal message a user reads. */
static void test_facts(void **state)
{
	(void)state;
	struct scope s;
	struct err e;
	memset(&s, 0, sizeof s);
	err_clear(&e);
	s.role = ROLE_COUNTY;
	assert_false(perm_may(&s, CAP_AUDIT_READ)); /* a county does not read the city's audit */
	assert_int_equal(perm_check(&s, CAP_USERS_MANAGE, "只有管理员可以管理用户", &e),
			 ERR_FORBIDDEN);
	assert_string_equal(e.msg, "只有管理员可以管理用户");
	s.role = ROLE_ENTERPRISE; /* a firm keeps its own figures but cannot move its tier */
	assert_true(perm_may(&s, CAP_RECORDS_EDIT));
	assert_false(perm_may(&s, CAP_ENTERPRISES_TIER));
	assert_false(perm_may(&s, CAP_RECORDS_RECOGNITION_MARK));
	s.role = ROLE_EXPERT; /* an expert rates, but does not type a firm's figures */
	assert_true(perm_may(&s, CAP_RATINGS_EDIT));
	assert_false(perm_may(&s, CAP_RECORDS_EDIT));
	s.role = ROLE_VIEWER; /* a viewer writes nothing */
	for (int c = 0; c < CAP_COUNT; c++)
		if (c != CAP_DASHBOARD && c != CAP_ENTERPRISES_LIST && c != CAP_EXPERTS_LIST &&
		    c != CAP_APPLICATIONS_READ && c != CAP_REMINDERS &&
		    c != CAP_ANNOUNCEMENTS_READ && c != CAP_ANNOUNCEMENTS_RECEIPTS &&
		    c != CAP_QUESTIONS_READ && c != CAP_TARGETS_READ && c != CAP_AWARDS_READ &&
		    c != CAP_POLICIES_READ && c != CAP_TRAININGS_READ) /* reads, marks none */
			assert_false(perm_may(&s, (enum capability)c));
	err_clear(&e);
	s.role = ROLE_ADMIN;
	assert_int_equal(perm_check(&s, CAP_AREAS_MANAGE, "x", &e), 0);
}

/* Values outside the enums are refused, never read out of bounds. */
static void test_out_of_range(void **state)
{
	(void)state;
	assert_false(perm_role_may((enum role)ROLE_COUNT, CAP_DASHBOARD));
	assert_false(perm_role_may((enum role) - 1, CAP_DASHBOARD));
	assert_false(perm_role_may(ROLE_ADMIN, CAP_COUNT));
	assert_string_equal(perm_name(CAP_COUNT), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sets),
		cmocka_unit_test(test_facts),
		cmocka_unit_test(test_out_of_range),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
