/*
 * names — the words of the synthetic city (see names.h): a printf into
 * arenas, the sets of names already given, the word tables, and the
 * identities of a firm drawn from them.
 */
#include "demo/names.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "rules/uscc.h"

/* ---- text ------------------------------------------------------------------------------ */

/*
 * arena_printf for the generator, without stdio (vsnprintf was a tenth of the
 * demo's time): one pass into a stack buffer, then one copy into the arena.
 * Understands what the demo uses: %s, %.Ns, %c, %d and %lld with an
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

char *names_printf(struct arena *a, const char *fmt, ...)
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

/* ---- the names given (struct demo_seen) ------------------------------------------------ */

static uint64_t fnv1a(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h ? h : 1;
}

static void seen_init(struct demo_seen *s, size_t expected)
{
	size_t cap = 1024;
	while (cap < expected * 2)
		cap *= 2;
	s->slots = xcalloc(cap, sizeof *s->slots);
	s->cap = cap;
	s->n = 0;
}

static void seen_cleanup(struct demo_seen *s)
{
	free(s->slots);
	s->slots = NULL;
}

/* Add S; 1 when it was new, 0 when (probably) already present. */
static int seen_add(struct demo_seen *s, const char *str)
{
	if (s->n * 2 >= s->cap) {
		struct demo_seen bigger;
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

void names_init(struct demo_gen *g, size_t expected)
{
	seen_init(&g->names, expected);
	seen_init(&g->usccs, expected);
}

void names_cleanup(struct demo_gen *g)
{
	seen_cleanup(&g->names);
	seen_cleanup(&g->usccs);
}

/* ---- word tables --------------------------------------------------------------- */

static const char *const zihao[] = {
	"华", "盛", "创", "新", "恒", "通", "达", "鑫", "源", "泰", "宏", "瑞", "博", "远",
	"正", "和", "丰", "益", "聚", "德", "鸿", "信", "誉", "晨", "光", "明", "天", "宇",
	"海", "峰", "凯", "越", "卓", "智", "联", "成", "金", "兴", "旺", "嘉", "福", "康",
	"安", "立", "诚", "佳", "润", "泽", "荣", "昌", "祥", "美", "盈", "茂", "腾", "飞",
	"骏", "驰", "辰", "星", "耀", "锦", "云", "岭", "珠", "江", "滇", "盘", "翠", "麟",
	"龙", "乾", "坤", "铭", "弘", "永", "振", "东", "方", "景", "煜", "晟", "豪", "亿",
	"万", "百", "禾", "森", "林", "川", "磊", "钧", "鼎", "汇", "邦", "沃", "蓝", "青",
};

/* The eight 国家重点支持的高新技术领域, weighted for Qujing's economy. */
const struct names_group names_groups[DEMO_NGROUPS] = {
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

/* ---- identities ---------------------------------------------------------------------- */

const char *names_person(struct demo_gen *g)
{
	return names_printf(g->arena, "%s%s", RNG_PICK(&g->rng, surnames),
			    RNG_PICK(&g->rng, given));
}

const char *names_mobile(struct demo_gen *g)
{
	static const char *const pre[] = {"138", "139", "135", "136", "150", "151", "187",
					  "188", "158", "159", "181", "189", "177", "199"};
	return names_printf(g->arena, "%s%08lld", RNG_PICK(&g->rng, pre),
			    (long long)rng_range(&g->rng, 0, 99999999));
}

/* A 9-character organisation code: "MA" + 7 for firms registered since 2015, else GB 11714 style.
 */
static void org_code(struct demo_gen *g, int reg_year, char out[10])
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

void names_uscc(struct demo_gen *g, const struct demo_area *a, int reg_year, char out[19])
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

const char *names_company(struct demo_gen *g, const struct demo_area *a,
			  const struct names_group *gr, const char **short_name)
{
	for (int attempt = 0;; attempt++) {
		const char *place = a->place;
		int64_t p = rng_range(&g->rng, 0, 99);
		if (p < 15)
			place = DEMO_CITY;
		else if (p < 25)
			place = DEMO_PROVINCE;
		const char *z1 = RNG_PICK(&g->rng, zihao), *z2 = RNG_PICK(&g->rng, zihao);
		if (!strcmp(z1, z2))
			continue;
		const char *zh = attempt < 40 ? names_printf(g->arena, "%s%s", z1, z2)
					      : names_printf(g->arena, "%s%s%s", z1, z2,
							     RNG_PICK(&g->rng, zihao));
		int64_t f = rng_range(&g->rng, 0, 99);
		const char *form = f < 80 ? "有限公司" : f < 92 ? "有限责任公司" : "股份有限公司";
		const char *name = names_printf(g->arena, "%s%s%s%s", place, zh,
						RNG_PICKN(&g->rng, gr->trades), form);
		if (seen_add(&g->names, name)) {
			*short_name = zh;
			return name;
		}
	}
}

const char *names_field(struct demo_gen *g, size_t gi)
{
	if (g->n_by_group[gi] == 0)
		return names_groups[gi].code;
	const struct fields_entry *fe =
		&g->fields->e[g->by_group[gi]
					 [rng_range(&g->rng, 0, (int64_t)g->n_by_group[gi] - 1)]];
	return arena_strdup(g->arena, fe->code);
}

const char *names_address(struct demo_gen *g, const struct demo_area *a)
{
	struct rng *r = &g->rng;
	if (!strcmp(a->place, DEMO_CITY))
		return names_printf(g->arena, "%s省%s%s%lld号", DEMO_PROVINCE, a->name,
				    RNG_PICK(r, roads), (long long)rng_range(r, 1, 999));
	return names_printf(g->arena, "%s省%s市%s%s%lld号", DEMO_PROVINCE, DEMO_CITY, a->name,
			    RNG_PICK(r, roads), (long long)rng_range(r, 1, 999));
}

const char *names_contact(struct demo_gen *g, const struct demo_area *a)
{
	return names_printf(g->keep, "%s%s（%s科技局）", RNG_PICK(&g->rng, surnames),
			    RNG_PICK(&g->rng, given), a->name);
}

const char *names_tag(struct demo_gen *g)
{
	return RNG_PICK(&g->rng, tags);
}

const char *names_exit_reason(struct demo_gen *g)
{
	return RNG_PICK(&g->rng, exit_reasons);
}
