// The access domain (ledger/access): the session, the current user, the users.
// docs/api.md "Session and the current user", "Users".
import { api, seg } from './client.js';

/** @typedef {import('./client.js').RequestOptions} RequestOptions */

/**
 * POST /session — logs in; resolves to {user, capabilities, csrf_token}.
 * @param {string} username
 * @param {string} password
 * @param {RequestOptions} [opts]
 */
export function createSession(username, password, opts) {
	return api.post('/session', { username, password }, opts);
}

/**
 * DELETE /session — logs out (the server revokes the session).
 * @param {RequestOptions} [opts]
 */
export function deleteSession(opts) {
	return api.del('/session', opts);
}

/**
 * GET /me — the same answer as the login, for a reloaded page; 401 when
 * there is no session.
 * @param {RequestOptions} [opts]
 */
export function getMe(opts) {
	return api.get('/me', undefined, opts);
}

/**
 * PUT /me/password — changes the caller's password; the other sessions of
 * the user are revoked.
 * @param {string} oldPassword
 * @param {string} newPassword
 * @param {RequestOptions} [opts]
 */
export function changePassword(oldPassword, newPassword, opts) {
	return api.put('/me/password', { old_password: oldPassword, new_password: newPassword }, opts);
}

/**
 * GET /users — every user (admin only).
 * @param {RequestOptions} [opts]
 * @returns {Promise<{items: object[]}>}
 */
export function listUsers(opts) {
	return api.get('/users', undefined, opts);
}

/**
 * POST /users — creates a user; a taken user name is 409 field username.
 * @param {object} body username, display_name, role, areas, enterprise, password
 * @param {RequestOptions} [opts]
 */
export function createUser(body, opts) {
	return api.post('/users', body, opts);
}

/**
 * PUT /users/{id} — changes the members BODY names (role, areas, enterprise,
 * display_name, disabled, password).
 * @param {number} id
 * @param {object} body
 * @param {RequestOptions} [opts]
 */
export function updateUser(id, body, opts) {
	return api.put(`/users/${seg(id)}`, body, opts);
}
