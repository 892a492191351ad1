// node --test: session.js keeps the capabilities of the server's answer and
// can(name) tells them, against a stand-in for the server (fetch). Needs
// web/node_modules (vue, element-plus): `npm ci` in web/.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { session, can, login, logout, loadSession } from '../session.js';

const CITY = {
	user: { id: 2, username: 'city', role: 'city', areas: [], enterprise: null },
	capabilities: ['dashboard', 'enterprises.list', 'enterprises.create', 'enterprises.edit', 'enterprises.tier', 'records.edit', 'records.lock', 'imports', 'audit.read'],
	csrf_token: 'c5f0'.repeat(16),
};

let calls = [];
/** The server answers each request with the next of ANSWERS: [status, body]. */
function serve(...answers) {
	calls = [];
	globalThis.fetch = async (url, init) => {
		calls.push({ url, method: init.method, headers: init.headers, body: init.body });
		const [status, body] = answers.shift() ?? [500, null];
		return new Response(body === null ? '' : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
	};
}

beforeEach(async () => {
	serve([200, { ok: true }]);
	await logout();
});

test('after the city logs in, can() follows the capabilities of the answer and nothing else', async () => {
	serve([200, CITY]);
	await login('city', 'gaoqi2026');
	assert.equal(calls[0].url, '/api/v1/session');
	assert.equal(calls[0].method, 'POST');
	assert.deepEqual(JSON.parse(calls[0].body), { username: 'city', password: 'gaoqi2026' });
	assert.equal(session.user.username, 'city');
	for (const c of CITY.capabilities) assert.equal(can(c), true, c);
	for (const c of ['users.manage', 'areas.manage', 'ratings.edit', 'records.recognition_mark', 'admin', 'audit', '']) assert.equal(can(c), false, c);
});

test('logging out takes every capability away, and the logout carried the CSRF token of the login', async () => {
	serve([200, CITY], [200, { ok: true }]);
	await login('city', 'gaoqi2026');
	assert.equal(can('audit.read'), true);
	await logout();
	assert.equal(calls[1].url, '/api/v1/session');
	assert.equal(calls[1].method, 'DELETE');
	assert.equal(calls[1].headers['X-CSRF-Token'], CITY.csrf_token);
	assert.equal(session.user, null);
	assert.equal(can('audit.read'), false);
	assert.equal(can('dashboard'), false);
});

test('a reload recovers the capabilities from /me; without a session nothing is allowed', async () => {
	serve([200, { ...CITY, capabilities: ['records.edit'] }]);
	await loadSession();
	assert.equal(calls[0].url, '/api/v1/me');
	assert.equal(can('records.edit'), true);
	assert.equal(can('dashboard'), false);

	serve([401, { error: { code: 'unauthorized', message: '请先登录', field: null } }]);
	await loadSession();
	assert.equal(session.user, null);
	assert.equal(session.loaded, true);
	assert.equal(can('records.edit'), false);
});

test('a failed login keeps nobody logged in and allows nothing', async () => {
	serve([401, { error: { code: 'unauthorized', message: '用户名或密码错误', field: null } }]);
	await assert.rejects(login('city', 'wrong'), { status: 401, message: '用户名或密码错误' });
	assert.equal(session.user, null);
	assert.equal(can('dashboard'), false);
});

test('an answer without capabilities (a server before GET /me gave them) logs in but allows nothing', async () => {
	const { capabilities, ...old } = CITY;
	assert.ok(capabilities);
	serve([200, old]);
	await login('city', 'gaoqi2026');
	assert.equal(session.user.role, 'city');
	assert.equal(can('dashboard'), false);
	assert.equal(can('enterprises.list'), false);
});
