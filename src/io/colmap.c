/* colmap — header text → canonical ledger field. */
#include "io/colmap.h"

#include <stdint.h>
#include <string.h>

#define SYN(...) ((const char *const[]){__VA_ARGS__, NULL})

/*
 * Synonyms are written already normalised (lower case, no spaces, half-width
 * brackets and colons); a unit test checks that each normalises to itself.
 */
static const struct colmap_def defs[COL_COUNT] = {
	[COL_USCC] = {"uscc", "统一社会信用代码", COLK_USCC, 0,
		      "18位统一社会信用代码（必填，校验位须正确）",
		      SYN("统一社会信用代码", "信用代码", "社会信用代码", "统一代码",
			  "企业统一社会信用代码", "统一社会信用代码(纳税人识别号)",
			  "统一社会信用代码/纳税人识别号", "uscc", "creditcode",
			  "unifiedsocialcreditcode")},
	[COL_NAME] = {"name", "企业名称", COLK_TEXT, 0, "企业全称（新企业必填）",
		      SYN("企业名称", "单位名称", "企业全称", "公司名称", "名称", "企业", "name",
			  "enterprisename", "companyname")},
	[COL_AREA] = {"area", "所属区域", COLK_AREA, 0,
		      "县（市、区）名称或区划代码，如“麒麟区”或“530302”（新企业必填）",
		      SYN("所属区域", "县(市、区)", "县(市,区)", "县(市/区)", "县市区", "县(区)",
			  "区域", "所属县区", "所属区县", "区县", "所属县(市、区)", "所属地区",
			  "地区", "所在地区", "属地", "area", "county", "district", "areacode")},
	[COL_ADDRESS] = {"address", "地址", COLK_TEXT, 0, "注册地址或经营地址",
			 SYN("地址", "注册地址", "企业地址", "通讯地址", "详细地址", "经营地址",
			     "address")},
	[COL_REGISTERED_ON] = {"registered_on", "成立日期", COLK_DATE, 0,
			       "成立（注册）日期，如 2019-05-20",
			       SYN("成立日期", "注册日期", "成立时间", "注册时间", "登记日期",
				   "成立年月", "registeredon", "registrationdate", "established")},
	[COL_LEGAL_REP] = {"legal_rep", "法定代表人", COLK_TEXT, 0, "法定代表人姓名",
			   SYN("法定代表人", "法人代表", "法人", "legalrep",
			       "legalrepresentative")},
	[COL_CONTACT_NAME] = {"contact_name", "联系人", COLK_TEXT, 0, "企业联系人姓名",
			      SYN("联系人", "企业联系人", "联系人姓名", "contact", "contactname",
				  "contactperson")},
	[COL_CONTACT_PHONE] = {"contact_phone", "联系电话", COLK_TEXT, 0, "联系人电话",
			       SYN("联系电话", "电话", "手机", "联系方式", "手机号码", "联系人电话",
				   "phone", "contactphone", "tel")},
	[COL_INDUSTRY] = {"industry", "所属行业", COLK_TEXT, 0, "国民经济行业分类",
			  SYN("所属行业", "行业", "国民经济行业", "行业类别", "行业分类",
			      "industry")},
	[COL_FIELD] = {"field", "技术领域", COLK_FIELD, 0,
		       "国家重点支持的高新技术领域代码（2、3或5位，如 10101）或名称",
		       SYN("技术领域", "所属技术领域", "高新技术领域", "所属高新技术领域",
			   "技术领域代码", "领域", "field", "techfield", "technologyfield")},
	[COL_MAIN_PRODUCTS] = {"main_products", "主要产品", COLK_TEXT, 0, "主要产品（服务）",
			       SYN("主要产品", "主营产品", "主要产品(服务)", "主导产品",
				   "mainproducts", "products")},
	[COL_ABOVE_SCALE] = {"above_scale", "规上企业", COLK_BOOL, 0, "是否规模以上工业企业：是/否",
			     SYN("规上企业", "是否规上企业", "是否规上", "规模以上工业企业",
				 "是否规模以上工业企业", "规上", "abovescale")},
	[COL_LISTED] = {"listed", "上市企业", COLK_BOOL, 0, "是否上市企业：是/否",
			SYN("上市企业", "是否上市", "是否上市企业", "listed")},
	[COL_TAGS] = {"tags", "标签", COLK_TEXT, 0, "自由标签，逗号分隔",
		      SYN("标签", "企业标签", "tags")},
	[COL_TIER] =
		{"tier", "培育层级", COLK_TIER, 0,
		 "排查对象/科技型中小企业/后备培育库/重点培育/高新技术企业/科技领军企业/已退出",
		 SYN("培育层级", "梯度", "层级", "培育梯度", "梯度层级", "培育类别", "培育阶段",
		     "tier")},
	[COL_EXIT_REASON] = {"exit_reason", "退出原因", COLK_TEXT, 0, "层级为“已退出”时必填",
			     SYN("退出原因", "exitreason")},
	[COL_HNTE_CERT_NO] = {"hnte_cert_no", "高企证书编号", COLK_TEXT, 0,
			      "高新技术企业证书编号，如 GR202353000123",
			      SYN("高企证书编号", "证书编号", "高新技术企业证书编号", "高企证书号",
				  "证书号", "hntecertno", "certno", "certificate")},
	[COL_HNTE_ISSUED_ON] = {"hnte_issued_on", "发证日期", COLK_DATE, 0, "高企证书发证日期",
				SYN("发证日期", "证书发证日期", "发证时间", "认定日期", "认定时间",
				    "hnteissuedon", "issuedon")},
	[COL_HNTE_EXPIRES_ON] = {"hnte_expires_on", "证书到期日期", COLK_DATE, 0,
				 "高企证书有效期截止日（空则按发证日期加三年计算）",
				 SYN("证书到期日期", "到期日期", "有效期至", "证书有效期至",
				     "hnteexpireson", "expireson")},
	[COL_HNTE_BATCH] = {"hnte_batch", "认定批次", COLK_TEXT, 0, "高企认定批次",
			    SYN("认定批次", "批次", "hntebatch", "batch")},
	[COL_TSME_REG_NO] = {"tsme_reg_no", "科技型中小企业入库编号", COLK_TEXT, 0,
			     "科技型中小企业入库登记编号",
			     SYN("科技型中小企业入库编号", "科技型中小企业入库登记编号",
				 "入库登记编号", "入库编号", "登记编号", "tsmeregno")},
	[COL_TSME_YEAR] = {"tsme_year", "入库年度", COLK_INT, 0, "科技型中小企业入库年度",
			   SYN("入库年度", "科技型中小企业入库年度", "入库年份", "tsmeyear")},
	[COL_COUNTY_CONTACT] = {"county_contact", "县级联系人", COLK_TEXT, 0, "县级科技部门联系人",
				SYN("县级联系人", "县区联系人", "包保联系人", "countycontact")},
	[COL_CAPITAL] = {"registered_capital", "注册资本", COLK_CAPITAL, 0,
			 "注册资本，带单位和币种，如“1000万元人民币”“50万美元”（币种照录，不折算）",
			 SYN("注册资本", "注册资金", "注册资本金", "registeredcapital", "capital")},
	[COL_TAX_NO] = {"tax_no", "纳税人识别号", COLK_TAX_NO, 0,
			"与统一社会信用代码同列出时仅作核对：18位且不一致的行给出提示",
			SYN("纳税人识别号", "税号", "纳税人识别码", "纳税识别号", "taxno",
			    "taxpayerid")},
	[COL_STATUS] = {"status", "经营状态", COLK_STATUS, 0,
			"登记状态；注销、吊销、撤销、停业、歇业的企业不导入，只给出提示",
			SYN("经营状态", "登记状态", "企业状态", "经营状况", "status")},

	[COL_YEAR] = {"year", "年度", COLK_INT, 1, "指标所属财务年度，如 2023（有指标列时必填）",
		      SYN("年度", "指标年度", "年份", "数据年度", "财务年度", "会计年度", "year",
			  "fiscalyear")},
	[COL_STAFF] = {"staff", "职工总数", COLK_COUNT, 1, "职工总数（人，全年平均，可带两位小数）",
		       SYN("职工总数", "职工人数", "从业人员", "从业人数", "从业人员数", "员工总数",
			   "员工人数", "职工总人数", "staff", "employees")},
	[COL_ST_STAFF] = {"st_staff", "科技人员数", COLK_COUNT, 1,
			  "科技人员数（人），不大于职工总数",
			  SYN("科技人员数", "科技人员", "科技人员人数", "科技人员总数",
			      "研发人员数", "研发人员", "ststaff", "rdstaff")},
	[COL_SALES] = {"sales", "销售收入（元）", COLK_MONEY, 1,
		       "销售收入（主营业务收入与其他业务收入之和）；与下两列二选一",
		       SYN("销售收入", "营业收入", "销售收入总额", "营业总收入", "sales",
			   "revenue")},
	[COL_SALES_MAIN] = {"sales_main", "主营业务收入（元）", COLK_MONEY, 1, "主营业务收入",
			    SYN("主营业务收入", "salesmain")},
	[COL_SALES_OTHER] = {"sales_other", "其他业务收入（元）", COLK_MONEY, 1, "其他业务收入",
			     SYN("其他业务收入", "salesother")},
	[COL_GROSS_INCOME] = {"gross_income", "收入总额（元）", COLK_MONEY, 1,
			      "企业所得税年度纳税申报表中的收入总额",
			      SYN("收入总额", "总收入", "grossincome", "totalincome")},
	[COL_NON_TAXABLE_INCOME] = {"non_taxable_income", "不征税收入（元）", COLK_MONEY, 1,
				    "不征税收入（空视为0）", SYN("不征税收入", "nontaxableincome")},
	[COL_HITECH_INCOME] = {"hitech_income", "高新技术产品（服务）收入（元）", COLK_MONEY, 1,
			       "高新技术产品（服务）收入",
			       SYN("高新技术产品(服务)收入", "高新技术产品收入",
				   "高新技术产品(服务)收入总额", "高品收入", "高新收入",
				   "hitechincome")},
	[COL_RD_TOTAL] = {"rd_total", "研发费用总额（元）", COLK_MONEY, 1,
			  "研究开发费用总额（不填八类明细时填写）",
			  SYN("研发费用总额", "研发费用", "研究开发费用总额", "研究开发费用",
			      "研发投入", "rdtotal", "r&d", "r&dexpenses")},
	[COL_RD_DOMESTIC] = {"rd_domestic", "境内研发费用（元）", COLK_MONEY, 1,
			     "其中在中国境内发生的研发费用",
			     SYN("境内研发费用", "在中国境内发生的研发费用", "境内研究开发费用",
				 "其中:境内研发费用", "其中境内研发费用", "rddomestic")},
	[COL_RD_PERSONNEL] = {"rd_personnel", "人员人工费用（元）", COLK_MONEY, 1,
			      "研发费用明细：人员人工费用", SYN("人员人工费用", "rdpersonnel")},
	[COL_RD_DIRECT] = {"rd_direct", "直接投入费用（元）", COLK_MONEY, 1,
			   "研发费用明细：直接投入费用", SYN("直接投入费用", "rddirect")},
	[COL_RD_DEPRECIATION] = {"rd_depreciation", "折旧费用（元）", COLK_MONEY, 1,
				 "研发费用明细：折旧费用与长期待摊费用",
				 SYN("折旧费用", "折旧费用与长期待摊费用", "rddepreciation")},
	[COL_RD_AMORTIZATION] = {"rd_amortization", "无形资产摊销费用（元）", COLK_MONEY, 1,
				 "研发费用明细：无形资产摊销费用",
				 SYN("无形资产摊销费用", "无形资产摊销", "rdamortization")},
	[COL_RD_DESIGN] = {"rd_design", "设计费用（元）", COLK_MONEY, 1, "研发费用明细：设计费用",
			   SYN("设计费用", "新产品设计费用", "rddesign")},
	[COL_RD_TRIALS] = {"rd_trials", "装备调试费用与试验费用（元）", COLK_MONEY, 1,
			   "研发费用明细：装备调试费用与试验费用",
			   SYN("装备调试费用与试验费用", "装备调试费与试验费用", "试验费用",
			       "rdtrials")},
	[COL_RD_OTHER] = {"rd_other", "其他费用（元）", COLK_MONEY, 1, "研发费用明细：其他费用",
			  SYN("其他费用", "其他相关费用", "rdother")},
	[COL_RD_ENTRUSTED_DOMESTIC] = {"rd_entrusted_domestic", "委托境内研发费用（元）",
				       COLK_MONEY, 1,
				       "委托境内机构或个人进行研发活动的费用（全额填写）",
				       SYN("委托境内研发费用", "委托境内机构研发费用",
					   "rdentrusteddomestic")},
	[COL_RD_ENTRUSTED_OVERSEAS] = {"rd_entrusted_overseas", "委托境外研发费用（元）",
				       COLK_MONEY, 1,
				       "委托境外机构或个人进行研发活动的费用（全额填写）",
				       SYN("委托境外研发费用", "委托境外机构研发费用",
					   "rdentrustedoverseas")},
	[COL_TOTAL_ASSETS] = {"total_assets", "资产总额（元）", COLK_MONEY, 1, "年末资产总额",
			      SYN("资产总额", "总资产", "totalassets")},
	[COL_TOTAL_LIABILITIES] = {"total_liabilities", "负债总额（元）", COLK_MONEY, 1,
				   "年末负债总额", SYN("负债总额", "总负债", "totalliabilities")},
	[COL_COST_EXPENSE_TOTAL] = {"cost_expense_total", "成本费用总额（元）", COLK_MONEY, 1,
				    "成本费用总额（科技型中小企业评价用）",
				    SYN("成本费用总额", "成本费用", "costexpensetotal")},
	[COL_CONVERSIONS] = {"conversions", "科技成果转化数", COLK_INT, 1,
			     "当年科技成果转化数（项）",
			     SYN("科技成果转化数", "成果转化数", "科技成果转化数量",
				 "科技成果转化项数", "conversions")},
	[COL_INCIDENT] = {"incident", "重大安全质量事故或环境违法", COLK_BOOL, 1,
			  "当年是否发生重大安全、重大质量事故或严重环境违法行为：是/否",
			  SYN("重大安全质量事故或环境违法", "重大事故", "是否发生重大事故",
			      "重大安全质量环境事故", "incident")},
};

const struct colmap_def *colmap_def(enum colmap_field f)
{
	return &defs[f];
}

/* ---- normalisation ----------------------------------------------------------- */

/* Decode one UTF-8 sequence at P (N bytes left); *LEN gets its length. */
static uint32_t decode(const unsigned char *p, size_t n, size_t *len)
{
	unsigned c = p[0];
	size_t l = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
	if (l == 0 || l > n) {
		*len = 1;
		return 0xfffd;
	}
	uint32_t cp = l == 1 ? c : c & (0xff >> (l + 1));
	for (size_t i = 1; i < l; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			*len = 1;
			return 0xfffd;
		}
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	*len = l;
	return cp;
}

static int encode(struct strbuf *sb, uint32_t cp)
{
	char b[4];
	size_t n;
	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		b[0] = (char)(0xf0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	return strbuf_add(sb, b, n);
}

int colmap_normalize(const char *s, size_t n, struct strbuf *out)
{
	strbuf_reset(out);
	if (n > 1024)
		return ERR_TOO_BIG;
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		size_t len;
		uint32_t cp = decode(p + i, n - i, &len);
		i += len;
		if (cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == 0x3000 ||
		    cp == 0xa0 || cp == 0xfeff)
			continue;
		if (cp >= 0xff01 && cp <= 0xff5e)
			cp -= 0xfee0;
		if (cp == 0x3010 || cp == 0x3014 || cp == '[')
			cp = '(';
		else if (cp == 0x3011 || cp == 0x3015 || cp == ']')
			cp = ')';
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		if (cp == '*' || cp == '_' || cp == '-')
			continue;
		if (encode(out, cp))
			return ERR_TOO_BIG;
	}
	/* a trailing colon ("销售收入：") */
	while (out->len > 0 && out->buf[out->len - 1] == ':')
		out->buf[--out->len] = '\0';
	return 0;
}

static int find_exact(const char *s)
{
	for (int f = 0; f < COL_COUNT; f++)
		for (const char *const *syn = defs[f].synonyms; *syn; syn++)
			if (!strcmp(*syn, s))
				return f;
	return -1;
}

static int ends_with(const char *s, size_t n, const char *suffix, size_t *cut)
{
	size_t k = strlen(suffix);
	if (n <= k || memcmp(s + n - k, suffix, k))
		return 0;
	*cut = n - k;
	return 1;
}

/* colmap_lookup, and *GIVEN = 1 when the header names a unit (GIVEN may be NULL). */
static int lookup(const char *s, size_t n, enum money_unit *unit, int *given)
{
	struct strbuf sb;
	strbuf_init(&sb, 4096);
	int f = -1;
	if (unit)
		*unit = MONEY_YUAN;
	if (given)
		*given = 0;
	if (colmap_normalize(s, n, &sb) || sb.len == 0)
		goto out;
	f = find_exact(sb.buf);
	if (f >= 0)
		goto out;
	static const struct {
		const char *suffix;
		int unit; /* -1: not a money unit */
	} units[] = {
		{"(单位:万元)", MONEY_WAN},
		{"(单位:元)", MONEY_YUAN},
		{"(万元)", MONEY_WAN},
		{"(元)", MONEY_YUAN},
		{"万元", MONEY_WAN},
		{"元", MONEY_YUAN},
		{"(人)", -1},
		{"(个)", -1},
		{"(项)", -1},
		{"(件)", -1},
		{"(年)", -1},
		{"(单位:人)", -1},
		{"(单位:个)", -1},
		{"(单位:项)", -1},
	};
	for (size_t k = 0; k < sizeof units / sizeof units[0]; k++) {
		size_t cut;
		if (!ends_with(sb.buf, sb.len, units[k].suffix, &cut))
			continue;
		sb.buf[cut] = '\0';
		f = find_exact(sb.buf);
		if (f >= 0 && units[k].unit >= 0 && defs[f].kind != COLK_MONEY &&
		    defs[f].kind != COLK_CAPITAL)
			f = -1; /* "元" after a field that is not money: not ours */
		if (f >= 0 && unit && units[k].unit >= 0)
			*unit = (enum money_unit)units[k].unit;
		if (f >= 0 && given && units[k].unit >= 0)
			*given = 1;
		break;
	}
out:
	strbuf_cleanup(&sb);
	return f;
}

int colmap_lookup(const char *s, size_t n, enum money_unit *unit)
{
	return lookup(s, n, unit, NULL);
}

/* Registry-export columns ignored on purpose (normalised, as the synonyms). */
static const char *const ignored_names[] = {
	"所属省份",
	"省份",
	"所属省",
	"所属城市",
	"城市",
	"所属市",
	"注册号",
	"工商注册号",
	"组织机构代码",
	"经营范围",
	"企业类型",
	"公司类型",
	"企业(机构)类型",
	"机构类型",
	"实缴资本",
	"登记机关",
	"核准日期",
	"发照日期",
	"营业期限",
	"营业期限自",
	"营业期限至",
	"英文名称",
	"英文名",
	"曾用名",
	"参保人数",
	"人员规模",
	"邮箱",
	"电子邮箱",
	"网址",
	"官网",
	"更多电话",
	"其他电话",
	"更多邮箱",
	"所属区划",
	"纳税人资质",
	"进出口企业代码",
	"企业规模",
	"简介",
	"企业简介",
	/* gaoqi's own export: the stored screening (io/export.c) */
	"评测结论(高企)",
	"评测结论",
	"评分区间",
};

int colmap_ignored(const char *s, size_t n)
{
	struct strbuf sb;
	strbuf_init(&sb, 4096);
	int hit = 0;
	if (!colmap_normalize(s, n, &sb) && sb.len)
		for (size_t i = 0; !hit && i < sizeof ignored_names / sizeof ignored_names[0]; i++)
			hit = !strcmp(ignored_names[i], sb.buf);
	strbuf_cleanup(&sb);
	return hit;
}

/* ---- header row ------------------------------------------------------------------ */

char *colmap_col_name(size_t col, char out[8])
{
	char tmp[8];
	size_t n = 0;
	col++;
	while (col > 0 && n < 7) {
		size_t r = (col - 1) % 26;
		tmp[n++] = (char)('A' + r);
		col = (col - 1) / 26;
	}
	for (size_t i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
	return out;
}

/* N cut to at most MAX bytes without splitting a UTF-8 character of S. */
static int quote_len(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return (int)n;
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	return (int)max;
}

int colmap_build(struct colmap *m, const struct colmap_cell *cells, size_t n, struct err *e)
{
	memset(m, 0, sizeof *m);
	for (int f = 0; f < COL_COUNT; f++) {
		m->col[f] = -1;
		m->unit[f] = MONEY_YUAN;
	}
	for (size_t i = 0; i < n; i++) {
		if (cells[i].n == 0)
			continue;
		enum money_unit unit;
		int given;
		int f = lookup(cells[i].s, cells[i].n, &unit, &given);
		if (f < 0 && colmap_ignored(cells[i].s, cells[i].n)) {
			if (m->nignored < COLMAP_MAX_UNKNOWN)
				m->ignored[m->nignored++] = i;
			continue;
		}
		if (f < 0) {
			/* a header made only of spaces is no header */
			int blank = 1;
			for (size_t k = 0; k < cells[i].n && blank; k++)
				blank = cells[i].s[k] == ' ';
			if (!blank && m->nunknown < COLMAP_MAX_UNKNOWN)
				m->unknown[m->nunknown++] = i;
			continue;
		}
		if (m->col[f] >= 0) {
			char a[8], b[8];
			const struct colmap_cell *prev = &cells[m->col[f]];
			return err_set(e, ERR_INVALID, colmap_col_name(i, a),
				       "第%s列“%.*s”与第%s列“%.*s”都表示“%s”，请删除其中一列", a,
				       quote_len(cells[i].s, cells[i].n, 100), cells[i].s,
				       colmap_col_name((size_t)m->col[f], b),
				       quote_len(prev->s, prev->n, 100), prev->s, defs[f].label);
		}
		m->col[f] = (long)i;
		m->unit[f] = unit;
		m->unit_given[f] = (unsigned char)given;
		m->nmapped++;
		if (defs[f].indicator && f != COL_YEAR)
			m->has_indicator = 1;
	}
	/* a tax-number column alone is the credit code (one number before the 2015 reform) */
	if (m->col[COL_USCC] < 0 && m->col[COL_TAX_NO] >= 0) {
		m->col[COL_USCC] = m->col[COL_TAX_NO];
		m->col[COL_TAX_NO] = -1;
	}
	if (m->col[COL_SALES] >= 0 &&
	    (m->col[COL_SALES_MAIN] >= 0 || m->col[COL_SALES_OTHER] >= 0)) {
		char a[8];
		return err_set(e, ERR_INVALID, colmap_col_name((size_t)m->col[COL_SALES], a),
			       "“销售收入”与“主营业务收入/其他业务收入”不能同时出现，请只保留一种");
	}
	return 0;
}

int colmap_check_required(const struct colmap *m, struct err *e)
{
	if (m->col[COL_USCC] < 0)
		return err_set(
			e, ERR_INVALID, "uscc",
			"缺少“统一社会信用代码”列（表头应含“统一社会信用代码”或“信用代码”）");
	if (m->has_indicator && m->col[COL_YEAR] < 0)
		return err_set(e, ERR_INVALID, "year", "有年度指标列但缺少“年度”列");
	return 0;
}
