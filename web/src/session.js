// The logged-in user, what the user may do, and the CSRF token, shared by all
// pages.
import { reactive } from 'vue';
import { setCsrfToken } from './api/client.js';
import { getMe, createSession, deleteSession } from './api/access.js';
import { capabilitySet } from './lib/capabilities.js';

// capabilities: a Set of the names in lib/capabilities.js
export const session = reactive({ user: null, capabilities: new Set(), loaded: false });

function take(data) {
	session.user = data?.user ?? null;
	session.capabilities = capabilitySet(data);
	setCsrfToken(data?.csrf_token ?? '');
	session.loaded = true;
}

/**
 * Whether the logged-in user may do NAME (a capability of
 * lib/capabilities.js, e.g. 'enterprises.edit'); false when nobody is logged
 * in. Reactive: a template or computed that calls it follows the session.
 */
export function can(name) {
	return session.capabilities.has(name);
}

/** Recovers the session after a reload (getMe); no user when not logged in. */
export async function loadSession() {
	try {
		take(await getMe({ silent: true, skipAuthRedirect: true }));
	} catch {
		take(null);
	}
}

/** Logs in; throws ApiError with the server's message (not shown here). */
export async function login(username, password) {
	take(await createSession(username, password, { silent: true, skipAuthRedirect: true }));
}

export async function logout() {
	try {
		await deleteSession({ silent: true, skipAuthRedirect: true });
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
