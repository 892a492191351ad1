// The intake domain (ledger/intake): ledger files in and out — the import of
// a spreadsheet, its template, the export of the ledger. docs/api.md
// "Imports and exports".
import { upload, download } from './client.js';

/** @typedef {import('./client.js').RequestOptions} RequestOptions */

/**
 * POST /imports — sends FILE itself as the body. Resolves to the report;
 * without skip_invalid a file with a bad row writes nothing (`committed`
 * false), so the caller must look at `committed`.
 * @param {File} file
 * @param {{dry_run?: number, skip_invalid?: number, sheet?: string, area?: string}} params
 *   area: the area code of new enterprises whose row has none ('' = inferred
 *   from the credit code or address and listed in `inferred_areas`)
 * @param {RequestOptions & {onProgress?: (fraction: number) => void}} [opts]
 *   onProgress(0…1) while the bytes go out; at 1 the server is still working
 */
export function importLedger(file, params, opts = {}) {
	return upload('/imports', file, { ...opts, query: params });
}

/**
 * GET /imports/template — downloads the empty ledger as FILENAME.
 * @param {'xlsx'|'csv'} format
 * @param {string} filename
 * @param {RequestOptions} [opts]
 * @returns {Promise<number>} the number of bytes
 */
export function downloadTemplate(format, filename, opts) {
	return download('/imports/template', { format }, filename, opts);
}

// The members of a ledger list query that the export does not take.
const NOT_EXPORTED = ['page', 'page_size'];

/**
 * GET /enterprises/export — downloads every enterprise of the caller's scope
 * that matches the filters (not only a page) as FILENAME, in the list's
 * order: the export takes the list's query but its paging.
 * @param {object} query format (xlsx|csv), year (adds that year's
 *   indicators), area, tier, field, expiry_year, q, verdict, sort, order
 * @param {string} filename
 * @param {RequestOptions} [opts]
 * @returns {Promise<number>} the number of bytes
 */
export function exportEnterprises(query, filename, opts) {
	const q = { ...query };
	for (const k of NOT_EXPORTED) delete q[k];
	return download('/enterprises/export', q, filename, opts);
}
