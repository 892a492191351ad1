// node --test: api/cultivate.js calls the casework routes of docs/api.md with
// the right method, path, query and body, against a stand-in for the server
// (fetch). Needs web/node_modules (element-plus): `npm ci` in web/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as cw from '../api/cultivate.js';
import { setCsrfToken } from '../api/client.js';

let calls = [];
globalThis.fetch = async (url, init) => {
	calls.push({ url, method: init.method ?? 'GET', body: init.body === undefined ? undefined : JSON.parse(init.body), csrf: init.headers?.['X-CSRF-Token'] });
	return new Response(JSON.stringify({ ok: true }), { status: 200, headers: { 'Content-Type': 'application/json' } });
};

const USCC = '91530302MA6K00000X';

// download() hands the file to the browser through a link: a stand-in for it
const clicked = [];
globalThis.document = {
	createElement: () => ({ click() { clicked.push(this.download); }, remove() {} }),
	body: { appendChild() {} },
};
URL.createObjectURL = () => 'blob:x';
URL.revokeObjectURL = () => {};

test('every casework route of the contract, with its method and body', async () => {
	setCsrfToken('t0k3n');
	const cases = [
		[() => cw.listExperts(), 'GET', '/api/v1/experts'],
		[() => cw.listStaff(), 'GET', '/api/v1/staff'],
		[() => cw.getExpert(12), 'GET', '/api/v1/experts/12'],
		[() => cw.updateExpert(12, { phone: '13800000000' }), 'PUT', '/api/v1/experts/12', { phone: '13800000000' }],
		[() => cw.listEnterpriseExperts(USCC), 'GET', `/api/v1/enterprises/${USCC}/experts`],
		[() => cw.assignExpert(USCC, 12), 'POST', `/api/v1/enterprises/${USCC}/experts`, { expert: 12 }],
		[() => cw.unassignExpert(USCC, 12), 'DELETE', `/api/v1/enterprises/${USCC}/experts/12`],
		[() => cw.listEnterpriseProblems(USCC), 'GET', `/api/v1/enterprises/${USCC}/problems`],
		[() => cw.createProblem(USCC, { category: 'ip', description: 'x' }), 'POST', `/api/v1/enterprises/${USCC}/problems`, { category: 'ip', description: 'x' }],
		[() => cw.createProblemsFromGaps(USCC), 'POST', `/api/v1/enterprises/${USCC}/problems/from-gaps`, {}],
		[() => cw.getProblem(7), 'GET', '/api/v1/problems/7'],
		[() => cw.updateProblem(7, { status: 'in_progress' }), 'PUT', '/api/v1/problems/7', { status: 'in_progress' }],
		[() => cw.addProblemComment(7, '已补充材料'), 'POST', '/api/v1/problems/7/comments', { body: '已补充材料' }],
		[() => cw.listProblems({ status: 'open', owner: 'me', overdue: '1', page: 2, page_size: 50 }), 'GET', '/api/v1/problems?status=open&owner=me&overdue=1&page=2&page_size=50'],
		[() => cw.listEnterpriseVisits(USCC), 'GET', `/api/v1/enterprises/${USCC}/visits`],
		[() => cw.createVisit(USCC, { visited_on: '2026-03-12', content: 'x' }), 'POST', `/api/v1/enterprises/${USCC}/visits`, { visited_on: '2026-03-12', content: 'x' }],
		[() => cw.getVisit(3), 'GET', '/api/v1/visits/3'],
		[() => cw.updateVisit(3, { content: 'y' }), 'PUT', '/api/v1/visits/3', { content: 'y' }],
		[() => cw.deleteVisit(3), 'DELETE', '/api/v1/visits/3'],
		[() => cw.listVisits({ follow_up: '1', mine: '1' }), 'GET', '/api/v1/visits?follow_up=1&mine=1'],
		[() => cw.getMyWork(), 'GET', '/api/v1/my-work'],
		[() => cw.listEnterprisePlans(USCC), 'GET', `/api/v1/enterprises/${USCC}/plans`],
		[() => cw.generatePlan(USCC, 2027), 'POST', `/api/v1/enterprises/${USCC}/plans`, { year: 2027 }],
		[() => cw.getPlan(4), 'GET', '/api/v1/plans/4'],
		[() => cw.getPlanVersion(4, 2), 'GET', '/api/v1/plans/4/versions/2'],
		[() => cw.signPlan(4), 'POST', '/api/v1/plans/4/sign', {}],
		[() => cw.activatePlan(4), 'POST', '/api/v1/plans/4/activate', {}],
		[() => cw.finishPlan(4, 'abandoned', '企业暂缓申报'), 'POST', '/api/v1/plans/4/finish', { outcome: 'abandoned', reason: '企业暂缓申报' }],
		[() => cw.addPlanTask(4, { kind: 'rd_org', item: 1 }), 'POST', '/api/v1/plans/4/tasks', { kind: 'rd_org', item: 1 }],
		[() => cw.updatePlanTask(4, 3, { status: 'done', evidence: '已签合同' }), 'PUT', '/api/v1/plans/4/tasks/3', { status: 'done', evidence: '已签合同' }],
		[() => cw.downloadPlanXlsx(4, 'plan.xlsx'), 'GET', '/api/v1/plans/4/export.xlsx'],
	];
	for (const [call, method, url, body] of cases) {
		calls = [];
		await call();
		assert.equal(calls.length, 1, url);
		assert.equal(calls[0].method, method, url);
		assert.equal(calls[0].url, url);
		assert.deepEqual(calls[0].body, body, url);
		assert.equal(calls[0].csrf, method === 'GET' ? undefined : 't0k3n', `${method} ${url}: the CSRF token on writes only`);
	}
	assert.equal(Object.keys(cw).length, cases.length, 'a case for every function of api/cultivate.js');
	assert.deepEqual(clicked, ['plan.xlsx'], 'the workbook handed to the browser under its name');
});

test('generating without a year sends no year; finishing as done sends no reason', async () => {
	calls = [];
	await cw.generatePlan(USCC, null);
	await cw.finishPlan(4, 'done');
	assert.deepEqual(calls[0].body, {});
	assert.deepEqual(calls[1].body, { outcome: 'done' });
});

test('a path segment is encoded', async () => {
	calls = [];
	await cw.listEnterpriseProblems('a/b c');
	assert.equal(calls[0].url, '/api/v1/enterprises/a%2Fb%20c/problems');
});
