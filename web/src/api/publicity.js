// The publicity domain (ledger/publicity, product C9): announcements to the
// enterprise users of a scope with their read receipts, and the enterprises'
// questions with their answers and the anonymised FAQ. docs/api.md
// "Publicity: announcements, questions".
//
// Scoped on the server: an announcement or question the caller may not see
// is 404 and absent from lists. Who may write is the server's (capabilities
// announcements.write, announcements.ack, questions.ask, questions.answer,
// questions.publish).
import { api, seg, upload, download } from './client.js';

/** @typedef {import('./client.js').RequestOptions} RequestOptions */

/**
 * An announcement (通知公告).
 * @typedef {object} Announcement
 * @property {number} id
 * @property {string} title
 * @property {string} body plain text, line breaks kept
 * @property {string|null} area audience: an area code, null = every area
 * @property {string|null} area_name
 * @property {string|null} tier audience: a tier code, null = every tier
 * @property {string|null} tier_label
 * @property {string} published_on YYYY-MM-DD; enterprises see it from that day
 * @property {string} created_by the author's user name
 * @property {string} author the author's display name
 * @property {string} created_at
 * @property {string} updated_at
 * @property {string|null} read_at the caller's own reading (enterprise users)
 * @property {number|null} recipients enterprise users of the audience in the caller's scope (staff with announcements.receipts)
 * @property {number|null} read_count of them, those who read it
 */

/**
 * A question of an enterprise (问答).
 * @typedef {object} Question
 * @property {number} id
 * @property {string} uscc
 * @property {string} enterprise_name
 * @property {string} area
 * @property {string|null} area_name
 * @property {string} title
 * @property {string} body
 * @property {string} asked_by
 * @property {string} asked_at
 * @property {'open'|'answered'} status
 * @property {string|null} answer
 * @property {string|null} answered_by
 * @property {string|null} answered_at
 * @property {boolean} published in the FAQ
 * @property {string|null} faq_question the public wording
 * @property {string|null} faq_answer
 * @property {string|null} faq_published_at
 * @property {string|null} faq_by
 */

// ---- announcements ---------------------------------------------------------

/**
 * The announcements the caller sees, newest first; query: unread ('1'), q, page, page_size.
 * @returns {Promise<{items: Announcement[], total: number, page: number, page_size: number}>}
 */
export function listAnnouncements(query, opts) {
	return api.get('/announcements', query, opts);
}

/** @returns {Promise<Announcement>} */
export function getAnnouncement(id, opts) {
	return api.get(`/announcements/${seg(id)}`, undefined, opts);
}

/** body: title, body, area (null = all), tier (null = all), published_on. @returns {Promise<Announcement>} */
export function createAnnouncement(body, opts) {
	return api.post('/announcements', body, opts);
}

/** @returns {Promise<Announcement>} */
export function updateAnnouncement(id, body, opts) {
	return api.put(`/announcements/${seg(id)}`, body, opts);
}

export function deleteAnnouncement(id, opts) {
	return api.del(`/announcements/${seg(id)}`, opts);
}

/** Records the enterprise user's reading (the first one stands). @returns {Promise<{id: number, read_at: string}>} */
export function markAnnouncementRead(id, opts) {
	return api.post(`/announcements/${seg(id)}/read`, {}, opts);
}

/**
 * Who has read announcement ID, who not (the enterprise users of its audience in the caller's scope).
 * @returns {Promise<{items: {user_id: number, username: string, display_name: string, uscc: string, enterprise_name: string, area: string, area_name: string|null, read_at: string|null}[], recipients: number, read: number, unread: number}>}
 */
export function announcementReceipts(id, opts) {
	return api.get(`/announcements/${seg(id)}/receipts`, undefined, opts);
}

/** Uploads FILE (PDF, Word, Excel, PNG or JPEG, ≤ 20 MB, checked by content) as an attachment. @returns {Promise<object>} the attachment */
export function uploadAnnouncementFile(id, file, opts = {}) {
	return upload(`/announcements/${seg(id)}/attachments`, file, opts);
}

export function deleteAnnouncementFile(id, fileId, opts) {
	return api.del(`/announcements/${seg(id)}/attachments/${seg(fileId)}`, opts);
}

/** Downloads attachment FILE_ID of the announcement as FILENAME. */
export function downloadAnnouncementFile(id, fileId, filename, opts) {
	return download(`/announcements/${seg(id)}/attachments/${seg(fileId)}`, undefined, filename, opts);
}

// ---- questions -------------------------------------------------------------

/**
 * The questions of the caller's scope, newest first; query: status (open, answered), q, page, page_size.
 * @returns {Promise<{items: Question[], total: number, page: number, page_size: number}>}
 */
export function listQuestions(query, opts) {
	return api.get('/questions', query, opts);
}

/** @returns {Promise<Question>} */
export function getQuestion(id, opts) {
	return api.get(`/questions/${seg(id)}`, undefined, opts);
}

/** An enterprise user asks about its own firm. @returns {Promise<Question>} */
export function askQuestion(title, body, opts) {
	return api.post('/questions', { title, body }, opts);
}

/** @returns {Promise<Question>} */
export function answerQuestion(id, answer, opts) {
	return api.post(`/questions/${seg(id)}/answer`, { answer }, opts);
}

/** Publishes an answered question to the FAQ in a public wording without the firm. @returns {Promise<Question>} */
export function publishQuestion(id, faqQuestion, faqAnswer, opts) {
	return api.put(`/questions/${seg(id)}/faq`, { faq_question: faqQuestion, faq_answer: faqAnswer }, opts);
}

export function unpublishQuestion(id, opts) {
	return api.del(`/questions/${seg(id)}/faq`, opts);
}

/**
 * The FAQ (every role, anonymised); query: q, page, page_size.
 * @returns {Promise<{items: {id: number, question: string, answer: string, published_at: string}[], total: number, page: number, page_size: number}>}
 */
export function listFaq(query, opts) {
	return api.get('/questions/faq', query, opts);
}

// ---- the policy library (政策文件库) -----------------------------------------

/**
 * A document of the policy library.
 * @typedef {object} Policy
 * @property {number} id
 * @property {string} title
 * @property {string} issuer 发文机关
 * @property {string|null} number 文号
 * @property {string|null} issued_on YYYY-MM-DD
 * @property {'national'|'province'|'city'|'county'} level
 * @property {string} level_label 国家级, 省级, 市级, 县级
 * @property {string|null} area a county-level document's county
 * @property {string|null} area_name
 * @property {string[]} tags
 * @property {string|null} url
 * @property {string|null} body optional text, searched
 * @property {{name: string, type: 'pdf'|'docx'|'doc', content_type: string, size: number, sha256: string}|null} file
 */

/**
 * Documents, newest first; query: q (full text; under 3 characters a plain
 * contains), level, tag, page, page_size.
 * @returns {Promise<{items: Policy[], total: number, page: number, page_size: number}>}
 */
export function listPolicies(query, opts) {
	return api.get('/policies', query, opts);
}

/** Every tag in use. @returns {Promise<{items: string[]}>} */
export function policyTags(opts) {
	return api.get('/policies/tags', undefined, opts);
}

/** @returns {Promise<Policy>} */
export function createPolicy(body, opts) {
	return api.post('/policies', body, opts);
}

/** @returns {Promise<Policy>} */
export function updatePolicy(id, body, opts) {
	return api.put(`/policies/${seg(id)}`, body, opts);
}

export function deletePolicy(id, opts) {
	return api.del(`/policies/${seg(id)}`, opts);
}

/** Uploads FILE (PDF, DOCX or DOC, ≤ 20 MB, checked by content) as the document's file. @returns {Promise<Policy>} */
export function uploadPolicyFile(id, file, opts = {}) {
	return upload(`/policies/${seg(id)}/file`, file, { ...opts, method: 'PUT' });
}

export function deletePolicyFile(id, opts) {
	return api.del(`/policies/${seg(id)}/file`, opts);
}

/** Downloads the document's file as FILENAME. */
export function downloadPolicyFile(id, filename, opts) {
	return download(`/policies/${seg(id)}/file`, undefined, filename, opts);
}

// ---- trainings (政策培训) ----------------------------------------------------

/**
 * A training event.
 * @typedef {object} Training
 * @property {number} id
 * @property {string} held_on YYYY-MM-DD
 * @property {string} topic
 * @property {string} organisers
 * @property {string|null} place
 * @property {string|null} online_url
 * @property {string|null} area the organising county, null = city-wide
 * @property {string|null} area_name
 * @property {string|null} materials links or notes, one per line
 * @property {{id: number, title: string}[]} policies materials from the policy library
 * @property {number} attendees firms of the caller's scope that attended
 * @property {number} applied of them, those with an application made on or after the day
 */

/**
 * Events, newest first; query: q, from, to, uscc (the events a firm attended), page, page_size.
 * @returns {Promise<{items: Training[], total: number, page: number, page_size: number}>}
 */
export function listTrainings(query, opts) {
	return api.get('/trainings', query, opts);
}

/** @returns {Promise<Training>} */
export function getTraining(id, opts) {
	return api.get(`/trainings/${seg(id)}`, undefined, opts);
}

/** body: held_on, topic, organisers, place, online_url, area, materials, policies ([id]). @returns {Promise<Training>} */
export function createTraining(body, opts) {
	return api.post('/trainings', body, opts);
}

/** @returns {Promise<Training>} */
export function updateTraining(id, body, opts) {
	return api.put(`/trainings/${seg(id)}`, body, opts);
}

export function deleteTraining(id, opts) {
	return api.del(`/trainings/${seg(id)}`, opts);
}

/**
 * The firms of the caller's scope that attended.
 * @returns {Promise<{items: {uscc: string, name: string, area: string, area_name: string|null, tier: string, tier_label: string|null, attendee: string|null, source: 'entered'|'import', recorded_at: string, applied: boolean, applied_stage: string|null}[]}>}
 */
export function trainingAttendance(id, opts) {
	return api.get(`/trainings/${seg(id)}/attendance`, undefined, opts);
}

export function addAttendance(id, uscc, attendee, opts) {
	return api.post(`/trainings/${seg(id)}/attendance`, { uscc, attendee: attendee || null }, opts);
}

export function removeAttendance(id, uscc, opts) {
	return api.del(`/trainings/${seg(id)}/attendance/${seg(uscc)}`, opts);
}

/** Imports a sign-in sheet (xlsx or csv); params: dry_run ('1'). @returns {Promise<object>} the list report */
export function importSignin(id, file, params, opts = {}) {
	return upload(`/trainings/${seg(id)}/signin`, file, { ...opts, query: params });
}

/**
 * The reserve and key firms of the caller's scope that never attended; query: area.
 * @returns {Promise<{items: {uscc: string, name: string, area: string, area_name: string|null, tier: string, tier_label: string|null}[]}>}
 */
export function neverAttended(query, opts) {
	return api.get('/trainings/never-attended', query, opts);
}
