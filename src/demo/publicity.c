/*
 * publicity — the demo's announcements and questions (see publicity.h).
 */
#include "demo/publicity.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "ledger/access/user.h"
#include "core/date.h"
#include "ledger/publicity/announcement.h"
#include "ledger/publicity/policy.h"
#include "ledger/publicity/training.h"
#include "ledger/publicity/question.h"
#include "ledger/register/enterprise.h"

static const struct {
	const char *title, *body, *tier;
	int days_ago;
} city_news[] = {
	{"关于开展2026年度高新技术企业认定申报工作的通知",
	 "各有关企业：\n根据《高新技术企业认定管理办法》，现启动本年度高新技术企业认定申报工作。"
	 "请拟申报企业于6月30日前完成网上申报，并将纸质材料报送所在县（市、区）科技局。\n"
	 "联系电话：0874-3123456",
	 NULL, 20},
	{"研发费用加计扣除政策解读会的通知",
	 "市科技局联合市税务局定于下月10日举办研发费用加计扣除政策解读会，"
	 "重点讲解研发费用辅助账的设置与归集口径，请重点培育企业财务负责人参加。",
	 "key", 6},
	{"科技型中小企业评价入库提醒",
	 "请尚未完成本年度科技型中小企业评价入库的企业抓紧登录服务平台填报，入库是申报高企的重要基"
	 "础。",
	 NULL, 2},
};

/* A one-page PDF for the demo's first policy document and announcement attachments. */
static const char demo_pdf[] = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
			       "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
			       "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
			       "trailer<</Root 1 0 R>>\n%%EOF\n";

/* Publish TITLE by L to AREA / TIER, DAYS_AGO days before TODAY; its id into *ID. */
static int announce(struct ledger *l, const char *title, const char *body, const char *area,
		    const char *tier, int32_t on, int64_t *id, struct err *e)
{
	struct announcement in, out;
	struct arena *a = arena_new();
	announcement_init(&in);
	in.title = title;
	in.body = body;
	in.area = area;
	in.tier = tier;
	in.published_on = on;
	int rc = announcement_create(l, &in, a, &out, e);
	if (!rc && id)
		*id = out.id;
	arena_free(a);
	return rc;
}

/* A ledger for user NAME (its scope), or 0 when there is no such user. */
static int as_user(struct ledger *sys, const char *name, struct ledger *out, struct err *e)
{
	struct arena *a = arena_new();
	struct user u;
	struct scope s;
	int found = user_get_by_name(sys, name, a, &u, NULL) == 0;
	int rc = found ? user_scope(sys->db, u.id, &s, e) : 0;
	if (found && !rc)
		ledger_init(out, sys->db, &s, "demo");
	arena_free(a);
	return rc ? rc : found;
}

/* The enterprise user's questions, answered by its county: two in the FAQ, one open. */
static int firm_questions(struct ledger *ent, struct ledger *county, struct err *e)
{
	struct question q;
	struct arena *a = arena_new();
	int rc = question_ask(ent, "委托外单位研发的费用能全部计入研发费用吗？",
			      "我公司委托云南某高校开发检测算法，合同金额80万元，"
			      "这笔费用申报高企时能否全额计入研发费用？",
			      a, &q, e);
	if (!rc)
		rc = question_answer(
			county, q.id,
			"委托外部机构或个人进行研发活动所发生的费用，按实际发生额的80%"
			"计入委托方研发费用总额；委托境外的另有限额。请保留委托合同和付款凭证。",
			a, NULL, e);
	if (!rc)
		rc = question_publish(
			county, q.id, "委托外单位研发的费用能全部计入研发费用吗？",
			"按实际发生额的80%计入委托方研发费用总额，委托境外的另有限额；"
			"请保留委托合同和付款凭证。",
			a, NULL, e);
	if (!rc)
		rc = question_ask(ent, "科技人员占比怎么计算？",
				  "我们有部分兼职和临时聘用的技术人员，是否计入科技人员？", a, &q,
				  e);
	if (!rc)
		rc = question_answer(
			county, q.id,
			"兼职、临时聘用人员全年须在企业累计工作183天以上，方可计入科技人员。", a,
			NULL, e);
	if (!rc)
		rc = question_publish(county, q.id, "兼职和临时聘用的技术人员能计入科技人员吗？",
				      "全年在企业累计工作183天以上的兼职、临时聘用人员可以计入。",
				      a, NULL, e);
	if (!rc)
		rc = question_ask(ent, "高企认定后还需要每年报送什么材料？",
				  "请问认定通过后每年需要报送哪些年报信息，截止时间是什么时候？", a,
				  NULL, e);
	arena_free(a);
	return rc;
}

int demo_publicity(struct ledger *l, int32_t today, struct err *e)
{
	struct ledger ent, county;
	struct arena *a = arena_new();
	struct enterprise en;
	char name[40];
	int64_t first = 0;
	int found = 0;
	struct ledger city;
	int rc = ledger_begin(l, e);
	int as_city = rc ? 0 : as_user(l, "city", &city, e);
	if (as_city < 0)
		rc = as_city;
	else if (!as_city)
		city = *l; /* no city user: the system publishes */
	for (size_t i = 0; !rc && i < sizeof city_news / sizeof city_news[0]; i++)
		rc = announce(&city, city_news[i].title, city_news[i].body, NULL, city_news[i].tier,
			      today - city_news[i].days_ago, i ? NULL : &first, e);
	/* the call for applications comes with its guide */
	if (!rc)
		rc = announcement_attach(&city, first, "2026年度高新技术企业认定申报指南.pdf",
					 demo_pdf, sizeof demo_pdf - 1, a, NULL, e);
	if (!rc)
		rc = found = as_user(l, "enterprise", &ent, e);
	if (rc > 0)
		rc = enterprise_get_by_id(l, ent.scope.enterprise_id, a, &en, e);
	if (!rc && found) {
		snprintf(name, sizeof name, "county-%s", en.area);
		rc = found = as_user(l, name, &county, e);
	}
	if (rc > 0) {
		rc = announce(
			&county, "高企申报材料一对一辅导安排",
			"各高企培育企业：本周四下午在县科技局三楼会议室举办申报材料一对一辅导，"
			"请带上近三年财务报表和知识产权证书。",
			en.area, NULL, today - 1, NULL, e);
		if (!rc)
			rc = announcement_mark_read(&ent, first, NULL, e);
		if (!rc)
			rc = firm_questions(&ent, &county, e);
	}
	if (!rc)
		rc = ledger_commit(l, e);
	else
		ledger_rollback(l, NULL);
	arena_free(a);
	return rc;
}

/* ---- the policy library and trainings (issue 16) ------------------------------------------ */

static const struct {
	const char *title, *issuer, *number, *tags, *body;
	int level, y, m, d;
	int county; /* 1: a county-level document of 530302 */
} policies[] = {
	{"高新技术企业认定管理办法", "科技部 财政部 国家税务总局", "国科发火〔2016〕32号",
	 "认定,管理办法",
	 "企业申请认定时须注册成立一年以上；研究开发费用总额占同期销售收入总额的比例符合要求；"
	 "近一年高新技术产品（服务）收入占企业同期总收入的比例不低于60%。",
	 POLICY_NATIONAL, 2016, 1, 29, 0},
	{"高新技术企业认定管理工作指引", "科技部 财政部 国家税务总局", "国科发火〔2016〕195号",
	 "认定,工作指引", "对知识产权、科技人员、研究开发费用归集等认定条件的具体口径作出说明。",
	 POLICY_NATIONAL, 2016, 6, 22, 0},
	{"关于进一步完善研发费用税前加计扣除政策的公告", "财政部 国家税务总局",
	 "财政部 税务总局公告2023年第7号", "研发费用,加计扣除,税收优惠",
	 "企业开展研发活动中实际发生的研发费用，未形成无形资产计入当期损益的，在按规定据实扣除的"
	 "基础上，按照实际发生额的100%在税前加计扣除。",
	 POLICY_NATIONAL, 2023, 3, 26, 0},
	{"云南省高新技术企业培育实施方案", "云南省科学技术厅", "云科规〔2022〕4号", "培育,奖励",
	 "建立高新技术企业培育库，对入库企业给予研发投入后补助和认定奖励。", POLICY_PROVINCE, 2022,
	 5, 10, 0},
	{"曲靖市高新技术企业倍增计划", "曲靖市科学技术局", "曲科发〔2024〕12号", "培育,倍增计划",
	 "实施梯度培育，建立科技型中小企业—储备库—重点培育库—高新技术企业的培育链条。", POLICY_CITY,
	 2024, 3, 1, 0},
	{"麒麟区科技创新奖励办法", "麒麟区科学技术局", "麒科发〔2025〕3号", "奖励",
	 "首次认定的高新技术企业给予一次性奖励。", POLICY_COUNTY, 2025, 2, 18, 1},
};

static const struct {
	const char *topic, *organisers, *place, *url;
	int days_ago, county, n_firms;
} trainings[] = {
	{"高新技术企业认定政策解读会", "曲靖市科学技术局", "曲靖市科技大厦三楼报告厅", NULL, 60, 0,
	 12},
	{"研发费用加计扣除与辅助账归集专题培训", "曲靖市科学技术局、国家税务总局曲靖市税务局",
	 "曲靖市政务服务中心二楼会议室", "https://meeting.example.cn/qj-rd", 25, 0, 8},
	{"规上工业企业研发统计报表填报培训", "麒麟区科学技术局、麒麟区统计局", NULL,
	 "https://meeting.example.cn/ql-stat", 10, 1, 5},
	/* upcoming: nobody has attended yet */
	{"2026年度高企认定网上申报系统操作培训", "曲靖市科学技术局", "曲靖市科技大厦三楼报告厅",
	 "https://meeting.example.cn/qj-apply", -7, 0, 0},
};

int demo_policies(struct ledger *l, int32_t today, struct err *e)
{
	struct arena *a = arena_new();
	int64_t first_policy = 0, p_rd = 0;
	int rc = ledger_begin(l, e);
	for (size_t i = 0; !rc && i < sizeof policies / sizeof policies[0]; i++) {
		struct policy in, out;
		policy_init(&in);
		in.title = policies[i].title;
		in.issuer = policies[i].issuer;
		in.number = policies[i].number;
		in.tags = policies[i].tags;
		in.body = policies[i].body;
		in.level = policies[i].level;
		in.area = policies[i].county ? "530302" : NULL;
		in.issued_on = date_from_ymd(policies[i].y, policies[i].m, policies[i].d);
		rc = policy_create(l, &in, a, &out, e);
		if (!rc && i == 0) {
			first_policy = out.id;
			rc = policy_attach(l, out.id, "高新技术企业认定管理办法.pdf", demo_pdf,
					   sizeof demo_pdf - 1, a, NULL, e);
		}
		if (!rc && i == 2)
			p_rd = out.id;
	}
	/* the firms of the reserve and key pools, the first ones attend */
	struct enterprise_filter f;
	struct enterprise_page pg;
	enterprise_filter_init(&f);
	f.tier = TIER_KEY;
	f.limit = 40;
	f.want_total = 0;
	if (!rc)
		rc = enterprise_list(l, &f, a, &pg, e);
	for (size_t i = 0; !rc && i < sizeof trainings / sizeof trainings[0]; i++) {
		struct training in, out;
		int64_t mats[2] = {first_policy, p_rd};
		training_init(&in);
		in.topic = trainings[i].topic;
		in.organisers = trainings[i].organisers;
		in.place = trainings[i].place;
		in.online_url = trainings[i].url;
		in.area = trainings[i].county ? "530302" : NULL;
		in.held_on = today - trainings[i].days_ago;
		in.policy_ids = mats + (i == 1);
		in.n_policy_ids = i >= 2 ? 0 : 1;
		rc = training_create(l, &in, a, &out, e);
		int n = 0;
		for (size_t k = i; !rc && k < pg.n && n < trainings[i].n_firms; k += 2) {
			if (trainings[i].county && strcmp(pg.items[k].area, "530302"))
				continue;
			rc = training_attend(l, out.id, pg.items[k].uscc, "财务负责人", e);
			n++;
		}
	}
	if (!rc)
		rc = ledger_commit(l, e);
	else
		ledger_rollback(l, NULL);
	arena_free(a);
	return rc;
}
