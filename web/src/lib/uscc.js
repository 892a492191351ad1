// GB 32100-2015 unified social credit code (统一社会信用代码) check, as in
// rules-sources.md §7. Used by the forms to tell the user, while typing, which
// position is wrong and what the check character should be. The server checks
// again; this module only helps the user.

export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character for the first 17 characters, or null if one of them is
 * outside the code charset. */
export function usccCheckChar(prefix17) {
	if (typeof prefix17 !== 'string' || prefix17.length !== 17) return null;
	let sum = 0;
	for (let i = 0; i < 17; i++) {
		const v = USCC_CHARSET.indexOf(prefix17[i]);
		if (v < 0) return null;
		sum += v * WEIGHTS[i];
	}
	const c = (31 - (sum % 31)) % 31;
	return USCC_CHARSET[c];
}

/**
 * Checks a code as typed. Lower case is accepted and upper-cased.
 * Returns {ok: true, code} or {ok: false, code, position (1-based or 0 for
 * the length), expected (check character, when known), message (Chinese)}.
 */
export function usccCheck(input) {
	const code = String(input ?? '')
		.trim()
		.toUpperCase();
	if (code.length === 0) return { ok: false, code, position: 0, message: '请输入统一社会信用代码' };
	// Position 18 is judged by the check below, which names the expected character.
	for (let i = 0; i < code.length && i < 17; i++) {
		const ch = code[i];
		if (i >= 2 && i <= 7) {
			if (ch < '0' || ch > '9') {
				return { ok: false, code, position: i + 1, message: `第${i + 1}位应为数字（行政区划码），不能是“${ch}”` };
			}
		} else if (USCC_CHARSET.indexOf(ch) < 0) {
			const hint = 'IOSVZ'.includes(ch) ? '（代码中不使用I、O、S、V、Z）' : '';
			return { ok: false, code, position: i + 1, message: `第${i + 1}位字符“${ch}”不合法${hint}` };
		}
	}
	if (code.length !== 18) {
		return { ok: false, code, position: 0, message: `统一社会信用代码应为18位，当前${code.length}位` };
	}
	const expected = usccCheckChar(code.slice(0, 17));
	if (code[17] !== expected) {
		return { ok: false, code, position: 18, expected, message: `第18位校验码应为${expected}` };
	}
	return { ok: true, code };
}
