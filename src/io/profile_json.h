/*
 * profile_json — the enterprise profile of rules.md §1 as JSON, and the
 * assessment result of rules.md §7 as JSON.
 *
 * Reading is strict: unknown members, wrong types, amounts with more than two
 * decimals (as strings or as JSON numbers), impossible dates, negative
 * amounts or head counts and unknown enum values are rejected with a Chinese
 * message whose field names the path ("years[1].rd.personnel", "ip[0].kind").
 * JSON `null` is the same as absent. Amounts are 元: JSON integers exactly;
 * JSON reals only when the value round-trips through "%.2f" (so 1234.567 is
 * rejected) and then converted by parsing that text (never by multiplying a
 * double); strings through money_parse.
 *
 * Writing builds the text into a caller's strbuf (one buffer, written once).
 * Thread-safe as long as each call has its own objects.
 */
#ifndef GAOQI_IO_PROFILE_JSON_H
#define GAOQI_IO_PROFILE_JSON_H

#include <jansson.h>
#include <stdint.h>

#include "core/err.h"
#include "core/strbuf.h"
#include "rules/assess.h"
#include "rules/profile.h"

/* Hard cap on one JSON document read by callers of this module. */
#define PROFILE_JSON_MAX_BYTES ((size_t)64 << 20)

/* Optional assessment settings carried next to a profile ("settings" member). */
struct profile_json_settings {
	char rules[48];	     /* a rule-set name, "" = by the year of apply_on */
	int growth_d_strict; /* −1 = the rule set's default, else 0/1 */
};

/*
 * Fill P (profile_reset first) from the JSON object OBJ. APPLY_DEFAULT is the
 * date used when apply_on is absent (today for the CLI and the API).
 * SETTINGS may be NULL (then a "settings" member is still validated).
 * PREFIX (may be NULL or "") is put before every field path in errors, e.g.
 * "[3]" for the fourth profile of an array. Returns 0 or ERR_INVALID /
 * ERR_TOO_BIG with E filled.
 */
int profile_json_read(const json_t *obj, int32_t apply_default, struct profile *p,
		      struct profile_json_settings *settings, const char *prefix, struct err *e);

/*
 * Parse the text (S, N) as a JSON value with duplicate keys rejected. Caller
 * json_decref()s *OUT. ERR_INVALID names the line and column; ERR_TOO_BIG
 * past PROFILE_JSON_MAX_BYTES.
 */
int profile_json_parse_text(const char *s, size_t n, json_t **out, struct err *e);

/* Append P as the profile JSON of rules.md §1 (amounts as strings "1234.50"). */
int profile_json_write(const struct profile *p, struct strbuf *sb);

/*
 * Append the assessment R of P as the JSON object of rules.md §7 (one line,
 * no trailing newline). SETTINGS may be NULL.
 */
int profile_json_write_result(const struct assess_result *r, const struct profile *p,
			      const struct profile_json_settings *settings, struct strbuf *sb);

/*
 * Resolve SETTINGS into a rule set for P: *OUT points to a built-in rule set
 * or, when growth_d_strict is overridden, to COPY (filled from it). NULL
 * settings or an empty name pick by the year of apply_on. ERR_INVALID names
 * "settings.rules" for an unknown rule set or "apply_on" for a year without one.
 */
int profile_json_ruleset(const struct profile_json_settings *settings, const struct profile *p,
			 struct ruleset *copy, const struct ruleset **out, struct err *e);

#endif
