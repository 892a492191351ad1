/*
 * libFuzzer target: arbitrary bytes as a profile JSON (rules.md §1). Whatever
 * the input, reading never crashes or leaks; an accepted profile is assessed
 * and written out (result and profile); the written profile must read back
 * and write the same text again (a round trip is a fixed point). Its plan
 * (rules.md §6a) is generated and written: the assessment of the projection
 * shows every gap closed or named, and projecting the plan again gives the
 * same profile.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "io/plan_json.h"
#include "io/profile_json.h"
#include "rules/plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct assess_result res;
static struct plan plan;
static struct fields_table fields;
static int fields_ok;

/* Plan P under RS: the invariants of plan_generate. */
static void check_plan(const struct ruleset *rs, const struct profile *p, struct strbuf *out)
{
	struct profile proj, again;
	struct err e;
	profile_init(&proj);
	profile_init(&again);
	int rc = plan_generate(rs, &fields, p, 0, &plan, &proj, &res, &e);
	if (rc == 0) {
		if (!plan_closes(&plan, &res) || plan_json_write(&plan, p, &proj, &res, out))
			abort();
		for (size_t i = 0; i < plan.n_tasks; i++)
			if (plan.tasks[i].due < plan.made_on)
				abort();
		struct strbuf a, b;
		strbuf_init(&a, 0);
		strbuf_init(&b, 0);
		if (plan_project(p, &plan, &again, &e) || profile_json_write(&proj, &a) ||
		    profile_json_write(&again, &b) || a.len != b.len || memcmp(a.buf, b.buf, a.len))
			abort();
		strbuf_cleanup(&a);
		strbuf_cleanup(&b);
	} else if (rc != ERR_INVALID && rc != ERR_TOO_BIG) {
		abort();
	}
	profile_cleanup(&proj);
	profile_cleanup(&again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *v = NULL, *v2 = NULL;
	struct profile p;
	struct err e;
	struct strbuf a, b, out;
	profile_init(&p);
	strbuf_init(&a, 0);
	strbuf_init(&b, 0);
	strbuf_init(&out, 0);
	const int32_t apply = date_from_ymd(2024, 6, 30);
	if (profile_json_parse_text((const char *)data, size, &v, &e))
		goto out;
	struct profile_json_settings st;
	if (profile_json_read(v, apply, &p, &st, "", &e))
		goto out;
	struct ruleset copy;
	const struct ruleset *rs;
	if (profile_json_ruleset(&st, &p, &copy, &rs, &e) == 0 &&
	    assess_run(rs, NULL, &p, &res, &e) == 0 &&
	    profile_json_write_result(&res, &p, &st, &out))
		abort();
	if (!fields_ok && fields_load(&fields, &e) == 0)
		fields_ok = 1;
	if (fields_ok && profile_json_ruleset(&st, &p, &copy, &rs, &e) == 0)
		check_plan(st.rules[0] || st.growth_d_strict != -1 ? rs : NULL, &p, &out);
	if (profile_json_write(&p, &a))
		abort();
	if (profile_json_parse_text(a.buf, a.len, &v2, &e) ||
	    profile_json_read(v2, apply, &p, NULL, "", &e) || profile_json_write(&p, &b))
		abort(); /* what we write must read back */
	if (a.len != b.len || memcmp(a.buf, b.buf, a.len))
		abort();
out:
	json_decref(v);
	json_decref(v2);
	profile_cleanup(&p);
	strbuf_cleanup(&a);
	strbuf_cleanup(&b);
	strbuf_cleanup(&out);
	return 0;
}
