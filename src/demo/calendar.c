/*
 * calendar — the demo's milestones (see calendar.h).
 */
#include "demo/calendar.h"

#include <stddef.h>
#include <string.h>

#include "core/date.h"
#include "ledger/monitor/calendar.h"

int demo_calendar(struct ledger *l, int32_t today, int64_t *count, struct err *e)
{
	static const struct {
		int month, day, kind;
		const char *area, *name, *note;
	} rows[] = {
		{3, 15, MILESTONE_MEETING, NULL, "全市高企培育工作调度会",
		 "各县（市、区）科技局分管领导参加"},
		{5, 31, MILESTONE_DEADLINE, NULL, "高新技术企业年度发展情况报表（年报）报送截止",
		 "已认定高企报送上一年度数据"},
		{6, 30, MILESTONE_DEADLINE, NULL, "科技型中小企业第一批入库评价截止", NULL},
		{7, 10, MILESTONE_BATCH, NULL, "高企认定第一批申报材料提交截止", "云南省第一批"},
		{8, 20, MILESTONE_DEADLINE, "530302", "麒麟区第一批推荐企业材料审查截止",
		 "县级审查推荐"},
		{9, 30, MILESTONE_BATCH, NULL, "高企认定第二批申报材料提交截止", "云南省第二批"},
		{11, 15, MILESTONE_BATCH, NULL, "高企认定结果公示", "以省级公示名单为准"},
	};
	int year = date_year(today);
	int64_t n = 0;
	int rc = 0;
	for (size_t i = 0; !rc && i < sizeof rows / sizeof rows[0]; i++) {
		struct milestone m;
		memset(&m, 0, sizeof m);
		m.name = rows[i].name;
		m.on_date = date_from_ymd(year, rows[i].month, rows[i].day);
		m.kind = rows[i].kind;
		m.area = rows[i].area;
		m.note = rows[i].note;
		m.owner = "市科技局高新技术科"; /* the work schedule (targets) */
		m.status = m.on_date < today ? MILESTONE_DONE : MILESTONE_PLANNED;
		/* one county's review runs late: an overdue item of the work schedule */
		if (rows[i].area && m.on_date < today)
			m.status = MILESTONE_IN_PROGRESS;
		rc = calendar_add(l, &m, NULL, e);
		if (!rc)
			n++;
	}
	if (count)
		*count = n;
	return rc;
}
