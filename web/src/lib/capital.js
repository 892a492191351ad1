// The registered capital (注册资本) of an enterprise as the registry states
// it: integer fen of its own currency, never converted (ledger column
// registered_capital with capital_currency, migration 0005).
import { fenToWanExact, groupThousands } from './money.js';

/** The currencies a registry export names, as ISO 4217 codes with their words. */
export const CURRENCIES = [
	{ code: 'CNY', name: '人民币', unit: '万元人民币' },
	{ code: 'USD', name: '美元', unit: '万美元' },
	{ code: 'HKD', name: '港元', unit: '万港元' },
	{ code: 'EUR', name: '欧元', unit: '万欧元' },
	{ code: 'JPY', name: '日元', unit: '万日元' },
	{ code: 'GBP', name: '英镑', unit: '万英镑' },
	{ code: 'AUD', name: '澳元', unit: '万澳元' },
	{ code: 'CAD', name: '加元', unit: '万加元' },
	{ code: 'SGD', name: '新加坡元', unit: '万新加坡元' },
	{ code: 'TWD', name: '新台币', unit: '万新台币' },
	{ code: 'CHF', name: '瑞士法郎', unit: '万瑞士法郎' },
	{ code: 'KRW', name: '韩元', unit: '万韩元' },
	{ code: 'MOP', name: '澳门元', unit: '万澳门元' },
];

/**
 * "1,000万元人民币", "50万美元" for FEN (number, BigInt or null) of CURRENCY;
 * "—" when absent. Exact: the 万 amount keeps every decimal it has.
 */
export function capitalText(fen, currency) {
	if (fen === null || fen === undefined) return '—';
	const c = CURRENCIES.find((x) => x.code === currency);
	const [int, frac] = fenToWanExact(BigInt(fen)).split('.');
	const amount = groupThousands(int) + (frac ? `.${frac}` : '');
	return amount + (c ? c.unit : `万${currency ?? ''}`);
}
