// node --test: the capabilities of the server's answer (capabilities.js), and
// that every can('…') of the UI names one the server hands out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CAPABILITIES, capabilitySet } from './capabilities.js';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Every .vue and .js file under web/src except the tests, relative to it. */
function sources(dir = SRC) {
	const out = [];
	for (const e of readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, e.name);
		if (e.isDirectory()) out.push(...sources(p));
		else if (/\.(vue|js)$/.test(e.name) && !e.name.endsWith('.test.js')) out.push(path.relative(SRC, p));
	}
	return out;
}

test('a county user’s login answer gives exactly its capabilities', () => {
	const caps = ['dashboard', 'enterprises.list', 'enterprises.create', 'enterprises.edit', 'enterprises.tier', 'records.edit', 'records.lock', 'imports'];
	const set = capabilitySet({ user: { id: 3, role: 'county' }, capabilities: caps, csrf_token: 'x' });
	assert.deepEqual([...set].sort(), [...caps].sort());
	assert.equal(set.has('users.manage'), false);
	assert.equal(set.has('audit.read'), false);
});

test('no user, no capabilities member, or not an array: nothing is allowed', () => {
	for (const data of [null, undefined, {}, { user: null, capabilities: ['dashboard'] }, { user: { id: 1 } }, { user: { id: 1 }, capabilities: 'dashboard' }, { user: { id: 1 }, capabilities: { dashboard: true } }]) {
		assert.equal(capabilitySet(data).size, 0, JSON.stringify(data));
	}
});

test('only strings are capabilities', () => {
	assert.deepEqual([...capabilitySet({ user: { id: 1 }, capabilities: ['audit.read', 1, null, { x: 1 }, ['dashboard']] })], ['audit.read']);
});

test('every can(…) in web/src names a capability the server hands out (a typo would hide a button for good)', () => {
	const used = new Map();
	for (const f of sources()) {
		const text = readFileSync(path.join(SRC, f), 'utf8');
		for (const m of text.matchAll(/\bcan\(\s*['"]([^'"]*)['"]\s*\)/g)) used.set(m[1], f);
		// the routes' meta: can: ['…', …]
		for (const m of text.matchAll(/\bcan:\s*\[([^\]]*)\]/g)) for (const n of m[1].matchAll(/['"]([^'"]+)['"]/g)) used.set(n[1], f);
	}
	assert.ok(used.size >= 10, `can('…') found in the pages: ${[...used.keys()].join(' ')}`);
	for (const [name, file] of used) assert.ok(CAPABILITIES.includes(name), `${file}: can('${name}') is not a capability`);
});

test('the pages, components, session.js and router.js name no endpoint: only web/src/api/ does', () => {
	const ENDPOINT = /['"`]\/(api\/v1|enterprises|areas|users|audit|me|session|dashboard|imports|assess|experts|problems|visits|my-work|announcements|questions)\b/;
	const CLIENT = /\b(api\.(get|post|put|del)|request|upload|download)\(/;
	for (const f of sources()) {
		if (f.startsWith('api' + path.sep)) continue;
		readFileSync(path.join(SRC, f), 'utf8')
			.split('\n')
			.forEach((line, i) => {
				assert.ok(!ENDPOINT.test(line), `${f}:${i + 1} names an endpoint: ${line.trim()}`);
				assert.ok(!CLIENT.test(line), `${f}:${i + 1} calls the HTTP client: ${line.trim()}`);
				assert.ok(!/\/api\/v1/.test(line), `${f}:${i + 1} names an /api/v1 path: ${line.trim()}`);
			});
	}
});
