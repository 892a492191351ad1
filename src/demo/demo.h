/*
 * demo — a synthetic enterprise ledger that looks like Qujing (曲靖市), for
 * `gaoqi demo`, `make run`, tests and benchmarks.
 *
 * What it writes, as one load of the ledger's seeding API (ledger/base/seed.h:
 * enterprise_seed, enterprise_seed_tier, indicator_seed, ip_seed,
 * qualitative_seed, enterprise_seed_expert) and through user_create, all in
 * ONE transaction:
 *   - the default areas when the database has none (the embedded
 *     data/areas-qujing.tsv);
 *   - N enterprises with unique Chinese names (place + 字号 + trade +
 *     有限公司), valid USCCs (prefix 91, the region code of their area, an
 *     old code for firms registered before a change, or the city's code; the
 *     check character computed), addresses, people, phones, industry, a
 *     technology field of the embedded field table, main products, tags;
 *   - every tier (prospect, tsme, reserve, key, hnte, leader, exited with a
 *     reason) and a plausible tier history for each firm; HNTE certificates
 *     (GR2023530001234 style) issued in the recognition batches of the last
 *     four years so that about a third expire this year; TSME numbers;
 *   - the last three fiscal years of indicators (fewer for young firms):
 *     small firms dominate; R&D, S&T-staff and high-tech income ratios are
 *     drawn per "profile class" so that every HNTE verdict occurs (strong
 *     firms pass, good unrated firms are borderline, weak firms fail, some
 *     firms miss a figure and are incomplete);
 *   - IP portfolios (class I and II, some lapsed, some class II already used
 *     in a recognition) and qualitative ratings for part of the firms;
 *   - demo users of every role (see demo_fill) sharing one password, and
 *     with them the casework of the two demo experts (demo/casework.h):
 *     their profiles, problems from the gaps of their first firms, visits.
 *
 * Deterministic: the same seed, count and reference day give the same rows
 * (own xoshiro256** generator, no rand()); only password hashes (random
 * salts) differ. Every tier and every verdict class is present as soon as
 * N ≥ 7 (the first seven firms are fixed: one per tier).
 *
 * Files: demo.c (the load), firm.c (one firm), names.c (the words), rng.h
 * (the generator), internal.h (their shared state). Uses the public ledger
 * API only.
 *
 * Not thread-safe across calls on the same ledger (one connection, one thread).
 */
#ifndef GAOQI_DEMO_DEMO_H
#define GAOQI_DEMO_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "ledger/cultivate/plan.h"
#include "ledger/ledger.h"
#include "ledger/register/enterprise.h"

#define DEMO_DEFAULT_ENTERPRISES 1000
#define DEMO_MAX_ENTERPRISES 1000000
#define DEMO_DEFAULT_SEED 20260101

/* The profile class a firm's indicators were drawn from (what the engine should conclude). */
enum demo_class {
	DEMO_STRONG = 0,     /* every hard condition with margin, ratings A: pass */
	DEMO_GOOD = 1,	     /* hard conditions pass, mostly unrated: borderline */
	DEMO_MARGINAL = 2,   /* ratios scattered around the thresholds: mixed */
	DEMO_WEAK = 3,	     /* R&D below 3% of sales: fail */
	DEMO_INCOMPLETE = 4, /* like good, one last-year figure missing: incomplete */
};
#define DEMO_CLASS_COUNT 5

struct demo_options {
	int64_t enterprises;  /* 1 … DEMO_MAX_ENTERPRISES */
	uint64_t seed;	      /* any value */
	const char *password; /* the demo users' password (USER_PASSWORD_MIN bytes or more) */
	int32_t today;	      /* the reference day (days since 1970); 0 = date_today() */
	int with_users;	      /* 1: create the demo users (needs an empty users table) */
	/* Called every 1,000 enterprises and at the end (may be NULL). */
	void (*progress)(void *arg, int64_t done, int64_t total);
	void *progress_arg;
	/* The plan JSON writer for signing the demo plans (NULL: plans stay drafts). */
	plans_render_fn plan_render;
};

/* Defaults: DEMO_DEFAULT_ENTERPRISES, DEMO_DEFAULT_SEED, no password, today, users on. */
void demo_options_init(struct demo_options *o);

struct demo_summary {
	int64_t enterprises;
	int64_t per_tier[TIER_COUNT];
	int64_t per_class[DEMO_CLASS_COUNT];
	int64_t indicator_rows;
	int64_t ip_items;
	int64_t qualitative_rows;
	int64_t tier_changes;
	int64_t users;
	int64_t problems; /* casework (demo/casework.h), with the users only */
	int64_t visits;
	int64_t plans;	      /* 一企一策 (demo_plans), with the users only */
	int64_t applications; /* the year's batch (demo/applications.h), with the users only */
	int areas_seeded;     /* areas inserted because the database had none */
};

/*
 * Fill the migrated database of L with the demo ledger described above, in
 * one transaction (all or nothing), as L's user with L's audit source (the
 * command line passes ledger_system_scope and "demo"). The load is audited
 * as one record (action "demo", table "enterprises", row "*", with the rows
 * written per table, "users" and "areas_seeded"); the users and areas
 * created are audited one by one like any other.
 * Users created when O->with_users, all with the password O->password
 * (hashed once with argon2id):
 *   admin (管理员), city (市级), county-<area code in lower case> for each
 *   area (县级, that area), expert (专家, assigned the first 30 reserve/key
 *   firms), expert2 (专家, the next 30), enterprise (企业, the first key
 *   firm), viewer (查看, every area).
 * The areas come from the database (seeded with the defaults when empty);
 * company names and addresses are Qujing-flavoured whatever the areas.
 * Bulk load: the secondary indexes of `enterprises` are set aside and built
 * again at the commit (ledger_bulk_begin); the firms take the ids following
 * the highest one (1 … N in an empty ledger); rows without a timestamp of
 * their own share the load's. For the fastest load into a NEW SQLite file,
 * the caller may open it in rollback-journal mode (see cmd_demo.c).
 * Errors: ERR_INVALID for bad options (count, password, naming the option),
 * ERR_FORBIDDEN when L's scope is not the system's or an admin's,
 * ERR_CONFLICT when the database already has enterprises ("数据库中已有N家
 * 企业") or a demo user name exists, ERR_DB when L has a transaction open or
 * the store fails, ERR_INTERNAL. On failure nothing is written. *SUM (may be
 * NULL) gets the counts.
 */
int demo_fill(struct ledger *l, const struct demo_options *o, struct demo_summary *sum,
	      struct err *e);

/* Name of a class: "strong", "good", "marginal", "weak", "incomplete". */
const char *demo_class_name(enum demo_class c);

#endif
