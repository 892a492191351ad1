// Pipeline monitoring (ledger/monitor): the caller's reminders (list, bell
// count, export, done / snoozed marks) and the programme calendar
// (milestones, a firm's own calendar). docs/api.md "Reminders and calendar".
import { api, download, request, seg } from './client.js';

/** @typedef {import('./client.js').RequestOptions} RequestOptions */

/**
 * GET /reminders — one page of the caller's reminders.
 * @param {{status?: 'open'|'done'|'snoozed'|'all', rule?: string, area?: string, uscc?: string, page?: number, page_size?: number}} query
 * @param {RequestOptions} [opts]
 */
export function listReminders(query, opts) {
	return api.get('/reminders', query, opts);
}

/** GET /reminders/count — {open, computed_on}: the bell. */
export function reminderCount(opts) {
	return api.get('/reminders/count', undefined, opts);
}

/** GET /reminders/rules — [{code, label}] of the reminder kinds. */
export function reminderRules(opts) {
	return api.get('/reminders/rules', undefined, opts);
}

/**
 * PATCH /reminders/{key} — mark done, snooze until a date, or take back (state 'open').
 * @param {string} key
 * @param {{state: 'done'|'snoozed'|'open', until?: string, reason?: string}} body
 */
export function markReminder(key, body, opts = {}) {
	return request('PATCH', `/reminders/${seg(key)}`, { ...opts, body });
}

/** GET /reminders?format=xlsx|csv — downloads the list (every page) as FILENAME. */
export function exportReminders(query, format, filename, opts) {
	return download('/reminders', { ...query, format }, filename, opts);
}

/** GET /calendar — the milestones of a year (month 1–12, or the whole year). */
export function listMilestones(year, month, opts) {
	return api.get('/calendar', { year, ...(month ? { month } : {}) }, opts);
}

/** POST /calendar — a new milestone {name, on_date, kind, area?, note?} (calendar.edit). */
export function createMilestone(body, opts) {
	return api.post('/calendar', body, opts);
}

/** PUT /calendar/{id} — change a milestone. */
export function updateMilestone(id, body, opts) {
	return api.put(`/calendar/${seg(id)}`, body, opts);
}

/** DELETE /calendar/{id}. */
export function deleteMilestone(id, opts) {
	return api.del(`/calendar/${seg(id)}`, opts);
}

/** GET /enterprises/{uscc}/calendar — the firm's own dated items this year and next. */
export function enterpriseCalendar(uscc, year, opts) {
	return api.get(`/enterprises/${seg(uscc)}/calendar`, year ? { year } : undefined, opts);
}
