// Targets (ledger/targets): the year's targets and their decomposition, the
// responsibility links (包保), progress and the scorecard.
// docs/api.md "Targets, links, progress and the scorecard".
import { api, download, request, upload } from './client.js';

/** GET /targets?year= — {year, cap_bp, metrics, items, sums (city/admin only)}. */
export function listTargets(year, opts) {
	return api.get('/targets', { year }, opts);
}

/** GET /targets?format=xlsx — downloads the year's targets (city and visible areas). */
export function exportTargets(year, opts) {
	return download('/targets', { year, format: 'xlsx' }, `目标分解-${year}.xlsx`, opts);
}

/**
 * POST /targets/import?year=&dry_run= — sends the targets sheet FILE (the
 * export's layout); resolves to {dry_run, rows, metrics, cells, created,
 * changed, removed, unchanged}.
 */
export function importTargets(year, file, params, opts = {}) {
	return upload('/targets/import', file, { ...opts, query: { year, ...params } });
}

/** PUT /targets — {year, items: [{area|null, metric, value|null}]} (null value removes). */
export function saveTargets(year, items, opts) {
	return api.put('/targets', { year, items }, opts);
}

/** PUT /scorecard/settings — {year, cap_bp?, weights?: {code: weight}}. */
export function saveScoring(body, opts) {
	return api.put('/scorecard/settings', body, opts);
}

/** GET /links?area= — the responsibility links of the caller's scope. */
export function listLinks(area, opts) {
	return api.get('/links', area ? { area } : undefined, opts);
}

export function createLink(body, opts) {
	return api.post('/links', body, opts);
}

export function updateLink(id, body, opts) {
	return api.put(`/links/${Number(id)}`, body, opts);
}

export function deleteLink(id, opts = {}) {
	return request('DELETE', `/links/${Number(id)}`, opts);
}

/** GET /progress?year=&as_of= — each visible area's and the city's progress. */
export function getProgress(year, opts) {
	return api.get('/progress', { year }, opts);
}

/** GET /scorecard?year= — the rows by rank, with the formula. */
export function getScorecard(year, opts) {
	return api.get('/scorecard', { year }, opts);
}

/** GET /scorecard?format=xlsx — downloads the scorecard sheet. */
export function exportScorecard(year, opts) {
	return download('/scorecard', { year, format: 'xlsx' }, `考核排名-${year}.xlsx`, opts);
}

/** GET /milestones?year=&status= — the year's work schedule (calendar milestones with owner, status, overdue). */
export function listSchedule(year, opts) {
	return api.get('/milestones', { year }, opts);
}

/**
 * GET /progress/snapshots?year=&metric= — the weekly snapshots (the trend
 * line): {year, items: [{week, taken_on, area|null, area_name, metric,
 * target, achieved, projected, completion_bp}]}, by week, the city first.
 */
export function getSnapshots(year, metric, opts) {
	return api.get('/progress/snapshots', { year, metric }, opts);
}

/**
 * GET /targets/map — the board's map: {present: false} or {present, name,
 * schematic, features, matched, missing?, unmatched?, geojson}.
 */
export function getBoardMap(opts) {
	return api.get('/targets/map', undefined, opts);
}

/** PUT /targets/map — uploads the GeoJSON FILE; resolves to the report (missing, unmatched). */
export function uploadBoardMap(file, params, opts = {}) {
	return upload('/targets/map', file, { ...opts, method: 'PUT', query: params });
}

/** DELETE /targets/map — the board goes back to its tile grid. */
export function deleteBoardMap(opts = {}) {
	return request('DELETE', '/targets/map', opts);
}
