/* registry — the columns of enterprise-registry exports: capital, status, tax number, area. */
#include "io/registry.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* ---- registered capital ----------------------------------------------------------- */

static const struct {
	const char *word;
	const char *code;
} currencies[] = {
	{"人民币", "CNY"},     {"美元", "USD"},	  {"美金", "USD"},     {"港元", "HKD"},
	{"港币", "HKD"},       {"欧元", "EUR"},	  {"日元", "JPY"},     {"英镑", "GBP"},
	{"澳大利亚元", "AUD"}, {"澳元", "AUD"},	  {"加拿大元", "CAD"}, {"加元", "CAD"},
	{"新加坡元", "SGD"},   {"新台币", "TWD"}, {"台币", "TWD"},     {"瑞士法郎", "CHF"},
	{"韩元", "KRW"},       {"澳门元", "MOP"},
};

/* The currency word at the start of (*P, *N): its code, the word skipped; NULL when none. */
static const char *take_currency(const char **p, size_t *n)
{
	for (size_t i = 0; i < sizeof currencies / sizeof currencies[0]; i++) {
		size_t k = strlen(currencies[i].word);
		if (*n >= k && !memcmp(*p, currencies[i].word, k)) {
			*p += k;
			*n -= k;
			return currencies[i].code;
		}
	}
	return NULL;
}

/* Skip the word W at the start of (*P, *N): 1 when it was there. */
static int take(const char **p, size_t *n, const char *w)
{
	size_t k = strlen(w);
	if (*n < k || memcmp(*p, w, k))
		return 0;
	*p += k;
	*n -= k;
	return 1;
}

static int capital_fail(const char *s, size_t n, const char *what, char *msg, size_t msgsize)
{
	/* quote at most 40 bytes, cut on a character boundary */
	size_t q = n > 40 ? 40 : n;
	while (q < n && q > 0 && ((unsigned char)s[q] & 0xc0) == 0x80)
		q--;
	snprintf(msg, msgsize, "%s：%.*s", what, (int)q, s);
	return -1;
}

int registry_capital(const char *s, size_t n, enum money_unit unit, int unit_given, int64_t *fen,
		     char currency[4], char *msg, size_t msgsize)
{
	char t[256];
	size_t tn = 0;
	if (n > 200)
		return capital_fail(s, n, "注册资本内容过长", msg, msgsize);
	/* blanks and brackets carry nothing: "300万(元)", "1000万元（人民币）" */
	for (size_t i = 0; i < n;) {
		static const char *const drop[] = {" ", "\t", "\xe3\x80\x80", "(", ")", "（", "）"};
		size_t skip = 0;
		for (size_t k = 0; k < sizeof drop / sizeof drop[0] && !skip; k++) {
			size_t dl = strlen(drop[k]);
			if (n - i >= dl && !memcmp(s + i, drop[k], dl))
				skip = dl;
		}
		if (skip) {
			i += skip;
			continue;
		}
		t[tn++] = s[i++];
	}
	const char *p = t;
	size_t left = tn;
	const char *pre = take_currency(&p, &left);
	const char *num = p;
	while (left > 0 && ((*p >= '0' && *p <= '9') || *p == '.' || *p == ',')) {
		p++;
		left--;
	}
	size_t numlen = (size_t)(p - num);
	if (numlen == 0)
		return capital_fail(s, n, "注册资本无法识别（应为金额加单位，如“1000万元人民币”）",
				    msg, msgsize);
	int yi = take(&p, &left, "亿");
	int wan = !yi && take(&p, &left, "万");
	/* "元" alone is 人民币 unless a currency word follows ("元人民币") */
	int yuan = take(&p, &left, "元");
	const char *post = take_currency(&p, &left);
	take(&p, &left, "整");
	if (left > 0)
		return capital_fail(s, n, "注册资本无法识别（应为金额加单位，如“1000万元人民币”）",
				    msg, msgsize);
	if (pre && post && strcmp(pre, post))
		return capital_fail(s, n, "注册资本写了两种币种", msg, msgsize);
	const char *code = pre ? pre : post ? post : "CNY";
	enum money_unit u;
	if (yi || wan)
		u = MONEY_WAN;
	else if (yuan || pre || post)
		u = MONEY_YUAN;
	else if (unit_given)
		u = unit;
	else
		return capital_fail(
			s, n, "注册资本未注明单位（请写成“1000万元”，或在表头注明“（万元）”）", msg,
			msgsize);
	struct err e;
	int64_t v;
	err_clear(&e);
	if (money_parse(num, numlen, u, &v, "registered_capital", &e)) {
		char what[200];
		snprintf(what, sizeof what, "注册资本无效（%.150s）", e.msg);
		return capital_fail(s, n, what, msg, msgsize);
	}
	if (yi) {
		if (v > MONEY_MAX_FEN / 10000)
			return capital_fail(s, n, "注册资本过大", msg, msgsize);
		v *= 10000;
	}
	*fen = v;
	memcpy(currency, code, 4);
	return 0;
}

int registry_capital_format(struct strbuf *sb, int64_t fen, const char *currency)
{
	/* fen → 万: 1 万 = 1,000,000 fen; the fraction with at most 6 digits, trailing zeros cut */
	int64_t whole = fen / 1000000, frac = fen % 1000000;
	int rc = strbuf_addf(sb, "%lld", (long long)whole);
	if (!rc && frac) {
		char d[8];
		snprintf(d, sizeof d, "%06lld", (long long)frac);
		size_t k = 6;
		while (k > 0 && d[k - 1] == '0')
			k--;
		rc = strbuf_addf(sb, ".%.*s", (int)k, d);
	}
	const char *word = NULL;
	for (size_t i = 0; currency && i < sizeof currencies / sizeof currencies[0] && !word; i++)
		if (!strcmp(currencies[i].code, currency))
			word = currencies[i].word;
	if (!rc && (!currency || !strcmp(currency, "CNY")))
		rc = strbuf_adds(sb, "万元人民币");
	else if (!rc && word)
		rc = strbuf_addf(sb, "万%s", word);
	else if (!rc)
		rc = strbuf_addf(sb, "万%s", currency);
	return rc;
}

/* ---- status, tax number --------------------------------------------------------------- */

int registry_closed(const char *s, size_t n, const char **word)
{
	static const char *const closed[] = {"吊销", "注销", "撤销", "停业", "歇业", "责令关闭"};
	for (size_t i = 0; i < sizeof closed / sizeof closed[0]; i++) {
		size_t k = strlen(closed[i]);
		for (size_t j = 0; j + k <= n; j++) {
			if (!memcmp(s + j, closed[i], k)) {
				if (word)
					*word = closed[i];
				return 1;
			}
		}
	}
	return 0;
}

enum registry_tax registry_tax_number(const char *s, size_t n, const char *uscc)
{
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 15 || n == 20)
		return REGISTRY_TAX_OLD;
	if (n != 18)
		return REGISTRY_TAX_ODD;
	return strncasecmp(s, uscc, 18) ? REGISTRY_TAX_DIFFERS : REGISTRY_TAX_SAME;
}

/* ---- area ------------------------------------------------------------------------------ */

/* 1 when the comma-separated LIST holds the 6 characters CODE. */
static int in_list(const char *list, const char *code)
{
	const char *p = list;
	while (p && *p) {
		const char *comma = strchr(p, ',');
		size_t k = comma ? (size_t)(comma - p) : strlen(p);
		while (k > 0 && *p == ' ') {
			p++;
			k--;
		}
		if (k == 6 && !memcmp(p, code, 6))
			return 1;
		p = comma ? comma + 1 : NULL;
	}
	return 0;
}

/* 1 when (S, N) contains (W, K). */
static int contains(const char *s, size_t n, const char *w, size_t k)
{
	for (size_t j = 0; k && j + k <= n; j++)
		if (!memcmp(s + j, w, k))
			return 1;
	return 0;
}

/* 1 when the address (S, N) names area A: its full name, or its stem with 区, 县 or 市. */
static int address_names(const char *s, size_t n, const struct area *a)
{
	size_t k = strlen(a->name);
	if (contains(s, n, a->name, k))
		return 1;
	static const char *const suffixes[] = {"区", "县", "市"};
	const size_t sl = strlen("区");
	/* a stem of two characters at least: "沾益" of "沾益区" */
	if (k < 3 * sl)
		return 0;
	int has_suffix = 0;
	for (size_t i = 0; i < 3; i++)
		has_suffix |= !memcmp(a->name + k - sl, suffixes[i], sl);
	if (!has_suffix)
		return 0;
	char w[128];
	if (k >= sizeof w)
		return 0;
	memcpy(w, a->name, k - sl);
	for (size_t i = 0; i < 3; i++) {
		memcpy(w + k - sl, suffixes[i], sl);
		if (contains(s, n, w, k))
			return 1;
	}
	return 0;
}

void registry_infer_area(const struct area *areas, size_t n, const char *uscc, const char *addr,
			 size_t alen, struct registry_guess *g)
{
	memset(g, 0, sizeof *g);
	char code[7] = {0};
	if (uscc && strlen(uscc) >= 8)
		memcpy(code, uscc + 2, 6);
	for (size_t i = 0; code[0] && i < n && !g->by_uscc; i++) {
		if (!strcmp(areas[i].code, code)) {
			g->by_uscc = &areas[i];
		} else if (areas[i].old_codes && in_list(areas[i].old_codes, code)) {
			g->by_uscc = &areas[i];
			g->by_old_code = 1;
		}
	}
	for (size_t i = 0; addr && i < n; i++) {
		if (!address_names(addr, alen, &areas[i]))
			continue;
		if (g->by_address && g->by_address != &areas[i]) {
			g->by_address = NULL;
			g->address_ambiguous = 1;
			break;
		}
		g->by_address = &areas[i];
	}
	if (g->by_uscc && g->by_address) {
		if (g->by_uscc == g->by_address) {
			g->area = g->by_uscc;
			g->basis = REGISTRY_BOTH;
		}
	} else if (g->by_uscc && !g->address_ambiguous) {
		g->area = g->by_uscc;
		g->basis = REGISTRY_USCC;
	} else if (g->by_uscc && address_names(addr, alen, g->by_uscc)) {
		/* the address names several areas, the code's among them ("…麒麟区…开发区…") */
		g->area = g->by_uscc;
		g->basis = REGISTRY_BOTH;
	} else if (g->by_address) {
		g->area = g->by_address;
		g->basis = REGISTRY_ADDRESS;
	}
}
