/*
 * uscc — the unified social credit code (统一社会信用代码, GB 32100-2015).
 *
 * 18 characters: position 1 the registration authority (登记管理部门), 2 the
 * entity category (机构类别), 3–8 the GB/T 2260 region code of the registering
 * authority, 9–17 the organisation code, 18 the check character. The alphabet
 * is `0123456789ABCDEFGHJKLMNPQRTUWXY` (no I, O, S, V, Z); the check
 * character is 31 − (Σ value(c_i) × 3^(i−1) mod 31) mod 31 (rules-sources.md
 * §7.2). Lower-case letters and surrounding ASCII white space are accepted
 * and normalised.
 *
 * Pure: no allocation, no globals that change, thread-safe.
 */
#ifndef GAOQI_RULES_USCC_H
#define GAOQI_RULES_USCC_H

#include <stddef.h>

#include "core/err.h"

#define USCC_LEN 18

/* Flags of uscc_parse. */
#define USCC_ALLOW_CHECK_MISMATCH 1 /* a wrong check character is not an error (pilot codes) */

struct uscc {
	char code[USCC_LEN + 1]; /* the normalised code: upper case, NUL-terminated */
	char region[7];		 /* positions 3–8, NUL-terminated */
	const char *authority;	 /* position 1 in words, e.g. "工商" (static string) */
	const char *category;	 /* positions 1–2 in words, e.g. "企业" (static string) */
	char expected_check;	 /* the check character the first 17 call for */
	int check_ok;		 /* 1 when position 18 equals expected_check */
};

/*
 * Parse and validate the text (S, N) as a USCC. Surrounding ASCII white
 * space is ignored and ASCII letters are upper-cased. On success fills *OUT
 * (which may be NULL) and returns 0. Fails with ERR_INVALID, field "uscc",
 * and a Chinese message naming the first position that is wrong:
 *   - a length other than 18 characters ("统一社会信用代码应为18位，实际为17位");
 *   - position 1 not a known registration authority (1–9, A, N, Y);
 *   - position 2 not a category of that authority;
 *   - positions 3–8 not digits, or not a GB/T 2260 province prefix (100000
 *     for national registrations is accepted);
 *   - positions 9–18 outside the alphabet (I, O, S, V, Z are named as such);
 *   - a wrong check character: "第18位校验码应为L，实际为N" — unless FLAGS has
 *     USCC_ALLOW_CHECK_MISMATCH, in which case the call succeeds with
 *     out->check_ok = 0 (early pilot codes are legal yet fail the check).
 * On failure *OUT is left in an unspecified state.
 */
int uscc_parse(const char *s, size_t n, int flags, struct uscc *out, struct err *e);

/* 1 when the NUL-terminated S is a valid USCC (check character included), else 0. */
int uscc_valid(const char *s);

/*
 * The check character for the first 17 characters at PREFIX (case-insensitive).
 * Returns '\0' when one of them is outside the alphabet. Positions 1–8 are not
 * otherwise checked here.
 */
char uscc_check_char(const char *prefix);

/* 1 when positions 1–2 of a normalised code are "91" (企业, an enterprise). */
int uscc_is_enterprise(const char *code);

#endif
