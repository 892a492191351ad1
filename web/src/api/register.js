// The register domain (ledger/register): enterprises, their tier, the areas.
// docs/api.md "Enterprises", "Areas".
import { api, seg } from './client.js';

/** @typedef {import('./client.js').RequestOptions} RequestOptions */

/**
 * GET /enterprises — one page of the enterprises in the caller's scope.
 * @param {object} query area, tier, verdict, field, expiry_year, q, sort, order, page, page_size
 * @param {RequestOptions} [opts]
 * @returns {Promise<{items: object[], total: number, page: number, page_size: number}>}
 */
export function listEnterprises(query, opts) {
	return api.get('/enterprises', query, opts);
}

/**
 * GET /enterprises/{uscc} — one enterprise (404 when absent or outside the scope).
 * @param {string} uscc
 * @param {RequestOptions} [opts]
 */
export function getEnterprise(uscc, opts) {
	return api.get(`/enterprises/${seg(uscc)}`, undefined, opts);
}

/**
 * POST /enterprises — registers an enterprise; resolves to it as stored.
 * @param {object} body the enterprise (uscc, name, area required)
 * @param {RequestOptions} [opts]
 */
export function createEnterprise(body, opts) {
	return api.post('/enterprises', body, opts);
}

/**
 * PUT /enterprises/{uscc} — changes the members BODY names (not uscc, not
 * tier); the others keep their stored values. Resolves to the enterprise.
 * @param {string} uscc
 * @param {object} body
 * @param {RequestOptions} [opts]
 */
export function patchEnterprise(uscc, body, opts) {
	return api.put(`/enterprises/${seg(uscc)}`, body, opts);
}

/**
 * POST /enterprises/{uscc}/tier — moves the enterprise to another tier.
 * @param {string} uscc
 * @param {{tier: string, reason: string, exit_reason?: string|null, on?: string}} body
 * @param {RequestOptions} [opts]
 * @returns {Promise<object>} the enterprise
 */
export function changeTier(uscc, body, opts) {
	return api.post(`/enterprises/${seg(uscc)}/tier`, body, opts);
}

/**
 * GET /enterprises/{uscc}/tier-history — the tier changes, oldest first.
 * @param {string} uscc
 * @param {RequestOptions} [opts]
 * @returns {Promise<{items: object[]}>}
 */
export function getTierHistory(uscc, opts) {
	return api.get(`/enterprises/${seg(uscc)}/tier-history`, undefined, opts);
}

/**
 * GET /areas — every area for admin, city, expert and enterprise users; only
 * their own for county and viewer users. Pages use composables/useAreas.js,
 * which asks once per session.
 * @param {RequestOptions} [opts]
 * @returns {Promise<{items: {code: string, name: string, kind: string}[]}>}
 */
export function listAreas(opts) {
	return api.get('/areas', undefined, opts);
}

/**
 * GET /fields — the technology-field table (国家重点支持的高新技术领域):
 * {items: [{code, name, level (1–3), parent ("" for level 1)}]}.
 * @param {RequestOptions} [opts]
 */
export function listFields(opts) {
	return api.get('/fields', undefined, opts);
}
