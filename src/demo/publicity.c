/*
 * publicity — the demo's announcements and questions (see publicity.h).
 */
#include "demo/publicity.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "ledger/access/user.h"
#include "ledger/publicity/announcement.h"
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
