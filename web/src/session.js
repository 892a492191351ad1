// The logged-in user and the CSRF token, shared by all pages.
import { reactive } from 'vue';
import { api, setCsrfToken } from './api.js';

export const session = reactive({ user: null, loaded: false });

function take(data) {
	session.user = data?.user ?? null;
	setCsrfToken(data?.csrf_token ?? '');
	session.loaded = true;
}

/** Recovers the session after a reload (GET /me); no user when not logged in. */
export async function loadSession() {
	try {
		take(await api.get('/me', undefined, { silent: true, skipAuthRedirect: true }));
	} catch {
		take(null);
	}
}

/** Logs in; throws ApiError with the server's message (not shown here). */
export async function login(username, password) {
	take(await api.post('/session', { username, password }, { silent: true, skipAuthRedirect: true }));
}

export async function logout() {
	try {
		await api.del('/session', { silent: true, skipAuthRedirect: true });
	} finally {
		take(null);
	}
}

export function clearSession() {
	take(null);
}

/** The page a user lands on after login. */
export function homeFor(user) {
	if (!user) return { name: 'login' };
	if (user.role === 'enterprise' && user.enterprise) {
		const uscc = typeof user.enterprise === 'string' ? user.enterprise : user.enterprise.uscc;
		return { name: 'enterprise', params: { uscc } };
	}
	return { name: 'dashboard' };
}
