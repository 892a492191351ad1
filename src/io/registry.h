/*
 * registry — reading the columns of commercial enterprise-registry exports
 * (企查查/天眼查-style lists a bureau receives, usually saved by WPS): the
 * registered capital written with its unit and currency ("1000万元人民币",
 * "50万美元"), the operating status (经营状态) of a closed firm, a tax
 * number beside the credit code, and the area a firm belongs to when the
 * file has no area column — from the registration-authority code inside its
 * credit code (positions 3–8) or an area name in its address.
 *
 * Pure functions on (text, length) and the caller's area list; thread-safe.
 */
#ifndef GAOQI_IO_REGISTRY_H
#define GAOQI_IO_REGISTRY_H

#include <stddef.h>
#include <stdint.h>

#include "core/money.h"
#include "core/strbuf.h"
#include "ledger/register/area.h"

/*
 * Read a registered capital (S, N): an amount, an optional multiplier 万 or
 * 亿, an optional "元", an optional currency word before or after the
 * amount, brackets ignored — "1000万元人民币", "50万美元", "300万(元)",
 * "人民币1000万元", "1,200.5万港元", "5000000". A bare amount (no 万/亿/元)
 * is in UNIT (the column header's) when UNIT_GIVEN, else refused as
 * ambiguous. The currency is kept, never converted: *FEN gets fen of that
 * currency, CURRENCY its ISO 4217 code ("CNY" when only 元 or 人民币 is
 * written). 0, or -1 with a Chinese reason quoting at most 40 bytes of the
 * text in MSG (MSGSIZE bytes): "注册资本无法识别：…", "未知的币种：…".
 */
int registry_capital(const char *s, size_t n, enum money_unit unit, int unit_given, int64_t *fen,
		     char currency[4], char *msg, size_t msgsize);

/*
 * Append the capital FEN of CURRENCY as registry_capital reads it back:
 * in 万 with the decimals it needs, then the currency word — "1000万元人民币",
 * "50万美元", "0.5万元人民币", "12万JPY" for a code without a word.
 * 0 or ERR_TOO_BIG.
 */
int registry_capital_format(struct strbuf *sb, int64_t fen, const char *currency);

/*
 * 1 when the operating status (S, N) says the firm no longer operates —
 * 注销, 吊销 (also "吊销，未注销"), 撤销, 停业, 歇业, 责令关闭 — with the word
 * found in *WORD (static); 0 for 存续, 在业, 开业, 迁入, 迁出 and anything else.
 */
int registry_closed(const char *s, size_t n, const char **word);

enum registry_tax {
	REGISTRY_TAX_SAME = 0,	  /* the credit code itself (any case, blanks trimmed) */
	REGISTRY_TAX_OLD = 1,	  /* a pre-2015 tax number of 15 or 20 characters: ignored */
	REGISTRY_TAX_DIFFERS = 2, /* 18 characters that are not the credit code */
	REGISTRY_TAX_ODD = 3,	  /* any other length */
};

/* Compare the tax number (S, N) with the credit code USCC (18 characters). */
enum registry_tax registry_tax_number(const char *s, size_t n, const char *uscc);

/* Why an area was inferred. */
enum registry_basis {
	REGISTRY_NONE = 0,    /* nothing decided */
	REGISTRY_USCC = 1,    /* the credit code's registration-authority code */
	REGISTRY_ADDRESS = 2, /* an area name in the address */
	REGISTRY_BOTH = 3,    /* both, naming the same area */
};

struct registry_guess {
	const struct area *area;       /* the area decided, or NULL */
	enum registry_basis basis;     /* REGISTRY_NONE when AREA is NULL */
	const struct area *by_uscc;    /* what the credit code names (NULL: none) */
	int by_old_code;	       /* BY_USCC matched one of its old codes */
	const struct area *by_address; /* what the address names (NULL: none or several) */
	int address_ambiguous;	       /* the address names two or more areas */
};

/*
 * Infer the area of a firm from AREAS[0..N): the registration-authority
 * code of USCC (characters 3–8, matched against each area's code and old
 * codes) and the address (ADDR, ALEN; may be empty) — an area's full name,
 * or for a name ending in 区/县/市 its stem with any of those (the old
 * "沾益县" names 沾益区). Decided when exactly one source names an area, or
 * both name the same (also when the address names several areas, the
 * code's among them); not decided when neither does, when the address names
 * several areas and the credit code none of them, or when the two name
 * different areas. Fills *G (pointers into AREAS).
 */
void registry_infer_area(const struct area *areas, size_t n, const char *uscc, const char *addr,
			 size_t alen, struct registry_guess *g);

#endif
