/* profile_json — profile JSON ⇄ struct, and the assessment result as JSON. */
#include "io/profile_json.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/money.h"
#include "rules/ratio.h"
#include "rules/report.h"

/* ---------------------------------------------------------------- reading */

struct rd {
	const char *prefix;
	struct err *e;
};

/* The full path of member NAME under PATH into BUF. */
static const char *path_join(char *buf, size_t size, const char *path, const char *name)
{
	int n;
	if (path && *path)
		n = snprintf(buf, size, "%s.%s", path, name);
	else
		n = snprintf(buf, size, "%s", name);
	if (n < 0)
		buf[0] = '\0';
	return buf;
}

static int fail(struct rd *r, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct rd *r, const char *path, const char *fmt, ...)
{
	char full[160];
	int n;
	if (r->prefix && *r->prefix)
		n = snprintf(full, sizeof full, "%s%s%s", r->prefix,
			     path[0] == '[' || !path[0] ? "" : ".", path);
	else
		n = snprintf(full, sizeof full, "%s", path);
	if (n < 0)
		full[0] = '\0';
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	n = vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (n < 0)
		msg[0] = '\0';
	return err_set(r->e, ERR_INVALID, full, "%s：%s", full, msg);
}

/* A member value, with JSON null treated as absent. */
static json_t *member(const json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	return json_is_null(v) ? NULL : v;
}

/* Reject members of OBJ not in KEYS (NULL-terminated). */
static int only_keys(struct rd *r, const json_t *obj, const char *path, const char *const *keys)
{
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)obj, k, v)
	{
		int ok = 0;
		for (const char *const *q = keys; *q && !ok; q++)
			ok = !strcmp(*q, k);
		if (!ok) {
			char buf[160];
			return fail(r, path_join(buf, sizeof buf, path, k), "未知的字段“%s”", k);
		}
	}
	return 0;
}

/* Fail with NOT_OBJECT unless OBJ is an object with members only from KEYS. */
static int object_keys(struct rd *r, const json_t *obj, const char *path, const char *const *keys,
		       const char *not_object)
{
	if (!json_is_object(obj))
		return fail(r, path, "%s", not_object);
	return only_keys(r, obj, path, keys);
}

static int get_string(struct rd *r, const json_t *v, const char *path, char *out, size_t size)
{
	if (!json_is_string(v))
		return fail(r, path, "应为字符串");
	size_t n = json_string_length(v);
	if (n >= size) {
		char lim[32];
		snprintf(lim, sizeof lim, "%zu", size - 1);
		return fail(r, path, "过长：最多%s字节", lim);
	}
	memcpy(out, json_string_value(v), n);
	out[n] = '\0';
	if (strlen(out) != n)
		return fail(r, path, "含有空字符");
	return 0;
}

static int get_date(struct rd *r, const json_t *v, const char *path, int32_t *out)
{
	if (!json_is_string(v))
		return fail(r, path, "应为日期字符串YYYY-MM-DD");
	struct err e2;
	err_clear(&e2);
	if (date_parse(json_string_value(v), json_string_length(v), out, path, &e2))
		return fail(r, path, "%s", e2.msg);
	return 0;
}

/*
 * A decimal with ≤ 2 decimals (money in 元 or a head count) into hundredths.
 * COUNT selects count_parse (not negative) over money_parse.
 */
static int get_fixed2(struct rd *r, const json_t *v, const char *path, int count, int64_t *out)
{
	char buf[512];
	const char *s;
	size_t n;
	if (json_is_integer(v)) {
		json_int_t i = json_integer_value(v);
		n = (size_t)snprintf(buf, sizeof buf, "%lld", (long long)i);
		s = buf;
	} else if (json_is_real(v)) {
		double d = json_real_value(v);
		n = (size_t)snprintf(buf, sizeof buf, "%.2f", d);
		if (n >= sizeof buf || strtod(buf, NULL) != d)
			return fail(r, path, "%s",
				    count ? "人数最多2位小数"
					  : "金额最多精确到分（2位小数，单位元）");
		s = buf;
	} else if (json_is_string(v)) {
		s = json_string_value(v);
		n = json_string_length(v);
	} else {
		return fail(r, path, "应为数值或数值字符串");
	}
	struct err e2;
	err_clear(&e2);
	int rc = count ? count_parse(s, n, out, path, &e2)
		       : money_parse(s, n, MONEY_YUAN, out, path, &e2);
	if (rc)
		return fail(r, path, "%s", e2.msg);
	if (!count && *out < 0)
		return fail(r, path, "金额不能为负数");
	return 0;
}

static int get_int(struct rd *r, const json_t *v, const char *path, long long lo, long long hi,
		   int64_t *out)
{
	if (!json_is_integer(v))
		return fail(r, path, "应为整数");
	long long i = json_integer_value(v);
	if (i < lo || i > hi) {
		char range[64];
		snprintf(range, sizeof range, "%lld–%lld", lo, hi);
		return fail(r, path, "超出范围（%s）", range);
	}
	*out = i;
	return 0;
}

static int get_bool(struct rd *r, const json_t *v, const char *path, int *out)
{
	if (!json_is_boolean(v))
		return fail(r, path, "应为true或false");
	*out = json_is_true(v);
	return 0;
}

/* Optional members: absent/null leaves *OUT untouched. */
#define OPT(getter, obj, key, path, ...)                                                           \
	do {                                                                                       \
		json_t *v_ = member(obj, key);                                                     \
		char b_[160];                                                                      \
		if (v_ && (rc = getter(r, v_, path_join(b_, sizeof b_, path, key), __VA_ARGS__)))  \
			return rc;                                                                 \
	} while (0)

static int read_rd(struct rd *r, const json_t *obj, const char *path, struct profile_year *y)
{
	static const char *const keys[] = {
		"personnel", "direct", "depreciation",	     "amortization",	   "design",
		"trials",    "other",  "entrusted_domestic", "entrusted_overseas", NULL};
	int rc;
	if ((rc = object_keys(r, obj, path, keys, "应为对象（研发费用八类明细）")))
		return rc;
	y->rd_given = 1;
	for (int c = 0; c < PROFILE_RD_COUNT; c++)
		OPT(get_fixed2, obj, profile_rd_name((enum profile_rd)c), path, 0, &y->rd[c]);
	return 0;
}

static int read_year(struct rd *r, const json_t *obj, const char *path, struct profile *p)
{
	static const char *const keys[] = {"year",
					   "staff",
					   "st_staff",
					   "sales",
					   "gross_income",
					   "non_taxable_income",
					   "hitech_income",
					   "rd",
					   "rd_total",
					   "rd_domestic",
					   "total_assets",
					   "total_liabilities",
					   "cost_expense_total",
					   "conversions",
					   NULL};
	int rc;
	char b[160];
	if ((rc = object_keys(r, obj, path, keys, "应为对象")))
		return rc;
	json_t *yv = member(obj, "year");
	if (!yv)
		return fail(r, path_join(b, sizeof b, path, "year"), "缺少年度");
	int64_t year;
	if ((rc = get_int(r, yv, path_join(b, sizeof b, path, "year"), 1900, 9999, &year)))
		return rc;
	struct profile_year *y;
	struct err e2;
	err_clear(&e2);
	if ((rc = profile_add_year(p, (int32_t)year, &y, &e2))) {
		if (rc == ERR_TOO_BIG)
			return err_set(r->e, rc, path, "%s", e2.msg);
		return fail(r, path_join(b, sizeof b, path, "year"), "%s", e2.msg);
	}
	OPT(get_fixed2, obj, "staff", path, 1, &y->staff);
	OPT(get_fixed2, obj, "st_staff", path, 1, &y->st_staff);
	OPT(get_fixed2, obj, "sales", path, 0, &y->sales);
	OPT(get_fixed2, obj, "gross_income", path, 0, &y->gross_income);
	OPT(get_fixed2, obj, "non_taxable_income", path, 0, &y->non_taxable_income);
	OPT(get_fixed2, obj, "hitech_income", path, 0, &y->hitech_income);
	OPT(get_fixed2, obj, "rd_total", path, 0, &y->rd_total);
	OPT(get_fixed2, obj, "rd_domestic", path, 0, &y->rd_domestic);
	OPT(get_fixed2, obj, "total_assets", path, 0, &y->total_assets);
	OPT(get_fixed2, obj, "total_liabilities", path, 0, &y->total_liabilities);
	OPT(get_fixed2, obj, "cost_expense_total", path, 0, &y->cost_expense_total);
	OPT(get_int, obj, "conversions", path, 0, 1000000, &y->conversions);
	json_t *rdv = member(obj, "rd");
	if (rdv && (y->rd_total != PROFILE_NONE || y->rd_domestic != PROFILE_NONE))
		return fail(r, path_join(b, sizeof b, path, "rd"),
			    "研发费用明细（rd）与rd_total/rd_domestic只能填一种");
	if (rdv && (rc = read_rd(r, rdv, path_join(b, sizeof b, path, "rd"), y)))
		return rc;
	if (y->st_staff != PROFILE_NONE && y->staff != PROFILE_NONE && y->st_staff > y->staff)
		return fail(r, path_join(b, sizeof b, path, "st_staff"),
			    "科技人员数不能大于职工总数");
	if (y->rd_total != PROFILE_NONE && y->rd_domestic != PROFILE_NONE &&
	    y->rd_domestic > y->rd_total)
		return fail(r, path_join(b, sizeof b, path, "rd_domestic"),
			    "境内研发费用不能大于研发费用总额");
	return 0;
}

static int get_enum(struct rd *r, const json_t *v, const char *path, int (*parse)(const char *),
		    const char *what, int *out)
{
	if (!json_is_string(v))
		return fail(r, path, "应为字符串");
	int k = parse(json_string_value(v));
	if (k < 0) {
		char msg[200];
		snprintf(msg, sizeof msg, "未知的%s“%.60s”", what, json_string_value(v));
		return fail(r, path, "%s", msg);
	}
	*out = k;
	return 0;
}

static int read_ip(struct rd *r, const json_t *obj, const char *path, struct profile *p)
{
	static const char *const keys[] = {
		"kind",	 "number", "granted_on", "acquired", "used_in_recognition",
		"valid", "title",  NULL};
	int rc;
	char b[160];
	if ((rc = object_keys(r, obj, path, keys, "应为对象")))
		return rc;
	struct profile_ip *ip;
	if ((rc = profile_add_ip(p, &ip, r->e)))
		return rc;
	json_t *k = member(obj, "kind");
	if (!k)
		return fail(r, path_join(b, sizeof b, path, "kind"), "缺少知识产权类型");
	int kind, acq;
	if ((rc = get_enum(r, k, path_join(b, sizeof b, path, "kind"), profile_ip_kind_parse,
			   "知识产权类型", &kind)))
		return rc;
	ip->kind = (enum profile_ip_kind)kind;
	OPT(get_string, obj, "number", path, ip->number, sizeof ip->number);
	OPT(get_date, obj, "granted_on", path, &ip->granted_on);
	json_t *a = member(obj, "acquired");
	if (a) {
		if ((rc = get_enum(r, a, path_join(b, sizeof b, path, "acquired"),
				   profile_acquired_parse, "获得方式", &acq)))
			return rc;
		ip->acquired = (enum profile_acquired)acq;
	}
	int64_t used = 0;
	OPT(get_int, obj, "used_in_recognition", path, 1990, 9999, &used);
	ip->used_in_recognition = (int32_t)used;
	OPT(get_bool, obj, "valid", path, &ip->valid);
	json_t *t = member(obj, "title");
	if (t && !json_is_string(t))
		return fail(r, path_join(b, sizeof b, path, "title"), "应为字符串");
	return 0;
}

static int read_incident(struct rd *r, const json_t *obj, const char *path, struct profile *p)
{
	static const char *const keys[] = {"kind", "on", "note", NULL};
	int rc, kind;
	char b[160];
	if ((rc = object_keys(r, obj, path, keys, "应为对象")))
		return rc;
	json_t *k = member(obj, "kind"), *on = member(obj, "on");
	if (!k)
		return fail(r, path_join(b, sizeof b, path, "kind"), "缺少事故类型");
	if ((rc = get_enum(r, k, path_join(b, sizeof b, path, "kind"), profile_incident_kind_parse,
			   "事故类型", &kind)))
		return rc;
	if (!on)
		return fail(r, path_join(b, sizeof b, path, "on"), "缺少发生日期");
	int32_t d;
	if ((rc = get_date(r, on, path_join(b, sizeof b, path, "on"), &d)))
		return rc;
	return profile_add_incident(p, (enum profile_incident_kind)kind, d, r->e);
}

static int read_rating8(struct rd *r, const json_t *v, const char *path, struct profile_rating *out)
{
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		if (json_string_length(v) != 1 || s[0] < 'A' || s[0] > 'E')
			return fail(r, path, "应为档次字母A–E或分数0–8");
		out->kind = PROFILE_RATING_LETTER;
		out->value = s[0];
		return 0;
	}
	int64_t pts = 0;
	int rc = get_int(r, v, path, 0, 8, &pts);
	if (rc)
		return rc;
	out->kind = PROFILE_RATING_POINTS;
	out->value = (int)pts;
	return 0;
}

static int read_qualitative(struct rd *r, const json_t *obj, const char *path, struct profile *p)
{
	static const char *const keys[] = {"advancement", "core_support", "rd_org", "standards",
					   NULL};
	int rc;
	char b[160];
	if ((rc = object_keys(r, obj, path, keys, "应为对象")))
		return rc;
	struct profile_qualitative *q = &p->qualitative;
	OPT(read_rating8, obj, "advancement", path, &q->advancement);
	OPT(read_rating8, obj, "core_support", path, &q->core_support);
	OPT(get_bool, obj, "standards", path, &q->standards);
	json_t *o = member(obj, "rd_org");
	const char *op = path_join(b, sizeof b, path, "rd_org");
	if (!o)
		return 0;
	if (json_is_string(o)) {
		const char *s = json_string_value(o);
		if (json_string_length(o) != 1 || s[0] < 'A' || s[0] > 'E')
			return fail(r, op, "应为档次字母A–E或四项分数数组");
		q->rd_org_kind = PROFILE_RATING_LETTER;
		q->rd_org_letter = s[0];
		return 0;
	}
	if (!json_is_array(o) || json_array_size(o) != 4)
		return fail(r, op, "应为档次字母A–E或四项分数数组");
	static const int max[4] = {6, 6, 4, 4};
	q->rd_org_kind = PROFILE_RATING_POINTS;
	for (size_t i = 0; i < 4; i++) {
		json_t *x = json_array_get(o, i);
		char ib[176];
		snprintf(ib, sizeof ib, "%s[%zu]", op, i);
		q->rd_org_points[i] = -1;
		if (json_is_null(x))
			continue;
		int64_t pts = 0;
		if ((rc = get_int(r, x, ib, 0, max[i], &pts)))
			return rc;
		q->rd_org_points[i] = (int)pts;
	}
	return 0;
}

static int read_array(struct rd *r, const json_t *arr, const char *path, struct profile *p,
		      int (*one)(struct rd *, const json_t *, const char *, struct profile *))
{
	if (!json_is_array(arr))
		return fail(r, path, "应为数组");
	size_t i;
	json_t *x;
	json_array_foreach(arr, i, x)
	{
		char b[160];
		snprintf(b, sizeof b, "%s[%zu]", path, i);
		int rc = one(r, x, b, p);
		if (rc)
			return rc;
	}
	return 0;
}

static int read_field(struct rd *r, const json_t *v, const char *path, char *out, size_t size)
{
	int rc = get_string(r, v, path, out, size);
	if (rc)
		return rc;
	for (const char *c = out; *c; c++)
		if (*c < '0' || *c > '9')
			return fail(r, path, "技术领域代码应为数字（如10101）");
	return 0;
}

int profile_json_read(const json_t *obj, int32_t apply_default, struct profile *p,
		      struct profile_json_settings *settings, const char *prefix, struct err *e)
{
	static const char *const keys[] = {
		"uscc",	    "name", "registered_on", "apply_on",  "field", "projected_sales",
		"years",    "ip",   "qualitative",   "incidents", "hnte",  "tsme",
		"settings", NULL};
	static const char *const hnte_keys[] = {"certificate", "issued_on", "revoked_on", NULL};
	static const char *const tsme_keys[] = {"resident",
						"audit_collection",
						"restricted_industry",
						"negative_list_industry",
						"integrity_issue",
						"national_award_top3_5y",
						"provincial_rd_institution",
						"led_standard_5y",
						NULL};
	static const char *const settings_keys[] = {"rules", "growth_d_strict", NULL};
	struct rd rr = {prefix, e}, *r = &rr;
	int rc;
	profile_reset(p);
	if (settings) {
		settings->rules[0] = '\0';
		settings->growth_d_strict = -1;
	}
	if (!json_is_object(obj))
		return fail(r, prefix && *prefix ? "" : "profile", "企业数据应为JSON对象");
	if ((rc = only_keys(r, obj, "", keys)))
		return rc;
	OPT(get_string, obj, "uscc", "", p->uscc, sizeof p->uscc);
	OPT(get_string, obj, "name", "", p->name, sizeof p->name);
	OPT(get_date, obj, "registered_on", "", &p->registered_on);
	p->apply_on = apply_default;
	OPT(get_date, obj, "apply_on", "", &p->apply_on);
	OPT(read_field, obj, "field", "", p->field, sizeof p->field);
	OPT(get_fixed2, obj, "projected_sales", "", 0, &p->projected_sales);
	json_t *v;
	if ((v = member(obj, "years")) && (rc = read_array(r, v, "years", p, read_year)))
		return rc;
	if ((v = member(obj, "ip"))) {
		p->ip_given = 1;
		if ((rc = read_array(r, v, "ip", p, read_ip)))
			return rc;
	}
	if ((v = member(obj, "incidents")) &&
	    (rc = read_array(r, v, "incidents", p, read_incident)))
		return rc;
	if ((v = member(obj, "qualitative")) && (rc = read_qualitative(r, v, "qualitative", p)))
		return rc;
	if ((v = member(obj, "hnte"))) {
		if ((rc = object_keys(r, v, "hnte", hnte_keys, "应为对象")))
			return rc;
		OPT(get_string, v, "certificate", "hnte", p->hnte_certificate,
		    sizeof p->hnte_certificate);
		OPT(get_date, v, "issued_on", "hnte", &p->hnte_issued_on);
		OPT(get_date, v, "revoked_on", "hnte", &p->hnte_revoked_on);
	}
	if ((v = member(obj, "tsme"))) {
		if ((rc = object_keys(r, v, "tsme", tsme_keys, "应为对象")))
			return rc;
		struct profile_tsme *t = &p->tsme;
		OPT(get_bool, v, "resident", "tsme", &t->resident);
		OPT(get_bool, v, "audit_collection", "tsme", &t->audit_collection);
		OPT(get_bool, v, "restricted_industry", "tsme", &t->restricted_industry);
		OPT(get_bool, v, "negative_list_industry", "tsme", &t->negative_list_industry);
		OPT(get_bool, v, "integrity_issue", "tsme", &t->integrity_issue);
		OPT(get_bool, v, "national_award_top3_5y", "tsme", &t->national_award_top3_5y);
		OPT(get_bool, v, "provincial_rd_institution", "tsme",
		    &t->provincial_rd_institution);
		OPT(get_bool, v, "led_standard_5y", "tsme", &t->led_standard_5y);
	}
	if ((v = member(obj, "settings"))) {
		struct profile_json_settings tmp, *s = settings ? settings : &tmp;
		if ((rc = object_keys(r, v, "settings", settings_keys, "应为对象")))
			return rc;
		OPT(get_string, v, "rules", "settings", s->rules, sizeof s->rules);
		OPT(get_bool, v, "growth_d_strict", "settings", &s->growth_d_strict);
		if (s->rules[0] && !ruleset_find(s->rules))
			return fail(r, "settings.rules", "未知的规则集“%s”", s->rules);
	}
	if (p->apply_on == PROFILE_NO_DATE)
		return fail(r, "apply_on", "缺少申报日期");
	return 0;
}

int profile_json_parse_text(const char *s, size_t n, json_t **out, struct err *e)
{
	*out = NULL;
	if (n > PROFILE_JSON_MAX_BYTES)
		return err_set(e, ERR_TOO_BIG, NULL, "JSON过大：最多%zu字节",
			       PROFILE_JSON_MAX_BYTES);
	json_error_t je;
	json_t *v = json_loadb(s, n, JSON_REJECT_DUPLICATES, &je);
	if (!v && json_error_code(&je) == json_error_duplicate_key) {
		/* jansson writes: duplicate object key near '"KEY"' */
		const char *k = strstr(je.text, "near '\"");
		char key[64] = "";
		if (k) {
			k += 7;
			size_t len = strlen(k);
			if (len >= 2 && k[len - 1] == '\'' && k[len - 2] == '"')
				len -= 2;
			if (len >= sizeof key)
				len = sizeof key - 1;
			memcpy(key, k, len);
			key[len] = '\0';
		}
		return err_set(e, ERR_INVALID, key[0] ? key : NULL,
			       "JSON格式错误（第%d行第%d列）：字段“%s”重复出现", je.line, je.column,
			       key);
	}
	if (!v)
		return err_set(e, ERR_INVALID, NULL, "JSON格式错误（第%d行第%d列）：%s", je.line,
			       je.column, je.text);
	*out = v;
	return 0;
}

int profile_json_ruleset(const struct profile_json_settings *settings, const struct profile *p,
			 struct ruleset *copy, const struct ruleset **out, struct err *e)
{
	const struct ruleset *rs = NULL;
	if (settings && settings->rules[0]) {
		rs = ruleset_find(settings->rules);
		if (!rs)
			return err_set(e, ERR_INVALID, "settings.rules", "未知的规则集“%s”",
				       settings->rules);
	} else {
		rs = ruleset_for_year(date_year(p->apply_on));
		if (!rs)
			return err_set(e, ERR_INVALID, "apply_on",
				       "%d年的认定规则未收录（最早为2016年）",
				       date_year(p->apply_on));
	}
	if (settings && settings->growth_d_strict >= 0 &&
	    settings->growth_d_strict != rs->growth_d_strict) {
		*copy = *rs;
		copy->growth_d_strict = settings->growth_d_strict;
		rs = copy;
	}
	*out = rs;
	return 0;
}

/* ---------------------------------------------------------------- writing */

/* Each writer appends to SB; errors are sticky in W->rc (only ERR_TOO_BIG). */
struct wr {
	struct strbuf *sb;
	int rc;
};

static void w_raw(struct wr *w, const char *s)
{
	if (!w->rc)
		w->rc = strbuf_adds(w->sb, s);
}

/* Append the decimal digits of V. */
static void w_int(struct wr *w, long long v)
{
	char buf[24];
	size_t i = sizeof buf;
	unsigned long long m = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do {
		buf[--i] = (char)('0' + m % 10);
		m /= 10;
	} while (m);
	if (v < 0)
		buf[--i] = '-';
	if (!w->rc)
		w->rc = strbuf_add(w->sb, buf + i, sizeof buf - i);
}

/* Append V when KNOWN, else null. */
static void w_int_or_null(struct wr *w, int known, long long v)
{
	if (known)
		w_int(w, v);
	else
		w_raw(w, "null");
}

/*
 * A small printf for the JSON writer, much faster than vsnprintf on the hot
 * path of batch screening: only %s, %d, %lld, %c and %% occur in our formats.
 */
static void w_fmt(struct wr *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void w_fmt(struct wr *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *p = fmt;
	while (*p && !w->rc) {
		const char *q = p;
		while (*q && *q != '%')
			q++;
		if (q > p)
			w->rc = strbuf_add(w->sb, p, (size_t)(q - p));
		if (!*q || w->rc)
			break;
		q++;
		if (*q == 's') {
			w->rc = strbuf_adds(w->sb, va_arg(ap, const char *));
		} else if (*q == 'd') {
			w_int(w, va_arg(ap, int));
		} else if (*q == 'c') {
			w->rc = strbuf_addc(w->sb, (char)va_arg(ap, int));
		} else if (q[0] == 'l' && q[1] == 'l' && q[2] == 'd') {
			w_int(w, va_arg(ap, long long));
			q += 2;
		} else if (*q == '%') {
			w->rc = strbuf_addc(w->sb, '%');
		} else {
			w->rc = ERR_INTERNAL; /* a format this writer does not know: a bug */
			break;
		}
		p = q + 1;
	}
	va_end(ap);
}

static void w_str(struct wr *w, const char *s, size_t n)
{
	if (w->rc)
		return;
	w->rc = strbuf_addc(w->sb, '"');
	if (!w->rc)
		w->rc = strbuf_add_json_escaped(w->sb, s, n);
	if (!w->rc)
		w->rc = strbuf_addc(w->sb, '"');
}

static void w_cstr(struct wr *w, const char *s)
{
	w_str(w, s, strlen(s));
}

static void w_date(struct wr *w, int32_t d)
{
	if (d == PROFILE_NO_DATE) {
		w_raw(w, "null");
		return;
	}
	char buf[11];
	w_cstr(w, date_format(d, buf));
}

static void w_money(struct wr *w, int64_t fen)
{
	if (fen == PROFILE_NONE) {
		w_raw(w, "null");
		return;
	}
	char buf[40];
	w_cstr(w, money_str(buf, sizeof buf, fen));
}

static void w_count(struct wr *w, int64_t h)
{
	if (h == PROFILE_NONE) {
		w_raw(w, "null");
		return;
	}
	if (!w->rc)
		w->rc = count_format(w->sb, h);
}

static void w_flag(struct wr *w, int f)
{
	w_raw(w, f == PROFILE_FLAG_NONE ? "null" : f ? "true" : "false");
}

/* Run a report_* text function into a JSON string (null when it wrote nothing). */
static void w_text_begin(struct wr *w, size_t *mark)
{
	w_raw(w, "\"");
	*mark = w->sb->len;
}

static void w_text_end(struct wr *w, size_t mark, int rc, int null_if_empty)
{
	if (rc && !w->rc)
		w->rc = rc;
	if (w->rc)
		return;
	size_t n = w->sb->len - mark;
	if (n == 0 && null_if_empty) {
		w->sb->len = mark - 1;
		w->sb->buf[w->sb->len] = '\0';
		w_raw(w, "null");
		return;
	}
	/* The text may quote user data (an IP number, a field code): escape it
	 * when it holds a character JSON does not allow raw. */
	const unsigned char *t = (const unsigned char *)w->sb->buf + mark;
	size_t k = 0;
	while (k < n && t[k] >= 0x20 && t[k] != '"' && t[k] != '\\')
		k++;
	if (k < n) {
		char *copy = malloc(n);
		if (!copy) {
			w->rc = ERR_INTERNAL;
			return;
		}
		memcpy(copy, t, n);
		w->sb->len = mark;
		w->rc = strbuf_add_json_escaped(w->sb, copy, n);
		free(copy);
	}
	w_raw(w, "\"");
}

static void w_missing(struct wr *w, const struct profile_missing *m, size_t n)
{
	w_raw(w, "[");
	for (size_t i = 0; i < n; i++) {
		char buf[64];
		if (i)
			w_raw(w, ",");
		w_cstr(w, profile_missing_format(&m[i], buf, sizeof buf));
	}
	w_raw(w, "]");
}

static void w_range(struct wr *w, struct score_range r)
{
	w_fmt(w, "\"min\":%d,\"max\":%d", r.min, r.max);
}

static void w_band(struct wr *w, char band)
{
	if (band == '?' || band == 0) {
		w_raw(w, ",\"band\":null");
		return;
	}
	w_fmt(w, ",\"band\":\"%c\"", band);
}

static void w_growth(struct wr *w, const struct score_growth *g)
{
	w_raw(w, "{");
	w_range(w, g->pts);
	w_band(w, g->known ? g->band : '?');
	w_raw(w, ",\"rate\":");
	if (g->known && g->has_rate) {
		size_t mark;
		w_text_begin(w, &mark);
		w_text_end(w, mark, ratio_format(w->sb, g->num, g->den), 1);
	} else {
		w_raw(w, "null");
	}
	w_raw(w, "}");
}

static void w_score(struct wr *w, const struct score_result *s)
{
	w_raw(w, "{");
	w_fmt(w, "\"min\":%d,\"max\":%d,\"parts\":{\"ip\":{", s->min, s->max);
	w_range(w, s->ip);
	w_raw(w, ",\"advancement\":{");
	w_range(w, s->advancement);
	w_raw(w, "},\"core_support\":{");
	w_range(w, s->core_support);
	w_raw(w, "},\"quantity\":{");
	w_range(w, s->quantity);
	w_band(w, s->quantity_band);
	w_raw(w, "},\"acquisition\":{");
	w_range(w, s->acquisition);
	w_raw(w, "},\"standards\":{");
	w_range(w, s->standards);
	w_fmt(w, "},\"usable_class1\":%d,\"usable_class2\":%d,\"used_class2\":%d},",
	      s->ipc.usable_class1, s->ipc.usable_class2, s->ipc.used_class2);
	w_raw(w, "\"conversion\":{");
	w_range(w, s->conversion);
	w_band(w, s->conversion_band);
	w_raw(w, "},\"rd_org\":{");
	w_range(w, s->rd_org);
	w_raw(w, "},\"growth\":{");
	w_range(w, s->growth);
	w_raw(w, ",\"net_assets\":");
	w_growth(w, &s->net_assets);
	w_raw(w, ",\"sales\":");
	w_growth(w, &s->sales);
	w_raw(w, "}},\"missing\":");
	w_missing(w, s->missing, s->n_missing);
	w_raw(w, "}");
}

static void w_conditions(struct wr *w, const struct assess_result *r, const struct profile *p)
{
	w_raw(w, "[");
	for (int i = 0; i < HNTE_NCOND; i++) {
		const struct hnte_cond *c = &r->hnte.c[i];
		size_t mark;
		if (i)
			w_raw(w, ",");
		w_fmt(w, "{\"id\":\"%s\",\"status\":\"%s\"", hnte_cond_name((enum hnte_cond_id)i),
		      hnte_status_name(c->status));
		if (c->status == HNTE_UNKNOWN)
			w_fmt(w, ",\"reason\":\"%s\"",
			      c->reason == HNTE_REASON_EXPERT ? "expert_judgement"
							      : "missing_data");
		w_raw(w, ",\"value\":");
		w_text_begin(w, &mark);
		w_text_end(w, mark, report_cond_value(r, (enum hnte_cond_id)i, w->sb), 1);
		w_raw(w, ",\"required\":");
		w_text_begin(w, &mark);
		w_text_end(w, mark, report_cond_required(r, (enum hnte_cond_id)i, w->sb), 1);
		if (i == HNTE_C5 && c->has_value2) {
			w_raw(w, ",\"domestic_share\":");
			w_text_begin(w, &mark);
			w_text_end(w, mark, ratio_format(w->sb, c->num2, c->den2), 1);
		}
		w_raw(w, ",\"missing\":");
		w_missing(w, c->missing, c->n_missing);
		w_raw(w, ",\"message\":");
		w_text_begin(w, &mark);
		w_text_end(w, mark, report_cond_message(r, p, (enum hnte_cond_id)i, w->sb), 0);
		w_raw(w, "}");
	}
	w_raw(w, "]");
}

static void w_tsme(struct wr *w, const struct assess_result *r, const struct profile *p)
{
	const struct tsme_result *t = &r->tsme;
	w_fmt(w, "{\"verdict\":\"%s\",\"data_year\":%d,\"score\":", tsme_verdict_name(t->verdict),
	      (int)t->data_year);
	w_int_or_null(w, t->score_known, t->score);
	w_fmt(w, ",\"score_range\":{\"min\":%d,\"max\":%d}", t->score_min, t->score_max);
	w_raw(w, ",\"parts\":{");
	const int pts[3] = {t->st_staff_pts, t->rd_pts, t->ip_pts};
	const char *names[3] = {"st_staff", "rd", "ip"};
	for (int i = 0; i < 3; i++) {
		if (pts[i] >= 0)
			w_fmt(w, "%s\"%s\":%d", i ? "," : "", names[i], pts[i]);
		else
			w_fmt(w, "%s\"%s\":null", i ? "," : "", names[i]);
	}
	w_fmt(w, "},\"rd_basis\":\"%s\",\"direct\":%s,\"routes\":[",
	      t->rd_by_cost ? "cost_expense_total" : "sales", t->direct ? "true" : "false");
	int first = 1;
	for (int i = 0; i < TSME_R_COUNT; i++)
		if (t->routes & (1u << i)) {
			w_fmt(w, "%s\"%s\"", first ? "" : ",", tsme_route_name((enum tsme_route)i));
			first = 0;
		}
	w_raw(w, "],\"base\":{");
	first = 1;
	for (int i = 0; i < TSME_B_COUNT; i++) {
		if (t->base[i] == TSME_NA)
			continue;
		w_fmt(w, "%s\"%s\":\"%s\"", first ? "" : ",", tsme_base_name((enum tsme_base)i),
		      t->base[i] == TSME_OK   ? "pass"
		      : t->base[i] == TSME_NO ? "fail"
					      : "unknown");
		first = 0;
	}
	w_raw(w, "},\"assumed\":[");
	first = 1;
	for (int i = 0; i < TSME_B_COUNT; i++)
		if (t->assumed & (1u << i)) {
			w_fmt(w, "%s\"%s\"", first ? "" : ",", tsme_base_name((enum tsme_base)i));
			first = 0;
		}
	for (int i = 0; i < TSME_R_COUNT; i++)
		if (t->assumed & (1u << (8 + i))) {
			w_fmt(w, "%s\"%s\"", first ? "" : ",", tsme_route_name((enum tsme_route)i));
			first = 0;
		}
	w_raw(w, "],\"missing\":");
	w_missing(w, t->missing, t->n_missing);
	if (t->no_data_until) { /* rules.md §1: registered after the data year */
		size_t mark;
		w_fmt(w, ",\"registrable_from\":%d,\"message\":", (int)t->no_data_until);
		w_text_begin(w, &mark);
		w_text_end(w, mark, report_tsme_no_data(r, p, w->sb), 0);
	}
	w_raw(w, "}");
}

static void w_gaps(struct wr *w, const struct assess_result *r, const struct profile *p)
{
	const struct ruleset *rs = r->rules;
	w_raw(w, "[");
	for (size_t i = 0; i < r->gaps.n; i++) {
		const struct gaps_item *g = &r->gaps.items[i];
		size_t mark;
		if (i)
			w_raw(w, ",");
		w_fmt(w, "{\"id\":\"%s\",\"message\":", gaps_id_name(g->id));
		w_text_begin(w, &mark);
		w_text_end(w, mark, report_gap_message(r, p, g, w->sb), 0);
		w_raw(w, ",\"amount\":");
		w_text_begin(w, &mark);
		w_text_end(w, mark, report_gap_amount(g, w->sb), 1);
		w_fmt(w, ",\"unit\":\"%s\"", report_gap_unit_name(g->unit));
		if (g->alt >= 0) {
			w_raw(w, ",\"alternative\":");
			if (g->unit == GAPS_UNIT_FEN)
				w_money(w, g->alt);
			else
				w_fmt(w, "\"%lld\"", (long long)g->alt);
		}
		if (g->date != PROFILE_NO_DATE) {
			w_raw(w, ",\"date\":");
			w_date(w, g->date);
		}
		w_raw(w, ",\"ready_year\":");
		w_int_or_null(w, g->ready_year != 0, g->ready_year);
		w_raw(w, ",\"actions\":[");
		for (size_t j = 0; j < g->n_actions; j++) {
			const struct gaps_action *a = &g->actions[j];
			const struct ruleset_action_info *ai = &rs->actions[a->action];
			w_fmt(w, "%s{\"action\":\"%s\",\"label\":", j ? "," : "", ai->id);
			w_cstr(w, ai->label);
			w_fmt(w,
			      ",\"lead_months\":%d,\"effort_months\":%d,\"points\":%d,\"quantity\":"
			      "%lld,\"ready_on\":",
			      ai->lead_months, ai->effort_months, a->points,
			      (long long)a->quantity);
			w_date(w, a->ready_on);
			w_raw(w, "}");
		}
		w_raw(w, "]");
		if (g->n_named) {
			w_raw(w, ",\"used_ip\":[");
			for (size_t j = 0; j < g->n_named; j++) {
				if (j)
					w_raw(w, ",");
				w_cstr(w, p->ip[g->named[j]].number);
			}
			w_raw(w, "]");
		}
		w_raw(w, "}");
	}
	w_raw(w, "]");
}

int profile_json_write_result(const struct assess_result *r, const struct profile *p,
			      const struct profile_json_settings *settings, struct strbuf *sb)
{
	struct wr ww = {sb, 0}, *w = &ww;
	const struct hnte_result *h = &r->hnte;
	(void)settings;
	w_raw(w, "{\"uscc\":");
	w_cstr(w, p->uscc);
	w_raw(w, ",\"name\":");
	w_cstr(w, p->name);
	w_raw(w, ",\"rules\":");
	w_cstr(w, r->rules->name);
	w_fmt(w, ",\"settings\":{\"growth_d_strict\":%s}",
	      r->rules->growth_d_strict ? "true" : "false");
	w_raw(w, ",\"apply_on\":");
	w_date(w, r->apply_on);
	w_raw(w, ",\"fiscal_years\":[");
	for (int i = 0; i < h->nfy; i++)
		w_fmt(w, "%s%d", i ? "," : "", (int)h->fy[i]);
	w_fmt(w, "],\"hnte\":{\"verdict\":\"%s\",\"conditions\":", hnte_verdict_name(h->verdict));
	w_conditions(w, r, p);
	if (h->c[HNTE_C5].has_value) {
		w_raw(w, ",\"rd\":{\"total\":");
		w_money(w, ratio_round_div(h->rd_sum, h->rd_scale));
		w_raw(w, ",\"domestic\":");
		w_money(w, h->c5_known & HNTE_C5_DOMESTIC
				   ? ratio_round_div(h->rd_domestic_sum, h->rd_scale)
				   : PROFILE_NONE);
		w_raw(w, ",\"sales\":");
		w_money(w, (int64_t)h->sales_sum);
		w_raw(w, ",\"last_sales\":");
		w_money(w, h->last_sales);
		w_raw(w, "}");
	}
	w_raw(w, ",\"score\":");
	w_score(w, &h->score);
	w_raw(w, "},\"tsme\":");
	w_tsme(w, r, p);
	w_raw(w, ",\"certificate\":");
	if (r->cert.status == ASSESS_CERT_NONE) {
		w_raw(w, "null");
	} else {
		w_raw(w, "{\"number\":");
		w_cstr(w, p->hnte_certificate);
		w_raw(w, ",\"issued_on\":");
		w_date(w, r->cert.issued_on);
		w_raw(w, ",\"valid_until\":");
		w_date(w, r->cert.valid_until);
		w_raw(w, ",\"next_report_due\":");
		w_date(w, r->cert.next_report_due);
		w_raw(w, ",\"revoked_on\":");
		w_date(w, r->cert.revoked_on);
		w_fmt(w, ",\"status\":\"%s\"}", assess_cert_status_name(r->cert.status));
	}
	w_raw(w, ",\"gaps\":");
	w_gaps(w, r, p);
	w_raw(w, ",\"earliest_year\":");
	w_int_or_null(w, r->gaps.earliest_year != 0, r->gaps.earliest_year);
	w_raw(w, "}");
	return w->rc;
}

int profile_json_write(const struct profile *p, struct strbuf *sb)
{
	struct wr ww = {sb, 0}, *w = &ww;
	w_raw(w, "{\"uscc\":");
	w_cstr(w, p->uscc);
	w_raw(w, ",\"name\":");
	w_cstr(w, p->name);
	w_raw(w, ",\"registered_on\":");
	w_date(w, p->registered_on);
	w_raw(w, ",\"apply_on\":");
	w_date(w, p->apply_on);
	w_raw(w, ",\"field\":");
	if (p->field[0])
		w_cstr(w, p->field);
	else
		w_raw(w, "null");
	w_raw(w, ",\"projected_sales\":");
	w_money(w, p->projected_sales);
	w_raw(w, ",\"years\":[");
	for (size_t i = 0; i < p->n_years; i++) {
		const struct profile_year *y = &p->years[i];
		w_fmt(w, "%s{\"year\":%d,\"staff\":", i ? "," : "", (int)y->year);
		w_count(w, y->staff);
		w_raw(w, ",\"st_staff\":");
		w_count(w, y->st_staff);
		const struct {
			const char *k;
			int64_t v;
		} m[] = {{"sales", y->sales},
			 {"gross_income", y->gross_income},
			 {"non_taxable_income", y->non_taxable_income},
			 {"hitech_income", y->hitech_income},
			 {"total_assets", y->total_assets},
			 {"total_liabilities", y->total_liabilities},
			 {"cost_expense_total", y->cost_expense_total}};
		for (size_t j = 0; j < sizeof m / sizeof m[0]; j++) {
			w_fmt(w, ",\"%s\":", m[j].k);
			w_money(w, m[j].v);
		}
		if (y->rd_given) {
			w_raw(w, ",\"rd\":{");
			for (int c = 0; c < PROFILE_RD_COUNT; c++) {
				w_fmt(w, "%s\"%s\":", c ? "," : "",
				      profile_rd_name((enum profile_rd)c));
				w_money(w, y->rd[c]);
			}
			w_raw(w, "}");
		} else {
			w_raw(w, ",\"rd_total\":");
			w_money(w, y->rd_total);
			w_raw(w, ",\"rd_domestic\":");
			w_money(w, y->rd_domestic);
		}
		w_raw(w, ",\"conversions\":");
		w_int_or_null(w, y->conversions != PROFILE_NONE, y->conversions);
		w_raw(w, "}");
	}
	w_raw(w, "],\"ip\":");
	if (!p->ip_given) {
		w_raw(w, "null");
	} else {
		w_raw(w, "[");
		for (size_t i = 0; i < p->n_ip; i++) {
			const struct profile_ip *ip = &p->ip[i];
			w_fmt(w, "%s{\"kind\":\"%s\",\"number\":", i ? "," : "",
			      profile_ip_kind_name(ip->kind));
			w_cstr(w, ip->number);
			w_raw(w, ",\"granted_on\":");
			w_date(w, ip->granted_on);
			w_fmt(w, ",\"acquired\":\"%s\",\"used_in_recognition\":",
			      profile_acquired_name(ip->acquired));
			w_int_or_null(w, ip->used_in_recognition != 0, ip->used_in_recognition);
			w_fmt(w, ",\"valid\":%s}", ip->valid ? "true" : "false");
		}
		w_raw(w, "]");
	}
	const struct profile_qualitative *q = &p->qualitative;
	const struct profile_rating *rt[2] = {&q->advancement, &q->core_support};
	const char *rn[2] = {"advancement", "core_support"};
	w_raw(w, ",\"qualitative\":{");
	for (int i = 0; i < 2; i++) {
		w_fmt(w, "%s\"%s\":", i ? "," : "", rn[i]);
		if (rt[i]->kind == PROFILE_RATING_LETTER)
			w_fmt(w, "\"%c\"", rt[i]->value);
		else if (rt[i]->kind == PROFILE_RATING_POINTS)
			w_fmt(w, "%d", rt[i]->value);
		else
			w_raw(w, "null");
	}
	w_raw(w, ",\"rd_org\":");
	if (q->rd_org_kind == PROFILE_RATING_LETTER) {
		w_fmt(w, "\"%c\"", q->rd_org_letter);
	} else if (q->rd_org_kind == PROFILE_RATING_POINTS) {
		w_raw(w, "[");
		for (int i = 0; i < 4; i++) {
			if (q->rd_org_points[i] < 0)
				w_fmt(w, "%snull", i ? "," : "");
			else
				w_fmt(w, "%s%d", i ? "," : "", q->rd_org_points[i]);
		}
		w_raw(w, "]");
	} else {
		w_raw(w, "null");
	}
	w_raw(w, ",\"standards\":");
	w_flag(w, q->standards);
	w_raw(w, "},\"incidents\":[");
	for (size_t i = 0; i < p->n_incidents; i++) {
		w_fmt(w, "%s{\"kind\":\"%s\",\"on\":", i ? "," : "",
		      profile_incident_kind_name(p->incidents[i].kind));
		w_date(w, p->incidents[i].on);
		w_raw(w, "}");
	}
	w_raw(w, "],\"hnte\":");
	if (p->hnte_certificate[0] || p->hnte_issued_on != PROFILE_NO_DATE ||
	    p->hnte_revoked_on != PROFILE_NO_DATE) {
		w_raw(w, "{\"certificate\":");
		w_cstr(w, p->hnte_certificate);
		w_raw(w, ",\"issued_on\":");
		w_date(w, p->hnte_issued_on);
		w_raw(w, ",\"revoked_on\":");
		w_date(w, p->hnte_revoked_on);
		w_raw(w, "}");
	} else {
		w_raw(w, "null");
	}
	const struct profile_tsme *t = &p->tsme;
	const struct {
		const char *k;
		int v;
	} f[] = {{"resident", t->resident},
		 {"audit_collection", t->audit_collection},
		 {"restricted_industry", t->restricted_industry},
		 {"negative_list_industry", t->negative_list_industry},
		 {"integrity_issue", t->integrity_issue},
		 {"national_award_top3_5y", t->national_award_top3_5y},
		 {"provincial_rd_institution", t->provincial_rd_institution},
		 {"led_standard_5y", t->led_standard_5y}};
	w_raw(w, ",\"tsme\":{");
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		w_fmt(w, "%s\"%s\":", i ? "," : "", f[i].k);
		w_flag(w, f[i].v);
	}
	w_raw(w, "}}");
	return w->rc;
}
