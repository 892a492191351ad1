// node --test: api/publicity.js calls the publicity routes of docs/api.md
// (announcements, questions, the FAQ) with the right method, path, query and
// body, against a stand-in for the server (fetch). Needs web/node_modules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as pb from '../api/publicity.js';
import { setCsrfToken } from '../api/client.js';

let calls = [];
globalThis.fetch = async (url, init) => {
	calls.push({ url, method: init.method, body: init.body === undefined ? undefined : JSON.parse(init.body), csrf: init.headers['X-CSRF-Token'] });
	return new Response(JSON.stringify({ ok: true }), { status: 200, headers: { 'Content-Type': 'application/json' } });
};

test('every publicity route of the contract, with its method and body', async () => {
	setCsrfToken('t0k3n');
	const a = { title: '申报通知', body: '正文', area: '530302', tier: null, published_on: '2026-03-01' };
	const cases = [
		[() => pb.listAnnouncements({ unread: '1', page: 1, page_size: 20 }), 'GET', '/api/v1/announcements?unread=1&page=1&page_size=20'],
		[() => pb.getAnnouncement(4), 'GET', '/api/v1/announcements/4'],
		[() => pb.createAnnouncement(a), 'POST', '/api/v1/announcements', a],
		[() => pb.updateAnnouncement(4, { title: '更正' }), 'PUT', '/api/v1/announcements/4', { title: '更正' }],
		[() => pb.deleteAnnouncement(4), 'DELETE', '/api/v1/announcements/4'],
		[() => pb.markAnnouncementRead(4), 'POST', '/api/v1/announcements/4/read', {}],
		[() => pb.announcementReceipts(4), 'GET', '/api/v1/announcements/4/receipts'],
		[() => pb.deleteAnnouncementFile(4, 7), 'DELETE', '/api/v1/announcements/4/attachments/7'],
		[() => pb.listQuestions({ status: 'open' }), 'GET', '/api/v1/questions?status=open'],
		[() => pb.getQuestion(9), 'GET', '/api/v1/questions/9'],
		[() => pb.askQuestion('研发费用', '如何归集？'), 'POST', '/api/v1/questions', { title: '研发费用', body: '如何归集？' }],
		[() => pb.answerQuestion(9, '按实际发生额计入'), 'POST', '/api/v1/questions/9/answer', { answer: '按实际发生额计入' }],
		[() => pb.publishQuestion(9, '问', '答'), 'PUT', '/api/v1/questions/9/faq', { faq_question: '问', faq_answer: '答' }],
		[() => pb.unpublishQuestion(9), 'DELETE', '/api/v1/questions/9/faq'],
		[() => pb.listFaq({ q: '知识产权' }), 'GET', `/api/v1/questions/faq?q=${encodeURIComponent('知识产权')}`],
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
});

test('an id is one path segment: a slash in it cannot reach another route', async () => {
	calls = [];
	await pb.getQuestion('9/faq');
	assert.equal(calls[0].url, '/api/v1/questions/9%2Ffaq');
});
