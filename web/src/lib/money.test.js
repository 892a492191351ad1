// node --test: exact 元/万元 conversions of money.js.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
	yuanToFen, fenToYuan, wanToFen, fenToWanExact, fenToWanRounded, groupThousands,
	displayMoney, moneyToInput, inputToMoney, convertInput, inputToCount,
} from './money.js';

test('元 text to fen is exact: "32000000.00" → 3200000000n, "0.1" → 10n', () => {
	assert.equal(yuanToFen('32000000.00'), 3200000000n);
	assert.equal(yuanToFen('0.1'), 10n);
	assert.equal(yuanToFen('1,234.56'), 123456n);
	assert.equal(yuanToFen(''), null);
	assert.equal(yuanToFen('1.234'), undefined);
	assert.equal(yuanToFen('abc'), undefined);
});

test('万元 round trip keeps every fen: 0.000001 万元 = 1 分', () => {
	assert.equal(wanToFen('0.000001'), 1n);
	assert.equal(fenToWanExact(1n), '0.000001');
	assert.equal(fenToWanExact(3200000000n), '3200');
	assert.equal(fenToWanExact(123456789n), '123.456789');
	assert.equal(wanToFen('123.4567891'), undefined);
});

test('a float would lose 0.29 元 × 100; BigInt does not', () => {
	// 0.29 * 100 = 28.999999999999996 in binary floating point
	assert.equal(yuanToFen('0.29'), 29n);
	assert.equal(inputToMoney('1234.29', 'yuan').value, '1234.29');
	assert.equal(inputToMoney('0.123429', 'wan').value, '1234.29');
});

test('万元 display rounds half-up on the exact value: 12345.00 元 → 1.23, 12350.00 元 → 1.24', () => {
	assert.equal(fenToWanRounded(1234500n), '1.23');
	assert.equal(fenToWanRounded(1235000n), '1.24');
	assert.equal(fenToWanRounded(1234999n), '1.23');
	assert.equal(displayMoney('53000000.00', 'wan'), '5,300.00');
	assert.equal(displayMoney('2649999.99', 'yuan'), '2,649,999.99');
});

test('thousands separators', () => {
	assert.equal(groupThousands('1234567.89'), '1,234,567.89');
	assert.equal(groupThousands('999'), '999');
	assert.equal(groupThousands('-1000'), '-1,000');
});

test('unit switch converts input text exactly and leaves bad text alone', () => {
	assert.equal(convertInput('32000000.00', 'yuan', 'wan'), '3200');
	assert.equal(convertInput('3200.5', 'wan', 'yuan'), '32005000.00');
	assert.equal(convertInput('12x', 'wan', 'yuan'), '12x');
	assert.equal(moneyToInput('412600.00', 'wan'), '41.26');
	assert.equal(moneyToInput(null, 'wan'), '');
});

test('input validation messages', () => {
	assert.deepEqual(inputToMoney('', 'wan'), { value: null });
	assert.deepEqual(inputToMoney('-1', 'yuan'), { error: '金额不能为负数' });
	assert.deepEqual(inputToMoney('1.234', 'yuan'), { error: '请输入金额（元），最多2位小数' });
	assert.deepEqual(inputToCount('80.50'), { value: '80.5' });
	assert.deepEqual(inputToCount('80'), { value: '80' });
	assert.deepEqual(inputToCount('0'), { value: '0' });
	assert.deepEqual(inputToCount('8.123'), { error: '请输入人数，最多2位小数' });
});

test('a comma is taken only as a thousands separator in its place (issue 11: "1,5" became 15)', () => {
	assert.equal(yuanToFen('1,5'), undefined);
	assert.equal(yuanToFen('1,50'), undefined);
	assert.equal(yuanToFen('1234,567'), undefined);
	assert.equal(yuanToFen('1,234567'), undefined);
	assert.equal(wanToFen('0,5'), undefined);
	assert.equal(yuanToFen('1,234,567.89'), 123456789n);
	assert.equal(yuanToFen('1，234'), 123400n);
	assert.equal(yuanToFen(' 1 234 '), undefined);
	assert.equal(yuanToFen(' 1234 '), 123400n);
	assert.deepEqual(inputToMoney('1,5', 'wan'), { error: inputToMoney('abc', 'wan').error });
});
