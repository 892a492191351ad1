// The annual indicators shown and edited on the enterprise page (product C2;
// docs/api.md "Annual indicators"): key path in the year object, Chinese
// label and kind (money in 元 text, count in hundredths, int, bool).

export const INDICATORS = [
	{ key: 'staff', label: '职工总数（人）', kind: 'count' },
	{ key: 'st_staff', label: '科技人员数（人）', kind: 'count' },
	{ key: 'sales_main', label: '主营业务收入', kind: 'money' },
	{ key: 'sales_other', label: '其他业务收入', kind: 'money' },
	{ key: 'sales', label: '销售收入合计', kind: 'money', strong: true },
	{ key: 'gross_income', label: '总收入', kind: 'money' },
	{ key: 'non_taxable_income', label: '不征税收入', kind: 'money' },
	{ key: 'hitech_income', label: '高新技术产品（服务）收入', kind: 'money', strong: true },
	{ key: 'rd.personnel', label: '研发费用：人员人工', kind: 'money', group: 'rd' },
	{ key: 'rd.direct', label: '研发费用：直接投入', kind: 'money', group: 'rd' },
	{ key: 'rd.depreciation', label: '研发费用：折旧费用', kind: 'money', group: 'rd' },
	{ key: 'rd.amortization', label: '研发费用：无形资产摊销', kind: 'money', group: 'rd' },
	{ key: 'rd.design', label: '研发费用：设计费用', kind: 'money', group: 'rd' },
	{ key: 'rd.trials', label: '研发费用：装备调试与试验', kind: 'money', group: 'rd' },
	{ key: 'rd.other', label: '研发费用：其他费用', kind: 'money', group: 'rd' },
	{ key: 'rd.entrusted_domestic', label: '研发费用：委托境内研发', kind: 'money', group: 'rd' },
	{ key: 'rd.entrusted_overseas', label: '研发费用：委托境外研发', kind: 'money', group: 'rd' },
	{ key: 'rd_total', label: '研发费用总额（未分项时填写）', kind: 'money', strong: true },
	{ key: 'rd_domestic', label: '其中境内研发费用（未分项时填写）', kind: 'money' },
	{ key: 'total_assets', label: '资产总额', kind: 'money' },
	{ key: 'total_liabilities', label: '负债总额', kind: 'money' },
	{ key: 'cost_expense_total', label: '成本费用总额', kind: 'money' },
	{ key: 'conversions', label: '科技成果转化数（项）', kind: 'int' },
	{ key: 'incident', label: '重大安全、质量事故或严重违法', kind: 'bool' },
];

export function getPath(obj, key) {
	let o = obj;
	for (const k of key.split('.')) {
		if (o === null || o === undefined) return null;
		o = o[k];
	}
	return o ?? null;
}

export function setPath(obj, key, value) {
	const ks = key.split('.');
	let o = obj;
	for (let i = 0; i < ks.length - 1; i++) {
		if (o[ks[i]] === null || o[ks[i]] === undefined) o[ks[i]] = {};
		o = o[ks[i]];
	}
	o[ks[ks.length - 1]] = value;
}

/** R&D total of a year object for the chart (display only): rd_total when
 * given, else the categories with entrusted work at 80% and "other" capped
 * at a quarter of the rest (rules.md §2), in fen with BigInt. */
export function rdTotalFen(year, yuanToFen) {
	if (year.rd_total !== null && year.rd_total !== undefined) return yuanToFen(year.rd_total) ?? null;
	const rd = year.rd;
	if (!rd) return null;
	const f = (k) => yuanToFen(rd[k] ?? '0') ?? 0n;
	const a100 = 100n * (f('personnel') + f('direct') + f('depreciation') + f('amortization') + f('design') + f('trials')) + 80n * (f('entrusted_domestic') + f('entrusted_overseas'));
	const other100 = 100n * f('other');
	const cap = a100 / 4n;
	return (a100 + (other100 < cap ? other100 : cap)) / 100n;
}
