/*
 * uscc — validation of unified social credit codes (GB 32100-2015), see uscc.h.
 * The tables follow rules-sources.md §7.
 */
#include "rules/uscc.h"

#include <string.h>

static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* 3^(i−1) mod 31 for i = 1..17. */
static const int weights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

struct category {
	char code;
	const char *name;
};

struct authority {
	char code;
	const char *name;
	const char *codes; /* the valid position-2 characters, for messages */
	struct category cats[7];
};

static const struct authority authorities[] = {
	{'1',
	 "机构编制",
	 "1、2、3、9",
	 {{'1', "机关"},
	  {'2', "事业单位"},
	  {'3', "中央编办直接管理机构编制的群众团体"},
	  {'9', "其他"}}},
	{'2', "外交", "1、9", {{'1', "外国常驻新闻机构"}, {'9', "其他"}}},
	{'3',
	 "司法行政",
	 "1、2、3、4、5、9",
	 {{'1', "律师执业机构"},
	  {'2', "公证处"},
	  {'3', "基层法律服务所"},
	  {'4', "司法鉴定机构"},
	  {'5', "仲裁委员会"},
	  {'9', "其他"}}},
	{'4', "文化", "1、9", {{'1', "外国在华文化中心"}, {'9', "其他"}}},
	{'5',
	 "民政",
	 "1、2、3、9",
	 {{'1', "社会团体"}, {'2', "民办非企业单位"}, {'3', "基金会"}, {'9', "其他"}}},
	{'6',
	 "旅游",
	 "1、2、9",
	 {{'1', "外国旅游部门常驻代表机构"},
	  {'2', "港澳台地区旅游部门常驻内地（大陆）代表机构"},
	  {'9', "其他"}}},
	{'7', "宗教", "1、2、9", {{'1', "宗教活动场所"}, {'2', "宗教院校"}, {'9', "其他"}}},
	{'8', "工会", "1、9", {{'1', "基层工会"}, {'9', "其他"}}},
	{'9', "工商", "1、2、3", {{'1', "企业"}, {'2', "个体工商户"}, {'3', "农民专业合作社"}}},
	{'A', "中央军委改革和编制办公室", "1、9", {{'1', "军队事业单位"}, {'9', "其他"}}},
	{'N',
	 "农业",
	 "1、2、3、9",
	 {{'1', "组级集体经济组织"},
	  {'2', "村级集体经济组织"},
	  {'3', "乡镇级集体经济组织"},
	  {'9', "其他"}}},
	{'Y', "其他", "1", {{'1', "其他"}}},
};

#define NAUTHORITIES (sizeof authorities / sizeof authorities[0])

/* GB/T 2260 province-level prefixes (positions 3–4). */
static const char *const provinces[] = {"11", "12", "13", "14", "15", "21", "22", "23", "31",
					"32", "33", "34", "35", "36", "37", "41", "42", "43",
					"44", "45", "46", "50", "51", "52", "53", "54", "61",
					"62", "63", "64", "65", "71", "81", "82"};

static int value_of(char c)
{
	const char *p = c ? strchr(alphabet, c) : NULL;
	return p ? (int)(p - alphabet) : -1;
}

static char upper(char c)
{
	return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Bytes of the UTF-8 sequence starting with lead byte C (1 for anything odd). */
static size_t utf8_len(unsigned char c)
{
	if (c >= 0xF0 && c <= 0xF7)
		return 4;
	if (c >= 0xE0)
		return 3;
	if (c >= 0xC0)
		return 2;
	return 1;
}

char uscc_check_char(const char *prefix)
{
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		int v = value_of(upper(prefix[i]));
		if (v < 0)
			return '\0';
		sum += v * weights[i];
	}
	int c = 31 - sum % 31;
	return alphabet[c == 31 ? 0 : c];
}

static const struct authority *find_authority(char c)
{
	for (size_t i = 0; i < NAUTHORITIES; i++)
		if (authorities[i].code == c)
			return &authorities[i];
	return NULL;
}

static const char *find_category(const struct authority *a, char c)
{
	for (size_t i = 0; i < sizeof a->cats / sizeof a->cats[0] && a->cats[i].code; i++)
		if (a->cats[i].code == c)
			return a->cats[i].name;
	return NULL;
}

static int province_ok(const char *region)
{
	if (!memcmp(region, "100000", 6))
		return 1;
	for (size_t i = 0; i < sizeof provinces / sizeof provinces[0]; i++)
		if (!memcmp(region, provinces[i], 2))
			return 1;
	return 0;
}

int uscc_parse(const char *s, size_t n, int flags, struct uscc *out, struct err *e)
{
	struct uscc tmp;
	if (!out)
		out = &tmp;
	memset(out, 0, sizeof *out);
	if (!s)
		n = 0;
	while (n > 0 && is_space(s[0])) {
		s++;
		n--;
	}
	while (n > 0 && is_space(s[n - 1]))
		n--;
	if (n == 0)
		return err_set(e, ERR_INVALID, "uscc", "统一社会信用代码不能为空");

	/* Split into characters, remembering where each starts (for messages). */
	size_t start[USCC_LEN], len[USCC_LEN], count = 0;
	for (size_t i = 0; i < n;) {
		size_t l = utf8_len((unsigned char)s[i]);
		if (l > n - i)
			l = n - i;
		if (count < USCC_LEN) {
			start[count] = i;
			len[count] = l;
		}
		count++;
		i += l;
	}
	if (count != USCC_LEN)
		return err_set(e, ERR_INVALID, "uscc", "统一社会信用代码应为18位，实际为%zu位",
			       count);
	for (size_t i = 0; i < USCC_LEN; i++) {
		if (len[i] != 1 || (unsigned char)s[start[i]] >= 0x80 ||
		    (unsigned char)s[start[i]] < 0x20)
			return err_set(e, ERR_INVALID, "uscc",
				       "第%zu位字符“%.*s”不是允许的字符（只能是数字和大写字母）",
				       i + 1, (int)len[i], s + start[i]);
		out->code[i] = upper(s[start[i]]);
	}
	out->code[USCC_LEN] = '\0';
	const char *c = out->code;

	const struct authority *a = find_authority(c[0]);
	if (!a)
		return err_set(e, ERR_INVALID, "uscc",
			       "第1位登记管理部门代码“%c”无效（应为1–9、A、N、Y之一）", c[0]);
	const char *cat = find_category(a, c[1]);
	if (!cat)
		return err_set(e, ERR_INVALID, "uscc",
			       "第2位机构类别代码“%c”无效：登记管理部门“%s”下应为%s之一", c[1],
			       a->name, a->codes);
	out->authority = a->name;
	out->category = cat;

	for (int i = 2; i < 8; i++)
		if (c[i] < '0' || c[i] > '9')
			return err_set(e, ERR_INVALID, "uscc",
				       "第%d位应为数字（第3–8位是行政区划码），实际为“%c”", i + 1,
				       c[i]);
	memcpy(out->region, c + 2, 6);
	out->region[6] = '\0';
	if (!province_ok(out->region))
		return err_set(e, ERR_INVALID, "uscc",
			       "第3–8位行政区划码“%s”无效：“%.2s”不是省级行政区划代码", out->region,
			       out->region);

	for (int i = 8; i < USCC_LEN; i++) {
		if (value_of(c[i]) >= 0)
			continue;
		if (strchr("IOSVZ", c[i]))
			return err_set(e, ERR_INVALID, "uscc",
				       "第%d位字符“%c”不允许：统一社会信用代码不使用I、O、S、V、Z",
				       i + 1, c[i]);
		return err_set(e, ERR_INVALID, "uscc",
			       "第%d位字符“%c”不是允许的字符（只能是数字和大写字母）", i + 1, c[i]);
	}

	out->expected_check = uscc_check_char(c);
	out->check_ok = out->expected_check == c[17];
	if (!out->check_ok && !(flags & USCC_ALLOW_CHECK_MISMATCH))
		return err_set(e, ERR_INVALID, "uscc", "第18位校验码应为%c，实际为%c",
			       out->expected_check, c[17]);
	return 0;
}

int uscc_valid(const char *s)
{
	return s && uscc_parse(s, strlen(s), 0, NULL, NULL) == 0;
}

int uscc_is_enterprise(const char *code)
{
	return code && code[0] == '9' && code[1] == '1';
}
