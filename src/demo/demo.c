/*
 * demo — the synthetic Qujing ledger (see demo.h).
 *
 * Layout: the random generator; a set of hashes for unique names and codes;
 * the word tables; the generation of one enterprise (identity, tier and its
 * history, indicators, IP, ratings) into plain structs; their writing
 * through the ledger's seeding API (ledger/base/seed.h: one transaction, one
 * audit record); the demo users; demo_fill tying it up.
 * Every ratio is drawn as an integer per mille (or per ten thousand) and
 * applied with integer arithmetic.
 */
#include "demo/demo.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "ledger/access/user.h"
#include "ledger/base/seed.h"
#include "ledger/ledger.h"
#include "ledger/records/indicator.h"
#include "ledger/records/ip.h"
#include "ledger/records/qualitative.h"
#include "ledger/register/area.h"
#include "rules/fields.h"
#include "rules/uscc.h"

/*
 * arena_printf for the generator, without stdio (vsnprintf was a tenth of the
 * demo's time): one pass into a stack buffer, then one copy into the arena.
 * Understands what this file uses: %s, %.Ns, %c, %d and %lld with an
 * optional zero-padded width (%04d, %08lld); any other format, or a result
 * longer than the buffer, goes to vsnprintf. Same results as arena_printf.
 */
struct fmtbuf {
	char b[256];
	size_t n;
	int over; /* did not fit */
};

static void fb_put(struct fmtbuf *f, const char *s, size_t len)
{
	if (f->over || len >= sizeof f->b - f->n) {
		f->over = 1;
		return;
	}
	memcpy(f->b + f->n, s, len);
	f->n += len;
}

static void fb_int(struct fmtbuf *f, long long v, int width)
{
	char d[24];
	size_t n = 0;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do
		d[n++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		fb_put(f, "-", 1);
	for (int w = (int)n + (v < 0); w < width; w++)
		fb_put(f, "0", 1);
	while (n)
		fb_put(f, &d[--n], 1);
}

__attribute__((format(printf, 2, 3))) static char *aprintf(struct arena *a, const char *fmt, ...)
{
	struct fmtbuf f;
	va_list ap, again;
	f.n = 0;
	f.over = 0;
	va_start(ap, fmt);
	va_copy(again, ap);
	for (const char *p = fmt; !f.over && *p; p++) {
		const char *lit = p;
		while (*p && *p != '%')
			p++;
		fb_put(&f, lit, (size_t)(p - lit));
		if (!*p)
			break;
		p++;
		int width = 0, prec = -1, ll = 0;
		if (*p == '0')
			while (*p >= '0' && *p <= '9')
				width = width * 10 + (*p++ - '0');
		if (*p == '.') {
			prec = 0;
			for (p++; *p >= '0' && *p <= '9'; p++)
				prec = prec * 10 + (*p - '0');
		}
		if (p[0] == 'l' && p[1] == 'l') {
			ll = 1;
			p += 2;
		}
		if (*p == 's' && !width && !ll) {
			const char *s = va_arg(ap, const char *);
			size_t len = prec < 0 ? strlen(s) : strnlen(s, (size_t)prec);
			fb_put(&f, s, len);
		} else if (*p == 'c' && !width && !ll && prec < 0) {
			char c = (char)va_arg(ap, int);
			fb_put(&f, &c, 1);
		} else if (*p == 'd' && prec < 0) {
			fb_int(&f, ll ? va_arg(ap, long long) : va_arg(ap, int), width);
		} else {
			f.over = 1; /* not understood here */
		}
	}
	va_end(ap);
	char *out;
	if (!f.over) {
		out = arena_strndup(a, f.b, f.n);
	} else {
		int n = vsnprintf(NULL, 0, fmt, again);
		va_end(again);
		va_start(again, fmt);
		out = arena_alloc(a, n < 0 ? 1 : (size_t)n + 1);
		out[0] = '\0';
		if (n >= 0)
			vsnprintf(out, (size_t)n + 1, fmt, again);
	}
	va_end(again);
	return out;
}

/* ---- random numbers: splitmix64 seeding, xoshiro256** ------------------------ */

struct rng {
	uint64_t s[4];
};

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static void rng_seed(struct rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* Uniform integer in [LO, HI] (inclusive), without modulo bias. */
static int64_t rng_range(struct rng *r, int64_t lo, int64_t hi)
{
	if (hi <= lo)
		return lo;
	uint64_t span = (uint64_t)(hi - lo) + 1;
	uint64_t limit = UINT64_MAX - UINT64_MAX % span;
	uint64_t x;
	do
		x = rng_next(r);
	while (x >= limit);
	return lo + (int64_t)(x % span);
}

/* 1 with probability PERMILLE / 1000. */
static int rng_chance(struct rng *r, int permille)
{
	return rng_range(r, 0, 999) < permille;
}

/* An index of W[0..N) drawn with the weights W. */
static size_t rng_weighted(struct rng *r, const int *w, size_t n)
{
	int64_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += w[i];
	int64_t x = rng_range(r, 0, total - 1);
	for (size_t i = 0; i < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

/* Skewed towards LO: the smaller of two uniform draws. */
static int64_t rng_low(struct rng *r, int64_t lo, int64_t hi)
{
	int64_t a = rng_range(r, lo, hi), b = rng_range(r, lo, hi);
	return a < b ? a : b;
}

#define PICK(r, arr) ((arr)[rng_range((r), 0, (int64_t)(sizeof(arr) / sizeof((arr)[0])) - 1)])

/* ---- a set of 64-bit hashes (a false positive only costs a retry) ----------- */

struct seen {
	uint64_t *slots;
	size_t cap, n;
};

static uint64_t fnv1a(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h ? h : 1;
}

static void seen_init(struct seen *s, size_t expected)
{
	size_t cap = 1024;
	while (cap < expected * 2)
		cap *= 2;
	s->slots = xcalloc(cap, sizeof *s->slots);
	s->cap = cap;
	s->n = 0;
}

static void seen_cleanup(struct seen *s)
{
	free(s->slots);
	s->slots = NULL;
}

/* Add S; 1 when it was new, 0 when (probably) already present. */
static int seen_add(struct seen *s, const char *str)
{
	if (s->n * 2 >= s->cap) {
		struct seen bigger;
		seen_init(&bigger, s->cap);
		for (size_t i = 0; i < s->cap; i++) {
			uint64_t h = s->slots[i];
			if (!h)
				continue;
			size_t j = h & (bigger.cap - 1);
			while (bigger.slots[j])
				j = (j + 1) & (bigger.cap - 1);
			bigger.slots[j] = h;
		}
		bigger.n = s->n;
		seen_cleanup(s);
		*s = bigger;
	}
	uint64_t h = fnv1a(str, strlen(str));
	size_t j = h & (s->cap - 1);
	while (s->slots[j]) {
		if (s->slots[j] == h)
			return 0;
		j = (j + 1) & (s->cap - 1);
	}
	s->slots[j] = h;
	s->n++;
	return 1;
}

/* ---- word tables --------------------------------------------------------------- */

#define DEMO_CITY "曲靖"
#define DEMO_PROVINCE "云南"
#define DEMO_CITY_CODE "530300" /* when no area has a GB/T 2260 code */
#define DEMO_PROVINCE_NO "53"

static const char *const zihao[] = {
	"华", "盛", "创", "新", "恒", "通", "达", "鑫", "源", "泰", "宏", "瑞", "博", "远",
	"正", "和", "丰", "益", "聚", "德", "鸿", "信", "誉", "晨", "光", "明", "天", "宇",
	"海", "峰", "凯", "越", "卓", "智", "联", "成", "金", "兴", "旺", "嘉", "福", "康",
	"安", "立", "诚", "佳", "润", "泽", "荣", "昌", "祥", "美", "盈", "茂", "腾", "飞",
	"骏", "驰", "辰", "星", "耀", "锦", "云", "岭", "珠", "江", "滇", "盘", "翠", "麟",
	"龙", "乾", "坤", "铭", "弘", "永", "振", "东", "方", "景", "煜", "晟", "豪", "亿",
	"万", "百", "禾", "森", "林", "川", "磊", "钧", "鼎", "汇", "邦", "沃", "蓝", "青",
};

struct group {
	const char *code; /* top-level field */
	int weight;
	const char *trades[8];
	const char *industries[4];
	const char *products[11];
};

/* The eight 国家重点支持的高新技术领域, weighted for Qujing's economy. */
static const struct group groups[] = {
	{"10",
	 12,
	 {"科技", "信息技术", "电子科技", "软件", "网络科技", "数据科技", "智能科技", "数字科技"},
	 {"软件和信息技术服务业", "计算机、通信和其他电子设备制造业", "互联网和相关服务", NULL},
	 {"政务信息化软件", "智慧农业物联网平台", "工业控制系统", "数据中心运维服务",
	  "智能安防监控系统", "电子政务云平台", "光纤传感器", "集成电路封装测试", NULL}},
	{"20",
	 18,
	 {"生物科技", "药业", "制药", "生物工程", "医疗器械", "农业科技", "种业", "生物制品"},
	 {"医药制造业", "农业", "食品制造业", "专用设备制造业"},
	 {"三七提取物", "中药饮片", "生物有机肥", "魔芋精粉", "马铃薯脱毒种薯", "食用菌菌种",
	  "兽用疫苗", "天麻深加工产品", "医用防护用品", "烟草专用肥", NULL}},
	{"30",
	 1,
	 {"航空科技", "无人机科技", "航天科技", NULL},
	 {"铁路、船舶、航空航天和其他运输设备制造业", NULL},
	 {"植保无人机", "航空零部件", "无人机飞控系统", NULL}},
	{"40",
	 22,
	 {"新材料", "材料科技", "化工", "硅业", "新型建材", "冶金科技", "钛业", "碳素"},
	 {"化学原料和化学制品制造业", "有色金属冶炼和压延加工业", "非金属矿物制品业",
	  "黑色金属冶炼和压延加工业"},
	 {"单晶硅棒", "多晶硅", "碳化硅微粉", "磷酸铁锂正极材料", "钛白粉", "新型墙体材料",
	  "电子级氢氟酸", "铝合金型材", "锌基合金", "氧化铝", "锗材料"}},
	{"50",
	 7,
	 {"技术服务", "检测技术", "科技咨询", "工程技术", "设计咨询", "科技服务", NULL},
	 {"专业技术服务业", "研究和试验发展", "科技推广和应用服务业", NULL},
	 {"检验检测服务", "工程技术咨询", "科技成果转化服务", "工业设计服务", "知识产权服务",
	  "环境监测服务", NULL}},
	{"60",
	 10,
	 {"新能源", "能源科技", "光伏科技", "电力科技", "储能科技", "节能科技", "氢能科技", NULL},
	 {"电力、热力生产和供应业", "电气机械和器材制造业", NULL},
	 {"光伏组件", "锂离子电池", "储能系统", "电力节能改造服务", "生物质成型燃料",
	  "煤层气开发利用", "风电运维服务", NULL}},
	{"70",
	 10,
	 {"环保科技", "环境工程", "资源科技", "水务科技", "生态科技", "再生资源", NULL},
	 {"生态保护和环境治理业", "废弃资源综合利用业", "水的生产和供应业", NULL},
	 {"工业固废综合利用", "污水处理设备", "煤矸石综合利用", "矿山生态修复服务", "废旧电池回收",
	  "粉煤灰综合利用", NULL}},
	{"80",
	 20,
	 {"机械", "装备制造", "汽车零部件", "智能装备", "精密机械", "机电", "自动化科技", "重工"},
	 {"专用设备制造业", "通用设备制造业", "汽车制造业", "金属制品业"},
	 {"汽车零部件", "矿山机械", "智能输送设备", "农机装备", "电机", "数控机床", "液压支架",
	  "烟草机械配件", NULL}},
};
#define NGROUPS (sizeof groups / sizeof groups[0])

static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱",
	"高", "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于",
	"董", "程", "曹", "袁", "邓", "许", "沈", "曾", "彭", "吕", "苏", "卢", "蒋", "蔡",
	"丁", "魏", "叶", "余", "潘", "杜", "夏", "钟", "汪", "田", "任", "姜", "范", "方",
	"石", "姚", "谭", "廖", "邹", "熊", "陆", "孔", "白", "崔", "毛", "秦", "史", "顾",
	"段", "雷", "钱", "尹", "普", "李", "王", "张", "杨", "刘",
};

static const char *const given[] = {
	"伟",	"芳",	"娜",	"敏",	"静",	"丽",	"强",	"磊",	"军",	"洋",
	"勇",	"艳",	"杰",	"娟",	"涛",	"明",	"超",	"秀英", "霞",	"平",
	"刚",	"桂英", "华",	"建国", "建华", "志强", "晓东", "文斌", "云",	"海燕",
	"红梅", "国庆", "永刚", "俊",	"鹏",	"宇",	"琳",	"春梅", "德华", "兴旺",
	"家豪", "子涵", "思远", "雪梅", "正华", "建云", "晓琴", "丽萍", "绍明", "开文",
};

static const char *const roads[] = {
	"建设路",   "人民路",	  "兴业路", "工业大道", "园区路", "科技路", "振兴路",	"金川路",
	"迎宾大道", "龙华路",	  "新华路", "东风路",	"创业路", "长安路", "南宁路",	"寥廓路",
	"翠峰路",   "珠江源大道", "紫云路", "太和路",	"文昌街", "胜峰路", "三江大道", "瑞和路",
};

static const char *const tags[] = {
	"专精特新", "创新型中小企业",	"瞪羚企业",	"上市后备",
	"绿色工厂", "省级企业技术中心", "省级专精特新", "知识产权优势企业",
};

static const char *const exit_reasons[] = {
	"企业注销",
	"迁出曲靖市",
	"主动申请退出培育",
	"连续两年未报送年度数据",
	"被撤销高新技术企业资格",
	"经营异常被列入异常名录",
	"被兼并重组",
};

static const char *const methods[] = {
	"制备方法", "生产工艺", "检测方法", "提纯方法", "回收利用方法", "控制方法", "节能工艺",
};

static const char *const systems[] = {
	"管理系统", "监测平台",	    "控制软件", "数据分析系统",
	"运维平台", "质量追溯系统", "调度系统", "能耗管理系统",
};

static const char *const devices[] = {
	"输送装置",	"检测装置", "除尘装置", "冷却装置", "固定支架",
	"自动上料机构", "分选装置", "干燥设备", "计量装置",
};

/* Number of non-NULL entries of a NULL-padded array. */
static size_t count_of(const char *const *a, size_t max)
{
	size_t n = 0;
	while (n < max && a[n])
		n++;
	return n;
}

#define PICKN(r, arr)                                                                              \
	((arr)[rng_range((r), 0, (int64_t)count_of((arr), sizeof(arr) / sizeof((arr)[0])) - 1)])

/* ---- profile classes ------------------------------------------------------------ */

struct class_params {
	int rd_lo, rd_hi; /* R&D expense / sales, per ten thousand */
	int st_lo, st_hi; /* S&T staff / staff, per mille */
	int ht_lo, ht_hi; /* high-tech income / (gross − non-taxable income), per mille */
	int g_lo, g_hi;	  /* yearly sales growth, per mille */
	int na_lo, na_hi; /* yearly net-asset growth, per mille */
	int cv_lo, cv_hi; /* conversions per year */
};

/*
 * STRONG passes with margin: R&D ≥ 6.2% (threshold at most 5%), S&T staff ≥
 * 16%, high-tech income ≥ 70%, growth ≥ 27% a year (band B at least), five or
 * more conversions a year (band A) and A ratings: the score is at least
 * 23 + 25 + 16 + 14 = 78 > 70. GOOD passes the hard conditions but, unrated
 * or rated B, its score range straddles 70. WEAK spends under 3% on R&D,
 * below every threshold.
 */
static const struct class_params params[DEMO_CLASS_COUNT] = {
	[DEMO_STRONG] = {620, 1200, 160, 420, 700, 950, 270, 600, 270, 550, 5, 9},
	[DEMO_GOOD] = {540, 950, 115, 350, 640, 930, 160, 400, 160, 380, 3, 7},
	[DEMO_MARGINAL] = {330, 700, 70, 170, 470, 760, -100, 350, -80, 300, 0, 5},
	[DEMO_WEAK] = {20, 290, 20, 120, 100, 580, -200, 250, -150, 200, 0, 2},
	[DEMO_INCOMPLETE] = {540, 950, 115, 350, 640, 930, 160, 400, 160, 380, 3, 7},
};

/* Classes by tier, per mille. */
static const int class_weights[TIER_COUNT][DEMO_CLASS_COUNT] = {
	[TIER_PROSPECT] = {0, 0, 350, 550, 100},  [TIER_TSME] = {0, 100, 500, 300, 100},
	[TIER_RESERVE] = {100, 300, 500, 0, 100}, [TIER_KEY] = {250, 400, 300, 0, 50},
	[TIER_HNTE] = {400, 450, 150, 0, 0},	  [TIER_LEADER] = {800, 200, 0, 0, 0},
	[TIER_EXITED] = {0, 0, 400, 600, 0},
};

/* Tiers, per mille. */
static const int tier_weights[TIER_COUNT] = {280, 200, 180, 80, 200, 15, 45};

/* The first seven firms: one per tier, each verdict class present. */
static const struct {
	enum tier tier;
	enum demo_class klass;
} fixed[] = {
	{TIER_KEY, DEMO_STRONG},      {TIER_RESERVE, DEMO_GOOD}, {TIER_PROSPECT, DEMO_WEAK},
	{TIER_TSME, DEMO_INCOMPLETE}, {TIER_HNTE, DEMO_STRONG},	 {TIER_LEADER, DEMO_STRONG},
	{TIER_EXITED, DEMO_MARGINAL},
};

const char *demo_class_name(enum demo_class c)
{
	static const char *const names[DEMO_CLASS_COUNT] = {"strong", "good", "marginal", "weak",
							    "incomplete"};
	return (unsigned)c < DEMO_CLASS_COUNT ? names[c] : "?";
}

/* ---- the generation context ---------------------------------------------------------- */

#define MAX_AREAS 64
#define MAX_YEARS 3
#define MAX_IP 48
#define MAX_STEPS 8
#define EXPERT_FIRMS 30

struct demo_area {
	const char *code;
	const char *name;
	const char *place;    /* short place name for company names: "宣威", or DEMO_CITY */
	char region[7];	      /* region code for USCCs ("530300" for a zone) */
	const char *old_code; /* one old region code, or NULL */
	int weight;	      /* share of the firms */
	const char *contact;  /* the county contact */
};

struct step {
	enum tier to;
	int32_t on;
	const char *reason;
};

/* One generated enterprise, its text in the chunk's arena. */
struct firm {
	struct enterprise ent;
	enum demo_class klass;
	const char *short_name; /* the 字号 */
	const char *product;
	struct indicator years[MAX_YEARS];
	size_t n_years;
	struct ip_item ip[MAX_IP];
	size_t n_ip;
	int rated;
	struct qualitative q;
	struct step steps[MAX_STEPS];
	size_t n_steps;
};

struct gen {
	struct rng rng;
	struct arena *arena; /* per chunk of firms, reset after each */
	struct arena *keep;  /* lives for the whole run */
	int32_t today;
	int year; /* the year of today: fiscal years are year-3 … year-1 */
	struct demo_area areas[MAX_AREAS];
	size_t n_areas;
	struct fields_table *fields;
	size_t by_group[NGROUPS][FIELDS_MAX]; /* indexes of level-2/3 entries per group */
	size_t n_by_group[NGROUPS];
	struct seen names, usccs;
	int64_t cert_seq[8]; /* per issue year offset (year-8 … year-1) */
	int64_t tsme_seq[3]; /* per year offset */
	char city_code[7];   /* the prefecture's region code: "530300" */
};

/* The load under way: its seed and what the demo users need of the firms written. */
struct load {
	struct ledger_seed seed;
	int64_t expert_ids[2][EXPERT_FIRMS]; /* the firms of "expert" and "expert2" */
	size_t n_expert[2];
	int64_t enterprise_user_firm; /* id of the firm of the "enterprise" user */
};

static const char *person(struct gen *g)
{
	return aprintf(g->arena, "%s%s", PICK(&g->rng, surnames), PICK(&g->rng, given));
}

static const char *mobile(struct gen *g)
{
	static const char *const pre[] = {"138", "139", "135", "136", "150", "151", "187",
					  "188", "158", "159", "181", "189", "177", "199"};
	return aprintf(g->arena, "%s%08lld", PICK(&g->rng, pre),
		       (long long)rng_range(&g->rng, 0, 99999999));
}

/* A random day of YEAR strictly before the reference day. */
static int32_t day_in_year(struct gen *g, int year)
{
	int32_t lo = date_from_ymd(year, 1, 1), hi = date_from_ymd(year, 12, 31);
	if (hi >= g->today)
		hi = g->today - 1;
	if (hi < lo)
		lo = hi;
	return (int32_t)rng_range(&g->rng, lo, hi);
}

/* The issue day of the HNTE recognition batch B (0 or 1) of YEAR. */
static int32_t batch_day(int year, int b)
{
	return b == 0 ? date_from_ymd(year, 11, 6 + year % 7)
		      : date_from_ymd(year, 12, 4 + year % 9);
}

static const char *iso_time(struct gen *g, int32_t day)
{
	char d[11];
	date_format(day, d);
	return aprintf(g->arena, "%sT%02d:%02d:%02dZ", d, (int)rng_range(&g->rng, 0, 9),
		       (int)rng_range(&g->rng, 0, 59), (int)rng_range(&g->rng, 0, 59));
}

/* ---- identity ------------------------------------------------------------------------ */

/* A 9-character organisation code: "MA" + 7 for firms registered since 2015, else GB 11714 style.
 */
static void org_code(struct gen *g, int reg_year, char out[10])
{
	static const char alpha[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	if (reg_year >= 2015) {
		out[0] = 'M';
		out[1] = 'A';
		for (int i = 2; i < 9; i++)
			out[i] = alpha[rng_range(&g->rng, 0, 30)];
	} else {
		/* GB 11714: eight digits and a mod-11 check character. */
		static const int w[8] = {3, 7, 9, 10, 5, 8, 4, 2};
		int sum = 0;
		for (int i = 0; i < 8; i++) {
			int v = (int)rng_range(&g->rng, i == 0 ? 1 : 0, 9);
			out[i] = (char)('0' + v);
			sum += v * w[i];
		}
		int c = 11 - sum % 11;
		out[8] = c == 10 ? 'X' : c == 11 ? '0' : (char)('0' + c);
	}
	out[9] = '\0';
}

static void make_uscc(struct gen *g, const struct demo_area *a, int reg_year, char out[19])
{
	for (;;) {
		const char *region = a->region;
		if (a->old_code && reg_year < 2016 && rng_chance(&g->rng, 800))
			region = a->old_code;
		else if (rng_chance(&g->rng, 80))
			region = g->city_code; /* registered with the city's bureau */
		char org[10];
		org_code(g, reg_year, org);
		memcpy(out, "91", 2);
		memcpy(out + 2, region, 6);
		memcpy(out + 8, org, 9);
		out[17] = uscc_check_char(out);
		out[18] = '\0';
		if (seen_add(&g->usccs, out))
			return;
	}
}

static const char *make_name(struct gen *g, const struct demo_area *a, const struct group *gr,
			     const char **short_name)
{
	for (int attempt = 0;; attempt++) {
		const char *place = a->place;
		int64_t p = rng_range(&g->rng, 0, 99);
		if (p < 15)
			place = DEMO_CITY;
		else if (p < 25)
			place = DEMO_PROVINCE;
		const char *z1 = PICK(&g->rng, zihao), *z2 = PICK(&g->rng, zihao);
		if (!strcmp(z1, z2))
			continue;
		const char *zh =
			attempt < 40 ? aprintf(g->arena, "%s%s", z1, z2)
				     : aprintf(g->arena, "%s%s%s", z1, z2, PICK(&g->rng, zihao));
		int64_t f = rng_range(&g->rng, 0, 99);
		const char *form = f < 80 ? "有限公司" : f < 92 ? "有限责任公司" : "股份有限公司";
		const char *name =
			aprintf(g->arena, "%s%s%s%s", place, zh, PICKN(&g->rng, gr->trades), form);
		if (seen_add(&g->names, name)) {
			*short_name = zh;
			return name;
		}
	}
}

static const char *make_field(struct gen *g, size_t gi)
{
	if (g->n_by_group[gi] == 0)
		return groups[gi].code;
	const struct fields_entry *fe =
		&g->fields->e[g->by_group[gi]
					 [rng_range(&g->rng, 0, (int64_t)g->n_by_group[gi] - 1)]];
	return arena_strdup(g->arena, fe->code);
}

/* ---- tiers -------------------------------------------------------------------------------- */

static void add_step(struct firm *f, enum tier to, int32_t on, const char *reason)
{
	if (f->n_steps < MAX_STEPS)
		f->steps[f->n_steps++] = (struct step){to, on, reason};
}

static const char *cert_no(struct gen *g, int year)
{
	int off = g->year - year;
	int64_t *seq = &g->cert_seq[off >= 1 && off <= 8 ? off - 1 : 0];
	*seq += rng_range(&g->rng, 1, 3);
	return aprintf(g->arena, "GR%04d%s%07lld", year, DEMO_PROVINCE_NO, (long long)*seq);
}

static void set_cert(struct gen *g, struct firm *f, int year)
{
	int b = (int)rng_range(&g->rng, 0, 1);
	int32_t on = batch_day(year, b);
	if (on >= g->today) { /* this year's batch not issued yet */
		year--;
		on = batch_day(year, b);
	}
	f->ent.hnte_cert_no = cert_no(g, year);
	f->ent.hnte_issued_on = on;
	f->ent.hnte_expires_on = date_add_years(on, 3) - 1;
	f->ent.hnte_batch = aprintf(g->arena, "%d年第%s批", year, b == 0 ? "一" : "二");
}

static void set_tsme(struct gen *g, struct firm *f, int year)
{
	int off = g->year - year;
	int64_t *seq = &g->tsme_seq[off >= 0 && off <= 2 ? off : 2];
	*seq += rng_range(&g->rng, 1, 5);
	f->ent.tsme_reg_no =
		aprintf(g->arena, "%04d%.6s%08lld", year, f->ent.uscc + 2, (long long)*seq);
	f->ent.tsme_year = year;
}

/* A day of this year before today (yesterday's year on 1 January). */
static int32_t this_year_day(struct gen *g)
{
	int32_t jan1 = date_from_ymd(g->year, 1, 1);
	int32_t span = g->today - 1 - jan1;
	return g->today - 1 - (int32_t)rng_range(&g->rng, 0, span > 0 ? span : 0);
}

/*
 * The path of tier changes that leads to F's tier, dated: the HNTE step on
 * the certificate's issue day, this year's for tsme and key (registered /
 * listed this year), the others spaced 60–300 days apart, never before
 * registration nor after yesterday. VIA_TSME adds the TSME registration step
 * and numbers it in the year of that step.
 */
static void make_history(struct gen *g, struct firm *f, int via_tsme)
{
	enum tier path[MAX_STEPS];
	size_t n = 0;
	enum tier t = f->ent.tier;
	path[n++] = TIER_PROSPECT;
	int had_cert = f->ent.hnte_cert_no != NULL;
	if (via_tsme)
		path[n++] = TIER_TSME;
	if (t == TIER_RESERVE || t == TIER_KEY || t == TIER_HNTE || t == TIER_LEADER ||
	    (t == TIER_EXITED && had_cert))
		path[n++] = TIER_RESERVE;
	if (t == TIER_KEY || t == TIER_HNTE || t == TIER_LEADER || (t == TIER_EXITED && had_cert))
		path[n++] = TIER_KEY;
	if (t == TIER_HNTE || t == TIER_LEADER || (t == TIER_EXITED && had_cert))
		path[n++] = TIER_HNTE;
	if (t == TIER_LEADER)
		path[n++] = TIER_LEADER;
	if (t == TIER_EXITED)
		path[n++] = TIER_EXITED;

	/* Dates, backwards from the last step. */
	int32_t on[MAX_STEPS];
	int32_t reg = f->ent.registered_on;
	size_t hnte_at = n;
	for (size_t i = 0; i < n; i++)
		if (path[i] == TIER_HNTE)
			hnte_at = i;
	int32_t last;
	if (hnte_at < n && hnte_at == n - 1)
		last = f->ent.hnte_issued_on;
	else if (hnte_at < n && t == TIER_EXITED)
		last = f->ent.hnte_expires_on + (int32_t)rng_range(&g->rng, 1, 120);
	else if (hnte_at < n)
		last = f->ent.hnte_issued_on + (int32_t)rng_range(&g->rng, 120, 600);
	else if (t == TIER_TSME || t == TIER_KEY)
		last = this_year_day(g);
	else
		last = g->today - (int32_t)rng_range(&g->rng, 5, 400);
	if (last >= g->today)
		last = g->today - 1;
	on[n - 1] = last;
	for (size_t i = n - 1; i-- > 0;) {
		if (i == hnte_at)
			on[i] = f->ent.hnte_issued_on;
		else
			on[i] = on[i + 1] - (int32_t)rng_range(&g->rng, 60, 300);
	}
	/* Not before registration; keep the order. */
	for (size_t i = 0; i < n; i++) {
		if (on[i] < reg)
			on[i] = reg;
		if (i > 0 && on[i] < on[i - 1])
			on[i] = on[i - 1];
	}

	for (size_t i = 0; i < n; i++)
		if (path[i] == TIER_TSME)
			set_tsme(g, f, date_year(on[i]));

	for (size_t i = 0; i < n; i++) {
		int y = date_year(on[i]);
		const char *reason = "";
		switch (path[i]) {
		case TIER_PROSPECT:
			reason = aprintf(g->arena, "%d年度高企培育对象全面排查", y);
			break;
		case TIER_TSME:
			reason = f->ent.tsme_reg_no
					 ? aprintf(g->arena, "科技型中小企业评价入库（登记编号%s）",
						   f->ent.tsme_reg_no)
					 : "科技型中小企业评价入库";
			break;
		case TIER_RESERVE: reason = "经县级科技部门审核纳入高企后备培育库"; break;
		case TIER_KEY: reason = aprintf(g->arena, "列入%d年度重点培育名单", y); break;
		case TIER_HNTE:
			reason = aprintf(g->arena, "通过%d年高新技术企业认定（证书编号%s）", y,
					 f->ent.hnte_cert_no);
			break;
		case TIER_LEADER: reason = "认定为科技领军企业"; break;
		case TIER_EXITED: reason = f->ent.exit_reason; break;
		}
		add_step(f, path[i], on[i], reason);
	}
}

/* ---- indicators ------------------------------------------------------------------------------ */

static int64_t per_mille(int64_t v, int64_t pm)
{
	return v * pm / 1000;
}

/* Split the counted R&D total R of one year into the eight categories. */
static void make_rd(struct gen *g, struct indicator *in, int64_t r, int overseas_heavy)
{
	int64_t entrusted =
		rng_chance(&g->rng, 300) ? per_mille(r, rng_range(&g->rng, 20, 150)) : 0;
	int64_t overseas = overseas_heavy ? per_mille(r, rng_range(&g->rng, 450, 700)) : 0;
	int64_t other = per_mille(r, rng_range(&g->rng, 10, 80)); /* far below the 20% cap */
	int64_t rest = r - entrusted - overseas - other;
	if (rest < 0)
		rest = 0;
	int64_t personnel = per_mille(rest, rng_range(&g->rng, 450, 620));
	int64_t direct = per_mille(rest, rng_range(&g->rng, 150, 280));
	int64_t depreciation = per_mille(rest, rng_range(&g->rng, 40, 100));
	int64_t amortization = per_mille(rest, rng_range(&g->rng, 0, 30));
	int64_t design = per_mille(rest, rng_range(&g->rng, 0, 40));
	int64_t trials = rest - personnel - direct - depreciation - amortization - design;
	in->rd_personnel = personnel;
	in->rd_direct = direct;
	in->rd_depreciation = depreciation;
	in->rd_amortization = amortization;
	in->rd_design = design;
	in->rd_trials = trials > 0 ? trials : 0;
	in->rd_other = other;
	/* 80% of entrusted R&D counts: the raw amounts are 5/4 of the counted share. */
	in->rd_entrusted_domestic = (entrusted * 5 + 3) / 4;
	in->rd_entrusted_overseas = (overseas * 5 + 3) / 4;
}

static void make_indicators(struct gen *g, struct firm *f)
{
	const struct class_params *p = &params[f->klass];
	struct rng *r = &g->rng;
	enum tier t = f->ent.tier;

	/* Head count: small firms dominate. */
	static const int size_w[] = {38, 34, 18, 8, 2};
	static const int size_lo[] = {8, 30, 100, 300, 1000}, size_hi[] = {29, 99, 299, 999, 3000};
	size_t sz = rng_weighted(r, size_w, 5);
	if (t == TIER_LEADER && sz < 3)
		sz = 3;
	if (t == TIER_TSME && sz > 3)
		sz = 3;
	int64_t persons = rng_low(r, size_lo[sz], size_hi[sz]);
	if (t == TIER_TSME && persons > 480)
		persons = 480;
	int64_t per_head = 150000 + rng_low(r, 0, 1350000); /* 元 of sales per person */
	int64_t sales = persons * per_head * 100;	    /* fen */
	if (t == TIER_TSME && sales > 18000000000LL)
		sales = 18000000000LL;
	int64_t net_assets = per_mille(sales, rng_range(r, 300, 1200));

	int reg_year = date_year(f->ent.registered_on);
	int first = g->year - MAX_YEARS;
	if (first < reg_year)
		first = reg_year;
	f->n_years = 0;
	int nyears = g->year - first; /* 0 … 3 */
	int overseas_heavy = f->klass == DEMO_MARGINAL && rng_chance(r, 60);

	/* Latest year first, then back-computed with the growth rates. */
	int64_t s = sales, na = net_assets, staff = persons * 100 + (rng_chance(r, 250) ? 50 : 0);
	for (int k = 0; k < nyears; k++) {
		int year = g->year - 1 - k;
		struct indicator *in = &f->years[nyears - 1 - k];
		indicator_init(in, year);
		in->staff = staff;
		int64_t st_pm = rng_range(r, p->st_lo, p->st_hi);
		int64_t st =
			((staff * st_pm + 999) / 1000 + 99) / 100 * 100; /* whole persons, up */
		in->st_staff = st > staff ? staff : st;
		int64_t other_sales = per_mille(s, rng_range(r, 0, 80));
		in->sales_main = s - other_sales;
		in->sales_other = other_sales;
		int64_t non_taxable = rng_chance(r, 400) ? per_mille(s, rng_range(r, 1, 20)) : 0;
		int64_t gross = s + per_mille(s, rng_range(r, 0, 30)) + non_taxable;
		in->gross_income = gross;
		in->non_taxable_income = non_taxable;
		int64_t ht = per_mille(gross - non_taxable, rng_range(r, p->ht_lo, p->ht_hi));
		in->hitech_income = ht > s ? s : ht;
		make_rd(g, in, s * rng_range(r, p->rd_lo, p->rd_hi) / 10000, overseas_heavy);
		int64_t liab_pm = rng_range(r, 250, 750);
		int64_t assets = na * 1000 / (1000 - liab_pm);
		in->total_assets = assets;
		in->total_liabilities = assets - na;
		if (t == TIER_TSME && in->total_assets > 19000000000LL) {
			in->total_assets = 19000000000LL;
			in->total_liabilities =
				in->total_assets - na > 0 ? in->total_assets - na : 0;
		}
		in->cost_expense_total = per_mille(s, rng_range(r, 820, 1040));
		in->conversions = rng_range(r, p->cv_lo, p->cv_hi);
		in->incident = k == 0 && f->klass >= DEMO_MARGINAL && f->klass != DEMO_INCOMPLETE &&
			       rng_chance(r, 10);
		/* The year before, from this year's growth. */
		s = s * 1000 / (1000 + rng_range(r, p->g_lo, p->g_hi));
		na = na * 1000 / (1000 + rng_range(r, p->na_lo, p->na_hi));
		staff = per_mille(staff, rng_range(r, 880, 1000)) / 100 * 100;
		if (staff < 300)
			staff = 300;
	}
	f->n_years = (size_t)nyears;

	if (f->klass == DEMO_INCOMPLETE && nyears > 0) {
		struct indicator *last = &f->years[nyears - 1];
		int64_t what = rng_range(r, 0, 9);
		if (what < 5)
			last->hitech_income = LEDGER_NONE;
		else if (what < 8)
			last->st_staff = LEDGER_NONE;
		else
			f->n_years--; /* the last year was never reported */
	}
}

/* ---- IP ------------------------------------------------------------------------------------- */

/* Chinese patent application number check character (weights 2…9, 2…5; mod 11; 10 → X). */
static char patent_check(const char digits[12])
{
	static const int w[12] = {2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5};
	int sum = 0;
	for (int i = 0; i < 12; i++)
		sum += (digits[i] - '0') * w[i];
	int c = sum % 11;
	return c == 10 ? 'X' : (char)('0' + c);
}

struct ip_spec {
	const char *kind;
	int used_year; /* 0 = not used */
	int valid;
	int32_t before; /* granted before this day */
};

static void add_ip(struct gen *g, struct firm *f, const struct ip_spec *sp, int64_t *serial)
{
	if (f->n_ip >= MAX_IP)
		return;
	struct rng *r = &g->rng;
	struct ip_item *it = &f->ip[f->n_ip];
	ip_item_init(it);
	it->kind = sp->kind;
	int32_t hi = sp->before - 20, lo = f->ent.registered_on + 90;
	if (lo < hi - 3650)
		lo = hi - 3650;
	if (lo > hi) { /* a young firm: bought in */
		lo = hi - 2000;
		it->acquired = "transfer";
	} else if (rng_chance(r, 60)) {
		it->acquired = rng_chance(r, 800) ? "transfer" : "merger";
	}
	int32_t granted = (int32_t)rng_range(r, lo, hi);
	it->granted_on = granted;
	*serial += rng_range(r, 1, 97);
	int type = !strcmp(sp->kind, "invention_patent") ? 1
		   : !strcmp(sp->kind, "utility_model")	 ? 2
		   : !strcmp(sp->kind, "design_patent")	 ? 3
							 : 0;
	const char *product = f->product;
	if (type) {
		int32_t filed = granted - (int32_t)(type == 1 ? rng_range(r, 500, 1100)
							      : rng_range(r, 120, 360));
		char digits[32];
		snprintf(digits, sizeof digits, "%04d%d%07lld", date_year(filed), type,
			 (long long)(*serial % 10000000));
		it->number = aprintf(g->arena, "ZL%s.%c", digits, patent_check(digits));
		it->expires_on = date_add_years(filed, type == 1 ? 20 : type == 2 ? 10 : 15) - 1;
		if (type == 1)
			it->title = aprintf(g->arena, "一种%s的%s", product, PICK(r, methods));
		else if (type == 2)
			it->title = aprintf(g->arena, "一种%s用%s", product, PICK(r, devices));
		else
			it->title = aprintf(g->arena, "%s包装盒", product);
	} else {
		it->number = aprintf(g->arena, "%04dSR%07lld", date_year(granted),
				     (long long)(*serial % 10000000));
		it->title = aprintf(g->arena, "%s%s%sV%d.0", f->short_name, product,
				    PICK(r, systems), (int)rng_range(r, 1, 3));
	}
	it->valid = sp->valid;
	it->legal_status = sp->valid ? "有效" : "未缴年费专利权终止";
	if (sp->used_year)
		it->used_in_recognition = sp->used_year;
	f->n_ip++;
}

static void make_ip(struct gen *g, struct firm *f)
{
	struct rng *r = &g->rng;
	int64_t serial = rng_range(r, 100000, 8000000);
	int inv = 0, um = 0, sw = 0, dp = 0;
	switch (f->klass) {
	case DEMO_STRONG:
		inv = (int)rng_range(r, 1, 4);
		um = (int)rng_range(r, 2, 9);
		sw = (int)rng_range(r, 1, 4);
		dp = (int)rng_range(r, 0, 2);
		break;
	case DEMO_GOOD:
	case DEMO_INCOMPLETE:
		if (rng_chance(r, 500)) {
			inv = (int)rng_range(r, 1, 2);
			um = (int)rng_range(r, 0, 4);
			sw = (int)rng_range(r, 0, 2);
		} else { /* five or more usable class II items */
			um = (int)rng_range(r, 3, 5);
			sw = (int)rng_range(r, 2, 3);
		}
		break;
	case DEMO_MARGINAL:
		inv = rng_chance(r, 250) ? 1 : 0;
		um = (int)rng_range(r, 0, 4);
		sw = (int)rng_range(r, 0, 2);
		break;
	case DEMO_WEAK:
		if (rng_chance(r, 500)) {
			um = (int)rng_range(r, 0, 2);
			sw = (int)rng_range(r, 1, 2);
		}
		break;
	}
	int32_t now = g->today;
	for (int i = 0; i < inv; i++)
		add_ip(g, f, &(struct ip_spec){"invention_patent", 0, 1, now}, &serial);
	for (int i = 0; i < um; i++)
		add_ip(g, f, &(struct ip_spec){"utility_model", 0, 1, now}, &serial);
	for (int i = 0; i < sw; i++)
		add_ip(g, f, &(struct ip_spec){"software_copyright", 0, 1, now}, &serial);
	for (int i = 0; i < dp; i++)
		add_ip(g, f, &(struct ip_spec){"design_patent", 0, 1, now}, &serial);
	/* Class II items already used in the firm's recognition. */
	if (f->ent.hnte_cert_no) {
		int used = (int)rng_range(r, 1, 4);
		int year = date_year(f->ent.hnte_issued_on);
		for (int i = 0; i < used; i++)
			add_ip(g, f,
			       &(struct ip_spec){i % 2 ? "software_copyright" : "utility_model",
						 year, 1, f->ent.hnte_issued_on},
			       &serial);
	}
	/* Some lapsed items. */
	if (rng_chance(r, 200))
		add_ip(g, f, &(struct ip_spec){"utility_model", 0, 0, now}, &serial);
}

/* ---- ratings ----------------------------------------------------------------------------------
 */

static void make_ratings(struct gen *g, struct firm *f)
{
	struct rng *r = &g->rng;
	qualitative_init(&f->q, g->year - 1);
	f->rated = 0;
	if (f->klass == DEMO_STRONG) {
		f->q.advancement.band = 'A';
		f->q.core_support.band = 'A';
		if (rng_chance(r, 500)) {
			f->q.rd_org_band = 'A';
		} else {
			f->q.rd_org[0] = rng_range(r, 5, 6);
			f->q.rd_org[1] = rng_range(r, 5, 6);
			f->q.rd_org[2] = rng_range(r, 3, 4);
			f->q.rd_org[3] = rng_range(r, 3, 4);
		}
		f->q.standards = 1;
		f->rated = 1;
	} else if (f->klass == DEMO_GOOD && rng_chance(r, 300)) {
		f->q.advancement.band = 'B';
		f->q.core_support.band = 'B';
		f->q.rd_org_band = 'B';
		f->q.standards = 0;
		f->rated = 1;
	} else if (f->klass == DEMO_MARGINAL && rng_chance(r, 200)) {
		f->q.advancement.band = rng_chance(r, 500) ? 'B' : 'C';
		f->q.core_support.band = 'C';
		f->q.rd_org_band = 'C';
		f->rated = 1;
	}
}

/* ---- one enterprise ----------------------------------------------------------------------------
 */

static void make_firm(struct gen *g, int64_t index, struct firm *f)
{
	struct rng *r = &g->rng;
	memset(f, 0, sizeof *f);
	enterprise_init(&f->ent);

	enum tier t;
	enum demo_class k;
	if (index < (int64_t)(sizeof fixed / sizeof fixed[0])) {
		t = fixed[index].tier;
		k = fixed[index].klass;
	} else {
		t = (enum tier)rng_weighted(r, tier_weights, TIER_COUNT);
		k = (enum demo_class)rng_weighted(r, class_weights[t], DEMO_CLASS_COUNT);
	}
	f->ent.tier = t;
	f->klass = k;

	int aw[MAX_AREAS];
	for (size_t i = 0; i < g->n_areas; i++)
		aw[i] = g->areas[i].weight;
	const struct demo_area *a = &g->areas[rng_weighted(r, aw, g->n_areas)];
	int gw[NGROUPS];
	for (size_t i = 0; i < NGROUPS; i++)
		gw[i] = groups[i].weight;
	size_t gi = rng_weighted(r, gw, NGROUPS);
	const struct group *gr = &groups[gi];

	/* A certificate for recognised firms, an old one for some that left. */
	int64_t cert_age = -1;
	if (t == TIER_HNTE || t == TIER_LEADER)
		cert_age = rng_range(r, 0, 3);
	else if (t == TIER_EXITED && rng_chance(r, 250))
		cert_age = rng_range(r, 4, 7);

	/* Registration: older firms for the classes that need three full years. */
	int64_t age = k == DEMO_STRONG || k == DEMO_GOOD || k == DEMO_INCOMPLETE || t >= TIER_HNTE
			      ? rng_low(r, 4, 26)
			      : rng_low(r, 0, 26);
	if (cert_age >= 0 && age < cert_age + 2)
		age = cert_age + 2; /* registered at least a year before recognition */
	int reg_year = g->year - (int)age;
	f->ent.registered_on = day_in_year(g, reg_year);
	reg_year = date_year(f->ent.registered_on);

	make_uscc(g, a, reg_year, f->ent.uscc);
	f->ent.name = make_name(g, a, gr, &f->short_name);
	f->ent.area = a->code;
	if (!strcmp(a->place, DEMO_CITY))
		f->ent.address = aprintf(g->arena, "%s省%s%s%lld号", DEMO_PROVINCE, a->name,
					 PICK(r, roads), (long long)rng_range(r, 1, 999));
	else
		f->ent.address = aprintf(g->arena, "%s省%s市%s%s%lld号", DEMO_PROVINCE, DEMO_CITY,
					 a->name, PICK(r, roads), (long long)rng_range(r, 1, 999));
	f->ent.legal_rep = person(g);
	f->ent.contact_name = rng_chance(r, 300) ? f->ent.legal_rep : person(g);
	f->ent.contact_phone = mobile(g);
	f->ent.industry = PICKN(r, gr->industries);
	f->ent.field = make_field(g, gi);
	f->product = PICKN(r, gr->products);
	const char *p2 = PICKN(r, gr->products);
	f->ent.main_products =
		strcmp(p2, f->product) ? aprintf(g->arena, "%s、%s", f->product, p2) : f->product;
	f->ent.county_contact = a->contact;

	if (cert_age >= 0)
		set_cert(g, f, g->year - (int)cert_age);
	if (t == TIER_EXITED) {
		f->ent.exit_reason = f->ent.hnte_cert_no ? "高新技术企业证书到期未重新认定"
							 : PICK(r, exit_reasons);
	}
	/* TSME registration: a step of the path for tsme and most reserve/key firms. */
	int via_tsme = t == TIER_TSME || (t == TIER_RESERVE && rng_chance(r, 600)) ||
		       (t == TIER_KEY && rng_chance(r, 700));

	make_indicators(g, f);
	make_ip(g, f);
	make_ratings(g, f);
	make_history(g, f, via_tsme);
	if (!via_tsme && t == TIER_HNTE &&
	    rng_chance(r, 250)) /* recognised firms may register too */
		set_tsme(g, f, g->year - (int)rng_range(r, 0, 1));

	int64_t sales = f->n_years ? indicator_sales(&f->years[f->n_years - 1]) : 0;
	f->ent.above_scale = sales >= 2000000000LL; /* 20 million 元 */
	f->ent.listed = t == TIER_LEADER ? rng_chance(r, 250)
					 : sales >= 50000000000LL && rng_chance(r, 100);
	struct strbuf tb;
	strbuf_init(&tb, 0);
	if (f->ent.above_scale)
		strbuf_adds(&tb, "规上企业");
	if (k <= DEMO_GOOD && rng_chance(r, 300)) {
		if (tb.len)
			strbuf_addc(&tb, ',');
		strbuf_adds(&tb, PICK(r, tags));
	}
	f->ent.tags = arena_strdup(g->arena, strbuf_cstr(&tb));
	strbuf_cleanup(&tb);

	memcpy(f->ent.created_at, iso_time(g, f->steps[0].on), 21);
	memcpy(f->ent.updated_at, iso_time(g, f->steps[f->n_steps - 1].on), 21);
}

/* ---- writing --------------------------------------------------------------------------------- */

/* Write firm F and its records into the load; it takes the next enterprise id. */
static int insert_firm(struct load *ld, struct firm *f, struct demo_summary *sum, struct err *e)
{
	struct ledger_seed *s = &ld->seed;
	int64_t id = 0;
	int rc = enterprise_seed(s, &f->ent, &id, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < f->n_steps; i++) {
		rc = enterprise_seed_tier(s, id, i > 0, i > 0 ? f->steps[i - 1].to : TIER_PROSPECT,
					  f->steps[i].to, f->steps[i].on, f->steps[i].reason, e);
		if (rc)
			return rc;
	}
	for (size_t i = 0; i < f->n_years; i++) {
		rc = indicator_seed(s, id, &f->years[i], e);
		if (rc)
			return rc;
	}
	for (size_t i = 0; i < f->n_ip; i++) {
		rc = ip_seed(s, id, &f->ip[i], e);
		if (rc)
			return rc;
	}
	if (f->rated) {
		rc = qualitative_seed(s, id, &f->q, e);
		if (rc)
			return rc;
		sum->qualitative_rows++;
	}
	sum->enterprises++;
	sum->per_tier[f->ent.tier]++;
	sum->per_class[f->klass]++;
	sum->indicator_rows += (int64_t)f->n_years;
	sum->ip_items += (int64_t)f->n_ip;
	sum->tier_changes += (int64_t)f->n_steps;

	/* Firms for the demo experts and the enterprise user. */
	if (f->ent.tier == TIER_KEY || f->ent.tier == TIER_RESERVE) {
		int which = ld->n_expert[0] < EXPERT_FIRMS ? 0 : 1;
		if (ld->n_expert[which] < EXPERT_FIRMS)
			ld->expert_ids[which][ld->n_expert[which]++] = id;
	}
	if (!ld->enterprise_user_firm && f->ent.tier == TIER_KEY)
		ld->enterprise_user_firm = id;
	return 0;
}

/* ---- users --------------------------------------------------------------------------------- */

static int make_users(struct gen *g, struct load *ld, const char *password,
		      struct demo_summary *sum, struct err *e)
{
	struct ledger *l = ld->seed.l;
	char hash[USER_HASH_MAX];
	int rc = user_hash_password(password, hash, e);
	if (rc)
		return rc;
	struct arena *a = g->keep;
	int64_t expert_id[2] = {0, 0};

	const char **all = arena_alloc(a, sizeof(char *) * (g->n_areas ? g->n_areas : 1));
	for (size_t i = 0; i < g->n_areas; i++)
		all[i] = g->areas[i].code;

	struct user u;
	memset(&u, 0, sizeof u);
	u.name = "admin";
	u.display_name = "系统管理员";
	u.role = ROLE_ADMIN;
	if ((rc = user_create(l, &u, NULL, hash, NULL, e)))
		return rc;
	u.name = "city";
	u.display_name = "市科技局";
	u.role = ROLE_CITY;
	if ((rc = user_create(l, &u, NULL, hash, NULL, e)))
		return rc;
	sum->users += 2;
	for (size_t i = 0; i < g->n_areas; i++) {
		struct strbuf nb;
		strbuf_init(&nb, 128);
		strbuf_adds(&nb, "county-");
		for (const char *c = g->areas[i].code; *c; c++)
			strbuf_addc(&nb, (*c >= 'A' && *c <= 'Z') ? (char)(*c - 'A' + 'a') : *c);
		memset(&u, 0, sizeof u);
		u.name = arena_strdup(a, strbuf_cstr(&nb));
		strbuf_cleanup(&nb);
		u.display_name = arena_printf(a, "%s科技局", g->areas[i].name);
		u.role = ROLE_COUNTY;
		u.areas = &all[i];
		u.n_areas = 1;
		if ((rc = user_create(l, &u, NULL, hash, NULL, e)))
			return rc;
		sum->users++;
	}
	static const char *const expert_names[2] = {"expert", "expert2"};
	static const char *const expert_display[2] = {"高企专家服务团 专家一",
						      "高企专家服务团 专家二"};
	for (int k = 0; k < 2; k++) {
		memset(&u, 0, sizeof u);
		u.name = expert_names[k];
		u.display_name = expert_display[k];
		u.role = ROLE_EXPERT;
		if ((rc = user_create(l, &u, NULL, hash, &expert_id[k], e)))
			return rc;
		sum->users++;
		for (size_t i = 0; i < ld->n_expert[k]; i++)
			if ((rc = enterprise_seed_expert(&ld->seed, ld->expert_ids[k][i],
							 expert_id[k], e)))
				return rc;
	}
	if (ld->enterprise_user_firm) {
		struct enterprise ent;
		if ((rc = enterprise_get_by_id(l, ld->enterprise_user_firm, a, &ent, e)))
			return rc;
		memset(&u, 0, sizeof u);
		u.name = "enterprise";
		u.display_name = arena_printf(a, "%s（企业联系人）", ent.name);
		u.role = ROLE_ENTERPRISE;
		u.enterprise_uscc = arena_strdup(a, ent.uscc);
		if ((rc = user_create(l, &u, NULL, hash, NULL, e)))
			return rc;
		sum->users++;
	}
	memset(&u, 0, sizeof u);
	u.name = "viewer";
	u.display_name = "市财政局（只读）";
	u.role = ROLE_VIEWER;
	u.areas = all;
	u.n_areas = g->n_areas;
	if ((rc = user_create(l, &u, NULL, hash, NULL, e)))
		return rc;
	sum->users++;
	return 0;
}

/* ---- set-up ---------------------------------------------------------------------------------- */

/* The areas of the database, with a place name, region code and weight for each. */
static int load_areas(struct gen *g, struct ledger *l, struct err *e)
{
	struct area *items = NULL;
	size_t n = 0;
	int rc = area_list(l, g->keep, &items, &n, e);
	if (rc)
		return rc;
	if (n == 0)
		return err_set(e, ERR_INVALID, "areas", "数据库中没有区域，请先运行 gaoqi init");
	if (n > MAX_AREAS)
		n = MAX_AREAS;
	/* The city's own code: its districts' code with "00" at the end (5303xx → 530300). */
	memcpy(g->city_code, DEMO_CITY_CODE, 7);
	for (size_t i = 0; i < n; i++) {
		if (strlen(items[i].code) == 6 && strspn(items[i].code, "0123456789") == 6) {
			memcpy(g->city_code, items[i].code, 4);
			memcpy(g->city_code + 4, "00", 3);
			break;
		}
	}
	for (size_t i = 0; i < n; i++) {
		struct demo_area *d = &g->areas[i];
		d->code = items[i].code;
		d->name = items[i].name;
		size_t len = strlen(d->name);
		/* "宣威市" → "宣威": a two-character place and one suffix character (UTF-8: 3 bytes
		 * each). */
		if (len == 9 && (!strcmp(d->name + 6, "区") || !strcmp(d->name + 6, "县") ||
				 !strcmp(d->name + 6, "市")))
			d->place = arena_strndup(g->keep, d->name, 6);
		else
			d->place = DEMO_CITY;
		int numeric = strlen(d->code) == 6 && strspn(d->code, "0123456789") == 6;
		memcpy(d->region, numeric ? d->code : g->city_code, 6);
		d->region[6] = '\0';
		d->old_code = NULL;
		if (items[i].old_codes && strlen(items[i].old_codes) >= 6 &&
		    strspn(items[i].old_codes, "0123456789") >= 6)
			d->old_code = arena_strndup(g->keep, items[i].old_codes, 6);
		/* The city's districts and the zone hold most firms. */
		d->weight = !strcmp(items[i].kind, "zone")	 ? 16
			    : !strcmp(items[i].kind, "district") ? (i == 0 ? 24 : 9)
								 : 7;
		d->contact = aprintf(g->keep, "%s%s（%s科技局）", PICK(&g->rng, surnames),
				     PICK(&g->rng, given), d->name);
	}
	g->n_areas = n;
	return 0;
}

static int load_fields(struct gen *g, struct err *e)
{
	g->fields = xmalloc(sizeof *g->fields);
	int rc = fields_load(g->fields, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < g->fields->n; i++) {
		const struct fields_entry *fe = &g->fields->e[i];
		if (fe->level == 1)
			continue;
		for (size_t gi = 0; gi < NGROUPS; gi++) {
			if (!strncmp(fe->code, groups[gi].code, 2)) {
				/* Mostly third-level items; second-level codes now and then. */
				if (fe->level == 3 || i % 4 == 0)
					g->by_group[gi][g->n_by_group[gi]++] = i;
				break;
			}
		}
	}
	return 0;
}

#define CHUNK 2048
#define NFIXED (sizeof fixed / sizeof fixed[0])

void demo_options_init(struct demo_options *o)
{
	memset(o, 0, sizeof *o);
	o->enterprises = DEMO_DEFAULT_ENTERPRISES;
	o->seed = DEMO_DEFAULT_SEED;
	o->with_users = 1;
}

static int by_name(const void *a, const void *b)
{
	const struct firm *x = *(const struct firm *const *)a, *y = *(const struct firm *const *)b;
	return strcmp(x->ent.name, y->ent.name);
}

int demo_fill(struct ledger *l, const struct demo_options *o, struct demo_summary *sum,
	      struct err *e)
{
	struct demo_summary local;
	if (!sum)
		sum = &local;
	memset(sum, 0, sizeof *sum);
	if (o->enterprises < 1 || o->enterprises > DEMO_MAX_ENTERPRISES)
		return err_set(e, ERR_INVALID, "enterprises", "企业数量应在1到%d之间",
			       DEMO_MAX_ENTERPRISES);
	if (o->with_users && (!o->password || strlen(o->password) < USER_PASSWORD_MIN ||
			      strlen(o->password) > USER_PASSWORD_MAX))
		return err_set(e, ERR_INVALID, "password", "演示账户的密码应为%d到%d个字节",
			       USER_PASSWORD_MIN, USER_PASSWORD_MAX);

	struct gen *g = xcalloc(1, sizeof *g);
	struct load *ld = xcalloc(1, sizeof *ld);
	struct firm *chunk = xcalloc(CHUNK, sizeof *chunk);
	struct firm **order = xcalloc(CHUNK, sizeof *order);
	int rc = 0;
	struct enterprise_filter ef;
	int64_t existing = 0;
	struct area *present = NULL;
	size_t n_present = 0;

	rng_seed(&g->rng, o->seed);
	g->arena = arena_new();
	g->keep = arena_new();
	g->today = o->today ? o->today : date_today();
	g->year = date_year(g->today);
	seen_init(&g->names, (size_t)o->enterprises);
	seen_init(&g->usccs, (size_t)o->enterprises);
	for (size_t i = 0; i < 8; i++) /* certificate numbers of a year start somewhere above 100 */
		g->cert_seq[i] = rng_range(&g->rng, 100, 600);

	if ((rc = load_fields(g, e)))
		goto out;
	/* one transaction, the scope checked, the enterprises' indexes set aside */
	if ((rc = ledger_seed_begin(l, "demo", (uint64_t)o->enterprises, &ld->seed, e)))
		goto out;

	enterprise_filter_init(&ef);
	if ((rc = enterprise_count(l, &ef, &existing, e)))
		goto out;
	if (existing > 0) {
		rc = err_set(e, ERR_CONFLICT, "db",
			     "数据库中已有%lld家企业，演示数据只写入空的台账", (long long)existing);
		goto out;
	}
	if ((rc = area_list(l, g->arena, &present, &n_present, e)))
		goto out;
	if (n_present == 0) {
		int seeded = 0;
		if ((rc = area_seed_default(l, &seeded, e)))
			goto out;
		sum->areas_seeded = seeded;
	}
	arena_reset(g->arena);
	if ((rc = load_areas(g, l, e)))
		goto out;

	/*
	 * Firms are made a chunk at a time and written in name order, which
	 * decides their ids (the fixed first firms keep ids 1–7). The order was
	 * chosen for the enterprise indexes, now built after the load; it is kept
	 * so that a seed still gives the same ledger.
	 */
	for (int64_t start = 0; start < o->enterprises; start += CHUNK) {
		size_t n =
			(size_t)(o->enterprises - start < CHUNK ? o->enterprises - start : CHUNK);
		for (size_t j = 0; j < n; j++) {
			make_firm(g, start + (int64_t)j, &chunk[j]);
			order[j] = &chunk[j];
		}
		size_t first = start == 0 ? (n < NFIXED ? n : NFIXED) : 0;
		qsort(order + first, n - first, sizeof *order, by_name);
		for (size_t j = 0; j < n; j++) {
			if ((rc = insert_firm(ld, order[j], sum, e))) {
				err_prefix_field(e, "demo");
				goto out;
			}
			int64_t done = start + (int64_t)j + 1;
			if (o->progress && (done % 1000 == 0 || done == o->enterprises))
				o->progress(o->progress_arg, done, o->enterprises);
		}
		arena_reset(g->arena);
	}
	if (o->with_users && (rc = make_users(g, ld, o->password, sum, e)))
		goto out;
	/* the load record: the seed's rows per table, and what the ordinary use cases made */
	ledger_seed_note(&ld->seed, "users", sum->users);
	ledger_seed_note(&ld->seed, "areas_seeded", sum->areas_seeded);
	rc = ledger_seed_end(&ld->seed, e);
out:
	ledger_seed_abort(&ld->seed); /* a no-op once ended */
	seen_cleanup(&g->names);
	seen_cleanup(&g->usccs);
	arena_free(g->arena);
	arena_free(g->keep);
	free(g->fields);
	free(g);
	free(ld);
	free(chunk);
	free(order);
	return rc;
}
