// What the caller may do: the server's `capabilities` (the answers of the
// login and of /me, api/access.js), the names of the permission table in
// ledger. The UI shows what they allow and never keeps its own lists of
// roles; the server enforces the same table. Use can(name) of session.js.

/** Every capability name the server hands out (ledger/base/perm.c). */
export const CAPABILITIES = [
	'dashboard',
	'enterprises.list',
	'enterprises.create',
	'enterprises.edit',
	'enterprises.tier',
	'records.edit',
	'records.lock',
	'records.recognition_mark',
	'ratings.edit',
	'imports',
	'audit.read',
	'users.read',
	'users.manage',
	'areas.manage',
	'casework.write',
	'casework.comment',
	'experts.list',
	'experts.assign',
	'experts.manage',
	'plans.sign',
	'applications.read',
	'applications.write',
	'batches.manage',
	'reminders',
	'reminders.mark',
	'calendar.edit',
	'announcements.read',
	'announcements.write',
	'announcements.receipts',
	'announcements.ack',
	'questions.read',
	'questions.ask',
	'questions.answer',
	'questions.publish',
	// targets (issue 14)
	'targets.read',
	'targets.manage',
	// awards (issue 15)
	'awards.read',
	'awards.manage',
	'awards.confirm',
	'support.write',
	// policy library and trainings (issue 16)
	'policies.read',
	'policies.write',
	'trainings.read',
	'trainings.write',
];

/**
 * The capabilities of a login or /me answer as a Set: its `capabilities`
 * strings; nothing when there is no user or the member is missing or not an
 * array (an older server: the UI then offers nothing beyond its own page).
 */
export function capabilitySet(data) {
	const list = data?.user && Array.isArray(data.capabilities) ? data.capabilities : [];
	return new Set(list.filter((c) => typeof c === 'string'));
}
