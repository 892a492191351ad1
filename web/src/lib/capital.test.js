// node --test: the registered capital shown as the registry writes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { capitalText, CURRENCIES } from './capital.js';

test('1000万元人民币 (1,000,000,000 fen CNY) reads "1,000万元人民币"', () => {
	assert.equal(capitalText(1000000000, 'CNY'), '1,000万元人民币');
});

test('the currency is kept: 50万美元 stays dollars', () => {
	assert.equal(capitalText(50000000, 'USD'), '50万美元');
});

test('exact to the fen: 123,456 fen HKD is 0.123456万港元', () => {
	assert.equal(capitalText(123456n, 'HKD'), '0.123456万港元');
});

test('absent capital is a dash; an unknown code is shown as it is', () => {
	assert.equal(capitalText(null, 'CNY'), '—');
	assert.equal(capitalText(10000000000, 'XAU'), '10,000万XAU');
});

test('every currency has a three-letter code, as the ledger requires', () => {
	for (const c of CURRENCIES) assert.match(c.code, /^[A-Z]{3}$/);
});
