// The audit log (ledger/base audit; admin and city only). docs/api.md "Audit log".
import { api } from './client.js';

/** @typedef {import('./client.js').RequestOptions} RequestOptions */

/**
 * GET /audit — one page of the audit log, newest first.
 * @param {{user?: string, table?: string, action?: string, key?: string, from?: string, to?: string, page?: number, page_size?: number}} query
 *   key matches a row key exactly (a USCC, "USCC/YEAR"); from and to are inclusive dates
 * @param {RequestOptions} [opts]
 * @returns {Promise<{items: object[], total: number, page: number, page_size: number}>}
 */
export function listAudit(query, opts) {
	return api.get('/audit', query, opts);
}
