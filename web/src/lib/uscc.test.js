// node --test: the GB 32100 check of uscc.js against the published codes of
// rules-sources.md §7.5.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { usccCheck, usccCheckChar } from './uscc.js';

const valid = [
	'91110000600037341L', '91110000710926094P', '91120224064012553U', '91310000631696382C',
	'91310115MA1K3BTP2B', '91440300568520498A', '9144030071526726XG', '913505007821784439',
	'9131012056010553X5', '91420684MA4927PJ7B', '91340600MA2PBM9HXD', '91620105L015101280',
	'92340602MA2PBMEM24', '121200004013590816',
];

test('published real codes are valid', () => {
	for (const c of valid) assert.deepEqual(usccCheck(c), { ok: true, code: c }, c);
});

test('lower case input is upper-cased and accepted', () => {
	assert.deepEqual(usccCheck('91310115ma1k3btp2b'), { ok: true, code: '91310115MA1K3BTP2B' });
});

test('worked example of the standard: prefix 91350100M000100Y4 → check 3', () => {
	assert.equal(usccCheckChar('91350100M000100Y4'), '3');
	const r = usccCheck('91350100M000100Y4Z');
	assert.equal(r.ok, false);
	assert.equal(r.position, 18);
	assert.equal(r.expected, '3');
	assert.equal(r.message, '第18位校验码应为3');
});

test('wrong check character names the expected one: …341N → L', () => {
	const r = usccCheck('91110000600037341N');
	assert.equal(r.expected, 'L');
	assert.equal(r.message, '第18位校验码应为L');
});

const bad = [
	['9111000060003734', 0, '统一社会信用代码应为18位，当前16位'],
	['91110000600037341LX', 0, '统一社会信用代码应为18位，当前19位'],
	['91A10000600037341L', 3, '第3位应为数字（行政区划码），不能是“A”'],
	['9111000060003O341L', 14, '第14位字符“O”不合法（代码中不使用I、O、S、V、Z）'],
	['I1110000600037341L', 1, '第1位字符“I”不合法（代码中不使用I、O、S、V、Z）'],
	['', 0, '请输入统一社会信用代码'],
];

test('malformed codes name the position at fault', () => {
	for (const [code, pos, msg] of bad) {
		const r = usccCheck(code);
		assert.equal(r.ok, false, code);
		assert.equal(r.position, pos, code);
		assert.equal(r.message, msg, code);
	}
});
