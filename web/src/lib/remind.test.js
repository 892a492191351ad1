import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reminderStateText, markError, daysLeft, dueText, byMonth, isoToday } from './remind.js';

test('a mark needs a reason, a snooze a day after today', () => {
	assert.equal(markError({ state: 'done', reason: '' }, '2026-06-15'), '请填写原因');
	assert.equal(markError({ state: 'done', reason: '  ' }, '2026-06-15'), '请填写原因');
	assert.equal(markError({ state: 'done', reason: '已提交' }, '2026-06-15'), '');
	assert.equal(markError({ state: 'snoozed', reason: '等回复' }, '2026-06-15'), '请选择暂缓到期日');
	assert.equal(markError({ state: 'snoozed', reason: '等回复', until: '2026-06-15' }, '2026-06-15'), '暂缓到期日须晚于今天');
	assert.equal(markError({ state: 'snoozed', reason: '等回复', until: '2026-06-16' }, '2026-06-15'), '');
	assert.equal(markError({ state: 'open' }, '2026-06-15'), '');
});

test('deadlines read in days, across a month end and a leap day', () => {
	assert.equal(daysLeft('2026-07-01', '2026-06-30'), 1);
	assert.equal(daysLeft('2028-03-01', '2028-02-28'), 2);
	assert.equal(dueText('2026-06-14', '2026-06-15'), '已逾期 1 天');
	assert.equal(dueText('2026-06-15', '2026-06-15'), '今天到期');
	assert.equal(dueText('2026-12-31', '2026-06-15'), '还有 199 天');
	assert.equal(dueText(null, '2026-06-15'), '');
});

test('states and today', () => {
	assert.equal(reminderStateText(null), '待处理');
	assert.equal(reminderStateText('snoozed'), '暂缓');
	assert.equal(reminderStateText('done'), '已完成');
	assert.equal(isoToday(new Date(2026, 0, 5)), '2026-01-05');
});

test('milestones grouped by month in date order', () => {
	const g = byMonth([
		{ id: 3, on_date: '2026-09-30' },
		{ id: 1, on_date: '2026-03-15' },
		{ id: 2, on_date: '2026-09-01' },
	]);
	assert.deepEqual(g.map((x) => x.label), ['3月', '9月']);
	assert.deepEqual(g[1].items.map((x) => x.id), [2, 3]);
});
