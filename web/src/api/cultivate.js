// The cultivate domain (ledger/cultivate): casework of cultivation — the
// expert service team and its assignments, the problems of each enterprise
// (with their comments), visits and coaching sessions, and the caller's
// to-do lists, the plans (一企一策). docs/api.md "Casework: experts,
// problems, visits, plans (product C4, C5)".
//
// Scoped like enterprises: what lies outside the caller's scope is 404 and
// absent from lists. Who may write is the server's (capabilities
// casework.write, casework.comment, experts.assign, experts.manage).
import { api, seg, download } from './client.js';

/** @typedef {import('./client.js').RequestOptions} RequestOptions */

/**
 * An expert of the service team.
 * @typedef {object} Expert
 * @property {number} id the expert's user id
 * @property {string} username
 * @property {string} display_name
 * @property {string|null} organisation
 * @property {string|null} phone
 * @property {string[]} specialities codes of lib/labels.js SPECIALITIES
 * @property {string|null} note
 * @property {boolean} disabled
 * @property {{enterprises: number, open_problems: number, visits_this_month: number}} workload within the caller's scope
 */

/**
 * A problem of an enterprise (问题清单).
 * @typedef {object} Problem
 * @property {number} id
 * @property {string} uscc
 * @property {string} enterprise_name
 * @property {string} area
 * @property {string} category codes of lib/labels.js PROBLEM_CATEGORIES
 * @property {string} description
 * @property {{id: number, display_name: string}|null} owner
 * @property {string|null} due_on YYYY-MM-DD
 * @property {string} status open, in_progress, resolved, wont_fix
 * @property {string|null} reason why wont_fix
 * @property {string|null} resolution how it was resolved
 * @property {string|null} resolved_on
 * @property {{id: string, amount: string|null}|null} gap the assessment gap it came from
 * @property {number} overdue_days days past due_on while not closed
 * @property {string} escalation none, county, city
 * @property {{id: number, user: string, body: string, at: string}[]} [comments] only on a single problem
 */

/**
 * A visit or coaching session (走访/一对一辅导).
 * @typedef {object} Visit
 * @property {number} id
 * @property {string} uscc
 * @property {string} enterprise_name
 * @property {string} visited_on YYYY-MM-DD
 * @property {string} kind onsite, online, phone, meeting
 * @property {{id: number, display_name: string, role: string}[]} participants
 * @property {string|null} others participants who are not users
 * @property {string} content
 * @property {string|null} next_step
 * @property {string|null} next_on
 * @property {{id: number, effect: string, description: string}[]} problems raised or resolved in it
 */

// ---- experts ---------------------------------------------------------------

/**
 * GET /experts — the service team: every expert for the bureau and viewers,
 * itself for an expert; 403 for an enterprise user.
 * @param {RequestOptions} [opts]
 * @returns {Promise<{items: Expert[]}>}
 */
export function listExperts(opts) {
	return api.get('/experts', undefined, opts);
}

/**
 * GET /staff — the colleagues the caller may give a problem to or name in a
 * visit: city, county (of the caller's areas) and expert users; 403 without
 * casework.write.
 * @param {RequestOptions} [opts]
 * @returns {Promise<{items: {id: number, display_name: string, role: string}[]}>}
 */
export function listStaff(opts) {
	return api.get('/staff', undefined, opts);
}

/**
 * GET /experts/{id} — one expert with its assigned `enterprises` and its
 * latest 50 `visits`, both within the caller's scope.
 * @param {number} id
 * @param {RequestOptions} [opts]
 * @returns {Promise<Expert & {enterprises: object[], visits: Visit[]}>}
 */
export function getExpert(id, opts) {
	return api.get(`/experts/${seg(id)}`, undefined, opts);
}

/**
 * PUT /experts/{id} — changes the profile members BODY names
 * (experts.manage for anyone, an expert for itself).
 * @param {number} id
 * @param {{organisation?: string|null, phone?: string|null, specialities?: string[], note?: string|null}} body
 * @param {RequestOptions} [opts]
 * @returns {Promise<Expert>}
 */
export function updateExpert(id, body, opts) {
	return api.put(`/experts/${seg(id)}`, body, opts);
}

/**
 * GET /enterprises/{uscc}/experts — the experts assigned to the enterprise.
 * @param {string} uscc
 * @param {RequestOptions} [opts]
 * @returns {Promise<{items: Expert[]}>}
 */
export function listEnterpriseExperts(uscc, opts) {
	return api.get(`/enterprises/${seg(uscc)}/experts`, undefined, opts);
}

/**
 * POST /enterprises/{uscc}/experts — assigns an expert (experts.assign);
 * not an expert user is 400, already assigned 409.
 * @param {string} uscc
 * @param {number} expertId
 * @param {RequestOptions} [opts]
 * @returns {Promise<Expert>}
 */
export function assignExpert(uscc, expertId, opts) {
	return api.post(`/enterprises/${seg(uscc)}/experts`, { expert: expertId }, opts);
}

/**
 * DELETE /enterprises/{uscc}/experts/{id} — ends an assignment.
 * @param {string} uscc
 * @param {number} expertId
 * @param {RequestOptions} [opts]
 */
export function unassignExpert(uscc, expertId, opts) {
	return api.del(`/enterprises/${seg(uscc)}/experts/${seg(expertId)}`, opts);
}

// ---- problems --------------------------------------------------------------

/**
 * GET /enterprises/{uscc}/problems — the enterprise's problems, open first,
 * then by due date (without comments).
 * @param {string} uscc
 * @param {RequestOptions} [opts]
 * @returns {Promise<{items: Problem[]}>}
 */
export function listEnterpriseProblems(uscc, opts) {
	return api.get(`/enterprises/${seg(uscc)}/problems`, undefined, opts);
}

/**
 * POST /enterprises/{uscc}/problems — records a problem by hand.
 * @param {string} uscc
 * @param {{category: string, description: string, owner?: number|null, due_on?: string|null}} body
 * @param {RequestOptions} [opts]
 * @returns {Promise<Problem>}
 */
export function createProblem(uscc, body, opts) {
	return api.post(`/enterprises/${seg(uscc)}/problems`, body, opts);
}

/**
 * POST /enterprises/{uscc}/problems/from-gaps — one problem per gap of
 * today's assessment, except gaps that already have an open or in-progress
 * problem.
 * @param {string} uscc
 * @param {RequestOptions} [opts]
 * @returns {Promise<{items: Problem[], skipped: number}>}
 */
export function createProblemsFromGaps(uscc, opts) {
	return api.post(`/enterprises/${seg(uscc)}/problems/from-gaps`, {}, opts);
}

/**
 * GET /problems/{id} — one problem with its comments.
 * @param {number} id
 * @param {RequestOptions} [opts]
 * @returns {Promise<Problem>}
 */
export function getProblem(id, opts) {
	return api.get(`/problems/${seg(id)}`, undefined, opts);
}

/**
 * PUT /problems/{id} — changes the members BODY names, `status` included
 * (`wont_fix` needs `reason`, `resolved` needs `resolution`).
 * @param {number} id
 * @param {object} body
 * @param {RequestOptions} [opts]
 * @returns {Promise<Problem>}
 */
export function updateProblem(id, body, opts) {
	return api.put(`/problems/${seg(id)}`, body, opts);
}

/**
 * POST /problems/{id}/comments — adds a comment (casework.comment).
 * @param {number} id
 * @param {string} text at most 2000 bytes
 * @param {RequestOptions} [opts]
 * @returns {Promise<Problem>} the problem with its comments
 */
export function addProblemComment(id, text, opts) {
	return api.post(`/problems/${seg(id)}/comments`, { body: text }, opts);
}

/**
 * GET /problems — one page of the problems of the caller's scope.
 * @param {object} query status, category, area, owner ('me' or an id), expert, overdue ('1' or 'city'), page, page_size
 * @param {RequestOptions} [opts]
 * @returns {Promise<{items: Problem[], total: number, page: number, page_size: number}>}
 */
export function listProblems(query, opts) {
	return api.get('/problems', query, opts);
}

// ---- visits ----------------------------------------------------------------

/**
 * GET /enterprises/{uscc}/visits — the enterprise's visits, newest first.
 * @param {string} uscc
 * @param {RequestOptions} [opts]
 * @returns {Promise<{items: Visit[]}>}
 */
export function listEnterpriseVisits(uscc, opts) {
	return api.get(`/enterprises/${seg(uscc)}/visits`, undefined, opts);
}

/**
 * POST /enterprises/{uscc}/visits — records a visit; `participants` are user
 * ids, `problems` [{id, effect: 'raised'|'resolved'}] of the same enterprise.
 * @param {string} uscc
 * @param {object} body visited_on and content required
 * @param {RequestOptions} [opts]
 * @returns {Promise<Visit>}
 */
export function createVisit(uscc, body, opts) {
	return api.post(`/enterprises/${seg(uscc)}/visits`, body, opts);
}

/**
 * GET /visits/{id} — one visit.
 * @param {number} id
 * @param {RequestOptions} [opts]
 * @returns {Promise<Visit>}
 */
export function getVisit(id, opts) {
	return api.get(`/visits/${seg(id)}`, undefined, opts);
}

/**
 * PUT /visits/{id} — changes the members BODY names.
 * @param {number} id
 * @param {object} body
 * @param {RequestOptions} [opts]
 * @returns {Promise<Visit>}
 */
export function updateVisit(id, body, opts) {
	return api.put(`/visits/${seg(id)}`, body, opts);
}

/**
 * DELETE /visits/{id}.
 * @param {number} id
 * @param {RequestOptions} [opts]
 */
export function deleteVisit(id, opts) {
	return api.del(`/visits/${seg(id)}`, opts);
}

/**
 * GET /visits — one page of the visits of the caller's scope.
 * @param {object} query from, to (visit dates), follow_up ('1'), mine ('1'), area, page, page_size
 * @param {RequestOptions} [opts]
 * @returns {Promise<{items: Visit[], total: number, page: number, page_size: number}>}
 */
export function listVisits(query, opts) {
	return api.get('/visits', query, opts);
}

// ---- plans (一企一策) --------------------------------------------------------

/**
 * A task of a plan.
 * @typedef {object} PlanTask
 * @property {number} n its position
 * @property {string} kind ip, st_staff, rd, hitech_income, conversion, rd_org, wait
 * @property {string} kind_label
 * @property {string|null} closes the gap (C1…C8, score); null when added by hand
 * @property {string|null} closes_label
 * @property {string} quantity in the firm's terms ("3项", "2.5人", "412,600.00元")
 * @property {string} description
 * @property {string} due YYYY-MM-DD
 * @property {boolean} overdue
 * @property {{id: number, display_name: string}|null} owner
 * @property {string} status open, done, dropped
 * @property {string|null} evidence
 * @property {string|null} done_on
 */

/**
 * A plan (一企一策).
 * @typedef {object} Plan
 * @property {number} id
 * @property {string} state draft, signed, active, done, abandoned
 * @property {string} state_label
 * @property {number|null} target_year
 * @property {number} apply_year
 * @property {number|null} earliest_year
 * @property {number} version the latest signed version, 0 = never signed
 * @property {PlanTask[]} [tasks] only on a single plan
 * @property {{version: number, signed_by: string, signed_at: string}[]} [versions]
 * @property {object} [live] the plan JSON of `gaoqi plan` re-assessed now (unclosable, assessment)
 */

/**
 * GET /enterprises/{uscc}/plans — the enterprise's plans, newest first.
 * @param {string} uscc
 * @param {RequestOptions} [opts]
 * @returns {Promise<{items: Plan[]}>}
 */
export function listEnterprisePlans(uscc, opts) {
	return api.get(`/enterprises/${seg(uscc)}/plans`, undefined, opts);
}

/**
 * POST /enterprises/{uscc}/plans — generates a draft from today's assessment
 * for the earliest year, or YEAR; replaces a draft, 409 while a signed or
 * active plan exists.
 * @param {string} uscc
 * @param {number|null} [year]
 * @param {RequestOptions} [opts]
 * @returns {Promise<Plan>}
 */
export function generatePlan(uscc, year, opts) {
	return api.post(`/enterprises/${seg(uscc)}/plans`, year ? { year } : {}, opts);
}

/**
 * GET /plans/{id} — one plan with its tasks, versions and the live projection.
 * @param {number} id
 * @param {RequestOptions} [opts]
 * @returns {Promise<Plan>}
 */
export function getPlan(id, opts) {
	return api.get(`/plans/${seg(id)}`, undefined, opts);
}

/**
 * GET /plans/{id}/versions/{n} — a signed version as it was signed.
 * @param {number} id
 * @param {number} version
 * @param {RequestOptions} [opts]
 * @returns {Promise<{version: number, signed_by: string, signed_at: string, plan: object, tasks: object[]}>}
 */
export function getPlanVersion(id, version, opts) {
	return api.get(`/plans/${seg(id)}/versions/${seg(version)}`, undefined, opts);
}

/**
 * POST /plans/{id}/sign — signs the plan (an expert assigned to the firm).
 * @param {number} id
 * @param {RequestOptions} [opts]
 * @returns {Promise<Plan>}
 */
export function signPlan(id, opts) {
	return api.post(`/plans/${seg(id)}/sign`, {}, opts);
}

/**
 * POST /plans/{id}/activate — starts a signed plan.
 * @param {number} id
 * @param {RequestOptions} [opts]
 * @returns {Promise<Plan>}
 */
export function activatePlan(id, opts) {
	return api.post(`/plans/${seg(id)}/activate`, {}, opts);
}

/**
 * POST /plans/{id}/finish — done (from active) or abandoned with a reason.
 * @param {number} id
 * @param {'done'|'abandoned'} outcome
 * @param {string} [reason] required when abandoned
 * @param {RequestOptions} [opts]
 * @returns {Promise<Plan>}
 */
export function finishPlan(id, outcome, reason, opts) {
	return api.post(`/plans/${seg(id)}/finish`, reason ? { outcome, reason } : { outcome }, opts);
}

/**
 * POST /plans/{id}/tasks — adds a task by hand (the kind and its members).
 * @param {number} id
 * @param {object} body
 * @param {RequestOptions} [opts]
 * @returns {Promise<Plan>}
 */
export function addPlanTask(id, body, opts) {
	return api.post(`/plans/${seg(id)}/tasks`, body, opts);
}

/**
 * PUT /plans/{id}/tasks/{n} — changes owner, due, status, evidence, done_on.
 * @param {number} id
 * @param {number} n
 * @param {{owner?: number|null, due?: string, status?: string, evidence?: string|null, done_on?: string|null}} body
 * @param {RequestOptions} [opts]
 * @returns {Promise<Plan>}
 */
export function updatePlanTask(id, n, body, opts) {
	return api.put(`/plans/${seg(id)}/tasks/${seg(n)}`, body, opts);
}

/**
 * GET /plans/{id}/export.xlsx — downloads the plan as FILENAME.
 * @param {number} id
 * @param {string} filename
 * @param {RequestOptions} [opts]
 */
export function downloadPlanXlsx(id, filename, opts) {
	return download(`/plans/${seg(id)}/export.xlsx`, undefined, filename, opts);
}

// ---- my work ---------------------------------------------------------------

/**
 * GET /my-work — 我的待办: the overdue problems of the scope (as they
 * escalate), the open problems the caller owns, the visits with a next step
 * due within 7 days that the caller created or took part in, the open tasks
 * of signed or active plans the caller owns due within 30 days (≤ 100 each).
 * @param {RequestOptions} [opts]
 * @returns {Promise<{problems_overdue: Problem[], problems_mine: Problem[], visits_follow_up: Visit[], plan_tasks_due: PlanTask[]}>}
 */
export function getMyWork(opts) {
	return api.get('/my-work', undefined, opts);
}
