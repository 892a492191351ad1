// Shared helpers of the targets pages: basis points as text, status colours,
// and the ledger filter behind each metric (the drill-down).

/** 8333 → "83.33%"; null → "—" (integer arithmetic, no rounding drift). */
export function pct(bp) {
	if (bp === null || bp === undefined) return '—';
	const s = bp < 0 ? '-' : '';
	const a = Math.abs(bp);
	return `${s}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}%`;
}

export const STATUS = {
	ahead: { label: '超前', color: '#67c23a', tag: 'success' },
	on_track: { label: '正常', color: '#409eff', tag: 'primary' },
	behind: { label: '滞后', color: '#f56c6c', tag: 'danger' },
	none: { label: '未设目标', color: '#c0c4cc', tag: 'info' },
};

/** The ledger list's query behind a metric of an area. */
export function drillQuery(metric, area) {
	const tier = { hnte_new: 'hnte', hnte_stock: 'hnte', tsme_registered: 'tsme', reserve_pool: 'reserve', key_pool: 'key' }[metric];
	const q = { area };
	if (tier) q.tier = tier;
	return q;
}

export function thisYear() {
	return new Date().getFullYear();
}
