// The assess domain (ledger/assess): an enterprise's assessment and profile,
// the what-if, the dashboard's counts and verdicts. docs/api.md "Assessment",
// "Dashboard".
import { api, seg } from './client.js';

/** @typedef {import('./client.js').RequestOptions} RequestOptions */

/**
 * GET /enterprises/{uscc}/assessment — the stored data assessed for an
 * application in YEAR (today when it is this year, else 30 June).
 * @param {string} uscc
 * @param {number} year
 * @param {RequestOptions} [opts]
 * @returns {Promise<object>} the assessment object of rules.md §7
 */
export function getAssessment(uscc, year, opts) {
	return api.get(`/enterprises/${seg(uscc)}/assessment`, { year }, opts);
}

/**
 * GET /enterprises/{uscc}/profile — what getAssessment() assessed, as the
 * profile JSON of rules.md §1: the starting point of a what-if.
 * @param {string} uscc
 * @param {number} year
 * @param {RequestOptions} [opts]
 */
export function getProfile(uscc, year, opts) {
	return api.get(`/enterprises/${seg(uscc)}/profile`, { year }, opts);
}

/**
 * POST /assess — assesses an edited profile; nothing is saved.
 * @param {object} profile
 * @param {RequestOptions} [opts]
 * @returns {Promise<object>} the assessment object
 */
export function assessProfile(profile, opts) {
	return api.post('/assess', profile, opts);
}

/**
 * GET /dashboard — the counts of the caller's scope by tier, area, field and
 * certificate expiry.
 * @param {RequestOptions} [opts]
 */
export function getDashboard(opts) {
	return api.get('/dashboard', undefined, opts);
}

/**
 * GET /dashboard/verdicts — the HNTE verdicts of every enterprise in scope,
 * counted for the whole scope and for the reserve and key pools.
 * @param {number} [year] the application year (default: today)
 * @param {RequestOptions} [opts]
 */
export function getDashboardVerdicts(year, opts) {
	return api.get('/dashboard/verdicts', year ? { year } : undefined, opts);
}
