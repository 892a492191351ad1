import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ratingsForm, ratingsBody } from './ratings.js';

test('stored ratings become the form and come back unchanged', () => {
	const stored = { recorded: true, advancement: 'B', core_support: 6, rd_org: [6, 5, null, 4], standards: true };
	const f = ratingsForm(stored);
	assert.deepEqual(f, { advancement: 'B', core_support: '', rd_org_mode: 'points', rd_org: [6, 5, 0, 4], standards: 'yes' });
	// points the select cannot show are kept, not erased
	assert.deepEqual(ratingsBody(f, stored, false), { advancement: 'B', core_support: 6, rd_org: [6, 5, 0, 4], standards: true });
});

test('nothing recorded: an empty form and an all-null body', () => {
	const f = ratingsForm(null);
	assert.deepEqual(f, { advancement: '', core_support: '', rd_org_mode: '', rd_org: [0, 0, 0, 0], standards: '' });
	assert.deepEqual(ratingsBody(f, null, false), { advancement: null, core_support: null, rd_org: null, standards: null });
});

test('a band for R&D management and standards no', () => {
	const f = { ...ratingsForm(null), rd_org_mode: 'C', standards: 'no', advancement: 'A' };
	assert.deepEqual(ratingsBody(f, null, false), { advancement: 'A', core_support: null, rd_org: 'C', standards: false });
});

test('an enterprise user leaves the expert’s ratings to the server', () => {
	const stored = { recorded: true, advancement: 'B', core_support: null, rd_org: null, standards: null };
	const f = { ...ratingsForm(stored), advancement: 'A', core_support: 'A', rd_org_mode: 'B' };
	assert.deepEqual(ratingsBody(f, stored, true), { advancement: null, core_support: null, rd_org: 'B', standards: null });
});
