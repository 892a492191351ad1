// What people read instead of codes: the audit log's changes, the gap
// amounts, the enterprise's marks, the dashboard's funnel, the field tree,
// the earliest application year. Pure functions (node-tested).
import {
	fieldLabel,
	tierOf,
	areaKindName,
	ipKindName,
	roleName,
	acquiredName,
	categoryOf,
	statusOf,
	visitKindOf,
	TIERS,
	LOGIN_FAILURE_REASONS,
} from './labels.js';
import { displayMoney, fenToYuan, groupThousands, formatScaled } from './money.js';

// ---- the audit log ------------------------------------------------------------------

// The audit log keeps the stored units: money in fen, head counts in hundredths.
const FEN_KEYS = /^(sales_main|sales_other|sales|gross_income|non_taxable_income|hitech_income|rd_.*|total_assets|total_liabilities|cost_expense_total)$/;
const HUNDREDTHS_KEYS = /^(staff|st_staff)$/;

/** The value V of member KEY of an audit image of TABLE in words; AREAS maps area codes to names. */
export function auditValue(table, key, v, areas = {}) {
	if (v === null || v === undefined || v === '') return '（空）';
	if (typeof v === 'boolean') return v ? '是' : '否';
	if (Array.isArray(v)) return v.length ? v.map((x) => auditValue(table, key, x, areas)).join('、') : '（空）';
	if (typeof v === 'object')
		return Object.entries(v)
			.map(([k, x]) => `${fieldLabel(k)}：${auditValue(table, k, x, areas)}`)
			.join('；');
	if (table === 'sessions' && key === 'reason') return LOGIN_FAILURE_REASONS[v] ?? String(v);
	if (table === 'indicators' && typeof v === 'number' && Number.isSafeInteger(v)) {
		if (FEN_KEYS.test(key)) return `${groupThousands(fenToYuan(BigInt(v)))} 元`;
		if (HUNDREDTHS_KEYS.test(key)) return `${formatScaled(BigInt(v), 2).replace(/\.?0+$/, '') || '0'} 人`;
	}
	const s = String(v);
	switch (key) {
		case 'tier':
			return tierOf(s).name;
		case 'kind':
			return table === 'areas' ? areaKindName(s) : table === 'visits' ? visitKindOf(s).name : ipKindName(s);
		case 'role':
			return roleName(s);
		case 'acquired':
			return acquiredName(s);
		case 'category':
			return categoryOf(s).name;
		case 'status':
			return table === 'problems' ? statusOf(s).name : s;
		case 'area':
		case 'areas':
			return areas[s] ? areas[s] : s;
		default:
			return s;
	}
}

function flat(obj, prefix = '', out = {}) {
	if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
		if (prefix) out[prefix] = obj;
		return out;
	}
	for (const [k, v] of Object.entries(obj)) flat(v, prefix ? `${prefix}.${k}` : k, out);
	return out;
}

/** The changed members of an audit ROW: [{key (Chinese), before, after}] as text. */
export function auditDiff(row, areas = {}) {
	const b = flat(row.before ?? {});
	const a = flat(row.after ?? {});
	const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
	const leaf = (k) => k.slice(k.lastIndexOf('.') + 1);
	return keys
		.filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
		.map((k) => ({
			key: fieldLabel(k),
			before: auditValue(row.table, leaf(k), b[k], areas),
			after: auditValue(row.table, leaf(k), a[k], areas),
		}));
}

/** One line of the changes of ROW: "梯度：当年重点培育 → 后备培育库；…". */
export function auditSummary(row, areas = {}) {
	const d = auditDiff(row, areas);
	if (!d.length) return '';
	const one = (x) => (row.action === 'create' ? `${x.key}：${x.after}` : row.action === 'delete' ? `${x.key}：${x.before}` : `${x.key}：${x.before} → ${x.after}`);
	return (
		d
			.slice(0, 4)
			.map(one)
			.join('；') + (d.length > 4 ? ` 等${d.length}项` : '')
	);
}

// ---- assessment ---------------------------------------------------------------------

const UNITS = { people: '人', items: '项', points: '分', days: '天' };

/** The size of gap G (rules.md §7) in words. Only C6 has "or reduce other income" as its alternative. */
export function gapAmountText(g) {
	if (g.amount === null || g.amount === undefined || g.amount === '') return '';
	if (g.unit === 'yuan') {
		const main = `差额 ${displayMoney(g.amount, 'wan')} 万元（${displayMoney(g.amount, 'yuan')} 元）`;
		const alt = g.alternative && g.alternative !== '0.00' ? g.alternative : '';
		if (!alt) return main;
		if (g.id === 'C6') return `${main}，或减少其他收入 ${displayMoney(alt, 'wan')} 万元`;
		if (g.id === 'C5') return `${main}；按现有数据还差 ${displayMoney(alt, 'wan')} 万元`;
		return main;
	}
	if (UNITS[g.unit]) return `差 ${g.amount} ${UNITS[g.unit]}`;
	return String(g.amount);
}

/**
 * The earliest application year as said to people, for the enterprise ENT
 * (hnte_expires_on) and its assessment A: a firm whose certificate is valid
 * past this year is recognised until then and re-applies in the
 * certificate's last calendar year (rules.md §5).
 */
export function earliestText(a, ent, today) {
	const exp = ent?.hnte_expires_on;
	const recognised = exp && ['hnte', 'leader'].includes(ent?.tier) && exp >= today;
	if (recognised && Number(exp.slice(0, 4)) > Number(today.slice(0, 4)))
		return `已认定，证书有效至 ${exp}，${exp.slice(0, 4)} 年重新认定`;
	if (recognised) return `证书 ${exp} 到期，本年需重新认定`;
	return a?.earliest_year ? `最早可申报 ${a.earliest_year} 年` : '';
}

// ---- the enterprise -----------------------------------------------------------------

/** The canonical name of the above-scale mark; the tags that say the same. */
export const ABOVE_SCALE_TAG = '规上企业';
const ABOVE_SCALE_SYNONYMS = new Set(['规上企业', '规模以上', '规模以上企业', '规上']);

/** The marks of ENT to show: 规上企业 once (from above_scale or a synonymous tag), 上市公司, the other tags. */
export function enterpriseMarks(ent) {
	const tags = ent?.tags ?? [];
	const above = !!ent?.above_scale || tags.some((t) => ABOVE_SCALE_SYNONYMS.has(String(t).trim()));
	const out = [];
	if (above) out.push({ text: ABOVE_SCALE_TAG, type: 'primary' });
	if (ent?.listed) out.push({ text: '上市公司', type: 'success' });
	const seen = new Set();
	for (const t of tags) {
		const x = String(t).trim();
		if (!x || ABOVE_SCALE_SYNONYMS.has(x) || seen.has(x)) continue;
		seen.add(x);
		out.push({ text: x, type: 'info' });
	}
	return out;
}

/** The form's tags and above_scale normalised as the server stores them: the mark, not a tag. */
export function normaliseMarks(aboveScale, tags) {
	const list = (tags ?? []).map((t) => String(t).trim()).filter(Boolean);
	const above = !!aboveScale || list.some((t) => ABOVE_SCALE_SYNONYMS.has(t));
	return { above_scale: above, tags: [...new Set(list.filter((t) => !ABOVE_SCALE_SYNONYMS.has(t)))] };
}

/**
 * The technology-field table (the items {code, name, level, parent} of
 * api/register.js listFields) as a tree for el-tree-select: {value, label, children}.
 */
export function fieldTree(items) {
	const nodes = new Map();
	const roots = [];
	for (const f of [...(items ?? [])].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)))
		nodes.set(f.code, { value: f.code, label: `${f.code} ${f.name}`, children: [] });
	for (const f of items ?? []) {
		const n = nodes.get(f.code);
		const parent = f.parent ? nodes.get(f.parent) : null;
		(parent ? parent.children : roots).push(n);
	}
	const prune = (n) => {
		n.children.sort((a, b) => (a.value < b.value ? -1 : 1));
		n.children.forEach(prune);
		if (!n.children.length) delete n.children;
	};
	roots.sort((a, b) => (a.value < b.value ? -1 : 1)).forEach(prune);
	return roots;
}

// ---- the dashboard ------------------------------------------------------------------

/**
 * The funnel of the cultivation ladder: one step per tier (not exited), its
 * width fixed by its place on the ladder (widest first), never by its count;
 * the count is in the label. COUNTS maps tier codes to counts.
 */
export function funnelSteps(counts) {
	const ladder = TIERS.filter((t) => t.code !== 'exited');
	return ladder.map((t, i) => ({ name: t.name, value: ladder.length - i, count: Number(counts?.[t.code] ?? 0), code: t.code }));
}
