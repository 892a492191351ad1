/*
 * demo — the synthetic Qujing ledger (see demo.h): the load. The words and
 * identities are drawn by names.c, one firm with its records by firm.c; this
 * file reads the areas and the field table, makes the firms a chunk at a
 * time and writes them through the ledger's seeding API (ledger/base/seed.h:
 * one transaction, one audit record), then the demo users through
 * user_create.
 */
#include "demo/demo.h"
#include "demo/applications.h"
#include "demo/calendar.h"
#include "demo/casework.h"
#include "demo/publicity.h"
#include "demo/targets.h"
#include "demo/awards.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "demo/firm.h"
#include "demo/names.h"
#include "ledger/access/user.h"
#include "ledger/base/seed.h"
#include "ledger/ledger.h"
#include "ledger/register/area.h"
#include "rules/fields.h"

#define EXPERT_FIRMS 30 /* firms assigned to each demo expert */
#define CHUNK 2048	/* firms made and written at a time */

/* The load under way: its seed and what the demo users need of the firms written. */
struct load {
	struct ledger_seed seed;
	int64_t expert_ids[2][EXPERT_FIRMS]; /* the firms of "expert" and "expert2" */
	size_t n_expert[2];
	int64_t enterprise_user_firm; /* id of the firm of the "enterprise" user */
};

const char *demo_class_name(enum demo_class c)
{
	static const char *const names[DEMO_CLASS_COUNT] = {"strong", "good", "marginal", "weak",
							    "incomplete"};
	return (unsigned)c < DEMO_CLASS_COUNT ? names[c] : "?";
}

void demo_options_init(struct demo_options *o)
{
	memset(o, 0, sizeof *o);
	o->enterprises = DEMO_DEFAULT_ENTERPRISES;
	o->seed = DEMO_DEFAULT_SEED;
	o->with_users = 1;
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

/* The demo users of demo_fill on L, in the load LD (they join its transaction). */
static int make_users(struct demo_gen *g, struct ledger *l, struct load *ld, const char *password,
		      struct demo_summary *sum, struct err *e)
{
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
static int load_areas(struct demo_gen *g, struct ledger *l, struct err *e)
{
	struct area *items = NULL;
	size_t n = 0;
	int rc = area_list(l, g->keep, &items, &n, e);
	if (rc)
		return rc;
	if (n == 0)
		return err_set(e, ERR_INVALID, "areas", "数据库中没有区域，请先运行 gaoqi init");
	if (n > DEMO_MAX_AREAS)
		n = DEMO_MAX_AREAS;
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
		d->contact = names_contact(g, d);
	}
	g->n_areas = n;
	return 0;
}

/* The embedded field table, and per technology group the entries firms draw their field from. */
static int load_fields(struct demo_gen *g, struct err *e)
{
	g->fields = xmalloc(sizeof *g->fields);
	int rc = fields_load(g->fields, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < g->fields->n; i++) {
		const struct fields_entry *fe = &g->fields->e[i];
		if (fe->level == 1)
			continue;
		for (size_t gi = 0; gi < DEMO_NGROUPS; gi++) {
			if (!strncmp(fe->code, names_groups[gi].code, 2)) {
				/* Mostly third-level items; second-level codes now and then. */
				if (fe->level == 3 || i % 4 == 0)
					g->by_group[gi][g->n_by_group[gi]++] = i;
				break;
			}
		}
	}
	return 0;
}

/* qsort order of firm pointers: by company name. */
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

	struct demo_gen *g = xcalloc(1, sizeof *g);
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
	names_init(g, (size_t)o->enterprises);
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
			firm_make(g, start + (int64_t)j, &chunk[j]);
			order[j] = &chunk[j];
		}
		size_t first = start == 0 ? (n < FIRM_FIXED ? n : FIRM_FIXED) : 0;
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
	if (o->with_users && (rc = make_users(g, l, ld, o->password, sum, e)))
		goto out;
	/* the load record: the seed's rows per table, and what the ordinary use cases made */
	ledger_seed_note(&ld->seed, "users", sum->users);
	ledger_seed_note(&ld->seed, "areas_seeded", sum->areas_seeded);
	rc = ledger_seed_end(&ld->seed, e);
	if (!rc && o->with_users) {
		const int64_t *const firms[2] = {ld->expert_ids[0], ld->expert_ids[1]};
		rc = demo_casework(l, firms, ld->n_expert, g->today, &sum->problems, &sum->visits,
				   e);
		if (!rc)
			rc = demo_plans(l, firms, ld->n_expert, o->plan_render, &sum->plans, e);
		if (!rc)
			rc = demo_applications(l, g->today, &sum->applications, e);
		if (!rc)
			rc = demo_annual_reports(l, g->today, NULL, e);
	}
	if (!rc)
		rc = demo_calendar(l, g->today, NULL, e); /* the programme calendar (C6) */
	if (!rc && o->with_users)
		rc = demo_publicity(l, g->today, e);
	if (!rc && o->with_users)
		rc = demo_awards(l, g->today, e); /* award funds (C8) */
	if (!rc) /* targets, links and weekly snapshots (C7), after every dated outcome */
		rc = demo_targets(l, g->today, e);
	if (!rc) /* the policy library and trainings (issue 16) */
		rc = demo_policies(l, g->today, e);
out:
	ledger_seed_abort(&ld->seed); /* a no-op once ended */
	names_cleanup(g);
	arena_free(g->arena);
	arena_free(g->keep);
	free(g->fields);
	free(g);
	free(ld);
	free(chunk);
	free(order);
	return rc;
}
