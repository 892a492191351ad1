/* Tests of core/strbuf and core/arena: growth, the hard cap, ownership, JSON escaping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/strbuf.h"

static void test_cap_is_hard(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb, 8);
	assert_int_equal(strbuf_adds(&sb, "12345678"), 0);
	assert_int_equal(strbuf_addc(&sb, '9'), ERR_TOO_BIG);
	assert_int_equal(sb.len, 8);
	assert_string_equal(strbuf_cstr(&sb), "12345678");
	strbuf_cleanup(&sb);
}

static void test_addf_long_and_take(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb, 0);
	assert_string_equal(strbuf_cstr(&sb), "");
	for (int i = 0; i < 100; i++)
		strbuf_addf(&sb, "%0300d", i);
	assert_int_equal(sb.len, 30000);
	size_t len;
	char *p = strbuf_take(&sb, &len);
	assert_int_equal(len, 30000);
	assert_int_equal(strlen(p), 30000);
	assert_null(sb.buf);
	free(p);
}

static void test_json_escape(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb, 0);
	const char in[] = "a\"b\\c\n\x01高";
	strbuf_add_json_escaped(&sb, in, sizeof in - 1);
	assert_string_equal(strbuf_cstr(&sb), "a\\\"b\\\\c\\n\\u0001高");
	strbuf_cleanup(&sb);
}

/* The escaping of one byte, byte by byte: the reference for the word-at-a-time scan. */
static void escape_ref(struct strbuf *sb, unsigned char c)
{
	if (c == '"')
		strbuf_adds(sb, "\\\"");
	else if (c == '\\')
		strbuf_adds(sb, "\\\\");
	else if (c == '\n')
		strbuf_adds(sb, "\\n");
	else if (c == '\r')
		strbuf_adds(sb, "\\r");
	else if (c == '\t')
		strbuf_adds(sb, "\\t");
	else if (c < 0x20)
		strbuf_addf(sb, "\\u%04x", c);
	else
		strbuf_addc(sb, (char)c);
}

/*
 * Every byte value at every position of strings of 1 to 24 bytes (the scan
 * reads eight at a time: the special byte lands in each lane, at each end
 * and in the tail), between plain ASCII, UTF-8 and boundary bytes.
 */
static void test_json_escape_every_position(void **state)
{
	(void)state;
	const unsigned char fill[] = {'a', 0x20, 0x21, 0x7f, 0x80, 0xe9, 0xff, '[', ']', 0x5d};
	for (size_t len = 1; len <= 24; len++)
		for (size_t pos = 0; pos < len; pos++)
			for (int c = 0; c < 256; c++) {
				unsigned char in[24];
				for (size_t i = 0; i < len; i++)
					in[i] = fill[(i + len) % sizeof fill];
				in[pos] = (unsigned char)c;
				struct strbuf got, want;
				strbuf_init(&got, 0);
				strbuf_init(&want, 0);
				assert_int_equal(
					strbuf_add_json_escaped(&got, (const char *)in, len), 0);
				for (size_t i = 0; i < len; i++)
					escape_ref(&want, in[i]);
				assert_int_equal(got.len, want.len);
				assert_memory_equal(strbuf_cstr(&got), strbuf_cstr(&want),
						    want.len);
				strbuf_cleanup(&got);
				strbuf_cleanup(&want);
			}
}

static void test_arena(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	char *s = arena_strdup(a, "曲靖");
	assert_string_equal(s, "曲靖");
	char *big = arena_alloc(a, 100000);
	big[99999] = 1;
	char *p = arena_printf(a, "%d-%s", 7, "x");
	assert_string_equal(p, "7-x");
	assert_string_equal(s, "曲靖");
	assert_true(arena_used(a) >= 100000);
	arena_reset(a);
	assert_int_equal(arena_used(a), 0);
	assert_string_equal(arena_strndup(a, "abc", 2), "ab");
	arena_free(a);
	arena_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cap_is_hard),
		cmocka_unit_test(test_addf_long_and_take),
		cmocka_unit_test(test_json_escape),
		cmocka_unit_test(test_json_escape_every_position),
		cmocka_unit_test(test_arena),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
