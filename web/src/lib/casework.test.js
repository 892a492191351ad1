// node --test: the casework labels (labels.js) and helpers (casework.js):
// Chinese names of every code of docs/api.md "Casework", overdue texts,
// status changes, the request bodies of problems and visits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
	PROBLEM_CATEGORIES,
	PROBLEM_STATUSES,
	VISIT_KINDS,
	VISIT_EFFECTS,
	SPECIALITIES,
	categoryOf,
	statusOf,
	visitKindOf,
	visitEffectOf,
	specialityName,
	escalationOf,
	auditTableName,
	gapTag,
} from './labels.js';
import {
	overdueText,
	isClosed,
	statusChoices,
	statusNeeds,
	newProblemBody,
	problemChanges,
	visitBody,
	participantsText,
	newestFirst,
	followUpState,
	fromGapsMessage,
	gapText,
	ownerOptions,
	specialitiesText,
	problemLabel,
	utf8Bytes,
	maxBytesRule,
} from './casework.js';

test('every code of the contract has its Chinese name, in the contract’s order', () => {
	assert.deepEqual(
		PROBLEM_CATEGORIES.map((c) => [c.code, c.name]),
		[['ip', '知识产权'], ['rd_accounting', '研发费用归集'], ['staff', '科技人员'], ['revenue', '收入结构'], ['management', '管理制度'], ['finance', '财务'], ['materials', '申报材料'], ['other', '其他']],
	);
	assert.deepEqual(PROBLEM_STATUSES.map((s) => [s.code, s.name]), [['open', '待解决'], ['in_progress', '解决中'], ['resolved', '已解决'], ['wont_fix', '不予解决']]);
	assert.deepEqual(VISIT_KINDS.map((k) => [k.code, k.name]), [['onsite', '实地走访'], ['online', '线上辅导'], ['phone', '电话沟通'], ['meeting', '座谈会']]);
	assert.deepEqual(VISIT_EFFECTS.map((e) => [e.code, e.name]), [['raised', '提出'], ['resolved', '解决']]);
	assert.deepEqual(
		SPECIALITIES.map((s) => [s.code, s.name]),
		[['rd_accounting', '财务与研发费用归集'], ['ip', '知识产权'], ['technology', '技术领域'], ['management', '管理体系'], ['application', '申报材料']],
	);
	for (const list of [PROBLEM_CATEGORIES, PROBLEM_STATUSES, VISIT_KINDS, VISIT_EFFECTS]) {
		for (const x of list) assert.ok(['primary', 'success', 'warning', 'danger', 'info'].includes(x.type), `${x.code}: an el-tag type`);
	}
});

test('the look-ups name a known code and fall back to the code itself (or —) for an unknown one', () => {
	assert.equal(categoryOf('rd_accounting').name, '研发费用归集');
	assert.equal(statusOf('wont_fix').name, '不予解决');
	assert.equal(visitKindOf('phone').name, '电话沟通');
	assert.equal(visitEffectOf('resolved').name, '解决');
	assert.equal(specialityName('ip'), '知识产权');
	assert.equal(escalationOf('city').name, '市级督办');
	assert.equal(escalationOf('county').name, '县级督办');
	assert.equal(escalationOf('none').name, '');
	assert.equal(categoryOf('new_kind').name, 'new_kind');
	assert.equal(categoryOf('').name, '—');
	assert.equal(statusOf(null).name, '—');
	assert.equal(visitKindOf(undefined).type, 'info');
	assert.equal(specialityName('quantum'), 'quantum');
	assert.equal(auditTableName('visits'), '走访记录');
	assert.equal(auditTableName('expert_assignments'), '专家指派');
});

test('overdue days read 逾期N天 with thousands separators; nothing when not overdue', () => {
	assert.equal(overdueText(1), '逾期1天');
	assert.equal(overdueText(45), '逾期45天');
	assert.equal(overdueText(1234), '逾期1,234天');
	for (const v of [0, -3, null, undefined, '', 'x', 2.5, NaN]) assert.equal(overdueText(v), '', JSON.stringify(v));
	assert.equal(overdueText('7'), '逾期7天');
});

test('status choices follow open → in_progress → resolved, or wont_fix; a closed problem may only be reopened', () => {
	assert.deepEqual(statusChoices('open'), ['open', 'in_progress', 'resolved', 'wont_fix']);
	assert.deepEqual(statusChoices('in_progress'), ['in_progress', 'open', 'resolved', 'wont_fix']);
	assert.deepEqual(statusChoices('resolved'), ['resolved', 'open']);
	assert.deepEqual(statusChoices('wont_fix'), ['wont_fix', 'open']);
	assert.equal(isClosed('resolved'), true);
	assert.equal(isClosed('wont_fix'), true);
	assert.equal(isClosed('open'), false);
	assert.equal(isClosed('in_progress'), false);
	assert.equal(statusNeeds('wont_fix'), 'reason');
	assert.equal(statusNeeds('resolved'), 'resolution');
	assert.equal(statusNeeds('in_progress'), '');
	assert.equal(statusNeeds('open'), '');
});

test('a new problem is sent trimmed, with null for an empty owner or due date', () => {
	assert.deepEqual(newProblemBody({ category: 'ip', description: '  缺少Ⅰ类知识产权 ', owner: '', due_on: '' }), { category: 'ip', description: '缺少Ⅰ类知识产权', owner: null, due_on: null });
	assert.deepEqual(newProblemBody({ category: 'staff', description: 'x', owner: 5, due_on: '2026-06-30' }), { category: 'staff', description: 'x', owner: 5, due_on: '2026-06-30' });
});

const STORED = {
	id: 7,
	category: 'rd_accounting',
	description: '近三年研发费用占比3.80%，低于5%',
	owner: { id: 5, display_name: '麒麟区科技局' },
	due_on: '2026-06-30',
	status: 'open',
	reason: null,
	resolution: null,
	resolved_on: null,
};
const formOf = (p) => ({ category: p.category, description: p.description, owner: p.owner?.id ?? null, due_on: p.due_on ?? '', status: p.status, reason: p.reason ?? '', resolution: p.resolution ?? '', resolved_on: p.resolved_on ?? '' });

test('an edited problem sends only what changed', () => {
	assert.deepEqual(problemChanges(STORED, formOf(STORED)), {});
	assert.deepEqual(problemChanges(STORED, { ...formOf(STORED), due_on: '2025-01-31' }), { due_on: '2025-01-31' });
	assert.deepEqual(problemChanges(STORED, { ...formOf(STORED), owner: 12, description: ' 新描述 ' }), { owner: 12, description: '新描述' });
	assert.deepEqual(problemChanges(STORED, { ...formOf(STORED), owner: null, due_on: '' }), { owner: null, due_on: null });
	assert.deepEqual(problemChanges(STORED, { ...formOf(STORED), status: 'in_progress' }), { status: 'in_progress' });
});

test('a status change carries its reason or its resolution and date', () => {
	assert.deepEqual(problemChanges(STORED, { ...formOf(STORED), status: 'wont_fix', reason: ' 企业已迁出 ' }), { status: 'wont_fix', reason: '企业已迁出' });
	assert.deepEqual(problemChanges(STORED, { ...formOf(STORED), status: 'resolved', resolution: '已建立研发辅助账', resolved_on: '2026-04-01' }), {
		status: 'resolved',
		resolution: '已建立研发辅助账',
		resolved_on: '2026-04-01',
	});
	// the server's default date (today) when none is given
	assert.deepEqual(problemChanges(STORED, { ...formOf(STORED), status: 'resolved', resolution: '已解决' }), { status: 'resolved', resolution: '已解决', resolved_on: null });
	// a missing reason is sent as null: the server names the field
	assert.deepEqual(problemChanges(STORED, { ...formOf(STORED), status: 'wont_fix' }), { status: 'wont_fix', reason: null });
	// reopening a resolved problem
	const closed = { ...STORED, status: 'resolved', resolution: '已解决', resolved_on: '2026-04-01' };
	assert.deepEqual(problemChanges(closed, { ...formOf(closed), status: 'open' }), { status: 'open' });
	// the resolution of a resolved problem corrected
	assert.deepEqual(problemChanges(closed, { ...formOf(closed), resolution: '已建立研发辅助账并通过审计' }), { resolution: '已建立研发辅助账并通过审计' });
});

test('a visit is sent with user ids, each participant and problem once, empty texts as null', () => {
	const body = visitBody({
		visited_on: '2026-03-12',
		kind: 'onsite',
		participants: [5, '12', 5, null],
		others: ' 企业总经理、财务主管 ',
		content: ' 辅导研发费用归集 ',
		next_step: '',
		next_on: '',
		problems: [{ id: 7, effect: 'raised' }, { id: '8', effect: 'resolved' }, { id: 7, effect: 'resolved' }, { id: 9, effect: 'bogus' }, { id: null }],
	});
	assert.deepEqual(body, {
		visited_on: '2026-03-12',
		kind: 'onsite',
		participants: [5, 12],
		others: '企业总经理、财务主管',
		content: '辅导研发费用归集',
		next_step: null,
		next_on: null,
		problems: [{ id: 7, effect: 'raised' }, { id: 8, effect: 'resolved' }, { id: 9, effect: 'raised' }],
	});
	assert.deepEqual(visitBody({ visited_on: '2026-03-12', kind: 'phone', content: 'x' }).participants, []);
});

test('participants read as names then the others; visits list newest first', () => {
	assert.equal(participantsText({ participants: [{ id: 5, display_name: '麒麟区科技局' }, { id: 12, display_name: '王工' }], others: '企业总经理' }), '麒麟区科技局、王工、企业总经理');
	assert.equal(participantsText({ participants: [], others: '' }), '—');
	assert.equal(participantsText(null), '—');
	const v = newestFirst([
		{ id: 1, visited_on: '2026-01-05' },
		{ id: 3, visited_on: '2026-03-12' },
		{ id: 2, visited_on: '2026-03-12' },
		{ id: 4, visited_on: '2025-12-30' },
	]);
	assert.deepEqual(v.map((x) => x.id), [3, 2, 1, 4]);
	assert.deepEqual(newestFirst(undefined), []);
});

test('a next step is overdue before today, soon within 7 days, else nothing', () => {
	assert.equal(followUpState('2026-03-11', '2026-03-12'), 'overdue');
	assert.equal(followUpState('2026-03-12', '2026-03-12'), 'soon');
	assert.equal(followUpState('2026-03-19', '2026-03-12'), 'soon');
	assert.equal(followUpState('2026-03-20', '2026-03-12'), '');
	assert.equal(followUpState('2027-01-02', '2026-12-28'), 'soon');
	assert.equal(followUpState(null, '2026-03-12'), '');
});

test('from-gaps reports what was created and skipped', () => {
	assert.equal(fromGapsMessage({ items: [{}, {}, {}], skipped: 0 }), '已从诊断生成 3 个问题');
	assert.equal(fromGapsMessage({ items: [{}], skipped: 2 }), '已从诊断生成 1 个问题，跳过 2 个（已有未解决的同一差距问题）');
	assert.equal(fromGapsMessage({ items: [], skipped: 4 }), '没有生成新问题，跳过 4 个（已有未解决的同一差距问题）');
	assert.equal(fromGapsMessage({ items: [], skipped: 0 }), '评测诊断未发现差距，没有生成问题');
	assert.equal(gapText({ id: 'C5', amount: '412600.00' }), '诊断：近三年研发费用占比达标');
	assert.equal(gapText({ id: 'score', amount: '5' }), '诊断：创新能力评价');
	assert.equal(gapText({ id: 'C5_domestic' }), '诊断：境内研发费用占比');
	assert.equal(gapText({ id: 'tsme_data_year' }), '诊断：科技型中小企业评价数据年度');
	assert.equal(gapTag('tsme_data_year'), '科小');
	assert.equal(gapTag('score'), '评分');
	assert.equal(gapTag('C4'), 'C4');
	assert.equal(gapText({ id: 'X9' }), '诊断：其他');
	assert.equal(gapText(null), '');
});

test('the owners offered: me, colleagues and active experts, and the current owner, each once', () => {
	const me = { id: 3, display_name: '麒麟区科技局' };
	const people = [
		{ id: 3, display_name: '麒麟区科技局', role: 'county' },
		{ id: 5, display_name: '麒麟区科技局 李四', role: 'county' },
		{ id: 2, display_name: '市科技局', role: 'city' },
		{ id: 12, display_name: '王工' },
		{ id: 14, display_name: '停用专家', disabled: true },
	];
	assert.deepEqual(ownerOptions(me, people, { id: 9, display_name: '陆良县科技局' }), [
		{ id: 3, label: '我（麒麟区科技局）' },
		{ id: 5, label: '麒麟区科技局 李四（县级）' },
		{ id: 2, label: '市科技局（市级）' },
		{ id: 12, label: '王工（专家）' },
		{ id: 9, label: '陆良县科技局' },
	]);
	assert.deepEqual(ownerOptions(me, [], { id: 3, display_name: '麒麟区科技局' }), [{ id: 3, label: '我（麒麟区科技局）' }]);
	assert.deepEqual(ownerOptions(null, null, null), []);
});

test('specialities and a problem’s one-line label', () => {
	assert.equal(specialitiesText(['ip', 'rd_accounting']), '知识产权、财务与研发费用归集');
	assert.equal(specialitiesText([]), '—');
	assert.equal(problemLabel({ id: 7, category: 'ip', description: '缺少Ⅰ类知识产权' }), '#7 知识产权：缺少Ⅰ类知识产权');
	assert.equal(problemLabel({ id: 8, category: 'staff', description: '一二三四五六七八九十' }, 4), '#8 科技人员：一二三四…');
});

test('texts are limited in UTF-8 bytes like the server: a Chinese character is 3', () => {
	assert.equal(utf8Bytes('abc'), 3);
	assert.equal(utf8Bytes('研发'), 6);
	assert.equal(utf8Bytes(null), 0);
	const rule = maxBytesRule('问题描述', 6);
	const run = (v) => {
		let out = 'not called';
		rule.validator(null, v, (e) => (out = e ? e.message : null));
		return out;
	};
	assert.equal(run('研发'), null);
	assert.equal(run(' 研发 '), null, 'outer spaces are not sent');
	assert.equal(run('研发费'), '问题描述不能超过6字节（约2个汉字）');
	assert.equal(run(undefined), null);
	assert.equal(maxBytesRule('评论', 2000).validator.length, 3);
});
