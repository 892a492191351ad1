/*
 * libFuzzer target: arbitrary bytes as a profile JSON (rules.md §1). Whatever
 * the input, reading never crashes or leaks; an accepted profile is assessed
 * and written out (result and profile); the written profile must read back
 * and write the same text again (a round trip is a fixed point).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "io/profile_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct assess_result res;

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
