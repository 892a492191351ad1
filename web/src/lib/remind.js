// Pure helpers of the reminders and calendar pages (node-tested).

/** The Chinese status of a reminder's mark. */
export function reminderStateText(state) {
	if (state === 'done') return '已完成';
	if (state === 'snoozed') return '暂缓';
	return '待处理';
}

/** Today as YYYY-MM-DD in local time. */
export function isoToday(now = new Date()) {
	const p = (n) => String(n).padStart(2, '0');
	return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/**
 * The error of a mark form, or '' when it can be sent: a reason for done and
 * snoozed, and for a snooze a date after TODAY (both YYYY-MM-DD).
 */
export function markError(form, today) {
	if (form.state !== 'open' && !(form.reason ?? '').trim()) return '请填写原因';
	if (form.state === 'snoozed') {
		if (!form.until) return '请选择暂缓到期日';
		if (form.until <= today) return '暂缓到期日须晚于今天';
	}
	return '';
}

/** The days left until DUE (YYYY-MM-DD) from TODAY; negative when past; null without a date. */
export function daysLeft(due, today) {
	if (!due) return null;
	const ms = Date.parse(`${due}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`);
	return Math.round(ms / 86400000);
}

/** A deadline as people read it: "已逾期 3 天", "今天到期", "还有 12 天", '' without a date. */
export function dueText(due, today) {
	const d = daysLeft(due, today);
	if (d === null) return '';
	if (d < 0) return `已逾期 ${-d} 天`;
	if (d === 0) return '今天到期';
	return `还有 ${d} 天`;
}

/**
 * Milestones grouped by month for the month list of the calendar:
 * [{month: 1..12, label: '1月', items: [...]}, …] in date order, empty months left out.
 */
export function byMonth(items) {
	const groups = new Map();
	for (const it of [...items].sort((a, b) => (a.on_date < b.on_date ? -1 : a.on_date > b.on_date ? 1 : 0))) {
		const m = Number(it.on_date.slice(5, 7));
		if (!groups.has(m)) groups.set(m, { month: m, label: `${m}月`, items: [] });
		groups.get(m).items.push(it);
	}
	return [...groups.values()];
}

/** Chinese label of an item kind of a firm's calendar. */
export const EVENT_KINDS = {
	cert_issued: '证书颁发',
	cert_expiry: '证书到期',
	reapply: '重新认定',
	annual_report: '年报',
	tsme_renew: '科小入库',
	problem_due: '问题期限',
	milestone: '工作日程',
};
