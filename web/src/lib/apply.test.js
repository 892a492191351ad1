// node --test: api/apply.js reads send the query of docs/api.md ("Applications")
// and nothing else — the server refuses unknown query parameters (400), so an
// options object passed where the query belongs breaks the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ap from '../api/apply.js';

const urls = [];
globalThis.fetch = async (url) => {
	urls.push(url);
	return new Response('{"items":[]}', { status: 200, headers: { 'Content-Type': 'application/json' } });
};
const USCC = '91530302MA6K00000X';

test('the application reads send only the declared query', async () => {
	const cases = [
		[() => ap.listBatches({ area: '530302' }, { silent: true }), '/api/v1/batches?area=530302'],
		[() => ap.listBatches({}, { silent: true }), '/api/v1/batches'],
		[() => ap.listApplications({ batch_id: 3, stage: 'intended', page: 1, page_size: 50 }, { silent: true }), '/api/v1/applications?batch_id=3&stage=intended&page=1&page_size=50'],
		[() => ap.getApplication(9, { silent: true }), '/api/v1/applications/9'],
		[() => ap.firmApplications(USCC, { silent: true }), `/api/v1/enterprises/${USCC}/applications?page_size=100`],
		[() => ap.firmTsme(USCC, { silent: true }), `/api/v1/enterprises/${USCC}/tsme`],
		[() => ap.firmAnnual(USCC, { silent: true }), `/api/v1/enterprises/${USCC}/annual-reports`],
	];
	for (const [call, url] of cases) {
		urls.length = 0;
		await call();
		assert.equal(urls[0], url);
	}
});

test('an outcome needs its certificate number or its reason', async () => {
	const { decideError, OUTCOME_FROM, WITHDRAW_FROM } = await import('./apply.js');
	assert.equal(decideError({ stage: 'recognised', cert_no: '  ' }), '请填写证书编号');
	assert.equal(decideError({ stage: 'recognised', cert_no: 'GR202553000123' }), '');
	assert.equal(decideError({ stage: 'not_recognised', reason: '' }), '请填写未通过原因');
	assert.equal(decideError({ stage: 'not_recognised', reason: '研发费用占比不足' }), '');
	assert.equal(decideError({ stage: 'withdrawn' }), '');
	// publicised is final but for the outcome; recorded outcomes are final
	assert.ok(OUTCOME_FROM.includes('publicised') && !WITHDRAW_FROM.includes('publicised'));
	for (const s of ['recognised', 'not_recognised', 'withdrawn']) assert.ok(!OUTCOME_FROM.includes(s) && !WITHDRAW_FROM.includes(s));
});

test('the list uploads send the declared query and the file name', async () => {
	const sent = [];
	globalThis.XMLHttpRequest = class {
		open(method, url) {
			sent.push([method, url]);
		}
		setRequestHeader() {}
		send() {
			this.status = 200;
			this.responseText = '{"rows":0}';
			this.onload();
		}
		get upload() {
			return {};
		}
	};
	const file = { name: '入库名单.xlsx', type: '' };
	await ap.uploadTsmeList(2026, file, { dry_run: 1 });
	await ap.uploadOutcomes(4, file, { dry_run: 0 });
	assert.deepEqual(sent, [
		['POST', '/api/v1/tsme/registrations?year=2026&dry_run=1&filename=%E5%85%A5%E5%BA%93%E5%90%8D%E5%8D%95.xlsx'],
		['POST', '/api/v1/batches/4/outcomes?dry_run=0&filename=%E5%85%A5%E5%BA%93%E5%90%8D%E5%8D%95.xlsx'],
	]);
});
