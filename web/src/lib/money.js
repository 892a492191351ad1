// Exact money and number formatting for the UI. The API carries money as a
// string of 元 with two decimals ("32000000.00"); here it is converted to and
// from 万元 with integer (BigInt fen) arithmetic only, so that nothing is ever
// rounded by floating point. Display rounding (万元 with two decimals) is
// half-up on the exact value.

const DEC_RE = /^(-?)(\d+)(?:\.(\d*))?$/;
// commas only as thousands separators: 1–3 digits, then groups of exactly three
const GROUPED_RE = /^-?\d{1,3}(?:,\d{3})+(?:\.\d*)?$/;

/** Parses a decimal text with at most `scale` decimals into a BigInt scaled by
 * 10^scale. Returns null for empty input, undefined for bad input. Accepts
 * thousands separators (commas, ASCII or full-width) in their places only
 * ("1,234,567.89"; "1,5" is bad) and surrounding spaces. */
export function parseScaled(text, scale) {
	if (text === null || text === undefined) return null;
	let t = String(text).trim().replace(/，/g, ',');
	if (t === '') return null;
	if (t.includes(',')) {
		if (!GROUPED_RE.test(t)) return undefined;
		t = t.replace(/,/g, '');
	}
	const m = DEC_RE.exec(t);
	if (!m) return undefined;
	const frac = m[3] ?? '';
	if (frac.length > scale) return undefined;
	const digits = m[2] + frac.padEnd(scale, '0');
	const v = BigInt(digits);
	return m[1] === '-' ? -v : v;
}

/** Formats a BigInt scaled by 10^scale as a plain decimal with exactly
 * `scale` decimals (no separators). */
export function formatScaled(v, scale) {
	const neg = v < 0n;
	let s = (neg ? -v : v).toString().padStart(scale + 1, '0');
	const intPart = s.slice(0, s.length - scale);
	const frac = s.slice(s.length - scale);
	return (neg ? '-' : '') + intPart + (scale > 0 ? '.' + frac : '');
}

/** 元 text (≤ 2 decimals) → BigInt fen; null if empty, undefined if bad. */
export function yuanToFen(text) {
	return parseScaled(text, 2);
}

/** BigInt fen → 元 text with two decimals ("32000000.00"). */
export function fenToYuan(fen) {
	return formatScaled(fen, 2);
}

/** 万元 text (≤ 6 decimals, i.e. exact to the fen) → BigInt fen; null if
 * empty, undefined if bad. */
export function wanToFen(text) {
	return parseScaled(text, 6);
}

/** BigInt fen → exact 万元 text, trailing zeros of the fraction removed
 * ("3200", "3200.5", "0.000001"). Used in inputs so that editing loses nothing. */
export function fenToWanExact(fen) {
	let s = formatScaled(fen, 6);
	s = s.replace(/0+$/, '').replace(/\.$/, '');
	return s;
}

/** Rounds BigInt fen to 万元 with `digits` decimals, half-up (away from zero),
 * and returns the plain text ("3200.00"). */
export function fenToWanRounded(fen, digits = 2) {
	const div = 10n ** BigInt(6 - digits);
	const neg = fen < 0n;
	const a = neg ? -fen : fen;
	let q = a / div;
	if ((a % div) * 2n >= div) q += 1n;
	return formatScaled(neg ? -q : q, digits);
}

/** Inserts thousands separators into a plain decimal text. */
export function groupThousands(text) {
	if (text === null || text === undefined || text === '') return '';
	const s = String(text);
	const m = /^(-?)(\d+)(\.\d+)?$/.exec(s);
	if (!m) return s;
	return m[1] + m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (m[3] ?? '');
}

/** 元 text from the API → display in the given unit ('yuan' | 'wan') with
 * separators; 万元 rounded half-up to two decimals. Empty for null. */
export function displayMoney(yuanText, unit = 'wan') {
	const fen = yuanToFen(yuanText);
	if (fen === null || fen === undefined) return yuanText ?? '';
	return groupThousands(unit === 'wan' ? fenToWanRounded(fen, 2) : fenToYuan(fen));
}

/** 元 text from the API → exact input text in the unit (no separators). */
export function moneyToInput(yuanText, unit) {
	const fen = yuanToFen(yuanText);
	if (fen === null || fen === undefined) return '';
	return unit === 'wan' ? fenToWanExact(fen) : fenToYuan(fen);
}

/**
 * Input text in the unit → {value: 元 text for the API or null when empty}
 * or {error: Chinese message}. Negative amounts are refused.
 */
export function inputToMoney(text, unit) {
	const fen = unit === 'wan' ? wanToFen(text) : yuanToFen(text);
	if (fen === null) return { value: null };
	if (fen === undefined) {
		return {
			error:
				unit === 'wan'
					? '请输入金额（万元），最多6位小数'
					: '请输入金额（元），最多2位小数',
		};
	}
	if (fen < 0n) return { error: '金额不能为负数' };
	return { value: fenToYuan(fen) };
}

/** Converts an input text from one unit to the other exactly; a text that
 * does not parse is returned unchanged so the user can correct it. */
export function convertInput(text, from, to) {
	if (from === to) return text;
	const fen = from === 'wan' ? wanToFen(text) : yuanToFen(text);
	if (fen === null || fen === undefined) return text;
	return to === 'wan' ? fenToWanExact(fen) : fenToYuan(fen);
}

/** Head count text (≤ 2 decimals) check: {value} or {error}. */
export function inputToCount(text) {
	const v = parseScaled(text, 2);
	if (v === null) return { value: null };
	if (v === undefined || v < 0n) return { error: '请输入人数，最多2位小数' };
	return { value: formatScaled(v, 2).replace(/\.?0+$/, '') || '0' };
}

/** An integer with separators ("1,834"). */
export function formatCount(n) {
	if (n === null || n === undefined || n === '') return '';
	return groupThousands(String(n));
}
