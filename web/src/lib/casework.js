// Casework helpers (docs/api.md "Casework"): the texts and request bodies of
// problems, visits and experts. Pure functions for the pages, tested by node.
import { statusOf, categoryOf, specialityName, CONDITIONS } from './labels.js';

/** "逾期12天" for a problem DAYS past its due date; '' when not overdue (0, null, negative, not a number). */
export function overdueText(days) {
	const n = Number(days);
	if (!Number.isInteger(n) || n <= 0) return '';
	return `逾期${n.toLocaleString('en-US')}天`;
}

/** Whether problem status CODE is closed (resolved or wont_fix): only reopening is left. */
export const isClosed = (code) => statusOf(code).closed;

/**
 * The statuses a problem in status CURRENT may be set to, CURRENT first:
 * open → in_progress → resolved, or wont_fix from open or in_progress (a
 * problem in progress may go back to open); a closed problem may only be
 * reopened.
 */
export function statusChoices(current) {
	if (current === 'resolved' || current === 'wont_fix') return [current, 'open'];
	if (current === 'in_progress') return ['in_progress', 'open', 'resolved', 'wont_fix'];
	return ['open', 'in_progress', 'resolved', 'wont_fix'];
}

/** What a change to status TO needs besides it: 'reason' (wont_fix), 'resolution' (resolved) or ''. */
export function statusNeeds(to) {
	if (to === 'wont_fix') return 'reason';
	if (to === 'resolved') return 'resolution';
	return '';
}

const text = (v) => (typeof v === 'string' ? v.trim() : v == null ? '' : String(v).trim());
const orNull = (v) => text(v) || null;

/**
 * The body of POST /enterprises/{uscc}/problems from the create form FORM
 * {category, description, owner, due_on}: trimmed, empty as null.
 */
export function newProblemBody(form) {
	return {
		category: form.category,
		description: text(form.description),
		owner: form.owner ? Number(form.owner) : null,
		due_on: orNull(form.due_on),
	};
}

/**
 * The body of PUT /problems/{id}: the members of the edit form FORM that
 * differ from the stored problem ORIGINAL. A change of status carries what
 * it needs (`reason` for wont_fix; `resolution` and `resolved_on` for
 * resolved); `reason` and `resolution` are sent whenever they were changed.
 * An empty object when nothing changed.
 */
export function problemChanges(original, form) {
	const body = {};
	const o = original ?? {};
	if (form.category !== o.category) body.category = form.category;
	if (text(form.description) !== text(o.description)) body.description = text(form.description);
	const owner = form.owner ? Number(form.owner) : null;
	if (owner !== (o.owner?.id ?? null)) body.owner = owner;
	if (orNull(form.due_on) !== (o.due_on || null)) body.due_on = orNull(form.due_on);
	if (form.status !== o.status) body.status = form.status;
	const needs = statusNeeds(form.status);
	if (text(form.reason) !== text(o.reason) || (body.status && needs === 'reason')) body.reason = orNull(form.reason);
	if (text(form.resolution) !== text(o.resolution) || (body.status && needs === 'resolution')) body.resolution = orNull(form.resolution);
	if (form.status === 'resolved' && (body.status || orNull(form.resolved_on) !== (o.resolved_on || null))) body.resolved_on = orNull(form.resolved_on);
	return body;
}

/**
 * The body of POST /enterprises/{uscc}/visits and PUT /visits/{id} from the
 * visit form FORM {visited_on, kind, participants: [id], others, content,
 * next_step, next_on, problems: [{id, effect}]}: trimmed, empty as null,
 * each participant and problem once.
 */
export function visitBody(form) {
	const seen = new Set();
	const problems = [];
	for (const p of form.problems ?? []) {
		const id = Number(p.id);
		if (!id || seen.has(id)) continue;
		seen.add(id);
		problems.push({ id, effect: p.effect === 'resolved' ? 'resolved' : 'raised' });
	}
	return {
		visited_on: text(form.visited_on),
		kind: form.kind,
		participants: [...new Set((form.participants ?? []).map(Number).filter(Boolean))],
		others: orNull(form.others),
		content: text(form.content),
		next_step: orNull(form.next_step),
		next_on: orNull(form.next_on),
		problems,
	};
}

/** Who took part in VISIT: the users' names, then the others, joined by 、; '—' when nobody is named. */
export function participantsText(visit) {
	const names = (visit?.participants ?? []).map((p) => p.display_name || p.username || `#${p.id}`);
	const others = text(visit?.others);
	if (others) names.push(others);
	return names.length ? names.join('、') : '—';
}

/** Newest first: by visit date, then the later record first. A new array. */
export function newestFirst(visits) {
	return [...(visits ?? [])].sort((a, b) => (a.visited_on === b.visited_on ? (b.id ?? 0) - (a.id ?? 0) : a.visited_on < b.visited_on ? 1 : -1));
}

/**
 * How close the next step of a visit dated NEXT_ON is on TODAY (both
 * YYYY-MM-DD): 'overdue' (past), 'soon' (within 7 days), '' (later or none).
 */
export function followUpState(nextOn, today) {
	if (!nextOn || !today) return '';
	if (nextOn < today) return 'overdue';
	const d = (s) => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)));
	return (d(nextOn) - d(today)) / 86400000 <= 7 ? 'soon' : '';
}

/** The report of POST …/problems/from-gaps {items, skipped}, a sentence for the user. */
export function fromGapsMessage(result) {
	const made = result?.items?.length ?? 0;
	const skipped = Number(result?.skipped) || 0;
	if (!made && !skipped) return '评测诊断未发现差距，没有生成问题';
	const parts = [];
	if (made) parts.push(`已从诊断生成 ${made} 个问题`);
	else parts.push('没有生成新问题');
	if (skipped) parts.push(`跳过 ${skipped} 个（已有未解决的同一差距问题）`);
	return parts.join('，');
}

/** The source of a problem made from an assessment gap: "诊断 C5", "诊断 评分"; '' for one made by hand. */
export function gapText(gap) {
	if (!gap?.id) return '';
	return `诊断：${GAP_NAMES[gap.id] ?? CONDITIONS[gap.id] ?? '其他'}`;
}

/** Gaps that are not one of the eight conditions, by their Chinese names. */
const GAP_NAMES = {
	C5_domestic: '境内研发费用占比',
	score: '创新能力评价',
	revoked: '被撤销认定',
	tsme_data_year: '科技型中小企业评价数据年度',
};

/**
 * The users a problem may be given to, as [{id, label}], each once: the
 * caller ME ({id, display_name}), the experts EXPERTS, and the CURRENT owner
 * (kept even when it is neither, so that editing does not lose it).
 */
export function ownerOptions(me, people, current) {
	const out = [];
	const seen = new Set();
	const add = (u, label) => {
		if (!u?.id || seen.has(u.id)) return;
		seen.add(u.id);
		out.push({ id: u.id, label });
	};
	if (me) add(me, `我（${me.display_name || me.username || me.id}）`);
	for (const p of people ?? []) if (!p.disabled) add(p, `${p.display_name || p.username}（${ROLE_SHORT[p.role] ?? '专家'}）`);
	if (current) add(current, current.display_name || `#${current.id}`);
	return out;
}

/** Short role names for pickers; an expert object of /experts has no role: 专家. */
const ROLE_SHORT = { admin: '管理员', city: '市级', county: '县级', expert: '专家' };

/** The specialities of an expert as Chinese names joined by 、; '—' when none. */
export function specialitiesText(codes) {
	return (codes ?? []).length ? codes.map(specialityName).join('、') : '—';
}

/** One line naming a problem in a picker: "#7 研发费用归集：近三年研发费用…" (description cut to MAX characters). */
export function problemLabel(p, max = 40) {
	const d = text(p?.description);
	const cut = [...d].length > max ? [...d].slice(0, max).join('') + '…' : d;
	return `#${p?.id} ${categoryOf(p?.category).name}：${cut}`;
}

/** The length of S in UTF-8 bytes, as the server counts its limits (a Chinese character is 3). */
export function utf8Bytes(s) {
	return new TextEncoder().encode(s ?? '').length;
}

/**
 * An el-form rule refusing more than MAX bytes of UTF-8 in a text called
 * NAME: "问题描述不能超过2000字节（约666个汉字）".
 */
export function maxBytesRule(name, max) {
	return {
		trigger: 'blur',
		validator: (_rule, value, callback) =>
			utf8Bytes(typeof value === 'string' ? value.trim() : '') > max ? callback(new Error(`${name}不能超过${max}字节（约${Math.floor(max / 3)}个汉字）`)) : callback(),
	};
}
