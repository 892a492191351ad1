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
