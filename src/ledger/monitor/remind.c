/*
 * remind — the reminder rules, the daily rebuild, the scoped list and the
 * users' marks (see remind.h).
 */
#include "ledger/monitor/remind.h"
#include "ledger/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/strbuf.h"
#include "ledger/base/audit.h"
#include "ledger/base/json.h"
#include "ledger/base/perm.h"

#define INSERT_HEAD "INSERT INTO reminders (key, rule, enterprise_id, due_on, detail, computed_on) "
#define ON_KEY " ON CONFLICT (key) DO NOTHING"

/*
 * The rules. Parameters of every SQL: $1 today, $2 this year, $3 1 January
 * of this year, $4 31 December of next year (text dates, the year an
 * integer). NEEDS: the tables the rule reads beyond enterprises (skipped
 * when one is missing). Add a rule by adding a row.
 */
static const struct {
	struct remind_rule_info info;
	const char *needs[2];
	const char *sql;
} rules[] = {
	{{"cert_expiry", "高企证书到期（复审）"},
	 {NULL, NULL},
	 INSERT_HEAD
	 "SELECT 'cert_expiry:' || t.uscc || ':' || t.hnte_expires_on, 'cert_expiry', t.id, "
	 "t.hnte_expires_on, '高新技术企业证书' || coalesce('（' || t.hnte_cert_no || '）', '') || "
	 "'将于' || t.hnte_expires_on || CASE WHEN t.hnte_expires_on < $1 THEN '到期（已过期）' "
	 "ELSE '到期' END || '，须在到期当年重新申报认定' , $1 FROM enterprises t "
	 "WHERE t.hnte_expires_on >= $3 AND t.hnte_expires_on <= $4 AND t.tier <> 'exited'" ON_KEY},
	{{"tsme_renew", "科技型中小企业重新入库"},
	 {NULL, NULL},
	 INSERT_HEAD "SELECT 'tsme_renew:' || t.uscc || ':' || $2, 'tsme_renew', t.id, NULL, "
		     "'科技型中小企业入库登记为' || t.tsme_year || '年，' || $2 || "
		     "'年须重新评价入库', $1 FROM enterprises t WHERE t.tsme_year IS NOT NULL AND "
		     "t.tsme_year < $2 AND t.tier <> 'exited'" ON_KEY},
	{{"indicators_missing", "上年度指标未填报"},
	 {"indicators", NULL},
	 INSERT_HEAD
	 "SELECT 'indicators_missing:' || t.uscc || ':' || ($2 - 1), 'indicators_missing', t.id, "
	 "substr($3, 1, 4) || '-05-31', ($2 - 1) || '年度指标数据尚未填报', $1 FROM enterprises t "
	 "WHERE (t.tier = 'tsme' OR t.tier = 'reserve' OR t.tier = 'key' OR t.tier = 'hnte' OR "
	 "t.tier = 'leader') AND NOT EXISTS (SELECT 1 FROM indicators i WHERE i.enterprise_id = "
	 "t.id AND i.year = $2 - 1)" ON_KEY},
	/*
	 * The annual report (年度发展情况报表) of last year, due 31 May, for a
	 * certificate issued before this year and still valid on 1 January;
	 * a row recorded as missing (filed_on NULL) does not count as filed.
	 */
	{{"annual_report", "高企年报未填报"},
	 {"annual_reports", NULL},
	 INSERT_HEAD
	 "SELECT 'annual_report:' || t.uscc || ':' || ($2 - 1), 'annual_report', t.id, "
	 "substr($3, 1, 4) || '-05-31', ($2 - 1) || '年度高新技术企业年度发展情况报表' || "
	 "CASE WHEN $1 > substr($3, 1, 4) || '-05-31' THEN '逾期未填报（截止5月31日）' "
	 "ELSE '尚未填报，须于5月31日前报送' END, $1 FROM enterprises t "
	 "WHERE t.hnte_issued_on < $3 AND t.hnte_expires_on >= $3 AND t.tier <> 'exited' AND "
	 "NOT EXISTS (SELECT 1 FROM annual_reports r WHERE r.enterprise_id = t.id AND "
	 "r.year = $2 - 1 AND r.filed_on IS NOT NULL)" ON_KEY},
	/*
	 * An application still at a stage whose batch date has passed: not yet
	 * submitted after the submission deadline, not yet under review after
	 * the review date, no result after the public notice, and publicised
	 * with no outcome 15 days after the notice (the notice period is 5
	 * working days; the outcome follows the province's list).
	 */
	{{"application_late", "申报进度滞后"},
	 {"applications", NULL},
	 INSERT_HEAD
	 "SELECT 'application_late:' || t.uscc || ':' || x.id || ':' || x.stage, "
	 "'application_late', t.id, x.due, x.year || '年' || x.name || '：' || CASE x.stage "
	 "WHEN 'intended' THEN '拟申报，尚未审查推荐' WHEN 'county_recommended' THEN "
	 "'已审查推荐，尚未提交申报材料' WHEN 'submitted' THEN '已提交，尚未进入评审' "
	 "WHEN 'under_review' THEN '评审中，尚未登记公示' ELSE '已公示，尚未登记认定结果' END "
	 "|| '（' || CASE x.stage WHEN 'intended' THEN '申报截止' WHEN 'county_recommended' "
	 "THEN '申报截止' WHEN 'submitted' THEN '评审' WHEN 'under_review' THEN '公示' "
	 "ELSE '公示后15日' END || x.due || '已过）', $1 FROM (SELECT a.id, a.stage, "
	 "a.enterprise_id, b.year, b.name, CASE a.stage WHEN 'intended' THEN b.submit_by "
	 "WHEN 'county_recommended' THEN b.submit_by WHEN 'submitted' THEN b.review_on "
	 "WHEN 'under_review' THEN b.notice_on ELSE date(b.notice_on, '+15 days') END AS due "
	 "FROM applications a JOIN batches b ON b.id = a.batch_id WHERE a.stage IN ('intended', "
	 "'county_recommended', 'submitted', 'under_review', 'publicised')) x "
	 "JOIN enterprises t ON t.id = x.enterprise_id WHERE x.due < $1" ON_KEY},
	/* An open task of an active plan (一企一策) past its due day. */
	{{"plan_task_overdue", "一企一策任务逾期"},
	 {"plan_tasks", NULL},
	 INSERT_HEAD
	 "SELECT 'plan_task_overdue:' || t.uscc || ':' || p.id || ':' || k.n, "
	 "'plan_task_overdue', t.id, k.due, '一企一策任务逾期：' || CASE k.kind WHEN 'ip' THEN "
	 "'知识产权' WHEN 'st_staff' THEN '科技人员' WHEN 'rd' THEN '研发费用' WHEN "
	 "'hitech_income' THEN '高新技术收入' WHEN 'conversion' THEN '成果转化' WHEN 'rd_org' "
	 "THEN '研发组织管理' ELSE k.kind END || '（应于' || k.due || '完成）', $1 "
	 "FROM plan_tasks k JOIN plans p ON p.id = k.plan_id JOIN enterprises t ON "
	 "t.id = p.enterprise_id WHERE p.state = 'active' AND k.status = 'open' AND "
	 "k.kind <> 'wait' AND k.due < $1 AND t.tier <> 'exited'" ON_KEY},
	{{"problem_overdue", "问题逾期未解决"},
	 {"problems", NULL},
	 INSERT_HEAD
	 "SELECT 'problem_overdue:' || t.uscc || ':' || p.id, 'problem_overdue', t.id, "
	 "p.due_on, '问题逾期未解决：' || substr(p.description, 1, 80), $1 FROM problems p "
	 "JOIN enterprises t ON t.id = p.enterprise_id WHERE (p.status = 'open' OR "
	 "p.status = 'in_progress') AND p.due_on < $1" ON_KEY},
	{{"assessment_risk", "高企复核不达标（抽查风险）"},
	 {"assessments", NULL},
	 INSERT_HEAD
	 "SELECT 'assessment_risk:' || t.uscc || ':' || $2, 'assessment_risk', t.id, NULL, "
	 "'按最新数据重新评测为“不符合”（' || a.apply_on || '），存在抽查被取消资格的风险', $1 "
	 "FROM assessments a JOIN enterprises t ON t.id = a.enterprise_id WHERE a.risk = 1 AND "
	 "t.tier <> 'exited'" ON_KEY},
	/*
	 * A milestone of the work schedule (targets, C7) still planned or in
	 * progress after its day: a reminder of no enterprise, for the area
	 * of the milestone (every area when it has none).
	 */
	{{"milestone_overdue", "工作计划逾期"},
	 {"milestones", NULL},
	 "INSERT INTO reminders (key, rule, enterprise_id, area, due_on, detail, computed_on) "
	 "SELECT 'milestone_overdue:' || m.id || ':' || m.on_date, 'milestone_overdue', NULL, "
	 "m.area, m.on_date, '工作计划逾期：' || m.name || '（应于' || m.on_date || '完成，' || "
	 "CASE m.status WHEN 'planned' THEN '未开始' ELSE '进行中' END || "
	 "coalesce('，责任人：' || m.owner, '') || '）', $1 FROM milestones m WHERE "
	 "(m.status = 'planned' OR m.status = 'in_progress') AND m.on_date < $1" ON_KEY},
};
#define NRULES (sizeof rules / sizeof rules[0])

const struct remind_rule_info *remind_rules(size_t *n)
{
	static struct remind_rule_info infos[NRULES];
	for (size_t i = 0; i < NRULES; i++)
		infos[i] = rules[i].info; /* the same values every call: a benign rewrite */
	*n = NRULES;
	return infos;
}

const char *remind_rule_label(const char *code)
{
	for (size_t i = 0; i < NRULES; i++)
		if (code && !strcmp(rules[i].info.code, code))
			return rules[i].info.label;
	return code;
}

static int rule_ready(struct ledger *l, size_t i, int *ready, struct err *e)
{
	*ready = 1;
	for (size_t k = 0; k < 2 && rules[i].needs[k]; k++) {
		int rc = store_table_exists(l->db, rules[i].needs[k], ready, e);
		if (rc || !*ready)
			return rc;
	}
	return 0;
}

int remind_compute(struct ledger *l, int32_t today, size_t *count, struct err *e)
{
	char day[11], jan1[11], dec31[11];
	struct store_stmt *st = NULL;
	int64_t n = 0;
	if (count)
		*count = 0;
	if (l->scope.role != ROLE_ADMIN)
		return err_set(e, ERR_FORBIDDEN, NULL, "只有系统可以重新计算提醒");
	int year = date_year(today);
	date_format(today, day);
	date_format(date_from_ymd(year, 1, 1), jan1);
	date_format(date_from_ymd(year + 1, 12, 31), dec31);
	int rc = ledger_write_begin(l, e);
	if (rc)
		return rc;
	rc = store_exec(l->db, "DELETE FROM reminders", e);
	for (size_t i = 0; !rc && i < NRULES; i++) {
		int ready = 0;
		rc = rule_ready(l, i, &ready, e);
		if (rc || !ready)
			continue;
		rc = store_prepare(l->db, rules[i].sql, &st, e);
		if (rc)
			break;
		store_bind_text(st, 1, day, STORE_NTS);
		store_bind_int(st, 2, year);
		store_bind_text(st, 3, jan1, STORE_NTS);
		store_bind_text(st, 4, dec31, STORE_NTS);
		rc = store_run(st, e);
		store_finish(st);
		st = NULL;
	}
	if (!rc) {
		rc = store_prepare(l->db, "SELECT count(*) FROM reminders", &st, e);
		if (!rc && store_step(st, e) == STORE_ROW)
			n = store_column_int(st, 0);
		store_finish(st);
	}
	rc = ledger_write_end(l, rc, e);
	if (!rc && count)
		*count = (size_t)n;
	return rc;
}

int remind_computed_on(struct ledger *l, int32_t *day, struct err *e)
{
	struct store_stmt *st = NULL;
	*day = LEDGER_NO_DATE;
	int rc = store_prepare(l->db, "SELECT max(computed_on) FROM reminders", &st, e);
	if (rc)
		return rc;
	rc = store_step(st, e);
	if (rc == STORE_ROW)
		*day = ledger_column_date(st, 0);
	store_finish(st);
	return rc < 0 ? rc : 0;
}

/* ---- list ---------------------------------------------------------------------------- */

int remind_status_parse(const char *s, enum remind_status *out, struct err *e)
{
	static const char *const names[] = {"open", "done", "snoozed", "all"};
	int i = ledger_code_find(names, NULL, 4, s);
	if (i < 0)
		return err_set(e, ERR_INVALID, "status", "状态应为 open、done、snoozed 或 all：%s",
			       s ? s : "");
	*out = (enum remind_status)i;
	return 0;
}

void remind_filter_init(struct remind_filter *f)
{
	memset(f, 0, sizeof *f);
	f->status = REMIND_OPEN;
	f->today = LEDGER_NO_DATE;
	f->limit = 50;
}

/*
 * The scope of the reminders of no enterprise (alias r, column area): every
 * one for admin and city; for a county or a viewer those of every area and
 * of its areas; none for an expert or an enterprise user.
 */
static void area_scope_sql(struct ledger *l, struct strbuf *sql)
{
	if (l->scope.role == ROLE_EXPERT || l->scope.role == ROLE_ENTERPRISE) {
		strbuf_adds(sql, "0");
		return;
	}
	if (!ledger_scope_by_area(&l->scope)) {
		ledger_scope_sql(&l->scope, sql, "r", 9);
		return;
	}
	strbuf_adds(sql, "(r.area IS NULL OR ");
	ledger_scope_sql(&l->scope, sql, "r", 9);
	strbuf_adds(sql, ")");
}

/*
 * FROM … WHERE of F over r (key, rule, uscc, name, area, due_on, detail):
 * the reminders of the enterprises in scope, then those of no enterprise
 * (milestones). $1 the user, $2 area, $3 rule, $4 uscc, $5 today, $9 the
 * scope.
 */
static void where_sql(struct ledger *l, const struct remind_filter *f, struct strbuf *sql)
{
	int area = f->area && f->area[0], rule = f->rule && f->rule[0],
	    uscc = f->uscc && f->uscc[0], key = f->key && f->key[0];
	strbuf_adds(sql, " FROM (SELECT r.key, r.rule, t.uscc, t.name, t.area, r.due_on, r.detail "
			 "FROM reminders r JOIN enterprises t ON t.id = r.enterprise_id WHERE ");
	ledger_scope_sql(&l->scope, sql, "t", 9);
	if (area)
		strbuf_adds(sql, " AND t.area = $2");
	if (rule)
		strbuf_adds(sql, " AND r.rule = $3");
	if (uscc)
		strbuf_adds(sql, " AND t.uscc = $4");
	if (key)
		strbuf_adds(sql, " AND r.key = $6");
	strbuf_adds(sql, " UNION ALL SELECT r.key, r.rule, NULL, NULL, r.area, r.due_on, r.detail "
			 "FROM reminders r WHERE r.enterprise_id IS NULL AND ");
	if (uscc)
		strbuf_adds(sql, "0");
	else
		area_scope_sql(l, sql);
	if (area)
		strbuf_adds(sql, " AND r.area = $2");
	if (rule)
		strbuf_adds(sql, " AND r.rule = $3");
	if (key)
		strbuf_adds(sql, " AND r.key = $6");
	strbuf_adds(sql, ") r LEFT JOIN reminder_marks m ON m.key = r.key AND m.user_id = $1 "
			 "WHERE 1=1");
	switch (f->status) {
	case REMIND_OPEN:
		strbuf_adds(sql,
			    " AND (m.state IS NULL OR (m.state = 'snoozed' AND m.until <= $5))");
		break;
	case REMIND_DONE: strbuf_adds(sql, " AND m.state = 'done'"); break;
	case REMIND_SNOOZED: strbuf_adds(sql, " AND m.state = 'snoozed' AND m.until > $5"); break;
	case REMIND_ALL: break;
	}
}

struct binds {
	char today[11];
	char uscc[19];
};

static void where_bind(struct ledger *l, const struct remind_filter *f, struct store_stmt *st,
		       struct binds *b)
{
	store_bind_int(st, 1, l->scope.user_id);
	if (f->area && f->area[0])
		store_bind_text(st, 2, f->area, STORE_NTS);
	if (f->rule && f->rule[0])
		store_bind_text(st, 3, f->rule, STORE_NTS);
	if (f->uscc && f->uscc[0]) {
		ledger_norm_uscc(f->uscc, b->uscc);
		store_bind_text(st, 4, b->uscc, STORE_NTS);
	}
	if (f->key && f->key[0])
		store_bind_text(st, 6, f->key, STORE_NTS);
	date_format(f->today == LEDGER_NO_DATE ? date_today() : f->today, b->today);
	store_bind_text(st, 5, b->today, STORE_NTS);
	store_bind_int(st, 9, ledger_scope_param(&l->scope));
}

static int check_filter(const struct remind_filter *f, struct err *e)
{
	int64_t limit = f->limit ? f->limit : 50;
	if (limit < 1 || limit > REMIND_PAGE_MAX)
		return err_set(e, ERR_INVALID, "limit", "每页条数应在1到%d之间", REMIND_PAGE_MAX);
	if (f->offset < 0)
		return err_set(e, ERR_INVALID, "offset", "偏移量不能为负数");
	if ((int)f->status < 0 || f->status > REMIND_ALL)
		return err_set(e, ERR_INVALID, "status", "状态无效");
	if (f->rule && f->rule[0] && remind_rule_label(f->rule) == f->rule)
		return err_set(e, ERR_INVALID, "rule", "提醒类型无效：%s", f->rule);
	if (f->area && strlen(f->area) > 16)
		return err_set(e, ERR_INVALID, "area", "区域代码无效");
	return 0;
}

int remind_list(struct ledger *l, const struct remind_filter *f, struct arena *arena,
		struct remind_page *out, struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	struct binds b;
	int64_t limit = f->limit ? f->limit : 50;
	size_t cap = 0;
	memset(out, 0, sizeof *out);
	int rc = perm_check(&l->scope, CAP_REMINDERS, "无权查看提醒", e);
	if (!rc)
		rc = check_filter(f, e);
	if (rc)
		return rc;
	strbuf_init(&sql, 8192);
	strbuf_adds(&sql, "SELECT count(*)");
	where_sql(l, f, &sql);
	rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	if (rc)
		goto out;
	where_bind(l, f, st, &b);
	rc = store_step(st, e);
	if (rc == STORE_ROW)
		out->total = store_column_int(st, 0);
	store_finish(st);
	st = NULL;
	if (rc < 0)
		goto out;
	strbuf_reset(&sql);
	strbuf_adds(&sql, "SELECT r.key, r.rule, r.uscc, r.name, r.area, r.due_on, r.detail, "
			  "m.state, m.until, m.reason");
	where_sql(l, f, &sql);
	strbuf_adds(&sql, " ORDER BY (r.due_on IS NULL), r.due_on, r.name, r.key LIMIT $10 "
			  "OFFSET $11");
	rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	if (rc)
		goto out;
	where_bind(l, f, st, &b);
	store_bind_int(st, 10, limit);
	store_bind_int(st, 11, f->offset);
	while ((rc = store_step(st, e)) == STORE_ROW) {
		out->items = ledger_grow(arena, out->items, out->n, &cap, sizeof *out->items, 64);
		struct reminder *r = &out->items[out->n++];
		r->key = ledger_column_str(st, 0, arena);
		r->rule = ledger_column_str(st, 1, arena);
		r->uscc = ledger_column_str(st, 2, arena);
		r->name = ledger_column_str(st, 3, arena);
		r->area = ledger_column_str(st, 4, arena);
		r->due_on = ledger_column_date(st, 5);
		r->detail = ledger_column_str(st, 6, arena);
		r->state = ledger_column_str(st, 7, arena);
		r->until = ledger_column_date(st, 8);
		r->reason = ledger_column_str(st, 9, arena);
	}
out:
	store_finish(st);
	strbuf_cleanup(&sql);
	return rc < 0 ? rc : 0;
}

int remind_count_open(struct ledger *l, int32_t today, int64_t *count, struct err *e)
{
	struct remind_filter f;
	struct strbuf sql;
	struct store_stmt *st = NULL;
	struct binds b;
	remind_filter_init(&f);
	f.today = today;
	*count = 0;
	if (!perm_may(&l->scope, CAP_REMINDERS))
		return err_set(e, ERR_FORBIDDEN, NULL, "无权查看提醒");
	strbuf_init(&sql, 8192);
	strbuf_adds(&sql, "SELECT count(*)");
	where_sql(l, &f, &sql);
	int rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	if (!rc) {
		where_bind(l, &f, st, &b);
		rc = store_step(st, e);
		if (rc == STORE_ROW)
			*count = store_column_int(st, 0);
	}
	store_finish(st);
	strbuf_cleanup(&sql);
	return rc < 0 ? rc : 0;
}

/* ---- marks --------------------------------------------------------------------------- */

/* The reminder KEY within L's scope: 0, or ERR_NOT_FOUND. */
static int find_in_scope(struct ledger *l, const char *key, struct err *e)
{
	struct strbuf sql;
	struct store_stmt *st = NULL;
	strbuf_init(&sql, 4096);
	strbuf_adds(&sql, "SELECT 1 FROM reminders r LEFT JOIN enterprises t ON t.id = "
			  "r.enterprise_id WHERE r.key = $1 AND ((t.id IS NOT NULL AND ");
	ledger_scope_sql(&l->scope, &sql, "t", 9);
	strbuf_adds(&sql, ") OR (r.enterprise_id IS NULL AND ");
	area_scope_sql(l, &sql);
	strbuf_adds(&sql, "))");
	int rc = store_prepare(l->db, strbuf_cstr(&sql), &st, e);
	if (!rc) {
		store_bind_text(st, 1, key, STORE_NTS);
		store_bind_int(st, 9, ledger_scope_param(&l->scope));
		rc = store_step(st, e);
		if (rc == STORE_DONE)
			rc = err_set(e, ERR_NOT_FOUND, "key", "提醒不存在：%s", key);
		else if (rc == STORE_ROW)
			rc = 0;
	}
	store_finish(st);
	strbuf_cleanup(&sql);
	return rc;
}

/* The caller's mark of KEY as audit JSON (NULL when none). */
static int mark_json(struct ledger *l, const char *key, char **out, struct err *e)
{
	struct store_stmt *st = NULL;
	*out = NULL;
	int rc = store_prepare(l->db,
			       "SELECT state, until, reason FROM reminder_marks WHERE user_id = $1 "
			       "AND key = $2",
			       &st, e);
	if (rc)
		return rc;
	store_bind_int(st, 1, l->scope.user_id);
	store_bind_text(st, 2, key, STORE_NTS);
	rc = store_step(st, e);
	if (rc == STORE_ROW) {
		struct ledger_jobj o;
		ledger_jobj_init(&o);
		ledger_jobj_str(&o, "key", key);
		ledger_jobj_str(&o, "state", store_column_text(st, 0, NULL));
		ledger_jobj_date(&o, "until", ledger_column_date(st, 1));
		ledger_jobj_str(&o, "reason", store_column_text(st, 2, NULL));
		*out = ledger_jobj_take(&o);
	}
	store_finish(st);
	return rc < 0 ? rc : 0;
}

static int check_mark(const char *key, const char *state, int32_t until, const char *reason,
		      int32_t today, struct err *e)
{
	if (!key || !key[0] || strlen(key) > 200)
		return err_set(e, ERR_INVALID, "key", "提醒编号无效");
	if (!state || (strcmp(state, "done") && strcmp(state, "snoozed") && strcmp(state, "open")))
		return err_set(e, ERR_INVALID, "state", "状态应为 done、snoozed 或 open");
	if (strcmp(state, "open") && (!reason || !reason[0]))
		return err_set(e, ERR_INVALID, "reason", "请填写原因");
	if (reason && strlen(reason) > 500)
		return err_set(e, ERR_INVALID, "reason", "原因过长（最多500字节）");
	if (!strcmp(state, "snoozed")) {
		char d[11];
		if (until == LEDGER_NO_DATE)
			return err_set(e, ERR_INVALID, "until", "暂缓须填写到期日");
		if (until <= today)
			return err_set(e, ERR_INVALID, "until", "暂缓到期日须晚于今天（%s）",
				       date_format(today, d));
	}
	return 0;
}

int remind_mark(struct ledger *l, const char *key, const char *state, int32_t until,
		const char *reason, int32_t today, struct err *e)
{
	char *before = NULL, *after = NULL, row[240], now[21];
	struct store_stmt *st = NULL;
	int rc = perm_check(&l->scope, CAP_REMINDERS_MARK, "无权处理提醒", e);
	if (rc)
		return rc;
	if (today == LEDGER_NO_DATE)
		today = date_today();
	rc = check_mark(key, state, until, reason, today, e);
	if (rc)
		return rc;
	if (l->scope.user_id == 0)
		return err_set(e, ERR_INVALID, NULL, "系统账户没有自己的提醒标记");
	rc = ledger_write_begin(l, e);
	if (rc)
		return rc;
	rc = find_in_scope(l, key, e);
	if (!rc)
		rc = mark_json(l, key, &before, e);
	if (rc)
		goto out;
	if (!strcmp(state, "open")) {
		rc = store_prepare(l->db,
				   "DELETE FROM reminder_marks WHERE user_id = $1 AND key = $2",
				   &st, e);
	} else {
		rc = store_prepare(
			l->db,
			"INSERT INTO reminder_marks (user_id, key, state, until, reason, "
			"created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) ON "
			"CONFLICT (user_id, key) DO UPDATE SET state = excluded.state, "
			"until = excluded.until, reason = excluded.reason, updated_at = "
			"excluded.updated_at",
			&st, e);
	}
	if (rc)
		goto out;
	store_bind_int(st, 1, l->scope.user_id);
	store_bind_text(st, 2, key, STORE_NTS);
	if (strcmp(state, "open")) {
		store_bind_text(st, 3, state, STORE_NTS);
		ledger_bind_date(st, 4, !strcmp(state, "snoozed") ? until : LEDGER_NO_DATE);
		store_bind_text(st, 5, reason, STORE_NTS);
		store_bind_text(st, 6, ledger_now(now), STORE_NTS);
	}
	rc = store_run(st, e);
	store_finish(st);
	if (rc)
		goto out;
	rc = mark_json(l, key, &after, e);
	if (rc)
		goto out;
	snprintf(row, sizeof row, "%lld/%s", (long long)l->scope.user_id, key);
	rc = audit_record(l, !strcmp(state, "open") ? "reopen" : state, "reminder_marks", row,
			  before, after, e);
out:
	free(before);
	free(after);
	return ledger_write_end(l, rc, e);
}
