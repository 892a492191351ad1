// The apply domain (ledger/apply): recognition batches, the applications of
// enterprises in them and their stages, the public-notice list of a batch,
// TSME registrations and annual reports. docs/api.md "Applications (product C3a)".
//
// Scoped like enterprises: what lies outside the caller's scope is 404 and
// absent from lists and counts. Who may write is the server's (capabilities
// applications.write, batches.manage).
import { api, upload, seg } from './client.js';

/** @typedef {import('./client.js').RequestOptions} RequestOptions */

/** Stage codes in pipeline order, with their Chinese labels. */
export const STAGES = [
	['intended', '拟申报'],
	['county_recommended', '审查推荐'],
	['submitted', '已提交'],
	['under_review', '评审中'],
	['publicised', '公示'],
	['recognised', '已认定'],
	['not_recognised', '未通过'],
	['withdrawn', '已撤回'],
];

/** GET /batches — every batch (newest first) with its stage counts in scope. */
export const listBatches = (query, opts) => api.get('/batches', query, opts);
/** POST /batches — a new batch {year, name, province, submit_by, review_on, notice_on}. */
export const createBatch = (body, opts) => api.post('/batches', body, opts);
/** GET /applications — a page of applications (batch_id, stage, area, q, page, page_size). */
export const listApplications = (query, opts) => api.get('/applications', query, opts);
/** GET /applications/{id} — one application with its history, IP items and assessment. */
export const getApplication = (id, opts) => api.get(`/applications/${seg(id)}`, undefined, opts);
/** POST /applications — {batch_id, uscc | usccs, note}: firms into a batch (all or none). */
export const createApplications = (body, opts) => api.post('/applications', body, opts);
/** POST /applications/{id}/stage — {stage, on, note, cert_no, cert_on, reason}. */
export const moveApplication = (id, body, opts) => api.post(`/applications/${seg(id)}/stage`, body, opts);
/** POST /applications/stage — {ids, stage, note}: many applications moved, all or none. */
export const moveApplications = (body, opts) => api.post('/applications/stage', body, opts);
/** GET /enterprises/{uscc}/applications — the firm's applications. */
export const firmApplications = (uscc, opts) => api.get(`/enterprises/${seg(uscc)}/applications`, { page_size: 100 }, opts);
/** GET /enterprises/{uscc}/tsme — the firm's TSME registrations. */
export const firmTsme = (uscc, opts) => api.get(`/enterprises/${seg(uscc)}/tsme`, undefined, opts);
/** POST /enterprises/{uscc}/tsme — {year, reg_no, status, registered_on}. */
export const saveTsme = (uscc, body, opts) => api.post(`/enterprises/${seg(uscc)}/tsme`, body, opts);
/** GET /enterprises/{uscc}/annual-reports — the reports of the certificate's period. */
export const firmAnnual = (uscc, opts) => api.get(`/enterprises/${seg(uscc)}/annual-reports`, undefined, opts);
/** PUT /enterprises/{uscc}/annual-reports/{year} — {filed_on (null: missing), note}. */
export const saveAnnual = (uscc, year, body, opts) => api.put(`/enterprises/${seg(uscc)}/annual-reports/${seg(year)}`, body, opts);
/**
 * POST /batches/{id}/outcomes — sends the public-notice list FILE itself;
 * resolves to the report (rows, changed, unchanged, unmatched, refused, lines).
 * @param {number} id
 * @param {File} file
 * @param {{dry_run?: number}} params
 */
export const uploadOutcomes = (id, file, params, opts = {}) => upload(`/batches/${seg(id)}/outcomes`, file, { ...opts, query: params });
/**
 * POST /tsme/registrations — sends the province's TSME list FILE of YEAR;
 * resolves to the report (as uploadOutcomes).
 * @param {number} year
 * @param {File} file
 * @param {{dry_run?: number}} params
 */
export const uploadTsmeList = (year, file, params, opts = {}) => upload('/tsme/registrations', file, { ...opts, query: { year, ...params } });
/** GET /annual-reports/risks — HNTEs in scope with two or more missing annual reports. */
export const annualRisks = (query, opts) => api.get('/annual-reports/risks', query, opts);
