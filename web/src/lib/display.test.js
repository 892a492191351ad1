// node --test: what people read instead of codes (issue 11 "What users saw").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditSummary, auditDiff, gapAmountText, earliestText, enterpriseMarks, normaliseMarks, fieldTree, funnelSteps } from './display.js';
import { auditActionName, auditTableName, operatorName, rulesetName, areaKindName, fieldLabel } from './labels.js';

test('the audit log names operations, objects and values in Chinese', () => {
	assert.equal(auditActionName('demo'), '生成演示数据');
	assert.equal(auditActionName('lock'), '锁定');
	assert.equal(auditTableName('areas'), '地区');
	assert.equal(auditTableName('qualitative'), '定性评价');
	assert.equal(auditSummary({ action: 'tier', table: 'enterprises', before: { tier: 'key' }, after: { tier: 'reserve' } }), '梯度：当年重点培育 → 后备培育库');
	const area = { action: 'create', table: 'areas', before: null, after: { code: 'QJETDZ', kind: 'district', name: '曲靖经济技术开发区', old_codes: '' } };
	const s = auditSummary(area);
	assert.match(s, /种类：市辖区/);
	assert.match(s, /曾用代码：（空）/);
	assert.doesNotMatch(s, /district|old_codes/);
	assert.equal(fieldLabel('old_codes'), '曾用代码');
	const user = auditDiff({ action: 'update', table: 'users', before: { role: 'viewer' }, after: { role: 'county' } });
	assert.deepEqual(user, [{ key: '角色', before: '只读用户', after: '县级科技部门' }]);
	const ip = auditSummary({ action: 'create', table: 'ip_items', after: { kind: 'invention_patent', acquired: 'self' } });
	assert.equal(ip, '种类：发明专利；获得方式：自主研发');
	assert.equal(auditSummary({ action: 'update', table: 'enterprises', before: { area: '530302' }, after: { area: '530303' } }, { 530302: '麒麟区', 530303: '沾益区' }), '地区：麒麟区 → 沾益区');
	assert.equal(auditSummary({ action: 'update', table: 'indicators', before: { sales: 100 }, after: { sales: 123456 } }), '销售收入：1.00 元 → 1,234.56 元');
});

test('the command line’s user "system" is 系统; area kinds and rule sets have names', () => {
	assert.equal(operatorName('system'), '系统');
	assert.equal(operatorName('qilin'), 'qilin');
	assert.equal(areaKindName('district'), '市辖区');
	assert.equal(areaKindName('zone'), '开发区/功能区');
	assert.equal(rulesetName('hnte-2016+tsme-2022'), '高企认定办法（2016年版）、科小评价办法（2022年版）');
	assert.equal(rulesetName('something-else'), 'something-else');
});

test('"或减少其他收入" is C6’s alternative only; C5’s is the shortfall on present data', () => {
	const c5 = gapAmountText({ id: 'C5', unit: 'yuan', amount: '2500000.00', alternative: '579621.57' });
	assert.doesNotMatch(c5, /减少其他收入/);
	assert.equal(c5, '差额 250.00 万元（2,500,000.00 元）；按现有数据还差 57.96 万元');
	const c6 = gapAmountText({ id: 'C6', unit: 'yuan', amount: '500000.00', alternative: '333333.34' });
	assert.equal(c6, '差额 50.00 万元（500,000.00 元），或减少其他收入 33.33 万元');
	assert.equal(gapAmountText({ id: 'C5_domestic', unit: 'yuan', amount: '10000.00', alternative: '5.00' }), '差额 1.00 万元（10,000.00 元）');
	assert.equal(gapAmountText({ id: 'C4', unit: 'people', amount: 3 }), '差 3 人');
});

test('a recognised HNTE with a certificate valid to 2028 is not told "最早可申报 2026 年"', () => {
	const ent = { tier: 'hnte', hnte_expires_on: '2028-12-03' };
	const t = earliestText({ earliest_year: 2026 }, ent, '2026-12-04');
	assert.doesNotMatch(t, /2026/);
	assert.equal(t, '已认定，证书有效至 2028-12-03，2028 年重新认定');
	assert.equal(earliestText({ earliest_year: 2026 }, { tier: 'hnte', hnte_expires_on: '2026-12-20' }, '2026-12-04'), '证书 2026-12-20 到期，本年需重新认定');
	assert.equal(earliestText({ earliest_year: 2027 }, { tier: 'key' }, '2026-12-04'), '最早可申报 2027 年');
	assert.equal(earliestText({ earliest_year: 2026 }, { tier: 'hnte', hnte_expires_on: '2025-12-01' }, '2026-12-04'), '最早可申报 2026 年');
	assert.equal(earliestText({ earliest_year: null }, { tier: 'key' }, '2026-12-04'), '');
});

test('规上企业 shows once, whether from above_scale or a tag 规模以上/规上企业', () => {
	const marks = enterpriseMarks({ above_scale: true, listed: false, tags: ['规上企业', '专精特新', '规模以上'] });
	assert.deepEqual(marks.map((m) => m.text), ['规上企业', '专精特新']);
	assert.deepEqual(enterpriseMarks({ above_scale: false, tags: ['规模以上'] }).map((m) => m.text), ['规上企业']);
	assert.deepEqual(enterpriseMarks({ above_scale: false, listed: true, tags: [] }).map((m) => m.text), ['上市公司']);
	assert.deepEqual(normaliseMarks(false, ['规模以上', ' 专精特新 ', '专精特新']), { above_scale: true, tags: ['专精特新'] });
});

test('the technology fields form a tree of three levels', () => {
	const items = [
		{ code: '101', name: '软件', level: 2, parent: '10' },
		{ code: '10', name: '电子信息', level: 1, parent: '' },
		{ code: '10101', name: '基础软件', level: 3, parent: '101' },
		{ code: '20', name: '生物与新医药', level: 1, parent: '' },
	];
	assert.deepEqual(fieldTree(items), [
		{ value: '10', label: '10 电子信息', children: [{ value: '101', label: '101 软件', children: [{ value: '10101', label: '10101 基础软件' }] }] },
		{ value: '20', label: '20 生物与新医药' },
	]);
});

test('the funnel’s widths follow the ladder, whatever the counts', () => {
	// the demo city: more HNTEs (216) than key firms (81) made the funnel bulge
	const steps = funnelSteps({ prospect: 299, tsme: 190, reserve: 151, key: 81, hnte: 216, leader: 19, exited: 40 });
	assert.deepEqual(steps.map((s) => s.code), ['prospect', 'tsme', 'reserve', 'key', 'hnte', 'leader']);
	for (let i = 1; i < steps.length; i++) assert.ok(steps[i].value < steps[i - 1].value, `${steps[i].name} narrower than ${steps[i - 1].name}`);
	assert.equal(steps.find((s) => s.code === 'hnte').count, 216);
	assert.deepEqual(funnelSteps({}).map((s) => s.value), [6, 5, 4, 3, 2, 1]);
});
