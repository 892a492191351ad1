// The records domain (ledger/records): annual indicators and their locks,
// intellectual property. docs/api.md "Annual indicators", "Intellectual property".
import { api, seg } from './client.js';

/** @typedef {import('./client.js').RequestOptions} RequestOptions */

/**
 * GET /enterprises/{uscc}/years — every year's indicators, oldest first.
 * @param {string} uscc
 * @param {RequestOptions} [opts]
 * @returns {Promise<{items: object[]}>}
 */
export function listYears(uscc, opts) {
	return api.get(`/enterprises/${seg(uscc)}/years`, undefined, opts);
}

/**
 * GET /enterprises/{uscc}/years/{year} — one year (404 when there is none).
 * @param {string} uscc
 * @param {number} year
 * @param {RequestOptions} [opts]
 */
export function getYear(uscc, year, opts) {
	return api.get(`/enterprises/${seg(uscc)}/years/${seg(year)}`, undefined, opts);
}

/**
 * PUT /enterprises/{uscc}/years/{year} — changes the members BODY names
 * (the year is created when absent); a locked year is 409. Resolves to the year.
 * @param {string} uscc
 * @param {number} year
 * @param {object} body
 * @param {RequestOptions} [opts]
 */
export function saveYear(uscc, year, body, opts) {
	return api.put(`/enterprises/${seg(uscc)}/years/${seg(year)}`, body, opts);
}

/**
 * Locks or unlocks one year's indicators (the same PUT with only `locked`).
 * @param {string} uscc
 * @param {number} year
 * @param {boolean} locked
 * @param {RequestOptions} [opts]
 */
export function setYearLocked(uscc, year, locked, opts) {
	return api.put(`/enterprises/${seg(uscc)}/years/${seg(year)}`, { locked }, opts);
}

/**
 * GET /enterprises/{uscc}/ip — the enterprise's intellectual property.
 * @param {string} uscc
 * @param {RequestOptions} [opts]
 * @returns {Promise<{items: object[]}>}
 */
export function listIp(uscc, opts) {
	return api.get(`/enterprises/${seg(uscc)}/ip`, undefined, opts);
}

/**
 * POST /enterprises/{uscc}/ip — adds an item; a duplicate number is 409.
 * @param {string} uscc
 * @param {object} body the item without id
 * @param {RequestOptions} [opts]
 */
export function createIp(uscc, body, opts) {
	return api.post(`/enterprises/${seg(uscc)}/ip`, body, opts);
}

/**
 * PUT /enterprises/{uscc}/ip/{id} — changes the members BODY names.
 * @param {string} uscc
 * @param {number} id
 * @param {object} body
 * @param {RequestOptions} [opts]
 */
export function updateIp(uscc, id, body, opts) {
	return api.put(`/enterprises/${seg(uscc)}/ip/${seg(id)}`, body, opts);
}

/**
 * DELETE /enterprises/{uscc}/ip/{id}.
 * @param {string} uscc
 * @param {number} id
 * @param {RequestOptions} [opts]
 */
export function deleteIp(uscc, id, opts) {
	return api.del(`/enterprises/${seg(uscc)}/ip/${seg(id)}`, opts);
}

/**
 * GET /enterprises/{uscc}/ratings/{year} — the expert's ratings and the
 * R&D-management self-check the assessment of YEAR uses: those recorded for
 * YEAR (`recorded`), else the latest earlier ones (`carried_from`), else
 * every member null. Ratings are "A"–"E", whole points or null; `rd_org` a
 * band letter or the four items' points.
 * @param {string} uscc
 * @param {number} year
 * @param {RequestOptions} [opts]
 */
export function getRatings(uscc, year, opts) {
	return api.get(`/enterprises/${seg(uscc)}/ratings/${seg(year)}`, undefined, opts);
}

/**
 * PUT /enterprises/{uscc}/ratings/{year} — records the ratings of YEAR (an
 * enterprise user its self-check only: the expert's ratings it sends must
 * be left as they are). Resolves to the stored ratings.
 * @param {string} uscc
 * @param {number} year
 * @param {object} body advancement, core_support, rd_org, standards
 * @param {RequestOptions} [opts]
 */
export function saveRatings(uscc, year, body, opts) {
	return api.put(`/enterprises/${seg(uscc)}/ratings/${seg(year)}`, body, opts);
}
