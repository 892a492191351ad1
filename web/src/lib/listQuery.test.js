// node --test: a paged list's query ⇄ the route's query string and the API's
// query (listQuery.js, used by composables/useListQuery.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseListQuery, listRouteQuery, listApiQuery, tableSort, sortOfTable } from './listQuery.js';

// the ledger's list (pages/ledger/LedgerPage.vue)
const LEDGER = {
	filters: ['area', 'tier', 'verdict', 'field', 'expiry_year', 'q'],
	pageSize: 50,
	sorts: { uscc: 'uscc', name: 'name', area: 'area', tier: 'tier', field: 'field', hnte_expires_on: 'expiry' },
};
// the audit log (pages/admin/AuditTab.vue), shown under /admin?tab=audit
const AUDIT = { filters: ['user', 'table', 'action', 'key', 'from', 'to'] };

const blank = (spec) => Object.fromEntries(spec.filters.map((k) => [k, '']));

test('a ledger URL ?tier=hnte&q=云岭&page=3&page_size=100&sort=expiry&order=desc is page 3 of 100, newest expiry first', () => {
	const s = parseListQuery(LEDGER, { tier: 'hnte', q: '云岭', page: '3', page_size: '100', sort: 'expiry', order: 'desc' });
	assert.deepEqual(s, { page: 3, pageSize: 100, sort: 'expiry', order: 'desc', filters: { ...blank(LEDGER), tier: 'hnte', q: '云岭' } });
});

test('an empty URL is page 1 of the default 50, the server’s order, no filter', () => {
	assert.deepEqual(parseListQuery(LEDGER, {}), { page: 1, pageSize: 50, sort: '', order: '', filters: blank(LEDGER) });
	assert.equal(parseListQuery(AUDIT, undefined).pageSize, 50);
	assert.equal(parseListQuery({ filters: [], pageSize: 20 }, {}).pageSize, 20);
});

test('a malformed page or page size in the URL is the default, never sent to the server', () => {
	for (const bad of ['0', '-2', '2.5', 'abc', '', ' ', '1e3', null, ['2', '3']]) {
		const s = parseListQuery(LEDGER, { page: bad, page_size: bad });
		assert.equal(s.page, 1, `page ${JSON.stringify(bad)}`);
		assert.equal(s.pageSize, 50, `page_size ${JSON.stringify(bad)}`);
	}
	assert.equal(parseListQuery(LEDGER, { page: ' 7 ' }).page, 7);
});

test('a filter repeated in the URL (?tier=a&tier=b) or without a value (?tier) is no filter; values lose their outer spaces', () => {
	const s = parseListQuery(LEDGER, { tier: ['hnte', 'key'], area: null, q: '  曲靖 示例  ', other: 'x' });
	assert.deepEqual(s.filters, { ...blank(LEDGER), q: '曲靖 示例' });
});

test('a sort without an order is ascending; an order without a sort is ignored', () => {
	assert.deepEqual(parseListQuery(LEDGER, { sort: 'name' }), { ...parseListQuery(LEDGER, {}), sort: 'name', order: 'asc' });
	assert.deepEqual(parseListQuery(LEDGER, { sort: 'name', order: 'sideways' }).order, 'asc');
	assert.deepEqual(parseListQuery(LEDGER, { order: 'desc' }), parseListQuery(LEDGER, {}));
});

test('the route query leaves out every default: page 1, page size 50, empty filters, no order without a sort', () => {
	const s = { page: 1, pageSize: 50, sort: '', order: '', filters: { ...blank(LEDGER), tier: 'key', q: '  ', area: undefined } };
	assert.deepEqual(listRouteQuery(LEDGER, s), { tier: 'key' });
	assert.deepEqual(listRouteQuery(LEDGER, { ...s, page: 2, pageSize: 200, sort: 'expiry', order: 'desc' }), {
		tier: 'key',
		sort: 'expiry',
		order: 'desc',
		page: '2',
		page_size: '200',
	});
});

test('the route query keeps what the list does not own (the admin page’s tab) and replaces what it owns', () => {
	const current = { tab: 'audit', user: 'qilin', page: '4' };
	const s = { ...parseListQuery(AUDIT, current), filters: { ...blank(AUDIT), action: 'tier', from: '2026-03-01', to: '2026-03-31' }, page: 1 };
	assert.deepEqual(listRouteQuery(AUDIT, s, current), { tab: 'audit', action: 'tier', from: '2026-03-01', to: '2026-03-31' });
});

test('URL → state → URL gives back a canonical URL, and the state again', () => {
	const urls = [
		{},
		{ tier: 'hnte' },
		{ area: '530302', verdict: 'pass', expiry_year: '2026', sort: 'name', order: 'asc', page: '12', page_size: '20' },
		{ q: '云岭', sort: 'expiry', order: 'desc' },
	];
	for (const url of urls) {
		const s = parseListQuery(LEDGER, url);
		assert.deepEqual(listRouteQuery(LEDGER, s), url);
		assert.deepEqual(parseListQuery(LEDGER, listRouteQuery(LEDGER, s)), s);
	}
});

test('the API query always names the page and its size, the sort only when there is one, only the filters set', () => {
	assert.deepEqual(listApiQuery(LEDGER, parseListQuery(LEDGER, {})), { page: 1, page_size: 50 });
	assert.deepEqual(listApiQuery(LEDGER, parseListQuery(LEDGER, { tier: 'hnte', verdict: 'fail', sort: 'expiry', page: '2', tab: 'x' })), {
		tier: 'hnte',
		verdict: 'fail',
		sort: 'expiry',
		order: 'asc',
		page: 2,
		page_size: 50,
	});
	assert.deepEqual(listApiQuery(AUDIT, parseListQuery(AUDIT, { tab: 'audit', key: '91530302MA6K00000X', from: '2026-01-01' })), {
		key: '91530302MA6K00000X',
		from: '2026-01-01',
		page: 1,
		page_size: 50,
	});
});

test('the certificate-expiry column shows the URL’s sort=expiry&order=desc as descending', () => {
	assert.deepEqual(tableSort(LEDGER, parseListQuery(LEDGER, { sort: 'expiry', order: 'desc' })), { prop: 'hnte_expires_on', order: 'descending' });
	assert.deepEqual(tableSort(LEDGER, parseListQuery(LEDGER, { sort: 'name' })), { prop: 'name', order: 'ascending' });
	// updated is an API sort without a column: the table shows no column sorted
	assert.deepEqual(tableSort(LEDGER, parseListQuery(LEDGER, { sort: 'updated' })), {});
	assert.deepEqual(tableSort(LEDGER, parseListQuery(LEDGER, {})), {});
	assert.deepEqual(tableSort(AUDIT, parseListQuery(AUDIT, { sort: 'name' })), {});
});

test('sorting a column asks the API for its key; unsorting or an unknown column goes back to the server’s order', () => {
	assert.deepEqual(sortOfTable(LEDGER, { prop: 'hnte_expires_on', order: 'descending' }), { sort: 'expiry', order: 'desc' });
	assert.deepEqual(sortOfTable(LEDGER, { prop: 'uscc', order: 'ascending' }), { sort: 'uscc', order: 'asc' });
	assert.deepEqual(sortOfTable(LEDGER, { prop: 'uscc', order: null }), { sort: '', order: '' });
	assert.deepEqual(sortOfTable(LEDGER, { prop: 'registered_on', order: 'ascending' }), { sort: '', order: '' });
	assert.deepEqual(sortOfTable(AUDIT, { prop: 'at', order: 'ascending' }), { sort: '', order: '' });
});
